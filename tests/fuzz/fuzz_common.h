/* Helpers shared by the libFuzzer harnesses: input bytes as a file path, one-time igraph set-up,
 * and invariant checks that turn a silent inconsistency into a crash the fuzzer can report. */
#ifndef ILONET_FUZZ_COMMON_H
#define ILONET_FUZZ_COMMON_H

/* memfd_create */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ilonet/ilonet.h"

/* Centrality (exact betweenness is O(V*E)) and Louvain run only on graphs up to this many nodes,
 * so that one execution stays in the millisecond range. */
#define FUZZ_MAX_ANALYSIS_NODES 200

/* The loaders read in chunks of this size instead of the default 1 MiB: the reader's 2 MiB buffer
 * costs ASan more (shadow memory, page faults) than the rest of an execution, and chunking does
 * not change what is read (fuzz_csv checks exactly that). Inputs up to -max_len fit in one. */
#define FUZZ_CHUNK_SIZE 4096

/* Reports a broken invariant and aborts, which libFuzzer records as a crash with its input. */
#define FUZZ_CHECK(cond)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond);           \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

/* A file rewritten with each input, since the loaders take only paths. It lives in memory
 * (memfd_create; a temp file, unlinked at once, where that fails) and is opened again through
 * /proc/self/fd: a disk file's ftruncate made half of each execution I/O wait, and nothing is
 * left behind even after a crash. */
typedef struct {
    int fd;
    char path[64];
} fuzz_file_t;

static inline void fuzz_file_open(fuzz_file_t *f)
{
    f->fd = memfd_create("ilonet-fuzz", 0);
    if (f->fd < 0) {
        const char *dir = getenv("TMPDIR");
        char tmpl[512];
        snprintf(tmpl, sizeof tmpl, "%s/ilonet-fuzz-XXXXXX", dir != NULL && dir[0] ? dir : "/tmp");
        f->fd = mkstemp(tmpl);
        if (f->fd < 0) {
            fprintf(stderr, "fuzz: cannot create %s: %s\n", tmpl, strerror(errno));
            abort();
        }
        unlink(tmpl);
    }
    snprintf(f->path, sizeof f->path, "/proc/self/fd/%d", f->fd);
}

/* Replaces the file's contents with data and returns the path to open. */
static inline const char *fuzz_file_set(fuzz_file_t *f, const uint8_t *data, size_t size)
{
    if (ftruncate(f->fd, 0) != 0) {
        fprintf(stderr, "fuzz: ftruncate: %s\n", strerror(errno));
        abort();
    }
    size_t done = 0;
    while (done < size) {
        ssize_t w = pwrite(f->fd, data + done, size - done, (off_t)done);
        if (w <= 0) {
            fprintf(stderr, "fuzz: pwrite: %s\n", strerror(errno));
            abort();
        }
        done += (size_t)w;
    }
    return f->path;
}

/* igraph's default handlers abort; the library's own must be in place before any igraph call.
 * Warnings are dropped: they are expected on arbitrary graphs. */
static inline void fuzz_igraph_setup(void)
{
    ilonet_igraph_setup();
    ilonet_igraph_set_warning_sink(NULL, NULL);
}

/* A failed call must leave a usable error: a known code and a NUL-terminated, non-empty text. */
static inline void fuzz_check_error(ilonet_status_t st, const ilonet_error_t *err)
{
    FUZZ_CHECK(st >= ILONET_EDATA && st <= ILONET_EINTERNAL);
    FUZZ_CHECK(err->code == st);
    FUZZ_CHECK(memchr(err->message, '\0', sizeof err->message) != NULL);
    FUZZ_CHECK(err->message[0] != '\0');
    FUZZ_CHECK(memchr(err->file, '\0', sizeof err->file) != NULL);
    char buf[ILONET_ERROR_MSG_MAX + ILONET_ERROR_FILE_MAX + 64];
    ilonet_error_format(err, buf, sizeof buf);
    FUZZ_CHECK(buf[0] != '\0');
}

