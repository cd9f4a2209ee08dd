/*
 * Where people go next: a cohort's discharge shares at readiness, its
 * readmission probabilities by destination and the time to readmission,
 * and each community service's exits per cohort.
 *
 * Shares are never rescaled: they must sum to 1 within 1e-9, and the sum is
 * reported as the distribution code reports it. Zero shares are dropped
 * from the routes, which keep the file's order.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cfg_dist.h"
#include "cfg_schema.h"
#include "scenario_build.h"

#define SUM_TOLERANCE 1e-9
#define READMISSION_WINDOW 28.0

enum route_use { USE_DISCHARGE, USE_EXIT, USE_READMISSION, USE_DELAY, USE_ASSESS_AFTER };

/* Value patterns in the schema, by use (a delay's depends on its code). */
static const char *const value_pattern[] = {
    [USE_DISCHARGE] = "cohorts.*.discharge",
    [USE_EXIT] = "services.*.exits.*",
    [USE_READMISSION] = "cohorts.*.readmission_28d",
    [USE_DELAY] = NULL,
    [USE_ASSESS_AFTER] = "cohorts.*.assess_after_discharge",
};

/* Names that are not services, by use (NULL-terminated). */
static const char *const discharge_words[] = {"home", NULL};
static const char *const exit_words[] = {"home", "death", "hospital", NULL};
static const char *const readmission_words[] = {"home", "default", NULL};
static const char *const *const words[] = {
    [USE_DISCHARGE] = discharge_words,
    [USE_EXIT] = exit_words,
    [USE_READMISSION] = readmission_words,
    [USE_DELAY] = readmission_words,
    [USE_ASSESS_AFTER] = readmission_words,
};

/* Why an acute or assessment service cannot be named, by use and role. */
static const char *role_why(enum route_use use, int role)
{
    switch (use) {
    case USE_EXIT:
        return role == HSC_ROLE_ACUTE ? "use \"hospital\" for an emergency presentation"
                                      : "only discharges from acute are assessed";
    case USE_READMISSION:
        return "readmissions are by discharge destination: \"home\", a service whose role is "
               "neither \"acute\" nor \"assessment\", or \"default\"";
    case USE_DELAY:
        return "delays are by discharge destination: \"home\", a service whose role is "
               "neither \"acute\" nor \"assessment\", or \"default\"";
    case USE_ASSESS_AFTER:
        return "discharge to assess is by discharge destination: a service whose role is "
               "neither \"acute\" nor \"assessment\", or \"default\"";
    case USE_DISCHARGE:
        break;
    }
    return role == HSC_ROLE_ACUTE
               ? "a discharge goes \"home\" or to a service whose role is neither \"acute\" "
                 "nor \"assessment\""
               : "name where people go after it: every discharge other than \"home\" is "
                 "assessed first";
}

static void unknown_destination(struct hsc__scn_build *b, const config_setting_t *member,
                                enum route_use use, size_t self)
{
    size_t ns = b->sc->n_services;
    const char **targets = calloc(ns ? ns : 1, sizeof *targets);
    char hint[512] = "";
    const char *name = config_setting_name(member);
    if (targets) {
        for (size_t s = 0; s < ns; s++)
            targets[s] = hsc__scn_is_community(b, s) && s != self ? b->service_names[s] : NULL;
        hsc__scn_hint(name, words[use], targets, ns, hint, sizeof hint);
        free(targets);
    }
    hsc__cfg_error(b->ctx, member, "unknown destination \"%s\" (%s)", name, hint);
}

/* Resolves the key of one share. Returns false when it cannot be used
 * (reported, unless the named service's own role is wrong). */
