/*
 * Common random numbers: two scenario points run together by
 * hsc_exec_run_points with one seed see the same presentations, stays and
 * pathways replication by replication, so the paired confidence interval of
 * a difference is much narrower than Welch's on the same values (bounds
 * justified from the correlation, with the values other seeds gave).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "hscflow/compare.h"
#include "support/assert_near.h"
#include "support/model_support.h"

/* ------------------------------------------------------------------------
 * Common random numbers. A base with 14 step-down beds and a point with
 * 16, run together by hsc_exec_run_points (same seed, 10 replications).
 * Step-down is offered 3 x 0.4 = 1.2 people a day for 10 days: 12 beds' worth.
 * Acute beds are plentiful (60 for ~12 + delays in use), so nobody waits
 * for one and both points see the same presentations, treatment stays and
 * pathways replication by replication: their emergency admissions and
 * ready-for-discharge counts are equal pair by pair, which independent
 * streams would not give.
 *
 * Then the intervals of the difference B - A, on the same 10 + 10 values:
 * with correlation rho between the points' values, the paired half-width
 * over Welch's is about sqrt((va + vb - 2 rho sqrt(va vb)) / (va + vb)) x
 * t(0.975, 9) / t(0.975, ~18) (2.262 / 2.101 = 1.08): above 1 with
 * independent streams (rho = 0), small when rho is near 1.
 * - step-down occupancy changes little with 2 more beds (its mean moves
 *   from about 12.1 to 12.2), so rho is near 1: paired below a third of
 *   Welch (seed 2024 gives 0.17; seeds 1-3 gave 0.07-0.23);
 * - delayed bed-days fall by about three quarters (268 to 72), so the
 *   difference keeps much of the base's own variance (were b's sd half of
 *   a's, even rho = 1 would leave 0.45 x 1.08): paired below 0.8 of Welch
 *   (seed 2024 gives 0.62; seeds 1-3 gave 0.52-0.63), where independent
 *   streams give about 1.08.
 * ------------------------------------------------------------------------ */
static const char *crn_text =
    "name = \"crn\";\n"
    "run = { seed = 2024; replications = 10; warmup_days = 30.0; measure_days = 150.0; };\n"
    "cohorts = { x = { emergency_per_day = 3.0; discharge = { home = 0.6; step_down = 0.4; }; }; };\n"
    "services = {\n"
    "  acute = { kind = \"beds\"; role = \"acute\"; capacity = 60;\n"
    "    duration = { x = { dist = \"exponential\"; mean = 4.0; }; }; };\n"
    "  step_down = { kind = \"beds\"; role = \"step_down\"; capacity = 14;\n"
    "    duration = { x = { dist = \"exponential\"; mean = 10.0; }; };\n"
    "    exits = { x = { home = 1.0; }; }; };\n"
    "};\n";

/* Value of a KPI in replication rep of point `point`. */
static double point_value(const struct hsc_results *res, size_t point, size_t rep,
                          const char *name)
{
    return res->kpi_value[hsc_results_kpi_index(res, point, rep, support_kpi(res, name))];
}

/* Paired and Welch intervals of KPI `name`, point 1 - point 0. Returns the
 * ratio of their half-widths; *paired receives the paired difference. */
static double ci_ratio(const struct hsc_results *res, const char *name,
                       struct hsc_difference *paired)
{
    double a[10], b[10];
    for (size_t r = 0; r < 10; r++) {
        a[r] = point_value(res, 0, r, name);
        b[r] = point_value(res, 1, r, name);
    }
    struct hsc_difference welch;
    hsc_compare_paired(a, b, 10, paired);
    hsc_compare_welch(a, 10, b, 10, &welch);
    assert_near(paired->diff, welch.diff, 1e-9 * fabs(welch.diff));
    return (paired->ci_high - paired->ci_low) / (welch.ci_high - welch.ci_low);
}

static void common_random_numbers(void **state)
{
    (void)state;
    struct hsc_scenario base, plus;
    struct hsc_override more = {"services.step_down.capacity", "16"};
    support_load(&base, NULL, 0, "%s", crn_text);
    support_load(&plus, &more, 1, "%s", crn_text);
    const struct hsc_exec_point points[2] = {
        {.sc = &base, .name = "baseline", .overrides = ""},
        {.sc = &plus, .name = "plus_2", .overrides = "services.step_down.capacity=16"},
    };
    struct hsc_exec_options opts = {.threads = 2, .progress = false};
    struct hsc_results res;
    struct hsc_error err = {0};
    if (hsc_exec_run_points(points, 2, &opts, &res, &err) != 0) {
        char buf[1024];
        hsc_error_format(&err, buf, sizeof buf);
        fail_msg("run failed: %s", buf);
    }
    assert_int_equal(res.n_points, 2);
    assert_int_equal(res.n_reps, 10);
    for (size_t r = 0; r < 10; r++) {
        assert_true(point_value(&res, 0, r, "ed_boarding_hours_mean") == 0.0);
        assert_true(point_value(&res, 1, r, "ed_boarding_hours_mean") == 0.0);
        assert_true(point_value(&res, 0, r, "emergency_admissions") ==
                    point_value(&res, 1, r, "emergency_admissions"));
        assert_true(point_value(&res, 0, r, "ready_for_discharge") ==
                    point_value(&res, 1, r, "ready_for_discharge"));
    }
    /* ... while replications differ (Poisson counts of ~450). */
    assert_true(point_value(&res, 0, 0, "emergency_admissions") !=
                point_value(&res, 0, 1, "emergency_admissions"));
    assert_int_equal(hsc_compare_choose(base.run.seed, plus.run.seed, 10), HSC_COMPARE_PAIRED);

    struct hsc_difference paired;
    double ratio = ci_ratio(&res, "occupancy_mean.service.step_down", &paired);
    if (!(ratio < 1.0 / 3.0))
        fail_msg("step-down occupancy: paired CI half-width / Welch's = %.3f, expected < 1/3",
                 ratio);
    ratio = ci_ratio(&res, "delayed_bed_days", &paired);
    if (!(ratio < 0.8))
        fail_msg("delayed bed-days: paired CI half-width / Welch's = %.3f, expected < 0.8", ratio);
    /* Two more beds cut the delays: the paired interval lies below zero. */
    assert_true(paired.ci_high < 0.0);
    hsc_results_free(&res);
    hsc_scenario_fini(&base);
    hsc_scenario_fini(&plus);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(common_random_numbers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
