/* The one-pass path measures: hand-worked small graphs, then random graphs of several shapes
 * against igraph 0.10's own betweenness, closeness and harmonic centrality (an independent
 * implementation) to 1e-9, worker counts giving identical bits, and the sampled estimators
 * against their definitions computed from igraph's distance matrix. */
#include "net_fixture.h"

#include <stdint.h>

#include "ilonet/paths.h"

#define TOL 1e-9

typedef struct {
    igraph_vector_t b, c, h;
} measures_t;

static void measures_init(measures_t *m)
{
    assert_int_equal(igraph_vector_init(&m->b, 0), IGRAPH_SUCCESS);
    assert_int_equal(igraph_vector_init(&m->c, 0), IGRAPH_SUCCESS);
    assert_int_equal(igraph_vector_init(&m->h, 0), IGRAPH_SUCCESS);
}

static void measures_destroy(measures_t *m)
{
    igraph_vector_destroy(&m->b);
    igraph_vector_destroy(&m->c);
    igraph_vector_destroy(&m->h);
}

static void run_paths(measures_t *m, const fixture_t *f, ilonet_path_mode_t mode, unsigned workers,
                      const size_t *sources, size_t n_sources, unsigned *used)
{
    ilonet_error_t err;
    ilonet_paths_options_t o;
    ilonet_paths_options_default(&o);
    o.mode = mode;
    o.workers = workers;
    o.sources = sources;
    o.n_sources = n_sources;
    o.workers_used = used;
    if (ilonet_paths_centrality(&f->graph, &m->b, &m->c, &m->h, &o, &err) != ILONET_OK) {
        fail_msg("paths failed: %s", err.message);
    }
}

/* Equal within TOL relative to the larger magnitude, or both NaN. (The 1e-300 floor only lets
 * two zeros compare equal.) */
static int close_to(double a, double b)
{
    if (isnan(a) || isnan(b)) {
        return isnan(a) && isnan(b);
    }
    return fabs(a - b) <= TOL * fmax(fabs(a), fabs(b)) + 1e-300;
}

static void assert_vectors_close(const igraph_vector_t *got, const igraph_vector_t *want,
                                 const char *what)
{
    assert_int_equal(igraph_vector_size(got), igraph_vector_size(want));
    for (igraph_integer_t i = 0; i < igraph_vector_size(got); i++) {
        if (!close_to(VECTOR(*got)[i], VECTOR(*want)[i])) {
            fail_msg("%s of node %" IGRAPH_PRId ": %.17g, expected %.17g", what, i, VECTOR(*got)[i],
                     VECTOR(*want)[i]);
        }
    }
}

static igraph_neimode_t neimode(ilonet_path_mode_t m)
{
    return m == ILONET_PATHS_IN ? IGRAPH_IN : m == ILONET_PATHS_ALL ? IGRAPH_ALL : IGRAPH_OUT;
}

/* The three measures straight from igraph, as centrality.c computed them before. */
static void igraph_reference(measures_t *m, const fixture_t *f, ilonet_path_mode_t mode)
{
    const ilonet_graph_t *gr = &f->graph;
    igraph_bool_t directed_paths = gr->directed && mode != ILONET_PATHS_ALL;
    assert_int_equal(
        igraph_betweenness(&gr->g, &m->b, igraph_vss_all(), directed_paths, &gr->distance),
        IGRAPH_SUCCESS);
    assert_int_equal(igraph_closeness(&gr->g, &m->c, NULL, NULL, igraph_vss_all(), neimode(mode),
                                      &gr->distance, 1),
                     IGRAPH_SUCCESS);
    assert_int_equal(igraph_harmonic_centrality(&gr->g, &m->h, igraph_vss_all(), neimode(mode),
                                                &gr->distance, 1),
                     IGRAPH_SUCCESS);
    if (igraph_vcount(&gr->g) == 1) {
        VECTOR(m->h)[0] = NAN; /* ilonet's convention for a one-node graph */
    }
}

