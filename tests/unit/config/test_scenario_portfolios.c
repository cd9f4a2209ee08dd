/*
 * Portfolios (`portfolios.<name>`): members as parsed; the changes a set of
 * choices makes (hsc_choices_text); hsc_scenario_load_choices building the
 * combined scenario (changed settings, resolved text that reloads); every
 * rule of a portfolio with its exact message and line, the combined
 * scenario judged in full; and options that may not change portfolios or
 * the optimiser's settings.
 */
#include "unit/config/fund_test_util.h"

#include <math.h>

/* The fund scenario with portfolios after its options (lines 44-50). */
static const char portfolios[] =
    "portfolios = {\n"                                               /* 44 */
    "  home_first = {\n"                                             /* 45 */
    "    description = \"Step-down beds and reablement\";\n"         /* 46 */
    "    options = [\"reablement_plus_6\", \"bluebell\"];\n"         /* 47 */
    "  };\n"                                                         /* 48 */
    "  all_three = { options = [\"bluebell\", \"reablement_plus_6\", \"hah_on\"]; };\n" /* 49 */
    "};\n";                                                          /* 50 */
enum { HOME_FIRST, ALL_THREE };

/* The fund scenario with its portfolios (owned by the caller). */
static char *with_portfolios(void)
{
    char *text = malloc(sizeof fund + sizeof portfolios);
    assert_non_null(text);
    snprintf(text, sizeof fund + sizeof portfolios, "%s%s", fund, portfolios);
    return text;
}

/* The scenario with portfolios, `from` (once in it) replaced by `to`. */
static char *portfolios_edited(const char *from, const char *to)
{
    char *base = with_portfolios();
    char *text = config_edited(base, from, to);
    free(base);
    return text;
}

static void expect_portfolio_errors(const struct edit_case *cases, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char *text = portfolios_edited(cases[i].from, cases[i].to);
        config_expect_errors(text, NULL, 0, &cases[i].error, 1);
        free(text);
    }
}

static void test_portfolios_parsed(void **state)
{
    (void)state;
    char *text = with_portfolios();
    struct hsc_scenario sc;
    config_load_valid(text, NULL, 0, &sc);
    assert_int_equal(sc.n_portfolios, 2);
    const struct hsc_portfolio *home = &sc.portfolios[HOME_FIRST];
    assert_string_equal(home->name, "home_first");
    assert_string_equal(home->description, "Step-down beds and reablement");
    assert_int_equal(home->n_members, 2);
    assert_int_equal(home->members[0], REABLEMENT_PLUS_6); /* in the order written */
    assert_int_equal(home->members[1], BLUEBELL);
    const struct hsc_portfolio *all = &sc.portfolios[ALL_THREE];
    assert_string_equal(all->name, "all_three");
    assert_string_equal(all->description, "");
    assert_int_equal(all->n_members, 3);
    assert_int_equal(all->members[2], HAH_ON);
    /* The base is unchanged, and its resolved text keeps the portfolios. */
    assert_int_equal(sc.services[STEP_DOWN].capacity, 36);
    assert_non_null(strstr(sc.resolved_text, "portfolios"));
    hsc_scenario_fini(&sc);
    free(text);

    /* Without portfolios: none. */
    config_load_valid(fund, NULL, 0, &sc);
    assert_int_equal(sc.n_portfolios, 0);
    assert_null(sc.portfolios);
    hsc_scenario_fini(&sc);
}

static void test_choices_text(void **state)
{
    (void)state;
    struct hsc_scenario sc;
    config_load_valid(fund, NULL, 0, &sc);
    const struct hsc_choice choices[] = {{REABLEMENT_PLUS_6, NAN}, {BLUEBELL, 7.0}};
    char *text = hsc_choices_text(&sc, choices, N_OF(choices));
    assert_string_equal(text, "staff.reablers.wte=36; services.step_down.capacity=41; "
                              "staff.team.working_days=Mon-Sun");
    free(text);
    text = hsc_choices_text(&sc, choices, 0);
    assert_string_equal(text, "");
    free(text);
    hsc_scenario_fini(&sc);
}

