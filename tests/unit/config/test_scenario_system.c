/*
 * The whole-system settings: localities and population, both ways of giving
 * an emergency rate, the calendar, staff groups and working days, electives,
 * discharge routes, readmissions, community services (exits, hours,
 * referrals, initial occupancy) and the acute service's discharge settings,
 * with their defaults and the rules that tie them together.
 */
#include "unit/config/config_test_util.h"

#include <math.h>

#define CLOSE(a, b) (fabs((a) - (b)) <= 1e-12 * fmax(1.0, fabs(b)))

/* Writes text to name and loads it; returns the status. */
static int load_text(const char *name, const char *text, struct hsc_scenario *sc,
                     struct hsc_errors *errs)
{
    write_file(name, text);
    hsc_errors_init(errs, 0);
    return hsc_scenario_load(name, NULL, 0, sc, errs);
}

/* Loads the whole-system scenario; fails the test unless it is valid. */
static void load_system(struct hsc_scenario *sc)
{
    struct hsc_errors errs;
    int status = load_text("system.cfg", system_scenario, sc, &errs);
    print_errors(&errs);
    assert_int_equal(status, 0);
    hsc_errors_fini(&errs);
}

static void assert_route(const struct hsc_route *route, enum hsc_route_kind kind,
                         size_t service, double probability)
{
    assert_int_equal(route->kind, kind);
    assert_true(route->service == service);
    assert_true(route->probability == probability);
}

static void test_localities_calendar_staff(void **state)
{
    (void)state;
    struct hsc_scenario sc;
    load_system(&sc);
    assert_int_equal(sc.n_localities, 3);
    assert_string_equal(sc.localities[0], "city");
    assert_string_equal(sc.localities[2], "south");
    assert_true(sc.weekday_factors[0] == 1.15);
    assert_true(sc.weekday_factors[6] == 0.85);
    assert_true(sc.month_factors[0] == 1.1);
    assert_true(sc.month_factors[11] == 1.15);
    assert_int_equal(sc.n_staff, 3);
    assert_string_equal(sc.staff[0].name, "discharge_team");
    assert_true(sc.staff[0].wte == 8.0);
    assert_int_equal(sc.staff[0].working_days, 0x1F); /* Mon-Fri */
    assert_true(sc.staff[0].care_hours_per_wte_week == 0.0);
    assert_int_equal(sc.staff[1].working_days, HSC_ALL_DAYS); /* default */
    assert_true(sc.staff[2].wte == 160.0);
    assert_true(sc.staff[2].care_hours_per_wte_week == 25.0);
    hsc_scenario_fini(&sc);
    assert_null(sc.localities);
}

static void test_cohort_demand(void **state)
{
    (void)state;
    struct hsc_scenario sc;
    load_system(&sc);
    const struct hsc_cohort *adult = &sc.cohorts[0], *frail = &sc.cohorts[1];
    /* emergency_per_day without population: split equally. */
    for (size_t l = 0; l < 3; l++) {
        assert_true(adult->population[l] == 0.0);
        assert_true(CLOSE(adult->emergency_per_day[l], 20.0 / 3));
    }
    /* Per 1,000 a year: population x rate / 1000 / 365.25 per locality. */
    assert_true(frail->population[0] == 1500.0);
    assert_true(frail->population[1] == 1400.0);
    assert_true(frail->population[2] == 1200.0);
    assert_true(CLOSE(frail->emergency_per_day[0], 1500 * 500.0 / 1000 / 365.25));
    assert_true(CLOSE(frail->emergency_per_day[2], 1200 * 500.0 / 1000 / 365.25));
    assert_int_equal(adult->acute_service, 0);
    assert_int_equal(adult->electives_per_weekday[0], 0);
    assert_int_equal(adult->electives_per_weekday[1], 4);
    assert_int_equal(adult->elective_duration.kind, HSC_DIST_LOGNORMAL);
    assert_true(CLOSE(adult->elective_duration.mean, 3.0));
    assert_int_equal(frail->elective_duration.kind, HSC_DIST_NONE);
    for (size_t d = 0; d < 7; d++)
        assert_int_equal(frail->electives_per_weekday[d], 0);
    hsc_scenario_fini(&sc);
}

