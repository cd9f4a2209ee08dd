/*
 * The replication's calendar (clock.h): the start date's weekday and the
 * demand factor of every day from the first day of the warm-up to the last
 * day measured.
 */
#include "clock.h"

#include <stdlib.h>

#include "hscflow/calendar.h"
#include "hscflow/sim.h"

int hsc__clock_init(struct hsc__clock *clock, const struct hsc_scenario *sc)
{
    *clock = (struct hsc__clock){0};
    clock->t_measure = sc->run.warmup_days;
    clock->t_end = sc->run.warmup_days + sc->run.measure_days;
    clock->n_days = hsc_sim_days(sc);
    int64_t start = hsc_date_to_days(sc->run.start_date);
    clock->start_days = start;
    clock->first_weekday = hsc_date_weekday(start);
    clock->first_day = -(long)ceil(sc->run.warmup_days);
    long last_day = (long)ceil(sc->run.measure_days);
    clock->n_day_factors = (size_t)(last_day - clock->first_day + 1);
    clock->day_factor = malloc(clock->n_day_factors * sizeof *clock->day_factor);
    if (!clock->day_factor)
        return -1;
    for (size_t i = 0; i < clock->n_day_factors; i++) {
        long day = clock->first_day + (long)i;
        struct hsc_date date = hsc_date_from_days(start + day);
        double factor = sc->weekday_factors[hsc__clock_weekday(clock, day)] *
                        sc->month_factors[date.month - 1];
        clock->day_factor[i] = factor;
        if (factor != 1.0)
            clock->has_factors = true;
    }
    for (int h = 0; h < 24; h++)
        if (sc->hour_factors[h] != 1.0)
            clock->has_hour_factors = true;
    return 0;
}

void hsc__clock_fini(struct hsc__clock *clock)
{
    free(clock->day_factor);
    *clock = (struct hsc__clock){0};
}
