/* The one-pass triangle measures against igraph 0.10's own functions (igraph_constraint,
 * igraph_transitivity_local_undirected, igraph_transitivity_undirected) on Zachary's karate club
 * and seeded random graphs, weighted and unweighted, and against closed forms worked out by
 * hand on cliques and small graphs. */
#include "test_util.h"

#include <math.h>

#include "ilonet/igraph_bridge.h"
#include "ilonet/triangles.h"

/* |a - b| <= tol * |b|, or both NaN (a NaN is never "near" a number). */
static int near_rel(double a, double b, double tol)
{
    if (isnan(a) || isnan(b)) {
        return isnan(a) && isnan(b);
    }
    return fabs(a - b) <= tol * fabs(b);
}

static int same_double(double a, double b)
{
    return (isnan(a) && isnan(b)) || a == b;
}

static int same_vector(const igraph_vector_t *a, const igraph_vector_t *b)
{
    if (igraph_vector_size(a) != igraph_vector_size(b)) {
        return 0;
    }
    for (igraph_integer_t i = 0; i < igraph_vector_size(a); i++) {
        if (!same_double(VECTOR(*a)[i], VECTOR(*b)[i])) {
            return 0;
        }
    }
    return 1;
}

typedef struct {
    igraph_vector_t clustering, constraint;
    double transitivity;
} measured_t;

static void measure(measured_t *m, const igraph_t *g, const igraph_vector_t *w)
{
    ilonet_error_t err;
    assert_int_equal(igraph_vector_init(&m->clustering, 0), IGRAPH_SUCCESS);
    assert_int_equal(igraph_vector_init(&m->constraint, 0), IGRAPH_SUCCESS);
    if (ilonet_triangles_measure(g, w, &m->clustering, &m->constraint, &m->transitivity, &err) !=
        ILONET_OK) {
        fail_msg("triangle measures failed: %s", err.message);
    }
    assert_int_equal(igraph_vector_size(&m->clustering), igraph_vcount(g));
    assert_int_equal(igraph_vector_size(&m->constraint), igraph_vcount(g));
}

static void release(measured_t *m)
{
    igraph_vector_destroy(&m->clustering);
    igraph_vector_destroy(&m->constraint);
}

/* Every value against igraph's: constraint to 1e-12 relative (the sum of squares is added in
 * another order, so the last bits may differ), clustering and transitivity as the very same
 * doubles (whole-number counts and igraph's expression). */
static void check_against_igraph(const igraph_t *g, const igraph_vector_t *w)
{
    measured_t m;
    igraph_vector_t cl, co;
    igraph_real_t tr;
    measure(&m, g, w);
    assert_int_equal(igraph_vector_init(&cl, 0), IGRAPH_SUCCESS);
    assert_int_equal(igraph_vector_init(&co, 0), IGRAPH_SUCCESS);
    assert_int_equal(
        igraph_transitivity_local_undirected(g, &cl, igraph_vss_all(), IGRAPH_TRANSITIVITY_NAN),
        IGRAPH_SUCCESS);
    assert_int_equal(igraph_constraint(g, &co, igraph_vss_all(), w), IGRAPH_SUCCESS);
    assert_int_equal(igraph_transitivity_undirected(g, &tr, IGRAPH_TRANSITIVITY_NAN),
                     IGRAPH_SUCCESS);
    for (igraph_integer_t i = 0; i < igraph_vcount(g); i++) {
        if (!near_rel(VECTOR(m.constraint)[i], VECTOR(co)[i], 1e-12)) {
            fail_msg("constraint of %ld: %.17g, igraph %.17g", (long)i, VECTOR(m.constraint)[i],
                     VECTOR(co)[i]);
        }
        if (!same_double(VECTOR(m.clustering)[i], VECTOR(cl)[i])) {
            fail_msg("clustering of %ld: %.17g, igraph %.17g", (long)i, VECTOR(m.clustering)[i],
                     VECTOR(cl)[i]);
        }
    }
    if (!same_double(m.transitivity, tr)) {
        fail_msg("transitivity %.17g, igraph %.17g", m.transitivity, tr);
    }
    igraph_vector_destroy(&cl);
    igraph_vector_destroy(&co);
    release(&m);
}

