/* Streams the analysed network as GraphML, GML, Pajek or a TSV edge list, escaping for each. */
#include "ilonet/export.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *const format_names[] = {"graphml", "gml", "pajek", "edgelist"};
static const char *const format_exts[] = {"graphml", "gml", "net", "tsv"};
#define N_FORMATS (sizeof format_names / sizeof *format_names)

int ilonet_export_format_parse(const char *name, ilonet_export_format_t *f)
{
    if (name == NULL) {
        return -1;
    }
    for (size_t k = 0; k < N_FORMATS; k++) {
        if (strcmp(name, format_names[k]) == 0) {
            *f = (ilonet_export_format_t)k;
            return 0;
        }
    }
    if (strcmp(name, "net") == 0) {
        *f = ILONET_EXPORT_PAJEK;
        return 0;
    }
    return -1;
}

static int ascii_lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Locale-independent: strcasecmp would fold bytes of UTF-8 names under some locales. */
static int ascii_casecmp(const char *a, const char *b)
{
    for (;; a++, b++) {
        int x = ascii_lower((unsigned char)*a), y = ascii_lower((unsigned char)*b);
        if (x != y || x == 0) {
            return x - y;
        }
    }
}

int ilonet_export_format_from_path(const char *path, ilonet_export_format_t *f)
{
    static const struct {
        const char *ext;
        ilonet_export_format_t format;
    } exts[] = {{"graphml", ILONET_EXPORT_GRAPHML},  {"gml", ILONET_EXPORT_GML},
                {"net", ILONET_EXPORT_PAJEK},        {"paj", ILONET_EXPORT_PAJEK},
                {"tsv", ILONET_EXPORT_EDGELIST},     {"txt", ILONET_EXPORT_EDGELIST},
                {"edgelist", ILONET_EXPORT_EDGELIST}};
    if (path == NULL) {
        return -1;
    }
    const char *base = strrchr(path, '/');
    base = base != NULL ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    if (dot == NULL || dot == base) {
        return -1; /* no extension, or a hidden file such as ".gml" */
    }
    for (size_t k = 0; k < sizeof exts / sizeof *exts; k++) {
        if (ascii_casecmp(dot + 1, exts[k].ext) == 0) {
            *f = exts[k].format;
            return 0;
        }
    }
    return -1;
}

const char *ilonet_export_format_name(ilonet_export_format_t f)
{
    return (size_t)f < N_FORMATS ? format_names[f] : "unknown";
}

const char *ilonet_export_format_extension(ilonet_export_format_t f)
{
    return (size_t)f < N_FORMATS ? format_exts[f] : "";
}

/* ---- characters ---- */

/* Decodes the UTF-8 sequence at s into *cp and returns its length; an invalid byte (overlong
 * form, surrogate, beyond U+10FFFF, truncated) gives length 1 and *cp = -1. */
static size_t utf8_next(const unsigned char *s, long *cp)
{
    unsigned char c = s[0];
    size_t len;
    long v, min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2, v = c & 0x1F, min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3, v = c & 0x0F, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4, v = c & 0x07, min = 0x10000;
    } else {
        *cp = -1;
        return 1;
    }
    for (size_t k = 1; k < len; k++) {
        if ((s[k] & 0xC0) != 0x80) { /* also stops at the terminating NUL */
            *cp = -1;
            return 1;
        }
        v = (v << 6) | (s[k] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
        *cp = -1;
        return 1;
    }
    *cp = v;
    return len;
}

/* XML 1.0 Char production: what may appear in a document at all, even as a reference. */
static int xml_char_ok(long cp)
{
    return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
           (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
}

static int xml_clean(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        long cp;
        p += utf8_next(p, &cp);
        if (!xml_char_ok(cp)) {
            return 0;
        }
    }
    return 1;
}

/* Escapes s for XML text and attribute values (attribute normalisation would turn a literal
 * tab or line break into a space, hence the references). */
static void put_xml(FILE *fp, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        long cp;
        size_t len = utf8_next(p, &cp);
        switch (cp) {
        case '&':
            fputs("&amp;", fp);
            break;
        case '<':
            fputs("&lt;", fp);
            break;
        case '>':
            fputs("&gt;", fp);
            break;
        case '"':
            fputs("&quot;", fp);
            break;
        case '\t':
        case '\n':
        case '\r':
            fprintf(fp, "&#%ld;", cp);
            break;
        default:
            if (xml_char_ok(cp)) {
                fwrite(p, 1, len, fp);
            } else {
                fputs("\xEF\xBF\xBD", fp); /* U+FFFD: XML 1.0 cannot hold this character */
            }
        }
        p += len;
    }
}

