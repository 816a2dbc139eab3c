/* Unit tests of the load-time year filter and of ilonet_timeline_write, on the fixtures of
 * tests/data/timeline/ (described in its README.md). Every expected number is derived by hand in
 * the comment beside it. */

/* test_util.h defines it too; cmocka needs <setjmp.h> and <stdint.h> first. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdint.h>

#include "test_util.h"

#include <dirent.h>
#include <math.h>
#include <sys/stat.h>

#include "ilonet/igraph_bridge.h"
#include "ilonet/load.h"
#include "ilonet/network.h"
#include "ilonet/pipeline.h"
#include "ilonet/timeline.h"

#define DATA "tests/data/timeline/"

/* edges.csv, by line (header = line 1):
 *   2 A,B,2018   3 B,C,2018   4 C,D,2019   5 D,E,2019   6 A,B,2019   7 E,F,(undated)
 *   8 F,G,2021   9 A,B,2021  10 B,A,2021  11 H,H,2022 (self-loop)
 * so 2018 = path A-B-C; 2019 = A-B plus path C-D-E; 2020 = nothing; 2021 = A-B (two rows,
 * strength 2) plus F-G; 2022 = a self-loop only. 9 dated rows, 1 undated. */

/* ---- helpers ------------------------------------------------------------------------------- */

static char *slurp(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (fp == NULL) {
        return NULL;
    }
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    assert_non_null(buf);
    size_t got;
    while ((got = fread(buf + len, 1, cap - len - 1, fp)) > 0) {
        len += got;
        if (cap - len < 2) {
            cap *= 2;
            buf = realloc(buf, cap);
            assert_non_null(buf);
        }
    }
    fclose(fp);
    buf[len] = '\0';
    return buf;
}

/* A fresh empty directory; the path is static per slot. */
static const char *temp_dir(int slot)
{
    static char dirs[4][64];
    char *d = dirs[slot % 4];
    snprintf(d, 64, "/tmp/ilonet-timeline-XXXXXX");
    assert_non_null(mkdtemp(d));
    return d;
}

/* Removes dir and the plain files in it. */
static void remove_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (d == NULL) {
        return;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
            char path[512];
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            unlink(path);
        }
    }
    closedir(d);
    rmdir(dir);
}

/* The entries of dir other than . and .., sorted, separated by spaces. */
static void dir_listing(const char *dir, char *buf, size_t size)
{
    char names[16][256];
    size_t n = 0;
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 && n < 16) {
            snprintf(names[n++], 256, "%s", e->d_name);
        }
    }
    closedir(d);
    qsort(names, n, sizeof names[0], (int (*)(const void *, const void *))strcmp);
    buf[0] = '\0';
    size_t used = 0;
    for (size_t i = 0; i < n; i++) {
        used += (size_t)snprintf(buf + used, size - used, "%s%s", i ? " " : "", names[i]);
    }
}

static void write_file(const char *path, const char *text)
{
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    fputs(text, fp);
    assert_int_equal(fclose(fp), 0);
}

/* Field k (0-based) of the CSV line starting at line (no quotes in these fixtures). */
static void field(const char *line, size_t k, char *buf, size_t size)
{
    for (size_t i = 0; i < k; i++) {
        line = strchr(line, ',');
        assert_non_null(line);
        line++;
    }
    size_t len = strcspn(line, ",\n");
    assert_true(len < size);
    memcpy(buf, line, len);
    buf[len] = '\0';
}

/* Column index of name in the header line of text. */
static size_t column(const char *text, const char *name)
{
    char f[64];
    size_t end = strcspn(text, "\n");
    size_t k = 0;
    for (const char *p = text; p < text + end; k++) {
        field(p, 0, f, sizeof f);
        if (strcmp(f, name) == 0) {
            return k;
        }
        p = strchr(p, ',');
        if (p == NULL || p > text + end) {
            break;
        }
        p++;
    }
    fail_msg("no column %s", name);
    return 0;
}

/* "id:value id:value ..." over the timeline.csv rows of year, value from column col; rows in
 * file order. */
static void year_column(const char *text, int year, const char *col, char *buf, size_t size)
{
    size_t c = column(text, col);
    char prefix[16];
    snprintf(prefix, sizeof prefix, "%d,", year);
    buf[0] = '\0';
    size_t used = 0;
    for (const char *line = strchr(text, '\n'); line != NULL; line = strchr(line, '\n')) {
        line++;
        if (strncmp(line, prefix, strlen(prefix)) != 0) {
            continue;
        }
        char id[64], v[64];
        field(line, 1, id, sizeof id);
        field(line, c, v, sizeof v);
        used += (size_t)snprintf(buf + used, size - used, "%s%s:%s", used ? " " : "", id, v);
    }
}

/* Whole-file compare with a readable failure. */
static void assert_file_is(const char *dir, const char *name, const char *want)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    char *got = slurp(path);
    assert_non_null(got);
    if (strcmp(got, want) != 0) {
        print_error("%s:\n--- got\n%s--- want\n%s", name, got, want);
        free(got);
        fail();
    }
    free(got);
}

typedef struct {
    char warnings[4096];
} log_sink_t;

static void collect(void *ctx, ilonet_log_level_t level, const char *message)
{
    log_sink_t *s = ctx;
    if (level == ILONET_LOG_WARNING) {
        size_t used = strlen(s->warnings);
        snprintf(s->warnings + used, sizeof s->warnings - used, "%s\n", message);
    }
}

