/*
 * Staff rosters: a Monday-to-Friday team queues only at weekends (each
 * start checked in the per-person trace and each midnight's queue in the
 * series); a team starts nobody outside its hours and everyone referred
 * outside them at the next shift start; sickness absence lowers capacity by
 * its binomial expectation day by day, while absent staff are still paid and
 * vacant posts are not; days_per_week spreads posts over a longer rota while
 * paying them all.
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

/* ------------------------------------------------------------------------
 * Working days. A Monday-to-Friday reablement team of 10 WTE x 4 = 40
 * places; 2 referrals a day (Poisson), each staying exactly 5 working days
 * (duration_counts = "working_days": 7 calendar days for a weekday
 * start). About 14 people are on the
 * caseload on average (a week's referrals), far below 40 (the test checks
 * the most there ever were), so on a working day a referral always finds a
 * free place and starts at once; at weekends nobody starts (nor finishes:
 * stays count working days only).
 *
 * Hence, for the snapshot taken at the midnight that starts day d:
 * - d a Tuesday ... Saturday (the midnight ends a working day): nobody waits;
 * - d a Sunday: the people referred on Saturday wait;
 * - d a Monday: the people referred on Saturday and Sunday wait; the
 *   snapshot is taken before the team starts them at that same midnight.
 * So the queue grows only across Saturday and Sunday (waiting at Saturday
 * midnight <= Sunday <= Monday) and empties on every working day. Each
 * person's wait is exact: 0 for a weekday referral, the time to the next
 * Monday 00:00 for a weekend one.
 * ------------------------------------------------------------------------ */
