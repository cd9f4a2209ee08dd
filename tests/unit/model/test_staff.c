/*
 * Staff as a module (staff.h), on a replication set up with hsc__sim_init
 * and driven midnight by midnight by hand (docs/model.md "Staff",
 * docs/scenario-reference.md "Rosters"):
 * - posts filled = WTE x (1 - vacancy rate); on duty each working day =
 *   filled x days_per_week / working days when the roster has more days
 *   than a WTE works, else filled;
 * - capacity from the staff at work: caseload floor(at work x caseload per
 *   WTE) (6 WTE x 5/7 x 1.4 gives 6 places, not the 5 its rounding to
 *   5.999999999999999 in doubles would), hours at work x
 *   care hours per WTE a week;
 * - working hours [from, to): on shift from the exact start (the SHIFT event
 *   time, also on days whose midnight is not a whole number) up to, not
 *   including, the end; the start is scheduled on working days only;
 * - sickness absence: a binomial draw over the whole posts on duty, never
 *   more than them, with the expected mean and zero-absence frequency.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "model/replication.h"
#include "model/staff.h"
#include "support/assert_near.h"
#include "unit/model/sim_fixture.h"
#include "unit/model/weekdays.h"

#define WARMUP 0.3
#define DAYS 4000

/* The warm-up of 0.3 days makes every midnight a fraction (t = 0.3 + d), so
 * 08:00 is 0.3 + d + 1/3, which does not round-trip through hours. */
static const char scenario[] =
    "name = \"staff_module\";\n"
    "run = { replications = 1; seed = 3; warmup_days = 0.3; measure_days = 4000.0;\n"
    "        start_date = \"2026-04-01\"; };\n"
    "staff = {\n"
    "  sevenday = { wte = 10.0; vacancy_rate = 0.2; working_days = \"Mon-Sun\";\n"
    "               days_per_week = 5.0; };\n"
    "  weekday = { wte = 6.0; working_days = \"Mon-Fri\"; days_per_week = 5.0; };\n"
    "  weekday3 = { wte = 5.0; working_days = \"Mon-Fri\"; days_per_week = 3.0; };\n"
    "  six = { wte = 2.0; working_days = \"Mon-Fri\"; days_per_week = 6.0; };\n"
    "  office = { wte = 4.0; working_days = \"Mon-Fri\"; hours = [8.0, 18.0]; };\n"
    "  carers = { wte = 6.4; care_hours_per_wte_week = 25.0; sickness_absence = 0.1; };\n"
    "  sick = { wte = 20.0; vacancy_rate = 0.1; days_per_week = 5.0; sickness_absence = 0.2; };\n"
    "  tiny = { wte = 0.3; sickness_absence = 0.5; };\n"
    "  exact = { wte = 6.0; days_per_week = 5.0; };\n"
    "};\n"
    "cohorts = { x = { }; };\n"
    "services = {\n"
    "  acute = { kind = \"beds\"; role = \"acute\"; capacity = 1;\n"
    "    duration = { default = { dist = \"fixed\"; value = 1.0; }; }; };\n"
    "  reab = { kind = \"caseload\"; role = \"reablement\"; staff = \"sevenday\";\n"
    "    caseload_per_wte = 1.5; duration = { default = { dist = \"fixed\"; value = 5.0; }; };\n"
    "    exits = { default = { home = 1.0; }; }; };\n"
    "  team = { kind = \"caseload\"; role = \"other\"; staff = \"office\"; caseload_per_wte = 2.0;\n"
    "    duration = { default = { dist = \"fixed\"; value = 5.0; }; };\n"
    "    exits = { default = { home = 1.0; }; }; };\n"
    "  hc = { kind = \"hours\"; role = \"home_care\"; staff = \"carers\";\n"
    "    hours = { default = { dist = \"fixed\"; value = 5.0; }; };\n"
    "    duration = { default = { dist = \"fixed\"; value = 50.0; }; };\n"
    "    exits = { default = { home = 1.0; }; }; };\n"
    "  sickteam = { kind = \"caseload\"; role = \"other\"; staff = \"sick\"; caseload_per_wte = 1.0;\n"
    "    duration = { default = { dist = \"fixed\"; value = 5.0; }; };\n"
    "    exits = { default = { home = 1.0; }; }; };\n"
    "  exactteam = { kind = \"caseload\"; role = \"other\"; staff = \"exact\"; caseload_per_wte = 1.4;\n"
    "    duration = { default = { dist = \"fixed\"; value = 5.0; }; };\n"
    "    exits = { default = { home = 1.0; }; }; };\n"
    "};\n";

