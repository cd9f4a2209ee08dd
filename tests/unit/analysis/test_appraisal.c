/*
 * Unit tests for src/analysis/appraisal.c on a results struct built by hand:
 * a baseline and three options, 4 replications on common random numbers,
 * KPIs stored in a shuffled order (so a lookup by position would fail).
 *
 * measure_days = 91.3125 = 365.25 / 4, so a year is exactly 4 periods and
 * every annualised figure below is exact. The differences are small
 * integers or halves, so the means and hence the changes, net costs and
 * ratios are exact in double precision and are checked with tolerance 0.
 * The CIs involve t(0.975, 3) = 3.1824463052842638 (R: qt(0.975, 3)) from
 * GSL: they are checked exactly against hsc_compare_paired on the same
 * values, and against the hand values to 1e-9 (GSL's quantile is good to
 * ~1e-12 relative; the hand values were worked out in double precision).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hscflow/appraisal.h"
#include "support/assert_near.h"

#define N_REPS 4
#define MEASURE_DAYS 91.3125 /* 365.25 / 4 */
#define PER_YEAR 4.0
#define T975_DF3 3.1824463052842638

/* The KPI axis, deliberately not in the appraisal's order, with a KPI the
 * appraisal does not use in front. */
enum { K_OCCUPANCY, K_COST, K_AT_HOME, K_EMERGENCY, K_DELAYED, K_72H, K_CARE_HOME, K_CASH,
       K_CAP_DAYS, K_CAP_VALUE, N_KPIS };
static const char *const kpi_names[N_KPIS] = {
    "occupancy_mean.service.acute", "cost_total", "at_home_91d_pct", "emergency_admissions",
    "delayed_bed_days", "discharged_within_72h_pct", "care_home_admissions", "cost_cash_total",
    "capacity_bed_days", "capacity_value",
};

/* Point 0, by KPI and replication. At home 91 days is NaN in replication 1
 * (undefined there), so that pair is left out. */
static const double baseline[N_KPIS][N_REPS] = {
    [K_OCCUPANCY] = {30, 31, 29, 30},     [K_COST] = {1e6, 1.1e6, 0.9e6, 1.05e6},
    [K_AT_HOME] = {80, NAN, 82, 81},      [K_EMERGENCY] = {500, 510, 490, 505},
    [K_DELAYED] = {1000, 1100, 900, 1050}, [K_72H] = {50, 52, 48, 50},
    [K_CARE_HOME] = {40, 42, 38, 41},     [K_CASH] = {0.8e6, 0.9e6, 0.7e6, 0.85e6},
    [K_CAP_DAYS] = {9000, 9100, 8900, 9050}, [K_CAP_VALUE] = {2.7e6, 2.73e6, 2.67e6, 2.715e6},
};

/* Option minus baseline, per option, KPI and replication.
 *
 * beds: delayed d = -100 -120 -80 -100: mean -100, sd sqrt(800/3), se =
 *   sd / 2 = 8.16496580927726, half-width t * se = 25.98456527250675:
 *   a year -400 [-503.938..., -296.061...]; cost_total -50000 a period,
 *   -200000 a year; emergency admissions +2 a period (+8 a year: nothing
 *   avoided); 72 h +1 % point [0.3503858681873313, 1.6496141318126687]
 *   (% points are not scaled); at home +0.5 in the 3 usable pairs, all
 *   equal, so the CI is [0.5, 0.5]; care home 0 [0, 0], not significant.
 *   Cash changes as cost_total does; capacity_bed_days -100 a period (400
 *   released a year) worth £300 each (£120000 a year), which is not cash.
 *   Option cost 25000 / 5 + 274000 = 279000; net cash 279000 - 200000 =
 *   79000; per delayed bed-day avoided 79000 / 400 = 197.5.
 * team: delayed exactly 0 (nothing avoided); emergency -3 a period (-12 a
 *   year); cost_total +10000 (+40000 a year) but cash +12500 (+50000 a
 *   year: the net cost is cash); care home +1 -1 +1 -1 (mean 0, CI
 *   straddles 0). Option cost 0 / 1 + 150000; net 200000; per emergency
 *   admission avoided 200000 / 12.
 * cheap: every replication delayed -10, emergency -1, cost_total and cash
 *   -5000.
 *   Option cost 3000 / 3 = 1000; net 1000 - 20000 = -19000 (a saving);
 *   per delayed bed-day avoided -19000 / 40 = -475, per admission -4750.
 */
