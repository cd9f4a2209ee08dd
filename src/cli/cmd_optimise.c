/*
 * `hscflow optimise SCENARIO [RUN FLAGS] [--objective T] [--budget £]
 * [--committed £] [--csv FILE]`: searches every combination of the
 * scenario's options (each not taken or taken at one of its levels) for the
 * one that minimises the objective within what remains of the budget, on
 * common random numbers, with hsc_optimise_search (src/analysis/optimise.c:
 * exhaustive for a small space, else screening and Kim and Nelson's
 * procedure); appraises every point with hsc_appraisal_init; writes every
 * point to one results file (unequal replications as /scenario/replications
 * says) and prints the chosen portfolio, its indistinguishable runners-up
 * and the cost-effect frontier (docs/options.md "Optimise").
 * Invariant: what is chosen and printed depends only on the scenario, its
 * seed and the flags, never on the threads or timing.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "hscflow/appraisal.h"
#include "hscflow/exec.h"
#include "hscflow/kpi_def.h"
#include "hscflow/optimise.h"

static const char help_text[] =
    "usage: hscflow optimise SCENARIO [-o OUT.h5] [-r REPS] [--seed N] [--threads N]\n"
    "                        [--set PATH=VALUE]... [--objective TEXT] [--budget POUNDS]\n"
    "                        [--committed POUNDS] [--csv FILE]\n"
    "\n"
    "Chooses the best portfolio of the scenario's options within the budget: every\n"
    "combination of its options, each not taken or taken at one of the levels of its\n"
    "`range`, is a point run on common random numbers, and the one with the least\n"
    "objective (optimise.objective, default delayed_bed_days a year) whose mean annual\n"
    "net cash cost fits the budget less committed money wins. Small spaces (at most\n"
    "optimise.exhaustive_max points) run every point -r REPS replications; larger ones\n"
    "screen every point on optimise.first_replications, then add replications to the\n"
    "close contenders by Kim and Nelson's procedure, which picks a point within\n"
    "optimise.indifference_zone of the best with probability optimise.confidence.\n"
    "Points whose queues ran away are never chosen. Prints the chosen portfolio, the\n"
    "runners-up that cannot be told apart from it and the cost-effect frontier; writes\n"
    "every point to one results file (default results/<name>-optimise.h5) and, with\n"
    "--csv, one row per point. --objective, --budget and --committed set\n"
    "optimise.objective, budget.annual and budget.committed. See docs/options.md.\n"
    "\n"
    "Exit status: 0 ok, 1 bad usage or scenario, 2 run-time or I/O failure.\n";

/* Most memory the results of a search may take before it is refused. */
#define MEMORY_LIMIT (6.0 * 1024 * 1024 * 1024)

struct optimise_run {
    struct hsc_scenario base;
    size_t n_points;                 /* the space, point 0 the baseline */
    size_t *codes;                   /* [n_points]: each point's code (hsc_optimise_space) */
    struct hsc_scenario *scenarios;  /* [n_points]: [0] unused (the base) */
    size_t n_loaded;                 /* scenarios[1 .. n_loaded] are loaded */
    char **names;                    /* [n_points] */
    char **overrides;                /* [n_points] */
    double *option_cost;             /* [n_points] */
    struct hsc_exec_point *points;   /* [n_points] */
    struct hsc_appraisal_point *appraised; /* [n_points - 1]: points 1.. */
    /* the objective's terms */
    size_t term_kpi[HSC_OBJECTIVE_MAX_TERMS];
    bool term_per_year[HSC_OBJECTIVE_MAX_TERMS];
    /* progress */
    bool show_progress;
    double started;
    struct hsc_exec_session *session;
};

static void optimise_run_fini(struct optimise_run *run)
{
    for (size_t p = 1; p <= run->n_loaded; p++)
        hsc_scenario_fini(&run->scenarios[p]);
    for (size_t p = 0; p < run->n_points; p++) {
        free(run->names ? run->names[p] : NULL);
        free(run->overrides ? run->overrides[p] : NULL);
    }
    free(run->codes);
    free(run->scenarios);
    free(run->names);
    free(run->overrides);
    free(run->option_cost);
    free(run->points);
    free(run->appraised);
    hsc_exec_session_close(run->session);
    hsc_scenario_fini(&run->base);
}

