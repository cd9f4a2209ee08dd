/*
 * Internal to src/config: building struct hsc_scenario from a validated-as-
 * we-go libconfig tree. scenario_load.c does the root, `run` and `budget`;
 * scenario_staff.c the localities, calendar and staff groups (rosters and
 * costs included); scenario_options.c the transformation-fund options, the
 * rules of their changes and their ranges; scenario_option_check.c applies
 * choices of options (one option, a portfolio) to a copy of the tree and
 * builds the result; scenario_portfolios.c the portfolios;
 * scenario_optimise.c the optimiser's settings and objective;
 * scenario_entities.c the cohorts and the order of the work;
 * scenario_services.c the services; scenario_demand.c a cohort's population,
 * rates and electives; scenario_routes.c where people go next (discharge,
 * readmissions, exits); scenario_levers.c the levers (growth, rebooking,
 * step-up, maximum wait, locality shares, bridging); scenario_capacity.c a
 * bed service's capacity calendar. Cohorts and services refer to each other, so every
 * name list is collected before any entity is read.
 *
 * Invariant: an error is reported once, where it is; a setting whose own
 * value is wrong does not also draw errors from the settings that refer to it.
 */
#ifndef HSC_CONFIG_SCENARIO_BUILD_H
#define HSC_CONFIG_SCENARIO_BUILD_H

#include "cfg_ctx.h"
#include "cfg_read.h"
#include "hscflow/scenario.h"

struct hsc__scn_build {
    struct hsc__cfg_ctx *ctx;
    struct hsc_scenario *sc;          /* being filled */
    const config_setting_t *staff;    /* borrows: the `staff` group, or NULL */
    const config_setting_t *cohorts;  /* borrows: the `cohorts` group, or NULL */
    const config_setting_t *services; /* borrows: the `services` group, or NULL */
    bool localities_ok;               /* `localities` was valid: names can be checked */
    bool staff_ok;                    /* `staff` was valid: staff names can be checked */
    const char **cohort_names;        /* [sc->n_cohorts], borrowed from the tree */
    const char **service_names;       /* [sc->n_services], borrowed from the tree */
    const char **service_roles;       /* [sc->n_services]: each `role` string or NULL */
    int *role;                        /* [sc->n_services]: enum hsc_role, -1 if unknown */
    const char **staff_names;         /* [sc->n_staff], borrowed from the tree */
    long *cohort_service;             /* [sc->n_cohorts]: acute service index or -1 */
    bool *option_ok;                  /* [sc->n_options]: the option was read without error */
    bool *option_runs;                /* [sc->n_options]: ... and every level tried gave a
                                         valid scenario (false until tried) */
    bool *portfolio_ok;               /* [sc->n_portfolios]: read without error */
};

/* ---- scenario_load.c ---- */

/* Validates the whole tree of ctx into sc (zeroed by the caller; released
 * by the caller with hsc_scenario_fini whatever happens); errors are counted
 * in ctx. Once everything but the options is valid, every option that is
 * itself well formed is tried on a copy of the tree (hsc__scn_check_options). */
void hsc__scn_build(struct hsc__cfg_ctx *ctx, struct hsc_scenario *sc);

/* ---- scenario_staff.c ---- */

/* Fills sc->localities from the `localities` setting (NULL = one locality
 * "all"; `ok` false = the setting had an error, which was reported, and
 * locality names are then not checked). */
void hsc__scn_read_localities(struct hsc__scn_build *b, const config_setting_t *setting,
                              bool ok);
/* Fills the calendar factors from the `calendar` group (NULL = all 1). */
void hsc__scn_read_calendar(struct hsc__scn_build *b, const config_setting_t *group);
/* Sizes and reads sc->staff from b->staff. */
void hsc__scn_read_staff(struct hsc__scn_build *b);

/* ---- scenario_entities.c ---- */

/* Sizes sc's cohorts and services from the groups (either may be NULL) and
 * collects their names. Returns -1 when memory runs out (after reporting). */
int hsc__scn_collect(struct hsc__scn_build *b);

/* Reads and checks every cohort, then every service (with durations and the
 * cross references). Errors are reported; the caller checks the count. */
