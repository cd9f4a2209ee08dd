/*
 * The scenario's levers: a cohort's population growth, elective rebooking
 * and step-up (admission avoidance) offer; a service's maximum wait for a
 * bed, capacity split by locality (with overflow) and bridging of hospital
 * waiters through an interim service.
 *
 * Defaults keep a scenario without these settings exactly as it was: they
 * are set where cohorts and services are allocated (scenario_entities.c);
 * here only settings that are present change them. Which kind or role may
 * have a setting is decided in scenario_services.c, before these run.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hscflow/calendar.h"

#include "cfg_dist.h"
#include "cfg_schema.h"
#include "scenario_build.h"

#define SUM_TOLERANCE 1e-9
#define HOURS_PER_DAY 24.0

/* Names of the services whose role is `role` (others NULL), for hints;
 * NULL when memory runs out. The caller frees. */
static const char **services_with_role(const struct hsc__scn_build *b, int role, size_t self)
{
    size_t ns = b->sc->n_services;
    const char **names = calloc(ns ? ns : 1, sizeof *names);
    for (size_t s = 0; names && s < ns; s++) {
        bool fits = role >= 0 ? b->role[s] == role : hsc__scn_is_community(b, s);
        names[s] = fits && s != self ? b->service_names[s] : NULL;
    }
    return names;
}

/* Reports an unknown service, suggesting those with `role` (-1: community
 * services other than `self`). */
static void unknown_service(struct hsc__scn_build *b, const config_setting_t *setting,
                            const char *name, int role, size_t self)
{
    const char **names = services_with_role(b, role, self);
    char hint[512] = "";
    if (names)
        hsc__scn_hint(name, NULL, names, b->sc->n_services, hint, sizeof hint);
    free(names);
    hsc__cfg_error(b->ctx, setting, "unknown service \"%s\" (%s)", name, hint);
}

/* Item i of step_up.services: the index of a step_up service, or -1 (after
 * reporting, unless the named service's own role is wrong). */
static long step_up_service(struct hsc__scn_build *b, const config_setting_t *item)
{
    const char *name = config_setting_get_string(item);
    long s = hsc__scn_index(b->service_names, b->sc->n_services, name);
    if (s < 0) {
        unknown_service(b, item, name, HSC_ROLE_STEP_UP, HSC_NO_INDEX);
        return -1;
    }
    if (b->role[s] >= 0 && b->role[s] != HSC_ROLE_STEP_UP) {
        hsc__cfg_error(b->ctx, item, "service \"%s\" has role \"%s\" (expected a service whose "
                                     "role is \"step_up\")", name, b->service_roles[s]);
        return -1;
    }
    return b->role[s] == HSC_ROLE_STEP_UP ? s : -1;
}

/* Reads `step_up` into the cohort: the share offered, and the services
 * offered in the order they are listed. */
void hsc__scn_read_step_up(struct hsc__scn_build *b, struct hsc_cohort *cohort,
                           const config_setting_t *group)
{
    struct hsc__cfg_value v[HSC__STEP_UP_N];
    hsc__cfg_read_group(b->ctx, group, &hsc__cfg_schema_step_up, v);
    if (v[HSC__STEP_UP_SHARE].ok)
        cohort->step_up_share = v[HSC__STEP_UP_SHARE].d;
    const struct hsc__cfg_value *list = &v[HSC__STEP_UP_SERVICES];
    if (!list->ok)
        return;
    size_t n = (size_t)config_setting_length(list->setting);
    size_t *services = calloc(n, sizeof *services);
    if (!services) {
        hsc__cfg_error(b->ctx, list->setting, "out of memory");
        return;
    }
    bool ok = true;
    for (size_t i = 0; i < n; i++) {
        long s = step_up_service(b, config_setting_get_elem(list->setting, (unsigned)i));
        services[i] = s >= 0 ? (size_t)s : HSC_NO_INDEX;
        ok = ok && s >= 0;
    }
    if (!ok) {
        free(services);
        return;
    }
    cohort->n_step_up = n;
    cohort->step_up = services;
}

