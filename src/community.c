/* Community detection by several igraph methods, best-of-tries selection, partition comparison
 * and stability, and the stable numbering of clusters that reports rely on. */
#include "ilonet/community.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ilonet/igraph_bridge.h"

static const char *const method_names[ILONET_CLUSTER_METHOD_COUNT] = {
    "louvain", "leiden",     "labelprop",       "walktrap",
    "infomap", "fastgreedy", "edgebetweenness", "components",
};

/* Seed offset of the stability reruns, so they never reuse a seed of the tries. */
#define STABILITY_SEED_OFFSET 1000u

void ilonet_clusters_destroy(ilonet_clusters_t *cl)
{
    if (cl->ready) {
        igraph_vector_int_destroy(&cl->membership);
    }
    memset(cl, 0, sizeof *cl);
}

void ilonet_cluster_options_default(ilonet_cluster_options_t *o)
{
    o->method = ILONET_CLUSTER_LOUVAIN;
    o->resolution = 1.0;
    o->tries = ILONET_DEFAULT_TRIES;
    o->seed = 42;
}

const char *ilonet_cluster_method_name(ilonet_cluster_method_t m)
{
    if ((unsigned)m >= ILONET_CLUSTER_METHOD_COUNT) {
        return "unknown";
    }
    return method_names[m];
}

int ilonet_cluster_method_parse(const char *name, ilonet_cluster_method_t *m)
{
    if (name == NULL) {
        return -1;
    }
    for (int i = 0; i < ILONET_CLUSTER_METHOD_COUNT; i++) {
        if (strcmp(name, method_names[i]) == 0) {
            *m = (ilonet_cluster_method_t)i;
            return 0;
        }
    }
    return -1;
}

int ilonet_cluster_method_is_stochastic(ilonet_cluster_method_t m)
{
    return m == ILONET_CLUSTER_LOUVAIN || m == ILONET_CLUSTER_LEIDEN ||
           m == ILONET_CLUSTER_LABELPROP || m == ILONET_CLUSTER_INFOMAP;
}

/* splitmix64's finaliser over seed + k * golden gamma: well-spread seeds for neighbouring k, and
 * a fixed formula so published runs can be repeated. */
static unsigned long derive_seed(unsigned long seed, unsigned long k)
{
    uint64_t z = (uint64_t)seed + (uint64_t)k * UINT64_C(0x9E3779B97F4A7C15);
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return (unsigned long)(z ^ (z >> 31));
}

typedef struct {
    const ilonet_graph_t *gr;
    igraph_t ug; /* undirected version of a directed graph */
    igraph_vector_t uw;
    int own_ug;
    const igraph_t *mg; /* undirected graph: modularity, and methods needing undirected ties */
    const igraph_vector_t *mw;
    igraph_vector_t node_w; /* Leiden's node weights: strengths on mg */
    int own_node_w;
    double total_w;
} ctx_t;

static void ctx_destroy(ctx_t *c)
{
    if (c->own_ug) {
        igraph_destroy(&c->ug);
        igraph_vector_destroy(&c->uw);
    }
    if (c->own_node_w) {
        igraph_vector_destroy(&c->node_w);
    }
    memset(c, 0, sizeof *c);
}

static ilonet_status_t ctx_init(ctx_t *c, const ilonet_graph_t *gr, ilonet_cluster_method_t m,
                                ilonet_error_t *err)
{
    ilonet_status_t st = ILONET_OK;
    memset(c, 0, sizeof *c);
    c->gr = gr;
    c->mg = &gr->g;
    c->mw = &gr->strength;
    if (gr->directed) {
        st = ilonet_graph_undirected(gr, &c->ug, &c->uw, err);
        if (st != ILONET_OK) {
            return st;
        }
        c->own_ug = 1;
        c->mg = &c->ug;
        c->mw = &c->uw;
    }
    c->total_w = igraph_vector_sum(c->mw);
    if (m == ILONET_CLUSTER_LEIDEN) {
        st = ilonet_igraph_check(igraph_vector_init(&c->node_w, 0), "vector", err);
        if (st != ILONET_OK) {
            goto cleanup;
        }
        c->own_node_w = 1;
        st = ilonet_igraph_check(
            igraph_strength(c->mg, &c->node_w, igraph_vss_all(), IGRAPH_ALL, IGRAPH_LOOPS, c->mw),
            "strength", err);
    }
cleanup:
    if (st != ILONET_OK) {
        ctx_destroy(c);
    }
    return st;
}

