/*
 * Civil-date arithmetic for the scenario calendar.
 *
 * Howard Hinnant's days_from_civil / civil_from_days on the proleptic
 * Gregorian calendar, counting days since 1970-01-01. Pure integer code:
 * no mktime, no TZ, no locale, so the same date gives the same day number
 * on every machine. Parsing is strict; it never guesses.
 */
#include "hscflow/calendar.h"

#include "hscflow/error.h"

#include <string.h>

static bool is_leap(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static int days_in_month(int year, int month)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && is_leap(year) ? 29 : days[month - 1];
}

static bool is_valid(struct hsc_date date)
{
    return date.month >= 1 && date.month <= 12 && date.day >= 1 &&
           date.day <= days_in_month(date.year, date.month);
}

/* Years are shifted to start on 1 March so the leap day is the last day of
 * the shifted year; eras are 400-year cycles of 146097 days. */
int64_t hsc_date_to_days(struct hsc_date date)
{
    HSC_ASSERT(is_valid(date));
    int64_t y = (int64_t)date.year - (date.month <= 2);
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;                                  /* [0, 399] */
    int64_t mp = date.month > 2 ? date.month - 3 : date.month + 9; /* [0, 11] */
    int64_t doy = (153 * mp + 2) / 5 + date.day - 1;              /* [0, 365] */
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;          /* [0, 146096] */
    return era * 146097 + doe - 719468;
}

struct hsc_date hsc_date_from_days(int64_t days)
{
    int64_t z = days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    struct hsc_date date;
    date.day = (int)(doy - (153 * mp + 2) / 5 + 1);
    date.month = (int)(mp < 10 ? mp + 3 : mp - 9);
    date.year = (int)(yoe + era * 400 + (date.month <= 2));
    return date;
}

/* 1970-01-01 (day 0) was a Thursday, weekday 3 when Monday is 0. */
int hsc_date_weekday(int64_t days)
{
    int64_t r = days % 7; /* in [-6, 6]: C truncates towards zero */
    return (int)((r + 7 + 3) % 7);
}

static bool parse_digits(const char *text, int count, int *out)
{
    int value = 0;
    for (int i = 0; i < count; i++) {
        if (text[i] < '0' || text[i] > '9')
            return false;
        value = value * 10 + (text[i] - '0');
    }
    *out = value;
    return true;
}

bool hsc_date_parse(const char *text, struct hsc_date *out)
{
    if (!text || strlen(text) != 10 || text[4] != '-' || text[7] != '-')
        return false;
    struct hsc_date date;
    if (!parse_digits(text, 4, &date.year) ||
        !parse_digits(text + 5, 2, &date.month) ||
        !parse_digits(text + 8, 2, &date.day))
        return false;
    if (date.year < 1900 || date.year > 2200 || !is_valid(date))
        return false;
    *out = date;
    return true;
}

/* Written digit by digit: the year is asserted to have four digits, which
 * also keeps the 11-byte buffer contract obviously safe. */
void hsc_date_format(struct hsc_date date, char *buf)
{
    HSC_ASSERT(date.year >= 0 && date.year <= 9999 && is_valid(date));
    int fields[3] = {date.year, date.month, date.day};
    int widths[3] = {4, 2, 2};
    char *at = buf;
    for (int f = 0; f < 3; f++) {
        for (int i = widths[f] - 1; i >= 0; i--) {
            at[i] = (char)('0' + fields[f] % 10);
            fields[f] /= 10;
        }
        at += widths[f];
        *at++ = f < 2 ? '-' : '\0';
    }
}
