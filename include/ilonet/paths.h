/* Shortest-path centralities (betweenness, closeness, harmonic) from one search per source,
 * optionally split over worker processes. */
#ifndef ILONET_PATHS_H
#define ILONET_PATHS_H

#include <igraph.h>
#include <stddef.h>

#include "ilonet/error.h"
#include "ilonet/graph.h"

/* Which way paths follow directed ties; ignored for undirected graphs. */
typedef enum { ILONET_PATHS_OUT = 0, ILONET_PATHS_IN = 1, ILONET_PATHS_ALL = 2 } ilonet_path_mode_t;

/* Progress report: fraction of the work done, in (0, 1], increasing; 1 is always reported last.
 * Called from the calling process only, at most about 100 times per run. */
typedef void (*ilonet_progress_fn)(void *ctx, double fraction);

typedef struct {
    ilonet_path_mode_t mode;
    /* NULL: every node is a source and the results are exact. Otherwise n_sources distinct node
     * indices (in any order; the results depend on the set, and on the order only in the last
     * bits): the measures are estimated from searches from these nodes only (see below). */
    const size_t *sources;
    size_t n_sources;
    /* Worker processes: 0 = one per online CPU, 1 = all work in the calling process. Small jobs
     * run in the calling process whatever this says. Results are bit-identical for every value. */
    unsigned workers;
    ilonet_progress_fn progress; /* may be NULL */
    void *progress_ctx;
    unsigned *workers_used; /* may be NULL; receives the processes that ran the searches */
} ilonet_paths_options_t;

/* Defaults: ILONET_PATHS_OUT, every node a source, 1 worker, no progress hook, no
 * workers_used. o is not NULL. */
void ilonet_paths_options_default(ilonet_paths_options_t *o);

/* The worker count that o->workers = requested stands for (0 = online CPUs), at least 1. */
unsigned ilonet_paths_workers(unsigned requested);

/* Computes betweenness, closeness and harmonic centrality of every node of gr into the three
 * vectors (initialised vectors owned by the caller; resized to the node count here). None of
 * the pointers may be NULL. Path lengths are gr->distance (each must be finite and > 0, else
 * ILONET_EDATA); with all lengths equal, breadth-first search replaces Dijkstra's algorithm.
 * Sources that are empty, out of range or repeated give ILONET_EUSAGE.
 *
 * Exact (o->sources == NULL) the values are those of igraph 0.10 up to rounding (sums are
 * taken in another order; tested to 1e-9 relative, typically equal to 1e-15):
 * - betweenness: igraph_betweenness(directed = gr->directed && mode != ALL) with gr->distance:
 *   raw Brandes counts, halved for undirected paths; path lengths within igraph's relative
 *   epsilon (IGRAPH_SHORTEST_PATH_EPSILON, compared as igraph does on length + 1) are ties.
 *   (Only ties shorter than that epsilon times a path length, on which igraph warns, can make
 *   the two differ.) IN and OUT give the same betweenness (a path read backwards is a path of
 *   the reversed graph).
 * - closeness: igraph_closeness(mode, normalized): over the nodes v reaches following mode,
 *   (reached - 1) / sum of distances; NaN when v reaches nobody.
 * - harmonic: igraph_harmonic_centrality(mode, normalized): sum over u != v of 1 / d(v, u)
 *   (0 when unreachable) over n - 1; NaN for a one-node graph.
 *
 * Estimated (o->sources = S, K = |S| nodes), for a uniformly drawn S:
 * - betweenness: the dependencies of every node on the shortest paths out of the K sources
 *   (as igraph_betweenness_subset with S as sources and every node as target, halved for
 *   undirected paths) scaled by n / K: an unbiased estimate of the exact value.
 * - closeness and harmonic of v use the distances d(v, s) from v to the sampled nodes s != v
 *   (found by a search from s against the direction of mode; one search serves betweenness as
 *   well unless the graph is directed and mode is OUT). With R(v) = the sampled s != v that v
 *   reaches: closeness(v) = |R(v)| / sum over R(v) of d(v, s), NaN when R(v) is empty (the
 *   inverse of the mean sampled distance, estimating the inverse of the mean distance to the
 *   reachable nodes); harmonic(v) = mean over the sampled s != v of 1 / d(v, s) (0 when
 *   unreachable), NaN when S holds no node but v (unbiased: S minus v is a uniform sample of
 *   the other nodes). With S = every node all three equal the exact values (to rounding).
 *
 * Cost: O(K (V + E)) time unweighted, O(K (V + E) log V) weighted, K = V when exact, spread
 * over the workers; memory O(V + E) per worker plus 2 * workers * V doubles (8 * workers * V
 * when estimating) shared with the workers, kept under 512 MiB by running fewer workers.
 * Workers are forked processes (igraph is not thread-safe; they only read the graph and call
 * no igraph function), reaped by pid before this returns; they never touch stdio and leave by
 * _exit. A worker that dies makes the call fail (ILONET_EINTERNAL); if no process can be
 * forked the work runs in the calling process. On failure the vectors hold unspecified
 * values. */
ilonet_status_t ilonet_paths_centrality(const ilonet_graph_t *gr, igraph_vector_t *betweenness,
                                        igraph_vector_t *closeness, igraph_vector_t *harmonic,
                                        const ilonet_paths_options_t *o, ilonet_error_t *err);

#endif