static ilonet_status_t check_options(const ilonet_cluster_options_t *o, const ilonet_graph_t *gr,
                                     ilonet_error_t *err)
{
    if ((unsigned)o->method >= ILONET_CLUSTER_METHOD_COUNT) {
        return ilonet_error_set(err, ILONET_EUSAGE, NULL, 0, "unknown clustering method (%d)",
                                (int)o->method);
    }
    if (o->tries < 1) {
        return ilonet_error_set(err, ILONET_EUSAGE, NULL, 0, "clustering tries must be at least 1");
    }
    if (!(o->resolution > 0) || !isfinite(o->resolution)) {
        return ilonet_error_set(err, ILONET_EUSAGE, NULL, 0,
                                "clustering resolution must be a positive number, not %g",
                                o->resolution);
    }
    size_t ties = ilonet_graph_tie_count(gr);
    if (o->method == ILONET_CLUSTER_EDGEBETWEENNESS && ties > ILONET_EDGEBETWEENNESS_MAX_TIES) {
        return ilonet_error_set(err, ILONET_EUSAGE, NULL, 0,
                                "edgebetweenness clustering takes time cubic in the ties and is "
                                "limited to %d ties; this graph has %zu: choose another "
                                "clustering method (e.g. louvain or leiden)",
                                ILONET_EDGEBETWEENNESS_MAX_TIES, ties);
    }
    return ILONET_OK;
}

/* One run of method m; membership gets labels >= 0 (not necessarily contiguous). */
static ilonet_status_t run_method(const ctx_t *c, ilonet_cluster_method_t m, double resolution,
                                  igraph_vector_int_t *membership, ilonet_error_t *err)
{
    const ilonet_graph_t *gr = c->gr;
    ilonet_status_t st = ILONET_OK;
    igraph_vector_t mod;
    igraph_vector_int_t removed;
    igraph_matrix_int_t merges;
    int mod_ready = 0, removed_ready = 0, merges_ready = 0;
    igraph_real_t codelength;

    switch (m) {
    case ILONET_CLUSTER_LOUVAIN:
        st = ilonet_igraph_check(
            igraph_community_multilevel(c->mg, c->mw, 1.0, membership, NULL, NULL),
            "Louvain clustering", err);
        break;
    case ILONET_CLUSTER_LEIDEN:
        /* With node weights = strengths and resolution / 2m, Leiden's CPM quality is modularity
         * (igraph's documented recipe). */
        st = ilonet_igraph_check(igraph_community_leiden(c->mg, c->mw, &c->node_w,
                                                         resolution / (2.0 * c->total_w), 0.01, 0,
                                                         -1, membership, NULL, NULL),
                                 "Leiden clustering", err);
        break;
    case ILONET_CLUSTER_LABELPROP:
        st = ilonet_igraph_check(
            igraph_community_label_propagation(c->mg, membership, IGRAPH_ALL, c->mw, NULL, NULL),
            "label propagation clustering", err);
        break;
    case ILONET_CLUSTER_WALKTRAP:
    case ILONET_CLUSTER_FASTGREEDY:
        st = ilonet_igraph_check(igraph_vector_init(&mod, 0), "vector", err);
        if (st != ILONET_OK) {
            break;
        }
        mod_ready = 1;
        st = ilonet_igraph_check(igraph_matrix_int_init(&merges, 0, 0), "matrix", err);
        if (st != ILONET_OK) {
            break;
        }
        merges_ready = 1;
        if (m == ILONET_CLUSTER_WALKTRAP) {
            st =
                ilonet_igraph_check(igraph_community_walktrap(c->mg, c->mw, 4, &merges, &mod, NULL),
                                    "walktrap clustering", err);
        } else {
            st = ilonet_igraph_check(igraph_community_fastgreedy(c->mg, c->mw, &merges, &mod, NULL),
                                     "fast greedy clustering", err);
        }
        if (st != ILONET_OK) {
            break;
        }
        /* Cut the dendrogram ourselves: igraph 0.10.2's fastgreedy membership can stop short of
         * the best cut (triangle plus pendant: Q -0.02 returned, 0 reachable). */
        st = ilonet_igraph_check(igraph_community_to_membership(&merges, igraph_vcount(c->mg),
                                                                igraph_vector_which_max(&mod),
                                                                membership, NULL),
                                 "cutting the dendrogram", err);
        break;
    case ILONET_CLUSTER_INFOMAP:
        st = ilonet_igraph_check(
            igraph_community_infomap(&gr->g, &gr->strength, NULL, 1, membership, &codelength),
            "infomap clustering", err);
        break;
    case ILONET_CLUSTER_EDGEBETWEENNESS:
        /* igraph would pick the cut by modularity on the same weights its paths use, i.e. on
         * distances; so take only the removal order and choose the cut on strengths. On a
         * directed graph, undirected modularity with A->B and B->A as two ties equals modularity
         * on the undirected version with their strengths summed. */
        st = ilonet_igraph_check(igraph_vector_int_init(&removed, 0), "vector", err);
        if (st != ILONET_OK) {
            break;
        }
        removed_ready = 1;
        st = ilonet_igraph_check(igraph_vector_init(&mod, 0), "vector", err);
        if (st != ILONET_OK) {
            break;
        }
        mod_ready = 1;
        st = ilonet_igraph_check(igraph_community_edge_betweenness(&gr->g, &removed, NULL, NULL,
                                                                   NULL, NULL, NULL, gr->directed,
                                                                   &gr->distance),
                                 "edge betweenness clustering", err);
        if (st != ILONET_OK) {
            break;
        }
        st = ilonet_igraph_check(igraph_community_eb_get_merges(&gr->g, 0, &removed, &gr->strength,
                                                                NULL, NULL, &mod, membership),
                                 "edge betweenness dendrogram", err);
        break;
    case ILONET_CLUSTER_COMPONENTS:
        st = ilonet_igraph_check(
            igraph_connected_components(c->mg, membership, NULL, NULL, IGRAPH_WEAK),
            "connected components", err);
        break;
    default:
        st =
            ilonet_error_set(err, ILONET_EUSAGE, NULL, 0, "unknown clustering method (%d)", (int)m);
        break;
    }
    if (mod_ready) {
        igraph_vector_destroy(&mod);
    }
    if (removed_ready) {
        igraph_vector_int_destroy(&removed);
    }
    if (merges_ready) {
        igraph_matrix_int_destroy(&merges);
    }
    if (st == ILONET_OK && igraph_vector_int_size(membership) != igraph_vcount(&gr->g)) {
        st = ilonet_error_set(err, ILONET_EINTERNAL, NULL, 0,
                              "igraph: %s clustering returned %" IGRAPH_PRId
                              " labels for %" IGRAPH_PRId " nodes",
                              ilonet_cluster_method_name(m), igraph_vector_int_size(membership),
                              igraph_vcount(&gr->g));
    }
    if (st == ILONET_OK && igraph_vector_int_size(membership) > 0 &&
        igraph_vector_int_min(membership) < 0) {
        st = ilonet_error_set(err, ILONET_EINTERNAL, NULL, 0,
                              "igraph: %s clustering left a node without a cluster",
                              ilonet_cluster_method_name(m));
    }
    return st;
}

