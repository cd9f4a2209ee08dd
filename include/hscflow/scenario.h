/*
 * Scenarios: libconfig files loaded into validated, immutable plain C structs.
 *
 * Every setting is checked before the first event; nothing libconfig-typed
 * leaves src/config. Settings are documented in docs/scenario-reference.md.
 * `--set path=value` overrides are applied through libconfig's typed API after
 * parsing, and the resolved scenario text (overrides included, floats with
 * %.17g) is kept for the results file's provenance.
 */
#ifndef HSCFLOW_SCENARIO_H
#define HSCFLOW_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hscflow/calendar.h"
#include "hscflow/dist.h"
#include "hscflow/error.h"

/* Service kinds and roles: docs/scenario-reference.md ("services") and
 * docs/model.md. The order of roles is fixed. */
enum hsc_kind { HSC_KIND_BEDS, HSC_KIND_CASELOAD, HSC_KIND_HOURS, HSC_KIND_COUNT };

/* How the partnership pays for a bed service's beds (docs/options.md "Two
 * ledgers"): which bed-days are cash and which freed bed-days are capacity
 * released rather than money. */
enum hsc_payment {
    HSC_PAY_PER_OCCUPIED_BED_DAY, /* cost_per_bed_day per occupied bed-day, in cash (spot
                                     purchase; the default off the acute role) */
    HSC_PAY_BLOCK,                /* cost_per_bed_day per available bed-day, in cash, used
                                     or not (a block contract) */
    HSC_PAY_NOT_CASH,             /* occupied bed-days cost cost_per_bed_day but are not
                                     paid per bed-day (the acute role's default: its beds
                                     are staffed whether used or not) */
    HSC_PAY_COUNT
};
enum hsc_role {
    HSC_ROLE_ACUTE,
    HSC_ROLE_ASSESSMENT,
    HSC_ROLE_STEP_UP,
    HSC_ROLE_STEP_DOWN,
    HSC_ROLE_COMMUNITY_HOSPITAL,
    HSC_ROLE_REABLEMENT,
    HSC_ROLE_HOME_CARE,
    HSC_ROLE_CARE_HOME,
    HSC_ROLE_OTHER,
    HSC_ROLE_COUNT
};

/* What a caseload service's `duration` counts (`duration_counts`): elapsed
 * calendar days, or only the days its staff group works. Other kinds always
 * count calendar days. docs/scenario-reference.md ("duration_counts") and
 * docs/model.md ("Caseload durations"). */
enum hsc_day_count { HSC_DAYS_CALENDAR, HSC_DAYS_WORKING, HSC_DAY_COUNT_N };

const char *hsc_kind_name(enum hsc_kind kind);   /* "beds" */
const char *hsc_role_name(enum hsc_role role);   /* "acute" */

/* Reasons other than capacity why a discharge waits (docs/kpis.md): their
 * order is fixed, and their names never begin with "awaiting_". */
enum hsc_delay_code {
    HSC_DELAY_PATIENT_FAMILY_CHOICE,  /* patient, carer or family choice or disagreement */
    HSC_DELAY_LEGAL_FINANCIAL,        /* legal or financial arrangements */
    HSC_DELAY_SPECIFIC_CARE_HOME,     /* waiting for a chosen care home */
    HSC_DELAY_LEGAL_AWI,              /* guardianship (Adults with Incapacity) */
    HSC_DELAY_COMPLEX_OTHER,          /* other complex reasons */
    HSC_DELAY_CODE_COUNT
};
const char *hsc_delay_code_name(enum hsc_delay_code code); /* "legal_awi" */

/* Run settings (`run.*`); flags override them. */
struct hsc_run_settings {
    uint64_t seed;             /* run.seed, 0 .. 2^63-1 */
    int64_t replications;      /* run.replications, >= 1 */
    double warmup_days;        /* run.warmup_days, >= 0 */
    double measure_days;       /* run.measure_days, > 0 */
    struct hsc_date start_date; /* run.start_date: first day measured */
    int64_t max_people;        /* run.max_people: hard limit on people in the system */
    int64_t max_events;        /* run.max_events: hard limit on pending events */
};

/* "No index" for optional references (a service, a staff group). */
#define HSC_NO_INDEX SIZE_MAX

