/* Generates deterministic two-mode organisation -> project networks with heavy-tailed sizes for
 * make bench: same options and seed give the same bytes on any machine (integer PRNG, exact
 * double arithmetic only, no libm). */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Project sizes follow P(m) ~ m^-3 on [2, MAX_MEMBERS]: mostly pairs and trios, a few consortia
 * of up to MAX_MEMBERS. The bound keeps the projection (sum of m(m-1)/2 pairs) a small multiple
 * of the rows even at millions of rows. */
#define MAX_MEMBERS 200
/* Rows per organisation on average; with Zipf popularity the largest agencies take part in
 * thousands of projects while most partners appear a few times. */
#define ROWS_PER_ORG 12
/* Share of member draws made uniformly rather than by popularity: keeps the small partners in. */
#define UNIFORM_SHARE 0.25
/* Chance that a membership is listed again for another year of the same project: duplicate
 * pairs that the loader must merge. */
#define DUPLICATE_SHARE 0.08
/* Chance that a tie's weight is one more than the last (1, 2, ... up to MAX_WEIGHT). */
#define WEIGHT_STEP 0.3
#define MAX_WEIGHT 5
#define FIRST_YEAR 2010
#define LAST_YEAR 2024
#define MAX_SPAN 5

typedef struct {
    uint64_t s[4];
} rng_t;

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

/* xoshiro256** state from splitmix64, as its authors recommend. */
static void rng_seed(rng_t *r, uint64_t seed)
{
    for (int i = 0; i < 4; i++) {
        r->s[i] = splitmix64(&seed);
    }
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

/* xoshiro256** 1.0 (Blackman and Vigna). */
static uint64_t rng_next(rng_t *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

/* Uniform in [0, n), n >= 1, without modulo bias (the short last bucket is redrawn). */
static uint64_t rng_below(rng_t *r, uint64_t n)
{
    uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    uint64_t x;
    do {
        x = rng_next(r);
    } while (x >= limit);
    return x % n;
}

/* Uniform in [0, 1) from 53 random bits. */
static double rng_unit(rng_t *r)
{
    return (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

/* Index of the first cumulative weight above u * total; cdf ascending, n >= 1. */
static size_t draw_cdf(const double *cdf, size_t n, double u)
{
    double x = u * cdf[n - 1];
    size_t lo = 0, hi = n - 1;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cdf[mid] > x) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    return lo;
}

typedef struct {
    uint32_t org; /* popularity rank until the ids are assigned */
    uint32_t project;
    uint16_t year;
    uint8_t weight;
} row_t;

typedef struct {
    uint64_t edges, seed;
    const char *out_path, *nodes_path;
    int stats;
} options_t;

static void usage(FILE *fp)
{
    fputs("Usage: gen --edges N [--seed S] [--out EDGES.csv] [--nodes NODES.csv] [--stats]\n"
          "Writes a two-mode organisation -> project network of exactly N rows as CSV\n"
          "(source,target,weight,year; to stdout without --out) and, with --nodes, its nodes\n"
          "file (id,label,kind with kind organisation or project). --stats prints counts on\n"
          "stderr, among them the size of the projection onto the organisations.\n",
          fp);
}

static int parse_u64(const char *s, uint64_t *out)
{
    char *end;
    if (s[0] < '0' || s[0] > '9') {
        return -1;
    }
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno != 0 || *end != '\0') {
        return -1;
    }
    *out = (uint64_t)v;
    return 0;
}

static int parse_args(int argc, char **argv, options_t *o)
{
    int have_edges = 0;
    memset(o, 0, sizeof *o);
    o->seed = 1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            usage(stdout);
            return 1;
        }
        if (strcmp(a, "--stats") == 0) {
            o->stats = 1;
            continue;
        }
        if (strcmp(a, "--edges") != 0 && strcmp(a, "--seed") != 0 && strcmp(a, "--out") != 0 &&
            strcmp(a, "--nodes") != 0) {
            fprintf(stderr, "gen: unknown option '%s'\n", a);
            return 2;
        }
        if (i + 1 >= argc) {
            fprintf(stderr, "gen: %s needs a value\n", a);
            return 2;
        }
        const char *v = argv[++i];
        if (strcmp(a, "--edges") == 0) {
            /* rows are indexed with 32 bits */
            if (parse_u64(v, &o->edges) != 0 || o->edges < 2 || o->edges > UINT32_MAX / 2) {
                fprintf(stderr, "gen: --edges wants a whole number from 2 to %" PRIu32 "\n",
                        UINT32_MAX / 2);
                return 2;
            }
            have_edges = 1;
        } else if (strcmp(a, "--seed") == 0) {
            if (parse_u64(v, &o->seed) != 0) {
                fprintf(stderr, "gen: --seed wants a whole number\n");
                return 2;
            }
        } else if (strcmp(a, "--out") == 0) {
            o->out_path = v;
        } else {
            o->nodes_path = v;
        }
    }
    if (!have_edges) {
        fprintf(stderr, "gen: --edges N is required\n");
        usage(stderr);
        return 2;
    }
    return 0;
}

