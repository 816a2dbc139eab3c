/* Network diagrams through Graphviz (cgraph + gvc), in-process: the only module that includes
 * Graphviz. */
#ifndef ILONET_RENDER_H
#define ILONET_RENDER_H

#include <igraph.h>
#include <stdio.h>

#include "ilonet/centrality.h"
#include "ilonet/community.h"
#include "ilonet/error.h"
#include "ilonet/graph.h"
#include "ilonet/network.h"
#include "ilonet/select.h"

typedef enum { ILONET_COLOR_BY_CLUSTER = 0, ILONET_COLOR_BY_KIND = 1 } ilonet_color_by_t;

/* Log sink for Graphviz warnings and notes. */
typedef void (*ilonet_render_log_fn)(void *ctx, const char *message);

typedef struct {
    const char *format; /* svg, pdf, png, dot or json */
    const char *layout; /* neato fdp sfdp dot circo twopi, or fr kk drl mds (xy set) */
    double dpi;         /* png resolution */
    unsigned long seed;
    const char *size_by;         /* name of the size measure, for the legend */
    const igraph_vector_t *size; /* per node; NULL = all nodes the same size */
    ilonet_color_by_t color_by;
    const char *palette; /* okabe-ito, dark2 or set2 */
    long labels_top;     /* -1 = all labels, 0 = none, N = the N largest by size */
    int cluster_boxes;
    int edge_type_style; /* dash styles by tie type */
    const char *title;   /* NULL = none */
    const char *caption;
    int legend;
    size_t focus; /* node drawn emphasised, or ILONET_NONE */
    ilonet_render_log_fn log;
    void *log_ctx;
} ilonet_render_options_t;

typedef struct {
    const ilonet_network_t *net;
    const ilonet_graph_t *graph;
    const ilonet_centrality_t *cent;
    const ilonet_clusters_t *clusters;
    const ilonet_selection_t *sel;
    const igraph_matrix_t *xy; /* pinned positions in points, one row per network node, or
                                * NULL to let the Graphviz engine place nodes */
    /* Small multiples: with n_panels > 0 (and xy set) the selection (sel) is drawn once per
     * panel, in a grid, every node at the same place in each: the nodes and ties of panel p
     * (panel_node_keep[p], panel_tie_keep[p], within sel) as usual, the others of sel as faint
     * ghosts without ties, under the title panel_titles[p]. Sizes, colours and the legend
     * are those of the whole selection, so panels compare. */
    size_t n_panels;
    const unsigned char *const *panel_node_keep;
    const unsigned char *const *panel_tie_keep;
    const char *const *panel_titles;
} ilonet_render_input_t;

/* Names accepted by --layout, --format and --palette. */
int ilonet_render_engine_known(const char *layout);
int ilonet_render_format_known(const char *format);
int ilonet_render_palette_known(const char *palette);

/* Does the Graphviz engine draw cluster subgraphs as boxes? (dot and fdp do) */
int ilonet_render_engine_has_clusters(const char *layout);

/* Lays out and renders the selected part of the network to out. Deterministic for a given seed:
 * the PDF creation date is fixed. Cost: dominated by the layout engine. */
ilonet_status_t ilonet_render_figure(const ilonet_render_input_t *in,
                                     const ilonet_render_options_t *o, FILE *out,
                                     ilonet_error_t *err);

/* A reader's words for a measure name ("pagerank" -> "PageRank (importance through ties)"). */
const char *ilonet_render_measure_words(const char *name);

/* The text shown for node i: a short_label column when present, else the label wrapped on
 * about 18 characters a line (at most 3 lines, then an ellipsis). Writes into buf. */
void ilonet_render_display_label(const ilonet_network_t *net, size_t i, char *buf, size_t size);

#endif
