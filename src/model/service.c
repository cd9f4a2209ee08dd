/*
 * Services: places, queues and capacity, whatever the kind.
 *
 * A service has beds (optionally on a capacity calendar), caseload places
 * (staff WTE x caseload per WTE) or care hours a week (staff WTE x hours per
 * WTE). Staffed services start people only on their staff's working days, and
 * caseload stays count working days. Capacity may be split by locality into
 * partitions, each serving its own residents (or, with overflow, anyone).
 * Each partition has two queues, hospital waiters first, each strictly head of
 * line: if the head does not fit, nobody behind it starts. Invariant: no
 * queue head that fits is left waiting. What a new place means for the person
 * is flow.c's business.
 */
#include "sim_state.h"

#include <math.h>

#include "hscflow/dist.h"

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
    return (sim->services[s].working_days >> hsc__sim_weekday(sim, day)) & 1u;
}

static bool partition_fits(const struct hsc__service *svc, const struct hsc__partition *part,
                           double hours)
{
    if (svc->cfg->kind == HSC_KIND_HOURS)
        /* A package larger than the whole capacity still starts in an empty
         * partition; otherwise it would block the queue for ever. */
        return part->committed_hours + hours <= part->capacity + 1e-9 ||
               (part->occupied == 0 && part->capacity > 0.0);
    return (double)part->occupied < part->capacity;
}

/* The partition that can take the person now, or -1. */
static long fits(const struct hsc_sim *sim, uint16_t s, const struct hsc__person *person)
{
    const struct hsc__service *svc = &sim->services[s];
    if (!svc->always_open) {
        if (svc->working_days != HSC_ALL_DAYS &&
            !hsc__service_works_on(sim, s, hsc__sim_day(sim, sim->now)))
            return -1;
        if (svc->cfg->staff != HSC_NO_INDEX && !hsc__staff_on_shift(sim, svc->cfg->staff))
            return -1;
    }
    if (svc->n_partitions == 1)
        return partition_fits(svc, &svc->parts[0], person->want_hours) ? 0 : -1;
    if (partition_fits(svc, &svc->parts[person->locality], person->want_hours))
        return person->locality;
    if (!svc->cfg->overflow)
        return -1;
    for (size_t p = 0; p < svc->n_partitions; p++)
        if (partition_fits(svc, &svc->parts[p], person->want_hours))
            return (long)p;
    return -1;
}

static void set_waiting(struct hsc_sim *sim, struct hsc__service *svc, int64_t change)
{
    svc->waiting += change;
    hsc_tw_set(&svc->waiting_tw, sim->now, (double)svc->waiting);
}

/* Occupied / available acute beds changed: the time-weighted fraction and
 * the exact level histogram of the current total capacity follow. */
void hsc__service_acute_changed(struct hsc_sim *sim)
{
    double beds = sim->acute_capacity > 0 ? (double)sim->acute_capacity : 1.0;
    hsc_tw_set(&sim->acute_fraction_tw, sim->now, (double)sim->acute_occupied / beds);
    hsc_level_hist_set(&sim->acute_levels[sim->acute_level_now], sim->now,
                       (size_t)sim->acute_occupied);
}

static void set_occupied(struct hsc_sim *sim, uint16_t s, size_t part, int64_t change,
                         double hours)
{
    struct hsc__service *svc = &sim->services[s];
    svc->occupied += change;
    svc->parts[part].occupied += change;
    hsc_tw_set(&svc->occupancy_tw, sim->now, (double)svc->occupied);
    if (svc->cfg->kind == HSC_KIND_HOURS) {
        svc->committed_hours += (double)change * hours;
        svc->parts[part].committed_hours += (double)change * hours;
        hsc_tw_set(&svc->hours_tw, sim->now, svc->committed_hours);
        if (svc->cfg->role == HSC_ROLE_HOME_CARE && hours >= HSC_INTENSIVE_HOURS)
            hsc__measures_intensive(sim, (int)change);
    }
    if (svc->cfg->role == HSC_ROLE_ACUTE) {
        sim->acute_occupied += change;
        hsc__service_acute_changed(sim);
    }
}

/* Takes the person into partition `part`: occupancy, wait statistics, then
 * the flow consequences (their stay, leaving the place they held). */