/* Modularity of labels >= 0 on the undirected strength-weighted graph, resolution 1. */
static ilonet_status_t modularity_of(const ctx_t *c, const igraph_vector_int_t *membership,
                                     double *q, ilonet_error_t *err)
{
    igraph_real_t value = NAN;
    ilonet_status_t st = ILONET_OK;
    if (igraph_ecount(c->mg) > 0) {
        st = ilonet_igraph_check(igraph_modularity(c->mg, membership, c->mw, 1.0, 0, &value),
                                 "modularity", err);
    }
    *q = value;
    return st;
}

/* Runs tries first, first + step, ... below runs into cur and keeps in best the raw membership
 * of the highest modularity, the earliest try on ties (*best_k; *best_q). Any split of the tries
 * into such strides, merged by the same rule, keeps the partition one pass over all of them
 * keeps. */
static ilonet_status_t run_tries(const ctx_t *c, const ilonet_cluster_options_t *o, unsigned first,
                                 unsigned step, unsigned runs, igraph_vector_int_t *cur,
                                 igraph_vector_int_t *best, double *best_q, unsigned *best_k,
                                 ilonet_error_t *err)
{
    int stochastic = ilonet_cluster_method_is_stochastic(o->method);
    ilonet_status_t st = ILONET_OK;
    int have = 0;
    for (unsigned k = first; k < runs; k += step) {
        double q;
        if (stochastic) {
            ilonet_igraph_seed(k == 0 ? o->seed : derive_seed(o->seed, k));
        }
        st = run_method(c, o->method, o->resolution, cur, err);
        if (st != ILONET_OK) {
            return st;
        }
        st = modularity_of(c, cur, &q, err);
        if (st != ILONET_OK) {
            return st;
        }
        if (!have || q > *best_q) {
            have = 1;
            *best_q = q;
            *best_k = k;
            st = ilonet_igraph_check(igraph_vector_int_update(best, cur), "vector", err);
            if (st != ILONET_OK) {
                return st;
            }
        }
        if (step == 0) {
            break;
        }
    }
    return st;
}

