/*
 * Helpers for model tests that check exact times and places against the
 * per-person event trace of replication 0 (run with run_traced): per-person
 * slots, counting events, and person-days in a service recounted from the
 * trace alone. Header-only (static inline); include after <cmocka.h>.
 */
#ifndef HSCFLOW_TESTS_TRACE_READING_H
#define HSCFLOW_TESTS_TRACE_READING_H

#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "hscflow/trace.h"
#include "support/model_support.h"

static inline const struct hsc_trace *trace_of(const struct hsc_results *res)
{
    return &res->traces[0];
}

/* One slot per person number in the trace, NaN to start with; *n (unless n
 * is NULL) receives the number of slots. */
static inline double *per_person(const struct hsc_trace *trace, size_t *n)
{
    uint64_t most = 0;
    for (size_t i = 0; i < trace->count; i++)
        if (trace->records[i].person > most)
            most = trace->records[i].person;
    size_t slots_n = (size_t)most + 1;
    double *slots = malloc(slots_n * sizeof *slots);
    assert_non_null(slots);
    for (size_t i = 0; i < slots_n; i++)
        slots[i] = NAN;
    if (n)
        *n = slots_n;
    return slots;
}

/* Records of `event` (with `from`/`to` equal to the given service, -2 for
 * any) whose time lies in [lo, hi). */
static inline size_t count_events(const struct hsc_trace *trace, enum hsc_trace_event event,
                                  int from, int to, double lo, double hi)
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
    double *since = per_person(trace, NULL);
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
