/* Local clustering, Burt's constraint and transitivity from the common neighbours of each tie's
 * two ends, each tie taken once, by walking its lower-degree end's list against marks. */
#include "ilonet/triangles.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "ilonet/igraph_bridge.h"

/* Sorted neighbour lists (compressed rows): the neighbours of v are nbr[off[v]] ..
 * nbr[off[v + 1] - 1], strictly increasing. The weight of the tie to nbr[k] is wf[k] when every
 * weight is a float exactly (tie counts, small integers, halves...): read in list order, it
 * stays in cache, where a lookup by tie id misses it on large graphs. Otherwise eid[k] is the
 * tie, and its weight is looked up. 32-bit entries keep the two arrays, which dominate the
 * memory, at 8 bytes per tie end. */
typedef struct {
    size_t *off;
    uint32_t *nbr;
    float *wf;
    uint32_t *eid;
    const double *w; /* the weights by tie id, when eid is used */
} adjacency_t;

static void adjacency_destroy(adjacency_t *a)
{
    free(a->off);
    free(a->nbr);
    free(a->wf);
    free(a->eid);
}

static double slot_weight(const adjacency_t *a, size_t k)
{
    if (a->wf != NULL) {
        return a->wf[k];
    }
    return a->eid != NULL ? a->w[a->eid[k]] : 1.0;
}

static ilonet_status_t not_simple(ilonet_error_t *err)
{
    return ilonet_error_set(err, ILONET_EINTERNAL, NULL, 0,
                            "triangle measures need an undirected graph without self-loops or "
                            "multiple ties, with fewer than 2^32 nodes and ties");
}

static int all_floats(const igraph_vector_t *weights)
{
    for (igraph_integer_t e = 0; e < igraph_vector_size(weights); e++) {
        double x = VECTOR(*weights)[e];
        if (!(fabs(x) <= (double)FLT_MAX) || (double)(float)x != x) {
            return 0;
        }
    }
    return 1;
}

/* The lists come from igraph_incident, in the order igraph_constraint sees them: by increasing
 * neighbour id, which is the order its inner sums follow (checked, which also rejects loops and
 * multiple ties). weights NULL: no weights are kept (all 1, or not needed). */
static ilonet_status_t adjacency_build(adjacency_t *a, const igraph_t *g,
                                       const igraph_vector_t *weights, ilonet_error_t *err)
{
    size_t n = (size_t)igraph_vcount(g), m = (size_t)igraph_ecount(g);
    size_t ends = 2 * m > 0 ? 2 * m : 1;
    igraph_vector_int_t inc;
    ilonet_status_t st = ILONET_OK;

    a->off = malloc((n + 1) * sizeof *a->off);
    a->nbr = malloc(ends * sizeof *a->nbr);
    if (a->off == NULL || a->nbr == NULL) {
        return ilonet_error_nomem(err);
    }
    if (weights != NULL && all_floats(weights)) {
        a->wf = malloc(ends * sizeof *a->wf);
        if (a->wf == NULL) {
            return ilonet_error_nomem(err);
        }
    } else if (weights != NULL) {
        a->eid = malloc(ends * sizeof *a->eid);
        if (a->eid == NULL) {
            return ilonet_error_nomem(err);
        }
        a->w = VECTOR(*weights);
    }
    ILONET_IGRAPH_CHECK(igraph_vector_int_init(&inc, 0), "vector");
    a->off[0] = 0;
    for (size_t v = 0; v < n && st == ILONET_OK; v++) {
        size_t k = a->off[v];
        st = ilonet_igraph_check(igraph_incident(g, &inc, (igraph_integer_t)v, IGRAPH_ALL),
                                 "incident ties", err);
        size_t d = st == ILONET_OK ? (size_t)igraph_vector_int_size(&inc) : 0;
        if (k + d > 2 * m) {
            st = not_simple(err);
        }
        for (size_t j = 0; j < d && st == ILONET_OK; j++) {
            igraph_integer_t e = VECTOR(inc)[j];
            size_t u = (size_t)IGRAPH_OTHER(g, e, (igraph_integer_t)v);
            if (u == v || (j > 0 && u <= a->nbr[k + j - 1])) {
                st = not_simple(err);
                break;
            }
            a->nbr[k + j] = (uint32_t)u;
            if (a->wf != NULL) {
                a->wf[k + j] = (float)VECTOR(*weights)[e];
            } else if (a->eid != NULL) {
                a->eid[k + j] = (uint32_t)e;
            }
        }
        a->off[v + 1] = k + d;
    }
    igraph_vector_int_destroy(&inc);

cleanup:
    return st;
}

