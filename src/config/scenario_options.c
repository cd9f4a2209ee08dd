/*
 * Transformation-fund options (`options.<name>`): their names, costs and
 * lifetimes, the changes they make, kept as written ("path=value"), and
 * their range (`range`: one numeric setting taken at levels from, from +
 * step, ..., to).
 *
 * A change or a range is checked here only for what it says (a path, an
 * '=', a path an option may change, levels on a grid); whether it applies
 * and what scenario it makes is scenario_option_check.c's work, once the
 * base scenario is known valid.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfg_schema.h"
#include "scenario_build.h"

/* The results' name for the base scenario's point (docs/results-format.md,
 * /scenario/name); no option may take it. */
#define BASELINE "baseline"
/* Most characters of a change's path that the rules below look at. */
#define MAX_PATH 512
/* Most levels of a range: each is a point `hscflow optimise` may run. */
#define MAX_LEVELS 1000
/* How far (to - from) / step may be from a whole number, relative to it:
 * levels written with a few decimals ("0.1") are on the grid. */
#define GRID_TOL 1e-9

/* Top-level settings that are the same for every point of a comparison. */
static const struct {
    const char *name;
    const char *what;
} fixed_settings[] = {
    {"run", "run settings"},
    {"name", "the scenario's name"},
    {"budget", "the budget"},
    {"options", "options"},
    {"portfolios", "portfolios"},
    {"optimise", "the optimiser's settings"},
    {"localities", "the localities"},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* True for "services.<name>.kind" and "services.<name>.role": every point
 * of a results file has the same services, kinds and roles included. */
static bool is_service_kind_or_role(const char *path)
{
    static const char prefix[] = "services.";
    if (strncmp(path, prefix, sizeof prefix - 1) != 0)
        return false;
    const char *dot = strchr(path + sizeof prefix - 1, '.');
    return dot && (strcmp(dot + 1, "kind") == 0 || strcmp(dot + 1, "role") == 0);
}

/* What a path names that no option may change, or NULL. */
static const char *fixed_setting(const char *path)
{
    size_t first = strcspn(path, ".[");
    for (size_t i = 0; i < COUNT(fixed_settings); i++)
        if (strlen(fixed_settings[i].name) == first &&
            strncmp(path, fixed_settings[i].name, first) == 0)
            return fixed_settings[i].what;
    return is_service_kind_or_role(path) ? "a service's kind or role" : NULL;
}

void hsc__scn_change_path(const char *change, char *buf, size_t size)
{
    snprintf(buf, size, "%.*s", (int)strcspn(change, "="), change);
}

bool hsc__scn_paths_related(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b), common = la < lb ? la : lb;
    if (strncmp(a, b, common) != 0)
        return false;
    char next = la > lb ? a[common] : b[common];
    return next == '\0' || next == '.' || next == '[';
}

bool hsc__scn_check_change(const struct hsc__cfg_origin *origin, const char *text)
{
    const char *eq = strchr(text, '=');
    if (!eq || eq == text) {
        hsc__cfg_error_origin(origin, "expected \"path=value\", e.g. "
                                      "\"services.step_down.capacity=41\" (got \"%s\")", text);
        return false;
    }
    if (is_blank(text[0]) || is_blank(eq[-1]) || is_blank(eq[1])) {
        hsc__cfg_error_origin(origin, "write \"path=value\" without blanks around the path and "
                                      "the \"=\" (got \"%s\")", text);
        return false;
    }
    char path[MAX_PATH];
    hsc__scn_change_path(text, path, sizeof path);
    const char *what = fixed_setting(path);
    if (what) {
        hsc__cfg_error_origin(origin, "an option cannot change %s (got \"%s\")", what, text);
        return false;
    }
    return true;
}

static void oom(struct hsc__scn_build *b)
{
    hsc__cfg_error_at(b->ctx, b->ctx->path, 0, NULL, "out of memory loading the scenario");
}

