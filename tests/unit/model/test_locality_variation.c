/*
 * Locality variation (cohorts.*.localities.<locality>): a locality's
 * residents of a cohort follow that locality's settings (pathway split,
 * rate, step-up, ...) and everyone else the cohort's own; an override
 * changes only its locality. Two localities of 20,000 people each.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "support/assert_near.h"
#include "support/model_support.h"

static const char *fmt =
    "name = \"local\";\n"
    "localities = [\"a\", \"b\"];\n"
    "run = { replications = 1; warmup_days = 10.0; measure_days = 300.0; };\n"
    "cohorts = { x = { population = { a = 20000; b = 20000; };\n"
    "  emergency_per_1000_per_year = 50.0; %s }; };\n"
    "services = {\n"
    "  acute = { kind = \"beds\"; role = \"acute\"; capacity = 500;\n"
    "    duration = { x = { dist = \"exponential\"; mean = 3.0; }; }; };\n"
    "  ward = { kind = \"beds\"; role = \"step_down\"; capacity = 500;\n"
    "    duration = { x = { dist = \"exponential\"; mean = 5.0; }; };\n"
    "    exits = { x = { home = 1.0; }; }; };\n"
    "  hah = { kind = \"beds\"; role = \"step_up\"; capacity = 500;\n"
    "    duration = { x = { dist = \"exponential\"; mean = 5.0; }; };\n"
    "    exits = { x = { home = 1.0; }; }; }; };\n";

static void run_local(struct hsc_results *res, const char *extra)
{
    char text[4096];
    snprintf(text, sizeof text, fmt, extra);
    run_scenario(res, text);
}

/* Everyone goes home but b's residents, who go to the ward: the ward takes
 * exactly b's discharges (give or take the few at the ends of the period),
 * and a's residents are exactly as without the override (common random
 * numbers; the services never fill).
 * The ends: a discharge to the ward is counted at discharge and b's
 * admission at admission, so the two differ by those of b in acute at the
 * start (discharged in the period, admitted before it) less those in acute at
 * the end. b's admissions are 20,000 x 50 / 1,000 / 365.25 = 2.74 a day with
 * a mean stay of 3 days: about Poisson(8.2) in acute at each end, so the
 * difference has sd sqrt(2 x 8.2) = 4.05; 4 sd of it is END_TOL. */
#define END_TOL (4.0 * sqrt(2.0 * 8.2))
static void pathway_split_by_locality(void **state)
{
    (void)state;
    struct hsc_results plain, local;
    run_local(&plain, "");
    run_local(&local, "localities = { b = { discharge = { ward = 1.0; }; }; };");
    assert_true(kpi(&plain, "admissions.service.ward") == 0.0);
    double ward = kpi(&local, "admissions.service.ward");
    double b = kpi(&local, "emergency_admissions.locality.b");
    assert_true(b > 500.0);
    assert_near(ward, b, END_TOL);
    assert_true(kpi(&local, "emergency_admissions.locality.a") ==
                kpi(&plain, "emergency_admissions.locality.a"));
    assert_true(kpi(&local, "delayed_bed_days.locality.a") ==
                kpi(&plain, "delayed_bed_days.locality.a"));
    hsc_results_free(&plain);
    hsc_results_free(&local);
}

/* A rate of 100 per 1,000 in b against 50 in a: b's admissions about twice
 * a's (Poisson counts near 820 and 1,640: 4 standard deviations of their
 * ratio is about 0.33). */
static void rate_by_locality(void **state)
{
    (void)state;
    struct hsc_results res;
    run_local(&res, "localities = { b = { emergency_per_1000_per_year = 100.0; }; };");
    double ratio = kpi(&res, "emergency_admissions.locality.b") /
                   kpi(&res, "emergency_admissions.locality.a");
    assert_near(ratio, 2.0, 0.33);
    hsc_results_free(&res);
}

/* Step-up offered only in a (a pilot): every episode is an a resident's,
 * and b's residents are all admitted. */
static void step_up_pilot_in_one_locality(void **state)
{
    (void)state;
    struct hsc_results res;
    run_local(&res, "localities = { a = { step_up = { share = 1.0; services = [\"hah\"]; }; }; };");
    double avoided = kpi(&res, "admissions_avoided");
    assert_true(avoided > 500.0);
    assert_true(kpi(&res, "emergency_admissions.locality.a") < 10.0);
    assert_true(kpi(&res, "emergency_admissions.locality.b") > 500.0);
    hsc_results_free(&res);
}

/* Treatment stays of 10 days (fixed) in b, 3 (mean) elsewhere: the acute
 * occupancy is the sum of the two localities' (2.74 admissions a day each,
 * an infinite-server pool): 2.74 x 3 + 2.74 x 10 = 35.6 beds; the
 * time-average over 300 days has a standard deviation near 1.2, so 5 is
 * about 4 of them. */
static void stays_by_locality(void **state)
{
    (void)state;
    struct hsc_results res;
    run_local(&res, "localities = { b = { acute_stay = { dist = \"fixed\"; value = 10.0; }; }; };");
    double per_day = 20000.0 * 50.0 / 1000.0 / 365.25;
    assert_near(kpi(&res, "occupancy_mean.service.acute"), per_day * 3.0 + per_day * 10.0, 5.0);
    hsc_results_free(&res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pathway_split_by_locality),
        cmocka_unit_test(rate_by_locality),
        cmocka_unit_test(step_up_pilot_in_one_locality),
        cmocka_unit_test(stays_by_locality),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
