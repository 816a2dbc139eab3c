/* Streaming CSV reader over libcsv: BOM and CRLF handling, delimiter detection, UTF-8
 * validation and the line number where each row starts. */
#ifndef ILONET_CSV_READ_H
#define ILONET_CSV_READ_H

/* Longest line (and quoted field) read: 64 MiB. Ids, labels and notes are far shorter; a longer
 * "line" is a binary file or one without line ends, refused before it fills the memory. */
#define ILONET_CSV_LINE_MAX (64 << 20)

#include <stddef.h>
#include <stdio.h>

#include "ilonet/error.h"

/* The character encoding of an input file. Everything after reading is UTF-8: other encodings
 * are converted (with the C library's iconv) while streaming. */
typedef enum {
    ILONET_ENCODING_UTF8 = 0, /* the default: UTF-8, BOM optional; UTF-16 and invalid UTF-8 are
                               * errors that name the likely encoding and the option to use */
    ILONET_ENCODING_CP1252,   /* Windows-1252 (Excel "CSV" on Western European Windows) */
    ILONET_ENCODING_LATIN1,   /* ISO-8859-1 */
    ILONET_ENCODING_UTF16     /* byte order from the BOM, else from which bytes are NUL */
} ilonet_encoding_t;

typedef struct {
    char delimiter;             /* ',', ';' or '\t'; 0 = detect from the header line */
    size_t chunk_size;          /* bytes per read; 0 = 1 MiB. Tests replay inputs at every size. */
    ilonet_encoding_t encoding; /* of the file; 0 = UTF-8 */
} ilonet_csv_options_t;

/* Parses an --encoding value, case-insensitively: utf-8 (utf8), cp1252 (windows-1252),
 * latin1 (latin-1, iso-8859-1) or utf-16 (utf16). Returns 0 and sets *out, or -1 for an unknown
 * name (*out unchanged). O(1). */
int ilonet_encoding_parse(const char *name, ilonet_encoding_t *out);

/* The canonical option value of enc ("utf-8", "cp1252", "latin1", "utf-16"). Static string. */
const char *ilonet_encoding_name(ilonet_encoding_t enc);

typedef struct {
    const char *path; /* as given to the reader, for messages */
    size_t line;      /* physical line where the row starts (1-based) */
    size_t index;     /* 0 for the header row, then 1, 2, ... (blank lines not counted) */
    size_t nfields;
    char *const *fields; /* NUL-terminated, owned by the reader, valid during the callback */
    const size_t *lengths;
    char delimiter; /* the delimiter in use */
} ilonet_csv_row_t;

/* Called once per row, header included. A status other than ILONET_OK stops reading and is
 * returned by the reader with err as the callback filled it. */
typedef ilonet_status_t (*ilonet_csv_row_fn)(void *ctx, const ilonet_csv_row_t *row,
                                             ilonet_error_t *err);

/* Reads path ("-" = standard input) row by row. Memory is bounded by the longest row, time is
 * linear in the file size. With opts->encoding other than UTF-8 the bytes are converted chunk by
 * chunk (a character split across two reads is carried over), and line numbers are those of the
 * file. Errors (with line): cannot open/read (ILONET_EIO); UTF-16 or invalid UTF-8 without an
 * encoding (the message names the likely encoding), bytes that are not valid in the given
 * encoding, NUL bytes, malformed or unterminated quotes (ILONET_EDATA); a directory is
 * ILONET_EIO. */
ilonet_status_t ilonet_csv_read_file(const char *path, const ilonet_csv_options_t *opts,
                                     ilonet_csv_row_fn fn, void *ctx, ilonet_error_t *err);

/* The same over an open stream; name is used in messages. */
ilonet_status_t ilonet_csv_read_stream(FILE *fp, const char *name, const ilonet_csv_options_t *opts,
                                       ilonet_csv_row_fn fn, void *ctx, ilonet_error_t *err);

/* The libcsv version this library was built against, e.g. "3.0.3". */
const char *ilonet_csv_library_version(void);

/* Returns the byte offset of the first invalid UTF-8 sequence (or NUL byte) in s, or len when
 * s is valid. Overlong forms, surrogates and code points above U+10FFFF are invalid. */
size_t ilonet_utf8_invalid_at(const char *s, size_t len);

#endif
