/*
 * Error collection and the assertion path.
 *
 * Errors own copies of their strings so callers may pass temporaries. Memory
 * exhaustion while recording an error is treated as fatal: there is no
 * sensible way to report it.
 */
#include "hscflow/error.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

_Thread_local double hsc__assert_sim_time = NAN;

static char *dup_or_null(const char *text)
{
    if (!text)
        return NULL;
    char *copy = strdup(text);
    if (!copy) {
        fputs("hscflow: out of memory while reporting an error\n", stderr);
        abort();
    }
    return copy;
}

static char *vformat(const char *fmt, va_list ap)
{
    va_list again;
    va_copy(again, ap);
    int len = vsnprintf(NULL, 0, fmt, ap);
    char *buf = malloc(len > 0 ? (size_t)len + 1 : 1);
    if (!buf) {
        fputs("hscflow: out of memory while reporting an error\n", stderr);
        abort();
    }
    vsnprintf(buf, (size_t)len + 1, fmt, again);
    va_end(again);
    return buf;
}

static void fill(struct hsc_error *err, const char *file, int line, const char *path,
                 const char *fmt, va_list ap)
{
    err->file = dup_or_null(file);
    err->line = line;
    err->path = dup_or_null(path);
    err->message = vformat(fmt, ap);
}

void hsc_errors_init(struct hsc_errors *errs, size_t limit)
{
    memset(errs, 0, sizeof *errs);
    errs->limit = limit;
}

void hsc_error_clear(struct hsc_error *err)
{
    free(err->file);
    free(err->path);
    free(err->message);
    memset(err, 0, sizeof *err);
}

void hsc_errors_fini(struct hsc_errors *errs)
{
    for (size_t i = 0; i < errs->count; i++)
        hsc_error_clear(&errs->items[i]);
    free(errs->items);
    memset(errs, 0, sizeof *errs);
}

bool hsc_errors_full(const struct hsc_errors *errs)
{
    return errs->limit > 0 && errs->count >= errs->limit;
}

void hsc_errors_add(struct hsc_errors *errs, const char *file, int line,
                    const char *path, const char *fmt, ...)
{
    if (hsc_errors_full(errs))
        return;
    if (errs->count == errs->cap) {
        size_t cap = errs->cap ? errs->cap * 2 : 8;
        struct hsc_error *items = realloc(errs->items, cap * sizeof *items);
        if (!items) {
            fputs("hscflow: out of memory while reporting an error\n", stderr);
            abort();
        }
        errs->items = items;
        errs->cap = cap;
    }
    struct hsc_error *err = &errs->items[errs->count++];
    va_list ap;
    va_start(ap, fmt);
    fill(err, file, line, path, fmt, ap);
    va_end(ap);
}

void hsc_error_set(struct hsc_error *err, const char *file, int line,
                   const char *path, const char *fmt, ...)
{
    hsc_error_clear(err);
    va_list ap;
    va_start(ap, fmt);
    fill(err, file, line, path, fmt, ap);
    va_end(ap);
}

void hsc_error_format(const struct hsc_error *err, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
#define APPEND(...)                                                         \
    do {                                                                    \
        int n_ = snprintf(buf + used, size - used, __VA_ARGS__);            \
        if (n_ > 0)                                                         \
            used = used + (size_t)n_ < size ? used + (size_t)n_ : size - 1; \
    } while (0)
    if (err->file && err->line > 0)
        APPEND("%s:%d: ", err->file, err->line);
    else if (err->file)
        APPEND("%s: ", err->file);
    if (err->path)
        APPEND("%s: ", err->path);
    APPEND("%s", err->message ? err->message : "(no message)");
#undef APPEND
}

void hsc_errors_print(const struct hsc_errors *errs, FILE *out)
{
    char buf[2048];
    for (size_t i = 0; i < errs->count; i++) {
        hsc_error_format(&errs->items[i], buf, sizeof buf);
        fprintf(out, "%s\n", buf);
    }
}

void hsc__assert_fail(const char *file, int line, const char *func,
                      const char *cond)
{
    fprintf(stderr, "hscflow: internal error at %s:%d in %s(): assertion '%s' failed",
            file, line, func, cond);
    if (!isnan(hsc__assert_sim_time))
        fprintf(stderr, " (simulation time %.6f days)", hsc__assert_sim_time);
    fputs("\n", stderr);
    abort();
}
