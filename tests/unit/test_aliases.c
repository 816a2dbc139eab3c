/* Unit tests of the aliases module: reading alias,id tables (conflicts and chains refused with
 * their lines), applying and counting them, sorting, the id folding and the groups of ids that
 * differ only in case, accents or spacing, with the warning line built from them. */

/* Defined here too (test_util.h defines it identically) because cmocka needs <setjmp.h> and
 * <stdint.h> before test_util.h pulls in <cmocka.h>, and the feature macro must come first. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdint.h>

#include "test_util.h"

#include "ilonet/aliases.h"

/* The path of the last temp file loaded, for checking err.file. */
static char last_path[512];

/* Loads text as an aliases file into a (destroyed again by the caller, or by the loader on
 * failure). */
static ilonet_status_t load(ilonet_aliases_t *a, const char *text, ilonet_error_t *err)
{
    ilonet_csv_options_t csv = {0};
    const char *path = temp_csv(3, text);
    snprintf(last_path, sizeof last_path, "%s", path);
    ilonet_error_clear(err);
    ilonet_status_t st = ilonet_aliases_load(a, path, &csv, err);
    assert_int_equal(unlink(path), 0);
    return st;
}

/* Asserts that loading text fails with ILONET_EDATA on line with want in the message, and that
 * the failed load left nothing to free. */
static void expect_load_error(const char *text, size_t line, const char *want)
{
    ilonet_aliases_t a;
    ilonet_error_t err;
    assert_int_equal(load(&a, text, &err), ILONET_EDATA);
    assert_int_equal(err.line, line);
    assert_string_equal(err.file, last_path);
    if (strstr(err.message, want) == NULL) {
        fail_msg("message \"%s\" lacks \"%s\"", err.message, want);
    }
    assert_int_equal(ilonet_aliases_count(&a), 0);
    assert_null(a.target);
}

static void test_load_maps_aliases_to_ids(void **state)
{
    (void)state;
    ilonet_aliases_t a;
    ilonet_error_t err;
    assert_int_equal(load(&a,
                          "alias,id\nOIT,ILO\nInternational Labour Organization,ILO\n\n"
                          " UNW , UN Women \n",
                          &err),
                     ILONET_OK);
    assert_int_equal(ilonet_aliases_count(&a), 3);
    size_t i = ilonet_aliases_find(&a, "OIT", 3);
    assert_int_not_equal(i, ILONET_NONE);
    assert_string_equal(ilonet_aliases_target(&a, i), "ILO");
    assert_int_equal(a.line[i], 2);
    i = ilonet_aliases_find(&a, "UNW", 3);
    assert_string_equal(ilonet_aliases_alias(&a, i), "UNW");
    assert_string_equal(ilonet_aliases_target(&a, i), "UN Women");
    assert_int_equal(a.line[i], 5); /* the blank line 4 still counts */
    /* ids are not aliases of themselves, and lookups are exact (case matters) */
    assert_int_equal(ilonet_aliases_find(&a, "ILO", 3), ILONET_NONE);
    assert_int_equal(ilonet_aliases_find(&a, "oit", 3), ILONET_NONE);
    ilonet_aliases_destroy(&a);
}

static void test_load_columns_any_order_case_and_extra(void **state)
{
    (void)state;
    ilonet_aliases_t a;
    ilonet_error_t err;
    assert_int_equal(load(&a, "ID;note;Alias\nILO;French;OIT\nILO;Spanish;OIT\n", &err), ILONET_OK);
    /* the same row twice is one alias */
    assert_int_equal(ilonet_aliases_count(&a), 1);
    assert_string_equal(ilonet_aliases_target(&a, 0), "ILO");
    assert_int_equal(a.line[0], 2);
    ilonet_aliases_destroy(&a);
}