static void options(ilonet_analyze_options_t *o, const char *edges, const char *nodes)
{
    ilonet_analyze_options_default(o);
    o->edges_path = edges;
    o->nodes_path = nodes;
}

static ilonet_status_t run(const ilonet_analyze_options_t *o, unsigned window, int cumulative,
                           const char *dir, ilonet_timeline_result_t *r, ilonet_error_t *err)
{
    ilonet_timeline_options_t t;
    ilonet_timeline_options_default(&t);
    t.window = window;
    t.cumulative = cumulative;
    return ilonet_timeline_write(o, &t, dir, r, err);
}

static void run_ok(const ilonet_analyze_options_t *o, unsigned window, int cumulative,
                   const char *dir, ilonet_timeline_result_t *r)
{
    ilonet_error_t err;
    ilonet_timeline_result_t local;
    if (run(o, window, cumulative, dir, r != NULL ? r : &local, &err) != ILONET_OK) {
        char msg[2048];
        ilonet_error_format(&err, msg, sizeof msg);
        fail_msg("timeline failed: %s", msg);
    }
}

static void load_edges(ilonet_network_t *net, const char *nodes, const char *edges, int from,
                       int to)
{
    ilonet_error_t err;
    ilonet_load_options_t lo;
    ilonet_load_options_default(&lo);
    lo.year_from = from;
    lo.year_to = to;
    assert_int_equal(ilonet_network_init(net, &err), ILONET_OK);
    if (nodes != NULL) {
        assert_int_equal(ilonet_load_nodes(net, nodes, &lo, &err), ILONET_OK);
    }
    if (ilonet_load_edges(net, edges, &lo, &err) != ILONET_OK) {
        fail_msg("%s: %s", edges, err.message);
    }
}

static void node_ids(const ilonet_network_t *net, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < ilonet_network_node_count(net); i++) {
        used += (size_t)snprintf(buf + used, size - used, "%s%s", i ? " " : "",
                                 ilonet_network_node_id(net, i));
    }
}

/* ---- the year filter at load time --------------------------------------------------------- */

static void load_bounds_skip_and_count_rows(void **state)
{
    (void)state;
    ilonet_network_t net;
    char ids[256];

    load_edges(&net, NULL, DATA "edges.csv", ILONET_NO_BOUND, ILONET_NO_BOUND);
    assert_int_equal(net.n_rows, 10); /* no bounds: every row, the undated one too */
    assert_int_equal(net.rows_outside_years, 0);
    assert_int_equal(net.rows_undated_skipped, 0);
    ilonet_network_destroy(&net);

    /* 2019..2020 keeps lines 4, 5, 6; 2018 (2 rows), 2021 (3) and 2022 (1) are outside;
     * line 7 has no year. Nodes come from kept rows only, in order of appearance: C D E A B
     * (F, G and H appear only in skipped rows). */
    load_edges(&net, NULL, DATA "edges.csv", 2019, 2020);
    assert_int_equal(net.n_rows, 3);
    assert_int_equal(net.rows_outside_years, 6);
    assert_int_equal(net.rows_undated_skipped, 1);
    assert_int_equal(net.row_line[0], 4);
    assert_int_equal(net.row_line[2], 6);
    node_ids(&net, ids, sizeof ids);
    assert_string_equal(ids, "C D E A B");
    ilonet_network_destroy(&net);

    /* an open lower end: 2021 and later = lines 8, 9, 10, 11; outside: 2018 x2, 2019 x3 */
    load_edges(&net, NULL, DATA "edges.csv", 2021, ILONET_NO_BOUND);
    assert_int_equal(net.n_rows, 4);
    assert_int_equal(net.rows_outside_years, 5);
    assert_int_equal(net.rows_undated_skipped, 1);
    ilonet_network_destroy(&net);

    /* an open upper end: up to 2018 = lines 2, 3 */
    load_edges(&net, NULL, DATA "edges.csv", ILONET_NO_BOUND, 2018);
    assert_int_equal(net.n_rows, 2);
    assert_int_equal(net.rows_outside_years, 7);
    ilonet_network_destroy(&net);
}

static void load_bounds_leave_out_untouched_nodes_file_nodes(void **state)
{
    (void)state;
    ilonet_network_t net;
    char ids[256];

    /* without bounds the nodes file declares all 9, Z (never tied) included */
    load_edges(&net, DATA "nodes.csv", DATA "edges.csv", ILONET_NO_BOUND, ILONET_NO_BOUND);
    assert_int_equal(ilonet_network_node_count(&net), 9);
    assert_int_equal(net.nodes_outside_years, 0);
    ilonet_network_destroy(&net);

    /* 2019 touches A B C D E: they stay in nodes-file order with their attributes; F G H Z go */
    load_edges(&net, DATA "nodes.csv", DATA "edges.csv", 2019, 2019);
    node_ids(&net, ids, sizeof ids);
    assert_string_equal(ids, "A B C D E");
    assert_int_equal(net.nodes_outside_years, 4);
    assert_int_equal(net.n_declared, 5);
    assert_string_equal(ilonet_network_node_label(&net, 3), "Delta");
    assert_string_equal(ilonet_network_node_label(&net, 4), "Epsilon");
    assert_string_equal(ilonet_network_node_kind(&net, 4), "org");
    assert_int_equal(net.node_line[4], 6); /* E is on line 6 of nodes.csv */
    assert_int_equal(ilonet_network_find_node(&net, "Z"), ILONET_NONE);
    /* rows point at the renumbered nodes: line 4 is C,D */
    assert_string_equal(ilonet_network_node_id(&net, net.row_src[0]), "C");
    assert_string_equal(ilonet_network_node_id(&net, net.row_dst[0]), "D");
    ilonet_network_destroy(&net);
}

