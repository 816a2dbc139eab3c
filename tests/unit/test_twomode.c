/* Two-mode networks: mode counts by kind, and one-mode projections (COUNT and Newman weights)
 * checked on hand-made data, against a brute-force product on random data, on the Davis
 * Southern Women data and the ILO dataset. */
#include "net_fixture.h"

#include "ilonet/twomode.h"

/* A, B in P1; A, B, C in P2 (3 organisations x 2 projects). */
static const char small_edges[] = "source,target\nA,P1\nB,P1\nA,P2\nB,P2\nC,P2\n";
static const char small_nodes[] = "id,label,kind,country\n"
                                  "A,Org A,org,Chile\n"
                                  "B,Org B,org,Kenya\n"
                                  "C,Org C,org,Nepal\n"
                                  "P1,Project one,project,\n"
                                  "P2,Project two,Project,\n";

/* Builds the projection of f and its graph (undirected, weights as strengths). */
static void project(const fixture_t *f, const char *kinds, int onto_second,
                    ilonet_projection_weight_t w, fixture_t *p, ilonet_projection_stats_t *stats)
{
    ilonet_error_t err;
    ilonet_status_t st =
        ilonet_twomode_project(&f->net, &f->graph, kinds, onto_second, w, &p->net, stats, &err);
    if (st != ILONET_OK) {
        fail_msg("projection failed: %s", err.message);
    }
    ilonet_graph_options_t go = {.directed = 0, .weight_is = ILONET_WEIGHT_IS_STRENGTH};
    assert_int_equal(ilonet_graph_build(&p->graph, &p->net, &go, &err), ILONET_OK);
}

/* Strength of the tie a-b, or -1 when there is none. */
static double tie(const fixture_t *f, const char *a, const char *b)
{
    igraph_integer_t eid;
    igraph_error_t rc = igraph_get_eid(&f->graph.g, &eid, (igraph_integer_t)node(f, a),
                                       (igraph_integer_t)node(f, b), 0, 0);
    if (rc != IGRAPH_SUCCESS || eid < 0) {
        return -1;
    }
    return VECTOR(f->graph.strength)[eid];
}

static const char *row_type(const ilonet_network_t *net, size_t r)
{
    return net->row_type[r] == ILONET_NONE ? "" : ilonet_strtab_get(&net->values, net->row_type[r]);
}

static void load_files(fixture_t *f, const char *edges, const char *nodes)
{
    ilonet_error_t err;
    ilonet_load_options_t lo;
    ilonet_load_options_default(&lo);
    ilonet_igraph_setup();
    assert_int_equal(ilonet_network_init(&f->net, &err), ILONET_OK);
    if (ilonet_load_nodes(&f->net, nodes, &lo, &err) != ILONET_OK ||
        ilonet_load_edges(&f->net, edges, &lo, &err) != ILONET_OK) {
        fail_msg("load failed: %s", err.message);
    }
    ilonet_graph_options_t go = {.directed = 0, .weight_is = ILONET_WEIGHT_IS_STRENGTH};
    assert_int_equal(ilonet_graph_build(&f->graph, &f->net, &go, &err), ILONET_OK);
}

/* Every row's pair (smaller, larger index) must not decrease: the documented row order. */
static void assert_rows_ordered(const ilonet_network_t *net)
{
    for (size_t r = 1; r < net->n_rows; r++) {
        size_t a0 = net->row_src[r - 1], b0 = net->row_dst[r - 1];
        size_t a1 = net->row_src[r], b1 = net->row_dst[r];
        size_t lo0 = a0 < b0 ? a0 : b0, hi0 = a0 < b0 ? b0 : a0;
        size_t lo1 = a1 < b1 ? a1 : b1, hi1 = a1 < b1 ? b1 : a1;
        assert_true(lo0 < lo1 || (lo0 == lo1 && hi0 <= hi1));
    }
}

