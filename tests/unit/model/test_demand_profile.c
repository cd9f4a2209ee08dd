/*
 * The shape of demand over time: the hour-of-day profile gives each hour
 * its share of the day's emergency presentations (binomial, 4 sd) without
 * changing the day's total or shaping community referrals; growth_per_year
 * raises presentations and referrals at its rate (Poisson, 4 sd), and the
 * admission rate per 1,000 uses the period's mean population.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "support/assert_near.h"
#include "support/model_support.h"
#include "unit/model/trace_reading.h"

/* Hour-of-day profile: factor 0 from midnight to 8 a.m. and from 8 p.m.,
 * 3.0 from 8 to noon and 1.5 from noon to 8 p.m. (sum 4 x 3 + 8 x 1.5 = 24).
 * The warm-up is 6 hours, so the run starts at 6 p.m. and hours must be
 * counted from real midnights (start date + day), not from time 0. Every
 * presentation is turned away by an acute pool with no beds, which keeps the
 * run cheap. 200 a day for 100 days: N ~ 20,000. */
static void hour_profile_reproduces_the_shares(void **state)
{
    (void)state;
    struct hsc_results res;
    run_traced(&res,
               "name = \"hours\";\n"
               "run = { replications = 1; warmup_days = 0.25; measure_days = 100.0; };\n"
               "calendar = { hour_factors = [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,\n"
               "  3.0, 3.0, 3.0, 3.0, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5,\n"
               "  0.0, 0.0, 0.0, 0.0]; };\n"
               "cohorts = { x = { emergency_per_day = 200.0; }; };\n"
               "services = {\n"
               "  acute = { kind = \"beds\"; role = \"acute\"; capacity = 0; max_queue = 0;\n"
               "    duration = { x = { dist = \"fixed\"; value = 1.0; }; }; };\n"
               "  ward = { kind = \"beds\"; role = \"other\"; capacity = 1000;\n"
               "    duration = { x = { dist = \"fixed\"; value = 0.01; }; };\n"
               "    exits = { x = { home = 1.0; }; }; referrals = { x = 48.0; }; };\n"
               "};\n");
    const struct hsc_trace *trace = trace_of(&res);
    int acute = service_index(&res, "acute");
    double count[24] = {0};
    double n = 0.0, referrals = 0.0, referrals_off_hours = 0.0;
    for (size_t i = 0; i < trace->count; i++) {
        const struct hsc_trace_record *r = &trace->records[i];
        if (r->event != HSC_TRACE_ARRIVE)
            continue;
        double since_midnight = r->time - 0.25; /* the start date's midnight */
        int hour = (int)floor((since_midnight - floor(since_midnight)) * 24.0);
        if (r->to != acute) {
            referrals += 1.0;
            referrals_off_hours += hour < 8 || hour >= 20 ? 1.0 : 0.0;
            continue;
        }
        count[hour] += 1.0;
        n += 1.0;
    }
    /* The day's demand is unchanged: the warm-up (6 p.m. to midnight) has
     * factor 0, so N is Poisson(200 x 100 days); within 4 sd. */
    assert_true(fabs(n - 20000.0) < 4.0 * sqrt(20000.0));
    /* Given N, each hour's count is Binomial(N, factor / 24): within 4 sd
     * (chance of a false alarm over 12 hours < 1e-3; the seed is fixed).
     * Hours with factor 0 get nobody at all. */
    for (int h = 0; h < 24; h++) {
        double p = (h >= 8 && h < 12 ? 3.0 : h >= 12 && h < 20 ? 1.5 : 0.0) / 24.0;
        if (p == 0.0) {
            assert_true(count[h] == 0.0);
            continue;
        }
        double sd = sqrt(n * p * (1.0 - p));
        assert_true(fabs(count[h] - n * p) < 4.0 * sd);
    }
    /* Community referrals (48 a day, ~4,800) are not shaped by the profile:
     * half of them fall in the 12 hours whose factor is 0, Binomial(N, 1/2)
     * within 4 sd (~140). */
    assert_true(referrals > 4000.0);
    assert_true(fabs(referrals_off_hours - referrals / 2.0) < 4.0 * sqrt(referrals / 4.0));
    hsc_results_free(&res);
}

