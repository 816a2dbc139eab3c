/* Splits a network into two modes by node kind and builds one-mode projections row by row
 * (a sparse B * B^T), so that memory follows the number of sharing pairs rather than V^2. */
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

/* The bipartite adjacency the projection walks, in compressed rows: projected node a (its new
 * index) lists its other-mode neighbours p ascending, other-mode node p its projected neighbours
 * (new indexes) ascending; no duplicates, so a directed graph's mutual ties count once. 32-bit
 * entries (networks are below 2^32 nodes) keep it small next to the graph it is read from. */
typedef struct {
    size_t *o_off; /* n + 2: p's neighbours are o_nb[o_off[p] .. o_off[p + 1]) */
    uint32_t *o_nb;
    size_t *p_off; /* k + 2: a's neighbours are p_nb[p_off[a] .. p_off[a + 1]) */
    uint32_t *p_nb;
} bipartite_t;

static void bipartite_free(bipartite_t *bp)
{
    free(bp->o_off);
    free(bp->o_nb);
    free(bp->p_off);
    free(bp->p_nb);
}

/* Fills *bp from the graph's ties between the modes by counting sorts (no per-node vectors):
 * bucket each tie by its other-mode end, drop repeats with mark (k zeros, left zeroed), then
 * transpose twice, which sorts both sides. O(V + E). */
static ilonet_status_t bipartite_build(const ilonet_graph_t *gr, const unsigned char *second,
                                       int onto_second, const size_t *new_index, size_t n, size_t k,
                                       uint32_t *mark, bipartite_t *bp, ilonet_error_t *err)
{
    const igraph_t *g = &gr->g;
    igraph_integer_t m = igraph_ecount(g);
    size_t cross = 0;
    memset(bp, 0, sizeof *bp);
    bp->o_off = calloc(n + 2, sizeof *bp->o_off);
    bp->p_off = calloc(k + 2, sizeof *bp->p_off);
    if (bp->o_off == NULL || bp->p_off == NULL) {
        return ilonet_error_nomem(err);
    }
    for (igraph_integer_t e = 0; e < m; e++) {
        size_t u = (size_t)IGRAPH_FROM(g, e), v = (size_t)IGRAPH_TO(g, e);
        if (second[u] != second[v]) {
            bp->o_off[(second[u] == onto_second ? v : u) + 2]++;
            cross++;
        }
    }
    bp->o_nb = malloc((cross ? cross : 1) * sizeof *bp->o_nb);
    bp->p_nb = malloc((cross ? cross : 1) * sizeof *bp->p_nb);
    if (bp->o_nb == NULL || bp->p_nb == NULL) {
        return ilonet_error_nomem(err);
    }
    /* counts sit at [p + 2], so that after the sums [p + 1] is p's start and filling through it
     * leaves it at p's end, which is p + 1's start */
    for (size_t i = 2; i < n + 2; i++) {
        bp->o_off[i] += bp->o_off[i - 1];
    }
    for (igraph_integer_t e = 0; e < m; e++) {
        size_t u = (size_t)IGRAPH_FROM(g, e), v = (size_t)IGRAPH_TO(g, e);
        if (second[u] != second[v]) {
            int u_projected = second[u] == onto_second;
            size_t p = u_projected ? v : u;
            bp->o_nb[bp->o_off[p + 1]++] = (uint32_t)new_index[u_projected ? u : v];
        }
    }
    size_t w = 0, from = 0;
    for (size_t p = 0; p < n; p++) {
        size_t to = bp->o_off[p + 1];
        bp->o_off[p] = w;
        for (size_t i = from; i < to; i++) {
            uint32_t a = bp->o_nb[i];
            if (mark[a] != (uint32_t)(p + 1)) {
                mark[a] = (uint32_t)(p + 1);
                bp->o_nb[w++] = a;
            }
        }
        from = to;
    }
    bp->o_off[n] = w;
    memset(mark, 0, (k ? k : 1) * sizeof *mark);
    for (size_t i = 0; i < w; i++) {
        bp->p_off[bp->o_nb[i] + 2]++;
    }
    for (size_t i = 2; i < k + 2; i++) {
        bp->p_off[i] += bp->p_off[i - 1];
    }
    for (size_t p = 0; p < n; p++) {
        for (size_t i = bp->o_off[p]; i < bp->o_off[p + 1]; i++) {
            bp->p_nb[bp->p_off[bp->o_nb[i] + 1]++] = (uint32_t)p;
        }
    }
    /* back the other way, a ascending, so that each p's list comes out sorted */
    memmove(bp->o_off + 1, bp->o_off, n * sizeof *bp->o_off);
    bp->o_off[0] = 0;
    for (size_t a = 0; a < k; a++) {
        for (size_t i = bp->p_off[a]; i < bp->p_off[a + 1]; i++) {
            bp->o_nb[bp->o_off[bp->p_nb[i] + 1]++] = (uint32_t)a;
        }
    }
    return ILONET_OK;
}

