/*
 * KPIs as a module (hscflow/kpis.h, src/model/kpis.c, measures.h):
 * - the catalogue lists every KPI once, with the units of docs/kpis.md, in
 *   a fixed order: headline, breakdowns by cohort / locality / reason, the
 *   per-service set, then money and staff; it is the same for the same
 *   scenario, and a new cohort only inserts its own breakdowns;
 * - breakdown names are `<kpi>.<dimension>.<label>` for every cohort,
 *   locality and service, as docs/kpis.md says, and only for the services
 *   it says;
 * - KPIs are computed exactly from measures filled by hand through the
 *   hooks of measures.h on a replication set up with hsc__sim_init (rates
 *   per 1,000 and 100,000, percentages, means, ratios, costs);
 * - a KPI whose denominator is zero is NaN, never 0, while counts stay 0;
 * - runaway_queues counts the services the end-of-run test flags from the
 *   daily waiting series (NaN until the run is tested), and the flags reach
 *   the replication's output.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "hscflow/kpis.h"
#include "model/measures.h"
#include "model/replication.h"
#include "support/assert_near.h"
#include "unit/model/sim_fixture.h"

/* Two localities, three cohorts (idle has no people and no activity); one
 * service of each interesting role. T = 10 is the start of the period,
 * which lasts exactly a year (365.25 days); the population is 5,000. */
static const char scenario[] =
    "name = \"kpi_module\";\n"
    "run = { replications = 1; warmup_days = 10.0; measure_days = 365.25;\n"
    "        start_date = \"2026-04-01\"; };\n"
    "localities = [\"north\", \"south\"];\n"
    "staff = { team = { wte = 2.0; vacancy_rate = 0.5; cost_per_wte_year = 36525.0; };\n"
    "          carers = { wte = 2.0; care_hours_per_wte_week = 20.0; };\n"
    "          hah = { wte = 2.0; }; };\n"
    "cohorts = {\n"
    "  adult = { population = { north = 1000; south = 3000; }; };\n"
    "  frail = { population = { north = 500; south = 500; }; };\n"
    "  idle = { };\n"
    "};\n"
    "services = {\n"
    "  acute = { kind = \"beds\"; role = \"acute\"; capacity = 10; cost_per_bed_day = 300.0;\n"
    "    assessment = \"dt\"; duration = { default = { dist = \"fixed\"; value = 1.0; }; }; };\n"
    "  dt = { kind = \"caseload\"; role = \"assessment\"; staff = \"team\"; caseload_per_wte = 2.0;\n"
    "    duration = { default = { dist = \"fixed\"; value = 1.0; }; }; };\n"
    "  hah = { kind = \"caseload\"; role = \"step_up\"; staff = \"hah\"; caseload_per_wte = 1.0;\n"
    "    duration = { default = { dist = \"fixed\"; value = 5.0; }; };\n"
    "    exits = { default = { home = 1.0; }; }; };\n"
    "  sd = { kind = \"beds\"; role = \"step_down\"; capacity = 5; cost_per_bed_day = 100.0;\n"
    "    duration = { default = { dist = \"fixed\"; value = 20.0; }; };\n"
    "    exits = { default = { home = 1.0; }; }; };\n"
    "  care = { kind = \"hours\"; role = \"home_care\"; staff = \"carers\"; cost_per_care_hour = 20.0;\n"
    "    hours = { default = { dist = \"fixed\"; value = 12.0; }; };\n"
    "    duration = { default = { dist = \"fixed\"; value = 1000.0; }; };\n"
    "    exits = { default = { home = 1.0; }; }; };\n"
    "  ch = { kind = \"beds\"; role = \"care_home\"; capacity = 10; cost_per_bed_day = 50.0;\n"
    "    duration = { default = { dist = \"fixed\"; value = 1000.0; }; };\n"
    "    exits = { default = { death = 1.0; }; }; };\n"
    "};\n";

/* ------------------------------------------------------------------------
 * The catalogue, written out from docs/kpis.md for the scenario above.
 * ------------------------------------------------------------------------ */

struct entry {
    char name[96];
    const char *unit;
};

