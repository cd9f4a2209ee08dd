/*
 * Waiting at home (services.*.waiting_at_home): people referred from the
 * community who wait for a place may give up after their patience (going
 * without, or to a named alternative), present to hospital at a hazard
 * rate, or die at a hazard rate, whichever comes first; and a service may
 * serve everyone in arrival order instead of hospital waiters first. A
 * service with no room makes every wait end by one of these, so the counts
 * and the mean number waiting follow the M/M/infinity queue with
 * abandonment: waiting = referrals a day x mean time to the first clock.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>

#include <cmocka.h>

#include "support/assert_near.h"
#include "support/model_support.h"

/* Two referrals a day to a service with no beds, over 1,000 days after a
 * 100-day warm-up; `wait` is the cohort's waiting_at_home entry. */
static const char *fmt =
    "name = \"home\";\n"
    "run = { replications = 1; warmup_days = 100.0; measure_days = 1000.0; };\n"
    "cohorts = { x = { emergency_per_day = 0.0; }; };\n"
    "services = {\n"
    "  acute = { kind = \"beds\"; role = \"acute\"; capacity = 500;\n"
    "    duration = { x = { dist = \"fixed\"; value = 1.0; }; }; };\n"
    "  hc = { kind = \"beds\"; role = \"other\"; capacity = 0; referrals = { x = 2.0; };\n"
    "    duration = { x = { dist = \"fixed\"; value = 10.0; }; };\n"
    "    exits = { x = { home = 1.0; }; }; waiting_at_home = { x = { %s }; }; };\n"
    "  alt = { kind = \"beds\"; role = \"care_home\"; capacity = 0;\n"
    "    duration = { x = { dist = \"fixed\"; value = 10.0; }; };\n"
    "    exits = { x = { home = 1.0; }; }; }; };\n";

static void run_wait(struct hsc_results *res, const char *wait)
{
    char text[4096];
    snprintf(text, sizeof text, fmt, wait);
    run_scenario(res, text);
}

/* Tolerances. Referrals in 1,000 days are Poisson with mean 2,000: 4
 * standard deviations is 180. The time-average of an M/M/infinity count
 * with mean 20 and relaxation time 10 days over 1,000 days has a standard
 * deviation near sqrt(2 x 20 x 10 / 1000) = 0.63: 4 of them is 2.5. */
#define COUNT_TOL 180.0
#define MEAN_TOL 2.5

/* Patience (mean 10 days) bounds a queue that would otherwise grow for ever:
 * about 20 wait at a time, and every referral gives up. */
static void patience_bounds_the_queue(void **state)
{
    (void)state;
    struct hsc_results res;
    run_wait(&res, "patience = { dist = \"exponential\"; mean = 10.0; };");
    assert_near(kpi(&res, "waiting_mean.service.hc"), 20.0, MEAN_TOL);
    double gave_up = kpi(&res, "gave_up.service.hc");
    assert_near(gave_up, 2000.0, COUNT_TOL);
    assert_near(kpi(&res, "gave_up"), gave_up, 0.0);
    assert_true(kpi(&res, "presented_while_waiting") == 0.0);
    assert_true(kpi(&res, "died_waiting") == 0.0);
    hsc_results_free(&res);
}

/* Presentations at 36.525 a year (0.1 a day) while waiting: mean wait 10
 * days, every waiter presents, and each is an emergency admission. */
static void presentations_arrive_at_the_hazard(void **state)
{
    (void)state;
    struct hsc_results res;
    run_wait(&res, "presentations_per_year = 36.525;");
    assert_near(kpi(&res, "waiting_mean.service.hc"), 20.0, MEAN_TOL);
    double presented = kpi(&res, "presented_while_waiting.service.hc");
    assert_near(presented, 2000.0, COUNT_TOL);
    /* Every presentation is the only emergency admission (emergency_per_day is
     * 0), at the same instant: acute (500 beds, about 2 a day staying 1 day)
     * never fills, so nobody waits for a bed across either end of the period
     * and the two counts are equal exactly. */
    assert_near(kpi(&res, "emergency_admissions"), presented, 0.0);
    assert_true(kpi(&res, "gave_up") == 0.0);
    hsc_results_free(&res);
}

