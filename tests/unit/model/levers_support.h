/*
 * Helpers shared by the lever tests: runs with the per-person trace kept,
 * KPI and series lookups, and trace counting. Header-only (static inline) so
 * each test program uses what it needs.
 */
#ifndef HSCFLOW_TESTS_LEVERS_SUPPORT_H
#define HSCFLOW_TESTS_LEVERS_SUPPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hscflow/trace.h"
#include "support/run_support.h"
#include "support/model_support.h"

static inline const struct hsc_trace *trace_of(const struct hsc_results *res)
{
    return &res->traces[0];
}

static inline uint32_t cohort_index(const struct hsc_results *res, const char *name)
{
    for (size_t c = 0; c < res->n_cohorts; c++)
        if (strcmp(res->cohort_names[c], name) == 0)
            return (uint32_t)c;
    fail_msg("no cohort %s", name);
    return 0;
}

/* One slot per person number in the trace, for per-person times. */
static inline double *per_person(const struct hsc_trace *trace, size_t *n)
{
    uint64_t most = 0;
    for (size_t i = 0; i < trace->count; i++)
        if (trace->records[i].person > most)
            most = trace->records[i].person;
    *n = (size_t)most + 1;
    double *slots = malloc(*n * sizeof *slots);
    assert_non_null(slots);
    for (size_t i = 0; i < *n; i++)
        slots[i] = NAN;
    return slots;
}

/* Records of `event` (with `from`/`to` equal to the given service, -2 for
 * any) whose time lies in [lo, hi). */
static inline size_t count_events(const struct hsc_trace *trace, enum hsc_trace_event event, int from,
                           int to, double lo, double hi)
{
    size_t n = 0;
    for (size_t i = 0; i < trace->count; i++) {
        const struct hsc_trace_record *r = &trace->records[i];
        if (r->event == (uint32_t)event && (from == -2 || r->from == from) &&
            (to == -2 || r->to == to) && r->time >= lo && r->time < hi)
            n++;
    }
    return n;
}

#endif
