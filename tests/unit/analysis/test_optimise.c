/*
 * Unit tests for src/analysis/optimise.c and optimise_space.c on a
 * constructed problem whose truth is known.
 *
 * Three options a, b, c make 8 points (point = a + 2b + 4c). The objective
 * is delayed_bed_days, measured over 365.25 days so a year is one period.
 * True mean: 1000 - 100a - 150b - 120c + 100bc (b and c overlap: together
 * they avoid 170, not 270). Option costs a year: a 50, b 100, c 60; cash
 * never changes, so a point's net cash cost is exactly its option cost.
 * Replication r of every point shares a common term N(0, 50^2) (common
 * random numbers) plus its own N(0, 10^2), from a hash of (point, r) so
 * values never depend on the order the search asks for them.
 *
 * With £160 a year remaining: a+b (cost 150, mean 750) is the true best
 * that fits; a+c (110, 780) is 30 worse; a+b+c (210, 730) is better but
 * does not fit. The indifference zone is 10, so both procedures must find
 * a+b; the sd of a paired difference is sqrt(2) x 10 ~ 14, so 30 is over
 * 2 sd at one replication and far more at 10 or 20: with the fixed seed the
 * outcome is deterministic, and the PCS of KN (>= 0.95 within delta) makes
 * a wrong choice a rare event for any seed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hscflow/optimise.h"
#include "support/assert_near.h"

enum { A = 1, B = 2, C = 4, N_POINTS = 8 };
enum { K_DELAYED, K_CASH, N_KPIS };
#define MAX_REPS 200
#define BUDGET_LEFT 160.0

static double true_mean(size_t p)
{
    bool a = p & A, b = p & B, c = p & C;
    return 1000.0 - 100.0 * a - 150.0 * b - 120.0 * c + 100.0 * (b && c);
}

static double option_cost(size_t p)
{
    return 50.0 * !!(p & A) + 100.0 * !!(p & B) + 60.0 * !!(p & C);
}

static uint64_t splitmix(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

/* A standard normal from the key (Box-Muller on two hashed uniforms). */
static double normal(uint64_t key)
{
    double u1 = ((double)(splitmix(key) >> 11) + 0.5) / 9007199254740992.0;
    double u2 = ((double)(splitmix(key ^ 0x5555) >> 11) + 0.5) / 9007199254740992.0;
    return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}

static double observed(size_t p, size_t r)
{
    return true_mean(p) + 50.0 * normal(1000003ULL * r) + 10.0 * normal((p + 1) * 7919ULL + r * 104729ULL + 17);
}

struct fake_run {
    struct hsc_results *res;
    size_t calls;
    size_t *runaway_point; /* NULL, or a point whose replication 0 ran away */
};

/* The search's run function: fills the replications it asks for. */
static int fill(void *ctx, const size_t *target, size_t done, size_t left,
                struct hsc_error *err)
{
    (void)done;
    (void)left;
    (void)err;
    struct fake_run *run = ctx;
    struct hsc_results *res = run->res;
    run->calls++;
    for (size_t p = 0; p < N_POINTS; p++) {
        assert_true(target[p] >= (size_t)res->point_reps[p]);
        assert_true(target[p] <= res->n_reps);
        for (size_t r = (size_t)res->point_reps[p]; r < target[p]; r++) {
            res->kpi_value[hsc_results_kpi_index(res, p, r, K_DELAYED)] = observed(p, r);
            res->kpi_value[hsc_results_kpi_index(res, p, r, K_CASH)] = 1e6;
            if (run->runaway_point && *run->runaway_point == p && r == 0)
                res->runaway[hsc_results_service_index(res, p, r, 0)] = 1;
        }
        res->point_reps[p] = (int64_t)target[p];
    }
    return 0;
}

static struct hsc_results *make_results(void)
{
    struct hsc_results *res = calloc(1, sizeof *res);
    assert_non_null(res);
    assert_int_equal(hsc_results_alloc(res, N_POINTS, MAX_REPS, N_KPIS, 1, 0, 0), 0);
    res->measure_days = 365.25;
    for (size_t p = 0; p < N_POINTS; p++)
        res->point_reps[p] = 0;
    return res;
}

static void free_results(struct hsc_results *res)
{
    hsc_results_free(res);
    free(res);
}

static const size_t term_kpi[] = {K_DELAYED};
static const double term_weight[] = {1.0};
static const bool term_per_year[] = {true};

static struct hsc_optimise_problem problem(double *costs, long exhaustive_max)
{
    for (size_t p = 0; p < N_POINTS; p++)
        costs[p] = option_cost(p);
    return (struct hsc_optimise_problem){
        .n_points = N_POINTS,
        .option_cost = costs,
        .n_terms = 1,
        .term_kpi = term_kpi,
        .term_weight = term_weight,
        .term_per_year = term_per_year,
        .cash_kpi = K_CASH,
        .remaining = BUDGET_LEFT,
        .settings = {.indifference_zone = 10.0, .confidence = 0.95, .first_replications = 10,
                     .max_replications = MAX_REPS, .exhaustive_max = exhaustive_max,
                     .max_points = 4096},
        .replications = 20,
        .batch_tasks = 2,
    };
}

