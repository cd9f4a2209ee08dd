/*
 * Error reporting for hscflow.
 *
 * Bad input and environment problems are returned as statuses with a filled
 * struct hsc_error (file, line, setting path, message); a collection of them
 * (struct hsc_errors) lets `validate` report every problem at once.
 * Bugs are caught by HSC_ASSERT, which stays on in release builds.
 * Only src/cli/ calls exit().
 */
#ifndef HSCFLOW_ERROR_H
#define HSCFLOW_ERROR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* One error. Every string is owned by the error (NULL when absent). */
struct hsc_error {
    char *file;     /* owns: file the error is in, or "(command line)" */
    int line;       /* 1-based line, 0 when unknown */
    char *path;     /* owns: dotted setting path such as "services.acute.capacity" */
    char *message;  /* owns: what was expected, e.g. "must be >= 0 (got -3)" */
};

/* A growing list of errors. `limit` > 0 stops collecting after that many. */
struct hsc_errors {
    struct hsc_error *items; /* owns */
    size_t count;
    size_t cap;
    size_t limit;
};

void hsc_errors_init(struct hsc_errors *errs, size_t limit);
void hsc_errors_fini(struct hsc_errors *errs);

/* Appends an error (copies every string). A NULL file or path is allowed.
 * Ignored once the limit is reached. Aborts only if memory runs out. */
void hsc_errors_add(struct hsc_errors *errs, const char *file, int line,
                    const char *path, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* True once `limit` errors have been collected (never when limit is 0). */
bool hsc_errors_full(const struct hsc_errors *errs);

/* Writes "file:line: path: message" into buf (parts that are absent are
 * left out: "file: message", "path: message", "message"). */
void hsc_error_format(const struct hsc_error *err, char *buf, size_t size);

/* Prints every error, one per line, formatted as above. */
void hsc_errors_print(const struct hsc_errors *errs, FILE *out);

/* Fills a single error (frees what it held before). */
void hsc_error_set(struct hsc_error *err, const char *file, int line,
                   const char *path, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
void hsc_error_clear(struct hsc_error *err);

/* Simulation time of the replication running on this thread (NaN outside
 * a run); HSC_ASSERT prints it. Set by the simulation loop. */
extern _Thread_local double hsc__assert_sim_time;

_Noreturn void hsc__assert_fail(const char *file, int line, const char *func,
                                const char *cond);

#define HSC_ASSERT(cond)                                                   \
    ((cond) ? (void)0 : hsc__assert_fail(__FILE__, __LINE__, __func__, #cond))

#endif
