/*
 * Behaviour tests of money and options: the unit costs (exact on a
 * deterministic case), common random numbers across scenario points, and
 * options applied as exact setting changes (rosters: test_rosters.c). Small scenarios, deterministic where the
 * rule allows (fixed stays, electives) so the expected numbers are worked out
 * by hand; every statistical tolerance is stated with its reason. Seeds are
 * fixed, so every run is reproducible.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "hscflow/compare.h"
#include "support/assert_near.h"
#include "support/run_support.h"
#include "unit/model/money_support.h"

/* ------------------------------------------------------------------------
 * 4. Costs, exactly. Four weeks from Wednesday 2026-04-01 (days 0..27: 20
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
static void costs_exact(void **state)
{
    (void)state;
    struct hsc_results res;
    run_traced(&res,
               "name = \"costs\";\n"
               "run = { replications = 1; seed = 1; start_date = \"2026-04-01\"; measure_days = 28.0; };\n"
               "staff = {\n"
               "  carers = { wte = 4.0; vacancy_rate = 0.25; care_hours_per_wte_week = 25.0;\n"
               "             cost_per_wte_year = 36525.0; };\n"
               "  team = { wte = 5.0; vacancy_rate = 0.2; sickness_absence = 0.3;\n"
               "           cost_per_wte_year = 73050.0; };\n"
               "};\n"
               "cohorts = {\n"
               "  p = { electives_per_weekday = [2, 2, 2, 2, 2, 0, 0];\n"
               "        elective_duration = { dist = \"fixed\"; value = 0.5; }; };\n"
               "  q = { electives_per_weekday = [1, 1, 1, 1, 1, 0, 0];\n"
               "        elective_duration = { dist = \"fixed\"; value = 0.5; };\n"
               "        discharge = { step_down = 1.0; }; };\n"
               "};\n"
               "services = {\n"
               "  acute = { kind = \"beds\"; role = \"acute\"; capacity = 6; cost_per_bed_day = 400.0;\n"
               "    duration = { default = { dist = \"fixed\"; value = 1.0; }; };\n"
               "    discharge_hours = [8.0, 18.0]; };\n"
               "  step_down = { kind = \"beds\"; role = \"step_down\"; capacity = 10;\n"
               "    cost_per_bed_day = 150.0;\n"
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
               "};\n");
    /* The assumptions of the hand calculation. */
    assert_true(kpi(&res, "elective_admissions") == 60.0);
    assert_true(kpi(&res, "elective_cancellations") == 0.0);
    assert_true(kpi(&res, "admissions.service.step_down") == 20.0);
    for (size_t d = 0; d < res.n_days; d++)
        assert_true(occupancy_on(&res, "home_care", d) == 3.0f);
    assert_near(kpi(&res, "hours_committed_mean.service.home_care"), 30.0, 1e-12);
    /* ... and the bed-days they give, recounted from the trace. */
    const struct hsc_trace *trace = &res.traces[0];
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
    hsc_results_free(&res);
}

/* ------------------------------------------------------------------------
 * 5. Common random numbers. A base with 14 step-down beds and a point with
 * 16, run together by hsc_exec_run_points (same seed, 10 replications).
 * Step-down is offered 3 x 0.4 = 1.2 people a day for 10 days: 12 beds' worth.
 * Acute beds are plentiful (60 for ~12 + delays in use), so nobody waits
 * for one and both points see the same presentations, treatment stays and
 * pathways replication by replication: their emergency admissions and
 * ready-for-discharge counts are equal pair by pair, which independent
 * streams would not give.
 *
 * Then the intervals of the difference B - A, on the same 10 + 10 values:
 * with correlation rho between the points' values, the paired half-width
 * over Welch's is about sqrt((va + vb - 2 rho sqrt(va vb)) / (va + vb)) x
 * t(0.975, 9) / t(0.975, ~18) (2.262 / 2.101 = 1.08): above 1 with
 * independent streams (rho = 0), small when rho is near 1.
 * - step-down occupancy changes little with 2 more beds (its mean moves
 *   from about 12.1 to 12.2), so rho is near 1: paired below a third of
 *   Welch (seed 2024 gives 0.17; seeds 1-3 gave 0.07-0.23);
 * - delayed bed-days fall by about three quarters (268 to 72), so the
 *   difference keeps much of the base's own variance (were b's sd half of
 *   a's, even rho = 1 would leave 0.45 x 1.08): paired below 0.8 of Welch
 *   (seed 2024 gives 0.62; seeds 1-3 gave 0.52-0.63), where independent
 *   streams give about 1.08.
 * ------------------------------------------------------------------------ */
