/*
 * Validation: Little's law on its sample path, in every service of a
 * scenario that uses every way in and out of a queue and a place: community
 * referrals that give up, present to hospital or die while waiting (with
 * interim support), non-capacity delays, discharge to assess (assessments
 * beside a place), places held while in hospital, community deaths,
 * bridging, step-up, and a bounded acute queue.
 *
 * For each service the time-weighted mean occupancy and waiting count the
 * model reports (occupancy_mean, waiting_mean) must equal, to rounding, the
 * person-days rebuilt from the per-person trace alone (each place from the
 * event that took it to the event that gave it up; each wait from the
 * request to the admission, withdrawal or refusal), clipped to the measured
 * window. Equality, not a statistical match: it fails if anyone is lost,
 * counted twice or left in a queue or place by a new exit.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "support/model_support.h"

#define WARMUP 50.0
#define DAYS 1500.0

static const char scenario[] =
    "name = \"paths\";\n"
    "run = { seed = 17; replications = 1; warmup_days = 50.0; measure_days = 1500.0; };\n"
    "staff = { team = { wte = 3.0; working_days = \"Mon-Fri\"; }; carers = { wte = 6.0; }; };\n"
    "cohorts = { x = { emergency_per_day = 6.0; death_in_hospital = 0.03;\n"
    "  discharge = { home = 0.5; reab = 0.3; ch = 0.2; };\n"
    "  readmission_28d = { default = 0.1; };\n"
    "  readmission_days = { dist = \"uniform\"; min = 0.0; max = 28.0; };\n"
    "  community_deaths_per_year = 0.2;\n"
    "  step_up = { share = 0.2; services = [\"hah\"]; };\n"
    "  assess_after_discharge = { reab = 0.5; };\n"
    "  discharge_delays = { legal_awi = { share = { ch = 0.3; };\n"
    "    duration = { dist = \"exponential\"; mean = 10.0; }; }; }; }; };\n"
    "services = {\n"
    "  acute = { kind = \"beds\"; role = \"acute\"; capacity = 40; max_queue = 8;\n"
    "    assessment = \"dt\"; max_wait_hours = 36.0;\n"
    "    duration = { x = { dist = \"lognormal\"; mean = 4.0; sd = 3.0; }; }; };\n"
    "  dt = { kind = \"caseload\"; role = \"assessment\"; staff = \"team\"; caseload_per_wte = 2.0;\n"
    "    duration_counts = \"working_days\";\n"
    "    duration = { x = { dist = \"gamma\"; mean = 1.0; sd = 0.5; }; }; };\n"
    "  hah = { kind = \"caseload\"; role = \"step_up\"; staff = \"carers\"; caseload_per_wte = 1.0;\n"
    "    duration = { x = { dist = \"exponential\"; mean = 5.0; }; };\n"
    "    exits = { x = { home = 0.8; hospital = 0.2; }; }; };\n"
    "  reab = { kind = \"beds\"; role = \"reablement\"; capacity = 8; referrals = { x = 0.5; };\n"
    "    duration = { x = { dist = \"exponential\"; mean = 14.0; }; };\n"
    "    exits = { x = { home = 0.7; ch = 0.1; hospital = 0.2; }; };\n"
    "    bridging = { via = \"temp\"; after_days = 3.0; };\n"
    "    waiting_at_home = { x = { patience = { dist = \"exponential\"; mean = 20.0; };\n"
    "      presentations_per_year = 3.0; deaths_per_year = 1.0; interim = \"temp\"; }; }; };\n"
    "  temp = { kind = \"beds\"; role = \"step_down\"; capacity = 3;\n"
    "    duration = { x = { dist = \"exponential\"; mean = 20.0; }; };\n"
    "    exits = { x = { home = 1.0; }; }; };\n"
    "  ch = { kind = \"beds\"; role = \"care_home\"; capacity = 30; hold_days = 14.0;\n"
    "    referrals = { x = 0.05; }; initial = { x = 25; };\n"
    "    duration = { x = { dist = \"exponential\"; mean = 300.0; }; };\n"
    "    exits = { x = { death = 0.6; hospital = 0.4; }; };\n"
    "    waiting_at_home = { x = { patience = { dist = \"fixed\"; value = 60.0; };\n"
    "      give_up_to = \"reab\"; }; }; }; };\n";

/* Person-days in [lo, hi) of an interval [from, to). */
static double clipped(double from, double to, double lo, double hi)
{
    return fmax(0.0, fmin(to, hi) - fmax(from, lo));
}

struct book {
    double *held;    /* [S * persons]: since when the person holds a place, NaN = not */
    double *waiting; /* [S * persons]: since when the person waits, NaN = not */
    double *place_days, *wait_days; /* [S] */
};

static void close_place(struct book *bk, size_t at, int s, double time)
{
    if (!isnan(bk->held[at])) {
        bk->place_days[s] += clipped(bk->held[at], time, WARMUP, WARMUP + DAYS);
        bk->held[at] = NAN;
    }
}

