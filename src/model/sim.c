/*
 * One replication: set-up, the event loop and its handler table, daily
 * snapshots, the warm-up boundary, and tear-down with conservation checks.
 *
 * Time 0 is the start of the warm-up; the measurement period is
 * [warmup_days, warmup_days + measure_days) and its first midnight is the
 * scenario's start date. Handlers never allocate: people and events come from
 * pools sized by doubling up to the scenario's hard limits.
 */
#include "sim_state.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hscflow/rng.h"

typedef void (*handler_fn)(struct hsc_sim *sim, const struct hsc_event *ev);

static void on_start_measure(struct hsc_sim *sim, const struct hsc_event *ev);
static void on_end(struct hsc_sim *sim, const struct hsc_event *ev);
static void on_midnight(struct hsc_sim *sim, const struct hsc_event *ev);
static void on_arrival(struct hsc_sim *sim, const struct hsc_event *ev);
static void on_departure(struct hsc_sim *sim, const struct hsc_event *ev);

static const handler_fn handlers[HSC_EV_KIND_COUNT] = {
    [HSC_EV_START_MEASURE] = on_start_measure,
    [HSC_EV_END] = on_end,
    [HSC_EV_MIDNIGHT] = on_midnight,
    [HSC_EV_ARRIVAL] = on_arrival,
    [HSC_EV_DEPARTURE] = on_departure,
};

size_t hsc_sim_days(const struct hsc_scenario *sc)
{
    return (size_t)floor(sc->run.measure_days);
}

void hsc__sim_fail(struct hsc_sim *sim, const char *path, const char *fmt, ...)
{
    if (sim->failed)
        return;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    hsc_error_set(sim->err, NULL, 0, path, "%s (replication %llu, day %.2f)", msg,
                  (unsigned long long)sim->rep, sim->now);
    sim->failed = true;
}

void hsc__sim_schedule(struct hsc_sim *sim, double time, enum hsc__event_kind kind,
                       uint32_t person, uint16_t service, uint32_t data)
{
    HSC_ASSERT(time >= sim->now);
    struct hsc_event ev = {.time = time, .person = person, .kind = (uint16_t)kind,
                           .service = service, .data = data};
    int status = hsc_evq_push(&sim->events_pending, &ev);
    if (status == HSC_EVQ_LIMIT)
        hsc__sim_fail(sim, "run.max_events",
                      "more than %lld events pending: raise run.max_events, or check "
                      "that capacity can keep up with demand",
                      (long long)sim->sc->run.max_events);
    else if (status == HSC_EVQ_NOMEM)
        hsc__sim_fail(sim, NULL, "out of memory for the event list");
}

struct hsc__person *hsc__sim_person(struct hsc_sim *sim, uint32_t index)
{
    return hsc_pool_at(&sim->people, index);
}

uint32_t hsc__sim_new_person(struct hsc_sim *sim, uint16_t cohort)
{
    uint32_t index;
    int status = hsc_pool_take(&sim->people, &index);
    if (status != HSC_POOL_OK) {
        if (status == HSC_POOL_LIMIT)
            hsc__sim_fail(sim, "run.max_people",
                          "more than %lld people in the system at once: raise "
                          "run.max_people, or check that capacity can keep up with "
                          "demand (an unlimited queue grows without bound when it cannot)",
                          (long long)sim->sc->run.max_people);
        else
            hsc__sim_fail(sim, NULL, "out of memory for people");
        return HSC_NO_PERSON;
    }
    struct hsc__person *person = hsc__sim_person(sim, index);
    person->next = HSC_NO_PERSON;
    person->cohort = cohort;
    sim->people_created++;
    return index;
}

void hsc__sim_person_leaves(struct hsc_sim *sim, uint32_t person)
{
    hsc_pool_give(&sim->people, person);
    sim->people_left++;
}

static void on_start_measure(struct hsc_sim *sim, const struct hsc_event *ev)
{
    (void)ev;
    sim->measuring = true;
    hsc_level_hist_restart(&sim->acute_levels, sim->now);
    hsc__services_start_measure(sim);
}

static void on_end(struct hsc_sim *sim, const struct hsc_event *ev)
{
    (void)ev;
    sim->measuring = false;
}