static void assert_matches_igraph(const fixture_t *f, ilonet_path_mode_t mode, unsigned workers)
{
    measures_t got, want;
    measures_init(&got);
    measures_init(&want);
    run_paths(&got, f, mode, workers, NULL, 0, NULL);
    igraph_reference(&want, f, mode);
    assert_vectors_close(&got.b, &want.b, "betweenness");
    assert_vectors_close(&got.c, &want.c, "closeness");
    assert_vectors_close(&got.h, &want.h, "harmonic");
    measures_destroy(&got);
    measures_destroy(&want);
}

#define R(vec, id) VECTOR(m.vec)[node(&f, id)]

static void path_of_four_by_hand(void **state)
{
    (void)state;
    fixture_t f;
    measures_t m;
    fixture_build(&f, "source,target\na,b\nb,c\nc,d\n", NULL, 0, ILONET_WEIGHT_IS_STRENGTH);
    measures_init(&m);
    run_paths(&m, &f, ILONET_PATHS_OUT, 1, NULL, 0, NULL);
    /* b lies on a-c and a-d, c on a-d and b-d */
    assert_near(R(b, "a"), 0.0, TOL);
    assert_near(R(b, "b"), 2.0, TOL);
    assert_near(R(b, "c"), 2.0, TOL);
    /* a: distances 1, 2, 3 -> 3 / 6; b: 1, 1, 2 -> 3 / 4 */
    assert_near(R(c, "a"), 0.5, TOL);
    assert_near(R(c, "b"), 0.75, TOL);
    /* a: (1 + 1/2 + 1/3) / 3 = 11/18; b: (1 + 1 + 1/2) / 3 = 5/6 */
    assert_near(R(h, "a"), 11.0 / 18.0, TOL);
    assert_near(R(h, "b"), 5.0 / 6.0, TOL);
    measures_destroy(&m);
    fixture_destroy(&f);
}

static void square_splits_equal_paths(void **state)
{
    (void)state;
    fixture_t f;
    measures_t m;
    /* C4: a and c are joined by two paths of length 2 (via b, via d); so are b and d. Each node
     * carries half of one pair: 0.5. */
    fixture_build(&f, "source,target\na,b\nb,c\nc,d\nd,a\n", NULL, 0, ILONET_WEIGHT_IS_STRENGTH);
    measures_init(&m);
    run_paths(&m, &f, ILONET_PATHS_OUT, 1, NULL, 0, NULL);
    for (const char *const *id = (const char *const[]){"a", "b", "c", "d", NULL}; *id; id++) {
        assert_near(R(b, *id), 0.5, TOL);
        assert_near(R(c, *id), 3.0 / 4.0, TOL); /* distances 1, 1, 2 */
    }
    measures_destroy(&m);
    assert_matches_igraph(&f, ILONET_PATHS_OUT, 1);
    fixture_destroy(&f);
}

static void float_ties_count_as_equal_paths(void **state)
{
    (void)state;
    fixture_t f;
    measures_t m;
    /* Lengths 0.1 + 0.2 and 0.3 differ in the last bit of a double but are the same length:
     * a-b-c and a-c are both shortest, so b carries half of the a-c pair (as igraph, whose
     * relative epsilon makes them equal). */
    fixture_build(&f, "source,target,weight\na,b,0.1\nb,c,0.2\na,c,0.3\n", NULL, 0,
                  ILONET_WEIGHT_IS_DISTANCE);
    measures_init(&m);
    run_paths(&m, &f, ILONET_PATHS_OUT, 1, NULL, 0, NULL);
    assert_near(R(b, "b"), 0.5, TOL);
    assert_near(R(b, "a"), 0.0, TOL);
    /* a: distances 0.1 and 0.3 -> 2 / 0.4 */
    assert_near(R(c, "a"), 5.0, TOL);
    measures_destroy(&m);
    assert_matches_igraph(&f, ILONET_PATHS_OUT, 1);
    fixture_destroy(&f);
}

