/* Networks over time: one analysis per reported year on the rows of its window, written as
 * timeline.csv and timeline_summary.csv with cluster numbers carried from year to year. */
#include "ilonet/timeline.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ilonet/atomic_file.h"
#include "ilonet/igraph_bridge.h"
#include "ilonet/report.h"

#define N_YEARS (ILONET_YEAR_MAX - ILONET_YEAR_MIN + 1)

void ilonet_timeline_options_default(ilonet_timeline_options_t *t)
{
    memset(t, 0, sizeof *t);
    t->window = 1;
}

/* What one pass over the input files tells about its years. */
typedef struct {
    /* Prefix sums over the years: rows[y - ILONET_YEAR_MIN + 1] - rows[x - ILONET_YEAR_MIN] is
     * the number of rows dated x..y; ties[] the same for rows that are not self-loops, since a
     * window of self-loops only has no network to analyse. */
    size_t rows[N_YEARS + 1];
    size_t ties[N_YEARS + 1];
    int first, last; /* years of the first and last dated row */
    size_t dated, undated, outside;
    ilonet_project_onto_t onto; /* the projection every year uses (never AUTO) */
} survey_t;

static size_t window_count(const size_t *sums, int lo, int hi)
{
    if (lo > hi) {
        return 0;
    }
    return sums[hi - ILONET_YEAR_MIN + 1] - sums[lo - ILONET_YEAR_MIN];
}

/* Loads the input files once (with the load options' bounds) to count the rows of each year,
 * and settles AUTO projection on the whole network as ilonet_analysis_run would. */
static ilonet_status_t survey(const ilonet_analyze_options_t *opts, survey_t *s,
                              ilonet_error_t *err)
{
    ilonet_network_t net;
    ilonet_graph_t gr;
    ilonet_aliases_t aliases;
    memset(&gr, 0, sizeof gr);
    memset(&aliases, 0, sizeof aliases);
    ilonet_load_options_t load = opts->load;
    ilonet_status_t st = ilonet_network_init(&net, err);
    if (st != ILONET_OK) {
        return st;
    }
    if (opts->aliases_path != NULL) {
        st = ilonet_aliases_load(&aliases, opts->aliases_path, &load.csv, err);
        load.aliases = &aliases;
    }
    if (st == ILONET_OK && opts->nodes_path != NULL) {
        st = ilonet_load_nodes(&net, opts->nodes_path, &load, err);
    }
    if (st == ILONET_OK) {
        st = ilonet_load_edges(&net, opts->edges_path, &load, err);
    }
    if (st != ILONET_OK) {
        goto cleanup;
    }
    if (!net.has_year) {
        st = ilonet_error_set(err, ILONET_EDATA, opts->edges_path, 1,
                              "--by-year needs a \"%s\" column",
                              load.year_col != NULL ? load.year_col : "year");
        goto cleanup;
    }
    memset(s->rows, 0, sizeof s->rows);
    memset(s->ties, 0, sizeof s->ties);
    s->first = s->last = 0;
    s->dated = 0;
    s->undated = net.rows_undated_skipped;
    s->outside = net.rows_outside_years;
    for (size_t r = 0; r < net.n_rows; r++) {
        int y = net.row_year[r];
        if (y == ILONET_NO_YEAR) {
            s->undated++;
            continue;
        }
        s->rows[y - ILONET_YEAR_MIN + 1]++;
        s->ties[y - ILONET_YEAR_MIN + 1] += net.row_src[r] != net.row_dst[r];
        s->first = s->dated == 0 || y < s->first ? y : s->first;
        s->last = s->dated == 0 || y > s->last ? y : s->last;
        s->dated++;
    }
    if (s->dated == 0) {
        st = ilonet_error_set(err, ILONET_EDATA, opts->edges_path, 0,
                              "no row has a year (%zu undated): nothing to put on a timeline",
                              s->undated);
        goto cleanup;
    }
    for (int k = 1; k <= N_YEARS; k++) {
        s->rows[k] += s->rows[k - 1];
        s->ties[k] += s->ties[k - 1];
    }
    s->onto = opts->project_onto;
    if (s->onto == ILONET_PROJECT_AUTO) {
        ilonet_twomode_info_t info;
        st = ilonet_graph_build(&gr, &net, &opts->graph, err);
        if (st == ILONET_OK) {
            st = ilonet_twomode_inspect(&net, &gr,
                                        opts->two_mode_kinds != NULL ? opts->two_mode_kinds
                                                                     : ILONET_DEFAULT_SECOND_KINDS,
                                        &info, err);
        }
        if (st == ILONET_OK) {
            s->onto = info.is_two_mode ? ILONET_PROJECT_FIRST : ILONET_PROJECT_NONE;
        }
    }

cleanup:
    ilonet_graph_destroy(&gr);
    ilonet_network_destroy(&net);
    ilonet_aliases_destroy(&aliases);
    return st;
}

