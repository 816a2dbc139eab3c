/* The ilonet command: parses options into the library's option structs and prints results and
 * errors. All the work happens in libilonet. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "ilonet/workers.h"

int cli_verbosity = 1;
int cli_batch_worker = 0;
int cli_timings = 0;
static const char *diag_prefix = "";

void cli_set_diag_prefix(const char *prefix)
{
    diag_prefix = prefix != NULL ? prefix : "";
}

/* Every diagnostic goes through here, so they all look alike: "ilonet: ...". */
void cli_message(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("ilonet: ", stderr);
    fputs(diag_prefix, stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

static int usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int usage_error(const char *cmd, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    cli_message("%s (see 'ilonet %s--help')", buf, cmd != NULL ? cmd : "");
    return ILONET_EUSAGE;
}

static void on_log(void *ctx, ilonet_log_level_t level, const char *msg)
{
    (void)ctx;
    if (level == ILONET_LOG_TIMING) {
        if (cli_timings) {
            cli_message("timing: %s", msg);
        }
    } else if (level == ILONET_LOG_WARNING && cli_verbosity >= 1) {
        cli_message("warning: %s", msg);
    } else if (level == ILONET_LOG_INFO && cli_verbosity >= 2) {
        cli_message("%s", msg);
    }
}

/* A progress line for long phases, drawn only on a terminal's stderr (never into a file or a
 * pipe), from one second into a phase, at most five times a second, with an estimate of the
 * time left from the rate so far. */
static struct {
    char phase[64];
    double start, last_draw;
    int drawn;
} bar;

static double wall_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void on_progress(void *ctx, const char *phase, double fraction)
{
    (void)ctx;
    if (phase == NULL) {
        if (bar.drawn) {
            fputs("\r\033[K", stderr);
        }
        bar.drawn = 0;
        bar.phase[0] = '\0';
        return;
    }
    double t = wall_now();
    if (strcmp(phase, bar.phase) != 0) {
        snprintf(bar.phase, sizeof bar.phase, "%s", phase);
        bar.start = t;
        bar.last_draw = 0;
    }
    if (t - bar.start < 1.0 || t - bar.last_draw < 0.2) {
        return;
    }
    bar.last_draw = t;
    fraction = fraction < 0 ? 0 : fraction > 1 ? 1 : fraction;
    int filled = (int)(fraction * 20 + 0.5);
    char left[48] = "";
    if (fraction >= 0.01 && fraction < 1) {
        double secs = (t - bar.start) * (1 - fraction) / fraction;
        if (secs < 90) {
            snprintf(left, sizeof left, ", about %.0f s left", secs);
        } else {
            snprintf(left, sizeof left, ", about %.0f min left", secs / 60);
        }
    }
    fprintf(stderr, "\r\033[Kilonet: %s [%.*s%*s] %3.0f%%%s", bar.phase, filled,
            "####################", 20 - filled, "", fraction * 100, left);
    fflush(stderr);
    bar.drawn = 1;
}

static int finish_stdout(int code)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        cli_message("cannot write to standard output");
        return ILONET_EIO;
    }
    return code;
}

static const char main_help[] =
    "Usage: ilonet COMMAND [OPTIONS] ...\n"
    "\n"
    "Relationship network analysis for multilateral cooperation data: loads CSV files of ties\n"
    "between organisations and joint projects, computes centralities and collaboration\n"
    "clusters with igraph, and writes tables and summaries.\n"
    "\n"
    "Commands:\n"
    "  analyze EDGES.csv   centralities and clusters -> nodes.csv, clusters.csv, summary.json\n"
    "  render EDGES.csv    network diagram (SVG, PDF, PNG, DOT, JSON) through Graphviz\n"
    "  ego EDGES.csv NODE  one organisation's ties, shared projects, reach and ranks\n"
    "  export EDGES.csv    the network with every measure as GraphML, GML, Pajek or edge list\n"
    "\n"
    "Options:\n"
    "  -h, --help          show this help (and 'ilonet COMMAND --help' for a command)\n"
    "  -V, --version       show the versions of ilonet, igraph and libcsv\n"
    "\n"
    "Exit status: 0 success, 1 bad input data, 2 bad usage, 3 file error, 4 out of memory,\n"
    "5 internal error.\n";

static const char analyze_help_input[] =
    "Usage: ilonet analyze EDGES.csv [--nodes NODES.csv] [--out DIR] [OPTIONS]\n"
    "\n"
    "Loads a CSV of ties, builds the network, computes per-node centralities and collaboration\n"
    "clusters, and writes into DIR (default output/<EDGES file stem>/):\n"
    "  nodes.csv     id,label,kind,degree,[in_degree,out_degree,]strength,betweenness,\n"
    "                closeness,harmonic,eigenvector,pagerank,coreness,cluster,clustering,\n"
    "                constraint,[hub,authority,][cluster_stability,] + carried columns,\n"
    "                sorted by pagerank (highest first)\n"
    "  clusters.csv  cluster,size,internal_weight,central_member,members\n"
    "  summary.json  size, density, components, modularity, settings, counts, top 5 per measure\n"
    "Files are replaced only when all three were written. Use - for EDGES to read stdin.\n"
    "\n"
    "Input:\n"
    "  --nodes FILE          nodes file: id (required), label, kind, other columns carried\n"
    "  --source-col NAME     column with the tie's first node (default: source)\n"
    "  --target-col NAME     column with the tie's second node (default: target)\n"
    "  --weight-col NAME     tie weight column, finite and > 0 (default: weight, if present;\n"
    "                        without one every row counts 1)\n"
    "  --delimiter C         ',', ';' or 'tab' (default: detected from the header line)\n"
    "  --strict              refuse edge endpoints missing from the nodes file (default: add\n"
    "                        them with a warning)\n"
    "  --encoding E          utf-8 (default), cp1252, latin1 or utf-16: how the input files are\n"
    "                        encoded; they are converted to UTF-8 while read. Excel's \"CSV\" on\n"
    "                        Windows is cp1252, its \"Unicode text\" utf-16. Without it a file\n"
    "                        that is not UTF-8 is an error naming the likely encoding.\n"
    "  --decimal-comma       weights are written 12,5 (Excel in French or Spanish); a '.' in a\n"
    "                        weight is then an error: 1.234,5 is refused, not read as 1234.5\n"
    "  --aliases FILE        CSV with columns alias,id: every id in the edges and nodes files\n"
    "                        equal to an alias becomes its id (OIT, ILO -> ILO); counted in\n"
    "                        summary.json. An alias given two ids, or mapped to another alias\n"
    "                        (A->B, B->C: chains are not followed), is an error. Ids that still\n"
    "                        differ only in case, accents or spacing are listed in one warning.\n"
    "\n"
    "  --from Y, --to Y      keep only ties dated Y or later / Y or earlier (needs a year\n"
    "                        column; undated rows are left out, and so are nodes-file nodes\n"
    "                        with no tie in the period)\n"
    "\n"
    "Graph:\n"
    "  --directed            ties are directed (default: undirected). Degree still counts\n"
    "                        distinct neighbours; in_degree and out_degree columns are added.\n"
    "  --mode out|in|all     directed graphs: which way path measures follow ties (default out;\n"
    "                        'all' ignores direction)\n"
    "  --weight-is strength|distance\n"
    "                        what the weight means (default strength: more joint work = closer).\n"
    "                        Path measures (betweenness, closeness, harmonic) use 1/strength or\n"
    "                        the distance as given; strength, eigenvector, pagerank and clusters\n"
    "                        use the strength or 1/distance. Recorded in summary.json.\n"
    "  Rows for the same pair (either direction when undirected) merge into one tie with summed\n"
    "  weight (for distances: 1/d summed, as parallel ties); self-loops are dropped. Both are\n"
    "  counted in summary.json.\n"
    "\n";

