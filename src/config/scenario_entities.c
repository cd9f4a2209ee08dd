/*
 * Cohorts and services: names, the order of the work, and the helpers the
 * builder files share (name look-ups, hints, per-cohort groups).
 *
 * Every cohort and service name is collected, with each service's role,
 * before any entity is read, so references can be checked in any order.
 * A cohort's own settings are read here; its demand and pathway are in
 * scenario_demand.c and scenario_routes.c, services in scenario_services.c.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cfg_dist.h"
#include "cfg_schema.h"
#include "scenario_build.h"

#define MAX_KNOWN 64

long hsc__scn_index(const char *const *names, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (names[i] && strcmp(names[i], name) == 0)
            return (long)i;
    return -1;
}

bool hsc__scn_is_community(const struct hsc__scn_build *b, size_t s)
{
    return b->role[s] >= 0 && b->role[s] != HSC_ROLE_ACUTE && b->role[s] != HSC_ROLE_ASSESSMENT;
}

void hsc__scn_missing(struct hsc__scn_build *b, const config_setting_t *group,
                      const struct hsc__cfg_group *schema, const char *name, const char *why)
{
    const char *known[MAX_KNOWN];
    size_t n_known = hsc__cfg_schema_names(schema, 0, known, MAX_KNOWN);
    if (!hsc__cfg_typo_of(group, known, n_known, name))
        hsc__cfg_error_in(b->ctx, group, name, "missing (%s)", why);
}

void hsc__scn_hint(const char *name, const char *const *extra, const char *const *names,
                   size_t n, char *buf, size_t size)
{
    size_t n_extra = 0;
    while (extra && extra[n_extra])
        n_extra++;
    const char **all = malloc((n_extra + n + 1) * sizeof *all);
    if (!all) {
        buf[0] = '\0';
        return;
    }
    size_t used = 0;
    for (size_t i = 0; i < n_extra; i++)
        all[used++] = extra[i];
    for (size_t i = 0; i < n; i++)
        if (names[i])
            all[used++] = names[i];
    hsc__cfg_hint(name, all, used, buf, size);
    free(all);
}

bool hsc__scn_map_value(struct hsc__scn_build *b, const config_setting_t *member,
                        const char *pattern, struct hsc__cfg_value *val)
{
    memset(val, 0, sizeof *val);
    val->setting = (config_setting_t *)member;
    val->ok = hsc__cfg_read_value(b->ctx, member, hsc__cfg_schema_map_value(pattern), val);
    return val->ok;
}

bool hsc__scn_locality_map(struct hsc__scn_build *b, const config_setting_t *group,
                           const char *pattern, double *out, double *sum)
{
    const struct hsc_scenario *sc = b->sc;
    const char *const *names = (const char *const *)sc->localities;
    bool ok = true;
    *sum = 0.0;
    for (int i = 0; i < config_setting_length(group) && !hsc__cfg_stop(b->ctx); i++) {
        const config_setting_t *member = config_setting_get_elem(group, (unsigned)i);
        const char *name = config_setting_name(member);
        long l = hsc__scn_index(names, sc->n_localities, name);
        struct hsc__cfg_value val;
        if (l < 0) {
            char hint[512];
            hsc__cfg_hint(name, names, sc->n_localities, hint, sizeof hint);
            hsc__cfg_error(b->ctx, member, "unknown locality \"%s\" (%s)", name, hint);
            ok = false;
        } else if (hsc__scn_map_value(b, member, pattern, &val)) {
            out[l] = val.d;
            *sum += val.d;
        } else {
            ok = false;
        }
    }
    return ok;
}

long hsc__scn_cohort_entry(struct hsc__scn_build *b, const config_setting_t *entry)
{
    size_t nc = b->sc->n_cohorts;
    const char *name = config_setting_name(entry);
    if (strcmp(name, "default") == 0)
        return (long)nc;
    long c = hsc__scn_index(b->cohort_names, nc, name);
    if (c < 0) {
        const char **known = malloc((nc + 1) * sizeof *known);
        char hint[512] = "";
        if (known) {
            memcpy(known, b->cohort_names, nc * sizeof *known);
            known[nc] = "default";
            hsc__cfg_hint(name, known, nc + 1, hint, sizeof hint);
            free(known);
        }
        hsc__cfg_error(b->ctx, entry, "unknown cohort \"%s\" (%s)", name, hint);
    }
    return c;
}

bool hsc__scn_entry_typo(const struct hsc__scn_build *b, const config_setting_t *group,
                         const char *cohort)
{
    size_t nc = b->sc->n_cohorts;
    const char **known = malloc((nc + 1) * sizeof *known);
    if (!known)
        return false;
    memcpy(known, b->cohort_names, nc * sizeof *known);
    known[nc] = "default";
    bool typo = hsc__cfg_typo_of(group, known, nc + 1, cohort) ||
                hsc__cfg_typo_of(group, known, nc + 1, "default");
    free(known);
    return typo;
}

static void oom(struct hsc__scn_build *b)
{
    hsc__cfg_error_at(b->ctx, b->ctx->path, 0, NULL, "out of memory loading the scenario");
}

static size_t member_count(const config_setting_t *group)
{
    return group && config_setting_is_group(group) ? (size_t)config_setting_length(group) : 0;
}

/* Allocates a cohort's per-locality and per-service arrays. */
static bool alloc_cohort(struct hsc_cohort *cohort, size_t nl, size_t ns)
{
    cohort->population = calloc(nl ? nl : 1, sizeof *cohort->population);
    cohort->emergency_per_day = calloc(nl ? nl : 1, sizeof *cohort->emergency_per_day);
    cohort->readmission_28d = calloc(1 + ns, sizeof *cohort->readmission_28d);
    return cohort->population && cohort->emergency_per_day && cohort->readmission_28d;
}