static const char *const headline[][2] = {
    {"emergency_admissions", "people"},
    {"emergency_admission_rate_per_1000", "per 1,000 pop per year"},
    {"elective_admissions", "people"},
    {"elective_cancellations", "people"},
    {"acute_occupancy_mean", "fraction"},
    {"acute_occupancy_p95", "fraction"},
    {"acute_days_over_92pct", "fraction of days"},
    {"ed_boarding_hours_mean", "hours"},
    {"ed_boarding_over_12h", "people"},
    {"ed_diverted", "people"},
    {"admissions_avoided", "people"},
    {"step_up_admitted", "people"},
    {"ready_for_discharge", "people"},
    {"discharged_within_72h_pct", "%"},
    {"delayed_bed_days", "bed-days"},
    {"delayed_bed_days_per_100k", "per 100,000 pop per year"},
    {"delayed_patients_mean", "people"},
    {"still_delayed_at_end", "people"},
    {"discharged_to_assess", "people"},
    {"census_delayed_mean", "people"},
    {"census_delay_median_days", "days"},
    {"readmissions_28d_pct", "%"},
    {"care_home_admissions", "people"},
    {"care_home_admissions_from_acute", "people"},
    {"held_place_returns", "people"},
    {"held_place_days", "place-days"},
    {"gave_up", "people"},
    {"presented_while_waiting", "people"},
    {"died_waiting", "people"},
    {"reablement_no_further_care_pct", "%"},
    {"at_home_91d_pct", "%"},
    {"intensive_needs_at_home_pct", "%"},
    {"deaths", "people"},
    {"deaths_in_hospital", "people"},
    {"community_deaths", "people"},
    {"runaway_queues", "queues"},
};
enum { N_HEADLINE = sizeof headline / sizeof headline[0] };

/* The per-service set, each over every service ("Per service"). */
static const char *const per_service[][2] = {
    {"arrivals", "people"},          {"admissions", "people"},
    {"turned_away", "people"},       {"occupancy_mean", "people"},
    {"waiting_mean", "people"},      {"wait_mean_days", "days"},
    {"wait_p95_days", "days"},       {"waited_pct", "%"},
    {"blocked_days", "person-days"},
};

struct catalogue {
    struct entry e[256];
    size_t n;
};

static void add(struct catalogue *cat, const char *unit, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void add(struct catalogue *cat, const char *unit, const char *fmt, ...)
{
    assert_true(cat->n < sizeof cat->e / sizeof cat->e[0]);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cat->e[cat->n].name, sizeof cat->e[cat->n].name, fmt, ap);
    va_end(ap);
    cat->e[cat->n++].unit = unit;
}

/* The expected catalogue of `sc`, section by section as docs/kpis.md lists
 * them. Within "Per service" and "Money and staff" the tables of
 * docs/kpis.md list two entries in another order than the results' K axis
 * (hours_committed_mean before the step-up pair; cost_delayed_bed_days after
 * the cost breakdowns); the order below is the K axis's, which the golden
 * results fix. */
