/* One analysis job from files to files: load, build, measure, cluster, write. The only module
 * that calls the others. */
#ifndef ILONET_PIPELINE_H
#define ILONET_PIPELINE_H

#include <stddef.h>
#include <stdio.h>

#include "ilonet/centrality.h"
#include "ilonet/community.h"
#include "ilonet/ego.h"
#include "ilonet/error.h"
#include "ilonet/export.h"
#include "ilonet/graph.h"
#include "ilonet/load.h"
#include "ilonet/render.h"
#include "ilonet/report.h"
#include "ilonet/select.h"
#include "ilonet/twomode.h"

#define ILONET_VERSION "0.1.0"
#define ILONET_DEFAULT_SEED 42UL

typedef enum {
    ILONET_LOG_WARNING = 0,
    ILONET_LOG_INFO = 1,
    ILONET_LOG_TIMING = 2 /* a phase's wall time and peak memory (--timings) */
} ilonet_log_level_t;

/* Receives warnings (always worth showing), progress notes (verbose only) and phase timings. */
typedef void (*ilonet_log_fn)(void *ctx, ilonet_log_level_t level, const char *message);

/* Progress of a long phase: fraction in [0, 1] of phase (e.g. "Betweenness centrality"); a NULL
 * phase means the phase ended. Called at most a few hundred times per phase. */
typedef void (*ilonet_phase_progress_fn)(void *ctx, const char *phase, double fraction);

/* Whether to analyse the one-mode projection of two-mode (organisations x projects) data. */
typedef enum {
    ILONET_PROJECT_AUTO = 0, /* onto the first mode when the data is strictly two-mode */
    ILONET_PROJECT_NONE,     /* the network as loaded */
    ILONET_PROJECT_FIRST,    /* onto the first mode (organisations) */
    ILONET_PROJECT_SECOND    /* onto the second mode (projects) */
} ilonet_project_onto_t;

/* The second mode's kinds when --two-mode is not given. */
#define ILONET_DEFAULT_SECOND_KINDS "project"

typedef struct {
    const char *edges_path;
    const char *nodes_path;   /* NULL = no nodes file */
    const char *aliases_path; /* NULL = none; alias,id table applied to both files (--aliases) */
    const char *out_dir;      /* NULL = output/<stem of edges_path> */
    ilonet_load_options_t load;
    ilonet_graph_options_t graph;
    ilonet_path_mode_t mode;
    unsigned long seed;
    ilonet_cluster_options_t cluster;   /* method, resolution, tries (0 = by size, see
                                         * ilonet_default_tries; its seed is ignored: seed) */
    size_t betweenness_samples;         /* path measures from K sampled sources; 0 = exact, or
                                         * sampled by the size rule (ilonet_auto_path_samples) */
    int exact;                          /* path measures exact whatever the size (--exact) */
    unsigned workers;                   /* processes for the path measures; 0 = one per CPU */
    const char *two_mode_kinds;         /* NULL = ILONET_DEFAULT_SECOND_KINDS */
    ilonet_project_onto_t project_onto; /* AUTO for analyze and export, NONE for render and ego */
    ilonet_projection_weight_t projection_weight;
    unsigned stability_runs; /* analyze: 0 = no stability columns */
    int compare_methods;     /* analyze: also write methods.csv */
    size_t central_top;      /* analyze: also write central.csv with the top N (0 = not) */
    ilonet_log_fn log;       /* NULL = silent */
    void *log_ctx;
    ilonet_phase_progress_fn progress; /* NULL = no progress reports */
    void *progress_ctx;
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
    const char *cluster_method;
    int projected; /* the analysis ran on a one-mode projection */
    int onto_second;
    char out_dir[4096];
} ilonet_analyze_result_t;

