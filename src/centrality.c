/* Centrality measures: thin, checked calls into igraph with ilonet's weight conventions. */
#include "ilonet/centrality.h"

#include <math.h>
#include <string.h>

#include "ilonet/igraph_bridge.h"

/* Any fixed value: eigenvector results must not depend on the RNG state. */
#define ILONET_EIGENVECTOR_SEED 1UL

void ilonet_centrality_destroy(ilonet_centrality_t *c)
{
    if (c->ready) {
        igraph_vector_int_destroy(&c->degree);
        igraph_vector_int_destroy(&c->in_degree);
        igraph_vector_int_destroy(&c->out_degree);
        igraph_vector_destroy(&c->strength);
        igraph_vector_destroy(&c->betweenness);
        igraph_vector_destroy(&c->closeness);
        igraph_vector_destroy(&c->harmonic);
        igraph_vector_destroy(&c->eigenvector);
        igraph_vector_destroy(&c->pagerank);
        igraph_vector_int_destroy(&c->coreness);
    }
    memset(c, 0, sizeof *c);
}

static ilonet_status_t init_all(ilonet_centrality_t *c, igraph_integer_t n, ilonet_error_t *err)
{
    /* Initialise in a fixed order and unwind on failure so destroy only sees whole structs. */
    igraph_vector_int_t *ints[] = {&c->degree, &c->in_degree, &c->out_degree, &c->coreness};
    igraph_vector_t *reals[] = {&c->strength, &c->betweenness, &c->closeness,
                                &c->harmonic, &c->eigenvector, &c->pagerank};
    size_t ni = 0, nr = 0;
    for (; ni < sizeof ints / sizeof *ints; ni++) {
        if (igraph_vector_int_init(ints[ni], n) != IGRAPH_SUCCESS) {
            goto fail;
        }
    }
    for (; nr < sizeof reals / sizeof *reals; nr++) {
        if (igraph_vector_init(reals[nr], n) != IGRAPH_SUCCESS) {
            goto fail;
        }
    }
    c->ready = 1;
    return ILONET_OK;
fail:
    while (ni > 0) {
        igraph_vector_int_destroy(ints[--ni]);
    }
    while (nr > 0) {
        igraph_vector_destroy(reals[--nr]);
    }
    return ilonet_error_nomem(err);
}

void ilonet_centrality_options_default(ilonet_centrality_options_t *o)
{
    memset(o, 0, sizeof *o);
    o->mode = ILONET_PATHS_OUT;
    o->betweenness_samples = 0;
    o->seed = 42; /* the pipeline's default seed (ILONET_DEFAULT_SEED) */
}

/* Betweenness estimated from k < n distinct sources drawn by a partial Fisher-Yates shuffle on
 * igraph's seeded RNG. Each source s adds its Brandes dependencies delta_s(v); the exact value is
 * their sum over all n sources (igraph halves both the full and the subset sums for undirected
 * paths), so scaling the sum over a uniform sample by n / k gives an unbiased estimate. */
static ilonet_status_t sampled_betweenness(const ilonet_graph_t *gr, igraph_vector_t *res,
                                           igraph_bool_t directed_paths, size_t k,
                                           unsigned long seed, ilonet_error_t *err)
{
    igraph_integer_t n = igraph_vcount(&gr->g);
    igraph_vector_int_t perm;
    ilonet_status_t st;

    st = ilonet_igraph_check(igraph_vector_int_init_range(&perm, 0, n), "vector", err);
    if (st != ILONET_OK) {
        return st;
    }
    ilonet_igraph_seed(seed);
    for (igraph_integer_t i = 0; i < (igraph_integer_t)k; i++) {
        igraph_integer_t j = igraph_rng_get_integer(igraph_rng_default(), i, n - 1);
        igraph_integer_t t = VECTOR(perm)[i];
        VECTOR(perm)[i] = VECTOR(perm)[j];
        VECTOR(perm)[j] = t;
    }
    igraph_vector_int_resize(&perm, (igraph_integer_t)k); /* shrinking never allocates */
    /* Sorted sources: the sum is then accumulated in the same order whatever the draw order. */
    igraph_vector_int_sort(&perm);
    st = ilonet_igraph_check(igraph_betweenness_subset(&gr->g, res, igraph_vss_all(),
                                                       directed_paths, igraph_vss_vector(&perm),
                                                       igraph_vss_all(), &gr->distance),
                             "sampled betweenness", err);
    if (st == ILONET_OK) {
        igraph_vector_scale(res, (igraph_real_t)n / (igraph_real_t)k);
    }
    igraph_vector_int_destroy(&perm);
    return st;
}

