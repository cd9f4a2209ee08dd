/*
 * Internal to src/config: applying `--set path=value` overrides to the parsed
 * tree through libconfig's typed API (never by pasting text), before any
 * validation, so overridden values are checked like the file's own.
 */
#ifndef HSC_CONFIG_CFG_OVERRIDE_H
#define HSC_CONFIG_CFG_OVERRIDE_H

#include <stddef.h>

#include "config/cfg_ctx.h"
#include "hscflow/scenario.h"

/* Applies the overrides in order (a later one wins). A setting may be created
 * only where the schema knows its name (fixed groups such as `run` are
 * created on the way), and entries of the name-to-number groups (population,
 * discharge, readmission_28d, exits entries, referrals, initial) may be
 * added, to be checked like the file's own; cohorts, services, staff groups
 * and per-cohort entries (duration, hours, exits) never are created. An array
 * value holds names where the schema expects names (`localities`).
 * Problems are reported as "(command line): path: message"; settings that
 * were set are marked so later errors about them say "(command line)". */
void hsc__cfg_apply_overrides(struct hsc__cfg_ctx *ctx, const struct hsc_override *overrides,
                              size_t n_overrides);

#endif
