/*
 * Internal to src/config: the state of one scenario load, error reporting
 * that knows where each setting came from (file and line, or the command
 * line), and the did-you-mean hints those errors carry.
 *
 * Invariant: every error of a load goes through these functions, so
 * ctx->n_errors counts them even after the caller's error list is full.
 * This header exposes libconfig types; nothing outside src/config includes it.
 */
#ifndef HSC_CONFIG_CFG_CTX_H
#define HSC_CONFIG_CFG_CTX_H

#include <libconfig.h>
#include <stdbool.h>
#include <stddef.h>

#include "hscflow/error.h"

/* The file name given to errors about --set overrides. */
#define HSC__CMDLINE "(command line)"

/* One scenario load. */
struct hsc__cfg_ctx {
    config_t cfg;            /* the parsed tree (valid when cfg_ready) */
    bool cfg_ready;          /* cfg was initialised and needs config_destroy */
    const char *path;        /* borrows: the scenario file as given */
    char *prefix;            /* owns: path's directory with its trailing '/', or "" */
    char *include_dir;       /* owns: the directory libconfig resolves @include in */
    struct hsc_errors *errs; /* borrows: where errors go */
    size_t n_errors;         /* errors reported by this load, kept or not */
    char cmdline_mark;       /* its address marks settings set by --set (hook) */
    char reported_mark;      /* its address marks settings whose value was already
                                reported while parsing: later errors are dropped */
};

/* Fills ctx for loading `path` into errs (both borrowed). Returns -1 when
 * memory runs out. */
int hsc__cfg_ctx_init(struct hsc__cfg_ctx *ctx, const char *path, struct hsc_errors *errs);
void hsc__cfg_ctx_fini(struct hsc__cfg_ctx *ctx);

/* True once this load has reported an error and the caller's list is full:
 * loading should stop. */
bool hsc__cfg_stop(const struct hsc__cfg_ctx *ctx);

/* The name under which errors show the file libconfig recorded as `file`
 * (NULL = the scenario itself; included files are relative to its directory). */
void hsc__cfg_display_file(const struct hsc__cfg_ctx *ctx, const char *file,
                           char *buf, size_t size);

/* Marks a setting as coming from the command line. */
void hsc__cfg_mark_cmdline(struct hsc__cfg_ctx *ctx, config_setting_t *setting);

/* Writes the dotted path of a setting ("services.acute.capacity"; array and
 * list items as "values[2]", counted from 0) into buf. */
void hsc__cfg_setting_path(const config_setting_t *setting, char *buf, size_t size);

/* Where errors about a setting are reported: its file (as hsc__cfg_display_file
 * shows it) and line, or "(command line)" and line 0 when it (or a group
 * holding it) was set by --set. */
void hsc__cfg_locate(const struct hsc__cfg_ctx *ctx, const config_setting_t *setting,
                     char *file, size_t size, int *line);

/* Reports an error at a setting: its file and line, or "(command line)" when
 * it (or a group holding it) was set by --set. Nothing is reported for a
 * setting marked with reported_mark (its one error is already out). */
void hsc__cfg_error(struct hsc__cfg_ctx *ctx, const config_setting_t *setting,
                    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Reports an error about the member `name` of `group` that is absent: the
 * path is group.name, the location that of the group. */
void hsc__cfg_error_in(struct hsc__cfg_ctx *ctx, const config_setting_t *group,
                       const char *name, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Reports an error at an explicit location (file may be NULL, line 0 = none,
 * path may be NULL). */
void hsc__cfg_error_at(struct hsc__cfg_ctx *ctx, const char *file, int line,
                       const char *path, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Where something written in the scenario came from when it is not (or
 * not only) a setting of the tree being checked: an option's change. */
struct hsc__cfg_origin {
    struct hsc__cfg_ctx *report;      /* borrows: the load whose errors these are */
    const config_setting_t *setting;  /* borrows: the setting in report's tree, or NULL
                                         (then the scenario file, no line) */
    const char *label;                /* borrows: the path errors show,
                                         "options.bluebell.changes[0]" */
};

/* Reports an error at an origin: the setting's file and line (or the
 * scenario without a line) and the origin's label as the path. */
void hsc__cfg_error_origin(const struct hsc__cfg_origin *origin, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* "an integer", "a float", "a string", ... for the type of a setting. */
const char *hsc__cfg_type_name(const config_setting_t *setting);

/* Writes a double as short text that reads back to the same value: whole
 * numbers below 1e15 without exponent ("100000"), others as the shortest %g
 * ("0.1", "2.5e-07", "inf"). */
void hsc__cfg_format_number(double value, char *buf, size_t size);

/* Did-you-mean: the candidate closest to `name` by edit distance when close
 * enough (distance <= max(2, length/3), and less than the longer of the two
 * lengths, so that a wholly different name is never "close"), else
 * NULL. Ties go to the earlier candidate. */
const char *hsc__cfg_suggest(const char *name, const char *const *candidates, size_t n);

/* Writes the hint for an unknown name into buf: `did you mean "x"?` when one
 * candidate is close, else `expected one of: a, b, c` (or `none are defined`). */
void hsc__cfg_hint(const char *name, const char *const *candidates, size_t n,
                   char *buf, size_t size);

/* Joins names with ", " into buf (truncated with "..." when too long). */
void hsc__cfg_join(const char *const *names, size_t n, char *buf, size_t size);

#endif
