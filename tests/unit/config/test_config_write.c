/*
 * The resolved scenario text: writing a libconfig tree and parsing it back
 * gives an identical tree (names, order, types, values bit for bit), and
 * loading a scenario's resolved text resolves to the same text again.
 */
#include "unit/config/config_test_util.h"

#include <libconfig.h>

#include "config/cfg_write.h"

/* Compares two trees exactly; floats by their bits (so -0.0 != 0.0). */
static bool same_tree(const config_setting_t *a, const config_setting_t *b)
{
    if (config_setting_type(a) != config_setting_type(b))
        return false;
    const char *na = config_setting_name(a), *nb = config_setting_name(b);
    if ((na == NULL) != (nb == NULL) || (na && strcmp(na, nb) != 0))
        return false;
    switch (config_setting_type(a)) {
    case CONFIG_TYPE_INT:
        return config_setting_get_int(a) == config_setting_get_int(b);
    case CONFIG_TYPE_INT64:
        return config_setting_get_int64(a) == config_setting_get_int64(b);
    case CONFIG_TYPE_FLOAT: {
        double x = config_setting_get_float(a), y = config_setting_get_float(b);
        return memcmp(&x, &y, sizeof x) == 0;
    }
    case CONFIG_TYPE_STRING:
        return strcmp(config_setting_get_string(a), config_setting_get_string(b)) == 0;
    case CONFIG_TYPE_BOOL:
        return config_setting_get_bool(a) == config_setting_get_bool(b);
    default:
        if (config_setting_length(a) != config_setting_length(b))
            return false;
        for (int i = 0; i < config_setting_length(a); i++)
            if (!same_tree(config_setting_get_elem(a, (unsigned)i),
                           config_setting_get_elem(b, (unsigned)i)))
                return false;
        return true;
    }
}

/* Parses text, writes it, parses the result; both trees must match. */
static char *round_trip(const char *text)
{
    config_t first, second;
    config_init(&first);
    config_init(&second);
    if (!config_read_string(&first, text))
        fail_msg("test input does not parse: line %d: %s", config_error_line(&first),
                 config_error_text(&first));
    char *written = hsc__cfg_write_text(config_root_setting(&first));
    assert_non_null(written);
    if (!config_read_string(&second, written))
        fail_msg("written text does not parse: line %d: %s\n%s", config_error_line(&second),
                 config_error_text(&second), written);
    if (!same_tree(config_root_setting(&first), config_root_setting(&second)))
        fail_msg("trees differ after a round trip:\n%s", written);
    config_destroy(&first);
    config_destroy(&second);
    return written;
}

static void test_round_trip_of_tricky_values(void **state)
{
    (void)state;
    char *text = round_trip(
        "f1 = 0.1; f2 = 1e300; f3 = 4.9406564584124654e-324; f4 = -0.0; f5 = 1e20;\n"
        "f6 = 3.0; f7 = 123456789.123456789; f8 = -2.5e-7; f9 = 1e999; f10 = -1e999;\n"
        "i1 = 0; i2 = -2147483648; i3 = 2147483647; h = 0x1F;\n"
        "l1 = 5L; l2 = 9223372036854775807L; l3 = -9223372036854775807L;\n"
        "s1 = \"plain\"; s2 = \"quote \\\" backslash \\\\ tab \\t nl \\n cr \\r ff \\f\";\n"
        "s3 = \"ctl \\x01 \\x1f del \\x7f utf8 \xc3\xa9\"; s4 = \"\";\n"
        "b1 = true; b2 = false;\n"
        "a1 = [1, 2, 3]; a2 = [0.5, 0.25]; a3 = []; a4 = [\"x\", \"y\"]; a5 = [1L, 2L];\n"
        "list = (1, 2.5, \"s\", { g = 1; }, (true, []), [1.5]);\n"
        "empty = {};\n"
        "g = { h = { i = { j = 1.0; }; k = 2; }; l = \"m\"; };\n");
    /* Floats always look like floats; ints only get L when they are INT64. */
    assert_non_null(strstr(text, "f6 = 3.0;"));
    assert_non_null(strstr(text, "f5 = 1e+20;"));
    assert_non_null(strstr(text, "i2 = -2147483648;"));
    assert_non_null(strstr(text, "h = 31;"));
    assert_non_null(strstr(text, "l1 = 5L;"));
    assert_non_null(strstr(text, "f1 = 0.10000000000000001;"));
    free(text);
}