void hsc__scn_read_entities(struct hsc__scn_build *b);

void hsc__scn_build_fini(struct hsc__scn_build *b);

/* Checks the name and shape of a cohort, service or staff group entry
 * (`noun`); returns false after reporting. */
bool hsc__scn_check_entry(struct hsc__cfg_ctx *ctx, const config_setting_t *entry,
                          const char *noun);

/* Index of name in names[n], or -1. */
long hsc__scn_index(const char *const *names, size_t n, const char *name);

/* True when the service's role is known and is neither acute nor assessment:
 * a place people can be discharged or referred to. */
bool hsc__scn_is_community(const struct hsc__scn_build *b, size_t s);

/* Reports "missing (<why>)" for `name` in `group` unless a member of group
 * is a typo of it (that member's own error says enough). */
void hsc__scn_missing(struct hsc__scn_build *b, const config_setting_t *group,
                      const struct hsc__cfg_group *schema, const char *name, const char *why);

/* Writes the did-you-mean hint for an unknown `name` over `extra` (a
 * NULL-terminated list, may be NULL) followed by names[n] into buf. */
void hsc__scn_hint(const char *name, const char *const *extra, const char *const *names,
                   size_t n, char *buf, size_t size);

/* Reads a number or integer member of a MAP group against the schema's
 * value key for `pattern`. Returns false after reporting. */
bool hsc__scn_map_value(struct hsc__scn_build *b, const config_setting_t *member,
                        const char *pattern, struct hsc__cfg_value *val);

/* Reads a MAP group keyed by locality names (values checked against the
 * schema's value key for `pattern`) into out[n_localities] (left as they are
 * for localities not named) and their sum into *sum. Returns false after
 * reporting an unknown locality or a bad value. */
bool hsc__scn_locality_map(struct hsc__scn_build *b, const config_setting_t *group,
                           const char *pattern, double *out, double *sum);

/* A per-cohort group (keys: cohort names or "default"): the index of the
 * cohort an entry is for, n_cohorts for "default", or -1 after reporting an
 * unknown cohort. */
long hsc__scn_cohort_entry(struct hsc__scn_build *b, const config_setting_t *entry);

/* True when a member of the per-cohort group is an unknown name that is a
 * typo of `cohort` or of "default": that member's own error says enough, so
 * the cohort is not also reported as uncovered. */
bool hsc__scn_entry_typo(const struct hsc__scn_build *b, const config_setting_t *group,
                         const char *cohort);

/* ---- scenario_services.c ---- */

/* Reads service s (entry is its group). */
void hsc__scn_read_service(struct hsc__scn_build *b, size_t s, const config_setting_t *entry);

/* Settles each acute service's assessment service once every cohort's
 * discharge routes are known. */
void hsc__scn_resolve_assessments(struct hsc__scn_build *b);

/* ---- scenario_demand.c ---- */

/* Reads cohort c's population, emergency rates, electives and elective
 * stay from its checked settings (vals from the cohort schema). */
void hsc__scn_read_demand(struct hsc__scn_build *b, size_t c, const config_setting_t *entry,
                          const struct hsc__cfg_value *vals);

/* ---- scenario_levers.c ---- */

/* Reads a `step_up` group into *cohort (share and services). */
void hsc__scn_read_step_up(struct hsc__scn_build *b, struct hsc_cohort *cohort,
                           const config_setting_t *group);
/* Reads cohort c's growth_per_year, elective_rebook_days and step_up (vals
 * from the cohort schema). */
void hsc__scn_read_cohort_levers(struct hsc__scn_build *b, size_t c,
                                 const struct hsc__cfg_value *vals);

/* Reads service s's max_wait_hours, localities, overflow and bridging from
 * vals (the service schema; settings its kind or role refuses already
 * cleared). */
void hsc__scn_read_service_levers(struct hsc__scn_build *b, size_t s,
                                  const config_setting_t *entry,
                                  const struct hsc__cfg_value *vals);

/* Once every service is read: reports two services bridged to each other. */
void hsc__scn_resolve_bridging(struct hsc__scn_build *b);

/* ---- scenario_capacity.c ---- */

