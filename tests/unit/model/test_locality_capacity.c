/*
 * Locality capacity: a service's beds belonging to a locality serve only
 * that locality's residents, unless overflow lets others use them. Fixed
 * stays; admissions by cohort (one locality each) counted in the per-person
 * trace.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "support/model_support.h"
#include "unit/model/trace_reading.h"

/* Locality shares. A 4-bed ward whose beds all belong to locality a;
 * residents of a (cohort ra) and of b (cohort rb) are referred to it, each
 * cohort living in one locality only. Stays are exactly 5 days. */
static const char *locality_fmt =
    "name = \"locality\";\n"
    "run = { replications = 1; measure_days = 100.0; };\n"
    "localities = [\"a\", \"b\"];\n"
    "cohorts = { ra = { population = { a = 100; }; }; rb = { population = { b = 100; }; }; };\n"
    "services = {\n"
    "  acute = { kind = \"beds\"; role = \"acute\"; capacity = 1;\n"
    "    duration = { default = { dist = \"fixed\"; value = 1.0; }; }; };\n"
    "  ward = { kind = \"beds\"; role = \"other\"; capacity = 4;\n"
    "    localities = { a = 1.0; b = 0.0; }; overflow = %s;\n"
    "    duration = { default = { dist = \"fixed\"; value = 5.0; }; };\n"
    "    exits = { default = { home = 1.0; }; }; referrals = { %s }; };\n"
    "};\n";

/* Admissions to the ward of cohort `name`, from the trace. */
static size_t ward_admits(const struct hsc_results *res, const char *name)
{
    const struct hsc_trace *trace = trace_of(res);
    int ward = service_index(res, "ward");
    uint32_t cohort = cohort_index(res, name);
    size_t n = 0;
    for (size_t i = 0; i < trace->count; i++) {
        const struct hsc_trace_record *r = &trace->records[i];
        n += r->event == HSC_TRACE_ADMIT && r->to == ward && r->cohort == cohort;
    }
    return n;
}

static void run_locality(struct hsc_results *res, const char *overflow, const char *referrals)
{
    char text[2048];
    snprintf(text, sizeof text, locality_fmt, overflow, referrals);
    run_traced(res, text);
}

static void locality_capacity_serves_its_residents(void **state)
{
    (void)state;
    struct hsc_results res;
    /* Both localities refer (a: 0.2 a day, about 1 bed of the 4; b: 1 a
     * day): without overflow only a's residents get in, and all of them. */
    run_locality(&res, "false", "ra = 0.2; rb = 1.0;");
    assert_int_equal(ward_admits(&res, "rb"), 0);
    assert_true(ward_admits(&res, "ra") > 5);
    assert_true((double)ward_admits(&res, "ra") == kpi(&res, "admissions.service.ward"));
    assert_true(waiting_on(&res, "ward", res.n_days - 1) > 50.0f); /* b's queue: ~100 */
    hsc_results_free(&res);
    run_locality(&res, "true", "ra = 0.2; rb = 1.0;");
    assert_true(ward_admits(&res, "rb") > 20);
    assert_true(ward_admits(&res, "ra") > 5);
    hsc_results_free(&res);

    /* Only b refers: nobody is admitted, unless overflow lets them use a's
     * beds, which then turn over every 5 days: 4 x 20 = 80 admissions at
     * most, less the first few days' filling. */
    run_locality(&res, "false", "rb = 1.0;");
    assert_true(kpi(&res, "admissions.service.ward") == 0.0);
    assert_true(kpi(&res, "arrivals.service.ward") > 50.0);
    hsc_results_free(&res);
    run_locality(&res, "true", "rb = 1.0;");
    assert_true(kpi(&res, "admissions.service.ward") >= 72.0);
    assert_true(kpi(&res, "admissions.service.ward") <= 80.0);
    hsc_results_free(&res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(locality_capacity_serves_its_residents),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