/* Allocates a service's per-cohort arrays and sets the defaults the struct
 * documents (unlimited queue, discharges all day, no references, no
 * maximum wait, no calendar, no split by locality, no bridging). */
static bool alloc_service(struct hsc_service *svc, size_t nc)
{
    size_t n = nc ? nc : 1;
    *svc = (struct hsc_service){
        .max_queue = -1,
        .staff = HSC_NO_INDEX,
        .assessment = HSC_NO_INDEX,
        .discharge_from_hour = 0.0,
        .discharge_to_hour = 24.0,
        .weekend_discharge = 1.0,
        .elective_hour = 8.0,
        .max_wait_days = INFINITY,
        .bridge_via = HSC_NO_INDEX,
        .duration_counts = HSC_DAYS_CALENDAR,
    };
    svc->duration = calloc(n, sizeof *svc->duration);
    svc->referrals_per_day = calloc(n, sizeof *svc->referrals_per_day);
    svc->initial = calloc(n, sizeof *svc->initial);
    return svc->duration && svc->referrals_per_day && svc->initial;
}

static int collect_cohorts(struct hsc__scn_build *b, size_t nc, size_t ns)
{
    struct hsc_scenario *sc = b->sc;
    for (size_t c = 0; c < nc; c++) {
        b->cohort_names[c] = config_setting_name(config_setting_get_elem(b->cohorts, (unsigned)c));
        b->cohort_service[c] = -1;
        struct hsc_cohort *cohort = &sc->cohorts[c];
        cohort->acute_service = HSC_NO_INDEX;
        cohort->elective_rebook_days = -1.0; /* never rebooked */
        sc->n_cohorts++;
        if (!(cohort->name = strdup(b->cohort_names[c])) ||
            !alloc_cohort(cohort, sc->n_localities, ns))
            return -1;
    }
    return 0;
}

static int collect_services(struct hsc__scn_build *b, size_t nc, size_t ns)
{
    struct hsc_scenario *sc = b->sc;
    for (size_t s = 0; s < ns; s++) {
        const config_setting_t *svc = config_setting_get_elem(b->services, (unsigned)s);
        const config_setting_t *role = config_setting_get_member(svc, "role");
        b->service_names[s] = config_setting_name(svc);
        if (role && config_setting_type(role) == CONFIG_TYPE_STRING)
            b->service_roles[s] = config_setting_get_string(role);
        b->role[s] = b->service_roles[s] ? (int)hsc__scn_index(hsc__cfg_role_names,
                                                               HSC_ROLE_COUNT,
                                                               b->service_roles[s])
                                         : -1;
        sc->n_services++;
        if (!alloc_service(&sc->services[s], nc) ||
            !(sc->services[s].name = strdup(b->service_names[s])))
            return -1;
    }
    return 0;
}