static void expected_catalogue(const struct hsc_scenario *sc, struct catalogue *cat)
{
    cat->n = 0;
    for (size_t k = 0; k < N_HEADLINE; k++)
        add(cat, headline[k][1], "%s", headline[k][0]);
    for (size_t c = 0; c < sc->n_cohorts; c++)
        add(cat, "people", "emergency_admissions.cohort.%s", sc->cohorts[c].name);
    for (size_t l = 0; l < sc->n_localities; l++)
        add(cat, "people", "emergency_admissions.locality.%s", sc->localities[l]);
    add(cat, "bed-days", "delayed_bed_days.reason.awaiting_discharge");
    add(cat, "bed-days", "delayed_bed_days.reason.awaiting_assessment");
    for (size_t s = 0; s < sc->n_services; s++) /* one per service not acute or assessment */
        if (sc->services[s].role != HSC_ROLE_ACUTE && sc->services[s].role != HSC_ROLE_ASSESSMENT)
            add(cat, "bed-days", "delayed_bed_days.reason.awaiting_%s", sc->services[s].name);
    const char *codes[] = {"patient_family_choice", "legal_financial",
                           "specific_care_home_choice", "legal_awi", "complex_other"};
    for (size_t k = 0; k < 5; k++)
        add(cat, "bed-days", "delayed_bed_days.reason.%s", codes[k]);
    const char *groups[] = {"health_social_care", "patient_family", "complex"};
    for (size_t g = 0; g < 3; g++)
        add(cat, "bed-days", "delayed_bed_days.group.%s", groups[g]);
    for (size_t c = 0; c < sc->n_cohorts; c++)
        add(cat, "bed-days", "delayed_bed_days.cohort.%s", sc->cohorts[c].name);
    for (size_t l = 0; l < sc->n_localities; l++)
        add(cat, "bed-days", "delayed_bed_days.locality.%s", sc->localities[l]);
    const char *pct_by_cohort[] = {"discharged_within_72h_pct", "readmissions_28d_pct",
                                   "at_home_91d_pct"};
    for (size_t k = 0; k < 3; k++)
        for (size_t c = 0; c < sc->n_cohorts; c++)
            add(cat, "%", "%s.cohort.%s", pct_by_cohort[k], sc->cohorts[c].name);
    for (size_t k = 0; k < sizeof per_service / sizeof per_service[0]; k++)
        for (size_t s = 0; s < sc->n_services; s++)
            add(cat, per_service[k][1], "%s.service.%s", per_service[k][0], sc->services[s].name);
    for (size_t s = 0; s < sc->n_services; s++)
        if (sc->services[s].role == HSC_ROLE_STEP_UP) {
            add(cat, "people", "admissions_avoided.service.%s", sc->services[s].name);
            add(cat, "people", "step_up_admitted.service.%s", sc->services[s].name);
        }
    for (size_t s = 0; s < sc->n_services; s++) /* community services */
        if (sc->services[s].role != HSC_ROLE_ACUTE && sc->services[s].role != HSC_ROLE_ASSESSMENT) {
            add(cat, "people", "held_place_returns.service.%s", sc->services[s].name);
            add(cat, "place-days", "held_place_days.service.%s", sc->services[s].name);
            add(cat, "people", "gave_up.service.%s", sc->services[s].name);
            add(cat, "people", "presented_while_waiting.service.%s", sc->services[s].name);
            add(cat, "people", "died_waiting.service.%s", sc->services[s].name);
        }
    for (size_t s = 0; s < sc->n_services; s++)
        if (sc->services[s].kind == HSC_KIND_HOURS)
            add(cat, "hours a week", "hours_committed_mean.service.%s", sc->services[s].name);
    add(cat, "£", "cost_total");
    add(cat, "£", "cost_cash_total");
    add(cat, "bed-days", "capacity_bed_days");
    add(cat, "£", "capacity_value");
    add(cat, "£", "cost_delayed_bed_days");
    for (size_t s = 0; s < sc->n_services; s++)
        add(cat, "£", "cost_total.service.%s", sc->services[s].name);
    for (size_t g = 0; g < sc->n_staff; g++)
        add(cat, "£", "cost_total.staff.%s", sc->staff[g].name);
    for (size_t s = 0; s < sc->n_services; s++)
        add(cat, "£", "cost_cash_total.service.%s", sc->services[s].name);
    for (size_t g = 0; g < sc->n_staff; g++)
        add(cat, "£", "cost_cash_total.staff.%s", sc->staff[g].name);
    for (size_t g = 0; g < sc->n_staff; g++)
        add(cat, "fraction", "staff_utilisation.staff.%s", sc->staff[g].name);
}

static void check_catalogue(const struct hsc_scenario *sc, const struct hsc_kpi_set *set)
{
    struct catalogue cat;
    expected_catalogue(sc, &cat);
    for (size_t k = 0; k < set->count && k < cat.n; k++) {
        const struct hsc_kpi_def *def = &set->defs[k];
        if (strcmp(def->name, cat.e[k].name) != 0 || strcmp(def->unit, cat.e[k].unit) != 0)
            fail_msg("KPI %zu is %s [%s], expected %s [%s]", k, def->name, def->unit,
                     cat.e[k].name, cat.e[k].unit);
        assert_true(def->description && def->description[0] != '\0');
        assert_int_equal(hsc_kpis_find(set, def->name), (long)k);
    }
    assert_int_equal(set->count, cat.n);
    /* Every identifier once. */
    for (size_t i = 0; i < set->count; i++)
        for (size_t j = i + 1; j < set->count; j++)
            assert_true(strcmp(set->defs[i].name, set->defs[j].name) != 0);
}

