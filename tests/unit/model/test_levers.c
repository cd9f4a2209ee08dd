/*
 * Behaviour tests of the levers, one per rule of the scenario reference:
 * capacity calendars, the maximum acute wait, step-up, bridging, locality
 * shares, the hour-of-day profile, growth and rebooked electives. Small,
 * mostly deterministic scenarios checked against the per-person event trace;
 * every expected number is worked out by hand and every statistical
 * tolerance stated. Conservation is asserted inside every run; costs and
 * staff rosters are not covered here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "support/assert_near.h"
#include "support/run_support.h"

/* Loads scenario text and runs it with the event trace on (support_run keeps
 * no trace). One thread: the trace of replication 0 is res->traces[0]. */
static void run_traced(struct hsc_results *res, const char *text)
{
    struct hsc_scenario sc;
    support_load(&sc, NULL, 0, "%s", text);
    struct hsc_exec_options opts = {.threads = 1, .progress = false, .trace = true};
    struct hsc_error err = {0};
    if (hsc_exec_run(&sc, &opts, res, &err) != 0) {
        char buf[1024];
        hsc_error_format(&err, buf, sizeof buf);
        fail_msg("run failed: %s", buf);
    }
    assert_non_null(res->traces);
    hsc_scenario_fini(&sc);
}

static const struct hsc_trace *trace_of(const struct hsc_results *res)
{
    return &res->traces[0];
}

static double kpi(const struct hsc_results *res, const char *name)
{
    return support_value(res, name, 0);
}

static int service_index(const struct hsc_results *res, const char *name)
{
    for (size_t s = 0; s < res->n_services; s++)
        if (strcmp(res->service_names[s], name) == 0)
            return (int)s;
    fail_msg("no service %s", name);
    return -1;
}

static uint32_t cohort_index(const struct hsc_results *res, const char *name)
{
    for (size_t c = 0; c < res->n_cohorts; c++)
        if (strcmp(res->cohort_names[c], name) == 0)
            return (uint32_t)c;
    fail_msg("no cohort %s", name);
    return 0;
}

/* The midnight snapshots of day d of replication 0. */
static float occupancy_on(const struct hsc_results *res, const char *service, size_t day)
{
    return res->ts_occupancy[day * res->n_services + (size_t)service_index(res, service)];
}

static float waiting_on(const struct hsc_results *res, const char *service, size_t day)
{
    return res->ts_waiting[day * res->n_services + (size_t)service_index(res, service)];
}

/* One slot per person number in the trace, for per-person times. */
static double *per_person(const struct hsc_trace *trace, size_t *n)
{
    uint64_t most = 0;
    for (size_t i = 0; i < trace->count; i++)
        if (trace->records[i].person > most)
            most = trace->records[i].person;
    *n = (size_t)most + 1;
    double *slots = malloc(*n * sizeof *slots);
    assert_non_null(slots);
    for (size_t i = 0; i < *n; i++)
        slots[i] = NAN;
    return slots;
}

/* Records of `event` (with `from`/`to` equal to the given service, -2 for
 * any) whose time lies in [lo, hi). */
static size_t count_events(const struct hsc_trace *trace, enum hsc_trace_event event, int from,
                           int to, double lo, double hi)
{
    size_t n = 0;
    for (size_t i = 0; i < trace->count; i++) {
        const struct hsc_trace_record *r = &trace->records[i];
        if (r->event == (uint32_t)event && (from == -2 || r->from == from) &&
            (to == -2 || r->to == to) && r->time >= lo && r->time < hi)
            n++;
    }
    return n;
}

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
 * in an acute admission" (MODEL.md). When acute is full, a step-up patient
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

/* 4. Bridging. 1.1 presentations a day, all going to a care home of 20 beds
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

/* 5. Locality shares. A 4-bed ward whose beds all belong to locality a;
 * residents of a (cohort ra) and of b (cohort rb) are referred to it, each
 * cohort living in one locality only. Stays are exactly 5 days. */
static const char *locality_fmt =
    "name = \"locality\";\n"
    "run = { replications = 1; measure_days = 100.0; };\n"
    "localities = [\"a\", \"b\"];\n"
    "cohorts = { ra = { population = { a = 100; }; }; rb = { population = { b = 100; }; }; };\n"
    "services = {\n"
    "  acute = { kind = \"beds\"; role = \"acute\"; capacity = 1;\n"
    "    duration = { default = { dist = \"fixed\"; value = 1.0; }; }; };\n"
    "  ward = { kind = \"beds\"; role = \"other\"; capacity = 4;\n"
    "    localities = { a = 1.0; b = 0.0; }; overflow = %s;\n"
    "    duration = { default = { dist = \"fixed\"; value = 5.0; }; };\n"
    "    exits = { default = { home = 1.0; }; }; referrals = { %s }; };\n"
    "};\n";

