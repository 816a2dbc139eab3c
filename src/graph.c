/* Merges edge rows into ties by sorting their pairs and creates the igraph graph at once. */
#include "ilonet/graph.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ilonet/igraph_bridge.h"
#include "ilonet/strtab.h"
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

void ilonet_graph_release_rows(ilonet_graph_t *gr)
{
    free(gr->row_tie);
    gr->row_tie = NULL;
    gr->n_rows = 0;
}

void ilonet_graph_destroy(ilonet_graph_t *gr)
{
    if (gr->ready) {
        igraph_destroy(&gr->g);
        igraph_vector_destroy(&gr->strength); /* weight shares this or distance */
        igraph_vector_destroy(&gr->distance);
    }
    ilonet_graph_release_rows(gr);
    memset(gr, 0, sizeof *gr);
}

static void *alloc_big(size_t count, size_t size)
{
    if (count == 0) {
        count = 1;
    }
    if (count > SIZE_MAX / size) {
        return NULL;
    }
    void *p = malloc(count * size);
    ilonet_hint_huge_pages(p, 0, count * size);
    return p;
}

/* A record as the sorts move it: the pair as igraph stores it (from, to) and the record. */
typedef struct {
    uint32_t a, b;
    size_t r;
} pair_rec_t;

/* The igraph_t of 0.10 is an indexed edge list: from/to per edge, oi/ii the edges ordered by
 * (from, to) and by (to, from), os/is where each vertex's run starts in them. igraph_create
 * computes oi and ii with a linked-list radix sort whose pointer chasing dominated building
 * large graphs; the ties here come out of our own counting sorts already in (from, to) order,
 * so the index is filled directly. The fields are public in igraph_datatype.h; other versions
 * take the igraph_create path. */
#if IGRAPH_VERSION_MAJOR == 0 && IGRAPH_VERSION_MINOR == 10
#define FILL_INDEX 1
#else
#define FILL_INDEX 0
#endif

/* Stable counting sort of n records from in into out by key a (by_a) or b, for keys < nv;
 * cnt has nv + 1 entries and is overwritten. O(n + nv). */
static void sort_by(const pair_rec_t *in, pair_rec_t *out, size_t n, size_t *cnt, size_t nv,
                    int by_a)
{
    memset(cnt, 0, (nv + 1) * sizeof *cnt);
    for (size_t i = 0; i < n; i++) {
        cnt[(by_a ? in[i].a : in[i].b) + 1]++;
    }
    for (size_t v = 0; v < nv; v++) {
        cnt[v + 1] += cnt[v];
    }
    for (size_t i = 0; i < n; i++) {
        out[cnt[by_a ? in[i].a : in[i].b]++] = in[i];
    }
}

/* Makes gr->g from the ties with igraph_create: ord[k] is the tie ord[k].r, from ord[k].a to
 * ord[k].b. */
static ilonet_status_t create_graph(ilonet_graph_t *gr, size_t n, const pair_rec_t *ord,
                                    size_t ties, ilonet_error_t *err)
{
    ilonet_status_t st = ILONET_OK;
    igraph_vector_int_t edges;
    ILONET_IGRAPH_CHECK(igraph_vector_int_init(&edges, 2 * (igraph_integer_t)ties), "vector");
    for (size_t j = 0; j < ties; j++) {
        VECTOR(edges)[2 * ord[j].r] = (igraph_integer_t)ord[j].a;
        VECTOR(edges)[2 * ord[j].r + 1] = (igraph_integer_t)ord[j].b;
    }
    st = ilonet_igraph_check(igraph_create(&gr->g, &edges, (igraph_integer_t)n, gr->directed),
                             "building the graph", err);
    igraph_vector_int_destroy(&edges);
cleanup:
    return st;
}

#if FILL_INDEX
/* The same graph, its index filled directly: ord lists the ties in (from, to) order, with from
 * the larger index when undirected, as igraph stores them. cnt (n + 1 entries) is scratch. */
