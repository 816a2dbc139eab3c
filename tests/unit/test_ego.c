/* The ego view: finding a node by name, and the text and JSON views of its ranks, ties, two-mode
 * partners and reach. */
#include "net_fixture.h"

#include <jansson.h>

#include "ilonet/ego.h"

/* A report input built like the pipeline builds it: network, graph, centralities, clusters. */
typedef struct {
    fixture_t f;
    ilonet_centrality_t cent;
    ilonet_clusters_t cl;
    ilonet_report_input_t in;
} input_t;

static void input_finish(input_t *x)
{
    ilonet_error_t err;
    ilonet_igraph_setup();
    if (ilonet_centrality_compute(&x->cent, &x->f.graph, ILONET_PATHS_OUT, &err) != ILONET_OK) {
        fail_msg("centrality failed: %s", err.message);
    }
    if (ilonet_community_louvain(&x->cl, &x->f.graph, 42, &err) != ILONET_OK) {
        fail_msg("louvain failed: %s", err.message);
    }
    memset(&x->in, 0, sizeof x->in);
    x->in.net = &x->f.net;
    x->in.graph = &x->f.graph;
    x->in.cent = &x->cent;
    x->in.clusters = &x->cl;
    x->in.edges_path = "edges.csv";
    x->in.mode = ILONET_PATHS_OUT;
    x->in.seed = 42;
    x->in.version = "test";
}

static void input_build(input_t *x, const char *edges, const char *nodes, int directed,
                        ilonet_weight_is_t weight_is)
{
    fixture_build(&x->f, edges, nodes, directed, weight_is);
    input_finish(x);
}

static void input_destroy(input_t *x)
{
    ilonet_clusters_destroy(&x->cl);
    ilonet_centrality_destroy(&x->cent);
    fixture_destroy(&x->f);
}

/* The ego view of the node called name, as a malloc'ed string. */
static char *ego_view(const input_t *x, const char *name, int radius, const char *kinds,
                      ilonet_ego_format_t fmt)
{
    ilonet_error_t err;
    size_t node;
    if (ilonet_ego_find(&x->f.net, name, &node, &err) != ILONET_OK) {
        fail_msg("find %s failed: %s", name, err.message);
    }
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    assert_non_null(fp);
    ilonet_ego_options_t o;
    ilonet_ego_options_default(&o);
    o.radius = radius;
    o.second_kinds = kinds;
    ilonet_status_t st = ilonet_ego_write(fp, &x->in, node, &o, fmt, &err);
    assert_int_equal(fclose(fp), 0);
    if (st != ILONET_OK) {
        fail_msg("ego write failed: %s", err.message);
    }
    return buf;
}

/* A '*' in an expected line stands for any run of characters. */
static int line_matches(const char *got, size_t len, const char *want)
{
    const char *star = strchr(want, '*');
    if (star == NULL) {
        return strlen(want) == len && memcmp(got, want, len) == 0;
    }
    size_t pre = (size_t)(star - want), suf = strlen(star + 1);
    return len >= pre + suf && memcmp(got, want, pre) == 0 &&
           memcmp(got + len - suf, star + 1, suf) == 0;
}

/* Checks that text from p on is exactly the expected lines (all of it when whole). */
static void check_lines_from(const char *p, const char *const *want, size_t n, int whole)
{
    for (size_t i = 0; i < n; i++) {
        const char *nl = strchr(p, '\n');
        if (nl == NULL) {
            fail_msg("output ends before expected line %zu: '%s'", i + 1, want[i]);
        }
        size_t len = (size_t)(nl - p);
        if (!line_matches(p, len, want[i])) {
            fail_msg("line %zu: got '%.*s', want '%s'", i + 1, (int)len, p, want[i]);
        }
        p = nl + 1;
    }
    if (whole && *p != '\0') {
        fail_msg("unexpected output after the last line: '%s'", p);
    }
}

#define CHECK_ALL(text, ...)                                                                       \
    do {                                                                                           \
        const char *const want_[] = {__VA_ARGS__};                                                 \
        check_lines_from((text), want_, sizeof want_ / sizeof *want_, 1);                          \
    } while (0)

/* Finds the line equal to the first expected one and checks the lines that follow it. */
#define CHECK_BLOCK(text, ...)                                                                     \
    do {                                                                                           \
        const char *const want_[] = {__VA_ARGS__};                                                 \
        const char *at_ = find_line((text), want_[0]);                                             \
        check_lines_from(at_, want_, sizeof want_ / sizeof *want_, 0);                             \
    } while (0)

static const char *find_line(const char *text, const char *line)
{
    size_t n = strlen(line);
    for (const char *p = text; *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl != NULL ? (size_t)(nl - p) : strlen(p);
        if (len == n && memcmp(p, line, n) == 0) {
            return p;
        }
        if (nl == NULL) {
            break;
        }
        p = nl + 1;
    }
    fail_msg("no line '%s' in:\n%s", line, text);
    return NULL;
}

