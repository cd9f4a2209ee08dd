/*
 * Staged runs (hsc_exec_session_*): replications given to points in
 * batches store exactly what one run of the same tasks stores, whatever the
 * split and the thread count; replications not yet run are NaN and
 * point_reps says how many ran; summaries count only those; targets above
 * the session's maximum are refused, lower ones change nothing; a failed
 * batch reports its lowest failing (point, replication) and is rolled back.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "hscflow/exec.h"
#include "support/run_support.h"

/* Two services, so the series have S = 2; short, so a replication is quick. */
static const char scenario[] =
    "name = \"staged\";\n"
    "run = { seed = 11; replications = 5; warmup_days = 5.0; measure_days = 20.0; };\n"
    "cohorts = { x = { emergency_per_day = 4.0; discharge = { home = 0.5; step_down = 0.5; }; "
    "}; };\n"
    "services = {\n"
    "  acute = { kind = \"beds\"; role = \"acute\"; capacity = 6;\n"
    "    duration = { x = { dist = \"exponential\"; mean = 1.0; }; }; };\n"
    "  step_down = { kind = \"beds\"; role = \"step_down\"; capacity = 3;\n"
    "    duration = { x = { dist = \"exponential\"; mean = 2.0; }; };\n"
    "    exits = { x = { home = 1.0; }; }; };\n"
    "};\n";

#define N_POINTS 2
#define MAX_REPS 5

/* The base and a point with one more step-down bed. */
struct points {
    struct hsc_scenario base, more;
    struct hsc_exec_point list[N_POINTS];
};

static void points_load(struct points *pts)
{
    struct hsc_override more = {"services.step_down.capacity", "4"};
    support_load(&pts->base, NULL, 0, "%s", scenario);
    support_load(&pts->more, &more, 1, "%s", scenario);
    pts->list[0] = (struct hsc_exec_point){.sc = &pts->base, .name = "baseline", .overrides = ""};
    pts->list[1] = (struct hsc_exec_point){
        .sc = &pts->more, .name = "more", .overrides = "services.step_down.capacity=4"};
}

static void points_fini(struct points *pts)
{
    hsc_scenario_fini(&pts->more);
    hsc_scenario_fini(&pts->base);
}

static void fail_with(const char *what, struct hsc_error *err)
{
    char buf[1024];
    hsc_error_format(err, buf, sizeof buf);
    fail_msg("%s failed: %s", what, buf);
}

/* One run of every replication of both points (the reference). */
static void run_in_one_go(const struct points *pts, size_t threads, bool trace,
                          struct hsc_results *res)
{
    struct hsc_exec_options opts = {.threads = threads, .trace = trace};
    struct hsc_error err = {0};
    if (hsc_exec_run_points(pts->list, N_POINTS, &opts, res, &err) != 0)
        fail_with("hsc_exec_run_points", &err);
}

static void stage(struct hsc_exec_session *session, size_t target0, size_t target1)
{
    const size_t target[N_POINTS] = {target0, target1};
    struct hsc_error err = {0};
    if (hsc_exec_session_run(session, target, &err) != 0)
        fail_with("hsc_exec_session_run", &err);
}

static struct hsc_exec_session *open_session(const struct points *pts, size_t threads,
                                             bool trace, struct hsc_results *res)
{
    struct hsc_exec_options opts = {.threads = threads, .trace = trace};
    struct hsc_exec_session *session = NULL;
    struct hsc_error err = {0};
    if (hsc_exec_session_open(&session, pts->list, N_POINTS, MAX_REPS, &opts, res, &err) != 0)
        fail_with("hsc_exec_session_open", &err);
    return session;
}

/* Sizes of the value arrays, in elements. */
static size_t n_values(const struct hsc_results *res)
{
    return res->n_points * res->n_reps * res->n_kpis;
}
static size_t n_days(const struct hsc_results *res)
{
    return res->n_points * res->n_reps * res->n_days;
}
static size_t n_cells(const struct hsc_results *res)
{
    return n_days(res) * res->n_services;
}