static const char analyze_help_clusters[] =
    "Clusters:\n"
    "  --cluster-method M    louvain (default), leiden, labelprop, walktrap, infomap,\n"
    "                        fastgreedy, edgebetweenness, components. Weighted by tie strength\n"
    "                        wherever igraph allows (edge betweenness uses distances); each\n"
    "                        reports modularity on the same weighted, undirected graph.\n"
    "                        edgebetweenness is O(V*E^2): refused above %lu ties.\n"
    "  --resolution R        Leiden's resolution, > 0 (default 1; larger gives smaller clusters)\n"
    "  --tries N             stochastic methods (louvain, leiden, labelprop, infomap) run N times\n"
    "                        from seeds derived from --seed and keep the partition with the\n"
    "                        highest modularity. Default %lu, and on networks above 20,000 ties\n"
    "                        1,000,000 / ties (at least 5): one Louvain run finds the best\n"
    "                        partition of the Davis data for 1 seed in 9, 50 tries for 999 in\n"
    "                        1000. Each try is one more run (Louvain: about 0.2-3 s on 100,000\n"
    "                        ties); summary.json records the tries made.\n"
    "  --seed N              seed for clusters and sampling (default 42): same seed, same files\n"
    "  --compare-methods     also write methods.csv: per method, clusters, modularity, seconds\n"
    "                        (wall time: the one column that varies between runs) and agreement\n"
    "                        with the published partition (NMI, adjusted Rand)\n"
    "  --stability R         rerun the method with R other seeds: nodes.csv gains\n"
    "                        cluster_stability (share of runs in which the node stays with the\n"
    "                        majority of its cluster), clusters.csv a stability column\n"
    "  With --directed, infomap and edgebetweenness follow tie direction; the other methods\n"
    "  cluster the undirected version (A->B and B->A summed), with a warning.\n"
    "\n";

static const char analyze_help_more[] =
    "Two-mode data (organisations tied to projects):\n"
    "  --two-mode KINDS      node kinds forming the second mode, comma-separated (default:\n"
    "                        project)\n"
    "  --project-onto M      auto (default), organisations, projects or none. auto analyses the\n"
    "                        organisations' projection when every tie joins an organisation to a\n"
    "                        project; mixed data (organisations also tied directly) is analysed\n"
    "                        as loaded unless M is given, and then direct ties are kept and add\n"
    "                        their strength to the shared-project weight. summary.json says\n"
    "                        which network was analysed.\n"
    "  --projection-weight W count: number of shared projects (default); newman: sum over\n"
    "                        shared projects of 1/(members - 1)\n"
    "\n"
    "Measures:\n"
    "  nodes.csv also has clustering (local clustering coefficient), constraint (Burt: low for\n"
    "  brokers) and, with --directed, hub and authority; summary.json a \"structure\" block\n"
    "  (diameter in hops and weighted, average path length, transitivity, assortativity by\n"
    "  degree and by kind, largest component, degree centralization).\n"
    "  Betweenness, closeness and harmonic come from one shortest-path search per source node,\n"
    "  run in --jobs worker processes; exact costs about nodes x ties steps.\n"
    "  --betweenness-samples K  estimate the three from K random source nodes (seeded;\n"
    "                        betweenness scaled to raw counts) instead: O(K*E)\n"
    "  Size rule: above nodes x ties = 1e9 (e.g. 10,000 nodes with 100,000 ties, about a\n"
    "  minute on one core) they are estimated from max(100, 1e9 / ties) sources unless\n"
    "  --exact is given; stderr says so and summary.json records it (path_measures).\n"
    "  --exact               exact path measures whatever the size\n"
    "  --jobs N              worker processes for the path measures, and from 20,000 ties\n"
    "                        for the clustering tries and the network block, run alongside\n"
    "                        (default: one per CPU; the results are the same bits for any N)\n"
    "\n"
    "Over time (a year column):\n"
    "  --by-year             also write timeline.csv (each node's measures and cluster per\n"
    "                        year, long form) and timeline_summary.csv (per year: rows, nodes,\n"
    "                        ties, density, components, clusters, modularity), for every year\n"
    "                        from --from (default: the first dated row) to --to (default: the\n"
    "                        last). Cluster numbers carry over: a cluster keeps the number most\n"
    "                        of its members had the year before. Undated rows are left out.\n"
    "  --window K            a year's network is the ties dated in the K years ending with it\n"
    "                        (default 1)\n"
    "  --cumulative          a year's network is every tie dated up to it\n"
    "\n"
    "Output:\n"
    "  -o, --out DIR         output directory (created if missing)\n"
    "  --central N           also write central.csv: the N most central nodes (by PageRank)\n"
    "                        with rank, id, label, kind, pagerank, betweenness, degree,\n"
    "                        strength and cluster, a table ready for a report\n"
    "  -v, --verbose         report each phase and its time on stderr, and the lines of the\n"
    "                        first 10 merged duplicate rows and dropped self-loops\n"
    "  -q, --quiet           print nothing but errors\n"
    "  --timings             print each phase's wall time and the peak memory so far on\n"
    "                        stderr (load, build graph, projection, centralities, structure,\n"
    "                        clusters, stability, write; render: layout and render)\n"
    "  -h, --help            show this help\n"
    "  -V, --version         show versions\n";

/* The help text spells out the size rule's numbers. */
_Static_assert((long)ILONET_EXACT_PATHS_BUDGET == 1000000000L && ILONET_MIN_PATH_SAMPLES == 100,
               "update the size rule in analyze's --help");

static const char *const analyze_help[] = {analyze_help_input, analyze_help_clusters,
                                           analyze_help_more, NULL};

static int print_version(void)
{
    char buf[256];
    ilonet_version_string(buf, sizeof buf);
    puts(buf);
    return finish_stdout(0);
}

static int parse_ulong(const char *s, unsigned long *out)
{
    if (s[0] < '0' || s[0] > '9') {
        return 0; /* strtoul would skip spaces and wrap "-1" around */
    }
    char *end = NULL;
    errno = 0;
    unsigned long v = strtoul(s, &end, 10);
    if (errno != 0 || *end != '\0') {
        return 0;
    }
    *out = v;
    return 1;
}

enum {
    OPT_NODES = 256,
    OPT_SOURCE_COL,
    OPT_TARGET_COL,
    OPT_WEIGHT_COL,
    OPT_DELIMITER,
    OPT_STRICT,
    OPT_DIRECTED,
    OPT_MODE,
    OPT_WEIGHT_IS,
    OPT_SEED,
    OPT_FORMAT,
    OPT_LAYOUT,
    OPT_DPI,
    OPT_SIZE_BY,
    OPT_COLOR_BY,
    OPT_PALETTE,
    OPT_LABELS,
    OPT_CLUSTER_BOXES,
    OPT_EDGE_TYPES,
    OPT_TITLE,
    OPT_CAPTION,
    OPT_NO_LEGEND,
    OPT_FOCUS,
    OPT_TOP,
    OPT_EGO,
    OPT_RADIUS,
    OPT_MIN_WEIGHT,
    OPT_KIND,
    OPT_CLUSTER,
    OPT_NO_DESCRIPTION,
    OPT_CLUSTER_METHOD,
    OPT_RESOLUTION,
    OPT_TRIES,
    OPT_TWO_MODE,
    OPT_PROJECT_ONTO,
    OPT_PROJECTION_WEIGHT,
    OPT_BETWEENNESS_SAMPLES,
    OPT_COMPARE_METHODS,
    OPT_STABILITY,
    OPT_DECIMAL_COMMA,
    OPT_ENCODING,
    OPT_ALIASES,
    OPT_TWO_MODE_VIEW,
    OPT_FROM,
    OPT_TO,
    OPT_BY_YEAR,
    OPT_WINDOW,
    OPT_CUMULATIVE,
    OPT_CENTRAL,
    OPT_TIMINGS,
    OPT_EXACT,
    OPT_JOBS,
};

