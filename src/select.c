/* Node and tie filters for figures, applied on the full network's measures. */
#include "ilonet/select.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ilonet/igraph_bridge.h"
#include "ilonet/twomode.h"

void ilonet_selection_destroy(ilonet_selection_t *sel)
{
    free(sel->node_keep);
    free(sel->tie_keep);
    memset(sel, 0, sizeof *sel);
}

static const igraph_vector_t *rank_key;

static int by_rank_desc(const void *a, const void *b)
{
    size_t i = *(const size_t *)a, j = *(const size_t *)b;
    double x = VECTOR(*rank_key)[i], y = VECTOR(*rank_key)[j];
    if (isnan(x) != isnan(y)) {
        return isnan(x) ? 1 : -1;
    }
    if (x != y && !isnan(x)) {
        return x > y ? -1 : 1;
    }
    return i < j ? -1 : (i > j);
}

static ilonet_status_t keep_ego(unsigned char *keep, const ilonet_network_t *net,
                                const ilonet_graph_t *gr, const ilonet_select_options_t *o,
                                ilonet_error_t *err)
{
    size_t center = ilonet_network_find_node(net, o->ego);
    if (center == ILONET_NONE) {
        return ilonet_error_set(err, ILONET_EUSAGE, NULL, 0,
                                "--ego: \"%s\" is not a node of the network", o->ego);
    }
    igraph_vector_int_list_t hoods;
    ilonet_status_t st = ilonet_igraph_check(igraph_vector_int_list_init(&hoods, 0), "ego", err);
    if (st != ILONET_OK) {
        return st;
    }
    st = ilonet_igraph_check(igraph_neighborhood(&gr->g, &hoods,
                                                 igraph_vss_1((igraph_integer_t)center), o->radius,
                                                 IGRAPH_ALL, 0),
                             "ego network", err);
    if (st == ILONET_OK) {
        size_t n = ilonet_network_node_count(net);
        unsigned char *in = calloc(n ? n : 1, 1);
        if (in == NULL) {
            st = ilonet_error_nomem(err);
        } else {
            igraph_vector_int_t *h = igraph_vector_int_list_get_ptr(&hoods, 0);
            for (igraph_integer_t k = 0; k < igraph_vector_int_size(h); k++) {
                in[VECTOR(*h)[k]] = 1;
            }
            for (size_t i = 0; i < n; i++) {
                keep[i] = keep[i] && in[i];
            }
            free(in);
        }
    }
    igraph_vector_int_list_destroy(&hoods);
    return st;
}

/* Whether tie t joins a second-mode node (kind listed in kinds) to a node of another kind. */
static int crosses_modes(const ilonet_network_t *net, const ilonet_graph_t *gr, const char *kinds,
                         size_t t)
{
    size_t a = (size_t)IGRAPH_FROM(&gr->g, t), b = (size_t)IGRAPH_TO(&gr->g, t);
    return ilonet_twomode_kind_listed(kinds, ilonet_network_node_kind(net, a)) !=
           ilonet_twomode_kind_listed(kinds, ilonet_network_node_kind(net, b));
}

/* The two-mode view: nodes without a tie across the modes (to a kept node) are dropped. */
static ilonet_status_t keep_two_mode(ilonet_selection_t *sel, const ilonet_network_t *net,
                                     const ilonet_graph_t *gr, const char *kinds,
                                     ilonet_error_t *err)
{
    size_t n = ilonet_network_node_count(net), m = ilonet_graph_tie_count(gr);
    unsigned char *crossing = calloc(n ? n : 1, 1);
    if (crossing == NULL) {
        return ilonet_error_nomem(err);
    }
    for (size_t t = 0; t < m; t++) {
        size_t a = (size_t)IGRAPH_FROM(&gr->g, t), b = (size_t)IGRAPH_TO(&gr->g, t);
        if (sel->node_keep[a] && sel->node_keep[b] && crosses_modes(net, gr, kinds, t)) {
            crossing[a] = crossing[b] = 1;
        }
    }
    for (size_t i = 0; i < n; i++) {
        sel->node_keep[i] = (unsigned char)(sel->node_keep[i] && crossing[i]);
    }
    free(crossing);
    return ILONET_OK;
}