/* The steps every job shares: load, build, (project), measure, cluster. */
typedef struct {
    ilonet_network_t net;
    ilonet_graph_t graph;
    ilonet_centrality_t cent;
    ilonet_clusters_t clusters;
    ilonet_node_structure_t structure;
    ilonet_network_structure_t network_structure;
    int has_structure;
    ilonet_report_twomode_t two_mode;
    igraph_vector_t node_stability, cluster_stability;
    int stability_ready;
    ilonet_aliases_t aliases; /* --aliases, with the counts of what it replaced */
    int has_aliases;
    int paths_sampled_automatically; /* the size rule chose sampled path measures */
} ilonet_analysis_t;

/* What a job needs beyond centralities and clusters. ILONET_RELEASE_ROWS says the caller reads
 * only per-node results: the edge rows (a->net's and a->graph.row_tie) are freed once the graph
 * is built, before the long phases and their worker processes. */
enum { ILONET_WANT_STRUCTURE = 1, ILONET_WANT_STABILITY = 2, ILONET_RELEASE_ROWS = 4 };

/* Loads, builds (and projects), measures and clusters as opts say; want adds structure and
 * stability. a is filled (zeroed first); on failure it is already freed, on success free it
 * with ilonet_analysis_destroy. */
ilonet_status_t ilonet_analysis_run(const ilonet_analyze_options_t *opts, ilonet_analysis_t *a,
                                    int want, ilonet_error_t *err);

/* Frees everything an analysis holds; safe on a zeroed or partly filled one. */
void ilonet_analysis_destroy(ilonet_analysis_t *a);

/* The size rule for the path measures (betweenness, closeness, harmonic): exact costs about
 * nodes x ties steps, so above ILONET_EXACT_PATHS_BUDGET they are estimated from
 * max(ILONET_MIN_PATH_SAMPLES, budget / ties) sampled source nodes, which keeps their cost near
 * the budget (about a minute on one core) whatever the size. */
#define ILONET_EXACT_PATHS_BUDGET 1e9
#define ILONET_MIN_PATH_SAMPLES 100

/* The number of sources the size rule samples for a graph of this size: 0 = exact. O(1). */
size_t ilonet_auto_path_samples(size_t nodes, size_t ties);

/* summary.json's diameters and average path length take three more all-pairs searches through
 * igraph: above nodes x ties = ILONET_EXACT_STRUCTURE_BUDGET (a few seconds of them) they are
 * estimated from ILONET_STRUCTURE_PATH_SOURCES sources spread over the nodes (or from as many
 * as the path measures' size rule takes, when fewer), unless exact.
 * Returns the sources to use (0 = exact). O(1). */
#define ILONET_EXACT_STRUCTURE_BUDGET 1e8
#define ILONET_STRUCTURE_PATH_SOURCES 500
size_t ilonet_structure_path_sources(size_t nodes, size_t ties, int exact);

/* Tries of a stochastic clustering method when --tries is not given (o->tries == 0):
 * ILONET_DEFAULT_TRIES up to ILONET_TRIES_BUDGET / ILONET_DEFAULT_TRIES ties, then
 * ILONET_TRIES_BUDGET / ties, but at least 5. With o->tries > 0, o->tries. */
#define ILONET_TRIES_BUDGET 1000000

/* From this many ties on, and with more than one worker (--jobs), the clusters are computed in
 * a child process alongside the centralities and the structure block (same result; below it a
 * fork costs more than the overlap gains). */
#define ILONET_CLUSTERS_BACKGROUND_TIES 20000
unsigned ilonet_default_tries(const ilonet_cluster_options_t *o, size_t ties);