static void weekend_queues_only(void **state)
{
    (void)state;
    struct hsc_results res;
    run_traced(&res,
               "name = \"weekend_queue\";\n"
               "run = { replications = 1; seed = 11; warmup_days = 14.0; measure_days = 140.0;\n"
               "        start_date = \"2026-04-01\"; };\n"
               "staff = { r = { wte = 10.0; working_days = \"Mon-Fri\"; }; };\n"
               "cohorts = { x = { }; };\n"
               "services = {\n"
               "  acute = { kind = \"beds\"; role = \"acute\"; capacity = 1;\n"
               "    duration = { x = { dist = \"fixed\"; value = 1.0; }; }; };\n"
               "  reablement = { kind = \"caseload\"; role = \"reablement\"; staff = \"r\";\n"
               "    caseload_per_wte = 4.0; referrals = { x = 2.0; };\n"
               "    duration_counts = \"working_days\";\n"
               "    duration = { x = { dist = \"fixed\"; value = 5.0; }; };\n"
               "    exits = { x = { home = 1.0; }; }; };\n"
               "};\n");
    const double start = 14.0, end = 154.0;
    const struct hsc_trace *trace = trace_of(&res);
    int reab = service_index(&res, "reablement");

    /* Per person: asked at a known time, started at the expected one. Also
     * the premise: the caseload never reaches the 40 places. */
    double *asked = per_person(trace, NULL);
    int caseload = 0, most = 0;
    size_t weekend_starts = 0, starts = 0;
    for (size_t i = 0; i < trace->count; i++) {
        const struct hsc_trace_record *r = &trace->records[i];
        if (r->event == HSC_TRACE_REQUEST && r->to == reab) {
            asked[r->person] = r->time;
        } else if (r->event == HSC_TRACE_ADMIT && r->to == reab) {
            long day = (long)floor(r->time - start);
            assert_true(weekday_of(day) < 5); /* nobody starts at a weekend */
            long asked_day = (long)floor(asked[r->person] - start);
            double expected = asked[r->person];
            if (weekday_of(asked_day) >= 5)
                expected = start + (double)(asked_day + 7 - weekday_of(asked_day));
            if (fabs(r->time - expected) > 1e-9)
                fail_msg("person %llu asked on day %ld (%s) at %.6f, started at %.6f, expected "
                         "%.6f", (unsigned long long)r->person, asked_day,
                         weekday_names[weekday_of(asked_day)], asked[r->person], r->time,
                         expected);
            weekend_starts += r->time != asked[r->person];
            starts++;
            most = ++caseload > most ? caseload : most;
        } else if (gives_up(r, reab)) {
            caseload--;
        }
    }
    free(asked);
    assert_true(most < 40); /* the premise: weekday capacity never binds */
    assert_true(starts > 250); /* ~2 x 154 referrals */
    assert_true(weekend_starts > 50); /* ~2/7 of them referred at weekends */

    /* Day by day. */
    double monday_total = 0.0;
    size_t weekends = 0;
    for (size_t d = 0; d < res.n_days; d++) {
        int wd = weekday_of((long)d);
        float waiting = waiting_on(&res, "reablement", d);
        if (wd >= 1 && wd <= 5) {
            if (waiting != 0.0f)
                fail_msg("day %zu (%s): %g waiting at the midnight ending a working day",
                         d, weekday_names[wd], (double)waiting);
        } else if (wd == 6 && d >= 1) {
            assert_true(waiting >= waiting_on(&res, "reablement", d - 1));
        } else if (wd == 0 && d >= 2) {
            float sunday = waiting_on(&res, "reablement", d - 1);
            float saturday = waiting_on(&res, "reablement", d - 2);
            assert_true(saturday <= sunday && sunday <= waiting);
            monday_total += waiting;
            weekends++;
        }
    }
    /* The weekend queue is real: 2 referrals a day x 2 days = 4 expected on
     * each Monday morning, Poisson(4 x 20) in all, sd ~9: above 40 by more
     * than 4 sd. */
    assert_int_equal(weekends, 20);
    assert_true(monday_total > 40.0);

    /* The time-weighted mean queue is the waits inside the period over its
     * length, each wait an interval from asking to starting (or to the end
     * for anyone still waiting then). */
    double waited_days = 0.0;
    asked = per_person(trace, NULL);
    for (size_t i = 0; i < trace->count; i++) {
        const struct hsc_trace_record *r = &trace->records[i];
        if (r->event == HSC_TRACE_REQUEST && r->to == reab) {
            asked[r->person] = r->time;
        } else if (r->event == HSC_TRACE_ADMIT && r->to == reab) {
            waited_days += fmax(0.0, fmin(r->time, end) - fmax(asked[r->person], start));
            asked[r->person] = NAN;
        }
    }
    for (size_t i = 0; i < trace->count; i++) {
        uint64_t person = trace->records[i].person;
        if (!isnan(asked[person])) {
            waited_days += end - fmax(asked[person], start);
            asked[person] = NAN;
        }
    }
    free(asked);
    assert_true(waited_days > 0.0);
    assert_near(kpi(&res, "waiting_mean.service.reablement"), waited_days / 140.0, 1e-9);
    hsc_results_free(&res);
}

/* ------------------------------------------------------------------------
 * Hours of the day. A team working [from, to) every day, 40 places, 3
 * referrals a day at any hour, stays of exactly 3 days: at most ~20 on the
 * caseload, so capacity never binds. A referral inside the hours starts at
 * once; one outside starts at exactly the next `from` o'clock. The warm-up
 * is half a day, so the run starts at noon and hours must be counted from
 * real midnights (warm-up + day), not from time 0. [9, 17) has exact binary
 * fractions of a day at its start; [8, 18) (the reference's example) does
 * not (8/24), so a rounding slip at the shift's first instant shows there.
 * ------------------------------------------------------------------------ */