enum { BEDS, TEAM, CHEAP, N_OPTIONS };
static const double delta[N_OPTIONS][N_KPIS][N_REPS] = {
    [BEDS] = {[K_OCCUPANCY] = {7, -3, 2, 0},       [K_COST] = {-50000, -60000, -40000, -50000},
              [K_AT_HOME] = {0.5, 0, 0.5, 0.5},    [K_EMERGENCY] = {2, 1, 3, 2},
              [K_DELAYED] = {-100, -120, -80, -100}, [K_72H] = {1, 1.5, 0.5, 1},
              [K_CASH] = {-50000, -60000, -40000, -50000},
              [K_CAP_DAYS] = {-100, -120, -80, -100},
              [K_CAP_VALUE] = {-30000, -36000, -24000, -30000}},
    [TEAM] = {[K_COST] = {10000, 12000, 8000, 10000}, [K_EMERGENCY] = {-3, -2, -4, -3},
              [K_CARE_HOME] = {1, -1, 1, -1}, [K_CASH] = {12500, 14500, 10500, 12500}},
    [CHEAP] = {[K_COST] = {-5000, -5000, -5000, -5000}, [K_EMERGENCY] = {-1, -1, -1, -1},
               [K_DELAYED] = {-10, -10, -10, -10}, [K_CASH] = {-5000, -5000, -5000, -5000}},
};
/* The option's own at home value in the replication where the baseline's
 * is NaN: it must not count. */
#define BEDS_AT_HOME_REP1 99.0

static const struct hsc_option options[N_OPTIONS] = {
    [BEDS] = {.name = "beds", .description = "", .one_off_cost = 25000.0,
              .lifetime_years = 5.0, .recurring_cost = 274000.0},
    [TEAM] = {.name = "team", .description = "", .one_off_cost = 0.0, .lifetime_years = 1.0,
              .recurring_cost = 150000.0},
    [CHEAP] = {.name = "cheap", .description = "", .one_off_cost = 3000.0,
               .lifetime_years = 3.0, .recurring_cost = 0.0},
};

/* What is appraised: the options, each its own cost a year
 * (hsc_option_annual_cost: one-off over the lifetime + recurring). */
static struct hsc_appraisal_point points[N_OPTIONS];

static void fill_points(void)
{
    for (size_t i = 0; i < N_OPTIONS; i++)
        points[i] = (struct hsc_appraisal_point){
            options[i].name, &options[i], hsc_option_annual_cost(&options[i], NAN), 0, NULL};
}

/* The value of KPI k at point p (0 = baseline) in replication r. */
static double value(size_t p, size_t k, size_t r)
{
    if (p == 1 + BEDS && k == K_AT_HOME && r == 1)
        return BEDS_AT_HOME_REP1;
    return baseline[k][r] + (p == 0 ? 0.0 : delta[p - 1][k][r]);
}

/* The fixture's results with `n_services` services (no flags set); NULL
 * when memory runs out. */
static struct hsc_results *build(size_t n_services)
{
    struct hsc_results *res = calloc(1, sizeof *res);
    if (!res || hsc_results_alloc(res, 1 + N_OPTIONS, N_REPS, N_KPIS, n_services, 0, 0) != 0) {
        free(res);
        return NULL;
    }
    res->measure_days = MEASURE_DAYS;
    for (size_t p = 0; p < res->n_points; p++)
        res->point_names[p] = strdup(p == 0 ? "baseline" : options[p - 1].name);
    for (size_t k = 0; k < N_KPIS; k++)
        res->kpis[k].name = strdup(kpi_names[k]);
    for (size_t p = 0; p < res->n_points; p++)
        for (size_t r = 0; r < N_REPS; r++)
            for (size_t k = 0; k < N_KPIS; k++)
                res->kpi_value[hsc_results_kpi_index(res, p, r, k)] = value(p, k, r);
    res->replications[1] = 1;
    res->replications[2] = 2;
    res->replications[3] = 3;
    return res;
}

static int setup(void **state)
{
    fill_points();
    *state = build(0);
    return *state ? 0 : -1;
}

static int teardown(void **state)
{
    hsc_results_free(*state);
    free(*state);
    return 0;
}

/* Appraises the fixture; fails the test unless it succeeds. */
static void appraise_committed(const struct hsc_results *res, double budget, double committed,
                               struct hsc_appraisal *app)
{
    struct hsc_error err = {0};
    int status = hsc_appraisal_init(app, res, points, N_OPTIONS, budget, committed, &err);
    if (status != 0)
        print_error("hsc_appraisal_init: %s\n", err.message ? err.message : "(no message)");
    assert_int_equal(status, 0);
    assert_null(err.message);
    assert_int_equal(app->n_options, N_OPTIONS);
}

