/*
 * Statistics: summaries over replications, time-weighted levels, capped
 * level histograms and log-binned streaming quantiles.
 *
 * Invariant: results depend only on the values and their index order, never
 * on threads; nothing here allocates after init. Bad arguments are bugs
 * (HSC_ASSERT), not input errors: callers validate what users write.
 */
#include "hscflow/stats.h"

#include "hscflow/error.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

double hsc_t975(double df)
{
    HSC_ASSERT(df >= 1);
    return gsl_cdf_tdist_Pinv(0.975, df);
}

/* Mean and sd are computed over the values in index order (before sorting)
 * so they match a straightforward sum; only the percentiles need the sorted
 * copy in scratch. */
/* GSL's interpolation rule (position q (n - 1) between order statistics),
 * written as a + f (b - a): GSL's (1 - f) a + f b can step outside [a, b] by
 * an ulp (three values of 622 gave a 5th percentile of 622.0000000000001),
 * which breaks p05 <= p50 <= p95. */
static double sorted_quantile(const double *sorted, size_t n, double q)
{
    double pos = q * (double)(n - 1);
    size_t lo = (size_t)pos;
    if (lo + 1 >= n)
        return sorted[n - 1];
    double frac = pos - (double)lo;
    return sorted[lo] + frac * (sorted[lo + 1] - sorted[lo]);
}

void hsc_summary_compute(const double *x, size_t n, size_t stride,
                         double *scratch, struct hsc_summary *out)
{
    HSC_ASSERT(n == 0 || (x && scratch && stride >= 1));
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        double v = x[i * stride];
        if (!isnan(v))
            scratch[m++] = v;
    }
    out->n = (double)m;
    out->mean = out->sd = out->ci_low = out->ci_high = NAN;
    out->p05 = out->p50 = out->p95 = NAN;
    if (m == 0)
        return;
    out->mean = gsl_stats_mean(scratch, 1, m);
    if (m >= 2) {
        out->sd = gsl_stats_sd_m(scratch, 1, m, out->mean);
        double half = hsc_t975((double)(m - 1)) * out->sd / sqrt((double)m);
        out->ci_low = out->mean - half;
        out->ci_high = out->mean + half;
    }
    gsl_sort(scratch, 1, m);
    out->p05 = sorted_quantile(scratch, m, 0.05);
    out->p50 = sorted_quantile(scratch, m, 0.50);
    out->p95 = sorted_quantile(scratch, m, 0.95);
}

void hsc_tw_init(struct hsc_tw *tw, double time, double level)
{
    tw->t_start = time;
    tw->t_last = time;
    tw->level = level;
    tw->area = 0.0;
}

void hsc_tw_restart(struct hsc_tw *tw, double time)
{
    HSC_ASSERT(time >= tw->t_last);
    tw->t_start = time;
    tw->t_last = time;
    tw->area = 0.0;
}

double hsc_tw_mean(const struct hsc_tw *tw, double time)
{
    HSC_ASSERT(time >= tw->t_last);
    if (!(time > tw->t_start))
        return NAN;
    double area = tw->area + tw->level * (time - tw->t_last);
    return area / (time - tw->t_start);
}

int hsc_level_hist_init(struct hsc_level_hist *lh, size_t max_level,
                        double time, size_t level)
{
    lh->time_at = calloc(max_level + 1, sizeof *lh->time_at);
    if (!lh->time_at)
        return -1;
    lh->max_level = max_level;
    lh->level = level;
    lh->t_last = time;
    return 0;
}

void hsc_level_hist_fini(struct hsc_level_hist *lh)
{
    free(lh->time_at);
    memset(lh, 0, sizeof *lh);
}

void hsc_level_hist_restart(struct hsc_level_hist *lh, double time)
{
    HSC_ASSERT(time >= lh->t_last);
    memset(lh->time_at, 0, (lh->max_level + 1) * sizeof *lh->time_at);
    lh->t_last = time;
}

/* The pending interval since the last change is added to the current level
 * inside the same running sum that gives the total, so the cumulative time
 * at the top level equals the total exactly and q = 1 always finds a level. */
double hsc_level_hist_quantile(const struct hsc_level_hist *lh, double time,
                               double q)
{
    HSC_ASSERT(q >= 0 && q <= 1 && time >= lh->t_last);
    size_t cur = lh->level < lh->max_level ? lh->level : lh->max_level;
    double pending = time - lh->t_last;
    double total = 0.0;
    for (size_t l = 0; l <= lh->max_level; l++)
        total += lh->time_at[l] + (l == cur ? pending : 0.0);
    if (!(total > 0))
        return NAN;
    double target = q * total;
    double cum = 0.0;
    for (size_t l = 0; l <= lh->max_level; l++) {
        cum += lh->time_at[l] + (l == cur ? pending : 0.0);
        if (cum >= target)
            return (double)l;
    }
    return (double)lh->max_level;
}

/* Bin i covers [MIN * (1+REL)^i, MIN * (1+REL)^(i+1)); enough bins to reach
 * MAX. */
static size_t qhist_n_bins(void)
{
    return (size_t)ceil(log(HSC_QHIST_MAX / HSC_QHIST_MIN) / log1p(HSC_QHIST_REL));
}

int hsc_qhist_init(struct hsc_qhist *qh)
{
    qh->n = 0;
    qh->zeros = 0;
    qh->n_bins = qhist_n_bins();
    qh->bins = calloc(qh->n_bins, sizeof *qh->bins);
    return qh->bins ? 0 : -1;
}

void hsc_qhist_fini(struct hsc_qhist *qh)
{
    free(qh->bins);
    memset(qh, 0, sizeof *qh);
}

void hsc_qhist_reset(struct hsc_qhist *qh)
{
    memset(qh->bins, 0, qh->n_bins * sizeof *qh->bins);
    qh->n = 0;
    qh->zeros = 0;
}

/* The bin index is clamped as a double before conversion: converting an
 * out-of-range double (e.g. from +inf) to size_t is undefined. */
void hsc_qhist_add(struct hsc_qhist *qh, double x)
{
    HSC_ASSERT(x >= 0); /* also rejects NaN */
    qh->n++;
    if (x == 0) {
        qh->zeros++;
        return;
    }
    double pos = floor(log(x / HSC_QHIST_MIN) / log1p(HSC_QHIST_REL));
    size_t bin;
    if (!(pos > 0))
        bin = 0;
    else if (pos >= (double)(qh->n_bins - 1))
        bin = qh->n_bins - 1;
    else
        bin = (size_t)pos;
    qh->bins[bin]++;
}

double hsc_qhist_quantile(const struct hsc_qhist *qh, double q)
{
    HSC_ASSERT(q > 0 && q <= 1);
    if (qh->n == 0)
        return NAN;
    double rank_d = ceil(q * (double)qh->n);
    uint64_t rank = rank_d < 1 ? 1 : (uint64_t)rank_d;
    if (rank > qh->n)
        rank = qh->n;
    if (rank <= qh->zeros)
        return 0.0;
    uint64_t cum = qh->zeros;
    size_t bin = qh->n_bins - 1;
    for (size_t i = 0; i < qh->n_bins; i++) {
        cum += qh->bins[i];
        if (cum >= rank) {
            bin = i;
            break;
        }
    }
    return HSC_QHIST_MIN * exp(((double)bin + 0.5) * log1p(HSC_QHIST_REL));
}
