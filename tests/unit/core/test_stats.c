/*
 * Unit tests for src/core/stats.c: replication summaries, time-weighted
 * means, level histograms and log-binned streaming quantiles.
 *
 * Hand cases pin exact values; the qhist accuracy test compares against
 * exact order statistics, so it is deterministic rather than statistical.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "hscflow/stats.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <math.h>
#include <stdlib.h>

#include "support/assert_near.h"

/* t(0.975, 4) and t(0.975, 1) from standard tables (R: qt(0.975, 4)). */
#define T975_DF4 2.7764451051977987
#define T975_DF1 12.706204736174707

static void test_t975(void **unused)
{
    (void)unused;
    assert_near(hsc_t975(4), T975_DF4, 1e-9);
    assert_near(hsc_t975(1), T975_DF1, 1e-8);
}

/* Values 1..5 scattered with a NaN and read at stride 2 (odd slots hold a
 * sentinel that must never be read). mean 3, sd sqrt(2.5), half-width
 * t(4) * sqrt(2.5) / sqrt(5) = t(4) * sqrt(0.5); percentiles by linear
 * interpolation at positions 0.05*4 = 0.2, 2 and 3.8. */
static void test_summary_hand_case(void **unused)
{
    (void)unused;
    const double x[] = {1, 99, NAN, 99, 2, 99, 5, 99, 3, 99, 4, 99};
    double scratch[6];
    struct hsc_summary s;
    hsc_summary_compute(x, 6, 2, scratch, &s);
    assert_near(s.n, 5, 0);
    assert_near(s.mean, 3.0, 1e-12);
    assert_near(s.sd, 1.5811388300841898, 1e-12);
    assert_near(s.ci_low, 1.036756838522439, 1e-9);
    assert_near(s.ci_high, 4.9632431614775605, 1e-9);
    assert_near(s.p05, 1.2, 1e-12);
    assert_near(s.p50, 3.0, 1e-12);
    assert_near(s.p95, 4.8, 1e-12);
}

static void test_summary_single_value(void **unused)
{
    (void)unused;
    const double x[] = {NAN, 7.5, NAN};
    double scratch[3];
    struct hsc_summary s;
    hsc_summary_compute(x, 3, 1, scratch, &s);
    assert_near(s.n, 1, 0);
    assert_near(s.mean, 7.5, 0);
    assert_true(isnan(s.sd));
    assert_true(isnan(s.ci_low));
    assert_true(isnan(s.ci_high));
    assert_near(s.p05, 7.5, 0);
    assert_near(s.p95, 7.5, 0);
}

/* Equal values give exactly that value at every percentile: GSL's rule
 * (1 - f) a + f b gave 622.0000000000001 for three 622s, so p05 > p50. */
static void test_summary_ties_are_exact(void **unused)
{
    (void)unused;
    const double x[] = {622.0, 622.0, 622.0, 203.0, 203.0, 209.0};
    double scratch[3];
    struct hsc_summary s;
    hsc_summary_compute(x, 3, 1, scratch, &s);
    assert_true(s.p05 == 622.0 && s.p50 == 622.0 && s.p95 == 622.0);
    hsc_summary_compute(x + 3, 3, 1, scratch, &s);
    assert_true(s.p05 == 203.0 && s.p50 == 203.0);
    assert_true(s.p05 <= s.p50 && s.p50 <= s.p95 && s.p95 <= 209.0);
}

static void test_summary_no_values(void **unused)
{
    (void)unused;
    const double x[] = {NAN, NAN};
    double scratch[2];
    struct hsc_summary s;
    hsc_summary_compute(x, 2, 1, scratch, &s);
    assert_near(s.n, 0, 0);
    assert_true(isnan(s.mean) && isnan(s.sd) && isnan(s.ci_low) && isnan(s.ci_high));
    assert_true(isnan(s.p05) && isnan(s.p50) && isnan(s.p95));
    hsc_summary_compute(NULL, 0, 1, NULL, &s);
    assert_near(s.n, 0, 0);
    assert_true(isnan(s.mean));
}

/* Level 2 on [0,1), 4 on [1,3), 0 on [3,4]: area 2 + 8 + 0 = 10 over 4 days. */
static void test_tw_hand_case(void **unused)
{
    (void)unused;
    struct hsc_tw tw;
    hsc_tw_init(&tw, 0.0, 2.0);
    assert_true(isnan(hsc_tw_mean(&tw, 0.0)));
    hsc_tw_set(&tw, 1.0, 4.0);
    hsc_tw_set(&tw, 3.0, 0.0);
    assert_near(hsc_tw_mean(&tw, 4.0), 2.5, 1e-12);
    /* The pending interval counts: at t=3 the mean is (2 + 8) / 3. */
    assert_near(hsc_tw_mean(&tw, 3.0), 10.0 / 3.0, 1e-12);

    /* After a restart only the new window counts; the level carries over. */
    hsc_tw_restart(&tw, 4.0);
    assert_true(isnan(hsc_tw_mean(&tw, 4.0)));
    hsc_tw_set(&tw, 5.0, 1.0);
    assert_near(hsc_tw_mean(&tw, 6.0), 0.5, 1e-12);
    hsc_tw_restart(&tw, 6.0);
    assert_near(hsc_tw_mean(&tw, 8.0), 1.0, 1e-12);
}

/* Capped at 3: level 0 for 1 day, 2 for 1 day, then 5 (counted as 3) from
 * t=2. At t=4 the times are {1, 0, 1, 2} out of 4. */
