/*
 * Internal to src/config: building struct hsc_scenario from a validated-as-
 * we-go libconfig tree. scenario_load.c does the root and `run`;
 * scenario_entities.c the cohorts and services, which refer to each other
 * (a cohort names its acute service; a service has durations per cohort), so
 * both name lists are collected before either is read.
 */
#ifndef HSC_CONFIG_SCENARIO_BUILD_H
#define HSC_CONFIG_SCENARIO_BUILD_H

#include "config/cfg_ctx.h"
#include "hscflow/scenario.h"

struct hsc__scn_build {
    struct hsc__cfg_ctx *ctx;
    struct hsc_scenario *sc;         /* being filled */
    const config_setting_t *cohorts;  /* borrows: the `cohorts` group, or NULL */
    const config_setting_t *services; /* borrows: the `services` group, or NULL */
    const char **cohort_names;        /* [sc->n_cohorts], borrowed from the tree */
    const char **service_names;       /* [sc->n_services], borrowed from the tree */
    const char **service_roles;       /* [sc->n_services]: each `role` string or NULL */
    long *cohort_service;             /* [sc->n_cohorts]: acute service index or -1 */
};

/* Sizes sc's cohorts and services from the groups (either may be NULL) and
 * collects their names. Returns -1 when memory runs out (after reporting). */
int hsc__scn_collect(struct hsc__scn_build *b);

/* Reads and checks every cohort, then every service (with durations and the
 * cross references). Errors are reported; the caller checks the count. */
void hsc__scn_read_entities(struct hsc__scn_build *b);

void hsc__scn_build_fini(struct hsc__scn_build *b);

#endif