static ilonet_status_t fill_graph(ilonet_graph_t *gr, size_t n, const pair_rec_t *ord, size_t ties,
                                  size_t *cnt, ilonet_error_t *err)
{
    ilonet_status_t st = ILONET_OK;
    igraph_integer_t m = (igraph_integer_t)ties;
    igraph_t *g = &gr->g;
    ILONET_IGRAPH_CHECK(igraph_empty(g, (igraph_integer_t)n, gr->directed), "building the graph");
    if (g->attr != NULL) {
        /* an attribute table would need to hear of the edges: let igraph add them */
        igraph_destroy(g);
        return create_graph(gr, n, ord, ties, err);
    }
    st = ilonet_igraph_check(igraph_vector_int_resize(&g->from, m), "building the graph", err);
    if (st == ILONET_OK) {
        st = ilonet_igraph_check(igraph_vector_int_resize(&g->to, m), "building the graph", err);
    }
    if (st == ILONET_OK) {
        st = ilonet_igraph_check(igraph_vector_int_resize(&g->oi, m), "building the graph", err);
    }
    if (st == ILONET_OK) {
        st = ilonet_igraph_check(igraph_vector_int_resize(&g->ii, m), "building the graph", err);
    }
    if (st != ILONET_OK) {
        igraph_destroy(g);
        return st;
    }
    ilonet_hint_huge_pages(VECTOR(g->from), 0, ties * sizeof(igraph_integer_t));
    ilonet_hint_huge_pages(VECTOR(g->to), 0, ties * sizeof(igraph_integer_t));
    ilonet_hint_huge_pages(VECTOR(g->oi), 0, ties * sizeof(igraph_integer_t));
    ilonet_hint_huge_pages(VECTOR(g->ii), 0, ties * sizeof(igraph_integer_t));
    igraph_integer_t *from = VECTOR(g->from), *to = VECTOR(g->to);
    igraph_integer_t *oi = VECTOR(g->oi), *ii = VECTOR(g->ii);
    igraph_integer_t *os = VECTOR(g->os), *is = VECTOR(g->is);
    memset(cnt, 0, (n + 1) * sizeof *cnt);
    for (size_t k = 0; k < ties; k++) {
        size_t t = ord[k].r;
        from[t] = (igraph_integer_t)ord[k].a;
        to[t] = (igraph_integer_t)ord[k].b;
        oi[k] = (igraph_integer_t)t;
        cnt[ord[k].b + 1]++;
    }
    /* os[v]: where from == v starts in oi, which follows ord */
    size_t k = 0;
    for (size_t v = 0; v <= n; v++) {
        while (k < ties && ord[k].a < v) {
            k++;
        }
        os[v] = (igraph_integer_t)k;
    }
    for (size_t v = 0; v < n; v++) {
        cnt[v + 1] += cnt[v];
    }
    for (size_t v = 0; v <= n; v++) {
        is[v] = (igraph_integer_t)cnt[v];
    }
    /* ii: (to, from) order, a stable pass over oi by to */
    for (size_t j = 0; j < ties; j++) {
        ii[cnt[ord[j].b]++] = (igraph_integer_t)ord[j].r;
    }
    igraph_invalidate_cache(g);
cleanup:
    return st;
}
#endif

/* Makes gr->g from the ties (see fill_graph). */
static ilonet_status_t make_graph(ilonet_graph_t *gr, size_t n, const pair_rec_t *ord, size_t ties,
                                  size_t *cnt, ilonet_error_t *err)
{
#if FILL_INDEX
    return fill_graph(gr, n, ord, ties, cnt, err);
#else
    (void)cnt;
    return create_graph(gr, n, ord, ties, err);
#endif
}

/* ilonet_graph_build; with release set (the same network as net), the rows are freed once
 * read, before the index is filled. */
