/* The ego view of one node: gathers its ranks, ties, two-mode partners and reach into one record,
 * then writes that record as text or JSON, so both formats always say the same thing. */
#include "ilonet/ego.h"

#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ilonet/igraph_bridge.h"
#include "ilonet/report.h"
#include "ilonet/text.h"
#include "ilonet/twomode.h"

#define LINE_WIDTH 100
#define N_MEASURES 8
#define MAX_SUGGESTIONS 3

static const char *const measure_name[N_MEASURES] = {
    "degree",   "strength",    "betweenness", "closeness",
    "harmonic", "eigenvector", "pagerank",    "coreness",
};
static const int measure_is_int[N_MEASURES] = {1, 0, 0, 0, 0, 0, 0, 1};

void ilonet_ego_options_default(ilonet_ego_options_t *o)
{
    o->radius = 1;
    o->second_kinds = NULL;
}

/* ---- names: matching and suggestions ---------------------------------------------------- */

/* ASCII only: ids are data, and the C library's tolower depends on the locale. */
static int ascii_lower(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static int equal_nocase(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        if (ascii_lower((unsigned char)*a) != ascii_lower((unsigned char)*b)) {
            return 0;
        }
    }
    return *a == *b;
}

static int contains_nocase(const char *hay, const char *needle)
{
    size_t nn = strlen(needle);
    for (; *hay; hay++) {
        size_t k = 0;
        while (k < nn && hay[k] != '\0' &&
               ascii_lower((unsigned char)hay[k]) == ascii_lower((unsigned char)needle[k])) {
            k++;
        }
        if (k == nn) {
            return 1;
        }
    }
    return 0;
}

/* Levenshtein distance between a and b (bn bytes), ignoring ASCII case; row has bn + 1 slots. */
static size_t edit_distance(const char *a, const char *b, size_t bn, size_t *row)
{
    for (size_t j = 0; j <= bn; j++) {
        row[j] = j;
    }
    for (size_t i = 1; a[i - 1] != '\0'; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= bn; j++) {
            size_t up = row[j];
            size_t best = diag + (ascii_lower((unsigned char)a[i - 1]) !=
                                  ascii_lower((unsigned char)b[j - 1]));
            if (up + 1 < best) {
                best = up + 1;
            }
            if (row[j - 1] + 1 < best) {
                best = row[j - 1] + 1;
            }
            row[j] = best;
            diag = up;
        }
    }
    return row[bn];
}

/* A bounded message: pieces that do not fit are cut, never overrun. */
typedef struct {
    char text[ILONET_ERROR_MSG_MAX];
    size_t len;
} msg_t;

