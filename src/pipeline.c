/* Orchestrates an analysis job; every intermediate result is freed on every path. */
#define _POSIX_C_SOURCE 200809L
#include "ilonet/pipeline.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "ilonet/atomic_file.h"
#include "ilonet/community.h"
#include "ilonet/igraph_bridge.h"
#include "ilonet/network.h"
#include "ilonet/report.h"

void ilonet_analyze_options_default(ilonet_analyze_options_t *opts)
{
    memset(opts, 0, sizeof *opts);
    ilonet_load_options_default(&opts->load);
    opts->graph.directed = 0;
    opts->graph.weight_is = ILONET_WEIGHT_IS_STRENGTH;
    opts->mode = ILONET_PATHS_OUT;
    opts->seed = ILONET_DEFAULT_SEED;
}

void ilonet_version_string(char *buf, size_t size)
{
    const char *igv;
    igraph_version(&igv, NULL, NULL, NULL);
    snprintf(buf, size, "ilonet %s (igraph %s, libcsv %s, jansson %s)", ILONET_VERSION, igv,
             ilonet_csv_library_version(), jansson_version_str());
}

void ilonet_default_out_dir(const char *edges_path, char *buf, size_t size)
{
    const char *base = strrchr(edges_path, '/');
    base = base != NULL ? base + 1 : edges_path;
    const char *dot = strrchr(base, '.');
    size_t len = dot != NULL && dot != base ? (size_t)(dot - base) : strlen(base);
    if (strcmp(edges_path, "-") == 0) {
        base = "stdin";
        len = 5;
    }
    snprintf(buf, size, "output/%.*s", (int)len, base);
}

static void logf_(const ilonet_analyze_options_t *o, ilonet_log_level_t level, const char *fmt,
                  ...) __attribute__((format(printf, 3, 4)));

