/*
 * Civil dates for the scenario calendar.
 *
 * Pure proleptic-Gregorian arithmetic (Howard Hinnant's days_from_civil);
 * never mktime, TZ or the locale. Day numbers count days since 1970-01-01.
 */
#ifndef HSCFLOW_CALENDAR_H
#define HSCFLOW_CALENDAR_H

#include <stdbool.h>
#include <stdint.h>

struct hsc_date {
    int year;
    int month; /* 1..12 */
    int day;   /* 1..31 */
};

/* The mean length of a year in days: a yearly rate / HSC_DAYS_PER_YEAR is a
 * daily one, and a period's total x HSC_DAYS_PER_YEAR / its days a yearly one. */
#define HSC_DAYS_PER_YEAR 365.25

/* Days since 1970-01-01 of a valid date. */
int64_t hsc_date_to_days(struct hsc_date date);
struct hsc_date hsc_date_from_days(int64_t days);

/* 0 = Monday ... 6 = Sunday. */
int hsc_date_weekday(int64_t days);

/* Parses exactly "YYYY-MM-DD" (years 1900..2200) into a real calendar date.
 * Returns false for anything else (2026-02-30, 2026-4-1, trailing text). */
bool hsc_date_parse(const char *text, struct hsc_date *out);

/* Writes "YYYY-MM-DD" into buf (at least 11 bytes). */
void hsc_date_format(struct hsc_date date, char *buf);

#endif