/* Loads point p's scenario (p > 0) and fills its name, overrides, cost and
 * exec point. Returns an exit status (first error printed). */
static int load_point(const struct hsc_cli_run_flags *flags, struct optimise_run *run, size_t p,
                      struct hsc_choice *choices)
{
    const struct hsc_scenario *base = &run->base;
    size_t n = hsc_optimise_point_choices(base, run->codes[p], choices);
    if (!(run->names[p] = hsc_optimise_point_name(base, choices, n)) ||
        !(run->overrides[p] = hsc_choices_text(base, choices, n)))
        return HSC_EXIT_FAILURE;
    for (size_t i = 0; i < n; i++)
        run->option_cost[p] +=
            hsc_option_annual_cost(&base->options[choices[i].option], choices[i].level);
    if (p == 0) {
        run->points[0] = (struct hsc_exec_point){base, run->names[0], run->overrides[0]};
        return HSC_EXIT_OK;
    }
    char label[512];
    snprintf(label, sizeof label, "optimise point %s", run->names[p]);
    struct hsc_errors errs;
    hsc_errors_init(&errs, 1);
    int status = hsc_scenario_load_choices(flags->scenario, flags->overrides, flags->n_overrides,
                                           base, choices, n, label, &run->scenarios[p], &errs);
    if (status != 0)
        hsc_errors_print(&errs, stderr);
    hsc_errors_fini(&errs);
    if (status != 0)
        return HSC_EXIT_USAGE;
    run->n_loaded = p;
    run->points[p] = (struct hsc_exec_point){&run->scenarios[p], run->names[p], run->overrides[p]};
    run->appraised[p - 1] = (struct hsc_appraisal_point){run->names[p], NULL, run->option_cost[p],
                                                        0, NULL};
    return HSC_EXIT_OK;
}

/* Loads the base and every point of its space. */
static int load_space(const struct hsc_cli_run_flags *flags, struct optimise_run *run)
{
    if (hsc_cli_load(flags, &run->base) != 0)
        return HSC_EXIT_USAGE;
    const struct hsc_scenario *base = &run->base;
    if (base->n_options == 0) {
        fprintf(stderr, "%s: declares no options to choose from (add an `options` block: see "
                        "docs/scenario-reference.md)\n", flags->scenario);
        return HSC_EXIT_USAGE;
    }
    size_t limit = (size_t)base->optimise.max_points;
    int space = hsc_optimise_space(base, limit, &run->codes, &run->n_points);
    if (space == -2)
        return HSC_EXIT_FAILURE;
    if (space != 0) {
        fprintf(stderr, "%s: optimise.max_points: the options make more than %zu combinations; "
                        "narrow the options' ranges (larger steps) or raise optimise.max_points\n",
                flags->scenario, limit);
        return HSC_EXIT_USAGE;
    }
    size_t n = run->n_points;
    run->scenarios = calloc(n, sizeof *run->scenarios);
    run->names = calloc(n, sizeof *run->names);
    run->overrides = calloc(n, sizeof *run->overrides);
    run->option_cost = calloc(n, sizeof *run->option_cost);
    run->points = calloc(n, sizeof *run->points);
    run->appraised = calloc(n, sizeof *run->appraised);
    struct hsc_choice *choices = calloc(base->n_options, sizeof *choices);
    int status = HSC_EXIT_FAILURE;
    if (run->scenarios && run->names && run->overrides && run->option_cost && run->points &&
        run->appraised && choices) {
        status = HSC_EXIT_OK;
        for (size_t p = 0; p < n && status == HSC_EXIT_OK; p++)
            status = load_point(flags, run, p, choices);
    }
    free(choices);
    return status;
}

