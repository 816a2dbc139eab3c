/* Unit tests of the string interning table: dense indexes in order of first insertion, exact
 * matching of bytes and lengths, growth, reserve and the prefetch hints. */
#include "test_util.h"

#include <stdint.h>

#include "ilonet/strtab.h"

static void intern_gives_dense_indexes_in_first_seen_order(void **state)
{
    (void)state;
    ilonet_strtab_t t;
    ilonet_error_t err;
    size_t i;
    int added;
    assert_int_equal(ilonet_strtab_init(&t, 0, &err), ILONET_OK);
    assert_int_equal(ilonet_strtab_intern(&t, "org1", 4, &i, &added, &err), ILONET_OK);
    assert_int_equal(i, 0);
    assert_int_equal(added, 1);
    assert_int_equal(ilonet_strtab_intern(&t, "prj1", 4, &i, &added, &err), ILONET_OK);
    assert_int_equal(i, 1);
    assert_int_equal(added, 1);
    assert_int_equal(ilonet_strtab_intern(&t, "org1", 4, &i, &added, &err), ILONET_OK);
    assert_int_equal(i, 0);
    assert_int_equal(added, 0);
    assert_int_equal(t.count, 2);
    assert_string_equal(ilonet_strtab_get(&t, 0), "org1");
    assert_string_equal(ilonet_strtab_get(&t, 1), "prj1");
    assert_int_equal(t.lengths[1], 4);
    assert_int_equal(ilonet_strtab_find(&t, "prj1", 4), 1);
    assert_int_equal(ilonet_strtab_find(&t, "prj2", 4), ILONET_STRTAB_NONE);
    ilonet_strtab_destroy(&t);
}

/* Strings are their bytes and length: a prefix, the empty string and a string with a NUL inside
 * are all different strings; the input need not be NUL-terminated. */
static void lengths_and_bytes_must_both_match(void **state)
{
    (void)state;
    ilonet_strtab_t t;
    ilonet_error_t err;
    size_t i;
    assert_int_equal(ilonet_strtab_init(&t, 4, &err), ILONET_OK);
    assert_int_equal(ilonet_strtab_intern(&t, "abc", 3, &i, NULL, &err), ILONET_OK);
    assert_int_equal(ilonet_strtab_intern(&t, "abcdef", 2, &i, NULL, &err), ILONET_OK);
    assert_int_equal(i, 1); /* "ab" */
    assert_int_equal(ilonet_strtab_intern(&t, "", 0, &i, NULL, &err), ILONET_OK);
    assert_int_equal(i, 2);
    assert_int_equal(ilonet_strtab_intern(&t, "a\0c", 3, &i, NULL, &err), ILONET_OK);
    assert_int_equal(i, 3);
    assert_int_equal(ilonet_strtab_find(&t, "ab", 2), 1);
    assert_int_equal(ilonet_strtab_find(&t, "", 0), 2);
    assert_int_equal(ilonet_strtab_find(&t, "a\0c", 3), 3);
    assert_int_equal(ilonet_strtab_find(&t, "a", 1), ILONET_STRTAB_NONE);
    assert_int_equal(t.lengths[3], 3);
    assert_memory_equal(ilonet_strtab_get(&t, 3), "a\0c", 4);
    assert_string_equal(ilonet_strtab_get(&t, 2), "");
    ilonet_strtab_destroy(&t);
}

/* 200,000 ids of the org000123 kind (which differ in a few low bits of a few bytes), growing
 * from the smallest table and, on a second table, from a reserve: every id keeps its index,
 * and a long string (over the 8-byte words the hash reads, and over a one-byte length) too. */
static void many_similar_ids_survive_growth(void **state)
{
    (void)state;
    ilonet_error_t err;
    char id[32];
    char longer[300];
    memset(longer, 'x', sizeof longer);
    for (int reserved = 0; reserved < 2; reserved++) {
        ilonet_strtab_t t;
        memset(&t, 0, sizeof t); /* a zeroed table works too */
        if (reserved) {
            assert_int_equal(ilonet_strtab_reserve(&t, 1000, 9000, &err), ILONET_OK);
        }
        const size_t n = 200000;
        for (size_t k = 0; k < n; k++) {
            size_t i;
            int added;
            int len = snprintf(id, sizeof id, "%s%06zu", k % 2 ? "prj" : "org", k / 2);
            assert_int_equal(ilonet_strtab_intern(&t, id, (size_t)len, &i, &added, &err),
                             ILONET_OK);
            assert_int_equal(i, k);
            assert_int_equal(added, 1);
            if (k == 1000) {
                assert_int_equal(ilonet_strtab_intern(&t, longer, sizeof longer, &i, &added, &err),
                                 ILONET_OK);
                assert_int_equal(i, k + 1);
                k++; /* the long string took this index */
            }
        }
        assert_int_equal(t.count, n);
        assert_true(t.nslots >= 2 * t.count);
        for (size_t k = 0; k < n; k++) {
            if (k == 1001) {
                assert_int_equal(ilonet_strtab_find(&t, longer, sizeof longer), k);
                continue;
            }
            int len = snprintf(id, sizeof id, "%s%06zu", k % 2 ? "prj" : "org", k / 2);
            uint64_t h = ilonet_strtab_hash(id, (size_t)len);
            ilonet_strtab_prefetch(&t, h, 0);
            ilonet_strtab_prefetch(&t, h, 1);
            assert_int_equal(ilonet_strtab_find(&t, id, (size_t)len), k);
            assert_string_equal(ilonet_strtab_get(&t, k), id);
        }
        assert_int_equal(ilonet_strtab_find(&t, "org999999", 9), ILONET_STRTAB_NONE);
        ilonet_strtab_destroy(&t);
    }
}

/* Reserve after strings are in keeps them all, under the same indexes. */
static void reserve_keeps_what_is_there(void **state)
{
    (void)state;
    ilonet_strtab_t t;
    ilonet_error_t err;
    size_t i;
    assert_int_equal(ilonet_strtab_init(&t, 0, &err), ILONET_OK);
    assert_int_equal(ilonet_strtab_intern(&t, "ILO", 3, &i, NULL, &err), ILONET_OK);
    assert_int_equal(ilonet_strtab_intern(&t, "UNCTAD", 6, &i, NULL, &err), ILONET_OK);
    assert_int_equal(ilonet_strtab_reserve(&t, 100000, 1000000, &err), ILONET_OK);
    assert_true(t.nslots >= 200000);
    assert_int_equal(ilonet_strtab_find(&t, "ILO", 3), 0);
    assert_int_equal(ilonet_strtab_find(&t, "UNCTAD", 6), 1);
    assert_int_equal(ilonet_strtab_intern(&t, "WHO", 3, &i, NULL, &err), ILONET_OK);
    assert_int_equal(i, 2);
    assert_string_equal(ilonet_strtab_get(&t, 1), "UNCTAD");
    ilonet_strtab_destroy(&t);
    /* destroy leaves a zeroed table: find on it finds nothing, destroy again is safe */
    assert_int_equal(ilonet_strtab_find(&t, "ILO", 3), ILONET_STRTAB_NONE);
    ilonet_strtab_destroy(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(intern_gives_dense_indexes_in_first_seen_order),
        cmocka_unit_test(lengths_and_bytes_must_both_match),
        cmocka_unit_test(many_similar_ids_survive_growth),
        cmocka_unit_test(reserve_keeps_what_is_there),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
