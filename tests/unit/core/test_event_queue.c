/*
 * Unit tests of the future-event list: (time, sequence) order, first-in
 * first-out ties, growth by doubling and the hard limit.
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pops_in_time_order),
        cmocka_unit_test(ties_leave_in_scheduling_order),
        cmocka_unit_test(matches_a_reference_list),
        cmocka_unit_test(limit_is_enforced),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
