/*
 * Copying a libconfig tree (how an option is tried on the base scenario):
 * the copy has the same names, order, types, values bit for bit, source
 * lines and files, and it is independent of the original.
 */
#include "unit/config/config_test_util.h"

#include <libconfig.h>

#include "config/cfg_copy.h"
#include "config/cfg_write.h"

/* Every kind of setting a scenario can hold. */
static const char every_type[] =
    "name = \"x\";\n"                                           /* 1 */
    "count = 3;\n"                                              /* 2 */
    "wide = 5000000000L;\n"                                     /* 3 */
    "rate = -0.0;\n"                                            /* 4 */
    "tiny = 1e-300;\n"                                          /* 5 */
    "flag = true;\n"                                            /* 6 */
    "ints = [1, 2, 3];\n"                                       /* 7 */
    "floats = [0.1, 0.2];\n"                                    /* 8 */
    "names = [\"a\", \"b\"];\n"                                 /* 9 */
    "mixed = (1, 2.5, \"c\", { d = 4; });\n"                    /* 10 */
    "empty = {};\n"                                             /* 11 */
    "nested = {\n"                                              /* 12 */
    "  inner = { deep = [\"s=1\"]; quote = \"a\\\"b\"; };\n"     /* 13 */
    "};\n";                                                     /* 14 */

static void parse(config_t *cfg, const char *text)
{
    config_init(cfg);
    if (!config_read_string(cfg, text))
        fail_msg("test input does not parse: line %d: %s", config_error_line(cfg),
                 config_error_text(cfg));
}

/* Compares two settings' types, names, bits and lines, recursively. */
static void assert_same(const config_setting_t *a, const config_setting_t *b)
{
    assert_int_equal(config_setting_type(a), config_setting_type(b));
    assert_int_equal(config_setting_source_line(a), config_setting_source_line(b));
    const char *na = config_setting_name(a), *nb = config_setting_name(b);
    assert_int_equal(na == NULL, nb == NULL);
    if (na)
        assert_string_equal(na, nb);
    int type = config_setting_type(a);
    if (type == CONFIG_TYPE_FLOAT) {
        double x = config_setting_get_float(a), y = config_setting_get_float(b);
        assert_memory_equal(&x, &y, sizeof x);
    } else if (type == CONFIG_TYPE_INT64 || type == CONFIG_TYPE_INT) {
        assert_true(config_setting_get_int64(a) == config_setting_get_int64(b));
    } else if (type == CONFIG_TYPE_STRING) {
        assert_string_equal(config_setting_get_string(a), config_setting_get_string(b));
    } else if (type == CONFIG_TYPE_BOOL) {
        assert_int_equal(config_setting_get_bool(a), config_setting_get_bool(b));
    } else {
        assert_int_equal(config_setting_length(a), config_setting_length(b));
        for (int i = 0; i < config_setting_length(a); i++)
            assert_same(config_setting_get_elem(a, (unsigned)i),
                        config_setting_get_elem(b, (unsigned)i));
    }
}

static void test_copy_is_identical(void **state)
{
    (void)state;
    config_t from, to;
    parse(&from, every_type);
    config_init(&to);
    assert_int_equal(hsc__cfg_copy_tree(config_root_setting(&to), config_root_setting(&from)), 0);
    assert_same(config_root_setting(&from), config_root_setting(&to));
    char *a = hsc__cfg_write_text(config_root_setting(&from));
    char *b = hsc__cfg_write_text(config_root_setting(&to));
    assert_non_null(a);
    assert_non_null(b);
    assert_string_equal(a, b);
    assert_int_equal(config_setting_source_line(config_lookup(&to, "nested.inner.quote")), 13);
    free(a);
    free(b);
    config_destroy(&to);
    config_destroy(&from);
}

/* Changing or destroying the copy leaves the original as it was. */
static void test_copy_is_independent(void **state)
{
    (void)state;
    config_t from, to;
    parse(&from, every_type);
    config_init(&to);
    assert_int_equal(hsc__cfg_copy_tree(config_root_setting(&to), config_root_setting(&from)), 0);
    config_setting_set_int(config_lookup(&to, "count"), 4);
    config_setting_set_string(config_lookup(&to, "nested.inner.quote"), "changed");
    assert_true(config_setting_remove(config_root_setting(&to), "names") == CONFIG_TRUE);
    config_destroy(&to);
    assert_int_equal(config_setting_get_int(config_lookup(&from, "count")), 3);
    assert_string_equal(config_setting_get_string(config_lookup(&from, "nested.inner.quote")),
                        "a\"b");
    assert_non_null(config_lookup(&from, "names"));
    config_destroy(&from);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_copy_is_identical),
        cmocka_unit_test(test_copy_is_independent),
    };
    return cmocka_run_group_tests(tests, config_tmp_setup, config_tmp_teardown);
}
