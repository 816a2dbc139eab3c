/* Storage for loaded nodes and edge rows, with O(1) lookup of nodes by id. */
#include "ilonet/network.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ilonet/text.h"

ilonet_status_t ilonet_network_init(ilonet_network_t *net, ilonet_error_t *err)
{
    memset(net, 0, sizeof *net);
    net->label_col = ILONET_NONE;
    net->kind_col = ILONET_NONE;
    ilonet_status_t st = ilonet_strtab_init(&net->ids, 1024, err);
    if (st == ILONET_OK) {
        st = ilonet_strtab_init(&net->values, 256, err);
    }
    if (st != ILONET_OK) {
        ilonet_network_destroy(net);
    }
    return st;
}

static void free_names(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(names[i]);
    }
    free(names);
}

void ilonet_network_release_rows(ilonet_network_t *net)
{
    size_t **sizes[] = {&net->row_src,
                        &net->row_dst,
                        &net->row_line,
                        &net->row_type,
                        &net->row_attr,
                        &net->row_count,
                        &net->row_weight_inf_line,
                        &net->row_inverse_inf_line};
    for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
        free(*sizes[i]);
        *sizes[i] = NULL;
    }
    free(net->row_weight);
    free(net->row_inverse);
    free(net->row_year);
    free(net->fold_slot);
    net->row_weight = NULL;
    net->row_inverse = NULL;
    net->row_year = NULL;
    net->fold_slot = NULL;
    net->fold_mask = 0;
    net->n_rows = 0;
    net->rows_cap = 0;
}

void ilonet_network_destroy(ilonet_network_t *net)
{
    ilonet_network_release_rows(net);
    ilonet_strtab_destroy(&net->ids);
    ilonet_strtab_destroy(&net->values);
    free_names(net->node_cols, net->n_node_cols);
    free(net->node_attr);
    free(net->node_line);
    free_names(net->edge_cols, net->n_edge_cols);
    memset(net, 0, sizeof *net);
    net->label_col = ILONET_NONE;
    net->kind_col = ILONET_NONE;
}

void ilonet_network_set_source(ilonet_network_t *net, const char *path)
{
    snprintf(net->source, sizeof net->source, "%s", path != NULL ? path : "");
}

size_t ilonet_network_node_count(const ilonet_network_t *net)
{
    return net->ids.count;
}

const char *ilonet_network_node_id(const ilonet_network_t *net, size_t i)
{
    return ilonet_strtab_get(&net->ids, i);
}

const char *ilonet_network_node_attr(const ilonet_network_t *net, size_t i, size_t c)
{
    if (c >= net->n_node_cols || i >= net->node_attr_rows) {
        return NULL;
    }
    size_t v = net->node_attr[i * net->n_node_cols + c];
    return v == ILONET_NONE ? NULL : ilonet_strtab_get(&net->values, v);
}

const char *ilonet_network_node_label(const ilonet_network_t *net, size_t i)
{
    const char *label = ilonet_network_node_attr(net, i, net->label_col);
    return label != NULL && label[0] != '\0' ? label : ilonet_network_node_id(net, i);
}

const char *ilonet_network_node_kind(const ilonet_network_t *net, size_t i)
{
    const char *kind = ilonet_network_node_attr(net, i, net->kind_col);
    return kind != NULL ? kind : "";
}

size_t ilonet_network_find_node(const ilonet_network_t *net, const char *id)
{
    return ilonet_strtab_find(&net->ids, id, strlen(id));
}

