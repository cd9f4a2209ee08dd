/*
 * Services: which settings each kind and role takes, the staff a caseload
 * or hours service draws on, per-cohort durations (and, for caseloads,
 * whether they count working or calendar days) and care hours, community
 * referrals and initial occupancy, the acute-only discharge settings, and
 * the unit cost of a bed-day or a care hour.
 *
 * A kind that does not fit the role is reported once, at `kind`, and the
 * kind's own rules are then skipped: one mistake, one error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfg_dist.h"
#include "cfg_schema.h"
#include "scenario_build.h"

#define KIND_BIT(k) (1u << (k))

/* The kinds a setting belongs to (each of them requires it unless it is
 * optional), and what is said when another kind has it or one of them
 * lacks it. */
struct kind_rule {
    int key;          /* HSC__SERVICE_* */
    unsigned kinds;   /* KIND_BITs that take (and, unless optional, need) it */
    bool optional;
    const char *only; /* "only kind \"beds\" has it" */
    const char *why;  /* the reason in "missing (kind \"x\" ...)", NULL = what the key
                         expects */
};

static const struct kind_rule kind_rules[] = {
    {HSC__SERVICE_CAPACITY, KIND_BIT(HSC_KIND_BEDS), false, "only kind \"beds\" has it", NULL},
    {HSC__SERVICE_CAPACITY_CALENDAR, KIND_BIT(HSC_KIND_BEDS), true,
     "only kind \"beds\" has it", NULL},
    {HSC__SERVICE_STAFF, KIND_BIT(HSC_KIND_CASELOAD) | KIND_BIT(HSC_KIND_HOURS), false,
     "only kinds \"caseload\" and \"hours\" have it",
     "takes its capacity from a staff group: expected the group's name"},
    {HSC__SERVICE_CASELOAD_PER_WTE, KIND_BIT(HSC_KIND_CASELOAD), false,
     "only kind \"caseload\" has it", NULL},
    {HSC__SERVICE_HOURS, KIND_BIT(HSC_KIND_HOURS), false, "only kind \"hours\" has it",
     "needs the weekly care hours of a package: a group with an entry per cohort or "
     "\"default\""},
    {HSC__SERVICE_COST_PER_BED_DAY, KIND_BIT(HSC_KIND_BEDS), true,
     "only kind \"beds\" has it; a caseload service is costed through its staff group's "
     "cost_per_wte_year, an hours service by cost_per_care_hour", NULL},
    {HSC__SERVICE_COST_PER_CARE_HOUR, KIND_BIT(HSC_KIND_HOURS), true,
     "only kind \"hours\" has it; a bed service is costed by cost_per_bed_day, a caseload "
     "service through its staff group's cost_per_wte_year", NULL},
    {HSC__SERVICE_PAYMENT, KIND_BIT(HSC_KIND_BEDS), true,
     "only kind \"beds\" has it; a caseload or hours service is paid through its staff or "
     "per care hour", NULL},
    {HSC__SERVICE_VALUE_PER_BED_DAY, KIND_BIT(HSC_KIND_BEDS), true,
     "only kind \"beds\" has it: only bed-days are released as capacity", NULL},
    {HSC__SERVICE_DURATION_COUNTS, KIND_BIT(HSC_KIND_CASELOAD), true,
     "only kind \"caseload\" has it; the duration of a bed or hours service is always "
     "counted in calendar days", NULL},
};

/* The roles a setting belongs to: the acute service's, or the community's. */
struct role_rule {
    int key;
    bool acute;       /* true: role acute only; false: community roles only */
    bool required;    /* required for the roles that take it */
    const char *why;
};

#define ONLY_ACUTE "only role \"acute\" has it"
#define ONLY_COMMUNITY "only services whose role is neither \"acute\" nor \"assessment\" have it"

