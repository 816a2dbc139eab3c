/* igraph's handlers replaced so its errors become ilonet errors instead of aborts. */
#include "ilonet/igraph_bridge.h"

#include <stdio.h>
#include <string.h>

static char last_reason[256];
static ilonet_warning_fn warning_fn;
static void *warning_ctx;

static void on_igraph_error(const char *reason, const char *file, int line, igraph_error_t code)
{
    (void)file;
    (void)line;
    snprintf(last_reason, sizeof last_reason, "%s (%s)", reason, igraph_strerror(code));
    /* igraph expects the handler to release what its FINALLY stack holds. */
    IGRAPH_FINALLY_FREE();
}

static void on_igraph_warning(const char *reason, const char *file, int line)
{
    (void)file;
    (void)line;
    if (warning_fn != NULL) {
        warning_fn(warning_ctx, reason);
    }
}

void ilonet_igraph_setup(void)
{
    igraph_set_error_handler(on_igraph_error);
    igraph_set_warning_handler(on_igraph_warning);
}

void ilonet_igraph_set_warning_sink(ilonet_warning_fn fn, void *ctx)
{
    warning_fn = fn;
    warning_ctx = ctx;
}

void ilonet_igraph_seed(unsigned long seed)
{
    igraph_rng_seed(igraph_rng_default(), (igraph_uint_t)seed);
}

ilonet_status_t ilonet_igraph_check(igraph_error_t code, const char *what, ilonet_error_t *err)
{
    if (code == IGRAPH_SUCCESS) {
        return ILONET_OK;
    }
    if (code == IGRAPH_ENOMEM) {
        return ilonet_error_nomem(err);
    }
    ilonet_status_t st =
        ilonet_error_set(err, ILONET_EINTERNAL, NULL, 0, "igraph: %s failed: %s", what,
                         last_reason[0] ? last_reason : igraph_strerror(code));
    last_reason[0] = '\0';
    return st;
}
