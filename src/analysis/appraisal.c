/*
 * The option appraisal behind `hscflow options` (include/hscflow/appraisal.h).
 * Invariant: every figure derives from the paired differences of option
 * point p against the baseline point 0, replication r with replication r,
 * computed by hsc_compare_paired exactly as `hscflow compare` does, then
 * scaled by 365.25 / measure_days for counts and money. Money is judged in
 * two ledgers (docs/options.md "Two ledgers"): the budget verdict uses cash
 * only (cost_cash_total plus the option's own cost); bed-days freed where
 * beds are not paid per occupied bed-day are capacity released, reported
 * beside it and never added to it; a cost per unit avoided is given only
 * when the effect is significant. It prints nothing and reads no file; it
 * counts the replications whose queues ran away so that the printer can
 * warn.
 */
#include "hscflow/appraisal.h"

#include "hscflow/calendar.h"
#include "hscflow/stats.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* The key KPIs and the field each fills; counts and money are annualised. */
enum { K_DELAYED, K_EMERGENCY, K_CARE_HOME, K_72H, K_AT_HOME, K_COST, K_CASH, K_CAPACITY_DAYS,
       K_CAPACITY_VALUE, N_KEY };
#define KEY(name, per_year, field) {name, per_year, offsetof(struct hsc_option_appraisal, field)}
static const struct key_kpi {
    const char *name;
    bool per_year;
    size_t offset; /* of its struct hsc_appraisal_change in struct hsc_option_appraisal */
} key_kpis[N_KEY] = {
    [K_DELAYED] = KEY("delayed_bed_days", true, delayed_bed_days),
    [K_EMERGENCY] = KEY("emergency_admissions", true, emergency_admissions),
    [K_CARE_HOME] = KEY("care_home_admissions", true, care_home_admissions),
    [K_72H] = KEY("discharged_within_72h_pct", false, discharged_within_72h_pct),
    [K_AT_HOME] = KEY("at_home_91d_pct", false, at_home_91d_pct),
    [K_COST] = KEY("cost_total", true, cost_total),
    [K_CASH] = KEY("cost_cash_total", true, cost_cash_total),
    [K_CAPACITY_DAYS] = KEY("capacity_bed_days", true, capacity_bed_days),
    [K_CAPACITY_VALUE] = KEY("capacity_value", true, capacity_value),
};
#undef KEY

static struct hsc_appraisal_change *key_field(struct hsc_option_appraisal *oa, size_t key)
{
    return (struct hsc_appraisal_change *)((char *)oa + key_kpis[key].offset);
}

/* The points match the options, and the period and lifetimes can be
 * divided by. Returns 0, or -1 with err (may be NULL) filled. */
static int check_inputs(const struct hsc_results *res, const struct hsc_option *options,
                        size_t n_options, struct hsc_error *err)
{
    if (res->n_points != 1 + n_options) {
        if (err)
            hsc_error_set(err, NULL, 0, NULL,
                          "the results hold %zu scenario points; appraising %zu options needs "
                          "%zu (the baseline, then one per option)",
                          res->n_points, n_options, 1 + n_options);
        return -1;
    }
    if (!(res->measure_days > 0.0) || isinf(res->measure_days)) {
        if (err)
            hsc_error_set(err, NULL, 0, NULL,
                          "the results' measure_days must be > 0 and finite (got %g)",
                          res->measure_days);
        return -1;
    }
    for (size_t i = 0; i < n_options; i++) {
        const char *point = res->point_names ? res->point_names[1 + i] : NULL;
        if (!point || strcmp(point, options[i].name) != 0) {
            if (err)
                hsc_error_set(err, NULL, 0, NULL,
                              "scenario point %zu is \"%s\", not the option \"%s\"", 1 + i,
                              point ? point : "", options[i].name);
            return -1;
        }
        if (!(options[i].lifetime_years > 0.0)) {
            if (err)
                hsc_error_set(err, NULL, 0, NULL,
                              "option \"%s\": lifetime_years must be > 0 (got %g)",
                              options[i].name, options[i].lifetime_years);
            return -1;
        }
    }
    return 0;
}

