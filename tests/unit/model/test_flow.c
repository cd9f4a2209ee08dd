/*
 * Behaviour tests of the whole-system flow, one per rule of docs/model.md:
 * blocking, hospital waiters before community ones, emergencies before
 * electives, weekend discharge, assessment on working days only, the
 * readmission window, the 91-day check, initial occupancy from the
 * equilibrium distribution, and head-of-line home care. Each scenario is
 * small and mostly deterministic (fixed stays), so the expected numbers can be
 * worked out by hand; conservation is asserted inside every run.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "support/model_support.h"
#include "support/run_support.h"

/* 2026-04-01, the start date of the scenarios that look at weekdays, is a
 * Wednesday. */
static int weekday_of(size_t day)
{
    return (int)((2 + day) % 7);
}

static void run_text(struct hsc_results *res, const char *text)
{
    struct hsc_scenario sc;
    support_load(&sc, NULL, 0, "%s", text);
    support_run(&sc, res);
    hsc_scenario_fini(&sc);
}

/* Step-down people finish in a day but wait for one home-care-like bed that
 * frees every 10 days: they keep their step-down bed (blocked). */
static void blocked_people_keep_their_place(void **state)
{
    (void)state;
    struct hsc_results res;
    run_text(&res,
             "name = \"blocking\";\n"
             "run = { replications = 1; start_date = \"2026-04-01\"; measure_days = 200.0; };\n"
             "cohorts = { x = { }; };\n"
             "services = {\n"
             "  acute = { kind = \"beds\"; role = \"acute\"; capacity = 1;\n"
             "    duration = { x = { dist = \"fixed\"; value = 1.0; }; }; };\n"
             "  a = { kind = \"beds\"; role = \"step_down\"; capacity = 1;\n"
             "    duration = { x = { dist = \"fixed\"; value = 1.0; }; };\n"
             "    exits = { x = { b = 1.0; }; }; referrals = { x = 5.0; }; };\n"
             "  b = { kind = \"beds\"; role = \"care_home\"; capacity = 1;\n"
             "    duration = { x = { dist = \"fixed\"; value = 10.0; }; };\n"
             "    exits = { x = { home = 1.0; }; }; };\n"
             "};\n");
    /* b takes one person every 10 days, so a's bed is blocked 9 days in 10. */
    assert_true(kpi(&res, "blocked_days.service.a") > 0.85 * 200.0);
    assert_true(kpi(&res, "blocked_days.service.a") < 0.95 * 200.0);
    assert_true(kpi(&res, "occupancy_mean.service.a") > 0.99);
    /* The blocked person also counts as waiting for b. */
    assert_true(kpi(&res, "waiting_mean.service.b") > 0.85);
    assert_true(fabs(kpi(&res, "admissions.service.b") - 20.0) <= 1.0);
    hsc_results_free(&res);
}

/* Community referrals flood a step-down unit, yet people ready to leave
 * hospital go first, so hospital delays stay short. */
static void hospital_waiters_go_first(void **state)
{
    (void)state;
    struct hsc_results res;
    run_text(&res,
             "name = \"priority\";\n"
             "run = { replications = 1; measure_days = 150.0; max_people = 100000; };\n"
             "cohorts = { x = { emergency_per_day = 0.5; discharge = { step_down = 1.0; }; }; };\n"
             "services = {\n"
             "  acute = { kind = \"beds\"; role = \"acute\"; capacity = 30;\n"
             "    duration = { x = { dist = \"exponential\"; mean = 2.0; }; }; };\n"
             "  step_down = { kind = \"beds\"; role = \"step_down\"; capacity = 5;\n"
             "    duration = { x = { dist = \"exponential\"; mean = 2.0; }; };\n"
             "    exits = { x = { home = 1.0; }; }; referrals = { x = 10.0; }; };\n"
             "};\n");
    /* The community queue grows by ~7.5 a day ... */
    assert_true(kpi(&res, "waiting_mean.service.step_down") > 300.0);
    /* ... while a hospital waiter waits only for the next free bed (~0.4 days). */
    double per_person = kpi(&res, "delayed_bed_days") / kpi(&res, "ready_for_discharge");
    assert_true(per_person < 1.0);
    hsc_results_free(&res);
}