static void test_cohort_pathway(void **state)
{
    (void)state;
    struct hsc_scenario sc;
    load_system(&sc);
    const struct hsc_cohort *adult = &sc.cohorts[0], *frail = &sc.cohorts[1];
    assert_true(adult->death_in_hospital == 0.0);
    assert_true(frail->death_in_hospital == 0.08);
    /* Default discharge: home. */
    assert_int_equal(adult->discharge.n, 1);
    assert_route(&adult->discharge.routes[0], HSC_ROUTE_HOME, HSC_NO_INDEX, 1.0);
    /* File order; services by index (reablement 3, home_care 4, step_down 2, care_home 5). */
    assert_int_equal(frail->discharge.n, 5);
    assert_route(&frail->discharge.routes[0], HSC_ROUTE_HOME, HSC_NO_INDEX, 0.5);
    assert_route(&frail->discharge.routes[1], HSC_ROUTE_SERVICE, 3, 0.3);
    assert_route(&frail->discharge.routes[2], HSC_ROUTE_SERVICE, 4, 0.1);
    assert_route(&frail->discharge.routes[3], HSC_ROUTE_SERVICE, 2, 0.07);
    assert_route(&frail->discharge.routes[4], HSC_ROUTE_SERVICE, 5, 0.03);
    /* [0] home, [1 + s] service s: home's own value, default elsewhere. */
    assert_true(frail->readmission_28d[0] == 0.12);
    for (size_t s = 0; s < sc.n_services; s++)
        assert_true(frail->readmission_28d[1 + s] == 0.10);
    for (size_t slot = 0; slot < 1 + sc.n_services; slot++)
        assert_true(adult->readmission_28d[slot] == 0.0);
    assert_int_equal(frail->readmission_days.kind, HSC_DIST_UNIFORM);
    assert_int_equal(adult->readmission_days.kind, HSC_DIST_NONE);
    hsc_scenario_fini(&sc);
}

static void test_acute_and_assessment(void **state)
{
    (void)state;
    struct hsc_scenario sc;
    load_system(&sc);
    const struct hsc_service *acute = &sc.services[0], *team = &sc.services[1];
    assert_int_equal(acute->kind, HSC_KIND_BEDS);
    assert_int_equal(acute->capacity, 260);
    assert_int_equal(acute->max_queue, -1);
    assert_true(acute->discharge_from_hour == 8.0);
    assert_true(acute->discharge_to_hour == 20.0);
    assert_true(acute->weekend_discharge == 0.5);
    assert_true(acute->elective_hour == 8.0);
    assert_true(acute->assessment == 1); /* the only assessment service */
    assert_true(acute->staff == HSC_NO_INDEX);
    assert_null(acute->exits);
    assert_null(acute->hours);
    assert_int_equal(team->kind, HSC_KIND_CASELOAD);
    assert_int_equal(team->role, HSC_ROLE_ASSESSMENT);
    assert_int_equal(team->capacity, 0);
    assert_true(team->staff == 0);
    assert_true(team->caseload_per_wte == 2.0);
    assert_true(team->assessment == HSC_NO_INDEX);
    assert_null(team->exits);
    for (size_t c = 0; c < sc.n_cohorts; c++)
        assert_int_equal(team->duration[c].kind, HSC_DIST_GAMMA);
    /* Not given: durations count calendar days, for every kind. */
    for (size_t s = 0; s < sc.n_services; s++)
        assert_int_equal(sc.services[s].duration_counts, HSC_DAYS_CALENDAR);
    hsc_scenario_fini(&sc);
}