/* Reads a bed service's capacity_calendar (a list whose items are groups)
 * into svc->calendar; nothing is kept when a period is wrong. */
void hsc__scn_read_capacity_calendar(struct hsc__scn_build *b, struct hsc_service *svc,
                                     const config_setting_t *list);

/* ---- scenario_options.c ---- */

/* Reads the `options` group (NULL = none) into sc->options: names, costs,
 * the changes as written, each checked by hsc__scn_check_change, and the
 * range; sets b->option_ok. */
void hsc__scn_read_options(struct hsc__scn_build *b, const config_setting_t *group);

/* Checks what one change says, before it is applied: "path=value" with a
 * path, no blanks around the path and the '=', and a path an option may
 * change (not run settings, name, budget, options, portfolios, optimise,
 * localities, a service's kind or role). Returns false after reporting at
 * the origin. */
bool hsc__scn_check_change(const struct hsc__cfg_origin *origin, const char *text);

/* Writes the path of a change "path=value" (all of it without '=') into buf. */
void hsc__scn_change_path(const char *change, char *buf, size_t size);

/* True when one path is the other, or a setting inside it
 * ("staff.team" and "staff.team.wte"; "a.b" and "a.b[0].c"). */
bool hsc__scn_paths_related(const char *a, const char *b);

/* Level i (0 .. n_levels - 1) of a ranged option: from + i x step, and
 * exactly range_to for the last. */
double hsc__scn_option_level(const struct hsc_option *option, size_t i);

/* Releases what an option owns. */
void hsc__scn_option_fini(struct hsc_option *option);

/* ---- scenario_option_check.c ---- */

/* One option taken into a changed scenario. */
struct hsc__scn_pick {
    const struct hsc_option *option; /* borrows */
    double level;                    /* for a ranged option, its level; else ignored */
};

/* How problems of a changed scenario are reported in the base load:
 * "file:line: LABEL: NOTEpath: message". */
struct hsc__scn_report_as {
    const char *label;               /* borrows: "options.bluebell", "portfolios.home_first" */
    const char *note;                /* borrows: put before each message ("at level 46: "),
                                        or NULL */
    const config_setting_t *fallback; /* borrows: where a problem is located when no change
                                         set its setting (NULL = the file, no line) */
};

/* Builds the picks applied in order to a copy of base's tree (without its
 * `options`, `portfolios` and `optimise` groups) into sc (zeroed here; the
 * caller releases it with hsc_scenario_fini in every case): a plain
 * scenario, one point. Each option's changes are applied in order, then a
 * ranged option's "range_setting=level" (%.17g). Their origins are found by
 * name in base's `options` group (when the text there is the option's): a
 * change that cannot be applied is reported as "file:line:
 * options.<name>.changes[i]: path: message" (".range" for the level), a
 * problem of the resulting scenario as `as` says, at the line of the last
 * change whose path is the error's, holds it or lies inside it. With
 * want_text, sc->resolved_text is the changed tree as text. Returns 0 when
 * the picks give a valid scenario. */
int hsc__scn_build_choices(struct hsc__cfg_ctx *base, const struct hsc__scn_pick *picks,
                           size_t n_picks, const struct hsc__scn_report_as *as,
                           struct hsc_scenario *sc, bool want_text);

/* Where problems under `label` are located when no change set the setting:
 * the setting the label names in ctx's tree ("options.bluebell"), or for
 * a group its `changes`, `options` (a portfolio's) or `range` member, in
 * that order of preference; NULL when the label names nothing. */
const config_setting_t *hsc__scn_fallback(struct hsc__cfg_ctx *ctx, const char *label);

/* Tries every option of sc with ok[o] (sc is built from ctx's tree and
 * valid but for its options) at its default level and, when ranged, at
 * other levels (every level up to 100, else 100 spread over them), each on
 * a copy of the tree, reporting each option's problems in ctx under
 * "options.<name>" ("at level L: " before the message of a ranged option).
 * Sets runs[o] when every level tried was valid. */
void hsc__scn_check_options(struct hsc__cfg_ctx *ctx, const struct hsc_scenario *sc,
                            const bool *ok, bool *runs);

/* ---- scenario_portfolios.c ---- */

