/*
 * The acute pathway (flow.h): presentation, treatment, readiness for
 * discharge with a pathway drawn for the cohort, assessment, and discharge.
 *
 * Pathway 0 (home) leaves at the next discharge opportunity; other pathways
 * wait in the acute bed for an assessment (if the acute service has an
 * assessment service) and then for a place in their target service. Every
 * day in the bed after readiness is a delayed bed-day, credited to its
 * reason by measures.h.
 */
#include "flow.h"

#include <gsl/gsl_rng.h>

#include "replication.h"

static const struct hsc_cohort *cohort_of(const struct hsc_sim *sim,
                                          const struct hsc__person *person)
{
    return hsc_cohort_in(&sim->sc->cohorts[person->cohort], person->locality);
}

void hsc__flow_present(struct hsc_sim *sim, uint32_t index)
{
    struct hsc__person *person = hsc__sim_person(sim, index);
    person->phase = HSC_PH_BOARDING;
    person->elective = 0;
    person->from_acute = 0;
    bool avoided = hsc__step_up_offer(sim, index);
    person = hsc__sim_person(sim, index);
    person->no_step_up = 0;
    if (!avoided)
        hsc__flow_ask(sim, (uint16_t)cohort_of(sim, person)->acute_service, index,
                      HSC_CLASS_HOSPITAL);
}

void hsc__pathway_admitted(struct hsc_sim *sim, uint16_t s, uint32_t index,
                           const struct hsc__place *given_up)
{
    (void)given_up; /* nobody swaps a place for an acute bed: they re-present */
    struct hsc__person *person = hsc__sim_person(sim, index);
    const struct hsc__service *svc = &sim->services[s];
    person->phase = HSC_PH_TREATMENT;
    if (!person->elective) {
        person->readmit_token = 0; /* back in hospital: a drawn re-presentation is void */
        hsc__measure_step_up_closed(sim, person, true);
    }
    hsc__measure_acute_admission(sim, person);
    const struct hsc_cohort *cohort = cohort_of(sim, person);
    if (person->elective)
        hsc__flow_start_stay(sim, s, index, &cohort->elective_duration,
                             sim->cohort_rng[person->cohort].elective);
    else /* a locality's own stay, else the service's for the cohort */
        hsc__flow_start_stay(sim, s, index,
                             cohort->acute_stay.kind != HSC_DIST_NONE
                                 ? &cohort->acute_stay
                                 : &svc->cfg->duration[person->cohort],
                             svc->duration_rng[person->cohort]);
}

void hsc__pathway_discharged(struct hsc_sim *sim, uint32_t index, uint16_t from, uint16_t dest)
{
    struct hsc__person *person = hsc__sim_person(sim, index);
    hsc__measure_acute_discharge(sim, person, from);
    person->discharge_time = sim->now;
    person->readmit_counted = 0;
    hsc__trace(sim, index, HSC_TRACE_DISCHARGE, from, dest);
    hsc__followup_after_discharge(sim, index, dest);
    hsc__community_death_clock(sim, index);
}

/* The first moment at or after now inside the acute service's discharge
 * hours on a day it discharges: weekdays always, Saturdays and Sundays each
 * with probability weekend_discharge (one draw per weekend day considered,
 * from the cohort's own discharge stream). */
static double next_discharge_time(struct hsc_sim *sim, const struct hsc__service *svc,
                                  gsl_rng *rng)
{
    double time = sim->now;
    if (svc->discharges_any_time)
        return time;
    const struct hsc_service *acute = svc->cfg;
    const struct hsc__clock *clock = &sim->clock;
    long day = hsc__sim_today(sim);
    for (int guard = 0; guard < 10000; guard++, day++) {
        double midnight = hsc__clock_midnight(clock, day);
        double open = midnight + acute->discharge_from_hour / 24.0;
        double close = midnight + acute->discharge_to_hour / 24.0;
        if (time < close) {
            bool weekend = hsc__clock_weekday(clock, day) >= 5;
            if (!weekend || acute->weekend_discharge >= 1.0 ||
                gsl_rng_uniform(rng) < acute->weekend_discharge)
                return time > open ? time : open;
        }
        time = hsc__clock_midnight(clock, day + 1);
    }
    HSC_ASSERT(!"no discharge opportunity found");
    return time;
}