/* index[i] = res's index of key_kpis[i]. Returns 0, or -1 with err filled. */
static int find_key_kpis(const struct hsc_results *res, size_t index[N_KEY],
                         struct hsc_error *err)
{
    for (size_t i = 0; i < N_KEY; i++) {
        long k = hsc_kpi_lookup(res->kpis, res->n_kpis, key_kpis[i].name);
        if (k < 0) {
            if (err)
                hsc_error_set(err, NULL, 0, NULL,
                              "the results have no KPI \"%s\", which the option appraisal needs",
                              key_kpis[i].name);
            return -1;
        }
        index[i] = (size_t)k;
    }
    return 0;
}

/* The paired change of KPI `kpi` at `point` against point 0; scratch holds
 * 2 * n_reps values. */
static void paired_change(const struct hsc_results *res, size_t point, size_t kpi, double scale,
                          double *scratch, struct hsc_appraisal_change *out)
{
    double *baseline = scratch, *option = scratch + res->n_reps;
    for (size_t r = 0; r < res->n_reps; r++) {
        baseline[r] = res->kpi_value[hsc_results_kpi_index(res, 0, r, kpi)];
        option[r] = res->kpi_value[hsc_results_kpi_index(res, point, r, kpi)];
    }
    hsc_compare_paired(baseline, option, res->n_reps, &out->paired);
    out->scale = scale;
    out->diff = out->paired.diff * scale;
    out->ci_low = out->paired.ci_low * scale;
    out->ci_high = out->paired.ci_high * scale;
    out->significant = hsc_difference_significant(&out->paired);
}

/* Fieller's 95% interval for mean(c) / mean(a) from m paired values: the R
 * with (c̄ - R ā)^2 <= t^2 (v_cc - 2 R v_ca + R^2 v_aa), v = covariances / m,
 * t = t(0.975, m - 1). Bounded when ā is significantly non-zero (the
 * quadratic's leading coefficient is > 0); else NaN. */
static void fieller(const double *c, const double *a, size_t m, double *low, double *high)
{
    *low = *high = NAN;
    if (m < 2)
        return;
    double cbar = 0.0, abar = 0.0;
    for (size_t i = 0; i < m; i++) {
        cbar += c[i];
        abar += a[i];
    }
    cbar /= (double)m;
    abar /= (double)m;
    double vcc = 0.0, vaa = 0.0, vca = 0.0;
    for (size_t i = 0; i < m; i++) {
        vcc += (c[i] - cbar) * (c[i] - cbar);
        vaa += (a[i] - abar) * (a[i] - abar);
        vca += (c[i] - cbar) * (a[i] - abar);
    }
    double scale = 1.0 / ((double)(m - 1) * (double)m);
    double t = hsc_t975((double)(m - 1)), t2 = t * t;
    double qa = abar * abar - t2 * vaa * scale;
    double qb = cbar * abar - t2 * vca * scale;
    double qc = cbar * cbar - t2 * vcc * scale;
    double disc = qb * qb - qa * qc;
    if (!(qa > 0.0) || disc < 0.0)
        return;
    double root = sqrt(disc);
    *low = (qb - root) / qa;
    *high = (qb + root) / qa;
}

/* The cost per unit of `effect` avoided at `point`: net_cost / the fall a
 * year, with Fieller's CI over the replications where the cash and effect
 * KPIs are defined at both points; NaN unless the fall is significant.
 * scratch holds 2 * n_reps values. */
static struct hsc_appraisal_ratio cost_per_unit_avoided(const struct hsc_results *res,
                                                        size_t point, size_t cash_kpi,
                                                        size_t effect_kpi, double per_year,
                                                        const struct hsc_option_appraisal *oa,
                                                        const struct hsc_appraisal_change *effect,
                                                        double *scratch)
{
    struct hsc_appraisal_ratio ratio = {NAN, NAN, NAN};
    if (!(effect->significant && effect->ci_high < 0.0))
        return ratio;
    ratio.value = oa->net_cost / -effect->diff;
    double *c = scratch, *a = scratch + res->n_reps;
    size_t m = 0;
    for (size_t r = 0; r < res->n_reps; r++) {
        double c0 = res->kpi_value[hsc_results_kpi_index(res, 0, r, cash_kpi)];
        double c1 = res->kpi_value[hsc_results_kpi_index(res, point, r, cash_kpi)];
        double a0 = res->kpi_value[hsc_results_kpi_index(res, 0, r, effect_kpi)];
        double a1 = res->kpi_value[hsc_results_kpi_index(res, point, r, effect_kpi)];
        if (isnan(c0) || isnan(c1) || isnan(a0) || isnan(a1))
            continue;
        c[m] = oa->option_cost + (c1 - c0) * per_year;
        a[m] = (a0 - a1) * per_year;
        m++;
    }
    fieller(c, a, m, &ratio.ci_low, &ratio.ci_high);
    return ratio;
}

