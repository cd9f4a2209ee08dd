/*
 * Shared pieces of the command-line interface: subcommand entry points, run
 * flag parsing, the KPI table and the runaway-queue warnings. Exit statuses: 0 ok, 1 bad usage or
 * scenario, 2 run-time or I/O failure.
 */
#ifndef HSCFLOW_CLI_H
#define HSCFLOW_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "hscflow/results.h"
#include "hscflow/scenario.h"

enum { HSC_EXIT_OK = 0, HSC_EXIT_USAGE = 1, HSC_EXIT_FAILURE = 2 };

int hsc_cmd_run(int argc, char **argv);
int hsc_cmd_validate(int argc, char **argv);
int hsc_cmd_summary(int argc, char **argv);
int hsc_cmd_options(int argc, char **argv);
int hsc_cmd_compare(int argc, char **argv);
int hsc_cmd_optimise(int argc, char **argv);

/* Flags shared by commands that run a scenario. Overrides point into argv;
 * the seed and replication flags become overrides of run.seed and
 * run.replications, applied after every --set so that flags win. */
struct hsc_cli_run_flags {
    const char *scenario;          /* borrows argv */
    const char *output;            /* borrows argv; NULL = default */
    size_t threads;                /* 0 = all cores */
    bool trace;                    /* --trace: keep the per-person event log */
    const char *csv;               /* --csv FILE (optimise); borrows argv; NULL = none */
    struct hsc_override *overrides; /* owns [n_overrides] */
    size_t n_overrides;
};

/* Which flags a command accepts besides SCENARIO, --set and --help. */
enum {
    HSC_CLI_RUN_FLAGS = 1u << 0, /* -o, -r, --seed, --threads */
    HSC_CLI_TRACE = 1u << 1,     /* --trace (hscflow run only) */
    HSC_CLI_OPTIMISE = 1u << 2,  /* --objective, --budget, --committed (overrides of
                                    optimise.objective, budget.annual, budget.committed)
                                    and --csv (hscflow optimise only) */
};

/* Parses argv (after the subcommand name), accepting the flags in `accept`
 * (a set of HSC_CLI_* bits; 0 = SCENARIO and --set only). Prints a message
 * and returns false on bad usage; `*help` is set when --help was asked for. */
bool hsc_cli_parse_run_flags(int argc, char **argv, const char *command, unsigned accept,
                             struct hsc_cli_run_flags *flags, bool *help);
void hsc_cli_run_flags_fini(struct hsc_cli_run_flags *flags);

/* Loads SCENARIO with the flags' overrides, printing the first error. */
int hsc_cli_load(const struct hsc_cli_run_flags *flags, struct hsc_scenario *sc);

/* results/<scenario name><suffix>.h5 (owned; the folder is made if missing),
 * or NULL when the folder cannot be made. */
char *hsc_cli_default_output(const struct hsc_scenario *sc, const char *suffix);

/* Fills /provenance/run: time, host, "command args...", threads, wall time. */
void hsc_cli_fill_run_info(struct hsc_results *res, const char *command, int argc, char **argv,
                           size_t threads, double wall_seconds);
double hsc_cli_wall_now(void);

/* Formats a number for reading (more decimals for small values, "NaN"),
 * with a leading sign when `sign` is set. */
void hsc_cli_format_number(char *buf, size_t size, double x, bool sign);

/* A CSV field (RFC 4180, csv.c): text quoted when it holds a comma, quote or
 * line break; a number exact (%.17g, round-trips), NaN as an empty field
 * (an empty cell in spreadsheets, NaN in pandas). */
void hsc_cli_csv_text(FILE *out, const char *text);
void hsc_cli_csv_number(FILE *out, double x);

/* Splits "file[:point]" at the last ':' into an owned file name and a point
 * text pointing into `arg` (NULL when there is no ':'). */
char *hsc_cli_split_point(const char *arg, const char **point);

/* Prints the KPI table of one point of a results struct (summaries filled). */
void hsc_cli_print_kpi_table(FILE *out, const struct hsc_results *res, size_t point,
                             const char *source);

/* --- Runaway queues (runaway_warning.c; docs/kpis.md "Runaway queues") --- */

/* Prints "acute in 7, reablement in 3": each service whose queue ran away in
 * some replication of `point`, with in how many (nothing when none did). */
void hsc_cli_print_runaway_services(FILE *out, const struct hsc_results *res, size_t point);

/* Prints one warning line "PREFIXa queue ran away in FLAGGED of R
 * replications[ of WHO] (SERVICES): CONSEQUENCE (runaway_queues,
 * docs/kpis.md)" about `point`. Without `who` (NULL) "replications" agrees
 * with R; with it, it is always plural. */
void hsc_cli_print_runaway_warning(FILE *out, const char *prefix, size_t flagged,
                                   const char *who, const struct hsc_results *res, size_t point,
                                   const char *consequence);

/* When a queue ran away in any replication of `point`, prints one line
 * "hscflow COMMAND: warning: LABEL: a queue ran away in N of R replications
 * (SERVICES): its KPIs describe gridlock, not a steady state (...)" to `out`;
 * else prints nothing. A NULL label names the point: point "NAME". */
void hsc_cli_warn_runaway(FILE *out, const char *command, const char *label,
                          const struct hsc_results *res, size_t point);

/* For results read from a file without /diagnostics/runaway (an older
 * hscflow), a note that nobody can tell whether a queue ran away. */
void hsc_cli_note_no_runaway_flags(FILE *out, const char *command, const char *file,
                                   const struct hsc_results *res);

/* Resolves "FILE[:POINT]": splits at the last ':' when what follows names a
 * point of the file or is an index. Fills *point, or prints an error and
 * returns false. */
bool hsc_cli_select_point(const struct hsc_results *res, const char *point_text,
                          const char *file, size_t *point);

#endif
