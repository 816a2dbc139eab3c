/* Interned strings: a byte arena plus an open-addressing hash table mapping each distinct
 * string to a dense index 0..count-1, in order of first insertion. */
#ifndef ILONET_STRTAB_H
#define ILONET_STRTAB_H

#include <stddef.h>
#include <stdint.h>

#include "ilonet/error.h"

#define ILONET_STRTAB_NONE SIZE_MAX

typedef struct {
    char *arena; /* NUL-terminated strings back to back */
    size_t arena_len;
    size_t arena_cap;
    size_t *offsets; /* offsets[i] = start of string i in arena */
    size_t *lengths; /* lengths[i] = its length without the NUL */
    size_t count;
    size_t offsets_cap;
    size_t *slots; /* hash slots: index+1, 0 = empty */
    size_t nslots; /* power of two */
} ilonet_strtab_t;

/* Initialises an empty table; expected is a size hint (0 is fine). Cost O(expected). */
ilonet_status_t ilonet_strtab_init(ilonet_strtab_t *t, size_t expected, ilonet_error_t *err);

/* Frees everything; safe on a zeroed table. */
void ilonet_strtab_destroy(ilonet_strtab_t *t);

/* Returns the index of s (len bytes, need not be NUL-terminated), adding it when new.
 * *added (may be NULL) says whether it was new. Amortised O(len). */
ilonet_status_t ilonet_strtab_intern(ilonet_strtab_t *t, const char *s, size_t len, size_t *index,
                                     int *added, ilonet_error_t *err);

/* Returns the index of s or ILONET_STRTAB_NONE. O(len). */
size_t ilonet_strtab_find(const ilonet_strtab_t *t, const char *s, size_t len);

/* The string with index i; valid until the next intern call. */
const char *ilonet_strtab_get(const ilonet_strtab_t *t, size_t i);

#endif
