/*
 * Trying choices of options: their changes (and, for a ranged option,
 * "setting=level") are applied to a copy of the base tree (the file as
 * parsed, --set overrides applied) through the same override code as
 * --set, and the result is validated in full, as the run will load it.
 * One option at its default level is what `hscflow options` runs; several
 * are a portfolio or an optimiser's point.
 *
 * Invariant: the base tree is never changed. Errors of the changed scenario
 * are collected apart and reported in the base load under the caller's
 * label, at the line of the change that set the setting in error; a rule
 * between two settings may name one no change set, and is then reported
 * at the caller's fallback location.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfg_copy.h"
#include "cfg_override.h"
#include "cfg_write.h"
#include "scenario_build.h"

/* Most builds of one ranged option when it is checked: every level up to
 * this many, else this many spread over its levels, both ends included (a
 * build of scenarios/baseline.cfg takes about 2 ms in a sanitizer build). */
#define MAX_LEVEL_BUILDS 100

/* The changes of a list of picks, split for the override code. */
struct change_list {
    size_t n;
    char **texts;                    /* owns [n]: copies, split at '=' in place */
    char **labels;                   /* owns [n]: "options.<name>.changes[i]", ".range" */
    struct hsc_override *overrides;  /* [n]: point into texts */
    struct hsc__cfg_origin *origins; /* [n]: where each was written */
};

static void change_list_fini(struct change_list *list)
{
    for (size_t i = 0; i < list->n; i++) {
        free(list->texts ? list->texts[i] : NULL);
        free(list->labels ? list->labels[i] : NULL);
    }
    free(list->texts);
    free(list->labels);
    free(list->overrides);
    free(list->origins);
    memset(list, 0, sizeof *list);
}

/* The member `name` of the option's entry in the base tree, or NULL. */
static const config_setting_t *option_member(struct hsc__cfg_ctx *base, const char *option,
                                             const char *name)
{
    const config_setting_t *options = config_lookup(&base->cfg, "options");
    const config_setting_t *entry =
        options && config_setting_is_group(options) ? config_setting_get_member(options, option)
                                                    : NULL;
    return entry && config_setting_is_group(entry) ? config_setting_get_member(entry, name)
                                                   : NULL;
}

/* `item` when it is a string holding exactly `text` (so its line is where
 * the change was written), else NULL. */
static const config_setting_t *if_text(const config_setting_t *item, const char *text)
{
    return item && config_setting_type(item) == CONFIG_TYPE_STRING &&
                   strcmp(config_setting_get_string(item), text) == 0
               ? item
               : NULL;
}

/* Where item i of the option's changes was written, or NULL. */
static const config_setting_t *change_at(struct hsc__cfg_ctx *base,
                                         const struct hsc_option *option, size_t i)
{
    const config_setting_t *changes = option_member(base, option->name, "changes");
    if (!changes || i >= (size_t)config_setting_length(changes))
        return NULL;
    return if_text(config_setting_get_elem(changes, (unsigned)i), option->changes[i]);
}

/* Where the option's range setting was written, or NULL. */
static const config_setting_t *range_at(struct hsc__cfg_ctx *base,
                                        const struct hsc_option *option)
{
    const config_setting_t *range = option_member(base, option->name, "range");
    if (!range || !config_setting_is_group(range))
        return NULL;
    return if_text(config_setting_get_member(range, "setting"), option->range_setting);
}

/* Appends one change with its label (both malloc'd by the caller, NULL
 * when that failed; the list takes them) and origin. Returns -1 when
 * memory ran out. */
static int add_change(struct change_list *list, struct hsc__cfg_ctx *base,
                      const config_setting_t *at, char *text, char *label)
{
    size_t i = list->n++;
    list->texts[i] = text;
    list->labels[i] = label;
    if (!text || !label)
        return -1;
    list->origins[i] = (struct hsc__cfg_origin){base, at, label};
    return 0;
}

/* "options.<name>.changes[i]" (range false) or "options.<name>.range",
 * malloc'd. */
static char *option_label(const struct hsc_option *option, bool range, size_t i)
{
    size_t size = strlen(option->name) + 64;
    char *label = malloc(size);
    if (label && range)
        snprintf(label, size, "options.%s.range", option->name);
    else if (label)
        snprintf(label, size, "options.%s.changes[%zu]", option->name, i);
    return label;
}

