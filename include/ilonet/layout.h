/* Node positions computed by igraph (fr, kk, drl, mds), for graphs drawn with pinned positions. */
#ifndef ILONET_LAYOUT_H
#define ILONET_LAYOUT_H

#include <igraph.h>

#include "ilonet/error.h"

/* Returns 1 when name is one of the igraph layouts: fr, kk, drl, mds. */
int ilonet_layout_is_igraph(const char *name);

/* Computes positions for g into xy (n x 2, initialised here; the caller destroys it), seeded by
 * seed, with tie strengths as attraction where the method uses weights (fr, drl). Positions are
 * scaled so that the drawing has about one inch (72 points) per node of width on average.
 * Costs: fr O(iterations * (V + E)) with a grid for large graphs, kk O(V^2) per iteration,
 * drl near-linear, mds O(V^2) memory. */
ilonet_status_t ilonet_layout_compute(const igraph_t *g, const igraph_vector_t *strength,
                                      const char *name, unsigned long seed, igraph_matrix_t *xy,
                                      ilonet_error_t *err);

#endif
