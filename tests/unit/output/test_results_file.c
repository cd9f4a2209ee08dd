/*
 * Tests of the results file: write/read round trips, summaries over
 * replications, atomic replacement under injected failures, zero-size
 * dimensions, byte reproducibility, the absence of creation times, and
 * points with different numbers of replications (/scenario/replications).
 *
 * Files go to a fresh directory under $TMPDIR (or /tmp) that is removed at
 * the end. With HSC_TEST_KEEP=DIR, sample files are also left in DIR for
 * tests/cli/check_results_file.py.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "support/assert_near.h"

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <hdf5.h>
#include <hdf5_hl.h>

#include "hscflow/results.h"
#include "output/h5_util.h"
#include "unit/output/output_test_util.h"

static char *xprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *xprintf(const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return xstrdup(buf);
}

static void fill_info(struct hsc_results *res);

/* A small results struct with every field set; values depend on indices. */
static void make_results(struct hsc_results *res, size_t n_days, size_t n_params)
{
    const size_t P = 2, R = 3, K = 4, S = 2;
    assert_int_equal(hsc_results_alloc(res, P, R, K, S, n_days, n_params), 0);
    res->point_names[0] = xstrdup("baseline");
    res->point_names[1] = xstrdup("more_beds");
    res->point_overrides[0] = xstrdup("");
    res->point_overrides[1] = xstrdup("services.acute.capacity=12");
    for (size_t q = 0; q < n_params; q++) {
        res->param_names[q] = xprintf("services.acute.capacity%zu", q);
        for (size_t p = 0; p < P; p++)
            res->param_values[p * n_params + q] =
                10.0 + 2.0 * (double)p + 0.1 * (double)q;
    }
    for (size_t r = 0; r < R; r++)
        res->replications[r] = (int64_t)r;
    for (size_t k = 0; k < K; k++) {
        res->kpis[k].name = xprintf("kpi_%zu", k);
        res->kpis[k].unit = xstrdup(k % 2 ? "days" : "people");
        res->kpis[k].description = xprintf("d\xc3\xa9lai \xe2\x80\x93 KPI %zu", k);
    }
    for (size_t p = 0; p < P; p++)
        for (size_t r = 0; r < R; r++)
            for (size_t k = 0; k < K; k++)
                res->kpi_value[hsc_results_kpi_index(res, p, r, k)] =
                    100.0 * (double)p + 10.0 * (double)r + (double)k + 0.25;
    res->kpi_value[hsc_results_kpi_index(res, 1, 2, 3)] = NAN;
    res->service_names[0] = xstrdup("acute");
    res->service_names[1] = xstrdup("step_down");
    res->service_roles[0] = xstrdup("beds");
    res->service_roles[1] = NULL; /* written as "" */
    for (size_t d = 0; d < n_days; d++)
        res->dates[d] = xprintf("2026-01-%02zu", d + 1);
    for (size_t i = 0; i < P * R * n_days * S; i++) {
        res->ts_occupancy[i] = 0.5f * (float)i;
        res->ts_waiting[i] = 0.25f * (float)i;
    }
    for (size_t i = 0; i < P * R * n_days; i++) {
        res->ts_admissions[i] = (float)i;
        res->ts_discharges[i] = (float)(2 * i);
    }
    for (size_t i = 0; i < P * R * S; i++)
        res->runaway[i] = i % 3 == 1;
    fill_info(res);
}

/* Provenance and run information; libconfig_version is the caller's to give
 * (src/output does not link libconfig). */
static void fill_info(struct hsc_results *res)
{
    res->build.libconfig_version = xstrdup("1.5.0");
    res->master_seed = UINT64_C(18446744073709551557);
    res->warmup_days = 30.0;
    res->measure_days = (double)res->n_days;
    res->start_date = xstrdup("2026-01-01");
    res->rng = xstrdup("philox4x64; key=(seed, process hash)");
    res->scenario_text = xstrdup("name = \"test\";\nrun: { seed = 1; };\n");
    res->run.created_utc = xstrdup("2026-11-22T08:00:00Z");
    res->run.host = xstrdup("testhost");
    res->run.command_line = xstrdup("hscflow run test.cfg");
    res->run.threads = 2;
    res->run.ranks = 1;
    res->run.wall_seconds = 1.5;
}

/* Equal, treating two NaNs as equal. */
static void assert_same_double(double a, double b)
{
    if (isnan(a) || isnan(b)) {
        assert_true(isnan(a) && isnan(b));
        return;
    }
    assert_true(a == b);
}

