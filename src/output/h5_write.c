/*
 * hsc_results_write: the results-file layout of docs/results-format.md,
 * written atomically (temporary file, close, fsync, rename, fsync of the
 * directory).
 *
 * Invariant: objects are written in one fixed order with creation times off,
 * and /provenance/run comes last, so two writes of the same results differ
 * only in /provenance/run. /appraisal exists only when the results carry
 * columns, and /events (h5_events.c) only when they carry a trace; without
 * them the file is exactly what it was before either existed.
 * Summaries are recomputed here from kpi_value, so the file can never hold
 * stale ones. Called from one thread only.
 */
#include "h5_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_version.h>

#ifndef HSC_GIT_COMMIT
#define HSC_GIT_COMMIT "unknown"
#endif
#if defined(__clang__)
#define HSC__COMPILER __VERSION__
#elif defined(__GNUC__)
#define HSC__COMPILER "gcc " __VERSION__
#else
#define HSC__COMPILER "unknown"
#endif

#define FORMAT_NAME "hscflow-results"
#define FORMAT_VERSION 1

/* Each point ran between 0 and R replications. */
static int check_point_reps(const struct hsc_results *res, const char *path,
                            struct hsc_error *err)
{
    for (size_t p = 0; p < res->n_points; p++) {
        int64_t ran = res->point_reps[p];
        if (ran < 0 || (uint64_t)ran > res->n_reps) {
            hsc_error_set(err, path, 0, "/scenario/replications",
                          "cannot write: point %zu ran %lld replications, "
                          "outside 0..%zu", p, (long long)ran, res->n_reps);
            return -1;
        }
    }
    return 0;
}

/* Every array with a non-zero size must be present, and every point's
 * replication count in range. */
static int check_complete(const struct hsc_results *res, const char *path,
                          struct hsc_error *err)
{
    size_t P = res->n_points, R = res->n_reps, K = res->n_kpis;
    size_t S = res->n_services, D = res->n_days, Q = res->n_params;
    const struct { const void *ptr; size_t count; const char *what; } need[] = {
        {res->point_names, P, "point_names"},
        {res->point_overrides, P, "point_overrides"},
        {res->param_names, Q, "param_names"},
        {res->param_values, P * Q, "param_values"},
        {res->replications, R, "replications"},
        {res->point_reps, P, "point_reps"},
        {res->kpis, K, "kpis"},
        {res->kpi_value, P * R * K, "kpi_value"},
        {res->service_names, S, "service_names"},
        {res->service_roles, S, "service_roles"},
        {res->dates, D, "dates"},
        {res->ts_occupancy, P * R * D * S, "ts_occupancy"},
        {res->ts_waiting, P * R * D * S, "ts_waiting"},
        {res->ts_admissions, P * R * D, "ts_admissions"},
        {res->ts_discharges, P * R * D, "ts_discharges"},
        {res->runaway, P * R * S, "runaway"},
        {res->columns, res->n_columns, "columns"},
        {res->column_value, P * res->n_columns, "column_value"},
        {res->cohort_names, res->traces ? res->n_cohorts : 0, "cohort_names"},
        {res->event_names, res->traces ? res->n_event_codes : 0, "event_names"},
    };
    for (size_t i = 0; i < sizeof need / sizeof need[0]; i++) {
        if (need[i].count > 0 && !need[i].ptr) {
            hsc_error_set(err, path, 0, NULL,
                          "cannot write: results.%s is missing (%zu expected)",
                          need[i].what, need[i].count);
            return -1;
        }
    }
    if (check_point_reps(res, path, err) < 0)
        return -1;
    return res->traces ? hsc__events_check(res, path, err) : 0;
}

static int write_root(struct hsc__h5 *h5)
{
    if (hsc__h5_attr_string(h5, "/", "format", FORMAT_NAME) < 0
        || hsc__h5_attr_int64(h5, "/", "format_version", FORMAT_VERSION) < 0
        || hsc__h5_attr_string(h5, "/", "hscflow_version", HSCFLOW_VERSION) < 0)
        return -1;
    return 0;
}

/* Versions of the libraries this binary runs with. libconfig is linked by
 * src/config only, so its version comes from the caller. */
