/* Drives libcsv over a file in chunks, line by line, so every row knows its line number. */
#include "ilonet/csv_read.h"

#include <csv.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_CHUNK (1u << 20)

typedef struct {
    struct csv_parser parser;
    const char *name;
    ilonet_csv_row_fn fn;
    void *ctx;
    ilonet_error_t *err;
    ilonet_status_t status; /* first failure inside a callback */
    char delimiter;
    size_t cur_line;
    size_t row_start;
    size_t row_index;
    /* the current row's fields, packed in one buffer so no field needs its own allocation */
    char *fbuf;
    size_t flen, fcap;
    size_t *foff;
    size_t *flens;
    char **fptr;
    size_t nf, nfcap;
} reader_t;

#define STR_(x) #x
#define STR(x) STR_(x)

const char *ilonet_csv_library_version(void)
{
    return STR(CSV_MAJOR) "." STR(CSV_MINOR) "." STR(CSV_RELEASE);
}

static int space_only(unsigned char c)
{
    return c == ' ';
}

static int space_or_tab(unsigned char c)
{
    return c == ' ' || c == '\t';
}

size_t ilonet_utf8_invalid_at(const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < len) {
        unsigned char c = s[i];
        if (c >= 0x01 && c < 0x80) {
            i++;
            continue;
        }
        size_t need;
        unsigned int cp;
        unsigned int min;
        if (c >= 0xC2 && c <= 0xDF) {
            need = 1, cp = c & 0x1F, min = 0x80;
        } else if (c >= 0xE0 && c <= 0xEF) {
            need = 2, cp = c & 0x0F, min = 0x800;
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3, cp = c & 0x07, min = 0x10000;
        } else {
            return i; /* NUL, continuation byte, C0/C1 overlong leads, or > F4 */
        }
        if (i + need >= len) {
            return i;
        }
        for (size_t k = 1; k <= need; k++) {
            if ((s[i + k] & 0xC0) != 0x80) {
                return i;
            }
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            return i;
        }
        i += need + 1;
    }
    return len;
}

static void on_field(void *data, size_t len, void *rd)
{
    reader_t *r = rd;
    if (r->status != ILONET_OK) {
        return;
    }
    if (r->nf == r->nfcap) {
        size_t cap = r->nfcap ? r->nfcap * 2 : 16;
        size_t *o = realloc(r->foff, cap * sizeof *o);
        if (o != NULL) {
            r->foff = o;
        }
        size_t *l = realloc(r->flens, cap * sizeof *l);
        if (l != NULL) {
            r->flens = l;
        }
        char **p = realloc(r->fptr, cap * sizeof *p);
        if (p != NULL) {
            r->fptr = p;
        }
        if (o == NULL || l == NULL || p == NULL) {
            r->status = ilonet_error_nomem(r->err);
            return;
        }
        r->nfcap = cap;
    }
    if (r->flen + len + 1 > r->fcap) {
        size_t cap = r->fcap ? r->fcap : 256;
        while (cap < r->flen + len + 1) {
            cap *= 2;
        }
        char *b = realloc(r->fbuf, cap);
        if (b == NULL) {
            r->status = ilonet_error_nomem(r->err);
            return;
        }
        r->fbuf = b;
        r->fcap = cap;
    }
    if (len > 0) {
        memcpy(r->fbuf + r->flen, data, len);
    }
    r->fbuf[r->flen + len] = '\0';
    r->foff[r->nf] = r->flen;
    r->flens[r->nf] = len;
    r->flen += len + 1;
    r->nf++;
}

static void on_row(int term, void *rd)
{
    (void)term;
    reader_t *r = rd;
    if (r->status == ILONET_OK) {
        for (size_t i = 0; i < r->nf; i++) {
            r->fptr[i] = r->fbuf + r->foff[i];
        }
        ilonet_csv_row_t row = {
            .path = r->name,
            .line = r->row_start,
            .index = r->row_index++,
            .nfields = r->nf,
            .fields = r->fptr,
            .lengths = r->flens,
            .delimiter = r->delimiter,
        };
        r->status = r->fn(r->ctx, &row, r->err);
    }
    r->nf = 0;
    r->flen = 0;
}

