/* run.json: what a batch run read and wrote (versions, settings, SHA-256 of every file), and
 * comparing a new run against it. */
#ifndef ILONET_RUNRECORD_H
#define ILONET_RUNRECORD_H

#include <stddef.h>
#include <stdint.h>

#include "ilonet/digest.h"
#include "ilonet/error.h"

typedef struct {
    char *path; /* inputs: as written in the manifest; outputs: relative to the output folder */
    char sha256[ILONET_SHA256_HEX];
    uint64_t bytes;
} ilonet_record_file_t;

typedef struct {
    const char *name;
    const char *kind;        /* "analysis", "figure", ... */
    const char *command;     /* "analyze", "render", ... */
    int exit_code;           /* 0 = done */
    const char *const *keys; /* resolved settings, in order */
    const char *const *values;
    size_t n_settings;
    ilonet_record_file_t *inputs;
    size_t n_inputs;
    ilonet_record_file_t *outputs; /* only for a job that succeeded */
    size_t n_outputs;
} ilonet_record_job_t;

/* Writes run.json atomically at path: tool and library versions, the manifest's name and
 * SHA-256, and per job its settings, inputs and outputs. No clock time or absolute path goes
 * in, so the same run gives the same record wherever and whenever it runs. */
ilonet_status_t ilonet_record_write(const char *path, const char *manifest_name,
                                    const char *manifest_sha256, const ilonet_record_job_t *jobs,
                                    size_t n, ilonet_error_t *err);

/* Receives one difference between the record and a new run, as a sentence. */
typedef void (*ilonet_record_diff_fn)(void *ctx, const char *what);

/* Compares a new run (jobs) against the record at path: jobs missing on either side, changed
 * settings, changed inputs and every output whose SHA-256 differs, each reported through
 * report. With outputs_where set (e.g. "in the output folder"), only the outputs are compared
 * and their messages say where the files are. *n_diffs is the number of differences (0 = the
 * run reproduces the record). A record that is missing or not a run.json is an error. */
ilonet_status_t ilonet_record_compare(const char *path, const ilonet_record_job_t *jobs, size_t n,
                                      const char *outputs_where, ilonet_record_diff_fn report,
                                      void *ctx, size_t *n_diffs, ilonet_error_t *err);

/* Frees the paths of files[0..n-1] and the array. */
void ilonet_record_files_free(ilonet_record_file_t *files, size_t n);

#endif
