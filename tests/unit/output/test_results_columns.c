/*
 * Tests of /appraisal, the per-point columns of the results file
 * (hsc_results_add_columns): adding columns in two calls keeps the earlier
 * values in place, failure leaves the struct as it was, the write/read round
 * trip (NaN included) with its layout, scales and byte reproducibility, the
 * absence of /appraisal without columns, and the reader's refusal of a
 * malformed /appraisal, naming the dataset.
 *
 * Files go to a fresh directory under $TMPDIR (or /tmp) that is removed at
 * the end. With HSC_TEST_KEEP=DIR, the file with columns is also left in DIR
 * for tests/cli/check_results_file.py.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hdf5.h>
#include <hdf5_hl.h>

#include "hscflow/results.h"
#include "output/h5_util.h"
#include "unit/output/output_test_util.h"

enum { P = 3, R = 2, D = 2 };

static const struct hsc_kpi_def first_defs[3] = {
    {"net_cost", "£ a year", "net cash cost"},
    {"beds_released", "beds", "acute beds released"},
    {"fits_budget", "1/0", "whether the option fits the budget"},
};
static const struct hsc_kpi_def second_defs[2] = {
    {"objective", "a year", "mean objective"},
    {"optimise_status", "code", "0 runaway \xe2\x80\x93 4 chosen"},
};

/* Value of point p, column c as the tests set it: NaN on a diagonal. */
static double value_at(size_t p, size_t c)
{
    return p == c % P ? NAN : 100.0 * (double)p + (double)c + 0.5;
}

/* A complete results struct of P points x R replications with one KPI
 * (runaway_queues, 0) and one service, no columns yet: what the file checker
 * accepts. */
static void make_results(struct hsc_results *res)
{
    assert_int_equal(hsc_results_alloc(res, P, R, 1, 1, D, 0), 0);
    for (size_t p = 0; p < P; p++) {
        char name[32];
        snprintf(name, sizeof name, "option_%zu", p);
        res->point_names[p] = xstrdup(p == 0 ? "baseline" : name);
        res->point_overrides[p] = xstrdup("");
    }
    for (size_t r = 0; r < R; r++)
        res->replications[r] = (int64_t)r;
    res->kpis[0].name = xstrdup("runaway_queues");
    res->kpis[0].unit = xstrdup("queues");
    res->kpis[0].description = xstrdup("queues that ran away");
    for (size_t i = 0; i < P * R; i++)
        res->kpi_value[i] = 0.0;
    res->service_names[0] = xstrdup("acute");
    res->service_roles[0] = xstrdup("acute");
    res->dates[0] = xstrdup("2026-01-01");
    res->dates[1] = xstrdup("2026-01-02");
    res->build.libconfig_version = xstrdup("1.5.0");
    res->measure_days = D;
    res->start_date = xstrdup("2026-01-01");
    res->rng = xstrdup("philox");
    res->scenario_text = xstrdup("name = \"test\";\n");
    res->run.created_utc = xstrdup("2026-11-22T08:00:00Z");
    res->run.host = xstrdup("testhost");
    res->run.command_line = xstrdup("hscflow options test.cfg");
    res->run.threads = 1;
    res->run.ranks = 1;
}

/* Adds first_defs, then second_defs, each filled with value_at. */
static void add_both(struct hsc_results *res)
{
    size_t first = 99;
    assert_int_equal(hsc_results_add_columns(res, first_defs, 3, &first), 0);
    assert_int_equal(first, 0);
    for (size_t p = 0; p < P; p++)
        for (size_t c = 0; c < 3; c++)
            res->column_value[p * res->n_columns + c] = value_at(p, c);
    assert_int_equal(hsc_results_add_columns(res, second_defs, 2, &first), 0);
    assert_int_equal(first, 3);
    for (size_t p = 0; p < P; p++)
        for (size_t c = 3; c < 5; c++)
            res->column_value[p * res->n_columns + c] = value_at(p, c);
}

