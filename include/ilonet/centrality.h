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
    igraph_vector_int_t degree;     /* distinct neighbours, either direction */
    igraph_vector_int_t in_degree;  /* directed graphs only (else equal to degree) */
    igraph_vector_int_t out_degree;
    igraph_vector_t strength;       /* summed strength of the node's ties */
    igraph_vector_t betweenness;    /* raw Brandes counts on distances */
    igraph_vector_t closeness;      /* normalised, over reachable nodes; NaN when none */
    igraph_vector_t harmonic;       /* normalised; NaN for a one-node graph */
    igraph_vector_t eigenvector;    /* on strengths, scaled to max 1 */
    igraph_vector_t pagerank;       /* on strengths, damping 0.85, sums to 1 */
    igraph_vector_int_t coreness;   /* k-core number, ties taken either way */
} ilonet_centrality_t;

/* Computes every measure. Path measures (betweenness, closeness, harmonic) use gr->distance
 * and mode; strength-based ones (strength, eigenvector, pagerank) use gr->strength.
 * Cost: O(V*E log V) for the path measures, near-linear for the rest. */
ilonet_status_t ilonet_centrality_compute(ilonet_centrality_t *c, const ilonet_graph_t *gr,
                                          ilonet_path_mode_t mode, ilonet_error_t *err);

/* Frees everything; safe on a zeroed struct. */
void ilonet_centrality_destroy(ilonet_centrality_t *c);

#endif
