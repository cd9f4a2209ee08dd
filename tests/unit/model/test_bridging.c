/*
 * Bridging: a person waiting in acute for a care home moves to step-down
 * after bridging.after_days (a discharge from acute) but keeps their place
 * and order in the care home's queue, so the care home's queue and admissions
 * are those without bridging and the acute delay saved is exactly the
 * step-down bed-days; when step-down is full they stay in acute and bridge
 * later. Checked in the per-person trace.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "support/assert_near.h"
#include "support/model_support.h"
#include "unit/model/trace_reading.h"

/* Bridging. 1.1 presentations a day, all going to a care home of 20 beds
 * held exactly 20 days (full from the start: 20 initial residents), so the
 * care-home queue keeps growing. People wait in acute; with bridging they
 * move to step-down after 2 days. Nothing else uses step-down, and acute and
 * (first) step-down have room for everyone, so the care home's queue and
 * admissions are identical with and without bridging, and each person's wait
 * is split between acute (at most 2 days) and step-down. */
static const char *bridging_fmt =
    "name = \"bridging\";\n"
    "run = { replications = 1; warmup_days = 20.0; measure_days = 200.0; };\n"
    "cohorts = { x = { emergency_per_day = 1.1; discharge = { care_home = 1.0; }; }; };\n"
    "services = {\n"
    "  acute = { kind = \"beds\"; role = \"acute\"; capacity = 300;\n"
    "    duration = { x = { dist = \"fixed\"; value = 1.0; }; }; };\n"
    "  step_down = { kind = \"beds\"; role = \"step_down\"; capacity = %d;\n"
    "    duration = { x = { dist = \"fixed\"; value = 10.0; }; };\n"
    "    exits = { x = { home = 1.0; }; }; };\n"
    "  care_home = { kind = \"beds\"; role = \"care_home\"; capacity = 20; %s\n"
    "    duration = { x = { dist = \"fixed\"; value = 20.0; }; };\n"
    "    exits = { x = { death = 1.0; }; }; initial = { x = 20; }; };\n"
    "};\n";