/* The members applied in order to one scenario. */
static void test_load_choices(void **state)
{
    (void)state;
    char *text = with_portfolios();
    struct hsc_scenario base, sc;
    config_load_valid(text, NULL, 0, &base);
    const struct hsc_portfolio *all = &base.portfolios[ALL_THREE];
    struct hsc_choice choices[3];
    for (size_t i = 0; i < all->n_members; i++) {
        const struct hsc_option *option = &base.options[all->members[i]];
        choices[i] = (struct hsc_choice){all->members[i], hsc_option_default_level(option)};
    }
    struct hsc_errors errs;
    hsc_errors_init(&errs, 0);
    int status = hsc_scenario_load_choices("valid.cfg", NULL, 0, &base, choices, 3,
                                           "portfolios.all_three", &sc, &errs);
    print_errors(&errs);
    assert_int_equal(status, 0);
    assert_int_equal(sc.services[STEP_DOWN].capacity, 41);
    assert_int_equal(sc.staff[G_TEAM].working_days, HSC_ALL_DAYS);
    assert_true(sc.staff[G_REABLERS].wte == 36.0);
    assert_true(sc.staff[G_HAH].wte == 10.0);
    assert_string_equal(sc.name, base.name);
    assert_string_equal(sc.path, "valid.cfg");
    assert_int_equal(sc.n_options, 0);
    assert_int_equal(sc.n_portfolios, 0);
    assert_null(strstr(sc.resolved_text, "options"));
    assert_null(strstr(sc.resolved_text, "portfolios"));
    assert_null(strstr(sc.resolved_text, "optimise"));
    char *point = strdup(sc.resolved_text);
    assert_non_null(point);
    hsc_scenario_fini(&sc);

    /* Two options that break a rule together: reported under the label,
     * at the change that set the setting in error. */
    hsc_scenario_fini(&base);
    free(text);
    text = portfolios_edited("\"staff.hah.wte=10.0\", \"staff.hah.hours=[8,20]\"",
                             "\"staff.carers.contracted_hours_per_week=26\"");
    char *both = config_edited(text, "[\"staff.reablers.wte=36\"]",
                               "[\"staff.carers.care_hours_per_wte_week=28\"]");
    char *alone = config_edited(both, "  all_three = { options = [\"bluebell\", "
                                      "\"reablement_plus_6\", \"hah_on\"]; };\n", "");
    config_load_valid(alone, NULL, 0, &base);
    const struct hsc_choice clash[] = {{HAH_ON, NAN}, {REABLEMENT_PLUS_6, NAN}};
    assert_int_equal(hsc_scenario_load_choices("valid.cfg", NULL, 0, &base, clash, 2,
                                               "optimise.point_3", &sc, &errs), -1);
    assert_error(&errs, "valid.cfg:41: optimise.point_3: staff.carers.care_hours_per_wte_week: "
                        "must not exceed contracted_hours_per_week (got 28, "
                        "contracted_hours_per_week is 26)");
    assert_int_equal(errs.count, 1);
    assert_null(sc.name);
    hsc_errors_fini(&errs);
    hsc_scenario_fini(&base);
    free(alone);
    free(both);
    free(text);

    /* The point's text loads to the same scenario. */
    struct hsc_scenario again;
    config_load_valid(point, NULL, 0, &again);
    assert_string_equal(again.resolved_text, point);
    assert_int_equal(again.services[STEP_DOWN].capacity, 41);
    assert_true(again.staff[G_HAH].wte == 10.0);
    hsc_scenario_fini(&again);
    free(point);
}

