/* The relationship data as loaded: nodes with their attributes and edge rows with theirs,
 * before any merging. Filled by the load module, read by graph building and reports. */
#ifndef ILONET_NETWORK_H
#define ILONET_NETWORK_H

#include <stddef.h>

#include "ilonet/error.h"
#include "ilonet/strtab.h"

#define ILONET_NONE ((size_t)-1)
#define ILONET_NO_YEAR (-2147483647 - 1)

typedef struct {
    /* Nodes: index i is the i-th distinct id seen (nodes file first, then edges file). */
    ilonet_strtab_t ids;
    ilonet_strtab_t values; /* interned attribute values; repeated kinds/types stored once */
    char **node_cols;       /* nodes-file columns other than id, in file order */
    size_t n_node_cols;
    size_t label_col; /* index into node_cols or ILONET_NONE */
    size_t kind_col;
    size_t *node_attr;     /* node i, column c -> value index (ILONET_NONE = missing) */
    size_t node_attr_rows; /* rows allocated in node_attr */
    size_t *node_line;     /* line in the nodes file, 0 for nodes added from edges */
    size_t n_declared;     /* nodes that came from the nodes file */
    size_t nodes_added_from_edges;
    int has_nodes_file;

    /* Edge rows, in file order. */
    size_t n_rows;
    size_t rows_cap;
    size_t *row_src;
    size_t *row_dst;
    double *row_weight; /* 1 when the file has no weight column */
    size_t *row_line;
    size_t *row_type; /* value index or ILONET_NONE */
    int *row_year;    /* ILONET_NO_YEAR when absent */
    char **edge_cols; /* carried edge columns */
    size_t n_edge_cols;
    size_t *row_attr; /* row r, column c -> value index */
    int has_weight;
    int has_type;
    int has_year;
    size_t blank_rows_skipped;
} ilonet_network_t;

/* Initialises an empty network. */
ilonet_status_t ilonet_network_init(ilonet_network_t *net, ilonet_error_t *err);

/* Frees everything; safe on a zeroed network. */
void ilonet_network_destroy(ilonet_network_t *net);

/* Number of nodes. */
size_t ilonet_network_node_count(const ilonet_network_t *net);

/* The id of node i. */
const char *ilonet_network_node_id(const ilonet_network_t *net, size_t i);

/* Attribute column c of node i, or NULL when missing. */
const char *ilonet_network_node_attr(const ilonet_network_t *net, size_t i, size_t c);

/* The label of node i: its label attribute when present and non-empty, else its id. */
const char *ilonet_network_node_label(const ilonet_network_t *net, size_t i);

/* The kind of node i, or "" when unknown. */
const char *ilonet_network_node_kind(const ilonet_network_t *net, size_t i);

/* Index of the node named id, or ILONET_NONE. */
size_t ilonet_network_find_node(const ilonet_network_t *net, const char *id);

/* Adds (or finds) the node id; *added says whether it is new. New nodes have no attributes. */
ilonet_status_t ilonet_network_add_node(ilonet_network_t *net, const char *id, size_t len,
                                        size_t *index, int *added, ilonet_error_t *err);

/* Appends the edge row src -> dst (node indexes) with its weight, type (a value index or
 * ILONET_NONE), year (or ILONET_NO_YEAR) and line (0 when it comes from no file). attr holds
 * n_edge_cols value indexes for the carried edge columns, or is NULL (all missing, ILONET_NONE);
 * set edge_cols and n_edge_cols before the first row. The has_* flags are left to the caller.
 * Fails with ILONET_EUSAGE when src or dst is not a node, ILONET_ENOMEM when the row arrays
 * cannot grow (the network is left as it was). Every edge row, the loader's included, is appended
 * here. Amortised O(n_edge_cols). */
ilonet_status_t ilonet_network_add_row(ilonet_network_t *net, size_t src, size_t dst, double weight,
                                       size_t type, int year, size_t line, const size_t *attr,
                                       ilonet_error_t *err);

/* For a verbose log line: lists into buf the first max edge rows that row_tie puts in the same
 * tie as an earlier row, as "line 4 (same pair as line 2), line 6 (same pair as line 5)".
 * row_tie[r] is row r's tie (below n_ties) or ILONET_NONE for a dropped row (skipped), as in
 * ilonet_graph_t. buf is always NUL-terminated (empty when no row was merged); entries that do
 * not fit are left out whole. O(rows + ties) time, O(ties) memory; ILONET_ENOMEM on failure. */
ilonet_status_t ilonet_network_merged_lines(const ilonet_network_t *net, const size_t *row_tie,
                                            size_t n_ties, size_t max, char *buf, size_t size,
                                            ilonet_error_t *err);

/* The same for the rows row_tie drops (self-loops): "line 7 (c), line 9 (x)", ids shortened to
 * 40 bytes. O(rows). */
void ilonet_network_dropped_lines(const ilonet_network_t *net, const size_t *row_tie, size_t max,
                                  char *buf, size_t size);

#endif