static void test_empty_tree(void **state)
{
    (void)state;
    char *text = round_trip("");
    assert_string_equal(text, "");
    free(text);
}

/* A scenario's resolved text loads to the same scenario and text again,
 * with includes expanded and overrides applied. */
static void test_resolved_text_is_stable(void **state)
{
    (void)state;
    write_file("svc.cfg",
               "services = { acute = { kind = \"beds\"; role = \"acute\"; capacity = 10;\n"
               "  duration = { default = { dist = \"histogram\"; edges = [0.0, 1.0, 3.5];\n"
               "    probabilities = (0.1, 0.9); }; }; }; };\n");
    write_file("main.cfg",
               "# A comment that the resolved text leaves out.\n"
               "name = \"r\";\ndescription = \"tab\\there \\\"q\\\"\";\n"
               "run = { seed = 5000000000; warmup_days = 0.1; };\n"
               "cohorts = { a = { emergency_per_day = 0.3; }; };\n"
               "@include \"svc.cfg\"\n");
    const struct hsc_override ovs[] = {{"run.measure_days", "12.75"}};
    struct hsc_scenario first, second;
    struct hsc_errors errs;
    hsc_errors_init(&errs, 0);
    int status = hsc_scenario_load("main.cfg", ovs, 1, &first, &errs);
    print_errors(&errs);
    assert_int_equal(status, 0);
    assert_null(strstr(first.resolved_text, "comment"));
    assert_non_null(strstr(first.resolved_text, "capacity = 10;"));
    assert_non_null(strstr(first.resolved_text, "measure_days = 12.75;"));
    assert_non_null(strstr(first.resolved_text, "seed = 5000000000L;"));
    write_file("resolved.cfg", first.resolved_text);
    status = hsc_scenario_load("resolved.cfg", NULL, 0, &second, &errs);
    print_errors(&errs);
    assert_int_equal(status, 0);
    assert_string_equal(first.resolved_text, second.resolved_text);
    assert_true(second.run.measure_days == 12.75);
    assert_true(second.run.warmup_days == 0.1);
    assert_true(second.run.seed == 5000000000ULL);
    assert_string_equal(second.description, "tab\there \"q\"");
    assert_int_equal(second.services[0].duration[0].kind, HSC_DIST_HISTOGRAM);
    hsc_scenario_fini(&first);
    hsc_scenario_fini(&second);
    hsc_errors_fini(&errs);
}

/* The whole-system scenario (names arrays, name-to-number groups, routes)
 * reloads from its resolved text to the same text and the same routes. */
static void test_whole_system_resolved_text(void **state)
{
    (void)state;
    write_file("system.cfg", system_scenario);
    struct hsc_scenario first, second;
    struct hsc_errors errs;
    hsc_errors_init(&errs, 0);
    int status = hsc_scenario_load("system.cfg", NULL, 0, &first, &errs);
    print_errors(&errs);
    assert_int_equal(status, 0);
    write_file("system_resolved.cfg", first.resolved_text);
    status = hsc_scenario_load("system_resolved.cfg", NULL, 0, &second, &errs);
    print_errors(&errs);
    assert_int_equal(status, 0);
    assert_string_equal(first.resolved_text, second.resolved_text);
    assert_int_equal(second.n_localities, 3);
    assert_string_equal(second.localities[1], "north");
    assert_true(second.weekday_factors[0] == first.weekday_factors[0]);
    assert_int_equal(second.cohorts[1].discharge.n, first.cohorts[1].discharge.n);
    assert_true(second.cohorts[1].emergency_per_day[2] == first.cohorts[1].emergency_per_day[2]);
    assert_int_equal(second.services[5].initial[1], 480);
    hsc_scenario_fini(&first);
    hsc_scenario_fini(&second);
    hsc_errors_fini(&errs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip_of_tricky_values),
        cmocka_unit_test(test_empty_tree),
        cmocka_unit_test(test_resolved_text_is_stable),
        cmocka_unit_test(test_whole_system_resolved_text),
    };
    return cmocka_run_group_tests(tests, config_tmp_setup, config_tmp_teardown);
}