static void assert_same_strings(char *const *a, char *const *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        assert_string_equal(a[i] ? a[i] : "", b[i] ? b[i] : "");
}

static void assert_same_summary(const struct hsc_summary *a,
                                const struct hsc_summary *b)
{
    assert_same_double(a->mean, b->mean);
    assert_same_double(a->sd, b->sd);
    assert_same_double(a->ci_low, b->ci_low);
    assert_same_double(a->ci_high, b->ci_high);
    assert_same_double(a->p05, b->p05);
    assert_same_double(a->p50, b->p50);
    assert_same_double(a->p95, b->p95);
    assert_same_double(a->n, b->n);
}

static void assert_same_info(const struct hsc_results *a, const struct hsc_results *b)
{
    assert_true(a->master_seed == b->master_seed);
    assert_same_double(a->warmup_days, b->warmup_days);
    assert_same_double(a->measure_days, b->measure_days);
    assert_string_equal(a->start_date, b->start_date);
    assert_string_equal(a->rng, b->rng);
    assert_string_equal(a->scenario_text, b->scenario_text);
    assert_string_equal(a->run.created_utc, b->run.created_utc);
    assert_string_equal(a->run.host, b->run.host);
    assert_string_equal(a->run.command_line, b->run.command_line);
    assert_int_equal(a->run.threads, b->run.threads);
    assert_int_equal(a->run.ranks, b->run.ranks);
    assert_same_double(a->run.wall_seconds, b->run.wall_seconds);
    assert_string_equal(b->build.hscflow_version, HSCFLOW_VERSION);
    assert_true(strlen(b->build.git_commit) > 0);
    assert_non_null(strstr(b->build.hdf5_version, "1."));
    assert_true(strlen(b->build.compiler) > 0 && strlen(b->build.gsl_version) > 0);
    assert_string_equal(b->build.libconfig_version,
                        a->build.libconfig_version ? a->build.libconfig_version : "");
}

/* Compares what hsc_results_read returns with what was written. */
static void assert_same_results(struct hsc_results *a, const struct hsc_results *b)
{
    size_t P = a->n_points, R = a->n_reps, K = a->n_kpis, Q = a->n_params;
    assert_int_equal(P, b->n_points);
    assert_int_equal(R, b->n_reps);
    assert_int_equal(K, b->n_kpis);
    assert_int_equal(a->n_services, b->n_services);
    assert_int_equal(a->n_days, b->n_days);
    assert_int_equal(Q, b->n_params);
    assert_same_strings(a->point_names, b->point_names, P);
    assert_same_strings(a->point_overrides, b->point_overrides, P);
    assert_same_strings(a->param_names, b->param_names, Q);
    for (size_t i = 0; i < P * Q; i++)
        assert_same_double(a->param_values[i], b->param_values[i]);
    for (size_t r = 0; r < R; r++)
        assert_int_equal(a->replications[r], b->replications[r]);
    for (size_t p = 0; p < P; p++)
        assert_int_equal(a->point_reps[p], b->point_reps[p]);
    for (size_t k = 0; k < K; k++) {
        assert_string_equal(a->kpis[k].name, b->kpis[k].name);
        assert_string_equal(a->kpis[k].unit, b->kpis[k].unit);
        assert_string_equal(a->kpis[k].description, b->kpis[k].description);
    }
    for (size_t i = 0; i < P * R * K; i++)
        assert_same_double(a->kpi_value[i], b->kpi_value[i]);
    assert_int_equal(hsc_results_summarise(a), 0);
    for (size_t i = 0; i < P * K; i++)
        assert_same_summary(&a->summary[i], &b->summary[i]);
    assert_same_strings(a->service_names, b->service_names, a->n_services);
    assert_same_strings(a->service_roles, b->service_roles, a->n_services);
    assert_same_strings(a->dates, b->dates, a->n_days);
    size_t n_flags = P * R * a->n_services;
    if (n_flags > 0) {
        assert_non_null(b->runaway);
        assert_memory_equal(a->runaway, b->runaway, n_flags);
    }
    assert_null(b->ts_occupancy);
    assert_null(b->ts_waiting);
    assert_null(b->ts_admissions);
    assert_null(b->ts_discharges);
    assert_same_info(a, b);
}

static void roundtrip(const struct fixture *fx, size_t n_days, size_t n_params,
                      const char *name)
{
    struct hsc_results res, back;
    struct hsc_error err = {0};
    char *path = path_in(fx, name);
    make_results(&res, n_days, n_params);
    assert_int_equal(hsc_results_write(&res, path, &err), 0);
    assert_no_open_objects();
    int rc = hsc_results_read(path, &back, &err);
    if (rc != 0)
        fail_msg("read %s: %s", path, err.message);
    assert_no_open_objects();
    assert_same_results(&res, &back);
    keep_copy(&res, name);
    hsc_results_free(&back);
    hsc_results_free(&res);
    hsc_error_clear(&err);
    free(path);
}

