/* Maps CSV columns to node and edge fields and validates every value, row by row. */
#define _POSIX_C_SOURCE 200809L /* stat */
#include "ilonet/load.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

enum role {
    ROLE_CARRY,
    ROLE_IGNORE,
    ROLE_SOURCE,
    ROLE_TARGET,
    ROLE_WEIGHT,
    ROLE_TYPE,
    ROLE_YEAR,
    ROLE_ID
};

/* Rows are queued and handled BATCH at a time, in file order, so that the hash-table slots and
 * arena entries that a row's names will touch can be fetched PREFETCH_AHEAD rows before the row
 * is handled: looking a name up is two dependent cache misses, and overlapping those of several
 * rows is what makes loading run near memory speed. An edge row is handled in two steps: read
 * (names looked up, values checked), then, PREFETCH_AHEAD rows later, added, so that the record
 * table's slot it will probe is fetched in between. Nothing else changes: rows are read and added
 * in file order, and the first failing row (in file order) is the one reported. */
#define BATCH 256
#define BATCH_BYTES (1 << 20) /* or fewer rows, so that long rows keep memory bounded */
#define PREFETCH_AHEAD 16
#define ROW_HASHES 4 /* names prefetched per row */

typedef struct {
    size_t line, index, nfields;
    size_t field0; /* its first field in the batch's field arrays */
    size_t nhash;
    uint64_t hash[ROW_HASHES];
    const ilonet_strtab_t *table[ROW_HASHES];
    /* An edge row once read (edge_read): what ilonet_network_add_row is given, its carried
     * values at row_attr[slot * n_edge_cols]. add = 0 for rows that add nothing. */
    int add;
    size_t src, dst, type;
    int year;
    double weight;
} queued_row_t;

typedef struct {
    queued_row_t rows[BATCH];
    size_t n;
    const char *path;
    char delimiter;
    char *bytes; /* the fields, NUL-terminated, back to back */
    size_t blen, bcap;
    size_t *foff, *flen; /* per field: offset in bytes, length */
    size_t nf, nfcap;
    char **fptr; /* scratch: one row's field pointers */
    size_t fptr_cap;
} batch_t;

typedef struct {
    ilonet_network_t *net;
    const ilonet_load_options_t *opts;
    int nodes_file;
    size_t file_size; /* 0 = unknown (standard input) */
    int sized;        /* the id table or the records were sized from the first rows */
    batch_t batch;
    enum role *roles;
    size_t *carry_index; /* column -> carried column index */
    size_t *row_attr;    /* the queued edge rows' carried values, n_edge_cols per row */
    size_t ncols;
    size_t col_source, col_target, col_weight, col_type, col_year, col_id;
    const char *weight_name;
} loader_t;

void ilonet_load_options_default(ilonet_load_options_t *opts)
{
    memset(opts, 0, sizeof *opts);
}

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

static int row_is_blank(const ilonet_csv_row_t *row)
{
    for (size_t i = 0; i < row->nfields; i++) {
        const char *s = row->fields[i];
        size_t n = row->lengths[i];
        trim(&s, &n);
        if (n > 0) {
            return 0;
        }
    }
    return 1;
}

/* s (n bytes) as an error message may show it: at most max bytes, cut at a character boundary
 * and marked "...", with line breaks, tabs and other control characters written \n, \r, \t or
 * ? so that the message stays on one line. out needs 2 * max + 4 bytes. */
static const char *shown(const char *s, size_t n, size_t max, char *out)
{
    size_t cut = n;
    if (cut > max) {
        cut = max;
        while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80) {
            cut--;
        }
    }
    size_t o = 0;
    for (size_t i = 0; i < cut; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\n' || c == '\r' || c == '\t') {
            out[o++] = '\\';
            out[o++] = c == '\n' ? 'n' : c == '\r' ? 'r' : 't';
        } else {
            out[o++] = c < 0x20 || c == 0x7F ? '?' : (char)c;
        }
    }
    if (cut < n) {
        memcpy(out + o, "...", 3);
        o += 3;
    }
    out[o] = '\0';
    return out;
}

