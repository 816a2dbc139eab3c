/* Brokerage and structure measures on graphs whose values can be worked out by hand, and on
 * Zachary's karate club against the values networkx reports for nx.karate_club_graph(), each
 * re-derived independently from tests/data/karate.csv with a few lines of plain Python (BFS,
 * triangle counting, Pearson correlation over both orientations of each tie). */
#include "karate.h"
#include "net_fixture.h"

#include "ilonet/structure.h"

typedef struct {
    fixture_t f;
    ilonet_node_structure_t ns;
    ilonet_network_structure_t gs;
} measured_t;

static void measure(measured_t *m, const char *edges, const char *nodes, int directed,
                    ilonet_weight_is_t wi)
{
    ilonet_error_t err;
    fixture_build(&m->f, edges, nodes, directed, wi);
    if (ilonet_structure_nodes(&m->ns, &m->f.graph, &err) != ILONET_OK) {
        fail_msg("node structure failed: %s", err.message);
    }
    if (ilonet_structure_network(&m->gs, &m->f.graph, &m->f.net, &err) != ILONET_OK) {
        fail_msg("network structure failed: %s", err.message);
    }
}

static void release(measured_t *m)
{
    ilonet_node_structure_destroy(&m->ns);
    fixture_destroy(&m->f);
}

#define R(vec, id) VECTOR(m.ns.vec)[node(&m.f, id)]

static void triangle_with_pendant_clustering(void **state)
{
    (void)state;
    measured_t m;
    measure(&m, "source,target\na,b\nb,c\na,c\nc,d\n", NULL, 0, ILONET_WEIGHT_IS_STRENGTH);
    /* a and b: their two neighbours are tied. c: of its 3 neighbour pairs (a-b, a-d, b-d) only
     * a-b is tied. d: one neighbour, no pair. */
    assert_near(R(clustering, "a"), 1.0, 1e-12);
    assert_near(R(clustering, "b"), 1.0, 1e-12);
    assert_near(R(clustering, "c"), 1.0 / 3.0, 1e-12);
    assert_true(isnan(R(clustering, "d")));
    /* connected triples: 1 at a, 1 at b, C(3,2) = 3 at c; closed: 3 (one triangle) -> 3/5 */
    assert_near(m.gs.transitivity, 0.6, 1e-12);
    /* mean over a, b, c only (d has one neighbour): (1 + 1 + 1/3) / 3 */
    assert_near(m.gs.average_clustering, 7.0 / 9.0, 1e-12);
    assert_false(m.ns.has_hub_authority);
    assert_int_equal(igraph_vector_size(&m.ns.hub), 0);
    release(&m);
}

static void constraint_of_a_star(void **state)
{
    (void)state;
    measured_t m;
    measure(&m, "source,target\nhub,l1\nhub,l2\nhub,l3\nhub,l4\n",
            "id\nhub\nl1\nl2\nl3\nl4\nalone\n", 0, ILONET_WEIGHT_IS_STRENGTH);
    /* Burt: c_i = sum_j (p_ij + sum_q p_iq p_qj)^2. Leaves are not tied to each other, so there
     * are no indirect terms: the hub has p = 1/4 to each of 4 leaves -> 4 * (1/4)^2 = 1/4; a leaf
     * puts everything into the hub -> 1^2 = 1. */
    assert_near(R(constraint, "hub"), 0.25, 1e-12);
    assert_near(R(constraint, "l1"), 1.0, 1e-12);
    assert_near(R(constraint, "l4"), 1.0, 1e-12);
    assert_true(isnan(R(constraint, "alone")));
    assert_true(isnan(R(clustering, "alone")));
    release(&m);
}

static void constraint_of_a_triangle(void **state)
{
    (void)state;
    measured_t m;
    measure(&m, "source,target\na,b\nb,c\na,c\n", NULL, 0, ILONET_WEIGHT_IS_STRENGTH);
    /* each node: p = 1/2 to each of 2 contacts, plus the indirect 1/2 * 1/2 = 1/4 through the
     * third node: 2 * (1/2 + 1/4)^2 = 2 * 9/16 = 18/16 = 1.125 */
    assert_near(R(constraint, "a"), 1.125, 1e-12);
    assert_near(R(constraint, "b"), 1.125, 1e-12);
    assert_near(R(constraint, "c"), 1.125, 1e-12);
    release(&m);
}

