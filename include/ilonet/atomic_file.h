/* Output files that appear whole or not at all: written to a hidden temp file beside the
 * target and renamed over it only once everything was written. */
#ifndef ILONET_ATOMIC_FILE_H
#define ILONET_ATOMIC_FILE_H

#include <stdio.h>

#include "ilonet/error.h"

typedef struct {
    FILE *fp; /* write here between open and close */
    char *tmp_path;
    char *final_path;
} ilonet_atomic_file_t;

/* Creates DIR/.NAME.tmpXXXXXX for path DIR/NAME. The file gets the permissions a plain fopen
 * would give (0666 less the umask). */
ilonet_status_t ilonet_atomic_open(ilonet_atomic_file_t *f, const char *path, ilonet_error_t *err);

/* Flushes and closes the temp file, reporting any write error (disk full). The target is not
 * touched yet, so a set of files can all be closed before any replaces its old version. */
ilonet_status_t ilonet_atomic_close(ilonet_atomic_file_t *f, ilonet_error_t *err);

/* Closes if needed, then renames the temp file over the target. Frees f's memory. */
ilonet_status_t ilonet_atomic_commit(ilonet_atomic_file_t *f, ilonet_error_t *err);

/* Closes and removes the temp file, leaving the target as it was. Safe on a zeroed or committed
 * struct. */
void ilonet_atomic_abort(ilonet_atomic_file_t *f);

/* Whether two paths name the same existing file (also through "./", links or other
 * spellings): an output must never replace an input. */
int ilonet_same_file(const char *a, const char *b);

/* Creates dir and its missing parents (like mkdir -p). */
ilonet_status_t ilonet_make_dirs(const char *dir, ilonet_error_t *err);

#endif
