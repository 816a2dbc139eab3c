/* Canonical PDF output: exact text coordinates, fixed date, rebuilt lengths and xref. */
#define _POSIX_C_SOURCE 200809L
#include "ilonet/pdf_normalize.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

typedef struct {
    char *data;
    size_t len, cap;
    int failed;
} buf_t;

static void put(buf_t *b, const void *p, size_t n)
{
    if (b->failed) {
        return;
    }
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + n + 1) {
            cap *= 2;
        }
        char *d = realloc(b->data, cap);
        if (d == NULL) {
            b->failed = 1;
            return;
        }
        b->data = d;
        b->cap = cap;
    }
    memcpy(b->data + b->len, p, n);
    b->len += n;
}

static void putf(buf_t *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void putf(buf_t *b, const char *fmt, ...)
{
    char tmp[128];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n > 0) {
        put(b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
    }
}

static int is_delim(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '[' || c == ']' || c == '(' ||
           c == ')' || c == '<' || c == '>' || c == '/' || c == '{' || c == '}' || c == '\f' ||
           c == '\0';
}

char *ilonet_pdf_canonical_numbers(const char *in, size_t len, size_t *out_len)
{
    buf_t b = {0};
    size_t i = 0;
    while (i < len) {
        char c = in[i];
        if (c == '(') { /* literal string, with nesting and escapes */
            size_t j = i + 1;
            int depth = 1;
            while (j < len && depth > 0) {
                if (in[j] == '\\') {
                    j++;
                } else if (in[j] == '(') {
                    depth++;
                } else if (in[j] == ')') {
                    depth--;
                }
                j++;
            }
            put(&b, in + i, j - i);
            i = j;
            continue;
        }
        if (c == '<' && i + 1 < len && in[i + 1] != '<') { /* hex string */
            const char *end = memchr(in + i, '>', len - i);
            size_t j = end != NULL ? (size_t)(end - in) + 1 : len;
            put(&b, in + i, j - i);
            i = j;
            continue;
        }
        int starts =
            (c == '-' || c == '.' || (c >= '0' && c <= '9')) && (i == 0 || is_delim(in[i - 1]));
        if (starts) {
            size_t j = i + (c == '-');
            size_t dot = 0, frac = 0;
            int ok = 1;
            for (; j < len && !is_delim(in[j]); j++) {
                if (in[j] == '.') {
                    ok = ok && dot == 0;
                    dot = j;
                } else if (in[j] >= '0' && in[j] <= '9') {
                    frac += dot != 0;
                } else {
                    ok = 0;
                }
            }
            if (ok && dot != 0 && frac == 6 && j - i < 40) {
                char tok[48];
                memcpy(tok, in + i, j - i);
                tok[j - i] = '\0';
                double v = strtod(tok, NULL);
                double q = v * 1024.0;
                double r = nearbyint(q);
                if (fabs(q - r) < 1e-3) {
                    char out[64];
                    int n = snprintf(out, sizeof out, "%.6f", r / 1024.0);
                    while (n > 0 && out[n - 1] == '0') {
                        n--;
                    }
                    if (n > 0 && out[n - 1] == '.') {
                        n--;
                    }
                    put(&b, out, (size_t)n);
                    i = j;
                    continue;
                }
            }
            put(&b, in + i, j - i);
            i = j;
            continue;
        }
        put(&b, &c, 1);
        i++;
    }
    if (b.failed) {
        free(b.data);
        return NULL;
    }
    *out_len = b.len;
    return b.data != NULL ? b.data : calloc(1, 1);
}

static const char *find(const char *hay, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= len; i++) {
        if (memcmp(hay + i, needle, n) == 0) {
            return hay + i;
        }
    }
    return NULL;
}

static const char *find_last(const char *hay, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = len >= n ? len - n + 1 : 0; i-- > 0;) {
        if (memcmp(hay + i, needle, n) == 0) {
            return hay + i;
        }
    }
    return NULL;
}

