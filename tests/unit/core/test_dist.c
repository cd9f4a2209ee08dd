/*
 * Unit tests for src/core/dist.c: validation messages, derived parameters
 * and exact means, sampling moments, equilibrium residual-life sampling,
 * copy and fini.
 *
 * Sampling checks compare the sample mean and sd of N draws with exact
 * values from closed-form raw moments, within 5 standard errors (a false
 * alarm has probability ~6e-7 per check; the streams are fixed, so a run
 * is deterministic anyway). Residual-life checks do the same for the first
 * two moments of the residual R, from E[R^r] = E[S^(r+1)] / ((r+1) E[S]).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "hscflow/dist.h"
#include "hscflow/rng.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define SEED UINT64_C(777)
#define N 200000

#include "support/assert_near.h"

/* ---- exact raw moments E[X^r], r = 1..5 ----------------------------------- */

#define MAX_MOMENT 5

struct moments {
    double m[MAX_MOMENT + 1]; /* m[r] = E[X^r] */
};

static struct moments moments_exponential(double mean)
{
    return (struct moments){{1, mean, 2 * pow(mean, 2), 6 * pow(mean, 3), 24 * pow(mean, 4),
                             120 * pow(mean, 5)}};
}

static struct moments moments_lognormal(double mu, double sigma)
{
    struct moments mo = {{1}};
    for (int r = 1; r <= MAX_MOMENT; r++)
        mo.m[r] = exp(r * mu + r * r * sigma * sigma / 2);
    return mo;
}

static struct moments moments_gamma(double shape, double scale)
{
    struct moments mo = {{1}};
    for (int r = 1; r <= MAX_MOMENT; r++) /* theta^r * k (k+1) ... (k+r-1) */
        mo.m[r] = mo.m[r - 1] * scale * (shape + r - 1);
    return mo;
}

static struct moments moments_weibull(double shape, double scale)
{
    struct moments mo = {{1}};
    for (int r = 1; r <= MAX_MOMENT; r++)
        mo.m[r] = pow(scale, r) * tgamma(1 + r / shape);
    return mo;
}

/* Uniform on [a, b): (b^(r+1) - a^(r+1)) / ((r+1)(b-a)). */
static double uniform_raw(double a, double b, int r)
{
    return (pow(b, r + 1) - pow(a, r + 1)) / ((r + 1) * (b - a));
}

static struct moments moments_histogram(const double *edges, const double *prob, size_t n)
{
    struct moments mo = {{1}};
    for (int r = 1; r <= MAX_MOMENT; r++)
        for (size_t i = 0; i < n; i++)
            mo.m[r] += prob[i] * uniform_raw(edges[i], edges[i + 1], r);
    return mo;
}

static struct moments moments_discrete(const double *values, const double *prob, size_t n)
{
    struct moments mo = {{1}};
    for (int r = 1; r <= MAX_MOMENT; r++)
        for (size_t i = 0; i < n; i++)
            mo.m[r] += prob[i] * pow(values[i], r);
    return mo;
}

/* Triangular(a, c, b): density 2(x-a)/((b-a)(c-a)) on [a,c] and
 * 2(b-x)/((b-a)(b-c)) on [c,b], integrated against x^r in closed form. */
static struct moments moments_triangular(double a, double c, double b)
{
    struct moments mo = {{1}};
    for (int r = 1; r <= MAX_MOMENT; r++) {
        double left = (pow(c, r + 2) - pow(a, r + 2)) / (r + 2) -
                      a * (pow(c, r + 1) - pow(a, r + 1)) / (r + 1);
        double right = b * (pow(b, r + 1) - pow(c, r + 1)) / (r + 1) -
                       (pow(b, r + 2) - pow(c, r + 2)) / (r + 2);
        /* A piece of zero width (mode at an end) contributes nothing. */
        mo.m[r] = 2 / (b - a) * ((c > a ? left / (c - a) : 0) + (b > c ? right / (b - c) : 0));
    }
    return mo;
}

/* Draws N values and checks the mean field, the sample mean (standard
 * error sd / sqrt(N)) and the sample sd (delta-method standard error
 * sqrt(mu4 - sd^4) / (2 sd sqrt(N)), mu4 the 4th central moment), each
 * within 5 standard errors. */
