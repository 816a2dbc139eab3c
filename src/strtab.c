/* String interning: a word-at-a-time hash and linear probing over tagged slots, so that looking
 * a name up costs about one cache miss in the table and one in the arena. */
#define _DEFAULT_SOURCE /* madvise */
#include "ilonet/strtab.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* A slot holds the entry's arena offset + 1 in its low OFF_BITS and the top 64 - OFF_BITS bits
 * of the hash above them: a probe that meets another string almost never reads the arena. */
#define OFF_BITS 40
#define OFF_MASK ((UINT64_C(1) << OFF_BITS) - 1)
#define TAG_MASK (~OFF_MASK)

/* The longest entry header: two varints of up to 10 bytes each. */
#define HEADER_MAX 20

/* Asks the kernel to back the untouched part of a large block with huge pages: lookups land
 * anywhere in the table and the arena, and with 4 KiB pages nearly every one also misses the
 * TLB (costly in a virtual machine), and every page costs a fault. Only a hint. */
void ilonet_hint_huge_pages(void *p, size_t from, size_t bytes)
{
#ifdef MADV_HUGEPAGE
    const uintptr_t huge = (uintptr_t)2 << 20;
    if (p == NULL || bytes - from < 2 * huge) {
        return;
    }
    uintptr_t lo = ((uintptr_t)p + from + huge - 1) & ~(huge - 1);
    uintptr_t hi = ((uintptr_t)p + bytes) & ~(huge - 1);
    if (hi > lo) {
        (void)madvise((void *)lo, hi - lo, MADV_HUGEPAGE);
    }
#else
    (void)p;
    (void)from;
    (void)bytes;
#endif
}

uint64_t ilonet_hash_mix64(uint64_t k)
{
    k ^= k >> 33;
    k *= 0xFF51AFD7ED558CCDULL;
    k ^= k >> 33;
    k *= 0xC4CEB9FE1A85EC53ULL;
    k ^= k >> 33;
    return k;
}

/* Eight bytes at a time, each word folded in with a multiply, then the MurmurHash3 finaliser so
 * that every bit of the result depends on every input bit: the low bits pick the slot, the high
 * bits are the tag. Ids such as org000123 differ only in a few low bits of a few bytes, which a
 * byte-wise FNV-1a spreads poorly into its low bits. */
static uint64_t hash_bytes(const char *s, size_t len)
{
    uint64_t h = 0x9E3779B97F4A7C15ULL ^ (uint64_t)len;
    while (len >= 8) {
        uint64_t w;
        memcpy(&w, s, 8);
        h = (h ^ w) * 0xBF58476D1CE4E5B9ULL;
        h ^= h >> 29;
        s += 8;
        len -= 8;
    }
    uint64_t w = 0;
    for (size_t i = 0; i < len; i++) {
        w |= (uint64_t)(unsigned char)s[i] << (8 * i);
    }
    h = (h ^ w) * 0x94D049BB133111EBULL;
    return ilonet_hash_mix64(h);
}

static size_t put_varint(unsigned char *p, size_t v)
{
    size_t n = 0;
    while (v >= 0x80) {
        p[n++] = (unsigned char)(v | 0x80);
        v >>= 7;
    }
    p[n++] = (unsigned char)v;
    return n;
}

static const unsigned char *get_varint(const unsigned char *p, size_t *v)
{
    size_t x = 0;
    unsigned shift = 0;
    while (*p & 0x80) {
        x |= (size_t)(*p++ & 0x7F) << shift;
        shift += 7;
    }
    *v = x | (size_t)*p++ << shift;
    return p;
}

static size_t slot_count_for(size_t count)
{
    size_t p = 16;
    while (p < count * 2) {
        p <<= 1;
    }
    return p;
}