/* Two organisations A and B share two projects and a direct tie (two rows merged, weight 3); C
 * shares one project with them; D hangs off C. */
static const char two_orgs_nodes[] = "id,label,kind\n"
                                     "A,Alpha Org,org\n"
                                     "B,Beta Org,org\n"
                                     "C,Gamma Org,org\n"
                                     "P1,Project One,project\n"
                                     "P2,Project Two,project\n";
static const char two_orgs_edges[] = "source,target,weight,type,year\n"
                                     "A,P1,1,joint_project,2019\n"
                                     "B,P1,1,joint_project,2019\n"
                                     "A,P2,1,joint_project,2020\n"
                                     "B,P2,1,joint_project,\n"
                                     "A,B,1,agreement,2018\n"
                                     "B,A,2,joint_project,2021\n"
                                     "C,P2,1,joint_project,\n"
                                     "C,D,1,reference,\n";

/* Reference values for A, worked out by hand and re-checked with an independent pure-Python
 * computation (Dijkstra/Brandes on distances 1/weight, power iteration for eigenvector and
 * PageRank):
 *   degree 3 (A, B, P2 have 3): rank 1 of 6; strength 1+1+3 = 5 (B too): rank 1;
 *   betweenness 1.5 (half of P1-P2, P1-C, P1-D; P2 has 6, C has 4): rank 3;
 *   closeness 5 / (1/3 + 1 + 1 + 2 + 3) = 15/22 = 0.681818 (P2 has 5/7): rank 2;
 *   harmonic (3 + 1 + 1 + 1/2 + 1/3) / 5 = 7/6 (highest, with B): rank 1;
 *   eigenvector 1 (A and B are symmetric and highest): rank 1;
 *   PageRank 0.242952541976 (A and B): rank 1; coreness 2 ({A, B, P1, P2} is a 2-core): rank 1.
 */
static void text_view_of_an_organisation(void **state)
{
    (void)state;
    input_t x;
    input_build(&x, two_orgs_edges, two_orgs_nodes, 0, ILONET_WEIGHT_IS_STRENGTH);
    char cluster[64];
    snprintf(cluster, sizeof cluster, "  cluster  %" IGRAPH_PRId,
             VECTOR(x.cl.membership)[node(&x.f, "A")]);
    char *t = ego_view(&x, "A", 2, "project", ILONET_EGO_TEXT);
    CHECK_ALL(t, "Alpha Org", "  id       A", "  kind     org", cluster, "",
              "Centrality (rank 1 = highest; tied values share the better rank; of = nodes with a "
              "value)",
              "  degree               3  rank 1 of 6", "  strength             5  rank 1 of 6",
              "  betweenness        1.5  rank 3 of 6", "  closeness     0.681818  rank 2 of 6",
              "  harmonic       1.16667  rank 1 of 6", "  eigenvector          1  rank 1 of 6",
              "  pagerank      0.242953  rank 1 of 6", "  coreness             2  rank 1 of 6", "",
              "Ties: 3 neighbours (strongest first, then id; weight = merged weight)",
              "  3  Beta Org [org] -- agreement, joint_project; years 2018, 2021",
              "  1  Project One [project] -- joint_project; year 2019",
              "  1  Project Two [project] -- joint_project; year 2020", "",
              "Partners through project: 2 (most shared first, then id)",
              "  Beta Org [org] -- via (2): Project One, Project Two; also a direct tie",
              "  Gamma Org [org] -- via (1): Project Two", "", "Reach within 2 hops",
              "  distance 1: 3 nodes -- Beta Org, Project One, Project Two",
              "  distance 2: 1 node -- Gamma Org", "  not within 2 hops: 1 node");
    free(t);
    input_destroy(&x);
}

