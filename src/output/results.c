/*
 * The in-memory results struct: allocation, release and the summaries over
 * replications.
 *
 * Invariant: the n_* sizes always describe the arrays, so hsc_results_free
 * can release a partly filled struct (after a failed read, say). Summaries
 * are computed in index order, never in completion order. The trace, when
 * on, is one struct hsc_trace per task, so tasks fill it without locks.
 */
#include "h5_util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* calloc of count * size with an overflow check; NULL (without failing) for
 * zero elements. Sets *failed on failure. */
static void *alloc_array(size_t count, size_t size, bool *failed)
{
    if (count == 0)
        return NULL;
    if (count > SIZE_MAX / size) {
        *failed = true;
        return NULL;
    }
    void *mem = calloc(count, size);
    if (!mem)
        *failed = true;
    return mem;
}

/* a * b * ..., or 0 with *failed set when the product overflows. */
static size_t product(const size_t *factors, int n, bool *failed)
{
    size_t total = 1;
    for (int i = 0; i < n; i++) {
        if (factors[i] != 0 && total > SIZE_MAX / factors[i]) {
            *failed = true;
            return 0;
        }
        total *= factors[i];
    }
    return total;
}

static void alloc_timeseries(struct hsc_results *res, bool *failed)
{
    size_t full[4] = {res->n_points, res->n_reps, res->n_days, res->n_services};
    size_t n_ts = product(full, 4, failed);
    size_t n_day = product(full, 3, failed);
    res->ts_occupancy = alloc_array(n_ts, sizeof(float), failed);
    res->ts_waiting = alloc_array(n_ts, sizeof(float), failed);
    res->ts_admissions = alloc_array(n_day, sizeof(float), failed);
    res->ts_discharges = alloc_array(n_day, sizeof(float), failed);
}

int hsc__results_alloc(struct hsc_results *res, size_t n_points, size_t n_reps,
                       size_t n_kpis, size_t n_services, size_t n_days,
                       size_t n_params, bool with_timeseries)
{
    bool failed = false;
    memset(res, 0, sizeof *res);
    res->n_points = n_points;
    res->n_reps = n_reps;
    res->n_kpis = n_kpis;
    res->n_services = n_services;
    res->n_days = n_days;
    res->n_params = n_params;

    size_t prk[3] = {n_points, n_reps, n_kpis};
    size_t pq[2] = {n_points, n_params};
    size_t pk[2] = {n_points, n_kpis};
    size_t prs[3] = {n_points, n_reps, n_services};
    res->point_names = alloc_array(n_points, sizeof(char *), &failed);
    res->point_overrides = alloc_array(n_points, sizeof(char *), &failed);
    res->param_names = alloc_array(n_params, sizeof(char *), &failed);
    res->param_values = alloc_array(product(pq, 2, &failed), sizeof(double), &failed);
    res->replications = alloc_array(n_reps, sizeof(int64_t), &failed);
    res->kpis = alloc_array(n_kpis, sizeof(struct hsc_kpi_def), &failed);
    size_t n_values = product(prk, 3, &failed);
    res->kpi_value = alloc_array(n_values, sizeof(double), &failed);
    res->summary = alloc_array(product(pk, 2, &failed), sizeof(struct hsc_summary),
                               &failed);
    res->service_names = alloc_array(n_services, sizeof(char *), &failed);
    res->service_roles = alloc_array(n_services, sizeof(char *), &failed);
    res->dates = alloc_array(n_days, sizeof(char *), &failed);
    res->runaway = alloc_array(product(prs, 3, &failed), sizeof(uint8_t), &failed);
    if (with_timeseries)
        alloc_timeseries(res, &failed);
    if (failed) {
        hsc_results_free(res);
        return -1;
    }
    for (size_t i = 0; i < n_values; i++)
        res->kpi_value[i] = NAN;
    return 0;
}

int hsc_results_alloc(struct hsc_results *res, size_t n_points, size_t n_reps,
                      size_t n_kpis, size_t n_services, size_t n_days,
                      size_t n_params)
{
    return hsc__results_alloc(res, n_points, n_reps, n_kpis, n_services,
                              n_days, n_params, true);
}