/* The number of pairs a < b with an other-mode neighbour in common (mark: k zeros, left
 * dirty). O(sum over p of deg(p)^2 / 2). */
static size_t count_pairs(const bipartite_t *bp, size_t k, uint32_t *mark)
{
    size_t pairs = 0;
    for (size_t a = 0; a < k; a++) {
        uint32_t tag = (uint32_t)(a + 1);
        for (size_t i = bp->p_off[a]; i < bp->p_off[a + 1]; i++) {
            uint32_t p = bp->p_nb[i];
            /* p's list is ascending and holds a: its members above a are its tail */
            for (size_t j = bp->o_off[p + 1]; j > bp->o_off[p] && bp->o_nb[j - 1] > a; j--) {
                uint32_t b = bp->o_nb[j - 1];
                if (mark[b] != tag) {
                    mark[b] = tag;
                    pairs++;
                }
            }
        }
    }
    return pairs;
}

/* Sorts v ascending: quicksort (median of three, the smaller side first so the stack stays
 * O(log n)) down to short runs, then insertion sort; several times faster than qsort here, where
 * the comparison call dominates. */
static void sort_indexes(uint32_t *v, size_t n)
{
    while (n > 16) {
        uint32_t x = v[0], y = v[n / 2], z = v[n - 1];
        uint32_t pivot = x < y ? (y < z ? y : (x < z ? z : x)) : (x < z ? x : (y < z ? z : y));
        size_t i = 0, j = n - 1;
        for (;;) {
            while (v[i] < pivot) {
                i++;
            }
            while (v[j] > pivot) {
                j--;
            }
            if (i >= j) {
                break;
            }
            uint32_t t = v[i];
            v[i++] = v[j];
            v[j--] = t;
        }
        /* v[0..j] <= pivot <= v[j+1..n-1], both sides non-empty */
        size_t left = j + 1;
        if (left < n - left) {
            sort_indexes(v, left);
            v += left;
            n -= left;
        } else {
            sort_indexes(v + left, n - left);
            n = left;
        }
    }
    for (size_t i = 1; i < n; i++) {
        uint32_t x = v[i];
        size_t j = i;
        for (; j > 0 && v[j - 1] > x; j--) {
            v[j] = v[j - 1];
        }
        v[j] = x;
    }
}

/* A kept direct row, copied out of the input with its output nodes and its weight already a
 * strength, so that the rows can be written after the input is freed. */
typedef struct {
    uint64_t key;
    size_t src, dst, count, type, line;
    double weight, inverse;
    int year;
} direct_row_t;

struct ilonet_twomode_plan {
    ilonet_network_t out; /* nodes, values and edge columns; rows come in the second half */
    ilonet_projection_weight_t weight;
    size_t k;       /* projected nodes */
    size_t n_pairs; /* shared rows to write */
    bipartite_t bp;
    direct_row_t *direct; /* in output order */
    size_t n_direct;
    size_t *direct_attr; /* direct row j's carried values at [j * n_edge_cols] */
    size_t *empty_attr;
    size_t shared_type;
    int written; /* out was handed over */
};