static void appraise(const struct hsc_results *res, double budget, struct hsc_appraisal *app)
{
    appraise_committed(res, budget, 0.0, app);
}

static void test_option_cost_spreads_one_off_over_lifetime(void **state)
{
    struct hsc_appraisal app;
    appraise(*state, 100000.0, &app);
    assert_near(app.per_year, PER_YEAR, 0);
    assert_ptr_equal(app.options[BEDS].what, &points[BEDS]);
    assert_ptr_equal(app.options[BEDS].what->option, &options[BEDS]);
    assert_int_equal(app.options[BEDS].point, 1);
    assert_int_equal(app.options[CHEAP].point, 3);
    assert_near(app.options[BEDS].option_cost, 279000.0, 0);
    assert_near(app.options[TEAM].option_cost, 150000.0, 0);
    assert_near(app.options[CHEAP].option_cost, 1000.0, 0);
    hsc_appraisal_fini(&app);
}

/* Each named change of option i, next to the KPI it reports. */
static const struct hsc_appraisal_change *change_of(const struct hsc_option_appraisal *oa,
                                                    size_t kpi)
{
    switch (kpi) {
    case K_DELAYED: return &oa->delayed_bed_days;
    case K_EMERGENCY: return &oa->emergency_admissions;
    case K_CARE_HOME: return &oa->care_home_admissions;
    case K_72H: return &oa->discharged_within_72h_pct;
    case K_AT_HOME: return &oa->at_home_91d_pct;
    case K_COST: return &oa->cost_total;
    case K_CASH: return &oa->cost_cash_total;
    case K_CAP_DAYS: return &oa->capacity_bed_days;
    case K_CAP_VALUE: return &oa->capacity_value;
    default: return NULL;
    }
}

/* Exact equality that also holds for two NaNs. */
static void assert_same(double got, double want)
{
    if (isnan(want))
        assert_true(isnan(got));
    else
        assert_near(got, want, 0);
}

/* Every change is hsc_compare_paired(baseline, option) of that KPI, scaled
 * by exactly 4 for counts and money and not at all for % points. */
static void test_changes_are_compare_paired_annualised(void **state)
{
    const struct hsc_results *res = *state;
    struct hsc_appraisal app;
    appraise(res, 100000.0, &app);
    for (size_t i = 0; i < N_OPTIONS; i++) {
        for (size_t k = 0; k < N_KPIS; k++) {
            const struct hsc_appraisal_change *c = change_of(&app.options[i], k);
            if (!c)
                continue;
            double a[N_REPS], b[N_REPS];
            for (size_t r = 0; r < N_REPS; r++) {
                a[r] = value(0, k, r);
                b[r] = value(1 + i, k, r);
            }
            struct hsc_difference want;
            hsc_compare_paired(a, b, N_REPS, &want);
            bool pct = k == K_72H || k == K_AT_HOME;
            double scale = pct ? 1.0 : PER_YEAR;
            assert_near(c->scale, scale, 0);
            assert_int_equal(c->paired.n_a, want.n_a);
            assert_same(c->paired.diff, want.diff);
            assert_same(c->paired.sd, want.sd);
            assert_same(c->paired.ci_low, want.ci_low);
            assert_same(c->paired.ci_high, want.ci_high);
            assert_same(c->diff, want.diff * scale);
            assert_same(c->ci_low, want.ci_low * scale);
            assert_same(c->ci_high, want.ci_high * scale);
            assert_int_equal(c->significant, hsc_difference_significant(&want));
        }
    }
    hsc_appraisal_fini(&app);
}