static void json_view_of_an_organisation(void **state)
{
    (void)state;
    input_t x;
    input_build(&x, two_orgs_edges, two_orgs_nodes, 0, ILONET_WEIGHT_IS_STRENGTH);
    char *t = ego_view(&x, "A", 2, "project", ILONET_EGO_JSON);
    CHECK_ALL(
        t, "{", "  \"node\": {", "    \"id\": \"A\",", "    \"label\": \"Alpha Org\",",
        "    \"kind\": \"org\",", "    \"cluster\": *", "  },",
        "  \"rank_convention\": \"rank 1 = highest value; tied values share the better rank; of = "
        "nodes with a defined value\",",
        "  \"centrality\": {", "    \"degree\": {", "      \"value\": 3,", "      \"rank\": 1,",
        "      \"of\": 6", "    },", "    \"strength\": {", "      \"value\": 5.0,",
        "      \"rank\": 1,", "      \"of\": 6", "    },", "    \"betweenness\": {",
        "      \"value\": 1.5,", "      \"rank\": 3,", "      \"of\": 6,",
        "      \"sampled_sources\": null", "    },", "    \"closeness\": {",
        "      \"value\": 0.681818181818,", "      \"rank\": 2,", "      \"of\": 6,",
        "      \"sampled_sources\": null", "    },", "    \"harmonic\": {",
        "      \"value\": 1.16666666667,", "      \"rank\": 1,", "      \"of\": 6,",
        "      \"sampled_sources\": null", "    },", "    \"eigenvector\": {",
        "      \"value\": *,", "      \"rank\": 1,", "      \"of\": 6", "    },",
        "    \"pagerank\": {", "      \"value\": *,", "      \"rank\": 1,", "      \"of\": 6",
        "    },", "    \"coreness\": {", "      \"value\": 2,", "      \"rank\": 1,",
        "      \"of\": 6", "    }", "  },", "  \"ties\": [", "    {", "      \"id\": \"B\",",
        "      \"label\": \"Beta Org\",", "      \"kind\": \"org\",", "      \"weight\": 3.0,",
        "      \"direction\": null,", "      \"types\": [", "        \"agreement\",",
        "        \"joint_project\"", "      ],", "      \"years\": [", "        2018,",
        "        2021", "      ]", "    },", "    {", "      \"id\": \"P1\",",
        "      \"label\": \"Project One\",", "      \"kind\": \"project\",",
        "      \"weight\": 1.0,", "      \"direction\": null,", "      \"types\": [",
        "        \"joint_project\"", "      ],", "      \"years\": [", "        2019", "      ]",
        "    },", "    {", "      \"id\": \"P2\",", "      \"label\": \"Project Two\",",
        "      \"kind\": \"project\",", "      \"weight\": 1.0,", "      \"direction\": null,",
        "      \"types\": [", "        \"joint_project\"", "      ],", "      \"years\": [",
        "        2020", "      ]", "    }", "  ],", "  \"two_mode\": {", "    \"second_kinds\": [",
        "      \"project\"", "    ],", "    \"ego_is_second_mode\": false,", "    \"partners\": [",
        "      {", "        \"id\": \"B\",", "        \"label\": \"Beta Org\",",
        "        \"kind\": \"org\",", "        \"shared\": 2,", "        \"direct\": true,",
        "        \"via\": [", "          {", "            \"id\": \"P1\",",
        "            \"label\": \"Project One\",", "            \"kind\": \"project\"",
        "          },", "          {", "            \"id\": \"P2\",",
        "            \"label\": \"Project Two\",", "            \"kind\": \"project\"",
        "          }", "        ]", "      },", "      {", "        \"id\": \"C\",",
        "        \"label\": \"Gamma Org\",", "        \"kind\": \"org\",", "        \"shared\": 1,",
        "        \"direct\": false,", "        \"via\": [", "          {",
        "            \"id\": \"P2\",", "            \"label\": \"Project Two\",",
        "            \"kind\": \"project\"", "          }", "        ]", "      }", "    ],",
        "    \"members\": null", "  },", "  \"reach\": {", "    \"radius\": 2,",
        "    \"ignores_direction\": false,", "    \"levels\": [", "      {",
        "        \"distance\": 1,", "        \"count\": 3,", "        \"nodes\": [", "          {",
        "            \"id\": \"B\",", "            \"label\": \"Beta Org\"", "          },",
        "          {", "            \"id\": \"P1\",", "            \"label\": \"Project One\"",
        "          },", "          {", "            \"id\": \"P2\",",
        "            \"label\": \"Project Two\"", "          }", "        ]", "      },", "      {",
        "        \"distance\": 2,", "        \"count\": 1,", "        \"nodes\": [", "          {",
        "            \"id\": \"C\",", "            \"label\": \"Gamma Org\"", "          }",
        "        ]", "      }", "    ],", "    \"not_reached\": 1", "  }", "}");

    /* the wildcard lines, against the independent reference values */
    json_error_t jerr;
    json_t *root = json_loads(t, 0, &jerr);
    assert_non_null(root);
    json_t *cent = json_object_get(root, "centrality");
    assert_near(json_real_value(json_object_get(json_object_get(cent, "eigenvector"), "value")),
                1.0, 1e-9);
    assert_near(json_real_value(json_object_get(json_object_get(cent, "pagerank"), "value")),
                0.24295254197637195, 1e-9);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(root, "node"), "cluster")),
                     VECTOR(x.cl.membership)[node(&x.f, "A")]);
    json_decref(root);
    free(t);
    input_destroy(&x);
}

