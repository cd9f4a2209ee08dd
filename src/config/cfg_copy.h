/*
 * Internal to src/config: a deep copy of a parsed libconfig tree, so an
 * option's changes can be tried on the base scenario without re-reading its
 * file (which may be a pipe) and without touching the base tree.
 */
#ifndef HSC_CONFIG_CFG_COPY_H
#define HSC_CONFIG_CFG_COPY_H

#include <libconfig.h>

/* Copies every member of the group `from` into the empty group `to` (of
 * another config): names, order, types and values, and each setting's
 * source line and file. The copied file names borrow `from`'s config, which
 * must outlive the copy. Hooks (marks) are not copied. Returns 0, or -1 when
 * memory runs out (`to` then holds part of the tree). */
int hsc__cfg_copy_tree(config_setting_t *to, const config_setting_t *from);

#endif
