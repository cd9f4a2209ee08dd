/*
 * Services: asking for a place, admission, FIFO queueing, turning away and
 * departure, with the per-service statistics MODEL.md defines.
 *
 * Invariant: a service never holds more people than its capacity, and a
 * person waits only while it is full (a free place is always taken by the
 * head of the queue at once). Statistics count only inside the measurement
 * period; the whole-run counts feed the conservation check.
 */
#include "sim_state.h"

#include "hscflow/dist.h"

static void queue_push(struct hsc_sim *sim, struct hsc__queue *queue, uint32_t person)
{
    hsc__sim_person(sim, person)->next = HSC_NO_PERSON;
    if (queue->tail == HSC_NO_PERSON)
        queue->head = person;
    else
        hsc__sim_person(sim, queue->tail)->next = person;
    queue->tail = person;
    queue->length++;
}

static uint32_t queue_pop(struct hsc_sim *sim, struct hsc__queue *queue)
{
    uint32_t person = queue->head;
    HSC_ASSERT(person != HSC_NO_PERSON);
    queue->head = hsc__sim_person(sim, person)->next;
    if (queue->head == HSC_NO_PERSON)
        queue->tail = HSC_NO_PERSON;
    queue->length--;
    return person;
}

static void set_occupied(struct hsc_sim *sim, struct hsc__service *svc, int64_t occupied)
{
    int64_t change = occupied - svc->occupied;
    svc->occupied = occupied;
    hsc_tw_set(&svc->occupancy_tw, sim->now, (double)occupied);
    if (svc->cfg->role == HSC_ROLE_ACUTE) {
        sim->acute_occupied += change;
        hsc_level_hist_set(&sim->acute_levels, sim->now, (size_t)sim->acute_occupied);
    }
}

/* Which day of the daily series `time` falls in, or -1 outside it. */
static long series_day(const struct hsc_sim *sim)
{
    if (!sim->measuring)
        return -1;
    double offset = sim->now - sim->t_measure;
    size_t day = (size_t)offset;
    return day < sim->n_days ? (long)day : -1;
}

static void admit(struct hsc_sim *sim, uint16_t s, uint32_t index)
{
    struct hsc__service *svc = &sim->services[s];
    struct hsc__person *person = hsc__sim_person(sim, index);
    double wait = sim->now - person->asked_time;
    uint16_t cohort = person->cohort;
    set_occupied(sim, svc, svc->occupied + 1);
    svc->all.admissions++;
    if (sim->measuring) {
        svc->period.admissions++;
        svc->period.wait_sum += wait;
        if (wait > 0.0)
            svc->period.waited++;
        hsc_qhist_add(&svc->wait_hist, wait);
        long day = series_day(sim);
        if (day >= 0 && svc->cfg->role == HSC_ROLE_ACUTE)
            sim->out->admissions[day] += 1.0f;
    }
    double stay = hsc_dist_sample(&svc->cfg->duration[cohort], svc->duration_rng[cohort]);
    hsc__sim_schedule(sim, sim->now + stay, HSC_EV_DEPARTURE, index, s, 0);
}

void hsc__service_request(struct hsc_sim *sim, uint16_t s, uint32_t index)
{
    struct hsc__service *svc = &sim->services[s];
    struct hsc__person *person = hsc__sim_person(sim, index);
    person->service = s;
    person->asked_time = sim->now;
    svc->all.arrivals++;
    if (sim->measuring)
        svc->period.arrivals++;
    if (svc->occupied < svc->cfg->capacity && svc->queue.length == 0) {
        admit(sim, s, index);
        return;
    }
    if (svc->cfg->max_queue >= 0 && svc->queue.length >= svc->cfg->max_queue) {
        svc->all.turned_away++;
        if (sim->measuring)
            svc->period.turned_away++;
        hsc__sim_person_leaves(sim, index);
        return;
    }
    queue_push(sim, &svc->queue, index);
    hsc_tw_set(&svc->waiting_tw, sim->now, (double)svc->queue.length);
}

void hsc__service_depart(struct hsc_sim *sim, uint16_t s, uint32_t index)
{
    struct hsc__service *svc = &sim->services[s];
    set_occupied(sim, svc, svc->occupied - 1);
    svc->all.departures++;
    if (sim->measuring) {
        svc->period.departures++;
        long day = series_day(sim);
        if (day >= 0 && svc->cfg->role == HSC_ROLE_ACUTE)
            sim->out->discharges[day] += 1.0f;
    }
    hsc__sim_person_leaves(sim, index);
    if (svc->queue.length > 0 && svc->occupied < svc->cfg->capacity) {
        uint32_t next = queue_pop(sim, &svc->queue);
        hsc_tw_set(&svc->waiting_tw, sim->now, (double)svc->queue.length);
        admit(sim, s, next);
    }
}

void hsc__services_start_measure(struct hsc_sim *sim)
{
    for (size_t s = 0; s < sim->n_services; s++) {
        struct hsc__service *svc = &sim->services[s];
        hsc_tw_restart(&svc->occupancy_tw, sim->now);
        hsc_tw_restart(&svc->waiting_tw, sim->now);
        hsc_qhist_reset(&svc->wait_hist);
        svc->period = (struct hsc__period_counts){
            .in_system_at_start = svc->occupied + svc->queue.length};
    }
}

void hsc__services_finish(struct hsc_sim *sim)
{
    for (size_t s = 0; s < sim->n_services; s++) {
        struct hsc__service *svc = &sim->services[s];
        hsc_tw_set(&svc->occupancy_tw, sim->t_end, (double)svc->occupied);
        hsc_tw_set(&svc->waiting_tw, sim->t_end, (double)svc->queue.length);
    }
}
