/* Reads and applies the alias,id table, and groups ids that only look different. */
#include "ilonet/aliases.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

ilonet_status_t ilonet_aliases_init(ilonet_aliases_t *a, ilonet_error_t *err)
{
    memset(a, 0, sizeof *a);
    ilonet_status_t st = ilonet_strtab_init(&a->aliases, 64, err);
    if (st == ILONET_OK) {
        st = ilonet_strtab_init(&a->targets, 64, err);
    }
    if (st != ILONET_OK) {
        ilonet_aliases_destroy(a);
    }
    return st;
}

void ilonet_aliases_destroy(ilonet_aliases_t *a)
{
    ilonet_strtab_destroy(&a->aliases);
    ilonet_strtab_destroy(&a->targets);
    free(a->target);
    free(a->line);
    free(a->uses);
    memset(a, 0, sizeof *a);
}

size_t ilonet_aliases_count(const ilonet_aliases_t *a)
{
    return a->aliases.count;
}

const char *ilonet_aliases_alias(const ilonet_aliases_t *a, size_t i)
{
    return ilonet_strtab_get(&a->aliases, i);
}

const char *ilonet_aliases_target(const ilonet_aliases_t *a, size_t i)
{
    return ilonet_strtab_get(&a->targets, a->target[i]);
}

size_t ilonet_aliases_find(const ilonet_aliases_t *a, const char *id, size_t len)
{
    if (a->aliases.count == 0) {
        return ILONET_NONE;
    }
    size_t i = ilonet_strtab_find(&a->aliases, id, len);
    return i == ILONET_STRTAB_NONE ? ILONET_NONE : i;
}

const char *ilonet_aliases_resolve(const ilonet_aliases_t *a, const char *id)
{
    if (a == NULL || id == NULL) {
        return id;
    }
    size_t i = ilonet_aliases_find(a, id, strlen(id));
    return i == ILONET_NONE ? id : ilonet_strtab_get(&a->targets, a->target[i]);
}

int ilonet_aliases_apply(ilonet_aliases_t *a, const char **id, size_t *len)
{
    if (a == NULL) {
        return 0;
    }
    size_t i = ilonet_aliases_find(a, *id, *len);
    if (i == ILONET_NONE) {
        return 0;
    }
    a->uses[i]++;
    *id = ilonet_strtab_get(&a->targets, a->target[i]);
    *len = a->targets.lengths[a->target[i]];
    return 1;
}

/* Shortened for messages: at most 60 bytes, cut at a character boundary. */
static int short_len(const char *s)
{
    size_t n = strlen(s);
    if (n <= 60) {
        return (int)n;
    }
    n = 60;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) {
        n--;
    }
    return (int)n;
}

ilonet_status_t ilonet_aliases_add(ilonet_aliases_t *a, const char *alias, size_t alias_len,
                                   const char *id, size_t id_len, const char *file, size_t line,
                                   ilonet_error_t *err)
{
    if (alias_len == id_len && memcmp(alias, id, id_len) == 0) {
        return ILONET_OK; /* "ILO,ILO": nothing to replace */
    }
    size_t t;
    ilonet_status_t st = ilonet_strtab_intern(&a->targets, id, id_len, &t, NULL, err);
    if (st != ILONET_OK) {
        return st;
    }
    size_t i;
    int added = 0;
    st = ilonet_strtab_intern(&a->aliases, alias, alias_len, &i, &added, err);
    if (st != ILONET_OK) {
        return st;
    }
    if (!added) {
        if (a->target[i] == t) {
            return ILONET_OK;
        }
        const char *al = ilonet_aliases_alias(a, i);
        const char *old = ilonet_aliases_target(a, i);
        const char *now = ilonet_strtab_get(&a->targets, t);
        return ilonet_error_set(err, ILONET_EDATA, file, line,
                                "alias \"%.*s\" maps to \"%.*s\" here but to \"%.*s\" at line %zu: "
                                "an alias can name only one id",
                                short_len(al), al, short_len(now), now, short_len(old), old,
                                a->line[i]);
    }
    /* target, line and uses grow together, doubling */
    if (i >= a->cap) {
        size_t cap = a->cap ? a->cap * 2 : 64;
        size_t *tg = realloc(a->target, cap * sizeof *tg);
        if (tg != NULL) {
            a->target = tg;
        }
        size_t *ln = realloc(a->line, cap * sizeof *ln);
        if (ln != NULL) {
            a->line = ln;
        }
        size_t *us = realloc(a->uses, cap * sizeof *us);
        if (us != NULL) {
            a->uses = us;
        }
        if (tg == NULL || ln == NULL || us == NULL) {
            return ilonet_error_nomem(err);
        }
        a->cap = cap;
    }
    a->target[i] = t;
    a->line[i] = line;
    a->uses[i] = 0;
    return ILONET_OK;
}

