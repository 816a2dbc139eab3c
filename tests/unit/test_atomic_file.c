/* Outputs appear whole or not at all, and directories are made as needed. */
#include "test_util.h"

#include <dirent.h>
#include <sys/stat.h>

#include "ilonet/atomic_file.h"
#include "ilonet/report.h"

static char dir[64];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/ilonet-atomic-XXXXXX");
    return mkdtemp(dir) == NULL;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    return system(cmd);
}

static size_t entries(const char *path)
{
    DIR *d = opendir(path);
    assert_non_null(d);
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    }
    closedir(d);
    return n;
}

static void slurp(const char *path, char *buf, size_t size)
{
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    size_t n = fread(buf, 1, size - 1, fp);
    buf[n] = '\0';
    fclose(fp);
}

static void commit_replaces_the_old_file(void **state)
{
    (void)state;
    char path[128], buf[64];
    ilonet_error_t err;
    ilonet_atomic_file_t f;
    snprintf(path, sizeof path, "%s/out.csv", dir);
    FILE *old = fopen(path, "w");
    fputs("old\n", old);
    fclose(old);
    assert_int_equal(ilonet_atomic_open(&f, path, &err), ILONET_OK);
    fputs("new\n", f.fp);
    slurp(path, buf, sizeof buf);
    assert_string_equal(buf, "old\n"); /* untouched until commit */
    assert_int_equal(ilonet_atomic_commit(&f, &err), ILONET_OK);
    slurp(path, buf, sizeof buf);
    assert_string_equal(buf, "new\n");
    assert_int_equal(entries(dir), 1);
}

static void abort_keeps_the_old_file_and_leaves_no_temp(void **state)
{
    (void)state;
    char path[128], buf[64];
    ilonet_error_t err;
    ilonet_atomic_file_t f;
    snprintf(path, sizeof path, "%s/keep.csv", dir);
    FILE *old = fopen(path, "w");
    fputs("good\n", old);
    fclose(old);
    assert_int_equal(ilonet_atomic_open(&f, path, &err), ILONET_OK);
    fputs("half-writ", f.fp);
    ilonet_atomic_abort(&f);
    ilonet_atomic_abort(&f); /* safe twice */
    slurp(path, buf, sizeof buf);
    assert_string_equal(buf, "good\n");
    assert_int_equal(entries(dir), 1);
}

static void new_file_gets_normal_permissions(void **state)
{
    (void)state;
    char path[128];
    ilonet_error_t err;
    ilonet_atomic_file_t f;
    snprintf(path, sizeof path, "%s/perm.csv", dir);
    mode_t old = umask(022);
    assert_int_equal(ilonet_atomic_open(&f, path, &err), ILONET_OK);
    assert_int_equal(ilonet_atomic_commit(&f, &err), ILONET_OK);
    umask(old);
    struct stat sb;
    assert_int_equal(stat(path, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0644); /* mkstemp's 0600 would hide it from others */
}

static void open_in_missing_directory_fails_cleanly(void **state)
{
    (void)state;
    char path[128];
    ilonet_error_t err;
    ilonet_atomic_file_t f;
    snprintf(path, sizeof path, "%s/no/such/dir/x.csv", dir);
    assert_int_equal(ilonet_atomic_open(&f, path, &err), ILONET_EIO);
    assert_string_equal(err.file, path);
    assert_non_null(strstr(err.message, "cannot create"));
    ilonet_atomic_abort(&f);
}

static void make_dirs_creates_parents_and_refuses_files(void **state)
{
    (void)state;
    char path[128];
    ilonet_error_t err;
    snprintf(path, sizeof path, "%s/a/b/c", dir);
    assert_int_equal(ilonet_make_dirs(path, &err), ILONET_OK);
    assert_int_equal(ilonet_make_dirs(path, &err), ILONET_OK); /* exists: fine */
    snprintf(path, sizeof path, "%s/plain", dir);
    FILE *fp = fopen(path, "w");
    fclose(fp);
    snprintf(path, sizeof path, "%s/plain/sub", dir);
    assert_int_equal(ilonet_make_dirs(path, &err), ILONET_EIO);
}

static void csv_fields_are_quoted_only_when_needed(void **state)
{
    (void)state;
    char path[128], buf[256];
    snprintf(path, sizeof path, "%s/fields.csv", dir);
    FILE *fp = fopen(path, "w");
    const char *fields[] = {"plain", "a,b", "say \"hi\"", "two\nlines", " padded", "Société", ""};
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
        ilonet_report_csv_field(fp, fields[i]);
        fputc('|', fp);
    }
    fclose(fp);
    slurp(path, buf, sizeof buf);
    assert_string_equal(buf,
                        "plain|\"a,b\"|\"say \"\"hi\"\"\"|\"two\nlines\"|\" padded\"|Société||");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(commit_replaces_the_old_file, setup, teardown),
        cmocka_unit_test_setup_teardown(abort_keeps_the_old_file_and_leaves_no_temp, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(new_file_gets_normal_permissions, setup, teardown),
        cmocka_unit_test_setup_teardown(open_in_missing_directory_fails_cleanly, setup, teardown),
        cmocka_unit_test_setup_teardown(make_dirs_creates_parents_and_refuses_files, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(csv_fields_are_quoted_only_when_needed, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