static ilonet_status_t build(ilonet_graph_t *gr, const ilonet_network_t *net,
                             ilonet_network_t *release, const ilonet_graph_options_t *opts,
                             ilonet_error_t *err)
{
    ilonet_status_t st = ILONET_OK;
    size_t n = ilonet_network_node_count(net);
    size_t nr = net->n_rows;
    pair_rec_t *e1 = NULL, *e2 = NULL;
    size_t *cnt = NULL;
    int graph_ready = 0, vectors = 0;

    memset(gr, 0, sizeof *gr);
    gr->directed = opts->directed;
    gr->weight_is = opts->weight_is;
    gr->n_rows = nr;
    if ((uint64_t)n >= (UINT64_C(1) << 32)) {
        return ilonet_error_set(err, ILONET_EDATA, NULL, 0, "too many nodes (%zu)", n);
    }
    gr->row_tie = alloc_big(nr, sizeof *gr->row_tie);
    e1 = alloc_big(nr, sizeof *e1);
    e2 = alloc_big(nr, sizeof *e2);
    cnt = alloc_big(n + 1, sizeof *cnt);
    if (gr->row_tie == NULL || e1 == NULL || e2 == NULL || cnt == NULL) {
        st = ilonet_error_nomem(err);
        goto cleanup;
    }
    /* Ties are the records' pairs; sorting the records by pair (b, then a, both stable) puts
     * each tie's records together, in file order, with no hash table. */
    size_t m = 0;
    for (size_t r = 0; r < nr; r++) {
        size_t u = net->row_src[r], v = net->row_dst[r];
        if (u == v) {
            gr->row_tie[r] = ILONET_NONE;
            continue;
        }
        if (!opts->directed && u < v) {
            size_t t = u;
            u = v;
            v = t;
        }
        e1[m].a = (uint32_t)u;
        e1[m].b = (uint32_t)v;
        e1[m].r = r;
        m++;
    }
    sort_by(e1, e2, m, cnt, n, 0);
    sort_by(e2, e1, m, cnt, n, 1);
    /* row_tie holds each record's tie's first record for now */
    size_t ties = 0;
    for (size_t i = 0; i < m;) {
        size_t j = i + 1;
        while (j < m && e1[j].a == e1[i].a && e1[j].b == e1[i].b) {
            j++;
        }
        for (size_t k = i; k < j; k++) {
            gr->row_tie[e1[k].r] = e1[i].r;
        }
        e1[ties++] = e1[i]; /* the ties in (from, to) order, named by their first record */
        i = j;
    }
    free(e2);
    e2 = NULL;

    if (igraph_vector_init(&gr->strength, (igraph_integer_t)ties) != IGRAPH_SUCCESS) {
        st = ilonet_error_nomem(err);
        goto cleanup;
    }
    vectors = 1;
    double *sum = VECTOR(gr->strength);
    ilonet_hint_huge_pages(sum, 0, ties * sizeof *sum);
    /* In file order, as the rows were read: tie numbers by first appearance, strengths summed
     * record by record, and the first row whose weight makes trouble is the one named. */
    int inverse = opts->weight_is == ILONET_WEIGHT_IS_DISTANCE;
    size_t nt = 0;
    for (size_t r = 0; r < nr; r++) {
        size_t count = ilonet_network_row_count(net, r); /* > 1 when rows were folded */
        size_t f = gr->row_tie[r];
        if (f == ILONET_NONE) {
            gr->self_loops_dropped += count;
            continue;
        }
        /* the record's rows summed in file order: strengths, or 1/d for distances */
        double s = inverse ? ilonet_network_row_inverse(net, r) : net->row_weight[r];
        int found = f != r;
        if (!isfinite(s)) { /* within the record: a 1/d below 1/DBL_MAX, or folded rows' sum */
            size_t line = ilonet_network_row_inf_line(net, r, inverse);
            st = weight_error(net, r, line, opts->directed, opts->weight_is, 0,
                              !found && count == 1, s, err);
            goto cleanup;
        }
        if (found) {
            size_t t = gr->row_tie[f];
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
        sum[nt] = s;
        gr->row_tie[r] = nt++;
    }
    /* Sums only grow, so a length 1/sum that is infinite now was so from the tie's first row:
     * name that row. */
    for (size_t r = 0; r < nr; r++) {
        size_t t = gr->row_tie[r];
        if (t != ILONET_NONE && !isfinite(1.0 / sum[t])) {
            st = weight_error(net, r, net->row_line[r], opts->directed, opts->weight_is, 1, 0,
                              sum[t], err);
            goto cleanup;
        }
    }
    for (size_t k = 0; k < ties; k++) {
        e1[k].r = gr->row_tie[e1[k].r];
    }
    if (release != NULL) {
        /* every row has been read and checked: the index needs only e1 */
        ilonet_network_release_rows(release);
        ilonet_graph_release_rows(gr);
    }
    st = make_graph(gr, n, e1, ties, cnt, err);
    if (st != ILONET_OK) {
        goto cleanup;
    }
    graph_ready = 1;
    free(e1); /* before the distances: on a large graph this lowers the peak */
    e1 = NULL;
    free(cnt);
    cnt = NULL;
    if (igraph_vector_init(&gr->distance, (igraph_integer_t)ties) != IGRAPH_SUCCESS) {
        st = ilonet_error_nomem(err);
        goto cleanup;
    }
    vectors = 2;
    ilonet_hint_huge_pages(VECTOR(gr->distance), 0, ties * sizeof(double));
    gr->ready = 1; /* from here on ilonet_graph_destroy frees the graph and both vectors */
    for (size_t t = 0; t < ties; t++) {
        VECTOR(gr->distance)[t] = 1.0 / sum[t];
    }
    /* The weights in the file's meaning are the strengths, or the lengths when the file gave
     * distances: the same doubles, so no third vector (on a large projection it would be the
     * graph's largest after the index). */
    gr->weight = inverse ? gr->distance : gr->strength;

cleanup:
    if (st != ILONET_OK && !gr->ready) {
        if (graph_ready) {
            igraph_destroy(&gr->g);
        }
        if (vectors >= 1) {
            igraph_vector_destroy(&gr->strength);
        }
        if (vectors >= 2) {
            igraph_vector_destroy(&gr->distance);
        }
    }
    free(e1);
    free(e2);
    free(cnt);
    if (st != ILONET_OK) {
        ilonet_graph_destroy(gr);
    }
    return st;
}

ilonet_status_t ilonet_graph_build(ilonet_graph_t *gr, const ilonet_network_t *net,
                                   const ilonet_graph_options_t *opts, ilonet_error_t *err)
{
    return build(gr, net, NULL, opts, err);
}

ilonet_status_t ilonet_graph_build_releasing_rows(ilonet_graph_t *gr, ilonet_network_t *net,
                                                  const ilonet_graph_options_t *opts,
                                                  ilonet_error_t *err)
{
    return build(gr, net, net, opts, err);
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
