/*
 * --set overrides and option changes: the value literal (true/false,
 * integer, float, "string" or bare word, [numbers] or [names]) and where it
 * goes, decided by walking the schema. Both take exactly the same path; only
 * where their problems are reported differs.
 *
 * A setting of another type is replaced (removed and re-added), so the
 * validator then reports the type problem at "(command line)". Items of a
 * list of groups are named by their index (`capacity_calendar[0].capacity`);
 * they can be changed but never added. An integer
 * given for a float setting stays a float, and an unquoted value given where
 * the schema expects text is taken as text (`--set name=2026`).
 */
#include "cfg_override.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfg_schema.h"

#define MAX_DEPTH 16
#define MAX_NAMES 64

enum lit_type { LIT_BOOL, LIT_INT, LIT_FLOAT, LIT_STRING, LIT_ARRAY };

struct number {
    bool is_int;
    long long i;
    double d;
};

/* One item of an array literal: a number, or a name (`[city, "north"]`). */
struct item {
    bool is_number;
    struct number num;
    char *text;            /* owns: the item as written, quotes removed */
};

struct literal {
    enum lit_type type;
    bool quoted;           /* written in quotes (never reinterpreted) */
    bool b;
    struct number num;     /* LIT_INT, LIT_FLOAT */
    char *s;               /* owns: LIT_STRING */
    struct item *items;    /* owns: LIT_ARRAY [n] */
    size_t n;
    bool all_numbers;      /* LIT_ARRAY: every item is a number */
};

#define NOT_NUMBERS "expected numbers separated by commas in [...]"

/* Numbers as libconfig writes them: [-+]digits, or with '.' / exponent.
 * Returns 1 for a number, 0 for something else, -1 for an integer that does
 * not fit in 64 bits. */
static int parse_number(const char *text, size_t len, struct number *num)
{
    char buf[128];
    if (len == 0 || len >= sizeof buf)
        return 0;
    memcpy(buf, text, len);
    buf[len] = '\0';
    const char *p = buf + (buf[0] == '-' || buf[0] == '+');
    size_t digits = strspn(p, "0123456789");
    if (digits > 0 && p[digits] == '\0') {
        errno = 0;
        num->i = strtoll(buf, NULL, 10);
        num->d = (double)num->i;
        num->is_int = true;
        return errno == ERANGE ? -1 : 1;
    }
    const char *q = p + digits;
    size_t frac = 0;
    if (*q == '.')
        frac = strspn(++q, "0123456789");
    if (digits + frac == 0)
        return 0;
    q += frac;
    if (*q == 'e' || *q == 'E') {
        q += 1 + (q[1] == '+' || q[1] == '-');
        size_t exp = strspn(q, "0123456789");
        if (exp == 0)
            return 0;
        q += exp;
    }
    if (*q != '\0')
        return 0;
    num->is_int = false;
    num->d = strtod(buf, NULL); /* 1e999 -> inf, as libconfig reads it */
    return 1;
}

/* Reads one trimmed array item [a, b) into *it. Returns NULL or the problem. */
static const char *parse_item(const char *a, const char *b, struct item *it)
{
    if (a == b)
        return NOT_NUMBERS;
    int got = parse_number(a, (size_t)(b - a), &it->num);
    if (got < 0)
        return "integer does not fit in 64 bits";
    it->is_number = got > 0;
    if (b - a >= 2 && *a == '"' && b[-1] == '"') {
        a++;
        b--;
    }
    it->text = strndup(a, (size_t)(b - a));
    return it->text ? NULL : "out of memory";
}

static const char *parse_array(const char *value, struct literal *lit)
{
    size_t len = strlen(value);
    while (len > 0 && isspace((unsigned char)value[len - 1]))
        len--;
    if (value[len - 1] != ']')
        return NOT_NUMBERS;
    lit->type = LIT_ARRAY;
    lit->all_numbers = true;
    lit->items = calloc(len, sizeof *lit->items); /* at most one item per character */
    if (!lit->items)
        return "out of memory";
    const char *p = value + 1, *end = value + len - 1;
    while (p < end && isspace((unsigned char)*p))
        p++;
    while (p < end) {
        const char *comma = memchr(p, ',', (size_t)(end - p));
        const char *stop = comma ? comma : end;
        const char *a = p, *b = stop;
        while (a < b && isspace((unsigned char)*a))
            a++;
        while (b > a && isspace((unsigned char)b[-1]))
            b--;
        const char *problem = parse_item(a, b, &lit->items[lit->n]);
        if (problem)
            return problem;
        lit->all_numbers = lit->all_numbers && lit->items[lit->n].is_number;
        lit->n++;
        p = comma ? comma + 1 : end;
    }
    return NULL;
}

