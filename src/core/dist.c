/*
 * Probability distributions: validation of analyst-written parameters,
 * derived parameters, exact means, and sampling.
 *
 * Invariant: an initialised hsc_dist has passed every rule in dist.h, so
 * sampling never sees a parameter GSL would misbehave on, and never
 * allocates. Parameters are never silently repaired (probabilities are not
 * renormalised); a bad one is reported by its setting name.
 */
#include "hscflow/dist.h"

#include "hscflow/error.h"
#include "hscflow/rng.h"

#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Tolerance on the sum of probabilities: loose enough for values written
 * with a few decimals, tight enough that a forgotten category is caught. */
#define PROB_SUM_TOL 1e-9

struct kind_info {
    const char *name;
    const char *const *params;
    const char *optional; /* the one optional parameter, or NULL */
};

static const char *const no_params[] = {NULL};
static const char *const p_mean[] = {"mean", NULL};
static const char *const p_mean_sd[] = {"mean", "sd", NULL};
static const char *const p_shape_scale[] = {"shape", "scale", NULL};
static const char *const p_min_max[] = {"min", "max", NULL};
static const char *const p_min_mode_max[] = {"min", "mode", "max", NULL};
static const char *const p_value[] = {"value", NULL};
static const char *const p_values[] = {"values", "probabilities", NULL};
static const char *const p_edges[] = {"edges", "probabilities", NULL};

static const struct kind_info kinds[] = {
    [HSC_DIST_NONE] = {"none", no_params, NULL},
    [HSC_DIST_EXPONENTIAL] = {"exponential", p_mean, NULL},
    [HSC_DIST_LOGNORMAL] = {"lognormal", p_mean_sd, NULL},
    [HSC_DIST_GAMMA] = {"gamma", p_mean_sd, NULL},
    [HSC_DIST_WEIBULL] = {"weibull", p_shape_scale, NULL},
    [HSC_DIST_UNIFORM] = {"uniform", p_min_max, NULL},
    [HSC_DIST_TRIANGULAR] = {"triangular", p_min_mode_max, NULL},
    [HSC_DIST_FIXED] = {"fixed", p_value, NULL},
    [HSC_DIST_EMPIRICAL] = {"empirical", p_values, "probabilities"},
    [HSC_DIST_HISTOGRAM] = {"histogram", p_edges, NULL},
};
#define N_KINDS (sizeof kinds / sizeof kinds[0])

static const struct kind_info *kind_info(enum hsc_dist_kind kind)
{
    HSC_ASSERT((size_t)kind < N_KINDS);
    return &kinds[kind];
}

const char *hsc_dist_kind_name(enum hsc_dist_kind kind)
{
    return kind_info(kind)->name;
}

enum hsc_dist_kind hsc_dist_kind_from_name(const char *name)
{
    for (size_t k = 1; name && k < N_KINDS; k++)
        if (strcmp(kinds[k].name, name) == 0)
            return (enum hsc_dist_kind)k;
    return HSC_DIST_NONE;
}

const char *const *hsc_dist_param_names(enum hsc_dist_kind kind)
{
    return kind_info(kind)->params;
}

int hsc_dist_param_required(enum hsc_dist_kind kind, const char *param)
{
    const struct kind_info *info = kind_info(kind);
    for (const char *const *p = info->params; *p; p++)
        if (strcmp(*p, param) == 0)
            return !(info->optional && strcmp(info->optional, param) == 0);
    return -1;
}

/* ---- validation ---------------------------------------------------------- */

/* Where validation reports to. */
struct report {
    const char **bad_param;
    char *msg;
    size_t msg_size;
};

static int fail(struct report *rep, const char *param, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail(struct report *rep, const char *param, const char *fmt, ...)
{
    *rep->bad_param = param;
    if (rep->msg && rep->msg_size > 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(rep->msg, rep->msg_size, fmt, ap);
        va_end(ap);
    }
    return -1;
}

static int check_finite(struct report *rep, const char *param, double x)
{
    return isfinite(x) ? 0 : fail(rep, param, "must be a finite number (got %g)", x);
}

static int check_positive(struct report *rep, const char *param, double x)
{
    if (check_finite(rep, param, x))
        return -1;
    return x > 0 ? 0 : fail(rep, param, "must be > 0 (got %g)", x);
}

static int check_nonneg(struct report *rep, const char *param, double x)
{
    if (check_finite(rep, param, x))
        return -1;
    return x >= 0 ? 0 : fail(rep, param, "must be >= 0 (got %g)", x);
}

/* Array items are numbered from 1 in messages, as an analyst counts them. */
static int check_nonneg_items(struct report *rep, const char *param,
                              const double *x, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(x[i]))
            return fail(rep, param, "must all be finite numbers (item %zu is %g)",
                        i + 1, x[i]);
        if (x[i] < 0)
            return fail(rep, param, "must all be >= 0 (item %zu is %g)", i + 1, x[i]);
    }
    return 0;
}