static void close_wait(struct book *bk, size_t at, int s, double time)
{
    if (!isnan(bk->waiting[at])) {
        bk->wait_days[s] += clipped(bk->waiting[at], time, WARMUP, WARMUP + DAYS);
        bk->waiting[at] = NAN;
    }
}

static void sample_path_in_every_service(void **state)
{
    (void)state;
    struct hsc_results res;
    run_traced(&res, scenario);
    const struct hsc_trace *trace = &res.traces[0];
    size_t persons = 0, ns = res.n_services;
    for (size_t i = 0; i < trace->count; i++)
        if (trace->records[i].person + 1 > persons)
            persons = (size_t)trace->records[i].person + 1;
    struct book bk = {malloc(ns * persons * sizeof(double)), malloc(ns * persons * sizeof(double)),
                      calloc(ns, sizeof(double)), calloc(ns, sizeof(double))};
    assert_non_null(bk.held);
    assert_non_null(bk.waiting);
    for (size_t i = 0; i < ns * persons; i++)
        bk.held[i] = bk.waiting[i] = NAN;
    size_t seen[HSC_TRACE_EVENT_COUNT] = {0};
    for (size_t i = 0; i < trace->count; i++) {
        const struct hsc_trace_record *r = &trace->records[i];
        size_t p = (size_t)r->person;
        if (r->event < HSC_TRACE_EVENT_COUNT)
            seen[r->event]++;
        switch (r->event) {
        case HSC_TRACE_REQUEST:
            bk.waiting[(size_t)r->to * persons + p] = r->time;
            break;
        case HSC_TRACE_ADMIT:
            close_wait(&bk, (size_t)r->to * persons + p, r->to, r->time);
            if (r->from >= 0)
                close_place(&bk, (size_t)r->from * persons + p, r->from, r->time);
            if (isnan(bk.held[(size_t)r->to * persons + p])) /* a held place is kept */
                bk.held[(size_t)r->to * persons + p] = r->time;
            break;
        case HSC_TRACE_DISCHARGE: /* the acute bed is given up now (bridging traces no leave) */
            close_place(&bk, (size_t)r->from * persons + p, r->from, r->time);
            break;
        case HSC_TRACE_BRIDGE: /* an interim place in `to` */
            bk.held[(size_t)r->to * persons + p] = r->time;
            break;
        case HSC_TRACE_LEAVE:
            close_place(&bk, (size_t)r->from * persons + p, r->from, r->time);
            break;
        case HSC_TRACE_WITHDRAW:
        case HSC_TRACE_TURNED_AWAY:
            close_wait(&bk, (size_t)r->from * persons + p, r->from, r->time);
            break;
        default:
            break;
        }
    }
    /* Whatever is still open runs to the end. */
    for (size_t s = 0; s < ns; s++)
        for (size_t p = 0; p < persons; p++) {
            close_place(&bk, s * persons + p, (int)s, WARMUP + DAYS);
            close_wait(&bk, s * persons + p, (int)s, WARMUP + DAYS);
        }
    /* Every new way in and out happened. */
    assert_true(seen[HSC_TRACE_HOLD] > 10);
    assert_true(seen[HSC_TRACE_BRIDGE] > 10);
    assert_true(seen[HSC_TRACE_WITHDRAW] > 10);
    assert_true(seen[HSC_TRACE_TURNED_AWAY] + seen[HSC_TRACE_DIVERTED] > 0);
    assert_true(kpi(&res, "gave_up") > 0 && kpi(&res, "presented_while_waiting") > 0);
    assert_true(kpi(&res, "died_waiting") > 0 && kpi(&res, "community_deaths") > 0);
    assert_true(kpi(&res, "discharged_to_assess") > 0 && kpi(&res, "held_place_returns") > 0);
    assert_true(kpi(&res, "delayed_bed_days.reason.legal_awi") > 0);
    for (size_t s = 0; s < ns; s++) {
        char name[128];
        snprintf(name, sizeof name, "occupancy_mean.service.%s", res.service_names[s]);
        double occupancy = kpi(&res, name) * DAYS;
        snprintf(name, sizeof name, "waiting_mean.service.%s", res.service_names[s]);
        double waiting = kpi(&res, name) * DAYS;
        if (fabs(occupancy - bk.place_days[s]) > 1e-6 * fmax(1.0, occupancy) ||
            fabs(waiting - bk.wait_days[s]) > 1e-6 * fmax(1.0, waiting))
            fail_msg("%s: occupancy %.6f person-days (trace %.6f), waiting %.6f (trace %.6f)",
                     res.service_names[s], occupancy, bk.place_days[s], waiting,
                     bk.wait_days[s]);
    }
    free(bk.held);
    free(bk.waiting);
    free(bk.place_days);
    free(bk.wait_days);
    hsc_results_free(&res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sample_path_in_every_service),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
