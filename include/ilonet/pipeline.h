/* One analysis job from files to files: load, build, measure, cluster, write. The only module
 * that calls the others. */
#ifndef ILONET_PIPELINE_H
#define ILONET_PIPELINE_H

#include <stddef.h>

#include "ilonet/centrality.h"
#include "ilonet/error.h"
#include "ilonet/graph.h"
#include "ilonet/load.h"
#include "ilonet/render.h"
#include "ilonet/select.h"

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

/* Above this many nodes in a figure, the default layout is the igraph "fr" layout and labels
 * default to the top 30, so large figures stay fast and legible. */
#define ILONET_LARGE_FIGURE 1000

typedef struct {
    ilonet_analyze_options_t analysis; /* input files, loading, graph, seed, log (out_dir unused) */
    const char *out_path;              /* the figure file */
    const char *format;                /* NULL = from out_path's extension */
    const char *layout;                /* NULL = neato, or fr for large figures */
    double dpi;                        /* png; default 300 */
    const char *size_by;               /* measure name; "none" = uniform */
    ilonet_color_by_t color_by;
    const char *palette;               /* okabe-ito (default), dark2, set2 */
    long labels_top;                   /* -1 all, 0 none, N top N; -2 = default */
    int cluster_boxes;
    int edge_type_style;
    int legend;
    const char *title;
    const char *caption;
    const char *focus;                 /* node id; NULL = the node of kind "ilo", if any */
    ilonet_select_options_t select;    /* rank is filled in from size_by */
    int describe;                      /* also write the .txt description */
} ilonet_render_job_t;

typedef struct {
    size_t nodes_drawn;
    size_t ties_drawn;
    const char *layout;                /* the layout used (static string) */
    char description_path[4096];       /* empty when none was written */
} ilonet_render_result_t;

/* Sets every render option to its default. */
void ilonet_render_job_default(ilonet_render_job_t *job);

/* Runs the analysis, selects, lays out and renders the figure into job->out_path and its
 * description beside it (FILE with the extension replaced by .txt). Both files appear only when
 * both were written. */
ilonet_status_t ilonet_render(const ilonet_render_job_t *job, ilonet_render_result_t *result,
                              ilonet_error_t *err);

/* The per-node measure called name (pagerank, betweenness, degree, strength, eigenvector,
 * closeness, harmonic, coreness) as reals in out (initialised here). */
ilonet_status_t ilonet_measure_by_name(const ilonet_centrality_t *c, const char *name,
                                       igraph_vector_t *out, ilonet_error_t *err);

/* Format name for a file name's extension (svg, pdf, png, dot/gv, json), or NULL. */
const char *ilonet_format_from_path(const char *path);

/* "ilonet X (igraph Y, libcsv Z, jansson W)" for --version and reproducibility records. */
void ilonet_version_string(char *buf, size_t size);

/* The default output directory for an edges file: output/<file name without extension>. */
void ilonet_default_out_dir(const char *edges_path, char *buf, size_t size);

#endif
