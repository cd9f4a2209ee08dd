/*
 * The replication's calendar: day numbers relative to the scenario's start
 * date, weekdays, midnights, and the emergency-demand factor of every day
 * the run touches (precomputed, so arrivals never do date arithmetic).
 *
 * Time is in days from the start of the warm-up. Day d (negative in the
 * warm-up) starts at t_measure + d, so day 0 is the start date. Weekdays and
 * months come from civil-date arithmetic, never mktime or the TZ variable.
 */
#ifndef HSCFLOW_MODEL_CLOCK_H
#define HSCFLOW_MODEL_CLOCK_H

#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hscflow/scenario.h"

struct hsc__clock {
    double t_measure;       /* start of the measurement period: midnight of start_date */
    double t_end;           /* end of the measurement period: the run stops */
    size_t n_days;          /* whole days measured (the length of the daily series) */
    int first_weekday;      /* weekday of start_date, 0 = Monday */
    int64_t start_days;     /* start_date as days since 1970-01-01 */
    long first_day;         /* day number of day_factor[0]: the first day of the warm-up */
    size_t n_day_factors;   /* days from first_day to the last day measured */
    double *day_factor;     /* owns [n_day_factors]: weekday x month factor of each day */
    bool has_factors;       /* some day factor differs from 1 */
    bool has_hour_factors;  /* some hour factor differs from 1 */
};

/* Fills the calendar of a run of `sc`. Returns 0, or -1 when memory runs
 * out (clock then safe to pass to hsc__clock_fini). */
int hsc__clock_init(struct hsc__clock *clock, const struct hsc_scenario *sc);
void hsc__clock_fini(struct hsc__clock *clock);

/* The time at which day `day` starts. */
static inline double hsc__clock_midnight(const struct hsc__clock *clock, long day)
{
    return clock->t_measure + (double)day;
}

/* Day number of `time` (negative in the warm-up): the day d with
 * midnight(d) <= time < midnight(d + 1), midnights computed exactly as
 * hsc__clock_midnight does (with a warm-up that is not a whole number of
 * days, floor(time - t_measure) alone can put a midnight in the day before). */
static inline long hsc__clock_day(const struct hsc__clock *clock, double time)
{
    long day = (long)floor(time - clock->t_measure);
    if (hsc__clock_midnight(clock, day + 1) <= time)
        day++;
    else if (hsc__clock_midnight(clock, day) > time)
        day--;
    return day;
}

/* Weekday of day `day`, 0 = Monday. */
static inline int hsc__clock_weekday(const struct hsc__clock *clock, long day)
{
    long wd = (clock->first_weekday + day) % 7;
    return (int)(wd < 0 ? wd + 7 : wd);
}

/* Position of `day` in per-day tables, clamped to the days the run touches. */
static inline size_t hsc__clock_day_slot(const struct hsc__clock *clock, long day)
{
    long at = day - clock->first_day;
    if (at < 0)
        return 0;
    if ((size_t)at >= clock->n_day_factors)
        return clock->n_day_factors - 1;
    return (size_t)at;
}

/* Emergency demand factor (weekday x month) of day `day`. */
static inline double hsc__clock_day_factor(const struct hsc__clock *clock, long day)
{
    return clock->day_factor[hsc__clock_day_slot(clock, day)];
}

/* Length of [from, to] inside the measurement period, in days. */
static inline double hsc__clock_overlap(const struct hsc__clock *clock, double from, double to)
{
    double lo = from > clock->t_measure ? from : clock->t_measure;
    double hi = to < clock->t_end ? to : clock->t_end;
    return hi > lo ? hi - lo : 0.0;
}

#endif
