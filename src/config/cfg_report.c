/*
 * Where a setting came from, and errors that say so.
 *
 * Every config error reads `file:line: setting.path: message`; settings set or
 * created by --set carry a hook mark and report "(command line)" without a
 * line. This file does not decide what is an error, only how it is located.
 */
#include "cfg_ctx.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int hsc__cfg_ctx_init(struct hsc__cfg_ctx *ctx, const char *path, struct hsc_errors *errs)
{
    memset(ctx, 0, sizeof *ctx);
    ctx->path = path;
    ctx->errs = errs;
    const char *slash = strrchr(path, '/');
    size_t dir_len = slash ? (size_t)(slash - path) + 1 : 0;
    ctx->prefix = strndup(path, dir_len);
    /* libconfig 1.5 opens include_dir + "/" + name, so "" means the root. */
    ctx->include_dir = dir_len ? strndup(path, dir_len - 1) : strdup(".");
    if (!ctx->prefix || !ctx->include_dir) {
        hsc__cfg_ctx_fini(ctx);
        return -1;
    }
    return 0;
}

void hsc__cfg_ctx_fini(struct hsc__cfg_ctx *ctx)
{
    if (ctx->cfg_ready)
        config_destroy(&ctx->cfg);
    free(ctx->prefix);
    free(ctx->include_dir);
    memset(ctx, 0, sizeof *ctx);
}

bool hsc__cfg_stop(const struct hsc__cfg_ctx *ctx)
{
    /* A list that was full before this load began must not make an invalid
     * scenario look valid: stop only after an error of our own. */
    return ctx->n_errors > 0 && hsc_errors_full(ctx->errs);
}

void hsc__cfg_display_file(const struct hsc__cfg_ctx *ctx, const char *file,
                           char *buf, size_t size)
{
    if (!file)
        snprintf(buf, size, "%s", ctx->path);
    else
        snprintf(buf, size, "%s%s", ctx->prefix, file);
}

void hsc__cfg_mark_cmdline(struct hsc__cfg_ctx *ctx, config_setting_t *setting)
{
    config_setting_set_hook(setting, &ctx->cmdline_mark);
}

static bool from_cmdline(const struct hsc__cfg_ctx *ctx, const config_setting_t *setting)
{
    for (const config_setting_t *s = setting; s; s = config_setting_parent(s))
        if (config_setting_get_hook(s) == &ctx->cmdline_mark)
            return true;
    return false;
}

/* Appends one path component; parents first, so this recurses to the root. */
static size_t append_path(const config_setting_t *setting, char *buf, size_t size)
{
    const config_setting_t *parent = config_setting_parent(setting);
    if (!parent)
        return 0;
    size_t used = append_path(parent, buf, size);
    if (used >= size)
        return used;
    int n;
    if (config_setting_is_group(parent))
        n = snprintf(buf + used, size - used, "%s%s", used ? "." : "",
                     config_setting_name(setting));
    else
        n = snprintf(buf + used, size - used, "[%d]", config_setting_index(setting));
    return n > 0 ? used + (size_t)n : used;
}

void hsc__cfg_setting_path(const config_setting_t *setting, char *buf, size_t size)
{
    buf[0] = '\0';
    append_path(setting, buf, size);
}

void hsc__cfg_locate(const struct hsc__cfg_ctx *ctx, const config_setting_t *setting,
                     char *file, size_t size, int *line)
{
    if (from_cmdline(ctx, setting)) {
        snprintf(file, size, "%s", HSC__CMDLINE);
        *line = 0;
        return;
    }
    hsc__cfg_display_file(ctx, config_setting_source_file(setting), file, size);
    *line = (int)config_setting_source_line(setting);
}

static void add_v(struct hsc__cfg_ctx *ctx, const char *file, int line, const char *path,
                  const char *fmt, va_list ap)
{
    char msg[1024];
    vsnprintf(msg, sizeof msg, fmt, ap);
    ctx->n_errors++;
    hsc_errors_add(ctx->errs, file, line, path, "%s", msg);
}

void hsc__cfg_error(struct hsc__cfg_ctx *ctx, const config_setting_t *setting,
                    const char *fmt, ...)
{
    if (config_setting_get_hook(setting) == &ctx->reported_mark)
        return;
    char file[1024], path[512];
    int line;
    hsc__cfg_locate(ctx, setting, file, sizeof file, &line);
    hsc__cfg_setting_path(setting, path, sizeof path);
    va_list ap;
    va_start(ap, fmt);
    add_v(ctx, file, line, path[0] ? path : NULL, fmt, ap);
    va_end(ap);
}

void hsc__cfg_error_in(struct hsc__cfg_ctx *ctx, const config_setting_t *group,
                       const char *name, const char *fmt, ...)
{
    char file[1024], path[512];
    int line;
    hsc__cfg_locate(ctx, group, file, sizeof file, &line);
    hsc__cfg_setting_path(group, path, sizeof path);
    size_t used = strlen(path);
    snprintf(path + used, sizeof path - used, "%s%s", used ? "." : "", name);
    va_list ap;
    va_start(ap, fmt);
    add_v(ctx, file, line, path, fmt, ap);
    va_end(ap);
}

void hsc__cfg_error_at(struct hsc__cfg_ctx *ctx, const char *file, int line,
                       const char *path, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add_v(ctx, file, line, path, fmt, ap);
    va_end(ap);
}

void hsc__cfg_error_origin(const struct hsc__cfg_origin *origin, const char *fmt, ...)
{
    char file[1024];
    int line = 0;
    if (origin->setting)
        hsc__cfg_locate(origin->report, origin->setting, file, sizeof file, &line);
    else
        snprintf(file, sizeof file, "%s", origin->report->path);
    va_list ap;
    va_start(ap, fmt);
    add_v(origin->report, file, line, origin->label, fmt, ap);
    va_end(ap);
}

const char *hsc__cfg_type_name(const config_setting_t *setting)
{
    switch (config_setting_type(setting)) {
    case CONFIG_TYPE_INT:
    case CONFIG_TYPE_INT64:
        return "an integer";
    case CONFIG_TYPE_FLOAT:
        return "a float";
    case CONFIG_TYPE_STRING:
        return "a string";
    case CONFIG_TYPE_BOOL:
        return "a boolean";
    case CONFIG_TYPE_GROUP:
        return "a group";
    case CONFIG_TYPE_ARRAY:
        return "an array";
    case CONFIG_TYPE_LIST:
        return "a list";
    default:
        return "nothing";
    }
}

void hsc__cfg_format_number(double value, char *buf, size_t size)
{
    if (!isfinite(value)) {
        snprintf(buf, size, "%s", isnan(value) ? "nan" : value > 0 ? "inf" : "-inf");
        return;
    }
    if (value == floor(value) && fabs(value) < 1e15) {
        snprintf(buf, size, "%.0f", value);
        return;
    }
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, size, "%.*g", prec, value);
        if (strtod(buf, NULL) == value)
            return;
    }
}
