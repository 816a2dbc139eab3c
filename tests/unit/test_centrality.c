/* Every centrality on graphs whose values can be worked out by hand, and on Zachary's karate
 * club against published reference values: networkx's karate_club_graph results (betweenness
 * normalised there by 528 = 33*32/2; its PageRank and eigenvector come from power iteration with
 * tolerance 1e-6, hence the looser tolerances for those two). */
#include "karate.h"
#include "net_fixture.h"

typedef struct {
    fixture_t f;
    ilonet_centrality_t c;
} measured_t;

static void measure(measured_t *m, const char *edges, const char *nodes, int directed,
                    ilonet_weight_is_t wi, ilonet_path_mode_t mode)
{
    ilonet_error_t err;
    fixture_build(&m->f, edges, nodes, directed, wi);
    ilonet_status_t st = ilonet_centrality_compute(&m->c, &m->f.graph, mode, &err);
    if (st != ILONET_OK) {
        fail_msg("centrality failed: %s", err.message);
    }
}

static void release(measured_t *m)
{
    ilonet_centrality_destroy(&m->c);
    fixture_destroy(&m->f);
}

#define R(vec, id) VECTOR(m.c.vec)[node(&m.f, id)]

static void path_of_three(void **state)
{
    (void)state;
    measured_t m;
    measure(&m, "source,target\na,b\nb,c\n", NULL, 0, ILONET_WEIGHT_IS_STRENGTH, ILONET_PATHS_OUT);
    assert_int_equal(R(degree, "a"), 1);
    assert_int_equal(R(degree, "b"), 2);
    assert_near(R(betweenness, "b"), 1.0, 1e-12);
    assert_near(R(betweenness, "a"), 0.0, 1e-12);
    /* closeness = reachable / sum of distances: a reaches 2 nodes at total distance 3 */
    assert_near(R(closeness, "a"), 2.0 / 3.0, 1e-12);
    assert_near(R(closeness, "b"), 1.0, 1e-12);
    /* harmonic = mean of 1/d over the other n-1 nodes */
    assert_near(R(harmonic, "a"), 0.75, 1e-12);
    assert_near(R(harmonic, "b"), 1.0, 1e-12);
    /* principal eigenvector of the path P3 is (1, sqrt 2, 1) */
    assert_near(R(eigenvector, "b"), 1.0, 1e-9);
    assert_near(R(eigenvector, "a"), 1.0 / sqrt(2.0), 1e-9);
    /* PageRank by hand: x = 0.05 + 0.425 y, y = 0.05 + 1.7 x */
    assert_near(R(pagerank, "a"), 0.07125 / 0.2775, 1e-9);
    assert_near(R(pagerank, "b"), 0.05 + 1.7 * 0.07125 / 0.2775, 1e-9);
    assert_int_equal(R(coreness, "a"), 1);
    assert_int_equal(R(coreness, "b"), 1);
    release(&m);
}

static void star_with_four_leaves(void **state)
{
    (void)state;
    measured_t m;
    measure(&m, "source,target\nhub,l1\nhub,l2\nhub,l3\nhub,l4\n", NULL, 0,
            ILONET_WEIGHT_IS_STRENGTH, ILONET_PATHS_OUT);
    assert_int_equal(R(degree, "hub"), 4);
    /* the hub lies on every one of the C(4,2) = 6 leaf-to-leaf paths */
    assert_near(R(betweenness, "hub"), 6.0, 1e-12);
    assert_near(R(closeness, "hub"), 1.0, 1e-12);
    assert_near(R(closeness, "l1"), 4.0 / 7.0, 1e-12);
    assert_near(R(eigenvector, "l1"), 0.5, 1e-9);
    assert_near(R(pagerank, "hub"), 0.132 / 0.2775, 1e-9);
    assert_near(R(pagerank, "l1"), 0.03 + 0.2125 * 0.132 / 0.2775, 1e-9);
    assert_near(R(strength, "hub"), 4.0, 1e-12);
    release(&m);
}