/* Finds the objective's KPIs in the results. Returns an exit status. */
static int resolve_objective(const char *scenario, struct optimise_run *run,
                             const struct hsc_results *res)
{
    const struct hsc_optimise_settings *set = &run->base.optimise;
    for (size_t t = 0; t < set->n_terms; t++) {
        long k = hsc_kpi_lookup(res->kpis, res->n_kpis, set->kpi[t]);
        if (k < 0) {
            if (set->objective_line > 0)
                fprintf(stderr, "%s:%ld: ", scenario, set->objective_line);
            else
                fprintf(stderr, "%s: ", scenario);
            fprintf(stderr, "optimise.objective: no KPI \"%s\" (the KPI identifiers are listed "
                            "in docs/kpis.md)\n", set->kpi[t]);
            return HSC_EXIT_USAGE;
        }
        run->term_kpi[t] = (size_t)k;
        run->term_per_year[t] = hsc_optimise_unit_is_total(res->kpis[k].unit);
    }
    return HSC_EXIT_OK;
}

/* "1h02m", "3m05s" or "12s". */
static void format_duration(char *buf, size_t size, double seconds)
{
    long s = seconds > 0 ? (long)(seconds + 0.5) : 0;
    if (s >= 3600)
        snprintf(buf, size, "%ldh%02ldm", s / 3600, s % 3600 / 60);
    else if (s >= 60)
        snprintf(buf, size, "%ldm%02lds", s / 60, s % 60);
    else
        snprintf(buf, size, "%lds", s);
}

/* The search's run function: one batch on the session, with a progress
 * line on a terminal (replications run, the most still to come, and the
 * time that would take at the rate so far). */
static int run_batch(void *ctx, const size_t *target, size_t done, size_t left,
                     struct hsc_error *err)
{
    struct optimise_run *run = ctx;
    if (run->show_progress && done > 0) {
        double elapsed = hsc_cli_wall_now() - run->started;
        char spent[32], eta[32];
        format_duration(spent, sizeof spent, elapsed);
        format_duration(eta, sizeof eta, elapsed / (double)done * (double)left);
        fprintf(stderr, "\roptimise: %zu replications run in %s; at most %zu more (ETA <= %s)   ",
                done, spent, left, eta);
        fflush(stderr);
    }
    return hsc_exec_session_run(run->session, target, err);
}

static const char *status_name(enum hsc_optimise_status status)
{
    static const char *const names[] = {
        [HSC_OPTIMISE_RUNAWAY] = "runaway queue",
        [HSC_OPTIMISE_OVER_BUDGET] = "over budget",
        [HSC_OPTIMISE_ELIMINATED] = "worse",
        [HSC_OPTIMISE_SURVIVOR] = "survivor",
        [HSC_OPTIMISE_CHOSEN] = "chosen",
    };
    return names[status];
}

/* "£-12,345"-style whole pounds are printed %.0f; the budget verdict of a
 * point, as the options table words it. */
static const char *fits_text(enum hsc_appraisal_budget verdict)
{
    return verdict == HSC_APPRAISAL_NO_BUDGET ? "no budget"
           : verdict == HSC_APPRAISAL_FITS    ? "fits"
                                              : "does not fit";
}

/* The appraisal of point p (> 0). */
static const struct hsc_option_appraisal *appraisal_of(const struct hsc_appraisal *app, size_t p)
{
    return &app->options[p - 1];
}