ilonet_status_t ilonet_network_add_node(ilonet_network_t *net, const char *id, size_t len,
                                        size_t *index, int *added, ilonet_error_t *err)
{
    int is_new = 0;
    ilonet_status_t st = ilonet_strtab_intern(&net->ids, id, len, index, &is_new, err);
    if (st != ILONET_OK) {
        return st;
    }
    if (added != NULL) {
        *added = is_new;
    }
    if (!is_new) {
        return ILONET_OK;
    }
    /* node_attr and node_line grow together, one row per node, doubling. */
    if (*index >= net->node_attr_rows) {
        size_t rows = net->node_attr_rows ? net->node_attr_rows * 2 : 256;
        size_t cols = net->n_node_cols;
        if (cols > 0) {
            size_t *a = realloc(net->node_attr, rows * cols * sizeof *a);
            if (a == NULL) {
                return ilonet_error_nomem(err);
            }
            net->node_attr = a;
        }
        size_t *l = realloc(net->node_line, rows * sizeof *l);
        if (l == NULL) {
            return ilonet_error_nomem(err);
        }
        net->node_line = l;
        net->node_attr_rows = rows;
    }
    for (size_t c = 0; c < net->n_node_cols; c++) {
        net->node_attr[*index * net->n_node_cols + c] = ILONET_NONE;
    }
    net->node_line[*index] = 0;
    return ILONET_OK;
}

/* ---- edge rows -------------------------------------------------------------------------- */

uint64_t ilonet_network_hash(uint64_t key)
{
    return ilonet_hash_mix64(key);
}

/* A row's carried value c (attr NULL: all missing). */
static size_t attr_at(const size_t *attr, size_t c)
{
    return attr != NULL ? attr[c] : ILONET_NONE;
}

static uint64_t row_hash(const ilonet_network_t *net, size_t src, size_t dst, size_t type, int year,
                         const size_t *attr)
{
    uint64_t h = ilonet_network_hash((uint64_t)src);
    h = ilonet_network_hash(h ^ (uint64_t)dst);
    h = ilonet_network_hash(h ^ (uint64_t)type);
    h = ilonet_network_hash(h ^ (uint64_t)(uint32_t)year);
    for (size_t c = 0; c < net->n_edge_cols; c++) {
        h = ilonet_network_hash(h ^ (uint64_t)attr_at(attr, c));
    }
    return h;
}

static const size_t *record_attr(const ilonet_network_t *net, size_t r)
{
    return net->n_edge_cols > 0 ? &net->row_attr[r * net->n_edge_cols] : NULL;
}

/* Record r equals the row in everything that folding keeps apart. */
static int record_equals(const ilonet_network_t *net, size_t r, size_t src, size_t dst, size_t type,
                         int year, const size_t *attr)
{
    if (net->row_src[r] != src || net->row_dst[r] != dst || net->row_type[r] != type ||
        net->row_year[r] != year) {
        return 0;
    }
    const size_t *a = record_attr(net, r);
    for (size_t c = 0; c < net->n_edge_cols; c++) {
        if (a[c] != attr_at(attr, c)) {
            return 0;
        }
    }
    return 1;
}

/* A fold slot holds record + 1 in its low 40 bits and the top 24 bits of the record's hash
 * above them, so that a probe passing a slot of another record rarely has to read the record's
 * fields (four arrays, four cache misses) to see that it is not the row. */
#define FOLD_REC_BITS 40
#define FOLD_REC_MASK ((UINT64_C(1) << FOLD_REC_BITS) - 1)
#define FOLD_TAG_MASK (~FOLD_REC_MASK)

/* The slot holding the record equal to the row, or the empty slot where it belongs. */
static size_t fold_find(const ilonet_network_t *net, uint64_t h, size_t src, size_t dst,
                        size_t type, int year, const size_t *attr)
{
    uint64_t tag = h & FOLD_TAG_MASK;
    size_t pos = (size_t)h & net->fold_mask;
    for (;;) {
        uint64_t s = net->fold_slot[pos];
        if (s == 0 ||
            ((s & FOLD_TAG_MASK) == tag &&
             record_equals(net, (size_t)(s & FOLD_REC_MASK) - 1, src, dst, type, year, attr))) {
            return pos;
        }
        pos = (pos + 1) & net->fold_mask;
    }
}

