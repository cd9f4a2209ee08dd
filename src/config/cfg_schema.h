/*
 * Internal to src/config: the scenario schema as data. Each group of settings
 * is described by a dotted pattern ("*" = any one name) and its known keys
 * with their types and allowed ranges; later issues extend the scenario by
 * adding rows here. The key index enums below follow the order of the rows.
 * Value rules that involve other settings (cross references, which kind or
 * role a setting belongs to) live in the scenario builder, not here.
 */
#ifndef HSC_CONFIG_CFG_SCHEMA_H
#define HSC_CONFIG_CFG_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hscflow/scenario.h"

/* Most items a NUMBERS or INTS key may have (they are read into fixed arrays;
 * calendar.hour_factors has 24). */
#define HSC__CFG_MAX_ITEMS 24

enum hsc__cfg_type {
    HSC__CFG_GROUP,   /* a group, described by its own schema group */
    HSC__CFG_INT,     /* integer read as 64 bits, imin..imax (a float is an error) */
    HSC__CFG_NUMBER,  /* float or integer, finite, min..max (> min when min_open,
                         < max when max_open) */
    HSC__CFG_STRING,  /* any string */
    HSC__CFG_ENUM,    /* a string naming one of `choices` */
    HSC__CFG_DATE,    /* "YYYY-MM-DD", a real date */
    HSC__CFG_NUMBERS, /* array or list of exactly `count` numbers, each min..max */
    HSC__CFG_INTS,    /* array or list of exactly `count` integers, each imin..imax */
    HSC__CFG_NAMES,   /* array or list of 1..imax unique names [a-z][a-z0-9_]* (`noun`);
                         imax = INT64_MAX: no upper limit */
    HSC__CFG_BOOL,    /* true or false */
    HSC__CFG_LIST,    /* a list of groups, each described by `items` */
    HSC__CFG_NUMBER_OR_GROUP, /* a NUMBER (min..max), or a group the builder reads */
    HSC__CFG_STRINGS, /* array or list of 1 or more strings (`noun`: "change";
                         `count_what`: what each string is, "strings \"path=value\"") */
};

struct hsc__cfg_group;

struct hsc__cfg_key {
    const char *name;
    enum hsc__cfg_type type;
    bool required;
    int64_t imin, imax;         /* INT, INTS (per item); NAMES: imax = most names */
    double min, max;            /* NUMBER, NUMBERS (per item) */
    bool min_open, max_open;    /* NUMBER: must be > min / < max */
    const char *const *choices; /* ENUM: NULL-terminated */
    const char *noun;           /* ENUM: "kind", for "unknown kind ..."; NAMES: "locality";
                                   STRINGS: "change" */
    size_t count;               /* NUMBERS, INTS: items required (<= HSC__CFG_MAX_ITEMS) */
    const char *count_what;     /* NUMBERS, INTS: "one per weekday, Monday first";
                                   STRINGS: the strings, "strings \"path=value\"" */
    const struct hsc__cfg_group *items; /* LIST: the schema of each item (a FIXED group) */
};

/* How the member names of a group are decided. */
enum hsc__cfg_members {
    HSC__MEMBERS_FIXED,   /* the keys listed in the schema */
    HSC__MEMBERS_NAMED,   /* names chosen by the analyst (cohorts, services, staff) */
    HSC__MEMBERS_COHORTS, /* cohort names or "default" (per-cohort settings) */
    HSC__MEMBERS_DIST,    /* "dist" and the distribution's parameters */
    HSC__MEMBERS_MAP,     /* names from a set the builder knows (localities, services,
                             cohorts, "home", ...), each holding one number */
};

struct hsc__cfg_group {
    const char *pattern;            /* "services.*.duration"; "" = the root */
    enum hsc__cfg_members members;
    const struct hsc__cfg_key *keys; /* FIXED; MAP: keys[0] = what every member holds */
    size_t n_keys;
    const char *noun;               /* NAMED, COHORTS: "cohort", "duration entry" */
    const char *children_as;        /* FIXED: its members' groups are described as those of
                                       this pattern's (a locality's overrides of a cohort's
                                       settings); NULL = its own pattern */
};