static void print_procedure(FILE *out, const struct optimise_run *run,
                            const struct hsc_optimise_outcome *oc, const struct hsc_results *res)
{
    const struct hsc_scenario *base = &run->base;
    const struct hsc_optimise_settings *set = &base->optimise;
    fprintf(out, "%s: %zu options make %zu combinations (the baseline included), on common "
                 "random numbers (seed %llu), %g days measured from %s\n",
            base->path, base->n_options, run->n_points, (unsigned long long)res->master_seed,
            res->measure_days, res->start_date);
    fprintf(out, "objective to minimise, a year: %s\n", set->objective_text);
    if (isnan(base->budget))
        fprintf(out, "budget: none set (every point is eligible)\n");
    else
        fprintf(out, "budget £%.0f a year, £%.0f committed: a point's mean annual net cash cost "
                     "must be at most £%.0f\n",
                base->budget, base->budget_committed, base->budget - base->budget_committed);
    if (oc->procedure == HSC_OPTIMISE_EXHAUSTIVE)
        fprintf(out, "procedure: exhaustive (at most optimise.exhaustive_max = %ld points): every "
                     "point %zu replications, the least mean objective wins; %zu replications "
                     "run\n",
                set->exhaustive_max, res->n_reps, oc->replications_run);
    else
        fprintf(out, "procedure: screening on %ld replications, then Kim and Nelson's fully "
                     "sequential procedure over %zu contenders (indifference zone %g, "
                     "probability of correct selection %g, h^2 = %.3g, at most %ld "
                     "replications a point); %zu replications run\n",
                set->first_replications, oc->contenders, set->indifference_zone,
                set->confidence, oc->h2, set->max_replications, oc->replications_run);
    if (oc->truncated)
        fprintf(out, "note: optimise.max_replications stopped the procedure with survivors left: "
                     "the best mean among them is chosen, without the probability of correct "
                     "selection above\n");
}

static void print_chosen(FILE *out, const struct optimise_run *run,
                         const struct hsc_optimise_outcome *oc, const struct hsc_appraisal *app,
                         const struct hsc_results *res)
{
    size_t c = oc->chosen;
    if (c == oc->n_points) {
        fprintf(out, "\nchosen: none (no point without a runaway queue fits the budget)\n");
        return;
    }
    const struct hsc_difference *d = &oc->change[c];
    fprintf(out, "\nchosen: %s (%lld replications)\n  changes: %s\n", run->names[c],
            (long long)res->point_reps[c], *run->overrides[c] ? run->overrides[c] : "none");
    fprintf(out, "  objective a year: %.1f; change on the baseline %+.1f [%.1f, %.1f]\n",
            oc->objective[c], d->diff, d->ci_low, d->ci_high);
    if (c == 0)
        return;
    const struct hsc_option_appraisal *oa = appraisal_of(app, c);
    fprintf(out, "  delayed bed-days a year: %+.1f [%.1f, %.1f]; emergency admissions a year: "
                 "%+.1f [%.1f, %.1f]\n",
            oa->delayed_bed_days.diff, oa->delayed_bed_days.ci_low, oa->delayed_bed_days.ci_high,
            oa->emergency_admissions.diff, oa->emergency_admissions.ci_low,
            oa->emergency_admissions.ci_high);
    fprintf(out, "  annual net cash cost: £%.0f [£%.0f, £%.0f] (options' own £%.0f); budget: "
                 "%s, at the upper 95%% limit it %s\n",
            oa->net_cost, oa->net_cost_ci_low, oa->net_cost_ci_high, oa->option_cost,
            fits_text(oa->budget), fits_text(oa->budget_upper));
    fprintf(out, "  capacity released a year (not cash): %.0f bed-days, worth £%.0f\n",
            oa->capacity_released_bed_days, oa->capacity_released_value);
}

/* One row of the runners-up or frontier tables; names padded to `width`. */
static void print_row(FILE *out, const struct optimise_run *run,
                      const struct hsc_optimise_outcome *oc, const struct hsc_results *res,
                      size_t p, int width)
{
    const struct hsc_difference *d = &oc->change[p];
    char ci[64];
    snprintf(ci, sizeof ci, "[%.1f, %.1f]", d->ci_low, d->ci_high);
    fprintf(out, "  %-*s %12.0f %11.1f %+10.1f %-20s %5lld  %s\n", width, run->names[p],
            oc->net_cash[p], oc->objective[p], d->diff, ci, (long long)res->point_reps[p],
            status_name(oc->status[p]));
}

static void print_header(FILE *out, int width)
{
    fprintf(out, "  %-*s %12s %11s %10s %-20s %5s  %s\n", width, "point", "net cash £",
            "objective", "change", "[95% CI]", "reps", "status");
}

