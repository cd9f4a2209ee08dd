/*
 * The flow of people: what a new place means, what happens when a stay ends,
 * and the acute pathway from treatment to readiness, assessment and discharge.
 *
 * Acute: treatment stay -> death in hospital, or ready for discharge (RFD)
 * with a pathway drawn for the cohort. Pathway 0 (home) leaves at the next
 * discharge opportunity; other pathways wait in the acute bed for an
 * assessment (if the acute service has an assessment service) and then for a
 * place in their target service. Every day in the bed after RFD is a delayed
 * bed-day, credited to its reason. Community services route people on by
 * their exits; a person whose next service is full keeps their place
 * (blocking) and waits in that service's queue.
 */
#include "sim_state.h"

#include <gsl/gsl_rng.h>
#include <math.h>

#include "hscflow/dist.h"

static struct hsc__service *service(struct hsc_sim *sim, uint16_t s)
{
    return &sim->services[s];
}

static const struct hsc_cohort *cohort_of(const struct hsc_sim *sim,
                                          const struct hsc__person *person)
{
    return &sim->sc->cohorts[person->cohort];
}

void hsc__flow_credit_delay(struct hsc_sim *sim, struct hsc__person *person)
{
    double days = hsc__sim_overlap(sim, person->since, sim->now);
    person->since = sim->now;
    if (days <= 0.0 || person->place == HSC_NO_SVC ||
        (person->phase != HSC_PH_READY && person->phase != HSC_PH_BLOCKED))
        return;
    service(sim, person->place)->period.blocked_days += days;
    if (person->phase != HSC_PH_READY)
        return;
    struct hsc__measures *m = &sim->m;
    m->delay_total += days;
    m->delay_by_reason[person->reason] += days;
    m->delay_by_cohort[person->cohort] += days;
    m->delay_by_locality[person->locality] += days;
}

static void set_reason(struct hsc_sim *sim, struct hsc__person *person, uint16_t reason)
{
    hsc__flow_credit_delay(sim, person);
    person->reason = reason;
}

/* Draws a route by its shares. A single route needs no draw: each decision
 * has a stream of its own, so skipping certain draws shifts nothing else. */
static const struct hsc_route *draw_route(const struct hsc_routes *routes, gsl_rng *rng)
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

/* A person asks for a place in an hours service with a package size drawn
 * from that service's stream. */
static void request(struct hsc_sim *sim, uint16_t s, uint32_t index, int cls)
{
    struct hsc__service *svc = service(sim, s);
    struct hsc__person *person = hsc__sim_person(sim, index);
    person->want_hours = 0.0;
    if (svc->cfg->kind == HSC_KIND_HOURS)
        person->want_hours = hsc_dist_sample(&svc->cfg->hours[person->cohort],
                                             svc->hours_rng[person->cohort]);
    hsc__service_request(sim, s, index, cls);
}

static void start_stay(struct hsc_sim *sim, uint16_t s, uint32_t index, const struct hsc_dist *dist,
                       gsl_rng *rng)
{
    struct hsc__person *person = hsc__sim_person(sim, index);
    double days = hsc_dist_sample(dist, rng);
    person->stay_token = hsc__sim_token(sim);
    hsc__sim_schedule(sim, hsc__service_stay_end(sim, s, days), HSC_EV_STAY_END, index, s, 0,
                      person->stay_token);
}

/* Offers a presentation to the cohort's step-up services in order; true if
 * one had room and took the person (the admission is avoided). */
static bool offer_step_up(struct hsc_sim *sim, uint32_t index)
{
    struct hsc__person *person = hsc__sim_person(sim, index);
    const struct hsc_cohort *cohort = cohort_of(sim, person);
    if (cohort->step_up_share <= 0.0 || person->no_step_up ||
        gsl_rng_uniform(sim->cohort_rng[person->cohort].step_up) >= cohort->step_up_share)
        return false;
    for (size_t i = 0; i < cohort->n_step_up; i++) {
        uint16_t s = (uint16_t)cohort->step_up[i];
        struct hsc__service *svc = service(sim, s);
        person = hsc__sim_person(sim, index);
        person->want_hours = svc->cfg->kind == HSC_KIND_HOURS
                                 ? hsc_dist_sample(&svc->cfg->hours[person->cohort],
                                                   svc->hours_rng[person->cohort])
                                 : 0.0;
        if (!hsc__service_has_room(sim, s, index)) {
            hsc__service_refuse(sim, s); /* full, and step-up keeps no queue */
            continue;
        }
        if (sim->measuring) {
            svc->step_up_started++;
            person->step_up_open = (uint8_t)(1 + s);
        }
        hsc__trace(sim, index, HSC_TRACE_STEP_UP, -1, s);
        hsc__service_request(sim, s, index, HSC_CLASS_COMMUNITY);
        return true;
    }
    return false;
}

