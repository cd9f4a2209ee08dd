/*
 * One replication (hscflow/sim.h): set-up of every concept, the event loop
 * and its handler table, and tear-down with the conservation checks.
 *
 * Time 0 is the start of the warm-up; the measurement period is
 * [warmup_days, warmup_days + measure_days) and its first midnight is the
 * scenario's start date. Handlers never allocate: people and events come
 * from pools sized by doubling up to the scenario's hard limits.
 */
#include "hscflow/sim.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flow.h"
#include "replication.h"

typedef void (*handler_fn)(struct hsc_sim *sim, const struct hsc_event *ev);

static void on_start_measure(struct hsc_sim *sim, const struct hsc_event *ev);
static void on_end(struct hsc_sim *sim, const struct hsc_event *ev);
static void on_day(struct hsc_sim *sim, const struct hsc_event *ev);
static void on_arrival(struct hsc_sim *sim, const struct hsc_event *ev);
static void on_elective(struct hsc_sim *sim, const struct hsc_event *ev);
static void on_referral(struct hsc_sim *sim, const struct hsc_event *ev);
static void on_stay_end(struct hsc_sim *sim, const struct hsc_event *ev);
static void on_assess_end(struct hsc_sim *sim, const struct hsc_event *ev);
static void on_discharge(struct hsc_sim *sim, const struct hsc_event *ev);
static void on_readmit(struct hsc_sim *sim, const struct hsc_event *ev);
static void on_check91(struct hsc_sim *sim, const struct hsc_event *ev);
static void on_divert(struct hsc_sim *sim, const struct hsc_event *ev);
static void on_bridge(struct hsc_sim *sim, const struct hsc_event *ev);
static void on_shift(struct hsc_sim *sim, const struct hsc_event *ev);
static void on_delay_end(struct hsc_sim *sim, const struct hsc_event *ev);
static void on_hold_lapse(struct hsc_sim *sim, const struct hsc_event *ev);
static void on_wait_outcome(struct hsc_sim *sim, const struct hsc_event *ev);
static void on_community_death(struct hsc_sim *sim, const struct hsc_event *ev);

static const handler_fn handlers[HSC_EV_KIND_COUNT] = {
    [HSC_EV_START_MEASURE] = on_start_measure,
    [HSC_EV_END] = on_end,
    [HSC_EV_DAY] = on_day,
    [HSC_EV_ARRIVAL] = on_arrival,
    [HSC_EV_ELECTIVE] = on_elective,
    [HSC_EV_REFERRAL] = on_referral,
    [HSC_EV_STAY_END] = on_stay_end,
    [HSC_EV_ASSESS_END] = on_assess_end,
    [HSC_EV_DISCHARGE] = on_discharge,
    [HSC_EV_READMIT] = on_readmit,
    [HSC_EV_CHECK91] = on_check91,
    [HSC_EV_DIVERT] = on_divert,
    [HSC_EV_BRIDGE] = on_bridge,
    [HSC_EV_SHIFT] = on_shift,
    [HSC_EV_DELAY_END] = on_delay_end,
    [HSC_EV_HOLD_LAPSE] = on_hold_lapse,
    [HSC_EV_WAIT_OUTCOME] = on_wait_outcome,
    [HSC_EV_COMMUNITY_DEATH] = on_community_death,
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
                       uint32_t person, uint16_t service, uint32_t data, uint32_t token)
{
    HSC_ASSERT(time >= sim->now);
    struct hsc_event ev = {.time = time, .person = person, .kind = (uint16_t)kind,
                           .service = service, .data = data, .token = token};
    int status = hsc_evq_push(&sim->pending, &ev);
    if (status == HSC_EVQ_LIMIT)
        hsc__sim_fail(sim, "run.max_events",
                      "more than %lld events pending: raise run.max_events, or check "
                      "that capacity can keep up with demand",
                      (long long)sim->sc->run.max_events);
    else if (status == HSC_EVQ_NOMEM)
        hsc__sim_fail(sim, NULL, "out of memory for the event list");
}

void hsc__sim_schedule_lane(struct hsc_sim *sim, uint32_t lane, double time,
                            enum hsc__event_kind kind, uint32_t data, uint32_t token)
{
    HSC_ASSERT(time >= sim->now);
    struct hsc_event ev = {.time = time, .person = HSC_NO_PERSON, .kind = (uint16_t)kind,
                           .data = data, .token = token};
    hsc_evq_push_lane(&sim->pending, lane, &ev);
}

uint32_t hsc__sim_token(struct hsc_sim *sim)
{
    if (++sim->next_token == 0) /* 0 means "none pending" */
        ++sim->next_token;
    return sim->next_token;
}

