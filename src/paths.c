/* Shortest-path centralities: one Brandes search per source feeds betweenness, closeness and
 * harmonic centrality; the sources are cut into fixed chunks that forked workers share out. */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */
#define _POSIX_C_SOURCE 200809L
#include "ilonet/paths.h"

#include <errno.h>
#include <float.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ilonet/igraph_bridge.h"

/* igraph's tolerance for equal path lengths (IGRAPH_SHORTEST_PATH_EPSILON in 0.10). */
#define PATH_EPS 1e-10
#define UNSEEN UINT32_MAX
/* Chunks are a function of the source count only, never of the worker count, so that the
 * chunk partial sums, added in chunk order, give the same bits however the chunks were shared
 * out. At least MIN_CHUNK sources per chunk keeps the O(V) cost of a chunk's partial vectors
 * small next to its searches. */
#define MAX_CHUNKS 256
#define MIN_CHUNK 8
/* Below about this many node and arc visits (a few milliseconds) forking costs more than it
 * saves. */
#define FORK_MIN_WORK ((size_t)1 << 20)
/* The ring of chunk partials shared with the workers stays under this; past it, fewer workers
 * run (only on graphs of millions of nodes). */
#define SHARED_BUDGET ((size_t)512 << 20)

/* The graph as arcs in one direction: arcs of v are to[off[v] .. off[v+1]). */
typedef struct {
    size_t *off;
    uint32_t *to;
    double *len; /* NULL when every arc has the same length (breadth-first search) */
    size_t arcs;
} csr_t;

typedef struct {
    double d;
    uint32_t v;
} heap_entry_t;

/* One process's scratch space; everything indexed by node. Between searches dist/hops read
 * "unreached" and sigma, delta read 0 everywhere. */
typedef struct {
    double *dist;   /* Dijkstra: length + 1, as igraph keeps it; 0 = unreached */
    uint32_t *hops; /* BFS: hop count; UNSEEN = unreached */
    double *sigma;  /* number of shortest paths from the source */
    double *delta;  /* dependency; once a node is done, (1 + delta) / sigma for its parents */
    uint32_t *order;
    heap_entry_t *heap;
    uint32_t *pos; /* heap position; UNSEEN = not in the heap */
} ws_t;

typedef struct {
    size_t n;
    const csr_t *fwd; /* the Brandes search */
    const csr_t *col; /* estimating: the search giving d(v, s) for all v (may be fwd) */
    double unit;      /* the arc length when csr len is NULL */
    const size_t *sources;
    size_t n_sources;
    int estimate;
    size_t vecs; /* doubles per node in a chunk partial: 1 exact, 4 estimating */
    size_t chunk_size, n_chunks;
    double *close_out, *harm_out; /* exact: per source, written by whoever runs the source */
} job_t;

typedef struct {
    ilonet_progress_fn fn;
    void *ctx;
    size_t last_percent;
} progress_t;

void ilonet_paths_options_default(ilonet_paths_options_t *o)
{
    memset(o, 0, sizeof *o);
    o->mode = ILONET_PATHS_OUT;
    o->sources = NULL;
    o->n_sources = 0;
    o->workers = 1;
    o->progress = NULL;
    o->progress_ctx = NULL;
    o->workers_used = NULL;
}

unsigned ilonet_paths_workers(unsigned requested)
{
    if (requested > 0) {
        return requested;
    }
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (unsigned)n : 1U;
}

/* igraph_cmp_epsilon of igraph 0.10: relative difference |a - b| / (|a| + |b|) below eps is a
 * tie. */
static int cmp_eps_exact(double a, double b)
{
    if (a == b) {
        return 0;
    }
    double diff = a - b, abs_diff = fabs(diff), sum = fabs(a) + fabs(b);
    if (a == 0 || b == 0 || sum < DBL_MIN) {
        return abs_diff < PATH_EPS * DBL_MIN ? 0 : (diff < 0 ? -1 : 1);
    }
    if (!isfinite(sum)) {
        return abs_diff < PATH_EPS * fabs(a) + PATH_EPS * fabs(b) ? 0 : (diff < 0 ? -1 : 1);
    }
    return abs_diff / sum < PATH_EPS ? 0 : (diff < 0 ? -1 : 1);
}

