/*
 * Tests of /events, the event trace in the results file: the records of
 * every task in (point, replication, time, sequence) order with the
 * contract's field names and types, the code-table attributes (written as
 * the results give them: src/output knows no event codes), storage
 * (chunked, deflate, Fletcher32, no times), the empty trace, the absence of
 * /events without a trace, and checks and clean failure on the way out.
 *
 * The file is read back with the plain HDF5 API, one field at a time by
 * name, so the test does not share the writer's record layout. With
 * HSC_TEST_KEEP=DIR, the traced and empty-trace files are also left in DIR
 * for tests/cli/check_results_file.py.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hdf5.h>

#include "hscflow/results.h"
#include "output/h5_util.h"
#include "unit/output/output_test_util.h"

enum { P = 2, R = 2, S = 3, COHORTS = 2 };

/* The event code table the model gives the runner (docs/results-format.md),
 * so that the files kept for check_results_file.py are like real ones. */
static const char *const contract_events[HSC_TRACE_EVENT_COUNT] = {
    "arrive", "request", "admit", "ready", "discharge", "leave", "home", "death",
    "turned_away", "diverted", "cancelled", "represent", "step_up", "bridge", "withdraw", "hold",
};

/* A complete results struct of P points x R replications (replication
 * numbers 5 and 6, so a test can tell them from indices), no KPIs, one day. */
static void make_results(struct hsc_results *res)
{
    static const char *const services[S] = {"acute", "step_down", "reablement"};
    assert_int_equal(hsc_results_alloc(res, P, R, 0, S, 1, 0), 0);
    res->point_names[0] = xstrdup("baseline");
    res->point_names[1] = xstrdup("more_beds");
    res->point_overrides[0] = xstrdup("");
    res->point_overrides[1] = xstrdup("services.acute.capacity=12");
    res->replications[0] = 5;
    res->replications[1] = 6;
    for (size_t s = 0; s < S; s++) {
        res->service_names[s] = xstrdup(services[s]);
        res->service_roles[s] = xstrdup("beds");
    }
    res->dates[0] = xstrdup("2026-01-01");
    res->warmup_days = 30.0;
    res->measure_days = 1.0;
    res->start_date = xstrdup("2026-01-01");
    res->rng = xstrdup("philox");
    res->scenario_text = xstrdup("name = \"test\";\n");
    res->run.created_utc = xstrdup("2026-11-22T08:00:00Z");
    res->run.host = xstrdup("testhost");
    res->run.command_line = xstrdup("hscflow run test.cfg --trace");
    res->run.threads = 1;
    res->run.ranks = 1;
}

static void add(struct hsc_trace *trace, double time, uint64_t person,
                uint32_t cohort, enum hsc_trace_event event, int32_t from,
                int32_t to)
{
    struct hsc_trace_record rec = {.time = time, .person = person,
                                   .cohort = cohort, .event = event,
                                   .from = from, .to = to};
    assert_int_equal(hsc_trace_add(trace, &rec), 0);
}

/* Switches the trace on with cohort names "frail85" and "adult" and the
 * contract's event names. */
static void trace_on(struct hsc_results *res)
{
    assert_int_equal(hsc_results_alloc_traces(res, COHORTS, HSC_TRACE_EVENT_COUNT), 0);
    res->cohort_names[0] = xstrdup("frail85");
    res->cohort_names[1] = xstrdup("adult");
    for (size_t e = 0; e < HSC_TRACE_EVENT_COUNT; e++)
        res->event_names[e] = xstrdup(contract_events[e]);
}

/* Task (point 0, rep 1) is empty; the others hold a short path each, and
 * task (1, 1) holds `extra` more records, enough to span several chunks. */
static void fill_traces(struct hsc_results *res, size_t extra)
{
    struct hsc_trace *t00 = &res->traces[0], *t10 = &res->traces[2];
    struct hsc_trace *t11 = &res->traces[3];
    add(t00, 0.5, 0, 0, HSC_TRACE_ARRIVE, -1, 0);
    add(t00, 0.5, 0, 0, HSC_TRACE_ADMIT, -1, 0);
    add(t00, 3.25, 0, 0, HSC_TRACE_READY, 0, -1);
    add(t00, 4.0, 0, 0, HSC_TRACE_DISCHARGE, 0, 1);
    add(t10, 1.0, 7, 1, HSC_TRACE_ARRIVE, -1, 0);
    add(t10, 2.0, 7, 1, HSC_TRACE_WITHDRAW, 2, -1);
    for (size_t i = 0; i < extra; i++)
        add(t11, 0.001 * (double)(i / 3), (UINT64_C(1) << 40) | i, (uint32_t)(i % 2),
            (enum hsc_trace_event)(i % HSC_TRACE_EVENT_COUNT), (int32_t)(i % 4) - 1,
            (int32_t)((i + 1) % 4) - 1);
}

