/*
 * Demand: new people entering the system.
 *
 * Emergency presentations per (cohort, locality) and community referrals per
 * (service, cohort, locality) are Poisson processes, each with its own
 * stream. Emergency rates change at midnight with the day's weekday and month
 * factors: a gap that would cross midnight is dropped and redrawn from
 * midnight at the new rate, exact because the exponential has no memory.
 * Electives are booked by weekday and arrive at the acute service's elective
 * hour; they are cancelled when no bed is free or people are waiting.
 * Initial occupancy puts people in long-stay services at time 0 with
 * remaining stays from the equilibrium (forward-recurrence) distribution.
 */
#include "demand.h"

#include <math.h>
#include <stdlib.h>

#include "hscflow/calendar.h"
#include "hscflow/dist.h"
#include "hscflow/rng.h"
#include "flow.h"
#include "replication.h"

static int add_process(struct hsc_sim *sim, size_t at, uint16_t cohort, uint8_t locality,
                       uint16_t service, double rate, gsl_rng *rng)
{
    if (!rng)
        return -1;
    uint32_t lane = rate > 0.0 ? (uint32_t)sim->demand.n_lanes++ : UINT32_MAX;
    sim->demand.processes[at] = (struct hsc__process){cohort, locality, service, rate, lane, rng};
    return 0;
}

/* Each cohort's population growth factor by day, and the mean population
 * over the measured days (for rates per 1,000 / 100,000). */
static int setup_growth(struct hsc_sim *sim)
{
    const struct hsc_scenario *sc = sim->sc;
    size_t n = sim->clock.n_day_factors;
    sim->demand.cohort_growth = malloc(sc->n_cohorts * n * sizeof *sim->demand.cohort_growth);
    if (!sim->demand.cohort_growth)
        return -1;
    sim->demand.population = 0.0;
    for (size_t c = 0; c < sc->n_cohorts; c++) {
        double g = sc->cohorts[c].growth_per_year, people = 0.0, measured = 0.0, days = 0.0;
        for (size_t l = 0; l < sc->n_localities; l++)
            people += sc->cohorts[c].population[l];
        for (size_t i = 0; i < n; i++) {
            long day = sim->clock.first_day + (long)i;
            double factor = g != 0.0 ? pow(1.0 + g, (double)day / HSC_DAYS_PER_YEAR) : 1.0;
            sim->demand.cohort_growth[c * n + i] = factor;
            if (day >= 0 && (double)day < sc->run.measure_days) {
                measured += factor;
                days += 1.0;
            }
        }
        if (g != 0.0)
            sim->demand.has_growth = true;
        sim->demand.population += people * (days > 0.0 ? measured / days : 1.0);
    }
    return 0;
}

int hsc__demand_init(struct hsc_sim *sim)
{
    const struct hsc_scenario *sc = sim->sc;
    size_t n_loc = sc->n_localities, n = sc->n_cohorts * n_loc;
    for (size_t s = 0; s < sc->n_services; s++)
        if (sc->services[s].referrals_per_day)
            n += sc->n_cohorts * n_loc;
    sim->demand.processes = calloc(n ? n : 1, sizeof *sim->demand.processes);
    sim->demand.initial_rng = calloc(sc->n_services * sc->n_cohorts + 1, sizeof *sim->demand.initial_rng);
    if (!sim->demand.processes || !sim->demand.initial_rng)
        return -1;
    size_t at = 0;
    for (size_t c = 0; c < sc->n_cohorts; c++) {
        const struct hsc_cohort *cohort = &sc->cohorts[c];
        for (size_t l = 0; l < n_loc; l++, at++)
            if (add_process(sim, at, (uint16_t)c, (uint8_t)l, (uint16_t)cohort->acute_service,
                            cohort->emergency_per_day[l],
                            hsc__stream(sim, "arrivals/%s/%s", cohort->name, sc->localities[l])) != 0)
                return -1;
    }
    sim->demand.n_emergency = at;
    for (size_t s = 0; s < sc->n_services; s++) {
        const struct hsc_service *svc = &sc->services[s];
        if (!svc->referrals_per_day)
            continue;
        for (size_t c = 0; c < sc->n_cohorts; c++) {
            const struct hsc_cohort *cohort = &sc->cohorts[c];
            double total = 0.0;
            for (size_t l = 0; l < n_loc; l++)
                total += cohort->population[l];
            for (size_t l = 0; l < n_loc; l++, at++) {
                double share = total > 0.0 ? cohort->population[l] / total : 1.0 / (double)n_loc;
                if (add_process(sim, at, (uint16_t)c, (uint8_t)l, (uint16_t)s,
                                svc->referrals_per_day[c] * share,
                                hsc__stream(sim, "referrals/%s/%s/%s", svc->name, cohort->name,
                                            sc->localities[l])) != 0)
                    return -1;
            }
        }
    }
    sim->demand.n_processes = at;
    return setup_growth(sim);
}