/* Keeps and checks each change (the array was read: its items are strings). */
static void read_changes(struct hsc__scn_build *b, struct hsc_option *option,
                         const config_setting_t *changes)
{
    size_t n = (size_t)config_setting_length(changes);
    if (!(option->changes = calloc(n, sizeof *option->changes))) {
        oom(b);
        return;
    }
    for (size_t i = 0; i < n && !hsc__cfg_stop(b->ctx); i++) {
        const config_setting_t *item = config_setting_get_elem(changes, (unsigned)i);
        const char *text = config_setting_get_string(item);
        char label[MAX_PATH];
        hsc__cfg_setting_path(item, label, sizeof label);
        struct hsc__cfg_origin origin = {b->ctx, item, label};
        hsc__scn_check_change(&origin, text);
        if (!(option->changes[i] = strdup(text))) {
            oom(b);
            return;
        }
        option->n_changes++;
    }
}

/* ---- ranges ---- */

/* The range's setting: a path, one an option may change, holding one
 * number (when the schema knows it), and not also set by the option's
 * own changes. *kind is what the schema says it holds. */
static bool check_range_setting(struct hsc__scn_build *b, const struct hsc_option *option,
                                const config_setting_t *setting, enum hsc__cfg_path_kind *kind)
{
    const char *path = config_setting_get_string(setting);
    if (!path[0] || strchr(path, '=') || strchr(path, ' ') || strchr(path, '\t')) {
        hsc__cfg_error(b->ctx, setting, "expected a setting path such as "
                                        "\"services.step_down.capacity\" (got \"%s\")", path);
        return false;
    }
    const char *what = fixed_setting(path);
    if (what) {
        hsc__cfg_error(b->ctx, setting, "an option cannot change %s (got \"%s\")", what, path);
        return false;
    }
    if ((*kind = hsc__cfg_schema_path_kind(path)) == HSC__PATH_OTHER) {
        hsc__cfg_error(b->ctx, setting, "must name a setting that holds one number (got \"%s\")",
                       path);
        return false;
    }
    for (size_t i = 0; i < option->n_changes; i++) {
        char changed[MAX_PATH];
        hsc__scn_change_path(option->changes[i], changed, sizeof changed);
        if (!hsc__scn_paths_related(changed, path))
            continue;
        hsc__cfg_error(b->ctx, setting, "changes[%zu] (\"%s\") changes %s too: the range sets "
                                        "it at each level (drop that change)",
                       i, option->changes[i], changed);
        return false;
    }
    return true;
}

/* An integer setting takes whole levels: from and step must be whole. */
static bool check_whole(struct hsc__scn_build *b, const struct hsc__cfg_value *val,
                        const char *path)
{
    if (val->d == floor(val->d))
        return true;
    char got[32];
    hsc__cfg_format_number(val->d, got, sizeof got);
    hsc__cfg_error(b->ctx, val->setting, "must be a whole number: %s is an integer (got %s)",
                   path, got);
    return false;
}

/* to > from, on the grid from + k x step, at most MAX_LEVELS levels; sets
 * *n_levels. Returns false after reporting. */
static bool check_grid(struct hsc__scn_build *b, const struct hsc__cfg_value *v,
                       size_t *n_levels)
{
    double from = v[HSC__RANGE_FROM].d, to = v[HSC__RANGE_TO].d, step = v[HSC__RANGE_STEP].d;
    char a[32], c[32], d[32];
    hsc__cfg_format_number(from, a, sizeof a);
    hsc__cfg_format_number(to, c, sizeof c);
    hsc__cfg_format_number(step, d, sizeof d);
    if (!(to > from)) {
        hsc__cfg_error(b->ctx, v[HSC__RANGE_TO].setting, "must be > from (%s) (got %s)", a, c);
        return false;
    }
    double k = (to - from) / step, whole = nearbyint(k);
    if (fabs(k - whole) > GRID_TOL * k) {
        char lo[32] = "", hi[32];
        if (floor(k) >= 1)
            snprintf(lo, sizeof lo, "%.10g or ", from + floor(k) * step);
        snprintf(hi, sizeof hi, "%.10g", from + ceil(k) * step);
        hsc__cfg_error(b->ctx, v[HSC__RANGE_TO].setting,
                       "must be from plus a whole number of steps: %s%s with from %s and step "
                       "%s (got %s)", lo, hi, a, d, c);
        return false;
    }
    if (whole + 1 > MAX_LEVELS) {
        hsc__cfg_error(b->ctx, v[HSC__RANGE_STEP].setting,
                       "must give at most %d levels (got %.0f from %s to %s in steps of %s)",
                       MAX_LEVELS, whole + 1, a, c, d);
        return false;
    }
    *n_levels = (size_t)whole + 1;
    return true;
}