static void test_identity_row_ignored(void **state)
{
    (void)state;
    ilonet_aliases_t a;
    ilonet_error_t err;
    /* "ILO,ILO" changes nothing and must not make ILO an alias (which would look like a chain) */
    assert_int_equal(load(&a, "alias,id\nILO,ILO\nOIT,ILO\n", &err), ILONET_OK);
    assert_int_equal(ilonet_aliases_count(&a), 1);
    assert_int_equal(ilonet_aliases_find(&a, "ILO", 3), ILONET_NONE);
    ilonet_aliases_destroy(&a);
}

static void test_alias_with_two_ids_refused(void **state)
{
    (void)state;
    expect_load_error("alias,id\nOIT,ILO\nWHO,World Health Organization\nOIT,UN\n", 4,
                      "alias \"OIT\" maps to \"UN\" here but to \"ILO\" at line 2");
}

static void test_chain_refused_at_the_row_that_points_to_an_alias(void **state)
{
    (void)state;
    /* A -> B on line 2, B -> C on line 3 */
    expect_load_error("alias,id\nA,B\nB,C\n", 2,
                      "alias \"A\" maps to \"B\", which is itself an alias (of \"C\", line 3)");
    /* the same rows the other way round: still the A -> B row, now line 3 */
    expect_load_error("alias,id\nB,C\nA,B\n", 3, "(of \"C\", line 2)");
}

static void test_cycle_refused(void **state)
{
    (void)state;
    expect_load_error("alias,id\nx,y\nA,B\nB,A\n", 3, "chains are not followed");
}

static void test_file_errors(void **state)
{
    (void)state;
    expect_load_error("alias,target\nOIT,ILO\n", 1, "columns alias and id");
    expect_load_error("alias,id,alias\nOIT,ILO,x\n", 1, "appears twice");
    expect_load_error("alias,id\nOIT,ILO\n,ILO\n", 3, "empty alias");
    expect_load_error("alias,id\nOIT,\" \"\n", 2, "empty id");
    expect_load_error("alias,id\nOIT,ILO,x\n", 2, "3 fields but the header has 2");
    expect_load_error("alias,id\nOIT,\"ILO\n", 2, "unterminated");
    ilonet_aliases_t a;
    ilonet_error_t err;
    assert_int_equal(load(&a, "", &err), ILONET_EDATA);
    assert_non_null(strstr(err.message, "empty"));
    assert_int_equal(load(&a, "alias,id\n", &err), ILONET_OK); /* no rows: a table of none */
    assert_int_equal(ilonet_aliases_count(&a), 0);
    ilonet_aliases_destroy(&a);
    assert_int_equal(
        ilonet_aliases_load(&a, "/nonexistent-ilonet-dir/a.csv", &(ilonet_csv_options_t){0}, &err),
        ILONET_EIO);
}

static void test_apply_replaces_and_counts(void **state)
{
    (void)state;
    ilonet_aliases_t a;
    ilonet_error_t err;
    assert_int_equal(ilonet_aliases_init(&a, &err), ILONET_OK);
    assert_int_equal(ilonet_aliases_add(&a, "OIT", 3, "ILO", 3, NULL, 0, &err), ILONET_OK);
    const char *id = "OIT, and more";
    size_t len = 3; /* the id need not be NUL-terminated at its length */
    assert_int_equal(ilonet_aliases_apply(&a, &id, &len), 1);
    assert_int_equal(len, 3);
    assert_memory_equal(id, "ILO", 3);
    id = "ILO";
    assert_int_equal(ilonet_aliases_apply(&a, &id, &len), 0);
    id = "OIT";
    assert_int_equal(ilonet_aliases_apply(&a, &id, &len), 1);
    assert_int_equal(a.uses[0], 2);
    assert_int_equal(ilonet_aliases_apply(NULL, &id, &len), 0);
    ilonet_aliases_destroy(&a);
    ilonet_aliases_destroy(&a); /* safe on a destroyed (zeroed) table */
}