int hsc__scn_collect(struct hsc__scn_build *b)
{
    struct hsc_scenario *sc = b->sc;
    size_t nc = member_count(b->cohorts), ns = member_count(b->services);
    sc->cohorts = calloc(nc ? nc : 1, sizeof *sc->cohorts);
    sc->services = calloc(ns ? ns : 1, sizeof *sc->services);
    b->cohort_names = calloc(nc ? nc : 1, sizeof *b->cohort_names);
    b->cohort_service = calloc(nc ? nc : 1, sizeof *b->cohort_service);
    b->service_names = calloc(ns ? ns : 1, sizeof *b->service_names);
    b->service_roles = calloc(ns ? ns : 1, sizeof *b->service_roles);
    b->role = calloc(ns ? ns : 1, sizeof *b->role);
    if (!sc->cohorts || !sc->services || !b->cohort_names || !b->cohort_service ||
        !b->service_names || !b->service_roles || !b->role ||
        collect_cohorts(b, nc, ns) != 0 || collect_services(b, nc, ns) != 0) {
        oom(b);
        return -1;
    }
    return 0;
}

void hsc__scn_build_fini(struct hsc__scn_build *b)
{
    free(b->cohort_names);
    free(b->cohort_service);
    free(b->service_names);
    free(b->service_roles);
    free(b->role);
    free(b->staff_names);
    free(b->option_ok);
    free(b->option_runs);
    free(b->portfolio_ok);
}

bool hsc__scn_check_entry(struct hsc__cfg_ctx *ctx, const config_setting_t *entry,
                          const char *noun)
{
    const char *name = config_setting_name(entry);
    bool ok = true;
    if (!hsc__cfg_is_identifier(name)) {
        hsc__cfg_error(ctx, entry,
                       "not a valid %s name (use a-z, 0-9 and _, starting with a letter)", noun);
        ok = false;
    } else if (strcmp(noun, "cohort") == 0 && strcmp(name, "default") == 0) {
        hsc__cfg_error(ctx, entry, "\"default\" cannot name a cohort (in per-cohort settings "
                                   "it means \"every cohort without its own entry\")");
        ok = false;
    }
    if (!config_setting_is_group(entry)) {
        hsc__cfg_error(ctx, entry, "expected a group (got %s)", hsc__cfg_type_name(entry));
        ok = false;
    }
    return ok;
}

/* The one service with role acute when a cohort names none, or -1 after
 * reporting (nothing when a typo of acute_service was already reported). */
static long default_acute(struct hsc__scn_build *b, const config_setting_t *cohort)
{
    size_t ns = b->sc->n_services;
    const char *known[MAX_KNOWN];
    size_t n_known = hsc__cfg_schema_names(&hsc__cfg_schema_cohort, 0, known, MAX_KNOWN);
    if (hsc__cfg_typo_of(cohort, known, n_known, "acute_service"))
        return -1;
    const char **acute = calloc(ns ? ns : 1, sizeof *acute);
    if (!acute) {
        oom(b);
        return -1;
    }
    size_t n_acute = 0;
    bool roles_known = ns > 0;
    for (size_t s = 0; s < ns; s++) {
        roles_known = roles_known && b->role[s] >= 0;
        if (b->role[s] == HSC_ROLE_ACUTE)
            acute[n_acute++] = b->service_names[s];
    }
    long found = n_acute == 1 ? hsc__scn_index(b->service_names, ns, acute[0]) : -1;
    char list[512];
    if (n_acute > 1) {
        hsc__cfg_join(acute, n_acute, list, sizeof list);
        hsc__cfg_error_in(b->ctx, cohort, "acute_service",
                          "missing (services %s all have role \"acute\"; name one)", list);
    } else if (n_acute == 0 && roles_known) {
        /* When a role is itself wrong, its own error says enough. */
        hsc__cfg_error_in(b->ctx, cohort, "acute_service",
                          "missing (no service has role \"acute\")");
    }
    free(acute);
    return found;
}