enum { SEVENDAY, WEEKDAY, WEEKDAY3, SIX, OFFICE, CARERS, SICK, TINY, EXACT, N_GROUPS };

static size_t group_index(const struct sim_fixture *f, const char *name)
{
    for (size_t g = 0; g < f->sc.n_staff; g++)
        if (strcmp(f->sc.staff[g].name, name) == 0)
            return g;
    fail_msg("no staff group %s", name);
    return 0;
}

/* Filled and rostered posts by hand; everyone rostered is at work at time 0. */
static void filled_and_rostered(void **state)
{
    (void)state;
    struct sim_fixture f;
    fixture_open(&f, scenario);
    assert_int_equal(f.sc.n_staff, N_GROUPS);
    assert_int_equal(group_index(&f, "office"), OFFICE);
    const double filled[N_GROUPS] = {8.0, 6.0, 5.0, 2.0, 4.0, 6.4, 18.0, 0.3, 6.0};
    const double rostered[N_GROUPS] = {
        8.0 * 5.0 / 7.0, /* 5 days a week over a 7-day roster */
        6.0,             /* 5 days a week, 5-day roster: every post every day */
        5.0 * 3.0 / 5.0, /* 3 days a week over 5 */
        2.0,             /* 6 days a week cannot spread over 5 days */
        4.0, 6.4,        /* no days_per_week: every post every working day */
        18.0 * 5.0 / 7.0, 0.3, 6.0 * 5.0 / 7.0};
    for (size_t g = 0; g < N_GROUPS; g++) {
        const struct hsc__staff *s = &f.sim.staff[g];
        assert_near(s->filled, filled[g], 1e-12);
        assert_near(s->rostered, rostered[g], 1e-12);
        assert_near(s->at_work, s->rostered, 0.0);
        /* A stream for absence only where there is absence. */
        assert_true((s->absence_rng != NULL) == (g == CARERS || g == SICK || g == TINY));
    }
    fixture_close(&f);
}

/* Capacity of each staffed service at time 0, and the kind's formula for
 * other numbers at work. */
static void capacity_from_staff(void **state)
{
    (void)state;
    struct sim_fixture f;
    fixture_open(&f, scenario);
    struct hsc_sim *sim = &f.sim;
    const struct {
        const char *service;
        double capacity;
    } expected[] = {
        {"reab", 8.0},       /* floor(8 x 5/7 x 1.5 = 8.57) */
        {"team", 8.0},       /* 4 x 2 */
        {"hc", 160.0},       /* 6.4 x 25 care hours a week */
        {"sickteam", 12.0},  /* floor(18 x 5/7 = 12.86) */
        {"exactteam", 6.0},  /* 6 x 5/7 x 1.4 = 5.999999999999999 in doubles */
    };
    for (size_t i = 0; i < sizeof expected / sizeof expected[0]; i++) {
        uint16_t s = fixture_service(&f, expected[i].service);
        assert_near(sim->services[s].capacity, expected[i].capacity, 1e-9);
        assert_near(hsc__staff_capacity(sim, sim->services[s].cfg), expected[i].capacity, 1e-9);
    }
    /* The capacity follows the staff at work now. */
    uint16_t reab = fixture_service(&f, "reab"), hc = fixture_service(&f, "hc");
    sim->staff[SEVENDAY].at_work = 3.0;
    assert_near(hsc__staff_capacity(sim, sim->services[reab].cfg), 4.0, 0.0); /* 4.5 */
    sim->staff[SEVENDAY].at_work = 0.6;
    assert_near(hsc__staff_capacity(sim, sim->services[reab].cfg), 0.0, 0.0); /* 0.9 */
    sim->staff[CARERS].at_work = 5.0;
    assert_near(hsc__staff_capacity(sim, sim->services[hc].cfg), 125.0, 1e-12);
    fixture_close(&f);
}

