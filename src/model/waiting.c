/*
 * People who waited too long (flow.h): an acute service diverts those who
 * waited its maximum wait for a bed (outlier ward or another site), and a
 * service with bridging moves people waiting for it in hospital to its
 * interim service, where they keep their place in its queue. The clocks are
 * started by the service when someone queues (service.c).
 */
#include "flow.h"

#include "replication.h"

void hsc__flow_divert(struct hsc_sim *sim, uint32_t index)
{
    struct hsc__person *person = hsc__sim_person(sim, index);
    uint16_t acute = person->want;
    HSC_ASSERT(person->phase == HSC_PH_BOARDING && acute != HSC_NO_SVC);
    hsc__service_withdraw(sim, acute, index);
    hsc__measure_step_up_closed(sim, hsc__sim_person(sim, index), false);
    hsc__measure_diverted(sim);
    hsc__hold_release(sim, index);
    hsc__trace(sim, index, HSC_TRACE_DIVERTED, acute, -1);
    hsc__person_exits(sim, index, false);
}

void hsc__flow_home_interim(struct hsc_sim *sim, uint16_t s, uint32_t index)
{
    struct hsc__person *person = hsc__sim_person(sim, index);
    const struct hsc_service *cfg = sim->services[s].cfg;
    if (!cfg->home_wait || person->want != s || person->phase != HSC_PH_WAITING_HOME ||
        cfg->home_wait[person->cohort].interim == HSC_NO_INDEX)
        return;
    uint16_t via = (uint16_t)cfg->home_wait[person->cohort].interim;
    double hours = hsc__flow_draw_hours(sim, via, person->cohort);
    struct hsc__place given_up; /* none: they waited at home */
    if (!hsc__service_place_interim(sim, via, index, hours, &given_up))
        return; /* no room: they wait at home */
    hsc__trace(sim, index, HSC_TRACE_BRIDGE, s, via);
    hsc__sim_person(sim, index)->phase = HSC_PH_BRIDGING;
}

void hsc__flow_home_outcome(struct hsc_sim *sim, uint32_t index, enum hsc__home_outcome outcome)
{
    struct hsc__person *person = hsc__sim_person(sim, index);
    uint16_t s = person->want;
    HSC_ASSERT((person->phase == HSC_PH_WAITING_HOME || person->phase == HSC_PH_BRIDGING) &&
               s != HSC_NO_SVC);
    size_t to = sim->services[s].cfg->home_wait[person->cohort].give_up_to;
    hsc__service_withdraw(sim, s, index);
    hsc__measure_home_outcome(sim, s, outcome);
    person = hsc__sim_person(sim, index);
    if (person->place != HSC_NO_SVC) /* the interim support ends too */
        hsc__service_leave(sim, person->place, index);
    hsc__sim_person(sim, index)->phase = HSC_PH_WAITING_HOME;
    switch (outcome) {
    case HSC_HOME_GIVES_UP:
        if (to != HSC_NO_INDEX) {
            hsc__flow_ask(sim, (uint16_t)to, index, HSC_CLASS_COMMUNITY);
            hsc__flow_home_interim(sim, (uint16_t)to, index);
        } else
            hsc__person_exits(sim, index, false); /* goes without */
        break;
    case HSC_HOME_PRESENTS:
        hsc__trace(sim, index, HSC_TRACE_REPRESENT, s, -1);
        hsc__flow_present(sim, index);
        break;
    case HSC_HOME_DIES:
        hsc__person_exits(sim, index, true);
        break;
    }
}

/* The interim place counts as a live acute discharge; without room the
 * person tries again tomorrow. */
void hsc__flow_bridge(struct hsc_sim *sim, uint32_t index)
{
    struct hsc__person *person = hsc__sim_person(sim, index);
    uint16_t wanted = person->want, acute = person->place;
    HSC_ASSERT(person->phase == HSC_PH_READY && wanted != HSC_NO_SVC);
    uint16_t via = (uint16_t)sim->services[wanted].cfg->bridge_via;
    double hours = hsc__flow_draw_hours(sim, via, person->cohort);
    struct hsc__place given_up;
    if (!hsc__service_place_interim(sim, via, index, hours, &given_up)) {
        person = hsc__sim_person(sim, index);
        person->wait_token = hsc__sim_token(sim);
        if (sim->now + 1.0 < sim->clock.t_end)
            hsc__sim_schedule(sim, sim->now + 1.0, HSC_EV_BRIDGE, index, wanted, 0,
                              person->wait_token);
        return;
    }
    hsc__pathway_discharged(sim, index, acute, via);
    hsc__trace(sim, index, HSC_TRACE_BRIDGE, wanted, via);
    person = hsc__sim_person(sim, index);
    person->phase = HSC_PH_BRIDGING; /* still in the queue for `wanted`, in the same place */
    person->from_acute = 0;
    hsc__service_vacate(sim, &given_up);
}
