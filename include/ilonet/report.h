/* Writers for the analysis tables (nodes.csv, clusters.csv) and summary (summary.json). */
#ifndef ILONET_REPORT_H
#define ILONET_REPORT_H

#include <stdio.h>

#include "ilonet/centrality.h"
#include "ilonet/community.h"
#include "ilonet/error.h"
#include "ilonet/graph.h"
#include "ilonet/network.h"

/* Everything a report describes; the writers only read it. */
typedef struct {
    const ilonet_network_t *net;
    const ilonet_graph_t *graph;
    const ilonet_centrality_t *cent;
    const ilonet_clusters_t *clusters;
    const char *edges_path;
    const char *nodes_path;      /* NULL when no nodes file */
    const char *weight_column;   /* NULL when the file has none */
    ilonet_path_mode_t mode;
    unsigned long seed;
    const char *version;
} ilonet_report_input_t;

/* Node indexes sorted by PageRank, highest first, ties by id: the row order of nodes.csv and
 * of cluster member lists. *order is malloc'ed; the caller frees it. O(V log V). */
ilonet_status_t ilonet_report_node_order(const ilonet_report_input_t *in, size_t **order,
                                         ilonet_error_t *err);

/* nodes.csv: id,label,kind,degree[,in_degree,out_degree],strength,betweenness,closeness,
 * harmonic,eigenvector,pagerank,coreness,cluster, then the nodes file's other columns. */
ilonet_status_t ilonet_report_write_nodes_csv(FILE *fp, const ilonet_report_input_t *in,
                                              const size_t *order, ilonet_error_t *err);

/* clusters.csv: cluster,size,internal_weight,central_member,members (members by PageRank,
 * separated by "; "). */
ilonet_status_t ilonet_report_write_clusters_csv(FILE *fp, const ilonet_report_input_t *in,
                                                 const size_t *order, ilonet_error_t *err);

/* summary.json: network size and structure, settings, counts of merged/dropped/added items and
 * the top 5 nodes by each measure. */
ilonet_status_t ilonet_report_write_summary_json(FILE *fp, const ilonet_report_input_t *in,
                                                 const size_t *order, ilonet_error_t *err);

/* Writes s as one CSV field (quoted when it holds a comma, quote, newline or edge spaces). */
void ilonet_report_csv_field(FILE *fp, const char *s);

#endif