static void test_community_services(void **state)
{
    (void)state;
    struct hsc_scenario sc;
    load_system(&sc);
    const struct hsc_service *step_down = &sc.services[2], *reablement = &sc.services[3];
    const struct hsc_service *home_care = &sc.services[4], *care_home = &sc.services[5];
    assert_int_equal(step_down->capacity, 30);
    assert_true(step_down->staff == HSC_NO_INDEX);
    for (size_t c = 0; c < 2; c++) { /* default copied to every cohort */
        assert_int_equal(step_down->exits[c].n, 5);
        assert_route(&step_down->exits[c].routes[0], HSC_ROUTE_HOME, HSC_NO_INDEX, 0.6);
        assert_route(&step_down->exits[c].routes[1], HSC_ROUTE_SERVICE, 4, 0.2);
        assert_route(&step_down->exits[c].routes[3], HSC_ROUTE_HOSPITAL, HSC_NO_INDEX, 0.05);
        assert_route(&step_down->exits[c].routes[4], HSC_ROUTE_DEATH, HSC_NO_INDEX, 0.05);
    }
    assert_true(step_down->referrals_per_day[0] == 0.0);
    assert_true(step_down->referrals_per_day[1] == 0.2);
    assert_int_equal(step_down->initial[0], 0);
    assert_int_equal(step_down->initial[1], 10);
    /* A cohort's own exits entry wins over default. */
    assert_int_equal(reablement->exits[0].n, 2);
    assert_route(&reablement->exits[0].routes[1], HSC_ROUTE_SERVICE, 4, 0.1);
    assert_int_equal(reablement->exits[1].n, 4);
    assert_route(&reablement->exits[1].routes[2], HSC_ROUTE_HOSPITAL, HSC_NO_INDEX, 0.07);
    assert_int_equal(reablement->capacity, 0);
    assert_true(reablement->staff == 1);
    assert_true(reablement->caseload_per_wte == 1.5);
    assert_int_equal(home_care->kind, HSC_KIND_HOURS);
    assert_true(home_care->staff == 2);
    assert_non_null(home_care->hours);
    assert_int_equal(home_care->hours[0].kind, HSC_DIST_GAMMA);
    assert_true(CLOSE(home_care->hours[1].mean, 10.0));
    assert_true(home_care->referrals_per_day[0] == 0.1);
    assert_int_equal(home_care->initial[0], 50);
    assert_int_equal(home_care->initial[1], 300);
    assert_int_equal(care_home->exits[1].n, 2);
    assert_route(&care_home->exits[1].routes[0], HSC_ROUTE_DEATH, HSC_NO_INDEX, 0.9);
    assert_null(care_home->hours);
    hsc_scenario_fini(&sc);
}

static const char minimal[] =
    "name = \"m\";\n"
    "cohorts = { adult = { electives_per_weekday = [0, 0, 0, 0, 0, 0, 0];\n"
    "  elective_duration = { dist = \"fixed\"; value = 1; };\n"
    "  readmission_days = { dist = \"fixed\"; value = 3; }; }; };\n"
    "services = { acute = { kind = \"beds\"; role = \"acute\"; capacity = 5;\n"
    "  duration = { adult = { dist = \"gamma\"; mean = 2; sd = 1; }; }; }; };\n";

static void test_defaults(void **state)
{
    (void)state;
    struct hsc_scenario sc;
    struct hsc_errors errs;
    int status = load_text("minimal.cfg", minimal, &sc, &errs);
    print_errors(&errs);
    assert_int_equal(status, 0);
    assert_int_equal(sc.n_localities, 1);
    assert_string_equal(sc.localities[0], "all");
    for (size_t d = 0; d < 7; d++)
        assert_true(sc.weekday_factors[d] == 1.0);
    for (size_t m = 0; m < 12; m++)
        assert_true(sc.month_factors[m] == 1.0);
    assert_int_equal(sc.n_staff, 0);
    const struct hsc_cohort *adult = &sc.cohorts[0];
    assert_true(adult->emergency_per_day[0] == 0.0); /* neither rate: electives only */
    assert_true(adult->population[0] == 0.0);
    /* Given but unused (no electives, no readmissions): checked, then dropped. */
    assert_int_equal(adult->elective_duration.kind, HSC_DIST_NONE);
    assert_int_equal(adult->readmission_days.kind, HSC_DIST_NONE);
    assert_int_equal(adult->discharge.n, 1);
    assert_int_equal(adult->discharge.routes[0].kind, HSC_ROUTE_HOME);
    const struct hsc_service *acute = &sc.services[0];
    assert_true(acute->discharge_from_hour == 0.0);
    assert_true(acute->discharge_to_hour == 24.0);
    assert_true(acute->weekend_discharge == 1.0);
    assert_true(acute->elective_hour == 8.0);
    assert_true(acute->assessment == HSC_NO_INDEX); /* no assessment service */
    assert_true(acute->referrals_per_day[0] == 0.0);
    assert_int_equal(acute->initial[0], 0);
    hsc_scenario_fini(&sc);
    hsc_errors_fini(&errs);
}

