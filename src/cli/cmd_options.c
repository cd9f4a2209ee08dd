/*
 * `hscflow options SCENARIO [RUN FLAGS]`: runs the baseline and every
 * transformation-fund option declared in the scenario on common random
 * numbers into one results file (point 0 "baseline", then one point per
 * option) and prints what each option costs and changes. The money and the
 * statistics (docs/options.md: money compared per year, one-off costs spread
 * over the option's lifetime, paired 95% CIs of the changes) are computed by
 * hsc_appraisal_init (src/analysis/appraisal.c); this file runs the points
 * and formats the appraisal. Invariant: a cost ratio or budget verdict of a
 * point whose queues ran away (the option's or the baseline's) is never
 * printed without the warning beside it.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "hscflow/appraisal.h"
#include "hscflow/exec.h"

static const char help_text[] =
    "usage: hscflow options SCENARIO [-o OUT.h5] [-r REPS] [--seed N]\n"
    "                       [--set PATH=VALUE]... [--threads N]\n"
    "\n"
    "Runs the baseline and every option in the scenario's `options` block on common\n"
    "random numbers into one results file (default results/<scenario name>-options.h5,\n"
    "one scenario point each) and prints, per option: its cost a year, the change in\n"
    "the key KPIs with the 95% CI of the paired difference, money in two ledgers\n"
    "(cash the partnership pays; capacity released, never added to cash), the cost\n"
    "per delayed bed-day and per emergency admission avoided (only for a significant\n"
    "effect), and whether the annual net cash cost fits what remains of the budget\n"
    "once committed money is taken off. When a queue ran away in any replication of an\n"
    "option (or of the baseline), a warning names the services and every ratio and\n"
    "budget verdict it affects is marked: those figures compare gridlock, not a\n"
    "steady state. See docs/options.md.\n"
    "\n"
    "Exit status: 0 ok, 1 bad usage or scenario, 2 run-time or I/O failure.\n";

struct options_run {
    struct hsc_scenario base;
    size_t n_variants;              /* n_options + n_portfolios */
    struct hsc_scenario *variants;  /* [n_variants]: options, then portfolios */
    size_t n_loaded;
    char **overrides;               /* [1 + n_variants] */
    struct hsc_exec_point *points;  /* [1 + n_variants] */
    struct hsc_appraisal_point *appraised; /* [n_variants] */
};

static void options_run_fini(struct options_run *run)
{
    for (size_t i = 0; i < run->n_loaded; i++)
        hsc_scenario_fini(&run->variants[i]);
    for (size_t p = 0; run->overrides && p < 1 + run->n_variants; p++)
        free(run->overrides[p]);
    free(run->overrides);
    free(run->points);
    free(run->variants);
    free(run->appraised);
    hsc_scenario_fini(&run->base);
}

/* The choices of variant v: one option at its default level, or a
 * portfolio's members at theirs. Returns how many (at most n_options). */
static size_t choices_of(const struct hsc_scenario *base, size_t v, struct hsc_choice *choices)
{
    if (v < base->n_options) {
        choices[0] = (struct hsc_choice){v, hsc_option_default_level(&base->options[v])};
        return 1;
    }
    const struct hsc_portfolio *pf = &base->portfolios[v - base->n_options];
    for (size_t m = 0; m < pf->n_members; m++)
        choices[m] = (struct hsc_choice){
            pf->members[m], hsc_option_default_level(&base->options[pf->members[m]])};
    return pf->n_members;
}

/* Loads variant v's scenario and fills its point. Returns an exit status
 * (the first error printed). */
static int load_variant(const struct hsc_cli_run_flags *flags, struct options_run *run, size_t v,
                        struct hsc_choice *choices)
{
    const struct hsc_scenario *base = &run->base;
    const char *name = run->appraised[v].name;
    bool portfolio = v >= base->n_options;
    char label[256];
    snprintf(label, sizeof label, "%s.%s", portfolio ? "portfolios" : "options", name);
    size_t n = choices_of(base, v, choices);
    struct hsc_errors errs;
    hsc_errors_init(&errs, 1);
    int status = hsc_scenario_load_choices(flags->scenario, flags->overrides, flags->n_overrides,
                                           base, choices, n, label, &run->variants[v], &errs);
    if (status != 0)
        hsc_errors_print(&errs, stderr);
    hsc_errors_fini(&errs);
    if (status != 0)
        return HSC_EXIT_USAGE;
    run->n_loaded++;
    if (!(run->overrides[v + 1] = hsc_choices_text(base, choices, n)))
        return HSC_EXIT_FAILURE;
    run->points[v + 1] = (struct hsc_exec_point){&run->variants[v], name, run->overrides[v + 1]};
    return HSC_EXIT_OK;
}