static void constraint_uses_tie_strength(void **state)
{
    (void)state;
    measured_t m;
    /* strengths 1, 1, 2 from the hub: p = 1/4, 1/4, 1/2 -> 1/16 + 1/16 + 1/4 = 3/8 */
    measure(&m, "source,target,weight\nhub,x,1\nhub,y,1\nhub,z,2\n", NULL, 0,
            ILONET_WEIGHT_IS_STRENGTH);
    assert_near(R(constraint, "hub"), 0.375, 1e-12);
    release(&m);
    /* the same as distances 1, 1, 0.5 (strength = 1 / distance) */
    measure(&m, "source,target,weight\nhub,x,1\nhub,y,1\nhub,z,0.5\n", NULL, 0,
            ILONET_WEIGHT_IS_DISTANCE);
    assert_near(R(constraint, "hub"), 0.375, 1e-12);
    release(&m);
}

static void hubs_and_authorities_of_a_small_citation_graph(void **state)
{
    (void)state;
    measured_t m;
    measure(&m, "source,target\nh1,a1\nh1,a2\nh2,a1\n", NULL, 1, ILONET_WEIGHT_IS_STRENGTH);
    assert_true(m.ns.has_hub_authority);
    /* Authorities: leading eigenvector of A^T A. On {a1, a2} it is [[2, 1], [1, 1]] (a1 is cited
     * twice, a2 once, both by h1), eigenvalue (3 + sqrt 5) / 2, eigenvector (1, (sqrt 5 - 1) / 2)
     * from (2 - lambda) x + y = 0. Hubs: A A^T on {h1, h2} is the same matrix. Nobody cites h1 or
     * h2 and a1, a2 cite nobody, so the other scores are 0. */
    double g = (sqrt(5.0) - 1.0) / 2.0;
    assert_near(R(authority, "a1"), 1.0, 1e-9);
    assert_near(R(authority, "a2"), g, 1e-9);
    assert_near(R(authority, "h1"), 0.0, 1e-9);
    assert_near(R(hub, "h1"), 1.0, 1e-9);
    assert_near(R(hub, "h2"), g, 1e-9);
    assert_near(R(hub, "a1"), 0.0, 1e-9);
    assert_false(signbit(R(hub, "a1")));
    release(&m);
}

static void path_of_five(void **state)
{
    (void)state;
    measured_t m;
    /* weights as distances 1, 2, 3, 4 */
    measure(&m, "source,target,weight\na,b,1\nb,c,2\nc,d,3\nd,e,4\n", NULL, 0,
            ILONET_WEIGHT_IS_DISTANCE);
    assert_near(m.gs.diameter_hops, 4.0, 1e-12);
    assert_near(m.gs.diameter_weighted, 10.0, 1e-12);
    /* 4 pairs at 1, 3 at 2, 2 at 3, 1 at 4: 20 / 10 */
    assert_near(m.gs.average_path_length, 2.0, 1e-12);
    assert_int_equal(m.gs.components, 1);
    assert_int_equal(m.gs.largest_component, 5);
    assert_near(m.gs.largest_component_share, 1.0, 1e-12);
    /* 3 connected triples (at b, c, d), none closed */
    assert_near(m.gs.transitivity, 0.0, 1e-12);
    assert_near(m.gs.average_clustering, 0.0, 1e-12);
    release(&m);
}

/* The path figures from sampled sources: on a ring of 10 nodes every node sees the same
 * distances (1, 1, 2, 2, 3, 3, 4, 4, 5), so 5 evenly spread sources give the exact diameter 5
 * and average 25/9; on a path of 5, sources 0 and 2 (a and c, spread over 5 nodes as 0*5/2,
 * 1*5/2) reach at most 4 hops from a and a weighted 1+2+3+4 = 10 from a. */