/* Bit for bit the same numbers (NaN included), summaries and traces. */
static void assert_identical(const struct hsc_results *a, const struct hsc_results *b)
{
    assert_int_equal(a->n_points, b->n_points);
    assert_int_equal(a->n_reps, b->n_reps);
    assert_int_equal(a->n_kpis, b->n_kpis);
    assert_memory_equal(a->point_reps, b->point_reps, a->n_points * sizeof *a->point_reps);
    assert_memory_equal(a->kpi_value, b->kpi_value, n_values(a) * sizeof(double));
    assert_memory_equal(a->summary, b->summary,
                        a->n_points * a->n_kpis * sizeof(struct hsc_summary));
    assert_memory_equal(a->ts_occupancy, b->ts_occupancy, n_cells(a) * sizeof(float));
    assert_memory_equal(a->ts_waiting, b->ts_waiting, n_cells(a) * sizeof(float));
    assert_memory_equal(a->ts_admissions, b->ts_admissions, n_days(a) * sizeof(float));
    assert_memory_equal(a->ts_discharges, b->ts_discharges, n_days(a) * sizeof(float));
    assert_memory_equal(a->runaway, b->runaway, a->n_points * a->n_reps * a->n_services);
    assert_true((a->traces == NULL) == (b->traces == NULL));
    for (size_t t = 0; a->traces && t < a->n_points * a->n_reps; t++) {
        assert_int_equal(a->traces[t].count, b->traces[t].count);
        if (a->traces[t].count > 0)
            assert_memory_equal(a->traces[t].records, b->traces[t].records,
                                a->traces[t].count * sizeof *a->traces[t].records);
    }
}

/* Replication rep of point p has not run: NaN everywhere, no flag, no
 * trace. */
static void assert_unrun(const struct hsc_results *res, size_t p, size_t rep)
{
    for (size_t k = 0; k < res->n_kpis; k++)
        assert_true(isnan(res->kpi_value[hsc_results_kpi_index(res, p, rep, k)]));
    for (size_t d = 0; d < res->n_days; d++) {
        assert_true(isnan(res->ts_admissions[hsc_results_day_index(res, p, rep, d)]));
        assert_true(isnan(res->ts_discharges[hsc_results_day_index(res, p, rep, d)]));
        for (size_t s = 0; s < res->n_services; s++) {
            assert_true(isnan(res->ts_occupancy[hsc_results_ts_index(res, p, rep, d, s)]));
            assert_true(isnan(res->ts_waiting[hsc_results_ts_index(res, p, rep, d, s)]));
        }
    }
    for (size_t s = 0; s < res->n_services; s++)
        assert_int_equal(res->runaway[hsc_results_service_index(res, p, rep, s)], 0);
    if (res->traces)
        assert_int_equal(res->traces[p * res->n_reps + rep].count, 0);
}

/* Replication rep of point p has run: every series value is a count (the
 * model adds each day's admissions to a zeroed slice). */
static void assert_run(const struct hsc_results *res, size_t p, size_t rep)
{
    for (size_t d = 0; d < res->n_days; d++) {
        assert_true(res->ts_admissions[hsc_results_day_index(res, p, rep, d)] >= 0.0f);
        assert_true(res->ts_discharges[hsc_results_day_index(res, p, rep, d)] >= 0.0f);
        for (size_t s = 0; s < res->n_services; s++) {
            assert_true(res->ts_occupancy[hsc_results_ts_index(res, p, rep, d, s)] >= 0.0f);
            assert_true(res->ts_waiting[hsc_results_ts_index(res, p, rep, d, s)] >= 0.0f);
        }
    }
}

/* What a staged run holds after a stage: point_reps = ran[p]; the
 * replications run equal the reference's, bit for bit; the rest are NaN;
 * every summary's n counts the defined values among those run (for an
 * always-defined KPI, exactly ran[p]). */
static void assert_stage(const struct hsc_results *res, const struct hsc_results *ref,
                         const size_t ran[N_POINTS])
{
    size_t admissions = support_kpi(res, "emergency_admissions");
    for (size_t p = 0; p < N_POINTS; p++) {
        assert_int_equal(res->point_reps[p], ran[p]);
        for (size_t rep = 0; rep < ran[p]; rep++)
            assert_run(res, p, rep);
        for (size_t rep = ran[p]; rep < res->n_reps; rep++)
            assert_unrun(res, p, rep);
        size_t first = hsc_results_kpi_index(res, p, 0, 0);
        assert_memory_equal(res->kpi_value + first, ref->kpi_value + first,
                            ran[p] * res->n_kpis * sizeof(double));
        size_t cell = hsc_results_ts_index(res, p, 0, 0, 0);
        assert_memory_equal(res->ts_occupancy + cell, ref->ts_occupancy + cell,
                            ran[p] * res->n_days * res->n_services * sizeof(float));
        size_t day = hsc_results_day_index(res, p, 0, 0);
        assert_memory_equal(res->ts_admissions + day, ref->ts_admissions + day,
                            ran[p] * res->n_days * sizeof(float));
        for (size_t k = 0; k < res->n_kpis; k++) {
            size_t defined = 0;
            for (size_t rep = 0; rep < ran[p]; rep++)
                defined += !isnan(res->kpi_value[hsc_results_kpi_index(res, p, rep, k)]);
            assert_true(res->summary[p * res->n_kpis + k].n == (double)defined);
        }
        assert_true(res->summary[p * res->n_kpis + admissions].n == (double)ran[p]);
    }
}