void ilonet_twomode_plan_destroy(ilonet_twomode_plan_t *plan)
{
    if (plan == NULL) {
        return;
    }
    ilonet_network_destroy(&plan->out);
    bipartite_free(&plan->bp);
    free(plan->direct);
    free(plan->direct_attr);
    free(plan->empty_attr);
    free(plan);
}

/* Copies the rows joining two projected nodes (kept as they are) into plan, sorted by output
 * pair, then input order, and counts their ties. */
static ilonet_status_t copy_direct(const ilonet_network_t *net, const ilonet_graph_t *gr,
                                   const size_t *new_index, ilonet_twomode_plan_t *plan,
                                   size_t *ties_kept, ilonet_error_t *err)
{
    ilonet_status_t st = ILONET_OK;
    size_t m = (size_t)igraph_ecount(&gr->g), cols = net->n_edge_cols, n_direct = 0;
    unsigned char *tie_seen = NULL;
    direct_t *order = NULL;
    for (size_t r = 0; r < net->n_rows; r++) {
        size_t t = gr->row_tie[r];
        n_direct += t != ILONET_NONE && new_index[net->row_src[r]] != ILONET_NONE &&
                    new_index[net->row_dst[r]] != ILONET_NONE;
    }
    *ties_kept = 0;
    if (n_direct == 0) {
        return ILONET_OK;
    }
    tie_seen = calloc(m ? m : 1, 1);
    order = malloc(n_direct * sizeof *order);
    plan->direct = malloc(n_direct * sizeof *plan->direct);
    plan->direct_attr = malloc((cols ? n_direct * cols : 1) * sizeof *plan->direct_attr);
    if (tie_seen == NULL || order == NULL || plan->direct == NULL || plan->direct_attr == NULL) {
        st = ilonet_error_nomem(err);
        goto cleanup;
    }
    size_t j = 0;
    for (size_t r = 0; r < net->n_rows; r++) {
        size_t u = new_index[net->row_src[r]], v = new_index[net->row_dst[r]];
        size_t t = gr->row_tie[r];
        if (t == ILONET_NONE || u == ILONET_NONE || v == ILONET_NONE) {
            continue;
        }
        order[j].key = ilonet_graph_pair_key(u, v, 0);
        order[j].row = r;
        j++;
        if (!tie_seen[t]) {
            tie_seen[t] = 1;
            (*ties_kept)++;
        }
    }
    qsort(order, n_direct, sizeof *order, by_key_then_row);
    int dist = gr->weight_is == ILONET_WEIGHT_IS_DISTANCE;
    for (j = 0; j < n_direct; j++) {
        size_t r = order[j].row;
        /* the projection's weights are strengths: 1/d for distances, so that its sums of
         * 1/weight are the original's sums of d */
        double w = net->row_weight[r], inv = ilonet_network_row_inverse(net, r);
        plan->direct[j] = (direct_row_t){.key = order[j].key,
                                         .src = new_index[net->row_src[r]],
                                         .dst = new_index[net->row_dst[r]],
                                         .count = ilonet_network_row_count(net, r),
                                         .type = net->row_type[r],
                                         .line = net->row_line[r],
                                         .weight = dist ? inv : w,
                                         .inverse = dist ? w : inv,
                                         .year = net->row_year[r]};
        if (cols > 0) {
            memcpy(&plan->direct_attr[j * cols], &net->row_attr[r * cols],
                   cols * sizeof *plan->direct_attr);
        }
    }
    plan->n_direct = n_direct;

cleanup:
    free(order);
    free(tie_seen);
    return st;
}

/* Copies what the output network takes from the input besides rows: values (index for index,
 * so carried attribute and row type indexes carry over unchanged), projected nodes, edge
 * columns, and the "shared" type and "" value of the shared rows. */