/* The same answer, without a division in the common case: it runs once per arc, and a
 * difference over twice the tolerance cannot round to a tie (lengths here are >= 1, finite). */
static inline int cmp_eps(double a, double b)
{
    double diff = a - b;
    if (fabs(diff) > 2.0 * PATH_EPS * (a + b)) {
        return diff < 0 ? -1 : 1;
    }
    return cmp_eps_exact(a, b);
}

static void csr_destroy(csr_t *c)
{
    free(c->off);
    free(c->to);
    free(c->len);
    memset(c, 0, sizeof *c);
}

/* Arcs following mode (both ways for ALL or an undirected graph), in edge order per node. */
static ilonet_status_t csr_build(csr_t *c, const ilonet_graph_t *gr, igraph_neimode_t mode,
                                 int weighted, ilonet_error_t *err)
{
    const igraph_t *g = &gr->g;
    size_t n = (size_t)igraph_vcount(g), m = (size_t)igraph_ecount(g);
    int both = !gr->directed || mode == IGRAPH_ALL;
    ilonet_status_t st = ILONET_OK;

    memset(c, 0, sizeof *c);
    c->arcs = both ? 2 * m : m;
    c->off = calloc(n + 2, sizeof *c->off);
    c->to = malloc((c->arcs ? c->arcs : 1) * sizeof *c->to);
    if (weighted) {
        c->len = malloc((c->arcs ? c->arcs : 1) * sizeof *c->len);
    }
    if (c->off == NULL || c->to == NULL || (weighted && c->len == NULL)) {
        st = ilonet_error_nomem(err);
        goto cleanup;
    }
    /* counting sort by tail: off[v + 2] counts first, then becomes the fill position of v */
    for (size_t e = 0; e < m; e++) {
        igraph_integer_t from, to;
        igraph_edge(g, (igraph_integer_t)e, &from, &to);
        if (both || mode == IGRAPH_OUT) {
            c->off[(size_t)from + 2]++;
        }
        if (both || mode == IGRAPH_IN) {
            c->off[(size_t)to + 2]++;
        }
    }
    for (size_t v = 2; v < n + 2; v++) {
        c->off[v] += c->off[v - 1];
    }
    for (size_t e = 0; e < m; e++) {
        igraph_integer_t from, to;
        igraph_edge(g, (igraph_integer_t)e, &from, &to);
        double len = weighted ? VECTOR(gr->distance)[e] : 0.0;
        if (both || mode == IGRAPH_OUT) {
            size_t a = c->off[(size_t)from + 1]++;
            c->to[a] = (uint32_t)to;
            if (weighted) {
                c->len[a] = len;
            }
        }
        if (both || mode == IGRAPH_IN) {
            size_t a = c->off[(size_t)to + 1]++;
            c->to[a] = (uint32_t)from;
            if (weighted) {
                c->len[a] = len;
            }
        }
    }

cleanup:
    if (st != ILONET_OK) {
        csr_destroy(c);
    }
    return st;
}

static void ws_destroy(ws_t *w)
{
    free(w->dist);
    free(w->hops);
    free(w->sigma);
    free(w->delta);
    free(w->order);
    free(w->heap);
    free(w->pos);
    memset(w, 0, sizeof *w);
}

/* Returns 0, or -1 when out of memory (w is then destroyed). */
static int ws_init(ws_t *w, size_t n, int weighted)
{
    size_t k = n ? n : 1;
    memset(w, 0, sizeof *w);
    w->sigma = calloc(k, sizeof *w->sigma);
    w->delta = calloc(k, sizeof *w->delta);
    w->order = malloc(k * sizeof *w->order);
    if (weighted) {
        w->dist = calloc(k, sizeof *w->dist);
        w->heap = malloc(k * sizeof *w->heap);
        w->pos = malloc(k * sizeof *w->pos);
    } else {
        w->hops = malloc(k * sizeof *w->hops);
    }
    if (w->sigma == NULL || w->delta == NULL || w->order == NULL ||
        (weighted ? (w->dist == NULL || w->heap == NULL || w->pos == NULL) : w->hops == NULL)) {
        ws_destroy(w);
        return -1;
    }
    for (size_t v = 0; v < n; v++) {
        if (weighted) {
            w->pos[v] = UNSEEN;
        } else {
            w->hops[v] = UNSEEN;
        }
    }
    return 0;
}