/* Targets {3, 1}, then {3, 4}, then {5, 5} on one thread give, stage by
 * stage, the reference's replications and NaN elsewhere, and in the end
 * exactly what hsc_exec_run_points stores with 5 replications on two
 * threads (trace included). */
static void test_staged_equals_one_go(void **state)
{
    (void)state;
    struct points pts;
    struct hsc_results ref, res;
    points_load(&pts);
    run_in_one_go(&pts, 2, true, &ref);
    for (size_t p = 0; p < N_POINTS; p++)
        assert_int_equal(ref.point_reps[p], MAX_REPS);

    struct hsc_exec_session *session = open_session(&pts, 1, true, &res);
    const size_t none[N_POINTS] = {0, 0};
    assert_stage(&res, &ref, none);
    stage(session, 3, 1);
    assert_stage(&res, &ref, (const size_t[N_POINTS]){3, 1});
    stage(session, 3, 4);
    assert_stage(&res, &ref, (const size_t[N_POINTS]){3, 4});
    stage(session, 5, 5);
    hsc_exec_session_close(session);
    assert_identical(&res, &ref);
    hsc_results_free(&res);
    hsc_results_free(&ref);
    points_fini(&pts);
}

/* Another split ({1, 5} then {5, 5}) on two threads, and one thread in
 * one go, agree with two threads in one go. */
static void test_threads_and_splits_agree(void **state)
{
    (void)state;
    struct points pts;
    struct hsc_results ref, one, res;
    points_load(&pts);
    run_in_one_go(&pts, 2, false, &ref);
    run_in_one_go(&pts, 1, false, &one);
    assert_identical(&one, &ref);
    struct hsc_exec_session *session = open_session(&pts, 2, false, &res);
    stage(session, 1, 5);
    assert_stage(&res, &ref, (const size_t[N_POINTS]){1, 5});
    stage(session, 5, 5);
    hsc_exec_session_close(session);
    assert_identical(&res, &ref);
    hsc_results_free(&res);
    hsc_results_free(&one);
    hsc_results_free(&ref);
    points_fini(&pts);
}

/* A target above the session's maximum is refused before anything runs; a
 * target at or below what a point has run leaves it as it is. */
static void test_targets_out_of_range(void **state)
{
    (void)state;
    struct points pts;
    struct hsc_results ref, res;
    struct hsc_error err = {0};
    points_load(&pts);
    run_in_one_go(&pts, 2, false, &ref);
    struct hsc_exec_session *session = open_session(&pts, 2, false, &res);
    stage(session, 3, 1);

    const size_t too_many[N_POINTS] = {4, MAX_REPS + 1};
    assert_int_equal(hsc_exec_session_run(session, too_many, &err), -1);
    if (!strstr(err.message, "\"more\": 6 replications asked for, but the run was set up "
                             "for at most 5"))
        fail_msg("unexpected message: %s", err.message);
    assert_stage(&res, &ref, (const size_t[N_POINTS]){3, 1}); /* point 0 did not run 3 */

    stage(session, 2, 0); /* lower: nothing changes */
    assert_stage(&res, &ref, (const size_t[N_POINTS]){3, 1});
    stage(session, 3, 1); /* equal: an empty batch */
    assert_stage(&res, &ref, (const size_t[N_POINTS]){3, 1});
    stage(session, 1, 2); /* one lower, one higher */
    assert_stage(&res, &ref, (const size_t[N_POINTS]){3, 2});

    hsc_exec_session_close(session);
    hsc_error_clear(&err);
    hsc_results_free(&res);
    hsc_results_free(&ref);
    points_fini(&pts);
}

/* A batch that fails reports its lowest failing (point, replication), not
 * the first to fail in time, and is rolled back: the values, point_reps and
 * summaries are as before, and the session runs on. Point 1 cannot start
 * (run.max_events = 1), point 2 fails soon after (run.max_people = 1). */
