/*
 * A KPI's definition (identifier, unit, description) and the one lookup of a
 * KPI by identifier, shared by every layer: the KPI catalogue (src/model),
 * the option appraisal (src/analysis) and the commands (src/cli).
 * Invariant: identifiers (docs/kpis.md) match exactly, case and
 * all, and the first match wins. Nothing here allocates or frees defs.
 */
#ifndef HSCFLOW_KPI_DEF_H
#define HSCFLOW_KPI_DEF_H

#include <stddef.h>

struct hsc_kpi_def {
    char *name;        /* owns: e.g. "wait_mean_days.service.acute" */
    char *unit;        /* owns: e.g. "days" */
    char *description; /* owns */
};

/* Index of the first of defs[0..n_defs) whose name equals `name` exactly,
 * or -1 when none does. defs is borrowed and may be NULL when n_defs is 0;
 * a def whose name is NULL never matches, and a NULL `name` matches
 * nothing (-1). Linear in n_defs; allocates nothing. */
long hsc_kpi_lookup(const struct hsc_kpi_def *defs, size_t n_defs, const char *name);

#endif
