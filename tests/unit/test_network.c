/* Edge-row storage: folding equal rows into one record (through the fold table, and beside it
 * with ilonet_network_append_rows), the table's rebuild, and pre-sized arrays and table. Every
 * expected count follows from the rows added, stated in each test. */
#include "test_util.h"

#include "ilonet/network.h"

/* A network with n nodes "n0".."n{n-1}" and fold_rows as given. */
static void make_network(ilonet_network_t *net, size_t n, int fold)
{
    ilonet_error_t err;
    assert_int_equal(ilonet_network_init(net, &err), ILONET_OK);
    net->fold_rows = fold;
    for (size_t i = 0; i < n; i++) {
        char id[32];
        int len = snprintf(id, sizeof id, "n%zu", i);
        size_t index;
        assert_int_equal(ilonet_network_add_node(net, id, (size_t)len, &index, NULL, &err),
                         ILONET_OK);
        assert_int_equal(index, i);
    }
}

/* 300 nodes; row (i, i+1 mod 300) in years 2000..2004 is 1500 distinct rows, each added three
 * times (weights 1, 2, 4): 1500 records of 3 rows, weight 7, 1/weight 1.75. Enough records for
 * the table to grow several times, and probes that pass other records' slots. */
static void fold_many_rows(void **state)
{
    (void)state;
    ilonet_network_t net;
    ilonet_error_t err;
    make_network(&net, 300, 1);
    for (int round = 0; round < 3; round++) {
        double w = round == 0 ? 1.0 : round == 1 ? 2.0 : 4.0;
        for (size_t i = 0; i < 300; i++) {
            for (int y = 2000; y < 2005; y++) {
                size_t line = 2 + (size_t)round * 1500 + i * 5 + (size_t)(y - 2000);
                assert_int_equal(ilonet_network_add_row(&net, i, (i + 1) % 300, w, ILONET_NONE, y,
                                                        line, NULL, &err),
                                 ILONET_OK);
            }
        }
    }
    assert_int_equal(net.n_rows, 1500);
    assert_int_equal(net.rows_added, 4500);
    assert_int_equal(net.folded[0], 3000);
    assert_int_equal(net.folded[1], 0);
    for (size_t r = 0; r < net.n_rows; r++) {
        assert_int_equal(ilonet_network_row_count(&net, r), 3);
        assert_true(net.row_weight[r] == 7.0);
        assert_true(ilonet_network_row_inverse(&net, r) == 1.75);
        /* records in first-seen order */
        assert_int_equal(net.row_src[r], r / 5);
        assert_int_equal(net.row_year[r], 2000 + (int)(r % 5));
        assert_int_equal(net.row_line[r], 2 + r);
    }
    /* the first folded rows are the second round's first ones, into records 0, 1, ... */
    for (size_t k = 0; k < ILONET_FOLDED_KEPT; k++) {
        assert_int_equal(net.folded_line[0][k], 1502 + k);
        assert_int_equal(net.folded_into[0][k], k);
    }
    ilonet_network_destroy(&net);
}