static const char *parse_quoted(const char *value, struct literal *lit)
{
    size_t len = strlen(value);
    lit->type = LIT_STRING;
    lit->quoted = true;
    lit->s = malloc(len);
    if (!lit->s)
        return "out of memory";
    size_t used = 0;
    const char *p = value + 1;
    for (; *p && *p != '"'; p++) {
        if (*p == '\\' && (p[1] == '"' || p[1] == '\\'))
            p++;
        lit->s[used++] = *p;
    }
    lit->s[used] = '\0';
    if (*p != '"')
        return "unterminated string";
    if (p[1] != '\0')
        return "text after the closing quote";
    return NULL;
}

/* Parses a value; returns NULL or what is wrong with it. */
static const char *parse_literal(const char *value, struct literal *lit)
{
    memset(lit, 0, sizeof *lit);
    if (value[0] == '"')
        return parse_quoted(value, lit);
    if (value[0] == '[')
        return parse_array(value, lit);
    if (strcmp(value, "true") == 0 || strcmp(value, "false") == 0) {
        lit->type = LIT_BOOL;
        lit->b = value[0] == 't';
        return NULL;
    }
    int got = parse_number(value, strlen(value), &lit->num);
    if (got < 0)
        return "integer does not fit in 64 bits";
    if (got > 0) {
        lit->type = lit->num.is_int ? LIT_INT : LIT_FLOAT;
        return NULL;
    }
    lit->type = LIT_STRING;
    lit->s = strdup(value);
    return lit->s ? NULL : "out of memory";
}

static void literal_fini(struct literal *lit)
{
    free(lit->s);
    for (size_t i = 0; lit->items && i < lit->n; i++)
        free(lit->items[i].text);
    free(lit->items);
}

static bool fits_int32(long long value)
{
    return value >= INT_MIN && value <= INT_MAX;
}

static int target_type(const struct literal *lit, const config_setting_t *existing)
{
    int have = existing ? config_setting_type(existing) : CONFIG_TYPE_NONE;
    switch (lit->type) {
    case LIT_BOOL:
        return CONFIG_TYPE_BOOL;
    case LIT_INT:
        if (have == CONFIG_TYPE_FLOAT || have == CONFIG_TYPE_INT64)
            return have;
        return fits_int32(lit->num.i) ? CONFIG_TYPE_INT : CONFIG_TYPE_INT64;
    case LIT_FLOAT:
        return CONFIG_TYPE_FLOAT;
    case LIT_STRING:
        return CONFIG_TYPE_STRING;
    case LIT_ARRAY:
        return CONFIG_TYPE_ARRAY;
    }
    return CONFIG_TYPE_NONE;
}

/* Fills a new array: names when the schema expects names; otherwise
 * integers stay integers unless a float is among them. */
static bool fill_array(config_setting_t *array, const struct literal *lit, bool names)
{
    bool all_ints = true, all_32 = true;
    for (size_t i = 0; i < lit->n; i++) {
        all_ints = all_ints && lit->items[i].num.is_int;
        all_32 = all_32 && fits_int32(lit->items[i].num.i);
    }
    for (size_t i = 0; i < lit->n; i++) {
        const struct number *num = &lit->items[i].num;
        config_setting_t *item =
            names     ? config_setting_set_string_elem(array, -1, lit->items[i].text)
            : !all_ints ? config_setting_set_float_elem(array, -1, num->d)
            : all_32    ? config_setting_set_int_elem(array, -1, (int)num->i)
                        : config_setting_set_int64_elem(array, -1, num->i);
        if (!item)
            return false;
    }
    return true;
}