/* Cluster numbers carried across years (see ilonet_timeline_write). */
typedef struct {
    ilonet_strtab_t ids;    /* every node id of a reported year so far */
    igraph_integer_t *last; /* id -> its cluster number when last seen (0 = never) */
    size_t cap;
    igraph_integer_t next; /* the largest number given so far */
} tracker_t;

typedef struct {
    igraph_integer_t cluster, number; /* this year's cluster, an earlier number */
    size_t shared;                    /* members of cluster last seen with number */
} vote_t;

static int by_cluster_number(const void *a, const void *b)
{
    const vote_t *x = a, *y = b;
    if (x->cluster != y->cluster) {
        return x->cluster < y->cluster ? -1 : 1;
    }
    return (x->number > y->number) - (x->number < y->number);
}

/* Most shared first; then the smaller earlier number; then the larger cluster (smaller own
 * number), so the matching never depends on qsort's order of equal elements. */
static int by_shared_desc(const void *a, const void *b)
{
    const vote_t *x = a, *y = b;
    if (x->shared != y->shared) {
        return x->shared > y->shared ? -1 : 1;
    }
    if (x->number != y->number) {
        return x->number < y->number ? -1 : 1;
    }
    return (x->cluster > y->cluster) - (x->cluster < y->cluster);
}

/* Replaces this year's cluster numbers 1..k in membership by carried numbers and remembers
 * them. O(V log V). */
static ilonet_status_t carry_numbers(tracker_t *tr, const ilonet_network_t *net,
                                     igraph_vector_int_t *membership, size_t k, ilonet_error_t *err)
{
    size_t n = ilonet_network_node_count(net);
    size_t *gid = malloc((n ? n : 1) * sizeof *gid);
    vote_t *votes = malloc((n ? n : 1) * sizeof *votes);
    igraph_integer_t *number = calloc(k + 1, sizeof *number);
    unsigned char *taken = calloc((size_t)tr->next + 1, 1);
    ilonet_status_t st = ILONET_OK;
    if (gid == NULL || votes == NULL || number == NULL || taken == NULL) {
        st = ilonet_error_nomem(err);
        goto cleanup;
    }
    for (size_t i = 0; i < n && st == ILONET_OK; i++) {
        igraph_integer_t c = VECTOR(*membership)[i];
        if (c < 1 || (size_t)c > k) {
            st =
                ilonet_error_set(err, ILONET_EINTERNAL, NULL, 0,
                                 "cluster %" IGRAPH_PRId " of node %zu is outside 1..%zu", c, i, k);
            break;
        }
        const char *id = ilonet_network_node_id(net, i);
        st = ilonet_strtab_intern(&tr->ids, id, strlen(id), &gid[i], NULL, err);
        if (st == ILONET_OK && tr->ids.count > tr->cap) {
            size_t cap = tr->cap ? tr->cap * 2 : 1024;
            cap = cap < tr->ids.count ? tr->ids.count : cap;
            igraph_integer_t *grown = realloc(tr->last, cap * sizeof *grown);
            if (grown == NULL) {
                st = ilonet_error_nomem(err);
                break;
            }
            memset(grown + tr->cap, 0, (cap - tr->cap) * sizeof *grown);
            tr->last = grown;
            tr->cap = cap;
        }
    }
    if (st != ILONET_OK) {
        goto cleanup;
    }
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (tr->last[gid[i]] > 0) {
            votes[m].cluster = VECTOR(*membership)[i];
            votes[m].number = tr->last[gid[i]];
            votes[m].shared = 1;
            m++;
        }
    }
    qsort(votes, m, sizeof *votes, by_cluster_number);
    size_t pairs = 0;
    for (size_t v = 0; v < m; v++) {
        if (pairs > 0 && votes[pairs - 1].cluster == votes[v].cluster &&
            votes[pairs - 1].number == votes[v].number) {
            votes[pairs - 1].shared++;
        } else {
            votes[pairs++] = votes[v];
        }
    }
    qsort(votes, pairs, sizeof *votes, by_shared_desc);
    for (size_t v = 0; v < pairs; v++) {
        if (number[votes[v].cluster] == 0 && !taken[votes[v].number]) {
            number[votes[v].cluster] = votes[v].number;
            taken[votes[v].number] = 1;
        }
    }
    for (size_t c = 1; c <= k; c++) {
        if (number[c] == 0) {
            number[c] = ++tr->next;
        }
    }
    for (size_t i = 0; i < n; i++) {
        VECTOR(*membership)[i] = number[VECTOR(*membership)[i]];
        tr->last[gid[i]] = VECTOR(*membership)[i];
    }