static int write_build(struct hsc__h5 *h5, const struct hsc_build_info *build)
{
    const char *g = "/provenance";
    unsigned major = 0, minor = 0, release = 0;
    char hdf5_version[32];
    H5get_libversion(&major, &minor, &release);
    snprintf(hdf5_version, sizeof hdf5_version, "%u.%u.%u", major, minor, release);
    if (hsc__h5_attr_string(h5, g, "git_commit", HSC_GIT_COMMIT) < 0
        || hsc__h5_attr_string(h5, g, "compiler", HSC__COMPILER) < 0
        || hsc__h5_attr_string(h5, g, "gsl_version", gsl_version) < 0
        || hsc__h5_attr_string(h5, g, "hdf5_version", hdf5_version) < 0
        || hsc__h5_attr_string(h5, g, "libconfig_version",
                               build->libconfig_version) < 0)
        return -1;
    return 0;
}

static int write_provenance(struct hsc__h5 *h5, const struct hsc_results *res)
{
    const char *g = "/provenance";
    if (hsc__h5_create_group(h5, g) < 0
        || hsc__h5_attr_uint64(h5, g, "master_seed", res->master_seed) < 0
        || hsc__h5_attr_int64(h5, g, "replications", (int64_t)res->n_reps) < 0
        || hsc__h5_attr_double(h5, g, "warmup_days", res->warmup_days) < 0
        || hsc__h5_attr_double(h5, g, "measure_days", res->measure_days) < 0
        || hsc__h5_attr_string(h5, g, "start_date", res->start_date) < 0
        || hsc__h5_attr_string(h5, g, "rng", res->rng) < 0
        || write_build(h5, &res->build) < 0
        || hsc__h5_write_string_scalar(h5, "/provenance/scenario",
                                       res->scenario_text) < 0)
        return -1;
    return 0;
}

static int write_run(struct hsc__h5 *h5, const struct hsc_run_info *run)
{
    const char *g = "/provenance/run";
    if (hsc__h5_create_group(h5, g) < 0
        || hsc__h5_attr_string(h5, g, "created_utc", run->created_utc) < 0
        || hsc__h5_attr_string(h5, g, "host", run->host) < 0
        || hsc__h5_attr_int64(h5, g, "threads", run->threads) < 0
        || hsc__h5_attr_int64(h5, g, "ranks", run->ranks) < 0
        || hsc__h5_attr_double(h5, g, "wall_seconds", run->wall_seconds) < 0
        || hsc__h5_attr_string(h5, g, "command_line", run->command_line) < 0)
        return -1;
    return 0;
}

static int write_scenario(struct hsc__h5 *h5, const struct hsc_results *res)
{
    hsize_t pq[2] = {res->n_points, res->n_params};
    hsize_t points[1] = {res->n_points};
    hsize_t reps[1] = {res->n_reps};
    if (hsc__h5_create_group(h5, "/scenario") < 0
        || hsc__h5_write_strings(h5, "/scenario/name", res->n_points,
                                 res->point_names) < 0
        || hsc__h5_write_strings(h5, "/scenario/overrides", res->n_points,
                                 res->point_overrides) < 0
        || hsc__h5_write_array(h5, "/scenario/replications", H5T_NATIVE_INT64,
                               H5T_STD_I64LE, 1, points, res->point_reps,
                               false) < 0)
        return -1;
    if (res->n_params > 0
        && (hsc__h5_write_strings(h5, "/scenario/parameter", res->n_params,
                                  res->param_names) < 0
            || hsc__h5_write_array(h5, "/scenario/value", H5T_NATIVE_DOUBLE,
                                   H5T_IEEE_F64LE, 2, pq, res->param_values,
                                   false) < 0))
        return -1;
    return hsc__h5_write_array(h5, "/replication", H5T_NATIVE_INT64,
                               H5T_STD_I64LE, 1, reps, res->replications, false);
}

/* /kpi/name, /kpi/unit and /kpi/description from the KPI definitions. */
static int write_kpi_labels(struct hsc__h5 *h5, const struct hsc_results *res)
{
    size_t K = res->n_kpis;
    char **text = K > 0 ? malloc(3 * K * sizeof *text) : NULL;
    if (K > 0 && !text)
        return hsc__h5_fail(h5, "/kpi/name", "out of memory");
    for (size_t k = 0; k < K; k++) {
        text[k] = res->kpis[k].name;
        text[K + k] = res->kpis[k].unit;
        text[2 * K + k] = res->kpis[k].description;
    }
    int rc = 0;
    if (hsc__h5_write_strings(h5, "/kpi/name", K, text) < 0
        || hsc__h5_write_strings(h5, "/kpi/unit", K, text ? text + K : NULL) < 0
        || hsc__h5_write_strings(h5, "/kpi/description", K,
                                 text ? text + 2 * K : NULL) < 0)
        rc = -1;
    free(text);
    return rc;
}