static void load_bound_needs_a_year_column(void **state)
{
    (void)state;
    ilonet_network_t net;
    ilonet_error_t err;
    ilonet_load_options_t lo;
    ilonet_load_options_default(&lo);
    lo.year_from = 2019;
    assert_int_equal(ilonet_network_init(&net, &err), ILONET_OK);
    assert_int_equal(ilonet_load_edges(&net, DATA "no_year.csv", &lo, &err), ILONET_EDATA);
    assert_string_equal(err.file, DATA "no_year.csv");
    assert_int_equal(err.line, 1);
    assert_non_null(strstr(err.message, "--from/--to need a \"year\" column"));
    ilonet_network_destroy(&net);
}

static void expect_year_error(const char *text, size_t line, const char *shown)
{
    ilonet_network_t net;
    ilonet_error_t err;
    ilonet_load_options_t lo;
    ilonet_load_options_default(&lo);
    const char *path = temp_csv(0, text);
    assert_int_equal(ilonet_network_init(&net, &err), ILONET_OK);
    assert_int_equal(ilonet_load_edges(&net, path, &lo, &err), ILONET_EDATA);
    assert_string_equal(err.file, path);
    assert_int_equal(err.line, line);
    if (strstr(err.message, shown) == NULL) {
        fail_msg("message \"%s\" lacks %s", err.message, shown);
    }
    ilonet_network_destroy(&net);
    unlink(path);
}

static void load_bad_year_values_are_errors_with_their_line(void **state)
{
    (void)state;
    ilonet_network_t net;
    ilonet_error_t err;
    ilonet_load_options_t lo;
    ilonet_load_options_default(&lo);
    assert_int_equal(ilonet_network_init(&net, &err), ILONET_OK);
    assert_int_equal(ilonet_load_edges(&net, DATA "bad_year.csv", &lo, &err), ILONET_EDATA);
    assert_int_equal(err.line, 4);
    assert_non_null(strstr(err.message, "year \"19\" is not a four-digit year (1000 to 2999)"));
    ilonet_network_destroy(&net);

    expect_year_error("source,target,year\nA,B,2019\nB,C,-50\n", 3, "\"-50\"");
    expect_year_error("source,target,year\nA,B,20199\n", 2, "\"20199\"");
    expect_year_error("source,target,year\nA,B,999\n", 2, "\"999\"");
    expect_year_error("source,target,year\nA,B,3000\n", 2, "\"3000\"");
    expect_year_error("source,target,year\nA,B,2019.0\n", 2, "not a whole number");
    /* the ends of the range are years */
    ilonet_network_t ok;
    assert_int_equal(ilonet_network_init(&ok, &err), ILONET_OK);
    const char *path = temp_csv(0, "source,target,year\nA,B,1000\nB,C,2999\n");
    assert_int_equal(ilonet_load_edges(&ok, path, &lo, &err), ILONET_OK);
    assert_int_equal(ok.row_year[0], 1000);
    assert_int_equal(ok.row_year[1], 2999);
    ilonet_network_destroy(&ok);
    unlink(path);

    /* a skipped row is still checked: the bad value on line 4 is outside 2018..2018 */
    lo.year_to = 2018;
    assert_int_equal(ilonet_network_init(&net, &err), ILONET_OK);
    assert_int_equal(ilonet_load_edges(&net, DATA "bad_year.csv", &lo, &err), ILONET_EDATA);
    assert_int_equal(err.line, 4);
    ilonet_network_destroy(&net);
}

static void load_bounds_are_checked(void **state)
{
    (void)state;
    ilonet_network_t net;
    ilonet_error_t err;
    ilonet_load_options_t lo;
    ilonet_load_options_default(&lo);

    lo.year_from = 2021;
    lo.year_to = 2019;
    assert_int_equal(ilonet_network_init(&net, &err), ILONET_OK);
    assert_int_equal(ilonet_load_edges(&net, DATA "edges.csv", &lo, &err), ILONET_EUSAGE);
    assert_string_equal(err.message, "--from 2021 is after --to 2019");
    ilonet_network_destroy(&net);

    lo.year_from = 19;
    lo.year_to = ILONET_NO_BOUND;
    assert_int_equal(ilonet_network_init(&net, &err), ILONET_OK);
    assert_int_equal(ilonet_load_edges(&net, DATA "edges.csv", &lo, &err), ILONET_EUSAGE);
    assert_non_null(strstr(err.message, "--from 19 is not a four-digit year"));
    ilonet_network_destroy(&net);

    /* bounds that keep nothing: 9 rows dated outside 2030.., 1 undated */
    lo.year_from = 2030;
    assert_int_equal(ilonet_network_init(&net, &err), ILONET_OK);
    assert_int_equal(ilonet_load_edges(&net, DATA "edges.csv", &lo, &err), ILONET_EDATA);
    assert_string_equal(err.message, "no edges dated 2030.. (9 rows dated outside, 1 undated)");
    ilonet_network_destroy(&net);
}