static void search(const struct hsc_optimise_problem *pb, struct fake_run *run,
                   struct hsc_optimise_outcome *out)
{
    struct hsc_error err = {0};
    int status = hsc_optimise_search(pb, run->res, fill, run, out, &err);
    if (status != 0)
        print_error("search: %s\n", err.message ? err.message : "?");
    assert_int_equal(status, 0);
}

/* Exhaustive: every point 20 replications, the best that fits wins, the
 * one over budget is marked so, and the figures are the sample means. */
static void test_exhaustive_finds_best_within_budget(void **state)
{
    (void)state;
    double costs[N_POINTS];
    struct hsc_optimise_problem pb = problem(costs, 64);
    struct fake_run run = {make_results(), 0, NULL};
    struct hsc_optimise_outcome out;
    search(&pb, &run, &out);
    assert_int_equal(out.procedure, HSC_OPTIMISE_EXHAUSTIVE);
    assert_int_equal(out.chosen, A | B);
    assert_int_equal(out.status[A | B], HSC_OPTIMISE_CHOSEN);
    assert_int_equal(out.status[A | B | C], HSC_OPTIMISE_OVER_BUDGET);
    assert_int_equal(out.status[B | C], HSC_OPTIMISE_ELIMINATED); /* 160 fits (<=) */
    assert_int_equal(out.replications_run, N_POINTS * 20);
    for (size_t p = 0; p < N_POINTS; p++) {
        assert_int_equal(run.res->point_reps[p], 20);
        assert_near(out.net_cash[p], option_cost(p), 1e-9);
        double sum = 0.0;
        for (size_t r = 0; r < 20; r++)
            sum += observed(p, r);
        assert_near(out.objective[p], sum / 20.0, 1e-9);
    }
    /* Frontier of (cost, mean): baseline, a, c, b, a+c, a+b, a+b+c; b+c
     * (160, 830) is dominated by a+b (150, 750). */
    const bool frontier[N_POINTS] = {[0] = true, [A] = true, [C] = true, [B] = true,
                                     [A | C] = true, [A | B] = true, [A | B | C] = true};
    for (size_t p = 0; p < N_POINTS; p++)
        assert_int_equal(out.frontier[p], frontier[p]);
    /* a+c is 30 worse than a+b with paired sd ~14 over 20 replications:
     * told apart, so no runner-up. */
    for (size_t p = 0; p < N_POINTS; p++)
        assert_false(out.runner_up[p]);
    assert_near(out.change[A | B].diff, out.objective[A | B] - out.objective[0], 1e-9);
    hsc_optimise_outcome_fini(&out);
    free_results(run.res);
}

/* KN (the space is above exhaustive_max = 1): the same choice, with fewer
 * replications than running every point to the maximum, and every point
 * screened on 10 first. */
static void test_sequential_agrees_with_exhaustive(void **state)
{
    (void)state;
    double costs[N_POINTS];
    struct hsc_optimise_problem pb = problem(costs, 1);
    struct fake_run run = {make_results(), 0, NULL};
    struct hsc_optimise_outcome out;
    search(&pb, &run, &out);
    assert_int_equal(out.procedure, HSC_OPTIMISE_KN);
    assert_int_equal(out.chosen, A | B);
    assert_false(out.truncated);
    assert_int_equal(out.contenders, N_POINTS - 1); /* a+b+c is over budget */
    assert_true(out.h2 > 0.0);
    assert_true(out.replications_run < N_POINTS * MAX_REPS);
    for (size_t p = 0; p < N_POINTS; p++)
        assert_true(run.res->point_reps[p] >= 10);
    assert_int_equal(run.res->point_reps[A | B | C], 10); /* screened out at once */
    assert_true(run.calls > 1);
    hsc_optimise_outcome_fini(&out);
    free_results(run.res);
}

/* A point whose queue ran away in one replication is never chosen, even
 * when it is the best: a+c is chosen instead. */
static void test_runaway_never_chosen(void **state)
{
    (void)state;
    double costs[N_POINTS];
    for (long exhaustive_max = 1; exhaustive_max <= 64; exhaustive_max += 63) {
        struct hsc_optimise_problem pb = problem(costs, exhaustive_max);
        size_t bad = A | B;
        struct fake_run run = {make_results(), 0, &bad};
        struct hsc_optimise_outcome out;
        search(&pb, &run, &out);
        assert_int_equal(out.status[A | B], HSC_OPTIMISE_RUNAWAY);
        assert_int_equal(out.chosen, A | C);
        assert_false(out.frontier[A | B]);
        assert_false(out.runner_up[A | B]);
        hsc_optimise_outcome_fini(&out);
        free_results(run.res);
    }
}

