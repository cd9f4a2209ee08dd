/*
 * Service capacity (service.h): bed calendars (winter escalation beds and
 * dated changes), capacity from staff, and the split of capacity between
 * locality partitions. A drop in capacity evicts nobody; it only stops new
 * starts until there is room.
 */
#include "service.h"

#include <math.h>

#include "hscflow/calendar.h"
#include "replication.h"

int64_t hsc__service_beds_on(const struct hsc_sim *sim, const struct hsc_service *cfg, long day)
{
    if (cfg->n_calendar == 0)
        return cfg->capacity;
    int64_t days = sim->clock.start_days + day;
    struct hsc_date date = hsc_date_from_days(days);
    int key = date.month * 100 + date.day;
    for (size_t i = 0; i < cfg->n_calendar; i++) {
        const struct hsc_capacity_period *period = &cfg->calendar[i];
        bool in;
        if (period->yearly) {
            int from = period->from.month * 100 + period->from.day;
            int to = period->to.month * 100 + period->to.day;
            in = from <= to ? key >= from && key <= to : key >= from || key <= to;
        } else {
            in = days >= hsc_date_to_days(period->from) && days <= hsc_date_to_days(period->to);
        }
        if (in)
            return period->capacity;
    }
    return cfg->capacity;
}

void hsc__services_apply_calendars(struct hsc_sim *sim, long day)
{
    for (size_t s = 0; s < sim->n_services; s++) {
        const struct hsc_service *cfg = sim->services[s].cfg;
        if (cfg->n_calendar == 0)
            continue;
        double beds = (double)hsc__service_beds_on(sim, cfg, day);
        if (beds != sim->services[s].capacity)
            hsc__service_set_capacity(sim, (uint16_t)s, beds);
    }
}

double hsc__service_initial_capacity(const struct hsc_sim *sim, const struct hsc__service *svc)
{
    if (svc->cfg->staff == HSC_NO_INDEX)
        return (double)hsc__service_beds_on(sim, svc->cfg, hsc__clock_day(&sim->clock, 0.0));
    return hsc__staff_capacity(sim, svc->cfg);
}

void hsc__service_split_capacity(struct hsc__service *svc, double capacity)
{
    svc->capacity = capacity;
    const double *share = svc->cfg->locality_share;
    bool whole = svc->kind->whole_places;
    if (svc->n_partitions == 1) {
        svc->parts[0].capacity = capacity;
        return;
    }
    /* Whole places are split by largest remainder, so the parts add up. */
    double given = 0.0;
    for (size_t p = 0; p < svc->n_partitions; p++) {
        svc->parts[p].capacity = whole ? floor(capacity * share[p] + 1e-9) : capacity * share[p];
        given += svc->parts[p].capacity;
    }
    while (whole && given + 0.5 < capacity) {
        size_t best = 0;
        double best_rest = -1.0;
        for (size_t p = 0; p < svc->n_partitions; p++) {
            double rest = capacity * share[p] - svc->parts[p].capacity;
            if (rest > best_rest) {
                best_rest = rest;
                best = p;
            }
        }
        svc->parts[best].capacity += 1.0;
        given += 1.0;
    }
}

void hsc__service_set_capacity(struct hsc_sim *sim, uint16_t s, double capacity)
{
    struct hsc__service *svc = &sim->services[s];
    double old = svc->capacity;
    hsc__service_split_capacity(svc, capacity);
    hsc_tw_set(&svc->capacity_tw, sim->now, capacity);
    if (svc->role->acute && capacity != old)
        hsc__acute_capacity(sim, (int64_t)(capacity - old));
    /* A drop evicts nobody: it only stops admissions until there is room. */
    if (capacity > old)
        hsc__service_serve(sim, s);
}
