/*
 * Exact solution of an acute pool feeding a step-down unit with blocking, as
 * a continuous-time Markov chain, for the tandem validation test.
 *
 * The system: Poisson arrivals (rate lambda) to c1 acute beds, turned away
 * when all c1 are held; exponential treatment (rate mu1 each); then a
 * step-down bed (c2 beds, exponential stays, rate mu2 each) if one is free,
 * else the person is blocked in the acute bed and moves, first come first
 * served, the instant a step-down bed frees; then home. State (a, k, j): a in
 * treatment, k blocked (k > 0 only when j = c2), j in step-down, a + k <= c1.
 * The generator is dense and solved by LU, so keep c1^2 c2 to a few thousand
 * states. Header-only, like queueing_theory.h; not a model of anything else.
 */
#ifndef HSCFLOW_TESTS_TANDEM_CTMC_H
#define HSCFLOW_TESTS_TANDEM_CTMC_H

#include <math.h>
#include <stddef.h>
#include <stdlib.h>

#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_permutation.h>
#include <gsl/gsl_vector.h>

struct tandem_params {
    int c1;        /* acute beds, >= 1 */
    int c2;        /* step-down beds, >= 1 */
    double lambda; /* arrivals a day, > 0 */
    double mu1;    /* treatment end rate per person a day, > 0 */
    double mu2;    /* step-down end rate per person a day, > 0 */
};

/* Stationary measures (PASTA makes the time share of full states the share
 * of arrivals turned away). */
struct tandem_solution {
    size_t n_states;
    double p_turned_away;  /* P(a + k = c1) */
    double acute_mean;     /* E[a + k]: acute occupancy, blocked people included */
    double treating_mean;  /* E[a] */
    double step_down_mean; /* E[j] */
    double blocked_mean;   /* E[k]: delayed patients */
    double residual;       /* max |(pi Q)_s| / max total exit rate; ~1e-15 when solved */
    double sum;            /* sum of pi (1 up to rounding) */
    double min_prob;       /* smallest pi (>= 0 up to rounding) */
};

/* The state space: a lookup table (a, k, j) -> index or -1, and back. */
struct tandem_space {
    int c1, c2;
    size_t n;
    long *index; /* owns [(c1+1) (c1+1) (c2+1)] */
    int *state;  /* owns [3 n]: a, k, j of each index */
};

static inline int tandem_valid(int c1, int c2, int a, int k, int j)
{
    return a >= 0 && k >= 0 && j >= 0 && j <= c2 && a + k <= c1 && (k == 0 || j == c2);
}

/* Index of (a, k, j), or -1 when that is not a state. */
static inline long tandem_index(const struct tandem_space *sp, int a, int k, int j)
{
    if (!tandem_valid(sp->c1, sp->c2, a, k, j))
        return -1;
    return sp->index[((size_t)a * (size_t)(sp->c1 + 1) + (size_t)k) * (size_t)(sp->c2 + 1) +
                     (size_t)j];
}

/* Enumerates the states; 0 on success, -1 when memory runs out. */
static inline int tandem_space_init(struct tandem_space *sp, int c1, int c2)
{
    size_t cells = (size_t)(c1 + 1) * (size_t)(c1 + 1) * (size_t)(c2 + 1);
    sp->c1 = c1;
    sp->c2 = c2;
    sp->n = 0;
    sp->index = malloc(cells * sizeof *sp->index);
    sp->state = malloc(3 * cells * sizeof *sp->state);
    if (!sp->index || !sp->state)
        return -1;
    for (int a = 0; a <= c1; a++)
        for (int k = 0; k <= c1; k++)
            for (int j = 0; j <= c2; j++) {
                size_t cell = ((size_t)a * (size_t)(c1 + 1) + (size_t)k) * (size_t)(c2 + 1) +
                              (size_t)j;
                sp->index[cell] = -1;
                if (!tandem_valid(c1, c2, a, k, j))
                    continue;
                sp->index[cell] = (long)sp->n;
                sp->state[3 * sp->n] = a;
                sp->state[3 * sp->n + 1] = k;
                sp->state[3 * sp->n + 2] = j;
                sp->n++;
            }
    return 0;
}

static inline void tandem_space_fini(struct tandem_space *sp)
{
    free(sp->index);
    free(sp->state);
}

static inline void tandem_add_rate(gsl_matrix *q, size_t from, long to, double rate)
{
    if (rate <= 0)
        return;
    /* Every transition of the chain lands on a state; -1 is a bug here. */
    if (to < 0)
        abort();
    *gsl_matrix_ptr(q, from, (size_t)to) += rate;
    *gsl_matrix_ptr(q, from, from) -= rate;
}