void hsc__demand_fini(struct hsc_sim *sim)
{
    for (size_t i = 0; sim->demand.processes && i < sim->demand.n_processes; i++)
        hsc_rng_free(sim->demand.processes[i].rng);
    free(sim->demand.processes);
    for (size_t i = 0; sim->demand.initial_rng && i < sim->sc->n_services * sim->sc->n_cohorts; i++)
        if (sim->demand.initial_rng[i])
            hsc_rng_free(sim->demand.initial_rng[i]);
    free(sim->demand.initial_rng);
    free(sim->demand.cohort_growth);
    sim->demand = (struct hsc__demand){0};
}

/* Growth of a cohort's population on `day` relative to the start date. */
static double growth_on(const struct hsc_sim *sim, uint16_t cohort, long day)
{
    size_t at = hsc__clock_day_slot(&sim->clock, day);
    return sim->demand.cohort_growth[(size_t)cohort * sim->clock.n_day_factors + at];
}

/* Schedules the process's next event: an arrival, or a redraw at the next
 * moment its rate changes (an hour boundary with an hour-of-day profile, a
 * midnight with day factors or growth) when the gap would cross it. */
static void schedule_next(struct hsc_sim *sim, uint32_t index, enum hsc__event_kind kind)
{
    const struct hsc__process *proc = &sim->demand.processes[index];
    if (proc->rate <= 0.0)
        return; /* no factor or growth makes a zero rate positive */
    bool emergency = index < sim->demand.n_emergency;
    long day = hsc__sim_today(sim);
    double midnight = hsc__clock_midnight(&sim->clock, day);
    double rate = proc->rate, change = INFINITY;
    if (emergency && sim->clock.has_factors) {
        rate *= hsc__clock_day_factor(&sim->clock, day);
        change = midnight + 1.0;
    }
    if (sim->demand.has_growth) {
        rate *= growth_on(sim, proc->cohort, day);
        change = midnight + 1.0;
    }
    if (emergency && sim->clock.has_hour_factors) {
        /* Rounding can put a time just at an hour boundary in the hour before;
         * the next change must lie strictly ahead or the process would stall. */
        int hour = (int)floor((sim->now - midnight) * 24.0);
        hour = hour < 0 ? 0 : hour;
        while (hour < 23 && midnight + (double)(hour + 1) / 24.0 <= sim->now)
            hour++;
        rate *= sim->sc->hour_factors[hour];
        change = hour < 23 ? midnight + (double)(hour + 1) / 24.0 : midnight + 1.0;
    }
    double time = rate > 0.0 ? sim->now - log(hsc_rng_uniform_pos(proc->rng)) / rate : INFINITY;
    if (time >= change) {
        if (change < sim->clock.t_end)
            hsc__sim_schedule_lane(sim, proc->lane, change, kind, index, 1);
        return;
    }
    if (time < sim->clock.t_end)
        hsc__sim_schedule_lane(sim, proc->lane, time, kind, index, 0);
}

void hsc__demand_start(struct hsc_sim *sim)
{
    for (size_t i = 0; i < sim->demand.n_processes; i++)
        schedule_next(sim, (uint32_t)i,
                      i < sim->demand.n_emergency ? HSC_EV_ARRIVAL : HSC_EV_REFERRAL);
}

void hsc__demand_arrival(struct hsc_sim *sim, uint32_t index, bool redraw)
{
    schedule_next(sim, index, HSC_EV_ARRIVAL);
    if (redraw)
        return;
    const struct hsc__process *proc = &sim->demand.processes[index];
    uint32_t person = hsc__person_new(sim, proc->cohort, proc->locality);
    if (person == HSC_NO_PERSON)
        return;
    hsc__trace(sim, person, HSC_TRACE_ARRIVE, -1, proc->service);
    hsc__flow_present(sim, person);
}

void hsc__demand_referral(struct hsc_sim *sim, uint32_t index, bool redraw)
{
    schedule_next(sim, index, HSC_EV_REFERRAL);
    if (redraw)
        return;
    const struct hsc__process *proc = &sim->demand.processes[index];
    uint32_t index_person = hsc__person_new(sim, proc->cohort, proc->locality);
    if (index_person == HSC_NO_PERSON)
        return;
    struct hsc__person *person = hsc__sim_person(sim, index_person);
    person->phase = HSC_PH_WAITING_HOME;
    person->from_acute = 0;
    person->want_hours = hsc__flow_draw_hours(sim, proc->service, proc->cohort);
    hsc__trace(sim, index_person, HSC_TRACE_ARRIVE, -1, proc->service);
    hsc__community_death_clock(sim, index_person);
    hsc__service_request(sim, proc->service, index_person, HSC_CLASS_COMMUNITY);
    hsc__flow_home_interim(sim, proc->service, index_person);
}

