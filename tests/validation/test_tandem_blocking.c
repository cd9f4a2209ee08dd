/*
 * Validation: an acute pool that is a pure loss system at entry feeds a
 * step-down unit; people who find the step-down unit full stay blocked in
 * their acute bed and move, first come first served, when a bed frees. With
 * Poisson arrivals and exponential stays this is a Markov chain, solved
 * exactly in tandem_ctmc.h; the simulator must match its share turned away,
 * acute and step-down occupancy and mean number of delayed patients.
 *
 * The solver is checked first, against a chain solved by hand (c1 = c2 = 1)
 * and against Erlang B when the step-down unit is too large to ever fill.
 *
 * Tolerance (the rule of queueing_theory.h): 10 replications of about
 * 100,000 arrivals each. Every compared KPI is a time average or a ratio of
 * counts over a run some 10^4 mean stays long, i.e. thousands of busy
 * periods, so the replication values are close to normal and
 * (mean - exact) / se follows t with 9 degrees of freedom: |mean - exact| <
 * 4.781 se fails a correct simulator once in a thousand comparisons. The
 * check also demands se < 3% of the exact value for the share turned away
 * and delayed patients and < 1% for occupancies, so a bias of about 15% (5%)
 * cannot pass. An independent simulation of the chain at this run length
 * (300-400 batches of 10 replications per case) gave se of at most 1.9% and
 * 0.3% of the exact values, and |mean - exact| > 4.781 se in 2 of 4,000
 * comparisons, as the rule expects.
 * Cases are chosen so every KPI varies between replications: where the
 * step-down unit is practically never below full (c1 = 20, c2 = 8,
 * lambda = 12, mu2 = 0.6: P(j < c2) ~ 1e-6) E[j]'s se is ~0 and the t rule
 * is meaningless, so that case is not used.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "support/run_support.h"
#include "validation/queueing_theory.h"
#include "validation/tandem_ctmc.h"

#define REPS 10
#define ARRIVALS_PER_REP 100000.0

#include "support/assert_near.h"

static struct tandem_solution solve_ok(int c1, int c2, double lambda, double mu1, double mu2)
{
    struct tandem_params tp = {c1, c2, lambda, mu1, mu2};
    struct tandem_solution sol;
    assert_int_equal(tandem_solve(&tp, &sol), 0);
    /* The solution must satisfy the balance equations and be a distribution. */
    assert_true(sol.residual < 1e-12);
    assert_near(sol.sum, 1.0, 1e-12);
    assert_true(sol.min_prob > -1e-12);
    return sol;
}

/* ---- the exact solution ---------------------------------------------------- */

/* c1 = c2 = 1 has five states, x0 = (0,0,0), x1 = (1,0,0), x2 = (0,0,1),
 * x3 = (1,0,1), x4 = (0,1,1), with balance equations
 *   lambda x0 = mu2 x2,  mu1 x1 = lambda x0 + mu2 x3,
 *   (mu1 + mu2) x3 = lambda x2,  mu2 x4 = mu1 x3,
 * so with x2 = 1: x0 = mu2 / lambda, x3 = lambda / (mu1 + mu2),
 * x4 = mu1 lambda / (mu2 (mu1 + mu2)), x1 = mu2 (mu1 + mu2 + lambda) / (mu1 (mu1 + mu2)).
 * Every transition kind of the chain occurs in it, blocking included. */
static void ctmc_hand_check(void **state)
{
    (void)state;
    const double lambda = 1.0, mu1 = 2.0, mu2 = 3.0;
    double x0 = mu2 / lambda, x2 = 1.0, x3 = lambda / (mu1 + mu2);
    double x4 = mu1 * lambda / (mu2 * (mu1 + mu2));
    double x1 = mu2 * (mu1 + mu2 + lambda) / (mu1 * (mu1 + mu2));
    double total = x0 + x1 + x2 + x3 + x4;
    struct tandem_solution sol = solve_ok(1, 1, lambda, mu1, mu2);
    assert_int_equal(sol.n_states, 5);
    assert_near(sol.p_turned_away, (x1 + x3 + x4) / total, 1e-14);
    assert_near(sol.acute_mean, (x1 + x3 + x4) / total, 1e-14);
    assert_near(sol.treating_mean, (x1 + x3) / total, 1e-14);
    assert_near(sol.step_down_mean, (x2 + x3 + x4) / total, 1e-14);
    assert_near(sol.blocked_mean, x4 / total, 1e-14);
}

