/*
 * One replication: set-up, the event loop and its handler table, the
 * calendar, the lifecycle of people records, and tear-down with the
 * conservation checks.
 *
 * Time 0 is the start of the warm-up; the measurement period is
 * [warmup_days, warmup_days + measure_days) and its first midnight is the
 * scenario's start date, so day d (negative in the warm-up) starts at
 * warmup_days + d. Handlers never allocate: people and events come from pools
 * sized by doubling up to the scenario's hard limits.
 */
#include "sim_state.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef void (*handler_fn)(struct hsc_sim *sim, const struct hsc_event *ev);

static void on_start_measure(struct hsc_sim *sim, const struct hsc_event *ev);
static void on_end(struct hsc_sim *sim, const struct hsc_event *ev);
static void on_day(struct hsc_sim *sim, const struct hsc_event *ev);
static void on_arrival(struct hsc_sim *sim, const struct hsc_event *ev);
static void on_elective(struct hsc_sim *sim, const struct hsc_event *ev);
static void on_referral(struct hsc_sim *sim, const struct hsc_event *ev);
static void on_stay_end(struct hsc_sim *sim, const struct hsc_event *ev);
static void on_discharge(struct hsc_sim *sim, const struct hsc_event *ev);
static void on_readmit(struct hsc_sim *sim, const struct hsc_event *ev);
static void on_check91(struct hsc_sim *sim, const struct hsc_event *ev);
static void on_divert(struct hsc_sim *sim, const struct hsc_event *ev);
static void on_bridge(struct hsc_sim *sim, const struct hsc_event *ev);
static void on_shift(struct hsc_sim *sim, const struct hsc_event *ev);

static const handler_fn handlers[HSC_EV_KIND_COUNT] = {
    [HSC_EV_START_MEASURE] = on_start_measure,
    [HSC_EV_END] = on_end,
    [HSC_EV_DAY] = on_day,
    [HSC_EV_ARRIVAL] = on_arrival,
    [HSC_EV_ELECTIVE] = on_elective,
    [HSC_EV_REFERRAL] = on_referral,
    [HSC_EV_STAY_END] = on_stay_end,
    [HSC_EV_DISCHARGE] = on_discharge,
    [HSC_EV_READMIT] = on_readmit,
    [HSC_EV_CHECK91] = on_check91,
    [HSC_EV_DIVERT] = on_divert,
    [HSC_EV_BRIDGE] = on_bridge,
    [HSC_EV_SHIFT] = on_shift,
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
    int status = hsc_evq_push(&sim->events_pending, &ev);
    if (status == HSC_EVQ_LIMIT)
        hsc__sim_fail(sim, "run.max_events",
                      "more than %lld events pending: raise run.max_events, or check "
                      "that capacity can keep up with demand",
                      (long long)sim->sc->run.max_events);
    else if (status == HSC_EVQ_NOMEM)
        hsc__sim_fail(sim, NULL, "out of memory for the event list");
}

uint32_t hsc__sim_token(struct hsc_sim *sim)
{
    if (++sim->next_token == 0) /* 0 means "none pending" */
        ++sim->next_token;
    return sim->next_token;
}

uint32_t hsc__sim_new_person(struct hsc_sim *sim, uint16_t cohort, uint8_t locality)
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
    person->next = person->prev = HSC_NO_PERSON;
    person->cohort = cohort;
    person->locality = locality;
    person->phase = HSC_PH_NONE;
    person->place = person->assess_place = person->want = person->target = HSC_NO_SVC;
    person->discharge_time = -1.0;
    person->id = sim->next_person_id++;
    sim->entries++;
    sim->present++;
    return index;
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

void hsc__sim_person_forget(struct hsc_sim *sim, uint32_t index)
{
    struct hsc__person *person = hsc__sim_person(sim, index);
    HSC_ASSERT(person->phase == HSC_PH_AT_HOME || person->phase == HSC_PH_DEAD);
    HSC_ASSERT(person->readmit_token == 0 && person->check_token == 0);
    person->phase = HSC_PH_NONE; /* marks the record free for end-of-run scans */
    hsc_pool_give(&sim->people, index);
}