/* Options every command that reads a network shares. */
#define COMMON_OPTIONS                                                                             \
    {"nodes", required_argument, NULL, OPT_NODES},                                                 \
        {"source-col", required_argument, NULL, OPT_SOURCE_COL},                                   \
        {"target-col", required_argument, NULL, OPT_TARGET_COL},                                   \
        {"weight-col", required_argument, NULL, OPT_WEIGHT_COL},                                   \
        {"delimiter", required_argument, NULL, OPT_DELIMITER},                                     \
        {"strict", no_argument, NULL, OPT_STRICT}, {"directed", no_argument, NULL, OPT_DIRECTED},  \
        {"decimal-comma", no_argument, NULL, OPT_DECIMAL_COMMA},                                   \
        {"encoding", required_argument, NULL, OPT_ENCODING},                                       \
        {"aliases", required_argument, NULL, OPT_ALIASES},                                         \
        {"from", required_argument, NULL, OPT_FROM}, {"to", required_argument, NULL, OPT_TO},      \
        {"mode", required_argument, NULL, OPT_MODE},                                               \
        {"weight-is", required_argument, NULL, OPT_WEIGHT_IS},                                     \
        {"seed", required_argument, NULL, OPT_SEED}, {"verbose", no_argument, NULL, 'v'},          \
        {"cluster-method", required_argument, NULL, OPT_CLUSTER_METHOD},                           \
        {"resolution", required_argument, NULL, OPT_RESOLUTION},                                   \
        {"tries", required_argument, NULL, OPT_TRIES},                                             \
        {"two-mode", required_argument, NULL, OPT_TWO_MODE},                                       \
        {"project-onto", required_argument, NULL, OPT_PROJECT_ONTO},                               \
        {"projection-weight", required_argument, NULL, OPT_PROJECTION_WEIGHT},                     \
        {"betweenness-samples", required_argument, NULL, OPT_BETWEENNESS_SAMPLES},                 \
        {"quiet", no_argument, NULL, 'q'}, {"help", no_argument, NULL, 'h'},                       \
        {"timings", no_argument, NULL, OPT_TIMINGS}, {"exact", no_argument, NULL, OPT_EXACT},      \
        {"jobs", required_argument, NULL, OPT_JOBS},                                               \
    {                                                                                              \
        "version", no_argument, NULL, 'V'                                                          \
    }

/* Handles an option shared by all commands. Returns -1 when c is not one, else an exit code
 * (0 = parsed, go on). help_text is printed for -h. */
static int common_option(int c, const char *cmd, const char *const *help_text, int argc,
                         char **argv, ilonet_analyze_options_t *o, int *mode_given)
{
    (void)argc;
    switch (c) {
    case OPT_NODES:
        o->nodes_path = optarg;
        return 0;
    case OPT_SOURCE_COL:
        o->load.source_col = optarg;
        return 0;
    case OPT_TARGET_COL:
        o->load.target_col = optarg;
        return 0;
    case OPT_WEIGHT_COL:
        o->load.weight_col = optarg;
        return 0;
    case OPT_DELIMITER:
        if (strcmp(optarg, ",") == 0 || strcmp(optarg, "comma") == 0) {
            o->load.csv.delimiter = ',';
        } else if (strcmp(optarg, ";") == 0 || strcmp(optarg, "semicolon") == 0) {
            o->load.csv.delimiter = ';';
        } else if (strcmp(optarg, "tab") == 0 || strcmp(optarg, "\t") == 0 ||
                   strcmp(optarg, "\\t") == 0) {
            o->load.csv.delimiter = '\t';
        } else {
            return usage_error(cmd, "--delimiter must be ',', ';' or 'tab', not '%s'", optarg);
        }
        return 0;
    case OPT_STRICT:
        o->load.strict = 1;
        return 0;
    case OPT_DECIMAL_COMMA:
        o->load.decimal_comma = 1;
        return 0;
    case OPT_ENCODING:
        if (ilonet_encoding_parse(optarg, &o->load.csv.encoding) != 0) {
            return usage_error(cmd, "--encoding must be utf-8, cp1252, latin1 or utf-16, not '%s'",
                               optarg);
        }
        return 0;
    case OPT_FROM:
    case OPT_TO: {
        unsigned long y;
        if (!parse_ulong(optarg, &y) || y < ILONET_YEAR_MIN || y > ILONET_YEAR_MAX) {
            return usage_error(cmd, "--%s must be a year from %d to %d, not '%s'",
                               c == OPT_FROM ? "from" : "to", ILONET_YEAR_MIN, ILONET_YEAR_MAX,
                               optarg);
        }
        *(c == OPT_FROM ? &o->load.year_from : &o->load.year_to) = (int)y;
        if (o->load.year_from != ILONET_NO_BOUND && o->load.year_to != ILONET_NO_BOUND &&
            o->load.year_from > o->load.year_to) {
            return usage_error(cmd, "--from %d is after --to %d", o->load.year_from,
                               o->load.year_to);
        }
        return 0;
    }
    case OPT_ALIASES:
        if (optarg[0] == '\0') {
            return usage_error(cmd, "--aliases needs a file name");
        }
        o->aliases_path = optarg;
        return 0;
    case OPT_DIRECTED:
        o->graph.directed = 1;
        return 0;
    case OPT_MODE:
        *mode_given = 1;
        if (strcmp(optarg, "out") == 0) {
            o->mode = ILONET_PATHS_OUT;
        } else if (strcmp(optarg, "in") == 0) {
            o->mode = ILONET_PATHS_IN;
        } else if (strcmp(optarg, "all") == 0) {
            o->mode = ILONET_PATHS_ALL;
        } else {
            return usage_error(cmd, "--mode must be out, in or all, not '%s'", optarg);
        }
        return 0;
    case OPT_WEIGHT_IS:
        if (strcmp(optarg, "strength") == 0) {
            o->graph.weight_is = ILONET_WEIGHT_IS_STRENGTH;
        } else if (strcmp(optarg, "distance") == 0) {
            o->graph.weight_is = ILONET_WEIGHT_IS_DISTANCE;
        } else {
            return usage_error(cmd, "--weight-is must be strength or distance, not '%s'", optarg);
        }
        return 0;
    case OPT_SEED:
        if (!parse_ulong(optarg, &o->seed)) {
            return usage_error(cmd, "--seed must be a whole number >= 0, not '%s'", optarg);
        }
        return 0;
    case OPT_CLUSTER_METHOD:
        if (ilonet_cluster_method_parse(optarg, &o->cluster.method) != 0) {
            return usage_error(cmd,
                               "unknown cluster method '%s' (use louvain, leiden, labelprop, "
                               "walktrap, infomap, fastgreedy, edgebetweenness or components)",
                               optarg);
        }
        return 0;
    case OPT_RESOLUTION: {
        char *end = NULL;
        errno = 0;
        double v = strtod(optarg, &end);
        if (optarg[0] == '\0' || *end != '\0' || errno != 0 || !isfinite(v) || v <= 0) {
            return usage_error(cmd, "--resolution must be a number > 0, not '%s'", optarg);
        }
        o->cluster.resolution = v;
        return 0;
    }
    case OPT_TRIES: {
        unsigned long v;
        if (!parse_ulong(optarg, &v) || v < 1 || v > 100000) {
            return usage_error(cmd, "--tries must be a whole number from 1 to 100000, not '%s'",
                               optarg);
        }
        o->cluster.tries = (unsigned)v;
        return 0;
    }
    case OPT_TWO_MODE:
        if (strspn(optarg, " ,") == strlen(optarg)) {
            return usage_error(cmd, "--two-mode needs one or more kinds, e.g. project");
        }
        o->two_mode_kinds = optarg;
        return 0;
    case OPT_PROJECT_ONTO:
        if (strcmp(optarg, "organisations") == 0 || strcmp(optarg, "organizations") == 0 ||
            strcmp(optarg, "first") == 0) {
            o->project_onto = ILONET_PROJECT_FIRST;
        } else if (strcmp(optarg, "projects") == 0 || strcmp(optarg, "second") == 0) {
            o->project_onto = ILONET_PROJECT_SECOND;
        } else if (strcmp(optarg, "none") == 0) {
            o->project_onto = ILONET_PROJECT_NONE;
        } else if (strcmp(optarg, "auto") == 0) {
            o->project_onto = ILONET_PROJECT_AUTO;
        } else {
            return usage_error(cmd,
                               "--project-onto must be organisations, projects, none or auto, "
                               "not '%s'",
                               optarg);
        }
        return 0;
    case OPT_PROJECTION_WEIGHT:
        if (strcmp(optarg, "count") == 0) {
            o->projection_weight = ILONET_PROJECTION_COUNT;
        } else if (strcmp(optarg, "newman") == 0) {
            o->projection_weight = ILONET_PROJECTION_NEWMAN;
        } else {
            return usage_error(cmd, "--projection-weight must be count or newman, not '%s'",
                               optarg);
        }
        return 0;
    case OPT_BETWEENNESS_SAMPLES: {
        unsigned long v;
        if (!parse_ulong(optarg, &v) || v < 1) {
            return usage_error(cmd, "--betweenness-samples must be a whole number >= 1, not '%s'",
                               optarg);
        }
        o->betweenness_samples = (size_t)v;
        return 0;
    }
    case 'v':
        cli_verbosity = 2;
        return 0;
    case OPT_TIMINGS:
        cli_timings = 1;
        return 0;
    case OPT_EXACT:
        o->exact = 1;
        return 0;
    case OPT_JOBS: {
        unsigned long v;
        if (!parse_ulong(optarg, &v) || v < 1 || v > 256) {
            return usage_error(cmd, "--jobs must be a whole number from 1 to 256, not '%s'",
                               optarg);
        }
        o->workers = (unsigned)v;
        return 0;
    }
    case 'q':
        cli_verbosity = 0;
        return 0;
    case 'h':
        /* help texts may show the limits that live in the library's headers */
        for (const char *const *part = help_text; *part != NULL; part++) {
            printf(*part, (unsigned long)ILONET_EDGEBETWEENNESS_MAX_TIES,
                   (unsigned long)ILONET_DEFAULT_TRIES);
        }
        return finish_stdout(0) == 0 ? -2 : ILONET_EIO;
    case 'V':
        return print_version() == 0 ? -2 : ILONET_EIO;
    case ':':
        if (optopt != 0 && optopt < 256) {
            return usage_error(cmd, "option '-%c' needs a value", optopt);
        }
        return usage_error(cmd, "option '%s' needs a value", argv[optind - 1]);
    case '?':
        if (optopt != 0) {
            return usage_error(cmd, "unknown option '-%c'", optopt);
        }
        return usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
    default:
        return -1;
    }
}

