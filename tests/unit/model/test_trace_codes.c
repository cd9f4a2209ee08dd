/*
 * The names of the trace event codes: the code table of /events, a contract
 * of the results file (docs/results-format.md, "Event codes"): code e has the
 * name in row e of the documented table, and a value outside the enum is
 * "unknown".
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "hscflow/sim.h"

static const char *const documented[] = {
    "arrive", "request", "admit", "ready", "discharge", "leave", "home", "death",
    "turned_away", "diverted", "cancelled", "represent", "step_up", "bridge", "withdraw",
    "hold",
};

static void test_names_as_documented(void **state)
{
    (void)state;
    assert_int_equal(sizeof documented / sizeof documented[0], HSC_TRACE_EVENT_COUNT);
    for (int e = 0; e < HSC_TRACE_EVENT_COUNT; e++)
        assert_string_equal(hsc_trace_event_name((enum hsc_trace_event)e), documented[e]);
}

static void test_unknown_code(void **state)
{
    (void)state;
    assert_string_equal(hsc_trace_event_name(HSC_TRACE_EVENT_COUNT), "unknown");
    assert_string_equal(hsc_trace_event_name((enum hsc_trace_event)1000), "unknown");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names_as_documented),
        cmocka_unit_test(test_unknown_code),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
