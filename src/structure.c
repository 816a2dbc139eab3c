/* Brokerage and structure measures: checked igraph calls with ilonet's weight and NaN
 * conventions. */
#include "ilonet/structure.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ilonet/igraph_bridge.h"
#include "ilonet/triangles.h"

/* Reports print these values: one spelling of "undefined" (no -nan) and no negative zero. */
static double tidy(double x)
{
    if (!isfinite(x)) {
        return NAN;
    }
    return x + 0.0;
}

static void tidy_vector(igraph_vector_t *v)
{
    for (igraph_integer_t i = 0; i < igraph_vector_size(v); i++) {
        VECTOR(*v)[i] = tidy(VECTOR(*v)[i]);
    }
}

/* The graph to measure "ties taken either way" on: gr->g with its strengths, or a directed
 * graph's undirected version (A->B plus B->A as one tie of summed strength), owned by *ug and
 * *uw when *own is set. */
static ilonet_status_t either_way(const ilonet_graph_t *gr, igraph_t *ug, igraph_vector_t *uw,
                                  int *own, const igraph_t **out, const igraph_vector_t **weights,
                                  ilonet_error_t *err)
{
    *own = 0;
    *out = &gr->g;
    *weights = &gr->strength;
    if (!gr->directed) {
        return ILONET_OK;
    }
    ilonet_status_t st = ilonet_graph_undirected(gr, ug, uw, err);
    if (st != ILONET_OK) {
        return st;
    }
    *own = 1;
    *out = ug;
    *weights = uw;
    return ILONET_OK;
}

static void either_way_destroy(igraph_t *ug, igraph_vector_t *uw, int own)
{
    if (own) {
        igraph_destroy(ug);
        igraph_vector_destroy(uw);
    }
}

void ilonet_node_structure_destroy(ilonet_node_structure_t *s)
{
    if (s->ready) {
        igraph_vector_destroy(&s->clustering);
        igraph_vector_destroy(&s->constraint);
        igraph_vector_destroy(&s->hub);
        igraph_vector_destroy(&s->authority);
    }
    memset(s, 0, sizeof *s);
}

static ilonet_status_t init_node_vectors(ilonet_node_structure_t *s, igraph_integer_t n,
                                         ilonet_error_t *err)
{
    /* Initialise in a fixed order and unwind on failure so destroy only sees whole vectors. */
    igraph_vector_t *v[] = {&s->clustering, &s->constraint, &s->hub, &s->authority};
    igraph_integer_t len[] = {n, n, 0, 0};
    size_t k = 0;
    for (; k < sizeof v / sizeof *v; k++) {
        if (igraph_vector_init(v[k], len[k]) != IGRAPH_SUCCESS) {
            while (k > 0) {
                igraph_vector_destroy(v[--k]);
            }
            return ilonet_error_nomem(err);
        }
    }
    s->ready = 1;
    return ILONET_OK;
}

ilonet_status_t ilonet_structure_nodes(ilonet_node_structure_t *s, const ilonet_graph_t *gr,
                                       ilonet_error_t *err)
{
    const igraph_t *g = &gr->g;
    igraph_integer_t n = igraph_vcount(g);
    const igraph_t *ug = NULL;
    const igraph_vector_t *uw = NULL;
    igraph_t owned;
    igraph_vector_t owned_weights;
    int own = 0;
    ilonet_status_t st;

    memset(s, 0, sizeof *s);
    st = init_node_vectors(s, n, err);
    if (st != ILONET_OK) {
        return st;
    }
    st = either_way(gr, &owned, &owned_weights, &own, &ug, &uw, err);
    if (st != ILONET_OK) {
        goto cleanup;
    }
    /* One pass for both (igraph's constraint walks every neighbour's neighbours: O(sum d^2),
     * minutes on graphs with hubs); NaN for fewer than 2 neighbours and for isolates. */
    st = ilonet_triangles_measure(ug, uw, &s->clustering, &s->constraint, NULL, err);
    if (st != ILONET_OK) {
        goto cleanup;
    }
    if (gr->directed) {
        s->has_hub_authority = 1;
        ILONET_IGRAPH_CHECK(igraph_vector_resize(&s->hub, n), "vector");
        ILONET_IGRAPH_CHECK(igraph_vector_resize(&s->authority, n), "vector");
        if (igraph_ecount(g) > 0) {
            igraph_real_t value;
            ILONET_IGRAPH_CHECK(igraph_hub_and_authority_scores(g, &s->hub, &s->authority, &value,
                                                                1, &gr->strength, NULL),
                                "hub and authority scores");
        } else {
            /* As for eigenvector centrality: with no ties every node is equally (un)important. */
            igraph_vector_fill(&s->hub, 1.0);
            igraph_vector_fill(&s->authority, 1.0);
        }
    }
    tidy_vector(&s->clustering);
    tidy_vector(&s->constraint);
    tidy_vector(&s->hub);
    tidy_vector(&s->authority);

cleanup:
    either_way_destroy(&owned, &owned_weights, own);
    if (st != ILONET_OK) {
        ilonet_node_structure_destroy(s);
    }
    return st;
}