/* Picks the candidate delimiter seen most often outside quotes in the header line. */
static char sniff_delimiter(const char *s, size_t len)
{
    size_t comma = 0, semi = 0, tab = 0;
    int quoted = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '"') {
            quoted = !quoted;
        } else if (!quoted) {
            comma += s[i] == ',';
            semi += s[i] == ';';
            tab += s[i] == '\t';
        }
    }
    if (semi > comma && semi >= tab) {
        return ';';
    }
    if (tab > comma && tab > semi) {
        return '\t';
    }
    return ',';
}

static ilonet_status_t feed_line(reader_t *r, const char *s, size_t n)
{
    size_t bad = ilonet_utf8_invalid_at(s, n);
    if (bad < n) {
        if (s[bad] == '\0') {
            return ilonet_error_set(r->err, ILONET_EDATA, r->name, r->cur_line,
                                    "NUL byte at column %zu: this is not a text CSV file "
                                    "(UTF-16 text must be saved as \"CSV UTF-8\")",
                                    bad + 1);
        }
        return ilonet_error_set(r->err, ILONET_EDATA, r->name, r->cur_line,
                                "invalid UTF-8 (byte 0x%02X at column %zu); the file is probably "
                                "Windows-1252 or Latin-1: save it as \"CSV UTF-8\"",
                                (unsigned char)s[bad], bad + 1);
    }
    /* libcsv's state tells whether this line begins a new row or continues a quoted field. */
    if (r->parser.pstate == 0 && r->nf == 0) {
        r->row_start = r->cur_line;
    }
    size_t used = csv_parse(&r->parser, s, n, on_field, on_row, r);
    if (r->status != ILONET_OK) {
        return r->status;
    }
    if (used != n) {
        if (csv_error(&r->parser) == CSV_ENOMEM || csv_error(&r->parser) == CSV_ETOOBIG) {
            return ilonet_error_nomem(r->err);
        }
        return ilonet_error_set(r->err, ILONET_EDATA, r->name, r->cur_line,
                                "malformed quoting at column %zu: a quote inside an unquoted "
                                "field, or text after a closing quote (write \"\" for a quote "
                                "inside a quoted field)",
                                used + 1);
    }
    r->cur_line++;
    return ILONET_OK;
}

static void use_delimiter(reader_t *r, char delimiter)
{
    r->delimiter = delimiter;
    csv_set_delim(&r->parser, (unsigned char)delimiter);
    csv_set_space_func(&r->parser, delimiter == '\t' ? space_only : space_or_tab);
}

static int is_blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n') {
            return 0;
        }
    }
    return 1;
}

/* Decides from the first line ending whether lines end in LF (or CRLF) or in a lone CR, as
 * "CSV (Macintosh)" files do; 0 while the data so far cannot tell. */
static int detect_eol(const char *s, size_t n, int eof)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\n') {
            return '\n';
        }
        if (s[i] == '\r') {
            if (i + 1 < n) {
                return s[i + 1] == '\n' ? '\n' : '\r';
            }
            return eof ? '\n' : 0;
        }
    }
    return eof ? '\n' : 0;
}

/* Refuses UTF-16 and skips a UTF-8 BOM at the start of the first line. */
static ilonet_status_t start_file(reader_t *r, const char **s, size_t *n)
{
    const unsigned char *u = (const unsigned char *)*s;
    if (*n >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
        return ilonet_error_set(r->err, ILONET_EDATA, r->name, 1,
                                "the file is UTF-16 encoded (Excel \"Unicode text\"); save it "
                                "as \"CSV UTF-8\"");
    }
    if (*n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
        *s += 3;
        *n -= 3;
    }
    return ILONET_OK;
}

