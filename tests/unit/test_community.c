/* Collaboration clusters: every method's partitions, their numbering, modularity, tries,
 * comparison and stability. */
#define _POSIX_C_SOURCE 200809L
#include <signal.h>

#include "karate.h"
#include "net_fixture.h"

static void cluster(fixture_t *f, ilonet_clusters_t *cl, const char *edges, const char *nodes,
                    int directed, unsigned long seed)
{
    ilonet_error_t err;
    fixture_build(f, edges, nodes, directed, ILONET_WEIGHT_IS_STRENGTH);
    ilonet_status_t st = ilonet_community_louvain(cl, &f->graph, seed, &err);
    if (st != ILONET_OK) {
        fail_msg("louvain failed: %s", err.message);
    }
}

#define M(id) VECTOR(cl.membership)[node(&f, id)]

static const char two_triangles[] = "source,target\na,b\nb,c\na,c\nx,y\ny,z\nx,z\nc,x\n";

static void two_triangles_joined_by_a_bridge(void **state)
{
    (void)state;
    fixture_t f;
    ilonet_clusters_t cl;
    cluster(&f, &cl, two_triangles, NULL, 0, 42);
    assert_int_equal(cl.n_clusters, 2);
    assert_int_equal(M("a"), M("b"));
    assert_int_equal(M("a"), M("c"));
    assert_int_equal(M("x"), M("z"));
    assert_int_not_equal(M("a"), M("x"));
    /* Q = 2 * (3/7 - (7/14)^2) for two 3-edge halves of a 7-edge graph */
    assert_near(cl.modularity, 2.0 * (3.0 / 7.0 - 0.25), 1e-12);
    assert_string_equal(cl.method, "louvain");
    ilonet_clusters_destroy(&cl);
    fixture_destroy(&f);
}

static void clusters_are_numbered_by_size_largest_first(void **state)
{
    (void)state;
    fixture_t f;
    ilonet_clusters_t cl;
    /* a 4-clique and a 2-node pair, listed small one first */
    cluster(&f, &cl, "source,target\np,q\na,b\na,c\na,d\nb,c\nb,d\nc,d\n", NULL, 0, 42);
    assert_int_equal(cl.n_clusters, 2);
    assert_int_equal(M("a"), 1);
    assert_int_equal(M("p"), 2);
    ilonet_clusters_destroy(&cl);
    fixture_destroy(&f);
}

static void renumber_breaks_size_ties_by_first_node(void **state)
{
    (void)state;
    ilonet_clusters_t cl;
    ilonet_error_t err;
    memset(&cl, 0, sizeof cl);
    igraph_integer_t labels[] = {5, 2, 2, 5, 7, 0, 0, 0};
    igraph_vector_int_init_array(&cl.membership, labels, 8);
    cl.ready = 1;
    assert_int_equal(ilonet_community_renumber(&cl, &err), ILONET_OK);
    igraph_integer_t want[] = {2, 3, 3, 2, 4, 1, 1, 1};
    for (int i = 0; i < 8; i++) {
        assert_int_equal(VECTOR(cl.membership)[i], want[i]);
    }
    assert_int_equal(cl.n_clusters, 4);
    ilonet_clusters_destroy(&cl);
}

static void isolates_form_their_own_clusters(void **state)
{
    (void)state;
    fixture_t f;
    ilonet_clusters_t cl;
    cluster(&f, &cl, "source,target\na,b\n", "id\na\nb\nlone1\nlone2\n", 0, 42);
    assert_int_equal(cl.n_clusters, 3);
    assert_int_equal(M("a"), 1);
    assert_int_not_equal(M("lone1"), M("lone2"));
    ilonet_clusters_destroy(&cl);
    fixture_destroy(&f);
}

static char *read_all(const char *path)
{
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    char *buf = calloc(1, 8192);
    size_t n = fread(buf, 1, 8191, fp);
    buf[n] = '\0';
    fclose(fp);
    return buf;
}

static void karate_club_finds_the_known_high_modularity_split(void **state)
{
    (void)state;
    const char *csv = read_karate();
    fixture_t f;
    ilonet_clusters_t cl;
    cluster(&f, &cl, csv, NULL, 0, 42);
    /* the best known partition has Q = 0.4198 with 4 groups; Louvain reaches 0.41-0.42 */
    assert_true(cl.modularity > 0.40 && cl.modularity < 0.4199);
    assert_true(cl.n_clusters >= 3 && cl.n_clusters <= 5);
    /* the instructor (1) and the administrator (34) end up apart, as in the real split */
    assert_int_not_equal(M("1"), M("34"));
    ilonet_clusters_destroy(&cl);
    fixture_destroy(&f);
}

static void same_seed_gives_same_partition(void **state)
{
    (void)state;
    const char *csv = read_karate();
    fixture_t f;
    ilonet_clusters_t first, again;
    ilonet_error_t err;
    fixture_build(&f, csv, NULL, 0, ILONET_WEIGHT_IS_STRENGTH);
    assert_int_equal(ilonet_community_louvain(&first, &f.graph, 7, &err), ILONET_OK);
    for (int run = 0; run < 5; run++) {
        assert_int_equal(ilonet_community_louvain(&again, &f.graph, 7, &err), ILONET_OK);
        assert_true(igraph_vector_int_all_e(&first.membership, &again.membership));
        assert_true(first.modularity == again.modularity);
        ilonet_clusters_destroy(&again);
    }
    ilonet_clusters_destroy(&first);
    fixture_destroy(&f);
}

static void directed_graph_is_clustered_as_undirected(void **state)
{
    (void)state;
    fixture_t f;
    ilonet_clusters_t cl;
    cluster(&f, &cl, two_triangles, NULL, 1, 42);
    assert_true(cl.used_undirected);
    assert_int_equal(cl.n_clusters, 2);
    assert_near(cl.modularity, 2.0 * (3.0 / 7.0 - 0.25), 1e-12);
    ilonet_clusters_destroy(&cl);
    fixture_destroy(&f);
}