static void test_parse_working_days(void **state)
{
    (void)state;
    assert_int_equal(hsc_parse_working_days("Mon-Fri"), 0x1F);
    assert_int_equal(hsc_parse_working_days("Mon-Sun"), HSC_ALL_DAYS);
    assert_int_equal(hsc_parse_working_days("Sat,Sun"), 0x60);
    assert_int_equal(hsc_parse_working_days("Mon,Wed-Fri"), 0x1D);
    assert_int_equal(hsc_parse_working_days("Mon, Wed , Fri"), 0x15);
    assert_int_equal(hsc_parse_working_days("Tue"), 0x02);
    assert_int_equal(hsc_parse_working_days("Sun-Sun"), 0x40);
    assert_int_equal(hsc_parse_working_days("Mon-Wed,Tue-Thu"), 0x0F);
    assert_int_equal(hsc_parse_working_days(""), -1);
    assert_int_equal(hsc_parse_working_days(NULL), -1);
    assert_int_equal(hsc_parse_working_days("Fri-Mon"), -1); /* ranges do not wrap */
    assert_int_equal(hsc_parse_working_days("Mon-"), -1);
    assert_int_equal(hsc_parse_working_days("Mon,"), -1);
    assert_int_equal(hsc_parse_working_days(",Mon"), -1);
    assert_int_equal(hsc_parse_working_days("Monday"), -1);
    assert_int_equal(hsc_parse_working_days("mon"), -1);
    assert_int_equal(hsc_parse_working_days("Mon Tue"), -1);
    assert_int_equal(hsc_parse_working_days("Mon--Fri"), -1);
    assert_int_equal(hsc_parse_working_days("weekdays"), -1);
}

/* Two discharge teams: an acute service whose cohorts go to services must
 * name one; one whose cohorts all go home need not. */
static const char two_teams[] =
    "name = \"t\";\n"                                                       /* 1 */
    "staff = { team = { wte = 2; }; };\n"                                   /* 2 */
    "cohorts = {\n"                                                         /* 3 */
    "  a = { emergency_per_day = 1; acute_service = \"north\";\n"           /* 4 */
    "        discharge = { home = 0.5; rehab = 0.5; }; };\n"                /* 5 */
    "  b = { emergency_per_day = 1; acute_service = \"south\"; };\n"        /* 6 */
    "  c = { emergency_per_day = 1; acute_service = \"east\";\n"            /* 7 */
    "        discharge = { rehab = 1; }; };\n"                              /* 8 */
    "};\n"                                                                  /* 9 */
    "services = {\n"                                                        /* 10 */
    "  north = { kind = \"beds\"; role = \"acute\"; capacity = 5;\n"        /* 11 */
    "    duration = { default = { dist = \"fixed\"; value = 1; }; }; };\n"  /* 12 */
    "  south = { kind = \"beds\"; role = \"acute\"; capacity = 5;\n"        /* 13 */
    "    duration = { default = { dist = \"fixed\"; value = 1; }; }; };\n"  /* 14 */
    "  east = { kind = \"beds\"; role = \"acute\"; capacity = 5; assessment = \"team_b\";\n" /* 15 */
    "    duration = { default = { dist = \"fixed\"; value = 1; }; }; };\n"  /* 16 */
    "  team_a = { kind = \"caseload\"; role = \"assessment\"; staff = \"team\";\n" /* 17 */
    "    caseload_per_wte = 1; duration = { default = { dist = \"fixed\"; value = 1; }; }; };\n" /* 18 */
    "  team_b = { kind = \"caseload\"; role = \"assessment\"; staff = \"team\";\n" /* 19 */
    "    caseload_per_wte = 1; duration = { default = { dist = \"fixed\"; value = 1; }; }; };\n" /* 20 */
    "  rehab = { kind = \"beds\"; role = \"other\"; capacity = 5;\n"        /* 21 */
    "    duration = { default = { dist = \"fixed\"; value = 1; }; };\n"     /* 22 */
    "    exits = { default = { home = 1; }; }; };\n"                        /* 23 */
    "};\n";                                                                 /* 24 */

