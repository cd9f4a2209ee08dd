/*
 * hscflow-mmc-reference: a hand-written M/M/50 simulation, the yardstick that
 * scripts/bench measures hscflow against (issue 8).
 *
 *   hscflow-mmc-reference [--days D] [--seed S]
 *
 * The system of scenarios/bench/mmc.cfg: Poisson arrivals at 45 a day,
 * exponential stays with mean 1 day, 50 servers, first come first served, an
 * unlimited waiting line, empty at time 0, run for D days (default 44,444.4:
 * about two million customers). It is the loop a competent analyst would
 * write by hand: one GSL Mersenne Twister (gsl_rng_mt19937, seed S, default
 * 1), inter-arrival times and stays from gsl_ran_exponential, the pending
 * departures in a binary min-heap of times, the waiting line in a ring buffer
 * of arrival times. It prints the number of customers who arrived, the
 * time-weighted mean number in service and waiting, and the mean wait of those
 * who started service, so the compiler cannot drop any of the work.
 *
 * Invariants: busy = entries in the heap <= SERVERS; the waiting line is
 * non-empty only when busy == SERVERS; heap[i] <= heap[2i+1], heap[2i+2].
 *
 * It does not do what hscflow does on top: no scenario file, no named random
 * streams, no per-person records, no daily time series, no results file, no
 * KPIs beyond the three printed, and no replications. Its random numbers
 * differ from hscflow's, so its figures agree with hscflow's only within
 * sampling error (both near the M/M/50 values: 45 in service, mean wait
 * ~0.073 days).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#define SERVERS 50
#define ARRIVALS_PER_DAY 45.0
#define MEAN_STAY_DAYS 1.0

/* Pending departure times, earliest at heap[0]. */
struct heap {
    double t[SERVERS];
    int n;
};

static void heap_push(struct heap *h, double t)
{
    int i = h->n++;
    while (i > 0) {
        int parent = (i - 1) / 2;
        if (h->t[parent] <= t)
            break;
        h->t[i] = h->t[parent];
        i = parent;
    }
    h->t[i] = t;
}

/* Replaces the earliest time by t (a departure whose server is taken at once
 * by the next in line) or, with t < 0, removes it; then restores the order. */
static void heap_replace_top(struct heap *h, double t)
{
    if (t < 0.0)
        t = h->t[--h->n];
    int i = 0;
    for (;;) {
        int child = 2 * i + 1;
        if (child >= h->n)
            break;
        if (child + 1 < h->n && h->t[child + 1] < h->t[child])
            child++;
        if (t <= h->t[child])
            break;
        h->t[i] = h->t[child];
        i = child;
    }
    h->t[i] = t;
}

/* The waiting line: arrival times, first in first out, in a ring buffer that
 * doubles when full (capacity a power of two). */
struct line {
    double *t;
    size_t head, n, cap;
};

static int line_push(struct line *q, double t)
{
    if (q->n == q->cap) {
        size_t cap = q->cap ? 2 * q->cap : 1024;
        double *grown = malloc(cap * sizeof *grown);
        if (!grown)
            return -1;
        for (size_t i = 0; i < q->n; i++)
            grown[i] = q->t[(q->head + i) & (q->cap - 1)];
        free(q->t);
        q->t = grown;
        q->head = 0;
        q->cap = cap;
    }
    q->t[(q->head + q->n++) & (q->cap - 1)] = t;
    return 0;
}

static double line_pop(struct line *q)
{
    double t = q->t[q->head];
    q->head = (q->head + 1) & (q->cap - 1);
    q->n--;
    return t;
}

int main(int argc, char **argv)
{
    double days = 44444.4;
    unsigned long seed = 1;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--days") == 0 && i + 1 < argc) {
            days = atof(argv[++i]);
        } else if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc) {
            seed = strtoul(argv[++i], NULL, 10);
        } else {
            fputs("usage: hscflow-mmc-reference [--days D] [--seed S]\n", stderr);
            return 1;
        }
    }
    if (!(days > 0.0)) {
        fputs("hscflow-mmc-reference: --days must be > 0\n", stderr);
        return 1;
    }

    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (!rng)
        return 2;
    gsl_rng_set(rng, seed);

    struct heap busy = {.n = 0};
    struct line waiting = {0};
    unsigned long customers = 0, started = 0;
    double now = 0.0, busy_area = 0.0, waiting_area = 0.0, wait_sum = 0.0;
    double next_arrival = gsl_ran_exponential(rng, 1.0 / ARRIVALS_PER_DAY);

    for (;;) {
        int arrival = busy.n == 0 || next_arrival < busy.t[0];
        double t = arrival ? next_arrival : busy.t[0];
        if (t > days)
            break;
        busy_area += busy.n * (t - now);
        waiting_area += (double)waiting.n * (t - now);
        now = t;
        if (arrival) {
            customers++;
            if (busy.n < SERVERS) {
                started++;
                heap_push(&busy, now + gsl_ran_exponential(rng, MEAN_STAY_DAYS));
            } else if (line_push(&waiting, now) != 0) {
                fputs("hscflow-mmc-reference: out of memory\n", stderr);
                return 2;
            }
            next_arrival = now + gsl_ran_exponential(rng, 1.0 / ARRIVALS_PER_DAY);
        } else if (waiting.n > 0) {
            started++;
            wait_sum += now - line_pop(&waiting);
            heap_replace_top(&busy, now + gsl_ran_exponential(rng, MEAN_STAY_DAYS));
        } else {
            heap_replace_top(&busy, -1.0);
        }
    }
    busy_area += busy.n * (days - now);
    waiting_area += (double)waiting.n * (days - now);

    printf("mmc-reference  days %.1f  seed %lu  customers %lu  occupancy_mean %.4f  "
           "waiting_mean %.4f  wait_mean_days %.5f\n",
           days, seed, customers, busy_area / days, waiting_area / days,
           started ? wait_sum / (double)started : 0.0);
    free(waiting.t);
    gsl_rng_free(rng);
    return 0;
}
