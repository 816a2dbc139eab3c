/* Loading edges and nodes CSV files into an ilonet_network_t. */
#ifndef ILONET_LOAD_H
#define ILONET_LOAD_H

#include "ilonet/aliases.h"
#include "ilonet/csv_read.h"
#include "ilonet/error.h"
#include "ilonet/network.h"

/* A year bound of ilonet_load_options_t that is not set (a zeroed struct has no bounds). */
#define ILONET_NO_BOUND 0

/* The years a year column may hold: four-digit years, so that a two-digit "19" or a mistyped
 * "20199" is an error rather than a year of its own. */
#define ILONET_YEAR_MIN 1000
#define ILONET_YEAR_MAX 2999

typedef struct {
    ilonet_csv_options_t csv;  /* delimiter and encoding, for every file */
    const char *source_col;    /* NULL = "source" */
    const char *target_col;    /* NULL = "target" */
    const char *weight_col;    /* NULL = optional "weight"; set = required */
    const char *type_col;      /* NULL = optional "type" */
    const char *year_col;      /* NULL = optional "year" */
    const char *id_col;        /* nodes file; NULL = "id" */
    int strict;                /* refuse edge endpoints missing from the nodes file */
    int decimal_comma;         /* weights are written 12,5: a comma is the decimal point, and a '.'
                                * in a weight is an error (no thousands separators) */
    ilonet_aliases_t *aliases; /* NULL = none; ids equal to an alias are replaced by its id
                                * before interning (nodes and edges files), and counted in it */
    /* Keep only the edge rows dated year_from..year_to (inclusive; ILONET_NO_BOUND leaves that
     * end open). With either bound set: the edges file must have a year column; rows dated
     * outside are skipped (net->rows_outside_years) and so are undated rows, which cannot be
     * placed in time (net->rows_undated_skipped); nodes-file nodes that no kept row touches are
     * left out (net->nodes_outside_years), so the network is the period's, not the directory's.
     * Skipped rows are still checked like any other (a bad value is an error wherever it is). */
    int year_from;
    int year_to;
} ilonet_load_options_t;

/* Sets every option to its default (everything zero or NULL: no year bounds). */
void ilonet_load_options_default(ilonet_load_options_t *opts);

/* Reads a nodes file: header with an id column (matched case-insensitively), optional label and
 * kind, other columns carried. Must be called before ilonet_load_edges. Duplicate or empty ids
 * (after replacing aliases: a node listed under two of its names is a duplicate) are errors with
 * the line. O(file size). */
ilonet_status_t ilonet_load_nodes(ilonet_network_t *net, const char *path,
                                  const ilonet_load_options_t *opts, ilonet_error_t *err);

/* Reads an edges file: header with source and target columns, optional weight (finite, > 0;
 * "12,5" with opts->decimal_comma), type and year (a whole number from ILONET_YEAR_MIN to
 * ILONET_YEAR_MAX, or empty); other columns carried. Endpoints not declared by a nodes file are
 * added (and counted) or, with opts->strict, refused. Rows are filtered by opts->year_from and
 * year_to (see ilonet_load_options_t); a bound outside the year range, or from after to, is
 * ILONET_EUSAGE; bounds on a file without a year column, or bounds that keep no row, are
 * ILONET_EDATA. O(file size), plus O(nodes + rows) to drop untouched nodes under bounds. */
ilonet_status_t ilonet_load_edges(ilonet_network_t *net, const char *path,
                                  const ilonet_load_options_t *opts, ilonet_error_t *err);

#endif
