/*
 * Internal to src/config: reading a distribution group
 * (`{ dist = "lognormal"; mean = 4.0; sd = 5.0; }`) into a struct hsc_dist.
 * The rules for each parameter's value belong to dist.c (hsc_dist_init);
 * this file checks names and types and reports dist.c's verdict at the
 * offending parameter's own path and line.
 */
#ifndef HSC_CONFIG_CFG_DIST_H
#define HSC_CONFIG_CFG_DIST_H

#include "cfg_ctx.h"
#include "hscflow/dist.h"

/* Validates the distribution group `group` and builds *dist (caller frees it
 * with hsc_dist_fini). Returns 0, or -1 after reporting (dist left empty). */
int hsc__cfg_read_dist(struct hsc__cfg_ctx *ctx, const config_setting_t *group,
                       struct hsc_dist *dist);

#endif
