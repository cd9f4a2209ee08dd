/*
 * Helpers for tests that run whole scenarios: write scenario text to a
 * temporary file, load it (failing the test with the loader's messages if it
 * is invalid), run every replication, and read KPIs by identifier.
 * Header-only so each test program stays one file plus this.
 */
#ifndef HSCFLOW_TESTS_RUN_SUPPORT_H
#define HSCFLOW_TESTS_RUN_SUPPORT_H

#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hscflow/exec.h"
#include "hscflow/results.h"
#include "hscflow/scenario.h"

/* Writes `text` to a fresh temporary .cfg file; returns its path (owned). */
static inline char *support_write_scenario(const char *text)
{
    char dir_template[] = "/tmp/hscflow-test-XXXXXX";
    char *dir = mkdtemp(dir_template);
    if (!dir)
        abort();
    size_t len = strlen(dir) + 32;
    char *path = malloc(len);
    snprintf(path, len, "%s/scenario.cfg", dir);
    FILE *f = fopen(path, "w");
    if (!f || fputs(text, f) < 0 || fclose(f) != 0)
        abort();
    return path;
}

static inline void support_remove_scenario(char *path)
{
    unlink(path);
    char *slash = strrchr(path, '/');
    *slash = '\0';
    rmdir(path);
    free(path);
}

/* Loads scenario text (printf-style) with optional overrides; aborts the
 * test program with the loader's messages when it is invalid. */
static inline void support_load(struct hsc_scenario *sc, const struct hsc_override *ov,
                                size_t n_ov, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char text[8192];
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    char *path = support_write_scenario(text);
    struct hsc_errors errs;
    hsc_errors_init(&errs, 0);
    if (hsc_scenario_load(path, ov, n_ov, sc, &errs) != 0) {
        fprintf(stderr, "test scenario is invalid:\n");
        hsc_errors_print(&errs, stderr);
        fprintf(stderr, "---\n%s\n---\n", text);
        abort();
    }
    hsc_errors_fini(&errs);
    support_remove_scenario(path);
}

/* Runs every replication on two threads; aborts on a run-time error. */
static inline void support_run(const struct hsc_scenario *sc, struct hsc_results *res)
{
    struct hsc_exec_options opts = {.threads = 2, .progress = false};
    struct hsc_error err = {0};
    if (hsc_exec_run(sc, &opts, res, &err) != 0) {
        char buf[1024];
        hsc_error_format(&err, buf, sizeof buf);
        fprintf(stderr, "run failed: %s\n", buf);
        abort();
    }
}

/* Index of a KPI by identifier; aborts if absent. */
static inline size_t support_kpi(const struct hsc_results *res, const char *name)
{
    long k = hsc_kpi_lookup(res->kpis, res->n_kpis, name);
    if (k >= 0)
        return (size_t)k;
    fprintf(stderr, "no KPI named %s\n", name);
    abort();
}

/* Value of a KPI in replication r of point 0. */
static inline double support_value(const struct hsc_results *res, const char *name, size_t rep)
{
    return res->kpi_value[hsc_results_kpi_index(res, 0, rep, support_kpi(res, name))];
}

/* Mean and standard error over replications of f(rep). */
struct support_estimate {
    double mean;
    double se;
};

static inline struct support_estimate support_estimate(const double *x, size_t n)
{
    double sum = 0.0, sq = 0.0;
    for (size_t i = 0; i < n; i++)
        sum += x[i];
    double mean = sum / (double)n;
    for (size_t i = 0; i < n; i++)
        sq += (x[i] - mean) * (x[i] - mean);
    return (struct support_estimate){mean, sqrt(sq / (double)(n - 1) / (double)n)};
}

#endif