void hsc__flow_present(struct hsc_sim *sim, uint32_t index)
{
    struct hsc__person *person = hsc__sim_person(sim, index);
    person->phase = HSC_PH_BOARDING;
    person->elective = 0;
    person->from_acute = 0;
    bool avoided = offer_step_up(sim, index);
    person = hsc__sim_person(sim, index);
    person->no_step_up = 0;
    if (!avoided)
        request(sim, (uint16_t)cohort_of(sim, person)->acute_service, index, HSC_CLASS_HOSPITAL);
}

/* A person leaves a step-up place. Going to hospital, the episode stays open
 * until acute admits them (admitted after all) or diverts or turns them away
 * (still avoided); that presentation is not offered step-up again. Any other
 * way out ends it as avoided. */
static void end_step_up(struct hsc_sim *sim, struct hsc__person *person, bool to_hospital)
{
    if (!to_hospital) {
        person->step_up_open = 0;
        return;
    }
    if (person->place != HSC_NO_SVC && service(sim, person->place)->cfg->role == HSC_ROLE_STEP_UP)
        person->no_step_up = 1;
}

/* The open step-up episode (if any) ends: in an acute admission or not. */
static void close_step_up(struct hsc_sim *sim, struct hsc__person *person, bool admitted)
{
    if (person->step_up_open && admitted)
        service(sim, (uint16_t)(person->step_up_open - 1))->step_up_admitted++;
    person->step_up_open = 0;
}

void hsc__flow_leave_for_hospital(struct hsc_sim *sim, uint32_t index)
{
    end_step_up(sim, hsc__sim_person(sim, index), true);
}

void hsc__flow_turned_away(struct hsc_sim *sim, uint16_t s, uint32_t index)
{
    HSC_ASSERT(service(sim, s)->cfg->role == HSC_ROLE_ACUTE);
    close_step_up(sim, hsc__sim_person(sim, index), false);
    hsc__trace(sim, index, HSC_TRACE_TURNED_AWAY, s, -1);
    hsc__sim_person_exits(sim, index, false);
}

void hsc__flow_queued(struct hsc_sim *sim, uint16_t s, uint32_t index)
{
    const struct hsc_service *cfg = service(sim, s)->cfg;
    struct hsc__person *person = hsc__sim_person(sim, index);
    double after;
    enum hsc__event_kind kind;
    if (cfg->role == HSC_ROLE_ACUTE && person->phase == HSC_PH_BOARDING &&
        isfinite(cfg->max_wait_days)) {
        after = cfg->max_wait_days;
        kind = HSC_EV_DIVERT;
    } else if (cfg->bridge_via != HSC_NO_INDEX && person->phase == HSC_PH_READY) {
        after = cfg->bridge_after_days;
        kind = HSC_EV_BRIDGE;
    } else {
        return;
    }
    person->wait_token = hsc__sim_token(sim);
    if (sim->now + after < sim->t_end)
        hsc__sim_schedule(sim, sim->now + after, kind, index, s, 0, person->wait_token);
}

void hsc__flow_divert(struct hsc_sim *sim, uint32_t index)
{
    struct hsc__person *person = hsc__sim_person(sim, index);
    uint16_t acute = person->want;
    HSC_ASSERT(person->phase == HSC_PH_BOARDING && acute != HSC_NO_SVC);
    hsc__service_withdraw(sim, acute, index);
    close_step_up(sim, hsc__sim_person(sim, index), false);
    if (sim->measuring)
        sim->m.ed_diverted++;
    hsc__trace(sim, index, HSC_TRACE_DIVERTED, acute, -1);
    hsc__sim_person_exits(sim, index, false);
}