cleanup:
    free(gid);
    free(votes);
    free(number);
    free(taken);
    return st;
}

/* A real as nodes.csv writes it (report.c): 12 significant digits, no "-0", empty when
 * undefined. */

typedef struct {
    const char *id;
    size_t node;
} by_id_t;

static int by_id(const void *a, const void *b)
{
    return strcmp(((const by_id_t *)a)->id, ((const by_id_t *)b)->id);
}

static ilonet_status_t write_nodes(FILE *fp, int year, const ilonet_analysis_t *a,
                                   ilonet_error_t *err)
{
    const ilonet_network_t *net = &a->net;
    const ilonet_centrality_t *c = &a->cent;
    size_t n = ilonet_network_node_count(net);
    by_id_t *order = malloc((n ? n : 1) * sizeof *order);
    if (order == NULL) {
        return ilonet_error_nomem(err);
    }
    for (size_t i = 0; i < n; i++) {
        order[i].id = ilonet_network_node_id(net, i);
        order[i].node = i;
    }
    qsort(order, n, sizeof *order, by_id); /* ids are distinct: a total order */
    for (size_t k = 0; k < n; k++) {
        size_t i = order[k].node;
        fprintf(fp, "%d,", year);
        ilonet_report_write_node_measures(fp, net, c, &a->clusters.membership, a->graph.directed,
                                          i);
        fputc('\n', fp);
    }
    free(order);
    return ferror(fp) ? ilonet_error_set(err, ILONET_EIO, NULL, 0, "write error") : ILONET_OK;
}

/* The yearly analyses' messages, demoted to verbose and marked with their year. */
typedef struct {
    const ilonet_analyze_options_t *opts;
    int year;
} year_log_t;

static void year_log(void *ctx, ilonet_log_level_t level, const char *message)
{
    const year_log_t *yl = ctx;
    char line[1200];
    (void)level;
    snprintf(line, sizeof line, "year %d: %s", yl->year, message);
    yl->opts->log(yl->opts->log_ctx, ILONET_LOG_INFO, line);
}

/* Marks err's message as being about year (the file and line stay). */
static ilonet_status_t in_year(ilonet_status_t st, int year, ilonet_error_t *err)
{
    if (err == NULL) {
        return st;
    }
    char prefix[24];
    size_t p = (size_t)snprintf(prefix, sizeof prefix, "year %d: ", year);
    size_t len = strlen(err->message);
    size_t room = sizeof err->message - 1 - p;
    if (len > room) {
        len = room;
        while (len > 0 && ((unsigned char)err->message[len] & 0xC0) == 0x80) {
            len--; /* not in the middle of a character */
        }
    }
    memmove(err->message + p, err->message, len);
    memcpy(err->message, prefix, p);
    err->message[p + len] = '\0';
    return st;
}

/* The window of year y: its first and last year (lo > hi when it holds no year). */
static void window_of(const ilonet_analyze_options_t *opts, const ilonet_timeline_options_t *t,
                      const survey_t *s, int y, int *lo, int *hi)
{
    long first = t->cumulative ? s->first : (long)y - (long)t->window + 1;
    if (first < ILONET_YEAR_MIN) {
        first = ILONET_YEAR_MIN;
    }
    if (opts->load.year_from != ILONET_NO_BOUND && first < opts->load.year_from) {
        first = opts->load.year_from;
    }
    *lo = (int)first;
    *hi = y;
    if (opts->load.year_to != ILONET_NO_BOUND && *hi > opts->load.year_to) {
        *hi = opts->load.year_to;
    }
}

/* Analyses year y's window and appends its rows to both tables. The window's network comes
 * from ilonet_analysis_run with the load bounds set to the window, which reads the files again:
 * cutting one loaded network per year instead would need a second copy of the analysis steps,
 * and the re-read is cheap next to them (200k rows over 15 years, 20k nodes: 0.04 to 0.1 s per
 * year against 2 to 6 s of centralities and clusters). */
