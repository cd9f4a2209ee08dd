/*
 * Option ranges (`options.<name>.range`): the range as parsed, its levels,
 * default level and annual cost; every rule of the range with its exact
 * message and line; each level tried as a whole scenario; an option taken
 * at a level with hsc_scenario_load_option and hsc_scenario_load_choices.
 */
#include "unit/config/fund_test_util.h"

#include <math.h>

/* The fund scenario with a ranged option after reablement_plus_6 (lines
 * 42-52; hah_on moves to line 53). */
static const char plus6_line[] = "  reablement_plus_6 = { changes = [\"staff.reablers.wte=36\"]; };\n";
static const char range_option[] =
    "  step_down_beds = {\n"                                  /* 42 */
    "    description = \"36 to 46 step-down beds\";\n"        /* 43 */
    "    recurring_cost = 1000.0;\n"                          /* 44 */
    "    range = {\n"                                         /* 45 */
    "      setting = \"services.step_down.capacity\";\n"      /* 46 */
    "      from = 36.0;\n"                                    /* 47 */
    "      to = 46.0;\n"                                      /* 48 */
    "      step = 2.0;\n"                                     /* 49 */
    "      cost_per_unit = 20000.0;\n"                        /* 50 */
    "    };\n"                                                /* 51 */
    "  };\n";                                                 /* 52 */
enum { STEP_DOWN_BEDS = HAH_ON, HAH_ON_AFTER };

/* The ranged scenario (owned by the caller). */
static char *ranged(void)
{
    char both[sizeof plus6_line + sizeof range_option];
    snprintf(both, sizeof both, "%s%s", plus6_line, range_option);
    return config_edited(fund, plus6_line, both);
}

/* The ranged scenario with `from` (once in it) replaced by `to`. */
static char *ranged_edited(const char *from, const char *to)
{
    char *base = ranged();
    char *text = config_edited(base, from, to);
    free(base);
    return text;
}

static void expect_ranged_errors(const struct edit_case *cases, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char *text = ranged_edited(cases[i].from, cases[i].to);
        config_expect_errors(text, NULL, 0, &cases[i].error, 1);
        free(text);
    }
}

static void test_range_parsed(void **state)
{
    (void)state;
    char *text = ranged();
    struct hsc_scenario sc;
    config_load_valid(text, NULL, 0, &sc);
    assert_int_equal(sc.n_options, 4);
    const struct hsc_option *beds = &sc.options[STEP_DOWN_BEDS];
    assert_string_equal(beds->name, "step_down_beds");
    assert_int_equal(beds->n_changes, 0); /* changes are optional with a range */
    assert_string_equal(beds->range_setting, "services.step_down.capacity");
    assert_true(beds->range_from == 36.0 && beds->range_to == 46.0 && beds->range_step == 2.0);
    assert_true(beds->range_cost_per_unit == 20000.0);
    assert_int_equal(beds->n_levels, 6);
    assert_true(hsc_option_default_level(beds) == 46.0);
    /* 1000 recurring, plus 20000 a bed above 36. */
    assert_true(hsc_option_annual_cost(beds, 36.0) == 1000.0);
    assert_true(hsc_option_annual_cost(beds, 40.0) == 81000.0);
    assert_true(hsc_option_annual_cost(beds, 46.0) == 201000.0);

    /* Without a range: no levels, cost as before, level ignored. */
    const struct hsc_option *bluebell = &sc.options[BLUEBELL];
    assert_null(bluebell->range_setting);
    assert_int_equal(bluebell->n_levels, 0);
    assert_true(isnan(hsc_option_default_level(bluebell)));
    assert_true(hsc_option_annual_cost(bluebell, NAN) == 120000.0 / 5.0 + 30000.0);
    assert_true(hsc_option_annual_cost(bluebell, 99.0) == 54000.0);
    /* The base is unchanged by the range. */
    assert_int_equal(sc.services[STEP_DOWN].capacity, 36);
    hsc_scenario_fini(&sc);
    free(text);
}