/* Growth: 10% a year for three years (1096 days), from a base of 100
 * presentations a day (100,000 people x 365.25 per 1,000 a year). The rate
 * of day d is 100 x 1.1^(d / 365.25); everyone is admitted at once, so the
 * daily admissions series counts the presentations. Community referrals (20
 * a day to a ward with room for all) grow the same way. */
static void growth_raises_arrivals(void **state)
{
    (void)state;
    struct hsc_results res;
    run_scenario(&res,
                 "name = \"growth\";\n"
                 "run = { replications = 1; start_date = \"2026-04-01\";\n"
                 "        measure_days = 1096.0; };\n"
                 "cohorts = { x = { population = { all = 100000; };\n"
                 "  emergency_per_1000_per_year = 365.25; growth_per_year = 0.10; }; };\n"
                 "services = {\n"
                 "  acute = { kind = \"beds\"; role = \"acute\"; capacity = 1000;\n"
                 "    duration = { x = { dist = \"fixed\"; value = 0.01; }; }; };\n"
                 "  ward = { kind = \"beds\"; role = \"other\"; capacity = 1000;\n"
                 "    duration = { x = { dist = \"fixed\"; value = 0.01; }; };\n"
                 "    exits = { x = { home = 1.0; }; }; referrals = { x = 20.0; }; };\n"
                 "};\n");
    double year1 = 0.0, year3 = 0.0, expect1 = 0.0, expect3 = 0.0, factors = 0.0;
    for (size_t d = 0; d < res.n_days; d++) {
        double factor = pow(1.1, (double)d / 365.25);
        factors += factor;
        if (d < 365) {
            year1 += res.ts_admissions[d];
            expect1 += 100.0 * factor;
        } else if (d >= 730 && d < 1095) {
            year3 += res.ts_admissions[d];
            expect3 += 100.0 * factor;
        }
    }
    /* Each year's count is Poisson (~38,300 and ~46,400): within 4 sd. */
    assert_true(fabs(year1 - expect1) < 4.0 * sqrt(expect1));
    assert_true(fabs(year3 - expect3) < 4.0 * sqrt(expect3));
    /* Their ratio, expected 1.1^(730 / 365.25) = 1.2097 (about 1.1^2), has a
     * relative sd of sqrt(1/38300 + 1/46400) = 0.7%, so 4 sd is 0.034: no
     * growth (1.0) or one year's growth (1.1) is far outside. */
    double ratio = year3 / year1;
    assert_near(ratio, expect3 / expect1, 4.0 * 1.2097 * sqrt(1.0 / expect1 + 1.0 / expect3));
    /* Referrals: Poisson with mean 20 x the sum of the daily factors (about
     * 25,400; 21,920 without growth), within 4 sd (about 640). */
    double referrals = 20.0 * factors;
    assert_near(kpi(&res, "arrivals.service.ward"), referrals, 4.0 * sqrt(referrals));
    /* The rate per 1,000 uses the mean population over the period,
     * 100,000 x 1.1576: 1e-3 allows a daily or continuous mean (they differ
     * by 1.3e-4); the start population would be 15.8% off, the end 13%. */
    double population = 100000.0 * factors / (double)res.n_days;
    double admissions = kpi(&res, "emergency_admissions");
    double expected = admissions / (population / 1000.0) / (1096.0 / 365.25);
    assert_near(kpi(&res, "emergency_admission_rate_per_1000"), expected, 1e-3 * expected);
    hsc_results_free(&res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hour_profile_reproduces_the_shares),
        cmocka_unit_test(growth_raises_arrivals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