static void test_level_hist_hand_case(void **unused)
{
    (void)unused;
    struct hsc_level_hist lh;
    assert_int_equal(hsc_level_hist_init(&lh, 3, 0.0, 0), 0);
    assert_true(isnan(hsc_level_hist_quantile(&lh, 0.0, 0.5)));
    hsc_level_hist_set(&lh, 1.0, 2);
    hsc_level_hist_set(&lh, 2.0, 5);
    assert_near(hsc_level_hist_quantile(&lh, 4.0, 0.25), 0, 0);
    assert_near(hsc_level_hist_quantile(&lh, 4.0, 0.26), 2, 0);
    assert_near(hsc_level_hist_quantile(&lh, 4.0, 0.50), 2, 0);
    assert_near(hsc_level_hist_quantile(&lh, 4.0, 0.51), 3, 0);
    assert_near(hsc_level_hist_quantile(&lh, 4.0, 1.0), 3, 0);
    /* Counting only to t=2 the pending time at the top level is zero. */
    assert_near(hsc_level_hist_quantile(&lh, 2.0, 1.0), 2, 0);

    hsc_level_hist_restart(&lh, 4.0);
    assert_true(isnan(hsc_level_hist_quantile(&lh, 4.0, 0.5)));
    hsc_level_hist_set(&lh, 5.0, 1);
    assert_near(hsc_level_hist_quantile(&lh, 5.0, 0.5), 3, 0);
    assert_near(hsc_level_hist_quantile(&lh, 7.0, 0.5), 1, 0);
    hsc_level_hist_fini(&lh);
    assert_null(lh.time_at);
}

static void test_qhist_layout(void **unused)
{
    (void)unused;
    struct hsc_qhist qh;
    assert_int_equal(hsc_qhist_init(&qh), 0);
    /* ceil(ln(1e9) / ln(1.005)) bins reach from MIN to MAX. */
    assert_int_equal(qh.n_bins, 4156);
    assert_true(isnan(hsc_qhist_quantile(&qh, 0.5)));
    hsc_qhist_fini(&qh);
    assert_null(qh.bins);
}

/* Nearest rank on exact data; the histogram's rank-k value lies in the same
 * bin as the exact k-th order statistic, so the error bound is the bin's
 * half-width sqrt(1 + REL) - 1 < REL / 2, plus 1e-12 for rounding in log().
 * lognormal(0, 1.5) has P(x < MIN) ~ 4e-10, so no value is clamped. */
static void test_qhist_lognormal_accuracy(void **unused)
{
    (void)unused;
    enum { N = 100000 };
    double *x = malloc(N * sizeof *x);
    assert_non_null(x);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 12345);
    struct hsc_qhist qh;
    assert_int_equal(hsc_qhist_init(&qh), 0);
    for (size_t i = 0; i < N; i++) {
        x[i] = gsl_ran_lognormal(rng, 0.0, 1.5);
        hsc_qhist_add(&qh, x[i]);
    }
    gsl_sort(x, 1, N);
    const double qs[] = {1e-5, 0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99, 0.999, 1.0};
    for (size_t i = 0; i < sizeof qs / sizeof qs[0]; i++) {
        size_t rank = (size_t)ceil(qs[i] * N);
        double exact = x[rank - 1];
        double est = hsc_qhist_quantile(&qh, qs[i]);
        assert_true(fabs(est / exact - 1.0) <= HSC_QHIST_REL / 2 + 1e-12);
    }
    hsc_qhist_reset(&qh);
    assert_true(isnan(hsc_qhist_quantile(&qh, 0.5)));
    hsc_qhist_fini(&qh);
    gsl_rng_free(rng);
    free(x);
}

static void test_qhist_zeros_and_clamps(void **unused)
{
    (void)unused;
    struct hsc_qhist qh;
    assert_int_equal(hsc_qhist_init(&qh), 0);
    for (int i = 0; i < 3; i++)
        hsc_qhist_add(&qh, 0.0);
    hsc_qhist_add(&qh, 2.0);
    assert_int_equal(qh.zeros, 3);
    assert_int_equal(qh.n, 4);
    assert_near(hsc_qhist_quantile(&qh, 0.25), 0.0, 0);
    assert_near(hsc_qhist_quantile(&qh, 0.75), 0.0, 0); /* rank 3 */
    assert_near(hsc_qhist_quantile(&qh, 0.76), 2.0, 2.0 * HSC_QHIST_REL / 2);
    assert_near(hsc_qhist_quantile(&qh, 1.0), 2.0, 2.0 * HSC_QHIST_REL / 2);

    /* Out-of-range values land in the end bins and are reported there. */
    hsc_qhist_reset(&qh);
    hsc_qhist_add(&qh, 1e-9);
    assert_near(hsc_qhist_quantile(&qh, 1.0), HSC_QHIST_MIN * sqrt(1 + HSC_QHIST_REL),
                       1e-15);
    hsc_qhist_add(&qh, 1e12);
    hsc_qhist_add(&qh, INFINITY);
    double top = hsc_qhist_quantile(&qh, 1.0);
    assert_true(top >= HSC_QHIST_MAX / (1 + HSC_QHIST_REL) && top <= HSC_QHIST_MAX * (1 + HSC_QHIST_REL));
    hsc_qhist_fini(&qh);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_t975),
        cmocka_unit_test(test_summary_hand_case),
        cmocka_unit_test(test_summary_single_value),
        cmocka_unit_test(test_summary_ties_are_exact),
        cmocka_unit_test(test_summary_no_values),
        cmocka_unit_test(test_tw_hand_case),
        cmocka_unit_test(test_level_hist_hand_case),
        cmocka_unit_test(test_qhist_layout),
        cmocka_unit_test(test_qhist_lognormal_accuracy),
        cmocka_unit_test(test_qhist_zeros_and_clamps),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