/* Reads `range` into the option (its changes already read). */
static void read_range(struct hsc__scn_build *b, struct hsc_option *option,
                       const config_setting_t *group)
{
    struct hsc__cfg_value v[HSC__RANGE_N];
    if (!hsc__cfg_read_group(b->ctx, group, &hsc__cfg_schema_range, v))
        return;
    const char *path = v[HSC__RANGE_SETTING].s;
    enum hsc__cfg_path_kind kind;
    size_t n_levels;
    if (!check_range_setting(b, option, v[HSC__RANGE_SETTING].setting, &kind) ||
        (kind == HSC__PATH_INTEGER && (!check_whole(b, &v[HSC__RANGE_FROM], path) ||
                                       !check_whole(b, &v[HSC__RANGE_STEP], path))) ||
        !check_grid(b, v, &n_levels))
        return;
    if (!(option->range_setting = strdup(path))) {
        oom(b);
        return;
    }
    option->range_from = v[HSC__RANGE_FROM].d;
    option->range_to = v[HSC__RANGE_TO].d;
    option->range_step = v[HSC__RANGE_STEP].d;
    if (v[HSC__RANGE_COST_PER_UNIT].ok)
        option->range_cost_per_unit = v[HSC__RANGE_COST_PER_UNIT].d;
    option->n_levels = n_levels;
}

double hsc__scn_option_level(const struct hsc_option *option, size_t i)
{
    HSC_ASSERT(i < option->n_levels);
    return i + 1 == option->n_levels ? option->range_to
                                     : option->range_from + (double)i * option->range_step;
}

double hsc_option_default_level(const struct hsc_option *option)
{
    return option->n_levels ? option->range_to : NAN;
}

double hsc_option_annual_cost(const struct hsc_option *option, double level)
{
    double cost = option->one_off_cost / option->lifetime_years + option->recurring_cost;
    if (option->n_levels)
        cost += option->range_cost_per_unit * (level - option->range_from);
    return cost;
}

/* ---- options ---- */

/* An option's name: an identifier, and never the base scenario's point name. */
static bool check_name(struct hsc__scn_build *b, const config_setting_t *entry)
{
    if (!hsc__scn_check_entry(b->ctx, entry, "option"))
        return false;
    if (strcmp(config_setting_name(entry), BASELINE) == 0) {
        hsc__cfg_error(b->ctx, entry, "\"" BASELINE "\" cannot name an option (it names the "
                                      "base scenario in results)");
        return false;
    }
    return true;
}

/* An option changes something: `changes`, a `range` or both. Nothing is
 * reported when a misspelt member stands for them (its error says enough). */
static void require_changes(struct hsc__scn_build *b, const config_setting_t *entry)
{
    const char *names[HSC__OPTION_N];
    size_t n = hsc__cfg_schema_names(&hsc__cfg_schema_option, 0, names, HSC__OPTION_N);
    if (hsc__cfg_typo_of(entry, names, n, "changes") || hsc__cfg_typo_of(entry, names, n, "range"))
        return;
    char expect[256];
    hsc__cfg_expect(&hsc__cfg_schema_option.keys[HSC__OPTION_CHANGES], expect, sizeof expect);
    hsc__cfg_error_in(b->ctx, entry, "changes", "missing (expected %s)", expect);
}

