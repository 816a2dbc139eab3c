/* ilonet batch: turns a manifest's jobs into the same option sets as the command line, runs
 * them in worker processes, and records (run.json) or checks what they produced. */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "ilonet/digest.h"
#include "ilonet/manifest.h"
#include "ilonet/runrecord.h"
#include "ilonet/workers.h"

static const char batch_help[] =
    "Usage: ilonet batch MANIFEST.ini [--jobs N] [--out DIR] [--check] [--progress] [-q]\n"
    "\n"
    "Runs every job of a manifest (analyses, figures, ego views, exports) in parallel worker\n"
    "processes and writes run.json beside the outputs: the versions of ilonet, igraph and\n"
    "Graphviz, each job's resolved settings (seed included) and the SHA-256 of every input and\n"
    "output file. The manifest is checked whole (unknown sections and keys, bad values, missing\n"
    "inputs, two jobs writing one file) before any job runs. A failing job doesn't stop the\n"
    "others; the exit status is 0 only when all succeeded.\n"
    "\n"
    "Manifest (INI; ';' or '#' starts a comment):\n"
    "  [batch]                output = FOLDER   where outputs go (default: the manifest's folder)\n"
    "  [defaults]             options every job gets unless it sets them itself\n"
    "  [analysis NAME]        ilonet analyze: output = FOLDER (default NAME)\n"
    "  [figure NAME]          ilonet render: output = FILE.svg|pdf|png|dot|json (default "
    "NAME.svg)\n"
    "  [ego NAME]             ilonet ego: node = ID, output = FILE.txt|json (default NAME.txt)\n"
    "  [export NAME]          ilonet export: output = FILE.graphml|gml|net|tsv (default\n"
    "                         NAME.graphml)\n"
    "  Keys are the long options of the command without '--' (layout = fr, title = \"...\",\n"
    "  cluster-method = leiden), plus input = EDGES.csv. Switches take yes or no (directed =\n"
    "  yes); kind takes a comma-separated list. Input, nodes and aliases paths are relative to\n"
    "  the manifest's folder, outputs relative to the output folder (and must stay inside it).\n"
    "\n"
    "Options:\n"
    "  -j, --jobs N          worker processes (default: one per CPU, here %u)\n"
    "  -o, --out DIR         output folder, instead of [batch] output\n"
    "  --check               rerun into a temporary folder and compare every output with the\n"
    "                        SHA-256 in the output folder's run.json; exit 1 if any differs or an\n"
    "                        input changed\n"
    "  --progress            a line per finished job on stderr (default: only on a terminal)\n"
    "  -q, --quiet           print nothing but errors\n"
    "  -v, --verbose         the jobs' own progress notes\n"
    "  -h, --help            show this help\n";

enum { OPT_CHECK = 300, OPT_PROGRESS };

typedef struct {
    const ilonet_manifest_section_t *sec;
    cli_command_t cmd;
    char **argv; /* owned, NULL-terminated */
    int argc;
    int cap;
    cli_job_t job;
    char *out_rel;
    const char **keys; /* resolved settings for the record (copies in owned) */
    const char **vals;
    char **owned; /* strings keys and vals point to */
    size_t n_owned;
    size_t n_set;
    size_t cap_set;
    ilonet_record_file_t *inputs;
    size_t n_inputs;
    ilonet_record_file_t *outputs;
    size_t n_outputs;
    int exit_code;
    double seconds;
} bjob_t;

typedef struct {
    ilonet_manifest_t m;
    bjob_t *jobs;
    size_t n;
    char root[CLI_PATH_MAX];         /* where outputs go in this run */
    char manifest_dir[CLI_PATH_MAX]; /* absolute */
    int progress;
    int check;
    unsigned parallel; /* --jobs (0 = one per CPU) */
    size_t finished;
    int errors; /* manifest errors found while checking it */
} batch_t;

static const char *const repeatable_keys[] = {"kind", NULL};

/* Keys a manifest can't set: they are the batch's own or have no meaning in a job. */
static int reserved_key(const char *key)
{
    static const char *const keys[] = {"help", "version", "verbose", "quiet", NULL};
    for (const char *const *k = keys; *k != NULL; k++) {
        if (strcmp(*k, key) == 0) {
            return 1;
        }
    }
    return 0;
}

static const struct option *find_option(cli_command_t cmd, const char *key)
{
    for (const struct option *o = cli_command_options(cmd); o->name != NULL; o++) {
        if (strcmp(o->name, key) == 0) {
            return o;
        }
    }
    return NULL;
}

/* Manifest keys may be written with '_' for '-' (cluster_method); "out" means output. */
static void normalise_key(const char *key, char *buf, size_t size)
{
    snprintf(buf, size, "%s", strcmp(key, "out") == 0 ? "output" : key);
    for (char *p = buf; *p != '\0'; p++) {
        if (*p == '_') {
            *p = '-';
        }
    }
}

