/*
 * Follow-up after a live acute discharge (flow.h): the drawn
 * re-presentation within 28 days (by cohort and destination) and the 91-day
 * "still at home" check for people discharged into a service whose role
 * starts it (roles.h).
 *
 * A person's record stays alive while either follow-up is pending, even
 * after they left the system; a token in the record tells a live follow-up
 * event from a cancelled one. Denominators are measures.h's.
 */
#include "flow.h"

#include <gsl/gsl_rng.h>

#include "replication.h"

static void schedule_readmission(struct hsc_sim *sim, uint32_t index, uint16_t dest)
{
    struct hsc__person *person = hsc__sim_person(sim, index);
    const struct hsc_cohort *cohort = hsc_cohort_in(&sim->sc->cohorts[person->cohort],
                                                    person->locality);
    gsl_rng *rng = sim->cohort_rng[person->cohort].readmission;
    double p = cohort->readmission_28d[dest == HSC_NO_SVC ? 0 : 1 + (size_t)dest];
    person->readmit_token = 0;
    if (p <= 0.0 || gsl_rng_uniform(rng) >= p)
        return;
    double days = hsc_dist_sample(&cohort->readmission_days, rng);
    person->readmit_token = hsc__sim_token(sim);
    hsc__sim_schedule(sim, sim->now + days, HSC_EV_READMIT, index, 0, 0, person->readmit_token);
}

void hsc__followup_after_discharge(struct hsc_sim *sim, uint32_t index, uint16_t dest)
{
    struct hsc__person *person = hsc__sim_person(sim, index);
    hsc__measure_readmission_window(sim, person);
    schedule_readmission(sim, index, dest);
    person = hsc__sim_person(sim, index);
    if (dest == HSC_NO_SVC || person->check_token != 0 ||
        !sim->services[dest].role->starts_91d_check || !hsc__measure_check_window(sim, person))
        return;
    person->check_token = hsc__sim_token(sim);
    hsc__sim_schedule(sim, sim->now + HSC_FOLLOWUP_DAYS, HSC_EV_CHECK91, index, 0, 0,
                      person->check_token);
}

void hsc__followup_readmit(struct hsc_sim *sim, uint32_t index)
{
    struct hsc__person *person = hsc__sim_person(sim, index);
    person->readmit_token = 0;
    switch (person->phase) {
    case HSC_PH_AT_HOME:
        hsc__person_returns(sim, index);
        break;
    case HSC_PH_COMMUNITY:
    case HSC_PH_BLOCKED:
    case HSC_PH_BRIDGING:
    case HSC_PH_WAITING_HOME:
        hsc__step_up_leaving(sim, index, true);
        hsc__community_leave(sim, index);
        break;
    default: /* already in hospital: the re-presentation has happened */
        return;
    }
    hsc__trace(sim, index, HSC_TRACE_REPRESENT, -1, -1);
    hsc__flow_present(sim, index);
}

/* Alive and not in a bed that counts as away from home (ASCOF 2B). */
static bool at_home(const struct hsc_sim *sim, const struct hsc__person *person)
{
    if (person->phase == HSC_PH_DEAD || person->phase == HSC_PH_BOARDING)
        return false;
    if (person->place == HSC_NO_SVC)
        return true;
    return !sim->services[person->place].role->away_from_home;
}

void hsc__followup_check91(struct hsc_sim *sim, uint32_t index)
{
    struct hsc__person *person = hsc__sim_person(sim, index);
    person->check_token = 0;
    if (at_home(sim, person))
        hsc__measure_at_home_91d(sim, person);
    if ((person->phase == HSC_PH_AT_HOME || person->phase == HSC_PH_DEAD) &&
        person->readmit_token == 0)
        hsc__person_forget(sim, index);
}