static char *dup_trimmed(const char *s, size_t n)
{
    trim(&s, &n);
    char *d = malloc(n + 1);
    if (d != NULL) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

static int name_is(const char *field, size_t len, const char *name)
{
    trim(&field, &len);
    return strlen(name) == len && strncasecmp(field, name, len) == 0;
}

/* Refuses a header naming a column twice (case and edge spaces ignored). A hash of the
 * lower-case names keeps a header of a million columns linear. */
static ilonet_status_t check_duplicate_columns(const ilonet_csv_row_t *row, ilonet_error_t *err)
{
    ilonet_strtab_t seen;
    char *lower = NULL;
    size_t cap = 0;
    ilonet_status_t st = ilonet_strtab_init(&seen, row->nfields, err);
    for (size_t i = 0; st == ILONET_OK && i < row->nfields; i++) {
        const char *t = row->fields[i];
        size_t tn = row->lengths[i];
        trim(&t, &tn);
        if (tn == 0) {
            continue; /* unnamed columns are ignored, however many */
        }
        if (tn > cap) {
            char *b = realloc(lower, tn);
            if (b == NULL) {
                st = ilonet_error_nomem(err);
                break;
            }
            lower = b;
            cap = tn;
        }
        for (size_t j = 0; j < tn; j++) {
            lower[j] = (char)tolower((unsigned char)t[j]);
        }
        size_t k;
        int added = 0;
        st = ilonet_strtab_intern(&seen, lower, tn, &k, &added, err);
        if (st == ILONET_OK && !added) {
            char sb[84];
            st =
                ilonet_error_set(err, ILONET_EDATA, row->path, row->line,
                                 "column \"%s\" appears twice in the header", shown(t, tn, 40, sb));
        }
    }
    free(lower);
    ilonet_strtab_destroy(&seen);
    return st;
}

static int has_year_bounds(const ilonet_load_options_t *o)
{
    return o->year_from != ILONET_NO_BOUND || o->year_to != ILONET_NO_BOUND;
}

/* Whether a row dated year (ILONET_NO_YEAR when undated) is within the options' bounds. */
static int year_kept(const ilonet_load_options_t *o, int year)
{
    if (!has_year_bounds(o)) {
        return 1;
    }
    if (year == ILONET_NO_YEAR) {
        return 0;
    }
    return (o->year_from == ILONET_NO_BOUND || year >= o->year_from) &&
           (o->year_to == ILONET_NO_BOUND || year <= o->year_to);
}

/* Checks the header, gives each column a role and copies carried column names. */
static ilonet_status_t map_header(loader_t *L, const ilonet_csv_row_t *row, int nodes_file,
                                  char ***carry_names, size_t *n_carry, ilonet_error_t *err)
{
    ilonet_status_t st = check_duplicate_columns(row, err);
    if (st != ILONET_OK) {
        return st;
    }
    L->ncols = row->nfields;
    L->roles = calloc(row->nfields, sizeof *L->roles);
    L->carry_index = calloc(row->nfields, sizeof *L->carry_index);
    *carry_names = calloc(row->nfields, sizeof **carry_names);
    if (L->roles == NULL || L->carry_index == NULL || *carry_names == NULL) {
        return ilonet_error_nomem(err);
    }
    L->col_source = L->col_target = L->col_weight = L->col_type = L->col_year = L->col_id =
        ILONET_NONE;
    const ilonet_load_options_t *o = L->opts;
    const char *src = o->source_col ? o->source_col : "source";
    const char *dst = o->target_col ? o->target_col : "target";
    const char *wgt = o->weight_col ? o->weight_col : "weight";
    const char *typ = o->type_col ? o->type_col : "type";
    const char *yr = o->year_col ? o->year_col : "year";
    const char *id = o->id_col ? o->id_col : "id";
    L->weight_name = wgt;

    for (size_t i = 0; i < row->nfields; i++) {
        const char *f = row->fields[i];
        size_t n = row->lengths[i];
        const char *t = f;
        size_t tn = n;
        trim(&t, &tn);
        size_t *slot = NULL;
        enum role r = ROLE_CARRY;
        if (nodes_file && name_is(f, n, id)) {
            slot = &L->col_id, r = ROLE_ID;
        } else if (!nodes_file && name_is(f, n, src)) {
            slot = &L->col_source, r = ROLE_SOURCE;
        } else if (!nodes_file && name_is(f, n, dst)) {
            slot = &L->col_target, r = ROLE_TARGET;
        } else if (!nodes_file && name_is(f, n, wgt)) {
            slot = &L->col_weight, r = ROLE_WEIGHT;
        } else if (!nodes_file && name_is(f, n, typ)) {
            slot = &L->col_type, r = ROLE_TYPE;
        } else if (!nodes_file && name_is(f, n, yr)) {
            slot = &L->col_year, r = ROLE_YEAR;
        }
        if (slot != NULL) {
            *slot = i;
            L->roles[i] = r;
            continue;
        }
        if (tn == 0) {
            /* Excel adds unnamed empty columns after a trailing delimiter: nothing to carry. */
            L->roles[i] = ROLE_IGNORE;
            continue;
        }
        L->roles[i] = ROLE_CARRY;
        L->carry_index[i] = *n_carry;
        (*carry_names)[*n_carry] = dup_trimmed(f, n);
        if ((*carry_names)[*n_carry] == NULL) {
            return ilonet_error_nomem(err);
        }
        (*n_carry)++;
    }

    char found[256];
    size_t used = 0;
    found[0] = '\0';
    for (size_t i = 0; i < row->nfields && used + 1 < sizeof found; i++) {
        char sb[84];
        int w = snprintf(found + used, sizeof found - used, "%s%s", i ? ", " : "",
                         shown(row->fields[i], row->lengths[i], 40, sb));
        if (w < 0) {
            break;
        }
        used += (size_t)w < sizeof found - used ? (size_t)w : sizeof found - used - 1;
    }
    if (nodes_file && L->col_id == ILONET_NONE) {
        return ilonet_error_set(err, ILONET_EDATA, row->path, row->line,
                                "no \"%s\" column in the header (found: %s)", id, found);
    }
    if (!nodes_file && L->col_source == ILONET_NONE) {
        return ilonet_error_set(err, ILONET_EDATA, row->path, row->line,
                                "no \"%s\" column in the header (found: %s); name it with "
                                "--source-col",
                                src, found);
    }
    if (!nodes_file && L->col_target == ILONET_NONE) {
        return ilonet_error_set(err, ILONET_EDATA, row->path, row->line,
                                "no \"%s\" column in the header (found: %s); name it with "
                                "--target-col",
                                dst, found);
    }
    if (!nodes_file && o->weight_col != NULL && L->col_weight == ILONET_NONE) {
        return ilonet_error_set(err, ILONET_EDATA, row->path, row->line,
                                "no \"%s\" column in the header (found: %s)", wgt, found);
    }
    if (!nodes_file && has_year_bounds(o) && L->col_year == ILONET_NONE) {
        return ilonet_error_set(err, ILONET_EDATA, row->path, row->line,
                                "--from/--to need a \"%s\" column (found: %s)", yr, found);
    }
    return ILONET_OK;
}

static ilonet_status_t check_field_count(const ilonet_csv_row_t *row, size_t ncols,
                                         ilonet_error_t *err)
{
    if (row->nfields == ncols) {
        return ILONET_OK;
    }
    return ilonet_error_set(err, ILONET_EDATA, row->path, row->line,
                            "%zu field%s but the header has %zu columns (delimiter is '%s')",
                            row->nfields, row->nfields == 1 ? "" : "s", ncols,
                            row->delimiter == '\t' ? "TAB" : (row->delimiter == ';' ? ";" : ","));
}

/* Strict decimal: digits, one point, optional exponent; no hex, inf or nan. */
static int parse_number(const char *s, size_t n, double *out)
{
    trim(&s, &n);
    if (n == 0 || n > 64) {
        return 0;
    }
    /* Whole numbers of up to 15 digits are exact in a double: strtod would give the same value,
     * at many times the cost. */
    if (n <= 15) {
        uint64_t whole = 0;
        size_t i = 0;
        while (i < n && s[i] >= '0' && s[i] <= '9') {
            whole = whole * 10 + (uint64_t)(s[i++] - '0');
        }
        if (i == n) {
            *out = (double)whole;
            return 1;
        }
    }
    char buf[65];
    for (size_t i = 0; i < n; i++) {
        if (!isdigit((unsigned char)s[i]) && strchr("+-.eE", s[i]) == NULL) {
            return 0;
        }
        buf[i] = s[i];
    }
    buf[n] = '\0';
    char *end = NULL;
    errno = 0;
    double v = strtod(buf, &end);
    if (end != buf + n || end == buf) {
        return 0;
    }
    *out = v;
    return 1;
}

/* The row's weight: a finite number > 0, with '.' as the decimal point, or ',' under
 * --decimal-comma. */
static ilonet_status_t parse_weight(const loader_t *L, const ilonet_csv_row_t *row, double *out,
                                    ilonet_error_t *err)
{
    const char *w = row->fields[L->col_weight];
    size_t n = row->lengths[L->col_weight];
    const char *t = w;
    size_t tn = n;
    trim(&t, &tn);
    if (tn == 0) {
        return ilonet_error_set(err, ILONET_EDATA, row->path, row->line,
                                "%s is empty (expected a number > 0)", L->weight_name);
    }
    char ws[84];
    shown(t, tn, 40, ws);
    double v;
    int ok;
    if (L->opts->decimal_comma) {
        /* "1.234,5" would read as 1.2345 if the dot passed: refuse it rather than guess */
        if (memchr(t, '.', tn) != NULL) {
            return ilonet_error_set(err, ILONET_EDATA, row->path, row->line,
                                    "%s \"%s\" has a '.': with --decimal-comma the comma is "
                                    "the decimal point and thousands separators are not allowed "
                                    "(write 1234,5)",
                                    L->weight_name, ws);
        }
        char buf[65];
        ok = tn <= 64;
        for (size_t i = 0; ok && i < tn; i++) {
            buf[i] = t[i] == ',' ? '.' : t[i];
        }
        ok = ok && parse_number(buf, tn, &v);
    } else {
        ok = parse_number(t, tn, &v);
    }
    if (!ok) {
        const char *hint = L->opts->decimal_comma       ? " (--decimal-comma: write 12,5)"
                           : memchr(t, ',', tn) != NULL ? "; use . as the decimal point or "
                                                          "--decimal-comma"
                                                        : "";
        return ilonet_error_set(err, ILONET_EDATA, row->path, row->line,
                                "%s \"%s\" is not a number%s", L->weight_name, ws, hint);
    }
    if (!isfinite(v) || !(v > 0)) {
        return ilonet_error_set(err, ILONET_EDATA, row->path, row->line,
                                "%s \"%s\" must be finite and greater than 0", L->weight_name, ws);
    }
    *out = v;
    return ILONET_OK;
}

/* Stores the row's carried columns as interned values into dest (one slot per carried column). */
static ilonet_status_t store_carried(const loader_t *L, const ilonet_csv_row_t *row, size_t *dest,
                                     ilonet_error_t *err)
{
    for (size_t i = 0; i < row->nfields; i++) {
        if (L->roles[i] != ROLE_CARRY) {
            continue;
        }
        const char *v = row->fields[i];
        size_t vn = row->lengths[i];
        trim(&v, &vn);
        ilonet_status_t st =
            ilonet_strtab_intern(&L->net->values, v, vn, &dest[L->carry_index[i]], NULL, err);
        if (st != ILONET_OK) {
            return st;
        }
    }
    return ILONET_OK;
}

static ilonet_status_t node_row(void *ctx, const ilonet_csv_row_t *row, ilonet_error_t *err)
{
    loader_t *L = ctx;
    ilonet_network_t *net = L->net;
    if (row->index == 0) {
        ilonet_status_t st = map_header(L, row, 1, &net->node_cols, &net->n_node_cols, err);
        if (st != ILONET_OK) {
            return st;
        }
        for (size_t c = 0; c < net->n_node_cols; c++) {
            if (strcasecmp(net->node_cols[c], "label") == 0) {
                net->label_col = c;
            } else if (strcasecmp(net->node_cols[c], "kind") == 0) {
                net->kind_col = c;
            }
        }
        return ILONET_OK;
    }
    if (row_is_blank(row)) {
        net->blank_rows_skipped++;
        return ILONET_OK;
    }
    ilonet_status_t st = check_field_count(row, L->ncols, err);
    if (st != ILONET_OK) {
        return st;
    }
    const char *id = row->fields[L->col_id];
    size_t idn = row->lengths[L->col_id];
    trim(&id, &idn);
    if (idn == 0) {
        return ilonet_error_set(err, ILONET_EDATA, row->path, row->line, "empty id");
    }
    const char *given = id;
    size_t given_n = idn;
    int aliased = ilonet_aliases_apply(L->opts->aliases, &id, &idn);
    if (aliased) {
        L->opts->aliases->rows_rewritten++;
    }
    size_t index;
    int added;
    st = ilonet_network_add_node(net, id, idn, &index, &added, err);
    if (st != ILONET_OK) {
        return st;
    }
    if (!added) {
        char a1[404], a2[404];
        shown(id, idn, 200, a1);
        if (aliased) {
            return ilonet_error_set(err, ILONET_EDATA, row->path, row->line,
                                    "duplicate id \"%s\" (first defined at line %zu; \"%s\" is "
                                    "an alias of it): list each node once, under its id",
                                    a1, net->node_line[index], shown(given, given_n, 200, a2));
        }
        return ilonet_error_set(err, ILONET_EDATA, row->path, row->line,
                                "duplicate id \"%s\" (first defined at line %zu)", a1,
                                net->node_line[index]);
    }
    net->node_line[index] = row->line;
    net->n_declared++;
    if (net->n_node_cols == 0) {
        return ILONET_OK; /* nothing to carry, and node_attr may still be NULL */
    }
    return store_carried(L, row, &net->node_attr[index * net->n_node_cols], err);
}

/* Finds or adds the node named in column col; *aliased is set when an alias was replaced. For
 * a row the year bounds skip (keep = 0) the name is only checked: no node is added, no alias
 * use counted, and *index is ILONET_NONE unless --strict looked it up. */
static ilonet_status_t endpoint(loader_t *L, const ilonet_csv_row_t *row, size_t col,
                                const char *what, int keep, size_t *index, int *aliased,
                                ilonet_error_t *err)
{
    ilonet_network_t *net = L->net;
    const char *s = row->fields[col];
    size_t n = row->lengths[col];
    trim(&s, &n);
    *index = ILONET_NONE;
    if (n == 0) {
        return ilonet_error_set(err, ILONET_EDATA, row->path, row->line, "empty %s", what);
    }
    const char *given = s;
    size_t given_n = n;
    if (keep) {
        if (ilonet_aliases_apply(L->opts->aliases, &s, &n)) {
            *aliased = 1;
        }
    } else if (L->opts->aliases != NULL) {
        size_t a = ilonet_aliases_find(L->opts->aliases, s, n);
        if (a != ILONET_NONE) {
            s = ilonet_aliases_target(L->opts->aliases, a);
            n = strlen(s);
        }
    }
    int added = 0;
    if (L->opts->strict && net->has_nodes_file) {
        *index = ilonet_strtab_find(&net->ids, s, n);
        if (*index == ILONET_STRTAB_NONE) {
            char a1[404], a2[404];
            shown(given, given_n, 200, a1);
            if (s != given) {
                return ilonet_error_set(err, ILONET_EDATA, row->path, row->line,
                                        "%s \"%s\" (alias of \"%s\") is not in the nodes file "
                                        "(--strict)",
                                        what, a1, shown(s, n, 200, a2));
            }
            return ilonet_error_set(err, ILONET_EDATA, row->path, row->line,
                                    "%s \"%s\" is not in the nodes file (--strict)", what, a1);
        }
        return ILONET_OK;
    }
    if (!keep) {
        return ILONET_OK;
    }
    ilonet_status_t st = ilonet_network_add_node(net, s, n, index, &added, err);
    if (st == ILONET_OK && added && net->has_nodes_file) {
        net->nodes_added_from_edges++;
    }
    return st;
}

/* The row's year: ILONET_NO_YEAR when the file has no year column or the field is empty, else
 * a whole number from ILONET_YEAR_MIN to ILONET_YEAR_MAX. */
static ilonet_status_t parse_year(const loader_t *L, const ilonet_csv_row_t *row, int *out,
                                  ilonet_error_t *err)
{
    *out = ILONET_NO_YEAR;
    if (L->col_year == ILONET_NONE) {
        return ILONET_OK;
    }
    const char *y = row->fields[L->col_year];
    size_t yn = row->lengths[L->col_year];
    trim(&y, &yn);
    if (yn == 0) {
        return ILONET_OK;
    }
    int ok = yn <= 6;
    long v = 0;
    for (size_t i = 0; ok && i < yn; i++) {
        ok = isdigit((unsigned char)y[i]) || (i == 0 && y[i] == '-' && yn > 1);
        if (ok && y[i] != '-') {
            v = v * 10 + (y[i] - '0');
        }
    }
    char ys[84];
    if (!ok) {
        return ilonet_error_set(err, ILONET_EDATA, row->path, row->line,
                                "year \"%s\" is not a whole number", shown(y, yn, 40, ys));
    }
    v = y[0] == '-' ? -v : v;
    if (v < ILONET_YEAR_MIN || v > ILONET_YEAR_MAX) {
        return ilonet_error_set(err, ILONET_EDATA, row->path, row->line,
                                "year \"%s\" is not a four-digit year (%d to %d)",
                                shown(y, yn, 40, ys), ILONET_YEAR_MIN, ILONET_YEAR_MAX);
    }
    *out = (int)v;
    return ILONET_OK;
}

/* The header of an edge file. */
static ilonet_status_t edge_header(loader_t *L, const ilonet_csv_row_t *row, ilonet_error_t *err)
{
    ilonet_network_t *net = L->net;
    ilonet_status_t st = map_header(L, row, 0, &net->edge_cols, &net->n_edge_cols, err);
    net->has_weight = L->col_weight != ILONET_NONE;
    net->has_type = L->col_type != ILONET_NONE;
    net->has_year = L->col_year != ILONET_NONE;
    if (st == ILONET_OK) {
        L->row_attr =
            malloc(BATCH * (net->n_edge_cols ? net->n_edge_cols : 1) * sizeof *L->row_attr);
        if (L->row_attr == NULL) {
            st = ilonet_error_nomem(err);
        }
    }
    return st;
}

/* Reads edge row row (queued at slot) into q: its endpoints found or added as nodes, every value
 * checked; q->add says whether it is a row to add (edge_add). */
static ilonet_status_t edge_read(loader_t *L, const ilonet_csv_row_t *row, queued_row_t *q,
                                 size_t slot, ilonet_error_t *err)
{
    ilonet_network_t *net = L->net;
    ilonet_status_t st;
    q->add = 0;
    if (row_is_blank(row)) {
        net->blank_rows_skipped++;
        return ILONET_OK;
    }
    st = check_field_count(row, L->ncols, err);
    if (st != ILONET_OK) {
        return st;
    }
    /* the year first, since it decides whether the endpoints become nodes */
    int year;
    st = parse_year(L, row, &year, err);
    if (st != ILONET_OK) {
        return st;
    }
    int keep = year_kept(L->opts, year);
    size_t src, dst;
    int aliased = 0;
    st = endpoint(L, row, L->col_source, "source", keep, &src, &aliased, err);
    if (st == ILONET_OK) {
        st = endpoint(L, row, L->col_target, "target", keep, &dst, &aliased, err);
    }
    if (st != ILONET_OK) {
        return st;
    }
    if (aliased) {
        L->opts->aliases->rows_rewritten++;
    }
    double weight = 1.0;
    if (L->col_weight != ILONET_NONE) {
        st = parse_weight(L, row, &weight, err);
        if (st != ILONET_OK) {
            return st;
        }
    }
    if (!keep) {
        if (year == ILONET_NO_YEAR) {
            net->rows_undated_skipped++;
        } else {
            net->rows_outside_years++;
        }
        return ILONET_OK;
    }
    size_t type = ILONET_NONE;
    if (L->col_type != ILONET_NONE) {
        const char *t = row->fields[L->col_type];
        size_t tn = row->lengths[L->col_type];
        trim(&t, &tn);
        if (tn > 0) {
            st = ilonet_strtab_intern(&net->values, t, tn, &type, NULL, err);
            if (st != ILONET_OK) {
                return st;
            }
        }
    }
    size_t *attr = &L->row_attr[slot * net->n_edge_cols];
    st = store_carried(L, row, attr, err);
    if (st != ILONET_OK) {
        return st;
    }
    q->add = 1;
    q->src = src;
    q->dst = dst;
    q->type = type;
    q->year = year;
    q->weight = weight;
    ilonet_network_prefetch_row(net, src, dst, type, year, attr);
    return ILONET_OK;
}

/* Adds the edge row edge_read read into q (queued at slot). */
static ilonet_status_t edge_add(loader_t *L, const queued_row_t *q, size_t slot,
                                ilonet_error_t *err)
{
    if (!q->add) {
        return ILONET_OK;
    }
    return ilonet_network_add_row(L->net, q->src, q->dst, q->weight, q->type, q->year, q->line,
                                  &L->row_attr[slot * L->net->n_edge_cols], err);
}

/* Under year bounds: removes the nodes no edge row touches (only nodes-file nodes can be such,
 * since skipped rows add none), keeping the others in their order and renumbering the rows'
 * endpoints. The new id table is complete before anything moves, so a failure leaves the
 * network as it was. O(nodes + rows). */
static ilonet_status_t drop_untouched_nodes(ilonet_network_t *net, ilonet_error_t *err)
{
    size_t n = ilonet_network_node_count(net);
    size_t *map = malloc((n ? n : 1) * sizeof *map);
    ilonet_strtab_t ids;
    memset(&ids, 0, sizeof ids);
    if (map == NULL) {
        return ilonet_error_nomem(err);
    }
    for (size_t i = 0; i < n; i++) {
        map[i] = ILONET_NONE;
    }
    for (size_t r = 0; r < net->n_rows; r++) {
        map[net->row_src[r]] = 0;
        map[net->row_dst[r]] = 0;
    }
    size_t kept = 0;
    for (size_t i = 0; i < n; i++) {
        kept += map[i] != ILONET_NONE;
    }
    ilonet_status_t st = ILONET_OK;
    if (kept == n) {
        goto done;
    }
    st = ilonet_strtab_init(&ids, kept, err);
    for (size_t i = 0; st == ILONET_OK && i < n; i++) {
        if (map[i] != ILONET_NONE) {
            st = ilonet_strtab_intern(&ids, ilonet_strtab_get(&net->ids, i), net->ids.lengths[i],
                                      &map[i], NULL, err);
        }
    }
    if (st != ILONET_OK) {
        goto done;
    }
    size_t cols = net->n_node_cols;
    for (size_t i = 0; i < n; i++) {
        size_t k = map[i];
        if (k == ILONET_NONE) {
            net->n_declared -= net->node_line[i] > 0;
            net->nodes_outside_years++;
            continue;
        }
        /* k <= i: moving rows down in place never overwrites one still to be read */
        if (cols > 0) {
            memmove(&net->node_attr[k * cols], &net->node_attr[i * cols],
                    cols * sizeof *net->node_attr);
        }
        net->node_line[k] = net->node_line[i];
    }
    for (size_t r = 0; r < net->n_rows; r++) {
        net->row_src[r] = map[net->row_src[r]];
        net->row_dst[r] = map[net->row_dst[r]];
    }
    ilonet_strtab_destroy(&net->ids);
    net->ids = ids;
    memset(&ids, 0, sizeof ids);

done:
    ilonet_strtab_destroy(&ids);
    free(map);
    return st;
}

/* ---- the row queue (see BATCH) ----------------------------------------------------------- */

static void batch_free(batch_t *b)
{
    free(b->bytes);
    free(b->foff);
    free(b->flen);
    free(b->fptr);
}

/* Copies row into the queue. */
static ilonet_status_t batch_add(batch_t *b, const ilonet_csv_row_t *row, ilonet_error_t *err)
{
    size_t bytes = 0;
    for (size_t i = 0; i < row->nfields; i++) {
        bytes += row->lengths[i] + 1;
    }
    if (b->blen + bytes > b->bcap) {
        size_t cap = b->bcap ? b->bcap : 65536;
        while (cap < b->blen + bytes) {
            cap *= 2;
        }
        char *p = realloc(b->bytes, cap);
        if (p == NULL) {
            return ilonet_error_nomem(err);
        }
        b->bytes = p;
        b->bcap = cap;
    }
    if (b->nf + row->nfields > b->nfcap) {
        size_t cap = b->nfcap ? b->nfcap : 1024;
        while (cap < b->nf + row->nfields) {
            cap *= 2;
        }
        size_t *o = realloc(b->foff, cap * sizeof *o);
        if (o == NULL) {
            return ilonet_error_nomem(err);
        }
        b->foff = o;
        size_t *l = realloc(b->flen, cap * sizeof *l);
        if (l == NULL) {
            return ilonet_error_nomem(err);
        }
        b->flen = l;
        b->nfcap = cap;
    }
    queued_row_t *q = &b->rows[b->n++];
    q->line = row->line;
    q->index = row->index;
    q->nfields = row->nfields;
    q->field0 = b->nf;
    q->nhash = 0;
    b->path = row->path;
    b->delimiter = row->delimiter;
    for (size_t i = 0; i < row->nfields; i++) {
        size_t n = row->lengths[i];
        memcpy(b->bytes + b->blen, row->fields[i], n + 1);
        b->foff[b->nf] = b->blen;
        b->flen[b->nf++] = n;
        b->blen += n + 1;
    }
    return ILONET_OK;
}

/* Notes the hash of field col of queued row q (trimmed), looked up in table. */
static void note_name(const batch_t *b, queued_row_t *q, size_t col, const ilonet_strtab_t *table)
{
    if (col >= q->nfields || q->nhash == ROW_HASHES) {
        return;
    }
    const char *s = b->bytes + b->foff[q->field0 + col];
    size_t n = b->flen[q->field0 + col];
    trim(&s, &n);
    q->table[q->nhash] = table;
    q->hash[q->nhash++] = ilonet_strtab_hash(s, n);
}

/* Works out which names queued row q will look up and starts fetching their slots. */
static void prefetch_row(const loader_t *L, queued_row_t *q)
{
    const batch_t *b = &L->batch;
    const ilonet_network_t *net = L->net;
    q->nhash = 0;
    if (L->nodes_file) {
        note_name(b, q, L->col_id, &net->ids);
        for (size_t i = 0; i < L->ncols && i < q->nfields; i++) {
            if (L->roles[i] == ROLE_CARRY) {
                note_name(b, q, i, &net->values);
            }
        }
    } else {
        note_name(b, q, L->col_source, &net->ids);
        note_name(b, q, L->col_target, &net->ids);
    }
    for (size_t h = 0; h < q->nhash; h++) {
        ilonet_strtab_prefetch(q->table[h], q->hash[h], 0);
    }
}

/* Handles the queued rows in order, PREFETCH_AHEAD rows behind the prefetching. After a failing
 * row the rest are dropped: reading stops there. */
static ilonet_status_t batch_run(loader_t *L, ilonet_error_t *err)
{
    batch_t *b = &L->batch;
    size_t n = b->n;
    ilonet_status_t st = ILONET_OK;
    size_t widest = 0;
    for (size_t i = 0; i < n; i++) {
        widest = b->rows[i].nfields > widest ? b->rows[i].nfields : widest;
    }
    /* Every row of a nodes file names a new node: the first rows' length tells about how many
     * the file holds, so the id table is sized once instead of doubling its way there. */
    if (L->nodes_file && !L->sized && n > 0 && L->file_size > 0) {
        size_t id_bytes = 0;
        for (size_t i = 0; i < n; i++) {
            const queued_row_t *q = &b->rows[i];
            id_bytes += L->col_id < q->nfields ? b->flen[q->field0 + L->col_id] : 0;
        }
        /* b->blen counts each field and a NUL: about the line with its delimiters */
        size_t rows = L->file_size / (b->blen / n + 1) + 1;
        ilonet_error_t ignored; /* only a hint: without the room the table grows as it goes */
        (void)ilonet_strtab_reserve(&L->net->ids, rows, rows * (id_bytes / n + 1), &ignored);
        L->sized = 1;
    }
    /* Likewise an edge file's records (and their fold table): sized once from the file size. */
    if (!L->nodes_file && !L->sized && n > 0 && L->file_size > 0) {
        size_t rows = L->file_size / (b->blen / n + 1) + 1;
        ilonet_error_t ignored; /* only a hint, as above */
        (void)ilonet_network_reserve_rows(L->net, rows, &ignored);
        L->sized = 1;
    }
    if (widest > b->fptr_cap) {
        char **p = realloc(b->fptr, widest * sizeof *p);
        if (p == NULL) {
            st = ilonet_error_nomem(err);
            goto done;
        }
        b->fptr = p;
        b->fptr_cap = widest;
    }
    /* row i: names prefetched; i - A: their strings; i - 2A: read; i - 3A: added (edges) */
    const size_t A = PREFETCH_AHEAD, stages = L->nodes_file ? 2 * A : 3 * A;
    size_t added = 0; /* edge rows below this one are added */
    for (size_t i = 0; i < n + stages; i++) {
        if (i < n) {
            prefetch_row(L, &b->rows[i]);
        }
        if (i >= A && i - A < n) {
            const queued_row_t *q = &b->rows[i - A];
            for (size_t h = 0; h < q->nhash; h++) {
                ilonet_strtab_prefetch(q->table[h], q->hash[h], 1);
            }
        }
        if (!L->nodes_file && i >= 3 * A && i - 3 * A < n) {
            st = edge_add(L, &b->rows[i - 3 * A], i - 3 * A, err);
            added = i - 3 * A + 1;
            if (st != ILONET_OK) {
                break;
            }
        }
        if (i < 2 * A || i - 2 * A >= n) {
            continue;
        }
        size_t k = i - 2 * A;
        queued_row_t *q = &b->rows[k];
        for (size_t f = 0; f < q->nfields; f++) {
            b->fptr[f] = b->bytes + b->foff[q->field0 + f];
        }
        ilonet_csv_row_t row = {
            .path = b->path,
            .line = q->line,
            .index = q->index,
            .nfields = q->nfields,
            .fields = b->fptr,
            .lengths = b->flen + q->field0,
            .delimiter = b->delimiter,
        };
        st = L->nodes_file ? node_row(L, &row, err) : edge_read(L, &row, q, k, err);
        if (st != ILONET_OK) {
            /* the rows read before it come first: added, they may fail before it does */
            for (size_t j = added; !L->nodes_file && j < k; j++) {
                ilonet_status_t earlier = edge_add(L, &b->rows[j], j, err);
                if (earlier != ILONET_OK) {
                    st = earlier;
                    break;
                }
            }
            break;
        }
    }
done:
    b->n = 0;
    b->blen = 0;
    b->nf = 0;
    return st;
}

/* The reader's callback: the header is handled at once (the queue needs its columns), the
 * other rows are queued. */
static ilonet_status_t on_row(void *ctx, const ilonet_csv_row_t *row, ilonet_error_t *err)
{
    loader_t *L = ctx;
    if (row->index == 0) {
        return L->nodes_file ? node_row(L, row, err) : edge_header(L, row, err);
    }
    ilonet_status_t st = batch_add(&L->batch, row, err);
    if (st == ILONET_OK && (L->batch.n == BATCH || L->batch.blen >= BATCH_BYTES)) {
        st = batch_run(L, err);
    }
    return st;
}

static ilonet_status_t run_loader(ilonet_network_t *net, const char *path,
                                  const ilonet_load_options_t *opts, int nodes_file,
                                  ilonet_error_t *err)
{
    loader_t L;
    memset(&L, 0, sizeof L);
    L.net = net;
    L.opts = opts;
    L.nodes_file = nodes_file;
    struct stat sb;
    if (strcmp(path, "-") != 0 && stat(path, &sb) == 0 && S_ISREG(sb.st_mode)) {
        L.file_size = (size_t)sb.st_size;
    }
    size_t before = nodes_file ? net->n_declared : net->n_rows;
    ilonet_status_t st = ilonet_csv_read_file(path, &opts->csv, on_row, &L, err);
    /* Rows still queued come before whatever stopped the reader: an error in one of them is
     * the first in the file, and wins. */
    ilonet_status_t queued = batch_run(&L, err);
    if (queued != ILONET_OK) {
        st = queued;
    }
    if (st == ILONET_OK && L.roles == NULL) {
        st = ilonet_error_set(err, ILONET_EDATA, path, 0,
                              "the file is empty (expected a header "
                              "row)");
    }
    size_t skipped = net->rows_outside_years + net->rows_undated_skipped;
    if (st == ILONET_OK && !nodes_file && net->n_rows == before && skipped > 0) {
        char from[16] = "", to[16] = "";
        if (opts->year_from != ILONET_NO_BOUND) {
            snprintf(from, sizeof from, "%d", opts->year_from);
        }
        if (opts->year_to != ILONET_NO_BOUND) {
            snprintf(to, sizeof to, "%d", opts->year_to);
        }
        st = ilonet_error_set(err, ILONET_EDATA, path, 0,
                              "no edges dated %s..%s (%zu row%s dated outside, %zu undated)", from,
                              to, net->rows_outside_years, net->rows_outside_years == 1 ? "" : "s",
                              net->rows_undated_skipped);
    }
    if (st == ILONET_OK && (nodes_file ? net->n_declared : net->n_rows) == before) {
        st = ilonet_error_set(err, ILONET_EDATA, path, 0, "no %s after the header",
                              nodes_file ? "nodes" : "edges");
    }
    if (st == ILONET_OK && !nodes_file && has_year_bounds(opts) && net->has_nodes_file) {
        st = drop_untouched_nodes(net, err);
    }
    batch_free(&L.batch);
    free(L.roles);
    free(L.carry_index);
    free(L.row_attr);
    return st;
}

ilonet_status_t ilonet_load_nodes(ilonet_network_t *net, const char *path,
                                  const ilonet_load_options_t *opts, ilonet_error_t *err)
{
    if (net->n_rows > 0 || net->has_nodes_file || ilonet_network_node_count(net) > 0) {
        return ilonet_error_set(err, ILONET_EUSAGE, path, 0,
                                "the nodes file must be loaded first, once");
    }
    net->has_nodes_file = 1;
    return run_loader(net, path, opts, 1, err);
}

ilonet_status_t ilonet_load_edges(ilonet_network_t *net, const char *path,
                                  const ilonet_load_options_t *opts, ilonet_error_t *err)
{
    if (net->edge_cols != NULL || net->rows_cap > 0) {
        return ilonet_error_set(err, ILONET_EUSAGE, path, 0, "edges can be loaded only once");
    }
    const int bounds[2] = {opts->year_from, opts->year_to};
    for (int b = 0; b < 2; b++) {
        if (bounds[b] != ILONET_NO_BOUND &&
            (bounds[b] < ILONET_YEAR_MIN || bounds[b] > ILONET_YEAR_MAX)) {
            return ilonet_error_set(
                err, ILONET_EUSAGE, NULL, 0, "%s %d is not a four-digit year (%d to %d)",
                b == 0 ? "--from" : "--to", bounds[b], ILONET_YEAR_MIN, ILONET_YEAR_MAX);
        }
    }
    if (opts->year_from != ILONET_NO_BOUND && opts->year_to != ILONET_NO_BOUND &&
        opts->year_from > opts->year_to) {
        return ilonet_error_set(err, ILONET_EUSAGE, NULL, 0, "--from %d is after --to %d",
                                opts->year_from, opts->year_to);
    }
    ilonet_network_set_source(net, path);
    return run_loader(net, path, opts, 0, err);
}
