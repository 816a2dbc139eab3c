/* PDF canonicalisation: halfway text coordinates print one way, everything else is untouched. */
#include "test_util.h"

#include "ilonet/pdf_normalize.h"

static char *canon(const char *s)
{
    size_t n = 0;
    char *out = ilonet_pdf_canonical_numbers(s, strlen(s), &n);
    assert_non_null(out);
    char *z = malloc(n + 1);
    memcpy(z, out, n);
    z[n] = '\0';
    free(out);
    return z;
}

static void halfway_values_print_the_same_either_way(void **state)
{
    (void)state;
    /* 424.1328125 = 424 + 136/1024 lies halfway between the two 6-decimal prints */
    char *a = canon("9.999756 0 0 -9.999756 206.242188 424.132812 Tm");
    char *b = canon("9.999756 0 0 -9.999756 206.242188 424.132813 Tm");
    assert_string_equal(a, b);
    free(a);
    free(b);
}

static void other_numbers_and_strings_are_untouched(void **state)
{
    (void)state;
    const char *in = "q 1 0 0 1 12.5 -3 cm 0.123457 w (424.132813) Tj <0012> Tj [<00AB> -3] TJ Q";
    char *out = canon(in);
    assert_string_equal(out, in);
    free(out);
}

static void not_a_pdf_is_returned_unchanged(void **state)
{
    (void)state;
    ilonet_error_t err;
    char *out = NULL;
    size_t n = 0;
    const char *in = "%PDF-1.5\nnot really a pdf\n";
    assert_int_equal(ilonet_pdf_normalize(in, strlen(in), &out, &n, &err), ILONET_OK);
    assert_int_equal(n, strlen(in));
    assert_memory_equal(out, in, n);
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(halfway_values_print_the_same_either_way),
        cmocka_unit_test(other_numbers_and_strings_are_untouched),
        cmocka_unit_test(not_a_pdf_is_returned_unchanged),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