/* Days of the week as a bit set: bit d is weekday d, 0 = Monday. */
#define HSC_ALL_DAYS 0x7Fu

/* A staff group (`staff.<name>`) and its roster. */
struct hsc_staff_group {
    char *name;                     /* owns */
    double wte;                     /* whole-time equivalents in post or funded, >= 0 */
    unsigned working_days;          /* bit set of weekdays worked (HSC_ALL_DAYS by default) */
    double from_hour, to_hour;      /* hours of the day new starts happen (0 and 24 by default) */
    double contracted_hours_per_week; /* hours one WTE is contracted for (37.5 by default) */
    double care_hours_per_wte_week; /* care hours one WTE delivers a week; 0 when not given */
    double sickness_absence;        /* chance each filled post is absent on a given day (0) */
    double vacancy_rate;            /* share of the WTE not filled (0) */
    double cost_per_wte_year;       /* £ per filled WTE a year (0) */
    double out_of_hours_enhancement; /* extra share of pay for rostered hours outside the
                                        standard day (0.3 = +30%; 0) */
    double standard_from, standard_to; /* the standard day, Monday to Friday (9 and 17
                                          by default); weekends are all outside it */
    double days_per_week;           /* days one WTE works a week; a roster with more working
                                       days spreads the posts over them (0 = not given: every
                                       post works every working day) */
};

/* A transformation-fund option (`options.<name>`): setting changes applied
 * to the base scenario like --set overrides, and what it costs beyond what
 * the model already costs (its extra beds and staff are costed by the unit
 * costs). */
struct hsc_option {
    char *name;                     /* owns: [a-z][a-z0-9_]*, never "baseline" */
    char *description;              /* owns; "" when absent */
    size_t n_changes;
    char **changes;                 /* owns [n_changes]: "path=value", in file order */
    double one_off_cost;            /* £, spread over lifetime_years */
    double lifetime_years;          /* > 0 (1 by default) */
    double recurring_cost;          /* £ a year */
    /* A range (`range = { setting; from; to; step; cost_per_unit; }`): the
     * option can be taken at any level from, from + step, ..., to of one
     * numeric setting, applied after its changes (docs/options.md). n_levels 0
     * = no range; `hscflow options` runs a ranged option at its top level. */
    char *range_setting;            /* owns: "path" as in --set; NULL without a range */
    double range_from, range_to, range_step; /* to = from + (n_levels - 1) x step */
    double range_cost_per_unit;     /* £ a year per unit of level above from (0) */
    size_t n_levels;                /* 0 without a range, else >= 2 */
};

/* A portfolio (`portfolios.<name>`): options applied together, as one point
 * beside the single options (docs/options.md "Portfolios"). */
struct hsc_portfolio {
    char *name;                     /* owns: as an option's name, never an option's */
    char *description;              /* owns; "" when absent */
    size_t n_members;               /* >= 2 */
    size_t *members;                /* owns [n_members]: indices into sc->options, in the
                                       order written; no two change the same setting */
};

/* One option taken at one level: what a portfolio or an optimiser point is
 * made of. level is ignored for an option without a range; for a ranged
 * option it is one of its levels. */
struct hsc_choice {
    size_t option;                  /* index into sc->options */
    double level;
};

/* Where a person goes next: the `discharge` shares of a cohort and the `exits`
 * of a service are lists of routes whose probabilities sum to 1. */
enum hsc_route_kind {
    HSC_ROUTE_HOME,     /* home with no new support: leaves the system */
    HSC_ROUTE_DEATH,    /* dies: leaves the system */
    HSC_ROUTE_HOSPITAL, /* an emergency presentation at the cohort's acute service */
    HSC_ROUTE_SERVICE   /* a place in another service */
};

struct hsc_route {
    enum hsc_route_kind kind;
    size_t service;     /* for HSC_ROUTE_SERVICE, else HSC_NO_INDEX */
    double probability; /* > 0 */
};

struct hsc_routes {
    size_t n;
    struct hsc_route *routes; /* owns [n], in file order */
};

/* A period of a bed service's capacity calendar: from `from` to `to`
 * inclusive (whole days), the service has `capacity` beds instead of its
 * own `capacity`. Yearly periods (written "MM-DD") repeat every year and
 * wrap the new year when `to` comes before `from` (Dec-Mar); their year
 * fields are 0. A yearly 02-29 exists only in leap years: in other years a
 * period starting on it starts on 03-01, one ending on it ends on 02-28.
 * Dated periods ("YYYY-MM-DD") happen once, with from <= to. */
