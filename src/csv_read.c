/* Drives libcsv over a file in chunks, line by line, so every row knows its line number;
 * files in other encodings are converted to UTF-8 on the way in. */
#define _POSIX_C_SOURCE 200809L
#include "ilonet/csv_read.h"

#include <csv.h>
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#define DEFAULT_CHUNK (1u << 20)

typedef struct {
    struct csv_parser parser;
    const char *name;
    ilonet_csv_row_fn fn;
    void *ctx;
    ilonet_error_t *err;
    ilonet_status_t status; /* first failure inside a callback */
    char delimiter;
    ilonet_encoding_t encoding;
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
    /* the fast path's character classes (see split_line), for the delimiter in cls_delim */
    unsigned char cls[256];
    int cls_delim; /* -1 = not built */
    int (*cls_space)(unsigned char);
    int fast; /* the delimiter allows the fast path */
} reader_t;

#define STR_(x) #x
#define STR(x) STR_(x)

const char *ilonet_csv_library_version(void)
{
    return STR(CSV_MAJOR) "." STR(CSV_MINOR) "." STR(CSV_RELEASE);
}

int ilonet_encoding_parse(const char *name, ilonet_encoding_t *out)
{
    static const struct {
        const char *name;
        ilonet_encoding_t enc;
    } names[] = {
        {"utf-8", ILONET_ENCODING_UTF8},        {"utf8", ILONET_ENCODING_UTF8},
        {"cp1252", ILONET_ENCODING_CP1252},     {"windows-1252", ILONET_ENCODING_CP1252},
        {"latin1", ILONET_ENCODING_LATIN1},     {"latin-1", ILONET_ENCODING_LATIN1},
        {"iso-8859-1", ILONET_ENCODING_LATIN1}, {"utf-16", ILONET_ENCODING_UTF16},
        {"utf16", ILONET_ENCODING_UTF16},
    };
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        if (strcasecmp(name, names[i].name) == 0) {
            *out = names[i].enc;
            return 0;
        }
    }
    return -1;
}

const char *ilonet_encoding_name(ilonet_encoding_t enc)
{
    switch (enc) {
    case ILONET_ENCODING_CP1252:
        return "cp1252";
    case ILONET_ENCODING_LATIN1:
        return "latin1";
    case ILONET_ENCODING_UTF16:
        return "utf-16";
    default:
        return "utf-8";
    }
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
        /* eight ASCII bytes at a time: no high bit set and no byte zero */
        while (i + 8 <= len) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            const uint64_t high = 0x8080808080808080ULL, ones = 0x0101010101010101ULL;
            if ((w & high) != 0 || ((w - ones) & ~w & high) != 0) {
                break;
            }
            i += 8;
        }
        if (i == len) {
            break;
        }
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

/* Makes room for one more field in the current row; 0 (and r->status set) when out of memory. */
static int room_for_field(reader_t *r)
{
    if (r->nf < r->nfcap) {
        return 1;
    }
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
        return 0;
    }
    r->nfcap = cap;
    return 1;
}