/* %g, unless that would print a sum that is not 1 as "1". */
static void format_sum(double sum, char *buf, size_t size)
{
    for (int prec = 6; prec <= 17; prec++) {
        snprintf(buf, size, "%.*g", prec, sum);
        if (strcmp(buf, "1") != 0)
            return;
    }
}

/* Checks n probabilities and fills cum (cumulative, ending exactly at 1 from
 * the last positive entry on, so a uniform u < 1 never picks an entry of
 * probability 0). */
static int check_probabilities(struct report *rep, const double *prob, size_t n,
                               double *cum)
{
    double sum = 0.0;
    size_t last_positive = 0;
    for (size_t i = 0; i < n; i++) {
        if (!(prob[i] >= 0 && prob[i] <= 1))
            return fail(rep, "probabilities", "must all be in [0, 1] (item %zu is %g)",
                        i + 1, prob[i]);
        sum += prob[i];
        cum[i] = sum;
        if (prob[i] > 0)
            last_positive = i;
    }
    if (!(fabs(sum - 1.0) <= PROB_SUM_TOL)) {
        char text[32];
        format_sum(sum, text, sizeof text);
        return fail(rep, "probabilities", "must sum to 1 (sum is %s)", text);
    }
    for (size_t i = last_positive; i < n; i++)
        cum[i] = 1.0;
    return 0;
}

static int check_count(struct report *rep, const struct hsc_dist_spec *spec,
                       size_t expected, const char *per)
{
    if (spec->n_probabilities != expected)
        return fail(rep, "probabilities", "must have one entry per %s (got %zu, expected %zu)",
                    per, spec->n_probabilities, expected);
    return 0;
}

/* ---- building each kind --------------------------------------------------- */

static int init_scalar(struct hsc_dist *dist, const struct hsc_dist_spec *spec,
                       struct report *rep)
{
    switch (spec->kind) {
    case HSC_DIST_EXPONENTIAL:
        if (check_positive(rep, "mean", spec->mean))
            return -1;
        dist->p1 = dist->mean = spec->mean;
        return 0;
    case HSC_DIST_LOGNORMAL: {
        if (check_positive(rep, "mean", spec->mean) || check_positive(rep, "sd", spec->sd))
            return -1;
        double cv = spec->sd / spec->mean;
        double sigma2 = log1p(cv * cv);
        dist->p1 = log(spec->mean) - sigma2 / 2; /* mu of the log */
        dist->p2 = sqrt(sigma2);                 /* sigma of the log */
        dist->p3 = spec->sd;
        dist->mean = spec->mean;
        return 0;
    }
    case HSC_DIST_GAMMA: {
        if (check_positive(rep, "mean", spec->mean) || check_positive(rep, "sd", spec->sd))
            return -1;
        double ratio = spec->mean / spec->sd;
        dist->p1 = ratio * ratio;                    /* shape */
        dist->p2 = spec->sd * (spec->sd / spec->mean); /* scale */
        dist->p3 = spec->sd;
        dist->mean = spec->mean;
        return 0;
    }
    case HSC_DIST_WEIBULL:
        if (check_positive(rep, "shape", spec->shape) ||
            check_positive(rep, "scale", spec->scale))
            return -1;
        dist->p1 = spec->shape;
        dist->p2 = spec->scale;
        dist->mean = spec->scale * tgamma(1.0 + 1.0 / spec->shape);
        return 0;
    case HSC_DIST_FIXED:
        if (check_nonneg(rep, "value", spec->value))
            return -1;
        dist->p1 = dist->mean = spec->value;
        return 0;
    default:
        HSC_ASSERT(!"not a scalar kind");
        return -1;
    }
}

