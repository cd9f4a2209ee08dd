/*
 * The levers: hour-of-day factors, population growth, elective rebooking,
 * step-up offers, capacity calendars, a maximum wait for an acute bed,
 * capacity shares by locality with overflow, and bridging. Every field of a
 * full example, the defaults that keep older scenarios unchanged, the rules
 * (with their exact messages and lines), and --set reaching each setting.
 */
#include "unit/config/config_test_util.h"

#include <math.h>

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

/* A valid scenario using every lever. Line numbers on the right. */
static const char levers[] =
    "name = \"levers\";\n"                                                    /* 1 */
    "localities = [\"city\", \"north\", \"south\"];\n"                        /* 2 */
    "calendar = {\n"                                                          /* 3 */
    "  hour_factors = [0.5, 0.4, 0.4, 0.3, 0.3, 0.4, 0.6, 0.9, 1.3, 1.5, 1.6, 1.6,\n" /* 4 */
    "                  1.5, 1.5, 1.4, 1.4, 1.3, 1.3, 1.2, 1.2, 1.1, 1.0, 0.7, 0.6];\n" /* 5 */
    "};\n"                                                                    /* 6 */
    "staff = {\n"                                                             /* 7 */
    "  team = { wte = 8.0; working_days = \"Mon-Fri\"; };\n"                  /* 8 */
    "  reablers = { wte = 30.0; };\n"                                         /* 9 */
    "  hah = { wte = 10.0; };\n"                                              /* 10 */
    "};\n"                                                                    /* 11 */
    "cohorts = {\n"                                                           /* 12 */
    "  adult = {\n"                                                           /* 13 */
    "    emergency_per_day = 20.0;\n"                                         /* 14 */
    "    growth_per_year = -0.01;\n"                                          /* 15 */
    "    electives_per_weekday = [0, 4, 4, 4, 4, 0, 0];\n"                    /* 16 */
    "    elective_duration = { dist = \"lognormal\"; mean = 3.0; sd = 2.0; };\n" /* 17 */
    "    elective_rebook_days = 14;\n"                                        /* 18 */
    "  };\n"                                                                  /* 19 */
    "  frail85 = {\n"                                                         /* 20 */
    "    population = { city = 1500; north = 1400; south = 1200; };\n"        /* 21 */
    "    emergency_per_1000_per_year = 500.0;\n"                              /* 22 */
    "    growth_per_year = 0.02;\n"                                           /* 23 */
    "    step_up = { share = 0.3; services = [\"step_up_beds\", \"hospital_at_home\"]; };\n" /* 24 */
    "    discharge = { home = 0.6; reablement = 0.2; step_down = 0.1; care_home = 0.1; };\n" /* 25 */
    "  };\n"                                                                  /* 26 */
    "};\n"                                                                    /* 27 */
    "services = {\n"                                                          /* 28 */
    "  acute = {\n"                                                           /* 29 */
    "    kind = \"beds\"; role = \"acute\"; capacity = 260;\n"                /* 30 */
    "    capacity_calendar = (\n"                                             /* 31 */
    "      { from = \"12-01\"; to = \"03-31\"; capacity = 280; },\n"          /* 32 */
    "      { from = \"2026-07-01\"; to = \"2026-08-31\"; capacity = 250; }\n" /* 33 */
    "    );\n"                                                                /* 34 */
    "    max_wait_hours = 12.0;\n"                                            /* 35 */
    "    duration = { default = { dist = \"exponential\"; mean = 3.5; }; };\n" /* 36 */
    "  };\n"                                                                  /* 37 */
    "  discharge_team = {\n"                                                  /* 38 */
    "    kind = \"caseload\"; role = \"assessment\"; staff = \"team\"; caseload_per_wte = 2.0;\n" /* 39 */
    "    duration = { default = { dist = \"gamma\"; mean = 2.0; sd = 1.0; }; };\n" /* 40 */
    "  };\n"                                                                  /* 41 */
    "  hospital_at_home = {\n"                                                /* 42 */
    "    kind = \"caseload\"; role = \"step_up\"; staff = \"hah\"; caseload_per_wte = 2.0;\n" /* 43 */
    "    duration = { default = { dist = \"gamma\"; mean = 7.0; sd = 3.0; }; };\n" /* 44 */
    "    exits = { default = { home = 0.85; hospital = 0.1; death = 0.05; }; };\n" /* 45 */
    "  };\n"                                                                  /* 46 */
    "  step_up_beds = {\n"                                                    /* 47 */
    "    kind = \"beds\"; role = \"step_up\"; capacity = 10;\n"               /* 48 */
    "    duration = { default = { dist = \"gamma\"; mean = 10.0; sd = 4.0; }; };\n" /* 49 */
    "    exits = { default = { home = 0.8; hospital = 0.15; death = 0.05; }; };\n" /* 50 */
    "  };\n"                                                                  /* 51 */
    "  step_down = {\n"                                                       /* 52 */
    "    kind = \"beds\"; role = \"step_down\"; capacity = 30;\n"             /* 53 */
    "    capacity_calendar = ({ from = \"11-15\"; to = \"02-29\"; capacity = 36; });\n" /* 54 */
    "    duration = { default = { dist = \"gamma\"; mean = 21.0; sd = 10.0; }; };\n" /* 55 */
    "    exits = { default = { home = 0.7; care_home = 0.2; death = 0.1; }; };\n" /* 56 */
    "  };\n"                                                                  /* 57 */
    "  reablement = {\n"                                                      /* 58 */
    "    kind = \"caseload\"; role = \"reablement\"; staff = \"reablers\"; caseload_per_wte = 1.5;\n" /* 59 */
    "    localities = { city = 0.4; south = 0.25; north = 0.35; };\n"         /* 60 */
    "    overflow = true;\n"                                                  /* 61 */
    "    duration = { default = { dist = \"gamma\"; mean = 28.0; sd = 14.0; }; };\n" /* 62 */
    "    exits = { default = { home = 1.0; }; };\n"                           /* 63 */
    "  };\n"                                                                  /* 64 */
    "  care_home = {\n"                                                       /* 65 */
    "    kind = \"beds\"; role = \"care_home\"; capacity = 500;\n"            /* 66 */
    "    bridging = { via = \"step_down\"; after_days = 3.5; };\n"            /* 67 */
    "    duration = { default = { dist = \"exponential\"; mean = 730.0; }; };\n" /* 68 */
    "    exits = { default = { death = 1.0; }; };\n"                          /* 69 */
    "  };\n"                                                                  /* 70 */
    "};\n";                                                                   /* 71 */

