/*
 * Reading a scenario file into a libconfig tree.
 *
 * The text is read once and handed to config_read_string, so what was
 * pre-scanned is exactly what is parsed (and a pipe works as a scenario).
 * Afterwards, integers libconfig 1.5 wrapped to 32 bits get their written
 * value back as 64-bit settings, so range checks see what the analyst wrote.
 * Nothing here knows the schema.
 */
#include "cfg_parse.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* The wide literal a 32-bit setting came from: same file, same line, the
 * value libconfig wrapped it to, and the same rank among the line's integers
 * of that value ("(0, 4294967296, 0)" wraps to three zeros; the second is
 * the wide one). Settings must be visited in text order: each call counts. */
static const struct hsc__wide_int *find_wide(struct hsc__prescan *scan,
                                             const config_setting_t *setting)
{
    const char *file = config_setting_source_file(setting);
    int line = (int)config_setting_source_line(setting);
    int value = config_setting_get_int(setting);
    const struct hsc__wide_int *found = NULL;
    for (size_t i = 0; i < scan->n; i++) {
        struct hsc__wide_int *wide = &scan->items[i];
        bool same_file = file ? wide->file && strcmp(file, wide->file) == 0 : !wide->file;
        if (!same_file || wide->line != line || wide->wrapped != value)
            continue;
        if (!found && wide->seen == wide->rank)
            found = wide;
        wide->seen++;
    }
    return found;
}

/* libconfig has no call that changes a setting's type in place (removing and
 * re-adding would move it and lose its line), so the public fields of
 * config_setting_t are written directly. */
static void set_int64_in_place(config_setting_t *setting, long long value)
{
    setting->type = CONFIG_TYPE_INT64;
    setting->value.llval = value;
}

/* Returns false (after reporting) when the literal does not fit 64 bits. */
static bool restore(struct hsc__cfg_ctx *ctx, config_setting_t *setting,
                    const struct hsc__wide_int *wide)
{
    if (wide->too_wide) {
        hsc__cfg_error(ctx, setting, "integer does not fit in 64 bits (got %s)", wide->text);
        /* Its wrapped value would draw a second, misleading error. */
        config_setting_set_hook(setting, &ctx->reported_mark);
        return false;
    }
    set_int64_in_place(setting, wide->value);
    return true;
}

/* Arrays must hold one type, so one wide item makes every item 64-bit. */
static void restore_array(struct hsc__cfg_ctx *ctx, config_setting_t *array,
                          struct hsc__prescan *scan)
{
    unsigned len = (unsigned)config_setting_length(array);
    if (len == 0 || config_setting_type(config_setting_get_elem(array, 0)) != CONFIG_TYPE_INT)
        return;
    const struct hsc__wide_int **found = calloc(len, sizeof *found);
    if (!found)
        return;
    bool any = false;
    for (unsigned i = 0; i < len; i++) {
        found[i] = find_wide(scan, config_setting_get_elem(array, i));
        any = any || found[i];
    }
    for (unsigned i = 0; any && i < len; i++) {
        config_setting_t *item = config_setting_get_elem(array, i);
        if (found[i])
            restore(ctx, item, found[i]);
        else
            set_int64_in_place(item, config_setting_get_int(item));
    }
    free(found);
}

static void restore_tree(struct hsc__cfg_ctx *ctx, config_setting_t *setting,
                         struct hsc__prescan *scan)
{
    switch (config_setting_type(setting)) {
    case CONFIG_TYPE_GROUP:
    case CONFIG_TYPE_LIST:
        for (int i = 0; i < config_setting_length(setting); i++)
            restore_tree(ctx, config_setting_get_elem(setting, (unsigned)i), scan);
        break;
    case CONFIG_TYPE_ARRAY:
        restore_array(ctx, setting, scan);
        break;
    case CONFIG_TYPE_INT: {
        const struct hsc__wide_int *wide = find_wide(scan, setting);
        if (wide)
            restore(ctx, setting, wide);
        break;
    }
    default:
        break;
    }
}

static void report_syntax(struct hsc__cfg_ctx *ctx)
{
    char file[1024];
    hsc__cfg_display_file(ctx, config_error_file(&ctx->cfg), file, sizeof file);
    int line = config_error_line(&ctx->cfg);
    const char *text = config_error_text(&ctx->cfg);
    if (!text || strcmp(text, "syntax error") == 0)
        hsc__cfg_error_at(ctx, file, line, NULL, "syntax error");
    else if (strcmp(text, "mismatched element type in array") == 0)
        /* [0, 1, 3.5] is the usual way to meet this; say how to write it. */
        hsc__cfg_error_at(ctx, file, line, NULL,
                          "syntax error (%s: write every number of an array the same way, "
                          "e.g. [0.0, 1.0, 3.5], or use a list (0, 1, 3.5))", text);
    else
        hsc__cfg_error_at(ctx, file, line, NULL, "syntax error (%s)", text);
}

int hsc__cfg_parse(struct hsc__cfg_ctx *ctx)
{
    size_t len;
    char *text = hsc__cfg_read_text(ctx->path, &len);
    if (!text) {
        hsc__cfg_error_at(ctx, ctx->path, 0, NULL, "cannot read scenario: %s", strerror(errno));
        return -1;
    }
    bool parsed = false;
    struct hsc__prescan scan = {0};
    if (hsc__cfg_prescan(ctx, text, len, NULL, 0, &scan) == 0) {
        config_init(&ctx->cfg);
        ctx->cfg_ready = true;
        config_set_include_dir(&ctx->cfg, ctx->include_dir);
        parsed = config_read_string(&ctx->cfg, text) == CONFIG_TRUE;
        if (parsed)
            restore_tree(ctx, config_root_setting(&ctx->cfg), &scan);
        else
            report_syntax(ctx);
    }
    hsc__cfg_prescan_fini(&scan);
    free(text);
    /* A tree with an integer beyond 64 bits is still worth validating. */
    return parsed ? 0 : -1;
}