static void catalogue_as_documented(void **state)
{
    (void)state;
    struct hsc_scenario sc;
    support_load(&sc, NULL, 0, "%s", scenario);
    struct hsc_kpi_set set, again;
    assert_int_equal(hsc_kpis_build(&sc, &set), 0);
    check_catalogue(&sc, &set);
    /* 36 headline + 3 + 2 + 2 + 4 + 5 codes + 3 groups + 3 + 2 + 9 + 9 x 6 + 2
     * + 5 x 4 (held places, waits at home) + 1 + 2 + 6 + 3 + 3, + 3 ledger
     * totals (cash, capacity bed-days and value) + one cash KPI per service
     * and per staff group (6 + 3). */
    assert_int_equal(set.count, 172);
    /* Only the documented services have the conditional breakdowns. */
    assert_int_equal(hsc_kpis_find(&set, "delayed_bed_days.reason.awaiting_acute"), -1);
    assert_int_equal(hsc_kpis_find(&set, "delayed_bed_days.reason.awaiting_dt"), -1);
    assert_int_equal(hsc_kpis_find(&set, "hours_committed_mean.service.ch"), -1);
    assert_int_equal(hsc_kpis_find(&set, "admissions_avoided.service.sd"), -1);
    assert_int_equal(hsc_kpis_find(&set, "no_such_kpi"), -1);
    /* The same scenario gives the same catalogue. */
    assert_int_equal(hsc_kpis_build(&sc, &again), 0);
    assert_int_equal(again.count, set.count);
    for (size_t k = 0; k < set.count; k++) {
        assert_string_equal(again.defs[k].name, set.defs[k].name);
        assert_string_equal(again.defs[k].unit, set.defs[k].unit);
        assert_string_equal(again.defs[k].description, set.defs[k].description);
    }
    hsc_kpis_fini(&again);
    hsc_scenario_fini(&sc);

    /* One more cohort: its 5 breakdowns join the others; the headline and
     * the rest keep their order. */
    const char *at = strstr(scenario, "  idle = { };\n");
    assert_non_null(at);
    char text[8192];
    snprintf(text, sizeof text, "%.*s  extra = { };\n%s", (int)(at - scenario), scenario, at);
    support_load(&sc, NULL, 0, "%s", text);
    assert_int_equal(hsc_kpis_build(&sc, &again), 0);
    check_catalogue(&sc, &again);
    assert_int_equal(again.count, set.count + 5);
    for (size_t k = 0; k < N_HEADLINE; k++)
        assert_string_equal(again.defs[k].name, set.defs[k].name);
    assert_int_equal(hsc_kpis_find(&again, "emergency_admissions.cohort.extra"),
                     hsc_kpis_find(&set, "emergency_admissions.cohort.idle"));
    hsc_kpis_fini(&again);
    hsc_kpis_fini(&set);
    hsc_scenario_fini(&sc);
}

/* ------------------------------------------------------------------------
 * Values from measures filled by hand.
 * ------------------------------------------------------------------------ */

#define T 10.0
#define YEAR 365.25

/* KPI `name` of the fixture's replication, as last filled into f->buf.kpi. */
static double value(const struct sim_fixture *f, const char *name)
{
    return rep_kpi(&f->buf, name);
}

/* Asserts KPI `name` is `expected` within a relative 1e-12 (rounding only). */
#define assert_kpi(f, name, expected)                                                           \
    assert_near(value((f), (name)), (expected), 1e-12 * fmax(1.0, fabs(expected)))

#define assert_kpi_nan(f, name)                                                                 \
    do {                                                                                        \
        if (!isnan(value((f), (name))))                                                         \
            fail_msg("%s is %g, expected NaN", (name), value((f), (name)));                     \
    } while (0)

/* Moves to the end of the run, finishes the measures and fills f->buf.kpi. */
static void finish_and_fill(struct sim_fixture *f)
{
    hsc__sim_set_now(&f->sim, f->sim.clock.t_end);
    hsc__measures_finish(&f->sim);
    hsc__kpis_fill(&f->sim, &f->buf.kpis, f->buf.kpi);
}

/* A measured period from `start` to the end of the run in which nothing
 * happens; its KPIs are filled into f->buf.kpi. */
static void idle_period(struct sim_fixture *f, double start)
{
    hsc__sim_set_now(&f->sim, start);
    hsc__measures_start(&f->sim);
    finish_and_fill(f);
}

static uint32_t someone(struct sim_fixture *f, const char *cohort, uint8_t locality,
                        enum hsc__phase phase)
{
    return fixture_person(f, fixture_cohort(f, cohort), locality, phase);
}

/* An emergency admission now of a person who asked `wait` days ago. */
static void admit(struct sim_fixture *f, uint32_t index, double wait)
{
    struct hsc__person *p = fixture_at(f, index);
    p->elective = 0;
    p->asked_time = f->sim.now - wait;
    hsc__measure_acute_admission(&f->sim, p);
}

