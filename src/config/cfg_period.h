/*
 * Internal to src/config: the days a capacity-calendar period covers.
 *
 * A yearly period ("MM-DD" to "MM-DD") repeats every year and wraps the new
 * year when `to` comes before `from`; a dated period ("YYYY-MM-DD") happens
 * once. A yearly day 02-29 exists only in leap years: a period starting on
 * it starts on 03-01 in other years, one ending on it ends on 02-28. Pure
 * date arithmetic; it reports nothing.
 */
#ifndef HSC_CONFIG_CFG_PERIOD_H
#define HSC_CONFIG_CFG_PERIOD_H

#include <stdbool.h>
#include <stddef.h>

#include "hscflow/scenario.h"

/* Parses "MM-DD" (yearly: any day of a leap year, so 02-29 too; *date gets
 * year 0) or "YYYY-MM-DD" (a real date, years 1900..2200). Returns false for
 * anything else. */
bool hsc__period_parse_day(const char *text, struct hsc_date *date, bool *yearly);

/* Writes a day as it is written in a scenario: "MM-DD" for a yearly one,
 * else "YYYY-MM-DD" (buf: at least 11 bytes). */
void hsc__period_format_day(struct hsc_date date, bool yearly, char *buf, size_t size);

/* True when periods a and b share at least one day. Both must be valid
 * (both ends of the same form; a dated period has from <= to). The first
 * shared day is then written into buf as "MM-DD" when both are yearly
 * (counting from a's `from`), else as the earliest shared date. */
bool hsc__period_overlap(const struct hsc_capacity_period *a,
                         const struct hsc_capacity_period *b, char *buf, size_t size);

#endif
