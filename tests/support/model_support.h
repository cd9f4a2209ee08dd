/*
 * Helpers for model tests that read results by name: run with the per-person
 * trace kept, a KPI of replication 0, a service's index, and the midnight
 * snapshots of replication 0 of point 0. Header-only (static inline).
 */
#ifndef HSCFLOW_TESTS_MODEL_SUPPORT_H
#define HSCFLOW_TESTS_MODEL_SUPPORT_H

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
