/* Export: GraphML, GML, Pajek and edge-list content, escaping, and round trips through igraph's
 * own readers. */
#include "net_fixture.h"

#include <sys/stat.h>

#include "ilonet/export.h"

typedef struct {
    fixture_t f;
    ilonet_centrality_t cent;
    ilonet_clusters_t cl;
    ilonet_report_input_t in;
} analysed_t;

static void finish(analysed_t *a)
{
    ilonet_error_t err;
    /* igraph's eigenvector centrality (ARPACK) draws on igraph's RNG: the last bits of its
     * result depend on the RNG state, and the writers print every bit */
    ilonet_igraph_seed(42);
    ilonet_status_t st = ilonet_centrality_compute(&a->cent, &a->f.graph, ILONET_PATHS_OUT, &err);
    if (st != ILONET_OK) {
        fail_msg("centrality failed: %s", err.message);
    }
    st = ilonet_community_louvain(&a->cl, &a->f.graph, 42, &err);
    if (st != ILONET_OK) {
        fail_msg("louvain failed: %s", err.message);
    }
    memset(&a->in, 0, sizeof a->in);
    a->in.net = &a->f.net;
    a->in.graph = &a->f.graph;
    a->in.cent = &a->cent;
    a->in.clusters = &a->cl;
    a->in.version = "test";
}

static void analyse(analysed_t *a, const char *edges, const char *nodes, int directed)
{
    memset(a, 0, sizeof *a);
    fixture_build(&a->f, edges, nodes, directed, ILONET_WEIGHT_IS_STRENGTH);
    finish(a);
}

static void analyse_files(analysed_t *a, const char *edges, const char *nodes, int directed)
{
    ilonet_error_t err;
    ilonet_load_options_t lo;
    memset(a, 0, sizeof *a);
    ilonet_load_options_default(&lo);
    ilonet_igraph_setup();
    assert_int_equal(ilonet_network_init(&a->f.net, &err), ILONET_OK);
    if (nodes != NULL && ilonet_load_nodes(&a->f.net, nodes, &lo, &err) != ILONET_OK) {
        fail_msg("%s: %s", nodes, err.message);
    }
    if (ilonet_load_edges(&a->f.net, edges, &lo, &err) != ILONET_OK) {
        fail_msg("%s: %s", edges, err.message);
    }
    ilonet_graph_options_t go = {.directed = directed, .weight_is = ILONET_WEIGHT_IS_STRENGTH};
    assert_int_equal(ilonet_graph_build(&a->f.graph, &a->f.net, &go, &err), ILONET_OK);
    finish(a);
}

static void release(analysed_t *a)
{
    ilonet_clusters_destroy(&a->cl);
    ilonet_centrality_destroy(&a->cent);
    fixture_destroy(&a->f);
}

/* Writes in as format f to a fresh temp file (its name goes to path) and returns the file's
 * bytes, NUL-terminated; the caller frees them and unlinks path. */
