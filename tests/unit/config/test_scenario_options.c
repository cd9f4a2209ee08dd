/*
 * Transformation-fund options: names, descriptions, changes, costs and
 * lifetimes as parsed; every option tried at load time through the --set
 * machinery (its errors reported at its changes, exact text and line);
 * hsc_scenario_load_option building one option's scenario; and --set
 * reaching an option's own settings.
 */
#include "unit/config/fund_test_util.h"

#include <math.h>

static void test_options_parsed(void **state)
{
    (void)state;
    struct hsc_scenario sc;
    config_load_valid(fund, NULL, 0, &sc);
    assert_int_equal(sc.n_options, 3);
    const struct hsc_option *bluebell = &sc.options[BLUEBELL];
    assert_string_equal(bluebell->name, "bluebell");
    assert_string_equal(bluebell->description, "5 more step-down beds (Dundee's Bluebell unit)");
    assert_int_equal(bluebell->n_changes, 2);
    assert_string_equal(bluebell->changes[0], "services.step_down.capacity=41");
    assert_string_equal(bluebell->changes[1], "staff.team.working_days=Mon-Sun");
    assert_true(bluebell->one_off_cost == 120000.0);
    assert_true(bluebell->lifetime_years == 5.0);
    assert_true(bluebell->recurring_cost == 30000.0);

    /* Defaults: no description, no costs, a lifetime of 1 year. */
    const struct hsc_option *plus6 = &sc.options[REABLEMENT_PLUS_6];
    assert_string_equal(plus6->name, "reablement_plus_6");
    assert_string_equal(plus6->description, "");
    assert_int_equal(plus6->n_changes, 1);
    assert_string_equal(plus6->changes[0], "staff.reablers.wte=36");
    assert_true(plus6->one_off_cost == 0.0);
    assert_true(plus6->lifetime_years == 1.0);
    assert_true(plus6->recurring_cost == 0.0);

    /* A list works as well as an array; changes are kept as written. */
    const struct hsc_option *hah = &sc.options[HAH_ON];
    assert_int_equal(hah->n_changes, 2);
    assert_string_equal(hah->changes[1], "staff.hah.hours=[8,20]");
    assert_true(hah->recurring_cost == 500000.0);

    /* The base scenario itself is unchanged by its options. */
    assert_int_equal(sc.services[STEP_DOWN].capacity, 36);
    assert_int_equal(sc.staff[G_TEAM].working_days, 0x1F);
    assert_true(sc.staff[G_HAH].wte == 0.0);
    hsc_scenario_fini(&sc);
}

/* Loads the named option of the fund scenario (with overrides). */
static void load_option_valid(const char *text, const struct hsc_override *ovs, size_t n,
                              size_t option, struct hsc_scenario *base, struct hsc_scenario *sc)
{
    config_load_valid(text, ovs, n, base);
    struct hsc_errors errs;
    hsc_errors_init(&errs, 0);
    int status = hsc_scenario_load_option("valid.cfg", ovs, n, &base->options[option], sc, &errs);
    print_errors(&errs);
    assert_int_equal(status, 0);
    hsc_errors_fini(&errs);
}

/* Every setting but those the option changes is the base's. */
static void assert_same_except(const struct hsc_scenario *base, const struct hsc_scenario *sc,
                               size_t changed_service, size_t changed_staff)
{
    assert_string_equal(sc->name, base->name);
    assert_true(sc->run.seed == base->run.seed);
    assert_true(sc->run.replications == base->run.replications);
    assert_true(sc->budget == base->budget);
    assert_int_equal(sc->n_services, base->n_services);
    assert_int_equal(sc->n_staff, base->n_staff);
    assert_int_equal(sc->n_cohorts, base->n_cohorts);
    for (size_t s = 0; s < sc->n_services; s++) {
        assert_string_equal(sc->services[s].name, base->services[s].name);
        assert_int_equal(sc->services[s].role, base->services[s].role);
        assert_true(sc->services[s].cost_per_bed_day == base->services[s].cost_per_bed_day);
        if (s != changed_service)
            assert_int_equal(sc->services[s].capacity, base->services[s].capacity);
    }
    for (size_t g = 0; g < sc->n_staff; g++) {
        if (g == changed_staff)
            continue;
        assert_true(sc->staff[g].wte == base->staff[g].wte);
        assert_int_equal(sc->staff[g].working_days, base->staff[g].working_days);
        assert_true(sc->staff[g].from_hour == base->staff[g].from_hour);
    }
    assert_true(sc->cohorts[0].emergency_per_day[0] == base->cohorts[0].emergency_per_day[0]);
    assert_true(sc->cohorts[0].step_up_share == base->cohorts[0].step_up_share);
}

