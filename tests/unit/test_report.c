/* Report helpers: the rounding that lets "by value, then id" orders ignore float noise. */
#include "test_util.h"

#include <math.h>

#include "ilonet/report.h"

static void sort_round_merges_noise_and_keeps_distinct_values(void **state)
{
    (void)state;
    /* 0.1 + 0.2 is 0.30000000000000004, one ulp (2^-54) above the double nearest 0.3; at 40
     * significant bits both round to the same value. */
    assert_true(0.1 + 0.2 != 0.3);
    assert_true(ilonet_report_sort_round(0.1 + 0.2) == ilonet_report_sort_round(0.3));
    /* Values with at most 40 significant bits come back unchanged. */
    assert_true(ilonet_report_sort_round(1.0) == 1.0);
    assert_true(ilonet_report_sort_round(-2.5) == -2.5);
    assert_true(ilonet_report_sort_round(1.0 + ldexp(1.0, -30)) == 1.0 + ldexp(1.0, -30));
    /* With 40 significant bits the next value above 1 is 1 + 2^-39; 1 + 2^-45 rounds to 1. */
    assert_true(ilonet_report_sort_round(1.0 + ldexp(1.0, -45)) == 1.0);
    /* NaN, infinities and zeros pass through. */
    assert_true(isnan(ilonet_report_sort_round(NAN)));
    assert_true(ilonet_report_sort_round(INFINITY) == INFINITY);
    assert_true(ilonet_report_sort_round(-INFINITY) == -INFINITY);
    assert_true(ilonet_report_sort_round(0.0) == 0.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sort_round_merges_noise_and_keeps_distinct_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
