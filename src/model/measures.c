/*
 * Measurement-period accumulators that are not per service: breakdowns by
 * cohort, locality and delay reason, days above 92% acute occupancy, the
 * time-weighted count of home-care clients with intensive needs, and the
 * end-of-run credit of delays still open.
 *
 * Everything here restarts at the end of the warm-up; kpis.c turns it into
 * KPIs.
 */
#include "sim_state.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define COUNTS(field, n) ((m->field = calloc((n) ? (n) : 1, sizeof *m->field)) != NULL)

int hsc__measures_init(struct hsc_sim *sim)
{
    struct hsc__measures *m = &sim->m;
    size_t nc = sim->sc->n_cohorts, nl = sim->sc->n_localities;
    size_t nr = HSC_REASON_SERVICE0 + sim->sc->n_services;
    hsc_tw_init(&m->intensive_tw, 0.0, 0.0);
    return COUNTS(emergency_by_cohort, nc) && COUNTS(emergency_by_locality, nl) &&
                   COUNTS(discharges_by_cohort, nc) && COUNTS(within_72h_by_cohort, nc) &&
                   COUNTS(delay_by_reason, nr) && COUNTS(delay_by_cohort, nc) &&
                   COUNTS(delay_by_locality, nl) && COUNTS(readmit_base_by_cohort, nc) &&
                   COUNTS(readmitted_by_cohort, nc) && COUNTS(check_base_by_cohort, nc) &&
                   COUNTS(check_at_home_by_cohort, nc)
               ? 0
               : -1;
}

void hsc__measures_fini(struct hsc_sim *sim)
{
    struct hsc__measures *m = &sim->m;
    void *all[] = {m->emergency_by_cohort,    m->emergency_by_locality, m->discharges_by_cohort,
                   m->within_72h_by_cohort,   m->delay_by_reason,       m->delay_by_cohort,
                   m->delay_by_locality,      m->readmit_base_by_cohort, m->readmitted_by_cohort,
                   m->check_base_by_cohort,   m->check_at_home_by_cohort};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        free(all[i]);
    memset(m, 0, sizeof *m);
}

static void zero_counts(int64_t *x, size_t n)
{
    memset(x, 0, n * sizeof *x);
}

static void zero_days(double *x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        x[i] = 0.0;
}

/* Integral of the acute occupancy fraction since the period started. */
static double acute_area(const struct hsc_sim *sim)
{
    const struct hsc_tw *tw = &sim->acute_fraction_tw;
    return tw->area + tw->level * (sim->now - tw->t_last);
}

void hsc__measures_acute_capacity(struct hsc_sim *sim)
{
    size_t k = 0;
    while (k < sim->n_acute_levels && sim->acute_level_capacity[k] != sim->acute_capacity)
        k++;
    HSC_ASSERT(k < sim->n_acute_levels);
    if (k != sim->acute_level_now) {
        /* Close the time at the old capacity; the new one starts counting now. */
        struct hsc_level_hist *old = &sim->acute_levels[sim->acute_level_now];
        hsc_level_hist_set(old, sim->now, old->level);
        struct hsc_level_hist *now = &sim->acute_levels[k];
        now->t_last = sim->now;
        now->level = (size_t)sim->acute_occupied;
        sim->acute_level_now = k;
    }
    hsc__service_acute_changed(sim);
}

/* Pools the exact histograms of every capacity: the time at occupancy
 * level L with capacity C is time at fraction L / C (capacity 0 counts as 1,
 * as in the time-weighted mean). */
