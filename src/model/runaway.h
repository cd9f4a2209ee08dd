/*
 * Runaway queues: at the end of a replication, each service's daily waiting
 * count (the midnight snapshots of /timeseries/waiting; for an acute service
 * that is the ED queue, people waiting for a bed) is tested for a sustained
 * rise over the second half of the measured days. A queue that passes is
 * "running away": demand outgrew capacity and the replication's KPIs describe
 * a system that was not in steady state (gridlock), not a stable one.
 *
 * The test (docs/kpis.md, "Runaway queues", gives the justification):
 *   - applied only when the period has at least HSC_RUNAWAY_MIN_DAYS whole
 *     days; shorter runs are not tested (KPI runaway_queues NaN, no flags);
 *   - over the second half (days floor(D/2) .. D-1), with n its days and a
 *     week of HSC_RUNAWAY_WEEK days:
 *     growth = least-squares slope x (n - 1), the rise along the fitted line;
 *     rise   = mean of its last week - mean of its first week;
 *     noise  = sqrt(v x (n - 1)), v = sample variance of the changes over a
 *              week (x[d + 7] - x[d], both days in the second half) / 7:
 *              the standard deviation of the change over the half of a queue
 *              with no drift (a random walk) that varies as much from week
 *              to week (weekday patterns cancel in a week's change);
 *   - threshold = max(HSC_RUNAWAY_FLOOR, HSC_RUNAWAY_Z x noise);
 *   - flagged when growth >= threshold and rise >= threshold;
 *   - an acute service is also flagged when its ED queue is saturated: more
 *     people waiting for a bed than the service has beds at every midnight of
 *     the second half (a gridlock that built up before the period, e.g. in a
 *     long warm-up, and no longer grows).
 * Everything is a pure function of the series, summed in day order, so the
 * flags are identical for any thread count.
 */
#ifndef HSCFLOW_MODEL_RUNAWAY_H
#define HSCFLOW_MODEL_RUNAWAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct hsc_sim;

#define HSC_RUNAWAY_MIN_DAYS 56 /* whole days measured for the test to apply */
#define HSC_RUNAWAY_WEEK 7       /* days averaged at each end of the second half, and
                                    the span of the changes whose spread is the noise */
#define HSC_RUNAWAY_Z 3.0        /* growth and rise must exceed this many noise sds */
#define HSC_RUNAWAY_FLOOR 10.0   /* people: the least growth that can flag a queue */

/* The test of one daily series, with its intermediate figures (people). */
struct hsc__runaway_fit {
    bool applied;     /* the series has at least HSC_RUNAWAY_MIN_DAYS days */
    bool flagged;     /* applied, growth >= threshold and rise >= threshold */
    double growth;    /* fitted rise over the second half */
    double rise;      /* last week's mean - first week's mean, second half */
    double noise;     /* sd of a driftless queue's change over the half */
    double threshold; /* max(HSC_RUNAWAY_FLOOR, HSC_RUNAWAY_Z x noise) */
};

/* Tests the series x[d * stride], d = 0 .. n_days - 1 (stride >= 1; x may be
 * NULL when n_days is 0). When not applied every figure is 0. */
void hsc__runaway_test(const float *x, size_t n_days, size_t stride,
                       struct hsc__runaway_fit *fit);

/* Whether the series x[d * stride] stays above `level` at every day of the
 * second half of n_days (n_days >= HSC_RUNAWAY_MIN_DAYS). */
bool hsc__runaway_saturated(const float *x, size_t n_days, size_t stride, double level);

/* One replication's verdicts. */
struct hsc__runaway {
    bool applied;    /* the period was long enough to test */
    size_t count;    /* services whose queue ran away */
    uint8_t *flag;   /* owns [n_services]: 1 where the service's queue ran away */
};

/* Allocates the flags (zero, not applied). Returns 0, or -1 when memory
 * runs out. */
int hsc__runaway_init(struct hsc_sim *sim);
void hsc__runaway_fini(struct hsc_sim *sim);

/* The run has ended (after hsc__measures_finish, before the KPIs): tests
 * every service's daily waiting series in sim->out->waiting and copies the
 * flags to sim->out->runaway when that is not NULL. */
void hsc__runaway_check(struct hsc_sim *sim);

#endif