/* Reads member `field` of every row of /events as mem_type into out. */
static void read_field(hid_t dset, const char *field, hid_t mem_type, void *out)
{
    hid_t type = H5Tcreate(H5T_COMPOUND, H5Tget_size(mem_type));
    assert_true(type >= 0);
    assert_true(H5Tinsert(type, field, 0, mem_type) >= 0);
    assert_true(H5Dread(dset, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, out) >= 0);
    H5Tclose(type);
}

/* The stored member types: name, class, size, sign, in order. */
static void assert_member_types(hid_t dset)
{
    static const struct {
        const char *name;
        H5T_class_t cls;
        size_t size;
        H5T_sign_t sign;
    } want[] = {
        {"point", H5T_INTEGER, 8, H5T_SGN_2}, {"replication", H5T_INTEGER, 8, H5T_SGN_2},
        {"time", H5T_FLOAT, 8, H5T_SGN_ERROR}, {"person", H5T_INTEGER, 8, H5T_SGN_NONE},
        {"cohort", H5T_INTEGER, 4, H5T_SGN_2}, {"event", H5T_INTEGER, 4, H5T_SGN_2},
        {"from", H5T_INTEGER, 4, H5T_SGN_2}, {"to", H5T_INTEGER, 4, H5T_SGN_2},
    };
    hid_t type = H5Dget_type(dset);
    assert_int_equal(H5Tget_class(type), H5T_COMPOUND);
    assert_int_equal(H5Tget_nmembers(type), 8);
    for (unsigned m = 0; m < 8; m++) {
        char *name = H5Tget_member_name(type, m);
        hid_t member = H5Tget_member_type(type, m);
        assert_string_equal(name, want[m].name);
        assert_int_equal(H5Tget_class(member), want[m].cls);
        assert_int_equal(H5Tget_size(member), want[m].size);
        assert_int_equal(H5Tget_order(member), H5T_ORDER_LE);
        if (want[m].cls == H5T_INTEGER)
            assert_int_equal(H5Tget_sign(member), want[m].sign);
        H5Tclose(member);
        H5free_memory(name);
    }
    H5Tclose(type);
}

/* Reads string-array attribute `name` of /events; checks its length. */
static void assert_attr_strings(hid_t dset, const char *name, size_t n,
                                const char *const *want)
{
    hid_t attr = H5Aopen(dset, name, H5P_DEFAULT);
    assert_true(attr >= 0);
    hid_t space = H5Aget_space(attr);
    hsize_t dims[1] = {0};
    assert_int_equal(H5Sget_simple_extent_ndims(space), 1);
    H5Sget_simple_extent_dims(space, dims, NULL);
    assert_int_equal(dims[0], n);
    hid_t type = H5Aget_type(attr);
    assert_int_equal(H5Tget_class(type), H5T_STRING);
    assert_true(H5Tis_variable_str(type) > 0);
    assert_int_equal(H5Tget_cset(type), H5T_CSET_UTF8);
    char **text = calloc(n + 1, sizeof *text);
    assert_non_null(text);
    if (n > 0) {
        assert_true(H5Aread(attr, type, text) >= 0);
        for (size_t i = 0; i < n; i++)
            assert_string_equal(text[i], want[i]);
        H5Dvlen_reclaim(type, space, H5P_DEFAULT, text);
    }
    free(text);
    H5Tclose(type);
    H5Sclose(space);
    H5Aclose(attr);
}

/* The code tables of res (a NULL name is stored as ""). */
static void assert_code_tables(hid_t dset, const struct hsc_results *res)
{
    const char **events = malloc((res->n_event_codes + 1) * sizeof *events);
    assert_non_null(events);
    for (size_t e = 0; e < res->n_event_codes; e++)
        events[e] = res->event_names[e] ? res->event_names[e] : "";
    assert_attr_strings(dset, "event_names", res->n_event_codes, events);
    free(events);
    const char *cohorts[COHORTS];
    for (size_t c = 0; c < COHORTS; c++)
        cohorts[c] = res->cohort_names[c] ? res->cohort_names[c] : "";
    assert_attr_strings(dset, "cohort_names", COHORTS, cohorts);
    const char *services[S] = {"acute", "step_down", "reablement"};
    assert_attr_strings(dset, "service_names", S, services);
}