struct hsc_capacity_period {
    bool yearly;
    struct hsc_date from;
    struct hsc_date to;
    int64_t capacity;
};

/* One non-capacity reason a cohort's discharges wait for
 * (`cohorts.<name>.discharge_delays.<code>`): at readiness, after the
 * pathway is drawn, a person waits for this reason with the share of their
 * destination; the wait follows the assessment (if any) and comes before
 * the request for a place or the discharge. */
struct hsc_discharge_delay {
    double *share;             /* owns [1 + n_services]: by destination, [0] home, [1 + s]
                                  service s; NULL when the code is not used. The shares of
                                  all codes for one destination sum to at most 1 */
    struct hsc_dist duration;  /* days the wait lasts; NONE when the code is not used */
};

/* A cohort of people with its own demand and pathways (`cohorts.<name>`). */
struct hsc_cohort {
    char *name;                /* owns */
    double *population;        /* owns [n_localities]: people per locality (0 when not given) */
    double *emergency_per_day; /* owns [n_localities]: base Poisson rate of emergency
                                  presentations a day per locality, before the calendar
                                  factors (from emergency_per_1000_per_year x population,
                                  or emergency_per_day split by population share) */
    size_t acute_service;      /* the acute service presented to */
    int64_t electives_per_weekday[7]; /* booked elective admissions, Monday first */
    struct hsc_dist elective_duration; /* treatment stay of electives; NONE without electives */
    double death_in_hospital;  /* probability of dying at the end of the treatment stay */
    struct hsc_routes discharge; /* pathway at readiness: HOME (pathway 0) or SERVICE */
    double *readmission_28d;   /* owns [1 + n_services]: probability of an emergency
                                  re-presentation within 28 days of a live acute discharge,
                                  by destination: [0] home, [1 + s] service s */
    struct hsc_dist readmission_days; /* time from discharge to re-presentation, in [0, 28] */
    double growth_per_year;    /* population growth a year (0.02 = 2%), compounding from the
                                  start of the run; scales emergency and referral rates */
    double elective_rebook_days; /* a cancelled elective is booked again this many days later;
                                    < 0: never (the default) */
    struct hsc_discharge_delay delays[HSC_DELAY_CODE_COUNT]; /* `discharge_delays` */
    double *assess_after;      /* owns [1 + n_services] or NULL: by destination ([1 + s]
                                  service s; [0] home is always 0), the share of people on
                                  that pathway discharged to assess: they leave acute as soon
                                  as the service has room and are assessed there */
    double community_deaths_per_day; /* hazard of dying for people in community services,
                                        waiting at home or at home within a follow-up */
    double step_up_share;      /* share of emergency presentations first offered step-up */
    size_t n_step_up;
    size_t *step_up;           /* owns [n_step_up]: services (role step_up) offered, in order */
    /* Locality variation (`localities`): the cohort as it is in each locality
     * whose residents differ (a full copy with that locality's settings
     * applied; name NULL for a locality without overrides). Variants have no
     * variants of their own. */
    struct hsc_cohort *variants; /* owns [n_localities] or NULL */
    struct hsc_dist acute_stay; /* a variant's own treatment stay (`acute_stay`); NONE = the
                                   acute service's duration for the cohort */
};

/* The settings of `cohort` for residents of locality `locality`. */
static inline const struct hsc_cohort *hsc_cohort_in(const struct hsc_cohort *cohort,
                                                     size_t locality)
{
    return cohort->variants && cohort->variants[locality].name ? &cohort->variants[locality]
                                                               : cohort;
}

/* What may happen to a person of one cohort waiting at home for a community
 * service (`services.<name>.waiting_at_home.<cohort>`): the first of three
 * competing clocks decides, unless they get a place first. */
struct hsc_home_wait {
    struct hsc_dist patience;  /* days before giving up; NONE = never gives up */
    size_t give_up_to;         /* on giving up, asks for this service instead; HSC_NO_INDEX =
                                  goes without (leaves the system) */
    double presentations_per_day; /* hazard of an emergency presentation while waiting */
    double deaths_per_day;     /* hazard of dying while waiting */
    size_t interim;            /* a service giving interim support while they wait (they hold a
                                  place in it, as bridging does), or HSC_NO_INDEX */
};

