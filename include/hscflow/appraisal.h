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

/* One option's appraisal. Money is £ a year; counts are a year. */
struct hsc_option_appraisal {
    const struct hsc_option *option; /* borrows: the option appraised */
    size_t point;                    /* its scenario point in the results (1 + index) */

    double one_off_per_year;  /* one_off_cost / lifetime_years */
    double option_cost;       /* one_off_per_year + recurring_cost */

    struct hsc_appraisal_change delayed_bed_days;          /* a year */
    struct hsc_appraisal_change emergency_admissions;      /* a year */
    struct hsc_appraisal_change care_home_admissions;      /* a year */
    struct hsc_appraisal_change discharged_within_72h_pct; /* % points, not scaled */
    struct hsc_appraisal_change at_home_91d_pct;           /* % points, not scaled */
    struct hsc_appraisal_change cost_total;                /* £ a year, cash or not */
    struct hsc_appraisal_change cost_cash_total;           /* £ a year, cash */
    struct hsc_appraisal_change capacity_bed_days;         /* a year */
    struct hsc_appraisal_change capacity_value;            /* £ a year */

    double net_cost;          /* cash: option_cost + cost_cash_total.diff; < 0 = a saving */
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

/* Appraises every option of a results struct (e.g. from hsc_exec_run_points
 * or hsc_results_read): point 0 is the baseline and point 1 + i is
 * options[i], all on common random numbers, so replication r of every point
 * is paired with replication r of the baseline. res and options are
 * borrowed; options must outlive *app (each entry's `option` points into
 * it). Legal inputs: res->n_points == 1 + n_options, res->point_names[1 + i]
 * equal to options[i].name, res->measure_days > 0, every lifetime_years > 0,
 * and KPIs named delayed_bed_days, emergency_admissions,
 * care_home_admissions, discharged_within_72h_pct, at_home_91d_pct,
 * cost_total, cost_cash_total, capacity_bed_days and capacity_value among
 * res->kpis; budget is £ a year or NaN for none, committed the part of it
 * already committed (0 for none). NaN KPI
 * values are left out pairwise (hsc_compare_paired), so a change can be NaN.
 * Returns 0 with *app filled (release it with hsc_appraisal_fini), or -1
 * with *app zeroed and err filled (a missing KPI, mismatched points, a bad
 * measure_days or lifetime, out of memory); err may be NULL. */
int hsc_appraisal_init(struct hsc_appraisal *app, const struct hsc_results *res,
                       const struct hsc_option *options, size_t n_options, double budget,
                       double committed, struct hsc_error *err);

/* Frees what app owns and zeroes it; safe on a zeroed struct and twice. */
void hsc_appraisal_fini(struct hsc_appraisal *app);

#endif
