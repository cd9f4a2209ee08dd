/*
 * Unit tests for src/core/compare.c: paired and Welch t-intervals, NaN
 * handling, too few values, replication matching and the pairing rule.
 *
 * The hand cases are worked out in the comments. Student-t quantiles at
 * integer df come from tables (R: qt(0.975, 4)); the one at Welch's
 * non-integer df was computed independently of GSL (Simpson integration of
 * the t density in double precision, then bisection; the same procedure
 * reproduces qt(0.975, 4) to 2e-13), so it is checked to 1e-9.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "hscflow/compare.h"

#include <math.h>

#include "support/assert_near.h"

#define T975_DF4 2.7764451051977987

/* The paired hand case, five replications on common random numbers:
 *
 *   A = 10 12  9 11 13      mean 11, sd sqrt(10/4) = 1.5811388300841898
 *   B = 12 13 12 12 16      mean 13, sd sqrt(12/4) = 1.7320508075688772
 *   d = B - A = 2 1 3 1 3   mean 2, deviations 0 -1 1 -1 1, sum of squares 4,
 *                           sd = sqrt(4 / 4) = 1, se = 1 / sqrt(5) = 0.4472135954999579
 *   half-width = t(0.975, 4) * se = 2.7764451051977987 * 0.4472135954999579
 *              = 1.2416639982037665
 *   95% CI = [0.7583360017962335, 3.2416639982037667]: excludes 0
 *   relative change = 2 / 11 = 18.181818...%
 */
static const double paired_a[] = {10, 12, 9, 11, 13};
static const double paired_b[] = {12, 13, 12, 12, 16};

static void assert_paired_hand_case(const struct hsc_difference *d)
{
    assert_int_equal(d->test, HSC_COMPARE_PAIRED);
    assert_int_equal(d->n_a, 5);
    assert_int_equal(d->n_b, 5);
    assert_near(d->mean_a, 11.0, 1e-12);
    assert_near(d->mean_b, 13.0, 1e-12);
    assert_near(d->diff, 2.0, 1e-12);
    assert_near(d->sd, 1.0, 1e-12);
    assert_near(d->sd_a, 1.5811388300841898, 1e-12);
    assert_near(d->sd_b, 1.7320508075688772, 1e-12);
    assert_near(d->se, 0.4472135954999579, 1e-12);
    assert_near(d->df, 4.0, 0);
    assert_near(d->ci_low, 0.7583360017962335, 1e-9);
    assert_near(d->ci_high, 3.2416639982037667, 1e-9);
    assert_true(hsc_difference_significant(d));
    assert_near(hsc_difference_relative(d), 200.0 / 11.0, 1e-10);
}

static void test_paired_hand_case(void **unused)
{
    (void)unused;
    struct hsc_difference d;
    hsc_compare_paired(paired_a, paired_b, 5, &d);
    assert_paired_hand_case(&d);
    assert_near(d.ci_high - d.diff, T975_DF4 / sqrt(5.0), 1e-9);
}

/* A pair with a NaN on either side is left out entirely: the B value 99 and
 * the A value 55 below must not move any mean. */
static void test_paired_drops_nan_pairs(void **unused)
{
    (void)unused;
    const double a[] = {10, NAN, 12, 9, 55, 11, 13};
    const double b[] = {12, 99, 13, 12, NAN, 12, 16};
    struct hsc_difference d;
    hsc_compare_paired(a, b, 7, &d);
    assert_paired_hand_case(&d);
}

/* The Welch hand case, unequal sizes and variances:
 *
 *   A = 1 2 3 4 5   na = 5, mean 3, variance 10/4 = 2.5,  va/na = 0.5
 *   B = 2 6 10      nb = 3, mean 6, variance 32/2 = 16,   vb/nb = 16/3
 *   diff = 6 - 3 = 3
 *   se^2 = 0.5 + 16/3 = 35/6, se = 2.41522945769824
 *   df = (35/6)^2 / (0.5^2 / 4 + (16/3)^2 / 2) = (1225/36) / (1/16 + 128/9)
 *      = (1225/36) / (2057/144) = 4900/2057 = 2.382109868740885
 *   t(0.975, 4900/2057) = 3.704459881307307 (see the file comment)
 *   half-width = 3.704459881307307 * 2.41522945769824 = 8.947120630194734
 *   95% CI = [-5.947120630194734, 11.947120630194734]: includes 0
 */
static void assert_welch_hand_case(const struct hsc_difference *d)
{
    assert_int_equal(d->test, HSC_COMPARE_WELCH);
    assert_int_equal(d->n_a, 5);
    assert_int_equal(d->n_b, 3);
    assert_near(d->mean_a, 3.0, 1e-12);
    assert_near(d->mean_b, 6.0, 1e-12);
    assert_near(d->diff, 3.0, 1e-12);
    assert_true(isnan(d->sd));
    assert_near(d->sd_a, sqrt(2.5), 1e-12);
    assert_near(d->sd_b, 4.0, 1e-12);
    assert_near(d->se, 2.41522945769824, 1e-12);
    assert_near(d->df, 4900.0 / 2057.0, 1e-12);
    assert_near(d->ci_low, -5.947120630194734, 1e-9);
    assert_near(d->ci_high, 11.947120630194734, 1e-9);
    assert_false(hsc_difference_significant(d));
    assert_near(hsc_difference_relative(d), 100.0, 1e-12);
}