static void test_assessment_choice(void **state)
{
    (void)state;
    struct hsc_scenario sc;
    struct hsc_errors errs;
    assert_int_equal(load_text("teams.cfg", two_teams, &sc, &errs), -1);
    assert_error(&errs, "teams.cfg:11: services.north.assessment: missing (services team_a, "
                        "team_b all have role \"assessment\"; name one)");
    assert_int_equal(errs.count, 1); /* south's cohorts all go home; east names one */
    hsc_errors_fini(&errs);

    const struct hsc_override pick[] = {{"services.north.assessment", "team_a"}};
    hsc_errors_init(&errs, 0);
    int status = hsc_scenario_load("teams.cfg", pick, 1, &sc, &errs);
    print_errors(&errs);
    assert_int_equal(status, 0);
    assert_true(sc.services[0].assessment == 3);
    assert_true(sc.services[1].assessment == HSC_NO_INDEX);
    assert_true(sc.services[2].assessment == 4);
    hsc_scenario_fini(&sc);
    hsc_errors_fini(&errs);
}

/* Rules between settings, each reported once at its own line. */
static const char mistakes[] =
    "name = \"x\";\n"                                                       /* 1 */
    "localities = [\"city\", \"north\"];\n"                                 /* 2 */
    "staff = { rehab = { wte = 3; working_days = \"Fri-Mon\"; };\n"         /* 3 */
    "          carers = { wte = 3; }; };\n"                                 /* 4 */
    "cohorts = {\n"                                                         /* 5 */
    "  a = { emergency_per_day = 1; emergency_per_1000_per_year = 3;\n"     /* 6 */
    "        population = { city = 10; nroth = 5; };\n"                     /* 7 */
    "        discharge = { home = 0.5; rehab = 0.4; };\n"                   /* 8 */
    "        readmission_28d = { home = 0.1; };\n"                          /* 9 */
    "        readmission_days = { dist = \"fixed\"; value = 30; }; };\n"    /* 10 */
    "  b = { emergency_per_1000_per_year = 3;\n"                            /* 11 */
    "        electives_per_weekday = [1, 1, 1, 1, 1, 0, 0];\n"              /* 12 */
    "        discharge = { acute = 1; }; };\n"                              /* 13 */
    "};\n"                                                                  /* 14 */
    "services = {\n"                                                        /* 15 */
    "  acute = { kind = \"beds\"; role = \"acute\"; capacity = 5;\n"        /* 16 */
    "    discharge_hours = [20, 8]; elective_hour = 24;\n"                  /* 17 */
    "    duration = { default = { dist = \"fixed\"; value = 1; }; }; };\n"  /* 18 */
    "  rehab = { kind = \"caseload\"; role = \"reablement\"; staff = \"rehab\";\n" /* 19 */
    "    caseload_per_wt = 2; max_queue = 3;\n"                             /* 20 */
    "    duration = { a = { dist = \"fixed\"; value = 1; }; };\n"           /* 21 */
    "    exits = { default = { home = 0.9; rehab = 0.1; }; }; };\n"         /* 22 */
    "  care = { kind = \"hours\"; role = \"home_care\"; staff = \"carers\";\n" /* 23 */
    "    duration = { default = { dist = \"fixed\"; value = 1; }; };\n"     /* 24 */
    "    exits = { default = { home = 1; }; }; };\n"                        /* 25 */
    "};\n";                                                                 /* 26 */