static void no_ties_gives_undefined_modularity(void **state)
{
    (void)state;
    fixture_t f;
    ilonet_clusters_t cl;
    cluster(&f, &cl, "source,target\na,a\n", NULL, 0, 42);
    assert_int_equal(cl.n_clusters, 1);
    assert_true(isnan(cl.modularity));
    ilonet_clusters_destroy(&cl);
    fixture_destroy(&f);
}

/* ---- helpers for the methods added after Louvain ---- */

static const char two_cliques[] =
    "source,target\n"
    "a1,a2\na1,a3\na1,a4\na1,a5\na2,a3\na2,a4\na2,a5\na3,a4\na3,a5\na4,a5\n"
    "b1,b2\nb1,b3\nb1,b4\nb1,b5\nb2,b3\nb2,b4\nb2,b5\nb3,b4\nb3,b5\nb4,b5\n"
    "a1,b1\n";

static const char two_disjoint_triangles[] = "source,target\na,b\nb,c\na,c\nx,y\ny,z\nx,z\n";

static ilonet_cluster_options_t options(ilonet_cluster_method_t m, unsigned long seed)
{
    ilonet_cluster_options_t o;
    ilonet_cluster_options_default(&o);
    o.method = m;
    o.seed = seed;
    return o;
}

static void detect_ok(ilonet_clusters_t *cl, const fixture_t *f, const ilonet_cluster_options_t *o)
{
    ilonet_error_t err;
    ilonet_status_t st = ilonet_community_detect(cl, &f->graph, o, &err);
    if (st != ILONET_OK) {
        fail_msg("%s failed: %s", ilonet_cluster_method_name(o->method), err.message);
    }
}

/* Every node labelled 1..k, every label used, labels ordered by cluster size. */
static void assert_valid_partition(const ilonet_clusters_t *cl, size_t n)
{
    assert_true(cl->ready);
    assert_int_equal((size_t)igraph_vector_int_size(&cl->membership), n);
    assert_true(cl->n_clusters >= 1 && cl->n_clusters <= n);
    size_t *size = calloc(cl->n_clusters + 1, sizeof *size);
    assert_non_null(size);
    for (size_t i = 0; i < n; i++) {
        igraph_integer_t c = VECTOR(cl->membership)[i];
        assert_true(c >= 1 && (size_t)c <= cl->n_clusters);
        size[c]++;
    }
    for (size_t c = 1; c <= cl->n_clusters; c++) {
        assert_true(size[c] > 0);
        if (c > 1) {
            assert_true(size[c] <= size[c - 1]);
        }
    }
    free(size);
}

/* Newman's Q = sum over clusters of L_c/m - (D_c/2m)^2, written out from the tie list (a tie
 * taken either way; A->B and B->A both count, which is the same as summing them). */
static double modularity_by_hand(const ilonet_graph_t *gr, const igraph_vector_int_t *membership,
                                 size_t k)
{
    double *inside = calloc(k + 1, sizeof *inside), *degree = calloc(k + 1, sizeof *degree);
    double m = 0.0, q = 0.0;
    assert_true(inside != NULL && degree != NULL);
    for (igraph_integer_t e = 0; e < igraph_ecount(&gr->g); e++) {
        igraph_integer_t cu = VECTOR(*membership)[IGRAPH_FROM(&gr->g, e)];
        igraph_integer_t cv = VECTOR(*membership)[IGRAPH_TO(&gr->g, e)];
        double w = VECTOR(gr->strength)[e];
        m += w;
        degree[cu] += w;
        degree[cv] += w;
        if (cu == cv) {
            inside[cu] += w;
        }
    }
    for (size_t c = 0; c <= k; c++) {
        q += inside[c] / m - (degree[c] / (2.0 * m)) * (degree[c] / (2.0 * m));
    }
    free(inside);
    free(degree);
    return q;
}

/* Modularity recomputed outside the module: by hand and by igraph on the 0-based labels. */
static void assert_modularity_matches(const ilonet_clusters_t *cl, const ilonet_graph_t *gr)
{
    assert_near(cl->modularity, modularity_by_hand(gr, &cl->membership, cl->n_clusters), 1e-12);
    if (!gr->directed) {
        igraph_vector_int_t zero_based;
        igraph_real_t q;
        igraph_vector_int_init_copy(&zero_based, &cl->membership);
        igraph_vector_int_add_constant(&zero_based, -1);
        assert_int_equal(igraph_modularity(&gr->g, &zero_based, &gr->strength, 1.0, 0, &q),
                         IGRAPH_SUCCESS);
        assert_near(cl->modularity, q, 1e-12);
        igraph_vector_int_destroy(&zero_based);
    }
}

static void every_method_gives_a_valid_partition_of_the_karate_club(void **state)
{
    (void)state;
    const char *csv = read_karate();
    fixture_t f;
    fixture_build(&f, csv, NULL, 0, ILONET_WEIGHT_IS_STRENGTH);
    for (int m = 0; m < ILONET_CLUSTER_METHOD_COUNT; m++) {
        ilonet_cluster_options_t o = options((ilonet_cluster_method_t)m, 42);
        ilonet_clusters_t cl;
        detect_ok(&cl, &f, &o);
        assert_valid_partition(&cl, 34);
        assert_modularity_matches(&cl, &f.graph);
        assert_string_equal(cl.method, ilonet_cluster_method_name((ilonet_cluster_method_t)m));
        assert_false(cl.used_undirected);
        if (ilonet_cluster_method_is_stochastic((ilonet_cluster_method_t)m)) {
            assert_int_equal(cl.tries, ILONET_DEFAULT_TRIES);
            assert_true(cl.best_try < cl.tries);
        } else {
            assert_int_equal(cl.tries, 1);
            assert_int_equal(cl.best_try, 0);
        }
        if (m == ILONET_CLUSTER_COMPONENTS) {
            /* the club is connected: one cluster, Q = 1 - 1 = 0 */
            assert_int_equal(cl.n_clusters, 1);
            assert_near(cl.modularity, 0.0, 1e-12);
        } else {
            /* every method finds the two factions, at least: instructor (1) and administrator
             * (34) apart */
            assert_true(cl.n_clusters >= 2);
            assert_int_not_equal(VECTOR(cl.membership)[node(&f, "1")],
                                 VECTOR(cl.membership)[node(&f, "34")]);
        }
        if (m == ILONET_CLUSTER_EDGEBETWEENNESS) {
            /* Newman & Girvan, Phys. Rev. E 69, 026113 (2004), fig. 7: the Girvan-Newman
             * dendrogram of the karate club peaks at Q = 0.401 */
            assert_near(cl.modularity, 0.401, 0.0005);
        }
        ilonet_clusters_destroy(&cl);
    }
    fixture_destroy(&f);
}