/* ---- the timeline ------------------------------------------------------------------------- */

static const char summary_header[] =
    "year,window_from,window_to,edge_rows,nodes,edges,density,components,clusters,modularity\n";

static void yearly_networks(void **state)
{
    (void)state;
    const char *dir = temp_dir(0);
    ilonet_analyze_options_t o;
    ilonet_timeline_result_t r;
    char got[512];
    options(&o, DATA "edges.csv", NULL);
    run_ok(&o, 1, 0, dir, &r);

    /* 2018, path A-B-C: 3 nodes, 2 ties, density 2/3, 1 component; the best split is none
     * (Q = 0; {A,B},{C} gives 1/2 - 9/16 - 1/16 = -1/8).
     * 2019, A-B and path C-D-E: 5 nodes, 3 ties, density 3/10, 2 components; clusters are the
     * components: Q = (1/3 - 1/9) + (2/3 - 4/9) = 4/9.
     * 2020: no row: 0 nodes, empty density and modularity.
     * 2021, A-B (rows 9, 10 merged, strength 2) and F-G: 4 nodes, 2 ties, density 2/6,
     * 2 components; Q on strengths (total 3) = (2/3 - 4/9) + (1/3 - 1/9) = 4/9.
     * 2022: one self-loop row, no tie: 1 edge row, 0 nodes. */
    char path[512];
    snprintf(path, sizeof path, "%s/timeline_summary.csv", dir);
    char *summary = slurp(path);
    assert_non_null(summary);
    char want[1024];
    snprintf(want, sizeof want,
             "%s"
             "2018,2018,2018,2,3,2,0.666666666667,1,1,0\n"
             "2019,2019,2019,3,5,3,0.3,2,2,0.444444444444\n"
             "2020,2020,2020,0,0,0,,0,0,\n"
             "2021,2021,2021,3,4,2,0.333333333333,2,2,0.444444444444\n"
             "2022,2022,2022,1,0,0,,0,0,\n",
             summary_header);
    assert_string_equal(summary, want);
    free(summary);

    snprintf(path, sizeof path, "%s/timeline.csv", dir);
    char *nodes = slurp(path);
    assert_non_null(nodes);
    static const char header[] = "year,id,label,kind,degree,strength,betweenness,closeness,"
                                 "harmonic,eigenvector,pagerank,coreness,cluster\n";
    assert_true(strncmp(nodes, header, strlen(header)) == 0);
    /* node sets and degrees, rows by id */
    year_column(nodes, 2018, "degree", got, sizeof got);
    assert_string_equal(got, "A:1 B:2 C:1");
    year_column(nodes, 2019, "degree", got, sizeof got);
    assert_string_equal(got, "A:1 B:1 C:1 D:2 E:1");
    year_column(nodes, 2020, "degree", got, sizeof got);
    assert_string_equal(got, "");
    year_column(nodes, 2021, "degree", got, sizeof got);
    assert_string_equal(got, "A:1 B:1 F:1 G:1");
    year_column(nodes, 2021, "strength", got, sizeof got);
    assert_string_equal(got, "A:2 B:2 F:1 G:1");
    year_column(nodes, 2022, "degree", got, sizeof got);
    assert_string_equal(got, "");
    /* B is the only broker of 2018 (one path, A-C, through it); D of 2019 */
    year_column(nodes, 2018, "betweenness", got, sizeof got);
    assert_string_equal(got, "A:0 B:1 C:0");
    year_column(nodes, 2019, "betweenness", got, sizeof got);
    assert_string_equal(got, "A:0 B:0 C:0 D:1 E:0");
    /* 12 node rows in all (3 + 5 + 4) after the header */
    size_t lines = 0;
    for (const char *p = nodes; *p; p++) {
        lines += *p == '\n';
    }
    assert_int_equal(lines, 13);
    free(nodes);

    assert_int_equal(r.from, 2018);
    assert_int_equal(r.to, 2022);
    assert_int_equal(r.years_without_ties, 2);
    assert_int_equal(r.dated_rows, 9);
    assert_int_equal(r.undated_rows, 1);
    assert_int_equal(r.rows_outside_years, 0);
    assert_false(r.projected);
    assert_string_equal(r.out_dir, dir);
    remove_dir(dir);
}