static void test_roundtrip_with_params(void **state)
{
    roundtrip(*state, 5, 1, "q1.h5");
}

static void test_roundtrip_without_params(void **state)
{
    const struct fixture *fx = *state;
    roundtrip(fx, 5, 0, "q0.h5");
    char *path = path_in(fx, "q0.h5");
    hid_t file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    assert_true(file >= 0);
    assert_true(H5Lexists(file, "/scenario/parameter", H5P_DEFAULT) == 0);
    assert_true(H5Lexists(file, "/scenario/value", H5P_DEFAULT) == 0);
    assert_true(H5Lexists(file, "/scenario/name", H5P_DEFAULT) > 0);
    H5Fclose(file);
    free(path);
}

static void test_zero_days(void **state)
{
    roundtrip(*state, 0, 1, "d0.h5");
}

/* Zero services and zero days at once: empty datasets everywhere. */
static void test_zero_services_and_days(void **state)
{
    const struct fixture *fx = *state;
    struct hsc_results res, back;
    struct hsc_error err = {0};
    char *path = path_in(fx, "s0.h5");
    assert_int_equal(hsc_results_alloc(&res, 1, 1, 0, 0, 0, 0), 0);
    res.point_names[0] = xstrdup("only");
    assert_null(res.service_names);
    assert_null(res.ts_occupancy);
    assert_int_equal(hsc_results_write(&res, path, &err), 0);
    assert_int_equal(hsc_results_read(path, &back, &err), 0);
    assert_int_equal(back.n_services, 0);
    assert_int_equal(back.n_days, 0);
    assert_int_equal(back.n_kpis, 0);
    assert_string_equal(back.point_names[0], "only");
    assert_string_equal(back.start_date, ""); /* NULL was written as "" */
    res.start_date = xstrdup("2026-01-01"); /* the checker wants a date */
    keep_copy(&res, "s0.h5");
    hsc_results_free(&back);
    hsc_results_free(&res);
    free(path);
}

/* Summary by hand: KPI 0 = {1, NaN, 3, 5}, KPI 1 = {NaN, NaN, 7, NaN},
 * KPI 2 all NaN; interleaved with stride K = 3. */
static void test_summary_by_hand(void **state)
{
    (void)state;
    struct hsc_results res;
    const double v[4][3] = {{1, NAN, NAN}, {NAN, NAN, NAN}, {3, 7, NAN}, {5, NAN, NAN}};
    assert_int_equal(hsc_results_alloc(&res, 1, 4, 3, 0, 0, 0), 0);
    for (size_t r = 0; r < 4; r++)
        for (size_t k = 0; k < 3; k++)
            res.kpi_value[hsc_results_kpi_index(&res, 0, r, k)] = v[r][k];
    assert_int_equal(hsc_results_summarise(&res), 0);
    const struct hsc_summary *s0 = &res.summary[0], *s1 = &res.summary[1];
    const struct hsc_summary *s2 = &res.summary[2];
    double half = 4.302652729911275 * 2.0 / sqrt(3.0); /* t(0.975, 2) sd/sqrt(n) */
    assert_near(s0->n, 3.0, 0.0);
    assert_near(s0->mean, 3.0, 1e-12);
    assert_near(s0->sd, 2.0, 1e-12);
    assert_near(s0->ci_low, 3.0 - half, 1e-9);
    assert_near(s0->ci_high, 3.0 + half, 1e-9);
    assert_near(s0->p05, 1.2, 1e-12); /* 1 + 0.1 * (3 - 1) */
    assert_near(s0->p50, 3.0, 1e-12);
    assert_near(s0->p95, 4.8, 1e-12); /* 3 + 0.9 * (5 - 3) */
    assert_near(s1->n, 1.0, 0.0);
    assert_near(s1->mean, 7.0, 0.0);
    assert_true(isnan(s1->sd) && isnan(s1->ci_low) && isnan(s1->ci_high));
    assert_near(s1->p05, 7.0, 0.0);
    assert_near(s1->p95, 7.0, 0.0);
    assert_near(s2->n, 0.0, 0.0);
    assert_true(isnan(s2->mean) && isnan(s2->sd) && isnan(s2->p50));
    hsc_results_free(&res);
}