/* Every row equals the records of the tasks in index order. */
static void assert_rows(hid_t dset, const struct hsc_results *res, size_t n)
{
    int64_t *point = malloc((n + 1) * sizeof *point);
    int64_t *rep = malloc((n + 1) * sizeof *rep);
    double *time = malloc((n + 1) * sizeof *time);
    uint64_t *person = malloc((n + 1) * sizeof *person);
    int32_t *code[4];
    for (int c = 0; c < 4; c++)
        assert_non_null(code[c] = malloc((n + 1) * sizeof *code[c]));
    assert_true(point && rep && time && person);
    read_field(dset, "point", H5T_NATIVE_INT64, point);
    read_field(dset, "replication", H5T_NATIVE_INT64, rep);
    read_field(dset, "time", H5T_NATIVE_DOUBLE, time);
    read_field(dset, "person", H5T_NATIVE_UINT64, person);
    read_field(dset, "cohort", H5T_NATIVE_INT32, code[0]);
    read_field(dset, "event", H5T_NATIVE_INT32, code[1]);
    read_field(dset, "from", H5T_NATIVE_INT32, code[2]);
    read_field(dset, "to", H5T_NATIVE_INT32, code[3]);
    size_t row = 0;
    for (size_t p = 0; p < P; p++) {
        for (size_t r = 0; r < R; r++) {
            const struct hsc_trace *trace = &res->traces[p * R + r];
            for (size_t i = 0; i < trace->count; i++, row++) {
                const struct hsc_trace_record *rec = &trace->records[i];
                assert_true(row < n);
                assert_int_equal(point[row], p);
                assert_int_equal(rep[row], res->replications[r]);
                assert_true(time[row] == rec->time);
                assert_true(person[row] == rec->person);
                assert_int_equal(code[0][row], rec->cohort);
                assert_int_equal(code[1][row], rec->event);
                assert_int_equal(code[2][row], rec->from);
                assert_int_equal(code[3][row], rec->to);
            }
        }
    }
    assert_int_equal(row, n);
    for (int c = 0; c < 4; c++)
        free(code[c]);
    free(person);
    free(time);
    free(rep);
    free(point);
}

static void assert_storage(hid_t dset)
{
    hid_t dcpl = H5Dget_create_plist(dset);
    unsigned flags;
    hbool_t track = 1;
    assert_int_equal(H5Pget_layout(dcpl), H5D_CHUNKED);
    assert_true(H5Pget_filter_by_id2(dcpl, H5Z_FILTER_FLETCHER32, &flags, NULL,
                                     NULL, 0, NULL, NULL) >= 0);
    assert_true(H5Pget_filter_by_id2(dcpl, H5Z_FILTER_DEFLATE, &flags, NULL,
                                     NULL, 0, NULL, NULL) >= 0);
    assert_true(H5Pget_obj_track_times(dcpl, &track) >= 0);
    assert_false(track);
    H5Pclose(dcpl);
}

static hsize_t events_length(hid_t dset)
{
    hid_t space = H5Dget_space(dset);
    hsize_t dims[1] = {0};
    assert_int_equal(H5Sget_simple_extent_ndims(space), 1);
    H5Sget_simple_extent_dims(space, dims, NULL);
    H5Sclose(space);
    return dims[0];
}

/* Writes, reopens and checks /events; the reader skips it. */
static void roundtrip(const struct fixture *fx, size_t extra, const char *name)
{
    struct hsc_results res, back;
    struct hsc_error err = {0};
    char *path = path_in(fx, name);
    make_results(&res);
    trace_on(&res);
    fill_traces(&res, extra);
    size_t n = hsc_results_trace_count(&res);
    assert_int_equal(n, 6 + extra);
    if (hsc_results_write(&res, path, &err) != 0)
        fail_msg("write: %s", err.message);
    assert_no_open_objects();
    hid_t file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    hid_t dset = H5Dopen2(file, "/events", H5P_DEFAULT);
    assert_true(file >= 0 && dset >= 0);
    assert_int_equal(events_length(dset), n);
    assert_member_types(dset);
    assert_code_tables(dset, &res);
    assert_rows(dset, &res, n);
    assert_storage(dset);
    H5Dclose(dset);
    H5Fclose(file);
    assert_int_equal(hsc_results_read(path, &back, &err), 0);
    assert_null(back.traces);
    assert_int_equal(back.n_points, P);
    keep_copy(&res, name);
    hsc_results_free(&back);
    hsc_results_free(&res);
    free(path);
}

