/*
 * Writing a libconfig tree back as text, for the results file's provenance.
 *
 * Invariant: parsing the output gives the same tree (names, order, types,
 * values bit for bit); the unit tests check it. Comments, hex formatting and
 * include structure are not kept: this is the scenario as resolved.
 */
#include "cfg_write.h"

#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hscflow/error.h"

/* A growing string; `failed` sticks once memory runs out. */
struct text {
    char *buf;
    size_t len, cap;
    bool failed;
};

static void append(struct text *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void append(struct text *out, const char *fmt, ...)
{
    if (out->failed)
        return;
    va_list ap, again;
    va_start(ap, fmt);
    va_copy(again, ap);
    int n = vsnprintf(out->buf ? out->buf + out->len : NULL,
                      out->buf ? out->cap - out->len : 0, fmt, ap);
    va_end(ap);
    if (n >= 0 && out->len + (size_t)n >= out->cap) {
        size_t cap = out->cap ? out->cap : 1024;
        while (out->len + (size_t)n >= cap)
            cap *= 2;
        char *buf = realloc(out->buf, cap);
        if (!buf) {
            out->failed = true;
            va_end(again);
            return;
        }
        out->buf = buf;
        out->cap = cap;
        vsnprintf(out->buf + out->len, out->cap - out->len, fmt, again);
    }
    va_end(again);
    if (n < 0)
        out->failed = true;
    else
        out->len += (size_t)n;
}

static void write_string(struct text *out, const char *s)
{
    append(out, "\"");
    for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
        switch (*c) {
        case '"': append(out, "\\\""); break;
        case '\\': append(out, "\\\\"); break;
        case '\n': append(out, "\\n"); break;
        case '\r': append(out, "\\r"); break;
        case '\t': append(out, "\\t"); break;
        case '\f': append(out, "\\f"); break;
        default:
            if (*c < 0x20 || *c == 0x7f)
                append(out, "\\x%02x", *c);
            else
                append(out, "%c", *c);
        }
    }
    append(out, "\"");
}

static void write_float(struct text *out, double value)
{
    /* libconfig has no nan literal and a scenario cannot produce one. */
    HSC_ASSERT(!isnan(value));
    if (isinf(value)) {
        append(out, value > 0 ? "1e999" : "-1e999");
        return;
    }
    char buf[40];
    snprintf(buf, sizeof buf, "%.17g", value);
    /* Without '.' or 'e' libconfig would read an integer. */
    append(out, "%s%s", buf, strpbrk(buf, ".e") ? "" : ".0");
}

static void write_value(struct text *out, const config_setting_t *setting, int depth);

static void write_members(struct text *out, const config_setting_t *group, int depth)
{
    for (int i = 0; i < config_setting_length(group); i++) {
        const config_setting_t *member = config_setting_get_elem(group, (unsigned)i);
        append(out, "%*s%s = ", 2 * depth, "", config_setting_name(member));
        write_value(out, member, depth);
        append(out, ";\n");
    }
}

static void write_items(struct text *out, const config_setting_t *setting, int depth,
                        const char *open, const char *close)
{
    append(out, "%s", open);
    for (int i = 0; i < config_setting_length(setting); i++) {
        append(out, "%s", i ? ", " : " ");
        write_value(out, config_setting_get_elem(setting, (unsigned)i), depth);
    }
    append(out, " %s", close);
}

static void write_value(struct text *out, const config_setting_t *setting, int depth)
{
    switch (config_setting_type(setting)) {
    case CONFIG_TYPE_GROUP:
        append(out, "{\n");
        write_members(out, setting, depth + 1);
        append(out, "%*s}", 2 * depth, "");
        break;
    case CONFIG_TYPE_INT:
        append(out, "%d", config_setting_get_int(setting));
        break;
    case CONFIG_TYPE_INT64:
        append(out, "%lldL", config_setting_get_int64(setting));
        break;
    case CONFIG_TYPE_FLOAT:
        write_float(out, config_setting_get_float(setting));
        break;
    case CONFIG_TYPE_STRING:
        write_string(out, config_setting_get_string(setting));
        break;
    case CONFIG_TYPE_BOOL:
        append(out, "%s", config_setting_get_bool(setting) ? "true" : "false");
        break;
    case CONFIG_TYPE_ARRAY:
        write_items(out, setting, depth, "[", "]");
        break;
    case CONFIG_TYPE_LIST:
        write_items(out, setting, depth, "(", ")");
        break;
    default:
        HSC_ASSERT(!"setting of unknown type");
    }
}

char *hsc__cfg_write_text(const config_setting_t *root)
{
    struct text out = {0};
    append(&out, "%s", "");
    write_members(&out, root, 0);
    if (out.failed) {
        free(out.buf);
        return NULL;
    }
    return out.buf;
}