static void sliding_window_and_cumulative(void **state)
{
    (void)state;
    const char *dir = temp_dir(0);
    ilonet_analyze_options_t o;
    char got[512], want[1024];
    options(&o, DATA "edges.csv", NULL);

    /* K = 2, year y = rows of y-1 and y.
     * 2019 (2018-19): A-B twice (strength 2), B-C, C-D, D-E: the path A-B-C-D-E, 5 nodes,
     * 4 ties, density 4/10, 1 component. Best split {A,B},{C,D,E} on strengths (total 5):
     * (2/5 - (5/10)^2) + (2/5 - (5/10)^2) = 0.3 (vs {A,B,C},{D,E}: 0.11 + 0.11).
     * 2020 (2019-20) = 2019 alone; 2021 (2020-21) = 2021 alone.
     * 2022 (2021-22): A-B, F-G and H from its self-loop: 5 nodes, 2 ties, density 2/10,
     * 3 components; H's own cluster adds nothing to Q = 4/9. */
    run_ok(&o, 2, 0, dir, NULL);
    snprintf(want, sizeof want,
             "%s"
             "2018,2017,2018,2,3,2,0.666666666667,1,1,0\n"
             "2019,2018,2019,5,5,4,0.4,1,2,0.3\n"
             "2020,2019,2020,3,5,3,0.3,2,2,0.444444444444\n"
             "2021,2020,2021,3,4,2,0.333333333333,2,2,0.444444444444\n"
             "2022,2021,2022,4,5,2,0.2,3,3,0.444444444444\n",
             summary_header);
    assert_file_is(dir, "timeline_summary.csv", want);
    char path[512];
    snprintf(path, sizeof path, "%s/timeline.csv", dir);
    char *nodes = slurp(path);
    year_column(nodes, 2019, "degree", got, sizeof got);
    assert_string_equal(got, "A:1 B:2 C:2 D:2 E:1");
    year_column(nodes, 2022, "degree", got, sizeof got);
    assert_string_equal(got, "A:1 B:1 F:1 G:1 H:0");
    free(nodes);

    /* cumulative: everything dated up to y.
     * 2020 = 2019's cumulative network (2020 adds nothing).
     * 2021: ties A-B (4 rows), B-C, C-D, D-E, F-G: 7 nodes, 5 ties, density 5/21,
     * 2 components; {A,B},{C,D,E},{F,G} on strengths (degrees 4,5,2,2,1,1,1; total 8):
     * (4/8 - (9/16)^2) + (2/8 - (5/16)^2) + (1/8 - (2/16)^2) = 114/256 = 0.4453125.
     * 2022: + H alone: 8 nodes, density 5/28, 3 components, same Q. */
    run_ok(&o, 1, 1, dir, NULL);
    snprintf(want, sizeof want,
             "%s"
             "2018,2018,2018,2,3,2,0.666666666667,1,1,0\n"
             "2019,2018,2019,5,5,4,0.4,1,2,0.3\n"
             "2020,2018,2020,5,5,4,0.4,1,2,0.3\n"
             "2021,2018,2021,8,7,5,0.238095238095,2,3,0.4453125\n"
             "2022,2018,2022,9,8,5,0.178571428571,3,4,0.4453125\n",
             summary_header);
    assert_file_is(dir, "timeline_summary.csv", want);
    nodes = slurp(path);
    /* E-F (line 7) has no year, so it is in no window: E keeps degree 1, F too */
    year_column(nodes, 2022, "degree", got, sizeof got);
    assert_string_equal(got, "A:1 B:2 C:2 D:2 E:1 F:1 G:1 H:0");
    free(nodes);
    remove_dir(dir);
}

static void load_bounds_limit_the_timeline(void **state)
{
    (void)state;
    const char *dir = temp_dir(0);
    ilonet_analyze_options_t o;
    ilonet_timeline_result_t r;
    ilonet_error_t err;
    char want[512];
    options(&o, DATA "edges.csv", NULL);
    o.load.year_from = 2019;
    o.load.year_to = 2020;

    /* by default the years reported are those of the kept rows: 2019 only */
    run_ok(&o, 1, 1, dir, &r);
    assert_int_equal(r.from, 2019);
    assert_int_equal(r.to, 2019);
    assert_int_equal(r.dated_rows, 3);
    assert_int_equal(r.rows_outside_years, 6);
    assert_int_equal(r.undated_rows, 1);

    /* asked for 2019..2020, cumulative: 2020's window starts at the bound, 2019, not 2018 */
    ilonet_timeline_options_t t;
    ilonet_timeline_options_default(&t);
    t.cumulative = 1;
    t.from = 2019;
    t.to = 2020;
    assert_int_equal(ilonet_timeline_write(&o, &t, dir, &r, &err), ILONET_OK);
    snprintf(want, sizeof want,
             "%s"
             "2019,2019,2019,3,5,3,0.3,2,2,0.444444444444\n"
             "2020,2019,2020,3,5,3,0.3,2,2,0.444444444444\n",
             summary_header);
    assert_file_is(dir, "timeline_summary.csv", want);

    /* a year reported before the lower bound has an empty window */
    t.cumulative = 0;
    t.from = 2018;
    t.to = 2018;
    assert_int_equal(ilonet_timeline_write(&o, &t, dir, &r, &err), ILONET_OK);
    snprintf(want, sizeof want, "%s2018,,,0,0,0,,0,0,\n", summary_header);
    assert_file_is(dir, "timeline_summary.csv", want);
    remove_dir(dir);
}

static void undated_rows_are_counted_and_reported(void **state)
{
    (void)state;
    const char *dir = temp_dir(0);
    ilonet_analyze_options_t o;
    ilonet_timeline_result_t r;
    log_sink_t sink;
    memset(&sink, 0, sizeof sink);
    options(&o, DATA "edges.csv", NULL);
    o.log = collect;
    o.log_ctx = &sink;
    run_ok(&o, 1, 0, dir, &r);
    assert_int_equal(r.undated_rows, 1);
    /* the one warning; the yearly analyses' messages are verbose only */
    assert_string_equal(sink.warnings, "1 undated edge row left out of the timeline\n");
    remove_dir(dir);
}