static void triangle_plus_pendant(void **state)
{
    (void)state;
    measured_t m;
    measure(&m, "source,target\na,b\nb,c\na,c\nc,d\n", NULL, 0, ILONET_WEIGHT_IS_STRENGTH,
            ILONET_PATHS_OUT);
    assert_int_equal(R(degree, "c"), 3);
    assert_int_equal(R(degree, "d"), 1);
    /* c is on the a-d and b-d paths */
    assert_near(R(betweenness, "c"), 2.0, 1e-12);
    assert_near(R(betweenness, "a"), 0.0, 1e-12);
    assert_near(R(closeness, "c"), 1.0, 1e-12);
    assert_near(R(closeness, "a"), 0.75, 1e-12);
    assert_near(R(closeness, "d"), 0.6, 1e-12);
    assert_near(R(harmonic, "d"), (1.0 + 0.5 + 0.5) / 3.0, 1e-12);
    assert_int_equal(R(coreness, "a"), 2);
    assert_int_equal(R(coreness, "c"), 2);
    assert_int_equal(R(coreness, "d"), 1);
    double sum = 0;
    for (igraph_integer_t i = 0; i < 4; i++) {
        sum += VECTOR(m.c.pagerank)[i];
    }
    assert_near(sum, 1.0, 1e-12);
    assert_near(R(eigenvector, "c"), 1.0, 1e-9);
    release(&m);
}

static void weights_as_strength_shorten_paths(void **state)
{
    (void)state;
    measured_t m;
    /* strength 2 on a-b means distance 0.5: a's distances are 0.5 and 1.5 */
    measure(&m, "source,target,weight\na,b,2\nb,c,1\n", NULL, 0, ILONET_WEIGHT_IS_STRENGTH,
            ILONET_PATHS_OUT);
    assert_near(R(closeness, "a"), 2.0 / 2.0, 1e-12);
    assert_near(R(strength, "b"), 3.0, 1e-12);
    release(&m);
}

static void weights_as_distance_lengthen_paths(void **state)
{
    (void)state;
    measured_t m;
    /* distance 2 on a-b: a's distances are 2 and 3; strength of b is 1/2 + 1/1 */
    measure(&m, "source,target,weight\na,b,2\nb,c,1\n", NULL, 0, ILONET_WEIGHT_IS_DISTANCE,
            ILONET_PATHS_OUT);
    assert_near(R(closeness, "a"), 2.0 / 5.0, 1e-12);
    assert_near(R(strength, "b"), 1.5, 1e-12);
    release(&m);
}

static void weighted_betweenness_prefers_strong_ties(void **state)
{
    (void)state;
    measured_t m;
    /* a-x-b is strong (distance 0.2+0.2), a-y-b weak (1+1): shortest a-b path goes via x */
    measure(&m, "source,target,weight\na,x,5\nx,b,5\na,y,1\ny,b,1\n", NULL, 0,
            ILONET_WEIGHT_IS_STRENGTH, ILONET_PATHS_OUT);
    assert_true(R(betweenness, "x") > R(betweenness, "y"));
    release(&m);
}

static void isolate_has_undefined_closeness(void **state)
{
    (void)state;
    measured_t m;
    measure(&m, "source,target\na,b\n", "id\na\nb\nalone\n", 0, ILONET_WEIGHT_IS_STRENGTH,
            ILONET_PATHS_OUT);
    assert_true(isnan(R(closeness, "alone")));
    assert_near(R(harmonic, "alone"), 0.0, 1e-12);
    assert_int_equal(R(degree, "alone"), 0);
    assert_int_equal(R(coreness, "alone"), 0);
    release(&m);
}

static void directed_degree_counts_distinct_neighbours(void **state)
{
    (void)state;
    measured_t m;
    measure(&m, "source,target\na,b\nb,a\na,c\n", NULL, 1, ILONET_WEIGHT_IS_STRENGTH,
            ILONET_PATHS_OUT);
    assert_int_equal(R(degree, "a"), 2);
    assert_int_equal(R(out_degree, "a"), 2);
    assert_int_equal(R(in_degree, "a"), 1);
    assert_int_equal(R(degree, "b"), 1);
    /* following ties outward, c reaches nobody */
    assert_true(isnan(R(closeness, "c")));
    release(&m);
}

static void directed_mode_in_follows_ties_backwards(void **state)
{
    (void)state;
    measured_t m;
    measure(&m, "source,target\na,b\nb,c\n", NULL, 1, ILONET_WEIGHT_IS_STRENGTH, ILONET_PATHS_IN);
    /* inward, c is reached from b (1) and a (2) */
    assert_near(R(closeness, "c"), 2.0 / 3.0, 1e-12);
    assert_true(isnan(R(closeness, "a")));
    release(&m);
}