static void msg_add(msg_t *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void msg_add(msg_t *m, const char *fmt, ...)
{
    if (m->len >= sizeof m->text - 1) {
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(m->text + m->len, sizeof m->text - m->len, fmt, ap);
    va_end(ap);
    if (k > 0) {
        m->len += (size_t)k;
        if (m->len > sizeof m->text - 1) {
            m->len = sizeof m->text - 1;
        }
    }
}

/* Appends 'a', 'b'<last_sep>'c' for the ids of nodes[0..k). */
static void msg_ids(msg_t *m, const ilonet_network_t *net, const size_t *nodes, size_t k,
                    const char *last_sep)
{
    for (size_t i = 0; i < k; i++) {
        if (i > 0) {
            msg_add(m, "%s", i + 1 == k ? last_sep : ", ");
        }
        msg_add(m, "'%s'", ilonet_network_node_id(net, nodes[i]));
    }
}

typedef struct {
    size_t node;
    const char *id;
    int substring; /* name occurs in the id or label */
    size_t dist;
} candidate_t;

static int by_closeness(const void *pa, const void *pb)
{
    const candidate_t *a = pa, *b = pb;
    if (a->substring != b->substring) {
        return b->substring - a->substring;
    }
    if (a->dist != b->dist) {
        return a->dist < b->dist ? -1 : 1;
    }
    return strcmp(a->id, b->id);
}

static ilonet_status_t unknown_node(const ilonet_network_t *net, const char *name,
                                    ilonet_error_t *err)
{
    size_t n = ilonet_network_node_count(net);
    size_t nl = strlen(name);
    size_t limit = nl / 3 > 1 ? nl / 3 : 1;
    candidate_t *cand = malloc((n ? n : 1) * sizeof *cand);
    size_t *row = malloc((nl + 1) * sizeof *row);
    size_t nc = 0;
    if (cand == NULL || row == NULL) {
        free(cand);
        free(row);
        return ilonet_error_nomem(err);
    }
    for (size_t i = 0; i < n; i++) {
        const char *id = ilonet_network_node_id(net, i);
        int sub = nl > 0 && (contains_nocase(id, name) ||
                             contains_nocase(ilonet_network_node_label(net, i), name));
        size_t idn = strlen(id);
        size_t diff = idn > nl ? idn - nl : nl - idn;
        /* the length difference bounds the distance from below: skip hopeless ids cheaply */
        size_t dist = sub || diff <= limit ? edit_distance(id, name, nl, row) : SIZE_MAX;
        if (sub || dist <= limit) {
            cand[nc++] = (candidate_t){.node = i, .id = id, .substring = sub, .dist = dist};
        }
    }
    qsort(cand, nc, sizeof *cand, by_closeness);
    size_t best[MAX_SUGGESTIONS];
    size_t k = nc < MAX_SUGGESTIONS ? nc : MAX_SUGGESTIONS;
    for (size_t i = 0; i < k; i++) {
        best[i] = cand[i].node;
    }
    msg_t m = {.len = 0};
    msg_add(&m, "unknown node '%s'", name);
    if (k > 0) {
        msg_add(&m, "; did you mean ");
        msg_ids(&m, net, best, k, " or ");
        msg_add(&m, "?");
    }
    free(cand);
    free(row);
    return ilonet_error_set(err, ILONET_EDATA, NULL, 0, "%s", m.text);
}

ilonet_status_t ilonet_ego_find(const ilonet_network_t *net, const char *name, size_t *index,
                                ilonet_error_t *err)
{
    if (name == NULL) {
        return ilonet_error_set(err, ILONET_EUSAGE, NULL, 0, "no node name given");
    }
    size_t i = ilonet_network_find_node(net, name);
    if (i != ILONET_NONE) {
        *index = i;
        return ILONET_OK;
    }
    size_t n = ilonet_network_node_count(net);
    /* Each step is looser than the one before; the first step that matches anything decides. */
    for (int step = 0; step < 3; step++) {
        size_t found[MAX_SUGGESTIONS];
        size_t count = 0;
        for (i = 0; i < n; i++) {
            const char *id = ilonet_network_node_id(net, i);
            const char *label = ilonet_network_node_label(net, i);
            int hit = step == 0   ? equal_nocase(id, name)
                      : step == 1 ? strcmp(label, name) == 0
                                  : equal_nocase(label, name);
            if (hit) {
                if (count < MAX_SUGGESTIONS) {
                    found[count] = i;
                }
                count++;
            }
        }
        if (count == 1) {
            *index = found[0];
            return ILONET_OK;
        }
        if (count > 1) {
            msg_t m = {.len = 0};
            size_t shown = count < MAX_SUGGESTIONS ? count : MAX_SUGGESTIONS;
            msg_add(&m, "ambiguous node '%s': it matches ids ", name);
            msg_ids(&m, net, found, shown, count > shown ? ", " : " and ");
            if (count > shown) {
                msg_add(&m, " and %zu more", count - shown);
            }
            msg_add(&m, "; give the id");
            return ilonet_error_set(err, ILONET_EDATA, NULL, 0, "%s", m.text);
        }
    }
    return unknown_node(net, name, err);
}

/* ---- gathering ---------------------------------------------------------------------------- */

typedef struct {
    const char *id;
    size_t node;
} named_t;

typedef struct {
    size_t node;
    const char *id;
    double strength; /* summed tie strength over both directions */
    double key;      /* strength rounded for sorting */
    int out, in;     /* directed: a tie from the ego / to the ego exists */
    size_t at;       /* start of this tie's segment in the types and years pools */
    size_t n_rows;   /* rows behind the tie (the segment's capacity) */
    size_t n_types;
    size_t n_years;
} tie_t;

typedef struct {
    size_t node;
    const char *id;
    size_t at; /* start of its second-mode nodes in the via pool */
    size_t n_via;
    int direct;
} partner_t;

typedef struct {
    const ilonet_report_input_t *in;
    const ilonet_network_t *net;
    size_t ego;
    size_t n;
    int radius;

    double value[N_MEASURES];
    size_t rank[N_MEASURES]; /* 0 when the ego's value is undefined */
    size_t of[N_MEASURES];

    tie_t *ties;
    size_t n_ties;
    size_t *tie_slot; /* node -> index in ties or ILONET_NONE */
    size_t *types;    /* pools, one segment per tie */
    int *years;

    const char *kinds; /* the second kinds as given (a twomode kind list) */
    const char **kind; /* parsed second kinds (pointers into kinds) */
    size_t *kind_len;
    size_t n_kinds;
    char *second; /* per node: its kind is one of the second kinds */
    partner_t *partners;
    size_t n_partners;
    named_t *via;
    named_t *members;
    size_t n_members;

    named_t *reached;  /* by distance, then id */
    size_t *level_end; /* level d (1-based) is reached[level_end[d-1] .. level_end[d]) */
    size_t n_levels;   /* includes one trailing empty level when within the radius */
    size_t n_reached;
} ego_t;

static void ego_free(ego_t *e)
{
    free(e->ties);
    free(e->tie_slot);
    free(e->types);
    free(e->years);
    free(e->kind);
    free(e->kind_len);
    free(e->second);
    free(e->partners);
    free(e->via);
    free(e->members);
    free(e->reached);
    free(e->level_end);
}

static double measure_value(const ilonet_centrality_t *c, int m, size_t i)
{
    switch (m) {
    case 0:
        return (double)VECTOR(c->degree)[i];
    case 1:
        return VECTOR(c->strength)[i];
    case 2:
        return VECTOR(c->betweenness)[i];
    case 3:
        return VECTOR(c->closeness)[i];
    case 4:
        return VECTOR(c->harmonic)[i];
    case 5:
        return VECTOR(c->eigenvector)[i];
    case 6:
        return VECTOR(c->pagerank)[i];
    default:
        return (double)VECTOR(c->coreness)[i];
    }
}

/* Competition ranking ("1224"): 1 + the number of nodes with a strictly higher value. */
static void gather_ranks(ego_t *e)
{
    const ilonet_centrality_t *c = e->in->cent;
    for (int m = 0; m < N_MEASURES; m++) {
        double v = measure_value(c, m, e->ego);
        double rv = ilonet_report_sort_round(v);
        int defined = isfinite(v);
        size_t higher = 0, of = 0;
        for (size_t j = 0; j < e->n; j++) {
            double x = measure_value(c, m, j);
            if (!isfinite(x)) {
                continue;
            }
            of++;
            if (defined && ilonet_report_sort_round(x) > rv) {
                higher++;
            }
        }
        e->value[m] = v;
        e->rank[m] = defined ? higher + 1 : 0;
        e->of[m] = of;
    }
}

static int by_strength_then_id(const void *pa, const void *pb)
{
    const tie_t *a = pa, *b = pb;
    if (a->key != b->key) {
        return a->key > b->key ? -1 : 1;
    }
    return strcmp(a->id, b->id);
}

static int by_int(const void *pa, const void *pb)
{
    int a = *(const int *)pa, b = *(const int *)pb;
    return (a > b) - (a < b);
}

static int by_id(const void *pa, const void *pb)
{
    return strcmp(((const named_t *)pa)->id, ((const named_t *)pb)->id);
}

/* The other end of row r when the ego is one end of a kept (non-loop) row, else ILONET_NONE. */
static size_t row_partner(const ego_t *e, size_t r)
{
    const ilonet_network_t *net = e->net;
    if (e->in->graph->row_tie[r] == ILONET_NONE) {
        return ILONET_NONE;
    }
    if (net->row_src[r] == e->ego) {
        return net->row_dst[r];
    }
    if (net->row_dst[r] == e->ego) {
        return net->row_src[r];
    }
    return ILONET_NONE;
}

static ilonet_status_t gather_ties(ego_t *e, ilonet_error_t *err)
{
    const ilonet_graph_t *gr = e->in->graph;
    const ilonet_network_t *net = e->net;
    const igraph_t *g = &gr->g;
    igraph_integer_t m = igraph_ecount(g);
    size_t n_rows = 0;

    e->ties = malloc((e->n ? e->n : 1) * sizeof *e->ties);
    e->tie_slot = malloc((e->n ? e->n : 1) * sizeof *e->tie_slot);
    if (e->ties == NULL || e->tie_slot == NULL) {
        return ilonet_error_nomem(err);
    }
    for (size_t i = 0; i < e->n; i++) {
        e->tie_slot[i] = ILONET_NONE;
    }
    /* One entry per neighbour: a directed graph may hold A->B and B->A as two ties. */
    for (igraph_integer_t t = 0; t < m; t++) {
        size_t from = (size_t)IGRAPH_FROM(g, t), to = (size_t)IGRAPH_TO(g, t);
        size_t other = from == e->ego ? to : to == e->ego ? from : ILONET_NONE;
        if (other == ILONET_NONE) {
            continue;
        }
        size_t s = e->tie_slot[other];
        if (s == ILONET_NONE) {
            s = e->tie_slot[other] = e->n_ties++;
            e->ties[s] = (tie_t){.node = other, .id = ilonet_network_node_id(net, other)};
        }
        e->ties[s].strength += VECTOR(gr->strength)[t];
        if (from == e->ego) {
            e->ties[s].out = 1;
        } else {
            e->ties[s].in = 1;
        }
    }
    for (size_t r = 0; r < net->n_rows; r++) {
        size_t other = row_partner(e, r);
        if (other != ILONET_NONE) {
            e->ties[e->tie_slot[other]].n_rows++;
            n_rows++;
        }
    }
    e->types = malloc((n_rows ? n_rows : 1) * sizeof *e->types);
    e->years = malloc((n_rows ? n_rows : 1) * sizeof *e->years);
    if (e->types == NULL || e->years == NULL) {
        return ilonet_error_nomem(err);
    }
    size_t at = 0;
    for (size_t s = 0; s < e->n_ties; s++) {
        e->ties[s].at = at;
        at += e->ties[s].n_rows;
        e->ties[s].key = ilonet_report_sort_round(e->ties[s].strength);
    }
    /* Distinct types and years per neighbour; types keep the order of their first row. */
    for (size_t r = 0; r < net->n_rows; r++) {
        size_t other = row_partner(e, r);
        if (other == ILONET_NONE) {
            continue;
        }
        tie_t *t = &e->ties[e->tie_slot[other]];
        size_t type = net->row_type[r];
        if (type != ILONET_NONE) {
            size_t k = 0;
            while (k < t->n_types && e->types[t->at + k] != type) {
                k++;
            }
            if (k == t->n_types) {
                e->types[t->at + t->n_types++] = type;
            }
        }
        int year = net->row_year[r];
        if (year != ILONET_NO_YEAR) {
            size_t k = 0;
            while (k < t->n_years && e->years[t->at + k] != year) {
                k++;
            }
            if (k == t->n_years) {
                e->years[t->at + t->n_years++] = year;
            }
        }
    }
    for (size_t s = 0; s < e->n_ties; s++) {
        qsort(e->years + e->ties[s].at, e->ties[s].n_years, sizeof *e->years, by_int);
    }
    /* Sorting moves the entries, so tie_slot is rebuilt to keep pointing at them. */
    qsort(e->ties, e->n_ties, sizeof *e->ties, by_strength_then_id);
    for (size_t s = 0; s < e->n_ties; s++) {
        e->tie_slot[e->ties[s].node] = s;
    }
    return ILONET_OK;
}

static ilonet_status_t parse_kinds(ego_t *e, const char *spec, ilonet_error_t *err)
{
    size_t cap = 1;
    for (const char *p = spec; *p; p++) {
        cap += *p == ',';
    }
    e->kind = malloc(cap * sizeof *e->kind);
    e->kind_len = malloc(cap * sizeof *e->kind_len);
    if (e->kind == NULL || e->kind_len == NULL) {
        return ilonet_error_nomem(err);
    }
    const char *rest = spec, *name;
    size_t len;
    while (ilonet_twomode_next_kind(&rest, &name, &len)) {
        e->kind[e->n_kinds] = name;
        e->kind_len[e->n_kinds++] = len;
    }
    e->kinds = spec;
    if (e->n_kinds == 0) {
        return ilonet_error_set(err, ILONET_EUSAGE, NULL, 0,
                                "no kind given for the second mode ('%s')", spec);
    }
    return ILONET_OK;
}

static int by_shared_then_id(const void *pa, const void *pb)
{
    const partner_t *a = pa, *b = pb;
    if (a->n_via != b->n_via) {
        return a->n_via > b->n_via ? -1 : 1;
    }
    return strcmp(a->id, b->id);
}

static ilonet_status_t gather_two_mode(ego_t *e, const igraph_adjlist_t *al, ilonet_error_t *err)
{
    const ilonet_network_t *net = e->net;
    size_t n = e->n;
    size_t *pslot = NULL;
    ilonet_status_t st = ILONET_OK;

    e->second = malloc(n ? n : 1);
    if (e->second == NULL) {
        return ilonet_error_nomem(err);
    }
    for (size_t i = 0; i < n; i++) {
        const char *kind = ilonet_network_node_kind(net, i);
        e->second[i] = (char)ilonet_twomode_kind_listed(e->kinds, kind);
    }
    const igraph_vector_int_t *mine = igraph_adjlist_get(al, e->ego);
    igraph_integer_t deg = igraph_vector_int_size(mine);
    if (e->second[e->ego]) {
        e->members = malloc((deg ? (size_t)deg : 1) * sizeof *e->members);
        if (e->members == NULL) {
            return ilonet_error_nomem(err);
        }
        for (igraph_integer_t k = 0; k < deg; k++) {
            size_t v = (size_t)VECTOR(*mine)[k];
            if (!e->second[v]) {
                e->members[e->n_members++] =
                    (named_t){.id = ilonet_network_node_id(net, v), .node = v};
            }
        }
        qsort(e->members, e->n_members, sizeof *e->members, by_id);
        return ILONET_OK;
    }

    pslot = malloc((n ? n : 1) * sizeof *pslot);
    e->partners = malloc((n ? n : 1) * sizeof *e->partners);
    if (pslot == NULL || e->partners == NULL) {
        st = ilonet_error_nomem(err);
        goto cleanup;
    }
    for (size_t i = 0; i < n; i++) {
        pslot[i] = ILONET_NONE;
    }
    /* Two passes over ego - second-mode node - partner paths: count, then fill the pool. The
     * adjacency list has no multiple entries, so each (partner, via) pair comes once. */
    size_t total = 0;
    for (int pass = 0; pass < 2; pass++) {
        for (igraph_integer_t k = 0; k < deg; k++) {
            size_t s = (size_t)VECTOR(*mine)[k];
            if (!e->second[s]) {
                continue;
            }
            const igraph_vector_int_t *theirs = igraph_adjlist_get(al, s);
            for (igraph_integer_t j = 0; j < igraph_vector_int_size(theirs); j++) {
                size_t p = (size_t)VECTOR(*theirs)[j];
                if (p == e->ego || e->second[p]) {
                    continue;
                }
                if (pslot[p] == ILONET_NONE) {
                    pslot[p] = e->n_partners++;
                    e->partners[pslot[p]] = (partner_t){
                        .node = p,
                        .id = ilonet_network_node_id(net, p),
                        .direct = e->tie_slot[p] != ILONET_NONE,
                    };
                }
                partner_t *pt = &e->partners[pslot[p]];
                if (pass == 0) {
                    pt->n_via++;
                    total++;
                } else {
                    e->via[pt->at + pt->n_via++] =
                        (named_t){.id = ilonet_network_node_id(net, s), .node = s};
                }
            }
        }
        if (pass == 0) {
            e->via = malloc((total ? total : 1) * sizeof *e->via);
            if (e->via == NULL) {
                st = ilonet_error_nomem(err);
                goto cleanup;
            }
            size_t at = 0;
            for (size_t q = 0; q < e->n_partners; q++) {
                e->partners[q].at = at;
                at += e->partners[q].n_via;
                e->partners[q].n_via = 0;
            }
        }
    }
    for (size_t q = 0; q < e->n_partners; q++) {
        qsort(e->via + e->partners[q].at, e->partners[q].n_via, sizeof *e->via, by_id);
    }
    qsort(e->partners, e->n_partners, sizeof *e->partners, by_shared_then_id);

cleanup:
    free(pslot);
    return st;
}

/* Breadth-first search over ties taken either way, stopping at the radius. The queue holds the
 * nodes level by level, so each distance is one contiguous run of it. */
static ilonet_status_t gather_reach(ego_t *e, const igraph_adjlist_t *al, ilonet_error_t *err)
{
    size_t n = e->n;
    int *dist = malloc(n * sizeof *dist);
    size_t *queue = malloc(n * sizeof *queue);
    ilonet_status_t st = ILONET_OK;
    if (dist == NULL || queue == NULL) {
        st = ilonet_error_nomem(err);
        goto cleanup;
    }
    for (size_t i = 0; i < n; i++) {
        dist[i] = -1;
    }
    size_t head = 0, tail = 0;
    dist[e->ego] = 0;
    queue[tail++] = e->ego;
    while (head < tail) {
        size_t v = queue[head++];
        if (dist[v] >= e->radius) {
            continue;
        }
        const igraph_vector_int_t *nb = igraph_adjlist_get(al, v);
        for (igraph_integer_t k = 0; k < igraph_vector_int_size(nb); k++) {
            size_t u = (size_t)VECTOR(*nb)[k];
            if (dist[u] < 0) {
                dist[u] = dist[v] + 1;
                queue[tail++] = u;
            }
        }
    }
    e->n_reached = tail - 1;
    size_t max_d = e->n_reached > 0 ? (size_t)dist[queue[tail - 1]] : 0;
    /* One empty level after the last non-empty one (within the radius) says "nothing further". */
    e->n_levels = max_d < (size_t)e->radius ? max_d + 1 : max_d;
    e->reached = malloc((e->n_reached ? e->n_reached : 1) * sizeof *e->reached);
    e->level_end = calloc(e->n_levels + 1, sizeof *e->level_end);
    if (e->reached == NULL || e->level_end == NULL) {
        st = ilonet_error_nomem(err);
        goto cleanup;
    }
    for (size_t k = 1; k < tail; k++) {
        size_t v = queue[k];
        e->reached[k - 1] = (named_t){.id = ilonet_network_node_id(e->net, v), .node = v};
        e->level_end[dist[v]] = k;
    }
    for (size_t d = 1; d <= e->n_levels; d++) {
        if (e->level_end[d] < e->level_end[d - 1]) {
            e->level_end[d] = e->level_end[d - 1]; /* the trailing empty level */
        }
        qsort(e->reached + e->level_end[d - 1], e->level_end[d] - e->level_end[d - 1],
              sizeof *e->reached, by_id);
    }

cleanup:
    free(dist);
    free(queue);
    return st;
}

/* ---- text ------------------------------------------------------------------------------- */

/* One logical output line, built piece by piece, then wrapped. */
typedef struct {
    char *s;
    size_t len;
    size_t cap;
    int failed;
} buf_t;

static void buf_add(buf_t *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void buf_add(buf_t *b, const char *fmt, ...)
{
    if (b->failed) {
        return;
    }
    va_list ap, again;
    va_start(ap, fmt);
    va_copy(again, ap);
    int k = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (k < 0) {
        b->failed = 1;
        va_end(again);
        return;
    }
    size_t need = b->len + (size_t)k + 1;
    if (need > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < need) {
            cap *= 2;
        }
        char *s = realloc(b->s, cap);
        if (s == NULL) {
            b->failed = 1;
            va_end(again);
            return;
        }
        b->s = s;
        b->cap = cap;
    }
    vsnprintf(b->s + b->len, b->cap - b->len, fmt, again);
    va_end(again);
    b->len += (size_t)k;
}

/* Writes line breaking at spaces so that lines keep to LINE_WIDTH columns where the words allow;
 * continuation lines start with indent spaces. Leading spaces are indentation, not breaks. */
static void put_wrapped(FILE *fp, const char *line, size_t indent)
{
    const char *s = line;
    size_t avail = LINE_WIDTH;
    for (;;) {
        size_t len = strlen(s);
        if (ilonet_text_width(s, len) <= avail) {
            fputs(s, fp);
            break;
        }
        size_t start = 0;
        while (s[start] == ' ') {
            start++;
        }
        size_t brk = 0, col = 0;
        for (size_t k = 0; s[k] != '\0'; k++) {
            if (s[k] == ' ' && k > start) {
                if (col <= avail) {
                    brk = k;
                } else {
                    if (brk == 0) {
                        brk = k; /* one word longer than the line: break after it */
                    }
                    break;
                }
            }
            col += ((unsigned char)s[k] & 0xC0) != 0x80;
        }
        if (brk == 0) {
            fputs(s, fp);
            break;
        }
        size_t end = brk;
        while (end > start && s[end - 1] == ' ') {
            end--;
        }
        fwrite(s, 1, end, fp);
        s += brk;
        while (*s == ' ') {
            s++;
        }
        if (*s == '\0') {
            break;
        }
        fprintf(fp, "\n%*s", (int)indent, "");
        avail = LINE_WIDTH > indent + 20 ? LINE_WIDTH - indent : 20;
    }
    fputc('\n', fp);
}

static void emit(FILE *fp, buf_t *b, size_t indent)
{
    if (!b->failed) {
        put_wrapped(fp, b->len > 0 ? b->s : "", indent);
    }
    b->len = 0;
}

static void fmt_value(char *out, size_t size, double v, int integer)
{
    if (!isfinite(v)) {
        snprintf(out, size, "-");
    } else if (integer) {
        snprintf(out, size, "%.0f", v);
    } else {
        snprintf(out, size, "%.6g", v == 0.0 ? 0.0 : v); /* no "-0" */
    }
}

static double tie_weight(const ego_t *e, const tie_t *t)
{
    /* the inverse of the graph module's merge: strengths add, weights are their file meaning */
    return e->in->graph->weight_is == ILONET_WEIGHT_IS_DISTANCE ? 1.0 / t->strength : t->strength;
}

static const char *tie_direction(const tie_t *t)
{
    return t->out && t->in ? "both" : t->out ? "out" : "in";
}

static void text_name(buf_t *b, const ilonet_network_t *net, size_t i)
{
    const char *kind = ilonet_network_node_kind(net, i);
    buf_add(b, "%s", ilonet_network_node_label(net, i));
    if (*kind != '\0') {
        buf_add(b, " [%s]", kind);
    }
}

static void text_labels(buf_t *b, const ilonet_network_t *net, const named_t *list, size_t k)
{
    for (size_t i = 0; i < k; i++) {
        buf_add(b, "%s%s", i > 0 ? ", " : "", ilonet_network_node_label(net, list[i].node));
    }
}

static void text_kinds(buf_t *b, const ego_t *e)
{
    for (size_t k = 0; k < e->n_kinds; k++) {
        buf_add(b, "%s%.*s", k > 0 ? ", " : "", (int)e->kind_len[k], e->kind[k]);
    }
}

static const char *plural(size_t k)
{
    return k == 1 ? "" : "s";
}

static void text_ties(FILE *fp, buf_t *b, const ego_t *e)
{
    const ilonet_network_t *net = e->net;
    int directed = e->in->graph->directed;
    char w[32];
    size_t wlen = 0;
    if (e->n_ties == 0) {
        buf_add(b, "Ties: none");
        emit(fp, b, 2);
        return;
    }
    for (size_t s = 0; s < e->n_ties; s++) {
        fmt_value(w, sizeof w, tie_weight(e, &e->ties[s]), 0);
        wlen = strlen(w) > wlen ? strlen(w) : wlen;
    }
    buf_add(b, "Ties: %zu neighbour%s (strongest first, then id; weight = merged weight%s)",
            e->n_ties, plural(e->n_ties), directed ? "; -> out, <- in" : "");
    emit(fp, b, 2);
    for (size_t s = 0; s < e->n_ties; s++) {
        const tie_t *t = &e->ties[s];
        fmt_value(w, sizeof w, tie_weight(e, t), 0);
        buf_add(b, "  %*s  ", (int)wlen, w);
        if (directed) {
            buf_add(b, "%-3s  ", t->out && t->in ? "<->" : t->out ? "->" : "<-");
        }
        text_name(b, net, t->node);
        if (t->n_types > 0 || t->n_years > 0) {
            buf_add(b, " --");
        }
        for (size_t k = 0; k < t->n_types; k++) {
            buf_add(b, "%s%s", k > 0 ? ", " : " ",
                    ilonet_strtab_get(&net->values, e->types[t->at + k]));
        }
        if (t->n_years > 0) {
            buf_add(b, "%s year%s", t->n_types > 0 ? ";" : "", plural(t->n_years));
        }
        for (size_t k = 0; k < t->n_years; k++) {
            buf_add(b, "%s%d", k > 0 ? ", " : " ", e->years[t->at + k]);
        }
        emit(fp, b, 4 + wlen + (directed ? 5 : 0));
    }
}

static void text_two_mode(FILE *fp, buf_t *b, const ego_t *e)
{
    const ilonet_network_t *net = e->net;
    if (e->second[e->ego]) {
        buf_add(b, "Members (neighbours of a kind other than ");
        text_kinds(b, e);
        buf_add(b, "; by id): %zu", e->n_members);
        emit(fp, b, 2);
        for (size_t k = 0; k < e->n_members; k++) {
            buf_add(b, "  ");
            text_name(b, net, e->members[k].node);
            emit(fp, b, 4);
        }
        return;
    }
    buf_add(b, "Partners through ");
    text_kinds(b, e);
    if (e->n_partners == 0) {
        buf_add(b, ": none");
    } else {
        buf_add(b, ": %zu (most shared first, then id)", e->n_partners);
    }
    emit(fp, b, 2);
    for (size_t q = 0; q < e->n_partners; q++) {
        const partner_t *p = &e->partners[q];
        buf_add(b, "  ");
        text_name(b, net, p->node);
        buf_add(b, " -- via (%zu): ", p->n_via);
        text_labels(b, net, e->via + p->at, p->n_via);
        if (p->direct) {
            buf_add(b, "; also a direct tie");
        }
        emit(fp, b, 4);
    }
}

static ilonet_status_t write_text(FILE *fp, const ego_t *e, ilonet_error_t *err)
{
    const ilonet_network_t *net = e->net;
    const ilonet_report_input_t *in = e->in;
    const char *kind = ilonet_network_node_kind(net, e->ego);
    buf_t b = {0};
    char v[32];

    buf_add(&b, "%s", ilonet_network_node_label(net, e->ego));
    emit(fp, &b, 2);
    buf_add(&b, "  id       %s", ilonet_network_node_id(net, e->ego));
    emit(fp, &b, 11);
    buf_add(&b, "  kind     %s", *kind != '\0' ? kind : "-");
    emit(fp, &b, 11);
    if (in->clusters != NULL) {
        buf_add(&b, "  cluster  %" IGRAPH_PRId, VECTOR(in->clusters->membership)[e->ego]);
    } else {
        buf_add(&b, "  cluster  -");
    }
    emit(fp, &b, 11);

    emit(fp, &b, 0);
    buf_add(&b, "Centrality (rank 1 = highest; tied values share the better rank; "
                "of = nodes with a value)");
    emit(fp, &b, 2);
    for (int m = 0; m < N_MEASURES; m++) {
        fmt_value(v, sizeof v, e->value[m], measure_is_int[m]);
        buf_add(&b, "  %-11s %10s  ", measure_name[m], v);
        if (e->rank[m] > 0) {
            buf_add(&b, "rank %zu of %zu", e->rank[m], e->of[m]);
        } else {
            buf_add(&b, "undefined");
        }
        if (m >= 2 && m <= 4 && in->cent->betweenness_samples > 0) {
            buf_add(&b, " (estimated from %zu sampled sources)", in->cent->betweenness_samples);
        }
        emit(fp, &b, 27);
    }

    emit(fp, &b, 0);
    text_ties(fp, &b, e);

    if (e->n_kinds > 0) {
        emit(fp, &b, 0);
        text_two_mode(fp, &b, e);
    }

    emit(fp, &b, 0);
    buf_add(&b, "Reach within %d hop%s%s", e->radius, plural((size_t)e->radius),
            in->graph->directed ? " (ties taken either way)" : "");
    emit(fp, &b, 2);
    for (size_t d = 1; d <= e->n_levels; d++) {
        size_t count = e->level_end[d] - e->level_end[d - 1];
        buf_add(&b, "  distance %zu: %zu node%s", d, count, plural(count));
        if (e->radius > 1 && count > 0) {
            buf_add(&b, " -- ");
            text_labels(&b, net, e->reached + e->level_end[d - 1], count);
        }
        emit(fp, &b, 4);
    }
    size_t missed = e->n - 1 - e->n_reached;
    buf_add(&b, "  not within %d hop%s: %zu node%s", e->radius, plural((size_t)e->radius), missed,
            plural(missed));
    emit(fp, &b, 4);

    int failed = b.failed;
    free(b.s);
    return failed ? ilonet_error_nomem(err) : ILONET_OK;
}

/* ---- JSON ------------------------------------------------------------------------------- */

static json_t *str_or_null(const char *s)
{
    json_t *j = s != NULL && *s != '\0' ? json_string(s) : NULL;
    return j != NULL ? j : json_null();
}

/* {"id", "label", "kind"} of node i. */
static json_t *json_node(const ilonet_network_t *net, size_t i)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(ilonet_network_node_id(net, i)));
    json_object_set_new(o, "label", json_string(ilonet_network_node_label(net, i)));
    json_object_set_new(o, "kind", str_or_null(ilonet_network_node_kind(net, i)));
    return o;
}

