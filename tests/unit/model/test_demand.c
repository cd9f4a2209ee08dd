/*
 * Demand as a module (demand.h), on a replication set up with hsc__sim_init
 * and never run:
 * - one emergency process per (cohort, locality) and one referral process
 *   per (service with referrals, cohort, locality), with the base rates of
 *   docs/scenario-reference.md ("Emergency demand by locality", referrals
 *   split by population share);
 * - the processes' own schedule (driven by hand through the redraw-only
 *   handlers, so nobody is created) gives Poisson counts at those rates x
 *   weekday factor x growth, and referrals ignore the weekday factors;
 * - localities drawn by population share (binomial tolerance);
 * - electives booked on the right weekdays at the acute service's hour;
 * - the growth factor of every day, and the mean population;
 * - initial occupancy places the configured numbers of people.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "hscflow/rng.h"
#include "model/demand.h"
#include "model/replication.h"
#include "support/assert_near.h"
#include "unit/model/sim_fixture.h"
#include "unit/model/weekdays.h"

#define WARMUP 10.0
#define MEASURE 1000.0

/* Localities a, b, c; the measured period starts on Wednesday 2026-04-01
 * after a 10-day warm-up. Mondays have 1.4 times the emergency demand.
 * - x: 1,000 / 3,000 / 6,000 people, 10 emergencies a day -> 1 / 3 / 6 a
 *   day; grows 10% a year; electives Tue 2, Fri 3, Sun 1 at 09:30;
 * - y: 2,000 / 0 / 2,000 people, 365.25 per 1,000 a year -> 2 / 0 / 2 a
 *   day, presenting at acute2; electives Mon 1 at 08:00 (the default hour);
 * - z: no population, 3 a day -> 1 / 1 / 1.
 * ward takes referrals: x 2 a day (0.2 / 0.6 / 1.2), z 0.9 (0.3 each);
 * care_home and home_care start with people in them. */
static const char scenario[] =
    "name = \"demand_module\";\n"
    "run = { replications = 1; seed = 7; warmup_days = 10.0; measure_days = 1000.0;\n"
    "        start_date = \"2026-04-01\"; };\n"
    "localities = [\"a\", \"b\", \"c\"];\n"
    "calendar = { weekday_factors = [1.4, 1.0, 1.0, 1.0, 1.0, 0.8, 0.8]; };\n"
    "staff = { carers = { wte = 10.0; care_hours_per_wte_week = 20.0; }; };\n"
    "cohorts = {\n"
    "  x = { population = { a = 1000; b = 3000; c = 6000; }; emergency_per_day = 10.0;\n"
    "        acute_service = \"acute\";\n"
    "        growth_per_year = 0.1; electives_per_weekday = [0, 2, 0, 0, 3, 0, 1];\n"
    "        elective_duration = { dist = \"fixed\"; value = 1.0; }; };\n"
    "  y = { population = { a = 2000; c = 2000; }; emergency_per_1000_per_year = 365.25;\n"
    "        acute_service = \"acute2\"; electives_per_weekday = [1, 0, 0, 0, 0, 0, 0];\n"
    "        elective_duration = { dist = \"fixed\"; value = 1.0; }; };\n"
    "  z = { emergency_per_day = 3.0; acute_service = \"acute\"; };\n"
    "};\n"
    "services = {\n"
    "  acute = { kind = \"beds\"; role = \"acute\"; capacity = 10; elective_hour = 9.5;\n"
    "    duration = { default = { dist = \"fixed\"; value = 1.0; }; }; };\n"
    "  acute2 = { kind = \"beds\"; role = \"acute\"; capacity = 5;\n"
    "    duration = { default = { dist = \"fixed\"; value = 1.0; }; }; };\n"
    "  ward = { kind = \"beds\"; role = \"other\"; capacity = 10;\n"
    "    duration = { default = { dist = \"fixed\"; value = 5.0; }; };\n"
    "    exits = { default = { home = 1.0; }; }; referrals = { x = 2.0; z = 0.9; }; };\n"
    "  care_home = { kind = \"beds\"; role = \"care_home\"; capacity = 50;\n"
    "    duration = { default = { dist = \"fixed\"; value = 100.0; }; };\n"
    "    exits = { default = { death = 1.0; }; }; initial = { x = 5; y = 3; }; };\n"
    "  home_care = { kind = \"hours\"; role = \"home_care\"; staff = \"carers\";\n"
    "    hours = { default = { dist = \"fixed\"; value = 6.0; }; };\n"
    "    duration = { default = { dist = \"fixed\"; value = 50.0; }; };\n"
    "    exits = { default = { home = 1.0; }; }; initial = { z = 4; }; };\n"
    "};\n";

