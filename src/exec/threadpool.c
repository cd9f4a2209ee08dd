/*
 * A minimal thread pool for independent tasks: workers take the next task
 * index from an atomic counter until none are left or a task has failed.
 *
 * Which thread runs a task never matters: tasks write only their own slot of
 * the output. The main thread only watches progress and joins.
 */
#include "hscflow/exec.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

struct pool_run {
    pthread_mutex_t lock;   /* guards nothing but the wake-up below */
    pthread_cond_t changed; /* signalled when a task ends */
    size_t n_tasks;
    int (*fn)(void *ctx, size_t worker, size_t index);
    void *ctx;
    atomic_size_t next;
    atomic_size_t done;
    atomic_size_t first_failed; /* lowest failed index; n_tasks when none */
};

static void note_failure(struct pool_run *run, size_t index)
{
    size_t seen = atomic_load(&run->first_failed);
    while (index < seen && !atomic_compare_exchange_weak(&run->first_failed, &seen, index))
        ;
}

/* What one thread is given: the shared run and its worker number. */
struct worker_arg {
    struct pool_run *run;
    size_t id;
};

static void *worker(void *arg)
{
    struct pool_run *run = ((struct worker_arg *)arg)->run;
    size_t id = ((struct worker_arg *)arg)->id;
    for (;;) {
        if (atomic_load(&run->first_failed) < run->n_tasks)
            break;
        size_t index = atomic_fetch_add(&run->next, 1);
        if (index >= run->n_tasks)
            break;
        if (run->fn(run->ctx, id, index) != 0)
            note_failure(run, index);
        atomic_fetch_add(&run->done, 1);
        pthread_mutex_lock(&run->lock);
        pthread_cond_signal(&run->changed);
        pthread_mutex_unlock(&run->lock);
    }
    return NULL;
}

size_t hsc_exec_cores(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (size_t)n : 1;
}

static double wall_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void draw_progress(size_t done, size_t total, double elapsed)
{
    int width = 30;
    int filled = total ? (int)((double)width * (double)done / (double)total) : width;
    fprintf(stderr, "\r[%-*.*s] %zu/%zu replications, %.0f s", width, filled,
            "##############################", done, total, elapsed);
    fflush(stderr);
}

static bool finished(struct pool_run *run)
{
    return atomic_load(&run->done) >= run->n_tasks ||
           atomic_load(&run->first_failed) < run->n_tasks;
}

/* Waits for the workers, waking when a task ends or every 100 ms to redraw
 * the progress line when asked. */
static void watch(struct pool_run *run, bool progress)
{
    progress = progress && isatty(STDERR_FILENO);
    double start = wall_now();
    bool drawn = false;
    pthread_mutex_lock(&run->lock);
    while (!finished(run)) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += 100 * 1000 * 1000;
        if (until.tv_nsec >= 1000 * 1000 * 1000) {
            until.tv_sec++;
            until.tv_nsec -= 1000 * 1000 * 1000;
        }
        pthread_cond_timedwait(&run->changed, &run->lock, &until);
        double elapsed = wall_now() - start;
        if (progress && elapsed > 1.0) {
            draw_progress(atomic_load(&run->done), run->n_tasks, elapsed);
            drawn = true;
        }
    }
    pthread_mutex_unlock(&run->lock);
    if (drawn) {
        draw_progress(atomic_load(&run->done), run->n_tasks, wall_now() - start);
        fputc('\n', stderr);
    }
}

/* Adapts a task function that does not care which worker runs it. */
struct plain_task {
    int (*fn)(void *ctx, size_t index);
    void *ctx;
};

static int run_plain(void *arg, size_t worker_id, size_t index)
{
    (void)worker_id;
    struct plain_task *task = arg;
    return task->fn(task->ctx, index);
}

int hsc_threadpool_run(size_t n_tasks, size_t n_threads,
                       int (*fn)(void *ctx, size_t index), void *ctx,
                       bool progress, size_t *failed)
{
    struct plain_task task = {fn, ctx};
    return hsc_threadpool_run_workers(n_tasks, n_threads, run_plain, &task, progress, failed);
}

int hsc_threadpool_run_workers(size_t n_tasks, size_t n_threads,
                               int (*fn)(void *ctx, size_t worker, size_t index), void *ctx,
                               bool progress, size_t *failed)
{
    struct pool_run run = {.n_tasks = n_tasks, .fn = fn, .ctx = ctx};
    pthread_mutex_init(&run.lock, NULL);
    pthread_cond_init(&run.changed, NULL);
    atomic_init(&run.next, 0);
    atomic_init(&run.done, 0);
    atomic_init(&run.first_failed, n_tasks);
    if (n_threads == 0)
        n_threads = hsc_exec_cores();
    if (n_threads > n_tasks)
        n_threads = n_tasks;
    pthread_t threads[HSC_THREADPOOL_MAX];
    struct worker_arg args[HSC_THREADPOOL_MAX];
    if (n_threads > HSC_THREADPOOL_MAX)
        n_threads = HSC_THREADPOOL_MAX;
    size_t started = 0;
    for (; started < n_threads; started++) {
        args[started] = (struct worker_arg){&run, started};
        if (pthread_create(&threads[started], NULL, worker, &args[started]) != 0)
            break;
    }
    if (started == 0 && n_tasks > 0) {
        args[0] = (struct worker_arg){&run, 0};
        worker(&args[0]); /* no thread could start: do the work here */
    }
    else
        watch(&run, progress);
    for (size_t t = 0; t < started; t++)
        pthread_join(threads[t], NULL);
    pthread_cond_destroy(&run.changed);
    pthread_mutex_destroy(&run.lock);
    *failed = atomic_load(&run.first_failed);
    return *failed < n_tasks ? -1 : 0;
}
