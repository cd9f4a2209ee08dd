/*
 * Unit tests of one replication: conservation counts, loss and bounded
 * queues, daily series consistent with the KPIs, the hard limit on people,
 * and that a replication is a pure function of (scenario, replication).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "hscflow/kpis.h"
#include "hscflow/sim.h"
#include "support/run_support.h"

/* Buffers for one replication's output. */
struct rep_buffers {
    struct hsc_kpi_set kpis;
    double *kpi;
    float *occupancy, *waiting, *admissions, *discharges;
    struct hsc_rep_output out;
};

static void buffers_init(struct rep_buffers *buf, const struct hsc_scenario *sc)
{
    assert_int_equal(hsc_kpis_build(sc, &buf->kpis), 0);
    size_t days = hsc_sim_days(sc), svcs = sc->n_services;
    buf->kpi = calloc(buf->kpis.count, sizeof *buf->kpi);
    buf->occupancy = calloc(days * svcs + 1, sizeof(float));
    buf->waiting = calloc(days * svcs + 1, sizeof(float));
    buf->admissions = calloc(days + 1, sizeof(float));
    buf->discharges = calloc(days + 1, sizeof(float));
    buf->out = (struct hsc_rep_output){.kpi = buf->kpi,
                                       .occupancy = buf->occupancy,
                                       .waiting = buf->waiting,
                                       .admissions = buf->admissions,
                                       .discharges = buf->discharges,
                                       .trace = NULL};
}

static void buffers_fini(struct rep_buffers *buf)
{
    free(buf->kpi);
    free(buf->occupancy);
    free(buf->waiting);
    free(buf->admissions);
    free(buf->discharges);
    hsc_kpis_fini(&buf->kpis);
}

static double kpi(const struct rep_buffers *buf, const char *name)
{
    long k = hsc_kpis_find(&buf->kpis, name);
    assert_true(k >= 0);
    return buf->kpi[k];
}

static const char two_pools[] =
    "name = \"unit\";\n"
    "run = { seed = 5; replications = 1; warmup_days = 20.0; measure_days = 200.0; };\n"
    "cohorts = { x = { emergency_per_day = 9.0; acute_service = \"big\"; };\n"
    "            y = { emergency_per_day = 5.0; acute_service = \"small\"; }; };\n"
    "services = {\n"
    "  big = { kind = \"beds\"; role = \"acute\"; capacity = 30;\n"
    "          duration = { default = { dist = \"weibull\"; shape = 1.5; scale = 3.0; }; }; };\n"
    "  small = { kind = \"beds\"; role = \"acute\"; capacity = 4; max_queue = 3;\n"
    "          duration = { y = { dist = \"empirical\"; values = [0.5, 1.0, 2.0]; }; }; };\n"
    "};\n";

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
    assert_true(admitted == kpi(&buf, "admissions.service.big") + kpi(&buf, "admissions.service.small"));
    /* Midnight snapshots sample the occupancy the time-weighted mean integrates.
     * The small pool holds 0..4 (sd at most 2) and stays last about a day, so
     * 200 daily snapshots are nearly independent: their mean is within about
     * 2 / sqrt(200) = 0.14 (one sd) of the time-weighted mean; 0.5 is 3.5 sd. */
    assert_true(fabs(occupancy / (double)days - kpi(&buf, "occupancy_mean.service.small")) < 0.5);
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
    assert_true(kpi(&buf, "arrivals.service.ward") > 100.0);
    assert_true(kpi(&buf, "turned_away.service.ward") == kpi(&buf, "arrivals.service.ward"));
    assert_true(kpi(&buf, "admissions.service.ward") == 0.0);
    /* No admissions: the wait KPIs have no denominator and are NaN, not 0. */
    assert_true(isnan(kpi(&buf, "wait_mean_days.service.ward")));
    assert_true(isnan(kpi(&buf, "waited_pct.service.ward")));
    assert_true(isnan(kpi(&buf, "acute_occupancy_mean")));
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
    double admitted = kpi(&buf, "admissions.service.ward");
    assert_true(kpi(&buf, "wait_mean_days.service.ward") == 0.0);
    assert_true(kpi(&buf, "waited_pct.service.ward") == 0.0);
    assert_true(kpi(&buf, "wait_p95_days.service.ward") == 0.0);
    double expected = admitted * 2.0 / 100.0;
    /* Boundary: at most the people present at each end (~6) times 2 days. */
    assert_true(fabs(kpi(&buf, "occupancy_mean.service.ward") - expected) < 30.0 / 100.0);
    buffers_fini(&buf);
    hsc_scenario_fini(&sc);
}

static void replication_is_a_pure_function(void **state)
{
    (void)state;
    struct hsc_scenario sc;
    support_load(&sc, NULL, 0, "%s", two_pools);
    struct rep_buffers a, b, c;
    buffers_init(&a, &sc);
    buffers_init(&b, &sc);
    buffers_init(&c, &sc);
    struct hsc_error err = {0};
    assert_int_equal(hsc_sim_run(&sc, &a.kpis, 7, &a.out, NULL, &err), 0);
    assert_int_equal(hsc_sim_run(&sc, &c.kpis, 8, &c.out, NULL, &err), 0);
    assert_int_equal(hsc_sim_run(&sc, &b.kpis, 7, &b.out, NULL, &err), 0);
    assert_memory_equal(a.kpi, b.kpi, a.kpis.count * sizeof(double));
    assert_memory_equal(a.occupancy, b.occupancy, 200 * 2 * sizeof(float));
    /* Another replication draws other numbers. */
    assert_true(memcmp(a.kpi, c.kpi, a.kpis.count * sizeof(double)) != 0);
    buffers_fini(&a);
    buffers_fini(&b);
    buffers_fini(&c);
    hsc_scenario_fini(&sc);
}

static void people_limit_gives_a_clear_error(void **state)
{
    (void)state;
    /* Demand far above capacity with an unlimited queue grows without bound. */
    struct hsc_scenario sc;
    support_load(&sc, NULL, 0,
                 "name = \"unstable\";\n"
                 "run = { replications = 1; measure_days = 1000.0; max_people = 500; };\n"
                 "cohorts = { x = { emergency_per_day = 10.0; }; };\n"
                 "services = { ward = { kind = \"beds\"; role = \"acute\"; capacity = 2;\n"
                 "  duration = { x = { dist = \"fixed\"; value = 1.0; }; }; }; };\n");
    struct rep_buffers buf;
    buffers_init(&buf, &sc);
    struct hsc_error err = {0};
    assert_int_equal(hsc_sim_run(&sc, &buf.kpis, 0, &buf.out, NULL, &err), -1);
    assert_string_equal(err.path, "run.max_people");
    assert_non_null(strstr(err.message, "more than 500 people in the system at once"));
    assert_non_null(strstr(err.message, "replication 0"));
    hsc_error_clear(&err);
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
        cmocka_unit_test(replication_is_a_pure_function),
        cmocka_unit_test(people_limit_gives_a_clear_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
