/*
 * The appraisal of transformation-fund options (docs/options.md, docs/model.md
 * "Money"): per option, its cost a year, the paired changes of the key KPIs
 * with 95% CIs, its annual net cash cost, the capacity it releases (never
 * added to cash), its cost per delayed bed-day and per emergency admission
 * avoided (only for a significant effect), and whether it fits what remains
 * of the budget.
 * Invariant: replication r of an option is paired with replication r of the
 * baseline (common random numbers), exactly as `hscflow compare` pairs them.
 * No I/O, no simulation, no judgement of the money: `hscflow options` prints it,
 * and must print a warning beside the figures of any point (option or
 * baseline) whose runaway_replications is not 0.
 */
#ifndef HSCFLOW_APPRAISAL_H
#define HSCFLOW_APPRAISAL_H

#include <stdbool.h>
#include <stddef.h>

#include "hscflow/compare.h"
#include "hscflow/error.h"
#include "hscflow/results.h"
#include "hscflow/scenario.h"

/* The change of one KPI, option minus baseline. */
struct hsc_appraisal_change {
    struct hsc_difference paired; /* hsc_compare_paired over the replications,
                                     baseline (point 0) as A: over the measured period */
    double scale;                 /* per_year for counts and money, 1 for % points */
    double diff;                  /* paired.diff x scale */
    double ci_low, ci_high;       /* paired.ci_low, paired.ci_high x scale */
    bool significant;             /* the CI excludes zero (hsc_difference_significant) */
};

/* A cost per unit avoided with its 95% CI by Fieller's method on the paired
 * replications (docs/options.md, "Read the table", rule 1). All NaN ("no significant
 * effect") unless the fall in the effect is significant (its CI lies below
 * zero); the bounds are NaN when fewer than 2 replications have every value. */
struct hsc_appraisal_ratio {
    double value;           /* annual net cash cost / units avoided a year */
    double ci_low, ci_high; /* the set of R with (c - R a)^2 <= t^2 var(c - R a) */
};

enum hsc_appraisal_budget {
    HSC_APPRAISAL_NO_BUDGET,    /* the scenario sets no budget (NaN) */
    HSC_APPRAISAL_FITS,         /* the cash cost <= budget - committed */
    HSC_APPRAISAL_DOES_NOT_FIT  /* it is more, or NaN */
};

/* What is appraised at one results point: a single option, a portfolio of
 * options, or any set of options at chosen levels (an optimiser point). */
struct hsc_appraisal_point {
    const char *name;                /* borrows: the results' point name */
    const struct hsc_option *option; /* borrows: the option when the point is one option,
                                        else NULL (for the printer's cost breakdown) */
    double option_cost;              /* its own cost a year (hsc_option_annual_cost, summed) */
    size_t n_members;                /* a portfolio: how many single options it combines */
    const size_t *members;           /* borrows [n_members]: the indices, among the points
                                        appraised, of those single options; NULL when 0 */
};

/* How a portfolio's effect differs from the sum of its members' single
 * effects, per replication r: overlap_r = (P_r - B_r) - sum_i (O_i,r - B_r),
 * P the portfolio, O_i its members, B the baseline (all on common random
 * numbers, so the CI is paired). A negative overlap on a KPI that options
 * reduce means the portfolio does more than its parts; positive, less. */
struct hsc_appraisal_overlap {
    struct hsc_appraisal_change sum_of_members; /* sum_i (O_i - B), scaled */
    struct hsc_appraisal_change overlap;        /* (P - B) - sum_of_members, scaled */
};

/* One point's appraisal. Money is £ a year; counts are a year. */
struct hsc_option_appraisal {
    const struct hsc_appraisal_point *what; /* borrows: the point appraised */
    size_t point;                    /* its scenario point in the results (1 + index) */

    double option_cost;       /* what->option_cost */

    struct hsc_appraisal_change delayed_bed_days;          /* a year */
    struct hsc_appraisal_change emergency_admissions;      /* a year */
    struct hsc_appraisal_change care_home_admissions;      /* a year */
    struct hsc_appraisal_change discharged_within_72h_pct; /* % points, not scaled */
    struct hsc_appraisal_change at_home_91d_pct;           /* % points, not scaled */
    struct hsc_appraisal_change cost_total;                /* £ a year, cash or not */
    struct hsc_appraisal_change cost_cash_total;           /* £ a year, cash */
    struct hsc_appraisal_change capacity_bed_days;         /* a year */
    struct hsc_appraisal_change capacity_value;            /* £ a year */

    /* Portfolios only (what->n_members > 0), else all zero: */
    struct hsc_appraisal_overlap delayed_overlap;   /* of delayed_bed_days */
    struct hsc_appraisal_overlap emergency_overlap; /* of emergency_admissions */
    struct hsc_appraisal_overlap cash_overlap;      /* of cost_cash_total */