enum { ACUTE, TEAM, HAH, STEP_UP_BEDS, STEP_DOWN, REABLEMENT, CARE_HOME };

static const double hours[24] = {0.5, 0.4, 0.4, 0.3, 0.3, 0.4, 0.6, 0.9, 1.3, 1.5, 1.6, 1.6,
                                  1.5, 1.5, 1.4, 1.4, 1.3, 1.3, 1.2, 1.2, 1.1, 1.0, 0.7, 0.6};

/* The levers scenario with `from` (which must occur once) replaced by `to`. */
static inline char *edited(const char *from, const char *to)
{
    return config_edited(levers, from, to);
}

static void assert_period(const struct hsc_capacity_period *period, bool yearly, int y0, int m0,
                          int d0, int y1, int m1, int d1, int64_t capacity)
{
    assert_int_equal(period->yearly, yearly);
    assert_int_equal(period->from.year, y0);
    assert_int_equal(period->from.month, m0);
    assert_int_equal(period->from.day, d0);
    assert_int_equal(period->to.year, y1);
    assert_int_equal(period->to.month, m1);
    assert_int_equal(period->to.day, d1);
    assert_int_equal(period->capacity, capacity);
}

static void test_full_example(void **state)
{
    (void)state;
    struct hsc_scenario sc;
    config_load_valid(levers, NULL, 0, &sc);
    for (size_t h = 0; h < 24; h++)
        assert_true(sc.hour_factors[h] == hours[h]);
    const struct hsc_cohort *adult = &sc.cohorts[0], *frail = &sc.cohorts[1];
    assert_true(adult->growth_per_year == -0.01);
    assert_true(adult->elective_rebook_days == 14.0);
    assert_true(adult->step_up_share == 0.0);
    assert_int_equal(adult->n_step_up, 0);
    assert_null(adult->step_up);
    assert_true(frail->growth_per_year == 0.02);
    assert_true(frail->elective_rebook_days < 0); /* not given: never rebooked */
    assert_true(frail->step_up_share == 0.3);
    /* Offered in the order listed, not the order the services are declared. */
    assert_int_equal(frail->n_step_up, 2);
    assert_int_equal(frail->step_up[0], STEP_UP_BEDS);
    assert_int_equal(frail->step_up[1], HAH);

    const struct hsc_service *acute = &sc.services[ACUTE];
    assert_true(acute->max_wait_days == 0.5);
    assert_int_equal(acute->n_calendar, 2);
    assert_period(&acute->calendar[0], true, 0, 12, 1, 0, 3, 31, 280);
    assert_period(&acute->calendar[1], false, 2026, 7, 1, 2026, 8, 31, 250);
    assert_int_equal(acute->capacity, 260); /* outside the periods */
    const struct hsc_service *step_down = &sc.services[STEP_DOWN];
    assert_int_equal(step_down->n_calendar, 1);
    assert_period(&step_down->calendar[0], true, 0, 11, 15, 0, 2, 29, 36);
    assert_true(isinf(step_down->max_wait_days));

    const struct hsc_service *reablement = &sc.services[REABLEMENT];
    assert_non_null(reablement->locality_share);
    assert_true(reablement->locality_share[0] == 0.4);  /* city */
    assert_true(reablement->locality_share[1] == 0.35); /* north: by name, not file order */
    assert_true(reablement->locality_share[2] == 0.25); /* south */
    assert_true(reablement->overflow);

    const struct hsc_service *care_home = &sc.services[CARE_HOME];
    assert_int_equal(care_home->bridge_via, STEP_DOWN);
    assert_true(care_home->bridge_after_days == 3.5);
    assert_true(step_down->bridge_via == HSC_NO_INDEX);
    hsc_scenario_fini(&sc);

    /* An empty list is no calendar. */
    char *text = edited("({ from = \"11-15\"; to = \"02-29\"; capacity = 36; })", "()");
    config_load_valid(text, NULL, 0, &sc);
    assert_int_equal(sc.services[STEP_DOWN].n_calendar, 0);
    assert_null(sc.services[STEP_DOWN].calendar);
    hsc_scenario_fini(&sc);
    free(text);
}

