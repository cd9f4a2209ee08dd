/*
 * Services: places and queues, whatever the kind (service.h).
 *
 * A request is admitted at once when nobody waits and the person fits,
 * otherwise queued (strict head of line per queue, hospital waiters first)
 * or, at an acute service with a queue limit, turned away. Every change of
 * occupancy goes through set_occupied, which keeps the partition, the kind's
 * commitments, the time-weighted statistics and acute accounting together.
 */
#include "service.h"

#include <math.h>
#include <stdlib.h>

#include "hscflow/rng.h"
#include "replication.h"

static struct hsc__queue *queue_of(struct hsc__service *svc, const struct hsc__person *person,
                                   int cls)
{
    size_t part = svc->n_partitions > 1 ? person->locality : 0;
    return &svc->parts[part].queue[cls];
}

static void queue_push(struct hsc_sim *sim, struct hsc__queue *queue, uint32_t index)
{
    struct hsc__person *person = hsc__sim_person(sim, index);
    person->next = HSC_NO_PERSON;
    person->prev = queue->tail;
    if (queue->tail == HSC_NO_PERSON)
        queue->head = index;
    else
        hsc__sim_person(sim, queue->tail)->next = index;
    queue->tail = index;
    queue->length++;
}

static void queue_remove(struct hsc_sim *sim, struct hsc__queue *queue, uint32_t index)
{
    struct hsc__person *person = hsc__sim_person(sim, index);
    if (person->prev == HSC_NO_PERSON)
        queue->head = person->next;
    else
        hsc__sim_person(sim, person->prev)->next = person->next;
    if (person->next == HSC_NO_PERSON)
        queue->tail = person->prev;
    else
        hsc__sim_person(sim, person->next)->prev = person->prev;
    person->next = person->prev = HSC_NO_PERSON;
    queue->length--;
}

bool hsc__service_works_on(const struct hsc_sim *sim, uint16_t s, long day)
{
    return (sim->services[s].working_days >> hsc__clock_weekday(&sim->clock, day)) & 1u;
}

/* The partition that can take the person now, or -1. */
static long fits(const struct hsc_sim *sim, uint16_t s, const struct hsc__person *person)
{
    const struct hsc__service *svc = &sim->services[s];
    if (!svc->always_open) {
        if (svc->working_days != HSC_ALL_DAYS && !hsc__service_works_on(sim, s, hsc__sim_today(sim)))
            return -1;
        if (svc->cfg->staff != HSC_NO_INDEX && !hsc__staff_on_shift(sim, svc->cfg->staff))
            return -1;
    }
    bool (*fit)(const struct hsc__partition *, double) = svc->kind->fits;
    if (svc->n_partitions == 1)
        return fit(&svc->parts[0], person->want_hours) ? 0 : -1;
    if (fit(&svc->parts[person->locality], person->want_hours))
        return person->locality;
    if (!svc->cfg->overflow)
        return -1;
    for (size_t p = 0; p < svc->n_partitions; p++)
        if (fit(&svc->parts[p], person->want_hours))
            return (long)p;
    return -1;
}

static void set_waiting(struct hsc_sim *sim, struct hsc__service *svc, int64_t change)
{
    svc->waiting += change;
    hsc_tw_set(&svc->waiting_tw, sim->now, (double)svc->waiting);
}

static void set_occupied(struct hsc_sim *sim, uint16_t s, size_t part, int64_t change,
                         double hours)
{
    struct hsc__service *svc = &sim->services[s];
    svc->occupied += change;
    svc->parts[part].occupied += change;
    hsc_tw_set(&svc->occupancy_tw, sim->now, (double)svc->occupied);
    if (svc->kind->commit)
        svc->kind->commit(svc, &svc->parts[part], change, hours, sim->now);
    if (svc->role->intensive_at_home && hours >= HSC_INTENSIVE_HOURS)
        hsc__measure_intensive(sim, change);
    if (svc->role->acute)
        hsc__acute_occupied(sim, change);
}