/* The widest name among the points listed (at least that of "point"). */
static int name_width(const struct optimise_run *run, const size_t *order, size_t n)
{
    size_t width = 5;
    for (size_t i = 0; i < n; i++)
        if (strlen(run->names[order[i]]) > width)
            width = strlen(run->names[order[i]]);
    return (int)width;
}

/* The rows of the points in order, under a header. */
static void print_rows(FILE *out, const struct optimise_run *run,
                       const struct hsc_optimise_outcome *oc, const struct hsc_results *res,
                       const size_t *order, size_t n)
{
    int width = name_width(run, order, n);
    print_header(out, width);
    for (size_t i = 0; i < n; i++)
        print_row(out, run, oc, res, order[i], width);
}

/* Indices of the points with flag set, by net cash cost (then index). */
static size_t sorted_by_cost(const struct hsc_optimise_outcome *oc, const bool *flag,
                             size_t *order)
{
    size_t n = 0;
    for (size_t p = 0; p < oc->n_points; p++) {
        if (!flag[p])
            continue;
        size_t i = n++;
        for (; i > 0 && oc->net_cash[order[i - 1]] > oc->net_cash[p]; i--)
            order[i] = order[i - 1];
        order[i] = p;
    }
    return n;
}

static void print_tables(FILE *out, const struct optimise_run *run,
                         const struct hsc_optimise_outcome *oc, const struct hsc_results *res)
{
    size_t *order = malloc(oc->n_points * sizeof *order);
    if (!order)
        return;
    size_t n = sorted_by_cost(oc, oc->runner_up, order);
    fprintf(out, "\nrunners-up that cannot be told apart from it (paired 95%% CI of the "
                 "objective's difference includes 0):%s\n", n ? "" : " none");
    if (n)
        print_rows(out, run, oc, res, order, n);
    n = sorted_by_cost(oc, oc->frontier, order);
    fprintf(out, "\ncost-effect frontier (no point is cheaper and better; net cash a year, "
                 "cheapest first):\n");
    print_rows(out, run, oc, res, order, n);
    free(order);
}

/* One row per point: the search's figures and the appraisal's (the
 * baseline's changes are 0; NaN an empty field). */
static void csv_rows(FILE *f, const struct optimise_run *run,
                     const struct hsc_optimise_outcome *oc, const struct hsc_appraisal *app,
                     const struct hsc_results *res)
{
    fputs("point,name,changes,replications,status,runner_up,frontier,option_cost,net_cash,"
          "net_cash_ci_low,net_cash_ci_high,budget,budget_upper,objective,objective_change,"
          "objective_change_ci_low,objective_change_ci_high,delayed_bed_days_change,"
          "emergency_admissions_change,capacity_released_bed_days,capacity_released_value\n",
          f);
    for (size_t p = 0; p < oc->n_points; p++) {
        const struct hsc_option_appraisal *oa = p ? appraisal_of(app, p) : NULL;
        const struct hsc_difference *d = &oc->change[p];
        fprintf(f, "%zu,", p);
        hsc_cli_csv_text(f, run->names[p]);
        fputc(',', f);
        hsc_cli_csv_text(f, run->overrides[p]);
        fprintf(f, ",%lld,%s,%d,%d", (long long)res->point_reps[p], status_name(oc->status[p]),
                oc->runner_up[p], oc->frontier[p]);
        double money[] = {run->option_cost[p], oc->net_cash[p], oa ? oa->net_cost_ci_low : NAN,
                          oa ? oa->net_cost_ci_high : NAN};
        for (size_t i = 0; i < sizeof money / sizeof money[0]; i++) {
            fputc(',', f);
            hsc_cli_csv_number(f, money[i]);
        }
        fprintf(f, ",%s,%s", oa ? fits_text(oa->budget) : "", oa ? fits_text(oa->budget_upper) : "");
        double rest[] = {oc->objective[p], d->diff, d->ci_low, d->ci_high,
                         oa ? oa->delayed_bed_days.diff : 0.0,
                         oa ? oa->emergency_admissions.diff : 0.0,
                         oa ? oa->capacity_released_bed_days : 0.0,
                         oa ? oa->capacity_released_value : 0.0};
        for (size_t i = 0; i < sizeof rest / sizeof rest[0]; i++) {
            fputc(',', f);
            hsc_cli_csv_number(f, rest[i]);
        }
        fputc('\n', f);
    }
}