static void directed_chain_by_hand(void **state)
{
    (void)state;
    fixture_t f;
    measures_t m;
    fixture_build(&f, "source,target\na,b\nb,c\n", NULL, 1, ILONET_WEIGHT_IS_STRENGTH);
    measures_init(&m);
    run_paths(&m, &f, ILONET_PATHS_OUT, 1, NULL, 0, NULL);
    /* directed: the a->c path through b counts once (no halving) */
    assert_near(R(b, "b"), 1.0, TOL);
    assert_near(R(c, "a"), 2.0 / 3.0, TOL);
    assert_true(isnan(R(c, "c")));
    assert_near(R(h, "a"), 0.75, TOL); /* (1 + 1/2) / 2 */
    assert_near(R(h, "c"), 0.0, TOL);
    run_paths(&m, &f, ILONET_PATHS_IN, 1, NULL, 0, NULL);
    assert_near(R(b, "b"), 1.0, TOL);
    assert_near(R(c, "c"), 2.0 / 3.0, TOL);
    assert_true(isnan(R(c, "a")));
    run_paths(&m, &f, ILONET_PATHS_ALL, 1, NULL, 0, NULL);
    assert_near(R(b, "b"), 1.0, TOL); /* one undirected pair a-c */
    assert_near(R(c, "c"), 2.0 / 3.0, TOL);
    measures_destroy(&m);
    fixture_destroy(&f);
}

static void single_node_and_isolates(void **state)
{
    (void)state;
    fixture_t f;
    measures_t m;
    /* The loader wants at least one tie, so the one-node graph is built by hand. */
    ilonet_graph_t one;
    memset(&one, 0, sizeof one);
    assert_int_equal(igraph_empty(&one.g, 1, IGRAPH_UNDIRECTED), IGRAPH_SUCCESS);
    assert_int_equal(igraph_vector_init(&one.strength, 0), IGRAPH_SUCCESS);
    assert_int_equal(igraph_vector_init(&one.distance, 0), IGRAPH_SUCCESS);
    one.weight = one.strength; /* as ilonet_graph_build leaves it: shared, not owned */
    one.ready = 1;
    ilonet_error_t err;
    ilonet_paths_options_t o;
    ilonet_paths_options_default(&o);
    o.workers = 4;
    measures_init(&m);
    assert_int_equal(ilonet_paths_centrality(&one, &m.b, &m.c, &m.h, &o, &err), ILONET_OK);
    assert_int_equal(igraph_vector_size(&m.b), 1);
    assert_near(VECTOR(m.b)[0], 0.0, TOL);
    assert_true(isnan(VECTOR(m.c)[0]));
    assert_true(isnan(VECTOR(m.h)[0])); /* no other node to be near to */
    measures_destroy(&m);
    ilonet_graph_destroy(&one);

    fixture_build(&f, "source,target\na,b\n", "id\na\nb\nalone\n", 0, ILONET_WEIGHT_IS_STRENGTH);
    measures_init(&m);
    run_paths(&m, &f, ILONET_PATHS_OUT, 1, NULL, 0, NULL);
    assert_true(isnan(R(c, "alone")));
    assert_near(R(h, "alone"), 0.0, TOL);
    assert_near(R(c, "a"), 1.0, TOL);
    assert_near(R(h, "a"), 0.5, TOL); /* 1/1 over n - 1 = 2 */
    measures_destroy(&m);
    assert_matches_igraph(&f, ILONET_PATHS_OUT, 1);
    fixture_destroy(&f);
}

/* ---- random graphs ---- */

typedef enum { SHAPE_SPARSE, SHAPE_DENSE, SHAPE_GRID, SHAPE_HUBS } shape_t;

