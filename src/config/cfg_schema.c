/*
 * The scenario schema: every group of settings, its known keys, their types
 * and ranges (documented in docs/scenario-reference.md; keep them in step).
 *
 * To add a setting, add a row and, for FIXED groups, an index constant in
 * cfg_schema.h. Defaults are applied by the scenario builder, which owns the
 * C structs; distribution parameters come from dist.h, not from here.
 */
#include "cfg_schema.h"

#include <stdio.h>
#include <string.h>

#include "hscflow/dist.h"
#include "hscflow/scenario.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Upper bounds that keep a run's memory and time finite: counts fit the
 * kernel's 32-bit pools; 1000000 days (about 2700 years) keeps whole-day
 * counts exact and every measured date before the year 10000. */
#define MAX_COUNT 10000000
#define MAX_DAYS 1000000.0
#define MAX_RATE 1000000.0

const char *const hsc__cfg_kind_names[] = {"beds", "caseload", "hours", NULL};
const char *const hsc__cfg_role_names[] = {
    "acute",   "assessment", "step_up",   "step_down", "community_hospital",
    "reablement", "home_care", "care_home", "other",     NULL};

const char *const hsc__cfg_delay_code_names[] = {
    "patient_family_choice", "legal_financial", "specific_care_home_choice", "legal_awi",
    "complex_other", NULL};
const char *const hsc__cfg_day_count_names[] = {"calendar", "working_days", NULL};

_Static_assert(COUNT(hsc__cfg_kind_names) == HSC_KIND_COUNT + 1, "one name per kind");
_Static_assert(COUNT(hsc__cfg_delay_code_names) == HSC_DELAY_CODE_COUNT + 1,
               "one name per delay code");
_Static_assert(COUNT(hsc__cfg_role_names) == HSC_ROLE_COUNT + 1, "one name per role");
_Static_assert(COUNT(hsc__cfg_day_count_names) == HSC_DAY_COUNT_N + 1, "one name per count");

#define INT_KEY(n, req, lo, hi) {.name = n, .type = HSC__CFG_INT, .required = req, \
                                 .imin = lo, .imax = hi}
#define NUM_KEY(n, req, lo, open, hi) {.name = n, .type = HSC__CFG_NUMBER, .required = req, \
                                       .min = lo, .min_open = open, .max = hi}
#define GROUP_KEY(n, req) {.name = n, .type = HSC__CFG_GROUP, .required = req}
#define STRING_KEY(n, req) {.name = n, .type = HSC__CFG_STRING, .required = req}
#define NUMBERS_KEY(n, cnt, what, lo, hi) {.name = n, .type = HSC__CFG_NUMBERS, .count = cnt, \
                                           .count_what = what, .min = lo, .max = hi}

/* Bounds of the whole-system settings: generous, but they keep every product
 * of rates, factors and counts far from overflow. */
#define MAX_WTE 100000.0
#define MAX_POPULATION 1e9
#define MAX_FACTOR 100.0
#define MAX_ELECTIVES 100000
#define MAX_CASELOAD_PER_WTE 1000.0
#define HOURS_PER_WEEK 168.0
/* People record their locality in one byte. */
#define MAX_LOCALITIES 255

/* Money (£): a trillion is beyond any health and care budget, and keeps
 * every product of a unit cost and a count of days or hours finite. */
#define MAX_MONEY 1e12
/* An option's lifetime in years, over which its one-off cost is spread. */
#define MAX_LIFETIME_YEARS 100.0
/* Sickness absence and vacancies below 1: a group always has someone. */
#define MAX_STAFF_SHARE 0.99

#define WEEKDAYS "one per weekday, Monday first"
/* Population growth a year: a halving or a 1.5-fold rise a year is already
 * far beyond any demographic projection. */
#define MAX_GROWTH 0.5

static const struct hsc__cfg_key root_keys[] = {
    [HSC__ROOT_NAME] = STRING_KEY("name", true),
    [HSC__ROOT_DESCRIPTION] = STRING_KEY("description", false),
    [HSC__ROOT_RUN] = GROUP_KEY("run", false),
    [HSC__ROOT_LOCALITIES] = {.name = "localities", .type = HSC__CFG_NAMES,
                              .imax = MAX_LOCALITIES, .noun = "locality"},
    [HSC__ROOT_CALENDAR] = GROUP_KEY("calendar", false),
    [HSC__ROOT_STAFF] = GROUP_KEY("staff", false),
    [HSC__ROOT_COHORTS] = GROUP_KEY("cohorts", true),
    [HSC__ROOT_SERVICES] = GROUP_KEY("services", true),
    [HSC__ROOT_BUDGET] = {.name = "budget", .type = HSC__CFG_NUMBER_OR_GROUP, .min = 0.0,
                          .max = MAX_MONEY},
    [HSC__ROOT_OPTIONS] = GROUP_KEY("options", false),
    [HSC__ROOT_PORTFOLIOS] = GROUP_KEY("portfolios", false),
    [HSC__ROOT_OPTIMISE] = GROUP_KEY("optimise", false),
};

