/* One analysis job from files to files: load, build, measure, cluster, write. The only module
 * that calls the others. */
#ifndef ILONET_PIPELINE_H
#define ILONET_PIPELINE_H

#include <stddef.h>

#include "ilonet/centrality.h"
#include "ilonet/error.h"
#include "ilonet/graph.h"
#include "ilonet/load.h"

#define ILONET_VERSION "0.1.0"
#define ILONET_DEFAULT_SEED 42UL

typedef enum { ILONET_LOG_WARNING = 0, ILONET_LOG_INFO = 1 } ilonet_log_level_t;

/* Receives warnings (always worth showing) and progress/timing notes (verbose only). */
typedef void (*ilonet_log_fn)(void *ctx, ilonet_log_level_t level, const char *message);

typedef struct {
    const char *edges_path;
    const char *nodes_path;   /* NULL = no nodes file */
    const char *out_dir;      /* NULL = output/<stem of edges_path> */
    ilonet_load_options_t load;
    ilonet_graph_options_t graph;
    ilonet_path_mode_t mode;
    unsigned long seed;
    ilonet_log_fn log;        /* NULL = silent */
    void *log_ctx;
} ilonet_analyze_options_t;

typedef struct {
    size_t nodes;
    size_t ties;
    size_t edge_rows;
    size_t clusters;
    double modularity;
    size_t duplicates_merged;
    size_t self_loops_dropped;
    size_t nodes_added_from_edges;
    char out_dir[4096];
} ilonet_analyze_result_t;

/* Sets every option to its default (undirected, strength weights, paths out, fixed seed). */
void ilonet_analyze_options_default(ilonet_analyze_options_t *opts);

/* Runs the job and writes nodes.csv, clusters.csv and summary.json into the output directory
 * (created if missing). The three files replace earlier ones only if all were written; on
 * failure nothing in the directory changes. result may be NULL. */
ilonet_status_t ilonet_analyze(const ilonet_analyze_options_t *opts, ilonet_analyze_result_t *result,
                               ilonet_error_t *err);

/* "ilonet X (igraph Y, libcsv Z, jansson W)" for --version and reproducibility records. */
void ilonet_version_string(char *buf, size_t size);

/* The default output directory for an edges file: output/<file name without extension>. */
void ilonet_default_out_dir(const char *edges_path, char *buf, size_t size);

#endif