/* Weights from the seeded RNG: whole numbers 1..5 (kept as floats inside) or uniform reals in
 * [0.1, 3) (looked up by tie id inside), so both weight paths are compared. */
static void random_weights(igraph_vector_t *w, const igraph_t *g, int whole)
{
    assert_int_equal(igraph_vector_init(w, igraph_ecount(g)), IGRAPH_SUCCESS);
    for (igraph_integer_t e = 0; e < igraph_ecount(g); e++) {
        VECTOR(*w)[e] = whole ? (double)RNG_INTEGER(1, 5) : RNG_UNIF(0.1, 3.0);
    }
}

static void check_unweighted_and_weighted(const igraph_t *g)
{
    igraph_vector_t w;
    check_against_igraph(g, NULL);
    random_weights(&w, g, 1);
    check_against_igraph(g, &w);
    igraph_vector_destroy(&w);
    random_weights(&w, g, 0);
    check_against_igraph(g, &w);
    igraph_vector_destroy(&w);
}

static void karate_club_matches_igraph(void **state)
{
    (void)state;
    igraph_t g;
    ilonet_igraph_setup();
    ilonet_igraph_seed(7);
    assert_int_equal(igraph_famous(&g, "Zachary"), IGRAPH_SUCCESS);
    assert_int_equal(igraph_vcount(&g), 34);
    assert_int_equal(igraph_ecount(&g), 78);
    check_unweighted_and_weighted(&g);
    igraph_destroy(&g);
}

/* G(n, p) at densities from mostly isolates and pendants (p = 0.5 / n) to dense (p = 0.5). */
static void random_graphs_match_igraph(void **state)
{
    (void)state;
    const struct {
        igraph_integer_t n;
        double p;
    } cases[] = {{1, 0.0}, {50, 0.01}, {200, 0.0025}, {200, 0.03}, {120, 0.2}, {60, 0.5}};
    ilonet_igraph_setup();
    ilonet_igraph_seed(20261127);
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        igraph_t g;
        assert_int_equal(igraph_erdos_renyi_game_gnp(&g, cases[c].n, cases[c].p, IGRAPH_UNDIRECTED,
                                                     IGRAPH_NO_LOOPS),
                         IGRAPH_SUCCESS);
        check_unweighted_and_weighted(&g);
        igraph_destroy(&g);
    }
}

/* Preferential attachment: a few hubs among many small nodes, the shape the walk from the
 * higher-degree end is for; m = 1 makes a tree (no triangles, clustering 0 or NaN). */
static void scale_free_graphs_match_igraph(void **state)
{
    (void)state;
    ilonet_igraph_setup();
    ilonet_igraph_seed(42);
    for (igraph_integer_t per_step = 1; per_step <= 5; per_step += 2) {
        igraph_t g;
        assert_int_equal(igraph_barabasi_game(&g, 600, 1.0, per_step, NULL, 0, 1.0,
                                              IGRAPH_UNDIRECTED, IGRAPH_BARABASI_PSUMTREE, NULL),
                         IGRAPH_SUCCESS);
        check_unweighted_and_weighted(&g);
        igraph_destroy(&g);
    }
}

/* K_n: every p_ij = 1 / (n - 1) (equal weights, whatever their value), and each of the other
 * n - 2 members adds an indirect p_iq p_qj = 1 / (n - 1)^2, so by Burt's definition
 * (R. S. Burt, Structural Holes, 1992, ch. 2; the formula in igraph_constraint's documentation)
 *   c = (n - 1) * (1 / (n - 1) + (n - 2) / (n - 1)^2)^2;
 * every pair of neighbours is tied, so clustering and transitivity are 1. */
