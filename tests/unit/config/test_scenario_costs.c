/*
 * Staff rosters (hours of the day, contracted hours, sickness absence,
 * vacancies), unit costs (per WTE a year, per occupied bed-day, per care
 * hour) and the budget: every field of a full example, the defaults that
 * keep older scenarios unchanged, the rules with their exact messages and
 * lines, and --set reaching each setting.
 */
#include "unit/config/fund_test_util.h"

#include <math.h>

static void test_full_example(void **state)
{
    (void)state;
    struct hsc_scenario sc;
    config_load_valid(fund, NULL, 0, &sc);
    const struct hsc_staff_group *team = &sc.staff[G_TEAM], *reablers = &sc.staff[G_REABLERS];
    const struct hsc_staff_group *carers = &sc.staff[G_CARERS], *hah = &sc.staff[G_HAH];
    assert_true(team->from_hour == 8.0 && team->to_hour == 18.0);
    assert_true(team->cost_per_wte_year == 38000.0);
    assert_true(team->contracted_hours_per_week == 37.5); /* default */
    assert_int_equal(team->working_days, 0x1F);
    assert_true(reablers->contracted_hours_per_week == 37.5);
    assert_true(reablers->sickness_absence == 0.05);
    assert_true(reablers->vacancy_rate == 0.1);
    assert_true(reablers->cost_per_wte_year == 30000.0); /* an integer is a number */
    assert_true(carers->contracted_hours_per_week == 30.0);
    assert_true(carers->care_hours_per_wte_week == 25.0);
    assert_true(hah->from_hour == 0.0 && hah->to_hour == 24.0);
    assert_true(hah->wte == 0.0);

    assert_true(sc.services[ACUTE].cost_per_bed_day == 400.0);
    assert_true(sc.services[STEP_DOWN].cost_per_bed_day == 250.0);
    assert_true(sc.services[HOME_CARE].cost_per_care_hour == 22.0);
    assert_true(sc.services[HOME_CARE].cost_per_bed_day == 0.0);
    assert_true(sc.services[REABLEMENT].cost_per_bed_day == 0.0);
    assert_true(sc.services[REABLEMENT].cost_per_care_hour == 0.0);
    assert_true(sc.budget == 750000.0);
    hsc_scenario_fini(&sc);
}

/* Without the settings, staff work all day on 37.5-hour contracts with no
 * absence or vacancies, nothing costs anything, and there is no budget and
 * no option: older scenarios keep their meaning. */
static void test_defaults(void **state)
{
    (void)state;
    struct hsc_scenario sc;
    config_load_valid(system_scenario, NULL, 0, &sc);
    assert_int_equal(sc.n_staff, 3);
    for (size_t g = 0; g < sc.n_staff; g++) {
        const struct hsc_staff_group *group = &sc.staff[g];
        assert_true(group->from_hour == 0.0 && group->to_hour == 24.0);
        assert_true(group->contracted_hours_per_week == 37.5);
        assert_true(group->sickness_absence == 0.0);
        assert_true(group->vacancy_rate == 0.0);
        assert_true(group->cost_per_wte_year == 0.0);
    }
    for (size_t s = 0; s < sc.n_services; s++) {
        assert_true(sc.services[s].cost_per_bed_day == 0.0);
        assert_true(sc.services[s].cost_per_care_hour == 0.0);
    }
    assert_true(isnan(sc.budget));
    assert_int_equal(sc.n_options, 0);
    assert_null(sc.options);
    hsc_scenario_fini(&sc);
}

/* The limits are inclusive where documented so. */
static void test_limits(void **state)
{
    (void)state;
    const struct hsc_override ovs[] = {
        {"staff.team.hours", "[0.0, 0.5]"},
        {"staff.reablers.sickness_absence", "0.99"},
        {"staff.reablers.vacancy_rate", "0"},
        {"staff.carers.contracted_hours_per_week", "168"},
        {"staff.carers.care_hours_per_wte_week", "168"},
        {"staff.team.cost_per_wte_year", "0"},
        {"budget", "0"},
    };
    struct hsc_scenario sc;
    config_load_valid(fund, ovs, N_OF(ovs), &sc);
    assert_true(sc.staff[G_TEAM].from_hour == 0.0 && sc.staff[G_TEAM].to_hour == 0.5);
    assert_true(sc.staff[G_REABLERS].sickness_absence == 0.99);
    assert_true(sc.staff[G_CARERS].care_hours_per_wte_week == 168.0);
    assert_true(sc.budget == 0.0);
    hsc_scenario_fini(&sc);
}