static const char *crn_text =
    "name = \"crn\";\n"
    "run = { seed = 2024; replications = 10; warmup_days = 30.0; measure_days = 150.0; };\n"
    "cohorts = { x = { emergency_per_day = 3.0; discharge = { home = 0.6; step_down = 0.4; }; }; };\n"
    "services = {\n"
    "  acute = { kind = \"beds\"; role = \"acute\"; capacity = 60;\n"
    "    duration = { x = { dist = \"exponential\"; mean = 4.0; }; }; };\n"
    "  step_down = { kind = \"beds\"; role = \"step_down\"; capacity = 14;\n"
    "    duration = { x = { dist = \"exponential\"; mean = 10.0; }; };\n"
    "    exits = { x = { home = 1.0; }; }; };\n"
    "};\n";

/* Paired and Welch intervals of KPI `name`, point 1 - point 0. Returns the
 * ratio of their half-widths; *paired receives the paired difference. */
static double ci_ratio(const struct hsc_results *res, const char *name,
                       struct hsc_difference *paired)
{
    double a[10], b[10];
    for (size_t r = 0; r < 10; r++) {
        a[r] = point_value(res, 0, r, name);
        b[r] = point_value(res, 1, r, name);
    }
    struct hsc_difference welch;
    hsc_compare_paired(a, b, 10, paired);
    hsc_compare_welch(a, 10, b, 10, &welch);
    assert_near(paired->diff, welch.diff, 1e-9 * fabs(welch.diff));
    return (paired->ci_high - paired->ci_low) / (welch.ci_high - welch.ci_low);
}

static void common_random_numbers(void **state)
{
    (void)state;
    struct hsc_scenario base, plus;
    struct hsc_override more = {"services.step_down.capacity", "16"};
    support_load(&base, NULL, 0, "%s", crn_text);
    support_load(&plus, &more, 1, "%s", crn_text);
    const struct hsc_exec_point points[2] = {
        {.sc = &base, .name = "baseline", .overrides = ""},
        {.sc = &plus, .name = "plus_2", .overrides = "services.step_down.capacity=16"},
    };
    struct hsc_exec_options opts = {.threads = 2, .progress = false};
    struct hsc_results res;
    struct hsc_error err = {0};
    if (hsc_exec_run_points(points, 2, &opts, &res, &err) != 0) {
        char buf[1024];
        hsc_error_format(&err, buf, sizeof buf);
        fail_msg("run failed: %s", buf);
    }
    assert_int_equal(res.n_points, 2);
    assert_int_equal(res.n_reps, 10);
    for (size_t r = 0; r < 10; r++) {
        assert_true(point_value(&res, 0, r, "ed_boarding_hours_mean") == 0.0);
        assert_true(point_value(&res, 1, r, "ed_boarding_hours_mean") == 0.0);
        assert_true(point_value(&res, 0, r, "emergency_admissions") ==
                    point_value(&res, 1, r, "emergency_admissions"));
        assert_true(point_value(&res, 0, r, "ready_for_discharge") ==
                    point_value(&res, 1, r, "ready_for_discharge"));
    }
    /* ... while replications differ (Poisson counts of ~450). */
    assert_true(point_value(&res, 0, 0, "emergency_admissions") !=
                point_value(&res, 0, 1, "emergency_admissions"));
    assert_int_equal(hsc_compare_choose(base.run.seed, plus.run.seed, 10), HSC_COMPARE_PAIRED);

    struct hsc_difference paired;
    double ratio = ci_ratio(&res, "occupancy_mean.service.step_down", &paired);
    if (!(ratio < 1.0 / 3.0))
        fail_msg("step-down occupancy: paired CI half-width / Welch's = %.3f, expected < 1/3",
                 ratio);
    ratio = ci_ratio(&res, "delayed_bed_days", &paired);
    if (!(ratio < 0.8))
        fail_msg("delayed bed-days: paired CI half-width / Welch's = %.3f, expected < 0.8", ratio);
    /* Two more beds cut the delays: the paired interval lies below zero. */
    assert_true(paired.ci_high < 0.0);
    hsc_results_free(&res);
    hsc_scenario_fini(&base);
    hsc_scenario_fini(&plus);
}

/* ------------------------------------------------------------------------
 * 6. Options. A base with two options; each option's scenario must be the
 * base with exactly its changes applied (later changes winning), no options
 * of its own, and everything else (name, run settings, budget, every other
 * setting) equal to the base.
 * ------------------------------------------------------------------------ */
