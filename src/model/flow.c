/*
 * Steps the whole flow shares (flow.h): asking for a place, starting a
 * stay, drawing a route. Each decision draws from a stream of its own, so
 * skipping a certain draw shifts nothing else.
 */
#include "flow.h"

#include "replication.h"

double hsc__flow_draw_hours(struct hsc_sim *sim, uint16_t s, uint16_t cohort)
{
    const struct hsc__service *svc = &sim->services[s];
    if (!svc->kind->draws_hours)
        return 0.0;
    return hsc_dist_sample(&svc->cfg->hours[cohort], svc->hours_rng[cohort]);
}

/* Someone turned away by a full acute service with its queue at its limit
 * leaves; an open step-up episode ends as avoided. */
static void turned_away(struct hsc_sim *sim, uint16_t s, uint32_t index)
{
    HSC_ASSERT(sim->services[s].role->acute);
    hsc__measure_step_up_closed(sim, hsc__sim_person(sim, index), false);
    hsc__hold_release(sim, index);
    hsc__trace(sim, index, HSC_TRACE_TURNED_AWAY, s, -1);
    hsc__person_exits(sim, index, false);
}

void hsc__flow_ask(struct hsc_sim *sim, uint16_t s, uint32_t index, int cls)
{
    struct hsc__person *person = hsc__sim_person(sim, index);
    person->want_hours = hsc__flow_draw_hours(sim, s, person->cohort);
    if (hsc__service_request(sim, s, index, cls) == HSC_REQ_TURNED_AWAY)
        turned_away(sim, s, index);
}

void hsc__flow_start_stay(struct hsc_sim *sim, uint16_t s, uint32_t index,
                          const struct hsc_dist *dist, gsl_rng *rng)
{
    struct hsc__person *person = hsc__sim_person(sim, index);
    double days = hsc_dist_sample(dist, rng);
    /* An assessment runs beside the place the person holds (and its stay). */
    bool assessment = sim->services[s].role->keeps_place;
    uint32_t *token = assessment ? &person->assess_token : &person->stay_token;
    *token = hsc__sim_token(sim);
    hsc__sim_schedule(sim, hsc__service_stay_end(sim, s, days),
                      assessment ? HSC_EV_ASSESS_END : HSC_EV_STAY_END, index, s, 0, *token);
}

const struct hsc_route *hsc__flow_draw_route(const struct hsc_routes *routes, gsl_rng *rng)
{
    if (routes->n == 1)
        return &routes->routes[0];
    double u = gsl_rng_uniform(rng), cum = 0.0;
    for (size_t i = 0; i < routes->n; i++) {
        cum += routes->routes[i].probability;
        if (u < cum)
            return &routes->routes[i];
    }
    return &routes->routes[routes->n - 1]; /* shares sum to 1 within 1e-9 */
}
