/*
 * The results file (contract: docs/results-format.md).
 *
 * An in-memory struct hsc_results mirrors the HDF5 layout: P scenario points
 * x R replications x K KPIs, S services, D days. Writing is atomic (temporary
 * file in the same directory, fsync, rename, fsync of the directory) and
 * byte-reproducible (no creation times). src/output is the only place that
 * includes hdf5.h; HDF5 is not thread-safe, so write and read from one thread.
 */
#ifndef HSCFLOW_RESULTS_H
#define HSCFLOW_RESULTS_H

#include <stddef.h>
#include <stdint.h>

#include "hscflow/error.h"
#include "hscflow/kpi_def.h" /* struct hsc_kpi_def, hsc_kpi_lookup */
#include "hscflow/stats.h"
#include "hscflow/trace.h"

/* Attributes that differ between otherwise identical runs (/provenance/run). */
struct hsc_run_info {
    char *created_utc;  /* owns: "2026-11-22T08:00:00Z" */
    char *host;         /* owns */
    char *command_line; /* owns */
    int64_t threads;
    int64_t ranks;
    double wall_seconds;
};

/* The software that wrote a file. hsc_results_write records the running
 * binary's own hscflow version, git commit, compiler, GSL and HDF5 versions
 * (ignoring those fields here) and writes libconfig_version as given, NULL
 * as "": src/output does not link libconfig, so the caller supplies it
 * (hsc_exec_run does, from hsc_scenario_libconfig_version).
 * hsc_results_read fills every field from the file. */
struct hsc_build_info {
    char *hscflow_version;   /* owns: root attribute hscflow_version */
    char *git_commit;        /* owns: /provenance attributes from here on */
    char *compiler;          /* owns */
    char *gsl_version;       /* owns */
    char *hdf5_version;      /* owns */
    char *libconfig_version; /* owns */
};

struct hsc_results {
    size_t n_points, n_reps, n_kpis, n_services, n_days, n_params;

    char **point_names;     /* owns [P] */
    char **point_overrides; /* owns [P], "" for none */
    char **param_names;     /* owns [Q], NULL when Q = 0 */
    double *param_values;   /* owns [P * Q], NULL when Q = 0 */
    int64_t *replications;  /* owns [R], 0-based replication numbers */
    int64_t *point_reps;    /* owns [P]: /scenario/replications, how many replications ran
                               for each point (replications 0..point_reps[p]-1; the rest
                               are NaN in the KPIs and series); R for every point of an
                               ordinary run, fewer for an optimiser's screened points */

    struct hsc_kpi_def *kpis;    /* owns [K] */
    double *kpi_value;           /* owns [P * R * K], NaN where undefined */
    struct hsc_summary *summary; /* owns [P * K]; see hsc_results_summarise */

    char **service_names;   /* owns [S] */
    char **service_roles;   /* owns [S] */

    char **dates;           /* owns [D], ISO dates of each midnight snapshot */
    float *ts_occupancy;    /* owns [P * R * D * S], see hsc_results_ts_index */
    float *ts_waiting;      /* owns [P * R * D * S] */
    float *ts_admissions;   /* owns [P * R * D], see hsc_results_day_index */
    float *ts_discharges;   /* owns [P * R * D] */

    /* /diagnostics/runaway: 1 where the queue of service s (for an acute
     * service, the ED queue) ran away in replication r of point p, else 0
     * (docs/kpis.md, "Runaway queues"); see hsc_results_service_index.
     * hsc_results_read leaves it NULL for a file written before the dataset
     * existed, which says nothing either way. */
    uint8_t *runaway;       /* owns [P * R * S] */

    /* /appraisal: figures per point that are not KPIs of a replication but
     * judgements over them (`hscflow options` and `hscflow optimise`: net
     * cash cost, capacity released, ratios, budget verdicts, the search's
     * status), as named columns; n_columns 0 = no /appraisal group. */
    size_t n_columns;
    struct hsc_kpi_def *columns; /* owns [C]: name, unit, description of each */
    double *column_value;        /* owns [P * C], point-major; NaN where undefined */

    /* /provenance attributes */
    uint64_t master_seed;
    double warmup_days;
    double measure_days;
    char *start_date;       /* owns: "YYYY-MM-DD" */
    char *rng;              /* owns: generator and stream layout description */
    char *scenario_text;    /* owns: /provenance/scenario */

    struct hsc_build_info build; /* see struct hsc_build_info */
    struct hsc_run_info run;     /* /provenance/run */

    /* The per-person event trace (`--trace`), written as /events; NULL
     * traces = no trace and no /events in the file. Unlike everything above,
     * its size grows with the people who passed through. */
    struct hsc_trace *traces; /* owns [P * R] or NULL: task p * R + r's records */
    size_t n_cohorts;
    char **cohort_names;      /* owns [n_cohorts]: the cohort code table of /events */
    size_t n_event_codes;
    char **event_names;       /* owns [n_event_codes]: the event code table of
                                 /events, code e's name at e (the model's) */
};

