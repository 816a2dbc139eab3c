/* Collaboration clusters (community detection) on an ilonet_graph_t. */
#ifndef ILONET_COMMUNITY_H
#define ILONET_COMMUNITY_H

#include <igraph.h>

#include "ilonet/error.h"
#include "ilonet/graph.h"

typedef struct {
    int ready;
    igraph_vector_int_t membership; /* cluster of each node, numbered 1.. by size, largest first */
    size_t n_clusters;
    double modularity;              /* on the (undirected) strength-weighted graph; NaN if no ties */
    const char *method;             /* "louvain" */
    int used_undirected;            /* the directed graph was clustered as undirected */
} ilonet_clusters_t;

/* Louvain (igraph multilevel) on tie strengths, seeded so runs repeat exactly. Louvain needs
 * undirected ties: a directed graph is clustered as its undirected version (A->B and B->A
 * summed) and used_undirected is set. Near-linear time. */
ilonet_status_t ilonet_community_louvain(ilonet_clusters_t *cl, const ilonet_graph_t *gr,
                                         unsigned long seed, ilonet_error_t *err);

/* Renumbers membership (any labels 0..k-1) so clusters go 1.. by decreasing size, ties broken by
 * the smallest node index; sets n_clusters. O(V log V). */
ilonet_status_t ilonet_community_renumber(ilonet_clusters_t *cl, ilonet_error_t *err);

/* Frees everything; safe on a zeroed struct. */
void ilonet_clusters_destroy(ilonet_clusters_t *cl);

#endif
