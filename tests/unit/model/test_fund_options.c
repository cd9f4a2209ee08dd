/*
 * Transformation-fund options: each option's scenario is the base with
 * exactly its changes applied (the later of two changes to one setting
 * winning), no options of its own and every other setting equal, checked
 * field by field and line by line in the resolved text; command-line
 * overrides apply first. Scenarios are loaded, not run. (The options table
 * of `hscflow options`: tests/cli/test_options.sh.)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "support/run_support.h"

/* ------------------------------------------------------------------------
 * Options. A base with two options; each option's scenario must be the
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
        cmocka_unit_test(options_change_exactly_their_settings),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