/* The acute service a cohort presents to, or -1 after reporting. */
static long resolve_acute(struct hsc__scn_build *b, const config_setting_t *cohort,
                          const struct hsc__cfg_value *val)
{
    if (!val->setting)
        return default_acute(b, cohort);
    if (!val->ok)
        return -1;
    size_t ns = b->sc->n_services;
    long s = hsc__scn_index(b->service_names, ns, val->s);
    if (s < 0) {
        /* Suggest acute services (and those whose role is itself wrong). */
        const char **acute = calloc(ns ? ns : 1, sizeof *acute);
        char hint[512] = "";
        for (size_t t = 0; acute && t < ns; t++)
            acute[t] = b->role[t] == HSC_ROLE_ACUTE || b->role[t] < 0 ? b->service_names[t] : NULL;
        if (acute)
            hsc__scn_hint(val->s, NULL, acute, ns, hint, sizeof hint);
        free(acute);
        hsc__cfg_error(b->ctx, val->setting, "unknown service \"%s\" (%s)", val->s, hint);
    } else if (b->role[s] >= 0 && b->role[s] != HSC_ROLE_ACUTE) {
        hsc__cfg_error(b->ctx, val->setting,
                       "service \"%s\" has role \"%s\" (expected a service whose role is "
                       "\"acute\")", val->s, b->service_roles[s]);
        s = -1;
    }
    return s;
}

static void read_cohort(struct hsc__scn_build *b, size_t c, const config_setting_t *entry)
{
    if (!hsc__scn_check_entry(b->ctx, entry, "cohort"))
        return;
    struct hsc__cfg_value vals[HSC__COHORT_N];
    hsc__cfg_read_group(b->ctx, entry, &hsc__cfg_schema_cohort, vals);
    b->cohort_service[c] = resolve_acute(b, entry, &vals[HSC__COHORT_ACUTE_SERVICE]);
    if (b->cohort_service[c] >= 0)
        b->sc->cohorts[c].acute_service = (size_t)b->cohort_service[c];
    hsc__scn_read_demand(b, c, entry, vals);
    hsc__scn_read_pathway(b, c, entry, vals);
    /* A group not ok is absent, or its error is reported. */
    if (vals[HSC__COHORT_DISCHARGE_DELAYS].ok)
        hsc__scn_read_delays_into(b, &b->sc->cohorts[c],
                                  vals[HSC__COHORT_DISCHARGE_DELAYS].setting);
    if (vals[HSC__COHORT_ASSESS_AFTER].ok)
        hsc__scn_read_assess_after_into(b, &b->sc->cohorts[c],
                                        vals[HSC__COHORT_ASSESS_AFTER].setting);
    hsc__scn_read_cohort_levers(b, c, vals);
    hsc__scn_read_local_variants(b, c, vals);
}

/* An empty cohorts or services group is an error at the group. */
static bool check_not_empty(struct hsc__scn_build *b, const config_setting_t *group,
                            const char *noun)
{
    if (!group || config_setting_length(group) > 0)
        return group != NULL;
    hsc__cfg_error(b->ctx, group, "must define at least one %s", noun);
    return false;
}

void hsc__scn_read_entities(struct hsc__scn_build *b)
{
    if (check_not_empty(b, b->cohorts, "cohort"))
        for (size_t c = 0; c < b->sc->n_cohorts && !hsc__cfg_stop(b->ctx); c++)
            read_cohort(b, c, config_setting_get_elem(b->cohorts, (unsigned)c));
    if (check_not_empty(b, b->services, "service"))
        for (size_t s = 0; s < b->sc->n_services && !hsc__cfg_stop(b->ctx); s++)
            hsc__scn_read_service(b, s, config_setting_get_elem(b->services, (unsigned)s));
    if (!hsc__cfg_stop(b->ctx))
        hsc__scn_resolve_assessments(b);
    if (!hsc__cfg_stop(b->ctx))
        hsc__scn_resolve_bridging(b);
}
