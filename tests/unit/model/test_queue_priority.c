/*
 * Queue priority, who gets a place that frees: people waiting in hospital go
 * before community referrals to the same service; emergencies take acute
 * beds before electives (an elective that finds none is cancelled); home care
 * serves its queue strictly head of line (a package that does not fit holds
 * up smaller ones behind it). Small scenarios whose outcome is worked out by
 * hand.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "support/model_support.h"

/* Community referrals flood a step-down unit, yet people ready to leave
 * hospital go first, so hospital delays stay short. */
static void hospital_waiters_go_first(void **state)
{
    (void)state;
    struct hsc_results res;
    run_scenario(&res,
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
    run_scenario(&res, text);
    assert_true(kpi(&res, "elective_admissions") == 0.0);
    assert_true(kpi(&res, "elective_cancellations") == 100.0); /* 10 weeks x 10 */
    hsc_results_free(&res);
    snprintf(text, sizeof text, fmt, "0.0");
    run_scenario(&res, text);
    assert_true(kpi(&res, "elective_admissions") == 100.0);
    assert_true(kpi(&res, "elective_cancellations") == 0.0);
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
    run_scenario(&res, text);
    assert_true(kpi(&res, "admissions.service.home_care") == 0.0);
    assert_true(kpi(&res, "waiting_mean.service.home_care") > 100.0);
    assert_true(fabs(kpi(&res, "hours_committed_mean.service.home_care") - 15.0) < 1e-9);
    hsc_results_free(&res);
    /* Small ones only: two fit beside the 15 hours (15 + 2 + 2 <= 20). */
    snprintf(text, sizeof text, fmt, "small = 0.5;");
    run_scenario(&res, text);
    assert_true(kpi(&res, "admissions.service.home_care") == 2.0);
    hsc_results_free(&res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hospital_waiters_go_first),
        cmocka_unit_test(emergencies_before_electives),
        cmocka_unit_test(home_care_is_head_of_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
