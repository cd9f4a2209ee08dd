/*
 * Unit costs, exactly: a four-week deterministic scenario (electives, fixed
 * stays, fixed home-care packages, staff with absence and vacancies) whose
 * bed-days, care hours and staff pay are worked out by hand; the bed-days are
 * also recounted from the per-person trace, and every cost KPI must match its
 * exact value within 1e-9 relative. (Pay under absence over a longer run:
 * test_rosters.c.)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "support/assert_near.h"
#include "support/model_support.h"
#include "unit/model/trace_reading.h"

/* ------------------------------------------------------------------------
 * Costs, exactly. Four weeks from Wednesday 2026-04-01 (days 0..27: 20
 * weekdays, the last, day 27, a Tuesday), no randomness that matters:
 * - cohort p: 2 electives each weekday at 08:00, treated 12 hours, ready at
 *   20:00, home at the next 08:00 (discharge hours 8-18, weekends
 *   included): in the bed [d + 1/3, d + 4/3), delayed [d + 5/6, d + 4/3);
 * - cohort q: 1 elective each weekday, ready at 20:00 and straight to
 *   step-down (no assessment service), there exactly 3 days;
 * - home care: 3 initial clients of 10 hours a week who stay all period
 *   (remaining stays uniform on [0, 10^6] days; the test checks it);
 * - a reablement team nobody is sent to, with absence and vacancies.
 *
 * Acute bed-days: p 2 x 19 x 1 + 2 x 2/3 (day 27's pair, cut at 28) =
 * 118/3; q 20 x 1/2 = 10: 148/3 in all, x £400 = £19,733.33.
 * Delayed bed-days: p 2 x 19 x 1/2 + 2 x 1/6 = 58/3, x £400 = £7,733.33.
 * Step-down: 18 full stays of 3 days, and those from Monday 26 (to 28:
 * 7/6) and Tuesday 27 (1/6): 166/3 bed-days x £150 = £8,300.
 * Home care: 30 hours a week x 28/7 weeks = 120 hours x £20 = £2,400.
 * Carers: 4 WTE, 25% vacant: 3 filled x £36,525 x 28/365.25 = £8,400.
 * Team: 5 WTE, 20% vacant: 4 filled x £73,050 x 28/365.25 = £22,400
 * (sickness absence does not change pay).
 * cost_total = 19,733.33 + 8,300 + 2,400 + 0 (reablement) + 8,400 + 22,400
 *            = £61,233.33.
 * ------------------------------------------------------------------------ */
/* The four-week scenario below: staff group team gets extra settings,
 * cohort q its electives per weekday, acute and step_down extra settings. */
static const char costs_fmt[] =
    "name = \"costs\";\n"
    "run = { replications = 1; seed = 1; start_date = \"2026-04-01\"; measure_days = 28.0; };\n"
    "staff = {\n"
    "  carers = { wte = 4.0; vacancy_rate = 0.25; care_hours_per_wte_week = 25.0;\n"
    "             cost_per_wte_year = 36525.0; };\n"
    "  team = { wte = 5.0; vacancy_rate = 0.2; sickness_absence = 0.3;\n"
    "           cost_per_wte_year = 73050.0;%s };\n"
    "};\n"
    "cohorts = {\n"
    "  p = { electives_per_weekday = [2, 2, 2, 2, 2, 0, 0];\n"
    "        elective_duration = { dist = \"fixed\"; value = 0.5; }; };\n"
    "  q = { electives_per_weekday = %s;\n"
    "        elective_duration = { dist = \"fixed\"; value = 0.5; };\n"
    "        discharge = { step_down = 1.0; }; };\n"
    "};\n"
    "services = {\n"
    "  acute = { kind = \"beds\"; role = \"acute\"; capacity = 6; cost_per_bed_day = 400.0;%s\n"
    "    duration = { default = { dist = \"fixed\"; value = 1.0; }; };\n"
    "    discharge_hours = [8.0, 18.0]; };\n"
    "  step_down = { kind = \"beds\"; role = \"step_down\"; capacity = 10;\n"
    "    cost_per_bed_day = 150.0;%s\n"
    "    duration = { default = { dist = \"fixed\"; value = 3.0; }; };\n"
    "    exits = { default = { home = 1.0; }; }; };\n"
    "  home_care = { kind = \"hours\"; role = \"home_care\"; staff = \"carers\";\n"
    "    cost_per_care_hour = 20.0;\n"
    "    hours = { default = { dist = \"fixed\"; value = 10.0; }; };\n"
    "    duration = { default = { dist = \"fixed\"; value = 1000000.0; }; };\n"
    "    exits = { default = { home = 1.0; }; }; initial = { p = 3; }; };\n"
    "  reablement = { kind = \"caseload\"; role = \"reablement\"; staff = \"team\";\n"
    "    caseload_per_wte = 2.0;\n"
    "    duration = { default = { dist = \"fixed\"; value = 10.0; }; };\n"
    "    exits = { default = { home = 1.0; }; }; };\n"
    "};\n";

