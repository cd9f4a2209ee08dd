/*
 * Internal to src/config: typed, range-checked reading of settings against
 * the schema. Readers report every problem themselves (type, range, finite,
 * unknown and missing names) and say only whether the value is usable.
 */
#ifndef HSC_CONFIG_CFG_READ_H
#define HSC_CONFIG_CFG_READ_H

#include <stdbool.h>
#include <stdint.h>

#include "cfg_ctx.h"
#include "cfg_schema.h"
#include "hscflow/calendar.h"

/* What was read for one key of a FIXED group. */
struct hsc__cfg_value {
    config_setting_t *setting; /* borrows: NULL when absent */
    bool ok;                   /* present and valid */
    bool b;                    /* HSC__CFG_BOOL */
    int64_t i;                 /* HSC__CFG_INT */
    double d;                  /* HSC__CFG_NUMBER */
    const char *s;             /* STRING, ENUM, DATE: borrows libconfig's text */
    int choice;                /* ENUM: index into the key's choices */
    struct hsc_date date;      /* DATE */
    size_t n;                  /* NUMBERS, INTS: items read */
    double nums[HSC__CFG_MAX_ITEMS];  /* NUMBERS */
    int64_t ints[HSC__CFG_MAX_ITEMS]; /* INTS */
};

/* Checks every member of `group` against `schema` (a FIXED group) in file
 * order (unknown names with did-you-mean, types, ranges), then reports the
 * required keys that are missing, except one an unknown name is a typo of.
 * Fills vals[schema->n_keys]. Returns true when nothing was wrong. */
bool hsc__cfg_read_group(struct hsc__cfg_ctx *ctx, const config_setting_t *group,
                         const struct hsc__cfg_group *schema, struct hsc__cfg_value *vals);

/* Checks one setting against `key` (type, range, items) and fills *val
 * (val->setting is left to the caller). Returns false after reporting. */
bool hsc__cfg_read_value(struct hsc__cfg_ctx *ctx, const config_setting_t *setting,
                         const struct hsc__cfg_key *key, struct hsc__cfg_value *val);

/* True when some member of `group` that is not among known[n_known] would be
 * suggested as a typo of `name` (its "missing" error is then left out). */
bool hsc__cfg_typo_of(const config_setting_t *group, const char *const *known, size_t n_known,
                      const char *name);

/* Writes what a key expects ("an integer 0..10000000") into buf. */
void hsc__cfg_expect(const struct hsc__cfg_key *key, char *buf, size_t size);

/* Reads a number (float or integer) that must be finite. Returns false after
 * reporting. */
bool hsc__cfg_number(struct hsc__cfg_ctx *ctx, const config_setting_t *setting, double *out);

/* Reads an array or list of finite numbers into *values (owns; NULL when
 * empty) and *n. Returns false after reporting (nothing allocated). */
bool hsc__cfg_numbers(struct hsc__cfg_ctx *ctx, const config_setting_t *setting,
                      double **values, size_t *n);

/* Writes a sum of probabilities as dist.c does: %g, with more digits when
 * %g would round it to "1" ("must sum to 1 (sum is 0.9)"). */
void hsc__cfg_format_sum(double sum, char *buf, size_t size);

/* The same for a sum that should have been `target` (a whole number):
 * %g, with more digits when %g would round it to the target. */
void hsc__cfg_format_total(double sum, double target, char *buf, size_t size);

/* True for names matching [a-z][a-z0-9_]* (cohort and service names). */
bool hsc__cfg_is_identifier(const char *name);

#endif