/* The story of one year, by hand (T = start of the period):
 * - emergencies: A (adult, north) at T+20 and T+25, no wait; D (adult,
 *   south) at T+30 after 18 hours; E (frail, south) at T+30 after exactly 12
 *   hours. One elective, two cancelled, one diverted.
 * - A ready in the warm-up (T-1), discharged home at T+2: 2 delayed days
 *   awaiting discharge, exactly 72 hours after ready (counts as within).
 *   A's first re-admission (T+20) counts; the second (T+25) does not.
 * - B (frail, south) ready at T+1 awaiting assessment, awaiting sd from T+3,
 *   discharged to sd at T+5.5: 2 + 2.5 delayed days, not within 72 hours;
 *   her 91-day check (T+96.5) finds her at home. F (adult) is also checked
 *   and is not at home.
 * - C (adult, south) ready at T+100 awaiting care, still there at the end:
 *   265.25 delayed days.
 * - 2 care-home residents from T (admitted through the service), plus one
 *   admission straight from acute (hook); a 12-hour home-care package from
 *   half-way (intensive needs).
 * - reablement exits home, home, service, hospital, death; 3 deaths, 1 in
 *   hospital; 2 people ready in the period; 3 step-up episodes in hah, one
 *   ending in admission.
 * - sd: 3 arrivals, admitted after 0 and 2 days; acute: 1 turned away. */