static void test_roster_rules(void **state)
{
    (void)state;
    const struct edit_case cases[] = {
        {"hours = [8.0, 18.0]", "hours = [18.0, 8.0]",
         "bad.cfg:4: staff.team.hours: must be [from, to] with from < to (got [18, 8])"},
        {"hours = [8.0, 18.0]", "hours = [8.0, 8.0]",
         "bad.cfg:4: staff.team.hours: must be [from, to] with from < to (got [8, 8])"},
        {"hours = [8.0, 18.0]", "hours = [8.0, 25.0]",
         "bad.cfg:4: staff.team.hours: must all be <= 24 (item 2 is 25)"},
        {"hours = [8.0, 18.0]", "hours = [8.0, 18.0]; standard_hours = [17.0, 9.0]",
         "bad.cfg:4: staff.team.standard_hours: must be [from, to] with from < to (got [17, 9])"},
        {"hours = [8.0, 18.0]", "hours = [8.0, 18.0]; out_of_hours_enhancement = -0.1",
         "bad.cfg:4: staff.team.out_of_hours_enhancement: must be >= 0 (got -0.1)"},
        {"hours = [8.0, 18.0]", "hours = [-1.0, 18.0]",
         "bad.cfg:4: staff.team.hours: must all be >= 0 (item 1 is -1)"},
        {"hours = [8.0, 18.0]", "hours = [8.0]",
         "bad.cfg:4: staff.team.hours: must have 2 numbers, from and to (got 1)"},
        {"care_hours_per_wte_week = 25.0;", "care_hours_per_wte_week = 31.5;",
         "bad.cfg:6: staff.carers.care_hours_per_wte_week: must not exceed "
         "contracted_hours_per_week (got 31.5, contracted_hours_per_week is 30)"},
        {"contracted_hours_per_week = 30.0;", "contracted_hours_per_week = 0;",
         "bad.cfg:6: staff.carers.contracted_hours_per_week: must be > 0 (got 0)"},
        {"contracted_hours_per_week = 30.0;", "contracted_hours_per_week = 169;",
         "bad.cfg:6: staff.carers.contracted_hours_per_week: must be <= 168 (got 169)"},
        {"sickness_absence = 0.05;", "sickness_absence = 1.0;",
         "bad.cfg:5: staff.reablers.sickness_absence: must be <= 0.99 (got 1)"},
        {"sickness_absence = 0.05;", "sickness_absence = -0.05;",
         "bad.cfg:5: staff.reablers.sickness_absence: must be >= 0 (got -0.05)"},
        {"vacancy_rate = 0.1;", "vacancy_rate = 1.5;",
         "bad.cfg:5: staff.reablers.vacancy_rate: must be <= 0.99 (got 1.5)"},
        {"vacancy_rate = 0.1;", "vacancy_rate = \"10%\";",
         "bad.cfg:5: staff.reablers.vacancy_rate: expected a number (got a string)"},
        {"cost_per_wte_year = 38000.0;", "cost_per_wte_year = -38000.0;",
         "bad.cfg:4: staff.team.cost_per_wte_year: must be >= 0 (got -38000)"},
        {"hours = [8.0, 18.0];", "hour = [8.0, 18.0];",
         "bad.cfg:4: staff.team.hour: unknown setting (did you mean \"hours\"?)"},
    };
    expect_edit_errors(cases, N_OF(cases));
}

/* The default contracted hours (37.5) bound the care hours too. */
static void test_care_hours_default_contract(void **state)
{
    (void)state;
    const struct hsc_override ovs[] = {{"staff.reablers.care_hours_per_wte_week", "40"}};
    const char *const expected[] = {
        "(command line): staff.reablers.care_hours_per_wte_week: must not exceed "
        "contracted_hours_per_week (got 40, contracted_hours_per_week is 37.5)"};
    char *text = edited("contracted_hours_per_week = 37.5; ", "");
    const char *const by_default[] = {
        "(command line): staff.reablers.care_hours_per_wte_week: must not exceed "
        "contracted_hours_per_week (got 40, contracted_hours_per_week is 37.5 by default)"};
    config_expect_errors(fund, ovs, N_OF(ovs), expected, N_OF(expected));
    config_expect_errors(text, ovs, N_OF(ovs), by_default, N_OF(by_default));
    free(text);

    /* Wrong contracted hours are reported once, not again at the care hours. */
    text = edited("contracted_hours_per_week = 30.0;", "contracted_hours_per_week = -1;");
    const char *const once[] = {
        "bad.cfg:6: staff.carers.contracted_hours_per_week: must be > 0 (got -1)"};
    config_expect_errors(text, NULL, 0, once, N_OF(once));
    free(text);
}