/* The name, the shape and the members of a portfolio. */
static void test_portfolio_rules(void **state)
{
    (void)state;
    const struct edit_case cases[] = {
        {"[\"reablement_plus_6\", \"bluebell\"]", "[\"reablement_plus_6\", \"bluebel\"]",
         "bad.cfg:47: portfolios.home_first.options[1]: no such option \"bluebel\" (did you "
         "mean \"bluebell\"?)"},
        {"[\"reablement_plus_6\", \"bluebell\"]", "[\"reablement_plus_6\", \"zzz\"]",
         "bad.cfg:47: portfolios.home_first.options[1]: no such option \"zzz\" (expected one "
         "of: bluebell, reablement_plus_6, hah_on)"},
        {"[\"reablement_plus_6\", \"bluebell\"]", "[\"bluebell\", \"bluebell\"]",
         "bad.cfg:47: portfolios.home_first.options[1]: option \"bluebell\" is listed twice"},
        {"[\"reablement_plus_6\", \"bluebell\"]", "[\"bluebell\"]",
         "bad.cfg:47: portfolios.home_first.options: must name at least 2 options (got 1): a "
         "portfolio combines options"},
        {"[\"reablement_plus_6\", \"bluebell\"]", "[]",
         "bad.cfg:47: portfolios.home_first.options: must name at least one option"},
        {"[\"reablement_plus_6\", \"bluebell\"]", "\"bluebell\"",
         "bad.cfg:47: portfolios.home_first.options: expected an array of names (got a "
         "string)"},
        {"    options = [\"reablement_plus_6\", \"bluebell\"];\n", "",
         "bad.cfg:45: portfolios.home_first.options: missing (expected an array of names)"},
        {"    options = [", "    option = [",
         "bad.cfg:47: portfolios.home_first.option: unknown setting (did you mean "
         "\"options\"?)"},
        {"  home_first = {", "  bluebell = {",
         "bad.cfg:45: portfolios.bluebell: \"bluebell\" names an option: a portfolio needs a "
         "name of its own (points in results have unique names)"},
        {"  home_first = {", "  baseline = {",
         "bad.cfg:45: portfolios.baseline: \"baseline\" cannot name a portfolio (it names the "
         "base scenario in results)"},
        {"  home_first = {", "  Home = {",
         "bad.cfg:45: portfolios.Home: not a valid portfolio name (use a-z, 0-9 and _, starting "
         "with a letter)"},
        {"  all_three = {", "  all_three = 3; x = {",
         "bad.cfg:49: portfolios.all_three: expected a group (got an integer)"},
    };
    expect_portfolio_errors(cases, N_OF(cases));
}

/* Two members changing the same setting, or one inside the other. */
static void test_portfolio_overlap(void **state)
{
    (void)state;
    /* Both portfolios hold bluebell and reablement_plus_6. */
    char *text = portfolios_edited("[\"staff.reablers.wte=36\"]",
                                   "[\"staff.team.working_days=Mon-Sat\"]");
    const char *const same[] = {
        "bad.cfg:47: portfolios.home_first.options: options reablement_plus_6 and bluebell "
        "both change staff.team.working_days: a portfolio cannot combine them (make one option "
        "that does both)",
        "bad.cfg:49: portfolios.all_three.options: options bluebell and reablement_plus_6 "
        "both change staff.team.working_days: a portfolio cannot combine them (make one option "
        "that does both)"};
    config_expect_errors(text, NULL, 0, same, N_OF(same));
    free(text);
    const struct edit_case cases[] = {
        {"\"staff.hah.wte=10.0\"", "\"staff.reablers.wte=40\"",
         "bad.cfg:49: portfolios.all_three.options: options reablement_plus_6 and hah_on both "
         "change staff.reablers.wte: a portfolio cannot combine them (make one option that "
         "does both)"},
        {"\"staff.hah.wte=10.0\"", "\"services.step_down.capacity=30\"",
         "bad.cfg:49: portfolios.all_three.options: options bluebell and hah_on both "
         "change services.step_down.capacity: a portfolio cannot combine them (make one option "
         "that does both)"},
    };
    expect_portfolio_errors(cases, N_OF(cases));

    /* One inside the other (the longer path is named); the group path is
     * also hah_on's own error when it is tried. */
    text = portfolios_edited("\"staff.hah.wte=10.0\"", "\"staff.team=1\"");
    const char *const inside[] = {
        "bad.cfg:42: options.hah_on.changes[0]: staff.team: is a group; an option changes "
        "single settings",
        "bad.cfg:49: portfolios.all_three.options: options bluebell and hah_on both change "
        "staff.team.working_days: a portfolio cannot combine them (make one option that does "
        "both)"};
    config_expect_errors(text, NULL, 0, inside, N_OF(inside));
    free(text);

    /* Settings of one service, one group or one cohort that differ do not
     * overlap; nor do "wte" and "wte_extra"-like prefixes. */
    text = portfolios_edited("\"staff.hah.wte=10.0\", \"staff.hah.hours=[8,20]\"",
                             "\"services.step_down.duration.default.mean=15\", "
                             "\"staff.team.hours=[7,19]\"");
    struct hsc_scenario sc;
    config_load_valid(text, NULL, 0, &sc);
    hsc_scenario_fini(&sc);
    free(text);
}

