/* What the command-line front end's files share: parsed jobs of each command and diagnostics. */
#ifndef ILONET_CLI_H
#define ILONET_CLI_H

#include <getopt.h>
#include <stdio.h>

#include "ilonet/ilonet.h"
#include "ilonet/timeline.h"

typedef enum { CLI_ANALYZE = 0, CLI_RENDER, CLI_EGO, CLI_EXPORT, CLI_N_COMMANDS } cli_command_t;

/* One parsed command line of analyze, render, ego or export. Strings point into the argv the
 * job was parsed from, which must outlive it. */
typedef struct {
    cli_command_t cmd;
    ilonet_analyze_options_t analyze;
    ilonet_render_job_t render;
    ilonet_ego_job_t ego;
    ilonet_export_job_t export_job;
    int mode_given;
    int by_year; /* analyze --by-year: also the timeline */
    ilonet_timeline_options_t timeline;
    int window_given;
    char **inputs; /* the EDGES.csv operands */
    int n_inputs;
} cli_job_t;

/* 0 quiet, 1 normal, 2 verbose. */
extern int cli_verbosity;

/* --timings: print the library's phase timings. */
extern int cli_timings;

/* Printed after "ilonet: " before every diagnostic (e.g. "report.ini:12: "); NULL = none. */
void cli_set_diag_prefix(const char *prefix);

/* Prints "ilonet: [prefix]message" on stderr. */
void cli_message(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Prints err as one diagnostic and returns st. */
int cli_report_error(ilonet_status_t st, const ilonet_error_t *err);

/* "analyze", "render", ... */
const char *cli_command_name(cli_command_t cmd);

/* The command's long options, ended by a zeroed entry. */
const struct option *cli_command_options(cli_command_t cmd);

/* Sets job to the command's defaults and parses the options of argv (argv[0] is the command
 * name), leaving optind at the first operand. Returns as cli_job_parse. */
int cli_job_parse_options(cli_command_t cmd, int argc, char **argv, cli_job_t *job);

/* Parses argv (argv[0] is the command name) into job: options, then operands. max_inputs
 * limits the EDGES.csv operands (0 = any number). Returns 0, -2 when help or the version was
 * printed, or an exit code after printing the error. */
int cli_job_parse(cli_command_t cmd, int argc, char **argv, int max_inputs, cli_job_t *job);

/* Runs a parsed job on its first input (or the input set in its options) and prints the
 * one-line summary. Returns the exit code. */
int cli_job_run(cli_job_t *job);

/* The files a successful job wrote, in a fixed order: fills up to max (at most
 * CLI_MAX_OUTPUTS) paths into out and returns how many. */
#define CLI_PATH_MAX 4096
#define CLI_MAX_OUTPUTS 8
int cli_job_outputs(const cli_job_t *job, char (*out)[CLI_PATH_MAX], int max);

/* Set in a batch worker: the per-job summary line is left to the batch's table. */
extern int cli_batch_worker;

/* Copies a worker's captured stdout and stderr (see ilonet_workers_run) to stderr. */
void cli_relay(FILE *output);

/* ilonet batch. */
int cli_batch(int argc, char **argv);

#endif
