/*
 * Runaway queues (runaway.h): the end-of-replication test of each service's
 * daily waiting count for a sustained rise over the second half of the
 * period. Invariant: a pure function of the daily series, summed in day
 * order; nothing here runs in the event loop.
 */
#include "runaway.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "replication.h"

/* The second half holds at least two changes over a week. */
_Static_assert(HSC_RUNAWAY_MIN_DAYS - HSC_RUNAWAY_MIN_DAYS / 2 >= HSC_RUNAWAY_WEEK + 2,
               "HSC_RUNAWAY_MIN_DAYS too short for the week");

/* Mean of x[d * stride] for d in [from, to). */
static double mean_of(const float *x, size_t stride, size_t from, size_t to)
{
    double sum = 0.0;
    for (size_t d = from; d < to; d++)
        sum += (double)x[d * stride];
    return sum / (double)(to - from);
}

void hsc__runaway_test(const float *x, size_t n_days, size_t stride,
                       struct hsc__runaway_fit *fit)
{
    *fit = (struct hsc__runaway_fit){0};
    if (n_days < HSC_RUNAWAY_MIN_DAYS)
        return;
    fit->applied = true;
    const size_t week = HSC_RUNAWAY_WEEK;
    size_t half = n_days / 2, n = n_days - half;
    /* Least squares over t = 0 .. n-1 (day half + t). */
    double mean = mean_of(x, stride, half, n_days);
    double t_mean = (double)(n - 1) / 2.0, sxt = 0.0;
    for (size_t t = 0; t < n; t++)
        sxt += ((double)t - t_mean) * ((double)x[(half + t) * stride] - mean);
    double stt = (double)n * ((double)n * (double)n - 1.0) / 12.0; /* sum of (t - t_mean)^2 */
    fit->growth = sxt / stt * (double)(n - 1);
    fit->rise = mean_of(x, stride, n_days - week, n_days) - mean_of(x, stride, half, half + week);
    /* The changes over a week, inside the second half: their mean, then
     * their sample variance. */
    size_t m = n - week;
    double change_mean = 0.0, change_ss = 0.0;
    for (size_t d = half; d + week < n_days; d++)
        change_mean += (double)x[(d + week) * stride] - (double)x[d * stride];
    change_mean /= (double)m;
    for (size_t d = half; d + week < n_days; d++) {
        double dev = (double)x[(d + week) * stride] - (double)x[d * stride] - change_mean;
        change_ss += dev * dev;
    }
    double per_day = change_ss / (double)(m - 1) / (double)week;
    fit->noise = sqrt(per_day * (double)(n - 1));
    double z_noise = HSC_RUNAWAY_Z * fit->noise;
    fit->threshold = z_noise > HSC_RUNAWAY_FLOOR ? z_noise : HSC_RUNAWAY_FLOOR;
    fit->flagged = fit->growth >= fit->threshold && fit->rise >= fit->threshold;
}

bool hsc__runaway_saturated(const float *x, size_t n_days, size_t stride, double level)
{
    if (n_days < HSC_RUNAWAY_MIN_DAYS)
        return false;
    for (size_t d = n_days / 2; d < n_days; d++)
        if (!((double)x[d * stride] > level))
            return false;
    return true;
}

int hsc__runaway_init(struct hsc_sim *sim)
{
    struct hsc__runaway *r = &sim->runaway;
    *r = (struct hsc__runaway){0};
    r->flag = calloc(sim->n_services ? sim->n_services : 1, sizeof *r->flag);
    return r->flag ? 0 : -1;
}

void hsc__runaway_fini(struct hsc_sim *sim)
{
    free(sim->runaway.flag);
    sim->runaway = (struct hsc__runaway){0};
}

void hsc__runaway_check(struct hsc_sim *sim)
{
    struct hsc__runaway *r = &sim->runaway;
    size_t n_svc = sim->n_services, n_days = sim->clock.n_days;
    HSC_ASSERT(sim->out && (sim->out->waiting || n_days == 0 || n_svc == 0));
    r->applied = n_days >= HSC_RUNAWAY_MIN_DAYS;
    r->count = 0;
    for (size_t s = 0; s < n_svc; s++) {
        struct hsc__runaway_fit fit;
        const float *series = sim->out->waiting ? sim->out->waiting + s : NULL;
        hsc__runaway_test(series, n_days, n_svc, &fit);
        const struct hsc__service *svc = &sim->services[s];
        bool saturated = svc->role->acute && series &&
                         hsc__runaway_saturated(series, n_days, n_svc, (double)svc->cfg->capacity);
        r->flag[s] = fit.flagged || saturated ? 1 : 0;
        r->count += r->flag[s];
    }
    if (sim->out->runaway && n_svc > 0)
        memcpy(sim->out->runaway, r->flag, n_svc * sizeof *r->flag);
}