/* A GML string body: printable ASCII as is, the rest as decimal character references. */
static void put_gml_string(FILE *fp, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    fputc('"', fp);
    while (*p) {
        long cp;
        p += utf8_next(p, &cp);
        if (cp == '&') {
            fputs("&amp;", fp);
        } else if (cp == '"') {
            fputs("&quot;", fp);
        } else if (cp >= 0x20 && cp < 0x7F) {
            fputc((int)cp, fp);
        } else {
            fprintf(fp, "&#%ld;", cp < 0 ? 0xFFFDL : cp);
        }
    }
    fputc('"', fp);
}

/* A Pajek label: no escape mechanism exists, so characters that would end the label or the
 * line are replaced. */
static void put_pajek_label(FILE *fp, const char *s)
{
    fputc('"', fp);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"') {
            fputc('\'', fp);
        } else if (*p < 0x20 || *p == 0x7F) {
            fputc(' ', fp);
        } else {
            fputc(*p, fp);
        }
    }
    fputc('"', fp);
}

/* ---- numbers ---- */

#define REAL_BUF 40

/* The fewest significant digits (15..17) that read back as v exactly. v is finite. */
static void format_real(char *buf, double v, int gml)
{
    if (v == 0.0) {
        v = 0.0; /* no "-0" */
    }
    for (int digits = 15; digits <= 17; digits++) {
        snprintf(buf, REAL_BUF, "%.*g", digits, v);
        if (strtod(buf, NULL) == v) {
            break;
        }
    }
    /* GML's real token needs a '.', else readers take "1" or "1e-05" for integers */
    if (gml && strchr(buf, '.') == NULL) {
        char *e = strchr(buf, 'e');
        size_t at = e != NULL ? (size_t)(e - buf) : strlen(buf);
        memmove(buf + at + 2, buf + at, strlen(buf + at) + 1);
        buf[at] = '.';
        buf[at + 1] = '0';
    }
}

/* ---- attribute columns ---- */

typedef enum { COL_STRING, COL_INT, COL_REAL } col_type_t;

typedef enum { SRC_ID, SRC_LABEL, SRC_NODE_COL, SRC_INT_VEC, SRC_REAL_VEC } col_src_t;

typedef struct {
    const char *base; /* the wanted name */
    int prio;         /* PRIO_* below: who yields when names clash */
    char *name;       /* final, unique name; malloc'ed */
    col_type_t type;
    col_src_t src;
    size_t node_col;                 /* SRC_NODE_COL */
    const igraph_vector_int_t *ivec; /* SRC_INT_VEC */
    const igraph_vector_t *rvec;     /* SRC_REAL_VEC */
} column_t;

typedef struct {
    column_t *cols;
    size_t n;
} columns_t;

static void columns_destroy(columns_t *c)
{
    for (size_t k = 0; k < c->n; k++) {
        free(c->cols[k].name);
    }
    free(c->cols);
    c->cols = NULL;
    c->n = 0;
}