static void check_moments(const struct hsc_dist *dist, struct moments mo, const char *process)
{
    double mean = mo.m[1];
    double var = mo.m[2] - mean * mean;
    double mu4 = mo.m[4] - 4 * mean * mo.m[3] + 6 * mean * mean * mo.m[2] - 3 * pow(mean, 4);
    double sd = sqrt(var);
    assert_near(dist->mean, mean, 1e-9 * mean);

    gsl_rng *rng = hsc_rng_new(SEED, 0, hsc_rng_hash(process));
    double sum = 0, sum2 = 0;
    for (int i = 0; i < N; i++) {
        double x = hsc_dist_sample(dist, rng);
        assert_true(x >= 0);
        sum += x;
        sum2 += x * x;
    }
    hsc_rng_free(rng);
    double sample_mean = sum / N;
    double sample_sd = sqrt((sum2 - N * sample_mean * sample_mean) / (N - 1));
    assert_near(sample_mean, mean, 5 * sd / sqrt(N));
    assert_near(sample_sd, sd, 5 * sqrt(mu4 - var * var) / (2 * sd * sqrt(N)));
}

static void init_ok(struct hsc_dist *dist, const struct hsc_dist_spec *spec)
{
    const char *bad = NULL;
    char msg[128] = "";
    if (hsc_dist_init(dist, spec, &bad, msg, sizeof msg) != 0)
        fail_msg("rejected: %s: %s", bad, msg);
}

/* ---- sampling ------------------------------------------------------------- */

static void test_exponential(void **unused)
{
    (void)unused;
    struct hsc_dist dist;
    init_ok(&dist, &(struct hsc_dist_spec){.kind = HSC_DIST_EXPONENTIAL, .mean = 8});
    check_moments(&dist, moments_exponential(8), "test/exponential");
    hsc_dist_fini(&dist);
}

static void test_lognormal(void **unused)
{
    (void)unused;
    struct hsc_dist dist;
    init_ok(&dist, &(struct hsc_dist_spec){.kind = HSC_DIST_LOGNORMAL, .mean = 5, .sd = 3});
    double sigma2 = log(1 + 9.0 / 25);
    assert_near(dist.p1, log(5) - sigma2 / 2, 1e-12);
    assert_near(dist.p2, sqrt(sigma2), 1e-12);
    check_moments(&dist, moments_lognormal(log(5) - sigma2 / 2, sqrt(sigma2)), "test/lognormal");
    hsc_dist_fini(&dist);
}

/* Both of GSL's gamma paths: shape >= 1 and shape < 1 (boosted). */
static void test_gamma(void **unused)
{
    (void)unused;
    struct hsc_dist dist;
    init_ok(&dist, &(struct hsc_dist_spec){.kind = HSC_DIST_GAMMA, .mean = 5, .sd = 2});
    assert_near(dist.p1, 6.25, 1e-12);
    assert_near(dist.p2, 0.8, 1e-12);
    check_moments(&dist, moments_gamma(6.25, 0.8), "test/gamma");
    hsc_dist_fini(&dist);
    init_ok(&dist, &(struct hsc_dist_spec){.kind = HSC_DIST_GAMMA, .mean = 2, .sd = 3});
    check_moments(&dist, moments_gamma(4.0 / 9, 4.5), "test/gamma-small-shape");
    hsc_dist_fini(&dist);
}

static void test_weibull(void **unused)
{
    (void)unused;
    struct hsc_dist dist;
    init_ok(&dist, &(struct hsc_dist_spec){.kind = HSC_DIST_WEIBULL, .shape = 1.5, .scale = 10});
    check_moments(&dist, moments_weibull(1.5, 10), "test/weibull");
    hsc_dist_fini(&dist);
}

static void test_uniform(void **unused)
{
    (void)unused;
    struct hsc_dist dist;
    init_ok(&dist, &(struct hsc_dist_spec){.kind = HSC_DIST_UNIFORM, .min = 2, .max = 6});
    const double edges[] = {2, 6}, one[] = {1};
    check_moments(&dist, moments_histogram(edges, one, 1), "test/uniform");
    hsc_dist_fini(&dist);
}