static void count_emergency(struct hsc_sim *sim, struct hsc__person *person)
{
    struct hsc__measures *m = &sim->m;
    double wait = sim->now - person->asked_time;
    m->emergency_admissions++;
    m->emergency_by_cohort[person->cohort]++;
    m->emergency_by_locality[person->locality]++;
    m->boarding_days_sum += wait;
    if (wait > 0.5)
        m->boarding_over_12h++;
    if (person->discharge_time >= 0.0 && !person->readmit_counted &&
        person->asked_time - person->discharge_time <= HSC_READMISSION_DAYS) {
        m->readmitted++;
        m->readmitted_by_cohort[person->cohort]++;
        person->readmit_counted = 1;
    }
}

static void admitted_acute(struct hsc_sim *sim, uint16_t s, uint32_t index)
{
    struct hsc__person *person = hsc__sim_person(sim, index);
    const struct hsc_cohort *cohort = cohort_of(sim, person);
    person->phase = HSC_PH_TREATMENT;
    if (!person->elective) {
        person->readmit_token = 0; /* back in hospital: a drawn re-presentation is void */
        close_step_up(sim, person, true);
    }
    if (sim->measuring) {
        if (person->elective)
            sim->m.elective_admissions++;
        else
            count_emergency(sim, person);
        long day = hsc__sim_series_day(sim);
        if (day >= 0)
            sim->out->admissions[day] += 1.0f;
    }
    if (person->elective)
        start_stay(sim, s, index, &cohort->elective_duration,
                   sim->cohort_rng[person->cohort].elective);
    else
        start_stay(sim, s, index, &service(sim, s)->cfg->duration[person->cohort],
                   service(sim, s)->duration_rng[person->cohort]);
}

/* Counts a live discharge from an acute bed to `dest` (HSC_NO_SVC = home)
 * and arranges the follow-ups; the caller gives up the bed. */
static void count_acute_discharge(struct hsc_sim *sim, uint32_t index, uint16_t dest)
{
    struct hsc__person *person = hsc__sim_person(sim, index);
    hsc__flow_credit_delay(sim, person);
    if (sim->measuring) {
        struct hsc__measures *m = &sim->m;
        m->live_discharges++;
        m->discharges_by_cohort[person->cohort]++;
        if (sim->now - person->ready_time <= 3.0) {
            m->within_72h++;
            m->within_72h_by_cohort[person->cohort]++;
        }
        long day = hsc__sim_series_day(sim);
        if (day >= 0)
            sim->out->discharges[day] += 1.0f;
    }
    person->discharge_time = sim->now;
    person->readmit_counted = 0;
    hsc__trace(sim, index, HSC_TRACE_DISCHARGE, person->place, dest);
    hsc__followup_after_discharge(sim, index, dest);
}

static void admitted_community(struct hsc_sim *sim, uint16_t s, uint32_t index,
                               uint16_t old_place, double old_hours, uint8_t old_partition)
{
    struct hsc__person *person = hsc__sim_person(sim, index);
    struct hsc__service *svc = service(sim, s);
    uint8_t old_phase = person->phase;
    if (sim->measuring && svc->cfg->role == HSC_ROLE_CARE_HOME) {
        sim->m.care_home_admissions++;
        if (person->from_acute)
            sim->m.care_home_from_acute++;
    }
    start_stay(sim, s, index, &svc->cfg->duration[person->cohort],
               svc->duration_rng[person->cohort]);
    person = hsc__sim_person(sim, index);
    /* Moving on from step-up to another service ends the episode: avoided. */
    if (old_place != HSC_NO_SVC && service(sim, old_place)->cfg->role == HSC_ROLE_STEP_UP)
        person->step_up_open = 0;
    if (old_place != HSC_NO_SVC) {
        /* Account for the place given up as the record stood there ... */
        person->place = old_place;
        if (old_phase == HSC_PH_READY)
            count_acute_discharge(sim, index, s);
        else if (old_phase == HSC_PH_BLOCKED)
            hsc__flow_credit_delay(sim, person);
        person->place = s;
    }
    person->phase = HSC_PH_COMMUNITY;
    /* ... then let that place's queue move, with the record consistent. */
    if (old_place != HSC_NO_SVC)
        hsc__service_vacate(sim, old_place, old_partition, old_hours);
}

void hsc__flow_admitted(struct hsc_sim *sim, uint16_t s, uint32_t index, uint16_t old_place,
                        double old_hours, uint8_t old_partition)
{
    enum hsc_role role = service(sim, s)->cfg->role;
    if (role == HSC_ROLE_ACUTE)
        admitted_acute(sim, s, index);
    else if (role == HSC_ROLE_ASSESSMENT)
        start_stay(sim, s, index, &service(sim, s)->cfg->duration[hsc__sim_person(sim, index)->cohort],
                   service(sim, s)->duration_rng[hsc__sim_person(sim, index)->cohort]);
    else
        admitted_community(sim, s, index, old_place, old_hours, old_partition);
}

