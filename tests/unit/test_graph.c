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

/* ---- merged weights outside the range of a double ------------------------------------------ */

typedef struct {
    const char *src, *dst;
    double weight;
} row_t;

/* Rows src,dst,weight at lines 2, 3, ... of "edges.csv", added as the loader adds them; then
 * builds the graph and returns its status (the graph is destroyed either way). */
static ilonet_status_t build_rows(const row_t *rows, size_t n, int directed,
                                  ilonet_weight_is_t weight_is, ilonet_error_t *err)
{
    ilonet_network_t net;
    ilonet_graph_t gr;
    ilonet_igraph_setup();
    assert_int_equal(ilonet_network_init(&net, err), ILONET_OK);
    ilonet_network_set_source(&net, "edges.csv");
    for (size_t r = 0; r < n; r++) {
        size_t u, v;
        assert_int_equal(
            ilonet_network_add_node(&net, rows[r].src, strlen(rows[r].src), &u, NULL, err),
            ILONET_OK);
        assert_int_equal(
            ilonet_network_add_node(&net, rows[r].dst, strlen(rows[r].dst), &v, NULL, err),
            ILONET_OK);
        assert_int_equal(ilonet_network_add_row(&net, u, v, rows[r].weight, ILONET_NONE,
                                                ILONET_NO_YEAR, r + 2, NULL, err),
                         ILONET_OK);
    }
    net.has_weight = 1;
    ilonet_graph_options_t go = {.directed = directed, .weight_is = weight_is};
    ilonet_status_t st = ilonet_graph_build(&gr, &net, &go, err);
    if (st != ILONET_OK) {
        /* a failed build leaves a zeroed graph: no tie, nothing to free twice */
        assert_int_equal(gr.ready, 0);
        assert_null(gr.row_tie);
    }
    ilonet_graph_destroy(&gr);
    ilonet_network_destroy(&net);
    return st;
}

/* The message as the CLI prints it after "ilonet: ". */
static const char *formatted(const ilonet_error_t *err)
{
    static char buf[ILONET_ERROR_MSG_MAX + ILONET_ERROR_FILE_MAX + 32];
    ilonet_error_format(err, buf, sizeof buf);
    return buf;
}

static void strength_sum_overflow_names_the_row_that_overflowed(void **state)
{
    (void)state;
    ilonet_error_t err;
    /* 1e308 + 1e308 = 2e308 > DBL_MAX = 1.7976931348623157e308 (C11 5.2.4.2.2): the third row
     * (line 4, written B,A) is the one whose addition leaves the range */
    const row_t rows[] = {{"A", "B", 1e308}, {"B", "C", 1}, {"B", "A", 1e308}};
    assert_int_equal(build_rows(rows, 3, 0, ILONET_WEIGHT_IS_STRENGTH, &err), ILONET_EDATA);
    assert_string_equal(formatted(&err),
                        "edges.csv:4: the weights of B-A sum to more than 1.8e308");
}

static void directed_overflow_needs_the_same_direction(void **state)
{
    (void)state;
    ilonet_error_t err;
    const row_t two[] = {{"A", "B", 1e308}, {"B", "A", 1e308}};
    assert_int_equal(build_rows(two, 2, 1, ILONET_WEIGHT_IS_STRENGTH, &err), ILONET_OK);
    const row_t three[] = {{"A", "B", 1e308}, {"B", "A", 1e308}, {"A", "B", 1e308}};
    assert_int_equal(build_rows(three, 3, 1, ILONET_WEIGHT_IS_STRENGTH, &err), ILONET_EDATA);
    assert_string_equal(formatted(&err),
                        "edges.csv:4: the weights of A->B sum to more than 1.8e308");
}