/* Admissions to the ward of cohort `name`, from the trace. */
static size_t ward_admits(const struct hsc_results *res, const char *name)
{
    const struct hsc_trace *trace = trace_of(res);
    int ward = service_index(res, "ward");
    uint32_t cohort = cohort_index(res, name);
    size_t n = 0;
    for (size_t i = 0; i < trace->count; i++) {
        const struct hsc_trace_record *r = &trace->records[i];
        n += r->event == HSC_TRACE_ADMIT && r->to == ward && r->cohort == cohort;
    }
    return n;
}

static void run_locality(struct hsc_results *res, const char *overflow, const char *referrals)
{
    char text[2048];
    snprintf(text, sizeof text, locality_fmt, overflow, referrals);
    run_traced(res, text);
}

static void locality_capacity_serves_its_residents(void **state)
{
    (void)state;
    struct hsc_results res;
    /* Both localities refer (a: 0.2 a day, about 1 bed of the 4; b: 1 a
     * day): without overflow only a's residents get in, and all of them. */
    run_locality(&res, "false", "ra = 0.2; rb = 1.0;");
    assert_int_equal(ward_admits(&res, "rb"), 0);
    assert_true(ward_admits(&res, "ra") > 5);
    assert_true((double)ward_admits(&res, "ra") == kpi(&res, "admissions.service.ward"));
    assert_true(waiting_on(&res, "ward", res.n_days - 1) > 50.0f); /* b's queue: ~100 */
    hsc_results_free(&res);
    run_locality(&res, "true", "ra = 0.2; rb = 1.0;");
    assert_true(ward_admits(&res, "rb") > 20);
    assert_true(ward_admits(&res, "ra") > 5);
    hsc_results_free(&res);

    /* Only b refers: nobody is admitted, unless overflow lets them use a's
     * beds, which then turn over every 5 days: 4 x 20 = 80 admissions at
     * most, less the first few days' filling. */
    run_locality(&res, "false", "rb = 1.0;");
    assert_true(kpi(&res, "admissions.service.ward") == 0.0);
    assert_true(kpi(&res, "arrivals.service.ward") > 50.0);
    hsc_results_free(&res);
    run_locality(&res, "true", "rb = 1.0;");
    assert_true(kpi(&res, "admissions.service.ward") >= 72.0);
    assert_true(kpi(&res, "admissions.service.ward") <= 80.0);
    hsc_results_free(&res);
}

/* 6. Hour-of-day profile: factor 0 from midnight to 8 a.m. and from 8 p.m.,
 * 3.0 from 8 to noon and 1.5 from noon to 8 p.m. (sum 4 x 3 + 8 x 1.5 = 24).
 * The warm-up is 6 hours, so the run starts at 6 p.m. and hours must be
 * counted from real midnights (start date + day), not from time 0. Every
 * presentation is turned away by an acute pool with no beds, which keeps the
 * run cheap. 200 a day for 100 days: N ~ 20,000. */
static void hour_profile_reproduces_the_shares(void **state)
{
    (void)state;
    struct hsc_results res;
    run_traced(&res,
               "name = \"hours\";\n"
               "run = { replications = 1; warmup_days = 0.25; measure_days = 100.0; };\n"
               "calendar = { hour_factors = [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,\n"
               "  3.0, 3.0, 3.0, 3.0, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5,\n"
               "  0.0, 0.0, 0.0, 0.0]; };\n"
               "cohorts = { x = { emergency_per_day = 200.0; }; };\n"
               "services = {\n"
               "  acute = { kind = \"beds\"; role = \"acute\"; capacity = 0; max_queue = 0;\n"
               "    duration = { x = { dist = \"fixed\"; value = 1.0; }; }; };\n"
               "  ward = { kind = \"beds\"; role = \"other\"; capacity = 1000;\n"
               "    duration = { x = { dist = \"fixed\"; value = 0.01; }; };\n"
               "    exits = { x = { home = 1.0; }; }; referrals = { x = 48.0; }; };\n"
               "};\n");
    const struct hsc_trace *trace = trace_of(&res);
    int acute = service_index(&res, "acute");
    double count[24] = {0};
    double n = 0.0, referrals = 0.0, referrals_off_hours = 0.0;
    for (size_t i = 0; i < trace->count; i++) {
        const struct hsc_trace_record *r = &trace->records[i];
        if (r->event != HSC_TRACE_ARRIVE)
            continue;
        double since_midnight = r->time - 0.25; /* the start date's midnight */
        int hour = (int)floor((since_midnight - floor(since_midnight)) * 24.0);
        if (r->to != acute) {
            referrals += 1.0;
            referrals_off_hours += hour < 8 || hour >= 20 ? 1.0 : 0.0;
            continue;
        }
        count[hour] += 1.0;
        n += 1.0;
    }
    /* The day's demand is unchanged: the warm-up (6 p.m. to midnight) has
     * factor 0, so N is Poisson(200 x 100 days); within 4 sd. */
    assert_true(fabs(n - 20000.0) < 4.0 * sqrt(20000.0));
    /* Given N, each hour's count is Binomial(N, factor / 24): within 4 sd
     * (chance of a false alarm over 12 hours < 1e-3; the seed is fixed).
     * Hours with factor 0 get nobody at all. */
    for (int h = 0; h < 24; h++) {
        double p = (h >= 8 && h < 12 ? 3.0 : h >= 12 && h < 20 ? 1.5 : 0.0) / 24.0;
        if (p == 0.0) {
            assert_true(count[h] == 0.0);
            continue;
        }
        double sd = sqrt(n * p * (1.0 - p));
        assert_true(fabs(count[h] - n * p) < 4.0 * sd);
    }
    /* Community referrals (48 a day, ~4,800) are not shaped by the profile:
     * half of them fall in the 12 hours whose factor is 0, Binomial(N, 1/2)
     * within 4 sd (~140). */
    assert_true(referrals > 4000.0);
    assert_true(fabs(referrals_off_hours - referrals / 2.0) < 4.0 * sqrt(referrals / 4.0));
    hsc_results_free(&res);
}

