/*
 * Rebooked electives: electives are booked at 8 a.m. on weekdays; with
 * elective_rebook_days each cancellation brings one more elective exactly
 * that many days later (which may itself be cancelled and rebooked), and
 * without it cancelled electives do not come back. Cancellations and
 * arrivals are matched one by one in the per-person trace. (Emergencies
 * taking beds before electives: test_queue_priority.c.)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "support/assert_near.h"
#include "support/model_support.h"
#include "unit/model/trace_reading.h"
#include "unit/model/weekdays.h"

/* Rebooked electives. One elective each weekday at 8 a.m. (12-hour stay)
 * into 3 beds that emergencies (0.6 a day held 2.5 days each: 1.5 beds on
 * average) sometimes fill: some electives are cancelled. 140 days from
 * Wednesday 2026-04-01 are 20 weeks: 100 booked electives. With rebooking,
 * each cancellation at t (t + 10.5 days inside the run) brings one more
 * elective at exactly t + 10.5, which may itself be cancelled and rebooked. */
static const char *rebook_fmt =
    "name = \"rebook\";\n"
    "run = { replications = 1; start_date = \"2026-04-01\"; measure_days = 140.0; };\n"
    "cohorts = {\n"
    "  e = { emergency_per_day = 0.6; };\n"
    "  p = { electives_per_weekday = [1, 1, 1, 1, 1, 0, 0]; %s\n"
    "        elective_duration = { dist = \"fixed\"; value = 0.5; }; };\n"
    "};\n"
    "services = { acute = { kind = \"beds\"; role = \"acute\"; capacity = 3;\n"
    "  duration = { default = { dist = \"fixed\"; value = 2.5; }; }; }; };\n";

/* Matches each elective cancellation whose rebooking falls inside the run
 * (delay > 0) to an elective arrival exactly `delay` days later, and checks
 * that the arrivals left over are the 100 booked ones, each at 8 a.m. on a
 * weekday. Returns the number matched (the rebooked arrivals). */
static size_t rebooked_arrivals(const struct hsc_results *res, double delay)
{
    const struct hsc_trace *trace = trace_of(res);
    uint32_t p = cohort_index(res, "p");
    bool *matched = calloc(trace->count, sizeof *matched);
    assert_non_null(matched);
    size_t rebooked = 0;
    for (size_t i = 0; i < trace->count; i++) {
        const struct hsc_trace_record *r = &trace->records[i];
        if (r->cohort != p || r->event != HSC_TRACE_CANCELLED || delay <= 0.0 ||
            r->time + delay >= 140.0)
            continue;
        bool found = false;
        for (size_t j = i + 1; j < trace->count && !found; j++) {
            const struct hsc_trace_record *a = &trace->records[j];
            if (!matched[j] && a->cohort == p && a->event == HSC_TRACE_ARRIVE &&
                fabs(a->time - (r->time + delay)) < 1e-9)
                matched[j] = found = true;
        }
        assert_true(found);
        rebooked++;
    }
    size_t booked = 0;
    for (size_t j = 0; j < trace->count; j++) {
        const struct hsc_trace_record *a = &trace->records[j];
        if (matched[j] || a->cohort != p || a->event != HSC_TRACE_ARRIVE)
            continue;
        double day = floor(a->time);
        assert_near(a->time - day, 8.0 / 24.0, 1e-9);
        assert_true(weekday_of((long)day) < 5);
        booked++;
    }
    free(matched);
    assert_int_equal(booked, 100);
    return rebooked;
}

static void rebooked_electives_return(void **state)
{
    (void)state;
    char text[2048];
    struct hsc_results res;
    snprintf(text, sizeof text, rebook_fmt, "elective_rebook_days = 10.5;");
    run_traced(&res, text);
    size_t rebooked = rebooked_arrivals(&res, 10.5);
    assert_true(rebooked > 5);
    double admitted = kpi(&res, "elective_admissions");
    double cancelled = kpi(&res, "elective_cancellations");
    assert_true(admitted > 50.0);
    assert_true(admitted + cancelled == 100.0 + (double)rebooked);
    hsc_results_free(&res);

    snprintf(text, sizeof text, rebook_fmt, "");
    run_traced(&res, text);
    assert_int_equal(rebooked_arrivals(&res, 0.0), 0);
    assert_true(kpi(&res, "elective_cancellations") > 5.0);
    assert_true(kpi(&res, "elective_admissions") + kpi(&res, "elective_cancellations") == 100.0);
    hsc_results_free(&res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rebooked_electives_return),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
