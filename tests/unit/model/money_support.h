/*
 * Helpers shared by the roster and money tests: KPI and series lookups, and
 * runs with the per-person trace kept (to check exact times and places).
 * Header-only (static inline) so each test program uses what it needs.
 */
#ifndef HSCFLOW_TESTS_MONEY_SUPPORT_H
#define HSCFLOW_TESTS_MONEY_SUPPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hscflow/trace.h"
#include "support/run_support.h"
#include "support/model_support.h"

/* 2026-04-01, the start date of every scenario here that looks at weekdays,
 * is a Wednesday: weekday (0 = Monday) of day d of the measured period. */
static inline int weekday_of(long day)
{
    long wd = (2 + day) % 7;
    return (int)(wd < 0 ? wd + 7 : wd);
}

static const char *const weekday_names[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

/* Value of a KPI in replication r of point p. */
static inline double point_value(const struct hsc_results *res, size_t point, size_t rep,
                          const char *name)
{
    return res->kpi_value[hsc_results_kpi_index(res, point, rep, support_kpi(res, name))];
}

/* One slot per person number in the trace, NaN to start with. */
static inline double *per_person(const struct hsc_trace *trace)
{
    uint64_t most = 0;
    for (size_t i = 0; i < trace->count; i++)
        if (trace->records[i].person > most)
            most = trace->records[i].person;
    double *slots = malloc(((size_t)most + 1) * sizeof *slots);
    assert_non_null(slots);
    for (uint64_t i = 0; i <= most; i++)
        slots[i] = NAN;
    return slots;
}

/* The person gave up a place in service s: left it, or moved on from it. */
static inline bool gives_up(const struct hsc_trace_record *r, int s)
{
    return (r->event == HSC_TRACE_LEAVE || r->event == HSC_TRACE_ADMIT) && r->from == s &&
           r->to != s;
}

/* Person-days spent in service s inside [lo, hi), from the trace alone: an
 * independent count of occupied bed-days (or client-days). */
static inline double place_days(const struct hsc_trace *trace, int s, double lo, double hi)
{
    double *since = per_person(trace);
    double days = 0.0;
    for (size_t i = 0; i < trace->count; i++) {
        const struct hsc_trace_record *r = &trace->records[i];
        if (gives_up(r, s)) {
            assert_false(isnan(since[r->person]));
            days += fmax(0.0, fmin(r->time, hi) - fmax(since[r->person], lo));
            since[r->person] = NAN;
        }
        if (r->event == HSC_TRACE_ADMIT && r->to == s)
            since[r->person] = r->time;
    }
    for (size_t i = 0; i < trace->count; i++) {
        uint64_t person = trace->records[i].person;
        if (!isnan(since[person])) {
            days += fmax(0.0, hi - fmax(since[person], lo));
            since[person] = NAN;
        }
    }
    free(since);
    return days;
}

#endif