    double net_cost;          /* cash: option_cost + cost_cash_total.diff; < 0 = a saving */
    double net_cost_ci_low;   /* option_cost + cost_cash_total.ci_low */
    double net_cost_ci_high;  /* option_cost + cost_cash_total.ci_high */
    double capacity_released_bed_days; /* -capacity_bed_days.diff: freed bed-days that are
                                          not cash (acute, block contracts) */
    double capacity_released_value;    /* -capacity_value.diff, £ a year; never in net_cost */
    double delayed_bed_days_avoided;     /* -delayed_bed_days.diff */
    double emergency_admissions_avoided; /* -emergency_admissions.diff */
    struct hsc_appraisal_ratio cost_per_delayed_bed_day_avoided; /* net_cost /
                                                    delayed_bed_days_avoided */
    struct hsc_appraisal_ratio cost_per_emergency_admission_avoided; /* the same per
                                                    emergency admission */
    enum hsc_appraisal_budget budget;            /* net_cost against budget - committed */
    enum hsc_appraisal_budget budget_upper;      /* net_cost_ci_high against it */

    size_t runaway_replications; /* replications of this option's point in which a queue
                                    ran away (res->runaway; docs/kpis.md "Runaway
                                    queues"): when > 0 its changes, ratios and budget
                                    verdict compare gridlock, not a steady state, and
                                    must not be shown without a warning; 0 when the
                                    results carry no flags */
};

struct hsc_appraisal {
    double per_year;     /* HSC_DAYS_PER_YEAR (365.25) / res->measure_days */
    double budget;       /* £ a year, NaN when none is set */
    double committed;    /* £ a year of it already committed */
    double remaining;    /* budget - committed: what an option's cash cost must fit */
    size_t baseline_runaway_replications; /* the same as runaway_replications, for the
                                             baseline (point 0): when > 0 every option
                                             is compared with gridlock */
    size_t n_options;
    struct hsc_option_appraisal *options; /* owns [n_options], in point order; NULL when 0 */
};

/* Appraises every point of a results struct (e.g. from hsc_exec_run_points
 * or hsc_results_read): point 0 is the baseline and results point 1 + i is
 * points[i], all on common random numbers, so replication r of every point
 * is paired with replication r of the baseline (points may have run
 * different numbers of replications: NaN values, so replications not run,
 * are left out pairwise by hsc_compare_paired, and a change can be NaN).
 * res and points are borrowed; points must outlive *app. Legal inputs:
 * res->n_points == 1 + n_points, res->point_names[1 + i] equal to
 * points[i].name, every member index < n_points and not itself a
 * portfolio, res->measure_days > 0, and KPIs named delayed_bed_days,
 * emergency_admissions, care_home_admissions, discharged_within_72h_pct,
 * at_home_91d_pct, cost_total, cost_cash_total, capacity_bed_days and
 * capacity_value among res->kpis; budget is £ a year or NaN for none,
 * committed the part of it already committed (0 for none).
 * Returns 0 with *app filled (release it with hsc_appraisal_fini), or -1
 * with *app zeroed and err filled (a missing KPI, mismatched points, a bad
 * member or measure_days, out of memory); err may be NULL. */
int hsc_appraisal_init(struct hsc_appraisal *app, const struct hsc_results *res,
                       const struct hsc_appraisal_point *points, size_t n_points,
                       double budget, double committed, struct hsc_error *err);

/* The points of a scenario's `hscflow options` run, in its point order
 * after the baseline: every option (at its default level), then every
 * portfolio (its members' costs summed, members = their option indices).
 * Returns a malloc'd array of sc->n_options + sc->n_portfolios entries
 * borrowing from sc (free it with free()), or NULL when out of memory or
 * there are none. */
struct hsc_appraisal_point *hsc_appraisal_points_of(const struct hsc_scenario *sc);

/* Appends the appraisal's figures to res as /appraisal columns (docs/options.md
 * "In the results file"): per point the option cost, net cash cost with its
 * CI, capacity released, the key changes with CIs, the ratios with their
 * CIs, the budget verdicts (1 fits, 0 does not, NaN no budget), the
 * portfolio overlaps and the runaway count. The baseline's row has 0 for
 * money and changes and NaN for what it has not (ratios, verdicts,
 * overlaps). res must be the results app was made from. Returns 0, or -1
 * when memory runs out. */
int hsc_appraisal_add_columns(const struct hsc_appraisal *app, struct hsc_results *res);

/* Frees what app owns and zeroes it; safe on a zeroed struct and twice. */
void hsc_appraisal_fini(struct hsc_appraisal *app);

#endif