static int digits(uint64_t n)
{
    int d = 1;
    while (n >= 10) {
        n /= 10;
        d++;
    }
    return d;
}

static int by_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* The network as generated, before ids are written. */
typedef struct {
    row_t *rows;
    size_t n_rows;
    size_t n_orgs;     /* organisations that could be drawn */
    size_t n_projects; /* every project has at least one row */
    size_t duplicates; /* rows repeating an (organisation, project) pair */
    size_t max_members;
} net_t;

/* Draws projects until exactly o->edges rows exist; rows of one project are contiguous. */
static int generate(const options_t *o, rng_t *rng, net_t *net)
{
    size_t n = (size_t)o->edges;
    size_t n_orgs = n / ROWS_PER_ORG < 20 ? 20 : n / ROWS_PER_ORG;
    size_t max_m = n_orgs / 2 < MAX_MEMBERS ? n_orgs / 2 : MAX_MEMBERS;
    double *org_cdf = malloc(n_orgs * sizeof *org_cdf);
    double *size_cdf = malloc((max_m - 1) * sizeof *size_cdf);
    uint32_t *stamp = calloc(n_orgs, sizeof *stamp);
    int ok = 0;

    memset(net, 0, sizeof *net);
    net->rows = malloc(n * sizeof *net->rows);
    if (org_cdf == NULL || size_cdf == NULL || stamp == NULL || net->rows == NULL) {
        goto done;
    }
    /* Zipf popularity 1/(rank+1): huge agencies first. Sums in a fixed order with exactly
     * rounded operations, so every machine draws the same. */
    double acc = 0.0;
    for (size_t i = 0; i < n_orgs; i++) {
        acc += 1.0 / (double)(i + 1);
        org_cdf[i] = acc;
    }
    acc = 0.0;
    for (size_t m = 2; m <= max_m; m++) {
        acc += 1.0 / ((double)m * (double)m * (double)m);
        size_cdf[m - 2] = acc;
    }
    net->n_orgs = n_orgs;
    while (net->n_rows < n) {
        size_t p = net->n_projects++;
        size_t m = 2 + draw_cdf(size_cdf, max_m - 1, rng_unit(rng));
        unsigned start = FIRST_YEAR + (unsigned)rng_below(rng, LAST_YEAR - FIRST_YEAR + 1);
        unsigned span = 1 + (unsigned)rng_below(rng, MAX_SPAN);
        if (start + span - 1 > LAST_YEAR) {
            span = LAST_YEAR - start + 1;
        }
        size_t members = 0;
        for (size_t k = 0; k < m && net->n_rows < n; k++) {
            size_t org;
            do {
                org = rng_unit(rng) < UNIFORM_SHARE ? (size_t)rng_below(rng, n_orgs)
                                                    : draw_cdf(org_cdf, n_orgs, rng_unit(rng));
            } while (stamp[org] == p + 1);
            stamp[org] = (uint32_t)(p + 1);
            members++;
            row_t r = {(uint32_t)org, (uint32_t)p, 0, 1};
            r.year = (uint16_t)(start + rng_below(rng, span));
            while (r.weight < MAX_WEIGHT && rng_unit(rng) < WEIGHT_STEP) {
                r.weight++;
            }
            net->rows[net->n_rows++] = r;
            if (span > 1 && net->n_rows < n && rng_unit(rng) < DUPLICATE_SHARE) {
                /* another year of the same project: any year of its span but the first one */
                unsigned y = start + (unsigned)rng_below(rng, span - 1);
                r.year = (uint16_t)(y >= r.year ? y + 1 : y);
                r.weight = 1;
                while (r.weight < MAX_WEIGHT && rng_unit(rng) < WEIGHT_STEP) {
                    r.weight++;
                }
                net->rows[net->n_rows++] = r;
                net->duplicates++;
            }
        }
        net->max_members = members > net->max_members ? members : net->max_members;
    }
    ok = 1;
done:
    free(org_cdf);
    free(size_cdf);
    free(stamp);
    return ok;
}