static void nodes_file_gives_labels_not_nodes(void **state)
{
    (void)state;
    const char *dir = temp_dir(0);
    ilonet_analyze_options_t o;
    char got[512];
    options(&o, DATA "edges.csv", DATA "nodes.csv");
    run_ok(&o, 1, 0, dir, NULL);
    char path[512];
    snprintf(path, sizeof path, "%s/timeline.csv", dir);
    char *nodes = slurp(path);
    /* the same node sets as without the nodes file (Z, never tied, is in no year) */
    year_column(nodes, 2018, "label", got, sizeof got);
    assert_string_equal(got, "A:Alpha B:Beta C:Gamma");
    year_column(nodes, 2021, "kind", got, sizeof got);
    assert_string_equal(got, "A:org B:org F:org G:org");
    assert_null(strstr(nodes, "Zeta"));
    free(nodes);
    remove_dir(dir);
}

static void no_year_column_is_an_error(void **state)
{
    (void)state;
    char dir[512];
    snprintf(dir, sizeof dir, "%s/out", temp_dir(0));
    ilonet_analyze_options_t o;
    ilonet_error_t err;
    options(&o, DATA "no_year.csv", NULL);
    assert_int_equal(run(&o, 1, 0, dir, NULL, &err), ILONET_EDATA);
    assert_string_equal(err.file, DATA "no_year.csv");
    assert_int_equal(err.line, 1);
    assert_string_equal(err.message, "--by-year needs a \"year\" column");
    struct stat st;
    assert_int_not_equal(stat(dir, &st), 0); /* not even the folder was made */
    *strrchr(dir, '/') = '\0';
    remove_dir(dir);
}

static void bad_year_is_an_error_with_its_line(void **state)
{
    (void)state;
    const char *dir = temp_dir(0);
    ilonet_analyze_options_t o;
    ilonet_error_t err;
    options(&o, DATA "bad_year.csv", NULL);
    assert_int_equal(run(&o, 1, 0, dir, NULL, &err), ILONET_EDATA);
    assert_string_equal(err.file, DATA "bad_year.csv");
    assert_int_equal(err.line, 4);
    assert_non_null(strstr(err.message, "\"19\""));
    char listing[256];
    dir_listing(dir, listing, sizeof listing);
    assert_string_equal(listing, "");
    remove_dir(dir);
}

static void output_repeats_exactly(void **state)
{
    (void)state;
    const char *d1 = temp_dir(0);
    const char *d2 = temp_dir(1);
    ilonet_analyze_options_t o;
    options(&o, DATA "clusters.csv", NULL);
    run_ok(&o, 2, 0, d1, NULL);
    run_ok(&o, 2, 0, d2, NULL);
    const char *names[2] = {"timeline.csv", "timeline_summary.csv"};
    for (int k = 0; k < 2; k++) {
        char p1[512], p2[512];
        snprintf(p1, sizeof p1, "%s/%s", d1, names[k]);
        snprintf(p2, sizeof p2, "%s/%s", d2, names[k]);
        char *a = slurp(p1), *b = slurp(p2);
        assert_non_null(a);
        assert_non_null(b);
        assert_true(strlen(a) > 100);
        assert_string_equal(a, b);
        free(a);
        free(b);
    }
    remove_dir(d1);
    remove_dir(d2);
}

static void nothing_is_written_on_failure(void **state)
{
    (void)state;
    const char *dir = temp_dir(0);
    char path[512], listing[256];
    snprintf(path, sizeof path, "%s/timeline.csv", dir);
    write_file(path, "old\n");
    snprintf(path, sizeof path, "%s/timeline_summary.csv", dir);
    write_file(path, "old summary\n");

    /* 2018 has 1 tie; 2019 has 800, over edge betweenness clustering's limit (750), so the
     * run fails in its second year, after 2018 was written to the temporary files */
    size_t cap = 64 + 800 * 24;
    char *text = malloc(cap);
    assert_non_null(text);
    size_t used = (size_t)snprintf(text, cap, "source,target,year\nx,y,2018\n");
    for (int i = 0; i < 800; i++) {
        used += (size_t)snprintf(text + used, cap - used, "a%d,b%d,2019\n", i, i);
    }
    char edges[512];
    snprintf(edges, sizeof edges, "%s/input.csv", temp_dir(1));
    write_file(edges, text);
    free(text);
    ilonet_analyze_options_t o;
    ilonet_error_t err;
    options(&o, edges, NULL);
    o.cluster.method = ILONET_CLUSTER_EDGEBETWEENNESS;
    assert_int_equal(run(&o, 1, 0, dir, NULL, &err), ILONET_EUSAGE);
    assert_true(strncmp(err.message, "year 2019: ", 11) == 0);

    /* and a data error before any year */
    options(&o, DATA "bad_year.csv", NULL);
    assert_int_equal(run(&o, 1, 0, dir, NULL, &err), ILONET_EDATA);

    assert_file_is(dir, "timeline.csv", "old\n");
    assert_file_is(dir, "timeline_summary.csv", "old summary\n");
    dir_listing(dir, listing, sizeof listing);
    assert_string_equal(listing, "timeline.csv timeline_summary.csv"); /* no temp files left */
    remove_dir(dir);
    *strrchr(edges, '/') = '\0';
    remove_dir(edges);
}

