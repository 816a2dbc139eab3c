/* Runs independent jobs in parallel worker processes (igraph as packaged is not thread-safe,
 * so parallelism is by fork, never threads). */
#ifndef ILONET_WORKERS_H
#define ILONET_WORKERS_H

#include <stddef.h>
#include <stdio.h>

#include "ilonet/error.h"

/* Runs job i in the child process and returns its exit code (0 = success). The child's
 * stdout and stderr go to a capture file, handed to ilonet_worker_done_fn. */
typedef int (*ilonet_worker_fn)(void *ctx, size_t i);

/* Called in the parent, in completion order, when job i ended: exit_code is the child's exit
 * status, or 128 + signal number when it was killed; output is its captured stdout and stderr,
 * rewound (closed by the pool after the call). */
typedef void (*ilonet_worker_done_fn)(void *ctx, size_t i, int exit_code, double seconds,
                                      FILE *output);

/* Runs jobs 0..n-1, at most parallel at a time (0 = one per online CPU), started in index
 * order. A failing or crashing job doesn't stop the others. Returns an error only when the
 * pool itself fails (fork or capture file); jobs started by then are still waited for. */
ilonet_status_t ilonet_workers_run(size_t n, unsigned parallel, ilonet_worker_fn run,
                                   ilonet_worker_done_fn done, void *ctx, ilonet_error_t *err);

/* The number of online CPUs (at least 1). */
unsigned ilonet_workers_cpus(void);

/* One computation run in a forked child process while the caller goes on with other work; the
 * child hands its result back through a block of shared memory. igraph is not thread-safe, so
 * overlapping independent phases of one analysis is done this way. */
typedef struct {
    long pid;     /* the child; 0 when none runs (not started, failed to start, reaped) */
    void *shared; /* size bytes shared with the child, zeroed at start; NULL when none */
    size_t size;
} ilonet_behind_t;

/* Fills shared (size bytes, zeroed) in the child; returns 0 on success. */
typedef int (*ilonet_behind_fn)(void *ctx, void *shared);

/* Starts fn(ctx, shared) in a child process. Returns 1 when the child runs, 0 when it could not
 * be started (mmap or fork failed: the caller then does the work itself). The child leaves with
 * _exit (no stdio flush, no atexit handlers), has no igraph progress handler, and dies with the
 * caller (PR_SET_PDEATHSIG). Whatever fn reads must stay unchanged until ilonet_behind_wait. */
int ilonet_behind_start(ilonet_behind_t *b, size_t size, ilonet_behind_fn fn, void *ctx);

/* Waits for the child: 1 when it ran fn to success (b->shared then holds its result until
 * ilonet_behind_release), 0 otherwise (never started, fn failed, killed). */
int ilonet_behind_wait(ilonet_behind_t *b);

/* Kills and reaps a child still running, unmaps the block and zeroes b. Safe on a zeroed or
 * released b. */
void ilonet_behind_release(ilonet_behind_t *b);

#endif