static void test_roundtrip(void **state)
{
    roundtrip(*state, 0, "events.h5");
}

/* 20000 records in one task: several whole chunks and a partial one. */
static void test_roundtrip_many_chunks(void **state)
{
    roundtrip(*state, 20000, "events_big.h5");
}

/* A trace in which nothing happened: /events exists, empty, with its code
 * tables (and a NULL cohort name among them, stored as ""). */
static void test_empty_trace(void **state)
{
    struct hsc_results res;
    struct hsc_error err = {0};
    char *path = path_in(*state, "events_empty.h5");
    make_results(&res);
    trace_on(&res);
    keep_copy(&res, "events_empty.h5");
    free(res.cohort_names[1]);
    res.cohort_names[1] = NULL;
    assert_int_equal(hsc_results_trace_count(&res), 0);
    assert_int_equal(hsc_results_write(&res, path, &err), 0);
    hid_t file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    hid_t dset = H5Dopen2(file, "/events", H5P_DEFAULT);
    assert_true(file >= 0 && dset >= 0);
    assert_int_equal(events_length(dset), 0);
    assert_member_types(dset);
    assert_code_tables(dset, &res);
    H5Dclose(dset);
    H5Fclose(file);
    assert_no_open_objects();
    hsc_results_free(&res);
    free(path);
}

/* Without a trace there is no /events; with one, nothing else changes. */
static void test_absent_without_trace(void **state)
{
    struct hsc_results res;
    struct hsc_error err = {0};
    char *plain = path_in(*state, "plain.h5"), *traced = path_in(*state, "traced.h5");
    make_results(&res);
    assert_null(res.traces);
    assert_int_equal(hsc_results_trace_count(&res), 0);
    assert_int_equal(hsc_results_write(&res, plain, &err), 0);
    hid_t file = H5Fopen(plain, H5F_ACC_RDONLY, H5P_DEFAULT);
    assert_true(file >= 0);
    assert_int_equal(H5Lexists(file, "/events", H5P_DEFAULT), 0);
    H5Fclose(file);
    trace_on(&res);
    fill_traces(&res, 10);
    assert_int_equal(hsc_results_write(&res, traced, &err), 0);
    if (system("command -v h5diff >/dev/null 2>&1") == 0) {
        assert_int_equal(run_h5diff(plain, traced, "--exclude-path /events"), 0);
        assert_int_equal(run_h5diff(plain, traced, ""), 1);
    } else {
        print_message("h5diff not found: only the absence of /events was checked\n");
    }
    hsc_results_free(&res);
    free(traced);
    free(plain);
}

/* A record the code tables cannot describe, or out of time order, stops
 * the write before any file is made, with a message naming the record. */
static void expect_rejected(const struct fixture *fx, struct hsc_trace_record bad,
                            const char *text)
{
    struct hsc_results res;
    struct hsc_error err = {0};
    char *path = path_in(fx, "rejected.h5");
    make_results(&res);
    trace_on(&res);
    fill_traces(&res, 0);
    assert_int_equal(hsc_trace_add(&res.traces[2], &bad), 0);
    assert_int_equal(hsc_results_write(&res, path, &err), -1);
    assert_string_equal(err.path, "/events");
    if (!strstr(err.message, text) || !strstr(err.message, "task 2, record 2"))
        fail_msg("message '%s' lacks '%s'", err.message, text);
    assert_int_equal(access(path, F_OK), -1);
    hsc_error_clear(&err);
    hsc_results_free(&res);
    free(path);
}

static void test_bad_records(void **state)
{
    const struct hsc_trace_record ok = {.time = 5.0, .cohort = 1,
                                        .event = HSC_TRACE_HOME, .from = -1, .to = -1};
    struct hsc_trace_record bad = ok;
    bad.event = HSC_TRACE_EVENT_COUNT;
    expect_rejected(*state, bad, "unknown event code");
    bad = ok;
    bad.cohort = COHORTS;
    expect_rejected(*state, bad, "cohort out of range");
    bad = ok;
    bad.from = S;
    expect_rejected(*state, bad, "'from' service out of range");
    bad = ok;
    bad.to = -2;
    expect_rejected(*state, bad, "'to' service out of range");
    bad = ok;
    bad.time = 1.5; /* the task's previous record is at day 2 */
    expect_rejected(*state, bad, "before the previous record");
    bad = ok;
    bad.time = NAN;
    expect_rejected(*state, bad, "not finite");
}

