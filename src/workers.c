/* A fork-based pool (each job in its own process, its output captured), and single
 * computations run behind the caller in a child process. */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */
#define _POSIX_C_SOURCE 200809L
#include "ilonet/workers.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <igraph.h>

typedef struct {
    pid_t pid;
    size_t job;
    FILE *capture;
    double start;
} slot_t;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

unsigned ilonet_workers_cpus(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (unsigned)n : 1U;
}

/* The child: output to the capture file, run, and leave without atexit handlers or the
 * parent's stdio buffers (flushed before the fork, so nothing is written twice). */
static void run_child(slot_t *slots, FILE *capture, ilonet_worker_fn run, void *ctx, size_t i)
{
    free(slots); /* the parent's bookkeeping; the child leaves through _exit */
    int fd = fileno(capture);
    if (dup2(fd, STDOUT_FILENO) < 0 || dup2(fd, STDERR_FILENO) < 0) {
        _exit(ILONET_EIO);
    }
    int code = run(ctx, i);
    fflush(stdout);
    fflush(stderr);
    _exit(code);
}

/* Waits for any child and reports it. Returns 0, or -1 when no child is left. */
static int reap(slot_t *slots, unsigned n_slots, unsigned *running, ilonet_worker_done_fn done,
                void *ctx)
{
    int status;
    pid_t pid;
    do {
        pid = waitpid(-1, &status, 0);
    } while (pid < 0 && errno == EINTR);
    if (pid < 0) {
        return -1;
    }
    for (unsigned s = 0; s < n_slots; s++) {
        if (slots[s].pid != pid) {
            continue;
        }
        int code = WIFEXITED(status)     ? WEXITSTATUS(status)
                   : WIFSIGNALED(status) ? 128 + WTERMSIG(status)
                                         : 255;
        rewind(slots[s].capture);
        done(ctx, slots[s].job, code, now() - slots[s].start, slots[s].capture);
        fclose(slots[s].capture);
        slots[s].pid = 0;
        slots[s].capture = NULL;
        (*running)--;
        return 0;
    }
    return 0; /* a child this pool didn't start (none expected): keep waiting */
}

ilonet_status_t ilonet_workers_run(size_t n, unsigned parallel, ilonet_worker_fn run,
                                   ilonet_worker_done_fn done, void *ctx, ilonet_error_t *err)
{
    ilonet_status_t st = ILONET_OK;
    if (parallel == 0) {
        parallel = ilonet_workers_cpus();
    }
    if (parallel > n) {
        parallel = n > 0 ? (unsigned)n : 1U;
    }
    slot_t *slots = calloc(parallel, sizeof *slots);
    if (slots == NULL) {
        return ilonet_error_nomem(err);
    }
    unsigned running = 0;
    size_t next = 0;
    while (next < n || running > 0) {
        if (next < n && running < parallel && st == ILONET_OK) {
            unsigned s = 0;
            while (slots[s].pid != 0) {
                s++;
            }
            FILE *capture = tmpfile();
            if (capture == NULL) {
                st = ilonet_error_set(err, ILONET_EIO, NULL, 0,
                                      "cannot create a temporary file for a job's output: %s",
                                      strerror(errno));
                continue;
            }
            fflush(NULL);
            pid_t pid = fork();
            if (pid < 0) {
                fclose(capture);
                st = ilonet_error_set(err, ILONET_EIO, NULL, 0, "cannot start a worker: %s",
                                      strerror(errno));
                continue;
            }
            if (pid == 0) {
                run_child(slots, capture, run, ctx, next);
            }
            slots[s] = (slot_t){.pid = pid, .job = next, .capture = capture, .start = now()};
            running++;
            next++;
            continue;
        }
        if (running == 0) {
            break; /* the pool failed before starting the rest */
        }
        if (reap(slots, parallel, &running, done, ctx) != 0) {
            break;
        }
    }
    free(slots);
    return st;
}

/* ---- one computation behind the caller ---- */

int ilonet_behind_start(ilonet_behind_t *b, size_t size, ilonet_behind_fn fn, void *ctx)
{
    memset(b, 0, sizeof *b);
    size = size ? size : 1; /* mmap refuses an empty mapping */
    void *shared = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (shared == MAP_FAILED) {
        return 0;
    }
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid == 0) {
        /* an orphan would go on computing for nobody */
        if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent) {
            _exit(3);
        }
        igraph_set_progress_handler(NULL); /* the parent owns the terminal's progress line */
        _exit(fn(ctx, shared) == 0 ? 0 : 1);
    }
    if (pid < 0) {
        munmap(shared, size);
        return 0;
    }
    b->pid = (long)pid;
    b->shared = shared;
    b->size = size;
    return 1;
}

int ilonet_behind_wait(ilonet_behind_t *b)
{
    int status = 0;
    pid_t got;
    if (b->pid <= 0) {
        return 0;
    }
    while ((got = waitpid((pid_t)b->pid, &status, 0)) < 0 && errno == EINTR) {
    }
    b->pid = 0;
    return got > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

void ilonet_behind_release(ilonet_behind_t *b)
{
    if (b->pid > 0) {
        kill((pid_t)b->pid, SIGKILL);
        ilonet_behind_wait(b);
    }
    if (b->shared != NULL) {
        munmap(b->shared, b->size);
    }
    memset(b, 0, sizeof *b);
}