static void test_cross_rules(void **state)
{
    (void)state;
    struct hsc_scenario sc;
    struct hsc_errors errs;
    assert_int_equal(load_text("mistakes.cfg", mistakes, &sc, &errs), -1);
    const char *expected[] = {
        "mistakes.cfg:3: staff.rehab.working_days: expected days such as \"Mon-Fri\" or "
        "\"Mon,Wed,Fri\" (got \"Fri-Mon\")",
        "mistakes.cfg:7: cohorts.a.population.nroth: unknown locality \"nroth\" "
        "(did you mean \"north\"?)",
        "mistakes.cfg:6: cohorts.a.emergency_per_1000_per_year: give either emergency_per_day "
        "or emergency_per_1000_per_year, not both",
        "mistakes.cfg:8: cohorts.a.discharge: must sum to 1 (sum is 0.9)",
        "mistakes.cfg:10: cohorts.a.readmission_days.value: must be at most 28 days "
        "(a readmission within 28 days) (got 30)",
        "mistakes.cfg:11: cohorts.b.emergency_per_1000_per_year: needs cohorts.b.population "
        "with a total above 0 (the rate is per 1,000 people)",
        "mistakes.cfg:11: cohorts.b.elective_duration: missing (electives_per_weekday books "
        "electives: expected the distribution of their treatment stay)",
        "mistakes.cfg:13: cohorts.b.discharge.acute: service \"acute\" has role \"acute\" "
        "(a discharge goes \"home\" or to a service whose role is neither \"acute\" nor "
        "\"assessment\")",
        "mistakes.cfg:17: services.acute.elective_hour: must be < 24 (got 24)",
        "mistakes.cfg:17: services.acute.discharge_hours: must be [from, to] with from < to "
        "(got [20, 8])",
        "mistakes.cfg:20: services.rehab.caseload_per_wt: unknown setting "
        "(did you mean \"caseload_per_wte\"?)",
        "mistakes.cfg:20: services.rehab.max_queue: not allowed for role \"reablement\" "
        "(only role \"acute\" has it)",
        "mistakes.cfg:21: services.rehab.duration: no duration for cohort \"b\" "
        "(add duration.b or duration.default)",
        "mistakes.cfg:22: services.rehab.exits.default.rehab: service \"rehab\" cannot be an "
        "exit of itself",
        "mistakes.cfg:23: services.care.hours: missing (kind \"hours\" needs the weekly care hours of a "
        "package: a group with an entry per cohort or \"default\")",
        "mistakes.cfg:23: services.care.staff: staff group \"carers\" has no "
        "care_hours_per_wte_week (kind \"hours\" needs it)",
    };
    for (size_t i = 0; i < sizeof expected / sizeof expected[0]; i++)
        assert_error(&errs, expected[i]);
    if (errs.count != sizeof expected / sizeof expected[0])
        print_errors(&errs);
    assert_int_equal(errs.count, sizeof expected / sizeof expected[0]);
    hsc_errors_fini(&errs);
}

/* Each misspelt name is one error: settings that depend on what it names
 * draw no second one. */
static const char typos[] =
    "name = \"x\";\n"                                                      /* 1 */
    "localites = [\"city\", \"north\"];\n"                               /* 2 */
    "staf = { team = { wte = 3; }; };\n"                                   /* 3 */
    "cohorts = {\n"                                                        /* 4 */
    "  a = { population = { city = 10; }; emergency_per_day = 1;\n"        /* 5 */
    "        discharge = { home = 0.5; rehab = 0.5; };\n"                  /* 6 */
    "        readmission_28d = { home = 0.1; }; readmision_days = 3; };\n" /* 7 */
    "  b = { populaton = { city = 10; }; emergency_per_1000_per_year = 5; };\n" /* 8 */
    "};\n"                                                                 /* 9 */
    "services = {\n"                                                       /* 10 */
    "  acute = { kind = \"beds\"; role = \"acute\"; capacity = 5;\n"       /* 11 */
    "    duration = { defualt = { dist = \"fixed\"; value = 1; }; }; };\n" /* 12 */
    "  rehab = { kind = \"caseload\"; role = \"reablement\"; staff = \"team\";\n" /* 13 */
    "    caseload_per_wte = 1; duration = { default = { dist = \"fixed\"; value = 1; }; };\n" /* 14 */
    "    exits = { a = { home = 1; }; bb = { home = 1; }; }; };\n"        /* 15 */
    "  care = { kind = \"hours\"; role = \"home_care\"; staff = \"team\";\n" /* 16 */
    "    hous = { default = { dist = \"fixed\"; value = 1; }; };\n"      /* 17 */
    "    duration = { default = { dist = \"fixed\"; value = 1; }; };\n"  /* 18 */
    "    exts = { default = { home = 1; }; }; };\n"                       /* 19 */
    "};\n";                                                                /* 20 */

