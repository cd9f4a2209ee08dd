/*
 * Parsing of the run flags shared by subcommands that run a scenario:
 * SCENARIO, -o, -r, --seed, --set PATH=VALUE (repeatable), --threads and,
 * for `run` only, --trace.
 *
 * Flags never change the scenario directly: --seed and -r become overrides of
 * run.seed and run.replications so the loader validates them like any other
 * setting and the resolved scenario text records them.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static bool add_override(struct hsc_cli_run_flags *flags, const char *path, const char *value)
{
    struct hsc_override *more =
        realloc(flags->overrides, (flags->n_overrides + 1) * sizeof *more);
    if (!more)
        return false;
    flags->overrides = more;
    flags->overrides[flags->n_overrides++] = (struct hsc_override){path, value};
    return true;
}

static bool parse_set(struct hsc_cli_run_flags *flags, char *text, const char *command)
{
    struct hsc_override ov;
    if (!hsc_override_parse(text, &ov)) {
        fprintf(stderr, "hscflow %s: --set expects PATH=VALUE (got '%s')\n", command, text);
        return false;
    }
    return add_override(flags, ov.path, ov.value);
}

static bool parse_threads(const char *text, size_t *threads, const char *command)
{
    char *end;
    errno = 0;
    long long value = strtoll(text, &end, 10);
    if (errno || *end || end == text || value < 1 || value > 4096) {
        fprintf(stderr, "hscflow %s: --threads expects an integer 1..4096 (got '%s')\n",
                command, text);
        return false;
    }
    *threads = (size_t)value;
    return true;
}

/* Flags of `optimise` that are settings, applied as overrides after --set. */
static const struct {
    const char *flag, *setting;
} setting_flags[] = {
    {"--objective", "optimise.objective"},
    {"--budget", "budget.annual"},
    {"--committed", "budget.committed"},
};
#define N_SETTING_FLAGS (sizeof setting_flags / sizeof setting_flags[0])

/* Index of the setting flag `arg`, or -1. */
static long setting_flag(const char *arg)
{
    for (size_t i = 0; i < N_SETTING_FLAGS; i++)
        if (strcmp(arg, setting_flags[i].flag) == 0)
            return (long)i;
    return -1;
}

bool hsc_cli_parse_run_flags(int argc, char **argv, const char *command, unsigned accept,
                             struct hsc_cli_run_flags *flags, bool *help)
{
    bool allow_run = (accept & HSC_CLI_RUN_FLAGS) != 0;
    bool allow_trace = (accept & HSC_CLI_TRACE) != 0;
    bool allow_optimise = (accept & HSC_CLI_OPTIMISE) != 0;
    memset(flags, 0, sizeof *flags);
    *help = false;
    const char *seed = NULL, *reps = NULL;
    const char *setting_values[N_SETTING_FLAGS] = {NULL};
    long f;
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];
        bool has_value = i + 1 < argc;
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            *help = true;
            return true;
        } else if (strcmp(arg, "--set") == 0 && has_value) {
            if (!parse_set(flags, argv[++i], command))
                return false;
        } else if (strncmp(arg, "--set=", 6) == 0) {
            if (!parse_set(flags, argv[i] + 6, command))
                return false;
        } else if (allow_run && (strcmp(arg, "-o") == 0 || strcmp(arg, "--output") == 0) &&
                   has_value) {
            flags->output = argv[++i];
        } else if (allow_run && (strcmp(arg, "-r") == 0 || strcmp(arg, "--replications") == 0) &&
                   has_value) {
            reps = argv[++i];
        } else if (allow_run && strcmp(arg, "--seed") == 0 && has_value) {
            seed = argv[++i];
        } else if (allow_run && strcmp(arg, "--threads") == 0 && has_value) {
            if (!parse_threads(argv[++i], &flags->threads, command))
                return false;
        } else if (allow_trace && strcmp(arg, "--trace") == 0) {
            flags->trace = true;
        } else if (allow_optimise && strcmp(arg, "--csv") == 0 && has_value) {
            flags->csv = argv[++i];
        } else if (allow_optimise && has_value && (f = setting_flag(arg)) >= 0) {
            setting_values[f] = argv[++i];
        } else if (arg[0] == '-' && arg[1] != '\0') {
            fprintf(stderr, "hscflow %s: unknown option or missing value: '%s' (see --help)\n",
                    command, arg);
            return false;
        } else if (!flags->scenario) {
            flags->scenario = arg;
        } else {
            fprintf(stderr, "hscflow %s: unexpected argument '%s'\n", command, arg);
            return false;
        }
    }
    if (!flags->scenario) {
        fprintf(stderr, "hscflow %s: missing SCENARIO (see --help)\n", command);
        return false;
    }
    if (seed && !add_override(flags, "run.seed", seed))
        return false;
    if (reps && !add_override(flags, "run.replications", reps))
        return false;
    for (size_t s = 0; s < N_SETTING_FLAGS; s++)
        if (setting_values[s] && !add_override(flags, setting_flags[s].setting, setting_values[s]))
            return false;
    return true;
}

void hsc_cli_run_flags_fini(struct hsc_cli_run_flags *flags)
{
    free(flags->overrides);
    memset(flags, 0, sizeof *flags);
}