/* The state of the node v being visited: mark[q] = 1 + the position of q in v's list (0 for
 * other nodes), and by that position wv = w_vq and sq = s_q, so the factors a common neighbour
 * brings are read from arrays as small as v's list. */
typedef struct {
    const adjacency_t *a;
    const double *s; /* strengths; NULL when only counting */
    uint32_t *mark;
    double *wv, *sq;
    size_t *common;  /* per node: twice its triangles */
    double *squares; /* per node: the sum of (p_ij + sum_q p_iq p_qj)^2 so far */
} walk_t;

/* Does the tie v-u, v's k-th, with u ranked below v (lower degree, or equal and lower id): walks
 * u's list, the shorter one, for the common neighbours q (by increasing id) and adds, at both
 * ends, their number and the squared sums p_vu + sum_q p_vq p_qu and p_uv + sum_q p_uq p_qv.
 * Each term is rounded as igraph_constraint rounds it (w_iq * w_qj / s_i / s_q), and the terms
 * of each sum are added in igraph's order. */
static void tie(const walk_t *wk, size_t v, size_t k)
{
    const adjacency_t *a = wk->a;
    size_t u = a->nbr[k], lo = a->off[u], hi = a->off[u + 1], found = 0;
    const uint32_t *mark = wk->mark;

    if (wk->s == NULL) {
        for (size_t l = lo; l < hi; l++) {
            found += mark[a->nbr[l]] != 0;
        }
    } else {
        const double *wv = wk->wv, *sq = wk->sq;
        double sv = wk->s[v], su = wk->s[u], w = wv[k - a->off[v]];
        double cv = w / sv, cu = w / su;
        for (size_t l = lo; l < hi; l++) {
            uint32_t at = mark[a->nbr[l]];
            if (at != 0) {
                double wuq = slot_weight(a, l), wqv = wv[at - 1], sqq = sq[at - 1];
                found++;
                cv += wqv * wuq / sv / sqq;
                cu += wuq * wqv / su / sqq;
            }
        }
        wk->squares[v] += cv * cv;
        wk->squares[u] += cu * cu;
    }
    wk->common[v] += found;
    wk->common[u] += found;
}

static int ranked_below(const adjacency_t *a, size_t u, size_t v)
{
    size_t du = a->off[u + 1] - a->off[u], dv = a->off[v + 1] - a->off[v];
    return du < dv || (du == dv && u < v);
}