/* `--set` reaches a range like any option setting. */
static void test_range_set(void **state)
{
    (void)state;
    char *text = ranged();
    const struct hsc_override ovs[] = {{"options.step_down_beds.range.to", "50"},
                                       {"options.step_down_beds.range.cost_per_unit", "0"}};
    struct hsc_scenario sc;
    config_load_valid(text, ovs, N_OF(ovs), &sc);
    assert_int_equal(sc.options[STEP_DOWN_BEDS].n_levels, 8);
    assert_true(hsc_option_default_level(&sc.options[STEP_DOWN_BEDS]) == 50.0);
    assert_true(hsc_option_annual_cost(&sc.options[STEP_DOWN_BEDS], 50.0) == 1000.0);
    hsc_scenario_fini(&sc);

    const struct hsc_override bad[] = {{"options.step_down_beds.range.to", "47"}};
    const char *const expected[] = {
        "(command line): options.step_down_beds.range.to: must be from plus a whole number of "
        "steps: 46 or 48 with from 36 and step 2 (got 47)"};
    config_expect_errors(text, bad, N_OF(bad), expected, N_OF(expected));
    free(text);
}

/* Fractional steps: the grid is judged within 1e-9 relative, and levels
 * are from + i x step, the last exactly `to`. */
static void test_range_fractional(void **state)
{
    (void)state;
    char *text = ranged_edited("      setting = \"services.step_down.capacity\";\n"
                               "      from = 36.0;\n"
                               "      to = 46.0;\n"
                               "      step = 2.0;\n",
                               "      setting = \"staff.reablers.wte\";\n"
                               "      from = 30.1;\n"
                               "      to = 30.7;\n"
                               "      step = 0.1;\n");
    struct hsc_scenario base;
    config_load_valid(text, NULL, 0, &base);
    const struct hsc_option *wte = &base.options[STEP_DOWN_BEDS];
    assert_int_equal(wte->n_levels, 7);
    assert_true(hsc_option_default_level(wte) == 30.7);
    const struct hsc_choice lowest = {STEP_DOWN_BEDS, 30.1};
    struct hsc_scenario sc;
    struct hsc_errors errs;
    hsc_errors_init(&errs, 0);
    assert_int_equal(hsc_scenario_load_choices("valid.cfg", NULL, 0, &base, &lowest, 1,
                                               "options.step_down_beds", &sc, &errs), 0);
    assert_true(sc.staff[G_REABLERS].wte == 30.1);
    hsc_scenario_fini(&sc);
    hsc_errors_fini(&errs);
    hsc_scenario_fini(&base);
    free(text);
}

/* The rules of a range, each reported at its own setting. */
static void test_range_rules(void **state)
{
    (void)state;
    const struct edit_case cases[] = {
        {"to = 46.0;", "to = 36.0;",
         "bad.cfg:48: options.step_down_beds.range.to: must be > from (36) (got 36)"},
        {"to = 46.0;", "to = 45.0;",
         "bad.cfg:48: options.step_down_beds.range.to: must be from plus a whole number of "
         "steps: 44 or 46 with from 36 and step 2 (got 45)"},
        {"to = 46.0;", "to = 37.0;",
         "bad.cfg:48: options.step_down_beds.range.to: must be from plus a whole number of "
         "steps: 38 with from 36 and step 2 (got 37)"},
        {"step = 2.0;", "step = 0;",
         "bad.cfg:49: options.step_down_beds.range.step: must be > 0 (got 0)"},
        {"step = 2.0;", "step = -2.0;",
         "bad.cfg:49: options.step_down_beds.range.step: must be > 0 (got -2)"},
        {"to = 46.0;", "to = 2036.0;",
         "bad.cfg:49: options.step_down_beds.range.step: must give at most 1000 levels (got "
         "1001 from 36 to 2036 in steps of 2)"},
        {"from = 36.0;", "from = 36.5;",
         "bad.cfg:47: options.step_down_beds.range.from: must be a whole number: "
         "services.step_down.capacity is an integer (got 36.5)"},
        {"step = 2.0;", "step = 0.5;",
         "bad.cfg:49: options.step_down_beds.range.step: must be a whole number: "
         "services.step_down.capacity is an integer (got 0.5)"},
        {"cost_per_unit = 20000.0;", "cost_per_unit = -1.0;",
         "bad.cfg:50: options.step_down_beds.range.cost_per_unit: must be >= 0 (got -1)"},
        {"      to = 46.0;\n", "",
         "bad.cfg:45: options.step_down_beds.range.to: missing (expected a number "
         "-1000000000000..1000000000000)"},
        {"      step = 2.0;\n", "      stpe = 2.0;\n",
         "bad.cfg:49: options.step_down_beds.range.stpe: unknown setting (did you mean "
         "\"step\"?)"},
    };
    expect_ranged_errors(cases, N_OF(cases));
}

/* The range's setting: a path an option may change, holding one number,
 * not also changed by the option's own changes. */