double hsc__measures_acute_quantile(const struct hsc_sim *sim, double q)
{
    if (sim->n_acute_levels == 1) {
        double beds = sim->acute_level_capacity[0] > 0 ? (double)sim->acute_level_capacity[0] : 1.0;
        return hsc_level_hist_quantile(&sim->acute_levels[0], sim->t_end, q) / beds;
    }
    double total = 0.0;
    for (size_t k = 0; k < sim->n_acute_levels; k++)
        for (size_t l = 0; l <= sim->acute_levels[k].max_level; l++)
            total += sim->acute_levels[k].time_at[l];
    if (!(total > 0.0))
        return NAN;
    /* Walk the fractions upwards: repeatedly take the smallest not yet taken. */
    double below = 0.0, last = -1.0;
    for (;;) {
        double next = INFINITY, at = 0.0;
        for (size_t k = 0; k < sim->n_acute_levels; k++) {
            double beds = sim->acute_level_capacity[k] > 0 ? (double)sim->acute_level_capacity[k] : 1.0;
            const struct hsc_level_hist *lh = &sim->acute_levels[k];
            for (size_t l = 0; l <= lh->max_level; l++) {
                double f = (double)l / beds;
                if (f > last && lh->time_at[l] > 0.0 && f <= next) {
                    at = f < next ? lh->time_at[l] : at + lh->time_at[l];
                    next = f;
                }
            }
        }
        if (!isfinite(next))
            return last;
        below += at;
        last = next;
        if (below >= q * total)
            return last;
    }
}

void hsc__measures_restart(struct hsc_sim *sim)
{
    struct hsc__measures *m = &sim->m;
    size_t nc = sim->sc->n_cohorts, nl = sim->sc->n_localities;
    /* Keep the arrays and the intensive-needs level; zero every count. */
    int64_t *keep_i[] = {m->emergency_by_cohort, m->discharges_by_cohort, m->within_72h_by_cohort,
                         m->readmit_base_by_cohort, m->readmitted_by_cohort,
                         m->check_base_by_cohort, m->check_at_home_by_cohort};
    for (size_t i = 0; i < sizeof keep_i / sizeof keep_i[0]; i++)
        zero_counts(keep_i[i], nc);
    zero_counts(m->emergency_by_locality, nl);
    zero_days(m->delay_by_reason, HSC_REASON_SERVICE0 + sim->sc->n_services);
    zero_days(m->delay_by_cohort, nc);
    zero_days(m->delay_by_locality, nl);
    memset(m, 0, offsetof(struct hsc__measures, emergency_by_cohort));
    hsc_tw_restart(&m->intensive_tw, sim->now);
    m->acute_area_at_midnight = acute_area(sim);
}

/* Closes measured day `day` (0-based) given the acute area at its end. */
static void close_day(struct hsc_sim *sim)
{
    struct hsc__measures *m = &sim->m;
    double area = acute_area(sim);
    double mean = area - m->acute_area_at_midnight; /* over one day */
    m->acute_area_at_midnight = area;
    m->days_measured++;
    if (mean > 0.92)
        m->days_over_92++;
}

void hsc__measures_midnight(struct hsc_sim *sim, long day)
{
    if (sim->measuring && day >= 1 && (size_t)day <= sim->n_days)
        close_day(sim);
}

void hsc__measures_intensive(struct hsc_sim *sim, int change)
{
    struct hsc__measures *m = &sim->m;
    m->intensive_clients += change;
    hsc_tw_set(&m->intensive_tw, sim->now, (double)m->intensive_clients);
}

/* At the end: delays and blocking still open are credited up to the end,
 * the last whole day is closed if it ends exactly at the end, and people
 * still ready for discharge are counted. */
void hsc__measures_finish(struct hsc_sim *sim)
{
    struct hsc__measures *m = &sim->m;
    for (uint32_t i = 0; i < sim->people.high_water; i++) {
        struct hsc__person *person = hsc__sim_person(sim, i);
        if (person->phase == HSC_PH_READY || person->phase == HSC_PH_BLOCKED)
            hsc__flow_credit_delay(sim, person);
        if (person->phase == HSC_PH_READY)
            m->still_delayed++;
    }
    if ((size_t)m->days_measured < sim->n_days &&
        hsc__sim_midnight(sim, (long)sim->n_days) <= sim->t_end)
        close_day(sim);
    hsc_tw_set(&m->intensive_tw, sim->t_end, (double)m->intensive_clients);
}
