/*
 * Internal state of one replication, shared by the model's source files.
 *
 * One struct hsc_sim owns everything mutable of a replication; handlers get it
 * as their first argument. Nothing here is visible outside src/model.
 */
#ifndef HSCFLOW_MODEL_SIM_STATE_H
#define HSCFLOW_MODEL_SIM_STATE_H

#include <gsl/gsl_rng.h>
#include <stdbool.h>
#include <stdint.h>

#include "hscflow/event_queue.h"
#include "hscflow/pool.h"
#include "hscflow/scenario.h"
#include "hscflow/sim.h"
#include "hscflow/stats.h"

/* Event kinds; each has a handler in sim.c's table. */
enum hsc__event_kind {
    HSC_EV_START_MEASURE, /* warm-up ends: statistics restart */
    HSC_EV_END,           /* measurement ends: the run stops */
    HSC_EV_MIDNIGHT,      /* daily snapshot */
    HSC_EV_ARRIVAL,       /* emergency presentation of cohort `data` */
    HSC_EV_DEPARTURE,     /* `person` leaves service `service` */
    HSC_EV_KIND_COUNT
};

/* A person in the system. The pool's free list reuses `next` while free. */
struct hsc__person {
    uint32_t next;      /* next in the service queue (HSC_NO_PERSON at the tail) */
    uint16_t cohort;
    uint16_t service;   /* service held or waited for */
    double asked_time;  /* when they asked for that service */
};

/* FIFO queue threaded through the people records. */
struct hsc__queue {
    uint32_t head;
    uint32_t tail;
    int64_t length;
};

/* Counts inside the measurement period. */
struct hsc__period_counts {
    int64_t arrivals, admissions, departures, turned_away, waited;
    double wait_sum;
    int64_t in_system_at_start;
};

/* Run-time state of one service. */
struct hsc__service {
    const struct hsc_service *cfg; /* borrows */
    int64_t occupied;
    struct hsc__queue queue;
    struct hsc_tw occupancy_tw;
    struct hsc_tw waiting_tw;
    struct hsc_qhist wait_hist;
    struct hsc__period_counts period;
    struct hsc_flow_counts all;    /* whole run */
    gsl_rng **duration_rng;        /* owns [n_cohorts]; NULL where unused */
};

struct hsc_sim {
    const struct hsc_scenario *sc;  /* borrows */
    struct hsc_rep_output *out;     /* borrows */
    struct hsc_error *err;          /* borrows: set when the run must stop */
    uint64_t rep;
    double now;
    double t_measure;               /* start of the measurement period */
    double t_end;
    size_t n_days;
    bool measuring;
    bool failed;
    uint64_t events;

    struct hsc_event_queue events_pending;
    struct hsc_pool people;
    int64_t people_created, people_left;

    size_t n_services;
    struct hsc__service *services;  /* owns [n_services] */
    gsl_rng **arrival_rng;          /* owns [n_cohorts] */

    int64_t acute_capacity;         /* beds in all acute services */
    int64_t acute_occupied;
    struct hsc_level_hist acute_levels;
};

/* Scheduling; a full event list stops the run with an error. */
void hsc__sim_schedule(struct hsc_sim *sim, double time, enum hsc__event_kind kind,
                       uint32_t person, uint16_t service, uint32_t data);
struct hsc__person *hsc__sim_person(struct hsc_sim *sim, uint32_t index);
/* A new person, or HSC_NO_PERSON after stopping the run with an error. */
uint32_t hsc__sim_new_person(struct hsc_sim *sim, uint16_t cohort);
void hsc__sim_person_leaves(struct hsc_sim *sim, uint32_t person);
void hsc__sim_fail(struct hsc_sim *sim, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Services (service.c). */
void hsc__service_request(struct hsc_sim *sim, uint16_t svc, uint32_t person);
void hsc__service_depart(struct hsc_sim *sim, uint16_t svc, uint32_t person);
void hsc__services_start_measure(struct hsc_sim *sim);
void hsc__services_finish(struct hsc_sim *sim);

/* Demand (demand.c). */
void hsc__demand_start(struct hsc_sim *sim);
void hsc__demand_arrival(struct hsc_sim *sim, uint32_t cohort);

/* KPIs of the finished replication (kpis.c). */
void hsc__kpis_fill(const struct hsc_sim *sim, const struct hsc_kpi_set *set,
                    double *kpi);

#endif
