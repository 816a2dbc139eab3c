/* The ilonet command: parses options into the library's option structs and prints results and
 * errors. All the work happens in libilonet. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ilonet/ilonet.h"

static int verbosity = 1; /* 0 quiet, 1 normal, 2 verbose */

static void message(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Every diagnostic goes through here, so they all look alike: "ilonet: ...". */
static void message(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("ilonet: ", stderr);
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
    message("%s (see 'ilonet %s--help')", buf, cmd != NULL ? cmd : "");
    return ILONET_EUSAGE;
}

static void on_log(void *ctx, ilonet_log_level_t level, const char *msg)
{
    (void)ctx;
    if (level == ILONET_LOG_WARNING && verbosity >= 1) {
        message("warning: %s", msg);
    } else if (level == ILONET_LOG_INFO && verbosity >= 2) {
        message("%s", msg);
    }
}

static int finish_stdout(int code)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        message("cannot write to standard output");
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
    "\n"
    "Options:\n"
    "  -h, --help          show this help (and 'ilonet COMMAND --help' for a command)\n"
    "  -V, --version       show the versions of ilonet, igraph and libcsv\n"
    "\n"
    "Exit status: 0 success, 1 bad input data, 2 bad usage, 3 file error, 4 out of memory,\n"
    "5 internal error.\n";

static const char analyze_help[] =
    "Usage: ilonet analyze EDGES.csv [--nodes NODES.csv] [--out DIR] [OPTIONS]\n"
    "\n"
    "Loads a CSV of ties, builds the network, computes per-node centralities and Louvain\n"
    "collaboration clusters, and writes into DIR (default output/<EDGES file stem>/):\n"
    "  nodes.csv     id,label,kind,degree,[in_degree,out_degree,]strength,betweenness,\n"
    "                closeness,harmonic,eigenvector,pagerank,coreness,cluster + carried columns,\n"
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
    "\n"
    "Clusters:\n"
    "  --seed N              seed for Louvain (default 42): same seed, same files\n"
    "  Louvain (igraph multilevel, weighted) refuses directed graphs: with --directed the\n"
    "  clusters are found on the undirected version (A->B and B->A summed), with a warning.\n"
    "\n"
    "Output:\n"
    "  -o, --out DIR         output directory (created if missing)\n"
    "  -v, --verbose         report each phase and its time on stderr\n"
    "  -q, --quiet           print nothing but errors\n"
    "  -h, --help            show this help\n"
    "  -V, --version         show versions\n";

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
};

