/*
 * Diversion at the maximum wait (max_wait_hours): nobody admitted waited
 * longer, everyone diverted left exactly at it, and every presentation is
 * admitted, diverted or still waiting; a maximum just above the longest wait
 * diverts nobody and changes nothing (common random numbers), one just below
 * it diverts someone. Waits are read from the per-person trace.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "support/assert_near.h"
#include "support/model_support.h"
#include "unit/model/trace_reading.h"

/* Maximum wait. Five beds held exactly one day. */
static const char *divert_fmt =
    "name = \"divert\";\n"
    "run = { replications = 1; measure_days = 60.0; };\n"
    "cohorts = { x = { emergency_per_day = %s; }; };\n"
    "services = { acute = { kind = \"beds\"; role = \"acute\"; capacity = 5; %s\n"
    "  duration = { x = { dist = \"fixed\"; value = 1.0; }; }; }; };\n";

static void run_divert(struct hsc_results *res, const char *rate, double max_wait_hours)
{
    char setting[64] = "";
    if (max_wait_hours > 0.0)
        snprintf(setting, sizeof setting, "max_wait_hours = %.17g;", max_wait_hours);
    char text[2048];
    snprintf(text, sizeof text, divert_fmt, rate, setting);
    run_traced(res, text);
}

/* The longest wait from presentation to an acute bed in the trace, in days;
 * also checks that every diverted person left exactly `max_wait` days after
 * presenting (when max_wait > 0) and counts people still waiting at the end. */
static double longest_wait(const struct hsc_results *res, double max_wait, size_t *still_waiting)
{
    const struct hsc_trace *trace = trace_of(res);
    int acute = service_index(res, "acute");
    size_t n_people;
    double *asked = per_person(trace, &n_people);
    double longest = 0.0;
    size_t waiting = 0;
    for (size_t i = 0; i < trace->count; i++) {
        const struct hsc_trace_record *r = &trace->records[i];
        if (r->event == HSC_TRACE_REQUEST && r->to == acute) {
            asked[r->person] = r->time;
            waiting++;
        } else if (r->event == HSC_TRACE_ADMIT && r->to == acute) {
            double wait = r->time - asked[r->person];
            longest = wait > longest ? wait : longest;
            waiting--;
        } else if (r->event == HSC_TRACE_DIVERTED) {
            assert_true(max_wait > 0.0);
            assert_near(r->time - asked[r->person], max_wait, 1e-9);
            waiting--;
        }
    }
    free(asked);
    *still_waiting = waiting;
    return longest;
}

/* Ten presentations a day for five beds a day: about half must go. With a
 * 12-hour maximum, nobody admitted waited longer than 12 hours, everyone
 * diverted left exactly at 12 hours, and every presentation was admitted,
 * diverted or is still waiting. Then, at a sustainable load, the longest wait
 * W without a maximum brackets the threshold: a maximum just above W diverts
 * nobody and changes nothing (common random numbers), one just below W
 * diverts someone. */
static void diversion_at_the_threshold(void **state)
{
    (void)state;
    struct hsc_results res;
    size_t still;
    run_divert(&res, "10.0", 12.0);
    double longest = longest_wait(&res, 0.5, &still);
    assert_true(longest <= 0.5 + 1e-9);
    assert_true(longest > 0.25); /* the queue is real: some waits are long */
    assert_true(kpi(&res, "ed_boarding_over_12h") == 0.0);
    /* The wait histogram's bins are 0.5% wide. */
    assert_true(kpi(&res, "wait_p95_days.service.acute") <= 0.5 * 1.0025);
    const struct hsc_trace *trace = trace_of(&res);
    double diverted = (double)count_events(trace, HSC_TRACE_DIVERTED, -2, -2, 0.0, 60.0);
    double presented = (double)count_events(trace, HSC_TRACE_ARRIVE, -2, -2, 0.0, 60.0);
    assert_true(kpi(&res, "ed_diverted") == diverted);
    assert_true(diverted > 0.3 * presented); /* ~600 presented, ~300 admitted */
    /* Five beds turn over at most once a day each. */
    assert_true(kpi(&res, "emergency_admissions") <= 300.0);
    assert_true(presented == kpi(&res, "emergency_admissions") + diverted + (double)still);
    hsc_results_free(&res);

    struct hsc_results free_run, above, below;
    run_divert(&free_run, "4.0", 0.0);
    double w = longest_wait(&free_run, 0.0, &still);
    assert_true(w > 0.02); /* at 80% load some wait over half an hour */
    assert_true(kpi(&free_run, "ed_diverted") == 0.0);
    run_divert(&above, "4.0", 24.0 * w + 1.0);
    assert_true(kpi(&above, "ed_diverted") == 0.0);
    assert_true(kpi(&above, "emergency_admissions") == kpi(&free_run, "emergency_admissions"));
    assert_true(kpi(&above, "ed_boarding_hours_mean") == kpi(&free_run, "ed_boarding_hours_mean"));
    run_divert(&below, "4.0", 24.0 * w - 0.01);
    assert_true(kpi(&below, "ed_diverted") >= 1.0);
    hsc_results_free(&free_run);
    hsc_results_free(&above);
    hsc_results_free(&below);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(diversion_at_the_threshold),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