static int inflate_all(const char *in, size_t len, char **out, size_t *out_len)
{
    size_t cap = len * 4 + 1024;
    char *d = malloc(cap);
    if (d == NULL) {
        return 0;
    }
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit(&z) != Z_OK) {
        free(d);
        return 0;
    }
    z.next_in = (Bytef *)in;
    z.avail_in = (uInt)len;
    int rc;
    do {
        if (z.total_out == cap) {
            char *nd = realloc(d, cap * 2);
            if (nd == NULL) {
                rc = Z_MEM_ERROR;
                break;
            }
            d = nd;
            cap *= 2;
        }
        z.next_out = (Bytef *)d + z.total_out;
        z.avail_out = (uInt)(cap - z.total_out);
        rc = inflate(&z, Z_NO_FLUSH);
    } while (rc == Z_OK);
    *out_len = z.total_out;
    inflateEnd(&z);
    if (rc != Z_STREAM_END) {
        free(d);
        return 0;
    }
    *out = d;
    return 1;
}

typedef struct {
    size_t num;
    size_t off;
    size_t end;
    char *body; /* rewritten object text, or NULL to copy the original span */
    size_t body_len;
} pdf_obj_t;

static int by_offset(const void *a, const void *b)
{
    const pdf_obj_t *x = a, *y = b;
    return x->off < y->off ? -1 : (x->off > y->off);
}

static void fix_creation_date(char *data, size_t len)
{
    const char *p = find(data, len, "/CreationDate (D:");
    if (p == NULL) {
        return;
    }
    static const char fixed[] = "20000101000000";
    size_t d = 0;
    for (char *q = (char *)p + 17; q < data + len && *q != ')'; q++) {
        if (*q >= '0' && *q <= '9') {
            *q = d < sizeof fixed - 1 ? fixed[d] : '0';
            d++;
        }
    }
}

/* Rewrites one stream object when it is a text content stream; returns 0 to keep it as is. */
static int rewrite_stream(const char *obj, size_t len, pdf_obj_t *o, size_t *length_ref,
                          size_t *new_length)
{
    const char *st = find(obj, len, "stream\n");
    const char *en = find_last(obj, len, "endstream");
    if (st == NULL || en == NULL || en <= st) {
        return 0;
    }
    size_t dict_len = (size_t)(st - obj);
    if (find(obj, dict_len, "/FlateDecode") == NULL || find(obj, dict_len, "/Length1") != NULL ||
        find(obj, dict_len, "/Subtype") != NULL) {
        return 0;
    }
    const char *data = st + 7;
    size_t data_len = (size_t)(en - data);
    if (data_len > 0 && data[data_len - 1] == '\n') {
        data_len--;
    }
    const char *lp = find(obj, dict_len, "/Length ");
    if (lp == NULL) {
        return 0;
    }
    unsigned long a = 0, b = 0;
    int indirect = sscanf(lp, "/Length %lu %lu R", &a, &b) == 2;
    char *plain = NULL;
    size_t plain_len = 0;
    if (!inflate_all(data, data_len, &plain, &plain_len)) {
        return 0;
    }
    for (size_t i = 0; i < plain_len; i++) {
        if (plain[i] == '\0' || (unsigned char)plain[i] >= 0x80) {
            free(plain); /* binary: not a content stream */
            return 0;
        }
    }
    size_t canon_len = 0;
    char *canon = ilonet_pdf_canonical_numbers(plain, plain_len, &canon_len);
    free(plain);
    if (canon == NULL) {
        return 0;
    }
    uLongf zcap = compressBound((uLong)canon_len);
    char *z = malloc(zcap);
    if (z == NULL ||
        compress2((Bytef *)z, &zcap, (const Bytef *)canon, (uLong)canon_len, 6) != Z_OK) {
        free(z);
        free(canon);
        return 0;
    }
    free(canon);
    buf_t out = {0};
    put(&out, obj, (size_t)(lp - obj));
    if (indirect) {
        putf(&out, "/Length %lu %lu R", a, b);
        *length_ref = a;
        *new_length = zcap;
    } else {
        putf(&out, "/Length %lu", (unsigned long)zcap);
    }
    const char *after = lp + 8;
    while (after < st && *after != '/' && *after != '>') {
        after++;
    }
    put(&out, after, (size_t)(st - after));
    put(&out, "stream\n", 7);
    put(&out, z, zcap);
    put(&out, "\nendstream\nendobj\n", 18);
    free(z);
    if (out.failed) {
        free(out.data);
        return 0;
    }
    o->body = out.data;
    o->body_len = out.len;
    return 1;
}

