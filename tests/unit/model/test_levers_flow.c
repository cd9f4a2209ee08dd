/*
 * Lever tests, community and demand side: bridging keeps the queue place,
 * locality capacity serves its own residents (unless it overflows), the
 * hour-of-day profile gives the hourly shares, growth raises arrivals by
 * its rate, and cancelled electives return after the rebooking delay.
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
        cmocka_unit_test(bridging_keeps_the_queue_place),
        cmocka_unit_test(locality_capacity_serves_its_residents),
        cmocka_unit_test(hour_profile_reproduces_the_shares),
        cmocka_unit_test(growth_raises_arrivals),
        cmocka_unit_test(rebooked_electives_return),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