/* A locality left out of the shares has none of the capacity. */
static void test_missing_locality_share(void **state)
{
    (void)state;
    char *text = edited("city = 0.4; south = 0.25; north = 0.35;", "north = 0.75; city = 0.25;");
    struct hsc_scenario sc;
    config_load_valid(text, NULL, 0, &sc);
    const double *share = sc.services[REABLEMENT].locality_share;
    assert_true(share[0] == 0.25 && share[1] == 0.75 && share[2] == 0.0);
    hsc_scenario_fini(&sc);
    free(text);
}

/* Without the settings every lever is off, so older scenarios keep their
 * meaning; checked on the whole-system scenario, which uses none of them. */
static void test_defaults(void **state)
{
    (void)state;
    struct hsc_scenario sc;
    config_load_valid(system_scenario, NULL, 0, &sc);
    for (size_t h = 0; h < 24; h++)
        assert_true(sc.hour_factors[h] == 1.0);
    for (size_t c = 0; c < sc.n_cohorts; c++) {
        const struct hsc_cohort *cohort = &sc.cohorts[c];
        assert_true(cohort->growth_per_year == 0.0);
        assert_true(cohort->elective_rebook_days == -1.0);
        assert_true(cohort->step_up_share == 0.0);
        assert_int_equal(cohort->n_step_up, 0);
        assert_null(cohort->step_up);
    }
    for (size_t s = 0; s < sc.n_services; s++) {
        const struct hsc_service *svc = &sc.services[s];
        assert_int_equal(svc->n_calendar, 0);
        assert_null(svc->calendar);
        assert_true(isinf(svc->max_wait_days) && svc->max_wait_days > 0);
        assert_null(svc->locality_share);
        assert_false(svc->overflow);
        assert_true(svc->bridge_via == HSC_NO_INDEX);
        assert_true(svc->bridge_after_days == 0.0);
    }
    hsc_scenario_fini(&sc);
}

