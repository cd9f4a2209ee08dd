/*
 * What the commands that run scenarios share: loading the scenario (stopping
 * at the first error), the default results path, and the /provenance/run
 * attributes (the only part of a results file that differs between
 * identical runs).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

double hsc_cli_wall_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int hsc_cli_load(const struct hsc_cli_run_flags *flags, struct hsc_scenario *sc)
{
    struct hsc_errors errs;
    hsc_errors_init(&errs, 1);
    int status = hsc_scenario_load(flags->scenario, flags->overrides, flags->n_overrides, sc,
                                   &errs);
    if (status != 0)
        hsc_errors_print(&errs, stderr);
    hsc_errors_fini(&errs);
    return status;
}

char *hsc_cli_default_output(const struct hsc_scenario *sc, const char *suffix)
{
    if (mkdir("results", 0777) != 0 && errno != EEXIST)
        return NULL;
    size_t len = strlen("results/.h5") + strlen(sc->name) + strlen(suffix) + 1;
    char *path = malloc(len);
    if (path)
        snprintf(path, len, "results/%s%s.h5", sc->name, suffix);
    return path;
}

static char *join_args(const char *command, int argc, char **argv)
{
    size_t len = strlen(command) + 1;
    for (int i = 0; i < argc; i++)
        len += strlen(argv[i]) + 1;
    char *line = malloc(len);
    if (!line)
        return NULL;
    strcpy(line, command);
    for (int i = 0; i < argc; i++) {
        strcat(line, " ");
        strcat(line, argv[i]);
    }
    return line;
}

void hsc_cli_fill_run_info(struct hsc_results *res, const char *command, int argc, char **argv,
                           size_t threads, double wall_seconds)
{
    char stamp[32], host[256] = "unknown";
    time_t now = time(NULL);
    struct tm utc;
    gmtime_r(&now, &utc);
    strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &utc);
    if (gethostname(host, sizeof host) != 0)
        strcpy(host, "unknown");
    host[sizeof host - 1] = '\0';
    res->run.created_utc = strdup(stamp);
    res->run.host = strdup(host);
    res->run.command_line = join_args(command, argc, argv);
    res->run.threads = (int64_t)threads;
    res->run.ranks = 1;
    res->run.wall_seconds = wall_seconds;
}