/* A pathway-0 person leaves at the next discharge opportunity. */
static void go_home(struct hsc_sim *sim, uint16_t acute, uint32_t index)
{
    struct hsc__person *person = hsc__sim_person(sim, index);
    double when = next_discharge_time(sim, &sim->services[acute],
                                      sim->cohort_rng[person->cohort].discharge);
    if (when <= sim->now) {
        hsc__pathway_discharge(sim, index);
        return;
    }
    person->stay_token = hsc__sim_token(sim);
    hsc__sim_schedule(sim, when, HSC_EV_DISCHARGE, index, acute, 0, person->stay_token);
}

/* Which non-capacity reason, if any, the discharge of a person going to
 * `dest` (HSC_NO_SVC = home) waits for: 1 + the code, or 0. Cohorts without
 * such delays draw nothing. */
static uint8_t draw_delay(struct hsc_sim *sim, const struct hsc__person *person, uint16_t dest)
{
    gsl_rng *rng = sim->cohort_rng[person->cohort].delay;
    if (!rng)
        return 0;
    const struct hsc_discharge_delay *delays = cohort_of(sim, person)->delays;
    size_t slot = dest == HSC_NO_SVC ? 0 : 1 + (size_t)dest;
    double total = 0.0;
    for (int k = 0; k < HSC_DELAY_CODE_COUNT; k++)
        total += delays[k].share ? delays[k].share[slot] : 0.0;
    if (!(total > 0.0))
        return 0;
    double u = gsl_rng_uniform(rng), cum = 0.0;
    for (int k = 0; k < HSC_DELAY_CODE_COUNT; k++) {
        cum += delays[k].share ? delays[k].share[slot] : 0.0;
        if (u < cum)
            return (uint8_t)(1 + k);
    }
    return 0;
}

/* Whether a person going to their target service is discharged to assess
 * (assessed there after leaving acute) rather than assessed in hospital. */
static bool draw_d2a(struct hsc_sim *sim, const struct hsc__person *person)
{
    gsl_rng *rng = sim->cohort_rng[person->cohort].d2a;
    if (!rng)
        return false;
    double share = cohort_of(sim, person)->assess_after[1 + (size_t)person->target];
    return share > 0.0 && gsl_rng_uniform(rng) < share;
}

/* The person's non-capacity wait starts, in their acute bed. */
static void start_delay(struct hsc_sim *sim, uint32_t index)
{
    struct hsc__person *person = hsc__sim_person(sim, index);
    int code = person->delay_code - 1;
    hsc__measure_reason(sim, person, hsc__reason_of_code(sim->n_services, code));
    double days = hsc_dist_sample(&cohort_of(sim, person)->delays[code].duration,
                                  sim->cohort_rng[person->cohort].delay_days[code]);
    person->stay_token = hsc__sim_token(sim);
    hsc__sim_schedule(sim, sim->now + days, HSC_EV_DELAY_END, index, person->place, 0,
                      person->stay_token);
}

/* Only capacity holds the person now: they go home at the next discharge
 * opportunity, or ask for a place in their target service. */
static void wait_for_capacity(struct hsc_sim *sim, uint32_t index)
{
    struct hsc__person *person = hsc__sim_person(sim, index);
    if (person->target == HSC_NO_SVC) {
        hsc__measure_reason(sim, person, HSC_REASON_DISCHARGE);
        go_home(sim, person->place, index);
        return;
    }
    hsc__measure_reason(sim, person, (uint16_t)(HSC_REASON_SERVICE0 + person->target));
    hsc__flow_ask(sim, person->target, index, HSC_CLASS_HOSPITAL);
}

/* Readiness: the pathway is drawn, then any non-capacity delay; the
 * assessment (pathways 1-3, when the acute service has a team) comes first,
 * then the delay, then the wait for capacity. */
