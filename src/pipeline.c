/* Orchestrates an analysis job; every intermediate result is freed on every path. */
#define _XOPEN_SOURCE 700 /* getrusage */
#include "ilonet/pipeline.h"

#include <limits.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

#include <jansson.h>
#include <math.h>

#include "ilonet/aliases.h"
#include "ilonet/atomic_file.h"
#include "ilonet/community.h"
#include "ilonet/describe.h"
#include "ilonet/igraph_bridge.h"
#include "ilonet/layout.h"
#include "ilonet/network.h"
#include "ilonet/paths.h"
#include "ilonet/report.h"
#include "ilonet/threads.h"

void ilonet_analyze_options_default(ilonet_analyze_options_t *opts)
{
    memset(opts, 0, sizeof *opts);
    ilonet_load_options_default(&opts->load);
    opts->graph.directed = 0;
    opts->graph.weight_is = ILONET_WEIGHT_IS_STRENGTH;
    opts->mode = ILONET_PATHS_OUT;
    opts->seed = ILONET_DEFAULT_SEED;
    ilonet_cluster_options_default(&opts->cluster);
    opts->cluster.seed = ILONET_DEFAULT_SEED;
    opts->cluster.tries = 0; /* chosen from the network's size: ilonet_default_tries */
    opts->project_onto = ILONET_PROJECT_AUTO;
    opts->projection_weight = ILONET_PROJECTION_COUNT;
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

void ilonet_logf(const ilonet_analyze_options_t *o, ilonet_log_level_t level, const char *fmt, ...)
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

/* Long igraph calls report progress through one global handler; it forwards to the running
 * job's progress callback (jobs in one process run one at a time). */
static const ilonet_analyze_options_t *progress_opts;

static igraph_error_t on_igraph_progress(const char *message, igraph_real_t percent, void *data)
{
    (void)data;
    if (progress_opts != NULL && progress_opts->progress != NULL) {
        char phase[64];
        size_t n = strcspn(message, ".:\n");
        snprintf(phase, sizeof phase, "%.*s", (int)(n < 60 ? n : 60), message);
        progress_opts->progress(progress_opts->progress_ctx, phase, percent / 100.0);
    }
    return IGRAPH_SUCCESS;
}

/* Routes igraph's progress reports to opts->progress until the next call (NULL: off). */
static void follow_progress(const ilonet_analyze_options_t *opts)
{
    progress_opts = opts != NULL && opts->progress != NULL ? opts : NULL;
    igraph_set_progress_handler(progress_opts != NULL ? on_igraph_progress : NULL);
}

/* Hands the pages of freed memory back to the system. glibc keeps freed heap memory for reuse,
 * and after the loaded data goes that can be a third of the process; worker processes forked
 * later would inherit (and count) it. */
static void return_free_memory(void)
{
#ifdef __GLIBC__
    malloc_trim(0);
#endif
}

/* Tells the progress display that a phase ended (it clears its line). */
static void progress_done(const ilonet_analyze_options_t *opts)
{
    if (opts->progress != NULL) {
        opts->progress(opts->progress_ctx, NULL, 1.0);
    }
}

/* The path measures' progress (from the paths engine) as a phase of its own. */
static void paths_progress(void *ctx, double fraction)
{
    const ilonet_analyze_options_t *o = ctx;
    if (o->progress != NULL) {
        o->progress(o->progress_ctx, "betweenness, closeness, harmonic", fraction);
    }
}

size_t ilonet_structure_path_sources(size_t nodes, size_t ties, int exact)
{
    if (exact || (double)nodes * (double)ties <= ILONET_EXACT_STRUCTURE_BUDGET ||
        nodes <= ILONET_STRUCTURE_PATH_SOURCES) {
        return 0;
    }
    /* on the largest graphs, no more sources than the path measures take */
    size_t k = ilonet_auto_path_samples(nodes, ties);
    return k > 0 && k < ILONET_STRUCTURE_PATH_SOURCES ? k : ILONET_STRUCTURE_PATH_SOURCES;
}

size_t ilonet_auto_path_samples(size_t nodes, size_t ties)
{
    if ((double)nodes * (double)ties <= ILONET_EXACT_PATHS_BUDGET || ties == 0) {
        return 0;
    }
    double k = ceil(ILONET_EXACT_PATHS_BUDGET / (double)ties);
    size_t samples = k < ILONET_MIN_PATH_SAMPLES ? ILONET_MIN_PATH_SAMPLES : (size_t)k;
    return samples < nodes ? samples : 0;
}

/* --timings: a phase's wall time and the process's peak memory so far, as one log line. */
static void timing_(const ilonet_analyze_options_t *o, const char *phase, double seconds)
{
    if (o->log == NULL) {
        return;
    }
    struct rusage ru;
    double peak_mb = getrusage(RUSAGE_SELF, &ru) == 0 ? (double)ru.ru_maxrss / 1024.0 : 0.0;
    char msg[160];
    snprintf(msg, sizeof msg, "%-30s %9.3f s   peak memory %8.1f MB", phase, seconds, peak_mb);
    o->log(o->log_ctx, ILONET_LOG_TIMING, msg);
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
    ilonet_logf(o, ILONET_LOG_WARNING, "igraph: %s", message);
}

void ilonet_analysis_destroy(ilonet_analysis_t *a)
{
    if (a->stability_ready) {
        igraph_vector_destroy(&a->node_stability);
        igraph_vector_destroy(&a->cluster_stability);
        a->stability_ready = 0;
    }
    ilonet_node_structure_destroy(&a->structure);
    ilonet_clusters_destroy(&a->clusters);
    ilonet_centrality_destroy(&a->cent);
    ilonet_graph_destroy(&a->graph);
    ilonet_network_destroy(&a->net);
    ilonet_aliases_destroy(&a->aliases);
}

/* Replaces the loaded network by its one-mode projection when the options (or strictly
 * two-mode data, under AUTO) ask for it. */
static ilonet_status_t maybe_project(const ilonet_analyze_options_t *opts, ilonet_analysis_t *a,
                                     int release_rows, ilonet_error_t *err)
{
    ilonet_report_twomode_t *tm = &a->two_mode;
    tm->kinds = opts->two_mode_kinds != NULL ? opts->two_mode_kinds : ILONET_DEFAULT_SECOND_KINDS;
    tm->weight = opts->projection_weight;
    ilonet_status_t st = ilonet_twomode_inspect(&a->net, &a->graph, tm->kinds, &tm->info, err);
    if (st != ILONET_OK) {
        return st;
    }
    ilonet_project_onto_t onto = opts->project_onto;
    if (onto == ILONET_PROJECT_AUTO) {
        onto = tm->info.is_two_mode ? ILONET_PROJECT_FIRST : ILONET_PROJECT_NONE;
    }
    if (onto == ILONET_PROJECT_NONE) {
        return ILONET_OK;
    }
    ilonet_network_t proj;
    double t0 = now();
    tm->onto_second = onto == ILONET_PROJECT_SECOND;
    ilonet_twomode_plan_t *plan = NULL;
    st = ilonet_twomode_plan(&a->net, &a->graph, tm->kinds, tm->onto_second, tm->weight, &plan,
                             &tm->stats, err);
    if (st != ILONET_OK) {
        return st;
    }
    tm->loaded_rows = a->net.rows_added;
    tm->loaded_ties = ilonet_graph_tie_count(&a->graph);
    tm->loaded_duplicates = a->graph.duplicates_merged;
    tm->loaded_self_loops = a->graph.self_loops_dropped;
    /* the plan holds all the projection needs: the loaded data goes before its rows are made */
    ilonet_graph_destroy(&a->graph);
    ilonet_network_destroy(&a->net);
    return_free_memory();
    st = ilonet_twomode_plan_write(plan, &proj, err);
    ilonet_twomode_plan_destroy(plan);
    if (st != ILONET_OK) {
        return st;
    }
    a->net = proj;
    tm->projected = 1;
    /* projected weights are shared-project counts or Newman weights: strengths, undirected */
    ilonet_graph_options_t go = opts->graph;
    go.directed = 0;
    go.weight_is = ILONET_WEIGHT_IS_STRENGTH;
    st = release_rows ? ilonet_graph_build_releasing_rows(&a->graph, &a->net, &go, err)
                      : ilonet_graph_build(&a->graph, &a->net, &go, err);
    if (st != ILONET_OK) {
        return st;
    }
    timing_(opts, "two-mode projection", now() - t0);
    ilonet_logf(opts, ILONET_LOG_INFO,
                "two-mode data (second mode: %s): analysing the projection onto the %s mode: %zu "
                "nodes, %zu pairs sharing %s (%s weights)%s, in %.3f s",
                tm->kinds, tm->onto_second ? "second" : "first", ilonet_network_node_count(&a->net),
                tm->stats.pairs, tm->onto_second ? "a member" : "a second-mode node",
                tm->weight == ILONET_PROJECTION_NEWMAN ? "Newman" : "count",
                tm->stats.direct_ties_kept > 0 ? ", direct ties kept" : "", now() - t0);
    return ILONET_OK;
}

/* One warning line for ids that differ only in case, accents or spacing (shown without -v). */
static ilonet_status_t warn_similar_ids(const ilonet_analyze_options_t *opts,
                                        const ilonet_network_t *net, ilonet_error_t *err)
{
    ilonet_id_groups_t groups;
    ilonet_status_t st = ilonet_id_groups_find(&groups, net, err);
    if (st == ILONET_OK && groups.n_groups > 0) {
        char line[900];
        ilonet_id_groups_format(&groups, net, line, sizeof line);
        ilonet_logf(opts, ILONET_LOG_WARNING, "%s", line);
    }
    ilonet_id_groups_destroy(&groups);
    return st;
}

/* -v: the lines of the first merged duplicate rows and dropped self-loops. */
static ilonet_status_t log_row_lines(const ilonet_analyze_options_t *opts,
                                     const ilonet_analysis_t *a, ilonet_error_t *err)
{
    enum { MAX_LISTED = 10 };
    char lines[900];
    size_t dup = a->graph.duplicates_merged, loops = a->graph.self_loops_dropped;
    if (dup > 0) {
        ilonet_status_t st = ilonet_network_merged_lines(&a->net, a->graph.row_tie,
                                                         ilonet_graph_tie_count(&a->graph),
                                                         MAX_LISTED, lines, sizeof lines, err);
        if (st != ILONET_OK) {
            return st;
        }
        ilonet_logf(opts, ILONET_LOG_INFO, "duplicate rows merged (%s%zu): %s",
                    dup > MAX_LISTED ? "first 10 of " : "", dup, lines);
    }
    if (loops > 0) {
        ilonet_network_dropped_lines(&a->net, a->graph.row_tie, MAX_LISTED, lines, sizeof lines);
        ilonet_logf(opts, ILONET_LOG_INFO, "self-loops dropped (%s%zu): %s",
                    loops > MAX_LISTED ? "first 10 of " : "", loops, lines);
    }
    return ILONET_OK;
}

typedef struct {
    const ilonet_graph_t *gr;
    const ilonet_network_t *net;
    size_t path_sources;
} net_structure_job_t;

/* The network block, computed in a child process into the shared block. */
static int structure_behind(void *ctx, void *shared)
{
    const net_structure_job_t *j = ctx;
    ilonet_error_t e;
    return ilonet_structure_network_sampled(shared, j->gr, j->net, j->path_sources, &e) == ILONET_OK
               ? 0
               : 1;
}

ilonet_status_t ilonet_analysis_run(const ilonet_analyze_options_t *opts, ilonet_analysis_t *a,
                                    int want, ilonet_error_t *err)
{
    ilonet_status_t st;
    double t0 = now(), t;
    ilonet_cluster_job_t cluster_job = {0};
    ilonet_behind_t structure_job = {0};

    memset(a, 0, sizeof *a);
    ilonet_error_clear(err);
    ilonet_igraph_setup();
    ilonet_threads_single();
    ilonet_igraph_set_warning_sink(on_igraph_warning, (void *)opts);
    st = ilonet_network_init(&a->net, err);
    if (st != ILONET_OK) {
        return st;
    }
    a->net.fold_rows = 1; /* memory follows the distinct rows, not the file */
    ilonet_load_options_t load = opts->load;
    if (opts->aliases_path != NULL) {
        st = ilonet_aliases_load(&a->aliases, opts->aliases_path, &load.csv, err);
        if (st != ILONET_OK) {
            goto fail;
        }
        a->has_aliases = 1;
        load.aliases = &a->aliases;
    }
    if (opts->nodes_path != NULL) {
        st = ilonet_load_nodes(&a->net, opts->nodes_path, &load, err);
        if (st != ILONET_OK) {
            goto fail;
        }
    }
    st = ilonet_load_edges(&a->net, opts->edges_path, &load, err);
    if (st != ILONET_OK) {
        goto fail;
    }
    t = now();
    timing_(opts, "load", t - t0);
    ilonet_logf(opts, ILONET_LOG_INFO, "loaded %zu edge rows, %zu nodes in %.3f s",
                a->net.rows_added, ilonet_network_node_count(&a->net), t - t0);
    if (a->has_aliases) {
        ilonet_logf(opts, ILONET_LOG_INFO, "aliases: %zu entries, ids replaced in %zu rows",
                    ilonet_aliases_count(&a->aliases), a->aliases.rows_rewritten);
    }
    st = warn_similar_ids(opts, &a->net, err);
    if (st != ILONET_OK) {
        goto fail;
    }
    if (a->net.nodes_added_from_edges > 0) {
        ilonet_logf(opts, ILONET_LOG_WARNING,
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
    timing_(opts, "build graph", t - t0);
    ilonet_logf(opts, ILONET_LOG_INFO,
                "built graph: %zu ties (%zu duplicate rows merged, %zu self-loops "
                "dropped) in %.3f s",
                ilonet_graph_tie_count(&a->graph), a->graph.duplicates_merged,
                a->graph.self_loops_dropped, t - t0);
    if (a->graph.self_loops_dropped > 0) {
        ilonet_logf(opts, ILONET_LOG_WARNING, "%zu self-loop%s (a node tied to itself) dropped",
                    a->graph.self_loops_dropped, a->graph.self_loops_dropped == 1 ? "" : "s");
    }
    st = log_row_lines(opts, a, err);
    if (st != ILONET_OK) {
        goto fail;
    }
    st = maybe_project(opts, a, want & ILONET_RELEASE_ROWS, err);
    if (st != ILONET_OK) {
        goto fail;
    }
    if (want & ILONET_RELEASE_ROWS) {
        ilonet_network_release_rows(&a->net);
        ilonet_graph_release_rows(&a->graph);
        return_free_memory();
    }

    /* Clusters depend on the graph alone: on a large graph they run in child processes while
     * this one computes the centralities and the structure block. */
    ilonet_cluster_options_t clo = opts->cluster;
    clo.seed = opts->seed;
    clo.tries = ilonet_default_tries(&clo, ilonet_graph_tie_count(&a->graph));
    unsigned workers = ilonet_paths_workers(opts->workers);
    int alongside =
        ilonet_graph_tie_count(&a->graph) >= ILONET_CLUSTERS_BACKGROUND_TIES && workers > 1;
    if (alongside) {
        ilonet_community_detect_start(&cluster_job, &a->graph, &clo, workers);
    }
    /* so do the network block's path figures (one search or two per source, on one core) */
    net_structure_job_t nsj = {&a->graph, &a->net,
                               ilonet_structure_path_sources(ilonet_network_node_count(&a->net),
                                                             ilonet_graph_tie_count(&a->graph),
                                                             opts->exact)};
    if ((want & ILONET_WANT_STRUCTURE) && alongside) {
        ilonet_behind_start(&structure_job, sizeof(ilonet_network_structure_t), structure_behind,
                            &nsj);
    }

    t0 = now();
    ilonet_centrality_options_t co;
    ilonet_centrality_options_default(&co);
    co.mode = opts->mode;
    co.betweenness_samples = opts->betweenness_samples;
    co.seed = opts->seed;
    co.workers = opts->workers;
    co.progress = paths_progress;
    co.progress_ctx = (void *)opts;
    size_t n_nodes = ilonet_network_node_count(&a->net);
    size_t n_ties = ilonet_graph_tie_count(&a->graph);
    size_t auto_k = ilonet_auto_path_samples(n_nodes, n_ties);
    if (co.betweenness_samples == 0 && !opts->exact && auto_k > 0) {
        co.betweenness_samples = auto_k;
        a->paths_sampled_automatically = 1;
        ilonet_logf(opts, ILONET_LOG_WARNING,
                    "%zu nodes x %zu ties is above %.0e: betweenness, closeness and harmonic are "
                    "estimated from %zu sampled source nodes (seed %lu; recorded in summary.json); "
                    "--exact computes them exactly",
                    n_nodes, n_ties, (double)ILONET_EXACT_PATHS_BUDGET, auto_k, opts->seed);
    }
    follow_progress(opts);
    st = ilonet_centrality_compute_opts(&a->cent, &a->graph, &co, err);
    follow_progress(NULL);
    progress_done(opts);
    if (st != ILONET_OK) {
        goto fail;
    }
    t = now();
    timing_(opts, "centralities", t - t0);
    ilonet_logf(opts, ILONET_LOG_INFO, "centralities (betweenness %s) in %.3f s",
                a->cent.betweenness_samples > 0 ? "sampled" : "exact", t - t0);

    if (want & ILONET_WANT_STRUCTURE) {
        t0 = now();
        follow_progress(opts);
        st = ilonet_structure_nodes(&a->structure, &a->graph, err);
        if (st == ILONET_OK && ilonet_behind_wait(&structure_job)) {
            memcpy(&a->network_structure, structure_job.shared, sizeof a->network_structure);
        } else if (st == ILONET_OK) {
            /* not run behind, or that failed: here, for the result or the exact error */
            st = ilonet_structure_network_sampled(&a->network_structure, &a->graph, &a->net,
                                                  nsj.path_sources, err);
        }
        ilonet_behind_release(&structure_job);
        follow_progress(NULL);
        progress_done(opts);
        if (st != ILONET_OK) {
            goto fail;
        }
        a->has_structure = 1;
        timing_(opts, "structure", now() - t0);
        ilonet_logf(opts, ILONET_LOG_INFO, "clustering, constraint and network structure in %.3f s",
                    now() - t0);
    }

    t0 = now();
    if (clo.method != ILONET_CLUSTER_LEIDEN && clo.resolution != 1.0) {
        ilonet_logf(opts, ILONET_LOG_WARNING,
                    "--resolution only applies to --cluster-method leiden; "
                    "ignored");
    }
    st = ilonet_community_detect_finish(&cluster_job, &a->clusters, &a->graph, &clo, err);
    if (st != ILONET_OK) {
        goto fail;
    }
    t = now();
    timing_(opts, alongside ? "clusters (alongside, waited)" : "clusters", t - t0);
    if (a->clusters.used_undirected) {
        char name[32];
        snprintf(name, sizeof name, "%s", a->clusters.method);
        name[0] = (char)(name[0] >= 'a' && name[0] <= 'z' ? name[0] - 'a' + 'A' : name[0]);
        ilonet_logf(opts, ILONET_LOG_WARNING,
                    "%s needs undirected ties: clustered the undirected version of the graph "
                    "(A->B and B->A summed)",
                    name);
    }
    ilonet_logf(opts, ILONET_LOG_INFO, "clusters (%s, seed %lu, best of %u tries) in %.3f s",
                a->clusters.method, opts->seed, a->clusters.tries, t - t0);

    if ((want & ILONET_WANT_STABILITY) && opts->stability_runs > 0) {
        t0 = now();
        st = ilonet_community_stability(&a->graph, &clo, &a->clusters, opts->stability_runs,
                                        &a->node_stability, &a->cluster_stability, err);
        if (st != ILONET_OK) {
            goto fail;
        }
        a->stability_ready = 1;
        timing_(opts, "cluster stability", now() - t0);
        ilonet_logf(opts, ILONET_LOG_INFO, "cluster stability over %u runs in %.3f s",
                    opts->stability_runs, now() - t0);
    }
    return ILONET_OK;

fail:
    ilonet_community_detect_cancel(&cluster_job);
    ilonet_behind_release(&structure_job);
    ilonet_analysis_destroy(a);
    return st;
}

unsigned ilonet_default_tries(const ilonet_cluster_options_t *o, size_t ties)
{
    if (o->tries > 0) {
        return o->tries;
    }
    /* a budget of ILONET_TRIES_BUDGET tie-visits: every try on small networks, fewer (never
     * under 5) where one run is already seconds */
    size_t t = ties > 0 ? ILONET_TRIES_BUDGET / ties : ILONET_DEFAULT_TRIES;
    t = t > ILONET_DEFAULT_TRIES ? ILONET_DEFAULT_TRIES : t < 5 ? 5 : t;
    return (unsigned)t;
}

/* The report's view of an analysis. */
static ilonet_report_input_t report_input(const ilonet_analyze_options_t *opts,
                                          const ilonet_analysis_t *a)
{
    ilonet_report_input_t in = {
        .net = &a->net,
        .graph = &a->graph,
        .cent = &a->cent,
        .clusters = &a->clusters,
        .edges_path = opts->edges_path,
        .nodes_path = opts->nodes_path,
        .weight_column = a->two_mode.projected ? NULL
                         : a->net.has_weight
                             ? (opts->load.weight_col ? opts->load.weight_col : "weight")
                             : NULL,
        .mode = opts->mode,
        .seed = opts->seed,
        .version = ILONET_VERSION,
        .structure = a->has_structure ? &a->structure : NULL,
        .network_structure = a->has_structure ? &a->network_structure : NULL,
        .node_stability = a->stability_ready ? &a->node_stability : NULL,
        .cluster_stability = a->stability_ready ? &a->cluster_stability : NULL,
        .stability_runs = opts->stability_runs,
        .two_mode = &a->two_mode,
        .resolution = opts->cluster.resolution,
        .aliases = a->has_aliases ? &a->aliases : NULL,
        .aliases_path = opts->aliases_path,
        .paths_sampled_automatically = a->paths_sampled_automatically,
    };
    return in;
}

/* methods.csv: every method on the same graph, against the published partition. */
static ilonet_status_t write_methods_csv(FILE *fp, const ilonet_analyze_options_t *opts,
                                         const ilonet_analysis_t *a, ilonet_error_t *err)
{
    size_t ties = ilonet_graph_tie_count(&a->graph);
    ilonet_status_t st = ILONET_OK;
    fprintf(fp, "method,clusters,modularity,seconds,nmi,adjusted_rand,note\n");
    for (int m = 0; m < ILONET_CLUSTER_METHOD_COUNT && st == ILONET_OK; m++) {
        ilonet_cluster_options_t clo = opts->cluster;
        clo.seed = opts->seed;
        clo.method = (ilonet_cluster_method_t)m;
        clo.tries = ilonet_default_tries(&clo, ties);
        ilonet_clusters_t cl;
        ilonet_error_t merr;
        double t0 = now();
        ilonet_status_t ms = ilonet_community_detect(&cl, &a->graph, &clo, &merr);
        double secs = now() - t0;
        fputs(ilonet_cluster_method_name(clo.method), fp);
        if (ms == ILONET_EUSAGE) {
            /* a method that refuses this graph (edge betweenness above its size limit) */
            fputs(",,,,,,", fp);
            ilonet_report_csv_field(fp, merr.message);
            fputc('\n', fp);
            continue;
        }
        if (ms != ILONET_OK) {
            *err = merr;
            return ms;
        }
        double nmi = NAN, ari = NAN;
        st = ilonet_community_compare(&cl.membership, &a->clusters.membership, &nmi, &ari, err);
        /* a partition with one cluster agrees with nothing: 0, not -7e-17 */
        nmi = fabs(nmi) < 1e-12 ? 0.0 : nmi;
        ari = fabs(ari) < 1e-12 ? 0.0 : ari;
        if (st == ILONET_OK) {
            fprintf(fp, ",%zu,", cl.n_clusters);
            if (isfinite(cl.modularity)) {
                fprintf(fp, "%.12g", cl.modularity);
            }
            fprintf(fp, ",%.3f,", secs);
            if (isfinite(nmi)) {
                fprintf(fp, "%.12g", nmi);
            }
            fputc(',', fp);
            if (isfinite(ari)) {
                fprintf(fp, "%.12g", ari);
            }
            fputc(',', fp);
            if (cl.used_undirected) {
                fputs("clustered as undirected", fp);
            }
            if (ilonet_cluster_method_is_stochastic(clo.method)) {
                fprintf(fp, "%sbest of %u tries", cl.used_undirected ? "; " : "", cl.tries);
            }
            fputc('\n', fp);
        }
        ilonet_clusters_destroy(&cl);
    }
    if (st == ILONET_OK && ferror(fp)) {
        st = ilonet_error_set(err, ILONET_EIO, NULL, 0, "write error");
    }
    return st;
}

enum { OUT_NODES, OUT_CLUSTERS, OUT_SUMMARY, OUT_METHODS, OUT_CENTRAL, OUT_COUNT };

ilonet_status_t ilonet_analyze(const ilonet_analyze_options_t *opts,
                               ilonet_analyze_result_t *result, ilonet_error_t *err)
{
    static const char *const names[OUT_COUNT] = {"nodes.csv", "clusters.csv", "summary.json",
                                                 "methods.csv", "central.csv"};
    ilonet_status_t st;
    ilonet_analysis_t a;
    ilonet_atomic_file_t out[OUT_COUNT];
    size_t *order = NULL;
    char out_dir[4096];
    double t0;
    const int want[OUT_COUNT] = {1, 1, 1, opts->compare_methods, opts->central_top > 0};

    memset(out, 0, sizeof out);
    if (opts->out_dir != NULL) {
        snprintf(out_dir, sizeof out_dir, "%s", opts->out_dir);
    } else {
        ilonet_default_out_dir(opts->edges_path, out_dir, sizeof out_dir);
    }
    /* "--out" pointing at the data folder must not replace the nodes file with nodes.csv */
    for (int k = 0; k < OUT_COUNT; k++) {
        if (!want[k]) {
            continue;
        }
        char path[4200];
        snprintf(path, sizeof path, "%s/%s", out_dir, names[k]);
        const char *inputs[3] = {opts->edges_path, opts->nodes_path, opts->aliases_path};
        for (int q = 0; q < 3; q++) {
            if (inputs[q] != NULL && ilonet_same_file(path, inputs[q])) {
                return ilonet_error_set(err, ILONET_EUSAGE, NULL, 0,
                                        "'%s' would overwrite the input file '%s'", path,
                                        inputs[q]);
            }
        }
    }
    st = ilonet_analysis_run(
        opts, &a, ILONET_WANT_STRUCTURE | ILONET_WANT_STABILITY | ILONET_RELEASE_ROWS, err);
    if (st != ILONET_OK) {
        ilonet_igraph_set_warning_sink(NULL, NULL);
        return st;
    }
    t0 = now();
    ilonet_report_input_t in = report_input(opts, &a);
    st = ilonet_report_node_order(&in, &order, err);
    if (st != ILONET_OK) {
        goto cleanup;
    }
    st = ilonet_make_dirs(out_dir, err);
    for (int k = 0; k < OUT_COUNT && st == ILONET_OK; k++) {
        char path[4200];
        snprintf(path, sizeof path, "%s/%s", out_dir, names[k]);
        st = want[k] ? ilonet_atomic_open(&out[k], path, err) : ILONET_OK;
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
    if (st == ILONET_OK && opts->compare_methods) {
        st = write_methods_csv(out[OUT_METHODS].fp, opts, &a, err);
    }
    if (st == ILONET_OK && opts->central_top > 0) {
        st = ilonet_report_write_central_csv(out[OUT_CENTRAL].fp, &in, order, opts->central_top,
                                             err);
    }
    /* Close all before renaming any, so a full disk cannot leave a mixed old/new set. */
    for (int k = 0; k < OUT_COUNT && st == ILONET_OK; k++) {
        st = want[k] ? ilonet_atomic_close(&out[k], err) : ILONET_OK;
    }
    for (int k = 0; k < OUT_COUNT && st == ILONET_OK; k++) {
        st = want[k] ? ilonet_atomic_commit(&out[k], err) : ILONET_OK;
    }
    if (st != ILONET_OK) {
        goto cleanup;
    }
    timing_(opts, "write tables", now() - t0);
    ilonet_logf(opts, ILONET_LOG_INFO,
                "wrote %s/{nodes.csv,clusters.csv,summary.json%s%s} in %.3f s", out_dir,
                opts->compare_methods ? ",methods.csv" : "",
                opts->central_top > 0 ? ",central.csv" : "", now() - t0);
    if (result != NULL) {
        result->nodes = ilonet_network_node_count(&a.net);
        result->ties = ilonet_graph_tie_count(&a.graph);
        int projected = a.two_mode.projected;
        result->edge_rows = projected ? a.two_mode.loaded_rows : a.net.rows_added;
        result->clusters = a.clusters.n_clusters;
        result->modularity = a.clusters.modularity;
        result->duplicates_merged =
            projected ? a.two_mode.loaded_duplicates : a.graph.duplicates_merged;
        result->self_loops_dropped =
            projected ? a.two_mode.loaded_self_loops : a.graph.self_loops_dropped;
        result->nodes_added_from_edges = a.net.nodes_added_from_edges;
        result->cluster_method = ilonet_cluster_method_name(opts->cluster.method);
        result->projected = a.two_mode.projected;
        result->onto_second = a.two_mode.onto_second;
        snprintf(result->out_dir, sizeof result->out_dir, "%s", out_dir);
    }

cleanup:
    for (int k = 0; k < OUT_COUNT; k++) {
        ilonet_atomic_abort(&out[k]);
    }
    free(order);
    ilonet_analysis_destroy(&a);
    ilonet_igraph_set_warning_sink(NULL, NULL);
    return st;
}

void ilonet_render_job_default(ilonet_render_job_t *job)
{
    memset(job, 0, sizeof *job);
    ilonet_analyze_options_default(&job->analysis);
    job->dpi = 300;
    job->size_by = "pagerank";
    job->color_by = ILONET_COLOR_BY_CLUSTER;
    job->palette = "okabe-ito";
    job->labels_top = -2;
    job->legend = 1;
    job->select.radius = 1;
    job->describe = 1;
    /* a figure draws the network as loaded (projects as boxes) unless asked to project */
    job->analysis.project_onto = ILONET_PROJECT_NONE;
}

const char *ilonet_format_from_path(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(path, '.');
    if (dot == NULL || (slash != NULL && dot < slash)) {
        return NULL;
    }
    static const char *const known[][2] = {{".svg", "svg"}, {".pdf", "pdf"}, {".png", "png"},
                                           {".dot", "dot"}, {".gv", "dot"},  {".json", "json"}};
    for (size_t i = 0; i < sizeof known / sizeof *known; i++) {
        if (strcmp(dot, known[i][0]) == 0) {
            return known[i][1];
        }
    }
    return NULL;
}

ilonet_status_t ilonet_measure_by_name(const ilonet_centrality_t *c, const char *name,
                                       igraph_vector_t *out, ilonet_error_t *err)
{
    const igraph_vector_t *real = NULL;
    const igraph_vector_int_t *integer = NULL;
    if (strcmp(name, "pagerank") == 0) {
        real = &c->pagerank;
    } else if (strcmp(name, "betweenness") == 0) {
        real = &c->betweenness;
    } else if (strcmp(name, "strength") == 0) {
        real = &c->strength;
    } else if (strcmp(name, "eigenvector") == 0) {
        real = &c->eigenvector;
    } else if (strcmp(name, "closeness") == 0) {
        real = &c->closeness;
    } else if (strcmp(name, "harmonic") == 0) {
        real = &c->harmonic;
    } else if (strcmp(name, "degree") == 0) {
        integer = &c->degree;
    } else if (strcmp(name, "coreness") == 0) {
        integer = &c->coreness;
    } else {
        return ilonet_error_set(err, ILONET_EUSAGE, NULL, 0,
                                "unknown measure '%s' (use pagerank, betweenness, degree, "
                                "strength, eigenvector, closeness, harmonic or coreness)",
                                name);
    }
    if (real != NULL) {
        return ilonet_igraph_check(igraph_vector_init_copy(out, real), "copy", err);
    }
    ilonet_status_t st =
        ilonet_igraph_check(igraph_vector_init(out, igraph_vector_int_size(integer)), "copy", err);
    for (igraph_integer_t i = 0; st == ILONET_OK && i < igraph_vector_int_size(integer); i++) {
        VECTOR(*out)[i] = (double)VECTOR(*integer)[i];
    }
    return st;
}

static void render_log(void *ctx, const char *message)
{
    const ilonet_analyze_options_t *o = ctx;
    ilonet_logf(o, ILONET_LOG_WARNING, "Graphviz: %s", message);
}

/* FILE.svg -> FILE.txt (the description beside the figure). */
void ilonet_description_path(const char *out_path, char *buf, size_t size)
{
    const char *slash = strrchr(out_path, '/');
    const char *dot = strrchr(out_path, '.');
    size_t len =
        dot != NULL && (slash == NULL || dot > slash) ? (size_t)(dot - out_path) : strlen(out_path);
    snprintf(buf, size, "%.*s.txt", (int)len, out_path);
}

/* The small multiples of render --by-year: per year, the ties with a row dated in its window. */
#define ILONET_MAX_PANELS 36

typedef struct {
    size_t n;
    unsigned char **node_on;
    unsigned char **tie_on;
    char **title;
} panels_t;

static void panels_destroy(panels_t *p)
{
    for (size_t k = 0; k < p->n; k++) {
        free(p->node_on[k]);
        free(p->tie_on[k]);
        free(p->title[k]);
    }
    free(p->node_on);
    free(p->tie_on);
    free(p->title);
    memset(p, 0, sizeof *p);
}

static ilonet_status_t year_panels(const ilonet_render_job_t *job, const ilonet_analysis_t *a,
                                   const ilonet_selection_t *sel, panels_t *out, size_t *skipped,
                                   ilonet_error_t *err)
{
    *skipped = 0;
    const ilonet_network_t *net = &a->net;
    const char *edges = job->analysis.edges_path;
    if (a->two_mode.projected) {
        return ilonet_error_set(err, ILONET_EUSAGE, NULL, 0,
                                "--by-year draws the network as loaded, not a projection: "
                                "leave out --project-onto");
    }
    if (!net->has_year) {
        return ilonet_error_set(err, ILONET_EDATA, edges, 1, "--by-year needs a \"year\" column");
    }
    int first = INT_MAX, last = INT_MIN;
    for (size_t r = 0; r < net->n_rows; r++) {
        int y = net->row_year[r];
        if (y != ILONET_NO_YEAR) {
            first = y < first ? y : first;
            last = y > last ? y : last;
        }
    }
    if (first > last) {
        return ilonet_error_set(err, ILONET_EDATA, edges, 0, "--by-year: no dated row");
    }
    int from =
        job->analysis.load.year_from != ILONET_NO_BOUND ? job->analysis.load.year_from : first;
    int to = job->analysis.load.year_to != ILONET_NO_BOUND ? job->analysis.load.year_to : last;
    if (to - from + 1 > ILONET_MAX_PANELS) {
        return ilonet_error_set(err, ILONET_EUSAGE, NULL, 0,
                                "--by-year: %d years (%d-%d) is more than %d panels; narrow "
                                "them with --from and --to",
                                to - from + 1, from, to, ILONET_MAX_PANELS);
    }
    size_t n = ilonet_network_node_count(net), m = ilonet_graph_tie_count(&a->graph);
    size_t count = (size_t)(to - from + 1);
    out->node_on = calloc(count, sizeof *out->node_on);
    out->tie_on = calloc(count, sizeof *out->tie_on);
    out->title = calloc(count, sizeof *out->title);
    if (out->node_on == NULL || out->tie_on == NULL || out->title == NULL) {
        return ilonet_error_nomem(err);
    }
    unsigned window = job->window > 0 ? job->window : 1;
    for (int y = from; y <= to; y++) {
        size_t k = out->n++;
        out->node_on[k] = calloc(n ? n : 1, 1);
        out->tie_on[k] = calloc(m ? m : 1, 1);
        out->title[k] = malloc(32);
        if (out->node_on[k] == NULL || out->tie_on[k] == NULL || out->title[k] == NULL) {
            return ilonet_error_nomem(err);
        }
        int lo = job->cumulative ? INT_MIN : y - (int)window + 1;
        if (job->cumulative) {
            snprintf(out->title[k], 32, "up to %d", y);
        } else if (window > 1) {
            snprintf(out->title[k], 32, "%d\xE2\x80\x93%d", lo, y);
        } else {
            snprintf(out->title[k], 32, "%d", y);
        }
        size_t ties = 0;
        for (size_t r = 0; r < net->n_rows; r++) {
            int ry = net->row_year[r];
            size_t t = a->graph.row_tie[r];
            if (ry == ILONET_NO_YEAR || ry < lo || ry > y || t == ILONET_NONE ||
                !sel->tie_keep[t]) {
                continue;
            }
            ties += !out->tie_on[k][t];
            out->tie_on[k][t] = 1;
            out->node_on[k][IGRAPH_FROM(&a->graph.g, t)] = 1;
            out->node_on[k][IGRAPH_TO(&a->graph.g, t)] = 1;
        }
        if (ties == 0) {
            /* a year without ties would be an empty panel: leave it out (and say so) */
            free(out->node_on[k]);
            free(out->tie_on[k]);
            free(out->title[k]);
            out->n--;
            *skipped += 1;
        }
    }
    if (out->n == 0) {
        return ilonet_error_set(err, ILONET_EUSAGE, NULL, 0,
                                "--by-year: no drawn tie is dated from %d to %d", from, to);
    }
    return ILONET_OK;
}

ilonet_status_t ilonet_render(const ilonet_render_job_t *job, ilonet_render_result_t *result,
                              ilonet_error_t *err)
{
    const ilonet_analyze_options_t *opts = &job->analysis;
    ilonet_status_t st;
    ilonet_analysis_t a;
    ilonet_selection_t sel;
    igraph_vector_t size;
    igraph_matrix_t xy_full;
    int size_ready = 0, xy_ready = 0, analysis_ready = 0;
    ilonet_atomic_file_t fig, txt;
    char txt_path[4096];
    double t0;
    panels_t panels;

    memset(&panels, 0, sizeof panels);
    memset(&sel, 0, sizeof sel);
    memset(&fig, 0, sizeof fig);
    memset(&txt, 0, sizeof txt);
    const char *format = job->format != NULL ? job->format : ilonet_format_from_path(job->out_path);
    if (format == NULL || !ilonet_render_format_known(format)) {
        return ilonet_error_set(err, ILONET_EUSAGE, NULL, 0,
                                "cannot tell the figure format of '%s': use a .svg, .pdf, .png, "
                                ".dot or .json name, or --format",
                                job->out_path);
    }
    if (job->layout != NULL && !ilonet_render_engine_known(job->layout)) {
        return ilonet_error_set(err, ILONET_EUSAGE, NULL, 0,
                                "unknown layout '%s' (use neato, fdp, sfdp, dot, circo, twopi, "
                                "fr, kk, drl or mds)",
                                job->layout);
    }
    if (!ilonet_render_palette_known(job->palette)) {
        return ilonet_error_set(err, ILONET_EUSAGE, NULL, 0,
                                "unknown palette '%s' (use okabe-ito, dark2 or set2)",
                                job->palette);
    }
    ilonet_description_path(job->out_path, txt_path, sizeof txt_path);
    const char *outputs[2] = {job->out_path, job->describe ? txt_path : NULL};
    const char *inputs[3] = {opts->edges_path, opts->nodes_path, opts->aliases_path};
    for (int k = 0; k < 2; k++) {
        for (int q = 0; q < 3; q++) {
            if (outputs[k] != NULL && inputs[q] != NULL &&
                ilonet_same_file(outputs[k], inputs[q])) {
                return ilonet_error_set(err, ILONET_EUSAGE, NULL, 0,
                                        "'%s' would overwrite the input file '%s'", outputs[k],
                                        inputs[q]);
            }
        }
    }
    st = ilonet_analysis_run(opts, &a, 0, err);
    if (st != ILONET_OK) {
        ilonet_igraph_set_warning_sink(NULL, NULL);
        return st;
    }
    analysis_ready = 1;
    int uniform = strcmp(job->size_by, "none") == 0;
    st = ilonet_measure_by_name(&a.cent, uniform ? "pagerank" : job->size_by, &size, err);
    if (st != ILONET_OK) {
        goto cleanup;
    }
    size_ready = 1;
    ilonet_select_options_t so = job->select;
    so.ego = ilonet_aliases_resolve(a.has_aliases ? &a.aliases : NULL, so.ego);
    so.rank = &size;
    if (job->two_mode_view) {
        so.two_mode_view =
            opts->two_mode_kinds != NULL ? opts->two_mode_kinds : ILONET_DEFAULT_SECOND_KINDS;
    }
    st = ilonet_select(&sel, &a.net, &a.graph, &a.clusters, &so, err);
    if (st != ILONET_OK) {
        goto cleanup;
    }
    int large = sel.n_nodes > ILONET_LARGE_FIGURE;
    const char *layout = job->layout != NULL ? job->layout : (large ? "fr" : "neato");
    if (job->by_year && strcmp(format, "json") == 0) {
        st = ilonet_error_set(err, ILONET_EUSAGE, NULL, 0,
                              "--by-year draws svg, pdf, png or dot, not json");
        goto cleanup;
    }
    if (job->by_year) {
        /* the panels hold every node in place: one igraph layout of the whole selection */
        layout = job->layout != NULL ? job->layout : "kk";
        if (!ilonet_layout_is_igraph(layout)) {
            st = ilonet_error_set(err, ILONET_EUSAGE, NULL, 0,
                                  "--by-year keeps nodes in place with an igraph layout: use "
                                  "--layout kk (default), fr, drl or mds, not %s",
                                  layout);
            goto cleanup;
        }
    }
    long labels_top = job->labels_top != -2 ? job->labels_top : (large ? 30 : -1);
    if (large && (job->layout == NULL || job->labels_top == -2)) {
        ilonet_logf(opts, ILONET_LOG_WARNING,
                    "%zu nodes: above %d, so the defaults are %s and labels on the top %ld",
                    sel.n_nodes, ILONET_LARGE_FIGURE, layout, labels_top);
    }
    if (job->cluster_boxes && !ilonet_render_engine_has_clusters(layout)) {
        ilonet_logf(opts, ILONET_LOG_WARNING,
                    "--cluster-boxes needs --layout dot or fdp; drawing without boxes");
    }
    size_t focus = ILONET_NONE;
    if (job->focus != NULL) {
        focus = ilonet_network_find_node(
            &a.net, ilonet_aliases_resolve(a.has_aliases ? &a.aliases : NULL, job->focus));
        if (focus == ILONET_NONE) {
            st = ilonet_error_set(err, ILONET_EUSAGE, NULL, 0,
                                  "--focus: \"%s\" is not a node of the network", job->focus);
            goto cleanup;
        }
    } else {
        for (size_t i = 0; i < ilonet_network_node_count(&a.net) && focus == ILONET_NONE; i++) {
            if (strcmp(ilonet_network_node_kind(&a.net, i), "ilo") == 0) {
                focus = i;
            }
        }
    }

    t0 = now();
    const igraph_matrix_t *xy = NULL;
    if (ilonet_layout_is_igraph(layout)) {
        /* igraph lays out only what is drawn: the induced subgraph of the selection */
        igraph_t sub;
        igraph_vector_int_t keep_ids, map;
        igraph_vector_t sub_strength;
        igraph_matrix_t sub_xy;
        size_t n = ilonet_network_node_count(&a.net);
        igraph_vector_int_init(&keep_ids, 0);
        igraph_vector_int_init(&map, 0);
        igraph_vector_init(&sub_strength, 0);
        for (size_t i = 0; i < n; i++) {
            if (sel.node_keep[i]) {
                igraph_vector_int_push_back(&keep_ids, (igraph_integer_t)i);
            }
        }
        igraph_vector_int_t sub_edges;
        igraph_vector_int_init(&sub_edges, 0);
        igraph_vector_int_resize(&map, (igraph_integer_t)n);
        for (igraph_integer_t k = 0; k < igraph_vector_int_size(&keep_ids); k++) {
            VECTOR(map)[VECTOR(keep_ids)[k]] = k;
        }
        for (size_t t = 0; t < ilonet_graph_tie_count(&a.graph); t++) {
            if (sel.tie_keep[t]) {
                igraph_vector_int_push_back(&sub_edges, VECTOR(map)[IGRAPH_FROM(&a.graph.g, t)]);
                igraph_vector_int_push_back(&sub_edges, VECTOR(map)[IGRAPH_TO(&a.graph.g, t)]);
                igraph_vector_push_back(&sub_strength, VECTOR(a.graph.strength)[t]);
            }
        }
        st = ilonet_igraph_check(
            igraph_create(&sub, &sub_edges, igraph_vector_int_size(&keep_ids), IGRAPH_UNDIRECTED),
            "layout graph", err);
        if (st == ILONET_OK) {
            follow_progress(opts);
            st = ilonet_layout_compute(&sub, &sub_strength, layout, opts->seed, &sub_xy, err);
            follow_progress(NULL);
            progress_done(opts);
            if (st == ILONET_OK) {
                st = ilonet_igraph_check(igraph_matrix_init(&xy_full, (igraph_integer_t)n, 2),
                                         "layout", err);
                if (st == ILONET_OK) {
                    xy_ready = 1;
                    for (igraph_integer_t k = 0; k < igraph_vector_int_size(&keep_ids); k++) {
                        MATRIX(xy_full, VECTOR(keep_ids)[k], 0) = MATRIX(sub_xy, k, 0);
                        MATRIX(xy_full, VECTOR(keep_ids)[k], 1) = MATRIX(sub_xy, k, 1);
                    }
                    xy = &xy_full;
                }
                igraph_matrix_destroy(&sub_xy);
            }
            igraph_destroy(&sub);
        }
        igraph_vector_int_destroy(&sub_edges);
        igraph_vector_destroy(&sub_strength);
        igraph_vector_int_destroy(&map);
        igraph_vector_int_destroy(&keep_ids);
        if (st != ILONET_OK) {
            goto cleanup;
        }
        timing_(opts, "layout (igraph)", now() - t0);
        ilonet_logf(opts, ILONET_LOG_INFO, "igraph %s layout in %.3f s", layout, now() - t0);
    }

    ilonet_render_input_t in = {
        .net = &a.net,
        .graph = &a.graph,
        .cent = &a.cent,
        .clusters = &a.clusters,
        .sel = &sel,
        .xy = xy,
    };
    if (job->by_year) {
        size_t skipped;
        st = year_panels(job, &a, &sel, &panels, &skipped, err);
        if (st != ILONET_OK) {
            goto cleanup;
        }
        in.n_panels = panels.n;
        in.panel_node_keep = (const unsigned char *const *)panels.node_on;
        in.panel_tie_keep = (const unsigned char *const *)panels.tie_on;
        in.panel_titles = (const char *const *)panels.title;
        if (skipped > 0) {
            ilonet_logf(opts, ILONET_LOG_WARNING,
                        "%zu yearly panels, %s to %s; %zu years without a drawn tie left out",
                        panels.n, panels.title[0], panels.title[panels.n - 1], skipped);
        } else {
            ilonet_logf(opts, ILONET_LOG_INFO, "%zu yearly panels, %s to %s", panels.n,
                        panels.title[0], panels.title[panels.n - 1]);
        }
    }
    ilonet_render_options_t ro = {
        .format = format,
        .layout = layout,
        .dpi = job->dpi,
        .seed = opts->seed,
        .size_by = job->size_by,
        .size = uniform ? NULL : &size,
        .color_by = job->color_by,
        .palette = job->palette,
        .labels_top = labels_top,
        .cluster_boxes = job->cluster_boxes,
        .edge_type_style = job->edge_type_style,
        .title = job->title,
        .caption = job->caption,
        .legend = job->legend,
        .focus = focus,
        .log = render_log,
        .log_ctx = (void *)opts,
    };
    t0 = now();
    const char *slash = strrchr(job->out_path, '/');
    if (slash != NULL && slash != job->out_path) {
        char dir[4096];
        snprintf(dir, sizeof dir, "%.*s", (int)(slash - job->out_path), job->out_path);
        st = ilonet_make_dirs(dir, err);
        if (st != ILONET_OK) {
            goto cleanup;
        }
    }
    st = ilonet_atomic_open(&fig, job->out_path, err);
    if (st == ILONET_OK) {
        st = ilonet_render_figure(&in, &ro, fig.fp, err);
        if (st != ILONET_OK && err->file[0] == '\0') {
            snprintf(err->file, sizeof err->file, "%s", job->out_path);
        }
    }
    if (st == ILONET_OK && job->describe) {
        st = ilonet_atomic_open(&txt, txt_path, err);
        if (st == ILONET_OK) {
            st = ilonet_describe_figure(&in, &ro, opts->edges_path, txt.fp, err);
        }
    }
    if (st == ILONET_OK) {
        st = ilonet_atomic_close(&fig, err);
    }
    if (st == ILONET_OK) {
        st = ilonet_atomic_close(&txt, err);
    }
    if (st == ILONET_OK) {
        st = ilonet_atomic_commit(&fig, err);
    }
    if (st == ILONET_OK && job->describe) {
        st = ilonet_atomic_commit(&txt, err);
    }
    if (st != ILONET_OK) {
        goto cleanup;
    }
    timing_(opts, "layout and render (Graphviz)", now() - t0);
    ilonet_logf(opts, ILONET_LOG_INFO, "%s layout and %s rendering in %.3f s", layout, format,
                now() - t0);
    if (result != NULL) {
        result->nodes_drawn = sel.n_nodes;
        result->ties_drawn = sel.n_ties;
        result->layout = layout;
        snprintf(result->description_path, sizeof result->description_path, "%s",
                 job->describe ? txt_path : "");
    }

cleanup:
    panels_destroy(&panels);
    ilonet_atomic_abort(&fig);
    ilonet_atomic_abort(&txt);
    if (xy_ready) {
        igraph_matrix_destroy(&xy_full);
    }
    if (size_ready) {
        igraph_vector_destroy(&size);
    }
    ilonet_selection_destroy(&sel);
    if (analysis_ready) {
        ilonet_analysis_destroy(&a);
    }
    ilonet_igraph_set_warning_sink(NULL, NULL);
    return st;
}

void ilonet_ego_job_default(ilonet_ego_job_t *job)
{
    memset(job, 0, sizeof *job);
    ilonet_analyze_options_default(&job->analysis);
    job->analysis.project_onto = ILONET_PROJECT_NONE;
    ilonet_ego_options_default(&job->ego);
}

/* Creates the folder of an output file when it has one. */
static ilonet_status_t make_parent_dir(const char *path, ilonet_error_t *err)
{
    const char *slash = strrchr(path, '/');
    if (slash == NULL || slash == path) {
        return ILONET_OK;
    }
    char dir[4096];
    snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
    return ilonet_make_dirs(dir, err);
}

/* Refuses an output path that names one of the job's input files. */
static ilonet_status_t check_not_input(const ilonet_analyze_options_t *opts, const char *out,
                                       ilonet_error_t *err)
{
    const char *inputs[3] = {opts->edges_path, opts->nodes_path, opts->aliases_path};
    for (int q = 0; q < 3; q++) {
        if (inputs[q] != NULL && ilonet_same_file(out, inputs[q])) {
            return ilonet_error_set(err, ILONET_EUSAGE, NULL, 0,
                                    "'%s' would overwrite the input file '%s'", out, inputs[q]);
        }
    }
    return ILONET_OK;
}

ilonet_status_t ilonet_ego(const ilonet_ego_job_t *job, FILE *out, ilonet_error_t *err)
{
    const ilonet_analyze_options_t *opts = &job->analysis;
    ilonet_status_t st;
    ilonet_analysis_t a;
    ilonet_atomic_file_t file;
    size_t node = ILONET_NONE;
    ilonet_ego_format_t fmt = ILONET_EGO_TEXT;

    memset(&file, 0, sizeof file);
    if (job->format != NULL) {
        if (strcmp(job->format, "json") == 0) {
            fmt = ILONET_EGO_JSON;
        } else if (strcmp(job->format, "text") != 0) {
            return ilonet_error_set(err, ILONET_EUSAGE, NULL, 0,
                                    "unknown ego format '%s' (use text or json)", job->format);
        }
    } else if (job->out_path != NULL) {
        const char *dot = strrchr(job->out_path, '.');
        fmt = dot != NULL && strcmp(dot, ".json") == 0 ? ILONET_EGO_JSON : ILONET_EGO_TEXT;
    }
    if (job->ego.radius < 1) {
        return ilonet_error_set(err, ILONET_EUSAGE, NULL, 0, "--radius must be 1 or more");
    }
    if (job->out_path != NULL) {
        st = check_not_input(opts, job->out_path, err);
        if (st != ILONET_OK) {
            return st;
        }
    }
    st = ilonet_analysis_run(opts, &a, 0, err);
    if (st != ILONET_OK) {
        ilonet_igraph_set_warning_sink(NULL, NULL);
        return st;
    }
    st = ilonet_ego_find(
        &a.net, ilonet_aliases_resolve(a.has_aliases ? &a.aliases : NULL, job->node), &node, err);
    if (st != ILONET_OK) {
        goto cleanup;
    }
    ilonet_report_input_t in = report_input(opts, &a);
    ilonet_ego_options_t eo = job->ego;
    if (eo.second_kinds == NULL) {
        eo.second_kinds = a.two_mode.kinds;
    }
    if (job->out_path == NULL) {
        st = ilonet_ego_write(out, &in, node, &eo, fmt, err);
        goto cleanup;
    }
    st = make_parent_dir(job->out_path, err);
    if (st == ILONET_OK) {
        st = ilonet_atomic_open(&file, job->out_path, err);
    }
    if (st == ILONET_OK) {
        st = ilonet_ego_write(file.fp, &in, node, &eo, fmt, err);
    }
    if (st == ILONET_OK) {
        st = ilonet_atomic_close(&file, err);
    }
    if (st == ILONET_OK) {
        st = ilonet_atomic_commit(&file, err);
    }

cleanup:
    ilonet_atomic_abort(&file);
    ilonet_analysis_destroy(&a);
    ilonet_igraph_set_warning_sink(NULL, NULL);
    return st;
}

void ilonet_export_job_default(ilonet_export_job_t *job)
{
    memset(job, 0, sizeof *job);
    ilonet_analyze_options_default(&job->analysis);
}

ilonet_status_t ilonet_export(const ilonet_export_job_t *job, ilonet_error_t *err)
{
    const ilonet_analyze_options_t *opts = &job->analysis;
    ilonet_status_t st;
    ilonet_analysis_t a;
    ilonet_atomic_file_t file;
    ilonet_export_format_t fmt;

    memset(&file, 0, sizeof file);
    if (job->format != NULL) {
        if (ilonet_export_format_parse(job->format, &fmt) != 0) {
            return ilonet_error_set(err, ILONET_EUSAGE, NULL, 0,
                                    "unknown export format '%s' (use graphml, gml, pajek or "
                                    "edgelist)",
                                    job->format);
        }
    } else if (ilonet_export_format_from_path(job->out_path, &fmt) != 0) {
        return ilonet_error_set(err, ILONET_EUSAGE, NULL, 0,
                                "cannot tell the export format of '%s': use a .graphml, .gml, "
                                ".net or .tsv name, or --format",
                                job->out_path);
    }
    st = check_not_input(opts, job->out_path, err);
    if (st != ILONET_OK) {
        return st;
    }
    st = ilonet_analysis_run(opts, &a, ILONET_WANT_STRUCTURE, err);
    if (st != ILONET_OK) {
        ilonet_igraph_set_warning_sink(NULL, NULL);
        return st;
    }
    ilonet_report_input_t in = report_input(opts, &a);
    ilonet_export_column_t extra[4] = {
        {"clustering", &a.structure.clustering},
        {"constraint", &a.structure.constraint},
        {"hub", &a.structure.hub},
        {"authority", &a.structure.authority},
    };
    size_t n_extra = a.structure.has_hub_authority ? 4 : 2;
    st = make_parent_dir(job->out_path, err);
    if (st == ILONET_OK) {
        st = ilonet_atomic_open(&file, job->out_path, err);
    }
    if (st == ILONET_OK) {
        st = ilonet_export_write(file.fp, fmt, &in, extra, n_extra, err);
    }
    if (st == ILONET_OK) {
        st = ilonet_atomic_close(&file, err);
    }
    if (st == ILONET_OK) {
        st = ilonet_atomic_commit(&file, err);
    }
    ilonet_atomic_abort(&file);
    ilonet_analysis_destroy(&a);
    ilonet_igraph_set_warning_sink(NULL, NULL);
    return st;
}