static ilonet_status_t write_year(const ilonet_analyze_options_t *opts,
                                  const ilonet_timeline_options_t *t, const survey_t *s, int y,
                                  tracker_t *tr, FILE *nodes_fp, FILE *summary_fp,
                                  size_t *without_ties, ilonet_error_t *err)
{
    int lo, hi;
    window_of(opts, t, s, y, &lo, &hi);
    size_t rows = window_count(s->rows, lo, hi);
    fprintf(summary_fp, "%d,", y);
    if (lo <= hi) {
        fprintf(summary_fp, "%d,%d", lo, hi);
    } else {
        fputc(',', summary_fp);
    }
    fprintf(summary_fp, ",%zu", rows);
    if (window_count(s->ties, lo, hi) == 0) {
        (*without_ties)++;
        fputs(",0,0,,0,0,\n", summary_fp);
        return ILONET_OK;
    }

    ilonet_analyze_options_t yo = *opts;
    year_log_t yl = {opts, y};
    yo.load.year_from = lo;
    yo.load.year_to = hi;
    yo.project_onto = s->onto;
    yo.stability_runs = 0;
    yo.compare_methods = 0;
    yo.log = opts->log != NULL ? year_log : NULL;
    yo.log_ctx = &yl;
    ilonet_analysis_t a;
    ilonet_status_t st = ilonet_analysis_run(&yo, &a, 0, err);
    ilonet_igraph_set_warning_sink(NULL, NULL); /* it pointed at yo */
    if (st != ILONET_OK) {
        return in_year(st, y, err);
    }
    size_t loaded = a.two_mode.projected ? a.two_mode.loaded_rows : a.net.rows_added;
    igraph_integer_t components = 0;
    igraph_real_t density = NAN;
    size_t n = ilonet_network_node_count(&a.net);
    if (loaded != rows) {
        /* the survey and this load disagree: the file was replaced in between */
        st = ilonet_error_set(err, ILONET_EIO, opts->edges_path, 0,
                              "the file changed while the timeline was computed (%zu rows dated "
                              "%d..%d, then %zu)",
                              rows, lo, hi, loaded);
    }
    if (st == ILONET_OK) {
        st = ilonet_igraph_check(
            igraph_connected_components(&a.graph.g, NULL, NULL, &components, IGRAPH_WEAK),
            "components", err);
    }
    if (st == ILONET_OK && n > 1) {
        st = ilonet_igraph_check(igraph_density(&a.graph.g, &density, 0), "density", err);
    }
    if (st == ILONET_OK) {
        st = carry_numbers(tr, &a.net, &a.clusters.membership, a.clusters.n_clusters, err);
    }
    if (st == ILONET_OK) {
        st = write_nodes(nodes_fp, y, &a, err);
    }
    if (st == ILONET_OK) {
        fprintf(summary_fp, ",%zu,%zu", n, ilonet_graph_tie_count(&a.graph));
        ilonet_report_csv_real(summary_fp, density);
        fprintf(summary_fp, ",%" IGRAPH_PRId ",%zu", components, a.clusters.n_clusters);
        ilonet_report_csv_real(summary_fp, a.clusters.modularity);
        fputc('\n', summary_fp);
    }
    ilonet_analysis_destroy(&a);
    return st == ILONET_OK ? ILONET_OK : in_year(st, y, err);
}

static ilonet_status_t check_options(const ilonet_timeline_options_t *t, ilonet_error_t *err)
{
    if (!t->cumulative && t->window < 1) {
        return ilonet_error_set(err, ILONET_EUSAGE, NULL, 0, "--window must be at least 1");
    }
    const int ends[2] = {t->from, t->to};
    for (int e = 0; e < 2; e++) {
        if (ends[e] != ILONET_NO_BOUND &&
            (ends[e] < ILONET_YEAR_MIN || ends[e] > ILONET_YEAR_MAX)) {
            return ilonet_error_set(err, ILONET_EUSAGE, NULL, 0,
                                    "timeline %s year %d is not a four-digit year (%d to %d)",
                                    e == 0 ? "first" : "last", ends[e], ILONET_YEAR_MIN,
                                    ILONET_YEAR_MAX);
        }
    }
    return ILONET_OK;
}

enum { OUT_NODES, OUT_SUMMARY, OUT_COUNT };

