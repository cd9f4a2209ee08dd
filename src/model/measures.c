/*
 * Measurement (measures.h): the counters of the measurement period and the
 * hooks that keep them. Only hooks test sim->measuring; a hook called in the
 * warm-up changes nothing that a KPI reads, except the levels that carry
 * over the restart (intensive clients) and state the follow-ups need.
 */
#include "measures.h"

#include <stdlib.h>
#include <string.h>

#include "hscflow/calendar.h"
#include "replication.h"

static size_t dimension_size(const struct hsc_sim *sim, enum hsc__dimension dim)
{
    switch (dim) {
    case HSC_DIM_COHORT:
        return sim->sc->n_cohorts;
    case HSC_DIM_LOCALITY:
        return sim->sc->n_localities;
    case HSC_DIM_REASON:
        return hsc__reason_of_code(sim->sc->n_services, HSC_DELAY_CODE_COUNT);
    }
    return 0;
}

int hsc__measures_init(struct hsc_sim *sim)
{
    struct hsc__measures *m = &sim->m;
    *m = (struct hsc__measures){0};
    hsc_tw_init(&m->intensive_tw, 0.0, 0.0);
    bool ok = hsc_qhist_init(&m->census_delays) == 0;
#define ALLOC(type, name, dim)                                                                 \
    ok = ok && (m->name = calloc(dimension_size(sim, dim) + 1, sizeof(type))) != NULL;
    HSC__MEASURE_BREAKDOWNS(ALLOC)
#undef ALLOC
    return ok ? 0 : -1;
}

void hsc__measures_fini(struct hsc_sim *sim)
{
    struct hsc__measures *m = &sim->m;
#define RELEASE(type, name, dim) free(m->name);
    HSC__MEASURE_BREAKDOWNS(RELEASE)
#undef RELEASE
    hsc_qhist_fini(&m->census_delays);
    *m = (struct hsc__measures){0};
}

static void restart_services(struct hsc_sim *sim)
{
    for (size_t s = 0; s < sim->n_services; s++) {
        struct hsc__service *svc = &sim->services[s];
        hsc_tw_restart(&svc->occupancy_tw, sim->now);
        hsc_tw_restart(&svc->waiting_tw, sim->now);
        hsc_tw_restart(&svc->hours_tw, sim->now);
        hsc_tw_restart(&svc->capacity_tw, sim->now);
        hsc_qhist_reset(&svc->wait_hist);
        svc->period = (struct hsc__period_counts){
            .in_system_at_start = svc->occupied + svc->waiting};
    }
}

void hsc__measures_start(struct hsc_sim *sim)
{
    struct hsc__measures *m = &sim->m;
    sim->measuring = true;
    hsc__acute_restart(sim);
    restart_services(sim);
#define ZERO(name) m->name = 0;
    HSC__MEASURE_COUNTS(ZERO)
    HSC__MEASURE_SUMS(ZERO)
#undef ZERO
#define ZERO_ALL(type, name, dim) memset(m->name, 0, dimension_size(sim, dim) * sizeof(type));
    HSC__MEASURE_BREAKDOWNS(ZERO_ALL)
#undef ZERO_ALL
    hsc_tw_restart(&m->intensive_tw, sim->now);
    hsc_qhist_reset(&m->census_delays);
}

/* The daily series' day of now, or -1 outside the measured days. */
static long series_day(const struct hsc_sim *sim)
{
    if (!sim->measuring)
        return -1;
    long day = hsc__sim_today(sim);
    return day >= 0 && (size_t)day < sim->clock.n_days ? day : -1;
}

/* Scotland's monthly census is taken on the last Thursday of the month. */
static bool census_day(const struct hsc_sim *sim, long day)
{
    if (hsc__clock_weekday(&sim->clock, day) != 3)
        return false;
    int64_t days = sim->clock.start_days + day;
    return hsc_date_from_days(days).month != hsc_date_from_days(days + 7).month;
}

/* The census: everyone in an acute bed past their ready time, and how long
 * they have been delayed so far. */
static void take_census(struct hsc_sim *sim)
{
    struct hsc__measures *m = &sim->m;
    m->census_points++;
    for (uint32_t i = 0; i < sim->people.pool.high_water; i++) {
        const struct hsc__person *person = hsc__sim_person(sim, i);
        if (person->phase != HSC_PH_READY)
            continue;
        m->census_delayed++;
        hsc_qhist_add(&m->census_delays, sim->now - person->ready_time);
    }
}

void hsc__measures_midnight(struct hsc_sim *sim, long day)
{
    bool measured = sim->measuring && day >= 0 && (size_t)day < sim->clock.n_days;
    if (measured && census_day(sim, day))
        take_census(sim);
    if (measured) {
        size_t n_svc = sim->n_services;
        for (size_t s = 0; s < n_svc; s++) {
            sim->out->occupancy[(size_t)day * n_svc + s] = (float)sim->services[s].occupied;
            sim->out->waiting[(size_t)day * n_svc + s] = (float)sim->services[s].waiting;
        }
    }
    hsc__acute_midnight(sim, day);
}