ilonet_status_t ilonet_aliases_check(const ilonet_aliases_t *a, const char *file,
                                     ilonet_error_t *err)
{
    size_t first = ILONET_NONE, next = ILONET_NONE;
    for (size_t i = 0; i < a->aliases.count; i++) {
        const char *t = ilonet_aliases_target(a, i);
        size_t j = ilonet_aliases_find(a, t, a->targets.lengths[a->target[i]]);
        if (j != ILONET_NONE && (first == ILONET_NONE || a->line[i] < a->line[first])) {
            first = i;
            next = j;
        }
    }
    if (first == ILONET_NONE) {
        return ILONET_OK;
    }
    const char *al = ilonet_aliases_alias(a, first);
    const char *mid = ilonet_aliases_target(a, first);
    const char *end = ilonet_aliases_target(a, next);
    return ilonet_error_set(err, ILONET_EDATA, file, a->line[first],
                            "alias \"%.*s\" maps to \"%.*s\", which is itself an alias (of "
                            "\"%.*s\", line %zu): chains are not followed; map every alias to the "
                            "final id",
                            short_len(al), al, short_len(mid), mid, short_len(end), end,
                            a->line[next]);
}

typedef struct {
    ilonet_aliases_t *a;
    const char *path;
    size_t col_alias, col_id, ncols;
    int header_seen;
} alias_reader_t;

static void trim(const char **s, size_t *len)
{
    const char *p = *s;
    size_t n = *len;
    while (n > 0 && isspace((unsigned char)p[0])) {
        p++, n--;
    }
    while (n > 0 && isspace((unsigned char)p[n - 1])) {
        n--;
    }
    *s = p;
    *len = n;
}

static ilonet_status_t on_alias_row(void *ctx, const ilonet_csv_row_t *row, ilonet_error_t *err)
{
    alias_reader_t *R = ctx;
    if (row->index == 0) {
        R->header_seen = 1;
        R->ncols = row->nfields;
        R->col_alias = R->col_id = ILONET_NONE;
        for (size_t i = 0; i < row->nfields; i++) {
            const char *f = row->fields[i];
            size_t n = row->lengths[i];
            trim(&f, &n);
            size_t *slot = n == 5 && strncasecmp(f, "alias", 5) == 0 ? &R->col_alias
                           : n == 2 && strncasecmp(f, "id", 2) == 0  ? &R->col_id
                                                                     : NULL;
            if (slot != NULL && *slot != ILONET_NONE) {
                return ilonet_error_set(err, ILONET_EDATA, row->path, row->line,
                                        "column \"%.*s\" appears twice in the header", (int)n, f);
            }
            if (slot != NULL) {
                *slot = i;
            }
        }
        if (R->col_alias == ILONET_NONE || R->col_id == ILONET_NONE) {
            return ilonet_error_set(err, ILONET_EDATA, row->path, row->line,
                                    "an aliases file needs the columns alias and id (e.g. "
                                    "\"alias,id\" then \"OIT,ILO\")");
        }
        return ILONET_OK;
    }
    int blank = 1;
    for (size_t i = 0; i < row->nfields && blank; i++) {
        const char *f = row->fields[i];
        size_t n = row->lengths[i];
        trim(&f, &n);
        blank = n == 0;
    }
    if (blank) {
        return ILONET_OK;
    }
    if (row->nfields != R->ncols) {
        return ilonet_error_set(err, ILONET_EDATA, row->path, row->line,
                                "%zu field%s but the header has %zu columns", row->nfields,
                                row->nfields == 1 ? "" : "s", R->ncols);
    }
    const char *al = row->fields[R->col_alias];
    size_t aln = row->lengths[R->col_alias];
    const char *id = row->fields[R->col_id];
    size_t idn = row->lengths[R->col_id];
    trim(&al, &aln);
    trim(&id, &idn);
    if (aln == 0 || idn == 0) {
        return ilonet_error_set(err, ILONET_EDATA, row->path, row->line, "empty %s",
                                aln == 0 ? "alias" : "id");
    }
    return ilonet_aliases_add(R->a, al, aln, id, idn, row->path, row->line, err);
}

ilonet_status_t ilonet_aliases_load(ilonet_aliases_t *a, const char *path,
                                    const ilonet_csv_options_t *csv, ilonet_error_t *err)
{
    ilonet_status_t st = ilonet_aliases_init(a, err);
    if (st != ILONET_OK) {
        return st;
    }
    alias_reader_t R = {.a = a, .path = path};
    st = ilonet_csv_read_file(path, csv, on_alias_row, &R, err);
    if (st == ILONET_OK && !R.header_seen) {
        st = ilonet_error_set(err, ILONET_EDATA, path, 0,
                              "the aliases file is empty (expected a header row alias,id)");
    }
    if (st == ILONET_OK) {
        st = ilonet_aliases_check(a, strcmp(path, "-") == 0 ? "<stdin>" : path, err);
    }
    if (st != ILONET_OK) {
        ilonet_aliases_destroy(a);
    }
    return st;
}