static json_t *json_nodes(const ilonet_network_t *net, const named_t *list, size_t k)
{
    json_t *a = json_array();
    for (size_t i = 0; i < k; i++) {
        json_array_append_new(a, json_node(net, list[i].node));
    }
    return a;
}

static json_t *json_ties(const ego_t *e)
{
    const ilonet_network_t *net = e->net;
    json_t *arr = json_array();
    for (size_t s = 0; s < e->n_ties; s++) {
        const tie_t *t = &e->ties[s];
        json_t *o = json_node(net, t->node);
        json_t *types = json_array(), *years = json_array();
        json_object_set_new(o, "weight", json_real(tie_weight(e, t)));
        json_object_set_new(o, "direction",
                            e->in->graph->directed ? json_string(tie_direction(t)) : json_null());
        for (size_t k = 0; k < t->n_types; k++) {
            json_array_append_new(
                types, json_string(ilonet_strtab_get(&net->values, e->types[t->at + k])));
        }
        for (size_t k = 0; k < t->n_years; k++) {
            json_array_append_new(years, json_integer(e->years[t->at + k]));
        }
        json_object_set_new(o, "types", types);
        json_object_set_new(o, "years", years);
        json_array_append_new(arr, o);
    }
    return arr;
}

static json_t *json_two_mode(const ego_t *e)
{
    const ilonet_network_t *net = e->net;
    if (e->n_kinds == 0) {
        return json_null();
    }
    json_t *o = json_object(), *kinds = json_array();
    for (size_t k = 0; k < e->n_kinds; k++) {
        json_t *s = json_stringn(e->kind[k], e->kind_len[k]);
        json_array_append_new(kinds, s != NULL ? s : json_null());
    }
    json_object_set_new(o, "second_kinds", kinds);
    json_object_set_new(o, "ego_is_second_mode", json_boolean(e->second[e->ego]));
    if (e->second[e->ego]) {
        json_object_set_new(o, "partners", json_null());
        json_object_set_new(o, "members", json_nodes(net, e->members, e->n_members));
        return o;
    }
    json_t *arr = json_array();
    for (size_t q = 0; q < e->n_partners; q++) {
        const partner_t *p = &e->partners[q];
        json_t *po = json_node(net, p->node);
        json_object_set_new(po, "shared", json_integer((json_int_t)p->n_via));
        json_object_set_new(po, "direct", json_boolean(p->direct));
        json_object_set_new(po, "via", json_nodes(net, e->via + p->at, p->n_via));
        json_array_append_new(arr, po);
    }
    json_object_set_new(o, "partners", arr);
    json_object_set_new(o, "members", json_null());
    return o;
}