/* Writes the CSV to a temporary file beside `path`, then renames it over
 * `path`, so a reader never sees half a table. Returns 0 or -1. */
static int write_csv(const char *path, const struct optimise_run *run,
                     const struct hsc_optimise_outcome *oc, const struct hsc_appraisal *app,
                     const struct hsc_results *res)
{
    size_t size = strlen(path) + 32;
    char *tmp = malloc(size);
    if (!tmp)
        return -1;
    snprintf(tmp, size, "%s.tmp.%ld", path, (long)getpid());
    FILE *f = fopen(tmp, "w");
    int status = -1;
    if (f) {
        csv_rows(f, run, oc, app, res);
        bool ok = fflush(f) == 0 && !ferror(f) && fsync(fileno(f)) == 0;
        ok = fclose(f) == 0 && ok;
        status = ok && rename(tmp, path) == 0 ? 0 : -1;
        if (status != 0)
            remove(tmp);
    }
    free(tmp);
    return status;
}

/* Bytes the results of n points x reps replications take. */
static double results_bytes(const struct hsc_scenario *sc, size_t n_points, size_t reps,
                            size_t n_kpis)
{
    double days = sc->run.measure_days + 1.0, services = (double)sc->n_services;
    double per_task = (double)n_kpis * 8.0 + days * services * 8.0 + days * 8.0 + services;
    return (double)n_points * (double)reps * per_task;
}

/* Opens the staged run over every point, sized for the procedure the search
 * will use. Returns an exit status. */
static int open_session(const struct hsc_cli_run_flags *flags, struct optimise_run *run,
                        size_t threads, struct hsc_results *res)
{
    const struct hsc_scenario *base = &run->base;
    size_t reps = (size_t)base->run.replications;
    if (run->n_points > (size_t)base->optimise.exhaustive_max)
        reps = (size_t)base->optimise.max_replications;
    if (results_bytes(base, run->n_points, reps, 256) > MEMORY_LIMIT) {
        fprintf(stderr, "%s: %zu points x %zu replications would need more than %.0f GiB; lower "
                        "optimise.max_replications or narrow the options' ranges\n",
                flags->scenario, run->n_points, reps, MEMORY_LIMIT / (1024.0 * 1024 * 1024));
        return HSC_EXIT_USAGE;
    }
    struct hsc_exec_options opts = {.threads = threads, .progress = false};
    struct hsc_error err = {0};
    if (hsc_exec_session_open(&run->session, run->points, run->n_points, reps, &opts, res,
                              &err) != 0) {
        char buf[2048];
        hsc_error_format(&err, buf, sizeof buf);
        fprintf(stderr, "hscflow optimise: cannot start: %s\n", buf);
        hsc_error_clear(&err);
        return HSC_EXIT_FAILURE;
    }
    return resolve_objective(flags->scenario, run, res);
}

/* Searches, appraises every point, writes the file (and CSV) and prints.
 * Returns an exit status. */