static const struct role_rule role_rules[] = {
    {HSC__SERVICE_MAX_QUEUE, true, false, NULL},
    {HSC__SERVICE_DISCHARGE_HOURS, true, false, NULL},
    {HSC__SERVICE_WEEKEND_DISCHARGE, true, false, NULL},
    {HSC__SERVICE_ELECTIVE_HOUR, true, false, NULL},
    {HSC__SERVICE_ASSESSMENT, true, false, NULL},
    {HSC__SERVICE_MAX_WAIT_HOURS, true, false, NULL},
    {HSC__SERVICE_EXITS, false, true,
     "expected where people go when they leave: a group with an entry per cohort or "
     "\"default\""},
    {HSC__SERVICE_REFERRALS, false, false, NULL},
    {HSC__SERVICE_INITIAL, false, false, NULL},
    {HSC__SERVICE_LOCALITIES, false, false, NULL},
    {HSC__SERVICE_OVERFLOW, false, false, NULL},
    {HSC__SERVICE_BRIDGING, false, false, NULL},
    {HSC__SERVICE_HOLD_DAYS, false, false, NULL},
    {HSC__SERVICE_WAITING_AT_HOME, false, false, NULL},
    {HSC__SERVICE_QUEUE_ORDER, false, false, NULL},
    {HSC__SERVICE_HOLD_REASSESS, false, false, NULL},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char *key_name(int key)
{
    return hsc__cfg_schema_service.keys[key].name;
}

/* Reports "missing (why)" for a key, or what the key expects when why is NULL. */
static void missing_key(struct hsc__scn_build *b, const config_setting_t *entry, int key,
                        const char *why)
{
    char expect[256];
    if (!why) {
        char what[200];
        hsc__cfg_expect(&hsc__cfg_schema_service.keys[key], what, sizeof what);
        snprintf(expect, sizeof expect, "expected %s", what);
        why = expect;
    }
    hsc__scn_missing(b, entry, &hsc__cfg_schema_service, key_name(key), why);
}

/* Applies the kind rules; clears vals[] of settings the kind refuses. */
static void check_kind(struct hsc__scn_build *b, const config_setting_t *entry,
                       enum hsc_kind kind, struct hsc__cfg_value *vals)
{
    for (size_t r = 0; r < COUNT(kind_rules); r++) {
        const struct kind_rule *rule = &kind_rules[r];
        struct hsc__cfg_value *val = &vals[rule->key];
        if (val->setting && !(rule->kinds & KIND_BIT(kind))) {
            hsc__cfg_error(b->ctx, val->setting, "not allowed for kind \"%s\" (%s)",
                           hsc_kind_name(kind), rule->only);
            val->ok = false;
        } else if (!val->setting && !rule->optional && (rule->kinds & KIND_BIT(kind))) {
            char why[256];
            snprintf(why, sizeof why, "kind \"%s\" %s", hsc_kind_name(kind),
                     rule->why ? rule->why : "");
            missing_key(b, entry, rule->key, rule->why ? why : NULL);
        }
    }
}

/* Applies the role rules; clears vals[] of settings the role refuses. */
static void check_role(struct hsc__scn_build *b, const config_setting_t *entry,
                       enum hsc_role role, struct hsc__cfg_value *vals)
{
    bool acute = role == HSC_ROLE_ACUTE;
    bool community = !acute && role != HSC_ROLE_ASSESSMENT;
    for (size_t r = 0; r < COUNT(role_rules); r++) {
        const struct role_rule *rule = &role_rules[r];
        struct hsc__cfg_value *val = &vals[rule->key];
        bool takes = rule->acute ? acute : community;
        if (val->setting && !takes) {
            hsc__cfg_error(b->ctx, val->setting, "not allowed for role \"%s\" (%s)",
                           hsc_role_name(role), rule->acute ? ONLY_ACUTE : ONLY_COMMUNITY);
            val->ok = false;
        } else if (!val->setting && takes && rule->required) {
            missing_key(b, entry, rule->key, rule->why);
        }
    }
}

/* Role acute needs kind beds, role assessment kind caseload. Returns false
 * after reporting at `kind`. */
static bool kind_fits_role(struct hsc__scn_build *b, const struct hsc__cfg_value *kind,
                           enum hsc_role role)
{
    int need = role == HSC_ROLE_ACUTE        ? HSC_KIND_BEDS
               : role == HSC_ROLE_ASSESSMENT ? HSC_KIND_CASELOAD
                                             : -1;
    if (need < 0 || kind->choice == need)
        return true;
    hsc__cfg_error(b->ctx, kind->setting, "must be \"%s\" for role \"%s\" (got \"%s\")",
                   hsc_kind_name((enum hsc_kind)need), hsc_role_name(role), kind->s);
    return false;
}

/* Resolves `staff`; an hours service's group must say how many care hours
 * a WTE delivers. */
static void read_staff_ref(struct hsc__scn_build *b, struct hsc_service *svc,
                           const struct hsc__cfg_value *val)
{
    size_t n = b->sc->n_staff;
    if (!b->staff_ok)
        return;
    long g = hsc__scn_index(b->staff_names, n, val->s);
    if (g < 0) {
        char hint[512];
        hsc__cfg_hint(val->s, b->staff_names, n, hint, sizeof hint);
        hsc__cfg_error(b->ctx, val->setting, "unknown staff group \"%s\" (%s)", val->s, hint);
        return;
    }
    svc->staff = (size_t)g;
    const config_setting_t *group = config_setting_get_elem(b->staff, (unsigned)g);
    const char *known[HSC__STAFF_N];
    size_t n_known = hsc__cfg_schema_names(&hsc__cfg_schema_staff, 0, known, HSC__STAFF_N);
    if (svc->kind == HSC_KIND_HOURS && config_setting_is_group(group) &&
        !config_setting_get_member(group, "care_hours_per_wte_week") &&
        !hsc__cfg_typo_of(group, known, n_known, "care_hours_per_wte_week"))
        hsc__cfg_error(b->ctx, val->setting, "staff group \"%s\" has no "
                                             "care_hours_per_wte_week (kind \"hours\" needs it)",
                       val->s);
}

/* Reads a per-cohort group of distributions (duration, hours) into
 * dists[n_cohorts]; cohorts with need[c] must be covered. */
static void read_cohort_dists(struct hsc__scn_build *b, const config_setting_t *group,
                              struct hsc_dist *dists, const bool *need, const char *what)
{
    size_t nc = b->sc->n_cohorts;
    bool *has_entry = calloc(nc + 1, sizeof *has_entry); /* [nc] = "default" */
    if (!has_entry) {
        hsc__cfg_error(b->ctx, group, "out of memory");
        return;
    }
    struct hsc_dist fallback = {0};
    for (int i = 0; i < config_setting_length(group) && !hsc__cfg_stop(b->ctx); i++) {
        const config_setting_t *entry = config_setting_get_elem(group, (unsigned)i);
        long c = hsc__scn_cohort_entry(b, entry);
        if (c < 0)
            continue;
        has_entry[c] = true;
        hsc__cfg_read_dist(b->ctx, entry, (size_t)c == nc ? &fallback : &dists[c]);
    }
    for (size_t c = 0; c < nc && !hsc__cfg_stop(b->ctx); c++) {
        const char *name = b->cohort_names[c];
        if (need[c] && !has_entry[c] && !has_entry[nc] && !hsc__scn_entry_typo(b, group, name))
            hsc__cfg_error(b->ctx, group, "no %s for cohort \"%s\" (add %s.%s or %s.default)",
                           what, name, what, name, what);
        if (!has_entry[c] && fallback.kind != HSC_DIST_NONE &&
            hsc_dist_copy(&dists[c], &fallback) != 0)
            hsc__cfg_error(b->ctx, group, "out of memory");
    }
    hsc_dist_fini(&fallback);
    free(has_entry);
}

/* Which cohorts a service's durations (or hours) must cover: an acute
 * service's own cohorts, every cohort elsewhere, none while the role is
 * unknown (its own error says enough). */
static bool *cohorts_needing(const struct hsc__scn_build *b, size_t s, bool every)
{
    size_t nc = b->sc->n_cohorts;
    bool *need = calloc(nc ? nc : 1, sizeof *need);
    bool judged = b->role[s] >= 0;
    bool own_only = !every && b->role[s] == HSC_ROLE_ACUTE;
    for (size_t c = 0; need && c < nc; c++)
        need[c] = judged && (!own_only || b->cohort_service[c] == (long)s);
    return need;
}

static void read_dists(struct hsc__scn_build *b, size_t s, const config_setting_t *group,
                       bool hours)
{
    struct hsc_service *svc = &b->sc->services[s];
    bool *need = cohorts_needing(b, s, hours);
    struct hsc_dist **dists = hours ? &svc->hours : &svc->duration;
    if (hours && !*dists)
        *dists = calloc(b->sc->n_cohorts ? b->sc->n_cohorts : 1, sizeof **dists);
    if (!need || !*dists)
        hsc__cfg_error(b->ctx, group, "out of memory");
    else
        read_cohort_dists(b, group, *dists, need, hours ? "hours" : "duration");
    free(need);
}

/* Reads referrals (numbers) or initial (integers), keyed by cohort name. */
static void read_per_cohort(struct hsc__scn_build *b, size_t s, const config_setting_t *group,
                            bool initial)
{
    struct hsc_service *svc = &b->sc->services[s];
    size_t nc = b->sc->n_cohorts;
    for (int i = 0; i < config_setting_length(group) && !hsc__cfg_stop(b->ctx); i++) {
        const config_setting_t *member = config_setting_get_elem(group, (unsigned)i);
        const char *name = config_setting_name(member);
        long c = hsc__scn_index(b->cohort_names, nc, name);
        struct hsc__cfg_value val;
        if (c < 0) {
            char hint[512];
            hsc__cfg_hint(name, b->cohort_names, nc, hint, sizeof hint);
            hsc__cfg_error(b->ctx, member, "unknown cohort \"%s\" (%s)", name, hint);
        } else if (hsc__scn_map_value(b, member,
                                      initial ? "services.*.initial" : "services.*.referrals",
                                      &val)) {
            if (initial)
                svc->initial[c] = val.i;
            else
                svc->referrals_per_day[c] = val.d;
        }
    }
}

/* The named assessment service of an acute service. */
static void read_assessment_ref(struct hsc__scn_build *b, struct hsc_service *svc,
                                const struct hsc__cfg_value *val)
{
    size_t ns = b->sc->n_services;
    long s = hsc__scn_index(b->service_names, ns, val->s);
    if (s >= 0 && b->role[s] == HSC_ROLE_ASSESSMENT) {
        svc->assessment = (size_t)s;
    } else if (s >= 0 && b->role[s] >= 0) {
        hsc__cfg_error(b->ctx, val->setting,
                       "service \"%s\" has role \"%s\" (expected a service whose role is "
                       "\"assessment\")", val->s, b->service_roles[s]);
    } else if (s < 0) {
        const char **teams = calloc(ns ? ns : 1, sizeof *teams);
        char hint[512] = "";
        for (size_t t = 0; teams && t < ns; t++)
            teams[t] = b->role[t] == HSC_ROLE_ASSESSMENT ? b->service_names[t] : NULL;
        if (teams)
            hsc__scn_hint(val->s, NULL, teams, ns, hint, sizeof hint);
        free(teams);
        hsc__cfg_error(b->ctx, val->setting, "unknown service \"%s\" (%s)", val->s, hint);
    }
}

static void read_acute_settings(struct hsc__scn_build *b, struct hsc_service *svc,
                                const struct hsc__cfg_value *vals)
{
    const struct hsc__cfg_value *hours = &vals[HSC__SERVICE_DISCHARGE_HOURS];
    if (hours->ok && !(hours->nums[0] < hours->nums[1])) {
        char from[32], to[32];
        hsc__cfg_format_number(hours->nums[0], from, sizeof from);
        hsc__cfg_format_number(hours->nums[1], to, sizeof to);
        hsc__cfg_error(b->ctx, hours->setting, "must be [from, to] with from < to (got [%s, %s])",
                       from, to);
    } else if (hours->ok) {
        svc->discharge_from_hour = hours->nums[0];
        svc->discharge_to_hour = hours->nums[1];
    }
    if (vals[HSC__SERVICE_MAX_QUEUE].ok)
        svc->max_queue = vals[HSC__SERVICE_MAX_QUEUE].i;
    if (vals[HSC__SERVICE_WEEKEND_DISCHARGE].ok)
        svc->weekend_discharge = vals[HSC__SERVICE_WEEKEND_DISCHARGE].d;
    if (vals[HSC__SERVICE_ELECTIVE_HOUR].ok)
        svc->elective_hour = vals[HSC__SERVICE_ELECTIVE_HOUR].d;
    if (vals[HSC__SERVICE_ASSESSMENT].ok)
        read_assessment_ref(b, svc, &vals[HSC__SERVICE_ASSESSMENT]);
}

/* Kind and role, their fit, and the rules each sets. Returns false when
 * the kind's rules could not be applied (unknown kind, or a misfit). */
static bool read_kind_and_role(struct hsc__scn_build *b, size_t s, const config_setting_t *entry,
                               struct hsc__cfg_value *vals)
{
    struct hsc_service *svc = &b->sc->services[s];
    const struct hsc__cfg_value *kind = &vals[HSC__SERVICE_KIND], *role = &vals[HSC__SERVICE_ROLE];
    if (kind->ok)
        svc->kind = (enum hsc_kind)kind->choice;
    if (role->ok)
        svc->role = (enum hsc_role)role->choice;
    bool kind_usable = kind->ok && (!role->ok || kind_fits_role(b, kind, svc->role));
    if (kind_usable)
        check_kind(b, entry, svc->kind, vals);
    if (role->ok)
        check_role(b, entry, svc->role, vals);
    return kind_usable;
}

/* How a bed service is paid (the acute role's beds are not paid per bed-day
 * unless stated), what a freed bed-day is worth, and fixed annual costs. */
static void read_money(struct hsc__scn_build *b, size_t s, const struct hsc__cfg_value *vals)
{
    struct hsc_service *svc = &b->sc->services[s];
    svc->payment = b->role[s] == HSC_ROLE_ACUTE ? HSC_PAY_NOT_CASH : HSC_PAY_PER_OCCUPIED_BED_DAY;
    if (vals[HSC__SERVICE_PAYMENT].ok)
        svc->payment = (enum hsc_payment)vals[HSC__SERVICE_PAYMENT].choice;
    svc->value_per_bed_day = vals[HSC__SERVICE_VALUE_PER_BED_DAY].ok
                                 ? vals[HSC__SERVICE_VALUE_PER_BED_DAY].d
                                 : svc->cost_per_bed_day;
    if (vals[HSC__SERVICE_FIXED_COST_PER_YEAR].ok)
        svc->fixed_cost_per_year = vals[HSC__SERVICE_FIXED_COST_PER_YEAR].d;
}

void hsc__scn_read_service(struct hsc__scn_build *b, size_t s, const config_setting_t *entry)
{
    if (!hsc__scn_check_entry(b->ctx, entry, "service"))
        return;
    struct hsc_service *svc = &b->sc->services[s];
    struct hsc__cfg_value vals[HSC__SERVICE_N];
    hsc__cfg_read_group(b->ctx, entry, &hsc__cfg_schema_service, vals);
    bool kind_usable = read_kind_and_role(b, s, entry, vals);
    if (kind_usable && svc->kind == HSC_KIND_BEDS && vals[HSC__SERVICE_CAPACITY].ok)
        svc->capacity = vals[HSC__SERVICE_CAPACITY].i;
    if (kind_usable && svc->kind == HSC_KIND_BEDS && vals[HSC__SERVICE_CAPACITY_CALENDAR].ok)
        hsc__scn_read_capacity_calendar(b, svc, vals[HSC__SERVICE_CAPACITY_CALENDAR].setting);
    if (kind_usable && vals[HSC__SERVICE_COST_PER_BED_DAY].ok)
        svc->cost_per_bed_day = vals[HSC__SERVICE_COST_PER_BED_DAY].d;
    if (kind_usable && vals[HSC__SERVICE_COST_PER_CARE_HOUR].ok)
        svc->cost_per_care_hour = vals[HSC__SERVICE_COST_PER_CARE_HOUR].d;
    read_money(b, s, vals);
    if (kind_usable && vals[HSC__SERVICE_STAFF].ok)
        read_staff_ref(b, svc, &vals[HSC__SERVICE_STAFF]);
    if (vals[HSC__SERVICE_CASELOAD_PER_WTE].ok)
        svc->caseload_per_wte = vals[HSC__SERVICE_CASELOAD_PER_WTE].d;
    if (kind_usable && vals[HSC__SERVICE_DURATION_COUNTS].ok)
        svc->duration_counts = (enum hsc_day_count)vals[HSC__SERVICE_DURATION_COUNTS].choice;
    if (vals[HSC__SERVICE_DURATION].ok)
        read_dists(b, s, vals[HSC__SERVICE_DURATION].setting, false);
    if (vals[HSC__SERVICE_HOURS].ok)
        read_dists(b, s, vals[HSC__SERVICE_HOURS].setting, true);
    if (vals[HSC__SERVICE_EXITS].ok)
        hsc__scn_read_exits(b, s, vals[HSC__SERVICE_EXITS].setting);
    if (vals[HSC__SERVICE_REFERRALS].ok)
        read_per_cohort(b, s, vals[HSC__SERVICE_REFERRALS].setting, false);
    if (vals[HSC__SERVICE_INITIAL].ok)
        read_per_cohort(b, s, vals[HSC__SERVICE_INITIAL].setting, true);
    read_acute_settings(b, svc, vals);
    hsc__scn_read_service_levers(b, s, entry, vals);
}

/* True when some cohort of acute service s has a discharge to a service. */
static bool needs_assessment(const struct hsc__scn_build *b, size_t s)
{
    for (size_t c = 0; c < b->sc->n_cohorts; c++) {
        const struct hsc_routes *routes = &b->sc->cohorts[c].discharge;
        for (size_t r = 0; b->cohort_service[c] == (long)s && r < routes->n; r++)
            if (routes->routes[r].kind == HSC_ROUTE_SERVICE)
                return true;
    }
    return false;
}

void hsc__scn_resolve_assessments(struct hsc__scn_build *b)
{
    size_t ns = b->sc->n_services;
    const char **teams = calloc(ns ? ns : 1, sizeof *teams);
    if (!teams) {
        hsc__cfg_error_at(b->ctx, b->ctx->path, 0, NULL, "out of memory loading the scenario");
        return;
    }
    size_t n_teams = 0, only = HSC_NO_INDEX;
    for (size_t s = 0; s < ns; s++)
        if (b->role[s] == HSC_ROLE_ASSESSMENT) {
            teams[n_teams++] = b->service_names[s];
            only = s;
        }
    for (size_t s = 0; s < ns && !hsc__cfg_stop(b->ctx); s++) {
        const config_setting_t *entry = config_setting_get_elem(b->services, (unsigned)s);
        if (b->role[s] != HSC_ROLE_ACUTE || !config_setting_is_group(entry) ||
            config_setting_get_member(entry, "assessment"))
            continue;
        if (n_teams == 1) {
            b->sc->services[s].assessment = only;
        } else if (n_teams > 1 && needs_assessment(b, s)) {
            char list[512], why[600];
            hsc__cfg_join(teams, n_teams, list, sizeof list);
            snprintf(why, sizeof why, "services %s all have role \"assessment\"; name one", list);
            hsc__scn_missing(b, entry, &hsc__cfg_schema_service, "assessment", why);
        }
    }
    free(teams);
}
