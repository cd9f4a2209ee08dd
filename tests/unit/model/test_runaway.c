/*
 * Runaway queues (src/model/runaway.h, docs/kpis.md "Runaway queues"):
 * - the test of one daily series, on series worked out by hand: flat and
 *   short series, exact linear growth (the floor binds), growth whose rise
 *   just clears or just misses 3 noise sds (the noise formula exactly),
 *   growth only in the first half, a rise that falls back, a jump in the
 *   last week, a strided series;
 * - simulated M/M/c queues (exact, event by event, sampled at midnights):
 *   stationary ones are never flagged over many seeds, overloaded ones
 *   always, and one overloaded only in the first half never;
 * - whole replications: a scenario with too few acute beds, too few care
 *   home beds, or both, is flagged on exactly those queues (the KPI is 1 per
 *   queue), one with enough of both never, a period shorter than the
 *   minimum is not tested (KPI NaN, no flags), and the flags written to the
 *   results agree with the test of the results' own daily series.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <gsl/gsl_randist.h>

#include "hscflow/rng.h"
#include "model/runaway.h"
#include "support/assert_near.h"
#include "support/model_support.h"

enum { YEAR_DAYS = 365, HALF = 182, SECOND = YEAR_DAYS - HALF /* 183 days */ };

/* ------------------------------------------------------------------------
 * Series worked out by hand. With 365 days the second half is days
 * 182..364 (183 days): a line of slope a gives growth 182 a (the fitted
 * rise over 182 steps) and rise 176 a (the weeks' means are 176 days
 * apart).
 * ------------------------------------------------------------------------ */

static struct hsc__runaway_fit test_of(const float *x, size_t n_days)
{
    struct hsc__runaway_fit fit;
    hsc__runaway_test(x, n_days, 1, &fit);
    return fit;
}

static void flat_and_short_series(void **state)
{
    (void)state;
    float x[YEAR_DAYS] = {0};
    struct hsc__runaway_fit fit = test_of(x, YEAR_DAYS);
    assert_true(fit.applied);
    assert_false(fit.flagged);
    assert_near(fit.growth, 0.0, 0.0);
    assert_near(fit.rise, 0.0, 0.0);
    assert_near(fit.noise, 0.0, 0.0);
    assert_near(fit.threshold, HSC_RUNAWAY_FLOOR, 0.0);
    /* A steep rise: not tested below the minimum, flagged at it. */
    for (size_t d = 0; d < YEAR_DAYS; d++)
        x[d] = 10.0f * (float)d;
    fit = test_of(x, HSC_RUNAWAY_MIN_DAYS - 1);
    assert_false(fit.applied);
    assert_false(fit.flagged);
    assert_near(fit.growth, 0.0, 0.0);
    assert_near(fit.threshold, 0.0, 0.0);
    fit = test_of(x, HSC_RUNAWAY_MIN_DAYS);
    assert_true(fit.applied);
    assert_true(fit.flagged);
    /* 56 days: the second half is 28 days, 27 steps of 10. */
    assert_near(fit.growth, 270.0, 1e-9);
    assert_near(fit.rise, 210.0, 1e-9);
    test_of(NULL, 0); /* no series at all: nothing to read */
}

/* A noiseless line: the floor is the threshold, and it binds. */
static void linear_growth_and_the_floor(void **state)
{
    (void)state;
    float x[YEAR_DAYS];
    const double slopes[] = {0.0625, 0.0546875, 0.5}; /* growth 11.375, 9.953, 91 */
    const bool flagged[] = {true, false, true};
    for (size_t i = 0; i < 3; i++) {
        for (size_t d = 0; d < YEAR_DAYS; d++)
            x[d] = (float)(slopes[i] * (double)d);
        struct hsc__runaway_fit fit = test_of(x, YEAR_DAYS);
        assert_near(fit.growth, 182.0 * slopes[i], 1e-9);
        assert_near(fit.rise, 176.0 * slopes[i], 1e-9);
        assert_near(fit.noise, 0.0, 1e-9);
        assert_near(fit.threshold, HSC_RUNAWAY_FLOOR, 0.0);
        assert_int_equal(fit.flagged, flagged[i]);
    }
}