ilonet_status_t ilonet_timeline_write(const ilonet_analyze_options_t *opts,
                                      const ilonet_timeline_options_t *t, const char *out_dir,
                                      ilonet_timeline_result_t *result, ilonet_error_t *err)
{
    static const char *const names[OUT_COUNT] = {"timeline.csv", "timeline_summary.csv"};
    ilonet_atomic_file_t out[OUT_COUNT];
    tracker_t tr;
    survey_t *s = NULL;
    char dir[4096];
    size_t without_ties = 0;

    memset(out, 0, sizeof out);
    memset(&tr, 0, sizeof tr);
    ilonet_error_clear(err);
    ilonet_status_t st = check_options(t, err);
    if (st != ILONET_OK) {
        return st;
    }
    if (out_dir == NULL) {
        out_dir = opts->out_dir;
    }
    if (out_dir != NULL) {
        snprintf(dir, sizeof dir, "%s", out_dir);
    } else {
        ilonet_default_out_dir(opts->edges_path, dir, sizeof dir);
    }
    for (int k = 0; k < OUT_COUNT; k++) {
        char path[4200];
        snprintf(path, sizeof path, "%s/%s", dir, names[k]);
        const char *inputs[3] = {opts->edges_path, opts->nodes_path, opts->aliases_path};
        for (int q = 0; q < 3; q++) {
            if (inputs[q] != NULL && ilonet_same_file(path, inputs[q])) {
                return ilonet_error_set(err, ILONET_EUSAGE, NULL, 0,
                                        "'%s' would overwrite the input file '%s'", path,
                                        inputs[q]);
            }
        }
    }

    ilonet_igraph_setup();
    s = malloc(sizeof *s);
    if (s == NULL) {
        return ilonet_error_nomem(err);
    }
    st = survey(opts, s, err);
    if (st != ILONET_OK) {
        goto cleanup;
    }
    int from = t->from != ILONET_NO_BOUND ? t->from : s->first;
    int to = t->to != ILONET_NO_BOUND ? t->to : s->last;
    if (from > to) {
        st = ilonet_error_set(err, ILONET_EUSAGE, NULL, 0,
                              "the timeline's first year %d is after its last year %d", from, to);
        goto cleanup;
    }
    if (s->undated > 0) {
        ilonet_logf(opts, ILONET_LOG_WARNING, "%zu undated edge row%s left out of the timeline",
                    s->undated, s->undated == 1 ? "" : "s");
    }
    st = ilonet_strtab_init(&tr.ids, 1024, err);
    if (st == ILONET_OK) {
        st = ilonet_make_dirs(dir, err);
    }
    for (int k = 0; k < OUT_COUNT && st == ILONET_OK; k++) {
        char path[4200];
        snprintf(path, sizeof path, "%s/%s", dir, names[k]);
        st = ilonet_atomic_open(&out[k], path, err);
    }
    if (st != ILONET_OK) {
        goto cleanup;
    }
    /* a projection is always undirected (see ilonet_analysis_run) */
    int directed = opts->graph.directed && s->onto == ILONET_PROJECT_NONE;
    fprintf(out[OUT_NODES].fp,
            "year,id,label,kind,degree%s,strength,betweenness,closeness,"
            "harmonic,eigenvector,pagerank,coreness,cluster\n",
            directed ? ",in_degree,out_degree" : "");
    fputs("year,window_from,window_to,edge_rows,nodes,edges,density,components,clusters,"
          "modularity\n",
          out[OUT_SUMMARY].fp);
    for (int y = from; y <= to && st == ILONET_OK; y++) {
        st = write_year(opts, t, s, y, &tr, out[OUT_NODES].fp, out[OUT_SUMMARY].fp, &without_ties,
                        err);
    }
    /* Close both before renaming either, so a full disk cannot leave a mixed old/new pair. */
    for (int k = 0; k < OUT_COUNT && st == ILONET_OK; k++) {
        st = ilonet_atomic_close(&out[k], err);
    }
    for (int k = 0; k < OUT_COUNT && st == ILONET_OK; k++) {
        st = ilonet_atomic_commit(&out[k], err);
    }
    if (st == ILONET_OK && result != NULL) {
        memset(result, 0, sizeof *result);
        result->from = from;
        result->to = to;
        result->years_without_ties = without_ties;
        result->dated_rows = s->dated;
        result->undated_rows = s->undated;
        result->rows_outside_years = s->outside;
        result->projected = s->onto != ILONET_PROJECT_NONE;
        result->onto_second = s->onto == ILONET_PROJECT_SECOND;
        snprintf(result->out_dir, sizeof result->out_dir, "%s", dir);
    }

cleanup:
    for (int k = 0; k < OUT_COUNT; k++) {
        ilonet_atomic_abort(&out[k]);
    }
    ilonet_strtab_destroy(&tr.ids);
    free(tr.last);
    free(s);
    return st;
}
