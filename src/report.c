/* CSV and JSON writers for analysis results; numbers keep 12 significant digits. */
#include "ilonet/report.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define TOP_N 5

void ilonet_report_csv_field(FILE *fp, const char *s)
{
    size_t n = strlen(s);
    int quote = n > 0 && (s[0] == ' ' || s[n - 1] == ' ' || strpbrk(s, ",\"\r\n") != NULL);
    if (!quote) {
        fputs(s, fp);
        return;
    }
    fputc('"', fp);
    for (const char *p = s; *p; p++) {
        if (*p == '"') {
            fputc('"', fp);
        }
        fputc(*p, fp);
    }
    fputc('"', fp);
}

void ilonet_report_csv_real(FILE *fp, double v)
{
    if (isfinite(v)) {
        fprintf(fp, ",%.12g", v == 0.0 ? 0.0 : v); /* no "-0" */
    } else {
        fputc(',', fp); /* undefined values are empty fields, never "nan" */
    }
}

double ilonet_report_sort_round(double x)
{
    if (!isfinite(x) || x == 0.0) {
        return x;
    }
    int e;
    double m = frexp(x, &e);
    return ldexp(nearbyint(m * 1099511627776.0) / 1099511627776.0, e);
}

/* qsort has no context argument, so the comparison reads these two file-scope pointers. */
static const double *sort_key;
static const ilonet_network_t *sort_net;

static int by_key_then_id(const void *a, const void *b)
{
    size_t i = *(const size_t *)a, j = *(const size_t *)b;
    double x = sort_key[i], y = sort_key[j];
    int xn = !isfinite(x), yn = !isfinite(y);
    if (xn != yn) {
        return xn - yn; /* undefined values last */
    }
    if (!xn && x != y) {
        return x > y ? -1 : 1;
    }
    return strcmp(ilonet_network_node_id(sort_net, i), ilonet_network_node_id(sort_net, j));
}

static ilonet_status_t sorted_by(const ilonet_report_input_t *in, const igraph_vector_t *key,
                                 size_t **order, ilonet_error_t *err)
{
    size_t n = ilonet_network_node_count(in->net);
    double *rounded = malloc((n ? n : 1) * sizeof *rounded);
    *order = malloc((n ? n : 1) * sizeof **order);
    if (*order == NULL || rounded == NULL) {
        free(rounded);
        free(*order);
        *order = NULL;
        return ilonet_error_nomem(err);
    }
    for (size_t i = 0; i < n; i++) {
        (*order)[i] = i;
        rounded[i] = ilonet_report_sort_round(VECTOR(*key)[i]);
    }
    sort_key = rounded;
    sort_net = in->net;
    qsort(*order, n, sizeof **order, by_key_then_id);
    free(rounded);
    return ILONET_OK;
}

ilonet_status_t ilonet_report_node_order(const ilonet_report_input_t *in, size_t **order,
                                         ilonet_error_t *err)
{
    return sorted_by(in, &in->cent->pagerank, order, err);
}

static ilonet_status_t check_stream(FILE *fp, ilonet_error_t *err)
{
    if (ferror(fp)) {
        return ilonet_error_set(err, ILONET_EIO, NULL, 0, "write error");
    }
    return ILONET_OK;
}