/* The first moment at or after now inside the acute service's discharge
 * hours on a day it discharges: weekdays always, Saturdays and Sundays each
 * with probability weekend_discharge (one draw per weekend day considered,
 * from the cohort's own discharge stream). */
static double next_discharge_time(struct hsc_sim *sim, const struct hsc_service *acute,
                                  gsl_rng *rng)
{
    double time = sim->now;
    if (acute->discharge_from_hour <= 0.0 && acute->discharge_to_hour >= 24.0 &&
        acute->weekend_discharge >= 1.0)
        return time; /* discharges at any time of any day */
    long day = hsc__sim_day(sim, time);
    for (int guard = 0; guard < 10000; guard++, day++) {
        double midnight = hsc__sim_midnight(sim, day);
        double open = midnight + acute->discharge_from_hour / 24.0;
        double close = midnight + acute->discharge_to_hour / 24.0;
        if (time < close) {
            bool weekend = hsc__sim_weekday(sim, day) >= 5;
            if (!weekend || acute->weekend_discharge >= 1.0 ||
                gsl_rng_uniform(rng) < acute->weekend_discharge)
                return time > open ? time : open;
        }
        time = hsc__sim_midnight(sim, day + 1);
    }
    HSC_ASSERT(!"no discharge opportunity found");
    return time;
}

static void ready_for_discharge(struct hsc_sim *sim, uint16_t acute, uint32_t index)
{
    struct hsc__person *person = hsc__sim_person(sim, index);
    const struct hsc_cohort *cohort = cohort_of(sim, person);
    const struct hsc_service *cfg = service(sim, acute)->cfg;
    person->phase = HSC_PH_READY;
    person->ready_time = person->since = sim->now;
    if (sim->measuring)
        sim->m.ready++;
    hsc__trace(sim, index, HSC_TRACE_READY, acute, -1);
    const struct hsc_route *route =
        draw_route(&cohort->discharge, sim->cohort_rng[person->cohort].pathway);
    if (route->kind == HSC_ROUTE_HOME) {
        person->target = HSC_NO_SVC;
        person->reason = HSC_REASON_DISCHARGE;
        double when = next_discharge_time(sim, cfg, sim->cohort_rng[person->cohort].discharge);
        if (when <= sim->now) {
            hsc__flow_discharge(sim, index);
            return;
        }
        person->stay_token = hsc__sim_token(sim);
        hsc__sim_schedule(sim, when, HSC_EV_DISCHARGE, index, acute, 0, person->stay_token);
        return;
    }
    person->target = (uint16_t)route->service;
    person->from_acute = 1;
    if (cfg->assessment != HSC_NO_INDEX) {
        person->reason = HSC_REASON_ASSESSMENT;
        request(sim, (uint16_t)cfg->assessment, index, HSC_CLASS_HOSPITAL);
    } else {
        person->reason = (uint16_t)(HSC_REASON_SERVICE0 + person->target);
        request(sim, person->target, index, HSC_CLASS_HOSPITAL);
    }
}

static void treatment_ends(struct hsc_sim *sim, uint16_t acute, uint32_t index)
{
    struct hsc__person *person = hsc__sim_person(sim, index);
    const struct hsc_cohort *cohort = cohort_of(sim, person);
    if (cohort->death_in_hospital > 0.0 &&
        gsl_rng_uniform(sim->cohort_rng[person->cohort].death) < cohort->death_in_hospital) {
        if (sim->measuring)
            sim->m.deaths_in_hospital++;
        hsc__service_leave(sim, acute, index);
        hsc__sim_person_exits(sim, index, true);
        return;
    }
    ready_for_discharge(sim, acute, index);
}

static void assessment_ends(struct hsc_sim *sim, uint16_t s, uint32_t index)
{
    struct hsc__person *person = hsc__sim_person(sim, index);
    hsc__service_leave(sim, s, index);
    person = hsc__sim_person(sim, index);
    set_reason(sim, person, (uint16_t)(HSC_REASON_SERVICE0 + person->target));
    request(sim, person->target, index, HSC_CLASS_HOSPITAL);
}