/* A service (`services.<name>`). */
struct hsc_service {
    char *name;               /* owns */
    enum hsc_kind kind;
    enum hsc_role role;
    int64_t capacity;         /* beds (kind beds); 0 for other kinds */
    int64_t max_queue;        /* -1 = unlimited; 0 = pure loss (acute services only) */
    struct hsc_dist *duration; /* owns: [n_cohorts]: the cohort's own entry, else the
                                  "default" entry, else kind NONE (the cohort never uses it).
                                  Acute: treatment stay until ready for discharge. Counted
                                  as `duration_counts` says. */
    enum hsc_day_count duration_counts; /* caseload: HSC_DAYS_WORKING counts `duration` in
                                  the staff group's working days only; HSC_DAYS_CALENDAR
                                  (the default, and always for other kinds) in elapsed days */
    size_t staff;             /* staff group (caseload, hours), else HSC_NO_INDEX */
    double caseload_per_wte;  /* caseload: people per WTE; capacity = floor(wte x this) */
    struct hsc_dist *hours;   /* owns [n_cohorts] (hours kind, else NULL): care hours a
                                 week each package needs */
    struct hsc_routes *exits; /* owns [n_cohorts] (community services, else NULL) */
    double *referrals_per_day; /* owns [n_cohorts]: community referrals a day (0 = none),
                                  split over localities by population share */
    int64_t *initial;         /* owns [n_cohorts]: people in the service at time 0 */
    /* Acute services only. */
    double discharge_from_hour; /* pathway-0 discharges happen from this hour ... */
    double discharge_to_hour;   /* ... to this one, each day (0 and 24 by default) */
    double weekend_discharge;   /* chance a waiting pathway-0 person is discharged on a
                                   Saturday or Sunday rather than wait (1 by default) */
    double elective_hour;       /* hour of the day electives arrive (8 by default) */
    size_t assessment;          /* assessment service pathways 1-3 go through, or HSC_NO_INDEX */
    double max_wait_days;       /* acute: divert people who waited this long for a bed
                                   (max_wait_hours / 24); INFINITY = never */
    /* Unit costs (0 by default). */
    double cost_per_bed_day;    /* bed services: £ per occupied bed-day */
    double cost_per_care_hour;  /* hours services: £ per care hour delivered */
    enum hsc_payment payment;   /* bed services: how their bed-days are paid */
    double value_per_bed_day;   /* bed services: £ a freed bed-day is worth as capacity
                                   released (cost_per_bed_day by default) */
    double fixed_cost_per_year; /* £ a year paid whatever the use (0) */
    /* Bed services: capacity calendar, in file order (periods never overlap). */
    size_t n_calendar;
    struct hsc_capacity_period *calendar; /* owns [n_calendar] */
    /* Community services: capacity split by locality (NULL = shared by all). */
    double *locality_share;     /* owns [n_localities]: shares summing to 1 (a locality
                                   left out has 0) */
    bool overflow;              /* with a split: residents may use another locality's room */
    /* Bridging for people waiting in hospital for this service. */
    size_t bridge_via;          /* interim service (a community service other than this
                                   one, not bridged back to it), or HSC_NO_INDEX */
    double bridge_after_days;   /* wait after which they move to the interim service */
    /* Community services: days a place is held for a person who goes to
     * hospital from it (0 = not held: the place is given up). */
    double hold_days;
    bool hold_reassess;         /* a person going back to a held place is assessed first (by
                                   the acute service's assessment team, in hospital) */
    /* Community services: people waiting at home, per cohort (NULL = they only
     * wait); and whether hospital waiters come first (false: one queue in
     * arrival order). */
    struct hsc_home_wait *home_wait; /* owns [n_cohorts] or NULL */
    bool arrival_order;
};

/* `hscflow optimise` settings (`optimise = { ... }`, docs/options.md
 * "Optimise"); every field has a default, so the group is optional. */
