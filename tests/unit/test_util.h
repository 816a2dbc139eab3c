/* Helpers shared by the unit tests: temp files with given bytes. */
#ifndef ILONET_TEST_UTIL_H
#define ILONET_TEST_UTIL_H

#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <setjmp.h>

#include <cmocka.h>

/* Writes len bytes to a fresh temp file and returns its path (static buffer per slot). */
static inline const char *temp_file_with(int slot, const char *bytes, size_t len)
{
    static char paths[8][64];
    char *p = paths[slot % 8];
    snprintf(p, 64, "/tmp/ilonet-test-XXXXXX");
    int fd = mkstemp(p);
    assert_true(fd >= 0);
    assert_int_equal((size_t)write(fd, bytes, len), len);
    close(fd);
    return p;
}

static inline const char *temp_csv(int slot, const char *text)
{
    return temp_file_with(slot, text, strlen(text));
}

#endif