static int init_range(struct hsc_dist *dist, const struct hsc_dist_spec *spec,
                      struct report *rep)
{
    bool tri = spec->kind == HSC_DIST_TRIANGULAR;
    if (check_finite(rep, "min", spec->min) || (tri && check_finite(rep, "mode", spec->mode)) ||
        check_finite(rep, "max", spec->max) || check_nonneg(rep, "min", spec->min))
        return -1;
    if (!(spec->max > spec->min))
        return fail(rep, "max", "must be > min (got %g, min is %g)", spec->max, spec->min);
    if (tri && !(spec->mode >= spec->min && spec->mode <= spec->max))
        return fail(rep, "mode", "must be between min and max (got %g, min is %g, max is %g)",
                    spec->mode, spec->min, spec->max);
    dist->p1 = spec->min;
    dist->p2 = spec->max;
    if (tri) {
        dist->p3 = spec->mode;
        dist->mean = (spec->min + spec->mode + spec->max) / 3;
    } else {
        dist->mean = (spec->min + spec->max) / 2;
    }
    return 0;
}

static int alloc_arrays(struct hsc_dist *dist, size_t n_values, size_t n_cum)
{
    dist->values = malloc(n_values * sizeof *dist->values);
    dist->cum = malloc(n_cum * sizeof *dist->cum);
    return dist->values && dist->cum ? 0 : -1;
}

static int init_empirical(struct hsc_dist *dist, const struct hsc_dist_spec *spec,
                          struct report *rep)
{
    size_t n = spec->n_values;
    HSC_ASSERT(n == 0 || spec->values);
    if (n == 0)
        return fail(rep, "values", "must have at least one value");
    if (check_nonneg_items(rep, "values", spec->values, n))
        return -1;
    if (spec->probabilities && check_count(rep, spec, n, "value"))
        return -1;
    if (alloc_arrays(dist, n, n))
        return fail(rep, "values", "out of memory");
    memcpy(dist->values, spec->values, n * sizeof *dist->values);
    dist->n = n;
    if (spec->probabilities) {
        if (check_probabilities(rep, spec->probabilities, n, dist->cum))
            return -1;
        dist->mean = 0.0;
        for (size_t i = 0; i < n; i++)
            dist->mean += spec->probabilities[i] * spec->values[i];
    } else {
        dist->mean = 0.0;
        for (size_t i = 0; i < n; i++) {
            dist->cum[i] = (double)(i + 1) / (double)n;
            dist->mean += spec->values[i];
        }
        dist->mean /= (double)n;
    }
    return 0;
}

static int init_histogram(struct hsc_dist *dist, const struct hsc_dist_spec *spec,
                          struct report *rep)
{
    const double *edges = spec->edges;
    HSC_ASSERT(spec->n_edges == 0 || edges);
    if (spec->n_edges < 2)
        return fail(rep, "edges", "must have at least 2 edges (got %zu)", spec->n_edges);
    if (check_nonneg_items(rep, "edges", edges, spec->n_edges))
        return -1;
    for (size_t i = 1; i < spec->n_edges; i++)
        if (!(edges[i] > edges[i - 1]))
            return fail(rep, "edges", "must be strictly increasing (item %zu is %g, after %g)",
                        i + 1, edges[i], edges[i - 1]);
    size_t n = spec->n_edges - 1;
    if (!spec->probabilities)
        return fail(rep, "probabilities", "must be given for a histogram");
    if (check_count(rep, spec, n, "bin"))
        return -1;
    if (alloc_arrays(dist, n + 1, n))
        return fail(rep, "edges", "out of memory");
    memcpy(dist->values, edges, (n + 1) * sizeof *dist->values);
    dist->n = n;
    if (check_probabilities(rep, spec->probabilities, n, dist->cum))
        return -1;
    dist->mean = 0.0;
    for (size_t i = 0; i < n; i++)
        dist->mean += spec->probabilities[i] * (edges[i] + edges[i + 1]) / 2;
    return 0;
}

int hsc_dist_init(struct hsc_dist *dist, const struct hsc_dist_spec *spec,
                  const char **bad_param, char *msg, size_t msg_size)
{
    struct report rep = {bad_param, msg, msg_size};
    memset(dist, 0, sizeof *dist);
    dist->kind = spec->kind;
    int status;
    switch (spec->kind) {
    case HSC_DIST_UNIFORM:
    case HSC_DIST_TRIANGULAR:
        status = init_range(dist, spec, &rep);
        break;
    case HSC_DIST_EMPIRICAL:
        status = init_empirical(dist, spec, &rep);
        break;
    case HSC_DIST_HISTOGRAM:
        status = init_histogram(dist, spec, &rep);
        break;
    case HSC_DIST_NONE:
        status = fail(&rep, "kind", "must be set");
        break;
    default:
        kind_info(spec->kind); /* asserts on a value outside the enum */
        status = init_scalar(dist, spec, &rep);
        break;
    }
    if (status)
        hsc_dist_fini(dist);
    return status;
}

