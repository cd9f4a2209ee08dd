/*
 * Initial occupancy: the people a service holds at time 0 (initial = {...})
 * get remaining stays from the equilibrium residual distribution, so with
 * fixed 400-day stays and nobody new the occupancy falls linearly to zero
 * (binomial tolerance, 5 sd).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "support/model_support.h"

/* 500 care-home residents at time 0 with fixed 400-day stays and nobody new:
 * remaining stays are uniform on [0, 400], so occupancy falls linearly. */
static void initial_occupancy_is_in_equilibrium(void **state)
{
    (void)state;
    struct hsc_results res;
    run_scenario(&res,
                 "name = \"initial\";\n"
                 "run = { replications = 1; measure_days = 300.0; };\n"
                 "cohorts = { x = { }; };\n"
                 "services = {\n"
                 "  acute = { kind = \"beds\"; role = \"acute\"; capacity = 10;\n"
                 "    duration = { x = { dist = \"fixed\"; value = 1.0; }; }; };\n"
                 "  care_home = { kind = \"beds\"; role = \"care_home\"; capacity = 600;\n"
                 "    duration = { x = { dist = \"fixed\"; value = 400.0; }; };\n"
                 "    exits = { x = { death = 1.0; }; }; initial = { x = 500; }; };\n"
                 "};\n");
    assert_true(occupancy_on(&res, "care_home", 0) == 500.0f);
    /* Binomial(500, p) left: sd at most 11.2; 5 sd tolerance. */
    const size_t days[] = {100, 200, 280};
    for (size_t i = 0; i < 3; i++) {
        double expected = 500.0 * (1.0 - (double)days[i] / 400.0);
        assert_true(fabs(occupancy_on(&res, "care_home", days[i]) - expected) < 56.0);
    }
    assert_true(kpi(&res, "admissions.service.care_home") == 0.0);
    hsc_results_free(&res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(initial_occupancy_is_in_equilibrium),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