void hsc__trace_record(struct hsc_sim *sim, uint32_t index, enum hsc_trace_event event,
                       int from, int to)
{
    const struct hsc__person *person = hsc__sim_person(sim, index);
    struct hsc_trace_record record = {.time = sim->now, .person = person->id,
                                      .cohort = person->cohort, .event = (uint32_t)event,
                                      .from = from, .to = to};
    if (hsc_trace_add(sim->trace, &record) != 0)
        hsc__sim_fail(sim, NULL, "out of memory for the event trace");
}

static void on_start_measure(struct hsc_sim *sim, const struct hsc_event *ev)
{
    (void)ev;
    hsc__measures_start(sim);
}

static void on_end(struct hsc_sim *sim, const struct hsc_event *ev)
{
    (void)ev;
    sim->measuring = false;
}

/* Midnight: the daily snapshot, capacity calendars and rosters, the day's
 * electives, and staffed services that work today take people from their
 * queues. */
static void on_day(struct hsc_sim *sim, const struct hsc_event *ev)
{
    long day = (long)ev->data + sim->clock.first_day;
    hsc__measures_midnight(sim, day);
    hsc__services_apply_calendars(sim, day);
    hsc__staff_new_day(sim, day);
    hsc__demand_electives_today(sim, day);
    for (size_t s = 0; s < sim->n_services; s++)
        if (sim->services[s].cfg->staff != HSC_NO_INDEX &&
            hsc__service_works_on(sim, (uint16_t)s, day))
            hsc__service_serve(sim, (uint16_t)s);
    double next = hsc__clock_midnight(&sim->clock, day + 1);
    if (next < sim->clock.t_end)
        hsc__sim_schedule(sim, next, HSC_EV_DAY, HSC_NO_PERSON, 0, ev->data + 1, 0);
}

static void on_arrival(struct hsc_sim *sim, const struct hsc_event *ev)
{
    hsc__demand_arrival(sim, ev->data, ev->token != 0);
}

static void on_elective(struct hsc_sim *sim, const struct hsc_event *ev)
{
    hsc__demand_elective(sim, ev->data);
}

static void on_referral(struct hsc_sim *sim, const struct hsc_event *ev)
{
    hsc__demand_referral(sim, ev->data, ev->token != 0);
}

static void on_assess_end(struct hsc_sim *sim, const struct hsc_event *ev)
{
    if (hsc__sim_person(sim, ev->person)->assess_token == ev->token)
        sim->services[ev->service].role->stay_ends(sim, ev->service, ev->person);
}

static void on_stay_end(struct hsc_sim *sim, const struct hsc_event *ev)
{
    if (hsc__sim_person(sim, ev->person)->stay_token == ev->token)
        sim->services[ev->service].role->stay_ends(sim, ev->service, ev->person);
}

static void on_discharge(struct hsc_sim *sim, const struct hsc_event *ev)
{
    if (hsc__sim_person(sim, ev->person)->stay_token == ev->token)
        hsc__pathway_discharge(sim, ev->person);
}

static void on_readmit(struct hsc_sim *sim, const struct hsc_event *ev)
{
    if (hsc__sim_person(sim, ev->person)->readmit_token == ev->token)
        hsc__followup_readmit(sim, ev->person);
}

static void on_check91(struct hsc_sim *sim, const struct hsc_event *ev)
{
    if (hsc__sim_person(sim, ev->person)->check_token == ev->token)
        hsc__followup_check91(sim, ev->person);
}

static void on_divert(struct hsc_sim *sim, const struct hsc_event *ev)
{
    if (hsc__sim_person(sim, ev->person)->wait_token == ev->token)
        hsc__flow_divert(sim, ev->person);
}

static void on_bridge(struct hsc_sim *sim, const struct hsc_event *ev)
{
    if (hsc__sim_person(sim, ev->person)->wait_token == ev->token)
        hsc__flow_bridge(sim, ev->person);
}

static void on_delay_end(struct hsc_sim *sim, const struct hsc_event *ev)
{
    if (hsc__sim_person(sim, ev->person)->stay_token == ev->token)
        hsc__pathway_delay_ends(sim, ev->person);
}

static void on_hold_lapse(struct hsc_sim *sim, const struct hsc_event *ev)
{
    if (hsc__sim_person(sim, ev->person)->hold_token == ev->token)
        hsc__hold_release(sim, ev->person);
}

static void on_wait_outcome(struct hsc_sim *sim, const struct hsc_event *ev)
{
    if (hsc__sim_person(sim, ev->person)->wait_token == ev->token)
        hsc__flow_home_outcome(sim, ev->person, (enum hsc__home_outcome)ev->data);
}

