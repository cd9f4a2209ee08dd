/*
 * Distribution groups: `dist` names the kind, the other keys are that kind's
 * parameters (hsc_dist_param_names). Numbers may be floats or integers;
 * arrays (values, edges, probabilities) may be libconfig arrays or lists.
 *
 * A key that belongs to another kind gets a message naming the right ones;
 * value rules (> 0, sums to 1, ...) are dist.c's, reported at the parameter.
 */
#include "cfg_dist.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "cfg_read.h"
#include "cfg_schema.h"

#define MAX_NAMES 32

/* Where each parameter goes in struct hsc_dist_spec. */
struct param_field {
    const char *name;
    bool array;
    size_t offset;       /* double, or const double * for arrays */
    size_t count_offset; /* arrays: size_t count */
};

#define SCALAR(f) {#f, false, offsetof(struct hsc_dist_spec, f), 0}
#define ARRAY(f, n) {#f, true, offsetof(struct hsc_dist_spec, f), offsetof(struct hsc_dist_spec, n)}

static const struct param_field fields[] = {
    SCALAR(mean), SCALAR(sd),   SCALAR(shape), SCALAR(scale), SCALAR(min),
    SCALAR(mode), SCALAR(max),  SCALAR(value), ARRAY(values, n_values),
    ARRAY(edges, n_edges),      ARRAY(probabilities, n_probabilities),
};
#define N_FIELDS (sizeof fields / sizeof fields[0])

/* The state of reading one group. */
struct dist_read {
    struct hsc_dist_spec spec;
    bool present[N_FIELDS];
    double *owned[N_FIELDS]; /* owns: arrays the spec borrows */
};

static size_t field_index(const char *name)
{
    for (size_t i = 0; i < N_FIELDS; i++)
        if (strcmp(fields[i].name, name) == 0)
            return i;
    HSC_ASSERT(!"dist.h names a parameter the loader does not know");
    return 0;
}

static size_t kind_names(const char **names)
{
    size_t n = 0;
    for (int kind = HSC_DIST_EXPONENTIAL; kind <= HSC_DIST_HISTOGRAM; kind++)
        names[n++] = hsc_dist_kind_name((enum hsc_dist_kind)kind);
    return n;
}

/* Reads `dist`; HSC_DIST_NONE after reporting (or when a typo was reported). */
static enum hsc_dist_kind read_kind(struct hsc__cfg_ctx *ctx, const config_setting_t *group,
                                    const char *const *known, size_t n_known)
{
    const char *kinds[MAX_NAMES];
    size_t n_kinds = kind_names(kinds);
    char list[512];
    const config_setting_t *setting = config_setting_get_member(group, "dist");
    if (!setting) {
        if (!hsc__cfg_typo_of(group, known, n_known, "dist")) {
            hsc__cfg_join(kinds, n_kinds, list, sizeof list);
            hsc__cfg_error_in(ctx, group, "dist", "missing (expected one of: %s)", list);
        }
        return HSC_DIST_NONE;
    }
    if (config_setting_type(setting) != CONFIG_TYPE_STRING) {
        hsc__cfg_error(ctx, setting, "expected a string (got %s)", hsc__cfg_type_name(setting));
        return HSC_DIST_NONE;
    }
    const char *name = config_setting_get_string(setting);
    enum hsc_dist_kind kind = hsc_dist_kind_from_name(name);
    if (kind == HSC_DIST_NONE) {
        hsc__cfg_hint(name, kinds, n_kinds, list, sizeof list);
        hsc__cfg_error(ctx, setting, "unknown distribution \"%s\" (%s)", name, list);
    }
    return kind;
}

static void read_param(struct hsc__cfg_ctx *ctx, const config_setting_t *setting,
                       struct dist_read *rd)
{
    size_t f = field_index(config_setting_name(setting));
    rd->present[f] = true;
    char *slot = (char *)&rd->spec + fields[f].offset;
    if (!fields[f].array) {
        double value;
        if (hsc__cfg_number(ctx, setting, &value))
            memcpy(slot, &value, sizeof value);
        return;
    }
    double *values;
    size_t n;
    if (!hsc__cfg_numbers(ctx, setting, &values, &n))
        return;
    const double *borrowed = values;
    rd->owned[f] = values;
    memcpy(slot, &borrowed, sizeof borrowed);
    memcpy((char *)&rd->spec + fields[f].count_offset, &n, sizeof n);
}

