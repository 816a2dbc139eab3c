/* The ego view of one node: who it works with and through what (its ties, its partners through
 * second-mode nodes such as projects or forums), where it ranks, and how far it reaches. */
#ifndef ILONET_EGO_H
#define ILONET_EGO_H

#include <stddef.h>
#include <stdio.h>

#include "ilonet/error.h"
#include "ilonet/network.h"
#include "ilonet/report.h"

typedef enum { ILONET_EGO_TEXT = 0, ILONET_EGO_JSON } ilonet_ego_format_t;

typedef struct {
    int radius;               /* >= 1, default 1: how many hops the reach section covers */
    const char *second_kinds; /* comma-separated kinds of the second mode (e.g.
                                 "project,agreement,forum"), matched case-insensitively with
                                 spaces around items ignored; NULL = none */
} ilonet_ego_options_t;

/* Sets radius 1 and no second mode. */
void ilonet_ego_options_default(ilonet_ego_options_t *o);

/* Finds the node called name: its id exactly, else its id ignoring ASCII case, else its label
 * exactly, else its label ignoring ASCII case; *index receives the node. When several nodes match
 * at the first step that matches anything, fails with ILONET_EDATA "ambiguous node 'NAME': it
 * matches ids 'A', 'B' ..." rather than guess. When nothing matches, fails with ILONET_EDATA
 * "unknown node 'NAME'; did you mean 'A', 'B' or 'C'?" listing up to 3 ids: first those whose id
 * or label contains name (ignoring case), then those within edit distance max(1, len/3) of name
 * (Levenshtein on bytes, ignoring case), each group closest first, then by id; or just
 * "unknown node 'NAME'" when nothing is close. name must not be NULL (ILONET_EUSAGE).
 * Cost: O(V * |name| * |id|) in the worst (unknown) case, O(|name|) for an exact id. */
ilonet_status_t ilonet_ego_find(const ilonet_network_t *net, const char *name, size_t *index,
                                ilonet_error_t *err);

/* Writes the ego view of node to fp: text for people (lines wrapped at 100 columns) or one JSON
 * object (keys in a fixed order) with the same content:
 *   - the node: label, id, kind, cluster (in->clusters may be NULL: no cluster);
 *   - its value and rank on degree, strength, betweenness, closeness, harmonic, eigenvector,
 *     pagerank and coreness: rank 1 = highest, tied values share the better rank (1, 1, 3),
 *     out of the nodes whose value is defined; values equal to 40 significant bits count as tied;
 *   - its ties, one per neighbour, strongest first then by id: the neighbour, the merged weight
 *     (in the file's meaning; for a directed graph A->B and B->A are combined as parallel ties
 *     and the direction is shown), the distinct tie types of its rows in file order and the
 *     distinct years in ascending order;
 *   - with o->second_kinds: when the node is first-mode, every first-mode node that shares a
 *     second-mode neighbour with it, most shared first then by id, with the shared second-mode
 *     nodes by id and whether there is also a direct tie; when the node is second-mode, its
 *     first-mode neighbours (members) by id;
 *   - its reach: how many nodes lie at 1, 2, ... o->radius hops (ties taken either way in a
 *     directed graph), the nodes at each distance (by id; in text only when radius > 1), and
 *     how many are not reached. Levels run to the radius or to the first empty distance,
 *     whichever comes first (so at most one empty level is shown).
 * o may be NULL (defaults). in->net, in->graph and in->cent must be set; node < node count.
 * Fails with ILONET_EUSAGE for a radius < 1, an out-of-range node or a second_kinds without any
 * kind, ILONET_EIO when writing fails, ILONET_ENOMEM, ILONET_EINTERNAL for igraph failures.
 * Nothing is written on a usage error. Cost: O(V log V + E + rows). */
ilonet_status_t ilonet_ego_write(FILE *fp, const ilonet_report_input_t *in, size_t node,
                                 const ilonet_ego_options_t *o, ilonet_ego_format_t fmt,
                                 ilonet_error_t *err);

#endif