typedef struct {
    const char *kind;
    size_t node;
} kind_entry_t;

static int by_kind_then_node(const void *a, const void *b)
{
    const kind_entry_t *x = a, *y = b;
    int c = strcmp(x->kind, y->kind);
    if (c != 0) {
        return c;
    }
    return (x->node > y->node) - (x->node < y->node);
}

/* Nominal assortativity of kinds over the ties whose two ends have a known kind. Kind numbers
 * come from sorting the kind strings, so they never depend on pointer values. Nodes of unknown
 * kind keep only the ties that are dropped, so the type they are given does not matter. */
static ilonet_status_t kind_assortativity(const ilonet_graph_t *gr, const ilonet_network_t *net,
                                          double *out, ilonet_error_t *err)
{
    const igraph_t *g = &gr->g;
    size_t n = (size_t)igraph_vcount(g);
    size_t m = (size_t)igraph_ecount(g);
    kind_entry_t *entries = NULL;
    unsigned char *known = NULL;
    igraph_vector_int_t types, edges;
    int types_ready = 0, edges_ready = 0, sub_ready = 0;
    igraph_t sub;
    const igraph_t *measured = g;
    size_t n_known = 0, n_kinds = 0, kept = 0;
    igraph_real_t r = NAN;
    ilonet_status_t st = ILONET_OK;

    *out = NAN;
    if (n == 0 || m == 0) {
        return ILONET_OK;
    }
    entries = malloc(n * sizeof *entries);
    known = calloc(n, 1);
    if (entries == NULL || known == NULL) {
        st = ilonet_error_nomem(err);
        goto cleanup;
    }
    ILONET_IGRAPH_CHECK(igraph_vector_int_init(&types, (igraph_integer_t)n), "vector");
    types_ready = 1;
    for (size_t i = 0; i < n; i++) {
        const char *k = ilonet_network_node_kind(net, i);
        if (k != NULL && k[0] != '\0') {
            entries[n_known].kind = k;
            entries[n_known].node = i;
            n_known++;
            known[i] = 1;
        }
    }
    qsort(entries, n_known, sizeof *entries, by_kind_then_node);
    for (size_t j = 0; j < n_known; j++) {
        if (j == 0 || strcmp(entries[j].kind, entries[j - 1].kind) != 0) {
            n_kinds++;
        }
        VECTOR(types)[entries[j].node] = (igraph_integer_t)(n_kinds - 1);
    }
    if (n_kinds < 2) {
        goto cleanup;
    }
    if (n_known < n) {
        ILONET_IGRAPH_CHECK(igraph_vector_int_init(&edges, 0), "vector");
        edges_ready = 1;
        for (size_t e = 0; e < m; e++) {
            igraph_integer_t u = IGRAPH_FROM(g, e), v = IGRAPH_TO(g, e);
            if (known[u] && known[v]) {
                ILONET_IGRAPH_CHECK(igraph_vector_int_push_back(&edges, u), "vector");
                ILONET_IGRAPH_CHECK(igraph_vector_int_push_back(&edges, v), "vector");
                kept++;
            }
        }
        if (kept == 0) {
            goto cleanup;
        }
        ILONET_IGRAPH_CHECK(igraph_create(&sub, &edges, (igraph_integer_t)n, gr->directed),
                            "kind subgraph");
        sub_ready = 1;
        measured = &sub;
    }
    ILONET_IGRAPH_CHECK(igraph_assortativity_nominal(measured, &types, &r, gr->directed, 1),
                        "kind assortativity");
    *out = tidy(r);

cleanup:
    if (sub_ready) {
        igraph_destroy(&sub);
    }
    if (edges_ready) {
        igraph_vector_int_destroy(&edges);
    }
    if (types_ready) {
        igraph_vector_int_destroy(&types);
    }
    free(entries);
    free(known);
    return st;
}