/* A command's own option: 0 when c is one and was parsed, -1 when c is not one, else an exit
 * code. job is the command's job struct. */
typedef int (*own_option_fn)(int c, const char *cmd, void *job);

/* Parses the options: the command's own through own, the shared ones through common_option.
 * Returns 0 to go on, -2 when help or version was printed (exit 0), else an exit code. */
static int parse_options(int argc, char **argv, const char *cmd, const struct option *longopts,
                         const char *const *help, ilonet_analyze_options_t *o, int *mode_given,
                         own_option_fn own, void *job)
{
    int c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":o:vqhV", longopts, NULL)) != -1) {
        int rc = own(c, cmd, job);
        if (rc == -1) {
            rc = common_option(c, cmd, help, argc, argv, o, mode_given);
        }
        if (rc == -1) {
            rc = usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
        }
        if (rc != 0) {
            return rc;
        }
    }
    return 0;
}

/* The value of --out: a non-empty name. */
static int out_option(const char *cmd, const char *what, const char **out)
{
    if (optarg[0] == '\0') {
        return usage_error(cmd, "--out needs %s", what);
    }
    *out = optarg;
    return 0;
}

int cli_report_error(ilonet_status_t st, const ilonet_error_t *err)
{
    char buf[2048];
    ilonet_error_format(err, buf, sizeof buf);
    cli_message("%s", buf);
    return st;
}

static int analyze_option(int c, const char *cmd, void *jobp)
{
    cli_job_t *job = jobp;
    ilonet_analyze_options_t *o = &job->analyze;
    unsigned long v;
    switch (c) {
    case OPT_CENTRAL:
        if (!parse_ulong(optarg, &v) || v < 1 || v > 1000000) {
            return usage_error(cmd, "--central must be a whole number from 1 to 1000000, not '%s'",
                               optarg);
        }
        o->central_top = (size_t)v;
        return 0;
    case OPT_BY_YEAR:
        job->by_year = 1;
        return 0;
    case OPT_WINDOW:
        if (!parse_ulong(optarg, &v) || v < 1 || v > 1000) {
            return usage_error(cmd,
                               "--window must be a whole number of years from 1 to 1000, "
                               "not '%s'",
                               optarg);
        }
        job->timeline.window = (unsigned)v;
        job->window_given = 1;
        return 0;
    case OPT_CUMULATIVE:
        job->timeline.cumulative = 1;
        job->window_given = 1;
        return 0;
    case 'o':
        return out_option(cmd, "a directory name", &o->out_dir);
    case OPT_COMPARE_METHODS:
        o->compare_methods = 1;
        return 0;
    case OPT_STABILITY:
        if (!parse_ulong(optarg, &v) || v < 1 || v > 10000) {
            return usage_error(cmd, "--stability must be a whole number from 1 to 10000, not '%s'",
                               optarg);
        }
        o->stability_runs = (unsigned)v;
        return 0;
    default:
        return -1;
    }
}