/* Runs costs_fmt, traced, with the given additions. */
static void run_costs_staffed(struct hsc_results *res, const char *team, const char *acute,
                              const char *step_down, const char *q_electives)
{
    char text[4096];
    int n = snprintf(text, sizeof text, costs_fmt, team, q_electives, acute, step_down);
    assert_true(n > 0 && (size_t)n < sizeof text);
    run_traced(res, text);
}

static void run_costs(struct hsc_results *res, const char *acute, const char *step_down,
                      const char *q_electives)
{
    run_costs_staffed(res, "", acute, step_down, q_electives);
}

static void costs_exact(void **state)
{
    (void)state;
    struct hsc_results res;
    run_costs(&res, "", "", "[1, 1, 1, 1, 1, 0, 0]");
    /* The assumptions of the hand calculation. */
    assert_true(kpi(&res, "elective_admissions") == 60.0);
    assert_true(kpi(&res, "elective_cancellations") == 0.0);
    assert_true(kpi(&res, "admissions.service.step_down") == 20.0);
    for (size_t d = 0; d < res.n_days; d++)
        assert_true(occupancy_on(&res, "home_care", d) == 3.0f);
    assert_near(kpi(&res, "hours_committed_mean.service.home_care"), 30.0, 1e-12);
    /* ... and the bed-days they give, recounted from the trace. */
    const struct hsc_trace *trace = trace_of(&res);
    const double acute_days = 148.0 / 3.0, delayed = 58.0 / 3.0, step_days = 166.0 / 3.0;
    assert_near(place_days(trace, service_index(&res, "acute"), 0.0, 28.0), acute_days, 1e-9);
    assert_near(place_days(trace, service_index(&res, "step_down"), 0.0, 28.0), step_days, 1e-9);
    assert_near(place_days(trace, service_index(&res, "home_care"), 0.0, 28.0), 3.0 * 28.0, 1e-9);
    assert_near(kpi(&res, "delayed_bed_days"), delayed, 1e-9);
    assert_near(kpi(&res, "occupancy_mean.service.acute") * 28.0, acute_days, 1e-9);

    /* The costs: each within 1e-9 of its exact value relative (the
     * time-weighted means are sums of floating-point products). */
    const double acute_cost = 400.0 * acute_days, step_cost = 150.0 * step_days;
    const double care_cost = 20.0 * 30.0 * 28.0 / 7.0;
    const double carers = 36525.0 * 3.0 * 28.0 / 365.25, team = 73050.0 * 4.0 * 28.0 / 365.25;
    assert_near(carers, 8400.0, 1e-9);
    assert_near(team, 22400.0, 1e-9);
    assert_near(kpi(&res, "cost_total.service.acute"), acute_cost, 1e-9 * acute_cost);
    assert_near(kpi(&res, "cost_total.service.step_down"), step_cost, 1e-9 * step_cost);
    assert_near(kpi(&res, "cost_total.service.home_care"), care_cost, 1e-9 * care_cost);
    assert_true(kpi(&res, "cost_total.service.reablement") == 0.0);
    assert_near(kpi(&res, "cost_total.staff.carers"), carers, 1e-9 * carers);
    assert_near(kpi(&res, "cost_total.staff.team"), team, 1e-9 * team);
    const double total = acute_cost + step_cost + care_cost + carers + team;
    assert_near(total, 61233.0 + 1.0 / 3.0, 1e-6);
    assert_near(kpi(&res, "cost_total"), total, 1e-9 * total);
    assert_near(kpi(&res, "cost_delayed_bed_days"), 400.0 * delayed, 1e-9 * 400.0 * delayed);
    /* Two ledgers, by default: acute bed-days are not cash but capacity
     * (valued at their cost); step-down is bought per occupied bed-day. */
    const double cash = total - acute_cost;
    assert_near(kpi(&res, "cost_cash_total"), cash, 1e-9 * cash);
    assert_true(kpi(&res, "cost_cash_total.service.acute") == 0.0);
    assert_near(kpi(&res, "cost_cash_total.service.step_down"), step_cost, 1e-9 * step_cost);
    assert_near(kpi(&res, "cost_cash_total.staff.team"), team, 1e-9 * team);
    assert_near(kpi(&res, "capacity_bed_days"), acute_days, 1e-9 * acute_days);
    assert_near(kpi(&res, "capacity_value"), acute_cost, 1e-9 * acute_cost);
    hsc_results_free(&res);
}

