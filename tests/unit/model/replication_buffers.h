/*
 * Helpers for model tests that run one replication directly with
 * hsc_sim_run (no runner, no threads): buffers for its output, a KPI of it by
 * identifier, and a two-pool scenario (one pool with a bounded queue) that
 * exercises admission, waiting and loss. Header-only (static inline); include
 * after <cmocka.h>.
 */
#ifndef HSCFLOW_TESTS_REPLICATION_BUFFERS_H
#define HSCFLOW_TESTS_REPLICATION_BUFFERS_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "hscflow/kpis.h"
#include "hscflow/sim.h"
#include "support/run_support.h"

/* Buffers for one replication's output. */
struct rep_buffers {
    struct hsc_kpi_set kpis;
    double *kpi;
    float *occupancy, *waiting, *admissions, *discharges;
    uint8_t *runaway;
    struct hsc_rep_output out;
};

static inline void buffers_init(struct rep_buffers *buf, const struct hsc_scenario *sc)
{
    assert_int_equal(hsc_kpis_build(sc, &buf->kpis), 0);
    size_t days = hsc_sim_days(sc), svcs = sc->n_services;
    buf->kpi = calloc(buf->kpis.count, sizeof *buf->kpi);
    buf->occupancy = calloc(days * svcs + 1, sizeof(float));
    buf->waiting = calloc(days * svcs + 1, sizeof(float));
    buf->admissions = calloc(days + 1, sizeof(float));
    buf->discharges = calloc(days + 1, sizeof(float));
    buf->runaway = calloc(svcs + 1, sizeof(uint8_t));
    buf->out = (struct hsc_rep_output){.kpi = buf->kpi,
                                       .occupancy = buf->occupancy,
                                       .waiting = buf->waiting,
                                       .admissions = buf->admissions,
                                       .discharges = buf->discharges,
                                       .runaway = buf->runaway,
                                       .trace = NULL};
}

static inline void buffers_fini(struct rep_buffers *buf)
{
    free(buf->kpi);
    free(buf->occupancy);
    free(buf->waiting);
    free(buf->admissions);
    free(buf->discharges);
    free(buf->runaway);
    hsc_kpis_fini(&buf->kpis);
}

/* KPI `name` of the replication held in buf. */
static inline double rep_kpi(const struct rep_buffers *buf, const char *name)
{
    long k = hsc_kpis_find(&buf->kpis, name);
    if (k < 0)
        fail_msg("no KPI %s", name);
    return buf->kpi[k];
}

/* Two acute pools: big (30 beds, Weibull stays, unlimited queue) and small
 * (4 beds, a queue of at most 3, empirical stays), each with its own cohort. */
static const char two_pools[] =
    "name = \"unit\";\n"
    "run = { seed = 5; replications = 1; warmup_days = 20.0; measure_days = 200.0; };\n"
    "cohorts = { x = { emergency_per_day = 9.0; acute_service = \"big\"; };\n"
    "            y = { emergency_per_day = 5.0; acute_service = \"small\"; }; };\n"
    "services = {\n"
    "  big = { kind = \"beds\"; role = \"acute\"; capacity = 30;\n"
    "          duration = { default = { dist = \"weibull\"; shape = 1.5; scale = 3.0; }; }; };\n"
    "  small = { kind = \"beds\"; role = \"acute\"; capacity = 4; max_queue = 3;\n"
    "          duration = { y = { dist = \"empirical\"; values = [0.5, 1.0, 2.0]; }; }; };\n"
    "};\n";

#endif
