/*
 * The KPI catalogue of a scenario: every KPI's identifier, unit and
 * description, in the fixed order of the results file's K axis. Identifiers
 * are a contract (MODEL.md, docs/kpis.md); per-service KPIs are named
 * `<kpi>.service.<name>`.
 */
#ifndef HSCFLOW_KPIS_H
#define HSCFLOW_KPIS_H

#include <stddef.h>

#include "hscflow/results.h"
#include "hscflow/scenario.h"

/* Per-service KPIs, in catalogue order. */
enum hsc_service_kpi {
    HSC_SKPI_ARRIVALS,
    HSC_SKPI_ADMISSIONS,
    HSC_SKPI_TURNED_AWAY,
    HSC_SKPI_OCCUPANCY_MEAN,
    HSC_SKPI_WAITING_MEAN,
    HSC_SKPI_WAIT_MEAN_DAYS,
    HSC_SKPI_WAIT_P95_DAYS,
    HSC_SKPI_WAITED_PCT,
    HSC_SKPI_COUNT
};

/* Headline KPIs, in catalogue order (they come first). */
enum hsc_headline_kpi {
    HSC_KPI_ACUTE_OCCUPANCY_MEAN,
    HSC_KPI_ACUTE_OCCUPANCY_P95,
    HSC_KPI_HEADLINE_COUNT
};

struct hsc_kpi_set {
    size_t count;
    size_t n_services;
    struct hsc_kpi_def *defs; /* owns [count] */
};

/* Builds the catalogue for a scenario. Returns 0, or -1 when memory runs out. */
int hsc_kpis_build(const struct hsc_scenario *sc, struct hsc_kpi_set *set);
void hsc_kpis_fini(struct hsc_kpi_set *set);

/* Position of a headline KPI / of a per-service KPI of service `svc`. */
static inline size_t hsc_kpis_headline(enum hsc_headline_kpi kpi)
{
    return (size_t)kpi;
}
static inline size_t hsc_kpis_service(const struct hsc_kpi_set *set,
                                      enum hsc_service_kpi kpi, size_t svc)
{
    return HSC_KPI_HEADLINE_COUNT + (size_t)kpi * set->n_services + svc;
}

/* Index of the KPI with this identifier, or -1. */
long hsc_kpis_find(const struct hsc_kpi_set *set, const char *name);

#endif