typedef struct {
    const char *s;
    size_t i;
} keyed_t;

static int by_string(const void *x, const void *y)
{
    const keyed_t *a = x, *b = y;
    return strcmp(a->s, b->s);
}

ilonet_status_t ilonet_aliases_sorted(const ilonet_aliases_t *a, size_t **order,
                                      ilonet_error_t *err)
{
    size_t n = a->aliases.count;
    *order = NULL;
    if (n == 0) {
        return ILONET_OK;
    }
    keyed_t *k = malloc(n * sizeof *k);
    *order = malloc(n * sizeof **order);
    if (k == NULL || *order == NULL) {
        free(k);
        free(*order);
        *order = NULL;
        return ilonet_error_nomem(err);
    }
    for (size_t i = 0; i < n; i++) {
        k[i].s = ilonet_aliases_alias(a, i);
        k[i].i = i;
    }
    /* aliases are distinct strings, so the order is total and qsort's instability is moot */
    qsort(k, n, sizeof *k, by_string);
    for (size_t i = 0; i < n; i++) {
        (*order)[i] = k[i].i;
    }
    free(k);
    return ILONET_OK;
}

/* ---- ids that differ only in case, accents or spacing ------------------------------------- */

/* U+00C0..U+00FF in lower case without accents; NULL keeps the letter (×, ÷). */
static const char *const latin1_fold[64] = {
    "a", "a", "a", "a", "a", "a", "ae", "c",  "e", "e", "e", "e", "i", "i", "i",  "i",
    "d", "n", "o", "o", "o", "o", "o",  NULL, "o", "u", "u", "u", "u", "y", "th", "ss",
    "a", "a", "a", "a", "a", "a", "ae", "c",  "e", "e", "e", "e", "i", "i", "i",  "i",
    "d", "n", "o", "o", "o", "o", "o",  NULL, "o", "u", "u", "u", "u", "y", "th", "y",
};

size_t ilonet_id_fold(const char *str, size_t len, char *out)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0, o = 0;
    int space = 0;
    while (i < len) {
        unsigned char c = s[i];
        unsigned char d = i + 1 < len ? s[i + 1] : 0;
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || (c == 0xC2 && d == 0xA0)) {
            space = o > 0;
            i += c == 0xC2 ? 2 : 1;
            continue;
        }
        /* combining diacritical marks U+0300..U+036F: CC 80..CC BF and CD 80..CD AF */
        if ((c == 0xCC && d >= 0x80 && d <= 0xBF) || (c == 0xCD && d >= 0x80 && d <= 0xAF)) {
            i += 2;
            continue;
        }
        if (space) {
            out[o++] = ' ';
            space = 0;
        }
        const char *rep = NULL;
        if (c == 0xC3 && d >= 0x80 && d <= 0xBF) {
            rep = latin1_fold[d - 0x80];
        } else if (c == 0xC5 && (d == 0x92 || d == 0x93)) {
            rep = "oe";
        }
        if (rep != NULL) {
            /* every replacement is at most as long as the two bytes it replaces */
            for (const char *p = rep; *p; p++) {
                out[o++] = *p;
            }
            i += 2;
        } else if (c < 0x80) {
            out[o++] = (char)tolower(c);
            i++;
        } else {
            out[o++] = (char)c;
            i++;
        }
    }
    out[o] = '\0';
    return o;
}

void ilonet_id_groups_destroy(ilonet_id_groups_t *g)
{
    free(g->start);
    free(g->member);
    memset(g, 0, sizeof *g);
}

