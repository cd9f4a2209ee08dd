/*
 * The runner fills what src/output may not compute itself: the trace's event
 * code table, copied from the model (hsc_trace_event_name), and the libconfig
 * version, from src/config (hsc_scenario_libconfig_version).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "hscflow/exec.h"
#include "hscflow/sim.h"
#include "support/run_support.h"

static const char scenario[] =
    "name = \"tables\";\n"
    "run = { seed = 3; replications = 2; warmup_days = 0.0; measure_days = 5.0; };\n"
    "cohorts = { patients = { emergency_per_day = 4.0; }; };\n"
    "services = { beds = { kind = \"beds\"; role = \"acute\"; capacity = 3;\n"
    "  duration = { patients = { dist = \"exponential\"; mean = 1.0; }; }; }; };\n";

static void run(bool trace, struct hsc_results *res)
{
    struct hsc_scenario sc;
    struct hsc_error err = {0};
    struct hsc_exec_options opts = {.threads = 2, .trace = trace};
    support_load(&sc, NULL, 0, "%s", scenario);
    if (hsc_exec_run(&sc, &opts, res, &err) != 0)
        fail_msg("run failed: %s", err.message);
    hsc_scenario_fini(&sc);
}

static void test_event_names_from_the_model(void **state)
{
    (void)state;
    struct hsc_results res;
    run(true, &res);
    assert_non_null(res.traces);
    assert_int_equal(res.n_event_codes, HSC_TRACE_EVENT_COUNT);
    assert_non_null(res.event_names);
    for (size_t e = 0; e < res.n_event_codes; e++)
        assert_string_equal(res.event_names[e],
                            hsc_trace_event_name((enum hsc_trace_event)e));
    assert_int_equal(res.n_cohorts, 1);
    assert_string_equal(res.cohort_names[0], "patients");
    assert_true(hsc_results_trace_count(&res) > 0);
    hsc_results_free(&res);
}

static void test_no_tables_without_trace(void **state)
{
    (void)state;
    struct hsc_results res;
    run(false, &res);
    assert_null(res.traces);
    assert_null(res.event_names);
    assert_int_equal(res.n_event_codes, 0);
    hsc_results_free(&res);
}

static void test_libconfig_version_from_config(void **state)
{
    (void)state;
    struct hsc_results res;
    run(false, &res);
    assert_non_null(res.build.libconfig_version);
    assert_string_equal(res.build.libconfig_version, hsc_scenario_libconfig_version());
    hsc_results_free(&res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_event_names_from_the_model),
        cmocka_unit_test(test_no_tables_without_trace),
        cmocka_unit_test(test_libconfig_version_from_config),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