/* x = d + b (d mod 2): the alternation adds nothing to the growth (182) or
 * the rise (176), and the week's changes are +b and -b, 88 of each, so
 * noise = b sqrt(176 x 182 / (175 x 7)). 3 x noise is 174.5 for b = 11.375
 * (flagged) and 178.3 for b = 11.625, above the rise (not flagged, though
 * the growth clears it): both conditions are needed. */
static void noise_of_a_known_series(void **state)
{
    (void)state;
    const double bs[] = {11.375, 11.625};
    for (size_t i = 0; i < 2; i++) {
        float x[YEAR_DAYS];
        for (size_t d = 0; d < YEAR_DAYS; d++)
            x[d] = (float)((double)d + bs[i] * (double)(d % 2));
        struct hsc__runaway_fit fit = test_of(x, YEAR_DAYS);
        double noise = bs[i] * sqrt(176.0 * 182.0 / (175.0 * 7.0));
        assert_near(fit.growth, 182.0, 1e-9);
        assert_near(fit.rise, 176.0, 1e-9);
        assert_near(fit.noise, noise, 1e-9 * noise);
        assert_near(fit.threshold, HSC_RUNAWAY_Z * noise, 1e-9 * noise);
        assert_true(fit.growth >= fit.threshold);
        assert_int_equal(fit.flagged, i == 0);
    }
}

/* Growth that stops at the half, a rise that falls back, and a jump in the
 * last week (whose changes make the noise as big as the jump) are not
 * runaways. */
static void growth_that_does_not_last(void **state)
{
    (void)state;
    float x[YEAR_DAYS];
    for (size_t d = 0; d < YEAR_DAYS; d++)
        x[d] = (float)(d < HALF ? 2.0 * (double)d : 2.0 * HALF);
    struct hsc__runaway_fit fit = test_of(x, YEAR_DAYS);
    assert_near(fit.growth, 0.0, 1e-9);
    assert_false(fit.flagged);

    for (size_t d = 0; d < YEAR_DAYS; d++) /* up 2 a day to day 273, then down */
        x[d] = (float)(d < HALF ? 0.0 : 182.0 - fabs(2.0 * ((double)d - 273.0)));
    fit = test_of(x, YEAR_DAYS);
    assert_true(fabs(fit.growth) < 1.0 && fabs(fit.rise) < 1.0);
    assert_false(fit.flagged);

    for (size_t d = 0; d < YEAR_DAYS; d++)
        x[d] = d >= YEAR_DAYS - 7 ? 300.0f : 0.0f;
    fit = test_of(x, YEAR_DAYS);
    assert_near(fit.rise, 300.0, 1e-9);
    assert_true(fit.noise > 250.0);
    assert_true(fit.growth < fit.threshold);
    assert_false(fit.flagged);
}

/* A service's column of a [D x S] array gives the same test as the series
 * on its own. */
/* A saturated ED queue: above the level at every midnight of the second
 * half, even flat; one midnight at or below it, or a short run, is not. */
static void saturation_of_a_flat_queue(void **state)
{
    (void)state;
    float x[100];
    for (size_t d = 0; d < 100; d++)
        x[d] = 5000.0f + (float)(d % 3); /* flat: the growth test passes it */
    struct hsc__runaway_fit fit;
    hsc__runaway_test(x, 100, 1, &fit);
    assert_false(fit.flagged);
    assert_true(hsc__runaway_saturated(x, 100, 1, 300.0));
    assert_false(hsc__runaway_saturated(x, 100, 1, 5000.0)); /* some days are at it */
    x[70] = 300.0f;
    assert_false(hsc__runaway_saturated(x, 100, 1, 300.0));
    x[70] = 5000.0f;
    x[10] = 0.0f; /* the first half does not matter */
    assert_true(hsc__runaway_saturated(x, 100, 1, 300.0));
    assert_false(hsc__runaway_saturated(x, HSC_RUNAWAY_MIN_DAYS - 1, 1, 300.0));
}