/* Binary min-heap of (length, node) with each node's position, for decrease-key; the length
 * sits in the entry so that sifting reads no other array. */
static void heap_up(ws_t *w, uint32_t i, uint32_t v, double d)
{
    while (i > 0) {
        uint32_t p = (i - 1) / 2;
        if (w->heap[p].d <= d) {
            break;
        }
        w->heap[i] = w->heap[p];
        w->pos[w->heap[i].v] = i;
        i = p;
    }
    w->heap[i].d = d;
    w->heap[i].v = v;
    w->pos[v] = i;
}

static uint32_t heap_pop(ws_t *w, uint32_t *size)
{
    uint32_t top = w->heap[0].v;
    uint32_t n = --*size;
    w->pos[top] = UNSEEN;
    if (n == 0) {
        return top;
    }
    heap_entry_t last = w->heap[n];
    uint32_t i = 0;
    for (;;) {
        uint32_t c = 2 * i + 1;
        if (c >= n) {
            break;
        }
        if (c + 1 < n && w->heap[c + 1].d < w->heap[c].d) {
            c++;
        }
        if (w->heap[c].d >= last.d) {
            break;
        }
        w->heap[i] = w->heap[c];
        w->pos[w->heap[i].v] = i;
        i = c;
    }
    w->heap[i] = last;
    w->pos[last.v] = i;
    return top;
}

/* Breadth-first search from s, counting shortest paths (cheap enough to do even when only
 * distances are wanted). Returns the number of nodes reached, listed in w->order by distance. */
static size_t bfs(const csr_t *g, ws_t *w, uint32_t s)
{
    size_t head = 0, tail = 0;
    w->hops[s] = 0;
    w->sigma[s] = 1.0;
    w->order[tail++] = s;
    while (head < tail) {
        uint32_t v = w->order[head++];
        uint32_t next = w->hops[v] + 1;
        double sv = w->sigma[v];
        for (size_t a = g->off[v], end = g->off[v + 1]; a < end; a++) {
            uint32_t u = g->to[a];
            uint32_t hu = w->hops[u];
            if (hu == UNSEEN) {
                w->hops[u] = next;
                w->sigma[u] = sv;
                w->order[tail++] = u;
            } else if (hu == next) {
                w->sigma[u] += sv;
            }
        }
    }
    return tail;
}

/* Dijkstra from s, as igraph's weighted Brandes search when paths is set: a path within
 * igraph's epsilon of the best known length is an equal one (its count is added), only a
 * shorter one by more than that replaces it. Without paths, as igraph's closeness: any shorter
 * path replaces. Returns the number of nodes reached, listed in w->order as settled. */
static size_t dijkstra(const csr_t *g, ws_t *w, uint32_t s, int paths)
{
    uint32_t size = 0;
    size_t reached = 0;
    w->dist[s] = 1.0;
    w->sigma[s] = 1.0;
    heap_up(w, size++, s, 1.0);
    while (size > 0) {
        uint32_t v = heap_pop(w, &size);
        double dv = w->dist[v], sv = w->sigma[v];
        w->order[reached++] = v;
        for (size_t a = g->off[v], end = g->off[v + 1]; a < end; a++) {
            uint32_t u = g->to[a];
            double alt = dv + g->len[a], du = w->dist[u];
            if (du == 0) {
                w->dist[u] = alt;
                w->sigma[u] = sv;
                heap_up(w, size++, u, alt);
            } else if (paths) {
                int c = cmp_eps(alt, du);
                if (c < 0) {
                    w->dist[u] = alt;
                    w->sigma[u] = sv;
                    if (w->pos[u] != UNSEEN) {
                        heap_up(w, w->pos[u], u, alt);
                    }
                } else if (c == 0) {
                    w->sigma[u] += sv;
                }
            } else if (alt < du && w->pos[u] != UNSEEN) {
                w->dist[u] = alt;
                heap_up(w, w->pos[u], u, alt);
            }
        }
    }
    return reached;
}

