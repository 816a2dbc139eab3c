/* libFuzzer harness for the CSV reader alone: the first byte picks the delimiter, the encoding
 * and a chunk size, the rest is the file. Each input is read twice, in one chunk and in small
 * chunks, and both reads must give the same rows and the same error (csv_read.h: chunking,
 * including characters split across reads, is invisible). */
#include "fuzz_common.h"

typedef struct {
    char want_delim; /* the delimiter asked for, 0 = detected */
    size_t max_line; /* 1 + line terminators in the input: no row can start later */
    size_t rows;
    size_t last_line;
    uint64_t digest; /* FNV-1a over every row's line, index, delimiter and fields */
} digest_t;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void mix(uint64_t *h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) {
        *h = (*h ^ b[i]) * UINT64_C(0x100000001b3);
    }
}

static ilonet_status_t on_row(void *ctx, const ilonet_csv_row_t *row, ilonet_error_t *err)
{
    digest_t *d = ctx;
    (void)err;
    FUZZ_CHECK(row->index == d->rows);
    FUZZ_CHECK(row->line >= 1 && row->line <= d->max_line);
    /* Not strictly increasing: libcsv also ends a row at a lone CR inside an LF-terminated
     * line, so two rows can start on the same physical line. */
    FUZZ_CHECK(row->line >= d->last_line);
    FUZZ_CHECK(row->nfields >= 1);
    FUZZ_CHECK(row->delimiter == ',' || row->delimiter == ';' || row->delimiter == '\t');
    FUZZ_CHECK(d->want_delim == 0 || row->delimiter == d->want_delim);
    mix(&d->digest, &row->line, sizeof row->line);
    mix(&d->digest, &row->nfields, sizeof row->nfields);
    mix(&d->digest, &row->delimiter, 1);
    for (size_t i = 0; i < row->nfields; i++) {
        size_t n = row->lengths[i];
        /* NUL bytes and invalid UTF-8 are refused before parsing, so fields are clean C
         * strings of their stated length */
        FUZZ_CHECK(row->fields[i] != NULL && strlen(row->fields[i]) == n);
        FUZZ_CHECK(ilonet_utf8_invalid_at(row->fields[i], n) == n);
        mix(&d->digest, &n, sizeof n);
        mix(&d->digest, row->fields[i], n);
    }
    d->rows++;
    d->last_line = row->line;
    return ILONET_OK;
}

/* Reads the bytes with the given options; the caller compares the results. */
static ilonet_status_t read_once(const uint8_t *data, size_t size, const ilonet_csv_options_t *opts,
                                 digest_t *d, ilonet_error_t *err)
{
    /* glibc refuses fmemopen of zero bytes; /dev/null is the same empty stream */
    FILE *fp = size > 0 ? fmemopen((void *)data, size, "rb") : fopen("/dev/null", "rb");
    FUZZ_CHECK(fp != NULL);
    ilonet_error_clear(err);
    ilonet_status_t st = ilonet_csv_read_stream(fp, "fuzz.csv", opts, on_row, d, err);
    fclose(fp);
    if (st != ILONET_OK) {
        fuzz_check_error(st, err);
    }
    return st;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char delims[4] = {0, ',', ';', '\t'};
    static const ilonet_encoding_t encodings[4] = {ILONET_ENCODING_UTF8, ILONET_ENCODING_CP1252,
                                                   ILONET_ENCODING_LATIN1, ILONET_ENCODING_UTF16};
    if (size == 0) {
        return 0;
    }
    /* bits 0-1 delimiter, bits 2-3 encoding, bits 4-7 the small chunk size - 1 (1 to 16 bytes,
     * enough to split any character); "whole" reads everything in one chunk, as the default
     * 1 MiB would, without a 2 MiB buffer (see FUZZ_CHUNK_SIZE) */
    ilonet_csv_options_t whole = {.delimiter = delims[data[0] & 3],
                                  .chunk_size = size,
                                  .encoding = encodings[(data[0] >> 2) & 3]};
    ilonet_csv_options_t pieces = whole;
    pieces.chunk_size = 1 + (size_t)(data[0] >> 4);
    data++, size--;

    digest_t a = {
        .want_delim = whole.delimiter, .max_line = 1, .digest = UINT64_C(0xcbf29ce484222325)};
    for (size_t i = 0; i < size; i++) {
        a.max_line += data[i] == '\n' || data[i] == '\r';
    }
    digest_t b = a;
    ilonet_error_t ea, eb;
    ilonet_status_t sa = read_once(data, size, &whole, &a, &ea);
    ilonet_status_t sb = read_once(data, size, &pieces, &b, &eb);
    FUZZ_CHECK(sa == sb);
    FUZZ_CHECK(a.rows == b.rows && a.digest == b.digest);
    if (sa != ILONET_OK) {
        FUZZ_CHECK(ea.line == eb.line);
        FUZZ_CHECK(strcmp(ea.message, eb.message) == 0);
    }
    return 0;
}