ilonet_status_t ilonet_triangles_measure(const igraph_t *g, const igraph_vector_t *weights,
                                         igraph_vector_t *clustering, igraph_vector_t *constraint,
                                         double *transitivity, ilonet_error_t *err)
{
    size_t n = (size_t)igraph_vcount(g), m = (size_t)igraph_ecount(g);
    adjacency_t a = {0};
    walk_t wk = {0};
    igraph_vector_t strength;
    int strength_ready = 0;
    ilonet_status_t st = ILONET_OK;

    if (transitivity != NULL) {
        *transitivity = NAN;
    }
    if (clustering == NULL && constraint == NULL && transitivity == NULL) {
        return ILONET_OK;
    }
    if (igraph_is_directed(g) || n >= UINT32_MAX || m >= UINT32_MAX) {
        return not_simple(err);
    }
    if (weights != NULL && (size_t)igraph_vector_size(weights) != m) {
        return ilonet_error_set(err, ILONET_EINTERNAL, NULL, 0,
                                "triangle measures: %zu weights for %zu ties",
                                (size_t)igraph_vector_size(weights), m);
    }
    st = adjacency_build(&a, g, constraint != NULL ? weights : NULL, err);
    if (st != ILONET_OK) {
        goto cleanup;
    }
    size_t dmax = 1;
    for (size_t v = 0; v < n; v++) {
        dmax = a.off[v + 1] - a.off[v] > dmax ? a.off[v + 1] - a.off[v] : dmax;
    }
    wk.a = &a;
    wk.mark = calloc(n > 0 ? n : 1, sizeof *wk.mark);
    wk.common = calloc(n > 0 ? n : 1, sizeof *wk.common);
    wk.wv = malloc(dmax * sizeof *wk.wv);
    wk.sq = malloc(dmax * sizeof *wk.sq);
    if (wk.mark == NULL || wk.common == NULL || wk.wv == NULL || wk.sq == NULL) {
        st = ilonet_error_nomem(err);
        goto cleanup;
    }
    ILONET_IGRAPH_CHECK(igraph_vector_init(&strength, 0), "vector");
    strength_ready = 1;
    if (constraint != NULL) {
        /* The very call igraph_constraint makes, so the denominators are the same doubles. */
        ILONET_IGRAPH_CHECK(
            igraph_strength(g, &strength, igraph_vss_all(), IGRAPH_ALL, IGRAPH_NO_LOOPS, weights),
            "strength");
        ILONET_IGRAPH_CHECK(igraph_vector_resize(constraint, (igraph_integer_t)n), "vector");
        igraph_vector_null(constraint);
        wk.s = VECTOR(strength);
        wk.squares = VECTOR(*constraint);
    }
    if (clustering != NULL) {
        ILONET_IGRAPH_CHECK(igraph_vector_resize(clustering, (igraph_integer_t)n), "vector");
    }

    /* Each tie once, from its higher-ranked end, whose list is marked: the walk is over the
     * shorter list, so a hub's list is marked once instead of walked once per neighbour. */
    for (size_t v = 0; v < n; v++) {
        size_t lo = a.off[v], hi = a.off[v + 1];
        for (size_t k = lo; k < hi; k++) {
            wk.mark[a.nbr[k]] = (uint32_t)(k - lo + 1);
            if (wk.s != NULL) {
                wk.wv[k - lo] = slot_weight(&a, k);
                wk.sq[k - lo] = wk.s[a.nbr[k]];
            }
        }
        for (size_t k = lo; k < hi; k++) {
            if (ranked_below(&a, a.nbr[k], v)) {
                tie(&wk, v, k);
            }
        }
        for (size_t k = lo; k < hi; k++) {
            wk.mark[a.nbr[k]] = 0;
        }
    }
    /* igraph_transitivity_undirected's counts and expression: each triangle counted once at
     * each corner, over sum d(d - 1); whole numbers, so exact in any order. */
    double corners = 0.0, triples = 0.0;
    for (size_t v = 0; v < n; v++) {
        size_t d = a.off[v + 1] - a.off[v];
        corners += (double)(wk.common[v] / 2);
        triples += (double)d * (double)(d > 0 ? d - 1 : 0);
        if (constraint != NULL && d == 0) {
            VECTOR(*constraint)[v] = NAN;
        }
        if (clustering != NULL) {
            /* igraph's expression, NaN (0/0) below 2 neighbours */
            double deg = (double)d;
            VECTOR(*clustering)[v] = (double)(wk.common[v] / 2) / deg / (deg - 1.0) * 2.0;
        }
    }
    if (transitivity != NULL) {
        *transitivity = corners / triples * 2.0;
    }

cleanup:
    if (strength_ready) {
        igraph_vector_destroy(&strength);
    }
    free(wk.mark);
    free(wk.common);
    free(wk.wv);
    free(wk.sq);
    adjacency_destroy(&a);
    return st;
}
