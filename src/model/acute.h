/*
 * Acute occupancy accounting, in one place: occupied and available beds over
 * every acute service, the exact time-weighted distribution of occupied beds
 * (one level histogram per total capacity the calendars give), from which
 * the mean and the quantiles of the occupied / available fraction come, and
 * the days whose mean fraction exceeded 92%. Capacity changes only at
 * midnight (calendars), so a day's mean is its occupied bed-days over its
 * beds.
 *
 * Services report changes (hsc__acute_occupied, hsc__acute_capacity); the
 * KPIs read the mean, the quantile and the day counts. Capacity 0 counts as
 * one bed in the fraction, so an empty pool reads 0, not NaN.
 */
#ifndef HSCFLOW_MODEL_ACUTE_H
#define HSCFLOW_MODEL_ACUTE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hscflow/stats.h"

struct hsc_sim;

struct hsc__acute {
    int64_t capacity;               /* beds available in all acute services now */
    int64_t occupied;
    struct hsc_tw occupied_tw;      /* occupied acute beds (for the daily means) */
    size_t n_levels;                /* one exact level histogram per total capacity seen */
    int64_t *level_capacity;        /* owns [n_levels] */
    struct hsc_level_hist *levels;  /* owns [n_levels] */
    size_t level_now;               /* the histogram of the current capacity */
    double area_at_midnight;        /* area of the fraction at the last midnight */
    int64_t days_over_92, days_measured;
};

/* Sets up the histograms for every total capacity the run's calendars give
 * (services already set up with their time-0 capacity). Returns 0 or -1
 * (out of memory; hsc__acute_fini cleans up). */
int hsc__acute_init(struct hsc_sim *sim);
void hsc__acute_fini(struct hsc__acute *acute);
/* `change` people took (+) or gave up (-) acute beds now. */
void hsc__acute_occupied(struct hsc_sim *sim, int64_t change);
/* The total acute capacity changed by `change` beds now. */
void hsc__acute_capacity(struct hsc_sim *sim, int64_t change);
/* The measurement period starts: statistics restart. */
void hsc__acute_restart(struct hsc_sim *sim);
/* Midnight ending measured day `day` - 1 (day >= 1): closes that day. */
void hsc__acute_midnight(struct hsc_sim *sim, long day);
/* The run ends: the statistics are brought up to the end. */
void hsc__acute_finish(struct hsc_sim *sim);
/* Whether the run ever has an acute bed (else the fractions are NaN). */
bool hsc__acute_ever_open(const struct hsc__acute *acute);
/* Quantile q of the time-weighted occupied / available fraction over the
 * period; NaN when no time has passed. */
double hsc__acute_quantile(const struct hsc_sim *sim, double q);
/* Time-weighted mean of the occupied / available fraction over the period;
 * NaN when no time has passed. */
double hsc__acute_mean(const struct hsc_sim *sim);

#endif
