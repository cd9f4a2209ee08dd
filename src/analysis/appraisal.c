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

/* The points match the results, members are single points, and the
 * period can be divided by. Returns 0, or -1 with err (may be NULL) filled. */
static int check_inputs(const struct hsc_results *res, const struct hsc_appraisal_point *points,
                        size_t n_points, struct hsc_error *err)
{
    if (res->n_points != 1 + n_points) {
        if (err)
            hsc_error_set(err, NULL, 0, NULL,
                          "the results hold %zu scenario points; appraising %zu options needs "
                          "%zu (the baseline, then one per option)",
                          res->n_points, n_points, 1 + n_points);
        return -1;
    }
    if (!(res->measure_days > 0.0) || isinf(res->measure_days)) {
        if (err)
            hsc_error_set(err, NULL, 0, NULL,
                          "the results' measure_days must be > 0 and finite (got %g)",
                          res->measure_days);
        return -1;
    }
    for (size_t i = 0; i < n_points; i++) {
        const char *point = res->point_names ? res->point_names[1 + i] : NULL;
        if (!point || strcmp(point, points[i].name) != 0) {
            if (err)
                hsc_error_set(err, NULL, 0, NULL,
                              "scenario point %zu is \"%s\", not the option \"%s\"", 1 + i,
                              point ? point : "", points[i].name);
            return -1;
        }
        for (size_t m = 0; m < points[i].n_members; m++) {
            size_t j = points[i].members[m];
            if (j >= n_points || points[j].n_members > 0) {
                if (err)
                    hsc_error_set(err, NULL, 0, NULL,
                                  "portfolio \"%s\": member %zu is not a single option's point",
                                  points[i].name, m);
                return -1;
            }
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

/* Fills *out from the paired difference *d, scaled. */
static void set_change(const struct hsc_difference *d, double scale,
                       struct hsc_appraisal_change *out)
{
    out->paired = *d;
    out->scale = scale;
    out->diff = d->diff * scale;
    out->ci_low = d->ci_low * scale;
    out->ci_high = d->ci_high * scale;
    out->significant = hsc_difference_significant(d);
}

static double value_at(const struct hsc_results *res, size_t point, size_t rep, size_t kpi)
{
    return res->kpi_value[hsc_results_kpi_index(res, point, rep, kpi)];
}

/* The paired change of KPI `kpi` at `point` against point 0; scratch holds
 * 2 * n_reps values. */
static void paired_change(const struct hsc_results *res, size_t point, size_t kpi, double scale,
                          double *scratch, struct hsc_appraisal_change *out)
{
    double *baseline = scratch, *option = scratch + res->n_reps;
    for (size_t r = 0; r < res->n_reps; r++) {
        baseline[r] = value_at(res, 0, r, kpi);
        option[r] = value_at(res, point, r, kpi);
    }
    struct hsc_difference d;
    hsc_compare_paired(baseline, option, res->n_reps, &d);
    set_change(&d, scale, out);
}

/* A portfolio's overlap on KPI `kpi` (struct hsc_appraisal_overlap): per
 * replication, the baseline B_r against B_r + sum_i (O_i,r - B_r) gives the
 * sum of the members' effects; that against the portfolio's P_r gives the
 * overlap. scratch holds 3 * n_reps values. */
static void overlap_of(const struct hsc_results *res, const struct hsc_option_appraisal *oa,
                       size_t kpi, double scale, double *scratch,
                       struct hsc_appraisal_overlap *out)
{
    double *baseline = scratch, *summed = scratch + res->n_reps,
           *portfolio = scratch + 2 * res->n_reps;
    for (size_t r = 0; r < res->n_reps; r++) {
        baseline[r] = value_at(res, 0, r, kpi);
        summed[r] = baseline[r];
        for (size_t m = 0; m < oa->what->n_members; m++)
            summed[r] += value_at(res, 1 + oa->what->members[m], r, kpi) - baseline[r];
        portfolio[r] = value_at(res, oa->point, r, kpi);
    }
    struct hsc_difference d;
    hsc_compare_paired(baseline, summed, res->n_reps, &d);
    set_change(&d, scale, &out->sum_of_members);
    hsc_compare_paired(summed, portfolio, res->n_reps, &d);
    set_change(&d, scale, &out->overlap);
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
        double c0 = value_at(res, 0, r, cash_kpi), c1 = value_at(res, point, r, cash_kpi);
        double a0 = value_at(res, 0, r, effect_kpi), a1 = value_at(res, point, r, effect_kpi);
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

/* Fills everything of oa but `what` and `point`, which are set. */
static void appraise_point(const struct hsc_results *res, const size_t index[N_KEY],
                           double per_year, double remaining, double *scratch,
                           struct hsc_option_appraisal *oa)
{
    oa->option_cost = oa->what->option_cost;
    for (size_t i = 0; i < N_KEY; i++)
        paired_change(res, oa->point, index[i], key_kpis[i].per_year ? per_year : 1.0, scratch,
                      key_field(oa, i));
    if (oa->what->n_members > 0) {
        overlap_of(res, oa, index[K_DELAYED], per_year, scratch, &oa->delayed_overlap);
        overlap_of(res, oa, index[K_EMERGENCY], per_year, scratch, &oa->emergency_overlap);
        overlap_of(res, oa, index[K_CASH], per_year, scratch, &oa->cash_overlap);
    }
    oa->net_cost = oa->option_cost + oa->cost_cash_total.diff;
    oa->net_cost_ci_low = oa->option_cost + oa->cost_cash_total.ci_low;
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
                       const struct hsc_appraisal_point *points, size_t n_points,
                       double budget, double committed, struct hsc_error *err)
{
    size_t index[N_KEY];
    double *scratch = NULL;
    int status = -1;
    memset(app, 0, sizeof *app);
    if (check_inputs(res, points, n_points, err) != 0 || find_key_kpis(res, index, err) != 0)
        goto cleanup;
    scratch = malloc(3 * (res->n_reps ? res->n_reps : 1) * sizeof *scratch);
    app->options = n_points ? calloc(n_points, sizeof *app->options) : NULL;
    if (!scratch || (n_points && !app->options)) {
        if (err)
            hsc_error_set(err, NULL, 0, NULL, "out of memory appraising %zu options", n_points);
        goto cleanup;
    }
    app->n_options = n_points;
    app->per_year = HSC_DAYS_PER_YEAR / res->measure_days;
    app->budget = budget;
    app->committed = committed;
    app->remaining = budget - committed;
    app->baseline_runaway_replications = hsc_results_runaway_any(res, 0);
    for (size_t i = 0; i < n_points; i++) {
        struct hsc_option_appraisal *oa = &app->options[i];
        oa->what = &points[i];
        oa->point = 1 + i;
        appraise_point(res, index, app->per_year, app->remaining, scratch, oa);
    }
    status = 0;
cleanup:
    free(scratch);
    if (status != 0)
        hsc_appraisal_fini(app);
    return status;
}

struct hsc_appraisal_point *hsc_appraisal_points_of(const struct hsc_scenario *sc)
{
    size_t n = sc->n_options + sc->n_portfolios;
    struct hsc_appraisal_point *points = n ? calloc(n, sizeof *points) : NULL;
    for (size_t o = 0; points && o < sc->n_options; o++) {
        const struct hsc_option *option = &sc->options[o];
        points[o] = (struct hsc_appraisal_point){
            option->name, option,
            hsc_option_annual_cost(option, hsc_option_default_level(option)), 0, NULL};
    }
    for (size_t f = 0; points && f < sc->n_portfolios; f++) {
        const struct hsc_portfolio *pf = &sc->portfolios[f];
        struct hsc_appraisal_point *point = &points[sc->n_options + f];
        *point = (struct hsc_appraisal_point){pf->name, NULL, 0.0, pf->n_members, pf->members};
        for (size_t m = 0; m < pf->n_members; m++) {
            const struct hsc_option *option = &sc->options[pf->members[m]];
            point->option_cost +=
                hsc_option_annual_cost(option, hsc_option_default_level(option));
        }
    }
    return points;
}

/* The /appraisal columns: a double of struct hsc_option_appraisal, one
 * that only portfolios have (NaN for single options), a budget verdict (1,
 * 0 or NaN) or the runaway count; and the baseline's value. */
enum column_kind { COL_DOUBLE, COL_OVERLAP, COL_VERDICT, COL_COUNT };
#define COL(name, unit, desc, kind, field, baseline)                                              \
    {{(char *)(name), (char *)(unit), (char *)(desc)}, kind,                                      \
     offsetof(struct hsc_option_appraisal, field), baseline}
static const struct column {
    struct hsc_kpi_def def;
    enum column_kind kind;
    size_t offset;
    double baseline;
} columns[] = {
    COL("option_cost", "£ a year", "the options' own cost a year", COL_DOUBLE, option_cost, 0.0),
    COL("net_cash_cost", "£ a year", "option cost + change in cost_cash_total a year",
        COL_DOUBLE, net_cost, 0.0),
    COL("net_cash_cost_ci_low", "£ a year", "lower 95% limit of net_cash_cost", COL_DOUBLE,
        net_cost_ci_low, 0.0),
    COL("net_cash_cost_ci_high", "£ a year", "upper 95% limit of net_cash_cost", COL_DOUBLE,
        net_cost_ci_high, 0.0),
    COL("capacity_released_bed_days", "bed-days a year",
        "fall in bed-days not paid per occupied bed-day (never cash)", COL_DOUBLE,
        capacity_released_bed_days, 0.0),
    COL("capacity_released_value", "£ a year", "those bed-days at value_per_bed_day (never cash)",
        COL_DOUBLE, capacity_released_value, 0.0),
    COL("delayed_bed_days_change", "bed-days a year", "paired change on the baseline",
        COL_DOUBLE, delayed_bed_days.diff, 0.0),
    COL("delayed_bed_days_change_ci_low", "bed-days a year", "lower 95% limit", COL_DOUBLE,
        delayed_bed_days.ci_low, 0.0),
    COL("delayed_bed_days_change_ci_high", "bed-days a year", "upper 95% limit", COL_DOUBLE,
        delayed_bed_days.ci_high, 0.0),
    COL("emergency_admissions_change", "people a year", "paired change on the baseline",
        COL_DOUBLE, emergency_admissions.diff, 0.0),
    COL("emergency_admissions_change_ci_low", "people a year", "lower 95% limit", COL_DOUBLE,
        emergency_admissions.ci_low, 0.0),
    COL("emergency_admissions_change_ci_high", "people a year", "upper 95% limit", COL_DOUBLE,
        emergency_admissions.ci_high, 0.0),
    COL("cost_per_delayed_bed_day_avoided", "£", "net_cash_cost / delayed bed-days avoided, "
        "only for a significant fall (else NaN)", COL_DOUBLE,
        cost_per_delayed_bed_day_avoided.value, NAN),
    COL("cost_per_delayed_bed_day_avoided_ci_low", "£", "Fieller 95% limit", COL_DOUBLE,
        cost_per_delayed_bed_day_avoided.ci_low, NAN),
    COL("cost_per_delayed_bed_day_avoided_ci_high", "£", "Fieller 95% limit", COL_DOUBLE,
        cost_per_delayed_bed_day_avoided.ci_high, NAN),
    COL("cost_per_emergency_admission_avoided", "£", "net_cash_cost / emergency admissions "
        "avoided, only for a significant fall (else NaN)", COL_DOUBLE,
        cost_per_emergency_admission_avoided.value, NAN),
    COL("cost_per_emergency_admission_avoided_ci_low", "£", "Fieller 95% limit", COL_DOUBLE,
        cost_per_emergency_admission_avoided.ci_low, NAN),
    COL("cost_per_emergency_admission_avoided_ci_high", "£", "Fieller 95% limit", COL_DOUBLE,
        cost_per_emergency_admission_avoided.ci_high, NAN),
    COL("budget_fits", "1/0", "net_cash_cost <= budget - committed (NaN: no budget)",
        COL_VERDICT, budget, NAN),
    COL("budget_upper_fits", "1/0", "net_cash_cost_ci_high <= budget - committed", COL_VERDICT,
        budget_upper, NAN),
    COL("delayed_bed_days_overlap", "bed-days a year", "portfolio's change minus the sum of "
        "its options' single changes (NaN: not a portfolio)", COL_OVERLAP,
        delayed_overlap.overlap.diff, NAN),
    COL("delayed_bed_days_overlap_ci_low", "bed-days a year", "lower 95% limit", COL_OVERLAP,
        delayed_overlap.overlap.ci_low, NAN),
    COL("delayed_bed_days_overlap_ci_high", "bed-days a year", "upper 95% limit", COL_OVERLAP,
        delayed_overlap.overlap.ci_high, NAN),
    COL("runaway_replications", "replications", "replications in which a queue ran away",
        COL_COUNT, runaway_replications, NAN),
};
#undef COL
#define N_COLUMNS (sizeof columns / sizeof columns[0])

/* Column c's value for one appraised point. */
static double column_value(const struct column *c, const struct hsc_option_appraisal *oa)
{
    const char *at = (const char *)oa + c->offset;
    switch (c->kind) {
    case COL_VERDICT: {
        enum hsc_appraisal_budget verdict = *(const enum hsc_appraisal_budget *)(const void *)at;
        return verdict == HSC_APPRAISAL_NO_BUDGET ? NAN : verdict == HSC_APPRAISAL_FITS;
    }
    case COL_COUNT:
        return (double)*(const size_t *)(const void *)at;
    case COL_OVERLAP:
        return oa->what->n_members > 0 ? *(const double *)(const void *)at : NAN;
    default:
        return *(const double *)(const void *)at;
    }
}

int hsc_appraisal_add_columns(const struct hsc_appraisal *app, struct hsc_results *res)
{
    struct hsc_kpi_def defs[N_COLUMNS];
    for (size_t i = 0; i < N_COLUMNS; i++)
        defs[i] = columns[i].def;
    size_t first;
    if (hsc_results_add_columns(res, defs, N_COLUMNS, &first) != 0)
        return -1;
    for (size_t i = 0; i < N_COLUMNS; i++) {
        const struct column *c = &columns[i];
        double *value = res->column_value + first + i;
        value[0] = c->kind == COL_COUNT ? (double)app->baseline_runaway_replications
                                        : c->baseline;
        for (size_t p = 0; p < app->n_options; p++) {
            const struct hsc_option_appraisal *oa = &app->options[p];
            value[oa->point * res->n_columns] = column_value(c, oa);
        }
    }
    return 0;
}

void hsc_appraisal_fini(struct hsc_appraisal *app)
{
    free(app->options);
    memset(app, 0, sizeof *app);
}
