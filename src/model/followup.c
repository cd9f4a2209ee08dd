/*
 * Follow-up after a live acute discharge: the drawn re-presentation within
 * 28 days (by cohort and destination) and the 91-day "still at home" check
 * for people discharged into reablement or step-down.
 *
 * A person's record stays alive while either follow-up is pending, even after
 * they left the system; a token in the record tells a live follow-up event
 * from a cancelled one. Denominators are counted when the discharge happens
 * inside the window whose follow-up ends inside the measurement period.
 */
#include "sim_state.h"

#include <gsl/gsl_rng.h>

#include "hscflow/dist.h"

static bool in_window(const struct hsc_sim *sim, double length)
{
    return sim->now >= sim->t_measure && sim->now <= sim->t_end - length;
}

static void schedule_readmission(struct hsc_sim *sim, uint32_t index, uint16_t dest)
{
    struct hsc__person *person = hsc__sim_person(sim, index);
    const struct hsc_cohort *cohort = &sim->sc->cohorts[person->cohort];
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
    if (in_window(sim, HSC_READMISSION_DAYS)) {
        sim->m.readmit_base++;
        sim->m.readmit_base_by_cohort[person->cohort]++;
    } else {
        person->readmit_counted = 1; /* outside the window: never a numerator */
    }
    schedule_readmission(sim, index, dest);
    if (dest == HSC_NO_SVC || person->check_token != 0)
        return;
    enum hsc_role role = sim->sc->services[dest].role;
    if ((role == HSC_ROLE_REABLEMENT || role == HSC_ROLE_STEP_DOWN) &&
        in_window(sim, HSC_FOLLOWUP_DAYS)) {
        sim->m.check_base++;
        sim->m.check_base_by_cohort[person->cohort]++;
        person->check_token = hsc__sim_token(sim);
        hsc__sim_schedule(sim, sim->now + HSC_FOLLOWUP_DAYS, HSC_EV_CHECK91, index, 0, 0,
                          person->check_token);
    }
}

/* Takes the person out of wherever they are in the community. */
static void leave_community(struct hsc_sim *sim, uint32_t index)
{
    struct hsc__person *person = hsc__sim_person(sim, index);
    person->stay_token = 0; /* cancels the pending end of stay */
    if (person->want != HSC_NO_SVC)
        hsc__service_withdraw(sim, person->want, index);
    person = hsc__sim_person(sim, index);
    if (person->place != HSC_NO_SVC)
        hsc__service_leave(sim, person->place, index);
}

void hsc__followup_readmit(struct hsc_sim *sim, uint32_t index)
{
    struct hsc__person *person = hsc__sim_person(sim, index);
    person->readmit_token = 0;
    switch (person->phase) {
    case HSC_PH_AT_HOME:
        hsc__sim_person_returns(sim, index);
        break;
    case HSC_PH_COMMUNITY:
    case HSC_PH_BLOCKED:
    case HSC_PH_BRIDGING:
    case HSC_PH_WAITING_HOME:
        hsc__flow_leave_for_hospital(sim, index);
        leave_community(sim, index);
        break;
    default: /* already in hospital: the re-presentation has happened */
        return;
    }
    hsc__trace(sim, index, HSC_TRACE_REPRESENT, -1, -1);
    hsc__flow_present(sim, index);
}

static bool at_home(const struct hsc_sim *sim, const struct hsc__person *person)
{
    if (person->phase == HSC_PH_DEAD || person->phase == HSC_PH_BOARDING)
        return false;
    if (person->place == HSC_NO_SVC)
        return true;
    enum hsc_role role = sim->sc->services[person->place].role;
    return role != HSC_ROLE_ACUTE && role != HSC_ROLE_COMMUNITY_HOSPITAL &&
           role != HSC_ROLE_STEP_DOWN && role != HSC_ROLE_CARE_HOME;
}

void hsc__followup_check91(struct hsc_sim *sim, uint32_t index)
{
    struct hsc__person *person = hsc__sim_person(sim, index);
    person->check_token = 0;
    if (at_home(sim, person)) {
        sim->m.check_at_home++;
        sim->m.check_at_home_by_cohort[person->cohort]++;
    }
    if ((person->phase == HSC_PH_AT_HOME || person->phase == HSC_PH_DEAD) &&
        person->readmit_token == 0)
        hsc__sim_person_forget(sim, index);
}