static const char render_help[] =
    "Usage: ilonet render EDGES.csv [--nodes NODES.csv] --out FILE [OPTIONS]\n"
    "\n"
    "Draws the network with Graphviz (in-process) into FILE: .svg, .pdf, .png, .dot (the\n"
    "attributed graph) or .json (node positions), and writes a plain-language description of\n"
    "the figure beside it (FILE with .txt instead of its extension) for alt text or captions.\n"
    "Measures and clusters are those of 'ilonet analyze' on the whole network, even when a\n"
    "filter draws only part of it. Same input, options and --seed: byte-identical files.\n"
    "\n"
    "Output:\n"
    "  -o, --out FILE        the figure (required); its folder is created if missing\n"
    "  --format F            svg, pdf, png, dot or json (default: from FILE's extension)\n"
    "  --dpi N               PNG resolution (default 300)\n"
    "  --no-description      do not write FILE.txt\n"
    "\n"
    "Layout:\n"
    "  --layout L            Graphviz engines: neato (default), fdp, sfdp, dot, circo, twopi;\n"
    "                        igraph layouts pinned in Graphviz: fr, kk, drl, mds. Above 1000\n"
    "                        drawn nodes the default becomes fr and labels top:30 (stderr says\n"
    "                        so).\n"
    "  --seed N              seed for clusters and layout (default 42)\n"
    "\n"
    "Encodings:\n"
    "  --size-by M           node area proportional to pagerank (default), betweenness, degree,\n"
    "                        strength, eigenvector, closeness, harmonic, coreness, or none\n"
    "  --color-by cluster|kind  node colour (default cluster)\n"
    "  --palette P           okabe-ito (default), dark2 or set2: colour-blind-safe palettes\n"
    "  --labels all|none|top:N  which nodes carry a label (default all); labels come from a\n"
    "                        short_label column when the nodes file has one, else label, wrapped\n"
    "  --focus ID            node drawn with a thick outline (default: the node of kind 'ilo')\n"
    "  --cluster-boxes       draw each cluster as a labelled box (with --layout dot or fdp)\n"
    "  --edge-types          dash styles for the three most common tie types\n"
    "  --title TEXT          title under the figure, above the legend\n"
    "  --caption TEXT        caption (e.g. source and date) under the legend\n"
    "  --no-legend           no legend\n"
    "  Shapes: circles are organisations, boxes projects, diamonds agreements (and mou),\n"
    "  hexagons forums and events; line width grows with tie weight.\n"
    "\n"
    "Filters (they combine):\n"
    "  --top N               the N nodes highest by the --size-by measure\n"
    "  --ego NODE            NODE and its neighbours within --radius K ties (default 1)\n"
    "  --min-weight W        ties of weight >= W (nodes left without ties are dropped)\n"
    "  --kind K              nodes of kind K (repeatable)\n"
    "  --cluster C           the nodes of cluster C\n"
    "  --two-mode-view       only ties between the second mode (--two-mode kinds, default\n"
    "                        project) and other nodes: organisations and the projects they\n"
    "                        share, without their direct ties\n"
    "\n"
    "Over time (a year column):\n"
    "  --by-year             small multiples: one panel per year (from --from to --to, default\n"
    "                        every dated year, at most 36), every node in the same place in\n"
    "                        each (an igraph layout of the whole network, default kk); a\n"
    "                        panel draws the ties dated in its year and shows the other nodes\n"
    "                        as faint ghosts. Sizes and colours are the whole network's.\n"
    "  --window K            a panel shows the ties of the K years ending with its year\n"
    "  --cumulative          a panel shows every tie dated up to its year\n"
    "\n"
    "Input and graph options are those of 'ilonet analyze' (see 'ilonet analyze --help'):\n"
    "  --nodes --source-col --target-col --weight-col --delimiter --strict --encoding\n"
    "  --decimal-comma --aliases --from --to --directed --mode --weight-is; clusters and\n"
    "  two-mode options\n"
    "  --cluster-method --resolution --tries --two-mode --project-onto (default none here: the\n"
    "  figure shows the network as loaded)\n"
    "  --projection-weight --betweenness-samples; and -v/--verbose, -q/--quiet, -h/--help,\n"
    "  -V/--version.\n";

static const char *const render_help_parts[] = {render_help, NULL};

static int parse_positive(const char *s, double *out)
{
    char *end = NULL;
    errno = 0;
    double v = strtod(s, &end);
    if (s[0] == '\0' || *end != '\0' || errno != 0 || !isfinite(v) || v <= 0) {
        return 0;
    }
    *out = v;
    return 1;
}

static int render_option(int c, const char *cmd, void *jobp)
{
    ilonet_render_job_t *job = jobp;
    unsigned long u;
    switch (c) {
    case 'o':
        return out_option(cmd, "a file name", &job->out_path);
    case OPT_FORMAT:
        if (!ilonet_render_format_known(optarg)) {
            return usage_error(cmd, "--format must be svg, pdf, png, dot or json, not '%s'",
                               optarg);
        }
        job->format = optarg;
        return 0;
    case OPT_LAYOUT:
        if (!ilonet_render_engine_known(optarg)) {
            return usage_error(cmd,
                               "unknown layout '%s' (use neato, fdp, sfdp, dot, circo, twopi, "
                               "fr, kk, drl or mds)",
                               optarg);
        }
        job->layout = optarg;
        return 0;
    case OPT_DPI:
        if (!parse_positive(optarg, &job->dpi) || job->dpi > 2400) {
            return usage_error(cmd, "--dpi must be a number between 1 and 2400, not '%s'", optarg);
        }
        return 0;
    case OPT_SIZE_BY:
        job->size_by = optarg;
        return 0;
    case OPT_COLOR_BY:
        if (strcmp(optarg, "cluster") == 0) {
            job->color_by = ILONET_COLOR_BY_CLUSTER;
        } else if (strcmp(optarg, "kind") == 0) {
            job->color_by = ILONET_COLOR_BY_KIND;
        } else {
            return usage_error(cmd, "--color-by must be cluster or kind, not '%s'", optarg);
        }
        return 0;
    case OPT_PALETTE:
        if (!ilonet_render_palette_known(optarg)) {
            return usage_error(cmd, "--palette must be okabe-ito, dark2 or set2, not '%s'", optarg);
        }
        job->palette = optarg;
        return 0;
    case OPT_LABELS:
        if (strcmp(optarg, "all") == 0) {
            job->labels_top = -1;
        } else if (strcmp(optarg, "none") == 0) {
            job->labels_top = 0;
        } else if (strncmp(optarg, "top:", 4) == 0 && parse_ulong(optarg + 4, &u) && u > 0 &&
                   u < 1000000) {
            job->labels_top = (long)u;
        } else {
            return usage_error(cmd, "--labels must be all, none or top:N, not '%s'", optarg);
        }
        return 0;
    case OPT_CLUSTER_BOXES:
        job->cluster_boxes = 1;
        return 0;
    case OPT_EDGE_TYPES:
        job->edge_type_style = 1;
        return 0;
    case OPT_TITLE:
        job->title = optarg;
        return 0;
    case OPT_CAPTION:
        job->caption = optarg;
        return 0;
    case OPT_NO_LEGEND:
        job->legend = 0;
        return 0;
    case OPT_FOCUS:
        job->focus = optarg;
        return 0;
    case OPT_TOP:
        if (!parse_ulong(optarg, &u) || u == 0) {
            return usage_error(cmd, "--top must be a whole number > 0, not '%s'", optarg);
        }
        job->select.top = u;
        return 0;
    case OPT_EGO:
        job->select.ego = optarg;
        return 0;
    case OPT_RADIUS:
        if (!parse_ulong(optarg, &u) || u == 0 || u > 100) {
            return usage_error(cmd, "--radius must be a whole number from 1 to 100, not '%s'",
                               optarg);
        }
        job->select.radius = (int)u;
        return 0;
    case OPT_MIN_WEIGHT:
        if (!parse_positive(optarg, &job->select.min_weight)) {
            return usage_error(cmd, "--min-weight must be a number > 0, not '%s'", optarg);
        }
        return 0;
    case OPT_KIND:
        if (job->select.n_kinds == ILONET_MAX_KINDS) {
            return usage_error(cmd, "--kind can be given at most %d times", ILONET_MAX_KINDS);
        }
        job->select.kinds[job->select.n_kinds++] = optarg;
        return 0;
    case OPT_CLUSTER:
        if (!parse_ulong(optarg, &u) || u == 0) {
            return usage_error(cmd, "--cluster must be a cluster number (1, 2, ...), not '%s'",
                               optarg);
        }
        job->select.cluster = u;
        return 0;
    case OPT_NO_DESCRIPTION:
        job->describe = 0;
        return 0;
    case OPT_TWO_MODE_VIEW:
        job->two_mode_view = 1;
        return 0;
    case OPT_BY_YEAR:
        job->by_year = 1;
        return 0;
    case OPT_WINDOW:
        if (!parse_ulong(optarg, &u) || u < 1 || u > 1000) {
            return usage_error(cmd,
                               "--window must be a whole number of years from 1 to 1000, "
                               "not '%s'",
                               optarg);
        }
        job->window = (unsigned)u;
        return 0;
    case OPT_CUMULATIVE:
        job->cumulative = 1;
        return 0;
    default:
        return -1;
    }
}

