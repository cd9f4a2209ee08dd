/*
 * Helpers for the tests of rosters, unit costs, the budget and
 * transformation-fund options: a valid scenario using every one of them
 * (line numbers on the right), edited copies of it, and loading helpers.
 * Include once per test program, after config_test_util.h.
 */
#ifndef HSC_TEST_FUND_UTIL_H
#define HSC_TEST_FUND_UTIL_H

#include "unit/config/config_test_util.h"

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

static const char fund[] =
    "name = \"fund\";\n"                                                      /* 1 */
    "budget = 750000.0;\n"                                                    /* 2 */
    "staff = {\n"                                                             /* 3 */
    "  team = { wte = 8.0; working_days = \"Mon-Fri\"; hours = [8.0, 18.0]; cost_per_wte_year = 38000.0; };\n" /* 4 */
    "  reablers = { wte = 30.0; contracted_hours_per_week = 37.5; sickness_absence = 0.05; vacancy_rate = 0.1; cost_per_wte_year = 30000; };\n" /* 5 */
    "  carers = { wte = 50.0; care_hours_per_wte_week = 25.0; contracted_hours_per_week = 30.0; };\n" /* 6 */
    "  hah = { wte = 0.0; hours = [0, 24]; };\n"                              /* 7 */
    "};\n"                                                                    /* 8 */
    "cohorts = {\n"                                                           /* 9 */
    "  older = {\n"                                                           /* 10 */
    "    emergency_per_day = 10.0;\n"                                         /* 11 */
    "    discharge = { home = 0.6; reablement = 0.2; step_down = 0.1; home_care = 0.1; };\n" /* 12 */
    "    step_up = { share = 0.2; services = [\"hospital_at_home\"]; };\n"    /* 13 */
    "  };\n"                                                                  /* 14 */
    "};\n"                                                                    /* 15 */
    "services = {\n"                                                          /* 16 */
    "  acute = { kind = \"beds\"; role = \"acute\"; capacity = 100; cost_per_bed_day = 400.0;\n" /* 17 */
    "    duration = { default = { dist = \"exponential\"; mean = 5.0; }; }; };\n" /* 18 */
    "  team = { kind = \"caseload\"; role = \"assessment\"; staff = \"team\"; caseload_per_wte = 2.0;\n" /* 19 */
    "    duration = { default = { dist = \"exponential\"; mean = 1.0; }; }; };\n" /* 20 */
    "  step_down = { kind = \"beds\"; role = \"step_down\"; capacity = 36; cost_per_bed_day = 250;\n" /* 21 */
    "    duration = { default = { dist = \"exponential\"; mean = 20.0; }; };\n" /* 22 */
    "    exits = { default = { home = 1.0; }; }; };\n"                        /* 23 */
    "  reablement = { kind = \"caseload\"; role = \"reablement\"; staff = \"reablers\"; caseload_per_wte = 1.5;\n" /* 24 */
    "    duration = { default = { dist = \"exponential\"; mean = 28.0; }; }; exits = { default = { home = 1.0; }; }; };\n" /* 25 */
    "  home_care = { kind = \"hours\"; role = \"home_care\"; staff = \"carers\"; cost_per_care_hour = 22.0;\n" /* 26 */
    "    hours = { default = { dist = \"fixed\"; value = 10.0; }; };\n"      /* 27 */
    "    duration = { default = { dist = \"exponential\"; mean = 100.0; }; }; exits = { default = { home = 1.0; }; }; };\n" /* 28 */
    "  hospital_at_home = { kind = \"caseload\"; role = \"step_up\"; staff = \"hah\"; caseload_per_wte = 1.0;\n" /* 29 */
    "    duration = { default = { dist = \"exponential\"; mean = 7.0; }; }; exits = { default = { home = 0.9; hospital = 0.1; }; }; };\n" /* 30 */
    "};\n"                                                                    /* 31 */
    "options = {\n"                                                           /* 32 */
    "  bluebell = {\n"                                                        /* 33 */
    "    description = \"5 more step-down beds (Dundee's Bluebell unit)\";\n" /* 34 */
    "    changes = [\"services.step_down.capacity=41\",\n"                   /* 35 */
    "               \"staff.team.working_days=Mon-Sun\"];\n"                 /* 36 */
    "    one_off_cost = 120000.0;\n"                                          /* 37 */
    "    lifetime_years = 5.0;\n"                                             /* 38 */
    "    recurring_cost = 30000.0;\n"                                         /* 39 */
    "  };\n"                                                                  /* 40 */
    "  reablement_plus_6 = { changes = [\"staff.reablers.wte=36\"]; };\n"     /* 41 */
    "  hah_on = { changes = (\"staff.hah.wte=10.0\", \"staff.hah.hours=[8,20]\"); recurring_cost = 500000; };\n" /* 42 */
    "};\n";                                                                   /* 43 */

enum { ACUTE, TEAM, STEP_DOWN, REABLEMENT, HOME_CARE, HAH };
enum { G_TEAM, G_REABLERS, G_CARERS, G_HAH };
enum { BLUEBELL, REABLEMENT_PLUS_6, HAH_ON };

/* The fund scenario with `from` (which must occur once) replaced by `to`. */
static inline char *edited(const char *from, const char *to)
{
    return config_edited(fund, from, to);
}

/* One edit of the fund scenario and the one error it must give. */
struct edit_case {
    const char *from, *to;
    const char *error;
};

static inline void expect_edit_errors(const struct edit_case *cases, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char *text = edited(cases[i].from, cases[i].to);
        config_expect_errors(text, NULL, 0, &cases[i].error, 1);
        free(text);
    }
}

#endif
