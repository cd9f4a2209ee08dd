/*
 * Lever tests, hospital side: a capacity calendar's drop evicts nobody,
 * diversion happens exactly at the maximum wait, and step-up takes people
 * only when it has room, counting admissions after all only when acute
 * admits them (the community side: test_levers_flow.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "support/assert_near.h"
#include "support/run_support.h"
#include "unit/model/levers_support.h"

/* 1. Capacity calendar. 4 acute beds, 10 from 12-01 to 03-31 every year;
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

/* 2. Maximum wait. Five beds held exactly one day. */
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

/* 3. Step-up. Every presentation (10 a day) is first offered to a step-up
 * ward of N beds held exactly 2 days; 30% of its patients go to hospital
 * after all. Acute beds are plentiful, so everyone sent to acute is admitted
 * at once. */
static const char *step_up_fmt =
    "name = \"stepup\";\n"
    "run = { replications = 1; warmup_days = 10.0; measure_days = 100.0; };\n"
    "cohorts = { x = { emergency_per_day = 10.0;\n"
    "  step_up = { share = 1.0; services = [\"hah\"]; }; }; };\n"
    "services = {\n"
    "  acute = { kind = \"beds\"; role = \"acute\"; capacity = 1000;\n"
    "    duration = { x = { dist = \"fixed\"; value = 1.0; }; }; };\n"
    "  hah = { kind = \"beds\"; role = \"step_up\"; capacity = %d;\n"
    "    duration = { x = { dist = \"fixed\"; value = 2.0; }; };\n"
    "    exits = { x = { home = 0.7; hospital = 0.3; }; }; };\n"
    "};\n";

struct step_up_counts {
    double presented, episodes, to_hospital, episodes_to_hospital, admissions;
};

/* Runs the scenario with n beds and checks what must hold for any n:
 * episodes started in the period are avoided or admitted; nobody waits for
 * step-up (an offer finding no room is refused); step_up_admitted counts the
 * period's episodes that ended in an exit to hospital (acute has room for
 * everyone, so each such exit is an admission); emergency admissions are the
 * presentations not taken by step-up plus the exits to hospital. */
static struct step_up_counts run_step_up(int n)
{
    char text[2048];
    snprintf(text, sizeof text, step_up_fmt, n);
    struct hsc_results res;
    run_traced(&res, text);
    const struct hsc_trace *trace = trace_of(&res);
    int hah = service_index(&res, "hah");
    const double start = 10.0, end = 110.0;
    struct step_up_counts c = {0};
    size_t n_people;
    double *episode = per_person(trace, &n_people);
    for (size_t i = 0; i < trace->count; i++) {
        const struct hsc_trace_record *r = &trace->records[i];
        bool in_period = r->time >= start && r->time < end;
        if (r->event == HSC_TRACE_STEP_UP) {
            /* Only fresh presentations are offered step-up: a person sent to
             * hospital by it is admitted, not offered it again. */
            assert_true(i > 0 && trace->records[i - 1].event == HSC_TRACE_ARRIVE &&
                        trace->records[i - 1].person == r->person);
            assert_int_equal(r->to, hah);
            episode[r->person] = r->time;
            c.episodes += in_period ? 1.0 : 0.0;
        } else if (r->event == HSC_TRACE_REPRESENT && r->from == hah) {
            c.to_hospital += in_period ? 1.0 : 0.0;
            c.episodes_to_hospital += episode[r->person] >= start ? 1.0 : 0.0;
        } else if (r->event == HSC_TRACE_ARRIVE) {
            c.presented += in_period ? 1.0 : 0.0;
        }
    }
    free(episode);
    c.admissions = kpi(&res, "emergency_admissions");
    assert_true(kpi(&res, "admissions_avoided") + kpi(&res, "step_up_admitted") == c.episodes);
    assert_true(kpi(&res, "admissions.service.hah") == c.episodes);
    /* Every fresh presentation is offered step-up (share 1); those that find
     * no room are its turned_away (docs/kpis.md: step-up keeps no queue). */
    assert_true(kpi(&res, "arrivals.service.hah") == c.presented);
    assert_true(kpi(&res, "turned_away.service.hah") == c.presented - c.episodes);
    assert_true(kpi(&res, "step_up_admitted") == c.episodes_to_hospital);
    assert_true(kpi(&res, "step_up_admitted.service.hah") == kpi(&res, "step_up_admitted"));
    assert_true(kpi(&res, "admissions_avoided.service.hah") == kpi(&res, "admissions_avoided"));
    assert_true(kpi(&res, "waiting_mean.service.hah") == 0.0);
    if (c.episodes > 0.0)
        assert_true(kpi(&res, "wait_mean_days.service.hah") == 0.0);
    for (size_t d = 0; d < res.n_days; d++)
        assert_true(occupancy_on(&res, "hah", d) <= (float)n);
    assert_true(c.admissions == c.presented - c.episodes + c.to_hospital);
    hsc_results_free(&res);
    return c;
}

