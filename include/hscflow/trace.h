/*
 * The per-person event trace (`hscflow run --trace`): one record per event
 * in a person's path, for audit and analysts' own analysis. Off by default;
 * when off the model only tests a NULL pointer.
 *
 * The record list is generic (src/core). The event codes are the model's:
 * they are listed here so that records and model agree on them, and their
 * names come from the model (hsc_trace_event_name, sim.h). Codes and their
 * names are a contract of the results file (/events and its code-table
 * attributes, docs/results-format.md): append new codes, never renumber.
 */
#ifndef HSCFLOW_TRACE_H
#define HSCFLOW_TRACE_H

#include <stddef.h>
#include <stdint.h>

enum hsc_trace_event {
    HSC_TRACE_ARRIVE,       /* enters the system: `to` = first service asked for */
    HSC_TRACE_REQUEST,      /* asks for a place in `to` (from = place held, or -1) */
    HSC_TRACE_ADMIT,        /* gets a place in `to` (from = place given up, or -1) */
    HSC_TRACE_READY,        /* ready for discharge in acute service `from` */
    HSC_TRACE_DISCHARGE,    /* live acute discharge from `from` to `to` (-1 = home) */
    HSC_TRACE_LEAVE,        /* gives up the place in `from` */
    HSC_TRACE_HOME,         /* leaves the system home */
    HSC_TRACE_DEATH,        /* dies (from = place held, or -1) */
    HSC_TRACE_TURNED_AWAY,  /* refused by `from`: full and its queue at its limit */
    HSC_TRACE_DIVERTED,     /* left the queue for acute service `from` after the maximum wait */
    HSC_TRACE_CANCELLED,    /* elective cancelled at acute service `from` */
    HSC_TRACE_REPRESENT,    /* re-presents as an emergency (readmission or exit to hospital) */
    HSC_TRACE_STEP_UP,      /* offered admission avoidance and taken by step-up service `to` */
    HSC_TRACE_BRIDGE,       /* moves to interim service `to` while waiting for `from` */
    HSC_TRACE_WITHDRAW,     /* leaves the queue for `from` without a place */
    HSC_TRACE_HOLD,         /* goes to hospital; service `from` holds the place for them */
    HSC_TRACE_EVENT_COUNT
};

struct hsc_trace_record {
    double time;      /* simulation time in days */
    uint64_t person;  /* person number within the replication, from 0 */
    uint32_t cohort;  /* cohort index */
    uint32_t event;   /* enum hsc_trace_event */
    int32_t from;     /* service index, or -1 */
    int32_t to;       /* service index, or -1 */
};

/* A growing list of records (one per task). */
struct hsc_trace {
    struct hsc_trace_record *records; /* owns [cap] */
    size_t count;
    size_t cap;
};

/* Appends a record; returns 0, or -1 when memory runs out. */
int hsc_trace_add(struct hsc_trace *trace, const struct hsc_trace_record *record);
void hsc_trace_fini(struct hsc_trace *trace);

#endif
