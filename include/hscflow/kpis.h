/*
 * The KPI catalogue of a scenario: every KPI's identifier, unit and
 * description, in the fixed order of the results file's K axis. Identifiers
 * are a contract (docs/kpis.md, docs/model.md): headline KPIs first, then their
 * breakdowns `<kpi>.<dimension>.<label>` (cohort, locality, reason), then the
 * per-service set `<kpi>.service.<name>`.
 */
#ifndef HSCFLOW_KPIS_H
#define HSCFLOW_KPIS_H

#include <stddef.h>

#include "hscflow/kpi_def.h"
#include "hscflow/scenario.h"

struct hsc_kpi_set {
    size_t count;
    struct hsc_kpi_def *defs; /* owns [count] */
};

/* Builds the catalogue for a scenario. Returns 0, or -1 when memory runs out. */
int hsc_kpis_build(const struct hsc_scenario *sc, struct hsc_kpi_set *set);
void hsc_kpis_fini(struct hsc_kpi_set *set);

/* Index of the KPI with this identifier, or -1. */
long hsc_kpis_find(const struct hsc_kpi_set *set, const char *name);

#endif
