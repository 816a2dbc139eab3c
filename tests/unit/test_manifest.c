/* Batch manifests: sections, entries and their lines, and every shape error with its line. */
#include "test_util.h"

#include "ilonet/manifest.h"

static const char *const repeatable[] = {"kind", NULL};

static ilonet_status_t load_text(ilonet_manifest_t *m, const char *text, ilonet_error_t *err)
{
    return ilonet_manifest_load(m, temp_csv(0, text), repeatable, err);
}

static void test_valid_manifest(void **state)
{
    (void)state;
    ilonet_manifest_t m;
    ilonet_error_t err;
    const char *text = "; the report\n"
                       "[batch]\n"
                       "output = out\n"
                       "\n"
                       "[defaults]\n"
                       "Input = edges.csv   ; inline comment\n"
                       "[figure whole-network]\n"
                       "title = \"A; B\"\n"
                       "kind = org, project\n"
                       "kind = forum\n"
                       "# comment\n"
                       "[analysis tables]\n"
                       "[ego ilo]\n"
                       "node=ILO\n"
                       "[export net.v2]\n"
                       "cluster_method = leiden\n";
    assert_int_equal(load_text(&m, text, &err), ILONET_OK);
    assert_int_equal(m.n_sections, 6);
    assert_int_equal(m.n_jobs, 4);
    assert_int_equal(m.sections[0].kind, ILONET_SECTION_BATCH);
    assert_int_equal(m.sections[0].line, 2);
    assert_string_equal(m.sections[0].entries[0].value, "out");
    assert_int_equal(m.sections[0].entries[0].line, 3);
    const ilonet_manifest_section_t *d = ilonet_manifest_section(&m, ILONET_SECTION_DEFAULTS);
    assert_ptr_equal(d, &m.sections[1]);
    /* keys are lower-cased; inline comments (after whitespace) dropped */
    assert_string_equal(d->entries[0].key, "input");
    assert_string_equal(d->entries[0].value, "edges.csv");
    const ilonet_manifest_section_t *f = &m.sections[2];
    assert_int_equal(f->kind, ILONET_SECTION_RENDER);
    assert_string_equal(f->name, "whole-network");
    assert_int_equal(f->line, 7);
    /* one pair of enclosing quotes removed; a ';' inside quotes after no space stays */
    assert_string_equal(ilonet_manifest_find(f, "title")->value, "A; B");
    assert_int_equal(f->n_entries, 3);
    assert_string_equal(ilonet_manifest_find(f, "kind")->value, "forum");
    assert_int_equal(ilonet_manifest_find(f, "kind")->line, 10);
    /* a job without entries is still a job */
    assert_int_equal(m.sections[3].kind, ILONET_SECTION_ANALYZE);
    assert_int_equal(m.sections[3].n_entries, 0);
    assert_int_equal(m.sections[3].line, 12);
    assert_int_equal(m.sections[4].kind, ILONET_SECTION_EGO);
    assert_string_equal(m.sections[4].entries[0].value, "ILO");
    assert_int_equal(m.sections[5].kind, ILONET_SECTION_EXPORT);
    assert_string_equal(m.sections[5].name, "net.v2");
    assert_string_equal(m.sections[5].entries[0].key, "cluster_method");
    assert_null(ilonet_manifest_find(f, "layout"));
    assert_string_equal(ilonet_manifest_kind_word(ILONET_SECTION_RENDER), "figure");
    assert_string_equal(ilonet_manifest_kind_word(ILONET_SECTION_ANALYZE), "analysis");
    ilonet_manifest_destroy(&m);
}

static void test_folder(void **state)
{
    (void)state;
    ilonet_manifest_t m;
    ilonet_error_t err;
    const char *path = temp_csv(1, "[figure f]\ninput = e.csv\n");
    assert_int_equal(ilonet_manifest_load(&m, path, NULL, &err), ILONET_OK);
    assert_string_equal(m.dir, "/tmp");
    assert_string_equal(m.path, path);
    ilonet_manifest_destroy(&m);
}