struct hsc__place hsc__service_place_of(const struct hsc_sim *sim, uint32_t index)
{
    const struct hsc__person *person = hsc__sim_person(sim, index);
    return (struct hsc__place){.service = person->place, .partition = person->partition,
                               .phase = person->phase, .hours = person->held_hours};
}

/* Takes the person into partition `part`, then lets their role say what the
 * new place means (their stay, the place given up). */
static void admit(struct hsc_sim *sim, uint16_t s, uint32_t index, size_t part)
{
    struct hsc__service *svc = &sim->services[s];
    struct hsc__person *person = hsc__sim_person(sim, index);
    double wait = sim->now - person->asked_time;
    struct hsc__place given_up = hsc__service_place_of(sim, index);
    person->want = HSC_NO_SVC;
    person->wait_token = 0; /* no diversion or bridging once admitted */
    if (svc->role->keeps_place) {
        set_occupied(sim, s, part, +1, 0.0);
        person->assess_place = s;
        given_up.service = HSC_NO_SVC;
    } else {
        person->held_hours = svc->kind->draws_hours ? person->want_hours : 0.0;
        set_occupied(sim, s, part, +1, person->held_hours);
        person->place = s;
        person->partition = (uint8_t)part;
    }
    hsc__measure_admission(sim, s, wait);
    hsc__trace(sim, index, HSC_TRACE_ADMIT, given_up.service, s);
    svc->role->admitted(sim, s, index, &given_up);
}

/* The queue head to admit next: per partition the hospital queue's head,
 * else the community queue's; among those that fit, hospital waiters first,
 * then the longest waiting. Returns false when none fits. */
static bool next_to_admit(struct hsc_sim *sim, uint16_t s, uint32_t *index, int *cls,
                          size_t *queue_part, size_t *place_part)
{
    struct hsc__service *svc = &sim->services[s];
    bool found = false;
    for (size_t q = 0; q < svc->n_partitions; q++) {
        struct hsc__partition *part = &svc->parts[q];
        int c = part->queue[HSC_CLASS_HOSPITAL].length > 0 ? HSC_CLASS_HOSPITAL
                                                          : HSC_CLASS_COMMUNITY;
        uint32_t head = part->queue[c].head;
        if (head == HSC_NO_PERSON)
            continue;
        const struct hsc__person *person = hsc__sim_person(sim, head);
        long p = fits(sim, s, person);
        if (p < 0)
            continue;
        if (found && (c > *cls || (c == *cls && person->asked_time >=
                                                     hsc__sim_person(sim, *index)->asked_time)))
            continue;
        found = true;
        *index = head;
        *cls = c;
        *queue_part = q;
        *place_part = (size_t)p;
    }
    return found;
}

/* The common case, capacity not split: strictly the hospital queue's head,
 * else the community queue's, while it fits. */
static void serve_whole(struct hsc_sim *sim, uint16_t s)
{
    struct hsc__service *svc = &sim->services[s];
    struct hsc__partition *part = &svc->parts[0];
    while (svc->waiting > 0) {
        int cls = part->queue[HSC_CLASS_HOSPITAL].length > 0 ? HSC_CLASS_HOSPITAL
                                                            : HSC_CLASS_COMMUNITY;
        uint32_t head = part->queue[cls].head;
        if (fits(sim, s, hsc__sim_person(sim, head)) < 0)
            return;
        queue_remove(sim, &part->queue[cls], head);
        set_waiting(sim, svc, -1);
        admit(sim, s, head, 0);
    }
}

void hsc__service_serve(struct hsc_sim *sim, uint16_t s)
{
    struct hsc__service *svc = &sim->services[s];
    if (svc->n_partitions == 1) {
        serve_whole(sim, s);
        return;
    }
    uint32_t head;
    int cls;
    size_t queue_part, place_part;
    while (svc->waiting > 0 && next_to_admit(sim, s, &head, &cls, &queue_part, &place_part)) {
        queue_remove(sim, &svc->parts[queue_part].queue[cls], head);
        set_waiting(sim, svc, -1);
        admit(sim, s, head, place_part);
    }
}

/* The partition that takes the person now without passing anyone queued
 * for their own partition, or -1. */