static void test_range_setting(void **state)
{
    (void)state;
    const char *const from = "setting = \"services.step_down.capacity\";";
    const struct edit_case cases[] = {
        {from, "setting = \"run.replications\";",
         "bad.cfg:46: options.step_down_beds.range.setting: an option cannot change run "
         "settings (got \"run.replications\")"},
        {from, "setting = \"budget\";",
         "bad.cfg:46: options.step_down_beds.range.setting: an option cannot change the budget "
         "(got \"budget\")"},
        {from, "setting = \"optimise.max_points\";",
         "bad.cfg:46: options.step_down_beds.range.setting: an option cannot change the "
         "optimiser's settings (got \"optimise.max_points\")"},
        {from, "setting = \"staff.team.working_days\";",
         "bad.cfg:46: options.step_down_beds.range.setting: must name a setting that holds one "
         "number (got \"staff.team.working_days\")"},
        {from, "setting = \"services.step_down.capacity=40\";",
         "bad.cfg:46: options.step_down_beds.range.setting: expected a setting path such as "
         "\"services.step_down.capacity\" (got \"services.step_down.capacity=40\")"},
        {from, "setting = \"\";",
         "bad.cfg:46: options.step_down_beds.range.setting: expected a setting path such as "
         "\"services.step_down.capacity\" (got \"\")"},
        /* The schema does not know it: the override code says why, at the setting. */
        {from, "setting = \"services.step_dwn.capacity\";",
         "bad.cfg:46: options.step_down_beds.range: services.step_dwn.capacity: no such service "
         "\"step_dwn\" (did you mean \"step_down\"?); an option cannot create one"},
        {from, "setting = \"services.step_down\";",
         "bad.cfg:46: options.step_down_beds.range: services.step_down: is a group; an option "
         "changes single settings"},
        {"    recurring_cost = 1000.0;\n",
         "    changes = [\"staff.team.wte=9\", \"services.step_down.capacity=40\"];\n",
         "bad.cfg:46: options.step_down_beds.range.setting: changes[1] "
         "(\"services.step_down.capacity=40\") changes services.step_down.capacity too: the "
         "range sets it at each level (drop that change)"},
        {"    recurring_cost = 1000.0;\n", "    changes = [\"services.step_down=40\"];\n",
         "bad.cfg:46: options.step_down_beds.range.setting: changes[0] "
         "(\"services.step_down=40\") changes services.step_down too: the range sets it at "
         "each level (drop that change)"},
    };
    expect_ranged_errors(cases, N_OF(cases));
}

/* An option needs changes, a range or both. */
static void test_range_or_changes(void **state)
{
    (void)state;
    const struct edit_case cases[] = {
        {"    range = {\n", "    rang = {\n",
         "bad.cfg:45: options.step_down_beds.rang: unknown setting (did you mean \"range\"?)"},
    };
    expect_ranged_errors(cases, N_OF(cases));
    char *text = ranged();
    const char *at = strstr(text, "    range = {\n");
    const char *end = strstr(text, "    };\n  };\n  hah_on");
    assert_non_null(at);
    assert_non_null(end);
    char *none = malloc(strlen(text) + 1);
    assert_non_null(none);
    snprintf(none, strlen(text) + 1, "%.*s%s", (int)(at - text), text, end + strlen("    };\n"));
    const char *const expected[] = {
        "bad.cfg:42: options.step_down_beds.changes: missing (expected an array of strings "
        "\"path=value\")"};
    config_expect_errors(none, NULL, 0, expected, N_OF(expected));
    free(none);

    /* Both: the changes, then the level. */
    char *both = ranged_edited("    recurring_cost = 1000.0;\n",
                               "    changes = [\"staff.team.wte=9\"];\n");
    struct hsc_scenario base, sc;
    config_load_valid(both, NULL, 0, &base);
    struct hsc_errors errs;
    hsc_errors_init(&errs, 0);
    assert_int_equal(hsc_scenario_load_option("valid.cfg", NULL, 0,
                                              &base.options[STEP_DOWN_BEDS], &sc, &errs), 0);
    assert_true(sc.staff[G_TEAM].wte == 9.0);
    assert_int_equal(sc.services[STEP_DOWN].capacity, 46);
    hsc_scenario_fini(&sc);
    hsc_errors_fini(&errs);
    hsc_scenario_fini(&base);
    free(both);
    free(text);
}

/* Every level is tried (the default first): a level that makes the
 * scenario invalid is reported under the option, with the level, at the
 * range's setting. */