static ilonet_status_t start_output(const ilonet_network_t *net, const unsigned char *second,
                                    int onto_second, ilonet_twomode_plan_t *plan,
                                    ilonet_error_t *err)
{
    ilonet_network_t *out = &plan->out;
    ilonet_status_t st = ILONET_OK;
    for (size_t v = 0; v < net->values.count && st == ILONET_OK; v++) {
        const char *s = ilonet_strtab_get(&net->values, v);
        size_t idx;
        st = ilonet_strtab_intern(&out->values, s, strlen(s), &idx, NULL, err);
        if (st == ILONET_OK && idx != v) {
            st = ilonet_error_set(err, ILONET_EINTERNAL, NULL, 0,
                                  "attribute value %zu copied to index %zu", v, idx);
        }
    }
    if (st == ILONET_OK) {
        st = copy_nodes(net, second, onto_second, out, err);
    }
    size_t cols = net->n_edge_cols, empty_value = 0;
    if (st == ILONET_OK) {
        st = copy_names(net->edge_cols, cols, &out->edge_cols, &out->n_edge_cols, err);
    }
    if (st == ILONET_OK) {
        st = ilonet_strtab_intern(&out->values, SHARED_TYPE, strlen(SHARED_TYPE),
                                  &plan->shared_type, NULL, err);
    }
    if (st == ILONET_OK) {
        st = ilonet_strtab_intern(&out->values, "", 0, &empty_value, NULL, err);
    }
    if (st != ILONET_OK) {
        return st;
    }
    /* readers may look carried values up without checking for ILONET_NONE: use "" as the
     * loader does for an empty field */
    plan->empty_attr = malloc((cols ? cols : 1) * sizeof *plan->empty_attr);
    if (plan->empty_attr == NULL) {
        return ilonet_error_nomem(err);
    }
    for (size_t c = 0; c < cols; c++) {
        plan->empty_attr[c] = empty_value;
    }
    out->has_weight = 1;
    out->has_type = 1;
    out->has_year = net->has_year;
    return ILONET_OK;
}

ilonet_status_t ilonet_twomode_plan(const ilonet_network_t *net, const ilonet_graph_t *gr,
                                    const char *second_kinds, int onto_second,
                                    ilonet_projection_weight_t weight,
                                    ilonet_twomode_plan_t **plan_out,
                                    ilonet_projection_stats_t *stats, ilonet_error_t *err)
{
    ilonet_status_t st;
    unsigned char *second = NULL;
    size_t *new_index = NULL;
    uint32_t *mark = NULL;
    size_t n = ilonet_network_node_count(net);
    size_t n_first = 0, n_second = 0, ties_kept = 0;

    *plan_out = NULL;
    onto_second = onto_second != 0;
    if (stats != NULL) {
        memset(stats, 0, sizeof *stats);
    }
    ilonet_twomode_plan_t *plan = calloc(1, sizeof *plan);
    if (plan == NULL) {
        return ilonet_error_nomem(err);
    }
    st = ilonet_network_init(&plan->out, err);
    if (st != ILONET_OK) {
        free(plan);
        return st;
    }
    plan->weight = weight;
    /* direct ties keep their rows' lines, so errors about them can still name the file */
    ilonet_network_set_source(&plan->out, net->source);
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
    /* 32-bit adjacency entries, and mark tags up to n */
    if ((uint64_t)n >= (UINT64_C(1) << 32) - 1) {
        st = ilonet_error_set(err, ILONET_EDATA, NULL, 0, "too many nodes (%zu)", n);
        goto cleanup;
    }
    plan->k = onto_second ? n_second : n_first;
    new_index = malloc(n * sizeof *new_index);
    mark = calloc(plan->k, sizeof *mark);
    if (new_index == NULL || mark == NULL) {
        st = ilonet_error_nomem(err);
        goto cleanup;
    }
    for (size_t i = 0, next = 0; i < n; i++) {
        new_index[i] = second[i] == onto_second ? next++ : ILONET_NONE;
    }
    st = bipartite_build(gr, second, onto_second, new_index, n, plan->k, mark, &plan->bp, err);
    if (st != ILONET_OK) {
        goto cleanup;
    }
    plan->n_pairs = count_pairs(&plan->bp, plan->k, mark);
    st = copy_direct(net, gr, new_index, plan, &ties_kept, err);
    if (st != ILONET_OK) {
        goto cleanup;
    }
    /* Folded records are copied with their row counts. Shared rows are unique (one per pair),
     * and the input's records are distinct in everything folding compares, which the
     * renumbering keeps, so a direct row can only equal its own pair's shared row; without
     * direct rows no row folds, and the fold arrays (a third of a record) are left out. */
    plan->out.fold_rows = net->fold_rows && plan->n_direct > 0;
    st = start_output(net, second, onto_second, plan, err);
    if (st == ILONET_OK && stats != NULL) {
        stats->pairs = plan->n_pairs;
        stats->direct_ties_kept = ties_kept;
    }

cleanup:
    free(mark);
    free(new_index);
    free(second);
    if (st != ILONET_OK) {
        ilonet_twomode_plan_destroy(plan);
        return st;
    }
    *plan_out = plan;
    return ILONET_OK;
}

