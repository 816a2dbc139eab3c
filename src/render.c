/* Draws the network with Graphviz in-process: cgraph builds the attributed graph, gvc lays it out
 * and renders it. Every Graphviz call that takes a char * goes through set()/node_named(). */
#define _POSIX_C_SOURCE 200809L
#include "ilonet/render.h"

#include <gvc.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ilonet/pdf_normalize.h"
#include "ilonet/text.h"

#define DIAM_MAX 0.9  /* inches: the largest node */
#define DIAM_MIN 0.16 /* inches: the smallest node still visible and clickable in SVG */
#define DIAM_FLAT 0.3 /* inches: every node when there is no size measure */
#define LABEL_LINE 18 /* characters per label line */
#define OTHER_COLOR "#BBBBBB"
#define MAX_LEGEND_CLASSES 8

static const char *const okabe_ito[] = {"#E69F00", "#56B4E9", "#009E73", "#F0E442",
                                        "#0072B2", "#D55E00", "#CC79A7"};
static const char *const dark2[] = {"#1B9E77", "#D95F02", "#7570B3", "#E7298A",
                                    "#66A61E", "#E6AB02", "#A6761D", "#666666"};
static const char *const set2[] = {"#66C2A5", "#FC8D62", "#8DA0CB", "#E78AC3",
                                   "#A6D854", "#FFD92F", "#E5C494", "#B3B3B3"};

static const char *const engines[] = {"neato", "fdp", "sfdp", "dot", "circo",
                                      "twopi", "fr",  "kk",   "drl", "mds"};

int ilonet_render_engine_known(const char *layout)
{
    for (size_t i = 0; i < sizeof engines / sizeof *engines; i++) {
        if (strcmp(layout, engines[i]) == 0) {
            return 1;
        }
    }
    return 0;
}

int ilonet_render_format_known(const char *format)
{
    return strcmp(format, "svg") == 0 || strcmp(format, "pdf") == 0 || strcmp(format, "png") == 0 ||
           strcmp(format, "dot") == 0 || strcmp(format, "json") == 0;
}

int ilonet_render_palette_known(const char *palette)
{
    return strcmp(palette, "okabe-ito") == 0 || strcmp(palette, "dark2") == 0 ||
           strcmp(palette, "set2") == 0;
}

int ilonet_render_engine_has_clusters(const char *layout)
{
    return strcmp(layout, "dot") == 0 || strcmp(layout, "fdp") == 0;
}

static void palette_of(const char *name, const char *const **colors, size_t *n)
{
    if (name != NULL && strcmp(name, "dark2") == 0) {
        *colors = dark2, *n = sizeof dark2 / sizeof *dark2;
    } else if (name != NULL && strcmp(name, "set2") == 0) {
        *colors = set2, *n = sizeof set2 / sizeof *set2;
    } else {
        *colors = okabe_ito, *n = sizeof okabe_ito / sizeof *okabe_ito;
    }
}

/* The single place where ilonet's const strings meet Graphviz's char * API. */
static void set(void *obj, const char *name, const char *value)
{
    agsafeset(obj, (char *)name, (char *)value, (char *)"");
}

static void setf(void *obj, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void setf(void *obj, const char *name, const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    set(obj, name, buf);
}

static Agnode_t *node_named(Agraph_t *g, const char *name)
{
    return agnode(g, (char *)name, 1);
}

/* Graphviz reports errors through a global hook; keep the last one for ilonet_error_t. */
static char gv_last_error[512];
static ilonet_render_log_fn gv_log;
static void *gv_log_ctx;

static int on_graphviz_message(char *msg)
{
    size_t n = strlen(msg);
    while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' ')) {
        n--;
    }
    snprintf(gv_last_error, sizeof gv_last_error, "%.*s", (int)n, msg);
    if (gv_log != NULL) {
        gv_log(gv_log_ctx, gv_last_error);
    }
    return 0;
}

/* Graphviz label escapes: backslash starts an escape, so double it. */
static void escape_label(const char *s, char *out, size_t size)
{
    size_t k = 0;
    for (; *s && k + 2 < size; s++) {
        if (*s == '\\') {
            out[k++] = '\\';
        }
        out[k++] = *s;
    }
    out[k] = '\0';
}

/* Appends s to buf with HTML-like label escaping. */
static void html_append(char *buf, size_t size, const char *s)
{
    size_t k = strlen(buf);
    for (; *s && k + 7 < size; s++) {
        const char *rep = NULL;
        switch (*s) {
        case '&':
            rep = "&amp;";
            break;
        case '<':
            rep = "&lt;";
            break;
        case '>':
            rep = "&gt;";
            break;
        case '"':
            rep = "&quot;";
            break;
        default:
            break;
        }
        if (rep != NULL) {
            size_t r = strlen(rep);
            memcpy(buf + k, rep, r);
            k += r;
        } else {
            buf[k++] = *s;
        }
    }
    buf[k] = '\0';
}

static void appendf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void appendf(char *buf, size_t size, const char *fmt, ...)
{
    size_t k = strlen(buf);
    if (k + 1 >= size) {
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf + k, size - k, fmt, ap);
    va_end(ap);
}

