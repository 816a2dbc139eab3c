/* Keeps the OpenMP runtime linked in through igraph on one thread (see threads.h). */
#define _GNU_SOURCE /* RTLD_DEFAULT */
#include "ilonet/threads.h"

#include <dlfcn.h>
#include <stddef.h>

void ilonet_threads_single(void)
{
    /* looked up at run time: ilonet doesn't link OpenMP itself, igraph's build decides */
    void (*set_threads)(int) = NULL;
    void *sym = dlsym(RTLD_DEFAULT, "omp_set_num_threads");
    if (sym != NULL) {
        *(void **)&set_threads = sym;
        set_threads(1);
    }
}
