/*
 * Demand: new people entering the system. Emergency presentations per
 * (cohort, locality) and community referrals per (service, cohort,
 * locality) are Poisson processes with their own streams; electives are
 * booked by weekday; initial occupancy fills long-stay services at time 0.
 *
 * Rates follow the calendar (day and hour factors) and population growth;
 * a gap that would cross a rate change is redrawn from the change, exact
 * because the exponential has no memory.
 */
#ifndef HSCFLOW_MODEL_DEMAND_H
#define HSCFLOW_MODEL_DEMAND_H

#include <gsl/gsl_rng.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct hsc_sim;

/* A Poisson process of new people: emergencies per (cohort, locality) or
 * community referrals per (service, cohort, locality). */
struct hsc__process {
    uint16_t cohort;
    uint8_t locality;
    uint16_t service;  /* referrals: the service; emergencies: the acute service */
    double rate;       /* base rate a day */
    uint32_t lane;     /* its lane of the event list (processes with a zero rate have none) */
    gsl_rng *rng;      /* owns */
};

struct hsc__demand {
    size_t n_processes;
    struct hsc__process *processes; /* owns [n_processes]: emergencies first, then referrals */
    size_t n_emergency;             /* emergency processes (the first ones) */
    size_t n_lanes;                 /* processes with a positive rate: each keeps its one
                                       pending event in a lane of the event list */
    gsl_rng **initial_rng;          /* owns [n_services * n_cohorts]: initial occupancy */
    double *cohort_growth;          /* owns [n_cohorts * n_day_factors]: growth factor by day */
    bool has_growth;
    double population;              /* mean population over the measured days */
};

/* Sets up the processes and growth tables (services and clock set up
 * first). Returns 0, or -1 when memory runs out. */
int hsc__demand_init(struct hsc_sim *sim);
void hsc__demand_fini(struct hsc_sim *sim);
/* Places the initial occupancy (time 0). */
void hsc__demand_initial(struct hsc_sim *sim);
/* Schedules every process's first event. */
void hsc__demand_start(struct hsc_sim *sim);
/* Handlers of ARRIVAL / REFERRAL events of process `process` (a redraw
 * event only schedules the next one). */
void hsc__demand_arrival(struct hsc_sim *sim, uint32_t process, bool redraw);
void hsc__demand_referral(struct hsc_sim *sim, uint32_t process, bool redraw);
/* Midnight of `day`: schedules the day's booked electives. */
void hsc__demand_electives_today(struct hsc_sim *sim, long day);
/* Handler of an ELECTIVE event of cohort `cohort`. */
void hsc__demand_elective(struct hsc_sim *sim, uint32_t cohort);
/* A locality drawn by the cohort's population shares. */
uint8_t hsc__demand_locality(const struct hsc_sim *sim, uint16_t cohort, gsl_rng *rng);

#endif