static void network_structure_undefined(ilonet_network_structure_t *s)
{
    memset(s, 0, sizeof *s);
    s->diameter_hops = NAN;
    s->diameter_weighted = NAN;
    s->average_path_length = NAN;
    s->transitivity = NAN;
    s->average_clustering = NAN;
    s->degree_assortativity = NAN;
    s->kind_assortativity = NAN;
    s->largest_component_share = NAN;
    s->degree_centralization = NAN;
}

/* Each node's outgoing ties (all ties when undirected) as compressed lists with their lengths,
 * read in order by the searches below: nbr[off[v]] .. nbr[off[v + 1] - 1] and len alike. */
typedef struct {
    size_t *off;
    uint32_t *nbr;
    double *len;
} path_lists_t;

static void path_lists_destroy(path_lists_t *pl)
{
    free(pl->off);
    free(pl->nbr);
    free(pl->len);
}

static ilonet_status_t path_lists_build(path_lists_t *pl, const ilonet_graph_t *gr,
                                        ilonet_error_t *err)
{
    const igraph_t *g = &gr->g;
    size_t n = (size_t)igraph_vcount(g), m = (size_t)igraph_ecount(g);
    size_t ends = (gr->directed ? m : 2 * m) + 1;
    igraph_vector_int_t inc;
    ilonet_status_t st = ILONET_OK;

    if (n >= UINT32_MAX) {
        return ilonet_error_set(err, ILONET_EINTERNAL, NULL, 0, "too many nodes for paths");
    }
    pl->off = malloc((n + 1) * sizeof *pl->off);
    pl->nbr = malloc(ends * sizeof *pl->nbr);
    pl->len = malloc(ends * sizeof *pl->len);
    if (pl->off == NULL || pl->nbr == NULL || pl->len == NULL) {
        return ilonet_error_nomem(err);
    }
    ILONET_IGRAPH_CHECK(igraph_vector_int_init(&inc, 0), "vector");
    pl->off[0] = 0;
    for (size_t v = 0; v < n && st == ILONET_OK; v++) {
        size_t k = pl->off[v];
        st = ilonet_igraph_check(
            igraph_incident(g, &inc, (igraph_integer_t)v, gr->directed ? IGRAPH_OUT : IGRAPH_ALL),
            "incident ties", err);
        size_t d = st == ILONET_OK ? (size_t)igraph_vector_int_size(&inc) : 0;
        if (k + d >= ends) {
            st = ilonet_error_set(err, ILONET_EINTERNAL, NULL, 0, "more tie ends than ties");
            d = 0;
        }
        for (size_t j = 0; j < d; j++) {
            igraph_integer_t e = VECTOR(inc)[j];
            pl->nbr[k + j] = (uint32_t)IGRAPH_OTHER(g, e, (igraph_integer_t)v);
            pl->len[k + j] = VECTOR(gr->distance)[e];
        }
        pl->off[v + 1] = k + d;
    }
    igraph_vector_int_destroy(&inc);

cleanup:
    return st;
}

typedef struct {
    double d;
    uint32_t v;
} heap_entry_t;

/* A binary min-heap on d with stale entries left in (a node is pushed again when its distance
 * improves, and the stale entry skipped when popped): no index needed. */
typedef struct {
    heap_entry_t *e;
    size_t size, cap;
} heap_t;

static int heap_push(heap_t *h, double d, uint32_t v)
{
    if (h->size == h->cap) {
        size_t cap = h->cap > 0 ? 2 * h->cap : 1024;
        heap_entry_t *e = realloc(h->e, cap * sizeof *e);
        if (e == NULL) {
            return 0;
        }
        h->e = e;
        h->cap = cap;
    }
    size_t i = h->size++;
    while (i > 0 && h->e[(i - 1) / 2].d > d) {
        h->e[i] = h->e[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    h->e[i].d = d;
    h->e[i].v = v;
    return 1;
}

static heap_entry_t heap_pop(heap_t *h)
{
    heap_entry_t top = h->e[0], last = h->e[--h->size];
    size_t i = 0;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= h->size) {
            break;
        }
        if (c + 1 < h->size && h->e[c + 1].d < h->e[c].d) {
            c++;
        }
        if (!(h->e[c].d < last.d)) {
            break;
        }
        h->e[i] = h->e[c];
        i = c;
    }
    if (h->size > 0) {
        h->e[i] = last;
    }
    return top;
}