#define HSC_OBJECTIVE_MAX_TERMS 8
struct hsc_optimise_settings {
    /* The objective to minimise, a weighted sum of KPIs a year:
     * `objective = "delayed_bed_days + 20*emergency_admissions"` (default
     * "delayed_bed_days"). Terms are [WEIGHT*]KPI joined by + or -; the KPI
     * names are checked against the catalogue by the command. */
    size_t n_terms;                              /* 1..HSC_OBJECTIVE_MAX_TERMS */
    char *kpi[HSC_OBJECTIVE_MAX_TERMS];          /* owns each */
    double weight[HSC_OBJECTIVE_MAX_TERMS];      /* signed; never 0 */
    char *objective_text;                        /* owns: as written (or the default) */
    long objective_line;                         /* its line in the file, 0 = default */
    double indifference_zone;  /* delta, in objective units a year: differences smaller than
                                  this need not be told apart (default 100) */
    double confidence;         /* probability of correct selection, in (0.5, 1) (0.95) */
    long first_replications;   /* n0 >= 5 of every point before screening (10) */
    long max_replications;     /* most replications any point gets, >= first (100) */
    long exhaustive_max;       /* at most this many points: every point gets
                                  run.replications, no screening (64) */
    long max_points;           /* a larger search space is refused (4096) */
};

/* Parses an objective as `--objective` gives it ("delayed_bed_days +
 * 20*emergency_admissions", the syntax of `optimise.objective`) into out:
 * its terms and objective_text (out's old ones released; out must be
 * zeroed or filled by a load) and objective_line 0. Returns 0, or -1 with a
 * one-line reason in why (out unchanged). */
int hsc_objective_parse(const char *text, struct hsc_optimise_settings *out, char *why,
                        size_t why_size);

struct hsc_scenario {
    char *name;               /* owns: scenario name, [a-z0-9][a-z0-9_-]*, 1..64 characters */
    char *description;        /* owns: `description`, NULL when absent */
    char *path;               /* owns: file it was loaded from */
    char *resolved_text;      /* owns: the resolved scenario (includes and --set applied) */
    struct hsc_run_settings run;
    size_t n_localities;      /* 1 .. 255 */
    char **localities;        /* owns [n_localities]: names in file order; one "all" when
                                 `localities` is absent */
    double weekday_factors[7]; /* emergency demand multipliers, Monday first (1 by default) */
    double month_factors[12];  /* emergency demand multipliers, January first (1 by default) */
    double hour_factors[24];   /* emergency rate by hour of day, midnight first; they average
                                  1, so a day's demand is unchanged (all 1 by default) */
    size_t n_staff;
    struct hsc_staff_group *staff; /* owns [n_staff], in file order */
    size_t n_cohorts;
    struct hsc_cohort *cohorts;   /* owns [n_cohorts], in file order */
    size_t n_services;
    struct hsc_service *services; /* owns [n_services], in file order */
    size_t n_options;
    struct hsc_option *options;   /* owns [n_options], in file order */
    size_t n_portfolios;
    struct hsc_portfolio *portfolios; /* owns [n_portfolios], in file order */
    double budget;                /* £ a year available for options (budget.annual, or
                                     budget = NUMBER); NAN when not given */
    double budget_committed;      /* £ a year of it already committed (0) */
    struct hsc_optimise_settings optimise; /* defaults when the group is absent */
};

/* One `--set path=value` override (strings borrowed). */
struct hsc_override {
    const char *path;
    const char *value;
};

/* Loads and validates a scenario file, applying the overrides in order
 * (after parsing, before validation; docs/scenario-reference.md). Every
 * problem goes into errs as file:line: path: message ("(command line)" as the
 * file for --set problems); loading stops early once it has added an error
 * and errs is full (limit 1 = stop at the first). Once the rest is valid,
 * each option's changes are applied to a copy of the scenario and the
 * result validated in full, so an option that cannot run is an error of
 * the base scenario (reported as hsc_scenario_load_option says). Returns 0
 * when the scenario is valid (sc is then filled and must be released with
 * hsc_scenario_fini), -1 otherwise (sc left empty, even if errs was already
 * full on entry). */
int hsc_scenario_load(const char *path, const struct hsc_override *overrides,
                      size_t n_overrides, struct hsc_scenario *sc,
                      struct hsc_errors *errs);