enum { HSC__ROOT_NAME, HSC__ROOT_DESCRIPTION, HSC__ROOT_RUN, HSC__ROOT_LOCALITIES,
       HSC__ROOT_CALENDAR, HSC__ROOT_STAFF, HSC__ROOT_COHORTS, HSC__ROOT_SERVICES,
       HSC__ROOT_BUDGET, HSC__ROOT_OPTIONS, HSC__ROOT_PORTFOLIOS, HSC__ROOT_OPTIMISE,
       HSC__ROOT_N };
enum { HSC__RUN_SEED, HSC__RUN_REPLICATIONS, HSC__RUN_WARMUP_DAYS, HSC__RUN_MEASURE_DAYS,
       HSC__RUN_START_DATE, HSC__RUN_MAX_PEOPLE, HSC__RUN_MAX_EVENTS, HSC__RUN_N };
enum { HSC__CALENDAR_WEEKDAY_FACTORS, HSC__CALENDAR_MONTH_FACTORS, HSC__CALENDAR_HOUR_FACTORS,
       HSC__CALENDAR_N };
enum { HSC__STAFF_WTE, HSC__STAFF_WORKING_DAYS, HSC__STAFF_CARE_HOURS, HSC__STAFF_HOURS,
       HSC__STAFF_CONTRACTED_HOURS, HSC__STAFF_SICKNESS_ABSENCE, HSC__STAFF_VACANCY_RATE,
       HSC__STAFF_COST_PER_WTE_YEAR, HSC__STAFF_DAYS_PER_WEEK, HSC__STAFF_ENHANCEMENT,
       HSC__STAFF_STANDARD_HOURS, HSC__STAFF_N };
enum { HSC__COHORT_POPULATION, HSC__COHORT_EMERGENCY_PER_1000, HSC__COHORT_EMERGENCY_PER_DAY,
       HSC__COHORT_ACUTE_SERVICE, HSC__COHORT_ELECTIVES, HSC__COHORT_ELECTIVE_DURATION,
       HSC__COHORT_DEATH_IN_HOSPITAL, HSC__COHORT_DISCHARGE, HSC__COHORT_READMISSION_28D,
       HSC__COHORT_READMISSION_DAYS, HSC__COHORT_GROWTH, HSC__COHORT_REBOOK_DAYS,
       HSC__COHORT_STEP_UP, HSC__COHORT_DISCHARGE_DELAYS, HSC__COHORT_COMMUNITY_DEATHS,
       HSC__COHORT_ASSESS_AFTER, HSC__COHORT_LOCALITIES, HSC__COHORT_N };
/* cohorts.<c>.localities.<l>: the cohort settings a locality may override. */
enum { HSC__LOCAL_EMERGENCY_PER_1000, HSC__LOCAL_DEATH_IN_HOSPITAL, HSC__LOCAL_DISCHARGE,
       HSC__LOCAL_READMISSION_28D, HSC__LOCAL_STEP_UP, HSC__LOCAL_DISCHARGE_DELAYS,
       HSC__LOCAL_ASSESS_AFTER, HSC__LOCAL_COMMUNITY_DEATHS, HSC__LOCAL_ACUTE_STAY, HSC__LOCAL_N };