static unsigned runs_of(const ilonet_cluster_options_t *o)
{
    return ilonet_cluster_method_is_stochastic(o->method) ? o->tries : 1;
}

/* Starts cl for gr: the method's name, whether it clusters an undirected version, and an
 * n-node membership to fill in. */
static ilonet_status_t clusters_begin(const ctx_t *c, const ilonet_cluster_options_t *o,
                                      ilonet_clusters_t *cl, ilonet_error_t *err)
{
    memset(cl, 0, sizeof *cl);
    cl->method = ilonet_cluster_method_name(o->method);
    cl->used_undirected = c->gr->directed && o->method != ILONET_CLUSTER_INFOMAP &&
                          o->method != ILONET_CLUSTER_EDGEBETWEENNESS;
    ilonet_status_t st = ilonet_igraph_check(
        igraph_vector_int_init(&cl->membership, igraph_vcount(&c->gr->g)), "vector", err);
    if (st == ILONET_OK) {
        cl->ready = 1;
        cl->tries = 1;
    }
    return st;
}

/* Numbers the clusters by size and computes the reported modularity. */
static ilonet_status_t clusters_end(const ctx_t *c, ilonet_clusters_t *cl, ilonet_error_t *err)
{
    ilonet_status_t st = ilonet_community_renumber(cl, err);
    if (st != ILONET_OK) {
        return st;
    }
    /* Recomputed on the published labels (shifted to 0-based; renumbering only permutes them)
     * so the reported value is exactly what anyone recomputing it gets. */
    igraph_vector_int_add_constant(&cl->membership, -1);
    st = modularity_of(c, &cl->membership, &cl->modularity, err);
    igraph_vector_int_add_constant(&cl->membership, 1);
    return st;
}

static ilonet_status_t detect(const ctx_t *c, const ilonet_cluster_options_t *o,
                              ilonet_clusters_t *cl, ilonet_error_t *err)
{
    const igraph_t *g = &c->gr->g;
    igraph_integer_t n = igraph_vcount(g);
    igraph_vector_int_t cur;
    int cur_ready = 0;
    double best_q = NAN;
    ilonet_status_t st = clusters_begin(c, o, cl, err);

    if (st != ILONET_OK) {
        return st;
    }
    if (igraph_ecount(g) == 0) {
        /* Nothing to cluster: every node alone, whatever the method (some divide by the total
         * strength). */
        for (igraph_integer_t i = 0; i < n; i++) {
            VECTOR(cl->membership)[i] = i;
        }
    } else {
        st = ilonet_igraph_check(igraph_vector_int_init(&cur, n), "vector", err);
        if (st != ILONET_OK) {
            goto cleanup;
        }
        cur_ready = 1;
        cl->tries = runs_of(o);
        st = run_tries(c, o, 0, 1, cl->tries, &cur, &cl->membership, &best_q, &cl->best_try, err);
        if (st != ILONET_OK) {
            goto cleanup;
        }
    }
    st = clusters_end(c, cl, err);

cleanup:
    if (cur_ready) {
        igraph_vector_int_destroy(&cur);
    }
    if (st != ILONET_OK) {
        ilonet_clusters_destroy(cl);
    }
    return st;
}

ilonet_status_t ilonet_community_detect(ilonet_clusters_t *cl, const ilonet_graph_t *gr,
                                        const ilonet_cluster_options_t *o, ilonet_error_t *err)
{
    ilonet_cluster_options_t defaults;
    ctx_t c;
    ilonet_status_t st;

    memset(cl, 0, sizeof *cl);
    if (o == NULL) {
        ilonet_cluster_options_default(&defaults);
        o = &defaults;
    }
    st = check_options(o, gr, err);
    if (st != ILONET_OK) {
        return st;
    }
    st = ctx_init(&c, gr, o->method, err);
    if (st != ILONET_OK) {
        return st;
    }
    st = detect(&c, o, cl, err);
    ctx_destroy(&c);
    return st;
}

