/*
 * `hscflow run SCENARIO [-o OUT.h5] [-r REPS] [--seed N] [--set PATH=VALUE]...
 * [--threads N] [--trace]`: validates the scenario (stopping at the first
 * error), runs its replications on a thread pool, writes the results file
 * atomically (with the event log /events when --trace is given) and prints
 * the KPI table, then (on stderr) a warning when a queue ran away in any
 * replication.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "hscflow/exec.h"

static const char help_text[] =
    "usage: hscflow run SCENARIO [-o OUT.h5] [-r REPS] [--seed N]\n"
    "                   [--set PATH=VALUE]... [--threads N] [--trace]\n"
    "\n"
    "Runs the scenario's replications and writes a results file (default\n"
    "results/<scenario name>.h5), then prints the KPI table. When a queue (the ED\n"
    "queue or a service's waiting list) ran away in any replication, a warning on\n"
    "stderr names the services: those results describe gridlock, not a steady state.\n"
    "\n"
    "  -o, --output FILE       results file to write (written atomically)\n"
    "  -r, --replications N    overrides run.replications\n"
    "  --seed N                overrides run.seed\n"
    "  --set PATH=VALUE        overrides any setting, e.g. --set services.acute.capacity=280\n"
    "  --threads N             worker threads (default: all cores); results do not depend on it\n"
    "  --trace                 also write the per-person event log (/events: one record per\n"
    "                          arrival, admission, discharge, ...; see docs/results-format.md);\n"
    "                          memory and file size grow with the number of events\n"
    "\n"
    "Exit status: 0 ok, 1 bad usage or scenario, 2 run-time or I/O failure.\n";


static int fail(const char *what, struct hsc_error *err)
{
    char buf[2048];
    hsc_error_format(err, buf, sizeof buf);
    fprintf(stderr, "hscflow run: %s: %s\n", what, buf);
    hsc_error_clear(err);
    return HSC_EXIT_FAILURE;
}

static int run_loaded(const struct hsc_scenario *sc, const struct hsc_cli_run_flags *flags,
                      int argc, char **argv)
{
    struct hsc_results res;
    struct hsc_error err = {0};
    char *output = flags->output ? strdup(flags->output) : hsc_cli_default_output(sc, "");
    if (!output) {
        fprintf(stderr, "hscflow run: cannot create the results folder: %s\n", strerror(errno));
        return HSC_EXIT_FAILURE;
    }
    size_t threads = flags->threads ? flags->threads : hsc_exec_cores();
    struct hsc_exec_options opts = {.threads = threads, .progress = true,
                                    .trace = flags->trace};
    double start = hsc_cli_wall_now();
    if (hsc_exec_run(sc, &opts, &res, &err) != 0) {
        free(output);
        return fail("simulation stopped", &err);
    }
    hsc_cli_fill_run_info(&res, "hscflow run", argc, argv, threads, hsc_cli_wall_now() - start);
    int status = HSC_EXIT_OK;
    if (hsc_results_write(&res, output, &err) != 0) {
        status = fail("cannot write results", &err);
    } else {
        hsc_cli_print_kpi_table(stdout, &res, 0, sc->path);
        if (res.traces)
            printf("\ntraced %zu events into /events", hsc_results_trace_count(&res));
        printf("\nwrote %s (%.1f s)\n", output, res.run.wall_seconds);
        fflush(stdout);
        hsc_cli_warn_runaway(stderr, "run", NULL, &res, 0);
    }
    hsc_results_free(&res);
    free(output);
    return status;
}

int hsc_cmd_run(int argc, char **argv)
{
    struct hsc_cli_run_flags flags;
    bool help;
    int status = HSC_EXIT_USAGE;
    unsigned accept = HSC_CLI_RUN_FLAGS | HSC_CLI_TRACE;
    if (!hsc_cli_parse_run_flags(argc, argv, "run", accept, &flags, &help))
        goto done;
    if (help) {
        fputs(help_text, stdout);
        status = HSC_EXIT_OK;
        goto done;
    }
    struct hsc_scenario sc;
    if (hsc_cli_load(&flags, &sc) != 0)
        goto done;
    status = run_loaded(&sc, &flags, argc, argv);
    hsc_scenario_fini(&sc);
done:
    hsc_cli_run_flags_fini(&flags);
    return status;
}