static void louvain_with_default_tries_finds_the_best_karate_partition(void **state)
{
    (void)state;
    const char *csv = read_karate();
    fixture_t f;
    ilonet_clusters_t cl;
    fixture_build(&f, csv, NULL, 0, ILONET_WEIGHT_IS_STRENGTH);
    ilonet_cluster_options_t o;
    ilonet_cluster_options_default(&o);
    detect_ok(&cl, &f, &o);
    /* The maximum modularity of the karate club is 0.4198, 4 clusters, proven optimal by
     * integer programming (Brandes et al., IEEE TKDE 20(2), 2008, "On modularity clustering";
     * Agarwal & Kempe, Eur. Phys. J. B 66, 2008). Nothing may exceed it. */
    assert_true(cl.modularity >= 0.41);
    assert_true(cl.modularity <= 0.41985);
    assert_string_equal(cl.method, "louvain");
    ilonet_clusters_destroy(&cl);
    fixture_destroy(&f);
}

static void louvain_with_one_try_is_the_old_louvain(void **state)
{
    (void)state;
    const char *csv = read_karate();
    fixture_t f;
    ilonet_error_t err;
    fixture_build(&f, csv, NULL, 0, ILONET_WEIGHT_IS_STRENGTH);
    for (unsigned long seed = 1; seed <= 20; seed++) {
        ilonet_clusters_t old, one;
        ilonet_cluster_options_t o = options(ILONET_CLUSTER_LOUVAIN, seed);
        o.tries = 1;
        assert_int_equal(ilonet_community_louvain(&old, &f.graph, seed, &err), ILONET_OK);
        detect_ok(&one, &f, &o);
        assert_true(igraph_vector_int_all_e(&old.membership, &one.membership));
        assert_true(old.modularity == one.modularity);
        assert_int_equal(one.tries, 1);
        assert_int_equal(one.best_try, 0);
        ilonet_clusters_destroy(&old);
        ilonet_clusters_destroy(&one);
    }
    fixture_destroy(&f);
}

static void more_tries_never_lower_modularity(void **state)
{
    (void)state;
    const char *csv = read_karate();
    fixture_t f;
    fixture_build(&f, csv, NULL, 0, ILONET_WEIGHT_IS_STRENGTH);
    /* try k of a longer run is try k of a shorter one (same seeds), so the best can only rise */
    for (int m = 0; m < ILONET_CLUSTER_METHOD_COUNT; m++) {
        if (!ilonet_cluster_method_is_stochastic((ilonet_cluster_method_t)m)) {
            continue;
        }
        double prev = -1.0;
        for (unsigned tries = 1; tries <= 9; tries += 4) {
            ilonet_clusters_t cl;
            ilonet_cluster_options_t o = options((ilonet_cluster_method_t)m, 3);
            o.tries = tries;
            detect_ok(&cl, &f, &o);
            assert_int_equal(cl.tries, tries);
            assert_true(cl.modularity >= prev);
            prev = cl.modularity;
            ilonet_clusters_destroy(&cl);
        }
    }
    fixture_destroy(&f);
}

static void davis_with_default_tries_reaches_the_best_modularity(void **state)
{
    (void)state;
    char *csv = read_all("tests/data/unit/davis.csv");
    fixture_t f;
    ilonet_clusters_t cl;
    igraph_vector_int_t opt_membership;
    igraph_real_t opt;
    fixture_build(&f, csv, NULL, 0, ILONET_WEIGHT_IS_STRENGTH);
    assert_int_equal(igraph_vcount(&f.graph.g), 18 + 14);
    assert_int_equal(igraph_ecount(&f.graph.g), 89);
    /* The exact optimum, by integer programming (GLPK), is 0.33600555 with 3 clusters;
     * networkx.algorithms.community.modularity gives the same value for that partition. */
    igraph_vector_int_init(&opt_membership, 0);
    assert_int_equal(
        igraph_community_optimal_modularity(&f.graph.g, &opt, &opt_membership, &f.graph.strength),
        IGRAPH_SUCCESS);
    assert_near(opt, 0.33600555, 1e-8);
    ilonet_cluster_options_t o;
    ilonet_cluster_options_default(&o);
    detect_ok(&cl, &f, &o);
    assert_near(cl.modularity, opt, 1e-12);
    assert_int_equal(cl.n_clusters, 3);
    /* the optimum: two circles of women with their events, and a middle group around E7, E8 */
    assert_int_equal(M("Evelyn Jefferson"), M("E1"));
    assert_int_equal(M("Nora Fayette"), M("E14"));
    assert_int_equal(M("Ruth DeSand"), M("E8"));
    assert_int_not_equal(M("E1"), M("E14"));
    assert_int_not_equal(M("E1"), M("E8"));
    assert_int_not_equal(M("E14"), M("E8"));
    igraph_vector_int_destroy(&opt_membership);
    ilonet_clusters_destroy(&cl);
    fixture_destroy(&f);
    free(csv);
}