static bool store(config_setting_t *setting, const struct literal *lit, const char *raw,
                  bool names)
{
    switch (config_setting_type(setting)) {
    case CONFIG_TYPE_BOOL:
        return config_setting_set_bool(setting, lit->b);
    case CONFIG_TYPE_INT:
        return config_setting_set_int(setting, (int)lit->num.i);
    case CONFIG_TYPE_INT64:
        return config_setting_set_int64(setting, lit->num.i);
    case CONFIG_TYPE_FLOAT:
        return config_setting_set_float(setting, lit->num.d);
    case CONFIG_TYPE_STRING:
        return config_setting_set_string(setting, lit->s ? lit->s : raw);
    case CONFIG_TYPE_ARRAY:
        return fill_array(setting, lit, names);
    default:
        return false;
    }
}

/* One override being applied: the tree it changes, and where its problems
 * are reported. */
struct apply {
    struct hsc__cfg_ctx *ctx;             /* the tree being changed */
    const struct hsc_override *ov;
    const struct hsc__cfg_origin *origin; /* NULL: the command line */
    const char *who;                      /* "--set" or "an option", for messages */
};

static void fail(const struct apply *ap, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Reports a problem with the override: "(command line): path: message", or
 * at the option's change, "file:line: options.x.changes[i]: path: message". */
static void fail(const struct apply *ap, const char *fmt, ...)
{
    char msg[1024];
    va_list args;
    va_start(args, fmt);
    vsnprintf(msg, sizeof msg, fmt, args);
    va_end(args);
    if (ap->origin)
        hsc__cfg_error_origin(ap->origin, "%s: %s", ap->ov->path, msg);
    else
        hsc__cfg_error_at(ap->ctx, HSC__CMDLINE, 0, ap->ov->path, "%s", msg);
}

/* What the schema says of one name on the path. */
struct step {
    bool to_group; /* the name is a group to descend into */
    bool text;     /* the name is a setting that holds text */
    bool names;    /* the name is a setting that holds an array of names or strings */
    const struct hsc__cfg_key *key; /* its key in a FIXED group, else NULL */
};

/* Sets group.name from the literal as the schema describes it. */
static void set_value(const struct apply *ap, config_setting_t *group, const char *name,
                      struct literal *lit, const struct step *step)
{
    config_setting_t *existing = config_setting_get_member(group, name);
    if (step->text && !lit->quoted && lit->type != LIT_ARRAY) {
        free(lit->s);
        lit->s = NULL;
        lit->type = LIT_STRING; /* store() then uses the raw text */
    }
    int type = target_type(lit, existing);
    if (existing && (config_setting_type(existing) != type || type == CONFIG_TYPE_ARRAY)) {
        config_setting_remove(group, name);
        existing = NULL;
    }
    config_setting_t *setting = existing ? existing : config_setting_add(group, name, type);
    if (!setting || !store(setting, lit, ap->ov->value, step->names)) {
        fail(ap, "cannot set this value (out of memory?)");
        return;
    }
    hsc__cfg_mark_cmdline(ap->ctx, setting);
}

static void unknown(const struct apply *ap, const struct hsc__cfg_group *schema, const char *name)
{
    const char *names[MAX_NAMES];
    size_t n = hsc__cfg_schema_names(schema, 0, names, MAX_NAMES);
    char hint[512];
    hsc__cfg_hint(name, names, n, hint, sizeof hint);
    fail(ap, "unknown setting (%s)", hint);
}

static void no_such_member(const struct apply *ap, const config_setting_t *group,
                           const struct hsc__cfg_group *schema, const char *name)
{
    const char *names[MAX_NAMES];
    size_t n = 0;
    int len = group ? config_setting_length(group) : 0;
    for (int i = 0; i < len && n < MAX_NAMES; i++)
        names[n++] = config_setting_name(config_setting_get_elem(group, (unsigned)i));
    char hint[512];
    hsc__cfg_hint(name, names, n, hint, sizeof hint);
    fail(ap, "no such %s \"%s\" (%s); %s cannot create one", schema->noun, name, hint, ap->who);
}

/* Classifies `name` in a group described by `schema` (child = the member
 * as it is now, or NULL). Returns false after reporting when an override
 * cannot reach it. */
static bool classify(const struct apply *ap, const struct hsc__cfg_group *schema,
                     const config_setting_t *group, const config_setting_t *child,
                     const char *name, struct step *step)
{
    *step = (struct step){.to_group = true};
    if (schema->members == HSC__MEMBERS_FIXED) {
        const struct hsc__cfg_key *key = hsc__cfg_schema_key(schema, name);
        if (!key) {
            unknown(ap, schema, name);
            return false;
        }
        step->key = key;
        step->to_group = key->type == HSC__CFG_GROUP ||
                         (key->type == HSC__CFG_NUMBER_OR_GROUP && child &&
                          config_setting_is_group(child));
        step->text = key->type == HSC__CFG_STRING || key->type == HSC__CFG_ENUM ||
                     key->type == HSC__CFG_DATE;
        step->names = key->type == HSC__CFG_NAMES || key->type == HSC__CFG_STRINGS;
    } else if (schema->members == HSC__MEMBERS_MAP) {
        /* Entries of population, discharge, referrals...: any name may be
         * set or added; the validator then checks it like one in the file. */
        step->to_group = false;
    } else if (schema->members == HSC__MEMBERS_DIST) {
        if (strcmp(name, "dist") != 0 && !hsc__cfg_is_dist_param(name)) {
            unknown(ap, schema, name);
            return false;
        }
        step->to_group = false;
        step->text = strcmp(name, "dist") == 0;
    } else if (!child) {
        no_such_member(ap, group, schema, name);
        return false;
    }
    return true;
}

/* The item `index` (-1 = none given) of the list `list` (NULL = absent)
 * that the path names as `name[index]` (`name`: the path so far): the list
 * must be one the schema knows, and the item must exist, since overrides
 * never add items. Returns NULL after reporting. */
static config_setting_t *list_item(const struct apply *ap, const struct step *step,
                                   config_setting_t *list, const char *name, long index,
                                   bool last)
{
    if (!step->key || step->key->type != HSC__CFG_LIST) {
        fail(ap, "%s is not a list", name);
        return NULL;
    }
    if (index < 0 && last) {
        fail(ap, "is a list; %s changes single settings of its items, e.g. %s[0].%s", ap->who,
             name, step->key->items->keys[0].name);
        return NULL;
    }
    if (index < 0) {
        fail(ap, "%s is a list; name one of its items, e.g. %s[0]", name, name);
        return NULL;
    }
    if (last) {
        fail(ap, "is a group; %s changes single settings", ap->who);
        return NULL;
    }
    int len = list && config_setting_type(list) == CONFIG_TYPE_LIST ? config_setting_length(list)
                                                                    : 0;
    if (index >= len) {
        fail(ap, "no such item %s[%ld] (it has %d item%s); %s cannot add one", name, index, len,
             len == 1 ? "" : "s", ap->who);
        return NULL;
    }
    config_setting_t *item = config_setting_get_elem(list, (unsigned)index);
    if (!config_setting_is_group(item)) {
        fail(ap, "%s[%ld] is not a group (it is %s)", name, index, hsc__cfg_type_name(item));
        return NULL;
    }
    return item;
}

/* The last name of the path: checks the literal fits and, with `apply`,
 * sets it. Returns false after reporting. */
static bool leaf(const struct apply *ap, config_setting_t *group, const char *name,
                 struct literal *lit, const struct step *step, bool apply)
{
    if (lit->type == LIT_ARRAY && !lit->all_numbers && !step->names) {
        fail(ap, NOT_NUMBERS " (got %s)", ap->ov->value);
        return false;
    }
    if (apply)
        set_value(ap, group, name, lit, step);
    return true;
}

/* Walks the path through the tree and the schema. With `apply` false it
 * only checks (and reports); with `apply` true it creates the fixed groups
 * that are missing on the way and sets the value, so a bad path leaves no
 * half-created groups behind. Returns false after reporting. */
static bool walk(const struct apply *ap, char **names, const long *indices, size_t n,
                 struct literal *lit, bool apply)
{
    config_setting_t *group = config_root_setting(&ap->ctx->cfg);
    const struct hsc__cfg_group *schema = hsc__cfg_schema_child(NULL, "");
    char prefix[512] = "";
    for (size_t i = 0; i < n && schema; i++) {
        const char *name = names[i];
        bool last = i + 1 == n;
        config_setting_t *child = group ? config_setting_get_member(group, name) : NULL;
        struct step step;
        if (!classify(ap, schema, group, child, name, &step))
            return false;
        size_t used = strlen(prefix);
        snprintf(prefix + used, sizeof prefix - used, "%s%s", used ? "." : "", name);
        if ((step.key && step.key->type == HSC__CFG_LIST) || indices[i] >= 0) {
            if (!(group = list_item(ap, &step, child, prefix, indices[i], last)))
                return false;
            used = strlen(prefix);
            snprintf(prefix + used, sizeof prefix - used, "[%ld]", indices[i]);
            schema = step.key->items;
            continue;
        }
        if (step.to_group && last) {
            fail(ap, "is a group; %s changes single settings", ap->who);
            return false;
        }
        if (!step.to_group && !last) {
            fail(ap, "%s is not a group", prefix);
            return false;
        }
        if (!step.to_group)
            return leaf(ap, group, name, lit, &step, apply);
        if (child && !config_setting_is_group(child)) {
            fail(ap, "%s is not a group (it is %s)", prefix, hsc__cfg_type_name(child));
            return false;
        }
        if (!child && apply) {
            if (!(child = config_setting_add(group, name, CONFIG_TYPE_GROUP)))
                return false;
            hsc__cfg_mark_cmdline(ap->ctx, child);
        }
        group = child;
        schema = hsc__cfg_schema_child(schema, name);
    }
    return false;
}

/* Splits an item index off a name in place ("periods[3]" -> "periods", 3).
 * Returns the index, -1 when there is none, -2 when it is malformed. */
static long split_index(char *name)
{
    char *open = strchr(name, '[');
    if (!open)
        return -1;
    size_t digits = strspn(open + 1, "0123456789");
    if (open == name || digits == 0 || digits > 9 || strcmp(open + 1 + digits, "]") != 0)
        return -2;
    *open = '\0';
    return strtol(open + 1, NULL, 10);
}

/* Splits a dotted path in place into names and their item indices (-1 =
 * none); returns the number of names, 0 if malformed. */
static size_t split_path(char *path, char **names, long *indices)
{
    size_t n = 0;
    for (char *part = path;; part++) {
        char *dot = strchr(part, '.');
        if (dot)
            *dot = '\0';
        if (part[0] == '\0' || n == MAX_DEPTH)
            return 0;
        indices[n] = split_index(part);
        if (indices[n] == -2)
            return 0;
        names[n++] = part;
        if (!dot)
            return n;
        part = dot;
    }
}

/* Applies one override (origin NULL: from the command line). */
static void apply_one(struct hsc__cfg_ctx *ctx, const struct hsc_override *ov,
                      const struct hsc__cfg_origin *origin)
{
    struct apply ap = {ctx, ov, origin, origin ? "an option" : "--set"};
    char *path = strdup(ov->path);
    char *names[MAX_DEPTH];
    long indices[MAX_DEPTH];
    size_t n = path ? split_path(path, names, indices) : 0;
    struct literal lit;
    const char *problem = parse_literal(ov->value, &lit);
    if (n == 0)
        fail(&ap, "not a setting path (expected names separated by dots)");
    else if (problem)
        fail(&ap, "%s (got %s)", problem, ov->value);
    else if (walk(&ap, names, indices, n, &lit, false))
        walk(&ap, names, indices, n, &lit, true);
    literal_fini(&lit);
    free(path);
}

void hsc__cfg_apply_overrides(struct hsc__cfg_ctx *ctx, const struct hsc_override *overrides,
                              size_t n_overrides)
{
    for (size_t i = 0; i < n_overrides && !hsc__cfg_stop(ctx); i++)
        apply_one(ctx, &overrides[i], NULL);
}

size_t hsc__cfg_apply_changes(struct hsc__cfg_ctx *ctx, const struct hsc_override *changes,
                              const struct hsc__cfg_origin *origins, size_t n_changes)
{
    size_t problems = 0;
    for (size_t i = 0; i < n_changes && !hsc__cfg_stop(origins[i].report); i++) {
        size_t before = origins[i].report->n_errors;
        apply_one(ctx, &changes[i], &origins[i]);
        problems += origins[i].report->n_errors - before;
    }
    return problems;
}

bool hsc_override_parse(char *text, struct hsc_override *ov)
{
    char *eq = strchr(text, '=');
    if (!eq || eq == text)
        return false;
    *eq = '\0';
    ov->path = text;
    ov->value = eq + 1;
    return true;
}