static const char *hours_fmt =
    "name = \"hours\";\n"
    "run = { replications = 1; seed = 5; warmup_days = 0.5; measure_days = 100.0; };\n"
    "staff = { r = { wte = 10.0; hours = [%.1f, %.1f]; }; };\n"
    "cohorts = { x = { }; };\n"
    "services = {\n"
    "  acute = { kind = \"beds\"; role = \"acute\"; capacity = 1;\n"
    "    duration = { x = { dist = \"fixed\"; value = 1.0; }; }; };\n"
    "  reablement = { kind = \"caseload\"; role = \"reablement\"; staff = \"r\";\n"
    "    caseload_per_wte = 4.0; referrals = { x = 3.0; };\n"
    "    duration = { x = { dist = \"fixed\"; value = 3.0; }; };\n"
    "    exits = { x = { home = 1.0; }; }; };\n"
    "};\n";

/* Runs the scenario with hours [from, to) and checks every start; returns
 * the number of people who started later than the rule allows (each is
 * also printed, up to a few). */
static size_t late_starts(double from, double to)
{
    char text[2048];
    snprintf(text, sizeof text, hours_fmt, from, to);
    struct hsc_results res;
    run_traced(&res, text);
    const double midnight0 = 0.5; /* the real midnight that starts day 0 */
    const struct hsc_trace *trace = trace_of(&res);
    int reab = service_index(&res, "reablement");
    double *asked = per_person(trace, NULL);
    size_t inside = 0, outside = 0, late = 0;
    int caseload = 0, most = 0;
    for (size_t i = 0; i < trace->count; i++) {
        const struct hsc_trace_record *r = &trace->records[i];
        if (r->event == HSC_TRACE_REQUEST && r->to == reab) {
            asked[r->person] = r->time;
            continue;
        }
        if (gives_up(r, reab))
            caseload--;
        if (r->event != HSC_TRACE_ADMIT || r->to != reab)
            continue;
        most = ++caseload > most ? caseload : most;
        /* Nobody starts outside the hours (1e-6 hours of rounding allowed at
         * the start). */
        double local = r->time - midnight0;
        double hour = (local - floor(local)) * 24.0;
        if (!(hour >= from - 1e-6 && hour < to))
            fail_msg("hours [%g, %g): a start at %.9f is at %.6f o'clock", from, to, r->time,
                     hour);
        /* The start the rule gives: at once inside the hours, else at the
         * next `from` o'clock. */
        double asked_local = asked[r->person] - midnight0;
        double day = floor(asked_local);
        double asked_hour = (asked_local - day) * 24.0;
        double expected = asked[r->person];
        if (asked_hour < from)
            expected = midnight0 + day + from / 24.0;
        else if (asked_hour >= to)
            expected = midnight0 + day + 1.0 + from / 24.0;
        if (expected == asked[r->person])
            inside++;
        else
            outside++;
        if (fabs(r->time - expected) > 1e-9 && late++ < 5)
            print_error("hours [%g, %g): referred at t = %.6f (day %.0f, %.3f o'clock), started "
                        "at t = %.6f, %.2f days after the expected %.6f\n",
                        from, to, asked[r->person], day, asked_hour, r->time,
                        r->time - expected, expected);
    }
    free(asked);
    assert_true(most < 40); /* the premise: capacity never binds */
    /* ~300 referrals, a share (to - from) / 24 of them inside the hours. */
    assert_true(inside > 50);
    assert_true(outside > 50);
    hsc_results_free(&res);
    return late;
}

static void hours_of_the_day(void **state)
{
    (void)state;
    assert_int_equal(late_starts(9.0, 17.0), 0);
    /* 8/24 is not exact in binary: the shift-start event at midnight + 8/24
     * must count as on shift (recomputing the hour from the time once gave
     * 7.999999999999998 and stalled the queue for days). */
    size_t late = late_starts(8.0, 18.0);
    if (late != 0)
        fail_msg("with hours = [8.0, 18.0], %zu people started later than the rule allows "
                 "(at once inside the hours, else at the next 08:00)", late);
}