/* The hand values of the comment at the top. */
static void test_changes_by_hand(void **state)
{
    struct hsc_appraisal app;
    appraise(*state, 100000.0, &app);
    const struct hsc_option_appraisal *beds = &app.options[BEDS], *team = &app.options[TEAM];
    double half = T975_DF3 * sqrt(800.0 / 3.0) / 2.0; /* 25.98456527250675 */
    assert_near(beds->delayed_bed_days.paired.diff, -100.0, 0);
    assert_near(beds->delayed_bed_days.diff, -400.0, 0);
    assert_near(beds->delayed_bed_days.ci_low, 4.0 * (-100.0 - half), 1e-9);
    assert_near(beds->delayed_bed_days.ci_high, 4.0 * (-100.0 + half), 1e-9);
    assert_near(beds->delayed_bed_days.ci_low, -503.93826109002705, 1e-9);
    assert_true(beds->delayed_bed_days.significant);
    assert_near(beds->cost_total.diff, -200000.0, 0);
    assert_near(beds->emergency_admissions.diff, 8.0, 0);
    assert_near(beds->discharged_within_72h_pct.diff, 1.0, 0);
    assert_near(beds->discharged_within_72h_pct.ci_low, 0.3503858681873313, 1e-9);
    assert_near(beds->discharged_within_72h_pct.ci_high, 1.6496141318126687, 1e-9);
    /* At home: the NaN pair (and the option's 99 in it) is left out. */
    assert_int_equal(beds->at_home_91d_pct.paired.n_a, 3);
    assert_near(beds->at_home_91d_pct.diff, 0.5, 0);
    assert_near(beds->at_home_91d_pct.ci_low, 0.5, 0);
    assert_near(beds->at_home_91d_pct.ci_high, 0.5, 0);
    assert_true(beds->at_home_91d_pct.significant);
    assert_near(beds->care_home_admissions.diff, 0.0, 0);
    assert_false(beds->care_home_admissions.significant);
    assert_near(team->delayed_bed_days.diff, 0.0, 0);
    assert_near(team->emergency_admissions.diff, -12.0, 0);
    assert_near(team->care_home_admissions.diff, 0.0, 0);
    assert_true(team->care_home_admissions.ci_low < 0.0 && team->care_home_admissions.ci_high > 0.0);
    assert_false(team->care_home_admissions.significant);
    hsc_appraisal_fini(&app);
}

/* Net cost = option cost + the change in cost_cash_total a year; the ratios
 * divide it by what is avoided a year, NaN ("no significant effect") unless
 * the fall is significant. */
static void test_net_cost_and_ratios(void **state)
{
    struct hsc_appraisal app;
    appraise(*state, 100000.0, &app);
    const struct hsc_option_appraisal *beds = &app.options[BEDS], *team = &app.options[TEAM],
                                      *cheap = &app.options[CHEAP];
    assert_near(beds->net_cost, 79000.0, 0);
    assert_near(beds->delayed_bed_days_avoided, 400.0, 0);
    assert_near(beds->cost_per_delayed_bed_day_avoided.value, 197.5, 0);
    assert_near(beds->emergency_admissions_avoided, -8.0, 0); /* they rose */
    assert_true(isnan(beds->cost_per_emergency_admission_avoided.value));

    assert_near(team->net_cost, 200000.0, 0); /* cash, not cost_total's +40000 */
    assert_near(team->cost_total.diff, 40000.0, 0);
    assert_near(team->delayed_bed_days_avoided, 0.0, 0); /* no change at all */
    assert_true(isnan(team->cost_per_delayed_bed_day_avoided.value));
    assert_near(team->emergency_admissions_avoided, 12.0, 0);
    assert_near(team->cost_per_emergency_admission_avoided.value, 200000.0 / 12.0, 0);

    assert_near(cheap->net_cost, -19000.0, 0); /* a net saving */
    assert_near(cheap->cost_per_delayed_bed_day_avoided.value, -475.0, 0);
    assert_near(cheap->cost_per_emergency_admission_avoided.value, -4750.0, 0);
    hsc_appraisal_fini(&app);
}

/* Fits when net cost <= budget (the boundary fits); no budget is NaN. */
static void test_budget(void **state)
{
    struct hsc_appraisal app;
    appraise(*state, 100000.0, &app);
    assert_near(app.budget, 100000.0, 0);
    assert_int_equal(app.options[BEDS].budget, HSC_APPRAISAL_FITS);
    assert_int_equal(app.options[TEAM].budget, HSC_APPRAISAL_DOES_NOT_FIT);
    assert_int_equal(app.options[CHEAP].budget, HSC_APPRAISAL_FITS);
    hsc_appraisal_fini(&app);

    appraise(*state, 79000.0, &app); /* exactly beds' net cost */
    assert_int_equal(app.options[BEDS].budget, HSC_APPRAISAL_FITS);
    hsc_appraisal_fini(&app);
    appraise(*state, 78999.0, &app);
    assert_int_equal(app.options[BEDS].budget, HSC_APPRAISAL_DOES_NOT_FIT);
    assert_int_equal(app.options[CHEAP].budget, HSC_APPRAISAL_FITS);
    hsc_appraisal_fini(&app);
    appraise(*state, -20000.0, &app); /* a budget that demands a saving */
    assert_int_equal(app.options[CHEAP].budget, HSC_APPRAISAL_DOES_NOT_FIT);
    hsc_appraisal_fini(&app);

    appraise(*state, NAN, &app);
    assert_true(isnan(app.budget));
    for (size_t i = 0; i < N_OPTIONS; i++)
        assert_int_equal(app.options[i].budget, HSC_APPRAISAL_NO_BUDGET);
    hsc_appraisal_fini(&app);
    hsc_appraisal_fini(&app); /* twice is safe */
}