static void kpis_from_hooks(void **state)
{
    (void)state;
    struct sim_fixture f;
    fixture_open(&f, scenario);
    struct hsc_sim *sim = &f.sim;
    uint16_t acute = fixture_service(&f, "acute"), sd = fixture_service(&f, "sd");
    uint16_t care = fixture_service(&f, "care"), ch = fixture_service(&f, "ch");
    uint16_t hah = fixture_service(&f, "hah");
    enum { NORTH, SOUTH };
    assert_near(sim->demand.population, 5000.0, 0.0);

    hsc__sim_set_now(sim, T);
    hsc__measures_start(sim);
    assert_true(sim->measuring);
    for (int i = 0; i < 2; i++) {
        uint32_t r = someone(&f, "frail", NORTH, HSC_PH_WAITING_HOME);
        assert_int_equal(hsc__service_request(sim, ch, r, HSC_CLASS_COMMUNITY), HSC_REQ_ADMITTED);
    }
    hsc__measure_care_home_admission(sim, true);
    hsc__measure_arrival(sim, acute);
    hsc__measure_turned_away(sim, acute);
    for (int i = 0; i < 3; i++)
        hsc__measure_arrival(sim, sd);
    hsc__measure_admission(sim, sd, 0.0);
    hsc__measure_admission(sim, sd, 2.0);
    const enum hsc_route_kind exits[] = {HSC_ROUTE_HOME, HSC_ROUTE_HOME, HSC_ROUTE_SERVICE,
                                         HSC_ROUTE_HOSPITAL, HSC_ROUTE_DEATH};
    for (int i = 0; i < 5; i++)
        hsc__measure_reablement_exit(sim, exits[i]);
    for (int i = 0; i < 3; i++)
        hsc__measure_death(sim);
    hsc__measure_death_in_hospital(sim);
    hsc__measure_ready(sim);
    hsc__measure_ready(sim);
    uint32_t g[3];
    for (int i = 0; i < 3; i++) {
        g[i] = someone(&f, "frail", SOUTH, HSC_PH_COMMUNITY);
        hsc__measure_step_up_started(sim, hah, fixture_at(&f, g[i]));
    }
    hsc__measure_step_up_closed(sim, fixture_at(&f, g[0]), true);
    hsc__measure_step_up_closed(sim, fixture_at(&f, g[1]), false);
    uint32_t el = someone(&f, "adult", NORTH, HSC_PH_BOARDING);
    fixture_at(&f, el)->elective = 1;
    fixture_at(&f, el)->asked_time = T;
    hsc__measure_acute_admission(sim, fixture_at(&f, el));
    hsc__measure_elective_cancelled(sim);
    hsc__measure_elective_cancelled(sim);
    hsc__measure_diverted(sim);
    uint32_t fp = someone(&f, "adult", SOUTH, HSC_PH_COMMUNITY);
    assert_true(hsc__measure_check_window(sim, fixture_at(&f, fp)));

    /* A: ready since T-1, discharged home at T+2. */
    uint32_t a = someone(&f, "adult", NORTH, HSC_PH_READY);
    struct hsc__person *pa = fixture_at(&f, a);
    pa->place = acute;
    pa->reason = HSC_REASON_DISCHARGE;
    pa->ready_time = pa->since = T - 1.0;
    /* B: ready at T+1, awaiting assessment. */
    uint32_t b = someone(&f, "frail", SOUTH, HSC_PH_READY);
    struct hsc__person *pb = fixture_at(&f, b);
    pb->place = acute;
    pb->reason = HSC_REASON_ASSESSMENT;
    pb->ready_time = pb->since = T + 1.0;

    hsc__sim_set_now(sim, T + 2.0);
    pa = fixture_at(&f, a);
    hsc__measure_acute_discharge(sim, pa, acute);
    hsc__measure_readmission_window(sim, pa);
    pa->discharge_time = sim->now;
    pa->place = HSC_NO_SVC;
    pa->phase = HSC_PH_AT_HOME;

    hsc__sim_set_now(sim, T + 3.0);
    hsc__measure_reason(sim, fixture_at(&f, b), (uint16_t)(HSC_REASON_SERVICE0 + sd));
    hsc__sim_set_now(sim, T + 5.5);
    pb = fixture_at(&f, b);
    hsc__measure_acute_discharge(sim, pb, acute);
    hsc__measure_readmission_window(sim, pb);
    assert_true(hsc__measure_check_window(sim, pb));
    pb->discharge_time = sim->now;
    pb->place = HSC_NO_SVC;
    pb->phase = HSC_PH_COMMUNITY;

    hsc__sim_set_now(sim, T + 20.0);
    fixture_at(&f, a)->phase = HSC_PH_TREATMENT;
    admit(&f, a, 0.0);
    hsc__sim_set_now(sim, T + 25.0);
    admit(&f, a, 0.0);
    hsc__sim_set_now(sim, T + 30.0);
    admit(&f, someone(&f, "adult", SOUTH, HSC_PH_TREATMENT), 0.75);
    admit(&f, someone(&f, "frail", SOUTH, HSC_PH_TREATMENT), 0.5);

    hsc__sim_set_now(sim, T + 96.5);
    hsc__measure_at_home_91d(sim, fixture_at(&f, b));

    hsc__sim_set_now(sim, T + 100.0);
    uint32_t c = someone(&f, "adult", SOUTH, HSC_PH_READY);
    struct hsc__person *pc = fixture_at(&f, c);
    pc->place = acute;
    pc->reason = (uint16_t)(HSC_REASON_SERVICE0 + care);
    pc->ready_time = pc->since = sim->now;

    hsc__sim_set_now(sim, T + YEAR / 2.0);
    uint32_t k = someone(&f, "adult", NORTH, HSC_PH_WAITING_HOME);
    fixture_at(&f, k)->want_hours = 12.0;
    assert_int_equal(hsc__service_request(sim, care, k, HSC_CLASS_COMMUNITY), HSC_REQ_ADMITTED);
    assert_int_equal(sim->m.intensive_clients, 1);

    finish_and_fill(&f);

    /* Admissions: 4 emergencies a year in 5,000 people = 0.8 per 1,000. */
    assert_kpi(&f, "emergency_admissions", 4.0);
    assert_kpi(&f, "emergency_admission_rate_per_1000", 0.8);
    assert_kpi(&f, "emergency_admissions.cohort.adult", 3.0);
    assert_kpi(&f, "emergency_admissions.cohort.frail", 1.0);
    assert_kpi(&f, "emergency_admissions.cohort.idle", 0.0);
    assert_kpi(&f, "emergency_admissions.locality.north", 2.0);
    assert_kpi(&f, "emergency_admissions.locality.south", 2.0);
    assert_kpi(&f, "elective_admissions", 1.0);
    assert_kpi(&f, "elective_cancellations", 2.0);
    assert_kpi(&f, "ed_diverted", 1.0);
    /* Waits 0, 0, 18 h, 12 h: mean 7.5 hours; only 18 h is over 12. */
    assert_kpi(&f, "ed_boarding_hours_mean", 7.5);
    assert_kpi(&f, "ed_boarding_over_12h", 1.0);
    assert_kpi(&f, "admissions_avoided", 2.0);
    assert_kpi(&f, "step_up_admitted", 1.0);
    assert_kpi(&f, "admissions_avoided.service.hah", 2.0);
    assert_kpi(&f, "step_up_admitted.service.hah", 1.0);
    /* The daily series: 5 acute admissions, 2 discharges. */
    double admitted = 0.0, discharged = 0.0;
    for (size_t d = 0; d < sim->clock.n_days; d++) {
        admitted += f.buf.admissions[d];
        discharged += f.buf.discharges[d];
    }
    assert_near(admitted, 5.0, 0.0);
    assert_near(f.buf.admissions[20], 1.0, 0.0);
    assert_near(f.buf.admissions[30], 2.0, 0.0);
    assert_near(discharged, 2.0, 0.0);

    /* Discharge: delayed days 2 (A) + 2 + 2.5 (B) + 265.25 (C) = 271.75. */
    const double delayed = 271.75;
    assert_kpi(&f, "ready_for_discharge", 2.0);
    assert_kpi(&f, "delayed_bed_days", delayed);
    assert_kpi(&f, "delayed_bed_days_per_100k", delayed / 0.05);
    assert_kpi(&f, "delayed_patients_mean", delayed / YEAR);
    assert_kpi(&f, "still_delayed_at_end", 1.0);
    assert_kpi(&f, "delayed_bed_days.reason.awaiting_discharge", 2.0);
    assert_kpi(&f, "delayed_bed_days.reason.awaiting_assessment", 2.0);
    assert_kpi(&f, "delayed_bed_days.reason.awaiting_sd", 2.5);
    assert_kpi(&f, "delayed_bed_days.reason.awaiting_care", 265.25);
    assert_kpi(&f, "delayed_bed_days.reason.awaiting_ch", 0.0);
    assert_kpi(&f, "delayed_bed_days.cohort.adult", 267.25);
    assert_kpi(&f, "delayed_bed_days.cohort.frail", 4.5);
    assert_kpi(&f, "delayed_bed_days.cohort.idle", 0.0);
    assert_kpi(&f, "delayed_bed_days.locality.north", 2.0);
    assert_kpi(&f, "delayed_bed_days.locality.south", 269.75);
    assert_kpi(&f, "blocked_days.service.acute", delayed);
    assert_kpi(&f, "cost_delayed_bed_days", 300.0 * delayed);
    /* 1 of 2 live discharges within 72 hours (A exactly at 72). */
    assert_kpi(&f, "discharged_within_72h_pct", 50.0);
    assert_kpi(&f, "discharged_within_72h_pct.cohort.adult", 100.0);
    assert_kpi(&f, "discharged_within_72h_pct.cohort.frail", 0.0);
    /* Readmissions: A of A and B. */
    assert_kpi(&f, "readmissions_28d_pct", 50.0);
    assert_kpi(&f, "readmissions_28d_pct.cohort.adult", 100.0);
    assert_kpi(&f, "readmissions_28d_pct.cohort.frail", 0.0);

    /* Outcomes. */
    assert_kpi(&f, "care_home_admissions", 3.0);
    assert_kpi(&f, "care_home_admissions_from_acute", 1.0);
    assert_kpi(&f, "reablement_no_further_care_pct", 200.0 / 3.0);
    assert_kpi(&f, "at_home_91d_pct", 50.0);
    assert_kpi(&f, "at_home_91d_pct.cohort.adult", 0.0);
    assert_kpi(&f, "at_home_91d_pct.cohort.frail", 100.0);
    /* Intensive clients 0.5 on average, care-home residents 2: 20%. */
    assert_kpi(&f, "intensive_needs_at_home_pct", 20.0);
    assert_kpi(&f, "deaths", 3.0);
    assert_kpi(&f, "deaths_in_hospital", 1.0);

    /* Per service. */
    assert_kpi(&f, "arrivals.service.sd", 3.0);
    assert_kpi(&f, "admissions.service.sd", 2.0);
    assert_kpi(&f, "wait_mean_days.service.sd", 1.0);
    assert_kpi(&f, "waited_pct.service.sd", 50.0);
    assert_near(value(&f, "wait_p95_days.service.sd"), 2.0, 2.0 * HSC_QHIST_REL / 2.0);
    assert_kpi(&f, "arrivals.service.acute", 1.0);
    assert_kpi(&f, "turned_away.service.acute", 1.0);
    assert_kpi(&f, "occupancy_mean.service.ch", 2.0);
    assert_kpi(&f, "admissions.service.ch", 2.0);
    assert_kpi(&f, "wait_mean_days.service.ch", 0.0);
    assert_kpi(&f, "occupancy_mean.service.care", 0.5);
    assert_kpi(&f, "hours_committed_mean.service.care", 6.0);

    /* Money and staff: ch 2 beds x 365.25 days x £50; care 6 hours a week
     * for 365.25 / 7 weeks x £20; team: 1 filled WTE x £36,525 for a year. */
    const double ch_cost = 50.0 * 2.0 * YEAR, care_cost = 20.0 * 6.0 * YEAR / 7.0;
    assert_kpi(&f, "cost_total.service.ch", ch_cost);
    assert_kpi(&f, "cost_total.service.care", care_cost);
    assert_kpi(&f, "cost_total.service.acute", 0.0);
    assert_kpi(&f, "cost_total.staff.team", 36525.0);
    assert_kpi(&f, "cost_total", ch_cost + care_cost + 36525.0);
    assert_kpi(&f, "staff_utilisation.staff.carers", 6.0 / 40.0);
    assert_kpi(&f, "staff_utilisation.staff.team", 0.0);

    /* Zero denominators: NaN, never 0. */
    assert_kpi_nan(&f, "discharged_within_72h_pct.cohort.idle");
    assert_kpi_nan(&f, "readmissions_28d_pct.cohort.idle");
    assert_kpi_nan(&f, "at_home_91d_pct.cohort.idle");
    assert_kpi_nan(&f, "wait_mean_days.service.acute");
    assert_kpi_nan(&f, "waited_pct.service.acute");
    assert_kpi_nan(&f, "wait_p95_days.service.acute");
    fixture_close(&f);
}