void hsc__scn_read_cohort_levers(struct hsc__scn_build *b, size_t c,
                                 const struct hsc__cfg_value *vals)
{
    struct hsc_cohort *cohort = &b->sc->cohorts[c];
    if (vals[HSC__COHORT_GROWTH].ok)
        cohort->growth_per_year = vals[HSC__COHORT_GROWTH].d;
    if (vals[HSC__COHORT_REBOOK_DAYS].ok)
        cohort->elective_rebook_days = vals[HSC__COHORT_REBOOK_DAYS].d;
    if (vals[HSC__COHORT_STEP_UP].ok)
        hsc__scn_read_step_up(b, cohort, vals[HSC__COHORT_STEP_UP].setting);
    if (vals[HSC__COHORT_COMMUNITY_DEATHS].ok)
        cohort->community_deaths_per_day = vals[HSC__COHORT_COMMUNITY_DEATHS].d / HSC_DAYS_PER_YEAR;
}

/* Reads `localities` (capacity shares by locality) into svc. */
static void read_locality_shares(struct hsc__scn_build *b, struct hsc_service *svc,
                                 const config_setting_t *group)
{
    const struct hsc_scenario *sc = b->sc;
    if (!b->localities_ok)
        return; /* the names cannot be judged; `localities` has its own error */
    double *shares = calloc(sc->n_localities, sizeof *shares);
    if (!shares) {
        hsc__cfg_error(b->ctx, group, "out of memory");
        return;
    }
    double sum;
    bool ok = hsc__scn_locality_map(b, group, "services.*.localities", shares, &sum);
    if (ok && fabs(sum - 1.0) > SUM_TOLERANCE) {
        char text[64];
        hsc__cfg_format_sum(sum, text, sizeof text);
        hsc__cfg_error(b->ctx, group, "must sum to 1 (sum is %s)", text);
        ok = false;
    }
    if (ok)
        svc->locality_share = shares;
    else
        free(shares);
}

/* `overflow` only means something with a split by locality. */
static void read_overflow(struct hsc__scn_build *b, struct hsc_service *svc,
                          const config_setting_t *entry, const struct hsc__cfg_value *vals)
{
    const struct hsc__cfg_value *overflow = &vals[HSC__SERVICE_OVERFLOW];
    if (!overflow->ok)
        return;
    const char *known[HSC__SERVICE_N];
    size_t n_known = hsc__cfg_schema_names(&hsc__cfg_schema_service, 0, known, HSC__SERVICE_N);
    if (!vals[HSC__SERVICE_LOCALITIES].setting) {
        if (!hsc__cfg_typo_of(entry, known, n_known, "localities"))
            hsc__cfg_error(b->ctx, overflow->setting,
                           "needs services.%s.localities (overflow lets people use another "
                           "locality's share of the capacity when their own is full)",
                           svc->name);
        return;
    }
    svc->overflow = overflow->b;
}

/* Resolves bridging.via of service s; returns false after reporting
 * (nothing when the named service's own role is wrong). */
static bool bridge_target(struct hsc__scn_build *b, size_t s, const struct hsc__cfg_value *via)
{
    long v = hsc__scn_index(b->service_names, b->sc->n_services, via->s);
    if (v < 0) {
        unknown_service(b, via->setting, via->s, -1, s);
        return false;
    }
    if (b->role[v] < 0)
        return false;
    if (!hsc__scn_is_community(b, (size_t)v)) {
        hsc__cfg_error(b->ctx, via->setting, "service \"%s\" has role \"%s\" (expected an interim "
                                             "service whose role is neither \"acute\" nor "
                                             "\"assessment\")", via->s, b->service_roles[v]);
        return false;
    }
    if ((size_t)v == s) {
        hsc__cfg_error(b->ctx, via->setting, "service \"%s\" cannot bridge to itself (name an "
                                             "interim service)", via->s);
        return false;
    }
    b->sc->services[s].bridge_via = (size_t)v;
    return true;
}

