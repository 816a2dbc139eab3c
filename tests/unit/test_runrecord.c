/* Reproducibility records: SHA-256 of files, run.json written and compared, and the worker pool
 * that runs batch jobs in processes. */
#include "test_util.h"

#include <signal.h>

#include "ilonet/digest.h"
#include "ilonet/runrecord.h"
#include "ilonet/workers.h"

/* FIPS 180-2 appendix B.1 and the empty message (NIST test vectors). */
static void test_sha256_vectors(void **state)
{
    (void)state;
    char hex[ILONET_SHA256_HEX];
    uint64_t bytes = 99;
    ilonet_error_t err;
    ilonet_sha256_buffer("abc", 3, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    ilonet_sha256_buffer("", 0, hex);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assert_int_equal(ilonet_sha256_file(temp_csv(0, "abc"), hex, &bytes, &err), ILONET_OK);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assert_int_equal(bytes, 3);
    /* FIPS 180-2 B.3: one million 'a', streamed through several blocks */
    char *big = malloc(1000000);
    assert_non_null(big);
    memset(big, 'a', 1000000);
    assert_int_equal(ilonet_sha256_file(temp_file_with(1, big, 1000000), hex, &bytes, &err),
                     ILONET_OK);
    free(big);
    assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    assert_int_equal(bytes, 1000000);
    assert_int_equal(ilonet_sha256_file("/nonexistent/x", hex, NULL, &err), ILONET_EIO);
    assert_int_equal(ilonet_sha256_file("/tmp", hex, NULL, &err), ILONET_EIO);
}

typedef struct {
    char msgs[8][512];
    size_t n;
} diffs_t;

static void collect(void *ctx, const char *what)
{
    diffs_t *d = ctx;
    if (d->n < 8) {
        snprintf(d->msgs[d->n], sizeof d->msgs[0], "%s", what);
    }
    d->n++;
}

static int has(const diffs_t *d, const char *what)
{
    for (size_t i = 0; i < d->n && i < 8; i++) {
        if (strstr(d->msgs[i], what) != NULL) {
            return 1;
        }
    }
    return 0;
}

static void test_record_roundtrip(void **state)
{
    (void)state;
    char dir[] = "/tmp/ilonet-record-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[128];
    snprintf(path, sizeof path, "%s/run.json", dir);
    const char *keys[] = {"command", "input", "seed"};
    const char *vals[] = {"render", "edges.csv", "42"};
    char in_path[] = "edges.csv", svg_path[] = "f.svg", txt_path[] = "f.txt";
    ilonet_record_file_t in = {.path = in_path, .bytes = 3};
    ilonet_record_file_t out[2] = {{.path = svg_path, .bytes = 5}, {.path = txt_path, .bytes = 1}};
    snprintf(in.sha256, sizeof in.sha256, "%064d", 1);
    snprintf(out[0].sha256, sizeof out[0].sha256, "%064d", 2);
    snprintf(out[1].sha256, sizeof out[1].sha256, "%064d", 3);
    ilonet_record_job_t job = {.name = "f",
                               .kind = "figure",
                               .command = "render",
                               .keys = keys,
                               .values = vals,
                               .n_settings = 3,
                               .inputs = &in,
                               .n_inputs = 1,
                               .outputs = out,
                               .n_outputs = 2};
    ilonet_error_t err;
    assert_int_equal(ilonet_record_write(path, "report.ini", "ab", &job, 1, &err), ILONET_OK);

    diffs_t d = {0};
    size_t n = 99;
    assert_int_equal(ilonet_record_compare(path, &job, 1, NULL, collect, &d, &n, &err), ILONET_OK);
    assert_int_equal(n, 0);
    assert_int_equal(d.n, 0);

    /* an output differs */
    snprintf(out[0].sha256, sizeof out[0].sha256, "%064d", 7);
    assert_int_equal(ilonet_record_compare(path, &job, 1, NULL, collect, &d, &n, &err), ILONET_OK);
    assert_int_equal(n, 1);
    assert_true(has(&d, "f.svg differs from the record (job 'f')"));
    d.n = 0;
    assert_int_equal(
        ilonet_record_compare(path, &job, 1, "in the output folder", collect, &d, &n, &err),
        ILONET_OK);
    assert_int_equal(n, 1);
    assert_true(has(&d, "f.svg in the output folder differs from the record"));
    snprintf(out[0].sha256, sizeof out[0].sha256, "%064d", 2);

    /* an input and a setting changed */
    d.n = 0;
    snprintf(in.sha256, sizeof in.sha256, "%064d", 9);
    vals[2] = "43";
    assert_int_equal(ilonet_record_compare(path, &job, 1, NULL, collect, &d, &n, &err), ILONET_OK);
    assert_int_equal(n, 2);
    assert_true(has(&d, "input edges.csv changed since the recorded run"));
    assert_true(has(&d, "job 'f': its settings differ from the record"));
    /* the outputs-only comparison ignores inputs and settings */
    assert_int_equal(
        ilonet_record_compare(path, &job, 1, "in the output folder", collect, &d, &n, &err),
        ILONET_OK);
    assert_int_equal(n, 0);
    vals[2] = "42";
    snprintf(in.sha256, sizeof in.sha256, "%064d", 1);

    /* a job renamed: one missing on each side; a failed job */
    d.n = 0;
    job.name = "g";
    assert_int_equal(ilonet_record_compare(path, &job, 1, NULL, collect, &d, &n, &err), ILONET_OK);
    assert_int_equal(n, 2);
    assert_true(has(&d, "job 'g' is not in the record"));
    assert_true(has(&d, "recorded job 'f' is no longer in the manifest"));
    job.name = "f";
    job.exit_code = 1;
    d.n = 0;
    assert_int_equal(ilonet_record_compare(path, &job, 1, NULL, collect, &d, &n, &err), ILONET_OK);
    assert_true(has(&d, "job 'f' failed now but succeeded in the recorded run"));

    /* not a record */
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs("{\"x\": 1}\n", fp);
    fclose(fp);
    assert_int_equal(ilonet_record_compare(path, &job, 1, NULL, collect, &d, &n, &err),
                     ILONET_EDATA);
    remove(path);
    assert_int_equal(ilonet_record_compare(path, &job, 1, NULL, collect, &d, &n, &err), ILONET_EIO);
    rmdir(dir);
}

typedef struct {
    int codes[6];
    char outputs[6][64];
    size_t done;
} pool_t;

static int child_job(void *ctx, size_t i)
{
    (void)ctx;
    printf("job %zu\n", i);
    fprintf(stderr, "err %zu\n", i);
    if (i == 4) {
        raise(SIGKILL); /* a crash is reported, not fatal to the pool */
    }
    return (int)i;
}

static void child_done(void *ctx, size_t i, int code, double seconds, FILE *output)
{
    pool_t *p = ctx;
    assert_true(seconds >= 0);
    p->codes[i] = code;
    size_t n = fread(p->outputs[i], 1, sizeof p->outputs[i] - 1, output);
    p->outputs[i][n] = '\0';
    p->done++;
}

static void test_workers(void **state)
{
    (void)state;
    for (unsigned parallel = 1; parallel <= 3; parallel++) {
        pool_t p;
        memset(&p, 0, sizeof p);
        ilonet_error_t err;
        assert_int_equal(ilonet_workers_run(6, parallel, child_job, child_done, &p, &err),
                         ILONET_OK);
        assert_int_equal(p.done, 6);
        for (size_t i = 0; i < 6; i++) {
            if (i == 4) {
                assert_int_equal(p.codes[i], 128 + SIGKILL);
                continue;
            }
            assert_int_equal(p.codes[i], (int)i);
            /* stdout and stderr both captured (their order depends on stdio buffering) */
            char want_out[32], want_err[32];
            snprintf(want_out, sizeof want_out, "job %zu\n", i);
            snprintf(want_err, sizeof want_err, "err %zu\n", i);
            assert_non_null(strstr(p.outputs[i], want_out));
            assert_non_null(strstr(p.outputs[i], want_err));
            assert_int_equal(strlen(p.outputs[i]), strlen(want_out) + strlen(want_err));
        }
    }
    assert_true(ilonet_workers_cpus() >= 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sha256_vectors),
        cmocka_unit_test(test_record_roundtrip),
        cmocka_unit_test(test_workers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