static void components_of_two_disjoint_triangles(void **state)
{
    (void)state;
    fixture_t f;
    ilonet_clusters_t cl;
    fixture_build(&f, two_disjoint_triangles, NULL, 0, ILONET_WEIGHT_IS_STRENGTH);
    ilonet_cluster_options_t o = options(ILONET_CLUSTER_COMPONENTS, 42);
    detect_ok(&cl, &f, &o);
    assert_int_equal(cl.n_clusters, 2);
    assert_int_equal(M("a"), M("c"));
    assert_int_equal(M("x"), M("z"));
    assert_int_not_equal(M("a"), M("x"));
    /* two 3-tie halves of 6 ties: 2 * (3/6 - (6/12)^2) */
    assert_near(cl.modularity, 0.5, 1e-12);
    ilonet_clusters_destroy(&cl);
    fixture_destroy(&f);
}

static void edge_betweenness_cuts_the_bridge(void **state)
{
    (void)state;
    fixture_t f;
    ilonet_clusters_t cl;
    fixture_build(&f, two_triangles, NULL, 0, ILONET_WEIGHT_IS_STRENGTH);
    ilonet_cluster_options_t o = options(ILONET_CLUSTER_EDGEBETWEENNESS, 42);
    detect_ok(&cl, &f, &o);
    /* c-x carries all 9 cross paths, more than any triangle tie */
    assert_int_equal(cl.n_clusters, 2);
    assert_int_equal(M("a"), M("c"));
    assert_int_equal(M("x"), M("z"));
    assert_int_not_equal(M("c"), M("x"));
    assert_near(cl.modularity, 2.0 * (3.0 / 7.0 - 0.25), 1e-12);
    ilonet_clusters_destroy(&cl);
    fixture_destroy(&f);
}

/* igraph 0.10.2's own fastgreedy membership stopped one merge short of its best cut here. */
static void fastgreedy_takes_the_best_cut_of_its_dendrogram(void **state)
{
    (void)state;
    fixture_t f;
    ilonet_clusters_t cl;
    /* triangle a-b-c (a-b twice: strength 2) plus pendant a-d; m = 5, degrees a 4, b 3, c 2,
     * d 1. One cluster: Q = 0. {a,b,c}{d}: 4/5 - 0.81 - 0.01 = -0.02. {a,b}{c,d}: -0.18;
     * {a,d}{b,c}: -0.1. So the best cut is the whole graph. */
    fixture_build(&f, "source,target\na,b\nb,a\nb,c\nc,a\na,d\n", NULL, 0,
                  ILONET_WEIGHT_IS_STRENGTH);
    ilonet_cluster_options_t o = options(ILONET_CLUSTER_FASTGREEDY, 42);
    detect_ok(&cl, &f, &o);
    assert_int_equal(cl.n_clusters, 1);
    assert_near(cl.modularity, 0.0, 1e-12);
    ilonet_clusters_destroy(&cl);
    fixture_destroy(&f);
}

static void edge_betweenness_is_refused_above_the_limit(void **state)
{
    (void)state;
    /* a path with one tie more than the limit */
    size_t ties = ILONET_EDGEBETWEENNESS_MAX_TIES + 1, cap = 32 + ties * 24, len = 0;
    char *csv = malloc(cap);
    assert_non_null(csv);
    len += (size_t)snprintf(csv + len, cap - len, "source,target\n");
    for (size_t i = 0; i < ties; i++) {
        len += (size_t)snprintf(csv + len, cap - len, "p%zu,p%zu\n", i, i + 1);
    }
    fixture_t f;
    ilonet_clusters_t cl;
    ilonet_error_t err;
    char limit[32];
    fixture_build(&f, csv, NULL, 0, ILONET_WEIGHT_IS_STRENGTH);
    assert_int_equal(ilonet_graph_tie_count(&f.graph), ties);
    ilonet_cluster_options_t o = options(ILONET_CLUSTER_EDGEBETWEENNESS, 42);
    assert_int_equal(ilonet_community_detect(&cl, &f.graph, &o, &err), ILONET_EUSAGE);
    snprintf(limit, sizeof limit, "%d", ILONET_EDGEBETWEENNESS_MAX_TIES);
    assert_non_null(strstr(err.message, limit));
    assert_non_null(strstr(err.message, "edgebetweenness"));
    ilonet_clusters_destroy(&cl); /* safe: left zeroed */
    /* the same graph is fine for the other methods */
    o.method = ILONET_CLUSTER_FASTGREEDY;
    detect_ok(&cl, &f, &o);
    assert_valid_partition(&cl, ties + 1);
    ilonet_clusters_destroy(&cl);
    fixture_destroy(&f);
    free(csv);
}

static void bad_options_are_usage_errors(void **state)
{
    (void)state;
    fixture_t f;
    ilonet_clusters_t cl;
    ilonet_error_t err;
    fixture_build(&f, two_triangles, NULL, 0, ILONET_WEIGHT_IS_STRENGTH);
    ilonet_cluster_options_t o = options(ILONET_CLUSTER_LOUVAIN, 42);
    o.tries = 0;
    assert_int_equal(ilonet_community_detect(&cl, &f.graph, &o, &err), ILONET_EUSAGE);
    o = options(ILONET_CLUSTER_LEIDEN, 42);
    o.resolution = 0.0;
    assert_int_equal(ilonet_community_detect(&cl, &f.graph, &o, &err), ILONET_EUSAGE);
    o.resolution = NAN;
    assert_int_equal(ilonet_community_detect(&cl, &f.graph, &o, &err), ILONET_EUSAGE);
    o = options(ILONET_CLUSTER_METHOD_COUNT, 42);
    assert_int_equal(ilonet_community_detect(&cl, &f.graph, &o, &err), ILONET_EUSAGE);
    /* NULL options are the defaults */
    assert_int_equal(ilonet_community_detect(&cl, &f.graph, NULL, &err), ILONET_OK);
    assert_string_equal(cl.method, "louvain");
    assert_int_equal(cl.tries, ILONET_DEFAULT_TRIES);
    ilonet_clusters_destroy(&cl);
    fixture_destroy(&f);
}