static int by_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* Counts on stderr: both modes, duplicates, the busiest organisation, and the projection onto
 * the organisations (distinct pairs sharing a project, pairs sharing several). Runs before the
 * rows are shuffled, while each project's rows are contiguous. */
static int print_stats(const net_t *net, const uint32_t *org_id, size_t used_orgs)
{
    size_t cap = 1 << 16, n_keys = 0;
    uint64_t *keys = malloc(cap * sizeof *keys);
    uint32_t *members = malloc(2 * MAX_MEMBERS * sizeof *members);
    size_t *projects_of = calloc(net->n_orgs, sizeof *projects_of);
    size_t busiest = 0, multi = 0, pairs = 0;
    size_t hist[6] = {0}; /* projects with 1 (the last, cut short), 2, 3-5, 6-20, 21-100, 101+ */
    int ok = 0;
    if (keys == NULL || members == NULL || projects_of == NULL) {
        goto done;
    }
    for (size_t a = 0; a < net->n_rows;) {
        size_t b = a, d = 0;
        while (b < net->n_rows && net->rows[b].project == net->rows[a].project) {
            /* a duplicate row directly follows its first row */
            if (d == 0 || members[d - 1] != org_id[net->rows[b].org]) {
                members[d++] = org_id[net->rows[b].org];
                projects_of[net->rows[b].org]++;
            }
            b++;
        }
        a = b;
        hist[d <= 2 ? d - 1 : d <= 5 ? 2 : d <= 20 ? 3 : d <= 100 ? 4 : 5]++;
        qsort(members, d, sizeof *members, by_u32);
        for (size_t i = 0; i + 1 < d; i++) {
            for (size_t j = i + 1; j < d; j++) {
                if (n_keys == cap) {
                    uint64_t *bigger = realloc(keys, 2 * cap * sizeof *keys);
                    if (bigger == NULL) {
                        goto done;
                    }
                    keys = bigger;
                    cap *= 2;
                }
                keys[n_keys++] = ((uint64_t)members[i] << 32) | members[j];
            }
        }
    }
    qsort(keys, n_keys, sizeof *keys, by_u64);
    for (size_t i = 0; i < n_keys; i++) {
        if (i == 0 || keys[i] != keys[i - 1]) {
            pairs++;
        } else if (i < 2 || keys[i - 1] != keys[i - 2]) {
            multi++;
        }
    }
    for (size_t i = 0; i < net->n_orgs; i++) {
        busiest = projects_of[i] > busiest ? projects_of[i] : busiest;
    }
    fprintf(stderr,
            "rows %zu (duplicate pairs %zu), organisations %zu, projects %zu\n"
            "project members: max %zu; projects with 1: %zu, 2: %zu, 3-5: %zu, 6-20: %zu, "
            "21-100: %zu, 101+: %zu\n"
            "busiest organisation: %zu projects\n"
            "projection onto organisations: %zu nodes, %zu ties (%zu share 2+ projects), from "
            "%zu member pairs\n",
            net->n_rows, net->duplicates, used_orgs, net->n_projects, net->max_members, hist[0],
            hist[1], hist[2], hist[3], hist[4], hist[5], busiest, used_orgs, pairs, multi, n_keys);
    ok = 1;
done:
    free(keys);
    free(members);
    free(projects_of);
    return ok;
}

/* Writes the rows in shuffled order with zero-padded ids. */
static int write_edges(FILE *fp, const net_t *net, const uint32_t *org_id, int org_w, int prj_w)
{
    fputs("source,target,weight,year\n", fp);
    for (size_t i = 0; i < net->n_rows; i++) {
        const row_t *r = &net->rows[i];
        fprintf(fp, "org%0*" PRIu32 ",prj%0*" PRIu32 ",%u,%u\n", org_w, org_id[r->org], prj_w,
                r->project, (unsigned)r->weight, (unsigned)r->year);
    }
    return ferror(fp) ? -1 : 0;
}

