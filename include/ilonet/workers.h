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

#endif
