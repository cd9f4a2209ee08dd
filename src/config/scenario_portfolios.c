/*
 * Portfolios (`portfolios.<name>`): options of the scenario taken together,
 * one point beside the single options. Read here: the name, description
 * and members; checked here: the members are two or more distinct options
 * of the scenario, no two of them change the same setting, and (once the
 * base and every member are valid alone) the scenario they make together,
 * each member at its default level in the order written.
 *
 * Invariant: a member's own problem is reported once, under the option; a
 * portfolio is built only when each member runs alone.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfg_schema.h"
#include "scenario_build.h"

#define BASELINE "baseline"
#define MAX_PATH 512
/* A portfolio combines options: one alone is an option. */
#define MIN_MEMBERS 2

static void oom(struct hsc__scn_build *b)
{
    hsc__cfg_error_at(b->ctx, b->ctx->path, 0, NULL, "out of memory loading the scenario");
}

/* An identifier, not "baseline", not an option's name: every point of a
 * results file has a name of its own. */
static bool check_name(struct hsc__scn_build *b, const config_setting_t *entry)
{
    if (!hsc__scn_check_entry(b->ctx, entry, "portfolio"))
        return false;
    const char *name = config_setting_name(entry);
    if (strcmp(name, BASELINE) == 0) {
        hsc__cfg_error(b->ctx, entry, "\"" BASELINE "\" cannot name a portfolio (it names the "
                                      "base scenario in results)");
        return false;
    }
    for (size_t o = 0; o < b->sc->n_options; o++) {
        if (strcmp(b->sc->options[o].name, name) != 0)
            continue;
        hsc__cfg_error(b->ctx, entry, "\"%s\" names an option: a portfolio needs a name of its "
                                      "own (points in results have unique names)", name);
        return false;
    }
    return true;
}

/* Index of the option named by item, or -1 after reporting. */
static long member_index(struct hsc__scn_build *b, const config_setting_t *item)
{
    const struct hsc_scenario *sc = b->sc;
    const char *name = config_setting_get_string(item);
    const char **names = calloc(sc->n_options ? sc->n_options : 1, sizeof *names);
    if (!names) {
        oom(b);
        return -1;
    }
    long found = -1;
    for (size_t o = 0; o < sc->n_options; o++) {
        names[o] = sc->options[o].name;
        if (found < 0 && strcmp(names[o], name) == 0)
            found = (long)o;
    }
    if (found < 0) {
        char hint[512];
        hsc__cfg_hint(name, names, sc->n_options, hint, sizeof hint);
        hsc__cfg_error(b->ctx, item, "no such option \"%s\" (%s)", name, hint);
    }
    free(names);
    return found;
}

/* Reads the members (the array was read: distinct names) into the
 * portfolio. Returns false after reporting. */
static bool read_members(struct hsc__scn_build *b, struct hsc_portfolio *portfolio,
                         const config_setting_t *array)
{
    size_t n = (size_t)config_setting_length(array);
    if (n < MIN_MEMBERS) {
        hsc__cfg_error(b->ctx, array, "must name at least %d options (got %zu): a portfolio "
                                      "combines options", MIN_MEMBERS, n);
        return false;
    }
    if (!(portfolio->members = calloc(n, sizeof *portfolio->members))) {
        oom(b);
        return false;
    }
    bool ok = true;
    for (size_t i = 0; i < n; i++) {
        long o = member_index(b, config_setting_get_elem(array, (unsigned)i));
        ok = ok && o >= 0;
        if (o >= 0)
            portfolio->members[portfolio->n_members++] = (size_t)o;
    }
    return ok;
}

/* Path k of what an option changes (its changes, then its range's
 * setting), written into buf; false past the last. */
static bool changed_path(const struct hsc_option *option, size_t k, char *buf, size_t size)
{
    if (k < option->n_changes)
        hsc__scn_change_path(option->changes[k], buf, size);
    else if (k == option->n_changes && option->n_levels > 0)
        snprintf(buf, size, "%s", option->range_setting);
    else
        return false;
    return true;
}

bool hsc_options_overlap(const struct hsc_option *x, const struct hsc_option *y, char *path,
                         size_t size)
{
    char px[MAX_PATH], py[MAX_PATH];
    for (size_t i = 0; changed_path(x, i, px, sizeof px); i++)
        for (size_t j = 0; changed_path(y, j, py, sizeof py); j++)
            if (hsc__scn_paths_related(px, py)) {
                if (path)
                    snprintf(path, size, "%s", strlen(px) >= strlen(py) ? px : py);
                return true;
            }
    return false;
}

/* Reports two options that change the same setting, or one inside the
 * other (the longer path is named). Returns false after reporting. */
