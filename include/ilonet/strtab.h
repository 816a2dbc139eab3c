/* Interned strings: a byte arena plus an open-addressing hash table mapping each distinct
 * string to a dense index 0..count-1, in order of first insertion. */
#ifndef ILONET_STRTAB_H
#define ILONET_STRTAB_H

#include <stddef.h>
#include <stdint.h>

#include "ilonet/error.h"

#define ILONET_STRTAB_NONE SIZE_MAX

typedef struct {
    /* Entries back to back: the entry's index and the string's length (each as a LEB128
     * varint), then the string and a NUL. A slot names the entry, so a lookup reads the slot
     * and then one place in the arena. */
    char *arena;
    size_t arena_len;
    size_t arena_cap;
    size_t *offsets; /* offsets[i] = start of string i (after its entry header) in arena */
    size_t *lengths; /* lengths[i] = its length without the NUL */
    size_t count;
    size_t offsets_cap;
    uint64_t *slots; /* 0 = empty, else the hash's top 24 bits over (entry offset + 1) */
    size_t nslots;   /* power of two, at least twice count */
} ilonet_strtab_t;

/* Initialises an empty table; expected is a size hint (0 is fine). Cost O(expected). */
ilonet_status_t ilonet_strtab_init(ilonet_strtab_t *t, size_t expected, ilonet_error_t *err);

/* Makes room for count strings of bytes bytes in all (NULs not counted), so that interning
 * up to that much allocates nothing more. A hint: too low only means growing later, too high
 * wastes memory. Nothing changes on failure (ILONET_ENOMEM). O(count + current count). */
ilonet_status_t ilonet_strtab_reserve(ilonet_strtab_t *t, size_t count, size_t bytes,
                                      ilonet_error_t *err);

/* Frees everything; safe on a zeroed table. */
void ilonet_strtab_destroy(ilonet_strtab_t *t);

/* Returns the index of s (len bytes, need not be NUL-terminated), adding it when new.
 * *added (may be NULL) says whether it was new. Works on a zeroed table too. On failure
 * (ILONET_ENOMEM) the table is unchanged. Amortised O(len). */
ilonet_status_t ilonet_strtab_intern(ilonet_strtab_t *t, const char *s, size_t len, size_t *index,
                                     int *added, ilonet_error_t *err);

/* Returns the index of s or ILONET_STRTAB_NONE. O(len). */
size_t ilonet_strtab_find(const ilonet_strtab_t *t, const char *s, size_t len);

/* The MurmurHash3 64-bit finaliser: every input bit reaches every output bit, so the low bits
 * of the result can index a power-of-two table (the string table here, the row table of
 * network.c). O(1). */
uint64_t ilonet_hash_mix64(uint64_t k);

/* Asks the kernel to back bytes from..bytes of the block at p with huge pages (where whole
 * 2 MiB pages fit): large tables probed at random (names here, rows in network.c, the graph's
 * index) otherwise miss the TLB on nearly every access and fault once per 4 KiB. Only a hint;
 * nothing happens without MADV_HUGEPAGE or for blocks under 4 MiB. */
void ilonet_hint_huge_pages(void *p, size_t from, size_t bytes);

/* The hash that interning and finding s use, for ilonet_strtab_prefetch. O(len). */
uint64_t ilonet_strtab_hash(const char *s, size_t len);

/* Starts loading into the cache what a lookup of a string with hash h will read: with stage 0
 * its slot, with stage 1 the arena entry that slot names (best issued a while after stage 0, once
 * the slot has arrived). A lookup is two dependent cache misses; issuing these for rows ahead
 * lets the misses of many rows overlap. Only a hint: results never change. O(1). */
void ilonet_strtab_prefetch(const ilonet_strtab_t *t, uint64_t h, int stage);

/* The string with index i; valid until the next intern or reserve call. */
const char *ilonet_strtab_get(const ilonet_strtab_t *t, size_t i);

#endif
