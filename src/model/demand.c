/*
 * Demand: emergency presentations of each cohort as a homogeneous Poisson
 * process (exponential gaps drawn from the cohort's own stream), each one a
 * new person asking for a bed in the cohort's acute service.
 *
 * One arrival event per cohort is pending at any time, so the event list
 * stays small whatever the rate.
 */
#include "sim_state.h"

#include <math.h>

#include "hscflow/rng.h"

static void schedule_next(struct hsc_sim *sim, uint32_t cohort)
{
    double rate = sim->sc->cohorts[cohort].emergency_per_day;
    if (rate <= 0.0)
        return;
    double gap = -log(hsc_rng_uniform_pos(sim->arrival_rng[cohort])) / rate;
    double time = sim->now + gap;
    if (time <= sim->t_end)
        hsc__sim_schedule(sim, time, HSC_EV_ARRIVAL, HSC_NO_PERSON, 0, cohort);
}

void hsc__demand_start(struct hsc_sim *sim)
{
    for (size_t c = 0; c < sim->sc->n_cohorts; c++)
        schedule_next(sim, (uint32_t)c);
}

void hsc__demand_arrival(struct hsc_sim *sim, uint32_t cohort)
{
    schedule_next(sim, cohort);
    uint32_t person = hsc__sim_new_person(sim, (uint16_t)cohort);
    if (person == HSC_NO_PERSON)
        return;
    hsc__service_request(sim, (uint16_t)sim->sc->cohorts[cohort].acute_service, person);
}