/* Rows equal but for one folded field stay apart: type, year, a carried value, direction. */
static void fold_keeps_different_rows_apart(void **state)
{
    (void)state;
    ilonet_network_t net;
    ilonet_error_t err;
    make_network(&net, 3, 1);
    net.edge_cols = calloc(1, sizeof *net.edge_cols);
    assert_non_null(net.edge_cols);
    net.edge_cols[0] = malloc(5);
    assert_non_null(net.edge_cols[0]);
    memcpy(net.edge_cols[0], "note", 5);
    net.n_edge_cols = 1;
    size_t x = 7, y = 8;
    assert_int_equal(ilonet_network_add_row(&net, 0, 1, 1.0, 3, 2020, 2, &x, &err), ILONET_OK);
    assert_int_equal(ilonet_network_add_row(&net, 0, 1, 1.0, 4, 2020, 3, &x, &err), ILONET_OK);
    assert_int_equal(ilonet_network_add_row(&net, 0, 1, 1.0, 3, 2021, 4, &x, &err), ILONET_OK);
    assert_int_equal(ilonet_network_add_row(&net, 0, 1, 1.0, 3, 2020, 5, &y, &err), ILONET_OK);
    assert_int_equal(ilonet_network_add_row(&net, 1, 0, 1.0, 3, 2020, 6, &x, &err), ILONET_OK);
    assert_int_equal(ilonet_network_add_row(&net, 0, 1, 1.0, 3, 2020, 7, NULL, &err), ILONET_OK);
    assert_int_equal(net.n_rows, 6);
    assert_int_equal(ilonet_network_add_row(&net, 0, 1, 2.0, 3, 2020, 8, &x, &err), ILONET_OK);
    assert_int_equal(net.n_rows, 6);
    assert_int_equal(ilonet_network_row_count(&net, 0), 2);
    assert_true(net.row_weight[0] == 3.0);
    assert_int_equal(net.folded_line[0][0], 8);
    ilonet_network_destroy(&net);
}

/* append_rows: no table lookup; folds only into near; a later add_rows rebuilds the table from
 * every record, the appended ones included. */
static void append_beside_the_table(void **state)
{
    (void)state;
    ilonet_network_t net;
    ilonet_error_t err;
    make_network(&net, 4, 1);
    assert_int_equal(ilonet_network_add_row(&net, 0, 1, 1.0, ILONET_NONE, 2020, 2, NULL, &err),
                     ILONET_OK);
    assert_non_null(net.fold_slot);
    assert_int_equal(ilonet_network_append_rows(&net, 1, 2, 2.0, 0.5, 1, ILONET_NONE, 2020, 3, NULL,
                                                ILONET_NONE, &err),
                     ILONET_OK);
    assert_null(net.fold_slot);
    /* equal to record 1, named as near: folded (weights 2 + 4, inverses 0.5 + 0.25, 1 + 2 rows) */
    assert_int_equal(
        ilonet_network_append_rows(&net, 1, 2, 4.0, 0.25, 2, ILONET_NONE, 2020, 4, NULL, 1, &err),
        ILONET_OK);
    assert_int_equal(net.n_rows, 2);
    assert_true(net.row_weight[1] == 6.0);
    assert_true(ilonet_network_row_inverse(&net, 1) == 0.75);
    assert_int_equal(ilonet_network_row_count(&net, 1), 3);
    assert_int_equal(net.folded[0], 1);
    assert_int_equal(net.folded_line[0][0], 4);
    /* near is not equal (another year): appended */
    assert_int_equal(
        ilonet_network_append_rows(&net, 1, 2, 1.0, 1.0, 1, ILONET_NONE, 2021, 5, NULL, 1, &err),
        ILONET_OK);
    assert_int_equal(net.n_rows, 3);
    /* through the table again: rebuilt, it finds the appended records */
    assert_int_equal(ilonet_network_add_row(&net, 1, 2, 1.0, ILONET_NONE, 2021, 6, NULL, &err),
                     ILONET_OK);
    assert_int_equal(ilonet_network_add_row(&net, 1, 2, 1.0, ILONET_NONE, 2020, 7, NULL, &err),
                     ILONET_OK);
    assert_int_equal(net.n_rows, 3);
    assert_int_equal(ilonet_network_row_count(&net, 1), 4);
    assert_int_equal(ilonet_network_row_count(&net, 2), 2);
    assert_int_equal(net.rows_added, 7);
    /* the same checks as add_rows */
    assert_int_equal(ilonet_network_append_rows(&net, 1, 9, 1.0, 1.0, 1, ILONET_NONE, 2020, 8, NULL,
                                                ILONET_NONE, &err),
                     ILONET_EUSAGE);
    assert_int_equal(ilonet_network_append_rows(&net, 1, 3, 1.0, 1.0, 0, ILONET_NONE, 2020, 8, NULL,
                                                ILONET_NONE, &err),
                     ILONET_EUSAGE);
    assert_int_equal(net.n_rows, 3);
    ilonet_network_destroy(&net);
}