static const char ego_help[] =
    "Usage: ilonet ego EDGES.csv NODE [--nodes NODES.csv] [--radius K] [--out FILE] [OPTIONS]\n"
    "\n"
    "Who does NODE work with, and through what? Prints NODE's kind and cluster, its value and\n"
    "rank on every centrality (rank 1 = highest; equal values share the better rank), its ties\n"
    "(strongest first, with their types and years), the partners it reaches through shared\n"
    "second-mode nodes (projects, see --two-mode) and how many nodes it reaches within 1..K\n"
    "steps (ignoring tie direction). NODE is an id or a label (case ignored); an unknown name\n"
    "is an error that lists close matches.\n"
    "\n"
    "  --radius K            reach up to K steps and list the nodes at each distance (default 1)\n"
    "  --two-mode KINDS      kinds that link partners (default: project); e.g.\n"
    "                        project,agreement,forum\n"
    "  -o, --out FILE        also write the view to FILE (.json: JSON, else text), replaced\n"
    "                        atomically; the terminal then shows nothing but the summary line\n"
    "  --format text|json    format of the view (default: text, or json for a .json FILE)\n"
    "\n"
    "Input, graph and cluster options are those of 'ilonet analyze' (see its --help); the\n"
    "network is analysed as loaded unless --project-onto is given.\n";

static const char *const ego_help_parts[] = {ego_help, NULL};

static int parse_radius(const char *cmd, const char *s, int *out)
{
    unsigned long v;
    if (!parse_ulong(s, &v) || v < 1 || v > 1000) {
        return usage_error(cmd, "--radius must be a whole number from 1 to 1000, not '%s'", s);
    }
    *out = (int)v;
    return 0;
}

static int ego_option(int c, const char *cmd, void *jobp)
{
    ilonet_ego_job_t *job = jobp;
    switch (c) {
    case 'o':
        return out_option(cmd, "a file name", &job->out_path);
    case OPT_RADIUS:
        return parse_radius(cmd, optarg, &job->ego.radius);
    case OPT_FORMAT:
        if (strcmp(optarg, "text") != 0 && strcmp(optarg, "json") != 0) {
            return usage_error(cmd, "--format must be text or json, not '%s'", optarg);
        }
        job->format = optarg;
        return 0;
    default:
        return -1;
    }
}

static const char export_help[] =
    "Usage: ilonet export EDGES.csv [--nodes NODES.csv] --out FILE [--format F] [OPTIONS]\n"
    "\n"
    "Writes the analysed network with every node attribute (label, kind, the nodes file's\n"
    "columns) and every measure (degree, strength, betweenness, closeness, harmonic,\n"
    "eigenvector, pagerank, coreness, cluster, clustering, constraint; hub and authority when\n"
    "directed) for Gephi, Cytoscape, yEd, igraph or networkx. Ties carry weight, strength,\n"
    "distance and type. The file is replaced atomically.\n"
    "\n"
    "  -o, --out FILE        the file (required); its folder is created if missing\n"
    "  --format F            graphml (.graphml; every attribute), gml (.gml; pure ASCII, accents\n"
    "                        as &#N; entities), pajek (.net; ids and weights only) or edgelist\n"
    "                        (.tsv; source, target, weight). Default: from FILE's extension.\n"
    "  Undefined values (closeness of an isolated node) are left out, not written as NaN.\n"
    "\n"
    "Input, graph, cluster and two-mode options are those of 'ilonet analyze' (see its\n"
    "--help), with the same defaults.\n";

static const char *const export_help_parts[] = {export_help, NULL};

static int export_option(int c, const char *cmd, void *jobp)
{
    ilonet_export_job_t *job = jobp;
    ilonet_export_format_t f;
    switch (c) {
    case 'o':
        return out_option(cmd, "a file name", &job->out_path);
    case OPT_FORMAT:
        if (ilonet_export_format_parse(optarg, &f) != 0) {
            return usage_error(cmd, "--format must be graphml, gml, pajek or edgelist, not '%s'",
                               optarg);
        }
        job->format = optarg;
        return 0;
    default:
        return -1;
    }
}

static const struct option analyze_longopts[] = {
    COMMON_OPTIONS,
    {"out", required_argument, NULL, 'o'},
    {"compare-methods", no_argument, NULL, OPT_COMPARE_METHODS},
    {"stability", required_argument, NULL, OPT_STABILITY},
    {"by-year", no_argument, NULL, OPT_BY_YEAR},
    {"window", required_argument, NULL, OPT_WINDOW},
    {"cumulative", no_argument, NULL, OPT_CUMULATIVE},
    {"central", required_argument, NULL, OPT_CENTRAL},
    {NULL, 0, NULL, 0},
};

static const struct option render_longopts[] = {
    COMMON_OPTIONS,
    {"out", required_argument, NULL, 'o'},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"layout", required_argument, NULL, OPT_LAYOUT},
    {"dpi", required_argument, NULL, OPT_DPI},
    {"size-by", required_argument, NULL, OPT_SIZE_BY},
    {"color-by", required_argument, NULL, OPT_COLOR_BY},
    {"palette", required_argument, NULL, OPT_PALETTE},
    {"labels", required_argument, NULL, OPT_LABELS},
    {"cluster-boxes", no_argument, NULL, OPT_CLUSTER_BOXES},
    {"edge-types", no_argument, NULL, OPT_EDGE_TYPES},
    {"title", required_argument, NULL, OPT_TITLE},
    {"caption", required_argument, NULL, OPT_CAPTION},
    {"no-legend", no_argument, NULL, OPT_NO_LEGEND},
    {"focus", required_argument, NULL, OPT_FOCUS},
    {"top", required_argument, NULL, OPT_TOP},
    {"ego", required_argument, NULL, OPT_EGO},
    {"radius", required_argument, NULL, OPT_RADIUS},
    {"min-weight", required_argument, NULL, OPT_MIN_WEIGHT},
    {"kind", required_argument, NULL, OPT_KIND},
    {"cluster", required_argument, NULL, OPT_CLUSTER},
    {"no-description", no_argument, NULL, OPT_NO_DESCRIPTION},
    {"two-mode-view", no_argument, NULL, OPT_TWO_MODE_VIEW},
    {"by-year", no_argument, NULL, OPT_BY_YEAR},
    {"window", required_argument, NULL, OPT_WINDOW},
    {"cumulative", no_argument, NULL, OPT_CUMULATIVE},
    {NULL, 0, NULL, 0},
};

static const struct option ego_longopts[] = {
    COMMON_OPTIONS,
    {"out", required_argument, NULL, 'o'},
    {"radius", required_argument, NULL, OPT_RADIUS},
    {"format", required_argument, NULL, OPT_FORMAT},
    {NULL, 0, NULL, 0},
};

static const struct option export_longopts[] = {
    COMMON_OPTIONS,
    {"out", required_argument, NULL, 'o'},
    {"format", required_argument, NULL, OPT_FORMAT},
    {NULL, 0, NULL, 0},
};

static const struct {
    const char *name;
    const struct option *longopts;
    const char *const *help;
    own_option_fn own;
} commands[CLI_N_COMMANDS] = {
    {"analyze", analyze_longopts, analyze_help, analyze_option},
    {"render", render_longopts, render_help_parts, render_option},
    {"ego", ego_longopts, ego_help_parts, ego_option},
    {"export", export_longopts, export_help_parts, export_option},
};