ilonet_status_t ilonet_id_groups_find(ilonet_id_groups_t *g, const ilonet_network_t *net,
                                      ilonet_error_t *err)
{
    size_t n = ilonet_network_node_count(net);
    ilonet_status_t st = ILONET_OK;
    ilonet_strtab_t folds;
    size_t *first = NULL, *count = NULL, *tail = NULL, *next = NULL;
    char *scratch = NULL;
    size_t scratch_cap = 0;

    memset(g, 0, sizeof *g);
    memset(&folds, 0, sizeof folds);
    st = ilonet_strtab_init(&folds, n, err);
    if (st != ILONET_OK) {
        return st;
    }
    size_t m = n ? n : 1;
    first = malloc(m * sizeof *first);
    count = calloc(m, sizeof *count);
    tail = malloc(m * sizeof *tail);
    next = malloc(m * sizeof *next);
    if (first == NULL || count == NULL || tail == NULL || next == NULL) {
        st = ilonet_error_nomem(err);
        goto cleanup;
    }
    size_t in_groups = 0;
    for (size_t i = 0; i < n; i++) {
        const char *id = ilonet_network_node_id(net, i);
        size_t len = net->ids.lengths[i];
        if (len + 1 > scratch_cap) {
            size_t cap = scratch_cap ? scratch_cap : 64;
            while (cap < len + 1) {
                cap *= 2;
            }
            char *b = realloc(scratch, cap);
            if (b == NULL) {
                st = ilonet_error_nomem(err);
                goto cleanup;
            }
            scratch = b;
            scratch_cap = cap;
        }
        size_t flen = ilonet_id_fold(id, len, scratch);
        size_t k;
        int added = 0;
        st = ilonet_strtab_intern(&folds, scratch, flen, &k, &added, err);
        if (st != ILONET_OK) {
            goto cleanup;
        }
        next[i] = ILONET_NONE;
        if (added) {
            first[k] = tail[k] = i;
        } else {
            next[tail[k]] = i;
            tail[k] = i;
            in_groups += count[k] == 1 ? 2 : 1;
            g->n_groups += count[k] == 1;
        }
        count[k]++;
    }
    g->start = malloc((g->n_groups + 1) * sizeof *g->start);
    g->member = malloc((in_groups ? in_groups : 1) * sizeof *g->member);
    if (g->start == NULL || g->member == NULL) {
        st = ilonet_error_nomem(err);
        goto cleanup;
    }
    /* fold k was interned when its first node came, so k's order is the first members' order */
    size_t gi = 0, mi = 0;
    for (size_t k = 0; k < folds.count; k++) {
        if (count[k] < 2) {
            continue;
        }
        g->start[gi++] = mi;
        for (size_t i = first[k]; i != ILONET_NONE; i = next[i]) {
            g->member[mi++] = i;
        }
    }
    g->start[gi] = mi;

cleanup:
    if (st != ILONET_OK) {
        ilonet_id_groups_destroy(g);
    }
    ilonet_strtab_destroy(&folds);
    free(first);
    free(count);
    free(tail);
    free(next);
    free(scratch);
    return st;
}

/* Appends to buf at *used what fits of the formatted text; returns 0 when it did not all fit. */
static int append(char *buf, size_t size, size_t *used, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int append(char *buf, size_t size, size_t *used, const char *fmt, ...)
{
    if (*used >= size) {
        return 0;
    }
    va_list ap;
    va_start(ap, fmt);
    int w = vsnprintf(buf + *used, size - *used, fmt, ap);
    va_end(ap);
    if (w < 0 || (size_t)w >= size - *used) {
        buf[*used] = '\0'; /* drop the partial piece */
        return 0;
    }
    *used += (size_t)w;
    return 1;
}

void ilonet_id_groups_format(const ilonet_id_groups_t *g, const ilonet_network_t *net, char *buf,
                             size_t size)
{
    if (size == 0) {
        return;
    }
    buf[0] = '\0';
    if (g->n_groups == 0) {
        return;
    }
    static const char tail_text[] = " (use --aliases to merge them)";
    /* room kept for the ending: "; and 1234567890 more groups" plus the advice */
    size_t reserve = sizeof tail_text + 40;
    size_t limit = size > reserve ? size - reserve : 0;
    size_t used = 0;
    if (!append(buf, size, &used, "%zu group%s of ids differ%s only in case, accents or spacing: ",
                g->n_groups, g->n_groups == 1 ? "" : "s", g->n_groups == 1 ? "s" : "")) {
        return;
    }
    size_t shown = 0;
    for (size_t k = 0; k < g->n_groups && k < ILONET_ID_GROUPS_SHOWN; k++) {
        size_t mark = used;
        int ok = k == 0 || append(buf, limit, &used, "; ");
        for (size_t m = g->start[k]; ok && m < g->start[k + 1]; m++) {
            const char *id = ilonet_network_node_id(net, g->member[m]);
            ok = append(buf, limit, &used, "%s'%.*s%s'", m > g->start[k] ? " ~ " : "",
                        short_len(id), id, (size_t)short_len(id) < strlen(id) ? "..." : "");
        }
        if (!ok) {
            used = mark;
            buf[used] = '\0';
            break;
        }
        shown++;
    }
    if (shown < g->n_groups) {
        append(buf, size, &used, "%sand %zu more group%s", shown > 0 ? "; " : "",
               g->n_groups - shown, g->n_groups - shown == 1 ? "" : "s");
    }
    append(buf, size, &used, "%s", tail_text);
}
