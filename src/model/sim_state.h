/*
 * Internal state of one replication, shared by the model's source files.
 *
 * One struct hsc_sim owns everything mutable of a replication; handlers get it
 * as their first argument. A person's record lives while they are in the
 * system or a follow-up (readmission, 91-day check) is pending for them, then
 * it is reused. Nothing here is visible outside src/model.
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

#define HSC_NO_SVC UINT16_MAX
#define HSC_READMISSION_DAYS 28.0
#define HSC_FOLLOWUP_DAYS 91.0
#define HSC_INTENSIVE_HOURS 10.0 /* home-care hours a week that count as intensive needs */

/* Event kinds; each has a handler in sim.c's table. */
enum hsc__event_kind {
    HSC_EV_START_MEASURE, /* warm-up ends: statistics restart */
    HSC_EV_END,           /* measurement ends: the run stops */
    HSC_EV_DAY,           /* a midnight: snapshots, electives, staffed services open */
    HSC_EV_ARRIVAL,       /* emergency presentation of process `data` (token 1: redraw only) */
    HSC_EV_ELECTIVE,      /* booked elective of cohort `data` */
    HSC_EV_REFERRAL,      /* community referral of process `data` */
    HSC_EV_STAY_END,      /* `person`'s time in service `service` ends */
    HSC_EV_DISCHARGE,     /* a pathway-0 `person` reaches a discharge opportunity */
    HSC_EV_READMIT,       /* `person` re-presents as an emergency */
    HSC_EV_CHECK91,       /* 91 days after `person`'s discharge into reablement / step-down */
    HSC_EV_DIVERT,        /* `person` has waited the acute service's maximum wait */
    HSC_EV_BRIDGE,        /* `person` has waited long enough in hospital to be bridged */
    HSC_EV_SHIFT,         /* staff group `data` starts its working hours today */
    HSC_EV_KIND_COUNT
};

/* Where a person is. */
enum hsc__phase {
    HSC_PH_NONE,
    HSC_PH_BOARDING,     /* waiting for an acute bed (ED boarding) */
    HSC_PH_TREATMENT,    /* in an acute bed, before ready for discharge */
    HSC_PH_READY,        /* in an acute bed, ready for discharge: delayed */
    HSC_PH_COMMUNITY,    /* in a community service */
    HSC_PH_BLOCKED,      /* in a community service, done, waiting for the next one */
    HSC_PH_WAITING_HOME, /* referred from the community, waiting at home */
    HSC_PH_BRIDGING,     /* in an interim service, still waiting for the one wanted */
    HSC_PH_AT_HOME,      /* left the system; a follow-up is pending */
    HSC_PH_DEAD          /* died; a follow-up is pending */
};

/* Delay reasons of people ready for discharge: 0 awaiting_discharge,
 * 1 awaiting_assessment, 2 + s awaiting service s. */
enum { HSC_REASON_DISCHARGE = 0, HSC_REASON_ASSESSMENT = 1, HSC_REASON_SERVICE0 = 2 };

/* Queue classes: hospital waiters first, then the community (MODEL.md). */
enum { HSC_CLASS_HOSPITAL = 0, HSC_CLASS_COMMUNITY = 1, HSC_CLASSES = 2 };

struct hsc__person {
    uint32_t next, prev;     /* queue links (the pool reuses `next` while free) */
    uint16_t cohort;
    uint8_t locality;
    uint8_t phase;           /* enum hsc__phase */
    uint16_t place;          /* service holding the person's place, or HSC_NO_SVC */
    uint16_t assess_place;   /* assessment service being assessed in, or HSC_NO_SVC */
    uint16_t want;           /* service waited for, or HSC_NO_SVC */
    uint16_t target;         /* acute pathway target service, HSC_NO_SVC = home */
    uint16_t reason;         /* delay reason while HSC_PH_READY */
    uint8_t queue_class;
    uint8_t from_acute;      /* the current request comes straight from an acute bed */
    uint8_t elective;
    uint8_t readmit_counted; /* the last discharge's readmission was counted */
    uint8_t partition;       /* locality partition of the place held (split services) */
    uint8_t step_up_open;    /* 1 + step-up service of an episode started in the period, 0 = none */
    uint8_t no_step_up;      /* this presentation is an admission after a step-up episode */
    uint64_t id;             /* person number within the replication (for the trace) */
    uint32_t stay_token;     /* matches the pending STAY_END / DISCHARGE event */
    uint32_t readmit_token;  /* matches the pending READMIT event, 0 = none */
    uint32_t check_token;    /* matches the pending CHECK91 event, 0 = none */
    uint32_t wait_token;     /* matches the pending DIVERT / BRIDGE event, 0 = none */
    double want_hours;       /* weekly care hours asked of the hours service waited for */
    double held_hours;       /* weekly care hours of the package held, 0 elsewhere */
    double asked_time;       /* when they asked for `want` */
    double ready_time;       /* acute: ready for discharge */
    double since;            /* start of the current delay / blocked interval */
    double discharge_time;   /* last live acute discharge, or -1 */
};