/* With emergencies always waiting for the 3 beds, no elective gets one. */
static void emergencies_before_electives(void **state)
{
    (void)state;
    const char *fmt =
        "name = \"electives\";\n"
        "run = { replications = 1; measure_days = 70.0; max_people = 100000; };\n"
        "cohorts = {\n"
        "  e = { emergency_per_day = %s; };\n"
        "  p = { electives_per_weekday = [2, 2, 2, 2, 2, 0, 0];\n"
        "        elective_duration = { dist = \"fixed\"; value = 0.2; }; };\n"
        "};\n"
        "services = { acute = { kind = \"beds\"; role = \"acute\"; capacity = 3;\n"
        "  duration = { default = { dist = \"fixed\"; value = 0.5; }; }; }; };\n";
    char text[2048];
    struct hsc_results res;
    snprintf(text, sizeof text, fmt, "20.0"); /* 10 bed-days a day for 3 beds */
    run_text(&res, text);
    assert_true(kpi(&res, "elective_admissions") == 0.0);
    assert_true(kpi(&res, "elective_cancellations") == 100.0); /* 10 weeks x 10 */
    hsc_results_free(&res);
    snprintf(text, sizeof text, fmt, "0.0");
    run_text(&res, text);
    assert_true(kpi(&res, "elective_admissions") == 100.0);
    assert_true(kpi(&res, "elective_cancellations") == 0.0);
    hsc_results_free(&res);
}

static const char *weekend_fmt =
    "name = \"weekend\";\n"
    "run = { replications = 1; warmup_days = 14.0; measure_days = 140.0;\n"
    "        start_date = \"2026-04-01\"; };\n"
    "cohorts = { x = { emergency_per_day = 10.0; }; };\n"
    "services = { acute = { kind = \"beds\"; role = \"acute\"; capacity = 200;\n"
    "  duration = { x = { dist = \"exponential\"; mean = 3.0; }; };\n"
    "  discharge_hours = [8.0, 20.0]; weekend_discharge = %s; }; };\n";

static void weekend_discharge_rate(void **state)
{
    (void)state;
    char text[2048];
    struct hsc_results none, all;
    snprintf(text, sizeof text, weekend_fmt, "0.0");
    run_text(&none, text);
    snprintf(text, sizeof text, weekend_fmt, "1.0");
    run_text(&all, text);
    for (size_t d = 0; d < none.n_days; d++) {
        if (weekday_of(d) >= 5)
            assert_true(none.ts_discharges[d] == 0.0f); /* nobody leaves at weekends */
        else
            assert_true(none.ts_discharges[d] > 0.0f);
    }
    /* Out-of-hours waits (8 p.m. to 8 a.m.) happen either way; weekends add more. */
    double without = kpi(&none, "delayed_bed_days.reason.awaiting_discharge");
    double with = kpi(&all, "delayed_bed_days.reason.awaiting_discharge");
    assert_true(with > 0.0);
    assert_true(without > 1.5 * with);
    assert_true(kpi(&none, "delayed_bed_days") == without);
    hsc_results_free(&none);
    hsc_results_free(&all);
}

/* A Monday-to-Friday discharge team starts and finishes nobody at weekends:
 * its caseload is the same at Saturday, Sunday and Monday midnights, and its
 * queue is longest on Monday morning. */
static void assessment_only_on_working_days(void **state)
{
    (void)state;
    struct hsc_results res;
    run_text(&res,
             "name = \"team\";\n"
             "run = { replications = 1; warmup_days = 14.0; measure_days = 140.0;\n"
             "        start_date = \"2026-04-01\"; };\n"
             "staff = { team = { wte = 2.0; working_days = \"Mon-Fri\"; }; };\n"
             "cohorts = { x = { emergency_per_day = 4.0; discharge = { home = 0.5; step_down = 0.5; }; }; };\n"
             "services = {\n"
             "  acute = { kind = \"beds\"; role = \"acute\"; capacity = 100;\n"
             "    duration = { x = { dist = \"exponential\"; mean = 4.0; }; }; };\n"
             "  team = { kind = \"caseload\"; role = \"assessment\"; staff = \"team\"; caseload_per_wte = 3.0;\n"
             "    duration = { x = { dist = \"gamma\"; mean = 1.5; sd = 0.5; }; }; };\n"
             "  step_down = { kind = \"beds\"; role = \"step_down\"; capacity = 50;\n"
             "    duration = { x = { dist = \"exponential\"; mean = 10.0; }; };\n"
             "    exits = { x = { home = 1.0; }; }; };\n"
             "};\n");
    double monday_queue = 0.0, saturday_queue = 0.0;
    int weekends = 0;
    for (size_t d = 0; d + 2 < res.n_days; d++) {
        if (weekday_of(d) != 5)
            continue;
        float sat = occupancy_on(&res, "team", d);
        assert_true(occupancy_on(&res, "team", d + 1) == sat);
        assert_true(occupancy_on(&res, "team", d + 2) == sat);
        saturday_queue += waiting_on(&res, "team", d);
        monday_queue += waiting_on(&res, "team", d + 2);
        weekends++;
    }
    assert_true(weekends >= 19);
    assert_true(monday_queue > saturday_queue + 2.0 * weekends);
    assert_true(kpi(&res, "delayed_bed_days.reason.awaiting_assessment") > 0.0);
    hsc_results_free(&res);
}

