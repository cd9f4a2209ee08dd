/*
 * Cohorts and services: names, per-entity settings, and the references
 * between them (a cohort's acute service; a service's duration per cohort,
 * with "default" for cohorts without their own entry).
 *
 * Which kinds and roles this version can simulate is the schema's business
 * (cfg_schema.c); cross references are checked here.
 */
#include <stdlib.h>
#include <string.h>

#include "config/cfg_dist.h"
#include "config/cfg_read.h"
#include "config/cfg_schema.h"
#include "config/scenario_build.h"

#define MAX_NAMES 64

static long index_of(const char *const *names, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i], name) == 0)
            return (long)i;
    return -1;
}

static bool is_role(const char *name)
{
    return name && index_of(hsc__cfg_role_names, HSC_ROLE_COUNT, name) >= 0;
}

static size_t member_count(const config_setting_t *group)
{
    return group && config_setting_is_group(group) ? (size_t)config_setting_length(group) : 0;
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
    if (!sc->cohorts || !sc->services || !b->cohort_names || !b->cohort_service ||
        !b->service_names || !b->service_roles)
        goto oom;
    for (size_t c = 0; c < nc; c++) {
        b->cohort_names[c] = config_setting_name(config_setting_get_elem(b->cohorts, (unsigned)c));
        b->cohort_service[c] = -1;
        if (!(sc->cohorts[c].name = strdup(b->cohort_names[c])))
            goto oom;
        sc->n_cohorts++;
    }
    for (size_t s = 0; s < ns; s++) {
        const config_setting_t *svc = config_setting_get_elem(b->services, (unsigned)s);
        const config_setting_t *role = config_setting_get_member(svc, "role");
        b->service_names[s] = config_setting_name(svc);
        if (role && config_setting_type(role) == CONFIG_TYPE_STRING)
            b->service_roles[s] = config_setting_get_string(role);
        sc->services[s].max_queue = -1;
        sc->services[s].duration = calloc(nc ? nc : 1, sizeof *sc->services[s].duration);
        sc->services[s].name = strdup(b->service_names[s]);
        sc->n_services++;
        if (!sc->services[s].duration || !sc->services[s].name)
            goto oom;
    }
    return 0;
oom:
    hsc__cfg_error_at(b->ctx, b->ctx->path, 0, NULL, "out of memory loading the scenario");
    return -1;
}

void hsc__scn_build_fini(struct hsc__scn_build *b)
{
    free(b->cohort_names);
    free(b->cohort_service);
    free(b->service_names);
    free(b->service_roles);
}

/* Checks the name and shape of a cohort or service entry. */
static bool check_entry(struct hsc__cfg_ctx *ctx, const config_setting_t *entry, const char *noun)
{
    const char *name = config_setting_name(entry);
    bool ok = true;
    if (!hsc__cfg_is_identifier(name)) {
        hsc__cfg_error(ctx, entry,
                       "not a valid %s name (use a-z, 0-9 and _, starting with a letter)", noun);
        ok = false;
    } else if (strcmp(noun, "cohort") == 0 && strcmp(name, "default") == 0) {
        hsc__cfg_error(ctx, entry, "\"default\" cannot name a cohort (in durations it means "
                                   "\"every cohort without its own entry\")");
        ok = false;
    }
    if (!config_setting_is_group(entry)) {
        hsc__cfg_error(ctx, entry, "expected a group (got %s)", hsc__cfg_type_name(entry));
        ok = false;
    }
    return ok;
}

/* The acute service a cohort presents to, or -1 after reporting. */
static long resolve_acute(struct hsc__scn_build *b, const config_setting_t *cohort,
                          const struct hsc__cfg_value *val)
{
    size_t ns = b->sc->n_services;
    char list[512];
    if (val->setting) {
        if (!val->ok)
            return -1;
        long s = index_of(b->service_names, ns, val->s);
        if (s < 0) {
            hsc__cfg_hint(val->s, b->service_names, ns, list, sizeof list);
            hsc__cfg_error(b->ctx, val->setting, "unknown service \"%s\" (%s)", val->s, list);
        } else if (is_role(b->service_roles[s]) && strcmp(b->service_roles[s], "acute") != 0) {
            hsc__cfg_error(b->ctx, val->setting,
                           "service \"%s\" has role \"%s\" (expected a service whose role is "
                           "\"acute\")", val->s, b->service_roles[s]);
            s = -1;
        }
        return s;
    }
    const char *known[MAX_NAMES];
    size_t n_known = hsc__cfg_schema_names(&hsc__cfg_schema_cohort, 0, known, MAX_NAMES);
    if (hsc__cfg_typo_of(cohort, known, n_known, "acute_service"))
        return -1;
    const char *acute[MAX_NAMES];
    size_t n_acute = 0;
    bool roles_known = ns > 0;
    for (size_t s = 0; s < ns; s++) {
        roles_known = roles_known && is_role(b->service_roles[s]);
        if (b->service_roles[s] && strcmp(b->service_roles[s], "acute") == 0 && n_acute < MAX_NAMES)
            acute[n_acute++] = b->service_names[s];
    }
    if (n_acute == 1)
        return index_of(b->service_names, ns, acute[0]);
    if (n_acute > 1) {
        hsc__cfg_join(acute, n_acute, list, sizeof list);
        hsc__cfg_error_in(b->ctx, cohort, "acute_service",
                          "missing (services %s all have role \"acute\"; name one)", list);
    } else if (roles_known) {
        /* When a role is itself wrong, its own error says enough. */
        hsc__cfg_error_in(b->ctx, cohort, "acute_service",
                          "missing (no service has role \"acute\")");
    }
    return -1;
}