/* expect_error TEXT LINE MESSAGE-SUBSTRING */
static void expect_error(const char *text, size_t line, const char *what)
{
    ilonet_manifest_t m;
    ilonet_error_t err;
    assert_int_equal(load_text(&m, text, &err), ILONET_EUSAGE);
    if (err.line != line || strstr(err.message, what) == NULL) {
        fail_msg("got line %zu '%s', expected line %zu '%s'", err.line, err.message, line, what);
    }
    assert_null(m.sections);
    ilonet_manifest_destroy(&m); /* safe on a failed load */
}

static void test_errors(void **state)
{
    (void)state;
    expect_error("[graph g]\n", 1, "unknown section [graph g]");
    expect_error("[figure a]\ninput = x\n[tables]\n", 3, "unknown section [tables]");
    expect_error("[figure]\n", 1, "unknown section [figure]");
    expect_error("[figure a b]\n", 1, "job name 'a b' must be");
    expect_error("[figure a]\n[analysis a]\n", 2, "job name 'a' is used twice (first on line 1)");
    expect_error("[defaults]\nseed = 1\n[defaults]\nseed = 2\n[figure f]\n", 3,
                 "section [defaults] appears twice");
    expect_error("[figure f]\nlayout = fr\n\nlayout = kk\n", 4,
                 "'layout' is set twice in this section (first on line 2)");
    expect_error("[figure f]\ntitle =\n", 2, "'title' has no value");
    expect_error("[figure f]\ntitle = \"\"\n", 2, "'title' has no value");
    expect_error("input = e.csv\n[figure f]\n", 1, "'input' is outside any section");
    expect_error("[figure f]\njust words\n", 2, "not a [section] or key = value line");
    /* no continuation lines: an indented line without '=' is an error, not part of a value */
    expect_error("[figure f]\ntitle = a\n  more words\n", 3, "not a [section] or key = value line");
    expect_error("[figure f\ninput = x\n", 1, "not a [section] or key = value line");
    expect_error("[figure f]\ntitle = caf\xe9\n", 2, "not valid UTF-8");
    expect_error("[defaults]\nseed = 3\n", 0, "no jobs");
    expect_error("", 0, "no jobs");
    char name[64];
    snprintf(name, sizeof name, "[figure %041d]\n", 0);
    expect_error(name, 1, "must be 1-40 letters");
}

static void test_nul_and_long_lines(void **state)
{
    (void)state;
    ilonet_manifest_t m;
    ilonet_error_t err;
    static const char nul[] = "[figure f]\ninput = a\0b\nlayout = fr\n";
    const char *path = temp_file_with(2, nul, sizeof nul - 1);
    assert_int_equal(ilonet_manifest_load(&m, path, NULL, &err), ILONET_EUSAGE);
    assert_int_equal(err.line, 2);
    assert_non_null(strstr(err.message, "NUL byte"));
    size_t n = 10000;
    char *big = malloc(n + 64);
    assert_non_null(big);
    int k = snprintf(big, n + 64, "[figure f]\ntitle = ");
    memset(big + k, 'x', n);
    memcpy(big + k + n, "\nlayout = fr\n", 14);
    assert_int_equal(ilonet_manifest_load(&m, temp_csv(3, big), NULL, &err), ILONET_EUSAGE);
    assert_int_equal(err.line, 2);
    assert_non_null(strstr(err.message, "line longer than"));
    free(big);
}

static void test_bom_crlf_and_missing(void **state)
{
    (void)state;
    ilonet_manifest_t m;
    ilonet_error_t err;
    assert_int_equal(load_text(&m, "\xEF\xBB\xBF[figure f]\r\ninput = e.csv\r\n", &err), ILONET_OK);
    assert_int_equal(m.n_jobs, 1);
    assert_string_equal(m.sections[0].entries[0].value, "e.csv");
    assert_int_equal(m.sections[0].entries[0].line, 2);
    ilonet_manifest_destroy(&m);
    assert_int_equal(ilonet_manifest_load(&m, "/nonexistent/report.ini", NULL, &err), ILONET_EIO);
    assert_string_equal(err.file, "/nonexistent/report.ini");
    assert_int_equal(ilonet_manifest_load(&m, "/tmp", NULL, &err), ILONET_EIO);
    assert_non_null(strstr(err.message, "directory"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_manifest),
        cmocka_unit_test(test_folder),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_nul_and_long_lines),
        cmocka_unit_test(test_bom_crlf_and_missing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