static const struct hsc__cfg_key run_keys[] = {
    [HSC__RUN_SEED] = INT_KEY("seed", false, 0, INT64_MAX),
    [HSC__RUN_REPLICATIONS] = INT_KEY("replications", false, 1, 100000),
    [HSC__RUN_WARMUP_DAYS] = NUM_KEY("warmup_days", false, 0.0, false, MAX_DAYS),
    [HSC__RUN_MEASURE_DAYS] = NUM_KEY("measure_days", false, 0.0, true, MAX_DAYS),
    [HSC__RUN_START_DATE] = {.name = "start_date", .type = HSC__CFG_DATE},
    [HSC__RUN_MAX_PEOPLE] = INT_KEY("max_people", false, 1, INT32_MAX),
    [HSC__RUN_MAX_EVENTS] = INT_KEY("max_events", false, 1, 16777216),
};

static const struct hsc__cfg_key calendar_keys[] = {
    [HSC__CALENDAR_WEEKDAY_FACTORS] = NUMBERS_KEY("weekday_factors", 7, WEEKDAYS, 0.0,
                                                  MAX_FACTOR),
    [HSC__CALENDAR_MONTH_FACTORS] = NUMBERS_KEY("month_factors", 12,
                                                "one per month, January first", 0.0, MAX_FACTOR),
    [HSC__CALENDAR_HOUR_FACTORS] = NUMBERS_KEY("hour_factors", 24, "one per hour, midnight first",
                                               0.0, MAX_FACTOR),
};

static const struct hsc__cfg_key staff_keys[] = {
    [HSC__STAFF_WTE] = NUM_KEY("wte", true, 0.0, false, MAX_WTE),
    [HSC__STAFF_WORKING_DAYS] = STRING_KEY("working_days", false),
    [HSC__STAFF_CARE_HOURS] = NUM_KEY("care_hours_per_wte_week", false, 0.0, true,
                                      HOURS_PER_WEEK),
    /* from < to, and care hours within the contracted hours: the builder. */
    [HSC__STAFF_HOURS] = NUMBERS_KEY("hours", 2, "from and to", 0.0, 24.0),
    [HSC__STAFF_CONTRACTED_HOURS] = NUM_KEY("contracted_hours_per_week", false, 0.0, true,
                                            HOURS_PER_WEEK),
    [HSC__STAFF_SICKNESS_ABSENCE] = NUM_KEY("sickness_absence", false, 0.0, false,
                                            MAX_STAFF_SHARE),
    [HSC__STAFF_VACANCY_RATE] = NUM_KEY("vacancy_rate", false, 0.0, false, MAX_STAFF_SHARE),
    [HSC__STAFF_COST_PER_WTE_YEAR] = NUM_KEY("cost_per_wte_year", false, 0.0, false, MAX_MONEY),
    [HSC__STAFF_DAYS_PER_WEEK] = NUM_KEY("days_per_week", false, 1.0, false, 7.0),
    /* Pay for unsocial hours: +1000% is beyond any enhancement in use. */
    [HSC__STAFF_ENHANCEMENT] = NUM_KEY("out_of_hours_enhancement", false, 0.0, false, 10.0),
    [HSC__STAFF_STANDARD_HOURS] = NUMBERS_KEY("standard_hours", 2, "from and to", 0.0, 24.0),
};