static long room_for(const struct hsc_sim *sim, uint16_t s, const struct hsc__person *person)
{
    const struct hsc__service *svc = &sim->services[s];
    size_t q = svc->n_partitions > 1 ? person->locality : 0;
    if (svc->parts[q].queue[HSC_CLASS_HOSPITAL].length > 0 ||
        svc->parts[q].queue[HSC_CLASS_COMMUNITY].length > 0)
        return -1;
    return fits(sim, s, person);
}

bool hsc__service_has_room(const struct hsc_sim *sim, uint16_t s, uint32_t index)
{
    return room_for(sim, s, hsc__sim_person(sim, index)) >= 0;
}

void hsc__service_refuse(struct hsc_sim *sim, uint16_t s)
{
    hsc__measure_arrival(sim, s);
    hsc__measure_turned_away(sim, s);
}

/* The first of the competing clocks of a person waiting at home for svc
 * (waiting_at_home): giving up after their patience, presenting to
 * hospital, dying; drawn in that order from the service's wait stream.
 * Returns the outcome (0 = none) and sets *after. */
static int home_clock(const struct hsc__service *svc, const struct hsc__person *person,
                      double *after)
{
    const struct hsc_home_wait *wait = &svc->cfg->home_wait[person->cohort];
    gsl_rng *rng = svc->wait_rng[person->cohort];
    int outcome = 0;
    *after = INFINITY;
    if (wait->patience.kind != HSC_DIST_NONE) {
        *after = hsc_dist_sample(&wait->patience, rng);
        outcome = HSC_HOME_GIVES_UP;
    }
    const double rates[] = {wait->presentations_per_day, wait->deaths_per_day};
    const int outcomes[] = {HSC_HOME_PRESENTS, HSC_HOME_DIES};
    for (int i = 0; i < 2; i++) {
        if (!(rates[i] > 0.0))
            continue;
        double days = -log(hsc_rng_uniform_pos(rng)) / rates[i];
        if (days < *after) {
            *after = days;
            outcome = outcomes[i];
        }
    }
    return outcome;
}

/* A queue clock: an acute service diverts people who waited its maximum
 * wait for a bed; a service with bridging moves hospital waiters to its
 * interim service after its bridging wait; people waiting at home may give
 * up, present to hospital or die first (waiting_at_home). */
static void start_queue_clock(struct hsc_sim *sim, uint16_t s, uint32_t index)
{
    const struct hsc__service *svc = &sim->services[s];
    struct hsc__person *person = hsc__sim_person(sim, index);
    double after;
    enum hsc__event_kind kind;
    uint32_t data = 0;
    if (svc->role->acute && person->phase == HSC_PH_BOARDING && isfinite(svc->cfg->max_wait_days)) {
        after = svc->cfg->max_wait_days;
        kind = HSC_EV_DIVERT;
    } else if (svc->cfg->bridge_via != HSC_NO_INDEX && person->phase == HSC_PH_READY) {
        after = svc->cfg->bridge_after_days;
        kind = HSC_EV_BRIDGE;
    } else if (svc->wait_rng && person->phase == HSC_PH_WAITING_HOME &&
               (data = (uint32_t)home_clock(svc, person, &after)) != 0) {
        kind = HSC_EV_WAIT_OUTCOME;
    } else {
        return;
    }
    person->wait_token = hsc__sim_token(sim);
    if (sim->now + after < sim->clock.t_end)
        hsc__sim_schedule(sim, sim->now + after, kind, index, s, data, person->wait_token);
}