static void on_midnight(struct hsc_sim *sim, const struct hsc_event *ev)
{
    size_t day = ev->data;
    size_t n_svc = sim->n_services;
    for (size_t s = 0; s < n_svc; s++) {
        sim->out->occupancy[day * n_svc + s] = (float)sim->services[s].occupied;
        sim->out->waiting[day * n_svc + s] = (float)sim->services[s].queue.length;
    }
    if (day + 1 < sim->n_days)
        hsc__sim_schedule(sim, sim->t_measure + (double)(day + 1), HSC_EV_MIDNIGHT,
                          HSC_NO_PERSON, 0, (uint32_t)(day + 1));
}

static void on_arrival(struct hsc_sim *sim, const struct hsc_event *ev)
{
    hsc__demand_arrival(sim, ev->data);
}

static void on_departure(struct hsc_sim *sim, const struct hsc_event *ev)
{
    hsc__service_depart(sim, ev->service, ev->person);
}

static int make_streams(struct hsc_sim *sim)
{
    const struct hsc_scenario *sc = sim->sc;
    char name[512];
    sim->arrival_rng = calloc(sc->n_cohorts, sizeof *sim->arrival_rng);
    if (!sim->arrival_rng)
        return -1;
    for (size_t c = 0; c < sc->n_cohorts; c++) {
        snprintf(name, sizeof name, "arrivals/%s", sc->cohorts[c].name);
        sim->arrival_rng[c] = hsc_rng_new(sc->run.seed, sim->rep, hsc_rng_hash(name));
        if (!sim->arrival_rng[c])
            return -1;
    }
    for (size_t s = 0; s < sim->n_services; s++) {
        struct hsc__service *svc = &sim->services[s];
        svc->duration_rng = calloc(sc->n_cohorts, sizeof *svc->duration_rng);
        if (!svc->duration_rng)
            return -1;
        for (size_t c = 0; c < sc->n_cohorts; c++) {
            if (svc->cfg->duration[c].kind == HSC_DIST_NONE)
                continue;
            snprintf(name, sizeof name, "svc/%s/duration/%s", svc->cfg->name,
                     sc->cohorts[c].name);
            svc->duration_rng[c] = hsc_rng_new(sc->run.seed, sim->rep, hsc_rng_hash(name));
            if (!svc->duration_rng[c])
                return -1;
        }
    }
    return 0;
}

static int setup(struct hsc_sim *sim)
{
    const struct hsc_scenario *sc = sim->sc;
    sim->t_measure = sc->run.warmup_days;
    sim->t_end = sc->run.warmup_days + sc->run.measure_days;
    sim->n_days = hsc_sim_days(sc);
    sim->n_services = sc->n_services;
    sim->services = calloc(sc->n_services, sizeof *sim->services);
    if (!sim->services)
        return -1;
    for (size_t s = 0; s < sc->n_services; s++) {
        struct hsc__service *svc = &sim->services[s];
        svc->cfg = &sc->services[s];
        svc->queue.head = svc->queue.tail = HSC_NO_PERSON;
        hsc_tw_init(&svc->occupancy_tw, 0.0, 0.0);
        hsc_tw_init(&svc->waiting_tw, 0.0, 0.0);
        if (hsc_qhist_init(&svc->wait_hist) != 0)
            return -1;
        if (svc->cfg->role == HSC_ROLE_ACUTE)
            sim->acute_capacity += svc->cfg->capacity;
    }
    if (hsc_level_hist_init(&sim->acute_levels, (size_t)sim->acute_capacity, 0.0, 0) != 0)
        return -1;
    if (make_streams(sim) != 0)
        return -1;
    uint32_t max_people = (uint32_t)sc->run.max_people;
    if (hsc_pool_init(&sim->people, sizeof(struct hsc__person),
                      max_people < 1024 ? max_people : 1024, max_people) != HSC_POOL_OK)
        return -1;
    size_t max_events = (size_t)sc->run.max_events;
    if (hsc_evq_init(&sim->events_pending, max_events < 1024 ? max_events : 1024,
                     max_events) != HSC_EVQ_OK)
        return -1;
    return 0;
}

