/*
 * Unit tests of the future-event list: (time, sequence) order, first-in
 * first-out ties, growth by doubling and the hard limit; lanes merged into
 * the same order; a cleared queue behaving as a new one.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>

#include <cmocka.h>

#include "hscflow/event_queue.h"

static void pops_in_time_order(void **state)
{
    (void)state;
    struct hsc_event_queue q;
    assert_int_equal(hsc_evq_init(&q, 1, 1000), HSC_EVQ_OK);
    /* A deterministic scramble of 0..499 (7 is coprime with 500). */
    for (uint32_t i = 0; i < 500; i++) {
        struct hsc_event ev = {.time = (double)((i * 7) % 500), .data = i};
        assert_int_equal(hsc_evq_push(&q, &ev), HSC_EVQ_OK);
    }
    assert_int_equal(hsc_evq_size(&q), 500);
    struct hsc_event ev;
    for (int expected = 0; expected < 500; expected++) {
        assert_true(hsc_evq_pop(&q, &ev));
        assert_true(ev.time == (double)expected);
    }
    assert_false(hsc_evq_pop(&q, &ev));
    hsc_evq_fini(&q);
}

static void ties_leave_in_scheduling_order(void **state)
{
    (void)state;
    struct hsc_event_queue q;
    assert_int_equal(hsc_evq_init(&q, 4, 1000), HSC_EVQ_OK);
    for (uint32_t i = 0; i < 300; i++) {
        /* Three time values, interleaved, so ties are spread through the heap. */
        struct hsc_event ev = {.time = (double)(i % 3), .data = i};
        assert_int_equal(hsc_evq_push(&q, &ev), HSC_EVQ_OK);
    }
    struct hsc_event ev;
    for (int t = 0; t < 3; t++) {
        uint32_t last = 0;
        for (int n = 0; n < 100; n++) {
            assert_true(hsc_evq_pop(&q, &ev));
            assert_true(ev.time == (double)t);
            if (n > 0)
                assert_true(ev.data > last);
            last = ev.data;
            assert_int_equal(ev.data % 3, (uint32_t)t);
        }
    }
    hsc_evq_fini(&q);
}

/* Random pushes and pops, checked against a plain array: every pop must give
 * the earliest pending (time, seq), whether it follows a pop or a push. */
static void matches_a_reference_list(void **state)
{
    (void)state;
    struct hsc_event_queue q;
    assert_int_equal(hsc_evq_init(&q, 2, 100000), HSC_EVQ_OK);
    enum { MAX = 512 };
    double times[MAX];
    uint32_t ids[MAX];
    size_t n = 0;
    uint32_t next_id = 0;
    double now = 0.0;
    uint64_t x = 88172645463325252ULL; /* xorshift64: a fixed, repeatable sequence */
    for (int step = 0; step < 60000; step++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        bool push = n == 0 || (n < MAX - 1 && x % 3 != 0);
        if (push) {
            /* Coarse times make ties common. */
            struct hsc_event ev = {.time = now + (double)((x >> 8) % 50) / 4.0, .data = next_id};
            assert_int_equal(hsc_evq_push(&q, &ev), HSC_EVQ_OK);
            times[n] = ev.time;
            ids[n++] = next_id++;
            continue;
        }
        /* The reference minimum: earliest time, then earliest scheduled. */
        size_t best = 0;
        for (size_t i = 1; i < n; i++)
            if (times[i] < times[best] || (times[i] == times[best] && ids[i] < ids[best]))
                best = i;
        struct hsc_event ev;
        assert_true(hsc_evq_pop(&q, &ev));
        assert_int_equal(ev.data, ids[best]);
        assert_true(ev.time == times[best]);
        now = ev.time;
        times[best] = times[n - 1];
        ids[best] = ids[--n];
        assert_int_equal(hsc_evq_size(&q), n);
    }
    hsc_evq_fini(&q);
}

static void limit_is_enforced(void **state)
{
    (void)state;
    struct hsc_event_queue q;
    assert_int_equal(hsc_evq_init(&q, 1, 5), HSC_EVQ_OK);
    struct hsc_event ev = {.time = 1.0};
    for (int i = 0; i < 5; i++)
        assert_int_equal(hsc_evq_push(&q, &ev), HSC_EVQ_OK);
    assert_int_equal(hsc_evq_push(&q, &ev), HSC_EVQ_LIMIT);
    assert_int_equal(hsc_evq_size(&q), 5);
    struct hsc_event out;
    assert_true(hsc_evq_pop(&q, &out));
    assert_int_equal(hsc_evq_push(&q, &ev), HSC_EVQ_OK);
    hsc_evq_fini(&q);
}

