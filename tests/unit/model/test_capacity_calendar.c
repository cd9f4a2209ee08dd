/*
 * Capacity calendar: a service's capacity follows its capacity_calendar,
 * the new capacity in force from the first day of a period to its last; a
 * drop evicts nobody (the people above it stay until their stays end, and
 * nobody new is admitted meanwhile). Fixed stays, so the acute occupancy is
 * worked out by hand and checked exactly; every admission and stay is checked
 * in the per-person trace.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "support/assert_near.h"
#include "support/model_support.h"
#include "unit/model/trace_reading.h"

/* Capacity calendar. 4 acute beds, 10 from 12-01 to 03-31 every year;
 * the run starts on 2026-11-21, so the rise comes at the midnight of day 10
 * and the drop back to 4 at day 131 (2027-04-01). Two presentations a day
 * for beds held exactly 20 days, so after the first few days a queue is
 * always waiting.
 *
 * By hand, with a1..a4 < 10 the admission times of the first four:
 * - day 10: the 6 new beds are filled at once from the queue (t = 10); they
 *   turn over together at 30, 50, ..., 130 (03-31 is still winter: 6 more
 *   admitted at t = 130) and those leave at 150;
 * - the four first beds turn over at a_i + 20k, so at the drop their
 *   occupants leave at a_i + 140, in (140, 150);
 * - at the drop nobody leaves: 10 people in 4 beds until a_i + 140, then 6
 *   until 150, when the six leave together and the 3rd..6th departures each
 *   let one in: 4 admissions at t = 150, none in (131, 150).
 * Time-weighted occupied / available beds, with S = a1 + ... + a4:
 *   [0, 10):    sum (10 - a_i) / 4             = 10 - S/4
 *   [10, 131):  10 beds full for 121 days / 10  = 121
 *   [131, 150): (6 * 19 + sum (a_i + 9)) / 4    = (150 + S) / 4
 *   [150, 160): 4 * 10 / 4                      = 10
 * S cancels: acute_occupancy_mean = 178.5 / 160 = 1.115625 exactly. (Were
 * the base 4 beds used throughout it would be about 2.0; the largest, 10,
 * about 0.45.) The fraction is 10 / 4 = 2.5 from 131 to min a_i + 140, over
 * 9 days: more than 5% of the 160, so acute_occupancy_p95 is 2.5. */
static void capacity_drop_evicts_nobody(void **state)
{
    (void)state;
    struct hsc_results res;
    run_traced(&res,
               "name = \"calendar\";\n"
               "run = { replications = 1; start_date = \"2026-11-21\"; measure_days = 160.0; };\n"
               "cohorts = { x = { emergency_per_day = 2.0; }; };\n"
               "services = { acute = { kind = \"beds\"; role = \"acute\"; capacity = 4;\n"
               "  capacity_calendar = ( { from = \"12-01\"; to = \"03-31\"; capacity = 10; } );\n"
               "  duration = { x = { dist = \"fixed\"; value = 20.0; }; }; }; };\n");
    assert_string_equal(res.dates[10], "2026-12-01");
    assert_string_equal(res.dates[130], "2027-03-31");
    assert_string_equal(res.dates[131], "2027-04-01");
    const struct hsc_trace *trace = trace_of(&res);
    int acute = service_index(&res, "acute");

    /* The assumptions of the hand calculation. */
    assert_int_equal(count_events(trace, HSC_TRACE_ADMIT, -2, acute, 0.0, 10.0), 4);
    for (size_t d = 10; d < res.n_days; d++)
        assert_true(waiting_on(&res, "acute", d) > 0.0f);

    /* The rise takes effect on the first day of the period (and 03-31 is
     * its last), the drop on the day after. */
    assert_int_equal(count_events(trace, HSC_TRACE_ADMIT, -2, acute, 10.0, 10.0 + 1e-9), 6);
    assert_int_equal(count_events(trace, HSC_TRACE_ADMIT, -2, acute, 130.0, 130.0 + 1e-9), 6);
    assert_true(occupancy_on(&res, "acute", 9) == 4.0f);
    assert_true(occupancy_on(&res, "acute", 11) == 10.0f);

    /* Nobody evicted: 10 people stay in 4 beds after the drop ... */
    for (size_t d = 131; d <= 140; d++)
        assert_true(occupancy_on(&res, "acute", d) == 10.0f);
    assert_true(occupancy_on(&res, "acute", 141) > 4.0f);
    /* ... nobody new comes in until fewer than 4 remain ... */
    assert_int_equal(count_events(trace, HSC_TRACE_ADMIT, -2, acute, 131.0, 150.0), 0);
    assert_int_equal(count_events(trace, HSC_TRACE_ADMIT, -2, acute, 150.0, 150.0 + 1e-9), 4);
    for (size_t d = 151; d < res.n_days; d++)
        assert_true(occupancy_on(&res, "acute", d) == 4.0f);

    /* ... and every stay ran its full 20 days; every admission found the
     * occupancy below the capacity of its day. */
    size_t n_people;
    double *admitted = per_person(trace, &n_people);
    int occupied = 0, leaves = 0;
    for (size_t i = 0; i < trace->count; i++) {
        const struct hsc_trace_record *r = &trace->records[i];
        if (r->event == HSC_TRACE_ADMIT && r->to == acute) {
            double day = floor(r->time);
            int beds = day >= 10.0 && day <= 130.0 ? 10 : 4;
            assert_true(occupied < beds);
            occupied++;
            admitted[r->person] = r->time;
        } else if (r->event == HSC_TRACE_LEAVE && r->from == acute) {
            assert_near(r->time - admitted[r->person], 20.0, 1e-9);
            occupied--;
            leaves++;
        }
    }
    assert_true(leaves > 40);
    free(admitted);

    assert_near(kpi(&res, "acute_occupancy_mean"), 178.5 / 160.0, 1e-9);
    assert_near(kpi(&res, "acute_occupancy_p95"), 2.5, 1e-12);
    hsc_results_free(&res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(capacity_drop_evicts_nobody),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