/* Without fold_rows every row is a record, near is ignored, and records of more rows are
 * refused. reserve_rows sizes the arrays once, an eighth above the estimate. */
static void append_unfolded_and_reserve(void **state)
{
    (void)state;
    ilonet_network_t net;
    ilonet_error_t err;
    make_network(&net, 3, 0);
    assert_int_equal(ilonet_network_reserve_rows(&net, 5000, &err), ILONET_OK);
    assert_int_equal(net.rows_cap, 5625);
    size_t *src = net.row_src;
    for (size_t i = 0; i < 5625; i++) {
        assert_int_equal(ilonet_network_append_rows(&net, 0, 1, 2.0, 0.5, 1, ILONET_NONE,
                                                    ILONET_NO_YEAR, 0, NULL, 0, &err),
                         ILONET_OK);
    }
    assert_ptr_equal(net.row_src, src); /* never moved */
    assert_int_equal(net.n_rows, 5625);
    assert_null(net.row_count);
    assert_true(ilonet_network_row_inverse(&net, 5624) == 0.5);
    assert_int_equal(ilonet_network_append_rows(&net, 0, 1, 2.0, 0.5, 2, ILONET_NONE,
                                                ILONET_NO_YEAR, 0, NULL, ILONET_NONE, &err),
                     ILONET_EUSAGE);
    /* reserving less than there is changes nothing; past it, the arrays grow as asked */
    assert_int_equal(ilonet_network_reserve_rows(&net, 10, &err), ILONET_OK);
    assert_int_equal(net.rows_cap, 5625);
    assert_int_equal(
        ilonet_network_add_row(&net, 1, 2, 1.0, ILONET_NONE, ILONET_NO_YEAR, 9, NULL, &err),
        ILONET_OK);
    assert_int_equal(net.rows_cap, 11250);
    assert_int_equal(net.n_rows, 5626);
    ilonet_network_destroy(&net);
}

/* With fold_rows, reserve_rows sizes the fold table too (load factor 1/2: 3000 records need
 * 6000 slots, so 8192), and the table is then never rebuilt for those records; prefetching a
 * row changes nothing. 3000 rows (i, i+1) of 3001 nodes, then the first 100 again. */
static void reserve_sizes_fold_table(void **state)
{
    (void)state;
    ilonet_network_t net;
    ilonet_error_t err;
    make_network(&net, 3001, 1);
    assert_int_equal(ilonet_network_reserve_rows(&net, 3000, &err), ILONET_OK);
    assert_non_null(net.fold_slot);
    assert_int_equal(net.fold_mask + 1, 8192);
    const uint64_t *table = net.fold_slot;
    for (size_t k = 0; k < 3100; k++) {
        size_t i = k % 3000;
        ilonet_network_prefetch_row(&net, i, i + 1, ILONET_NONE, ILONET_NO_YEAR, NULL);
        assert_int_equal(ilonet_network_add_row(&net, i, i + 1, 1.0, ILONET_NONE, ILONET_NO_YEAR,
                                                k + 2, NULL, &err),
                         ILONET_OK);
    }
    assert_ptr_equal(net.fold_slot, table);
    assert_int_equal(net.n_rows, 3000);
    assert_int_equal(net.rows_cap, 3375); /* the arrays' eighth of room; the table is as sized */
    assert_int_equal(net.folded[0], 100);
    assert_int_equal(ilonet_network_row_count(&net, 99), 2);
    assert_int_equal(ilonet_network_row_count(&net, 100), 1);
    ilonet_network_destroy(&net);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fold_many_rows),
        cmocka_unit_test(fold_keeps_different_rows_apart),
        cmocka_unit_test(append_beside_the_table),
        cmocka_unit_test(append_unfolded_and_reserve),
        cmocka_unit_test(reserve_sizes_fold_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
