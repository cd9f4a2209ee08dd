/*
 * Capacity-calendar periods: parsing their days and finding overlaps.
 *
 * Yearly periods are compared with each other by day of the year in a leap
 * year (366 days, so 02-29 counts); a yearly period is compared with a dated
 * one by laying it on every year the dated period touches (and the year
 * before, for a period that wraps into the next year).
 */
#include "cfg_period.h"

#include <stdio.h>
#include <string.h>

#include "hscflow/calendar.h"

/* The year whose days yearly days are checked against: a leap year. */
#define LEAP_YEAR 2000
#define DAYS_IN_LEAP_YEAR 366

static bool is_leap(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

bool hsc__period_parse_day(const char *text, struct hsc_date *date, bool *yearly)
{
    *yearly = strlen(text) == 5;
    if (!*yearly)
        return hsc_date_parse(text, date);
    char full[16];
    snprintf(full, sizeof full, "%d-%s", LEAP_YEAR, text);
    if (!hsc_date_parse(full, date))
        return false;
    date->year = 0;
    return true;
}

void hsc__period_format_day(struct hsc_date date, bool yearly, char *buf, size_t size)
{
    if (yearly)
        snprintf(buf, size, "%02d-%02d", date.month, date.day);
    else
        snprintf(buf, size, "%04d-%02d-%02d", date.year, date.month, date.day);
}

/* Day of the year of a yearly day, 0 .. 365, in a leap year. */
static int year_day(struct hsc_date day)
{
    struct hsc_date in_leap = {LEAP_YEAR, day.month, day.day};
    struct hsc_date first = {LEAP_YEAR, 1, 1};
    return (int)(hsc_date_to_days(in_leap) - hsc_date_to_days(first));
}

static bool yearly_has(const struct hsc_capacity_period *period, int day)
{
    int from = year_day(period->from), to = year_day(period->to);
    return from <= to ? day >= from && day <= to : day >= from || day <= to;
}

static bool both_yearly(const struct hsc_capacity_period *a, const struct hsc_capacity_period *b,
                        char *buf, size_t size)
{
    int from = year_day(a->from);
    for (int k = 0; k < DAYS_IN_LEAP_YEAR; k++) {
        int day = (from + k) % DAYS_IN_LEAP_YEAR;
        if (yearly_has(a, day) && yearly_has(b, day)) {
            struct hsc_date first = {LEAP_YEAR, 1, 1};
            struct hsc_date date = hsc_date_from_days(hsc_date_to_days(first) + day);
            hsc__period_format_day(date, true, buf, size);
            return true;
        }
    }
    return false;
}

/* Day number of a yearly day in `year`. A 02-29 in a common year is 03-01
 * when it starts a period and 02-28 when it ends one. */
static int64_t day_in(int year, struct hsc_date day, bool start)
{
    if (day.month == 2 && day.day == 29 && !is_leap(year))
        return hsc_date_to_days((struct hsc_date){year, 3, 1}) - (start ? 0 : 1);
    return hsc_date_to_days((struct hsc_date){year, day.month, day.day});
}

/* The first shared day of [a0, a1] and [b0, b1], if any. */
static bool intersect(int64_t a0, int64_t a1, int64_t b0, int64_t b1, int64_t *first)
{
    *first = a0 > b0 ? a0 : b0;
    return *first <= (a1 < b1 ? a1 : b1);
}

static bool yearly_and_dated(const struct hsc_capacity_period *yearly,
                             const struct hsc_capacity_period *dated, char *buf, size_t size)
{
    int64_t from = hsc_date_to_days(dated->from), to = hsc_date_to_days(dated->to);
    bool wraps = year_day(yearly->to) < year_day(yearly->from);
    for (int year = dated->from.year - 1; year <= dated->to.year; year++) {
        int64_t start = day_in(year, yearly->from, true);
        int64_t end = day_in(wraps ? year + 1 : year, yearly->to, false);
        int64_t first;
        if (start <= end && intersect(start, end, from, to, &first)) {
            hsc__period_format_day(hsc_date_from_days(first), false, buf, size);
            return true;
        }
    }
    return false;
}

bool hsc__period_overlap(const struct hsc_capacity_period *a,
                         const struct hsc_capacity_period *b, char *buf, size_t size)
{
    if (a->yearly && b->yearly)
        return both_yearly(a, b, buf, size);
    if (a->yearly)
        return yearly_and_dated(a, b, buf, size);
    if (b->yearly)
        return yearly_and_dated(b, a, buf, size);
    int64_t first;
    if (!intersect(hsc_date_to_days(a->from), hsc_date_to_days(a->to),
                   hsc_date_to_days(b->from), hsc_date_to_days(b->to), &first))
        return false;
    hsc__period_format_day(hsc_date_from_days(first), false, buf, size);
    return true;
}