void hsc__sim_person_exits(struct hsc_sim *sim, uint32_t index, bool died)
{
    struct hsc__person *person = hsc__sim_person(sim, index);
    HSC_ASSERT(person->place == HSC_NO_SVC && person->want == HSC_NO_SVC &&
               person->assess_place == HSC_NO_SVC);
    sim->exits++;
    sim->present--;
    hsc__trace(sim, index, died ? HSC_TRACE_DEATH : HSC_TRACE_HOME, -1, -1);
    person->phase = died ? HSC_PH_DEAD : HSC_PH_AT_HOME;
    if (died) {
        person->readmit_token = 0; /* the dead do not re-present */
        if (sim->measuring)
            sim->m.deaths++;
    }
    if (person->readmit_token == 0 && person->check_token == 0)
        hsc__sim_person_forget(sim, index);
}

void hsc__sim_person_returns(struct hsc_sim *sim, uint32_t index)
{
    struct hsc__person *person = hsc__sim_person(sim, index);
    HSC_ASSERT(person->phase == HSC_PH_AT_HOME);
    person->phase = HSC_PH_NONE;
    sim->entries++;
    sim->present++;
}

long hsc__sim_day(const struct hsc_sim *sim, double time)
{
    return (long)floor(time - sim->t_measure);
}

double hsc__sim_midnight(const struct hsc_sim *sim, long day)
{
    return sim->t_measure + (double)day;
}

int hsc__sim_weekday(const struct hsc_sim *sim, long day)
{
    long wd = (sim->first_weekday + day) % 7;
    return (int)(wd < 0 ? wd + 7 : wd);
}

double hsc__sim_day_factor(const struct hsc_sim *sim, long day)
{
    long at = day - sim->first_day;
    if (at < 0)
        at = 0;
    if ((size_t)at >= sim->n_day_factors)
        at = (long)sim->n_day_factors - 1;
    return sim->day_factor[at];
}

double hsc__sim_overlap(const struct hsc_sim *sim, double from, double to)
{
    double lo = from > sim->t_measure ? from : sim->t_measure;
    double hi = to < sim->t_end ? to : sim->t_end;
    return hi > lo ? hi - lo : 0.0;
}

long hsc__sim_series_day(const struct hsc_sim *sim)
{
    if (!sim->measuring)
        return -1;
    long day = hsc__sim_day(sim, sim->now);
    return day >= 0 && (size_t)day < sim->n_days ? day : -1;
}

static void on_start_measure(struct hsc_sim *sim, const struct hsc_event *ev)
{
    (void)ev;
    sim->measuring = true;
    hsc_tw_restart(&sim->acute_fraction_tw, sim->now);
    for (size_t i = 0; i < sim->n_acute_levels; i++)
        hsc_level_hist_restart(&sim->acute_levels[i], sim->now);
    hsc__services_start_measure(sim);
    hsc__measures_restart(sim);
}

static void on_end(struct hsc_sim *sim, const struct hsc_event *ev)
{
    (void)ev;
    sim->measuring = false;
}

