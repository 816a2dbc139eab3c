/* Temp-file-then-rename output, so no partial file ever replaces a good one. */
#define _POSIX_C_SOURCE 200809L
#include "ilonet/atomic_file.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ilonet/text.h"

ilonet_status_t ilonet_atomic_open(ilonet_atomic_file_t *f, const char *path, ilonet_error_t *err)
{
    memset(f, 0, sizeof *f);
    struct stat sb;
    if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        /* caught here, before any file of a set is written, because rename() would fail late */
        return ilonet_error_set(err, ILONET_EIO, path, 0, "cannot replace: is a directory");
    }
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash != NULL ? (size_t)(slash - path) + 1 : 0;
    const char *base = path + dirlen;
    size_t n = strlen(path) + 16;
    f->tmp_path = calloc(1, n); /* empty until named, so abort never unlinks garbage */
    f->final_path = ilonet_text_dup(path);
    if (f->tmp_path == NULL || f->final_path == NULL) {
        ilonet_atomic_abort(f);
        return ilonet_error_nomem(err);
    }
    snprintf(f->tmp_path, n, "%.*s.%s.tmpXXXXXX", (int)dirlen, path, base);
    int fd = mkstemp(f->tmp_path);
    if (fd < 0) {
        int e = errno;
        free(f->tmp_path);
        f->tmp_path = NULL;
        ilonet_atomic_abort(f);
        return ilonet_error_set(err, ILONET_EIO, path, 0, "cannot create: %s", strerror(e));
    }
    mode_t mask = umask(0);
    umask(mask);
    if (fchmod(fd, 0666 & ~mask) != 0 || (f->fp = fdopen(fd, "wb")) == NULL) {
        int e = errno;
        close(fd);
        ilonet_atomic_abort(f);
        return ilonet_error_set(err, ILONET_EIO, path, 0, "cannot create: %s", strerror(e));
    }
    /* Reports are written field by field: a large buffer keeps that to few system calls. */
    setvbuf(f->fp, NULL, _IOFBF, 1 << 16);
    return ILONET_OK;
}

ilonet_status_t ilonet_atomic_close(ilonet_atomic_file_t *f, ilonet_error_t *err)
{
    if (f->fp == NULL) {
        return ILONET_OK;
    }
    int bad = fflush(f->fp) != 0 || ferror(f->fp);
    int e = errno;
    if (fclose(f->fp) != 0 && !bad) {
        bad = 1;
        e = errno;
    }
    f->fp = NULL;
    if (bad) {
        return ilonet_error_set(err, ILONET_EIO, f->final_path, 0, "cannot write: %s", strerror(e));
    }
    return ILONET_OK;
}

ilonet_status_t ilonet_atomic_commit(ilonet_atomic_file_t *f, ilonet_error_t *err)
{
    ilonet_status_t st = ilonet_atomic_close(f, err);
    if (st == ILONET_OK && rename(f->tmp_path, f->final_path) != 0) {
        st = ilonet_error_set(err, ILONET_EIO, f->final_path, 0, "cannot replace: %s",
                              strerror(errno));
    }
    if (st != ILONET_OK) {
        ilonet_atomic_abort(f);
        return st;
    }
    free(f->tmp_path);
    free(f->final_path);
    memset(f, 0, sizeof *f);
    return ILONET_OK;
}

void ilonet_atomic_abort(ilonet_atomic_file_t *f)
{
    if (f->fp != NULL) {
        fclose(f->fp);
    }
    if (f->tmp_path != NULL && f->tmp_path[0] != '\0') {
        unlink(f->tmp_path);
    }
    free(f->tmp_path);
    free(f->final_path);
    memset(f, 0, sizeof *f);
}

ilonet_status_t ilonet_make_dirs(const char *dir, ilonet_error_t *err)
{
    char *p = ilonet_text_dup(dir);
    if (p == NULL) {
        return ilonet_error_nomem(err);
    }
    ilonet_status_t st = ILONET_OK;
    size_t n = strlen(p);
    for (size_t i = 1; i <= n && st == ILONET_OK; i++) {
        if (p[i] != '/' && p[i] != '\0') {
            continue;
        }
        char c = p[i];
        p[i] = '\0';
        struct stat sb;
        if (mkdir(p, 0777) != 0 && errno != EEXIST) {
            st = ilonet_error_set(err, ILONET_EIO, p, 0, "cannot create directory: %s",
                                  strerror(errno));
        } else if (stat(p, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
            st = ilonet_error_set(err, ILONET_EIO, p, 0, "not a directory");
        }
        p[i] = c;
    }
    free(p);
    return st;
}

int ilonet_same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    if (strcmp(a, b) == 0) {
        return 1;
    }
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
           sa.st_ino == sb.st_ino;
}
