/*
 * Non-capacity discharge delays (cohorts.*.discharge_delays): a person whose
 * discharge waits for such a reason stays in the acute bed exactly as long
 * as drawn, after the assessment and before the wait for a place, and the
 * days count under the reason's code and its census group, never under a
 * capacity reason; shares apply by destination. Checked against the
 * per-person trace and the KPIs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "support/assert_near.h"
#include "unit/model/trace_reading.h"

/* Time from readiness to the live discharge of every person discharged
 * (NaN for the others), by person number; *n receives the slots. */
static double *ready_to_discharge(const struct hsc_results *res, size_t *n)
{
    const struct hsc_trace *trace = trace_of(res);
    double *ready = per_person(trace, n), *wait = per_person(trace, NULL);
    for (size_t i = 0; i < trace->count; i++) {
        const struct hsc_trace_record *r = &trace->records[i];
        if (r->event == HSC_TRACE_READY)
            ready[r->person] = r->time;
        else if (r->event == HSC_TRACE_DISCHARGE && !isnan(ready[r->person]))
            wait[r->person] = r->time - ready[r->person];
    }
    free(ready);
    return wait;
}

/* Everyone goes home after a family-choice wait of exactly 4 days: every
 * discharge comes 4 days after readiness, every delayed bed-day is a
 * patient_family_choice (and patient_family) day, none is a capacity day,
 * and nobody leaves within 72 hours. */
static void every_delay_lasts_as_drawn(void **state)
{
    (void)state;
    struct hsc_results res;
    run_traced(&res,
               "name = \"family\";\n"
               "run = { replications = 1; warmup_days = 10.0; measure_days = 200.0; };\n"
               "cohorts = { x = { emergency_per_day = 4.0;\n"
               "  discharge_delays = { patient_family_choice = { share = { home = 1.0; };\n"
               "    duration = { dist = \"fixed\"; value = 4.0; }; }; }; }; };\n"
               "services = { acute = { kind = \"beds\"; role = \"acute\"; capacity = 200;\n"
               "  duration = { x = { dist = \"exponential\"; mean = 3.0; }; }; }; };\n");
    size_t n;
    double *wait = ready_to_discharge(&res, &n);
    size_t discharged = 0;
    for (size_t p = 0; p < n; p++)
        if (!isnan(wait[p])) {
            assert_near(wait[p], 4.0, 1e-9);
            discharged++;
        }
    assert_true(discharged > 500);
    double days = kpi(&res, "delayed_bed_days");
    assert_true(days > 0.0);
    assert_near(kpi(&res, "delayed_bed_days.reason.patient_family_choice"), days, 1e-9 * days);
    assert_near(kpi(&res, "delayed_bed_days.group.patient_family"), days, 1e-9 * days);
    assert_true(kpi(&res, "delayed_bed_days.group.health_social_care") == 0.0);
    assert_true(kpi(&res, "delayed_bed_days.group.complex") == 0.0);
    assert_true(kpi(&res, "delayed_bed_days.reason.awaiting_discharge") == 0.0);
    assert_true(kpi(&res, "discharged_within_72h_pct") == 0.0);
    free(wait);
    hsc_results_free(&res);
}

/* Pathway to a step-down ward through a 1-day assessment, then a 2-day
 * guardianship wait: the discharge comes exactly 3 days after readiness
 * (the team and the ward always have room), and the delayed bed-days split
 * 1 : 2 between awaiting_assessment and legal_awi (up to the few people
 * caught mid-wait at the ends of the period: 5%). */
static void delay_follows_the_assessment(void **state)
{
    (void)state;
    struct hsc_results res;
    run_traced(&res,
               "name = \"awi\";\n"
               "run = { replications = 1; warmup_days = 10.0; measure_days = 200.0; };\n"
               "staff = { team = { wte = 100.0; }; };\n"
               "cohorts = { x = { emergency_per_day = 4.0; discharge = { ward = 1.0; };\n"
               "  discharge_delays = { legal_awi = { share = { ward = 1.0; };\n"
               "    duration = { dist = \"fixed\"; value = 2.0; }; }; }; }; };\n"
               "services = {\n"
               "  acute = { kind = \"beds\"; role = \"acute\"; capacity = 200; assessment = \"dt\";\n"
               "    duration = { x = { dist = \"exponential\"; mean = 3.0; }; }; };\n"
               "  dt = { kind = \"caseload\"; role = \"assessment\"; staff = \"team\";\n"
               "    caseload_per_wte = 1.0; duration = { x = { dist = \"fixed\"; value = 1.0; }; }; };\n"
               "  ward = { kind = \"beds\"; role = \"step_down\"; capacity = 200;\n"
               "    duration = { x = { dist = \"exponential\"; mean = 5.0; }; };\n"
               "    exits = { x = { home = 1.0; }; }; }; };\n");
    size_t n;
    double *wait = ready_to_discharge(&res, &n);
    size_t discharged = 0;
    for (size_t p = 0; p < n; p++)
        if (!isnan(wait[p])) {
            assert_near(wait[p], 3.0, 1e-9);
            discharged++;
        }
    assert_true(discharged > 500);
    double assess = kpi(&res, "delayed_bed_days.reason.awaiting_assessment");
    double awi = kpi(&res, "delayed_bed_days.reason.legal_awi");
    assert_true(assess > 0.0);
    assert_near(awi / assess, 2.0, 0.1);
    assert_true(kpi(&res, "delayed_bed_days.reason.awaiting_ward") == 0.0);
    assert_near(kpi(&res, "delayed_bed_days.group.complex"), awi, 1e-9 * awi);
    assert_near(kpi(&res, "delayed_bed_days.group.health_social_care"), assess, 1e-9 * assess);
    assert_near(kpi(&res, "delayed_bed_days"), assess + awi, 1e-9 * (assess + awi));
    free(wait);
    hsc_results_free(&res);
}