const char *cli_command_name(cli_command_t cmd)
{
    return commands[cmd].name;
}

const struct option *cli_command_options(cli_command_t cmd)
{
    return commands[cmd].longopts;
}

/* The analysis options inside the command's job struct. */
static ilonet_analyze_options_t *analysis_of(cli_job_t *job)
{
    switch (job->cmd) {
    case CLI_RENDER:
        return &job->render.analysis;
    case CLI_EGO:
        return &job->ego.analysis;
    case CLI_EXPORT:
        return &job->export_job.analysis;
    default:
        return &job->analyze;
    }
}

static void *own_job(cli_job_t *job)
{
    switch (job->cmd) {
    case CLI_RENDER:
        return &job->render;
    case CLI_EGO:
        return &job->ego;
    case CLI_EXPORT:
        return &job->export_job;
    default:
        return job; /* analyze's options include the timeline's, kept in cli_job_t */
    }
}

int cli_job_parse_options(cli_command_t cmd, int argc, char **argv, cli_job_t *job)
{
    memset(job, 0, sizeof *job);
    job->cmd = cmd;
    ilonet_analyze_options_default(&job->analyze);
    ilonet_render_job_default(&job->render);
    ilonet_ego_job_default(&job->ego);
    ilonet_export_job_default(&job->export_job);
    ilonet_timeline_options_default(&job->timeline);
    char sp[16];
    snprintf(sp, sizeof sp, "%s ", commands[cmd].name);
    ilonet_analyze_options_t *o = analysis_of(job);
    return parse_options(argc, argv, sp, commands[cmd].longopts, commands[cmd].help, o,
                         &job->mode_given, commands[cmd].own, own_job(job));
}

int cli_job_parse(cli_command_t cmd, int argc, char **argv, int max_inputs, cli_job_t *job)
{
    int rc = cli_job_parse_options(cmd, argc, argv, job);
    if (rc != 0) {
        return rc;
    }
    char sp[16];
    snprintf(sp, sizeof sp, "%s ", commands[cmd].name);
    ilonet_analyze_options_t *o = analysis_of(job);
    int n = argc - optind;
    if (cmd == CLI_EGO) {
        if (n != 2) {
            return usage_error(sp, "ego needs an EDGES.csv file and a NODE, got %d operand%s", n,
                               n == 1 ? "" : "s");
        }
        job->ego.node = argv[optind + 1];
        if (job->ego.node[0] == '\0') {
            return usage_error(sp, "ego needs a NODE id or label, not an empty name");
        }
        n = 1;
    }
    if (n == 0) {
        return usage_error(sp, "%sneeds an EDGES.csv file", sp);
    }
    if (max_inputs > 0 && n > max_inputs) {
        return usage_error(sp, "%stakes one EDGES.csv file, got %d", sp, n);
    }
    if (cmd == CLI_RENDER && job->render.out_path == NULL) {
        return usage_error(sp, n > 1 ? "render of several inputs needs --out FOLDER"
                                     : "render needs --out FILE (.svg, .pdf, .png, .dot or .json)");
    }
    if (cmd == CLI_EXPORT && job->export_job.out_path == NULL) {
        return usage_error(sp, "export needs --out FILE");
    }
    if (cmd == CLI_RENDER && !job->render.by_year &&
        (job->render.window > 0 || job->render.cumulative)) {
        return usage_error(sp, "--window and --cumulative need --by-year");
    }
    if (job->window_given && !job->by_year) {
        return usage_error(sp, "--window and --cumulative need --by-year");
    }
    if (job->mode_given && !o->graph.directed && cli_verbosity >= 1) {
        cli_message("warning: --mode only matters with --directed; ignored");
    }
    job->inputs = argv + optind;
    job->n_inputs = n;
    o->edges_path = job->inputs[0];
    o->log = on_log;
    if (cli_verbosity >= 1 && isatty(STDERR_FILENO)) {
        o->progress = on_progress;
    }
    return 0;
}

static int run_analyze(const cli_job_t *job)
{
    const ilonet_analyze_options_t *o = &job->analyze;
    ilonet_error_t err;
    ilonet_analyze_result_t res;
    ilonet_status_t st = ilonet_analyze(o, &res, &err);
    if (st != ILONET_OK) {
        return cli_report_error(st, &err);
    }
    if (cli_verbosity >= 1 && !cli_batch_worker) {
        char q[32] = "n/a";
        if (isfinite(res.modularity)) {
            snprintf(q, sizeof q, "%.3f", res.modularity);
        }
        cli_message("%s%zu nodes, %zu ties from %zu rows (%zu merged, %zu self-loops dropped), "
                    "%zu %s clusters (modularity %s) -> %s/",
                    res.projected ? (res.onto_second ? "projection onto projects: "
                                                     : "projection onto organisations: ")
                                  : "",
                    res.nodes, res.ties, res.edge_rows, res.duplicates_merged,
                    res.self_loops_dropped, res.clusters, res.cluster_method, q, res.out_dir);
    }
    if (!job->by_year) {
        return 0;
    }
    ilonet_timeline_options_t t = job->timeline;
    t.from = o->load.year_from;
    t.to = o->load.year_to;
    ilonet_timeline_result_t tres;
    st = ilonet_timeline_write(o, &t, res.out_dir, &tres, &err);
    if (st != ILONET_OK) {
        return cli_report_error(st, &err);
    }
    if (cli_verbosity >= 1 && !cli_batch_worker) {
        cli_message("timeline %d-%d (%zu dated rows%s) -> %s/timeline.csv, timeline_summary.csv",
                    tres.from, tres.to, tres.dated_rows,
                    tres.undated_rows > 0 ? ", undated rows left out" : "", tres.out_dir);
    }
    return 0;
}

static int run_render(const ilonet_render_job_t *job)
{
    ilonet_error_t err;
    ilonet_render_result_t res;
    ilonet_status_t st = ilonet_render(job, &res, &err);
    if (st != ILONET_OK) {
        return cli_report_error(st, &err);
    }
    if (cli_verbosity >= 1 && !cli_batch_worker) {
        cli_message("drew %zu nodes and %zu ties (%s layout) -> %s%s%s", res.nodes_drawn,
                    res.ties_drawn, res.layout, job->out_path, res.description_path[0] ? " + " : "",
                    res.description_path);
    }
    return 0;
}

static int run_ego(const ilonet_ego_job_t *job)
{
    ilonet_error_t err;
    ilonet_status_t st = ilonet_ego(job, stdout, &err);
    if (st != ILONET_OK) {
        return cli_report_error(st, &err);
    }
    if (job->out_path != NULL && cli_verbosity >= 1 && !cli_batch_worker) {
        cli_message("ego view of '%s' -> %s", job->node, job->out_path);
    }
    return 0;
}

static int run_export(const ilonet_export_job_t *job)
{
    ilonet_error_t err;
    ilonet_status_t st = ilonet_export(job, &err);
    if (st != ILONET_OK) {
        return cli_report_error(st, &err);
    }
    if (cli_verbosity >= 1 && !cli_batch_worker) {
        cli_message("exported -> %s", job->out_path);
    }
    return 0;
}

int cli_job_run(cli_job_t *job)
{
    int rc;
    switch (job->cmd) {
    case CLI_RENDER:
        rc = run_render(&job->render);
        break;
    case CLI_EGO:
        rc = run_ego(&job->ego);
        break;
    case CLI_EXPORT:
        rc = run_export(&job->export_job);
        break;
    default:
        rc = run_analyze(job);
        break;
    }
    return finish_stdout(rc);
}