ilonet_status_t ilonet_report_write_nodes_csv(FILE *fp, const ilonet_report_input_t *in,
                                              const size_t *order, ilonet_error_t *err)
{
    const ilonet_network_t *net = in->net;
    const ilonet_centrality_t *c = in->cent;
    int directed = in->graph->directed;
    fputs("id,label,kind,degree", fp);
    if (directed) {
        fputs(",in_degree,out_degree", fp);
    }
    fputs(",strength,betweenness,closeness,harmonic,eigenvector,pagerank,coreness,cluster", fp);
    const ilonet_node_structure_t *ns = in->structure;
    if (ns != NULL) {
        fputs(",clustering,constraint", fp);
        if (ns->has_hub_authority) {
            fputs(",hub,authority", fp);
        }
    }
    if (in->node_stability != NULL) {
        fputs(",cluster_stability", fp);
    }
    for (size_t col = 0; col < net->n_node_cols; col++) {
        if (col == net->label_col || col == net->kind_col) {
            continue;
        }
        fputc(',', fp);
        ilonet_report_csv_field(fp, net->node_cols[col]);
    }
    fputc('\n', fp);
    size_t n = ilonet_network_node_count(net);
    for (size_t k = 0; k < n; k++) {
        size_t i = order[k];
        ilonet_report_write_node_measures(fp, net, c, &in->clusters->membership, directed, i);
        if (ns != NULL) {
            ilonet_report_csv_real(fp, VECTOR(ns->clustering)[i]);
            ilonet_report_csv_real(fp, VECTOR(ns->constraint)[i]);
            if (ns->has_hub_authority) {
                ilonet_report_csv_real(fp, VECTOR(ns->hub)[i]);
                ilonet_report_csv_real(fp, VECTOR(ns->authority)[i]);
            }
        }
        if (in->node_stability != NULL) {
            ilonet_report_csv_real(fp, VECTOR(*in->node_stability)[i]);
        }
        for (size_t col = 0; col < net->n_node_cols; col++) {
            if (col == net->label_col || col == net->kind_col) {
                continue;
            }
            fputc(',', fp);
            const char *v = ilonet_network_node_attr(net, i, col);
            ilonet_report_csv_field(fp, v != NULL ? v : "");
        }
        fputc('\n', fp);
    }
    return check_stream(fp, err);
}

ilonet_status_t ilonet_report_write_clusters_csv(FILE *fp, const ilonet_report_input_t *in,
                                                 const size_t *order, ilonet_error_t *err)
{
    const ilonet_network_t *net = in->net;
    const igraph_t *g = &in->graph->g;
    const igraph_vector_int_t *m = &in->clusters->membership;
    size_t k = in->clusters->n_clusters;
    size_t n = ilonet_network_node_count(net);
    size_t *size = calloc(k + 1, sizeof *size);
    double *internal = calloc(k + 1, sizeof *internal);
    /* members of each cluster, in report order, as a linked list through next[] */
    size_t *head = malloc((k + 1) * sizeof *head);
    size_t *tail = malloc((k + 1) * sizeof *tail);
    size_t *next = malloc((n ? n : 1) * sizeof *next);
    ilonet_status_t st = ILONET_OK;
    if (size == NULL || internal == NULL || head == NULL || tail == NULL || next == NULL) {
        st = ilonet_error_nomem(err);
        goto cleanup;
    }
    for (size_t c = 0; c <= k; c++) {
        head[c] = tail[c] = ILONET_NONE;
    }
    for (size_t r = 0; r < n; r++) {
        size_t i = order[r];
        size_t c = (size_t)VECTOR(*m)[i];
        size[c]++;
        next[i] = ILONET_NONE;
        if (head[c] == ILONET_NONE) {
            head[c] = i;
        } else {
            next[tail[c]] = i;
        }
        tail[c] = i;
    }
    for (igraph_integer_t e = 0; e < igraph_ecount(g); e++) {
        igraph_integer_t a = VECTOR(*m)[IGRAPH_FROM(g, e)], b = VECTOR(*m)[IGRAPH_TO(g, e)];
        if (a == b) {
            internal[a] += VECTOR(in->graph->weight)[e];
        }
    }
    fputs(in->cluster_stability != NULL
              ? "cluster,size,internal_weight,central_member,stability,members\n"
              : "cluster,size,internal_weight,central_member,members\n",
          fp);
    for (size_t c = 1; c <= k; c++) {
        fprintf(fp, "%zu,%zu", c, size[c]);
        ilonet_report_csv_real(fp, internal[c]);
        fputc(',', fp);
        ilonet_report_csv_field(fp, ilonet_network_node_id(net, head[c]));
        if (in->cluster_stability != NULL) {
            ilonet_report_csv_real(fp, VECTOR(*in->cluster_stability)[c - 1]);
        }
        fputs(",\"", fp);
        for (size_t i = head[c]; i != ILONET_NONE; i = next[i]) {
            for (const char *p = ilonet_network_node_id(net, i); *p; p++) {
                if (*p == '"') {
                    fputc('"', fp);
                }
                fputc(*p, fp);
            }
            if (next[i] != ILONET_NONE) {
                fputs("; ", fp);
            }
        }
        fputs("\"\n", fp);
    }
    st = check_stream(fp, err);

cleanup:
    free(size);
    free(internal);
    free(head);
    free(tail);
    free(next);
    return st;
}

