/* Graph building: merging duplicate rows, dropping self-loops, isolates, weight meaning. */
#include "net_fixture.h"

static double tie_strength(const fixture_t *f, const char *a, const char *b)
{
    igraph_integer_t eid;
    igraph_error_t rc = igraph_get_eid(&f->graph.g, &eid, (igraph_integer_t)node(f, a),
                                       (igraph_integer_t)node(f, b), f->graph.directed, 0);
    if (rc != IGRAPH_SUCCESS || eid < 0) {
        return -1;
    }
    return VECTOR(f->graph.strength)[eid];
}

static void undirected_duplicates_merge_in_either_direction(void **state)
{
    (void)state;
    fixture_t f;
    fixture_build(&f, "source,target\na,b\nb,a\na,b\nb,c\n", NULL, 0, ILONET_WEIGHT_IS_STRENGTH);
    assert_int_equal(ilonet_graph_tie_count(&f.graph), 2);
    assert_int_equal(f.graph.duplicates_merged, 2);
    assert_near(tie_strength(&f, "a", "b"), 3.0, 1e-12);
    assert_near(tie_strength(&f, "b", "c"), 1.0, 1e-12);
    /* every row maps to the tie it was merged into */
    assert_int_equal(f.graph.row_tie[0], f.graph.row_tie[1]);
    assert_int_equal(f.graph.row_tie[0], f.graph.row_tie[2]);
    fixture_destroy(&f);
}

static void directed_keeps_opposite_directions_apart(void **state)
{
    (void)state;
    fixture_t f;
    fixture_build(&f, "source,target,weight\na,b,2\nb,a,1\na,b,0.5\n", NULL, 1,
                  ILONET_WEIGHT_IS_STRENGTH);
    assert_int_equal(ilonet_graph_tie_count(&f.graph), 2);
    assert_int_equal(f.graph.duplicates_merged, 1);
    assert_near(tie_strength(&f, "a", "b"), 2.5, 1e-12);
    assert_near(tie_strength(&f, "b", "a"), 1.0, 1e-12);
    fixture_destroy(&f);
}

static void self_loops_are_dropped_and_counted(void **state)
{
    (void)state;
    fixture_t f;
    fixture_build(&f, "source,target\na,a\na,b\nb,b\n", NULL, 0, ILONET_WEIGHT_IS_STRENGTH);
    assert_int_equal(ilonet_graph_tie_count(&f.graph), 1);
    assert_int_equal(f.graph.self_loops_dropped, 2);
    assert_int_equal(f.graph.row_tie[0], ILONET_NONE);
    /* the node of a loop-only row still exists */
    assert_int_equal(igraph_vcount(&f.graph.g), 2);
    fixture_destroy(&f);
}

static void nodes_file_isolates_are_vertices(void **state)
{
    (void)state;
    fixture_t f;
    fixture_build(&f, "source,target\na,b\n", "id,label\nlonely,Lonely Org\na,A\n", 0,
                  ILONET_WEIGHT_IS_STRENGTH);
    assert_int_equal(igraph_vcount(&f.graph.g), 3);
    igraph_vector_int_t deg;
    igraph_vector_int_init(&deg, 0);
    igraph_degree(&f.graph.g, &deg, igraph_vss_all(), IGRAPH_ALL, 0);
    assert_int_equal(VECTOR(deg)[node(&f, "lonely")], 0);
    igraph_vector_int_destroy(&deg);
    assert_string_equal(ilonet_network_node_label(&f.net, node(&f, "lonely")), "Lonely Org");
    fixture_destroy(&f);
}

static void distance_weights_merge_as_parallel_ties(void **state)
{
    (void)state;
    fixture_t f;
    /* two parallel routes of length 2 act like one of length 1: 1/d adds up */
    fixture_build(&f, "source,target,weight\na,b,2\nb,a,2\n", NULL, 0, ILONET_WEIGHT_IS_DISTANCE);
    assert_near(VECTOR(f.graph.distance)[0], 1.0, 1e-12);
    assert_near(VECTOR(f.graph.strength)[0], 1.0, 1e-12);
    assert_near(VECTOR(f.graph.weight)[0], 1.0, 1e-12);
    fixture_destroy(&f);
}

static void strength_weights_give_inverse_distances(void **state)
{
    (void)state;
    fixture_t f;
    fixture_build(&f, "source,target,weight\na,b,4\n", NULL, 0, ILONET_WEIGHT_IS_STRENGTH);
    assert_near(VECTOR(f.graph.strength)[0], 4.0, 1e-12);
    assert_near(VECTOR(f.graph.distance)[0], 0.25, 1e-12);
    fixture_destroy(&f);
}