/* The hour factors must sum to 24 within 1e-9: sums of decimal fractions
 * that are off only by rounding pass, anything more does not. */
static void test_hour_factor_sum(void **state)
{
    (void)state;
    struct hsc_scenario sc;
    /* 0.1 x 10 + 1.4 x 10 + 2.25 x 4 sums to 24 only up to rounding. */
    char *text = edited("[0.5, 0.4, 0.4, 0.3, 0.3, 0.4, 0.6, 0.9, 1.3, 1.5, 1.6, 1.6,\n"
                        "                  1.5, 1.5, 1.4, 1.4, 1.3, 1.3, 1.2, 1.2, 1.1, 1.0, "
                        "0.7, 0.6]",
                        "(0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 1.4, 1.4, 1.4, "
                        "1.4, 1.4, 1.4, 1.4, 1.4, 1.4, 1.4, 2.25, 2.25, 2.25, 2.25)");
    config_load_valid(text, NULL, 0, &sc);
    assert_true(sc.hour_factors[0] == 0.1 && sc.hour_factors[23] == 2.25);
    hsc_scenario_fini(&sc);
    free(text);

    const struct hsc_override off[] = {
        {"calendar.hour_factors", "[1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1.00000001]"}};
    const char *const off_error[] = {
        "(command line): calendar.hour_factors: must average 1 (sum 24) so a day's demand is "
        "unchanged (sum is 24.00000001)"};
    config_expect_errors(levers, off, N_OF(off), off_error, N_OF(off_error));

    const struct hsc_override zero[] = {
        {"calendar.hour_factors", "[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]"}};
    const char *const zero_error[] = {
        "(command line): calendar.hour_factors: must average 1 (sum 24) so a day's demand is "
        "unchanged (sum is 0)"};
    config_expect_errors(levers, zero, N_OF(zero), zero_error, N_OF(zero_error));

    /* All demand in one hour is allowed: the shape is the analyst's. */
    const struct hsc_override one_hour[] = {
        {"calendar.hour_factors", "[0,0,0,0,0,0,0,0,24,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]"}};
    config_load_valid(levers, one_hour, N_OF(one_hour), &sc);
    assert_true(sc.hour_factors[8] == 24.0);
    hsc_scenario_fini(&sc);
}

static void test_step_up_rules(void **state)
{
    (void)state;
    char *text = edited("services = [\"step_up_beds\", \"hospital_at_home\"]",
                        "services = (\"hospital_at_hom\", \"step_down\", \"care\", "
                        "\"step_up_beds\", \"step_up_beds\")");
    const char *const expected[] = {
        "bad.cfg:24: cohorts.frail85.step_up.services[4]: service \"step_up_beds\" is listed "
        "twice",
    };
    /* A duplicate stops the list being read; the names are then not judged. */
    config_expect_errors(text, NULL, 0, expected, N_OF(expected));
    free(text);

    text = edited("services = [\"step_up_beds\", \"hospital_at_home\"]",
                  "services = (\"hospital_at_hom\", \"step_down\", \"care\")");
    const char *const each[] = {
        "bad.cfg:24: cohorts.frail85.step_up.services[0]: unknown service \"hospital_at_hom\" "
        "(did you mean \"hospital_at_home\"?)",
        "bad.cfg:24: cohorts.frail85.step_up.services[1]: service \"step_down\" has role "
        "\"step_down\" (expected a service whose role is \"step_up\")",
        /* Suggestions are step-up services only: "care_home" is not offered. */
        "bad.cfg:24: cohorts.frail85.step_up.services[2]: unknown service \"care\" "
        "(expected one of: hospital_at_home, step_up_beds)",
    };
    config_expect_errors(text, NULL, 0, each, N_OF(each));
    free(text);

    text = edited("{ share = 0.3; services = [\"step_up_beds\", \"hospital_at_home\"]; }",
                  "{ shar = 0.3; services = \"step_up_beds\"; }");
    const char *const shape[] = {
        "bad.cfg:24: cohorts.frail85.step_up.shar: unknown setting (did you mean \"share\"?)",
        "bad.cfg:24: cohorts.frail85.step_up.services: expected an array of names (got a "
        "string)",
    };
    config_expect_errors(text, NULL, 0, shape, N_OF(shape));
    free(text);
}