static void count_reablement_exit(struct hsc_sim *sim, const struct hsc_route *route)
{
    if (route->kind == HSC_ROUTE_HOME || route->kind == HSC_ROUTE_SERVICE) {
        sim->m.reablement_completions++;
        if (route->kind == HSC_ROUTE_HOME)
            sim->m.reablement_no_further++;
    }
}

static void community_stay_ends(struct hsc_sim *sim, uint16_t s, uint32_t index)
{
    struct hsc__service *svc = service(sim, s);
    struct hsc__person *person = hsc__sim_person(sim, index);
    const struct hsc_route *route =
        draw_route(&svc->cfg->exits[person->cohort], svc->route_rng[person->cohort]);
    if (sim->measuring && svc->cfg->role == HSC_ROLE_REABLEMENT)
        count_reablement_exit(sim, route);
    if (route->kind != HSC_ROUTE_SERVICE)
        end_step_up(sim, person, route->kind == HSC_ROUTE_HOSPITAL);
    switch (route->kind) {
    case HSC_ROUTE_HOME:
    case HSC_ROUTE_DEATH:
        hsc__service_leave(sim, s, index);
        hsc__sim_person_exits(sim, index, route->kind == HSC_ROUTE_DEATH);
        break;
    case HSC_ROUTE_HOSPITAL:
        hsc__service_leave(sim, s, index);
        hsc__trace(sim, index, HSC_TRACE_REPRESENT, s, -1);
        hsc__flow_present(sim, index);
        break;
    case HSC_ROUTE_SERVICE:
        person->phase = HSC_PH_BLOCKED;
        person->since = sim->now;
        person->from_acute = 0;
        request(sim, (uint16_t)route->service, index, HSC_CLASS_COMMUNITY);
        break;
    }
}

void hsc__flow_stay_end(struct hsc_sim *sim, uint16_t s, uint32_t index)
{
    enum hsc_role role = service(sim, s)->cfg->role;
    if (role == HSC_ROLE_ACUTE)
        treatment_ends(sim, s, index);
    else if (role == HSC_ROLE_ASSESSMENT)
        assessment_ends(sim, s, index);
    else
        community_stay_ends(sim, s, index);
}

void hsc__flow_discharge(struct hsc_sim *sim, uint32_t index)
{
    struct hsc__person *person = hsc__sim_person(sim, index);
    HSC_ASSERT(person->phase == HSC_PH_READY && person->target == HSC_NO_SVC);
    count_acute_discharge(sim, index, HSC_NO_SVC);
    hsc__service_leave(sim, person->place, index);
    hsc__sim_person_exits(sim, index, false);
}

/* A hospital waiter has waited long enough for `want`: move them to its
 * interim service if it has room (a live acute discharge), keeping their
 * place in the queue; otherwise try again tomorrow. */
void hsc__flow_bridge(struct hsc_sim *sim, uint32_t index)
{
    struct hsc__person *person = hsc__sim_person(sim, index);
    uint16_t wanted = person->want, acute = person->place;
    HSC_ASSERT(person->phase == HSC_PH_READY && wanted != HSC_NO_SVC);
    uint16_t via = (uint16_t)service(sim, wanted)->cfg->bridge_via;
    const struct hsc__service *interim = service(sim, via);
    double hours = interim->cfg->kind == HSC_KIND_HOURS
                       ? hsc_dist_sample(&interim->cfg->hours[person->cohort],
                                         interim->hours_rng[person->cohort])
                       : 0.0;
    if (!hsc__service_place_interim(sim, via, index, hours)) {
        person = hsc__sim_person(sim, index);
        person->wait_token = hsc__sim_token(sim);
        if (sim->now + 1.0 < sim->t_end)
            hsc__sim_schedule(sim, sim->now + 1.0, HSC_EV_BRIDGE, index, wanted, 0,
                              person->wait_token);
        return;
    }
    person = hsc__sim_person(sim, index);
    person->place = acute; /* count the discharge as the record stood */
    count_acute_discharge(sim, index, via);
    hsc__trace(sim, index, HSC_TRACE_BRIDGE, wanted, via);
    person->place = via;
    person->phase = HSC_PH_BRIDGING; /* still in the queue for `wanted`, in the same place */
    person->from_acute = 0;
    hsc__service_vacate(sim, acute, 0, 0.0);
}