/* FIFO queue threaded through the people records. */
struct hsc__queue {
    uint32_t head;
    uint32_t tail;
    int64_t length;
};

/* Counts inside the measurement period, per service. */
struct hsc__period_counts {
    int64_t arrivals, admissions, departures, turned_away, withdrawn, waited;
    double wait_sum;
    double blocked_days;
    int64_t in_system_at_start;
};

/* A service's capacity is shared by everyone unless the scenario splits it
 * by locality; then each locality has its own partition and queues. */
#define HSC_MAX_PARTITIONS 255

struct hsc__partition {
    double capacity;               /* beds, caseload places or care hours a week */
    int64_t occupied;
    double committed_hours;
    struct hsc__queue queue[HSC_CLASSES];
};

/* Run-time state of one service. */
struct hsc__service {
    const struct hsc_service *cfg; /* borrows */
    int64_t occupied;              /* over all partitions */
    double committed_hours;        /* hours services, over all partitions */
    double capacity;               /* over all partitions */
    int64_t base_capacity;         /* beds without the calendar */
    unsigned working_days;         /* days new starts happen */
    bool always_open;              /* every day, all day: no roster check needed */
    size_t n_partitions;           /* 1, or n_localities when split */
    struct hsc__partition *parts;  /* owns [n_partitions] */
    int64_t waiting;               /* in every queue */
    struct hsc_tw occupancy_tw;
    struct hsc_tw waiting_tw;
    struct hsc_tw hours_tw;
    struct hsc_tw capacity_tw;     /* places or care hours a week available */
    int64_t step_up_started, step_up_admitted; /* episodes started in the period */
    struct hsc_qhist wait_hist;
    struct hsc__period_counts period;
    struct hsc_flow_counts all;    /* whole run */
    gsl_rng **duration_rng;        /* owns [n_cohorts]; NULL where unused */
    gsl_rng **hours_rng;           /* owns [n_cohorts] (hours kind) */
    gsl_rng **route_rng;           /* owns [n_cohorts] (community services) */
};

/* Run-time state of a staff group: posts filled, and those at work today. */
struct hsc__staff {
    double filled;         /* WTE x (1 - vacancy rate): posts paid */
    double rostered;       /* filled, spread over the roster's working days */
    double at_work;        /* rostered minus today's sickness absence */
    gsl_rng *absence_rng;  /* owns; NULL without absence */
};

/* A Poisson process of new people: emergencies per (cohort, locality) or
 * community referrals per (service, cohort, locality). */
struct hsc__process {
    uint16_t cohort;
    uint8_t locality;
    uint16_t service;  /* referrals: the service; emergencies: the acute service */
    double rate;       /* base rate a day */
    gsl_rng *rng;      /* owns */
};

/* Per-cohort streams of acute decisions. */
struct hsc__cohort_rng {
    gsl_rng *elective;   /* elective stays and localities */
    gsl_rng *death;
    gsl_rng *pathway;
    gsl_rng *discharge;  /* weekend discharge draws */
    gsl_rng *readmission;
    gsl_rng *step_up;
};

/* Measurement-period results that are not per service (kpis.c reads them).
 * The plain counts come first: hsc__measures_restart zeroes them in one go. */