static void test_calendar_rules(void **state)
{
    (void)state;
    char *text = edited("      { from = \"2026-07-01\"; to = \"2026-08-31\"; capacity = 250; }\n",
                        "      { from = \"2026-07-01\"; to = \"2026-08-31\"; capacity = 250; },\n"
                        "      { from = \"03-31\"; to = \"04-01\"; capacity = 270; },\n"
                        "      { from = \"2027-02-29\"; to = \"2027-03-01\"; capacity = 1; },\n"
                        "      { from = \"2026-08-31\"; to = \"09-30\"; capacity = 1; },\n"
                        "      { from = \"2026-10-01\"; to = \"2026-09-30\"; capacity = 1; },\n"
                        "      { from = \"2027-01-01\"; to = \"2027-01-01\"; capacity = -1; },\n"
                        "      { from = 1; capacity = 1; }, 5\n");
    const char *const expected[] = {
        "bad.cfg:34: services.acute.capacity_calendar[2]: overlaps capacity_calendar[0] "
        "(12-01 to 03-31): both include 03-31 every year",
        "bad.cfg:35: services.acute.capacity_calendar[3].from: expected a real date \"MM-DD\" "
        "(every year) or \"YYYY-MM-DD\" (once, years 1900..2200) (got \"2027-02-29\")",
        "bad.cfg:36: services.acute.capacity_calendar[4].to: must be written the same way as "
        "from: \"MM-DD\" for a yearly period, \"YYYY-MM-DD\" for a dated one (got \"09-30\", "
        "from is \"2026-08-31\")",
        "bad.cfg:37: services.acute.capacity_calendar[5].to: must not be before from (got "
        "\"2026-09-30\", from is \"2026-10-01\"; only \"MM-DD\" periods wrap the new year)",
        "bad.cfg:38: services.acute.capacity_calendar[6].capacity: must be >= 0 (got -1)",
        "bad.cfg:39: services.acute.capacity_calendar[7].from: expected a string (got an "
        "integer)",
        "bad.cfg:39: services.acute.capacity_calendar[7].to: missing (expected a string)",
        "bad.cfg:39: services.acute.capacity_calendar[8]: expected a group (got an integer)",
    };
    /* A list with an item that is not a group is not read further. */
    const char *const first[] = {expected[N_OF(expected) - 1]};
    config_expect_errors(text, NULL, 0, first, N_OF(first));
    free(text);

    text = edited("      { from = \"2026-07-01\"; to = \"2026-08-31\"; capacity = 250; }\n",
                  "      { from = \"2026-07-01\"; to = \"2026-08-31\"; capacity = 250; },\n"
                  "      { from = \"03-31\"; to = \"04-01\"; capacity = 270; },\n"
                  "      { from = \"2027-02-29\"; to = \"2027-03-01\"; capacity = 1; },\n"
                  "      { from = \"2026-08-31\"; to = \"09-30\"; capacity = 1; },\n"
                  "      { from = \"2026-10-01\"; to = \"2026-09-30\"; capacity = 1; },\n"
                  "      { from = \"2027-01-01\"; to = \"2027-01-01\"; capacity = -1; },\n"
                  "      { from = 1; capacity = 1; }\n");
    config_expect_errors(text, NULL, 0, expected, N_OF(expected) - 1);
    free(text);

    /* Several overlaps: each later period is reported once, against the
     * first earlier one it meets. */
    text = edited("capacity_calendar = ({ from = \"11-15\"; to = \"02-29\"; capacity = 36; });",
                  "capacity_calendar = ({ from = \"11-15\"; to = \"02-29\"; capacity = 36; },\n"
                  "{ from = \"2027-02-28\"; to = \"2027-03-05\"; capacity = 32; },\n"
                  "{ from = \"2027-03-01\"; to = \"2027-03-02\"; capacity = 33; },\n"
                  "{ from = \"01-01\"; to = \"01-01\"; capacity = 34; },\n"
                  "{ from = \"03-03\"; to = \"03-03\"; capacity = 35; });");
    const char *const overlaps[] = {
        "bad.cfg:55: services.step_down.capacity_calendar[1]: overlaps capacity_calendar[0] "
        "(11-15 to 02-29): both include 2027-02-28",
        "bad.cfg:56: services.step_down.capacity_calendar[2]: overlaps capacity_calendar[1] "
        "(2027-02-28 to 2027-03-05): both include 2027-03-01",
        "bad.cfg:57: services.step_down.capacity_calendar[3]: overlaps capacity_calendar[0] "
        "(11-15 to 02-29): both include 01-01 every year",
        "bad.cfg:58: services.step_down.capacity_calendar[4]: overlaps capacity_calendar[1] "
        "(2027-02-28 to 2027-03-05): both include 2027-03-03",
    };
    config_expect_errors(text, NULL, 0, overlaps, N_OF(overlaps));
    free(text);
}