static int cmd_analyze(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"nodes", required_argument, NULL, OPT_NODES},
        {"out", required_argument, NULL, 'o'},
        {"source-col", required_argument, NULL, OPT_SOURCE_COL},
        {"target-col", required_argument, NULL, OPT_TARGET_COL},
        {"weight-col", required_argument, NULL, OPT_WEIGHT_COL},
        {"delimiter", required_argument, NULL, OPT_DELIMITER},
        {"strict", no_argument, NULL, OPT_STRICT},
        {"directed", no_argument, NULL, OPT_DIRECTED},
        {"mode", required_argument, NULL, OPT_MODE},
        {"weight-is", required_argument, NULL, OPT_WEIGHT_IS},
        {"seed", required_argument, NULL, OPT_SEED},
        {"verbose", no_argument, NULL, 'v'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    const char *cmd = "analyze ";
    ilonet_analyze_options_t o;
    ilonet_analyze_options_default(&o);
    int mode_given = 0;
    int c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":o:vqhV", longopts, NULL)) != -1) {
        switch (c) {
        case OPT_NODES:
            o.nodes_path = optarg;
            break;
        case 'o':
            if (optarg[0] == '\0') {
                return usage_error(cmd, "--out needs a directory name");
            }
            o.out_dir = optarg;
            break;
        case OPT_SOURCE_COL:
            o.load.source_col = optarg;
            break;
        case OPT_TARGET_COL:
            o.load.target_col = optarg;
            break;
        case OPT_WEIGHT_COL:
            o.load.weight_col = optarg;
            break;
        case OPT_DELIMITER:
            if (strcmp(optarg, ",") == 0 || strcmp(optarg, "comma") == 0) {
                o.load.csv.delimiter = ',';
            } else if (strcmp(optarg, ";") == 0 || strcmp(optarg, "semicolon") == 0) {
                o.load.csv.delimiter = ';';
            } else if (strcmp(optarg, "tab") == 0 || strcmp(optarg, "\t") == 0 ||
                       strcmp(optarg, "\\t") == 0) {
                o.load.csv.delimiter = '\t';
            } else {
                return usage_error(cmd, "--delimiter must be ',', ';' or 'tab', not '%s'", optarg);
            }
            break;
        case OPT_STRICT:
            o.load.strict = 1;
            break;
        case OPT_DIRECTED:
            o.graph.directed = 1;
            break;
        case OPT_MODE:
            mode_given = 1;
            if (strcmp(optarg, "out") == 0) {
                o.mode = ILONET_PATHS_OUT;
            } else if (strcmp(optarg, "in") == 0) {
                o.mode = ILONET_PATHS_IN;
            } else if (strcmp(optarg, "all") == 0) {
                o.mode = ILONET_PATHS_ALL;
            } else {
                return usage_error(cmd, "--mode must be out, in or all, not '%s'", optarg);
            }
            break;
        case OPT_WEIGHT_IS:
            if (strcmp(optarg, "strength") == 0) {
                o.graph.weight_is = ILONET_WEIGHT_IS_STRENGTH;
            } else if (strcmp(optarg, "distance") == 0) {
                o.graph.weight_is = ILONET_WEIGHT_IS_DISTANCE;
            } else {
                return usage_error(cmd, "--weight-is must be strength or distance, not '%s'",
                                   optarg);
            }
            break;
        case OPT_SEED:
            if (!parse_ulong(optarg, &o.seed)) {
                return usage_error(cmd, "--seed must be a whole number >= 0, not '%s'", optarg);
            }
            break;
        case 'v':
            verbosity = 2;
            break;
        case 'q':
            verbosity = 0;
            break;
        case 'h':
            fputs(analyze_help, stdout);
            return finish_stdout(0);
        case 'V':
            return print_version();
        case ':':
            if (optopt != 0 && optopt < 256) {
                return usage_error(cmd, "option '-%c' needs a value", optopt);
            }
            return usage_error(cmd, "option '%s' needs a value", argv[optind - 1]);
        default:
            if (optopt != 0) {
                return usage_error(cmd, "unknown option '-%c'", optopt);
            }
            return usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind >= argc) {
        return usage_error(cmd, "analyze needs an EDGES.csv file");
    }
    if (argc - optind > 1) {
        return usage_error(cmd, "analyze takes one EDGES.csv file, got %d", argc - optind);
    }
    if (mode_given && !o.graph.directed && verbosity >= 1) {
        message("warning: --mode only matters with --directed; ignored");
    }
    o.edges_path = argv[optind];
    o.log = on_log;

    ilonet_error_t err;
    ilonet_analyze_result_t res;
    ilonet_status_t st = ilonet_analyze(&o, &res, &err);
    if (st != ILONET_OK) {
        char buf[2048];
        ilonet_error_format(&err, buf, sizeof buf);
        message("%s", buf);
        return st;
    }
    if (verbosity >= 1) {
        char q[32] = "n/a";
        if (isfinite(res.modularity)) {
            snprintf(q, sizeof q, "%.3f", res.modularity);
        }
        message("%zu nodes, %zu ties from %zu rows (%zu merged, %zu self-loops dropped), "
                "%zu clusters (modularity %s) -> %s/",
                res.nodes, res.ties, res.edge_rows, res.duplicates_merged, res.self_loops_dropped,
                res.clusters, q, res.out_dir);
    }
    return finish_stdout(0);
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
        return cmd_analyze(argc - 1, argv + 1);
    }
    return usage_error(NULL, "unknown command '%s'", cmd);
}
