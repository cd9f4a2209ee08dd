/*
 * Scenarios: libconfig files loaded into validated, immutable plain C structs.
 *
 * Every setting is checked before the first event; nothing libconfig-typed
 * leaves src/config. Settings are documented in docs/scenario-reference.md.
 * `--set path=value` overrides are applied through libconfig's typed API after
 * parsing, and the resolved scenario text (overrides included, floats with
 * %.17g) is kept for the results file's provenance.
 */
#ifndef HSCFLOW_SCENARIO_H
#define HSCFLOW_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hscflow/calendar.h"
#include "hscflow/dist.h"
#include "hscflow/error.h"

/* Service kinds and roles (MODEL.md). The order of roles is fixed. */
enum hsc_kind { HSC_KIND_BEDS, HSC_KIND_CASELOAD, HSC_KIND_HOURS, HSC_KIND_COUNT };
enum hsc_role {
    HSC_ROLE_ACUTE,
    HSC_ROLE_ASSESSMENT,
    HSC_ROLE_STEP_UP,
    HSC_ROLE_STEP_DOWN,
    HSC_ROLE_COMMUNITY_HOSPITAL,
    HSC_ROLE_REABLEMENT,
    HSC_ROLE_HOME_CARE,
    HSC_ROLE_CARE_HOME,
    HSC_ROLE_OTHER,
    HSC_ROLE_COUNT
};

const char *hsc_kind_name(enum hsc_kind kind);   /* "beds" */
const char *hsc_role_name(enum hsc_role role);   /* "acute" */

/* Run settings (`run.*`); flags override them. */
struct hsc_run_settings {
    uint64_t seed;             /* run.seed, 0 .. 2^63-1 */
    int64_t replications;      /* run.replications, >= 1 */
    double warmup_days;        /* run.warmup_days, >= 0 */
    double measure_days;       /* run.measure_days, > 0 */
    struct hsc_date start_date; /* run.start_date: first day measured */
    int64_t max_people;        /* run.max_people: hard limit on people in the system */
    int64_t max_events;        /* run.max_events: hard limit on pending events */
};

/* A cohort of people with its own demand (`cohorts.<name>`). */
struct hsc_cohort {
    char *name;               /* owns */
    double emergency_per_day; /* Poisson rate of emergency presentations a day */
    size_t acute_service;     /* index into scenario services: the acute pool presented to */
};

/* A service (`services.<name>`). */
struct hsc_service {
    char *name;               /* owns */
    enum hsc_kind kind;
    enum hsc_role role;
    int64_t capacity;         /* beds */
    int64_t max_queue;        /* -1 = unlimited; 0 = pure loss */
    struct hsc_dist *duration; /* owns: [n_cohorts]: the cohort's own entry, else the
                                  "default" entry, else kind NONE (the cohort never uses it) */
};

struct hsc_scenario {
    char *name;               /* owns: scenario name, [a-z0-9][a-z0-9_-]*, 1..64 characters */
    char *description;        /* owns: `description`, NULL when absent */
    char *path;               /* owns: file it was loaded from */
    char *resolved_text;      /* owns: the resolved scenario (includes and --set applied) */
    struct hsc_run_settings run;
    size_t n_cohorts;
    struct hsc_cohort *cohorts;   /* owns [n_cohorts], in file order */
    size_t n_services;
    struct hsc_service *services; /* owns [n_services], in file order */
};

/* One `--set path=value` override (strings borrowed). */
struct hsc_override {
    const char *path;
    const char *value;
};

/* Loads and validates a scenario file, applying the overrides in order
 * (after parsing, before validation; docs/scenario-reference.md). Every
 * problem goes into errs as file:line: path: message ("(command line)" as the
 * file for --set problems); loading stops early once it has added an error
 * and errs is full (limit 1 = stop at the first). Returns 0 when the scenario
 * is valid (sc is then filled and must be released with hsc_scenario_fini),
 * -1 otherwise (sc left empty, even if errs was already full on entry). */
int hsc_scenario_load(const char *path, const struct hsc_override *overrides,
                      size_t n_overrides, struct hsc_scenario *sc,
                      struct hsc_errors *errs);
/* Releases everything sc owns and zeroes it; safe on a zeroed scenario. */
void hsc_scenario_fini(struct hsc_scenario *sc);

/* Splits "path=value" (owned by the caller) at the first '=' into an override
 * pointing into it (the '=' is overwritten). Returns false when there is no
 * '=' or the path is empty. */
bool hsc_override_parse(char *text, struct hsc_override *ov);

/* Index of the named service / cohort, or -1. */
long hsc_scenario_find_service(const struct hsc_scenario *sc, const char *name);
long hsc_scenario_find_cohort(const struct hsc_scenario *sc, const char *name);

#endif
