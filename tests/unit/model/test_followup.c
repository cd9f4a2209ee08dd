/*
 * Following people after they leave: the 28-day readmission window (all
 * back after 27.9 days: 100%; none back: 0%, one admission per person; half
 * back: near 50%) and the 91-day check after reablement (100% at home when
 * everyone goes home, 0% when everyone goes to a care home or dies). Fixed
 * stays and delays, so every share but the 50% one is exact.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "support/model_support.h"

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
    run_scenario(&res, text);
    assert_true(kpi(&res, "readmissions_28d_pct") == 100.0);
    assert_true(kpi(&res, "readmissions_28d_pct.cohort.x") == 100.0);
    hsc_results_free(&res);
    snprintf(text, sizeof text, readmit_fmt, "0.0", "5.0");
    run_scenario(&res, text);
    assert_true(kpi(&res, "readmissions_28d_pct") == 0.0);
    /* Each person is admitted once: emergency admissions = presentations. */
    assert_true(kpi(&res, "emergency_admissions") == kpi(&res, "admissions.service.acute"));
    hsc_results_free(&res);
    /* Half come back: the share is near 50%, and readmissions add admissions. */
    snprintf(text, sizeof text, readmit_fmt, "0.5", "10.0");
    run_scenario(&res, text);
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
    run_scenario(&res, text);
    assert_true(kpi(&res, "at_home_91d_pct") == 100.0);
    assert_true(kpi(&res, "reablement_no_further_care_pct") == 100.0);
    hsc_results_free(&res);
    snprintf(text, sizeof text, check_fmt, "care_home");
    run_scenario(&res, text);
    assert_true(kpi(&res, "at_home_91d_pct") == 0.0);
    assert_true(kpi(&res, "reablement_no_further_care_pct") == 0.0);
    assert_true(kpi(&res, "care_home_admissions") > 200.0);
    assert_true(kpi(&res, "care_home_admissions_from_acute") == 0.0);
    hsc_results_free(&res);
    snprintf(text, sizeof text, check_fmt, "death");
    run_scenario(&res, text);
    assert_true(kpi(&res, "at_home_91d_pct") == 0.0);
    assert_true(kpi(&res, "deaths") > 200.0);
    hsc_results_free(&res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(readmission_window),
        cmocka_unit_test(at_home_after_91_days),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