enum { HSC__DELAY_SHARE, HSC__DELAY_DURATION, HSC__DELAY_N };
enum { HSC__STEP_UP_SHARE, HSC__STEP_UP_SERVICES, HSC__STEP_UP_N };
enum { HSC__SERVICE_KIND, HSC__SERVICE_ROLE, HSC__SERVICE_CAPACITY, HSC__SERVICE_MAX_QUEUE,
       HSC__SERVICE_STAFF, HSC__SERVICE_CASELOAD_PER_WTE, HSC__SERVICE_HOURS,
       HSC__SERVICE_DURATION, HSC__SERVICE_EXITS, HSC__SERVICE_REFERRALS,
       HSC__SERVICE_INITIAL, HSC__SERVICE_DISCHARGE_HOURS, HSC__SERVICE_WEEKEND_DISCHARGE,
       HSC__SERVICE_ELECTIVE_HOUR, HSC__SERVICE_ASSESSMENT, HSC__SERVICE_CAPACITY_CALENDAR,
       HSC__SERVICE_MAX_WAIT_HOURS, HSC__SERVICE_LOCALITIES, HSC__SERVICE_OVERFLOW,
       HSC__SERVICE_BRIDGING, HSC__SERVICE_COST_PER_BED_DAY, HSC__SERVICE_COST_PER_CARE_HOUR,
       HSC__SERVICE_DURATION_COUNTS, HSC__SERVICE_HOLD_DAYS, HSC__SERVICE_WAITING_AT_HOME,
       HSC__SERVICE_QUEUE_ORDER, HSC__SERVICE_HOLD_REASSESS, HSC__SERVICE_PAYMENT,
       HSC__SERVICE_VALUE_PER_BED_DAY, HSC__SERVICE_FIXED_COST_PER_YEAR, HSC__SERVICE_N };
enum { HSC__BUDGET_ANNUAL, HSC__BUDGET_COMMITTED, HSC__BUDGET_N };
enum { HSC__HOME_WAIT_PATIENCE, HSC__HOME_WAIT_GIVE_UP_TO, HSC__HOME_WAIT_PRESENTATIONS,
       HSC__HOME_WAIT_DEATHS, HSC__HOME_WAIT_INTERIM, HSC__HOME_WAIT_N };
enum { HSC__PERIOD_FROM, HSC__PERIOD_TO, HSC__PERIOD_CAPACITY, HSC__PERIOD_N };
enum { HSC__BRIDGING_VIA, HSC__BRIDGING_AFTER_DAYS, HSC__BRIDGING_N };
enum { HSC__OPTION_DESCRIPTION, HSC__OPTION_CHANGES, HSC__OPTION_ONE_OFF_COST,
       HSC__OPTION_LIFETIME_YEARS, HSC__OPTION_RECURRING_COST, HSC__OPTION_RANGE, HSC__OPTION_N };
enum { HSC__RANGE_SETTING, HSC__RANGE_FROM, HSC__RANGE_TO, HSC__RANGE_STEP,
       HSC__RANGE_COST_PER_UNIT, HSC__RANGE_N };
enum { HSC__PORTFOLIO_DESCRIPTION, HSC__PORTFOLIO_OPTIONS, HSC__PORTFOLIO_N };
enum { HSC__OPTIMISE_OBJECTIVE, HSC__OPTIMISE_INDIFFERENCE_ZONE, HSC__OPTIMISE_CONFIDENCE,
       HSC__OPTIMISE_FIRST_REPLICATIONS, HSC__OPTIMISE_MAX_REPLICATIONS,
       HSC__OPTIMISE_EXHAUSTIVE_MAX, HSC__OPTIMISE_MAX_POINTS, HSC__OPTIMISE_N };