static void sampled_path_figures(void **state)
{
    (void)state;
    ilonet_error_t err;
    fixture_t f;
    ilonet_network_structure_t gs;
    fixture_build(&f,
                  "source,target\nn0,n1\nn1,n2\nn2,n3\nn3,n4\nn4,n5\nn5,n6\nn6,n7\nn7,n8\n"
                  "n8,n9\nn9,n0\n",
                  NULL, 0, ILONET_WEIGHT_IS_STRENGTH);
    assert_int_equal(ilonet_structure_network_sampled(&gs, &f.graph, &f.net, 5, &err), ILONET_OK);
    assert_int_equal(gs.path_sources, 5);
    assert_near(gs.diameter_hops, 5.0, 1e-12);
    assert_near(gs.diameter_weighted, 5.0, 1e-12);
    assert_near(gs.average_path_length, 25.0 / 9.0, 1e-12);
    assert_int_equal(gs.components, 1);
    fixture_destroy(&f);
    fixture_build(&f, "source,target,weight\na,b,1\nb,c,2\nc,d,3\nd,e,4\n", NULL, 0,
                  ILONET_WEIGHT_IS_DISTANCE);
    assert_int_equal(ilonet_structure_network_sampled(&gs, &f.graph, &f.net, 2, &err), ILONET_OK);
    assert_near(gs.diameter_hops, 4.0, 1e-12);
    assert_near(gs.diameter_weighted, 10.0, 1e-12);
    /* from a: 1, 2, 3, 4 hops; from c: 2, 1, 1, 2: 16 / 8 */
    assert_near(gs.average_path_length, 2.0, 1e-12);
    /* k = 0 or k >= V: exact, and recorded as exact */
    assert_int_equal(ilonet_structure_network_sampled(&gs, &f.graph, &f.net, 5, &err), ILONET_OK);
    assert_int_equal(gs.path_sources, 0);
    fixture_destroy(&f);
}

/* The sampled figures against igraph's own searches from the same sources (source j of k is
 * node j * V / k): a pseudo-random graph of 400 rows on 120 nodes (some unreached) with lengths
 * 0.1 .. 4.6 in steps of 0.1, undirected and directed (paths outward). Whole-number hop sums and
 * lengths compared as the very same doubles: shortest-path lengths are minima of sums made in
 * one way, whatever the search. */
static void sampled_paths_match_igraph_searches(void **state)
{
    (void)state;
    enum { NODES = 120, TIES = 400, K = 7 };
    static char csv[TIES * 40 + 64];
    size_t at = (size_t)snprintf(csv, sizeof csv, "source,target,weight\n");
    unsigned long x = 12345;
    for (int t = 0; t < TIES; t++) {
        x = (x * 1103515245UL + 12345UL) % 2147483648UL;
        unsigned long a = (x >> 16) % NODES;
        x = (x * 1103515245UL + 12345UL) % 2147483648UL;
        unsigned long b = (x >> 16) % NODES, w = 1 + (x >> 8) % 46;
        at += (size_t)snprintf(csv + at, sizeof csv - at, "n%lu,n%lu,%lu.%lu\n", a, b, w / 10,
                               w % 10);
    }
    for (int directed = 0; directed <= 1; directed++) {
        ilonet_error_t err;
        fixture_t f;
        ilonet_network_structure_t gs;
        igraph_matrix_t hops, len;
        igraph_vector_int_t from;
        fixture_build(&f, csv, NULL, directed, ILONET_WEIGHT_IS_DISTANCE);
        igraph_integer_t n = igraph_vcount(&f.graph.g);
        assert_int_equal(ilonet_structure_network_sampled(&gs, &f.graph, &f.net, K, &err),
                         ILONET_OK);
        assert_int_equal(igraph_vector_int_init(&from, K), IGRAPH_SUCCESS);
        for (int j = 0; j < K; j++) {
            VECTOR(from)[j] = (igraph_integer_t)(((double)j * (double)n) / (double)K);
        }
        assert_int_equal(igraph_matrix_init(&hops, 0, 0), IGRAPH_SUCCESS);
        assert_int_equal(igraph_matrix_init(&len, 0, 0), IGRAPH_SUCCESS);
        igraph_neimode_t mode = directed ? IGRAPH_OUT : IGRAPH_ALL;
        assert_int_equal(
            igraph_distances(&f.graph.g, &hops, igraph_vss_vector(&from), igraph_vss_all(), mode),
            IGRAPH_SUCCESS);
        assert_int_equal(igraph_distances_dijkstra(&f.graph.g, &len, igraph_vss_vector(&from),
                                                   igraph_vss_all(), &f.graph.distance, mode),
                         IGRAPH_SUCCESS);
        double max_hops = 0, max_len = 0, sum = 0, pairs = 0;
        for (int j = 0; j < K; j++) {
            for (igraph_integer_t c = 0; c < n; c++) {
                if (c != VECTOR(from)[j] && isfinite(MATRIX(hops, j, c))) {
                    max_hops = fmax(max_hops, MATRIX(hops, j, c));
                    max_len = fmax(max_len, MATRIX(len, j, c));
                    sum += MATRIX(hops, j, c);
                    pairs += 1;
                }
            }
        }
        assert_true(pairs > 700); /* most pairs reached: long paths are compared */
        assert_true(gs.diameter_hops == max_hops);
        assert_true(gs.diameter_weighted == max_len);
        assert_true(gs.average_path_length == sum / pairs);
        igraph_matrix_destroy(&hops);
        igraph_matrix_destroy(&len);
        igraph_vector_int_destroy(&from);
        fixture_destroy(&f);
    }
}

