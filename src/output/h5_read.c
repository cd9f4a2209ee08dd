/*
 * hsc_results_read: loads a results file into struct hsc_results for
 * `hscflow summary` and `hscflow compare`.
 *
 * Sizes come from the dimension-scale datasets; every other dataset is
 * checked against them, so a damaged or foreign file gives a message naming
 * the file and dataset rather than a half-filled struct. /diagnostics/runaway
 * and /scenario/replications are optional (files written before they existed
 * lack them; without the latter every point ran all R replications), and so
 * is /appraisal (only `options` and `optimise` write it). The time series
 * are only shape-checked, never loaded: they can be gigabytes. /events (the
 * `--trace` event log) is skipped altogether: no command needs it, it can be
 * larger still, and analysts read it with h5py or pandas.
 */
#include "h5_util.h"

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FORMAT_NAME "hscflow-results"
#define FORMAT_VERSION 1

static hid_t open_file(struct hsc__h5 *h5, const char *path)
{
    hid_t file = H5I_INVALID_HID;
    if (access(path, R_OK) < 0) {
        hsc__h5_fail(h5, NULL, "cannot open: %s", strerror(errno));
        return H5I_INVALID_HID;
    }
    if (H5Fis_hdf5(path) <= 0) {
        hsc__h5_fail(h5, NULL, "not an HDF5 file");
        return H5I_INVALID_HID;
    }
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    if (fapl < 0 || H5Pset_fclose_degree(fapl, H5F_CLOSE_SEMI) < 0)
        hsc__h5_fail(h5, NULL, "cannot set up file properties");
    else if ((file = H5Fopen(path, H5F_ACC_RDONLY, fapl)) < 0)
        hsc__h5_fail(h5, NULL, "cannot open HDF5 file");
    if (fapl >= 0)
        H5Pclose(fapl);
    return file;
}

static int check_format(struct hsc__h5 *h5)
{
    char *format = NULL;
    int64_t version = 0;
    if (H5Aexists_by_name(h5->file, "/", "format", H5P_DEFAULT) <= 0)
        return hsc__h5_fail(h5, NULL, "not an hscflow results file "
                                      "(no 'format' attribute on /)");
    if (hsc__h5_read_attr_string(h5, "/", "format", &format) < 0)
        return -1;
    int rc = 0;
    if (strcmp(format, FORMAT_NAME) != 0)
        rc = hsc__h5_fail(h5, NULL, "not an hscflow results file (format is "
                                    "'%s', expected '%s')", format, FORMAT_NAME);
    else if (hsc__h5_read_attr_num(h5, "/", "format_version", H5T_NATIVE_INT64,
                                   &version) < 0)
        rc = -1;
    else if (version != FORMAT_VERSION)
        rc = hsc__h5_fail(h5, NULL, "format_version %lld is not supported "
                                    "(this hscflow reads version %d)",
                          (long long)version, FORMAT_VERSION);
    free(format);
    return rc;
}

/* Size of the one dimension of dataset `name`. */
static int length_of(struct hsc__h5 *h5, const char *name, size_t *out)
{
    hsize_t dims[1];
    if (hsc__h5_dims(h5, name, 1, dims) < 0)
        return -1;
    *out = (size_t)dims[0];
    return 0;
}

/* P, R, K, S, D, Q from the label datasets; allocates res accordingly. */
static int read_sizes(struct hsc__h5 *h5, struct hsc_results *res)
{
    size_t P, R, K, S, D, Q = 0;
    if (length_of(h5, "/scenario/name", &P) < 0
        || length_of(h5, "/replication", &R) < 0
        || length_of(h5, "/kpi/name", &K) < 0
        || length_of(h5, "/service/name", &S) < 0
        || length_of(h5, "/timeseries/date", &D) < 0
        || (hsc__h5_exists(h5->file, "/scenario/parameter")
            && length_of(h5, "/scenario/parameter", &Q) < 0))
        return -1;
    if (hsc__results_alloc(res, P, R, K, S, D, Q, false) < 0)
        return hsc__h5_fail(h5, NULL, "out of memory for P=%zu R=%zu K=%zu", P,
                            R, K);
    return 0;
}