/* Equal, treating two NaNs as equal. */
static void assert_same_double(double a, double b)
{
    if (isnan(a) || isnan(b))
        assert_true(isnan(a) && isnan(b));
    else
        assert_true(a == b);
}

/* Three columns, then two: the first three keep their values and places
 * in the wider rows, the new ones start NaN, and the strings are copies. */
static void test_add_columns_twice(void **state)
{
    (void)state;
    struct hsc_results res;
    struct hsc_kpi_def mine = {xstrdup("a"), xstrdup("u"), NULL};
    size_t first = 99;
    assert_int_equal(hsc_results_alloc(&res, P, 1, 0, 0, 0, 0), 0);
    assert_int_equal(res.n_columns, 0);
    assert_null(res.columns);
    assert_null(res.column_value);
    assert_int_equal(hsc_results_add_columns(&res, first_defs, 3, &first), 0);
    assert_int_equal(first, 0);
    assert_int_equal(res.n_columns, 3);
    for (size_t i = 0; i < P * 3; i++)
        assert_true(isnan(res.column_value[i]));
    for (size_t p = 0; p < P; p++)
        for (size_t c = 0; c < 3; c++)
            res.column_value[p * 3 + c] = 10.0 * (double)p + (double)c;

    assert_int_equal(hsc_results_add_columns(&res, &mine, 1, &first), 0);
    assert_int_equal(first, 3);
    mine.name[0] = 'z'; /* the struct holds its own copy */
    assert_int_equal(hsc_results_add_columns(&res, second_defs, 1, &first), 0);
    assert_int_equal(first, 4);
    assert_int_equal(res.n_columns, 5);
    for (size_t p = 0; p < P; p++) {
        for (size_t c = 0; c < 3; c++)
            assert_true(res.column_value[p * 5 + c] == 10.0 * (double)p + (double)c);
        assert_true(isnan(res.column_value[p * 5 + 3]));
        assert_true(isnan(res.column_value[p * 5 + 4]));
    }
    assert_string_equal(res.columns[0].name, "net_cost");
    assert_ptr_not_equal(res.columns[0].name, first_defs[0].name);
    assert_string_equal(res.columns[2].description, first_defs[2].description);
    assert_string_equal(res.columns[3].name, "a");
    assert_null(res.columns[3].description); /* NULL stays NULL */
    assert_string_equal(res.columns[4].unit, "a year");

    assert_int_equal(hsc_results_add_columns(&res, NULL, 0, &first), 0);
    assert_int_equal(first, 5);
    assert_int_equal(res.n_columns, 5);
    free(mine.name);
    free(mine.unit);
    hsc_results_free(&res);
    assert_int_equal(res.n_columns, 0);
    assert_null(res.columns);
}

/* Sizes that overflow fail and change nothing: a column count past
 * SIZE_MAX, and P * C past SIZE_MAX (a struct that only claims P points:
 * nothing is allocated before the check). */
static void test_add_columns_failure_changes_nothing(void **state)
{
    (void)state;
    struct hsc_results res, huge;
    size_t first;
    assert_int_equal(hsc_results_alloc(&res, P, 1, 0, 0, 0, 0), 0);
    assert_int_equal(hsc_results_add_columns(&res, first_defs, 3, &first), 0);
    res.column_value[0] = 7.0;
    struct hsc_kpi_def *columns = res.columns;
    double *values = res.column_value;
    assert_int_equal(hsc_results_add_columns(&res, second_defs, SIZE_MAX - 1, &first), -1);
    assert_int_equal(res.n_columns, 3);
    assert_ptr_equal(res.columns, columns);
    assert_ptr_equal(res.column_value, values);
    assert_true(res.column_value[0] == 7.0);
    hsc_results_free(&res);

    memset(&huge, 0, sizeof huge);
    huge.n_points = SIZE_MAX / 2;
    assert_int_equal(hsc_results_add_columns(&huge, second_defs, 2, &first), -1);
    assert_int_equal(huge.n_columns, 0);
    assert_null(huge.columns);
    assert_null(huge.column_value);
}