static const struct hsc__cfg_key cohort_keys[] = {
    [HSC__COHORT_POPULATION] = GROUP_KEY("population", false),
    [HSC__COHORT_EMERGENCY_PER_1000] = NUM_KEY("emergency_per_1000_per_year", false, 0.0, false,
                                               MAX_RATE),
    [HSC__COHORT_EMERGENCY_PER_DAY] = NUM_KEY("emergency_per_day", false, 0.0, false, MAX_RATE),
    [HSC__COHORT_ACUTE_SERVICE] = STRING_KEY("acute_service", false),
    [HSC__COHORT_ELECTIVES] = {.name = "electives_per_weekday", .type = HSC__CFG_INTS,
                               .count = 7, .count_what = WEEKDAYS, .imin = 0,
                               .imax = MAX_ELECTIVES},
    [HSC__COHORT_ELECTIVE_DURATION] = GROUP_KEY("elective_duration", false),
    [HSC__COHORT_DEATH_IN_HOSPITAL] = NUM_KEY("death_in_hospital", false, 0.0, false, 1.0),
    [HSC__COHORT_DISCHARGE] = GROUP_KEY("discharge", false),
    [HSC__COHORT_READMISSION_28D] = GROUP_KEY("readmission_28d", false),
    [HSC__COHORT_READMISSION_DAYS] = GROUP_KEY("readmission_days", false),
    [HSC__COHORT_GROWTH] = NUM_KEY("growth_per_year", false, -MAX_GROWTH, false, MAX_GROWTH),
    [HSC__COHORT_REBOOK_DAYS] = NUM_KEY("elective_rebook_days", false, 0.0, true, MAX_DAYS),
    [HSC__COHORT_STEP_UP] = GROUP_KEY("step_up", false),
    [HSC__COHORT_DISCHARGE_DELAYS] = GROUP_KEY("discharge_delays", false),
    [HSC__COHORT_COMMUNITY_DEATHS] = NUM_KEY("community_deaths_per_year", false, 0.0, false,
                                             MAX_RATE),
    [HSC__COHORT_ASSESS_AFTER] = GROUP_KEY("assess_after_discharge", false),
    [HSC__COHORT_LOCALITIES] = GROUP_KEY("localities", false),
};

/* What a locality may set differently for a cohort: the same settings, read
 * the same way (docs/scenario-reference.md, "Locality variation"). */
static const struct hsc__cfg_key local_keys[] = {
    [HSC__LOCAL_EMERGENCY_PER_1000] = NUM_KEY("emergency_per_1000_per_year", false, 0.0, false,
                                              MAX_RATE),
    [HSC__LOCAL_DEATH_IN_HOSPITAL] = NUM_KEY("death_in_hospital", false, 0.0, false, 1.0),
    [HSC__LOCAL_DISCHARGE] = GROUP_KEY("discharge", false),
    [HSC__LOCAL_READMISSION_28D] = GROUP_KEY("readmission_28d", false),
    [HSC__LOCAL_STEP_UP] = GROUP_KEY("step_up", false),
    [HSC__LOCAL_DISCHARGE_DELAYS] = GROUP_KEY("discharge_delays", false),
    [HSC__LOCAL_ASSESS_AFTER] = GROUP_KEY("assess_after_discharge", false),
    [HSC__LOCAL_COMMUNITY_DEATHS] = NUM_KEY("community_deaths_per_year", false, 0.0, false,
                                            MAX_RATE),
    [HSC__LOCAL_ACUTE_STAY] = GROUP_KEY("acute_stay", false),
};

/* One group per non-capacity delay code, named as hsc__cfg_delay_code_names. */
static const struct hsc__cfg_key delays_keys[] = {
    [HSC_DELAY_PATIENT_FAMILY_CHOICE] = GROUP_KEY("patient_family_choice", false),
    [HSC_DELAY_LEGAL_FINANCIAL] = GROUP_KEY("legal_financial", false),
    [HSC_DELAY_SPECIFIC_CARE_HOME] = GROUP_KEY("specific_care_home_choice", false),
    [HSC_DELAY_LEGAL_AWI] = GROUP_KEY("legal_awi", false),
    [HSC_DELAY_COMPLEX_OTHER] = GROUP_KEY("complex_other", false),
};

/* Shares by destination ("home", a service, "default"): the builder. */
static const struct hsc__cfg_key delay_keys[] = {
    [HSC__DELAY_SHARE] = GROUP_KEY("share", true),
    [HSC__DELAY_DURATION] = GROUP_KEY("duration", true),
};

/* Whether a service named here has role step_up is the builder's rule. */
static const struct hsc__cfg_key step_up_keys[] = {
    [HSC__STEP_UP_SHARE] = NUM_KEY("share", true, 0.0, false, 1.0),
    [HSC__STEP_UP_SERVICES] = {.name = "services", .type = HSC__CFG_NAMES, .required = true,
                               .imax = INT64_MAX, .noun = "service"},
};