static void test_sorted_by_bytes(void **state)
{
    (void)state;
    ilonet_aliases_t a;
    ilonet_error_t err;
    assert_int_equal(load(&a, "alias,id\nilo,ILO\nOIT,ILO\nUN  Women,UN Women\nA,ILO\n", &err),
                     ILONET_OK);
    size_t *order = NULL;
    assert_int_equal(ilonet_aliases_sorted(&a, &order, &err), ILONET_OK);
    /* byte order: upper case before lower case */
    const char *want[] = {"A", "OIT", "UN  Women", "ilo"};
    int ok = 1;
    for (size_t k = 0; k < 4; k++) {
        ok = ok && strcmp(ilonet_aliases_alias(&a, order[k]), want[k]) == 0;
    }
    free(order);
    ilonet_aliases_destroy(&a);
    assert_true(ok);
}

/* ---- folding and groups of similar ids ------------------------------------------------------- */

static void expect_fold(const char *in, const char *want)
{
    char out[128];
    size_t n = ilonet_id_fold(in, strlen(in), out);
    assert_string_equal(out, want);
    assert_int_equal(n, strlen(want));
    assert_true(n <= strlen(in));
}

static void test_fold(void **state)
{
    (void)state;
    expect_fold("ILO", "ilo");
    expect_fold("UN  Women", "un women");
    expect_fold("UN\tWomen ", "un women");
    expect_fold("UN\xC2\xA0Women", "un women"); /* U+00A0 no-break space */
    expect_fold("Organizaci\xC3\xB3n", "organizacion");
    /* decomposed: o followed by U+0301 combining acute (CC 81), as macOS writes file names */
    expect_fold("Organizacio\xCC\x81n", "organizacion");
    expect_fold("Soci\xC3\x89T\xC3\x89", "societe"); /* É upper case */
    expect_fold("\xC3\x86sir \xC3\x9F", "aesir ss"); /* Æ, ß */
    expect_fold("\xC5\x92uvre", "oeuvre");           /* Œ */
    expect_fold("2\xC3\x97"
                "3",
                "2\xC3\x97"
                "3");                            /* × is not a letter: kept */
    expect_fold("\xCE\xA9mega", "\xCE\xA9mega"); /* Greek is copied, not folded */
    expect_fold("", "");
}

static void add(ilonet_network_t *net, const char *id)
{
    size_t i;
    ilonet_error_t err;
    assert_int_equal(ilonet_network_add_node(net, id, strlen(id), &i, NULL, &err), ILONET_OK);
}

static int setup_net(void **state)
{
    ilonet_network_t *net = malloc(sizeof *net);
    ilonet_error_t err;
    if (net == NULL || ilonet_network_init(net, &err) != ILONET_OK) {
        free(net);
        return -1;
    }
    *state = net;
    return 0;
}

static int teardown_net(void **state)
{
    ilonet_network_destroy(*state);
    free(*state);
    return 0;
}

static void test_groups_and_warning_line(void **state)
{
    ilonet_network_t *net = *state;
    ilonet_error_t err;
    const char *ids[] = {"ILO", "WHO", "UN Women", "ilo", "UN  Women", "Ilo", "UNDP"};
    for (size_t i = 0; i < 7; i++) {
        add(net, ids[i]);
    }
    ilonet_id_groups_t g;
    assert_int_equal(ilonet_id_groups_find(&g, net, &err), ILONET_OK);
    char line[512];
    ilonet_id_groups_format(&g, net, line, sizeof line);
    size_t n_groups = g.n_groups;
    size_t members[5] = {0};
    size_t n_members = g.start[g.n_groups];
    for (size_t m = 0; m < n_members && m < 5; m++) {
        members[m] = g.member[m];
    }
    ilonet_id_groups_destroy(&g);
    assert_int_equal(n_groups, 2);
    assert_int_equal(n_members, 5);
    /* groups in order of their first id, members in node order */
    assert_int_equal(members[0], 0);
    assert_int_equal(members[1], 3);
    assert_int_equal(members[2], 5);
    assert_int_equal(members[3], 2);
    assert_int_equal(members[4], 4);
    assert_string_equal(line, "2 groups of ids differ only in case, accents or spacing: "
                              "'ILO' ~ 'ilo' ~ 'Ilo'; 'UN Women' ~ 'UN  Women' (use --aliases "
                              "to merge them)");
}