static void large_finite_sums_are_kept(void **state)
{
    (void)state;
    ilonet_error_t err;
    /* 8e307 + 8e307 = 1.6e308 < DBL_MAX, and its length 1/1.6e308 = 6.25e-309 is > 0 */
    const row_t rows[] = {{"A", "B", 8e307}, {"A", "B", 8e307}};
    assert_int_equal(build_rows(rows, 2, 0, ILONET_WEIGHT_IS_STRENGTH, &err), ILONET_OK);
    /* a tiny weight is fine once the tie's sum is large enough to invert */
    const row_t tiny_then_one[] = {{"A", "B", 1e-320}, {"A", "B", 1}};
    assert_int_equal(build_rows(tiny_then_one, 2, 0, ILONET_WEIGHT_IS_STRENGTH, &err), ILONET_OK);
}

static void strength_too_small_to_invert_is_refused(void **state)
{
    (void)state;
    ilonet_error_t err;
    /* 1/1e-320 = 1e320 > DBL_MAX: the tie would be infinitely long on paths (igraph would report
     * wrong betweenness and closeness rather than fail); the tie's first row is named */
    const row_t rows[] = {{"X", "Y", 1}, {"A", "B", 1e-320}, {"B", "A", 1e-320}};
    assert_int_equal(build_rows(rows, 3, 0, ILONET_WEIGHT_IS_STRENGTH, &err), ILONET_EDATA);
    assert_string_equal(formatted(&err), "edges.csv:3: the weights of A-B sum to 2e-320, less "
                                         "than 5.6e-309: the tie's length on paths (1/weight) "
                                         "would be infinite");
}

static void distance_whose_inverse_overflows_is_refused(void **state)
{
    (void)state;
    ilonet_error_t err;
    /* one row: 1/1e-320 = 1e320 overflows by itself */
    const row_t one[] = {{"A", "B", 2}, {"C", "D", 1e-320}};
    assert_int_equal(build_rows(one, 2, 0, ILONET_WEIGHT_IS_DISTANCE, &err), ILONET_EDATA);
    assert_string_equal(formatted(&err), "edges.csv:3: the distance 1e-320 of C-D is too small: "
                                         "its inverse (the tie's strength) is more than 1.8e308");
    /* two rows: 1/1e-308 = 1e308 each, summed as parallel ties to 2e308 */
    const row_t two[] = {{"A", "B", 1e-308}, {"B", "A", 1e-308}};
    assert_int_equal(build_rows(two, 2, 0, ILONET_WEIGHT_IS_DISTANCE, &err), ILONET_EDATA);
    assert_string_equal(formatted(&err), "edges.csv:3: the inverses (1/weight) of the B-A "
                                         "distances sum to more than 1.8e308");
}

static void distance_too_long_is_refused(void **state)
{
    (void)state;
    ilonet_error_t err;
    /* 1/DBL_MAX = 5.56e-309 is subnormal and rounded, and 1 over it is above DBL_MAX */
    const row_t rows[] = {{"A", "B", 1.7976931348623157e308}};
    assert_int_equal(build_rows(rows, 1, 0, ILONET_WEIGHT_IS_DISTANCE, &err), ILONET_EDATA);
    assert_string_equal(formatted(&err), "edges.csv:2: the distance of A-B (its rows combined "
                                         "as parallel ties) is more than 1.8e308");
    /* combined with a shorter parallel row, the tie is fine */
    const row_t two[] = {{"A", "B", 1.7976931348623157e308}, {"A", "B", 3}};
    assert_int_equal(build_rows(two, 2, 0, ILONET_WEIGHT_IS_DISTANCE, &err), ILONET_OK);
}

static void overflow_message_shortens_long_ids(void **state)
{
    (void)state;
    ilonet_error_t err;
    char id[200];
    memset(id, 'x', sizeof id - 1);
    id[sizeof id - 1] = '\0';
    /* "\xC3\xA9" (e acute) across bytes 59-60: the cut keeps 59 bytes, not half a character */
    id[59] = '\xC3';
    id[60] = '\xA9';
    const row_t rows[] = {{id, "B", 1e308}, {id, "B", 1e308}};
    assert_int_equal(build_rows(rows, 2, 0, ILONET_WEIGHT_IS_STRENGTH, &err), ILONET_EDATA);
    char want[256];
    snprintf(want, sizeof want, "the weights of %.59s...-B sum to more than 1.8e308", id);
    assert_string_equal(err.message, want);
}