void ilonet_render_display_label(const ilonet_network_t *net, size_t i, char *buf, size_t size)
{
    const char *label = ilonet_network_node_label(net, i);
    for (size_t c = 0; c < net->n_node_cols; c++) {
        if (strcmp(net->node_cols[c], "short_label") == 0) {
            const char *s = ilonet_network_node_attr(net, i, c);
            if (s != NULL && s[0] != '\0') {
                label = s;
            }
        }
    }
    /* Greedy word wrap; lines are joined with '\n' and wrapping stops after three lines. */
    size_t k = 0, line_chars = 0, lines = 1;
    const char *p = label;
    buf[0] = '\0';
    while (*p && k + 8 < size) {
        const char *w = p;
        while (*p && *p != ' ') {
            p++;
        }
        size_t wbytes = (size_t)(p - w);
        /* characters, not bytes, so accented names wrap where they look like they should */
        size_t wchars = ilonet_text_width(w, wbytes);
        if (line_chars > 0 && line_chars + 1 + wchars > LABEL_LINE) {
            if (lines == 3) {
                memcpy(buf + k, "\xE2\x80\xA6", 3); /* ellipsis */
                k += 3;
                break;
            }
            buf[k++] = '\n';
            lines++;
            line_chars = 0;
        } else if (line_chars > 0) {
            buf[k++] = ' ';
            line_chars++;
        }
        if (k + wbytes + 8 >= size) {
            break;
        }
        memcpy(buf + k, w, wbytes);
        k += wbytes;
        line_chars += wchars;
        while (*p == ' ') {
            p++;
        }
    }
    buf[k] = '\0';
}

/* Escapes a display label for a Graphviz label string: newlines become centred line breaks. */
static void graphviz_label(const char *display, char *out, size_t size)
{
    char tmp[512];
    escape_label(display, tmp, sizeof tmp);
    size_t k = 0;
    for (const char *s = tmp; *s && k + 3 < size; s++) {
        if (*s == '\n') {
            out[k++] = '\\';
            out[k++] = 'n';
        } else {
            out[k++] = *s;
        }
    }
    out[k] = '\0';
}

typedef enum { SHAPE_ORG, SHAPE_PROJECT, SHAPE_AGREEMENT, SHAPE_FORUM, SHAPE_COUNT } node_shape_t;

static node_shape_t shape_of_kind(const char *kind)
{
    if (strcmp(kind, "project") == 0 || strcmp(kind, "programme") == 0 ||
        strcmp(kind, "joint_project") == 0) {
        return SHAPE_PROJECT;
    }
    if (strcmp(kind, "agreement") == 0 || strcmp(kind, "mou") == 0) {
        return SHAPE_AGREEMENT;
    }
    if (strcmp(kind, "forum") == 0 || strcmp(kind, "event") == 0) {
        return SHAPE_FORUM;
    }
    return SHAPE_ORG;
}

static const char *const shape_names[SHAPE_COUNT] = {"circle", "box", "diamond", "hexagon"};
static const char *const shape_glyphs[SHAPE_COUNT] = {"\xE2\x97\x8F", "\xE2\x96\xA0",
                                                      "\xE2\x97\x86", "\xE2\xAC\xA2"};
static const char *const shape_words[SHAPE_COUNT] = {"organisation", "project", "agreement",
                                                     "forum or event"};

/* Colour classes: clusters by number, or kinds by frequency in the figure then name. */
typedef struct {
    size_t n_classes;
    const char **kind_names; /* COLOR_BY_KIND: class -> kind */
    size_t *kind_counts;
} classes_t;

/* qsort has no context argument: the kind table being sorted. */
static const size_t *sort_counts;
static const char *const *sort_names;

static int by_count_then_name(const void *a, const void *b)
{
    size_t i = *(const size_t *)a, j = *(const size_t *)b;
    if (sort_counts[i] != sort_counts[j]) {
        return sort_counts[i] > sort_counts[j] ? -1 : 1;
    }
    return strcmp(sort_names[i], sort_names[j]);
}

/* Colour classes for --color-by kind: the kinds in the figure, most frequent first. */
static ilonet_status_t build_kind_classes(const ilonet_render_input_t *in, classes_t *cls,
                                          ilonet_error_t *err)
{
    const ilonet_network_t *net = in->net;
    size_t n = ilonet_network_node_count(net);
    const char **names = calloc(n + 1, sizeof *names);
    size_t *counts = calloc(n + 1, sizeof *counts);
    size_t *idx = calloc(n + 1, sizeof *idx);
    if (names == NULL || counts == NULL || idx == NULL) {
        free(names);
        free(counts);
        free(idx);
        return ilonet_error_nomem(err);
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (!in->sel->node_keep[i]) {
            continue;
        }
        const char *kind = ilonet_network_node_kind(net, i);
        size_t c = 0;
        while (c < k && strcmp(names[c], kind) != 0) {
            c++;
        }
        if (c == k) {
            names[k++] = kind;
        }
        counts[c]++;
    }
    for (size_t c = 0; c < k; c++) {
        idx[c] = c;
    }
    sort_counts = counts;
    sort_names = names;
    qsort(idx, k, sizeof *idx, by_count_then_name);
    cls->kind_names = calloc(k + 1, sizeof *cls->kind_names);
    cls->kind_counts = calloc(k + 1, sizeof *cls->kind_counts);
    if (cls->kind_names == NULL || cls->kind_counts == NULL) {
        free(names);
        free(counts);
        free(idx);
        return ilonet_error_nomem(err);
    }
    for (size_t c = 0; c < k; c++) {
        cls->kind_names[c] = names[idx[c]];
        cls->kind_counts[c] = counts[idx[c]];
    }
    cls->n_classes = k;
    free(names);
    free(counts);
    free(idx);
    return ILONET_OK;
}