static void read_cohort(struct hsc__scn_build *b, size_t c, const config_setting_t *entry)
{
    if (!check_entry(b->ctx, entry, "cohort") || !config_setting_is_group(entry))
        return;
    struct hsc__cfg_value vals[HSC__COHORT_N];
    hsc__cfg_read_group(b->ctx, entry, &hsc__cfg_schema_cohort, vals);
    if (vals[HSC__COHORT_EMERGENCY_PER_DAY].ok)
        b->sc->cohorts[c].emergency_per_day = vals[HSC__COHORT_EMERGENCY_PER_DAY].d;
    b->cohort_service[c] = resolve_acute(b, entry, &vals[HSC__COHORT_ACUTE_SERVICE]);
    if (b->cohort_service[c] >= 0)
        b->sc->cohorts[c].acute_service = (size_t)b->cohort_service[c];
}

/* Reads one duration entry into *dist (its key is a cohort or "default");
 * returns the cohort index, n_cohorts for "default", or -1 if unknown. */
static long read_duration_entry(struct hsc__scn_build *b, const config_setting_t *entry,
                                struct hsc_service *svc, struct hsc_dist *fallback)
{
    size_t nc = b->sc->n_cohorts;
    const char *name = config_setting_name(entry);
    if (strcmp(name, "default") == 0) {
        hsc__cfg_read_dist(b->ctx, entry, fallback);
        return (long)nc;
    }
    long c = index_of(b->cohort_names, nc, name);
    if (c < 0) {
        const char *known[MAX_NAMES + 1];
        size_t n = 0;
        for (; n < nc && n < MAX_NAMES; n++)
            known[n] = b->cohort_names[n];
        known[n++] = "default";
        char hint[512];
        hsc__cfg_hint(name, known, n, hint, sizeof hint);
        hsc__cfg_error(b->ctx, entry, "unknown cohort \"%s\" (%s)", name, hint);
        return -1;
    }
    hsc__cfg_read_dist(b->ctx, entry, &svc->duration[c]);
    return c;
}

static void read_durations(struct hsc__scn_build *b, size_t s, const config_setting_t *group)
{
    struct hsc_service *svc = &b->sc->services[s];
    size_t nc = b->sc->n_cohorts;
    bool *has_entry = calloc(nc + 1, sizeof *has_entry); /* [nc] = "default" */
    if (!has_entry) {
        hsc__cfg_error(b->ctx, group, "out of memory");
        return;
    }
    struct hsc_dist fallback = {0};
    for (int i = 0; i < config_setting_length(group) && !hsc__cfg_stop(b->ctx); i++) {
        long c = read_duration_entry(b, config_setting_get_elem(group, (unsigned)i), svc,
                                     &fallback);
        if (c >= 0)
            has_entry[c] = true;
    }
    for (size_t c = 0; c < nc && !hsc__cfg_stop(b->ctx); c++) {
        if (b->cohort_service[c] == (long)s && !has_entry[c] && !has_entry[nc])
            hsc__cfg_error(b->ctx, group,
                           "no duration for cohort \"%s\" (add an entry \"%s\" or \"default\")",
                           b->cohort_names[c], b->cohort_names[c]);
        if (!has_entry[c] && fallback.kind != HSC_DIST_NONE &&
            hsc_dist_copy(&svc->duration[c], &fallback) != 0)
            hsc__cfg_error(b->ctx, group, "out of memory");
    }
    hsc_dist_fini(&fallback);
    free(has_entry);
}

static void read_service(struct hsc__scn_build *b, size_t s, const config_setting_t *entry)
{
    if (!check_entry(b->ctx, entry, "service") || !config_setting_is_group(entry))
        return;
    struct hsc_service *svc = &b->sc->services[s];
    struct hsc__cfg_value vals[HSC__SERVICE_N];
    hsc__cfg_read_group(b->ctx, entry, &hsc__cfg_schema_service, vals);
    /* The schema lets only kind "beds" and role "acute" through for now. */
    if (vals[HSC__SERVICE_KIND].ok)
        svc->kind = (enum hsc_kind)vals[HSC__SERVICE_KIND].choice;
    if (vals[HSC__SERVICE_ROLE].ok)
        svc->role = (enum hsc_role)vals[HSC__SERVICE_ROLE].choice;
    if (vals[HSC__SERVICE_CAPACITY].ok)
        svc->capacity = vals[HSC__SERVICE_CAPACITY].i;
    if (vals[HSC__SERVICE_MAX_QUEUE].ok)
        svc->max_queue = vals[HSC__SERVICE_MAX_QUEUE].i;
    if (vals[HSC__SERVICE_DURATION].ok)
        read_durations(b, s, vals[HSC__SERVICE_DURATION].setting);
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
            read_service(b, s, config_setting_get_elem(b->services, (unsigned)s));
}