ilonet_status_t ilonet_select(ilonet_selection_t *sel, const ilonet_network_t *net,
                              const ilonet_graph_t *gr, const ilonet_clusters_t *cl,
                              const ilonet_select_options_t *o, ilonet_error_t *err)
{
    size_t n = ilonet_network_node_count(net);
    size_t m = ilonet_graph_tie_count(gr);
    ilonet_status_t st = ILONET_OK;
    size_t *order = NULL;
    size_t *ties_before = NULL;

    memset(sel, 0, sizeof *sel);
    sel->node_keep = malloc(n ? n : 1);
    sel->tie_keep = malloc(m ? m : 1);
    if (sel->node_keep == NULL || sel->tie_keep == NULL) {
        st = ilonet_error_nomem(err);
        goto cleanup;
    }
    for (size_t i = 0; i < n; i++) {
        int ok = o->cluster == 0 || (size_t)VECTOR(cl->membership)[i] == o->cluster;
        if (ok && o->n_kinds > 0) {
            ok = 0;
            for (size_t k = 0; k < o->n_kinds && !ok; k++) {
                ok = strcmp(ilonet_network_node_kind(net, i), o->kinds[k]) == 0;
            }
        }
        sel->node_keep[i] = (unsigned char)ok;
    }
    if (o->ego != NULL) {
        st = keep_ego(sel->node_keep, net, gr, o, err);
        if (st != ILONET_OK) {
            goto cleanup;
        }
    }
    if (o->two_mode_view != NULL) {
        st = keep_two_mode(sel, net, gr, o->two_mode_view, err);
        if (st != ILONET_OK) {
            goto cleanup;
        }
    }
    if (o->min_weight > 0) {
        /* A node that had ties but lost all of them to the weight filter has nothing to show. */
        ties_before = calloc(n ? n : 1, sizeof *ties_before);
        size_t *ties_after = calloc(n ? n : 1, sizeof *ties_after);
        if (ties_before == NULL || ties_after == NULL) {
            free(ties_after);
            st = ilonet_error_nomem(err);
            goto cleanup;
        }
        for (size_t t = 0; t < m; t++) {
            size_t a = (size_t)IGRAPH_FROM(&gr->g, t), b = (size_t)IGRAPH_TO(&gr->g, t);
            ties_before[a]++, ties_before[b]++;
            if (VECTOR(gr->weight)[t] >= o->min_weight) {
                ties_after[a]++, ties_after[b]++;
            }
        }
        for (size_t i = 0; i < n; i++) {
            if (ties_before[i] > 0 && ties_after[i] == 0) {
                sel->node_keep[i] = 0;
            }
        }
        free(ties_after);
    }
    if (o->top > 0) {
        order = malloc((n ? n : 1) * sizeof *order);
        if (order == NULL) {
            st = ilonet_error_nomem(err);
            goto cleanup;
        }
        size_t k = 0;
        for (size_t i = 0; i < n; i++) {
            if (sel->node_keep[i]) {
                order[k++] = i;
            }
        }
        rank_key = o->rank;
        qsort(order, k, sizeof *order, by_rank_desc);
        for (size_t r = o->top; r < k; r++) {
            sel->node_keep[order[r]] = 0;
        }
    }
    for (size_t i = 0; i < n; i++) {
        sel->n_nodes += sel->node_keep[i];
    }
    for (size_t t = 0; t < m; t++) {
        size_t a = (size_t)IGRAPH_FROM(&gr->g, t), b = (size_t)IGRAPH_TO(&gr->g, t);
        sel->tie_keep[t] =
            sel->node_keep[a] && sel->node_keep[b] &&
            (o->min_weight <= 0 || VECTOR(gr->weight)[t] >= o->min_weight) &&
            (o->two_mode_view == NULL || crosses_modes(net, gr, o->two_mode_view, t));
        sel->n_ties += sel->tie_keep[t];
    }
    if (sel->n_nodes == 0) {
        st = ilonet_error_set(err, ILONET_EUSAGE, NULL, 0,
                              "no node is left after the filters (--top, --ego, --min-weight, "
                              "--kind, --cluster, --two-mode-view)");
    }

cleanup:
    free(order);
    free(ties_before);
    if (st != ILONET_OK) {
        ilonet_selection_destroy(sel);
    }
    return st;
}
