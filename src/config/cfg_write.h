/*
 * Internal to src/config: the resolved scenario as libconfig text, written
 * from the tree after includes and overrides. Unlike config_write it keeps
 * every float exactly (%.17g), so re-parsing gives an identical tree.
 */
#ifndef HSC_CONFIG_CFG_WRITE_H
#define HSC_CONFIG_CFG_WRITE_H

#include <libconfig.h>

/* Writes the members of the group `root` as libconfig text. Returns a new
 * string (caller frees), or NULL when memory runs out. Integers keep their
 * libconfig type (INT64 with an L suffix); floats always show '.' or 'e';
 * infinities are written as 1e999, which libconfig reads back as inf. */
char *hsc__cfg_write_text(const config_setting_t *root);

#endif