/* Checks the shape of a dataset that is not loaded. */
static int expect_shape(struct hsc__h5 *h5, const char *name, int rank,
                        const hsize_t *want)
{
    hsize_t dims[4];
    if (hsc__h5_dims(h5, name, rank, dims) < 0)
        return -1;
    for (int i = 0; i < rank; i++) {
        if (dims[i] != want[i])
            return hsc__h5_fail(h5, name, "dimension %d has size %llu, "
                                          "expected %llu", i,
                                (unsigned long long)dims[i],
                                (unsigned long long)want[i]);
    }
    return 0;
}

static int check_timeseries(struct hsc__h5 *h5, const struct hsc_results *res)
{
    hsize_t full[4] = {res->n_points, res->n_reps, res->n_days, res->n_services};
    if (expect_shape(h5, "/timeseries/occupancy", 4, full) < 0
        || expect_shape(h5, "/timeseries/waiting", 4, full) < 0
        || expect_shape(h5, "/timeseries/admissions", 3, full) < 0
        || expect_shape(h5, "/timeseries/discharges", 3, full) < 0)
        return -1;
    return 0;
}

/* Reads string dataset `name` [n] into one field (at `offset`) of each of
 * defs[0..n): the KPI and /appraisal column definitions. */
static int read_def_strings(struct hsc__h5 *h5, struct hsc_kpi_def *defs, size_t n,
                            const char *name, size_t offset)
{
    if (n == 0)
        return hsc__h5_read_strings(h5, name, 0, NULL);
    char **text = calloc(n, sizeof *text);
    if (!text)
        return hsc__h5_fail(h5, name, "out of memory");
    int rc = hsc__h5_read_strings(h5, name, n, text);
    /* Hand over whatever was read, so hsc_results_free releases it. */
    for (size_t i = 0; i < n; i++)
        memcpy((char *)&defs[i] + offset, &text[i], sizeof text[i]);
    free(text);
    return rc;
}

/* name, unit and description of defs[0..n) from the datasets
 * `group`/name, /unit and /description. */
static int read_defs(struct hsc__h5 *h5, struct hsc_kpi_def *defs, size_t n,
                     const char *group)
{
    static const struct { const char *leaf; size_t offset; } fields[] = {
        {"name", offsetof(struct hsc_kpi_def, name)},
        {"unit", offsetof(struct hsc_kpi_def, unit)},
        {"description", offsetof(struct hsc_kpi_def, description)},
    };
    for (size_t f = 0; f < sizeof fields / sizeof fields[0]; f++) {
        char name[64];
        snprintf(name, sizeof name, "%s/%s", group, fields[f].leaf);
        if (read_def_strings(h5, defs, n, name, fields[f].offset) < 0)
            return -1;
    }
    return 0;
}

static int read_labels(struct hsc__h5 *h5, struct hsc_results *res)
{
    if (hsc__h5_read_strings(h5, "/scenario/name", res->n_points,
                             res->point_names) < 0
        || hsc__h5_read_strings(h5, "/scenario/overrides", res->n_points,
                                res->point_overrides) < 0
        || (res->n_params > 0
            && hsc__h5_read_strings(h5, "/scenario/parameter", res->n_params,
                                    res->param_names) < 0)
        || read_defs(h5, res->kpis, res->n_kpis, "/kpi") < 0
        || hsc__h5_read_strings(h5, "/service/name", res->n_services,
                                res->service_names) < 0
        || hsc__h5_read_strings(h5, "/service/role", res->n_services,
                                res->service_roles) < 0
        || hsc__h5_read_strings(h5, "/timeseries/date", res->n_days,
                                res->dates) < 0)
        return -1;
    return 0;
}

/* The eight [P, K] summary datasets into res->summary. */
static int read_summaries(struct hsc__h5 *h5, struct hsc_results *res)
{
    size_t count = res->n_points * res->n_kpis;
    hsize_t dims[2] = {res->n_points, res->n_kpis};
    double *column = count > 0 ? malloc(count * sizeof *column) : NULL;
    if (count > 0 && !column)
        return hsc__h5_fail(h5, "/kpi/mean", "out of memory");
    int rc = 0;
    for (size_t f = 0; f < HSC__N_SUMMARY_FIELDS && rc == 0; f++) {
        const struct hsc__summary_field *field = &hsc__summary_fields[f];
        rc = hsc__h5_read_array(h5, field->name, H5T_NATIVE_DOUBLE, 2, dims,
                                column);
        for (size_t i = 0; i < count && rc == 0; i++)
            memcpy((char *)&res->summary[i] + field->offset, &column[i],
                   sizeof column[i]);
    }
    free(column);
    return rc;
}