enum { X, Y, Z, N_COHORTS };
enum { N_LOC = 3 };

/* Base rates a day, by hand from the comment above. */
static const double emergency_rate[N_COHORTS][N_LOC] = {{1.0, 3.0, 6.0}, {2.0, 0.0, 2.0},
                                                        {1.0, 1.0, 1.0}};
static const double referral_rate[N_COHORTS][N_LOC] = {{0.2, 0.6, 1.2}, {0.0, 0.0, 0.0},
                                                       {0.3, 0.3, 0.3}};
static const double weekday_factor[7] = {1.4, 1.0, 1.0, 1.0, 1.0, 0.8, 0.8};
static const double growth[N_COHORTS] = {0.1, 0.0, 0.0};

static double growth_on(int cohort, long day)
{
    return pow(1.0 + growth[cohort], (double)day / 365.25);
}

/* The base rate a day process `i` should have, by hand (above): referral
 * processes of services without referrals, if any, have rate 0. */
static double expected_rate(const struct sim_fixture *f, size_t i)
{
    const struct hsc__process *p = &f->sim.demand.processes[i];
    if (i < f->sim.demand.n_emergency)
        return emergency_rate[p->cohort][p->locality];
    return p->service == fixture_service(f, "ward") ? referral_rate[p->cohort][p->locality] : 0.0;
}

/* Emergencies first, one per (cohort, locality) in file order, presenting at
 * the cohort's acute service; then referrals: one process per (ward,
 * cohort, locality), each with its population share of the cohort's
 * referrals. */
static void processes_and_base_rates(void **state)
{
    (void)state;
    struct sim_fixture f;
    fixture_open(&f, scenario);
    const struct hsc__demand *d = &f.sim.demand;
    uint16_t acute = fixture_service(&f, "acute"), acute2 = fixture_service(&f, "acute2");
    uint16_t ward = fixture_service(&f, "ward");
    assert_int_equal(d->n_emergency, N_COHORTS * N_LOC);
    for (int c = 0; c < N_COHORTS; c++)
        for (int l = 0; l < N_LOC; l++) {
            const struct hsc__process *e = &d->processes[c * N_LOC + l];
            assert_int_equal(e->cohort, c);
            assert_int_equal(e->locality, l);
            assert_int_equal(e->service, c == Y ? acute2 : acute);
            assert_near(e->rate, emergency_rate[c][l], 1e-12);
            assert_non_null(e->rng);
        }
    int seen[N_COHORTS][N_LOC] = {{0}};
    size_t positive = 0;
    for (size_t i = d->n_emergency; i < d->n_processes; i++) {
        const struct hsc__process *r = &d->processes[i];
        assert_true(r->cohort < N_COHORTS && r->locality < N_LOC);
        assert_true(r->service < f.sim.n_services);
        assert_non_null(r->rng);
        assert_near(r->rate, expected_rate(&f, i), 1e-12);
        positive += r->rate > 0.0;
        if (r->service == ward)
            seen[r->cohort][r->locality]++;
    }
    for (int c = 0; c < N_COHORTS; c++)
        for (int l = 0; l < N_LOC; l++)
            assert_int_equal(seen[c][l], 1);
    assert_int_equal(positive, 6);
    fixture_close(&f);
}