static void on_community_death(struct hsc_sim *sim, const struct hsc_event *ev)
{
    if (hsc__sim_person(sim, ev->person)->death_token == ev->token)
        hsc__community_death(sim, ev->person);
}

static void on_shift(struct hsc_sim *sim, const struct hsc_event *ev)
{
    hsc__staff_shift_starts(sim, ev->data);
}

/* The event list: the workspace's, emptied, or a new one. */
static int init_pending(struct hsc_sim *sim)
{
    size_t max_events = (size_t)sim->sc->run.max_events;
    if (sim->ws && sim->ws->pending.heap) {
        sim->pending = sim->ws->pending;
        sim->ws->pending = (struct hsc_event_queue){0};
        hsc_evq_clear(&sim->pending);
        sim->pending.max = max_events;
    } else if (hsc_evq_init(&sim->pending, max_events < 1024 ? max_events : 1024, max_events) !=
               HSC_EVQ_OK) {
        return -1;
    }
    return hsc_evq_set_lanes(&sim->pending, sim->demand.n_lanes) == HSC_EVQ_OK ? 0 : -1;
}

/* hsc__sim_init, borrowing the pools of `ws` when it is not NULL. Each
 * concept in dependency order: the calendar and staff before the services
 * whose capacity they give, services before the streams, acute accounting
 * and demand that read them. */
static int init_in(struct hsc_sim *sim, struct hsc_sim_workspace *ws,
                   const struct hsc_scenario *sc, uint64_t rep, struct hsc_rep_output *out,
                   struct hsc_error *err)
{
    *sim = (struct hsc_sim){.sc = sc, .ws = ws, .out = out, .trace = out ? out->trace : NULL,
                            .err = err, .rep = rep};
    if (hsc__clock_init(&sim->clock, sc) != 0 || hsc__staff_init(sim) != 0 ||
        hsc__services_init(sim) != 0 || hsc__streams_init(sim) != 0 ||
        hsc__acute_init(sim) != 0 || hsc__demand_init(sim) != 0 ||
        hsc__measures_init(sim) != 0 || hsc__runaway_init(sim) != 0 ||
        hsc__people_init(&sim->people, (uint32_t)sc->run.max_people,
                         ws ? &ws->people : NULL) != 0 ||
        init_pending(sim) != 0)
        return -1;
    sim->today_from = sim->today_to = NAN; /* the first hsc__sim_set_now fills them */
    hsc__sim_set_now(sim, 0.0);
    return 0;
}

int hsc__sim_init(struct hsc_sim *sim, const struct hsc_scenario *sc, uint64_t rep,
                  struct hsc_rep_output *out, struct hsc_error *err)
{
    return init_in(sim, NULL, sc, rep, out, err);
}

void hsc__sim_fini(struct hsc_sim *sim)
{
    hsc__demand_fini(sim);
    hsc__streams_fini(sim);
    hsc__services_fini(sim);
    hsc__staff_fini(sim);
    hsc__acute_fini(&sim->acute);
    hsc__measures_fini(sim);
    hsc__runaway_fini(sim);
    hsc__clock_fini(&sim->clock);
    if (sim->ws && !sim->ws->people.items && sim->people.pool.items) {
        sim->ws->people = sim->people.pool; /* kept for the next replication */
        sim->people.pool = (struct hsc_pool){0};
    }
    hsc__people_fini(&sim->people);
    if (sim->ws && !sim->ws->pending.heap && sim->pending.heap) {
        sim->ws->pending = sim->pending;
        sim->pending = (struct hsc_event_queue){0};
    }
    hsc_evq_fini(&sim->pending);
    hsc__assert_sim_time = NAN;
}

/* Nobody lost or counted twice: per service, everyone who asked for a place
 * was admitted, turned away, withdrew or is still waiting, and everyone
 * admitted has left or is still there (over the run and over the period);
 * overall, entries = exits + people present, and every record in use is
 * someone present or someone with a follow-up pending. */
