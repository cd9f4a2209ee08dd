/*
 * Runs the replications of one or more scenario points into a struct
 * hsc_results, in stages (a session: open, run batches of (point,
 * replication) tasks, close) or in one go (hsc_exec_run_points: a session
 * with one batch of every replication, so there is one code path).
 *
 * Invariant: task (p, r) writes only its own slices (index p * R + r) of
 * the result arrays, and what it writes depends on (p, r) alone, never on
 * the batch, the worker or the thread count, so any split into batches
 * stores the same bits. Replications 0 .. point_reps[p] - 1 of point p have
 * run; every other slice is NaN (runaway flags 0, trace empty), also after
 * a failed batch, which is rolled back. Errors are kept per task and the
 * lowest failing task in batch order is reported. Every point runs
 * replication r with the same streams (common random numbers), since
 * streams depend on (seed, replication, process) only. How many
 * replications a point needs is the caller's decision, not made here.
 */
#include "hscflow/exec.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hscflow/kpis.h"
#include "hscflow/rng.h"
#include "hscflow/sim.h"

/* The stream layout recorded in provenance (docs/random-streams.md). */
static const char rng_layout[] =
    "philox4x64-10 (Random123); key = (master seed, process hash), counter = "
    "(replication, 0, 0, block); 4 outputs per block used in order; doubles = "
    "top 53 bits / 2^53; process hash = splitmix64 finaliser of FNV-1a 64 of the "
    "process name, e.g. arrivals/<cohort>, svc/<service>/duration/<cohort>";

/* What a staged run keeps from one batch to the next. */
struct hsc_exec_session {
    const struct hsc_scenario **scenarios; /* owns the array [P]; borrows each scenario */
    struct hsc_exec_options opts;          /* a copy of the caller's */
    size_t threads;                        /* workers: opts.threads or the cores, capped */
    struct hsc_kpi_set kpis;               /* owns */
    struct hsc_results *res;               /* borrows: the caller's, until close */
    size_t *batch;                         /* owns [P * R]: the task indices of the batch */
    struct hsc_error *errors;              /* owns [P * R]: error of batch position i */
    struct hsc_sim_workspace **workspaces; /* owns [threads]: one per worker, made on
                                              first use, kept from batch to batch */
};

/* Gives back the slack the trace's doubling left (up to half of it), since
 * every task's trace is kept until the file is written. Keeps the larger
 * array when the smaller one cannot be had. */
static void trim_trace(struct hsc_trace *trace)
{
    if (trace->cap == trace->count)
        return;
    if (trace->count == 0) {
        hsc_trace_fini(trace);
        return;
    }
    struct hsc_trace_record *fit =
        realloc(trace->records, trace->count * sizeof *trace->records);
    if (fit) {
        trace->records = fit;
        trace->cap = trace->count;
    }
}

/* Where task `index` (point index / R, replication index % R) writes. */
static struct hsc_rep_output task_output(struct hsc_results *res, size_t index)
{
    size_t point = index / res->n_reps, rep = index % res->n_reps;
    return (struct hsc_rep_output){
        .kpi = res->kpi_value + hsc_results_kpi_index(res, point, rep, 0),
        .occupancy = res->ts_occupancy + hsc_results_ts_index(res, point, rep, 0, 0),
        .waiting = res->ts_waiting + hsc_results_ts_index(res, point, rep, 0, 0),
        .admissions = res->ts_admissions + hsc_results_day_index(res, point, rep, 0),
        .discharges = res->ts_discharges + hsc_results_day_index(res, point, rep, 0),
        .runaway = res->runaway ? res->runaway + hsc_results_service_index(res, point, rep, 0)
                                : NULL,
        .trace = res->traces ? &res->traces[index] : NULL,
    };
}

static void fill_floats(float *x, size_t n, float value)
{
    for (size_t i = 0; i < n; i++)
        x[i] = value;
}

/* Resets task `index`'s slices: KPIs NaN, every series value `series`,
 * runaway flags 0, trace empty. With NaN this is a replication not run;
 * with 0 it is what the model expects before a replication (it adds the
 * day's admissions and discharges to what is there). */