/* hsc__demand_start schedules a first event for every process with a
 * positive rate. Growth makes every rate change at midnight, so each event
 * is an arrival before the next midnight (time 1 for the first) or a redraw
 * exactly at it (token 1); a process with rate 0 never has an arrival. The
 * schedule is followed by hand to the end of the run
 * with the redraw-only handlers (which schedule without creating anyone),
 * and each process's count is compared with its expectation
 * sum over days of rate x weekday factor (emergencies only) x growth:
 * a Poisson count, so within 4 sd = 4 sqrt(expected) (two-sided 6e-5 for
 * each of the 14 processes; a rate wrong by 10% moves a count by 1.5 sd for
 * the 0.2-a-day referrals up to 8 sd for x in c). x's emergencies on Mondays
 * and on other days check the weekday factor itself (about 2,200 and 8,600:
 * 4 sd is 9% and 4%; ignoring the factor would move Mondays by 13 sd), and
 * x's referrals on Mondays that referrals ignore it (about 330: applying it
 * would move them by 7 sd). */
static void schedules_follow_rates(void **state)
{
    (void)state;
    struct sim_fixture f;
    fixture_open(&f, scenario);
    struct hsc_sim *sim = &f.sim;
    const struct hsc__demand *d = &sim->demand;
    hsc__demand_start(sim);
    size_t positive = 0;
    for (size_t i = 0; i < d->n_processes; i++)
        positive += d->processes[i].rate > 0.0;
    assert_int_equal(positive, 14);
    assert_true(hsc_evq_size(&sim->pending) >= positive);

    double *count = calloc(d->n_processes, sizeof *count), monday_x = 0.0, other_x = 0.0;
    double monday_ref = 0.0, other_ref = 0.0;
    bool *first = calloc(d->n_processes, sizeof *first);
    double *last_redraw = calloc(d->n_processes, sizeof *last_redraw);
    assert_true(count && first && last_redraw);
    size_t redraws = 0;
    struct hsc_event ev;
    while (fixture_pop(&f, &ev)) {
        assert_true(ev.time >= sim->now && ev.time < sim->clock.t_end);
        size_t i = ev.data;
        assert_true(i < d->n_processes);
        assert_true(d->processes[i].rate > 0.0 || ev.token != 0);
        bool emergency = i < d->n_emergency;
        assert_int_equal(ev.kind, emergency ? HSC_EV_ARRIVAL : HSC_EV_REFERRAL);
        /* Redraws happen only at midnights, and never twice a day. */
        double midnight = hsc__clock_midnight(&sim->clock, hsc__clock_day(&sim->clock, ev.time));
        assert_true(ev.token == 0 || ev.time == midnight);
        assert_true(ev.token == 0 || midnight > last_redraw[i]);
        if (ev.token != 0)
            last_redraw[i] = midnight;
        if (!first[i]) {
            first[i] = true;
            assert_true(ev.time <= 1.0);
        }
        hsc__sim_set_now(sim, ev.time);
        if (ev.token == 0) {
            count[i] += 1.0;
            if (d->processes[i].cohort == X) {
                bool monday = weekday_of(hsc__sim_today(sim)) == 0;
                if (emergency)
                    *(monday ? &monday_x : &other_x) += 1.0;
                else
                    *(monday ? &monday_ref : &other_ref) += 1.0;
            }
        } else {
            redraws++;
        }
        if (emergency)
            hsc__demand_arrival(sim, (uint32_t)i, true);
        else
            hsc__demand_referral(sim, (uint32_t)i, true);
    }
    assert_int_equal(f.sim.people.entries, 0); /* redraw-only: nobody created */
    assert_true(redraws > 0);
    for (size_t i = 0; i < d->n_processes; i++)
        assert_true(first[i] || d->processes[i].rate == 0.0);

    double expect_monday = 0.0, expect_other = 0.0, expect_monday_ref = 0.0, expect_other_ref = 0.0;
    for (size_t i = 0; i < d->n_processes; i++) {
        bool emergency = i < d->n_emergency;
        int c = d->processes[i].cohort;
        double rate = expected_rate(&f, i);
        double expected = 0.0;
        for (long day = -(long)WARMUP; day < (long)MEASURE; day++) {
            double r = rate * growth_on(c, day) * (emergency ? weekday_factor[weekday_of(day)] : 1.0);
            expected += r;
            if (emergency && c == X)
                *(weekday_of(day) == 0 ? &expect_monday : &expect_other) += r;
            if (!emergency && c == X)
                *(weekday_of(day) == 0 ? &expect_monday_ref : &expect_other_ref) += r;
        }
        if (expected == 0.0) {
            assert_near(count[i], 0.0, 0.0);
            continue;
        }
        if (fabs(count[i] - expected) > 4.0 * sqrt(expected))
            fail_msg("process %zu: %.0f events, expected %.1f +- %.1f", i, count[i], expected,
                     4.0 * sqrt(expected));
    }
    assert_near(monday_x, expect_monday, 4.0 * sqrt(expect_monday));
    assert_near(other_x, expect_other, 4.0 * sqrt(expect_other));
    assert_near(monday_ref, expect_monday_ref, 4.0 * sqrt(expect_monday_ref));
    assert_near(other_ref, expect_other_ref, 4.0 * sqrt(expect_other_ref));
    free(count);
    free(first);
    free(last_redraw);
    fixture_close(&f);
}