static void test_load_option(void **state)
{
    (void)state;
    struct hsc_scenario base, sc;
    load_option_valid(fund, NULL, 0, BLUEBELL, &base, &sc);
    assert_int_equal(sc.services[STEP_DOWN].capacity, 41);
    assert_int_equal(sc.staff[G_TEAM].working_days, HSC_ALL_DAYS);
    assert_same_except(&base, &sc, STEP_DOWN, G_TEAM);
    assert_true(sc.staff[G_TEAM].wte == base.staff[G_TEAM].wte);
    /* One point: no options of its own; the changes are in its text. */
    assert_int_equal(sc.n_options, 0);
    assert_null(sc.options);
    assert_string_equal(sc.path, "valid.cfg");
    assert_non_null(strstr(sc.resolved_text, "capacity = 41;"));
    assert_non_null(strstr(sc.resolved_text, "working_days = \"Mon-Sun\";"));
    assert_null(strstr(sc.resolved_text, "options"));
    assert_null(strstr(sc.resolved_text, "capacity = 36;"));

    /* Its resolved text loads to the same scenario. */
    struct hsc_scenario again;
    config_load_valid(sc.resolved_text, NULL, 0, &again);
    assert_string_equal(again.resolved_text, sc.resolved_text);
    assert_int_equal(again.services[STEP_DOWN].capacity, 41);
    hsc_scenario_fini(&again);
    hsc_scenario_fini(&sc);
    hsc_scenario_fini(&base);

    /* Hospital at home switched on: 0 WTE in the base, 10 in the option. */
    load_option_valid(fund, NULL, 0, HAH_ON, &base, &sc);
    assert_true(sc.staff[G_HAH].wte == 10.0);
    assert_true(sc.staff[G_HAH].from_hour == 8.0 && sc.staff[G_HAH].to_hour == 20.0);
    assert_same_except(&base, &sc, SIZE_MAX, G_HAH);
    hsc_scenario_fini(&sc);
    hsc_scenario_fini(&base);
}

/* The changes apply after the command-line overrides, which they may undo. */
static void test_option_after_overrides(void **state)
{
    (void)state;
    const struct hsc_override ovs[] = {{"services.step_down.capacity", "50"},
                                       {"services.acute.capacity", "120"}};
    struct hsc_scenario base, sc;
    load_option_valid(fund, ovs, N_OF(ovs), BLUEBELL, &base, &sc);
    assert_int_equal(base.services[STEP_DOWN].capacity, 50);
    assert_int_equal(sc.services[STEP_DOWN].capacity, 41);
    assert_int_equal(sc.services[ACUTE].capacity, 120);
    hsc_scenario_fini(&sc);
    hsc_scenario_fini(&base);

    /* An option valid in the file can be made invalid by an override: it
     * is checked on the scenario it will run on. */
    char *text = edited("[\"staff.reablers.wte=36\"]",
                        "[\"staff.carers.care_hours_per_wte_week=28\"]");
    const struct hsc_override shorter[] = {{"staff.carers.contracted_hours_per_week", "26"}};
    const char *const expected[] = {
        "bad.cfg:41: options.reablement_plus_6: staff.carers.care_hours_per_wte_week: must not "
        "exceed contracted_hours_per_week (got 28, contracted_hours_per_week is 26)"};
    config_expect_errors(text, shorter, N_OF(shorter), expected, N_OF(expected));
    free(text);
}

/* A change that cannot be applied is reported at the change, with the
 * override's own message ("an option" where --set's says "--set"). */