/* Formats a message and hands it to o->log at level (nothing when o->log is NULL). */
void ilonet_logf(const ilonet_analyze_options_t *o, ilonet_log_level_t level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Sets every option to its default (undirected, strength weights, paths out, fixed seed). */
void ilonet_analyze_options_default(ilonet_analyze_options_t *opts);

/* Runs the job and writes nodes.csv, clusters.csv and summary.json (and methods.csv with
 * compare_methods, central.csv with central_top) into the output directory (created if missing).
 * The files replace earlier ones only if all were written; on failure nothing in the directory
 * changes. result may be NULL. */
ilonet_status_t ilonet_analyze(const ilonet_analyze_options_t *opts,
                               ilonet_analyze_result_t *result, ilonet_error_t *err);

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
    const char *palette; /* okabe-ito (default), dark2, set2 */
    long labels_top;     /* -1 all, 0 none, N top N; -2 = default */
    int cluster_boxes;
    int edge_type_style;
    int legend;
    const char *title;
    const char *caption;
    const char *focus;              /* node id; NULL = the node of kind "ilo", if any */
    ilonet_select_options_t select; /* rank is filled in from size_by */
    int two_mode_view;              /* only ties between the second mode (analysis.two_mode_kinds)
                                     * and the rest: organisations and their projects */
    int describe;                   /* also write the .txt description */
    int by_year;     /* small multiples: one panel per year (a year column), nodes in place */
    unsigned window; /* by_year: a panel shows the ties of the K years ending with its year */
    int cumulative;  /* by_year: a panel shows every tie dated up to its year */
} ilonet_render_job_t;

typedef struct {
    size_t nodes_drawn;
    size_t ties_drawn;
    const char *layout;          /* the layout used (static string) */
    char description_path[4096]; /* empty when none was written */
} ilonet_render_result_t;

/* Sets every render option to its default. */
void ilonet_render_job_default(ilonet_render_job_t *job);

/* Runs the analysis, selects, lays out and renders the figure into job->out_path and its
 * description beside it (FILE with the extension replaced by .txt). Both files appear only when
 * both were written. */
ilonet_status_t ilonet_render(const ilonet_render_job_t *job, ilonet_render_result_t *result,
                              ilonet_error_t *err);

typedef struct {
    ilonet_analyze_options_t analysis; /* input files, loading, graph, clusters, seed, log */
    const char *node;                  /* id or label of the organisation */
    ilonet_ego_options_t ego;          /* radius; second_kinds NULL = analysis.two_mode_kinds */
    const char *out_path;              /* NULL = only the text on the out stream */
    const char *format;                /* "text" or "json"; NULL = from out_path (.json) */
} ilonet_ego_job_t;

/* Sets every ego option to its default (radius 1, network as loaded). */
void ilonet_ego_job_default(ilonet_ego_job_t *job);

/* Analyses the network and writes the ego view of job->node: to out (when out_path is NULL) or
 * atomically into out_path. */
ilonet_status_t ilonet_ego(const ilonet_ego_job_t *job, FILE *out, ilonet_error_t *err);

typedef struct {
    ilonet_analyze_options_t analysis;
    const char *out_path; /* required */
    const char *format;   /* graphml, gml, pajek, edgelist; NULL = from out_path */
} ilonet_export_job_t;

/* Sets every export option to its default. */
void ilonet_export_job_default(ilonet_export_job_t *job);

/* Analyses the network and writes it with every node attribute and measure (and clustering,
 * constraint, hub/authority) into out_path, atomically. */
ilonet_status_t ilonet_export(const ilonet_export_job_t *job, ilonet_error_t *err);

/* The per-node measure called name (pagerank, betweenness, degree, strength, eigenvector,
 * closeness, harmonic, coreness) as reals in out (initialised here). */
ilonet_status_t ilonet_measure_by_name(const ilonet_centrality_t *c, const char *name,
                                       igraph_vector_t *out, ilonet_error_t *err);

/* Format name for a file name's extension (svg, pdf, png, dot/gv, json), or NULL. */
const char *ilonet_format_from_path(const char *path);

/* "ilonet X (igraph Y, libcsv Z, jansson W)" for --version and reproducibility records. */
void ilonet_version_string(char *buf, size_t size);

/* The figure description beside out_path: its extension replaced by .txt. */
void ilonet_description_path(const char *out_path, char *buf, size_t size);

/* The default output directory for an edges file: output/<file name without extension>. */
void ilonet_default_out_dir(const char *edges_path, char *buf, size_t size);

#endif