static void count_projection_by_hand(void **state)
{
    (void)state;
    fixture_t f, p;
    ilonet_projection_stats_t stats;
    fixture_build(&f, small_edges, small_nodes, 0, ILONET_WEIGHT_IS_STRENGTH);
    project(&f, "project", 0, ILONET_PROJECTION_COUNT, &p, &stats);
    assert_int_equal(ilonet_network_node_count(&p.net), 3);
    assert_string_equal(ilonet_network_node_id(&p.net, 0), "A");
    assert_string_equal(ilonet_network_node_id(&p.net, 2), "C");
    assert_int_equal(stats.pairs, 3);
    assert_int_equal(stats.direct_ties_kept, 0);
    assert_int_equal(p.net.n_rows, 3);
    assert_int_equal(ilonet_graph_tie_count(&p.graph), 3);
    assert_near(tie(&p, "A", "B"), 2.0, 1e-12); /* P1 and P2 */
    assert_near(tie(&p, "A", "C"), 1.0, 1e-12); /* P2 */
    assert_near(tie(&p, "B", "C"), 1.0, 1e-12); /* P2 */
    /* rows by first, then second node: A-B, A-C, B-C, all "shared" */
    assert_int_equal(p.net.row_src[0], 0);
    assert_int_equal(p.net.row_dst[0], 1);
    assert_int_equal(p.net.row_src[1], 0);
    assert_int_equal(p.net.row_dst[1], 2);
    assert_int_equal(p.net.row_src[2], 1);
    assert_int_equal(p.net.row_dst[2], 2);
    for (size_t r = 0; r < 3; r++) {
        assert_string_equal(row_type(&p.net, r), "shared");
        assert_int_equal(p.net.row_year[r], ILONET_NO_YEAR);
    }
    fixture_destroy(&p);
    fixture_destroy(&f);
}

static void newman_projection_by_hand(void **state)
{
    (void)state;
    fixture_t f, p;
    fixture_build(&f, small_edges, small_nodes, 0, ILONET_WEIGHT_IS_STRENGTH);
    project(&f, "project", 0, ILONET_PROJECTION_NEWMAN, &p, NULL);
    /* P1 has 2 members (1/1 each pair), P2 has 3 (1/2 each pair) */
    assert_near(tie(&p, "A", "B"), 1.0 + 0.5, 1e-12);
    assert_near(tie(&p, "A", "C"), 0.5, 1e-12);
    assert_near(tie(&p, "B", "C"), 0.5, 1e-12);
    fixture_destroy(&p);
    fixture_destroy(&f);
}

static void projection_onto_projects(void **state)
{
    (void)state;
    fixture_t f, p, q;
    ilonet_projection_stats_t stats;
    fixture_build(&f, small_edges, small_nodes, 0, ILONET_WEIGHT_IS_STRENGTH);
    project(&f, "project", 1, ILONET_PROJECTION_COUNT, &p, &stats);
    assert_int_equal(ilonet_network_node_count(&p.net), 2);
    assert_int_equal(stats.pairs, 1);
    assert_near(tie(&p, "P1", "P2"), 2.0, 1e-12); /* A and B are in both */
    /* A and B each have 2 projects: 1/(2-1) + 1/(2-1); C (one project) adds nothing */
    project(&f, "project", 1, ILONET_PROJECTION_NEWMAN, &q, NULL);
    assert_near(tie(&q, "P1", "P2"), 2.0, 1e-12);
    fixture_destroy(&q);
    fixture_destroy(&p);
    fixture_destroy(&f);
}

static void inspect_bipartite(void **state)
{
    (void)state;
    fixture_t f;
    ilonet_twomode_info_t info;
    ilonet_error_t err;
    fixture_build(&f, small_edges, small_nodes, 0, ILONET_WEIGHT_IS_STRENGTH);
    assert_int_equal(ilonet_twomode_inspect(&f.net, &f.graph, "project", &info, &err), ILONET_OK);
    assert_int_equal(info.first_mode_nodes, 3);
    assert_int_equal(info.second_mode_nodes, 2); /* "Project" matches case-insensitively */
    assert_int_equal(info.ties_between_modes, 5);
    assert_int_equal(info.ties_within_first, 0);
    assert_int_equal(info.ties_within_second, 0);
    assert_true(info.is_two_mode);
    /* a kind list that matches nothing leaves an empty second mode: not two-mode, not an error */
    assert_int_equal(ilonet_twomode_inspect(&f.net, &f.graph, "forum", &info, &err), ILONET_OK);
    assert_int_equal(info.second_mode_nodes, 0);
    assert_int_equal(info.ties_within_first, 5);
    assert_false(info.is_two_mode);
    fixture_destroy(&f);
}

