/*
 * Capacity-calendar periods on their own: parsing "MM-DD" and "YYYY-MM-DD"
 * days, and overlaps between yearly periods (with and without a wrap over
 * the new year), dated periods, and the two mixed, including 02-29.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "config/cfg_period.h"

static struct hsc_capacity_period yearly(int m0, int d0, int m1, int d1)
{
    return (struct hsc_capacity_period){true, {0, m0, d0}, {0, m1, d1}, 1};
}

static struct hsc_capacity_period dated(int y0, int m0, int d0, int y1, int m1, int d1)
{
    return (struct hsc_capacity_period){false, {y0, m0, d0}, {y1, m1, d1}, 1};
}

/* Asserts that a and b overlap first on `day` (NULL: they do not), both ways
 * round when the first shared day does not depend on the order. */
static void check(struct hsc_capacity_period a, struct hsc_capacity_period b, const char *day,
                  bool symmetric)
{
    char buf[16] = "";
    bool got = hsc__period_overlap(&a, &b, buf, sizeof buf);
    if (!day) {
        assert_false(got);
    } else {
        assert_true(got);
        assert_string_equal(buf, day);
    }
    if (symmetric) {
        buf[0] = '\0';
        assert_int_equal(hsc__period_overlap(&b, &a, buf, sizeof buf), day != NULL);
        if (day)
            assert_string_equal(buf, day);
    }
}

static void test_parse_day(void **state)
{
    (void)state;
    struct hsc_date date;
    bool is_yearly;
    assert_true(hsc__period_parse_day("12-01", &date, &is_yearly));
    assert_true(is_yearly);
    assert_int_equal(date.year, 0);
    assert_int_equal(date.month, 12);
    assert_int_equal(date.day, 1);
    assert_true(hsc__period_parse_day("02-29", &date, &is_yearly)); /* every leap year */
    assert_true(is_yearly);
    assert_true(hsc__period_parse_day("2026-07-01", &date, &is_yearly));
    assert_false(is_yearly);
    assert_int_equal(date.year, 2026);
    assert_int_equal(date.month, 7);
    assert_true(hsc__period_parse_day("2028-02-29", &date, &is_yearly));
    const char *bad[] = {"02-30", "13-01", "00-10", "12-1", "2-01", "1201", "12-01 ",
                         "2026-02-29", "2026-7-01", "", "Dec-01", "1899-12-31"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (hsc__period_parse_day(bad[i], &date, &is_yearly))
            fail_msg("accepted \"%s\"", bad[i]);
    char buf[16];
    hsc__period_format_day((struct hsc_date){0, 3, 5}, true, buf, sizeof buf);
    assert_string_equal(buf, "03-05");
    hsc__period_format_day((struct hsc_date){2026, 3, 5}, false, buf, sizeof buf);
    assert_string_equal(buf, "2026-03-05");
}

static void test_yearly_overlaps(void **state)
{
    (void)state;
    check(yearly(1, 1, 3, 31), yearly(4, 1, 6, 30), NULL, true);   /* adjacent */
    check(yearly(1, 1, 3, 31), yearly(3, 31, 6, 30), "03-31", true); /* one shared day */
    check(yearly(12, 1, 3, 31), yearly(4, 1, 11, 30), NULL, true);  /* wrap: the rest of it */
    check(yearly(12, 1, 3, 31), yearly(1, 15, 2, 1), "01-15", true); /* inside the wrap */
    check(yearly(12, 1, 3, 31), yearly(11, 1, 12, 1), "12-01", true); /* its first day */
    check(yearly(12, 1, 3, 31), yearly(3, 31, 4, 1), "03-31", true);  /* its last day */
    /* Two wrapping periods always share the new year; the day reported is the
     * first shared one counting from the first period's start. */
    check(yearly(11, 1, 1, 31), yearly(12, 15, 2, 1), "12-15", false);
    check(yearly(12, 15, 2, 1), yearly(11, 1, 1, 31), "12-15", false);
    check(yearly(1, 1, 2, 28), yearly(2, 29, 3, 31), NULL, true);   /* 02-29 between */
    check(yearly(1, 1, 2, 29), yearly(2, 29, 3, 31), "02-29", true); /* leap years */
    check(yearly(1, 1, 12, 31), yearly(7, 4, 7, 4), "07-04", true);
}

static void test_dated_overlaps(void **state)
{
    (void)state;
    check(dated(2026, 7, 1, 2026, 8, 31), dated(2026, 9, 1, 2026, 9, 30), NULL, true);
    check(dated(2026, 7, 1, 2026, 8, 31), dated(2026, 8, 31, 2026, 9, 30), "2026-08-31", true);
    check(dated(2026, 7, 1, 2026, 8, 31), dated(2026, 7, 10, 2026, 7, 12), "2026-07-10", true);
    check(dated(2025, 1, 1, 2027, 12, 31), dated(2026, 6, 1, 2026, 6, 1), "2026-06-01", true);
}

static void test_mixed_overlaps(void **state)
{
    (void)state;
    struct hsc_capacity_period winter = yearly(12, 1, 3, 31);
    check(winter, dated(2026, 7, 1, 2026, 8, 31), NULL, true);
    check(winter, dated(2026, 4, 1, 2026, 11, 30), NULL, true);        /* the whole gap */
    check(winter, dated(2026, 11, 20, 2026, 12, 1), "2026-12-01", true);
    /* January of a year belongs to the winter that began the December before. */
    check(winter, dated(2027, 1, 10, 2027, 1, 20), "2027-01-10", true);
    check(winter, dated(2027, 3, 31, 2027, 4, 15), "2027-03-31", true);
    /* A long dated period meets the first winter it reaches. */
    check(winter, dated(2026, 4, 1, 2030, 3, 1), "2026-12-01", true);
    struct hsc_capacity_period summer = yearly(6, 1, 8, 31);
    check(summer, dated(2026, 9, 1, 2027, 5, 31), NULL, true);
    check(summer, dated(2026, 9, 1, 2027, 6, 1), "2027-06-01", true);
    /* 02-29 exists only in leap years. */
    struct hsc_capacity_period leap_day = yearly(2, 29, 2, 29);
    check(leap_day, dated(2027, 2, 28, 2027, 3, 1), NULL, true);
    check(leap_day, dated(2028, 2, 28, 2028, 3, 1), "2028-02-29", true);
    check(yearly(2, 29, 3, 10), dated(2027, 2, 28, 2027, 2, 28), NULL, true);
    check(yearly(2, 29, 3, 10), dated(2027, 2, 28, 2027, 3, 1), "2027-03-01", true);
    check(yearly(1, 1, 2, 29), dated(2027, 3, 1, 2027, 3, 1), NULL, true);
    check(yearly(1, 1, 2, 29), dated(2027, 2, 28, 2027, 3, 1), "2027-02-28", true);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_day),
        cmocka_unit_test(test_yearly_overlaps),
        cmocka_unit_test(test_dated_overlaps),
        cmocka_unit_test(test_mixed_overlaps),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