static void test_change_errors(void **state)
{
    (void)state;
    const struct edit_case cases[] = {
        {"\"staff.team.working_days=Mon-Sun\"", "\"staff.team.workng_days=Mon-Sun\"",
         "bad.cfg:36: options.bluebell.changes[1]: staff.team.workng_days: unknown setting "
         "(did you mean \"working_days\"?)"},
        {"\"services.step_down.capacity=41\"", "\"services.step_dwn.capacity=41\"",
         "bad.cfg:35: options.bluebell.changes[0]: services.step_dwn.capacity: no such service "
         "\"step_dwn\" (did you mean \"step_down\"?); an option cannot create one"},
        {"\"services.step_down.capacity=41\"", "\"services.step_down=41\"",
         "bad.cfg:35: options.bluebell.changes[0]: services.step_down: is a group; an option "
         "changes single settings"},
        {"\"services.step_down.capacity=41\"", "\"services.step_down.capacity=[4, x]\"",
         "bad.cfg:35: options.bluebell.changes[0]: services.step_down.capacity: expected "
         "numbers separated by commas in [...] (got [4, x])"},
        {"\"services.step_down.capacity=41\"", "\"services..capacity=41\"",
         "bad.cfg:35: options.bluebell.changes[0]: services..capacity: not a setting path "
         "(expected names separated by dots)"},
    };
    expect_edit_errors(cases, N_OF(cases));
}

/* A change that applies but makes the scenario invalid is reported under
 * the option, at the line of the change that set the setting in error (or
 * holds it, or is inside it), else at `changes`. */
static void test_invalid_result(void **state)
{
    (void)state;
    const struct edit_case cases[] = {
        {"\"services.step_down.capacity=41\"", "\"services.step_down.capacity=-2\"",
         "bad.cfg:35: options.bluebell: services.step_down.capacity: must be >= 0 (got -2)"},
        {"\"staff.team.working_days=Mon-Sun\"", "\"staff.team.working_days=Sun-Mon\"",
         "bad.cfg:36: options.bluebell: staff.team.working_days: expected days such as "
         "\"Mon-Fri\" or \"Mon,Wed,Fri\" (got \"Sun-Mon\")"},
        {"\"services.step_down.capacity=41\"", "\"services.step_down.capacity=41.5\"",
         "bad.cfg:35: options.bluebell: services.step_down.capacity: expected an integer (got "
         "a float)"},
        /* The sum is reported at the group holding the changed share. */
        {"\"services.step_down.capacity=41\"", "\"cohorts.older.discharge.home=0.5\"",
         "bad.cfg:35: options.bluebell: cohorts.older.discharge: must sum to 1 (sum is 0.9)"},
        /* A rule between two settings: the error's setting was not changed. */
        {"[\"staff.reablers.wte=36\"]", "[\"staff.carers.contracted_hours_per_week=20\"]",
         "bad.cfg:41: options.reablement_plus_6: staff.carers.care_hours_per_wte_week: must "
         "not exceed contracted_hours_per_week (got 25, contracted_hours_per_week is 20)"},
        /* A new setting that the schema knows but this service refuses. */
        {"[\"staff.reablers.wte=36\"]", "[\"services.reablement.capacity=5\"]",
         "bad.cfg:41: options.reablement_plus_6: services.reablement.capacity: not allowed for "
         "kind \"caseload\" (only kind \"beds\" has it)"},
    };
    expect_edit_errors(cases, N_OF(cases));

    /* Every option is tried, and each of its errors reported. */
    char *text = edited("\"staff.reablers.wte=36\"",
                        "\"staff.reablers.wte=-1\", \"staff.reablers.vacancy_rate=2\"");
    char *both = NULL;
    {
        const char *from = "\"services.step_down.capacity=41\"";
        const char *at = strstr(text, from);
        assert_non_null(at);
        both = malloc(strlen(text) + 64);
        assert_non_null(both);
        snprintf(both, strlen(text) + 64, "%.*s\"services.step_down.capacity=-1\"%s",
                 (int)(at - text), text, at + strlen(from));
    }
    const char *const expected[] = {
        "bad.cfg:35: options.bluebell: services.step_down.capacity: must be >= 0 (got -1)",
        "bad.cfg:41: options.reablement_plus_6: staff.reablers.wte: must be >= 0 (got -1)",
        "bad.cfg:41: options.reablement_plus_6: staff.reablers.vacancy_rate: must be <= 0.99 "
        "(got 2)",
    };
    config_expect_errors(both, NULL, 0, expected, N_OF(expected));
    free(both);
    free(text);
}