/* Brandes' backward pass over the nodes in reverse order of distance: a node's dependency sums
 * (1 + delta(u)) / sigma(u) over the successors u it is a shortest-path parent of. Adds each
 * dependency to bc (the source excluded). */
static void dependencies(const csr_t *g, ws_t *w, size_t reached, double *bc)
{
    for (size_t i = reached; i-- > 1;) {
        uint32_t v = w->order[i];
        double acc = 0.0;
        if (g->len == NULL) {
            uint32_t next = w->hops[v] + 1;
            for (size_t a = g->off[v], end = g->off[v + 1]; a < end; a++) {
                uint32_t u = g->to[a];
                if (w->hops[u] == next) {
                    acc += w->delta[u];
                }
            }
        } else {
            double dv = w->dist[v];
            for (size_t a = g->off[v], end = g->off[v + 1]; a < end; a++) {
                uint32_t u = g->to[a];
                if (cmp_eps(dv + g->len[a], w->dist[u]) == 0) {
                    acc += w->delta[u];
                }
            }
        }
        double dep = w->sigma[v] * acc;
        bc[v] += dep;
        w->delta[v] = (1.0 + dep) / w->sigma[v];
    }
}

static void reset(ws_t *w, size_t reached)
{
    for (size_t i = 0; i < reached; i++) {
        uint32_t v = w->order[i];
        if (w->dist != NULL) {
            w->dist[v] = 0.0;
        } else {
            w->hops[v] = UNSEEN;
        }
        w->sigma[v] = 0.0;
        w->delta[v] = 0.0;
    }
}

/* The distance from the search's source to the i-th node it reached, as igraph computes it. */
static inline double distance_at(const job_t *job, const ws_t *w, size_t i)
{
    uint32_t v = w->order[i];
    return w->dist != NULL ? w->dist[v] - 1.0 : (double)w->hops[v] * job->unit;
}

static size_t search(const csr_t *g, ws_t *w, uint32_t s, int paths)
{
    return g->len != NULL ? dijkstra(g, w, s, paths) : bfs(g, w, s);
}

/* Adds the distances from the source to the estimating column sums (sum, count, harmonic). */
static void add_columns(const job_t *job, const ws_t *w, size_t reached, double *part)
{
    size_t n = job->n;
    for (size_t i = 1; i < reached; i++) {
        uint32_t v = w->order[i];
        double d = distance_at(job, w, i);
        part[n + v] += d;
        part[2 * n + v] += 1.0;
        part[3 * n + v] += 1.0 / d;
    }
}

/* Runs the sources of chunk c; part (job->vecs * n doubles) receives the chunk's partial sums.
 * Cannot fail: all memory is in w. */
static void run_chunk(const job_t *job, ws_t *w, size_t c, double *part)
{
    size_t first = c * job->chunk_size;
    size_t last =
        first + job->chunk_size < job->n_sources ? first + job->chunk_size : job->n_sources;
    memset(part, 0, job->vecs * job->n * sizeof *part);
    for (size_t i = first; i < last; i++) {
        uint32_t s = (uint32_t)(job->sources != NULL ? job->sources[i] : i);
        size_t reached = search(job->fwd, w, s, 1);
        if (!job->estimate) {
            double sum = 0.0, harm = 0.0;
            for (size_t k = 1; k < reached; k++) {
                double d = distance_at(job, w, k);
                sum += d;
                harm += 1.0 / d;
            }
            /* igraph: the inverse mean distance over reachable nodes, NaN when none */
            job->close_out[s] = sum == 0.0 ? NAN : (double)(reached - 1) / sum;
            job->harm_out[s] = harm;
        } else if (job->col == job->fwd) {
            add_columns(job, w, reached, part);
        }
        dependencies(job->fwd, w, reached, part);
        reset(w, reached);
        if (job->estimate && job->col != job->fwd) {
            reached = search(job->col, w, s, 0);
            add_columns(job, w, reached, part);
            reset(w, reached);
        }
    }
}

static void add_into(double *total, const double *part, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        total[i] += part[i];
    }
}

