/*
 * Probability distributions for durations and other sampled quantities.
 *
 * A distribution is built from a parameter spec that is validated here (the
 * one place that knows each distribution's rules), so the scenario loader can
 * report the offending parameter by name. Sampling never allocates.
 */
#ifndef HSCFLOW_DIST_H
#define HSCFLOW_DIST_H

#include <gsl/gsl_rng.h>
#include <stddef.h>

enum hsc_dist_kind {
    HSC_DIST_NONE = 0,      /* not set */
    HSC_DIST_EXPONENTIAL,   /* mean */
    HSC_DIST_LOGNORMAL,     /* mean, sd (of the distribution itself, not of the log) */
    HSC_DIST_GAMMA,         /* mean, sd */
    HSC_DIST_WEIBULL,       /* shape, scale */
    HSC_DIST_UNIFORM,       /* min, max */
    HSC_DIST_TRIANGULAR,    /* min, mode, max */
    HSC_DIST_FIXED,         /* value */
    HSC_DIST_EMPIRICAL,     /* values (+ optional probabilities: equal weights when absent) */
    HSC_DIST_HISTOGRAM,     /* edges [n+1] + probabilities [n]: uniform within a bin */
};

/* Parameters as an analyst writes them. Unused fields are ignored. */
struct hsc_dist_spec {
    enum hsc_dist_kind kind;
    double mean, sd;
    double shape, scale;
    double min, mode, max;
    double value;
    const double *values;        /* borrows: empirical values [n_values] */
    size_t n_values;
    const double *edges;         /* borrows: histogram edges [n_edges] */
    size_t n_edges;
    const double *probabilities; /* borrows: [n_probabilities]; NULL = absent */
    size_t n_probabilities;
};

/* A ready-to-sample distribution. */
struct hsc_dist {
    enum hsc_dist_kind kind;
    double p1, p2, p3;  /* derived parameters (e.g. lognormal mu, sigma) */
    double mean;        /* the distribution's mean */
    size_t n;           /* empirical values / histogram bins */
    double *values;     /* owns: empirical values [n] or histogram edges [n+1] */
    double *cum;        /* owns: cumulative probabilities [n], cum[n-1] == 1 */
};

/* Settings names of each parameter, used by the loader and in messages. */
const char *hsc_dist_kind_name(enum hsc_dist_kind kind);          /* "lognormal" */
enum hsc_dist_kind hsc_dist_kind_from_name(const char *name);     /* NONE if unknown */

/* NULL-terminated list of the parameter names a kind takes, in documentation
 * order, e.g. {"mean", "sd", NULL}; for empirical {"values",
 * "probabilities", NULL}; for histogram {"edges", "probabilities", NULL}.
 * hsc_dist_param_required: 1 if the kind needs `param`, 0 if it is optional
 * (only empirical "probabilities"), -1 if the kind does not take it. */
const char *const *hsc_dist_param_names(enum hsc_dist_kind kind);
int hsc_dist_param_required(enum hsc_dist_kind kind, const char *param);

/* Validates spec and builds dist. Rules: every number finite; mean, sd,
 * shape, scale > 0; fixed value >= 0; min >= 0 and min < max (uniform);
 * min <= mode <= max with min < max (triangular); empirical values >= 0,
 * at least one; histogram edges >= 0 and strictly increasing; probabilities
 * each in [0, 1], as many as values (or bins), summing to 1 within 1e-9
 * (never renormalised). Durations are never negative.
 * On success returns 0 (dist owns copies of the arrays). On failure returns
 * -1, sets *bad_param to the offending parameter's name (a static string)
 * and writes a message such as "must be > 0 (got -1)" or
 * "must sum to 1 (sum is 0.9)" into msg (array items are numbered from 1:
 * "must all be >= 0 (item 3 is -2)"); dist is left empty (kind NONE).
 * HSC_DIST_NONE fails with bad_param "kind", "must be set". */
int hsc_dist_init(struct hsc_dist *dist, const struct hsc_dist_spec *spec,
                  const char **bad_param, char *msg, size_t msg_size);
void hsc_dist_fini(struct hsc_dist *dist);

/* Deep copy (0 on success, -1 when memory runs out). */
int hsc_dist_copy(struct hsc_dist *dst, const struct hsc_dist *src);

/* One draw. The distribution must be initialised (not NONE). */
double hsc_dist_sample(const struct hsc_dist *dist, gsl_rng *rng);

/* One draw from the equilibrium (forward-recurrence) residual-life
 * distribution of dist, density (1 - F(x)) / mean: the time still to run for
 * someone found in a long-stay service at a random moment of a stationary
 * process, used to start a run near steady state. Its mean is
 * E[S^2] / (2 E[S]). Drawn as U * L, L length-biased (density x f(x) / mean)
 * and U uniform on [0, 1), so the result is >= 0 and never above the
 * largest value dist can take. A distribution whose mean is 0 (fixed 0,
 * all-zero empirical) returns 0 without drawing.
 * Consumes a variable number of draws from rng (uniform and triangular use
 * rejection). The distribution must be initialised; never allocates. */
double hsc_dist_sample_residual(const struct hsc_dist *dist, gsl_rng *rng);

/* Human-readable one-line description, e.g. "lognormal(mean 8, sd 9)". */
void hsc_dist_describe(const struct hsc_dist *dist, char *buf, size_t size);

#endif