static void test_welch_hand_case(void **unused)
{
    (void)unused;
    const double a[] = {1, 2, 3, 4, 5};
    const double b[] = {2, 6, 10};
    struct hsc_difference d;
    hsc_compare_welch(a, 5, b, 3, &d);
    assert_welch_hand_case(&d);
}

/* NaNs are dropped per side: a NaN in A does not remove B's value at the
 * same index, unlike pairing. */
static void test_welch_drops_nan_per_side(void **unused)
{
    (void)unused;
    const double a[] = {1, NAN, 2, 3, 4, 5, NAN};
    const double b[] = {2, 6, NAN, 10};
    struct hsc_difference d;
    hsc_compare_welch(a, 7, b, 4, &d);
    assert_welch_hand_case(&d);
}

/* Why pairing matters: the paired hand data compared unpaired. The means
 * differ by 2 as before, but the replication-to-replication noise is now
 * part of the standard error:
 *   se^2 = 2.5/5 + 3/5 = 1.1, df = 1.1^2 / (0.5^2/4 + 0.6^2/4) = 1.21/0.1525
 *        = 7.934426229508197, t(0.975, df) = 2.309325631516522
 *   95% CI = 2 -/+ 2.309325631516522 * sqrt(1.1) = [-0.4220411556406516, 4.422041155640652]
 * which includes 0, while the paired CI [0.758, 3.242] does not. */
static void test_welch_on_paired_data_is_wider(void **unused)
{
    (void)unused;
    struct hsc_difference d;
    hsc_compare_welch(paired_a, 5, paired_b, 5, &d);
    assert_near(d.diff, 2.0, 1e-12);
    assert_near(d.df, 7.934426229508197, 1e-12);
    assert_near(d.ci_low, -0.4220411556406516, 1e-9);
    assert_near(d.ci_high, 4.422041155640652, 1e-9);
    assert_false(hsc_difference_significant(&d));
}

/* One usable pair: the difference is known, its uncertainty is not. */
static void test_paired_fewer_than_two(void **unused)
{
    (void)unused;
    const double a[] = {4, NAN, 7};
    const double b[] = {6, 1, NAN};
    struct hsc_difference d;
    hsc_compare_paired(a, b, 3, &d);
    assert_int_equal(d.n_a, 1);
    assert_near(d.diff, 2.0, 0);
    assert_near(d.mean_a, 4.0, 0);
    assert_true(isnan(d.sd) && isnan(d.se) && isnan(d.df));
    assert_true(isnan(d.ci_low) && isnan(d.ci_high));
    assert_false(hsc_difference_significant(&d));

    const double none_a[] = {NAN, 1};
    const double none_b[] = {2, NAN};
    hsc_compare_paired(none_a, none_b, 2, &d);
    assert_int_equal(d.n_a, 0);
    assert_true(isnan(d.mean_a) && isnan(d.mean_b) && isnan(d.diff));
    assert_true(isnan(hsc_difference_relative(&d)));

    hsc_compare_paired(NULL, NULL, 0, &d);
    assert_int_equal(d.n_a, 0);
    assert_true(isnan(d.diff) && isnan(d.ci_low));
}

/* Welch needs two usable values on each side; fewer on either side gives a
 * NaN interval, but a difference of means whenever both sides have one. */
static void test_welch_fewer_than_two(void **unused)
{
    (void)unused;
    const double a[] = {3, NAN};
    const double b[] = {5, 7, 9};
    struct hsc_difference d;
    hsc_compare_welch(a, 2, b, 3, &d);
    assert_int_equal(d.n_a, 1);
    assert_int_equal(d.n_b, 3);
    assert_near(d.diff, 4.0, 0);
    assert_true(isnan(d.sd_a));
    assert_near(d.sd_b, 2.0, 1e-12);
    assert_true(isnan(d.se) && isnan(d.df) && isnan(d.ci_low) && isnan(d.ci_high));
    assert_false(hsc_difference_significant(&d));

    hsc_compare_welch(b, 3, a, 2, &d); /* the short side second */
    assert_near(d.diff, -4.0, 0);
    assert_true(isnan(d.ci_low) && isnan(d.ci_high));

    const double all_nan[] = {NAN, NAN};
    hsc_compare_welch(all_nan, 2, b, 3, &d);
    assert_int_equal(d.n_a, 0);
    assert_true(isnan(d.mean_a) && isnan(d.diff) && isnan(d.ci_low));

    hsc_compare_welch(NULL, 0, NULL, 0, &d);
    assert_true(isnan(d.diff));
}

