/*
 * --set overrides: each literal type, type adaptation and replacement,
 * creating settings the schema knows, refusing paths it does not, and
 * "(command line)" as the location of errors about overridden settings.
 */
#include "unit/config/config_test_util.h"

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

/* Loads base.cfg with the overrides; returns the status. */
static int load_with(const struct hsc_override *ovs, size_t n, size_t limit,
                     struct hsc_scenario *sc, struct hsc_errors *errs)
{
    write_file("base.cfg", base_scenario);
    hsc_errors_init(errs, limit);
    return hsc_scenario_load("base.cfg", ovs, n, sc, errs);
}

static void test_each_literal_type(void **state)
{
    (void)state;
    const struct hsc_override ovs[] = {
        {"run.seed", "42"},                    /* int on an int */
        {"run.warmup_days", "5"},              /* int on a float: stays a float */
        {"run.measure_days", "2.5e2"},         /* float */
        {"name", "\"other\""},                 /* quoted string */
        {"description", "2026"},               /* unquoted, where text is expected */
        {"run.start_date", "2027-01-02"},      /* bare word */
        {"services.acute.duration.frail.probabilities", "[0.25, 0.25,0.5]"},
        {"services.acute.duration.frail.values", "[1, 2, 3]"},
        {"services.acute.capacity", "301"},
        {"services.acute.capacity", "302"},    /* a later override wins */
    };
    struct hsc_scenario sc;
    struct hsc_errors errs;
    int status = load_with(ovs, N_OF(ovs), 0, &sc, &errs);
    print_errors(&errs);
    assert_int_equal(status, 0);
    assert_int_equal(sc.run.seed, 42);
    assert_true(sc.run.warmup_days == 5.0);
    assert_true(sc.run.measure_days == 250.0);
    assert_string_equal(sc.name, "other");
    assert_string_equal(sc.description, "2026");
    assert_int_equal(sc.run.start_date.year, 2027);
    assert_int_equal(sc.run.start_date.day, 2);
    const struct hsc_dist *frail = &sc.services[0].duration[1];
    assert_int_equal(frail->kind, HSC_DIST_EMPIRICAL);
    assert_true(frail->values[2] == 3.0);
    assert_true(frail->cum[0] == 0.25);
    assert_int_equal(sc.services[0].capacity, 302);
    /* The resolved text records the overrides with their types. */
    assert_non_null(strstr(sc.resolved_text, "warmup_days = 5.0;"));
    assert_non_null(strstr(sc.resolved_text, "seed = 42;"));
    assert_non_null(strstr(sc.resolved_text, "probabilities = [ 0.25, 0.25, 0.5 ]"));
    assert_non_null(strstr(sc.resolved_text, "values = [ 1, 2, 3 ]"));
    assert_non_null(strstr(sc.resolved_text, "name = \"other\";"));
    hsc_scenario_fini(&sc);
    hsc_errors_fini(&errs);
}

static void test_wrong_types_reported_at_command_line(void **state)
{
    (void)state;
    const struct hsc_override ovs[] = {
        {"services.acute.capacity", "2.5"},
        {"run.replications", "true"},
        {"run.seed", "-1"},
        {"cohorts.adult.emergency_per_day", "lots"},
        {"services.acute.max_queue", "4294967296"},
        {"services.acute.duration.adult.mean", "1e999"},
        {"services.acute.duration.frail.probabilities", "[0.5, 0.25, 0.15]"},
        {"services.acute.kind", "hours"},
    };
    struct hsc_scenario sc;
    struct hsc_errors errs;
    assert_int_equal(load_with(ovs, N_OF(ovs), 0, &sc, &errs), -1);
    assert_error(&errs, "(command line): services.acute.capacity: expected an integer "
                        "(got a float)");
    assert_error(&errs, "(command line): run.replications: expected an integer (got a boolean)");
    assert_error(&errs, "(command line): run.seed: must be >= 0 (got -1)");
    assert_error(&errs, "(command line): cohorts.adult.emergency_per_day: expected a number "
                        "(got a string)");
    assert_error(&errs, "(command line): services.acute.max_queue: must be <= 10000000 "
                        "(got 4294967296)");
    assert_error(&errs, "(command line): services.acute.duration.adult.mean: must be finite "
                        "(got inf)");
    assert_error(&errs, "(command line): services.acute.duration.frail.probabilities: "
                        "must sum to 1 (sum is 0.9)");
    assert_error(&errs, "(command line): services.acute.kind: must be \"beds\" for role "
                        "\"acute\" (got \"hours\")");
    assert_int_equal(errs.count, N_OF(ovs));
    hsc_errors_fini(&errs);
}