ilonet_status_t ilonet_strtab_init(ilonet_strtab_t *t, size_t expected, ilonet_error_t *err)
{
    memset(t, 0, sizeof *t);
    t->nslots = slot_count_for(expected);
    t->slots = calloc(t->nslots, sizeof *t->slots);
    if (t->slots == NULL) {
        t->nslots = 0;
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

/* Whether the entry at arena offset off holds s (len bytes); *index is then its index. */
static int entry_is(const ilonet_strtab_t *t, size_t off, const char *s, size_t len, size_t *index)
{
    size_t n;
    const unsigned char *p = get_varint((const unsigned char *)t->arena + off, index);
    p = get_varint(p, &n);
    return n == len && memcmp(p, s, len) == 0;
}

/* The slot holding s, or the empty slot where it belongs; *index is set when found. */
static size_t probe(const ilonet_strtab_t *t, const char *s, size_t len, uint64_t h, size_t *index)
{
    size_t mask = t->nslots - 1;
    size_t pos = (size_t)h & mask;
    uint64_t tag = h & TAG_MASK;
    for (;;) {
        uint64_t v = t->slots[pos];
        if (v == 0) {
            return pos;
        }
        if ((v & TAG_MASK) == tag && entry_is(t, (size_t)(v & OFF_MASK) - 1, s, len, index)) {
            return pos;
        }
        pos = (pos + 1) & mask;
    }
}

/* Rebuilds the slot table with nslots slots, walking the arena in order (no compare needed:
 * the strings are distinct). */
static ilonet_status_t rehash(ilonet_strtab_t *t, size_t nslots, ilonet_error_t *err)
{
    uint64_t *slots = calloc(nslots, sizeof *slots);
    if (slots == NULL) {
        return ilonet_error_nomem(err);
    }
    ilonet_hint_huge_pages(slots, 0, nslots * sizeof *slots);
    size_t mask = nslots - 1;
    size_t off = 0;
    for (size_t i = 0; i < t->count; i++) {
        size_t idx, n;
        const unsigned char *p = get_varint((const unsigned char *)t->arena + off, &idx);
        p = get_varint(p, &n);
        uint64_t h = hash_bytes((const char *)p, n);
        size_t pos = (size_t)h & mask;
        while (slots[pos] != 0) {
            pos = (pos + 1) & mask;
        }
        slots[pos] = (h & TAG_MASK) | (uint64_t)(off + 1);
        off = (size_t)(p - (const unsigned char *)t->arena) + n + 1;
    }
    free(t->slots);
    t->slots = slots;
    t->nslots = nslots;
    return ILONET_OK;
}

static ilonet_status_t reserve_arena(ilonet_strtab_t *t, size_t need, ilonet_error_t *err)
{
    if (need <= t->arena_cap) {
        return ILONET_OK;
    }
    if (need > OFF_MASK - 1) {
        return ilonet_error_nomem(err); /* more than a slot can address */
    }
    size_t cap = t->arena_cap ? t->arena_cap : 4096;
    while (cap < need) {
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    }
    char *a = realloc(t->arena, cap);
    if (a == NULL) {
        return ilonet_error_nomem(err);
    }
    ilonet_hint_huge_pages(a, t->arena_len, cap);
    t->arena = a;
    t->arena_cap = cap;
    return ILONET_OK;
}

static ilonet_status_t reserve_index(ilonet_strtab_t *t, size_t need, ilonet_error_t *err)
{
    if (need <= t->offsets_cap) {
        return ILONET_OK;
    }
    size_t cap = t->offsets_cap ? t->offsets_cap : 64;
    while (cap < need) {
        cap *= 2;
    }
    size_t *o = realloc(t->offsets, cap * sizeof *o);
    if (o == NULL) {
        return ilonet_error_nomem(err);
    }
    ilonet_hint_huge_pages(o, t->count * sizeof *o, cap * sizeof *o);
    t->offsets = o;
    size_t *l = realloc(t->lengths, cap * sizeof *l);
    if (l == NULL) {
        return ilonet_error_nomem(err); /* offsets merely has spare room */
    }
    ilonet_hint_huge_pages(l, t->count * sizeof *l, cap * sizeof *l);
    t->lengths = l;
    t->offsets_cap = cap;
    return ILONET_OK;
}

ilonet_status_t ilonet_strtab_reserve(ilonet_strtab_t *t, size_t count, size_t bytes,
                                      ilonet_error_t *err)
{
    size_t total = t->count + count;
    ilonet_status_t st = reserve_index(t, total, err);
    if (st == ILONET_OK) {
        /* an entry is its string, a NUL and a header of a few bytes */
        st = reserve_arena(t, t->arena_len + bytes + count * 6, err);
    }
    size_t nslots = slot_count_for(total);
    if (st == ILONET_OK && nslots > t->nslots) {
        st = rehash(t, nslots, err);
    }
    return st;
}

size_t ilonet_strtab_find(const ilonet_strtab_t *t, const char *s, size_t len)
{
    if (t->slots == NULL) {
        return ILONET_STRTAB_NONE;
    }
    size_t index = ILONET_STRTAB_NONE;
    size_t pos = probe(t, s, len, hash_bytes(s, len), &index);
    return t->slots[pos] == 0 ? ILONET_STRTAB_NONE : index;
}

ilonet_status_t ilonet_strtab_intern(ilonet_strtab_t *t, const char *s, size_t len, size_t *index,
                                     int *added, ilonet_error_t *err)
{
    uint64_t h = hash_bytes(s, len);
    ilonet_status_t st;
    if (t->slots != NULL) {
        size_t found = 0;
        size_t pos = probe(t, s, len, h, &found);
        if (t->slots[pos] != 0) {
            *index = found;
            if (added != NULL) {
                *added = 0;
            }
            return ILONET_OK;
        }
    }
    /* New: make room everywhere first, so that a failure leaves the table as it was. Keeping
     * the load factor at most 1/2 keeps probe runs short. */
    st = reserve_index(t, t->count + 1, err);
    if (st == ILONET_OK) {
        st = reserve_arena(t, t->arena_len + HEADER_MAX + len + 1, err);
    }
    if (st == ILONET_OK && (t->count + 1) * 2 > t->nslots) {
        st = rehash(t, t->nslots ? t->nslots * 2 : 16, err);
    }
    if (st != ILONET_OK) {
        return st;
    }
    size_t mask = t->nslots - 1;
    size_t pos = (size_t)h & mask;
    while (t->slots[pos] != 0) {
        pos = (pos + 1) & mask;
    }
    size_t off = t->arena_len;
    unsigned char *p = (unsigned char *)t->arena + off;
    p += put_varint(p, t->count);
    p += put_varint(p, len);
    if (len > 0) {
        memcpy(p, s, len);
    }
    p[len] = '\0';
    t->offsets[t->count] = (size_t)((char *)p - t->arena);
    t->lengths[t->count] = len;
    t->arena_len = t->offsets[t->count] + len + 1;
    t->slots[pos] = (h & TAG_MASK) | (uint64_t)(off + 1);
    *index = t->count++;
    if (added != NULL) {
        *added = 1;
    }
    return ILONET_OK;
}

uint64_t ilonet_strtab_hash(const char *s, size_t len)
{
    return hash_bytes(s, len);
}

void ilonet_strtab_prefetch(const ilonet_strtab_t *t, uint64_t h, int stage)
{
#if defined(__GNUC__)
    if (t->slots == NULL) {
        return;
    }
    const uint64_t *slot = &t->slots[(size_t)h & (t->nslots - 1)];
    if (stage == 0) {
        __builtin_prefetch(slot);
        return;
    }
    uint64_t v = *slot;
    if (v != 0 && (v & TAG_MASK) == (h & TAG_MASK)) {
        __builtin_prefetch(t->arena + (size_t)(v & OFF_MASK) - 1);
    }
#else
    (void)t;
    (void)h;
    (void)stage;
#endif
}

const char *ilonet_strtab_get(const ilonet_strtab_t *t, size_t i)
{
    return t->arena + t->offsets[i];
}
