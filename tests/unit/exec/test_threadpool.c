/*
 * Tests of hsc_threadpool_run (exec.h): every task index runs exactly once
 * for 1, 2, 3, 8 and 200 threads and for more threads than tasks, each with
 * its own index's result whatever the thread count; a failure stops new
 * tasks and the lowest failing index is the one reported; zero tasks run
 * nothing.
 *
 * Tasks take different times (by index), so with several threads they finish
 * out of index order.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hscflow/exec.h"

enum { N_TASKS = 97 };

struct tasks {
    size_t n;
    atomic_int *runs;      /* [n]: times each index was run */
    uint64_t *out;         /* [n]: each task's result, by index */
    size_t fail_a, fail_b; /* indices that fail (n = none) */
    long fail_a_delay_us;  /* fail_a sleeps this long before failing */
    bool b_after_a;        /* fail_a waits for fail_b to start; fail_b fails after fail_a */
    atomic_bool a_failed;  /* fail_a has returned */
    long sleep_us;         /* every other task sleeps this long (0: 0-0.8 ms by index) */
};

static void sleep_us(long us)
{
    struct timespec ts = {.tv_sec = us / 1000000, .tv_nsec = (us % 1000000) * 1000};
    while (nanosleep(&ts, &ts) != 0)
        ;
}