/* A period in which nothing happens: every percentage, mean over people and
 * ratio is NaN; counts, sums and rates over a population are 0. Without
 * population and acute beds, the rates and acute fractions are NaN too. */
static void zero_denominators_are_nan(void **state)
{
    (void)state;
    struct sim_fixture f;
    fixture_open(&f, scenario);
    idle_period(&f, T);
    const char *nan_kpis[] = {
        "ed_boarding_hours_mean", "discharged_within_72h_pct", "readmissions_28d_pct",
        "reablement_no_further_care_pct", "at_home_91d_pct", "intensive_needs_at_home_pct",
        "discharged_within_72h_pct.cohort.adult", "readmissions_28d_pct.cohort.frail",
        "at_home_91d_pct.cohort.adult", "wait_mean_days.service.sd", "wait_p95_days.service.ch",
        "waited_pct.service.care"};
    for (size_t i = 0; i < sizeof nan_kpis / sizeof nan_kpis[0]; i++)
        assert_kpi_nan(&f, nan_kpis[i]);
    const char *zero_kpis[] = {
        "emergency_admissions", "emergency_admission_rate_per_1000", "delayed_bed_days",
        "delayed_bed_days_per_100k", "delayed_patients_mean", "care_home_admissions",
        "acute_occupancy_mean", "admissions_avoided", "emergency_admissions.cohort.adult",
        "delayed_bed_days.reason.awaiting_sd", "arrivals.service.sd", "occupancy_mean.service.ch",
        "blocked_days.service.acute", "cost_total.service.sd", "staff_utilisation.staff.carers"};
    for (size_t i = 0; i < sizeof zero_kpis / sizeof zero_kpis[0]; i++)
        assert_kpi(&f, zero_kpis[i], 0.0);
    fixture_close(&f);

    fixture_open(&f,
                 "name = \"kpi_empty\";\n"
                 "run = { replications = 1; measure_days = 30.0; };\n"
                 "cohorts = { x = { emergency_per_day = 1.0; }; };\n"
                 "services = { acute = { kind = \"beds\"; role = \"acute\"; capacity = 0;\n"
                 "  duration = { default = { dist = \"fixed\"; value = 1.0; }; }; }; };\n");
    assert_near(f.sim.demand.population, 0.0, 0.0);
    idle_period(&f, 0.0); /* the fixture's time already: the run has no warm-up */
    assert_kpi_nan(&f, "emergency_admission_rate_per_1000");
    assert_kpi_nan(&f, "delayed_bed_days_per_100k");
    assert_kpi_nan(&f, "acute_occupancy_mean");
    assert_kpi_nan(&f, "acute_occupancy_p95");
    assert_kpi(&f, "emergency_admissions", 0.0);
    fixture_close(&f);
}