static void report(progress_t *p, size_t done, size_t total)
{
    if (p->fn == NULL || total == 0) {
        return;
    }
    size_t percent = done * 100 / total;
    if (percent > p->last_percent) {
        p->last_percent = percent;
        p->fn(p->ctx, (double)done / (double)total);
    }
}

static ilonet_status_t run_here(const job_t *job, double *total, progress_t *p, ilonet_error_t *err)
{
    size_t len = job->vecs * job->n;
    double *part = malloc((len ? len : 1) * sizeof *part);
    ws_t w;
    if (part == NULL || ws_init(&w, job->n, job->fwd->len != NULL) != 0) {
        free(part);
        return ilonet_error_nomem(err);
    }
    for (size_t c = 0; c < job->n_chunks; c++) {
        run_chunk(job, &w, c, part);
        add_into(total, part, len);
        report(p, c + 1, job->n_chunks);
    }
    ws_destroy(&w);
    free(part);
    return ILONET_OK;
}

/* ---- worker processes ---- */

typedef struct {
    uint32_t chunk;
    int32_t status; /* ILONET_OK, or why the worker gives up */
} reply_t;

typedef struct {
    pid_t pid;
    int fd; /* the parent's end of the worker's socket; -1 when closed */
    int busy;
    uint32_t chunk;
} worker_t;

/* 1 = all read, 0 = end of file before anything, -1 = error or a cut message. */
static int read_full(int fd, void *buf, size_t len)
{
    size_t got = 0;
    while (got < len) {
        ssize_t r = read(fd, (char *)buf + got, len - got);
        if (r < 0 && errno == EINTR) {
            continue;
        }
        if (r <= 0) {
            return r == 0 && got == 0 ? 0 : -1;
        }
        got += (size_t)r;
    }
    return 1;
}

/* MSG_NOSIGNAL: a peer that died gives EPIPE here, not a SIGPIPE that would kill the caller. */
static int send_full(int fd, const void *buf, size_t len)
{
    size_t sent = 0;
    while (sent < len) {
        ssize_t r = send(fd, (const char *)buf + sent, len - sent, MSG_NOSIGNAL);
        if (r < 0 && errno == EINTR) {
            continue;
        }
        if (r <= 0) {
            return -1;
        }
        sent += (size_t)r;
    }
    return 0;
}

/* The child: runs the chunks it is sent into their ring slots until the parent closes the
 * socket. Leaves by _exit, so neither the parent's stdio buffers nor its atexit handlers run
 * twice; it calls no igraph function (igraph's state is the parent's). */
_Noreturn static void worker_main(const job_t *job, double *slots, size_t ring, int fd)
{
    ws_t w;
    int ok = ws_init(&w, job->n, job->fwd->len != NULL) == 0;
    for (;;) {
        uint32_t c;
        if (read_full(fd, &c, sizeof c) != 1) {
            break;
        }
        reply_t r = {c, ok ? ILONET_OK : ILONET_ENOMEM};
        if (ok && c < job->n_chunks) {
            run_chunk(job, &w, c, slots + (c % ring) * job->vecs * job->n);
        } else if (ok) {
            r.status = ILONET_EINTERNAL;
        }
        if (send_full(fd, &r, sizeof r) != 0 || r.status != ILONET_OK) {
            break;
        }
    }
    if (ok) {
        ws_destroy(&w);
    }
    close(fd);
    _exit(0);
}

/* Hands the next chunk to worker k when its ring slot is free (the chunk `ring` places back
 * has been added). Returns 0, or -1 when the worker cannot be reached. */
static int assign(worker_t *k, const job_t *job, size_t *next, size_t added, size_t ring)
{
    if (k->busy || *next >= job->n_chunks || *next - added >= ring) {
        return 0;
    }
    uint32_t c = (uint32_t)*next;
    if (send_full(k->fd, &c, sizeof c) != 0) {
        return -1;
    }
    k->busy = 1;
    k->chunk = c;
    ++*next;
    return 0;
}

