/*
 * Transformation-fund options (`options.<name>`): their names, costs and
 * lifetimes, and the changes they make, kept as written ("path=value").
 *
 * A change is checked here only for what it says (a path, an '=', a path an
 * option may change); whether it applies and what scenario it makes is
 * scenario_option_check.c's work, once the base scenario is known valid.
 */
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

/* Top-level settings that are the same for every point of a comparison. */
static const struct {
    const char *name;
    const char *what;
} fixed_settings[] = {
    {"run", "run settings"},
    {"name", "the scenario's name"},
    {"budget", "the budget"},
    {"options", "options"},
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
    snprintf(path, sizeof path, "%.*s", (int)(eq - text), text);
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
}

void hsc__scn_read_options(struct hsc__scn_build *b, const config_setting_t *group)
{
    struct hsc_scenario *sc = b->sc;
    size_t n = group ? (size_t)config_setting_length(group) : 0;
    if (n == 0)
        return;
    sc->options = calloc(n, sizeof *sc->options);
    b->option_ok = calloc(n, sizeof *b->option_ok);
    if (!sc->options || !b->option_ok) {
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
