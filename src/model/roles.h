/*
 * What each service role means: one row per role (the roles are described
 * in docs/scenario-reference.md, "services").
 *
 * Headline KPIs key on roles, never on service names, and the flow asks
 * this table instead of comparing roles in scattered `if`s. Adding a role is
 * a row here, its name in src/config and its line in the docs
 * (docs/architecture.md walks through it).
 */
#ifndef HSCFLOW_MODEL_ROLES_H
#define HSCFLOW_MODEL_ROLES_H

#include <stdbool.h>
#include <stdint.h>

#include "hscflow/scenario.h"

struct hsc_sim;

/* The place a person gave up by taking a new one: passed to the flow as it
 * stood, so nobody patches a person's record to account for the old state. */
struct hsc__place {
    uint16_t service;    /* HSC_NO_SVC when they held none */
    uint8_t partition;   /* locality partition of the place */
    uint8_t phase;       /* the person's phase while they held it */
    double hours;        /* care hours a week of the package held (hours kind) */
};

/* What happens when a person gets a place in service `svc` (their record
 * already names it; `given_up` is the place they left for it), and when
 * their stay there ends. */
typedef void (*hsc__admitted_fn)(struct hsc_sim *sim, uint16_t svc, uint32_t person,
                                 const struct hsc__place *given_up);
typedef void (*hsc__stay_ends_fn)(struct hsc_sim *sim, uint16_t svc, uint32_t person);

struct hsc__role_rules {
    bool acute;             /* an acute bed pool: acute occupancy, boarding, discharge */
    bool keeps_place;       /* taking it keeps the place held (assessment in the acute bed) */
    bool community;         /* a community service: exits per cohort, blocking */
    bool away_from_home;    /* a place in it means "not at home" at the 91-day check */
    bool starts_91d_check;  /* an acute discharge into it starts the 91-day check */
    bool care_home;         /* care-home admissions and residents (intensive-needs KPI) */
    bool intensive_at_home; /* clients with >= 10 h a week are intensive needs at home */
    bool step_up;           /* admission avoidance: episodes and admissions avoided */
    bool reablement;        /* reablement completions and "no further care" */
    bool delay_reason;      /* waiting for it is delay reason awaiting_<service name> */
    hsc__admitted_fn admitted;
    hsc__stay_ends_fn stay_ends;
};

/* The rules of every role, indexed by enum hsc_role. */
extern const struct hsc__role_rules hsc__roles[HSC_ROLE_COUNT];

static inline const struct hsc__role_rules *hsc__role_of(const struct hsc_service *cfg)
{
    return &hsc__roles[cfg->role];
}

#endif