/* The small data plus a direct A-B partnership (weight 2) and a P1-P2 tie. */
static const char mixed_edges[] = "source,target,weight,type,year,note\n"
                                  "A,P1,1,member,,x\n"
                                  "B,P1,1,member,,x\n"
                                  "A,P2,1,member,,x\n"
                                  "B,A,2,partner,2019,direct\n"
                                  "B,P2,1,member,,x\n"
                                  "C,P2,1,member,,x\n"
                                  "P1,P2,1,follow_up,,x\n";

static void inspect_and_project_mixed(void **state)
{
    (void)state;
    fixture_t f, p;
    ilonet_twomode_info_t info;
    ilonet_projection_stats_t stats;
    ilonet_error_t err;
    fixture_build(&f, mixed_edges, small_nodes, 0, ILONET_WEIGHT_IS_STRENGTH);
    assert_int_equal(ilonet_twomode_inspect(&f.net, &f.graph, "project", &info, &err), ILONET_OK);
    assert_int_equal(info.ties_between_modes, 5);
    assert_int_equal(info.ties_within_first, 1);
    assert_int_equal(info.ties_within_second, 1);
    assert_false(info.is_two_mode);

    project(&f, "project", 0, ILONET_PROJECTION_COUNT, &p, &stats);
    assert_int_equal(stats.pairs, 3);
    assert_int_equal(stats.direct_ties_kept, 1);
    /* rows: A-B shared, then the kept B->A row with its own type, year, line and note */
    assert_int_equal(p.net.n_rows, 4);
    assert_string_equal(row_type(&p.net, 0), "shared");
    assert_string_equal(row_type(&p.net, 1), "partner");
    assert_int_equal(p.net.row_src[1], 1);
    assert_int_equal(p.net.row_dst[1], 0);
    assert_near(p.net.row_weight[1], 2.0, 1e-12);
    assert_int_equal(p.net.row_year[1], 2019);
    assert_int_equal(p.net.row_line[1], 5);
    assert_int_equal(p.net.n_edge_cols, 1);
    assert_string_equal(p.net.edge_cols[0], "note");
    assert_string_equal(ilonet_strtab_get(&p.net.values, p.net.row_attr[1]), "direct");
    assert_string_equal(ilonet_strtab_get(&p.net.values, p.net.row_attr[0]), "");
    assert_rows_ordered(&p.net);
    /* the graph builder sums the two A-B rows: 2 shared projects + direct strength 2 */
    assert_near(tie(&p, "A", "B"), 4.0, 1e-12);
    assert_int_equal(p.graph.duplicates_merged, 1);
    assert_near(tie(&p, "A", "C"), 1.0, 1e-12);
    fixture_destroy(&p);
    fixture_destroy(&f);
}

/* With weights as distances, a kept row carries its strength 1/distance. */
static void kept_row_of_distance_data_is_a_strength(void **state)
{
    (void)state;
    fixture_t f, p;
    fixture_build(&f, mixed_edges, small_nodes, 0, ILONET_WEIGHT_IS_DISTANCE);
    project(&f, "project", 0, ILONET_PROJECTION_COUNT, &p, NULL);
    assert_near(p.net.row_weight[1], 0.5, 1e-12);
    assert_near(tie(&p, "A", "B"), 2.5, 1e-12);
    fixture_destroy(&p);
    fixture_destroy(&f);
}

/* A directed A->P1 plus P1->A is one membership, not two shared projects. */
static void directed_mutual_ties_count_once(void **state)
{
    (void)state;
    fixture_t f, p;
    fixture_build(&f, "source,target\nA,P1\nP1,A\nB,P1\n", "id,kind\nA,org\nB,org\nP1,project\n", 1,
                  ILONET_WEIGHT_IS_STRENGTH);
    project(&f, "project", 0, ILONET_PROJECTION_COUNT, &p, NULL);
    assert_near(tie(&p, "A", "B"), 1.0, 1e-12);
    fixture_destroy(&p);
    fixture_destroy(&f);
}