static void test_triangular(void **unused)
{
    (void)unused;
    struct hsc_dist dist;
    init_ok(&dist, &(struct hsc_dist_spec){.kind = HSC_DIST_TRIANGULAR, .min = 1, .mode = 2, .max = 7});
    check_moments(&dist, moments_triangular(1, 2, 7), "test/triangular");
    hsc_dist_fini(&dist);
    /* Mode at an end: the inverse CDF's other branch only. */
    init_ok(&dist, &(struct hsc_dist_spec){.kind = HSC_DIST_TRIANGULAR, .min = 0, .mode = 0, .max = 3});
    check_moments(&dist, moments_triangular(0, 0, 3), "test/triangular-left");
    hsc_dist_fini(&dist);
}

static void test_fixed(void **unused)
{
    (void)unused;
    struct hsc_dist dist;
    init_ok(&dist, &(struct hsc_dist_spec){.kind = HSC_DIST_FIXED, .value = 3});
    assert_near(dist.mean, 3, 0);
    gsl_rng *rng = hsc_rng_new(SEED, 0, 1);
    for (int i = 0; i < 10; i++)
        assert_near(hsc_dist_sample(&dist, rng), 3, 0);
    hsc_rng_free(rng);
    hsc_dist_fini(&dist);
}

static void test_empirical(void **unused)
{
    (void)unused;
    const double values[] = {1, 2, 5}, prob[] = {0.2, 0.5, 0.3};
    const double equal[] = {1.0 / 3, 1.0 / 3, 1.0 / 3};
    struct hsc_dist dist;
    init_ok(&dist, &(struct hsc_dist_spec){.kind = HSC_DIST_EMPIRICAL, .values = values,
                                           .n_values = 3, .probabilities = prob,
                                           .n_probabilities = 3});
    check_moments(&dist, moments_discrete(values, prob, 3), "test/empirical");
    hsc_dist_fini(&dist);
    init_ok(&dist, &(struct hsc_dist_spec){.kind = HSC_DIST_EMPIRICAL, .values = values,
                                           .n_values = 3});
    check_moments(&dist, moments_discrete(values, equal, 3), "test/empirical-equal");
    hsc_dist_fini(&dist);
}

/* Values of probability 0 are never drawn, also at the end of the list
 * (where rounding in the cumulative sum could otherwise leave a gap). */
static void test_empirical_zero_probability(void **unused)
{
    (void)unused;
    const double values[] = {1, 2, 3, 4};
    const double prob[] = {0.1, 0, 0.9, 0};
    struct hsc_dist dist;
    init_ok(&dist, &(struct hsc_dist_spec){.kind = HSC_DIST_EMPIRICAL, .values = values,
                                           .n_values = 4, .probabilities = prob,
                                           .n_probabilities = 4});
    gsl_rng *rng = hsc_rng_new(SEED, 0, 2);
    int count[5] = {0};
    for (int i = 0; i < 20000; i++)
        count[(int)hsc_dist_sample(&dist, rng)]++;
    assert_int_equal(count[2], 0);
    assert_int_equal(count[4], 0);
    assert_true(count[1] > 0 && count[3] > 0);
    hsc_rng_free(rng);
    hsc_dist_fini(&dist);
}

static void test_histogram(void **unused)
{
    (void)unused;
    const double edges[] = {0, 1, 3, 10}, prob[] = {0.2, 0.5, 0.3};
    struct hsc_dist dist;
    init_ok(&dist, &(struct hsc_dist_spec){.kind = HSC_DIST_HISTOGRAM, .edges = edges,
                                           .n_edges = 4, .probabilities = prob,
                                           .n_probabilities = 3});
    assert_int_equal(dist.n, 3);
    check_moments(&dist, moments_histogram(edges, prob, 3), "test/histogram");
    gsl_rng *rng = hsc_rng_new(SEED, 0, 3);
    for (int i = 0; i < 10000; i++) {
        double x = hsc_dist_sample(&dist, rng);
        assert_true(x >= 0 && x < 10);
    }
    hsc_rng_free(rng);
    hsc_dist_fini(&dist);
}