static void cluster_numbers_carry_over(void **state)
{
    (void)state;
    const char *dir = temp_dir(0);
    ilonet_analyze_options_t o;
    char got[512];
    options(&o, DATA "clusters.csv", NULL);

    /* clusters.csv: 2018 triangle A-B-C and tie D-E; 2019 the same triangle and the clique
     * D-E-F-G; 2020 X-Y only; 2021 A-B. Disjoint cliques: the clusters are the components.
     * Each year alone numbers the largest first, so 2019 alone is D-E-F-G = 1, A-B-C = 2: */
    ilonet_analysis_t a;
    ilonet_error_t err;
    ilonet_analyze_options_t y = o;
    y.load.year_from = y.load.year_to = 2019;
    assert_int_equal(ilonet_analysis_run(&y, &a, 0, &err), ILONET_OK);
    ilonet_igraph_set_warning_sink(NULL, NULL);
    assert_int_equal(VECTOR(a.clusters.membership)[ilonet_network_find_node(&a.net, "D")], 1);
    assert_int_equal(VECTOR(a.clusters.membership)[ilonet_network_find_node(&a.net, "A")], 2);
    ilonet_analysis_destroy(&a);

    /* the timeline carries them: A-B-C had 1 in 2018 (3 members agree), D-E-F-G takes the 2
     * of D and E; X-Y is new (3); A-B in 2021 returns to 1 */
    run_ok(&o, 1, 0, dir, NULL);
    char path[512];
    snprintf(path, sizeof path, "%s/timeline.csv", dir);
    char *nodes = slurp(path);
    year_column(nodes, 2018, "cluster", got, sizeof got);
    assert_string_equal(got, "A:1 B:1 C:1 D:2 E:2");
    year_column(nodes, 2019, "cluster", got, sizeof got);
    assert_string_equal(got, "A:1 B:1 C:1 D:2 E:2 F:2 G:2");
    year_column(nodes, 2020, "cluster", got, sizeof got);
    assert_string_equal(got, "X:3 Y:3");
    year_column(nodes, 2021, "cluster", got, sizeof got);
    assert_string_equal(got, "A:1 B:1");
    free(nodes);

    /* in edges.csv, 2019's C-D-E shares one member (C) with 2018's cluster 1, but A-B shares
     * two, so A-B keeps 1 and C-D-E gets the new 2; 2021's F-G is new: 3 */
    options(&o, DATA "edges.csv", NULL);
    run_ok(&o, 1, 0, dir, NULL);
    nodes = slurp(path);
    year_column(nodes, 2019, "cluster", got, sizeof got);
    assert_string_equal(got, "A:1 B:1 C:2 D:2 E:2");
    year_column(nodes, 2021, "cluster", got, sizeof got);
    assert_string_equal(got, "A:1 B:1 F:3 G:3");
    free(nodes);
    remove_dir(dir);
}

static void two_mode_projection_is_decided_once(void **state)
{
    (void)state;
    const char *dir = temp_dir(0);
    ilonet_analyze_options_t o;
    ilonet_timeline_result_t r;
    char got[512], want[512];
    options(&o, DATA "twomode_edges.csv", DATA "twomode_nodes.csv");

    /* every tie joins an org and a project: AUTO projects onto the orgs, every year.
     * 2018: O1, O2 share P1: one tie. 2019: O2, O3, O4 share P2: a triangle (density 1, one
     * cluster, Q = 0). 2020: O1 alone on P3: one node, no tie (density and Q undefined). */
    run_ok(&o, 1, 0, dir, &r);
    assert_true(r.projected);
    assert_false(r.onto_second);
    snprintf(want, sizeof want,
             "%s"
             "2018,2018,2018,2,2,1,1,1,1,0\n"
             "2019,2019,2019,3,3,3,1,1,1,0\n"
             "2020,2020,2020,1,1,0,,1,1,\n",
             summary_header);
    assert_file_is(dir, "timeline_summary.csv", want);
    char path[512];
    snprintf(path, sizeof path, "%s/timeline.csv", dir);
    char *nodes = slurp(path);
    year_column(nodes, 2019, "degree", got, sizeof got);
    assert_string_equal(got, "O2:2 O3:2 O4:2");
    year_column(nodes, 2020, "degree", got, sizeof got);
    assert_string_equal(got, "O1:0");
    free(nodes);

    /* one undated org-org tie makes the whole network mixed: AUTO then keeps the network as
     * loaded for every year, although each year alone is strictly two-mode */
    char *text = slurp(DATA "twomode_edges.csv");
    assert_non_null(text);
    char mixed[1024];
    snprintf(mixed, sizeof mixed, "%sO1,O3,\n", text);
    free(text);
    const char *edges = temp_csv(3, mixed);
    options(&o, edges, DATA "twomode_nodes.csv");
    run_ok(&o, 1, 0, dir, &r);
    assert_false(r.projected);
    nodes = slurp(path);
    year_column(nodes, 2018, "degree", got, sizeof got);
    assert_string_equal(got, "O1:1 O2:1 P1:2");
    free(nodes);
    unlink(edges);
    remove_dir(dir);
}

/* The timeline's columns are nodes.csv's, with the same numbers: compare year 2019 with the
 * nodes.csv of an analysis of 2019 alone. */
