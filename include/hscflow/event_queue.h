/*
 * The future-event list: a binary min-heap of 16-byte keys in one flat
 * array, ordered by (time, sequence). A key packs the time's bits, the
 * sequence number and the slot of the event's payload; payloads wait in a
 * slot array with a free list. Sequence numbers are handed out at
 * scheduling, so events at the same time leave in the order they were
 * scheduled and runs are repeatable. A pop leaves the root vacant until the
 * next push or pop (see vacant_root). Both arrays grow by doubling up to a
 * hard limit and never shrink, so a run in steady state schedules and pops
 * events without allocating.
 *
 * Lanes: a source that always has exactly one event pending (an arrival
 * process and its next arrival) may keep it in a lane of its own instead of
 * the heap. A lane holds at most one event; a tournament tree over the
 * lanes gives their earliest, and pop takes the earlier of that and the
 * heap's root, still in (time, sequence) order, so using lanes never
 * changes the order events leave in. It saves the heap a push and a sift
 * for every arrival.
 */
#ifndef HSCFLOW_EVENT_QUEUE_H
#define HSCFLOW_EVENT_QUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct hsc_event {
    double time;       /* simulation time in days */
    uint64_t seq;      /* scheduling order, breaks ties */
    uint32_t person;   /* person index, or HSC_NO_PERSON */
    uint16_t kind;     /* index into the model's handler table */
    uint16_t service;  /* service index, when the kind needs one */
    uint32_t data;     /* kind-specific payload (e.g. a cohort index) */
    uint32_t token;    /* kind-specific check (e.g. a person's generation) */
};

#define HSC_NO_PERSON UINT32_MAX

enum hsc_evq_status { HSC_EVQ_OK = 0, HSC_EVQ_LIMIT = -1, HSC_EVQ_NOMEM = -2 };

/* Largest `max` a queue accepts: slots are numbered in 24 bits. */
#define HSC_EVQ_MAX_EVENTS (UINT32_C(1) << 24)

/* The payload of a pending event (everything but time and sequence). */
struct hsc__evq_payload {
    uint32_t person;
    uint16_t kind;
    uint16_t service;
    uint32_t data;
    uint32_t token;
};

struct hsc_event_queue {
    __extension__ unsigned __int128 *heap; /* owns [cap]: time bits << 64 | seq << 24 | slot */
    struct hsc__evq_payload *payload;      /* owns [cap], indexed by slot */
    uint32_t *free_slots;                  /* owns [cap]: stack of unused slots */
    size_t count;           /* pending events */
    bool vacant_root;       /* heap[0] was popped and awaits a push or the next pop */
    size_t cap;
    size_t max;             /* hard limit on pending events (<= HSC_EVQ_MAX_EVENTS) */
    uint64_t next_seq;      /* below 2^40: a trillion events a replication */
    size_t n_lanes;         /* lanes in use (0: none) */
    size_t lane_leaves;     /* leaves of the tournament tree: n_lanes rounded up to 2^k */
    size_t lane_events;     /* lanes holding an event */
    __extension__ unsigned __int128 *lane_tree; /* owns [2 * lane_leaves]: node i = min of 2i, 2i+1;
                                                   leaf lane_leaves + l is lane l (all ones: empty) */
    struct hsc__evq_payload *lane_payload;      /* owns [n_lanes] */
};

/* Prepares an empty queue with room for `initial` events (at least 1),
 * growing up to `max` (at most HSC_EVQ_MAX_EVENTS). Returns HSC_EVQ_OK or
 * HSC_EVQ_NOMEM. */
int hsc_evq_init(struct hsc_event_queue *q, size_t initial, size_t max);
void hsc_evq_fini(struct hsc_event_queue *q);
/* Empties the queue for reuse, keeping its memory (and its lanes, emptied);
 * sequence numbers restart at 0, as after hsc_evq_init. The caller may then
 * lower `max`: the limit holds even when the memory kept is larger. */
void hsc_evq_clear(struct hsc_event_queue *q);

/* Gives the queue `n_lanes` empty lanes (replacing any it had, and any
 * events in them). Returns HSC_EVQ_OK or HSC_EVQ_NOMEM. */
int hsc_evq_set_lanes(struct hsc_event_queue *q, size_t n_lanes);
/* Schedules an event in lane `lane` (< n_lanes), which must be empty; its
 * seq is assigned as by hsc_evq_push. */
void hsc_evq_push_lane(struct hsc_event_queue *q, size_t lane, const struct hsc_event *ev);

/* Schedules an event (its seq is assigned here); ev->time must be >= 0 and
 * not -0.0 (asserted). Returns HSC_EVQ_OK, or HSC_EVQ_LIMIT when `max`
 * events are pending, or HSC_EVQ_NOMEM. */
int hsc_evq_push(struct hsc_event_queue *q, const struct hsc_event *ev);

/* Removes the earliest event (heap or lane) into *out; false when the queue
 * and every lane are empty. */
bool hsc_evq_pop(struct hsc_event_queue *q, struct hsc_event *out);

/* Events pending, in the heap and in lanes. */
static inline size_t hsc_evq_size(const struct hsc_event_queue *q)
{
    return q->count + q->lane_events;
}

#endif
