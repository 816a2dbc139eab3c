/* Loading edges and nodes CSV files into an ilonet_network_t. */
#ifndef ILONET_LOAD_H
#define ILONET_LOAD_H

#include "ilonet/aliases.h"
#include "ilonet/csv_read.h"
#include "ilonet/error.h"
#include "ilonet/network.h"

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
} ilonet_load_options_t;

/* Sets every option to its default. */
void ilonet_load_options_default(ilonet_load_options_t *opts);

/* Reads a nodes file: header with an id column (matched case-insensitively), optional label and
 * kind, other columns carried. Must be called before ilonet_load_edges. Duplicate or empty ids
 * (after replacing aliases: a node listed under two of its names is a duplicate) are errors with
 * the line. O(file size). */
ilonet_status_t ilonet_load_nodes(ilonet_network_t *net, const char *path,
                                  const ilonet_load_options_t *opts, ilonet_error_t *err);

/* Reads an edges file: header with source and target columns, optional weight (finite, > 0;
 * "12,5" with opts->decimal_comma), type and year; other columns carried. Endpoints not declared
 * by a nodes file are added (and counted) or, with opts->strict, refused. O(file size). */
ilonet_status_t ilonet_load_edges(ilonet_network_t *net, const char *path,
                                  const ilonet_load_options_t *opts, ilonet_error_t *err);

#endif