static void overflow_from_a_loaded_file_names_its_line(void **state)
{
    (void)state;
    ilonet_error_t err;
    ilonet_network_t net;
    ilonet_graph_t gr;
    ilonet_load_options_t lo;
    ilonet_load_options_default(&lo);
    ilonet_igraph_setup();
    assert_int_equal(ilonet_network_init(&net, &err), ILONET_OK);
    assert_int_equal(ilonet_load_edges(&net,
                                       temp_csv(0, "source,target,weight\nA,B,1e308\n"
                                                   "A,B,1e308\nB,C,1\n"),
                                       &lo, &err),
                     ILONET_OK);
    ilonet_graph_options_t go = {.directed = 0, .weight_is = ILONET_WEIGHT_IS_STRENGTH};
    assert_int_equal(ilonet_graph_build(&gr, &net, &go, &err), ILONET_EDATA);
    assert_int_equal(err.line, 3);
    assert_string_equal(err.message, "the weights of A-B sum to more than 1.8e308");
    ilonet_graph_destroy(&gr);
    ilonet_network_destroy(&net);
}

/* ---- folding identical rows (fold_rows) ------------------------------------------------------ */

/* Loads edges (and nodes, may be NULL) CSV text into net, folding identical rows when fold. */
static void load_net(ilonet_network_t *net, const char *edges, const char *nodes, int fold)
{
    ilonet_error_t err;
    ilonet_load_options_t lo;
    ilonet_load_options_default(&lo);
    ilonet_igraph_setup();
    assert_int_equal(ilonet_network_init(net, &err), ILONET_OK);
    net->fold_rows = fold;
    if (nodes != NULL) {
        assert_int_equal(ilonet_load_nodes(net, temp_csv(1, nodes), &lo, &err), ILONET_OK);
    }
    if (ilonet_load_edges(net, temp_csv(0, edges), &lo, &err) != ILONET_OK) {
        fail_msg("load failed: %s", err.message);
    }
    ilonet_network_set_source(net, "edges.csv"); /* the name messages show, not the temp file's */
}

static void build(ilonet_graph_t *gr, const ilonet_network_t *net, int directed,
                  ilonet_weight_is_t weight_is)
{
    ilonet_error_t err;
    ilonet_graph_options_t go = {.directed = directed, .weight_is = weight_is};
    if (ilonet_graph_build(gr, net, &go, &err) != ILONET_OK) {
        fail_msg("build failed: %s", err.message);
    }
}

/* The strength of the tie u-v (u->v when directed), -1 when there is none. */
static double strength_of(const ilonet_network_t *net, const ilonet_graph_t *gr, const char *u,
                          const char *v)
{
    igraph_integer_t eid;
    size_t a = ilonet_network_find_node(net, u), b = ilonet_network_find_node(net, v);
    if (a == ILONET_NONE || b == ILONET_NONE ||
        igraph_get_eid(&gr->g, &eid, (igraph_integer_t)a, (igraph_integer_t)b, gr->directed, 0) !=
            IGRAPH_SUCCESS ||
        eid < 0) {
        return -1;
    }
    return VECTOR(gr->strength)[eid];
}

/* Lines 2-8: a-b x (folded twice more, lines 3 and 7), b-a x and a-b y (records of their own in
 * the same undirected tie), a self-loop twice (line 8 folded into line 6). */
static const char *const fold_csv = "source,target,weight,type\na,b,1,x\na,b,2,x\nb,a,4,x\n"
                                    "a,b,8,y\na,a,1,x\na,b,16,x\na,a,1,x\n";

