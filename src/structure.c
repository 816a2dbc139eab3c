/* Brokerage and structure measures: checked igraph calls with ilonet's weight and NaN
 * conventions. */
#include "ilonet/structure.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ilonet/igraph_bridge.h"

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

/* The graph to measure "ties taken either way" on: gr->g itself, or a directed graph's undirected
 * version (A->B plus B->A as one tie) owned by *ug when *own is set. */
static ilonet_status_t either_way(const ilonet_graph_t *gr, igraph_t *ug, int *own,
                                  const igraph_t **out, ilonet_error_t *err)
{
    *own = 0;
    *out = &gr->g;
    if (!gr->directed) {
        return ILONET_OK;
    }
    igraph_vector_t ustrength;
    ilonet_status_t st = ilonet_graph_undirected(gr, ug, &ustrength, err);
    if (st != ILONET_OK) {
        return st;
    }
    igraph_vector_destroy(&ustrength);
    *own = 1;
    *out = ug;
    return ILONET_OK;
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
    igraph_t owned;
    int own = 0;
    igraph_vector_int_t degree;
    int degree_ready = 0;
    ilonet_status_t st;

    memset(s, 0, sizeof *s);
    st = init_node_vectors(s, n, err);
    if (st != ILONET_OK) {
        return st;
    }
    st = either_way(gr, &owned, &own, &ug, err);
    if (st != ILONET_OK) {
        goto cleanup;
    }
    /* TRANSITIVITY_NAN: a node with fewer than two neighbours has no pair to close. */
    ILONET_IGRAPH_CHECK(igraph_transitivity_local_undirected(ug, &s->clustering, igraph_vss_all(),
                                                             IGRAPH_TRANSITIVITY_NAN),
                        "local clustering");
    ILONET_IGRAPH_CHECK(igraph_constraint(g, &s->constraint, igraph_vss_all(), &gr->strength),
                        "constraint");
    ILONET_IGRAPH_CHECK(igraph_vector_int_init(&degree, n), "vector");
    degree_ready = 1;
    ILONET_IGRAPH_CHECK(igraph_degree(g, &degree, igraph_vss_all(), IGRAPH_ALL, IGRAPH_NO_LOOPS),
                        "degree");
    for (igraph_integer_t i = 0; i < n; i++) {
        /* igraph gives NaN here already (0/0); do not rely on it. */
        if (VECTOR(degree)[i] == 0) {
            VECTOR(s->constraint)[i] = NAN;
        }
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
    if (degree_ready) {
        igraph_vector_int_destroy(&degree);
    }
    if (own) {
        igraph_destroy(&owned);
    }
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

/* The path figures from k source nodes spread evenly over the node order (no randomness is
 * needed for an even spread): diameters as the longest distance from them (a lower bound),
 * the average path length over their rows. Sources go 32 at a time, so memory stays 32 x V. */
static ilonet_status_t sampled_paths(const ilonet_graph_t *gr, size_t k,
                                     ilonet_network_structure_t *s, ilonet_error_t *err)
{
    enum { CHUNK = 32 };
    const igraph_t *g = &gr->g;
    igraph_integer_t n = igraph_vcount(g);
    igraph_neimode_t mode = gr->directed ? IGRAPH_OUT : IGRAPH_ALL;
    igraph_matrix_t hops, len;
    igraph_vector_int_t from;
    ilonet_status_t st = ILONET_OK;
    double max_hops = -1, max_len = -1, sum = 0;
    double pairs = 0;
    if (igraph_matrix_init(&hops, 0, 0) != IGRAPH_SUCCESS) {
        return ilonet_error_nomem(err);
    }
    if (igraph_matrix_init(&len, 0, 0) != IGRAPH_SUCCESS) {
        igraph_matrix_destroy(&hops);
        return ilonet_error_nomem(err);
    }
    if (igraph_vector_int_init(&from, 0) != IGRAPH_SUCCESS) {
        igraph_matrix_destroy(&hops);
        igraph_matrix_destroy(&len);
        return ilonet_error_nomem(err);
    }
    for (size_t done = 0; done < k && st == ILONET_OK; done += CHUNK) {
        size_t m = k - done < CHUNK ? k - done : CHUNK;
        igraph_vector_int_clear(&from);
        for (size_t j = 0; j < m && st == ILONET_OK; j++) {
            /* source number done + j of k, spread evenly over 0..n-1 */
            igraph_integer_t v = (igraph_integer_t)(((double)(done + j) * (double)n) / (double)k);
            st = ilonet_igraph_check(igraph_vector_int_push_back(&from, v), "vector", err);
        }
        if (st != ILONET_OK) {
            break;
        }
        igraph_vs_t vs = igraph_vss_vector(&from);
        st = ilonet_igraph_check(igraph_distances(g, &hops, vs, igraph_vss_all(), mode),
                                 "sampled distances", err);
        if (st == ILONET_OK) {
            st = ilonet_igraph_check(
                igraph_distances_dijkstra(g, &len, vs, igraph_vss_all(), &gr->distance, mode),
                "sampled weighted distances", err);
        }
        for (igraph_integer_t r = 0; st == ILONET_OK && r < (igraph_integer_t)m; r++) {
            for (igraph_integer_t c = 0; c < n; c++) {
                double h = MATRIX(hops, r, c), l = MATRIX(len, r, c);
                if (!isfinite(h) || c == VECTOR(from)[r]) {
                    continue;
                }
                max_hops = h > max_hops ? h : max_hops;
                max_len = l > max_len ? l : max_len;
                sum += h;
                pairs += 1;
            }
        }
    }
    if (st == ILONET_OK) {
        s->diameter_hops = max_hops >= 0 ? tidy(max_hops) : NAN;
        s->diameter_weighted = max_len >= 0 ? tidy(max_len) : NAN;
        s->average_path_length = pairs > 0 ? tidy(sum / pairs) : NAN;
        s->path_sources = k;
    }
    igraph_vector_int_destroy(&from);
    igraph_matrix_destroy(&hops);
    igraph_matrix_destroy(&len);
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
    igraph_t owned;
    int own = 0;
    igraph_vector_t local;
    igraph_vector_int_t csize;
    int local_ready = 0, csize_ready = 0;
    igraph_real_t x, unconn_pairs, tmax;
    igraph_integer_t no;
    ilonet_status_t st;

    network_structure_undefined(s);
    st = either_way(gr, &owned, &own, &ug, err);
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
    ILONET_IGRAPH_CHECK(igraph_transitivity_undirected(ug, &x, IGRAPH_TRANSITIVITY_NAN),
                        "transitivity");
    s->transitivity = tidy(x);

    ILONET_IGRAPH_CHECK(igraph_vector_init(&local, n), "vector");
    local_ready = 1;
    ILONET_IGRAPH_CHECK(
        igraph_transitivity_local_undirected(ug, &local, igraph_vss_all(), IGRAPH_TRANSITIVITY_NAN),
        "local clustering");
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
    if (own) {
        igraph_destroy(&owned);
    }
    if (st != ILONET_OK) {
        network_structure_undefined(s);
    }
    return st;
}