/* The path figures from k source nodes spread evenly over the node order (no randomness is
 * needed for an even spread): diameters as the longest distance from them (a lower bound),
 * the average path length over their rows. One breadth-first search (hops) and one Dijkstra
 * search (lengths) per source on compressed lists, about ten times faster than igraph's
 * igraph_distances and igraph_distances_dijkstra on large graphs, with the same values: a
 * distance is relaxed only when strictly shorter (d_u + length, as igraph adds it), so each
 * final distance is the least such sum over its ties whatever the order of the search. Memory:
 * 12 bytes per tie end and 24 per node. */
static ilonet_status_t sampled_paths(const ilonet_graph_t *gr, size_t k,
                                     ilonet_network_structure_t *s, ilonet_error_t *err)
{
    size_t n = (size_t)igraph_vcount(&gr->g);
    path_lists_t pl = {0};
    heap_t heap = {0};
    int32_t *hops = NULL;
    uint32_t *queue = NULL;
    double *len = NULL;
    ilonet_status_t st;
    double max_hops = -1, max_len = -1, sum = 0;
    double pairs = 0;

    st = path_lists_build(&pl, gr, err);
    if (st != ILONET_OK) {
        goto cleanup;
    }
    hops = malloc((n > 0 ? n : 1) * sizeof *hops);
    queue = malloc((n > 0 ? n : 1) * sizeof *queue);
    len = malloc((n > 0 ? n : 1) * sizeof *len);
    if (hops == NULL || queue == NULL || len == NULL) {
        st = ilonet_error_nomem(err);
        goto cleanup;
    }
    for (size_t j = 0; j < k; j++) {
        /* source number j of k, spread evenly over 0..n-1 */
        uint32_t src = (uint32_t)(((double)j * (double)n) / (double)k);
        for (size_t v = 0; v < n; v++) {
            hops[v] = -1;
            len[v] = INFINITY;
        }
        size_t head = 0, tail = 0;
        hops[src] = 0;
        queue[tail++] = src;
        while (head < tail) {
            uint32_t u = queue[head++];
            for (size_t l = pl.off[u]; l < pl.off[u + 1]; l++) {
                uint32_t v = pl.nbr[l];
                if (hops[v] < 0) {
                    hops[v] = hops[u] + 1;
                    queue[tail++] = v;
                }
            }
        }
        len[src] = 0.0;
        heap.size = 0;
        if (!heap_push(&heap, 0.0, src)) {
            st = ilonet_error_nomem(err);
            goto cleanup;
        }
        while (heap.size > 0) {
            heap_entry_t top = heap_pop(&heap);
            if (top.d > len[top.v]) {
                continue; /* stale: improved after this push */
            }
            for (size_t l = pl.off[top.v]; l < pl.off[top.v + 1]; l++) {
                uint32_t v = pl.nbr[l];
                double alt = top.d + pl.len[l];
                if (alt < len[v]) {
                    len[v] = alt;
                    if (!heap_push(&heap, alt, v)) {
                        st = ilonet_error_nomem(err);
                        goto cleanup;
                    }
                }
            }
        }
        /* reached nodes in node order; hop counts are whole numbers, so the sum is exact */
        for (size_t c = 0; c < n; c++) {
            if (hops[c] < 0 || c == src) {
                continue;
            }
            double h = (double)hops[c], l = len[c];
            max_hops = h > max_hops ? h : max_hops;
            max_len = l > max_len ? l : max_len;
            sum += h;
            pairs += 1;
        }
    }
    s->diameter_hops = max_hops >= 0 ? tidy(max_hops) : NAN;
    s->diameter_weighted = max_len >= 0 ? tidy(max_len) : NAN;
    s->average_path_length = pairs > 0 ? tidy(sum / pairs) : NAN;
    s->path_sources = k;

cleanup:
    free(hops);
    free(queue);
    free(len);
    free(heap.e);
    path_lists_destroy(&pl);
    return st;
}

ilonet_status_t ilonet_structure_network(ilonet_network_structure_t *s, const ilonet_graph_t *gr,
                                         const ilonet_network_t *net, ilonet_error_t *err)
{
    return ilonet_structure_network_sampled(s, gr, net, 0, err);
}