static void test_one_typo_one_error(void **state)
{
    (void)state;
    struct hsc_scenario sc;
    struct hsc_errors errs;
    assert_int_equal(load_text("typos.cfg", typos, &sc, &errs), -1);
    const char *expected[] = {
        "typos.cfg:2: localites: unknown setting (did you mean \"localities\"?)",
        "typos.cfg:3: staf: unknown setting (did you mean \"staff\"?)",
        "typos.cfg:7: cohorts.a.readmision_days: unknown setting "
        "(did you mean \"readmission_days\"?)",
        "typos.cfg:8: cohorts.b.populaton: unknown setting (did you mean \"population\"?)",
        "typos.cfg:12: services.acute.duration.defualt: unknown cohort \"defualt\" "
        "(did you mean \"default\"?)",
        "typos.cfg:15: services.rehab.exits.bb: unknown cohort \"bb\" (did you mean \"b\"?)",
        "typos.cfg:17: services.care.hous: unknown setting (did you mean \"hours\"?)",
        "typos.cfg:19: services.care.exts: unknown setting (did you mean \"exits\"?)",
    };
    for (size_t i = 0; i < sizeof expected / sizeof expected[0]; i++)
        assert_error(&errs, expected[i]);
    if (errs.count != sizeof expected / sizeof expected[0])
        print_errors(&errs);
    assert_int_equal(errs.count, sizeof expected / sizeof expected[0]);
    hsc_errors_fini(&errs);

    /* A misspelt care_hours_per_wte_week does not also fail the hours service. */
    write_file("care.cfg",
               "name = \"x\";\n"
               "staff = { carers = { wte = 3; care_hours_per_wte_wek = 20; }; };\n"
               "cohorts = { a = { emergency_per_day = 1; }; };\n"
               "services = { acute = { kind = \"beds\"; role = \"acute\"; capacity = 5;\n"
               "    duration = { default = { dist = \"fixed\"; value = 1; }; }; };\n"
               "  care = { kind = \"hours\"; role = \"home_care\"; staff = \"carers\";\n"
               "    hours = { default = { dist = \"fixed\"; value = 1; }; };\n"
               "    duration = { default = { dist = \"fixed\"; value = 1; }; };\n"
               "    exits = { default = { home = 1; }; }; };\n"
               "};\n");
    hsc_errors_init(&errs, 0);
    assert_int_equal(hsc_scenario_load("care.cfg", NULL, 0, &sc, &errs), -1);
    assert_error(&errs, "care.cfg:2: staff.carers.care_hours_per_wte_wek: unknown setting "
                        "(did you mean \"care_hours_per_wte_week\"?)");
    assert_int_equal(errs.count, 1);
    hsc_errors_fini(&errs);
}

/* The upper bound of readmission_days is checked at the parameter that
 * holds it, whatever the bounded kind. */
