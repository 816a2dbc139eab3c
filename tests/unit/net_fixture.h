/* Builds networks and graphs from CSV text for the graph, metric and cluster tests. */
#ifndef ILONET_NET_FIXTURE_H
#define ILONET_NET_FIXTURE_H

#include "test_util.h"

#include <math.h>

#include "ilonet/ilonet.h"

typedef struct {
    ilonet_network_t net;
    ilonet_graph_t graph;
} fixture_t;

/* Loads edges (and nodes, may be NULL) CSV text and builds the graph; asserts success. */
static inline void fixture_build(fixture_t *f, const char *edges, const char *nodes, int directed,
                                 ilonet_weight_is_t weight_is)
{
    ilonet_error_t err;
    ilonet_load_options_t lo;
    ilonet_load_options_default(&lo);
    ilonet_igraph_setup();
    assert_int_equal(ilonet_network_init(&f->net, &err), ILONET_OK);
    if (nodes != NULL) {
        assert_int_equal(ilonet_load_nodes(&f->net, temp_csv(1, nodes), &lo, &err), ILONET_OK);
    }
    ilonet_status_t st = ilonet_load_edges(&f->net, temp_csv(0, edges), &lo, &err);
    if (st != ILONET_OK) {
        fail_msg("load failed: %s", err.message);
    }
    ilonet_graph_options_t go = {.directed = directed, .weight_is = weight_is};
    assert_int_equal(ilonet_graph_build(&f->graph, &f->net, &go, &err), ILONET_OK);
}

static inline void fixture_destroy(fixture_t *f)
{
    ilonet_graph_destroy(&f->graph);
    ilonet_network_destroy(&f->net);
}

/* Index of the node called id; fails the test when absent. */
static inline size_t node(const fixture_t *f, const char *id)
{
    size_t i = ilonet_network_find_node(&f->net, id);
    if (i == ILONET_NONE) {
        fail_msg("no node %s", id);
    }
    return i;
}

#define assert_near(a, b, tol) assert_true(fabs((double)(a) - (double)(b)) <= (tol))

#endif