/* The eight [P, K] summary datasets, recomputed from kpi_value. */
static int write_summaries(struct hsc__h5 *h5, const struct hsc_results *res)
{
    int rc = -1;
    size_t count = res->n_points * res->n_kpis;
    hsize_t dims[2] = {res->n_points, res->n_kpis};
    struct hsc_summary *sums = count > 0 ? malloc(count * sizeof *sums) : NULL;
    double *column = count > 0 ? malloc(count * sizeof *column) : NULL;
    if (count > 0 && (!sums || !column
                      || hsc__results_compute_summaries(res, sums) < 0)) {
        hsc__h5_fail(h5, "/kpi/mean", "out of memory");
        goto cleanup;
    }
    for (size_t f = 0; f < HSC__N_SUMMARY_FIELDS; f++) {
        const struct hsc__summary_field *field = &hsc__summary_fields[f];
        for (size_t i = 0; i < count; i++)
            memcpy(&column[i], (const char *)&sums[i] + field->offset,
                   sizeof column[i]);
        if (hsc__h5_write_array(h5, field->name, H5T_NATIVE_DOUBLE,
                                H5T_IEEE_F64LE, 2, dims, column, true) < 0)
            goto cleanup;
    }
    rc = 0;
cleanup:
    free(column);
    free(sums);
    return rc;
}

static int write_kpis(struct hsc__h5 *h5, const struct hsc_results *res)
{
    hsize_t prk[3] = {res->n_points, res->n_reps, res->n_kpis};
    if (hsc__h5_create_group(h5, "/kpi") < 0 || write_kpi_labels(h5, res) < 0
        || hsc__h5_write_array(h5, "/kpi/value", H5T_NATIVE_DOUBLE,
                               H5T_IEEE_F64LE, 3, prk, res->kpi_value, true) < 0
        || write_summaries(h5, res) < 0)
        return -1;
    return 0;
}

static int write_services(struct hsc__h5 *h5, const struct hsc_results *res)
{
    if (hsc__h5_create_group(h5, "/service") < 0
        || hsc__h5_write_strings(h5, "/service/name", res->n_services,
                                 res->service_names) < 0
        || hsc__h5_write_strings(h5, "/service/role", res->n_services,
                                 res->service_roles) < 0)
        return -1;
    return 0;
}

static int write_timeseries(struct hsc__h5 *h5, const struct hsc_results *res)
{
    hsize_t full[4] = {res->n_points, res->n_reps, res->n_days, res->n_services};
    hid_t mem = H5T_NATIVE_FLOAT, file = H5T_IEEE_F32LE;
    if (hsc__h5_create_group(h5, "/timeseries") < 0
        || hsc__h5_write_strings(h5, "/timeseries/date", res->n_days,
                                 res->dates) < 0
        || hsc__h5_write_array(h5, "/timeseries/occupancy", mem, file, 4, full,
                               res->ts_occupancy, true) < 0
        || hsc__h5_write_array(h5, "/timeseries/waiting", mem, file, 4, full,
                               res->ts_waiting, true) < 0
        || hsc__h5_write_array(h5, "/timeseries/admissions", mem, file, 3, full,
                               res->ts_admissions, true) < 0
        || hsc__h5_write_array(h5, "/timeseries/discharges", mem, file, 3, full,
                               res->ts_discharges, true) < 0)
        return -1;
    return 0;
}

/* /diagnostics: whether each replication's queues ran away (small, so
 * contiguous and unfiltered). */
static int write_diagnostics(struct hsc__h5 *h5, const struct hsc_results *res)
{
    hsize_t prs[3] = {res->n_points, res->n_reps, res->n_services};
    if (hsc__h5_create_group(h5, "/diagnostics") < 0
        || hsc__h5_write_array(h5, "/diagnostics/runaway", H5T_NATIVE_UINT8,
                               H5T_STD_U8LE, 3, prs, res->runaway, false) < 0)
        return -1;
    return 0;
}

/* /appraisal, only with columns: their labels and the [P, C] values (small,
 * like /scenario/value, so contiguous and unfiltered). */