static void stop_workers(worker_t *wk, unsigned started, int kill_them)
{
    for (unsigned i = 0; i < started; i++) {
        if (wk[i].fd >= 0) {
            close(wk[i].fd);
            wk[i].fd = -1;
        }
        if (kill_them) {
            kill(wk[i].pid, SIGKILL);
        }
    }
    for (unsigned i = 0; i < started; i++) {
        int status;
        while (waitpid(wk[i].pid, &status, 0) < 0 && errno == EINTR) {
        }
    }
}

/* Runs the chunks on up to `workers` forked processes. Chunk partials come back through a ring
 * of 2 * workers slots in shared memory and are added strictly in chunk order, so the result
 * is the one run_here gives. *started is 0 when no process could be forked (nothing done). */
static ilonet_status_t run_forked(const job_t *job, unsigned workers, double *total, progress_t *p,
                                  unsigned *started, ilonet_error_t *err)
{
    size_t len = job->vecs * job->n;
    size_t ring = 2 * (size_t)workers;
    size_t bytes = ring * len * sizeof(double);
    size_t next = 0, added = 0;
    unsigned char *done = NULL;
    worker_t *wk = NULL;
    struct pollfd *pfd = NULL;
    double *slots = MAP_FAILED;
    ilonet_status_t st = ILONET_OK;

    *started = 0;
    if (len > SIZE_MAX / sizeof(double) / ring) {
        return ilonet_error_nomem(err);
    }
    slots = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    done = calloc(job->n_chunks, 1);
    wk = calloc(workers, sizeof *wk);
    pfd = calloc(workers, sizeof *pfd);
    if (slots == MAP_FAILED || done == NULL || wk == NULL || pfd == NULL) {
        st = ilonet_error_nomem(err);
        goto cleanup;
    }
    for (unsigned i = 0; i < workers; i++) {
        int sv[2];
        if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0) {
            break;
        }
        pid_t pid = fork();
        if (pid < 0) {
            close(sv[0]);
            close(sv[1]);
            break;
        }
        if (pid == 0) {
            close(sv[0]);
            for (unsigned j = 0; j < i; j++) {
                close(wk[j].fd);
            }
            worker_main(job, slots, ring, sv[1]);
        }
        close(sv[1]);
        wk[i].pid = pid;
        wk[i].fd = sv[0];
        *started = i + 1;
    }
    if (*started == 0) {
        goto cleanup;
    }
    while (added < job->n_chunks) {
        nfds_t npoll = 0;
        for (unsigned i = 0; i < *started; i++) {
            if (assign(&wk[i], job, &next, added, ring) != 0) {
                st = ilonet_error_set(err, ILONET_EINTERNAL, NULL, 0,
                                      "path measures: a worker process stopped");
                goto cleanup;
            }
            if (wk[i].busy) {
                pfd[npoll].fd = wk[i].fd;
                pfd[npoll].events = POLLIN;
                pfd[npoll].revents = 0;
                npoll++;
            }
        }
        if (npoll == 0) { /* cannot happen: an unadded chunk is always being run */
            st = ilonet_error_set(err, ILONET_EINTERNAL, NULL, 0, "path measures: stalled");
            goto cleanup;
        }
        if (poll(pfd, npoll, -1) < 0) {
            if (errno == EINTR) {
                continue;
            }
            st = ilonet_error_set(err, ILONET_EINTERNAL, NULL, 0, "path measures: poll: %s",
                                  strerror(errno));
            goto cleanup;
        }
        for (unsigned i = 0, k = 0; i < *started; i++) {
            if (!wk[i].busy) {
                continue;
            }
            short rev = pfd[k++].revents;
            if (rev == 0) {
                continue;
            }
            reply_t r = {0, ILONET_EINTERNAL};
            int got = read_full(wk[i].fd, &r, sizeof r);
            if (got == 1 && r.status == ILONET_ENOMEM) {
                st = ilonet_error_nomem(err);
                goto cleanup;
            }
            if (got != 1 || r.status != ILONET_OK || r.chunk != wk[i].chunk) {
                /* a worker that died (killed, crashed) shows as end of file */
                st = ilonet_error_set(err, ILONET_EINTERNAL, NULL, 0,
                                      "path measures: a worker process failed");
                goto cleanup;
            }
            wk[i].busy = 0;
            done[r.chunk] = 1;
        }
        while (added < job->n_chunks && done[added]) {
            add_into(total, slots + (added % ring) * len, len);
            added++;
            report(p, added, job->n_chunks);
        }
    }