static size_t read_bytes(const char *path, unsigned char **out)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    long size = ftell(f);
    assert_true(size > 0);
    rewind(f);
    *out = malloc((size_t)size);
    assert_non_null(*out);
    assert_int_equal(fread(*out, 1, (size_t)size, f), (size_t)size);
    fclose(f);
    return (size_t)size;
}

static void assert_same_bytes(const char *path, const unsigned char *want,
                              size_t size)
{
    unsigned char *got;
    size_t got_size = read_bytes(path, &got);
    assert_int_equal(got_size, size);
    assert_memory_equal(got, want, size);
    free(got);
}

/* Fail every step of a write in turn: each failure leaves the old target
 * byte for byte and no temporary file; the last attempt succeeds. */
static void test_atomic_under_injected_failures(void **state)
{
    const struct fixture *fx = *state;
    struct hsc_results old_res, new_res, back;
    struct hsc_error err = {0};
    char *path = path_in(fx, "atomic.h5");
    make_results(&old_res, 3, 0);
    make_results(&new_res, 5, 1);
    free(new_res.point_names[0]);
    new_res.point_names[0] = xstrdup("new");
    assert_int_equal(hsc_results_write(&old_res, path, &err), 0);
    unsigned char *old_bytes;
    size_t old_size = read_bytes(path, &old_bytes);
    long step = 1;
    for (; hsc__results_write_ex(&new_res, path, step, &err) != 0; step++) {
        assert_non_null(strstr(err.message, "injected failure"));
        assert_string_equal(err.file, path);
        assert_same_bytes(path, old_bytes, old_size);
        assert_int_equal(count_temp_files(fx->dir), 0);
        assert_no_open_objects();
        assert_true(step < 1000);
    }
    assert_true(step > 60); /* every group, dataset, attribute and scale */
    assert_int_equal(hsc_results_read(path, &back, &err), 0);
    assert_string_equal(back.point_names[0], "new");
    assert_int_equal(back.n_days, 5);
    hsc_results_free(&back);
    free(old_bytes);
    hsc_results_free(&new_res);
    hsc_results_free(&old_res);
    hsc_error_clear(&err);
    free(path);
}

/* A real late failure: the target is a directory, so the rename fails
 * after the whole temporary file was written. */
static void test_rename_failure_cleans_up(void **state)
{
    const struct fixture *fx = *state;
    struct hsc_results res;
    struct hsc_error err = {0};
    char *target = path_in(fx, "is_a_dir.h5");
    char *inside = path_in(fx, "is_a_dir.h5/keep");
    assert_int_equal(mkdir(target, 0755), 0);
    FILE *f = fopen(inside, "w");
    assert_non_null(f);
    fclose(f);
    make_results(&res, 2, 0);
    assert_int_equal(hsc_results_write(&res, target, &err), -1);
    assert_string_equal(err.file, target);
    assert_non_null(strstr(err.message, "rename"));
    assert_int_equal(count_temp_files(fx->dir), 0);
    assert_int_equal(access(inside, F_OK), 0);
    assert_int_equal(unlink(inside), 0);
    assert_int_equal(rmdir(target), 0);
    hsc_results_free(&res);
    hsc_error_clear(&err);
    free(inside);
    free(target);
}

static void test_write_errors(void **state)
{
    const struct fixture *fx = *state;
    struct hsc_results res;
    struct hsc_error err = {0};
    char *missing_dir = path_in(fx, "no/such/dir/out.h5");
    char *path = path_in(fx, "incomplete.h5");
    make_results(&res, 2, 0);
    assert_int_equal(hsc_results_write(&res, missing_dir, &err), -1);
    assert_string_equal(err.file, missing_dir);
    assert_non_null(strstr(err.message, "temporary file"));
    double *values = res.kpi_value;
    res.kpi_value = NULL;
    assert_int_equal(hsc_results_write(&res, path, &err), -1);
    assert_non_null(strstr(err.message, "kpi_value"));
    assert_int_equal(access(path, F_OK), -1);
    res.kpi_value = values;
    char *slash = xprintf("%s/", fx->dir);
    assert_int_equal(hsc_results_write(&res, slash, &err), -1);
    assert_non_null(strstr(err.message, "not a file name"));
    free(slash);
    assert_int_equal(count_temp_files(fx->dir), 0);
    hsc_results_free(&res);
    hsc_error_clear(&err);
    free(path);
    free(missing_dir);
}

/* Same results, different run info: equal outside /provenance/run; same run
 * info: the very same bytes. */