static void reset_task(struct hsc_results *res, size_t index, float series)
{
    struct hsc_rep_output out = task_output(res, index);
    size_t days = res->n_days, cells = res->n_days * res->n_services;
    for (size_t k = 0; k < res->n_kpis; k++)
        out.kpi[k] = NAN;
    fill_floats(out.occupancy, cells, series);
    fill_floats(out.waiting, cells, series);
    fill_floats(out.admissions, days, series);
    fill_floats(out.discharges, days, series);
    if (out.runaway)
        memset(out.runaway, 0, res->n_services);
    if (out.trace)
        hsc_trace_fini(out.trace);
}

/* Runs batch position i (a hsc_threadpool_run_workers task function). */
static int run_task(void *arg, size_t worker, size_t i)
{
    struct hsc_exec_session *session = arg;
    struct hsc_results *res = session->res;
    size_t index = session->batch[i];
    if (!session->workspaces[worker])
        session->workspaces[worker] = hsc_sim_workspace_new(); /* NULL: run without one */
    reset_task(res, index, 0.0f);
    struct hsc_rep_output out = task_output(res, index);
    int status = hsc_sim_run_in(session->workspaces[worker],
                                session->scenarios[index / res->n_reps], &session->kpis,
                                (uint64_t)res->replications[index % res->n_reps], &out, NULL,
                                &session->errors[i]);
    if (out.trace)
        trim_trace(out.trace);
    return status;
}

static char *copy(const char *text)
{
    return strdup(text ? text : "");
}

/* Names, dates and provenance: everything but the numbers. The base
 * scenario (point 0) gives the provenance. The trace's code tables and the
 * libconfig version are filled here because src/output may not call the
 * model or link libconfig. */
static int describe(const struct hsc_exec_point *points, struct hsc_kpi_set *kpis,
                    struct hsc_results *res)
{
    const struct hsc_scenario *sc = points[0].sc;
    for (size_t p = 0; p < res->n_points; p++) {
        res->point_names[p] = copy(points[p].name ? points[p].name : points[p].sc->name);
        res->point_overrides[p] = copy(points[p].overrides);
        if (!res->point_names[p] || !res->point_overrides[p])
            return -1;
    }
    for (size_t r = 0; r < res->n_reps; r++)
        res->replications[r] = (int64_t)r;
    for (size_t k = 0; k < kpis->count; k++) {
        res->kpis[k].name = copy(kpis->defs[k].name);
        res->kpis[k].unit = copy(kpis->defs[k].unit);
        res->kpis[k].description = copy(kpis->defs[k].description);
        if (!res->kpis[k].name || !res->kpis[k].unit || !res->kpis[k].description)
            return -1;
    }
    for (size_t s = 0; s < sc->n_services; s++) {
        res->service_names[s] = copy(sc->services[s].name);
        res->service_roles[s] = copy(hsc_role_name(sc->services[s].role));
        if (!res->service_names[s] || !res->service_roles[s])
            return -1;
    }
    int64_t first = hsc_date_to_days(sc->run.start_date);
    char date[16];
    for (size_t d = 0; d < res->n_days; d++) {
        hsc_date_format(hsc_date_from_days(first + (int64_t)d), date);
        if (!(res->dates[d] = copy(date)))
            return -1;
    }
    for (size_t c = 0; res->cohort_names && c < sc->n_cohorts; c++)
        if (!(res->cohort_names[c] = copy(sc->cohorts[c].name)))
            return -1;
    for (size_t e = 0; res->event_names && e < res->n_event_codes; e++)
        if (!(res->event_names[e] = copy(hsc_trace_event_name((enum hsc_trace_event)e))))
            return -1;
    hsc_date_format(sc->run.start_date, date);
    res->master_seed = sc->run.seed;
    res->warmup_days = sc->run.warmup_days;
    res->measure_days = sc->run.measure_days;
    res->start_date = copy(date);
    res->rng = copy(rng_layout);
    res->scenario_text = copy(sc->resolved_text);
    res->build.libconfig_version = copy(hsc_scenario_libconfig_version());
    if (!res->start_date || !res->rng || !res->scenario_text || !res->build.libconfig_version)
        return -1;
    return 0;
}

