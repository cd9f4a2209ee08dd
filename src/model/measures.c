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

/* Acute occupied bed-days since the period started. */
static double acute_area(const struct hsc_sim *sim)
{
    double area = 0.0;
    for (size_t s = 0; s < sim->n_services; s++) {
        const struct hsc__service *svc = &sim->services[s];
        if (svc->cfg->role == HSC_ROLE_ACUTE)
            area += svc->occupancy_tw.area +
                    svc->occupancy_tw.level * (sim->now - svc->occupancy_tw.t_last);
    }
    return area;
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
    double mean = (area - m->acute_area_at_midnight) / (double)sim->acute_capacity;
    m->acute_area_at_midnight = area;
    m->days_measured++;
    if (sim->acute_capacity > 0 && mean > 0.92)
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
