/*
 * Internal to src/config: applying `--set path=value` overrides, and the
 * changes of transformation-fund options, to the parsed tree through
 * libconfig's typed API (never by pasting text), before any validation, so
 * changed values are checked like the file's own.
 */
#ifndef HSC_CONFIG_CFG_OVERRIDE_H
#define HSC_CONFIG_CFG_OVERRIDE_H

#include <stddef.h>

#include "cfg_ctx.h"
#include "hscflow/scenario.h"

/* Applies the overrides in order (a later one wins). A setting may be created
 * only where the schema knows its name (fixed groups such as `run` are
 * created on the way), and entries of the name-to-number groups (population,
 * discharge, readmission_28d, exits entries, referrals, initial) may be
 * added, to be checked like the file's own; cohorts, services, staff groups,
 * options and per-cohort entries (duration, hours, exits) never are created.
 * An array value holds strings where the schema expects names or strings
 * (`localities`, an option's `changes`).
 * Problems are reported as "(command line): path: message"; settings that
 * were set are marked so later errors about them say "(command line)". */
void hsc__cfg_apply_overrides(struct hsc__cfg_ctx *ctx, const struct hsc_override *overrides,
                              size_t n_overrides);

/* Applies an option's changes to ctx's tree exactly as --set overrides
 * (same rules and value syntax), but reports each problem at its origin
 * (hsc__cfg_error_origin): "file:line: options.x.changes[i]: path: message", where the
 * message says "an option" where --set's says "--set". origins[i] belongs
 * to changes[i]. Returns the number of problems reported. */
size_t hsc__cfg_apply_changes(struct hsc__cfg_ctx *ctx, const struct hsc_override *changes,
                              const struct hsc__cfg_origin *origins, size_t n_changes);

#endif
