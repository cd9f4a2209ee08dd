/*
 * A light scan of scenario text before libconfig parses it: it skips
 * comments and strings the way libconfig's scanner does, checks @include
 * targets, and notes decimal integers outside 32 bits.
 *
 * It is not a parser: anything it does not recognise is left for libconfig
 * to accept or reject. Include paths are resolved as libconfig 1.5 does:
 * relative to the scenario's directory, for nested includes too.
 */
#include "cfg_parse.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* libconfig 1.5 refuses deeper nesting itself ("include file nesting too
 * deep"); stopping there also ends include cycles. */
#define MAX_INCLUDE_DEPTH 10
#define MAX_LITERAL 128
/* Integer literals remembered per line to rank wide ones (a longer line
 * ranks its later literals among the first ones only). */
#define MAX_LINE_INTS 64

struct scanner {
    struct hsc__cfg_ctx *ctx;
    const char *file;   /* libconfig's name for the file; NULL = the scenario */
    const char *at, *end;
    int line;
    int depth;
    size_t errors;
    struct hsc__prescan *scan;
    int ints_line;               /* the line line_ints are from */
    size_t n_ints;
    int line_ints[MAX_LINE_INTS]; /* 32-bit values of the line's integer literals so far */
};

char *hsc__cfg_read_text(const char *path, size_t *len)
{
    FILE *in = fopen(path, "rb");
    if (!in)
        return NULL;
    size_t cap = 4096, used = 0;
    char *buf = malloc(cap);
    while (buf) {
        used += fread(buf + used, 1, cap - used - 1, in);
        if (ferror(in)) {
            int saved = errno;
            free(buf);
            fclose(in);
            errno = saved ? saved : EIO;
            return NULL;
        }
        if (feof(in))
            break;
        char *more = realloc(buf, cap * 2);
        if (!more)
            free(buf);
        buf = more;
        cap *= 2;
    }
    fclose(in);
    if (!buf) {
        errno = ENOMEM;
        return NULL;
    }
    buf[used] = '\0';
    *len = used;
    return buf;
}

static void scan_error(struct scanner *sc, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void scan_error(struct scanner *sc, const char *fmt, ...)
{
    char file[1024], msg[1024];
    hsc__cfg_display_file(sc->ctx, sc->file, file, sizeof file);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    hsc__cfg_error_at(sc->ctx, file, sc->line, NULL, "%s", msg);
    sc->errors++;
}

/* Notes a decimal literal (no suffix) that libconfig 1.5 will wrap. Longer
 * literals than MAX_LITERAL are left alone: only absurd zero-padding makes
 * one that fits. */
static int wrap32(long long value)
{
    return (int)(int32_t)(uint32_t)(unsigned long long)value;
}

/* Notes the 32-bit value of an integer literal of the current line and
 * returns how many earlier literals of the line have the same value: the
 * rank that tells a wide literal from a plain one it wraps to. */
static int rank_on_line(struct scanner *sc, int value)
{
    if (sc->ints_line != sc->line) {
        sc->ints_line = sc->line;
        sc->n_ints = 0;
    }
    int rank = 0;
    for (size_t i = 0; i < sc->n_ints; i++)
        rank += sc->line_ints[i] == value;
    if (sc->n_ints < MAX_LINE_INTS)
        sc->line_ints[sc->n_ints++] = value;
    return rank;
}

static void record(struct scanner *sc, const char *text, size_t len)
{
    if (len > MAX_LITERAL)
        return;
    char literal[MAX_LITERAL + 1];
    memcpy(literal, text, len);
    literal[len] = '\0';
    errno = 0;
    long long value = strtoll(literal, NULL, 10);
    bool too_wide = errno == ERANGE;
    int rank = rank_on_line(sc, wrap32(value));
    if (!too_wide && value >= INT_MIN && value <= INT_MAX)
        return;
    struct hsc__prescan *scan = sc->scan;
    if (scan->n == scan->cap) {
        size_t cap = scan->cap ? 2 * scan->cap : 8;
        struct hsc__wide_int *items = realloc(scan->items, cap * sizeof *items);
        if (!items)
            return; /* out of memory: the wrapped value stays, as libconfig left it */
        scan->items = items;
        scan->cap = cap;
    }
    struct hsc__wide_int *wide = &scan->items[scan->n];
    /* libconfig 1.5 converts with strtol (saturating, like strtoll here on
     * LP64) and keeps the low 32 bits. */
    *wide = (struct hsc__wide_int){
        .file = sc->file ? strdup(sc->file) : NULL,
        .line = sc->line,
        .value = value,
        .wrapped = wrap32(value),
        .rank = rank,
        .too_wide = too_wide,
        .text = strdup(literal),
    };
    if ((sc->file && !wide->file) || !wide->text) {
        free(wide->file);
        free(wide->text);
        return;
    }
    scan->n++;
}

/* A number token at sc->at (a digit, or a sign or '.' before a digit). */
static void scan_number(struct scanner *sc)
{
    const char *start = sc->at, *p = sc->at;
    if (*p == '-' || *p == '+')
        p++;
    if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
        /* Hex is read by libconfig as 32 bits; out-of-range values come out
         * negative, which every range check catches. */
        const char *digits = p + 2;
        for (p += 2; p < sc->end && isxdigit((unsigned char)*p); p++)
            ;
        if (p == sc->end || *p != 'L') /* an L makes a 64-bit setting, never wrapped */
            rank_on_line(sc, wrap32((long long)strtoull(digits, NULL, 16)));
        while (p < sc->end && *p == 'L')
            p++;
        sc->at = p;
        return;
    }
    bool is_float = false, has_suffix = false;
    while (p < sc->end && isdigit((unsigned char)*p))
        p++;
    if (p < sc->end && *p == '.') {
        is_float = true;
        for (p++; p < sc->end && isdigit((unsigned char)*p); p++)
            ;
    }
    if (p < sc->end && (*p == 'e' || *p == 'E')) {
        const char *q = p + 1;
        if (q < sc->end && (*q == '+' || *q == '-'))
            q++;
        if (q < sc->end && isdigit((unsigned char)*q)) {
            is_float = true;
            for (p = q; p < sc->end && isdigit((unsigned char)*p); p++)
                ;
        }
    }
    size_t len = (size_t)(p - start);
    while (p < sc->end && *p == 'L') {
        has_suffix = true;
        p++;
    }
    if (!is_float && !has_suffix)
        record(sc, start, len);
    sc->at = p;
}