static size_t class_of(const ilonet_render_input_t *in, const ilonet_render_options_t *o,
                       const classes_t *cls, size_t i)
{
    if (o->color_by == ILONET_COLOR_BY_CLUSTER) {
        return (size_t)VECTOR(in->clusters->membership)[i] - 1;
    }
    const char *kind = ilonet_network_node_kind(in->net, i);
    for (size_t c = 0; c < cls->n_classes; c++) {
        if (strcmp(cls->kind_names[c], kind) == 0) {
            return c;
        }
    }
    return cls->n_classes;
}

static const char *class_color(const ilonet_render_options_t *o, size_t c)
{
    const char *const *colors;
    size_t n;
    palette_of(o->palette, &colors, &n);
    return c < n ? colors[c] : OTHER_COLOR;
}

static double node_value(const ilonet_render_options_t *o, size_t i)
{
    if (o->size == NULL) {
        return NAN;
    }
    double v = VECTOR(*o->size)[i];
    return isfinite(v) ? v : 0.0;
}

/* The node of highest size value in cluster c among the kept nodes (its legend name). */
static size_t cluster_leader(const ilonet_render_input_t *in, size_t c)
{
    size_t best = ILONET_NONE;
    const igraph_vector_t *pr = &in->cent->pagerank;
    size_t n = ilonet_network_node_count(in->net);
    for (size_t i = 0; i < n; i++) {
        if ((size_t)VECTOR(in->clusters->membership)[i] != c + 1) {
            continue;
        }
        if (best == ILONET_NONE || VECTOR(*pr)[i] > VECTOR(*pr)[best]) {
            best = i;
        }
    }
    return best;
}

/* What a size measure means, in a reader's words. */
const char *ilonet_render_measure_words(const char *name)
{
    static const char *const words[][2] = {
        {"pagerank", "PageRank (importance through ties)"},
        {"betweenness", "betweenness (brokerage between others)"},
        {"degree", "number of partners"},
        {"strength", "total tie weight"},
        {"eigenvector", "eigenvector centrality (ties to well-tied partners)"},
        {"closeness", "closeness (short paths to all others)"},
        {"harmonic", "harmonic centrality (short paths to all others)"},
        {"coreness", "k-core (depth in the dense core)"},
    };
    for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
        if (strcmp(name, words[i][0]) == 0) {
            return words[i][1];
        }
    }
    return name;
}

/* The legend, title and caption as one HTML-like graph label under the drawing. */
static void build_legend(const ilonet_render_input_t *in, const ilonet_render_options_t *o,
                         const classes_t *cls, const int *shapes_used, char *buf, size_t size)
{
    buf[0] = '\0';
    if (o->title == NULL && o->caption == NULL && !o->legend) {
        return;
    }
    appendf(buf, size,
            "<<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"1\" "
            "CELLPADDING=\"2\">");
    if (o->title != NULL) {
        appendf(buf, size, "<TR><TD ALIGN=\"LEFT\"><FONT POINT-SIZE=\"18\"><B>");
        html_append(buf, size, o->title);
        appendf(buf, size, "</B></FONT></TD></TR>");
    }
    if (o->legend) {
        int by_cluster = o->color_by == ILONET_COLOR_BY_CLUSTER;
        size_t shown = 0;
        size_t n_classes = by_cluster ? in->clusters->n_clusters : cls->n_classes;
        const char *const *colors;
        size_t n_colors;
        palette_of(o->palette, &colors, &n_colors);
        appendf(buf, size, "<TR><TD ALIGN=\"LEFT\"><FONT POINT-SIZE=\"11\">%s",
                by_cluster ? "Colour: collaboration cluster (its most central member): "
                           : "Colour: kind of body: ");
        appendf(buf, size, "</FONT></TD></TR><TR><TD ALIGN=\"LEFT\"><FONT POINT-SIZE=\"11\">");
        for (size_t c = 0; c < n_classes && c < n_colors; c++) {
            char name[160];
            if (by_cluster) {
                size_t leader = cluster_leader(in, c);
                ilonet_render_display_label(in->net, leader, name, sizeof name);
                for (char *p = name; *p; p++) {
                    *p = *p == '\n' ? ' ' : *p; /* the legend has room for the whole name */
                }
            } else {
                snprintf(name, sizeof name, "%s",
                         cls->kind_names[c][0] ? cls->kind_names[c] : "unknown");
            }
            if (shown > 0 && shown % 4 == 0) {
                appendf(buf, size,
                        "</FONT></TD></TR><TR><TD ALIGN=\"LEFT\">"
                        "<FONT POINT-SIZE=\"11\">");
            }
            appendf(buf, size, "<FONT COLOR=\"%s\">\xE2\x97\x8F</FONT>\xC2\xA0", colors[c]);
            if (by_cluster) {
                appendf(buf, size, "%zu ", c + 1);
            }
            html_append(buf, size, name);
            appendf(buf, size, "    ");
            shown++;
        }
        if (n_classes > n_colors && by_cluster) {
            appendf(buf, size, "<FONT COLOR=\"%s\">\xE2\x97\x8F</FONT>\xC2\xA0%zu smaller clusters",
                    OTHER_COLOR, n_classes - n_colors);
        } else if (n_classes > n_colors) {
            /* name the grey kinds: a reader must not have to guess what "other" holds */
            appendf(buf, size, "<FONT COLOR=\"%s\">\xE2\x97\x8F</FONT>\xC2\xA0", OTHER_COLOR);
            for (size_t c = n_colors; c < n_classes; c++) {
                html_append(buf, size, cls->kind_names[c][0] ? cls->kind_names[c] : "unknown");
                appendf(buf, size, c + 1 < n_classes ? ", " : "");
            }
        }
        appendf(buf, size, "</FONT></TD></TR><TR><TD ALIGN=\"LEFT\"><FONT POINT-SIZE=\"11\">");
        if (o->size != NULL) {
            appendf(buf, size, "Node area: ");
            html_append(buf, size, ilonet_render_measure_words(o->size_by));
            appendf(buf, size, ".   ");
        }
        appendf(buf, size, "Shape:");
        for (int s = 0; s < SHAPE_COUNT; s++) {
            if (shapes_used[s]) {
                appendf(buf, size, " %s %s", shape_glyphs[s], shape_words[s]);
            }
        }
        appendf(buf, size, ".   Line width: tie weight.");
        if (o->focus != ILONET_NONE && in->sel->node_keep[o->focus]) {
            appendf(buf, size, "   Thick outline: ");
            html_append(buf, size, ilonet_network_node_id(in->net, o->focus));
            appendf(buf, size, ".");
        }
        appendf(buf, size, "</FONT></TD></TR>");
    }
    if (o->caption != NULL) {
        appendf(buf, size, "<TR><TD ALIGN=\"LEFT\"><FONT POINT-SIZE=\"10\" COLOR=\"#444444\"><I>");
        html_append(buf, size, o->caption);
        appendf(buf, size, "</I></FONT></TD></TR>");
    }
    appendf(buf, size, "</TABLE>>");
}