/* Rebuilds the fold table for records records (at least n_rows + 1) at load factor <= 1/2, at
 * least 1024 slots (twice the old size when called as it fills up), and re-inserts every
 * record; 0 when out of memory (the old table is kept). */
static int fold_grow(ilonet_network_t *net, size_t records)
{
    size_t cap = 1024;
    records = records > net->n_rows + 1 ? records : net->n_rows + 1;
    while (cap / 2 < records) {
        cap *= 2;
    }
    uint64_t *slots = calloc(cap, sizeof *slots);
    if (slots == NULL) {
        return 0;
    }
    ilonet_hint_huge_pages(slots, 0, cap * sizeof *slots); /* probed at random */
    free(net->fold_slot);
    net->fold_slot = slots;
    net->fold_mask = cap - 1;
    for (size_t r = 0; r < net->n_rows; r++) {
        uint64_t h = row_hash(net, net->row_src[r], net->row_dst[r], net->row_type[r],
                              net->row_year[r], record_attr(net, r));
        size_t pos = (size_t)h & net->fold_mask;
        while (slots[pos] != 0) {
            pos = (pos + 1) & net->fold_mask;
        }
        slots[pos] = (h & FOLD_TAG_MASK) | (uint64_t)(r + 1);
    }
    return 1;
}

static void fold_into(ilonet_network_t *net, size_t r, double weight_sum, double inverse_sum,
                      size_t count, size_t line)
{
    net->row_count[r] += count;
    net->row_weight[r] += weight_sum;
    net->row_inverse[r] += inverse_sum;
    if (!isfinite(net->row_weight[r]) && net->row_weight_inf_line[r] == 0) {
        net->row_weight_inf_line[r] = line;
    }
    if (!isfinite(net->row_inverse[r]) && net->row_inverse_inf_line[r] == 0) {
        net->row_inverse_inf_line[r] = line;
    }
    int loop = net->row_src[r] == net->row_dst[r];
    size_t k = net->folded[loop]++;
    if (k < ILONET_FOLDED_KEPT) {
        net->folded_line[loop][k] = line;
        net->folded_into[loop][k] = r;
    }
    net->rows_added += count;
}

/* Grows every record array to cap records; 0 when out of memory (arrays already grown keep
 * their contents, so the network stays consistent at its old size). */
static int grow_records(ilonet_network_t *net, size_t cap)
{
#define GROW(field)                                                                                \
    do {                                                                                           \
        void *p_ = realloc(net->field, cap * sizeof *net->field);                                  \
        if (p_ == NULL) {                                                                          \
            return 0;                                                                              \
        }                                                                                          \
        net->field = p_;                                                                           \
        ilonet_hint_huge_pages(p_, net->rows_cap * sizeof *net->field, cap * sizeof *net->field);  \
    } while (0)
    GROW(row_src);
    GROW(row_dst);
    GROW(row_weight);
    GROW(row_line);
    GROW(row_type);
    GROW(row_year);
    if (net->fold_rows) {
        GROW(row_count);
        GROW(row_inverse);
        GROW(row_weight_inf_line);
        GROW(row_inverse_inf_line);
    }
#undef GROW
    if (net->n_edge_cols > 0) {
        size_t *a = realloc(net->row_attr, cap * net->n_edge_cols * sizeof *a);
        if (a == NULL) {
            return 0;
        }
        net->row_attr = a;
    }
    net->rows_cap = cap;
    return 1;
}

/* The checks every added row passes, in the order their errors take precedence. */
static ilonet_status_t check_row(const ilonet_network_t *net, size_t src, size_t dst, size_t count,
                                 ilonet_error_t *err)
{
    size_t n = ilonet_network_node_count(net);
    if (src >= n || dst >= n) {
        return ilonet_error_set(err, ILONET_EUSAGE, NULL, 0,
                                "edge row between nodes %zu and %zu, but there are %zu nodes", src,
                                dst, n);
    }
    if (count == 0 || (!net->fold_rows && count != 1) ||
        (net->fold_rows && net->n_rows > 0 && net->row_count == NULL)) {
        return ilonet_error_set(err, ILONET_EUSAGE, NULL, 0,
                                "a record of %zu rows needs fold_rows, set before the first row",
                                count);
    }
    if (net->fold_rows && (uint64_t)net->n_rows + 1 >= FOLD_REC_MASK) {
        return ilonet_error_set(err, ILONET_EDATA, NULL, 0, "more than %zu edge records",
                                net->n_rows);
    }
    return ILONET_OK;
}