static enum hsc_appraisal_budget verdict(double cash, double remaining)
{
    if (isnan(remaining))
        return HSC_APPRAISAL_NO_BUDGET;
    return cash <= remaining ? HSC_APPRAISAL_FITS : HSC_APPRAISAL_DOES_NOT_FIT;
}

/* Fills everything of oa but `option` and `point`, which are set. */
static void appraise_option(const struct hsc_results *res, const size_t index[N_KEY],
                            double per_year, double remaining, double *scratch,
                            struct hsc_option_appraisal *oa)
{
    const struct hsc_option *option = oa->option;
    oa->one_off_per_year = option->one_off_cost / option->lifetime_years;
    oa->option_cost = oa->one_off_per_year + option->recurring_cost;
    for (size_t i = 0; i < N_KEY; i++)
        paired_change(res, oa->point, index[i], key_kpis[i].per_year ? per_year : 1.0, scratch,
                      key_field(oa, i));
    oa->net_cost = oa->option_cost + oa->cost_cash_total.diff;
    oa->net_cost_ci_high = oa->option_cost + oa->cost_cash_total.ci_high;
    oa->capacity_released_bed_days = -oa->capacity_bed_days.diff;
    oa->capacity_released_value = -oa->capacity_value.diff;
    oa->delayed_bed_days_avoided = -oa->delayed_bed_days.diff;
    oa->emergency_admissions_avoided = -oa->emergency_admissions.diff;
    oa->cost_per_delayed_bed_day_avoided =
        cost_per_unit_avoided(res, oa->point, index[K_CASH], index[K_DELAYED], per_year, oa,
                              &oa->delayed_bed_days, scratch);
    oa->cost_per_emergency_admission_avoided =
        cost_per_unit_avoided(res, oa->point, index[K_CASH], index[K_EMERGENCY], per_year, oa,
                              &oa->emergency_admissions, scratch);
    oa->budget = verdict(oa->net_cost, remaining);
    oa->budget_upper = verdict(oa->net_cost_ci_high, remaining);
    oa->runaway_replications = hsc_results_runaway_any(res, oa->point);
}

int hsc_appraisal_init(struct hsc_appraisal *app, const struct hsc_results *res,
                       const struct hsc_option *options, size_t n_options, double budget,
                       double committed, struct hsc_error *err)
{
    size_t index[N_KEY];
    double *scratch = NULL;
    int status = -1;
    memset(app, 0, sizeof *app);
    if (check_inputs(res, options, n_options, err) != 0 || find_key_kpis(res, index, err) != 0)
        goto cleanup;
    scratch = malloc(2 * (res->n_reps ? res->n_reps : 1) * sizeof *scratch);
    app->options = n_options ? calloc(n_options, sizeof *app->options) : NULL;
    if (!scratch || (n_options && !app->options)) {
        if (err)
            hsc_error_set(err, NULL, 0, NULL, "out of memory appraising %zu options", n_options);
        goto cleanup;
    }
    app->n_options = n_options;
    app->per_year = HSC_DAYS_PER_YEAR / res->measure_days;
    app->budget = budget;
    app->committed = committed;
    app->remaining = budget - committed;
    app->baseline_runaway_replications = hsc_results_runaway_any(res, 0);
    for (size_t i = 0; i < n_options; i++) {
        struct hsc_option_appraisal *oa = &app->options[i];
        oa->option = &options[i];
        oa->point = 1 + i;
        appraise_option(res, index, app->per_year, app->remaining, scratch, oa);
    }
    status = 0;
cleanup:
    free(scratch);
    if (status != 0)
        hsc_appraisal_fini(app);
    return status;
}

void hsc_appraisal_fini(struct hsc_appraisal *app)
{
    free(app->options);
    memset(app, 0, sizeof *app);
}