static void bridging_keeps_the_queue_place(void **state)
{
    (void)state;
    char text[2048];
    struct hsc_results plain, bridged;
    snprintf(text, sizeof text, bridging_fmt, 300, "");
    run_traced(&plain, text);
    snprintf(text, sizeof text, bridging_fmt, 300,
             "bridging = { via = \"step_down\"; after_days = 2.0; };");
    run_traced(&bridged, text);

    const struct hsc_trace *trace = trace_of(&bridged);
    int acute = service_index(&bridged, "acute");
    int step_down = service_index(&bridged, "step_down");
    int care_home = service_index(&bridged, "care_home");

    /* Care-home places go in the order people asked for them, bridged or
     * not; each bridge is a discharge from acute at that moment, exactly 2
     * days after asking. */
    size_t n_people;
    double *asked = per_person(trace, &n_people);
    uint64_t *order = malloc(trace->count * sizeof *order);
    assert_non_null(order);
    size_t n_requests = 0, n_admits = 0, n_bridges = 0;
    for (size_t i = 0; i < trace->count; i++) {
        const struct hsc_trace_record *r = &trace->records[i];
        if (r->event == HSC_TRACE_REQUEST && r->to == care_home) {
            order[n_requests++] = r->person;
            asked[r->person] = r->time;
        } else if (r->event == HSC_TRACE_ADMIT && r->to == care_home && r->from != -1) {
            assert_true(n_admits < n_requests);
            assert_true(order[n_admits] == r->person);
            n_admits++;
        } else if (r->event == HSC_TRACE_BRIDGE) {
            assert_int_equal(r->from, care_home);
            assert_int_equal(r->to, step_down);
            assert_near(r->time - asked[r->person], 2.0, 1e-9);
            const struct hsc_trace_record *before = &trace->records[i - 1];
            assert_true(before->event == HSC_TRACE_DISCHARGE && before->person == r->person &&
                        before->from == acute && before->to == step_down &&
                        before->time == r->time);
            n_bridges++;
        }
    }
    free(order);
    free(asked);
    assert_true(n_bridges > 50);
    assert_true(n_admits > 100);

    /* Bridged people stay in the care home's queue: its waiting and its
     * admissions are those of the run without bridging. */
    double waiting = kpi(&plain, "waiting_mean.service.care_home");
    assert_true(waiting > 5.0);
    assert_near(kpi(&bridged, "waiting_mean.service.care_home"), waiting, 1e-9 * waiting);
    assert_true(kpi(&bridged, "admissions.service.care_home") ==
                kpi(&plain, "admissions.service.care_home"));
    double in_step_down = kpi(&bridged, "occupancy_mean.service.step_down");
    assert_true(kpi(&plain, "occupancy_mean.service.step_down") == 0.0);
    assert_true(in_step_down > 1.0);
    assert_true(kpi(&bridged, "waiting_mean.service.care_home") > in_step_down);

    /* The days moved out of acute are exactly the step-down bed-days. */
    double delayed = kpi(&plain, "delayed_bed_days.reason.awaiting_care_home");
    double delayed_bridged = kpi(&bridged, "delayed_bed_days.reason.awaiting_care_home");
    assert_true(delayed_bridged < delayed);
    assert_near(delayed_bridged + in_step_down * 200.0, delayed, 1e-6 * delayed);

    /* Leaving acute this way is a discharge, always within 2 days here. */
    assert_true(kpi(&bridged, "discharged_within_72h_pct") == 100.0);
    assert_true(kpi(&plain, "discharged_within_72h_pct") < 50.0);
    double discharges = 0.0;
    for (size_t d = 0; d < bridged.n_days; d++)
        discharges += bridged.ts_discharges[d];
    assert_true(discharges == (double)count_events(trace, HSC_TRACE_DISCHARGE, acute, -2,
                                                   20.0, 220.0));
    assert_true(discharges > (double)count_events(trace, HSC_TRACE_DISCHARGE, acute, care_home,
                                                  20.0, 220.0));
    hsc_results_free(&bridged);

    /* With 3 step-down beds, someone who finds them full stays in acute and
     * is looked at again each day: moves happen 2, 3, 4, ... days after
     * asking, never more than 3 people are in step-down, and the care home
     * still sees the same queue. */
    snprintf(text, sizeof text, bridging_fmt, 3,
             "bridging = { via = \"step_down\"; after_days = 2.0; };");
    run_traced(&bridged, text);
    trace = trace_of(&bridged);
    asked = per_person(trace, &n_people);
    size_t late = 0;
    n_bridges = 0;
    for (size_t i = 0; i < trace->count; i++) {
        const struct hsc_trace_record *r = &trace->records[i];
        if (r->event == HSC_TRACE_REQUEST && r->to == care_home) {
            asked[r->person] = r->time;
        } else if (r->event == HSC_TRACE_BRIDGE) {
            double days = r->time - asked[r->person];
            assert_true(days >= 2.0 - 1e-9);
            assert_near(days, round(days), 1e-9);
            late += days > 2.5;
            n_bridges++;
        }
    }
    free(asked);
    assert_true(n_bridges > 10);
    assert_true(late > 0);
    for (size_t d = 0; d < bridged.n_days; d++)
        assert_true(occupancy_on(&bridged, "step_down", d) <= 3.0f);
    assert_near(kpi(&bridged, "waiting_mean.service.care_home"), waiting, 1e-9 * waiting);
    delayed_bridged = kpi(&bridged, "delayed_bed_days.reason.awaiting_care_home");
    in_step_down = kpi(&bridged, "occupancy_mean.service.step_down");
    assert_near(delayed_bridged + in_step_down * 200.0, delayed, 1e-6 * delayed);
    hsc_results_free(&plain);
    hsc_results_free(&bridged);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bridging_keeps_the_queue_place),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
