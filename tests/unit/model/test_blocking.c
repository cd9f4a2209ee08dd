/*
 * Blocking: a person who has finished in a service but whose next service is
 * full keeps their place (blocked bed-days) and counts as waiting for the next
 * service until a place there frees. Fixed stays, so the share of blocked
 * days is worked out by hand. (Blocked people moved on while keeping their
 * queue place: test_bridging.c.)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "support/model_support.h"

/* Step-down people finish in a day but wait for one home-care-like bed that
 * frees every 10 days: they keep their step-down bed (blocked). */
static void blocked_people_keep_their_place(void **state)
{
    (void)state;
    struct hsc_results res;
    run_scenario(&res,
                 "name = \"blocking\";\n"
                 "run = { replications = 1; start_date = \"2026-04-01\"; measure_days = 200.0; };\n"
                 "cohorts = { x = { }; };\n"
                 "services = {\n"
                 "  acute = { kind = \"beds\"; role = \"acute\"; capacity = 1;\n"
                 "    duration = { x = { dist = \"fixed\"; value = 1.0; }; }; };\n"
                 "  a = { kind = \"beds\"; role = \"step_down\"; capacity = 1;\n"
                 "    duration = { x = { dist = \"fixed\"; value = 1.0; }; };\n"
                 "    exits = { x = { b = 1.0; }; }; referrals = { x = 5.0; }; };\n"
                 "  b = { kind = \"beds\"; role = \"care_home\"; capacity = 1;\n"
                 "    duration = { x = { dist = \"fixed\"; value = 10.0; }; };\n"
                 "    exits = { x = { home = 1.0; }; }; };\n"
                 "};\n");
    /* b takes one person every 10 days, so a's bed is blocked 9 days in 10. */
    assert_true(kpi(&res, "blocked_days.service.a") > 0.85 * 200.0);
    assert_true(kpi(&res, "blocked_days.service.a") < 0.95 * 200.0);
    assert_true(kpi(&res, "occupancy_mean.service.a") > 0.99);
    /* The blocked person also counts as waiting for b. */
    assert_true(kpi(&res, "waiting_mean.service.b") > 0.85);
    assert_true(fabs(kpi(&res, "admissions.service.b") - 20.0) <= 1.0);
    hsc_results_free(&res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(blocked_people_keep_their_place),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