static void step_up_only_when_there_is_room(void **state)
{
    (void)state;
    struct step_up_counts none = run_step_up(0), few = run_step_up(3), many = run_step_up(10);
    /* No room: nothing avoided, every presentation admitted. */
    assert_true(none.episodes == 0.0);
    assert_true(none.admissions == none.presented);
    /* The same presentations in every run (common random numbers). */
    assert_true(few.presented == none.presented && many.presented == none.presented);
    /* 3 beds start at most 1.5 episodes a day, 10 beds at most 5 (about 4.6
     * with Poisson arrivals: Erlang loss, 20 erlangs on 10 beds); 70% of them
     * are avoided admissions, so 10 beds avoid about 320 of ~1000 (sd ~ 15). */
    assert_true(few.episodes > 0.0 && few.episodes <= 3.0 * 50.0 + 3.0);
    assert_true(many.episodes <= 10.0 * 50.0 + 10.0);
    assert_true(few.episodes_to_hospital > 0.0);
    assert_true(none.admissions > few.admissions);
    assert_true(few.admissions > many.admissions);
    assert_true(none.admissions - many.admissions > 250.0);
}

/* 3b. step_up_admitted is "step-up episodes started in the period that ended
 * in an acute admission" (docs/kpis.md). When acute is full, a step-up patient
 * sent to hospital may be diverted after the maximum wait instead: that
 * episode did not end in an admission. Two acute beds held one day take two
 * of the ten presentations a day; step-up (10 beds, 2 days) sends half of its
 * patients to hospital; 12-hour maximum wait. The expected count comes from
 * the trace: period episodes whose exit to hospital was followed by an acute
 * admission.
 *
 * The episode stays open while the person waits in the ED: it ends
 * "admitted" only when acute admits them, and a diversion (or a turn-away
 * with max_queue) leaves it avoided, as docs/kpis.md defines. */
static void step_up_admitted_means_admitted(void **state)
{
    (void)state;
    struct hsc_results res;
    run_traced(&res,
               "name = \"stepup_divert\";\n"
               "run = { replications = 1; warmup_days = 10.0; measure_days = 60.0; };\n"
               "cohorts = { x = { emergency_per_day = 10.0;\n"
               "  step_up = { share = 1.0; services = [\"hah\"]; }; }; };\n"
               "services = {\n"
               "  acute = { kind = \"beds\"; role = \"acute\"; capacity = 2;\n"
               "    max_wait_hours = 12.0;\n"
               "    duration = { x = { dist = \"fixed\"; value = 1.0; }; }; };\n"
               "  hah = { kind = \"beds\"; role = \"step_up\"; capacity = 10;\n"
               "    duration = { x = { dist = \"fixed\"; value = 2.0; }; };\n"
               "    exits = { x = { home = 0.5; hospital = 0.5; }; }; };\n"
               "};\n");
    const struct hsc_trace *trace = trace_of(&res);
    int hah = service_index(&res, "hah");
    int acute = service_index(&res, "acute");
    size_t n_people;
    double *episode = per_person(trace, &n_people);
    bool *sent = calloc(n_people, sizeof *sent);
    assert_non_null(sent);
    double admitted = 0.0, diverted = 0.0;
    for (size_t i = 0; i < trace->count; i++) {
        const struct hsc_trace_record *r = &trace->records[i];
        if (r->event == HSC_TRACE_STEP_UP) {
            episode[r->person] = r->time;
        } else if (r->event == HSC_TRACE_REPRESENT && r->from == hah) {
            sent[r->person] = episode[r->person] >= 10.0;
        } else if (sent[r->person] && r->event == HSC_TRACE_ADMIT && r->to == acute) {
            admitted += 1.0;
            sent[r->person] = false;
        } else if (sent[r->person] && r->event == HSC_TRACE_DIVERTED) {
            diverted += 1.0;
            sent[r->person] = false;
        }
    }
    free(episode);
    free(sent);
    double got = kpi(&res, "step_up_admitted");
    double started = kpi(&res, "admissions.service.hah");
    double avoided = kpi(&res, "admissions_avoided");
    hsc_results_free(&res);
    assert_true(diverted > 10.0); /* the scenario does divert step-up patients */
    if (got != admitted)
        fail_msg("step_up_admitted is %g, but only %g of the period's step-up episodes "
                 "ended in an acute admission (%g more were diverted after 12 hours)",
                 got, admitted, diverted);
    assert_true(avoided == started - admitted);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(capacity_drop_evicts_nobody),
        cmocka_unit_test(diversion_at_the_threshold),
        cmocka_unit_test(step_up_only_when_there_is_room),
        cmocka_unit_test(step_up_admitted_means_admitted),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