/* Reads string dataset `name` [n] with the HDF5 C API. */
static void assert_strings(hid_t file, const char *name, size_t n, const char *const *want)
{
    hid_t dset = H5Dopen2(file, name, H5P_DEFAULT);
    assert_true(dset >= 0);
    hid_t type = H5Tcopy(H5T_C_S1);
    assert_true(H5Tset_size(type, H5T_VARIABLE) >= 0);
    hid_t stored = H5Dget_type(dset);
    assert_int_equal(H5Tget_cset(stored), H5T_CSET_UTF8);
    assert_true(H5Tis_variable_str(stored) > 0);
    char *text[8] = {0};
    assert_true(n <= 8);
    assert_true(H5Dread(dset, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, text) >= 0);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(text[i], want[i]);
    hid_t space = H5Dget_space(dset);
    H5Dvlen_reclaim(type, space, H5P_DEFAULT, text);
    H5Sclose(space);
    H5Tclose(stored);
    H5Tclose(type);
    H5Dclose(dset);
}

/* dset's dimension dim is attached to `scale` and labelled `label`. */
static void assert_scale(hid_t file, const char *dset_name, unsigned dim, const char *scale_name,
                         const char *label)
{
    hid_t dset = H5Dopen2(file, dset_name, H5P_DEFAULT);
    hid_t scale = H5Dopen2(file, scale_name, H5P_DEFAULT);
    char got[32] = "";
    assert_true(dset >= 0 && scale >= 0);
    assert_true(H5DSis_attached(dset, scale, dim) > 0);
    assert_true(H5DSget_label(dset, dim, got, sizeof got) > 0);
    assert_string_equal(got, label);
    H5Dclose(scale);
    H5Dclose(dset);
}

static herr_t count_untimed(hid_t obj, const char *name, const H5O_info_t *info, void *data)
{
    (void)obj;
    (void)name;
    if (info->ctime != 0 || info->mtime != 0 || info->atime != 0 || info->btime != 0)
        return -1;
    (*(int *)data)++;
    return 0;
}

/* The layout of /appraisal: strings [C] and float64 [P, C], contiguous,
 * /appraisal/name a scale "column" attached with the point scale, and no
 * object with a creation time. */
static void assert_appraisal_layout(const char *path)
{
    const char *names[5], *units[5];
    for (size_t c = 0; c < 5; c++) {
        const struct hsc_kpi_def *def = c < 3 ? &first_defs[c] : &second_defs[c - 3];
        names[c] = def->name;
        units[c] = def->unit;
    }
    hid_t file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    assert_true(file >= 0);
    assert_strings(file, "/appraisal/name", 5, names);
    assert_strings(file, "/appraisal/unit", 5, units);
    hid_t dset = H5Dopen2(file, "/appraisal/value", H5P_DEFAULT);
    hid_t type = H5Dget_type(dset), space = H5Dget_space(dset);
    hid_t dcpl = H5Dget_create_plist(dset);
    hsize_t dims[2] = {0, 0};
    assert_true(H5Tequal(type, H5T_IEEE_F64LE) > 0);
    assert_int_equal(H5Sget_simple_extent_dims(space, dims, NULL), 2);
    assert_int_equal(dims[0], P);
    assert_int_equal(dims[1], 5);
    assert_int_equal(H5Pget_layout(dcpl), H5D_CONTIGUOUS);
    H5Pclose(dcpl);
    H5Sclose(space);
    H5Tclose(type);
    H5Dclose(dset);
    hid_t scale = H5Dopen2(file, "/appraisal/name", H5P_DEFAULT);
    char scale_name[32] = "";
    assert_true(H5DSis_scale(scale) > 0);
    assert_true(H5DSget_scale_name(scale, scale_name, sizeof scale_name) > 0);
    assert_string_equal(scale_name, "column");
    H5Dclose(scale);
    assert_scale(file, "/appraisal/value", 0, "/scenario/name", "point");
    assert_scale(file, "/appraisal/value", 1, "/appraisal/name", "column");
    assert_scale(file, "/appraisal/unit", 0, "/appraisal/name", "column");
    assert_scale(file, "/appraisal/description", 0, "/appraisal/name", "column");
    int count = 0;
    assert_true(H5Ovisit2(file, H5_INDEX_NAME, H5_ITER_INC, count_untimed, &count,
                          H5O_INFO_TIME) >= 0);
    assert_true(count > 30);
    H5Fclose(file);
}