void hsc__measures_finish(struct hsc_sim *sim)
{
    struct hsc__measures *m = &sim->m;
    for (size_t s = 0; s < sim->n_services; s++) {
        struct hsc__service *svc = &sim->services[s];
        hsc_tw_set(&svc->occupancy_tw, sim->now, (double)svc->occupied);
        hsc_tw_set(&svc->waiting_tw, sim->now, (double)svc->waiting);
        hsc_tw_set(&svc->hours_tw, sim->now, svc->committed_hours);
        hsc_tw_set(&svc->capacity_tw, sim->now, svc->capacity);
    }
    for (uint32_t i = 0; i < sim->people.pool.high_water; i++) {
        struct hsc__person *person = hsc__sim_person(sim, i);
        if (person->phase == HSC_PH_READY || person->phase == HSC_PH_BLOCKED)
            hsc__measure_delay(sim, person, person->place);
        if (person->phase == HSC_PH_READY)
            m->still_delayed++;
        if (person->hold_svc != HSC_NO_SVC && person->phase != HSC_PH_NONE)
            hsc__measure_hold_ended(sim, person);
    }
    hsc__acute_finish(sim);
    hsc_tw_set(&m->intensive_tw, sim->now, (double)m->intensive_clients);
}

/* --- services --- */

void hsc__measure_arrival(struct hsc_sim *sim, uint16_t s)
{
    struct hsc__service *svc = &sim->services[s];
    svc->all.arrivals++;
    if (sim->measuring)
        svc->period.arrivals++;
}

void hsc__measure_admission(struct hsc_sim *sim, uint16_t s, double wait)
{
    struct hsc__service *svc = &sim->services[s];
    svc->all.admissions++;
    if (!sim->measuring)
        return;
    svc->period.admissions++;
    svc->period.wait_sum += wait;
    if (wait > 0.0)
        svc->period.waited++;
    hsc_qhist_add(&svc->wait_hist, wait);
}

void hsc__measure_interim(struct hsc_sim *sim, uint16_t s)
{
    struct hsc__service *svc = &sim->services[s];
    svc->all.arrivals++;
    svc->all.admissions++;
    if (sim->measuring) {
        svc->period.arrivals++;
        svc->period.admissions++;
    }
}

void hsc__measure_turned_away(struct hsc_sim *sim, uint16_t s)
{
    struct hsc__service *svc = &sim->services[s];
    svc->all.turned_away++;
    if (sim->measuring)
        svc->period.turned_away++;
}

void hsc__measure_withdrawn(struct hsc_sim *sim, uint16_t s)
{
    struct hsc__service *svc = &sim->services[s];
    svc->all.withdrawn++;
    if (sim->measuring)
        svc->period.withdrawn++;
}

void hsc__measure_departure(struct hsc_sim *sim, uint16_t s)
{
    struct hsc__service *svc = &sim->services[s];
    svc->all.departures++;
    if (sim->measuring)
        svc->period.departures++;
}

void hsc__measure_intensive(struct hsc_sim *sim, int64_t change)
{
    struct hsc__measures *m = &sim->m;
    m->intensive_clients += change;
    hsc_tw_set(&m->intensive_tw, sim->now, (double)m->intensive_clients);
}

/* --- the acute pathway --- */

/* An emergency admission: boarding wait, and the first emergency admission
 * within 28 days of a live discharge counts as its readmission. */
static void count_emergency(struct hsc_sim *sim, struct hsc__person *person)
{
    struct hsc__measures *m = &sim->m;
    double wait = sim->now - person->asked_time;
    m->emergency_admissions++;
    m->emergency_by_cohort[person->cohort]++;
    m->emergency_by_locality[person->locality]++;
    m->boarding_days_sum += wait;
    if (wait > 0.5)
        m->boarding_over_12h++;
    if (person->discharge_time >= 0.0 && !person->readmit_counted &&
        person->asked_time - person->discharge_time <= HSC_READMISSION_DAYS) {
        m->readmitted++;
        m->readmitted_by_cohort[person->cohort]++;
        person->readmit_counted = 1;
    }
}

void hsc__measure_acute_admission(struct hsc_sim *sim, struct hsc__person *person)
{
    if (!sim->measuring)
        return;
    if (person->elective)
        sim->m.elective_admissions++;
    else
        count_emergency(sim, person);
    long day = series_day(sim);
    if (day >= 0)
        sim->out->admissions[day] += 1.0f;
}

void hsc__measure_ready(struct hsc_sim *sim)
{
    if (sim->measuring)
        sim->m.ready++;
}

void hsc__measure_acute_discharge(struct hsc_sim *sim, struct hsc__person *person,
                                  uint16_t acute)
{
    hsc__measure_delay(sim, person, acute);
    if (!sim->measuring)
        return;
    struct hsc__measures *m = &sim->m;
    m->live_discharges++;
    m->discharges_by_cohort[person->cohort]++;
    if (sim->now - person->ready_time <= 3.0) {
        m->within_72h++;
        m->within_72h_by_cohort[person->cohort]++;
    }
    long day = series_day(sim);
    if (day >= 0)
        sim->out->discharges[day] += 1.0f;
}

