/* Determinism against threads inside dependencies: igraph's PageRank (PRPACK) runs OpenMP loops
 * whose sums depend on how the work was split between threads. */
#ifndef ILONET_THREADS_H
#define ILONET_THREADS_H

/* Limits the OpenMP runtime that igraph brings in (if any) to one thread, so that PageRank's
 * sums are added in one order and its last digits are the same in every run; on a machine with
 * several cores they differed from run to run. Parallel work in ilonet uses processes instead.
 * Safe to call repeatedly; a no-op without an OpenMP runtime. */
void ilonet_threads_single(void);

#endif
