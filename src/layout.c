/* igraph layouts, seeded and scaled to Graphviz points. */
#include "ilonet/layout.h"

#include <math.h>
#include <string.h>

#include "ilonet/igraph_bridge.h"

int ilonet_layout_is_igraph(const char *name)
{
    return strcmp(name, "fr") == 0 || strcmp(name, "kk") == 0 || strcmp(name, "drl") == 0 ||
           strcmp(name, "mds") == 0;
}

/* Scales positions so the mean distance between tied nodes is about 1.3 inches, a spacing at
 * which labelled nodes of up to an inch do not crowd each other. */
static void scale_to_points(const igraph_t *g, igraph_matrix_t *xy)
{
    igraph_integer_t n = igraph_matrix_nrow(xy);
    igraph_integer_t m = igraph_ecount(g);
    double sum = 0;
    for (igraph_integer_t e = 0; e < m; e++) {
        igraph_integer_t a = IGRAPH_FROM(g, e), b = IGRAPH_TO(g, e);
        sum += hypot(MATRIX(*xy, a, 0) - MATRIX(*xy, b, 0), MATRIX(*xy, a, 1) - MATRIX(*xy, b, 1));
    }
    double mean = m > 0 ? sum / (double)m : 0;
    double factor = mean > 0 ? 94.0 / mean : 72.0;
    for (igraph_integer_t i = 0; i < n; i++) {
        MATRIX(*xy, i, 0) *= factor;
        MATRIX(*xy, i, 1) *= factor;
    }
}

ilonet_status_t ilonet_layout_compute(const igraph_t *g, const igraph_vector_t *strength,
                                      const char *name, unsigned long seed, igraph_matrix_t *xy,
                                      ilonet_error_t *err)
{
    igraph_integer_t n = igraph_vcount(g);
    ilonet_status_t st = ilonet_igraph_check(igraph_matrix_init(xy, n, 2), "layout", err);
    if (st != ILONET_OK) {
        return st;
    }
    ilonet_igraph_seed(seed);
    igraph_error_t rc;
    if (strcmp(name, "fr") == 0) {
        rc = igraph_layout_fruchterman_reingold(
            g, xy, 0, 500, sqrt((double)n), IGRAPH_LAYOUT_AUTOGRID,
            igraph_ecount(g) > 0 ? strength : NULL, NULL, NULL, NULL, NULL);
    } else if (strcmp(name, "kk") == 0) {
        /* Kamada-Kawai reads weights as lengths, so it gets none rather than strengths. */
        rc = igraph_layout_kamada_kawai(g, xy, 0, 50 * n, 0.0, (double)n, NULL, NULL, NULL, NULL,
                                        NULL);
    } else if (strcmp(name, "drl") == 0) {
        igraph_layout_drl_options_t o;
        rc = igraph_layout_drl_options_init(&o, IGRAPH_LAYOUT_DRL_DEFAULT);
        if (rc == IGRAPH_SUCCESS) {
            rc = igraph_layout_drl(g, xy, 0, &o, igraph_ecount(g) > 0 ? strength : NULL);
        }
    } else if (strcmp(name, "mds") == 0) {
        rc = igraph_layout_mds(g, xy, NULL, 2);
    } else {
        igraph_matrix_destroy(xy);
        return ilonet_error_set(err, ILONET_EUSAGE, NULL, 0, "unknown igraph layout '%s'", name);
    }
    st = ilonet_igraph_check(rc, "layout", err);
    if (st != ILONET_OK) {
        igraph_matrix_destroy(xy);
        return st;
    }
    scale_to_points(g, xy);
    return ILONET_OK;
}
