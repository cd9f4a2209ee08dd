/*
 * Comparing two sets of replication results: the statistics behind
 * `hscflow compare` (docs/comparing.md).
 *
 * A KPI's values in scenario B are compared with those in scenario A by a
 * paired t-interval when the replications share random numbers (same master
 * seed, replications matched by number), otherwise by Welch's unpaired
 * t-interval. Everything here is a pure function of its arguments: no I/O,
 * no allocation, results depend only on the values in index order.
 */
#ifndef HSCFLOW_COMPARE_H
#define HSCFLOW_COMPARE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Which interval a comparison uses. */
enum hsc_compare_test {
    HSC_COMPARE_PAIRED, /* same seed, common replication numbers */
    HSC_COMPARE_WELCH   /* anything else */
};

/* The difference B - A of one KPI, with its 95% confidence interval.
 * Fields that cannot be computed from the values used are NaN. */
struct hsc_difference {
    enum hsc_compare_test test;
    double mean_a, mean_b; /* means of the values used (paired: over the pairs used) */
    double diff;           /* paired: mean of the differences; Welch: mean_b - mean_a */
    double sd;             /* paired: sd of the differences; Welch: NaN */
    double sd_a, sd_b;     /* sd of the values used on each side (n - 1 divisor) */
    double se;             /* standard error of diff */
    double df;             /* degrees of freedom of the t quantile */
    double ci_low, ci_high; /* diff -/+ t(0.975, df) * se */
    size_t n_a, n_b;       /* values used on each side; paired: both = pairs used */
};

/* Paired comparison of a[i] and b[i] for i < n (b[i] - a[i] is pair i's
 * difference). Pairs where either value is NaN are left out. With m usable
 * pairs: df = m - 1, se = sd / sqrt(m); with m < 2 sd, sd_a, sd_b, se, df
 * and the CI are NaN, and with m = 0 the means and diff are NaN too. When
 * every difference is equal the CI is [diff, diff]. a and b may be NULL
 * when n is 0. */
void hsc_compare_paired(const double *a, const double *b, size_t n,
                        struct hsc_difference *out);

/* Welch's unpaired comparison of a[0..na) with b[0..nb); NaN values are left
 * out on each side separately. se^2 = va/na + vb/nb and df is the
 * Welch-Satterthwaite df = se^4 / ((va/na)^2/(na-1) + (vb/nb)^2/(nb-1)),
 * generally not an integer. With fewer than 2 usable values on either side
 * se, df and the CI are NaN (diff is still given when both sides have one);
 * when both sides have zero variance, df is undefined (NaN) and the CI is
 * [diff, diff]. a or b may be NULL when its count is 0. */
void hsc_compare_welch(const double *a, size_t na, const double *b, size_t nb,
                       struct hsc_difference *out);

/* True when the 95% CI excludes zero (false when it is NaN). */
bool hsc_difference_significant(const struct hsc_difference *d);

/* diff as a percentage of |mean_a| (so a positive value is an increase);
 * NaN when mean_a is zero or NaN. */
double hsc_difference_relative(const struct hsc_difference *d);

/* Matches replications by number: for each reps_a[i] (in A's order) that
 * also occurs in reps_b, appends i to index_a and its position in reps_b to
 * index_b. Both index arrays must hold n_a entries (NULL is fine when n_a is
 * 0). Replication numbers within one side are expected to be distinct (a
 * results file's are); a number repeated in B is matched with one of its
 * occurrences. Returns the number of pairs (at most n_a). Linear time when
 * both sides list the numbers in the same order. */
size_t hsc_compare_match_reps(const int64_t *reps_a, size_t n_a,
                              const int64_t *reps_b, size_t n_b,
                              size_t *index_a, size_t *index_b);

/* The rule of the results-file contract: paired when both sides share the
 * master seed and have at least one replication number in common. */
enum hsc_compare_test hsc_compare_choose(uint64_t seed_a, uint64_t seed_b,
                                         size_t n_common);

#endif