static void leiden_resolution_changes_the_scale(void **state)
{
    (void)state;
    fixture_t f;
    ilonet_clusters_t cl;
    fixture_build(&f, two_triangles, NULL, 0, ILONET_WEIGHT_IS_STRENGTH);
    /* Q_g = sum L_c/m - g (D_c/2m)^2. At g = 0.01 one cluster scores 1 - 0.01 = 0.99 and the
     * two triangles 6/7 - 0.01/2 = 0.852; at g = 1 one cluster scores 0, the triangles 0.357. */
    ilonet_cluster_options_t o = options(ILONET_CLUSTER_LEIDEN, 42);
    o.resolution = 0.01;
    detect_ok(&cl, &f, &o);
    assert_int_equal(cl.n_clusters, 1);
    assert_near(cl.modularity, 0.0, 1e-12); /* reported at resolution 1 */
    ilonet_clusters_destroy(&cl);
    o.resolution = 1.0;
    detect_ok(&cl, &f, &o);
    assert_int_equal(cl.n_clusters, 2);
    assert_near(cl.modularity, 2.0 * (3.0 / 7.0 - 0.25), 1e-12);
    ilonet_clusters_destroy(&cl);
    fixture_destroy(&f);
}

static void every_method_on_a_directed_graph(void **state)
{
    (void)state;
    fixture_t f;
    fixture_build(&f, two_triangles, NULL, 1, ILONET_WEIGHT_IS_STRENGTH);
    for (int m = 0; m < ILONET_CLUSTER_METHOD_COUNT; m++) {
        ilonet_cluster_options_t o = options((ilonet_cluster_method_t)m, 42);
        ilonet_clusters_t cl;
        detect_ok(&cl, &f, &o);
        assert_valid_partition(&cl, 6);
        assert_modularity_matches(&cl, &f.graph);
        /* only infomap and edge betweenness follow tie direction in igraph 0.10.2 */
        assert_int_equal(cl.used_undirected,
                         m != ILONET_CLUSTER_INFOMAP && m != ILONET_CLUSTER_EDGEBETWEENNESS);
        ilonet_clusters_destroy(&cl);
    }
    fixture_destroy(&f);
}

static void every_method_keeps_an_isolate_alone(void **state)
{
    (void)state;
    fixture_t f;
    fixture_build(&f, two_triangles, "id\na\nlone\n", 0, ILONET_WEIGHT_IS_STRENGTH);
    for (int m = 0; m < ILONET_CLUSTER_METHOD_COUNT; m++) {
        ilonet_cluster_options_t o = options((ilonet_cluster_method_t)m, 42);
        ilonet_clusters_t cl;
        detect_ok(&cl, &f, &o);
        assert_valid_partition(&cl, 7);
        assert_modularity_matches(&cl, &f.graph);
        for (size_t i = 0; i < 7; i++) {
            if (i != node(&f, "lone")) {
                assert_int_not_equal(VECTOR(cl.membership)[i], M("lone"));
            }
        }
        ilonet_clusters_destroy(&cl);
    }
    fixture_destroy(&f);
}

static void every_method_without_ties_gives_singletons(void **state)
{
    (void)state;
    fixture_t f;
    fixture_build(&f, "source,target\na,a\n", "id\na\nb\nc\n", 0, ILONET_WEIGHT_IS_STRENGTH);
    for (int m = 0; m < ILONET_CLUSTER_METHOD_COUNT; m++) {
        ilonet_cluster_options_t o = options((ilonet_cluster_method_t)m, 42);
        ilonet_clusters_t cl;
        detect_ok(&cl, &f, &o);
        assert_int_equal(cl.n_clusters, 3);
        assert_valid_partition(&cl, 3);
        assert_true(isnan(cl.modularity));
        assert_int_equal(cl.tries, 1);
        ilonet_clusters_destroy(&cl);
    }
    fixture_destroy(&f);
}

static void method_names_round_trip(void **state)
{
    (void)state;
    static const char *const names[] = {"louvain", "leiden",     "labelprop",       "walktrap",
                                        "infomap", "fastgreedy", "edgebetweenness", "components"};
    assert_int_equal(sizeof names / sizeof *names, ILONET_CLUSTER_METHOD_COUNT);
    for (int m = 0; m < ILONET_CLUSTER_METHOD_COUNT; m++) {
        ilonet_cluster_method_t back = ILONET_CLUSTER_METHOD_COUNT;
        assert_string_equal(ilonet_cluster_method_name((ilonet_cluster_method_t)m), names[m]);
        assert_int_equal(ilonet_cluster_method_parse(names[m], &back), 0);
        assert_int_equal(back, m);
    }
    ilonet_cluster_method_t untouched = ILONET_CLUSTER_WALKTRAP;
    assert_int_equal(ilonet_cluster_method_parse("spinglass", &untouched), -1);
    assert_int_equal(ilonet_cluster_method_parse("Louvain", &untouched), -1);
    assert_int_equal(ilonet_cluster_method_parse("", &untouched), -1);
    assert_int_equal(ilonet_cluster_method_parse(NULL, &untouched), -1);
    assert_int_equal(untouched, ILONET_CLUSTER_WALKTRAP);
    assert_string_equal(ilonet_cluster_method_name(ILONET_CLUSTER_METHOD_COUNT), "unknown");
    assert_true(ilonet_cluster_method_is_stochastic(ILONET_CLUSTER_LOUVAIN));
    assert_true(ilonet_cluster_method_is_stochastic(ILONET_CLUSTER_LEIDEN));
    assert_true(ilonet_cluster_method_is_stochastic(ILONET_CLUSTER_LABELPROP));
    assert_true(ilonet_cluster_method_is_stochastic(ILONET_CLUSTER_INFOMAP));
    assert_false(ilonet_cluster_method_is_stochastic(ILONET_CLUSTER_WALKTRAP));
    assert_false(ilonet_cluster_method_is_stochastic(ILONET_CLUSTER_FASTGREEDY));
    assert_false(ilonet_cluster_method_is_stochastic(ILONET_CLUSTER_EDGEBETWEENNESS));
    assert_false(ilonet_cluster_method_is_stochastic(ILONET_CLUSTER_COMPONENTS));
    ilonet_cluster_options_t o;
    ilonet_cluster_options_default(&o);
    assert_int_equal(o.method, ILONET_CLUSTER_LOUVAIN);
    assert_true(o.resolution == 1.0);
    assert_int_equal(o.tries, ILONET_DEFAULT_TRIES);
    assert_int_equal(o.seed, 42);
}

