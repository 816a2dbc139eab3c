/* Merges edge rows into ties with a pair hash table and creates the igraph graph at once. */
#include "ilonet/graph.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ilonet/igraph_bridge.h"
#include "ilonet/text.h"

/* The limits of a double as messages print them: DBL_MAX and 1/DBL_MAX. */
#define TOO_LARGE "1.8e308"
#define TOO_SMALL "5.6e-309"

/* ILONET_EDATA at line of the edges file, for a tie whose merged weight leaves the range of a
 * double in one of its two meanings: the strength (the sum, !length) overflowed when the row at
 * line was added, or the length (1 / the sum, length) is infinite. Record r names the pair;
 * single: it is one row and opened the tie, so its weight alone is the problem. */
static ilonet_status_t weight_error(const ilonet_network_t *net, size_t r, size_t line,
                                    int directed, ilonet_weight_is_t weight_is, int length,
                                    int single, double sum, ilonet_error_t *err)
{
    const char *a = ilonet_network_node_id(net, net->row_src[r]);
    const char *b = ilonet_network_node_id(net, net->row_dst[r]);
    size_t la = strlen(a), lb = strlen(b);
    int ca = (int)ilonet_text_cut(a, la, 60), cb = (int)ilonet_text_cut(b, lb, 60);
    char pair[160];
    snprintf(pair, sizeof pair, "%.*s%s%s%.*s%s", ca, a, (size_t)ca < la ? "..." : "",
             directed ? "->" : "-", cb, b, (size_t)cb < lb ? "..." : "");
    const char *file = net->source[0] != '\0' ? net->source : NULL;
    if (weight_is == ILONET_WEIGHT_IS_STRENGTH) {
        if (!length) {
            return ilonet_error_set(err, ILONET_EDATA, file, line,
                                    "the weights of %s sum to more than " TOO_LARGE, pair);
        }
        return ilonet_error_set(err, ILONET_EDATA, file, line,
                                "the weights of %s sum to %.2g, less than " TOO_SMALL
                                ": the tie's length on paths (1/weight) would be infinite",
                                pair, sum);
    }
    if (length) {
        return ilonet_error_set(err, ILONET_EDATA, file, line,
                                "the distance of %s (its rows combined as parallel ties) is "
                                "more than " TOO_LARGE,
                                pair);
    }
    if (single) {
        return ilonet_error_set(err, ILONET_EDATA, file, line,
                                "the distance %.3g of %s is too small: its inverse (the tie's "
                                "strength) is more than " TOO_LARGE,
                                net->row_weight[r], pair);
    }
    return ilonet_error_set(
        err, ILONET_EDATA, file, line,
        "the inverses (1/weight) of the %s distances sum to more than " TOO_LARGE, pair);
}

/* Maps an ordered pair of node indexes to a tie index; open addressing, load factor <= 1/2. */
typedef struct {
    uint64_t *keys;
    size_t *vals; /* tie index + 1; 0 = empty */
    size_t mask;
} pair_map_t;

static int pair_map_init(pair_map_t *m, size_t expected)
{
    size_t n = 16;
    while (n < expected * 2) {
        n <<= 1;
    }
    m->keys = malloc(n * sizeof *m->keys);
    m->vals = calloc(n, sizeof *m->vals);
    m->mask = n - 1;
    return m->keys != NULL && m->vals != NULL;
}

static void pair_map_destroy(pair_map_t *m)
{
    free(m->keys);
    free(m->vals);
}

/* Returns the slot of key: either holding it or the empty slot where it belongs. */
static size_t pair_map_slot(const pair_map_t *m, uint64_t key)
{
    size_t pos = (size_t)ilonet_graph_pair_hash(key) & m->mask;
    while (m->vals[pos] != 0 && m->keys[pos] != key) {
        pos = (pos + 1) & m->mask;
    }
    return pos;
}

uint64_t ilonet_graph_pair_key(size_t u, size_t v, int directed)
{
    if (!directed && u > v) {
        size_t t = u;
        u = v;
        v = t;
    }
    return ((uint64_t)u << 32) | (uint64_t)v;
}

uint64_t ilonet_graph_pair_hash(uint64_t key)
{
    return ilonet_network_hash(key);
}

size_t ilonet_graph_tie_count(const ilonet_graph_t *gr)
{
    return gr->ready ? (size_t)igraph_ecount(&gr->g) : 0;
}