static int write_appraisal(struct hsc__h5 *h5, const struct hsc_results *res)
{
    size_t C = res->n_columns;
    hsize_t pc[2] = {res->n_points, C};
    char **text = malloc(3 * C * sizeof *text);
    if (!text)
        return hsc__h5_fail(h5, "/appraisal/name", "out of memory");
    for (size_t c = 0; c < C; c++) {
        text[c] = res->columns[c].name;
        text[C + c] = res->columns[c].unit;
        text[2 * C + c] = res->columns[c].description;
    }
    int rc = 0;
    if (hsc__h5_create_group(h5, "/appraisal") < 0
        || hsc__h5_write_strings(h5, "/appraisal/name", C, text) < 0
        || hsc__h5_write_strings(h5, "/appraisal/unit", C, text + C) < 0
        || hsc__h5_write_strings(h5, "/appraisal/description", C, text + 2 * C) < 0
        || hsc__h5_write_array(h5, "/appraisal/value", H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE,
                               2, pc, res->column_value, false) < 0)
        rc = -1;
    free(text);
    return rc;
}

#define SC_POINT "/scenario/name", "point"
#define SC_PARAM "/scenario/parameter", "parameter"
#define SC_REP "/replication", "replication"
#define SC_KPI "/kpi/name", "kpi"
#define SC_DATE "/timeseries/date", "date"
#define SC_SVC "/service/name", "service"
#define SC_COLUMN "/appraisal/name", "column"

/* Which scale labels which dimension of which dataset (summaries aside). */
static const struct scale_use {
    const char *dset;
    unsigned dim;
    const char *scale, *label;
} scale_uses[] = {
    {"/scenario/overrides", 0, SC_POINT}, {"/scenario/replications", 0, SC_POINT},
    {"/scenario/value", 0, SC_POINT}, {"/scenario/value", 1, SC_PARAM},
    {"/kpi/unit", 0, SC_KPI}, {"/kpi/description", 0, SC_KPI},
    {"/kpi/value", 0, SC_POINT}, {"/kpi/value", 1, SC_REP},
    {"/kpi/value", 2, SC_KPI},
    {"/service/role", 0, SC_SVC},
    {"/timeseries/occupancy", 0, SC_POINT}, {"/timeseries/occupancy", 1, SC_REP},
    {"/timeseries/occupancy", 2, SC_DATE}, {"/timeseries/occupancy", 3, SC_SVC},
    {"/timeseries/waiting", 0, SC_POINT}, {"/timeseries/waiting", 1, SC_REP},
    {"/timeseries/waiting", 2, SC_DATE}, {"/timeseries/waiting", 3, SC_SVC},
    {"/timeseries/admissions", 0, SC_POINT}, {"/timeseries/admissions", 1, SC_REP},
    {"/timeseries/admissions", 2, SC_DATE},
    {"/timeseries/discharges", 0, SC_POINT}, {"/timeseries/discharges", 1, SC_REP},
    {"/timeseries/discharges", 2, SC_DATE},
    {"/diagnostics/runaway", 0, SC_POINT}, {"/diagnostics/runaway", 1, SC_REP},
    {"/diagnostics/runaway", 2, SC_SVC},
};

/* The scales of /appraisal, attached only when it exists. */
static const struct scale_use appraisal_scale_uses[] = {
    {"/appraisal/unit", 0, SC_COLUMN}, {"/appraisal/description", 0, SC_COLUMN},
    {"/appraisal/value", 0, SC_POINT}, {"/appraisal/value", 1, SC_COLUMN},
};

/* Attaches each of uses[0..n) to its dataset, leaving out /scenario/value
 * when there are no parameters (it does not exist then). */
static int attach_scales(struct hsc__h5 *h5, const struct scale_use *uses, size_t n,
                         bool has_params)
{
    for (size_t i = 0; i < n; i++) {
        if (!has_params && strcmp(uses[i].dset, "/scenario/value") == 0)
            continue;
        if (hsc__h5_attach_scale(h5, uses[i].dset, uses[i].dim, uses[i].scale,
                                 uses[i].label) < 0)
            return -1;
    }
    return 0;
}

