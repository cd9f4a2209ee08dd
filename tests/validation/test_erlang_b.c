/*
 * Validation: a pure loss pool (max_queue = 0) with Poisson arrivals and
 * lognormal stays must turn away the share of arrivals Erlang B predicts,
 * whatever the shape of the stay distribution (insensitivity).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "support/run_support.h"
#include "validation/queueing_theory.h"

#define REPS 10
/* About 800,000 arrivals (1.6 million events) per case in total. */
#define ARRIVALS_PER_REP 80000.0

static void check_erlang_b(int beds, double load, double sd)
{
    struct hsc_scenario sc;
    double days = ARRIVALS_PER_REP / load;
    support_load(&sc, NULL, 0,
                 "name = \"erlang_b\";\n"
                 "run = { seed = 4242; replications = %d; warmup_days = 50.0;\n"
                 "        measure_days = %.17g; };\n"
                 "cohorts = { all = { emergency_per_day = %.17g; }; };\n"
                 "services = { pool = { kind = \"beds\"; role = \"acute\"; capacity = %d;\n"
                 "  max_queue = 0;\n"
                 "  duration = { all = { dist = \"lognormal\"; mean = 1.0; sd = %.17g; }; }; }; };\n",
                 REPS, days, load, beds, sd);
    struct hsc_results res;
    support_run(&sc, &res);
    double blocked[REPS];
    for (size_t r = 0; r < REPS; r++) {
        double arrivals = support_value(&res, "arrivals.service.pool", r);
        double turned = support_value(&res, "turned_away.service.pool", r);
        assert_true(arrivals > 0.5 * ARRIVALS_PER_REP);
        /* In a loss system nobody ever waits. */
        assert_true(support_value(&res, "waiting_mean.service.pool", r) == 0.0);
        blocked[r] = turned / arrivals;
    }
    struct support_estimate est = support_estimate(blocked, REPS);
    double exact = erlang_b(beds, load);
    print_message("Erlang B c=%d a=%g sd=%g: simulated %.5f +/- %.5f, exact %.5f\n", beds,
                  load, sd, est.mean, est.se, exact);
    assert_true(est.se < 0.03 * exact);
    assert_true(fabs(est.mean - exact) < T_999_DF9 * est.se);
    hsc_results_free(&res);
    hsc_scenario_fini(&sc);
}

static void small_pool_heavy_load(void **state)
{
    (void)state;
    check_erlang_b(5, 4.0, 2.0);
}

static void medium_pool(void **state)
{
    (void)state;
    check_erlang_b(20, 15.0, 1.5);
}

static void large_pool_overloaded(void **state)
{
    (void)state;
    check_erlang_b(50, 55.0, 0.5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(small_pool_heavy_load),
        cmocka_unit_test(medium_pool),
        cmocka_unit_test(large_pool_overloaded),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