static void teardown(struct hsc_sim *sim)
{
    const struct hsc_scenario *sc = sim->sc;
    for (size_t s = 0; sim->services && s < sim->n_services; s++) {
        struct hsc__service *svc = &sim->services[s];
        hsc_qhist_fini(&svc->wait_hist);
        for (size_t c = 0; svc->duration_rng && c < sc->n_cohorts; c++)
            hsc_rng_free(svc->duration_rng[c]);
        free(svc->duration_rng);
    }
    free(sim->services);
    for (size_t c = 0; sim->arrival_rng && c < sc->n_cohorts; c++)
        hsc_rng_free(sim->arrival_rng[c]);
    free(sim->arrival_rng);
    hsc_level_hist_fini(&sim->acute_levels);
    hsc_pool_fini(&sim->people);
    hsc_evq_fini(&sim->events_pending);
}

/* Nobody lost or counted twice: per service, everyone who asked is admitted,
 * turned away or still waiting, and everyone admitted has left or is still
 * there; overall, everyone who entered has left or is still present. */
static void check_conservation(const struct hsc_sim *sim)
{
    int64_t in_services = 0;
    for (size_t s = 0; s < sim->n_services; s++) {
        const struct hsc__service *svc = &sim->services[s];
        const struct hsc_flow_counts *all = &svc->all;
        HSC_ASSERT(all->arrivals == all->admissions + all->turned_away + svc->queue.length);
        HSC_ASSERT(all->admissions == all->departures + svc->occupied);
        HSC_ASSERT(svc->period.in_system_at_start + svc->period.arrivals ==
                   svc->period.departures + svc->period.turned_away + svc->occupied +
                       svc->queue.length);
        in_services += svc->occupied + svc->queue.length;
    }
    HSC_ASSERT(sim->people_created == sim->people_left + (int64_t)sim->people.in_use);
    HSC_ASSERT(in_services == (int64_t)sim->people.in_use);
}

static void fill_stats(const struct hsc_sim *sim, struct hsc_sim_stats *stats)
{
    memset(stats, 0, sizeof *stats);
    stats->events = sim->events;
    stats->people_created = sim->people_created;
    stats->people_left = sim->people_left;
    stats->people_present = sim->people.in_use;
    stats->peak_people = sim->people.high_water;
    stats->services = calloc(sim->n_services, sizeof *stats->services);
    if (!stats->services)
        return;
    stats->n_services = sim->n_services;
    for (size_t s = 0; s < sim->n_services; s++) {
        stats->services[s] = sim->services[s].all;
        stats->services[s].occupied = sim->services[s].occupied;
        stats->services[s].waiting = sim->services[s].queue.length;
    }
}

static void loop(struct hsc_sim *sim)
{
    struct hsc_event ev;
    while (!sim->failed && hsc_evq_pop(&sim->events_pending, &ev)) {
        sim->now = ev.time;
        hsc__assert_sim_time = ev.time;
        sim->events++;
        handlers[ev.kind](sim, &ev);
        if (ev.kind == HSC_EV_END)
            break;
    }
}

int hsc_sim_run(const struct hsc_scenario *sc, const struct hsc_kpi_set *kpis,
                uint64_t rep, struct hsc_rep_output *out,
                struct hsc_sim_stats *stats, struct hsc_error *err)
{
    struct hsc_sim sim = {.sc = sc, .out = out, .err = err, .rep = rep};
    int status = -1;
    if (setup(&sim) != 0) {
        hsc_error_set(err, NULL, 0, NULL, "out of memory setting up replication %llu",
                      (unsigned long long)rep);
        goto done;
    }
    hsc__sim_schedule(&sim, sim.t_measure, HSC_EV_START_MEASURE, HSC_NO_PERSON, 0, 0);
    hsc__sim_schedule(&sim, sim.t_end, HSC_EV_END, HSC_NO_PERSON, 0, 0);
    if (sim.n_days > 0)
        hsc__sim_schedule(&sim, sim.t_measure, HSC_EV_MIDNIGHT, HSC_NO_PERSON, 0, 0);
    hsc__demand_start(&sim);
    loop(&sim);
    if (sim.failed)
        goto done;
    sim.now = sim.t_end;
    hsc__services_finish(&sim);
    hsc_level_hist_set(&sim.acute_levels, sim.t_end, (size_t)sim.acute_occupied);
    check_conservation(&sim);
    hsc__kpis_fill(&sim, kpis, out->kpi);
    if (stats)
        fill_stats(&sim, stats);
    status = 0;
done:
    hsc__assert_sim_time = NAN;
    teardown(&sim);
    return status;
}

void hsc_sim_stats_fini(struct hsc_sim_stats *stats)
{
    free(stats->services);
    memset(stats, 0, sizeof *stats);
}