/* What a change may say, checked before it is applied. */
static void test_change_rules(void **state)
{
    (void)state;
    const char *const from = "\"services.step_down.capacity=41\"";
    const struct edit_case cases[] = {
        {from, "\"services.step_down.capacity\"",
         "bad.cfg:35: options.bluebell.changes[0]: expected \"path=value\", e.g. "
         "\"services.step_down.capacity=41\" (got \"services.step_down.capacity\")"},
        {from, "\"=41\"",
         "bad.cfg:35: options.bluebell.changes[0]: expected \"path=value\", e.g. "
         "\"services.step_down.capacity=41\" (got \"=41\")"},
        {from, "\"services.step_down.capacity = 41\"",
         "bad.cfg:35: options.bluebell.changes[0]: write \"path=value\" without blanks around "
         "the path and the \"=\" (got \"services.step_down.capacity = 41\")"},
        {from, "\"run.seed=3\"",
         "bad.cfg:35: options.bluebell.changes[0]: an option cannot change run settings (got "
         "\"run.seed=3\")"},
        {from, "\"run=3\"",
         "bad.cfg:35: options.bluebell.changes[0]: an option cannot change run settings (got "
         "\"run=3\")"},
        {from, "\"name=other\"",
         "bad.cfg:35: options.bluebell.changes[0]: an option cannot change the scenario's name "
         "(got \"name=other\")"},
        {from, "\"budget=1\"",
         "bad.cfg:35: options.bluebell.changes[0]: an option cannot change the budget (got "
         "\"budget=1\")"},
        {from, "\"options.hah_on.recurring_cost=1\"",
         "bad.cfg:35: options.bluebell.changes[0]: an option cannot change options (got "
         "\"options.hah_on.recurring_cost=1\")"},
        {from, "\"localities=[a,b]\"",
         "bad.cfg:35: options.bluebell.changes[0]: an option cannot change the localities (got "
         "\"localities=[a,b]\")"},
        {from, "\"services.step_down.role=other\"",
         "bad.cfg:35: options.bluebell.changes[0]: an option cannot change a service's kind or "
         "role (got \"services.step_down.role=other\")"},
        {from, "\"services.acute.kind=caseload\"",
         "bad.cfg:35: options.bluebell.changes[0]: an option cannot change a service's kind or "
         "role (got \"services.acute.kind=caseload\")"},
    };
    expect_edit_errors(cases, N_OF(cases));

    /* The top-level description is not a run setting; "runs" is not "run". */
    char *text = edited(from, "\"description=Bluebell=open\"");
    struct hsc_scenario base, sc;
    load_option_valid(text, NULL, 0, BLUEBELL, &base, &sc);
    assert_string_equal(sc.description, "Bluebell=open"); /* split at the first '=' */
    hsc_scenario_fini(&sc);
    hsc_scenario_fini(&base);
    free(text);
    text = edited(from, "\"runs=3\"");
    const char *const unknown[] = {
        "bad.cfg:35: options.bluebell.changes[0]: runs: unknown setting (did you mean \"run\"?)"};
    config_expect_errors(text, NULL, 0, unknown, N_OF(unknown));
    free(text);
}