enum hsc__request_outcome hsc__service_request(struct hsc_sim *sim, uint16_t s, uint32_t index,
                                               int cls)
{
    struct hsc__service *svc = &sim->services[s];
    struct hsc__person *person = hsc__sim_person(sim, index);
    HSC_ASSERT(person->want == HSC_NO_SVC);
    if (svc->cfg->arrival_order)
        cls = HSC_CLASS_HOSPITAL; /* one queue, in arrival order */
    person->want = s;
    person->queue_class = (uint8_t)cls;
    person->asked_time = sim->now;
    hsc__measure_arrival(sim, s);
    hsc__trace(sim, index, HSC_TRACE_REQUEST, person->place, s);
    if (svc->waiting == 0) {
        long part = fits(sim, s, person);
        if (part >= 0) {
            admit(sim, s, index, (size_t)part);
            return HSC_REQ_ADMITTED;
        }
    }
    if (svc->cfg->max_queue >= 0 && svc->waiting >= svc->cfg->max_queue) {
        hsc__measure_turned_away(sim, s);
        person->want = HSC_NO_SVC;
        return HSC_REQ_TURNED_AWAY;
    }
    queue_push(sim, queue_of(svc, person, cls), index);
    set_waiting(sim, svc, +1);
    start_queue_clock(sim, s, index);
    /* A hospital waiter may start ahead of a community head that does not fit,
     * and a split service may have room elsewhere for someone. */
    if (cls == HSC_CLASS_HOSPITAL || svc->n_partitions > 1)
        hsc__service_serve(sim, s);
    return HSC_REQ_QUEUED;
}

void hsc__service_withdraw(struct hsc_sim *sim, uint16_t s, uint32_t index)
{
    struct hsc__service *svc = &sim->services[s];
    struct hsc__person *person = hsc__sim_person(sim, index);
    HSC_ASSERT(person->want == s);
    queue_remove(sim, queue_of(svc, person, person->queue_class), index);
    set_waiting(sim, svc, -1);
    person->want = HSC_NO_SVC;
    person->wait_token = 0;
    hsc__measure_withdrawn(sim, s);
    hsc__trace(sim, index, HSC_TRACE_WITHDRAW, s, -1);
    /* The head may have changed. */
    hsc__service_serve(sim, s);
}

void hsc__service_vacate(struct hsc_sim *sim, const struct hsc__place *place)
{
    set_occupied(sim, place->service, place->partition, -1, place->hours);
    hsc__measure_departure(sim, place->service);
    hsc__service_serve(sim, place->service);
}

void hsc__service_leave(struct hsc_sim *sim, uint16_t s, uint32_t index)
{
    struct hsc__person *person = hsc__sim_person(sim, index);
    struct hsc__place place = {.service = s};
    if (sim->services[s].role->keeps_place) {
        HSC_ASSERT(person->assess_place == s);
        person->assess_place = HSC_NO_SVC;
    } else {
        HSC_ASSERT(person->place == s);
        place = hsc__service_place_of(sim, index);
        person->place = HSC_NO_SVC;
        person->held_hours = 0.0;
    }
    hsc__trace(sim, index, HSC_TRACE_LEAVE, s, -1);
    hsc__service_vacate(sim, &place);
}

bool hsc__service_place_interim(struct hsc_sim *sim, uint16_t s, uint32_t index, double hours,
                                struct hsc__place *given_up)
{
    struct hsc__service *svc = &sim->services[s];
    struct hsc__person *person = hsc__sim_person(sim, index);
    double wanted = person->want_hours; /* kept for the service still awaited */
    person->want_hours = hours;
    long part = room_for(sim, s, person);
    person->want_hours = wanted;
    if (part < 0)
        return false;
    *given_up = hsc__service_place_of(sim, index);
    person->held_hours = svc->kind->draws_hours ? hours : 0.0;
    set_occupied(sim, s, (size_t)part, +1, person->held_hours);
    person->place = s;
    person->partition = (uint8_t)part;
    hsc__measure_interim(sim, s);
    return true;
}

void hsc__service_place_initial(struct hsc_sim *sim, uint16_t s, uint32_t index,
                                double remaining)
{
    struct hsc__service *svc = &sim->services[s];
    struct hsc__person *person = hsc__sim_person(sim, index);
    size_t part = svc->n_partitions > 1 ? person->locality : 0;
    person->held_hours = person->want_hours;
    set_occupied(sim, s, part, +1, person->held_hours);
    person->place = s;
    person->partition = (uint8_t)part;
    person->phase = HSC_PH_COMMUNITY;
    hsc__measure_interim(sim, s); /* before the run: nothing is measured yet */
    hsc__trace(sim, index, HSC_TRACE_ADMIT, -1, s);
    person->stay_token = hsc__sim_token(sim);
    hsc__sim_schedule(sim, sim->now + remaining, HSC_EV_STAY_END, index, s, 0,
                      person->stay_token);
}