/* What load.h and network.h promise about a successfully loaded network. */
static inline void fuzz_check_network(const ilonet_network_t *net)
{
    size_t n = ilonet_network_node_count(net);
    FUZZ_CHECK(net->n_rows > 0); /* a file without rows is an error */
    for (size_t i = 0; i < n; i++) {
        const char *id = ilonet_network_node_id(net, i);
        FUZZ_CHECK(id != NULL && id[0] != '\0');
        size_t len = strlen(id);
        /* ids are trimmed and valid UTF-8 (the reader refuses anything else) */
        FUZZ_CHECK(!isspace((unsigned char)id[0]) && !isspace((unsigned char)id[len - 1]));
        FUZZ_CHECK(ilonet_utf8_invalid_at(id, len) == len);
        FUZZ_CHECK(ilonet_network_find_node(net, id) == i);
        FUZZ_CHECK(ilonet_network_node_label(net, i) != NULL);
        FUZZ_CHECK(ilonet_network_node_kind(net, i) != NULL);
        for (size_t c = 0; c < net->n_node_cols; c++) {
            const char *v = ilonet_network_node_attr(net, i, c);
            FUZZ_CHECK(v == NULL || ilonet_utf8_invalid_at(v, strlen(v)) == strlen(v));
        }
    }
    for (size_t r = 0; r < net->n_rows; r++) {
        FUZZ_CHECK(net->row_src[r] < n && net->row_dst[r] < n);
        double w = net->row_weight[r];
        FUZZ_CHECK(isfinite(w) && w > 0);
        FUZZ_CHECK(net->has_weight || w == 1.0);
#ifndef FUZZ_ALLOW_STALE_ROW_LINE
        /* The header takes at least line 1. Fails while the reader gives a row that starts after
         * another ended mid-line the start line of that earlier row (crashes/fuzz_edges/
         * wrong_line_row_starting_mid_line_after_quoted_cr); -DFUZZ_ALLOW_STALE_ROW_LINE in
         * FUZZ_EXTRA_CFLAGS fuzzes past it. */
        FUZZ_CHECK(net->row_line[r] >= 2);
#endif
        /* equal lines happen: a lone CR inside an LF line ends a row too (libcsv) */
        FUZZ_CHECK(r == 0 || net->row_line[r] >= net->row_line[r - 1]);
    }
}

/* What graph.h promises: one vertex per node, every row a tie, a merged duplicate or a loop. */
static inline void fuzz_check_graph(const ilonet_graph_t *gr, const ilonet_network_t *net)
{
    size_t ties = ilonet_graph_tie_count(gr);
    FUZZ_CHECK(gr->ready);
    FUZZ_CHECK((size_t)igraph_vcount(&gr->g) == ilonet_network_node_count(net));
    FUZZ_CHECK(gr->n_rows == net->n_rows);
    FUZZ_CHECK(ties + gr->duplicates_merged + gr->self_loops_dropped == net->rows_added);
    FUZZ_CHECK((size_t)igraph_vector_size(&gr->strength) == ties);
    for (size_t r = 0; r < net->n_rows; r++) {
        size_t u = net->row_src[r], v = net->row_dst[r], t = gr->row_tie[r];
        if (u == v) {
            FUZZ_CHECK(t == ILONET_NONE);
            continue;
        }
        FUZZ_CHECK(t < ties);
        size_t a = (size_t)IGRAPH_FROM(&gr->g, t), b = (size_t)IGRAPH_TO(&gr->g, t);
        FUZZ_CHECK((a == u && b == v) || (!gr->directed && a == v && b == u));
    }
    for (size_t t = 0; t < ties; t++) {
        FUZZ_CHECK(VECTOR(gr->strength)[t] > 0); /* false for NaN too */
        FUZZ_CHECK(VECTOR(gr->distance)[t] >= 0);
    }
}

/* Runs the measures and Louvain on small graphs and checks the shapes community.h documents. */
static inline void fuzz_analyse(const ilonet_graph_t *gr, ilonet_path_mode_t mode)
{
    igraph_integer_t n = igraph_vcount(&gr->g);
    if (n > FUZZ_MAX_ANALYSIS_NODES) {
        return;
    }
    ilonet_error_t err;
    ilonet_centrality_t c;
    memset(&c, 0, sizeof c);
    ilonet_status_t st = ilonet_centrality_compute(&c, gr, mode, &err);
    if (st == ILONET_OK) {
        FUZZ_CHECK(igraph_vector_size(&c.pagerank) == n);
        for (igraph_integer_t i = 0; i < n; i++) {
            FUZZ_CHECK(VECTOR(c.degree)[i] >= 0 && VECTOR(c.degree)[i] < n);
            FUZZ_CHECK(VECTOR(c.coreness)[i] >= 0);
        }
    } else {
        fuzz_check_error(st, &err);
    }
    ilonet_centrality_destroy(&c);

    ilonet_clusters_t cl;
    memset(&cl, 0, sizeof cl);
    st = ilonet_community_louvain(&cl, gr, 42, &err);
    if (st == ILONET_OK) {
        FUZZ_CHECK(igraph_vector_int_size(&cl.membership) == n);
        FUZZ_CHECK(cl.n_clusters <= (size_t)n);
        size_t *sizes = calloc(cl.n_clusters + 1, sizeof *sizes);
        FUZZ_CHECK(sizes != NULL);
        for (igraph_integer_t i = 0; i < n; i++) {
            igraph_integer_t m = VECTOR(cl.membership)[i];
            FUZZ_CHECK(m >= 1 && (size_t)m <= cl.n_clusters);
            sizes[m]++;
        }
        for (size_t k = 1; k <= cl.n_clusters; k++) {
            FUZZ_CHECK(sizes[k] > 0 && (k == 1 || sizes[k] <= sizes[k - 1]));
        }
        free(sizes);
    } else {
        fuzz_check_error(st, &err);
    }
    ilonet_clusters_destroy(&cl);
}

#endif