/* Zero spread: a file compared with itself gives difference 0 and CI [0, 0]
 * (not marked: the CI does not exclude zero); a constant shift gives an
 * exact, marked difference; Welch with both sides constant has no
 * Welch-Satterthwaite df but an exact interval. */
static void test_zero_spread(void **unused)
{
    (void)unused;
    struct hsc_difference d;
    hsc_compare_paired(paired_a, paired_a, 5, &d);
    assert_near(d.diff, 0.0, 0);
    assert_near(d.sd, 0.0, 0);
    assert_near(d.ci_low, 0.0, 0);
    assert_near(d.ci_high, 0.0, 0);
    assert_false(hsc_difference_significant(&d));
    assert_near(hsc_difference_relative(&d), 0.0, 0);

    const double shifted[] = {13, 15, 12, 14, 16};
    hsc_compare_paired(paired_a, shifted, 5, &d);
    assert_near(d.ci_low, 3.0, 1e-12);
    assert_near(d.ci_high, 3.0, 1e-12);
    assert_true(hsc_difference_significant(&d));

    const double twos[] = {2, 2, 2}, fives[] = {5, 5};
    hsc_compare_welch(twos, 3, fives, 2, &d);
    assert_near(d.se, 0.0, 0);
    assert_true(isnan(d.df));
    assert_near(d.ci_low, 3.0, 0);
    assert_near(d.ci_high, 3.0, 0);
    assert_true(hsc_difference_significant(&d));
}

/* Significance is "the CI excludes zero", on either side. */
static void test_significance_and_relative(void **unused)
{
    (void)unused;
    struct hsc_difference d;
    hsc_compare_paired(paired_b, paired_a, 5, &d); /* the hand case reversed */
    assert_near(d.diff, -2.0, 1e-12);
    assert_near(d.ci_high, -0.7583360017962335, 1e-9);
    assert_true(hsc_difference_significant(&d));
    assert_near(hsc_difference_relative(&d), -200.0 / 13.0, 1e-10);

    /* A negative baseline: the relative change keeps the sign of diff. */
    const double neg_a[] = {-4, -4}, neg_b[] = {-2, -2};
    hsc_compare_paired(neg_a, neg_b, 2, &d);
    assert_near(hsc_difference_relative(&d), 50.0, 1e-12);

    const double zero_a[] = {0, 0}, some_b[] = {1, 3};
    hsc_compare_paired(zero_a, some_b, 2, &d);
    assert_true(isnan(hsc_difference_relative(&d)));
}

static void test_match_reps(void **unused)
{
    (void)unused;
    size_t ia[6], ib[6];
    const int64_t a[] = {0, 1, 2, 3, 4, 5};
    const int64_t b[] = {2, 3, 4, 5, 6, 7, 8};
    assert_int_equal(hsc_compare_match_reps(a, 6, b, 7, ia, ib), 4);
    assert_int_equal(ia[0], 2);
    assert_int_equal(ib[0], 0);
    assert_int_equal(ia[3], 5);
    assert_int_equal(ib[3], 3);

    /* B in another order: pairs follow A's order, B's positions follow. */
    const int64_t shuffled[] = {5, 0, 3};
    assert_int_equal(hsc_compare_match_reps(a, 6, shuffled, 3, ia, ib), 3);
    assert_int_equal(ia[0], 0);
    assert_int_equal(ib[0], 1);
    assert_int_equal(ia[1], 3);
    assert_int_equal(ib[1], 2);
    assert_int_equal(ia[2], 5);
    assert_int_equal(ib[2], 0);

    const int64_t disjoint[] = {10, 11};
    assert_int_equal(hsc_compare_match_reps(a, 6, disjoint, 2, ia, ib), 0);
    assert_int_equal(hsc_compare_match_reps(a, 6, NULL, 0, ia, ib), 0);
    assert_int_equal(hsc_compare_match_reps(NULL, 0, b, 7, NULL, NULL), 0);
}

static void test_choose(void **unused)
{
    (void)unused;
    assert_int_equal(hsc_compare_choose(20261122, 20261122, 10), HSC_COMPARE_PAIRED);
    assert_int_equal(hsc_compare_choose(20261122, 20261122, 1), HSC_COMPARE_PAIRED);
    assert_int_equal(hsc_compare_choose(20261122, 20261122, 0), HSC_COMPARE_WELCH);
    assert_int_equal(hsc_compare_choose(20261122, 7, 10), HSC_COMPARE_WELCH);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_paired_hand_case),
        cmocka_unit_test(test_paired_drops_nan_pairs),
        cmocka_unit_test(test_welch_hand_case),
        cmocka_unit_test(test_welch_drops_nan_per_side),
        cmocka_unit_test(test_welch_on_paired_data_is_wider),
        cmocka_unit_test(test_paired_fewer_than_two),
        cmocka_unit_test(test_welch_fewer_than_two),
        cmocka_unit_test(test_zero_spread),
        cmocka_unit_test(test_significance_and_relative),
        cmocka_unit_test(test_match_reps),
        cmocka_unit_test(test_choose),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