static void check_conservation(struct hsc_sim *sim)
{
    int64_t held = 0, waiting = 0;
    for (size_t s = 0; s < sim->n_services; s++) {
        const struct hsc__service *svc = &sim->services[s];
        const struct hsc_flow_counts *all = &svc->all;
        const struct hsc__period_counts *p = &svc->period;
        HSC_ASSERT(all->arrivals == all->admissions + all->turned_away + all->withdrawn + svc->waiting);
        HSC_ASSERT(all->admissions == all->departures + svc->occupied);
        HSC_ASSERT(p->in_system_at_start + p->arrivals ==
                   p->departures + p->turned_away + p->withdrawn + svc->occupied + svc->waiting);
        if (!svc->role->keeps_place)
            held += svc->occupied;
        waiting += svc->waiting;
    }
    const struct hsc__people *people = &sim->people;
    HSC_ASSERT(people->entries == people->exits + people->present);
    int64_t present = 0, placed = 0, queued = 0, records = 0;
    for (uint32_t i = 0; i < people->pool.high_water; i++) {
        const struct hsc__person *person = hsc__sim_person(sim, i);
        if (person->phase == HSC_PH_NONE)
            continue;
        records++;
        present += hsc__person_in_system(person);
        placed += (person->place != HSC_NO_SVC) + (person->hold_svc != HSC_NO_SVC);
        queued += person->want != HSC_NO_SVC;
    }
    HSC_ASSERT(present == people->present);
    HSC_ASSERT(records == (int64_t)people->pool.in_use);
    HSC_ASSERT(placed == held && queued == waiting);
}

static void fill_stats(const struct hsc_sim *sim, struct hsc_sim_stats *stats)
{
    memset(stats, 0, sizeof *stats);
    stats->events = sim->events;
    stats->people_created = sim->people.entries;
    stats->people_left = sim->people.exits;
    stats->people_present = sim->people.present;
    stats->peak_people = sim->people.pool.high_water;
    stats->services = calloc(sim->n_services, sizeof *stats->services);
    if (!stats->services)
        return;
    stats->n_services = sim->n_services;
    for (size_t s = 0; s < sim->n_services; s++) {
        stats->services[s] = sim->services[s].all;
        stats->services[s].occupied = sim->services[s].occupied;
        stats->services[s].waiting = sim->services[s].waiting;
    }
}

static void loop(struct hsc_sim *sim)
{
    struct hsc_event ev;
    while (!sim->failed && hsc_evq_pop(&sim->pending, &ev)) {
        hsc__sim_set_now(sim, ev.time);
        hsc__assert_sim_time = ev.time;
        sim->events++;
        handlers[ev.kind](sim, &ev);
        if (ev.kind == HSC_EV_END)
            break;
    }
}

static void start(struct hsc_sim *sim)
{
    const struct hsc__clock *clock = &sim->clock;
    hsc__sim_schedule(sim, clock->t_measure, HSC_EV_START_MEASURE, HSC_NO_PERSON, 0, 0, 0);
    hsc__sim_schedule(sim, clock->t_end, HSC_EV_END, HSC_NO_PERSON, 0, 0, 0);
    /* The first midnight at or after time 0. */
    long day = (long)ceil(-clock->t_measure);
    double midnight = hsc__clock_midnight(clock, day);
    if (midnight < clock->t_end)
        hsc__sim_schedule(sim, midnight, HSC_EV_DAY, HSC_NO_PERSON, 0,
                          (uint32_t)(day - clock->first_day), 0);
    hsc__demand_initial(sim);
    hsc__demand_start(sim);
}

struct hsc_sim_workspace *hsc_sim_workspace_new(void)
{
    return calloc(1, sizeof(struct hsc_sim_workspace));
}

void hsc_sim_workspace_free(struct hsc_sim_workspace *ws)
{
    if (!ws)
        return;
    hsc_pool_fini(&ws->people);
    hsc_evq_fini(&ws->pending);
    free(ws);
}

int hsc_sim_run(const struct hsc_scenario *sc, const struct hsc_kpi_set *kpis,
                uint64_t rep, struct hsc_rep_output *out,
                struct hsc_sim_stats *stats, struct hsc_error *err)
{
    return hsc_sim_run_in(NULL, sc, kpis, rep, out, stats, err);
}

int hsc_sim_run_in(struct hsc_sim_workspace *ws, const struct hsc_scenario *sc,
                   const struct hsc_kpi_set *kpis, uint64_t rep, struct hsc_rep_output *out,
                   struct hsc_sim_stats *stats, struct hsc_error *err)
{
    struct hsc_sim sim;
    int status = -1;
    if (init_in(&sim, ws, sc, rep, out, err) != 0) {
        hsc_error_set(err, NULL, 0, NULL, "out of memory setting up replication %llu",
                      (unsigned long long)rep);
        goto done;
    }
    start(&sim);
    loop(&sim);
    if (sim.failed)
        goto done;
    hsc__sim_set_now(&sim, sim.clock.t_end);
    hsc__measures_finish(&sim);
    check_conservation(&sim);
    hsc__runaway_check(&sim);
    hsc__kpis_fill(&sim, kpis, out->kpi);
    if (stats)
        fill_stats(&sim, stats);
    status = 0;
done:
    hsc__sim_fini(&sim);
    return status;
}

void hsc_sim_stats_fini(struct hsc_sim_stats *stats)
{
    free(stats->services);
    memset(stats, 0, sizeof *stats);
}