/* Beds of a bed service on `day`: its calendar's period, else its base. */
static int64_t beds_on(const struct hsc_sim *sim, const struct hsc_service *cfg, long day)
{
    if (cfg->n_calendar == 0)
        return cfg->capacity;
    struct hsc_date date = hsc_date_from_days(sim->start_days + day);
    int key = date.month * 100 + date.day;
    int64_t days = sim->start_days + day;
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

static void apply_calendars(struct hsc_sim *sim, long day)
{
    for (size_t s = 0; s < sim->n_services; s++) {
        const struct hsc_service *cfg = sim->services[s].cfg;
        if (cfg->n_calendar == 0)
            continue;
        double beds = (double)beds_on(sim, cfg, day);
        if (beds != sim->services[s].capacity)
            hsc__service_set_capacity(sim, (uint16_t)s, beds);
    }
}

static void snapshot(struct hsc_sim *sim, size_t day)
{
    size_t n_svc = sim->n_services;
    for (size_t s = 0; s < n_svc; s++) {
        sim->out->occupancy[day * n_svc + s] = (float)sim->services[s].occupied;
        sim->out->waiting[day * n_svc + s] = (float)sim->services[s].waiting;
    }
}

/* Midnight: the daily snapshot, the day's electives, and staffed services
 * that start work today take people from their queues. */
static void on_day(struct hsc_sim *sim, const struct hsc_event *ev)
{
    long day = (long)ev->data + sim->first_day;
    if (sim->measuring && day >= 0 && (size_t)day < sim->n_days)
        snapshot(sim, (size_t)day);
    hsc__measures_midnight(sim, day);
    apply_calendars(sim, day);
    hsc__staff_new_day(sim, day);
    hsc__demand_electives_today(sim, day);
    for (size_t s = 0; s < sim->n_services; s++)
        if (sim->services[s].cfg->staff != HSC_NO_INDEX && hsc__service_works_on(sim, (uint16_t)s, day))
            hsc__service_serve(sim, (uint16_t)s);
    double next = hsc__sim_midnight(sim, day + 1);
    if (next < sim->t_end)
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

static void on_stay_end(struct hsc_sim *sim, const struct hsc_event *ev)
{
    if (hsc__sim_person(sim, ev->person)->stay_token == ev->token)
        hsc__flow_stay_end(sim, ev->service, ev->person);
}

static void on_discharge(struct hsc_sim *sim, const struct hsc_event *ev)
{
    if (hsc__sim_person(sim, ev->person)->stay_token == ev->token)
        hsc__flow_discharge(sim, ev->person);
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

static void on_shift(struct hsc_sim *sim, const struct hsc_event *ev)
{
    hsc__staff_shift_starts(sim, ev->data);
}

static void on_bridge(struct hsc_sim *sim, const struct hsc_event *ev)
{
    if (hsc__sim_person(sim, ev->person)->wait_token == ev->token)
        hsc__flow_bridge(sim, ev->person);
}

/* Calendar factors of every day the run touches, so arrival processes look
 * them up instead of doing date arithmetic per arrival. */
static int make_calendar(struct hsc_sim *sim)
{
    const struct hsc_scenario *sc = sim->sc;
    int64_t start = hsc_date_to_days(sc->run.start_date);
    sim->start_days = start;
    sim->first_weekday = hsc_date_weekday(start);
    sim->first_day = -(long)ceil(sc->run.warmup_days);
    long last_day = (long)ceil(sc->run.measure_days);
    sim->n_day_factors = (size_t)(last_day - sim->first_day + 1);
    sim->day_factor = malloc(sim->n_day_factors * sizeof *sim->day_factor);
    if (!sim->day_factor)
        return -1;
    for (size_t i = 0; i < sim->n_day_factors; i++) {
        long day = sim->first_day + (long)i;
        struct hsc_date date = hsc_date_from_days(start + day);
        double factor = sc->weekday_factors[hsc__sim_weekday(sim, day)] *
                        sc->month_factors[date.month - 1];
        sim->day_factor[i] = factor;
        if (factor != 1.0)
            sim->has_factors = true;
    }
    for (int h = 0; h < 24; h++)
        if (sc->hour_factors[h] != 1.0)
            sim->has_hour_factors = true;
    return 0;
}

/* The capacity a service starts with at time 0 (before any queue exists). */
static double initial_capacity(const struct hsc_sim *sim, const struct hsc__service *svc)
{
    if (svc->cfg->staff == HSC_NO_INDEX)
        return (double)beds_on(sim, svc->cfg, hsc__sim_day(sim, 0.0));
    return hsc__staff_capacity(sim, svc->cfg);
}

/* One exact level histogram per total acute capacity the calendars give. */
static int setup_acute_levels(struct hsc_sim *sim)
{
    size_t n_days = sim->n_day_factors;
    sim->acute_level_capacity = calloc(n_days, sizeof *sim->acute_level_capacity);
    if (!sim->acute_level_capacity)
        return -1;
    int64_t most = 0;
    for (size_t i = 0; i < n_days; i++) {
        int64_t total = 0;
        for (size_t s = 0; s < sim->n_services; s++)
            if (sim->services[s].cfg->role == HSC_ROLE_ACUTE)
                total += beds_on(sim, sim->services[s].cfg, sim->first_day + (long)i);
        size_t k = 0;
        while (k < sim->n_acute_levels && sim->acute_level_capacity[k] != total)
            k++;
        if (k == sim->n_acute_levels)
            sim->acute_level_capacity[sim->n_acute_levels++] = total;
        if (total > most)
            most = total;
    }
    sim->acute_levels = calloc(sim->n_acute_levels, sizeof *sim->acute_levels);
    if (!sim->acute_levels)
        return -1;
    for (size_t k = 0; k < sim->n_acute_levels; k++)
        if (hsc_level_hist_init(&sim->acute_levels[k], (size_t)most, 0.0, 0) != 0)
            return -1;
    return 0;
}

static int setup_services(struct hsc_sim *sim)
{
    const struct hsc_scenario *sc = sim->sc;
    sim->n_services = sc->n_services;
    sim->services = calloc(sc->n_services, sizeof *sim->services);
    if (!sim->services)
        return -1;
    for (size_t s = 0; s < sc->n_services; s++) {
        struct hsc__service *svc = &sim->services[s];
        svc->cfg = &sc->services[s];
        svc->n_partitions = svc->cfg->locality_share ? sc->n_localities : 1;
        svc->parts = calloc(svc->n_partitions, sizeof *svc->parts);
        if (!svc->parts)
            return -1;
        for (size_t p = 0; p < svc->n_partitions; p++)
            for (int c = 0; c < HSC_CLASSES; c++)
                svc->parts[p].queue[c].head = svc->parts[p].queue[c].tail = HSC_NO_PERSON;
        hsc_tw_init(&svc->occupancy_tw, 0.0, 0.0);
        hsc_tw_init(&svc->waiting_tw, 0.0, 0.0);
        hsc_tw_init(&svc->hours_tw, 0.0, 0.0);
        if (hsc_qhist_init(&svc->wait_hist) != 0)
            return -1;
        svc->working_days = svc->cfg->staff != HSC_NO_INDEX
                                ? sc->staff[svc->cfg->staff].working_days
                                : HSC_ALL_DAYS;
        const struct hsc_staff_group *group =
            svc->cfg->staff != HSC_NO_INDEX ? &sc->staff[svc->cfg->staff] : NULL;
        svc->always_open = svc->working_days == HSC_ALL_DAYS &&
                           (!group || (group->from_hour <= 0.0 && group->to_hour >= 24.0));
    }
    if (setup_acute_levels(sim) != 0)
        return -1;
    for (size_t s = 0; s < sc->n_services; s++) {
        struct hsc__service *svc = &sim->services[s];
        hsc__service_split_capacity(svc, initial_capacity(sim, svc));
        hsc_tw_init(&svc->capacity_tw, 0.0, svc->capacity);
        if (svc->cfg->role == HSC_ROLE_ACUTE)
            sim->acute_capacity += (int64_t)svc->capacity;
    }
    while (sim->acute_level_capacity[sim->acute_level_now] != sim->acute_capacity)
        sim->acute_level_now++;
    hsc_tw_init(&sim->acute_fraction_tw, 0.0, 0.0);
    return 0;
}

static int setup(struct hsc_sim *sim)
{
    const struct hsc_scenario *sc = sim->sc;
    sim->t_measure = sc->run.warmup_days;
    sim->t_end = sc->run.warmup_days + sc->run.measure_days;
    sim->n_days = hsc_sim_days(sc);
    if (make_calendar(sim) != 0 || hsc__staff_setup(sim) != 0 || setup_services(sim) != 0 ||
        hsc__demand_setup(sim) != 0 ||
        hsc__measures_init(sim) != 0)
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

static void free_streams(gsl_rng **rngs, size_t n)
{
    for (size_t i = 0; rngs && i < n; i++)
        gsl_rng_free(rngs[i]);
    free(rngs);
}

static void teardown(struct hsc_sim *sim)
{
    size_t n_cohorts = sim->sc->n_cohorts;
    for (size_t s = 0; sim->services && s < sim->n_services; s++) {
        struct hsc__service *svc = &sim->services[s];
        hsc_qhist_fini(&svc->wait_hist);
        free(svc->parts);
        free_streams(svc->duration_rng, n_cohorts);
        free_streams(svc->hours_rng, n_cohorts);
        free_streams(svc->route_rng, n_cohorts);
    }
    free(sim->services);
    hsc__demand_fini(sim);
    hsc__staff_fini(sim);
    hsc__measures_fini(sim);
    free(sim->day_factor);
    for (size_t k = 0; sim->acute_levels && k < sim->n_acute_levels; k++)
        hsc_level_hist_fini(&sim->acute_levels[k]);
    free(sim->acute_levels);
    free(sim->acute_level_capacity);
    hsc_pool_fini(&sim->people);
    hsc_evq_fini(&sim->events_pending);
}

static bool in_system(const struct hsc__person *person)
{
    return person->phase != HSC_PH_NONE && person->phase != HSC_PH_AT_HOME &&
           person->phase != HSC_PH_DEAD;
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
        if (svc->cfg->role != HSC_ROLE_ASSESSMENT)
            held += svc->occupied;
        waiting += svc->waiting;
    }
    HSC_ASSERT(sim->entries == sim->exits + sim->present);
    int64_t present = 0, placed = 0, queued = 0, records = 0;
    for (uint32_t i = 0; i < sim->people.high_water; i++) {
        const struct hsc__person *person = hsc__sim_person(sim, i);
        if (person->phase == HSC_PH_NONE)
            continue;
        records++;
        present += in_system(person);
        placed += person->place != HSC_NO_SVC;
        queued += person->want != HSC_NO_SVC;
    }
    HSC_ASSERT(present == sim->present);
    HSC_ASSERT(records == (int64_t)sim->people.in_use);
    HSC_ASSERT(placed == held && queued == waiting);
}

static void fill_stats(const struct hsc_sim *sim, struct hsc_sim_stats *stats)
{
    memset(stats, 0, sizeof *stats);
    stats->events = sim->events;
    stats->people_created = sim->entries;
    stats->people_left = sim->exits;
    stats->people_present = sim->present;
    stats->peak_people = sim->people.high_water;
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
    while (!sim->failed && hsc_evq_pop(&sim->events_pending, &ev)) {
        sim->now = ev.time;
        hsc__assert_sim_time = ev.time;
        sim->events++;
        handlers[ev.kind](sim, &ev);
        if (ev.kind == HSC_EV_END)
            break;
    }
}

static void start(struct hsc_sim *sim)
{
    hsc__sim_schedule(sim, sim->t_measure, HSC_EV_START_MEASURE, HSC_NO_PERSON, 0, 0, 0);
    hsc__sim_schedule(sim, sim->t_end, HSC_EV_END, HSC_NO_PERSON, 0, 0, 0);
    /* The first midnight at or after time 0. */
    long day = (long)ceil(-sim->t_measure);
    double midnight = hsc__sim_midnight(sim, day);
    if (midnight < sim->t_end)
        hsc__sim_schedule(sim, midnight, HSC_EV_DAY, HSC_NO_PERSON, 0,
                          (uint32_t)(day - sim->first_day), 0);
    hsc__demand_initial(sim);
    hsc__demand_start(sim);
}

int hsc_sim_run(const struct hsc_scenario *sc, const struct hsc_kpi_set *kpis,
                uint64_t rep, struct hsc_rep_output *out,
                struct hsc_sim_stats *stats, struct hsc_error *err)
{
    struct hsc_sim sim = {.sc = sc, .out = out, .trace = out->trace, .err = err, .rep = rep};
    int status = -1;
    if (setup(&sim) != 0) {
        hsc_error_set(err, NULL, 0, NULL, "out of memory setting up replication %llu",
                      (unsigned long long)rep);
        goto done;
    }
    start(&sim);
    loop(&sim);
    if (sim.failed)
        goto done;
    sim.now = sim.t_end;
    hsc__services_finish(&sim);
    hsc__measures_finish(&sim);
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