static void cliques_have_the_closed_form(void **state)
{
    (void)state;
    ilonet_igraph_setup();
    for (igraph_integer_t n = 2; n <= 40; n += 3) {
        igraph_t g;
        igraph_vector_t w;
        assert_int_equal(igraph_full(&g, n, IGRAPH_UNDIRECTED, IGRAPH_NO_LOOPS), IGRAPH_SUCCESS);
        assert_int_equal(igraph_vector_init(&w, igraph_ecount(&g)), IGRAPH_SUCCESS);
        igraph_vector_fill(&w, 2.5);
        double k = (double)(n - 1);
        double expected = k * pow(1.0 / k + (k - 1.0) / (k * k), 2.0);
        for (int weighted = 0; weighted <= 1; weighted++) {
            measured_t m;
            measure(&m, &g, weighted ? &w : NULL);
            for (igraph_integer_t i = 0; i < n; i++) {
                assert_true(near_rel(VECTOR(m.constraint)[i], expected, 1e-12));
                if (n >= 3) {
                    assert_true(VECTOR(m.clustering)[i] == 1.0);
                } else {
                    assert_true(isnan(VECTOR(m.clustering)[i]));
                }
            }
            if (n >= 3) {
                assert_true(m.transitivity == 1.0);
            } else {
                assert_true(isnan(m.transitivity));
            }
            release(&m);
        }
        check_unweighted_and_weighted(&g);
        igraph_vector_destroy(&w);
        igraph_destroy(&g);
    }
}

/* A triangle a-b-c with a pendant d on c and an isolate e, weights a-b 1, b-c 2, a-c 3, c-d 4.
 * Strengths: a 4, b 3, c 9, d 4. By hand:
 *   a: p_ab = 1/4, p_ac = 3/4; via c to b: p_ac p_cb = 3/4 * 2/9 = 1/6, via b to c:
 *      p_ab p_bc = 1/4 * 2/3 = 1/6; c_a = (1/4 + 1/6)^2 + (3/4 + 1/6)^2 = 25/144 + 121/144
 *      = 146/144.
 *   d: all in c, no common neighbour: c_d = 1. e: NaN.
 *   clustering: a, b 1; c: 1 tied pair of 3 = 1/3; d, e NaN.
 *   transitivity: 3 * 1 triangle / (1 + 1 + 3) connected triples = 3/5. */
static void small_weighted_graph_by_hand(void **state)
{
    (void)state;
    igraph_t g;
    igraph_vector_t w;
    measured_t m;
    ilonet_igraph_setup();
    assert_int_equal(igraph_small(&g, 5, IGRAPH_UNDIRECTED, 0, 1, 1, 2, 0, 2, 2, 3, -1),
                     IGRAPH_SUCCESS);
    assert_int_equal(igraph_vector_init_int(&w, 4, 1, 2, 3, 4), IGRAPH_SUCCESS);
    measure(&m, &g, &w);
    assert_true(near_rel(VECTOR(m.constraint)[0], 146.0 / 144.0, 1e-12));
    assert_true(near_rel(VECTOR(m.constraint)[3], 1.0, 1e-12));
    assert_true(isnan(VECTOR(m.constraint)[4]));
    assert_true(VECTOR(m.clustering)[0] == 1.0);
    assert_true(VECTOR(m.clustering)[1] == 1.0);
    assert_true(near_rel(VECTOR(m.clustering)[2], 1.0 / 3.0, 1e-15));
    assert_true(isnan(VECTOR(m.clustering)[3]));
    assert_true(isnan(VECTOR(m.clustering)[4]));
    assert_true(near_rel(m.transitivity, 0.6, 1e-15));
    release(&m);
    check_against_igraph(&g, &w);
    igraph_vector_destroy(&w);
    igraph_destroy(&g);
}

