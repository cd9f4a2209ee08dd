/*
 * Acute occupancy accounting (acute.h). The quantile of the occupied /
 * available fraction is exact: time at each occupancy level is kept per
 * total capacity, and the histograms are merged in one ordered pass at the
 * end, so the cost at the end of a replication is linear in the beds.
 */
#include "acute.h"

#include <math.h>
#include <stdlib.h>

#include "replication.h"

static double beds_of(int64_t capacity)
{
    return capacity > 0 ? (double)capacity : 1.0;
}

/* Records the current level at `now`. */
static void changed(struct hsc_sim *sim)
{
    struct hsc__acute *acute = &sim->acute;
    hsc_tw_set(&acute->occupied_tw, sim->now, (double)acute->occupied);
    hsc_level_hist_set(&acute->levels[acute->level_now], sim->now, (size_t)acute->occupied);
}

/* Total acute beds on day `day`. */
static int64_t beds_on(const struct hsc_sim *sim, long day)
{
    int64_t total = 0;
    for (size_t s = 0; s < sim->n_services; s++)
        if (sim->services[s].role->acute)
            total += hsc__service_beds_on(sim, sim->services[s].cfg, day);
    return total;
}

int hsc__acute_init(struct hsc_sim *sim)
{
    struct hsc__acute *acute = &sim->acute;
    size_t n_days = sim->clock.n_day_factors;
    *acute = (struct hsc__acute){0};
    acute->level_capacity = calloc(n_days, sizeof *acute->level_capacity);
    if (!acute->level_capacity)
        return -1;
    int64_t most = 0;
    for (size_t i = 0; i < n_days; i++) {
        int64_t total = beds_on(sim, sim->clock.first_day + (long)i);
        size_t k = 0;
        while (k < acute->n_levels && acute->level_capacity[k] != total)
            k++;
        if (k == acute->n_levels)
            acute->level_capacity[acute->n_levels++] = total;
        if (total > most)
            most = total;
    }
    acute->levels = calloc(acute->n_levels, sizeof *acute->levels);
    if (!acute->levels)
        return -1;
    for (size_t k = 0; k < acute->n_levels; k++)
        if (hsc_level_hist_init(&acute->levels[k], (size_t)most, 0.0, 0) != 0)
            return -1;
    for (size_t s = 0; s < sim->n_services; s++)
        if (sim->services[s].role->acute)
            acute->capacity += (int64_t)sim->services[s].capacity;
    while (acute->level_capacity[acute->level_now] != acute->capacity)
        acute->level_now++;
    hsc_tw_init(&acute->occupied_tw, 0.0, 0.0);
    return 0;
}

void hsc__acute_fini(struct hsc__acute *acute)
{
    for (size_t k = 0; acute->levels && k < acute->n_levels; k++)
        hsc_level_hist_fini(&acute->levels[k]);
    free(acute->levels);
    free(acute->level_capacity);
    *acute = (struct hsc__acute){0};
}

void hsc__acute_occupied(struct hsc_sim *sim, int64_t change)
{
    sim->acute.occupied += change;
    changed(sim);
}

void hsc__acute_capacity(struct hsc_sim *sim, int64_t change)
{
    struct hsc__acute *acute = &sim->acute;
    acute->capacity += change;
    size_t k = 0;
    while (k < acute->n_levels && acute->level_capacity[k] != acute->capacity)
        k++;
    HSC_ASSERT(k < acute->n_levels);
    if (k != acute->level_now) {
        /* Close the time at the old capacity; the new one starts counting now. */
        struct hsc_level_hist *old = &acute->levels[acute->level_now];
        hsc_level_hist_set(old, sim->now, old->level);
        struct hsc_level_hist *next = &acute->levels[k];
        next->t_last = sim->now;
        next->level = (size_t)acute->occupied;
        acute->level_now = k;
    }
    changed(sim);
}

/* Occupied bed-days since the period started, up to now. */
static double area(const struct hsc_sim *sim)
{
    const struct hsc_tw *tw = &sim->acute.occupied_tw;
    return tw->area + tw->level * (sim->now - tw->t_last);
}