/* Adds the direct rows up to pair key (inclusive when shared, which is the record of key's
 * shared row: the only earlier record they can equal, see ilonet_twomode_plan). */
static ilonet_status_t write_direct(ilonet_twomode_plan_t *plan, size_t *next, uint64_t key,
                                    int inclusive, size_t shared, ilonet_error_t *err)
{
    size_t cols = plan->out.n_edge_cols;
    for (; *next < plan->n_direct; (*next)++) {
        const direct_row_t *d = &plan->direct[*next];
        if (d->key > key || (d->key == key && !inclusive)) {
            break;
        }
        ilonet_status_t st = ilonet_network_append_rows(
            &plan->out, d->src, d->dst, d->weight, d->inverse, d->count, d->type, d->year, d->line,
            cols ? &plan->direct_attr[*next * cols] : NULL, d->key == key ? shared : ILONET_NONE,
            err);
        if (st != ILONET_OK) {
            return st;
        }
    }
    return ILONET_OK;
}

/* Row by row of the product B * B^T (Gustavson's order): for each projected node a, the
 * weights of its pairs (a, b > a) gather in acc through p's lists, p ascending, so that each
 * pair's floating-point sum is added up in the same order on every run; then the pairs go out
 * sorted by b, merged with the direct rows. */
static ilonet_status_t write_rows(ilonet_twomode_plan_t *plan, uint32_t *mark, uint32_t *touched,
                                  double *acc, ilonet_error_t *err)
{
    const bipartite_t *bp = &plan->bp;
    ilonet_network_t *out = &plan->out;
    ilonet_status_t st = ILONET_OK;
    size_t pairs = 0, next = 0;
    for (size_t a = 0; a < plan->k && st == ILONET_OK; a++) {
        uint32_t tag = (uint32_t)(a + 1);
        size_t t = 0;
        for (size_t i = bp->p_off[a]; i < bp->p_off[a + 1]; i++) {
            uint32_t p = bp->p_nb[i];
            size_t lo = bp->o_off[p], hi = bp->o_off[p + 1];
            double w = plan->weight == ILONET_PROJECTION_NEWMAN ? 1.0 / (double)(hi - lo - 1) : 1.0;
            for (size_t j = hi; j > lo && bp->o_nb[j - 1] > a; j--) {
                uint32_t b = bp->o_nb[j - 1];
                if (mark[b] != tag) {
                    mark[b] = tag;
                    acc[b] = 0.0;
                    touched[t++] = b;
                }
                acc[b] += w;
            }
        }
        if (t > 64 && t >= (plan->k - a) / 8) {
            /* many of the nodes above a: picking them out of mark in order is cheaper */
            size_t w = 0;
            for (size_t b = a + 1; b < plan->k; b++) {
                if (mark[b] == tag) {
                    touched[w++] = (uint32_t)b;
                }
            }
        } else {
            sort_indexes(touched, t);
        }
        for (size_t i = 0; i < t && st == ILONET_OK; i++) {
            uint64_t key = ilonet_graph_pair_key(a, touched[i], 0);
            st = write_direct(plan, &next, key, 0, ILONET_NONE, err);
            if (st != ILONET_OK) {
                break;
            }
            size_t shared = out->n_rows;
            double s = acc[touched[i]];
            st = ilonet_network_append_rows(out, a, touched[i], s, 1.0 / s, 1, plan->shared_type,
                                            ILONET_NO_YEAR, 0, plan->empty_attr, ILONET_NONE, err);
            if (st == ILONET_OK) {
                st = write_direct(plan, &next, key, 1, shared, err);
            }
        }
        pairs += t;
    }
    if (st == ILONET_OK) {
        st = write_direct(plan, &next, UINT64_MAX, 1, ILONET_NONE, err);
    }
    if (st == ILONET_OK && pairs != plan->n_pairs) {
        st = ilonet_error_set(err, ILONET_EINTERNAL, NULL, 0,
                              "%zu projected pairs written, %zu counted", pairs, plan->n_pairs);
    }
    return st;
}

