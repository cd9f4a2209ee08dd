/*
 * Services at run time: places, queues and capacity, whatever the kind.
 *
 * A service's capacity is shared by everyone unless the scenario splits it
 * by locality; then each locality has its own partition and queues. Each
 * partition has two queues, hospital waiters first, each strictly head of
 * line. Invariant: no queue head that fits is left waiting. What a new place
 * means for the person is the role's business (roles.h); what a place
 * commits is the kind's (kinds.h). Counting is measures.h's.
 */
#ifndef HSCFLOW_MODEL_SERVICE_H
#define HSCFLOW_MODEL_SERVICE_H

#include <gsl/gsl_rng.h>
#include <stdbool.h>
#include <stdint.h>

#include "hscflow/scenario.h"
#include "hscflow/sim.h"
#include "hscflow/stats.h"
#include "kinds.h"
#include "person.h"
#include "roles.h"

struct hsc_sim;

/* FIFO queue threaded through the people records. */
struct hsc__queue {
    uint32_t head;
    uint32_t tail;
    int64_t length;
};

/* Counts inside the measurement period, per service (measures.h keeps
 * them; a restart zeroes them in one assignment). */
struct hsc__period_counts {
    int64_t arrivals, admissions, departures, turned_away, withdrawn, waited;
    int64_t step_up_started, step_up_admitted; /* step-up episodes started in the period */
    int64_t held_returns;          /* people back from hospital to a place held for them */
    double held_days;              /* days places were held inside the period */
    int64_t gave_up, presented, died_waiting; /* ends of waits at home */
    double wait_sum;
    double blocked_days;
    int64_t in_system_at_start;
};

struct hsc__partition {
    double capacity;               /* beds, caseload places or care hours a week */
    int64_t occupied;
    double committed_hours;
    struct hsc__queue queue[HSC_CLASSES];
};

/* Run-time state of one service. */
struct hsc__service {
    const struct hsc_service *cfg;      /* borrows */
    const struct hsc__role_rules *role; /* borrows hsc__roles[cfg->role] */
    const struct hsc__kind_rules *kind; /* borrows hsc__kinds[cfg->kind] */
    int64_t occupied;              /* over all partitions */
    double committed_hours;        /* hours services, over all partitions */
    double capacity;               /* over all partitions */
    unsigned working_days;         /* days new starts happen */
    bool always_open;              /* every day, all day: no roster check needed */
    bool working_day_stays;        /* stays count working days only: the kind may, the
                                      service's duration_counts asks for it and its staff
                                      do not work every day */
    bool discharges_any_time;      /* acute: discharge hours all day, every day */
    size_t n_partitions;           /* 1, or n_localities when split */
    struct hsc__partition *parts;  /* owns [n_partitions] */
    int64_t waiting;               /* in every queue */
    struct hsc_tw occupancy_tw;
    struct hsc_tw waiting_tw;
    struct hsc_tw hours_tw;
    struct hsc_tw capacity_tw;     /* places or care hours a week available */
    struct hsc_qhist wait_hist;
    struct hsc__period_counts period;
    struct hsc_flow_counts all;    /* whole run */
    gsl_rng **duration_rng;        /* owns [n_cohorts]; NULL where unused */
    gsl_rng **hours_rng;           /* owns [n_cohorts] (hours kind) */
    gsl_rng **route_rng;           /* owns [n_cohorts] (community services) */
    gsl_rng **wait_rng;            /* owns [n_cohorts] (waiting_at_home); NULL where unused */
};

/* What ends a wait at home before a place (the `data` of a WAIT_OUTCOME
 * event; the service's queue clock decides, flow.h acts on it). */
enum hsc__home_outcome { HSC_HOME_GIVES_UP = 1, HSC_HOME_PRESENTS, HSC_HOME_DIES };

/* What became of a request for a place. */
enum hsc__request_outcome {
    HSC_REQ_ADMITTED,    /* got a place at once (the role's `admitted` has run) */
    HSC_REQ_QUEUED,      /* waits in the queue (or got a place from it since) */
    HSC_REQ_TURNED_AWAY  /* full with the queue at its limit: the caller decides */
};

