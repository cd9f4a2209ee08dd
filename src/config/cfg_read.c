/*
 * Typed readers: one function per schema type, each checking the libconfig
 * type, the range and finiteness, and reporting at the setting's location.
 *
 * Integers are read as 64 bits (config_setting_get_int64 works for INT and
 * INT64) because libconfig 1.5's 32-bit getters turn large values into 0.
 * A float where an integer is expected is an error, never truncated.
 */
#include "cfg_read.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_KEYS 64

void hsc__cfg_expect(const struct hsc__cfg_key *key, char *buf, size_t size)
{
    char lo[32], hi[32], list[256];
    switch (key->type) {
    case HSC__CFG_GROUP:
        snprintf(buf, size, "a group");
        break;
    case HSC__CFG_INT:
        if (key->imax == INT64_MAX)
            snprintf(buf, size, "an integer >= %" PRId64, key->imin);
        else
            snprintf(buf, size, "an integer %" PRId64 "..%" PRId64, key->imin, key->imax);
        break;
    case HSC__CFG_NUMBER_OR_GROUP:
    case HSC__CFG_NUMBER:
        hsc__cfg_format_number(key->min, lo, sizeof lo);
        hsc__cfg_format_number(key->max, hi, sizeof hi);
        if (key->type == HSC__CFG_NUMBER_OR_GROUP)
            snprintf(buf, size, "a number %s..%s or a group", lo, hi);
        else if (key->min_open || key->max_open)
            snprintf(buf, size, "a number %s %s and %s %s", key->min_open ? ">" : ">=", lo,
                     key->max_open ? "<" : "<=", hi);
        else
            snprintf(buf, size, "a number %s..%s", lo, hi);
        break;
    case HSC__CFG_STRING:
        snprintf(buf, size, "a string");
        break;
    case HSC__CFG_ENUM: {
        size_t n = 0;
        while (key->choices[n])
            n++;
        hsc__cfg_join(key->choices, n, list, sizeof list);
        snprintf(buf, size, "one of: %s", list);
        break;
    }
    case HSC__CFG_DATE:
        snprintf(buf, size, "a date \"YYYY-MM-DD\"");
        break;
    case HSC__CFG_NUMBERS:
        hsc__cfg_format_number(key->min, lo, sizeof lo);
        hsc__cfg_format_number(key->max, hi, sizeof hi);
        snprintf(buf, size, "an array of %zu numbers %s..%s", key->count, lo, hi);
        break;
    case HSC__CFG_INTS:
        snprintf(buf, size, "an array of %zu integers %" PRId64 "..%" PRId64, key->count,
                 key->imin, key->imax);
        break;
    case HSC__CFG_NAMES:
        snprintf(buf, size, "an array of names");
        break;
    case HSC__CFG_BOOL:
        snprintf(buf, size, "true or false");
        break;
    case HSC__CFG_LIST:
        snprintf(buf, size, "a list of groups");
        break;
    case HSC__CFG_STRINGS:
        snprintf(buf, size, "an array of %s", key->count_what);
        break;
    }
}

bool hsc__cfg_number(struct hsc__cfg_ctx *ctx, const config_setting_t *setting, double *out)
{
    int type = config_setting_type(setting);
    if (type == CONFIG_TYPE_INT || type == CONFIG_TYPE_INT64) {
        *out = (double)config_setting_get_int64(setting);
        return true;
    }
    if (type != CONFIG_TYPE_FLOAT) {
        hsc__cfg_error(ctx, setting, "expected a number (got %s)", hsc__cfg_type_name(setting));
        return false;
    }
    *out = config_setting_get_float(setting);
    if (!isfinite(*out)) {
        /* libconfig reads 1e999 as inf without complaint. */
        char text[32];
        hsc__cfg_format_number(*out, text, sizeof text);
        hsc__cfg_error(ctx, setting, "must be finite (got %s)", text);
        return false;
    }
    return true;
}

