/* The relationship data as loaded: nodes with their attributes and edge rows with theirs,
 * before any merging. Filled by the load module, read by graph building and reports. */
#ifndef ILONET_NETWORK_H
#define ILONET_NETWORK_H

#include <stddef.h>
#include <stdint.h>

#include "ilonet/error.h"
#include "ilonet/strtab.h"

#define ILONET_NONE ((size_t)-1)
#define ILONET_NO_YEAR (-2147483647 - 1)

/* With fold_rows, the lines of the first this many rows folded into an earlier record are kept
 * (self-loops apart), which is what the verbose lists of merged and dropped rows show. */
#define ILONET_FOLDED_KEPT 16

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

    /* Edge rows, in file order. With fold_rows set, a row equal to an earlier one in all but
     * weight and line (the same src, dst, type, year and carried values) is folded into that
     * row's record instead of appended, so that memory follows the distinct rows rather than
     * the file: "row r" in the arrays below is then a record of row_count[r] rows, the first of
     * them at row_line[r]. Without it (the default) every row is a record of its own. */
    char source[ILONET_ERROR_FILE_MAX]; /* their file, named in errors about rows; "" = none */
    int fold_rows;                      /* set before the first row is added */
    size_t rows_added;                  /* edge rows added, folded ones included */
    size_t n_rows;                      /* records */
    size_t rows_cap;
    size_t *row_src;
    size_t *row_dst;
    double *row_weight; /* the rows' weights summed (1 each when the file has no weight column) */
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
    /* Only with fold_rows (NULL otherwise: each record is one row; use the accessors below). */
    size_t *row_count;            /* rows in the record, >= 1 */
    double *row_inverse;          /* the rows' 1/weight summed (weights read as distances) */
    size_t *row_weight_inf_line;  /* line of the row whose weight made row_weight infinite */
    size_t *row_inverse_inf_line; /* the same for row_inverse; 0 = finite */
    uint64_t *fold_slot; /* records + 1 by their fields' hash (0 = empty; the hash's top bits
                          * ride along); keyed on node indexes, so no row may be added after
                          * nodes are renumbered. NULL until needed (rebuilt from the records) */
    size_t fold_mask;
    size_t folded[2];                          /* rows folded: [1] into self-loops */
    size_t folded_line[2][ILONET_FOLDED_KEPT]; /* lines of the first ones, in file order */
    size_t folded_into[2][ILONET_FOLDED_KEPT]; /* the record each was folded into */
    /* Left out by the load options' year bounds (ilonet_load_options_t.year_from/year_to); all
     * 0 without bounds. Skipped rows are not in n_rows, dropped nodes not in ids. */
    size_t rows_outside_years;   /* dated outside the bounds */
    size_t rows_undated_skipped; /* no year, so not placeable within the bounds */
    size_t nodes_outside_years;  /* nodes-file nodes that no kept row touches */
} ilonet_network_t;

/* Initialises an empty network. */
ilonet_status_t ilonet_network_init(ilonet_network_t *net, ilonet_error_t *err);

/* Frees everything; safe on a zeroed network. */
void ilonet_network_destroy(ilonet_network_t *net);

/* Frees the edge rows (and the fold table) once nothing will read them, keeping the nodes, their
 * attributes, the column names and the counts (rows_added, folded, skipped). n_rows becomes 0:
 * loops over the rows see none, and no row may be added afterwards. For a caller that has built
 * its graph and reads only per-node results: on a large projection the rows are a third of the
 * memory. */
void ilonet_network_release_rows(ilonet_network_t *net);

/* Records path (truncated to fit) as the file the edge rows come from, so that errors found
 * after loading (ilonet_graph_build's) can name it with the row's line. path may be NULL (none).
 * O(length). */
void ilonet_network_set_source(ilonet_network_t *net, const char *path);

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
 * ILONET_NONE), year (or ILONET_NO_YEAR) and line (0 when it comes from no file), or with
 * fold_rows folds it into the earlier record it equals (adding its weight, counting it, and
 * keeping its line when it is among the first ILONET_FOLDED_KEPT folded). attr holds n_edge_cols
 * value indexes for the carried edge columns, or is NULL (all missing, ILONET_NONE); set
 * edge_cols and n_edge_cols before the first row. The has_* flags are left to the caller. Fails
 * with ILONET_EUSAGE when src or dst is not a node, ILONET_ENOMEM when the arrays cannot grow
 * (the network is left as it was), ILONET_EDATA with fold_rows past 2^40 - 2 records. Every loaded
 * edge row is added here. Amortised O(n_edge_cols) expected time. */
ilonet_status_t ilonet_network_add_row(ilonet_network_t *net, size_t src, size_t dst, double weight,
                                       size_t type, int year, size_t line, const size_t *attr,
                                       ilonet_error_t *err);