double hsc__service_stay_end(const struct hsc_sim *sim, uint16_t s, double days)
{
    const struct hsc__service *svc = &sim->services[s];
    if (!svc->working_day_stays)
        return sim->now + days;
    /* Walk the calendar, counting only the staff's working days. */
    double time = sim->now;
    long day = hsc__sim_today(sim);
    for (int guard = 0; guard < 100000; guard++, day++) {
        double day_end = hsc__clock_midnight(&sim->clock, day + 1);
        if (hsc__service_works_on(sim, s, day)) {
            if (days <= day_end - time)
                return time + days;
            days -= day_end - time;
        }
        time = day_end;
    }
    HSC_ASSERT(!"a caseload service with no working days");
    return time;
}

int hsc__services_init(struct hsc_sim *sim)
{
    const struct hsc_scenario *sc = sim->sc;
    sim->n_services = sc->n_services;
    sim->services = calloc(sc->n_services ? sc->n_services : 1, sizeof *sim->services);
    if (!sim->services)
        return -1;
    for (size_t s = 0; s < sc->n_services; s++) {
        struct hsc__service *svc = &sim->services[s];
        svc->cfg = &sc->services[s];
        svc->role = hsc__role_of(svc->cfg);
        svc->kind = hsc__kind_of(svc->cfg);
        svc->n_partitions = svc->cfg->locality_share ? sc->n_localities : 1;
        svc->parts = calloc(svc->n_partitions, sizeof *svc->parts);
        if (!svc->parts || hsc_qhist_init(&svc->wait_hist) != 0)
            return -1;
        for (size_t p = 0; p < svc->n_partitions; p++)
            for (int c = 0; c < HSC_CLASSES; c++)
                svc->parts[p].queue[c].head = svc->parts[p].queue[c].tail = HSC_NO_PERSON;
        hsc_tw_init(&svc->occupancy_tw, 0.0, 0.0);
        hsc_tw_init(&svc->waiting_tw, 0.0, 0.0);
        hsc_tw_init(&svc->hours_tw, 0.0, 0.0);
        const struct hsc_staff_group *group =
            svc->cfg->staff != HSC_NO_INDEX ? &sc->staff[svc->cfg->staff] : NULL;
        svc->working_days = group ? group->working_days : HSC_ALL_DAYS;
        svc->always_open = svc->working_days == HSC_ALL_DAYS &&
                           (!group || (group->from_hour <= 0.0 && group->to_hour >= 24.0));
        svc->working_day_stays = svc->kind->may_count_working_days &&
                                 svc->cfg->duration_counts == HSC_DAYS_WORKING &&
                                 svc->working_days != HSC_ALL_DAYS;
        svc->discharges_any_time = svc->cfg->discharge_from_hour <= 0.0 &&
                                   svc->cfg->discharge_to_hour >= 24.0 &&
                                   svc->cfg->weekend_discharge >= 1.0;
        hsc__service_split_capacity(svc, hsc__service_initial_capacity(sim, svc));
        hsc_tw_init(&svc->capacity_tw, 0.0, svc->capacity);
    }
    return 0;
}

static void free_streams(gsl_rng **rngs, size_t n)
{
    for (size_t i = 0; rngs && i < n; i++)
        gsl_rng_free(rngs[i]);
    free(rngs);
}

void hsc__services_fini(struct hsc_sim *sim)
{
    size_t n_cohorts = sim->sc->n_cohorts;
    for (size_t s = 0; sim->services && s < sim->n_services; s++) {
        struct hsc__service *svc = &sim->services[s];
        hsc_qhist_fini(&svc->wait_hist);
        free(svc->parts);
        free_streams(svc->duration_rng, n_cohorts);
        free_streams(svc->hours_rng, n_cohorts);
        free_streams(svc->route_rng, n_cohorts);
        free_streams(svc->wait_rng, n_cohorts);
    }
    free(sim->services);
    sim->services = NULL;
    sim->n_services = 0;
}
