/*
 * The in-memory results struct: allocation, release, the /appraisal columns
 * and the summaries over replications.
 *
 * Invariant: the n_* sizes always describe the arrays, so hsc_results_free
 * can release a partly filled struct (after a failed read, say); adding
 * columns swaps in fully built arrays or changes nothing. Summaries
 * are computed in index order, never in completion order, over the values
 * that are not NaN, so replications a point has not run (NaN, beyond
 * point_reps[p]) drop out of them by themselves. The trace, when on, is
 * one struct hsc_trace per task, so tasks fill it without locks.
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
    res->point_reps = alloc_array(n_points, sizeof(int64_t), &failed);
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
    for (size_t p = 0; p < n_points; p++)
        res->point_reps[p] = (int64_t)n_reps; /* every replication ran: the common case */
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

/* Frees the strings of one KPI or column definition. */
static void free_def(struct hsc_kpi_def *def)
{
    free(def->name);
    free(def->unit);
    free(def->description);
    def->name = def->unit = def->description = NULL;
}

/* Copies the three strings of *src into *dst (NULL stays NULL). Returns 0,
 * or -1 with *dst's copies freed and NULL when memory runs out. */
static int copy_def(struct hsc_kpi_def *dst, const struct hsc_kpi_def *src)
{
    dst->name = src->name ? strdup(src->name) : NULL;
    dst->unit = src->unit ? strdup(src->unit) : NULL;
    dst->description = src->description ? strdup(src->description) : NULL;
    if ((src->name && !dst->name) || (src->unit && !dst->unit)
        || (src->description && !dst->description)) {
        free_def(dst);
        return -1;
    }
    return 0;
}

/* column_value re-laid out for n_new columns: row p keeps its old values in
 * its first res->n_columns places, the rest NaN. NULL with *failed set when
 * memory runs out or P * n_new overflows; NULL for zero elements. */
static double *widen_values(const struct hsc_results *res, size_t n_new, bool *failed)
{
    size_t dims[2] = {res->n_points, n_new};
    size_t count = product(dims, 2, failed);
    double *values = *failed ? NULL : alloc_array(count, sizeof *values, failed);
    if (!values)
        return NULL;
    for (size_t p = 0; p < res->n_points; p++) {
        double *row = values + p * n_new;
        for (size_t c = 0; c < n_new; c++)
            row[c] = c < res->n_columns ? res->column_value[p * res->n_columns + c] : NAN;
    }
    return values;
}

int hsc_results_add_columns(struct hsc_results *res, const struct hsc_kpi_def *defs, size_t n,
                            size_t *first)
{
    size_t old = res->n_columns;
    bool failed = n > SIZE_MAX - old;
    HSC_ASSERT(first && (defs || n == 0));
    *first = old;
    if (n == 0)
        return 0;
    /* New arrays rather than realloc, so that a failure leaves res as it was. */
    struct hsc_kpi_def *columns = failed ? NULL
                                  : alloc_array(old + n, sizeof *columns, &failed);
    double *values = failed ? NULL : widen_values(res, old + n, &failed);
    size_t copied = 0;
    while (!failed && copied < n && copy_def(&columns[old + copied], &defs[copied]) == 0)
        copied++;
    if (failed || copied < n) {
        for (size_t i = 0; i < copied; i++)
            free_def(&columns[old + i]);
        free(columns);
        free(values);
        return -1;
    }
    if (old > 0)
        memcpy(columns, res->columns, old * sizeof *columns); /* the strings move */
    free(res->columns);
    free(res->column_value);
    res->columns = columns;
    res->column_value = values;
    res->n_columns = old + n;
    return 0;
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
    free(res->point_reps);
    for (size_t k = 0; res->kpis && k < res->n_kpis; k++)
        free_def(&res->kpis[k]);
    free(res->kpis);
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
    for (size_t c = 0; res->columns && c < res->n_columns; c++)
        free_def(&res->columns[c]);
    free(res->columns);
    free(res->column_value);
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