static ilonet_status_t write_positions_json(Agraph_t *g, const ilonet_render_input_t *in,
                                            const ilonet_render_options_t *o, Agnode_t **gvnode,
                                            FILE *out, ilonet_error_t *err)
{
    json_t *root = json_object();
    json_t *nodes = json_array();
    json_t *edges = json_array();
    boxf bb = GD_bb(g);
    size_t n = ilonet_network_node_count(in->net);
    json_object_set_new(root, "layout", json_string(o->layout));
    json_object_set_new(root, "seed", json_integer((json_int_t)o->seed));
    json_object_set_new(root, "units", json_string("points (1/72 inch), y up"));
    json_object_set_new(root, "bbox", json_pack("[f,f,f,f]", bb.LL.x, bb.LL.y, bb.UR.x, bb.UR.y));
    for (size_t i = 0; i < n; i++) {
        if (gvnode[i] == NULL) {
            continue;
        }
        json_t *nd = json_object();
        json_object_set_new(nd, "id", json_string(ilonet_network_node_id(in->net, i)));
        json_object_set_new(nd, "label", json_string(ilonet_network_node_label(in->net, i)));
        json_object_set_new(nd, "kind", json_string(ilonet_network_node_kind(in->net, i)));
        json_object_set_new(nd, "cluster",
                            json_integer((json_int_t)VECTOR(in->clusters->membership)[i]));
        json_object_set_new(nd, "x", json_real(round(ND_coord(gvnode[i]).x * 100) / 100));
        json_object_set_new(nd, "y", json_real(round(ND_coord(gvnode[i]).y * 100) / 100));
        json_object_set_new(nd, "width", json_real(round(ND_width(gvnode[i]) * 72 * 100) / 100));
        json_object_set_new(nd, "height", json_real(round(ND_height(gvnode[i]) * 72 * 100) / 100));
        json_array_append_new(nodes, nd);
    }
    size_t m = ilonet_graph_tie_count(in->graph);
    for (size_t t = 0; t < m; t++) {
        if (!in->sel->tie_keep[t]) {
            continue;
        }
        json_t *e = json_object();
        json_object_set_new(
            e, "source",
            json_string(ilonet_network_node_id(in->net, (size_t)IGRAPH_FROM(&in->graph->g, t))));
        json_object_set_new(
            e, "target",
            json_string(ilonet_network_node_id(in->net, (size_t)IGRAPH_TO(&in->graph->g, t))));
        json_object_set_new(e, "weight", json_real(VECTOR(in->graph->weight)[t]));
        json_array_append_new(edges, e);
    }
    json_object_set_new(root, "nodes", nodes);
    json_object_set_new(root, "edges", edges);
    int rc = json_dumpf(root, out, JSON_INDENT(1) | JSON_REAL_PRECISION(10));
    json_decref(root);
    fputc('\n', out);
    if (rc != 0 || ferror(out)) {
        return ilonet_error_set(err, ILONET_EIO, NULL, 0, "write error");
    }
    return ILONET_OK;
}

/* Most frequent tie types (first row's type per tie) get dash styles; the rest stay solid. */
#define STYLED_TYPES 3
static const char *const type_styles[STYLED_TYPES] = {"solid", "dashed", "dotted"};

