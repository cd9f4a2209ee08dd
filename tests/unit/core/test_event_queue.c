/*
 * Unit tests of the future-event list: (time, sequence) order, first-in
 * first-out ties, growth by doubling and the hard limit.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
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

static void interleaved_push_pop_keeps_order(void **state)
{
    (void)state;
    struct hsc_event_queue q;
    assert_int_equal(hsc_evq_init(&q, 2, 100000), HSC_EVQ_OK);
    double now = 0.0;
    uint64_t x = 88172645463325252ULL; /* xorshift64: a fixed, repeatable sequence */
    for (int i = 0; i < 20; i++) {
        struct hsc_event ev = {.time = (double)i};
        hsc_evq_push(&q, &ev);
    }
    for (int step = 0; step < 50000; step++) {
        struct hsc_event ev;
        assert_true(hsc_evq_pop(&q, &ev));
        assert_true(ev.time >= now);
        now = ev.time;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        struct hsc_event next = {.time = now + (double)(x % 1000) / 100.0};
        assert_int_equal(hsc_evq_push(&q, &next), HSC_EVQ_OK);
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
        cmocka_unit_test(interleaved_push_pop_keeps_order),
        cmocka_unit_test(limit_is_enforced),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