/* Capacity released is the fall in bed-days not paid per occupied bed-day
 * and their value, a year; it never enters the net (cash) cost. */
static void test_capacity_released_is_not_cash(void **state)
{
    struct hsc_appraisal app;
    appraise(*state, 100000.0, &app);
    const struct hsc_option_appraisal *beds = &app.options[BEDS], *team = &app.options[TEAM];
    assert_near(beds->capacity_released_bed_days, 400.0, 0);
    assert_near(beds->capacity_released_value, 120000.0, 0);
    assert_true(beds->capacity_bed_days.significant);
    assert_near(beds->net_cost, 79000.0, 0); /* not 79000 - 120000 */
    assert_near(team->capacity_released_bed_days, 0.0, 0);
    assert_near(team->capacity_released_value, 0.0, 0);
    hsc_appraisal_fini(&app);
}

/* Fieller's interval: both bounds solve (c̄ - R ā)^2 = t^2 var(c - R a) / m
 * on the paired annual values (c = option cost + 4 x the cash change,
 * a = 4 x the fall), and hold the ratio between them. team's emergency
 * admissions: c = 200000, 208000, 192000, 200000; a = 12, 8, 16, 12. With
 * no spread (cheap) the interval is the ratio itself. */
static double fieller_gap(double r, const double *c, const double *a, size_t m)
{
    double cbar = 0, abar = 0, vcc = 0, vaa = 0, vca = 0;
    for (size_t i = 0; i < m; i++) {
        cbar += c[i] / (double)m;
        abar += a[i] / (double)m;
    }
    for (size_t i = 0; i < m; i++) {
        vcc += (c[i] - cbar) * (c[i] - cbar) / (double)((m - 1) * m);
        vaa += (a[i] - abar) * (a[i] - abar) / (double)((m - 1) * m);
        vca += (c[i] - cbar) * (a[i] - abar) / (double)((m - 1) * m);
    }
    double lhs = (cbar - r * abar) * (cbar - r * abar);
    return lhs - T975_DF3 * T975_DF3 * (vcc - 2 * r * vca + r * r * vaa);
}

static void test_ratio_ci_fieller(void **state)
{
    struct hsc_appraisal app;
    appraise(*state, 100000.0, &app);
    const struct hsc_appraisal_ratio *team = &app.options[TEAM].cost_per_emergency_admission_avoided;
    static const double c[N_REPS] = {200000, 208000, 192000, 200000}, a[N_REPS] = {12, 8, 16, 12};
    assert_near(team->value, 200000.0 / 12.0, 1e-9);
    assert_true(team->ci_low < team->value && team->value < team->ci_high);
    /* the quadratic is ~1e10 here: a root good to 1e-12 leaves a gap below 1 */
    assert_near(fieller_gap(team->ci_low, c, a, N_REPS), 0.0, 1.0);
    assert_near(fieller_gap(team->ci_high, c, a, N_REPS), 0.0, 1.0);
    assert_true(fieller_gap(team->value, c, a, N_REPS) < 0.0); /* inside */
    /* a = 8 gives 26000 and a = 16 gives 12000 a unit: a real spread */
    assert_true(team->ci_low < 13000.0 && team->ci_high > 22000.0);
    const struct hsc_appraisal_ratio *cheap = &app.options[CHEAP].cost_per_delayed_bed_day_avoided;
    assert_near(cheap->ci_low, -475.0, 1e-9);
    assert_near(cheap->ci_high, -475.0, 1e-9);
    /* Withheld ratios have no interval either. */
    assert_true(isnan(app.options[TEAM].cost_per_delayed_bed_day_avoided.ci_low));
    hsc_appraisal_fini(&app);
}

