/*
 * One replication of a scenario: builds the replication's state, runs the
 * event loop from time 0 (start of warm-up) to warm-up + measurement, and
 * fills that replication's KPIs and daily series. Everything mutable lives in
 * one struct owned by the call, so replications run on threads safely, and
 * the outcome is a pure function of (scenario, replication).
 */
#ifndef HSCFLOW_SIM_H
#define HSCFLOW_SIM_H

#include <stddef.h>
#include <stdint.h>

#include "hscflow/error.h"
#include "hscflow/kpis.h"
#include "hscflow/scenario.h"
#include "hscflow/trace.h"

/* Where one replication writes its results (all borrowed). */
struct hsc_rep_output {
    double *kpi;        /* [K] */
    float *occupancy;   /* [D * S], day-major */
    float *waiting;     /* [D * S] */
    float *admissions;  /* [D] */
    float *discharges;  /* [D] */
    uint8_t *runaway;   /* [S] or NULL: 1 where the service's queue ran away (the
                           runaway-queue test at the end of the replication,
                           docs/kpis.md); 0 elsewhere and when the period is too
                           short to test */
    struct hsc_trace *trace; /* NULL = no trace; else the replication appends its
                                records in event order (see trace.h) */
};

/* Flow counts of one service over the whole run (warm-up included). */
struct hsc_flow_counts {
    int64_t arrivals;    /* asked for a place */
    int64_t admissions;  /* got a place */
    int64_t departures;  /* left the place */
    int64_t turned_away; /* refused: full with the queue at its limit */
    int64_t withdrawn;   /* left the queue before a place (e.g. re-admitted to hospital) */
    int64_t occupied;    /* holding a place at the end */
    int64_t waiting;     /* waiting at the end */
};

/* What a replication did, for the conservation checks, tests and benchmark. */
struct hsc_sim_stats {
    uint64_t events;          /* events handled */
    int64_t people_created;   /* entries into the system (new people and returns) */
    int64_t people_left;      /* exits: home, death, turned away, cancelled */
    int64_t people_present;   /* people in it at the end */
    uint32_t peak_people;     /* most person records ever in use at once */
    size_t n_services;
    struct hsc_flow_counts *services; /* owns [n_services] when non-NULL */
};

/* Number of whole days measured (the D of the daily series). */
size_t hsc_sim_days(const struct hsc_scenario *sc);

/* Runs replication `rep` (0-based). Returns 0, or -1 with err filled (a hard
 * limit reached or memory exhausted). If stats is non-NULL it is filled and
 * must be released with hsc_sim_stats_fini. Conservation (nobody lost or
 * counted twice, per service and overall) is asserted at the end of every
 * replication. */
int hsc_sim_run(const struct hsc_scenario *sc, const struct hsc_kpi_set *kpis,
                uint64_t rep, struct hsc_rep_output *out,
                struct hsc_sim_stats *stats, struct hsc_error *err);

/* Memory a worker keeps from one replication to the next (the people pool
 * and the event list), so that after its first replication a worker runs
 * without growing them again or faulting in new pages. One workspace serves
 * one replication at a time; results never depend on it. */
struct hsc_sim_workspace;
/* A new, empty workspace, or NULL when memory runs out. */
struct hsc_sim_workspace *hsc_sim_workspace_new(void);
/* Frees the workspace and what it holds; NULL is allowed. */
void hsc_sim_workspace_free(struct hsc_sim_workspace *ws);
/* hsc_sim_run using (and leaving its memory in) workspace `ws`. */
int hsc_sim_run_in(struct hsc_sim_workspace *ws, const struct hsc_scenario *sc,
                   const struct hsc_kpi_set *kpis, uint64_t rep, struct hsc_rep_output *out,
                   struct hsc_sim_stats *stats, struct hsc_error *err);
void hsc_sim_stats_fini(struct hsc_sim_stats *stats);

/* Name of a trace event code ("arrive", "request", ...; docs/results-format.md
 * lists them all), the code table of the results file's /events; "unknown"
 * for a value outside the enum. A static string. */
const char *hsc_trace_event_name(enum hsc_trace_event event);

#endif