/* Stores the row as record n_rows, growing the arrays when full; 0 when out of memory. */
static int append_record(ilonet_network_t *net, size_t src, size_t dst, double weight_sum,
                         double inverse_sum, size_t count, size_t type, int year, size_t line,
                         const size_t *attr)
{
    /* The one place records grow (the loader adds through here too); doubling keeps an append
     * amortised O(1). */
    if (net->n_rows == net->rows_cap &&
        !grow_records(net, net->rows_cap ? net->rows_cap * 2 : 1024)) {
        return 0;
    }
    size_t r = net->n_rows;
    net->row_src[r] = src;
    net->row_dst[r] = dst;
    net->row_weight[r] = weight_sum;
    net->row_line[r] = line;
    net->row_type[r] = type;
    net->row_year[r] = year;
    for (size_t c = 0; c < net->n_edge_cols; c++) {
        net->row_attr[r * net->n_edge_cols + c] = attr_at(attr, c);
    }
    if (net->fold_rows) {
        net->row_count[r] = count;
        net->row_inverse[r] = inverse_sum;
        net->row_weight_inf_line[r] = isfinite(weight_sum) ? 0 : line;
        net->row_inverse_inf_line[r] = isfinite(inverse_sum) ? 0 : line;
    }
    net->n_rows++;
    net->rows_added += count;
    return 1;
}

ilonet_status_t ilonet_network_add_rows(ilonet_network_t *net, size_t src, size_t dst,
                                        double weight_sum, double inverse_sum, size_t count,
                                        size_t type, int year, size_t line, const size_t *attr,
                                        ilonet_error_t *err)
{
    ilonet_status_t st = check_row(net, src, dst, count, err);
    if (st != ILONET_OK) {
        return st;
    }
    size_t pos = 0;
    uint64_t h = 0;
    if (net->fold_rows) {
        if (net->fold_slot == NULL || 2 * (net->n_rows + 1) > net->fold_mask + 1) {
            if (!fold_grow(net, 0)) {
                return ilonet_error_nomem(err);
            }
        }
        h = row_hash(net, src, dst, type, year, attr);
        pos = fold_find(net, h, src, dst, type, year, attr);
        if (net->fold_slot[pos] != 0) {
            fold_into(net, (size_t)(net->fold_slot[pos] & FOLD_REC_MASK) - 1, weight_sum,
                      inverse_sum, count, line);
            return ILONET_OK;
        }
    }
    if (!append_record(net, src, dst, weight_sum, inverse_sum, count, type, year, line, attr)) {
        return ilonet_error_nomem(err);
    }
    if (net->fold_rows) {
        net->fold_slot[pos] = (h & FOLD_TAG_MASK) | (uint64_t)net->n_rows;
    }
    return ILONET_OK;
}

ilonet_status_t ilonet_network_reserve_rows(ilonet_network_t *net, size_t records,
                                            ilonet_error_t *err)
{
    size_t room = records + records / 8;
    if (room > net->rows_cap && !grow_records(net, room)) {
        return ilonet_error_nomem(err);
    }
    if (net->fold_rows && (net->fold_slot == NULL || 2 * records > net->fold_mask + 1) &&
        !fold_grow(net, records)) {
        return ilonet_error_nomem(err);
    }
    return ILONET_OK;
}