static void isolates_kept(void **state)
{
    (void)state;
    fixture_t f, p;
    /* D is the only member of P3; E is in the nodes file with no ties at all */
    fixture_build(&f, "source,target\nA,P1\nB,P1\nD,P3\n",
                  "id,kind\nA,org\nB,org\nD,org\nE,org\nP1,project\nP3,project\n", 0,
                  ILONET_WEIGHT_IS_STRENGTH);
    project(&f, "project", 0, ILONET_PROJECTION_COUNT, &p, NULL);
    assert_int_equal(ilonet_network_node_count(&p.net), 4);
    assert_int_equal(p.net.n_rows, 1);
    igraph_integer_t deg;
    assert_int_equal(igraph_degree_1(&p.graph.g, &deg, (igraph_integer_t)node(&p, "D"), IGRAPH_ALL,
                                     IGRAPH_NO_LOOPS),
                     IGRAPH_SUCCESS);
    assert_int_equal(deg, 0);
    assert_int_equal(igraph_degree_1(&p.graph.g, &deg, (igraph_integer_t)node(&p, "E"), IGRAPH_ALL,
                                     IGRAPH_NO_LOOPS),
                     IGRAPH_SUCCESS);
    assert_int_equal(deg, 0);
    fixture_destroy(&p);
    fixture_destroy(&f);
}

static void node_attributes_carried(void **state)
{
    (void)state;
    fixture_t f, p, q;
    fixture_build(&f, small_edges, small_nodes, 0, ILONET_WEIGHT_IS_STRENGTH);
    project(&f, "project", 0, ILONET_PROJECTION_COUNT, &p, NULL);
    size_t b = node(&p, "B");
    assert_string_equal(ilonet_network_node_label(&p.net, b), "Org B");
    assert_string_equal(ilonet_network_node_kind(&p.net, b), "org");
    assert_int_equal(p.net.n_node_cols, f.net.n_node_cols);
    assert_string_equal(p.net.node_cols[2], "country");
    assert_string_equal(ilonet_network_node_attr(&p.net, b, 2), "Kenya");
    assert_int_equal(p.net.node_line[b], 3);
    assert_true(p.net.has_nodes_file);
    assert_int_equal(p.net.n_declared, 3);
    project(&f, "project", 1, ILONET_PROJECTION_COUNT, &q, NULL);
    size_t p2 = node(&q, "P2");
    assert_string_equal(ilonet_network_node_label(&q.net, p2), "Project two");
    assert_string_equal(ilonet_network_node_kind(&q.net, p2), "Project");
    fixture_destroy(&q);
    fixture_destroy(&p);
    fixture_destroy(&f);
}

static void empty_mode_refused(void **state)
{
    (void)state;
    fixture_t f;
    ilonet_network_t out;
    ilonet_error_t err;
    fixture_build(&f, small_edges, small_nodes, 0, ILONET_WEIGHT_IS_STRENGTH);
    /* no node of the listed kinds: the second mode is empty */
    assert_int_equal(ilonet_twomode_project(&f.net, &f.graph, "programme,forum", 0,
                                            ILONET_PROJECTION_COUNT, &out, NULL, &err),
                     ILONET_EUSAGE);
    assert_non_null(strstr(err.message, "programme,forum"));
    ilonet_network_destroy(&out); /* left destroyed: destroying again is safe */
    /* every node listed: the first mode is empty */
    assert_int_equal(ilonet_twomode_project(&f.net, &f.graph, "org, project", 1,
                                            ILONET_PROJECTION_COUNT, &out, NULL, &err),
                     ILONET_EUSAGE);
    assert_non_null(strstr(err.message, "org, project"));
    assert_int_equal(ilonet_network_node_count(&out), 0);
    /* no kind at all */
    assert_int_equal(ilonet_twomode_project(&f.net, &f.graph, " , ", 0, ILONET_PROJECTION_COUNT,
                                            &out, NULL, &err),
                     ILONET_EUSAGE);
    fixture_destroy(&f);
}

/* Davis, Gardner & Gardner (1941), "Deep South", as in networkx's davis_southern_women_graph:
 * 18 women, 14 events, 89 attendances. */
