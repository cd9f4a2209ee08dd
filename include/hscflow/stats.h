/*
 * Statistics: summaries over replications, time-weighted means, and
 * streaming quantiles with flat memory.
 *
 * Everything here is deterministic and allocation-free once initialised;
 * summaries are computed in index order so results never depend on threads.
 */
#ifndef HSCFLOW_STATS_H
#define HSCFLOW_STATS_H

#include <stddef.h>
#include <stdint.h>

/* Summary of values over replications; NaN values are skipped. With fewer
 * than 2 values sd, ci_low and ci_high are NaN; with none every field but n
 * is NaN. The CI is mean +/- t(0.975, n-1) * sd / sqrt(n). Percentiles use
 * linear interpolation between order statistics (the rule of GSL's
 * gsl_stats_quantile_from_sorted_data). */
struct hsc_summary {
    double mean, sd, ci_low, ci_high, p05, p50, p95;
    double n; /* number of non-NaN values */
};

/* x[i * stride] for i < n; scratch must hold n doubles. */
void hsc_summary_compute(const double *x, size_t n, size_t stride,
                         double *scratch, struct hsc_summary *out);

/* Student-t 97.5% quantile with df degrees of freedom (df >= 1). */
double hsc_t975(double df);

/* Time-weighted level: integrates level x time since the last restart. */
struct hsc_tw {
    double t_start;
    double t_last;
    double level;
    double area;
};

void hsc_tw_init(struct hsc_tw *tw, double time, double level);
/* Starts a new integration window at `time` (area := 0); the level stays. */
void hsc_tw_restart(struct hsc_tw *tw, double time);
/* The level changes to `level` at `time` (time never goes backwards). */
static inline void hsc_tw_set(struct hsc_tw *tw, double time, double level)
{
    tw->area += tw->level * (time - tw->t_last);
    tw->t_last = time;
    tw->level = level;
}
/* Mean level over [t_start, time]; NaN for an empty window. */
double hsc_tw_mean(const struct hsc_tw *tw, double time);

/* Time spent at each integer level 0..max_level (a capped occupancy count):
 * gives the exact quantiles of a time-weighted integer distribution. */
struct hsc_level_hist {
    double *time_at; /* owns: [max_level + 1] */
    size_t max_level;
    size_t level;
    double t_last;
};

int hsc_level_hist_init(struct hsc_level_hist *lh, size_t max_level,
                        double time, size_t level); /* -1 on OOM */
void hsc_level_hist_fini(struct hsc_level_hist *lh);
void hsc_level_hist_restart(struct hsc_level_hist *lh, double time);
static inline void hsc_level_hist_set(struct hsc_level_hist *lh, double time,
                                      size_t level)
{
    size_t at = lh->level < lh->max_level ? lh->level : lh->max_level;
    lh->time_at[at] += time - lh->t_last;
    lh->t_last = time;
    lh->level = level;
}
/* Smallest level L with (time at levels <= L) >= q * total time, counting
 * time up to `time`; NaN when no time has passed. */
double hsc_level_hist_quantile(const struct hsc_level_hist *lh, double time,
                               double q);

/* Streaming quantiles of non-negative values: exact count of zeros, then
 * geometric bins of relative width HSC_QHIST_REL between HSC_QHIST_MIN and
 * HSC_QHIST_MAX (values below MIN count in the first bin, above MAX in the
 * last). A quantile is reported as the geometric centre of its bin, so its
 * relative error is at most HSC_QHIST_REL / 2 inside the range. */
#define HSC_QHIST_MIN 1e-4  /* days: about 9 seconds */
#define HSC_QHIST_MAX 1e5   /* days: about 274 years */
#define HSC_QHIST_REL 0.005 /* 0.5% wide bins */

struct hsc_qhist {
    uint64_t n;
    uint64_t zeros;
    uint64_t *bins; /* owns */
    size_t n_bins;
};

int hsc_qhist_init(struct hsc_qhist *qh); /* -1 on OOM */
void hsc_qhist_fini(struct hsc_qhist *qh);
void hsc_qhist_reset(struct hsc_qhist *qh);
void hsc_qhist_add(struct hsc_qhist *qh, double x);
/* Nearest-rank q-quantile (0 < q <= 1): the value of rank ceil(q * n);
 * NaN when empty. */
double hsc_qhist_quantile(const struct hsc_qhist *qh, double q);

#endif