static void two_components_and_an_isolate(void **state)
{
    (void)state;
    measured_t m;
    measure(&m, "source,target\na,b\nb,c\nd,e\n", "id\na\nb\nc\nd\ne\nf\n", 0,
            ILONET_WEIGHT_IS_STRENGTH);
    /* reachable pairs only: a-b 1, b-c 1, a-c 2, d-e 1 */
    assert_near(m.gs.diameter_hops, 2.0, 1e-12);
    assert_near(m.gs.average_path_length, 5.0 / 4.0, 1e-12);
    assert_int_equal(m.gs.components, 3);
    assert_int_equal(m.gs.largest_component, 3);
    assert_near(m.gs.largest_component_share, 0.5, 1e-12);
    release(&m);
}

static void star_is_disassortative_and_fully_centralized(void **state)
{
    (void)state;
    measured_t m;
    measure(&m, "source,target\nhub,l1\nhub,l2\nhub,l3\nhub,l4\n", NULL, 0,
            ILONET_WEIGHT_IS_STRENGTH);
    /* every tie joins degree 4 to degree 1 */
    assert_near(m.gs.degree_assortativity, -1.0, 1e-12);
    /* Freeman: sum of (4 - d_i) = 4 * 3 over its maximum (n-1)(n-2) = 12 */
    assert_near(m.gs.degree_centralization, 1.0, 1e-12);
    assert_near(m.gs.diameter_hops, 2.0, 1e-12);
    assert_true(isnan(m.gs.kind_assortativity)); /* no kinds at all */
    release(&m);
}

static void karate_club_matches_reference_values(void **state)
{
    (void)state;
    measured_t m;
    measure(&m, read_karate(), NULL, 0, ILONET_WEIGHT_IS_STRENGTH);
    /* r = -0.4756 is the value usually quoted for the karate club (networkx's
     * degree_assortativity_coefficient); the Pearson correlation of end degrees over both
     * orientations of the 78 ties (Newman's definition) gives -0.47561309768461. */
    assert_near(m.gs.degree_assortativity, -0.4756130977, 1e-9);
    /* networkx: transitivity 0.2556818181818182 (= 135 closed / 528 triples), average_path_length
     * 2.408199643493761, diameter 5 */
    assert_near(m.gs.transitivity, 0.2556818181818182, 1e-12);
    assert_near(m.gs.average_path_length, 2.408199643493761, 1e-12);
    assert_near(m.gs.diameter_hops, 5.0, 1e-12);
    /* networkx's average_clustering 0.5706384782076823 counts node 12 (degree 1) as 0 over 34
     * nodes; ours leaves it out, averaging over the other 33. */
    assert_near(m.gs.average_clustering, 0.5706384782076823 * 34.0 / 33.0, 1e-12);
    assert_int_equal(m.gs.components, 1);
    assert_near(m.gs.largest_component_share, 1.0, 1e-12);
    assert_true(isnan(R(clustering, "12")));
    release(&m);
}