/* Spec initialisers for the array kinds. */
#define EMP(v, nv, p, np) {.kind = HSC_DIST_EMPIRICAL, .values = v, .n_values = nv, \
                           .probabilities = p, .n_probabilities = np}
#define HIST(e, ne, p, np) {.kind = HSC_DIST_HISTOGRAM, .edges = e, .n_edges = ne, \
                            .probabilities = p, .n_probabilities = np}

/* ---- equilibrium residual life --------------------------------------------- */

/* Draws N residuals and checks that each is in [0, upper] and that the
 * sample means of R and R^2 match E[R] = m2 / (2 m1) and E[R^2] = m3 / (3 m1)
 * within 5 standard errors, from the exact Var(R) = m3 / (3 m1) - E[R]^2 and
 * Var(R^2) = m5 / (5 m1) - E[R^2]^2. Forgetting U (returning L), or biasing
 * by the wrong power, moves E[R] by far more than 5 se for every case below
 * (checked by hand when the tests were written). */
static void check_residual(const struct hsc_dist *dist, struct moments mo, double upper,
                           const char *process)
{
    const double *m = mo.m;
    double r1 = m[2] / (2 * m[1]), r2 = m[3] / (3 * m[1]), r4 = m[5] / (5 * m[1]);
    double se1 = sqrt((r2 - r1 * r1) / N), se2 = sqrt((r4 - r2 * r2) / N);

    gsl_rng *rng = hsc_rng_new(SEED, 0, hsc_rng_hash(process));
    double sum = 0, sum2 = 0;
    for (int i = 0; i < N; i++) {
        double x = hsc_dist_sample_residual(dist, rng);
        if (!(x >= 0 && x <= upper))
            fail_msg("%s: residual %.17g outside [0, %g]", process, x, upper);
        sum += x;
        sum2 += x * x;
    }
    hsc_rng_free(rng);
    assert_near(sum / N, r1, 5 * se1);
    assert_near(sum2 / N, r2, 5 * se2);
}

static void test_residual_continuous(void **unused)
{
    (void)unused;
    struct hsc_dist dist;
    init_ok(&dist, &(struct hsc_dist_spec){.kind = HSC_DIST_EXPONENTIAL, .mean = 8});
    check_residual(&dist, moments_exponential(8), INFINITY, "test/residual-exponential");
    hsc_dist_fini(&dist);

    init_ok(&dist, &(struct hsc_dist_spec){.kind = HSC_DIST_LOGNORMAL, .mean = 5, .sd = 3});
    check_residual(&dist, moments_lognormal(dist.p1, dist.p2), INFINITY, "test/residual-lognormal");
    hsc_dist_fini(&dist);

    init_ok(&dist, &(struct hsc_dist_spec){.kind = HSC_DIST_GAMMA, .mean = 5, .sd = 2});
    check_residual(&dist, moments_gamma(6.25, 0.8), INFINITY, "test/residual-gamma");
    hsc_dist_fini(&dist);
    init_ok(&dist, &(struct hsc_dist_spec){.kind = HSC_DIST_GAMMA, .mean = 2, .sd = 3});
    check_residual(&dist, moments_gamma(4.0 / 9, 4.5), INFINITY, "test/residual-gamma-small");
    hsc_dist_fini(&dist);

    init_ok(&dist, &(struct hsc_dist_spec){.kind = HSC_DIST_WEIBULL, .shape = 1.5, .scale = 10});
    check_residual(&dist, moments_weibull(1.5, 10), INFINITY, "test/residual-weibull");
    hsc_dist_fini(&dist);
    /* Shape < 1 (decreasing hazard): a heavier tail and a long residual. */
    init_ok(&dist, &(struct hsc_dist_spec){.kind = HSC_DIST_WEIBULL, .shape = 0.7, .scale = 3});
    check_residual(&dist, moments_weibull(0.7, 3), INFINITY, "test/residual-weibull-small");
    hsc_dist_fini(&dist);
}

