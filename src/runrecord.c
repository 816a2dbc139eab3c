/* Writes run.json records of batch runs and compares new runs against them. */
#include "ilonet/runrecord.h"

#include <graphviz/graphviz_version.h>
#include <igraph/igraph.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ilonet/atomic_file.h"
#include "ilonet/csv_read.h"
#include "ilonet/pipeline.h"

#define RECORD_FORMAT 1

static json_t *files_json(const ilonet_record_file_t *files, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; a != NULL && i < n; i++) {
        json_t *f = json_object();
        json_object_set_new(f, "path", json_string(files[i].path));
        json_object_set_new(f, "sha256", json_string(files[i].sha256));
        json_object_set_new(f, "bytes", json_integer((json_int_t)files[i].bytes));
        json_array_append_new(a, f);
    }
    return a;
}

static json_t *settings_json(const ilonet_record_job_t *j)
{
    json_t *o = json_object();
    for (size_t k = 0; o != NULL && k < j->n_settings; k++) {
        json_object_set_new(o, j->keys[k], json_string(j->values[k]));
    }
    return o;
}

static json_t *versions_json(void)
{
    const char *ig = NULL;
    igraph_version(&ig, NULL, NULL, NULL);
    json_t *v = json_object();
    json_object_set_new(v, "ilonet", json_string(ILONET_VERSION));
    json_object_set_new(v, "igraph", json_string(ig != NULL ? ig : "unknown"));
    json_object_set_new(v, "graphviz", json_string(PACKAGE_VERSION));
    json_object_set_new(v, "libcsv", json_string(ilonet_csv_library_version()));
    json_object_set_new(v, "jansson", json_string(JANSSON_VERSION));
    return v;
}

ilonet_status_t ilonet_record_write(const char *path, const char *manifest_name,
                                    const char *manifest_sha256, const ilonet_record_job_t *jobs,
                                    size_t n, ilonet_error_t *err)
{
    ilonet_status_t st = ILONET_OK;
    ilonet_atomic_file_t f = {0};
    json_t *root = json_object();
    json_t *arr = json_array();
    if (root == NULL || arr == NULL) {
        json_decref(arr);
        st = ilonet_error_nomem(err);
        goto done;
    }
    json_object_set_new(root, "record_format", json_integer(RECORD_FORMAT));
    json_object_set_new(root, "versions", versions_json());
    json_t *m = json_object();
    json_object_set_new(m, "file", json_string(manifest_name));
    json_object_set_new(m, "sha256", json_string(manifest_sha256));
    json_object_set_new(root, "manifest", m);
    for (size_t i = 0; i < n; i++) {
        const ilonet_record_job_t *j = &jobs[i];
        json_t *o = json_object();
        json_object_set_new(o, "name", json_string(j->name));
        json_object_set_new(o, "kind", json_string(j->kind));
        json_object_set_new(o, "command", json_string(j->command));
        json_object_set_new(o, "status", json_string(j->exit_code == 0 ? "done" : "failed"));
        json_object_set_new(o, "exit_code", json_integer(j->exit_code));
        json_object_set_new(o, "settings", settings_json(j));
        json_object_set_new(o, "inputs", files_json(j->inputs, j->n_inputs));
        json_object_set_new(o, "outputs", files_json(j->outputs, j->n_outputs));
        json_array_append_new(arr, o);
    }
    json_object_set_new(root, "jobs", arr);
    st = ilonet_atomic_open(&f, path, err);
    if (st != ILONET_OK) {
        goto done;
    }
    if (json_dumpf(root, f.fp, JSON_INDENT(2) | JSON_ENSURE_ASCII) != 0 ||
        fputc('\n', f.fp) == EOF) {
        st = ilonet_error_set(err, ILONET_EIO, path, 0, "cannot write");
        goto done;
    }
    st = ilonet_atomic_commit(&f, err);

done:
    ilonet_atomic_abort(&f);
    json_decref(root);
    return st;
}

static void diff(ilonet_record_diff_fn report, void *ctx, size_t *n_diffs, const char *fmt,
                 const char *a, const char *b) __attribute__((format(printf, 4, 0)));

static void diff(ilonet_record_diff_fn report, void *ctx, size_t *n_diffs, const char *fmt,
                 const char *a, const char *b)
{
    char msg[1200];
    snprintf(msg, sizeof msg, fmt, a, b);
    report(ctx, msg);
    (*n_diffs)++;
}

static json_t *find_job(json_t *arr, const char *name)
{
    size_t i;
    json_t *o;
    json_array_foreach(arr, i, o)
    {
        const char *nm = json_string_value(json_object_get(o, "name"));
        if (nm != NULL && strcmp(nm, name) == 0) {
            return o;
        }
    }
    return NULL;
}

static const char *recorded_sha(json_t *files, const char *path)
{
    size_t i;
    json_t *f;
    json_array_foreach(files, i, f)
    {
        const char *p = json_string_value(json_object_get(f, "path"));
        if (p != NULL && strcmp(p, path) == 0) {
            const char *sha = json_string_value(json_object_get(f, "sha256"));
            return sha != NULL ? sha : "";
        }
    }
    return NULL;
}

static void compare_outputs(const ilonet_record_job_t *j, json_t *rec, const char *where,
                            ilonet_record_diff_fn report, void *ctx, size_t *n_diffs);

