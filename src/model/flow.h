/*
 * The flow of people: what a new place means, what happens when a stay
 * ends, and where people go next. The role table (roles.h) dispatches to the
 * `admitted` and `stay_ends` handlers here; the event loop (sim.c) to the
 * handlers of timed events.
 *
 * Acute pathway (acute_pathway.c): treatment -> death, or ready for
 * discharge with a pathway; pathway 0 leaves at the next discharge
 * opportunity, others wait in the bed for an assessment and a place.
 * Community services (community.c) route people on by their exits; a person
 * whose next service is full keeps their place (blocking). Step-up
 * (step_up.c) offers admission avoidance; waiting.c diverts and bridges
 * people who waited too long; followup.c runs readmissions and the 91-day
 * check.
 */
#ifndef HSCFLOW_MODEL_FLOW_H
#define HSCFLOW_MODEL_FLOW_H

#include <gsl/gsl_rng.h>
#include <stdbool.h>
#include <stdint.h>

#include "hscflow/dist.h"
#include "hscflow/scenario.h"
#include "roles.h"
#include "service.h"

struct hsc_sim;

/* --- flow.c: shared steps --- */
/* Care hours a week a person of `cohort` would need in svc (0 unless the
 * kind draws hours), from the service's own stream. */
double hsc__flow_draw_hours(struct hsc_sim *sim, uint16_t svc, uint16_t cohort);
/* The person asks for a place in svc in queue class `cls` (their package
 * size drawn first); someone turned away by an acute service leaves. */
void hsc__flow_ask(struct hsc_sim *sim, uint16_t svc, uint32_t person, int cls);
/* Starts a stay in svc of a length drawn from `dist` with `rng`. */
void hsc__flow_start_stay(struct hsc_sim *sim, uint16_t svc, uint32_t person,
                          const struct hsc_dist *dist, gsl_rng *rng);
/* Draws a route by its shares (no draw when there is one route). */
const struct hsc_route *hsc__flow_draw_route(const struct hsc_routes *routes, gsl_rng *rng);

/* --- acute_pathway.c --- */
/* An emergency presentation: offered step-up, else asks for an acute bed. */
void hsc__flow_present(struct hsc_sim *sim, uint32_t person);
void hsc__pathway_admitted(struct hsc_sim *sim, uint16_t svc, uint32_t person,
                           const struct hsc__place *given_up);
void hsc__pathway_treatment_ends(struct hsc_sim *sim, uint16_t svc, uint32_t person);
void hsc__pathway_assessment_admitted(struct hsc_sim *sim, uint16_t svc, uint32_t person,
                                      const struct hsc__place *given_up);
void hsc__pathway_assessment_ends(struct hsc_sim *sim, uint16_t svc, uint32_t person);
/* Handler of a DELAY_END event: the person's non-capacity discharge delay
 * is over; what holds them now is capacity. */
void hsc__pathway_delay_ends(struct hsc_sim *sim, uint32_t person);
/* Handler of a DISCHARGE event: a pathway-0 person goes home. */
void hsc__pathway_discharge(struct hsc_sim *sim, uint32_t person);
/* Counts a live discharge from acute bed `from` to `dest` (HSC_NO_SVC =
 * home) and arranges the follow-ups; the caller gives up the bed. */
void hsc__pathway_discharged(struct hsc_sim *sim, uint32_t person, uint16_t from, uint16_t dest);

/* --- community.c --- */
void hsc__community_admitted(struct hsc_sim *sim, uint16_t svc, uint32_t person,
                             const struct hsc__place *given_up);
void hsc__community_stay_ends(struct hsc_sim *sim, uint16_t svc, uint32_t person);
/* Takes the person out of wherever they are in the community (their place
 * and any queue) before they go to hospital. */
void hsc__community_leave(struct hsc_sim *sim, uint32_t person);
/* The same for someone who dies there: their place is left, never held. */
void hsc__community_leave_for_good(struct hsc_sim *sim, uint32_t person);
/* A person discharged to assess who leaves the community before their
 * assessment is done gives up their assessment (slot or queue place). */
void hsc__community_leave_assessment(struct hsc_sim *sim, uint32_t person);

/* --- step_up.c --- */
/* Offers a presentation to the cohort's step-up services in order; true if
 * one had room and took the person (the admission is avoided). */
bool hsc__step_up_offer(struct hsc_sim *sim, uint32_t person);
/* The person leaves their place by a route other than another service:
 * to hospital, an open step-up episode waits for the acute outcome; any
 * other way it ends as avoided. */
void hsc__step_up_leaving(struct hsc_sim *sim, uint32_t person, bool to_hospital);

/* --- holds.c: places held for people in hospital --- */
/* The person leaves their community place for hospital: a service with
 * hold_days keeps the place for them that long (capacity nobody else can
 * use), any other service gives it up. */
void hsc__hold_or_leave(struct hsc_sim *sim, uint32_t person);
/* At readiness for discharge (or after the re-assessment a service with
 * hold_reassess asks for: `assessed`): a person whose place is still held
 * goes back to it (a live discharge to that service, with a new stay there
 * and no pathway drawn), or first asks the acute service's assessment team
 * for that re-assessment. True when either happened. */
bool hsc__hold_return(struct hsc_sim *sim, uint16_t acute, uint32_t person, bool assessed);
/* The place held for the person (if any) is released: the hold lapsed, or
 * they leave the system from hospital. */
void hsc__hold_release(struct hsc_sim *sim, uint32_t person);

/* --- community_deaths.c --- */
/* The person enters the community from outside it (a referral, an initial
 * place, a live acute discharge, a step-up place): their cohort's community
 * death clock starts (cohorts with community_deaths_per_year only). */
void hsc__community_death_clock(struct hsc_sim *sim, uint32_t person);
/* Handler of COMMUNITY_DEATH: the person dies if still in the community
 * (in a service, waiting at home, or at home within a follow-up). */
void hsc__community_death(struct hsc_sim *sim, uint32_t person);

/* --- waiting.c: people who waited too long --- */
/* Handler of a DIVERT event: the person leaves the acute queue. */
void hsc__flow_divert(struct hsc_sim *sim, uint32_t person);
/* Handler of a BRIDGE event: the person moves to the interim service. */
void hsc__flow_bridge(struct hsc_sim *sim, uint32_t person);
/* Handler of a WAIT_OUTCOME event: the person leaves the queue they wait in
 * at home and gives up (going without, or asking for the alternative),
 * presents as an emergency, or dies. */
void hsc__flow_home_outcome(struct hsc_sim *sim, uint32_t person, enum hsc__home_outcome outcome);
/* A person who asked for svc from home and waits in its queue takes an
 * interim place in the service named by svc's waiting_at_home entry for
 * their cohort, if it has room (they hold it, still in svc's queue). */
void hsc__flow_home_interim(struct hsc_sim *sim, uint16_t svc, uint32_t person);

/* --- followup.c --- */
/* Arranges the readmission draw and the 91-day check after a live acute
 * discharge to `dest` (HSC_NO_SVC = home). */
void hsc__followup_after_discharge(struct hsc_sim *sim, uint32_t person, uint16_t dest);
/* Handlers of READMIT and CHECK91 events. */
void hsc__followup_readmit(struct hsc_sim *sim, uint32_t person);
void hsc__followup_check91(struct hsc_sim *sim, uint32_t person);

#endif