static const struct hsc__cfg_key service_keys[] = {
    [HSC__SERVICE_KIND] = {.name = "kind", .type = HSC__CFG_ENUM, .required = true,
                           .choices = hsc__cfg_kind_names, .noun = "kind"},
    [HSC__SERVICE_ROLE] = {.name = "role", .type = HSC__CFG_ENUM, .required = true,
                           .choices = hsc__cfg_role_names, .noun = "role"},
    /* Required or refused by kind and role: the builder decides. */
    [HSC__SERVICE_CAPACITY] = INT_KEY("capacity", false, 0, MAX_COUNT),
    [HSC__SERVICE_MAX_QUEUE] = INT_KEY("max_queue", false, 0, MAX_COUNT),
    [HSC__SERVICE_STAFF] = STRING_KEY("staff", false),
    [HSC__SERVICE_CASELOAD_PER_WTE] = NUM_KEY("caseload_per_wte", false, 0.0, true,
                                              MAX_CASELOAD_PER_WTE),
    [HSC__SERVICE_HOURS] = GROUP_KEY("hours", false),
    [HSC__SERVICE_DURATION] = GROUP_KEY("duration", true),
    [HSC__SERVICE_EXITS] = GROUP_KEY("exits", false),
    [HSC__SERVICE_REFERRALS] = GROUP_KEY("referrals", false),
    [HSC__SERVICE_INITIAL] = GROUP_KEY("initial", false),
    [HSC__SERVICE_DISCHARGE_HOURS] = NUMBERS_KEY("discharge_hours", 2, "from and to", 0.0,
                                                 24.0),
    [HSC__SERVICE_WEEKEND_DISCHARGE] = NUM_KEY("weekend_discharge", false, 0.0, false, 1.0),
    [HSC__SERVICE_ELECTIVE_HOUR] = {.name = "elective_hour", .type = HSC__CFG_NUMBER,
                                    .min = 0.0, .max = 24.0, .max_open = true},
    [HSC__SERVICE_ASSESSMENT] = STRING_KEY("assessment", false),
    [HSC__SERVICE_CAPACITY_CALENDAR] = {.name = "capacity_calendar", .type = HSC__CFG_LIST,
                                        .items = &hsc__cfg_schema_period},
    [HSC__SERVICE_MAX_WAIT_HOURS] = NUM_KEY("max_wait_hours", false, 0.0, true, MAX_DAYS * 24.0),
    [HSC__SERVICE_LOCALITIES] = GROUP_KEY("localities", false),
    [HSC__SERVICE_OVERFLOW] = {.name = "overflow", .type = HSC__CFG_BOOL},
    [HSC__SERVICE_BRIDGING] = GROUP_KEY("bridging", false),
    [HSC__SERVICE_COST_PER_BED_DAY] = NUM_KEY("cost_per_bed_day", false, 0.0, false, MAX_MONEY),
    [HSC__SERVICE_COST_PER_CARE_HOUR] = NUM_KEY("cost_per_care_hour", false, 0.0, false,
                                                MAX_MONEY),
    /* Kind caseload only: the builder decides. */
    [HSC__SERVICE_DURATION_COUNTS] = {.name = "duration_counts", .type = HSC__CFG_ENUM,
                                      .choices = hsc__cfg_day_count_names,
                                      .noun = "way of counting days"},
    [HSC__SERVICE_HOLD_DAYS] = NUM_KEY("hold_days", false, 0.0, true, MAX_DAYS),
    [HSC__SERVICE_WAITING_AT_HOME] = GROUP_KEY("waiting_at_home", false),
    [HSC__SERVICE_QUEUE_ORDER] = {.name = "queue_order", .type = HSC__CFG_ENUM,
                                  .choices = hsc__cfg_queue_order_names, .noun = "queue order"},
    [HSC__SERVICE_HOLD_REASSESS] = {.name = "hold_reassess", .type = HSC__CFG_BOOL},
    /* Kind beds only: the builder decides. */
    [HSC__SERVICE_PAYMENT] = {.name = "payment", .type = HSC__CFG_ENUM,
                              .choices = hsc__cfg_payment_names, .noun = "payment"},
    [HSC__SERVICE_VALUE_PER_BED_DAY] = NUM_KEY("value_per_bed_day", false, 0.0, false,
                                               MAX_MONEY),
    [HSC__SERVICE_FIXED_COST_PER_YEAR] = NUM_KEY("fixed_cost_per_year", false, 0.0, false,
                                                 MAX_MONEY),
};

/* In enum hsc_payment order. */
const char *const hsc__cfg_payment_names[] = {"per_occupied_bed_day", "block", "not_cash",
                                              NULL};
_Static_assert(COUNT(hsc__cfg_payment_names) == HSC_PAY_COUNT + 1, "one name per payment");

/* budget = { annual = ...; committed = ...; } (budget = NUMBER is the annual). */
static const struct hsc__cfg_key budget_keys[] = {
    [HSC__BUDGET_ANNUAL] = NUM_KEY("annual", true, 0.0, false, MAX_MONEY),
    [HSC__BUDGET_COMMITTED] = NUM_KEY("committed", false, 0.0, false, MAX_MONEY),
};

/* In enum hsc__cfg_queue_order order. */
const char *const hsc__cfg_queue_order_names[] = {
    [HSC__QUEUE_HOSPITAL_FIRST] = "hospital_first", [HSC__QUEUE_ARRIVAL] = "arrival", NULL};
_Static_assert(COUNT(hsc__cfg_queue_order_names) == HSC__QUEUE_ORDER_COUNT + 1,
               "one name per queue order");