static const char *readmit_fmt =
    "name = \"readmit\";\n"
    "run = { replications = 1; warmup_days = 10.0; measure_days = 200.0; };\n"
    "cohorts = { x = { emergency_per_day = 2.0; readmission_28d = { home = %s; };\n"
    "  readmission_days = { dist = \"fixed\"; value = %s; }; }; };\n"
    "services = { acute = { kind = \"beds\"; role = \"acute\"; capacity = 100;\n"
    "  duration = { x = { dist = \"fixed\"; value = 1.0; }; }; }; };\n";

static void readmission_window(void **state)
{
    (void)state;
    char text[2048];
    struct hsc_results res;
    /* Everyone comes back after 27.9 days: every discharge in the window counts. */
    snprintf(text, sizeof text, readmit_fmt, "1.0", "27.9");
    run_text(&res, text);
    assert_true(kpi(&res, "readmissions_28d_pct") == 100.0);
    assert_true(kpi(&res, "readmissions_28d_pct.cohort.x") == 100.0);
    hsc_results_free(&res);
    snprintf(text, sizeof text, readmit_fmt, "0.0", "5.0");
    run_text(&res, text);
    assert_true(kpi(&res, "readmissions_28d_pct") == 0.0);
    /* Each person is admitted once: emergency admissions = presentations. */
    assert_true(kpi(&res, "emergency_admissions") == kpi(&res, "admissions.service.acute"));
    hsc_results_free(&res);
    /* Half come back: the share is near 50%, and readmissions add admissions. */
    snprintf(text, sizeof text, readmit_fmt, "0.5", "10.0");
    run_text(&res, text);
    double pct = kpi(&res, "readmissions_28d_pct");
    assert_true(pct > 40.0 && pct < 60.0); /* ~340 discharges: sd of the share ~2.7 points */
    hsc_results_free(&res);
}

static const char *check_fmt =
    "name = \"check91\";\n"
    "run = { replications = 1; warmup_days = 10.0; measure_days = 300.0; };\n"
    "cohorts = { x = { emergency_per_day = 1.0; discharge = { reablement = 1.0; }; }; };\n"
    "staff = { r = { wte = 10.0; }; };\n"
    "services = {\n"
    "  acute = { kind = \"beds\"; role = \"acute\"; capacity = 100;\n"
    "    duration = { x = { dist = \"fixed\"; value = 2.0; }; }; };\n"
    "  reablement = { kind = \"caseload\"; role = \"reablement\"; staff = \"r\"; caseload_per_wte = 5.0;\n"
    "    duration = { x = { dist = \"fixed\"; value = 20.0; }; }; exits = { x = { %s = 1.0; }; }; };\n"
    "  care_home = { kind = \"beds\"; role = \"care_home\"; capacity = 1000;\n"
    "    duration = { x = { dist = \"fixed\"; value = 500.0; }; }; exits = { x = { death = 1.0; }; }; };\n"
    "};\n";

static void at_home_after_91_days(void **state)
{
    (void)state;
    char text[2048];
    struct hsc_results res;
    snprintf(text, sizeof text, check_fmt, "home");
    run_text(&res, text);
    assert_true(kpi(&res, "at_home_91d_pct") == 100.0);
    assert_true(kpi(&res, "reablement_no_further_care_pct") == 100.0);
    hsc_results_free(&res);
    snprintf(text, sizeof text, check_fmt, "care_home");
    run_text(&res, text);
    assert_true(kpi(&res, "at_home_91d_pct") == 0.0);
    assert_true(kpi(&res, "reablement_no_further_care_pct") == 0.0);
    assert_true(kpi(&res, "care_home_admissions") > 200.0);
    assert_true(kpi(&res, "care_home_admissions_from_acute") == 0.0);
    hsc_results_free(&res);
    snprintf(text, sizeof text, check_fmt, "death");
    run_text(&res, text);
    assert_true(kpi(&res, "at_home_91d_pct") == 0.0);
    assert_true(kpi(&res, "deaths") > 200.0);
    hsc_results_free(&res);
}