void hsc__measure_elective_cancelled(struct hsc_sim *sim)
{
    if (sim->measuring)
        sim->m.elective_cancellations++;
}

void hsc__measure_diverted(struct hsc_sim *sim)
{
    if (sim->measuring)
        sim->m.ed_diverted++;
}

void hsc__measure_death(struct hsc_sim *sim)
{
    if (sim->measuring)
        sim->m.deaths++;
}

void hsc__measure_death_in_hospital(struct hsc_sim *sim)
{
    if (sim->measuring)
        sim->m.deaths_in_hospital++;
}

void hsc__measure_delay(struct hsc_sim *sim, struct hsc__person *person, uint16_t place)
{
    double days = hsc__clock_overlap(&sim->clock, person->since, sim->now);
    person->since = sim->now;
    if (days <= 0.0 || place == HSC_NO_SVC ||
        (person->phase != HSC_PH_READY && person->phase != HSC_PH_BLOCKED))
        return;
    sim->services[place].period.blocked_days += days;
    if (person->phase != HSC_PH_READY)
        return;
    struct hsc__measures *m = &sim->m;
    m->delay_total += days;
    m->delay_by_reason[person->reason] += days;
    m->delay_by_cohort[person->cohort] += days;
    m->delay_by_locality[person->locality] += days;
}

void hsc__measure_reason(struct hsc_sim *sim, struct hsc__person *person, uint16_t reason)
{
    hsc__measure_delay(sim, person, person->place);
    person->reason = reason;
}

/* --- community services and outcomes --- */

void hsc__measure_care_home_admission(struct hsc_sim *sim, bool from_acute)
{
    if (!sim->measuring)
        return;
    sim->m.care_home_admissions++;
    if (from_acute)
        sim->m.care_home_from_acute++;
}

void hsc__measure_reablement_exit(struct hsc_sim *sim, enum hsc_route_kind kind)
{
    if (!sim->measuring || (kind != HSC_ROUTE_HOME && kind != HSC_ROUTE_SERVICE))
        return;
    sim->m.reablement_completions++;
    if (kind == HSC_ROUTE_HOME)
        sim->m.reablement_no_further++;
}

void hsc__measure_step_up_started(struct hsc_sim *sim, uint16_t s, struct hsc__person *person)
{
    if (!sim->measuring)
        return;
    sim->services[s].period.step_up_started++;
    person->step_up_open = (uint8_t)(1 + s);
}

void hsc__measure_step_up_closed(struct hsc_sim *sim, struct hsc__person *person, bool admitted)
{
    if (person->step_up_open && admitted)
        sim->services[person->step_up_open - 1].period.step_up_admitted++;
    person->step_up_open = 0;
}

/* Whether a window of `length` days opened now ends inside the period. */
static bool in_window(const struct hsc_sim *sim, double length)
{
    return sim->now >= sim->clock.t_measure && sim->now <= sim->clock.t_end - length;
}

void hsc__measure_readmission_window(struct hsc_sim *sim, struct hsc__person *person)
{
    if (in_window(sim, HSC_READMISSION_DAYS)) {
        sim->m.readmit_base++;
        sim->m.readmit_base_by_cohort[person->cohort]++;
    } else {
        person->readmit_counted = 1; /* outside the window: never a numerator */
    }
}

bool hsc__measure_check_window(struct hsc_sim *sim, const struct hsc__person *person)
{
    if (!in_window(sim, HSC_FOLLOWUP_DAYS))
        return false;
    sim->m.check_base++;
    sim->m.check_base_by_cohort[person->cohort]++;
    return true;
}

void hsc__measure_hold_ended(struct hsc_sim *sim, const struct hsc__person *person)
{
    sim->services[person->hold_svc].period.held_days +=
        hsc__clock_overlap(&sim->clock, person->hold_since, sim->now);
}

void hsc__measure_hold_return(struct hsc_sim *sim, uint16_t s)
{
    if (sim->measuring)
        sim->services[s].period.held_returns++;
}

void hsc__measure_home_outcome(struct hsc_sim *sim, uint16_t s, int outcome)
{
    if (!sim->measuring)
        return;
    struct hsc__period_counts *p = &sim->services[s].period;
    if (outcome == HSC_HOME_GIVES_UP)
        p->gave_up++;
    else if (outcome == HSC_HOME_PRESENTS)
        p->presented++;
    else
        p->died_waiting++;
}

void hsc__measure_discharged_to_assess(struct hsc_sim *sim)
{
    if (sim->measuring)
        sim->m.discharged_to_assess++;
}

void hsc__measure_community_death(struct hsc_sim *sim)
{
    if (sim->measuring)
        sim->m.community_deaths++;
}

void hsc__measure_at_home_91d(struct hsc_sim *sim, const struct hsc__person *person)
{
    sim->m.check_at_home++;
    sim->m.check_at_home_by_cohort[person->cohort]++;
}