static void logf_(const ilonet_analyze_options_t *o, ilonet_log_level_t level, const char *fmt,
                  ...)
{
    if (o->log == NULL) {
        return;
    }
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    o->log(o->log_ctx, level, msg);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void on_igraph_warning(void *ctx, const char *message)
{
    const ilonet_analyze_options_t *o = ctx;
    /* igraph flags every weighted directed eigenvector run; README documents that semantics. */
    if (strstr(message, "Weighted directed graph in eigenvector centrality") != NULL) {
        return;
    }
    logf_(o, ILONET_LOG_WARNING, "igraph: %s", message);
}

/* The steps every job shares: load, build, measure, cluster. */
typedef struct {
    ilonet_network_t net;
    ilonet_graph_t graph;
    ilonet_centrality_t cent;
    ilonet_clusters_t clusters;
} analysis_t;

static void analysis_destroy(analysis_t *a)
{
    ilonet_clusters_destroy(&a->clusters);
    ilonet_centrality_destroy(&a->cent);
    ilonet_graph_destroy(&a->graph);
    ilonet_network_destroy(&a->net);
}

static ilonet_status_t run_analysis(const ilonet_analyze_options_t *opts, analysis_t *a,
                                    ilonet_error_t *err)
{
    ilonet_status_t st;
    double t0 = now(), t;

    memset(a, 0, sizeof *a);
    ilonet_error_clear(err);
    ilonet_igraph_setup();
    ilonet_igraph_set_warning_sink(on_igraph_warning, (void *)opts);
    st = ilonet_network_init(&a->net, err);
    if (st != ILONET_OK) {
        return st;
    }
    if (opts->nodes_path != NULL) {
        st = ilonet_load_nodes(&a->net, opts->nodes_path, &opts->load, err);
        if (st != ILONET_OK) {
            goto fail;
        }
    }
    st = ilonet_load_edges(&a->net, opts->edges_path, &opts->load, err);
    if (st != ILONET_OK) {
        goto fail;
    }
    t = now();
    logf_(opts, ILONET_LOG_INFO, "loaded %zu edge rows, %zu nodes in %.3f s", a->net.n_rows,
          ilonet_network_node_count(&a->net), t - t0);
    if (a->net.nodes_added_from_edges > 0) {
        logf_(opts, ILONET_LOG_WARNING,
              "%zu edge endpoint%s not in the nodes file %s added without attributes "
              "(--strict refuses them)",
              a->net.nodes_added_from_edges, a->net.nodes_added_from_edges == 1 ? "" : "s",
              a->net.nodes_added_from_edges == 1 ? "was" : "were");
    }

    t0 = now();
    st = ilonet_graph_build(&a->graph, &a->net, &opts->graph, err);
    if (st != ILONET_OK) {
        goto fail;
    }
    t = now();
    logf_(opts, ILONET_LOG_INFO, "built graph: %zu ties (%zu duplicate rows merged, %zu self-loops "
                                 "dropped) in %.3f s",
          ilonet_graph_tie_count(&a->graph), a->graph.duplicates_merged,
          a->graph.self_loops_dropped, t - t0);
    if (a->graph.self_loops_dropped > 0) {
        logf_(opts, ILONET_LOG_WARNING, "%zu self-loop%s (a node tied to itself) dropped",
              a->graph.self_loops_dropped, a->graph.self_loops_dropped == 1 ? "" : "s");
    }

    t0 = now();
    st = ilonet_centrality_compute(&a->cent, &a->graph, opts->mode, err);
    if (st != ILONET_OK) {
        goto fail;
    }
    t = now();
    logf_(opts, ILONET_LOG_INFO, "centralities in %.3f s", t - t0);

    t0 = now();
    st = ilonet_community_louvain(&a->clusters, &a->graph, opts->seed, err);
    if (st != ILONET_OK) {
        goto fail;
    }
    t = now();
    if (a->clusters.used_undirected) {
        logf_(opts, ILONET_LOG_WARNING,
              "Louvain needs undirected ties: clustered the undirected version of the graph "
              "(A->B and B->A summed)");
    }
    logf_(opts, ILONET_LOG_INFO, "clusters (louvain, seed %lu) in %.3f s", opts->seed, t - t0);
    return ILONET_OK;

fail:
    analysis_destroy(a);
    return st;
}

enum { OUT_NODES, OUT_CLUSTERS, OUT_SUMMARY, OUT_COUNT };

ilonet_status_t ilonet_analyze(const ilonet_analyze_options_t *opts, ilonet_analyze_result_t *result,
                               ilonet_error_t *err)
{
    static const char *const names[OUT_COUNT] = {"nodes.csv", "clusters.csv", "summary.json"};
    ilonet_status_t st;
    analysis_t a;
    ilonet_atomic_file_t out[OUT_COUNT];
    size_t *order = NULL;
    char out_dir[4096];
    double t0;

    memset(out, 0, sizeof out);
    if (opts->out_dir != NULL) {
        snprintf(out_dir, sizeof out_dir, "%s", opts->out_dir);
    } else {
        ilonet_default_out_dir(opts->edges_path, out_dir, sizeof out_dir);
    }
    st = run_analysis(opts, &a, err);
    if (st != ILONET_OK) {
        ilonet_igraph_set_warning_sink(NULL, NULL);
        return st;
    }
    t0 = now();
    ilonet_report_input_t in = {
        .net = &a.net,
        .graph = &a.graph,
        .cent = &a.cent,
        .clusters = &a.clusters,
        .edges_path = opts->edges_path,
        .nodes_path = opts->nodes_path,
        .weight_column = a.net.has_weight ? (opts->load.weight_col ? opts->load.weight_col
                                                                 : "weight")
                                        : NULL,
        .mode = opts->mode,
        .seed = opts->seed,
        .version = ILONET_VERSION,
    };
    st = ilonet_report_node_order(&in, &order, err);
    if (st != ILONET_OK) {
        goto cleanup;
    }
    st = ilonet_make_dirs(out_dir, err);
    for (int k = 0; k < OUT_COUNT && st == ILONET_OK; k++) {
        char path[4200];
        snprintf(path, sizeof path, "%s/%s", out_dir, names[k]);
        st = ilonet_atomic_open(&out[k], path, err);
    }
    if (st == ILONET_OK) {
        st = ilonet_report_write_nodes_csv(out[OUT_NODES].fp, &in, order, err);
    }
    if (st == ILONET_OK) {
        st = ilonet_report_write_clusters_csv(out[OUT_CLUSTERS].fp, &in, order, err);
    }
    if (st == ILONET_OK) {
        st = ilonet_report_write_summary_json(out[OUT_SUMMARY].fp, &in, order, err);
    }
    /* Close all before renaming any, so a full disk cannot leave a mixed old/new set. */
    for (int k = 0; k < OUT_COUNT && st == ILONET_OK; k++) {
        st = ilonet_atomic_close(&out[k], err);
    }
    for (int k = 0; k < OUT_COUNT && st == ILONET_OK; k++) {
        st = ilonet_atomic_commit(&out[k], err);
    }
    if (st != ILONET_OK) {
        goto cleanup;
    }
    logf_(opts, ILONET_LOG_INFO, "wrote %s/{nodes.csv,clusters.csv,summary.json} in %.3f s",
          out_dir, now() - t0);
    if (result != NULL) {
        result->nodes = ilonet_network_node_count(&a.net);
        result->ties = ilonet_graph_tie_count(&a.graph);
        result->edge_rows = a.net.n_rows;
        result->clusters = a.clusters.n_clusters;
        result->modularity = a.clusters.modularity;
        result->duplicates_merged = a.graph.duplicates_merged;
        result->self_loops_dropped = a.graph.self_loops_dropped;
        result->nodes_added_from_edges = a.net.nodes_added_from_edges;
        snprintf(result->out_dir, sizeof result->out_dir, "%s", out_dir);
    }

cleanup:
    for (int k = 0; k < OUT_COUNT; k++) {
        ilonet_atomic_abort(&out[k]);
    }
    free(order);
    analysis_destroy(&a);
    ilonet_igraph_set_warning_sink(NULL, NULL);
    return st;
}