static void test_residual_bounded(void **unused)
{
    (void)unused;
    struct hsc_dist dist;
    const double u_edges[] = {2, 6}, one[] = {1};
    init_ok(&dist, &(struct hsc_dist_spec){.kind = HSC_DIST_UNIFORM, .min = 2, .max = 6});
    check_residual(&dist, moments_histogram(u_edges, one, 1), 6, "test/residual-uniform");
    hsc_dist_fini(&dist);

    init_ok(&dist, &(struct hsc_dist_spec){.kind = HSC_DIST_TRIANGULAR, .min = 1, .mode = 2, .max = 7});
    check_residual(&dist, moments_triangular(1, 2, 7), 7, "test/residual-triangular");
    hsc_dist_fini(&dist);
    init_ok(&dist, &(struct hsc_dist_spec){.kind = HSC_DIST_TRIANGULAR, .min = 0, .mode = 0, .max = 3});
    check_residual(&dist, moments_triangular(0, 0, 3), 3, "test/residual-triangular-left");
    hsc_dist_fini(&dist);

    const double edges[] = {0, 1, 3, 10}, prob[] = {0.2, 0.5, 0.3};
    init_ok(&dist, &(struct hsc_dist_spec)HIST(edges, 4, prob, 3));
    check_residual(&dist, moments_histogram(edges, prob, 3), 10, "test/residual-histogram");
    hsc_dist_fini(&dist);
    /* A bin of probability 0 in the middle and a first bin away from 0. */
    const double edges2[] = {2, 4, 5, 9}, prob2[] = {0.6, 0, 0.4};
    init_ok(&dist, &(struct hsc_dist_spec)HIST(edges2, 4, prob2, 3));
    check_residual(&dist, moments_histogram(edges2, prob2, 3), 9, "test/residual-histogram-gap");
    hsc_dist_fini(&dist);
}

static void test_residual_empirical(void **unused)
{
    (void)unused;
    struct hsc_dist dist;
    const double values[] = {1, 2, 5}, prob[] = {0.2, 0.5, 0.3};
    const double equal[] = {1.0 / 3, 1.0 / 3, 1.0 / 3};
    init_ok(&dist, &(struct hsc_dist_spec)EMP(values, 3, prob, 3));
    check_residual(&dist, moments_discrete(values, prob, 3), 5, "test/residual-empirical");
    hsc_dist_fini(&dist);
    init_ok(&dist, &(struct hsc_dist_spec)EMP(values, 3, NULL, 0));
    check_residual(&dist, moments_discrete(values, equal, 3), 5, "test/residual-empirical-equal");
    hsc_dist_fini(&dist);
    /* Value 4 has probability 0, so no residual reaches above 3; a value 0
     * carries no weight at all in the length-biased draw. */
    const double v4[] = {0, 1, 3, 4}, p4[] = {0.3, 0.1, 0.6, 0};
    init_ok(&dist, &(struct hsc_dist_spec)EMP(v4, 4, p4, 4));
    check_residual(&dist, moments_discrete(v4, p4, 4), 3, "test/residual-empirical-zero");
    hsc_dist_fini(&dist);
}

/* Hand check: a fixed stay v has residual uniform on [0, v]. Each of the ten
 * deciles must hold N / 10 draws within 5 binomial standard errors. */
static void test_residual_fixed(void **unused)
{
    (void)unused;
    struct hsc_dist dist;
    init_ok(&dist, &(struct hsc_dist_spec){.kind = HSC_DIST_FIXED, .value = 3});
    gsl_rng *rng = hsc_rng_new(SEED, 0, hsc_rng_hash("test/residual-fixed"));
    int count[10] = {0};
    for (int i = 0; i < N; i++) {
        double x = hsc_dist_sample_residual(&dist, rng);
        assert_true(x >= 0 && x <= 3);
        count[x < 3 ? (int)(x / 0.3) : 9]++;
    }
    hsc_rng_free(rng);
    for (int d = 0; d < 10; d++)
        assert_near(count[d], N / 10.0, 5 * sqrt(N * 0.1 * 0.9));
    hsc_dist_fini(&dist);
}

