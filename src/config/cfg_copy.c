/*
 * Copying a libconfig tree setting by setting through the typed API.
 *
 * libconfig 1.5 has no copy call. The source line and file are public
 * fields of config_setting_t with no setter, so they are written directly
 * (as cfg_parse.c does for 64-bit integers); everything else goes through
 * the API, so the copy is a tree libconfig itself built.
 */
#include "cfg_copy.h"

#include <stdbool.h>
#include <stddef.h>

#include "hscflow/error.h"

static int copy_setting(config_setting_t *parent, const config_setting_t *from);

/* Sets a scalar setting to the value of `from` (same type). */
static bool copy_scalar(config_setting_t *to, const config_setting_t *from)
{
    switch (config_setting_type(from)) {
    case CONFIG_TYPE_INT:
        return config_setting_set_int(to, config_setting_get_int(from)) == CONFIG_TRUE;
    case CONFIG_TYPE_INT64:
        return config_setting_set_int64(to, config_setting_get_int64(from)) == CONFIG_TRUE;
    case CONFIG_TYPE_FLOAT:
        return config_setting_set_float(to, config_setting_get_float(from)) == CONFIG_TRUE;
    case CONFIG_TYPE_STRING:
        return config_setting_set_string(to, config_setting_get_string(from)) == CONFIG_TRUE;
    case CONFIG_TYPE_BOOL:
        return config_setting_set_bool(to, config_setting_get_bool(from)) == CONFIG_TRUE;
    default:
        HSC_ASSERT(!"not a scalar setting");
        return false;
    }
}

/* Copies the members (group) or items (list, array) of `from` into `to`. */
static int copy_children(config_setting_t *to, const config_setting_t *from)
{
    for (int i = 0; i < config_setting_length(from); i++)
        if (copy_setting(to, config_setting_get_elem(from, (unsigned)i)) != 0)
            return -1;
    return 0;
}

/* Adds a copy of `from` to `parent` (a group, list or array). */
static int copy_setting(config_setting_t *parent, const config_setting_t *from)
{
    int type = config_setting_type(from);
    const char *name = config_setting_is_group(parent) ? config_setting_name(from) : NULL;
    config_setting_t *to = config_setting_add(parent, name, type);
    if (!to)
        return -1;
    to->line = from->line;
    to->file = from->file;
    if (type == CONFIG_TYPE_GROUP || type == CONFIG_TYPE_LIST || type == CONFIG_TYPE_ARRAY)
        return copy_children(to, from);
    return copy_scalar(to, from) ? 0 : -1;
}

int hsc__cfg_copy_tree(config_setting_t *to, const config_setting_t *from)
{
    HSC_ASSERT(config_setting_is_group(to) && config_setting_length(to) == 0);
    return copy_children(to, from);
}
