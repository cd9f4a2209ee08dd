/*
 * How a caseload service's duration counts days (duration_counts): a fixed
 * 10-day episode started on a Monday by a Monday-to-Friday team ends 14
 * elapsed days later when it counts the team's working days, 10 when it
 * counts calendar days (the default); the remaining stays of initial
 * occupancy follow the same rule; for a team that works every day the two
 * are the same model. The working-day runs set the convention with --set,
 * so the override is exercised too.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "support/model_support.h"
#include "unit/model/trace_reading.h"

/* ------------------------------------------------------------------------
 * A reablement team working Monday to Friday, 09:00 to 17:00, with 100
 * places (10 WTE x 10): 2 referrals a day and 10 people at time 0 make at
 * most ~40 on the caseload, so capacity never binds. Every episode lasts
 * exactly 10 days. The run starts at midnight on Monday 2026-04-06 with no
 * warm-up, so time t falls on weekday floor(t) mod 7 (0 = Monday).
 *
 * Referred people start only on a weekday between 09:00 and 17:00, never at
 * midnight; people referred from Friday 17:00 to Monday 09:00 all start on
 * Monday at 09:00. Counting working days, 10 days from any such start are
 * two whole weeks: the rest of the start day, 9 weekdays and the same part
 * of the weekday two weeks on. So every referred episode lasts exactly 14
 * elapsed days with working days and exactly 10 with calendar days.
 *
 * The 10 people there at time 0 have remaining stays r drawn uniform on
 * [0, 10] (the equilibrium residual of a fixed stay) from their own stream,
 * so both runs draw the same r. Counted from Monday 00:00 in working days,
 * a remaining stay r ends at r when r <= 5 (by Friday midnight) and at
 * r + 2 otherwise (Saturday and Sunday do not count).
 * ------------------------------------------------------------------------ */
static const char *team_fmt =
    "name = \"durations\";\n"
    "run = { replications = 1; seed = 9; warmup_days = 0.0; measure_days = 112.0;\n"
    "        start_date = \"2026-04-06\"; };\n"
    "staff = { r = { wte = 10.0; working_days = \"%s\"; hours = [9.0, 17.0]; }; };\n"
    "cohorts = { x = { }; };\n"
    "services = {\n"
    "  acute = { kind = \"beds\"; role = \"acute\"; capacity = 1;\n"
    "    duration = { x = { dist = \"fixed\"; value = 1.0; }; }; };\n"
    "  reablement = { kind = \"caseload\"; role = \"reablement\"; staff = \"r\";\n"
    "    caseload_per_wte = 10.0; referrals = { x = 2.0; }; initial = { x = 10; };\n"
    "    duration = { x = { dist = \"fixed\"; value = 10.0; }; };\n"
    "    exits = { x = { home = 1.0; }; }; };\n"
    "};\n";

#define N_INITIAL 10

/* Loads the team scenario (working days `days`) with the overrides and runs
 * it with the trace on, one thread. */
static void run_team(struct hsc_results *res, const char *days, const struct hsc_override *ov,
                     size_t n_ov, enum hsc_day_count expected)
{
    struct hsc_scenario sc;
    support_load(&sc, ov, n_ov, team_fmt, days);
    assert_int_equal(sc.services[hsc_scenario_find_service(&sc, "reablement")].duration_counts,
                     expected);
    struct hsc_exec_options opts = {.threads = 1, .progress = false, .trace = true};
    struct hsc_error err = {0};
    if (hsc_exec_run(&sc, &opts, res, &err) != 0) {
        char buf[1024];
        hsc_error_format(&err, buf, sizeof buf);
        fail_msg("run failed: %s", buf);
    }
    hsc_scenario_fini(&sc);
}