/* Sets up the run-time state of every service of the scenario with its
 * capacity at time 0 (calendars and staff at work; staff first). Returns 0,
 * or -1 when memory runs out (then hsc__services_fini cleans up). */
int hsc__services_init(struct hsc_sim *sim);
void hsc__services_fini(struct hsc_sim *sim);

/* Asks for a place in `svc` in queue class `cls` for a person who waits for
 * nothing else (their want_hours set for an hours service): admitted at
 * once, queued (with the service's diversion or bridging clock started), or
 * turned away (their request withdrawn; the caller moves them on). */
enum hsc__request_outcome hsc__service_request(struct hsc_sim *sim, uint16_t svc,
                                               uint32_t person, int cls);
/* Whether the person could start in svc now without waiting. */
bool hsc__service_has_room(const struct hsc_sim *sim, uint16_t svc, uint32_t person);
/* Counts someone who asked for svc and was refused without queueing
 * (a step-up offer that found no room): an arrival turned away. */
void hsc__service_refuse(struct hsc_sim *sim, uint16_t svc);
/* Takes the person out of svc's queue without a place. */
void hsc__service_withdraw(struct hsc_sim *sim, uint16_t svc, uint32_t person);
/* Gives up the person's place (or assessment slot) in svc and lets the
 * queue move. */
void hsc__service_leave(struct hsc_sim *sim, uint16_t svc, uint32_t person);
/* Frees a place the person has already swapped for another (their record no
 * longer names it) and lets its queue move. */
void hsc__service_vacate(struct hsc_sim *sim, const struct hsc__place *place);
/* Gives the person an interim place in svc holding `hours` (bridging) while
 * they stay in the queue of the service they wait for; false when svc has
 * no room for them. Their record then names svc; `*given_up` is filled with
 * the place they held, which the caller vacates. */
bool hsc__service_place_interim(struct hsc_sim *sim, uint16_t svc, uint32_t person,
                                double hours, struct hsc__place *given_up);
/* Places someone in a service at time 0 (initial occupancy) for `remaining`
 * days. */
void hsc__service_place_initial(struct hsc_sim *sim, uint16_t svc, uint32_t person,
                                double remaining);
/* Admits from the queue while there is room (head of line, hospital first). */
void hsc__service_serve(struct hsc_sim *sim, uint16_t svc);
/* Whether new starts happen in svc on day `day` (its staff's working days). */
bool hsc__service_works_on(const struct hsc_sim *sim, uint16_t svc, long day);
/* End of a stay of `days` started now: now + days, or, for a service whose
 * stays count working days (a caseload service with duration_counts =
 * "working_days" and staff who do not work every day), the moment the
 * staff's working days since now add up to `days` (time on other days does
 * not count; a stay ending exactly at the end of a working day ends at
 * that midnight). Also used for the remaining stays of initial occupancy. */
double hsc__service_stay_end(const struct hsc_sim *sim, uint16_t svc, double days);
/* The place the person holds now, as hsc__place. */
struct hsc__place hsc__service_place_of(const struct hsc_sim *sim, uint32_t person);

/* --- service_capacity.c: calendars, staff and the locality split --- */
/* Beds of bed service `cfg` on day `day`: its calendar's period, else its base. */
int64_t hsc__service_beds_on(const struct hsc_sim *sim, const struct hsc_service *cfg, long day);
/* Capacity at time 0: beds on day of time 0, or from staff at work. */
double hsc__service_initial_capacity(const struct hsc_sim *sim, const struct hsc__service *svc);
/* Sets the capacity and its locality split (no other effect: for set-up). */
void hsc__service_split_capacity(struct hsc__service *svc, double capacity);
/* A new capacity (calendar, staff): a drop evicts nobody; a rise serves the
 * queue. */
void hsc__service_set_capacity(struct hsc_sim *sim, uint16_t svc, double capacity);
/* Midnight of `day`: bed services with a calendar take that day's beds. */
void hsc__services_apply_calendars(struct hsc_sim *sim, long day);

#endif
