/*
 * People: the record of one person in a replication, and its lifecycle.
 *
 * A record lives while the person is in the system or a follow-up
 * (readmission, 91-day check) is pending for them, then it goes back to the
 * pool. Invariant: entries = exits + present at every moment, and every
 * record in use is someone present or someone with a follow-up pending
 * (sim.c checks both at the end of every replication).
 */
#ifndef HSCFLOW_MODEL_PERSON_H
#define HSCFLOW_MODEL_PERSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hscflow/pool.h"

struct hsc_sim;

#define HSC_NO_SVC UINT16_MAX

/* Where a person is. */
enum hsc__phase {
    HSC_PH_NONE,         /* record free, or a new person not yet placed */
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
 * 1 awaiting_assessment, 2 + s awaiting service s, then the non-capacity
 * codes (hsc__reason_of_code). */
enum { HSC_REASON_DISCHARGE = 0, HSC_REASON_ASSESSMENT = 1, HSC_REASON_SERVICE0 = 2 };

/* The delay reason of non-capacity code `code` in a scenario with
 * `n_services` services. */
static inline uint16_t hsc__reason_of_code(size_t n_services, int code)
{
    return (uint16_t)(HSC_REASON_SERVICE0 + n_services + (size_t)code);
}

/* Queue classes: hospital waiters first, then the community (docs/model.md). */
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
    uint8_t partition;       /* locality partition of `place` (split services) */
    uint8_t step_up_open;    /* 1 + step-up service of an episode started in the period, 0 = none */
    uint8_t no_step_up;      /* this presentation is an admission after a step-up episode */
    uint8_t delay_code;      /* 1 + the non-capacity code this discharge waits for, 0 = none */
    uint8_t hold_partition;  /* locality partition of the place `hold_svc` holds for them */
    uint16_t hold_svc;       /* service holding a place for the person in hospital, or HSC_NO_SVC */
    uint32_t hold_token;     /* matches the pending HOLD_LAPSE event, 0 = none */
    uint32_t death_token;    /* matches the pending COMMUNITY_DEATH event, 0 = none */
    uint32_t assess_token;   /* matches the pending end of an assessment (ASSESS_END) */
    uint8_t d2a;             /* discharged to assess: 1 assessment pending, 2 and the stay
                                in the service is over; 0 = not */
    double hold_hours;       /* weekly care hours of the package `hold_svc` holds for them */
    double hold_since;       /* when the place started to be held */
    uint64_t id;             /* person number within the replication (for the trace) */
    uint32_t stay_token;     /* matches the pending STAY_END / DISCHARGE / DELAY_END event */
    uint32_t readmit_token;  /* matches the pending READMIT event, 0 = none */
    uint32_t check_token;    /* matches the pending CHECK91 event, 0 = none */
    uint32_t wait_token;     /* matches the pending DIVERT / BRIDGE event, 0 = none */
    double want_hours;       /* weekly care hours asked of the hours service waited for */
    double held_hours;       /* weekly care hours of the package at `place`, 0 elsewhere */
    double asked_time;       /* when they asked for `want` */
    double ready_time;       /* acute: ready for discharge */
    double since;            /* start of the current delay / blocked interval */
    double discharge_time;   /* last live acute discharge, or -1 */
};

/* Everyone of a replication: the records and the flow in and out. */
struct hsc__people {
    struct hsc_pool pool;    /* of struct hsc__person */
    int64_t entries, exits;  /* people entering / leaving the system */
    int64_t present;         /* people in the system now */
    uint64_t next_id;
};

/* Sets up an empty pool that grows to at most `max_people` records, in the
 * memory of `reuse` when it holds some (a pool kept from an earlier
 * replication, taken over: *reuse is left empty). Returns 0, or -1 when
 * memory runs out. */
int hsc__people_init(struct hsc__people *people, uint32_t max_people, struct hsc_pool *reuse);
void hsc__people_fini(struct hsc__people *people);

/* The record at `index`: valid until the next hsc__person_new, which may
 * move the pool. */
static inline struct hsc__person *hsc__people_at(const struct hsc__people *people,
                                                 uint32_t index)
{
    return (struct hsc__person *)(void *)people->pool.items + index;
}

/* A new person of `cohort` living in `locality`, entering the system with
 * no place; HSC_NO_PERSON after stopping the run (limit or memory). */
uint32_t hsc__person_new(struct hsc_sim *sim, uint16_t cohort, uint8_t locality);
/* The person leaves the system (home, death, turned away) holding and
 * waiting for nothing; their record is kept while a follow-up is pending. */
void hsc__person_exits(struct hsc_sim *sim, uint32_t person, bool died);
/* The death of someone leaving the system (hsc__person_exits) or already at
 * home within a follow-up: traced and counted, no readmission; the record is
 * kept while a 91-day check is pending. */
void hsc__person_dies(struct hsc_sim *sim, uint32_t person);
/* A person at home with a pending follow-up comes back into the system. */
void hsc__person_returns(struct hsc_sim *sim, uint32_t person);
/* Releases the record of someone outside the system with nothing pending. */
void hsc__person_forget(struct hsc_sim *sim, uint32_t person);
/* Whether the record is someone in the system (not free, home or dead). */
bool hsc__person_in_system(const struct hsc__person *person);

#endif