static int accepts_key(cli_command_t cmd, const char *key)
{
    if (strcmp(key, "input") == 0 || strcmp(key, "output") == 0) {
        return 1;
    }
    if (strcmp(key, "node") == 0) {
        return cmd == CLI_EGO;
    }
    return !reserved_key(key) && find_option(cmd, key) != NULL;
}

static cli_command_t command_of(ilonet_section_kind_t kind)
{
    switch (kind) {
    case ILONET_SECTION_RENDER:
        return CLI_RENDER;
    case ILONET_SECTION_EGO:
        return CLI_EGO;
    case ILONET_SECTION_EXPORT:
        return CLI_EXPORT;
    default:
        return CLI_ANALYZE;
    }
}

static void error_at(batch_t *b, size_t line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void error_at(batch_t *b, size_t line, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (line > 0) {
        cli_message("%s:%zu: %s", b->m.path, line, msg);
    } else {
        cli_message("%s: %s", b->m.path, msg);
    }
    b->errors++;
}

static int push_arg(bjob_t *j, const char *a, const char *b)
{
    if (j->argc + 2 > j->cap) {
        int cap = j->cap ? 2 * j->cap : 16;
        char **v = realloc(j->argv, (size_t)cap * sizeof *v);
        if (v == NULL) {
            return -1;
        }
        j->argv = v;
        j->cap = cap;
    }
    size_t n = strlen(a) + (b != NULL ? strlen(b) : 0) + 1;
    char *s = malloc(n);
    if (s == NULL) {
        return -1;
    }
    snprintf(s, n, "%s%s", a, b != NULL ? b : "");
    j->argv[j->argc++] = s;
    j->argv[j->argc] = NULL;
    return 0;
}

/* Keeps a copy of s for the job's lifetime. */
static const char *keep(bjob_t *j, const char *s, size_t len)
{
    char **owned = realloc(j->owned, (j->n_owned + 1) * sizeof *owned);
    if (owned == NULL) {
        return NULL;
    }
    j->owned = owned;
    char *copy = strndup(s, len);
    if (copy != NULL) {
        j->owned[j->n_owned++] = copy;
    }
    return copy;
}

/* Adds key = value to the job's recorded settings; a repeated key (kind) joins its values. */
static int record_setting(bjob_t *j, const char *key, const char *value)
{
    for (size_t i = 0; i < j->n_set; i++) {
        if (strcmp(j->keys[i], key) == 0) {
            size_t n = strlen(j->vals[i]) + strlen(value) + 2;
            char *joined = malloc(n);
            if (joined == NULL) {
                return -1;
            }
            snprintf(joined, n, "%s,%s", j->vals[i], value);
            j->vals[i] = keep(j, joined, n);
            free(joined);
            return j->vals[i] != NULL ? 0 : -1;
        }
    }
    if (j->n_set == j->cap_set) {
        size_t cap = j->cap_set ? 2 * j->cap_set : 16;
        const char **k = realloc(j->keys, cap * sizeof *k);
        if (k == NULL) {
            return -1;
        }
        j->keys = k;
        const char **v = realloc(j->vals, cap * sizeof *v);
        if (v == NULL) {
            return -1;
        }
        j->vals = v;
        j->cap_set = cap;
    }
    j->keys[j->n_set] = keep(j, key, strlen(key));
    j->vals[j->n_set] = keep(j, value, strlen(value));
    if (j->keys[j->n_set] == NULL || j->vals[j->n_set] == NULL) {
        return -1;
    }
    j->n_set++;
    return 0;
}

static int parse_switch(const char *v, int *on)
{
    static const char *const yes[] = {"yes", "true", "on", "1", NULL};
    static const char *const no[] = {"no", "false", "off", "0", NULL};
    for (int i = 0; yes[i] != NULL; i++) {
        if (strcasecmp(v, yes[i]) == 0) {
            *on = 1;
            return 1;
        }
        if (strcasecmp(v, no[i]) == 0) {
            *on = 0;
            return 1;
        }
    }
    return 0;
}

/* Checks one option on its own, so that a bad value is reported with its line. */
static void check_option(batch_t *b, cli_command_t cmd, const char *arg, size_t line)
{
    char prefix[CLI_PATH_MAX + 32];
    snprintf(prefix, sizeof prefix, "%s:%zu: ", b->m.path, line);
    char *argv[3] = {(char *)cli_command_name(cmd), (char *)arg, NULL};
    cli_job_t scratch;
    cli_set_diag_prefix(prefix);
    int rc = cli_job_parse_options(cmd, 2, argv, &scratch);
    cli_set_diag_prefix(NULL);
    if (rc != 0) {
        b->errors++;
    }
}

static int join_path(char *buf, size_t size, const char *dir, const char *path)
{
    size_t d = path[0] == '/' ? 0 : strlen(dir), p = strlen(path);
    if (d + p + 2 > size) {
        return 0;
    }
    memcpy(buf, dir, d);
    if (d > 0) {
        buf[d++] = '/';
    }
    memcpy(buf + d, path, p + 1);
    return 1;
}

/* An input named in the manifest must exist, relative to the manifest's folder. */
static void check_input_file(batch_t *b, const char *key, const ilonet_manifest_entry_t *e)
{
    char path[CLI_PATH_MAX];
    struct stat sb;
    if (strcmp(e->value, "-") == 0) {
        error_at(b, e->line, "%s can't be standard input in a batch", key);
    } else if (!join_path(path, sizeof path, b->manifest_dir, e->value)) {
        error_at(b, e->line, "%s path too long", key);
    } else if (stat(path, &sb) != 0) {
        error_at(b, e->line, "%s '%s' not found (relative paths start at the manifest's folder)",
                 key, e->value);
    } else if (!S_ISREG(sb.st_mode)) {
        error_at(b, e->line, "%s '%s' is not a file", key, e->value);
    }
}

/* An output must stay inside the output folder, so --check can redirect it. */
static int output_ok(const char *v)
{
    if (v[0] == '/' || v[0] == '\0') {
        return 0;
    }
    const char *p = v;
    while (*p != '\0') {
        size_t n = strcspn(p, "/");
        if ((n == 2 && strncmp(p, "..", 2) == 0) || n == 0) {
            return 0;
        }
        p += n;
        if (*p == '/') {
            p++;
        }
    }
    return p[-1] != '/';
}

static const char *default_extension(cli_command_t cmd, const char *format)
{
    switch (cmd) {
    case CLI_RENDER:
        return format != NULL ? format : "svg";
    case CLI_EGO:
        return format != NULL && strcmp(format, "json") == 0 ? "json" : "txt";
    case CLI_EXPORT:
        if (format == NULL || strcmp(format, "graphml") == 0) {
            return "graphml";
        }
        return strcmp(format, "pajek") == 0      ? "net"
               : strcmp(format, "edgelist") == 0 ? "tsv"
                                                 : format;
    default:
        return NULL;
    }
}

/* The entries a job runs with: [defaults] entries it accepts and doesn't set, then its own. */
static int effective_entries(batch_t *b, bjob_t *j, const ilonet_manifest_entry_t **out)
{
    int n = 0;
    const ilonet_manifest_section_t *d = ilonet_manifest_section(&b->m, ILONET_SECTION_DEFAULTS);
    char key[64], own[64];
    for (size_t i = 0; d != NULL && i < d->n_entries; i++) {
        normalise_key(d->entries[i].key, key, sizeof key);
        if (!accepts_key(j->cmd, key)) {
            continue;
        }
        int overridden = 0;
        for (size_t k = 0; k < j->sec->n_entries && !overridden; k++) {
            normalise_key(j->sec->entries[k].key, own, sizeof own);
            overridden = strcmp(own, key) == 0;
        }
        if (!overridden) {
            out[n++] = &d->entries[i];
        }
    }
    for (size_t k = 0; k < j->sec->n_entries; k++) {
        out[n++] = &j->sec->entries[k];
    }
    return n;
}

/* Turns one job section into an argv for its command and checks it; errors are counted in b. */
static int build_job(batch_t *b, bjob_t *j)
{
    const ilonet_manifest_section_t *d = ilonet_manifest_section(&b->m, ILONET_SECTION_DEFAULTS);
    size_t max = j->sec->n_entries + (d != NULL ? d->n_entries : 0);
    const ilonet_manifest_entry_t **entries = calloc(max + 1, sizeof *entries);
    if (entries == NULL || push_arg(j, cli_command_name(j->cmd), NULL) != 0) {
        free(entries);
        return -1;
    }
    const char *kind_word = ilonet_manifest_kind_word(j->sec->kind);
    int errors_before = b->errors;
    int n = effective_entries(b, j, entries);
    const ilonet_manifest_entry_t *input = NULL, *node = NULL, *output = NULL, *format = NULL;
    int has_seed = 0, rc = 0;
    char key[64];
    rc |= record_setting(j, "command", cli_command_name(j->cmd));
    for (int i = 0; i < n && rc == 0; i++) {
        const ilonet_manifest_entry_t *e = entries[i];
        normalise_key(e->key, key, sizeof key);
        if (!accepts_key(j->cmd, key)) {
            error_at(b, e->line, "unknown key '%s' for %s job '%s'", e->key, kind_word,
                     j->sec->name);
            continue;
        }
        const struct option *opt = find_option(j->cmd, key);
        if (strcmp(key, "input") == 0) {
            input = e;
            check_input_file(b, "input", e);
        } else if (strcmp(key, "node") == 0) {
            node = e;
        } else if (strcmp(key, "output") == 0) {
            output = e;
            continue; /* recorded below, resolved */
        } else if (opt->has_arg == no_argument) {
            int on;
            if (!parse_switch(e->value, &on)) {
                error_at(b, e->line, "'%s' is a yes/no switch, not '%s'", e->key, e->value);
                continue;
            }
            char arg[80];
            snprintf(arg, sizeof arg, "--%s", key);
            check_option(b, j->cmd, arg, e->line);
            if (on) {
                rc |= push_arg(j, arg, NULL);
            }
        } else {
            if (strcmp(key, "nodes") == 0 || strcmp(key, "aliases") == 0) {
                check_input_file(b, key, e);
            }
            if (strcmp(key, "format") == 0) {
                format = e;
            }
            has_seed |= strcmp(key, "seed") == 0;
            char arg[80];
            snprintf(arg, sizeof arg, "--%s=", key);
            /* kind = organisation, project: one --kind each */
            const char *v = e->value;
            do {
                size_t len = strcmp(key, "kind") == 0 ? strcspn(v, ",") : strlen(v);
                char *one = strndup(v, len);
                if (one == NULL) {
                    rc = -1;
                    break;
                }
                char *t = one + strspn(one, " ");
                size_t tl = strlen(t);
                while (tl > 0 && t[tl - 1] == ' ') {
                    t[--tl] = '\0';
                }
                rc |= push_arg(j, arg, t);
                free(one);
                if (rc == 0) {
                    check_option(b, j->cmd, j->argv[j->argc - 1], e->line);
                }
                v += len;
            } while (*v++ == ',' && rc == 0);
        }
        rc |= record_setting(j, key, e->value);
    }
    if (!has_seed && rc == 0) {
        rc |= record_setting(j, "seed", "42");
    }
    if (input == NULL) {
        error_at(b, j->sec->line,
                 "%s job '%s' has no input: set input = EDGES.csv here or in "
                 "[defaults]",
                 kind_word, j->sec->name);
    }
    if (j->cmd == CLI_EGO && node == NULL) {
        error_at(b, j->sec->line, "ego job '%s' needs node = ID", j->sec->name);
    }
    /* the output, relative to the output folder */
    char rel[CLI_PATH_MAX];
    const char *ext = default_extension(j->cmd, format != NULL ? format->value : NULL);
    if (output != NULL) {
        snprintf(rel, sizeof rel, "%s", output->value);
        if (!output_ok(rel)) {
            error_at(b, output->line,
                     "output '%s' must be a relative path inside the output folder (no '..')",
                     output->value);
        } else if (j->cmd == CLI_RENDER && format == NULL &&
                   ilonet_format_from_path(output->value) == NULL) {
            error_at(b, output->line,
                     "output '%s' needs the extension .svg, .pdf, .png, .dot or .json",
                     output->value);
        }
    } else {
        snprintf(rel, sizeof rel, "%s%s%s", j->sec->name, ext ? "." : "", ext ? ext : "");
    }
    j->out_rel = strdup(rel);
    char abs[CLI_PATH_MAX];
    if (j->out_rel == NULL || !join_path(abs, sizeof abs, b->root, rel)) {
        rc = -1;
    }
    rc |= record_setting(j, "output", j->out_rel != NULL ? j->out_rel : "");
    if (rc == 0) {
        rc |= push_arg(j, "--out=", abs);
    }
    if (rc == 0 && input != NULL) {
        rc |= push_arg(j, input->value, NULL);
    }
    if (rc == 0 && node != NULL) {
        rc |= push_arg(j, node->value, NULL);
    }
    free(entries);
    if (rc != 0) {
        return -1;
    }
    /* the whole command line, once each option passed on its own */
    if (b->errors == errors_before) {
        char prefix[CLI_PATH_MAX + 32];
        snprintf(prefix, sizeof prefix, "%s:%zu: ", b->m.path, j->sec->line);
        cli_set_diag_prefix(prefix);
        int prc = cli_job_parse(j->cmd, j->argc, j->argv, 1, &j->job);
        cli_set_diag_prefix(NULL);
        if (prc != 0) {
            b->errors++;
        }
    }
    return 0;
}

typedef struct {
    const char *path;
    size_t job;
} output_ref_t;

static int compare_outputs(const void *a, const void *b)
{
    const output_ref_t *x = a, *y = b;
    int c = strcmp(x->path, y->path);
    return c != 0 ? c : (x->job > y->job) - (x->job < y->job);
}

/* Two jobs writing one file would overwrite each other, and --check couldn't tell them apart.
 * Sorting all outputs finds every clash in O(n log n). */
static int check_output_clash(batch_t *b)
{
    enum { PER_JOB = CLI_MAX_OUTPUTS };
    size_t cap = b->n * PER_JOB, n = 0;
    char(*paths)[CLI_PATH_MAX] = calloc(cap + 1, sizeof *paths);
    output_ref_t *refs = calloc(cap + 1, sizeof *refs);
    if (paths == NULL || refs == NULL) {
        free(paths);
        free(refs);
        return -1;
    }
    for (size_t i = 0; i < b->n; i++) {
        int k = cli_job_outputs(&b->jobs[i].job, paths + n, PER_JOB);
        for (int q = 0; q < k; q++, n++) {
            refs[n] = (output_ref_t){paths[n], i};
        }
    }
    qsort(refs, n, sizeof *refs, compare_outputs);
    for (size_t i = 1; i < n; i++) {
        if (strcmp(refs[i].path, refs[i - 1].path) == 0 &&
            (i < 2 || strcmp(refs[i].path, refs[i - 2].path) != 0)) {
            const bjob_t *a = &b->jobs[refs[i - 1].job], *c = &b->jobs[refs[i].job];
            error_at(b, c->sec->line, "jobs '%s' and '%s' both write %s%s", a->sec->name,
                     c->sec->name, refs[i].path + strlen(b->root) + 1,
                     c->cmd == CLI_RENDER && strstr(refs[i].path, ".txt") != NULL
                         ? " (figures of one name share the .txt description: set "
                           "no-description = yes on all but one)"
                         : "");
        }
    }
    free(paths);
    free(refs);
    return 0;
}

static int run_one(void *ctx, size_t i)
{
    batch_t *b = ctx;
    cli_batch_worker = 1;
    b->jobs[i].job.analyze.progress = NULL; /* workers' stderr is a capture file */
    b->jobs[i].job.render.analysis.progress = NULL;
    b->jobs[i].job.ego.analysis.progress = NULL;
    b->jobs[i].job.export_job.analysis.progress = NULL;
    /* jobs already run one per worker: their path measures stay in their process unless the
     * batch runs one job at a time or the manifest says jobs = N */
    ilonet_analyze_options_t *each[4] = {&b->jobs[i].job.analyze, &b->jobs[i].job.render.analysis,
                                         &b->jobs[i].job.ego.analysis,
                                         &b->jobs[i].job.export_job.analysis};
    for (int k = 0; k < 4; k++) {
        if (each[k]->workers == 0 && b->parallel != 1) {
            each[k]->workers = 1;
        }
    }
    if (chdir(b->manifest_dir) != 0) {
        cli_message("cannot enter %s: %s", b->manifest_dir, strerror(errno));
        return ILONET_EIO;
    }
    return cli_job_run(&b->jobs[i].job);
}

static void on_done(void *ctx, size_t i, int exit_code, double seconds, FILE *output)
{
    batch_t *b = ctx;
    bjob_t *j = &b->jobs[i];
    j->exit_code = exit_code;
    j->seconds = seconds;
    b->finished++;
    if (b->progress || exit_code != 0) {
        char status[64] = "done";
        if (exit_code > 128) {
            snprintf(status, sizeof status, "killed by signal %d", exit_code - 128);
        } else if (exit_code != 0) {
            snprintf(status, sizeof status, "failed (exit %d)", exit_code);
        }
        fprintf(stderr, "[%zu/%zu] %s '%s' %s in %.1f s\n", b->finished, b->n,
                ilonet_manifest_kind_word(j->sec->kind), j->sec->name, status, seconds);
    }
    cli_relay(output);
}

/* Hashes the job's input files (as written, read from the manifest's folder) and, when it
 * succeeded, its outputs (named relative to the output folder). */
static ilonet_status_t hash_job(batch_t *b, bjob_t *j, ilonet_error_t *err)
{
    static const char *const input_keys[] = {"input", "nodes", "aliases"};
    ilonet_status_t st = ILONET_OK;
    j->inputs = calloc(3, sizeof *j->inputs);
    j->outputs = calloc(CLI_MAX_OUTPUTS, sizeof *j->outputs);
    if (j->inputs == NULL || j->outputs == NULL) {
        return ilonet_error_nomem(err);
    }
    char path[CLI_PATH_MAX];
    for (size_t k = 0; k < 3 && st == ILONET_OK; k++) {
        for (size_t s = 0; s < j->n_set; s++) {
            if (strcmp(j->keys[s], input_keys[k]) != 0) {
                continue;
            }
            ilonet_record_file_t *f = &j->inputs[j->n_inputs];
            f->path = strdup(j->vals[s]);
            if (f->path == NULL) {
                return ilonet_error_nomem(err);
            }
            j->n_inputs++;
            join_path(path, sizeof path, b->manifest_dir, j->vals[s]);
            st = ilonet_sha256_file(path, f->sha256, &f->bytes, err);
        }
    }
    if (st != ILONET_OK || j->exit_code != 0) {
        return st;
    }
    char outs[CLI_MAX_OUTPUTS][CLI_PATH_MAX];
    int n = cli_job_outputs(&j->job, outs, CLI_MAX_OUTPUTS);
    size_t root_len = strlen(b->root);
    for (int k = 0; k < n && st == ILONET_OK; k++) {
        ilonet_record_file_t *f = &j->outputs[j->n_outputs];
        f->path = strdup(outs[k] + root_len + 1);
        if (f->path == NULL) {
            return ilonet_error_nomem(err);
        }
        j->n_outputs++;
        st = ilonet_sha256_file(outs[k], f->sha256, &f->bytes, err);
    }
    return st;
}

static void print_table(const batch_t *b)
{
    printf("%-24s %-9s %-16s %8s  %s\n", "job", "kind", "status", "seconds", "outputs");
    for (size_t i = 0; i < b->n; i++) {
        const bjob_t *j = &b->jobs[i];
        char status[32];
        snprintf(status, sizeof status, j->exit_code == 0 ? "done" : "failed (exit %d)",
                 j->exit_code);
        printf("%-24s %-9s %-16s %8.2f ", j->sec->name, ilonet_manifest_kind_word(j->sec->kind),
               status, j->seconds);
        for (size_t k = 0; k < j->n_outputs; k++) {
            printf(" %s", j->outputs[k].path);
        }
        if (j->n_outputs == 0) {
            printf(" -");
        }
        putchar('\n');
    }
}

static void on_diff(void *ctx, const char *what)
{
    (void)ctx;
    cli_message("check: %s", what);
}

static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static int make_absolute(const char *path, char *buf, size_t size)
{
    char cwd[CLI_PATH_MAX];
    if (path[0] == '/') {
        return snprintf(buf, size, "%s", path) < (int)size;
    }
    if (getcwd(cwd, sizeof cwd) == NULL) {
        return 0;
    }
    int n = snprintf(buf, size, "%s/%s", cwd, path);
    if (n < 0 || (size_t)n >= size) {
        return 0;
    }
    /* strip trailing "/." and "/" so that outputs print as ROOT/x */
    size_t len = strlen(buf);
    while (len > 1 && (buf[len - 1] == '/' || (len > 2 && strcmp(buf + len - 2, "/.") == 0))) {
        buf[len - (buf[len - 1] == '/' ? 1 : 2)] = '\0';
        len = strlen(buf);
    }
    return 1;
}

static void free_batch(batch_t *b)
{
    for (size_t i = 0; b->jobs != NULL && i < b->n; i++) {
        bjob_t *j = &b->jobs[i];
        for (int a = 0; a < j->argc; a++) {
            free(j->argv[a]);
        }
        free(j->argv);
        free(j->out_rel);
        free(j->keys);
        free(j->vals);
        for (size_t k = 0; k < j->n_owned; k++) {
            free(j->owned[k]);
        }
        free(j->owned);
        ilonet_record_files_free(j->inputs, j->n_inputs);
        ilonet_record_files_free(j->outputs, j->n_outputs);
    }
    free(b->jobs);
    ilonet_manifest_destroy(&b->m);
}

static ilonet_record_job_t *record_jobs(const batch_t *b)
{
    ilonet_record_job_t *r = calloc(b->n + 1, sizeof *r);
    for (size_t i = 0; r != NULL && i < b->n; i++) {
        const bjob_t *j = &b->jobs[i];
        r[i] = (ilonet_record_job_t){.name = j->sec->name,
                                     .kind = ilonet_manifest_kind_word(j->sec->kind),
                                     .command = cli_command_name(j->cmd),
                                     .exit_code = j->exit_code,
                                     .keys = j->keys,
                                     .values = j->vals,
                                     .n_settings = j->n_set,
                                     .inputs = j->inputs,
                                     .n_inputs = j->n_inputs,
                                     .outputs = j->outputs,
                                     .n_outputs = j->n_outputs};
    }
    return r;
}

/* --check also compares the files now in the output folder with the record, so an output
 * edited or replaced since the run is reported too. */
static ilonet_status_t check_output_folder(const batch_t *b, const char *real_root,
                                           ilonet_record_job_t *records, const char *record_path,
                                           size_t *n_diffs, ilonet_error_t *err)
{
    ilonet_status_t st = ILONET_OK;
    size_t total = 0;
    for (size_t i = 0; i < b->n; i++) {
        total += b->jobs[i].n_outputs;
    }
    ilonet_record_file_t *now = calloc(total + 1, sizeof *now);
    if (now == NULL) {
        return ilonet_error_nomem(err);
    }
    size_t at = 0;
    for (size_t i = 0; i < b->n && st == ILONET_OK; i++) {
        const bjob_t *j = &b->jobs[i];
        records[i].outputs = now + at;
        records[i].n_outputs = 0;
        for (size_t k = 0; k < j->n_outputs; k++) {
            char path[CLI_PATH_MAX];
            ilonet_error_t ignored;
            join_path(path, sizeof path, real_root, j->outputs[k].path);
            now[at].path = j->outputs[k].path;
            if (ilonet_sha256_file(path, now[at].sha256, &now[at].bytes, &ignored) != ILONET_OK) {
                cli_message("check: %s is missing from the output folder (job '%s')",
                            j->outputs[k].path, j->sec->name);
                (*n_diffs)++;
                continue;
            }
            at++;
            records[i].n_outputs++;
        }
    }
    size_t more = 0;
    st = ilonet_record_compare(record_path, records, b->n, "in the output folder", on_diff, NULL,
                               &more, err);
    *n_diffs += more;
    for (size_t i = 0; i < b->n; i++) {
        records[i].outputs = b->jobs[i].outputs;
        records[i].n_outputs = b->jobs[i].n_outputs;
    }
    free(now);
    return st;
}

/* Where the outputs of the manifest go: --out, else [batch] output, else its folder. */
static int resolve_root(batch_t *b, const char *out_opt, char *buf, size_t size)
{
    const ilonet_manifest_section_t *s = ilonet_manifest_section(&b->m, ILONET_SECTION_BATCH);
    for (size_t i = 0; s != NULL && i < s->n_entries; i++) {
        if (strcmp(s->entries[i].key, "output") != 0 && strcmp(s->entries[i].key, "out") != 0) {
            error_at(b, s->entries[i].line, "unknown key '%s' in [batch] (it has: output)",
                     s->entries[i].key);
        }
    }
    const ilonet_manifest_entry_t *e = s != NULL ? ilonet_manifest_find(s, "output") : NULL;
    if (e == NULL && s != NULL) {
        e = ilonet_manifest_find(s, "out");
    }
    char joined[CLI_PATH_MAX];
    if (out_opt != NULL) {
        return make_absolute(out_opt, buf, size);
    }
    if (e != NULL) {
        return join_path(joined, sizeof joined, b->manifest_dir, e->value) &&
               make_absolute(joined, buf, size);
    }
    return make_absolute(b->manifest_dir, buf, size);
}

/* [defaults] keys must mean something to at least one kind of job. */
static void check_defaults(batch_t *b)
{
    const ilonet_manifest_section_t *d = ilonet_manifest_section(&b->m, ILONET_SECTION_DEFAULTS);
    char key[64];
    for (size_t i = 0; d != NULL && i < d->n_entries; i++) {
        normalise_key(d->entries[i].key, key, sizeof key);
        if (strcmp(key, "output") == 0) {
            error_at(b, d->entries[i].line,
                     "output can't be a default: each job writes its own (see [batch] output)");
            continue;
        }
        int known = 0;
        for (int c = 0; c < CLI_N_COMMANDS && !known; c++) {
            known = accepts_key((cli_command_t)c, key);
        }
        if (!known) {
            error_at(b, d->entries[i].line, "unknown key '%s' in [defaults]", d->entries[i].key);
        }
    }
}

int cli_batch(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"jobs", required_argument, NULL, 'j'},  {"out", required_argument, NULL, 'o'},
        {"check", no_argument, NULL, OPT_CHECK}, {"progress", no_argument, NULL, OPT_PROGRESS},
        {"quiet", no_argument, NULL, 'q'},       {"verbose", no_argument, NULL, 'v'},
        {"help", no_argument, NULL, 'h'},        {NULL, 0, NULL, 0},
    };
    batch_t b;
    memset(&b, 0, sizeof b);
    unsigned long parallel = 0;
    const char *out_opt = NULL;
    int progress_opt = 0, rc = 0, c;
    ilonet_error_t err;
    char tmp_root[CLI_PATH_MAX] = "";
    ilonet_record_job_t *records = NULL;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":j:o:qvh", longopts, NULL)) != -1) {
        char *end = NULL;
        switch (c) {
        case 'j':
            errno = 0;
            parallel = strtoul(optarg, &end, 10);
            if (optarg[0] < '1' || optarg[0] > '9' || *end != '\0' || errno != 0 ||
                parallel > 256) {
                cli_message("--jobs must be a whole number from 1 to 256, not '%s' (see 'ilonet "
                            "batch --help')",
                            optarg);
                return ILONET_EUSAGE;
            }
            break;
        case 'o':
            out_opt = optarg;
            break;
        case OPT_CHECK:
            b.check = 1;
            break;
        case OPT_PROGRESS:
            progress_opt = 1;
            break;
        case 'q':
            cli_verbosity = 0;
            break;
        case 'v':
            cli_verbosity = 2;
            break;
        case 'h':
            printf(batch_help, ilonet_workers_cpus());
            return fflush(stdout) == 0 ? 0 : ILONET_EIO;
        case ':':
            cli_message("option '%s' needs a value (see 'ilonet batch --help')", argv[optind - 1]);
            return ILONET_EUSAGE;
        default:
            cli_message("unknown option '%s' (see 'ilonet batch --help')", argv[optind - 1]);
            return ILONET_EUSAGE;
        }
    }
    if (argc - optind != 1) {
        cli_message("batch needs one MANIFEST.ini, got %d (see 'ilonet batch --help')",
                    argc - optind);
        return ILONET_EUSAGE;
    }
    b.progress = cli_verbosity > 0 && (progress_opt || isatty(STDERR_FILENO));
    b.parallel = (unsigned)parallel;
    ilonet_status_t st = ilonet_manifest_load(&b.m, argv[optind], repeatable_keys, &err);
    if (st != ILONET_OK) {
        return cli_report_error(st, &err);
    }
    char real_root[CLI_PATH_MAX];
    if (!make_absolute(b.m.dir, b.manifest_dir, sizeof b.manifest_dir) ||
        !resolve_root(&b, out_opt, real_root, sizeof real_root)) {
        cli_message("%s: path too long", b.m.path);
        rc = ILONET_EUSAGE;
        goto done;
    }
    snprintf(b.root, sizeof b.root, "%s", real_root);
    if (b.check) {
        const char *tmp = getenv("TMPDIR");
        snprintf(tmp_root, sizeof tmp_root, "%s/ilonet-check-XXXXXX",
                 tmp != NULL && tmp[0] != '\0' ? tmp : "/tmp");
        if (mkdtemp(tmp_root) == NULL) {
            cli_message("cannot create a temporary folder %s: %s", tmp_root, strerror(errno));
            tmp_root[0] = '\0';
            rc = ILONET_EIO;
            goto done;
        }
        snprintf(b.root, sizeof b.root, "%s", tmp_root);
    }
    check_defaults(&b);
    b.jobs = calloc(b.m.n_jobs, sizeof *b.jobs);
    if (b.jobs == NULL) {
        rc = ILONET_ENOMEM;
        goto done;
    }
    for (size_t s = 0; s < b.m.n_sections; s++) {
        const ilonet_manifest_section_t *sec = &b.m.sections[s];
        if (sec->kind == ILONET_SECTION_BATCH || sec->kind == ILONET_SECTION_DEFAULTS) {
            continue;
        }
        bjob_t *j = &b.jobs[b.n++];
        j->sec = sec;
        j->cmd = command_of(sec->kind);
        if (build_job(&b, j) != 0) {
            cli_message("out of memory");
            rc = ILONET_ENOMEM;
            goto done;
        }
    }
    if (b.errors == 0 && check_output_clash(&b) != 0) {
        rc = ILONET_ENOMEM;
        goto done;
    }
    if (b.errors > 0) {
        cli_message("%s: %d error%s; no job was run", b.m.path, b.errors, b.errors == 1 ? "" : "s");
        rc = ILONET_EUSAGE;
        goto done;
    }
    st = ilonet_make_dirs(b.root, &err);
    if (st == ILONET_OK) {
        st = ilonet_workers_run(b.n, (unsigned)parallel, run_one, on_done, &b, &err);
    }
    for (size_t i = 0; i < b.n && st == ILONET_OK; i++) {
        st = hash_job(&b, &b.jobs[i], &err);
    }
    char manifest_sha[ILONET_SHA256_HEX];
    if (st == ILONET_OK) {
        st = ilonet_sha256_file(b.m.path, manifest_sha, NULL, &err);
    }
    records = record_jobs(&b);
    if (st == ILONET_OK && records == NULL) {
        st = ilonet_error_nomem(&err);
    }
    if (st != ILONET_OK) {
        rc = cli_report_error(st, &err);
        goto done;
    }
    for (size_t i = 0; i < b.n && rc == 0; i++) {
        rc = b.jobs[i].exit_code;
    }
    const char *base = strrchr(b.m.path, '/');
    base = base != NULL ? base + 1 : b.m.path;
    char record_path[CLI_PATH_MAX + 16];
    snprintf(record_path, sizeof record_path, "%s/run.json", real_root);
    if (b.check) {
        size_t n_diffs = 0;
        st = ilonet_record_compare(record_path, records, b.n, NULL, on_diff, NULL, &n_diffs, &err);
        if (st == ILONET_OK) {
            st = check_output_folder(&b, real_root, records, record_path, &n_diffs, &err);
        }
        if (st != ILONET_OK) {
            rc = cli_report_error(st, &err);
            goto done;
        }
        if (n_diffs > 0) {
            cli_message("check: %zu difference%s from %s", n_diffs, n_diffs == 1 ? "" : "s",
                        record_path);
            rc = rc != 0 ? rc : ILONET_EDATA;
        } else if (cli_verbosity >= 1) {
            size_t outs = 0;
            for (size_t i = 0; i < b.n; i++) {
                outs += b.jobs[i].n_outputs;
            }
            cli_message("check: the %zu outputs of %zu jobs match %s", outs, b.n, record_path);
        }
        goto done;
    }
    st = ilonet_record_write(record_path, base, manifest_sha, records, b.n, &err);
    if (st != ILONET_OK) {
        rc = cli_report_error(st, &err);
        goto done;
    }
    if (cli_verbosity >= 1) {
        print_table(&b);
        if (fflush(stdout) != 0) {
            rc = rc != 0 ? rc : ILONET_EIO;
        }
        size_t failed = 0;
        for (size_t i = 0; i < b.n; i++) {
            failed += b.jobs[i].exit_code != 0;
        }
        cli_message("%zu of %zu jobs done%s -> %s", b.n - failed, b.n,
                    failed > 0 ? " (see the errors above)" : "", record_path);
    }

done:
    if (tmp_root[0] != '\0') {
        nftw(tmp_root, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    }
    free(records);
    free_batch(&b);
    return rc;
}