/* Checks every member in file order: parameters of this kind are read; the
 * others are reported. */
static void read_members(struct hsc__cfg_ctx *ctx, const config_setting_t *group,
                         struct dist_read *rd, const char *const *known, size_t n_known)
{
    enum hsc_dist_kind kind = rd->spec.kind;
    char hint[512];
    for (int i = 0; i < config_setting_length(group) && !hsc__cfg_stop(ctx); i++) {
        const config_setting_t *member = config_setting_get_elem(group, (unsigned)i);
        const char *name = config_setting_name(member);
        if (strcmp(name, "dist") == 0)
            continue;
        if (kind != HSC_DIST_NONE && hsc_dist_param_required(kind, name) >= 0) {
            read_param(ctx, member, rd);
        } else if (hsc__cfg_is_dist_param(name)) {
            /* With the kind unknown there is no telling which keys belong. */
            if (kind == HSC_DIST_NONE)
                continue;
            const char *const *takes = hsc_dist_param_names(kind);
            size_t n_takes = 0;
            while (takes[n_takes])
                n_takes++;
            hsc__cfg_join(takes, n_takes, hint, sizeof hint);
            hsc__cfg_error(ctx, member, "not a parameter of the %s distribution (it takes %s)",
                           hsc_dist_kind_name(kind), hint);
        } else {
            hsc__cfg_hint(name, known, n_known, hint, sizeof hint);
            hsc__cfg_error(ctx, member, "unknown setting (%s)", hint);
        }
    }
}

static void check_missing(struct hsc__cfg_ctx *ctx, const config_setting_t *group,
                          const struct dist_read *rd, const char *const *known, size_t n_known)
{
    enum hsc_dist_kind kind = rd->spec.kind;
    for (const char *const *p = hsc_dist_param_names(kind); *p && !hsc__cfg_stop(ctx); p++) {
        size_t f = field_index(*p);
        if (rd->present[f] || hsc_dist_param_required(kind, *p) != 1 ||
            hsc__cfg_typo_of(group, known, n_known, *p))
            continue;
        hsc__cfg_error_in(ctx, group, *p, "missing (expected %s)",
                          fields[f].array ? "an array of numbers" : "a number");
    }
}

/* Builds the distribution, reporting dist.c's complaint at the parameter. */
static int build(struct hsc__cfg_ctx *ctx, const config_setting_t *group,
                 const struct dist_read *rd, struct hsc_dist *dist)
{
    const char *bad = NULL;
    char msg[512] = "invalid parameters";
    if (hsc_dist_init(dist, &rd->spec, &bad, msg, sizeof msg) == 0)
        return 0;
    const config_setting_t *member = bad ? config_setting_get_member(group, bad) : NULL;
    if (member)
        hsc__cfg_error(ctx, member, "%s", msg);
    else
        hsc__cfg_error_in(ctx, group, bad ? bad : "dist", "%s", msg);
    return -1;
}

int hsc__cfg_read_dist(struct hsc__cfg_ctx *ctx, const config_setting_t *group,
                       struct hsc_dist *dist)
{
    memset(dist, 0, sizeof *dist);
    if (!config_setting_is_group(group)) {
        hsc__cfg_error(ctx, group, "expected a group (got %s)", hsc__cfg_type_name(group));
        return -1;
    }
    size_t before = ctx->n_errors;
    const char *known[MAX_NAMES];
    size_t n_known = 0;
    const struct hsc__cfg_group *schema = &hsc__cfg_schema_dist;
    /* Typos are judged against every parameter name until the kind is known. */
    n_known = hsc__cfg_schema_names(schema, 0, known, MAX_NAMES);
    struct dist_read rd = {0};
    rd.spec.kind = read_kind(ctx, group, known, n_known);
    if (rd.spec.kind != HSC_DIST_NONE)
        n_known = hsc__cfg_schema_names(schema, (int)rd.spec.kind, known, MAX_NAMES);
    read_members(ctx, group, &rd, known, n_known);
    if (rd.spec.kind != HSC_DIST_NONE)
        check_missing(ctx, group, &rd, known, n_known);
    int status = -1;
    if (ctx->n_errors == before && rd.spec.kind != HSC_DIST_NONE)
        status = build(ctx, group, &rd, dist);
    for (size_t f = 0; f < N_FIELDS; f++)
        free(rd.owned[f]);
    return status;
}