static void karate_club_matches_reference_values(void **state)
{
    (void)state;
    measured_t m;
    measure(&m, read_karate(), NULL, 0, ILONET_WEIGHT_IS_STRENGTH, ILONET_PATHS_OUT);
    assert_int_equal(igraph_vcount(&m.f.graph.g), 34);
    assert_int_equal(igraph_ecount(&m.f.graph.g), 78);
    assert_int_equal(R(degree, "34"), 17);
    assert_int_equal(R(degree, "1"), 16);
    assert_near(R(betweenness, "1"), 231.0714285714, 1e-6);
    assert_near(R(betweenness, "34"), 160.5515873016, 1e-6);
    assert_near(R(betweenness, "33"), 76.6904761905, 1e-6);
    assert_near(R(closeness, "1"), 0.5689655172, 1e-9);
    assert_near(R(closeness, "34"), 0.55, 1e-9);
    assert_near(R(pagerank, "34"), 0.1009179167, 1e-5);
    assert_near(R(pagerank, "1"), 0.0970018176, 1e-5);
    /* networkx gives 0.35548349 and 0.37337121 (unit length); scaled to max 1 */
    assert_near(R(eigenvector, "34"), 1.0, 1e-9);
    assert_near(R(eigenvector, "1"), 0.35548349 / 0.37337121, 1e-4);
    assert_int_equal(R(coreness, "1"), 4);
    assert_int_equal(R(coreness, "34"), 4);
    assert_int_equal(R(coreness, "12"), 1);
    release(&m);
}

static void measure_sampled(measured_t *m, const char *edges, int directed, size_t samples,
                            unsigned long seed)
{
    ilonet_error_t err;
    ilonet_centrality_options_t o;
    ilonet_centrality_options_default(&o);
    o.betweenness_samples = samples;
    o.seed = seed;
    fixture_build(&m->f, edges, NULL, directed, ILONET_WEIGHT_IS_STRENGTH);
    if (ilonet_centrality_compute_opts(&m->c, &m->f.graph, &o, &err) != ILONET_OK) {
        fail_msg("centrality failed: %s", err.message);
    }
}

static double vector_sum(const igraph_vector_t *v)
{
    double s = 0;
    for (igraph_integer_t i = 0; i < igraph_vector_size(v); i++) {
        s += VECTOR(*v)[i];
    }
    return s;
}

static void options_default(void **state)
{
    (void)state;
    ilonet_centrality_options_t o;
    memset(&o, 0xff, sizeof o);
    ilonet_centrality_options_default(&o);
    assert_int_equal(o.mode, ILONET_PATHS_OUT);
    assert_int_equal(o.betweenness_samples, 0);
    assert_int_equal(o.seed, 42);
    assert_int_equal(o.workers, 1);
    assert_null(o.progress);
    assert_null(o.progress_ctx);
}

static void sampling_every_node_is_exact(void **state)
{
    (void)state;
    measured_t exact, all, more;
    const char *karate = read_karate();
    measure(&exact, karate, NULL, 0, ILONET_WEIGHT_IS_STRENGTH, ILONET_PATHS_OUT);
    measure_sampled(&all, karate, 0, 34, 7);
    measure_sampled(&more, karate, 0, 1000, 7);
    assert_int_equal(exact.c.betweenness_samples, 0);
    assert_int_equal(all.c.betweenness_samples, 0);
    assert_int_equal(more.c.betweenness_samples, 0);
    for (igraph_integer_t i = 0; i < 34; i++) {
        assert_true(VECTOR(all.c.betweenness)[i] == VECTOR(exact.c.betweenness)[i]);
        assert_true(VECTOR(more.c.betweenness)[i] == VECTOR(exact.c.betweenness)[i]);
    }
    release(&exact);
    release(&all);
    release(&more);
}

static void sampling_repeats_for_a_seed(void **state)
{
    (void)state;
    measured_t a, b, c;
    const char *karate = read_karate();
    measure_sampled(&a, karate, 0, 5, 1);
    measure_sampled(&b, karate, 0, 5, 1);
    measure_sampled(&c, karate, 0, 5, 2);
    assert_int_equal(a.c.betweenness_samples, 5);
    int differ = 0;
    for (igraph_integer_t i = 0; i < 34; i++) {
        assert_true(VECTOR(a.c.betweenness)[i] == VECTOR(b.c.betweenness)[i]);
        differ |= VECTOR(a.c.betweenness)[i] != VECTOR(c.c.betweenness)[i];
    }
    /* 5 of 34 sources: two seeds drawing the very same set is a 1 in C(34,5) = 278256 event */
    assert_true(differ);
    release(&a);
    release(&b);
    release(&c);
}