static void scan_include(struct scanner *sc, const char *name, size_t len)
{
    char include[1024], target[2048], looked[2100] = "";
    snprintf(include, sizeof include, "%.*s", (int)len, name);
    snprintf(target, sizeof target, "%s%s", sc->ctx->prefix, include);
    if (sc->ctx->prefix[0])
        snprintf(looked, sizeof looked, " (looked for %s)", target);
    /* stat first: opening a FIFO or a directory would hang or fail oddly. */
    struct stat st;
    if (stat(target, &st) != 0) {
        scan_error(sc, "cannot include \"%s\": %s%s", include, strerror(errno), looked);
        return;
    }
    if (!S_ISREG(st.st_mode)) {
        scan_error(sc, "cannot include \"%s\": not a regular file%s", include, looked);
        return;
    }
    size_t text_len;
    char *text = hsc__cfg_read_text(target, &text_len);
    if (!text) {
        scan_error(sc, "cannot include \"%s\": %s%s", include, strerror(errno), looked);
        return;
    }
    if (sc->depth + 1 < MAX_INCLUDE_DEPTH)
        sc->errors += hsc__cfg_prescan(sc->ctx, text, text_len, include, sc->depth + 1, sc->scan);
    free(text);
}

/* At the start of a line: `@include "name"` as libconfig's scanner sees it. */
static bool try_include(struct scanner *sc)
{
    static const char keyword[] = "@include";
    const char *p = sc->at;
    if ((size_t)(sc->end - p) < sizeof keyword || strncmp(p, keyword, sizeof keyword - 1) != 0)
        return false;
    p += sizeof keyword - 1;
    const char *gap = p;
    while (p < sc->end && (*p == ' ' || *p == '\t'))
        p++;
    if (p == gap || p >= sc->end || *p != '"')
        return false;
    const char *name = ++p;
    while (p < sc->end && *p != '"' && *p != '\n')
        p++;
    if (p >= sc->end || *p != '"')
        return false;
    scan_include(sc, name, (size_t)(p - name));
    sc->at = p + 1;
    return true;
}

/* Skips a comment or string starting at sc->at; returns false if none. */
static bool skip_comment_or_string(struct scanner *sc)
{
    const char *p = sc->at;
    if (*p == '#' || (*p == '/' && p + 1 < sc->end && p[1] == '/')) {
        while (p < sc->end && *p != '\n')
            p++;
    } else if (*p == '/' && p + 1 < sc->end && p[1] == '*') {
        for (p += 2; p < sc->end && !(*p == '*' && p + 1 < sc->end && p[1] == '/'); p++)
            sc->line += *p == '\n';
        p = p < sc->end ? p + 2 : p;
    } else if (*p == '"') {
        for (p++; p < sc->end && *p != '"'; p++) {
            if (*p == '\\' && p + 1 < sc->end)
                p++;
            sc->line += *p == '\n';
        }
        p = p < sc->end ? p + 1 : p;
    } else {
        return false;
    }
    sc->at = p;
    return true;
}

static bool starts_number(const struct scanner *sc)
{
    const char *p = sc->at;
    if ((*p == '-' || *p == '+') && p + 1 < sc->end)
        p++;
    if (*p == '.' && p + 1 < sc->end)
        p++;
    return isdigit((unsigned char)*p);
}

size_t hsc__cfg_prescan(struct hsc__cfg_ctx *ctx, const char *text, size_t len,
                        const char *file, int depth, struct hsc__prescan *scan)
{
    struct scanner sc = {ctx, file, text, text + len, 1, depth, 0, scan, 0, 0, {0}};
    const char *nul = memchr(text, '\0', len);
    if (nul) {
        for (const char *p = text; p < nul; p++)
            sc.line += *p == '\n';
        scan_error(&sc, "contains a NUL byte (not a text file)");
        return sc.errors;
    }
    bool line_start = true;
    while (sc.at < sc.end) {
        char c = *sc.at;
        if (c == '\n') {
            sc.line++;
            sc.at++;
            line_start = true;
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\r') {
            sc.at++;
            continue;
        }
        if (line_start && c == '@' && try_include(&sc)) {
            line_start = false;
            continue;
        }
        line_start = false;
        if (skip_comment_or_string(&sc))
            continue;
        if (isalpha((unsigned char)c) || c == '*') {
            /* A setting name may contain digits and '-': skip it whole. */
            while (sc.at < sc.end && (isalnum((unsigned char)*sc.at) || *sc.at == '_' ||
                                      *sc.at == '-' || *sc.at == '*'))
                sc.at++;
        } else if (starts_number(&sc)) {
            scan_number(&sc);
        } else {
            sc.at++;
        }
    }
    return sc.errors;
}

void hsc__cfg_prescan_fini(struct hsc__prescan *scan)
{
    for (size_t i = 0; i < scan->n; i++) {
        free(scan->items[i].file);
        free(scan->items[i].text);
    }
    free(scan->items);
    memset(scan, 0, sizeof *scan);
}