void ilonet_network_prefetch_row(const ilonet_network_t *net, size_t src, size_t dst, size_t type,
                                 int year, const size_t *attr)
{
#if defined(__GNUC__)
    if (net->fold_slot != NULL) {
        uint64_t h = row_hash(net, src, dst, type, year, attr);
        __builtin_prefetch(&net->fold_slot[(size_t)h & net->fold_mask]);
    }
#else
    (void)net;
    (void)src;
    (void)dst;
    (void)type;
    (void)year;
    (void)attr;
#endif
}

ilonet_status_t ilonet_network_append_rows(ilonet_network_t *net, size_t src, size_t dst,
                                           double weight_sum, double inverse_sum, size_t count,
                                           size_t type, int year, size_t line, const size_t *attr,
                                           size_t near, ilonet_error_t *err)
{
    ilonet_status_t st = check_row(net, src, dst, count, err);
    if (st != ILONET_OK) {
        return st;
    }
    if (net->fold_rows && near < net->n_rows &&
        record_equals(net, near, src, dst, type, year, attr)) {
        fold_into(net, near, weight_sum, inverse_sum, count, line);
        return ILONET_OK;
    }
    if (!append_record(net, src, dst, weight_sum, inverse_sum, count, type, year, line, attr)) {
        return ilonet_error_nomem(err);
    }
    if (net->fold_slot != NULL) {
        /* the table misses this record now: ilonet_network_add_rows rebuilds it when needed */
        free(net->fold_slot);
        net->fold_slot = NULL;
        net->fold_mask = 0;
    }
    return ILONET_OK;
}

ilonet_status_t ilonet_network_add_row(ilonet_network_t *net, size_t src, size_t dst, double weight,
                                       size_t type, int year, size_t line, const size_t *attr,
                                       ilonet_error_t *err)
{
    return ilonet_network_add_rows(net, src, dst, weight, 1.0 / weight, 1, type, year, line, attr,
                                   err);
}

size_t ilonet_network_row_count(const ilonet_network_t *net, size_t r)
{
    return net->row_count != NULL ? net->row_count[r] : 1;
}

double ilonet_network_row_inverse(const ilonet_network_t *net, size_t r)
{
    return net->row_inverse != NULL ? net->row_inverse[r] : 1.0 / net->row_weight[r];
}

size_t ilonet_network_row_inf_line(const ilonet_network_t *net, size_t r, int inverse)
{
    if (net->row_count != NULL) {
        return inverse ? net->row_inverse_inf_line[r] : net->row_weight_inf_line[r];
    }
    double s = inverse ? 1.0 / net->row_weight[r] : net->row_weight[r];
    return isfinite(s) ? 0 : net->row_line[r];
}

/* ---- verbose lists ---------------------------------------------------------------------- */

typedef struct {
    char *buf;
    size_t size, used, listed, max;
    int full; /* an entry did not fit, or max were listed */
} list_t;

/* Appends one entry, ", "-separated, whole or not at all. */
__attribute__((format(printf, 2, 3))) static void list_add(list_t *l, const char *fmt, ...)
{
    if (l->full) {
        return;
    }
    if (l->listed > 0) {
        if (l->size - l->used <= 2) {
            l->full = 1;
            return;
        }
        memcpy(l->buf + l->used, ", ", 3);
    }
    size_t at = l->used + (l->listed > 0 ? 2 : 0);
    va_list ap;
    va_start(ap, fmt);
    int w = vsnprintf(l->buf + at, l->size - at, fmt, ap);
    va_end(ap);
    if (w < 0 || (size_t)w >= l->size - at) {
        l->buf[l->used] = '\0'; /* no half entry */
        l->full = 1;
        return;
    }
    l->used = at + (size_t)w;
    l->full = ++l->listed >= l->max;
}

/* Walks the events of one list in file order: records r for which keep(r) holds, and the rows
 * folded into a record (log k), calling emit for each until the list is full. With more folded
 * rows than were kept, events past the last kept line are not listed: unkept folded rows may
 * come before them. Records are in file order when lines grow with the index (a loaded file);
 * otherwise nothing was folded and the records' own order is used. */