static void undirected_view_sums_both_directions(void **state)
{
    (void)state;
    fixture_t f;
    ilonet_error_t err;
    fixture_build(&f, "source,target,weight\na,b,2\nb,a,3\nb,c,1\n", NULL, 1,
                  ILONET_WEIGHT_IS_STRENGTH);
    igraph_t ug;
    igraph_vector_t w;
    assert_int_equal(ilonet_graph_undirected(&f.graph, &ug, &w, &err), ILONET_OK);
    assert_false(igraph_is_directed(&ug));
    assert_int_equal(igraph_ecount(&ug), 2);
    assert_near(VECTOR(w)[0], 5.0, 1e-12);
    assert_near(VECTOR(w)[1], 1.0, 1e-12);
    igraph_destroy(&ug);
    igraph_vector_destroy(&w);
    fixture_destroy(&f);
}

static void many_rows_build_linearly(void **state)
{
    (void)state;
    /* 20000 rows over 2000 nodes, each pair twice: checks the hash tables under growth */
    size_t cap = 20000 * 24 + 32;
    char *csv = malloc(cap);
    size_t len = (size_t)snprintf(csv, cap, "source,target\n");
    for (int i = 0; i < 10000; i++) {
        len += (size_t)snprintf(csv + len, cap - len, "n%d,n%d\nn%d,n%d\n", i % 2000,
                                (i * 7 + 1) % 2000, (i * 7 + 1) % 2000, i % 2000);
    }
    fixture_t f;
    fixture_build(&f, csv, NULL, 0, ILONET_WEIGHT_IS_STRENGTH);
    assert_int_equal(igraph_vcount(&f.graph.g), 2000);
    assert_int_equal(f.graph.duplicates_merged + ilonet_graph_tie_count(&f.graph) +
                         f.graph.self_loops_dropped,
                     20000);
    igraph_bool_t multi;
    igraph_has_multiple(&f.graph.g, &multi);
    assert_false(multi);
    fixture_destroy(&f);
    free(csv);
}

/* Keys of pairs as the tie and projection tables use them: (u << 32) | v, smaller first unless
 * directed, so that sorting keys sorts pairs by u, then v. */
static void pair_keys_order_and_spread(void **state)
{
    (void)state;
    assert_true(ilonet_graph_pair_key(3, 7, 0) == ((UINT64_C(3) << 32) | 7));
    assert_true(ilonet_graph_pair_key(7, 3, 0) == ((UINT64_C(3) << 32) | 7));
    assert_true(ilonet_graph_pair_key(7, 3, 1) == ((UINT64_C(7) << 32) | 3));
    assert_true(ilonet_graph_pair_key(3, 7, 1) == ((UINT64_C(3) << 32) | 7));
    /* (1, 0) sorts after (0, 4294967295): the first node decides */
    assert_true(ilonet_graph_pair_key(1, 0, 1) > ilonet_graph_pair_key(0, 0xffffffffu, 1));
    /* The finaliser only shifts, xors and multiplies: 0 stays 0. */
    assert_true(ilonet_graph_pair_hash(0) == 0);
    /* Keys that differ only in the high half (the first node) must still reach many slots of a
     * 1024-slot table: a bijection spread like a random map fills about 1024 * (1 - 1/e) = 647
     * of them; the raw keys would all fall into slot 0. */
    unsigned char used[1024] = {0};
    size_t distinct = 0;
    for (size_t u = 0; u < 1024; u++) {
        size_t slot = (size_t)ilonet_graph_pair_hash(ilonet_graph_pair_key(u, 5000, 1)) & 1023;
        distinct += !used[slot];
        used[slot] = 1;
    }
    assert_true(distinct > 550);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(undirected_duplicates_merge_in_either_direction),
        cmocka_unit_test(directed_keeps_opposite_directions_apart),
        cmocka_unit_test(self_loops_are_dropped_and_counted),
        cmocka_unit_test(nodes_file_isolates_are_vertices),
        cmocka_unit_test(distance_weights_merge_as_parallel_ties),
        cmocka_unit_test(strength_weights_give_inverse_distances),
        cmocka_unit_test(undirected_view_sums_both_directions),
        cmocka_unit_test(many_rows_build_linearly),
        cmocka_unit_test(pair_keys_order_and_spread),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