/* runaway_queues: NaN until the end-of-run test has run; then the number
 * of services whose daily waiting series it flags (here sd and care, given
 * ramps of 1 and 3 a day; acute, flat, is not), and the flags reach
 * out->runaway. */
static void runaway_queues_from_the_series(void **state)
{
    (void)state;
    struct sim_fixture f;
    fixture_open(&f, scenario);
    idle_period(&f, T);
    assert_kpi_nan(&f, "runaway_queues");

    size_t n_svc = f.sc.n_services, days = f.sim.clock.n_days;
    uint16_t sd = fixture_service(&f, "sd"), care = fixture_service(&f, "care");
    assert_int_equal(days, 365);
    for (size_t d = 0; d < days; d++) {
        f.buf.waiting[d * n_svc + sd] = (float)d;
        f.buf.waiting[d * n_svc + care] = 3.0f * (float)d;
    }
    hsc__runaway_check(&f.sim);
    hsc__kpis_fill(&f.sim, &f.buf.kpis, f.buf.kpi);
    assert_kpi(&f, "runaway_queues", 2.0);
    for (size_t s = 0; s < n_svc; s++)
        assert_int_equal(f.buf.runaway[s], s == sd || s == care ? 1 : 0);
    fixture_close(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(catalogue_as_documented),
        cmocka_unit_test(kpis_from_hooks),
        cmocka_unit_test(zero_denominators_are_nan),
        cmocka_unit_test(runaway_queues_from_the_series),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
