/*
 * A replication set up at time 0 from scenario text, without running it, for
 * module tests that drive one concept through its API (service, demand,
 * staff, measures): the scenario, output buffers and KPI catalogue
 * (replication_buffers.h), and the struct hsc_sim of hsc__sim_init. Nothing
 * is scheduled; a test sets the time, calls the concept and pops events by
 * hand. Header-only (static inline); include after <cmocka.h>.
 */
#ifndef HSCFLOW_TESTS_SIM_FIXTURE_H
#define HSCFLOW_TESTS_SIM_FIXTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "model/replication.h"
#include "support/run_support.h"
#include "unit/model/replication_buffers.h"

struct sim_fixture {
    struct hsc_scenario sc;
    struct rep_buffers buf; /* output of the replication, and its KPI catalogue */
    struct hsc_error err;
    struct hsc_sim sim;
};

/* Loads `text` (the test aborts if it is invalid) and sets up replication 0
 * at time 0. The fixture must not move until fixture_close. */
static inline void fixture_open(struct sim_fixture *f, const char *text)
{
    memset(f, 0, sizeof *f);
    support_load(&f->sc, NULL, 0, "%s", text);
    buffers_init(&f->buf, &f->sc);
    assert_int_equal(hsc__sim_init(&f->sim, &f->sc, 0, &f->buf.out, &f->err), 0);
}

static inline void fixture_close(struct sim_fixture *f)
{
    hsc__sim_fini(&f->sim);
    buffers_fini(&f->buf);
    hsc_scenario_fini(&f->sc);
}

static inline uint16_t fixture_service(const struct sim_fixture *f, const char *name)
{
    long s = hsc_scenario_find_service(&f->sc, name);
    if (s < 0)
        fail_msg("no service %s", name);
    return (uint16_t)s;
}

static inline uint16_t fixture_cohort(const struct sim_fixture *f, const char *name)
{
    long c = hsc_scenario_find_cohort(&f->sc, name);
    if (c < 0)
        fail_msg("no cohort %s", name);
    return (uint16_t)c;
}

/* A new person of `cohort` living in `locality`, in `phase`, who asks for
 * nothing yet. */
static inline uint32_t fixture_person(struct sim_fixture *f, uint16_t cohort, uint8_t locality,
                                      enum hsc__phase phase)
{
    uint32_t index = hsc__person_new(&f->sim, cohort, locality);
    assert_true(index != HSC_NO_PERSON);
    hsc__sim_person(&f->sim, index)->phase = (uint8_t)phase;
    return index;
}

static inline struct hsc__person *fixture_at(const struct sim_fixture *f, uint32_t index)
{
    return hsc__sim_person(&f->sim, index);
}

/* Takes the next pending event; false when none is left. */
static inline bool fixture_pop(struct sim_fixture *f, struct hsc_event *ev)
{
    return hsc_evq_pop(&f->sim.pending, ev);
}

/* Drops every pending event; returns how many there were. */
static inline size_t fixture_drain(struct sim_fixture *f)
{
    struct hsc_event ev;
    size_t n = 0;
    while (hsc_evq_pop(&f->sim.pending, &ev))
        n++;
    return n;
}

#endif