void hsc_dist_fini(struct hsc_dist *dist)
{
    free(dist->values);
    free(dist->cum);
    memset(dist, 0, sizeof *dist);
}

int hsc_dist_copy(struct hsc_dist *dst, const struct hsc_dist *src)
{
    *dst = *src;
    dst->values = NULL;
    dst->cum = NULL;
    if (!src->values)
        return 0;
    size_t n_values = src->kind == HSC_DIST_HISTOGRAM ? src->n + 1 : src->n;
    if (alloc_arrays(dst, n_values, src->n)) {
        hsc_dist_fini(dst);
        return -1;
    }
    memcpy(dst->values, src->values, n_values * sizeof *dst->values);
    memcpy(dst->cum, src->cum, src->n * sizeof *dst->cum);
    return 0;
}

/* ---- sampling ------------------------------------------------------------- */

/* Smallest i with u < cum[i]; cum[n-1] == 1 > u guarantees one exists. */
static size_t pick(const double *cum, size_t n, double u)
{
    size_t lo = 0, hi = n - 1;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (u < cum[mid])
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

/* Inverse CDF: F(x) = (x-a)^2 / ((b-a)(c-a)) left of the mode c. */
static double sample_triangular(const struct hsc_dist *dist, gsl_rng *rng)
{
    double lo = dist->p1, hi = dist->p2, mode = dist->p3;
    double u = gsl_rng_uniform(rng);
    if (u < (mode - lo) / (hi - lo))
        return lo + sqrt(u * (hi - lo) * (mode - lo));
    return hi - sqrt((1 - u) * (hi - lo) * (hi - mode));
}

double hsc_dist_sample(const struct hsc_dist *dist, gsl_rng *rng)
{
    switch (dist->kind) {
    case HSC_DIST_EXPONENTIAL:
        return -dist->p1 * log(hsc_rng_uniform_pos(rng));
    case HSC_DIST_LOGNORMAL:
        return gsl_ran_lognormal(rng, dist->p1, dist->p2);
    case HSC_DIST_GAMMA:
        return gsl_ran_gamma(rng, dist->p1, dist->p2);
    case HSC_DIST_WEIBULL: /* GSL takes (scale, shape) */
        return gsl_ran_weibull(rng, dist->p2, dist->p1);
    case HSC_DIST_UNIFORM:
        return gsl_ran_flat(rng, dist->p1, dist->p2);
    case HSC_DIST_TRIANGULAR:
        return sample_triangular(dist, rng);
    case HSC_DIST_FIXED:
        return dist->p1;
    case HSC_DIST_EMPIRICAL:
        return dist->values[pick(dist->cum, dist->n, gsl_rng_uniform(rng))];
    case HSC_DIST_HISTOGRAM: {
        size_t bin = pick(dist->cum, dist->n, gsl_rng_uniform(rng));
        double lo = dist->values[bin], hi = dist->values[bin + 1];
        return lo + gsl_rng_uniform(rng) * (hi - lo);
    }
    default:
        HSC_ASSERT(!"sampling an uninitialised distribution");
        return NAN;
    }
}

/* ---- equilibrium residual life -------------------------------------------- */

/* Weight of entry i in the length-biased version of an empirical or
 * histogram distribution: its probability times its value (or its bin's
 * midpoint, which is the bin's mean under a uniform density). Probabilities
 * are read back from cum, so an entry the plain sampler never picks (cum
 * flat there) gets weight 0 here too; rounding in cum cannot make a weight
 * negative. */
static double biased_weight(const struct hsc_dist *dist, size_t i)
{
    double prob = dist->cum[i] - (i > 0 ? dist->cum[i - 1] : 0.0);
    double x = dist->kind == HSC_DIST_HISTOGRAM ? (dist->values[i] + dist->values[i + 1]) / 2
                                                : dist->values[i];
    return fmax(prob, 0.0) * x;
}

/* Picks an entry with probability proportional to biased_weight by a linear
 * scan (residual draws are only made at set-up, so nothing is precomputed).
 * Returns n when every weight is 0. */
static size_t pick_biased(const struct hsc_dist *dist, double u)
{
    double total = 0.0;
    for (size_t i = 0; i < dist->n; i++)
        total += biased_weight(dist, i);
    if (!(total > 0))
        return dist->n;
    /* The scan repeats the summation in the same order, so acc reaches total
     * exactly; `last` covers u * total rounding up to total. */
    double target = u * total, acc = 0.0;
    size_t last = dist->n;
    for (size_t i = 0; i < dist->n; i++) {
        double w = biased_weight(dist, i);
        if (w > 0) {
            acc += w;
            last = i;
            if (target < acc)
                return i;
        }
    }
    return last;
}

/* A draw from the length-biased distribution, density x f(x) / mean (mean
 * > 0). The closed forms follow from x f(x) being, up to a constant, a
 * density of the same family; bounded kinds use rejection from f with
 * acceptance x / max (expected max / mean proposals: at most 3). */
static double sample_length_biased(const struct hsc_dist *dist, gsl_rng *rng)
{
    switch (dist->kind) {
    case HSC_DIST_EXPONENTIAL:
        return gsl_ran_gamma(rng, 2.0, dist->p1);
    case HSC_DIST_LOGNORMAL:
        return gsl_ran_lognormal(rng, dist->p1 + dist->p2 * dist->p2, dist->p2);
    case HSC_DIST_GAMMA:
        return gsl_ran_gamma(rng, dist->p1 + 1.0, dist->p2);
    case HSC_DIST_WEIBULL: /* (X / scale)^shape is gamma(1 + 1/shape, 1) */
        return dist->p2 * pow(gsl_ran_gamma(rng, 1.0 + 1.0 / dist->p1, 1.0), 1.0 / dist->p1);
    case HSC_DIST_UNIFORM:
    case HSC_DIST_TRIANGULAR: {
        double x;
        do
            x = hsc_dist_sample(dist, rng);
        while (!(gsl_rng_uniform(rng) * dist->p2 < x));
        return x;
    }
    case HSC_DIST_FIXED:
        return dist->p1;
    case HSC_DIST_EMPIRICAL: {
        size_t i = pick_biased(dist, gsl_rng_uniform(rng));
        return i < dist->n ? dist->values[i] : 0.0;
    }
    case HSC_DIST_HISTOGRAM: {
        /* Within the bin [lo, hi) the density is proportional to x: inverse
         * of the CDF (x^2 - lo^2) / (hi^2 - lo^2). */
        size_t bin = pick_biased(dist, gsl_rng_uniform(rng));
        if (bin == dist->n)
            return 0.0;
        double lo = dist->values[bin], hi = dist->values[bin + 1];
        double x = sqrt(lo * lo + gsl_rng_uniform(rng) * (hi * hi - lo * lo));
        return fmin(fmax(x, lo), hi);
    }
    default:
        HSC_ASSERT(!"sampling an uninitialised distribution");
        return NAN;
    }
}

double hsc_dist_sample_residual(const struct hsc_dist *dist, gsl_rng *rng)
{
    HSC_ASSERT(dist->kind != HSC_DIST_NONE);
    if (!(dist->mean > 0))
        return 0.0;
    /* For a stationary renewal process, the interval covering a random
     * moment is length-biased and the moment falls uniformly inside it. */
    double length = sample_length_biased(dist, rng);
    return gsl_rng_uniform(rng) * length;
}

void hsc_dist_describe(const struct hsc_dist *dist, char *buf, size_t size)
{
    const char *name = hsc_dist_kind_name(dist->kind);
    switch (dist->kind) {
    case HSC_DIST_EXPONENTIAL:
        snprintf(buf, size, "%s(mean %g)", name, dist->mean);
        break;
    case HSC_DIST_LOGNORMAL:
    case HSC_DIST_GAMMA:
        snprintf(buf, size, "%s(mean %g, sd %g)", name, dist->mean, dist->p3);
        break;
    case HSC_DIST_WEIBULL:
        snprintf(buf, size, "%s(shape %g, scale %g)", name, dist->p1, dist->p2);
        break;
    case HSC_DIST_UNIFORM:
        snprintf(buf, size, "%s(min %g, max %g)", name, dist->p1, dist->p2);
        break;
    case HSC_DIST_TRIANGULAR:
        snprintf(buf, size, "%s(min %g, mode %g, max %g)", name, dist->p1, dist->p3, dist->p2);
        break;
    case HSC_DIST_FIXED:
        snprintf(buf, size, "%s(value %g)", name, dist->p1);
        break;
    case HSC_DIST_EMPIRICAL:
        snprintf(buf, size, "%s(%zu values, mean %g)", name, dist->n, dist->mean);
        break;
    case HSC_DIST_HISTOGRAM:
        snprintf(buf, size, "%s(%zu bins from %g to %g, mean %g)", name, dist->n,
                 dist->values[0], dist->values[dist->n], dist->mean);
        break;
    default:
        snprintf(buf, size, "%s", name);
        break;
    }
}
