/*
 * Future-event list as a binary heap of 128-bit keys.
 *
 * Key = (bits of time) << 64 | seq << 24 | slot. Event times are never
 * negative, and the bit patterns of non-negative doubles sort like their
 * values, so one unsigned comparison orders events by (time, seq); the slot
 * only rides along (seq is unique). Invariant: heap[i] <= its children
 * heap[2i+1], heap[2i+2]. The child selection is branch-free: which child is
 * earliest is a coin toss a branch predictor would lose half the time. (A
 * 4-ary heap saves memory traffic but costs 1.5 times the comparisons; the
 * pending events of a replication fit in the first-level cache, so
 * comparisons are what count.) Lanes keep the same keys in a tournament
 * tree; a lane key's slot field is its lane number.
 */
#include "hscflow/event_queue.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hscflow/error.h"

__extension__ typedef unsigned __int128 event_key;

#define SLOT_BITS 24
#define SLOT_MASK ((UINT64_C(1) << SLOT_BITS) - 1)
#define SEQ_LIMIT (UINT64_C(1) << (64 - SLOT_BITS))

#define KEY_EMPTY (~(event_key)0) /* above every real key: times are finite */

static void release(struct hsc_event_queue *q)
{
    free(q->heap);
    free(q->payload);
    free(q->free_slots);
    free(q->lane_tree);
    free(q->lane_payload);
    q->heap = NULL;
    q->payload = NULL;
    q->free_slots = NULL;
    q->lane_tree = NULL;
    q->lane_payload = NULL;
    q->n_lanes = q->lane_leaves = q->lane_events = 0;
}

/* Resizes the three arrays to `cap` entries; slots from the old capacity up
 * are new and free. */
static int resize(struct hsc_event_queue *q, size_t cap)
{
    event_key *heap = realloc(q->heap, cap * sizeof *heap);
    if (heap)
        q->heap = heap;
    struct hsc__evq_payload *payload = realloc(q->payload, cap * sizeof *payload);
    if (payload)
        q->payload = payload;
    uint32_t *free_slots = realloc(q->free_slots, cap * sizeof *free_slots);
    if (free_slots)
        q->free_slots = free_slots;
    if (!heap || !payload || !free_slots)
        return HSC_EVQ_NOMEM;
    /* Every slot below the old capacity is in use (we grow only when full),
     * so the free stack is exactly the new ones. */
    size_t n_free = 0;
    for (size_t slot = cap; slot-- > q->cap;)
        q->free_slots[n_free++] = (uint32_t)slot;
    q->cap = cap;
    return HSC_EVQ_OK;
}

int hsc_evq_init(struct hsc_event_queue *q, size_t initial, size_t max)
{
    HSC_ASSERT(max >= 1 && max <= HSC_EVQ_MAX_EVENTS);
    memset(q, 0, sizeof *q);
    q->max = max;
    if (initial < 1)
        initial = 1;
    if (initial > max)
        initial = max;
    if (resize(q, initial) != HSC_EVQ_OK) {
        release(q);
        return HSC_EVQ_NOMEM;
    }
    return HSC_EVQ_OK;
}

void hsc_evq_fini(struct hsc_event_queue *q)
{
    release(q);
    q->count = q->cap = 0;
    q->vacant_root = false;
}

static void empty_lanes(struct hsc_event_queue *q)
{
    for (size_t i = 0; i < 2 * q->lane_leaves; i++)
        q->lane_tree[i] = KEY_EMPTY;
}

void hsc_evq_clear(struct hsc_event_queue *q)
{
    /* Every slot is free again: the stack lists them all. */
    for (size_t i = 0; i < q->cap; i++)
        q->free_slots[i] = (uint32_t)(q->cap - 1 - i);
    q->count = 0;
    q->vacant_root = false;
    q->next_seq = 0;
    q->lane_events = 0;
    empty_lanes(q);
}

int hsc_evq_set_lanes(struct hsc_event_queue *q, size_t n_lanes)
{
    HSC_ASSERT(n_lanes <= SLOT_MASK);
    size_t leaves = 1;
    while (leaves < n_lanes)
        leaves *= 2;
    event_key *tree = NULL;
    struct hsc__evq_payload *payload = NULL;
    if (n_lanes > 0) {
        tree = malloc(2 * leaves * sizeof *tree);
        payload = malloc(n_lanes * sizeof *payload);
        if (!tree || !payload) {
            free(tree);
            free(payload);
            return HSC_EVQ_NOMEM;
        }
    }
    free(q->lane_tree);
    free(q->lane_payload);
    q->lane_tree = tree;
    q->lane_payload = payload;
    q->n_lanes = n_lanes;
    q->lane_leaves = n_lanes > 0 ? leaves : 0;
    q->lane_events = 0;
    empty_lanes(q);
    return HSC_EVQ_OK;
}

/* Sets lane `lane`'s key and replays its matches up to the root. */
static inline void lane_set(struct hsc_event_queue *q, size_t lane, event_key key)
{
    event_key *tree = q->lane_tree;
    size_t i = q->lane_leaves + lane;
    tree[i] = key;
    for (; i > 1; i /= 2) {
        event_key left = tree[i & ~(size_t)1], right = tree[i | 1];
        tree[i / 2] = right < left ? right : left;
    }
}