/* Fills the generator Q (n x n, zeroed) from the transitions of the system. */
static inline void tandem_generator(const struct tandem_space *sp, const struct tandem_params *tp,
                                    gsl_matrix *q)
{
    for (size_t s = 0; s < sp->n; s++) {
        int a = sp->state[3 * s], k = sp->state[3 * s + 1], j = sp->state[3 * s + 2];
        if (a + k < tp->c1)
            tandem_add_rate(q, s, tandem_index(sp, a + 1, k, j), tp->lambda);
        if (j < tp->c2)
            tandem_add_rate(q, s, tandem_index(sp, a - 1, k, j + 1), a * tp->mu1);
        else
            tandem_add_rate(q, s, tandem_index(sp, a - 1, k + 1, j), a * tp->mu1);
        if (k > 0) /* the first blocked person takes the freed bed at once */
            tandem_add_rate(q, s, tandem_index(sp, a, k - 1, j), j * tp->mu2);
        else
            tandem_add_rate(q, s, tandem_index(sp, a, k, j - 1), j * tp->mu2);
    }
}

/* Solves pi Q = 0, sum(pi) = 1: the last equation of Q^T pi^T = 0 (implied
 * by the others, as the columns of Q^T sum to 0) is replaced by the
 * normalisation, and the system solved by LU with partial pivoting. */
static inline int tandem_stationary(const gsl_matrix *q, gsl_vector *pi)
{
    size_t n = q->size1;
    int status = -1, signum;
    gsl_matrix *lu = gsl_matrix_alloc(n, n);
    gsl_permutation *perm = gsl_permutation_alloc(n);
    gsl_vector *rhs = gsl_vector_calloc(n);
    if (!lu || !perm || !rhs)
        goto cleanup;
    gsl_matrix_transpose_memcpy(lu, q);
    for (size_t c = 0; c < n; c++)
        gsl_matrix_set(lu, n - 1, c, 1.0);
    gsl_vector_set(rhs, n - 1, 1.0);
    if (gsl_linalg_LU_decomp(lu, perm, &signum) != 0)
        goto cleanup;
    for (size_t d = 0; d < n; d++) /* singular: LU_solve would report, not solve */
        if (gsl_matrix_get(lu, d, d) == 0.0)
            goto cleanup;
    status = gsl_linalg_LU_solve(lu, perm, rhs, pi) == 0 ? 0 : -1;
cleanup:
    gsl_vector_free(rhs);
    gsl_permutation_free(perm);
    gsl_matrix_free(lu);
    return status;
}

/* Builds and solves the chain and fills sol, including how well pi solves
 * the balance equations (sol->residual, sol->sum, sol->min_prob: the caller
 * checks them). Returns 0, or -1 when memory runs out or the system is
 * singular. */
static inline int tandem_solve(const struct tandem_params *tp, struct tandem_solution *sol)
{
    struct tandem_space sp = {0};
    gsl_matrix *q = NULL;
    gsl_vector *pi = NULL;
    int status = -1;
    if (tandem_space_init(&sp, tp->c1, tp->c2) != 0)
        goto cleanup;
    q = gsl_matrix_calloc(sp.n, sp.n);
    pi = gsl_vector_alloc(sp.n);
    if (!q || !pi)
        goto cleanup;
    tandem_generator(&sp, tp, q);
    if (tandem_stationary(q, pi) != 0)
        goto cleanup;

    *sol = (struct tandem_solution){.n_states = sp.n, .min_prob = 1.0};
    double max_exit = 0.0;
    for (size_t t = 0; t < sp.n; t++) {
        double flow = 0.0; /* (pi Q)_t */
        for (size_t s = 0; s < sp.n; s++)
            flow += gsl_vector_get(pi, s) * gsl_matrix_get(q, s, t);
        sol->residual = fmax(sol->residual, fabs(flow));
        max_exit = fmax(max_exit, -gsl_matrix_get(q, t, t));
    }
    sol->residual /= max_exit;
    for (size_t s = 0; s < sp.n; s++) {
        double p = gsl_vector_get(pi, s);
        int a = sp.state[3 * s], k = sp.state[3 * s + 1], j = sp.state[3 * s + 2];
        sol->sum += p;
        sol->min_prob = fmin(sol->min_prob, p);
        if (a + k == tp->c1)
            sol->p_turned_away += p;
        sol->acute_mean += p * (a + k);
        sol->treating_mean += p * a;
        sol->step_down_mean += p * j;
        sol->blocked_mean += p * k;
    }
    status = 0;
cleanup:
    gsl_vector_free(pi);
    gsl_matrix_free(q);
    tandem_space_fini(&sp);
    return status;
}

#endif