/* 7. Growth: 10% a year for three years (1096 days), from a base of 100
 * presentations a day (100,000 people x 365.25 per 1,000 a year). The rate
 * of day d is 100 x 1.1^(d / 365.25); everyone is admitted at once, so the
 * daily admissions series counts the presentations. Community referrals (20
 * a day to a ward with room for all) grow the same way. */
static void growth_raises_arrivals(void **state)
{
    (void)state;
    struct hsc_results res;
    struct hsc_scenario sc;
    support_load(&sc, NULL, 0, "%s",
                 "name = \"growth\";\n"
                 "run = { replications = 1; start_date = \"2026-04-01\";\n"
                 "        measure_days = 1096.0; };\n"
                 "cohorts = { x = { population = { all = 100000; };\n"
                 "  emergency_per_1000_per_year = 365.25; growth_per_year = 0.10; }; };\n"
                 "services = {\n"
                 "  acute = { kind = \"beds\"; role = \"acute\"; capacity = 1000;\n"
                 "    duration = { x = { dist = \"fixed\"; value = 0.01; }; }; };\n"
                 "  ward = { kind = \"beds\"; role = \"other\"; capacity = 1000;\n"
                 "    duration = { x = { dist = \"fixed\"; value = 0.01; }; };\n"
                 "    exits = { x = { home = 1.0; }; }; referrals = { x = 20.0; }; };\n"
                 "};\n");
    support_run(&sc, &res);
    hsc_scenario_fini(&sc);
    double year1 = 0.0, year3 = 0.0, expect1 = 0.0, expect3 = 0.0, factors = 0.0;
    for (size_t d = 0; d < res.n_days; d++) {
        double factor = pow(1.1, (double)d / 365.25);
        factors += factor;
        if (d < 365) {
            year1 += res.ts_admissions[d];
            expect1 += 100.0 * factor;
        } else if (d >= 730 && d < 1095) {
            year3 += res.ts_admissions[d];
            expect3 += 100.0 * factor;
        }
    }
    /* Each year's count is Poisson (~38,300 and ~46,400): within 4 sd. */
    assert_true(fabs(year1 - expect1) < 4.0 * sqrt(expect1));
    assert_true(fabs(year3 - expect3) < 4.0 * sqrt(expect3));
    /* Their ratio, expected 1.1^(730 / 365.25) = 1.2097 (about 1.1^2), has a
     * relative sd of sqrt(1/38300 + 1/46400) = 0.7%, so 4 sd is 0.034: no
     * growth (1.0) or one year's growth (1.1) is far outside. */
    double ratio = year3 / year1;
    assert_near(ratio, expect3 / expect1, 4.0 * 1.2097 * sqrt(1.0 / expect1 + 1.0 / expect3));
    /* Referrals: Poisson with mean 20 x the sum of the daily factors (about
     * 25,400; 21,920 without growth), within 4 sd (about 640). */
    double referrals = 20.0 * factors;
    assert_near(kpi(&res, "arrivals.service.ward"), referrals, 4.0 * sqrt(referrals));
    /* The rate per 1,000 uses the mean population over the period,
     * 100,000 x 1.1576: 1e-3 allows a daily or continuous mean (they differ
     * by 1.3e-4); the start population would be 15.8% off, the end 13%. */
    double population = 100000.0 * factors / (double)res.n_days;
    double admissions = kpi(&res, "emergency_admissions");
    double expected = admissions / (population / 1000.0) / (1096.0 / 365.25);
    assert_near(kpi(&res, "emergency_admission_rate_per_1000"), expected, 1e-3 * expected);
    hsc_results_free(&res);
}

/* 8. Rebooked electives. One elective each weekday at 8 a.m. (12-hour stay)
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
        assert_true(((long)day + 2) % 7 < 5); /* day 0 is a Wednesday */
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
        cmocka_unit_test(capacity_drop_evicts_nobody),
        cmocka_unit_test(diversion_at_the_threshold),
        cmocka_unit_test(step_up_only_when_there_is_room),
        cmocka_unit_test(step_up_admitted_means_admitted),
        cmocka_unit_test(bridging_keeps_the_queue_place),
        cmocka_unit_test(locality_capacity_serves_its_residents),
        cmocka_unit_test(hour_profile_reproduces_the_shares),
        cmocka_unit_test(growth_raises_arrivals),
        cmocka_unit_test(rebooked_electives_return),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