static void strided_series(void **state)
{
    (void)state;
    enum { S = 3 };
    float x[YEAR_DAYS], table[YEAR_DAYS * S];
    gsl_rng *rng = hsc_rng_new(7, 0, hsc_rng_hash("test/strided"));
    double level = 0.0;
    for (size_t d = 0; d < YEAR_DAYS; d++) {
        level = fmax(0.0, level + 1.0 + gsl_ran_gaussian(rng, 2.0));
        x[d] = (float)level;
        for (size_t s = 0; s < S; s++)
            table[d * S + s] = s == 1 ? x[d] : -1.0f;
    }
    hsc_rng_free(rng);
    struct hsc__runaway_fit alone = test_of(x, YEAR_DAYS), column;
    hsc__runaway_test(table + 1, YEAR_DAYS, S, &column);
    assert_true(alone.growth == column.growth && alone.rise == column.rise &&
                alone.noise == column.noise && alone.flagged == column.flagged);
    assert_true(alone.growth > 0.0);
}

/* ------------------------------------------------------------------------
 * Simulated M/M/c queues: the number waiting (beyond the c servers) at
 * each midnight of `days` days after `warmup` days, starting empty; the
 * servers become c2 from `switch_day` days into the sampled period.
 * ------------------------------------------------------------------------ */

struct mmc {
    const char *name;
    long c, c2;
    double lambda, mu; /* a day */
    double warmup, switch_day;
};

static float waiting(long n, long c)
{
    return (float)(n > c ? n - c : 0);
}

static void simulate(const struct mmc *q, gsl_rng *rng, float *out, size_t days)
{
    double t = 0.0, switch_at = q->warmup + q->switch_day;
    long n = 0;
    size_t d = 0;
    while (d < days) {
        long c = t < switch_at ? q->c : q->c2;
        double rate = q->lambda + q->mu * (double)(n < c ? n : c);
        double next = t + gsl_ran_exponential(rng, 1.0 / rate);
        if (t < switch_at && next >= switch_at) {
            /* The servers change first; the clocks are memoryless, so the
             * next event is drawn afresh from the switch. */
            for (; d < days && q->warmup + (double)d < switch_at; d++)
                out[d] = waiting(n, c);
            t = switch_at;
            continue;
        }
        for (; d < days && next >= q->warmup + (double)d; d++)
            out[d] = waiting(n, c);
        t = next;
        if (gsl_rng_uniform(rng) * rate < q->lambda)
            n++;
        else
            n--;
    }
}

/* How many of `seeds` simulated years of q are flagged; *worst is the
 * largest min(growth, rise) / threshold seen. */
static size_t flagged_years(const struct mmc *q, size_t seeds, double *worst)
{
    float x[YEAR_DAYS];
    size_t flagged = 0;
    *worst = -INFINITY;
    for (size_t r = 0; r < seeds; r++) {
        gsl_rng *rng = hsc_rng_new(20261122, r, hsc_rng_hash(q->name));
        simulate(q, rng, x, YEAR_DAYS);
        hsc_rng_free(rng);
        struct hsc__runaway_fit fit = test_of(x, YEAR_DAYS);
        flagged += fit.flagged;
        *worst = fmax(*worst, fmin(fit.growth, fit.rise) / fit.threshold);
    }
    return flagged;
}

/* Stationary queues, a year after a year's warm-up, 200 seeds each, from a
 * light single server to a slow, nearly saturated 10-bed unit (waiting
 * excursions of months) and a big, fast one at 97%: none is flagged. The
 * largest min(growth, rise) / threshold is printed: 0.79 (the slow unit),
 * 0.68 (M/M/50), the rest below 0.5; it must stay below 1. */