static void tie_types(const ilonet_render_input_t *in, size_t *tie_type, size_t *styled,
                      size_t *n_styled)
{
    const ilonet_network_t *net = in->net;
    size_t m = ilonet_graph_tie_count(in->graph);
    for (size_t t = 0; t < m; t++) {
        tie_type[t] = ILONET_NONE;
    }
    for (size_t r = 0; r < net->n_rows; r++) {
        size_t t = in->graph->row_tie[r];
        if (t != ILONET_NONE && tie_type[t] == ILONET_NONE) {
            tie_type[t] = net->row_type[r];
        }
    }
    /* count kept ties per type value; values are few, so a linear table is enough */
    size_t vals[64], counts[64], k = 0;
    for (size_t t = 0; t < m; t++) {
        if (!in->sel->tie_keep[t] || tie_type[t] == ILONET_NONE) {
            continue;
        }
        size_t c = 0;
        while (c < k && vals[c] != tie_type[t]) {
            c++;
        }
        if (c == k) {
            if (k == 64) {
                continue;
            }
            vals[k] = tie_type[t];
            counts[k++] = 0;
        }
        counts[c]++;
    }
    *n_styled = 0;
    for (size_t s = 0; s < STYLED_TYPES && s < k; s++) {
        size_t best = k;
        for (size_t c = 0; c < k; c++) {
            int taken = 0;
            for (size_t q = 0; q < *n_styled; q++) {
                taken |= styled[q] == vals[c];
            }
            if (taken) {
                continue;
            }
            if (best == k || counts[c] > counts[best] ||
                (counts[c] == counts[best] &&
                 strcmp(ilonet_strtab_get(&net->values, vals[c]),
                        ilonet_strtab_get(&net->values, vals[best])) < 0)) {
                best = c;
            }
        }
        if (best < k) {
            styled[(*n_styled)++] = vals[best];
        }
    }
}

/* Layouts whose positions need snapping before routing: every engine but dot (exact ranks) and
 * cluster drawings (neato -n2 would drop the cluster boxes). */
static int snaps_positions(const char *engine, const ilonet_render_options_t *o)
{
    if (strcmp(engine, "dot") == 0) {
        return 0;
    }
    return !(o->cluster_boxes && ilonet_render_engine_has_clusters(engine));
}

/* Where the panels of small multiples go: a grid of about square shape, each panel the size of
 * the pinned layout's bounding box plus a margin. One panel (at 0,0) without small multiples. */
typedef struct {
    size_t n, cols;
    double step_x, step_y;
    double min_x, max_y, title_gap;
} panel_grid_t;

static void panel_grid(const ilonet_render_input_t *in, panel_grid_t *grid)
{
    memset(grid, 0, sizeof *grid);
    grid->n = in->n_panels > 0 ? in->n_panels : 1;
    grid->cols = 1;
    if (in->n_panels == 0 || in->xy == NULL) {
        return;
    }
    while (grid->cols * grid->cols < grid->n) {
        grid->cols++;
    }
    double min_x = INFINITY, max_x = -INFINITY, min_y = INFINITY, max_y = -INFINITY;
    for (size_t i = 0; i < ilonet_network_node_count(in->net); i++) {
        if (!in->sel->node_keep[i]) {
            continue;
        }
        double x = MATRIX(*in->xy, i, 0), y = MATRIX(*in->xy, i, 1);
        min_x = x < min_x ? x : min_x;
        max_x = x > max_x ? x : max_x;
        min_y = y < min_y ? y : min_y;
        max_y = y > max_y ? y : max_y;
    }
    double w = isfinite(max_x - min_x) ? max_x - min_x : 0;
    double h = isfinite(max_y - min_y) ? max_y - min_y : 0;
    /* room for node sizes and labels around each panel: 100 pt or a third of the panel */
    double margin_x = w / 3 > 100 ? w / 3 : 100, margin_y = h / 3 > 100 ? h / 3 : 100;
    grid->step_x = w + margin_x;
    grid->step_y = h + margin_y;
    grid->min_x = isfinite(min_x) ? min_x : 0;
    grid->max_y = isfinite(max_y) ? max_y : 0;
    grid->title_gap = margin_y / 3;
}

