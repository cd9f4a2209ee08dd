/*
 * Unit tests for src/core/kpi_def.c: hsc_kpi_lookup, the one search for a
 * KPI by identifier. Exact matches only (no prefixes, no case folding), the
 * first of duplicates, n_defs bounding the search, and -1 for everything
 * absent or NULL.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "hscflow/kpi_def.h"

/* Names only: the lookup never reads unit or description. */
static struct hsc_kpi_def defs[] = {
    {.name = "emergency_admissions"},
    {.name = "cost_total"},
    {.name = "cost_total.service.acute"},
    {.name = "delayed_bed_days"},
    {.name = "cost_total"}, /* a duplicate of index 1 */
};
#define N_DEFS (sizeof defs / sizeof defs[0])

static void test_finds_each_name_at_its_index(void **unused)
{
    (void)unused;
    assert_int_equal(hsc_kpi_lookup(defs, N_DEFS, "emergency_admissions"), 0);
    assert_int_equal(hsc_kpi_lookup(defs, N_DEFS, "cost_total.service.acute"), 2);
    assert_int_equal(hsc_kpi_lookup(defs, N_DEFS, "delayed_bed_days"), 3);
}

static void test_first_of_duplicates(void **unused)
{
    (void)unused;
    assert_int_equal(hsc_kpi_lookup(defs, N_DEFS, "cost_total"), 1);
    /* Past index 1 the duplicate at 4 is the first. */
    assert_int_equal(hsc_kpi_lookup(defs + 2, N_DEFS - 2, "cost_total"), 2);
}

/* Prefixes, extensions, case and blanks are different identifiers. */
static void test_exact_match_only(void **unused)
{
    (void)unused;
    assert_int_equal(hsc_kpi_lookup(defs, N_DEFS, "cost"), -1);
    assert_int_equal(hsc_kpi_lookup(defs, N_DEFS, "delayed_bed_days.reason.other"), -1);
    assert_int_equal(hsc_kpi_lookup(defs, N_DEFS, "Delayed_bed_days"), -1);
    assert_int_equal(hsc_kpi_lookup(defs, N_DEFS, "delayed_bed_days "), -1);
    assert_int_equal(hsc_kpi_lookup(defs, N_DEFS, ""), -1);
    assert_int_equal(hsc_kpi_lookup(defs, N_DEFS, "care_home_admissions"), -1);
}

/* Only defs[0..n_defs) are searched. */
static void test_n_defs_bounds_the_search(void **unused)
{
    (void)unused;
    assert_int_equal(hsc_kpi_lookup(defs, 3, "delayed_bed_days"), -1);
    assert_int_equal(hsc_kpi_lookup(defs, 4, "delayed_bed_days"), 3);
    assert_int_equal(hsc_kpi_lookup(defs, 0, "emergency_admissions"), -1);
}

static void test_null_inputs_match_nothing(void **unused)
{
    (void)unused;
    struct hsc_kpi_def unnamed[] = {{.name = NULL}, {.name = "cost_total"}};
    assert_int_equal(hsc_kpi_lookup(NULL, 0, "cost_total"), -1);
    assert_int_equal(hsc_kpi_lookup(defs, N_DEFS, NULL), -1);
    assert_int_equal(hsc_kpi_lookup(unnamed, 2, "cost_total"), 1);
    assert_int_equal(hsc_kpi_lookup(unnamed, 2, NULL), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_finds_each_name_at_its_index),
        cmocka_unit_test(test_first_of_duplicates),
        cmocka_unit_test(test_exact_match_only),
        cmocka_unit_test(test_n_defs_bounds_the_search),
        cmocka_unit_test(test_null_inputs_match_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
