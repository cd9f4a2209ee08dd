/*
 * The scenario schema: every group of settings, its known keys, their types
 * and ranges (documented in docs/scenario-reference.md; keep them in step).
 *
 * To add a setting, add a row and, for FIXED groups, an index constant in
 * cfg_schema.h. Defaults are applied by the scenario builder, which owns the
 * C structs; distribution parameters come from dist.h, not from here.
 */
#include "config/cfg_schema.h"

#include <stdio.h>
#include <string.h>

#include "hscflow/dist.h"
#include "hscflow/scenario.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Upper bounds that keep a run's memory and time finite: counts fit the
 * kernel's 32-bit pools; 1000000 days (about 2700 years) keeps whole-day
 * counts exact and every measured date before the year 10000. */
#define MAX_COUNT 10000000
#define MAX_DAYS 1000000.0
#define MAX_RATE 1000000.0

const char *const hsc__cfg_kind_names[] = {"beds", "caseload", "hours", NULL};
const char *const hsc__cfg_role_names[] = {
    "acute",   "assessment", "step_up",   "step_down", "community_hospital",
    "reablement", "home_care", "care_home", "other",     NULL};

_Static_assert(COUNT(hsc__cfg_kind_names) == HSC_KIND_COUNT + 1, "one name per kind");
_Static_assert(COUNT(hsc__cfg_role_names) == HSC_ROLE_COUNT + 1, "one name per role");

#define INT_KEY(n, req, lo, hi) {.name = n, .type = HSC__CFG_INT, .required = req, \
                                 .imin = lo, .imax = hi}
#define NUM_KEY(n, req, lo, open, hi) {.name = n, .type = HSC__CFG_NUMBER, .required = req, \
                                       .min = lo, .min_open = open, .max = hi}

static const struct hsc__cfg_key root_keys[] = {
    [HSC__ROOT_NAME] = {.name = "name", .type = HSC__CFG_STRING, .required = true},
    [HSC__ROOT_DESCRIPTION] = {.name = "description", .type = HSC__CFG_STRING},
    [HSC__ROOT_RUN] = {.name = "run", .type = HSC__CFG_GROUP},
    [HSC__ROOT_COHORTS] = {.name = "cohorts", .type = HSC__CFG_GROUP, .required = true},
    [HSC__ROOT_SERVICES] = {.name = "services", .type = HSC__CFG_GROUP, .required = true},
};

static const struct hsc__cfg_key run_keys[] = {
    [HSC__RUN_SEED] = INT_KEY("seed", false, 0, INT64_MAX),
    [HSC__RUN_REPLICATIONS] = INT_KEY("replications", false, 1, 100000),
    [HSC__RUN_WARMUP_DAYS] = NUM_KEY("warmup_days", false, 0.0, false, MAX_DAYS),
    [HSC__RUN_MEASURE_DAYS] = NUM_KEY("measure_days", false, 0.0, true, MAX_DAYS),
    [HSC__RUN_START_DATE] = {.name = "start_date", .type = HSC__CFG_DATE},
    [HSC__RUN_MAX_PEOPLE] = INT_KEY("max_people", false, 1, INT32_MAX),
    [HSC__RUN_MAX_EVENTS] = INT_KEY("max_events", false, 1, 16777216),
};

static const struct hsc__cfg_key cohort_keys[] = {
    [HSC__COHORT_EMERGENCY_PER_DAY] = NUM_KEY("emergency_per_day", true, 0.0, false, MAX_RATE),
    [HSC__COHORT_ACUTE_SERVICE] = {.name = "acute_service", .type = HSC__CFG_STRING},
};

/* Later issues add the other kinds and roles by dropping `only`. */
#define ACUTE_BEDS_ONLY \
    "this version of hscflow simulates acute bed pools only (kind \"beds\", role \"acute\")"

static const struct hsc__cfg_key service_keys[] = {
    [HSC__SERVICE_KIND] = {.name = "kind", .type = HSC__CFG_ENUM, .required = true,
                           .choices = hsc__cfg_kind_names, .noun = "kind", .only = "beds",
                           .only_why = ACUTE_BEDS_ONLY},
    [HSC__SERVICE_ROLE] = {.name = "role", .type = HSC__CFG_ENUM, .required = true,
                           .choices = hsc__cfg_role_names, .noun = "role", .only = "acute",
                           .only_why = ACUTE_BEDS_ONLY},
    [HSC__SERVICE_CAPACITY] = INT_KEY("capacity", true, 0, MAX_COUNT),
    [HSC__SERVICE_MAX_QUEUE] = INT_KEY("max_queue", false, 0, MAX_COUNT),
    [HSC__SERVICE_DURATION] = {.name = "duration", .type = HSC__CFG_GROUP, .required = true},
};

