/*
 * Community services (flow.h): what a new community place means and where
 * people go when a stay ends. Exits route people home, to death, to
 * hospital (an emergency presentation of the same person) or to another
 * service; a person whose next service is full keeps their place and waits
 * in its queue (blocking).
 */
#include "flow.h"

#include "replication.h"

/* A person discharged to assess asks the acute service's assessment team for
 * an assessment in the service they were discharged to (queueing behind the
 * hospital's own waiters: an assessment team has no queue_order). */
static void assess_here(struct hsc_sim *sim, uint32_t index)
{
    struct hsc__person *person = hsc__sim_person(sim, index);
    size_t acute = sim->sc->cohorts[person->cohort].acute_service;
    uint16_t team = (uint16_t)sim->services[acute].cfg->assessment;
    hsc__measure_discharged_to_assess(sim);
    hsc__service_request(sim, team, index, HSC_CLASS_COMMUNITY);
}

void hsc__community_admitted(struct hsc_sim *sim, uint16_t s, uint32_t index,
                             const struct hsc__place *given_up)
{
    struct hsc__person *person = hsc__sim_person(sim, index);
    struct hsc__service *svc = &sim->services[s];
    if (svc->role->care_home)
        hsc__measure_care_home_admission(sim, person->from_acute);
    hsc__flow_start_stay(sim, s, index, &svc->cfg->duration[person->cohort],
                         svc->duration_rng[person->cohort]);
    person = hsc__sim_person(sim, index);
    if (given_up->service != HSC_NO_SVC) {
        /* Moving on from step-up to another service ends the episode: avoided. */
        if (sim->services[given_up->service].role->step_up)
            hsc__measure_step_up_closed(sim, person, false);
        if (given_up->phase == HSC_PH_READY)
            hsc__pathway_discharged(sim, index, given_up->service, s);
        else if (given_up->phase == HSC_PH_BLOCKED)
            hsc__measure_delay(sim, person, given_up->service);
    }
    person->phase = HSC_PH_COMMUNITY;
    /* The record is consistent again: let the place given up serve its queue. */
    if (given_up->service != HSC_NO_SVC)
        hsc__service_vacate(sim, given_up);
    if (person->d2a)
        assess_here(sim, index);
}

void hsc__community_stay_ends(struct hsc_sim *sim, uint16_t s, uint32_t index)
{
    struct hsc__service *svc = &sim->services[s];
    struct hsc__person *person = hsc__sim_person(sim, index);
    if (person->d2a == 1) { /* the stay is over before the assessment: wait for it */
        person->d2a = 2;
        person->phase = HSC_PH_BLOCKED;
        person->since = sim->now;
        return;
    }
    const struct hsc_route *route =
        hsc__flow_draw_route(&svc->cfg->exits[person->cohort], svc->route_rng[person->cohort]);
    if (svc->role->reablement)
        hsc__measure_reablement_exit(sim, route->kind);
    if (route->kind != HSC_ROUTE_SERVICE)
        hsc__step_up_leaving(sim, index, route->kind == HSC_ROUTE_HOSPITAL);
    switch (route->kind) {
    case HSC_ROUTE_HOME:
    case HSC_ROUTE_DEATH:
        hsc__service_leave(sim, s, index);
        hsc__person_exits(sim, index, route->kind == HSC_ROUTE_DEATH);
        break;
    case HSC_ROUTE_HOSPITAL:
        hsc__hold_or_leave(sim, index);
        hsc__trace(sim, index, HSC_TRACE_REPRESENT, s, -1);
        hsc__flow_present(sim, index);
        break;
    case HSC_ROUTE_SERVICE:
        person->phase = HSC_PH_BLOCKED;
        person->since = sim->now;
        person->from_acute = 0;
        hsc__flow_ask(sim, (uint16_t)route->service, index, HSC_CLASS_COMMUNITY);
        break;
    }
}

void hsc__community_leave_assessment(struct hsc_sim *sim, uint32_t index)
{
    struct hsc__person *person = hsc__sim_person(sim, index);
    person->d2a = 0;
    person->assess_token = 0; /* cancels the pending end of the assessment */
    if (person->assess_place != HSC_NO_SVC)
        hsc__service_leave(sim, person->assess_place, index);
}

/* Ends the person's stay, assessment and wait; their place is held for them
 * (when its service holds places) if `may_hold`, else left. */
static void leave(struct hsc_sim *sim, uint32_t index, bool may_hold)
{
    struct hsc__person *person = hsc__sim_person(sim, index);
    person->stay_token = 0; /* cancels the pending end of stay */
    hsc__community_leave_assessment(sim, index);
    person = hsc__sim_person(sim, index);
    if (person->want != HSC_NO_SVC)
        hsc__service_withdraw(sim, person->want, index);
    person = hsc__sim_person(sim, index);
    if (person->place == HSC_NO_SVC)
        return;
    if (may_hold)
        hsc__hold_or_leave(sim, index);
    else
        hsc__service_leave(sim, person->place, index);
}

void hsc__community_leave(struct hsc_sim *sim, uint32_t index)
{
    leave(sim, index, true);
}

void hsc__community_leave_for_good(struct hsc_sim *sim, uint32_t index)
{
    leave(sim, index, false);
}