/* Loads the base and one scenario per option and per portfolio (first
 * error printed). */
static int load_all(const struct hsc_cli_run_flags *flags, struct options_run *run)
{
    if (hsc_cli_load(flags, &run->base) != 0)
        return HSC_EXIT_USAGE;
    size_t n = run->base.n_options + run->base.n_portfolios;
    if (run->base.n_options == 0) {
        fprintf(stderr, "%s: declares no options (add an `options` block: see "
                        "docs/scenario-reference.md)\n", flags->scenario);
        return HSC_EXIT_USAGE;
    }
    run->n_variants = n;
    run->variants = calloc(n, sizeof *run->variants);
    run->overrides = calloc(n + 1, sizeof *run->overrides);
    run->points = calloc(n + 1, sizeof *run->points);
    run->appraised = hsc_appraisal_points_of(&run->base);
    struct hsc_choice *choices = calloc(run->base.n_options, sizeof *choices);
    int status = HSC_EXIT_FAILURE;
    if (run->variants && run->overrides && run->points && run->appraised && choices &&
        (run->overrides[0] = strdup(""))) {
        run->points[0] = (struct hsc_exec_point){&run->base, "baseline", run->overrides[0]};
        status = HSC_EXIT_OK;
        for (size_t v = 0; v < n && status == HSC_EXIT_OK; v++)
            status = load_variant(flags, run, v, choices);
    }
    free(choices);
    return status;
}

/* "£123 [£100, £150] (Fieller)" or, for NaN, "no significant effect". */
static void ratio_text(char *buf, size_t size, const struct hsc_appraisal_ratio *ratio)
{
    if (isnan(ratio->value))
        snprintf(buf, size, "no significant effect");
    else if (isnan(ratio->ci_low))
        snprintf(buf, size, "£%.0f", ratio->value);
    else
        snprintf(buf, size, "£%.0f [£%.0f, £%.0f] (Fieller)", ratio->value, ratio->ci_low,
                 ratio->ci_high);
}

/* One KPI line: the change a year (or in % points) with its 95% CI; money
 * in whole pounds. */
static void print_change(FILE *out, const char *label, const struct hsc_appraisal_change *c,
                         bool whole_pounds)
{
    char diff[32], low[32], high[32];
    if (whole_pounds) {
        /* + 0.0 after rounding: a value that rounds to zero prints 0, never -0 */
        snprintf(diff, sizeof diff, "%+.0f", round(c->diff) + 0.0);
        snprintf(low, sizeof low, "%.0f", round(c->ci_low) + 0.0);
        snprintf(high, sizeof high, "%.0f", round(c->ci_high) + 0.0);
    } else {
        hsc_cli_format_number(diff, sizeof diff, c->diff, true);
        hsc_cli_format_number(low, sizeof low, c->ci_low, false);
        hsc_cli_format_number(high, sizeof high, c->ci_high, false);
    }
    fprintf(out, "  %-36s %12s  [%s, %s]%s\n", label, diff, low, high,
            c->significant ? " *" : "");
}

/* What stands beside a ratio or budget verdict of an option whose own
 * replications or the baseline's had a runaway queue ("" when neither). */
static const char *runaway_mark(const struct hsc_appraisal *app,
                                const struct hsc_option_appraisal *oa)
{
    bool option = oa->runaway_replications > 0, baseline = app->baseline_runaway_replications > 0;
    if (option && baseline)
        return "  [not a steady state: runaway queues in this option and the baseline]";
    if (option)
        return "  [not a steady state: runaway queues in this option]";
    if (baseline)
        return "  [not a steady state: runaway queues in the baseline]";
    return "";
}

/* The option-cost line: a single option's breakdown, or a portfolio's
 * members. */
static void print_cost(FILE *out, const struct hsc_scenario *base,
                       const struct hsc_option_appraisal *oa)
{
    const struct hsc_option *option = oa->what->option;
    if (option) {
        fprintf(out, "  option cost a year: £%.0f (one-off £%.0f over %g year%s + recurring "
                     "£%.0f",
                oa->option_cost, option->one_off_cost, option->lifetime_years,
                option->lifetime_years == 1.0 ? "" : "s", option->recurring_cost);
        if (option->n_levels > 0 && option->range_cost_per_unit != 0.0)
            fprintf(out, " + £%.0f per unit of %s above %g", option->range_cost_per_unit,
                    option->range_setting, option->range_from);
        fputs(")\n", out);
        return;
    }
    fprintf(out, "  portfolio cost a year: £%.0f (the sum of its options':", oa->option_cost);
    for (size_t m = 0; m < oa->what->n_members; m++)
        fprintf(out, "%s %s", m ? "," : "", base->options[oa->what->members[m]].name);
    fputs(")\n", out);
}