static bool check_pair(struct hsc__scn_build *b, const config_setting_t *array,
                       const struct hsc_option *x, const struct hsc_option *y)
{
    char path[MAX_PATH];
    if (!hsc_options_overlap(x, y, path, sizeof path))
        return true;
    hsc__cfg_error(b->ctx, array, "options %s and %s both change %s: a portfolio cannot "
                                  "combine them (make one option that does both)",
                   x->name, y->name, path);
    return false;
}

/* No two members change the same setting (members read without error
 * only: a member's malformed change is its own error). */
static bool check_disjoint(struct hsc__scn_build *b, const struct hsc_portfolio *portfolio,
                           const config_setting_t *array)
{
    const struct hsc_option *options = b->sc->options;
    bool ok = true;
    for (size_t i = 0; i < portfolio->n_members; i++) {
        if (!b->option_ok[portfolio->members[i]])
            continue;
        for (size_t j = i + 1; j < portfolio->n_members; j++)
            if (b->option_ok[portfolio->members[j]] &&
                !check_pair(b, array, &options[portfolio->members[i]],
                            &options[portfolio->members[j]]))
                ok = false;
    }
    return ok;
}

static void read_portfolio(struct hsc__scn_build *b, struct hsc_portfolio *portfolio,
                           const config_setting_t *entry, bool options_known)
{
    if (!check_name(b, entry))
        return;
    struct hsc__cfg_value v[HSC__PORTFOLIO_N];
    hsc__cfg_read_group(b->ctx, entry, &hsc__cfg_schema_portfolio, v);
    if (v[HSC__PORTFOLIO_DESCRIPTION].ok) {
        free(portfolio->description);
        if (!(portfolio->description = strdup(v[HSC__PORTFOLIO_DESCRIPTION].s))) {
            oom(b);
            return;
        }
    }
    const config_setting_t *array = v[HSC__PORTFOLIO_OPTIONS].setting;
    if (v[HSC__PORTFOLIO_OPTIONS].ok && options_known && read_members(b, portfolio, array))
        check_disjoint(b, portfolio, array);
}

void hsc__scn_read_portfolios(struct hsc__scn_build *b, const config_setting_t *group,
                              bool options_known)
{
    struct hsc_scenario *sc = b->sc;
    size_t n = group ? (size_t)config_setting_length(group) : 0;
    if (n == 0)
        return;
    sc->portfolios = calloc(n, sizeof *sc->portfolios);
    b->portfolio_ok = calloc(n, sizeof *b->portfolio_ok);
    if (!sc->portfolios || !b->portfolio_ok) {
        oom(b);
        return;
    }
    for (size_t p = 0; p < n && !hsc__cfg_stop(b->ctx); p++) {
        const config_setting_t *entry = config_setting_get_elem(group, (unsigned)p);
        struct hsc_portfolio *portfolio = &sc->portfolios[p];
        sc->n_portfolios++;
        portfolio->name = strdup(config_setting_name(entry));
        portfolio->description = strdup("");
        if (!portfolio->name || !portfolio->description) {
            oom(b);
            return;
        }
        size_t before = b->ctx->n_errors;
        read_portfolio(b, portfolio, entry, options_known);
        b->portfolio_ok[p] = b->ctx->n_errors == before && options_known;
    }
}

/* Builds one portfolio's scenario, reporting under its name. */
static void try_portfolio(struct hsc__scn_build *b, const struct hsc_portfolio *portfolio)
{
    struct hsc__scn_pick *picks = calloc(portfolio->n_members, sizeof *picks);
    if (!picks) {
        oom(b);
        return;
    }
    for (size_t i = 0; i < portfolio->n_members; i++) {
        const struct hsc_option *option = &b->sc->options[portfolio->members[i]];
        picks[i] = (struct hsc__scn_pick){option, hsc_option_default_level(option)};
    }
    char label[512];
    snprintf(label, sizeof label, "portfolios.%s", portfolio->name);
    struct hsc__scn_report_as as = {label, NULL, hsc__scn_fallback(b->ctx, label)};
    struct hsc_scenario changed;
    hsc__scn_build_choices(b->ctx, picks, portfolio->n_members, &as, &changed, false);
    hsc_scenario_fini(&changed);
    free(picks);
}

void hsc__scn_check_portfolios(struct hsc__scn_build *b)
{
    const struct hsc_scenario *sc = b->sc;
    for (size_t p = 0; p < sc->n_portfolios && !hsc__cfg_stop(b->ctx); p++) {
        const struct hsc_portfolio *portfolio = &sc->portfolios[p];
        bool runs = b->portfolio_ok[p];
        for (size_t i = 0; runs && i < portfolio->n_members; i++)
            runs = b->option_runs[portfolio->members[i]];
        if (runs)
            try_portfolio(b, portfolio);
    }
}

void hsc__scn_portfolio_fini(struct hsc_portfolio *portfolio)
{
    free(portfolio->name);
    free(portfolio->description);
    free(portfolio->members);
}