ilonet_status_t ilonet_community_louvain(ilonet_clusters_t *cl, const ilonet_graph_t *gr,
                                         unsigned long seed, ilonet_error_t *err)
{
    ilonet_cluster_options_t o;
    ilonet_cluster_options_default(&o);
    o.tries = 1;
    o.seed = seed;
    return ilonet_community_detect(cl, gr, &o, err);
}

/* ---- clustering in background processes ---- */

/* What one child hands back: the best of its stride of tries, then its raw membership. */
typedef struct {
    uint32_t best_k;
    uint64_t n;
    double best_q;
} job_result_t;

#define JOB_MEMBERSHIP_OFFSET ((sizeof(job_result_t) + 15u) & ~(size_t)15u)

typedef struct {
    unsigned first, step;
    const ilonet_graph_t *gr;
    const ilonet_cluster_options_t *o;
} job_child_t;

/* A child's work: its stride of tries, the best copied out. */
static int job_child(void *ctx, void *shared)
{
    const job_child_t *w = ctx;
    ctx_t c;
    ilonet_error_t e;
    igraph_vector_int_t cur, best;
    job_result_t *r = shared;
    igraph_integer_t n = igraph_vcount(&w->gr->g);
    double best_q = NAN;
    unsigned best_k = 0;
    if (ctx_init(&c, w->gr, w->o->method, &e) != ILONET_OK ||
        igraph_vector_int_init(&cur, n) != 0 || igraph_vector_int_init(&best, n) != 0 ||
        run_tries(&c, w->o, w->first, w->step, runs_of(w->o), &cur, &best, &best_q, &best_k, &e) !=
            ILONET_OK) {
        return 1; /* the parent reruns it to report the error; the process ends, freeing all */
    }
    memcpy((char *)shared + JOB_MEMBERSHIP_OFFSET, VECTOR(best),
           (size_t)n * sizeof(igraph_integer_t));
    r->best_q = best_q;
    r->best_k = best_k;
    r->n = (uint64_t)n;
    return 0;
}

/* Kills and reaps what still runs and frees the shared blocks: the job is zeroed. */
static void job_end(ilonet_cluster_job_t *job)
{
    for (unsigned i = 0; i < job->n_children; i++) {
        ilonet_behind_release(&job->child[i]);
    }
    memset(job, 0, sizeof *job);
}

void ilonet_community_detect_start(ilonet_cluster_job_t *job, const ilonet_graph_t *gr,
                                   const ilonet_cluster_options_t *o, unsigned processes)
{
    ilonet_cluster_options_t defaults;
    memset(job, 0, sizeof *job);
    if (o == NULL) {
        ilonet_cluster_options_default(&defaults);
        o = &defaults;
    }
    size_t n = (size_t)igraph_vcount(&gr->g);
    unsigned runs = runs_of(o);
    if (igraph_ecount(&gr->g) == 0 || runs == 0 || check_options(o, gr, NULL) != ILONET_OK ||
        n > (SIZE_MAX - JOB_MEMBERSHIP_OFFSET) / sizeof(igraph_integer_t)) {
        return; /* finish does it here, with its error if any */
    }
    unsigned children = processes < 1 ? 1 : processes;
    children = children > ILONET_CLUSTER_JOB_MAX ? ILONET_CLUSTER_JOB_MAX : children;
    children = children > runs ? runs : children;
    for (unsigned i = 0; i < children; i++) {
        job_child_t w = {i, children, gr, o}; /* the child reads its forked copy */
        job->n_children = i + 1;
        if (!ilonet_behind_start(&job->child[i],
                                 JOB_MEMBERSHIP_OFFSET + n * sizeof(igraph_integer_t), job_child,
                                 &w)) {
            job_end(job); /* all or nothing: the caller's process does it all */
            return;
        }
    }
}