/* Which kinds and roles take each service lever, and the cross rules. */
static void test_service_lever_rules(void **state)
{
    (void)state;
    const struct hsc_override ovs[] = {
        {"services.reablement.capacity_calendar", "1"},
        {"services.step_down.max_wait_hours", "12"},
        {"services.acute.localities.city", "1"},
        {"services.discharge_team.bridging.via", "step_down"},
        {"services.step_up_beds.overflow", "true"},
        {"services.hospital_at_home.overflow", "1"},
        {"services.step_down.bridging.via", "care_home"},
        {"services.step_down.bridging.after_days", "7"},
        {"services.reablement.localities.north", "0.45"},
    };
    const char *const expected[] = {
        "(command line): services.reablement.capacity_calendar: is a list; --set changes "
        "single settings of its items, e.g. services.reablement.capacity_calendar[0].from",
        "(command line): services.step_down.max_wait_hours: not allowed for role \"step_down\" "
        "(only role \"acute\" has it)",
        "(command line): services.acute.localities: not allowed for role \"acute\" (only "
        "services whose role is neither \"acute\" nor \"assessment\" have it)",
        "(command line): services.discharge_team.bridging: not allowed for role \"assessment\" "
        "(only services whose role is neither \"acute\" nor \"assessment\" have it)",
        "(command line): services.step_up_beds.overflow: needs services.step_up_beds.localities "
        "(overflow lets people use another locality's share of the capacity when their own is "
        "full)",
        "(command line): services.hospital_at_home.overflow: expected true or false (got an "
        "integer)",
        /* Reported at the later service of the two, in file order. */
        "bad.cfg:67: services.care_home.bridging.via: service \"step_down\" is itself bridged "
        "to \"care_home\" (bridging cannot go both ways)",
        "bad.cfg:60: services.reablement.localities: must sum to 1 (sum is 1.1)",
    };
    config_expect_errors(levers, ovs, N_OF(ovs), expected, N_OF(expected));
}

/* --set reaches every lever, including an item of a capacity calendar. */
static void test_set_reaches_levers(void **state)
{
    (void)state;
    const struct hsc_override ovs[] = {
        {"services.acute.max_wait_hours", "6"},
        {"cohorts.frail85.step_up.share", "0.4"},
        {"cohorts.frail85.step_up.services", "[hospital_at_home]"},
        {"cohorts.adult.step_up.share", "0.1"},
        {"cohorts.adult.step_up.services", "[step_up_beds, hospital_at_home]"},
        {"services.care_home.bridging.after_days", "5"},
        {"services.acute.capacity_calendar[1].capacity", "240"},
        {"services.acute.capacity_calendar[0].from", "11-01"},
        {"services.reablement.overflow", "false"},
        {"services.reablement.localities.city", "0.3"},
        {"services.reablement.localities.south", "0.35"},
        {"cohorts.adult.growth_per_year", "0.01"},
        {"cohorts.frail85.elective_rebook_days", "7.5"},
        {"services.step_up_beds.bridging.via", "step_down"},
        {"services.step_up_beds.bridging.after_days", "2"},
    };
    struct hsc_scenario sc;
    config_load_valid(levers, ovs, N_OF(ovs), &sc);
    assert_true(sc.services[ACUTE].max_wait_days == 0.25);
    assert_true(sc.cohorts[1].step_up_share == 0.4);
    assert_int_equal(sc.cohorts[1].n_step_up, 1);
    assert_int_equal(sc.cohorts[1].step_up[0], HAH);
    assert_true(sc.cohorts[0].step_up_share == 0.1);
    assert_int_equal(sc.cohorts[0].n_step_up, 2);
    assert_int_equal(sc.cohorts[0].step_up[0], STEP_UP_BEDS);
    assert_true(sc.services[CARE_HOME].bridge_after_days == 5.0);
    assert_int_equal(sc.services[ACUTE].calendar[1].capacity, 240);
    assert_int_equal(sc.services[ACUTE].calendar[0].from.month, 11);
    assert_false(sc.services[REABLEMENT].overflow);
    assert_true(sc.services[REABLEMENT].locality_share[0] == 0.3);
    assert_true(sc.services[REABLEMENT].locality_share[2] == 0.35);
    assert_true(sc.cohorts[0].growth_per_year == 0.01);
    assert_true(sc.cohorts[1].elective_rebook_days == 7.5);
    assert_int_equal(sc.services[STEP_UP_BEDS].bridge_via, STEP_DOWN);
    /* The resolved text keeps the calendar as a list, with the override. */
    assert_non_null(strstr(sc.resolved_text, "capacity_calendar = ( {"));
    assert_non_null(strstr(sc.resolved_text, "capacity = 240;"));
    assert_non_null(strstr(sc.resolved_text, "overflow = false;"));
    hsc_scenario_fini(&sc);
}

