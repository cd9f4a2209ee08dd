/*
 * Behaviour tests of staff rosters and money, one per rule of the scenario
 * reference: working days, hours of the day, sickness absence and vacancies,
 * the unit costs, common random numbers across scenario points, and options
 * applied as exact setting changes. Small scenarios, deterministic where the
 * rule allows (fixed stays, electives) so the expected numbers are worked out
 * by hand; every statistical tolerance is stated with its reason. Seeds are
 * fixed, so every run is reproducible.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "hscflow/compare.h"
#include "support/assert_near.h"
#include "support/run_support.h"

/* 2026-04-01, the start date of every scenario here that looks at weekdays,
 * is a Wednesday: weekday (0 = Monday) of day d of the measured period. */
static int weekday_of(long day)
{
    long wd = (2 + day) % 7;
    return (int)(wd < 0 ? wd + 7 : wd);
}

static const char *const weekday_names[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

static double kpi(const struct hsc_results *res, const char *name)
{
    return support_value(res, name, 0);
}

/* Value of a KPI in replication r of point p. */
static double point_value(const struct hsc_results *res, size_t point, size_t rep,
                          const char *name)
{
    return res->kpi_value[hsc_results_kpi_index(res, point, rep, support_kpi(res, name))];
}

static int service_index(const struct hsc_results *res, const char *name)
{
    for (size_t s = 0; s < res->n_services; s++)
        if (strcmp(res->service_names[s], name) == 0)
            return (int)s;
    fail_msg("no service %s", name);
    return -1;
}

/* The midnight snapshots of day d of replication 0 of point 0. */
static float occupancy_on(const struct hsc_results *res, const char *service, size_t day)
{
    return res->ts_occupancy[day * res->n_services + (size_t)service_index(res, service)];
}

static float waiting_on(const struct hsc_results *res, const char *service, size_t day)
{
    return res->ts_waiting[day * res->n_services + (size_t)service_index(res, service)];
}

/* Loads scenario text and runs it with the event trace on, one thread: the
 * trace of replication 0 is res->traces[0]. */
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

/* One slot per person number in the trace, NaN to start with. */
static double *per_person(const struct hsc_trace *trace)
{
    uint64_t most = 0;
    for (size_t i = 0; i < trace->count; i++)
        if (trace->records[i].person > most)
            most = trace->records[i].person;
    double *slots = malloc(((size_t)most + 1) * sizeof *slots);
    assert_non_null(slots);
    for (uint64_t i = 0; i <= most; i++)
        slots[i] = NAN;
    return slots;
}

/* The person gave up a place in service s: left it, or moved on from it. */
static bool gives_up(const struct hsc_trace_record *r, int s)
{
    return (r->event == HSC_TRACE_LEAVE || r->event == HSC_TRACE_ADMIT) && r->from == s &&
           r->to != s;
}

/* Person-days spent in service s inside [lo, hi), from the trace alone: an
 * independent count of occupied bed-days (or client-days). */
static double place_days(const struct hsc_trace *trace, int s, double lo, double hi)
{
    double *since = per_person(trace);
    double days = 0.0;
    for (size_t i = 0; i < trace->count; i++) {
        const struct hsc_trace_record *r = &trace->records[i];
        if (gives_up(r, s)) {
            assert_false(isnan(since[r->person]));
            days += fmax(0.0, fmin(r->time, hi) - fmax(since[r->person], lo));
            since[r->person] = NAN;
        }
        if (r->event == HSC_TRACE_ADMIT && r->to == s)
            since[r->person] = r->time;
    }
    for (size_t i = 0; i < trace->count; i++) {
        uint64_t person = trace->records[i].person;
        if (!isnan(since[person])) {
            days += fmax(0.0, hi - fmax(since[person], lo));
            since[person] = NAN;
        }
    }
    free(since);
    return days;
}

/* ------------------------------------------------------------------------
 * 1. Working days. A Monday-to-Friday reablement team of 10 WTE x 4 = 40
 * places; 2 referrals a day (Poisson), each staying exactly 5 working days
 * (= 7 calendar days for a weekday start). About 14 people are on the
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
               "    duration = { x = { dist = \"fixed\"; value = 5.0; }; };\n"
               "    exits = { x = { home = 1.0; }; }; };\n"
               "};\n");
    const double start = 14.0, end = 154.0;
    const struct hsc_trace *trace = &res.traces[0];
    int reab = service_index(&res, "reablement");

    /* Per person: asked at a known time, started at the expected one. Also
     * the premise: the caseload never reaches the 40 places. */
    double *asked = per_person(trace);
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
    asked = per_person(trace);
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
 * 2. Hours of the day. A team working [from, to) every day, 40 places, 3
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
    const struct hsc_trace *trace = &res.traces[0];
    int reab = service_index(&res, "reablement");
    double *asked = per_person(trace);
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
 * 3. Absence and vacancies. 25 WTE with 20% vacant: 20 filled posts, each
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
    struct hsc_scenario sc;
    support_load(&sc, NULL, 0, "%s",
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
    support_run(&sc, &res);
    hsc_scenario_fini(&sc);
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

/* ------------------------------------------------------------------------
 * 4. Costs, exactly. Four weeks from Wednesday 2026-04-01 (days 0..27: 20
 * weekdays, the last, day 27, a Tuesday), no randomness that matters:
 * - cohort p: 2 electives each weekday at 08:00, treated 12 hours, ready at
 *   20:00, home at the next 08:00 (discharge hours 8-18, weekends
 *   included): in the bed [d + 1/3, d + 4/3), delayed [d + 5/6, d + 4/3);
 * - cohort q: 1 elective each weekday, ready at 20:00 and straight to
 *   step-down (no assessment service), there exactly 3 days;
 * - home care: 3 initial clients of 10 hours a week who stay all period
 *   (remaining stays uniform on [0, 10^6] days; the test checks it);
 * - a reablement team nobody is sent to, with absence and vacancies.
 *
 * Acute bed-days: p 2 x 19 x 1 + 2 x 2/3 (day 27's pair, cut at 28) =
 * 118/3; q 20 x 1/2 = 10: 148/3 in all, x £400 = £19,733.33.
 * Delayed bed-days: p 2 x 19 x 1/2 + 2 x 1/6 = 58/3, x £400 = £7,733.33.
 * Step-down: 18 full stays of 3 days, and those from Monday 26 (to 28:
 * 7/6) and Tuesday 27 (1/6): 166/3 bed-days x £150 = £8,300.
 * Home care: 30 hours a week x 28/7 weeks = 120 hours x £20 = £2,400.
 * Carers: 4 WTE, 25% vacant: 3 filled x £36,525 x 28/365.25 = £8,400.
 * Team: 5 WTE, 20% vacant: 4 filled x £73,050 x 28/365.25 = £22,400
 * (sickness absence does not change pay).
 * cost_total = 19,733.33 + 8,300 + 2,400 + 0 (reablement) + 8,400 + 22,400
 *            = £61,233.33.
 * ------------------------------------------------------------------------ */
static void costs_exact(void **state)
{
    (void)state;
    struct hsc_results res;
    run_traced(&res,
               "name = \"costs\";\n"
               "run = { replications = 1; seed = 1; start_date = \"2026-04-01\"; measure_days = 28.0; };\n"
               "staff = {\n"
               "  carers = { wte = 4.0; vacancy_rate = 0.25; care_hours_per_wte_week = 25.0;\n"
               "             cost_per_wte_year = 36525.0; };\n"
               "  team = { wte = 5.0; vacancy_rate = 0.2; sickness_absence = 0.3;\n"
               "           cost_per_wte_year = 73050.0; };\n"
               "};\n"
               "cohorts = {\n"
               "  p = { electives_per_weekday = [2, 2, 2, 2, 2, 0, 0];\n"
               "        elective_duration = { dist = \"fixed\"; value = 0.5; }; };\n"
               "  q = { electives_per_weekday = [1, 1, 1, 1, 1, 0, 0];\n"
               "        elective_duration = { dist = \"fixed\"; value = 0.5; };\n"
               "        discharge = { step_down = 1.0; }; };\n"
               "};\n"
               "services = {\n"
               "  acute = { kind = \"beds\"; role = \"acute\"; capacity = 6; cost_per_bed_day = 400.0;\n"
               "    duration = { default = { dist = \"fixed\"; value = 1.0; }; };\n"
               "    discharge_hours = [8.0, 18.0]; };\n"
               "  step_down = { kind = \"beds\"; role = \"step_down\"; capacity = 10;\n"
               "    cost_per_bed_day = 150.0;\n"
               "    duration = { default = { dist = \"fixed\"; value = 3.0; }; };\n"
               "    exits = { default = { home = 1.0; }; }; };\n"
               "  home_care = { kind = \"hours\"; role = \"home_care\"; staff = \"carers\";\n"
               "    cost_per_care_hour = 20.0;\n"
               "    hours = { default = { dist = \"fixed\"; value = 10.0; }; };\n"
               "    duration = { default = { dist = \"fixed\"; value = 1000000.0; }; };\n"
               "    exits = { default = { home = 1.0; }; }; initial = { p = 3; }; };\n"
               "  reablement = { kind = \"caseload\"; role = \"reablement\"; staff = \"team\";\n"
               "    caseload_per_wte = 2.0;\n"
               "    duration = { default = { dist = \"fixed\"; value = 10.0; }; };\n"
               "    exits = { default = { home = 1.0; }; }; };\n"
               "};\n");
    /* The assumptions of the hand calculation. */
    assert_true(kpi(&res, "elective_admissions") == 60.0);
    assert_true(kpi(&res, "elective_cancellations") == 0.0);
    assert_true(kpi(&res, "admissions.service.step_down") == 20.0);
    for (size_t d = 0; d < res.n_days; d++)
        assert_true(occupancy_on(&res, "home_care", d) == 3.0f);
    assert_near(kpi(&res, "hours_committed_mean.service.home_care"), 30.0, 1e-12);
    /* ... and the bed-days they give, recounted from the trace. */
    const struct hsc_trace *trace = &res.traces[0];
    const double acute_days = 148.0 / 3.0, delayed = 58.0 / 3.0, step_days = 166.0 / 3.0;
    assert_near(place_days(trace, service_index(&res, "acute"), 0.0, 28.0), acute_days, 1e-9);
    assert_near(place_days(trace, service_index(&res, "step_down"), 0.0, 28.0), step_days, 1e-9);
    assert_near(place_days(trace, service_index(&res, "home_care"), 0.0, 28.0), 3.0 * 28.0, 1e-9);
    assert_near(kpi(&res, "delayed_bed_days"), delayed, 1e-9);
    assert_near(kpi(&res, "occupancy_mean.service.acute") * 28.0, acute_days, 1e-9);

    /* The costs: each within 1e-9 of its exact value relative (the
     * time-weighted means are sums of floating-point products). */
    const double acute_cost = 400.0 * acute_days, step_cost = 150.0 * step_days;
    const double care_cost = 20.0 * 30.0 * 28.0 / 7.0;
    const double carers = 36525.0 * 3.0 * 28.0 / 365.25, team = 73050.0 * 4.0 * 28.0 / 365.25;
    assert_near(carers, 8400.0, 1e-9);
    assert_near(team, 22400.0, 1e-9);
    assert_near(kpi(&res, "cost_total.service.acute"), acute_cost, 1e-9 * acute_cost);
    assert_near(kpi(&res, "cost_total.service.step_down"), step_cost, 1e-9 * step_cost);
    assert_near(kpi(&res, "cost_total.service.home_care"), care_cost, 1e-9 * care_cost);
    assert_true(kpi(&res, "cost_total.service.reablement") == 0.0);
    assert_near(kpi(&res, "cost_total.staff.carers"), carers, 1e-9 * carers);
    assert_near(kpi(&res, "cost_total.staff.team"), team, 1e-9 * team);
    const double total = acute_cost + step_cost + care_cost + carers + team;
    assert_near(total, 61233.0 + 1.0 / 3.0, 1e-6);
    assert_near(kpi(&res, "cost_total"), total, 1e-9 * total);
    assert_near(kpi(&res, "cost_delayed_bed_days"), 400.0 * delayed, 1e-9 * 400.0 * delayed);
    hsc_results_free(&res);
}

/* ------------------------------------------------------------------------
 * 5. Common random numbers. A base with 14 step-down beds and a point with
 * 16, run together by hsc_exec_run_points (same seed, 10 replications).
 * Step-down is offered 3 x 0.4 = 1.2 people a day for 10 days: 12 beds' worth.
 * Acute beds are plentiful (60 for ~12 + delays in use), so nobody waits
 * for one and both points see the same presentations, treatment stays and
 * pathways replication by replication: their emergency admissions and
 * ready-for-discharge counts are equal pair by pair, which independent
 * streams would not give.
 *
 * Then the intervals of the difference B - A, on the same 10 + 10 values:
 * with correlation rho between the points' values, the paired half-width
 * over Welch's is about sqrt((va + vb - 2 rho sqrt(va vb)) / (va + vb)) x
 * t(0.975, 9) / t(0.975, ~18) (2.262 / 2.101 = 1.08): above 1 with
 * independent streams (rho = 0), small when rho is near 1.
 * - step-down occupancy changes little with 2 more beds (its mean moves
 *   from about 12.1 to 12.2), so rho is near 1: paired below a third of
 *   Welch (seed 2024 gives 0.17; seeds 1-3 gave 0.07-0.23);
 * - delayed bed-days fall by about three quarters (268 to 72), so the
 *   difference keeps much of the base's own variance (were b's sd half of
 *   a's, even rho = 1 would leave 0.45 x 1.08): paired below 0.8 of Welch
 *   (seed 2024 gives 0.62; seeds 1-3 gave 0.52-0.63), where independent
 *   streams give about 1.08.
 * ------------------------------------------------------------------------ */
static const char *crn_text =
    "name = \"crn\";\n"
    "run = { seed = 2024; replications = 10; warmup_days = 30.0; measure_days = 150.0; };\n"
    "cohorts = { x = { emergency_per_day = 3.0; discharge = { home = 0.6; step_down = 0.4; }; }; };\n"
    "services = {\n"
    "  acute = { kind = \"beds\"; role = \"acute\"; capacity = 60;\n"
    "    duration = { x = { dist = \"exponential\"; mean = 4.0; }; }; };\n"
    "  step_down = { kind = \"beds\"; role = \"step_down\"; capacity = 14;\n"
    "    duration = { x = { dist = \"exponential\"; mean = 10.0; }; };\n"
    "    exits = { x = { home = 1.0; }; }; };\n"
    "};\n";

/* Paired and Welch intervals of KPI `name`, point 1 - point 0. Returns the
 * ratio of their half-widths; *paired receives the paired difference. */
static double ci_ratio(const struct hsc_results *res, const char *name,
                       struct hsc_difference *paired)
{
    double a[10], b[10];
    for (size_t r = 0; r < 10; r++) {
        a[r] = point_value(res, 0, r, name);
        b[r] = point_value(res, 1, r, name);
    }
    struct hsc_difference welch;
    hsc_compare_paired(a, b, 10, paired);
    hsc_compare_welch(a, 10, b, 10, &welch);
    assert_near(paired->diff, welch.diff, 1e-9 * fabs(welch.diff));
    return (paired->ci_high - paired->ci_low) / (welch.ci_high - welch.ci_low);
}

static void common_random_numbers(void **state)
{
    (void)state;
    struct hsc_scenario base, plus;
    struct hsc_override more = {"services.step_down.capacity", "16"};
    support_load(&base, NULL, 0, "%s", crn_text);
    support_load(&plus, &more, 1, "%s", crn_text);
    const struct hsc_exec_point points[2] = {
        {.sc = &base, .name = "baseline", .overrides = ""},
        {.sc = &plus, .name = "plus_2", .overrides = "services.step_down.capacity=16"},
    };
    struct hsc_exec_options opts = {.threads = 2, .progress = false};
    struct hsc_results res;
    struct hsc_error err = {0};
    if (hsc_exec_run_points(points, 2, &opts, &res, &err) != 0) {
        char buf[1024];
        hsc_error_format(&err, buf, sizeof buf);
        fail_msg("run failed: %s", buf);
    }
    assert_int_equal(res.n_points, 2);
    assert_int_equal(res.n_reps, 10);
    for (size_t r = 0; r < 10; r++) {
        assert_true(point_value(&res, 0, r, "ed_boarding_hours_mean") == 0.0);
        assert_true(point_value(&res, 1, r, "ed_boarding_hours_mean") == 0.0);
        assert_true(point_value(&res, 0, r, "emergency_admissions") ==
                    point_value(&res, 1, r, "emergency_admissions"));
        assert_true(point_value(&res, 0, r, "ready_for_discharge") ==
                    point_value(&res, 1, r, "ready_for_discharge"));
    }
    /* ... while replications differ (Poisson counts of ~450). */
    assert_true(point_value(&res, 0, 0, "emergency_admissions") !=
                point_value(&res, 0, 1, "emergency_admissions"));
    assert_int_equal(hsc_compare_choose(base.run.seed, plus.run.seed, 10), HSC_COMPARE_PAIRED);

    struct hsc_difference paired;
    double ratio = ci_ratio(&res, "occupancy_mean.service.step_down", &paired);
    if (!(ratio < 1.0 / 3.0))
        fail_msg("step-down occupancy: paired CI half-width / Welch's = %.3f, expected < 1/3",
                 ratio);
    ratio = ci_ratio(&res, "delayed_bed_days", &paired);
    if (!(ratio < 0.8))
        fail_msg("delayed bed-days: paired CI half-width / Welch's = %.3f, expected < 0.8", ratio);
    /* Two more beds cut the delays: the paired interval lies below zero. */
    assert_true(paired.ci_high < 0.0);
    hsc_results_free(&res);
    hsc_scenario_fini(&base);
    hsc_scenario_fini(&plus);
}

/* ------------------------------------------------------------------------
 * 6. Options. A base with two options; each option's scenario must be the
 * base with exactly its changes applied (later changes winning), no options
 * of its own, and everything else (name, run settings, budget, every other
 * setting) equal to the base.
 * ------------------------------------------------------------------------ */
static const char *options_text =
    "name = \"opts\";\n"
    "run = { seed = 7; replications = 2; warmup_days = 3.0; measure_days = 30.0;\n"
    "        start_date = \"2026-04-01\"; };\n"
    "budget = 100000.0;\n"
    "staff = { team = { wte = 4.0; working_days = \"Mon-Fri\"; hours = [8.0, 18.0];\n"
    "                   cost_per_wte_year = 40000.0; }; };\n"
    "cohorts = { x = { emergency_per_day = 2.0; discharge = { home = 0.5; step_down = 0.5; }; }; };\n"
    "services = {\n"
    "  acute = { kind = \"beds\"; role = \"acute\"; capacity = 20; cost_per_bed_day = 400.0;\n"
    "    duration = { x = { dist = \"exponential\"; mean = 4.0; }; }; };\n"
    "  team = { kind = \"caseload\"; role = \"assessment\"; staff = \"team\"; caseload_per_wte = 2.0;\n"
    "    duration = { x = { dist = \"fixed\"; value = 0.5; }; }; };\n"
    "  step_down = { kind = \"beds\"; role = \"step_down\"; capacity = 10; cost_per_bed_day = 150.0;\n"
    "    duration = { x = { dist = \"exponential\"; mean = 10.0; }; };\n"
    "    exits = { x = { home = 1.0; }; }; };\n"
    "};\n"
    "options = {\n"
    "  more_beds = {\n"
    "    description = \"2 more step-down beds\";\n"
    "    changes = [\"services.step_down.capacity=11\", \"services.step_down.capacity=12\"];\n"
    "    one_off_cost = 1000.0; lifetime_years = 2.0; recurring_cost = 500.0;\n"
    "  };\n"
    "  seven_day = {\n"
    "    changes = [\"staff.team.working_days=Mon-Sun\", \"staff.team.wte=5.5\"];\n"
    "  };\n"
    "};\n";


/* The lines of a resolved scenario, in one owned buffer. */
struct lines {
    char *buf;
    char **line;
    size_t n;
};

/* Splits `text` into lines, leaving out the top-level `options` group (from
 * its "options = {" line to the "};" that closes it, which the resolved
 * text writes unindented). */
static void lines_without_options(const char *text, struct lines *out)
{
    out->buf = strdup(text);
    assert_non_null(out->buf);
    size_t cap = 1;
    for (const char *c = text; *c; c++)
        cap += *c == '\n';
    out->line = calloc(cap, sizeof *out->line);
    assert_non_null(out->line);
    out->n = 0;
    bool in_options = false;
    char *save = NULL;
    for (char *line = strtok_r(out->buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (strcmp(line, "options = {") == 0)
            in_options = true;
        else if (!in_options)
            out->line[out->n++] = line;
        else if (strcmp(line, "};") == 0)
            in_options = false;
    }
    assert_false(in_options);
}

static void lines_fini(struct lines *lines)
{
    free(lines->line);
    free(lines->buf);
}

/* The base's and the option's resolved texts agree line by line, apart
 * from the base's options group and exactly the lines listed: changed[i]
 * is the option's line where the base has base_line[i]. */
static void texts_differ_only_by(const char *base_text, const char *option_text,
                                 const char *const *base_line, const char *const *changed,
                                 size_t n_changed)
{
    struct lines base, option;
    lines_without_options(base_text, &base);
    lines_without_options(option_text, &option);
    assert_int_equal(base.n, option.n);
    size_t found = 0;
    for (size_t i = 0; i < base.n; i++) {
        if (strcmp(base.line[i], option.line[i]) == 0)
            continue;
        bool expected = false;
        for (size_t k = 0; k < n_changed && !expected; k++)
            expected = strcmp(base.line[i], base_line[k]) == 0 &&
                       strcmp(option.line[i], changed[k]) == 0;
        if (!expected)
            fail_msg("line %zu differs beyond the option's changes:\n  base:   %s\n"
                     "  option: %s", i + 1, base.line[i], option.line[i]);
        found++;
    }
    assert_int_equal(found, n_changed);
    lines_fini(&base);
    lines_fini(&option);
}

/* Settings that no option here changes, equal in both scenarios. */
static void same_unchanged_settings(const struct hsc_scenario *base,
                                    const struct hsc_scenario *opt)
{
    assert_string_equal(opt->name, base->name);
    assert_true(opt->run.seed == base->run.seed);
    assert_true(opt->run.replications == base->run.replications);
    assert_true(opt->run.warmup_days == base->run.warmup_days);
    assert_true(opt->run.measure_days == base->run.measure_days);
    assert_true(opt->budget == base->budget);
    assert_int_equal(opt->n_options, 0);
    assert_int_equal(opt->n_staff, base->n_staff);
    assert_int_equal(opt->n_services, base->n_services);
    assert_int_equal(opt->n_cohorts, base->n_cohorts);
    assert_true(opt->staff[0].from_hour == base->staff[0].from_hour);
    assert_true(opt->staff[0].to_hour == base->staff[0].to_hour);
    assert_true(opt->staff[0].cost_per_wte_year == base->staff[0].cost_per_wte_year);
    assert_true(opt->cohorts[0].emergency_per_day[0] == base->cohorts[0].emergency_per_day[0]);
    for (size_t s = 0; s < base->n_services; s++) {
        assert_string_equal(opt->services[s].name, base->services[s].name);
        assert_true(opt->services[s].cost_per_bed_day == base->services[s].cost_per_bed_day);
        assert_true(opt->services[s].caseload_per_wte == base->services[s].caseload_per_wte);
    }
}

static void load_option(const char *path, const struct hsc_override *ov, size_t n_ov,
                        const struct hsc_option *option, struct hsc_scenario *sc)
{
    struct hsc_errors errs;
    hsc_errors_init(&errs, 0);
    if (hsc_scenario_load_option(path, ov, n_ov, option, sc, &errs) != 0) {
        hsc_errors_print(&errs, stderr);
        fail_msg("option %s does not load", option->name);
    }
    hsc_errors_fini(&errs);
}

static void options_change_exactly_their_settings(void **state)
{
    (void)state;
    char *path = support_write_scenario(options_text);
    struct hsc_errors errs;
    hsc_errors_init(&errs, 0);
    struct hsc_scenario base;
    if (hsc_scenario_load(path, NULL, 0, &base, &errs) != 0) {
        hsc_errors_print(&errs, stderr);
        fail_msg("the options scenario does not load");
    }
    hsc_errors_fini(&errs);
    assert_int_equal(base.n_options, 2);
    const struct hsc_option *more_beds = &base.options[0], *seven_day = &base.options[1];
    assert_string_equal(more_beds->name, "more_beds");
    assert_string_equal(more_beds->description, "2 more step-down beds");
    assert_int_equal(more_beds->n_changes, 2);
    assert_string_equal(more_beds->changes[1], "services.step_down.capacity=12");
    assert_true(more_beds->one_off_cost == 1000.0 && more_beds->lifetime_years == 2.0 &&
                more_beds->recurring_cost == 500.0);
    assert_string_equal(seven_day->description, "");
    assert_true(seven_day->lifetime_years == 1.0 && seven_day->one_off_cost == 0.0);
    long step_down = hsc_scenario_find_service(&base, "step_down");
    assert_true(step_down >= 0);
    assert_true(base.services[step_down].capacity == 10);
    assert_true(base.staff[0].working_days == 0x1Fu && base.staff[0].wte == 4.0);

    /* more_beds: the later of its two changes wins; nothing else moves. */
    struct hsc_scenario opt;
    load_option(path, NULL, 0, more_beds, &opt);
    assert_true(opt.services[step_down].capacity == 12);
    assert_true(opt.staff[0].working_days == base.staff[0].working_days);
    assert_true(opt.staff[0].wte == base.staff[0].wte);
    same_unchanged_settings(&base, &opt);
    const char *old_beds[] = {"    capacity = 10;"};
    const char *new_beds[] = {"    capacity = 12;"};
    texts_differ_only_by(base.resolved_text, opt.resolved_text, old_beds, new_beds, 1);
    /* Loading the option's resolved text gives the same scenario again. */
    char *again_path = support_write_scenario(opt.resolved_text);
    struct hsc_scenario again;
    hsc_errors_init(&errs, 0);
    assert_int_equal(hsc_scenario_load(again_path, NULL, 0, &again, &errs), 0);
    hsc_errors_fini(&errs);
    assert_true(again.services[step_down].capacity == 12);
    assert_int_equal(again.n_options, 0);
    assert_string_equal(again.resolved_text, opt.resolved_text);
    hsc_scenario_fini(&again);
    support_remove_scenario(again_path);
    hsc_scenario_fini(&opt);

    /* seven_day: a string and a float setting. */
    load_option(path, NULL, 0, seven_day, &opt);
    assert_true(opt.staff[0].working_days == HSC_ALL_DAYS);
    assert_true(opt.staff[0].wte == 5.5);
    assert_true(opt.services[step_down].capacity == 10);
    same_unchanged_settings(&base, &opt);
    const char *old_team[] = {"    wte = 4.0;", "    working_days = \"Mon-Fri\";"};
    const char *new_team[] = {"    wte = 5.5;", "    working_days = \"Mon-Sun\";"};
    texts_differ_only_by(base.resolved_text, opt.resolved_text, old_team, new_team, 2);
    hsc_scenario_fini(&opt);

    /* Command-line overrides come first: an option's change of the same
     * setting wins, other overrides carry into the option's scenario. */
    const struct hsc_override ov[] = {{"services.step_down.capacity", "20"}, {"run.seed", "99"}};
    load_option(path, ov, 2, more_beds, &opt);
    assert_true(opt.services[step_down].capacity == 12);
    assert_true(opt.run.seed == 99);
    hsc_scenario_fini(&opt);

    hsc_scenario_fini(&base);
    support_remove_scenario(path);
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
    struct hsc_scenario sc;
    snprintf(text, sizeof text, fmt, "days_per_week = 5.0;");
    support_load(&sc, NULL, 0, "%s", text);
    support_run(&sc, &res);
    /* Full from the first hours of the warm-up: exactly 10 on the caseload. */
    assert_true(fabs(support_value(&res, "occupancy_mean.service.reablement", 0) - 10.0) < 1e-9);
    assert_true(fabs(support_value(&res, "staff_utilisation.staff.r", 0) - 1.0) < 1e-9);
    /* Every post is paid: 14 x £36,525 x 70 / 365.25 = £98,000. */
    assert_true(fabs(support_value(&res, "cost_total.staff.r", 0) - 98000.0) < 1e-6);
    hsc_results_free(&res);
    hsc_scenario_fini(&sc);
    snprintf(text, sizeof text, fmt, "");
    support_load(&sc, NULL, 0, "%s", text);
    support_run(&sc, &res);
    assert_true(fabs(support_value(&res, "occupancy_mean.service.reablement", 0) - 14.0) < 1e-9);
    hsc_results_free(&res);
    hsc_scenario_fini(&sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(weekend_queues_only),
        cmocka_unit_test(hours_of_the_day),
        cmocka_unit_test(absence_reduces_capacity),
        cmocka_unit_test(roster_spreads_posts_over_the_week),
        cmocka_unit_test(costs_exact),
        cmocka_unit_test(common_random_numbers),
        cmocka_unit_test(options_change_exactly_their_settings),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