/* "setting=level" of a ranged pick, malloc'd. */
static char *range_change(const struct hsc__scn_pick *pick)
{
    size_t size = strlen(pick->option->range_setting) + 32;
    char *text = malloc(size);
    if (text)
        snprintf(text, size, "%s=%.17g", pick->option->range_setting, pick->level);
    return text;
}

/* Fills list from the picks. Returns -1 when memory runs out. */
static int change_list_init(struct change_list *list, struct hsc__cfg_ctx *base,
                            const struct hsc__scn_pick *picks, size_t n_picks)
{
    size_t cap = 1;
    for (size_t p = 0; p < n_picks; p++)
        cap += picks[p].option->n_changes + (picks[p].option->n_levels > 0);
    *list = (struct change_list){
        .texts = calloc(cap, sizeof *list->texts),
        .labels = calloc(cap, sizeof *list->labels),
        .overrides = calloc(cap, sizeof *list->overrides),
        .origins = calloc(cap, sizeof *list->origins),
    };
    if (!list->texts || !list->labels || !list->overrides || !list->origins)
        return -1;
    for (size_t p = 0; p < n_picks; p++) {
        const struct hsc_option *option = picks[p].option;
        for (size_t i = 0; i < option->n_changes; i++)
            if (add_change(list, base, change_at(base, option, i), strdup(option->changes[i]),
                           option_label(option, false, i)) != 0)
                return -1;
        if (option->n_levels > 0 &&
            add_change(list, base, range_at(base, option), range_change(&picks[p]),
                       option_label(option, true, 0)) != 0)
            return -1;
    }
    return 0;
}

/* Checks every change and splits it for the override code. Returns false
 * after reporting. */
static bool split_changes(struct change_list *list)
{
    bool ok = true;
    for (size_t i = 0; i < list->n; i++) {
        if (!hsc__scn_check_change(&list->origins[i], list->texts[i])) {
            ok = false;
            continue;
        }
        bool split = hsc_override_parse(list->texts[i], &list->overrides[i]);
        HSC_ASSERT(split); /* a checked change has a path and an '=' */
    }
    return ok;
}

/* Reports one error of the changed scenario in base, under the label. */
static void report(struct hsc__cfg_ctx *base, const struct change_list *list,
                   const struct hsc__scn_report_as *as, const struct hsc_error *err)
{
    struct hsc__cfg_origin at = {base, as->fallback, as->label};
    for (size_t i = list->n; err->path && i-- > 0;) {
        if (hsc__scn_paths_related(err->path, list->overrides[i].path)) {
            at.setting = list->origins[i].setting;
            break;
        }
    }
    const char *note = as->note ? as->note : "";
    if (err->path)
        hsc__cfg_error_origin(&at, "%s%s: %s", note, err->path, err->message);
    else
        hsc__cfg_error_origin(&at, "%s%s", note, err->message);
}

/* As many errors as base may still take (0 = no limit). */
static size_t errors_left(const struct hsc__cfg_ctx *base)
{
    const struct hsc_errors *errs = base->errs;
    if (errs->limit == 0)
        return 0;
    return errs->count < errs->limit ? errs->limit - errs->count : 1;
}

/* Applies the changes to opt's tree (a copy of base's) and builds it into
 * sc; every problem is reported in base. */
static void apply_and_build(struct hsc__cfg_ctx *base, struct hsc__cfg_ctx *opt,
                            const struct hsc__scn_pick *picks, size_t n_picks,
                            const struct hsc__scn_report_as *as, struct hsc_scenario *sc)
{
    struct change_list list;
    if (change_list_init(&list, base, picks, n_picks) != 0) {
        hsc__cfg_error_at(base, base->path, 0, NULL, "out of memory loading the scenario");
    } else if (split_changes(&list) &&
               hsc__cfg_apply_changes(opt, list.overrides, list.origins, list.n) == 0) {
        hsc__scn_build(opt, sc);
        for (size_t e = 0; e < opt->errs->count; e++)
            report(base, &list, as, &opt->errs->items[e]);
    }
    change_list_fini(&list);
}

/* Top-level groups a point's scenario does not have: the base has judged
 * them, and a point is one scenario. */