cleanup:
    stop_workers(wk, *started, st != ILONET_OK);
    free(pfd);
    free(wk);
    free(done);
    if (slots != MAP_FAILED) {
        munmap(slots, bytes);
    }
    return st;
}

/* ---- the public entry point ---- */

static igraph_neimode_t neimode(ilonet_path_mode_t m)
{
    return m == ILONET_PATHS_IN ? IGRAPH_IN : m == ILONET_PATHS_ALL ? IGRAPH_ALL : IGRAPH_OUT;
}

static igraph_neimode_t reverse(igraph_neimode_t m)
{
    return m == IGRAPH_OUT ? IGRAPH_IN : m == IGRAPH_IN ? IGRAPH_OUT : IGRAPH_ALL;
}

ilonet_status_t ilonet_paths_centrality(const ilonet_graph_t *gr, igraph_vector_t *betweenness,
                                        igraph_vector_t *closeness, igraph_vector_t *harmonic,
                                        const ilonet_paths_options_t *o, ilonet_error_t *err)
{
    const igraph_t *g = &gr->g;
    size_t n = (size_t)igraph_vcount(g), m = (size_t)igraph_ecount(g);
    int estimate = o->sources != NULL;
    int undirected_paths = !gr->directed || o->mode == ILONET_PATHS_ALL;
    igraph_neimode_t pmode = gr->directed ? neimode(o->mode) : IGRAPH_ALL;
    csr_t fwd = {0}, col = {0};
    int col_ready = 0, weighted = 0;
    double unit = 1.0;
    unsigned char *in_sample = NULL;
    double *total = NULL, *per_source = MAP_FAILED;
    size_t per_source_bytes = 0;
    job_t job;
    progress_t prog = {o->progress, o->progress_ctx, 0};
    ilonet_status_t st;

    ILONET_IGRAPH_CHECK(igraph_vector_resize(betweenness, (igraph_integer_t)n), "vector");
    ILONET_IGRAPH_CHECK(igraph_vector_resize(closeness, (igraph_integer_t)n), "vector");
    ILONET_IGRAPH_CHECK(igraph_vector_resize(harmonic, (igraph_integer_t)n), "vector");
    if (n >= UNSEEN) {
        return ilonet_error_set(err, ILONET_EDATA, NULL, 0, "too many nodes (%zu)", n);
    }
    for (size_t e = 0; e < m; e++) {
        double d = VECTOR(gr->distance)[e];
        if (!(d > 0.0) || !isfinite(d)) {
            return ilonet_error_set(err, ILONET_EDATA, NULL, 0,
                                    "path length %g of tie %zu is not a finite number > 0", d, e);
        }
        if (d != VECTOR(gr->distance)[0]) {
            weighted = 1;
        }
    }
    if (m > 0) {
        unit = VECTOR(gr->distance)[0];
    }
    if (estimate) {
        if (o->n_sources == 0) {
            return ilonet_error_set(err, ILONET_EUSAGE, NULL, 0,
                                    "path measures: an empty list of sources");
        }
        in_sample = calloc(n ? n : 1, 1);
        if (in_sample == NULL) {
            return ilonet_error_nomem(err);
        }
        for (size_t i = 0; i < o->n_sources; i++) {
            size_t s = o->sources[i];
            if (s >= n || in_sample[s]) {
                st =
                    ilonet_error_set(err, ILONET_EUSAGE, NULL, 0, "path measures: source %zu is %s",
                                     s, s >= n ? "not a node" : "listed twice");
                goto cleanup;
            }
            in_sample[s] = 1;
        }
    }
    if (o->workers_used != NULL) {
        *o->workers_used = 1;
    }
    if (n == 0) {
        st = ILONET_OK;
        goto cleanup;
    }

    /* Exact: one search per node following mode serves all three (for IN, betweenness of the
     * reversed graph is the same). Estimating: betweenness keeps igraph's sources-out paths;
     * closeness and harmonic need d(v, s), a search from s against mode, which is the same
     * search unless the graph is directed and mode is OUT. */
    igraph_neimode_t fwd_mode = estimate ? (undirected_paths ? IGRAPH_ALL : IGRAPH_OUT) : pmode;
    st = csr_build(&fwd, gr, fwd_mode, weighted, err);
    if (st != ILONET_OK) {
        goto cleanup;
    }
    if (estimate && reverse(pmode) != fwd_mode) {
        st = csr_build(&col, gr, reverse(pmode), weighted, err);
        if (st != ILONET_OK) {
            goto cleanup;
        }
        col_ready = 1;
    }

    memset(&job, 0, sizeof job);
    job.n = n;
    job.fwd = &fwd;
    job.col = col_ready ? &col : &fwd;
    job.unit = unit;
    job.sources = o->sources;
    job.n_sources = estimate ? o->n_sources : n;
    job.estimate = estimate;
    job.vecs = estimate ? 4 : 1;
    job.chunk_size = (job.n_sources + MAX_CHUNKS - 1) / MAX_CHUNKS;
    if (job.chunk_size < MIN_CHUNK) {
        job.chunk_size = MIN_CHUNK;
    }
    job.n_chunks = (job.n_sources + job.chunk_size - 1) / job.chunk_size;

    total = calloc(job.vecs * n, sizeof *total);
    if (total == NULL) {
        st = ilonet_error_nomem(err);
        goto cleanup;
    }
    if (!estimate) {
        /* shared, so that forked workers can fill in the sources they run */
        per_source_bytes = 2 * n * sizeof(double);
        per_source =
            mmap(NULL, per_source_bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
        if (per_source == MAP_FAILED) {
            st = ilonet_error_nomem(err);
            goto cleanup;
        }
        job.close_out = per_source;
        job.harm_out = per_source + n;
    }

    unsigned workers = ilonet_paths_workers(o->workers);
    size_t passes = estimate && col_ready ? 2 : 1;
    size_t work = job.n_sources * passes * (n + fwd.arcs);
    if (workers > job.n_chunks) {
        workers = (unsigned)job.n_chunks;
    }
    size_t slot_bytes = job.vecs * n * sizeof(double);
    if (workers > 1 && (size_t)workers > SHARED_BUDGET / (2 * slot_bytes)) {
        workers = (unsigned)(SHARED_BUDGET / (2 * slot_bytes));
    }
    unsigned started = 0;
    if (workers > 1 && work >= FORK_MIN_WORK) {
        st = run_forked(&job, workers, total, &prog, &started, err);
        if (st != ILONET_OK) {
            goto cleanup;
        }
    }
    if (started == 0) {
        st = run_here(&job, total, &prog, err);
        if (st != ILONET_OK) {
            goto cleanup;
        }
    }
    if (o->workers_used != NULL) {
        *o->workers_used = started > 0 ? started : 1;
    }

    /* igraph halves for undirected paths (each counted from both ends), then scales. */
    double half = undirected_paths ? 0.5 : 1.0;
    double scale = estimate ? (double)n / (double)o->n_sources : 1.0;
    for (size_t v = 0; v < n; v++) {
        double b = total[v] * half;
        VECTOR(*betweenness)[v] = estimate ? b * scale : b;
    }
    if (!estimate) {
        double inv = n > 1 ? 1.0 / (double)(n - 1) : NAN;
        for (size_t v = 0; v < n; v++) {
            VECTOR(*closeness)[v] = job.close_out[v];
            VECTOR(*harmonic)[v] = job.harm_out[v] * inv;
        }
    } else {
        for (size_t v = 0; v < n; v++) {
            double sum = total[n + v], count = total[2 * n + v], harm = total[3 * n + v];
            size_t others = o->n_sources - in_sample[v];
            VECTOR(*closeness)[v] = count == 0.0 ? NAN : count / sum;
            VECTOR(*harmonic)[v] = others == 0 ? NAN : harm / (double)others;
        }
    }

cleanup:
    if (per_source != MAP_FAILED) {
        munmap(per_source, per_source_bytes);
    }
    free(total);
    free(in_sample);
    csr_destroy(&fwd);
    if (col_ready) {
        csr_destroy(&col);
    }
    return st;
}