/* One cohort's entry of waiting_at_home: competing clocks while waiting. */
static const struct hsc__cfg_key home_wait_keys[] = {
    [HSC__HOME_WAIT_PATIENCE] = GROUP_KEY("patience", false),
    [HSC__HOME_WAIT_GIVE_UP_TO] = STRING_KEY("give_up_to", false),
    [HSC__HOME_WAIT_PRESENTATIONS] = NUM_KEY("presentations_per_year", false, 0.0, false,
                                             MAX_RATE),
    [HSC__HOME_WAIT_DEATHS] = NUM_KEY("deaths_per_year", false, 0.0, false, MAX_RATE),
    [HSC__HOME_WAIT_INTERIM] = STRING_KEY("interim", false),
};

/* A period of a capacity calendar: dates are "MM-DD" or "YYYY-MM-DD", which
 * the builder parses (the schema's DATE type knows only the second form). */
static const struct hsc__cfg_key period_keys[] = {
    [HSC__PERIOD_FROM] = STRING_KEY("from", true),
    [HSC__PERIOD_TO] = STRING_KEY("to", true),
    [HSC__PERIOD_CAPACITY] = INT_KEY("capacity", true, 0, MAX_COUNT),
};

static const struct hsc__cfg_key bridging_keys[] = {
    [HSC__BRIDGING_VIA] = STRING_KEY("via", true),
    [HSC__BRIDGING_AFTER_DAYS] = NUM_KEY("after_days", true, 0.0, true, MAX_DAYS),
};

/* A transformation-fund option; what its changes may touch, and that they
 * apply cleanly, is the builder's rule (scenario_options.c), and so is
 * that it has changes, a range or both. */
static const struct hsc__cfg_key option_keys[] = {
    [HSC__OPTION_DESCRIPTION] = STRING_KEY("description", false),
    [HSC__OPTION_CHANGES] = {.name = "changes", .type = HSC__CFG_STRINGS, .required = false,
                             .noun = "change", .count_what = "strings \"path=value\""},
    [HSC__OPTION_ONE_OFF_COST] = NUM_KEY("one_off_cost", false, 0.0, false, MAX_MONEY),
    [HSC__OPTION_LIFETIME_YEARS] = NUM_KEY("lifetime_years", false, 0.0, true,
                                           MAX_LIFETIME_YEARS),
    [HSC__OPTION_RECURRING_COST] = NUM_KEY("recurring_cost", false, 0.0, false, MAX_MONEY),
    [HSC__OPTION_RANGE] = GROUP_KEY("range", false),
};

/* The levels of a ranged option: any setting an option may change is a
 * count, a rate or money, all far inside +-10^12. The grid, the number of
 * levels and the setting are the builder's rules. */
#define MAX_LEVEL 1e12
static const struct hsc__cfg_key range_keys[] = {
    [HSC__RANGE_SETTING] = STRING_KEY("setting", true),
    [HSC__RANGE_FROM] = NUM_KEY("from", true, -MAX_LEVEL, false, MAX_LEVEL),
    [HSC__RANGE_TO] = NUM_KEY("to", true, -MAX_LEVEL, false, MAX_LEVEL),
    [HSC__RANGE_STEP] = NUM_KEY("step", true, 0.0, true, MAX_LEVEL),
    [HSC__RANGE_COST_PER_UNIT] = NUM_KEY("cost_per_unit", false, 0.0, false, MAX_MONEY),
};

/* A portfolio names options of the scenario; which, and that they do not
 * change the same setting, is the builder's rule (scenario_portfolios.c). */
static const struct hsc__cfg_key portfolio_keys[] = {
    [HSC__PORTFOLIO_DESCRIPTION] = STRING_KEY("description", false),
    [HSC__PORTFOLIO_OPTIONS] = {.name = "options", .type = HSC__CFG_NAMES, .required = true,
                                .imax = INT64_MAX, .noun = "option"},
};

/* `hscflow optimise` (scenario_optimise.c parses the objective and checks
 * max_replications >= first_replications). An objective is a sum of KPIs a
 * year, so its indifference zone is far below 10^15; replications are
 * bounded as run.replications is. */