/* ------------------------------------------------------------------------
 * The ledgers by payment, exactly. The same scenario with step-down on a
 * block contract (£150 per available bed-day: 10 beds x 28 days = £42,000,
 * cash, however full), acute bed-days valued at £250 as capacity and a fixed
 * acute cost of £36,525 a year (x 28 / 365.25 = £2,800, cash). Then the same
 * with nobody sent to step-down: the block contract costs the same empty.
 * ------------------------------------------------------------------------ */
static void ledgers_by_payment(void **state)
{
    (void)state;
    const double acute_days = 148.0 / 3.0, step_days = 166.0 / 3.0, block = 150.0 * 10 * 28;
    const double fixed = 2800.0, care = 2400.0, staff = 8400.0 + 22400.0;
    static const char acute[] = " value_per_bed_day = 250.0; fixed_cost_per_year = 36525.0;";
    static const char step_down[] = " payment = \"block\";";
    struct hsc_results res;
    run_costs(&res, acute, step_down, "[1, 1, 1, 1, 1, 0, 0]");
    double cash = block + fixed + care + staff;
    double cost = 400.0 * acute_days + fixed + block + care + staff;
    assert_near(kpi(&res, "cost_cash_total.service.step_down"), block, 1e-9 * block);
    assert_near(kpi(&res, "cost_total.service.step_down"), block, 1e-9 * block);
    assert_near(kpi(&res, "cost_cash_total.service.acute"), fixed, 1e-9 * fixed);
    assert_near(kpi(&res, "cost_cash_total"), cash, 1e-9 * cash);
    assert_near(kpi(&res, "cost_total"), cost, 1e-9 * cost);
    double capacity = acute_days + step_days, value = 250.0 * acute_days + 150.0 * step_days;
    assert_near(kpi(&res, "capacity_bed_days"), capacity, 1e-9 * capacity);
    assert_near(kpi(&res, "capacity_value"), value, 1e-9 * value);
    hsc_results_free(&res);

    run_costs(&res, acute, step_down, "[0, 0, 0, 0, 0, 0, 0]");
    assert_true(kpi(&res, "admissions.service.step_down") == 0.0);
    assert_near(kpi(&res, "cost_cash_total.service.step_down"), block, 1e-9 * block);
    double empty_acute = 118.0 / 3.0; /* cohort p's bed-days alone */
    assert_near(kpi(&res, "capacity_bed_days"), empty_acute, 1e-9 * empty_acute);
    hsc_results_free(&res);
}

/* ------------------------------------------------------------------------
 * Enhanced hours, exactly. The team rostered 08:00-20:00 every day, with a
 * 50% enhancement outside the standard day 09:00-17:00 Monday to Friday:
 * weekdays 4 of 12 hours outside, weekends all 12, so 44 of 84 rostered
 * hours are enhanced and the team costs £22,400 x (1 + 0.5 x 44/84). The
 * same roster with no enhancement, or 9-to-5 on weekdays, costs £22,400:
 * 24-hour cover no longer costs the same as 9-to-5.
 * ------------------------------------------------------------------------ */
static void enhanced_hours_cost(void **state)
{
    (void)state;
    static const char q[] = "[1, 1, 1, 1, 1, 0, 0]";
    const double base = 22400.0, enhanced = base * (1.0 + 0.5 * 44.0 / 84.0);
    struct hsc_results res;
    run_costs_staffed(&res, " hours = [8.0, 20.0]; out_of_hours_enhancement = 0.5;", "", "", q);
    assert_near(kpi(&res, "cost_total.staff.team"), enhanced, 1e-9 * enhanced);
    assert_near(kpi(&res, "cost_cash_total.staff.team"), enhanced, 1e-9 * enhanced);
    hsc_results_free(&res);
    run_costs_staffed(&res, " hours = [8.0, 20.0];", "", "", q);
    assert_near(kpi(&res, "cost_total.staff.team"), base, 1e-9 * base);
    hsc_results_free(&res);
    run_costs_staffed(&res, " hours = [9.0, 17.0]; working_days = \"Mon-Fri\"; "
                            "out_of_hours_enhancement = 0.5;", "", "", q);
    assert_near(kpi(&res, "cost_total.staff.team"), base, 1e-9 * base);
    hsc_results_free(&res);
    run_costs_staffed(&res, " hours = [8.0, 20.0]; out_of_hours_enhancement = 0.5; "
                            "standard_hours = [8.0, 20.0];", "", "", q);
    double weekends = base * (1.0 + 0.5 * 24.0 / 84.0);
    assert_near(kpi(&res, "cost_total.staff.team"), weekends, 1e-9 * weekends);
    hsc_results_free(&res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(costs_exact),
        cmocka_unit_test(ledgers_by_payment),
        cmocka_unit_test(enhanced_hours_cost),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
