/*
 * Measurement: every count, sum and breakdown behind the KPIs, and the named
 * hooks through which the flow reports what happened. The flow never tests
 * whether the period is being measured; the hooks do.
 *
 * Counters and breakdowns are declared once, in the X-macro lists below, so
 * their declaration, warm-up reset and release cannot drift apart. Per
 * service counts live in the service (struct hsc__period_counts) and
 * restart with it; acute occupancy is acute.h's.
 */
#ifndef HSCFLOW_MODEL_MEASURES_H
#define HSCFLOW_MODEL_MEASURES_H

#include <stdbool.h>
#include <stdint.h>

#include "hscflow/scenario.h"
#include "hscflow/stats.h"

struct hsc_sim;
struct hsc__person;

#define HSC_READMISSION_DAYS 28.0
#define HSC_FOLLOWUP_DAYS 91.0
#define HSC_INTENSIVE_HOURS 10.0 /* home-care hours a week that count as intensive needs */

/* Counts of the measurement period: X(name). */
#define HSC__MEASURE_COUNTS(X)                                                                 \
    X(emergency_admissions) X(elective_admissions) X(elective_cancellations)                  \
    X(boarding_over_12h) X(ready) X(still_delayed) X(live_discharges) X(within_72h)           \
    X(readmit_base) X(readmitted) X(care_home_admissions) X(care_home_from_acute)             \
    X(reablement_completions) X(reablement_no_further) X(check_base) X(check_at_home)         \
    X(deaths) X(deaths_in_hospital) X(ed_diverted) X(census_points) X(census_delayed)          \
    X(community_deaths) X(discharged_to_assess)

/* Sums of days of the measurement period: X(name). */
#define HSC__MEASURE_SUMS(X) X(boarding_days_sum) X(delay_total)

/* What a breakdown is broken down by. */
enum hsc__dimension { HSC_DIM_COHORT, HSC_DIM_LOCALITY, HSC_DIM_REASON };

/* Breakdowns of the measurement period: X(type, name, dimension). */
#define HSC__MEASURE_BREAKDOWNS(X)                                                             \
    X(int64_t, emergency_by_cohort, HSC_DIM_COHORT)                                            \
    X(int64_t, emergency_by_locality, HSC_DIM_LOCALITY)                                        \
    X(int64_t, discharges_by_cohort, HSC_DIM_COHORT)                                           \
    X(int64_t, within_72h_by_cohort, HSC_DIM_COHORT)                                           \
    X(double, delay_by_reason, HSC_DIM_REASON)                                                 \
    X(double, delay_by_cohort, HSC_DIM_COHORT)                                                 \
    X(double, delay_by_locality, HSC_DIM_LOCALITY)                                             \
    X(int64_t, readmit_base_by_cohort, HSC_DIM_COHORT)                                         \
    X(int64_t, readmitted_by_cohort, HSC_DIM_COHORT)                                           \
    X(int64_t, check_base_by_cohort, HSC_DIM_COHORT)                                           \
    X(int64_t, check_at_home_by_cohort, HSC_DIM_COHORT)

struct hsc__measures {
#define HSC__COUNT_FIELD(name) int64_t name;
#define HSC__SUM_FIELD(name) double name;
#define HSC__BREAKDOWN_FIELD(type, name, dim) type *name; /* owns [size of dim] */
    HSC__MEASURE_COUNTS(HSC__COUNT_FIELD)
    HSC__MEASURE_SUMS(HSC__SUM_FIELD)
    HSC__MEASURE_BREAKDOWNS(HSC__BREAKDOWN_FIELD)
#undef HSC__COUNT_FIELD
#undef HSC__SUM_FIELD
#undef HSC__BREAKDOWN_FIELD
    struct hsc_qhist census_delays;  /* delay so far of each person delayed at a census */
    /* Carried over the restart: a level, not a count. */
    struct hsc_tw intensive_tw;    /* home-care clients with intensive needs */
    int64_t intensive_clients;
};

/* --- Lifecycle (sim.c) --- */
/* Allocates the breakdowns (zeroed). Returns 0, or -1 when memory runs out. */
int hsc__measures_init(struct hsc_sim *sim);
void hsc__measures_fini(struct hsc_sim *sim);
/* The measurement period starts: every count, sum and breakdown restarts,
 * here, in the services and in acute.h. */
void hsc__measures_start(struct hsc_sim *sim);
/* Midnight of day `day`: the daily snapshot of the day starting, and the
 * close of the day ending. */