static void admit(struct hsc_sim *sim, uint16_t s, uint32_t index, size_t part)
{
    struct hsc__service *svc = &sim->services[s];
    struct hsc__person *person = hsc__sim_person(sim, index);
    double wait = sim->now - person->asked_time;
    uint16_t old_place = person->place;
    double old_hours = person->held_hours;
    uint8_t old_partition = person->partition;
    person->want = HSC_NO_SVC;
    person->wait_token = 0; /* no diversion or bridging once admitted */
    if (svc->cfg->role == HSC_ROLE_ASSESSMENT) {
        set_occupied(sim, s, part, +1, 0.0);
        person->assess_place = s;
        old_place = HSC_NO_SVC; /* the acute bed is kept */
    } else {
        person->held_hours = svc->cfg->kind == HSC_KIND_HOURS ? person->want_hours : 0.0;
        set_occupied(sim, s, part, +1, person->held_hours);
        person->place = s;
        person->partition = (uint8_t)part;
    }
    svc->all.admissions++;
    if (sim->measuring) {
        svc->period.admissions++;
        svc->period.wait_sum += wait;
        if (wait > 0.0)
            svc->period.waited++;
        hsc_qhist_add(&svc->wait_hist, wait);
    }
    hsc__trace(sim, index, HSC_TRACE_ADMIT, old_place, s);
    hsc__flow_admitted(sim, s, index, old_place, old_hours, old_partition);
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

bool hsc__service_has_room(const struct hsc_sim *sim, uint16_t s, uint32_t index)
{
    const struct hsc__service *svc = &sim->services[s];
    const struct hsc__person *person = hsc__sim_person((struct hsc_sim *)sim, index);
    size_t q = svc->n_partitions > 1 ? person->locality : 0;
    if (svc->parts[q].queue[HSC_CLASS_HOSPITAL].length > 0 ||
        svc->parts[q].queue[HSC_CLASS_COMMUNITY].length > 0)
        return false;
    return fits(sim, s, person) >= 0;
}

static void count_turned_away(struct hsc_sim *sim, struct hsc__service *svc)
{
    svc->all.turned_away++;
    if (sim->measuring)
        svc->period.turned_away++;
}

void hsc__service_refuse(struct hsc_sim *sim, uint16_t s)
{
    struct hsc__service *svc = &sim->services[s];
    svc->all.arrivals++;
    if (sim->measuring)
        svc->period.arrivals++;
    count_turned_away(sim, svc);
}

void hsc__service_request(struct hsc_sim *sim, uint16_t s, uint32_t index, int cls)
{
    struct hsc__service *svc = &sim->services[s];
    struct hsc__person *person = hsc__sim_person(sim, index);
    HSC_ASSERT(person->want == HSC_NO_SVC);
    person->want = s;
    person->queue_class = (uint8_t)cls;
    person->asked_time = sim->now;
    svc->all.arrivals++;
    if (sim->measuring)
        svc->period.arrivals++;
    hsc__trace(sim, index, HSC_TRACE_REQUEST, person->place, s);
    if (svc->waiting == 0) {
        long part = fits(sim, s, person);
        if (part >= 0) {
            admit(sim, s, index, (size_t)part);
            return;
        }
    }
    if (svc->cfg->max_queue >= 0 && svc->waiting >= svc->cfg->max_queue) {
        count_turned_away(sim, svc);
        person->want = HSC_NO_SVC;
        hsc__flow_turned_away(sim, s, index);
        return;
    }
    queue_push(sim, queue_of(svc, person, cls), index);
    set_waiting(sim, svc, +1);
    hsc__flow_queued(sim, s, index);
    /* A hospital waiter may start ahead of a community head that does not fit,
     * and a split service may have room elsewhere for someone. */
    if (cls == HSC_CLASS_HOSPITAL || svc->n_partitions > 1)
        hsc__service_serve(sim, s);
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
    svc->all.withdrawn++;
    if (sim->measuring)
        svc->period.withdrawn++;
    hsc__trace(sim, index, HSC_TRACE_WITHDRAW, s, -1);
    /* The head may have changed. */
    hsc__service_serve(sim, s);
}

void hsc__service_vacate(struct hsc_sim *sim, uint16_t s, size_t part, double hours)
{
    struct hsc__service *svc = &sim->services[s];
    set_occupied(sim, s, part, -1, hours);
    svc->all.departures++;
    if (sim->measuring)
        svc->period.departures++;
    hsc__service_serve(sim, s);
}

void hsc__service_leave(struct hsc_sim *sim, uint16_t s, uint32_t index)
{
    struct hsc__person *person = hsc__sim_person(sim, index);
    double hours = 0.0;
    size_t part = 0;
    if (sim->services[s].cfg->role == HSC_ROLE_ASSESSMENT) {
        HSC_ASSERT(person->assess_place == s);
        person->assess_place = HSC_NO_SVC;
    } else {
        HSC_ASSERT(person->place == s);
        person->place = HSC_NO_SVC;
        hours = person->held_hours;
        part = person->partition;
        person->held_hours = 0.0;
    }
    hsc__trace(sim, index, HSC_TRACE_LEAVE, s, -1);
    hsc__service_vacate(sim, s, part, hours);
}

bool hsc__service_place_interim(struct hsc_sim *sim, uint16_t s, uint32_t index, double hours)
{
    struct hsc__service *svc = &sim->services[s];
    struct hsc__person *person = hsc__sim_person(sim, index);
    double wanted = person->want_hours; /* kept for the service still awaited */
    person->want_hours = hours;
    long part = hsc__service_has_room(sim, s, index) ? fits(sim, s, person) : -1;
    person->want_hours = wanted;
    if (part < 0)
        return false;
    person->held_hours = svc->cfg->kind == HSC_KIND_HOURS ? hours : 0.0;
    set_occupied(sim, s, (size_t)part, +1, person->held_hours);
    person->place = s;
    person->partition = (uint8_t)part;
    svc->all.arrivals++;
    svc->all.admissions++;
    if (sim->measuring) {
        svc->period.arrivals++;
        svc->period.admissions++;
    }
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
    svc->all.arrivals++;
    svc->all.admissions++;
    hsc__trace(sim, index, HSC_TRACE_ADMIT, -1, s);
    person->stay_token = hsc__sim_token(sim);
    hsc__sim_schedule(sim, sim->now + remaining, HSC_EV_STAY_END, index, s, 0,
                      person->stay_token);
}

double hsc__service_stay_end(const struct hsc_sim *sim, uint16_t s, double days)
{
    const struct hsc__service *svc = &sim->services[s];
    if (svc->cfg->kind != HSC_KIND_CASELOAD || svc->working_days == HSC_ALL_DAYS)
        return sim->now + days;
    /* Walk the calendar, counting only the staff's working days. */
    double time = sim->now;
    long day = hsc__sim_day(sim, time);
    for (int guard = 0; guard < 100000; guard++, day++) {
        double day_end = hsc__sim_midnight(sim, day + 1);
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

void hsc__service_split_capacity(struct hsc__service *svc, double capacity)
{
    svc->capacity = capacity;
    const double *share = svc->cfg->locality_share;
    bool whole = svc->cfg->kind != HSC_KIND_HOURS;
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
    if (svc->cfg->role == HSC_ROLE_ACUTE && capacity != old) {
        sim->acute_capacity += (int64_t)(capacity - old);
        hsc__measures_acute_capacity(sim);
    }
    /* A drop evicts nobody: it only stops admissions until there is room. */
    if (capacity > old)
        hsc__service_serve(sim, s);
}

void hsc__services_start_measure(struct hsc_sim *sim)
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
        svc->step_up_started = svc->step_up_admitted = 0;
    }
}

void hsc__services_finish(struct hsc_sim *sim)
{
    for (size_t s = 0; s < sim->n_services; s++) {
        struct hsc__service *svc = &sim->services[s];
        hsc_tw_set(&svc->occupancy_tw, sim->t_end, (double)svc->occupied);
        hsc_tw_set(&svc->waiting_tw, sim->t_end, (double)svc->waiting);
        hsc_tw_set(&svc->hours_tw, sim->t_end, svc->committed_hours);
        hsc_tw_set(&svc->capacity_tw, sim->t_end, svc->capacity);
    }
    hsc__service_acute_changed(sim);
}