static int write_scales(struct hsc__h5 *h5, const struct hsc_results *res)
{
    bool has_params = res->n_params > 0, has_columns = res->n_columns > 0;
    size_t n_appraisal = sizeof appraisal_scale_uses / sizeof appraisal_scale_uses[0];
    if (hsc__h5_make_scale(h5, SC_POINT) < 0
        || (has_params && hsc__h5_make_scale(h5, SC_PARAM) < 0)
        || hsc__h5_make_scale(h5, SC_REP) < 0
        || hsc__h5_make_scale(h5, SC_KPI) < 0
        || hsc__h5_make_scale(h5, SC_SVC) < 0
        || hsc__h5_make_scale(h5, SC_DATE) < 0
        || (has_columns && hsc__h5_make_scale(h5, SC_COLUMN) < 0))
        return -1;
    if (attach_scales(h5, scale_uses, sizeof scale_uses / sizeof scale_uses[0],
                      has_params) < 0
        || (has_columns && attach_scales(h5, appraisal_scale_uses, n_appraisal,
                                         has_params) < 0))
        return -1;
    for (size_t f = 0; f < HSC__N_SUMMARY_FIELDS; f++) {
        const char *name = hsc__summary_fields[f].name;
        if (hsc__h5_attach_scale(h5, name, 0, SC_POINT) < 0
            || hsc__h5_attach_scale(h5, name, 1, SC_KPI) < 0)
            return -1;
    }
    return 0;
}

static int write_layout(struct hsc__h5 *h5, const struct hsc_results *res)
{
    if (write_root(h5) < 0 || write_provenance(h5, res) < 0
        || write_scenario(h5, res) < 0 || write_kpis(h5, res) < 0
        || write_services(h5, res) < 0 || write_timeseries(h5, res) < 0
        || write_diagnostics(h5, res) < 0
        || (res->n_columns > 0 && write_appraisal(h5, res) < 0)
        || write_scales(h5, res) < 0
        || (res->traces && hsc__events_write(h5, res) < 0)
        || write_run(h5, &res->run) < 0)
        return -1;
    return 0;
}

/* Creates the temporary file: no creation time on the root group; the
 * HDF5 1.8 object format, pinned (its object headers record that times are
 * off, so readers such as h5py can check it, and newer HDF5 releases do not
 * switch to newer object versions); and a close that fails (instead of
 * lingering) if any object is still open. */
static hid_t create_file(struct hsc__h5 *h5, const char *tmp)
{
    hid_t file = H5I_INVALID_HID;
    hid_t fcpl = H5Pcreate(H5P_FILE_CREATE);
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    if (fcpl < 0 || fapl < 0 || H5Pset_obj_track_times(fcpl, 0) < 0
        || H5Pset_libver_bounds(fapl, H5F_LIBVER_V18, H5F_LIBVER_V18) < 0
        || H5Pset_fclose_degree(fapl, H5F_CLOSE_SEMI) < 0)
        hsc__h5_fail(h5, NULL, "cannot set up file properties");
    else if (hsc__h5_step(h5, NULL) == 0) {
        file = H5Fcreate(tmp, H5F_ACC_TRUNC, fcpl, fapl);
        if (file < 0)
            hsc__h5_fail(h5, NULL, "cannot create temporary file %s", tmp);
    }
    if (fapl >= 0)
        H5Pclose(fapl);
    if (fcpl >= 0)
        H5Pclose(fcpl);
    return file;
}

int hsc__results_write_ex(const struct hsc_results *res, const char *path,
                          long fail_at, struct hsc_error *err)
{
    int rc = -1;
    struct hsc__h5 h5 = {.file = H5I_INVALID_HID, .path = path, .err = err,
                         .fail_at = fail_at};
    if (check_complete(res, path, err) < 0)
        return -1;
    char *tmp = hsc__atomic_temp_name(path);
    if (!tmp) {
        hsc_error_set(err, path, 0, NULL, "not a file name (or out of memory)");
        return -1;
    }
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    H5Eclear2(H5E_DEFAULT);
    h5.file = create_file(&h5, tmp);
    if (h5.file < 0 || write_layout(&h5, res) < 0)
        goto cleanup;
    herr_t closed = H5Fclose(h5.file);
    h5.file = H5I_INVALID_HID;
    if (closed < 0) {
        hsc__h5_fail(&h5, NULL, "cannot close temporary file %s", tmp);
        goto cleanup;
    }
    if (hsc__h5_step(&h5, NULL) < 0 || hsc__atomic_commit(tmp, path, err) < 0)
        goto cleanup;
    rc = 0;
cleanup:
    if (rc < 0 && h5.file >= 0)
        H5Fclose(h5.file);
    if (rc < 0)
        unlink(tmp);
    free(tmp);
    return rc;
}

int hsc_results_write(const struct hsc_results *res, const char *path,
                      struct hsc_error *err)
{
    struct hsc_error ignored = {0};
    int rc = hsc__results_write_ex(res, path, 0, err ? err : &ignored);
    hsc_error_clear(&ignored);
    return rc;
}