/* Columns added in two calls, NaN included, come back as written; the same
 * results give the same bytes twice. */
static void test_roundtrip_columns(void **state)
{
    const struct fixture *fx = *state;
    struct hsc_results res, back;
    struct hsc_error err = {0};
    char *path = path_in(fx, "columns.h5"), *again = path_in(fx, "columns_again.h5");
    make_results(&res);
    add_both(&res);
    if (hsc_results_write(&res, path, &err) != 0)
        fail_msg("write: %s", err.message);
    assert_no_open_objects();
    if (hsc_results_read(path, &back, &err) != 0)
        fail_msg("read: %s", err.message);
    assert_no_open_objects();
    assert_int_equal(back.n_columns, 5);
    for (size_t c = 0; c < 5; c++) {
        const struct hsc_kpi_def *def = c < 3 ? &first_defs[c] : &second_defs[c - 3];
        assert_string_equal(back.columns[c].name, def->name);
        assert_string_equal(back.columns[c].unit, def->unit);
        assert_string_equal(back.columns[c].description, def->description);
    }
    for (size_t p = 0; p < P; p++)
        for (size_t c = 0; c < 5; c++)
            assert_same_double(back.column_value[p * 5 + c], value_at(p, c));
    assert_true(isnan(back.column_value[1 * 5 + 1]));
    assert_appraisal_layout(path);

    assert_int_equal(hsc_results_write(&res, again, &err), 0);
    if (system("command -v h5diff >/dev/null 2>&1") == 0)
        assert_int_equal(run_h5diff(path, again, ""), 0);
    keep_copy(&res, "columns.h5");
    hsc_results_free(&back);
    hsc_results_free(&res);
    hsc_error_clear(&err);
    free(again);
    free(path);
}

/* Without columns there is no /appraisal, and the reader says n_columns 0. */
static void test_no_columns_no_group(void **state)
{
    const struct fixture *fx = *state;
    struct hsc_results res, back;
    struct hsc_error err = {0};
    char *path = path_in(fx, "plain.h5");
    make_results(&res);
    assert_int_equal(hsc_results_write(&res, path, &err), 0);
    hid_t file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    assert_true(file >= 0);
    assert_int_equal(H5Lexists(file, "/appraisal", H5P_DEFAULT), 0);
    H5Fclose(file);
    assert_int_equal(hsc_results_read(path, &back, &err), 0);
    assert_int_equal(back.n_columns, 0);
    assert_null(back.columns);
    assert_null(back.column_value);
    hsc_results_free(&back);
    hsc_results_free(&res);
    hsc_error_clear(&err);
    free(path);
}

/* Columns without their values are refused before anything is written;
 * every failing step of a write with columns cleans up after itself. */