static void compare_pair(const igraph_integer_t *a, const igraph_integer_t *b, size_t n,
                         double *nmi, double *ari)
{
    igraph_vector_int_t va, vb;
    ilonet_error_t err;
    igraph_vector_int_init_array(&va, a, (igraph_integer_t)n);
    igraph_vector_int_init_array(&vb, b, (igraph_integer_t)n);
    assert_int_equal(ilonet_community_compare(&va, &vb, nmi, ari, &err), ILONET_OK);
    igraph_vector_int_destroy(&va);
    igraph_vector_int_destroy(&vb);
}

static void compare_partitions(void **state)
{
    (void)state;
    double nmi, ari;
    /* identical up to labels, 1-based or not */
    igraph_integer_t p[] = {1, 1, 2, 2, 3}, q[] = {7, 7, 0, 0, 4};
    compare_pair(p, q, 5, &nmi, &ari);
    assert_near(nmi, 1.0, 1e-12);
    assert_near(ari, 1.0, 1e-12);
    /* a split against no split: mutual information 0, and the pairs agree exactly as often as
     * chance predicts (index 2, expected 2*6/6 = 2), so ARI = 0 */
    igraph_integer_t split[] = {1, 1, 2, 2}, whole[] = {1, 1, 1, 1};
    compare_pair(split, whole, 4, &nmi, &ari);
    assert_near(nmi, 0.0, 1e-12);
    assert_near(ari, 0.0, 1e-12);
    /* {111222} vs {112233}: pairs together in both 2, in a 6, in b 3, of 15:
     * ARI = (2 - 6*3/15) / ((6+3)/2 - 6*3/15) = 0.8/3.3; MI = (2/3) ln 2, H = ln 2 and ln 3:
     * NMI = 2 MI / (H_a + H_b) = (4/3) ln 2 / ln 6 */
    igraph_integer_t a[] = {1, 1, 1, 2, 2, 2}, b[] = {1, 1, 2, 2, 3, 3};
    compare_pair(a, b, 6, &nmi, &ari);
    assert_near(ari, 0.8 / 3.3, 1e-12);
    assert_near(nmi, (4.0 / 3.0) * log(2.0) / log(6.0), 1e-12);
    /* the same trivial partition: igraph's ARI is 0/0, agreement is perfect */
    compare_pair(whole, whole, 4, &nmi, &ari);
    assert_near(nmi, 1.0, 1e-12);
    assert_near(ari, 1.0, 1e-12);
    igraph_integer_t apart[] = {1, 2, 3, 4};
    compare_pair(apart, apart, 4, &nmi, &ari);
    assert_near(nmi, 1.0, 1e-12);
    assert_near(ari, 1.0, 1e-12);
    compare_pair(apart, apart, 1, &nmi, &ari);
    assert_near(nmi, 1.0, 1e-12);
    assert_near(ari, 1.0, 1e-12);
    compare_pair(apart, whole, 4, NULL, &ari); /* NULL outputs allowed */

    igraph_vector_int_t va, vb;
    ilonet_error_t err;
    igraph_integer_t neg[] = {0, -1, 1};
    igraph_vector_int_init_array(&va, p, 5);
    igraph_vector_int_init_array(&vb, p, 4);
    assert_int_equal(ilonet_community_compare(&va, &vb, &nmi, &ari, &err), ILONET_EUSAGE);
    igraph_vector_int_destroy(&vb);
    igraph_vector_int_init_array(&vb, neg, 3);
    igraph_vector_int_resize(&va, 3);
    assert_int_equal(ilonet_community_compare(&va, &vb, &nmi, &ari, &err), ILONET_EUSAGE);
    igraph_vector_int_destroy(&va);
    igraph_vector_int_destroy(&vb);
}

static void stability_of_two_cliques_is_complete(void **state)
{
    (void)state;
    fixture_t f;
    fixture_build(&f, two_cliques, NULL, 0, ILONET_WEIGHT_IS_STRENGTH);
    ilonet_cluster_method_t methods[] = {ILONET_CLUSTER_LOUVAIN, ILONET_CLUSTER_LEIDEN,
                                         ILONET_CLUSTER_INFOMAP, ILONET_CLUSTER_COMPONENTS};
    for (size_t k = 0; k < sizeof methods / sizeof *methods; k++) {
        ilonet_cluster_options_t o = options(methods[k], 42);
        ilonet_clusters_t cl;
        igraph_vector_t ns, cs;
        ilonet_error_t err;
        detect_ok(&cl, &f, &o);
        assert_int_equal(cl.n_clusters, methods[k] == ILONET_CLUSTER_COMPONENTS ? 1 : 2);
        assert_int_equal(ilonet_community_stability(&f.graph, &o, &cl, 20, &ns, &cs, &err),
                         ILONET_OK);
        assert_int_equal(igraph_vector_size(&ns), 10);
        assert_int_equal((size_t)igraph_vector_size(&cs), cl.n_clusters);
        for (igraph_integer_t i = 0; i < 10; i++) {
            assert_true(VECTOR(ns)[i] == 1.0);
        }
        for (size_t c = 0; c < cl.n_clusters; c++) {
            assert_true(VECTOR(cs)[c] == 1.0);
        }
        igraph_vector_destroy(&ns);
        igraph_vector_destroy(&cs);
        ilonet_clusters_destroy(&cl);
    }
    fixture_destroy(&f);
}

