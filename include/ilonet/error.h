/* Status codes and the error record every fallible ilonet function fills. */
#ifndef ILONET_ERROR_H
#define ILONET_ERROR_H

#include <stddef.h>

/* Exit codes of the CLI are these values, so keep them stable (documented in README). */
typedef enum {
    ILONET_OK = 0,
    ILONET_EDATA = 1,    /* the input is malformed or inconsistent */
    ILONET_EUSAGE = 2,   /* a bad option or option value */
    ILONET_EIO = 3,      /* a file could not be read or written */
    ILONET_ENOMEM = 4,   /* out of memory */
    ILONET_EINTERNAL = 5 /* a dependency (igraph, Graphviz) failed unexpectedly */
} ilonet_status_t;

#define ILONET_ERROR_MSG_MAX 512
#define ILONET_ERROR_FILE_MAX 1024

/* file is empty when the error is not about one file; line is 0 when it is about no line. */
typedef struct {
    ilonet_status_t code;
    char file[ILONET_ERROR_FILE_MAX];
    size_t line;
    char message[ILONET_ERROR_MSG_MAX];
} ilonet_error_t;

/* Resets err to "no error". err may be NULL. */
void ilonet_error_clear(ilonet_error_t *err);

/* Records an error and returns code, so callers can write `return ilonet_error_set(...)`.
 * file may be NULL; err may be NULL (the status is still returned). */
ilonet_status_t ilonet_error_set(ilonet_error_t *err, ilonet_status_t code, const char *file,
                                 size_t line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Formats err as "FILE:LINE: message", "FILE: message" or "message" into buf. */
void ilonet_error_format(const ilonet_error_t *err, char *buf, size_t size);

/* Shorthand for the out-of-memory error. */
ilonet_status_t ilonet_error_nomem(ilonet_error_t *err);

#endif