/* A fall whose 95% CI spans zero gets no ratio, however large its mean. */
static void test_ratio_withheld_without_significant_effect(void **state)
{
    struct hsc_results *res = *state;
    static const double emergency[N_REPS] = {-3, 2, -4, 1}; /* mean -1, CI spans 0 */
    for (size_t r = 0; r < N_REPS; r++)
        res->kpi_value[hsc_results_kpi_index(res, 1 + BEDS, r, K_EMERGENCY)] =
            baseline[K_EMERGENCY][r] + emergency[r];
    struct hsc_appraisal app;
    appraise(res, 100000.0, &app);
    const struct hsc_option_appraisal *beds = &app.options[BEDS];
    assert_near(beds->emergency_admissions_avoided, 4.0, 0);
    assert_false(beds->emergency_admissions.significant);
    assert_true(isnan(beds->cost_per_emergency_admission_avoided.value));
    assert_near(beds->cost_per_delayed_bed_day_avoided.value, 197.5, 0); /* significant: kept */
    hsc_appraisal_fini(&app);
}

/* Money already committed comes off the budget; the upper 95% limit of the
 * net cash cost gets its own verdict. beds: net 79000, upper limit
 * 279000 + 4 x (-50000 + t x sd / 2) with sd = sqrt(2e8 / 3). */
static void test_committed_money_and_upper_limit(void **state)
{
    struct hsc_appraisal app;
    double upper = 279000.0 + 4.0 * (-50000.0 + T975_DF3 * sqrt(2e8 / 3.0) / 2.0);
    appraise_committed(*state, 179000.0, 100000.0, &app);
    assert_near(app.remaining, 79000.0, 0);
    assert_near(app.committed, 100000.0, 0);
    assert_near(app.options[BEDS].net_cost_ci_high, upper, 1e-6);
    assert_int_equal(app.options[BEDS].budget, HSC_APPRAISAL_FITS);
    assert_int_equal(app.options[BEDS].budget_upper, HSC_APPRAISAL_DOES_NOT_FIT);
    hsc_appraisal_fini(&app);
    appraise_committed(*state, 179000.0, 100001.0, &app);
    assert_int_equal(app.options[BEDS].budget, HSC_APPRAISAL_DOES_NOT_FIT);
    hsc_appraisal_fini(&app);
    appraise_committed(*state, 100000.0 + upper, 100000.0, &app);
    assert_int_equal(app.options[BEDS].budget_upper, HSC_APPRAISAL_FITS);
    hsc_appraisal_fini(&app);
}

/* An undefined cost_cash_total makes the net cost, both ratios and the budget
 * verdict undefined: NaN, NaN, NaN and "does not fit". */
static void test_undefined_cash(void **state)
{
    struct hsc_results *res = *state;
    for (size_t r = 0; r < N_REPS; r++)
        res->kpi_value[hsc_results_kpi_index(res, 1 + BEDS, r, K_CASH)] = NAN;
    struct hsc_appraisal app;
    appraise(res, 100000.0, &app);
    const struct hsc_option_appraisal *beds = &app.options[BEDS];
    assert_int_equal(beds->cost_cash_total.paired.n_a, 0);
    assert_true(isnan(beds->cost_cash_total.diff));
    assert_false(beds->cost_cash_total.significant);
    assert_true(isnan(beds->net_cost));
    assert_true(isnan(beds->cost_per_delayed_bed_day_avoided.value));
    assert_int_equal(beds->budget, HSC_APPRAISAL_DOES_NOT_FIT);
    assert_near(app.options[TEAM].net_cost, 200000.0, 0); /* the others are untouched */
    hsc_appraisal_fini(&app);
}

/* A 60-day period: counts and money x 365.25 / 60, % points as they are. */
static void test_other_period_length(void **state)
{
    struct hsc_results *res = *state;
    res->measure_days = 60.0;
    struct hsc_appraisal app;
    appraise(res, 100000.0, &app);
    double per_year = 365.25 / 60.0;
    assert_near(app.per_year, per_year, 0);
    assert_near(app.options[BEDS].delayed_bed_days.diff, -100.0 * per_year, 0);
    assert_near(app.options[BEDS].cost_total.diff, -50000.0 * per_year, 0);
    assert_near(app.options[BEDS].net_cost, 279000.0 - 50000.0 * per_year, 0);
    assert_near(app.options[BEDS].discharged_within_72h_pct.diff, 1.0, 0);
    hsc_appraisal_fini(&app);
}

