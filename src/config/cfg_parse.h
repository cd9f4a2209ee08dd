/*
 * Internal to src/config: from a scenario file to a libconfig tree, guarding
 * against two traps of libconfig 1.5: @include lines are checked
 * before libconfig sees them (`@include "."` makes it call exit()), and
 * decimal integers beyond 32 bits, which its parser silently wraps
 * (5000000000 becomes 705032704), are found in the text and restored.
 */
#ifndef HSC_CONFIG_CFG_PARSE_H
#define HSC_CONFIG_CFG_PARSE_H

#include <stdbool.h>
#include <stddef.h>

#include "cfg_ctx.h"

/* A decimal integer literal without an L suffix outside 32 bits. */
struct hsc__wide_int {
    char *file;       /* owns: libconfig's name for the file; NULL = the scenario */
    int line;
    long long value;  /* the value written (when !too_wide) */
    int wrapped;      /* what libconfig 1.5 stores instead */
    int rank;         /* earlier integer literals on its line with that same value */
    int seen;         /* while restoring: settings met so far on its line with it */
    bool too_wide;    /* beyond 64 bits as well */
    char *text;       /* owns: the literal as written */
};

struct hsc__prescan {
    struct hsc__wide_int *items; /* owns [n] */
    size_t n, cap;
};

/* Reads the scenario, checks it, and parses it into ctx->cfg (setting
 * ctx->cfg_ready). Returns -1 after reporting when there is no tree to
 * validate (unreadable file, bad @include, NUL byte, syntax error), else 0;
 * an integer beyond 64 bits is reported and its setting marked as reported,
 * and 0 is returned so the rest is still checked. */
int hsc__cfg_parse(struct hsc__cfg_ctx *ctx);

/* Scans the text of one file (`file` is libconfig's name for it, NULL for the
 * scenario; `depth` its include depth): checks each @include target is a
 * readable regular file and scans it too, and records wide integers in
 * scan. Returns the number of errors reported. */
size_t hsc__cfg_prescan(struct hsc__cfg_ctx *ctx, const char *text, size_t len,
                        const char *file, int depth, struct hsc__prescan *scan);
void hsc__cfg_prescan_fini(struct hsc__prescan *scan);

/* Reads a whole file into a new NUL-terminated buffer (*len excludes the
 * terminator). Returns NULL with errno set on failure. */
char *hsc__cfg_read_text(const char *path, size_t *len);

#endif