static void test_option_shape(void **state)
{
    (void)state;
    const struct edit_case cases[] = {
        {"  bluebell = {", "  Bluebell = {",
         "bad.cfg:33: options.Bluebell: not a valid option name (use a-z, 0-9 and _, starting "
         "with a letter)"},
        {"  bluebell = {", "  baseline = {",
         "bad.cfg:33: options.baseline: \"baseline\" cannot name an option (it names the base "
         "scenario in results)"},
        {"[\"staff.reablers.wte=36\"]", "[]",
         "bad.cfg:41: options.reablement_plus_6.changes: must have at least one change"},
        {"changes = [\"staff.reablers.wte=36\"];", "description = \"x\";",
         "bad.cfg:41: options.reablement_plus_6.changes: missing (expected an array of strings "
         "\"path=value\")"},
        {"[\"staff.reablers.wte=36\"]", "\"staff.reablers.wte=36\"",
         "bad.cfg:41: options.reablement_plus_6.changes: expected an array of strings "
         "\"path=value\" (got a string)"},
        {"[\"staff.reablers.wte=36\"]", "(\"staff.reablers.wte=36\", 5)",
         "bad.cfg:41: options.reablement_plus_6.changes[1]: expected a string (got an "
         "integer)"},
        {"[\"staff.reablers.wte=36\"]", "[\"staff.reablers.wte=36\"]; cost = 5",
         "bad.cfg:41: options.reablement_plus_6.cost: unknown setting (expected one of: "
         "description, changes, one_off_cost, lifetime_years, recurring_cost, range)"},
        {"lifetime_years = 5.0;", "lifetime_years = 0;",
         "bad.cfg:38: options.bluebell.lifetime_years: must be > 0 (got 0)"},
        {"one_off_cost = 120000.0;", "one_off_cost = -1.0;",
         "bad.cfg:37: options.bluebell.one_off_cost: must be >= 0 (got -1)"},
        {"recurring_cost = 30000.0;", "recurring_cost = -5;",
         "bad.cfg:39: options.bluebell.recurring_cost: must be >= 0 (got -5)"},
        {"  reablement_plus_6 = { changes = [\"staff.reablers.wte=36\"]; };\n",
         "  reablement_plus_6 = 6;\n",
         "bad.cfg:41: options.reablement_plus_6: expected a group (got an integer)"},
    };
    expect_edit_errors(cases, N_OF(cases));

    /* An empty options group is no options. */
    size_t size = sizeof fund + sizeof "options = {};\n";
    char *text = malloc(size);
    assert_non_null(text);
    const char *at = strstr(fund, "options = {\n");
    assert_non_null(at);
    snprintf(text, size, "%.*soptions = {};\n", (int)(at - fund), fund);
    struct hsc_scenario sc;
    config_load_valid(text, NULL, 0, &sc);
    assert_int_equal(sc.n_options, 0);
    hsc_scenario_fini(&sc);
    free(text);
}

/* A malformed option is not tried; the others still are. */
static void test_malformed_option_not_tried(void **state)
{
    (void)state;
    char *text = edited("[\"staff.reablers.wte=36\"]", "[\"staff.reablers.wte=-1\"]; cost = 1");
    char *both = malloc(strlen(text) + 16);
    assert_non_null(both);
    const char *at = strstr(text, "one_off_cost = 120000.0;");
    assert_non_null(at);
    snprintf(both, strlen(text) + 16, "%.*sone_off_cost = -1.0;%s", (int)(at - text), text,
             at + strlen("one_off_cost = 120000.0;"));
    const char *const expected[] = {
        "bad.cfg:37: options.bluebell.one_off_cost: must be >= 0 (got -1)",
        "bad.cfg:41: options.reablement_plus_6.cost: unknown setting (expected one of: "
        "description, changes, one_off_cost, lifetime_years, recurring_cost, range)",
    };
    config_expect_errors(both, NULL, 0, expected, N_OF(expected));
    free(both);
    free(text);

    /* With a valid second option, the first (bad cost) is skipped but the
     * second is tried. */
    text = edited("[\"staff.reablers.wte=36\"]", "[\"staff.reablers.wte=-1\"]");
    at = strstr(text, "one_off_cost = 120000.0;");
    both = malloc(strlen(text) + 16);
    assert_non_null(both);
    snprintf(both, strlen(text) + 16, "%.*sone_off_cost = -1.0;%s", (int)(at - text), text,
             at + strlen("one_off_cost = 120000.0;"));
    const char *const tried[] = {
        "bad.cfg:37: options.bluebell.one_off_cost: must be >= 0 (got -1)",
        "bad.cfg:41: options.reablement_plus_6: staff.reablers.wte: must be >= 0 (got -1)",
    };
    config_expect_errors(both, NULL, 0, tried, N_OF(tried));
    free(both);
    free(text);

    /* A base scenario with an error of its own tries no option. */
    text = edited("capacity = 100;", "capacity = -100;");
    const struct hsc_override bad[] = {
        {"options.bluebell.changes", "[services.step_down.capacity=-1]"}};
    const char *const base_only[] = {
        "bad.cfg:17: services.acute.capacity: must be >= 0 (got -100)"};
    config_expect_errors(text, bad, N_OF(bad), base_only, N_OF(base_only));
    free(text);
}