static void read_option(struct hsc__scn_build *b, struct hsc_option *option,
                        const config_setting_t *entry)
{
    if (!check_name(b, entry))
        return;
    struct hsc__cfg_value v[HSC__OPTION_N];
    hsc__cfg_read_group(b->ctx, entry, &hsc__cfg_schema_option, v);
    if (v[HSC__OPTION_DESCRIPTION].ok) {
        free(option->description);
        if (!(option->description = strdup(v[HSC__OPTION_DESCRIPTION].s))) {
            oom(b);
            return;
        }
    }
    if (v[HSC__OPTION_ONE_OFF_COST].ok)
        option->one_off_cost = v[HSC__OPTION_ONE_OFF_COST].d;
    if (v[HSC__OPTION_LIFETIME_YEARS].ok)
        option->lifetime_years = v[HSC__OPTION_LIFETIME_YEARS].d;
    if (v[HSC__OPTION_RECURRING_COST].ok)
        option->recurring_cost = v[HSC__OPTION_RECURRING_COST].d;
    if (v[HSC__OPTION_CHANGES].ok)
        read_changes(b, option, v[HSC__OPTION_CHANGES].setting);
    if (v[HSC__OPTION_RANGE].ok && !hsc__cfg_stop(b->ctx))
        read_range(b, option, v[HSC__OPTION_RANGE].setting);
    if (!v[HSC__OPTION_CHANGES].setting && !v[HSC__OPTION_RANGE].setting)
        require_changes(b, entry);
}

void hsc__scn_read_options(struct hsc__scn_build *b, const config_setting_t *group)
{
    struct hsc_scenario *sc = b->sc;
    size_t n = group ? (size_t)config_setting_length(group) : 0;
    if (n == 0)
        return;
    sc->options = calloc(n, sizeof *sc->options);
    b->option_ok = calloc(n, sizeof *b->option_ok);
    b->option_runs = calloc(n, sizeof *b->option_runs);
    if (!sc->options || !b->option_ok || !b->option_runs) {
        oom(b);
        return;
    }
    for (size_t o = 0; o < n && !hsc__cfg_stop(b->ctx); o++) {
        const config_setting_t *entry = config_setting_get_elem(group, (unsigned)o);
        struct hsc_option *option = &sc->options[o];
        sc->n_options++;
        option->lifetime_years = 1.0;
        option->name = strdup(config_setting_name(entry));
        option->description = strdup("");
        if (!option->name || !option->description) {
            oom(b);
            return;
        }
        size_t before = b->ctx->n_errors;
        read_option(b, option, entry);
        b->option_ok[o] = b->ctx->n_errors == before;
    }
}

void hsc__scn_option_fini(struct hsc_option *option)
{
    for (size_t i = 0; i < option->n_changes; i++)
        free(option->changes[i]);
    free(option->changes);
    free(option->name);
    free(option->description);
    free(option->range_setting);
}

/* Writes at buf + used (within size; buf may be NULL when size is 0) and
 * returns how many characters the text has, written or not. */
static size_t put(char *buf, size_t size, size_t used, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static size_t put(char *buf, size_t size, size_t used, const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    int n = vsnprintf(used < size ? buf + used : NULL, used < size ? size - used : 0, fmt, args);
    va_end(args);
    return n > 0 ? (size_t)n : 0;
}

/* Writes the changes of the choices, "; " between them, into buf (size 0:
 * only counts) and returns the length of the whole text. */
static size_t write_choices(const struct hsc_scenario *base, const struct hsc_choice *choices,
                            size_t n_choices, char *buf, size_t size)
{
    size_t used = 0;
    for (size_t c = 0; c < n_choices; c++) {
        HSC_ASSERT(choices[c].option < base->n_options);
        const struct hsc_option *option = &base->options[choices[c].option];
        for (size_t i = 0; i < option->n_changes; i++)
            used += put(buf, size, used, "%s%s", used ? "; " : "", option->changes[i]);
        if (option->n_levels > 0)
            used += put(buf, size, used, "%s%s=%.17g", used ? "; " : "",
                        option->range_setting, choices[c].level);
    }
    return used;
}

char *hsc_choices_text(const struct hsc_scenario *base, const struct hsc_choice *choices,
                       size_t n_choices)
{
    size_t len = write_choices(base, choices, n_choices, NULL, 0);
    char *text = malloc(len + 1);
    if (!text)
        return NULL;
    text[0] = '\0';
    write_choices(base, choices, n_choices, text, len + 1);
    return text;
}