static void read_bridging(struct hsc__scn_build *b, size_t s, const config_setting_t *group)
{
    struct hsc__cfg_value v[HSC__BRIDGING_N];
    hsc__cfg_read_group(b->ctx, group, &hsc__cfg_schema_bridging, v);
    if (v[HSC__BRIDGING_VIA].ok)
        bridge_target(b, s, &v[HSC__BRIDGING_VIA]);
    if (v[HSC__BRIDGING_AFTER_DAYS].ok)
        b->sc->services[s].bridge_after_days = v[HSC__BRIDGING_AFTER_DAYS].d;
}

/* The service named by `to` for people waiting at home for service s
 * (their alternative on giving up, or their interim support): another
 * community service; -1 after reporting. */
static long home_wait_target(struct hsc__scn_build *b, size_t s, const struct hsc__cfg_value *to,
                             const char *what)
{
    long t = hsc__scn_index(b->service_names, b->sc->n_services, to->s);
    if (t < 0) {
        unknown_service(b, to->setting, to->s, -1, s);
        return -1;
    }
    if (b->role[t] < 0)
        return -1;
    if (!hsc__scn_is_community(b, (size_t)t) || (size_t)t == s) {
        hsc__cfg_error(b->ctx, to->setting, "service \"%s\" cannot %s \"%s\" (expected another "
                                            "service whose role is neither \"acute\" nor "
                                            "\"assessment\")",
                       to->s, what, b->service_names[s]);
        return -1;
    }
    return t;
}

/* One cohort's (or the default) entry of waiting_at_home. */
static void read_home_wait(struct hsc__scn_build *b, size_t s, const config_setting_t *entry,
                           struct hsc_home_wait *wait)
{
    *wait = (struct hsc_home_wait){.give_up_to = HSC_NO_INDEX, .interim = HSC_NO_INDEX};
    if (!config_setting_is_group(entry)) {
        hsc__cfg_error(b->ctx, entry, "expected a group (got %s)", hsc__cfg_type_name(entry));
        return;
    }
    struct hsc__cfg_value v[HSC__HOME_WAIT_N];
    hsc__cfg_read_group(b->ctx, entry, &hsc__cfg_schema_home_wait, v);
    if (v[HSC__HOME_WAIT_PATIENCE].ok)
        hsc__cfg_read_dist(b->ctx, v[HSC__HOME_WAIT_PATIENCE].setting, &wait->patience);
    long t;
    if (v[HSC__HOME_WAIT_GIVE_UP_TO].ok &&
        (t = home_wait_target(b, s, &v[HSC__HOME_WAIT_GIVE_UP_TO],
                              "take people who give up waiting for")) >= 0)
        wait->give_up_to = (size_t)t;
    if (v[HSC__HOME_WAIT_INTERIM].ok &&
        (t = home_wait_target(b, s, &v[HSC__HOME_WAIT_INTERIM],
                              "give interim support to people waiting for")) >= 0)
        wait->interim = (size_t)t;
    if (v[HSC__HOME_WAIT_PRESENTATIONS].ok)
        wait->presentations_per_day = v[HSC__HOME_WAIT_PRESENTATIONS].d / HSC_DAYS_PER_YEAR;
    if (v[HSC__HOME_WAIT_DEATHS].ok)
        wait->deaths_per_day = v[HSC__HOME_WAIT_DEATHS].d / HSC_DAYS_PER_YEAR;
}