/* ------------------------------------------------------------------------
 * Absence and vacancies. 25 WTE with 20% vacant: 20 filled posts, each
 * absent on a day with probability 0.1 (a Binomial(20, 0.1) draw of absent
 * posts A each midnight). 2 places per WTE at work: a day's capacity is
 * exactly 2 x (20 - A), mean 2 x 25 x 0.8 x 0.9 = 36 (floor is exact here),
 * variance 4 x 20 x 0.1 x 0.9 = 7.2.
 *
 * The service is always full: 450 referrals a day for stays of exactly 0.1
 * days (at most 40 x 10 = 400 starts a day), so the queue never empties (the
 * test checks it at each midnight). After a drop in capacity the people over
 * it leave within 0.1 days and are not replaced, so by the end of every day
 * the caseload equals that day's capacity: the midnight snapshot of day d is
 * the capacity drawn at the midnight before, 2 x (20 - A).
 * ------------------------------------------------------------------------ */
static void absence_reduces_capacity(void **state)
{
    (void)state;
    struct hsc_results res;
    run_scenario(&res,
                 "name = \"absence\";\n"
                 "run = { replications = 1; seed = 3; warmup_days = 5.0; measure_days = 200.0; };\n"
                 "staff = { r = { wte = 25.0; vacancy_rate = 0.2; sickness_absence = 0.1;\n"
                 "                cost_per_wte_year = 36525.0; }; };\n"
                 "cohorts = { x = { }; };\n"
                 "services = {\n"
                 "  acute = { kind = \"beds\"; role = \"acute\"; capacity = 1;\n"
                 "    duration = { x = { dist = \"fixed\"; value = 1.0; }; }; };\n"
                 "  reablement = { kind = \"caseload\"; role = \"reablement\"; staff = \"r\";\n"
                 "    caseload_per_wte = 2.0; referrals = { x = 450.0; };\n"
                 "    duration = { x = { dist = \"fixed\"; value = 0.1; }; };\n"
                 "    exits = { x = { home = 1.0; }; }; };\n"
                 "};\n");
    const size_t n = res.n_days;
    assert_int_equal(n, 200);

    /* The absent posts of each day, read from the snapshots. */
    double sum = 0.0, sq = 0.0, drops = 0.0, cap_sum = 0.0;
    for (size_t d = 0; d < n; d++) {
        assert_true(waiting_on(&res, "reablement", d) > 100.0f); /* always full */
        double cap = occupancy_on(&res, "reablement", d);
        double absent = 20.0 - cap / 2.0;
        if (absent != floor(absent) || absent < 0.0 || absent > 20.0)
            fail_msg("day %zu: caseload %g is not 2 x (20 filled posts - absent ones)", d, cap);
        sum += absent;
        sq += absent * absent;
        cap_sum += cap;
        if (d > 0)
            drops += fmax(0.0, occupancy_on(&res, "reablement", d - 1) - cap);
    }
    /* Mean absent posts: expected 20 x 0.1 = 2, sd of a 200-day mean
     * sqrt(1.8 / 200) = 0.095; 4 sd = 0.38. (Absence drawn over all 25 WTE,
     * vacancies ignored, would give 20 - 25 x 0.9 = -2.5; no absence, 0.) */
    double mean = sum / (double)n;
    assert_near(mean, 2.0, 4.0 * sqrt(1.8 / (double)n));
    /* Day-to-day spread: the sample variance of A, expected 20 x 0.1 x 0.9 =
     * 1.8; its sd over 200 days is sqrt((mu4 - sigma^4) / n) with the binomial
     * mu4 = 3 sigma^4 + sigma^2 (1 - 6pq) = 10.55: sqrt(7.31 / 200) = 0.19;
     * 4 sd = 0.76. A single draw for the whole run would give 0. */
    double var = (sq - sum * mean) / (double)(n - 1);
    assert_near(var, 1.8, 0.76);

    /* Time-weighted capacity over the period, from the KPIs: utilisation is
     * mean caseload / mean capacity of the one service the group staffs. */
    double occupancy = kpi(&res, "occupancy_mean.service.reablement");
    double utilisation = kpi(&res, "staff_utilisation.staff.r");
    double capacity = occupancy / utilisation;
    /* Expected 36, sd of the mean of 200 daily capacities sqrt(7.2 / 200) =
     * 0.19; 4 sd = 0.76. (Without absence 40; without vacancies 45.) */
    assert_near(capacity, 36.0, 4.0 * sqrt(7.2 / (double)n));
    /* It is the mean of the days' capacities: the snapshots give those of
     * days -1 .. 198, the KPI covers days 0 .. 199, so they differ by at most
     * (cap(199) - cap(-1)) / 200 <= 40 / 200. */
    assert_true(fabs(capacity - cap_sum / (double)n) <= 0.2 + 1e-9);
    /* The caseload is at capacity all the time, over it only while the
     * people above a drop drain away (at most 0.1 days each): utilisation is
     * at least 1 and exceeds it by at most 0.1 x (drops + one more day's
     * 40) / 200 / capacity. */
    assert_true(utilisation >= 1.0 - 1e-9);
    assert_true(occupancy - capacity <= 0.1 * (drops + 40.0) / (double)n + 1e-9);

    /* Absent staff are paid, vacant posts are not: 20 filled x £36,525 a
     * year x 200 / 365.25 = 20 x £100 x 200 days. */
    assert_near(kpi(&res, "cost_total.staff.r"), 400000.0, 1e-6);
    assert_near(kpi(&res, "cost_total"), 400000.0, 1e-6);
    hsc_results_free(&res);
}