/* A portfolio's effect beside the sum of its members' single effects,
 * under the change they belong to. */
static void print_overlap(FILE *out, const struct hsc_appraisal_overlap *ov, bool whole_pounds)
{
    print_change(out, "  sum of the options' single effects", &ov->sum_of_members, whole_pounds);
    print_change(out, "  overlap (portfolio - sum)", &ov->overlap, whole_pounds);
}

/* One option's or portfolio's block: its cost, the changes with CIs (and a
 * portfolio's overlap), the cost-effect ratios (negative: the option saves
 * that much per unit avoided) and the budget check, all as computed by
 * hsc_appraisal_init. When a queue ran away in the point's replications a
 * warning line comes first, and every ratio and the budget verdict carry a
 * mark when the point or the baseline had one. */
static void print_option(FILE *out, const struct hsc_scenario *base,
                         const struct hsc_appraisal *app, const struct hsc_option_appraisal *oa,
                         const struct hsc_results *res)
{
    const struct hsc_option *option = oa->what->option;
    const char *description =
        option ? option->description
               : base->portfolios[oa->point - 1 - base->n_options].description;
    const char *mark = runaway_mark(app, oa);
    fprintf(out, "\n%s%s%s%s\n  changes: %s\n", option ? "" : "portfolio ", oa->what->name,
            *description ? ": " : "", description, res->point_overrides[oa->point]);
    if (oa->runaway_replications > 0)
        hsc_cli_print_runaway_warning(out, "  warning: ", oa->runaway_replications,
                                      option ? "this option" : "this portfolio", res, oa->point,
                                      "its changes, ratios and budget verdict compare gridlock, "
                                      "not a steady state");
    print_cost(out, base, oa);
    print_change(out, "delayed bed-days a year", &oa->delayed_bed_days, false);
    if (!option)
        print_overlap(out, &oa->delayed_overlap, false);
    print_change(out, "emergency admissions a year", &oa->emergency_admissions, false);
    if (!option)
        print_overlap(out, &oa->emergency_overlap, false);
    print_change(out, "care home admissions a year", &oa->care_home_admissions, false);
    print_change(out, "discharged within 72 h (% points)", &oa->discharged_within_72h_pct, false);
    print_change(out, "at home 91 days (% points)", &oa->at_home_91d_pct, false);
    print_change(out, "cost_total a year (£, cash or not)", &oa->cost_total, true);
    print_change(out, "cost_cash_total a year (£)", &oa->cost_cash_total, true);
    if (!option)
        print_overlap(out, &oa->cash_overlap, true);
    char buf[128];
    fprintf(out, "  annual net cash cost (option + change in cost_cash_total): £%.0f "
                 "(upper 95%% limit £%.0f)\n",
            oa->net_cost, oa->net_cost_ci_high);
    fprintf(out, "  capacity released a year (not cash): %.0f bed-days [%.0f, %.0f], worth £%.0f "
                 "[%.0f, %.0f]\n",
            oa->capacity_released_bed_days, -oa->capacity_bed_days.ci_high,
            -oa->capacity_bed_days.ci_low, oa->capacity_released_value,
            -oa->capacity_value.ci_high, -oa->capacity_value.ci_low);
    ratio_text(buf, sizeof buf, &oa->cost_per_delayed_bed_day_avoided);
    fprintf(out, "  cost per delayed bed-day avoided: %s%s\n", buf, mark);
    ratio_text(buf, sizeof buf, &oa->cost_per_emergency_admission_avoided);
    fprintf(out, "  cost per emergency admission avoided: %s%s\n", buf, mark);
    if (oa->budget == HSC_APPRAISAL_NO_BUDGET)
        fprintf(out, "  budget: none set\n");
    else
        fprintf(out, "  budget £%.0f a year, £%.0f committed, £%.0f remaining: %s; at the "
                     "upper 95%% limit it %s%s\n",
                app->budget, app->committed, app->remaining,
                oa->budget == HSC_APPRAISAL_FITS ? "fits" : "does not fit",
                oa->budget_upper == HSC_APPRAISAL_FITS ? "fits" : "does not fit", mark);
}