struct hsc__measures {
    int64_t emergency_admissions, elective_admissions, elective_cancellations;
    double boarding_days_sum;
    int64_t boarding_over_12h;
    int64_t ready, still_delayed;
    int64_t live_discharges, within_72h;
    double delay_total;
    int64_t readmit_base, readmitted;
    int64_t care_home_admissions, care_home_from_acute;
    int64_t reablement_completions, reablement_no_further;
    int64_t check_base, check_at_home;
    int64_t deaths, deaths_in_hospital;
    int64_t days_over_92, days_measured;
    int64_t ed_diverted;
    /* Breakdowns (owned arrays), zeroed one by one. */
    int64_t *emergency_by_cohort, *emergency_by_locality;
    int64_t *discharges_by_cohort, *within_72h_by_cohort;
    double *delay_by_reason, *delay_by_cohort, *delay_by_locality;
    int64_t *readmit_base_by_cohort, *readmitted_by_cohort;
    int64_t *check_base_by_cohort, *check_at_home_by_cohort;
    /* State that carries over the restart. */
    double acute_area_at_midnight; /* area of the acute occupancy fraction, for daily means */
    struct hsc_tw intensive_tw;    /* home-care clients with intensive needs */
    int64_t intensive_clients;
};

struct hsc_sim {
    const struct hsc_scenario *sc;  /* borrows */
    struct hsc_rep_output *out;     /* borrows */
    struct hsc_trace *trace;        /* borrows out->trace: NULL when not tracing */
    struct hsc_error *err;          /* borrows: set when the run must stop */
    uint64_t rep;
    double now;
    double t_measure;               /* start of the measurement period: midnight of start_date */
    double t_end;
    size_t n_days;
    bool measuring;
    bool failed;
    uint64_t events;
    uint32_t next_token;

    int first_weekday;              /* weekday of start_date, 0 = Monday */
    int64_t start_days;             /* start_date as days since 1970-01-01 */
    long first_day;                 /* day number (relative to start_date) of day_factor[0] */
    size_t n_day_factors;
    double *day_factor;             /* owns: calendar factor of each day of the run */
    bool has_factors;               /* some day factor differs from 1 */
    bool has_hour_factors;          /* some hour factor differs from 1 */
    double *cohort_growth;          /* owns [n_cohorts * n_day_factors]: growth factor by day */
    bool has_growth;

    struct hsc_event_queue events_pending;
    struct hsc_pool people;
    int64_t entries, exits;         /* people entering / leaving the system */
    int64_t present;                /* people in the system now */

    size_t n_services;
    struct hsc__service *services;  /* owns [n_services] */
    size_t n_processes;
    struct hsc__process *processes; /* owns: emergencies first, then referrals */
    size_t n_emergency_processes;
    struct hsc__cohort_rng *cohort_rng; /* owns [n_cohorts] */
    struct hsc__staff *staff;       /* owns [n_staff] */
    gsl_rng **initial_rng;          /* owns [n_services * n_cohorts] */

    int64_t acute_capacity;         /* beds available in all acute services now */
    int64_t acute_occupied;
    struct hsc_tw acute_fraction_tw; /* occupied / available acute beds */
    size_t n_acute_levels;          /* one exact level histogram per total capacity seen */
    int64_t *acute_level_capacity;  /* owns [n_acute_levels] */
    struct hsc_level_hist *acute_levels; /* owns [n_acute_levels] */
    size_t acute_level_now;         /* the histogram of the current capacity */
    uint64_t next_person_id;
    double population;              /* everyone in every cohort and locality */
    struct hsc__measures m;
};

/* --- sim.c: scheduling, people, calendar --- */
void hsc__sim_schedule(struct hsc_sim *sim, double time, enum hsc__event_kind kind,
                       uint32_t person, uint16_t service, uint32_t data, uint32_t token);
/* The person record at `index` (valid until the next new person, which may
 * move the pool). */
static inline struct hsc__person *hsc__sim_person(struct hsc_sim *sim, uint32_t index)
{
    return (struct hsc__person *)(void *)sim->people.items + index;
}
/* A new person in the system, or HSC_NO_PERSON after stopping the run. */
uint32_t hsc__sim_new_person(struct hsc_sim *sim, uint16_t cohort, uint8_t locality);
/* The person leaves the system (home, death, turned away); their record is
 * kept while a follow-up is pending. */