ilonet_status_t ilonet_centrality_compute(ilonet_centrality_t *c, const ilonet_graph_t *gr,
                                          ilonet_path_mode_t mode, ilonet_error_t *err)
{
    ilonet_centrality_options_t o;
    ilonet_centrality_options_default(&o);
    o.mode = mode;
    return ilonet_centrality_compute_opts(c, gr, &o, err);
}

ilonet_status_t ilonet_centrality_compute_opts(ilonet_centrality_t *c, const ilonet_graph_t *gr,
                                               const ilonet_centrality_options_t *o,
                                               ilonet_error_t *err)
{
    ilonet_path_mode_t mode = o->mode;
    const igraph_t *g = &gr->g;
    igraph_integer_t n = igraph_vcount(g);
    igraph_neimode_t pmode = mode == ILONET_PATHS_IN    ? IGRAPH_IN
                             : mode == ILONET_PATHS_ALL ? IGRAPH_ALL
                                                        : IGRAPH_OUT;
    igraph_bool_t directed_paths = gr->directed && mode != ILONET_PATHS_ALL;
    ilonet_status_t st;

    memset(c, 0, sizeof *c);
    st = init_all(c, n, err);
    if (st != ILONET_OK) {
        return st;
    }
#define CHECK(call, what)                                                                          \
    do {                                                                                           \
        st = ilonet_igraph_check((call), (what), err);                                             \
        if (st != ILONET_OK) {                                                                     \
            goto cleanup;                                                                          \
        }                                                                                          \
    } while (0)

    /* Ties are merged, so the neighbourhood size is the number of distinct neighbours even when
     * A->B and B->A both exist. */
    CHECK(igraph_neighborhood_size(g, &c->degree, igraph_vss_all(), 1, IGRAPH_ALL, 1), "degree");
    CHECK(igraph_degree(g, &c->in_degree, igraph_vss_all(), IGRAPH_IN, IGRAPH_NO_LOOPS),
          "in-degree");
    CHECK(igraph_degree(g, &c->out_degree, igraph_vss_all(), IGRAPH_OUT, IGRAPH_NO_LOOPS),
          "out-degree");
    CHECK(igraph_strength(g, &c->strength, igraph_vss_all(), IGRAPH_ALL, IGRAPH_NO_LOOPS,
                          &gr->strength),
          "strength");
    if (o->betweenness_samples > 0 && o->betweenness_samples < (size_t)n) {
        c->betweenness_samples = o->betweenness_samples;
        st = sampled_betweenness(gr, &c->betweenness, directed_paths, o->betweenness_samples,
                                 o->seed, err);
        if (st != ILONET_OK) {
            goto cleanup;
        }
    } else {
        CHECK(
            igraph_betweenness(g, &c->betweenness, igraph_vss_all(), directed_paths, &gr->distance),
            "betweenness");
    }
    CHECK(igraph_closeness(g, &c->closeness, NULL, NULL, igraph_vss_all(), pmode, &gr->distance, 1),
          "closeness");
    CHECK(igraph_harmonic_centrality(g, &c->harmonic, igraph_vss_all(), pmode, &gr->distance, 1),
          "harmonic centrality");
    if (igraph_ecount(g) > 0) {
        igraph_real_t value;
        /* ARPACK starts from a random vector: without a fixed state the last digits would depend
         * on what drew from igraph's RNG before (a betweenness sample, an earlier job) */
        ilonet_igraph_seed(ILONET_EIGENVECTOR_SEED);
        CHECK(igraph_eigenvector_centrality(g, &c->eigenvector, &value, gr->directed, 1,
                                            &gr->strength, NULL),
              "eigenvector centrality");
    } else {
        /* With no ties every node is equally (un)important; igraph would warn and give 1s. */
        igraph_vector_fill(&c->eigenvector, n > 0 ? 1.0 : 0.0);
    }
    CHECK(igraph_pagerank(g, IGRAPH_PAGERANK_ALGO_PRPACK, &c->pagerank, NULL, igraph_vss_all(),
                          gr->directed, 0.85, &gr->strength, NULL),
          "PageRank");
    CHECK(igraph_coreness(g, &c->coreness, IGRAPH_ALL), "coreness");
#undef CHECK
    if (n == 1) {
        VECTOR(c->harmonic)[0] = NAN;
    }

cleanup:
    if (st != ILONET_OK) {
        ilonet_centrality_destroy(c);
    }
    return st;
}