/* Reduces a name to a GML key: letters, digits and '_', starting with a letter. malloc'ed. */
static char *gml_key(const char *name)
{
    size_t n = strlen(name);
    char *out = malloc(n + 2);
    if (out == NULL) {
        return NULL;
    }
    size_t o = 0;
    int first_letter = (name[0] >= 'a' && name[0] <= 'z') || (name[0] >= 'A' && name[0] <= 'Z');
    if (!first_letter) {
        out[o++] = 'x';
    }
    const unsigned char *p = (const unsigned char *)name;
    while (*p) {
        long cp;
        p += utf8_next(p, &cp); /* one '_' per character, not per byte */
        int ok = (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') ||
                 cp == '_';
        out[o++] = ok ? (char)cp : '_';
    }
    out[o] = '\0';
    return out;
}

static int name_taken(const columns_t *c, const char *name)
{
    if (ascii_casecmp(name, "id") == 0) {
        return 1;
    }
    for (size_t k = 0; k < c->n; k++) {
        if (c->cols[k].name != NULL && ascii_casecmp(c->cols[k].name, name) == 0) {
            return 1;
        }
    }
    return 0;
}

/* Gives column k its final name: base (as a GML key when gml), with _2, _3, ... appended
 * while that is taken by a column named earlier. */
static ilonet_status_t assign_name(columns_t *c, size_t k, const char *base, int gml,
                                   ilonet_error_t *err)
{
    if (base[0] == '\0') {
        base = "column";
    }
    char *stem = gml ? gml_key(base) : malloc(strlen(base) + 1);
    if (stem == NULL) {
        return ilonet_error_nomem(err);
    }
    if (!gml) {
        memcpy(stem, base, strlen(base) + 1);
    }
    if (!name_taken(c, stem)) {
        c->cols[k].name = stem;
        return ILONET_OK;
    }
    size_t size = strlen(stem) + 24;
    char *name = malloc(size);
    if (name == NULL) {
        free(stem);
        return ilonet_error_nomem(err);
    }
    for (unsigned long suffix = 2;; suffix++) {
        snprintf(name, size, "%s_%lu", stem, suffix);
        if (!name_taken(c, name)) {
            break;
        }
    }
    free(stem);
    c->cols[k].name = name;
    return ILONET_OK;
}

/* Name priority classes: ilonet's own names first, then the caller's extra columns, then the
 * nodes file's columns, so that user data yields when names clash. */
enum { PRIO_OWN = 0, PRIO_EXTRA = 1, PRIO_FILE = 2 };

static column_t *add_col(columns_t *c, col_type_t type, col_src_t src, const char *base, int prio)
{
    column_t *col = &c->cols[c->n++];
    memset(col, 0, sizeof *col);
    col->type = type;
    col->src = src;
    col->base = base;
    col->prio = prio;
    return col;
}

static void add_int(columns_t *c, const char *name, const igraph_vector_int_t *v)
{
    add_col(c, COL_INT, SRC_INT_VEC, name, PRIO_OWN)->ivec = v;
}

static void add_real(columns_t *c, const char *name, const igraph_vector_t *v, int prio)
{
    add_col(c, COL_REAL, SRC_REAL_VEC, name, prio)->rvec = v;
}

/* The node columns in output order, with their final names. */
static ilonet_status_t build_columns(columns_t *c, const ilonet_report_input_t *in,
                                     const ilonet_export_column_t *extra, size_t n_extra, int gml,
                                     ilonet_error_t *err)
{
    const ilonet_network_t *net = in->net;
    const ilonet_centrality_t *cent = in->cent;
    c->n = 0;
    c->cols = calloc(3 + net->n_node_cols + 11 + n_extra, sizeof *c->cols);
    if (c->cols == NULL) {
        return ilonet_error_nomem(err);
    }
    add_col(c, COL_STRING, SRC_ID, "name", PRIO_OWN);
    add_col(c, COL_STRING, SRC_LABEL, "label", PRIO_OWN);
    if (net->kind_col != ILONET_NONE) {
        add_col(c, COL_STRING, SRC_NODE_COL, "kind", PRIO_OWN)->node_col = net->kind_col;
    }
    for (size_t col = 0; col < net->n_node_cols; col++) {
        if (col != net->label_col && col != net->kind_col) {
            add_col(c, COL_STRING, SRC_NODE_COL, net->node_cols[col], PRIO_FILE)->node_col = col;
        }
    }
    if (cent != NULL) {
        add_int(c, "degree", &cent->degree);
        if (in->graph->directed) {
            add_int(c, "in_degree", &cent->in_degree);
            add_int(c, "out_degree", &cent->out_degree);
        }
        add_real(c, "strength", &cent->strength, PRIO_OWN);
        add_real(c, "betweenness", &cent->betweenness, PRIO_OWN);
        add_real(c, "closeness", &cent->closeness, PRIO_OWN);
        add_real(c, "harmonic", &cent->harmonic, PRIO_OWN);
        add_real(c, "eigenvector", &cent->eigenvector, PRIO_OWN);
        add_real(c, "pagerank", &cent->pagerank, PRIO_OWN);
        add_int(c, "coreness", &cent->coreness);
    }
    if (in->clusters != NULL) {
        add_int(c, "cluster", &in->clusters->membership);
    }
    for (size_t k = 0; k < n_extra; k++) {
        add_real(c, extra[k].name, extra[k].values, PRIO_EXTRA);
    }
    for (int prio = PRIO_OWN; prio <= PRIO_FILE; prio++) {
        for (size_t k = 0; k < c->n; k++) {
            if (c->cols[k].prio != prio) {
                continue;
            }
            ilonet_status_t st = assign_name(c, k, c->cols[k].base, gml, err);
            if (st != ILONET_OK) {
                columns_destroy(c);
                return st;
            }
        }
    }
    return ILONET_OK;
}

/* The string value of a string column for node i, or NULL when missing. */
static const char *string_value(const ilonet_network_t *net, const column_t *col, size_t i)
{
    switch (col->src) {
    case SRC_ID:
        return ilonet_network_node_id(net, i);
    case SRC_LABEL:
        return ilonet_network_node_label(net, i);
    case SRC_NODE_COL: {
        /* an empty cell is a missing value, as in the nodes file */
        const char *v = ilonet_network_node_attr(net, i, col->node_col);
        return v != NULL && v[0] != '\0' ? v : NULL;
    }
    default:
        return NULL;
    }
}

/* ---- ties ---- */

/* For each tie, its first edge row: the row's direction and type describe the tie. */
static ilonet_status_t first_rows(const ilonet_report_input_t *in, size_t **first,
                                  ilonet_error_t *err)
{
    const ilonet_network_t *net = in->net;
    size_t m = ilonet_graph_tie_count(in->graph);
    *first = malloc((m ? m : 1) * sizeof **first);
    if (*first == NULL) {
        return ilonet_error_nomem(err);
    }
    for (size_t t = 0; t < m; t++) {
        (*first)[t] = ILONET_NONE;
    }
    for (size_t r = 0; r < net->n_rows && r < in->graph->n_rows; r++) {
        size_t t = in->graph->row_tie[r];
        if (t != ILONET_NONE && t < m && (*first)[t] == ILONET_NONE) {
            (*first)[t] = r;
        }
    }
    return ILONET_OK;
}

/* The tie's endpoints in the direction of its first row (igraph stores an undirected edge with
 * its endpoints in index order, which would turn "ILO,OHCHR" around). */
static void tie_ends(const ilonet_report_input_t *in, const size_t *first, size_t t, size_t *a,
                     size_t *b)
{
    size_t r = first[t];
    if (r != ILONET_NONE) {
        *a = in->net->row_src[r];
        *b = in->net->row_dst[r];
    } else {
        *a = (size_t)IGRAPH_FROM(&in->graph->g, (igraph_integer_t)t);
        *b = (size_t)IGRAPH_TO(&in->graph->g, (igraph_integer_t)t);
    }
}

static const char *tie_type(const ilonet_report_input_t *in, const size_t *first, size_t t)
{
    const ilonet_network_t *net = in->net;
    size_t r = first[t];
    if (!net->has_type || r == ILONET_NONE || net->row_type == NULL ||
        net->row_type[r] == ILONET_NONE) {
        return NULL;
    }
    return ilonet_strtab_get(&net->values, net->row_type[r]);
}

/* ---- writers ---- */

static void put_comment_version(FILE *fp, const char *version)
{
    /* "--" may not appear inside an XML comment */
    if (version != NULL && version[0] != '\0' && strstr(version, "--") == NULL) {
        fputc(' ', fp);
        put_xml(fp, version);
    }
}

static void write_graphml(FILE *fp, const ilonet_report_input_t *in, const columns_t *cols,
                          const size_t *first)
{
    const ilonet_network_t *net = in->net;
    const ilonet_graph_t *gr = in->graph;
    size_t n = ilonet_network_node_count(net);
    size_t m = ilonet_graph_tie_count(gr);
    int has_type = net->has_type;
    int real_ids = 1;
    for (size_t i = 0; i < n && real_ids; i++) {
        real_ids = xml_clean(ilonet_network_node_id(net, i));
    }
    char num[REAL_BUF];

    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", fp);
    fputs("<!-- Written by ilonet", fp);
    put_comment_version(fp, in->version);
    fputs(". Node attribute \"name\" is the node id. Missing and undefined values (NaN) have no"
          " data element. Tie weight is in the edges file's meaning with duplicate rows merged;"
          " strength and distance are what the measures used; type is the tie's first row's. ",
          fp);
    if (!real_ids) {
        fputs("Node ids are n0, n1, ... because some id holds a control character. ", fp);
    }
    fputs("-->\n", fp);
    fputs("<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\"\n"
          "         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
          "         xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns\n"
          "         http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n",
          fp);
    static const char *const type_names[] = {"string", "int", "double"};
    for (size_t k = 0; k < cols->n; k++) {
        fprintf(fp, "  <key id=\"v%zu\" for=\"node\" attr.name=\"", k);
        put_xml(fp, cols->cols[k].name);
        fprintf(fp, "\" attr.type=\"%s\"/>\n", type_names[cols->cols[k].type]);
    }
    fputs("  <key id=\"e0\" for=\"edge\" attr.name=\"weight\" attr.type=\"double\"/>\n"
          "  <key id=\"e1\" for=\"edge\" attr.name=\"strength\" attr.type=\"double\"/>\n"
          "  <key id=\"e2\" for=\"edge\" attr.name=\"distance\" attr.type=\"double\"/>\n",
          fp);
    if (has_type) {
        fputs("  <key id=\"e3\" for=\"edge\" attr.name=\"type\" attr.type=\"string\"/>\n", fp);
    }
    fprintf(fp, "  <graph id=\"G\" edgedefault=\"%s\">\n",
            gr->directed ? "directed" : "undirected");
    for (size_t i = 0; i < n; i++) {
        if (real_ids) {
            fputs("    <node id=\"", fp);
            put_xml(fp, ilonet_network_node_id(net, i));
            fputs("\">\n", fp);
        } else {
            fprintf(fp, "    <node id=\"n%zu\">\n", i);
        }
        for (size_t k = 0; k < cols->n; k++) {
            const column_t *col = &cols->cols[k];
            if (col->type == COL_STRING) {
                const char *v = string_value(net, col, i);
                if (v == NULL) {
                    continue;
                }
                fprintf(fp, "      <data key=\"v%zu\">", k);
                put_xml(fp, v);
                fputs("</data>\n", fp);
            } else if (col->type == COL_INT) {
                fprintf(fp, "      <data key=\"v%zu\">%" IGRAPH_PRId "</data>\n", k,
                        VECTOR(*col->ivec)[i]);
            } else {
                double v = VECTOR(*col->rvec)[i];
                if (!isfinite(v)) {
                    continue;
                }
                format_real(num, v, 0);
                fprintf(fp, "      <data key=\"v%zu\">%s</data>\n", k, num);
            }
        }
        fputs("    </node>\n", fp);
    }
    for (size_t t = 0; t < m; t++) {
        size_t a, b;
        tie_ends(in, first, t, &a, &b);
        if (real_ids) {
            fputs("    <edge source=\"", fp);
            put_xml(fp, ilonet_network_node_id(net, a));
            fputs("\" target=\"", fp);
            put_xml(fp, ilonet_network_node_id(net, b));
            fputs("\">\n", fp);
        } else {
            fprintf(fp, "    <edge source=\"n%zu\" target=\"n%zu\">\n", a, b);
        }
        const igraph_vector_t *vals[] = {&gr->weight, &gr->strength, &gr->distance};
        for (size_t k = 0; k < 3; k++) {
            double v = VECTOR(*vals[k])[t];
            if (isfinite(v)) {
                format_real(num, v, 0);
                fprintf(fp, "      <data key=\"e%zu\">%s</data>\n", k, num);
            }
        }
        const char *type = has_type ? tie_type(in, first, t) : NULL;
        if (type != NULL) {
            fputs("      <data key=\"e3\">", fp);
            put_xml(fp, type);
            fputs("</data>\n", fp);
        }
        fputs("    </edge>\n", fp);
    }
    fputs("  </graph>\n</graphml>\n", fp);
}

static void write_gml(FILE *fp, const ilonet_report_input_t *in, const columns_t *cols,
                      const size_t *first)
{
    const ilonet_network_t *net = in->net;
    const ilonet_graph_t *gr = in->graph;
    size_t n = ilonet_network_node_count(net);
    size_t m = ilonet_graph_tie_count(gr);
    char num[REAL_BUF];

    /* GML has no comments that every reader skips; Creator is the conventional free text */
    fputs("Creator \"ilonet", fp);
    if (in->version != NULL && in->version[0] != '\0') {
        fputc(' ', fp);
        /* reuse the string escaper without its quotes */
        for (const char *p = in->version; *p; p++) {
            unsigned char ch = (unsigned char)*p;
            if (ch >= 0x20 && ch < 0x7F && ch != '"' && ch != '&') {
                fputc(ch, fp);
            }
        }
    }
    fputs("; missing and undefined values are left out\"\nVersion 1\ngraph [\n", fp);
    fprintf(fp, "  directed %d\n", gr->directed ? 1 : 0);
    for (size_t i = 0; i < n; i++) {
        fprintf(fp, "  node [\n    id %zu\n", i);
        for (size_t k = 0; k < cols->n; k++) {
            const column_t *col = &cols->cols[k];
            if (col->type == COL_STRING) {
                const char *v = string_value(net, col, i);
                if (v == NULL) {
                    continue;
                }
                fprintf(fp, "    %s ", col->name);
                put_gml_string(fp, v);
                fputc('\n', fp);
            } else if (col->type == COL_INT) {
                fprintf(fp, "    %s %" IGRAPH_PRId "\n", col->name, VECTOR(*col->ivec)[i]);
            } else {
                double v = VECTOR(*col->rvec)[i];
                if (!isfinite(v)) {
                    continue;
                }
                format_real(num, v, 1);
                fprintf(fp, "    %s %s\n", col->name, num);
            }
        }
        fputs("  ]\n", fp);
    }
    for (size_t t = 0; t < m; t++) {
        size_t a, b;
        tie_ends(in, first, t, &a, &b);
        fprintf(fp, "  edge [\n    source %zu\n    target %zu\n", a, b);
        const igraph_vector_t *vals[] = {&gr->weight, &gr->strength, &gr->distance};
        static const char *const names[] = {"weight", "strength", "distance"};
        for (size_t k = 0; k < 3; k++) {
            double v = VECTOR(*vals[k])[t];
            if (isfinite(v)) {
                format_real(num, v, 1);
                fprintf(fp, "    %s %s\n", names[k], num);
            }
        }
        const char *type = tie_type(in, first, t);
        if (type != NULL) {
            fputs("    type ", fp);
            put_gml_string(fp, type);
            fputc('\n', fp);
        }
        fputs("  ]\n", fp);
    }
    fputs("]\n", fp);
}

static void write_pajek(FILE *fp, const ilonet_report_input_t *in, const size_t *first)
{
    const ilonet_network_t *net = in->net;
    const ilonet_graph_t *gr = in->graph;
    size_t n = ilonet_network_node_count(net);
    size_t m = ilonet_graph_tie_count(gr);
    char num[REAL_BUF];
    fprintf(fp, "*Vertices %zu\n", n);
    for (size_t i = 0; i < n; i++) {
        fprintf(fp, "%zu ", i + 1);
        put_pajek_label(fp, ilonet_network_node_id(net, i));
        fputc('\n', fp);
    }
    fputs(gr->directed ? "*Arcs\n" : "*Edges\n", fp);
    for (size_t t = 0; t < m; t++) {
        size_t a, b;
        tie_ends(in, first, t, &a, &b);
        format_real(num, VECTOR(gr->weight)[t], 0);
        fprintf(fp, "%zu %zu %s\n", a + 1, b + 1, num);
    }
}

/* The id for an error message: control characters shown as '?', long ids cut. */
static void printable_id(char *buf, size_t size, const char *id)
{
    size_t o = 0;
    for (const char *p = id; *p && o + 4 < size; p++) {
        buf[o++] = (unsigned char)*p < 0x20 ? '?' : *p;
    }
    while (o > 0 && id[o] != '\0' && ((unsigned char)id[o] & 0xC0) == 0x80) {
        o--; /* do not cut a UTF-8 sequence */
    }
    if (id[o] != '\0') {
        buf[o++] = '.';
        buf[o++] = '.';
        buf[o++] = '.';
    }
    buf[o] = '\0';
}

static ilonet_status_t check_edgelist_ids(const ilonet_report_input_t *in, const size_t *first,
                                          ilonet_error_t *err)
{
    size_t m = ilonet_graph_tie_count(in->graph);
    for (size_t t = 0; t < m; t++) {
        size_t ends[2];
        tie_ends(in, first, t, &ends[0], &ends[1]);
        for (size_t k = 0; k < 2; k++) {
            const char *id = ilonet_network_node_id(in->net, ends[k]);
            if (strpbrk(id, "\t\n\r") != NULL) {
                char shown[64];
                printable_id(shown, sizeof shown, id);
                return ilonet_error_set(err, ILONET_EDATA, NULL, 0,
                                        "node id \"%s\" holds a tab or line break, which a "
                                        "tab-separated edge list cannot hold; export GraphML or "
                                        "GML instead",
                                        shown);
            }
        }
    }
    return ILONET_OK;
}

static void write_edgelist(FILE *fp, const ilonet_report_input_t *in, const size_t *first)
{
    const ilonet_network_t *net = in->net;
    size_t m = ilonet_graph_tie_count(in->graph);
    char num[REAL_BUF];
    fputs("source\ttarget\tweight\n", fp);
    for (size_t t = 0; t < m; t++) {
        size_t a, b;
        tie_ends(in, first, t, &a, &b);
        format_real(num, VECTOR(in->graph->weight)[t], 0);
        fprintf(fp, "%s\t%s\t%s\n", ilonet_network_node_id(net, a), ilonet_network_node_id(net, b),
                num);
    }
}

static ilonet_status_t check_input(ilonet_export_format_t f, const ilonet_report_input_t *in,
                                   const ilonet_export_column_t *extra, size_t n_extra,
                                   ilonet_error_t *err)
{
    if ((size_t)f >= N_FORMATS) {
        return ilonet_error_set(err, ILONET_EUSAGE, NULL, 0, "unknown export format %d", (int)f);
    }
    if (in == NULL || in->net == NULL || in->graph == NULL || !in->graph->ready) {
        return ilonet_error_set(err, ILONET_EUSAGE, NULL, 0, "export: no network to write");
    }
    size_t n = ilonet_network_node_count(in->net);
    if (n_extra > 0 && extra == NULL) {
        return ilonet_error_set(err, ILONET_EUSAGE, NULL, 0, "export: extra columns missing");
    }
    for (size_t k = 0; k < n_extra; k++) {
        if (extra[k].name == NULL || extra[k].name[0] == '\0' || extra[k].values == NULL) {
            return ilonet_error_set(err, ILONET_EUSAGE, NULL, 0,
                                    "export: extra column %zu has no name or no values", k + 1);
        }
        if ((size_t)igraph_vector_size(extra[k].values) != n) {
            return ilonet_error_set(err, ILONET_EUSAGE, NULL, 0,
                                    "export: extra column %s has %" IGRAPH_PRId
                                    " values for %zu nodes",
                                    extra[k].name, igraph_vector_size(extra[k].values), n);
        }
    }
    return ILONET_OK;
}

ilonet_status_t ilonet_export_write(FILE *fp, ilonet_export_format_t f,
                                    const ilonet_report_input_t *in,
                                    const ilonet_export_column_t *extra, size_t n_extra,
                                    ilonet_error_t *err)
{
    columns_t cols = {NULL, 0};
    size_t *first = NULL;
    ilonet_status_t st = check_input(f, in, extra, n_extra, err);
    if (st != ILONET_OK) {
        goto cleanup;
    }
    st = first_rows(in, &first, err);
    if (st != ILONET_OK) {
        goto cleanup;
    }
    switch (f) {
    case ILONET_EXPORT_GRAPHML:
    case ILONET_EXPORT_GML:
        st = build_columns(&cols, in, extra, n_extra, f == ILONET_EXPORT_GML, err);
        if (st != ILONET_OK) {
            goto cleanup;
        }
        if (f == ILONET_EXPORT_GRAPHML) {
            write_graphml(fp, in, &cols, first);
        } else {
            write_gml(fp, in, &cols, first);
        }
        break;
    case ILONET_EXPORT_PAJEK:
        write_pajek(fp, in, first);
        break;
    case ILONET_EXPORT_EDGELIST:
        st = check_edgelist_ids(in, first, err);
        if (st != ILONET_OK) {
            goto cleanup;
        }
        write_edgelist(fp, in, first);
        break;
    }
    if (ferror(fp)) {
        st = ilonet_error_set(err, ILONET_EIO, NULL, 0, "write error");
    }

cleanup:
    columns_destroy(&cols);
    free(first);
    return st;
}