/* Deaths at 36.525 a year while waiting, against presentations at the same
 * rate: each wait ends by one or the other, half each (binomial: 4 standard
 * deviations of 2,000 halves is 90, within COUNT_TOL), and the deaths count
 * in `deaths`. */
static void deaths_compete_with_presentations(void **state)
{
    (void)state;
    struct hsc_results res;
    run_wait(&res, "presentations_per_year = 36.525; deaths_per_year = 36.525;");
    assert_near(kpi(&res, "waiting_mean.service.hc"), 10.0, MEAN_TOL);
    double died = kpi(&res, "died_waiting.service.hc");
    double presented = kpi(&res, "presented_while_waiting.service.hc");
    assert_near(died, 1000.0, COUNT_TOL);
    assert_near(presented, 1000.0, COUNT_TOL);
    assert_true(kpi(&res, "deaths") >= died);
    hsc_results_free(&res);
}

/* Giving up to an alternative: everyone who gives up on hc asks `alt`, which
 * has no beds either, so they wait there (for ever: alt has no clocks). */
static void giving_up_to_an_alternative(void **state)
{
    (void)state;
    struct hsc_results res;
    run_wait(&res, "patience = { dist = \"fixed\"; value = 5.0; }; give_up_to = \"alt\";");
    double gave_up = kpi(&res, "gave_up.service.hc");
    assert_near(kpi(&res, "arrivals.service.alt"), gave_up, 0.0);
    assert_near(kpi(&res, "waiting_mean.service.hc"), 10.0, MEAN_TOL);
    hsc_results_free(&res);
}

/* Hospital waiters first (the default) against arrival order: one bed with
 * fixed 1-day stays, community referrals at 0.6 a day and acute discharges
 * to it at 0.3 a day. In arrival order the hospital waiters queue behind the
 * community's, so their delayed bed-days rise several-fold. */
static void arrival_order_shares_the_queue(void **state)
{
    (void)state;
    const char *order_fmt =
        "name = \"order\";\n"
        "run = { replications = 1; warmup_days = 100.0; measure_days = 1000.0; };\n"
        "cohorts = { x = { emergency_per_day = 0.3; discharge = { bed = 1.0; }; }; };\n"
        "services = {\n"
        "  acute = { kind = \"beds\"; role = \"acute\"; capacity = 500;\n"
        "    duration = { x = { dist = \"fixed\"; value = 1.0; }; }; };\n"
        "  bed = { kind = \"beds\"; role = \"other\"; capacity = 1; referrals = { x = 0.6; };\n"
        "    duration = { x = { dist = \"exponential\"; mean = 1.0; }; };\n"
        "    exits = { x = { home = 1.0; }; }; %s }; };\n";
    char text[2048];
    struct hsc_results first, arrival;
    snprintf(text, sizeof text, order_fmt, "");
    run_scenario(&first, text);
    snprintf(text, sizeof text, order_fmt, "queue_order = \"arrival\";");
    run_scenario(&arrival, text);
    double hospital_first = kpi(&first, "delayed_bed_days.reason.awaiting_bed");
    double in_order = kpi(&arrival, "delayed_bed_days.reason.awaiting_bed");
    assert_true(hospital_first > 0.0);
    assert_true(in_order > 2.0 * hospital_first);
    hsc_results_free(&first);
    hsc_results_free(&arrival);
}

/* Community deaths (cohorts.*.community_deaths_per_year = 0.2): 1,000
 * care-home residents at the start, stays far longer than the year, no
 * admissions: each dies within the year with probability 1 - exp(-0.2) =
 * 0.1813, so about 181 deaths, binomial standard deviation 12.2 (4 of them:
 * 49); every one is a community death and the home loses exactly them (and
 * the few whose stays end). */
