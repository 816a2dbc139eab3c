/* Writers for the analysis tables (nodes.csv, clusters.csv) and summary (summary.json). */
#ifndef ILONET_REPORT_H
#define ILONET_REPORT_H

#include <stdio.h>

#include "ilonet/aliases.h"
#include "ilonet/centrality.h"
#include "ilonet/community.h"
#include "ilonet/error.h"
#include "ilonet/graph.h"
#include "ilonet/network.h"
#include "ilonet/structure.h"
#include "ilonet/twomode.h"

/* What the two-mode check found and whether the analysis ran on a projection. */
typedef struct {
    const char *kinds;          /* the second mode's kinds, as given or defaulted */
    ilonet_twomode_info_t info; /* of the network as loaded */
    int projected;              /* the analysis ran on the one-mode projection */
    int onto_second;            /* ... onto the second mode (projects), else the first */
    ilonet_projection_weight_t weight;
    ilonet_projection_stats_t stats;
    /* the file as loaded, before projecting (edge_rows etc. in summary.json describe it) */
    size_t loaded_rows, loaded_ties, loaded_duplicates, loaded_self_loops;
} ilonet_report_twomode_t;

/* Everything a report describes; the writers only read it. */
typedef struct {
    const ilonet_network_t *net;
    const ilonet_graph_t *graph;
    const ilonet_centrality_t *cent;
    const ilonet_clusters_t *clusters;
    const char *edges_path;
    const char *nodes_path;    /* NULL when no nodes file */
    const char *weight_column; /* NULL when the file has none */
    ilonet_path_mode_t mode;
    unsigned long seed;
    const char *version;
    /* Optional parts: NULL leaves their columns and keys out. */
    const ilonet_node_structure_t *structure; /* clustering, constraint, hub, authority */
    const ilonet_network_structure_t *network_structure;
    const igraph_vector_t *node_stability;    /* per node, with cluster_stability */
    const igraph_vector_t *cluster_stability; /* per cluster c at index c-1 */
    unsigned stability_runs;
    const ilonet_report_twomode_t *two_mode;
    double resolution;               /* Leiden's, recorded when used */
    int paths_sampled_automatically; /* the path measures were sampled by the size rule */
    const ilonet_aliases_t *aliases; /* NULL = no aliases file ("aliases": null) */
    const char *aliases_path;
} ilonet_report_input_t;

/* Node indexes sorted by PageRank, highest first, ties by id: the row order of nodes.csv and
 * of cluster member lists. *order is malloc'ed; the caller frees it. O(V log V). */
ilonet_status_t ilonet_report_node_order(const ilonet_report_input_t *in, size_t **order,
                                         ilonet_error_t *err);

/* nodes.csv: id,label,kind,degree[,in_degree,out_degree],strength,betweenness,closeness,
 * harmonic,eigenvector,pagerank,coreness,cluster[,clustering,constraint][,hub,authority]
 * [,cluster_stability], then the nodes file's other columns. */
ilonet_status_t ilonet_report_write_nodes_csv(FILE *fp, const ilonet_report_input_t *in,
                                              const size_t *order, ilonet_error_t *err);

/* clusters.csv: cluster,size,internal_weight,central_member[,stability],members (members by
 * PageRank, separated by "; "). */
ilonet_status_t ilonet_report_write_clusters_csv(FILE *fp, const ilonet_report_input_t *in,
                                                 const size_t *order, ilonet_error_t *err);

/* summary.json: network size and structure, settings, counts of merged/dropped/added items
 * (and "aliases": file, entries, rows_rewritten, by_alias sorted by alias with the aliases used,
 * unused) and the top 5 nodes by each measure. */
ilonet_status_t ilonet_report_write_summary_json(FILE *fp, const ilonet_report_input_t *in,
                                                 const size_t *order, ilonet_error_t *err);

/* One node's row of nodes.csv up to its cluster, without a line end:
 * id,label,kind,degree[,in_degree,out_degree],strength,betweenness,closeness,harmonic,
 * eigenvector,pagerank,coreness,cluster (in/out degree when directed). Shared by nodes.csv and
 * the timeline so that their numbers are written alike. O(1). */
void ilonet_report_write_node_measures(FILE *fp, const ilonet_network_t *net,
                                       const ilonet_centrality_t *c,
                                       const igraph_vector_int_t *membership, int directed,
                                       size_t i);

/* central.csv: the top nodes of order (nodes.csv's order: PageRank, highest first) with the
 * columns a report table needs: rank,id,label,kind,pagerank,betweenness,degree,strength,cluster.
 * O(top). */
ilonet_status_t ilonet_report_write_central_csv(FILE *fp, const ilonet_report_input_t *in,
                                                const size_t *order, size_t top,
                                                ilonet_error_t *err);

/* x rounded to 40 significant bits: the sort key of the "by value, then id" orders (nodes.csv
 * rows, cluster members, summary.json's top lists, ilonet ego's ranks and ties), so that values
 * equal up to floating-point noise, which can differ between machines and compilers, sort as
 * equal and fall back to the id order. NaN, infinities and zeros are returned unchanged. O(1). */
double ilonet_report_sort_round(double x);

/* Writes ",v" with 12 significant digits (no "-0"), or "," alone when v is NaN or infinite:
 * undefined values are empty fields, never "nan". */
void ilonet_report_csv_real(FILE *fp, double v);

/* Writes s as one CSV field (quoted when it holds a comma, quote, newline or edge spaces). */
void ilonet_report_csv_field(FILE *fp, const char *s);

#endif
