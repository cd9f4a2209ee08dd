/*
 * `hscflow validate SCENARIO [--set PATH=VALUE]...`: loads the scenario,
 * reports every error (file:line: setting.path: message) on stderr and exits
 * 1, or says it is valid and exits 0. Nothing is simulated.
 */
#include <stdio.h>

#include "cli.h"

static const char help_text[] =
    "usage: hscflow validate SCENARIO [--set PATH=VALUE]...\n"
    "\n"
    "Checks every setting of SCENARIO (after the --set overrides) and prints each\n"
    "error as  file:line: setting.path: message.  Exit status 0 when valid, 1 otherwise.\n";

int hsc_cmd_validate(int argc, char **argv)
{
    struct hsc_cli_run_flags flags;
    bool help;
    if (!hsc_cli_parse_run_flags(argc, argv, "validate", 0, &flags, &help)) {
        hsc_cli_run_flags_fini(&flags);
        return HSC_EXIT_USAGE;
    }
    if (help) {
        fputs(help_text, stdout);
        hsc_cli_run_flags_fini(&flags);
        return HSC_EXIT_OK;
    }
    struct hsc_errors errs;
    hsc_errors_init(&errs, 0);
    struct hsc_scenario sc;
    int status = HSC_EXIT_OK;
    if (hsc_scenario_load(flags.scenario, flags.overrides, flags.n_overrides, &sc, &errs) != 0) {
        hsc_errors_print(&errs, stderr);
        status = HSC_EXIT_USAGE;
    } else {
        printf("%s: valid\n", flags.scenario);
        hsc_scenario_fini(&sc);
    }
    hsc_errors_fini(&errs);
    hsc_cli_run_flags_fini(&flags);
    return status;
}
