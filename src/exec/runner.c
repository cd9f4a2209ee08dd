/*
 * Runs the replications of one or more scenario points into a struct
 * hsc_results: task I = p * R + r runs replication r of point p.
 *
 * Each task writes only its own slices of the KPI and series arrays, and its
 * own trace when one is kept; errors are kept per task and the lowest failing
 * index is reported, so what a run returns never depends on thread
 * scheduling. Every point runs replication r with the same streams (common
 * random numbers), since streams depend on (seed, replication, process) only.
 */
#include "hscflow/exec.h"

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

struct run_ctx {
    const struct hsc_exec_point *points; /* [P] */
    const struct hsc_kpi_set *kpis;
    struct hsc_results *res;
    struct hsc_error *errors; /* [P * R] */
    struct hsc_sim_workspace **workspaces; /* [threads]: one per worker, made on first use */
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

static int run_task(void *arg, size_t worker, size_t index)
{
    struct run_ctx *ctx = arg;
    if (!ctx->workspaces[worker])
        ctx->workspaces[worker] = hsc_sim_workspace_new(); /* NULL: run without one */
    struct hsc_results *res = ctx->res;
    size_t point = index / res->n_reps, rep = index % res->n_reps;
    struct hsc_rep_output out = {
        .kpi = res->kpi_value + hsc_results_kpi_index(res, point, rep, 0),
        .occupancy = res->ts_occupancy + hsc_results_ts_index(res, point, rep, 0, 0),
        .waiting = res->ts_waiting + hsc_results_ts_index(res, point, rep, 0, 0),
        .admissions = res->ts_admissions + hsc_results_day_index(res, point, rep, 0),
        .discharges = res->ts_discharges + hsc_results_day_index(res, point, rep, 0),
        .runaway = res->runaway ? res->runaway + hsc_results_service_index(res, point, rep, 0)
                                : NULL,
        .trace = res->traces ? &res->traces[index] : NULL,
    };
    int status = hsc_sim_run_in(ctx->workspaces[worker], ctx->points[point].sc, ctx->kpis,
                                (uint64_t)res->replications[rep], &out, NULL,
                                &ctx->errors[index]);
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

int hsc_exec_run_points(const struct hsc_exec_point *points, size_t n_points,
                        const struct hsc_exec_options *opts, struct hsc_results *res,
                        struct hsc_error *err)
{
    const struct hsc_scenario *sc = points[0].sc;
    struct hsc_kpi_set kpis = {0};
    struct hsc_error *errors = NULL;
    struct hsc_sim_workspace **workspaces = NULL;
    size_t threads = opts->threads ? opts->threads : hsc_exec_cores();
    if (threads > HSC_THREADPOOL_MAX)
        threads = HSC_THREADPOOL_MAX;
    size_t reps = (size_t)sc->run.replications, tasks = n_points * reps;
    int status = -1;
    memset(res, 0, sizeof *res);
    if (hsc_kpis_build(sc, &kpis) != 0) {
        hsc_error_set(err, NULL, 0, NULL, "out of memory preparing the run");
        goto done;
    }
    if (check_points(points, n_points, &kpis, err) != 0)
        goto done;
    if (hsc_results_alloc(res, n_points, reps, kpis.count, sc->n_services, hsc_sim_days(sc), 0) !=
            0 ||
        (opts->trace &&
         hsc_results_alloc_traces(res, sc->n_cohorts, HSC_TRACE_EVENT_COUNT) != 0) ||
        describe(points, &kpis, res) != 0 || !(errors = calloc(tasks, sizeof *errors)) ||
        !(workspaces = calloc(threads, sizeof *workspaces))) {
        hsc_error_set(err, NULL, 0, NULL, "out of memory preparing the run");
        goto done;
    }
    struct run_ctx ctx = {.points = points, .kpis = &kpis, .res = res, .errors = errors,
                          .workspaces = workspaces};
    size_t failed;
    if (hsc_threadpool_run_workers(tasks, threads, run_task, &ctx, opts->progress, &failed) !=
        0) {
        struct hsc_error *first = &errors[failed];
        hsc_error_set(err, first->file, first->line, first->path, "%s", first->message);
        goto done;
    }
    hsc_results_summarise(res);
    status = 0;
done:
    for (size_t t = 0; errors && t < tasks; t++)
        hsc_error_clear(&errors[t]);
    free(errors);
    for (size_t w = 0; workspaces && w < threads; w++)
        hsc_sim_workspace_free(workspaces[w]);
    free(workspaces);
    hsc_kpis_fini(&kpis);
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
