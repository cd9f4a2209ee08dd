/*
 * `hscflow summary FILE[:POINT]`: prints the KPI table (mean, 95% CI, sd, n
 * over replications) of one scenario point of a results file, then (on
 * stderr) a warning when a queue ran away in any of its replications.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char help_text[] =
    "usage: hscflow summary FILE.h5[:POINT]\n"
    "\n"
    "Prints the KPI table of a results file. POINT is a point name or a 0-based\n"
    "index (the file name and POINT are split at the last ':'); without POINT the\n"
    "file must hold a single scenario point. When a queue ran away in any of the\n"
    "point's replications, a warning on stderr names the services.\n";

int hsc_cmd_summary(int argc, char **argv)
{
    if (argc == 1 && (strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "-h") == 0)) {
        fputs(help_text, stdout);
        return HSC_EXIT_OK;
    }
    if (argc != 1 || argv[0][0] == '-') {
        fputs(help_text, stderr);
        return HSC_EXIT_USAGE;
    }
    const char *point_text;
    char *file = hsc_cli_split_point(argv[0], &point_text);
    if (!file)
        return HSC_EXIT_FAILURE;
    struct hsc_results res;
    struct hsc_error err = {0};
    int status = HSC_EXIT_OK;
    size_t point;
    if (hsc_results_read(file, &res, &err) != 0) {
        char buf[1024];
        hsc_error_format(&err, buf, sizeof buf);
        fprintf(stderr, "hscflow summary: %s\n", buf);
        hsc_error_clear(&err);
        free(file);
        return HSC_EXIT_FAILURE;
    }
    if (hsc_cli_select_point(&res, point_text, file, &point)) {
        hsc_cli_print_kpi_table(stdout, &res, point, file);
        fflush(stdout);
        hsc_cli_note_no_runaway_flags(stderr, "summary", file, &res);
        hsc_cli_warn_runaway(stderr, "summary", NULL, &res, point);
    } else {
        status = HSC_EXIT_USAGE;
    }
    hsc_results_free(&res);
    free(file);
    return status;
}