/* With max_replications = first_replications, KN stops at once with
 * survivors: the best mean among them is chosen and truncated is set. */
static void test_truncated(void **state)
{
    (void)state;
    double costs[N_POINTS];
    struct hsc_optimise_problem pb = problem(costs, 1);
    pb.settings.max_replications = 10;
    pb.settings.indifference_zone = 0.01; /* nothing can be eliminated at once */
    struct fake_run run = {make_results(), 0, NULL};
    struct hsc_optimise_outcome out;
    search(&pb, &run, &out);
    assert_true(out.truncated);
    assert_int_equal(out.chosen, A | B);
    assert_int_equal(out.replications_run, N_POINTS * 10);
    size_t survivors = 0;
    for (size_t p = 0; p < N_POINTS; p++)
        survivors += out.status[p] == HSC_OPTIMISE_SURVIVOR;
    assert_true(survivors >= 1);
    hsc_optimise_outcome_fini(&out);
    free_results(run.res);
}

/* No budget: the unconstrained best a+b+c wins. */
static void test_no_budget(void **state)
{
    (void)state;
    double costs[N_POINTS];
    struct hsc_optimise_problem pb = problem(costs, 64);
    pb.remaining = NAN;
    struct fake_run run = {make_results(), 0, NULL};
    struct hsc_optimise_outcome out;
    search(&pb, &run, &out);
    assert_int_equal(out.chosen, A | B | C);
    hsc_optimise_outcome_fini(&out);
    free_results(run.res);
}

static void test_unit_is_total(void **state)
{
    (void)state;
    assert_true(hsc_optimise_unit_is_total("bed-days"));
    assert_true(hsc_optimise_unit_is_total("people"));
    assert_true(hsc_optimise_unit_is_total("£"));
    assert_false(hsc_optimise_unit_is_total("%"));
    assert_false(hsc_optimise_unit_is_total("days"));
}

/* The mixed radix: option 0 fastest, a ranged option's digit 1 + level
 * index, and the names; options that change the same setting are never
 * combined. */
static void test_space(void **state)
{
    (void)state;
    char *team_changes[] = {"staff.team.wte=5"};
    char *weekend_changes[] = {"staff.team.wte=7", "staff.team.working_days=Mon-Sun"};
    struct hsc_option options[3] = {
        {.name = "team", .lifetime_years = 1.0, .n_changes = 1, .changes = team_changes},
        {.name = "beds", .lifetime_years = 1.0, .range_setting = "services.x.capacity",
         .range_from = 10.0, .range_to = 14.0, .range_step = 2.0, .n_levels = 3},
        {.name = "weekend", .lifetime_years = 1.0, .n_changes = 2, .changes = weekend_changes},
    };
    struct hsc_scenario sc = {.n_options = 3, .options = options};
    size_t n, *codes;
    /* 2 x 4 x 2 = 16 combinations, less the 4 taking team and weekend. */
    assert_int_equal(hsc_optimise_space(&sc, 100, &codes, &n), 0);
    assert_int_equal(n, 12);
    assert_int_equal(codes[0], 0);
    struct hsc_choice choices[3];
    for (size_t i = 0; i < n; i++) {
        size_t k = hsc_optimise_point_choices(&sc, codes[i], choices);
        bool team = false, weekend = false;
        for (size_t c = 0; c < k; c++) {
            team |= choices[c].option == 0;
            weekend |= choices[c].option == 2;
        }
        assert_false(team && weekend);
        assert_true(i == 0 || codes[i] > codes[i - 1]);
    }
    free(codes);
    assert_int_equal(hsc_optimise_space(&sc, 11, &codes, &n), -1);
    assert_null(codes);
    assert_int_equal(hsc_optimise_point_choices(&sc, 0, choices), 0);
    assert_int_equal(hsc_optimise_point_choices(&sc, 1, choices), 1);
    assert_int_equal(choices[0].option, 0);
    assert_int_equal(hsc_optimise_point_choices(&sc, 2 * 3 + 1, choices), 2);
    assert_int_equal(choices[1].option, 1);
    assert_near(choices[1].level, 14.0, 0);
    char *name = hsc_optimise_point_name(&sc, choices, 2);
    assert_string_equal(name, "team+beds=14");
    free(name);
    assert_int_equal(hsc_optimise_point_choices(&sc, 2 * 1, choices), 1);
    assert_near(choices[0].level, 10.0, 0);
    name = hsc_optimise_point_name(&sc, choices, 0);
    assert_string_equal(name, "baseline");
    free(name);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exhaustive_finds_best_within_budget),
        cmocka_unit_test(test_sequential_agrees_with_exhaustive),
        cmocka_unit_test(test_runaway_never_chosen),
        cmocka_unit_test(test_truncated),
        cmocka_unit_test(test_no_budget),
        cmocka_unit_test(test_unit_is_total),
        cmocka_unit_test(test_space),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
