/* Brokerage and network-structure measures: per-node clustering, constraint and hub/authority
 * scores, and whole-network path, cohesion, mixing and centralization figures. */
#ifndef ILONET_STRUCTURE_H
#define ILONET_STRUCTURE_H

#include <stddef.h>

#include <igraph.h>

#include "ilonet/error.h"
#include "ilonet/graph.h"
#include "ilonet/network.h"

/* Per-node structure; every vector has one entry per node (vertex i = node i). Undefined values
 * are NaN (never negative zero or garbage). */
typedef struct {
    int ready;
    /* Local clustering coefficient: the share of pairs of the node's neighbours that are tied.
     * Unweighted; ties are taken either way (a directed graph is measured on its undirected
     * version, so A->B plus B->A is one tie). NaN for nodes with fewer than 2 neighbours. */
    igraph_vector_t clustering;
    /* Burt's constraint on tie strengths (as igraph_constraint defines it, computed by
     * ilonet_triangles_measure: equal to igraph's to a few 1e-16 relative): high when a node's
     * ties all lead into one closed group, low for brokers. Directed ties count in both
     * directions (a_ij + a_ji, as igraph does). NaN for isolates. */
    igraph_vector_t constraint;
    int has_hub_authority; /* set for directed graphs only */
    /* Kleinberg hub and authority scores on tie strengths, scaled to max 1 (all 1 when the graph
     * has no ties). When the leading eigenvalue of A*A^T is repeated (e.g. a directed path), the
     * scores are one of several valid answers. Empty vectors when !has_hub_authority. */
    igraph_vector_t hub, authority;
} ilonet_node_structure_t;

/* Computes every per-node measure into *s (initialised here; the caller destroys it with
 * ilonet_node_structure_destroy, also after a failure, which leaves *s zeroed). s, gr and err
 * are not NULL.
 * Cost: clustering and constraint together O(sum over ties of min(d_i, d_j)) time (at worst
 * O(E * sqrt(E))) and 8 bytes per tie end (ilonet_triangles_measure), plus an undirected copy of
 * a directed graph; hubs and authorities a few ARPACK iterations of O(E) each. */
ilonet_status_t ilonet_structure_nodes(ilonet_node_structure_t *s, const ilonet_graph_t *gr,
                                       ilonet_error_t *err);

/* Frees everything; safe on a zeroed struct. */
void ilonet_node_structure_destroy(ilonet_node_structure_t *s);

/* Whole-network figures; NaN whenever a figure is undefined. */
typedef struct {
    /* Longest shortest path in ties (unweighted), over reachable pairs only; NaN if no ties.
     * Directed graphs: paths follow ties outward. */
    double diameter_hops;
    /* Sources the three path figures were estimated from; 0 = exact (every node). */
    size_t path_sources;
    /* The same on tie lengths (gr->distance); NaN if no ties. Directed: outward. */
    double diameter_weighted;
    /* Mean shortest-path length in ties over reachable ordered pairs (igraph_average_path_length,
     * unconn = true); NaN when no pair is reachable. Directed: outward. */
    double average_path_length;
    /* Global clustering: 3 * triangles / connected triples, unweighted, on the undirected
     * version of a directed graph; NaN when there is no connected triple. */
    double transitivity;
    /* Mean of the local clustering coefficient over the nodes with at least 2 neighbours only
     * (nodes with fewer are left out, not counted as 0); NaN when there is none. */
    double average_clustering;
    /* Pearson correlation of the degrees at either end of a tie (igraph_assortativity_degree).
     * Directed graphs: out-degree of the tail against in-degree of the head. NaN when undefined
     * (no ties, or all ends of the same degree). */
    double degree_assortativity;
    /* Newman's nominal assortativity of node kinds (igraph_assortativity_nominal, normalised):
     * 1 when ties only join nodes of the same kind. Only ties whose two ends have a known kind
     * count. Directed graphs use tie direction. NaN when fewer than 2 distinct known kinds, no
     * such tie, or otherwise undefined. */
    double kind_assortativity;
    size_t components;              /* weakly connected components (isolates count) */
    size_t largest_component;       /* node count of the largest one; 0 for an empty graph */
    double largest_component_share; /* largest_component / nodes; NaN for an empty graph */
    /* Freeman degree centralization, normalised to [0, 1] (1 for a star), loops excluded; on the
     * undirected version of a directed graph, so degree = distinct neighbours (as in
     * ilonet_centrality_t.degree). NaN for fewer than 3 nodes. */
    double degree_centralization;
} ilonet_network_structure_t;

/* Fills *s. net gives node kinds (ilonet_network_node_kind) and must be the network gr was built
 * from; s, gr, net and err are not NULL. On failure *s holds NaN and zero counts.
 * Cost: dominated by the path measures, O(V * E) for the hop-based ones and O(V * E log V) for
 * the weighted diameter; the rest is O(V log V + E) plus the triangle pass of
 * ilonet_triangles_measure (O(sum over ties of min(d_i, d_j)), 4 bytes per tie end). */
ilonet_status_t ilonet_structure_network(ilonet_network_structure_t *s, const ilonet_graph_t *gr,
                                         const ilonet_network_t *net, ilonet_error_t *err);

/* The same, with the three path figures (diameters, average path length) estimated from
 * path_sources source nodes spread evenly over the node order when 0 < path_sources < V: the
 * diameters are then the longest distances from those sources (lower bounds) and the average
 * is over their rows; s->path_sources records k. One breadth-first and one Dijkstra search per
 * source on compressed tie lists (the same values as igraph_distances and
 * igraph_distances_dijkstra): O(k * E log V) time, 12 bytes per tie end and 24 per node.
 * path_sources 0 = exact. */
ilonet_status_t ilonet_structure_network_sampled(ilonet_network_structure_t *s,
                                                 const ilonet_graph_t *gr,
                                                 const ilonet_network_t *net, size_t path_sources,
                                                 ilonet_error_t *err);

#endif