static const char *options_text =
    "name = \"opts\";\n"
    "run = { seed = 7; replications = 2; warmup_days = 3.0; measure_days = 30.0;\n"
    "        start_date = \"2026-04-01\"; };\n"
    "budget = 100000.0;\n"
    "staff = { team = { wte = 4.0; working_days = \"Mon-Fri\"; hours = [8.0, 18.0];\n"
    "                   cost_per_wte_year = 40000.0; }; };\n"
    "cohorts = { x = { emergency_per_day = 2.0; discharge = { home = 0.5; step_down = 0.5; }; }; };\n"
    "services = {\n"
    "  acute = { kind = \"beds\"; role = \"acute\"; capacity = 20; cost_per_bed_day = 400.0;\n"
    "    duration = { x = { dist = \"exponential\"; mean = 4.0; }; }; };\n"
    "  team = { kind = \"caseload\"; role = \"assessment\"; staff = \"team\"; caseload_per_wte = 2.0;\n"
    "    duration = { x = { dist = \"fixed\"; value = 0.5; }; }; };\n"
    "  step_down = { kind = \"beds\"; role = \"step_down\"; capacity = 10; cost_per_bed_day = 150.0;\n"
    "    duration = { x = { dist = \"exponential\"; mean = 10.0; }; };\n"
    "    exits = { x = { home = 1.0; }; }; };\n"
    "};\n"
    "options = {\n"
    "  more_beds = {\n"
    "    description = \"2 more step-down beds\";\n"
    "    changes = [\"services.step_down.capacity=11\", \"services.step_down.capacity=12\"];\n"
    "    one_off_cost = 1000.0; lifetime_years = 2.0; recurring_cost = 500.0;\n"
    "  };\n"
    "  seven_day = {\n"
    "    changes = [\"staff.team.working_days=Mon-Sun\", \"staff.team.wte=5.5\"];\n"
    "  };\n"
    "};\n";


/* The lines of a resolved scenario, in one owned buffer. */
struct lines {
    char *buf;
    char **line;
    size_t n;
};

/* Splits `text` into lines, leaving out the top-level `options` group (from
 * its "options = {" line to the "};" that closes it, which the resolved
 * text writes unindented). */
