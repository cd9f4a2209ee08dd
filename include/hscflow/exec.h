/*
 * Execution: runs the tasks (scenario point p, replication r) of a run on a
 * thread pool and gathers them into a struct hsc_results.
 *
 * Contract (docs/model.md, 5.3; docs/results-format.md, "Reproducibility
 * rule"): task index I = p * R + r; results are stored by index, never by
 * completion order, and summaries are computed afterwards in index order,
 * so the results are bit-identical for any number of threads, and for any
 * split of the tasks into the batches of a staged run.
 */
#ifndef HSCFLOW_EXEC_H
#define HSCFLOW_EXEC_H

#include <stdbool.h>
#include <stddef.h>

#include "hscflow/error.h"
#include "hscflow/results.h"
#include "hscflow/scenario.h"

/* Most threads a pool starts (more are capped to this). */
#define HSC_THREADPOOL_MAX 256

/* Runs fn(ctx, index) for every index in [0, n_tasks) on up to n_threads
 * threads (0 = all cores). fn returns 0 or -1; after a failure no new tasks
 * start, and the failure with the lowest index is the one reported: *failed
 * receives that index (n_tasks when none failed). If `progress` is true and
 * stderr is a terminal, a progress line is drawn on stderr once the work has
 * taken more than a second. Returns 0 when every task succeeded. */
int hsc_threadpool_run(size_t n_tasks, size_t n_threads,
                       int (*fn)(void *ctx, size_t index), void *ctx,
                       bool progress, size_t *failed);

/* As hsc_threadpool_run, with fn also told which worker runs the task:
 * `worker` < the number of threads started (0 when the work runs on the
 * calling thread), and no two tasks run on one worker at once, so fn may
 * keep per-worker scratch memory indexed by it. */
int hsc_threadpool_run_workers(size_t n_tasks, size_t n_threads,
                               int (*fn)(void *ctx, size_t worker, size_t index), void *ctx,
                               bool progress, size_t *failed);

/* Number of online cores (at least 1). */
size_t hsc_exec_cores(void);

struct hsc_exec_options {
    size_t threads;   /* 0 = all cores */
    bool progress;    /* progress line on stderr when it is a terminal */
    bool trace;       /* keep the per-person event trace (res->traces, /events) */
};

/* One scenario point of a run (everything borrowed). */
struct hsc_exec_point {
    const struct hsc_scenario *sc;
    const char *name;      /* point label; NULL = the scenario's name */
    const char *overrides; /* "path=value; ..." changed for this point, "" for none */
};

/* Runs every replication of every point (task I = p * R + r) and fills res
 * like hsc_exec_run, with P = n_points: a session (below) opened for the
 * base's replications, run once to all of them, and closed. Every point
 * must have the base's (points[0]) services, KPIs, seed, replications and
 * days; the base gives the provenance. Replication r of every point uses the same streams (common
 * random numbers). Returns 0, or -1 with err filled. */
int hsc_exec_run_points(const struct hsc_exec_point *points, size_t n_points,
                        const struct hsc_exec_options *opts, struct hsc_results *res,
                        struct hsc_error *err);

/* A run whose points get replications in stages (hsc_exec_run_points in
 * steps): `hscflow optimise` gives every point a first few, then more to
 * the close contenders only. Replication r of every point still uses the
 * same streams, and each task's results depend on (point, r) alone, so a
 * staged run stores exactly what one run of the same tasks stores. */
struct hsc_exec_session;

/* Checks the points as hsc_exec_run_points does (n_points >= 1) and
 * allocates res for max_reps replications of each (R = max_reps; every
 * value NaN, res->point_reps all 0), names and provenance filled. Returns 0
 * with *session made, or -1 with err filled (res then zeroed, *session
 * NULL). The scenarios (points[p].sc) are borrowed until
 * hsc_exec_session_close; the points' names and overrides are copied into
 * res and opts into the session, so those need not outlive this call. res
 * is borrowed by the session until hsc_exec_session_close (do not free it
 * before). */
int hsc_exec_session_open(struct hsc_exec_session **session,
                          const struct hsc_exec_point *points, size_t n_points,
                          size_t max_reps, const struct hsc_exec_options *opts,
                          struct hsc_results *res, struct hsc_error *err);

/* Runs, on the pool, replications res->point_reps[p] .. target[p] - 1 of
 * every point p whose target (target[P]) is larger, as one batch in
 * (point, replication) order, then sets res->point_reps[p] = target[p] for
 * those points and recomputes the summaries. A target at or below
 * point_reps[p] leaves the point as it is (replications are never dropped).
 * Returns 0, or -1 with err filled: when a target is above max_reps
 * (nothing is run), or from the lowest failing (point, replication) of the
 * batch; after a failure res is as before the call (the batch's slices NaN
 * again, point_reps and summaries unchanged) and the session may run again
 * or be closed. */
int hsc_exec_session_run(struct hsc_exec_session *session, const size_t *target,
                         struct hsc_error *err);

/* Frees the session (res stays the caller's). Safe on NULL. */
void hsc_exec_session_close(struct hsc_exec_session *session);

/* Runs every replication of the scenario (one scenario point) and fills res
 * (allocated here; release with hsc_results_free): KPIs, daily series,
 * summaries, names and provenance (res->build.libconfig_version included)
 * except the /provenance/run attributes, which the caller sets. With
 * opts->trace, each task records its events in its own res->traces[index]
 * and res->cohort_names and res->event_names (the model's code table,
 * hsc_trace_event_name) are filled: the one part of a run whose memory grows
 * with the people who passed through (about 32 bytes an event), so it is off
 * by default. Returns 0, or -1 with err filled (also when the trace runs out
 * of memory). */
int hsc_exec_run(const struct hsc_scenario *sc, const struct hsc_exec_options *opts,
                 struct hsc_results *res, struct hsc_error *err);

#endif
