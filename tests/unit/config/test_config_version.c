/*
 * hsc_scenario_libconfig_version: the libconfig version the binary was built
 * with, "MAJOR.MINOR.REVISION", as the header being compiled against says.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include <libconfig.h>

#include "hscflow/scenario.h"

static void test_version_of_the_header(void **state)
{
    (void)state;
    char want[64];
    snprintf(want, sizeof want, "%d.%d.%d", LIBCONFIG_VER_MAJOR, LIBCONFIG_VER_MINOR,
             LIBCONFIG_VER_REVISION);
    assert_string_equal(hsc_scenario_libconfig_version(), want);
}

static void test_same_static_string(void **state)
{
    (void)state;
    assert_ptr_equal(hsc_scenario_libconfig_version(), hsc_scenario_libconfig_version());
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_version_of_the_header),
        cmocka_unit_test(test_same_static_string),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