static void test_cost_rules(void **state)
{
    (void)state;
    const struct edit_case cases[] = {
        {"capacity = 100; cost_per_bed_day = 400.0;", "capacity = 100; cost_per_bed_day = -1;",
         "bad.cfg:17: services.acute.cost_per_bed_day: must be >= 0 (got -1)"},
        {"cost_per_care_hour = 22.0;", "cost_per_care_hour = -22.5;",
         "bad.cfg:26: services.home_care.cost_per_care_hour: must be >= 0 (got -22.5)"},
        {"cost_per_care_hour = 22.0;", "cost_per_care_hour = 1e999;",
         "bad.cfg:26: services.home_care.cost_per_care_hour: must be finite (got inf)"},
        {"caseload_per_wte = 1.5;", "caseload_per_wte = 1.5; cost_per_bed_day = 100.0;",
         "bad.cfg:24: services.reablement.cost_per_bed_day: not allowed for kind \"caseload\" "
         "(only kind \"beds\" has it; a caseload service is costed through its staff group's "
         "cost_per_wte_year, an hours service by cost_per_care_hour)"},
        {"cost_per_care_hour = 22.0;", "cost_per_bed_day = 22.0;",
         "bad.cfg:26: services.home_care.cost_per_bed_day: not allowed for kind \"hours\" "
         "(only kind \"beds\" has it; a caseload service is costed through its staff group's "
         "cost_per_wte_year, an hours service by cost_per_care_hour)"},
        {"capacity = 36; cost_per_bed_day = 250;", "capacity = 36; cost_per_care_hour = 250;",
         "bad.cfg:21: services.step_down.cost_per_care_hour: not allowed for kind \"beds\" "
         "(only kind \"hours\" has it; a bed service is costed by cost_per_bed_day, a caseload "
         "service through its staff group's cost_per_wte_year)"},
        {"budget = 750000.0;", "budget = -1.0;", "bad.cfg:2: budget: must be >= 0 (got -1)"},
        {"budget = 750000.0;", "budget = \"750k\";",
         "bad.cfg:2: budget: expected a number or a group (got a string)"},
        {"budget = 750000.0;", "budget = { annual = 5e5; committed = 6e5; };",
         "bad.cfg:2: budget.committed: must be <= budget.annual (500000) (got 600000)"},
        {"budget = 750000.0;", "budget = { committed = 6e5; };",
         "bad.cfg:2: budget.annual: missing (expected a number 0..1000000000000)"},
        {"capacity = 36; cost_per_bed_day = 250;",
         "capacity = 36; cost_per_bed_day = 250; payment = \"spot\";",
         "bad.cfg:21: services.step_down.payment: unknown payment \"spot\" (expected one of: "
         "per_occupied_bed_day, block, not_cash)"},
        {"cost_per_care_hour = 22.0;", "cost_per_care_hour = 22.0; value_per_bed_day = 1;",
         "bad.cfg:26: services.home_care.value_per_bed_day: not allowed for kind \"hours\" "
         "(only kind \"beds\" has it: only bed-days are released as capacity)"},
    };
    expect_edit_errors(cases, N_OF(cases));
}

/* The two ledgers' settings: the acute role's beds are not cash unless
 * stated, other bed services are paid per occupied bed-day, a freed
 * bed-day is worth its cost unless stated, fixed costs default to 0, and a
 * budget group states committed money. */
static void test_ledger_settings(void **state)
{
    (void)state;
    struct hsc_scenario sc;
    config_load_valid(fund, NULL, 0, &sc);
    assert_int_equal(sc.services[ACUTE].payment, HSC_PAY_NOT_CASH);
    assert_int_equal(sc.services[STEP_DOWN].payment, HSC_PAY_PER_OCCUPIED_BED_DAY);
    assert_true(sc.services[ACUTE].value_per_bed_day == 400.0);
    assert_true(sc.services[STEP_DOWN].fixed_cost_per_year == 0.0);
    assert_true(sc.budget_committed == 0.0);
    assert_true(sc.staff[G_TEAM].out_of_hours_enhancement == 0.0);
    assert_true(sc.staff[G_TEAM].standard_from == 9.0 && sc.staff[G_TEAM].standard_to == 17.0);
    hsc_scenario_fini(&sc);

    char *staffed = edited("hours = [8.0, 18.0]", "hours = [8.0, 18.0]; "
                           "out_of_hours_enhancement = 0.3; standard_hours = [7.0, 20.0]");
    config_load_valid(staffed, NULL, 0, &sc);
    free(staffed);
    assert_true(sc.staff[G_TEAM].out_of_hours_enhancement == 0.3);
    assert_true(sc.staff[G_TEAM].standard_from == 7.0 && sc.staff[G_TEAM].standard_to == 20.0);
    hsc_scenario_fini(&sc);

    char *once = edited("capacity = 36; cost_per_bed_day = 250;",
                        "capacity = 36; cost_per_bed_day = 250; payment = \"block\"; "
                        "value_per_bed_day = 90; fixed_cost_per_year = 12000;");
    char *twice = config_edited(once, "budget = 750000.0;",
                                "budget = { annual = 7.76e6; committed = 5.6e6; };");
    config_load_valid(twice, NULL, 0, &sc);
    free(once);
    free(twice);
    assert_int_equal(sc.services[STEP_DOWN].payment, HSC_PAY_BLOCK);
    assert_true(sc.services[STEP_DOWN].value_per_bed_day == 90.0);
    assert_true(sc.services[STEP_DOWN].fixed_cost_per_year == 12000.0);
    assert_true(sc.budget == 7.76e6);
    assert_true(sc.budget_committed == 5.6e6);
    hsc_scenario_fini(&sc);
}