static void test_creates_known_missing_settings(void **state)
{
    (void)state;
    /* paeds has no max_queue; the file has no run.max_people; the paeds
     * default entry gets a key of another distribution. */
    const struct hsc_override ovs[] = {
        {"services.paeds.max_queue", "4"},
        {"run.max_people", "1000"},
    };
    struct hsc_scenario sc;
    struct hsc_errors errs;
    int status = load_with(ovs, N_OF(ovs), 0, &sc, &errs);
    print_errors(&errs);
    assert_int_equal(status, 0);
    assert_int_equal(sc.services[1].max_queue, 4);
    assert_int_equal(sc.run.max_people, 1000);
    hsc_scenario_fini(&sc);
    hsc_errors_fini(&errs);

    /* A file without a `run` group: the group is created on the way. */
    write_file("norun.cfg",
               "name = \"n\";\ncohorts = { a = { emergency_per_day = 1; }; };\n"
               "services = { acute = { kind = \"beds\"; role = \"acute\"; capacity = 1;\n"
               "  duration = { a = { dist = \"fixed\"; value = 1; }; }; }; };\n");
    const struct hsc_override seed[] = {{"run.seed", "9"}, {"run.replications", "0"}};
    hsc_errors_init(&errs, 0);
    assert_int_equal(hsc_scenario_load("norun.cfg", seed, 1, &sc, &errs), 0);
    assert_int_equal(sc.run.seed, 9);
    assert_non_null(strstr(sc.resolved_text, "run = {\n  seed = 9;\n};"));
    hsc_scenario_fini(&sc);
    assert_int_equal(hsc_scenario_load("norun.cfg", seed, 2, &sc, &errs), -1);
    assert_error(&errs, "(command line): run.replications: must be >= 1 (got 0)");
    hsc_errors_fini(&errs);

    /* A distribution key is known, but must belong to the distribution. */
    const struct hsc_override mean[] = {{"services.paeds.duration.default.mean", "2"}};
    assert_int_equal(load_with(mean, 1, 0, &sc, &errs), -1);
    assert_error(&errs, "(command line): services.paeds.duration.default.mean: not a parameter "
                        "of the fixed distribution (it takes value)");
    assert_int_equal(errs.count, 1);
    hsc_errors_fini(&errs);
}

static void test_bad_paths(void **state)
{
    (void)state;
    const struct hsc_override ovs[] = {
        {"run.sede", "1"},
        {"services.acut.capacity", "1"},
        {"cohorts.teen.emergency_per_day", "1"},
        {"services.acute.duration.teen.mean", "1"},
        {"services.acute", "1"},
        {"run", "1"},
        {"run.seed.x", "1"},
        {"bogus", "1"},
        {"run..seed", "1"},
        {"services.acute.duration.adult.mena", "1"},
    };
    struct hsc_scenario sc;
    struct hsc_errors errs;
    assert_int_equal(load_with(ovs, N_OF(ovs), 0, &sc, &errs), -1);
    assert_error(&errs, "(command line): run.sede: unknown setting (did you mean \"seed\"?)");
    assert_error(&errs, "(command line): services.acut.capacity: no such service \"acut\" "
                        "(did you mean \"acute\"?); --set cannot create one");
    assert_error(&errs, "(command line): cohorts.teen.emergency_per_day: no such cohort "
                        "\"teen\" (expected one of: adult, frail, child); --set cannot create one");
    assert_error(&errs, "(command line): services.acute.duration.teen.mean: no such duration "
                        "entry \"teen\" (expected one of: adult, default, frail); "
                        "--set cannot create one");
    assert_error(&errs, "(command line): services.acute: is a group; --set changes single "
                        "settings");
    assert_error(&errs, "(command line): run: is a group; --set changes single settings");
    assert_error(&errs, "(command line): run.seed.x: run.seed is not a group");
    assert_error(&errs, "(command line): bogus: unknown setting (expected one of: name, "
                        "description, run, localities, calendar, staff, cohorts, services, "
                        "budget, options, portfolios, optimise)");
    assert_error(&errs, "(command line): run..seed: not a setting path (expected names "
                        "separated by dots)");
    assert_error(&errs, "(command line): services.acute.duration.adult.mena: unknown setting "
                        "(did you mean \"mean\"?)");
    assert_int_equal(errs.count, N_OF(ovs));
    hsc_errors_fini(&errs);
}