static void davis_southern_women(void **state)
{
    (void)state;
    fixture_t f, w, nw, e;
    ilonet_twomode_info_t info;
    ilonet_projection_stats_t stats;
    ilonet_error_t err;
    load_files(&f, "tests/data/unit/twomode_davis_edges.csv",
               "tests/data/unit/twomode_davis_nodes.csv");
    assert_int_equal(ilonet_twomode_inspect(&f.net, &f.graph, "event", &info, &err), ILONET_OK);
    assert_int_equal(info.first_mode_nodes, 18);
    assert_int_equal(info.second_mode_nodes, 14);
    assert_int_equal(info.ties_between_modes, 89);
    assert_true(info.is_two_mode);

    /* networkx bipartite.weighted_projected_graph(G, women) has 139 edges; Evelyn Jefferson
     * (E1-E6, E8, E9) and Theresa Anderson (E2-E9) share 7 events. */
    project(&f, "event", 0, ILONET_PROJECTION_COUNT, &w, &stats);
    assert_int_equal(ilonet_network_node_count(&w.net), 18);
    assert_int_equal(stats.pairs, 139);
    assert_int_equal(ilonet_graph_tie_count(&w.graph), 139);
    assert_near(tie(&w, "Evelyn Jefferson", "Theresa Anderson"), 7.0, 1e-12);
    assert_rows_ordered(&w.net);
    /* Each event of size d adds d(d-1)/2 pair-shares; sizes 3,3,6,4,8,8,10,14,12,5,4,6,3,3 */
    double total = 0;
    for (igraph_integer_t t = 0; t < igraph_ecount(&w.graph.g); t++) {
        total += VECTOR(w.graph.strength)[t];
    }
    assert_near(total, 322.0, 1e-9);

    /* Newman: shared events E2(3), E3(6), E4(4), E5(8), E6(8), E8(14), E9(12) attendees;
     * networkx collaboration_weighted_projected_graph gives 1.4868797868797865. Each event adds
     * d/2 in all, so the weights sum to 89/2. */
    project(&f, "event", 0, ILONET_PROJECTION_NEWMAN, &nw, NULL);
    assert_near(tie(&nw, "Evelyn Jefferson", "Theresa Anderson"),
                1.0 / 2 + 1.0 / 5 + 1.0 / 3 + 1.0 / 7 + 1.0 / 7 + 1.0 / 13 + 1.0 / 11, 1e-12);
    total = 0;
    for (igraph_integer_t t = 0; t < igraph_ecount(&nw.graph.g); t++) {
        total += VECTOR(nw.graph.strength)[t];
    }
    assert_near(total, 89.0 / 2, 1e-9);

    /* networkx weighted_projected_graph(G, events) has 66 edges */
    project(&f, "event", 1, ILONET_PROJECTION_COUNT, &e, &stats);
    assert_int_equal(ilonet_network_node_count(&e.net), 14);
    assert_int_equal(stats.pairs, 66);
    fixture_destroy(&e);
    fixture_destroy(&nw);
    fixture_destroy(&w);
    fixture_destroy(&f);
}

/* The ILO data ties organisations to each other as well as to projects, agreements and forums. */
static void ilo_dataset_is_mixed(void **state)
{
    (void)state;
    fixture_t f, p;
    ilonet_twomode_info_t info;
    ilonet_projection_stats_t stats;
    ilonet_error_t err;
    load_files(&f, "datasets/ilo_partnerships/edges.csv", "datasets/ilo_partnerships/nodes.csv");
    assert_int_equal(
        ilonet_twomode_inspect(&f.net, &f.graph, "project,agreement,forum", &info, &err),
        ILONET_OK);
    assert_int_equal(info.second_mode_nodes, 5 + 4 + 9); /* kinds counted in nodes.csv */
    assert_true(info.ties_within_first > 0);
    assert_true(info.ties_between_modes > 0);
    assert_false(info.is_two_mode);
    /* Counted from the CSV files with a python3 csv one-off (distinct unordered pairs, loops
     * dropped): 45 nodes, 78 ties, 47 between the modes, 31 among organisations, none among
     * projects/agreements/forums; 29 organisation pairs share one. Recount if the data change. */
    assert_int_equal(info.first_mode_nodes, 27);
    assert_int_equal(info.ties_between_modes, 47);
    assert_int_equal(info.ties_within_first, 31);
    assert_int_equal(info.ties_within_second, 0);
    assert_int_equal(info.ties_between_modes + info.ties_within_first + info.ties_within_second,
                     ilonet_graph_tie_count(&f.graph));
    project(&f, "project,agreement,forum", 0, ILONET_PROJECTION_COUNT, &p, &stats);
    assert_int_equal(ilonet_network_node_count(&p.net), info.first_mode_nodes);
    assert_int_equal(stats.direct_ties_kept, info.ties_within_first);
    assert_int_equal(stats.pairs, 29);
    assert_rows_ordered(&p.net);
    fixture_destroy(&p);
    fixture_destroy(&f);
}