/* days_per_week spreads a group's posts over a longer roster: 14 WTE who
 * each work 5 days, on a 7-day rota, put 10 on duty a day. With one place per
 * WTE on duty and far more demand than places, the service is always full at
 * 10 places (it would be 14 without the spreading); all 14 posts are paid. */
static void roster_spreads_posts_over_the_week(void **state)
{
    (void)state;
    const char *fmt =
        "name = \"spread\";\n"
        "run = { replications = 1; warmup_days = 5.0; measure_days = 70.0; max_people = 100000; };\n"
        "staff = { r = { wte = 14.0; working_days = \"Mon-Sun\"; %s cost_per_wte_year = 36525.0; }; };\n"
        "cohorts = { x = { }; };\n"
        "services = {\n"
        "  acute = { kind = \"beds\"; role = \"acute\"; capacity = 1;\n"
        "    duration = { x = { dist = \"fixed\"; value = 1.0; }; }; };\n"
        "  reablement = { kind = \"caseload\"; role = \"reablement\"; staff = \"r\"; caseload_per_wte = 1.0;\n"
        "    duration = { x = { dist = \"fixed\"; value = 3.0; }; };\n"
        "    exits = { x = { home = 1.0; }; }; referrals = { x = 20.0; }; };\n"
        "};\n";
    char text[2048];
    struct hsc_results res;
    snprintf(text, sizeof text, fmt, "days_per_week = 5.0;");
    run_scenario(&res, text);
    /* Full from the first hours of the warm-up: exactly 10 on the caseload. */
    assert_true(fabs(kpi(&res, "occupancy_mean.service.reablement") - 10.0) < 1e-9);
    assert_true(fabs(kpi(&res, "staff_utilisation.staff.r") - 1.0) < 1e-9);
    /* Every post is paid: 14 x £36,525 x 70 / 365.25 = £98,000. */
    assert_true(fabs(kpi(&res, "cost_total.staff.r") - 98000.0) < 1e-6);
    hsc_results_free(&res);
    snprintf(text, sizeof text, fmt, "");
    run_scenario(&res, text);
    assert_true(fabs(kpi(&res, "occupancy_mean.service.reablement") - 14.0) < 1e-9);
    hsc_results_free(&res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(weekend_queues_only),
        cmocka_unit_test(hours_of_the_day),
        cmocka_unit_test(absence_reduces_capacity),
        cmocka_unit_test(roster_spreads_posts_over_the_week),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
