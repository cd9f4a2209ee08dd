/*
 * The runaway-queue warnings of `run`, `summary`, `compare` and `options`
 * (docs/kpis.md, "Runaway queues"): a point any of whose replications had a
 * queue running away is named, with the services and how many replications,
 * because its KPIs describe gridlock rather than a steady state. The flags
 * come from the results (/diagnostics/runaway); counting is
 * hsc_results_runaway_reps / _any.
 */
#include <stdio.h>

#include "cli.h"

void hsc_cli_print_runaway_services(FILE *out, const struct hsc_results *res, size_t point)
{
    const char *sep = "";
    for (size_t s = 0; s < res->n_services; s++) {
        size_t n = hsc_results_runaway_reps(res, point, s);
        if (n == 0)
            continue;
        fprintf(out, "%s%s in %zu", sep, res->service_names[s], n);
        sep = ", ";
    }
}

void hsc_cli_print_runaway_warning(FILE *out, const char *prefix, size_t flagged,
                                   const char *who, const struct hsc_results *res, size_t point,
                                   const char *consequence)
{
    size_t reps = res->point_reps ? (size_t)res->point_reps[point] : res->n_reps;
    fprintf(out, "%sa queue ran away in %zu of %zu replication%s", prefix, flagged, reps,
            who || reps != 1 ? "s" : "");
    if (who)
        fprintf(out, " of %s", who);
    fputs(" (", out);
    hsc_cli_print_runaway_services(out, res, point);
    fprintf(out, "): %s (runaway_queues, docs/kpis.md)\n", consequence);
}

void hsc_cli_warn_runaway(FILE *out, const char *command, const char *label,
                          const struct hsc_results *res, size_t point)
{
    size_t flagged = hsc_results_runaway_any(res, point);
    if (flagged == 0)
        return;
    fprintf(out, "hscflow %s: warning: ", command);
    if (label)
        fprintf(out, "%s: ", label);
    else
        fprintf(out, "point \"%s\": ", res->point_names[point]);
    hsc_cli_print_runaway_warning(out, "", flagged, NULL, res, point,
                                  "its KPIs describe gridlock, not a steady state");
}

void hsc_cli_note_no_runaway_flags(FILE *out, const char *command, const char *file,
                                   const struct hsc_results *res)
{
    if (!res->runaway && res->n_points * res->n_reps * res->n_services > 0)
        fprintf(out, "hscflow %s: note: %s has no /diagnostics/runaway (written by an older "
                     "hscflow): whether a queue ran away is not known\n", command, file);
}