/* Shares 0.1 / 0.3 / 0.6 (x), 0.5 / 0 / 0.5 (y), a third each without
 * population (z). 200,000 draws each: the count in a locality is binomial,
 * sd = sqrt(n p (1 - p)) (at most 224, 0.11% of n); the check allows 4 sd
 * (two-sided 6e-5 for each), which a share wrong by 0.005 exceeds. A
 * locality without people is never drawn (exactly 0). */
static void localities_follow_population(void **state)
{
    (void)state;
    struct sim_fixture f;
    fixture_open(&f, scenario);
    const double share[N_COHORTS][N_LOC] = {{0.1, 0.3, 0.6}, {0.5, 0.0, 0.5},
                                            {1.0 / 3, 1.0 / 3, 1.0 / 3}};
    const double n = 200000.0;
    gsl_rng *rng = hsc__stream(&f.sim, "test/localities");
    assert_non_null(rng);
    for (int c = 0; c < N_COHORTS; c++) {
        double count[N_LOC] = {0};
        for (int i = 0; i < (int)n; i++) {
            uint8_t l = hsc__demand_locality(&f.sim, (uint16_t)c, rng);
            assert_true(l < N_LOC);
            count[l] += 1.0;
        }
        for (int l = 0; l < N_LOC; l++) {
            double p = share[c][l], sd = sqrt(n * p * (1.0 - p));
            if (p == 0.0)
                assert_near(count[l], 0.0, 0.0);
            else if (fabs(count[l] - n * p) > 4.0 * sd)
                fail_msg("cohort %d locality %d: %.0f of %.0f, expected %.0f +- %.0f", c, l,
                         count[l], n, n * p, 4.0 * sd);
        }
    }
    hsc_rng_free(rng);
    fixture_close(&f);
}

/* Each midnight books the day's electives for each cohort, at the acute
 * service's elective hour (x 09:30 at acute, y 08:00 at acute2); nothing is
 * booked at or after the end of the run. Two weeks from the Wednesday start
 * date. */
static void electives_on_their_weekdays(void **state)
{
    (void)state;
    struct sim_fixture f;
    fixture_open(&f, scenario);
    struct hsc_sim *sim = &f.sim;
    const int64_t per_weekday[2][7] = {{0, 2, 0, 0, 3, 0, 1}, {1, 0, 0, 0, 0, 0, 0}};
    const double hour[2] = {9.5, 8.0};
    int total = 0;
    for (long day = 0; day < 14; day++) {
        assert_int_equal(hsc__clock_weekday(&sim->clock, day), weekday_of(day));
        hsc__sim_set_now(sim, hsc__clock_midnight(&sim->clock, day));
        hsc__demand_electives_today(sim, day);
        int64_t got[2] = {0};
        struct hsc_event ev;
        while (fixture_pop(&f, &ev)) {
            assert_int_equal(ev.kind, HSC_EV_ELECTIVE);
            assert_int_equal(ev.person, HSC_NO_PERSON);
            assert_true(ev.data < 2);
            assert_near(ev.time, WARMUP + (double)day + hour[ev.data] / 24.0, 1e-9);
            got[ev.data]++;
        }
        for (int c = 0; c < 2; c++)
            assert_int_equal(got[c], per_weekday[c][weekday_of(day)]);
        total += (int)(got[0] + got[1]);
    }
    assert_int_equal(total, 2 * (2 + 3 + 1 + 1));
    /* The last measured day is a Monday (day 999): y's elective is booked;
     * the day after the end (a Tuesday) books none of x's two. */
    long last = (long)MEASURE - 1;
    assert_int_equal(weekday_of(last), 0);
    hsc__sim_set_now(sim, hsc__clock_midnight(&sim->clock, last));
    hsc__demand_electives_today(sim, last);
    assert_int_equal(fixture_drain(&f), 1);
    hsc__sim_set_now(sim, hsc__clock_midnight(&sim->clock, last + 1));
    hsc__demand_electives_today(sim, last + 1);
    assert_int_equal(fixture_drain(&f), 0);
    fixture_close(&f);
}

