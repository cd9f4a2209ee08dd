/*
 * Trying an option: its changes are applied to a copy of the base tree (the
 * file as parsed, --set overrides applied) through the same override code as
 * --set, and the result is validated in full, as the run will load it.
 *
 * Invariant: the base tree is never changed. Errors of the changed scenario
 * are collected apart and reported in the base load under the option's
 * name, at the line of the change that set the setting in error; a rule
 * between two settings may name one the option did not change, and is then
 * reported at the line of `changes`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfg_copy.h"
#include "cfg_override.h"
#include "cfg_write.h"
#include "scenario_build.h"

/* One option's changes, split for the override code. */
struct change_list {
    size_t n;
    char **texts;                    /* owns [n]: copies, split at '=' in place */
    char **labels;                   /* owns [n]: "options.<name>.changes[i]" */
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

/* Item i of `changes` when it holds exactly `text` (so its line is where
 * the change was written), else NULL. */
static const config_setting_t *written_at(const config_setting_t *changes, size_t i,
                                          const char *text)
{
    if (!changes || i >= (size_t)config_setting_length(changes))
        return NULL;
    const config_setting_t *item = config_setting_get_elem(changes, (unsigned)i);
    return config_setting_type(item) == CONFIG_TYPE_STRING &&
                   strcmp(config_setting_get_string(item), text) == 0
               ? item
               : NULL;
}

/* Fills list from the option. Returns -1 when memory runs out. */
static int change_list_init(struct change_list *list, struct hsc__cfg_ctx *base,
                            const struct hsc_option *option, const config_setting_t *changes)
{
    size_t n = option->n_changes, cap = n ? n : 1;
    *list = (struct change_list){
        .texts = calloc(cap, sizeof *list->texts),
        .labels = calloc(cap, sizeof *list->labels),
        .overrides = calloc(cap, sizeof *list->overrides),
        .origins = calloc(cap, sizeof *list->origins),
    };
    if (!list->texts || !list->labels || !list->overrides || !list->origins)
        return -1;
    for (; list->n < n; list->n++) {
        size_t i = list->n, size = strlen(option->name) + 64;
        list->texts[i] = strdup(option->changes[i]);
        list->labels[i] = malloc(size);
        if (!list->texts[i] || !list->labels[i])
            return -1;
        snprintf(list->labels[i], size, "options.%s.changes[%zu]", option->name, i);
        list->origins[i] = (struct hsc__cfg_origin){
            base, written_at(changes, i, option->changes[i]), list->labels[i]};
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

/* True when one path is the other, or a setting inside it. */
static bool related(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b), common = la < lb ? la : lb;
    if (strncmp(a, b, common) != 0)
        return false;
    char next = la > lb ? a[common] : b[common];
    return next == '\0' || next == '.' || next == '[';
}

/* Reports one error of the changed scenario in base, under the option. */
static void report(struct hsc__cfg_ctx *base, const struct change_list *list,
                   const config_setting_t *changes, const char *option_label,
                   const struct hsc_error *err)
{
    struct hsc__cfg_origin at = {base, changes, option_label};
    for (size_t i = list->n; err->path && i-- > 0;) {
        if (related(err->path, list->overrides[i].path)) {
            at.setting = list->origins[i].setting;
            break;
        }
    }
    if (err->path)
        hsc__cfg_error_origin(&at, "%s: %s", err->path, err->message);
    else
        hsc__cfg_error_origin(&at, "%s", err->message);
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
                            const struct hsc_option *option, const config_setting_t *changes,
                            struct hsc_scenario *sc)
{
    struct change_list list;
    if (change_list_init(&list, base, option, changes) != 0) {
        hsc__cfg_error_at(base, base->path, 0, NULL, "out of memory loading the scenario");
    } else if (split_changes(&list) &&
               hsc__cfg_apply_changes(opt, list.overrides, list.origins, list.n) == 0) {
        hsc__scn_build(opt, sc);
        char label[512];
        snprintf(label, sizeof label, "options.%s", option->name);
        for (size_t e = 0; e < opt->errs->count; e++)
            report(base, &list, changes, label, &opt->errs->items[e]);
    }
    change_list_fini(&list);
}

int hsc__scn_build_option(struct hsc__cfg_ctx *base, const struct hsc_option *option,
                          const config_setting_t *changes, struct hsc_scenario *sc,
                          bool want_text)
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
        /* The changed scenario is one point: its options are not its own
         * (and the base has judged them). */
        config_setting_remove(root, "options");
        apply_and_build(base, &opt, option, changes, sc);
    }
    if (want_text && base->n_errors == before &&
        !(sc->resolved_text = hsc__cfg_write_text(config_root_setting(&opt.cfg))))
        hsc__cfg_error_at(base, base->path, 0, NULL, "out of memory loading the scenario");
    hsc__cfg_ctx_fini(&opt);
    hsc_errors_fini(&found);
    return base->n_errors == before ? 0 : -1;
}

void hsc__scn_check_options(struct hsc__cfg_ctx *ctx, const struct hsc_scenario *sc,
                            const bool *ok)
{
    const config_setting_t *options = config_lookup(&ctx->cfg, "options");
    for (size_t o = 0; o < sc->n_options && !hsc__cfg_stop(ctx); o++) {
        if (!ok[o])
            continue;
        const config_setting_t *entry = config_setting_get_member(options, sc->options[o].name);
        struct hsc_scenario changed;
        hsc__scn_build_option(ctx, &sc->options[o], config_setting_get_member(entry, "changes"),
                              &changed, false);
        hsc_scenario_fini(&changed);
    }
}