static json_t *json_reach(const ego_t *e)
{
    json_t *o = json_object(), *levels = json_array();
    json_object_set_new(o, "radius", json_integer(e->radius));
    json_object_set_new(o, "ignores_direction", json_boolean(e->in->graph->directed));
    for (size_t d = 1; d <= e->n_levels; d++) {
        size_t count = e->level_end[d] - e->level_end[d - 1];
        json_t *lv = json_object(), *nodes = json_array();
        for (size_t k = e->level_end[d - 1]; k < e->level_end[d]; k++) {
            json_t *no = json_object();
            json_object_set_new(no, "id", json_string(e->reached[k].id));
            json_object_set_new(no, "label",
                                json_string(ilonet_network_node_label(e->net, e->reached[k].node)));
            json_array_append_new(nodes, no);
        }
        json_object_set_new(lv, "distance", json_integer((json_int_t)d));
        json_object_set_new(lv, "count", json_integer((json_int_t)count));
        json_object_set_new(lv, "nodes", nodes);
        json_array_append_new(levels, lv);
    }
    json_object_set_new(o, "levels", levels);
    json_object_set_new(o, "not_reached", json_integer((json_int_t)(e->n - 1 - e->n_reached)));
    return o;
}

static ilonet_status_t write_json(FILE *fp, const ego_t *e, ilonet_error_t *err)
{
    const ilonet_report_input_t *in = e->in;
    json_t *root = json_object();
    json_t *node = json_node(e->net, e->ego);
    json_t *cent = json_object();
    ilonet_status_t st = ILONET_OK;

    json_object_set_new(node, "cluster",
                        in->clusters != NULL
                            ? json_integer(VECTOR(in->clusters->membership)[e->ego])
                            : json_null());
    json_object_set_new(root, "node", node);
    json_object_set_new(root, "rank_convention",
                        json_string("rank 1 = highest value; tied values share the better rank; "
                                    "of = nodes with a defined value"));
    for (int m = 0; m < N_MEASURES; m++) {
        json_t *mo = json_object();
        double v = e->value[m];
        json_object_set_new(mo, "value",
                            !isfinite(v)        ? json_null()
                            : measure_is_int[m] ? json_integer((json_int_t)v)
                                                : json_real(v));
        json_object_set_new(mo, "rank",
                            e->rank[m] > 0 ? json_integer((json_int_t)e->rank[m]) : json_null());
        json_object_set_new(mo, "of", json_integer((json_int_t)e->of[m]));
        if (m >= 2 && m <= 4) { /* betweenness, closeness, harmonic share the sampled sources */
            size_t k = in->cent->betweenness_samples;
            json_object_set_new(mo, "sampled_sources",
                                k > 0 ? json_integer((json_int_t)k) : json_null());
        }
        json_object_set_new(cent, measure_name[m], mo);
    }
    json_object_set_new(root, "centrality", cent);
    json_object_set_new(root, "ties", json_ties(e));
    json_object_set_new(root, "two_mode", json_two_mode(e));
    json_object_set_new(root, "reach", json_reach(e));
    if (json_dumpf(root, fp, JSON_INDENT(2) | JSON_REAL_PRECISION(12)) != 0) {
        st = ilonet_error_set(err, ILONET_EIO, NULL, 0, "write error");
    } else {
        fputc('\n', fp);
    }
    json_decref(root);
    return st;
}