typedef struct {
    const ilonet_network_t *net;
    const size_t *row_tie;
    const size_t *first; /* merged list: per tie, its first record */
    size_t n_ties;
    list_t *list;
} walk_t;

static void emit_merged(walk_t *w, size_t r, size_t line)
{
    list_add(w->list, "line %zu (same pair as line %zu)", line,
             w->net->row_line[w->first[w->row_tie[r]]]);
}

static void emit_dropped(walk_t *w, size_t r, size_t line)
{
    const char *id = ilonet_network_node_id(w->net, w->net->row_src[r]);
    size_t n = strlen(id);
    size_t cut = ilonet_text_cut(id, n, 40);
    list_add(w->list, "line %zu (%.*s%s)", line, (int)cut, id, cut < n ? "..." : "");
}

static int is_merged(const walk_t *w, size_t r)
{
    size_t t = w->row_tie[r];
    return t != ILONET_NONE && t < w->n_ties && w->first[t] != r;
}

static int is_dropped(const walk_t *w, size_t r)
{
    return w->row_tie[r] == ILONET_NONE;
}

static void walk(walk_t *w, int k, int (*keep)(const walk_t *, size_t),
                 void (*emit)(walk_t *, size_t, size_t))
{
    const ilonet_network_t *net = w->net;
    size_t kept = net->folded[k] < ILONET_FOLDED_KEPT ? net->folded[k] : ILONET_FOLDED_KEPT;
    size_t limit = net->folded[k] > ILONET_FOLDED_KEPT ? net->folded_line[k][kept - 1] : SIZE_MAX;
    size_t j = 0;
    for (size_t r = 0; r <= net->n_rows && !w->list->full; r++) {
        size_t at = r < net->n_rows ? net->row_line[r] : SIZE_MAX;
        for (; j < kept && net->folded_line[k][j] < at && !w->list->full; j++) {
            size_t into = net->folded_into[k][j];
            size_t t = w->row_tie[into];
            if (k == 1 || (t != ILONET_NONE && t < w->n_ties)) {
                emit(w, into, net->folded_line[k][j]);
            }
        }
        if (r == net->n_rows || at > limit) {
            break;
        }
        if (keep(w, r)) {
            emit(w, r, at);
        }
    }
}

ilonet_status_t ilonet_network_merged_lines(const ilonet_network_t *net, const size_t *row_tie,
                                            size_t n_ties, size_t max, char *buf, size_t size,
                                            ilonet_error_t *err)
{
    if (size == 0) {
        return ILONET_OK;
    }
    buf[0] = '\0';
    size_t *first = malloc((n_ties ? n_ties : 1) * sizeof *first);
    if (first == NULL) {
        return ilonet_error_nomem(err);
    }
    for (size_t t = 0; t < n_ties; t++) {
        first[t] = ILONET_NONE;
    }
    for (size_t r = 0; r < net->n_rows; r++) {
        size_t t = row_tie[r];
        if (t != ILONET_NONE && t < n_ties && first[t] == ILONET_NONE) {
            first[t] = r;
        }
    }
    list_t list = {.buf = buf, .size = size, .max = max, .full = max == 0};
    walk_t w = {.net = net, .row_tie = row_tie, .first = first, .n_ties = n_ties, .list = &list};
    walk(&w, 0, is_merged, emit_merged);
    free(first);
    return ILONET_OK;
}

void ilonet_network_dropped_lines(const ilonet_network_t *net, const size_t *row_tie, size_t max,
                                  char *buf, size_t size)
{
    if (size == 0) {
        return;
    }
    buf[0] = '\0';
    list_t list = {.buf = buf, .size = size, .max = max, .full = max == 0};
    walk_t w = {.net = net, .row_tie = row_tie, .first = NULL, .list = &list};
    walk(&w, 1, is_dropped, emit_dropped);
}
