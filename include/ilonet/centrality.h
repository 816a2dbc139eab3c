/* Per-node centrality measures computed by igraph on an ilonet_graph_t. */
#ifndef ILONET_CENTRALITY_H
#define ILONET_CENTRALITY_H

#include <igraph.h>

#include "ilonet/error.h"
#include "ilonet/graph.h"

/* Which way paths follow directed ties; ignored for undirected graphs. */
typedef enum { ILONET_PATHS_OUT = 0, ILONET_PATHS_IN = 1, ILONET_PATHS_ALL = 2 } ilonet_path_mode_t;

typedef struct {
    int ready;
    igraph_vector_int_t degree;    /* distinct neighbours, either direction */
    igraph_vector_int_t in_degree; /* directed graphs only (else equal to degree) */
    igraph_vector_int_t out_degree;
    igraph_vector_t strength;     /* summed strength of the node's ties */
    igraph_vector_t betweenness;  /* raw Brandes counts on distances (estimated if sampled) */
    size_t betweenness_samples;   /* source nodes sampled for betweenness; 0 = exact */
    igraph_vector_t closeness;    /* normalised, over reachable nodes; NaN when none */
    igraph_vector_t harmonic;     /* normalised; NaN for a one-node graph */
    igraph_vector_t eigenvector;  /* on strengths, scaled to max 1 */
    igraph_vector_t pagerank;     /* on strengths, damping 0.85, sums to 1 */
    igraph_vector_int_t coreness; /* k-core number, ties taken either way */
} ilonet_centrality_t;

typedef struct {
    ilonet_path_mode_t mode;    /* which way paths follow directed ties */
    size_t betweenness_samples; /* K source nodes to sample for betweenness; 0 = exact */
    unsigned long seed;         /* seeds igraph's RNG for the sample */
} ilonet_centrality_options_t;

/* Defaults: ILONET_PATHS_OUT, exact betweenness (0 samples), seed 42. o is not NULL. */
void ilonet_centrality_options_default(ilonet_centrality_options_t *o);

/* Computes every measure into *c (initialised here; the caller destroys it, also after a
 * failure, which leaves *c zeroed). c, gr, o and err are not NULL. Path measures (betweenness,
 * closeness, harmonic) use gr->distance and o->mode; strength-based ones (strength, eigenvector,
 * pagerank) use gr->strength.
 * Betweenness with 0 < K = o->betweenness_samples < V: K distinct source nodes are drawn with
 * igraph's RNG seeded from o->seed (same seed, same sample, same result; this reseeds igraph's
 * default RNG), shortest paths are counted from those sources to every node
 * (igraph_betweenness_subset), and the counts are scaled by V / K. That is an unbiased estimate
 * of the exact raw Brandes counts; its error shrinks as K grows. K >= V (or 0) computes the exact
 * value and sets c->betweenness_samples to 0; otherwise it is set to K.
 * Cost: betweenness O(V*E log V) exact, O(K*E log V) sampled; closeness and harmonic
 * O(V*E log V); the rest near-linear. */
ilonet_status_t ilonet_centrality_compute_opts(ilonet_centrality_t *c, const ilonet_graph_t *gr,
                                               const ilonet_centrality_options_t *o,
                                               ilonet_error_t *err);

/* ilonet_centrality_compute_opts with the given mode and exact betweenness. */
ilonet_status_t ilonet_centrality_compute(ilonet_centrality_t *c, const ilonet_graph_t *gr,
                                          ilonet_path_mode_t mode, ilonet_error_t *err);

/* Frees everything; safe on a zeroed struct. */
void ilonet_centrality_destroy(ilonet_centrality_t *c);

#endif