static void second_mode_ego_lists_its_members(void **state)
{
    (void)state;
    input_t x;
    input_build(&x, two_orgs_edges, two_orgs_nodes, 0, ILONET_WEIGHT_IS_STRENGTH);
    char *t = ego_view(&x, "P2", 1, " Project , forum", ILONET_EGO_TEXT);
    CHECK_BLOCK(t, "Members (neighbours of a kind other than Project, forum; by id): 3",
                "  Alpha Org [org]", "  Beta Org [org]", "  Gamma Org [org]", "",
                "Reach within 1 hop", "  distance 1: 3 nodes", "  not within 1 hop: 2 nodes");
    free(t);
    t = ego_view(&x, "P2", 1, "project", ILONET_EGO_JSON);
    json_error_t jerr;
    json_t *root = json_loads(t, 0, &jerr);
    json_t *tm = json_object_get(root, "two_mode");
    assert_true(json_is_true(json_object_get(tm, "ego_is_second_mode")));
    assert_true(json_is_null(json_object_get(tm, "partners")));
    json_t *members = json_object_get(tm, "members");
    assert_int_equal(json_array_size(members), 3);
    assert_string_equal(json_string_value(json_object_get(json_array_get(members, 2), "id")), "C");
    json_decref(root);
    free(t);
    input_destroy(&x);
}

static void node_without_kind_or_partners(void **state)
{
    (void)state;
    input_t x;
    input_build(&x, two_orgs_edges, two_orgs_nodes, 0, ILONET_WEIGHT_IS_STRENGTH);
    /* D came from the edges file only: no label (its id stands in), no kind. */
    char *t = ego_view(&x, "D", 1, "project", ILONET_EGO_TEXT);
    CHECK_BLOCK(t, "D", "  id       D", "  kind     -");
    /* Competition ranking: D is last on degree behind 3 nodes with 3 and 2 with 2, so rank 6
     * (not 3); it ties P1 on betweenness 0 and C on coreness 1, so both share rank 5. Values
     * from the independent computation described above text_view_of_an_organisation. */
    CHECK_BLOCK(t, "  degree               1  rank 6 of 6", "  strength             1  rank 6 of 6",
                "  betweenness          0  rank 5 of 6", "  closeness     0.384615  rank 6 of 6",
                "  harmonic      0.483333  rank 6 of 6", "  eigenvector  0.0349066  rank 6 of 6",
                "  pagerank       0.08792  rank 6 of 6", "  coreness             1  rank 5 of 6");
    CHECK_BLOCK(t, "Ties: 1 neighbour (strongest first, then id; weight = merged weight)",
                "  1  Gamma Org [org] -- reference", "", "Partners through project: none");
    free(t);
    input_destroy(&x);
}

/* Star with centre h and leaves l1..l4. Values by hand: the centre has degree and strength 4,
 * betweenness C(4,2) = 6, closeness 1, harmonic 1, eigenvector 1; a leaf has degree 1,
 * betweenness 0, closeness 4/(1+2+2+2) = 0.571429, harmonic (1 + 3/2)/4 = 0.625, eigenvector
 * 1/sqrt(4) = 0.5 (the leading eigenvector of a star is (sqrt(k), 1, ..., 1)). PageRank with
 * damping 0.85 on 5 nodes: c = 0.03 + 0.85 * 4 * l and l = 0.03 + 0.85 * c / 4 give
 * c = 0.132 / 0.2775 = 0.475676 and l = 0.131081. Every node has coreness 1. */
static const char star[] = "source,target\nh,l1\nh,l2\nh,l3\nh,l4\n";

static void star_centre_ranks_first_on_everything(void **state)
{
    (void)state;
    input_t x;
    input_build(&x, star, NULL, 0, ILONET_WEIGHT_IS_STRENGTH);
    char *t = ego_view(&x, "h", 1, NULL, ILONET_EGO_TEXT);
    CHECK_ALL(t, "h", "  id       h", "  kind     -", "*", "",
              "Centrality (rank 1 = highest; tied values share the better rank; of = nodes with a "
              "value)",
              "  degree               4  rank 1 of 5", "  strength             4  rank 1 of 5",
              "  betweenness          6  rank 1 of 5", "  closeness            1  rank 1 of 5",
              "  harmonic             1  rank 1 of 5", "  eigenvector          1  rank 1 of 5",
              "  pagerank      0.475676  rank 1 of 5", "  coreness             1  rank 1 of 5", "",
              "Ties: 4 neighbours (strongest first, then id; weight = merged weight)", "  1  l1",
              "  1  l2", "  1  l3", "  1  l4", "", "Reach within 1 hop", "  distance 1: 4 nodes",
              "  not within 1 hop: 0 nodes");
    free(t);
    input_destroy(&x);
}

static void star_leaves_share_rank_two(void **state)
{
    (void)state;
    input_t x;
    input_build(&x, star, NULL, 0, ILONET_WEIGHT_IS_STRENGTH);
    char *t = ego_view(&x, "l3", 3, NULL, ILONET_EGO_TEXT);
    CHECK_BLOCK(t, "  degree               1  rank 2 of 5", "  strength             1  rank 2 of 5",
                "  betweenness          0  rank 2 of 5", "  closeness     0.571429  rank 2 of 5",
                "  harmonic         0.625  rank 2 of 5", "  eigenvector        0.5  rank 2 of 5",
                "  pagerank      0.131081  rank 2 of 5", "  coreness             1  rank 1 of 5",
                "", "Ties: 1 neighbour (strongest first, then id; weight = merged weight)",
                "  1  h", "", "Reach within 3 hops", "  distance 1: 1 node -- h",
                "  distance 2: 3 nodes -- l1, l2, l4", "  distance 3: 0 nodes",
                "  not within 3 hops: 0 nodes");
    free(t);
    input_destroy(&x);
}