void hsc__acute_restart(struct hsc_sim *sim)
{
    struct hsc__acute *acute = &sim->acute;
    hsc_tw_restart(&acute->occupied_tw, sim->now);
    for (size_t k = 0; k < acute->n_levels; k++)
        hsc_level_hist_restart(&acute->levels[k], sim->now);
    acute->days_over_92 = acute->days_measured = 0;
    acute->area_at_midnight = area(sim);
}

/* The day ending now had the current capacity all day: calendars change
 * it after this, at the same midnight. */
static void close_day(struct hsc_sim *sim)
{
    struct hsc__acute *acute = &sim->acute;
    double now = area(sim);
    double mean = (now - acute->area_at_midnight) / beds_of(acute->capacity);
    acute->area_at_midnight = now;
    acute->days_measured++;
    if (mean > 0.92)
        acute->days_over_92++;
}

void hsc__acute_midnight(struct hsc_sim *sim, long day)
{
    if (sim->measuring && day >= 1 && (size_t)day <= sim->clock.n_days)
        close_day(sim);
}

void hsc__acute_finish(struct hsc_sim *sim)
{
    changed(sim);
    /* The last whole day closes here when it ends exactly at the end. */
    if ((size_t)sim->acute.days_measured < sim->clock.n_days &&
        hsc__clock_midnight(&sim->clock, (long)sim->clock.n_days) <= sim->clock.t_end)
        close_day(sim);
}

bool hsc__acute_ever_open(const struct hsc__acute *acute)
{
    for (size_t k = 0; k < acute->n_levels; k++)
        if (acute->level_capacity[k] > 0)
            return true;
    return false;
}

double hsc__acute_mean(const struct hsc_sim *sim)
{
    const struct hsc__acute *acute = &sim->acute;
    double total = 0.0, weighted = 0.0;
    for (size_t k = 0; k < acute->n_levels; k++) {
        const struct hsc_level_hist *lh = &acute->levels[k];
        double occupied = 0.0;
        for (size_t l = 0; l <= lh->max_level; l++) {
            total += lh->time_at[l];
            occupied += (double)l * lh->time_at[l];
        }
        weighted += occupied / beds_of(acute->level_capacity[k]);
    }
    return total > 0.0 ? weighted / total : NAN;
}

/* The next level of histogram `lh` at or after `from` with time spent in it,
 * or max_level + 1. */
static size_t next_used(const struct hsc_level_hist *lh, size_t from)
{
    while (from <= lh->max_level && !(lh->time_at[from] > 0.0))
        from++;
    return from;
}

/* Pools the exact histograms of every capacity: the time at occupancy level
 * L with capacity C is time at fraction L / C. Each histogram is already
 * ordered by fraction, so one merge walks the fractions upwards; equal
 * fractions of different capacities are taken together. */
double hsc__acute_quantile(const struct hsc_sim *sim, double q)
{
    const struct hsc__acute *acute = &sim->acute;
    if (acute->n_levels == 1)
        return hsc_level_hist_quantile(&acute->levels[0], sim->clock.t_end, q) /
               beds_of(acute->level_capacity[0]);
    double total = 0.0;
    for (size_t k = 0; k < acute->n_levels; k++)
        for (size_t l = 0; l <= acute->levels[k].max_level; l++)
            total += acute->levels[k].time_at[l];
    if (!(total > 0.0))
        return NAN;
    size_t at[acute->n_levels];
    for (size_t k = 0; k < acute->n_levels; k++)
        at[k] = next_used(&acute->levels[k], 0);
    double below = 0.0, last = -1.0;
    for (;;) {
        double next = INFINITY, time = 0.0;
        for (size_t k = 0; k < acute->n_levels; k++) {
            const struct hsc_level_hist *lh = &acute->levels[k];
            if (at[k] > lh->max_level)
                continue;
            double f = (double)at[k] / beds_of(acute->level_capacity[k]);
            if (f < next) {
                next = f;
                time = lh->time_at[at[k]];
            } else if (f == next) {
                time += lh->time_at[at[k]];
            }
        }
        if (!isfinite(next))
            return last;
        for (size_t k = 0; k < acute->n_levels; k++)
            if (at[k] <= acute->levels[k].max_level &&
                (double)at[k] / beds_of(acute->level_capacity[k]) == next)
                at[k] = next_used(&acute->levels[k], at[k] + 1);
        below += time;
        last = next;
        if (below >= q * total)
            return last;
    }
}