static void test_readmission_window(void **state)
{
    (void)state;
    static const char text[] =
        "name = \"x\";\n"
        "cohorts = {\n"
        "  a = { emergency_per_day = 1; readmission_28d = { home = 0.1; };\n"      /* 3 */
        "        readmission_days = { dist = \"empirical\"; values = [1, 40, 2]; }; };\n"
        "  b = { emergency_per_day = 1; readmission_28d = { home = 0.1; };\n"      /* 5 */
        "        readmission_days = { dist = \"histogram\"; edges = [0, 14, 35];\n"
        "                             probabilities = [0.5, 0.5]; }; };\n"
        "  c = { emergency_per_day = 1; readmission_28d = { default = 0.1; };\n"   /* 8 */
        "        readmission_days = { dist = \"triangular\"; min = 0; mode = 3; max = 28.5; }; };\n"
        "  d = { emergency_per_day = 1; readmission_28d = { home = 0.1; };\n"      /* 10 */
        "        readmission_days = { dist = \"fixed\"; value = 28; }; };\n"
        "  e = { emergency_per_day = 1; readmission_28d = { home = 0.1; };\n"      /* 12 */
        "        readmission_days = { dist = \"gamma\"; mean = 3; sd = 1; }; };\n"
        "};\n"
        "services = { acute = { kind = \"beds\"; role = \"acute\"; capacity = 5;\n"
        "  duration = { default = { dist = \"fixed\"; value = 1; }; }; }; };\n";
    struct hsc_scenario sc;
    struct hsc_errors errs;
    assert_int_equal(load_text("window.cfg", text, &sc, &errs), -1);
    assert_error(&errs, "window.cfg:4: cohorts.a.readmission_days.values: must be at most 28 "
                        "days (a readmission within 28 days) (got 40)");
    assert_error(&errs, "window.cfg:6: cohorts.b.readmission_days.edges: must be at most 28 "
                        "days (a readmission within 28 days) (got 35)");
    assert_error(&errs, "window.cfg:9: cohorts.c.readmission_days.max: must be at most 28 "
                        "days (a readmission within 28 days) (got 28.5)");
    assert_error(&errs, "window.cfg:13: cohorts.e.readmission_days.dist: must be one of fixed, "
                        "uniform, triangular, empirical, histogram (a readmission comes within "
                        "28 days; got \"gamma\")");
    assert_int_equal(errs.count, 4); /* fixed 28 is allowed */
    hsc_errors_fini(&errs);
}

/* Counts beyond 32 bits (which libconfig 1.5 would wrap) are range-checked
 * as written, in arrays, lists and per-cohort groups alike. */
static void test_wide_counts(void **state)
{
    (void)state;
    static const char text[] =
        "name = \"x\";\n"
        "cohorts = { a = { electives_per_weekday = (0, 4294967296, 0, 0, 0, 0, 0);\n"
        "  elective_duration = { dist = \"fixed\"; value = 1; }; };\n"
        "  b = { electives_per_weekday = [0, 0, 0, 0, 0, 0, 4294967296]; }; };\n"
        "services = { acute = { kind = \"beds\"; role = \"acute\"; capacity = 5;\n"
        "    duration = { default = { dist = \"fixed\"; value = 1; }; }; };\n"
        "  home = { kind = \"beds\"; role = \"care_home\"; capacity = 5;\n"
        "    initial = { a = 4294967296; };\n"
        "    duration = { default = { dist = \"fixed\"; value = 1; }; };\n"
        "    exits = { default = { death = 1; }; }; }; };\n";
    struct hsc_scenario sc;
    struct hsc_errors errs;
    assert_int_equal(load_text("wide.cfg", text, &sc, &errs), -1);
    assert_error(&errs, "wide.cfg:2: cohorts.a.electives_per_weekday: must all be <= 100000 "
                        "(item 2 is 4294967296)");
    assert_error(&errs, "wide.cfg:4: cohorts.b.electives_per_weekday: must all be <= 100000 "
                        "(item 7 is 4294967296)");
    assert_error(&errs, "wide.cfg:8: services.home.initial.a: must be <= 10000000 "
                        "(got 4294967296)");
    assert_int_equal(errs.count, 3);
    hsc_errors_fini(&errs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_localities_calendar_staff),
        cmocka_unit_test(test_cohort_demand),
        cmocka_unit_test(test_cohort_pathway),
        cmocka_unit_test(test_acute_and_assessment),
        cmocka_unit_test(test_community_services),
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_parse_working_days),
        cmocka_unit_test(test_assessment_choice),
        cmocka_unit_test(test_cross_rules),
        cmocka_unit_test(test_one_typo_one_error),
        cmocka_unit_test(test_readmission_window),
        cmocka_unit_test(test_wide_counts),
    };
    return cmocka_run_group_tests(tests, config_tmp_setup, config_tmp_teardown);
}
