/*
 * Helpers for model tests that run scenario text and read results by name:
 * run (with or without the per-person trace), a KPI of replication 0, a
 * service's or cohort's index, and the midnight snapshots of replication 0 of
 * point 0. Header-only (static inline).
 */
#ifndef HSCFLOW_TESTS_MODEL_SUPPORT_H
#define HSCFLOW_TESTS_MODEL_SUPPORT_H

#include <stdint.h>
#include <string.h>

#include "support/run_support.h"

/* Loads scenario text and runs it with the event trace on, one thread: the
 * trace of replication 0 is res->traces[0]. */
static inline void run_traced(struct hsc_results *res, const char *text)
{
    struct hsc_scenario sc;
    support_load(&sc, NULL, 0, "%s", text);
    struct hsc_exec_options opts = {.threads = 1, .progress = false, .trace = true};
    struct hsc_error err = {0};
    if (hsc_exec_run(&sc, &opts, res, &err) != 0) {
        char buf[1024];
        hsc_error_format(&err, buf, sizeof buf);
        fail_msg("run failed: %s", buf);
    }
    assert_non_null(res->traces);
    hsc_scenario_fini(&sc);
}

/* Loads scenario text and runs every replication (support_run: two threads,
 * no trace). */
static inline void run_scenario(struct hsc_results *res, const char *text)
{
    struct hsc_scenario sc;
    support_load(&sc, NULL, 0, "%s", text);
    support_run(&sc, res);
    hsc_scenario_fini(&sc);
}

static inline double kpi(const struct hsc_results *res, const char *name)
{
    return support_value(res, name, 0);
}

static inline int service_index(const struct hsc_results *res, const char *name)
{
    for (size_t s = 0; s < res->n_services; s++)
        if (strcmp(res->service_names[s], name) == 0)
            return (int)s;
    fail_msg("no service %s", name);
    return -1;
}

static inline uint32_t cohort_index(const struct hsc_results *res, const char *name)
{
    for (size_t c = 0; c < res->n_cohorts; c++)
        if (strcmp(res->cohort_names[c], name) == 0)
            return (uint32_t)c;
    fail_msg("no cohort %s", name);
    return 0;
}

/* The midnight snapshots of day d of replication 0 of point 0. */
static inline float occupancy_on(const struct hsc_results *res, const char *service, size_t day)
{
    return res->ts_occupancy[day * res->n_services + (size_t)service_index(res, service)];
}

static inline float waiting_on(const struct hsc_results *res, const char *service, size_t day)
{
    return res->ts_waiting[day * res->n_services + (size_t)service_index(res, service)];
}

#endif