/* Adds count rows at once, as a record of another network (a projection copies records): their
 * weights sum to weight_sum, their 1/weight to inverse_sum, the first is at line. Folds like
 * ilonet_network_add_row when fold_rows is set; without it count must be 1 (ILONET_EUSAGE) and
 * inverse_sum is not stored (1/weight is used). Otherwise as ilonet_network_add_row. */
ilonet_status_t ilonet_network_add_rows(ilonet_network_t *net, size_t src, size_t dst,
                                        double weight_sum, double inverse_sum, size_t count,
                                        size_t type, int year, size_t line, const size_t *attr,
                                        ilonet_error_t *err);

/* Makes room for records records in all (one allocation per record array, where adding rows
 * one by one grows them by doubling), for a caller that knows or can estimate how many it will
 * add; with fold_rows, the fold table is sized for them too, so that it is never rebuilt on the
 * way (a loader can pass an estimate from the file size: too high costs memory, too low only
 * the growth it would have had). The record arrays get an eighth more, since growing them
 * copies every record while the fold table only rehashes. Never shrinks. ILONET_ENOMEM when an
 * array cannot grow (they keep their contents). O(records). */
ilonet_status_t ilonet_network_reserve_rows(ilonet_network_t *net, size_t records,
                                            ilonet_error_t *err);

/* Starts loading into the cache the fold-table slot that adding this row (same arguments as
 * ilonet_network_add_row) will probe first: one cache miss per row, which a loader can overlap
 * across rows by calling this some rows ahead of adding them. Only a hint: a no-op without
 * fold_rows or before the first row, and never changes a result. O(n_edge_cols). */
void ilonet_network_prefetch_row(const ilonet_network_t *net, size_t src, size_t dst, size_t type,
                                 int year, const size_t *attr);

/* ilonet_network_add_rows for a caller that knows which one earlier record the row may equal
 * (a projection's rows come out sorted by pair, and only its pair's shared row can be equal):
 * with fold_rows, the row is folded into record near (ILONET_NONE: none) when it equals it, as
 * ilonet_network_add_rows would; otherwise it is appended as a record of its own, without
 * looking through the fold table, which is dropped then (ilonet_network_add_rows rebuilds it
 * from the records, in O(records), if rows are added that way later). The caller vouches that
 * no other earlier record equals the row: if one does, the two stay separate records. Errors as
 * ilonet_network_add_rows. Amortised O(n_edge_cols), no hashing. */
ilonet_status_t ilonet_network_append_rows(ilonet_network_t *net, size_t src, size_t dst,
                                           double weight_sum, double inverse_sum, size_t count,
                                           size_t type, int year, size_t line, const size_t *attr,
                                           size_t near, ilonet_error_t *err);

/* Spreads a key over all 64 bits (the MurmurHash3 64-bit finaliser, a bijection, so 0 stays 0),
 * so that masking off the low bits gives a well-distributed slot in a hash table keyed on
 * indexes (row folding here, tie merging in the graph module). O(1). */
uint64_t ilonet_network_hash(uint64_t key);

/* Rows in record r: row_count[r] with fold_rows, else 1. O(1). */
size_t ilonet_network_row_count(const ilonet_network_t *net, size_t r);

/* The sum of 1/weight over record r's rows (1/row_weight[r] for a single row). O(1). */
double ilonet_network_row_inverse(const ilonet_network_t *net, size_t r);

/* The line of the row that made record r's weight sum (inverse: its sum of 1/weight) infinite,
 * or 0 when the sum is finite. O(1). */
size_t ilonet_network_row_inf_line(const ilonet_network_t *net, size_t r, int inverse);

/* For a verbose log line: lists into buf the first max edge rows that row_tie puts in the same
 * tie as an earlier row, as "line 4 (same pair as line 2), line 6 (same pair as line 5)".
 * row_tie[r] is record r's tie (below n_ties) or ILONET_NONE for a dropped record (skipped), as
 * in ilonet_graph_t; rows folded into a record belong to its tie. buf is always NUL-terminated
 * (empty when no row was merged); entries that do not fit are left out whole. With fold_rows the
 * list is exact for max <= ILONET_FOLDED_KEPT and may stop early beyond. O(records + ties) time,
 * O(ties) memory; ILONET_ENOMEM on failure. */
ilonet_status_t ilonet_network_merged_lines(const ilonet_network_t *net, const size_t *row_tie,
                                            size_t n_ties, size_t max, char *buf, size_t size,
                                            ilonet_error_t *err);

/* The same for the rows row_tie drops (self-loops): "line 7 (c), line 9 (x)", ids shortened to
 * 40 bytes. O(records). */
void ilonet_network_dropped_lines(const ilonet_network_t *net, const size_t *row_tie, size_t max,
                                  char *buf, size_t size);

#endif