static void kinds_that_only_meet_their_own(void **state)
{
    (void)state;
    measured_t m;
    /* two triangles, one of orgs and one of projects; u (kind unknown) is tied to an org and a
     * project, but ties with an unknown end do not count */
    measure(&m, "source,target\na,b\nb,c\na,c\nx,y\ny,z\nx,z\nu,a\nu,x\n",
            "id,kind\na,org\nb,org\nc,org\nx,project\ny,project\nz,project\nu,\n", 0,
            ILONET_WEIGHT_IS_STRENGTH);
    assert_near(m.gs.kind_assortativity, 1.0, 1e-12);
    release(&m);
}

static void kinds_that_only_meet_the_other(void **state)
{
    (void)state;
    measured_t m;
    /* every tie crosses: e_AB = e_BA = 1/2, a_i = b_i = 1/2, r = (0 - 1/2) / (1 - 1/2) = -1 */
    measure(&m, "source,target\na,x\nx,b\nb,y\n", "id,kind\na,org\nb,org\nx,project\ny,project\n",
            0, ILONET_WEIGHT_IS_STRENGTH);
    assert_near(m.gs.kind_assortativity, -1.0, 1e-12);
    release(&m);
}

static void one_kind_leaves_kind_mixing_undefined(void **state)
{
    (void)state;
    measured_t m;
    measure(&m, "source,target\na,b\nb,c\n", "id,kind\na,org\nb,org\nc,org\n", 0,
            ILONET_WEIGHT_IS_STRENGTH);
    assert_true(isnan(m.gs.kind_assortativity));
    release(&m);
}

static void directed_paths_follow_ties_outward(void **state)
{
    (void)state;
    measured_t m;
    /* a->b<-c: outward, the only paths are a->b and c->b (undirected, a-c would be 2 hops) */
    measure(&m, "source,target\na,b\nc,b\n", NULL, 1, ILONET_WEIGHT_IS_STRENGTH);
    assert_near(m.gs.diameter_hops, 1.0, 1e-12);
    assert_near(m.gs.average_path_length, 1.0, 1e-12);
    assert_int_equal(m.gs.components, 1); /* weakly connected */
    /* distinct neighbours: b is the centre of a 3-node star */
    assert_near(m.gs.degree_centralization, 1.0, 1e-12);
    release(&m);
}

static void directed_clustering_takes_ties_either_way(void **state)
{
    (void)state;
    measured_t m;
    /* a<->b, b->c, c->a: as undirected ties, one triangle (the mutual pair is one tie) */
    measure(&m, "source,target\na,b\nb,a\nb,c\nc,a\n", NULL, 1, ILONET_WEIGHT_IS_STRENGTH);
    assert_near(R(clustering, "a"), 1.0, 1e-12);
    assert_near(R(clustering, "c"), 1.0, 1e-12);
    assert_near(m.gs.transitivity, 1.0, 1e-12);
    assert_near(m.gs.average_clustering, 1.0, 1e-12);
    /* a triangle has all degrees 2: nothing to centralize */
    assert_near(m.gs.degree_centralization, 0.0, 1e-12);
    release(&m);
}

static void single_tie_leaves_undefined_values_nan(void **state)
{
    (void)state;
    measured_t m;
    measure(&m, "source,target\na,b\n", NULL, 0, ILONET_WEIGHT_IS_STRENGTH);
    assert_true(isnan(m.gs.transitivity));
    assert_true(isnan(m.gs.average_clustering));
    /* both ends have degree 1: zero variance */
    assert_true(isnan(m.gs.degree_assortativity));
    /* two nodes: the centralization maximum is 0 */
    assert_true(isnan(m.gs.degree_centralization));
    assert_near(m.gs.diameter_hops, 1.0, 1e-12);
    assert_near(R(constraint, "a"), 1.0, 1e-12);
    release(&m);
}

