/*
 * Services: places, queues and capacity, whatever the kind.
 *
 * A service has beds, caseload places (staff WTE x caseload per WTE) or care
 * hours a week (staff WTE x hours per WTE); staffed services start people
 * only on their staff's working days, and caseload stays count working days.
 * Each queue has two classes, hospital waiters first, and is strictly head of
 * line: if the person at the head does not fit, nobody behind them starts.
 * Invariant: a queue is never left waiting while its head fits. What a new
 * place means for the person is flow.c's business.
 */
#include "sim_state.h"

#include <math.h>

#include "hscflow/dist.h"

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

static bool fits(const struct hsc_sim *sim, uint16_t s, const struct hsc__person *person)
{
    const struct hsc__service *svc = &sim->services[s];
    if (svc->working_days != HSC_ALL_DAYS &&
        !hsc__service_works_on(sim, s, hsc__sim_day(sim, sim->now)))
        return false;
    if (svc->cfg->kind == HSC_KIND_HOURS)
        /* A package larger than the whole capacity still starts in an empty
         * service; otherwise it would block the queue for ever. */
        return svc->committed_hours + person->want_hours <= svc->capacity + 1e-9 ||
               svc->occupied == 0;
    return (double)svc->occupied < svc->capacity;
}

static void set_waiting(struct hsc_sim *sim, struct hsc__service *svc, int64_t change)
{
    svc->waiting += change;
    hsc_tw_set(&svc->waiting_tw, sim->now, (double)svc->waiting);
}

static void set_occupied(struct hsc_sim *sim, uint16_t s, int64_t change, double hours)
{
    struct hsc__service *svc = &sim->services[s];
    svc->occupied += change;
    hsc_tw_set(&svc->occupancy_tw, sim->now, (double)svc->occupied);
    if (svc->cfg->kind == HSC_KIND_HOURS) {
        svc->committed_hours += (double)change * hours;
        hsc_tw_set(&svc->hours_tw, sim->now, svc->committed_hours);
        if (svc->cfg->role == HSC_ROLE_HOME_CARE && hours >= HSC_INTENSIVE_HOURS)
            hsc__measures_intensive(sim, (int)change);
    }
    if (svc->cfg->role == HSC_ROLE_ACUTE) {
        sim->acute_occupied += change;
        hsc_level_hist_set(&sim->acute_levels, sim->now, (size_t)sim->acute_occupied);
    }
}

/* Takes the person into the service: occupancy, wait statistics, then the
 * flow consequences (their stay, leaving the place they held). */
static void admit(struct hsc_sim *sim, uint16_t s, uint32_t index)
{
    struct hsc__service *svc = &sim->services[s];
    struct hsc__person *person = hsc__sim_person(sim, index);
    double wait = sim->now - person->asked_time;
    uint16_t old_place = person->place;
    double old_hours = person->held_hours;
    person->want = HSC_NO_SVC;
    if (svc->cfg->role == HSC_ROLE_ASSESSMENT) {
        set_occupied(sim, s, +1, 0.0);
        person->assess_place = s;
        old_place = HSC_NO_SVC; /* the acute bed is kept */
    } else {
        person->held_hours = svc->cfg->kind == HSC_KIND_HOURS ? person->want_hours : 0.0;
        set_occupied(sim, s, +1, person->held_hours);
        person->place = s;
    }
    svc->all.admissions++;
    if (sim->measuring) {
        svc->period.admissions++;
        svc->period.wait_sum += wait;
        if (wait > 0.0)
            svc->period.waited++;
        hsc_qhist_add(&svc->wait_hist, wait);
    }
    hsc__flow_admitted(sim, s, index, old_place, old_hours);
}