static void stationary_queues_never_flagged(void **state)
{
    (void)state;
    const struct mmc queues[] = {
        {"mm1_0.8", 1, 1, 0.8, 1.0, 365.0, INFINITY},
        {"mm20_0.9", 20, 20, 3.6, 0.2, 365.0, INFINITY},
        {"mm50_0.95", 50, 50, 9.5, 0.2, 365.0, INFINITY},
        {"mm10_0.95_slow", 10, 10, 0.95, 0.1, 365.0, INFINITY},
        {"mm100_0.97", 100, 100, 19.4, 0.2, 365.0, INFINITY},
    };
    for (size_t i = 0; i < sizeof queues / sizeof queues[0]; i++) {
        double worst;
        size_t flagged = flagged_years(&queues[i], 200, &worst);
        print_message("%-16s flagged %zu of 200, worst min(growth, rise) / threshold %.2f\n",
                      queues[i].name, flagged, worst);
        assert_int_equal(flagged, 0);
        assert_true(worst < 1.0);
    }
}

/* Overloaded queues: arrivals 1.5 times capacity (the queue grows 2 a day:
 * growth ~364 against a threshold ~130, 5 sds of the growth's own spread
 * clear) after a year's warm-up, and twice capacity on a small slow unit
 * from an empty start (1 a day: growth ~182 against ~70, 4.5 sds clear);
 * every seed is flagged. The same overload in the first half
 * only, after which capacity doubles and the queue drains, never is. */
static void overloaded_queues_always_flagged(void **state)
{
    (void)state;
    const struct mmc hot = {"mm20_1.5", 20, 20, 6.0, 0.2, 365.0, INFINITY};
    const struct mmc small = {"mm5_2.0", 5, 5, 2.0, 0.2, 0.0, INFINITY};
    const struct mmc cured = {"mm20_1.5_then_40", 20, 40, 6.0, 0.2, 0.0, (double)HALF};
    double worst;
    assert_int_equal(flagged_years(&hot, 200, &worst), 200);
    assert_int_equal(flagged_years(&small, 200, &worst), 200);
    assert_int_equal(flagged_years(&cured, 200, &worst), 0);
    assert_true(worst < 0.0); /* the queue shrinks all through the second half */
}

/* ------------------------------------------------------------------------
 * Whole replications.
 * ------------------------------------------------------------------------ */

/* 10 emergencies a day staying 3 days (30 beds' worth) and 4 care-home
 * referrals a day staying 10 days (40 places' worth); enough beds are 45
 * and 60, too few 20 and 20 (capacity 6.7 and 2 a day: queues grow 3.3 and
 * 2 a day, growth ~300 and ~180 over the 90-day second half against
 * thresholds ~120 and ~70). */
static const char two_queues[] =
    "name = \"gridlock\";\n"
    "run = { seed = 11; replications = 4; warmup_days = 0.0; measure_days = %g;\n"
    "        start_date = \"2026-04-01\"; };\n"
    "cohorts = { x = { emergency_per_day = 10.0; }; };\n"
    "services = {\n"
    "  acute = { kind = \"beds\"; role = \"acute\"; capacity = %d;\n"
    "    duration = { x = { dist = \"exponential\"; mean = 3.0; }; }; };\n"
    "  home = { kind = \"beds\"; role = \"care_home\"; capacity = %d;\n"
    "    duration = { x = { dist = \"exponential\"; mean = 10.0; }; };\n"
    "    exits = { x = { home = 1.0; }; }; referrals = { x = 4.0; }; };\n"
    "};\n";

static void run_two_queues(struct hsc_results *res, double days, int acute, int home)
{
    char text[2048];
    snprintf(text, sizeof text, two_queues, days, acute, home);
    run_scenario(res, text);
}

/* Every replication's flags agree with the KPI and with the tests of the
 * results' own daily waiting series (the growth test; for the acute service,
 * with `acute_beds` beds, also saturation). */