static void test_set_list_paths(void **state)
{
    (void)state;
    const struct { const char *path, *value, *error; } cases[] = {
        {"services.acute.capacity_calendar[2].capacity", "1",
         "(command line): services.acute.capacity_calendar[2].capacity: no such item "
         "services.acute.capacity_calendar[2] (it has 2 items); --set cannot add one"},
        {"services.care_home.capacity_calendar[0].capacity", "1",
         "(command line): services.care_home.capacity_calendar[0].capacity: no such item "
         "services.care_home.capacity_calendar[0] (it has 0 items); --set cannot add one"},
        {"services.acute.capacity_calendar.from", "12-01",
         "(command line): services.acute.capacity_calendar.from: "
         "services.acute.capacity_calendar is a list; name one of its items, e.g. "
         "services.acute.capacity_calendar[0]"},
        {"services.acute.capacity_calendar[0]", "1",
         "(command line): services.acute.capacity_calendar[0]: is a group; --set changes "
         "single settings"},
        {"services.acute.capacity[0].x", "1",
         "(command line): services.acute.capacity[0].x: services.acute.capacity is not a list"},
        {"services.acute.capacity_calendar[0].capacit", "1",
         "(command line): services.acute.capacity_calendar[0].capacit: unknown setting (did "
         "you mean \"capacity\"?)"},
        {"services.acute.capacity_calendar[x].capacity", "1",
         "(command line): services.acute.capacity_calendar[x].capacity: not a setting path "
         "(expected names separated by dots)"},
        {"services.acute.capacity_calendar[0].capacity", "2.5",
         "(command line): services.acute.capacity_calendar[0].capacity: expected an integer "
         "(got a float)"},
    };
    for (size_t i = 0; i < N_OF(cases); i++) {
        const struct hsc_override ov = {cases[i].path, cases[i].value};
        config_expect_errors(levers, &ov, 1, &cases[i].error, 1);
    }
}

/* The resolved text of a scenario with every lever loads to the same text. */
static void test_resolved_text_round_trip(void **state)
{
    (void)state;
    struct hsc_scenario first, second;
    config_load_valid(levers, NULL, 0, &first);
    config_load_valid(first.resolved_text, NULL, 0, &second);
    assert_string_equal(first.resolved_text, second.resolved_text);
    assert_int_equal(second.services[ACUTE].n_calendar, 2);
    assert_true(second.services[REABLEMENT].overflow);
    hsc_scenario_fini(&first);
    hsc_scenario_fini(&second);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_full_example),
        cmocka_unit_test(test_missing_locality_share),
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_hour_factor_sum),
        cmocka_unit_test(test_step_up_rules),
        cmocka_unit_test(test_calendar_rules),
        cmocka_unit_test(test_service_lever_rules),
        cmocka_unit_test(test_set_reaches_levers),
        cmocka_unit_test(test_set_list_paths),
        cmocka_unit_test(test_resolved_text_round_trip),
    };
    return cmocka_run_group_tests(tests, config_tmp_setup, config_tmp_teardown);
}