uint8_t hsc__demand_locality(const struct hsc_sim *sim, uint16_t cohort, gsl_rng *rng)
{
    const struct hsc_scenario *sc = sim->sc;
    const double *pop = sc->cohorts[cohort].population;
    double total = 0.0;
    for (size_t l = 0; l < sc->n_localities; l++)
        total += pop[l];
    double u = gsl_rng_uniform(rng), cum = 0.0;
    for (size_t l = 0; l + 1 < sc->n_localities; l++) {
        cum += total > 0.0 ? pop[l] / total : 1.0 / (double)sc->n_localities;
        if (u < cum)
            return (uint8_t)l;
    }
    return (uint8_t)(sc->n_localities - 1);
}

void hsc__demand_electives_today(struct hsc_sim *sim, long day)
{
    int weekday = hsc__clock_weekday(&sim->clock, day);
    for (size_t c = 0; c < sim->sc->n_cohorts; c++) {
        const struct hsc_cohort *cohort = &sim->sc->cohorts[c];
        int64_t count = cohort->electives_per_weekday[weekday];
        double time = hsc__clock_midnight(&sim->clock, day) +
                      sim->sc->services[cohort->acute_service].elective_hour / 24.0;
        if (time < sim->now || time >= sim->clock.t_end)
            continue;
        for (int64_t i = 0; i < count; i++)
            hsc__sim_schedule(sim, time, HSC_EV_ELECTIVE, HSC_NO_PERSON, 0, (uint32_t)c, 0);
    }
}

void hsc__demand_elective(struct hsc_sim *sim, uint32_t cohort)
{
    gsl_rng *rng = sim->cohort_rng[cohort].elective;
    uint8_t locality = hsc__demand_locality(sim, (uint16_t)cohort, rng);
    uint32_t index = hsc__person_new(sim, (uint16_t)cohort, locality);
    if (index == HSC_NO_PERSON)
        return;
    struct hsc__person *person = hsc__sim_person(sim, index);
    person->elective = 1;
    person->phase = HSC_PH_BOARDING;
    const struct hsc_cohort *cfg = &sim->sc->cohorts[cohort];
    uint16_t acute = (uint16_t)cfg->acute_service;
    hsc__trace(sim, index, HSC_TRACE_ARRIVE, -1, acute);
    /* Emergencies come first: an elective takes a bed only if nobody waits. */
    if (hsc__service_has_room(sim, acute, index)) {
        hsc__service_request(sim, acute, index, HSC_CLASS_HOSPITAL);
        return;
    }
    hsc__measure_elective_cancelled(sim);
    hsc__trace(sim, index, HSC_TRACE_CANCELLED, acute, -1);
    hsc__person_exits(sim, index, false);
    /* Booked again later: the same operation comes back as a new elective. */
    double again = sim->now + cfg->elective_rebook_days;
    if (cfg->elective_rebook_days > 0.0 && again < sim->clock.t_end)
        hsc__sim_schedule(sim, again, HSC_EV_ELECTIVE, HSC_NO_PERSON, 0, cohort, 0);
}

void hsc__demand_initial(struct hsc_sim *sim)
{
    const struct hsc_scenario *sc = sim->sc;
    for (size_t s = 0; s < sc->n_services; s++) {
        const struct hsc_service *cfg = &sc->services[s];
        for (size_t c = 0; cfg->initial && c < sc->n_cohorts; c++) {
            if (cfg->initial[c] <= 0)
                continue;
            gsl_rng *rng = hsc__stream(sim, "initial/%s/%s", cfg->name, sc->cohorts[c].name);
            sim->demand.initial_rng[s * sc->n_cohorts + c] = rng;
            if (!rng) {
                hsc__sim_fail(sim, NULL, "out of memory for random streams");
                return;
            }
            for (int64_t i = 0; i < cfg->initial[c]; i++) {
                uint32_t index = hsc__person_new(sim, (uint16_t)c,
                                                     hsc__demand_locality(sim, (uint16_t)c, rng));
                if (index == HSC_NO_PERSON)
                    return;
                struct hsc__person *person = hsc__sim_person(sim, index);
                person->want_hours = cfg->hours ? hsc_dist_sample(&cfg->hours[c], rng) : 0.0;
                double remaining = hsc_dist_sample_residual(&cfg->duration[c], rng);
                hsc__service_place_initial(sim, (uint16_t)s, index,
                                           hsc__service_stay_end(sim, (uint16_t)s, remaining) - sim->now);
                hsc__community_death_clock(sim, index);
            }
        }
    }
}