ilonet_status_t ilonet_structure_network_sampled(ilonet_network_structure_t *s,
                                                 const ilonet_graph_t *gr,
                                                 const ilonet_network_t *net, size_t path_sources,
                                                 ilonet_error_t *err)
{
    const igraph_t *g = &gr->g;
    igraph_integer_t n = igraph_vcount(g);
    igraph_bool_t directed = gr->directed != 0;
    const igraph_t *ug = NULL;
    const igraph_vector_t *uw = NULL;
    igraph_t owned;
    igraph_vector_t owned_weights;
    int own = 0;
    igraph_vector_t local;
    igraph_vector_int_t csize;
    int local_ready = 0, csize_ready = 0;
    igraph_real_t x, unconn_pairs, tmax;
    igraph_integer_t no;
    ilonet_status_t st;

    network_structure_undefined(s);
    st = either_way(gr, &owned, &owned_weights, &own, &ug, &uw, err);
    if (st != ILONET_OK) {
        return st;
    }
    if (igraph_ecount(g) > 0 && path_sources > 0 && (igraph_integer_t)path_sources < n) {
        st = sampled_paths(gr, path_sources, s, err);
        if (st != ILONET_OK) {
            goto cleanup;
        }
        ILONET_IGRAPH_CHECK(igraph_assortativity_degree(g, &x, directed), "degree assortativity");
        s->degree_assortativity = tidy(x);
    } else if (igraph_ecount(g) > 0) {
        /* Without ties igraph reports a diameter of 0; "no path at all" is undefined here. */
        ILONET_IGRAPH_CHECK(igraph_diameter(g, &x, NULL, NULL, NULL, NULL, directed, 1),
                            "diameter");
        s->diameter_hops = tidy(x);
        ILONET_IGRAPH_CHECK(
            igraph_diameter_dijkstra(g, &gr->distance, &x, NULL, NULL, NULL, NULL, directed, 1),
            "weighted diameter");
        s->diameter_weighted = tidy(x);
        ILONET_IGRAPH_CHECK(igraph_average_path_length(g, &x, &unconn_pairs, directed, 1),
                            "average path length");
        s->average_path_length = tidy(x);
        ILONET_IGRAPH_CHECK(igraph_assortativity_degree(g, &x, directed), "degree assortativity");
        s->degree_assortativity = tidy(x);
    }
    ILONET_IGRAPH_CHECK(igraph_vector_init(&local, n), "vector");
    local_ready = 1;
    /* igraph's transitivity and local clustering, as one pass */
    st = ilonet_triangles_measure(ug, NULL, &local, NULL, &x, err);
    if (st != ILONET_OK) {
        goto cleanup;
    }
    s->transitivity = tidy(x);
    double sum = 0.0;
    size_t counted = 0;
    for (igraph_integer_t i = 0; i < n; i++) {
        if (!isnan(VECTOR(local)[i])) {
            sum += VECTOR(local)[i];
            counted++;
        }
    }
    s->average_clustering = counted > 0 ? sum / (double)counted : NAN;

    st = kind_assortativity(gr, net, &s->kind_assortativity, err);
    if (st != ILONET_OK) {
        goto cleanup;
    }

    ILONET_IGRAPH_CHECK(igraph_vector_int_init(&csize, 0), "vector");
    csize_ready = 1;
    ILONET_IGRAPH_CHECK(igraph_connected_components(g, NULL, &csize, &no, IGRAPH_WEAK),
                        "components");
    s->components = (size_t)no;
    if (no > 0) {
        s->largest_component = (size_t)igraph_vector_int_max(&csize);
    }
    if (n > 0) {
        s->largest_component_share = (double)s->largest_component / (double)n;
    }

    if (n >= 3) {
        /* The star's maximum is (n-1)(n-2): below 3 nodes every graph is "the" star, 0/0. */
        ILONET_IGRAPH_CHECK(igraph_centralization_degree(ug, NULL, IGRAPH_ALL, 0, &x, &tmax, 1),
                            "degree centralization");
        s->degree_centralization = tidy(x);
    }

cleanup:
    if (csize_ready) {
        igraph_vector_int_destroy(&csize);
    }
    if (local_ready) {
        igraph_vector_destroy(&local);
    }
    either_way_destroy(&owned, &owned_weights, own);
    if (st != ILONET_OK) {
        network_structure_undefined(s);
    }
    return st;
}