ilonet_status_t ilonet_render_figure(const ilonet_render_input_t *in,
                                     const ilonet_render_options_t *o, FILE *out,
                                     ilonet_error_t *err)
{
    ilonet_status_t st = ILONET_OK;
    const ilonet_network_t *net = in->net;
    size_t n = ilonet_network_node_count(net);
    size_t m = ilonet_graph_tie_count(in->graph);
    GVC_t *gvc = NULL;
    Agraph_t *g = NULL;
    int laid_out = 0;
    Agnode_t **gvnode = calloc(n ? n : 1, sizeof *gvnode);
    size_t *tie_type = malloc((m ? m : 1) * sizeof *tie_type);
    char *legend = malloc(16384);
    classes_t cls = {0};
    int shapes_used[SHAPE_COUNT] = {0};
    const int pinned = in->xy != NULL;
    const char *engine = pinned ? "nop" : o->layout;

    gv_last_error[0] = '\0';
    gv_log = o->log;
    gv_log_ctx = o->log_ctx;
    if (gvnode == NULL || tie_type == NULL || legend == NULL) {
        st = ilonet_error_nomem(err);
        goto cleanup;
    }
    if (o->color_by == ILONET_COLOR_BY_KIND) {
        st = build_kind_classes(in, &cls, err);
        if (st != ILONET_OK) {
            goto cleanup;
        }
    }
    agseterrf(on_graphviz_message);
    gvc = gvContext();
    if (gvc == NULL) {
        st = ilonet_error_set(err, ILONET_EINTERNAL, NULL, 0, "Graphviz: cannot start");
        goto cleanup;
    }
    g = agopen((char *)"network", in->graph->directed ? Agdirected : Agundirected, NULL);
    if (g == NULL) {
        st = ilonet_error_nomem(err);
        goto cleanup;
    }
    set(g, "fontname", "DejaVu Sans");
    set(g, "outputorder", "edgesfirst");
    set(g, "overlap", "prism");
    set(g, "sep", "+22");
    if (pinned) {
        /* prism rescales pinned igraph layouts to its own spacing (-4 label sizes), which packs
         * the periphery of hub-and-spoke networks until labels collide; spread them wider */
        set(g, "overlap_scaling", "-6");
    }
    if (in->n_panels > 0) {
        /* small multiples keep the layout's own spacing: prism would spread each panel; and
         * straight lines, since curved ones need room between the nodes */
        set(g, "overlap", "true");
        set(g, "splines", "line");
    }
    set(g, "splines", n <= 300 ? "true" : "line");
    set(g, "pad", "0.25");
    set(g, "forcelabels", "true");
    set(g, "bgcolor", "white");
    /* dot packs components through a path that frees cluster subgraphs still in use in
     * Graphviz 2.42 (a use-after-free under --cluster-boxes); it lays out components well
     * without it */
    if (strcmp(engine, "dot") != 0) {
        set(g, "pack", "10");
    }
    setf(g, "start", "%lu", o->seed);
    /* dpi only scales bitmaps; vector formats stay in points */
    setf(g, "dpi", "%g", strcmp(o->format, "png") == 0 ? o->dpi : 72.0);
    if (strcmp(engine, "dot") == 0) {
        set(g, "rankdir", "LR");
        set(g, "nodesep", "0.3");
    }
    agattr(g, AGNODE, (char *)"fontname", (char *)"DejaVu Sans");
    agattr(g, AGNODE, (char *)"fontsize", (char *)"10");
    agattr(g, AGNODE, (char *)"style", (char *)"filled");
    agattr(g, AGNODE, (char *)"fixedsize", (char *)"true");
    agattr(g, AGNODE, (char *)"label", (char *)"");
    agattr(g, AGNODE, (char *)"xlabel", (char *)"");
    agattr(g, AGNODE, (char *)"color", (char *)"#333333");
    agattr(g, AGNODE, (char *)"penwidth", (char *)"0.8");
    agattr(g, AGEDGE, (char *)"color", (char *)"#6E6E6E99");
    agattr(g, AGEDGE, (char *)"arrowsize", (char *)"0.6");

    /* sizes: area proportional to the measure, the largest DIAM_MAX, none below DIAM_MIN */
    double vmax = 0;
    for (size_t i = 0; i < n; i++) {
        if (in->sel->node_keep[i] && node_value(o, i) > vmax) {
            vmax = node_value(o, i);
        }
    }
    /* which nodes get a label: all, none, or the top N by the size measure */
    double label_cut = -INFINITY;
    if (o->labels_top == 0) {
        label_cut = INFINITY;
    } else if (o->labels_top > 0 && o->size != NULL) {
        double *vals = malloc((n ? n : 1) * sizeof *vals);
        size_t k = 0;
        if (vals == NULL) {
            st = ilonet_error_nomem(err);
            goto cleanup;
        }
        for (size_t i = 0; i < n; i++) {
            if (in->sel->node_keep[i]) {
                vals[k++] = node_value(o, i);
            }
        }
        /* the N-th largest value is the cut; ties at the cut are all labelled */
        for (size_t a = 0; a < k && a < (size_t)o->labels_top; a++) {
            size_t best = a;
            for (size_t b = a + 1; b < k; b++) {
                if (vals[b] > vals[best]) {
                    best = b;
                }
            }
            double tmp = vals[a];
            vals[a] = vals[best];
            vals[best] = tmp;
            label_cut = vals[a];
        }
        free(vals);
    }
    size_t styled[STYLED_TYPES], n_styled = 0;
    if (o->edge_type_style) {
        tie_types(in, tie_type, styled, &n_styled);
    }
    double wmax = 0;
    for (size_t t = 0; t < m; t++) {
        if (in->sel->tie_keep[t] && VECTOR(in->graph->strength)[t] > wmax) {
            wmax = VECTOR(in->graph->strength)[t];
        }
    }
    /* Thousands of full-strength lines hide the nodes: thinner, fainter lines when dense. */
    int dense = in->sel->n_ties > 2000;
    if (dense) {
        agattr(g, AGEDGE, (char *)"color", (char *)"#6E6E6E38");
    }
    panel_grid_t grid;
    panel_grid(in, &grid);
    for (size_t p = 0; p < grid.n; p++) {
        const unsigned char *node_on =
            in->n_panels > 0 ? in->panel_node_keep[p] : in->sel->node_keep;
        const unsigned char *tie_on = in->n_panels > 0 ? in->panel_tie_keep[p] : in->sel->tie_keep;
        double dx = grid.step_x * (double)(p % grid.cols);
        double dy = -grid.step_y * (double)(p / grid.cols);
        for (size_t i = 0; i < n; i++) {
            if (!in->sel->node_keep[i]) {
                continue;
            }
            char copy_name[1200];
            if (in->n_panels > 0) {
                snprintf(copy_name, sizeof copy_name, "%s (%s)", ilonet_network_node_id(net, i),
                         in->panel_titles[p]);
            }
            Agnode_t *nd =
                node_named(g, in->n_panels > 0 ? copy_name : ilonet_network_node_id(net, i));
            gvnode[i] = nd;
            node_shape_t shape = shape_of_kind(ilonet_network_node_kind(net, i));
            shapes_used[shape] = 1;
            double v = node_value(o, i);
            double d = vmax > 0 && isfinite(v) ? DIAM_MAX * sqrt(v / vmax) : DIAM_FLAT;
            d = d < DIAM_MIN ? DIAM_MIN : d;
            set(nd, "shape", shape_names[shape]);
            if (shape == SHAPE_PROJECT) {
                setf(nd, "width", "%.3f", d * 1.05);
                setf(nd, "height", "%.3f", d * 0.75);
            } else {
                setf(nd, "width", "%.3f", d);
                setf(nd, "height", "%.3f", d);
            }
            set(nd, "fillcolor", class_color(o, class_of(in, o, &cls, i)));
            char disp[512], esc[1024];
            ilonet_render_display_label(net, i, disp, sizeof disp);
            graphviz_label(disp, esc, sizeof esc);
            int labelled = isfinite(label_cut) ? v >= label_cut : o->labels_top != 0;
            if (o->labels_top > 0 && o->size == NULL) {
                labelled = 1;
            }
            if (labelled && i == o->focus) {
                /* an HTML label, so the emphasis is bold in SVG too, not only in cairo's formats */
                char html[1200] = "<B>";
                char plain[512];
                snprintf(plain, sizeof plain, "%s", disp);
                for (char *c = plain; *c; c++) {
                    *c = *c == '\n' ? ' ' : *c;
                }
                html_append(html, sizeof html, plain);
                appendf(html, sizeof html, "</B>");
                agsafeset(nd, (char *)"xlabel", agstrdup_html(g, html), (char *)"");
            } else if (labelled) {
                set(nd, "xlabel", esc);
            }
            set(nd, "tooltip", ilonet_network_node_label(net, i));
            if (i == o->focus) {
                set(nd, "penwidth", "3");
                set(nd, "color", "#000000");
                set(nd, "fontsize", "12");
            }
            if (pinned) {
                setf(nd, "pos", "%.2f,%.2f", MATRIX(*in->xy, i, 0) + dx,
                     MATRIX(*in->xy, i, 1) + dy);
            }
            if (!node_on[i]) {
                /* a small multiple: the node is in the figure but not in this panel, drawn as a
                 * faint ghost at the same place so that its absence is visible */
                set(nd, "fillcolor", "#EEEEEE");
                set(nd, "color", "#CCCCCC");
                set(nd, "xlabel", "");
                set(nd, "penwidth", "0.5");
            }
        }
        if (in->n_panels > 0) {
            /* the panel's title above its top-left corner, pinned like the nodes */
            char name[64];
            snprintf(name, sizeof name, "panel title %zu", p + 1);
            Agnode_t *title = node_named(g, name);
            set(title, "shape", "plaintext");
            set(title, "style", "");
            set(title, "fixedsize", "false");
            set(title, "label", in->panel_titles[p]);
            set(title, "fontsize", "16");
            set(title, "fontname", "DejaVu Sans Bold");
            setf(title, "pos", "%.2f,%.2f", grid.min_x + dx, grid.max_y + grid.title_gap + dy);
        }
        if (o->cluster_boxes && ilonet_render_engine_has_clusters(engine) && in->n_panels == 0) {
            for (size_t c = 0; c < in->clusters->n_clusters; c++) {
                char name[64];
                snprintf(name, sizeof name, "cluster_%zu", c + 1);
                Agraph_t *sub = NULL;
                for (size_t i = 0; i < n; i++) {
                    if (gvnode[i] == NULL || (size_t)VECTOR(in->clusters->membership)[i] != c + 1) {
                        continue;
                    }
                    if (sub == NULL) {
                        sub = agsubg(g, name, 1);
                        setf(sub, "label", "Cluster %zu", c + 1);
                        set(sub, "style", "rounded,dashed");
                        set(sub, "color", "#888888");
                        set(sub, "fontname", "DejaVu Sans");
                        set(sub, "fontsize", "11");
                    }
                    agsubnode(sub, gvnode[i], 1);
                }
            }
        }
        for (size_t t = 0; t < m; t++) {
            if (!in->sel->tie_keep[t] || !tie_on[t]) {
                continue;
            }
            Agnode_t *a = gvnode[IGRAPH_FROM(&in->graph->g, t)];
            Agnode_t *b = gvnode[IGRAPH_TO(&in->graph->g, t)];
            Agedge_t *e = agedge(g, a, b, NULL, 1);
            double w = VECTOR(in->graph->strength)[t];
            double scale = sqrt(wmax > 0 ? w / wmax : 1);
            if (dense) {
                setf(e, "penwidth", "%.2f", 0.3 + 1.2 * scale);
            } else {
                setf(e, "penwidth", "%.2f", 0.6 + 2.4 * scale);
            }
            if (o->edge_type_style && tie_type[t] != ILONET_NONE) {
                for (size_t s = 0; s < n_styled; s++) {
                    if (styled[s] == tie_type[t]) {
                        set(e, "style", type_styles[s]);
                    }
                }
            }
        }
    }
    build_legend(in, o, &cls, shapes_used, legend, 16384);
    if (o->edge_type_style && n_styled > 0 && o->legend) {
        /* insert the line styles before the closing of the table */
        char *end = strstr(legend, "</TABLE>>");
        if (end != NULL) {
            *end = '\0';
            appendf(legend, 16384, "<TR><TD ALIGN=\"LEFT\"><FONT POINT-SIZE=\"11\">Lines:");
            static const char *const samples[STYLED_TYPES] = {
                "\xE2\x94\x81\xE2\x94\x81", "\xE2\x95\x8D\xE2\x95\x8D", "\xE2\x94\x85\xE2\x94\x85"};
            for (size_t s = 0; s < n_styled; s++) {
                appendf(legend, 16384, "  %s ", samples[s]);
                html_append(legend, 16384, ilonet_strtab_get(&net->values, styled[s]));
            }
            appendf(legend, 16384, "  (other types solid)</FONT></TD></TR></TABLE>>");
        }
    }
    if (legend[0] != '\0') {
        agsafeset(g, (char *)"label", agstrdup_html(g, legend + 1), (char *)"");
        /* agstrdup_html wants the text inside the outer <...>; cut the closing '>' */
        char *lab = agget(g, (char *)"label");
        size_t ll = strlen(lab);
        if (ll > 0 && lab[ll - 1] == '>') {
            char *copy = malloc(ll);
            if (copy == NULL) {
                st = ilonet_error_nomem(err);
                goto cleanup;
            }
            memcpy(copy, lab, ll - 1);
            copy[ll - 1] = '\0';
            agsafeset(g, (char *)"label", agstrdup_html(g, copy), (char *)"");
            free(copy);
        }
        set(g, "labelloc", "b");
        set(g, "labeljust", "l");
    }
    if (gvLayout(gvc, g, engine) != 0) {
        st = ilonet_error_set(err, ILONET_EINTERNAL, NULL, 0, "Graphviz layout '%s' failed: %s",
                              engine, gv_last_error[0] ? gv_last_error : "unknown error");
        goto cleanup;
    }
    laid_out = 1;
    if (snaps_positions(engine, o)) {
        /* Graphviz's float layouts (neato, fdp, overlap removal) differ in the last bits from
         * run to run (their sums follow heap addresses, which pango's font threads perturb), and
         * a glyph on a pixel edge then moves in PNG. Rounding the positions to 1/100 pt and
         * routing edges and labels again from them (neato -n2) makes every run the same. */
        for (Agnode_t *v = agfstnode(g); v != NULL; v = agnxtnode(g, v)) {
            setf(v, "pos", "%.2f,%.2f", ND_coord(v).x, ND_coord(v).y);
        }
        gvFreeLayout(gvc, g);
        laid_out = 0;
        if (gvLayout(gvc, g, "nop2") != 0) {
            st = ilonet_error_set(err, ILONET_EINTERNAL, NULL, 0,
                                  "Graphviz could not route edges after layout '%s': %s", engine,
                                  gv_last_error[0] ? gv_last_error : "unknown error");
            goto cleanup;
        }
        laid_out = 1;
    }
    if (strcmp(o->format, "json") == 0) {
        st = write_positions_json(g, in, o, gvnode, out, err);
        goto cleanup;
    }
    const char *device = strcmp(o->format, "png") == 0   ? "png:cairo"
                         : strcmp(o->format, "pdf") == 0 ? "pdf:cairo"
                         : strcmp(o->format, "svg") == 0 ? "svg"
                                                         : "dot";
    char *data = NULL;
    unsigned int len = 0;
    if (gvRenderData(gvc, g, device, &data, &len) != 0 || data == NULL) {
        st = ilonet_error_set(err, ILONET_EINTERNAL, NULL, 0, "Graphviz could not render %s: %s",
                              o->format, gv_last_error[0] ? gv_last_error : "unknown error");
        if (data != NULL) {
            gvFreeRenderData(data);
        }
        goto cleanup;
    }
    char *final = data;
    size_t final_len = len;
    if (strcmp(o->format, "pdf") == 0) {
        st = ilonet_pdf_normalize(data, len, &final, &final_len, err);
    }
    if (st == ILONET_OK && fwrite(final, 1, final_len, out) != final_len) {
        st = ilonet_error_set(err, ILONET_EIO, NULL, 0, "write error");
    }
    if (final != data) {
        free(final);
    }
    gvFreeRenderData(data);

cleanup:
    if (laid_out) {
        gvFreeLayout(gvc, g);
    }
    if (g != NULL) {
        agclose(g);
    }
    if (gvc != NULL) {
        gvFreeContext(gvc);
    }
    free(gvnode);
    free(tie_type);
    free(legend);
    free(cls.kind_names);
    free(cls.kind_counts);
    gv_log = NULL;
    return st;
}