static bool route_target(struct hsc__scn_build *b, const config_setting_t *member,
                         enum route_use use, size_t self, struct hsc_route *route)
{
    const char *name = config_setting_name(member);
    *route = (struct hsc_route){.service = HSC_NO_INDEX};
    size_t n_words = 0;
    while (words[use][n_words])
        n_words++;
    long word = hsc__scn_index(words[use], n_words, name);
    if (word >= 0) {
        static const enum hsc_route_kind kinds[] = {HSC_ROUTE_HOME, HSC_ROUTE_DEATH,
                                                    HSC_ROUTE_HOSPITAL};
        route->kind = use == USE_EXIT ? kinds[word] : HSC_ROUTE_HOME;
        return true;
    }
    long s = hsc__scn_index(b->service_names, b->sc->n_services, name);
    if (s < 0) {
        unknown_destination(b, member, use, self);
        return false;
    }
    if (b->role[s] < 0)
        return false;
    if (!hsc__scn_is_community(b, (size_t)s)) {
        hsc__cfg_error(b->ctx, member, "service \"%s\" has role \"%s\" (%s)", name,
                       b->service_roles[s], role_why(use, b->role[s]));
        return false;
    }
    if ((size_t)s == self) {
        hsc__cfg_error(b->ctx, member, "service \"%s\" cannot be an exit of itself", name);
        return false;
    }
    route->kind = HSC_ROUTE_SERVICE;
    route->service = (size_t)s;
    return true;
}

void hsc__scn_routes_fini(struct hsc_routes *routes)
{
    free(routes->routes);
    memset(routes, 0, sizeof *routes);
}

/* Reads a group of shares (discharge, or one exits entry) into *out.
 * `self` is the service whose exits these are (HSC_NO_INDEX for a
 * discharge). Returns false after reporting. */
static bool read_routes(struct hsc__scn_build *b, const config_setting_t *group,
                        enum route_use use, size_t self, struct hsc_routes *out)
{
    size_t n = (size_t)config_setting_length(group);
    struct hsc_route *routes = calloc(n ? n : 1, sizeof *routes);
    if (!routes) {
        hsc__cfg_error(b->ctx, group, "out of memory");
        return false;
    }
    bool ok = true;
    double sum = 0.0;
    size_t used = 0;
    for (size_t i = 0; i < n && !hsc__cfg_stop(b->ctx); i++) {
        const config_setting_t *member = config_setting_get_elem(group, (unsigned)i);
        struct hsc__cfg_value val;
        if (!route_target(b, member, use, self, &routes[used]) ||
            !hsc__scn_map_value(b, member, value_pattern[use], &val)) {
            ok = false;
            continue;
        }
        sum += val.d;
        routes[used].probability = val.d;
        used += val.d > 0;
    }
    if (ok && !(fabs(sum - 1.0) <= SUM_TOLERANCE)) {
        char text[32];
        hsc__cfg_format_sum(sum, text, sizeof text);
        hsc__cfg_error(b->ctx, group, "must sum to 1 (sum is %s)", text);
        ok = false;
    }
    if (!ok) {
        free(routes);
        return false;
    }
    *out = (struct hsc_routes){.n = used, .routes = routes};
    return true;
}

/* Reads numbers by discharge destination (NULL = absent: all 0) into
 * values[1 + n_services]: [0] home, [1 + s] service s; the "default" entry
 * gives the destinations not named, else 0. */
static void read_by_destination(struct hsc__scn_build *b, const config_setting_t *group,
                                enum route_use use, const char *pattern, double *values)
{
    size_t ns = b->sc->n_services;
    bool *given = calloc(1 + ns, sizeof *given);
    if (!given) {
        hsc__cfg_error(b->ctx, group, "out of memory");
        return;
    }
    double fallback = 0.0;
    for (int i = 0; group && i < config_setting_length(group) && !hsc__cfg_stop(b->ctx); i++) {
        const config_setting_t *member = config_setting_get_elem(group, (unsigned)i);
        bool is_default = strcmp(config_setting_name(member), "default") == 0;
        struct hsc_route route;
        struct hsc__cfg_value val;
        if ((!is_default && !route_target(b, member, use, HSC_NO_INDEX, &route)) ||
            !hsc__scn_map_value(b, member, pattern, &val))
            continue;
        if (is_default) {
            fallback = val.d;
            continue;
        }
        size_t slot = route.kind == HSC_ROUTE_HOME ? 0 : 1 + route.service;
        values[slot] = val.d;
        given[slot] = true;
    }
    for (size_t slot = 0; slot < 1 + ns; slot++)
        if (!given[slot])
            values[slot] = fallback;
    free(given);
}