/* ---- entry point ------------------------------------------------------------------------- */

ilonet_status_t ilonet_ego_write(FILE *fp, const ilonet_report_input_t *in, size_t node,
                                 const ilonet_ego_options_t *o, ilonet_ego_format_t fmt,
                                 ilonet_error_t *err)
{
    ilonet_ego_options_t defaults;
    ego_t e;
    igraph_adjlist_t al;
    int al_ready = 0;
    ilonet_status_t st = ILONET_OK;

    if (o == NULL) {
        ilonet_ego_options_default(&defaults);
        o = &defaults;
    }
    memset(&e, 0, sizeof e);
    e.in = in;
    e.net = in->net;
    e.n = ilonet_network_node_count(in->net);
    e.ego = node;
    e.radius = o->radius;
    if (node >= e.n) {
        return ilonet_error_set(err, ILONET_EUSAGE, NULL, 0, "node %zu out of range (%zu nodes)",
                                node, e.n);
    }
    if (o->radius < 1) {
        return ilonet_error_set(err, ILONET_EUSAGE, NULL, 0, "radius must be at least 1 (got %d)",
                                o->radius);
    }
    if (fmt != ILONET_EGO_TEXT && fmt != ILONET_EGO_JSON) {
        return ilonet_error_set(err, ILONET_EUSAGE, NULL, 0, "unknown ego output format %d",
                                (int)fmt);
    }
    if (o->second_kinds != NULL) {
        st = parse_kinds(&e, o->second_kinds, err);
        if (st != ILONET_OK) {
            goto cleanup;
        }
    }
    /* Every section below follows ties either way, each neighbour once. */
    st = ilonet_igraph_check(
        igraph_adjlist_init(&in->graph->g, &al, IGRAPH_ALL, IGRAPH_NO_LOOPS, IGRAPH_NO_MULTIPLE),
        "adjacency list", err);
    if (st != ILONET_OK) {
        goto cleanup;
    }
    al_ready = 1;
    gather_ranks(&e);
    st = gather_ties(&e, err);
    if (st == ILONET_OK && e.n_kinds > 0) {
        st = gather_two_mode(&e, &al, err);
    }
    if (st == ILONET_OK) {
        st = gather_reach(&e, &al, err);
    }
    if (st != ILONET_OK) {
        goto cleanup;
    }
    st = fmt == ILONET_EGO_JSON ? write_json(fp, &e, err) : write_text(fp, &e, err);
    if (st == ILONET_OK && ferror(fp)) {
        st = ilonet_error_set(err, ILONET_EIO, NULL, 0, "write error");
    }

cleanup:
    if (al_ready) {
        igraph_adjlist_destroy(&al);
    }
    ego_free(&e);
    return st;
}