ilonet_status_t ilonet_csv_read_stream(FILE *fp, const char *name, const ilonet_csv_options_t *opts,
                                       ilonet_csv_row_fn fn, void *ctx, ilonet_error_t *err)
{
    ilonet_status_t st = ILONET_OK;
    reader_t r;
    memset(&r, 0, sizeof r);
    r.name = name;
    r.fn = fn;
    r.ctx = ctx;
    r.err = err;
    r.cur_line = 1;
    r.row_start = 1;
    size_t chunk = opts->chunk_size ? opts->chunk_size : DEFAULT_CHUNK;
    size_t cap = chunk < 65536 ? 65536 : chunk * 2;
    char *buf = NULL;
    int parser_ready = 0;

    if (csv_init(&r.parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
        st = ilonet_error_nomem(err);
        goto cleanup;
    }
    parser_ready = 1;
    if (opts->delimiter != 0) {
        use_delimiter(&r, opts->delimiter);
    }
    buf = malloc(cap);
    if (buf == NULL) {
        st = ilonet_error_nomem(err);
        goto cleanup;
    }
    size_t start = 0, len = 0;
    int eof = 0, first = 1;
    int eol = 0; /* line terminator: '\n' (also for CRLF), or '\r' for old Mac files; 0 = unknown */
    for (;;) {
        if (eol == 0) {
            eol = detect_eol(buf + start, len - start, eof);
        }
        while (start < len && eol != 0) {
            char *nl = memchr(buf + start, eol, len - start);
            if (nl == NULL && !eof) {
                break;
            }
            size_t end = nl != NULL ? (size_t)(nl - buf) + 1 : len;
            const char *seg = buf + start;
            size_t n = end - start;
            start = end;
            if (first) {
                first = 0;
                st = start_file(&r, &seg, &n);
                if (st != ILONET_OK) {
                    goto cleanup;
                }
            }
            /* The header is the first non-blank line: detect the delimiter there. */
            if (r.delimiter == 0 && !is_blank(seg, n)) {
                use_delimiter(&r, sniff_delimiter(seg, n));
            }
            st = feed_line(&r, seg, n);
            if (st != ILONET_OK) {
                goto cleanup;
            }
        }
        if (eof) {
            break;
        }
        memmove(buf, buf + start, len - start);
        len -= start;
        start = 0;
        if (len == cap) {
            char *b = realloc(buf, cap * 2);
            if (b == NULL) {
                st = ilonet_error_nomem(err);
                goto cleanup;
            }
            buf = b;
            cap *= 2;
        }
        size_t want = cap - len < chunk ? cap - len : chunk;
        size_t got = fread(buf + len, 1, want, fp);
        if (got == 0) {
            if (ferror(fp)) {
                st = ilonet_error_set(err, ILONET_EIO, name, 0, "cannot read: %s",
                                      strerror(errno));
                goto cleanup;
            }
            eof = 1;
        }
        len += got;
    }
    if (csv_fini(&r.parser, on_field, on_row, &r) != 0) {
        st = r.status != ILONET_OK
                 ? r.status
                 : ilonet_error_set(err, ILONET_EDATA, name, r.row_start,
                                    "unterminated quoted field: a quote opened in this row is "
                                    "never closed");
        goto cleanup;
    }
    st = r.status;

cleanup:
    if (parser_ready) {
        csv_free(&r.parser);
    }
    free(buf);
    free(r.fbuf);
    free(r.foff);
    free(r.flens);
    free(r.fptr);
    return st;
}

ilonet_status_t ilonet_csv_read_file(const char *path, const ilonet_csv_options_t *opts,
                                     ilonet_csv_row_fn fn, void *ctx, ilonet_error_t *err)
{
    if (strcmp(path, "-") == 0) {
        return ilonet_csv_read_stream(stdin, "<stdin>", opts, fn, ctx, err);
    }
    FILE *fp = fopen(path, "rb");
    if (fp == NULL) {
        return ilonet_error_set(err, ILONET_EIO, path, 0, "cannot open: %s", strerror(errno));
    }
    ilonet_status_t st = ilonet_csv_read_stream(fp, path, opts, fn, ctx, err);
    fclose(fp);
    return st;
}