bool hsc__cfg_numbers(struct hsc__cfg_ctx *ctx, const config_setting_t *setting,
                      double **values, size_t *n)
{
    *values = NULL;
    *n = 0;
    int type = config_setting_type(setting);
    if (type != CONFIG_TYPE_ARRAY && type != CONFIG_TYPE_LIST) {
        hsc__cfg_error(ctx, setting, "expected an array of numbers (got %s)",
                       hsc__cfg_type_name(setting));
        return false;
    }
    size_t len = (size_t)config_setting_length(setting);
    if (len == 0)
        return true;
    double *buf = malloc(len * sizeof *buf);
    if (!buf) {
        hsc__cfg_error(ctx, setting, "out of memory reading %zu numbers", len);
        return false;
    }
    for (size_t i = 0; i < len; i++) {
        if (!hsc__cfg_number(ctx, config_setting_get_elem(setting, (unsigned)i), &buf[i])) {
            free(buf);
            return false;
        }
    }
    *values = buf;
    *n = len;
    return true;
}

bool hsc__cfg_is_identifier(const char *name)
{
    if (!(name[0] >= 'a' && name[0] <= 'z'))
        return false;
    for (const char *c = name; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_'))
            return false;
    return true;
}

void hsc__cfg_format_total(double sum, double target, char *buf, size_t size)
{
    for (int prec = 6; prec <= 17; prec++) {
        snprintf(buf, size, "%.*g", prec, sum);
        if (strtod(buf, NULL) != target)
            return;
    }
}

void hsc__cfg_format_sum(double sum, char *buf, size_t size)
{
    hsc__cfg_format_total(sum, 1.0, buf, size);
}

static bool read_int(struct hsc__cfg_ctx *ctx, const config_setting_t *setting,
                     const struct hsc__cfg_key *key, struct hsc__cfg_value *val)
{
    int type = config_setting_type(setting);
    if (type != CONFIG_TYPE_INT && type != CONFIG_TYPE_INT64) {
        hsc__cfg_error(ctx, setting, "expected an integer (got %s)", hsc__cfg_type_name(setting));
        return false;
    }
    val->i = config_setting_get_int64(setting);
    if (val->i < key->imin) {
        hsc__cfg_error(ctx, setting, "must be >= %" PRId64 " (got %" PRId64 ")", key->imin,
                       val->i);
        return false;
    }
    if (val->i > key->imax) {
        hsc__cfg_error(ctx, setting, "must be <= %" PRId64 " (got %" PRId64 ")", key->imax,
                       val->i);
        return false;
    }
    return true;
}

static bool read_number(struct hsc__cfg_ctx *ctx, const config_setting_t *setting,
                        const struct hsc__cfg_key *key, struct hsc__cfg_value *val)
{
    if (!hsc__cfg_number(ctx, setting, &val->d))
        return false;
    char got[32], bound[32];
    hsc__cfg_format_number(val->d, got, sizeof got);
    if (key->min_open ? !(val->d > key->min) : !(val->d >= key->min)) {
        hsc__cfg_format_number(key->min, bound, sizeof bound);
        hsc__cfg_error(ctx, setting, "must be %s %s (got %s)", key->min_open ? ">" : ">=", bound,
                       got);
        return false;
    }
    if (key->max_open ? !(val->d < key->max) : !(val->d <= key->max)) {
        hsc__cfg_format_number(key->max, bound, sizeof bound);
        hsc__cfg_error(ctx, setting, "must be %s %s (got %s)", key->max_open ? "<" : "<=", bound,
                       got);
        return false;
    }
    return true;
}

static bool read_string(struct hsc__cfg_ctx *ctx, const config_setting_t *setting,
                        struct hsc__cfg_value *val)
{
    if (config_setting_type(setting) != CONFIG_TYPE_STRING) {
        hsc__cfg_error(ctx, setting, "expected a string (got %s)", hsc__cfg_type_name(setting));
        return false;
    }
    val->s = config_setting_get_string(setting);
    return true;
}

static bool read_enum(struct hsc__cfg_ctx *ctx, const config_setting_t *setting,
                      const struct hsc__cfg_key *key, struct hsc__cfg_value *val)
{
    if (!read_string(ctx, setting, val))
        return false;
    size_t n = 0;
    for (; key->choices[n]; n++) {
        if (strcmp(key->choices[n], val->s) != 0)
            continue;
        val->choice = (int)n;
        return true;
    }
    char hint[512];
    hsc__cfg_hint(val->s, key->choices, n, hint, sizeof hint);
    hsc__cfg_error(ctx, setting, "unknown %s \"%s\" (%s)", key->noun, val->s, hint);
    return false;
}

static bool read_date(struct hsc__cfg_ctx *ctx, const config_setting_t *setting,
                      struct hsc__cfg_value *val)
{
    if (!read_string(ctx, setting, val))
        return false;
    if (hsc_date_parse(val->s, &val->date))
        return true;
    hsc__cfg_error(ctx, setting,
                   "expected a real date \"YYYY-MM-DD\", years 1900..2200 (got \"%s\")", val->s);
    return false;
}

/* An array or list, else false after reporting "expected an array of <what>". */
static bool is_array(struct hsc__cfg_ctx *ctx, const config_setting_t *setting,
                     const char *what)
{
    int type = config_setting_type(setting);
    if (type == CONFIG_TYPE_ARRAY || type == CONFIG_TYPE_LIST)
        return true;
    hsc__cfg_error(ctx, setting, "expected an array of %s (got %s)", what,
                   hsc__cfg_type_name(setting));
    return false;
}

/* The item count a NUMBERS or INTS key requires, else false after reporting. */
static bool check_count(struct hsc__cfg_ctx *ctx, const config_setting_t *setting,
                        const struct hsc__cfg_key *key, const char *what, size_t *n)
{
    *n = (size_t)config_setting_length(setting);
    if (*n == key->count)
        return true;
    hsc__cfg_error(ctx, setting, "must have %zu %s, %s (got %zu)", key->count, what,
                   key->count_what, *n);
    return false;
}

static bool read_numbers(struct hsc__cfg_ctx *ctx, const config_setting_t *setting,
                         const struct hsc__cfg_key *key, struct hsc__cfg_value *val)
{
    HSC_ASSERT(key->count <= HSC__CFG_MAX_ITEMS);
    if (!is_array(ctx, setting, "numbers") || !check_count(ctx, setting, key, "numbers", &val->n))
        return false;
    for (size_t i = 0; i < val->n; i++)
        if (!hsc__cfg_number(ctx, config_setting_get_elem(setting, (unsigned)i), &val->nums[i]))
            return false;
    for (size_t i = 0; i < val->n; i++) {
        bool low = !(val->nums[i] >= key->min);
        if (!low && val->nums[i] <= key->max)
            continue;
        char bound[32], got[32];
        hsc__cfg_format_number(low ? key->min : key->max, bound, sizeof bound);
        hsc__cfg_format_number(val->nums[i], got, sizeof got);
        hsc__cfg_error(ctx, setting, "must all be %s %s (item %zu is %s)", low ? ">=" : "<=",
                       bound, i + 1, got);
        return false;
    }
    return true;
}

static bool read_ints(struct hsc__cfg_ctx *ctx, const config_setting_t *setting,
                      const struct hsc__cfg_key *key, struct hsc__cfg_value *val)
{
    HSC_ASSERT(key->count <= HSC__CFG_MAX_ITEMS);
    if (!is_array(ctx, setting, "integers") ||
        !check_count(ctx, setting, key, "integers", &val->n))
        return false;
    for (size_t i = 0; i < val->n; i++) {
        const config_setting_t *item = config_setting_get_elem(setting, (unsigned)i);
        int type = config_setting_type(item);
        if (type != CONFIG_TYPE_INT && type != CONFIG_TYPE_INT64) {
            hsc__cfg_error(ctx, item, "expected an integer (got %s)", hsc__cfg_type_name(item));
            return false;
        }
        val->ints[i] = config_setting_get_int64(item);
    }
    for (size_t i = 0; i < val->n; i++) {
        bool low = val->ints[i] < key->imin;
        if (!low && val->ints[i] <= key->imax)
            continue;
        hsc__cfg_error(ctx, setting, "must all be %s %" PRId64 " (item %zu is %" PRId64 ")",
                       low ? ">=" : "<=", low ? key->imin : key->imax, i + 1, val->ints[i]);
        return false;
    }
    return true;
}

/* Item i of a NAMES array: a string, a valid name, not listed before. */
static bool read_name_item(struct hsc__cfg_ctx *ctx, const config_setting_t *setting,
                           const struct hsc__cfg_key *key, size_t i)
{
    const config_setting_t *item = config_setting_get_elem(setting, (unsigned)i);
    if (config_setting_type(item) != CONFIG_TYPE_STRING) {
        hsc__cfg_error(ctx, item, "expected a string (got %s)", hsc__cfg_type_name(item));
        return false;
    }
    const char *name = config_setting_get_string(item);
    if (!hsc__cfg_is_identifier(name)) {
        hsc__cfg_error(ctx, item, "not a valid %s name (use a-z, 0-9 and _, starting with a "
                                  "letter; got \"%s\")", key->noun, name);
        return false;
    }
    for (size_t j = 0; j < i; j++) {
        const config_setting_t *before = config_setting_get_elem(setting, (unsigned)j);
        if (strcmp(config_setting_get_string(before), name) == 0) {
            hsc__cfg_error(ctx, item, "%s \"%s\" is listed twice", key->noun, name);
            return false;
        }
    }
    return true;
}

static bool read_names(struct hsc__cfg_ctx *ctx, const config_setting_t *setting,
                       const struct hsc__cfg_key *key)
{
    if (!is_array(ctx, setting, "names"))
        return false;
    size_t n = (size_t)config_setting_length(setting);
    if (n == 0 && key->imax == INT64_MAX) {
        hsc__cfg_error(ctx, setting, "must name at least one %s", key->noun);
        return false;
    }
    if (n == 0 || (uint64_t)n > (uint64_t)key->imax) {
        hsc__cfg_error(ctx, setting, "must have 1 to %" PRId64 " names (got %zu)", key->imax, n);
        return false;
    }
    for (size_t i = 0; i < n; i++)
        if (!read_name_item(ctx, setting, key, i))
            return false;
    return true;
}

static bool read_bool(struct hsc__cfg_ctx *ctx, const config_setting_t *setting,
                      struct hsc__cfg_value *val)
{
    if (config_setting_type(setting) != CONFIG_TYPE_BOOL) {
        hsc__cfg_error(ctx, setting, "expected true or false (got %s)",
                       hsc__cfg_type_name(setting));
        return false;
    }
    val->b = config_setting_get_bool(setting) != 0;
    return true;
}

/* A list whose items are all groups; their members are the builder's to
 * read against key->items. */
static bool read_list(struct hsc__cfg_ctx *ctx, const config_setting_t *setting)
{
    if (config_setting_type(setting) != CONFIG_TYPE_LIST) {
        hsc__cfg_error(ctx, setting, "expected a list of groups, ( { ... }, { ... } ) (got %s)",
                       hsc__cfg_type_name(setting));
        return false;
    }
    bool ok = true;
    for (int i = 0; i < config_setting_length(setting); i++) {
        const config_setting_t *item = config_setting_get_elem(setting, (unsigned)i);
        if (!config_setting_is_group(item)) {
            hsc__cfg_error(ctx, item, "expected a group (got %s)", hsc__cfg_type_name(item));
            ok = false;
        }
    }
    return ok;
}

/* An array or list of one or more strings; what each string must say is
 * the builder's rule. */
static bool read_strings(struct hsc__cfg_ctx *ctx, const config_setting_t *setting,
                         const struct hsc__cfg_key *key)
{
    if (!is_array(ctx, setting, key->count_what))
        return false;
    int n = config_setting_length(setting);
    if (n == 0) {
        hsc__cfg_error(ctx, setting, "must have at least one %s", key->noun);
        return false;
    }
    bool ok = true;
    for (int i = 0; i < n; i++) {
        const config_setting_t *item = config_setting_get_elem(setting, (unsigned)i);
        if (config_setting_type(item) != CONFIG_TYPE_STRING) {
            hsc__cfg_error(ctx, item, "expected a string (got %s)", hsc__cfg_type_name(item));
            ok = false;
        }
    }
    return ok;
}

/* Checks one member against its key. */
bool hsc__cfg_read_value(struct hsc__cfg_ctx *ctx, const config_setting_t *setting,
                         const struct hsc__cfg_key *key, struct hsc__cfg_value *val)
{
    switch (key->type) {
    case HSC__CFG_GROUP:
        if (config_setting_is_group(setting))
            return true;
        hsc__cfg_error(ctx, setting, "expected a group (got %s)", hsc__cfg_type_name(setting));
        return false;
    case HSC__CFG_INT:
        return read_int(ctx, setting, key, val);
    case HSC__CFG_NUMBER:
        return read_number(ctx, setting, key, val);
    case HSC__CFG_NUMBER_OR_GROUP:
        if (config_setting_is_group(setting))
            return true;
        if (config_setting_is_number(setting))
            return read_number(ctx, setting, key, val);
        hsc__cfg_error(ctx, setting, "expected a number or a group (got %s)",
                       hsc__cfg_type_name(setting));
        return false;
    case HSC__CFG_STRING:
        return read_string(ctx, setting, val);
    case HSC__CFG_ENUM:
        return read_enum(ctx, setting, key, val);
    case HSC__CFG_DATE:
        return read_date(ctx, setting, val);
    case HSC__CFG_NUMBERS:
        return read_numbers(ctx, setting, key, val);
    case HSC__CFG_INTS:
        return read_ints(ctx, setting, key, val);
    case HSC__CFG_NAMES:
        return read_names(ctx, setting, key);
    case HSC__CFG_BOOL:
        return read_bool(ctx, setting, val);
    case HSC__CFG_LIST:
        return read_list(ctx, setting);
    case HSC__CFG_STRINGS:
        return read_strings(ctx, setting, key);
    }
    return false;
}

bool hsc__cfg_typo_of(const config_setting_t *group, const char *const *known, size_t n_known,
                      const char *name)
{
    int len = config_setting_length(group);
    for (int i = 0; i < len; i++) {
        const char *member = config_setting_name(config_setting_get_elem(group, (unsigned)i));
        bool is_known = false;
        for (size_t k = 0; k < n_known && !is_known; k++)
            is_known = strcmp(known[k], member) == 0;
        if (is_known)
            continue;
        const char *best = hsc__cfg_suggest(member, known, n_known);
        if (best && strcmp(best, name) == 0)
            return true;
    }
    return false;
}

bool hsc__cfg_read_group(struct hsc__cfg_ctx *ctx, const config_setting_t *group,
                         const struct hsc__cfg_group *schema, struct hsc__cfg_value *vals)
{
    const char *names[MAX_KEYS];
    size_t n_names = hsc__cfg_schema_names(schema, 0, names, MAX_KEYS);
    size_t before = ctx->n_errors;
    memset(vals, 0, schema->n_keys * sizeof *vals);
    int len = config_setting_length(group);
    for (int i = 0; i < len && !hsc__cfg_stop(ctx); i++) {
        config_setting_t *member = config_setting_get_elem(group, (unsigned)i);
        const struct hsc__cfg_key *key = hsc__cfg_schema_key(schema, config_setting_name(member));
        if (!key) {
            char hint[512];
            hsc__cfg_hint(config_setting_name(member), names, n_names, hint, sizeof hint);
            hsc__cfg_error(ctx, member, "unknown setting (%s)", hint);
            continue;
        }
        struct hsc__cfg_value *val = &vals[key - schema->keys];
        val->setting = member;
        val->ok = hsc__cfg_read_value(ctx, member, key, val);
    }
    for (size_t k = 0; k < schema->n_keys && !hsc__cfg_stop(ctx); k++) {
        const struct hsc__cfg_key *key = &schema->keys[k];
        if (!key->required || vals[k].setting ||
            hsc__cfg_typo_of(group, names, n_names, key->name))
            continue;
        char expect[256];
        hsc__cfg_expect(key, expect, sizeof expect);
        hsc__cfg_error_in(ctx, group, key->name, "missing (expected %s)", expect);
    }
    return ctx->n_errors == before;
}