/* With 40 more step-down beds than acute ones and a step-down load of about
 * 5, the step-down unit is full with probability ~1e-25: the acute pool is
 * an Erlang loss system and the step-down unit sees all its throughput. */
static void ctmc_no_blocking_limit(void **state)
{
    (void)state;
    const int c1 = 5;
    const double lambda = 3.0, mu1 = 1.0, mu2 = 0.5;
    struct tandem_solution sol = solve_ok(c1, c1 + 40, lambda, mu1, mu2);
    double b = erlang_b(c1, lambda / mu1);
    assert_near(sol.p_turned_away, b, 1e-12);
    assert_near(sol.acute_mean, lambda * (1 - b) / mu1, 1e-11);
    assert_near(sol.step_down_mean, lambda * (1 - b) / mu2, 1e-11);
    assert_true(sol.blocked_mean < 1e-15);
}

/* The validation cases: state count, index map, and flow conservation
 * (admissions = treatment ends = step-down ends), which any stationary
 * distribution of the chain satisfies. */
static void ctmc_validation_cases(void **state)
{
    (void)state;
    const struct tandem_params cases[] = {
        {10, 4, 5.0, 1.0, 0.5}, {12, 4, 7.0, 1.0, 2.0}, {20, 8, 12.0, 1.0, 1.6}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct tandem_params *tp = &cases[i];
        struct tandem_solution sol = solve_ok(tp->c1, tp->c2, tp->lambda, tp->mu1, tp->mu2);
        size_t full = (size_t)(tp->c1 + 1) * (size_t)(tp->c1 + 2) / 2; /* j = c2: (a, k) */
        assert_int_equal(sol.n_states, (size_t)tp->c2 * (size_t)(tp->c1 + 1) + full);
        double admitted = tp->lambda * (1 - sol.p_turned_away);
        assert_near(tp->mu1 * sol.treating_mean, admitted, 1e-10 * admitted);
        assert_near(tp->mu2 * sol.step_down_mean, admitted, 1e-10 * admitted);
        assert_near(sol.acute_mean, sol.treating_mean + sol.blocked_mean, 1e-12);
        /* Blocking is strong: it raises the share turned away well above
         * Erlang B for the acute pool alone. */
        assert_true(sol.p_turned_away > 2 * erlang_b(tp->c1, tp->lambda / tp->mu1));

        struct tandem_space sp;
        assert_int_equal(tandem_space_init(&sp, tp->c1, tp->c2), 0);
        for (size_t s = 0; s < sp.n; s++)
            assert_int_equal(tandem_index(&sp, sp.state[3 * s], sp.state[3 * s + 1],
                                          sp.state[3 * s + 2]),
                             (long)s);
        assert_int_equal(tandem_index(&sp, 0, 1, 0), -1);     /* blocked, step-down not full */
        assert_int_equal(tandem_index(&sp, tp->c1, 1, tp->c2), -1); /* over c1 */
        tandem_space_fini(&sp);
    }
}

/* ---- the simulator against it ---------------------------------------------- */

static void compare(const char *what, const double *x, double exact, double max_rel_se)
{
    struct support_estimate est = support_estimate(x, REPS);
    print_message("  %-24s simulated %.5f +/- %.5f, exact %.5f\n", what, est.mean, est.se,
                  exact);
    assert_true(est.se < max_rel_se * exact);
    assert_true(fabs(est.mean - exact) < T_999_DF9 * est.se);
}