/* Growth (1 + g)^(day / 365.25) for every day from the first of the warm-up
 * to the last measured, 1 on the start date; none for cohorts without
 * growth. The population behind the per-1,000 rates is each cohort's
 * population times its mean factor over the measured days. */
static void growth_by_day(void **state)
{
    (void)state;
    struct sim_fixture f;
    fixture_open(&f, scenario);
    const struct hsc_sim *sim = &f.sim;
    const struct hsc__clock *clock = &sim->clock;
    assert_true(sim->demand.has_growth);
    assert_int_equal(clock->first_day, -(long)WARMUP);
    size_t n = clock->n_day_factors;
    assert_int_equal(n, (size_t)(WARMUP + MEASURE) + 1);
    double mean_x = 0.0;
    for (size_t i = 0; i < n; i++) {
        long day = clock->first_day + (long)i;
        for (int c = 0; c < N_COHORTS; c++)
            assert_near(sim->demand.cohort_growth[(size_t)c * n + i], growth_on(c, day),
                        1e-12 * growth_on(c, day));
        if (day >= 0 && day < (long)MEASURE)
            mean_x += growth_on(X, day) / MEASURE;
    }
    assert_near(sim->demand.cohort_growth[0 * n + (size_t)WARMUP], 1.0, 0.0);
    assert_true(sim->demand.cohort_growth[0] < 1.0);
    assert_near(sim->demand.population, 10000.0 * mean_x + 4000.0, 1e-6);
    assert_true(mean_x > 1.1); /* about 1.14: the mean, not the first day's 1 */
    fixture_close(&f);
}

/* Initial occupancy: care_home gets 5 of x and 3 of y, home_care 4 of z
 * with their 6-hour packages; y's residents live where y has people (a or
 * c); each has one pending end of stay, within the stay's length (the
 * equilibrium residual of a fixed stay is uniform on it). */
static void initial_occupancy_places_people(void **state)
{
    (void)state;
    struct sim_fixture f;
    fixture_open(&f, scenario);
    struct hsc_sim *sim = &f.sim;
    uint16_t care_home = fixture_service(&f, "care_home");
    uint16_t home_care = fixture_service(&f, "home_care");
    hsc__demand_initial(sim);
    assert_false(sim->failed);
    assert_int_equal(sim->services[care_home].occupied, 8);
    assert_int_equal(sim->services[home_care].occupied, 4);
    assert_int_equal(sim->services[care_home].all.admissions, 8);
    assert_near(sim->services[home_care].committed_hours, 24.0, 1e-12);
    assert_int_equal(sim->people.entries, 12);
    assert_int_equal(sim->people.present, 12);
    for (size_t s = 0; s < sim->n_services; s++)
        if (s != care_home && s != home_care)
            assert_int_equal(sim->services[s].occupied, 0);

    int by[2][N_COHORTS] = {{0}};
    for (uint32_t i = 0; i < sim->people.pool.high_water; i++) {
        const struct hsc__person *p = hsc__sim_person(sim, i);
        if (p->phase == HSC_PH_NONE)
            continue;
        assert_int_equal(p->phase, HSC_PH_COMMUNITY);
        assert_true(p->place == care_home || p->place == home_care);
        by[p->place == home_care][p->cohort]++;
        if (p->cohort == Y)
            assert_true(p->locality == 0 || p->locality == 2);
        assert_near(p->held_hours, p->place == home_care ? 6.0 : 0.0, 0.0);
    }
    assert_int_equal(by[0][X], 5);
    assert_int_equal(by[0][Y], 3);
    assert_int_equal(by[0][Z], 0);
    assert_int_equal(by[1][Z], 4);
    assert_int_equal(by[1][X] + by[1][Y], 0);

    struct hsc_event ev;
    size_t ends = 0;
    while (fixture_pop(&f, &ev)) {
        assert_int_equal(ev.kind, HSC_EV_STAY_END);
        const struct hsc__person *p = hsc__sim_person(sim, ev.person);
        assert_int_equal(ev.service, p->place);
        assert_int_equal(ev.token, p->stay_token);
        assert_true(ev.time >= 0.0 && ev.time <= (ev.service == care_home ? 100.0 : 50.0));
        ends++;
    }
    assert_int_equal(ends, 12);
    fixture_close(&f);
}