extern const struct hsc__cfg_group hsc__cfg_schema_root;
extern const struct hsc__cfg_group hsc__cfg_schema_run;
extern const struct hsc__cfg_group hsc__cfg_schema_calendar;
extern const struct hsc__cfg_group hsc__cfg_schema_staff;    /* staff.* */
extern const struct hsc__cfg_group hsc__cfg_schema_cohort;   /* cohorts.* */
extern const struct hsc__cfg_group hsc__cfg_schema_service;  /* services.* */
extern const struct hsc__cfg_group hsc__cfg_schema_dist;     /* services.*.duration.* */
extern const struct hsc__cfg_group hsc__cfg_schema_step_up;  /* cohorts.*.step_up */
extern const struct hsc__cfg_group hsc__cfg_schema_period;   /* capacity_calendar items */
extern const struct hsc__cfg_group hsc__cfg_schema_bridging; /* services.*.bridging */
extern const struct hsc__cfg_group hsc__cfg_schema_option;   /* options.* */
extern const struct hsc__cfg_group hsc__cfg_schema_range;    /* options.*.range */
extern const struct hsc__cfg_group hsc__cfg_schema_portfolio; /* portfolios.* */
extern const struct hsc__cfg_group hsc__cfg_schema_optimise; /* optimise */
extern const struct hsc__cfg_group hsc__cfg_schema_home_wait; /* services.*.waiting_at_home.* */
extern const struct hsc__cfg_group hsc__cfg_schema_local;     /* cohorts.*.localities.* */
/* The queue orders (services.*.queue_order), the .choice of its value. */
enum hsc__cfg_queue_order {
    HSC__QUEUE_HOSPITAL_FIRST,
    HSC__QUEUE_ARRIVAL,
    HSC__QUEUE_ORDER_COUNT
};
/* Names of the queue orders, NULL-terminated, in enum hsc__cfg_queue_order order. */
extern const char *const hsc__cfg_queue_order_names[];
extern const char *const hsc__cfg_payment_names[];
extern const struct hsc__cfg_group hsc__cfg_schema_budget;

/* Names of enum hsc_kind / enum hsc_role / enum hsc_delay_code values,
 * NULL-terminated, in enum order. */
extern const char *const hsc__cfg_kind_names[];
extern const char *const hsc__cfg_role_names[];
extern const char *const hsc__cfg_delay_code_names[];
/* cohorts.*.discharge_delays (one group key per code) and each code's group. */
extern const struct hsc__cfg_group hsc__cfg_schema_delays;
extern const struct hsc__cfg_group hsc__cfg_schema_delay[HSC_DELAY_CODE_COUNT];
/* Names of enum hsc_day_count values (services.*.duration_counts), likewise. */
extern const char *const hsc__cfg_day_count_names[];

/* The group described by the pattern `parent.pattern + "." + name` (with "*"
 * for NAMED and COHORTS parents), or NULL. Parent NULL = the root. */
const struct hsc__cfg_group *hsc__cfg_schema_child(const struct hsc__cfg_group *parent,
                                                  const char *name);

/* The key of a FIXED group, or NULL. */
const struct hsc__cfg_key *hsc__cfg_schema_key(const struct hsc__cfg_group *group,
                                              const char *name);

/* What each member of the MAP group with this pattern holds
 * ("cohorts.*.discharge": a number 0..1). */
const struct hsc__cfg_key *hsc__cfg_schema_map_value(const char *pattern);

/* Fills names[] (capacity cap) with the key names a FIXED or DIST group
 * accepts and returns how many. For DIST, `dist_kind` (an enum hsc_dist_kind;
 * 0 = unknown) limits the parameters to that distribution's. */
size_t hsc__cfg_schema_names(const struct hsc__cfg_group *group, int dist_kind,
                             const char **names, size_t cap);

/* What a setting path ("services.acute.capacity"; list items as
 * "capacity_calendar[0].capacity") holds, from the schema alone: the path
 * need not exist in any tree. */
enum hsc__cfg_path_kind {
    HSC__PATH_UNKNOWN, /* the schema does not know it (or it names a group) */
    HSC__PATH_INTEGER, /* one integer */
    HSC__PATH_NUMBER,  /* one number, float or integer */
    HSC__PATH_OTHER,   /* text, a boolean, an array */
};
enum hsc__cfg_path_kind hsc__cfg_schema_path_kind(const char *path);

/* True when `name` is a parameter of at least one distribution kind. */
bool hsc__cfg_is_dist_param(const char *name);

#endif