void ilonet_graph_destroy(ilonet_graph_t *gr)
{
    if (gr->ready) {
        igraph_destroy(&gr->g);
        igraph_vector_destroy(&gr->weight);
        igraph_vector_destroy(&gr->strength);
        igraph_vector_destroy(&gr->distance);
    }
    free(gr->row_tie);
    memset(gr, 0, sizeof *gr);
}

ilonet_status_t ilonet_graph_build(ilonet_graph_t *gr, const ilonet_network_t *net,
                                   const ilonet_graph_options_t *opts, ilonet_error_t *err)
{
    ilonet_status_t st = ILONET_OK;
    size_t n = ilonet_network_node_count(net);
    pair_map_t map = {0};
    igraph_vector_int_t edges;
    int edges_ready = 0;
    double *sum = NULL; /* per tie: summed strength */

    memset(gr, 0, sizeof *gr);
    gr->directed = opts->directed;
    gr->weight_is = opts->weight_is;
    gr->n_rows = net->n_rows;
    if ((uint64_t)n >= (UINT64_C(1) << 32)) {
        return ilonet_error_set(err, ILONET_EDATA, NULL, 0, "too many nodes (%zu)", n);
    }
    gr->row_tie = malloc((net->n_rows ? net->n_rows : 1) * sizeof *gr->row_tie);
    sum = malloc((net->n_rows ? net->n_rows : 1) * sizeof *sum);
    if (gr->row_tie == NULL || sum == NULL || !pair_map_init(&map, net->n_rows)) {
        st = ilonet_error_nomem(err);
        goto cleanup;
    }
    st = ilonet_igraph_check(igraph_vector_int_init(&edges, 0), "vector", err);
    if (st != ILONET_OK) {
        goto cleanup;
    }
    edges_ready = 1;
    st = ilonet_igraph_check(igraph_vector_int_reserve(&edges, 2 * (igraph_integer_t)net->n_rows),
                             "vector", err);
    if (st != ILONET_OK) {
        goto cleanup;
    }
    size_t ties = 0;
    int inverse = opts->weight_is == ILONET_WEIGHT_IS_DISTANCE;
    for (size_t r = 0; r < net->n_rows; r++) {
        size_t u = net->row_src[r], v = net->row_dst[r];
        size_t count = ilonet_network_row_count(net, r); /* > 1 when rows were folded */
        if (u == v) {
            gr->row_tie[r] = ILONET_NONE;
            gr->self_loops_dropped += count;
            continue;
        }
        /* the record's rows summed in file order: strengths, or 1/d for distances */
        double s = inverse ? ilonet_network_row_inverse(net, r) : net->row_weight[r];
        uint64_t key = ilonet_graph_pair_key(u, v, opts->directed);
        size_t slot = pair_map_slot(&map, key);
        int found = map.vals[slot] != 0;
        if (!isfinite(s)) { /* within the record: a 1/d below 1/DBL_MAX, or folded rows' sum */
            size_t line = ilonet_network_row_inf_line(net, r, inverse);
            st = weight_error(net, r, line, opts->directed, opts->weight_is, 0,
                              !found && count == 1, s, err);
            goto cleanup;
        }
        if (found) {
            size_t t = map.vals[slot] - 1;
            sum[t] += s;
            if (!isfinite(sum[t])) {
                st = weight_error(net, r, net->row_line[r], opts->directed, opts->weight_is, 0, 0,
                                  sum[t], err);
                goto cleanup;
            }
            gr->row_tie[r] = t;
            gr->duplicates_merged += count;
            continue;
        }
        gr->duplicates_merged += count - 1;
        map.keys[slot] = key;
        map.vals[slot] = ties + 1;
        sum[ties] = s;
        gr->row_tie[r] = ties;
        /* reserve() above makes these pushes allocation-free */
        igraph_vector_int_push_back(&edges, (igraph_integer_t)u);
        igraph_vector_int_push_back(&edges, (igraph_integer_t)v);
        ties++;
    }
    /* Sums only grow, so a length 1/sum that is infinite now was so from the tie's first row:
     * name that row. */
    for (size_t r = 0; r < net->n_rows; r++) {
        size_t t = gr->row_tie[r];
        if (t != ILONET_NONE && !isfinite(1.0 / sum[t])) {
            st = weight_error(net, r, net->row_line[r], opts->directed, opts->weight_is, 1, 0,
                              sum[t], err);
            goto cleanup;
        }
    }
    if (igraph_vector_init(&gr->weight, (igraph_integer_t)ties) != IGRAPH_SUCCESS) {
        st = ilonet_error_nomem(err);
        goto cleanup;
    }
    if (igraph_vector_init(&gr->strength, (igraph_integer_t)ties) != IGRAPH_SUCCESS) {
        igraph_vector_destroy(&gr->weight);
        st = ilonet_error_nomem(err);
        goto cleanup;
    }
    if (igraph_vector_init(&gr->distance, (igraph_integer_t)ties) != IGRAPH_SUCCESS) {
        igraph_vector_destroy(&gr->strength);
        igraph_vector_destroy(&gr->weight);
        st = ilonet_error_nomem(err);
        goto cleanup;
    }
    st = ilonet_igraph_check(igraph_create(&gr->g, &edges, (igraph_integer_t)n, opts->directed),
                             "building the graph", err);
    if (st != ILONET_OK) {
        igraph_vector_destroy(&gr->distance);
        igraph_vector_destroy(&gr->strength);
        igraph_vector_destroy(&gr->weight);
        goto cleanup;
    }
    gr->ready = 1; /* from here on ilonet_graph_destroy frees the graph and all three vectors */
    for (size_t t = 0; t < ties; t++) {
        VECTOR(gr->strength)[t] = sum[t];
        VECTOR(gr->distance)[t] = 1.0 / sum[t];
        VECTOR(gr->weight)
        [t] = opts->weight_is == ILONET_WEIGHT_IS_DISTANCE ? 1.0 / sum[t] : sum[t];
    }

cleanup:
    if (edges_ready) {
        igraph_vector_int_destroy(&edges);
    }
    pair_map_destroy(&map);
    free(sum);
    if (st != ILONET_OK) {
        ilonet_graph_destroy(gr);
    }
    return st;
}