/* Fails, with *app zeroed and err naming the problem. */
static void assert_fails(const struct hsc_results *res, const struct hsc_appraisal_point *pts,
                         size_t n_pts, const char *message_part)
{
    struct hsc_appraisal app;
    memset(&app, 0xff, sizeof app); /* init must zero it, whatever it held */
    struct hsc_error err = {0};
    assert_int_equal(hsc_appraisal_init(&app, res, pts, n_pts, 1e6, 0.0, &err), -1);
    assert_int_equal(app.n_options, 0);
    assert_null(app.options);
    assert_non_null(err.message);
    if (!strstr(err.message, message_part))
        print_error("message \"%s\" does not contain \"%s\"\n", err.message, message_part);
    assert_non_null(strstr(err.message, message_part));
    hsc_error_clear(&err);
    /* Without an error to fill it fails the same way. */
    assert_int_equal(hsc_appraisal_init(&app, res, pts, n_pts, 1e6, 0.0, NULL), -1);
    assert_null(app.options);
}

/* A key KPI missing from the results: the lookup fails and says which. */
static void test_missing_kpi_fails_cleanly(void **state)
{
    struct hsc_results *res = *state;
    free(res->kpis[K_CARE_HOME].name);
    res->kpis[K_CARE_HOME].name = strdup("care_home_admissions.cohort.older");
    assert_fails(res, points, N_OPTIONS, "no KPI \"care_home_admissions\"");
}

static void test_points_must_match_options(void **state)
{
    struct hsc_results *res = *state;
    assert_fails(res, points, 2, "hold 4 scenario points");
    struct hsc_appraisal_point swapped[N_OPTIONS] = {points[TEAM], points[BEDS], points[CHEAP]};
    assert_fails(res, swapped, N_OPTIONS, "scenario point 1 is \"beds\", not the option \"team\"");
}

/* A portfolio's members must be single options among the points. */
static void test_bad_period_or_member(void **state)
{
    struct hsc_results *res = *state;
    struct hsc_appraisal_point bad[N_OPTIONS] = {points[BEDS], points[TEAM], points[CHEAP]};
    const size_t beyond[] = {0, N_OPTIONS}, itself[] = {0, 2};
    bad[CHEAP].n_members = 2;
    bad[CHEAP].members = beyond;
    assert_fails(res, bad, N_OPTIONS, "portfolio \"cheap\": member 1 is not a single option");
    bad[CHEAP].members = itself;
    assert_fails(res, bad, N_OPTIONS, "portfolio \"cheap\": member 1 is not a single option");
    res->measure_days = 0.0;
    assert_fails(res, points, N_OPTIONS, "measure_days must be > 0");
}

/* A portfolio of beds and cheap (point 4): per replication its change is
 * the members' changes summed plus an overlap of +5 +15 -5 +5 delayed
 * bed-days a period (mean +5, a year +20), so the sum of single effects
 * is beds' -400 + cheap's -40 a year and the overlap is compare_paired of
 * the overlaps, annualised. Emergency admissions add up exactly (overlap 0). */
static void test_portfolio_overlap(void **state)
{
    (void)state;
    static const double overlap[N_REPS] = {5, 15, -5, 5};
    struct hsc_results *res = calloc(1, sizeof *res);
    assert_non_null(res);
    assert_int_equal(hsc_results_alloc(res, 2 + N_OPTIONS, N_REPS, N_KPIS, 0, 0, 0), 0);
    res->measure_days = MEASURE_DAYS;
    const char *names[] = {"baseline", "beds", "team", "cheap", "both"};
    for (size_t p = 0; p < res->n_points; p++)
        res->point_names[p] = strdup(names[p]);
    for (size_t k = 0; k < N_KPIS; k++)
        res->kpis[k].name = strdup(kpi_names[k]);
    for (size_t r = 0; r < N_REPS; r++)
        for (size_t k = 0; k < N_KPIS; k++) {
            for (size_t p = 0; p <= N_OPTIONS; p++)
                res->kpi_value[hsc_results_kpi_index(res, p, r, k)] = value(p, k, r);
            double both = baseline[k][r] + delta[BEDS][k][r] + delta[CHEAP][k][r] +
                          (k == K_DELAYED ? overlap[r] : 0.0);
            res->kpi_value[hsc_results_kpi_index(res, 1 + N_OPTIONS, r, k)] = both;
        }
    const size_t members[] = {BEDS, CHEAP};
    struct hsc_appraisal_point pts[N_OPTIONS + 1] = {points[BEDS], points[TEAM], points[CHEAP]};
    pts[N_OPTIONS] = (struct hsc_appraisal_point){
        "both", NULL, points[BEDS].option_cost + points[CHEAP].option_cost, 2, members};
    struct hsc_appraisal app;
    struct hsc_error err = {0};
    assert_int_equal(hsc_appraisal_init(&app, res, pts, N_OPTIONS + 1, 1e6, 0.0, &err), 0);
    const struct hsc_option_appraisal *both = &app.options[N_OPTIONS];
    assert_near(both->option_cost, 280000.0, 0);
    assert_near(both->delayed_overlap.sum_of_members.diff, -440.0, 1e-9);
    assert_near(both->delayed_bed_days.diff, -420.0, 1e-9);
    assert_near(both->delayed_overlap.overlap.diff, 20.0, 1e-9);
    struct hsc_difference d;
    double zero[N_REPS] = {0, 0, 0, 0};
    hsc_compare_paired(zero, overlap, N_REPS, &d);
    assert_near(both->delayed_overlap.overlap.ci_low, d.ci_low * PER_YEAR, 1e-9);
    assert_near(both->delayed_overlap.overlap.ci_high, d.ci_high * PER_YEAR, 1e-9);
    assert_false(both->delayed_overlap.overlap.significant);
    assert_near(both->emergency_overlap.sum_of_members.diff, (2.0 - 1.0) * PER_YEAR, 1e-9);
    assert_near(both->emergency_overlap.overlap.diff, 0.0, 1e-9);
    /* Single options carry no overlap. */
    assert_near(app.options[BEDS].delayed_overlap.overlap.diff, 0.0, 0);
    hsc_appraisal_fini(&app);
    hsc_results_free(res);
    free(res);
}

