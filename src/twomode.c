/* Splits a network into two modes by node kind and builds one-mode projections with a pair hash
 * table, so that memory follows the number of sharing pairs rather than V^2. */
#include "ilonet/twomode.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ilonet/igraph_bridge.h"
#include "ilonet/text.h"

#define SHARED_TYPE "shared"

int ilonet_twomode_next_kind(const char **list, const char **name, size_t *len)
{
    const char *p = *list;
    while (*p != '\0') {
        const char *end = strchr(p, ',');
        if (end == NULL) {
            end = p + strlen(p);
        }
        const char *a = p, *b = end;
        while (a < b && (*a == ' ' || *a == '\t')) {
            a++;
        }
        while (b > a && (b[-1] == ' ' || b[-1] == '\t')) {
            b--;
        }
        p = *end == ',' ? end + 1 : end;
        if (b > a) {
            *name = a;
            *len = (size_t)(b - a);
            *list = p;
            return 1;
        }
    }
    *list = p;
    return 0;
}

/* ASCII only: strncasecmp would follow the locale, and kinds are data. */
static int ascii_lower(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

int ilonet_twomode_kind_listed(const char *kinds, const char *kind)
{
    size_t klen = strlen(kind);
    const char *name;
    size_t len;
    while (ilonet_twomode_next_kind(&kinds, &name, &len)) {
        size_t i = 0;
        while (i < len && i < klen &&
               ascii_lower((unsigned char)name[i]) == ascii_lower((unsigned char)kind[i])) {
            i++;
        }
        if (i == len && i == klen) {
            return 1;
        }
    }
    return 0;
}

/* Fills second[i] (malloc'ed, one byte per node) with node i's mode after checking the
 * arguments; counts both modes. */
static ilonet_status_t classify(const ilonet_network_t *net, const ilonet_graph_t *gr,
                                const char *spec, unsigned char **second, size_t *n_first,
                                size_t *n_second, ilonet_error_t *err)
{
    size_t n = ilonet_network_node_count(net);
    const char *first_name, *rest = spec;
    size_t first_len;
    *second = NULL;
    if (spec == NULL || !ilonet_twomode_next_kind(&rest, &first_name, &first_len)) {
        return ilonet_error_set(err, ILONET_EUSAGE, NULL, 0,
                                "no second-mode kind given (expected e.g. \"project\")");
    }
    if (!gr->ready || (size_t)igraph_vcount(&gr->g) != n || gr->n_rows != net->n_rows) {
        return ilonet_error_set(err, ILONET_EUSAGE, NULL, 0,
                                "the graph was not built from this network");
    }
    *second = malloc(n ? n : 1);
    if (*second == NULL) {
        return ilonet_error_nomem(err);
    }
    *n_first = *n_second = 0;
    for (size_t i = 0; i < n; i++) {
        (*second)[i] =
            (unsigned char)ilonet_twomode_kind_listed(spec, ilonet_network_node_kind(net, i));
        if ((*second)[i]) {
            (*n_second)++;
        } else {
            (*n_first)++;
        }
    }
    return ILONET_OK;
}

ilonet_status_t ilonet_twomode_inspect(const ilonet_network_t *net, const ilonet_graph_t *gr,
                                       const char *second_kinds, ilonet_twomode_info_t *info,
                                       ilonet_error_t *err)
{
    unsigned char *second = NULL;
    memset(info, 0, sizeof *info);
    ilonet_status_t st = classify(net, gr, second_kinds, &second, &info->first_mode_nodes,
                                  &info->second_mode_nodes, err);
    if (st != ILONET_OK) {
        free(second);
        return st;
    }
    for (igraph_integer_t e = 0; e < igraph_ecount(&gr->g); e++) {
        int su = second[IGRAPH_FROM(&gr->g, e)], sv = second[IGRAPH_TO(&gr->g, e)];
        if (su != sv) {
            info->ties_between_modes++;
        } else if (su) {
            info->ties_within_second++;
        } else {
            info->ties_within_first++;
        }
    }
    info->is_two_mode = info->first_mode_nodes > 0 && info->second_mode_nodes > 0 &&
                        info->ties_within_first == 0 && info->ties_within_second == 0;
    free(second);
    return ILONET_OK;
}

/* Keys are ilonet_graph_pair_key(a, b, 0) with a < b, so sorting keys sorts by a, then b. Since
 * b > a, no key is all ones, which marks empty slots. */
#define EMPTY_KEY UINT64_MAX

/* Accumulates a weight per pair; open addressing with load factor <= 1/2. Only the sums live
 * here: output order comes from sorting the keys, never from the table layout. */
typedef struct {
    uint64_t *keys;
    double *vals;
    size_t cap; /* power of two */
    size_t count;
} pair_acc_t;

static int acc_alloc(pair_acc_t *m, size_t cap)
{
    m->keys = malloc(cap * sizeof *m->keys);
    m->vals = malloc(cap * sizeof *m->vals);
    if (m->keys == NULL || m->vals == NULL) {
        free(m->keys);
        free(m->vals);
        m->keys = NULL;
        m->vals = NULL;
        return 0;
    }
    for (size_t i = 0; i < cap; i++) {
        m->keys[i] = EMPTY_KEY;
    }
    m->cap = cap;
    return 1;
}

static size_t acc_slot(const pair_acc_t *m, uint64_t key)
{
    size_t pos = (size_t)ilonet_graph_pair_hash(key) & (m->cap - 1);
    while (m->keys[pos] != EMPTY_KEY && m->keys[pos] != key) {
        pos = (pos + 1) & (m->cap - 1);
    }
    return pos;
}

static int acc_add(pair_acc_t *m, uint64_t key, double w)
{
    if ((m->count + 1) * 2 > m->cap) {
        pair_acc_t bigger = {0};
        if (!acc_alloc(&bigger, m->cap * 2)) {
            return 0;
        }
        for (size_t i = 0; i < m->cap; i++) {
            if (m->keys[i] != EMPTY_KEY) {
                size_t s = acc_slot(&bigger, m->keys[i]);
                bigger.keys[s] = m->keys[i];
                bigger.vals[s] = m->vals[i];
            }
        }
        bigger.count = m->count;
        free(m->keys);
        free(m->vals);
        *m = bigger;
    }
    size_t s = acc_slot(m, key);
    if (m->keys[s] == EMPTY_KEY) {
        m->keys[s] = key;
        m->vals[s] = 0.0;
        m->count++;
    }
    m->vals[s] += w;
    return 1;
}

typedef struct {
    uint64_t key;
    double w;
} pair_t;

static int by_pair_key(const void *a, const void *b)
{
    uint64_t x = ((const pair_t *)a)->key, y = ((const pair_t *)b)->key;
    return (x > y) - (x < y);
}

/* A kept input row between two projected nodes, by its output pair. */
typedef struct {
    uint64_t key;
    size_t row;
} direct_t;

static int by_key_then_row(const void *a, const void *b)
{
    const direct_t *x = a, *y = b;
    if (x->key != y->key) {
        return (x->key > y->key) - (x->key < y->key);
    }
    return (x->row > y->row) - (x->row < y->row);
}

/* Copies n column names into *dst; *dst_n is set as soon as the array exists, so that
 * ilonet_network_destroy frees a partial copy. */
static ilonet_status_t copy_names(char **src, size_t n, char ***dst, size_t *dst_n,
                                  ilonet_error_t *err)
{
    if (n == 0) {
        return ILONET_OK;
    }
    *dst = calloc(n, sizeof **dst);
    if (*dst == NULL) {
        return ilonet_error_nomem(err);
    }
    *dst_n = n;
    for (size_t i = 0; i < n; i++) {
        (*dst)[i] = ilonet_text_dup(src[i]);
        if ((*dst)[i] == NULL) {
            return ilonet_error_nomem(err);
        }
    }
    return ILONET_OK;
}

/* Copies the projected nodes with their attributes. out->values must already repeat
 * net->values index for index, so attribute value indexes carry over unchanged. */
static ilonet_status_t copy_nodes(const ilonet_network_t *net, const unsigned char *second,
                                  int onto_second, ilonet_network_t *out, ilonet_error_t *err)
{
    /* columns first, so that add_node sizes node_attr for them */
    ilonet_status_t st =
        copy_names(net->node_cols, net->n_node_cols, &out->node_cols, &out->n_node_cols, err);
    if (st != ILONET_OK) {
        return st;
    }
    out->label_col = net->label_col;
    out->kind_col = net->kind_col;
    out->has_nodes_file = net->has_nodes_file;
    size_t n = ilonet_network_node_count(net);
    size_t cols = net->n_node_cols;
    for (size_t i = 0; i < n; i++) {
        if (second[i] != onto_second) {
            continue;
        }
        const char *id = ilonet_network_node_id(net, i);
        size_t index;
        st = ilonet_network_add_node(out, id, strlen(id), &index, NULL, err);
        if (st != ILONET_OK) {
            return st;
        }
        if (cols > 0 && i < net->node_attr_rows) {
            memcpy(&out->node_attr[index * cols], &net->node_attr[i * cols],
                   cols * sizeof *out->node_attr);
        }
        if (i < net->node_attr_rows) {
            out->node_line[index] = net->node_line[i];
        }
        /* the loader adds the nodes file's nodes first, so i < n_declared marks them */
        if (i < net->n_declared) {
            out->n_declared++;
        } else if (net->has_nodes_file) {
            out->nodes_added_from_edges++;
        }
    }
    return ILONET_OK;
}

/* Emits the shared rows and kept direct rows, merged in pair order. */
static ilonet_status_t write_rows(const ilonet_network_t *net, const ilonet_graph_t *gr,
                                  const size_t *new_index, const pair_t *pairs, size_t n_pairs,
                                  const direct_t *direct, size_t n_direct, ilonet_network_t *out,
                                  ilonet_error_t *err)
{
    ilonet_status_t st = ILONET_OK;
    size_t cols = net->n_edge_cols;
    size_t shared_type, empty_value;
    size_t *empty_attr = NULL;

    st = copy_names(net->edge_cols, cols, &out->edge_cols, &out->n_edge_cols, err);
    if (st != ILONET_OK) {
        return st;
    }
    st = ilonet_strtab_intern(&out->values, SHARED_TYPE, strlen(SHARED_TYPE), &shared_type, NULL,
                              err);
    if (st == ILONET_OK) {
        st = ilonet_strtab_intern(&out->values, "", 0, &empty_value, NULL, err);
    }
    if (st != ILONET_OK) {
        return st;
    }
    /* readers may look carried values up without checking for ILONET_NONE: use "" as the
     * loader does for an empty field */
    empty_attr = malloc((cols ? cols : 1) * sizeof *empty_attr);
    if (empty_attr == NULL) {
        return ilonet_error_nomem(err);
    }
    for (size_t c = 0; c < cols; c++) {
        empty_attr[c] = empty_value;
    }
    size_t i = 0, j = 0;
    while (st == ILONET_OK && (i < n_pairs || j < n_direct)) {
        if (i < n_pairs && (j == n_direct || pairs[i].key <= direct[j].key)) {
            size_t a = (size_t)(pairs[i].key >> 32), b = (size_t)(pairs[i].key & 0xffffffffu);
            st = ilonet_network_add_row(out, a, b, pairs[i].w, shared_type, ILONET_NO_YEAR, 0,
                                        empty_attr, err);
            i++;
            continue;
        }
        size_t r = direct[j].row;
        /* the projection's weights are strengths: 1/d for distances, so that its sums of
         * 1/weight are the original's sums of d */
        double w = net->row_weight[r], inv = ilonet_network_row_inverse(net, r);
        int dist = gr->weight_is == ILONET_WEIGHT_IS_DISTANCE;
        st = ilonet_network_add_rows(
            out, new_index[net->row_src[r]], new_index[net->row_dst[r]], dist ? inv : w,
            dist ? w : inv, ilonet_network_row_count(net, r), net->row_type[r], net->row_year[r],
            net->row_line[r], cols ? &net->row_attr[r * cols] : NULL, err);
        j++;
    }
    out->has_weight = 1;
    out->has_type = 1;
    out->has_year = net->has_year;
    free(empty_attr);
    return st;
}

ilonet_status_t ilonet_twomode_project(const ilonet_network_t *net, const ilonet_graph_t *gr,
                                       const char *second_kinds, int onto_second,
                                       ilonet_projection_weight_t weight, ilonet_network_t *out,
                                       ilonet_projection_stats_t *stats, ilonet_error_t *err)
{
    ilonet_status_t st;
    unsigned char *second = NULL;
    size_t *new_index = NULL, *scratch = NULL;
    unsigned char *tie_seen = NULL;
    pair_acc_t acc = {0};
    pair_t *pairs = NULL;
    direct_t *direct = NULL;
    igraph_adjlist_t adj;
    int adj_ready = 0;
    size_t n = ilonet_network_node_count(net);
    size_t n_first = 0, n_second = 0, n_pairs = 0, n_direct = 0, ties_kept = 0;
    size_t m = 0, k = 0;

    onto_second = onto_second != 0;
    if (stats != NULL) {
        memset(stats, 0, sizeof *stats);
    }
    st = ilonet_network_init(out, err);
    if (st != ILONET_OK) {
        return st;
    }
    /* direct ties keep their rows' lines, so errors about them can still name the file */
    ilonet_network_set_source(out, net->source);
    out->fold_rows = net->fold_rows; /* folded records are copied with their row counts */
    st = classify(net, gr, second_kinds, &second, &n_first, &n_second, err);
    if (st != ILONET_OK) {
        goto cleanup;
    }
    if (n_second == 0) {
        st = ilonet_error_set(err, ILONET_EUSAGE, NULL, 0,
                              "cannot project onto the %s mode: no node has a second-mode kind "
                              "(%.200s)",
                              onto_second ? "second" : "first", second_kinds);
        goto cleanup;
    }
    if (n_first == 0) {
        st = ilonet_error_set(err, ILONET_EUSAGE, NULL, 0,
                              "cannot project onto the %s mode: every node has a second-mode "
                              "kind (%.200s), so the first mode (other kinds) is empty",
                              onto_second ? "second" : "first", second_kinds);
        goto cleanup;
    }
    if ((uint64_t)n >= (UINT64_C(1) << 32)) {
        st = ilonet_error_set(err, ILONET_EDATA, NULL, 0, "too many nodes (%zu)", n);
        goto cleanup;
    }
    m = (size_t)igraph_ecount(&gr->g);
    new_index = malloc(n * sizeof *new_index);
    scratch = malloc(n * sizeof *scratch);
    tie_seen = calloc(m ? m : 1, 1);
    if (new_index == NULL || scratch == NULL || tie_seen == NULL || !acc_alloc(&acc, 64)) {
        st = ilonet_error_nomem(err);
        goto cleanup;
    }
    for (size_t i = 0; i < n; i++) {
        new_index[i] = second[i] == onto_second ? k++ : ILONET_NONE;
    }

    st = ilonet_igraph_check(
        igraph_adjlist_init(&gr->g, &adj, IGRAPH_ALL, IGRAPH_NO_LOOPS, IGRAPH_NO_MULTIPLE),
        "adjacency list", err);
    if (st != ILONET_OK) {
        goto cleanup;
    }
    adj_ready = 1;
    /* Other-mode nodes in index order, so each pair's floating-point sum is added up in the same
     * order on every run. */
    for (size_t p = 0; p < n; p++) {
        if (second[p] == onto_second) {
            continue;
        }
        igraph_vector_int_t *nb = igraph_adjlist_get(&adj, (igraph_integer_t)p);
        size_t d = 0;
        for (igraph_integer_t q = 0; q < igraph_vector_int_size(nb); q++) {
            size_t v = new_index[VECTOR(*nb)[q]];
            /* the list is sorted and new indexes keep the order; a directed graph's mutual ties
             * can still list a neighbour twice */
            if (v != ILONET_NONE && (d == 0 || scratch[d - 1] != v)) {
                scratch[d++] = v;
            }
        }
        if (d < 2) {
            continue;
        }
        double w = weight == ILONET_PROJECTION_NEWMAN ? 1.0 / (double)(d - 1) : 1.0;
        for (size_t a = 0; a + 1 < d; a++) {
            for (size_t b = a + 1; b < d; b++) {
                if (!acc_add(&acc, ilonet_graph_pair_key(scratch[a], scratch[b], 0), w)) {
                    st = ilonet_error_nomem(err);
                    goto cleanup;
                }
            }
        }
    }

    pairs = malloc((acc.count ? acc.count : 1) * sizeof *pairs);
    direct = malloc((net->n_rows ? net->n_rows : 1) * sizeof *direct);
    if (pairs == NULL || direct == NULL) {
        st = ilonet_error_nomem(err);
        goto cleanup;
    }
    for (size_t s = 0; s < acc.cap; s++) {
        if (acc.keys[s] != EMPTY_KEY) {
            pairs[n_pairs].key = acc.keys[s];
            pairs[n_pairs].w = acc.vals[s];
            n_pairs++;
        }
    }
    qsort(pairs, n_pairs, sizeof *pairs, by_pair_key);

    for (size_t r = 0; r < net->n_rows; r++) {
        size_t u = net->row_src[r], v = net->row_dst[r];
        size_t t = gr->row_tie[r];
        if (t == ILONET_NONE || new_index[u] == ILONET_NONE || new_index[v] == ILONET_NONE) {
            continue;
        }
        direct[n_direct].key = ilonet_graph_pair_key(new_index[u], new_index[v], 0);
        direct[n_direct].row = r;
        n_direct++;
        if (!tie_seen[t]) {
            tie_seen[t] = 1;
            ties_kept++;
        }
    }
    qsort(direct, n_direct, sizeof *direct, by_key_then_row);

    /* Same values in the same order give the same indexes, so carried attribute and row type
     * indexes copy over unchanged. */
    for (size_t v = 0; v < net->values.count; v++) {
        const char *s = ilonet_strtab_get(&net->values, v);
        size_t idx;
        st = ilonet_strtab_intern(&out->values, s, strlen(s), &idx, NULL, err);
        if (st != ILONET_OK) {
            goto cleanup;
        }
        if (idx != v) {
            st = ilonet_error_set(err, ILONET_EINTERNAL, NULL, 0,
                                  "attribute value %zu copied to index %zu", v, idx);
            goto cleanup;
        }
    }
    st = copy_nodes(net, second, onto_second, out, err);
    if (st == ILONET_OK) {
        st = write_rows(net, gr, new_index, pairs, n_pairs, direct, n_direct, out, err);
    }
    if (st == ILONET_OK && stats != NULL) {
        stats->pairs = n_pairs;
        stats->direct_ties_kept = ties_kept;
    }

cleanup:
    if (adj_ready) {
        igraph_adjlist_destroy(&adj);
    }
    free(acc.keys);
    free(acc.vals);
    free(pairs);
    free(direct);
    free(tie_seen);
    free(scratch);
    free(new_index);
    free(second);
    if (st != ILONET_OK) {
        ilonet_network_destroy(out);
    }
    return st;
}
