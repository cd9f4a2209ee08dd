/*
 * hsc_scenario_load on files: every field filled (defaults too), 64-bit
 * integers, error locations, did-you-mean in context, includes, and the
 * error limit. Overrides are tested in test_config_override.c.
 */
#include "unit/config/config_test_util.h"

#include <math.h>

/* Loads `name` with the given limit; returns the status. */
static int load(const char *name, size_t limit, struct hsc_scenario *sc, struct hsc_errors *errs)
{
    hsc_errors_init(errs, limit);
    return hsc_scenario_load(name, NULL, 0, sc, errs);
}

static void test_valid_fills_every_field(void **state)
{
    (void)state;
    write_file("base.cfg", base_scenario);
    struct hsc_scenario sc;
    struct hsc_errors errs;
    int status = load("base.cfg", 0, &sc, &errs);
    print_errors(&errs);
    assert_int_equal(status, 0);
    assert_int_equal(errs.count, 0);
    assert_string_equal(sc.name, "baseline");
    assert_string_equal(sc.description, "Test scenario");
    assert_string_equal(sc.path, "base.cfg");
    assert_int_equal(sc.run.seed, 12345);
    assert_int_equal(sc.run.replications, 7);
    assert_true(sc.run.warmup_days == 30.5);
    assert_true(sc.run.measure_days == 100.0);
    assert_int_equal(sc.run.start_date.year, 2026);
    assert_int_equal(sc.run.start_date.month, 4);
    assert_int_equal(sc.run.start_date.day, 1);
    assert_int_equal(sc.run.max_people, 1000000); /* defaults */
    assert_int_equal(sc.run.max_events, 4000000);

    assert_int_equal(sc.n_cohorts, 3);
    assert_string_equal(sc.cohorts[0].name, "adult");
    assert_string_equal(sc.cohorts[1].name, "frail");
    assert_string_equal(sc.cohorts[2].name, "child");
    /* No localities: one locality "all" takes each whole rate. */
    assert_int_equal(sc.n_localities, 1);
    assert_string_equal(sc.localities[0], "all");
    assert_true(sc.cohorts[0].emergency_per_day[0] == 20.0);
    assert_true(sc.cohorts[1].emergency_per_day[0] == 4.0);
    assert_true(sc.cohorts[2].emergency_per_day[0] == 0.25);
    assert_int_equal(sc.cohorts[0].acute_service, 0);
    assert_int_equal(sc.cohorts[1].acute_service, 0);
    assert_int_equal(sc.cohorts[2].acute_service, 1);

    assert_int_equal(sc.n_services, 2);
    const struct hsc_service *acute = &sc.services[0], *paeds = &sc.services[1];
    assert_string_equal(acute->name, "acute");
    assert_int_equal(acute->kind, HSC_KIND_BEDS);
    assert_int_equal(acute->role, HSC_ROLE_ACUTE);
    assert_int_equal(acute->capacity, 300);
    assert_int_equal(acute->max_queue, 0);
    assert_int_equal(acute->duration[0].kind, HSC_DIST_LOGNORMAL);
    assert_true(fabs(acute->duration[0].mean - 4.0) < 1e-12);
    assert_int_equal(acute->duration[1].kind, HSC_DIST_EMPIRICAL);
    assert_int_equal(acute->duration[1].n, 3);
    assert_true(acute->duration[1].values[2] == 10.0);
    assert_int_equal(acute->duration[2].kind, HSC_DIST_EXPONENTIAL); /* from default */
    assert_true(acute->duration[2].mean == 3.0);
    assert_string_equal(paeds->name, "paeds");
    assert_int_equal(paeds->capacity, 20);
    assert_int_equal(paeds->max_queue, -1); /* absent = unlimited */
    for (size_t c = 0; c < 3; c++) {
        assert_int_equal(paeds->duration[c].kind, HSC_DIST_FIXED);
        assert_true(paeds->duration[c].mean == 2.0);
    }
    assert_non_null(sc.resolved_text);
    assert_non_null(strstr(sc.resolved_text, "name = \"baseline\";"));
    assert_int_equal(hsc_scenario_find_service(&sc, "paeds"), 1);
    assert_int_equal(hsc_scenario_find_service(&sc, "nope"), -1);
    assert_int_equal(hsc_scenario_find_cohort(&sc, "child"), 2);
    assert_int_equal(hsc_scenario_find_cohort(&sc, "acute"), -1);
    hsc_scenario_fini(&sc);
    assert_null(sc.name);
    hsc_errors_fini(&errs);
}

