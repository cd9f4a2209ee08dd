/*
 * The KPI table printed by `run` and `summary`, and point selection in a
 * results file. Numbers are formatted for reading, not for re-use: the
 * results file holds them exactly.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

void hsc_cli_format_number(char *buf, size_t size, double x, bool sign)
{
    double mag = fabs(x);
    const char *fmt;
    if (isnan(x)) {
        snprintf(buf, size, "NaN");
        return;
    }
    if (mag >= 1e6)
        fmt = sign ? "%+.4g" : "%.4g";
    else if (mag >= 1000.0)
        fmt = sign ? "%+.0f" : "%.0f";
    else if (mag >= 10.0)
        fmt = sign ? "%+.2f" : "%.2f";
    else
        fmt = sign ? "%+.4f" : "%.4f";
    snprintf(buf, size, fmt, x);
}

char *hsc_cli_split_point(const char *arg, const char **point)
{
    const char *colon = strrchr(arg, ':');
    *point = NULL;
    if (!colon)
        return strdup(arg);
    *point = colon + 1;
    return strndup(arg, (size_t)(colon - arg));
}

/* The widest KPI name (or unit, when `unit` is set), at least `least`. */
static int column_width(const struct hsc_results *res, bool unit, size_t least)
{
    size_t width = least;
    for (size_t k = 0; k < res->n_kpis; k++) {
        size_t len = strlen(unit ? res->kpis[k].unit : res->kpis[k].name);
        if (len > width)
            width = len;
    }
    return (int)width;
}

void hsc_cli_print_kpi_table(FILE *out, const struct hsc_results *res, size_t point,
                             const char *source)
{
    size_t ran = (size_t)res->point_reps[point]; /* may be fewer than R (a staged run) */
    fprintf(out, "%s: point \"%s\", %zu replication%s, seed %llu, %g days measured from %s "
                 "after %g days of warm-up\n\n",
            source, res->point_names[point], ran, ran == 1 ? "" : "s",
            (unsigned long long)res->master_seed,
            res->measure_days, res->start_date ? res->start_date : "?", res->warmup_days);
    int width = column_width(res, false, 3), unit_width = column_width(res, true, 4);
    fprintf(out, "%-*s  %-*s  %10s  %23s  %10s  %4s\n", width, "KPI", unit_width, "unit",
            "mean", "95% CI", "sd", "n");
    for (size_t k = 0; k < res->n_kpis; k++) {
        const struct hsc_summary *sum = &res->summary[point * res->n_kpis + k];
        char mean[32], low[32], high[32], sd[32], ci[80];
        hsc_cli_format_number(mean, sizeof mean, sum->mean, false);
        hsc_cli_format_number(low, sizeof low, sum->ci_low, false);
        hsc_cli_format_number(high, sizeof high, sum->ci_high, false);
        hsc_cli_format_number(sd, sizeof sd, sum->sd, false);
        snprintf(ci, sizeof ci, "[%s, %s]", low, high);
        fprintf(out, "%-*s  %-*s  %10s  %23s  %10s  %4.0f\n", width, res->kpis[k].name,
                unit_width, res->kpis[k].unit, mean, ci, sd, sum->n);
    }
}

bool hsc_cli_select_point(const struct hsc_results *res, const char *point_text,
                          const char *file, size_t *point)
{
    if (!point_text) {
        if (res->n_points == 1) {
            *point = 0;
            return true;
        }
        fprintf(stderr, "%s holds %zu scenario points; name one as FILE:POINT:", file,
                res->n_points);
        for (size_t p = 0; p < res->n_points; p++)
            fprintf(stderr, " %s", res->point_names[p]);
        fputc('\n', stderr);
        return false;
    }
    for (size_t p = 0; p < res->n_points; p++) {
        if (strcmp(res->point_names[p], point_text) == 0) {
            *point = p;
            return true;
        }
    }
    char *end;
    errno = 0;
    unsigned long long index = strtoull(point_text, &end, 10);
    if (!errno && *point_text && !*end && index < res->n_points) {
        *point = (size_t)index;
        return true;
    }
    fprintf(stderr, "%s has no scenario point '%s' (it has %zu)\n", file, point_text,
            res->n_points);
    return false;
}
