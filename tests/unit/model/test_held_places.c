/*
 * Held places (services.*.hold_days): a resident who goes to hospital keeps
 * the care-home place for the hold; back within it, they return to the same
 * place at readiness for discharge without asking for a new one; when the
 * hold lapses, or they die in hospital, the place is released. Checked
 * against the per-person trace: every hold ends in exactly one return or
 * release, at the right time, and the KPIs count them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include "support/assert_near.h"
#include "unit/model/trace_reading.h"

/* Care-home residents leave for hospital half the time (the other half they
 * die); acute stays are fixed, so a hold of `hold` days outlasts a stay of
 * `stay` days or not. Nobody else comes into the home. */
static const char *fmt =
    "name = \"holds\";\n"
    "run = { replications = 1; warmup_days = 0.0; measure_days = 400.0; };\n"
    "cohorts = { x = { emergency_per_day = 0.0; death_in_hospital = %s; }; };\n"
    "services = {\n"
    "  acute = { kind = \"beds\"; role = \"acute\"; capacity = 100;\n"
    "    duration = { x = { dist = \"fixed\"; value = %s; }; }; };\n"
    "  ch = { kind = \"beds\"; role = \"care_home\"; capacity = 60; hold_days = %s;\n"
    "    duration = { x = { dist = \"exponential\"; mean = 100.0; }; };\n"
    "    exits = { x = { hospital = 0.5; death = 0.5; }; };\n"
    "    initial = { x = 60; }; }; };\n";

struct holds {
    size_t held, returned, released, requests;
};

/* Follows every hold of service ch in the trace: each ends once, by a return
 * (admit back to ch at the time of a discharge from acute) or a release
 * (leave from ch), and `check` sees its length. */
static struct holds follow(const struct hsc_results *res, double hold, double stay)
{
    const struct hsc_trace *trace = trace_of(res);
    int ch = service_index(res, "ch"), acute = service_index(res, "acute");
    double *since = per_person(trace, NULL);
    struct holds h = {0};
    for (size_t i = 0; i < trace->count; i++) {
        const struct hsc_trace_record *r = &trace->records[i];
        if (r->event == HSC_TRACE_REQUEST && r->to == ch)
            h.requests++;
        if (r->event == HSC_TRACE_HOLD && r->from == ch) {
            assert_true(isnan(since[r->person]));
            since[r->person] = r->time;
            h.held++;
        } else if (!isnan(since[r->person]) && r->event == HSC_TRACE_ADMIT && r->to == ch) {
            assert_true(r->from == -1);
            assert_true(i > 0 && trace->records[i - 1].event == HSC_TRACE_LEAVE &&
                        trace->records[i - 1].from == acute);
            assert_near(r->time - since[r->person], stay, 1e-9); /* at readiness */
            assert_true(r->time - since[r->person] < hold);
            since[r->person] = NAN;
            h.returned++;
        } else if (!isnan(since[r->person]) && r->event == HSC_TRACE_LEAVE && r->from == ch) {
            assert_true(r->time - since[r->person] <= hold + 1e-9);
            since[r->person] = NAN;
            h.released++;
        }
    }
    free(since);
    return h;
}

/* A traced run of `fmt` with death_in_hospital `death`, acute stays of
 * `stay` days and holds of `hold` days, and its holds followed. The values
 * are written with one decimal (libconfig reads "5.0" as a float, "5" as an
 * integer); one that does not print exactly so fails the test. */
static struct holds run_holds(struct hsc_results *res, double death, double stay, double hold)
{
    const double values[] = {death, stay, hold};
    char text[3][32];
    for (size_t i = 0; i < 3; i++) {
        snprintf(text[i], sizeof text[i], "%.1f", values[i]);
        if (strtod(text[i], NULL) != values[i])
            fail_msg("%g does not print exactly with one decimal", values[i]);
    }
    char scenario[2048];
    int n = snprintf(scenario, sizeof scenario, fmt, text[0], text[1], text[2]);
    assert_true(n > 0 && (size_t)n < sizeof scenario);
    run_traced(res, scenario);
    return follow(res, hold, stay);
}

/* A 30-day hold outlasts a 5-day stay: every resident back from hospital
 * returns to their own place, nobody ever asks ch for a place, and the
 * home's occupancy falls only by deaths (its 60 places are never offered to
 * anyone else, as nobody else comes). */