static void identical_rows_fold_into_one_record(void **state)
{
    (void)state;
    ilonet_network_t net;
    load_net(&net, fold_csv, NULL, 1);
    assert_int_equal(net.rows_added, 7);
    assert_int_equal(net.n_rows, 4); /* a-b x, b-a x, a-b y, a-a x */
    assert_int_equal(ilonet_network_row_count(&net, 0), 3);
    assert_near(net.row_weight[0], 1 + 2 + 16, 0);
    assert_near(ilonet_network_row_inverse(&net, 0), 1 + 0.5 + 0.0625, 0);
    assert_int_equal(net.row_line[0], 2);
    assert_int_equal(net.row_line[1], 4);
    assert_int_equal(net.row_line[2], 5);
    assert_int_equal(net.row_line[3], 6);
    assert_int_equal(ilonet_network_row_count(&net, 3), 2);
    assert_int_equal(ilonet_network_row_inf_line(&net, 0, 0), 0);
    ilonet_network_destroy(&net);
    /* without folding every row is its own record */
    load_net(&net, fold_csv, NULL, 0);
    assert_int_equal(net.rows_added, 7);
    assert_int_equal(net.n_rows, 7);
    assert_int_equal(ilonet_network_row_count(&net, 0), 1);
    assert_near(ilonet_network_row_inverse(&net, 2), 0.25, 0);
    ilonet_network_destroy(&net);
}

static void folded_rows_build_the_same_graph(void **state)
{
    (void)state;
    for (int directed = 0; directed <= 1; directed++) {
        for (int wi = 0; wi <= 1; wi++) {
            ilonet_network_t net[2];
            ilonet_graph_t gr[2];
            for (int fold = 0; fold <= 1; fold++) {
                load_net(&net[fold], fold_csv, NULL, fold);
                build(&gr[fold], &net[fold], directed, (ilonet_weight_is_t)wi);
            }
            for (int fold = 0; fold <= 1; fold++) {
                /* by hand: a-b holds 1 + 2 + 16 (x) + 8 (y), b-a 4; distances add 1/d (the
                 * weights are powers of two, so every sum is exact) */
                double ab = wi ? 1 + 0.5 + 0.0625 + 0.125 : 1 + 2 + 16 + 8;
                double ba = wi ? 0.25 : 4;
                assert_int_equal(gr[fold].self_loops_dropped, 2);
                if (directed) {
                    assert_int_equal(ilonet_graph_tie_count(&gr[fold]), 2);
                    assert_int_equal(gr[fold].duplicates_merged, 3);
                    assert_near(strength_of(&net[fold], &gr[fold], "a", "b"), ab, 0);
                    assert_near(strength_of(&net[fold], &gr[fold], "b", "a"), ba, 0);
                } else {
                    assert_int_equal(ilonet_graph_tie_count(&gr[fold]), 1);
                    assert_int_equal(gr[fold].duplicates_merged, 4);
                    assert_near(strength_of(&net[fold], &gr[fold], "a", "b"), ab + ba, 0);
                }
                char merged[300], dropped[300];
                ilonet_error_t err;
                assert_int_equal(ilonet_network_merged_lines(&net[fold], gr[fold].row_tie,
                                                             ilonet_graph_tie_count(&gr[fold]), 10,
                                                             merged, sizeof merged, &err),
                                 ILONET_OK);
                ilonet_network_dropped_lines(&net[fold], gr[fold].row_tie, 10, dropped,
                                             sizeof dropped);
                assert_string_equal(dropped, "line 6 (a), line 8 (a)");
                if (directed) {
                    /* b-a (4) opens its own tie; a-b y (5) joins a-b x (2) */
                    assert_string_equal(merged, "line 3 (same pair as line 2), line 5 (same pair "
                                                "as line 2), line 7 (same pair as line 2)");
                } else {
                    assert_string_equal(merged,
                                        "line 3 (same pair as line 2), line 4 (same pair as line "
                                        "2), line 5 (same pair as line 2), line 7 (same pair as "
                                        "line 2)");
                }
            }
            for (int fold = 0; fold <= 1; fold++) {
                ilonet_graph_destroy(&gr[fold]);
                ilonet_network_destroy(&net[fold]);
            }
        }
    }
}

