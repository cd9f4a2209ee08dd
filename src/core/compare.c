/*
 * Paired and Welch t-intervals for the difference of a KPI between two
 * scenarios, and the matching of replications by number.
 *
 * Invariant: sums run over the values in index order with two passes (mean,
 * then squared deviations), so results are repeatable and do not lose
 * precision on large, nearly equal values. Nothing here reads files or
 * allocates; choosing which values to compare is the caller's job.
 */
#include "hscflow/compare.h"

#include "hscflow/error.h"

#include <gsl/gsl_cdf.h>
#include <math.h>

/* Every field NaN or zero: the starting point of both comparisons. */
static void clear_difference(struct hsc_difference *out, enum hsc_compare_test test)
{
    out->test = test;
    out->mean_a = out->mean_b = out->diff = NAN;
    out->sd = out->sd_a = out->sd_b = out->se = out->df = NAN;
    out->ci_low = out->ci_high = NAN;
    out->n_a = out->n_b = 0;
}

/* diff -/+ t(0.975, df) * se. gsl_cdf_tdist_Pinv takes a non-integer df,
 * which Welch's interval needs; it is called directly, not through hsc_t975
 * (stats.h), because any df > 0 is taken here while hsc_t975 asserts
 * df >= 1, and a Welch df computed in floating point (a subnormal variance)
 * could fall a little below its bound of 1. A zero se gives [diff, diff] whatever the
 * df: the difference did not vary, so there is nothing to be uncertain of. */
static void set_interval(struct hsc_difference *out)
{
    if (out->se == 0.0) {
        out->ci_low = out->ci_high = out->diff;
        return;
    }
    if (!isfinite(out->se) || !(out->df > 0.0))
        return; /* an infinite value: no interval */
    double half = gsl_cdf_tdist_Pinv(0.975, out->df) * out->se;
    out->ci_low = out->diff - half;
    out->ci_high = out->diff + half;
}

/* Mean and sd (n - 1 divisor, NaN when m < 2) of the m non-NaN values of x. */
static void mean_sd(const double *x, size_t n, double *mean, double *sd, size_t *m)
{
    double sum = 0.0;
    size_t count = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isnan(x[i])) {
            sum += x[i];
            count++;
        }
    }
    *m = count;
    *mean = count ? sum / (double)count : NAN;
    *sd = NAN;
    if (count < 2)
        return;
    double ss = 0.0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i]))
            ss += (x[i] - *mean) * (x[i] - *mean);
    *sd = sqrt(ss / (double)(count - 1));
}

static bool usable_pair(const double *a, const double *b, size_t i)
{
    return !isnan(a[i]) && !isnan(b[i]);
}

void hsc_compare_paired(const double *a, const double *b, size_t n,
                        struct hsc_difference *out)
{
    HSC_ASSERT(n == 0 || (a && b));
    clear_difference(out, HSC_COMPARE_PAIRED);
    double sum_a = 0.0, sum_b = 0.0, sum_d = 0.0;
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (usable_pair(a, b, i)) {
            sum_a += a[i];
            sum_b += b[i];
            sum_d += b[i] - a[i];
            m++;
        }
    }
    out->n_a = out->n_b = m;
    if (m == 0)
        return;
    out->mean_a = sum_a / (double)m;
    out->mean_b = sum_b / (double)m;
    out->diff = sum_d / (double)m;
    if (m < 2)
        return;
    double ss_a = 0.0, ss_b = 0.0, ss_d = 0.0;
    for (size_t i = 0; i < n; i++) {
        if (usable_pair(a, b, i)) {
            double da = a[i] - out->mean_a, db = b[i] - out->mean_b;
            double dd = (b[i] - a[i]) - out->diff;
            ss_a += da * da;
            ss_b += db * db;
            ss_d += dd * dd;
        }
    }
    double dof = (double)(m - 1);
    out->sd_a = sqrt(ss_a / dof);
    out->sd_b = sqrt(ss_b / dof);
    out->sd = sqrt(ss_d / dof);
    out->se = out->sd / sqrt((double)m);
    out->df = dof;
    set_interval(out);
}

void hsc_compare_welch(const double *a, size_t na, const double *b, size_t nb,
                       struct hsc_difference *out)
{
    HSC_ASSERT((na == 0 || a) && (nb == 0 || b));
    clear_difference(out, HSC_COMPARE_WELCH);
    mean_sd(a, na, &out->mean_a, &out->sd_a, &out->n_a);
    mean_sd(b, nb, &out->mean_b, &out->sd_b, &out->n_b);
    out->diff = out->mean_b - out->mean_a;
    if (out->n_a < 2 || out->n_b < 2)
        return;
    double va = out->sd_a * out->sd_a / (double)out->n_a;
    double vb = out->sd_b * out->sd_b / (double)out->n_b;
    out->se = sqrt(va + vb);
    /* With both variances zero the Welch-Satterthwaite ratio is 0/0; the
     * interval is still exact (see set_interval). */
    if (out->se > 0.0)
        out->df = (va + vb) * (va + vb) /
                  (va * va / (double)(out->n_a - 1) + vb * vb / (double)(out->n_b - 1));
    set_interval(out);
}

bool hsc_difference_significant(const struct hsc_difference *d)
{
    return d->ci_low > 0.0 || d->ci_high < 0.0;
}

double hsc_difference_relative(const struct hsc_difference *d)
{
    if (isnan(d->mean_a) || d->mean_a == 0.0)
        return NAN;
    return 100.0 * d->diff / fabs(d->mean_a);
}

size_t hsc_compare_match_reps(const int64_t *reps_a, size_t n_a,
                              const int64_t *reps_b, size_t n_b,
                              size_t *index_a, size_t *index_b)
{
    HSC_ASSERT(n_a == 0 || (reps_a && index_a && index_b));
    HSC_ASSERT(n_b == 0 || reps_b);
    size_t pairs = 0, start = 0;
    for (size_t i = 0; i < n_a && n_b > 0; i++) {
        /* Search B from just after the previous match, wrapping round, so
         * two lists in the same order match in one sweep. */
        for (size_t step = 0; step < n_b; step++) {
            size_t j = (start + step) % n_b;
            if (reps_b[j] == reps_a[i]) {
                index_a[pairs] = i;
                index_b[pairs] = j;
                pairs++;
                start = j + 1;
                break;
            }
        }
    }
    return pairs;
}

enum hsc_compare_test hsc_compare_choose(uint64_t seed_a, uint64_t seed_b,
                                         size_t n_common)
{
    return seed_a == seed_b && n_common > 0 ? HSC_COMPARE_PAIRED : HSC_COMPARE_WELCH;
}
