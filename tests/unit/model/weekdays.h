/*
 * Weekdays of the model tests' scenarios that look at them: every one starts
 * on 2026-04-01, a Wednesday. Header-only.
 */
#ifndef HSCFLOW_TESTS_WEEKDAYS_H
#define HSCFLOW_TESTS_WEEKDAYS_H

/* Weekday (0 = Monday) of day d of the measured period. */
static inline int weekday_of(long day)
{
    long wd = (2 + day) % 7;
    return (int)(wd < 0 ? wd + 7 : wd);
}

static const char *const weekday_names[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

#endif