/* Initialises *res (its previous contents are ignored) and allocates every
 * array for the given sizes: numbers zeroed, KPI values NaN, point_reps R
 * for every point (every replication ran), every string NULL (the writer
 * stores a NULL string as ""). An array with zero elements is NULL.
 * Returns 0, or -1 with *res zeroed when memory runs out or the sizes
 * overflow. */
int hsc_results_alloc(struct hsc_results *res, size_t n_points, size_t n_reps,
                      size_t n_kpis, size_t n_services, size_t n_days,
                      size_t n_params);

/* Switches the trace on for an allocated res: allocates res->traces
 * [P * R] (each empty), res->cohort_names [n_cohorts] and res->event_names
 * [n_event_codes] (strings NULL, the caller fills them; NULL is written as
 * ""). Returns 0, or -1 when memory runs out (then res->traces,
 * res->cohort_names and res->event_names stay NULL). */
int hsc_results_alloc_traces(struct hsc_results *res, size_t n_cohorts,
                             size_t n_event_codes);

/* Number of trace records over all tasks (0 without a trace). */
size_t hsc_results_trace_count(const struct hsc_results *res);

/* Appends n columns to /appraisal, copying defs' strings; their values
 * start NaN. *first receives the index of the first new column (values of
 * point p, column first + i at res->column_value[p * res->n_columns +
 * first + i]). Returns 0, or -1 when memory runs out (res unchanged). */
int hsc_results_add_columns(struct hsc_results *res, const struct hsc_kpi_def *defs, size_t n,
                            size_t *first);

/* Frees everything res owns and zeroes it; safe on a zeroed struct. */
void hsc_results_free(struct hsc_results *res);

/* Fills res->summary[p * K + k] with the summary of KPI k of point p over
 * the replications (hsc_summary_compute, NaN skipped), in index order; the
 * replications a point has not run are NaN, so n counts only values of
 * replications that ran.
 * Returns 0, or -1 when memory for the scratch buffer runs out. */
int hsc_results_summarise(struct hsc_results *res);

/* Index of (point, rep, kpi) in kpi_value. */
static inline size_t hsc_results_kpi_index(const struct hsc_results *res,
                                           size_t point, size_t rep, size_t kpi)
{
    return (point * res->n_reps + rep) * res->n_kpis + kpi;
}

/* Index of (point, rep, service) in runaway. */
static inline size_t hsc_results_service_index(const struct hsc_results *res, size_t point,
                                               size_t rep, size_t svc)
{
    return (point * res->n_reps + rep) * res->n_services + svc;
}

/* Replications of `point` in which the queue of service `svc` ran away
 * (res->runaway); 0 when res->runaway is NULL. */
size_t hsc_results_runaway_reps(const struct hsc_results *res, size_t point, size_t svc);

/* Replications of `point` in which any queue ran away; 0 when res->runaway
 * is NULL. */
size_t hsc_results_runaway_any(const struct hsc_results *res, size_t point);

/* Index of (point, rep, day) in ts_admissions and ts_discharges. */
static inline size_t hsc_results_day_index(const struct hsc_results *res,
                                           size_t point, size_t rep, size_t day)
{
    return (point * res->n_reps + rep) * res->n_days + day;
}

/* Index of (point, rep, day, service) in ts_occupancy and ts_waiting. */
static inline size_t hsc_results_ts_index(const struct hsc_results *res,
                                          size_t point, size_t rep, size_t day,
                                          size_t svc)
{
    return hsc_results_day_index(res, point, rep, day) * res->n_services + svc;
}

/* Writes the results file atomically. Every array whose size is non-zero
 * must be present and every point_reps[p] within 0..R; res->summary and
 * res->build, but for its libconfig_version, are not consulted (the
 * summaries in the file are computed from kpi_value, so they always match
 * it). With res->traces,
 * /events holds every task's records in task index order
 * (docs/results-format.md) and its code tables come from event_names,
 * cohort_names and service_names; each record's event code (below
 * n_event_codes), cohort (below n_cohorts) and services (below n_services,
 * or -1) must be in range and its time finite and not before the task's
 * previous record, else nothing is written. Returns 0, or -1 with err
 * filled (err->file is the results file, err->path the dataset or attribute
 * concerned, when there is one). On failure no temporary file is left behind
 * and the target is untouched, except when only the final fsync of the
 * directory fails: then the new file is already in place and the message
 * says so. err may be NULL. Call from one thread. */
int hsc_results_write(const struct hsc_results *res, const char *path,
                      struct hsc_error *err);

/* Reads a results file written by hsc_results_write into *res (its previous
 * contents are ignored): everything except the time series, whose pointers
 * stay NULL (n_days and dates are still set), runaway when the file has no
 * /diagnostics/runaway (an older file: NULL), and /events, which is skipped
 * (traces stay NULL; read it with h5py). point_reps is R for every point of
 * a file without /scenario/replications (written before it existed, when
 * every point ran every replication); summaries come from the file.
 * Free with hsc_results_free. Returns 0, or -1 with err filled and *res
 * zeroed (not HDF5, not an hscflow file, unsupported format_version, missing
 * dataset, inconsistent shapes). err may be NULL. */
int hsc_results_read(const char *path, struct hsc_results *res,
                     struct hsc_error *err);

#endif