static void test_bad_values(void **state)
{
    (void)state;
    const struct hsc_override ovs[] = {
        {"name", "\"open"},
        {"name", "\"x\"y"},
        {"services.acute.duration.frail.values", "[1, x]"},
        {"services.acute.duration.frail.values", "[1, 2"},
        {"run.seed", "99999999999999999999"},
    };
    struct hsc_scenario sc;
    struct hsc_errors errs;
    assert_int_equal(load_with(ovs, N_OF(ovs), 0, &sc, &errs), -1);
    assert_error(&errs, "(command line): name: unterminated string (got \"open)");
    assert_error(&errs, "(command line): name: text after the closing quote (got \"x\"y)");
    assert_error(&errs, "(command line): services.acute.duration.frail.values: expected numbers "
                        "separated by commas in [...] (got [1, x])");
    assert_error(&errs, "(command line): services.acute.duration.frail.values: expected numbers "
                        "separated by commas in [...] (got [1, 2)");
    assert_error(&errs, "(command line): run.seed: integer does not fit in 64 bits "
                        "(got 99999999999999999999)");
    assert_int_equal(errs.count, N_OF(ovs));
    hsc_errors_fini(&errs);
}

static void test_limit_one_stops_at_first(void **state)
{
    (void)state;
    const struct hsc_override ovs[] = {{"run.sede", "1"}, {"run.seed", "-5"}};
    struct hsc_scenario sc;
    struct hsc_errors errs;
    assert_int_equal(load_with(ovs, N_OF(ovs), 1, &sc, &errs), -1);
    assert_int_equal(errs.count, 1);
    assert_error(&errs, "(command line): run.sede: unknown setting (did you mean \"seed\"?)");
    assert_null(sc.resolved_text);
    hsc_errors_fini(&errs);
}

/* Loads the whole-system scenario with the overrides; returns the status. */
static int load_system_with(const struct hsc_override *ovs, size_t n, struct hsc_scenario *sc,
                            struct hsc_errors *errs)
{
    write_file("system.cfg", system_scenario);
    hsc_errors_init(errs, 0);
    return hsc_scenario_load("system.cfg", ovs, n, sc, errs);
}

static void test_sets_whole_system_settings(void **state)
{
    (void)state;
    const struct hsc_override ovs[] = {
        {"staff.reablement.wte", "36"},                      /* int on a float */
        {"staff.discharge_team.working_days", "Mon-Sun"},    /* bare text */
        {"services.acute.weekend_discharge", "1"},
        {"services.acute.max_queue", "0"},                   /* created */
        {"services.acute.discharge_hours", "[7.5, 19]"},     /* created */
        {"services.acute.elective_hour", "9"},
        {"cohorts.frail85.discharge.home", "0.45"},          /* existing entries */
        {"cohorts.frail85.discharge.step_down", "0.12"},
        {"cohorts.adult.population.city", "100"},            /* group and entry created */
        {"localities", "[city, north, \"south\"]"},         /* names */
        {"calendar.weekday_factors", "[1, 1, 1, 1, 1, 2, 2]"},
        {"cohorts.adult.electives_per_weekday", "[1, 2, 3, 4, 5, 0, 0]"},
        {"services.step_down.initial.adult", "5"},           /* entry created */
        {"services.step_down.referrals.frail85", "0.25"},
        {"services.home_care.hours.default.mean", "12"},
        {"services.reablement.caseload_per_wte", "2"},
        {"services.reablement.duration_counts", "working_days"}, /* created; bare text */
        {"services.discharge_team.duration_counts", "working_days"},
        {"services.discharge_team.duration_counts", "calendar"}, /* the later one wins */
        {"services.reablement.exits.frail85.home", "0.5"},
        {"services.reablement.exits.frail85.home_care", "0.4"},
        {"cohorts.frail85.readmission_days.max", "21"},
        {"cohorts.frail85.readmission_28d.default", "0.2"},
    };
    struct hsc_scenario sc;
    struct hsc_errors errs;
    int status = load_system_with(ovs, N_OF(ovs), &sc, &errs);
    print_errors(&errs);
    assert_int_equal(status, 0);
    assert_true(sc.staff[1].wte == 36.0);
    assert_int_equal(sc.staff[0].working_days, HSC_ALL_DAYS);
    const struct hsc_service *acute = &sc.services[0];
    assert_true(acute->weekend_discharge == 1.0);
    assert_int_equal(acute->max_queue, 0);
    assert_true(acute->discharge_from_hour == 7.5);
    assert_true(acute->discharge_to_hour == 19.0);
    assert_true(acute->elective_hour == 9.0);
    assert_true(sc.cohorts[1].discharge.routes[0].probability == 0.45);
    assert_true(sc.cohorts[1].discharge.routes[3].probability == 0.12);
    /* All of adult's population is in the city, so all of its demand is. */
    assert_true(sc.cohorts[0].emergency_per_day[0] == 20.0);
    assert_true(sc.cohorts[0].emergency_per_day[1] == 0.0);
    assert_string_equal(sc.localities[2], "south");
    assert_true(sc.weekday_factors[6] == 2.0);
    assert_int_equal(sc.cohorts[0].electives_per_weekday[4], 5);
    assert_int_equal(sc.services[2].initial[0], 5);
    assert_true(sc.services[2].referrals_per_day[1] == 0.25);
    assert_true(sc.services[4].hours[0].mean == 12.0);
    assert_true(sc.services[3].caseload_per_wte == 2.0);
    assert_int_equal(sc.services[3].duration_counts, HSC_DAYS_WORKING);
    assert_int_equal(sc.services[1].duration_counts, HSC_DAYS_CALENDAR);
    assert_true(sc.services[3].exits[1].routes[1].probability == 0.4);
    assert_true(sc.cohorts[1].readmission_28d[1] == 0.2);
    assert_non_null(strstr(sc.resolved_text, "localities = [ \"city\", \"north\", \"south\" ];"));
    assert_non_null(strstr(sc.resolved_text, "wte = 36.0;"));
    assert_non_null(strstr(sc.resolved_text, "duration_counts = \"working_days\";"));
    assert_non_null(strstr(sc.resolved_text, "population = {\n      city = 100;\n    };"));
    hsc_scenario_fini(&sc);
    hsc_errors_fini(&errs);
}