static void lines_without_options(const char *text, struct lines *out)
{
    out->buf = strdup(text);
    assert_non_null(out->buf);
    size_t cap = 1;
    for (const char *c = text; *c; c++)
        cap += *c == '\n';
    out->line = calloc(cap, sizeof *out->line);
    assert_non_null(out->line);
    out->n = 0;
    bool in_options = false;
    char *save = NULL;
    for (char *line = strtok_r(out->buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (strcmp(line, "options = {") == 0)
            in_options = true;
        else if (!in_options)
            out->line[out->n++] = line;
        else if (strcmp(line, "};") == 0)
            in_options = false;
    }
    assert_false(in_options);
}

static void lines_fini(struct lines *lines)
{
    free(lines->line);
    free(lines->buf);
}

/* The base's and the option's resolved texts agree line by line, apart
 * from the base's options group and exactly the lines listed: changed[i]
 * is the option's line where the base has base_line[i]. */
static void texts_differ_only_by(const char *base_text, const char *option_text,
                                 const char *const *base_line, const char *const *changed,
                                 size_t n_changed)
{
    struct lines base, option;
    lines_without_options(base_text, &base);
    lines_without_options(option_text, &option);
    assert_int_equal(base.n, option.n);
    size_t found = 0;
    for (size_t i = 0; i < base.n; i++) {
        if (strcmp(base.line[i], option.line[i]) == 0)
            continue;
        bool expected = false;
        for (size_t k = 0; k < n_changed && !expected; k++)
            expected = strcmp(base.line[i], base_line[k]) == 0 &&
                       strcmp(option.line[i], changed[k]) == 0;
        if (!expected)
            fail_msg("line %zu differs beyond the option's changes:\n  base:   %s\n"
                     "  option: %s", i + 1, base.line[i], option.line[i]);
        found++;
    }
    assert_int_equal(found, n_changed);
    lines_fini(&base);
    lines_fini(&option);
}

/* Settings that no option here changes, equal in both scenarios. */
static void same_unchanged_settings(const struct hsc_scenario *base,
                                    const struct hsc_scenario *opt)
{
    assert_string_equal(opt->name, base->name);
    assert_true(opt->run.seed == base->run.seed);
    assert_true(opt->run.replications == base->run.replications);
    assert_true(opt->run.warmup_days == base->run.warmup_days);
    assert_true(opt->run.measure_days == base->run.measure_days);
    assert_true(opt->budget == base->budget);
    assert_int_equal(opt->n_options, 0);
    assert_int_equal(opt->n_staff, base->n_staff);
    assert_int_equal(opt->n_services, base->n_services);
    assert_int_equal(opt->n_cohorts, base->n_cohorts);
    assert_true(opt->staff[0].from_hour == base->staff[0].from_hour);
    assert_true(opt->staff[0].to_hour == base->staff[0].to_hour);
    assert_true(opt->staff[0].cost_per_wte_year == base->staff[0].cost_per_wte_year);
    assert_true(opt->cohorts[0].emergency_per_day[0] == base->cohorts[0].emergency_per_day[0]);
    for (size_t s = 0; s < base->n_services; s++) {
        assert_string_equal(opt->services[s].name, base->services[s].name);
        assert_true(opt->services[s].cost_per_bed_day == base->services[s].cost_per_bed_day);
        assert_true(opt->services[s].caseload_per_wte == base->services[s].caseload_per_wte);
    }
}

static void load_option(const char *path, const struct hsc_override *ov, size_t n_ov,
                        const struct hsc_option *option, struct hsc_scenario *sc)
{
    struct hsc_errors errs;
    hsc_errors_init(&errs, 0);
    if (hsc_scenario_load_option(path, ov, n_ov, option, sc, &errs) != 0) {
        hsc_errors_print(&errs, stderr);
        fail_msg("option %s does not load", option->name);
    }
    hsc_errors_fini(&errs);
}

static void options_change_exactly_their_settings(void **state)
{
    (void)state;
    char *path = support_write_scenario(options_text);
    struct hsc_errors errs;
    hsc_errors_init(&errs, 0);
    struct hsc_scenario base;
    if (hsc_scenario_load(path, NULL, 0, &base, &errs) != 0) {
        hsc_errors_print(&errs, stderr);
        fail_msg("the options scenario does not load");
    }
    hsc_errors_fini(&errs);
    assert_int_equal(base.n_options, 2);
    const struct hsc_option *more_beds = &base.options[0], *seven_day = &base.options[1];
    assert_string_equal(more_beds->name, "more_beds");
    assert_string_equal(more_beds->description, "2 more step-down beds");
    assert_int_equal(more_beds->n_changes, 2);
    assert_string_equal(more_beds->changes[1], "services.step_down.capacity=12");
    assert_true(more_beds->one_off_cost == 1000.0 && more_beds->lifetime_years == 2.0 &&
                more_beds->recurring_cost == 500.0);
    assert_string_equal(seven_day->description, "");
    assert_true(seven_day->lifetime_years == 1.0 && seven_day->one_off_cost == 0.0);
    long step_down = hsc_scenario_find_service(&base, "step_down");
    assert_true(step_down >= 0);
    assert_true(base.services[step_down].capacity == 10);
    assert_true(base.staff[0].working_days == 0x1Fu && base.staff[0].wte == 4.0);

    /* more_beds: the later of its two changes wins; nothing else moves. */
    struct hsc_scenario opt;
    load_option(path, NULL, 0, more_beds, &opt);
    assert_true(opt.services[step_down].capacity == 12);
    assert_true(opt.staff[0].working_days == base.staff[0].working_days);
    assert_true(opt.staff[0].wte == base.staff[0].wte);
    same_unchanged_settings(&base, &opt);
    const char *old_beds[] = {"    capacity = 10;"};
    const char *new_beds[] = {"    capacity = 12;"};
    texts_differ_only_by(base.resolved_text, opt.resolved_text, old_beds, new_beds, 1);
    /* Loading the option's resolved text gives the same scenario again. */
    char *again_path = support_write_scenario(opt.resolved_text);
    struct hsc_scenario again;
    hsc_errors_init(&errs, 0);
    assert_int_equal(hsc_scenario_load(again_path, NULL, 0, &again, &errs), 0);
    hsc_errors_fini(&errs);
    assert_true(again.services[step_down].capacity == 12);
    assert_int_equal(again.n_options, 0);
    assert_string_equal(again.resolved_text, opt.resolved_text);
    hsc_scenario_fini(&again);
    support_remove_scenario(again_path);
    hsc_scenario_fini(&opt);

    /* seven_day: a string and a float setting. */
    load_option(path, NULL, 0, seven_day, &opt);
    assert_true(opt.staff[0].working_days == HSC_ALL_DAYS);
    assert_true(opt.staff[0].wte == 5.5);
    assert_true(opt.services[step_down].capacity == 10);
    same_unchanged_settings(&base, &opt);
    const char *old_team[] = {"    wte = 4.0;", "    working_days = \"Mon-Fri\";"};
    const char *new_team[] = {"    wte = 5.5;", "    working_days = \"Mon-Sun\";"};
    texts_differ_only_by(base.resolved_text, opt.resolved_text, old_team, new_team, 2);
    hsc_scenario_fini(&opt);

    /* Command-line overrides come first: an option's change of the same
     * setting wins, other overrides carry into the option's scenario. */
    const struct hsc_override ov[] = {{"services.step_down.capacity", "20"}, {"run.seed", "99"}};
    load_option(path, ov, 2, more_beds, &opt);
    assert_true(opt.services[step_down].capacity == 12);
    assert_true(opt.run.seed == 99);
    hsc_scenario_fini(&opt);

    hsc_scenario_fini(&base);
    support_remove_scenario(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(costs_exact),
        cmocka_unit_test(common_random_numbers),
        cmocka_unit_test(options_change_exactly_their_settings),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
