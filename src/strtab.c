/* String interning with FNV-1a hashing and linear probing, so name lookup is O(1). */
#include "ilonet/strtab.h"

#include <stdlib.h>
#include <string.h>

static uint64_t hash_bytes(const char *s, size_t len)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

static size_t next_pow2(size_t n)
{
    size_t p = 16;
    while (p < n) {
        p <<= 1;
    }
    return p;
}

ilonet_status_t ilonet_strtab_init(ilonet_strtab_t *t, size_t expected, ilonet_error_t *err)
{
    memset(t, 0, sizeof *t);
    t->nslots = next_pow2(expected * 2);
    t->slots = calloc(t->nslots, sizeof *t->slots);
    if (t->slots == NULL) {
        return ilonet_error_nomem(err);
    }
    return ILONET_OK;
}

void ilonet_strtab_destroy(ilonet_strtab_t *t)
{
    free(t->arena);
    free(t->offsets);
    free(t->lengths);
    free(t->slots);
    memset(t, 0, sizeof *t);
}

static size_t probe(const ilonet_strtab_t *t, const char *s, size_t len, uint64_t h)
{
    size_t mask = t->nslots - 1;
    size_t pos = (size_t)h & mask;
    for (;;) {
        size_t v = t->slots[pos];
        if (v == 0) {
            return pos;
        }
        size_t i = v - 1;
        if (t->lengths[i] == len && memcmp(t->arena + t->offsets[i], s, len) == 0) {
            return pos;
        }
        pos = (pos + 1) & mask;
    }
}

static ilonet_status_t grow_slots(ilonet_strtab_t *t, ilonet_error_t *err)
{
    size_t nslots = t->nslots * 2;
    size_t *slots = calloc(nslots, sizeof *slots);
    if (slots == NULL) {
        return ilonet_error_nomem(err);
    }
    size_t mask = nslots - 1;
    for (size_t i = 0; i < t->count; i++) {
        size_t pos = (size_t)hash_bytes(t->arena + t->offsets[i], t->lengths[i]) & mask;
        while (slots[pos] != 0) {
            pos = (pos + 1) & mask;
        }
        slots[pos] = i + 1;
    }
    free(t->slots);
    t->slots = slots;
    t->nslots = nslots;
    return ILONET_OK;
}

size_t ilonet_strtab_find(const ilonet_strtab_t *t, const char *s, size_t len)
{
    if (t->slots == NULL) {
        return ILONET_STRTAB_NONE;
    }
    size_t v = t->slots[probe(t, s, len, hash_bytes(s, len))];
    return v == 0 ? ILONET_STRTAB_NONE : v - 1;
}

ilonet_status_t ilonet_strtab_intern(ilonet_strtab_t *t, const char *s, size_t len, size_t *index,
                                     int *added, ilonet_error_t *err)
{
    uint64_t h = hash_bytes(s, len);
    size_t pos = probe(t, s, len, h);
    if (t->slots[pos] != 0) {
        *index = t->slots[pos] - 1;
        if (added != NULL) {
            *added = 0;
        }
        return ILONET_OK;
    }
    if (t->arena_len + len + 1 > t->arena_cap) {
        size_t cap = t->arena_cap ? t->arena_cap : 4096;
        while (cap < t->arena_len + len + 1) {
            cap *= 2;
        }
        char *a = realloc(t->arena, cap);
        if (a == NULL) {
            return ilonet_error_nomem(err);
        }
        t->arena = a;
        t->arena_cap = cap;
    }
    if (t->count == t->offsets_cap) {
        size_t cap = t->offsets_cap ? t->offsets_cap * 2 : 64;
        size_t *o = realloc(t->offsets, cap * sizeof *o);
        if (o == NULL) {
            return ilonet_error_nomem(err);
        }
        t->offsets = o;
        size_t *l = realloc(t->lengths, cap * sizeof *l);
        if (l == NULL) {
            return ilonet_error_nomem(err);
        }
        t->lengths = l;
        t->offsets_cap = cap;
    }
    memcpy(t->arena + t->arena_len, s, len);
    t->arena[t->arena_len + len] = '\0';
    t->offsets[t->count] = t->arena_len;
    t->lengths[t->count] = len;
    t->arena_len += len + 1;
    t->slots[pos] = t->count + 1;
    *index = t->count++;
    if (added != NULL) {
        *added = 1;
    }
    /* Keep the load factor under 1/2 so probes stay short. */
    if (t->count * 2 > t->nslots) {
        return grow_slots(t, err);
    }
    return ILONET_OK;
}

const char *ilonet_strtab_get(const ilonet_strtab_t *t, size_t i)
{
    return t->arena + t->offsets[i];
}
