/*
 * Unit tests for src/core/calendar.c: day numbers, weekdays, strict
 * parsing and formatting of civil dates.
 *
 * Known values were taken from Python's datetime (proleptic Gregorian);
 * the round-trip test walks every day of the supported years 1900..2200.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "hscflow/calendar.h"

#include <string.h>

struct known {
    struct hsc_date date;
    int64_t days;
    int weekday; /* 0 = Monday */
};

static const struct known known_dates[] = {
    {{1970, 1, 1}, 0, 3},      /* a Thursday */
    {{1969, 12, 31}, -1, 2},
    {{1900, 1, 1}, -25567, 0},
    {{2000, 2, 29}, 11016, 1},
    {{2000, 3, 1}, 11017, 2},
    {{2024, 2, 29}, 19782, 3},
    {{2026, 4, 1}, 20544, 2},
    {{2200, 12, 31}, 84370, 2},
};

static void test_known_dates(void **unused)
{
    (void)unused;
    for (size_t i = 0; i < sizeof known_dates / sizeof known_dates[0]; i++) {
        const struct known *k = &known_dates[i];
        assert_int_equal(hsc_date_to_days(k->date), k->days);
        struct hsc_date back = hsc_date_from_days(k->days);
        assert_int_equal(back.year, k->date.year);
        assert_int_equal(back.month, k->date.month);
        assert_int_equal(back.day, k->date.day);
        assert_int_equal(hsc_date_weekday(k->days), k->weekday);
    }
}

/* Negative day numbers must not break the modulo: a full week either side
 * of the epoch. */
static void test_weekday_around_epoch(void **unused)
{
    (void)unused;
    for (int64_t d = -14; d <= 14; d++)
        assert_int_equal(hsc_date_weekday(d), (int)(((d % 7) + 7 + 3) % 7));
    assert_int_equal(hsc_date_weekday(-3), 0); /* 1969-12-29 was a Monday */
    assert_int_equal(hsc_date_weekday(-4), 6);
}

static void test_leap_years(void **unused)
{
    (void)unused;
    struct hsc_date date;
    assert_true(hsc_date_parse("2000-02-29", &date));  /* divisible by 400 */
    assert_true(hsc_date_parse("2024-02-29", &date));  /* divisible by 4 */
    assert_false(hsc_date_parse("1900-02-29", &date)); /* by 100, not 400 */
    assert_false(hsc_date_parse("2100-02-29", &date));
    assert_false(hsc_date_parse("2023-02-29", &date));
    /* 2000 has 366 days, 1900 and 2100 have 365. */
    struct hsc_date jan1_2000 = {2000, 1, 1}, jan1_2001 = {2001, 1, 1};
    assert_int_equal(hsc_date_to_days(jan1_2001) - hsc_date_to_days(jan1_2000), 366);
    struct hsc_date jan1_2100 = {2100, 1, 1}, jan1_2101 = {2101, 1, 1};
    assert_int_equal(hsc_date_to_days(jan1_2101) - hsc_date_to_days(jan1_2100), 365);
}

/* The next calendar day, computed the slow obvious way. */
static struct hsc_date next_day(struct hsc_date date)
{
    static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int y = date.year;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    int month_len = date.month == 2 && leap ? 29 : len[date.month - 1];
    if (date.day < month_len)
        return (struct hsc_date){y, date.month, date.day + 1};
    if (date.month < 12)
        return (struct hsc_date){y, date.month + 1, 1};
    return (struct hsc_date){y + 1, 1, 1};
}

static void test_round_trip_every_day(void **unused)
{
    (void)unused;
    struct hsc_date expect = {1900, 1, 1};
    int64_t first = hsc_date_to_days(expect);
    int64_t last = hsc_date_to_days((struct hsc_date){2200, 12, 31});
    int weekday = hsc_date_weekday(first);
    for (int64_t d = first; d <= last; d++) {
        struct hsc_date date = hsc_date_from_days(d);
        assert_int_equal(date.year, expect.year);
        assert_int_equal(date.month, expect.month);
        assert_int_equal(date.day, expect.day);
        assert_int_equal(hsc_date_to_days(date), d);
        assert_int_equal(hsc_date_weekday(d), weekday);
        char text[11];
        hsc_date_format(date, text);
        struct hsc_date parsed;
        assert_true(hsc_date_parse(text, &parsed));
        assert_memory_equal(&parsed, &date, sizeof date);
        expect = next_day(expect);
        weekday = (weekday + 1) % 7;
    }
}

static void test_format(void **unused)
{
    (void)unused;
    char text[11];
    hsc_date_format((struct hsc_date){2026, 4, 1}, text);
    assert_string_equal(text, "2026-04-01");
    hsc_date_format((struct hsc_date){1900, 12, 31}, text);
    assert_string_equal(text, "1900-12-31");
}

static void test_parse_rejects(void **unused)
{
    (void)unused;
    static const char *const bad[] = {
        "2026-02-30", "2026-04-31", "2026-13-01", "2026-00-10", "2026-01-00",
        "2026-4-1",   "2026-04-1",  "26-04-01",   "2026-04-01x", "2026-04-01 ",
        " 2026-04-01", "2026/04/01", "2026-04/01", "+026-04-01", "2026-0a-01",
        "",           "1899-12-31", "2201-01-01", "20260401",    "2026-04-01\n",
    };
    struct hsc_date date = {1, 2, 3};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (hsc_date_parse(bad[i], &date))
            fail_msg("accepted \"%s\"", bad[i]);
    }
    assert_false(hsc_date_parse(NULL, &date));
    /* A rejected parse leaves the output alone. */
    assert_int_equal(date.year, 1);
    assert_int_equal(date.month, 2);
    assert_int_equal(date.day, 3);
    assert_true(hsc_date_parse("1900-01-01", &date));
    assert_true(hsc_date_parse("2200-12-31", &date));
    assert_int_equal(date.year, 2200);
    assert_int_equal(date.month, 12);
    assert_int_equal(date.day, 31);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known_dates),
        cmocka_unit_test(test_weekday_around_epoch),
        cmocka_unit_test(test_leap_years),
        cmocka_unit_test(test_round_trip_every_day),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_parse_rejects),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
