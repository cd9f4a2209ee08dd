/*
 * Admission avoidance (flow.h): a share of a cohort's emergency
 * presentations is first offered its step-up services in order; one with
 * room takes the person and the admission is avoided. Step-up keeps no
 * queue. An episode that ends in hospital counts as admitted after all
 * (measures.h keeps the episode open until the acute outcome).
 */
#include "flow.h"

#include <gsl/gsl_rng.h>

#include "replication.h"

bool hsc__step_up_offer(struct hsc_sim *sim, uint32_t index)
{
    struct hsc__person *person = hsc__sim_person(sim, index);
    const struct hsc_cohort *cohort = hsc_cohort_in(&sim->sc->cohorts[person->cohort],
                                                    person->locality);
    /* Someone whose place is held goes back to it from hospital, not to step-up. */
    if (cohort->step_up_share <= 0.0 || person->no_step_up || person->hold_svc != HSC_NO_SVC ||
        gsl_rng_uniform(sim->cohort_rng[person->cohort].step_up) >= cohort->step_up_share)
        return false;
    for (size_t i = 0; i < cohort->n_step_up; i++) {
        uint16_t s = (uint16_t)cohort->step_up[i];
        person = hsc__sim_person(sim, index);
        person->want_hours = hsc__flow_draw_hours(sim, s, person->cohort);
        if (!hsc__service_has_room(sim, s, index)) {
            hsc__service_refuse(sim, s); /* full, and step-up keeps no queue */
            continue;
        }
        hsc__measure_step_up_started(sim, s, person);
        hsc__community_death_clock(sim, index);
        hsc__trace(sim, index, HSC_TRACE_STEP_UP, -1, s);
        hsc__service_request(sim, s, index, HSC_CLASS_COMMUNITY);
        return true;
    }
    return false;
}

void hsc__step_up_leaving(struct hsc_sim *sim, uint32_t index, bool to_hospital)
{
    struct hsc__person *person = hsc__sim_person(sim, index);
    if (!to_hospital) {
        hsc__measure_step_up_closed(sim, person, false);
        return;
    }
    /* The re-presentation is not offered step-up again. */
    if (person->place != HSC_NO_SVC && sim->services[person->place].role->step_up)
        person->no_step_up = 1;
}