static void print_table(FILE *out, const struct hsc_scenario *base, const struct hsc_appraisal *app,
                        const struct hsc_results *res, const char *path)
{
    fprintf(out, "%s: baseline, %zu options and %zu portfolios, %zu replications each on common "
                 "random numbers (seed %llu), %g days measured from %s\n",
            base->path, base->n_options, base->n_portfolios, res->n_reps,
            (unsigned long long)res->master_seed,
            res->measure_days, res->start_date);
    fprintf(out, "Changes are option minus baseline, mean of the paired replications, with the "
                 "95%% CI; * marks a CI that excludes zero.\n");
    if (app->baseline_runaway_replications > 0)
        hsc_cli_print_runaway_warning(out, "warning: ", app->baseline_runaway_replications,
                                      "the baseline", res, 0,
                                      "every option is compared with gridlock, not a steady "
                                      "state");
    for (size_t i = 0; i < app->n_options; i++)
        print_option(out, base, app, &app->options[i], res);
    fprintf(out, "\nwrote %s (%.1f s)\n", path, res->run.wall_seconds);
}

/* Appraises the options, adds the appraisal's /appraisal columns, then
 * writes the results file and prints the table (a failed appraisal writes
 * no file). Returns an exit status (the message
 * printed on failure). */
static int write_and_report(const struct options_run *run, struct hsc_results *res,
                            const char *output)
{
    struct hsc_appraisal app;
    struct hsc_error err = {0};
    char buf[2048];
    int status = HSC_EXIT_FAILURE;
    if (hsc_appraisal_init(&app, res, run->appraised, run->n_variants, run->base.budget,
                           run->base.budget_committed, &err) != 0) {
        hsc_error_format(&err, buf, sizeof buf);
        fprintf(stderr, "hscflow options: cannot appraise the options: %s\n", buf);
    } else {
        if (hsc_appraisal_add_columns(&app, res) != 0) {
            fputs("hscflow options: out of memory\n", stderr);
        } else if (hsc_results_write(res, output, &err) != 0) {
            hsc_error_format(&err, buf, sizeof buf);
            fprintf(stderr, "hscflow options: cannot write results: %s\n", buf);
        } else {
            print_table(stdout, &run->base, &app, res, output);
            status = HSC_EXIT_OK;
        }
        hsc_appraisal_fini(&app);
    }
    hsc_error_clear(&err);
    return status;
}

static int run_options(const struct hsc_cli_run_flags *flags, int argc, char **argv)
{
    struct options_run run = {0};
    int status = load_all(flags, &run);
    if (status != HSC_EXIT_OK) {
        if (status == HSC_EXIT_FAILURE)
            fputs("hscflow options: out of memory\n", stderr);
        options_run_fini(&run);
        return status;
    }
    char *output = flags->output ? strdup(flags->output) : hsc_cli_default_output(&run.base, "-options");
    size_t threads = flags->threads ? flags->threads : hsc_exec_cores();
    struct hsc_exec_options opts = {.threads = threads, .progress = true};
    struct hsc_results res;
    struct hsc_error err = {0};
    double start = hsc_cli_wall_now();
    status = HSC_EXIT_FAILURE;
    if (!output) {
        fputs("hscflow options: cannot create the results folder\n", stderr);
    } else if (hsc_exec_run_points(run.points, 1 + run.n_variants, &opts, &res, &err) != 0) {
        char buf[2048];
        hsc_error_format(&err, buf, sizeof buf);
        fprintf(stderr, "hscflow options: simulation stopped: %s\n", buf);
    } else {
        hsc_cli_fill_run_info(&res, "hscflow options", argc, argv, threads,
                              hsc_cli_wall_now() - start);
        status = write_and_report(&run, &res, output);
        hsc_results_free(&res);
    }
    hsc_error_clear(&err);
    free(output);
    options_run_fini(&run);
    return status;
}

int hsc_cmd_options(int argc, char **argv)
{
    struct hsc_cli_run_flags flags;
    bool help;
    int status = HSC_EXIT_USAGE;
    if (hsc_cli_parse_run_flags(argc, argv, "options", HSC_CLI_RUN_FLAGS, &flags, &help)) {
        if (help) {
            fputs(help_text, stdout);
            status = HSC_EXIT_OK;
        } else {
            status = run_options(&flags, argc, argv);
        }
    }
    hsc_cli_run_flags_fini(&flags);
    return status;
}