void hsc__scn_read_discharge(struct hsc__scn_build *b, const config_setting_t *group,
                             struct hsc_routes *routes)
{
    read_routes(b, group, USE_DISCHARGE, HSC_NO_INDEX, routes);
}

void hsc__scn_read_readmission(struct hsc__scn_build *b, const config_setting_t *group,
                               double *values)
{
    read_by_destination(b, group, USE_READMISSION, value_pattern[USE_READMISSION], values);
}

void hsc__scn_read_delay_shares(struct hsc__scn_build *b, const config_setting_t *group,
                                const char *pattern, double *shares)
{
    read_by_destination(b, group, USE_DELAY, pattern, shares);
}

void hsc__scn_read_assess_shares(struct hsc__scn_build *b, const config_setting_t *group,
                                 double *shares)
{
    read_by_destination(b, group, USE_ASSESS_AFTER, value_pattern[USE_ASSESS_AFTER], shares);
}

static bool within_window_kind(enum hsc_dist_kind kind)
{
    return kind == HSC_DIST_FIXED || kind == HSC_DIST_UNIFORM || kind == HSC_DIST_TRIANGULAR ||
           kind == HSC_DIST_EMPIRICAL || kind == HSC_DIST_HISTOGRAM;
}

/* The largest number of a (valid) parameter: the value, or its largest item. */
static double largest(const config_setting_t *param)
{
    if (!config_setting_is_aggregate(param))
        return config_setting_type(param) == CONFIG_TYPE_FLOAT
                   ? config_setting_get_float(param)
                   : (double)config_setting_get_int64(param);
    double most = -INFINITY;
    for (int i = 0; i < config_setting_length(param); i++)
        most = fmax(most, largest(config_setting_get_elem(param, (unsigned)i)));
    return most;
}

/* A readmission comes within 28 days: the kind must be bounded and its
 * upper bound (value, max, values or the last edge) at most 28. */
static void read_readmission_days(struct hsc__scn_build *b, struct hsc_cohort *cohort,
                                  const config_setting_t *group)
{
    const config_setting_t *kind = config_setting_get_member(group, "dist");
    enum hsc_dist_kind k = kind && config_setting_type(kind) == CONFIG_TYPE_STRING
                               ? hsc_dist_kind_from_name(config_setting_get_string(kind))
                               : HSC_DIST_NONE;
    if (k != HSC_DIST_NONE && !within_window_kind(k)) {
        hsc__cfg_error(b->ctx, kind, "must be one of fixed, uniform, triangular, empirical, "
                                     "histogram (a readmission comes within 28 days; got "
                                     "\"%s\")", hsc_dist_kind_name(k));
        return;
    }
    if (hsc__cfg_read_dist(b->ctx, group, &cohort->readmission_days) != 0)
        return;
    static const char *const bound_param[] = {
        [HSC_DIST_FIXED] = "value", [HSC_DIST_UNIFORM] = "max", [HSC_DIST_TRIANGULAR] = "max",
        [HSC_DIST_EMPIRICAL] = "values", [HSC_DIST_HISTOGRAM] = "edges"};
    const config_setting_t *param = config_setting_get_member(group, bound_param[k]);
    double most = largest(param);
    if (most > READMISSION_WINDOW) {
        char got[32];
        hsc__cfg_format_number(most, got, sizeof got);
        hsc__cfg_error(b->ctx, param, "must be at most 28 days (a readmission within 28 days) "
                                      "(got %s)", got);
        hsc_dist_fini(&cohort->readmission_days);
    }
}

