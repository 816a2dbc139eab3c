/* Choosing which nodes and ties a figure shows: top N, an ego network, minimum tie weight,
 * kinds, one cluster. Measures and clusters stay those of the whole network. */
#ifndef ILONET_SELECT_H
#define ILONET_SELECT_H

#include <igraph.h>

#include "ilonet/community.h"
#include "ilonet/error.h"
#include "ilonet/graph.h"
#include "ilonet/network.h"

#define ILONET_MAX_KINDS 32

typedef struct {
    size_t top;                  /* keep the N highest by rank; 0 = no limit */
    const igraph_vector_t *rank; /* measure used by top (required when top > 0) */
    const char *ego;             /* keep this node and its neighbourhood; NULL = none */
    int radius;                  /* ego radius in ties (>= 1) */
    double min_weight;           /* drop ties lighter than this; 0 = keep all */
    const char *kinds[ILONET_MAX_KINDS];
    size_t n_kinds;            /* keep only nodes of these kinds; 0 = all */
    size_t cluster;            /* keep only this cluster; 0 = all */
    const char *two_mode_view; /* comma-separated second-mode kinds: keep only ties joining a
                                * node of these kinds to one of another kind, and the nodes
                                * that keep a tie; NULL = all ties */
} ilonet_select_options_t;

typedef struct {
    unsigned char *node_keep; /* per network node */
    unsigned char *tie_keep;  /* per graph tie */
    size_t n_nodes;           /* how many are kept */
    size_t n_ties;
} ilonet_selection_t;

/* Applies every filter (they intersect). Ties are kept when both ends are kept and the weight
 * passes; with min_weight, nodes whose every tie was dropped are dropped too. Errors: an ego node
 * that does not exist, an empty result. O(V log V + E). */
ilonet_status_t ilonet_select(ilonet_selection_t *sel, const ilonet_network_t *net,
                              const ilonet_graph_t *gr, const ilonet_clusters_t *cl,
                              const ilonet_select_options_t *o, ilonet_error_t *err);

/* Frees everything; safe on a zeroed selection. */
void ilonet_selection_destroy(ilonet_selection_t *sel);

#endif