/* The combined scenario is judged in full, under the portfolio's name, at
 * the change that set the setting in error; members that are invalid alone
 * are reported only under their own name. */
static void test_portfolio_scenario(void **state)
{
    (void)state;
    char *text = portfolios_edited("\"staff.hah.wte=10.0\", \"staff.hah.hours=[8,20]\"",
                                   "\"staff.carers.contracted_hours_per_week=26\"");
    char *both = config_edited(text, "[\"staff.reablers.wte=36\"]",
                               "[\"staff.carers.care_hours_per_wte_week=28\"]");
    const char *const expected[] = {
        "bad.cfg:41: portfolios.all_three: staff.carers.care_hours_per_wte_week: must not "
        "exceed contracted_hours_per_week (got 28, contracted_hours_per_week is 26)"};
    config_expect_errors(both, NULL, 0, expected, N_OF(expected));
    free(both);

    /* A member invalid alone: its error only, the portfolio not tried. */
    both = config_edited(text, "[\"staff.reablers.wte=36\"]",
                         "[\"staff.carers.care_hours_per_wte_week=31\"]");
    const char *const alone[] = {
        "bad.cfg:41: options.reablement_plus_6: staff.carers.care_hours_per_wte_week: must not "
        "exceed contracted_hours_per_week (got 31, contracted_hours_per_week is 30)"};
    config_expect_errors(both, NULL, 0, alone, N_OF(alone));
    free(both);
    free(text);

    /* The portfolio at --set. */
    struct hsc_scenario sc;
    text = with_portfolios();
    const struct hsc_override ovs[] = {{"portfolios.home_first.options", "[hah_on,bluebell]"}};
    config_load_valid(text, ovs, N_OF(ovs), &sc);
    assert_int_equal(sc.portfolios[HOME_FIRST].members[0], HAH_ON);
    hsc_scenario_fini(&sc);
    const struct hsc_override bad[] = {{"portfolios.home_frst.options", "[hah_on,bluebell]"}};
    const char *const set_errors[] = {
        "(command line): portfolios.home_frst.options: no such portfolio \"home_frst\" (did "
        "you mean \"home_first\"?); --set cannot create one"};
    config_expect_errors(text, bad, N_OF(bad), set_errors, N_OF(set_errors));
    free(text);
}

/* No option may change portfolios or the optimiser's settings. */
static void test_fixed_for_options(void **state)
{
    (void)state;
    const char *const from = "\"services.step_down.capacity=41\"";
    const struct edit_case cases[] = {
        {from, "\"portfolios.home_first.description=x\"",
         "bad.cfg:35: options.bluebell.changes[0]: an option cannot change portfolios (got "
         "\"portfolios.home_first.description=x\")"},
        {from, "\"optimise.confidence=0.9\"",
         "bad.cfg:35: options.bluebell.changes[0]: an option cannot change the optimiser's "
         "settings (got \"optimise.confidence=0.9\")"},
    };
    expect_edit_errors(cases, N_OF(cases));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_portfolios_parsed),
        cmocka_unit_test(test_choices_text),
        cmocka_unit_test(test_load_choices),
        cmocka_unit_test(test_portfolio_rules),
        cmocka_unit_test(test_portfolio_overlap),
        cmocka_unit_test(test_portfolio_scenario),
        cmocka_unit_test(test_fixed_for_options),
    };
    return cmocka_run_group_tests(tests, config_tmp_setup, config_tmp_teardown);
}
