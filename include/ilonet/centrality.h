/* Per-node centrality measures of an ilonet_graph_t: path measures from the paths module, the
 * rest from igraph. */
#ifndef ILONET_CENTRALITY_H
#define ILONET_CENTRALITY_H

#include <igraph.h>

#include "ilonet/error.h"
#include "ilonet/graph.h"
#include "ilonet/paths.h" /* ilonet_path_mode_t, ilonet_progress_fn */

typedef struct {
    int ready;
    igraph_vector_int_t degree;    /* distinct neighbours, either direction */
    igraph_vector_int_t in_degree; /* directed graphs only (else equal to degree) */
    igraph_vector_int_t out_degree;
    igraph_vector_t strength;     /* summed strength of the node's ties */
    igraph_vector_t betweenness;  /* raw Brandes counts on distances (estimated if sampled) */
    size_t betweenness_samples;   /* source nodes sampled for the three path measures; 0 = exact */
    igraph_vector_t closeness;    /* normalised, over reachable nodes; NaN when none (estimated
                                     if sampled) */
    igraph_vector_t harmonic;     /* normalised; NaN for a one-node graph (estimated if sampled) */
    igraph_vector_t eigenvector;  /* on strengths, scaled to max 1 */
    igraph_vector_t pagerank;     /* on strengths, damping 0.85, sums to 1 */
    igraph_vector_int_t coreness; /* k-core number, ties taken either way */
} ilonet_centrality_t;

typedef struct {
    ilonet_path_mode_t mode; /* which way paths follow directed ties */
    /* K source nodes to sample for the path measures (betweenness, closeness, harmonic);
     * 0 = exact. The name predates closeness and harmonic following the same sample. */
    size_t betweenness_samples;
    unsigned long seed;          /* seeds igraph's RNG for the sample */
    unsigned workers;            /* processes for the path measures: 0 = one per online CPU */
    ilonet_progress_fn progress; /* may be NULL: progress of the path measures (most of the run) */
    void *progress_ctx;
} ilonet_centrality_options_t;

/* Defaults: ILONET_PATHS_OUT, exact (0 samples), seed 42, 1 worker (in this process), no
 * progress hook. o is not NULL. */
void ilonet_centrality_options_default(ilonet_centrality_options_t *o);

/* Computes every measure into *c (initialised here; the caller destroys it, also after a
 * failure, which leaves *c zeroed). c, gr, o and err are not NULL. Path measures (betweenness,
 * closeness, harmonic) use gr->distance and o->mode and come from ilonet_paths_centrality (one
 * search per source, over o->workers processes; the results do not depend on the worker
 * count); strength-based ones (strength, eigenvector, pagerank) use gr->strength.
 * Sampling with 0 < K = o->betweenness_samples < V: K distinct source nodes are drawn with
 * igraph's RNG seeded from o->seed (same seed, same sample, same result; this reseeds igraph's
 * default RNG). Betweenness counts shortest paths from those sources to every node (as
 * igraph_betweenness_subset) scaled by V / K, an unbiased estimate of the exact raw Brandes
 * counts; closeness and harmonic are estimated from the distances to the sampled nodes (see
 * ilonet_paths_centrality for the exact definitions). Errors shrink as K grows. K >= V (or 0)
 * computes the exact values and sets c->betweenness_samples to 0; otherwise it is set to K.
 * o->progress, if set, is called from this process as the path measures advance.
 * Cost: path measures O(K*(V+E)) unweighted, O(K*(V+E) log V) weighted (K = V when exact),
 * divided among the workers; the rest near-linear. */
ilonet_status_t ilonet_centrality_compute_opts(ilonet_centrality_t *c, const ilonet_graph_t *gr,
                                               const ilonet_centrality_options_t *o,
                                               ilonet_error_t *err);

/* ilonet_centrality_compute_opts with the given mode and exact betweenness. */
ilonet_status_t ilonet_centrality_compute(ilonet_centrality_t *c, const ilonet_graph_t *gr,
                                          ilonet_path_mode_t mode, ilonet_error_t *err);

/* Frees everything; safe on a zeroed struct. */
void ilonet_centrality_destroy(ilonet_centrality_t *c);

#endif