void hsc__service_serve(struct hsc_sim *sim, uint16_t s)
{
    struct hsc__service *svc = &sim->services[s];
    for (;;) {
        int cls = svc->queue[HSC_CLASS_HOSPITAL].length > 0 ? HSC_CLASS_HOSPITAL
                                                           : HSC_CLASS_COMMUNITY;
        uint32_t head = svc->queue[cls].head;
        if (head == HSC_NO_PERSON || !fits(sim, s, hsc__sim_person(sim, head)))
            return;
        queue_remove(sim, &svc->queue[cls], head);
        set_waiting(sim, svc, -1);
        admit(sim, s, head);
    }
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
    if (svc->waiting == 0 && fits(sim, s, person)) {
        admit(sim, s, index);
        return;
    }
    if (svc->cfg->max_queue >= 0 && svc->waiting >= svc->cfg->max_queue) {
        svc->all.turned_away++;
        if (sim->measuring)
            svc->period.turned_away++;
        person->want = HSC_NO_SVC;
        hsc__flow_turned_away(sim, s, index);
        return;
    }
    queue_push(sim, &svc->queue[cls], index);
    set_waiting(sim, svc, +1);
    /* A hospital waiter may start ahead of a community head that does not fit. */
    if (cls == HSC_CLASS_HOSPITAL)
        hsc__service_serve(sim, s);
}

void hsc__service_withdraw(struct hsc_sim *sim, uint16_t s, uint32_t index)
{
    struct hsc__service *svc = &sim->services[s];
    struct hsc__person *person = hsc__sim_person(sim, index);
    HSC_ASSERT(person->want == s);
    queue_remove(sim, &svc->queue[person->queue_class], index);
    set_waiting(sim, svc, -1);
    person->want = HSC_NO_SVC;
    svc->all.withdrawn++;
    if (sim->measuring)
        svc->period.withdrawn++;
    /* The head may have changed. */
    hsc__service_serve(sim, s);
}

void hsc__service_vacate(struct hsc_sim *sim, uint16_t s, double hours)
{
    struct hsc__service *svc = &sim->services[s];
    set_occupied(sim, s, -1, hours);
    svc->all.departures++;
    if (sim->measuring)
        svc->period.departures++;
    hsc__service_serve(sim, s);
}

void hsc__service_leave(struct hsc_sim *sim, uint16_t s, uint32_t index)
{
    struct hsc__person *person = hsc__sim_person(sim, index);
    double hours = 0.0;
    if (sim->services[s].cfg->role == HSC_ROLE_ASSESSMENT) {
        HSC_ASSERT(person->assess_place == s);
        person->assess_place = HSC_NO_SVC;
    } else {
        HSC_ASSERT(person->place == s);
        person->place = HSC_NO_SVC;
        hours = person->held_hours;
        person->held_hours = 0.0;
    }
    hsc__service_vacate(sim, s, hours);
}

bool hsc__service_has_room(const struct hsc_sim *sim, uint16_t s, uint32_t index)
{
    const struct hsc__person *person = hsc_pool_at(&sim->people, index);
    return sim->services[s].waiting == 0 && fits(sim, s, person);
}

void hsc__service_place_initial(struct hsc_sim *sim, uint16_t s, uint32_t index,
                                double remaining)
{
    struct hsc__service *svc = &sim->services[s];
    struct hsc__person *person = hsc__sim_person(sim, index);
    person->held_hours = person->want_hours;
    set_occupied(sim, s, +1, person->held_hours);
    person->place = s;
    person->phase = HSC_PH_COMMUNITY;
    svc->all.arrivals++;
    svc->all.admissions++;
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

void hsc__services_start_measure(struct hsc_sim *sim)
{
    for (size_t s = 0; s < sim->n_services; s++) {
        struct hsc__service *svc = &sim->services[s];
        hsc_tw_restart(&svc->occupancy_tw, sim->now);
        hsc_tw_restart(&svc->waiting_tw, sim->now);
        hsc_tw_restart(&svc->hours_tw, sim->now);
        hsc_qhist_reset(&svc->wait_hist);
        svc->period = (struct hsc__period_counts){
            .in_system_at_start = svc->occupied + svc->waiting};
    }
}

void hsc__services_finish(struct hsc_sim *sim)
{
    for (size_t s = 0; s < sim->n_services; s++) {
        struct hsc__service *svc = &sim->services[s];
        hsc_tw_set(&svc->occupancy_tw, sim->t_end, (double)svc->occupied);
        hsc_tw_set(&svc->waiting_tw, sim->t_end, (double)svc->waiting);
        hsc_tw_set(&svc->hours_tw, sim->t_end, svc->committed_hours);
    }
    hsc_level_hist_set(&sim->acute_levels, sim->t_end, (size_t)sim->acute_occupied);
}