static const char minimal[] =
    "name = \"m1\";\n"
    "cohorts = { adult = { emergency_per_day = 1; }; };\n"
    "services = { acute = { kind = \"beds\"; role = \"acute\"; capacity = 5;\n"
    "  duration = { adult = { dist = \"gamma\"; mean = 2; sd = 1; }; }; }; };\n";

static void test_defaults(void **state)
{
    (void)state;
    write_file("minimal.cfg", minimal);
    struct hsc_scenario sc;
    struct hsc_errors errs;
    assert_int_equal(load("minimal.cfg", 0, &sc, &errs), 0);
    assert_null(sc.description);
    assert_int_equal(sc.run.seed, 1);
    assert_int_equal(sc.run.replications, 10);
    assert_true(sc.run.warmup_days == 0.0);
    assert_true(sc.run.measure_days == 365.0);
    assert_int_equal(sc.run.start_date.year, 2025);
    assert_int_equal(sc.run.start_date.month, 4);
    assert_int_equal(sc.run.start_date.day, 1);
    assert_int_equal(sc.run.max_people, 1000000);
    assert_int_equal(sc.run.max_events, 4000000);
    assert_int_equal(sc.cohorts[0].acute_service, 0); /* the one acute service */
    assert_int_equal(sc.services[0].max_queue, -1);
    assert_int_equal(sc.services[0].duration[0].kind, HSC_DIST_GAMMA);
    hsc_scenario_fini(&sc);
    hsc_errors_fini(&errs);
}

static void test_kind_and_role_names(void **state)
{
    (void)state;
    assert_string_equal(hsc_kind_name(HSC_KIND_BEDS), "beds");
    assert_string_equal(hsc_kind_name(HSC_KIND_HOURS), "hours");
    assert_string_equal(hsc_role_name(HSC_ROLE_ACUTE), "acute");
    assert_string_equal(hsc_role_name(HSC_ROLE_COMMUNITY_HOSPITAL), "community_hospital");
    assert_string_equal(hsc_role_name(HSC_ROLE_OTHER), "other");
}

static void test_override_parse(void **state)
{
    (void)state;
    struct hsc_override ov;
    char a[] = "run.seed=42";
    assert_true(hsc_override_parse(a, &ov));
    assert_string_equal(ov.path, "run.seed");
    assert_string_equal(ov.value, "42");
    char b[] = "name=x=y";
    assert_true(hsc_override_parse(b, &ov));
    assert_string_equal(ov.path, "name");
    assert_string_equal(ov.value, "x=y");
    char c[] = "description=";
    assert_true(hsc_override_parse(c, &ov));
    assert_string_equal(ov.value, "");
    char d[] = "=5";
    assert_false(hsc_override_parse(d, &ov));
    char e[] = "run.seed";
    assert_false(hsc_override_parse(e, &ov));
}

/* libconfig 1.5 wraps unsuffixed literals to 32 bits and zeroes 64-bit
 * values read with get_int: neither may reach the scenario. */
static void test_wide_integers(void **state)
{
    (void)state;
    write_file("wide_ok.cfg",
               "name = \"w\";\nrun = { seed = 5000000000; max_people = 2147483647; };\n"
               "cohorts = { a = { emergency_per_day = 1; }; };\n"
               "services = { acute = { kind = \"beds\"; role = \"acute\"; capacity = 1;\n"
               "  duration = { a = { dist = \"empirical\"; values = [1, 5000000000]; }; }; }; };\n");
    struct hsc_scenario sc;
    struct hsc_errors errs;
    int status = load("wide_ok.cfg", 0, &sc, &errs);
    print_errors(&errs);
    assert_int_equal(status, 0);
    assert_true(sc.run.seed == 5000000000ULL);
    assert_int_equal(sc.run.max_people, 2147483647);
    assert_true(sc.services[0].duration[0].values[1] == 5e9);
    assert_non_null(strstr(sc.resolved_text, "seed = 5000000000L;"));
    hsc_scenario_fini(&sc);
    hsc_errors_fini(&errs);

    write_file("wide_bad.cfg",
               "name = \"w\";\nrun = { max_people = 3000000000; seed = 99999999999999999999; };\n"
               "cohorts = { a = { emergency_per_day = 1; }; };\n"
               "services = { acute = { kind = \"beds\"; role = \"acute\";\n"
               "  capacity = 4294967296;\n"
               "  max_queue = 4294967296L;\n"
               "  duration = { a = { dist = \"fixed\"; value = 1; }; }; }; };\n");
    assert_int_equal(load("wide_bad.cfg", 0, &sc, &errs), -1);
    assert_error(&errs, "wide_bad.cfg:2: run.max_people: must be <= 2147483647 (got 3000000000)");
    assert_error(&errs, "wide_bad.cfg:2: run.seed: integer does not fit in 64 bits "
                        "(got 99999999999999999999)");
    assert_error(&errs, "wide_bad.cfg:5: services.acute.capacity: must be <= 10000000 "
                        "(got 4294967296)");
    assert_error(&errs, "wide_bad.cfg:6: services.acute.max_queue: must be <= 10000000 "
                        "(got 4294967296)");
    assert_int_equal(errs.count, 4); /* the too-wide seed draws no second error */
    assert_null(sc.name);
    hsc_errors_fini(&errs);
}

