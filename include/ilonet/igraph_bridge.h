/* The one place that configures igraph: error and warning handlers, the seeded RNG, and the
 * conversion of igraph error codes into ilonet errors. */
#ifndef ILONET_IGRAPH_BRIDGE_H
#define ILONET_IGRAPH_BRIDGE_H

#include <igraph.h>

#include "ilonet/error.h"

/* Receives igraph warnings (e.g. "eigenvector centrality on an acyclic graph"). */
typedef void (*ilonet_warning_fn)(void *ctx, const char *message);

/* Installs ilonet's igraph handlers; igraph's default error handler would abort the process.
 * Idempotent. Call before any other igraph use. */
void ilonet_igraph_setup(void);

/* Routes igraph warnings to fn (NULL = drop them). */
void ilonet_igraph_set_warning_sink(ilonet_warning_fn fn, void *ctx);

/* Seeds igraph's default RNG so stochastic methods repeat exactly. */
void ilonet_igraph_seed(unsigned long seed);

/* Converts an igraph status into an ilonet status; what names the failed step. */
ilonet_status_t ilonet_igraph_check(igraph_error_t code, const char *what, ilonet_error_t *err);

/* Runs an igraph call and, on failure, converts its status with ilonet_igraph_check and jumps to
 * the caller's `cleanup` label. The caller declares `ilonet_status_t st` and has `err` in scope;
 * on success st is ILONET_OK. */
#define ILONET_IGRAPH_CHECK(call, what)                                                            \
    do {                                                                                           \
        st = ilonet_igraph_check((call), (what), err);                                             \
        if (st != ILONET_OK) {                                                                     \
            goto cleanup;                                                                          \
        }                                                                                          \
    } while (0)

#endif
