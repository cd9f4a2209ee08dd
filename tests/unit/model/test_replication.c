/*
 * What a replication is: a pure function of (scenario, replication number),
 * so running number 7 twice gives identical KPIs and series while number 8
 * gives others, also when a worker's workspace carries memory from one
 * replication to the next (and from a failed one); and bounded, so one that would hold more than run.max_people
 * people at once stops with an error naming the setting and the replication
 * instead of growing without bound. Run directly with hsc_sim_run.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "unit/model/replication_buffers.h"

static void replication_is_a_pure_function(void **state)
{
    (void)state;
    struct hsc_scenario sc;
    support_load(&sc, NULL, 0, "%s", two_pools);
    struct rep_buffers a, b, c;
    buffers_init(&a, &sc);
    buffers_init(&b, &sc);
    buffers_init(&c, &sc);
    struct hsc_error err = {0};
    assert_int_equal(hsc_sim_run(&sc, &a.kpis, 7, &a.out, NULL, &err), 0);
    assert_int_equal(hsc_sim_run(&sc, &c.kpis, 8, &c.out, NULL, &err), 0);
    assert_int_equal(hsc_sim_run(&sc, &b.kpis, 7, &b.out, NULL, &err), 0);
    assert_memory_equal(a.kpi, b.kpi, a.kpis.count * sizeof(double));
    assert_memory_equal(a.occupancy, b.occupancy, 200 * 2 * sizeof(float));
    /* Another replication draws other numbers. */
    assert_true(memcmp(a.kpi, c.kpi, a.kpis.count * sizeof(double)) != 0);
    buffers_fini(&a);
    buffers_fini(&b);
    buffers_fini(&c);
    hsc_scenario_fini(&sc);
}

/* A workspace only lends memory: replication 7 after replication 8 (or
 * after a run that failed at its limits, with events still pending) in the
 * same workspace equals replication 7 run fresh, and a workspace's pools
 * larger than the next scenario's limits do not lift those limits. */
static void workspace_changes_nothing(void **state)
{
    (void)state;
    struct hsc_scenario sc, big;
    support_load(&sc, NULL, 0, "%s", two_pools);
    support_load(&big, NULL, 0,
                 "name = \"unstable\";\n"
                 "run = { replications = 1; measure_days = 1000.0; max_people = 5000; };\n"
                 "cohorts = { x = { emergency_per_day = 10.0; }; };\n"
                 "services = { ward = { kind = \"beds\"; role = \"acute\"; capacity = 2;\n"
                 "  duration = { x = { dist = \"fixed\"; value = 1.0; }; }; }; };\n");
    struct rep_buffers fresh, reused, other, failed;
    buffers_init(&fresh, &sc);
    buffers_init(&reused, &sc);
    buffers_init(&other, &sc);
    buffers_init(&failed, &big);
    struct hsc_error err = {0};
    struct hsc_sim_workspace *ws = hsc_sim_workspace_new();
    assert_non_null(ws);
    assert_int_equal(hsc_sim_run(&sc, &fresh.kpis, 7, &fresh.out, NULL, &err), 0);
    /* The unstable run fills the workspace's pools beyond two_pools' limits. */
    assert_int_equal(hsc_sim_run_in(ws, &big, &failed.kpis, 0, &failed.out, NULL, &err), -1);
    hsc_error_clear(&err);
    assert_int_equal(hsc_sim_run_in(ws, &sc, &other.kpis, 8, &other.out, NULL, &err), 0);
    assert_int_equal(hsc_sim_run_in(ws, &sc, &reused.kpis, 7, &reused.out, NULL, &err), 0);
    assert_memory_equal(fresh.kpi, reused.kpi, fresh.kpis.count * sizeof(double));
    assert_memory_equal(fresh.occupancy, reused.occupancy, 200 * 2 * sizeof(float));
    assert_memory_equal(fresh.waiting, reused.waiting, 200 * 2 * sizeof(float));
    /* The limit of a scenario holds in a workspace grown by another. */
    big.run.max_people = 500;
    assert_int_equal(hsc_sim_run_in(ws, &big, &failed.kpis, 0, &failed.out, NULL, &err), -1);
    assert_string_equal(err.path, "run.max_people");
    assert_non_null(strstr(err.message, "more than 500 people"));
    hsc_error_clear(&err);
    hsc_sim_workspace_free(ws);
    buffers_fini(&fresh);
    buffers_fini(&reused);
    buffers_fini(&other);
    buffers_fini(&failed);
    hsc_scenario_fini(&sc);
    hsc_scenario_fini(&big);
}

static void people_limit_gives_a_clear_error(void **state)
{
    (void)state;
    /* Demand far above capacity with an unlimited queue grows without bound. */
    struct hsc_scenario sc;
    support_load(&sc, NULL, 0,
                 "name = \"unstable\";\n"
                 "run = { replications = 1; measure_days = 1000.0; max_people = 500; };\n"
                 "cohorts = { x = { emergency_per_day = 10.0; }; };\n"
                 "services = { ward = { kind = \"beds\"; role = \"acute\"; capacity = 2;\n"
                 "  duration = { x = { dist = \"fixed\"; value = 1.0; }; }; }; };\n");
    struct rep_buffers buf;
    buffers_init(&buf, &sc);
    struct hsc_error err = {0};
    assert_int_equal(hsc_sim_run(&sc, &buf.kpis, 0, &buf.out, NULL, &err), -1);
    assert_string_equal(err.path, "run.max_people");
    assert_non_null(strstr(err.message, "more than 500 people in the system at once"));
    assert_non_null(strstr(err.message, "replication 0"));
    hsc_error_clear(&err);
    buffers_fini(&buf);
    hsc_scenario_fini(&sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(replication_is_a_pure_function),
        cmocka_unit_test(workspace_changes_nothing),
        cmocka_unit_test(people_limit_gives_a_clear_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