static void test_reproducible(void **state)
{
    const struct fixture *fx = *state;
    struct hsc_results res;
    struct hsc_error err = {0};
    char *a = path_in(fx, "repro_a.h5"), *b = path_in(fx, "repro_b.h5");
    char *c = path_in(fx, "repro_c.h5");
    make_results(&res, 5, 1);
    assert_int_equal(hsc_results_write(&res, a, &err), 0);
    assert_int_equal(hsc_results_write(&res, c, &err), 0);
    unsigned char *bytes_a;
    size_t size_a = read_bytes(a, &bytes_a);
    assert_same_bytes(c, bytes_a, size_a);
    free(res.run.host);
    res.run.host = xstrdup("another-and-much-longer-host-name.example.org");
    res.run.wall_seconds = 99.0;
    res.run.threads = 8;
    assert_int_equal(hsc_results_write(&res, b, &err), 0);
    if (system("command -v h5diff >/dev/null 2>&1") == 0) {
        assert_int_equal(run_h5diff(a, b, "--exclude-path /provenance/run"), 0);
        assert_int_equal(run_h5diff(a, b, ""), 1);
    } else {
        print_message("h5diff not found: comparing with the reader only\n");
    }
    struct hsc_results ra, rb;
    assert_int_equal(hsc_results_read(a, &ra, &err), 0);
    assert_int_equal(hsc_results_read(b, &rb, &err), 0);
    free(rb.run.host);
    rb.run.host = xstrdup(ra.run.host);
    rb.run.wall_seconds = ra.run.wall_seconds;
    rb.run.threads = ra.run.threads;
    assert_same_results(&ra, &rb);
    hsc_results_free(&rb);
    hsc_results_free(&ra);
    free(bytes_a);
    hsc_results_free(&res);
    free(c);
    free(b);
    free(a);
}

static herr_t check_times(hid_t obj, const char *name, const H5O_info_t *info,
                          void *data)
{
    (void)obj;
    (void)name;
    int *count = data;
    if (info->ctime != 0 || info->mtime != 0 || info->atime != 0
        || info->btime != 0)
        return -1;
    (*count)++;
    return 0;
}

/* No object records a time, layout and filters are as promised, and the
 * dimension scales are attached. */
static void test_file_properties(void **state)
{
    const struct fixture *fx = *state;
    struct hsc_results res;
    struct hsc_error err = {0};
    char *path = path_in(fx, "props.h5");
    make_results(&res, 5, 1);
    assert_int_equal(hsc_results_write(&res, path, &err), 0);
    hid_t file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    assert_true(file >= 0);
    int count = 0;
    assert_true(H5Ovisit2(file, H5_INDEX_NAME, H5_ITER_INC, check_times, &count,
                          H5O_INFO_TIME) >= 0);
    assert_int_equal(count, 1 + 7 + 27); /* root, groups, datasets */
    hid_t dset = H5Dopen2(file, "/timeseries/occupancy", H5P_DEFAULT);
    hid_t scale = H5Dopen2(file, "/timeseries/date", H5P_DEFAULT);
    hid_t dcpl = H5Dget_create_plist(dset);
    assert_int_equal(H5Pget_layout(dcpl), H5D_CHUNKED);
    unsigned flags;
    assert_true(H5Pget_filter_by_id2(dcpl, H5Z_FILTER_FLETCHER32, &flags, NULL,
                                     NULL, 0, NULL, NULL) >= 0);
    assert_true(H5Pget_filter_by_id2(dcpl, H5Z_FILTER_DEFLATE, &flags, NULL,
                                     NULL, 0, NULL, NULL) >= 0);
    assert_true(H5DSis_attached(dset, scale, 2) > 0);
    assert_true(H5DSis_scale(scale) > 0);
    H5Pclose(dcpl);
    H5Dclose(scale);
    H5Dclose(dset);
    /* /diagnostics/runaway: uint8, contiguous, on the point, replication
     * and service scales. */
    dset = H5Dopen2(file, "/diagnostics/runaway", H5P_DEFAULT);
    assert_true(dset >= 0);
    hid_t type = H5Dget_type(dset);
    assert_true(H5Tequal(type, H5T_STD_U8LE) > 0);
    H5Tclose(type);
    dcpl = H5Dget_create_plist(dset);
    assert_int_equal(H5Pget_layout(dcpl), H5D_CONTIGUOUS);
    H5Pclose(dcpl);
    const char *scales[] = {"/scenario/name", "/replication", "/service/name"};
    for (unsigned i = 0; i < 3; i++) {
        scale = H5Dopen2(file, scales[i], H5P_DEFAULT);
        assert_true(H5DSis_attached(dset, scale, i) > 0);
        H5Dclose(scale);
    }
    H5Dclose(dset);
    /* /scenario/replications: int64, contiguous, on the point scale. */
    dset = H5Dopen2(file, "/scenario/replications", H5P_DEFAULT);
    assert_true(dset >= 0);
    type = H5Dget_type(dset);
    assert_true(H5Tequal(type, H5T_STD_I64LE) > 0);
    H5Tclose(type);
    dcpl = H5Dget_create_plist(dset);
    assert_int_equal(H5Pget_layout(dcpl), H5D_CONTIGUOUS);
    H5Pclose(dcpl);
    scale = H5Dopen2(file, "/scenario/name", H5P_DEFAULT);
    assert_true(H5DSis_attached(dset, scale, 0) > 0);
    H5Dclose(scale);
    H5Dclose(dset);
    H5Fclose(file);
    hsc_results_free(&res);
    free(path);
}