#define MAX_OBJECTIVE 1e15
#define MAX_POINTS 1000000
static const struct hsc__cfg_key optimise_keys[] = {
    [HSC__OPTIMISE_OBJECTIVE] = STRING_KEY("objective", false),
    [HSC__OPTIMISE_INDIFFERENCE_ZONE] = NUM_KEY("indifference_zone", false, 0.0, true,
                                                MAX_OBJECTIVE),
    [HSC__OPTIMISE_CONFIDENCE] = {.name = "confidence", .type = HSC__CFG_NUMBER, .min = 0.5,
                                  .min_open = true, .max = 1.0, .max_open = true},
    [HSC__OPTIMISE_FIRST_REPLICATIONS] = INT_KEY("first_replications", false, 5, 100000),
    [HSC__OPTIMISE_MAX_REPLICATIONS] = INT_KEY("max_replications", false, 1, 100000),
    [HSC__OPTIMISE_EXHAUSTIVE_MAX] = INT_KEY("exhaustive_max", false, 1, MAX_POINTS),
    [HSC__OPTIMISE_MAX_POINTS] = INT_KEY("max_points", false, 1, MAX_POINTS),
};

/* The value every member of a MAP group holds (its name is not used). */
static const struct hsc__cfg_key people_value = NUM_KEY("*", false, 0.0, false, MAX_POPULATION);
static const struct hsc__cfg_key share_value = NUM_KEY("*", false, 0.0, false, 1.0);
static const struct hsc__cfg_key rate_value = NUM_KEY("*", false, 0.0, false, MAX_RATE);
static const struct hsc__cfg_key count_value = INT_KEY("*", false, 0, MAX_COUNT);

#define FIXED(pat, keys) {pat, HSC__MEMBERS_FIXED, keys, COUNT(keys), NULL, NULL}
#define OTHER(pat, members, noun) {pat, members, NULL, 0, noun, NULL}
#define MAP(pat, value) {pat, HSC__MEMBERS_MAP, &value, 1, NULL, NULL}

const struct hsc__cfg_group hsc__cfg_schema_root = FIXED("", root_keys);
const struct hsc__cfg_group hsc__cfg_schema_run = FIXED("run", run_keys);
const struct hsc__cfg_group hsc__cfg_schema_budget = FIXED("budget", budget_keys);
const struct hsc__cfg_group hsc__cfg_schema_calendar = FIXED("calendar", calendar_keys);
const struct hsc__cfg_group hsc__cfg_schema_staff = FIXED("staff.*", staff_keys);
const struct hsc__cfg_group hsc__cfg_schema_cohort = FIXED("cohorts.*", cohort_keys);
const struct hsc__cfg_group hsc__cfg_schema_service = FIXED("services.*", service_keys);
const struct hsc__cfg_group hsc__cfg_schema_dist = OTHER("services.*.duration.*",
                                                         HSC__MEMBERS_DIST, NULL);
const struct hsc__cfg_group hsc__cfg_schema_step_up = FIXED("cohorts.*.step_up", step_up_keys);
/* Items of a list are reached through their key (`items`), never by pattern. */
const struct hsc__cfg_group hsc__cfg_schema_period = FIXED("services.*.capacity_calendar[]",
                                                           period_keys);
const struct hsc__cfg_group hsc__cfg_schema_bridging = FIXED("services.*.bridging",
                                                             bridging_keys);
const struct hsc__cfg_group hsc__cfg_schema_option = FIXED("options.*", option_keys);
const struct hsc__cfg_group hsc__cfg_schema_range = FIXED("options.*.range", range_keys);
const struct hsc__cfg_group hsc__cfg_schema_portfolio = FIXED("portfolios.*", portfolio_keys);
const struct hsc__cfg_group hsc__cfg_schema_optimise = FIXED("optimise", optimise_keys);
const struct hsc__cfg_group hsc__cfg_schema_home_wait = FIXED("services.*.waiting_at_home.*",
                                                              home_wait_keys);
const struct hsc__cfg_group hsc__cfg_schema_local = {"cohorts.*.localities.*", HSC__MEMBERS_FIXED,
                                                     local_keys, COUNT(local_keys), NULL,
                                                     "cohorts.*"};
const struct hsc__cfg_group hsc__cfg_schema_delays = FIXED("cohorts.*.discharge_delays",
                                                           delays_keys);
#define DELAY_PATTERN "cohorts.*.discharge_delays."
const struct hsc__cfg_group hsc__cfg_schema_delay[HSC_DELAY_CODE_COUNT] = {
    FIXED(DELAY_PATTERN "patient_family_choice", delay_keys),
    FIXED(DELAY_PATTERN "legal_financial", delay_keys),
    FIXED(DELAY_PATTERN "specific_care_home_choice", delay_keys),
    FIXED(DELAY_PATTERN "legal_awi", delay_keys),
    FIXED(DELAY_PATTERN "complex_other", delay_keys),
};

