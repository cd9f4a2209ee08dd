/*
 * Validation: a pool with an unlimited queue, Poisson arrivals and
 * exponential stays is an M/M/c queue: the share of admissions who waited
 * must match Erlang C, and the mean wait C(c, a) / (c mu - lambda).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "support/run_support.h"
#include "validation/queueing_theory.h"

#define REPS 10
#define ARRIVALS_PER_REP 100000.0

static void check_erlang_c(int beds, double lambda)
{
    struct hsc_scenario sc;
    double days = ARRIVALS_PER_REP / lambda;
    support_load(&sc, NULL, 0,
                 "name = \"erlang_c\";\n"
                 "run = { seed = 777; replications = %d; warmup_days = 100.0;\n"
                 "        measure_days = %.17g; };\n"
                 "cohorts = { all = { emergency_per_day = %.17g; }; };\n"
                 "services = { pool = { kind = \"beds\"; role = \"acute\"; capacity = %d;\n"
                 "  duration = { all = { dist = \"exponential\"; mean = 1.0; }; }; }; };\n",
                 REPS, days, lambda, beds);
    struct hsc_results res;
    support_run(&sc, &res);
    double waited[REPS], wait[REPS];
    for (size_t r = 0; r < REPS; r++) {
        assert_true(support_value(&res, "turned_away.service.pool", r) == 0.0);
        waited[r] = support_value(&res, "waited_pct.service.pool", r) / 100.0;
        wait[r] = support_value(&res, "wait_mean_days.service.pool", r);
    }
    struct support_estimate p_wait = support_estimate(waited, REPS);
    struct support_estimate w = support_estimate(wait, REPS);
    double exact_p = erlang_c(beds, lambda);
    double exact_w = erlang_c_wait(beds, lambda, 1.0);
    print_message("Erlang C c=%d lambda=%g: P(wait) %.5f +/- %.5f (exact %.5f), "
                  "Wq %.5f +/- %.5f (exact %.5f)\n",
                  beds, lambda, p_wait.mean, p_wait.se, exact_p, w.mean, w.se, exact_w);
    assert_true(p_wait.se < 0.05 * exact_p);
    assert_true(w.se < 0.05 * exact_w);
    assert_true(fabs(p_wait.mean - exact_p) < T_999_DF9 * p_wait.se);
    assert_true(fabs(w.mean - exact_w) < T_999_DF9 * w.se);
    hsc_results_free(&res);
    hsc_scenario_fini(&sc);
}

static void ten_beds(void **state)
{
    (void)state;
    check_erlang_c(10, 8.0);
}

static void fifty_beds(void **state)
{
    (void)state;
    check_erlang_c(50, 45.0);
}

static void single_bed(void **state)
{
    (void)state;
    check_erlang_c(1, 0.7);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ten_beds),
        cmocka_unit_test(fifty_beds),
        cmocka_unit_test(single_bed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