void hsc_evq_push_lane(struct hsc_event_queue *q, size_t lane, const struct hsc_event *ev)
{
    HSC_ASSERT(lane < q->n_lanes);
    HSC_ASSERT(q->lane_tree[q->lane_leaves + lane] == KEY_EMPTY); /* one event a lane */
    HSC_ASSERT(ev->time >= 0.0 && !signbit(ev->time));
    HSC_ASSERT(q->next_seq < SEQ_LIMIT);
    q->lane_payload[lane] = (struct hsc__evq_payload){ev->person, ev->kind, ev->service,
                                                      ev->data, ev->token};
    uint64_t bits;
    memcpy(&bits, &ev->time, sizeof bits);
    lane_set(q, lane, ((event_key)bits << 64) | (q->next_seq++ << SLOT_BITS) | lane);
    q->lane_events++;
}

static int grow(struct hsc_event_queue *q)
{
    if (q->cap >= q->max)
        return HSC_EVQ_LIMIT;
    size_t cap = q->cap * 2 < q->max ? q->cap * 2 : q->max;
    return resize(q, cap);
}

/* Places `key` in the vacant root and sinks it to its place. */
static void fill_root(struct hsc_event_queue *q, event_key key)
{
    event_key *heap = q->heap;
    size_t n = q->count + 1; /* entries once the root is filled */
    size_t i = 0;
    for (;;) {
        size_t left = 2 * i + 1;
        if (left >= n)
            break;
        size_t best = left + (size_t)(left + 1 < n && heap[left + 1] < heap[left]);
        if (key <= heap[best])
            break;
        heap[i] = heap[best];
        i = best;
    }
    heap[i] = key;
}

static void sift_up(struct hsc_event_queue *q, event_key key)
{
    event_key *heap = q->heap;
    size_t i = q->count;
    while (i > 0) {
        size_t parent = (i - 1) / 2;
        if (key >= heap[parent])
            break;
        heap[i] = heap[parent];
        i = parent;
    }
    heap[i] = key;
}

int hsc_evq_push(struct hsc_event_queue *q, const struct hsc_event *ev)
{
    HSC_ASSERT(ev->time >= 0.0 && !signbit(ev->time));
    if (q->count >= q->max) /* a cleared queue may hold more than its limit */
        return HSC_EVQ_LIMIT;
    if (q->count == q->cap) { /* full, so no vacant root either */
        int status = grow(q);
        if (status != HSC_EVQ_OK)
            return status;
    }
    HSC_ASSERT(q->next_seq < SEQ_LIMIT);
    /* count < cap: the free stack holds cap - count slots. */
    uint32_t slot = q->free_slots[q->cap - q->count - 1];
    q->payload[slot] = (struct hsc__evq_payload){ev->person, ev->kind, ev->service, ev->data,
                                                 ev->token};
    uint64_t bits;
    memcpy(&bits, &ev->time, sizeof bits);
    event_key key = ((event_key)bits << 64) | (q->next_seq++ << SLOT_BITS) | slot;
    if (q->vacant_root)
        fill_root(q, key);
    else
        sift_up(q, key);
    q->vacant_root = false;
    q->count++;
    return HSC_EVQ_OK;
}

/* Closes the vacant root left by the last pop: its hole walks down to a
 * leaf along the earlier children and the last entry sifts up from there. The
 * last entry is usually among the latest, so the sift-up rarely moves. */
static void close_root(struct hsc_event_queue *q)
{
    event_key *heap = q->heap;
    size_t n = q->count; /* entries once closed; heap[n] is the last one now */
    q->vacant_root = false;
    if (n == 0)
        return;
    size_t hole = 0;
    for (;;) {
        size_t left = 2 * hole + 1;
        if (left + 1 >= n) {
            if (left + 1 == n) { /* one child only */
                heap[hole] = heap[left];
                hole = left;
            }
            break;
        }
        size_t best = left + (size_t)(heap[left + 1] < heap[left]);
        heap[hole] = heap[best];
        hole = best;
    }
    event_key last = heap[n];
    while (hole > 0) {
        size_t parent = (hole - 1) / 2;
        if (last >= heap[parent])
            break;
        heap[hole] = heap[parent];
        hole = parent;
    }
    heap[hole] = last;
}

static void unpack(event_key key, const struct hsc__evq_payload *payload, struct hsc_event *out)
{
    uint64_t low = (uint64_t)key;
    uint64_t bits = (uint64_t)(key >> 64);
    memcpy(&out->time, &bits, sizeof bits);
    out->seq = low >> SLOT_BITS;
    out->person = payload->person;
    out->kind = payload->kind;
    out->service = payload->service;
    out->data = payload->data;
    out->token = payload->token;
}

/* The root is taken but its place left vacant: a handler usually schedules
 * an event next, and filling the vacant root costs one sift where removing
 * the root and inserting would cost two. A lane's event is taken when it is
 * earlier than the heap's root. */
bool hsc_evq_pop(struct hsc_event_queue *q, struct hsc_event *out)
{
    if (q->vacant_root)
        close_root(q);
    event_key lane_key = q->n_lanes ? q->lane_tree[1] : KEY_EMPTY;
    if (q->count == 0 || lane_key < q->heap[0]) {
        if (lane_key == KEY_EMPTY)
            return false;
        size_t lane = (size_t)((uint64_t)lane_key & SLOT_MASK);
        unpack(lane_key, &q->lane_payload[lane], out);
        lane_set(q, lane, KEY_EMPTY);
        q->lane_events--;
        return true;
    }
    event_key key = q->heap[0];
    uint32_t slot = (uint32_t)((uint64_t)key & SLOT_MASK);
    unpack(key, &q->payload[slot], out);
    q->count--;
    q->vacant_root = true;
    /* count slots are now in use; this one joins the free stack. */
    q->free_slots[q->cap - q->count - 1] = slot;
    return true;
}