static const char three_errors[] =
    "name = \"x\";\n"
    "run = { replicatons = 3; };\n"
    "cohorts = { a = { emergency_per_day = 1; }; };\n"
    "services = { acute = { kind = \"beds\"; role = \"acute\"; capacity = -3;\n"
    "  duration = { a = { dist = \"empirical\"; values = [1, 2]; probabilities = [0.5, 0.4]; }; };\n"
    "}; };\n";

static void test_error_limit(void **state)
{
    (void)state;
    write_file("three.cfg", three_errors);
    struct hsc_scenario sc;
    struct hsc_errors errs;
    assert_int_equal(load("three.cfg", 0, &sc, &errs), -1);
    assert_int_equal(errs.count, 3);
    assert_error(&errs, "three.cfg:2: run.replicatons: unknown setting "
                        "(did you mean \"replications\"?)");
    assert_error(&errs, "three.cfg:4: services.acute.capacity: must be >= 0 (got -3)");
    assert_error(&errs, "three.cfg:5: services.acute.duration.a.probabilities: "
                        "must sum to 1 (sum is 0.9)");
    hsc_errors_fini(&errs);

    assert_int_equal(load("three.cfg", 1, &sc, &errs), -1);
    assert_int_equal(errs.count, 1);
    assert_error(&errs, "three.cfg:2: run.replicatons: unknown setting "
                        "(did you mean \"replications\"?)");
    assert_null(sc.name);
    hsc_errors_fini(&errs);

    /* An error list that is already full still makes the load fail. */
    hsc_errors_init(&errs, 1);
    hsc_errors_add(&errs, NULL, 0, NULL, "earlier");
    assert_int_equal(hsc_scenario_load("three.cfg", NULL, 0, &sc, &errs), -1);
    assert_int_equal(errs.count, 1);
    hsc_errors_fini(&errs);
}

static void test_missing_and_typos(void **state)
{
    (void)state;
    write_file("missing.cfg",
               "name = \"x\";\n"
               "cohorts = { a = { emergency_per_day = 1; }; };\n"
               "services = {\n"
               "  acute = { kind = \"beds\"; role = \"acute\";\n"
               "    duration = { a = { dist = \"lognormal\"; mean = 2; }; };\n"
               "  };\n"
               "  other = { kind = \"beds\"; role = \"acute\"; capcity = 3;\n"
               "    duration = { a = { dist = \"lognormal\"; mean = 2; sdd = 1; }; };\n"
               "  };\n"
               "};\n");
    struct hsc_scenario sc;
    struct hsc_errors errs;
    assert_int_equal(load("missing.cfg", 0, &sc, &errs), -1);
    assert_error(&errs, "missing.cfg:4: services.acute.capacity: missing "
                        "(expected an integer 0..10000000)");
    assert_error(&errs, "missing.cfg:5: services.acute.duration.a.sd: missing (expected a number)");
    /* A typo of a missing required name gives one error, not two. */
    assert_error(&errs, "missing.cfg:7: services.other.capcity: unknown setting "
                        "(did you mean \"capacity\"?)");
    assert_error(&errs, "missing.cfg:8: services.other.duration.a.sdd: unknown setting "
                        "(did you mean \"sd\"?)");
    /* Two acute services: cohort a must name one. */
    assert_error(&errs, "missing.cfg:2: cohorts.a.acute_service: missing "
                        "(services acute, other all have role \"acute\"; name one)");
    assert_int_equal(errs.count, 5);
    hsc_errors_fini(&errs);
}