static int weekday_at(double t)
{
    return (int)((long)floor(t) % 7);
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Checks that every referred episode of the run started inside the roster
 * (weekdays only when `weekdays_only`, 09:00 to 17:00) and lasted exactly
 * `length` days, and returns how many of them started on a Monday. Fills
 * ends[N_INITIAL] with the end times of the people there at time 0, in
 * increasing order. */
static size_t check_episodes(const struct hsc_results *res, bool weekdays_only, double length,
                             double *ends)
{
    const struct hsc_trace *trace = trace_of(res);
    int reab = service_index(res, "reablement");
    double *started = per_person(trace, NULL);
    size_t episodes = 0, mondays = 0, at_nine = 0, n_initial = 0, n_ends = 0;
    for (size_t i = 0; i < trace->count; i++) {
        const struct hsc_trace_record *r = &trace->records[i];
        if (r->event == HSC_TRACE_ADMIT && r->to == reab) {
            started[r->person] = r->time;
            n_initial += r->time == 0.0;
            continue;
        }
        if (!gives_up(r, reab))
            continue;
        double start = started[r->person];
        assert_false(isnan(start));
        if (start == 0.0) {
            assert_true(n_ends < N_INITIAL);
            ends[n_ends++] = r->time;
            continue;
        }
        double hour = (start - floor(start)) * 24.0;
        if ((weekdays_only && weekday_at(start) >= 5) || hour < 9.0 - 1e-6 || hour >= 17.0)
            fail_msg("a start at t = %.9f (weekday %d, %.3f o'clock) is outside the roster",
                     start, weekday_at(start), hour);
        if (fabs(r->time - start - length) > 1e-9)
            fail_msg("an episode started at t = %.9f (weekday %d) ended at %.9f: %.9f days, "
                     "expected %g", start, weekday_at(start), r->time, r->time - start, length);
        episodes++;
        mondays += weekday_at(start) == 0;
        at_nine += weekday_at(start) == 0 && fabs(hour - 9.0) <= 1e-6;
    }
    free(started);
    assert_int_equal(n_initial, N_INITIAL);
    /* Everyone there at time 0 leaves within 12 days, long before the end. */
    assert_int_equal(n_ends, N_INITIAL);
    qsort(ends, n_ends, sizeof *ends, by_value);
    /* ~2 referrals a day for ~100 days. */
    assert_true(episodes > 150);
    /* With a weekday roster, the weekend's referrals (~2 x 64 hours a week,
     * ~5) all start on Monday at 09:00. */
    if (weekdays_only)
        assert_true(at_nine > 40);
    return mondays;
}

static void ten_day_episode_from_a_monday(void **state)
{
    (void)state;
    double calendar_ends[N_INITIAL], working_ends[N_INITIAL];
    struct hsc_results res;

    /* The default: calendar days. */
    run_team(&res, "Mon-Fri", NULL, 0, HSC_DAYS_CALENDAR);
    size_t mondays = check_episodes(&res, true, 10.0, calendar_ends);
    /* The weekend's ~5 a week plus Monday's own ~1.3. */
    assert_true(mondays > 60);
    hsc_results_free(&res);

    /* Working days, set from the command line (the file does not have it). */
    const struct hsc_override working = {"services.reablement.duration_counts", "working_days"};
    run_team(&res, "Mon-Fri", &working, 1, HSC_DAYS_WORKING);
    mondays = check_episodes(&res, true, 14.0, working_ends);
    assert_true(mondays > 60);
    hsc_results_free(&res);

    /* Initial occupancy: the same remaining stays r, ending at r or r + 2. */
    size_t beyond_friday = 0;
    for (size_t i = 0; i < N_INITIAL; i++) {
        double r = calendar_ends[i];
        assert_true(r >= 0.0 && r <= 10.0);
        double expected = r <= 5.0 ? r : r + 2.0;
        beyond_friday += r > 5.0;
        if (fabs(working_ends[i] - expected) > 1e-9)
            fail_msg("initial stay %zu: remaining %.9f calendar days, ended at %.9f counting "
                     "working days (expected %.9f)", i, r, working_ends[i], expected);
    }
    /* The premise: some remaining stays run past the first Friday. */
    assert_true(beyond_friday > 0 && beyond_friday < N_INITIAL);
}

/* A team that works every day: the two conventions are the same model, to
 * the last bit of every KPI (the same streams, the same events). */
static void seven_day_team_is_the_same_either_way(void **state)
{
    (void)state;
    struct hsc_results calendar, working;
    double ends[N_INITIAL];
    const struct hsc_override set = {"services.reablement.duration_counts", "working_days"};
    run_team(&calendar, "Mon-Sun", NULL, 0, HSC_DAYS_CALENDAR);
    run_team(&working, "Mon-Sun", &set, 1, HSC_DAYS_WORKING);
    check_episodes(&working, false, 10.0, ends);
    assert_int_equal(calendar.n_kpis, working.n_kpis);
    for (size_t k = 0; k < calendar.n_kpis; k++) {
        double a = calendar.kpi_value[hsc_results_kpi_index(&calendar, 0, 0, k)];
        double b = working.kpi_value[hsc_results_kpi_index(&working, 0, 0, k)];
        if (!(a == b || (isnan(a) && isnan(b))))
            fail_msg("KPI %s: %.17g with calendar days, %.17g with working days",
                     calendar.kpis[k].name, a, b);
    }
    hsc_results_free(&calendar);
    hsc_results_free(&working);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ten_day_episode_from_a_monday),
        cmocka_unit_test(seven_day_team_is_the_same_either_way),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
