/* Collaboration clusters: Louvain results, their numbering, modularity and repeatability. */
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
    char *csv = read_all("tests/data/karate.csv");
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
    free(csv);
}

static void same_seed_gives_same_partition(void **state)
{
    (void)state;
    char *csv = read_all("tests/data/karate.csv");
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
    free(csv);
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
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