/* splitmix64: a result that depends on the index only. */
static uint64_t mix(uint64_t x)
{
    x += UINT64_C(0x9e3779b97f4a7c15);
    x = (x ^ (x >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    x = (x ^ (x >> 27)) * UINT64_C(0x94d049bb133111eb);
    return x ^ (x >> 31);
}

/* Sleeps in 1 ms steps until *count > 0 or *flag is set (whichever is
 * given), for at most 5 s. */
static void wait_for(const atomic_int *count, const atomic_bool *flag)
{
    for (int ms = 0; ms < 5000; ms++) {
        if ((count && atomic_load(count) > 0) || (flag && atomic_load(flag)))
            return;
        sleep_us(1000);
    }
}

static int task(void *arg, size_t index)
{
    struct tasks *t = arg;
    atomic_fetch_add(&t->runs[index], 1);
    if (index == t->fail_a) {
        sleep_us(t->fail_a_delay_us);
        if (t->b_after_a)
            wait_for(&t->runs[t->fail_b], NULL);
        atomic_store(&t->a_failed, true);
        return -1;
    }
    if (index == t->fail_b) {
        if (t->b_after_a) {
            wait_for(NULL, &t->a_failed);
            sleep_us(20 * 1000); /* lets the pool note fail_a's failure first */
        }
        return -1;
    }
    if (t->sleep_us > 0)
        sleep_us(t->sleep_us);
    else
        sleep_us((long)(index % 5) * 200); /* uneven lengths: out-of-order ends */
    /* Accumulates, so a task run twice would leave a different value. */
    t->out[index] += mix(index);
    return 0;
}

static void tasks_init(struct tasks *t, size_t n)
{
    memset(t, 0, sizeof *t);
    t->n = n;
    t->runs = calloc(n + 1, sizeof *t->runs);
    t->out = calloc(n + 1, sizeof *t->out);
    assert_non_null(t->runs);
    assert_non_null(t->out);
    for (size_t i = 0; i < n; i++)
        atomic_init(&t->runs[i], 0);
    atomic_init(&t->a_failed, false);
    t->fail_a = t->fail_b = n;
}

static void tasks_fini(struct tasks *t)
{
    free(t->runs);
    free(t->out);
}

static size_t count_run(const struct tasks *t, size_t from, size_t to)
{
    size_t count = 0;
    for (size_t i = from; i < to; i++)
        count += atomic_load(&t->runs[i]) > 0;
    return count;
}

/* Runs n tasks on `threads` threads; each index once, and every result is
 * the one of its index (mix(i)), whatever the number of threads. */
static void run_all(size_t n, size_t threads)
{
    struct tasks t;
    size_t failed = 12345;
    tasks_init(&t, n);
    assert_int_equal(hsc_threadpool_run(n, threads, task, &t, false, &failed), 0);
    assert_int_equal(failed, n);
    for (size_t i = 0; i < n; i++) {
        if (atomic_load(&t.runs[i]) != 1)
            fail_msg("%zu threads: task %zu ran %d times", threads, i,
                     atomic_load(&t.runs[i]));
        assert_true(t.out[i] == mix(i));
    }
    tasks_fini(&t);
}

/* Each index once and its own result, on 1 thread and on several (200: more
 * threads than the 97 tasks). */
static void test_each_index_once(void **state)
{
    (void)state;
    const size_t threads[] = {1, 2, 3, 8, 200};
    for (size_t i = 0; i < sizeof threads / sizeof threads[0]; i++)
        run_all(N_TASKS, threads[i]);
}

/* More threads than tasks: only as many as there are tasks do work, and
 * each index still runs once. */
static void test_more_threads_than_tasks(void **state)
{
    (void)state;
    run_all(5, 64);
    run_all(1, 3);
}

/* n_threads 0 means every core. */
static void test_all_cores(void **state)
{
    (void)state;
    assert_true(hsc_exec_cores() >= 1);
    run_all(N_TASKS, 0);
}

static void test_zero_tasks(void **state)
{
    (void)state;
    const size_t threads[] = {0, 1, 4};
    for (size_t i = 0; i < sizeof threads / sizeof threads[0]; i++) {
        struct tasks t;
        size_t failed = 12345;
        tasks_init(&t, 0);
        assert_int_equal(hsc_threadpool_run(0, threads[i], task, &t, true, &failed), 0);
        assert_int_equal(failed, 0);
        assert_int_equal(atomic_load(&t.runs[0]), 0);
        tasks_fini(&t);
    }
}

/* One thread: tasks run in index order, so a failure at index 40 means
 * every task before it ran once, none after it started, and 40 is reported. */
static void test_failure_one_thread(void **state)
{
    (void)state;
    struct tasks t;
    size_t failed = 0;
    tasks_init(&t, N_TASKS);
    t.fail_a = 40;
    assert_int_equal(hsc_threadpool_run(N_TASKS, 1, task, &t, false, &failed), -1);
    assert_int_equal(failed, 40);
    for (size_t i = 0; i <= 40; i++)
        assert_int_equal(atomic_load(&t.runs[i]), 1);
    assert_int_equal(count_run(&t, 41, N_TASKS), 0);
    tasks_fini(&t);
}

/* Tasks 10 and 12 fail; 10 is reported and every task below it ran once. */
static void expect_lowest_reported(size_t threads, long delay_us, bool b_after_a)
{
    struct tasks t;
    size_t failed = 0;
    tasks_init(&t, N_TASKS);
    t.fail_a = 10;
    t.fail_a_delay_us = delay_us;
    t.fail_b = 12;
    t.b_after_a = b_after_a;
    int rc = hsc_threadpool_run(N_TASKS, threads, task, &t, false, &failed);
    assert_int_equal(rc, -1);
    if (failed != 10)
        fail_msg("%zu threads%s: reported %zu, not 10", threads,
                 b_after_a ? ", 12 failing last" : ", 10 failing last", failed);
    for (size_t j = 0; j <= 10; j++)
        assert_int_equal(atomic_load(&t.runs[j]), 1);
    for (size_t j = 11; j < N_TASKS; j++)
        assert_true(atomic_load(&t.runs[j]) <= 1);
    tasks_fini(&t);
}

/* The lowest failing index is reported whichever failure is noted first:
 * the lower one failing 50 ms late, or (with two threads or more, so both
 * are running at once) the higher one failing after the lower. */
static void test_lowest_failure_reported(void **state)
{
    (void)state;
    const size_t threads[] = {1, 2, 3, 8};
    for (size_t i = 0; i < sizeof threads / sizeof threads[0]; i++) {
        expect_lowest_reported(threads[i], 50 * 1000, false);
        if (threads[i] > 1)
            expect_lowest_reported(threads[i], 0, true);
    }
}

/* After a failure no new tasks start: with the first task failing at once
 * and every other taking 5 ms, three threads start only a handful of the
 * 200 tasks (without the stop they would run them all). */
static void test_failure_stops_new_tasks(void **state)
{
    (void)state;
    enum { MANY = 200 };
    struct tasks t;
    size_t failed = 0;
    tasks_init(&t, MANY);
    t.fail_a = 0;
    t.sleep_us = 5000;
    assert_int_equal(hsc_threadpool_run(MANY, 3, task, &t, false, &failed), -1);
    assert_int_equal(failed, 0);
    size_t ran = count_run(&t, 0, MANY);
    if (ran > MANY / 4)
        fail_msg("%zu of %d tasks ran after task 0 failed", ran, MANY);
    tasks_fini(&t);
}

/* Every task failing: index 0 is reported whatever the thread count. */
static void test_all_fail(void **state)
{
    (void)state;
    const size_t threads[] = {1, 3};
    for (size_t i = 0; i < sizeof threads / sizeof threads[0]; i++) {
        struct tasks t;
        size_t failed = 99;
        tasks_init(&t, 2);
        t.fail_a = 0;
        t.fail_b = 1;
        t.fail_a_delay_us = 20 * 1000;
        assert_int_equal(hsc_threadpool_run(2, threads[i], task, &t, false, &failed), -1);
        assert_int_equal(failed, 0);
        tasks_fini(&t);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_each_index_once),
        cmocka_unit_test(test_more_threads_than_tasks),
        cmocka_unit_test(test_all_cores),
        cmocka_unit_test(test_zero_tasks),
        cmocka_unit_test(test_failure_one_thread),
        cmocka_unit_test(test_lowest_failure_reported),
        cmocka_unit_test(test_failure_stops_new_tasks),
        cmocka_unit_test(test_all_fail),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