int hsc_results_alloc_traces(struct hsc_results *res, size_t n_cohorts,
                             size_t n_event_codes)
{
    bool failed = false;
    size_t pr[2] = {res->n_points, res->n_reps};
    size_t n_tasks = product(pr, 2, &failed);
    HSC_ASSERT(!res->traces && !res->cohort_names && !res->event_names);
    /* At least one element, so that a trace of zero tasks is still "on". */
    struct hsc_trace *traces = failed ? NULL
                               : calloc(n_tasks > 0 ? n_tasks : 1, sizeof *traces);
    char **cohorts = alloc_array(n_cohorts, sizeof(char *), &failed);
    char **events = alloc_array(n_event_codes, sizeof(char *), &failed);
    if (!traces || failed) {
        free(traces);
        free(cohorts);
        free(events);
        return -1;
    }
    res->traces = traces;
    res->n_cohorts = n_cohorts;
    res->cohort_names = cohorts;
    res->n_event_codes = n_event_codes;
    res->event_names = events;
    return 0;
}

size_t hsc_results_trace_count(const struct hsc_results *res)
{
    size_t total = 0;
    for (size_t i = 0; res->traces && i < res->n_points * res->n_reps; i++)
        total += res->traces[i].count;
    return total;
}

/* Frees n strings and the array holding them (either may be NULL). */
static void free_strings(char **strings, size_t n)
{
    if (!strings)
        return;
    for (size_t i = 0; i < n; i++)
        free(strings[i]);
    free(strings);
}

static void free_info(struct hsc_results *res)
{
    free(res->start_date);
    free(res->rng);
    free(res->scenario_text);
    free(res->build.hscflow_version);
    free(res->build.git_commit);
    free(res->build.compiler);
    free(res->build.gsl_version);
    free(res->build.hdf5_version);
    free(res->build.libconfig_version);
    free(res->run.created_utc);
    free(res->run.host);
    free(res->run.command_line);
}

void hsc_results_free(struct hsc_results *res)
{
    free_strings(res->point_names, res->n_points);
    free_strings(res->point_overrides, res->n_points);
    free_strings(res->param_names, res->n_params);
    free(res->param_values);
    free(res->replications);
    if (res->kpis) {
        for (size_t k = 0; k < res->n_kpis; k++) {
            free(res->kpis[k].name);
            free(res->kpis[k].unit);
            free(res->kpis[k].description);
        }
        free(res->kpis);
    }
    free(res->kpi_value);
    free(res->summary);
    free_strings(res->service_names, res->n_services);
    free_strings(res->service_roles, res->n_services);
    free_strings(res->dates, res->n_days);
    free(res->ts_occupancy);
    free(res->ts_waiting);
    free(res->ts_admissions);
    free(res->ts_discharges);
    free(res->runaway);
    for (size_t i = 0; res->traces && i < res->n_points * res->n_reps; i++)
        hsc_trace_fini(&res->traces[i]);
    free(res->traces);
    free_strings(res->cohort_names, res->n_cohorts);
    free_strings(res->event_names, res->n_event_codes);
    free_info(res);
    memset(res, 0, sizeof *res);
}

size_t hsc_results_runaway_reps(const struct hsc_results *res, size_t point, size_t svc)
{
    size_t count = 0;
    for (size_t r = 0; res->runaway && r < res->n_reps; r++)
        count += res->runaway[hsc_results_service_index(res, point, r, svc)] != 0;
    return count;
}

size_t hsc_results_runaway_any(const struct hsc_results *res, size_t point)
{
    size_t count = 0;
    for (size_t r = 0; res->runaway && r < res->n_reps; r++) {
        bool any = false;
        for (size_t s = 0; s < res->n_services; s++)
            any = any || res->runaway[hsc_results_service_index(res, point, r, s)] != 0;
        count += any;
    }
    return count;
}

int hsc__results_compute_summaries(const struct hsc_results *res,
                                   struct hsc_summary *out)
{
    size_t n_reps = res->n_reps, n_kpis = res->n_kpis;
    if (res->n_points == 0 || n_kpis == 0)
        return 0;
    HSC_ASSERT(res->kpi_value || n_reps == 0);
    HSC_ASSERT(out);
    double *scratch = malloc((n_reps > 0 ? n_reps : 1) * sizeof *scratch);
    if (!scratch)
        return -1;
    for (size_t point = 0; point < res->n_points; point++) {
        const double *base = res->kpi_value
                             ? res->kpi_value + point * n_reps * n_kpis : NULL;
        for (size_t kpi = 0; kpi < n_kpis; kpi++)
            hsc_summary_compute(base ? base + kpi : NULL, n_reps, n_kpis,
                                scratch, &out[point * n_kpis + kpi]);
    }
    free(scratch);
    return 0;
}

int hsc_results_summarise(struct hsc_results *res)
{
    return hsc__results_compute_summaries(res, res->summary);
}