static void check_tandem(int c1, int c2, double lambda, double mu1, double mu2)
{
    struct tandem_solution exact = solve_ok(c1, c2, lambda, mu1, mu2);
    struct hsc_scenario sc;
    support_load(&sc, NULL, 0,
                 "name = \"tandem\";\n"
                 "run = { seed = 31; replications = %d; warmup_days = 50.0;\n"
                 "        measure_days = %.17g; };\n"
                 "cohorts = { all = { emergency_per_day = %.17g;\n"
                 "                    discharge = { step_down = 1.0; }; }; };\n"
                 "services = {\n"
                 "  acute = { kind = \"beds\"; role = \"acute\"; capacity = %d; max_queue = 0;\n"
                 "    duration = { all = { dist = \"exponential\"; mean = %.17g; }; }; };\n"
                 "  step_down = { kind = \"beds\"; role = \"step_down\"; capacity = %d;\n"
                 "    duration = { all = { dist = \"exponential\"; mean = %.17g; }; };\n"
                 "    exits = { default = { home = 1.0; }; }; };\n"
                 "};\n",
                 REPS, ARRIVALS_PER_REP / lambda, lambda, c1, 1.0 / mu1, c2, 1.0 / mu2);
    struct hsc_results res;
    support_run(&sc, &res);
    double turned[REPS], acute[REPS], step_down[REPS], delayed[REPS];
    for (size_t r = 0; r < REPS; r++) {
        double arrivals = support_value(&res, "arrivals.service.acute", r);
        assert_true(arrivals > 0.9 * ARRIVALS_PER_REP);
        /* Nobody waits for an acute bed, and nobody is refused a step-down
         * place: those who find it full wait in their acute bed. */
        assert_true(support_value(&res, "waiting_mean.service.acute", r) == 0.0);
        assert_true(support_value(&res, "turned_away.service.step_down", r) == 0.0);
        turned[r] = support_value(&res, "turned_away.service.acute", r) / arrivals;
        acute[r] = support_value(&res, "occupancy_mean.service.acute", r);
        step_down[r] = support_value(&res, "occupancy_mean.service.step_down", r);
        delayed[r] = support_value(&res, "delayed_patients_mean", r);
    }
    print_message("tandem c1=%d c2=%d lambda=%g mu1=%g mu2=%g (%zu states):\n", c1, c2, lambda,
                  mu1, mu2, exact.n_states);
    compare("P(turned away)", turned, exact.p_turned_away, 0.03);
    compare("acute occupancy", acute, exact.acute_mean, 0.01);
    compare("step-down occupancy", step_down, exact.step_down_mean, 0.01);
    compare("delayed patients", delayed, exact.blocked_mean, 0.03);
    hsc_results_free(&res);
    hsc_scenario_fini(&sc);
}

/* The step-down unit is the bottleneck (c2 mu2 = 2 < lambda): the acute pool
 * is nearly always full, mostly of blocked people. */
static void saturated_step_down(void **state)
{
    (void)state;
    check_tandem(10, 4, 5.0, 1.0, 0.5);
}

/* Enough step-down capacity on average, but blocking triples the share
 * turned away compared with Erlang B (0.081 against 0.027). */
static void small_step_down(void **state)
{
    (void)state;
    check_tandem(12, 4, 7.0, 1.0, 2.0);
}

/* Larger pools: 2.5 of 13.8 occupied acute beds hold blocked people, and
 * six times as many are turned away as Erlang B predicts. */
static void larger_pools(void **state)
{
    (void)state;
    check_tandem(20, 8, 12.0, 1.0, 1.6);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ctmc_hand_check),
        cmocka_unit_test(ctmc_no_blocking_limit),
        cmocka_unit_test(ctmc_validation_cases),
        cmocka_unit_test(saturated_step_down),
        cmocka_unit_test(small_step_down),
        cmocka_unit_test(larger_pools),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
