/*
 * Internal to src/config: the scenario schema as data. Each group of settings
 * is described by a dotted pattern ("*" = any one name) and its known keys
 * with their types and allowed ranges; later issues extend the scenario by
 * adding rows here. The key index enums below follow the order of the rows.
 * Value rules that involve other settings (cross references) live in the
 * scenario builder, not here.
 */
#ifndef HSC_CONFIG_CFG_SCHEMA_H
#define HSC_CONFIG_CFG_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum hsc__cfg_type {
    HSC__CFG_GROUP,   /* a group, described by its own schema group */
    HSC__CFG_INT,     /* integer read as 64 bits, imin..imax (a float is an error) */
    HSC__CFG_NUMBER,  /* float or integer, finite, min..max (> min when min_open) */
    HSC__CFG_STRING,  /* any string */
    HSC__CFG_ENUM,    /* a string naming one of `choices` */
    HSC__CFG_DATE,    /* "YYYY-MM-DD", a real date */
};

struct hsc__cfg_key {
    const char *name;
    enum hsc__cfg_type type;
    bool required;
    int64_t imin, imax;         /* HSC__CFG_INT */
    double min, max;            /* HSC__CFG_NUMBER */
    bool min_open;              /* HSC__CFG_NUMBER: must be > min */
    const char *const *choices; /* HSC__CFG_ENUM: NULL-terminated */
    const char *noun;           /* HSC__CFG_ENUM: "kind", for "unknown kind ..." */
    const char *only;           /* HSC__CFG_ENUM: the one choice this version supports, or NULL */
    const char *only_why;       /* HSC__CFG_ENUM: the message when another choice is made */
};

/* How the member names of a group are decided. */
enum hsc__cfg_members {
    HSC__MEMBERS_FIXED,   /* the keys listed in the schema */
    HSC__MEMBERS_NAMED,   /* names chosen by the analyst (cohorts, services) */
    HSC__MEMBERS_COHORTS, /* cohort names or "default" (per-cohort settings) */
    HSC__MEMBERS_DIST,    /* "dist" and the distribution's parameters */
};

struct hsc__cfg_group {
    const char *pattern;            /* "services.*.duration"; "" = the root */
    enum hsc__cfg_members members;
    const struct hsc__cfg_key *keys; /* HSC__MEMBERS_FIXED */
    size_t n_keys;
    const char *noun;               /* NAMED: "cohort", "service" */
};

enum { HSC__ROOT_NAME, HSC__ROOT_DESCRIPTION, HSC__ROOT_RUN, HSC__ROOT_COHORTS,
       HSC__ROOT_SERVICES, HSC__ROOT_N };
enum { HSC__RUN_SEED, HSC__RUN_REPLICATIONS, HSC__RUN_WARMUP_DAYS, HSC__RUN_MEASURE_DAYS,
       HSC__RUN_START_DATE, HSC__RUN_MAX_PEOPLE, HSC__RUN_MAX_EVENTS, HSC__RUN_N };
enum { HSC__COHORT_EMERGENCY_PER_DAY, HSC__COHORT_ACUTE_SERVICE, HSC__COHORT_N };
enum { HSC__SERVICE_KIND, HSC__SERVICE_ROLE, HSC__SERVICE_CAPACITY, HSC__SERVICE_MAX_QUEUE,
       HSC__SERVICE_DURATION, HSC__SERVICE_N };

extern const struct hsc__cfg_group hsc__cfg_schema_root;
extern const struct hsc__cfg_group hsc__cfg_schema_run;
extern const struct hsc__cfg_group hsc__cfg_schema_cohort;   /* cohorts.* */
extern const struct hsc__cfg_group hsc__cfg_schema_service;  /* services.* */
extern const struct hsc__cfg_group hsc__cfg_schema_dist;     /* services.*.duration.* */

/* Names of enum hsc_kind / enum hsc_role values, NULL-terminated, in enum order. */
extern const char *const hsc__cfg_kind_names[];
extern const char *const hsc__cfg_role_names[];

/* The group described by the pattern `parent.pattern + "." + name` (with "*"
 * for NAMED and COHORTS parents), or NULL. Parent NULL = the root. */
const struct hsc__cfg_group *hsc__cfg_schema_child(const struct hsc__cfg_group *parent,
                                                  const char *name);

/* The key of a FIXED group, or NULL. */
const struct hsc__cfg_key *hsc__cfg_schema_key(const struct hsc__cfg_group *group,
                                              const char *name);

/* Fills names[] (capacity cap) with the key names a FIXED or DIST group
 * accepts and returns how many. For DIST, `dist_kind` (an enum hsc_dist_kind;
 * 0 = unknown) limits the parameters to that distribution's. */
size_t hsc__cfg_schema_names(const struct hsc__cfg_group *group, int dist_kind,
                             const char **names, size_t cap);

/* True when `name` is a parameter of at least one distribution kind. */
bool hsc__cfg_is_dist_param(const char *name);

#endif