/* Loads the scenario at `path` with one of its options applied: the file,
 * then the overrides (as hsc_scenario_load), then option->changes (borrowed;
 * applied through the same code as --set, in order), then validation.
 * `option` is normally one of the base scenario's sc->options, loaded with
 * the same overrides. The result is one point: it keeps the base's name,
 * description, run settings and budget, and has no options (n_options 0;
 * the base's list is the runner's); sc->resolved_text is the resolved base
 * with the option's changes applied and without its `options` group, so
 * loading that text gives this scenario again. Errors read as
 * hsc_scenario_load's, and problems of the option as
 * "file:line: options.<name>.changes[i]: path: message" (a change that
 * cannot be applied) or "file:line: options.<name>: path: message" (the
 * scenario it makes is invalid); docs/scenario-reference.md. `path` is read
 * again, so it must not be a pipe. Returns 0 (sc filled; release it with
 * hsc_scenario_fini) or -1 (sc left empty). */
int hsc_scenario_load_option(const char *path, const struct hsc_override *overrides,
                             size_t n_overrides, const struct hsc_option *option,
                             struct hsc_scenario *sc, struct hsc_errors *errs);

/* Loads the scenario at `path` with a set of options applied, each at its
 * level: the file, the overrides, then for each choice in order the
 * option's changes and (ranged) "range_setting=level", then validation;
 * as hsc_scenario_load_option otherwise. `base` is the scenario loaded from
 * `path` with the same overrides (its options are the ones chosen). Problems
 * read "file:line: LABEL: path: message", at the line of the change that
 * set the setting in error, where LABEL is `label` (e.g.
 * "portfolios.home_first"). Returns 0 (sc filled) or -1 (sc left empty). */
int hsc_scenario_load_choices(const char *path, const struct hsc_override *overrides,
                              size_t n_overrides, const struct hsc_scenario *base,
                              const struct hsc_choice *choices, size_t n_choices,
                              const char *label, struct hsc_scenario *sc,
                              struct hsc_errors *errs);

/* The changes a set of choices makes, "path=value; path=value" in the order
 * applied (the ranged setting's level as %.17g); malloc'd, NULL when out of
 * memory. For /scenario/overrides. */
char *hsc_choices_text(const struct hsc_scenario *base, const struct hsc_choice *choices,
                       size_t n_choices);

/* True when options x and y change the same setting, or one a setting
 * inside the other's (their changes and range settings); path (may be
 * NULL) then receives the longer of the two paths. Such options are
 * alternatives: a portfolio may not hold both, and `hscflow optimise`
 * never combines them. */
bool hsc_options_overlap(const struct hsc_option *x, const struct hsc_option *y, char *path,
                         size_t size);

/* The option's own cost a year at `level` (ignored without a range):
 * one_off_cost / lifetime_years + recurring_cost, plus range_cost_per_unit
 * x (level - range_from) for a ranged option. */
double hsc_option_annual_cost(const struct hsc_option *option, double level);

/* The level at which `hscflow options` and a portfolio take an option: its
 * range's top (range_to), or NaN without a range. */
double hsc_option_default_level(const struct hsc_option *option);

/* Releases everything sc owns and zeroes it; safe on a zeroed scenario. */
void hsc_scenario_fini(struct hsc_scenario *sc);

/* Splits "path=value" (owned by the caller) at the first '=' into an override
 * pointing into it (the '=' is overwritten). Returns false when there is no
 * '=' or the path is empty. */
bool hsc_override_parse(char *text, struct hsc_override *ov);

/* Weekday bit set (bit 0 = Monday) of a comma-separated list of day names
 * Mon Tue Wed Thu Fri Sat Sun (written so) and forward ranges of them:
 * "Mon-Fri", "Sat,Sun", "Mon,Wed-Fri", "Mon-Sun"; blanks around names are
 * allowed. -1 for anything else: NULL, "", "Fri-Mon" (ranges do not wrap). */
int hsc_parse_working_days(const char *text);

/* Index of the named service / cohort, or -1. */
long hsc_scenario_find_service(const struct hsc_scenario *sc, const char *name);
long hsc_scenario_find_cohort(const struct hsc_scenario *sc, const char *name);

/* Version of libconfig, which reads scenario files, that this binary was
 * built with: "MAJOR.MINOR.REVISION" (a static string), for the results
 * file's /provenance libconfig_version. libconfig stays inside src/config,
 * so this is how the rest of the program learns it. */
const char *hsc_scenario_libconfig_version(void);

#endif