/* runaway_replications counts, per point, the replications in which any
 * service's queue ran away (two flags in one replication count once); the
 * baseline's has its own field; the flags change no figure. Without flags
 * (the fixture has no services) every count is 0. */
static void test_runaway_replications(void **state)
{
    struct hsc_appraisal plain, app;
    appraise(*state, 1e6, &plain);
    assert_int_equal(plain.baseline_runaway_replications, 0);
    for (size_t i = 0; i < N_OPTIONS; i++)
        assert_int_equal(plain.options[i].runaway_replications, 0);

    struct hsc_results *res = build(2);
    assert_non_null(res);
    res->runaway[hsc_results_service_index(res, 1 + TEAM, 1, 0)] = 1;
    res->runaway[hsc_results_service_index(res, 1 + TEAM, 1, 1)] = 1;
    res->runaway[hsc_results_service_index(res, 1 + TEAM, 3, 1)] = 1;
    appraise(res, 1e6, &app);
    assert_int_equal(app.baseline_runaway_replications, 0);
    assert_int_equal(app.options[BEDS].runaway_replications, 0);
    assert_int_equal(app.options[TEAM].runaway_replications, 2);
    assert_int_equal(app.options[CHEAP].runaway_replications, 0);
    for (size_t i = 0; i < N_OPTIONS; i++) {
        assert_true(app.options[i].net_cost == plain.options[i].net_cost);
        assert_true(app.options[i].budget == plain.options[i].budget);
    }
    hsc_appraisal_fini(&app);
    res->runaway[hsc_results_service_index(res, 0, 0, 1)] = 1;
    appraise(res, 1e6, &app);
    assert_int_equal(app.baseline_runaway_replications, 1);
    assert_int_equal(app.options[TEAM].runaway_replications, 2);
    hsc_appraisal_fini(&app);
    hsc_appraisal_fini(&plain);
    hsc_results_free(res);
    free(res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_option_cost_spreads_one_off_over_lifetime, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_changes_are_compare_paired_annualised, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_changes_by_hand, setup, teardown),
        cmocka_unit_test_setup_teardown(test_net_cost_and_ratios, setup, teardown),
        cmocka_unit_test_setup_teardown(test_budget, setup, teardown),
        cmocka_unit_test_setup_teardown(test_capacity_released_is_not_cash, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ratio_withheld_without_significant_effect, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_committed_money_and_upper_limit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ratio_ci_fieller, setup, teardown),
        cmocka_unit_test_setup_teardown(test_undefined_cash, setup, teardown),
        cmocka_unit_test_setup_teardown(test_other_period_length, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_kpi_fails_cleanly, setup, teardown),
        cmocka_unit_test_setup_teardown(test_points_must_match_options, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_period_or_member, setup, teardown),
        cmocka_unit_test_setup_teardown(test_portfolio_overlap, setup, teardown),
        cmocka_unit_test_setup_teardown(test_runaway_replications, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