static uint64_t rng_next(uint64_t *s)
{
    /* splitmix64: any fixed generator will do, the graphs only need to be varied */
    uint64_t z = (*s += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

typedef struct {
    char *buf;
    size_t len, cap;
} text_t;

static void text_add(text_t *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void text_add(text_t *t, const char *fmt, ...)
{
    va_list ap;
    for (;;) {
        va_start(ap, fmt);
        int k = vsnprintf(t->buf + t->len, t->cap - t->len, fmt, ap);
        va_end(ap);
        assert_true(k >= 0);
        if (t->len + (size_t)k < t->cap) {
            t->len += (size_t)k;
            return;
        }
        t->cap = 2 * t->cap + (size_t)k + 64;
        t->buf = realloc(t->buf, t->cap);
        assert_non_null(t->buf);
    }
}

/* Builds a random graph of n nodes (all listed, so isolates stay) as CSV through the loader.
 * weights: 0 = none, 1 = small integers (so several paths have the same length and sums like
 * 1/3 + 1/3 + 1/3 meet 1 up to rounding), 2 = arbitrary reals, 3 = all equal but not 1.
 * Duplicate pairs are merged by the loader, adding their strengths. */
static void random_fixture(fixture_t *f, shape_t shape, size_t n, size_t m, int directed,
                           int weights, uint64_t seed)
{
    text_t e = {0}, v = {0};
    text_add(&e, "source,target%s\n", weights ? ",weight" : "");
    text_add(&v, "id\n");
    for (size_t i = 0; i < n; i++) {
        text_add(&v, "n%zu\n", i);
    }
    size_t side = (size_t)sqrt((double)n);
    for (size_t k = 0; k < m; k++) {
        size_t a, b;
        if (shape == SHAPE_GRID) { /* a lattice with a few random extra ties */
            if (k >= 2 * n) {
                break;
            }
            a = k / 2;
            b = k % 2 ? a + 1 : a + side;
            if ((k % 2 && (a + 1) % side == 0) || b >= n) {
                continue;
            }
        } else if (shape == SHAPE_HUBS) { /* most ties touch one of a few hubs */
            a = rng_next(&seed) % 5;
            b = rng_next(&seed) % n;
            if (rng_next(&seed) % 3 == 0) {
                a = rng_next(&seed) % n;
            }
        } else {
            a = rng_next(&seed) % n;
            b = rng_next(&seed) % n;
        }
        if (directed && rng_next(&seed) % 2) {
            size_t t = a;
            a = b;
            b = t;
        }
        text_add(&e, "n%zu,n%zu", a, b);
        if (weights == 1) {
            text_add(&e, ",%d", 1 + (int)(rng_next(&seed) % 3));
        } else if (weights == 2) {
            text_add(&e, ",%.6f", 0.05 + (double)(rng_next(&seed) % 100000) / 20000.0);
        } else if (weights == 3) {
            text_add(&e, ",3"); /* all of length 1/3: breadth-first with a unit of 1/3 */
        }
        text_add(&e, "\n");
    }
    fixture_build(f, e.buf, v.buf, directed, ILONET_WEIGHT_IS_STRENGTH);
    free(e.buf);
    free(v.buf);
}

static void random_graphs_match_igraph(void **state)
{
    (void)state;
    static const struct {
        shape_t shape;
        size_t n, m;
    } shapes[] = {
        {SHAPE_SPARSE, 60, 55}, /* a forest of small components and isolates */
        {SHAPE_SPARSE, 80, 160}, {SHAPE_DENSE, 30, 250},
        {SHAPE_GRID, 49, 0}, /* many equal-length paths */
        {SHAPE_HUBS, 70, 150},
    };
    uint64_t seed = 1;
    for (size_t s = 0; s < sizeof shapes / sizeof *shapes; s++) {
        for (int directed = 0; directed <= 1; directed++) {
            for (int weights = 0; weights <= 3; weights++) {
                fixture_t f;
                size_t m = shapes[s].m ? shapes[s].m : 2 * shapes[s].n;
                random_fixture(&f, shapes[s].shape, shapes[s].n, m, directed, weights, seed++);
                for (int mode = 0; mode <= (directed ? 2 : 0); mode++) {
                    assert_matches_igraph(&f, (ilonet_path_mode_t)mode, 1);
                }
                fixture_destroy(&f);
            }
        }
    }
}

static int same_bits(const igraph_vector_t *a, const igraph_vector_t *b)
{
    return igraph_vector_size(a) == igraph_vector_size(b) &&
           memcmp(VECTOR(*a), VECTOR(*b), (size_t)igraph_vector_size(a) * sizeof(double)) == 0;
}

/* Large enough (sources x arcs above the fork threshold) for the work to go to processes. */
static void worker_counts_give_identical_bits(void **state)
{
    (void)state;
    static const struct {
        int directed, weights;
        ilonet_path_mode_t mode;
    } cases[] = {
        {0, 0, ILONET_PATHS_OUT},
        {1, 2, ILONET_PATHS_OUT},
        {1, 1, ILONET_PATHS_IN},
        {1, 1, ILONET_PATHS_ALL},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        fixture_t f;
        measures_t one, many;
        random_fixture(&f, SHAPE_SPARSE, 600, 2000, cases[k].directed, cases[k].weights, 100 + k);
        measures_init(&one);
        unsigned used = 0;
        run_paths(&one, &f, cases[k].mode, 1, NULL, 0, &used);
        assert_int_equal(used, 1);
        for (unsigned w = 2; w <= 3; w++) {
            measures_init(&many);
            run_paths(&many, &f, cases[k].mode, w, NULL, 0, &used);
            assert_int_equal(used, w);
            assert_true(same_bits(&one.b, &many.b));
            assert_true(same_bits(&one.c, &many.c));
            assert_true(same_bits(&one.h, &many.h));
            measures_destroy(&many);
        }
        measures_destroy(&one);
        assert_matches_igraph(&f, cases[k].mode, 2);
        fixture_destroy(&f);
    }
}

typedef struct {
    size_t calls;
    double last;
    int increasing;
} progress_log_t;

static void log_progress(void *ctx, double fraction)
{
    progress_log_t *p = ctx;
    p->increasing &= fraction > p->last && fraction <= 1.0;
    p->last = fraction;
    p->calls++;
}

static void progress_is_reported_in_order(void **state)
{
    (void)state;
    fixture_t f;
    random_fixture(&f, SHAPE_SPARSE, 1200, 2400, 0, 0, 7);
    for (unsigned w = 1; w <= 2; w++) {
        measures_t m;
        progress_log_t log = {0, 0.0, 1};
        ilonet_error_t err;
        ilonet_paths_options_t o;
        ilonet_paths_options_default(&o);
        o.workers = w;
        o.progress = log_progress;
        o.progress_ctx = &log;
        measures_init(&m);
        assert_int_equal(ilonet_paths_centrality(&f.graph, &m.b, &m.c, &m.h, &o, &err), ILONET_OK);
        /* 1200 sources in chunks of 8: 150 chunks, reported at each new whole percent */
        assert_true(log.calls >= 2 && log.calls <= 100);
        assert_true(log.increasing);
        assert_true(log.last == 1.0);
        measures_destroy(&m);
    }
    fixture_destroy(&f);
}

/* ---- sampled sources ---- */

static void all_sources_sampled_equal_exact(void **state)
{
    (void)state;
    for (int directed = 0; directed <= 1; directed++) {
        for (int weights = 0; weights <= 2; weights += 2) {
            fixture_t f;
            random_fixture(&f, SHAPE_SPARSE, 70, 140, directed, weights, 40 + (uint64_t)weights);
            size_t n = (size_t)igraph_vcount(&f.graph.g);
            size_t *all = malloc(n * sizeof *all);
            for (size_t i = 0; i < n; i++) {
                all[n - 1 - i] = i; /* any order: the set decides */
            }
            for (int mode = 0; mode <= (directed ? 2 : 0); mode++) {
                measures_t exact, est;
                measures_init(&exact);
                measures_init(&est);
                run_paths(&exact, &f, (ilonet_path_mode_t)mode, 1, NULL, 0, NULL);
                run_paths(&est, &f, (ilonet_path_mode_t)mode, 1, all, n, NULL);
                assert_vectors_close(&est.b, &exact.b, "sampled betweenness");
                assert_vectors_close(&est.c, &exact.c, "sampled closeness");
                assert_vectors_close(&est.h, &exact.h, "sampled harmonic");
                measures_destroy(&exact);
                measures_destroy(&est);
            }
            free(all);
            fixture_destroy(&f);
        }
    }
}

/* For K < n sources: betweenness against igraph_betweenness_subset scaled by n / K, closeness
 * and harmonic against their definitions in paths.h evaluated on igraph's distance matrix. */
static void sampled_estimates_follow_their_definition(void **state)
{
    (void)state;
    for (int directed = 0; directed <= 1; directed++) {
        fixture_t f;
        random_fixture(&f, SHAPE_SPARSE, 90, 200, directed, 2, 77 + (uint64_t)directed);
        const ilonet_graph_t *gr = &f.graph;
        igraph_integer_t n = igraph_vcount(&gr->g);
        size_t sources[] = {0, 3, 4, 10, 17, 18, 33, 50, 51, 52, 70, 88};
        size_t k = sizeof sources / sizeof *sources;
        igraph_vector_int_t vs;
        assert_int_equal(igraph_vector_int_init(&vs, (igraph_integer_t)k), IGRAPH_SUCCESS);
        for (size_t i = 0; i < k; i++) {
            VECTOR(vs)[(igraph_integer_t)i] = (igraph_integer_t)sources[i];
        }
        for (int mode = 0; mode <= (directed ? 2 : 0); mode++) {
            measures_t est, want;
            measures_init(&est);
            measures_init(&want);
            run_paths(&est, &f, (ilonet_path_mode_t)mode, 1, sources, k, NULL);
            igraph_bool_t directed_paths = gr->directed && mode != ILONET_PATHS_ALL;
            assert_int_equal(igraph_betweenness_subset(&gr->g, &want.b, igraph_vss_all(),
                                                       directed_paths, igraph_vss_vector(&vs),
                                                       igraph_vss_all(), &gr->distance),
                             IGRAPH_SUCCESS);
            igraph_vector_scale(&want.b, (double)n / (double)k);
            assert_vectors_close(&est.b, &want.b, "sampled betweenness");

            /* row v of the matrix: distances from v following mode */
            igraph_matrix_t d;
            assert_int_equal(igraph_matrix_init(&d, 0, 0), IGRAPH_SUCCESS);
            assert_int_equal(igraph_distances_dijkstra(&gr->g, &d, igraph_vss_all(),
                                                       igraph_vss_all(), &gr->distance,
                                                       neimode((ilonet_path_mode_t)mode)),
                             IGRAPH_SUCCESS);
            assert_int_equal(igraph_vector_resize(&want.c, n), IGRAPH_SUCCESS);
            assert_int_equal(igraph_vector_resize(&want.h, n), IGRAPH_SUCCESS);
            for (igraph_integer_t v = 0; v < n; v++) {
                double sum = 0, inv = 0;
                size_t reached = 0, others = 0;
                for (size_t i = 0; i < k; i++) {
                    igraph_integer_t s = (igraph_integer_t)sources[i];
                    if (s == v) {
                        continue;
                    }
                    others++;
                    double x = MATRIX(d, v, s);
                    if (isfinite(x)) {
                        sum += x;
                        inv += 1.0 / x;
                        reached++;
                    }
                }
                VECTOR(want.c)[v] = reached ? (double)reached / sum : NAN;
                VECTOR(want.h)[v] = inv / (double)others;
            }
            assert_vectors_close(&est.c, &want.c, "sampled closeness");
            assert_vectors_close(&est.h, &want.h, "sampled harmonic");
            igraph_matrix_destroy(&d);
            measures_destroy(&est);
            measures_destroy(&want);
        }
        igraph_vector_int_destroy(&vs);
        fixture_destroy(&f);
    }
}

static void sampled_runs_identical_over_workers(void **state)
{
    (void)state;
    fixture_t f;
    random_fixture(&f, SHAPE_SPARSE, 2000, 5000, 1, 2, 5);
    size_t sources[300];
    for (size_t i = 0; i < 300; i++) {
        sources[i] = i * 6 + 1;
    }
    measures_t one, two;
    measures_init(&one);
    measures_init(&two);
    unsigned used = 0;
    run_paths(&one, &f, ILONET_PATHS_OUT, 1, sources, 300, &used);
    assert_int_equal(used, 1);
    run_paths(&two, &f, ILONET_PATHS_OUT, 2, sources, 300, &used);
    assert_int_equal(used, 2);
    assert_true(same_bits(&one.b, &two.b));
    assert_true(same_bits(&one.c, &two.c));
    assert_true(same_bits(&one.h, &two.h));
    measures_destroy(&one);
    measures_destroy(&two);
    fixture_destroy(&f);
}

static void bad_sources_are_rejected(void **state)
{
    (void)state;
    fixture_t f;
    measures_t m;
    ilonet_error_t err;
    ilonet_paths_options_t o;
    fixture_build(&f, "source,target\na,b\nb,c\n", NULL, 0, ILONET_WEIGHT_IS_STRENGTH);
    measures_init(&m);
    ilonet_paths_options_default(&o);
    size_t twice[] = {1, 1}, outside[] = {0, 3};
    o.sources = twice;
    o.n_sources = 2;
    assert_int_equal(ilonet_paths_centrality(&f.graph, &m.b, &m.c, &m.h, &o, &err), ILONET_EUSAGE);
    o.sources = outside;
    assert_int_equal(ilonet_paths_centrality(&f.graph, &m.b, &m.c, &m.h, &o, &err), ILONET_EUSAGE);
    o.n_sources = 0;
    assert_int_equal(ilonet_paths_centrality(&f.graph, &m.b, &m.c, &m.h, &o, &err), ILONET_EUSAGE);
    measures_destroy(&m);
    fixture_destroy(&f);
}

static void options_default(void **state)
{
    (void)state;
    ilonet_paths_options_t o;
    memset(&o, 0xff, sizeof o);
    ilonet_paths_options_default(&o);
    assert_int_equal(o.mode, ILONET_PATHS_OUT);
    assert_null(o.sources);
    assert_int_equal(o.n_sources, 0);
    assert_int_equal(o.workers, 1);
    assert_null(o.progress);
    assert_null(o.workers_used);
    assert_true(ilonet_paths_workers(0) >= 1);
    assert_int_equal(ilonet_paths_workers(3), 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(path_of_four_by_hand),
        cmocka_unit_test(square_splits_equal_paths),
        cmocka_unit_test(float_ties_count_as_equal_paths),
        cmocka_unit_test(directed_chain_by_hand),
        cmocka_unit_test(single_node_and_isolates),
        cmocka_unit_test(random_graphs_match_igraph),
        cmocka_unit_test(worker_counts_give_identical_bits),
        cmocka_unit_test(progress_is_reported_in_order),
        cmocka_unit_test(all_sources_sampled_equal_exact),
        cmocka_unit_test(sampled_estimates_follow_their_definition),
        cmocka_unit_test(sampled_runs_identical_over_workers),
        cmocka_unit_test(bad_sources_are_rejected),
        cmocka_unit_test(options_default),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