void hsc__measures_midnight(struct hsc_sim *sim, long day);
/* The run ends: open delays are credited, levels brought up to the end,
 * people still delayed counted. */
void hsc__measures_finish(struct hsc_sim *sim);

/* --- Hooks: services --- */
/* Someone asked for a place in svc. */
void hsc__measure_arrival(struct hsc_sim *sim, uint16_t svc);
/* Someone got a place in svc after waiting `wait` days. */
void hsc__measure_admission(struct hsc_sim *sim, uint16_t svc, double wait);
/* Someone got a place in svc without queueing: an interim one (bridging) or
 * an initial one (initial occupancy). */
void hsc__measure_interim(struct hsc_sim *sim, uint16_t svc);
void hsc__measure_turned_away(struct hsc_sim *sim, uint16_t svc);
void hsc__measure_withdrawn(struct hsc_sim *sim, uint16_t svc);
void hsc__measure_departure(struct hsc_sim *sim, uint16_t svc);
/* `change` home-care clients with intensive needs started (+) or ended (-). */
void hsc__measure_intensive(struct hsc_sim *sim, int64_t change);

/* --- Hooks: the acute pathway --- */
/* The person (emergency or elective) got an acute bed now. */
void hsc__measure_acute_admission(struct hsc_sim *sim, struct hsc__person *person);
/* The person became ready for discharge. */
void hsc__measure_ready(struct hsc_sim *sim);
/* Live acute discharge of the person now, from the bed they held (their
 * open delay is credited first). */
void hsc__measure_acute_discharge(struct hsc_sim *sim, struct hsc__person *person,
                                  uint16_t acute);
void hsc__measure_elective_cancelled(struct hsc_sim *sim);
void hsc__measure_diverted(struct hsc_sim *sim);
/* Someone died (anywhere); hsc__measure_death_in_hospital adds where. */
void hsc__measure_death(struct hsc_sim *sim);
void hsc__measure_death_in_hospital(struct hsc_sim *sim);
/* Credits the person's open delay (ready in an acute bed) or blocked time
 * (done in a community place) in place `place` up to now, and restarts it. */
void hsc__measure_delay(struct hsc_sim *sim, struct hsc__person *person, uint16_t place);
/* The person's delay reason changes to `reason` now (the open delay is
 * credited to the old one). */
void hsc__measure_reason(struct hsc_sim *sim, struct hsc__person *person, uint16_t reason);

/* --- Hooks: community services and outcomes --- */
void hsc__measure_care_home_admission(struct hsc_sim *sim, bool from_acute);
/* A reablement stay ended by route `kind`. */
void hsc__measure_reablement_exit(struct hsc_sim *sim, enum hsc_route_kind kind);
/* A step-up episode in svc starts for the person (counted when measuring). */
void hsc__measure_step_up_started(struct hsc_sim *sim, uint16_t svc, struct hsc__person *person);
/* The person's open step-up episode ends, in an acute admission or not. */
void hsc__measure_step_up_closed(struct hsc_sim *sim, struct hsc__person *person, bool admitted);
/* A live acute discharge now opens the person's 28-day readmission window:
 * a denominator when the window ends inside the period, else the person can
 * never be a numerator. */
void hsc__measure_readmission_window(struct hsc_sim *sim, struct hsc__person *person);
/* A live acute discharge now into a service whose role starts the 91-day
 * check: when the check falls inside the period it counts in the
 * denominator and the result is true (the caller schedules the check). */
bool hsc__measure_check_window(struct hsc_sim *sim, const struct hsc__person *person);
/* The hold of the person's place ends now (they return, it lapses or is
 * released): its days inside the period are credited to the service. */
void hsc__measure_hold_ended(struct hsc_sim *sim, const struct hsc__person *person);
/* Someone went back from hospital to the place svc held for them. */
void hsc__measure_hold_return(struct hsc_sim *sim, uint16_t svc);
/* A wait at home for svc ended without a place (give-up, presentation, death). */
void hsc__measure_home_outcome(struct hsc_sim *sim, uint16_t svc, int outcome);
/* A person discharged to assess asks for their assessment in the service. */
void hsc__measure_discharged_to_assess(struct hsc_sim *sim);
/* The person died in the community (community_deaths_per_year). */
void hsc__measure_community_death(struct hsc_sim *sim);
/* The 91-day check found the person at home. */
void hsc__measure_at_home_91d(struct hsc_sim *sim, const struct hsc__person *person);

#endif