int cli_job_outputs(const cli_job_t *job, char (*out)[CLI_PATH_MAX], int max)
{
    int n = 0;
    switch (job->cmd) {
    case CLI_ANALYZE: {
        static const char *const names[] = {"nodes.csv", "clusters.csv", "summary.json",
                                            "methods.csv"};
        char dir[CLI_PATH_MAX - 32]; /* room for the file names */
        if (job->analyze.out_dir != NULL) {
            snprintf(dir, sizeof dir, "%s", job->analyze.out_dir);
        } else {
            ilonet_default_out_dir(job->analyze.edges_path, dir, sizeof dir);
        }
        int k_max = job->analyze.compare_methods ? 4 : 3;
        for (int k = 0; k < k_max && n < max; k++) {
            snprintf(out[n++], CLI_PATH_MAX, "%s/%s", dir, names[k]);
        }
        if (job->analyze.central_top > 0 && n < max) {
            snprintf(out[n++], CLI_PATH_MAX, "%s/central.csv", dir);
        }
        for (int k = 0; job->by_year && k < 2 && n < max; k++) {
            snprintf(out[n++], CLI_PATH_MAX, "%s/%s", dir,
                     k == 0 ? "timeline.csv" : "timeline_summary.csv");
        }
        break;
    }
    case CLI_RENDER:
        if (n < max) {
            snprintf(out[n++], CLI_PATH_MAX, "%s", job->render.out_path);
        }
        if (job->render.describe && n < max) {
            ilonet_description_path(job->render.out_path, out[n++], CLI_PATH_MAX);
        }
        break;
    case CLI_EGO:
        if (job->ego.out_path != NULL && n < max) {
            snprintf(out[n++], CLI_PATH_MAX, "%s", job->ego.out_path);
        }
        break;
    default:
        if (n < max) {
            snprintf(out[n++], CLI_PATH_MAX, "%s", job->export_job.out_path);
        }
        break;
    }
    return n;
}

/* The file name of path without folder and extension ("data/a.csv" -> "a"). */
static void path_stem(const char *path, char *buf, size_t size)
{
    char dir[CLI_PATH_MAX + 8];
    ilonet_default_out_dir(path, dir, sizeof dir);
    size_t n = strlen(dir + strlen("output/"));
    if (n >= size) {
        n = size - 1;
    }
    memcpy(buf, dir + strlen("output/"), n);
    buf[n] = '\0';
}

void cli_relay(FILE *output)
{
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, output)) > 0) {
        fwrite(buf, 1, n, stderr);
    }
}

/* The inputs of one command line, each run in its own worker process: Graphviz 2.42 keeps
 * state across renders in one process that it frees with the context (a second figure reads
 * freed memory), and the inputs are independent, so they also run in parallel. */
typedef struct {
    cli_job_t *job;
    char (*outs)[CLI_PATH_MAX];
    int rc;
    int first_failed; /* input index of rc */
} multi_t;

static int run_input(void *ctx, size_t i)
{
    multi_t *m = ctx;
    analysis_of(m->job)->edges_path = m->job->inputs[i];
    analysis_of(m->job)->progress = NULL; /* stderr is a capture file here */
    if (analysis_of(m->job)->workers == 0) {
        analysis_of(m->job)->workers = 1; /* the inputs already run one per CPU */
    }
    if (m->job->cmd == CLI_RENDER) {
        m->job->render.out_path = m->outs[i];
    } else {
        m->job->analyze.out_dir = m->outs[i];
    }
    return cli_job_run(m->job);
}

static void input_done(void *ctx, size_t i, int code, double seconds, FILE *output)
{
    multi_t *m = ctx;
    (void)seconds;
    cli_relay(output);
    if (code != 0 && (int)i < m->first_failed) {
        m->rc = code;
        m->first_failed = (int)i;
    }
}

/* Several inputs: one result (folder or figure) per input, named after the input's stem. Every
 * input is tried; the exit code is that of the first input that failed. */
static int run_each_input(cli_job_t *job)
{
    const char *sp = job->cmd == CLI_RENDER ? "render " : "analyze ";
    char(*stems)[CLI_PATH_MAX] = calloc((size_t)job->n_inputs, sizeof *stems);
    char(*outs)[CLI_PATH_MAX] = calloc((size_t)job->n_inputs, sizeof *outs);
    int rc = 0;
    if (stems == NULL || outs == NULL) {
        cli_message("out of memory");
        rc = ILONET_ENOMEM;
        goto done;
    }
    const char *ext = NULL;
    if (job->cmd == CLI_RENDER) {
        if (ilonet_format_from_path(job->render.out_path) != NULL) {
            rc = usage_error(sp, "with several inputs --out is a folder, not '%s'",
                             job->render.out_path);
            goto done;
        }
        ext = job->render.format != NULL ? job->render.format : "svg";
    }
    for (int i = 0; i < job->n_inputs; i++) {
        path_stem(job->inputs[i], stems[i], sizeof stems[i]);
        for (int j = 0; j < i; j++) {
            if (strcmp(stems[i], stems[j]) == 0) {
                rc = usage_error(sp, "inputs '%s' and '%s' would both write '%s'", job->inputs[j],
                                 job->inputs[i], stems[i]);
                goto done;
            }
        }
        const char *base = job->cmd == CLI_RENDER ? job->render.out_path : job->analyze.out_dir;
        int len = base == NULL ? snprintf(outs[i], CLI_PATH_MAX, "output/%s", stems[i])
                               : snprintf(outs[i], CLI_PATH_MAX, "%s/%s%s%s", base, stems[i],
                                          ext ? "." : "", ext ? ext : "");
        if (len < 0 || len >= CLI_PATH_MAX) {
            rc = usage_error(sp, "output path for '%s' is too long", job->inputs[i]);
            goto done;
        }
    }
    multi_t m = {job, outs, 0, INT32_MAX};
    ilonet_error_t err;
    ilonet_status_t st =
        ilonet_workers_run((size_t)job->n_inputs, 0, run_input, input_done, &m, &err);
    rc = st != ILONET_OK ? cli_report_error(st, &err) : m.rc;
done:
    free(stems);
    free(outs);
    return rc;
}

static int cmd_job(cli_command_t cmd, int argc, char **argv)
{
    cli_job_t job;
    int max_inputs = cmd == CLI_ANALYZE || cmd == CLI_RENDER ? 0 : 1;
    int rc = cli_job_parse(cmd, argc, argv, max_inputs, &job);
    if (rc != 0) {
        return rc == -2 ? 0 : rc;
    }
    return job.n_inputs > 1 ? run_each_input(&job) : cli_job_run(&job);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(main_help, stderr);
        return ILONET_EUSAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "help") == 0) {
        fputs(main_help, stdout);
        return finish_stdout(0);
    }
    if (strcmp(cmd, "-V") == 0 || strcmp(cmd, "--version") == 0) {
        return print_version();
    }
    if (strcmp(cmd, "analyze") == 0) {
        return cmd_job(CLI_ANALYZE, argc - 1, argv + 1);
    }
    if (strcmp(cmd, "render") == 0) {
        return cmd_job(CLI_RENDER, argc - 1, argv + 1);
    }
    if (strcmp(cmd, "ego") == 0) {
        return cmd_job(CLI_EGO, argc - 1, argv + 1);
    }
    if (strcmp(cmd, "export") == 0) {
        return cmd_job(CLI_EXPORT, argc - 1, argv + 1);
    }
    if (strcmp(cmd, "batch") == 0) {
        return cli_batch(argc - 1, argv + 1);
    }
    return usage_error(NULL, "unknown command '%s'", cmd);
}