static int read_values(struct hsc__h5 *h5, struct hsc_results *res)
{
    hsize_t reps[1] = {res->n_reps};
    hsize_t pq[2] = {res->n_points, res->n_params};
    hsize_t prk[3] = {res->n_points, res->n_reps, res->n_kpis};
    if (hsc__h5_read_array(h5, "/replication", H5T_NATIVE_INT64, 1, reps,
                           res->replications) < 0
        || (res->n_params > 0
            && hsc__h5_read_array(h5, "/scenario/value", H5T_NATIVE_DOUBLE, 2,
                                  pq, res->param_values) < 0)
        || hsc__h5_read_array(h5, "/kpi/value", H5T_NATIVE_DOUBLE, 3, prk,
                              res->kpi_value) < 0
        || read_summaries(h5, res) < 0)
        return -1;
    return 0;
}

/* /scenario/replications when the file has it, each count within 0..R; a
 * file written before it existed ran every replication of every point, so
 * the R that hsc__results_alloc put there stays. */
static int read_point_reps(struct hsc__h5 *h5, struct hsc_results *res)
{
    const char *name = "/scenario/replications";
    if (!hsc__h5_exists(h5->file, name))
        return 0;
    hsize_t points[1] = {res->n_points};
    if (hsc__h5_read_array(h5, name, H5T_NATIVE_INT64, 1, points, res->point_reps) < 0)
        return -1;
    for (size_t p = 0; p < res->n_points; p++)
        if (res->point_reps[p] < 0 || (uint64_t)res->point_reps[p] > res->n_reps)
            return hsc__h5_fail(h5, name, "point %zu ran %lld replications, outside 0..%zu",
                                p, (long long)res->point_reps[p], res->n_reps);
    return 0;
}

/* /diagnostics/runaway when the file has it; an older file without it
 * leaves res->runaway NULL (unknown, not "none ran away"). */
static int read_diagnostics(struct hsc__h5 *h5, struct hsc_results *res)
{
    if (!hsc__h5_exists(h5->file, "/diagnostics/runaway")) {
        free(res->runaway);
        res->runaway = NULL;
        return 0;
    }
    hsize_t prs[3] = {res->n_points, res->n_reps, res->n_services};
    if (hsc__h5_read_array(h5, "/diagnostics/runaway", H5T_NATIVE_UINT8, 3, prs,
                           res->runaway) < 0)
        return -1;
    size_t count = res->n_points * res->n_reps * res->n_services;
    for (size_t i = 0; i < count; i++)
        if (res->runaway[i] > 1)
            return hsc__h5_fail(h5, "/diagnostics/runaway",
                                "holds %u where only 0 and 1 are allowed",
                                (unsigned)res->runaway[i]);
    return 0;
}

/* Allocates res->columns [C] (strings NULL) and res->column_value [P * C]
 * and sets n_columns, so that hsc_results_free releases whatever is read
 * into them; nothing for C = 0. */
static int alloc_columns(struct hsc__h5 *h5, struct hsc_results *res, size_t C)
{
    size_t P = res->n_points;
    if (C == 0)
        return 0;
    if (P > SIZE_MAX / sizeof(double) / C)
        return hsc__h5_fail(h5, "/appraisal/value", "too large: P=%zu C=%zu", P, C);
    res->columns = calloc(C, sizeof *res->columns);
    res->column_value = P > 0 ? malloc(P * C * sizeof *res->column_value) : NULL;
    if (!res->columns || (P > 0 && !res->column_value))
        return hsc__h5_fail(h5, "/appraisal/value", "out of memory for C=%zu", C);
    res->n_columns = C;
    return 0;
}

/* /appraisal when the file has it: C columns from /appraisal/name, their
 * unit and description [C] and /appraisal/value [P, C] (all checked, also
 * when C = 0); without it n_columns stays 0. */
static int read_appraisal(struct hsc__h5 *h5, struct hsc_results *res)
{
    size_t C;
    if (!hsc__h5_exists(h5->file, "/appraisal"))
        return 0;
    if (length_of(h5, "/appraisal/name", &C) < 0 || alloc_columns(h5, res, C) < 0)
        return -1;
    hsize_t pc[2] = {res->n_points, C};
    if (read_defs(h5, res->columns, C, "/appraisal") < 0
        || hsc__h5_read_array(h5, "/appraisal/value", H5T_NATIVE_DOUBLE, 2, pc,
                              res->column_value) < 0)
        return -1;
    return 0;
}

