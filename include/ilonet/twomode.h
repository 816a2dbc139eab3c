/* Two-mode (e.g. organisations x projects) networks: telling the modes apart by node kind and
 * projecting them onto one mode, so that collaboration clusters are clusters of organisations
 * tied by the projects they share. */
#ifndef ILONET_TWOMODE_H
#define ILONET_TWOMODE_H

#include <stddef.h>

#include "ilonet/error.h"
#include "ilonet/graph.h"
#include "ilonet/network.h"

/* How a projected tie is weighted. COUNT: the number of shared other-mode nodes. NEWMAN:
 * Newman's collaboration weight (Phys. Rev. E 64, 016132, 2001), the sum over shared nodes p of
 * 1/(deg(p)-1), so that a large project ties its members less strongly than a small one. */
typedef enum { ILONET_PROJECTION_COUNT = 0, ILONET_PROJECTION_NEWMAN } ilonet_projection_weight_t;

typedef struct {
    size_t first_mode_nodes, second_mode_nodes;
    size_t ties_between_modes, ties_within_first,
        ties_within_second; /* of the input graph's ties */
    int is_two_mode; /* second mode present, first mode present, and every tie joins the two modes
                      */
} ilonet_twomode_info_t;

typedef struct {
    size_t pairs;            /* projection rows of type "shared": pairs with an other-mode node
                                in common */
    size_t direct_ties_kept; /* ties of the input graph joining two projected-mode nodes */
} ilonet_projection_stats_t;

/* Modes. second_kinds is a comma-separated list of kind names, e.g. "project" or
 * "project,agreement,forum"; spaces around names are ignored and names match
 * ilonet_network_node_kind ignoring ASCII case. A node whose kind is in the list belongs to the
 * second mode; every other node, including nodes with no kind, belongs to the first mode. */

/* Steps through a kind list: stores the next name in *name (a pointer into the list, not
 * NUL-terminated) and its length in *len, with spaces and tabs around it removed, skipping empty
 * entries (as in "a,,b" or " , "), and advances *list past it. Returns 1, or 0 at the end of the
 * list (then *name and *len are left unchanged). No pointer may be NULL. O(length of the part of
 * the list it passes). */
int ilonet_twomode_next_kind(const char **list, const char **name, size_t *len);

/* Whether kind is one of the names of the kind list kinds, ignoring ASCII case (whatever the
 * locale): the mode test of ilonet_twomode_inspect and ilonet_twomode_project. kind "" is never
 * listed. Neither pointer may be NULL. O(length of kinds + length of kind). */
int ilonet_twomode_kind_listed(const char *kinds, const char *kind);

/* Counts the nodes of each mode and the graph's ties (igraph edges, after merging) between and
 * within the modes into *info. gr must be built from net. A network with an empty mode is not an
 * error here: it is reported with is_two_mode = 0. Fails with ILONET_EUSAGE when second_kinds is
 * NULL or names no kind, or when gr does not have net's nodes. No pointer may be NULL except err.
 * O(V * K + E), K = number of listed kinds. */
ilonet_status_t ilonet_twomode_inspect(const ilonet_network_t *net, const ilonet_graph_t *gr,
                                       const char *second_kinds, ilonet_twomode_info_t *info,
                                       ilonet_error_t *err);

