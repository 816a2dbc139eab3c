/* Turns loaded edge rows into an igraph graph: duplicates merged, self-loops dropped, weights
 * read as strength or distance. */
#ifndef ILONET_GRAPH_H
#define ILONET_GRAPH_H

#include <igraph.h>
#include <stddef.h>
#include <stdint.h>

#include "ilonet/error.h"
#include "ilonet/network.h"

typedef enum { ILONET_WEIGHT_IS_STRENGTH = 0, ILONET_WEIGHT_IS_DISTANCE = 1 } ilonet_weight_is_t;

typedef struct {
    int directed;
    ilonet_weight_is_t weight_is;
} ilonet_graph_options_t;

typedef struct {
    igraph_t g; /* vertex i = network node i; edge t = tie t */
    int ready;  /* g is initialised */
    int directed;
    ilonet_weight_is_t weight_is;
    igraph_vector_t weight;   /* per tie, in the file's meaning (merged): strength's storage,
                               * or distance's when weights are distances; read-only */
    igraph_vector_t strength; /* per tie: closeness of the pair (for strength-based measures) */
    igraph_vector_t distance; /* per tie: length (for path-based measures) */
    size_t *row_tie;          /* per edge row: its tie, or ILONET_NONE for a dropped loop */
    size_t n_rows;
    size_t duplicates_merged; /* rows folded into an earlier tie */
    size_t self_loops_dropped;
} ilonet_graph_t;

/* Builds the graph at once: ties are found by sorting the records' pairs (two counting sorts,
 * no hash table), and the igraph_t's index is filled from that order directly (on igraph 0.10,
 * whose igraph_t fields are public; otherwise one igraph_create call). Rows for the same pair
 * (either direction when undirected) become one tie: strengths add up (with distances, 1/d adds up,
 * as for parallel ties), in file order within each record and record by record (with net->fold_rows
 * a tie's sum may so differ from the file-order sum in the last bits). Self-loops are dropped and
 * counted; counts include folded rows, and row_tie has one entry per record. A tie whose strength
 * or length (1/strength) is not a finite double fails with ILONET_EDATA at a line of net->source:
 * "the weights of A-B sum to more than 1.8e308" at the row whose addition overflowed (with
 * folding, across records: the first row of the record that overflowed the tie), a distance
 * whose inverse overflows, or a strength below 1/DBL_MAX whose length would be infinite (at the
 * tie's first row). Ties are numbered in order of first appearance. O(records + nodes) time
 * and memory. */
ilonet_status_t ilonet_graph_build(ilonet_graph_t *gr, const ilonet_network_t *net,
                                   const ilonet_graph_options_t *opts, ilonet_error_t *err);

/* ilonet_graph_build for a caller that reads only per-node results afterwards: net's rows
 * (ilonet_network_release_rows) and gr->row_tie are freed as soon as they have been read, before
 * the index is filled, so the rows and the graph are never held at once. On failure the rows
 * may or may not be gone. */
ilonet_status_t ilonet_graph_build_releasing_rows(ilonet_graph_t *gr, ilonet_network_t *net,
                                                  const ilonet_graph_options_t *opts,
                                                  ilonet_error_t *err);

/* Frees everything; safe on a zeroed graph. */
void ilonet_graph_destroy(ilonet_graph_t *gr);

/* Frees row_tie (n_rows becomes 0), for a caller that has released the network's rows too. */
void ilonet_graph_release_rows(ilonet_graph_t *gr);

/* Number of ties (edges after merging). */
size_t ilonet_graph_tie_count(const ilonet_graph_t *gr);

/* The undirected version of a directed graph for methods that need one: A->B and B->A become one
 * tie whose strength is the sum. *ug and *ustrength are initialised here; the caller destroys
 * them. O(ties). */
ilonet_status_t ilonet_graph_undirected(const ilonet_graph_t *gr, igraph_t *ug,
                                        igraph_vector_t *ustrength, ilonet_error_t *err);

/* Pair hash tables (tie merging here, projection pairs in the two-mode module). */

/* The key of the node pair (u, v): u in the high 32 bits, v in the low 32, so that sorting keys
 * sorts pairs by u, then v. Unless directed, the smaller index goes first, so (u, v) and (v, u)
 * share a key. u and v must be below 2^32 (callers reject larger networks). O(1). */
uint64_t ilonet_graph_pair_key(size_t u, size_t v, int directed);

/* Spreads a pair key over all 64 bits (the MurmurHash3 64-bit finaliser, a bijection), so that
 * masking off the low bits gives a well-distributed slot for open addressing. O(1). */
uint64_t ilonet_graph_pair_hash(uint64_t key);

#endif