static void test_write_errors(void **state)
{
    const struct fixture *fx = *state;
    struct hsc_results res;
    struct hsc_error err = {0};
    char *path = path_in(fx, "refused.h5");
    make_results(&res);
    add_both(&res);
    double *values = res.column_value;
    res.column_value = NULL;
    assert_int_equal(hsc_results_write(&res, path, &err), -1);
    assert_non_null(strstr(err.message, "column_value"));
    assert_int_equal(access(path, F_OK), -1);
    res.column_value = values;
    long step = 1;
    for (; hsc__results_write_ex(&res, path, step, &err) != 0; step++) {
        assert_non_null(strstr(err.message, "injected failure"));
        assert_int_equal(count_temp_files(fx->dir), 0);
        assert_no_open_objects();
        assert_true(step < 1000);
    }
    assert_int_equal(access(path, F_OK), 0);
    hsc_results_free(&res);
    hsc_error_clear(&err);
    free(path);
}

/* Replaces dataset `name` of `path` by a float64 one of the given shape. */
static void replace_dataset(const char *path, const char *name, int rank, const hsize_t *dims)
{
    hid_t file = H5Fopen(path, H5F_ACC_RDWR, H5P_DEFAULT);
    assert_true(file >= 0);
    assert_true(H5Ldelete(file, name, H5P_DEFAULT) >= 0);
    hid_t space = H5Screate_simple(rank, dims, NULL);
    hid_t dset = H5Dcreate2(file, name, H5T_IEEE_F64LE, space, H5P_DEFAULT, H5P_DEFAULT,
                            H5P_DEFAULT);
    assert_true(dset >= 0);
    H5Dclose(dset);
    H5Sclose(space);
    H5Fclose(file);
}

static void expect_read_error(const char *path, const char *object, const char *text)
{
    struct hsc_results res;
    struct hsc_error err = {0};
    assert_int_equal(hsc_results_read(path, &res, &err), -1);
    assert_string_equal(err.file, path);
    assert_string_equal(err.path, object);
    if (!strstr(err.message, text))
        fail_msg("message '%s' lacks '%s'", err.message, text);
    assert_null(res.columns);
    assert_int_equal(res.n_columns, 0);
    assert_no_open_objects();
    hsc_error_clear(&err);
}

/* A malformed /appraisal is refused with the dataset named: a value of the
 * wrong width or rank, a value or unit missing. */
static void test_malformed_appraisal(void **state)
{
    const struct fixture *fx = *state;
    struct hsc_results res;
    struct hsc_error err = {0};
    char *path = path_in(fx, "malformed.h5");
    make_results(&res);
    add_both(&res);
    assert_int_equal(hsc_results_write(&res, path, &err), 0);
    hsize_t wide[2] = {P, 6};
    replace_dataset(path, "/appraisal/value", 2, wide);
    expect_read_error(path, "/appraisal/value", "dimension 1 has size 6, expected 5");

    hsize_t flat[1] = {P * 5};
    replace_dataset(path, "/appraisal/value", 1, flat);
    expect_read_error(path, "/appraisal/value", "has 1 dimensions, expected 2");

    hid_t file = H5Fopen(path, H5F_ACC_RDWR, H5P_DEFAULT);
    assert_true(H5Ldelete(file, "/appraisal/value", H5P_DEFAULT) >= 0);
    H5Fclose(file);
    expect_read_error(path, "/appraisal/value", "missing dataset");

    assert_int_equal(hsc_results_write(&res, path, &err), 0);
    file = H5Fopen(path, H5F_ACC_RDWR, H5P_DEFAULT);
    assert_true(H5Ldelete(file, "/appraisal/unit", H5P_DEFAULT) >= 0);
    H5Fclose(file);
    expect_read_error(path, "/appraisal/unit", "missing dataset");
    hsc_results_free(&res);
    hsc_error_clear(&err);
    free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_add_columns_twice),
        cmocka_unit_test(test_add_columns_failure_changes_nothing),
        cmocka_unit_test(test_roundtrip_columns),
        cmocka_unit_test(test_no_columns_no_group),
        cmocka_unit_test(test_write_errors),
        cmocka_unit_test(test_malformed_appraisal),
    };
    return cmocka_run_group_tests(tests, output_tmp_setup, output_tmp_teardown);
}