static void community_deaths_at_the_rate(void **state)
{
    (void)state;
    struct hsc_results res;
    run_scenario(&res,
                 "name = \"deaths\";\n"
                 "run = { replications = 1; warmup_days = 0.0; measure_days = 365.25; };\n"
                 "cohorts = { x = { emergency_per_day = 0.0; community_deaths_per_year = 0.2; }; };\n"
                 "services = {\n"
                 "  acute = { kind = \"beds\"; role = \"acute\"; capacity = 10;\n"
                 "    duration = { x = { dist = \"fixed\"; value = 1.0; }; }; };\n"
                 "  ch = { kind = \"beds\"; role = \"care_home\"; capacity = 1000; initial = { x = 1000; };\n"
                 "    duration = { x = { dist = \"fixed\"; value = 100000.0; }; };\n"
                 "    exits = { x = { death = 1.0; }; }; }; };\n");
    double deaths = kpi(&res, "community_deaths");
    assert_near(deaths, 1000.0 * (1.0 - exp(-0.2)), 49.0);
    double all = kpi(&res, "deaths");
    assert_true(all >= deaths && all <= deaths + 12.0); /* about 3.7 stays end in the year */
    hsc_results_free(&res);
}

/* Interim support while waiting: each referral that finds `alt` (here with
 * 10 beds) with room holds a bed there while still waiting for hc; giving
 * up (fixed 10 days) frees it. Offered when they join hc's queue, so about
 * every 10-bed cycle of 10 days takes 10 of the 20 referrals: alt is busy
 * but never over its 10 beds, and the give-ups are as many as without it. */
static void interim_support_while_waiting(void **state)
{
    (void)state;
    const char *alt_fmt =
        "name = \"interim\";\n"
        "run = { replications = 1; warmup_days = 100.0; measure_days = 1000.0; };\n"
        "cohorts = { x = { emergency_per_day = 0.0; }; };\n"
        "services = {\n"
        "  acute = { kind = \"beds\"; role = \"acute\"; capacity = 10;\n"
        "    duration = { x = { dist = \"fixed\"; value = 1.0; }; }; };\n"
        "  hc = { kind = \"beds\"; role = \"other\"; capacity = 0; referrals = { x = 2.0; };\n"
        "    duration = { x = { dist = \"fixed\"; value = 10.0; }; };\n"
        "    exits = { x = { home = 1.0; }; };\n"
        "    waiting_at_home = { x = { patience = { dist = \"fixed\"; value = 10.0; }; %s }; }; };\n"
        "  alt = { kind = \"beds\"; role = \"step_down\"; capacity = 10;\n"
        "    duration = { x = { dist = \"fixed\"; value = 10.0; }; };\n"
        "    exits = { x = { home = 1.0; }; }; }; };\n";
    char text[4096];
    struct hsc_results with, without;
    snprintf(text, sizeof text, alt_fmt, "interim = \"alt\";");
    run_scenario(&with, text);
    snprintf(text, sizeof text, alt_fmt, "");
    run_scenario(&without, text);
    double busy = kpi(&with, "occupancy_mean.service.alt");
    assert_true(busy > 5.0 && busy <= 10.0);
    assert_true(kpi(&without, "occupancy_mean.service.alt") == 0.0);
    assert_near(kpi(&with, "gave_up.service.hc"), kpi(&without, "gave_up.service.hc"), 0.0);
    hsc_results_free(&with);
    hsc_results_free(&without);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(patience_bounds_the_queue),
        cmocka_unit_test(presentations_arrive_at_the_hazard),
        cmocka_unit_test(deaths_compete_with_presentations),
        cmocka_unit_test(giving_up_to_an_alternative),
        cmocka_unit_test(arrival_order_shares_the_queue),
        cmocka_unit_test(community_deaths_at_the_rate),
        cmocka_unit_test(interim_support_while_waiting),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