static void test_failed_batch_rolls_back(void **state)
{
    (void)state;
    struct points pts;
    struct hsc_scenario no_events, no_people;
    struct hsc_override events = {"run.max_events", "1"}, people = {"run.max_people", "1"};
    struct hsc_results res, before;
    struct hsc_error err = {0};
    points_load(&pts);
    support_load(&no_events, &events, 1, "%s", scenario);
    support_load(&no_people, &people, 1, "%s", scenario);
    const struct hsc_exec_point list[3] = {
        pts.list[0],
        {.sc = &no_events, .name = "no_events", .overrides = "run.max_events=1"},
        {.sc = &no_people, .name = "no_people", .overrides = "run.max_people=1"},
    };
    struct hsc_exec_options opts = {.threads = 2};
    struct hsc_exec_session *session = NULL;
    if (hsc_exec_session_open(&session, list, 3, MAX_REPS, &opts, &res, &err) != 0)
        fail_with("hsc_exec_session_open", &err);
    const size_t first[3] = {2, 0, 0};
    assert_int_equal(hsc_exec_session_run(session, first, &err), 0);

    /* A snapshot of the arrays to compare with after the failure. */
    assert_int_equal(hsc_results_alloc(&before, 3, MAX_REPS, res.n_kpis, res.n_services,
                                       res.n_days, 0), 0);
    memcpy(before.kpi_value, res.kpi_value, n_values(&res) * sizeof(double));
    memcpy(before.summary, res.summary, 3 * res.n_kpis * sizeof(struct hsc_summary));
    memcpy(before.ts_occupancy, res.ts_occupancy, n_cells(&res) * sizeof(float));
    memcpy(before.ts_admissions, res.ts_admissions, n_days(&res) * sizeof(float));
    memcpy(before.point_reps, res.point_reps, 3 * sizeof(int64_t));

    for (int attempt = 0; attempt < 3; attempt++) { /* whichever thread fails first */
        const size_t failing[3] = {4, 1, 3};
        assert_int_equal(hsc_exec_session_run(session, failing, &err), -1);
        assert_non_null(err.path);
        assert_string_equal(err.path, "run.max_events");
        assert_memory_equal(res.point_reps, before.point_reps, 3 * sizeof(int64_t));
        assert_memory_equal(res.kpi_value, before.kpi_value, n_values(&res) * sizeof(double));
        assert_memory_equal(res.summary, before.summary,
                            3 * res.n_kpis * sizeof(struct hsc_summary));
        assert_memory_equal(res.ts_occupancy, before.ts_occupancy,
                            n_cells(&res) * sizeof(float));
        assert_memory_equal(res.ts_admissions, before.ts_admissions,
                            n_days(&res) * sizeof(float));
    }
    const size_t only_people[3] = {2, 0, 1};
    assert_int_equal(hsc_exec_session_run(session, only_people, &err), -1);
    assert_string_equal(err.path, "run.max_people");

    const size_t more[3] = {3, 0, 0};
    assert_int_equal(hsc_exec_session_run(session, more, &err), 0);
    assert_int_equal(res.point_reps[0], 3);
    assert_int_equal(res.summary[support_kpi(&res, "emergency_admissions")].n, 3);

    hsc_exec_session_close(session);
    hsc_error_clear(&err);
    hsc_results_free(&before);
    hsc_results_free(&res);
    hsc_scenario_fini(&no_people);
    hsc_scenario_fini(&no_events);
    points_fini(&pts);
}

/* Opening checks the points as hsc_exec_run_points does and leaves res
 * zeroed and no session when they do not fit together. */
static void test_open_checks_points(void **state)
{
    (void)state;
    struct points pts;
    struct hsc_scenario other_seed;
    struct hsc_override seed = {"run.seed", "12"};
    struct hsc_results res;
    struct hsc_error err = {0};
    points_load(&pts);
    support_load(&other_seed, &seed, 1, "%s", scenario);
    const struct hsc_exec_point list[2] = {pts.list[0], {.sc = &other_seed, .overrides = ""}};
    struct hsc_exec_options opts = {.threads = 1};
    struct hsc_exec_session *session = (struct hsc_exec_session *)&err; /* overwritten */
    assert_int_equal(hsc_exec_session_open(&session, list, 2, 3, &opts, &res, &err), -1);
    assert_null(session);
    assert_null(res.point_reps);
    assert_null(res.kpi_value);
    assert_non_null(strstr(err.message, "does not have the base scenario's"));
    hsc_exec_session_close(NULL);
    hsc_error_clear(&err);
    hsc_scenario_fini(&other_seed);
    points_fini(&pts);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_staged_equals_one_go),
        cmocka_unit_test(test_threads_and_splits_agree),
        cmocka_unit_test(test_targets_out_of_range),
        cmocka_unit_test(test_failed_batch_rolls_back),
        cmocka_unit_test(test_open_checks_points),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