static int search_and_report(const struct hsc_cli_run_flags *flags, struct optimise_run *run,
                             size_t threads, struct hsc_results *res, const char *output,
                             int argc, char **argv)
{
    const struct hsc_scenario *base = &run->base;
    struct hsc_optimise_problem problem = {
        .n_points = run->n_points,
        .option_cost = run->option_cost,
        .n_terms = base->optimise.n_terms,
        .term_kpi = run->term_kpi,
        .term_weight = base->optimise.weight,
        .term_per_year = run->term_per_year,
        .cash_kpi = (size_t)hsc_kpi_lookup(res->kpis, res->n_kpis, "cost_cash_total"),
        .remaining = base->budget - base->budget_committed,
        .settings = base->optimise,
        .replications = (size_t)base->run.replications,
        .batch_tasks = threads,
    };
    struct hsc_optimise_outcome oc = {0};
    struct hsc_appraisal app = {0};
    struct hsc_error err = {0};
    char buf[2048];
    int status = HSC_EXIT_FAILURE;
    run->show_progress = isatty(fileno(stderr));
    run->started = hsc_cli_wall_now();
    if (hsc_optimise_search(&problem, res, run_batch, run, &oc, &err) != 0) {
        hsc_error_format(&err, buf, sizeof buf);
        fprintf(stderr, "\nhscflow optimise: simulation stopped: %s\n", buf);
    } else if (hsc_appraisal_init(&app, res, run->appraised, run->n_points - 1, base->budget,
                                  base->budget_committed, &err) != 0) {
        hsc_error_format(&err, buf, sizeof buf);
        fprintf(stderr, "hscflow optimise: cannot appraise the points: %s\n", buf);
    } else {
        if (run->show_progress)
            fputc('\n', stderr);
        hsc_cli_fill_run_info(res, "hscflow optimise", argc, argv, threads,
                              hsc_cli_wall_now() - run->started);
        if (hsc_appraisal_add_columns(&app, res) != 0 ||
            hsc_optimise_add_columns(&oc, res) != 0) {
            fputs("hscflow optimise: out of memory\n", stderr);
        } else if (hsc_results_write(res, output, &err) != 0) {
            hsc_error_format(&err, buf, sizeof buf);
            fprintf(stderr, "hscflow optimise: cannot write results: %s\n", buf);
        } else if (flags->csv && write_csv(flags->csv, run, &oc, &app, res) != 0) {
            fprintf(stderr, "hscflow optimise: cannot write %s\n", flags->csv);
        } else {
            print_procedure(stdout, run, &oc, res);
            print_chosen(stdout, run, &oc, &app, res);
            print_tables(stdout, run, &oc, res);
            printf("\nwrote %s%s%s (%.1f s)\n", output, flags->csv ? " and " : "",
                   flags->csv ? flags->csv : "", res->run.wall_seconds);
            status = HSC_EXIT_OK;
        }
    }
    hsc_appraisal_fini(&app);
    hsc_optimise_outcome_fini(&oc);
    hsc_error_clear(&err);
    return status;
}

static int run_optimise(const struct hsc_cli_run_flags *flags, int argc, char **argv)
{
    struct optimise_run run = {0};
    struct hsc_results res = {0};
    char *output = NULL;
    size_t threads = flags->threads ? flags->threads : hsc_exec_cores();
    int status = load_space(flags, &run);
    if (status == HSC_EXIT_OK) {
        output = flags->output ? strdup(flags->output)
                               : hsc_cli_default_output(&run.base, "-optimise");
        if (!output) {
            fputs("hscflow optimise: cannot create the results folder\n", stderr);
            status = HSC_EXIT_FAILURE;
        }
    } else if (status == HSC_EXIT_FAILURE) {
        fputs("hscflow optimise: out of memory\n", stderr);
    }
    if (status == HSC_EXIT_OK)
        status = open_session(flags, &run, threads, &res);
    if (status == HSC_EXIT_OK)
        status = search_and_report(flags, &run, threads, &res, output, argc, argv);
    hsc_results_free(&res);
    free(output);
    optimise_run_fini(&run);
    return status;
}

int hsc_cmd_optimise(int argc, char **argv)
{
    struct hsc_cli_run_flags flags;
    bool help;
    int status = HSC_EXIT_USAGE;
    if (hsc_cli_parse_run_flags(argc, argv, "optimise", HSC_CLI_RUN_FLAGS | HSC_CLI_OPTIMISE,
                                &flags, &help)) {
        if (help) {
            fputs(help_text, stdout);
            status = HSC_EXIT_OK;
        } else {
            status = run_optimise(&flags, argc, argv);
        }
    }
    hsc_cli_run_flags_fini(&flags);
    return status;
}