static void test_one_group_and_none(void **state)
{
    ilonet_network_t *net = *state;
    ilonet_error_t err;
    add(net, "Soci\xC3\xA9t\xC3\xA9 G\xC3\xA9n\xC3\xA9rale");
    add(net, "WHO");
    ilonet_id_groups_t g;
    char line[256];
    assert_int_equal(ilonet_id_groups_find(&g, net, &err), ILONET_OK);
    ilonet_id_groups_format(&g, net, line, sizeof line);
    assert_int_equal(g.n_groups, 0);
    ilonet_id_groups_destroy(&g);
    assert_string_equal(line, "");
    add(net, "Societe Generale");
    assert_int_equal(ilonet_id_groups_find(&g, net, &err), ILONET_OK);
    ilonet_id_groups_format(&g, net, line, sizeof line);
    ilonet_id_groups_destroy(&g);
    assert_string_equal(line, "1 group of ids differs only in case, accents or spacing: "
                              "'Soci\xC3\xA9t\xC3\xA9 G\xC3\xA9n\xC3\xA9rale' ~ "
                              "'Societe Generale' (use --aliases to merge them)");
}

static void test_warning_line_shortened_when_long(void **state)
{
    ilonet_network_t *net = *state;
    ilonet_error_t err;
    /* 100 pairs "idN" / "IDN": the line cannot hold them all */
    char id[16];
    for (int i = 0; i < 100; i++) {
        snprintf(id, sizeof id, "id%d", i);
        add(net, id);
        snprintf(id, sizeof id, "ID%d", i);
        add(net, id);
    }
    ilonet_id_groups_t g;
    assert_int_equal(ilonet_id_groups_find(&g, net, &err), ILONET_OK);
    char line[200];
    ilonet_id_groups_format(&g, net, line, sizeof line);
    ilonet_id_groups_destroy(&g);
    assert_true(strlen(line) < sizeof line);
    static const char head[] =
        "100 groups of ids differ only in case, accents or spacing: 'id0' ~ 'ID0'; ";
    assert_memory_equal(line, head, sizeof head - 1);
    assert_non_null(strstr(line, " more groups (use --aliases to merge them)"));
    /* whole groups only: the last one listed is complete */
    assert_null(strstr(line, "~ 'I; "));
    /* with room for everything, ten groups are listed and the other 90 counted */
    char wide[2048];
    assert_int_equal(ilonet_id_groups_find(&g, net, &err), ILONET_OK);
    ilonet_id_groups_format(&g, net, wide, sizeof wide);
    ilonet_id_groups_destroy(&g);
    assert_non_null(
        strstr(wide, "'id9' ~ 'ID9'; and 90 more groups (use --aliases to merge them)"));
    assert_null(strstr(wide, "id10"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_load_maps_aliases_to_ids),
        cmocka_unit_test(test_load_columns_any_order_case_and_extra),
        cmocka_unit_test(test_identity_row_ignored),
        cmocka_unit_test(test_alias_with_two_ids_refused),
        cmocka_unit_test(test_chain_refused_at_the_row_that_points_to_an_alias),
        cmocka_unit_test(test_cycle_refused),
        cmocka_unit_test(test_file_errors),
        cmocka_unit_test(test_apply_replaces_and_counts),
        cmocka_unit_test(test_sorted_by_bytes),
        cmocka_unit_test(test_fold),
        cmocka_unit_test_setup_teardown(test_groups_and_warning_line, setup_net, teardown_net),
        cmocka_unit_test_setup_teardown(test_one_group_and_none, setup_net, teardown_net),
        cmocka_unit_test_setup_teardown(test_warning_line_shortened_when_long, setup_net,
                                        teardown_net),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