/* Every point must give the same KPIs, services and days as the base. */
static int check_points(const struct hsc_exec_point *points, size_t n_points,
                        const struct hsc_kpi_set *kpis, struct hsc_error *err)
{
    const struct hsc_scenario *base = points[0].sc;
    for (size_t p = 1; p < n_points; p++) {
        const struct hsc_scenario *sc = points[p].sc;
        struct hsc_kpi_set other = {0};
        bool same = sc->n_services == base->n_services && sc->run.seed == base->run.seed &&
                    sc->run.replications == base->run.replications &&
                    hsc_sim_days(sc) == hsc_sim_days(base) && hsc_kpis_build(sc, &other) == 0 &&
                    other.count == kpis->count;
        for (size_t k = 0; same && k < kpis->count; k++)
            same = strcmp(other.defs[k].name, kpis->defs[k].name) == 0;
        hsc_kpis_fini(&other);
        if (!same) {
            hsc_error_set(err, NULL, 0, NULL,
                          "scenario point \"%s\" does not have the base scenario's services, KPIs, "
                          "seed, replications and days",
                          points[p].name ? points[p].name : sc->name);
            return -1;
        }
    }
    return 0;
}

/* Worker threads for opts: its count, or one per core; at most
 * HSC_THREADPOOL_MAX. */
static size_t worker_threads(const struct hsc_exec_options *opts)
{
    size_t threads = opts->threads ? opts->threads : hsc_exec_cores();
    return threads > HSC_THREADPOOL_MAX ? HSC_THREADPOOL_MAX : threads;
}

/* Allocates res for max_reps replications of every point, fills its names
 * and provenance, and marks every replication not run (point_reps 0, every
 * slice NaN). Returns 0, or -1 when memory runs out. */
static int prepare_results(const struct hsc_exec_point *points, size_t n_points,
                           size_t max_reps, const struct hsc_exec_options *opts,
                           struct hsc_kpi_set *kpis, struct hsc_results *res)
{
    const struct hsc_scenario *sc = points[0].sc;
    if (hsc_results_alloc(res, n_points, max_reps, kpis->count, sc->n_services,
                          hsc_sim_days(sc), 0) != 0 ||
        (opts->trace &&
         hsc_results_alloc_traces(res, sc->n_cohorts, HSC_TRACE_EVENT_COUNT) != 0) ||
        describe(points, kpis, res) != 0)
        return -1;
    for (size_t p = 0; p < n_points; p++)
        res->point_reps[p] = 0;
    for (size_t index = 0; index < n_points * max_reps; index++)
        reset_task(res, index, NAN);
    return 0;
}

/* The session's own arrays: the scenarios, the batch, the per-task errors
 * and the workers' workspace slots. Returns 0, or -1 when memory runs out. */
static int alloc_session(struct hsc_exec_session *session,
                         const struct hsc_exec_point *points, size_t n_points)
{
    size_t tasks = n_points * session->res->n_reps;
    session->scenarios = calloc(n_points, sizeof *session->scenarios);
    session->batch = calloc(tasks ? tasks : 1, sizeof *session->batch);
    session->errors = calloc(tasks ? tasks : 1, sizeof *session->errors);
    session->workspaces = calloc(session->threads, sizeof *session->workspaces);
    if (!session->scenarios || !session->batch || !session->errors || !session->workspaces)
        return -1;
    for (size_t p = 0; p < n_points; p++)
        session->scenarios[p] = points[p].sc;
    return 0;
}

int hsc_exec_session_open(struct hsc_exec_session **session,
                          const struct hsc_exec_point *points, size_t n_points,
                          size_t max_reps, const struct hsc_exec_options *opts,
                          struct hsc_results *res, struct hsc_error *err)
{
    HSC_ASSERT(n_points > 0);
    struct hsc_exec_session *made = calloc(1, sizeof *made);
    *session = NULL;
    memset(res, 0, sizeof *res);
    if (!made) {
        hsc_error_set(err, NULL, 0, NULL, "out of memory preparing the run");
        return -1;
    }
    made->opts = *opts;
    made->threads = worker_threads(opts);
    made->res = res;
    if (hsc_kpis_build(points[0].sc, &made->kpis) != 0) {
        hsc_error_set(err, NULL, 0, NULL, "out of memory preparing the run");
        goto fail;
    }
    if (check_points(points, n_points, &made->kpis, err) != 0)
        goto fail;
    if (prepare_results(points, n_points, max_reps, opts, &made->kpis, res) != 0 ||
        alloc_session(made, points, n_points) != 0) {
        hsc_error_set(err, NULL, 0, NULL, "out of memory preparing the run");
        goto fail;
    }
    *session = made;
    return 0;
fail:
    hsc_exec_session_close(made);
    hsc_results_free(res);
    return -1;
}

