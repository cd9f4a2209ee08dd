/*
 * The KPI catalogue (identifiers, units, descriptions) and the computation of
 * one replication's KPIs from its measurement-period statistics.
 *
 * Definitions follow MODEL.md and docs/kpis.md; a KPI whose denominator is
 * zero is NaN, never 0. The catalogue order is the K axis of the results file.
 */
#include "hscflow/kpis.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_state.h"

struct kpi_text {
    const char *name;
    const char *unit;
    const char *description;
};

static const struct kpi_text headline_text[HSC_KPI_HEADLINE_COUNT] = {
    [HSC_KPI_ACUTE_OCCUPANCY_MEAN] =
        {"acute_occupancy_mean", "fraction",
         "occupied / available beds over all acute services: time-weighted mean "
         "over the measurement period"},
    [HSC_KPI_ACUTE_OCCUPANCY_P95] =
        {"acute_occupancy_p95", "fraction",
         "95th percentile of the time-weighted distribution of occupied / available "
         "acute beds over the measurement period"},
};

static const struct kpi_text service_text[HSC_SKPI_COUNT] = {
    [HSC_SKPI_ARRIVALS] = {"arrivals", "people",
                           "people who asked for a place in the period (admitted, queued "
                           "or turned away)"},
    [HSC_SKPI_ADMISSIONS] = {"admissions", "people", "people who got a place in the period"},
    [HSC_SKPI_TURNED_AWAY] = {"turned_away", "people",
                              "arrivals in the period refused because the service was full "
                              "and its queue at its limit"},
    [HSC_SKPI_OCCUPANCY_MEAN] = {"occupancy_mean", "people",
                                 "time-weighted mean number of people holding a place"},
    [HSC_SKPI_WAITING_MEAN] = {"waiting_mean", "people",
                               "time-weighted mean number of people waiting for a place"},
    [HSC_SKPI_WAIT_MEAN_DAYS] = {"wait_mean_days", "days",
                                 "mean wait from asking to getting a place, over people "
                                 "admitted in the period (zero waits included)"},
    [HSC_SKPI_WAIT_P95_DAYS] = {"wait_p95_days", "days",
                                "95th percentile of that wait (nearest rank, 0.5% "
                                "resolution)"},
    [HSC_SKPI_WAITED_PCT] = {"waited_pct", "%",
                             "of people admitted in the period, the share who waited at all"},
};

static int set_def(struct hsc_kpi_def *def, const char *name, const struct kpi_text *text,
                   const char *service)
{
    char desc[512];
    snprintf(desc, sizeof desc, "%s%s%s", text->description, service ? ": service " : "",
             service ? service : "");
    def->name = strdup(name);
    def->unit = strdup(text->unit);
    def->description = strdup(desc);
    return def->name && def->unit && def->description ? 0 : -1;
}

int hsc_kpis_build(const struct hsc_scenario *sc, struct hsc_kpi_set *set)
{
    set->n_services = sc->n_services;
    set->count = HSC_KPI_HEADLINE_COUNT + HSC_SKPI_COUNT * sc->n_services;
    set->defs = calloc(set->count, sizeof *set->defs);
    if (!set->defs)
        return -1;
    for (size_t k = 0; k < HSC_KPI_HEADLINE_COUNT; k++)
        if (set_def(&set->defs[k], headline_text[k].name, &headline_text[k], NULL) != 0)
            goto fail;
    char name[512];
    for (size_t k = 0; k < HSC_SKPI_COUNT; k++) {
        for (size_t s = 0; s < sc->n_services; s++) {
            snprintf(name, sizeof name, "%s.service.%s", service_text[k].name,
                     sc->services[s].name);
            size_t at = hsc_kpis_service(set, (enum hsc_service_kpi)k, s);
            if (set_def(&set->defs[at], name, &service_text[k], sc->services[s].name) != 0)
                goto fail;
        }
    }
    return 0;
fail:
    hsc_kpis_fini(set);
    return -1;
}

void hsc_kpis_fini(struct hsc_kpi_set *set)
{
    for (size_t k = 0; set->defs && k < set->count; k++) {
        free(set->defs[k].name);
        free(set->defs[k].unit);
        free(set->defs[k].description);
    }
    free(set->defs);
    memset(set, 0, sizeof *set);
}

long hsc_kpis_find(const struct hsc_kpi_set *set, const char *name)
{
    for (size_t k = 0; k < set->count; k++)
        if (strcmp(set->defs[k].name, name) == 0)
            return (long)k;
    return -1;
}

static double ratio(double num, double den)
{
    return den > 0.0 ? num / den : NAN;
}

static void fill_service(const struct hsc_sim *sim, const struct hsc_kpi_set *set,
                         size_t s, double *kpi)
{
    const struct hsc__service *svc = &sim->services[s];
    const struct hsc__period_counts *period = &svc->period;
    double admitted = (double)period->admissions;
#define SET(which, value) kpi[hsc_kpis_service(set, (which), s)] = (value)
    SET(HSC_SKPI_ARRIVALS, (double)period->arrivals);
    SET(HSC_SKPI_ADMISSIONS, admitted);
    SET(HSC_SKPI_TURNED_AWAY, (double)period->turned_away);
    SET(HSC_SKPI_OCCUPANCY_MEAN, hsc_tw_mean(&svc->occupancy_tw, sim->t_end));
    SET(HSC_SKPI_WAITING_MEAN, hsc_tw_mean(&svc->waiting_tw, sim->t_end));
    SET(HSC_SKPI_WAIT_MEAN_DAYS, ratio(period->wait_sum, admitted));
    SET(HSC_SKPI_WAIT_P95_DAYS, hsc_qhist_quantile(&svc->wait_hist, 0.95));
    SET(HSC_SKPI_WAITED_PCT, 100.0 * ratio((double)period->waited, admitted));
#undef SET
}

void hsc__kpis_fill(const struct hsc_sim *sim, const struct hsc_kpi_set *set, double *kpi)
{
    double beds = (double)sim->acute_capacity, occupied = 0.0;
    for (size_t s = 0; s < sim->n_services; s++)
        if (sim->services[s].cfg->role == HSC_ROLE_ACUTE)
            occupied += hsc_tw_mean(&sim->services[s].occupancy_tw, sim->t_end);
    kpi[HSC_KPI_ACUTE_OCCUPANCY_MEAN] = ratio(occupied, beds);
    kpi[HSC_KPI_ACUTE_OCCUPANCY_P95] =
        ratio(hsc_level_hist_quantile(&sim->acute_levels, sim->t_end, 0.95), beds);
    for (size_t s = 0; s < sim->n_services; s++)
        fill_service(sim, set, s, kpi);
}