/* --set reaches an option's own settings through the normal path. */
static void test_set_option_settings(void **state)
{
    (void)state;
    const struct hsc_override ovs[] = {
        {"options.bluebell.recurring_cost", "40000"},
        {"options.bluebell.lifetime_years", "10"},
        {"options.reablement_plus_6.one_off_cost", "2.5e4"},
        {"options.reablement_plus_6.description", "Six more reablement workers"},
        {"options.hah_on.changes", "[staff.hah.wte=12, services.step_down.capacity=40]"},
    };
    struct hsc_scenario sc;
    config_load_valid(fund, ovs, N_OF(ovs), &sc);
    assert_true(sc.options[BLUEBELL].recurring_cost == 40000.0);
    assert_true(sc.options[BLUEBELL].lifetime_years == 10.0);
    assert_true(sc.options[REABLEMENT_PLUS_6].one_off_cost == 25000.0);
    assert_string_equal(sc.options[REABLEMENT_PLUS_6].description,
                        "Six more reablement workers");
    assert_int_equal(sc.options[HAH_ON].n_changes, 2);
    assert_string_equal(sc.options[HAH_ON].changes[0], "staff.hah.wte=12");
    assert_string_equal(sc.options[HAH_ON].changes[1], "services.step_down.capacity=40");
    struct hsc_scenario hah;
    struct hsc_errors errs;
    hsc_errors_init(&errs, 0);
    assert_int_equal(hsc_scenario_load_option("valid.cfg", ovs, N_OF(ovs), &sc.options[HAH_ON],
                                              &hah, &errs), 0);
    assert_true(hah.staff[G_HAH].wte == 12.0);
    assert_int_equal(hah.services[STEP_DOWN].capacity, 40);
    hsc_scenario_fini(&hah);
    hsc_errors_fini(&errs);
    hsc_scenario_fini(&sc);

    const struct hsc_override bad[] = {
        {"options.bluebel.recurring_cost", "1"},
        {"options.bluebell.recurring_cost", "-1"},
        {"options.bluebell.cost", "1"},
    };
    const char *const expected[] = {
        "(command line): options.bluebel.recurring_cost: no such option \"bluebel\" (did you "
        "mean \"bluebell\"?); --set cannot create one",
        "(command line): options.bluebell.cost: unknown setting (expected one of: description, "
        "changes, one_off_cost, lifetime_years, recurring_cost, range)",
    };
    /* The first two stop at the path; the negative cost is then judged. */
    const char *const negative[] = {
        "(command line): options.bluebell.recurring_cost: must be >= 0 (got -1)"};
    config_expect_errors(fund, &bad[0], 1, &expected[0], 1);
    config_expect_errors(fund, &bad[2], 1, &expected[1], 1);
    config_expect_errors(fund, &bad[1], 1, negative, 1);

    /* A change set on the command line is located there. */
    const struct hsc_override change[] = {
        {"options.reablement_plus_6.changes", "[staff.reablers.wte=-6]"}};
    const char *const located[] = {
        "(command line): options.reablement_plus_6: staff.reablers.wte: must be >= 0 (got -6)"};
    config_expect_errors(fund, change, N_OF(change), located, N_OF(located));
}

/* hsc_scenario_load_option on an option that is not in the file: errors
 * name the option's change without a line. */