ilonet_status_t ilonet_report_write_central_csv(FILE *fp, const ilonet_report_input_t *in,
                                                const size_t *order, size_t top,
                                                ilonet_error_t *err)
{
    const ilonet_network_t *net = in->net;
    const ilonet_centrality_t *c = in->cent;
    size_t n = ilonet_network_node_count(net);
    fputs("rank,id,label,kind,pagerank,betweenness,degree,strength,cluster\n", fp);
    for (size_t r = 0; r < n && r < top; r++) {
        size_t i = order[r];
        fprintf(fp, "%zu,", r + 1);
        ilonet_report_csv_field(fp, ilonet_network_node_id(net, i));
        fputc(',', fp);
        ilonet_report_csv_field(fp, ilonet_network_node_label(net, i));
        fputc(',', fp);
        ilonet_report_csv_field(fp, ilonet_network_node_kind(net, i));
        ilonet_report_csv_real(fp, VECTOR(c->pagerank)[i]);
        ilonet_report_csv_real(fp, VECTOR(c->betweenness)[i]);
        fprintf(fp, ",%" IGRAPH_PRId, VECTOR(c->degree)[i]);
        ilonet_report_csv_real(fp, VECTOR(c->strength)[i]);
        fprintf(fp, ",%" IGRAPH_PRId "\n", VECTOR(in->clusters->membership)[i]);
    }
    return check_stream(fp, err);
}

void ilonet_report_write_node_measures(FILE *fp, const ilonet_network_t *net,
                                       const ilonet_centrality_t *c,
                                       const igraph_vector_int_t *membership, int directed,
                                       size_t i)
{
    ilonet_report_csv_field(fp, ilonet_network_node_id(net, i));
    fputc(',', fp);
    ilonet_report_csv_field(fp, ilonet_network_node_label(net, i));
    fputc(',', fp);
    ilonet_report_csv_field(fp, ilonet_network_node_kind(net, i));
    fprintf(fp, ",%" IGRAPH_PRId, VECTOR(c->degree)[i]);
    if (directed) {
        fprintf(fp, ",%" IGRAPH_PRId ",%" IGRAPH_PRId, VECTOR(c->in_degree)[i],
                VECTOR(c->out_degree)[i]);
    }
    ilonet_report_csv_real(fp, VECTOR(c->strength)[i]);
    ilonet_report_csv_real(fp, VECTOR(c->betweenness)[i]);
    ilonet_report_csv_real(fp, VECTOR(c->closeness)[i]);
    ilonet_report_csv_real(fp, VECTOR(c->harmonic)[i]);
    ilonet_report_csv_real(fp, VECTOR(c->eigenvector)[i]);
    ilonet_report_csv_real(fp, VECTOR(c->pagerank)[i]);
    fprintf(fp, ",%" IGRAPH_PRId ",%" IGRAPH_PRId, VECTOR(c->coreness)[i], VECTOR(*membership)[i]);
}

