/*
 * Did-you-mean and the schema's name lookups: which typos get a suggestion,
 * which get the list of known names, and how lists are cut when long.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "config/cfg_ctx.h"
#include "config/cfg_schema.h"
#include "hscflow/dist.h"

static const char *const run_keys[] = {"seed", "replications", "warmup_days", "measure_days",
                                       "start_date", "max_people", "max_events"};

static void test_suggest(void **state)
{
    (void)state;
    size_t n = sizeof run_keys / sizeof run_keys[0];
    assert_string_equal(hsc__cfg_suggest("sede", run_keys, n), "seed");
    assert_string_equal(hsc__cfg_suggest("replicatons", run_keys, n), "replications");
    assert_string_equal(hsc__cfg_suggest("Seed", run_keys, n), "seed");
    /* Too far (5 edits for 11 letters): the list of names is shown instead. */
    assert_null(hsc__cfg_suggest("warmup", run_keys, n));
    assert_string_equal(hsc__cfg_suggest("max_peple", run_keys, n), "max_people");
    assert_null(hsc__cfg_suggest("colour", run_keys, n));
    assert_null(hsc__cfg_suggest("x", run_keys, n));
    /* A distance equal to the longer length shares nothing. */
    const char *const short_names[] = {"sd", "max"};
    assert_null(hsc__cfg_suggest("q", short_names, 2));
    assert_null(hsc__cfg_suggest("zz", short_names, 2));
    assert_string_equal(hsc__cfg_suggest("s", short_names, 2), "sd");
    assert_string_equal(hsc__cfg_suggest("sdev", short_names, 2), "sd");
    /* Ties go to the first candidate. */
    const char *const tie[] = {"abc", "abd"};
    assert_string_equal(hsc__cfg_suggest("abx", tie, 2), "abc");
    assert_null(hsc__cfg_suggest("anything", NULL, 0));
}

static void test_hint_and_join(void **state)
{
    (void)state;
    char buf[512];
    const char *const kinds[] = {"beds", "caseload", "hours"};
    hsc__cfg_hint("bed", kinds, 3, buf, sizeof buf);
    assert_string_equal(buf, "did you mean \"beds\"?");
    hsc__cfg_hint("wards", kinds, 3, buf, sizeof buf);
    assert_string_equal(buf, "expected one of: beds, caseload, hours");
    hsc__cfg_hint("x", kinds, 0, buf, sizeof buf);
    assert_string_equal(buf, "none are defined");

    char small[16];
    hsc__cfg_join(kinds, 3, small, sizeof small);
    assert_string_equal(small, "beds, ...");
    assert_true(strlen(small) < sizeof small);
    hsc__cfg_join(kinds, 2, buf, sizeof buf);
    assert_string_equal(buf, "beds, caseload");
}

static void test_schema_lookups(void **state)
{
    (void)state;
    const struct hsc__cfg_group *root = hsc__cfg_schema_child(NULL, "");
    assert_ptr_equal(root, &hsc__cfg_schema_root);
    assert_ptr_equal(hsc__cfg_schema_child(root, "run"), &hsc__cfg_schema_run);
    const struct hsc__cfg_group *services = hsc__cfg_schema_child(root, "services");
    assert_non_null(services);
    assert_int_equal(services->members, HSC__MEMBERS_NAMED);
    assert_ptr_equal(hsc__cfg_schema_child(services, "anything"), &hsc__cfg_schema_service);
    const struct hsc__cfg_group *duration =
        hsc__cfg_schema_child(&hsc__cfg_schema_service, "duration");
    assert_non_null(duration);
    assert_ptr_equal(hsc__cfg_schema_child(duration, "adult"), &hsc__cfg_schema_dist);
    assert_null(hsc__cfg_schema_child(root, "name"));
    assert_null(hsc__cfg_schema_key(&hsc__cfg_schema_run, "sede"));
    assert_string_equal(hsc__cfg_schema_key(&hsc__cfg_schema_run, "seed")->name, "seed");

    const char *names[32];
    size_t n = hsc__cfg_schema_names(&hsc__cfg_schema_dist, 0, names, 32);
    assert_int_equal(n, 12); /* dist + 11 parameters over every kind */
    assert_string_equal(names[0], "dist");
    n = hsc__cfg_schema_names(&hsc__cfg_schema_dist, HSC_DIST_TRIANGULAR, names, 32);
    assert_int_equal(n, 4);
    assert_string_equal(names[2], "mode");
    assert_true(hsc__cfg_is_dist_param("probabilities"));
    assert_false(hsc__cfg_is_dist_param("dist"));
    assert_false(hsc__cfg_is_dist_param("median"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_suggest),
        cmocka_unit_test(test_hint_and_join),
        cmocka_unit_test(test_schema_lookups),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