static void folded_lists_stop_where_kept_lines_end(void **state)
{
    (void)state;
    /* a,b 40 times (lines 2-41), then b,a (line 42): 39 rows folded, more than the 16 kept */
    char csv[40 * 4 + 64];
    size_t len = (size_t)snprintf(csv, sizeof csv, "source,target\n");
    for (int i = 0; i < 40; i++) {
        len += (size_t)snprintf(csv + len, sizeof csv - len, "a,b\n");
    }
    snprintf(csv + len, sizeof csv - len, "b,a\n");
    ilonet_network_t net[2];
    ilonet_graph_t gr[2];
    char list[2][2000];
    for (int fold = 0; fold <= 1; fold++) {
        ilonet_error_t err;
        load_net(&net[fold], csv, NULL, fold);
        build(&gr[fold], &net[fold], 0, ILONET_WEIGHT_IS_STRENGTH);
        assert_int_equal(gr[fold].duplicates_merged, 40);
        assert_int_equal(ilonet_network_merged_lines(&net[fold], gr[fold].row_tie, 1, 10,
                                                     list[fold], sizeof list[fold], &err),
                         ILONET_OK);
    }
    assert_int_equal(net[1].n_rows, 2);
    assert_int_equal(net[1].folded[0], 39);
    /* up to ILONET_FOLDED_KEPT entries the lists agree */
    assert_string_equal(list[0], list[1]);
    assert_non_null(strstr(list[0], "line 11 (same pair as line 2)"));
    /* beyond, the folded list stops after the last kept folded row (the 16 kept are lines
     * 3-18): a prefix of the full list, since b,a on line 42 may not be listed before rows whose
     * lines were not kept */
    ilonet_error_t err;
    assert_int_equal(
        ilonet_network_merged_lines(&net[0], gr[0].row_tie, 1, 100, list[0], sizeof list[0], &err),
        ILONET_OK);
    assert_int_equal(
        ilonet_network_merged_lines(&net[1], gr[1].row_tie, 1, 100, list[1], sizeof list[1], &err),
        ILONET_OK);
    assert_non_null(strstr(list[0], "line 42 (same pair as line 2)"));
    assert_true(strncmp(list[0], list[1], strlen(list[1])) == 0);
    const char *last = "line 18 (same pair as line 2)";
    assert_string_equal(list[1] + strlen(list[1]) - strlen(last), last);
    for (int fold = 0; fold <= 1; fold++) {
        ilonet_graph_destroy(&gr[fold]);
        ilonet_network_destroy(&net[fold]);
    }
}

static void folded_overflow_names_the_line_that_overflowed(void **state)
{
    (void)state;
    const char *csv = "source,target,weight\nA,B,1e308\nB,C,1\nA,B,1e308\n";
    for (int wi = 0; wi <= 1; wi++) {
        const char *want = wi ? "edges.csv:4: the inverses (1/weight) of the A-B distances sum "
                                "to more than 1.8e308"
                              : "edges.csv:4: the weights of A-B sum to more than 1.8e308";
        const char *dist = "source,target,weight\nA,B,1e-308\nB,C,1\nA,B,1e-308\n";
        for (int fold = 0; fold <= 1; fold++) {
            ilonet_network_t net;
            ilonet_graph_t gr;
            ilonet_error_t err;
            load_net(&net, wi ? dist : csv, NULL, fold);
            ilonet_graph_options_t go = {.directed = 0, .weight_is = (ilonet_weight_is_t)wi};
            assert_int_equal(ilonet_graph_build(&gr, &net, &go, &err), ILONET_EDATA);
            assert_string_equal(formatted(&err), want);
            ilonet_graph_destroy(&gr);
            ilonet_network_destroy(&net);
        }
    }
}

