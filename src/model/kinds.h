/*
 * What each service kind does with its capacity: one row of operations per
 * kind (beds, caseload, hours; docs/scenario-reference.md, "services").
 *
 * The service code asks this table whether a person fits, what holding a
 * place commits, how staff become capacity and what a period costs, so
 * adding a kind is a row here plus its config and docs
 * (docs/architecture.md). Invariant: a kind's operations use only the
 * partition, service and staff state they are given.
 */
#ifndef HSCFLOW_MODEL_KINDS_H
#define HSCFLOW_MODEL_KINDS_H

#include <stdbool.h>
#include <stdint.h>

#include "hscflow/scenario.h"

struct hsc__service;
struct hsc__partition;

struct hsc__kind_rules {
    /* Capacity counts whole places (split by locality in whole places)
     * rather than care hours a week. */
    bool whole_places;
    /* Each person needs a drawn number of care hours a week (`hours`). */
    bool draws_hours;
    /* Stays may count the staff group's working days only, when the
     * service's `duration_counts` says so (caseload); otherwise, and for
     * every other kind, a stay of d days ends d elapsed days after it
     * starts. */
    bool may_count_working_days;
    /* Whether a person needing `hours` a week fits in the partition now. */
    bool (*fits)(const struct hsc__partition *part, double hours);
    /* `change` people (+1 or -1) holding `hours` a week take or give up
     * places in the partition at `time` (the people count is the caller's;
     * this adds what the kind commits besides). NULL: nothing besides. */
    void (*commit)(struct hsc__service *svc, struct hsc__partition *part, int64_t change,
                   double hours, double time);
    /* Capacity from `at_work` WTE of the service's staff group; NULL for a
     * kind whose capacity is not staffed (beds). */
    double (*staff_capacity)(const struct hsc_service *cfg, const struct hsc_staff_group *group,
                             double at_work);
    /* £ of a period with `bed_days` occupied place-days and `care_hours`
     * delivered, at the service's unit costs. */
    double (*cost)(const struct hsc_service *cfg, double bed_days, double care_hours);
};

/* The operations of every kind, indexed by enum hsc_kind. */
extern const struct hsc__kind_rules hsc__kinds[HSC_KIND_COUNT];

static inline const struct hsc__kind_rules *hsc__kind_of(const struct hsc_service *cfg)
{
    return &hsc__kinds[cfg->kind];
}

#endif