static void rows_match_nodes_csv(void **state)
{
    (void)state;
    const char *dir = temp_dir(0);
    const char *adir = temp_dir(1);
    ilonet_analyze_options_t o;
    options(&o, DATA "edges.csv", DATA "nodes.csv");
    run_ok(&o, 1, 0, dir, NULL);
    ilonet_analyze_options_t y = o;
    y.load.year_from = y.load.year_to = 2019;
    y.out_dir = adir;
    ilonet_error_t err;
    assert_int_equal(ilonet_analyze(&y, NULL, &err), ILONET_OK);

    char path[512];
    snprintf(path, sizeof path, "%s/timeline.csv", dir);
    char *timeline = slurp(path);
    snprintf(path, sizeof path, "%s/nodes.csv", adir);
    char *nodes = slurp(path);
    assert_non_null(timeline);
    assert_non_null(nodes);
    /* nodes.csv: id..coreness are its fields 0..10; the timeline's are 1..11 */
    size_t matched = 0;
    for (const char *line = strchr(nodes, '\n'); line != NULL && line[1] != '\0';
         line = strchr(line, '\n')) {
        line++;
        char id[64], prefix[80];
        field(line, 0, id, sizeof id);
        snprintf(prefix, sizeof prefix, "\n2019,%s,", id);
        const char *row = strstr(timeline, prefix);
        assert_non_null(row);
        row++;
        for (size_t k = 0; k <= 10; k++) {
            char a[64], b[64];
            field(line, k, a, sizeof a);
            field(row, k + 1, b, sizeof b);
            assert_string_equal(a, b);
        }
        matched++;
    }
    assert_int_equal(matched, 5);
    free(timeline);
    free(nodes);
    remove_dir(dir);
    remove_dir(adir);
}

static void directed_rows_have_in_and_out_degree(void **state)
{
    (void)state;
    const char *dir = temp_dir(0);
    ilonet_analyze_options_t o;
    char got[256];
    options(&o, DATA "edges.csv", NULL);
    o.graph.directed = 1;
    run_ok(&o, 1, 0, dir, NULL);
    char path[512];
    snprintf(path, sizeof path, "%s/timeline.csv", dir);
    char *nodes = slurp(path);
    static const char start[] = "year,id,label,kind,degree,in_degree,out_degree,strength,";
    assert_true(strncmp(nodes, start, strlen(start)) == 0);
    /* 2021: A->B, B->A and F->G */
    year_column(nodes, 2021, "out_degree", got, sizeof got);
    assert_string_equal(got, "A:1 B:1 F:1 G:0");
    year_column(nodes, 2021, "in_degree", got, sizeof got);
    assert_string_equal(got, "A:1 B:1 F:0 G:1");
    free(nodes);
    remove_dir(dir);
}

static void bad_requests_are_refused(void **state)
{
    (void)state;
    const char *dir = temp_dir(0);
    ilonet_analyze_options_t o;
    ilonet_timeline_options_t t;
    ilonet_error_t err;
    options(&o, DATA "edges.csv", NULL);

    ilonet_timeline_options_default(&t);
    t.window = 0;
    assert_int_equal(ilonet_timeline_write(&o, &t, dir, NULL, &err), ILONET_EUSAGE);

    ilonet_timeline_options_default(&t);
    t.to = 99;
    assert_int_equal(ilonet_timeline_write(&o, &t, dir, NULL, &err), ILONET_EUSAGE);

    /* the first year after the data's last (2022) */
    ilonet_timeline_options_default(&t);
    t.from = 2030;
    assert_int_equal(ilonet_timeline_write(&o, &t, dir, NULL, &err), ILONET_EUSAGE);
    assert_string_equal(err.message, "the timeline's first year 2030 is after its last year 2022");

    /* an edges file called timeline.csv in the output folder */
    char edges[512];
    snprintf(edges, sizeof edges, "%s/timeline.csv", dir);
    char *text = slurp(DATA "edges.csv");
    write_file(edges, text);
    free(text);
    options(&o, edges, NULL);
    ilonet_timeline_options_default(&t);
    assert_int_equal(ilonet_timeline_write(&o, &t, dir, NULL, &err), ILONET_EUSAGE);
    assert_non_null(strstr(err.message, "would overwrite the input file"));
    remove_dir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(load_bounds_skip_and_count_rows),
        cmocka_unit_test(load_bounds_leave_out_untouched_nodes_file_nodes),
        cmocka_unit_test(load_bound_needs_a_year_column),
        cmocka_unit_test(load_bad_year_values_are_errors_with_their_line),
        cmocka_unit_test(load_bounds_are_checked),
        cmocka_unit_test(yearly_networks),
        cmocka_unit_test(sliding_window_and_cumulative),
        cmocka_unit_test(load_bounds_limit_the_timeline),
        cmocka_unit_test(undated_rows_are_counted_and_reported),
        cmocka_unit_test(nodes_file_gives_labels_not_nodes),
        cmocka_unit_test(no_year_column_is_an_error),
        cmocka_unit_test(bad_year_is_an_error_with_its_line),
        cmocka_unit_test(output_repeats_exactly),
        cmocka_unit_test(nothing_is_written_on_failure),
        cmocka_unit_test(cluster_numbers_carry_over),
        cmocka_unit_test(two_mode_projection_is_decided_once),
        cmocka_unit_test(rows_match_nodes_csv),
        cmocka_unit_test(directed_rows_have_in_and_out_degree),
        cmocka_unit_test(bad_requests_are_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