static void folded_records_project_like_their_rows(void **state)
{
    (void)state;
    /* A and B share project P (count 1) and have direct rows 2, 3 and 2 (folded into one record
     * of weight 7): the projection's A-B tie is 1 + 2 + 3 + 2 = 8 either way */
    const char *edges = "source,target,weight\nA,P,1\nB,P,1\nA,B,2\nA,B,3\nA,B,2\n";
    const char *nodes = "id,kind\nA,org\nB,org\nP,project\n";
    for (int fold = 0; fold <= 1; fold++) {
        ilonet_network_t net, proj;
        ilonet_graph_t gr, pg;
        ilonet_error_t err;
        load_net(&net, edges, nodes, fold);
        assert_int_equal(net.n_rows, fold ? 3 : 5); /* weights do not keep rows apart */
        build(&gr, &net, 0, ILONET_WEIGHT_IS_STRENGTH);
        assert_int_equal(ilonet_twomode_project(&net, &gr, "project", 0, ILONET_PROJECTION_COUNT,
                                                &proj, NULL, &err),
                         ILONET_OK);
        assert_string_equal(proj.source, "edges.csv");
        build(&pg, &proj, 0, ILONET_WEIGHT_IS_STRENGTH);
        assert_near(strength_of(&proj, &pg, "A", "B"), 8, 0);
        ilonet_graph_destroy(&pg);
        ilonet_network_destroy(&proj);
        ilonet_graph_destroy(&gr);
        ilonet_network_destroy(&net);
    }
}

static void records_of_many_rows_need_folding(void **state)
{
    (void)state;
    ilonet_network_t net;
    ilonet_error_t err;
    size_t a, b;
    assert_int_equal(ilonet_network_init(&net, &err), ILONET_OK);
    assert_int_equal(ilonet_network_add_node(&net, "a", 1, &a, NULL, &err), ILONET_OK);
    assert_int_equal(ilonet_network_add_node(&net, "b", 1, &b, NULL, &err), ILONET_OK);
    assert_int_equal(
        ilonet_network_add_rows(&net, a, b, 2, 2, 2, ILONET_NONE, ILONET_NO_YEAR, 2, NULL, &err),
        ILONET_EUSAGE);
    assert_int_equal(
        ilonet_network_add_row(&net, a, b, 1, ILONET_NONE, ILONET_NO_YEAR, 2, NULL, &err),
        ILONET_OK);
    /* switched on after a row was stored unfolded: refused rather than mixed */
    net.fold_rows = 1;
    assert_int_equal(
        ilonet_network_add_row(&net, a, b, 1, ILONET_NONE, ILONET_NO_YEAR, 3, NULL, &err),
        ILONET_EUSAGE);
    assert_int_equal(net.n_rows, 1);
    ilonet_network_destroy(&net);
}

/* Compares two integer vectors element by element. */
static void assert_same_ints(const igraph_vector_int_t *x, const igraph_vector_int_t *y)
{
    assert_int_equal(igraph_vector_int_size(x), igraph_vector_int_size(y));
    for (igraph_integer_t i = 0; i < igraph_vector_int_size(x); i++) {
        assert_int_equal(VECTOR(*x)[i], VECTOR(*y)[i]);
    }
}

/* The graph built from random rows (duplicates in both directions, loops, isolates) against a
 * reference made the slow, obvious way: ties in order of first appearance found by scanning the
 * earlier ties, weights summed in file order, and the graph from igraph_create, whose internal
 * index (from, to, oi, ii, os, is) the build must reproduce exactly. */