ilonet_status_t ilonet_graph_undirected(const ilonet_graph_t *gr, igraph_t *ug,
                                        igraph_vector_t *ustrength, ilonet_error_t *err)
{
    ilonet_status_t st = ILONET_OK;
    size_t m = (size_t)igraph_ecount(&gr->g);
    pair_map_t map = {0};
    igraph_vector_int_t edges;
    int edges_ready = 0, ustrength_ready = 0;

    if (!pair_map_init(&map, m)) {
        st = ilonet_error_nomem(err);
        goto cleanup;
    }
    st = ilonet_igraph_check(igraph_vector_int_init(&edges, 0), "vector", err);
    if (st != ILONET_OK) {
        goto cleanup;
    }
    edges_ready = 1;
    st = ilonet_igraph_check(igraph_vector_init(ustrength, 0), "vector", err);
    if (st != ILONET_OK) {
        goto cleanup;
    }
    ustrength_ready = 1;
    for (size_t e = 0; e < m; e++) {
        size_t u = (size_t)IGRAPH_FROM(&gr->g, e), v = (size_t)IGRAPH_TO(&gr->g, e);
        uint64_t key = ilonet_graph_pair_key(u, v, 0);
        size_t slot = pair_map_slot(&map, key);
        if (map.vals[slot] != 0) {
            VECTOR(*ustrength)[map.vals[slot] - 1] += VECTOR(gr->strength)[e];
            continue;
        }
        map.keys[slot] = key;
        map.vals[slot] = (size_t)igraph_vector_size(ustrength) + 1;
        if (igraph_vector_push_back(ustrength, VECTOR(gr->strength)[e]) != IGRAPH_SUCCESS ||
            igraph_vector_int_push_back(&edges, (igraph_integer_t)u) != IGRAPH_SUCCESS ||
            igraph_vector_int_push_back(&edges, (igraph_integer_t)v) != IGRAPH_SUCCESS) {
            st = ilonet_error_nomem(err);
            goto cleanup;
        }
    }
    st = ilonet_igraph_check(igraph_create(ug, &edges, igraph_vcount(&gr->g), IGRAPH_UNDIRECTED),
                             "building the undirected graph", err);

cleanup:
    if (edges_ready) {
        igraph_vector_int_destroy(&edges);
    }
    if (st != ILONET_OK && ustrength_ready) {
        igraph_vector_destroy(ustrength);
    }
    pair_map_destroy(&map);
    return st;
}