static void sampled_total_is_exact_on_a_cycle(void **state)
{
    (void)state;
    measured_t m;
    /* In a ring every source contributes the same total dependency (sum over targets of the
     * interior nodes on their paths), so the scaled total is exact whatever the sample. C6:
     * each source sees targets at 1, 1, 2, 2, 3 -> 0 + 0 + 1 + 1 + 2 = 4; all 6 sources, halved
     * for undirected pairs: 12 (2 per node). */
    measure_sampled(&m, "source,target\na,b\nb,c\nc,d\nd,e\ne,f\nf,a\n", 0, 2, 42);
    assert_int_equal(m.c.betweenness_samples, 2);
    assert_near(vector_sum(&m.c.betweenness), 12.0, 1e-9);
    release(&m);
    /* Directed C5, outward: targets at 1..4 -> 0 + 1 + 2 + 3 = 6 per source, 30 in all (no
     * halving for directed paths). */
    measure_sampled(&m, "source,target\na,b\nb,c\nc,d\nd,e\ne,a\n", 1, 2, 42);
    assert_near(vector_sum(&m.c.betweenness), 30.0, 1e-9);
    release(&m);
}

static void sampled_karate_finds_the_same_brokers(void **state)
{
    (void)state;
    measured_t exact, est;
    const char *karate = read_karate();
    measure(&exact, karate, NULL, 0, ILONET_WEIGHT_IS_STRENGTH, ILONET_PATHS_OUT);
    measure_sampled(&est, karate, 0, 20, 42);
    assert_int_equal(est.c.betweenness_samples, 20);
    igraph_integer_t top = igraph_vector_which_max(&est.c.betweenness);
    assert_true(top == (igraph_integer_t)node(&est.f, "1") ||
                top == (igraph_integer_t)node(&est.f, "34"));
    /* An estimate from 20 of 34 sources, not a copy: within half of the exact value for the
     * two main brokers (231.07 and 160.55). */
    size_t n1 = node(&est.f, "1"), n34 = node(&est.f, "34");
    assert_true(fabs(VECTOR(est.c.betweenness)[n1] - VECTOR(exact.c.betweenness)[n1]) <
                0.5 * VECTOR(exact.c.betweenness)[n1]);
    assert_true(fabs(VECTOR(est.c.betweenness)[n34] - VECTOR(exact.c.betweenness)[n34]) <
                0.5 * VECTOR(exact.c.betweenness)[n34]);
    /* the measures that do not follow paths are untouched by sampling */
    for (igraph_integer_t i = 0; i < 34; i++) {
        assert_true(VECTOR(est.c.pagerank)[i] == VECTOR(exact.c.pagerank)[i]);
        assert_true(VECTOR(est.c.degree)[i] == VECTOR(exact.c.degree)[i]);
    }
    release(&exact);
    release(&est);
}

/* Mean and population variance of x over the nodes u != v (x = d or 1/d), the population a
 * sample of sources draws from for node v. */
static void population(const igraph_matrix_t *d, igraph_integer_t v, int inverse, double *mean,
                       double *var)
{
    igraph_integer_t n = igraph_matrix_nrow(d);
    double s = 0, ss = 0;
    for (igraph_integer_t u = 0; u < n; u++) {
        if (u != v) {
            double x = inverse ? 1.0 / MATRIX(*d, v, u) : MATRIX(*d, v, u);
            s += x;
            ss += x * x;
        }
    }
    *mean = s / (double)(n - 1);
    *var = ss / (double)(n - 1) - *mean * *mean;
}

