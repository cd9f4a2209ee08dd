/*
 * Conservation and accounting in one replication, run directly with
 * hsc_sim_run: every arrival is admitted, turned away or still present, and
 * nobody is counted twice (flow counts per service and people overall); the
 * daily series add up to the KPIs and never exceed a capacity or queue limit;
 * zero beds turn everyone away (the wait KPIs, with no denominator, are NaN,
 * not 0); fixed stays give exactly the occupancy the arrivals imply.
 * hsc_sim_run also asserts conservation at the end of every run, so every
 * model test checks it implicitly; these tests check the counts explicitly.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "unit/model/replication_buffers.h"

static void nobody_is_lost_or_counted_twice(void **state)
{
    (void)state;
    struct hsc_scenario sc;
    support_load(&sc, NULL, 0, "%s", two_pools);
    struct rep_buffers buf;
    buffers_init(&buf, &sc);
    struct hsc_sim_stats stats;
    struct hsc_error err = {0};
    assert_int_equal(hsc_sim_run(&sc, &buf.kpis, 0, &buf.out, &stats, &err), 0);
    int64_t present = 0, left = 0;
    for (size_t s = 0; s < stats.n_services; s++) {
        const struct hsc_flow_counts *c = &stats.services[s];
        assert_true(c->arrivals > 0);
        assert_int_equal(c->arrivals, c->departures + c->turned_away + c->occupied + c->waiting);
        present += c->occupied + c->waiting;
        left += c->departures + c->turned_away;
    }
    assert_int_equal(stats.people_created, stats.people_left + stats.people_present);
    assert_int_equal(stats.people_present, present);
    assert_int_equal(stats.people_left, left);
    /* Every person arrives by an event; everyone admitted also departs by one. */
    assert_true(stats.events >= (uint64_t)(stats.people_created + left - stats.services[1].turned_away));
    hsc_sim_stats_fini(&stats);
    buffers_fini(&buf);
    hsc_scenario_fini(&sc);
}

static void daily_series_add_up_to_the_kpis(void **state)
{
    (void)state;
    struct hsc_scenario sc;
    support_load(&sc, NULL, 0, "%s", two_pools);
    struct rep_buffers buf;
    buffers_init(&buf, &sc);
    struct hsc_error err = {0};
    assert_int_equal(hsc_sim_run(&sc, &buf.kpis, 3, &buf.out, NULL, &err), 0);
    size_t days = hsc_sim_days(&sc);
    assert_int_equal(days, 200);
    double admitted = 0.0, occupancy = 0.0;
    for (size_t d = 0; d < days; d++) {
        admitted += buf.admissions[d];
        occupancy += buf.occupancy[d * 2 + 1];
        assert_true(buf.occupancy[d * 2 + 1] <= 4.0f);
        assert_true(buf.waiting[d * 2 + 1] <= 3.0f);
        assert_true(buf.occupancy[d * 2] <= 30.0f);
    }
    /* Every acute admission of a whole-day period falls on one of its days. */
    assert_true(admitted == rep_kpi(&buf, "admissions.service.big") +
                                rep_kpi(&buf, "admissions.service.small"));
    /* Midnight snapshots sample the occupancy the time-weighted mean integrates.
     * The small pool holds 0..4 (sd at most 2) and stays last about a day, so
     * 200 daily snapshots are nearly independent: their mean is within about
     * 2 / sqrt(200) = 0.14 (one sd) of the time-weighted mean; 0.5 is 3.5 sd. */
    assert_true(fabs(occupancy / (double)days - rep_kpi(&buf, "occupancy_mean.service.small")) <
                0.5);
    buffers_fini(&buf);
    hsc_scenario_fini(&sc);
}

static void zero_beds_turn_everyone_away(void **state)
{
    (void)state;
    struct hsc_scenario sc;
    support_load(&sc, NULL, 0,
                 "name = \"none\";\n"
                 "run = { replications = 1; measure_days = 50.0; };\n"
                 "cohorts = { x = { emergency_per_day = 4.0; }; };\n"
                 "services = { ward = { kind = \"beds\"; role = \"acute\"; capacity = 0;\n"
                 "  max_queue = 0; duration = { x = { dist = \"fixed\"; value = 1.0; }; }; }; };\n");
    struct rep_buffers buf;
    buffers_init(&buf, &sc);
    struct hsc_error err = {0};
    assert_int_equal(hsc_sim_run(&sc, &buf.kpis, 0, &buf.out, NULL, &err), 0);
    assert_true(rep_kpi(&buf, "arrivals.service.ward") > 100.0);
    assert_true(rep_kpi(&buf, "turned_away.service.ward") ==
                rep_kpi(&buf, "arrivals.service.ward"));
    assert_true(rep_kpi(&buf, "admissions.service.ward") == 0.0);
    /* No admissions: the wait KPIs have no denominator and are NaN, not 0. */
    assert_true(isnan(rep_kpi(&buf, "wait_mean_days.service.ward")));
    assert_true(isnan(rep_kpi(&buf, "waited_pct.service.ward")));
    assert_true(isnan(rep_kpi(&buf, "acute_occupancy_mean")));
    buffers_fini(&buf);
    hsc_scenario_fini(&sc);
}

static void fixed_stays_give_exact_occupancy(void **state)
{
    (void)state;
    /* Plenty of beds, every stay exactly 2 days: nobody waits and the mean
     * occupancy is the arrival count times 2 days over the period, up to the
     * stays cut by the period's two ends. */
    struct hsc_scenario sc;
    support_load(&sc, NULL, 0,
                 "name = \"fixed\";\n"
                 "run = { replications = 1; warmup_days = 10.0; measure_days = 100.0; };\n"
                 "cohorts = { x = { emergency_per_day = 3.0; }; };\n"
                 "services = { ward = { kind = \"beds\"; role = \"acute\"; capacity = 1000;\n"
                 "  duration = { x = { dist = \"fixed\"; value = 2.0; }; }; }; };\n");
    struct rep_buffers buf;
    buffers_init(&buf, &sc);
    struct hsc_error err = {0};
    assert_int_equal(hsc_sim_run(&sc, &buf.kpis, 0, &buf.out, NULL, &err), 0);
    double admitted = rep_kpi(&buf, "admissions.service.ward");
    assert_true(rep_kpi(&buf, "wait_mean_days.service.ward") == 0.0);
    assert_true(rep_kpi(&buf, "waited_pct.service.ward") == 0.0);
    assert_true(rep_kpi(&buf, "wait_p95_days.service.ward") == 0.0);
    double expected = admitted * 2.0 / 100.0;
    /* Boundary: the period gains the in-period bed-days of those admitted in
     * the warm-up's last 2 days and loses the after-period bed-days of those
     * admitted in its own last 2 days; each is between 0 and 2 days times the
     * people present at that end, Poisson with mean 3 a day x 2 days = 6 (sd
     * 2.45), and the two partly cancel. The bound used, 30 bed-days (0.3 beds
     * over the 100 days), allows 15 people at one end with nothing to cancel
     * them: over 3.6 sd above the mean of 6, against a typical |difference|
     * of a few bed-days. */
    assert_true(fabs(rep_kpi(&buf, "occupancy_mean.service.ward") - expected) < 30.0 / 100.0);
    buffers_fini(&buf);
    hsc_scenario_fini(&sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(nobody_is_lost_or_counted_twice),
        cmocka_unit_test(daily_series_add_up_to_the_kpis),
        cmocka_unit_test(zero_beds_turn_everyone_away),
        cmocka_unit_test(fixed_stays_give_exact_occupancy),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