static const struct hsc__cfg_group other_groups[] = {
    OTHER("staff", HSC__MEMBERS_NAMED, "staff group"),
    OTHER("cohorts", HSC__MEMBERS_NAMED, "cohort"),
    OTHER("cohorts.*.localities", HSC__MEMBERS_NAMED, "locality"),
    OTHER("cohorts.*.acute_stay", HSC__MEMBERS_DIST, NULL), /* reached via a locality */
    MAP("cohorts.*.population", people_value),
    OTHER("cohorts.*.elective_duration", HSC__MEMBERS_DIST, NULL),
    MAP("cohorts.*.discharge", share_value),
    MAP("cohorts.*.readmission_28d", share_value),
    MAP("cohorts.*.assess_after_discharge", share_value),
    OTHER("cohorts.*.readmission_days", HSC__MEMBERS_DIST, NULL),
    OTHER("services", HSC__MEMBERS_NAMED, "service"),
    OTHER("services.*.duration", HSC__MEMBERS_COHORTS, "duration entry"),
    OTHER("services.*.hours", HSC__MEMBERS_COHORTS, "hours entry"),
    OTHER("services.*.hours.*", HSC__MEMBERS_DIST, NULL),
    OTHER("services.*.exits", HSC__MEMBERS_COHORTS, "exits entry"),
    OTHER("services.*.waiting_at_home", HSC__MEMBERS_COHORTS, "waiting_at_home entry"),
    OTHER("services.*.waiting_at_home.*.patience", HSC__MEMBERS_DIST, NULL),
    MAP("services.*.exits.*", share_value),
    MAP("services.*.referrals", rate_value),
    MAP("services.*.initial", count_value),
    MAP("services.*.localities", share_value),
    OTHER("options", HSC__MEMBERS_NAMED, "option"),
    OTHER("portfolios", HSC__MEMBERS_NAMED, "portfolio"),
#define DELAY_MEMBERS(code)                                                                   \
    MAP(DELAY_PATTERN code ".share", share_value),                                             \
    OTHER(DELAY_PATTERN code ".duration", HSC__MEMBERS_DIST, NULL)
    DELAY_MEMBERS("patient_family_choice"),
    DELAY_MEMBERS("legal_financial"),
    DELAY_MEMBERS("specific_care_home_choice"),
    DELAY_MEMBERS("legal_awi"),
    DELAY_MEMBERS("complex_other"),
#undef DELAY_MEMBERS
};

static const struct hsc__cfg_group *const fixed_groups[] = {
    &hsc__cfg_schema_root,  &hsc__cfg_schema_run,     &hsc__cfg_schema_budget,
    &hsc__cfg_schema_calendar,
    &hsc__cfg_schema_staff, &hsc__cfg_schema_cohort,  &hsc__cfg_schema_service,
    &hsc__cfg_schema_dist,  &hsc__cfg_schema_step_up, &hsc__cfg_schema_bridging,
    &hsc__cfg_schema_option, &hsc__cfg_schema_range,  &hsc__cfg_schema_portfolio,
    &hsc__cfg_schema_optimise, &hsc__cfg_schema_delays, &hsc__cfg_schema_home_wait,
    &hsc__cfg_schema_local,
    &hsc__cfg_schema_delay[HSC_DELAY_PATIENT_FAMILY_CHOICE],
    &hsc__cfg_schema_delay[HSC_DELAY_LEGAL_FINANCIAL],
    &hsc__cfg_schema_delay[HSC_DELAY_SPECIFIC_CARE_HOME],
    &hsc__cfg_schema_delay[HSC_DELAY_LEGAL_AWI],
    &hsc__cfg_schema_delay[HSC_DELAY_COMPLEX_OTHER],
};

const struct hsc__cfg_group *hsc__cfg_schema_child(const struct hsc__cfg_group *parent,
                                                  const char *name)
{
    if (!parent)
        return &hsc__cfg_schema_root;
    bool any = parent->members == HSC__MEMBERS_NAMED || parent->members == HSC__MEMBERS_COHORTS;
    if (parent->members == HSC__MEMBERS_DIST || parent->members == HSC__MEMBERS_MAP)
        return NULL; /* their members hold values, not groups */
    const char *base = parent->children_as ? parent->children_as : parent->pattern;
    char pattern[256];
    snprintf(pattern, sizeof pattern, "%s%s%s", base, base[0] ? "." : "", any ? "*" : name);
    for (size_t i = 0; i < COUNT(fixed_groups); i++)
        if (strcmp(fixed_groups[i]->pattern, pattern) == 0)
            return fixed_groups[i];
    for (size_t i = 0; i < COUNT(other_groups); i++)
        if (strcmp(other_groups[i].pattern, pattern) == 0)
            return &other_groups[i];
    return NULL;
}

const struct hsc__cfg_key *hsc__cfg_schema_map_value(const char *pattern)
{
    for (size_t i = 0; i < COUNT(other_groups); i++)
        if (other_groups[i].members == HSC__MEMBERS_MAP &&
            strcmp(other_groups[i].pattern, pattern) == 0)
            return &other_groups[i].keys[0];
    HSC_ASSERT(!"no MAP group with this pattern in the schema");
    return NULL;
}