static int read_build(struct hsc__h5 *h5, struct hsc_build_info *build)
{
    const char *g = "/provenance";
    if (hsc__h5_read_attr_string(h5, "/", "hscflow_version",
                                 &build->hscflow_version) < 0
        || hsc__h5_read_attr_string(h5, g, "git_commit", &build->git_commit) < 0
        || hsc__h5_read_attr_string(h5, g, "compiler", &build->compiler) < 0
        || hsc__h5_read_attr_string(h5, g, "gsl_version", &build->gsl_version) < 0
        || hsc__h5_read_attr_string(h5, g, "hdf5_version",
                                    &build->hdf5_version) < 0
        || hsc__h5_read_attr_string(h5, g, "libconfig_version",
                                    &build->libconfig_version) < 0)
        return -1;
    return 0;
}

static int read_run(struct hsc__h5 *h5, struct hsc_run_info *run)
{
    const char *g = "/provenance/run";
    if (hsc__h5_read_attr_string(h5, g, "created_utc", &run->created_utc) < 0
        || hsc__h5_read_attr_string(h5, g, "host", &run->host) < 0
        || hsc__h5_read_attr_num(h5, g, "threads", H5T_NATIVE_INT64,
                                 &run->threads) < 0
        || hsc__h5_read_attr_num(h5, g, "ranks", H5T_NATIVE_INT64,
                                 &run->ranks) < 0
        || hsc__h5_read_attr_num(h5, g, "wall_seconds", H5T_NATIVE_DOUBLE,
                                 &run->wall_seconds) < 0
        || hsc__h5_read_attr_string(h5, g, "command_line",
                                    &run->command_line) < 0)
        return -1;
    return 0;
}

static int read_provenance(struct hsc__h5 *h5, struct hsc_results *res)
{
    const char *g = "/provenance";
    int64_t reps = -1;
    if (hsc__h5_read_attr_num(h5, g, "master_seed", H5T_NATIVE_UINT64,
                              &res->master_seed) < 0
        || hsc__h5_read_attr_num(h5, g, "replications", H5T_NATIVE_INT64,
                                 &reps) < 0
        || hsc__h5_read_attr_num(h5, g, "warmup_days", H5T_NATIVE_DOUBLE,
                                 &res->warmup_days) < 0
        || hsc__h5_read_attr_num(h5, g, "measure_days", H5T_NATIVE_DOUBLE,
                                 &res->measure_days) < 0
        || hsc__h5_read_attr_string(h5, g, "start_date", &res->start_date) < 0
        || hsc__h5_read_attr_string(h5, g, "rng", &res->rng) < 0
        || hsc__h5_read_string_scalar(h5, "/provenance/scenario",
                                      &res->scenario_text) < 0
        || read_build(h5, &res->build) < 0 || read_run(h5, &res->run) < 0)
        return -1;
    if (reps < 0 || (uint64_t)reps != res->n_reps)
        return hsc__h5_fail(h5, g, "attribute 'replications' is %lld but "
                                   "/replication has %zu entries",
                            (long long)reps, res->n_reps);
    return 0;
}

static int read_file(const char *path, struct hsc_results *res,
                     struct hsc_error *err)
{
    int rc = -1;
    struct hsc__h5 h5 = {.file = H5I_INVALID_HID, .path = path, .err = err};
    memset(res, 0, sizeof *res);
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    H5Eclear2(H5E_DEFAULT);
    h5.file = open_file(&h5, path);
    if (h5.file < 0 || check_format(&h5) < 0 || read_sizes(&h5, res) < 0
        || check_timeseries(&h5, res) < 0 || read_labels(&h5, res) < 0
        || read_values(&h5, res) < 0 || read_point_reps(&h5, res) < 0
        || read_diagnostics(&h5, res) < 0 || read_appraisal(&h5, res) < 0
        || read_provenance(&h5, res) < 0)
        goto cleanup;
    rc = 0;
cleanup:
    if (h5.file >= 0)
        H5Fclose(h5.file);
    if (rc < 0)
        hsc_results_free(res);
    return rc;
}

int hsc_results_read(const char *path, struct hsc_results *res,
                     struct hsc_error *err)
{
    struct hsc_error ignored = {0};
    int rc = read_file(path, res, err ? err : &ignored);
    hsc_error_clear(&ignored);
    return rc;
}