static void isolated_node_has_undefined_closeness(void **state)
{
    (void)state;
    input_t x;
    /* iso is declared but has no tie: its closeness is undefined (NaN) and is left out of the
     * "of" count of everyone's closeness rank; its harmonic centrality is 0, below the 5 star
     * nodes: rank 6 of 6. */
    input_build(&x, star, "id\niso\n", 0, ILONET_WEIGHT_IS_STRENGTH);
    char *t = ego_view(&x, "iso", 2, NULL, ILONET_EGO_TEXT);
    CHECK_BLOCK(t, "  closeness            -  undefined", "  harmonic             0  rank 6 of 6");
    CHECK_BLOCK(t, "Ties: none", "", "Reach within 2 hops", "  distance 1: 0 nodes",
                "  not within 2 hops: 5 nodes");
    free(t);
    t = ego_view(&x, "h", 1, NULL, ILONET_EGO_TEXT);
    CHECK_BLOCK(t, "  closeness            1  rank 1 of 5");
    free(t);
    t = ego_view(&x, "iso", 1, NULL, ILONET_EGO_JSON);
    CHECK_BLOCK(t, "    \"closeness\": {", "      \"value\": null,", "      \"rank\": null,",
                "      \"of\": 5,", "      \"sampled_sources\": null", "    },");
    CHECK_BLOCK(t, "  \"ties\": [],");
    free(t);
    input_destroy(&x);
}

static void directed_ties_show_direction_and_reach_ignores_it(void **state)
{
    (void)state;
    input_t x;
    /* x->y and y->x merge into one neighbour of strength 2; z only points at x; x points at w */
    input_build(&x, "source,target\nx,y\ny,x\nz,x\nx,w\n", NULL, 1, ILONET_WEIGHT_IS_STRENGTH);
    char *t = ego_view(&x, "x", 1, NULL, ILONET_EGO_TEXT);
    CHECK_BLOCK(
        t, "Ties: 3 neighbours (strongest first, then id; weight = merged weight; -> out, <- in)",
        "  2  <->  y", "  1  ->   w", "  1  <-   z", "",
        "Reach within 1 hop (ties taken either way)", "  distance 1: 3 nodes");
    free(t);
    t = ego_view(&x, "w", 2, NULL, ILONET_EGO_TEXT);
    CHECK_BLOCK(t, "Reach within 2 hops (ties taken either way)", "  distance 1: 1 node -- x",
                "  distance 2: 2 nodes -- y, z", "  not within 2 hops: 0 nodes");
    free(t);
    t = ego_view(&x, "x", 1, NULL, ILONET_EGO_JSON);
    json_error_t jerr;
    json_t *root = json_loads(t, 0, &jerr);
    json_t *ties = json_object_get(root, "ties");
    assert_string_equal(json_string_value(json_object_get(json_array_get(ties, 0), "direction")),
                        "both");
    assert_string_equal(json_string_value(json_object_get(json_array_get(ties, 1), "direction")),
                        "out");
    assert_string_equal(json_string_value(json_object_get(json_array_get(ties, 2), "direction")),
                        "in");
    assert_true(json_is_true(json_object_get(json_object_get(root, "reach"), "ignores_direction")));
    json_decref(root);
    free(t);
    input_destroy(&x);
}

static void distances_merge_as_parallel_ties(void **state)
{
    (void)state;
    input_t x;
    /* two rows of distance 2 between a and b: strengths 1/2 + 1/2 = 1, so merged distance 1 */
    input_build(&x, "source,target,weight\na,b,2\nb,a,2\na,c,4\n", NULL, 0,
                ILONET_WEIGHT_IS_DISTANCE);
    char *t = ego_view(&x, "a", 1, NULL, ILONET_EGO_TEXT);
    CHECK_BLOCK(t, "Ties: 2 neighbours (strongest first, then id; weight = merged weight)",
                "  1  b", "  4  c");
    free(t);
    input_destroy(&x);
}