ilonet_status_t ilonet_community_detect_finish(ilonet_cluster_job_t *job, ilonet_clusters_t *cl,
                                               const ilonet_graph_t *gr,
                                               const ilonet_cluster_options_t *o,
                                               ilonet_error_t *err)
{
    ilonet_cluster_options_t defaults;
    ctx_t c;
    unsigned best = 0, children = job->n_children;
    igraph_integer_t n = igraph_vcount(&gr->g);
    int ok = children > 0;

    for (unsigned i = 0; i < children; i++) {
        ok &= ilonet_behind_wait(&job->child[i]);
    }
    for (unsigned i = 0; ok && i < children; i++) {
        const job_result_t *r = job->child[i].shared;
        ok = r->n == (uint64_t)n;
        /* the merge rule of run_tries: highest modularity, earliest try on ties */
        if (ok && i > 0) {
            const job_result_t *b = job->child[best].shared;
            if (r->best_q > b->best_q || (r->best_q == b->best_q && r->best_k < b->best_k)) {
                best = i;
            }
        }
    }
    if (!ok) {
        /* no child, or one that failed: do it here, for the result or for the exact error */
        job_end(job);
        return ilonet_community_detect(cl, gr, o, err);
    }
    if (o == NULL) {
        ilonet_cluster_options_default(&defaults);
        o = &defaults;
    }
    ilonet_status_t st = ctx_init(&c, gr, o->method, err);
    if (st != ILONET_OK) {
        job_end(job);
        return st;
    }
    st = clusters_begin(&c, o, cl, err);
    if (st == ILONET_OK) {
        const job_result_t *r = job->child[best].shared;
        memcpy(VECTOR(cl->membership), (const char *)r + JOB_MEMBERSHIP_OFFSET,
               (size_t)n * sizeof(igraph_integer_t));
        cl->tries = runs_of(o);
        cl->best_try = r->best_k;
        st = clusters_end(&c, cl, err);
        if (st != ILONET_OK) {
            ilonet_clusters_destroy(cl);
        }
    }
    ctx_destroy(&c);
    job_end(job);
    return st;
}

void ilonet_community_detect_cancel(ilonet_cluster_job_t *job)
{
    job_end(job);
}

typedef struct {
    size_t label;
    size_t size;
    size_t first; /* smallest node index */
} cluster_info_t;

static int by_size_then_first(const void *a, const void *b)
{
    const cluster_info_t *x = a, *y = b;
    if (x->size != y->size) {
        return x->size > y->size ? -1 : 1;
    }
    return x->first < y->first ? -1 : (x->first > y->first);
}

ilonet_status_t ilonet_community_renumber(ilonet_clusters_t *cl, ilonet_error_t *err)
{
    size_t n = (size_t)igraph_vector_int_size(&cl->membership);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        size_t m = (size_t)VECTOR(cl->membership)[i];
        k = m + 1 > k ? m + 1 : k;
    }
    cluster_info_t *info = calloc(k ? k : 1, sizeof *info);
    size_t *newlabel = malloc((k ? k : 1) * sizeof *newlabel);
    if (info == NULL || newlabel == NULL) {
        free(info);
        free(newlabel);
        return ilonet_error_nomem(err);
    }
    for (size_t c = 0; c < k; c++) {
        info[c].label = c;
        info[c].first = (size_t)-1;
    }
    for (size_t i = 0; i < n; i++) {
        cluster_info_t *ci = &info[VECTOR(cl->membership)[i]];
        ci->size++;
        if (i < ci->first) {
            ci->first = i;
        }
    }
    qsort(info, k, sizeof *info, by_size_then_first);
    size_t used = 0;
    for (size_t c = 0; c < k; c++) {
        if (info[c].size > 0) {
            newlabel[info[c].label] = ++used;
        }
    }
    for (size_t i = 0; i < n; i++) {
        VECTOR(cl->membership)[i] = (igraph_integer_t)newlabel[VECTOR(cl->membership)[i]];
    }
    cl->n_clusters = used;
    free(info);
    free(newlabel);
    return ILONET_OK;
}

/* Relabels to 0..k-1 in order of label value: igraph_compare_communities wants labels < n. */
static ilonet_status_t dense_labels(const igraph_vector_int_t *in, igraph_vector_int_t *out,
                                    ilonet_error_t *err)
{
    igraph_integer_t n = igraph_vector_int_size(in);
    igraph_vector_int_t order;
    ilonet_status_t st;

    for (igraph_integer_t i = 0; i < n; i++) {
        if (VECTOR(*in)[i] < 0) {
            return ilonet_error_set(err, ILONET_EUSAGE, NULL, 0,
                                    "cluster label %" IGRAPH_PRId " of node %" IGRAPH_PRId
                                    " is negative",
                                    VECTOR(*in)[i], i);
        }
    }
    st = ilonet_igraph_check(igraph_vector_int_init(&order, 0), "vector", err);
    if (st != ILONET_OK) {
        return st;
    }
    st =
        ilonet_igraph_check(igraph_vector_int_qsort_ind(in, &order, IGRAPH_ASCENDING), "sort", err);
    if (st == ILONET_OK) {
        st = ilonet_igraph_check(igraph_vector_int_init(out, n), "vector", err);
    }
    if (st == ILONET_OK) {
        igraph_integer_t label = -1, prev = -1;
        for (igraph_integer_t j = 0; j < n; j++) {
            igraph_integer_t i = VECTOR(order)[j];
            if (VECTOR(*in)[i] != prev) {
                prev = VECTOR(*in)[i];
                label++;
            }
            VECTOR(*out)[i] = label;
        }
    }
    igraph_vector_int_destroy(&order);
    return st;
}