static char *export_file(const ilonet_report_input_t *in, ilonet_export_format_t f,
                         const ilonet_export_column_t *extra, size_t n_extra, char path[64])
{
    ilonet_error_t err;
    snprintf(path, 64, "/tmp/ilonet-export-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *fp = fdopen(fd, "w+b");
    assert_non_null(fp);
    ilonet_status_t st = ilonet_export_write(fp, f, in, extra, n_extra, &err);
    if (st != ILONET_OK) {
        fail_msg("export failed: %s", err.message);
    }
    long size = ftell(fp);
    assert_true(size >= 0);
    char *text = malloc((size_t)size + 1);
    assert_non_null(text);
    rewind(fp);
    assert_int_equal(fread(text, 1, (size_t)size, fp), (size_t)size);
    text[size] = '\0';
    assert_int_equal(fclose(fp), 0);
    return text;
}

static void assert_contains(const char *text, const char *want)
{
    if (strstr(text, want) == NULL) {
        fail_msg("missing from output: [%s]", want);
    }
}

/* The text of the element that starts with open (e.g. "<node id=\"lone\">") up to close. */
static char *block(const char *text, const char *open, const char *close)
{
    const char *s = strstr(text, open);
    if (s == NULL) {
        fail_msg("no block [%s]", open);
    }
    const char *e = strstr(s, close);
    assert_non_null(e);
    size_t n = (size_t)(e - s);
    char *b = malloc(n + 1);
    assert_non_null(b);
    memcpy(b, s, n);
    b[n] = '\0';
    return b;
}

static void xmllint_accepts(const char *path)
{
    if (system("command -v xmllint >/dev/null 2>&1") != 0) {
        return; /* igraph's libxml2-based reader still checks well-formedness below */
    }
    char cmd[128];
    snprintf(cmd, sizeof cmd, "xmllint --noout %s", path);
    assert_int_equal(system(cmd), 0);
}

/* Appends code point cp as UTF-8. */
static size_t put_utf8(char *out, long cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* igraph's GML reader decodes only the named entities and passes &#N; through, leaving it "to
 * be decoded by the user" (igraph_read_graph_gml documentation): this is that user. */
static void decode_refs(const char *s, char *out, size_t size)
{
    size_t o = 0;
    while (*s && o + 5 < size) {
        if (s[0] == '&' && s[1] == '#') {
            char *end;
            long cp = strtol(s + 2, &end, 10);
            if (*end == ';') {
                o += put_utf8(out + o, cp);
                s = end + 1;
                continue;
            }
        }
        out[o++] = *s++;
    }
    out[o] = '\0';
}

/* A nodes-file column and the attribute name it gets in GraphML and in GML. */
typedef struct {
    const char *column;
    const char *graphml;
    const char *gml;
} carried_t;

static size_t node_col(const ilonet_network_t *net, const char *name)
{
    for (size_t c = 0; c < net->n_node_cols; c++) {
        if (strcmp(net->node_cols[c], name) == 0) {
            return c;
        }
    }
    fail_msg("no nodes column %s", name);
    return ILONET_NONE;
}

static int has_vattr(const igraph_t *g, const char *name)
{
    return igraph_cattribute_has_attr(g, IGRAPH_ATTRIBUTE_VERTEX, name);
}

/* A string attribute as written (GML numeric references decoded). */
static const char *vstr(const igraph_t *g, const char *name, igraph_integer_t v, int gml, char *buf,
                        size_t size)
{
    const char *s = has_vattr(g, name) ? VAS(g, name, v) : "";
    if (!gml) {
        return s;
    }
    decode_refs(s, buf, size);
    return buf;
}

static void assert_real_same(double got, double want)
{
    if (isnan(want)) {
        assert_true(isnan(got));
        return;
    }
    /* 1e-12 relative, the brief's tolerance; the writer promises exact round trips */
    if (!(fabs(got - want) <= 1e-12 * fabs(want))) {
        fail_msg("got %.17g, want %.17g", got, want);
    }
}

/* Re-reads the exported file with igraph (attribute handler switched on for the read only) and
 * checks counts, direction, every node's attributes and every tie's endpoints and attributes. */
static void check_roundtrip(const analysed_t *a, ilonet_export_format_t f, const carried_t *carried,
                            size_t n_carried, const ilonet_export_column_t *extra,
                            const char *const *extra_names, size_t n_extra)
{
    char path[64], buf[512], want[512];
    int gml = f == ILONET_EXPORT_GML;
    char *text = export_file(&a->in, f, extra, n_extra, path);
    if (!gml) {
        xmllint_accepts(path);
    }
    const ilonet_network_t *net = &a->f.net;
    const ilonet_graph_t *gr = &a->f.graph;
    size_t n = ilonet_network_node_count(net);
    size_t m = ilonet_graph_tie_count(gr);

    igraph_attribute_table_t *old = igraph_set_attribute_table(&igraph_cattribute_table);
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    igraph_t g;
    igraph_error_t rc = gml ? igraph_read_graph_gml(&g, fp) : igraph_read_graph_graphml(&g, fp, 0);
    fclose(fp);
    assert_int_equal(rc, IGRAPH_SUCCESS);
    assert_int_equal(igraph_vcount(&g), n);
    assert_int_equal(igraph_ecount(&g), m);
    assert_int_equal(igraph_is_directed(&g), gr->directed);

    for (size_t i = 0; i < n; i++) {
        igraph_integer_t v = (igraph_integer_t)i;
        assert_string_equal(vstr(&g, "name", v, gml, buf, sizeof buf),
                            ilonet_network_node_id(net, i));
        assert_string_equal(vstr(&g, "label", v, gml, buf, sizeof buf),
                            ilonet_network_node_label(net, i));
        if (net->kind_col != ILONET_NONE) {
            assert_string_equal(vstr(&g, "kind", v, gml, buf, sizeof buf),
                                ilonet_network_node_kind(net, i));
        }
        for (size_t k = 0; k < n_carried; k++) {
            const char *val = ilonet_network_node_attr(net, i, node_col(net, carried[k].column));
            const char *name = gml ? carried[k].gml : carried[k].graphml;
            assert_true(has_vattr(&g, name));
            assert_string_equal(vstr(&g, name, v, gml, buf, sizeof buf), val ? val : "");
        }
        assert_real_same(VAN(&g, "pagerank", v), VECTOR(a->cent.pagerank)[i]);
        assert_real_same(VAN(&g, "closeness", v), VECTOR(a->cent.closeness)[i]);
        assert_real_same(VAN(&g, "betweenness", v), VECTOR(a->cent.betweenness)[i]);
        assert_true(VAN(&g, "degree", v) == (double)VECTOR(a->cent.degree)[i]);
        assert_true(VAN(&g, "coreness", v) == (double)VECTOR(a->cent.coreness)[i]);
        assert_true(VAN(&g, "cluster", v) == (double)VECTOR(a->cl.membership)[i]);
        if (gr->directed) {
            assert_true(VAN(&g, "in_degree", v) == (double)VECTOR(a->cent.in_degree)[i]);
            assert_true(VAN(&g, "out_degree", v) == (double)VECTOR(a->cent.out_degree)[i]);
        } else {
            assert_false(has_vattr(&g, "in_degree"));
        }
        for (size_t k = 0; k < n_extra; k++) {
            assert_true(has_vattr(&g, extra_names[k]));
            double x = VECTOR(*extra[k].values)[i];
            assert_real_same(VAN(&g, extra_names[k], v), isfinite(x) ? x : NAN);
        }
    }
    for (size_t t = 0; t < m; t++) {
        igraph_integer_t e = (igraph_integer_t)t;
        /* the first row of the tie gives its direction and type */
        size_t r = 0;
        while (gr->row_tie[r] != t) {
            r++;
        }
        const char *src = ilonet_network_node_id(net, net->row_src[r]);
        const char *dst = ilonet_network_node_id(net, net->row_dst[r]);
        char got_from[512], got_to[512];
        snprintf(got_from, sizeof got_from, "%s",
                 vstr(&g, "name", IGRAPH_FROM(&g, e), gml, buf, sizeof buf));
        snprintf(got_to, sizeof got_to, "%s",
                 vstr(&g, "name", IGRAPH_TO(&g, e), gml, buf, sizeof buf));
        int same = strcmp(got_from, src) == 0 && strcmp(got_to, dst) == 0;
        int swapped = strcmp(got_from, dst) == 0 && strcmp(got_to, src) == 0;
        /* igraph stores an undirected edge with its endpoints in its own order */
        assert_true(same || (!gr->directed && swapped));
        assert_real_same(EAN(&g, "weight", e), VECTOR(gr->weight)[t]);
        assert_real_same(EAN(&g, "strength", e), VECTOR(gr->strength)[t]);
        assert_real_same(EAN(&g, "distance", e), VECTOR(gr->distance)[t]);
        if (net->has_type) {
            size_t type = net->row_type[r];
            const char *got = EAS(&g, "type", e);
            if (gml) {
                decode_refs(got, buf, sizeof buf);
                got = buf;
            }
            snprintf(want, sizeof want, "%s",
                     type == ILONET_NONE ? "" : ilonet_strtab_get(&net->values, type));
            assert_string_equal(got, want);
        }
    }
    igraph_destroy(&g);
    igraph_set_attribute_table(old);
    unlink(path);
    free(text);
}

/* Ids and labels with XML and GML metacharacters, a comma, accents; a carried column with a
 * space in its name and one ("Degree") that collides with a measure; a node only in the edges
 * file (<tag>: no label, no kind), an isolate (lone), duplicate rows and a row without type. */
static const char awkward_nodes[] = "id,label,kind,country,short name,Degree\n"
                                    "A&B,Alpha & <Beta>,org,Côte d'Ivoire,AB,PhD\n"
                                    "\"say \"\"hi\"\"\",,person,\"Lyon, France\",,\n"
                                    "café,Café ünïcödé,org,France,Caf,\n"
                                    "\"x,y\",XY,org,,xy,\n"
                                    "lone,Lonely,person,Perú,,\n";
static const char awkward_edges[] = "source,target,weight,type\n"
                                    "A&B,\"say \"\"hi\"\"\",2,coordination\n"
                                    "\"say \"\"hi\"\"\",café,1,funding\n"
                                    "café,A&B,1.5,coordination\n"
                                    "\"x,y\",café,1,\n"
                                    "A&B,\"say \"\"hi\"\"\",1,funding\n"
                                    "<tag>,A&B,4,meeting\n";
static const carried_t awkward_carried[] = {
    {"country", "country", "country"},
    {"short name", "short name", "short_name"},
    {"Degree", "Degree_2", "Degree_2"},
};

/* extra columns: values by node index A&B, say "hi", café, x,y, lone, <tag> */
static const double clustering_values[] = {0.5, NAN, 1e-5, 1.0, 0.0, 0.25};

static void format_names_and_extensions(void **state)
{
    (void)state;
    ilonet_export_format_t f = ILONET_EXPORT_EDGELIST;
    assert_int_equal(ilonet_export_format_parse("graphml", &f), 0);
    assert_int_equal(f, ILONET_EXPORT_GRAPHML);
    assert_int_equal(ilonet_export_format_parse("gml", &f), 0);
    assert_int_equal(f, ILONET_EXPORT_GML);
    assert_int_equal(ilonet_export_format_parse("pajek", &f), 0);
    assert_int_equal(f, ILONET_EXPORT_PAJEK);
    f = ILONET_EXPORT_GML;
    assert_int_equal(ilonet_export_format_parse("net", &f), 0);
    assert_int_equal(f, ILONET_EXPORT_PAJEK);
    assert_int_equal(ilonet_export_format_parse("edgelist", &f), 0);
    assert_int_equal(f, ILONET_EXPORT_EDGELIST);
    /* unknown names are refused and leave *f alone */
    assert_int_equal(ilonet_export_format_parse("xml", &f), -1);
    assert_int_equal(ilonet_export_format_parse("GraphML", &f), -1);
    assert_int_equal(ilonet_export_format_parse("", &f), -1);
    assert_int_equal(ilonet_export_format_parse(NULL, &f), -1);
    assert_int_equal(f, ILONET_EXPORT_EDGELIST);

    assert_int_equal(ilonet_export_format_from_path("out/network.graphml", &f), 0);
    assert_int_equal(f, ILONET_EXPORT_GRAPHML);
    assert_int_equal(ilonet_export_format_from_path("a.b/NETWORK.GML", &f), 0);
    assert_int_equal(f, ILONET_EXPORT_GML);
    assert_int_equal(ilonet_export_format_from_path("x.net", &f), 0);
    assert_int_equal(f, ILONET_EXPORT_PAJEK);
    assert_int_equal(ilonet_export_format_from_path("x.paj", &f), 0);
    assert_int_equal(f, ILONET_EXPORT_PAJEK);
    assert_int_equal(ilonet_export_format_from_path("x.tsv", &f), 0);
    assert_int_equal(f, ILONET_EXPORT_EDGELIST);
    f = ILONET_EXPORT_GML;
    assert_int_equal(ilonet_export_format_from_path("x.txt", &f), 0);
    assert_int_equal(f, ILONET_EXPORT_EDGELIST);
    f = ILONET_EXPORT_GML;
    assert_int_equal(ilonet_export_format_from_path("x.edgelist", &f), 0);
    assert_int_equal(f, ILONET_EXPORT_EDGELIST);
    assert_int_equal(ilonet_export_format_from_path("x.csv", &f), -1);
    assert_int_equal(ilonet_export_format_from_path("x.xml", &f), -1);
    assert_int_equal(ilonet_export_format_from_path("network", &f), -1);
    assert_int_equal(ilonet_export_format_from_path("dir.gml/network", &f), -1);
    assert_int_equal(ilonet_export_format_from_path(".gml", &f), -1);
    assert_int_equal(ilonet_export_format_from_path(NULL, &f), -1);
    assert_int_equal(f, ILONET_EXPORT_EDGELIST);

    assert_string_equal(ilonet_export_format_name(ILONET_EXPORT_PAJEK), "pajek");
    assert_string_equal(ilonet_export_format_extension(ILONET_EXPORT_PAJEK), "net");
    assert_string_equal(ilonet_export_format_extension(ILONET_EXPORT_EDGELIST), "tsv");
    assert_string_equal(ilonet_export_format_name((ilonet_export_format_t)9), "unknown");
}

static void graphml_escapes_and_declares_every_attribute(void **state)
{
    (void)state;
    analysed_t a;
    char path[64];
    analyse(&a, awkward_edges, awkward_nodes, 0);
    char *x = export_file(&a.in, ILONET_EXPORT_GRAPHML, NULL, 0, path);
    xmllint_accepts(path);
    assert_true(strncmp(x, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", 39) == 0);
    assert_contains(x, "<graph id=\"G\" edgedefault=\"undirected\">");
    /* keys: ilonet's names first, the nodes file's columns in file order, then the measures;
     * "Degree" yields to "degree" (names compare case-insensitively) */
    assert_contains(x, "<key id=\"v0\" for=\"node\" attr.name=\"name\" attr.type=\"string\"/>");
    assert_contains(x, "<key id=\"v1\" for=\"node\" attr.name=\"label\" attr.type=\"string\"/>");
    assert_contains(x, "<key id=\"v2\" for=\"node\" attr.name=\"kind\" attr.type=\"string\"/>");
    assert_contains(x, "<key id=\"v3\" for=\"node\" attr.name=\"country\" attr.type=\"string\"/>");
    assert_contains(x,
                    "<key id=\"v4\" for=\"node\" attr.name=\"short name\" attr.type=\"string\"/>");
    assert_contains(x, "<key id=\"v5\" for=\"node\" attr.name=\"Degree_2\" attr.type=\"string\"/>");
    assert_contains(x, "<key id=\"v6\" for=\"node\" attr.name=\"degree\" attr.type=\"int\"/>");
    assert_contains(x,
                    "<key id=\"v9\" for=\"node\" attr.name=\"closeness\" attr.type=\"double\"/>");
    assert_contains(x,
                    "<key id=\"v12\" for=\"node\" attr.name=\"pagerank\" attr.type=\"double\"/>");
    assert_contains(x, "<key id=\"v14\" for=\"node\" attr.name=\"cluster\" attr.type=\"int\"/>");
    assert_contains(x, "<key id=\"e0\" for=\"edge\" attr.name=\"weight\" attr.type=\"double\"/>");
    assert_contains(x, "<key id=\"e3\" for=\"edge\" attr.name=\"type\" attr.type=\"string\"/>");
    /* ids, labels and values escaped; UTF-8 as is */
    assert_contains(x, "<node id=\"A&amp;B\">\n      <data key=\"v0\">A&amp;B</data>\n"
                       "      <data key=\"v1\">Alpha &amp; &lt;Beta&gt;</data>\n"
                       "      <data key=\"v2\">org</data>\n"
                       "      <data key=\"v3\">Côte d'Ivoire</data>\n"
                       "      <data key=\"v4\">AB</data>\n"
                       "      <data key=\"v5\">PhD</data>\n");
    /* no label: the id is the label; empty cells are left out */
    assert_contains(x, "<node id=\"say &quot;hi&quot;\">\n"
                       "      <data key=\"v0\">say &quot;hi&quot;</data>\n"
                       "      <data key=\"v1\">say &quot;hi&quot;</data>\n"
                       "      <data key=\"v2\">person</data>\n"
                       "      <data key=\"v3\">Lyon, France</data>\n"
                       "      <data key=\"v6\">");
    assert_contains(x, "<data key=\"v1\">Café ünïcödé</data>");
    assert_contains(x, "<node id=\"&lt;tag&gt;\">\n"
                       "      <data key=\"v0\">&lt;tag&gt;</data>\n"
                       "      <data key=\"v1\">&lt;tag&gt;</data>\n"
                       "      <data key=\"v6\">1</data>\n");
    /* the isolate: degree 0, closeness undefined so absent */
    char *lone = block(x, "<node id=\"lone\">", "</node>");
    assert_contains(lone, "<data key=\"v6\">0</data>");
    assert_null(strstr(lone, "key=\"v9\""));
    free(lone);
    /* ties in igraph order, each in its first row's direction with its first row's type:
     * A&B-"say hi" merges 2 + 1 = 3; café,A&B keeps the file's direction; x,y-café has none */
    assert_contains(x, "<edge source=\"A&amp;B\" target=\"say &quot;hi&quot;\">\n"
                       "      <data key=\"e0\">3</data>\n"
                       "      <data key=\"e1\">3</data>\n"
                       "      <data key=\"e2\">0.3333333333333333</data>\n"
                       "      <data key=\"e3\">coordination</data>\n"
                       "    </edge>\n"
                       "    <edge source=\"say &quot;hi&quot;\" target=\"café\">\n");
    assert_contains(x, "<edge source=\"café\" target=\"A&amp;B\">\n"
                       "      <data key=\"e0\">1.5</data>\n");
    assert_contains(x, "<edge source=\"x,y\" target=\"café\">\n"
                       "      <data key=\"e0\">1</data>\n"
                       "      <data key=\"e1\">1</data>\n"
                       "      <data key=\"e2\">1</data>\n"
                       "    </edge>\n");
    assert_contains(x, "<edge source=\"&lt;tag&gt;\" target=\"A&amp;B\">");
    assert_true(strcmp(x + strlen(x) - 22, "  </graph>\n</graphml>\n") == 0);
    unlink(path);
    free(x);
    release(&a);
}

static void gml_is_ascii_with_character_references(void **state)
{
    (void)state;
    analysed_t a;
    char path[64];
    analyse(&a, awkward_edges, awkward_nodes, 0);
    igraph_vector_t clustering;
    igraph_vector_init_array(&clustering, clustering_values, 6);
    ilonet_export_column_t extra[] = {{"clustering", &clustering}};
    char *x = export_file(&a.in, ILONET_EXPORT_GML, extra, 1, path);
    for (const char *p = x; *p; p++) {
        assert_true((unsigned char)*p < 0x80);
    }
    assert_contains(x, "Version 1\ngraph [\n  directed 0\n  node [\n    id 0\n");
    assert_contains(x, "    id 0\n    name \"A&amp;B\"\n    label \"Alpha &amp; <Beta>\"\n"
                       "    kind \"org\"\n    country \"C&#244;te d'Ivoire\"\n"
                       "    short_name \"AB\"\n    Degree_2 \"PhD\"\n    degree 3\n");
    assert_contains(x, "    name \"say &quot;hi&quot;\"\n");
    /* é U+00E9 = 233, ü U+00FC = 252, ï U+00EF = 239, ö U+00F6 = 246 */
    assert_contains(x, "    label \"Caf&#233; &#252;n&#239;c&#246;d&#233;\"\n");
    assert_contains(x, "    country \"Per&#250;\"\n");
    /* reals keep a decimal point: 1e-05 would read as the integer 1 */
    assert_contains(x, "    clustering 0.5\n");
    assert_contains(x, "    clustering 1.0e-05\n");
    assert_contains(x, "    clustering 1.0\n");
    assert_contains(x, "    clustering 0.0\n");
    char *node1 = block(x, "    id 1\n", "  ]");
    assert_null(strstr(node1, "clustering")); /* NaN left out */
    free(node1);
    char *lone = block(x, "    name \"lone\"", "  ]");
    assert_contains(lone, "    degree 0\n");
    assert_null(strstr(lone, "closeness"));
    free(lone);
    assert_contains(x, "  edge [\n    source 0\n    target 1\n    weight 3.0\n    strength 3.0\n"
                       "    distance 0.3333333333333333\n    type \"coordination\"\n  ]\n");
    assert_contains(x, "  edge [\n    source 2\n    target 0\n    weight 1.5\n");
    assert_contains(x, "  edge [\n    source 3\n    target 2\n    weight 1.0\n    strength 1.0\n"
                       "    distance 1.0\n  ]\n");
    assert_contains(x, "  edge [\n    source 5\n    target 0\n    weight 4.0\n");
    assert_true(strcmp(x + strlen(x) - 6, "  ]\n]\n") == 0);
    unlink(path);
    free(x);
    igraph_vector_destroy(&clustering);
    release(&a);
}

static void pajek_numbers_vertices_from_one(void **state)
{
    (void)state;
    analysed_t a;
    char path[64];
    analyse(&a, awkward_edges, awkward_nodes, 0);
    char *x = export_file(&a.in, ILONET_EXPORT_PAJEK, NULL, 0, path);
    /* by hand: nodes file order then <tag>; '"' becomes '\'' (Pajek has no escapes) */
    assert_string_equal(x, "*Vertices 6\n"
                           "1 \"A&B\"\n"
                           "2 \"say 'hi'\"\n"
                           "3 \"café\"\n"
                           "4 \"x,y\"\n"
                           "5 \"lone\"\n"
                           "6 \"<tag>\"\n"
                           "*Edges\n"
                           "1 2 3\n"
                           "2 3 1\n"
                           "3 1 1.5\n"
                           "4 3 1\n"
                           "6 1 4\n");
    igraph_attribute_table_t *old = igraph_set_attribute_table(&igraph_cattribute_table);
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    igraph_t g;
    assert_int_equal(igraph_read_graph_pajek(&g, fp), IGRAPH_SUCCESS);
    fclose(fp);
    assert_int_equal(igraph_vcount(&g), 6);
    assert_int_equal(igraph_ecount(&g), 5);
    assert_false(igraph_is_directed(&g));
    for (igraph_integer_t e = 0; e < 5; e++) {
        assert_true(EAN(&g, "weight", e) == VECTOR(a.f.graph.weight)[e]);
    }
    assert_string_equal(VAS(&g, "id", 2), "café");
    igraph_destroy(&g);
    igraph_set_attribute_table(old);
    unlink(path);
    free(x);
    release(&a);
}

static void edgelist_is_tab_separated_with_header(void **state)
{
    (void)state;
    analysed_t a;
    char path[64];
    analyse(&a, awkward_edges, awkward_nodes, 0);
    char *x = export_file(&a.in, ILONET_EXPORT_EDGELIST, NULL, 0, path);
    assert_string_equal(x, "source\ttarget\tweight\n"
                           "A&B\tsay \"hi\"\t3\n"
                           "say \"hi\"\tcafé\t1\n"
                           "café\tA&B\t1.5\n"
                           "x,y\tcafé\t1\n"
                           "<tag>\tA&B\t4\n");
    unlink(path);
    free(x);
    release(&a);
}

static void graphml_and_gml_round_trip_through_igraph(void **state)
{
    (void)state;
    analysed_t a;
    analyse(&a, awkward_edges, awkward_nodes, 0);
    igraph_vector_t clustering, pr2;
    igraph_vector_init_array(&clustering, clustering_values, 6);
    igraph_vector_init_copy(&pr2, &a.cent.pagerank);
    VECTOR(pr2)[4] = INFINITY; /* not finite: written as missing */
    /* an extra column called pagerank yields to the measure */
    ilonet_export_column_t extra[] = {{"clustering", &clustering}, {"pagerank", &pr2}};
    const char *names[] = {"clustering", "pagerank_2"};
    check_roundtrip(&a, ILONET_EXPORT_GRAPHML, awkward_carried, 3, extra, names, 2);
    check_roundtrip(&a, ILONET_EXPORT_GML, awkward_carried, 3, extra, names, 2);
    igraph_vector_destroy(&clustering);
    igraph_vector_destroy(&pr2);
    release(&a);
}

static void ilo_dataset_round_trips(void **state)
{
    (void)state;
    analysed_t a;
    analyse_files(&a, "datasets/ilo_partnerships/edges.csv", "datasets/ilo_partnerships/nodes.csv",
                  0);
    assert_true(ilonet_graph_tie_count(&a.f.graph) > 50);
    static const carried_t ilo_carried[] = {
        {"short_label", "short_label", "short_label"},
        {"provenance", "provenance", "provenance"},
    };
    check_roundtrip(&a, ILONET_EXPORT_GRAPHML, ilo_carried, 2, NULL, NULL, 0);
    check_roundtrip(&a, ILONET_EXPORT_GML, ilo_carried, 2, NULL, NULL, 0);
    release(&a);
}

static void directed_network_keeps_direction(void **state)
{
    (void)state;
    analysed_t a;
    char path[64];
    analyse_files(&a, "tests/data/directed.csv", NULL, 1);
    check_roundtrip(&a, ILONET_EXPORT_GRAPHML, NULL, 0, NULL, NULL, 0);
    check_roundtrip(&a, ILONET_EXPORT_GML, NULL, 0, NULL, NULL, 0);
    char *x = export_file(&a.in, ILONET_EXPORT_GRAPHML, NULL, 0, path);
    assert_contains(x, "edgedefault=\"directed\"");
    assert_contains(x, "attr.name=\"in_degree\" attr.type=\"int\"");
    assert_null(strstr(x, "attr.name=\"kind\"")); /* no nodes file, no kind column */
    /* a: out to b and d, in from b and c */
    assert_contains(x, "<node id=\"a\">\n      <data key=\"v0\">a</data>\n"
                       "      <data key=\"v1\">a</data>\n"
                       "      <data key=\"v2\">3</data>\n      <data key=\"v3\">2</data>\n"
                       "      <data key=\"v4\">2</data>\n");
    unlink(path);
    free(x);
    x = export_file(&a.in, ILONET_EXPORT_GML, NULL, 0, path);
    assert_contains(x, "  directed 1\n");
    unlink(path);
    free(x);
    x = export_file(&a.in, ILONET_EXPORT_PAJEK, NULL, 0, path);
    /* tests/data/directed.csv: a->b, b->a, b->c, c->a, a->d */
    assert_string_equal(x, "*Vertices 4\n1 \"a\"\n2 \"b\"\n3 \"c\"\n4 \"d\"\n"
                           "*Arcs\n1 2 1\n2 1 1\n2 3 1\n3 1 1\n1 4 1\n");
    igraph_attribute_table_t *old = igraph_set_attribute_table(&igraph_cattribute_table);
    FILE *fp = fopen(path, "rb");
    igraph_t g;
    assert_int_equal(igraph_read_graph_pajek(&g, fp), IGRAPH_SUCCESS);
    fclose(fp);
    assert_true(igraph_is_directed(&g));
    assert_int_equal(igraph_ecount(&g), 5);
    assert_int_equal(IGRAPH_FROM(&g, 3), 2);
    assert_int_equal(IGRAPH_TO(&g, 3), 0);
    igraph_destroy(&g);
    igraph_set_attribute_table(old);
    unlink(path);
    free(x);
    x = export_file(&a.in, ILONET_EXPORT_EDGELIST, NULL, 0, path);
    assert_string_equal(x, "source\ttarget\tweight\na\tb\t1\nb\ta\t1\nb\tc\t1\nc\ta\t1\na\td\t1\n");
    unlink(path);
    free(x);
    release(&a);
}

static void control_characters_in_ids(void **state)
{
    (void)state;
    analysed_t a;
    char path[64];
    /* a tab inside an id is legal CSV; so is U+0001, which XML 1.0 cannot hold at all */
    analyse(&a, "source,target\n\"tab\there\",b\n\"ctl\x01x\",b\n", NULL, 0);

    /* the edge list cannot hold the tab: refused before anything is written */
    FILE *fp = tmpfile();
    assert_non_null(fp);
    ilonet_error_t err;
    assert_int_equal(ilonet_export_write(fp, ILONET_EXPORT_EDGELIST, &a.in, NULL, 0, &err),
                     ILONET_EDATA);
    assert_int_equal(ftell(fp), 0);
    assert_non_null(strstr(err.message, "tab?here"));
    fclose(fp);

    /* GraphML: the tab survives as &#9;, U+0001 becomes U+FFFD, node ids fall back to n0.. */
    char *x = export_file(&a.in, ILONET_EXPORT_GRAPHML, NULL, 0, path);
    xmllint_accepts(path);
    assert_contains(x, "<node id=\"n0\">\n      <data key=\"v0\">tab&#9;here</data>\n");
    assert_contains(x, "<data key=\"v0\">ctl\xEF\xBF\xBDx</data>");
    assert_contains(x, "<edge source=\"n0\" target=\"n1\">");
    igraph_attribute_table_t *old = igraph_set_attribute_table(&igraph_cattribute_table);
    fp = fopen(path, "rb");
    igraph_t g;
    assert_int_equal(igraph_read_graph_graphml(&g, fp, 0), IGRAPH_SUCCESS);
    fclose(fp);
    assert_string_equal(VAS(&g, "name", 0), "tab\there");
    assert_string_equal(VAS(&g, "name", 2), "ctl\xEF\xBF\xBDx");
    igraph_destroy(&g);
    igraph_set_attribute_table(old);
    unlink(path);
    free(x);

    /* GML: both as character references */
    x = export_file(&a.in, ILONET_EXPORT_GML, NULL, 0, path);
    assert_contains(x, "name \"tab&#9;here\"");
    assert_contains(x, "name \"ctl&#1;x\"");
    unlink(path);
    free(x);

    /* Pajek: control characters become spaces */
    x = export_file(&a.in, ILONET_EXPORT_PAJEK, NULL, 0, path);
    assert_contains(x, "1 \"tab here\"\n2 \"b\"\n3 \"ctl x\"\n");
    unlink(path);
    free(x);
    release(&a);
}

static void bad_requests_are_refused(void **state)
{
    (void)state;
    analysed_t a;
    ilonet_error_t err;
    analyse(&a, "source,target\na,b\nb,c\n", NULL, 0);
    FILE *fp = tmpfile();
    assert_non_null(fp);
    assert_int_equal(ilonet_export_write(fp, (ilonet_export_format_t)7, &a.in, NULL, 0, &err),
                     ILONET_EUSAGE);
    igraph_vector_t short_vec;
    igraph_vector_init(&short_vec, 2); /* 3 nodes */
    ilonet_export_column_t bad[] = {{"x", &short_vec}};
    assert_int_equal(ilonet_export_write(fp, ILONET_EXPORT_GRAPHML, &a.in, bad, 1, &err),
                     ILONET_EUSAGE);
    assert_non_null(strstr(err.message, "2 values for 3 nodes"));
    ilonet_export_column_t unnamed[] = {{"", &short_vec}};
    assert_int_equal(ilonet_export_write(fp, ILONET_EXPORT_GML, &a.in, unnamed, 1, &err),
                     ILONET_EUSAGE);
    assert_int_equal(ftell(fp), 0);
    fclose(fp);
    igraph_vector_destroy(&short_vec);

    /* a write error is reported, not ignored */
    fp = fopen("/dev/full", "wb");
    if (fp != NULL) {
        setvbuf(fp, NULL, _IONBF, 0);
        assert_int_equal(ilonet_export_write(fp, ILONET_EXPORT_GRAPHML, &a.in, NULL, 0, &err),
                         ILONET_EIO);
        fclose(fp);
    }
    release(&a);
}

static void without_measures_only_the_network_is_written(void **state)
{
    (void)state;
    analysed_t a;
    char path[64];
    analyse(&a, "source,target\na,b\n", NULL, 0);
    a.in.cent = NULL;
    a.in.clusters = NULL;
    char *x = export_file(&a.in, ILONET_EXPORT_GRAPHML, NULL, 0, path);
    xmllint_accepts(path);
    assert_null(strstr(x, "attr.name=\"degree\""));
    assert_null(strstr(x, "attr.name=\"cluster\""));
    assert_contains(x, "<node id=\"a\">\n      <data key=\"v0\">a</data>\n"
                       "      <data key=\"v1\">a</data>\n    </node>\n");
    unlink(path);
    free(x);
    release(&a);
}

static void gml_keys_are_letters_digits_underscores(void **state)
{
    (void)state;
    analysed_t a;
    char path[64];
    analyse(&a, "source,target\na,b\n", "id,2020 budget,año,_x\na,1,2,3\n", 0);
    char *x = export_file(&a.in, ILONET_EXPORT_GML, NULL, 0, path);
    assert_contains(x, "    name \"a\"\n    label \"a\"\n    x2020_budget \"1\"\n"
                       "    a_o \"2\"\n    x_x \"3\"\n    degree 1\n");
    unlink(path);
    free(x);
    /* GraphML names may be any string */
    x = export_file(&a.in, ILONET_EXPORT_GRAPHML, NULL, 0, path);
    assert_contains(x, "attr.name=\"2020 budget\"");
    assert_contains(x, "attr.name=\"año\"");
    assert_contains(x, "attr.name=\"_x\"");
    unlink(path);
    free(x);
    release(&a);
}

static void output_repeats_exactly(void **state)
{
    (void)state;
    analysed_t a, b;
    char p1[64], p2[64];
    analyse(&a, awkward_edges, awkward_nodes, 0);
    analyse(&b, awkward_edges, awkward_nodes, 0);
    for (int f = ILONET_EXPORT_GRAPHML; f <= ILONET_EXPORT_EDGELIST; f++) {
        char *x = export_file(&a.in, (ilonet_export_format_t)f, NULL, 0, p1);
        char *y = export_file(&b.in, (ilonet_export_format_t)f, NULL, 0, p2);
        assert_string_equal(x, y);
        unlink(p1);
        unlink(p2);
        free(x);
        free(y);
    }
    release(&a);
    release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(format_names_and_extensions),
        cmocka_unit_test(graphml_escapes_and_declares_every_attribute),
        cmocka_unit_test(gml_is_ascii_with_character_references),
        cmocka_unit_test(pajek_numbers_vertices_from_one),
        cmocka_unit_test(edgelist_is_tab_separated_with_header),
        cmocka_unit_test(graphml_and_gml_round_trip_through_igraph),
        cmocka_unit_test(ilo_dataset_round_trips),
        cmocka_unit_test(directed_network_keeps_direction),
        cmocka_unit_test(control_characters_in_ids),
        cmocka_unit_test(bad_requests_are_refused),
        cmocka_unit_test(without_measures_only_the_network_is_written),
        cmocka_unit_test(gml_keys_are_letters_digits_underscores),
        cmocka_unit_test(output_repeats_exactly),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