ilonet_status_t ilonet_twomode_plan_write(ilonet_twomode_plan_t *plan, ilonet_network_t *out,
                                          ilonet_error_t *err)
{
    memset(out, 0, sizeof *out);
    if (plan->written) {
        ilonet_network_destroy(out);
        return ilonet_error_set(err, ILONET_EUSAGE, NULL, 0, "projection already written");
    }
    plan->written = 1;
    size_t k = plan->k;
    uint32_t *mark = calloc(k ? k : 1, sizeof *mark);
    uint32_t *touched = malloc((k ? k : 1) * sizeof *touched);
    double *acc = malloc((k ? k : 1) * sizeof *acc);
    ilonet_status_t st = ILONET_OK;
    if (mark == NULL || touched == NULL || acc == NULL) {
        st = ilonet_error_nomem(err);
    }
    if (st == ILONET_OK) {
        st = ilonet_network_reserve_rows(&plan->out, plan->n_pairs + plan->n_direct, err);
    }
    if (st == ILONET_OK) {
        st = write_rows(plan, mark, touched, acc, err);
    }
    free(acc);
    free(touched);
    free(mark);
    /* the plan's network goes to *out either way; the plan keeps an empty one */
    *out = plan->out;
    memset(&plan->out, 0, sizeof plan->out);
    bipartite_free(&plan->bp);
    memset(&plan->bp, 0, sizeof plan->bp);
    if (st != ILONET_OK) {
        ilonet_network_destroy(out);
    }
    return st;
}

ilonet_status_t ilonet_twomode_project(const ilonet_network_t *net, const ilonet_graph_t *gr,
                                       const char *second_kinds, int onto_second,
                                       ilonet_projection_weight_t weight, ilonet_network_t *out,
                                       ilonet_projection_stats_t *stats, ilonet_error_t *err)
{
    ilonet_twomode_plan_t *plan = NULL;
    ilonet_status_t st =
        ilonet_twomode_plan(net, gr, second_kinds, onto_second, weight, &plan, stats, err);
    if (st == ILONET_OK) {
        st = ilonet_twomode_plan_write(plan, out, err);
    } else {
        memset(out, 0, sizeof *out);
        ilonet_network_destroy(out); /* as a destroyed network is left: safe to destroy again */
    }
    ilonet_twomode_plan_destroy(plan);
    if (st != ILONET_OK && stats != NULL) {
        memset(stats, 0, sizeof *stats);
    }
    return st;
}