static void ready_for_discharge(struct hsc_sim *sim, uint16_t acute, uint32_t index)
{
    struct hsc__person *person = hsc__sim_person(sim, index);
    const struct hsc_cohort *cohort = cohort_of(sim, person);
    const struct hsc_service *cfg = sim->services[acute].cfg;
    person->phase = HSC_PH_READY;
    person->ready_time = person->since = sim->now;
    hsc__measure_ready(sim);
    hsc__trace(sim, index, HSC_TRACE_READY, acute, -1);
    if (hsc__hold_return(sim, acute, index, false))
        return;
    const struct hsc_route *route =
        hsc__flow_draw_route(&cohort->discharge, sim->cohort_rng[person->cohort].pathway);
    bool home = route->kind == HSC_ROUTE_HOME;
    person->target = home ? HSC_NO_SVC : (uint16_t)route->service;
    person->from_acute = !home;
    person->delay_code = draw_delay(sim, person, person->target);
    person->d2a = !home && cfg->assessment != HSC_NO_INDEX && draw_d2a(sim, person);
    person->reason = home ? HSC_REASON_DISCHARGE
                          : (uint16_t)(HSC_REASON_SERVICE0 + person->target);
    if (!home && cfg->assessment != HSC_NO_INDEX && !person->d2a) {
        person->reason = HSC_REASON_ASSESSMENT;
        hsc__flow_ask(sim, (uint16_t)cfg->assessment, index, HSC_CLASS_HOSPITAL);
    } else if (person->delay_code) {
        start_delay(sim, index);
    } else if (home) {
        go_home(sim, acute, index);
    } else {
        hsc__flow_ask(sim, person->target, index, HSC_CLASS_HOSPITAL);
    }
}

void hsc__pathway_treatment_ends(struct hsc_sim *sim, uint16_t acute, uint32_t index)
{
    struct hsc__person *person = hsc__sim_person(sim, index);
    const struct hsc_cohort *cohort = cohort_of(sim, person);
    if (cohort->death_in_hospital > 0.0 &&
        gsl_rng_uniform(sim->cohort_rng[person->cohort].death) < cohort->death_in_hospital) {
        hsc__measure_death_in_hospital(sim);
        hsc__hold_release(sim, index);
        hsc__service_leave(sim, acute, index);
        hsc__person_exits(sim, index, true);
        return;
    }
    ready_for_discharge(sim, acute, index);
}

void hsc__pathway_assessment_admitted(struct hsc_sim *sim, uint16_t s, uint32_t index,
                                      const struct hsc__place *given_up)
{
    (void)given_up; /* assessed in the acute bed, which is kept */
    const struct hsc__service *svc = &sim->services[s];
    uint16_t cohort = hsc__sim_person(sim, index)->cohort;
    hsc__flow_start_stay(sim, s, index, &svc->cfg->duration[cohort], svc->duration_rng[cohort]);
}

void hsc__pathway_assessment_ends(struct hsc_sim *sim, uint16_t s, uint32_t index)
{
    hsc__service_leave(sim, s, index);
    struct hsc__person *person = hsc__sim_person(sim, index);
    if (person->d2a) { /* assessed in the service they were discharged to */
        bool stay_over = person->d2a == 2;
        person->d2a = 0;
        if (stay_over) {
            hsc__measure_delay(sim, person, person->place); /* blocked until now */
            hsc__community_stay_ends(sim, person->place, index);
        }
        return;
    }
    if (hsc__hold_return(sim, person->place, index, true))
        return; /* re-assessed for the place held for them */
    if (person->delay_code)
        start_delay(sim, index);
    else
        wait_for_capacity(sim, index);
}

void hsc__pathway_delay_ends(struct hsc_sim *sim, uint32_t index)
{
    struct hsc__person *person = hsc__sim_person(sim, index);
    HSC_ASSERT(person->phase == HSC_PH_READY && person->delay_code != 0);
    person->delay_code = 0;
    wait_for_capacity(sim, index);
}

void hsc__pathway_discharge(struct hsc_sim *sim, uint32_t index)
{
    struct hsc__person *person = hsc__sim_person(sim, index);
    HSC_ASSERT(person->phase == HSC_PH_READY && person->target == HSC_NO_SVC);
    uint16_t acute = person->place;
    hsc__pathway_discharged(sim, index, acute, HSC_NO_SVC);
    hsc__service_leave(sim, acute, index);
    hsc__person_exits(sim, index, false);
}
