/*
 * Discharge to assess (cohorts.*.assess_after_discharge): people on a
 * pathway discharged to assess leave acute as soon as their service has
 * room, without waiting for the assessment team, and are assessed there by
 * the same team (its capacity shared with the hospital's work). Their wait
 * then shows in the community, not in acute bed-days. Checked against the
 * per-person trace.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "support/assert_near.h"
#include "unit/model/trace_reading.h"

/* Everyone goes to a ward with room for all; the team assesses in 1 day
 * (fixed) and has room for everyone; the ward stay is `stay` days (fixed). */
static const char *fmt =
    "name = \"d2a\";\n"
    "run = { replications = 1; warmup_days = 10.0; measure_days = 200.0; };\n"
    "staff = { team = { wte = 100.0; }; };\n"
    "cohorts = { x = { emergency_per_day = 4.0; discharge = { ward = 1.0; }; %s }; };\n"
    "services = {\n"
    "  acute = { kind = \"beds\"; role = \"acute\"; capacity = 300; assessment = \"dt\";\n"
    "    duration = { x = { dist = \"exponential\"; mean = 3.0; }; }; };\n"
    "  dt = { kind = \"caseload\"; role = \"assessment\"; staff = \"team\";\n"
    "    caseload_per_wte = 1.0; duration = { x = { dist = \"fixed\"; value = 1.0; }; }; };\n"
    "  ward = { kind = \"beds\"; role = \"step_down\"; capacity = 300;\n"
    "    duration = { x = { dist = \"fixed\"; value = %s; }; };\n"
    "    exits = { x = { home = 1.0; }; }; }; };\n";

static void run_d2a(struct hsc_results *res, const char *d2a, const char *stay)
{
    char text[4096];
    snprintf(text, sizeof text, fmt, d2a, stay);
    run_traced(res, text);
}

/* Time from readiness to discharge, and from admission to the ward to
 * leaving it, of every person: the largest and smallest seen. */
struct spans {
    double ready_min, ready_max, ward_min;
    size_t discharges;
};

static struct spans spans_of(const struct hsc_results *res)
{
    const struct hsc_trace *trace = trace_of(res);
    int ward = service_index(res, "ward");
    double *ready = per_person(trace, NULL), *in_ward = per_person(trace, NULL);
    struct spans sp = {INFINITY, -INFINITY, INFINITY, 0};
    for (size_t i = 0; i < trace->count; i++) {
        const struct hsc_trace_record *r = &trace->records[i];
        if (r->event == HSC_TRACE_READY)
            ready[r->person] = r->time;
        else if (r->event == HSC_TRACE_DISCHARGE && !isnan(ready[r->person])) {
            double wait = r->time - ready[r->person];
            sp.ready_min = fmin(sp.ready_min, wait);
            sp.ready_max = fmax(sp.ready_max, wait);
            sp.discharges++;
        } else if (r->event == HSC_TRACE_ADMIT && r->to == ward)
            in_ward[r->person] = r->time;
        else if (r->event == HSC_TRACE_LEAVE && r->from == ward && !isnan(in_ward[r->person]))
            sp.ward_min = fmin(sp.ward_min, r->time - in_ward[r->person]);
    }
    free(ready);
    free(in_ward);
    return sp;
}

/* Assessed in hospital, everyone leaves acute exactly 1 day after readiness
 * (the assessment); discharged to assess, at readiness (the ward has room),
 * with no awaiting_assessment bed-days, and every one of them is assessed in
 * the ward by the same team. */
static void leaves_acute_before_the_assessment(void **state)
{
    (void)state;
    struct hsc_results in_hospital, d2a;
    run_d2a(&in_hospital, "", "20.0");
    run_d2a(&d2a, "assess_after_discharge = { ward = 1.0; };", "20.0");
    struct spans a = spans_of(&in_hospital), b = spans_of(&d2a);
    assert_true(a.discharges > 500 && b.discharges > 500);
    assert_near(a.ready_min, 1.0, 1e-9);
    assert_near(a.ready_max, 1.0, 1e-9);
    assert_true(b.ready_min == 0.0 && b.ready_max == 0.0);
    assert_true(kpi(&in_hospital, "delayed_bed_days.reason.awaiting_assessment") > 0.0);
    assert_true(kpi(&d2a, "delayed_bed_days.reason.awaiting_assessment") == 0.0);
    assert_true(kpi(&d2a, "delayed_bed_days") == 0.0);
    assert_true(kpi(&in_hospital, "discharged_to_assess") == 0.0);
    double assessed = kpi(&d2a, "discharged_to_assess");
    /* The team assesses them all: its admissions are the discharges to assess,
     * and those are the ward's admissions. Exactly, with nothing to differ at
     * the ends of the period: everyone here is discharged to assess in the
     * ward, and the admission to the ward, the count of the discharge to
     * assess and the request to the team happen at the same instant; the team
     * (100 places against about 4 a day assessed in 1 day) admits at once. */
    assert_near(kpi(&d2a, "admissions.service.dt"), assessed, 0.0);
    assert_near(assessed, kpi(&d2a, "admissions.service.ward"), 0.0);
    hsc_results_free(&in_hospital);
    hsc_results_free(&d2a);
}

/* A ward stay (0.25 days) shorter than the assessment (1 day) lasts until
 * the assessment is done: nobody leaves the ward in under a day, and the
 * extra time is the ward's blocked days. */
static void the_stay_waits_for_the_assessment(void **state)
{
    (void)state;
    struct hsc_results res;
    run_d2a(&res, "assess_after_discharge = { default = 1.0; };", "0.25");
    struct spans sp = spans_of(&res);
    assert_true(sp.ward_min >= 1.0 - 1e-9);
    assert_true(kpi(&res, "blocked_days.service.ward") > 0.0);
    hsc_results_free(&res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(leaves_acute_before_the_assessment),
        cmocka_unit_test(the_stay_waits_for_the_assessment),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
