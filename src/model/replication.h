/*
 * One replication's state, owned by hsc_sim_run: the scenario it runs, the
 * kernel (time, pending events, tokens), and one member per concept, each
 * declared in its own header. Handlers get it as their first argument.
 *
 * Nothing here is visible outside src/model. Everything mutable of a
 * replication is in this struct, so replications run on threads safely.
 */
#ifndef HSCFLOW_MODEL_REPLICATION_H
#define HSCFLOW_MODEL_REPLICATION_H

#include <stdbool.h>
#include <stdint.h>

#include "hscflow/error.h"
#include "hscflow/event_queue.h"
#include "hscflow/kpis.h"
#include "hscflow/scenario.h"
#include "hscflow/sim.h"
#include "acute.h"
#include "clock.h"
#include "demand.h"
#include "measures.h"
#include "person.h"
#include "runaway.h"
#include "service.h"
#include "staff.h"
#include "streams.h"

/* Event kinds; each has a handler in sim.c's table. */
enum hsc__event_kind {
    HSC_EV_START_MEASURE, /* warm-up ends: statistics restart */
    HSC_EV_END,           /* measurement ends: the run stops */
    HSC_EV_DAY,           /* a midnight: snapshots, electives, staffed services open */
    HSC_EV_ARRIVAL,       /* emergency presentation of process `data` (token 1: redraw only) */
    HSC_EV_ELECTIVE,      /* booked elective of cohort `data` */
    HSC_EV_REFERRAL,      /* community referral of process `data` */
    HSC_EV_STAY_END,      /* `person`'s time in service `service` ends */
    HSC_EV_ASSESS_END,    /* `person`'s assessment by service `service` ends */
    HSC_EV_DISCHARGE,     /* a pathway-0 `person` reaches a discharge opportunity */
    HSC_EV_READMIT,       /* `person` re-presents as an emergency */
    HSC_EV_CHECK91,       /* 91 days after `person`'s discharge into reablement / step-down */
    HSC_EV_DIVERT,        /* `person` has waited the acute service's maximum wait */
    HSC_EV_BRIDGE,        /* `person` has waited long enough in hospital to be bridged */
    HSC_EV_SHIFT,         /* staff group `data` starts its working hours today */
    HSC_EV_DELAY_END,     /* `person`'s non-capacity discharge delay ends */
    HSC_EV_HOLD_LAPSE,    /* the place held for `person` in service `service` is released */
    HSC_EV_WAIT_OUTCOME,  /* `person` waiting at home gives up, presents or dies (`data`) */
    HSC_EV_COMMUNITY_DEATH, /* `person` dies in the community, if still there */
    HSC_EV_KIND_COUNT
};

struct hsc_sim {
    const struct hsc_scenario *sc;  /* borrows */
    struct hsc_sim_workspace *ws;   /* borrows: where the pools come from and go back to */
    struct hsc_rep_output *out;     /* borrows */
    struct hsc_trace *trace;        /* borrows out->trace: NULL when not tracing */
    struct hsc_error *err;          /* borrows: set when the run must stop */
    uint64_t rep;
    /* Kernel. */
    double now;
    long today;                     /* day number of now (hsc__clock_day) */
    double today_from, today_to;    /* its midnight and the next: now is in [from, to) */
    bool measuring;                 /* inside the measurement period (measures.h reads it) */
    bool failed;
    uint64_t events;
    uint32_t next_token;
    struct hsc_event_queue pending;
    /* Concepts. */
    struct hsc__clock clock;
    struct hsc__people people;
    size_t n_services;
    struct hsc__service *services;  /* owns [n_services] */
    struct hsc__staff *staff;       /* owns [n_staff] */
    struct hsc__demand demand;
    struct hsc__cohort_rng *cohort_rng; /* owns [n_cohorts] */
    struct hsc__acute acute;
    struct hsc__measures m;
    struct hsc__runaway runaway;    /* filled at the end (hsc__runaway_check) */
};

/* Sets up replication `rep` of `sc` at time 0, before any event: every
 * concept initialised, nothing scheduled (hsc_sim_run then starts demand
 * and runs the loop; module tests drive the concepts directly). `out` and
 * `err` are borrowed (`out` may be NULL when nothing will be measured).
 * Returns 0, or -1 when memory runs out; either way release with
 * hsc__sim_fini (which gives a workspace's pools back to it). */
int hsc__sim_init(struct hsc_sim *sim, const struct hsc_scenario *sc, uint64_t rep,
                  struct hsc_rep_output *out, struct hsc_error *err);
void hsc__sim_fini(struct hsc_sim *sim);

/* What a workspace keeps between replications (sim.h). */
struct hsc_sim_workspace {
    struct hsc_pool people;           /* items == NULL until first used */
    struct hsc_event_queue pending;   /* heap == NULL until first used */
};

/* Schedules an event of `kind` at `time` (>= now) for `person` and
 * `service` with `data` and `token`; stops the run with a clear error when
 * the pending-event limit is reached. */
void hsc__sim_schedule(struct hsc_sim *sim, double time, enum hsc__event_kind kind,
                       uint32_t person, uint16_t service, uint32_t data, uint32_t token);
/* Schedules the one pending event of demand process `lane` (its lane of
 * the event list, demand.h) at `time` with `data` and `token`. */
void hsc__sim_schedule_lane(struct hsc_sim *sim, uint32_t lane, double time,
                            enum hsc__event_kind kind, uint32_t data, uint32_t token);
/* A fresh token (never 0, which means "none pending") to match an event to
 * the record that expects it. */
uint32_t hsc__sim_token(struct hsc_sim *sim);
/* Stops the run: the first failure fills sim->err with `path` and the
 * message, plus the replication and day. */
void hsc__sim_fail(struct hsc_sim *sim, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The person record at `index` (valid until the next new person). */
static inline struct hsc__person *hsc__sim_person(const struct hsc_sim *sim, uint32_t index)
{
    return hsc__people_at(&sim->people, index);
}

/* Day number of now (kept by hsc__sim_set_now). */
static inline long hsc__sim_today(const struct hsc_sim *sim)
{
    return sim->today;
}

/* Moves the clock to `time` (forwards or, in module tests, back); the day
 * number is recomputed only when a midnight was crossed, and always equals
 * hsc__clock_day(time). */
static inline void hsc__sim_set_now(struct hsc_sim *sim, double time)
{
    sim->now = time;
    if (!(time >= sim->today_from && time < sim->today_to)) {
        sim->today = hsc__clock_day(&sim->clock, time);
        sim->today_from = hsc__clock_midnight(&sim->clock, sim->today);
        sim->today_to = hsc__clock_midnight(&sim->clock, sim->today + 1);
    }
}

/* Records one step of the person's path when tracing (trace.h codes);
 * `from` and `to` are service indices or HSC_NO_SVC. */
void hsc__trace_record(struct hsc_sim *sim, uint32_t person, enum hsc_trace_event event,
                       int from, int to);
static inline void hsc__trace(struct hsc_sim *sim, uint32_t person, enum hsc_trace_event event,
                              int from, int to)
{
    if (sim->trace)
        hsc__trace_record(sim, person, event, from == HSC_NO_SVC ? -1 : from,
                          to == HSC_NO_SVC ? -1 : to);
}

/* Fills the KPIs of the finished replication (kpis.c), in the catalogue's
 * order. */
void hsc__kpis_fill(const struct hsc_sim *sim, const struct hsc_kpi_set *set, double *kpi);

#endif
