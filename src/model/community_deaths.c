/*
 * Deaths in the community (flow.h): a cohort's hazard of dying
 * (`community_deaths_per_year`) for people in community services, waiting
 * at home for one, or at home within a follow-up window after a discharge.
 *
 * The clock starts when a person enters the community from outside it (a
 * referral, an initial place, a live acute discharge, a step-up place) and
 * is simply ignored if it rings while they are in hospital: the hazard is
 * constant, so a clock drawn afresh at each entry is exact (memoryless), and
 * moving between community services keeps the clock running.
 */
#include "flow.h"

#include <math.h>

#include "hscflow/rng.h"
#include "replication.h"

void hsc__community_death_clock(struct hsc_sim *sim, uint32_t index)
{
    struct hsc__person *person = hsc__sim_person(sim, index);
    gsl_rng *rng = sim->cohort_rng[person->cohort].community_death;
    if (!rng)
        return;
    double rate =
        hsc_cohort_in(&sim->sc->cohorts[person->cohort], person->locality)->community_deaths_per_day;
    if (!(rate > 0.0))
        return;
    double time = sim->now - log(hsc_rng_uniform_pos(rng)) / rate;
    person->death_token = hsc__sim_token(sim);
    if (time < sim->clock.t_end)
        hsc__sim_schedule(sim, time, HSC_EV_COMMUNITY_DEATH, index, 0, 0, person->death_token);
}

void hsc__community_death(struct hsc_sim *sim, uint32_t index)
{
    struct hsc__person *person = hsc__sim_person(sim, index);
    person->death_token = 0;
    switch (person->phase) {
    case HSC_PH_COMMUNITY:
    case HSC_PH_BLOCKED:
    case HSC_PH_BRIDGING:
    case HSC_PH_WAITING_HOME:
        hsc__step_up_leaving(sim, index, false);
        hsc__measure_community_death(sim);
        hsc__community_leave_for_good(sim, index);
        hsc__person_exits(sim, index, true);
        return;
    case HSC_PH_AT_HOME: /* within a follow-up: the record is kept for it */
        hsc__measure_community_death(sim);
        hsc__person_dies(sim, index);
        return;
    default: /* in hospital (its own death rule applies), or gone */
        return;
    }
}