static void read_home_waits(struct hsc__scn_build *b, size_t s, const config_setting_t *group)
{
    size_t nc = b->sc->n_cohorts;
    struct hsc_service *svc = &b->sc->services[s];
    svc->home_wait = calloc(nc + 1, sizeof *svc->home_wait); /* [nc] = "default" */
    bool *given = calloc(nc + 1, sizeof *given);
    if (!svc->home_wait || !given) {
        hsc__cfg_error(b->ctx, group, "out of memory");
        free(given);
        return;
    }
    for (size_t c = 0; c <= nc; c++)
        svc->home_wait[c].give_up_to = svc->home_wait[c].interim = HSC_NO_INDEX;
    for (int i = 0; i < config_setting_length(group) && !hsc__cfg_stop(b->ctx); i++) {
        const config_setting_t *entry = config_setting_get_elem(group, (unsigned)i);
        long c = hsc__scn_cohort_entry(b, entry);
        if (c < 0)
            continue;
        given[c] = true;
        read_home_wait(b, s, entry, &svc->home_wait[c]);
    }
    /* Cohorts without an entry take the default's (a copy of its distribution). */
    for (size_t c = 0; c < nc && given[nc]; c++)
        if (!given[c] && hsc_dist_copy(&svc->home_wait[c].patience,
                                       &svc->home_wait[nc].patience) == 0) {
            struct hsc_dist patience = svc->home_wait[c].patience;
            svc->home_wait[c] = svc->home_wait[nc];
            svc->home_wait[c].patience = patience;
        }
    hsc_dist_fini(&svc->home_wait[nc].patience);
    free(given);
}

void hsc__scn_read_service_levers(struct hsc__scn_build *b, size_t s,
                                  const config_setting_t *entry,
                                  const struct hsc__cfg_value *vals)
{
    struct hsc_service *svc = &b->sc->services[s];
    if (vals[HSC__SERVICE_MAX_WAIT_HOURS].ok)
        svc->max_wait_days = vals[HSC__SERVICE_MAX_WAIT_HOURS].d / HOURS_PER_DAY;
    if (vals[HSC__SERVICE_LOCALITIES].ok)
        read_locality_shares(b, svc, vals[HSC__SERVICE_LOCALITIES].setting);
    read_overflow(b, svc, entry, vals);
    if (vals[HSC__SERVICE_BRIDGING].ok)
        read_bridging(b, s, vals[HSC__SERVICE_BRIDGING].setting);
    if (vals[HSC__SERVICE_HOLD_DAYS].ok)
        svc->hold_days = vals[HSC__SERVICE_HOLD_DAYS].d;
    if (vals[HSC__SERVICE_HOLD_REASSESS].ok)
        svc->hold_reassess = vals[HSC__SERVICE_HOLD_REASSESS].b;
    if (vals[HSC__SERVICE_QUEUE_ORDER].ok)
        svc->arrival_order = vals[HSC__SERVICE_QUEUE_ORDER].choice == HSC__QUEUE_ARRIVAL;
    if (vals[HSC__SERVICE_WAITING_AT_HOME].ok)
        read_home_waits(b, s, vals[HSC__SERVICE_WAITING_AT_HOME].setting);
}

void hsc__scn_resolve_bridging(struct hsc__scn_build *b)
{
    const struct hsc_scenario *sc = b->sc;
    for (size_t s = 0; s < sc->n_services && !hsc__cfg_stop(b->ctx); s++) {
        size_t via = sc->services[s].bridge_via;
        if (via == HSC_NO_INDEX || via > s || sc->services[via].bridge_via != s)
            continue;
        /* Found at the later of the two, so the pair is reported once. */
        const config_setting_t *entry = config_setting_get_elem(b->services, (unsigned)s);
        const config_setting_t *setting =
            config_setting_get_member(config_setting_get_member(entry, "bridging"), "via");
        hsc__cfg_error(b->ctx, setting, "service \"%s\" is itself bridged to \"%s\" (bridging "
                                        "cannot go both ways)", sc->services[via].name,
                       sc->services[s].name);
    }
}