static void a_held_place_is_returned_to(void **state)
{
    (void)state;
    struct hsc_results res;
    struct holds h = run_holds(&res, 0.0, 5.0, 30.0);
    assert_true(h.held > 50);
    assert_int_equal(h.requests, 0);
    assert_int_equal(h.released, 0);
    assert_true(h.returned >= h.held - 1); /* one may still be in hospital at the end */
    assert_near(kpi(&res, "held_place_returns.service.ch"), (double)h.returned, 0.0);
    assert_near(kpi(&res, "held_place_returns"), (double)h.returned, 0.0);
    /* Each return held the place 5 days; an open hold counts to the end. */
    double days = kpi(&res, "held_place_days.service.ch");
    assert_true(days >= 5.0 * (double)h.returned - 1e-6 && days <= 5.0 * (double)h.held + 1e-6);
    hsc_results_free(&res);
}

/* A 1-day hold lapses before a 5-day stay ends: every hold ends in a
 * release after exactly 1 day, nobody returns, and each hold's day counts. */
static void a_lapsed_hold_releases_the_place(void **state)
{
    (void)state;
    struct hsc_results res;
    struct holds h = run_holds(&res, 0.0, 5.0, 1.0);
    assert_true(h.held > 15); /* about half the 60 residents leave via hospital */
    assert_int_equal(h.returned, 0);
    assert_true(h.released >= h.held - 1);
    assert_true(kpi(&res, "held_place_returns") == 0.0);
    assert_near(kpi(&res, "held_place_days.service.ch"), (double)h.held, 1.0 + 1e-6);
    hsc_results_free(&res);
}

/* Dying in hospital releases the place held: every hold ends in a release at
 * the end of the 5-day stay, within the 30-day hold. */
static void death_releases_the_place(void **state)
{
    (void)state;
    struct hsc_results res;
    struct holds h = run_holds(&res, 1.0, 5.0, 30.0);
    assert_true(h.held > 15);
    assert_int_equal(h.returned, 0);
    assert_true(h.released >= h.held - 1);
    hsc_results_free(&res);
}

/* With hold_reassess, the person is re-assessed in hospital (a fixed 2-day
 * assessment) before going back: each return comes exactly 2 days after
 * readiness (5 days of treatment: 7 days after the hold began), and the
 * days wait as awaiting_assessment. */
static void a_return_can_need_a_reassessment(void **state)
{
    (void)state;
    struct hsc_results res;
    run_traced(&res,
               "name = \"reassess\";\n"
               "run = { replications = 1; warmup_days = 0.0; measure_days = 400.0; };\n"
               "staff = { team = { wte = 100.0; }; };\n"
               "cohorts = { x = { emergency_per_day = 0.0; }; };\n"
               "services = {\n"
               "  acute = { kind = \"beds\"; role = \"acute\"; capacity = 100; assessment = \"dt\";\n"
               "    duration = { x = { dist = \"fixed\"; value = 5.0; }; }; };\n"
               "  dt = { kind = \"caseload\"; role = \"assessment\"; staff = \"team\";\n"
               "    caseload_per_wte = 1.0; duration = { x = { dist = \"fixed\"; value = 2.0; }; }; };\n"
               "  ch = { kind = \"beds\"; role = \"care_home\"; capacity = 60; hold_days = 30.0;\n"
               "    hold_reassess = true;\n"
               "    duration = { x = { dist = \"exponential\"; mean = 100.0; }; };\n"
               "    exits = { x = { hospital = 0.5; death = 0.5; }; };\n"
               "    initial = { x = 60; }; }; };\n");
    struct holds h = follow(&res, 30.0, 7.0);
    assert_true(h.held > 50);
    assert_int_equal(h.requests, 0);
    assert_true(h.returned >= h.held - 1);
    assert_true(kpi(&res, "delayed_bed_days.reason.awaiting_assessment") > 0.0);
    hsc_results_free(&res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_held_place_is_returned_to),
        cmocka_unit_test(a_lapsed_hold_releases_the_place),
        cmocka_unit_test(death_releases_the_place),
        cmocka_unit_test(a_return_can_need_a_reassessment),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
