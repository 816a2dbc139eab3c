/* Storage for loaded nodes and edge rows, with O(1) lookup of nodes by id. */
#include "ilonet/network.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

void ilonet_network_destroy(ilonet_network_t *net)
{
    ilonet_strtab_destroy(&net->ids);
    ilonet_strtab_destroy(&net->values);
    free_names(net->node_cols, net->n_node_cols);
    free(net->node_attr);
    free(net->node_line);
    free(net->row_src);
    free(net->row_dst);
    free(net->row_weight);
    free(net->row_line);
    free(net->row_type);
    free(net->row_year);
    free_names(net->edge_cols, net->n_edge_cols);
    free(net->row_attr);
    memset(net, 0, sizeof *net);
    net->label_col = ILONET_NONE;
    net->kind_col = ILONET_NONE;
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

ilonet_status_t ilonet_network_add_row(ilonet_network_t *net, size_t src, size_t dst, double weight,
                                       size_t type, int year, size_t line, const size_t *attr,
                                       ilonet_error_t *err)
{
    size_t n = ilonet_network_node_count(net);
    if (src >= n || dst >= n) {
        return ilonet_error_set(err, ILONET_EUSAGE, NULL, 0,
                                "edge row between nodes %zu and %zu, but there are %zu nodes", src,
                                dst, n);
    }
    /* The one place edge rows grow (the loader appends through here too); doubling keeps an
     * append amortised O(1). */
    if (net->n_rows == net->rows_cap) {
        size_t cap = net->rows_cap ? net->rows_cap * 2 : 1024;
#define GROW(field)                                                                                \
    do {                                                                                           \
        void *p_ = realloc(net->field, cap * sizeof *net->field);                                  \
        if (p_ == NULL) {                                                                          \
            return ilonet_error_nomem(err);                                                        \
        }                                                                                          \
        net->field = p_;                                                                           \
    } while (0)
        GROW(row_src);
        GROW(row_dst);
        GROW(row_weight);
        GROW(row_line);
        GROW(row_type);
        GROW(row_year);
#undef GROW
        if (net->n_edge_cols > 0) {
            size_t *a = realloc(net->row_attr, cap * net->n_edge_cols * sizeof *a);
            if (a == NULL) {
                return ilonet_error_nomem(err);
            }
            net->row_attr = a;
        }
        net->rows_cap = cap;
    }
    size_t r = net->n_rows;
    net->row_src[r] = src;
    net->row_dst[r] = dst;
    net->row_weight[r] = weight;
    net->row_line[r] = line;
    net->row_type[r] = type;
    net->row_year[r] = year;
    for (size_t c = 0; c < net->n_edge_cols; c++) {
        net->row_attr[r * net->n_edge_cols + c] = attr != NULL ? attr[c] : ILONET_NONE;
    }
    net->n_rows++;
    return ILONET_OK;
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
    size_t used = 0, listed = 0;
    for (size_t r = 0; r < net->n_rows && listed < max; r++) {
        size_t t = row_tie[r];
        if (t == ILONET_NONE || t >= n_ties) {
            continue;
        }
        if (first[t] == ILONET_NONE) {
            first[t] = r;
            continue;
        }
        int w = snprintf(buf + used, size - used, "%sline %zu (same pair as line %zu)",
                         listed ? ", " : "", net->row_line[r], net->row_line[first[t]]);
        if (w < 0 || (size_t)w >= size - used) {
            buf[used] = '\0'; /* no half entry */
            break;
        }
        used += (size_t)w;
        listed++;
    }
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
    size_t used = 0, listed = 0;
    for (size_t r = 0; r < net->n_rows && listed < max; r++) {
        if (row_tie[r] != ILONET_NONE) {
            continue;
        }
        const char *id = ilonet_network_node_id(net, net->row_src[r]);
        size_t n = strlen(id);
        size_t cut = n > 40 ? 40 : n;
        while (cut < n && cut > 0 && ((unsigned char)id[cut] & 0xC0) == 0x80) {
            cut--; /* not in the middle of a character */
        }
        int w = snprintf(buf + used, size - used, "%sline %zu (%.*s%s)", listed ? ", " : "",
                         net->row_line[r], (int)cut, id, cut < n ? "..." : "");
        if (w < 0 || (size_t)w >= size - used) {
            buf[used] = '\0';
            break;
        }
        used += (size_t)w;
        listed++;
    }
}