/* Kind lists: names trimmed of spaces and tabs, empty entries skipped, ASCII case ignored. */
static void kind_list_names_and_matching(void **state)
{
    (void)state;
    const char *list = " project ,, \tAgreement\t, ,", *name = NULL;
    size_t len = 0;
    assert_true(ilonet_twomode_next_kind(&list, &name, &len));
    assert_int_equal(len, 7);
    assert_memory_equal(name, "project", 7);
    assert_true(ilonet_twomode_next_kind(&list, &name, &len));
    assert_int_equal(len, 9);
    assert_memory_equal(name, "Agreement", 9);
    assert_false(ilonet_twomode_next_kind(&list, &name, &len));
    assert_string_equal(list, "");
    list = " , \t,";
    assert_false(ilonet_twomode_next_kind(&list, &name, &len));

    assert_true(ilonet_twomode_kind_listed("project, forum", "PROJECT"));
    assert_true(ilonet_twomode_kind_listed("project, forum", "Forum"));
    assert_false(ilonet_twomode_kind_listed("project, forum", "proj"));
    assert_false(ilonet_twomode_kind_listed("project, forum", "projects"));
    assert_false(ilonet_twomode_kind_listed("project, forum", "project, forum"));
    assert_false(ilonet_twomode_kind_listed("project,,", ""));
    assert_false(ilonet_twomode_kind_listed("", "project"));
    /* only ASCII letters fold: "\xc3\x89" (E acute) is not "\xc3\xa9" (e acute) */
    assert_false(ilonet_twomode_kind_listed("\xc3\x89vent", "\xc3\xa9vent"));
    assert_true(ilonet_twomode_kind_listed("\xc3\xa9VENT", "\xc3\xa9vent"));
}

/* As fixture_build, with the pipeline's row folding on (set before the first row). */
static void fixture_build_folded(fixture_t *f, const char *edges, const char *nodes)
{
    ilonet_error_t err;
    ilonet_load_options_t lo;
    ilonet_load_options_default(&lo);
    ilonet_igraph_setup();
    assert_int_equal(ilonet_network_init(&f->net, &err), ILONET_OK);
    f->net.fold_rows = 1;
    assert_int_equal(ilonet_load_nodes(&f->net, temp_csv(1, nodes), &lo, &err), ILONET_OK);
    assert_int_equal(ilonet_load_edges(&f->net, temp_csv(0, edges), &lo, &err), ILONET_OK);
    ilonet_graph_options_t go = {.directed = 0, .weight_is = ILONET_WEIGHT_IS_STRENGTH};
    assert_int_equal(ilonet_graph_build(&f->graph, &f->net, &go, &err), ILONET_OK);
}

/* With folding, a direct row equal to its pair's shared row in every folded field (same
 * direction, type "shared", no year) folds into that record, as any equal row does; the
 * reversed row does not. Pure two-mode data needs no fold arrays. */