/* 500 care-home residents at time 0 with fixed 400-day stays and nobody new:
 * remaining stays are uniform on [0, 400], so occupancy falls linearly. */
static void initial_occupancy_is_in_equilibrium(void **state)
{
    (void)state;
    struct hsc_results res;
    run_text(&res,
             "name = \"initial\";\n"
             "run = { replications = 1; measure_days = 300.0; };\n"
             "cohorts = { x = { }; };\n"
             "services = {\n"
             "  acute = { kind = \"beds\"; role = \"acute\"; capacity = 10;\n"
             "    duration = { x = { dist = \"fixed\"; value = 1.0; }; }; };\n"
             "  care_home = { kind = \"beds\"; role = \"care_home\"; capacity = 600;\n"
             "    duration = { x = { dist = \"fixed\"; value = 400.0; }; };\n"
             "    exits = { x = { death = 1.0; }; }; initial = { x = 500; }; };\n"
             "};\n");
    assert_true(occupancy_on(&res, "care_home", 0) == 500.0f);
    /* Binomial(500, p) left: sd at most 11.2; 5 sd tolerance. */
    const size_t days[] = {100, 200, 280};
    for (size_t i = 0; i < 3; i++) {
        double expected = 500.0 * (1.0 - (double)days[i] / 400.0);
        assert_true(fabs(occupancy_on(&res, "care_home", days[i]) - expected) < 56.0);
    }
    assert_true(kpi(&res, "admissions.service.care_home") == 0.0);
    hsc_results_free(&res);
}

/* Home care with 20 hours a week: a 15-hour client is in; the next in line
 * needs 15 hours and does not fit, so 2-hour packages behind it wait too
 * (strict head of line), though they would fit. */
static void home_care_is_head_of_line(void **state)
{
    (void)state;
    const char *fmt =
        "name = \"hol\";\n"
        "run = { replications = 1; measure_days = 60.0; };\n"
        "staff = { carers = { wte = 1.0; care_hours_per_wte_week = 20.0; }; };\n"
        "cohorts = { big = { }; small = { }; };\n"
        "services = {\n"
        "  acute = { kind = \"beds\"; role = \"acute\"; capacity = 10;\n"
        "    duration = { default = { dist = \"fixed\"; value = 1.0; }; }; };\n"
        "  home_care = { kind = \"hours\"; role = \"home_care\"; staff = \"carers\";\n"
        "    hours = { big = { dist = \"fixed\"; value = 15.0; }; small = { dist = \"fixed\"; value = 2.0; }; };\n"
        "    duration = { default = { dist = \"fixed\"; value = 1000.0; }; };\n"
        "    exits = { default = { home = 1.0; }; };\n"
        "    initial = { big = 1; }; referrals = { %s }; };\n"
        "};\n";
    char text[2048];
    struct hsc_results res;
    /* A big referral at once (rate 100 a day), then small ones: nobody starts. */
    snprintf(text, sizeof text, fmt, "big = 100.0; small = 0.5;");
    run_text(&res, text);
    assert_true(kpi(&res, "admissions.service.home_care") == 0.0);
    assert_true(kpi(&res, "waiting_mean.service.home_care") > 100.0);
    assert_true(fabs(kpi(&res, "hours_committed_mean.service.home_care") - 15.0) < 1e-9);
    hsc_results_free(&res);
    /* Small ones only: two fit beside the 15 hours (15 + 2 + 2 <= 20). */
    snprintf(text, sizeof text, fmt, "small = 0.5;");
    run_text(&res, text);
    assert_true(kpi(&res, "admissions.service.home_care") == 2.0);
    hsc_results_free(&res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(blocked_people_keep_their_place),
        cmocka_unit_test(hospital_waiters_go_first),
        cmocka_unit_test(emergencies_before_electives),
        cmocka_unit_test(weekend_discharge_rate),
        cmocka_unit_test(assessment_only_on_working_days),
        cmocka_unit_test(readmission_window),
        cmocka_unit_test(at_home_after_91_days),
        cmocka_unit_test(initial_occupancy_is_in_equilibrium),
        cmocka_unit_test(home_care_is_head_of_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
