/* Unit tests of the streaming CSV reader (ilonet_csv_read_file / _stream) and of the UTF-8
 * validator. Like libcsv's own test-suite, every input is replayed at every chunk size from 1
 * byte up to its whole length (+1), and each replay must give the same rows, fields and line
 * numbers (or the same error) as a read in one chunk. */

/* Defined here too (test_util.h defines it identically) because cmocka needs <setjmp.h> and
 * <stdint.h> before test_util.h pulls in <cmocka.h>, and the feature macro must come first. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdint.h>

#include "test_util.h"

#include "ilonet/csv_read.h"

#include <csv.h>

#define MAX_ROWS 16
#define MAX_FIELDS 8

/* A copy of one row as the reader delivered it; the reader's buffers die with the callback. */
typedef struct {
    size_t line;
    size_t index;
    size_t nfields;
    char delimiter;
    char *path;
    char *fields[MAX_FIELDS];
    size_t lengths[MAX_FIELDS];
} rec_row_t;

typedef struct {
    rec_row_t rows[MAX_ROWS];
    size_t nrows;
    size_t calls;   /* callback invocations, to prove reading stops after a failure */
    size_t fail_at; /* row index at which the callback fails; SIZE_MAX = never */
} rec_t;

static char *dup_bytes(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (d != NULL) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

static void rec_init(rec_t *r)
{
    memset(r, 0, sizeof *r);
    r->fail_at = SIZE_MAX;
}

static void rec_free(rec_t *r)
{
    for (size_t i = 0; i < r->nrows; i++) {
        free(r->rows[i].path);
        for (size_t f = 0; f < r->rows[i].nfields; f++) {
            free(r->rows[i].fields[f]);
        }
    }
    r->nrows = 0;
}

/* The encoding every read uses; UTF-8 unless a test sets it (reset before each test). */
static ilonet_encoding_t read_encoding;

/* Each test gets a fresh record, freed by the teardown even when an assertion fails. */
static int setup_rec(void **state)
{
    rec_t *r = malloc(sizeof *r);
    if (r == NULL) {
        return -1;
    }
    rec_init(r);
    *state = r;
    read_encoding = ILONET_ENCODING_UTF8;
    return 0;
}

static int teardown_rec(void **state)
{
    rec_free(*state);
    free(*state);
    return 0;
}

static ilonet_status_t collect_row(void *ctx, const ilonet_csv_row_t *row, ilonet_error_t *err)
{
    rec_t *r = ctx;
    r->calls++;
    /* Failing the test from inside the reader would longjmp past its cleanup, so oversized
     * rows are recorded as an error instead and checked by the caller. */
    if (r->nrows == MAX_ROWS || row->nfields > MAX_FIELDS) {
        return ilonet_error_set(err, ILONET_EINTERNAL, NULL, 0, "test row buffer too small");
    }
    /* nfields grows with each copied field, so rec_free never sees an unset pointer. */
    rec_row_t *out = &r->rows[r->nrows++];
    memset(out, 0, sizeof *out);
    out->line = row->line;
    out->index = row->index;
    out->delimiter = row->delimiter;
    out->path = dup_bytes(row->path, strlen(row->path));
    if (out->path == NULL) {
        return ilonet_error_nomem(err);
    }
    for (size_t f = 0; f < row->nfields; f++) {
        /* The field must really be NUL-terminated at its reported length. */
        if (row->fields[f][row->lengths[f]] != '\0') {
            return ilonet_error_set(err, ILONET_EINTERNAL, NULL, 0, "field not terminated");
        }
        out->fields[f] = dup_bytes(row->fields[f], row->lengths[f]);
        if (out->fields[f] == NULL) {
            return ilonet_error_nomem(err);
        }
        out->lengths[f] = row->lengths[f];
        out->nfields++;
    }
    if (row->index == r->fail_at) {
        return ilonet_error_set(err, ILONET_EUSAGE, "callback.csv", row->line,
                                "callback refused row %zu", row->index);
    }
    return ILONET_OK;
}

static ilonet_status_t read_path(const char *path, char delimiter, size_t chunk, rec_t *r,
                                 ilonet_error_t *err)
{
    ilonet_csv_options_t opts = {
        .delimiter = delimiter, .chunk_size = chunk, .encoding = read_encoding};
    ilonet_error_clear(err);
    return ilonet_csv_read_file(path, &opts, collect_row, r, err);
}

static int same_rows(const rec_t *a, const rec_t *b)
{
    if (a->nrows != b->nrows || a->calls != b->calls) {
        return 0;
    }
    for (size_t i = 0; i < a->nrows; i++) {
        const rec_row_t *x = &a->rows[i];
        const rec_row_t *y = &b->rows[i];
        if (x->line != y->line || x->index != y->index || x->delimiter != y->delimiter ||
            x->nfields != y->nfields) {
            return 0;
        }
        for (size_t f = 0; f < x->nfields; f++) {
            if (x->lengths[f] != y->lengths[f] ||
                memcmp(x->fields[f], y->fields[f], x->lengths[f]) != 0) {
                return 0;
            }
        }
    }
    return 1;
}

static int same_error(const ilonet_error_t *a, const ilonet_error_t *b)
{
    return a->code == b->code && a->line == b->line && strcmp(a->message, b->message) == 0;
}

/* Reads bytes in one chunk (the result returned through r/err), then again at every chunk size
 * 1..len+1, asserting every replay matches the first read exactly, errors included. */
static ilonet_status_t replay_bytes(const char *bytes, size_t len, char delimiter, size_t fail_at,
                                    rec_t *r, ilonet_error_t *err)
{
    const char *path = temp_file_with(0, bytes, len);
    rec_free(r);
    rec_init(r);
    r->fail_at = fail_at;
    ilonet_status_t st = read_path(path, delimiter, 0, r, err);
    for (size_t chunk = 1; chunk <= len + 1; chunk++) {
        rec_t again;
        ilonet_error_t err2;
        rec_init(&again);
        again.fail_at = fail_at;
        ilonet_status_t st2 = read_path(path, delimiter, chunk, &again, &err2);
        int same = st2 == st && same_rows(r, &again) && (st == ILONET_OK || same_error(err, &err2));
        rec_free(&again);
        if (!same) {
            /* Name the chunk size: that is what a reader bug depends on. */
            print_error("chunk size %zu gives other rows or another error than one chunk "
                        "(status %d vs %d, error line %zu vs %zu)\n",
                        chunk, (int)st2, (int)st, err2.line, err->line);
            unlink(path);
            fail();
        }
    }
    assert_int_equal(unlink(path), 0);
    return st;
}

static ilonet_status_t replay_text(const char *text, char delimiter, rec_t *r, ilonet_error_t *err)
{
    return replay_bytes(text, strlen(text), delimiter, SIZE_MAX, r, err);
}

/* Asserts row i starts on line, has the given index and exactly the nfields given fields. */
static void expect_row(const rec_t *r, size_t i, size_t line, size_t index, size_t nfields, ...)
{
    assert_true(i < r->nrows);
    const rec_row_t *row = &r->rows[i];
    assert_int_equal(row->line, line);
    assert_int_equal(row->index, index);
    assert_int_equal(row->nfields, nfields);
    va_list ap;
    va_start(ap, nfields);
    for (size_t f = 0; f < nfields; f++) {
        const char *want = va_arg(ap, const char *);
        assert_string_equal(row->fields[f], want);
        assert_int_equal(row->lengths[f], strlen(want));
    }
    va_end(ap);
}

/* ---- delimiters ---------------------------------------------------------------------------- */

static void test_comma_delimiter_detected_from_header(void **state)
{
    rec_t *r = *state;
    ilonet_error_t err;
    assert_int_equal(replay_text("source,target,weight\nILO,WHO,2\n", 0, r, &err), ILONET_OK);
    assert_int_equal(r->nrows, 2);
    assert_int_equal(r->rows[0].delimiter, ',');
    expect_row(r, 0, 1, 0, 3, "source", "target", "weight");
    expect_row(r, 1, 2, 1, 3, "ILO", "WHO", "2");
}

static void test_semicolon_delimiter_detected_from_header(void **state)
{
    rec_t *r = *state;
    ilonet_error_t err;
    /* A European Excel export: ';' separates, ',' is the decimal point and stays in the field. */
    assert_int_equal(replay_text("source;target;weight\nILO;WHO;1,5\n", 0, r, &err), ILONET_OK);
    assert_int_equal(r->nrows, 2);
    assert_int_equal(r->rows[0].delimiter, ';');
    assert_int_equal(r->rows[1].delimiter, ';');
    expect_row(r, 0, 1, 0, 3, "source", "target", "weight");
    expect_row(r, 1, 2, 1, 3, "ILO", "WHO", "1,5");
}

static void test_tab_delimiter_detected_from_header(void **state)
{
    rec_t *r = *state;
    ilonet_error_t err;
    /* Spaces inside a TAB-separated field are data, and commas are not separators. */
    assert_int_equal(replay_text("source\ttarget\tnote\nILO Geneva\tWHO\ta, b\n", 0, r, &err),
                     ILONET_OK);
    assert_int_equal(r->nrows, 2);
    assert_int_equal(r->rows[0].delimiter, '\t');
    expect_row(r, 0, 1, 0, 3, "source", "target", "note");
    expect_row(r, 1, 2, 1, 3, "ILO Geneva", "WHO", "a, b");
}

static void test_detection_ignores_delimiters_inside_quotes(void **state)
{
    rec_t *r = *state;
    ilonet_error_t err;
    /* Three quoted commas versus two real semicolons: the semicolons win. */
    assert_int_equal(replay_text("\"a,b,c,d\";x;y\n1;2;3\n", 0, r, &err), ILONET_OK);
    assert_int_equal(r->rows[0].delimiter, ';');
    expect_row(r, 0, 1, 0, 3, "a,b,c,d", "x", "y");
    expect_row(r, 1, 2, 1, 3, "1", "2", "3");
}

static void test_delimiter_detected_from_header_after_leading_blank_lines(void **state)
{
    rec_t *r = *state;
    ilonet_error_t err;
    /* Blank lines are skipped, so the header is line 3 and its ';' must decide. */
    assert_int_equal(replay_text("\n\nsource;target\nA;B\n", 0, r, &err), ILONET_OK);
    assert_int_equal(r->nrows, 2);
    assert_int_equal(r->rows[0].delimiter, ';');
    expect_row(r, 0, 3, 0, 2, "source", "target");
    expect_row(r, 1, 4, 1, 2, "A", "B");
}

static void test_explicit_delimiter_overrides_detection(void **state)
{
    rec_t *r = *state;
    ilonet_error_t err;
    /* Detection would pick ';' (two against one); the option forces ','. */
    assert_int_equal(replay_text("a;b;c,d\n1;2;3,4\n", ',', r, &err), ILONET_OK);
    assert_int_equal(r->nrows, 2);
    assert_int_equal(r->rows[0].delimiter, ',');
    expect_row(r, 0, 1, 0, 2, "a;b;c", "d");
    expect_row(r, 1, 2, 1, 2, "1;2;3", "4");
}

static void test_explicit_tab_delimiter_overrides_detection(void **state)
{
    rec_t *r = *state;
    ilonet_error_t err;
    assert_int_equal(replay_text("a,b,c\td\n1,2\t3\n", '\t', r, &err), ILONET_OK);
    assert_int_equal(r->rows[0].delimiter, '\t');
    expect_row(r, 0, 1, 0, 2, "a,b,c", "d");
    expect_row(r, 1, 2, 1, 2, "1,2", "3");
}

/* ---- encodings and line endings ------------------------------------------------------------ */

static void test_utf8_bom_is_stripped_from_first_header_field(void **state)
{
    rec_t *r = *state;
    ilonet_error_t err;
    assert_int_equal(replay_text("\xEF\xBB\xBFsource,target\nILO,WHO\n", 0, r, &err), ILONET_OK);
    assert_int_equal(r->nrows, 2);
    expect_row(r, 0, 1, 0, 2, "source", "target");
    expect_row(r, 1, 2, 1, 2, "ILO", "WHO");
}

static void test_utf8_bom_does_not_break_delimiter_detection(void **state)
{
    rec_t *r = *state;
    ilonet_error_t err;
    assert_int_equal(replay_text("\xEF\xBB\xBFsource;target\nGen\xC3\xA8ve;WHO\n", 0, r, &err),
                     ILONET_OK);
    assert_int_equal(r->rows[0].delimiter, ';');
    expect_row(r, 0, 1, 0, 2, "source", "target");
    expect_row(r, 1, 2, 1, 2, "Gen\xC3\xA8ve", "WHO");
}

static void test_crlf_line_endings_leave_no_carriage_return(void **state)
{
    rec_t *r = *state;
    ilonet_error_t err;
    assert_int_equal(replay_text("source,target\r\nILO,WHO\r\n\r\nWHO,UN\r\n", 0, r, &err),
                     ILONET_OK);
    assert_int_equal(r->nrows, 3);
    expect_row(r, 0, 1, 0, 2, "source", "target");
    expect_row(r, 1, 2, 1, 2, "ILO", "WHO");
    /* The blank CRLF line still counts as line 3. */
    expect_row(r, 2, 4, 2, 2, "WHO", "UN");
    for (size_t i = 0; i < r->nrows; i++) {
        for (size_t f = 0; f < r->rows[i].nfields; f++) {
            assert_null(strchr(r->rows[i].fields[f], '\r'));
        }
    }
}

static void test_crlf_with_quoted_last_field(void **state)
{
    rec_t *r = *state;
    ilonet_error_t err;
    assert_int_equal(replay_text("a,b\r\n1,\"x y\"\r\n2,3", 0, r, &err), ILONET_OK);
    assert_int_equal(r->nrows, 3);
    expect_row(r, 1, 2, 1, 2, "1", "x y");
    expect_row(r, 2, 3, 2, 2, "2", "3");
}

/* ---- RFC 4180 quoting ---------------------------------------------------------------------- */

static void test_quoted_field_keeps_delimiter(void **state)
{
    rec_t *r = *state;
    ilonet_error_t err;
    assert_int_equal(replay_text("name,city\n\"Labour, Intl.\",Geneva\n", 0, r, &err), ILONET_OK);
    expect_row(r, 1, 2, 1, 2, "Labour, Intl.", "Geneva");
}

static void test_doubled_quote_is_one_quote(void **state)
{
    rec_t *r = *state;
    ilonet_error_t err;
    assert_int_equal(replay_text("name,note\nA,\"say \"\"hi\"\"\"\nB,\"\"\"\"\n", 0, r, &err),
                     ILONET_OK);
    expect_row(r, 1, 2, 1, 2, "A", "say \"hi\"");
    expect_row(r, 2, 3, 2, 2, "B", "\"");
}

static void test_quoted_newline_row_starts_on_its_first_line(void **state)
{
    rec_t *r = *state;
    ilonet_error_t err;
    const char *in = "id,note\n"        /* line 1 */
                     "1,\"first line\n" /* line 2: the row starts here */
                     "second line\"\n"  /* line 3 */
                     "2,plain\n"        /* line 4 */
                     "3,\"a\n\nb\"\n"   /* lines 5-7, with an empty line inside quotes */
                     "4,end\n";         /* line 8 */
    assert_int_equal(replay_text(in, 0, r, &err), ILONET_OK);
    assert_int_equal(r->nrows, 5);
    expect_row(r, 0, 1, 0, 2, "id", "note");
    expect_row(r, 1, 2, 1, 2, "1", "first line\nsecond line");
    expect_row(r, 2, 4, 2, 2, "2", "plain");
    expect_row(r, 3, 5, 3, 2, "3", "a\n\nb");
    expect_row(r, 4, 8, 4, 2, "4", "end");
}

static void test_quoted_field_starting_with_newline(void **state)
{
    rec_t *r = *state;
    ilonet_error_t err;
    /* The line with only the opening quote still begins the row. */
    assert_int_equal(replay_text("a,b\nx,\"\ny\"\nz,w\n", 0, r, &err), ILONET_OK);
    expect_row(r, 1, 2, 1, 2, "x", "\ny");
    expect_row(r, 2, 4, 2, 2, "z", "w");
}

/* ---- blank lines, spaces, end of file ------------------------------------------------------ */

static void test_blank_lines_skipped_but_counted(void **state)
{
    rec_t *r = *state;
    ilonet_error_t err;
    assert_int_equal(replay_text("\na,b\n\n1,2\n   \n\n3,4\n\n", 0, r, &err), ILONET_OK);
    assert_int_equal(r->nrows, 3);
    expect_row(r, 0, 2, 0, 2, "a", "b");
    expect_row(r, 1, 4, 1, 2, "1", "2");
    expect_row(r, 2, 7, 2, 2, "3", "4");
}

static void test_spaces_around_unquoted_fields_trimmed(void **state)
{
    rec_t *r = *state;
    ilonet_error_t err;
    /* Inner spaces and spaces inside quotes are data; spaces around quotes are not. */
    assert_int_equal(replay_text(" a , b ,c\n  x  ,  y z  ,  \" q \"  \n", 0, r, &err), ILONET_OK);
    expect_row(r, 0, 1, 0, 3, "a", "b", "c");
    expect_row(r, 1, 2, 1, 3, "x", "y z", " q ");
}

static void test_empty_fields_are_kept(void **state)
{
    rec_t *r = *state;
    ilonet_error_t err;
    assert_int_equal(replay_text("a,b,c\n,,\n1,,\"\"\n", 0, r, &err), ILONET_OK);
    expect_row(r, 1, 2, 1, 3, "", "", "");
    expect_row(r, 2, 3, 2, 3, "1", "", "");
}

static void test_last_row_without_trailing_newline(void **state)
{
    rec_t *r = *state;
    ilonet_error_t err;
    assert_int_equal(replay_text("a,b\n1,2\n3,4", 0, r, &err), ILONET_OK);
    assert_int_equal(r->nrows, 3);
    expect_row(r, 2, 3, 2, 2, "3", "4");
}

static void test_last_row_quoted_without_trailing_newline(void **state)
{
    rec_t *r = *state;
    ilonet_error_t err;
    assert_int_equal(replay_text("a,b\n1,\"two\nlines\"", 0, r, &err), ILONET_OK);
    assert_int_equal(r->nrows, 2);
    expect_row(r, 1, 2, 1, 2, "1", "two\nlines");
}

static void test_empty_file_gives_no_rows(void **state)
{
    rec_t *r = *state;
    ilonet_error_t err;
    assert_int_equal(replay_text("", 0, r, &err), ILONET_OK);
    assert_int_equal(r->nrows, 0);
}

static void test_long_field_across_many_chunks(void **state)
{
    rec_t *r = *state;
    /* A quoted field longer than the reader's first field buffer (256 bytes) must come
     * through intact, even when it arrives one byte at a time. */
    enum { N = 300 };
    char in[N + 32];
    size_t n = 0;
    memcpy(in, "k,v\nkey,\"", 9);
    n = 9;
    for (size_t i = 0; i < N; i++) {
        in[n++] = (char)('a' + i % 26);
    }
    memcpy(in + n, "\"\n", 2);
    n += 2;
    ilonet_error_t err;
    assert_int_equal(replay_bytes(in, n, 0, SIZE_MAX, r, &err), ILONET_OK);
    assert_int_equal(r->nrows, 2);
    assert_int_equal(r->rows[1].lengths[1], N);
    assert_memory_equal(r->rows[1].fields[1], in + 9, N);
}

/* ---- errors -------------------------------------------------------------------------------- */

static void test_invalid_utf8_reports_its_line(void **state)
{
    rec_t *r = *state;
    ilonet_error_t err;
    /* "Genève" saved as Latin-1: 0xE9 alone is not UTF-8. */
    const char *in = "name,city\nA,Paris\nB,Gen\xE9ve\nC,Rome\n";
    assert_int_equal(replay_text(in, 0, r, &err), ILONET_EDATA);
    assert_int_equal(err.code, ILONET_EDATA);
    assert_int_equal(err.line, 3);
    assert_non_null(strstr(err.message, "UTF-8"));
    assert_non_null(strstr(err.message, "0xE9"));
    /* Rows before the bad line were delivered; none after. */
    assert_int_equal(r->nrows, 2);
}

static void test_invalid_utf8_inside_quoted_newline_reports_physical_line(void **state)
{
    rec_t *r = *state;
    ilonet_error_t err;
    assert_int_equal(replay_text("a,b\n1,\"ok\nbad \xFF\"\n", 0, r, &err), ILONET_EDATA);
    assert_int_equal(err.line, 3);
    assert_non_null(strstr(err.message, "0xFF"));
}

static void test_nul_byte_reports_its_line(void **state)
{
    rec_t *r = *state;
    ilonet_error_t err;
    static const char in[] = "a,b\nc\0d,e\n";
    assert_int_equal(replay_bytes(in, sizeof in - 1, 0, SIZE_MAX, r, &err), ILONET_EDATA);
    assert_int_equal(err.line, 2);
    assert_non_null(strstr(err.message, "NUL"));
    assert_int_equal(r->nrows, 1);
}

static void test_utf16_le_file_refused(void **state)
{
    rec_t *r = *state;
    ilonet_error_t err;
    /* "a,b\n1,2\n" as Excel's "Unicode text" (UTF-16 LE with BOM). */
    static const char in[] = "\xFF\xFE"
                             "a\0,\0b\0\n\0"
                             "1\0,\0"
                             "2\0\n\0";
    assert_int_equal(replay_bytes(in, sizeof in - 1, 0, SIZE_MAX, r, &err), ILONET_EDATA);
    assert_int_equal(err.line, 1);
    assert_non_null(strstr(err.message, "UTF-16"));
    assert_int_equal(r->nrows, 0);
}

static void test_utf16_be_file_refused(void **state)
{
    rec_t *r = *state;
    ilonet_error_t err;
    static const char in[] = "\xFE\xFF"
                             "\0a\0,\0b\0\n";
    assert_int_equal(replay_bytes(in, sizeof in - 1, 0, SIZE_MAX, r, &err), ILONET_EDATA);
    assert_int_equal(err.line, 1);
    assert_non_null(strstr(err.message, "UTF-16"));
}

static void test_unterminated_quote_reports_line_where_row_starts(void **state)
{
    rec_t *r = *state;
    ilonet_error_t err;
    const char *in = "a,b\n"
                     "1,2\n"
                     "3,\"never closed\n" /* line 3: the row starts here */
                     "4,5\n"
                     "6,7\n";
    assert_int_equal(replay_text(in, 0, r, &err), ILONET_EDATA);
    assert_int_equal(err.line, 3);
    assert_non_null(strstr(err.message, "unterminated"));
    assert_int_equal(r->nrows, 2);
}

static void test_malformed_quote_in_unquoted_field_refused(void **state)
{
    rec_t *r = *state;
    ilonet_error_t err;
    assert_int_equal(replay_text("w,x,y\n1,2,3\na,b\"c,d\n", 0, r, &err), ILONET_EDATA);
    assert_int_equal(err.line, 3);
    assert_non_null(strstr(err.message, "quot"));
    assert_int_equal(r->nrows, 2);
}

static void test_text_after_closing_quote_refused(void **state)
{
    rec_t *r = *state;
    ilonet_error_t err;
    assert_int_equal(replay_text("a,b\n\"x\"y,z\n", 0, r, &err), ILONET_EDATA);
    assert_int_equal(err.line, 2);
}

static void test_callback_error_stops_reading_and_is_returned(void **state)
{
    rec_t *r = *state;
    ilonet_error_t err;
    const char *in = "a,b\n1,2\n3,4\n5,6\n7,8\n";
    /* The callback fails on row index 2 ("3,4", line 3). */
    assert_int_equal(replay_bytes(in, strlen(in), 0, 2, r, &err), ILONET_EUSAGE);
    assert_int_equal(err.code, ILONET_EUSAGE);
    assert_int_equal(err.line, 3);
    assert_string_equal(err.file, "callback.csv");
    assert_string_equal(err.message, "callback refused row 2");
    /* No row after the failing one reached the callback. */
    assert_int_equal(r->calls, 3);
    assert_int_equal(r->nrows, 3);
}

static void test_callback_error_on_unterminated_last_row_is_returned(void **state)
{
    rec_t *r = *state;
    ilonet_error_t err;
    /* The last row is delivered at end of file (no newline); its failure must still win. */
    const char *in = "a,b\n1,2";
    assert_int_equal(replay_bytes(in, strlen(in), 0, 1, r, &err), ILONET_EUSAGE);
    assert_string_equal(err.message, "callback refused row 1");
    assert_int_equal(r->calls, 2);
}

static void test_missing_file_is_io_error_naming_path(void **state)
{
    rec_t *r = *state;
    ilonet_error_t err;
    const char *path = "/nonexistent-ilonet-dir/edges.csv";
    assert_int_equal(read_path(path, 0, 0, r, &err), ILONET_EIO);
    assert_int_equal(err.code, ILONET_EIO);
    assert_string_equal(err.file, path);
    assert_int_equal(err.line, 0);
    assert_int_equal(r->calls, 0);
}

static void test_read_stream_uses_given_name(void **state)
{
    rec_t *r = *state;
    FILE *fp = tmpfile();
    assert_non_null(fp);
    fputs("a,b\n1,\"x\n", fp);
    rewind(fp);
    ilonet_error_t err;
    ilonet_csv_options_t opts = {.delimiter = 0, .chunk_size = 3};
    ilonet_error_clear(&err);
    ilonet_status_t st = ilonet_csv_read_stream(fp, "memory.csv", &opts, collect_row, r, &err);
    fclose(fp);
    /* Rows carry the name, and so does the error for the unterminated quote. */
    assert_int_equal(st, ILONET_EDATA);
    assert_int_equal(r->nrows, 1);
    assert_string_equal(r->rows[0].path, "memory.csv");
    assert_string_equal(err.file, "memory.csv");
    assert_int_equal(err.line, 2);
}

/* ---- other encodings, converted while streaming ---------------------------------------------- */

/* Reads bytes in the given encoding at every chunk size (see replay_bytes). */
static ilonet_status_t replay_enc(const char *bytes, size_t len, ilonet_encoding_t enc, rec_t *r,
                                  ilonet_error_t *err)
{
    read_encoding = enc;
    return replay_bytes(bytes, len, 0, SIZE_MAX, r, err);
}

/* ASCII text as UTF-16 (each character followed or preceded by a NUL byte) into out; returns
 * the length. Only for ASCII: other characters are written out byte by byte in the tests. */
static size_t widen(const char *ascii, int big_endian, char *out)
{
    size_t n = 0;
    for (const char *p = ascii; *p; p++) {
        out[n++] = big_endian ? '\0' : *p;
        out[n++] = big_endian ? *p : '\0';
    }
    return n;
}

static void test_cp1252_converted_at_every_chunk_size(void **state)
{
    rec_t *r = *state;
    ilonet_error_t err;
    /* Windows-1252 (Microsoft's code page table, unicode.org MAPPINGS/VENDORS/MICSFT/WINDOWS/
     * CP1252.TXT): F3 = U+00F3 ó, E9 = U+00E9 é, FC = U+00FC ü, 80 = U+20AC €, 9C = U+0153 œ. */
    static const char in[] =
        "source;target\n"
        "Organizaci\xF3n Internacional del Trabajo;Soci\xE9t\xE9 G\xE9n\xE9rale\n"
        "\x80uro c\x9Cur;Z\xFCrich\n";
    assert_int_equal(replay_enc(in, sizeof in - 1, ILONET_ENCODING_CP1252, r, &err), ILONET_OK);
    assert_int_equal(r->nrows, 3);
    assert_int_equal(r->rows[0].delimiter, ';');
    expect_row(r, 1, 2, 1, 2, "Organizaci\xC3\xB3n Internacional del Trabajo",
               "Soci\xC3\xA9t\xC3\xA9 G\xC3\xA9n\xC3\xA9rale");
    expect_row(r, 2, 3, 2, 2, "\xE2\x82\xACuro c\xC5\x93ur", "Z\xC3\xBCrich");
}

static void test_latin1_converted(void **state)
{
    rec_t *r = *state;
    ilonet_error_t err;
    /* ISO-8859-1 maps every byte to the code point of the same value: E8 -> U+00E8,
     * 80 -> U+0080 (a C1 control, C2 80 in UTF-8; in cp1252 it would be the euro sign). */
    static const char in[] = "a,b\r\nGen\xE8ve,x\x80y\r\n";
    assert_int_equal(replay_enc(in, sizeof in - 1, ILONET_ENCODING_LATIN1, r, &err), ILONET_OK);
    assert_int_equal(r->nrows, 2);
    expect_row(r, 1, 2, 1, 2, "Gen\xC3\xA8ve", "x\xC2\x80y");
}

static void test_utf16_le_with_bom_converted(void **state)
{
    rec_t *r = *state;
    ilonet_error_t err;
    /* U+00E8 è is E8 00 in UTF-16LE; U+1F600 is the surrogate pair D83D DE00 (RFC 2781), bytes
     * 3D D8 00 DE, F0 9F 98 80 in UTF-8. One-byte chunks split both across reads. */
    static const char in[] = "\xFF\xFE"
                             "a\0,\0b\0\r\0\n\0"
                             "\xE8\0,\0\x3D\xD8\x00\xDE\r\0\n\0";
    assert_int_equal(replay_enc(in, sizeof in - 1, ILONET_ENCODING_UTF16, r, &err), ILONET_OK);
    assert_int_equal(r->nrows, 2);
    expect_row(r, 0, 1, 0, 2, "a", "b");
    expect_row(r, 1, 2, 1, 2, "\xC3\xA8", "\xF0\x9F\x98\x80");
}

static void test_utf16_be_with_bom_converted(void **state)
{
    rec_t *r = *state;
    ilonet_error_t err;
    static const char in[] = "\xFE\xFF"
                             "\0a\0,\0b\0\n"
                             "\0\xE8\0,\xD8\x3D\xDE\x00\0\n";
    assert_int_equal(replay_enc(in, sizeof in - 1, ILONET_ENCODING_UTF16, r, &err), ILONET_OK);
    assert_int_equal(r->nrows, 2);
    expect_row(r, 1, 2, 1, 2, "\xC3\xA8", "\xF0\x9F\x98\x80");
}

static void test_utf16_without_bom_byte_order_from_nul_bytes(void **state)
{
    rec_t *r = *state;
    ilonet_error_t err;
    char in[64];
    size_t n = widen("source,target\nA,B\n", 0, in);
    assert_int_equal(replay_enc(in, n, ILONET_ENCODING_UTF16, r, &err), ILONET_OK);
    assert_int_equal(r->nrows, 2);
    expect_row(r, 1, 2, 1, 2, "A", "B");
    n = widen("source,target\nA,B\n", 1, in);
    assert_int_equal(replay_enc(in, n, ILONET_ENCODING_UTF16, r, &err), ILONET_OK);
    assert_int_equal(r->nrows, 2);
    expect_row(r, 1, 2, 1, 2, "A", "B");
}

static void test_utf16_line_numbers_are_the_files(void **state)
{
    rec_t *r = *state;
    ilonet_error_t err;
    char in[128];
    /* A quoted field over lines 2-3, a blank line 4, then a quote opened on line 5. */
    size_t n = widen("a,b\n1,\"x\ny\"\n\n3,\"open\n4,5\n", 0, in);
    assert_int_equal(replay_enc(in, n, ILONET_ENCODING_UTF16, r, &err), ILONET_EDATA);
    assert_int_equal(err.line, 5);
    assert_non_null(strstr(err.message, "unterminated"));
    assert_int_equal(r->nrows, 2);
    expect_row(r, 1, 2, 1, 2, "1", "x\ny");
}

static void test_utf16_unpaired_surrogate_reports_its_line(void **state)
{
    rec_t *r = *state;
    ilonet_error_t err;
    char in[64];
    size_t n = widen("a,b\n1,2\nx,", 0, in);
    /* A low surrogate (DC00) with no high surrogate before it is not UTF-16. */
    memcpy(in + n, "\x00\xDC\n\0", 4);
    n += 4;
    assert_int_equal(replay_enc(in, n, ILONET_ENCODING_UTF16, r, &err), ILONET_EDATA);
    assert_int_equal(err.line, 3);
    assert_non_null(strstr(err.message, "invalid UTF-16"));
    assert_int_equal(r->nrows, 2);
}

static void test_utf16_odd_length_reports_truncated_character(void **state)
{
    rec_t *r = *state;
    ilonet_error_t err;
    char in[64];
    size_t n = widen("a,b\n1,2\n", 0, in);
    in[n++] = 'x'; /* half a character at the end */
    assert_int_equal(replay_enc(in, n, ILONET_ENCODING_UTF16, r, &err), ILONET_EDATA);
    assert_int_equal(err.line, 3);
    assert_non_null(strstr(err.message, "ends in the middle"));
}

static void test_utf16_option_refuses_a_file_that_is_not_utf16(void **state)
{
    rec_t *r = *state;
    ilonet_error_t err;
    assert_int_equal(replay_enc("a,b\n1,2\n", 8, ILONET_ENCODING_UTF16, r, &err), ILONET_EDATA);
    assert_int_equal(err.line, 1);
    assert_non_null(strstr(err.message, "does not look like UTF-16"));
    assert_int_equal(replay_enc("\xEF\xBB\xBF"
                                "a,b\n",
                                7, ILONET_ENCODING_UTF16, r, &err),
                     ILONET_EDATA);
    assert_non_null(strstr(err.message, "UTF-8 byte order mark"));
    assert_int_equal(r->nrows, 0);
}

static void test_cp1252_undefined_byte_reports_its_line(void **state)
{
    rec_t *r = *state;
    ilonet_error_t err;
    /* 0x81 is one of the five bytes Windows-1252 leaves undefined (81, 8D, 8F, 90, 9D). */
    static const char in[] = "a,b\nx,y\nz,\x81\n";
    assert_int_equal(replay_enc(in, sizeof in - 1, ILONET_ENCODING_CP1252, r, &err), ILONET_EDATA);
    assert_int_equal(err.line, 3);
    assert_non_null(strstr(err.message, "0x81"));
    assert_int_equal(r->nrows, 2);
}

static void test_cp1252_bad_byte_after_a_lone_cr_counts_the_line(void **state)
{
    rec_t *r = *state;
    ilonet_error_t err;
    /* Old Mac line ends: the CR before the bad byte ends line 1, so the byte is on line 2. */
    assert_int_equal(replay_enc("a,b\r\x9D", 5, ILONET_ENCODING_CP1252, r, &err), ILONET_EDATA);
    assert_int_equal(err.line, 2);
    assert_int_equal(replay_enc("a,b\r\nc,\x8D", 8, ILONET_ENCODING_CP1252, r, &err), ILONET_EDATA);
    assert_int_equal(err.line, 2);
}

static void test_cp1252_option_refuses_utf16_and_utf8_boms(void **state)
{
    rec_t *r = *state;
    ilonet_error_t err;
    assert_int_equal(replay_enc("\xFF\xFE"
                                "a\0\n\0",
                                6, ILONET_ENCODING_CP1252, r, &err),
                     ILONET_EDATA);
    assert_non_null(strstr(err.message, "--encoding utf-16"));
    assert_int_equal(replay_enc("\xEF\xBB\xBF"
                                "a,b\n",
                                7, ILONET_ENCODING_LATIN1, r, &err),
                     ILONET_EDATA);
    assert_non_null(strstr(err.message, "UTF-8 byte order mark"));
    assert_int_equal(err.line, 1);
}

static void test_default_names_the_encoding_option(void **state)
{
    rec_t *r = *state;
    ilonet_error_t err;
    char in[64];
    /* UTF-16 without a BOM: NUL in every other byte of the first line. */
    size_t n = widen("source,target\nA,B\n", 0, in);
    assert_int_equal(replay_bytes(in, n, 0, SIZE_MAX, r, &err), ILONET_EDATA);
    assert_int_equal(err.line, 1);
    assert_non_null(strstr(err.message, "UTF-16"));
    assert_non_null(strstr(err.message, "--encoding utf-16"));
    n = widen("source,target\n", 1, in);
    assert_int_equal(replay_bytes(in, n, 0, SIZE_MAX, r, &err), ILONET_EDATA);
    assert_non_null(strstr(err.message, "--encoding utf-16"));
    /* With a BOM, and for Latin-1 bytes. */
    assert_int_equal(replay_bytes("\xFF\xFE"
                                  "a\0\n\0",
                                  6, 0, SIZE_MAX, r, &err),
                     ILONET_EDATA);
    assert_non_null(strstr(err.message, "--encoding utf-16"));
    assert_int_equal(replay_text("a,b\nGen\xE8ve,x\n", 0, r, &err), ILONET_EDATA);
    assert_non_null(strstr(err.message, "--encoding cp1252"));
    /* A NUL byte in otherwise plain text is not called UTF-16. */
    static const char nul[] = "a,b\nxyz\0w,v\n";
    assert_int_equal(replay_bytes(nul, sizeof nul - 1, 0, SIZE_MAX, r, &err), ILONET_EDATA);
    assert_null(strstr(err.message, "UTF-16 (Excel"));
    assert_non_null(strstr(err.message, "NUL byte"));
}

static void test_encoding_names_parsed(void **state)
{
    (void)state;
    ilonet_encoding_t e = ILONET_ENCODING_UTF8;
    assert_int_equal(ilonet_encoding_parse("cp1252", &e), 0);
    assert_int_equal(e, ILONET_ENCODING_CP1252);
    assert_int_equal(ilonet_encoding_parse("Windows-1252", &e), 0);
    assert_int_equal(e, ILONET_ENCODING_CP1252);
    assert_int_equal(ilonet_encoding_parse("LATIN1", &e), 0);
    assert_int_equal(e, ILONET_ENCODING_LATIN1);
    assert_int_equal(ilonet_encoding_parse("iso-8859-1", &e), 0);
    assert_int_equal(e, ILONET_ENCODING_LATIN1);
    assert_int_equal(ilonet_encoding_parse("utf-16", &e), 0);
    assert_int_equal(e, ILONET_ENCODING_UTF16);
    assert_int_equal(ilonet_encoding_parse("UTF8", &e), 0);
    assert_int_equal(e, ILONET_ENCODING_UTF8);
    assert_int_equal(ilonet_encoding_parse("ebcdic", &e), -1);
    assert_int_equal(e, ILONET_ENCODING_UTF8);
    assert_string_equal(ilonet_encoding_name(ILONET_ENCODING_CP1252), "cp1252");
    assert_string_equal(ilonet_encoding_name(ILONET_ENCODING_UTF16), "utf-16");
}

static void test_directory_is_io_error(void **state)
{
    rec_t *r = *state;
    ilonet_error_t err;
    assert_int_equal(read_path("/tmp", 0, 0, r, &err), ILONET_EIO);
    assert_string_equal(err.file, "/tmp");
    assert_non_null(strstr(err.message, "directory"));
    assert_int_equal(r->calls, 0);
}

/* ---- ilonet_utf8_invalid_at ---------------------------------------------------------------- */

static size_t invalid_at(const char *s)
{
    return ilonet_utf8_invalid_at(s, strlen(s));
}

static void test_utf8_valid_sequences_accepted(void **state)
{
    (void)state;
    assert_int_equal(ilonet_utf8_invalid_at("", 0), 0);
    assert_int_equal(invalid_at("hello, world"), 12);
    assert_int_equal(invalid_at("\xC3\xA9"), 2);         /* U+00E9, 2 bytes */
    assert_int_equal(invalid_at("\xC2\x80"), 2);         /* U+0080, smallest 2-byte */
    assert_int_equal(invalid_at("\xE2\x82\xAC"), 3);     /* U+20AC, 3 bytes */
    assert_int_equal(invalid_at("\xE0\xA0\x80"), 3);     /* U+0800, smallest 3-byte */
    assert_int_equal(invalid_at("\xED\x9F\xBF"), 3);     /* U+D7FF, below surrogates */
    assert_int_equal(invalid_at("\xEE\x80\x80"), 3);     /* U+E000, above surrogates */
    assert_int_equal(invalid_at("\xF0\x9F\x98\x80"), 4); /* U+1F600, 4 bytes */
    assert_int_equal(invalid_at("\xF0\x90\x80\x80"), 4); /* U+10000, smallest 4-byte */
    assert_int_equal(invalid_at("\xF4\x8F\xBF\xBF"), 4); /* U+10FFFF, the largest */
    assert_int_equal(invalid_at("a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80z"), 11);
}

static void test_utf8_overlong_forms_rejected(void **state)
{
    (void)state;
    assert_int_equal(invalid_at("\xC0\x80"), 0);
    assert_int_equal(invalid_at("\xC1\xBF"), 0);
    assert_int_equal(invalid_at("ab\xC0\x80"), 2);
    assert_int_equal(invalid_at("\xE0\x80\x80"), 0);
    assert_int_equal(invalid_at("\xE0\x9F\xBF"), 0); /* U+07FF in 3 bytes */
    assert_int_equal(invalid_at("\xF0\x80\x80\x80"), 0);
    assert_int_equal(invalid_at("\xF0\x8F\xBF\xBF"), 0); /* U+FFFF in 4 bytes */
}

static void test_utf8_surrogates_rejected(void **state)
{
    (void)state;
    assert_int_equal(invalid_at("\xED\xA0\x80"), 0);  /* U+D800 */
    assert_int_equal(invalid_at("x\xED\xBF\xBF"), 1); /* U+DFFF */
}

static void test_utf8_above_max_code_point_rejected(void **state)
{
    (void)state;
    assert_int_equal(invalid_at("\xF4\x90\x80\x80"), 0); /* U+110000 */
    assert_int_equal(invalid_at("\xF5\x80\x80\x80"), 0);
    assert_int_equal(invalid_at("\xFF"), 0);
}

static void test_utf8_truncated_sequence_at_end_rejected(void **state)
{
    (void)state;
    assert_int_equal(invalid_at("a\xC3"), 1);
    assert_int_equal(invalid_at("ab\xE2\x82"), 2);
    assert_int_equal(invalid_at("\xF0\x9F\x98"), 0);
    /* The length bounds the check: a valid sequence cut by len is truncated. */
    assert_int_equal(ilonet_utf8_invalid_at("\xC3\xA9", 1), 0);
    assert_int_equal(ilonet_utf8_invalid_at("ok\xF0\x9F\x98\x80", 5), 2);
}

static void test_utf8_stray_and_bad_continuation_bytes_rejected(void **state)
{
    (void)state;
    assert_int_equal(invalid_at("\x80"), 0);
    assert_int_equal(invalid_at("abc\xBF"), 3);
    assert_int_equal(invalid_at("\xC3\x28"), 0); /* lead then ASCII */
    assert_int_equal(invalid_at("\xE2\x82\x28"), 0);
    assert_int_equal(invalid_at("Gen\xE9ve"), 3); /* Latin-1 */
}

static void test_utf8_nul_byte_rejected(void **state)
{
    (void)state;
    assert_int_equal(ilonet_utf8_invalid_at("a\0b", 3), 1);
    assert_int_equal(ilonet_utf8_invalid_at("\0", 1), 0);
}

/* ---- the reader against libcsv itself ----------------------------------------------------- */

/* What libcsv delivers for the whole input in one call (the reader's options and space rule),
 * as the reference for the reader, which splits quote-free lines itself. */
typedef struct {
    rec_t *rec;
    rec_row_t cur;
    int overflow;
} ref_t;

static int ref_space(unsigned char c)
{
    return c == ' ' || c == '\t';
}

static void ref_field(void *data, size_t len, void *ctx)
{
    ref_t *r = ctx;
    if (r->cur.nfields == MAX_FIELDS) {
        r->overflow = 1;
        return;
    }
    r->cur.fields[r->cur.nfields] = dup_bytes(data, len);
    r->cur.lengths[r->cur.nfields++] = len;
}

static void ref_row(int c, void *ctx)
{
    (void)c;
    ref_t *r = ctx;
    if (r->rec->nrows == MAX_ROWS) {
        r->overflow = 1;
    } else {
        r->rec->rows[r->rec->nrows++] = r->cur;
        memset(&r->cur, 0, sizeof r->cur);
        return;
    }
    for (size_t f = 0; f < r->cur.nfields; f++) {
        free(r->cur.fields[f]);
    }
    memset(&r->cur, 0, sizeof r->cur);
}

/* Random inputs built from fields with inner, leading and trailing spaces and tabs, empty
 * fields, quoted fields (valid, with a doubled quote, or spanning a line end), blank and
 * all-space lines, LF, CRLF and lone CR line ends (a CR inside an LF file ends a row) and a
 * last line with or without its line end: the reader gives libcsv's rows and fields. */
static void test_rows_match_libcsv_on_random_inputs(void **state)
{
    rec_t *got = *state;
    static const char *const tokens[] = {"a", "bc", " a",    "a ",          " a b\t", "\t",
                                         "",  "  ", "\"q\"", "\"q,\"\"r\"", "x y"};
    static const char *const ends[] = {"\n", "\n", "\n", "\r\n", "\r"};
    uint64_t x = 99;
    for (int round = 0; round < 400; round++) {
        char text[512];
        size_t n = 0;
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        size_t lines = 1 + (size_t)(x >> 60) % 6;
        int crlf = (x >> 40) % 3 == 0;
        for (size_t l = 0; l < lines; l++) {
            x = x * 6364136223846793005ULL + 1442695040888963407ULL;
            size_t fields = (size_t)(x >> 61) % 5;
            for (size_t f = 0; f < fields; f++) {
                x = x * 6364136223846793005ULL + 1442695040888963407ULL;
                const char *t = tokens[(x >> 33) % (sizeof tokens / sizeof *tokens)];
                if (f > 0) {
                    text[n++] = ',';
                }
                memcpy(text + n, t, strlen(t));
                n += strlen(t);
            }
            if (l + 1 < lines || (x >> 20) % 2 == 0) {
                const char *e = crlf ? "\r\n" : ends[(x >> 13) % (sizeof ends / sizeof *ends)];
                memcpy(text + n, e, strlen(e));
                n += strlen(e);
            }
        }
        text[n] = '\0';

        rec_t want;
        rec_init(&want);
        ref_t ref = {.rec = &want};
        struct csv_parser p;
        assert_int_equal(csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL), 0);
        csv_set_space_func(&p, ref_space);
        int ok = csv_parse(&p, text, n, ref_field, ref_row, &ref) == n &&
                 csv_fini(&p, ref_field, ref_row, &ref) == 0;
        csv_free(&p);
        for (size_t f = 0; f < ref.cur.nfields; f++) {
            free(ref.cur.fields[f]);
        }
        assert_false(ref.overflow);

        ilonet_error_t err;
        rec_free(got);
        rec_init(got);
        const char *path = temp_csv(0, text);
        ilonet_status_t st = read_path(path, ',', 0, got, &err);
        unlink(path);
        if (!ok) {
            assert_int_equal(st, ILONET_EDATA);
        } else {
            if (st != ILONET_OK) {
                fail_msg("round %d: %s", round, err.message);
            }
            assert_int_equal(got->nrows, want.nrows);
            for (size_t i = 0; i < want.nrows; i++) {
                assert_int_equal(got->rows[i].nfields, want.rows[i].nfields);
                for (size_t f = 0; f < want.rows[i].nfields; f++) {
                    assert_int_equal(got->rows[i].lengths[f], want.rows[i].lengths[f]);
                    assert_memory_equal(got->rows[i].fields[f], want.rows[i].fields[f],
                                        want.rows[i].lengths[f]);
                }
            }
        }
        for (size_t i = 0; i < want.nrows; i++) {
            for (size_t f = 0; f < want.rows[i].nfields; f++) {
                free(want.rows[i].fields[f]);
            }
        }
    }
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup_rec, teardown_rec)
    const struct CMUnitTest tests[] = {
        T(test_comma_delimiter_detected_from_header),
        T(test_rows_match_libcsv_on_random_inputs),
        T(test_semicolon_delimiter_detected_from_header),
        T(test_tab_delimiter_detected_from_header),
        T(test_detection_ignores_delimiters_inside_quotes),
        T(test_delimiter_detected_from_header_after_leading_blank_lines),
        T(test_explicit_delimiter_overrides_detection),
        T(test_explicit_tab_delimiter_overrides_detection),
        T(test_utf8_bom_is_stripped_from_first_header_field),
        T(test_utf8_bom_does_not_break_delimiter_detection),
        T(test_crlf_line_endings_leave_no_carriage_return),
        T(test_crlf_with_quoted_last_field),
        T(test_quoted_field_keeps_delimiter),
        T(test_doubled_quote_is_one_quote),
        T(test_quoted_newline_row_starts_on_its_first_line),
        T(test_quoted_field_starting_with_newline),
        T(test_blank_lines_skipped_but_counted),
        T(test_spaces_around_unquoted_fields_trimmed),
        T(test_empty_fields_are_kept),
        T(test_last_row_without_trailing_newline),
        T(test_last_row_quoted_without_trailing_newline),
        T(test_empty_file_gives_no_rows),
        T(test_long_field_across_many_chunks),
        T(test_invalid_utf8_reports_its_line),
        T(test_invalid_utf8_inside_quoted_newline_reports_physical_line),
        T(test_nul_byte_reports_its_line),
        T(test_utf16_le_file_refused),
        T(test_utf16_be_file_refused),
        T(test_unterminated_quote_reports_line_where_row_starts),
        T(test_malformed_quote_in_unquoted_field_refused),
        T(test_text_after_closing_quote_refused),
        T(test_callback_error_stops_reading_and_is_returned),
        T(test_callback_error_on_unterminated_last_row_is_returned),
        T(test_missing_file_is_io_error_naming_path),
        T(test_read_stream_uses_given_name),
        T(test_cp1252_converted_at_every_chunk_size),
        T(test_latin1_converted),
        T(test_utf16_le_with_bom_converted),
        T(test_utf16_be_with_bom_converted),
        T(test_utf16_without_bom_byte_order_from_nul_bytes),
        T(test_utf16_line_numbers_are_the_files),
        T(test_utf16_unpaired_surrogate_reports_its_line),
        T(test_utf16_odd_length_reports_truncated_character),
        T(test_utf16_option_refuses_a_file_that_is_not_utf16),
        T(test_cp1252_undefined_byte_reports_its_line),
        T(test_cp1252_bad_byte_after_a_lone_cr_counts_the_line),
        T(test_cp1252_option_refuses_utf16_and_utf8_boms),
        T(test_default_names_the_encoding_option),
        T(test_encoding_names_parsed),
        T(test_directory_is_io_error),
        T(test_utf8_valid_sequences_accepted),
        T(test_utf8_overlong_forms_rejected),
        T(test_utf8_surrogates_rejected),
        T(test_utf8_above_max_code_point_rejected),
        T(test_utf8_truncated_sequence_at_end_rejected),
        T(test_utf8_stray_and_bad_continuation_bytes_rejected),
        T(test_utf8_nul_byte_rejected),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
