/* Networks over time: the analysis repeated for each year on the edge rows dated in that year's
 * window, written as one long table of node measures and one table of network figures. */
#ifndef ILONET_TIMELINE_H
#define ILONET_TIMELINE_H

#include <stddef.h>

#include "ilonet/error.h"
#include "ilonet/pipeline.h"

/* Which rows make the network of year y. */
typedef struct {
    unsigned window; /* K >= 1: the rows dated y-K+1 .. y (a sliding window); default 1 */
    int cumulative;  /* 1: every dated row up to y instead (window is then ignored) */
    int from, to;    /* the years reported, inclusive; ILONET_NO_BOUND (0) = the first / last
                      * year of a dated row kept by the load options */
} ilonet_timeline_options_t;

typedef struct {
    int from, to;               /* the years reported (one summary row each) */
    size_t years_without_ties;  /* of them, years whose window holds no tie (0 nodes) */
    size_t dated_rows;          /* edge rows dated within the load options' bounds */
    size_t undated_rows;        /* edge rows with no year: in no year's network */
    size_t rows_outside_years;  /* rows dated outside the load options' bounds */
    int projected, onto_second; /* the yearly networks are one-mode projections (onto the
                                 * second mode), as decided once for the whole network */
    char out_dir[4096];
} ilonet_timeline_result_t;

/* Sets the defaults: a window of 1 year, not cumulative, every year from the first to the last. */
void ilonet_timeline_options_default(ilonet_timeline_options_t *t);

/* For each year y from the first to the last reported year, analyses the network made of the
 * edge rows dated in y's window, exactly as ilonet_analysis_run does with opts (same graph,
 * path, cluster and two-mode options, seed and aliases; no stability runs), and writes into
 * out_dir (NULL = opts->out_dir, or else ilonet_default_out_dir of the edges file; created if
 * missing):
 *
 * timeline.csv, one row per node of each year's network, sorted by year, then id (byte order):
 *   year,id,label,kind,degree[,in_degree,out_degree],strength,betweenness,closeness,harmonic,
 *   eigenvector,pagerank,coreness,cluster
 * the same columns and number formatting as nodes.csv (in/out degree for directed networks).
 * A year's network is the nodes touched by the rows of its window (nodes-file nodes without such
 * a row are left out; the nodes file still gives labels and kinds), or its projection.
 *
 * cluster: clustering is run afresh each year, so its own numbers (largest cluster first, as in
 * nodes.csv) say nothing across years. Here they are carried over instead: each cluster takes
 * the number that most of its members had when last seen (in an earlier reported year), unless
 * a cluster with more such members takes it first (ties: the smaller number, then the larger
 * cluster); the other clusters get new numbers, one above the largest given so far, largest
 * cluster first. The first reported year with ties is numbered as nodes.csv. So a stable
 * cluster keeps its number, a cluster that splits leaves its number to its larger part, a
 * returning cluster gets its old number back, and a year's numbers need not be 1..k.
 *
 * timeline_summary.csv, one row per reported year, in order:
 *   year,window_from,window_to,edge_rows,nodes,edges,density,components,clusters,modularity
 * window_from/to: the years of the rows used (for a cumulative window, from the first year of a
 * dated row); edge_rows: rows in the window as read (before merging or projecting); edges:
 * ties after merging (or of the projection), as in summary.json; density and modularity as in
 * summary.json (empty when undefined); components: weakly connected, isolates included.
 * A year whose window holds no tie (no row, or self-loops only) is not an error: its row has
 * 0 nodes, 0 edges, empty density and modularity, 0 components and clusters (edge_rows still
 * counts its rows), and it has no row in timeline.csv.
 *
 * Which rows count: opts->load.year_from/year_to (if set) bound every window, and rows outside
 * them are in no window; undated rows are in no window (counted in result->undated_rows).
 * Two-mode data: with opts->project_onto AUTO, whether to project is decided once, on the whole
 * network within the load bounds (as ilonet_analyze decides it), and every year uses that
 * decision, so that no year switches between the two-mode network and its projection.
 *
 * Messages of the yearly analyses go to opts->log at ILONET_LOG_INFO (verbose), prefixed
 * "year Y: ", since the whole-network analysis already warns about the data; the undated rows
 * left out are one ILONET_LOG_WARNING.
 *
 * Errors: the edges file without a year column is ILONET_EDATA at its line 1; no dated row, a
 * window below 1, or a reported range outside ILONET_YEAR_MIN..ILONET_YEAR_MAX or reversed is
 * ILONET_EDATA / ILONET_EUSAGE; an output that would replace an input file is ILONET_EUSAGE; a
 * failure of one year's analysis returns its error, its message prefixed "year Y: ". Both files
 * replace earlier ones only when both were written; on failure nothing in out_dir changes.
 * result may be NULL; it is filled on success only.
 *
 * Cost: one load of the input files, plus, per reported year with ties, a fresh load (files read
 * again, rows outside the window skipped) and the analysis of the window's network, whose exact
 * betweenness, closeness and harmonic are O(V * E log V). With K = 1 the years together cost at
 * most about one whole-network analysis (the sum of V_y * E_y is at most V * E); cumulative
 * windows grow to the whole network, so they cost up to one whole analysis per year. Memory:
 * one year's analysis at a time plus O(distinct node ids) for the cluster numbers. */
ilonet_status_t ilonet_timeline_write(const ilonet_analyze_options_t *opts,
                                      const ilonet_timeline_options_t *t, const char *out_dir,
                                      ilonet_timeline_result_t *result, ilonet_error_t *err);

#endif
