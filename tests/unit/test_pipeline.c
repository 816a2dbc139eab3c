/* The size rules that switch the path measures and summary.json's path figures to estimates. */
#include "test_util.h"

#include "ilonet/pipeline.h"

static void path_measures_size_rule(void **state)
{
    (void)state;
    /* at or below nodes x ties = 1e9: exact */
    assert_int_equal(ilonet_auto_path_samples(10000, 100000), 0);
    assert_int_equal(ilonet_auto_path_samples(5000, 20000), 0);
    assert_int_equal(ilonet_auto_path_samples(0, 0), 0);
    /* above: 1e9 / ties sources, so the cost stays near the budget */
    assert_int_equal(ilonet_auto_path_samples(20000, 100000), 10000);
    assert_int_equal(ilonet_auto_path_samples(16489, 484450), 2065); /* ceil(2064.2) */
    /* at least 100 sources, however many ties */
    assert_int_equal(ilonet_auto_path_samples(164453, 5282353), 190);
    assert_int_equal(ilonet_auto_path_samples(1000000, 50000000), 100);
    /* never as many sources as nodes: that would be the exact computation */
    assert_int_equal(ilonet_auto_path_samples(10001, 100000), 10000);
    assert_int_equal(ilonet_auto_path_samples(10000, 100001), 0); /* ceil(9999.9) = every node */
}

static void structure_size_rule(void **state)
{
    (void)state;
    assert_int_equal(ilonet_structure_path_sources(10000, 10000, 0), 0); /* 1e8: exact */
    assert_int_equal(ilonet_structure_path_sources(10000, 10001, 0), 500);
    assert_int_equal(ilonet_structure_path_sources(10000, 10001, 1), 0); /* --exact */
    assert_int_equal(ilonet_structure_path_sources(500, 1000000, 0), 0); /* 500 nodes: all */
    assert_int_equal(ilonet_structure_path_sources(501, 1000000, 0), 500);
    /* 5.3M ties: the path measures take 190 sources, and so do the path figures */
    assert_int_equal(ilonet_structure_path_sources(164453, 5282353, 0), 190);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(path_measures_size_rule),
        cmocka_unit_test(structure_size_rule),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