/* Lists in session->batch the tasks that take every point p from
 * point_reps[p] up to target[p] replications, in (point, replication)
 * order, and sets *n to their number; a target at or below point_reps[p]
 * adds nothing. Returns 0, or -1 with err filled (and nothing listed) when
 * a target is above R. */
static int plan_batch(struct hsc_exec_session *session, const size_t *target, size_t *n,
                      struct hsc_error *err)
{
    const struct hsc_results *res = session->res;
    *n = 0;
    for (size_t p = 0; p < res->n_points; p++) {
        if (target[p] > res->n_reps) {
            hsc_error_set(err, NULL, 0, NULL,
                          "scenario point \"%s\": %zu replications asked for, but the run "
                          "was set up for at most %zu",
                          res->point_names[p], target[p], res->n_reps);
            return -1;
        }
    }
    for (size_t p = 0; p < res->n_points; p++)
        for (size_t r = (size_t)res->point_reps[p]; r < target[p]; r++)
            session->batch[(*n)++] = p * res->n_reps + r;
    return 0;
}

/* Runs the first n tasks of session->batch on the pool. Returns 0, or -1
 * with err filled from the lowest failing batch position. */
static int run_batch(struct hsc_exec_session *session, size_t n, struct hsc_error *err)
{
    size_t failed;
    int status = hsc_threadpool_run_workers(n, session->threads, run_task, session,
                                            session->opts.progress, &failed);
    if (status != 0) {
        const struct hsc_error *first = &session->errors[failed];
        hsc_error_set(err, first->file, first->line, first->path, "%s", first->message);
    }
    for (size_t i = 0; i < n; i++)
        hsc_error_clear(&session->errors[i]);
    return status;
}

int hsc_exec_session_run(struct hsc_exec_session *session, const size_t *target,
                         struct hsc_error *err)
{
    struct hsc_results *res = session->res;
    size_t n;
    if (plan_batch(session, target, &n, err) != 0)
        return -1;
    int status = run_batch(session, n, err);
    if (status == 0 && hsc_results_summarise(res) != 0) {
        hsc_error_set(err, NULL, 0, NULL, "out of memory summarising the replications");
        status = -1;
    }
    if (status != 0) {
        /* Back to NaN, so point_reps still says what ran; the summaries
         * were not touched. */
        for (size_t i = 0; i < n; i++)
            reset_task(res, session->batch[i], NAN);
        return -1;
    }
    for (size_t p = 0; p < res->n_points; p++)
        if (target[p] > (size_t)res->point_reps[p])
            res->point_reps[p] = (int64_t)target[p];
    return 0;
}

void hsc_exec_session_close(struct hsc_exec_session *session)
{
    if (!session)
        return;
    for (size_t w = 0; session->workspaces && w < session->threads; w++)
        hsc_sim_workspace_free(session->workspaces[w]);
    free(session->workspaces);
    free(session->errors);
    free(session->batch);
    free(session->scenarios);
    hsc_kpis_fini(&session->kpis);
    free(session);
}

int hsc_exec_run_points(const struct hsc_exec_point *points, size_t n_points,
                        const struct hsc_exec_options *opts, struct hsc_results *res,
                        struct hsc_error *err)
{
    struct hsc_exec_session *session;
    size_t reps = (size_t)points[0].sc->run.replications;
    if (hsc_exec_session_open(&session, points, n_points, reps, opts, res, err) != 0)
        return -1;
    size_t *target = malloc(n_points * sizeof *target);
    int status = -1;
    if (!target) {
        hsc_error_set(err, NULL, 0, NULL, "out of memory preparing the run");
    } else {
        for (size_t p = 0; p < n_points; p++)
            target[p] = reps;
        status = hsc_exec_session_run(session, target, err);
    }
    free(target);
    hsc_exec_session_close(session);
    if (status != 0)
        hsc_results_free(res);
    return status;
}

int hsc_exec_run(const struct hsc_scenario *sc, const struct hsc_exec_options *opts,
                 struct hsc_results *res, struct hsc_error *err)
{
    struct hsc_exec_point point = {.sc = sc, .name = NULL, .overrides = ""};
    return hsc_exec_run_points(&point, 1, opts, res, err);
}
