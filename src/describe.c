/* Writes the accessible text that goes beside each figure. */
#include "ilonet/describe.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const igraph_vector_t *desc_key;

static int by_key_desc(const void *a, const void *b)
{
    size_t i = *(const size_t *)a, j = *(const size_t *)b;
    double x = VECTOR(*desc_key)[i], y = VECTOR(*desc_key)[j];
    x = isfinite(x) ? x : -INFINITY;
    y = isfinite(y) ? y : -INFINITY;
    if (x != y) {
        return x > y ? -1 : 1;
    }
    return i < j ? -1 : (i > j);
}

/* The name a reader knows: the display label on one line. */
static void name_of(const ilonet_network_t *net, size_t i, char *buf, size_t size)
{
    ilonet_render_display_label(net, i, buf, size);
    for (char *p = buf; *p; p++) {
        if (*p == '\n') {
            *p = ' ';
        }
    }
}

/* Lists the top k kept nodes by key as "A, B and C". */
static void list_top(FILE *out, const ilonet_render_input_t *in, const igraph_vector_t *key,
                     size_t *order, size_t n, size_t k)
{
    desc_key = key;
    size_t kept = 0;
    for (size_t i = 0; i < n; i++) {
        if (in->sel->node_keep[i]) {
            order[kept++] = i;
        }
    }
    qsort(order, kept, sizeof *order, by_key_desc);
    k = k < kept ? k : kept;
    for (size_t r = 0; r < k; r++) {
        char name[256];
        name_of(in->net, order[r], name, sizeof name);
        fprintf(out, "%s%s", r == 0 ? "" : (r + 1 == k ? " and " : ", "), name);
    }
}

ilonet_status_t ilonet_describe_figure(const ilonet_render_input_t *in,
                                       const ilonet_render_options_t *o, const char *source,
                                       FILE *out, ilonet_error_t *err)
{
    const ilonet_network_t *net = in->net;
    size_t n = ilonet_network_node_count(net);
    size_t m = ilonet_graph_tie_count(in->graph);
    size_t *order = malloc((n ? n : 1) * sizeof *order);
    size_t *csize = calloc(in->clusters->n_clusters + 1, sizeof *csize);
    size_t *leader = malloc((in->clusters->n_clusters + 1) * sizeof *leader);
    if (order == NULL || csize == NULL || leader == NULL) {
        free(order);
        free(csize);
        free(leader);
        return ilonet_error_nomem(err);
    }
    if (o->title != NULL) {
        fprintf(out, "%s.\n\n", o->title);
    }
    fprintf(out,
            "Network diagram of %zu nodes (organisations, offices, projects, agreements or "
            "forums) and %zu ties between them",
            in->sel->n_nodes, in->sel->n_ties);
    if (in->sel->n_nodes < n) {
        fprintf(out, ", a selection from the full network of %zu nodes and %zu ties", n, m);
    }
    fprintf(out, ", from %s.\n", source);

    fputs("The most central by PageRank: ", out);
    list_top(out, in, &in->cent->pagerank, order, n, 3);
    fputs(".\nThe main brokers, lying on the most shortest paths between others (betweenness): ",
          out);
    list_top(out, in, &in->cent->betweenness, order, n, 3);
    fputs(".\n", out);

    /* clusters as they appear in the figure: size counted over the kept nodes */
    const igraph_vector_t *pr = &in->cent->pagerank;
    for (size_t c = 0; c <= in->clusters->n_clusters; c++) {
        leader[c] = ILONET_NONE;
    }
    for (size_t i = 0; i < n; i++) {
        if (!in->sel->node_keep[i]) {
            continue;
        }
        size_t c = (size_t)VECTOR(in->clusters->membership)[i];
        csize[c]++;
        if (leader[c] == ILONET_NONE || VECTOR(*pr)[i] > VECTOR(*pr)[leader[c]]) {
            leader[c] = i;
        }
    }
    size_t shown = 0;
    for (size_t c = 1; c <= in->clusters->n_clusters; c++) {
        shown += csize[c] > 0;
    }
    static const char *const display[][2] = {{"louvain", "Louvain"},
                                             {"leiden", "Leiden"},
                                             {"labelprop", "label propagation"},
                                             {"walktrap", "Walktrap"},
                                             {"infomap", "Infomap"},
                                             {"fastgreedy", "fast greedy"},
                                             {"edgebetweenness", "Girvan-Newman edge betweenness"},
                                             {"components", "connected components"}};
    const char *method = in->clusters->method;
    for (size_t k = 0; k < sizeof display / sizeof *display; k++) {
        if (strcmp(method, display[k][0]) == 0) {
            method = display[k][1];
        }
    }
    if (in->clusters->tries > 1) {
        fprintf(out,
                "Community detection (%s, best of %u runs, seed %lu) divides the network "
                "into %zu collaboration clusters",
                method, in->clusters->tries, o->seed, in->clusters->n_clusters);
    } else {
        fprintf(out,
                "Community detection (%s, seed %lu) divides the network into %zu "
                "collaboration clusters",
                method, o->seed, in->clusters->n_clusters);
    }
    if (isfinite(in->clusters->modularity)) {
        fprintf(out, " (modularity %.2f)", in->clusters->modularity);
    }
    fprintf(out, "; %zu appear here:", shown);
    size_t listed = 0;
    for (size_t c = 1; c <= in->clusters->n_clusters; c++) {
        if (csize[c] == 0) {
            continue;
        }
        if (listed == 8) {
            fprintf(out, "; and %zu smaller clusters", shown - listed);
            break;
        }
        char name[256];
        name_of(net, leader[c], name, sizeof name);
        fprintf(out, "%s cluster %zu, %zu node%s, around %s", listed ? ";" : "", c, csize[c],
                csize[c] == 1 ? "" : "s", name);
        listed++;
    }
    fputs(".\n", out);
    fprintf(out,
            "How to read it: each node's area shows its %s; its colour shows its %s; "
            "circles are organisations, boxes projects, diamonds agreements and hexagons "
            "forums or events; lines are ties, thicker for stronger ties.\n",
            o->size != NULL ? ilonet_render_measure_words(o->size_by) : "(uniform) size",
            o->color_by == ILONET_COLOR_BY_CLUSTER ? "collaboration cluster" : "kind");
    if (o->caption != NULL) {
        fprintf(out, "%s\n", o->caption);
    }
    free(order);
    free(csize);
    free(leader);
    return ferror(out) ? ilonet_error_set(err, ILONET_EIO, NULL, 0, "write error") : ILONET_OK;
}