/* A distribution of mean 0 returns 0 and leaves the stream untouched. */
static void test_residual_zero_mean(void **unused)
{
    (void)unused;
    const double zeros[] = {0, 0};
    struct hsc_dist fixed0, emp0;
    init_ok(&fixed0, &(struct hsc_dist_spec){.kind = HSC_DIST_FIXED, .value = 0});
    init_ok(&emp0, &(struct hsc_dist_spec)EMP(zeros, 2, NULL, 0));
    gsl_rng *a = hsc_rng_new(SEED, 0, 5), *b = hsc_rng_new(SEED, 0, 5);
    for (int i = 0; i < 10; i++) {
        assert_true(hsc_dist_sample_residual(&fixed0, a) == 0.0);
        assert_true(hsc_dist_sample_residual(&emp0, a) == 0.0);
    }
    assert_true(gsl_rng_get(a) == gsl_rng_get(b));
    hsc_rng_free(a);
    hsc_rng_free(b);
    hsc_dist_fini(&fixed0);
    hsc_dist_fini(&emp0);
}

/* ---- validation ----------------------------------------------------------- */

struct bad_case {
    struct hsc_dist_spec spec;
    const char *param;
    const char *msg;
};

static const double v_neg[] = {1, -2, 3};
static const double v_ok3[] = {1, 2, 3};
static const double p_two[] = {0.5, 0.5};
static const double p_09[] = {0.5, 0.4};
static const double p_09b[] = {0.3, 0.3, 0.3};
static const double p_range[] = {1.5, -0.5, 0};
static const double p_just_over[] = {0.5, 0.50000001};
static const double e_one[] = {0};
static const double e_flat[] = {0, 2, 2};
static const double e_neg[] = {-1, 2, 4};
static const double e_ok[] = {0, 2, 4};
static const double p_nan[] = {NAN, 1};

static const struct bad_case bad_cases[] = {
    {{.kind = HSC_DIST_NONE}, "kind", "must be set"},
    {{.kind = HSC_DIST_EXPONENTIAL, .mean = -1}, "mean", "must be > 0 (got -1)"},
    {{.kind = HSC_DIST_EXPONENTIAL, .mean = 0}, "mean", "must be > 0 (got 0)"},
    {{.kind = HSC_DIST_EXPONENTIAL, .mean = NAN}, "mean", "must be a finite number (got nan)"},
    {{.kind = HSC_DIST_LOGNORMAL, .mean = 5, .sd = -2}, "sd", "must be > 0 (got -2)"},
    {{.kind = HSC_DIST_LOGNORMAL, .mean = INFINITY, .sd = 1}, "mean", "must be a finite number (got inf)"},
    {{.kind = HSC_DIST_GAMMA, .mean = 0, .sd = 1}, "mean", "must be > 0 (got 0)"},
    {{.kind = HSC_DIST_GAMMA, .mean = 1, .sd = 0}, "sd", "must be > 0 (got 0)"},
    {{.kind = HSC_DIST_WEIBULL, .shape = 0, .scale = 1}, "shape", "must be > 0 (got 0)"},
    {{.kind = HSC_DIST_WEIBULL, .shape = 1, .scale = -3.5}, "scale", "must be > 0 (got -3.5)"},
    {{.kind = HSC_DIST_UNIFORM, .min = -1, .max = 2}, "min", "must be >= 0 (got -1)"},
    {{.kind = HSC_DIST_UNIFORM, .min = 3, .max = 3}, "max", "must be > min (got 3, min is 3)"},
    {{.kind = HSC_DIST_UNIFORM, .min = 0, .max = -INFINITY}, "max", "must be a finite number (got -inf)"},
    {{.kind = HSC_DIST_TRIANGULAR, .min = 1, .mode = 8, .max = 7}, "mode",
     "must be between min and max (got 8, min is 1, max is 7)"},
    {{.kind = HSC_DIST_TRIANGULAR, .min = 1, .mode = 0.5, .max = 7}, "mode",
     "must be between min and max (got 0.5, min is 1, max is 7)"},
    {{.kind = HSC_DIST_TRIANGULAR, .min = 2, .mode = 2, .max = 2}, "max", "must be > min (got 2, min is 2)"},
    {{.kind = HSC_DIST_TRIANGULAR, .min = -1, .mode = 0, .max = 2}, "min", "must be >= 0 (got -1)"},
    {{.kind = HSC_DIST_FIXED, .value = -0.5}, "value", "must be >= 0 (got -0.5)"},
    {EMP(NULL, 0, NULL, 0), "values", "must have at least one value"},
    {EMP(v_neg, 3, NULL, 0), "values", "must all be >= 0 (item 2 is -2)"},
    {EMP(v_ok3, 3, p_two, 2), "probabilities", "must have one entry per value (got 2, expected 3)"},
    {EMP(v_ok3, 2, p_09, 2), "probabilities", "must sum to 1 (sum is 0.9)"},
    {EMP(v_ok3, 3, p_09b, 3), "probabilities", "must sum to 1 (sum is 0.9)"},
    {EMP(v_ok3, 3, p_range, 3), "probabilities", "must all be in [0, 1] (item 1 is 1.5)"},
    {EMP(v_ok3, 2, p_nan, 2), "probabilities", "must all be in [0, 1] (item 1 is nan)"},
    {EMP(v_ok3, 2, p_just_over, 2), "probabilities", "must sum to 1 (sum is 1.00000001)"},
    {HIST(e_one, 1, p_two, 0), "edges", "must have at least 2 edges (got 1)"},
    {HIST(e_flat, 3, p_two, 2), "edges", "must be strictly increasing (item 3 is 2, after 2)"},
    {HIST(e_neg, 3, p_two, 2), "edges", "must all be >= 0 (item 1 is -1)"},
    {HIST(e_ok, 3, NULL, 0), "probabilities", "must be given for a histogram"},
    {HIST(e_ok, 3, p_09b, 3), "probabilities", "must have one entry per bin (got 3, expected 2)"},
    {HIST(e_ok, 3, p_09, 2), "probabilities", "must sum to 1 (sum is 0.9)"},
};