static void test_references(void **state)
{
    (void)state;
    write_file("refs.cfg",
               "name = \"x\";\n"
               "cohorts = {\n"
               "  adult = { emergency_per_day = 1; acute_service = \"acut\"; };\n"
               "  frail = { emergency_per_day = 1; acute_service = \"acute\"; };\n"
               "};\n"
               "services = { acute = { kind = \"beds\"; role = \"acute\"; capacity = 1;\n"
               "  duration = {\n"
               "    adlt = { dist = \"fixed\"; value = 1; };\n"
               "    adult = { dist = \"lognorml\"; mean = 1; };\n"
               "  };\n"
               "}; };\n");
    struct hsc_scenario sc;
    struct hsc_errors errs;
    assert_int_equal(load("refs.cfg", 0, &sc, &errs), -1);
    assert_error(&errs, "refs.cfg:3: cohorts.adult.acute_service: unknown service \"acut\" "
                        "(did you mean \"acute\"?)");
    assert_error(&errs, "refs.cfg:8: services.acute.duration.adlt: unknown cohort \"adlt\" "
                        "(did you mean \"adult\"?)");
    assert_error(&errs, "refs.cfg:9: services.acute.duration.adult.dist: unknown distribution "
                        "\"lognorml\" (did you mean \"lognormal\"?)");
    assert_error(&errs, "refs.cfg:7: services.acute.duration: no duration for cohort \"frail\" "
                        "(add duration.frail or duration.default)");
    assert_int_equal(errs.count, 4);
    hsc_errors_fini(&errs);
}

static void test_includes(void **state)
{
    (void)state;
    assert_int_equal(mkdir("inc", 0700), 0);
    write_file("inc/services.cfg",
               "services = { acute = { kind = \"beds\"; role = \"acute\"; capacity = -1;\n"
               "  duration = { default = { dist = \"fixed\"; value = 1; }; }; }; };\n");
    write_file("inc/main.cfg",
               "name = \"inc\";\ncohorts = { a = { emergency_per_day = 1; }; };\n"
               "@include \"services.cfg\"\n");
    struct hsc_scenario sc;
    struct hsc_errors errs;
    assert_int_equal(load("inc/main.cfg", 0, &sc, &errs), -1);
    assert_error(&errs, "inc/services.cfg:1: services.acute.capacity: must be >= 0 (got -1)");
    hsc_errors_fini(&errs);

    write_file("inc/bad.cfg", "name = \"inc\";\n\n@include \".\"\n@include \"nowhere.cfg\"\n"
                              "# @include \"commented.cfg\"\n");
    assert_int_equal(load("inc/bad.cfg", 0, &sc, &errs), -1);
    assert_error(&errs, "inc/bad.cfg:3: cannot include \".\": not a regular file "
                        "(looked for inc/.)");
    assert_error(&errs, "inc/bad.cfg:4: cannot include \"nowhere.cfg\": No such file or "
                        "directory (looked for inc/nowhere.cfg)");
    assert_int_equal(errs.count, 2);
    hsc_errors_fini(&errs);
}

static void test_unreadable_and_syntax(void **state)
{
    (void)state;
    struct hsc_scenario sc;
    struct hsc_errors errs;
    assert_int_equal(load("does_not_exist.cfg", 0, &sc, &errs), -1);
    assert_error(&errs, "does_not_exist.cfg: cannot read scenario: No such file or directory");
    hsc_errors_fini(&errs);

    write_file("syntax.cfg", "name = \"x\";\nrun = {\n  seed = ;\n};\n");
    assert_int_equal(load("syntax.cfg", 0, &sc, &errs), -1);
    assert_error(&errs, "syntax.cfg:3: syntax error");
    assert_int_equal(errs.count, 1);
    hsc_errors_fini(&errs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_fills_every_field),
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_kind_and_role_names),
        cmocka_unit_test(test_override_parse),
        cmocka_unit_test(test_wide_integers),
        cmocka_unit_test(test_error_limit),
        cmocka_unit_test(test_missing_and_typos),
        cmocka_unit_test(test_references),
        cmocka_unit_test(test_includes),
        cmocka_unit_test(test_unreadable_and_syntax),
    };
    return cmocka_run_group_tests(tests, config_tmp_setup, config_tmp_teardown);
}