const struct hsc__cfg_group hsc__cfg_schema_root = {"", HSC__MEMBERS_FIXED, root_keys,
                                                    COUNT(root_keys), NULL};
const struct hsc__cfg_group hsc__cfg_schema_run = {"run", HSC__MEMBERS_FIXED, run_keys,
                                                   COUNT(run_keys), NULL};
const struct hsc__cfg_group hsc__cfg_schema_cohort = {"cohorts.*", HSC__MEMBERS_FIXED,
                                                      cohort_keys, COUNT(cohort_keys), NULL};
const struct hsc__cfg_group hsc__cfg_schema_service = {"services.*", HSC__MEMBERS_FIXED,
                                                       service_keys, COUNT(service_keys), NULL};
static const struct hsc__cfg_group schema_cohorts = {"cohorts", HSC__MEMBERS_NAMED, NULL, 0,
                                                     "cohort"};
static const struct hsc__cfg_group schema_services = {"services", HSC__MEMBERS_NAMED, NULL, 0,
                                                      "service"};
static const struct hsc__cfg_group schema_duration = {"services.*.duration",
                                                      HSC__MEMBERS_COHORTS, NULL, 0, "duration entry"};
const struct hsc__cfg_group hsc__cfg_schema_dist = {"services.*.duration.*", HSC__MEMBERS_DIST,
                                                  NULL, 0, NULL};

static const struct hsc__cfg_group *const all_groups[] = {
    &hsc__cfg_schema_root,  &hsc__cfg_schema_run,     &schema_cohorts,  &hsc__cfg_schema_cohort,
    &schema_services,       &hsc__cfg_schema_service, &schema_duration, &hsc__cfg_schema_dist,
};

const struct hsc__cfg_group *hsc__cfg_schema_child(const struct hsc__cfg_group *parent,
                                                  const char *name)
{
    if (!parent)
        return &hsc__cfg_schema_root;
    bool any = parent->members == HSC__MEMBERS_NAMED || parent->members == HSC__MEMBERS_COHORTS;
    char pattern[256];
    snprintf(pattern, sizeof pattern, "%s%s%s", parent->pattern, parent->pattern[0] ? "." : "",
             any ? "*" : name);
    for (size_t i = 0; i < COUNT(all_groups); i++)
        if (strcmp(all_groups[i]->pattern, pattern) == 0)
            return all_groups[i];
    return NULL;
}

const struct hsc__cfg_key *hsc__cfg_schema_key(const struct hsc__cfg_group *group,
                                              const char *name)
{
    for (size_t i = 0; i < group->n_keys; i++)
        if (strcmp(group->keys[i].name, name) == 0)
            return &group->keys[i];
    return NULL;
}

/* Appends name unless it is already listed. */
static size_t add_unique(const char **names, size_t n, size_t cap, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i], name) == 0)
            return n;
    if (n < cap)
        names[n++] = name;
    return n;
}

size_t hsc__cfg_schema_names(const struct hsc__cfg_group *group, int dist_kind,
                             const char **names, size_t cap)
{
    size_t n = 0;
    if (group->members == HSC__MEMBERS_FIXED) {
        for (size_t i = 0; i < group->n_keys; i++)
            n = add_unique(names, n, cap, group->keys[i].name);
        return n;
    }
    if (group->members != HSC__MEMBERS_DIST)
        return 0;
    n = add_unique(names, n, cap, "dist");
    int first = dist_kind ? dist_kind : HSC_DIST_EXPONENTIAL;
    int last = dist_kind ? dist_kind : HSC_DIST_HISTOGRAM;
    for (int kind = first; kind <= last; kind++)
        for (const char *const *p = hsc_dist_param_names((enum hsc_dist_kind)kind); *p; p++)
            n = add_unique(names, n, cap, *p);
    return n;
}

bool hsc__cfg_is_dist_param(const char *name)
{
    for (int kind = HSC_DIST_EXPONENTIAL; kind <= HSC_DIST_HISTOGRAM; kind++)
        for (const char *const *p = hsc_dist_param_names((enum hsc_dist_kind)kind); *p; p++)
            if (strcmp(*p, name) == 0)
                return true;
    return false;
}