/* Working hours of office (Mon-Fri, 08:00-18:00), every day of the run:
 * the start is scheduled only on working days, at midnight + 8/24; the
 * group is on shift from that very time (not a rounding step before it) up
 * to 18:00 excluded. Groups without hours are always on shift. */
static void on_shift_in_working_hours(void **state)
{
    (void)state;
    struct sim_fixture f;
    fixture_open(&f, scenario);
    struct hsc_sim *sim = &f.sim;
    const struct hsc__clock *clock = &sim->clock;
    size_t starts = 0, weekdays = 0;
    for (long day = 0; day < 400; day++) {
        double midnight = hsc__clock_midnight(clock, day);
        hsc__sim_set_now(sim, midnight);
        hsc__staff_new_day(sim, day);
        struct hsc_event ev;
        bool started = false;
        while (fixture_pop(&f, &ev)) {
            assert_int_equal(ev.kind, HSC_EV_SHIFT);
            assert_int_equal(ev.data, OFFICE);
            assert_false(started);
            started = true;
            assert_near(ev.time, midnight + 8.0 / 24.0, 0.0);
            /* 08:00 exactly: on shift; the instant before: not. */
            hsc__sim_set_now(sim, ev.time);
            assert_true(hsc__staff_on_shift(sim, OFFICE));
            hsc__sim_set_now(sim, nextafter(ev.time, 0.0));
            assert_false(hsc__staff_on_shift(sim, OFFICE));
        }
        bool working = weekday_of(day) < 5;
        assert_true(started == working);
        starts += started;
        weekdays += working;
        const double hours[] = {0.0, 7.99, 12.0, 17.99, 18.0, 23.5};
        const bool on[] = {false, false, true, true, false, false};
        for (size_t h = 0; h < sizeof hours / sizeof hours[0]; h++) {
            hsc__sim_set_now(sim, midnight + hours[h] / 24.0);
            if (hsc__staff_on_shift(sim, OFFICE) != on[h])
                fail_msg("day %ld %.2f h: on shift %d, expected %d", day, hours[h],
                         !on[h], on[h]);
            assert_true(hsc__staff_on_shift(sim, SEVENDAY));
            assert_true(hsc__staff_on_shift(sim, CARERS));
        }
        hsc__sim_set_now(sim, nextafter(midnight + 18.0 / 24.0, 0.0));
        assert_true(hsc__staff_on_shift(sim, OFFICE));
    }
    assert_int_equal(starts, weekdays);
    assert_int_equal(weekdays, 286); /* 57 weeks and 1 day from a Wednesday: 57 x 5 + 1 */
    fixture_close(&f);
}

/* Sickness absence, 4,000 midnights. sick has 18 x 5/7 = 12.86 WTE on duty,
 * i.e. 13 whole posts, each absent with probability 0.2: at work =
 * rostered x (1 - k / 13) with k ~ Binomial(13, 0.2), never below 0 nor
 * above the rostered posts, and the service's capacity is floor(at work).
 * Mean k: 2.6, sd of the mean over 4,000 days sqrt(13 x 0.2 x 0.8 / 4000) =
 * 0.023; the check allows 4 sd (3.5% of the mean). The share of days with
 * nobody absent: 0.8^13 = 0.055, sd 0.0036, checked at 4 sd (a draw that
 * rounded the expected 2.6 absences, or drew one Bernoulli for everyone,
 * would be far off either). tiny (0.3 WTE) is one post: at work 0 or 0.3.
 * carers: 6 posts of 6.4 WTE; capacity 25 care hours per WTE at work. */
