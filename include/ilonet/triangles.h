/* Triangle-based measures of a simple undirected graph (local clustering, Burt's constraint,
 * global transitivity) in one pass over its ties, each tie's common neighbours found by walking
 * the shorter of its two ends' neighbour lists. */
#ifndef ILONET_TRIANGLES_H
#define ILONET_TRIANGLES_H

#include <igraph.h>

#include "ilonet/error.h"

/* Local clustering, Burt's constraint and global transitivity of g, in one pass.
 *
 * g must be undirected and simple (no self-loops, no multiple ties), with fewer than 2^32
 * vertices and ties; otherwise ILONET_EINTERNAL. (For a directed graph, pass its undirected
 * version with A->B and B->A merged into one tie of summed weight: igraph's constraint counts a
 * directed pair as a_ij + a_ji, which is that sum.)
 *
 * weights: one positive weight (strength) per tie, or NULL for all 1; only constraint uses it.
 *
 * clustering (may be NULL): an initialised vector, resized to V; the share of pairs of a
 * vertex's neighbours that are tied, triangles / d / (d - 1) * 2, unweighted, NaN for fewer than
 * 2 neighbours: the same doubles as igraph_transitivity_local_undirected(g, ...,
 * igraph_vss_all(), IGRAPH_TRANSITIVITY_NAN) of igraph 0.10.
 *
 * constraint (may be NULL): an initialised vector, resized to V; Burt's constraint
 *   c_i = sum_{j in N(i)} (p_ij + sum_{q in N(i) and N(j)} p_iq p_qj)^2,  p_ij = w_ij / s_i,
 * s_i the strength of i (igraph_strength over all ties, as igraph_constraint takes it), NaN for
 * isolates. Each inner sum is the same double igraph_constraint(g, ..., igraph_vss_all(),
 * weights) of igraph 0.10 computes (same terms w_iq * w_qj / s_i / s_q, added in the same order);
 * the outer sum of squares is added in a different (but fixed) order, so c_i may differ from
 * igraph's in the last bits (relative difference of a few 1e-16, bounded by d_i * 2^-53).
 * Deterministic: the same input gives the same doubles on every run.
 *
 * transitivity (may be NULL): 3 * triangles / connected triples, unweighted, NaN when there is
 * no connected triple: the same double as igraph_transitivity_undirected(g, ...,
 * IGRAPH_TRANSITIVITY_NAN) of igraph 0.10.
 *
 * With all three NULL nothing is computed. On failure the vectors' contents are unspecified
 * (still valid vectors, which the caller destroys) and *transitivity is NaN.
 *
 * Cost: O(V + E) to list the neighbours, then each tie once, from the end of higher degree,
 * whose neighbours are marked: a walk over the other end's list, O(min(d_i, d_j)). In all
 * O(sum over ties of min(d_i, d_j)) = O(E * sqrt(E)) at worst, and far less when a few hubs are
 * tied to many small nodes, against O(sum of d^2) for igraph's constraint. Memory: 8 bytes per
 * tie end (the neighbour, and the tie's weight as a float when every weight is exactly one, e.g.
 * whole numbers below 2^24 such as shared-project counts, else the tie's id to look it up; 4
 * bytes without constraint), 28 per vertex and 16 per neighbour of the busiest vertex. */
ilonet_status_t ilonet_triangles_measure(const igraph_t *g, const igraph_vector_t *weights,
                                         igraph_vector_t *clustering, igraph_vector_t *constraint,
                                         double *transitivity, ilonet_error_t *err);

#endif