void hsc__scn_read_pathway(struct hsc__scn_build *b, size_t c, const config_setting_t *entry,
                           const struct hsc__cfg_value *vals)
{
    struct hsc_cohort *cohort = &b->sc->cohorts[c];
    if (vals[HSC__COHORT_DEATH_IN_HOSPITAL].ok)
        cohort->death_in_hospital = vals[HSC__COHORT_DEATH_IN_HOSPITAL].d;
    const struct hsc__cfg_value *discharge = &vals[HSC__COHORT_DISCHARGE];
    if (discharge->ok) {
        read_routes(b, discharge->setting, USE_DISCHARGE, HSC_NO_INDEX, &cohort->discharge);
    } else if (!discharge->setting) {
        cohort->discharge.routes = calloc(1, sizeof *cohort->discharge.routes);
        if (!cohort->discharge.routes) {
            hsc__cfg_error(b->ctx, entry, "out of memory");
            return;
        }
        cohort->discharge.n = 1;
        cohort->discharge.routes[0] = (struct hsc_route){HSC_ROUTE_HOME, HSC_NO_INDEX, 1.0};
    }
    const struct hsc__cfg_value *readmission = &vals[HSC__COHORT_READMISSION_28D];
    if (readmission->ok || !readmission->setting)
        read_by_destination(b, readmission->setting, USE_READMISSION,
                            value_pattern[USE_READMISSION], cohort->readmission_28d);
    bool any = false;
    for (size_t slot = 0; slot < 1 + b->sc->n_services; slot++)
        any = any || cohort->readmission_28d[slot] > 0;
    const struct hsc__cfg_value *days = &vals[HSC__COHORT_READMISSION_DAYS];
    if (days->ok) {
        read_readmission_days(b, cohort, days->setting);
        if (!any)
            hsc_dist_fini(&cohort->readmission_days);
    } else if (!days->setting && any) {
        hsc__scn_missing(b, entry, &hsc__cfg_schema_cohort, "readmission_days",
                         "readmission_28d gives a probability above 0: expected the "
                         "distribution of the time to readmission");
    }
}

/* Reads one exits entry (cohort c, or the fallback for "default"). */
static void read_exit_entry(struct hsc__scn_build *b, size_t s, const config_setting_t *entry,
                            struct hsc_routes *into)
{
    if (!config_setting_is_group(entry)) {
        hsc__cfg_error(b->ctx, entry, "expected a group (got %s)", hsc__cfg_type_name(entry));
        return;
    }
    read_routes(b, entry, USE_EXIT, s, into);
}

static bool copy_routes(struct hsc_routes *dst, const struct hsc_routes *src)
{
    dst->routes = malloc((src->n ? src->n : 1) * sizeof *dst->routes);
    if (!dst->routes)
        return false;
    memcpy(dst->routes, src->routes, src->n * sizeof *dst->routes);
    dst->n = src->n;
    return true;
}

void hsc__scn_read_exits(struct hsc__scn_build *b, size_t s, const config_setting_t *group)
{
    struct hsc_service *svc = &b->sc->services[s];
    size_t nc = b->sc->n_cohorts;
    svc->exits = calloc(nc ? nc : 1, sizeof *svc->exits);
    bool *has_entry = calloc(nc + 1, sizeof *has_entry); /* [nc] = "default" */
    struct hsc_routes fallback = {0};
    if (!svc->exits || !has_entry) {
        hsc__cfg_error(b->ctx, group, "out of memory");
        free(has_entry);
        return;
    }
    for (int i = 0; i < config_setting_length(group) && !hsc__cfg_stop(b->ctx); i++) {
        const config_setting_t *entry = config_setting_get_elem(group, (unsigned)i);
        long c = hsc__scn_cohort_entry(b, entry);
        if (c < 0)
            continue;
        has_entry[c] = true;
        read_exit_entry(b, s, entry, (size_t)c == nc ? &fallback : &svc->exits[c]);
    }
    for (size_t c = 0; c < nc && !hsc__cfg_stop(b->ctx); c++) {
        if (!has_entry[c] && !has_entry[nc] && !hsc__scn_entry_typo(b, group, b->cohort_names[c]))
            hsc__cfg_error(b->ctx, group, "no exits for cohort \"%s\" (add exits.%s or "
                                          "exits.default)", b->cohort_names[c],
                           b->cohort_names[c]);
        else if (!has_entry[c] && fallback.routes && !copy_routes(&svc->exits[c], &fallback))
            hsc__cfg_error(b->ctx, group, "out of memory");
    }
    hsc__scn_routes_fini(&fallback);
    free(has_entry);
}