/* --set reaches every new setting, and creates those the file leaves out. */
static void test_set_reaches_settings(void **state)
{
    (void)state;
    const struct hsc_override ovs[] = {
        {"staff.team.hours", "[7, 19.5]"},
        {"staff.team.contracted_hours_per_week", "40"},
        {"staff.team.sickness_absence", "0.04"},
        {"staff.team.vacancy_rate", "0.08"},
        {"staff.team.cost_per_wte_year", "41000"},
        {"services.acute.cost_per_bed_day", "420"},
        {"services.home_care.cost_per_care_hour", "23.5"},
        {"budget", "1000000"},
    };
    struct hsc_scenario sc;
    config_load_valid(fund, ovs, N_OF(ovs), &sc);
    const struct hsc_staff_group *team = &sc.staff[G_TEAM];
    assert_true(team->from_hour == 7.0 && team->to_hour == 19.5);
    assert_true(team->contracted_hours_per_week == 40.0);
    assert_true(team->sickness_absence == 0.04);
    assert_true(team->vacancy_rate == 0.08);
    assert_true(team->cost_per_wte_year == 41000.0);
    assert_true(sc.services[ACUTE].cost_per_bed_day == 420.0);
    assert_true(sc.services[HOME_CARE].cost_per_care_hour == 23.5);
    assert_true(sc.budget == 1000000.0);
    hsc_scenario_fini(&sc);

    /* Created where the file has none. */
    const struct hsc_override created[] = {
        {"staff.discharge_team.hours", "[9, 17]"},
        {"staff.home_care.vacancy_rate", "0.1"},
        {"services.care_home.cost_per_bed_day", "120"},
        {"budget", "5e5"},
    };
    config_load_valid(system_scenario, created, N_OF(created), &sc);
    assert_true(sc.staff[0].from_hour == 9.0 && sc.staff[0].to_hour == 17.0);
    assert_true(sc.staff[2].vacancy_rate == 0.1);
    assert_true(sc.services[5].cost_per_bed_day == 120.0);
    assert_true(sc.budget == 500000.0);
    hsc_scenario_fini(&sc);

    const struct hsc_override bad[] = {{"staff.team.hours", "[18, 8]"},
                                       {"budget", "-5"}};
    const char *const errors[] = {
        "(command line): staff.team.hours: must be [from, to] with from < to (got [18, 8])",
        "(command line): budget: must be >= 0 (got -5)",
    };
    config_expect_errors(fund, bad, N_OF(bad), errors, N_OF(errors));
}

/* The resolved text keeps every new setting. */
static void test_resolved_text_round_trip(void **state)
{
    (void)state;
    struct hsc_scenario first, second;
    config_load_valid(fund, NULL, 0, &first);
    config_load_valid(first.resolved_text, NULL, 0, &second);
    assert_string_equal(first.resolved_text, second.resolved_text);
    assert_true(second.staff[G_TEAM].from_hour == 8.0);
    assert_true(second.staff[G_REABLERS].vacancy_rate == 0.1);
    assert_true(second.services[HOME_CARE].cost_per_care_hour == 22.0);
    assert_true(second.budget == 750000.0);
    assert_int_equal(second.n_options, 3);
    hsc_scenario_fini(&first);
    hsc_scenario_fini(&second);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_full_example),
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_roster_rules),
        cmocka_unit_test(test_care_hours_default_contract),
        cmocka_unit_test(test_cost_rules),
        cmocka_unit_test(test_ledger_settings),
        cmocka_unit_test(test_set_reaches_settings),
        cmocka_unit_test(test_resolved_text_round_trip),
    };
    return cmocka_run_group_tests(tests, config_tmp_setup, config_tmp_teardown);
}