static void test_validation_messages(void **unused)
{
    (void)unused;
    for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
        const struct bad_case *bc = &bad_cases[i];
        struct hsc_dist dist;
        const char *bad = NULL;
        char msg[128] = "";
        int status = hsc_dist_init(&dist, &bc->spec, &bad, msg, sizeof msg);
        if (status != -1 || !bad || strcmp(bad, bc->param) != 0 || strcmp(msg, bc->msg) != 0)
            fail_msg("case %zu: status %d, %s: \"%s\"; expected %s: \"%s\"", i, status,
                     bad ? bad : "(null)", msg, bc->param, bc->msg);
        /* A failed init leaves nothing to free and nothing to sample. */
        assert_int_equal(dist.kind, HSC_DIST_NONE);
        assert_null(dist.values);
        assert_null(dist.cum);
    }
}

/* Within 1e-9 of 1 is accepted as written (never renormalised). */
static void test_probability_sum_tolerance(void **unused)
{
    (void)unused;
    const double prob[] = {0.5, 0.5 + 5e-10};
    struct hsc_dist dist;
    init_ok(&dist, &(struct hsc_dist_spec)EMP(v_ok3, 2, prob, 2));
    assert_near(dist.mean, 0.5 * 1 + (0.5 + 5e-10) * 2, 1e-15);
    hsc_dist_fini(&dist);
}

/* ---- names, copy, describe ------------------------------------------------ */

static void test_names(void **unused)
{
    (void)unused;
    for (int k = HSC_DIST_EXPONENTIAL; k <= HSC_DIST_HISTOGRAM; k++)
        assert_int_equal(hsc_dist_kind_from_name(hsc_dist_kind_name(k)), k);
    assert_string_equal(hsc_dist_kind_name(HSC_DIST_LOGNORMAL), "lognormal");
    assert_int_equal(hsc_dist_kind_from_name("log-normal"), HSC_DIST_NONE);
    assert_int_equal(hsc_dist_kind_from_name("none"), HSC_DIST_NONE);
    const char *const *names = hsc_dist_param_names(HSC_DIST_TRIANGULAR);
    assert_string_equal(names[0], "min");
    assert_string_equal(names[1], "mode");
    assert_string_equal(names[2], "max");
    assert_null(names[3]);
    assert_int_equal(hsc_dist_param_required(HSC_DIST_EMPIRICAL, "values"), 1);
    assert_int_equal(hsc_dist_param_required(HSC_DIST_EMPIRICAL, "probabilities"), 0);
    assert_int_equal(hsc_dist_param_required(HSC_DIST_HISTOGRAM, "probabilities"), 1);
    assert_int_equal(hsc_dist_param_required(HSC_DIST_GAMMA, "shape"), -1);
}