static void sampled_closeness_and_harmonic_within_four_standard_errors(void **state)
{
    (void)state;
    measured_t est;
    const char *karate = read_karate();
    const size_t k = 17;
    measure_sampled(&est, karate, 0, k, 42);
    igraph_matrix_t d;
    assert_int_equal(igraph_matrix_init(&d, 0, 0), IGRAPH_SUCCESS);
    assert_int_equal(
        igraph_distances(&est.f.graph.g, &d, igraph_vss_all(), igraph_vss_all(), IGRAPH_ALL),
        IGRAPH_SUCCESS);
    /* Karate is connected, so closeness estimates 1 / (mean distance to the others) by 1 / (the
     * mean over the sampled others) and harmonic the mean of 1/d by its sampled mean. A mean of
     * m of the N = 33 others drawn without replacement has standard error
     * sqrt(var / m * (N - m) / (N - 1)); m is 16 or 17 (v itself may be drawn), and m = 16
     * gives the larger error. Within 4 standard errors for every node is what a fair sample
     * gives (per node about 1 in 16000 under a normal approximation); a biased estimator or a
     * wrong sample (the same source twice, the wrong direction) would not. */
    const double m = (double)(k - 1), big_n = 33.0;
    double worst = 0;
    for (igraph_integer_t v = 0; v < 34; v++) {
        double mean, var;
        population(&d, v, 0, &mean, &var);
        double se = sqrt(var / m * (big_n - m) / (big_n - 1.0));
        double got = 1.0 / VECTOR(est.c.closeness)[v];
        assert_true(fabs(got - mean) <= 4.0 * se + 1e-12);
        worst = fmax(worst, fabs(got - mean) / mean);
        population(&d, v, 1, &mean, &var);
        se = sqrt(var / m * (big_n - m) / (big_n - 1.0));
        assert_true(fabs(VECTOR(est.c.harmonic)[v] - mean) <= 4.0 * se + 1e-12);
    }
    /* and in plain terms: no node's mean distance is off by more than a quarter */
    assert_true(worst < 0.25);
    igraph_matrix_destroy(&d);
    release(&est);
}

typedef struct {
    size_t calls;
    double last;
} progress_seen_t;

static void seen(void *ctx, double fraction)
{
    progress_seen_t *p = ctx;
    p->calls++;
    p->last = fraction;
}

static void progress_and_workers_pass_through(void **state)
{
    (void)state;
    measured_t a, b;
    ilonet_error_t err;
    ilonet_centrality_options_t o;
    progress_seen_t p = {0, 0.0};
    const char *karate = read_karate();
    measure(&a, karate, NULL, 0, ILONET_WEIGHT_IS_STRENGTH, ILONET_PATHS_OUT);
    fixture_build(&b.f, karate, NULL, 0, ILONET_WEIGHT_IS_STRENGTH);
    ilonet_centrality_options_default(&o);
    o.workers = 0;
    o.progress = seen;
    o.progress_ctx = &p;
    assert_int_equal(ilonet_centrality_compute_opts(&b.c, &b.f.graph, &o, &err), ILONET_OK);
    assert_true(p.calls >= 1 && p.calls <= 100);
    assert_true(p.last == 1.0);
    for (igraph_integer_t i = 0; i < 34; i++) {
        assert_true(VECTOR(a.c.betweenness)[i] == VECTOR(b.c.betweenness)[i]);
        assert_true(VECTOR(a.c.closeness)[i] == VECTOR(b.c.closeness)[i]);
        assert_true(VECTOR(a.c.harmonic)[i] == VECTOR(b.c.harmonic)[i]);
    }
    release(&a);
    release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(path_of_three),
        cmocka_unit_test(star_with_four_leaves),
        cmocka_unit_test(triangle_plus_pendant),
        cmocka_unit_test(weights_as_strength_shorten_paths),
        cmocka_unit_test(weights_as_distance_lengthen_paths),
        cmocka_unit_test(weighted_betweenness_prefers_strong_ties),
        cmocka_unit_test(isolate_has_undefined_closeness),
        cmocka_unit_test(directed_degree_counts_distinct_neighbours),
        cmocka_unit_test(directed_mode_in_follows_ties_backwards),
        cmocka_unit_test(karate_club_matches_reference_values),
        cmocka_unit_test(options_default),
        cmocka_unit_test(sampling_every_node_is_exact),
        cmocka_unit_test(sampling_repeats_for_a_seed),
        cmocka_unit_test(sampled_total_is_exact_on_a_cycle),
        cmocka_unit_test(sampled_karate_finds_the_same_brokers),
        cmocka_unit_test(sampled_closeness_and_harmonic_within_four_standard_errors),
        cmocka_unit_test(progress_and_workers_pass_through),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