static void test_range_levels_tried(void **state)
{
    (void)state;
    const struct edit_case cases[] = {
        {"from = 36.0;", "from = -4.0;",
         "bad.cfg:46: options.step_down_beds: at level -4: services.step_down.capacity: must be "
         ">= 0 (got -4)"},
    };
    expect_ranged_errors(cases, N_OF(cases));
    /* The top level first: the schema's bound on capacity. */
    char *text = ranged_edited("step = 2.0;", "step = 2500000.0;");
    char *top = config_edited(text, "to = 46.0;", "to = 10000036.0;");
    const char *const expected[] = {
        "bad.cfg:46: options.step_down_beds: at level 10000036: services.step_down.capacity: "
        "must be <= 10000000 (got 10000036)"};
    config_expect_errors(top, NULL, 0, expected, N_OF(expected));
    free(top);
    free(text);

    /* After the default level, the others from the lowest up: the care
     * hours (25 a week) fit 30 contracted hours, not 18. The rule's setting
     * is not the range's, so the error is at `range`. */
    text = ranged_edited("      setting = \"services.step_down.capacity\";\n"
                         "      from = 36.0;\n"
                         "      to = 46.0;\n",
                         "      setting = \"staff.carers.contracted_hours_per_week\";\n"
                         "      from = 18.0;\n"
                         "      to = 30.0;\n");
    const char *const low[] = {
        "bad.cfg:45: options.step_down_beds: at level 18: staff.carers.care_hours_per_wte_week: "
        "must not exceed contracted_hours_per_week (got 25, contracted_hours_per_week is 18)"};
    config_expect_errors(text, NULL, 0, low, N_OF(low));
    free(text);
}

/* A ranged option at its default level and at another, with its text. */
static void test_range_load(void **state)
{
    (void)state;
    char *text = ranged();
    struct hsc_scenario base, sc;
    config_load_valid(text, NULL, 0, &base);
    struct hsc_errors errs;
    hsc_errors_init(&errs, 0);
    assert_int_equal(hsc_scenario_load_option("valid.cfg", NULL, 0,
                                              &base.options[STEP_DOWN_BEDS], &sc, &errs), 0);
    assert_int_equal(sc.services[STEP_DOWN].capacity, 46);
    assert_non_null(strstr(sc.resolved_text, "capacity = 46;"));
    assert_null(strstr(sc.resolved_text, "range"));
    hsc_scenario_fini(&sc);

    const struct hsc_choice at38 = {STEP_DOWN_BEDS, 38.0};
    assert_int_equal(hsc_scenario_load_choices("valid.cfg", NULL, 0, &base, &at38, 1,
                                               "options.step_down_beds", &sc, &errs), 0);
    assert_int_equal(sc.services[STEP_DOWN].capacity, 38);
    char *changes = hsc_choices_text(&base, &at38, 1);
    assert_string_equal(changes, "services.step_down.capacity=38");
    free(changes);
    char *point = strdup(sc.resolved_text);
    assert_non_null(point);
    hsc_scenario_fini(&sc);

    /* A level off the range is the caller's: it is applied and judged. */
    const struct hsc_choice negative = {STEP_DOWN_BEDS, -2.0};
    assert_int_equal(hsc_scenario_load_choices("valid.cfg", NULL, 0, &base, &negative, 1,
                                               "optimise.point_7", &sc, &errs), -1);
    assert_error(&errs, "valid.cfg:46: optimise.point_7: services.step_down.capacity: must be "
                        ">= 0 (got -2)");
    assert_int_equal(errs.count, 1);
    assert_null(sc.name);

    /* The point's resolved text loads to the same scenario. */
    struct hsc_scenario again;
    config_load_valid(point, NULL, 0, &again);
    assert_string_equal(again.resolved_text, point);
    assert_int_equal(again.services[STEP_DOWN].capacity, 38);
    hsc_scenario_fini(&again);
    free(point);
    hsc_errors_fini(&errs);
    hsc_scenario_fini(&base);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_range_parsed),
        cmocka_unit_test(test_range_set),
        cmocka_unit_test(test_range_fractional),
        cmocka_unit_test(test_range_rules),
        cmocka_unit_test(test_range_setting),
        cmocka_unit_test(test_range_or_changes),
        cmocka_unit_test(test_range_levels_tried),
        cmocka_unit_test(test_range_load),
    };
    return cmocka_run_group_tests(tests, config_tmp_setup, config_tmp_teardown);
}
