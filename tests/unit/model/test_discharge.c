/*
 * Leaving acute: discharges happen only within the discharge hours, and at
 * weekends only at the weekend discharge rate (0: nobody leaves on a Saturday
 * or Sunday, and the extra waits show as awaiting_discharge delays); a
 * Monday-to-Friday assessment team starts and finishes nobody at weekends
 * (awaiting_assessment delays). Checked on the daily series, day by day.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "support/model_support.h"
#include "unit/model/weekdays.h"

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
    run_scenario(&none, text);
    snprintf(text, sizeof text, weekend_fmt, "1.0");
    run_scenario(&all, text);
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

/* A Monday-to-Friday discharge team whose assessments count its working
 * days (duration_counts = "working_days") starts and finishes nobody at
 * weekends: its caseload is the same at Saturday, Sunday and Monday
 * midnights, and its queue is longest on Monday morning. */
static void assessment_only_on_working_days(void **state)
{
    (void)state;
    struct hsc_results res;
    run_scenario(&res,
                 "name = \"team\";\n"
                 "run = { replications = 1; warmup_days = 14.0; measure_days = 140.0;\n"
                 "        start_date = \"2026-04-01\"; };\n"
                 "staff = { team = { wte = 2.0; working_days = \"Mon-Fri\"; }; };\n"
                 "cohorts = { x = { emergency_per_day = 4.0; discharge = { home = 0.5; step_down = 0.5; }; }; };\n"
                 "services = {\n"
                 "  acute = { kind = \"beds\"; role = \"acute\"; capacity = 100;\n"
                 "    duration = { x = { dist = \"exponential\"; mean = 4.0; }; }; };\n"
                 "  team = { kind = \"caseload\"; role = \"assessment\"; staff = \"team\"; caseload_per_wte = 3.0;\n"
                 "    duration_counts = \"working_days\";\n"
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(weekend_discharge_rate),
        cmocka_unit_test(assessment_only_on_working_days),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