static void absence_draws(void **state)
{
    (void)state;
    struct sim_fixture f;
    fixture_open(&f, scenario);
    struct hsc_sim *sim = &f.sim;
    uint16_t sickteam = fixture_service(&f, "sickteam"), hc = fixture_service(&f, "hc");
    const double rostered = 18.0 * 5.0 / 7.0;
    double k_sum = 0.0, none_absent = 0.0, tiny_absent = 0.0;
    for (long day = 0; day < DAYS; day++) {
        hsc__sim_set_now(sim, hsc__clock_midnight(&sim->clock, day));
        hsc__staff_new_day(sim, day);
        fixture_drain(&f);
        double at_work = sim->staff[SICK].at_work;
        assert_true(at_work >= 0.0 && at_work <= rostered + 1e-12);
        double k = 13.0 * (1.0 - at_work / rostered);
        assert_near(k, round(k), 1e-9);
        assert_true(round(k) >= 0.0 && round(k) <= 13.0);
        k_sum += round(k);
        none_absent += round(k) == 0.0;
        assert_near(sim->services[sickteam].capacity, floor(at_work + 1e-9), 0.0);

        double tiny = sim->staff[TINY].at_work;
        assert_true(tiny == 0.0 || tiny == 0.3);
        tiny_absent += tiny == 0.0;

        double carers = sim->staff[CARERS].at_work;
        double kc = 6.0 * (1.0 - carers / 6.4);
        assert_near(kc, round(kc), 1e-9);
        assert_true(carers >= 0.0 && carers <= 6.4 + 1e-12);
        assert_near(sim->services[hc].capacity, carers * 25.0, 1e-9);
        /* Groups without absence keep everyone rostered at work. */
        assert_near(sim->staff[SEVENDAY].at_work, sim->staff[SEVENDAY].rostered, 0.0);
        /* Posts filled (and paid) never change. */
        assert_near(sim->staff[SICK].filled, 18.0, 1e-12);
    }
    double sd_mean = sqrt(13.0 * 0.2 * 0.8 / DAYS);
    assert_near(k_sum / DAYS, 2.6, 4.0 * sd_mean);
    double p0 = pow(0.8, 13.0);
    assert_near(none_absent / DAYS, p0, 4.0 * sqrt(p0 * (1.0 - p0) / DAYS));
    /* tiny: absent half the days, sd 0.0079. */
    assert_near(tiny_absent / DAYS, 0.5, 4.0 * sqrt(0.25 / DAYS));
    fixture_close(&f);
}

/* The share of rostered hours outside the standard day, by hand. */
static void out_of_hours_share(void **state)
{
    (void)state;
    struct hsc_staff_group g = {.working_days = 0x1F, .from_hour = 9.0, .to_hour = 17.0,
                                .standard_from = 9.0, .standard_to = 17.0};
    assert_true(hsc__staff_out_of_hours_share(&g) == 0.0); /* 9-to-5, Monday to Friday */
    g.working_days = HSC_ALL_DAYS;                         /* the same hours 7 days: 2 in 7 */
    assert_near(hsc__staff_out_of_hours_share(&g), 2.0 / 7.0, 1e-15);
    g.from_hour = 0.0;                                     /* 24-hour cover, 7 days */
    g.to_hour = 24.0;
    /* weekdays 16 of 24 hours outside, weekends all 24: (5 x 16 + 2 x 24) / (7 x 24) */
    assert_near(hsc__staff_out_of_hours_share(&g), 128.0 / 168.0, 1e-15);
    g.from_hour = 8.0;                                     /* 08:00-20:00, Monday to Friday */
    g.to_hour = 20.0;
    g.working_days = 0x1F;
    assert_near(hsc__staff_out_of_hours_share(&g), 4.0 / 12.0, 1e-15);
    g.from_hour = 18.0;                                    /* nights only: no overlap at all */
    g.to_hour = 24.0;
    assert_true(hsc__staff_out_of_hours_share(&g) == 1.0);
    g.working_days = 0;                                    /* no roster: nothing to enhance */
    assert_true(hsc__staff_out_of_hours_share(&g) == 0.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(filled_and_rostered),
        cmocka_unit_test(out_of_hours_share),
        cmocka_unit_test(capacity_from_staff),
        cmocka_unit_test(on_shift_in_working_hours),
        cmocka_unit_test(absence_draws),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