ilonet_status_t ilonet_community_compare(const igraph_vector_int_t *a, const igraph_vector_int_t *b,
                                         double *nmi, double *ari, ilonet_error_t *err)
{
    igraph_integer_t n = igraph_vector_int_size(a);
    igraph_vector_int_t da, db;
    int da_ready = 0, db_ready = 0;
    igraph_real_t vn = 1.0, va = 1.0;
    ilonet_status_t st;

    if (igraph_vector_int_size(b) != n) {
        return ilonet_error_set(err, ILONET_EUSAGE, NULL, 0,
                                "cannot compare partitions of %" IGRAPH_PRId " and %" IGRAPH_PRId
                                " nodes",
                                n, igraph_vector_int_size(b));
    }
    st = dense_labels(a, &da, err);
    if (st != ILONET_OK) {
        goto cleanup;
    }
    da_ready = 1;
    st = dense_labels(b, &db, err);
    if (st != ILONET_OK) {
        goto cleanup;
    }
    db_ready = 1;
    /* With fewer than two nodes both partitions are necessarily the same; igraph refuses. */
    if (n >= 2) {
        st = ilonet_igraph_check(igraph_compare_communities(&da, &db, &vn, IGRAPH_COMMCMP_NMI),
                                 "normalised mutual information", err);
        if (st != ILONET_OK) {
            goto cleanup;
        }
        st = ilonet_igraph_check(
            igraph_compare_communities(&da, &db, &va, IGRAPH_COMMCMP_ADJUSTED_RAND),
            "adjusted Rand index", err);
        if (st != ILONET_OK) {
            goto cleanup;
        }
        /* ARI is 0/0 exactly when both partitions are the same trivial one (all in one cluster,
         * or all apart); like scikit-learn's adjusted_rand_score, call that perfect agreement. */
        if (isnan(va)) {
            va = 1.0;
        }
    }
    if (nmi != NULL) {
        *nmi = vn;
    }
    if (ari != NULL) {
        *ari = va;
    }

cleanup:
    if (da_ready) {
        igraph_vector_int_destroy(&da);
    }
    if (db_ready) {
        igraph_vector_int_destroy(&db);
    }
    return st;
}

static ilonet_status_t check_reference(const ilonet_clusters_t *ref, const ilonet_graph_t *gr,
                                       ilonet_error_t *err)
{
    igraph_integer_t n = igraph_vcount(&gr->g);
    if (!ref->ready || igraph_vector_int_size(&ref->membership) != n) {
        return ilonet_error_set(
            err, ILONET_EUSAGE, NULL, 0,
            "the reference clusters do not cover the graph's %" IGRAPH_PRId " nodes", n);
    }
    for (igraph_integer_t i = 0; i < n; i++) {
        igraph_integer_t c = VECTOR(ref->membership)[i];
        if (c < 1 || (size_t)c > ref->n_clusters) {
            return ilonet_error_set(err, ILONET_EUSAGE, NULL, 0,
                                    "reference cluster %" IGRAPH_PRId " of node %" IGRAPH_PRId
                                    " is outside 1..%zu",
                                    c, i, ref->n_clusters);
        }
    }
    return ILONET_OK;
}