/* The event code table is the one in the results, whatever it holds: three
 * codes (one name NULL, stored as ""), so code 2 is written and code 3,
 * a valid model code, is refused. */
static void test_event_table_as_given(void **state)
{
    struct hsc_results res;
    struct hsc_error err = {0};
    char *path = path_in(*state, "events_own_table.h5");
    const struct hsc_trace_record last = {.time = 1.0, .event = 2, .from = -1, .to = -1};
    struct hsc_trace_record beyond = last;
    beyond.event = 3;
    make_results(&res);
    assert_int_equal(hsc_results_alloc_traces(&res, COHORTS, 3), 0);
    res.cohort_names[0] = xstrdup("frail85");
    res.cohort_names[1] = xstrdup("adult");
    res.event_names[0] = xstrdup("in");
    res.event_names[2] = xstrdup("out");
    assert_int_equal(hsc_trace_add(&res.traces[0], &last), 0);
    if (hsc_results_write(&res, path, &err) != 0)
        fail_msg("write: %s", err.message);
    hid_t file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    hid_t dset = H5Dopen2(file, "/events", H5P_DEFAULT);
    assert_true(file >= 0 && dset >= 0);
    const char *want[3] = {"in", "", "out"};
    assert_attr_strings(dset, "event_names", 3, want);
    assert_code_tables(dset, &res);
    H5Dclose(dset);
    H5Fclose(file);
    assert_int_equal(hsc_trace_add(&res.traces[0], &beyond), 0);
    assert_int_equal(hsc_results_write(&res, path, &err), -1);
    if (!strstr(err.message, "unknown event code") || !strstr(err.message, "task 0, record 1"))
        fail_msg("message '%s'", err.message);
    hsc_error_clear(&err);
    hsc_results_free(&res);
    free(path);
}

/* A trace without its event code table is not written. */
static void test_event_table_missing(void **state)
{
    struct hsc_results res;
    struct hsc_error err = {0};
    char *path = path_in(*state, "events_no_table.h5");
    make_results(&res);
    trace_on(&res);
    for (size_t e = 0; e < res.n_event_codes; e++)
        free(res.event_names[e]);
    free(res.event_names);
    res.event_names = NULL;
    assert_int_equal(hsc_results_write(&res, path, &err), -1);
    assert_non_null(strstr(err.message, "results.event_names is missing"));
    assert_int_equal(access(path, F_OK), -1);
    hsc_error_clear(&err);
    hsc_results_free(&res);
    free(path);
}

/* Every step of a traced write fails cleanly in turn: nothing open, no
 * temporary file, no target; then the write succeeds. */
static void test_injected_failures(void **state)
{
    const struct fixture *fx = *state;
    struct hsc_results res;
    struct hsc_error err = {0};
    char *path = path_in(fx, "events_atomic.h5");
    make_results(&res);
    trace_on(&res);
    fill_traces(&res, 6000);
    long step = 1;
    for (; hsc__results_write_ex(&res, path, step, &err) != 0; step++) {
        assert_non_null(strstr(err.message, "injected failure"));
        assert_int_equal(access(path, F_OK), -1);
        assert_int_equal(count_temp_files(fx->dir), 0);
        assert_no_open_objects();
        hsc_error_clear(&err);
        assert_true(step < 1000);
    }
    hid_t file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    assert_true(file >= 0);
    assert_int_equal(H5Lexists(file, "/events", H5P_DEFAULT), 1);
    H5Fclose(file);
    hsc_results_free(&res);
    free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_roundtrip),
        cmocka_unit_test(test_roundtrip_many_chunks),
        cmocka_unit_test(test_empty_trace),
        cmocka_unit_test(test_absent_without_trace),
        cmocka_unit_test(test_bad_records),
        cmocka_unit_test(test_event_table_as_given),
        cmocka_unit_test(test_event_table_missing),
        cmocka_unit_test(test_injected_failures),
    };
    return cmocka_run_group_tests(tests, output_tmp_setup, output_tmp_teardown);
}