static void assert_flags_consistent(const struct hsc_results *res, int acute_beds)
{
    assert_non_null(res->runaway);
    for (size_t r = 0; r < res->n_reps; r++) {
        size_t count = 0;
        for (size_t s = 0; s < res->n_services; s++) {
            struct hsc__runaway_fit fit;
            hsc__runaway_test(res->ts_waiting + hsc_results_ts_index(res, 0, r, 0, s),
                              res->n_days, res->n_services, &fit);
            const float *series = res->ts_waiting + hsc_results_ts_index(res, 0, r, 0, s);
            bool saturated = strcmp(res->service_roles[s], "acute") == 0 &&
                             hsc__runaway_saturated(series, res->n_days, res->n_services,
                                                    (double)acute_beds);
            uint8_t flag = res->runaway[hsc_results_service_index(res, 0, r, s)];
            assert_int_equal(flag, fit.flagged || saturated ? 1 : 0);
            count += flag;
        }
        double value = support_value(res, "runaway_queues", r);
        if (res->n_days >= HSC_RUNAWAY_MIN_DAYS)
            assert_near(value, (double)count, 0.0);
        else
            assert_true(isnan(value) && count == 0);
    }
}

static void overloaded_scenarios_flag_their_queues(void **state)
{
    (void)state;
    const struct {
        int acute, home;
        uint8_t acute_flag, home_flag;
    } cases[] = {{45, 60, 0, 0}, {20, 60, 1, 0}, {45, 20, 0, 1}, {20, 20, 1, 1}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct hsc_results res;
        run_two_queues(&res, 180.0, cases[i].acute, cases[i].home);
        assert_flags_consistent(&res, cases[i].acute);
        int acute = service_index(&res, "acute"), home = service_index(&res, "home");
        for (size_t r = 0; r < res.n_reps; r++) {
            assert_int_equal(res.runaway[hsc_results_service_index(&res, 0, r, (size_t)acute)],
                             cases[i].acute_flag);
            assert_int_equal(res.runaway[hsc_results_service_index(&res, 0, r, (size_t)home)],
                             cases[i].home_flag);
            assert_near(support_value(&res, "runaway_queues", r),
                        (double)(cases[i].acute_flag + cases[i].home_flag), 0.0);
        }
        assert_int_equal(hsc_results_runaway_any(&res, 0),
                         cases[i].acute_flag || cases[i].home_flag ? res.n_reps : 0);
        assert_int_equal(hsc_results_runaway_reps(&res, 0, (size_t)acute),
                         cases[i].acute_flag ? res.n_reps : 0);
        hsc_results_free(&res);
    }
}

/* Below HSC_RUNAWAY_MIN_DAYS nothing is tested: the KPI is NaN and no flag
 * is set, however overloaded. */
static void short_periods_are_not_tested(void **state)
{
    (void)state;
    struct hsc_results res;
    run_two_queues(&res, HSC_RUNAWAY_MIN_DAYS - 1.0, 20, 20);
    assert_flags_consistent(&res, 20);
    assert_int_equal(hsc_results_runaway_any(&res, 0), 0);
    for (size_t r = 0; r < res.n_reps; r++)
        assert_true(isnan(support_value(&res, "runaway_queues", r)));
    hsc_results_free(&res);
    run_two_queues(&res, HSC_RUNAWAY_MIN_DAYS, 20, 20);
    assert_flags_consistent(&res, 20);
    assert_true(hsc_results_runaway_any(&res, 0) > 0);
    hsc_results_free(&res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(flat_and_short_series),
        cmocka_unit_test(linear_growth_and_the_floor),
        cmocka_unit_test(noise_of_a_known_series),
        cmocka_unit_test(growth_that_does_not_last),
        cmocka_unit_test(saturation_of_a_flat_queue),
        cmocka_unit_test(strided_series),
        cmocka_unit_test(stationary_queues_never_flagged),
        cmocka_unit_test(overloaded_queues_always_flagged),
        cmocka_unit_test(overloaded_scenarios_flag_their_queues),
        cmocka_unit_test(short_periods_are_not_tested),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