/* Regression: with a warm-up that is not a whole number of days, e.g. 0.3,
 * the midnights t_measure + d are rounded, and floor(t - t_measure) used to
 * map some of them to day d - 1. A process whose rate changes at midnight
 * (day or month factors, growth) then computed the next change as
 * (t_measure + (d - 1)) + 1.0, the very time it was at, and rescheduled its
 * redraw there for ever (`hscflow run` never ended). hsc__clock_day now
 * agrees with hsc__clock_midnight. Checked here: every midnight of the clock
 * is its own day, and following the schedule, each process's next event
 * lies strictly after its current one (at most 20,000 events, so a stall
 * fails rather than hangs). */
static void redraws_advance_with_a_fractional_warmup(void **state)
{
    (void)state;
    struct sim_fixture f;
    fixture_open(&f, "name = \"fractional_warmup\";\n"
                     "run = { replications = 1; warmup_days = 0.3; measure_days = 30.0; };\n"
                     "calendar = { weekday_factors = [1.4, 1.0, 1.0, 1.0, 1.0, 0.8, 0.8]; };\n"
                     "cohorts = { x = { emergency_per_day = 5.0; }; };\n"
                     "services = { acute = { kind = \"beds\"; role = \"acute\"; capacity = 10;\n"
                     "  duration = { default = { dist = \"fixed\"; value = 1.0; }; }; }; };\n");
    struct hsc_sim *sim = &f.sim;
    size_t misread = 0;
    for (long day = sim->clock.first_day; day <= 30; day++)
        misread += hsc__clock_day(&sim->clock, hsc__clock_midnight(&sim->clock, day)) != day;
    hsc__demand_start(sim);
    double last = -1.0;
    struct hsc_event ev;
    size_t events = 0;
    bool stalled = false;
    while (!stalled && events < 20000 && fixture_pop(&f, &ev)) {
        events++;
        stalled = !(ev.time > last);
        last = ev.time;
        hsc__sim_set_now(sim, ev.time);
        hsc__demand_arrival(sim, ev.data, true);
    }
    fixture_close(&f);
    if (misread > 0 || stalled)
        fail_msg("%zu of the clock's midnights read as the day before; the arrival process "
                 "%s at t = %.17g",
                 misread, stalled ? "stalled (rescheduled itself at the same time)" : "advanced",
                 last);
    assert_true(events < 20000);
    /* Not vacuous: the loop followed the whole schedule. With the weekday
     * factors the rate changes at every midnight t_measure + d = 0.3 + d, and
     * a process cannot step over one (a gap that crosses it becomes a redraw
     * there), so the 30 midnights 0.3, ..., 29.3 before t_end = 30.3 are
     * events for certain. Arrivals add a Poisson count of mean 5 x 30.3 x
     * (mean weekday factor 1.0) ~ 151, sd ~ 12: 100 of them is over 4 sd
     * below. Hence at least 30 + 100 events. */
    assert_true(events >= 30 + 100);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(processes_and_base_rates),
        cmocka_unit_test(schedules_follow_rates),
        cmocka_unit_test(localities_follow_population),
        cmocka_unit_test(electives_on_their_weekdays),
        cmocka_unit_test(growth_by_day),
        cmocka_unit_test(initial_occupancy_places_people),
        cmocka_unit_test(redraws_advance_with_a_fractional_warmup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