static void folded_direct_row_joins_shared_record(void **state)
{
    (void)state;
    fixture_t f, p;
    static const char nodes[] = "id,kind\nA,org\nB,org\nC,org\nP1,project\n";
    fixture_build_folded(&f, "source,target,type\nA,P1,m\nB,P1,m\nC,P1,m\nA,B,shared\nC,B,shared\n",
                         nodes);
    project(&f, "project", 0, ILONET_PROJECTION_COUNT, &p, NULL);
    /* A-B shared (+ line 5 folded in), A-C shared, B-C shared, then C->B kept on its own */
    assert_int_equal(p.net.fold_rows, 1);
    assert_int_equal(p.net.n_rows, 4);
    assert_int_equal(ilonet_network_row_count(&p.net, 0), 2);
    assert_near(p.net.row_weight[0], 2.0, 1e-12);
    assert_near(ilonet_network_row_inverse(&p.net, 0), 2.0, 1e-12); /* 1/1 + 1/1 */
    assert_int_equal(p.net.folded[0], 1);
    assert_int_equal(p.net.folded_line[0][0], 5);
    assert_int_equal(p.net.folded_into[0][0], 0);
    assert_int_equal(p.net.row_src[3], 2);
    assert_int_equal(p.net.row_dst[3], 1);
    assert_int_equal(p.net.row_line[3], 6);
    assert_int_equal(ilonet_network_row_count(&p.net, 3), 1);
    assert_int_equal(p.net.rows_added, 5);
    assert_near(tie(&p, "A", "B"), 2.0, 1e-12);
    assert_near(tie(&p, "B", "C"), 2.0, 1e-12);
    fixture_destroy(&p);
    fixture_destroy(&f);

    fixture_build_folded(&f, small_edges, small_nodes);
    project(&f, "project", 0, ILONET_PROJECTION_COUNT, &p, NULL);
    assert_int_equal(p.net.fold_rows, 0);
    assert_null(p.net.row_count);
    assert_int_equal(p.net.n_rows, 3);
    assert_int_equal(p.net.rows_added, 3);
    assert_int_equal(p.net.rows_cap, 3); /* allocated once, at the exact size */
    fixture_destroy(&p);
    fixture_destroy(&f);
}

/* The two halves with the input freed in between give the one-call result; a plan is written
 * once. Expected values as in count_projection_by_hand and newman_projection_by_hand. */
static void plan_then_write_after_freeing_input(void **state)
{
    (void)state;
    fixture_t f, p;
    ilonet_error_t err;
    ilonet_projection_stats_t stats;
    ilonet_twomode_plan_t *plan = NULL;
    fixture_build(&f, small_edges, small_nodes, 0, ILONET_WEIGHT_IS_STRENGTH);
    assert_int_equal(ilonet_twomode_plan(&f.net, &f.graph, "project", 0, ILONET_PROJECTION_NEWMAN,
                                         &plan, &stats, &err),
                     ILONET_OK);
    assert_int_equal(stats.pairs, 3);
    assert_int_equal(stats.direct_ties_kept, 0);
    fixture_destroy(&f);
    assert_int_equal(ilonet_twomode_plan_write(plan, &p.net, &err), ILONET_OK);
    ilonet_network_t again;
    assert_int_equal(ilonet_twomode_plan_write(plan, &again, &err), ILONET_EUSAGE);
    ilonet_network_destroy(&again);
    ilonet_twomode_plan_destroy(plan);
    ilonet_twomode_plan_destroy(NULL);
    assert_int_equal(ilonet_network_node_count(&p.net), 3);
    assert_string_equal(ilonet_network_node_label(&p.net, 1), "Org B");
    assert_int_equal(p.net.n_rows, 3);
    assert_near(p.net.row_weight[0], 1.5, 1e-12); /* A-B: P1 (1/1) + P2 (1/2) */
    assert_near(p.net.row_weight[1], 0.5, 1e-12); /* A-C */
    assert_near(p.net.row_weight[2], 0.5, 1e-12); /* B-C */
    assert_rows_ordered(&p.net);
    ilonet_network_destroy(&p.net);

    /* a failed plan leaves nothing to free */
    fixture_build(&f, small_edges, small_nodes, 0, ILONET_WEIGHT_IS_STRENGTH);
    plan = (ilonet_twomode_plan_t *)&f; /* must be reset */
    assert_int_equal(ilonet_twomode_plan(&f.net, &f.graph, "forum", 0, ILONET_PROJECTION_COUNT,
                                         &plan, NULL, &err),
                     ILONET_EUSAGE);
    assert_null(plan);
    fixture_destroy(&f);
}

/* A tiny deterministic generator, so that the brute-force check below sees many shapes. */
static unsigned next_rand(unsigned *s)
{
    *s = *s * 1103515245u + 12345u;
    return (*s >> 16) & 0x7fff;
}

/* Against a brute-force reference on a random bipartite graph (orgs x projects, memberships
 * drawn at random): for every pair of organisations, the shared projects and the Newman sum over
 * them in project index order (the documented order, so the doubles must be equal, not just
 * close); rows in pair order. */