static void test_load_option_errors(void **state)
{
    (void)state;
    write_file("base.cfg", fund);
    char negative[] = "services.step_down.capacity=-3", typo[] = "services.step_down.capcity=3";
    char *changes[] = {negative, typo};
    struct hsc_option custom = {.name = "custom", .n_changes = 1, .changes = changes,
                                .lifetime_years = 1.0};
    struct hsc_scenario sc;
    struct hsc_errors errs;
    hsc_errors_init(&errs, 0);
    assert_int_equal(hsc_scenario_load_option("base.cfg", NULL, 0, &custom, &sc, &errs), -1);
    assert_error(&errs, "base.cfg: options.custom: services.step_down.capacity: must be >= 0 "
                        "(got -3)");
    assert_int_equal(errs.count, 1);
    assert_null(sc.name);
    hsc_errors_fini(&errs);

    custom.changes = &changes[1];
    hsc_errors_init(&errs, 0);
    assert_int_equal(hsc_scenario_load_option("base.cfg", NULL, 0, &custom, &sc, &errs), -1);
    assert_error(&errs, "base.cfg: options.custom.changes[0]: services.step_down.capcity: "
                        "unknown setting (did you mean \"capacity\"?)");
    assert_int_equal(errs.count, 1);
    hsc_errors_fini(&errs);

    /* A command-line error is reported as in hsc_scenario_load. */
    const struct hsc_override ovs[] = {{"run.sede", "3"}};
    custom.changes = changes;
    hsc_errors_init(&errs, 0);
    assert_int_equal(hsc_scenario_load_option("base.cfg", ovs, 1, &custom, &sc, &errs), -1);
    assert_error(&errs, "(command line): run.sede: unknown setting (did you mean \"seed\"?)");
    assert_int_equal(errs.count, 1);
    hsc_errors_fini(&errs);

    /* A change that no option may make. */
    char replications[] = "run.replications=3";
    char *run[] = {replications};
    custom.changes = run;
    hsc_errors_init(&errs, 0);
    assert_int_equal(hsc_scenario_load_option("base.cfg", NULL, 0, &custom, &sc, &errs), -1);
    assert_error(&errs, "base.cfg: options.custom.changes[0]: an option cannot change run "
                        "settings (got \"run.replications=3\")");
    hsc_errors_fini(&errs);
}

/* `run` stops at the first error (limit 1), options included. */
static void test_first_error_only(void **state)
{
    (void)state;
    char *text = edited("\"staff.reablers.wte=36\"",
                        "\"staff.reablers.wte=-1\", \"staff.reablers.vacancy_rate=2\"");
    write_file("bad.cfg", text);
    struct hsc_scenario sc;
    struct hsc_errors errs;
    hsc_errors_init(&errs, 1);
    assert_int_equal(hsc_scenario_load("bad.cfg", NULL, 0, &sc, &errs), -1);
    assert_int_equal(errs.count, 1);
    assert_error(&errs, "bad.cfg:41: options.reablement_plus_6: staff.reablers.wte: must be >= 0 "
                        "(got -1)");
    hsc_errors_fini(&errs);
    free(text);
}

/* Options whose changes sit in an included file are located there, and
 * the copy of a tree with included settings is sound. */
static void test_option_in_include(void **state)
{
    (void)state;
    const char *at = strstr(fund, "options = {\n");
    assert_non_null(at);
    char main_text[sizeof fund + 64];
    snprintf(main_text, sizeof main_text, "%.*s@include \"options.inc\"\n", (int)(at - fund),
             fund);
    write_file("options.inc", "options = {\n"
                              "  bluebell = {\n"
                              "    changes = [\"services.step_down.capacity=-41\"];\n"
                              "  };\n"
                              "};\n");
    const char *const expected[] = {
        "options.inc:3: options.bluebell: services.step_down.capacity: must be >= 0 (got -41)"};
    config_expect_errors(main_text, NULL, 0, expected, N_OF(expected));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_options_parsed),
        cmocka_unit_test(test_load_option),
        cmocka_unit_test(test_option_after_overrides),
        cmocka_unit_test(test_change_errors),
        cmocka_unit_test(test_invalid_result),
        cmocka_unit_test(test_change_rules),
        cmocka_unit_test(test_option_shape),
        cmocka_unit_test(test_malformed_option_not_tried),
        cmocka_unit_test(test_set_option_settings),
        cmocka_unit_test(test_load_option_errors),
        cmocka_unit_test(test_first_error_only),
        cmocka_unit_test(test_option_in_include),
    };
    return cmocka_run_group_tests(tests, config_tmp_setup, config_tmp_teardown);
}