ilonet_status_t ilonet_pdf_normalize(const char *in, size_t len, char **out, size_t *out_len,
                                     ilonet_error_t *err)
{
    pdf_obj_t *objs = NULL;
    size_t nobj = 0;
    buf_t b = {0};
    const char *sx = find_last(in, len, "startxref");
    unsigned long xref_off = 0, first = 0, count = 0;
    if (sx == NULL || sscanf(sx, "startxref %lu", &xref_off) != 1 || xref_off >= len ||
        sscanf(in + xref_off, "xref %lu %lu", &first, &count) != 2 || first != 0 || count == 0 ||
        count > 1000000) {
        goto unchanged;
    }
    /* "xref\n0 N\n" then N entries of exactly 20 bytes */
    const char *entries = strchr(in + xref_off + 5, '\n');
    const char *trailer = find(in + xref_off, len - xref_off, "trailer");
    if (entries == NULL || trailer == NULL) {
        goto unchanged;
    }
    entries++;
    objs = calloc(count, sizeof *objs);
    if (objs == NULL) {
        return ilonet_error_nomem(err);
    }
    for (unsigned long k = 0; k < count; k++) {
        const char *e = entries + 20 * k;
        if (e + 20 > in + len) {
            goto unchanged;
        }
        if (e[17] == 'n') {
            objs[nobj].num = k;
            objs[nobj].off = strtoul(e, NULL, 10);
            if (objs[nobj].off >= xref_off) {
                goto unchanged;
            }
            nobj++;
        }
    }
    qsort(objs, nobj, sizeof *objs, by_offset);
    for (size_t k = 0; k < nobj; k++) {
        objs[k].end = k + 1 < nobj ? objs[k + 1].off : xref_off;
    }
    /* rewrite text content streams, then the objects that hold their lengths */
    size_t *new_len = calloc(count, sizeof *new_len);
    if (new_len == NULL) {
        free(objs);
        return ilonet_error_nomem(err);
    }
    for (size_t k = 0; k < nobj; k++) {
        size_t ref = 0, length = 0;
        if (rewrite_stream(in + objs[k].off, objs[k].end - objs[k].off, &objs[k], &ref, &length) &&
            ref > 0 && ref < count) {
            new_len[ref] = length + 1; /* +1 marks "set" */
        }
    }
    for (size_t k = 0; k < nobj; k++) {
        if (new_len[objs[k].num] != 0 && objs[k].body == NULL) {
            buf_t o = {0};
            putf(&o, "%lu 0 obj\n   %lu\nendobj\n", (unsigned long)objs[k].num,
                 (unsigned long)(new_len[objs[k].num] - 1));
            objs[k].body = o.data;
            objs[k].body_len = o.len;
        }
    }
    free(new_len);
    size_t *new_off = calloc(count, sizeof *new_off);
    if (new_off == NULL) {
        goto nomem;
    }
    put(&b, in, nobj > 0 ? objs[0].off : xref_off);
    for (size_t k = 0; k < nobj; k++) {
        new_off[objs[k].num] = b.len;
        if (objs[k].body != NULL) {
            put(&b, objs[k].body, objs[k].body_len);
        } else {
            put(&b, in + objs[k].off, objs[k].end - objs[k].off);
        }
    }
    size_t xref_new = b.len;
    putf(&b, "xref\n0 %lu\n", count);
    for (unsigned long k = 0; k < count; k++) {
        if (k == 0 || new_off[k] == 0) {
            putf(&b, "0000000000 65535 f \n");
        } else {
            putf(&b, "%010lu 00000 n \n", (unsigned long)new_off[k]);
        }
    }
    free(new_off);
    const char *tend = find(trailer, (size_t)(in + len - trailer), "startxref");
    put(&b, trailer, (size_t)(tend - trailer));
    putf(&b, "startxref\n%lu\n%%%%EOF\n", (unsigned long)xref_new);
    for (size_t k = 0; k < nobj; k++) {
        free(objs[k].body);
    }
    free(objs);
    if (b.failed) {
        free(b.data);
        return ilonet_error_nomem(err);
    }
    fix_creation_date(b.data, b.len);
    *out = b.data;
    *out_len = b.len;
    return ILONET_OK;

nomem:
    for (size_t k = 0; k < nobj; k++) {
        free(objs[k].body);
    }
    free(objs);
    free(b.data);
    return ilonet_error_nomem(err);

unchanged:
    for (size_t k = 0; k < nobj; k++) {
        free(objs[k].body);
    }
    free(objs);
    *out = malloc(len ? len : 1);
    if (*out == NULL) {
        return ilonet_error_nomem(err);
    }
    memcpy(*out, in, len);
    *out_len = len;
    fix_creation_date(*out, len);
    return ILONET_OK;
}
