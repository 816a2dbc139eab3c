/* Centrality measures: the path measures from the paths module, the rest as thin, checked
 * calls into igraph, all with ilonet's weight conventions. */
#include "ilonet/centrality.h"

#include <stdlib.h>
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
    o->workers = 1;
    o->progress = NULL;
    o->progress_ctx = NULL;
}

/* Draws k < n distinct nodes by a partial Fisher-Yates shuffle on igraph's RNG seeded from
 * seed, sorted (the chunks of sources, and so the last bits of the sums, then follow the node
 * order whatever the draw order). Each source s contributes its Brandes dependencies delta_s(v);
 * the exact value is their sum over all n sources, so scaling the sum over a uniform sample by
 * n / k gives an unbiased estimate (see ilonet_paths_centrality for closeness and harmonic).
 * *out (k entries) is the caller's to free. */
static ilonet_status_t draw_sources(igraph_integer_t n, size_t k, unsigned long seed, size_t **out,
                                    ilonet_error_t *err)
{
    igraph_vector_int_t perm;
    ilonet_status_t st;

    *out = NULL;
    ILONET_IGRAPH_CHECK(igraph_vector_int_init_range(&perm, 0, n), "vector");
    ilonet_igraph_seed(seed);
    for (igraph_integer_t i = 0; i < (igraph_integer_t)k; i++) {
        igraph_integer_t j = igraph_rng_get_integer(igraph_rng_default(), i, n - 1);
        igraph_integer_t t = VECTOR(perm)[i];
        VECTOR(perm)[i] = VECTOR(perm)[j];
        VECTOR(perm)[j] = t;
    }
    igraph_vector_int_resize(&perm, (igraph_integer_t)k); /* shrinking never allocates */
    igraph_vector_int_sort(&perm);
    *out = malloc(k * sizeof **out);
    if (*out == NULL) {
        st = ilonet_error_nomem(err);
    } else {
        for (size_t i = 0; i < k; i++) {
            (*out)[i] = (size_t)VECTOR(perm)[(igraph_integer_t)i];
        }
    }
    igraph_vector_int_destroy(&perm);
cleanup:
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
    const igraph_t *g = &gr->g;
    igraph_integer_t n = igraph_vcount(g);
    ilonet_paths_options_t po;
    size_t *sources = NULL;
    ilonet_status_t st;

    memset(c, 0, sizeof *c);
    st = init_all(c, n, err);
    if (st != ILONET_OK) {
        return st;
    }
    /* Ties are merged, so the neighbourhood size is the number of distinct neighbours even when
     * A->B and B->A both exist. */
    ILONET_IGRAPH_CHECK(igraph_neighborhood_size(g, &c->degree, igraph_vss_all(), 1, IGRAPH_ALL, 1),
                        "degree");
    ILONET_IGRAPH_CHECK(
        igraph_degree(g, &c->in_degree, igraph_vss_all(), IGRAPH_IN, IGRAPH_NO_LOOPS), "in-degree");
    ILONET_IGRAPH_CHECK(
        igraph_degree(g, &c->out_degree, igraph_vss_all(), IGRAPH_OUT, IGRAPH_NO_LOOPS),
        "out-degree");
    ILONET_IGRAPH_CHECK(igraph_strength(g, &c->strength, igraph_vss_all(), IGRAPH_ALL,
                                        IGRAPH_NO_LOOPS, &gr->strength),
                        "strength");

    ilonet_paths_options_default(&po);
    po.mode = o->mode;
    po.workers = o->workers;
    po.progress = o->progress;
    po.progress_ctx = o->progress_ctx;
    if (o->betweenness_samples > 0 && o->betweenness_samples < (size_t)n) {
        c->betweenness_samples = o->betweenness_samples;
        st = draw_sources(n, o->betweenness_samples, o->seed, &sources, err);
        if (st != ILONET_OK) {
            goto cleanup;
        }
        po.sources = sources;
        po.n_sources = o->betweenness_samples;
    }
    st = ilonet_paths_centrality(gr, &c->betweenness, &c->closeness, &c->harmonic, &po, err);
    if (st != ILONET_OK) {
        goto cleanup;
    }

    if (igraph_ecount(g) > 0) {
        igraph_real_t value;
        /* ARPACK starts from a random vector: without a fixed state the last digits would depend
         * on what drew from igraph's RNG before (a betweenness sample, an earlier job) */
        ilonet_igraph_seed(ILONET_EIGENVECTOR_SEED);
        ILONET_IGRAPH_CHECK(igraph_eigenvector_centrality(g, &c->eigenvector, &value, gr->directed,
                                                          1, &gr->strength, NULL),
                            "eigenvector centrality");
    } else {
        /* With no ties every node is equally (un)important; igraph would warn and give 1s. */
        igraph_vector_fill(&c->eigenvector, n > 0 ? 1.0 : 0.0);
    }
    ILONET_IGRAPH_CHECK(igraph_pagerank(g, IGRAPH_PAGERANK_ALGO_PRPACK, &c->pagerank, NULL,
                                        igraph_vss_all(), gr->directed, 0.85, &gr->strength, NULL),
                        "PageRank");
    ILONET_IGRAPH_CHECK(igraph_coreness(g, &c->coreness, IGRAPH_ALL), "coreness");

cleanup:
    free(sources);
    if (st != ILONET_OK) {
        ilonet_centrality_destroy(c);
    }
    return st;
}
