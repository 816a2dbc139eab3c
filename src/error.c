/* Fills and formats ilonet_error_t records. */
#include "ilonet/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void ilonet_error_clear(ilonet_error_t *err)
{
    if (err == NULL) {
        return;
    }
    err->code = ILONET_OK;
    err->file[0] = '\0';
    err->line = 0;
    err->message[0] = '\0';
}

ilonet_status_t ilonet_error_set(ilonet_error_t *err, ilonet_status_t code, const char *file,
                                 size_t line, const char *fmt, ...)
{
    if (err == NULL) {
        return code;
    }
    err->code = code;
    snprintf(err->file, sizeof err->file, "%s", file != NULL ? file : "");
    err->line = line;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return code;
}

void ilonet_error_format(const ilonet_error_t *err, char *buf, size_t size)
{
    if (err->file[0] != '\0' && err->line > 0) {
        snprintf(buf, size, "%s:%zu: %s", err->file, err->line, err->message);
    } else if (err->file[0] != '\0') {
        snprintf(buf, size, "%s: %s", err->file, err->message);
    } else {
        snprintf(buf, size, "%s", err->message);
    }
}

ilonet_status_t ilonet_error_nomem(ilonet_error_t *err)
{
    return ilonet_error_set(err, ILONET_ENOMEM, NULL, 0, "out of memory");
}