static const char *const not_in_a_point[] = {"options", "portfolios", "optimise"};

int hsc__scn_build_choices(struct hsc__cfg_ctx *base, const struct hsc__scn_pick *picks,
                           size_t n_picks, const struct hsc__scn_report_as *as,
                           struct hsc_scenario *sc, bool want_text)
{
    memset(sc, 0, sizeof *sc);
    size_t before = base->n_errors;
    struct hsc_errors found;
    hsc_errors_init(&found, errors_left(base));
    struct hsc__cfg_ctx opt;
    if (hsc__cfg_ctx_init(&opt, base->path, &found) != 0) {
        hsc__cfg_error_at(base, base->path, 0, NULL, "out of memory loading the scenario");
        hsc_errors_fini(&found);
        return -1;
    }
    config_init(&opt.cfg);
    opt.cfg_ready = true;
    config_setting_t *root = config_root_setting(&opt.cfg);
    if (hsc__cfg_copy_tree(root, config_root_setting(&base->cfg)) != 0) {
        hsc__cfg_error_at(base, base->path, 0, NULL, "out of memory loading the scenario");
    } else {
        for (size_t i = 0; i < sizeof not_in_a_point / sizeof not_in_a_point[0]; i++)
            config_setting_remove(root, not_in_a_point[i]);
        apply_and_build(base, &opt, picks, n_picks, as, sc);
    }
    if (want_text && base->n_errors == before &&
        !(sc->resolved_text = hsc__cfg_write_text(config_root_setting(&opt.cfg))))
        hsc__cfg_error_at(base, base->path, 0, NULL, "out of memory loading the scenario");
    hsc__cfg_ctx_fini(&opt);
    hsc_errors_fini(&found);
    return base->n_errors == before ? 0 : -1;
}

const config_setting_t *hsc__scn_fallback(struct hsc__cfg_ctx *ctx, const char *label)
{
    static const char *const inner[] = {"changes", "options", "range"};
    const config_setting_t *at = config_lookup(&ctx->cfg, label);
    for (size_t i = 0; at && config_setting_is_group(at) && i < 3; i++) {
        const config_setting_t *member = config_setting_get_member(at, inner[i]);
        if (member)
            return member;
    }
    return at;
}

/* Builds the option at one level (a pick), reporting under its name (and
 * the level, for a ranged option). Returns 0 when the scenario is valid. */
static int try_level(struct hsc__cfg_ctx *ctx, const struct hsc_option *option, double level)
{
    char label[512], note[64] = "";
    snprintf(label, sizeof label, "options.%s", option->name);
    if (option->n_levels > 0)
        snprintf(note, sizeof note, "at level %.17g: ", level);
    struct hsc__scn_report_as as = {label, note, hsc__scn_fallback(ctx, label)};
    struct hsc__scn_pick pick = {option, level};
    struct hsc_scenario changed;
    int status = hsc__scn_build_choices(ctx, &pick, 1, &as, &changed, false);
    hsc_scenario_fini(&changed);
    return status;
}

/* Tries an option: at its default level, then (ranged) at the others, all
 * of them or MAX_LEVEL_BUILDS spread evenly, stopping at the first that
 * fails. Returns 0 when every level tried gives a valid scenario. */
static int try_option(struct hsc__cfg_ctx *ctx, const struct hsc_option *option)
{
    if (try_level(ctx, option, hsc_option_default_level(option)) != 0)
        return -1;
    size_t n = option->n_levels, builds = n <= MAX_LEVEL_BUILDS ? n : MAX_LEVEL_BUILDS;
    for (size_t k = 0; k + 1 < builds && !hsc__cfg_stop(ctx); k++) {
        size_t i = k * (n - 1) / (builds - 1); /* the last, k = builds - 1, was tried */
        if (try_level(ctx, option, hsc__scn_option_level(option, i)) != 0)
            return -1;
    }
    return 0;
}

void hsc__scn_check_options(struct hsc__cfg_ctx *ctx, const struct hsc_scenario *sc,
                            const bool *ok, bool *runs)
{
    for (size_t o = 0; o < sc->n_options && !hsc__cfg_stop(ctx); o++)
        runs[o] = ok[o] && try_option(ctx, &sc->options[o]) == 0;
}
