/*
 * Validation: Little's law in every pool of a scenario with two pools, three
 * cohorts, several stay distributions, a bounded and an unbounded queue.
 *
 * Queue: waiting_mean = (admissions / days) x wait_mean_days holds on any
 * path up to the people waiting at the window's two ends; with 8,000 days
 * measured and waits of days, that boundary term is below 0.1%, so 1% is a
 * safe, deterministic tolerance. Beds: occupancy_mean = throughput x mean
 * stay is checked against the stay distributions' exact means, a statistical
 * comparison using the shared t-based tolerance (queueing_theory.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "support/run_support.h"
#include "validation/queueing_theory.h"

#define REPS 10
#define DAYS 8000.0

static const char scenario[] =
    "name = \"little\";\n"
    "run = { seed = 99; replications = 10; warmup_days = 100.0; measure_days = 8000.0; };\n"
    "cohorts = {\n"
    "  a = { emergency_per_day = 6.0; acute_service = \"medical\"; };\n"
    "  b = { emergency_per_day = 3.0; acute_service = \"medical\"; };\n"
    "  c = { emergency_per_day = 4.0; acute_service = \"surgical\"; };\n"
    "};\n"
    "services = {\n"
    "  medical = { kind = \"beds\"; role = \"acute\"; capacity = 40;\n"
    "    duration = {\n"
    "      a = { dist = \"gamma\"; mean = 3.0; sd = 2.0; };\n"
    "      b = { dist = \"triangular\"; min = 1.0; mode = 2.0; max = 9.0; };\n"
    "    }; };\n"
    "  surgical = { kind = \"beds\"; role = \"acute\"; capacity = 10; max_queue = 5;\n"
    "    duration = {\n"
    "      c = { dist = \"histogram\"; edges = [0.5, 1.0, 2.0, 5.0];\n"
    "            probabilities = [0.3, 0.5, 0.2]; };\n"
    "    }; };\n"
    "};\n";

/* Exact mean stays: medical mixes a (rate 6, mean 3) and b (rate 3, mean 4);
 * surgical's histogram mean is 0.3 x 0.75 + 0.5 x 1.5 + 0.2 x 3.5. */
static const double medical_mean_stay = (6.0 * 3.0 + 3.0 * 4.0) / 9.0;
static const double surgical_mean_stay = 0.3 * 0.75 + 0.5 * 1.5 + 0.2 * 3.5;

static struct hsc_results res;
static struct hsc_scenario sc;

static int run_once(void **state)
{
    (void)state;
    support_load(&sc, NULL, 0, "%s", scenario);
    support_run(&sc, &res);
    return 0;
}

static int release(void **state)
{
    (void)state;
    hsc_results_free(&res);
    hsc_scenario_fini(&sc);
    return 0;
}

static double value(const char *kpi, const char *service, size_t rep)
{
    char name[128];
    snprintf(name, sizeof name, "%s.service.%s", kpi, service);
    return support_value(&res, name, rep);
}

static void queue_obeys_littles_law(void **state)
{
    (void)state;
    const char *services[] = {"medical", "surgical"};
    for (size_t s = 0; s < 2; s++) {
        for (size_t r = 0; r < REPS; r++) {
            double lq = value("waiting_mean", services[s], r);
            double rate = value("admissions", services[s], r) / DAYS;
            double wq = value("wait_mean_days", services[s], r);
            assert_true(lq > 0.01); /* the queue is really used */
            assert_true(fabs(lq - rate * wq) < 0.01 * lq);
        }
    }
}

static void beds_obey_littles_law(void **state)
{
    (void)state;
    const char *services[] = {"medical", "surgical"};
    const double mean_stay[] = {medical_mean_stay, surgical_mean_stay};
    for (size_t s = 0; s < 2; s++) {
        double ratio[REPS];
        for (size_t r = 0; r < REPS; r++) {
            double l = value("occupancy_mean", services[s], r);
            double rate = value("admissions", services[s], r) / DAYS;
            ratio[r] = l / (rate * mean_stay[s]);
        }
        struct support_estimate est = support_estimate(ratio, REPS);
        print_message("%s: L / (lambda W) = %.5f +/- %.5f\n", services[s], est.mean, est.se);
        assert_true(est.se < 0.01);
        assert_true(fabs(est.mean - 1.0) < T_999_DF9 * est.se);
    }
}

static void acute_occupancy_is_beds_weighted(void **state)
{
    (void)state;
    for (size_t r = 0; r < REPS; r++) {
        double total = value("occupancy_mean", "medical", r) + value("occupancy_mean", "surgical", r);
        double fraction = support_value(&res, "acute_occupancy_mean", r);
        assert_true(fabs(fraction - total / 50.0) < 1e-9);
        double p95 = support_value(&res, "acute_occupancy_p95", r);
        assert_true(p95 >= fraction && p95 <= 1.0);
    }
}

static void bounded_queue_turns_people_away(void **state)
{
    (void)state;
    size_t surgical = 1, n_svc = res.n_services;
    for (size_t r = 0; r < REPS; r++) {
        assert_true(value("turned_away", "surgical", r) > 0.0);
        assert_true(value("turned_away", "medical", r) == 0.0);
        /* The midnight snapshots never see more than max_queue = 5 waiting. */
        const float *waiting = res.ts_waiting + r * res.n_days * n_svc;
        float most = 0.0f;
        for (size_t d = 0; d < res.n_days; d++)
            most = fmaxf(most, waiting[d * n_svc + surgical]);
        assert_true(most <= 5.0f);
        assert_true(most >= 1.0f);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(queue_obeys_littles_law),
        cmocka_unit_test(beds_obey_littles_law),
        cmocka_unit_test(acute_occupancy_is_beds_weighted),
        cmocka_unit_test(bounded_queue_turns_people_away),
    };
    return cmocka_run_group_tests(tests, run_once, release);
}