static void test_chunk_shape(void **state)
{
    (void)state;
    hsize_t big[4] = {3, 100, 50000, 50}, chunk[4];
    hsc__h5_chunk_shape(4, big, sizeof(float), chunk);
    assert_int_equal(chunk[0], 1);
    assert_int_equal(chunk[1], 1);
    assert_int_equal(chunk[3], 50);
    assert_true(chunk[2] >= 256);
    assert_true(chunk[2] * 50 * sizeof(float) <= HSC__H5_CHUNK_BYTES);
    hsize_t small[3] = {2, 3, 4};
    hsc__h5_chunk_shape(3, small, sizeof(double), chunk);
    assert_memory_equal(chunk, small, sizeof small);
}

/* Writes a bare HDF5 file, optionally with a format attribute. */
static void write_foreign(const char *path, const char *format, int64_t version)
{
    hid_t file = H5Fcreate(path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    assert_true(file >= 0);
    if (format) {
        assert_int_equal(H5LTset_attribute_string(file, "/", "format", format), 0);
        assert_int_equal(H5LTset_attribute_long_long(file, "/", "format_version",
                                                     (long long *)&version, 1), 0);
    }
    H5Fclose(file);
}

static void expect_read_error(const char *path, const char *object,
                              const char *text)
{
    struct hsc_results res;
    struct hsc_error err = {0};
    assert_int_equal(hsc_results_read(path, &res, &err), -1);
    assert_string_equal(err.file, path);
    if (object)
        assert_string_equal(err.path, object);
    if (!strstr(err.message, text))
        fail_msg("message '%s' lacks '%s'", err.message, text);
    assert_null(res.point_names);
    assert_no_open_objects();
    hsc_error_clear(&err);
}

static void test_read_errors(void **state)
{
    const struct fixture *fx = *state;
    char *missing = path_in(fx, "missing.h5"), *text = path_in(fx, "text.h5");
    char *bare = path_in(fx, "bare.h5"), *newer = path_in(fx, "newer.h5");
    char *broken = path_in(fx, "broken.h5");
    expect_read_error(missing, NULL, "No such file");
    FILE *f = fopen(text, "w");
    assert_non_null(f);
    fputs("not hdf5\n", f);
    fclose(f);
    expect_read_error(text, NULL, "not an HDF5 file");
    write_foreign(bare, NULL, 0);
    expect_read_error(bare, NULL, "not an hscflow results file");
    write_foreign(newer, "hscflow-results", 2);
    expect_read_error(newer, NULL, "format_version 2 is not supported");
    struct hsc_results res;
    struct hsc_error err = {0};
    make_results(&res, 2, 0);
    assert_int_equal(hsc_results_write(&res, broken, &err), 0);
    hid_t file = H5Fopen(broken, H5F_ACC_RDWR, H5P_DEFAULT);
    assert_true(file >= 0);
    assert_true(H5Ldelete(file, "/kpi/p95", H5P_DEFAULT) >= 0);
    H5Fclose(file);
    expect_read_error(broken, "/kpi/p95", "missing dataset");
    hsc_results_free(&res);
    free(broken);
    free(newer);
    free(bare);
    free(text);
    free(missing);
}

/* The runaway flags: counted by hand; a file without /diagnostics/runaway
 * (written before it existed) reads with runaway NULL, which counts as no
 * flags; a flag other than 0 or 1 is refused. */
static void test_runaway_flags(void **state)
{
    const struct fixture *fx = *state;
    struct hsc_results res, back;
    struct hsc_error err = {0};
    char *path = path_in(fx, "runaway.h5");
    make_results(&res, 5, 0); /* P 2, R 3, S 2: flag i is 1 when i % 3 == 1 */
    /* (p, r, s) -> i = (p * 3 + r) * 2 + s: point 0 flags i = 1, 4 (r 0 s 1,
     * r 2 s 0); point 1 flags 7, 10 (r 0 s 1, r 2 s 0). */
    for (size_t p = 0; p < 2; p++) {
        assert_int_equal(hsc_results_runaway_reps(&res, p, 0), 1);
        assert_int_equal(hsc_results_runaway_reps(&res, p, 1), 1);
        assert_int_equal(hsc_results_runaway_any(&res, p), 2);
    }
    res.runaway[hsc_results_service_index(&res, 0, 2, 1)] = 1; /* the same replication */
    assert_int_equal(hsc_results_runaway_any(&res, 0), 2);
    assert_int_equal(hsc_results_runaway_reps(&res, 0, 1), 2);
    assert_int_equal(hsc_results_write(&res, path, &err), 0);

    hid_t file = H5Fopen(path, H5F_ACC_RDWR, H5P_DEFAULT);
    assert_true(file >= 0);
    assert_true(H5Ldelete(file, "/diagnostics", H5P_DEFAULT) >= 0);
    H5Fclose(file);
    assert_int_equal(hsc_results_read(path, &back, &err), 0);
    assert_null(back.runaway);
    assert_int_equal(hsc_results_runaway_any(&back, 0), 0);
    assert_int_equal(hsc_results_runaway_reps(&back, 1, 0), 0);
    hsc_results_free(&back);

    res.runaway[0] = 2;
    assert_int_equal(hsc_results_write(&res, path, &err), 0);
    expect_read_error(path, "/diagnostics/runaway", "only 0 and 1");
    hsc_results_free(&res);
    hsc_error_clear(&err);
    free(path);
}

/* Makes point 1 of make_results's struct (R = 3) one that ran only
 * replication 0: point_reps {3, 1}, NaN everywhere in replications 1 and 2
 * of point 1, as a staged run leaves them. */
static void screen_point_1(struct hsc_results *res)
{
    res->point_reps[1] = 1;
    for (size_t r = 1; r < res->n_reps; r++) {
        for (size_t k = 0; k < res->n_kpis; k++)
            res->kpi_value[hsc_results_kpi_index(res, 1, r, k)] = NAN;
        for (size_t d = 0; d < res->n_days; d++) {
            res->ts_admissions[hsc_results_day_index(res, 1, r, d)] = NAN;
            res->ts_discharges[hsc_results_day_index(res, 1, r, d)] = NAN;
            for (size_t s = 0; s < res->n_services; s++) {
                res->ts_occupancy[hsc_results_ts_index(res, 1, r, d, s)] = NAN;
                res->ts_waiting[hsc_results_ts_index(res, 1, r, d, s)] = NAN;
            }
        }
        for (size_t s = 0; s < res->n_services; s++)
            res->runaway[hsc_results_service_index(res, 1, r, s)] = 0;
    }
}

/* Reads float32 dataset `name` (count values) with the HDF5 C API, since
 * hsc_results_read leaves the series out. */
static void read_floats(const char *path, const char *name, float *out, size_t count)
{
    hid_t file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    assert_true(file >= 0);
    hid_t dset = H5Dopen2(file, name, H5P_DEFAULT);
    assert_true(dset >= 0);
    hid_t space = H5Dget_space(dset);
    assert_int_equal((size_t)H5Sget_simple_extent_npoints(space), count);
    assert_true(H5Dread(dset, H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, out) >= 0);
    H5Sclose(space);
    H5Dclose(dset);
    H5Fclose(file);
}

/* The series of the unrun replications come back as float32 NaN, the run
 * ones as written. */
static void assert_series_survive(const char *path, const struct hsc_results *res)
{
    size_t n_ts = res->n_points * res->n_reps * res->n_days * res->n_services;
    size_t n_day = res->n_points * res->n_reps * res->n_days;
    float *occ = malloc(n_ts * sizeof *occ), *adm = malloc(n_day * sizeof *adm);
    assert_non_null(occ);
    assert_non_null(adm);
    read_floats(path, "/timeseries/occupancy", occ, n_ts);
    read_floats(path, "/timeseries/admissions", adm, n_day);
    for (size_t i = 0; i < n_ts; i++)
        assert_true(isnan(res->ts_occupancy[i]) ? isnan(occ[i])
                                                : occ[i] == res->ts_occupancy[i]);
    for (size_t i = 0; i < n_day; i++)
        assert_true(isnan(res->ts_admissions[i]) ? isnan(adm[i])
                                                 : adm[i] == res->ts_admissions[i]);
    assert_true(isnan(occ[hsc_results_ts_index(res, 1, 2, 0, 1)]));
    assert_false(isnan(occ[hsc_results_ts_index(res, 1, 0, 0, 1)]));
    free(adm);
    free(occ);
}

/* Points with different numbers of replications: point_reps {3, 1} round
 * trips, the unrun replications stay NaN (float32 series too), and the
 * summaries count only what ran (/kpi/n is 1 for point 1). */
static void test_point_reps_roundtrip(void **state)
{
    const struct fixture *fx = *state;
    struct hsc_results res, back;
    struct hsc_error err = {0};
    char *path = path_in(fx, "point_reps.h5");
    make_results(&res, 4, 0);
    screen_point_1(&res);
    assert_int_equal(hsc_results_write(&res, path, &err), 0);
    assert_int_equal(hsc_results_read(path, &back, &err), 0);
    assert_same_results(&res, &back); /* point_reps, NaN values, summaries */
    assert_int_equal(back.point_reps[0], 3);
    assert_int_equal(back.point_reps[1], 1);
    for (size_t k = 0; k < back.n_kpis; k++) {
        assert_near(back.summary[k].n, 3.0, 0.0);
        assert_near(back.summary[back.n_kpis + k].n, 1.0, 0.0);
        assert_near(back.summary[back.n_kpis + k].mean,
                    res.kpi_value[hsc_results_kpi_index(&res, 1, 0, k)], 0.0);
        assert_true(isnan(back.summary[back.n_kpis + k].sd));
    }
    assert_series_survive(path, &res);
    keep_copy(&res, "point_reps.h5");
    hsc_results_free(&back);
    hsc_results_free(&res);
    hsc_error_clear(&err);
    free(path);
}

/* A file without /scenario/replications (written before it existed) reads
 * as R replications for every point; a count outside 0..R is refused by the
 * writer and by the reader. */
static void test_point_reps_absent_or_bad(void **state)
{
    const struct fixture *fx = *state;
    struct hsc_results res, back;
    struct hsc_error err = {0};
    char *path = path_in(fx, "no_point_reps.h5");
    make_results(&res, 2, 0);
    screen_point_1(&res);
    assert_int_equal(hsc_results_write(&res, path, &err), 0);
    hid_t file = H5Fopen(path, H5F_ACC_RDWR, H5P_DEFAULT);
    assert_true(file >= 0);
    assert_true(H5Ldelete(file, "/scenario/replications", H5P_DEFAULT) >= 0);
    H5Fclose(file);
    assert_int_equal(hsc_results_read(path, &back, &err), 0);
    assert_int_equal(back.point_reps[0], 3);
    assert_int_equal(back.point_reps[1], 3);
    hsc_results_free(&back);

    res.point_reps[1] = 4;
    assert_int_equal(hsc_results_write(&res, path, &err), -1);
    assert_string_equal(err.path, "/scenario/replications");
    assert_non_null(strstr(err.message, "outside 0..3"));
    res.point_reps[1] = 1;
    assert_int_equal(hsc_results_write(&res, path, &err), 0);
    file = H5Fopen(path, H5F_ACC_RDWR, H5P_DEFAULT);
    assert_true(file >= 0);
    hid_t dset = H5Dopen2(file, "/scenario/replications", H5P_DEFAULT);
    int64_t bad[2] = {3, -1};
    assert_true(H5Dwrite(dset, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, bad) >= 0);
    H5Dclose(dset);
    H5Fclose(file);
    expect_read_error(path, "/scenario/replications", "outside 0..3");
    hsc_results_free(&res);
    hsc_error_clear(&err);
    free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_roundtrip_with_params),
        cmocka_unit_test(test_roundtrip_without_params),
        cmocka_unit_test(test_zero_days),
        cmocka_unit_test(test_zero_services_and_days),
        cmocka_unit_test(test_summary_by_hand),
        cmocka_unit_test(test_atomic_under_injected_failures),
        cmocka_unit_test(test_rename_failure_cleans_up),
        cmocka_unit_test(test_write_errors),
        cmocka_unit_test(test_reproducible),
        cmocka_unit_test(test_file_properties),
        cmocka_unit_test(test_chunk_shape),
        cmocka_unit_test(test_read_errors),
        cmocka_unit_test(test_runaway_flags),
        cmocka_unit_test(test_point_reps_roundtrip),
        cmocka_unit_test(test_point_reps_absent_or_bad),
    };
    return cmocka_run_group_tests(tests, output_tmp_setup, output_tmp_teardown);
}