/* No vertices, and vertices without ties: everything undefined (NaN), nothing to crash on. */
static void empty_and_tieless_graphs(void **state)
{
    (void)state;
    ilonet_igraph_setup();
    for (igraph_integer_t n = 0; n <= 3; n += 3) {
        igraph_t g;
        measured_t m;
        assert_int_equal(igraph_empty(&g, n, IGRAPH_UNDIRECTED), IGRAPH_SUCCESS);
        measure(&m, &g, NULL);
        for (igraph_integer_t i = 0; i < n; i++) {
            assert_true(isnan(VECTOR(m.constraint)[i]));
            assert_true(isnan(VECTOR(m.clustering)[i]));
        }
        assert_true(isnan(m.transitivity));
        release(&m);
        igraph_destroy(&g);
    }
}

/* Each output alone gives the same values as all three together. */
static void outputs_are_independent(void **state)
{
    (void)state;
    igraph_t g;
    measured_t all;
    igraph_vector_t one;
    double tr;
    ilonet_error_t err;
    ilonet_igraph_setup();
    assert_int_equal(igraph_famous(&g, "Zachary"), IGRAPH_SUCCESS);
    measure(&all, &g, NULL);
    assert_int_equal(igraph_vector_init(&one, 0), IGRAPH_SUCCESS);
    assert_int_equal(ilonet_triangles_measure(&g, NULL, &one, NULL, NULL, &err), ILONET_OK);
    assert_true(same_vector(&one, &all.clustering));
    assert_int_equal(ilonet_triangles_measure(&g, NULL, NULL, &one, NULL, &err), ILONET_OK);
    assert_true(same_vector(&one, &all.constraint));
    assert_int_equal(ilonet_triangles_measure(&g, NULL, NULL, NULL, &tr, &err), ILONET_OK);
    assert_true(tr == all.transitivity);
    assert_int_equal(ilonet_triangles_measure(&g, NULL, NULL, NULL, NULL, &err), ILONET_OK);
    igraph_vector_destroy(&one);
    release(&all);
    igraph_destroy(&g);
}

/* Directed graphs, loops and multiple ties are the caller's to fold; they are refused, not
 * miscounted. */
static void refuses_graphs_that_are_not_simple(void **state)
{
    (void)state;
    igraph_t g;
    igraph_vector_t v, w;
    ilonet_error_t err;
    ilonet_igraph_setup();
    assert_int_equal(igraph_vector_init(&v, 0), IGRAPH_SUCCESS);
    assert_int_equal(igraph_small(&g, 3, IGRAPH_DIRECTED, 0, 1, 1, 2, -1), IGRAPH_SUCCESS);
    assert_int_equal(ilonet_triangles_measure(&g, NULL, &v, NULL, NULL, &err), ILONET_EINTERNAL);
    igraph_destroy(&g);
    assert_int_equal(igraph_small(&g, 3, IGRAPH_UNDIRECTED, 0, 1, 1, 1, -1), IGRAPH_SUCCESS);
    assert_int_equal(ilonet_triangles_measure(&g, NULL, &v, NULL, NULL, &err), ILONET_EINTERNAL);
    igraph_destroy(&g);
    assert_int_equal(igraph_small(&g, 3, IGRAPH_UNDIRECTED, 0, 1, 2, 1, 1, 0, -1), IGRAPH_SUCCESS);
    assert_int_equal(ilonet_triangles_measure(&g, NULL, NULL, &v, NULL, &err), ILONET_EINTERNAL);
    /* a weight vector of the wrong length */
    assert_int_equal(igraph_vector_init(&w, 1), IGRAPH_SUCCESS);
    assert_int_equal(ilonet_triangles_measure(&g, &w, NULL, &v, NULL, &err), ILONET_EINTERNAL);
    igraph_vector_destroy(&w);
    igraph_destroy(&g);
    igraph_vector_destroy(&v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(karate_club_matches_igraph),
        cmocka_unit_test(random_graphs_match_igraph),
        cmocka_unit_test(scale_free_graphs_match_igraph),
        cmocka_unit_test(cliques_have_the_closed_form),
        cmocka_unit_test(small_weighted_graph_by_hand),
        cmocka_unit_test(empty_and_tieless_graphs),
        cmocka_unit_test(outputs_are_independent),
        cmocka_unit_test(refuses_graphs_that_are_not_simple),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