const struct hsc__cfg_key *hsc__cfg_schema_key(const struct hsc__cfg_group *group,
                                              const char *name)
{
    if (group->members != HSC__MEMBERS_FIXED)
        return NULL;
    for (size_t i = 0; i < group->n_keys; i++)
        if (strcmp(group->keys[i].name, name) == 0)
            return &group->keys[i];
    return NULL;
}

/* Appends name unless it is already listed. */
static size_t add_unique(const char **names, size_t n, size_t cap, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i], name) == 0)
            return n;
    if (n < cap)
        names[n++] = name;
    return n;
}

size_t hsc__cfg_schema_names(const struct hsc__cfg_group *group, int dist_kind,
                             const char **names, size_t cap)
{
    size_t n = 0;
    if (group->members == HSC__MEMBERS_FIXED) {
        for (size_t i = 0; i < group->n_keys; i++)
            n = add_unique(names, n, cap, group->keys[i].name);
        return n;
    }
    if (group->members != HSC__MEMBERS_DIST)
        return 0;
    n = add_unique(names, n, cap, "dist");
    int first = dist_kind ? dist_kind : HSC_DIST_EXPONENTIAL;
    int last = dist_kind ? dist_kind : HSC_DIST_HISTOGRAM;
    for (int kind = first; kind <= last; kind++)
        for (const char *const *p = hsc_dist_param_names((enum hsc_dist_kind)kind); *p; p++)
            n = add_unique(names, n, cap, *p);
    return n;
}

bool hsc__cfg_is_dist_param(const char *name)
{
    for (int kind = HSC_DIST_EXPONENTIAL; kind <= HSC_DIST_HISTOGRAM; kind++)
        for (const char *const *p = hsc_dist_param_names((enum hsc_dist_kind)kind); *p; p++)
            if (strcmp(*p, name) == 0)
                return true;
    return false;
}

/* Distribution parameters that hold arrays (dist.h: empirical, histogram). */
static const char *const dist_array_params[] = {"values", "probabilities", "edges"};

static enum hsc__cfg_path_kind key_kind(const struct hsc__cfg_key *key)
{
    switch (key->type) {
    case HSC__CFG_INT:
        return HSC__PATH_INTEGER;
    case HSC__CFG_NUMBER:
    case HSC__CFG_NUMBER_OR_GROUP:
        return HSC__PATH_NUMBER;
    case HSC__CFG_GROUP:
    case HSC__CFG_LIST:
        return HSC__PATH_UNKNOWN;
    default:
        return HSC__PATH_OTHER;
    }
}

/* What the member `name` of a group described by `group` holds. */
static enum hsc__cfg_path_kind member_kind(const struct hsc__cfg_group *group, const char *name)
{
    const struct hsc__cfg_key *key;
    switch (group->members) {
    case HSC__MEMBERS_FIXED:
        key = hsc__cfg_schema_key(group, name);
        return key ? key_kind(key) : HSC__PATH_UNKNOWN;
    case HSC__MEMBERS_MAP:
        return key_kind(&group->keys[0]);
    case HSC__MEMBERS_DIST:
        if (strcmp(name, "dist") == 0)
            return HSC__PATH_OTHER;
        for (size_t i = 0; i < COUNT(dist_array_params); i++)
            if (strcmp(name, dist_array_params[i]) == 0)
                return HSC__PATH_OTHER;
        return hsc__cfg_is_dist_param(name) ? HSC__PATH_NUMBER : HSC__PATH_UNKNOWN;
    default:
        return HSC__PATH_UNKNOWN; /* members of named groups are groups */
    }
}

enum hsc__cfg_path_kind hsc__cfg_schema_path_kind(const char *path)
{
    char buf[512];
    if (snprintf(buf, sizeof buf, "%s", path) >= (int)sizeof buf)
        return HSC__PATH_UNKNOWN;
    const struct hsc__cfg_group *group = &hsc__cfg_schema_root;
    for (char *name = buf; group;) {
        char *dot = strchr(name, '.');
        if (dot)
            *dot = '\0';
        char *open = strchr(name, '[');
        if (open)
            *open = '\0';
        if (!dot)
            return open ? HSC__PATH_UNKNOWN : member_kind(group, name);
        const struct hsc__cfg_key *key = hsc__cfg_schema_key(group, name);
        if (open)
            group = key && key->type == HSC__CFG_LIST ? key->items : NULL;
        else
            group = hsc__cfg_schema_child(group, name);
        name = dot + 1;
    }
    return HSC__PATH_UNKNOWN;
}