static void check_against_brute_force(int orgs, int projects, int draws, unsigned seed)
{
    enum { MAX_ORGS = 160, MAX_PROJECTS = 40, CAP = 16384 };
    static char edges[CAP], nodes[CAP];
    static unsigned char member[MAX_ORGS][MAX_PROJECTS];
    assert_true(orgs <= MAX_ORGS && projects <= MAX_PROJECTS);
    size_t at = (size_t)snprintf(nodes, CAP, "id,kind\n");
    for (int o = 0; o < orgs; o++) {
        at += (size_t)snprintf(nodes + at, CAP - at, "o%03d,org\n", o);
    }
    for (int q = 0; q < projects; q++) {
        at += (size_t)snprintf(nodes + at, CAP - at, "p%02d,project\n", q);
    }
    at = (size_t)snprintf(edges, CAP, "source,target\n");
    memset(member, 0, sizeof member);
    for (int i = 0; i < draws; i++) {
        int o = (int)(next_rand(&seed) % (unsigned)orgs);
        int q = (int)(next_rand(&seed) % (unsigned)projects);
        /* repeated memberships and either direction: the graph merges them */
        if (next_rand(&seed) % 2) {
            at += (size_t)snprintf(edges + at, CAP - at, "o%03d,p%02d\n", o, q);
        } else {
            at += (size_t)snprintf(edges + at, CAP - at, "p%02d,o%03d\n", q, o);
        }
        member[o][q] = 1;
    }
    assert_true(at < CAP - 1);
    for (int weighting = 0; weighting < 2; weighting++) {
        fixture_t f, p;
        fixture_build(&f, edges, nodes, 0, ILONET_WEIGHT_IS_STRENGTH);
        project(&f, "project", 0, weighting ? ILONET_PROJECTION_NEWMAN : ILONET_PROJECTION_COUNT,
                &p, NULL);
        size_t r = 0;
        for (int a = 0; a < orgs; a++) {
            for (int b = a + 1; b < orgs; b++) {
                double sum = 0.0;
                int shared = 0;
                for (int q = 0; q < projects; q++) {
                    int d = 0;
                    for (int o = 0; o < orgs; o++) {
                        d += member[o][q];
                    }
                    if (member[a][q] && member[b][q]) {
                        sum += weighting ? 1.0 / (double)(d - 1) : 1.0;
                        shared = 1;
                    }
                }
                if (!shared) {
                    continue;
                }
                assert_true(r < p.net.n_rows);
                assert_int_equal(p.net.row_src[r], (size_t)a); /* nodes file order: o000.. */
                assert_int_equal(p.net.row_dst[r], (size_t)b);
                assert_true(p.net.row_weight[r] == sum);
                r++;
            }
        }
        assert_int_equal(p.net.n_rows, r);
        assert_true(r > 50); /* the data is not trivially sparse */
        fixture_destroy(&p);
        fixture_destroy(&f);
    }
}

static void matches_brute_force_on_random_data(void **state)
{
    (void)state;
    /* small projects: each node's pairs are few (sorted one by one) */
    check_against_brute_force(40, 30, 220, 7);
    /* a few large projects: most nodes above a are a's partners (picked out in order) */
    check_against_brute_force(150, 5, 400, 11);
    /* in between: lists of some dozens of partners */
    check_against_brute_force(150, 40, 700, 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(count_projection_by_hand),
        cmocka_unit_test(newman_projection_by_hand),
        cmocka_unit_test(projection_onto_projects),
        cmocka_unit_test(inspect_bipartite),
        cmocka_unit_test(inspect_and_project_mixed),
        cmocka_unit_test(kept_row_of_distance_data_is_a_strength),
        cmocka_unit_test(directed_mutual_ties_count_once),
        cmocka_unit_test(isolates_kept),
        cmocka_unit_test(node_attributes_carried),
        cmocka_unit_test(empty_mode_refused),
        cmocka_unit_test(davis_southern_women),
        cmocka_unit_test(ilo_dataset_is_mixed),
        cmocka_unit_test(kind_list_names_and_matching),
        cmocka_unit_test(folded_direct_row_joins_shared_record),
        cmocka_unit_test(plan_then_write_after_freeing_input),
        cmocka_unit_test(matches_brute_force_on_random_data),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