static void no_ties_at_all(void **state)
{
    (void)state;
    measured_t m;
    /* the loader wants one edge row; a self-loop is dropped, leaving no tie */
    measure(&m, "source,target\na,a\n", "id\na\nb\nc\n", 1, ILONET_WEIGHT_IS_STRENGTH);
    assert_int_equal(ilonet_graph_tie_count(&m.f.graph), 0);
    assert_true(isnan(m.gs.diameter_hops));
    assert_true(isnan(m.gs.diameter_weighted));
    assert_true(isnan(m.gs.average_path_length));
    assert_true(isnan(m.gs.degree_assortativity));
    assert_true(isnan(m.gs.transitivity));
    assert_int_equal(m.gs.components, 3);
    assert_near(m.gs.largest_component_share, 1.0 / 3.0, 1e-12);
    assert_near(m.gs.degree_centralization, 0.0, 1e-12);
    /* no ties: every node equally (un)important, as for eigenvector centrality */
    assert_near(R(hub, "a"), 1.0, 1e-12);
    assert_near(R(authority, "c"), 1.0, 1e-12);
    assert_true(isnan(R(constraint, "a")));
    release(&m);
}

/* Directed ties: igraph_constraint on the directed graph counts a pair as a_ij + a_ji; ilonet
 * measures the undirected version with the two strengths summed, which is the same quantity
 * (rounded in another order), so the two agree to 1e-12 relative. */
static void directed_constraint_matches_igraph(void **state)
{
    (void)state;
    measured_t m;
    igraph_vector_t co;
    measure(&m, "source,target,weight\na,b,1\nb,a,2\nb,c,3\nc,a,1.5\nc,d,2\nd,b,0.7\ne,c,4\n",
            "id\na\nb\nc\nd\ne\nf\n", 1, ILONET_WEIGHT_IS_STRENGTH);
    assert_int_equal(igraph_vector_init(&co, 0), IGRAPH_SUCCESS);
    assert_int_equal(igraph_constraint(&m.f.graph.g, &co, igraph_vss_all(), &m.f.graph.strength),
                     IGRAPH_SUCCESS);
    for (igraph_integer_t i = 0; i < igraph_vcount(&m.f.graph.g); i++) {
        double mine = VECTOR(m.ns.constraint)[i], ref = VECTOR(co)[i];
        if (isnan(ref)) {
            assert_true(isnan(mine));
        } else {
            assert_true(fabs(mine - ref) <= 1e-12 * fabs(ref));
        }
    }
    assert_true(isnan(R(constraint, "f")));
    igraph_vector_destroy(&co);
    release(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(triangle_with_pendant_clustering),
        cmocka_unit_test(constraint_of_a_star),
        cmocka_unit_test(constraint_of_a_triangle),
        cmocka_unit_test(constraint_uses_tie_strength),
        cmocka_unit_test(hubs_and_authorities_of_a_small_citation_graph),
        cmocka_unit_test(path_of_five),
        cmocka_unit_test(sampled_path_figures),
        cmocka_unit_test(sampled_paths_match_igraph_searches),
        cmocka_unit_test(two_components_and_an_isolate),
        cmocka_unit_test(star_is_disassortative_and_fully_centralized),
        cmocka_unit_test(karate_club_matches_reference_values),
        cmocka_unit_test(kinds_that_only_meet_their_own),
        cmocka_unit_test(kinds_that_only_meet_the_other),
        cmocka_unit_test(one_kind_leaves_kind_mixing_undefined),
        cmocka_unit_test(directed_paths_follow_ties_outward),
        cmocka_unit_test(directed_clustering_takes_ties_either_way),
        cmocka_unit_test(single_tie_leaves_undefined_values_nan),
        cmocka_unit_test(no_ties_at_all),
        cmocka_unit_test(directed_constraint_matches_igraph),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