static void test_whole_system_mistakes(void **state)
{
    (void)state;
    const struct hsc_override ovs[] = {
        {"cohorts.frail85.discharge.hom", "0.5"},
        {"staff.reablment.wte", "3"},
        {"calendar.weekday_factors", "[1, x]"},
        {"localities", "[1, 2]"},
        {"services.reablement.hours.default.mean", "2"},
        {"services.acute.exits.default.home", "1"},
        {"staff.home_care.working_days", "weekdays"},
        {"services.reablement.duration_counts", "calender"},
        {"services.step_down.duration_counts", "calendar"},
    };
    struct hsc_scenario sc;
    struct hsc_errors errs;
    assert_int_equal(load_system_with(ovs, N_OF(ovs), &sc, &errs), -1);
    assert_error(&errs, "(command line): cohorts.frail85.discharge.hom: unknown destination "
                        "\"hom\" (did you mean \"home\"?)");
    assert_error(&errs, "(command line): staff.reablment.wte: no such staff group \"reablment\" "
                        "(did you mean \"reablement\"?); --set cannot create one");
    assert_error(&errs, "(command line): calendar.weekday_factors: expected numbers separated "
                        "by commas in [...] (got [1, x])");
    assert_error(&errs, "(command line): services.reablement.hours.default.mean: no such hours "
                        "entry \"default\" (none are defined); --set cannot create one");
    assert_error(&errs, "(command line): services.acute.exits.default.home: no such exits entry "
                        "\"default\" (none are defined); --set cannot create one");
    /* The overrides that could be applied are then checked like the file. */
    assert_error(&errs, "(command line): localities[0]: not a valid locality name (use a-z, "
                        "0-9 and _, starting with a letter; got \"1\")");
    assert_error(&errs, "(command line): staff.home_care.working_days: expected days such as "
                        "\"Mon-Fri\" or \"Mon,Wed,Fri\" (got \"weekdays\")");
    assert_error(&errs, "(command line): services.reablement.duration_counts: unknown way of "
                        "counting days \"calender\" (did you mean \"calendar\"?)");
    assert_error(&errs, "(command line): services.step_down.duration_counts: not allowed for "
                        "kind \"beds\" (only kind \"caseload\" has it; the duration of a bed "
                        "or hours service is always counted in calendar days)");
    assert_int_equal(errs.count, 9);
    hsc_errors_fini(&errs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_each_literal_type),
        cmocka_unit_test(test_wrong_types_reported_at_command_line),
        cmocka_unit_test(test_creates_known_missing_settings),
        cmocka_unit_test(test_bad_paths),
        cmocka_unit_test(test_bad_values),
        cmocka_unit_test(test_limit_one_stops_at_first),
        cmocka_unit_test(test_sets_whole_system_settings),
        cmocka_unit_test(test_whole_system_mistakes),
    };
    return cmocka_run_group_tests(tests, config_tmp_setup, config_tmp_teardown);
}