/* Reads the `portfolios` group (NULL = none) into sc->portfolios: names
 * (identifiers, not "baseline", not an option's), description and members
 * (2 or more distinct options of sc, judged only when `options_known`: the
 * `options` group was not itself wrong), and that no two members change the
 * same setting (members read without error only). Sets b->portfolio_ok. */
void hsc__scn_read_portfolios(struct hsc__scn_build *b, const config_setting_t *group,
                              bool options_known);

/* Builds each portfolio read without error whose members all run alone
 * (b->option_runs), its members at their default levels in written order,
 * reporting problems under "portfolios.<name>". */
void hsc__scn_check_portfolios(struct hsc__scn_build *b);

/* Releases what a portfolio owns. */
void hsc__scn_portfolio_fini(struct hsc_portfolio *portfolio);

/* ---- scenario_optimise.c ---- */

/* Fills *out with the defaults, then reads the `optimise` group (NULL =
 * absent) over them: the objective (parsed; its line kept), the
 * indifference zone, confidence and replication and point limits, with
 * max_replications >= first_replications. */
void hsc__scn_read_optimise(struct hsc__cfg_ctx *ctx, const config_setting_t *group,
                            struct hsc_optimise_settings *out);

/* Releases what the settings own and zeroes them. */
void hsc__scn_optimise_fini(struct hsc_optimise_settings *settings);

/* ---- scenario_routes.c ---- */

/* Reads cohort c's death_in_hospital, discharge shares, readmission
 * probabilities and readmission_days. */
void hsc__scn_read_pathway(struct hsc__scn_build *b, size_t c, const config_setting_t *entry,
                           const struct hsc__cfg_value *vals);

/* Reads the `exits` group of service s into svc->exits (every cohort
 * covered, own entry or default). */
void hsc__scn_read_exits(struct hsc__scn_build *b, size_t s, const config_setting_t *group);

/* Releases routes and zeroes them. */
void hsc__scn_routes_fini(struct hsc_routes *routes);
/* Reads the shares of one non-capacity delay by discharge destination
 * (`group`, whose members' values have schema pattern `pattern`) into
 * shares[1 + n_services], as readmission_28d is read ("home", a community
 * service or "default"; the rest 0). */
void hsc__scn_read_delay_shares(struct hsc__scn_build *b, const config_setting_t *group,
                                const char *pattern, double *shares);
/* The same for `assess_after_discharge` (its own message for a service that
 * cannot be a destination). */
void hsc__scn_read_assess_shares(struct hsc__scn_build *b, const config_setting_t *group,
                                 double *shares);

/* Reads a cohort's `discharge` shares into *routes (empty on entry). */
void hsc__scn_read_discharge(struct hsc__scn_build *b, const config_setting_t *group,
                             struct hsc_routes *routes);
/* Reads readmission_28d into values[1 + n_services] (zeroed on entry). */
void hsc__scn_read_readmission(struct hsc__scn_build *b, const config_setting_t *group,
                               double *values);

/* ---- scenario_load.c ---- */

/* Releases what a cohort owns (its locality variants too). */
void hsc__scn_cohort_fini(struct hsc_cohort *cohort, size_t n_localities);

/* ---- scenario_localities.c ---- */

/* Reads cohort c's `localities` overrides (vals are the cohort's keys; the
 * cohort itself read already) into its locality variants. */
void hsc__scn_read_local_variants(struct hsc__scn_build *b, size_t c,
                                  const struct hsc__cfg_value *vals);

/* ---- scenario_delays.c ---- */

/* Reads a `discharge_delays` group into *cohort (the cohort's own, or a
 * locality's variant: its codes are replaced): each code's shares and
 * duration, and that the shares of every destination sum to at most 1. */
void hsc__scn_read_delays_into(struct hsc__scn_build *b, struct hsc_cohort *cohort,
                               const config_setting_t *group);
/* Reads `assess_after_discharge` shares by destination into *cohort (never
 * "home": pathway 0 is not assessed). */
void hsc__scn_read_assess_after_into(struct hsc__scn_build *b, struct hsc_cohort *cohort,
                                     const config_setting_t *group);

#endif