ilonet_status_t ilonet_community_stability(const ilonet_graph_t *gr,
                                           const ilonet_cluster_options_t *o,
                                           const ilonet_clusters_t *ref, unsigned runs,
                                           igraph_vector_t *node_stability,
                                           igraph_vector_t *cluster_stability, ilonet_error_t *err)
{
    ilonet_cluster_options_t defaults, ro;
    ctx_t c;
    int ctx_ready = 0, node_ready = 0, cluster_ready = 0;
    size_t n = (size_t)igraph_vcount(&gr->g), k = ref->n_clusters;
    size_t *start = NULL, *fill = NULL, *members = NULL, *count = NULL;
    ilonet_clusters_t run;
    ilonet_status_t st;

    memset(&run, 0, sizeof run);
    if (o == NULL) {
        ilonet_cluster_options_default(&defaults);
        o = &defaults;
    }
    if (runs < 1) {
        return ilonet_error_set(err, ILONET_EUSAGE, NULL, 0,
                                "cluster stability needs at least 1 run");
    }
    st = check_options(o, gr, err);
    if (st == ILONET_OK) {
        st = check_reference(ref, gr, err);
    }
    if (st != ILONET_OK) {
        return st;
    }
    /* Members of reference cluster c (1-based) are members[start[c - 1] .. start[c] - 1], in
     * node order (a counting sort; fill[] is the next free slot of each cluster). */
    start = calloc(k + 1, sizeof *start);
    fill = calloc(k + 1, sizeof *fill);
    members = malloc((n ? n : 1) * sizeof *members);
    count = calloc(n + 1, sizeof *count);
    if (start == NULL || fill == NULL || members == NULL || count == NULL) {
        st = ilonet_error_nomem(err);
        goto cleanup;
    }
    for (size_t i = 0; i < n; i++) {
        start[VECTOR(ref->membership)[i]]++;
    }
    for (size_t cl = 1; cl <= k; cl++) {
        start[cl] += start[cl - 1];
    }
    for (size_t cl = 0; cl < k; cl++) {
        fill[cl] = start[cl];
    }
    for (size_t i = 0; i < n; i++) {
        members[fill[VECTOR(ref->membership)[i] - 1]++] = i;
    }
    st = ctx_init(&c, gr, o->method, err);
    if (st != ILONET_OK) {
        goto cleanup;
    }
    ctx_ready = 1;
    st =
        ilonet_igraph_check(igraph_vector_init(node_stability, (igraph_integer_t)n), "vector", err);
    if (st != ILONET_OK) {
        goto cleanup;
    }
    node_ready = 1;
    st = ilonet_igraph_check(igraph_vector_init(cluster_stability, (igraph_integer_t)k), "vector",
                             err);
    if (st != ILONET_OK) {
        goto cleanup;
    }
    cluster_ready = 1;

    ro = *o;
    ro.tries = 1;
    if (!ilonet_cluster_method_is_stochastic(o->method)) {
        runs = 1;
    }
    for (unsigned r = 0; r < runs; r++) {
        ro.seed = derive_seed(o->seed, STABILITY_SEED_OFFSET + r);
        st = detect(&c, &ro, &run, err);
        if (st != ILONET_OK) {
            goto cleanup;
        }
        for (size_t cl = 0; cl < k; cl++) {
            size_t best = 0, best_count = 0;
            for (size_t j = start[cl]; j < start[cl + 1]; j++) {
                size_t lab = (size_t)VECTOR(run.membership)[members[j]];
                count[lab]++;
                if (count[lab] > best_count || (count[lab] == best_count && lab < best)) {
                    best = lab;
                    best_count = count[lab];
                }
            }
            for (size_t j = start[cl]; j < start[cl + 1]; j++) {
                size_t i = members[j];
                size_t lab = (size_t)VECTOR(run.membership)[i];
                count[lab] = 0;
                if (lab == best) {
                    VECTOR(*node_stability)[i] += 1.0;
                }
            }
        }
        ilonet_clusters_destroy(&run);
    }
    for (size_t i = 0; i < n; i++) {
        VECTOR(*node_stability)[i] /= (double)runs;
    }
    for (size_t cl = 0; cl < k; cl++) {
        double sum = 0.0;
        for (size_t j = start[cl]; j < start[cl + 1]; j++) {
            sum += VECTOR(*node_stability)[members[j]];
        }
        VECTOR(*cluster_stability)
        [cl] = start[cl + 1] > start[cl] ? sum / (double)(start[cl + 1] - start[cl]) : NAN;
    }

cleanup:
    ilonet_clusters_destroy(&run);
    if (ctx_ready) {
        ctx_destroy(&c);
    }
    if (st != ILONET_OK) {
        if (node_ready) {
            igraph_vector_destroy(node_stability);
        }
        if (cluster_ready) {
            igraph_vector_destroy(cluster_stability);
        }
    }
    free(start);
    free(fill);
    free(members);
    free(count);
    return st;
}
