/*
 * Held places (flow.h): a resident or client of a service with `hold_days`
 * who goes to hospital keeps the place for that long. The place stays
 * occupied (and costed) while held; a person still holding it when they are
 * ready for discharge goes back to it without a new placement; when the
 * hold lapses, or the person dies or leaves from hospital, it is released.
 * Invariant: a person holds at most one place, and only while they are in
 * hospital (boarding, in treatment or ready for discharge).
 */
#include "flow.h"

#include "replication.h"

void hsc__hold_or_leave(struct hsc_sim *sim, uint32_t index)
{
    struct hsc__person *person = hsc__sim_person(sim, index);
    uint16_t s = person->place;
    double days = sim->services[s].cfg->hold_days;
    if (!(days > 0.0)) {
        hsc__service_leave(sim, s, index);
        return;
    }
    HSC_ASSERT(person->hold_svc == HSC_NO_SVC);
    hsc__trace(sim, index, HSC_TRACE_HOLD, s, -1);
    person->hold_svc = s;
    person->hold_partition = person->partition;
    person->hold_hours = person->held_hours;
    person->hold_since = sim->now;
    person->place = HSC_NO_SVC;
    person->held_hours = 0.0;
    person->hold_token = hsc__sim_token(sim);
    if (sim->now + days < sim->clock.t_end)
        hsc__sim_schedule(sim, sim->now + days, HSC_EV_HOLD_LAPSE, index, s, 0,
                          person->hold_token);
}

/* Ends the hold in the person's record (the place stays occupied). */
static uint16_t end_hold(struct hsc_sim *sim, struct hsc__person *person)
{
    uint16_t s = person->hold_svc;
    hsc__measure_hold_ended(sim, person);
    person->hold_svc = HSC_NO_SVC;
    person->hold_token = 0;
    return s;
}

bool hsc__hold_return(struct hsc_sim *sim, uint16_t acute, uint32_t index, bool assessed)
{
    struct hsc__person *person = hsc__sim_person(sim, index);
    if (person->hold_svc == HSC_NO_SVC)
        return false;
    uint16_t s = person->hold_svc;
    size_t team = sim->services[acute].cfg->assessment;
    if (sim->services[s].cfg->hold_reassess && team != HSC_NO_INDEX && !assessed) {
        /* Assessed first; the return follows the assessment (if still held). */
        person->target = s;
        person->reason = HSC_REASON_ASSESSMENT;
        person->delay_code = 0;
        person->d2a = 0;
        hsc__flow_ask(sim, (uint16_t)team, index, HSC_CLASS_HOSPITAL);
        return true;
    }
    person->target = s;
    hsc__pathway_discharged(sim, index, acute, s);
    hsc__service_leave(sim, acute, index);
    person = hsc__sim_person(sim, index);
    hsc__measure_hold_return(sim, s);
    end_hold(sim, person);
    person->place = s;
    person->partition = person->hold_partition;
    person->held_hours = person->hold_hours;
    person->phase = HSC_PH_COMMUNITY;
    hsc__trace(sim, index, HSC_TRACE_ADMIT, -1, s);
    const struct hsc__service *svc = &sim->services[s];
    hsc__flow_start_stay(sim, s, index, &svc->cfg->duration[person->cohort],
                         svc->duration_rng[person->cohort]);
    return true;
}

void hsc__hold_release(struct hsc_sim *sim, uint32_t index)
{
    struct hsc__person *person = hsc__sim_person(sim, index);
    if (person->hold_svc == HSC_NO_SVC)
        return;
    struct hsc__place place = {.service = person->hold_svc, .partition = person->hold_partition,
                               .hours = person->hold_hours};
    end_hold(sim, person);
    hsc__trace(sim, index, HSC_TRACE_LEAVE, place.service, -1);
    hsc__service_vacate(sim, &place);
}