void hsc__sim_person_exits(struct hsc_sim *sim, uint32_t person, bool died);
/* A person at home with a pending follow-up comes back into the system. */
void hsc__sim_person_returns(struct hsc_sim *sim, uint32_t person);
/* Releases the record of someone outside the system with nothing pending. */
void hsc__sim_person_forget(struct hsc_sim *sim, uint32_t person);
uint32_t hsc__sim_token(struct hsc_sim *sim);
void hsc__sim_fail(struct hsc_sim *sim, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Day number of `time` relative to start_date (negative in the warm-up). */
long hsc__sim_day(const struct hsc_sim *sim, double time);
double hsc__sim_midnight(const struct hsc_sim *sim, long day);
int hsc__sim_weekday(const struct hsc_sim *sim, long day);
double hsc__sim_day_factor(const struct hsc_sim *sim, long day);
/* Credits [from, to] clipped to the measurement period: the overlap in days. */
double hsc__sim_overlap(const struct hsc_sim *sim, double from, double to);
long hsc__sim_series_day(const struct hsc_sim *sim);

/* --- service.c: places, queues, staff --- */
/* Asks for a place in `svc` in queue class `cls`: admitted at once, queued or
 * (acute services with a queue limit) turned away. */
void hsc__service_request(struct hsc_sim *sim, uint16_t svc, uint32_t person, int cls);
/* Gives up the person's place (or assessment slot) in svc and lets the queue
 * move. hsc__service_vacate does the same for a place in partition `part`
 * the person has already swapped for another (their record no longer names
 * it), holding `hours`. */
void hsc__service_leave(struct hsc_sim *sim, uint16_t svc, uint32_t person);
/* Counts someone who asked for svc and was refused without queueing
 * (a step-up offer that found no room): an arrival turned away. */
void hsc__service_refuse(struct hsc_sim *sim, uint16_t svc);
/* Takes the person out of svc's queue without a place. */
void hsc__service_withdraw(struct hsc_sim *sim, uint16_t svc, uint32_t person);
void hsc__service_vacate(struct hsc_sim *sim, uint16_t svc, size_t part, double hours);
/* Whether the person could start in svc now without waiting. */
bool hsc__service_has_room(const struct hsc_sim *sim, uint16_t svc, uint32_t person);
/* Gives the person an interim place in svc (bridging) while they stay in the
 * queue of the service they wait for; false when svc has no room for them. */
bool hsc__service_place_interim(struct hsc_sim *sim, uint16_t svc, uint32_t person,
                                double hours);
/* Sets the capacity and its locality split (no other effect: for set-up). */
void hsc__service_split_capacity(struct hsc__service *svc, double capacity);
/* A new capacity (calendar, staff): a drop evicts nobody. */
void hsc__service_set_capacity(struct hsc_sim *sim, uint16_t svc, double capacity);
/* Acute occupancy or capacity changed: update the occupancy fraction. */
void hsc__service_acute_changed(struct hsc_sim *sim);
/* Admits from the queue while there is room (head of line, hospital first). */
void hsc__service_serve(struct hsc_sim *sim, uint16_t svc);
bool hsc__service_works_on(const struct hsc_sim *sim, uint16_t svc, long day);
/* End of a stay of `days` started now, counted in the staff's working days
 * for caseload services. */
double hsc__service_stay_end(const struct hsc_sim *sim, uint16_t svc, double days);
void hsc__services_start_measure(struct hsc_sim *sim);
void hsc__services_finish(struct hsc_sim *sim);
/* Places someone in a service at time 0 (initial occupancy). */
void hsc__service_place_initial(struct hsc_sim *sim, uint16_t svc, uint32_t person,
                                double remaining);

/* --- flow.c: what happens when people get places and stays end --- */
void hsc__flow_admitted(struct hsc_sim *sim, uint16_t svc, uint32_t person, uint16_t old_place,
                        double old_hours, uint8_t old_partition);
/* The person joined svc's queue (diversion and bridging clocks start). */
void hsc__flow_queued(struct hsc_sim *sim, uint16_t svc, uint32_t person);
void hsc__flow_divert(struct hsc_sim *sim, uint32_t person);
/* The person leaves a community place for hospital (a re-presentation): a
 * step-up episode then ends in an admission after all. */
void hsc__flow_leave_for_hospital(struct hsc_sim *sim, uint32_t person);
void hsc__flow_bridge(struct hsc_sim *sim, uint32_t person);
void hsc__flow_turned_away(struct hsc_sim *sim, uint16_t svc, uint32_t person);
void hsc__flow_stay_end(struct hsc_sim *sim, uint16_t svc, uint32_t person);
void hsc__flow_discharge(struct hsc_sim *sim, uint32_t person);
void hsc__flow_present(struct hsc_sim *sim, uint32_t person);
void hsc__flow_credit_delay(struct hsc_sim *sim, struct hsc__person *person);

/* --- followup.c --- */
void hsc__followup_after_discharge(struct hsc_sim *sim, uint32_t person, uint16_t dest);
void hsc__followup_readmit(struct hsc_sim *sim, uint32_t person);
void hsc__followup_check91(struct hsc_sim *sim, uint32_t person);

/* --- streams.c: one stream per named sampling process (docs/random-streams.md) --- */
int hsc__streams_setup(struct hsc_sim *sim);
void hsc__streams_fini(struct hsc_sim *sim);
/* A stream for the process named by the printf-style arguments, or NULL. */
gsl_rng *hsc__stream(const struct hsc_sim *sim, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* --- demand.c --- */
int hsc__demand_setup(struct hsc_sim *sim);
void hsc__demand_fini(struct hsc_sim *sim);
void hsc__demand_start(struct hsc_sim *sim);
void hsc__demand_arrival(struct hsc_sim *sim, uint32_t process, bool redraw);
void hsc__demand_referral(struct hsc_sim *sim, uint32_t process, bool redraw);
void hsc__demand_electives_today(struct hsc_sim *sim, long day);
void hsc__demand_elective(struct hsc_sim *sim, uint32_t cohort);
uint8_t hsc__demand_locality(struct hsc_sim *sim, uint16_t cohort, gsl_rng *rng);
void hsc__demand_initial(struct hsc_sim *sim);

/* --- trace (sim.c): records one event of the person's path when tracing --- */
void hsc__trace_record(struct hsc_sim *sim, uint32_t person, enum hsc_trace_event event,
                       int from, int to);
static inline void hsc__trace(struct hsc_sim *sim, uint32_t person, enum hsc_trace_event event,
                              int from, int to)
{
    if (sim->trace)
        hsc__trace_record(sim, person, event, from == HSC_NO_SVC ? -1 : from,
                          to == HSC_NO_SVC ? -1 : to);
}

/* --- staff.c: rosters, absence and the capacity of staffed services --- */
int hsc__staff_setup(struct hsc_sim *sim);
void hsc__staff_fini(struct hsc_sim *sim);
/* Capacity a staffed service has with its group's staff at work now. */
double hsc__staff_capacity(const struct hsc_sim *sim, const struct hsc_service *cfg);
/* Midnight of `day`: draws today's absence, updates capacities, schedules the
 * start of working hours. */
void hsc__staff_new_day(struct hsc_sim *sim, long day);
/* Whether the group's working hours include now (days are checked apart). */
bool hsc__staff_on_shift(const struct hsc_sim *sim, size_t group);
void hsc__staff_shift_starts(struct hsc_sim *sim, size_t group);

/* --- measures.c --- */
int hsc__measures_init(struct hsc_sim *sim);
void hsc__measures_fini(struct hsc_sim *sim);
void hsc__measures_restart(struct hsc_sim *sim);
void hsc__measures_midnight(struct hsc_sim *sim, long day);
void hsc__measures_finish(struct hsc_sim *sim);
/* Intensive home-care clients change by `change` now. */
void hsc__measures_intensive(struct hsc_sim *sim, int change);
/* The total acute capacity changed: switch its exact level histogram. */
void hsc__measures_acute_capacity(struct hsc_sim *sim);
/* Quantile of the time-weighted occupied / available acute fraction. */
double hsc__measures_acute_quantile(const struct hsc_sim *sim, double q);

/* --- kpis.c --- */
void hsc__kpis_fill(const struct hsc_sim *sim, const struct hsc_kpi_set *set, double *kpi);

#endif
