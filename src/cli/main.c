/*
 * hscflow's entry point: dispatches to one subcommand from a table.
 *
 * The locale is never set (libconfig parses numbers with atof) and GSL's
 * abort-on-error handler is switched off before anything runs.
 */
#include <gsl/gsl_errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
};

static const struct command commands[] = {
    {"run", hsc_cmd_run, "run a scenario's replications and write a results file"},
    {"validate", hsc_cmd_validate, "check a scenario and report every error"},
    {"summary", hsc_cmd_summary, "print the KPI table of a results file"},
    {"options", hsc_cmd_options, "run the baseline and every fund option, compare cost and effect"},
    {"optimise", hsc_cmd_optimise, "choose the best portfolio of options within the budget"},
    {"compare", hsc_cmd_compare, "compare results files: KPI differences with 95% CIs"},
};

static void usage(FILE *out)
{
    fputs("usage: hscflow COMMAND [ARGS]\n\ncommands:\n", out);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fputs("\n'hscflow COMMAND --help' describes each command.\n", out);
}

int main(int argc, char **argv)
{
    gsl_set_error_handler_off();
    if (argc < 2) {
        usage(stderr);
        return HSC_EXIT_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        usage(stdout);
        return HSC_EXIT_OK;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("hscflow %s\n", HSCFLOW_VERSION);
        return HSC_EXIT_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].run(argc - 2, argv + 2);
    fprintf(stderr, "hscflow: unknown command '%s'\n\n", argv[1]);
    usage(stderr);
    return HSC_EXIT_USAGE;
}