static void long_lines_wrap_at_100_columns(void **state)
{
    (void)state;
    input_t x;
    char nodes[512];
    char label[300] = "";
    for (int i = 0; i < 30; i++) {
        size_t len = strlen(label);
        snprintf(label + len, sizeof label - len, "%swörd%02d", i > 0 ? " " : "", i);
    }
    snprintf(nodes, sizeof nodes, "id,label,kind\nn,%s,org\n", label);
    input_build(&x, "source,target,type\ne,n,joint_project\n", nodes, 0, ILONET_WEIGHT_IS_STRENGTH);
    char *t = ego_view(&x, "e", 1, NULL, ILONET_EGO_TEXT);
    /* every line within 100 characters (ö is one character in two bytes) */
    for (const char *p = t; *p;) {
        const char *nl = strchr(p, '\n');
        size_t chars = 0;
        for (const char *q = p; q < nl; q++) {
            chars += ((unsigned char)*q & 0xC0) != 0x80;
        }
        assert_true(chars <= 100);
        p = nl + 1;
    }
    /* the tie line goes on under the label, and joining it back gives the unwrapped line */
    char want[512];
    snprintf(want, sizeof want, "  1  %s [org] -- joint_project", label);
    const char *at = strstr(t, "  1  wörd00");
    assert_non_null(at);
    char joined[512];
    size_t j = 0;
    for (const char *p = at; *p && j + 1 < sizeof joined;) {
        if (*p == '\n') {
            if (strncmp(p + 1, "     w", 6) != 0 && strncmp(p + 1, "     [", 6) != 0 &&
                strncmp(p + 1, "     -", 6) != 0) {
                break;
            }
            joined[j++] = ' ';
            p += 6;
            continue;
        }
        joined[j++] = *p++;
    }
    joined[j] = '\0';
    assert_string_equal(joined, want);
    free(t);
    input_destroy(&x);
}

static void bad_options_are_usage_errors_and_write_nothing(void **state)
{
    (void)state;
    input_t x;
    input_build(&x, star, NULL, 0, ILONET_WEIGHT_IS_STRENGTH);
    ilonet_error_t err;
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    ilonet_ego_options_t o = {.radius = 0, .second_kinds = NULL};
    assert_int_equal(ilonet_ego_write(fp, &x.in, 0, &o, ILONET_EGO_TEXT, &err), ILONET_EUSAGE);
    assert_string_equal(err.message, "radius must be at least 1 (got 0)");
    o = (ilonet_ego_options_t){.radius = 1, .second_kinds = " , "};
    assert_int_equal(ilonet_ego_write(fp, &x.in, 0, &o, ILONET_EGO_JSON, &err), ILONET_EUSAGE);
    assert_int_equal(ilonet_ego_write(fp, &x.in, 5, NULL, ILONET_EGO_TEXT, &err), ILONET_EUSAGE);
    fclose(fp);
    assert_int_equal(len, 0);
    free(buf);
    input_destroy(&x);
}

static size_t find_ok(const input_t *x, const char *name)
{
    ilonet_error_t err;
    size_t i = ILONET_NONE;
    if (ilonet_ego_find(&x->f.net, name, &i, &err) != ILONET_OK) {
        fail_msg("find %s: %s", name, err.message);
    }
    return i;
}

static void find_error(const input_t *x, const char *name, const char *message)
{
    ilonet_error_t err;
    size_t i = 12345;
    assert_int_equal(ilonet_ego_find(&x->f.net, name, &i, &err), ILONET_EDATA);
    assert_int_equal(i, 12345);
    assert_string_equal(err.message, message);
}

static void find_by_id_case_and_label(void **state)
{
    (void)state;
    input_t x;
    input_build(&x, two_orgs_edges, two_orgs_nodes, 0, ILONET_WEIGHT_IS_STRENGTH);
    assert_int_equal(find_ok(&x, "A"), node(&x.f, "A"));
    assert_int_equal(find_ok(&x, "p1"), node(&x.f, "P1"));
    assert_int_equal(find_ok(&x, "Beta Org"), node(&x.f, "B"));
    assert_int_equal(find_ok(&x, "gAMMA org"), node(&x.f, "C"));
    /* "Project" is in two labels: suggested, by edit distance to the id then id */
    find_error(&x, "Project", "unknown node 'Project'; did you mean 'P1' or 'P2'?");
    input_destroy(&x);
}

static void find_suggests_close_ids(void **state)
{
    (void)state;
    input_t x;
    input_build(&x,
                "source,target\nUNCTAD,ILO\nUNDP,ILO\nOECD,ILO\nabcd,abce\nabcf,abcg\n"
                "WIF_2014,ILO\nWIF_2018,ILO\n",
                "id,label\nWIF_2014,2014 UNCTAD World Investment Forum\n"
                "WIF_2018,2018 World Investment Forum (WIF)\n",
                0, ILONET_WEIGHT_IS_STRENGTH);
    /* "UNCTD" is one deletion from UNCTAD and three edits from UNDP (limit 5/3 = 1) */
    find_error(&x, "UNCTD", "unknown node 'UNCTD'; did you mean 'UNCTAD'?");
    find_error(&x, "abcx", "unknown node 'abcx'; did you mean 'abcd', 'abce' or 'abcf'?");
    find_error(&x, "investment forum",
               "unknown node 'investment forum'; did you mean 'WIF_2014' or 'WIF_2018'?");
    /* a substring of a label comes before an id two edits away (limit 8/3 = 2) */
    find_error(&x, "Unctad W", "unknown node 'Unctad W'; did you mean 'WIF_2014' or 'UNCTAD'?");
    find_error(&x, "zzzzzzzz", "unknown node 'zzzzzzzz'");
    input_destroy(&x);
}

