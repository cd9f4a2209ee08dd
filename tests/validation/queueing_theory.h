/*
 * Exact results of queueing theory the simulator is checked against, and the
 * tolerance rule the validation tests share.
 */
#ifndef HSCFLOW_TESTS_QUEUEING_THEORY_H
#define HSCFLOW_TESTS_QUEUEING_THEORY_H

#include <math.h>

/* Erlang B: blocking probability of c servers with offered load a (any
 * service-time distribution), by the stable recurrence
 * B(0) = 1, B(n) = a B(n-1) / (n + a B(n-1)). */
static inline double erlang_b(int c, double a)
{
    double b = 1.0;
    for (int n = 1; n <= c; n++)
        b = a * b / (n + a * b);
    return b;
}

/* Erlang C: probability of waiting in M/M/c with offered load a < c. */
static inline double erlang_c(int c, double a)
{
    double b = erlang_b(c, a);
    return c * b / (c - a * (1.0 - b));
}

/* Mean wait in the queue of M/M/c with arrival rate lambda and mean service 1/mu. */
static inline double erlang_c_wait(int c, double lambda, double mu)
{
    return erlang_c(c, lambda / mu) / (c * mu - lambda);
}

/*
 * Tolerance for comparing a mean over R = 10 independent replications with
 * an exact value: the replication means are close to normal (each averages
 * hundreds of thousands of arrivals over thousands of busy periods), so
 * (mean - exact) / se follows Student's t with 9 degrees of freedom when the
 * simulator is right. 4.781 is its two-sided 99.9% quantile: a correct
 * simulator fails one comparison in a thousand, and the fixed seeds make the
 * outcome deterministic. Each test also requires se to be a small fraction of
 * the exact value, so the check has the power to catch a real bias.
 */
#define T_999_DF9 4.781

#endif