static void build_matches_igraph_create_on_random_rows(void **state)
{
    (void)state;
    ilonet_error_t err;
    uint64_t x = 12345;
    for (int round = 0; round < 12; round++) {
        int directed = round % 2;
        size_t n = 1 + (size_t)round * 7, rows = (size_t)round * 40;
        ilonet_network_t net;
        assert_int_equal(ilonet_network_init(&net, &err), ILONET_OK);
        net.fold_rows = round % 3 == 0;
        char id[16];
        for (size_t i = 0; i < n; i++) {
            size_t k;
            snprintf(id, sizeof id, "n%zu", i);
            assert_int_equal(ilonet_network_add_node(&net, id, strlen(id), &k, NULL, &err),
                             ILONET_OK);
        }
        size_t *ru = malloc((rows + 1) * sizeof *ru), *rv = malloc((rows + 1) * sizeof *rv);
        double *rw = malloc((rows + 1) * sizeof *rw);
        for (size_t r = 0; r < rows; r++) {
            x = x * 6364136223846793005ULL + 1442695040888963407ULL;
            /* few distinct nodes per round, so pairs repeat */
            ru[r] = (size_t)(x >> 33) % n;
            rv[r] = (size_t)(x >> 17) % n;
            rw[r] = (double)(1 + (x >> 50) % 4);
            assert_int_equal(ilonet_network_add_row(&net, ru[r], rv[r], rw[r], ILONET_NONE,
                                                    ILONET_NO_YEAR, r + 2, NULL, &err),
                             ILONET_OK);
        }
        ilonet_graph_t gr;
        ilonet_graph_options_t go = {.directed = directed, .weight_is = ILONET_WEIGHT_IS_STRENGTH};
        assert_int_equal(ilonet_graph_build(&gr, &net, &go, &err), ILONET_OK);

        /* reference ties, in order of first appearance */
        size_t *tu = malloc((rows + 1) * sizeof *tu), *tv = malloc((rows + 1) * sizeof *tv);
        double *ts = malloc((rows + 1) * sizeof *ts);
        size_t nt = 0, loops = 0;
        igraph_vector_int_t edges;
        igraph_vector_int_init(&edges, 0);
        for (size_t r = 0; r < rows; r++) {
            if (ru[r] == rv[r]) {
                loops++;
                continue;
            }
            size_t t = 0;
            while (t < nt && !((tu[t] == ru[r] && tv[t] == rv[r]) ||
                               (!directed && tu[t] == rv[r] && tv[t] == ru[r]))) {
                t++;
            }
            if (t == nt) {
                tu[nt] = ru[r];
                tv[nt] = rv[r];
                ts[nt++] = 0;
                igraph_vector_int_push_back(&edges, (igraph_integer_t)ru[r]);
                igraph_vector_int_push_back(&edges, (igraph_integer_t)rv[r]);
            }
            ts[t] += rw[r];
        }
        assert_int_equal(gr.self_loops_dropped, loops);
        assert_int_equal(ilonet_graph_tie_count(&gr), nt);
        for (size_t t = 0; t < nt; t++) {
            assert_true(VECTOR(gr.strength)[t] == ts[t]);
            assert_true(VECTOR(gr.distance)[t] == 1.0 / ts[t]);
        }
        igraph_t ref;
        assert_int_equal(igraph_create(&ref, &edges, (igraph_integer_t)n, directed),
                         IGRAPH_SUCCESS);
        assert_int_equal(igraph_vcount(&gr.g), (igraph_integer_t)n);
        assert_int_equal(igraph_is_directed(&gr.g), directed);
        assert_same_ints(&gr.g.from, &ref.from);
        assert_same_ints(&gr.g.to, &ref.to);
        assert_same_ints(&gr.g.oi, &ref.oi);
        assert_same_ints(&gr.g.ii, &ref.ii);
        assert_same_ints(&gr.g.os, &ref.os);
        assert_same_ints(&gr.g.is, &ref.is);
        /* and igraph's own queries agree */
        igraph_vector_int_t d1, d2;
        igraph_vector_int_init(&d1, 0);
        igraph_vector_int_init(&d2, 0);
        igraph_degree(&gr.g, &d1, igraph_vss_all(), IGRAPH_ALL, 1);
        igraph_degree(&ref, &d2, igraph_vss_all(), IGRAPH_ALL, 1);
        assert_same_ints(&d1, &d2);
        igraph_vector_int_destroy(&d1);
        igraph_vector_int_destroy(&d2);
        igraph_destroy(&ref);
        igraph_vector_int_destroy(&edges);
        free(tu);
        free(tv);
        free(ts);
        free(ru);
        free(rv);
        free(rw);
        ilonet_graph_destroy(&gr);
        ilonet_network_destroy(&net);
    }
}

/* Building while releasing the rows gives the same graph, leaves the nodes and counts, and the
 * weights share the strengths' (or, for distances, the lengths') storage with equal values. */
