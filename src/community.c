/* Community detection and the stable numbering of clusters that reports rely on. */
#include "ilonet/community.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ilonet/igraph_bridge.h"

void ilonet_clusters_destroy(ilonet_clusters_t *cl)
{
    if (cl->ready) {
        igraph_vector_int_destroy(&cl->membership);
    }
    memset(cl, 0, sizeof *cl);
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

ilonet_status_t ilonet_community_louvain(ilonet_clusters_t *cl, const ilonet_graph_t *gr,
                                         unsigned long seed, ilonet_error_t *err)
{
    ilonet_status_t st;
    igraph_t ug;
    igraph_vector_t ustrength;
    const igraph_t *g = &gr->g;
    const igraph_vector_t *w = &gr->strength;
    int own_undirected = 0;
    igraph_real_t q = NAN;

    memset(cl, 0, sizeof *cl);
    cl->method = "louvain";
    if (gr->directed) {
        st = ilonet_graph_undirected(gr, &ug, &ustrength, err);
        if (st != ILONET_OK) {
            return st;
        }
        own_undirected = 1;
        g = &ug;
        w = &ustrength;
        cl->used_undirected = 1;
    }
    st = ilonet_igraph_check(igraph_vector_int_init(&cl->membership, igraph_vcount(g)), "vector",
                             err);
    if (st != ILONET_OK) {
        goto cleanup;
    }
    cl->ready = 1;
    ilonet_igraph_seed(seed);
    st = ilonet_igraph_check(igraph_community_multilevel(g, w, 1.0, &cl->membership, NULL, NULL),
                             "Louvain clustering", err);
    if (st != ILONET_OK) {
        goto cleanup;
    }
    st = ilonet_community_renumber(cl, err);
    if (st != ILONET_OK) {
        goto cleanup;
    }
    if (igraph_ecount(g) > 0) {
        /* modularity() wants 0-based labels; renumbering only permutes them, so shift by one. */
        igraph_vector_int_add_constant(&cl->membership, -1);
        st = ilonet_igraph_check(igraph_modularity(g, &cl->membership, w, 1.0, 0, &q),
                                 "modularity", err);
        igraph_vector_int_add_constant(&cl->membership, 1);
    }
    cl->modularity = q;

cleanup:
    if (own_undirected) {
        igraph_destroy(&ug);
        igraph_vector_destroy(&ustrength);
    }
    if (st != ILONET_OK) {
        ilonet_clusters_destroy(cl);
    }
    return st;
}