/* Shares apply by destination: a third of the people going home wait 10
 * days (complex_other), nobody going to the ward waits. The share of home
 * discharges that waited is binomial: with about 600 of them its standard
 * error is under 0.02, so 4 standard errors is 0.08. */
static void shares_by_destination(void **state)
{
    (void)state;
    struct hsc_results res;
    run_traced(&res,
               "name = \"split\";\n"
               "run = { replications = 1; warmup_days = 10.0; measure_days = 300.0; };\n"
               "cohorts = { x = { emergency_per_day = 4.0; discharge = { home = 0.5; ward = 0.5; };\n"
               "  discharge_delays = { complex_other = { share = { home = 0.333; ward = 0.0; };\n"
               "    duration = { dist = \"fixed\"; value = 10.0; }; }; }; }; };\n"
               "services = {\n"
               "  acute = { kind = \"beds\"; role = \"acute\"; capacity = 300;\n"
               "    duration = { x = { dist = \"exponential\"; mean = 3.0; }; }; };\n"
               "  ward = { kind = \"beds\"; role = \"step_down\"; capacity = 300;\n"
               "    duration = { x = { dist = \"exponential\"; mean = 5.0; }; };\n"
               "    exits = { x = { home = 1.0; }; }; }; };\n");
    const struct hsc_trace *trace = trace_of(&res);
    int ward = service_index(&res, "ward");
    double *ready = per_person(trace, NULL);
    size_t home = 0, home_waited = 0, to_ward = 0;
    for (size_t i = 0; i < trace->count; i++) {
        const struct hsc_trace_record *r = &trace->records[i];
        if (r->event == HSC_TRACE_READY)
            ready[r->person] = r->time;
        if (r->event != HSC_TRACE_DISCHARGE || isnan(ready[r->person]))
            continue;
        double wait = r->time - ready[r->person];
        if (r->to == ward) {
            assert_true(wait == 0.0);
            to_ward++;
        } else {
            assert_true(wait == 0.0 || fabs(wait - 10.0) < 1e-9);
            home++;
            home_waited += wait > 0.0;
        }
    }
    assert_true(home > 400 && to_ward > 400);
    assert_near((double)home_waited / (double)home, 0.333, 0.08);
    free(ready);
    hsc_results_free(&res);
}

/* The monthly census (last Thursday, midnight) counts the people in acute
 * beds past their ready time. Everyone waits exactly 10 days at a rate of 4
 * a day, so a census finds about 40 (Little's law), each delayed so far
 * uniformly 0..10 days: median 5. Over a year's 12 censuses the mean count
 * has a standard error near sqrt(40 / 12) = 1.8 (Poisson counts), so 4 of
 * them is 7.5; the median of about 480 uniform delays has a standard error
 * near 0.25 days, so 1 day is 4 of them. A 29-day period from 1 April 2026
 * ends before the last Thursday (30 April): no census, NaN; 30 days take it. */
static void census_counts_the_delayed(void **state)
{
    (void)state;
    const char *fmt =
        "name = \"census\";\n"
        "run = { replications = 1; warmup_days = 30.0; measure_days = %s;\n"
        "        start_date = \"2026-04-01\"; };\n"
        "cohorts = { x = { emergency_per_day = 4.0;\n"
        "  discharge_delays = { patient_family_choice = { share = { home = 1.0; };\n"
        "    duration = { dist = \"fixed\"; value = 10.0; }; }; }; }; };\n"
        "services = { acute = { kind = \"beds\"; role = \"acute\"; capacity = 300;\n"
        "  duration = { x = { dist = \"exponential\"; mean = 3.0; }; }; }; };\n";
    char text[1024];
    struct hsc_results year, before, on;
    snprintf(text, sizeof text, fmt, "365.0");
    run_scenario(&year, text);
    assert_near(kpi(&year, "census_delayed_mean"), 40.0, 7.5);
    assert_near(kpi(&year, "census_delay_median_days"), 5.0, 1.0);
    snprintf(text, sizeof text, fmt, "29.0");
    run_scenario(&before, text);
    assert_true(isnan(kpi(&before, "census_delayed_mean")));
    assert_true(isnan(kpi(&before, "census_delay_median_days")));
    snprintf(text, sizeof text, fmt, "30.0");
    run_scenario(&on, text);
    assert_true(kpi(&on, "census_delayed_mean") > 10.0);
    hsc_results_free(&year);
    hsc_results_free(&before);
    hsc_results_free(&on);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_delay_lasts_as_drawn),
        cmocka_unit_test(delay_follows_the_assessment),
        cmocka_unit_test(shares_by_destination),
        cmocka_unit_test(census_counts_the_delayed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