static void releasing_rows_builds_the_same_graph(void **state)
{
    (void)state;
    for (int directed = 0; directed <= 1; directed++) {
        for (int wi = 0; wi <= 1; wi++) {
            ilonet_network_t net[2];
            ilonet_graph_t gr[2];
            ilonet_error_t err;
            ilonet_graph_options_t go = {.directed = directed, .weight_is = (ilonet_weight_is_t)wi};
            for (int k = 0; k < 2; k++) {
                load_net(&net[k], fold_csv, "id,kind\na,org\nb,org\nz,org\n", 1);
            }
            build(&gr[0], &net[0], directed, (ilonet_weight_is_t)wi);
            assert_int_equal(ilonet_graph_build_releasing_rows(&gr[1], &net[1], &go, &err),
                             ILONET_OK);
            assert_int_equal(net[1].n_rows, 0);
            assert_null(net[1].row_src);
            assert_null(net[1].row_weight);
            assert_null(net[1].fold_slot);
            assert_null(gr[1].row_tie);
            assert_int_equal(gr[1].n_rows, 0);
            assert_int_equal(net[1].rows_added, net[0].rows_added);
            assert_int_equal(ilonet_network_node_count(&net[1]), 3);
            assert_string_equal(ilonet_network_node_kind(&net[1], 2), "org");
            assert_int_equal(gr[1].duplicates_merged, gr[0].duplicates_merged);
            assert_int_equal(gr[1].self_loops_dropped, gr[0].self_loops_dropped);
            igraph_integer_t m = igraph_ecount(&gr[0].g);
            assert_int_equal(igraph_ecount(&gr[1].g), m);
            assert_int_equal(igraph_vcount(&gr[1].g), igraph_vcount(&gr[0].g));
            for (igraph_integer_t t = 0; t < m; t++) {
                assert_int_equal(IGRAPH_FROM(&gr[1].g, t), IGRAPH_FROM(&gr[0].g, t));
                assert_int_equal(IGRAPH_TO(&gr[1].g, t), IGRAPH_TO(&gr[0].g, t));
                assert_true(VECTOR(gr[1].strength)[t] == VECTOR(gr[0].strength)[t]);
                assert_true(VECTOR(gr[1].distance)[t] == VECTOR(gr[0].distance)[t]);
                assert_true(VECTOR(gr[1].weight)[t] == VECTOR(gr[0].weight)[t]);
                /* the weight in the file's meaning */
                double expect = wi == ILONET_WEIGHT_IS_DISTANCE ? VECTOR(gr[0].distance)[t]
                                                                : VECTOR(gr[0].strength)[t];
                assert_true(VECTOR(gr[0].weight)[t] == expect);
            }
            const igraph_vector_t *owner =
                wi == ILONET_WEIGHT_IS_DISTANCE ? &gr[1].distance : &gr[1].strength;
            assert_ptr_equal(VECTOR(gr[1].weight), VECTOR(*owner));
            for (int k = 0; k < 2; k++) {
                ilonet_graph_destroy(&gr[k]);
                ilonet_network_destroy(&net[k]);
            }
        }
    }
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
        cmocka_unit_test(strength_sum_overflow_names_the_row_that_overflowed),
        cmocka_unit_test(directed_overflow_needs_the_same_direction),
        cmocka_unit_test(large_finite_sums_are_kept),
        cmocka_unit_test(strength_too_small_to_invert_is_refused),
        cmocka_unit_test(distance_whose_inverse_overflows_is_refused),
        cmocka_unit_test(distance_too_long_is_refused),
        cmocka_unit_test(overflow_message_shortens_long_ids),
        cmocka_unit_test(overflow_from_a_loaded_file_names_its_line),
        cmocka_unit_test(identical_rows_fold_into_one_record),
        cmocka_unit_test(folded_rows_build_the_same_graph),
        cmocka_unit_test(folded_lists_stop_where_kept_lines_end),
        cmocka_unit_test(folded_overflow_names_the_line_that_overflowed),
        cmocka_unit_test(folded_records_project_like_their_rows),
        cmocka_unit_test(records_of_many_rows_need_folding),
        cmocka_unit_test(build_matches_igraph_create_on_random_rows),
        cmocka_unit_test(releasing_rows_builds_the_same_graph),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