static void on_field(void *data, size_t len, void *rd)
{
    reader_t *r = rd;
    if (r->status != ILONET_OK || !room_for_field(r)) {
        return;
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

/* Hands the row in fptr/flens to the callback and starts the next one. */
static void emit_row(reader_t *r)
{
    if (r->status == ILONET_OK) {
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
    /* a row can end mid-line (a CR inside an LF file): the next one starts on this line */
    r->row_start = r->cur_line;
}

static void on_row(int term, void *rd)
{
    (void)term;
    reader_t *r = rd;
    if (r->status == ILONET_OK) {
        for (size_t i = 0; i < r->nf; i++) {
            r->fptr[i] = r->fbuf + r->foff[i];
        }
    }
    emit_row(r);
}

/* ---- the fast path: lines without quotes ------------------------------------------------- */

enum { CLS_OTHER = 0, CLS_SPACE, CLS_TERM, CLS_DELIM };

/* Classes every byte as libcsv would with the parser's delimiter and space function. The fast
 * path is off for a delimiter that is also a space, a line end or the quote, where libcsv's
 * order of tests would matter. */
static void build_classes(reader_t *r)
{
    unsigned char delim = r->parser.delim_char;
    int (*is_space)(unsigned char) = r->parser.is_space;
    for (int c = 0; c < 256; c++) {
        unsigned char u = (unsigned char)c;
        int space = is_space != NULL ? is_space(u) : (u == ' ' || u == '\t');
        r->cls[c] = space ? CLS_SPACE : u == '\r' || u == '\n' ? CLS_TERM : CLS_OTHER;
    }
    r->fast = r->cls[delim] == CLS_OTHER && delim != r->parser.quote_char;
    r->cls[delim] = CLS_DELIM;
    r->cls_delim = delim;
    r->cls_space = is_space;
}

/* Ends the current field at s[end] (overwritten with a NUL: that byte has been read). */
static void fast_field(reader_t *r, char *s, size_t begin, size_t end)
{
    if (r->status != ILONET_OK || !room_for_field(r)) {
        return;
    }
    s[end] = '\0';
    r->fptr[r->nf] = s + begin;
    r->flens[r->nf] = end - begin;
    r->nf++;
}

/* Splits a line with no quote that ends in a line end, exactly as libcsv would (CSV_STRICT,
 * CSV_APPEND_NULL): fields split at the delimiter, spaces around unquoted fields dropped, a CR
 * or LF ends the row, an empty or all-space line is no row. The fields point into the line,
 * which is modified, instead of being copied one byte at a time. */
static void split_line(reader_t *r, char *s, size_t n)
{
    enum { ROW_NOT_BEGUN, FIELD_NOT_BEGUN, FIELD_BEGUN } state = ROW_NOT_BEGUN;
    const unsigned char *cls = r->cls;
    size_t begin = 0, end = 0; /* the field's bytes, trailing spaces excluded */
    for (size_t i = 0; i < n; i++) {
        unsigned char c = cls[(unsigned char)s[i]];
        if (state == FIELD_BEGUN) {
            if (c == CLS_OTHER) {
                end = i + 1;
            } else if (c == CLS_DELIM) {
                fast_field(r, s, begin, end);
                state = FIELD_NOT_BEGUN;
            } else if (c == CLS_TERM) {
                fast_field(r, s, begin, end);
                emit_row(r);
                state = ROW_NOT_BEGUN;
            }
            continue;
        }
        if (c == CLS_SPACE) {
            continue;
        }
        if (c == CLS_TERM) {
            if (state == FIELD_NOT_BEGUN) {
                fast_field(r, s, i, i);
                emit_row(r);
                state = ROW_NOT_BEGUN;
            }
        } else if (c == CLS_DELIM) {
            fast_field(r, s, i, i);
            state = FIELD_NOT_BEGUN;
        } else {
            begin = i;
            end = i + 1;
            state = FIELD_BEGUN;
        }
    }
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

/* Whether a line with NUL bytes looks like UTF-16 text: NUL in every other byte (the high or low
 * half of ASCII characters), allowing for the line starting in the middle of a character. */
static int looks_like_utf16(const char *s, size_t n)
{
    size_t even = 0, odd = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\0') {
            *(i % 2 ? &odd : &even) += 1;
        }
    }
    size_t pairs = n / 2;
    return pairs >= 2 && ((odd + 1 >= pairs && even <= 1) || (even + 1 >= pairs && odd <= 1));
}

static ilonet_status_t feed_line(reader_t *r, char *s, size_t n)
{
    size_t bad = ilonet_utf8_invalid_at(s, n);
    if (bad < n) {
        if (s[bad] == '\0' && r->encoding == ILONET_ENCODING_UTF8 && looks_like_utf16(s, n)) {
            return ilonet_error_set(r->err, ILONET_EDATA, r->name, r->cur_line,
                                    "the file is UTF-16 (Excel's \"Unicode text\"): use "
                                    "--encoding utf-16 or save it as CSV UTF-8");
        }
        if (s[bad] == '\0') {
            return ilonet_error_set(r->err, ILONET_EDATA, r->name, r->cur_line,
                                    "NUL byte at column %zu: this is not a text CSV file "
                                    "(UTF-16 text must be saved as \"CSV UTF-8\")",
                                    bad + 1);
        }
        /* Only reachable for UTF-8 input: converted text is valid by construction. */
        return ilonet_error_set(r->err, ILONET_EDATA, r->name, r->cur_line,
                                "invalid UTF-8 (byte 0x%02X at column %zu); the file is probably "
                                "Windows-1252 or Latin-1: use --encoding cp1252 or save it as "
                                "\"CSV UTF-8\"",
                                (unsigned char)s[bad], bad + 1);
    }
    /* libcsv's state tells whether this line begins a new row or continues a quoted field. */
    if (r->parser.pstate == 0 && r->nf == 0) {
        r->row_start = r->cur_line;
        if (r->cls_delim != r->parser.delim_char || r->cls_space != r->parser.is_space) {
            build_classes(r);
        }
        /* Between rows, a line without quotes that ends in a line end is split here; the
         * rest (quotes, a last line without line end) goes to libcsv. */
        if (r->fast && n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r') &&
            memchr(s, '"', n) == NULL) {
            split_line(r, s, n);
            if (r->status != ILONET_OK) {
                return r->status;
            }
            r->cur_line++;
            return ILONET_OK;
        }
    }
    /* libcsv grows its field buffer by blk_size bytes at a time; growing by at least the line
     * (and the buffer's own size) keeps a 10 MB field from costing thousands of reallocs. */
    size_t blk = r->parser.entry_size > n ? r->parser.entry_size : n;
    csv_set_blk_size(&r->parser, blk < 128 ? 128 : blk);
    size_t used = csv_parse(&r->parser, s, n, on_field, on_row, r);
    if (r->status != ILONET_OK) {
        return r->status;
    }
    if (r->parser.entry_pos > ILONET_CSV_LINE_MAX) {
        /* a quote opened and never closed swallows the rest of the file into one field */
        return ilonet_error_set(r->err, ILONET_EDATA, r->name, r->row_start,
                                "a quoted field longer than %d MiB starts in this row: a quote "
                                "that is never closed?",
                                ILONET_CSV_LINE_MAX >> 20);
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
static ilonet_status_t start_file(reader_t *r, char **s, size_t *n)
{
    const unsigned char *u = (const unsigned char *)*s;
    if (*n >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
        return ilonet_error_set(r->err, ILONET_EDATA, r->name, 1,
                                "the file is UTF-16 (Excel's \"Unicode text\"): use --encoding "
                                "utf-16 or save it as CSV UTF-8");
    }
    if (*n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
        *s += 3;
        *n -= 3;
    }
    return ILONET_OK;
}

/* ---- conversion of other encodings to UTF-8, chunk by chunk -------------------------------- */

/* Undecodable input is reported only after every line before it has been parsed, so that an
 * earlier error (in file order) wins and the line number is that of the bad character. */
enum { CONV_OK = 0, CONV_BAD_BYTES, CONV_TRUNCATED };

typedef struct {
    ilonet_encoding_t encoding;
    iconv_t cd;
    int open;
    int started; /* BOM and byte order handled */
    char *raw;   /* bytes read but not yet converted: at most an incomplete character + a read */
    size_t raw_len, raw_cap;
    int raw_eof;
    int failed;           /* CONV_* */
    unsigned char bad[2]; /* the undecodable bytes, for the message */
} conv_t;

/* Looks at the first bytes: picks the UTF-16 byte order and drops its BOM, and refuses a BOM
 * that contradicts the encoding asked for. */
static ilonet_status_t conv_start(conv_t *c, const char *name, ilonet_error_t *err)
{
    const unsigned char *u = (const unsigned char *)c->raw;
    size_t n = c->raw_len;
    int utf16_bom = n >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF));
    int utf8_bom = n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF;
    const char *from = "UTF-8";
    c->started = 1;
    if (c->encoding == ILONET_ENCODING_UTF16) {
        if (utf8_bom) {
            return ilonet_error_set(err, ILONET_EDATA, name, 1,
                                    "the file starts with a UTF-8 byte order mark, so it is "
                                    "UTF-8, not UTF-16: leave out --encoding");
        }
        int big_endian;
        if (utf16_bom) {
            big_endian = u[0] == 0xFE;
            memmove(c->raw, c->raw + 2, n - 2);
            c->raw_len -= 2;
        } else if (n >= 2 && (u[0] == 0) != (u[1] == 0)) {
            big_endian = u[0] == 0; /* ASCII text: the NUL half comes first in big-endian */
        } else if (n == 0) {
            big_endian = 0;
        } else {
            return ilonet_error_set(err, ILONET_EDATA, name, 1,
                                    "the file does not look like UTF-16 (no byte order mark and "
                                    "no NUL byte in its first character): leave out --encoding "
                                    "or use --encoding cp1252");
        }
        from = big_endian ? "UTF-16BE" : "UTF-16LE";
    } else {
        const char *what = c->encoding == ILONET_ENCODING_CP1252 ? "cp1252" : "latin1";
        if (utf16_bom) {
            return ilonet_error_set(err, ILONET_EDATA, name, 1,
                                    "the file is UTF-16 (Excel's \"Unicode text\"), not %s: use "
                                    "--encoding utf-16",
                                    what);
        }
        if (utf8_bom) {
            return ilonet_error_set(err, ILONET_EDATA, name, 1,
                                    "the file starts with a UTF-8 byte order mark, so it is "
                                    "UTF-8, not %s: leave out --encoding",
                                    what);
        }
        from = c->encoding == ILONET_ENCODING_CP1252 ? "CP1252" : "ISO-8859-1";
    }
    c->cd = iconv_open("UTF-8", from);
    if (c->cd == (iconv_t)-1) {
        return ilonet_error_set(err, ILONET_EINTERNAL, name, 0,
                                "iconv cannot convert %s to UTF-8 on this system: %s", from,
                                strerror(errno));
    }
    c->open = 1;
    return ILONET_OK;
}

/* Converts into out (space >= 8 bytes): *got > 0 bytes of UTF-8, or 0 at the end of the file
 * or when the next bytes cannot be converted (c->failed says which). Reads chunk bytes at a
 * time and keeps an incomplete character for the next read. */
static ilonet_status_t conv_fill(conv_t *c, FILE *fp, const char *name, size_t chunk, char *out,
                                 size_t space, size_t *got, ilonet_error_t *err)
{
    *got = 0;
    for (;;) {
        if (c->failed != CONV_OK) {
            return ILONET_OK;
        }
        if (!c->started && (c->raw_len >= 4 || c->raw_eof)) {
            ilonet_status_t st = conv_start(c, name, err);
            if (st != ILONET_OK) {
                return st;
            }
        }
        if (c->started && c->raw_len > 0) {
            char *in = c->raw;
            size_t in_left = c->raw_len;
            char *o = out;
            size_t o_left = space;
            size_t rc = iconv(c->cd, &in, &in_left, &o, &o_left);
            int e = rc == (size_t)-1 ? errno : 0;
            *got = space - o_left;
            memmove(c->raw, in, in_left);
            c->raw_len = in_left;
            if (e == EILSEQ) {
                c->failed = CONV_BAD_BYTES;
                c->bad[0] = (unsigned char)c->raw[0];
                c->bad[1] = in_left > 1 ? (unsigned char)c->raw[1] : 0;
            } else if (e == EINVAL && c->raw_eof) {
                c->failed = CONV_TRUNCATED;
            } else if ((e != 0 && e != EINVAL && e != E2BIG) || (e == E2BIG && *got == 0)) {
                /* E2BIG with nothing written would mean out has no room for one character */
                return ilonet_error_set(err, ILONET_EINTERNAL, name, 0, "iconv failed: %s",
                                        strerror(e));
            }
            if (*got > 0 || c->failed != CONV_OK) {
                return ILONET_OK;
            }
        }
        if (c->raw_eof) {
            return ILONET_OK;
        }
        if (c->raw_cap < c->raw_len + chunk) {
            char *b = realloc(c->raw, c->raw_len + chunk);
            if (b == NULL) {
                return ilonet_error_nomem(err);
            }
            c->raw = b;
            c->raw_cap = c->raw_len + chunk;
        }
        size_t n = fread(c->raw + c->raw_len, 1, chunk, fp);
        if (n == 0) {
            if (ferror(fp)) {
                return ilonet_error_set(err, ILONET_EIO, name, 0, "cannot read: %s",
                                        strerror(errno));
            }
            c->raw_eof = 1;
        }
        c->raw_len += n;
    }
}

/* The error for bytes that could not be converted, on the line where they are: the lines before
 * them have all been parsed, so that is the current line (plus one if the text before them ends
 * in a CR whose meaning was still open). */
static ilonet_status_t conv_error(const reader_t *r, const conv_t *c, const char *rest, size_t n,
                                  int eol)
{
    size_t line = r->cur_line;
    for (size_t i = 0; eol == 0 && i < n; i++) {
        line += rest[i] == '\r';
    }
    if (c->failed == CONV_TRUNCATED) {
        return ilonet_error_set(r->err, ILONET_EDATA, r->name, line,
                                "the file ends in the middle of a %s character (an odd number "
                                "of bytes?)",
                                c->encoding == ILONET_ENCODING_UTF16 ? "UTF-16" : "multi-byte");
    }
    if (c->encoding == ILONET_ENCODING_UTF16) {
        return ilonet_error_set(r->err, ILONET_EDATA, r->name, line,
                                "invalid UTF-16 (bytes 0x%02X 0x%02X: an unpaired surrogate): "
                                "the file is damaged or not UTF-16",
                                c->bad[0], c->bad[1]);
    }
    return ilonet_error_set(r->err, ILONET_EDATA, r->name, line,
                            "byte 0x%02X is not a Windows-1252 character: the file is not cp1252 "
                            "(try --encoding latin1)",
                            c->bad[0]);
}

ilonet_status_t ilonet_csv_read_stream(FILE *fp, const char *name, const ilonet_csv_options_t *opts,
                                       ilonet_csv_row_fn fn, void *ctx, ilonet_error_t *err)
{
    ilonet_status_t st = ILONET_OK;
    reader_t r;
    conv_t conv;
    memset(&r, 0, sizeof r);
    memset(&conv, 0, sizeof conv);
    r.name = name;
    r.fn = fn;
    r.ctx = ctx;
    r.err = err;
    r.cur_line = 1;
    r.row_start = 1;
    r.encoding = opts->encoding;
    r.cls_delim = -1;
    conv.encoding = opts->encoding;
    int convert = opts->encoding != ILONET_ENCODING_UTF8;
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
    size_t scanned = 0; /* buf[start, scanned) holds no line terminator: memchr resumes there */
    int eof = 0, first = 1;
    int eol = 0; /* line terminator: '\n' (also for CRLF), or '\r' for old Mac files; 0 = unknown */
    for (;;) {
        if (eol == 0) {
            eol = detect_eol(buf + start, len - start, eof);
        }
        while (start < len && eol != 0) {
            char *nl = memchr(buf + scanned, eol, len - scanned);
            if (nl == NULL && !eof) {
                scanned = len;
                break;
            }
            size_t end = nl != NULL ? (size_t)(nl - buf) + 1 : len;
            char *seg = buf + start;
            size_t n = end - start;
            start = scanned = end;
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
        scanned -= start < scanned ? start : scanned;
        start = 0;
        /* a converted character takes up to 4 bytes: leave room for one */
        if (cap - len < 8 && len >= ILONET_CSV_LINE_MAX) {
            /* a file of one enormous line is not a table of ties (binary data, or a file with
             * another line ending): refuse it now rather than read it all into memory */
            st = ilonet_error_set(err, ILONET_EDATA, name, r.cur_line,
                                  "line longer than %d MiB: not a CSV file of ties? (check the "
                                  "file type and its line endings)",
                                  ILONET_CSV_LINE_MAX >> 20);
            goto cleanup;
        }
        if (cap - len < 8) {
            char *b = realloc(buf, cap * 2);
            if (b == NULL) {
                st = ilonet_error_nomem(err);
                goto cleanup;
            }
            buf = b;
            cap *= 2;
        }
        size_t got;
        if (convert) {
            st = conv_fill(&conv, fp, name, chunk, buf + len, cap - len, &got, err);
            if (st != ILONET_OK) {
                goto cleanup;
            }
            if (got == 0 && conv.failed != CONV_OK) {
                st = conv_error(&r, &conv, buf, len, eol);
                goto cleanup;
            }
        } else {
            size_t want = cap - len < chunk ? cap - len : chunk;
            got = fread(buf + len, 1, want, fp);
            if (got == 0 && ferror(fp)) {
                st = ilonet_error_set(err, ILONET_EIO, name, 0, "cannot read: %s", strerror(errno));
                goto cleanup;
            }
        }
        if (got == 0) {
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
    if (conv.open) {
        iconv_close(conv.cd);
    }
    free(conv.raw);
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
    struct stat sb;
    if (fstat(fileno(fp), &sb) == 0 && S_ISDIR(sb.st_mode)) {
        fclose(fp);
        return ilonet_error_set(err, ILONET_EIO, path, 0,
                                "cannot read: it is a directory, not a "
                                "CSV file");
    }
    ilonet_status_t st = ilonet_csv_read_stream(fp, path, opts, fn, ctx, err);
    fclose(fp);
    return st;
}