static void test_copy_and_fini(void **unused)
{
    (void)unused;
    const double edges[] = {0, 1, 3}, prob[] = {0.25, 0.75};
    struct hsc_dist src, dst;
    init_ok(&src, &(struct hsc_dist_spec)HIST(edges, 3, prob, 2));
    assert_int_equal(hsc_dist_copy(&dst, &src), 0);
    assert_true(dst.values != src.values && dst.cum != src.cum);
    gsl_rng *a = hsc_rng_new(SEED, 0, 4), *b = hsc_rng_new(SEED, 0, 4);
    double expect[8];
    for (int i = 0; i < 8; i++)
        expect[i] = hsc_dist_sample(&src, a);
    hsc_dist_fini(&src); /* the copy must not share memory with it */
    assert_int_equal(src.kind, HSC_DIST_NONE);
    assert_null(src.values);
    for (int i = 0; i < 8; i++)
        assert_near(hsc_dist_sample(&dst, b), expect[i], 0);
    hsc_rng_free(a);
    hsc_rng_free(b);
    hsc_dist_fini(&dst);

    init_ok(&src, &(struct hsc_dist_spec){.kind = HSC_DIST_GAMMA, .mean = 2, .sd = 1});
    assert_int_equal(hsc_dist_copy(&dst, &src), 0);
    assert_memory_equal(&dst, &src, sizeof src);
    hsc_dist_fini(&src);
    hsc_dist_fini(&dst);
}

static void test_describe(void **unused)
{
    (void)unused;
    struct hsc_dist dist;
    char buf[96];
    init_ok(&dist, &(struct hsc_dist_spec){.kind = HSC_DIST_LOGNORMAL, .mean = 8, .sd = 9});
    hsc_dist_describe(&dist, buf, sizeof buf);
    assert_string_equal(buf, "lognormal(mean 8, sd 9)");
    hsc_dist_fini(&dist);
    init_ok(&dist, &(struct hsc_dist_spec){.kind = HSC_DIST_TRIANGULAR, .min = 1, .mode = 2, .max = 7});
    hsc_dist_describe(&dist, buf, sizeof buf);
    assert_string_equal(buf, "triangular(min 1, mode 2, max 7)");
    hsc_dist_fini(&dist);
    init_ok(&dist, &(struct hsc_dist_spec){.kind = HSC_DIST_WEIBULL, .shape = 1.5, .scale = 10});
    hsc_dist_describe(&dist, buf, sizeof buf);
    assert_string_equal(buf, "weibull(shape 1.5, scale 10)");
    hsc_dist_fini(&dist);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exponential),
        cmocka_unit_test(test_lognormal),
        cmocka_unit_test(test_gamma),
        cmocka_unit_test(test_weibull),
        cmocka_unit_test(test_uniform),
        cmocka_unit_test(test_triangular),
        cmocka_unit_test(test_fixed),
        cmocka_unit_test(test_empirical),
        cmocka_unit_test(test_empirical_zero_probability),
        cmocka_unit_test(test_histogram),
        cmocka_unit_test(test_residual_continuous),
        cmocka_unit_test(test_residual_bounded),
        cmocka_unit_test(test_residual_empirical),
        cmocka_unit_test(test_residual_fixed),
        cmocka_unit_test(test_residual_zero_mean),
        cmocka_unit_test(test_validation_messages),
        cmocka_unit_test(test_probability_sum_tolerance),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_copy_and_fini),
        cmocka_unit_test(test_describe),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