static void find_refuses_to_guess_between_case_variants(void **state)
{
    (void)state;
    input_t x;
    input_build(&x, "source,target\nab,AB\nAb2,x\n", NULL, 0, ILONET_WEIGHT_IS_STRENGTH);
    assert_int_equal(find_ok(&x, "AB"), node(&x.f, "AB"));
    find_error(&x, "aB", "ambiguous node 'aB': it matches ids 'ab' and 'AB'; give the id");
    input_destroy(&x);
}

/* The loader merges an alias into its id, so a name given on the command line must go through
 * the same table: "OIT" (an alias of ILO) finds ILO, other names pass through unchanged. */
static void find_through_aliases(void **state)
{
    (void)state;
    input_t x;
    ilonet_error_t err;
    ilonet_aliases_t al;
    ilonet_load_options_t lo;
    ilonet_load_options_default(&lo);
    ilonet_igraph_setup();
    assert_int_equal(ilonet_aliases_init(&al, &err), ILONET_OK);
    assert_int_equal(ilonet_aliases_add(&al, "OIT", 3, "ILO", 3, NULL, 0, &err), ILONET_OK);
    assert_int_equal(ilonet_aliases_add(&al, "Gone", 4, "Nowhere", 7, NULL, 0, &err), ILONET_OK);
    lo.aliases = &al;
    assert_int_equal(ilonet_network_init(&x.f.net, &err), ILONET_OK);
    assert_int_equal(
        ilonet_load_edges(&x.f.net, temp_csv(0, "source,target\nOIT,WHO\nILO,UN\n"), &lo, &err),
        ILONET_OK);
    ilonet_graph_options_t go = {.directed = 0, .weight_is = ILONET_WEIGHT_IS_STRENGTH};
    assert_int_equal(ilonet_graph_build(&x.f.graph, &x.f.net, &go, &err), ILONET_OK);
    input_finish(&x);
    /* the alias is no node: without the table it is unknown */
    find_error(&x, "OIT", "unknown node 'OIT'");
    assert_string_equal(ilonet_aliases_resolve(&al, "OIT"), "ILO");
    assert_int_equal(find_ok(&x, ilonet_aliases_resolve(&al, "OIT")), node(&x.f, "ILO"));
    /* an id, or a name that is no alias, is returned as given (the same pointer) */
    const char *who = "WHO", *oit_lower = "oit";
    assert_ptr_equal(ilonet_aliases_resolve(&al, who), who);
    assert_ptr_equal(ilonet_aliases_resolve(&al, oit_lower), oit_lower);
    assert_ptr_equal(ilonet_aliases_resolve(NULL, who), who);
    assert_null(ilonet_aliases_resolve(&al, NULL));
    /* an alias whose id is not in this network resolves, and the lookup names that id */
    find_error(&x, ilonet_aliases_resolve(&al, "Gone"), "unknown node 'Nowhere'");
    /* the ego view through the alias is ILO's */
    char *t = ego_view(&x, ilonet_aliases_resolve(&al, "OIT"), 1, NULL, ILONET_EGO_JSON);
    assert_non_null(strstr(t, "\"id\": \"ILO\""));
    free(t);
    input_destroy(&x);
    ilonet_aliases_destroy(&al);
}

/* The ILO dataset: UNCTAD's ties and partners, read off datasets/ilo_partnerships/edges.csv.
 * UNCTAD has 7 neighbours: ILO (3 rows: joint_project, technical_assistance, reference) and six
 * second-mode nodes with one row each. Through them it meets ILO (all six; also direct), WAIPA
 * (WIF_2018 and LDC_IPA_capacity_building), and IPAs, UN-OHRLLS, UNIDO (the LDC project), OHCHR
 * (CSR_Roundtable) and WTO (WTO_Forum_2019) once each. */