/* One job of the new run against its record. */
static void compare_job(const ilonet_record_job_t *j, json_t *rec, const char *where,
                        ilonet_record_diff_fn report, void *ctx, size_t *n_diffs)
{
    if (where != NULL) {
        compare_outputs(j, rec, where, report, ctx, n_diffs);
        return;
    }
    json_t *settings = settings_json(j);
    if (!json_equal(settings, json_object_get(rec, "settings"))) {
        diff(report, ctx, n_diffs, "job '%s': its settings differ from the record%s", j->name,
             " (the manifest changed since)");
    }
    json_decref(settings);
    json_t *ins = json_object_get(rec, "inputs");
    for (size_t k = 0; k < j->n_inputs; k++) {
        const char *sha = recorded_sha(ins, j->inputs[k].path);
        if (sha == NULL) {
            diff(report, ctx, n_diffs, "job '%s': input %s is not in the record", j->name,
                 j->inputs[k].path);
        } else if (strcmp(sha, j->inputs[k].sha256) != 0) {
            diff(report, ctx, n_diffs, "job '%s': input %s changed since the recorded run", j->name,
                 j->inputs[k].path);
        }
    }
    if (j->exit_code != 0) {
        diff(report, ctx, n_diffs, "job '%s' failed now%s", j->name,
             json_array_size(json_object_get(rec, "outputs")) > 0
                 ? " but succeeded in the recorded run"
                 : "");
        return;
    }
    compare_outputs(j, rec, NULL, report, ctx, n_diffs);
}

/* The job's outputs against the recorded ones (where: NULL for a new run's). */
static void compare_outputs(const ilonet_record_job_t *j, json_t *rec, const char *where,
                            ilonet_record_diff_fn report, void *ctx, size_t *n_diffs)
{
    json_t *outs = json_object_get(rec, "outputs");
    char in[256] = "";
    if (where != NULL) {
        snprintf(in, sizeof in, " %s", where);
    }
    for (size_t k = 0; k < j->n_outputs; k++) {
        const char *sha = recorded_sha(outs, j->outputs[k].path);
        if (sha == NULL) {
            diff(report, ctx, n_diffs, "job '%s': output %s is not in the record", j->name,
                 j->outputs[k].path);
        } else if (strcmp(sha, j->outputs[k].sha256) != 0) {
            char what[1100];
            snprintf(what, sizeof what, "%s%s", j->outputs[k].path, in);
            diff(report, ctx, n_diffs, "%s differs from the record (job '%s')", what, j->name);
        }
    }
    if (json_array_size(outs) > j->n_outputs) {
        diff(report, ctx, n_diffs, "job '%s' wrote fewer outputs than recorded%s", j->name, "");
    }
}

ilonet_status_t ilonet_record_compare(const char *path, const ilonet_record_job_t *jobs, size_t n,
                                      const char *outputs_where, ilonet_record_diff_fn report,
                                      void *ctx, size_t *n_diffs, ilonet_error_t *err)
{
    json_error_t jerr;
    *n_diffs = 0;
    json_t *root = json_load_file(path, 0, &jerr);
    if (root == NULL) {
        return ilonet_error_set(
            err, jerr.line > 0 ? ILONET_EDATA : ILONET_EIO, path,
            jerr.line > 0 ? (size_t)jerr.line : 0, "%s%s",
            jerr.line > 0 ? "not a run record: " : "cannot read the record: ", jerr.text);
    }
    json_t *arr = json_object_get(root, "jobs");
    if (!json_is_array(arr) || !json_is_integer(json_object_get(root, "record_format"))) {
        json_decref(root);
        return ilonet_error_set(err, ILONET_EDATA, path, 0,
                                "not a run record of 'ilonet batch' (no jobs or record_format)");
    }
    json_t *versions = versions_json();
    if (outputs_where == NULL && !json_equal(versions, json_object_get(root, "versions"))) {
        report(ctx, "note: the record was made with other versions of ilonet or its libraries; "
                    "outputs may differ for that reason alone");
    }
    json_decref(versions);
    for (size_t i = 0; i < n; i++) {
        json_t *rec = find_job(arr, jobs[i].name);
        if (rec == NULL && outputs_where != NULL) {
            continue;
        }
        if (rec == NULL) {
            diff(report, ctx, n_diffs, "job '%s' is not in the record%s", jobs[i].name, "");
            continue;
        }
        compare_job(&jobs[i], rec, outputs_where, report, ctx, n_diffs);
    }
    size_t k;
    json_t *o;
    json_array_foreach(arr, k, o)
    {
        const char *nm = json_string_value(json_object_get(o, "name"));
        int found = 0;
        for (size_t i = 0; nm != NULL && i < n && !found; i++) {
            found = strcmp(jobs[i].name, nm) == 0;
        }
        if (!found && outputs_where == NULL) {
            diff(report, ctx, n_diffs, "recorded job '%s' is no longer in the manifest%s",
                 nm != NULL ? nm : "?", "");
        }
    }
    json_decref(root);
    return ILONET_OK;
}

void ilonet_record_files_free(ilonet_record_file_t *files, size_t n)
{
    for (size_t i = 0; files != NULL && i < n; i++) {
        free(files[i].path);
    }
    free(files);
}