/* Builds in *out the one-mode projection onto the first mode (onto_second = 0, e.g. the
 * organisations) or the second mode (onto_second = 1, e.g. the projects).
 *
 * Nodes: the projected mode's nodes in their original order, with all their attributes (same
 * node columns, label, kind, nodes-file line). Nodes that share nothing stay, as isolates.
 *
 * Rows: one row of type "shared" per pair of projected nodes with at least one neighbour of the
 * other mode in common (direction ignored), weight as chosen by weight; deg(p) counts p's
 * distinct projected-mode neighbours. Rows that already join two projected nodes directly (mixed
 * data) are kept, one output row per input row, with their original type, year, line and carried
 * edge columns; their weight is the row's strength (the weight, or 1/weight when gr was built
 * with ILONET_WEIGHT_IS_DISTANCE), so the rows of one tie add up to that tie's strength. The
 * graph builder merges rows of one pair by summing, so a pair that shares projects and also has
 * a direct tie ends up with strength = shared weight + direct strength. Self-loop rows are not
 * kept. Shared rows have no year, line 0 and empty carried edge columns.
 *
 * Order: rows sorted by (smaller node index, larger node index) of the output network; within a
 * pair the shared row comes first, then the direct rows in input order. Shared rows go from the
 * smaller to the larger index; direct rows keep their direction. The weight is always a strength:
 * build the projection with ILONET_WEIGHT_IS_STRENGTH, undirected.
 *
 * *out is initialised here and, on success, owned by the caller (ilonet_network_destroy); on
 * failure it is left destroyed (safe to destroy again). stats and err may be NULL.
 * Fails with ILONET_EUSAGE when second_kinds names no kind, when gr does not have net's nodes,
 * or when the projected mode or the other mode is empty (the message names the kinds).
 * out->fold_rows is net's when direct rows are kept, else 0: shared rows never fold (one per
 * pair), so their records need no fold counts (ilonet_network_row_count gives 1 either way).
 * It is ilonet_twomode_plan followed by ilonet_twomode_plan_write.
 *
 * Cost: O(V + E) for the adjacency, O(sum over other-mode nodes p of deg(p)^2) time to add up
 * the pairs row by row (no hash table, no global sort: each node's pairs are sorted on their
 * own, O(P log d) for P pairs), O(R log R) to sort the R kept rows; memory O(V + E) besides the
 * output's P + R records, which are allocated once, at their exact number (never O(V^2)). The
 * floating-point sum of a pair adds its shared nodes' weights in their index order, on every
 * run. */
ilonet_status_t ilonet_twomode_project(const ilonet_network_t *net, const ilonet_graph_t *gr,
                                       const char *second_kinds, int onto_second,
                                       ilonet_projection_weight_t weight, ilonet_network_t *out,
                                       ilonet_projection_stats_t *stats, ilonet_error_t *err);

/* A projection in two halves, so that the caller can free the input network and graph before
 * the projection's rows, the bulk of its memory, are written (at 2M input rows: some 450 MB of
 * input against 230 MB of output rows, which then need not be held at once). */
typedef struct ilonet_twomode_plan ilonet_twomode_plan_t;

/* First half of ilonet_twomode_project: checks the arguments (same errors), and copies out of
 * net and gr everything the rows need: the projected nodes with their attributes, the
 * adjacency between the modes (32-bit entries, O(V + E)), the direct rows to keep; counts the
 * pairs (O(sum over p of deg(p)^2), the same walk as the second half) and fills *stats as
 * ilonet_twomode_project does. On success *plan is the caller's (ilonet_twomode_plan_destroy)
 * and owes nothing to net or gr, which may be freed; on failure *plan is NULL. stats and err
 * may be NULL. */
ilonet_status_t ilonet_twomode_plan(const ilonet_network_t *net, const ilonet_graph_t *gr,
                                    const char *second_kinds, int onto_second,
                                    ilonet_projection_weight_t weight, ilonet_twomode_plan_t **plan,
                                    ilonet_projection_stats_t *stats, ilonet_error_t *err);

/* Second half: writes the projection into *out, exactly as ilonet_twomode_project would have
 * from the plan's input (ownership and failure state of *out as there), and frees the plan's
 * adjacency. A plan is written once (ILONET_EUSAGE after: *out left destroyed); it still has
 * to be destroyed. Otherwise fails only with ILONET_ENOMEM. O(sum over p of deg(p)^2 + P log d
 * + R). */
ilonet_status_t ilonet_twomode_plan_write(ilonet_twomode_plan_t *plan, ilonet_network_t *out,
                                          ilonet_error_t *err);

/* Frees a plan, written or not; NULL is a no-op. */
void ilonet_twomode_plan_destroy(ilonet_twomode_plan_t *plan);

#endif