static void stability_counts_majority_members_by_hand(void **state)
{
    (void)state;
    fixture_t f;
    ilonet_clusters_t ref;
    igraph_vector_t ns, cs;
    ilonet_error_t err;
    fixture_build(&f, two_disjoint_triangles, NULL, 0, ILONET_WEIGHT_IS_STRENGTH);
    /* reference {b,c} {y,z} {a,x} against the components {a,b,c} {x,y,z}: the first two map
     * whole; {a,x} is split 1-1 between the run's clusters 1 (a's) and 2, so the tie goes to
     * the smaller label, 1, and only a scores */
    memset(&ref, 0, sizeof ref);
    igraph_vector_int_init(&ref.membership, 6);
    ref.ready = 1;
    ref.n_clusters = 3;
    VECTOR(ref.membership)[node(&f, "b")] = 1;
    VECTOR(ref.membership)[node(&f, "c")] = 1;
    VECTOR(ref.membership)[node(&f, "y")] = 2;
    VECTOR(ref.membership)[node(&f, "z")] = 2;
    VECTOR(ref.membership)[node(&f, "a")] = 3;
    VECTOR(ref.membership)[node(&f, "x")] = 3;
    ilonet_cluster_options_t o = options(ILONET_CLUSTER_COMPONENTS, 42);
    assert_int_equal(ilonet_community_stability(&f.graph, &o, &ref, 5, &ns, &cs, &err), ILONET_OK);
    const char *ids[] = {"a", "b", "c", "x", "y", "z"};
    double want[] = {1, 1, 1, 0, 1, 1};
    for (size_t k = 0; k < 6; k++) {
        assert_true(VECTOR(ns)[node(&f, ids[k])] == want[k]);
    }
    assert_true(VECTOR(cs)[0] == 1.0);
    assert_true(VECTOR(cs)[1] == 1.0);
    assert_true(VECTOR(cs)[2] == 0.5);
    igraph_vector_destroy(&ns);
    igraph_vector_destroy(&cs);

    /* a reference that does not fit, and no runs, are usage errors */
    assert_int_equal(ilonet_community_stability(&f.graph, &o, &ref, 0, &ns, &cs, &err),
                     ILONET_EUSAGE);
    VECTOR(ref.membership)[0] = 4;
    assert_int_equal(ilonet_community_stability(&f.graph, &o, &ref, 5, &ns, &cs, &err),
                     ILONET_EUSAGE);
    ilonet_clusters_destroy(&ref);
    fixture_destroy(&f);
}

static void stability_repeats_with_the_same_seed(void **state)
{
    (void)state;
    const char *csv = read_karate();
    fixture_t f;
    ilonet_clusters_t cl;
    ilonet_error_t err;
    igraph_vector_t ns1, cs1, ns2, cs2;
    const unsigned runs = 10;
    fixture_build(&f, csv, NULL, 0, ILONET_WEIGHT_IS_STRENGTH);
    ilonet_cluster_options_t o = options(ILONET_CLUSTER_LOUVAIN, 7);
    detect_ok(&cl, &f, &o);
    assert_int_equal(ilonet_community_stability(&f.graph, &o, &cl, runs, &ns1, &cs1, &err),
                     ILONET_OK);
    assert_int_equal(ilonet_community_stability(&f.graph, &o, &cl, runs, &ns2, &cs2, &err),
                     ILONET_OK);
    assert_true(igraph_vector_all_e(&ns1, &ns2));
    assert_true(igraph_vector_all_e(&cs1, &cs2));
    /* shares of 10 runs, and each cluster's value is its members' mean */
    for (size_t c = 1; c <= cl.n_clusters; c++) {
        double sum = 0.0;
        size_t members = 0;
        for (igraph_integer_t i = 0; i < 34; i++) {
            double v = VECTOR(ns1)[i];
            assert_true(v >= 0.0 && v <= 1.0);
            assert_near(v * runs, round(v * runs), 1e-9);
            if ((size_t)VECTOR(cl.membership)[i] == c) {
                sum += v;
                members++;
            }
        }
        assert_near(VECTOR(cs1)[c - 1], sum / (double)members, 1e-12);
    }
    igraph_vector_destroy(&ns1);
    igraph_vector_destroy(&cs1);
    igraph_vector_destroy(&ns2);
    igraph_vector_destroy(&cs2);
    ilonet_clusters_destroy(&cl);
    fixture_destroy(&f);
}

/* Clustering in child processes is what ilonet_community_detect gives, field for field, for
 * stochastic methods with several tries shared out to 1, 2, 3 and more children than tries, and
 * for a deterministic method. */
static void background_clustering_equals_detect(void **state)
{
    (void)state;
    fixture_t f;
    ilonet_error_t err;
    fixture_build(&f, read_karate(), NULL, 0, ILONET_WEIGHT_IS_STRENGTH);
    ilonet_cluster_method_t methods[] = {ILONET_CLUSTER_LOUVAIN, ILONET_CLUSTER_LABELPROP,
                                         ILONET_CLUSTER_FASTGREEDY};
    unsigned processes[] = {1, 2, 3, 40};
    for (size_t m = 0; m < sizeof methods / sizeof methods[0]; m++) {
        ilonet_cluster_options_t o = options(methods[m], 7);
        o.tries = 9;
        ilonet_clusters_t here;
        detect_ok(&here, &f, &o);
        for (size_t p = 0; p < sizeof processes / sizeof processes[0]; p++) {
            ilonet_clusters_t behind;
            ilonet_cluster_job_t job;
            ilonet_community_detect_start(&job, &f.graph, &o, processes[p]);
            unsigned want = ilonet_cluster_method_is_stochastic(methods[m])
                                ? (processes[p] < o.tries ? processes[p] : o.tries)
                                : 1;
            assert_int_equal(job.n_children, want);
            assert_int_equal(ilonet_community_detect_finish(&job, &behind, &f.graph, &o, &err),
                             ILONET_OK);
            assert_int_equal(job.n_children, 0);
            assert_true(igraph_vector_int_all_e(&here.membership, &behind.membership));
            assert_int_equal(here.n_clusters, behind.n_clusters);
            assert_memory_equal(&here.modularity, &behind.modularity, sizeof here.modularity);
            assert_string_equal(here.method, behind.method);
            assert_int_equal(here.tries, behind.tries);
            assert_int_equal(here.best_try, behind.best_try);
            assert_int_equal(here.used_undirected, behind.used_undirected);
            ilonet_clusters_destroy(&behind);
        }
        ilonet_clusters_destroy(&here);
    }
    fixture_destroy(&f);
}