static json_t *real_or_null(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

/* Integer measures go through the same top-N sort as the real-valued ones. */
static void int_vector_as_real(const igraph_vector_int_t *v, igraph_vector_t *tmp)
{
    for (igraph_integer_t i = 0; i < igraph_vector_int_size(v); i++) {
        VECTOR(*tmp)[i] = (double)VECTOR(*v)[i];
    }
}

/* Adds name: [{"id":..., "value":...}, ...] for the top nodes by key to top. */
static ilonet_status_t add_top(json_t *top, const char *name, const ilonet_report_input_t *in,
                               const igraph_vector_t *key, int integer, ilonet_error_t *err)
{
    size_t *order = NULL;
    ilonet_status_t st = sorted_by(in, key, &order, err);
    if (st != ILONET_OK) {
        return st;
    }
    json_t *arr = json_array();
    size_t n = ilonet_network_node_count(in->net);
    for (size_t k = 0; k < n && k < TOP_N; k++) {
        double v = VECTOR(*key)[order[k]];
        if (!isfinite(v)) {
            break;
        }
        json_t *item = json_object();
        json_object_set_new(item, "id", json_string(ilonet_network_node_id(in->net, order[k])));
        json_object_set_new(item, "value", integer ? json_integer((json_int_t)v) : json_real(v));
        json_array_append_new(arr, item);
    }
    json_object_set_new(top, name, arr);
    free(order);
    return ILONET_OK;
}

/* "aliases": what --aliases changed; by_alias lists the aliases used, sorted by alias. */
static ilonet_status_t add_aliases(json_t *root, const ilonet_report_input_t *in,
                                   ilonet_error_t *err)
{
    const ilonet_aliases_t *al = in->aliases;
    size_t *order = NULL;
    ilonet_status_t st = ilonet_aliases_sorted(al, &order, err);
    if (st != ILONET_OK) {
        return st;
    }
    json_t *o = json_object();
    json_t *by = json_object();
    size_t n = ilonet_aliases_count(al), unused = 0;
    for (size_t k = 0; k < n; k++) {
        size_t i = order[k];
        if (al->uses[i] == 0) {
            unused++;
            continue;
        }
        json_object_set_new(by, ilonet_aliases_alias(al, i), json_integer((json_int_t)al->uses[i]));
    }
    json_object_set_new(o, "file", in->aliases_path ? json_string(in->aliases_path) : json_null());
    json_object_set_new(o, "entries", json_integer((json_int_t)n));
    json_object_set_new(o, "rows_rewritten", json_integer((json_int_t)al->rows_rewritten));
    json_object_set_new(o, "by_alias", by);
    json_object_set_new(o, "unused", json_integer((json_int_t)unused));
    json_object_set_new(root, "aliases", o);
    free(order);
    return ILONET_OK;
}

ilonet_status_t ilonet_report_write_summary_json(FILE *fp, const ilonet_report_input_t *in,
                                                 const size_t *order, ilonet_error_t *err)
{
    (void)order;
    const ilonet_network_t *net = in->net;
    const ilonet_graph_t *gr = in->graph;
    const ilonet_centrality_t *c = in->cent;
    ilonet_status_t st = ILONET_OK;
    igraph_integer_t components = 0;
    igraph_real_t density = NAN;
    igraph_vector_t tmp;
    int tmp_ready = 0;
    json_t *root = json_object();
    json_t *top = json_object();
    size_t n = ilonet_network_node_count(net);

    if (igraph_connected_components(&gr->g, NULL, NULL, &components, IGRAPH_WEAK) !=
            IGRAPH_SUCCESS ||
        igraph_vector_init(&tmp, (igraph_integer_t)n) != IGRAPH_SUCCESS) {
        st = ilonet_error_set(err, ILONET_EINTERNAL, NULL, 0, "igraph: summary statistics failed");
        goto cleanup;
    }
    tmp_ready = 1;
    if (n > 1) {
        igraph_density(&gr->g, &density, 0);
    }
    json_object_set_new(root, "tool", json_string("ilonet"));
    json_object_set_new(root, "version", json_string(in->version));
    json_object_set_new(root, "edges_file", json_string(in->edges_path));
    json_object_set_new(root, "nodes_file",
                        in->nodes_path ? json_string(in->nodes_path) : json_null());
    json_object_set_new(root, "nodes", json_integer((json_int_t)n));
    json_object_set_new(root, "edges", json_integer(igraph_ecount(&gr->g)));
    const ilonet_report_twomode_t *tm = in->two_mode;
    int projected = tm != NULL && tm->projected;
    json_object_set_new(root, "edge_rows",
                        json_integer((json_int_t)(projected ? tm->loaded_rows : net->rows_added)));
    json_object_set_new(root, "directed", json_boolean(gr->directed));
    json_object_set_new(root, "path_mode",
                        !gr->directed ? json_null()
                                      : json_string(in->mode == ILONET_PATHS_IN    ? "in"
                                                    : in->mode == ILONET_PATHS_ALL ? "all"
                                                                                   : "out"));
    json_object_set_new(root, "weight_column",
                        in->weight_column ? json_string(in->weight_column) : json_null());
    json_object_set_new(
        root, "weight_is",
        json_string(gr->weight_is == ILONET_WEIGHT_IS_DISTANCE ? "distance" : "strength"));
    json_object_set_new(
        root, "weight_use",
        json_string(gr->weight_is == ILONET_WEIGHT_IS_DISTANCE
                        ? "path measures use the weight as distance; strength, eigenvector, "
                          "pagerank and clusters use 1/weight"
                        : "strength, eigenvector, pagerank and clusters use the weight; path "
                          "measures use 1/weight as distance"));
    json_object_set_new(root, "components", json_integer(components));
    json_object_set_new(root, "density", real_or_null(density));
    json_object_set_new(root, "clusters", json_integer((json_int_t)in->clusters->n_clusters));
    json_object_set_new(root, "modularity", real_or_null(in->clusters->modularity));
    json_object_set_new(root, "cluster_method", json_string(in->clusters->method));
    json_object_set_new(root, "cluster_tries", json_integer((json_int_t)in->clusters->tries));
    json_object_set_new(root, "cluster_best_try", json_integer((json_int_t)in->clusters->best_try));
    if (strcmp(in->clusters->method, "leiden") == 0) {
        json_object_set_new(root, "resolution", json_real(in->resolution));
    }
    json_object_set_new(root, "cluster_stability_runs",
                        in->node_stability != NULL ? json_integer((json_int_t)in->stability_runs)
                                                   : json_null());
    json_object_set_new(root, "betweenness",
                        c->betweenness_samples > 0
                            ? json_pack("{s:s, s:I}", "method", "sampled", "sources",
                                        (json_int_t)c->betweenness_samples)
                            : json_pack("{s:s}", "method", "exact"));
    /* the three measures share one pass, so they are exact or estimated together */
    json_object_set_new(root, "path_measures",
                        c->betweenness_samples > 0
                            ? json_pack("{s:[sss], s:s, s:I, s:s}", "measures", "betweenness",
                                        "closeness", "harmonic", "method", "sampled", "sources",
                                        (json_int_t)c->betweenness_samples, "chosen",
                                        in->paths_sampled_automatically
                                            ? "automatically (large network)"
                                            : "--betweenness-samples")
                            : json_pack("{s:[sss], s:s}", "measures", "betweenness", "closeness",
                                        "harmonic", "method", "exact"));
    json_object_set_new(root, "clustered_as_undirected",
                        json_boolean(in->clusters->used_undirected));
    json_object_set_new(root, "seed", json_integer((json_int_t)in->seed));
    json_object_set_new(
        root, "duplicate_edges_merged",
        json_integer((json_int_t)(projected ? tm->loaded_duplicates : gr->duplicates_merged)));
    json_object_set_new(
        root, "self_loops_dropped",
        json_integer((json_int_t)(projected ? tm->loaded_self_loops : gr->self_loops_dropped)));
    json_object_set_new(root, "nodes_added_from_edges",
                        json_integer((json_int_t)net->nodes_added_from_edges));
    if (in->aliases != NULL) {
        st = add_aliases(root, in, err);
        if (st != ILONET_OK) {
            goto cleanup;
        }
    } else {
        json_object_set_new(root, "aliases", json_null());
    }

    if (tm != NULL) {
        json_t *o = json_object();
        json_object_set_new(o, "second_mode_kinds", json_string(tm->kinds));
        json_object_set_new(o, "is_two_mode", json_boolean(tm->info.is_two_mode));
        json_object_set_new(o, "first_mode_nodes",
                            json_integer((json_int_t)tm->info.first_mode_nodes));
        json_object_set_new(o, "second_mode_nodes",
                            json_integer((json_int_t)tm->info.second_mode_nodes));
        json_object_set_new(o, "ties_between_modes",
                            json_integer((json_int_t)tm->info.ties_between_modes));
        json_object_set_new(o, "ties_within_first_mode",
                            json_integer((json_int_t)tm->info.ties_within_first));
        json_object_set_new(o, "ties_within_second_mode",
                            json_integer((json_int_t)tm->info.ties_within_second));
        json_object_set_new(o, "analysed",
                            json_string(!tm->projected    ? "the network as loaded"
                                        : tm->onto_second ? "projection onto the second mode"
                                                          : "projection onto the first mode"));
        if (tm->projected) {
            json_object_set_new(
                o, "projection_weight",
                json_string(tm->weight == ILONET_PROJECTION_NEWMAN ? "newman" : "count"));
            json_object_set_new(o, "loaded_ties", json_integer((json_int_t)tm->loaded_ties));
            json_object_set_new(o, "shared_pairs", json_integer((json_int_t)tm->stats.pairs));
            json_object_set_new(o, "direct_ties_kept",
                                json_integer((json_int_t)tm->stats.direct_ties_kept));
        }
        json_object_set_new(root, "two_mode", o);
    }
    if (in->network_structure != NULL) {
        const ilonet_network_structure_t *s = in->network_structure;
        json_t *o = json_object();
        json_object_set_new(o, "diameter_hops", real_or_null(s->diameter_hops));
        json_object_set_new(o, "diameter_weighted", real_or_null(s->diameter_weighted));
        json_object_set_new(o, "average_path_length", real_or_null(s->average_path_length));
        json_object_set_new(o, "paths_estimated_from_sources",
                            s->path_sources > 0 ? json_integer((json_int_t)s->path_sources)
                                                : json_null());
        json_object_set_new(o, "transitivity", real_or_null(s->transitivity));
        json_object_set_new(o, "average_clustering", real_or_null(s->average_clustering));
        json_object_set_new(o, "degree_assortativity", real_or_null(s->degree_assortativity));
        json_object_set_new(o, "kind_assortativity", real_or_null(s->kind_assortativity));
        json_object_set_new(o, "components", json_integer((json_int_t)s->components));
        json_object_set_new(o, "largest_component", json_integer((json_int_t)s->largest_component));
        json_object_set_new(o, "largest_component_share", real_or_null(s->largest_component_share));
        json_object_set_new(o, "degree_centralization", real_or_null(s->degree_centralization));
        json_object_set_new(root, "structure", o);
    }

    int_vector_as_real(&c->degree, &tmp);
    st = add_top(top, "degree", in, &tmp, 1, err);
    if (st == ILONET_OK) {
        st = add_top(top, "strength", in, &c->strength, 0, err);
    }
    if (st == ILONET_OK) {
        st = add_top(top, "betweenness", in, &c->betweenness, 0, err);
    }
    if (st == ILONET_OK) {
        st = add_top(top, "closeness", in, &c->closeness, 0, err);
    }
    if (st == ILONET_OK) {
        st = add_top(top, "harmonic", in, &c->harmonic, 0, err);
    }
    if (st == ILONET_OK) {
        st = add_top(top, "eigenvector", in, &c->eigenvector, 0, err);
    }
    if (st == ILONET_OK) {
        st = add_top(top, "pagerank", in, &c->pagerank, 0, err);
    }
    if (st == ILONET_OK) {
        int_vector_as_real(&c->coreness, &tmp);
        st = add_top(top, "coreness", in, &tmp, 1, err);
    }
    if (st != ILONET_OK) {
        goto cleanup;
    }
    json_object_set(root, "top", top);
    if (json_dumpf(root, fp, JSON_INDENT(2) | JSON_REAL_PRECISION(12)) != 0) {
        st = ilonet_error_set(err, ILONET_EIO, NULL, 0, "write error");
        goto cleanup;
    }
    fputc('\n', fp);
    st = check_stream(fp, err);

cleanup:
    if (tmp_ready) {
        igraph_vector_destroy(&tmp);
    }
    json_decref(top);
    json_decref(root);
    return st;
}