/* Organisations that appear (by id), then every project. */
static int write_nodes(FILE *fp, const net_t *net, const uint32_t *org_rank_of_id,
                       const unsigned char *used, int org_w, int prj_w)
{
    fputs("id,label,kind\n", fp);
    for (size_t id = 0; id < net->n_orgs; id++) {
        if (used[org_rank_of_id[id]]) {
            fprintf(fp, "org%0*zu,Organisation %zu,organisation\n", org_w, id, id);
        }
    }
    for (size_t p = 0; p < net->n_projects; p++) {
        fprintf(fp, "prj%0*zu,Project %zu,project\n", prj_w, p, p);
    }
    return ferror(fp) ? -1 : 0;
}

static int write_file(const char *path, const net_t *net, const uint32_t *org_id,
                      const uint32_t *rank_of_id, const unsigned char *used, int org_w, int prj_w,
                      int nodes)
{
    FILE *fp = path != NULL ? fopen(path, "w") : stdout;
    if (fp == NULL) {
        fprintf(stderr, "gen: %s: %s\n", path, strerror(errno));
        return -1;
    }
    int rc = nodes ? write_nodes(fp, net, rank_of_id, used, org_w, prj_w)
                   : write_edges(fp, net, org_id, org_w, prj_w);
    if (path != NULL) {
        rc = fclose(fp) != 0 ? -1 : rc;
    } else {
        rc = fflush(fp) != 0 ? -1 : rc;
    }
    if (rc != 0) {
        fprintf(stderr, "gen: %s: write error\n", path != NULL ? path : "stdout");
    }
    return rc;
}

int main(int argc, char **argv)
{
    options_t o;
    net_t net;
    rng_t rng;
    uint32_t *org_id = NULL, *rank_of_id = NULL;
    unsigned char *used = NULL;
    int rc = parse_args(argc, argv, &o);
    if (rc != 0) {
        return rc == 1 ? 0 : rc;
    }
    rng_seed(&rng, o.seed);
    rc = 1;
    if (!generate(&o, &rng, &net)) {
        goto nomem;
    }
    org_id = malloc(net.n_orgs * sizeof *org_id);
    rank_of_id = malloc(net.n_orgs * sizeof *rank_of_id);
    used = calloc(net.n_orgs, 1);
    if (org_id == NULL || rank_of_id == NULL || used == NULL) {
        goto nomem;
    }
    /* ids in random order, so that org00000 is not the largest agency */
    for (size_t i = 0; i < net.n_orgs; i++) {
        org_id[i] = (uint32_t)i;
    }
    for (size_t i = net.n_orgs - 1; i > 0; i--) {
        size_t j = (size_t)rng_below(&rng, i + 1);
        uint32_t t = org_id[i];
        org_id[i] = org_id[j];
        org_id[j] = t;
    }
    size_t used_orgs = 0;
    for (size_t i = 0; i < net.n_orgs; i++) {
        rank_of_id[org_id[i]] = (uint32_t)i;
    }
    for (size_t r = 0; r < net.n_rows; r++) {
        if (!used[net.rows[r].org]) {
            used[net.rows[r].org] = 1;
            used_orgs++;
        }
    }
    if (o.stats && !print_stats(&net, org_id, used_orgs)) {
        goto nomem;
    }
    /* rows in random order, as an export from a database would come, not grouped by project */
    for (size_t i = net.n_rows - 1; i > 0; i--) {
        size_t j = (size_t)rng_below(&rng, i + 1);
        row_t t = net.rows[i];
        net.rows[i] = net.rows[j];
        net.rows[j] = t;
    }
    int org_w = digits(net.n_orgs - 1) < 5 ? 5 : digits(net.n_orgs - 1);
    int prj_w = digits(net.n_projects - 1) < 6 ? 6 : digits(net.n_projects - 1);
    if (write_file(o.out_path, &net, org_id, rank_of_id, used, org_w, prj_w, 0) != 0) {
        goto done;
    }
    if (o.nodes_path != NULL &&
        write_file(o.nodes_path, &net, org_id, rank_of_id, used, org_w, prj_w, 1) != 0) {
        goto done;
    }
    rc = 0;
    goto done;
nomem:
    fprintf(stderr, "gen: out of memory\n");
done:
    free(net.rows);
    free(org_id);
    free(rank_of_id);
    free(used);
    return rc;
}