static void ilo_dataset_unctad(void **state)
{
    (void)state;
    input_t x;
    ilonet_error_t err;
    ilonet_load_options_t lo;
    ilonet_load_options_default(&lo);
    ilonet_igraph_setup();
    assert_int_equal(ilonet_network_init(&x.f.net, &err), ILONET_OK);
    assert_int_equal(ilonet_load_nodes(&x.f.net, "datasets/ilo_partnerships/nodes.csv", &lo, &err),
                     ILONET_OK);
    assert_int_equal(ilonet_load_edges(&x.f.net, "datasets/ilo_partnerships/edges.csv", &lo, &err),
                     ILONET_OK);
    ilonet_graph_options_t go = {.directed = 0, .weight_is = ILONET_WEIGHT_IS_STRENGTH};
    assert_int_equal(ilonet_graph_build(&x.f.graph, &x.f.net, &go, &err), ILONET_OK);
    input_finish(&x);

    char *t = ego_view(&x, "unctad", 1, "project,agreement,forum", ILONET_EGO_JSON);
    json_error_t jerr;
    json_t *root = json_loads(t, 0, &jerr);
    assert_non_null(root);
    json_t *ties = json_object_get(root, "ties");
    const char *tie_ids[] = {
        "ILO",      "CSR_Roundtable", "ILO-UNCTAD_MoU", "LDC_IPA_capacity_building",
        "WIF_2014", "WIF_2018",       "WTO_Forum_2019"};
    assert_int_equal(json_array_size(ties), 7);
    for (size_t i = 0; i < 7; i++) {
        assert_string_equal(json_string_value(json_object_get(json_array_get(ties, i), "id")),
                            tie_ids[i]);
    }
    json_t *ilo = json_array_get(ties, 0);
    assert_near(json_real_value(json_object_get(ilo, "weight")), 3.0, 0);
    json_t *types = json_object_get(ilo, "types");
    assert_int_equal(json_array_size(types), 3);
    assert_string_equal(json_string_value(json_array_get(types, 0)), "joint_project");
    assert_string_equal(json_string_value(json_array_get(types, 1)), "technical_assistance");
    assert_string_equal(json_string_value(json_array_get(types, 2)), "reference");

    json_t *partners = json_object_get(json_object_get(root, "two_mode"), "partners");
    const char *partner_ids[] = {"ILO", "WAIPA", "IPAs", "OHCHR", "UN-OHRLLS", "UNIDO", "WTO"};
    const json_int_t shared[] = {6, 2, 1, 1, 1, 1, 1};
    assert_int_equal(json_array_size(partners), 7);
    for (size_t i = 0; i < 7; i++) {
        json_t *p = json_array_get(partners, i);
        assert_string_equal(json_string_value(json_object_get(p, "id")), partner_ids[i]);
        assert_int_equal(json_integer_value(json_object_get(p, "shared")), shared[i]);
        assert_int_equal(json_is_true(json_object_get(p, "direct")), i == 0);
    }
    json_t *via = json_object_get(json_array_get(partners, 1), "via");
    assert_string_equal(json_string_value(json_object_get(json_array_get(via, 0), "id")),
                        "LDC_IPA_capacity_building");
    assert_string_equal(json_string_value(json_object_get(json_array_get(via, 1), "label")),
                        "2018 World Investment Forum (WIF)");
    json_t *levels = json_object_get(json_object_get(root, "reach"), "levels");
    assert_int_equal(json_integer_value(json_object_get(json_array_get(levels, 0), "count")), 7);
    json_decref(root);
    free(t);

    t = ego_view(&x, "UNCTAD", 2, "project,agreement,forum", ILONET_EGO_TEXT);
    assert_non_null(strstr(t, "United Nations Conference on Trade and Development (UNCTAD)\n"));
    assert_non_null(strstr(t, "2014 UNCTAD World Investment Forum"));
    assert_non_null(strstr(t, "2018 World Investment Forum (WIF)"));
    assert_non_null(strstr(t, "\n  International Labour Organization (ILO) [ilo] -- via (6): "));
    assert_non_null(strstr(t, "\nPartners through project, agreement, forum: 7 (most shared"));
    for (const char *p = t; *p;) {
        const char *nl = strchr(p, '\n');
        size_t chars = 0;
        for (const char *q = p; q < nl; q++) {
            chars += ((unsigned char)*q & 0xC0) != 0x80;
        }
        assert_true(chars <= 100);
        p = nl + 1;
    }
    free(t);
    input_destroy(&x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(text_view_of_an_organisation),
        cmocka_unit_test(json_view_of_an_organisation),
        cmocka_unit_test(second_mode_ego_lists_its_members),
        cmocka_unit_test(node_without_kind_or_partners),
        cmocka_unit_test(star_centre_ranks_first_on_everything),
        cmocka_unit_test(star_leaves_share_rank_two),
        cmocka_unit_test(isolated_node_has_undefined_closeness),
        cmocka_unit_test(directed_ties_show_direction_and_reach_ignores_it),
        cmocka_unit_test(distances_merge_as_parallel_ties),
        cmocka_unit_test(long_lines_wrap_at_100_columns),
        cmocka_unit_test(bad_options_are_usage_errors_and_write_nothing),
        cmocka_unit_test(find_by_id_case_and_label),
        cmocka_unit_test(find_suggests_close_ids),
        cmocka_unit_test(find_refuses_to_guess_between_case_variants),
        cmocka_unit_test(find_through_aliases),
        cmocka_unit_test(ilo_dataset_unctad),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