/* Events in lanes leave in the same (time, sequence) order as if they had
 * been pushed on the heap: a reference run with every event on the heap
 * gives the same sequence of (time, data), ties included. */
static void lanes_keep_the_order(void **state)
{
    (void)state;
    struct hsc_event_queue with, without;
    assert_int_equal(hsc_evq_init(&with, 1, 10000), HSC_EVQ_OK);
    assert_int_equal(hsc_evq_init(&without, 1, 10000), HSC_EVQ_OK);
    enum { LANES = 5, LANE_DATA = 1000000 };
    assert_int_equal(hsc_evq_set_lanes(&with, LANES), HSC_EVQ_OK);
    /* Each lane re-arms itself when its event leaves, as an arrival process
     * does; times on a coarse grid so lanes and heap tie often. */
    uint32_t x = 12345;
    for (uint32_t lane = 0; lane < LANES; lane++) {
        struct hsc_event ev = {.time = (double)(lane % 3), .data = LANE_DATA + lane};
        hsc_evq_push_lane(&with, lane, &ev);
        assert_int_equal(hsc_evq_push(&without, &ev), HSC_EVQ_OK);
    }
    assert_int_equal(hsc_evq_size(&with), LANES);
    struct hsc_event a, b;
    for (int step = 0; step < 3000; step++) {
        assert_true(hsc_evq_pop(&with, &a));
        assert_true(hsc_evq_pop(&without, &b));
        assert_true(a.time == b.time);
        assert_int_equal(a.data, b.data);
        assert_int_equal(a.seq, b.seq);
        x = x * 1103515245u + 12345u;
        struct hsc_event next = {.time = a.time + (double)((x >> 16) % 4), .data = a.data};
        if (a.data >= LANE_DATA && a.time < 500.0) /* a lane's event: re-arm the lane */
            hsc_evq_push_lane(&with, a.data - LANE_DATA, &next);
        else if (a.data < LANE_DATA && a.time < 500.0)
            assert_int_equal(hsc_evq_push(&with, &next), HSC_EVQ_OK);
        if (a.time < 500.0)
            assert_int_equal(hsc_evq_push(&without, &next), HSC_EVQ_OK);
        /* Some heap events too, at times that tie with the lanes'. */
        struct hsc_event extra = {.time = a.time + (double)((x >> 8) % 3), .data = (uint32_t)step};
        if (step % 2 == 0 && a.time < 500.0) {
            assert_int_equal(hsc_evq_push(&with, &extra), HSC_EVQ_OK);
            assert_int_equal(hsc_evq_push(&without, &extra), HSC_EVQ_OK);
        }
    }
    hsc_evq_fini(&with);
    hsc_evq_fini(&without);
}

/* A cleared queue keeps its memory, restarts sequence numbers at 0 and
 * enforces a limit lowered below the memory it keeps. */
static void clear_restarts_and_keeps_the_limit(void **state)
{
    (void)state;
    struct hsc_event_queue q;
    assert_int_equal(hsc_evq_init(&q, 1, 1000), HSC_EVQ_OK);
    assert_int_equal(hsc_evq_set_lanes(&q, 2), HSC_EVQ_OK);
    for (uint32_t i = 0; i < 100; i++) {
        struct hsc_event ev = {.time = (double)i};
        assert_int_equal(hsc_evq_push(&q, &ev), HSC_EVQ_OK);
    }
    struct hsc_event lane_ev = {.time = 3.5};
    hsc_evq_push_lane(&q, 1, &lane_ev);
    size_t cap = q.cap;
    hsc_evq_clear(&q);
    q.max = 10;
    assert_int_equal(hsc_evq_size(&q), 0);
    assert_int_equal(q.cap, cap);
    for (uint32_t i = 0; i < 10; i++) {
        struct hsc_event ev = {.time = 10.0 - (double)i, .data = i};
        assert_int_equal(hsc_evq_push(&q, &ev), HSC_EVQ_OK);
    }
    struct hsc_event one_more = {.time = 1.0};
    assert_int_equal(hsc_evq_push(&q, &one_more), HSC_EVQ_LIMIT);
    struct hsc_event ev;
    assert_true(hsc_evq_pop(&q, &ev));
    assert_int_equal(ev.data, 9);
    assert_int_equal(ev.seq, 9); /* numbered from 0 again */
    hsc_evq_fini(&q);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pops_in_time_order),
        cmocka_unit_test(ties_leave_in_scheduling_order),
        cmocka_unit_test(matches_a_reference_list),
        cmocka_unit_test(limit_is_enforced),
        cmocka_unit_test(lanes_keep_the_order),
        cmocka_unit_test(clear_restarts_and_keeps_the_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