/* The best try is found whichever child ran it: with tries spread over 3 children, the kept
 * try (best_try) is the one a single pass keeps, also when it is not try 0. */
static void background_clustering_keeps_the_best_try_of_any_child(void **state)
{
    (void)state;
    fixture_t f;
    ilonet_error_t err;
    fixture_build(&f, read_karate(), NULL, 0, ILONET_WEIGHT_IS_STRENGTH);
    int seen_late = 0;
    for (unsigned long seed = 1; seed <= 12; seed++) {
        ilonet_cluster_options_t o = options(ILONET_CLUSTER_LABELPROP, seed);
        o.tries = 7;
        ilonet_clusters_t here, behind;
        ilonet_cluster_job_t job;
        detect_ok(&here, &f, &o);
        ilonet_community_detect_start(&job, &f.graph, &o, 3);
        assert_int_equal(ilonet_community_detect_finish(&job, &behind, &f.graph, &o, &err),
                         ILONET_OK);
        assert_int_equal(here.best_try, behind.best_try);
        assert_true(igraph_vector_int_all_e(&here.membership, &behind.membership));
        seen_late |= here.best_try % 3 != 0;
        ilonet_clusters_destroy(&here);
        ilonet_clusters_destroy(&behind);
    }
    assert_true(seen_late); /* some best try came from a child other than the first */
    fixture_destroy(&f);
}

/* A job that never started (a zeroed one, as after a failed fork) is done in the caller; bad
 * options give ilonet_community_detect's own error; cancel reaps running children. */
static void background_clustering_falls_back_and_cancels(void **state)
{
    (void)state;
    fixture_t f;
    ilonet_error_t err;
    ilonet_clusters_t cl;
    fixture_build(&f, read_karate(), NULL, 0, ILONET_WEIGHT_IS_STRENGTH);
    ilonet_cluster_options_t o = options(ILONET_CLUSTER_LOUVAIN, 42);
    ilonet_cluster_job_t job;
    memset(&job, 0, sizeof job);
    assert_int_equal(ilonet_community_detect_finish(&job, &cl, &f.graph, &o, &err), ILONET_OK);
    assert_valid_partition(&cl, 34);
    ilonet_clusters_destroy(&cl);

    o.tries = 0;
    ilonet_community_detect_start(&job, &f.graph, &o, 2);
    assert_int_equal(job.n_children, 0);
    assert_int_equal(ilonet_community_detect_finish(&job, &cl, &f.graph, &o, &err), ILONET_EUSAGE);
    assert_non_null(strstr(err.message, "tries"));

    o.tries = 50;
    ilonet_community_detect_start(&job, &f.graph, &o, 2);
    assert_int_equal(job.n_children, 2);
    long pid[2] = {job.child[0].pid, job.child[1].pid};
    ilonet_community_detect_cancel(&job);
    assert_int_equal(job.n_children, 0);
    for (int i = 0; i < 2; i++) {
        assert_int_equal(kill((pid_t)pid[i], 0), -1); /* reaped: no such process */
    }
    ilonet_community_detect_cancel(&job); /* twice is harmless */
    fixture_destroy(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(two_triangles_joined_by_a_bridge),
        cmocka_unit_test(clusters_are_numbered_by_size_largest_first),
        cmocka_unit_test(renumber_breaks_size_ties_by_first_node),
        cmocka_unit_test(isolates_form_their_own_clusters),
        cmocka_unit_test(karate_club_finds_the_known_high_modularity_split),
        cmocka_unit_test(same_seed_gives_same_partition),
        cmocka_unit_test(directed_graph_is_clustered_as_undirected),
        cmocka_unit_test(no_ties_gives_undefined_modularity),
        cmocka_unit_test(every_method_gives_a_valid_partition_of_the_karate_club),
        cmocka_unit_test(louvain_with_default_tries_finds_the_best_karate_partition),
        cmocka_unit_test(louvain_with_one_try_is_the_old_louvain),
        cmocka_unit_test(more_tries_never_lower_modularity),
        cmocka_unit_test(davis_with_default_tries_reaches_the_best_modularity),
        cmocka_unit_test(components_of_two_disjoint_triangles),
        cmocka_unit_test(edge_betweenness_cuts_the_bridge),
        cmocka_unit_test(fastgreedy_takes_the_best_cut_of_its_dendrogram),
        cmocka_unit_test(edge_betweenness_is_refused_above_the_limit),
        cmocka_unit_test(bad_options_are_usage_errors),
        cmocka_unit_test(leiden_resolution_changes_the_scale),
        cmocka_unit_test(every_method_on_a_directed_graph),
        cmocka_unit_test(every_method_keeps_an_isolate_alone),
        cmocka_unit_test(every_method_without_ties_gives_singletons),
        cmocka_unit_test(method_names_round_trip),
        cmocka_unit_test(compare_partitions),
        cmocka_unit_test(stability_of_two_cliques_is_complete),
        cmocka_unit_test(stability_counts_majority_members_by_hand),
        cmocka_unit_test(stability_repeats_with_the_same_seed),
        cmocka_unit_test(background_clustering_equals_detect),
        cmocka_unit_test(background_clustering_keeps_the_best_try_of_any_child),
        cmocka_unit_test(background_clustering_falls_back_and_cancels),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
