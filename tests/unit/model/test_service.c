/*
 * Services as a module (service.h, kinds.h, roles.h): requests, queues and
 * capacity driven directly through the service API on a replication set up
 * with hsc__sim_init and never run. Nothing here depends on random draws
 * (every stay and package is fixed), so every check is exact.
 *
 * - a request is admitted at once when there is room, queued when full;
 * - queues are FIFO, hospital waiters before the community, and strictly
 *   head of line (a big care package at the head blocks a small one);
 * - leaving (or vacating a place already swapped) lets the queue head in;
 * - a capacity drop evicts nobody and a rise serves the queue;
 * - a locality split adds up by largest remainder, serves each locality's
 *   residents from its own part, and overflows only when allowed;
 * - an acute service turns people away once its queue is at max_queue;
 * - the kind and role tables hold the documented values (docs/model.md,
 *   docs/kpis.md, docs/scenario-reference.md).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "model/kinds.h"
#include "model/replication.h"
#include "model/roles.h"
#include "model/service.h"
#include "support/assert_near.h"
#include "unit/model/sim_fixture.h"

/* Localities a, b, c. Every stay is fixed, so nothing is drawn that matters.
 * - acute: 1 bed, a queue of at most 1;
 * - ward: 2 beds shared by everyone;
 * - care: home care, 1 WTE x 20 care hours a week = 20 hours;
 * - split: 2 beds, half for a, half for b, none for c, no overflow;
 * - spill: the same split with overflow;
 * - shares: 7 beds split 0.5 / 0.3 / 0.2 (largest remainder);
 * - care_split: home care split 0.25 / 0.75 / 0 (hours are not rounded). */
static const char scenario[] =
    "name = \"service_module\";\n"
    "run = { replications = 1; measure_days = 100.0; start_date = \"2026-04-01\"; };\n"
    "localities = [\"a\", \"b\", \"c\"];\n"
    "staff = { carers = { wte = 1.0; care_hours_per_wte_week = 20.0; };\n"
    "          carers2 = { wte = 2.0; care_hours_per_wte_week = 20.0; }; };\n"
    "cohorts = { x = { population = { a = 100; b = 100; c = 100; }; }; };\n"
    "services = {\n"
    "  acute = { kind = \"beds\"; role = \"acute\"; capacity = 1; max_queue = 1;\n"
    "    duration = { default = { dist = \"fixed\"; value = 5.0; }; }; };\n"
    "  ward = { kind = \"beds\"; role = \"other\"; capacity = 2;\n"
    "    duration = { default = { dist = \"fixed\"; value = 10.0; }; };\n"
    "    exits = { default = { home = 1.0; }; }; };\n"
    "  care = { kind = \"hours\"; role = \"home_care\"; staff = \"carers\";\n"
    "    hours = { default = { dist = \"fixed\"; value = 5.0; }; };\n"
    "    duration = { default = { dist = \"fixed\"; value = 30.0; }; };\n"
    "    exits = { default = { home = 1.0; }; }; };\n"
    "  split = { kind = \"beds\"; role = \"other\"; capacity = 2;\n"
    "    localities = { a = 0.5; b = 0.5; };\n"
    "    duration = { default = { dist = \"fixed\"; value = 10.0; }; };\n"
    "    exits = { default = { home = 1.0; }; }; };\n"
    "  spill = { kind = \"beds\"; role = \"other\"; capacity = 2;\n"
    "    localities = { a = 0.5; b = 0.5; }; overflow = true;\n"
    "    duration = { default = { dist = \"fixed\"; value = 10.0; }; };\n"
    "    exits = { default = { home = 1.0; }; }; };\n"
    "  shares = { kind = \"beds\"; role = \"other\"; capacity = 7;\n"
    "    localities = { a = 0.5; b = 0.3; c = 0.2; };\n"
    "    duration = { default = { dist = \"fixed\"; value = 10.0; }; };\n"
    "    exits = { default = { home = 1.0; }; }; };\n"
    "  care_split = { kind = \"hours\"; role = \"home_care\"; staff = \"carers2\";\n"
    "    localities = { a = 0.25; b = 0.75; };\n"
    "    hours = { default = { dist = \"fixed\"; value = 5.0; }; };\n"
    "    duration = { default = { dist = \"fixed\"; value = 30.0; }; };\n"
    "    exits = { default = { home = 1.0; }; }; };\n"
    "};\n";

enum { LOC_A, LOC_B, LOC_C };

/* `person` asks for a place in `svc` in queue class `cls`. */
static enum hsc__request_outcome ask(struct sim_fixture *f, uint16_t svc, uint32_t person,
                                     int cls)
{
    return hsc__service_request(&f->sim, svc, person, cls);
}

/* A new person of cohort x living in locality `loc`, waiting at home. */
static uint32_t at_home(struct sim_fixture *f, uint8_t loc)
{
    return fixture_person(f, 0, loc, HSC_PH_WAITING_HOME);
}

/* The people in queue `cls` of partition `part` of `svc`, head first;
 * returns how many (at most `max`), and checks the links both ways. */
static size_t queue_list(const struct sim_fixture *f, uint16_t svc, size_t part, int cls,
                         uint32_t *out, size_t max)
{
    const struct hsc__queue *q = &f->sim.services[svc].parts[part].queue[cls];
    size_t n = 0;
    uint32_t prev = HSC_NO_PERSON;
    for (uint32_t at = q->head; at != HSC_NO_PERSON; at = fixture_at(f, at)->next) {
        assert_true(n < max);
        assert_int_equal(fixture_at(f, at)->prev, prev);
        out[n++] = at;
        prev = at;
    }
    assert_int_equal(q->tail, prev);
    assert_int_equal(q->length, (int64_t)n);
    return n;
}

static bool holds(const struct sim_fixture *f, uint32_t person, uint16_t svc)
{
    return fixture_at(f, person)->place == svc;
}

/* ------------------------------------------------------------------------ */

/* Admitted at once while there is room; queued when full, FIFO within a
 * class and hospital waiters before community ones; each departure lets
 * exactly the next one in. */
static void admitted_then_queued_fifo_hospital_first(void **state)
{
    (void)state;
    struct sim_fixture f;
    fixture_open(&f, scenario);
    uint16_t ward = fixture_service(&f, "ward");
    struct hsc__service *svc = &f.sim.services[ward];

    uint32_t p1 = at_home(&f, LOC_A), p2 = at_home(&f, LOC_B);
    assert_true(hsc__service_has_room(&f.sim, ward, p1));
    assert_int_equal(ask(&f, ward, p1, HSC_CLASS_COMMUNITY), HSC_REQ_ADMITTED);
    assert_int_equal(ask(&f, ward, p2, HSC_CLASS_COMMUNITY), HSC_REQ_ADMITTED);
    assert_true(holds(&f, p1, ward) && holds(&f, p2, ward));
    assert_int_equal(fixture_at(&f, p1)->phase, HSC_PH_COMMUNITY);
    assert_int_equal(fixture_at(&f, p1)->want, HSC_NO_SVC);
    assert_int_equal(svc->occupied, 2);
    assert_int_equal(svc->waiting, 0);

    /* Full: two community waiters, then two hospital waiters. */
    uint32_t c1 = at_home(&f, LOC_A), c2 = at_home(&f, LOC_C);
    uint32_t h1 = at_home(&f, LOC_B), h2 = at_home(&f, LOC_A);
    assert_false(hsc__service_has_room(&f.sim, ward, c1));
    assert_int_equal(ask(&f, ward, c1, HSC_CLASS_COMMUNITY), HSC_REQ_QUEUED);
    assert_int_equal(ask(&f, ward, c2, HSC_CLASS_COMMUNITY), HSC_REQ_QUEUED);
    assert_int_equal(ask(&f, ward, h1, HSC_CLASS_HOSPITAL), HSC_REQ_QUEUED);
    assert_int_equal(ask(&f, ward, h2, HSC_CLASS_HOSPITAL), HSC_REQ_QUEUED);
    assert_int_equal(svc->occupied, 2);
    assert_int_equal(svc->waiting, 4);
    assert_int_equal(fixture_at(&f, c1)->want, ward);
    assert_int_equal(fixture_at(&f, c1)->place, HSC_NO_SVC);
    uint32_t q[8];
    assert_int_equal(queue_list(&f, ward, 0, HSC_CLASS_COMMUNITY, q, 8), 2);
    assert_int_equal(q[0], c1);
    assert_int_equal(q[1], c2);
    assert_int_equal(queue_list(&f, ward, 0, HSC_CLASS_HOSPITAL, q, 8), 2);
    assert_int_equal(q[0], h1);
    assert_int_equal(q[1], h2);
    assert_int_equal(svc->all.arrivals, 6);
    assert_int_equal(svc->all.admissions, 2);

    /* Each departure admits the next: h1, h2 (hospital first, in order),
     * then c1, c2. */
    const uint32_t leaving[4] = {p1, p2, h1, h2};
    const uint32_t next[4] = {h1, h2, c1, c2};
    for (int i = 0; i < 4; i++) {
        hsc__sim_set_now(&f.sim, 1.0 + i);
        hsc__service_leave(&f.sim, ward, leaving[i]);
        assert_int_equal(fixture_at(&f, leaving[i])->place, HSC_NO_SVC);
        assert_true(holds(&f, next[i], ward));
        assert_int_equal(fixture_at(&f, next[i])->want, HSC_NO_SVC);
        assert_int_equal(svc->occupied, 2);
        assert_int_equal(svc->waiting, 3 - i);
        for (int j = i + 1; j < 4; j++)
            assert_false(holds(&f, next[j], ward));
    }
    assert_int_equal(svc->all.admissions, 6);
    assert_int_equal(svc->all.departures, 4);
    /* c2 asked at time 0 and got in at time 4. */
    assert_near(f.sim.now - fixture_at(&f, c2)->asked_time, 4.0, 0.0);
    fixture_close(&f);
}

/* Vacating a place someone already swapped (their record no longer names
 * it) frees it for the queue head, exactly like leaving. */
static void vacate_lets_the_head_in(void **state)
{
    (void)state;
    struct sim_fixture f;
    fixture_open(&f, scenario);
    uint16_t ward = fixture_service(&f, "ward");
    uint32_t p1 = at_home(&f, LOC_A), p2 = at_home(&f, LOC_A), w = at_home(&f, LOC_A);
    ask(&f, ward, p1, HSC_CLASS_COMMUNITY);
    ask(&f, ward, p2, HSC_CLASS_COMMUNITY);
    assert_int_equal(ask(&f, ward, w, HSC_CLASS_COMMUNITY), HSC_REQ_QUEUED);
    struct hsc__place place = hsc__service_place_of(&f.sim, p1);
    assert_int_equal(place.service, ward);
    assert_int_equal(place.phase, HSC_PH_COMMUNITY);
    fixture_at(&f, p1)->place = HSC_NO_SVC; /* p1 moved on elsewhere */
    hsc__service_vacate(&f.sim, &place);
    assert_true(holds(&f, w, ward));
    assert_int_equal(f.sim.services[ward].occupied, 2);
    assert_int_equal(f.sim.services[ward].waiting, 0);
    assert_int_equal(f.sim.services[ward].all.departures, 1);
    fixture_close(&f);
}

/* Hours service of 20 hours a week: a 15-hour package starts; a 10-hour one
 * does not fit and waits; a 3-hour one would fit but waits behind it
 * (strict head of line). A hospital waiter's 4 hours start at once, ahead of
 * the community queue whose head does not fit. When the 15 hours end, the
 * community queue starts in order. */
static void hours_strict_head_of_line(void **state)
{
    (void)state;
    struct sim_fixture f;
    fixture_open(&f, scenario);
    uint16_t care = fixture_service(&f, "care");
    struct hsc__service *svc = &f.sim.services[care];
    assert_near(svc->capacity, 20.0, 0.0);

    uint32_t big = at_home(&f, LOC_A), head = at_home(&f, LOC_A), small = at_home(&f, LOC_A);
    fixture_at(&f, big)->want_hours = 15.0;
    fixture_at(&f, head)->want_hours = 10.0;
    fixture_at(&f, small)->want_hours = 3.0;
    assert_int_equal(ask(&f, care, big, HSC_CLASS_COMMUNITY), HSC_REQ_ADMITTED);
    assert_near(svc->committed_hours, 15.0, 0.0);
    assert_near(fixture_at(&f, big)->held_hours, 15.0, 0.0);
    assert_int_equal(ask(&f, care, head, HSC_CLASS_COMMUNITY), HSC_REQ_QUEUED);
    assert_false(hsc__service_has_room(&f.sim, care, small)); /* 18 <= 20, but a queue */
    assert_int_equal(ask(&f, care, small, HSC_CLASS_COMMUNITY), HSC_REQ_QUEUED);
    assert_false(holds(&f, small, care));
    assert_near(svc->committed_hours, 15.0, 0.0);
    assert_int_equal(svc->waiting, 2);

    uint32_t hosp = at_home(&f, LOC_B);
    fixture_at(&f, hosp)->want_hours = 4.0;
    assert_int_equal(ask(&f, care, hosp, HSC_CLASS_HOSPITAL), HSC_REQ_QUEUED);
    assert_true(holds(&f, hosp, care)); /* got a place from the queue at once */
    assert_near(svc->committed_hours, 19.0, 0.0);
    assert_int_equal(svc->occupied, 2);
    assert_int_equal(svc->waiting, 2);

    hsc__sim_set_now(&f.sim, 7.0);
    hsc__service_leave(&f.sim, care, big);
    assert_near(fixture_at(&f, big)->held_hours, 0.0, 0.0);
    assert_true(holds(&f, head, care));
    assert_true(holds(&f, small, care));
    assert_near(svc->committed_hours, 17.0, 0.0); /* 4 + 10 + 3 */
    assert_int_equal(svc->waiting, 0);
    assert_int_equal(svc->occupied, 3);
    fixture_close(&f);
}

/* A package larger than the whole capacity starts in an empty service
 * (docs/model.md 3.4), and only there. */
static void oversized_package_starts_only_when_empty(void **state)
{
    (void)state;
    struct sim_fixture f;
    fixture_open(&f, scenario);
    uint16_t care = fixture_service(&f, "care");
    uint32_t small = at_home(&f, LOC_A), huge = at_home(&f, LOC_A);
    fixture_at(&f, small)->want_hours = 1.0;
    fixture_at(&f, huge)->want_hours = 25.0;
    assert_int_equal(ask(&f, care, small, HSC_CLASS_COMMUNITY), HSC_REQ_ADMITTED);
    assert_int_equal(ask(&f, care, huge, HSC_CLASS_COMMUNITY), HSC_REQ_QUEUED);
    hsc__service_leave(&f.sim, care, small);
    assert_true(holds(&f, huge, care));
    assert_near(f.sim.services[care].committed_hours, 25.0, 0.0);
    fixture_close(&f);
}

/* Capacity 2 -> 1 with 2 in: nobody leaves, the queue waits; one departure
 * leaves 1 in 1 place, still nobody admitted; 1 -> 4 admits both waiters. */
static void capacity_drop_evicts_nobody_rise_serves(void **state)
{
    (void)state;
    struct sim_fixture f;
    fixture_open(&f, scenario);
    uint16_t ward = fixture_service(&f, "ward");
    struct hsc__service *svc = &f.sim.services[ward];
    uint32_t in1 = at_home(&f, LOC_A), in2 = at_home(&f, LOC_A);
    uint32_t w1 = at_home(&f, LOC_A), w2 = at_home(&f, LOC_A);
    ask(&f, ward, in1, HSC_CLASS_COMMUNITY);
    ask(&f, ward, in2, HSC_CLASS_COMMUNITY);
    ask(&f, ward, w1, HSC_CLASS_COMMUNITY);
    ask(&f, ward, w2, HSC_CLASS_COMMUNITY);

    hsc__sim_set_now(&f.sim, 1.0);
    hsc__service_set_capacity(&f.sim, ward, 1.0);
    assert_near(svc->capacity, 1.0, 0.0);
    assert_int_equal(svc->occupied, 2);
    assert_true(holds(&f, in1, ward) && holds(&f, in2, ward));
    assert_int_equal(svc->waiting, 2);

    hsc__sim_set_now(&f.sim, 2.0);
    hsc__service_leave(&f.sim, ward, in1);
    assert_int_equal(svc->occupied, 1);
    assert_int_equal(svc->waiting, 2);
    assert_false(holds(&f, w1, ward));

    hsc__sim_set_now(&f.sim, 3.0);
    hsc__service_set_capacity(&f.sim, ward, 4.0);
    assert_true(holds(&f, w1, ward) && holds(&f, w2, ward));
    assert_int_equal(svc->occupied, 3);
    assert_int_equal(svc->waiting, 0);
    /* The capacity level is time-weighted: 2 on [0, 1), 1 on [1, 3), 4 from 3. */
    hsc_tw_set(&svc->capacity_tw, 4.0, svc->capacity);
    assert_near(hsc_tw_mean(&svc->capacity_tw, 4.0), (2.0 + 2.0 + 4.0) / 4.0, 1e-12);
    fixture_close(&f);
}

/* Largest remainder: the parts are whole, add up to the capacity, and each
 * is its exact share rounded down or up. Hours are split exactly. */
static void split_adds_up_by_largest_remainder(void **state)
{
    (void)state;
    struct sim_fixture f;
    fixture_open(&f, scenario);
    struct hsc__service *shares = &f.sim.services[fixture_service(&f, "shares")];
    const double share[3] = {0.5, 0.3, 0.2};
    assert_int_equal(shares->n_partitions, 3);
    /* At time 0: 7 beds = 3.5 / 2.1 / 1.4 -> 3 / 2 / 1 + the remainder 0.5 to a. */
    assert_near(shares->parts[0].capacity, 4.0, 0.0);
    assert_near(shares->parts[1].capacity, 2.0, 0.0);
    assert_near(shares->parts[2].capacity, 1.0, 0.0);
    /* 3 beds = 1.5 / 0.9 / 0.6: 1 / 0 / 0 + 1 to b (0.9) + 1 to c (0.6), not
     * 2 / 1 / 1 as rounding each would give. */
    hsc__service_split_capacity(shares, 3.0);
    assert_near(shares->parts[0].capacity, 1.0, 0.0);
    assert_near(shares->parts[1].capacity, 1.0, 0.0);
    assert_near(shares->parts[2].capacity, 1.0, 0.0);
    for (int cap = 0; cap <= 200; cap++) {
        hsc__service_split_capacity(shares, (double)cap);
        assert_near(shares->capacity, (double)cap, 0.0);
        double sum = 0.0;
        for (size_t p = 0; p < 3; p++) {
            double part = shares->parts[p].capacity, exact = cap * share[p];
            assert_near(part, floor(part), 0.0);
            assert_true(part >= floor(exact + 1e-9) && part <= ceil(exact - 1e-9));
            sum += part;
        }
        assert_near(sum, (double)cap, 0.0);
    }
    struct hsc__service *hours = &f.sim.services[fixture_service(&f, "care_split")];
    assert_near(hours->parts[0].capacity, 10.0, 1e-12); /* 40 hours x 0.25 */
    assert_near(hours->parts[1].capacity, 30.0, 1e-12);
    assert_near(hours->parts[2].capacity, 0.0, 0.0);
    hsc__service_split_capacity(hours, 10.5);
    assert_near(hours->parts[0].capacity, 2.625, 1e-12);
    assert_near(hours->parts[1].capacity, 7.875, 1e-12);
    fixture_close(&f);
}

/* Split 1 / 1 / 0 without overflow: each locality's residents use their own
 * part; a second resident of a waits although b's bed is free; c's residents
 * (no share) never get in; a departure in a's part admits a's waiter. */
static void split_serves_own_residents(void **state)
{
    (void)state;
    struct sim_fixture f;
    fixture_open(&f, scenario);
    uint16_t s = fixture_service(&f, "split");
    struct hsc__service *svc = &f.sim.services[s];
    uint32_t a1 = at_home(&f, LOC_A), a2 = at_home(&f, LOC_A);
    uint32_t b1 = at_home(&f, LOC_B), c1 = at_home(&f, LOC_C);
    assert_int_equal(ask(&f, s, a1, HSC_CLASS_COMMUNITY), HSC_REQ_ADMITTED);
    assert_int_equal(fixture_at(&f, a1)->partition, LOC_A);
    assert_int_equal(ask(&f, s, a2, HSC_CLASS_COMMUNITY), HSC_REQ_QUEUED);
    assert_false(holds(&f, a2, s));
    uint32_t q[4];
    assert_int_equal(queue_list(&f, s, LOC_A, HSC_CLASS_COMMUNITY, q, 4), 1);
    assert_int_equal(q[0], a2);
    /* b1 finds a queue (a's), but b's part has room: admitted there. */
    ask(&f, s, b1, HSC_CLASS_COMMUNITY);
    assert_true(holds(&f, b1, s));
    assert_int_equal(fixture_at(&f, b1)->partition, LOC_B);
    assert_int_equal(ask(&f, s, c1, HSC_CLASS_COMMUNITY), HSC_REQ_QUEUED);
    assert_int_equal(svc->parts[LOC_A].occupied, 1);
    assert_int_equal(svc->parts[LOC_B].occupied, 1);
    assert_int_equal(svc->parts[LOC_C].occupied, 0);
    assert_int_equal(svc->waiting, 2);

    /* b's bed frees: neither a2 nor c1 may take it. */
    hsc__service_leave(&f.sim, s, b1);
    assert_false(holds(&f, a2, s));
    assert_false(holds(&f, c1, s));
    assert_int_equal(svc->occupied, 1);
    /* a's bed frees: a2 gets it; c1 still waits. */
    hsc__service_leave(&f.sim, s, a1);
    assert_true(holds(&f, a2, s));
    assert_int_equal(fixture_at(&f, a2)->partition, LOC_A);
    assert_false(holds(&f, c1, s));
    assert_int_equal(svc->waiting, 1);
    fixture_close(&f);
}

/* The same split with overflow: a's second resident takes b's free bed; b's
 * resident then waits, and takes a's bed when it frees. */
static void split_overflows_when_allowed(void **state)
{
    (void)state;
    struct sim_fixture f;
    fixture_open(&f, scenario);
    uint16_t s = fixture_service(&f, "spill");
    struct hsc__service *svc = &f.sim.services[s];
    uint32_t a1 = at_home(&f, LOC_A), a2 = at_home(&f, LOC_A), b1 = at_home(&f, LOC_B);
    assert_int_equal(ask(&f, s, a1, HSC_CLASS_COMMUNITY), HSC_REQ_ADMITTED);
    assert_int_equal(ask(&f, s, a2, HSC_CLASS_COMMUNITY), HSC_REQ_ADMITTED);
    assert_int_equal(fixture_at(&f, a1)->partition, LOC_A);
    assert_int_equal(fixture_at(&f, a2)->partition, LOC_B);
    assert_int_equal(ask(&f, s, b1, HSC_CLASS_COMMUNITY), HSC_REQ_QUEUED);
    uint32_t q[4];
    assert_int_equal(queue_list(&f, s, LOC_B, HSC_CLASS_COMMUNITY, q, 4), 1);
    assert_int_equal(q[0], b1);
    hsc__service_leave(&f.sim, s, a1);
    assert_true(holds(&f, b1, s));
    assert_int_equal(fixture_at(&f, b1)->partition, LOC_A);
    assert_int_equal(svc->parts[LOC_A].occupied, 1);
    assert_int_equal(svc->parts[LOC_B].occupied, 1);
    assert_int_equal(svc->waiting, 0);
    fixture_close(&f);
}

/* Acute, 1 bed and max_queue = 1: the first is admitted, the second waits,
 * the third is turned away (not queued, asking for nothing). The acute
 * occupancy account follows the bed. */
static void acute_turns_away_at_queue_limit(void **state)
{
    (void)state;
    struct sim_fixture f;
    fixture_open(&f, scenario);
    uint16_t acute = fixture_service(&f, "acute");
    struct hsc__service *svc = &f.sim.services[acute];
    uint32_t p[3];
    for (int i = 0; i < 3; i++)
        p[i] = fixture_person(&f, 0, LOC_A, HSC_PH_BOARDING);
    assert_int_equal(ask(&f, acute, p[0], HSC_CLASS_HOSPITAL), HSC_REQ_ADMITTED);
    assert_int_equal(fixture_at(&f, p[0])->phase, HSC_PH_TREATMENT);
    assert_int_equal(f.sim.acute.occupied, 1);
    assert_int_equal(ask(&f, acute, p[1], HSC_CLASS_HOSPITAL), HSC_REQ_QUEUED);
    assert_int_equal(ask(&f, acute, p[2], HSC_CLASS_HOSPITAL), HSC_REQ_TURNED_AWAY);
    assert_int_equal(fixture_at(&f, p[2])->want, HSC_NO_SVC);
    assert_int_equal(fixture_at(&f, p[2])->place, HSC_NO_SVC);
    assert_int_equal(svc->waiting, 1);
    assert_int_equal(svc->all.arrivals, 3);
    assert_int_equal(svc->all.turned_away, 1);
    uint32_t q[4];
    assert_int_equal(queue_list(&f, acute, 0, HSC_CLASS_HOSPITAL, q, 4), 1);
    assert_int_equal(q[0], p[1]);
    /* The bed frees: the waiter gets it; the acute account stays at 1. */
    hsc__service_leave(&f.sim, acute, p[0]);
    assert_true(holds(&f, p[1], acute));
    assert_int_equal(f.sim.acute.occupied, 1);
    assert_int_equal(svc->waiting, 0);
    fixture_close(&f);
}

/* ------------------------------------------------------------------------
 * The kind table (kinds.c), against docs/model.md and scenario-reference.md:
 * beds and caseload places are whole places, one person each; hours
 * services commit each package's hours; caseload capacity is
 * floor(WTE x caseload per WTE), hours capacity WTE x care hours a week;
 * beds cost per occupied bed-day, hours per care hour, caseload nothing of
 * its own (its staff are costed); only caseload stays may count working
 * days (duration_counts).
 * ------------------------------------------------------------------------ */
static void kinds_table(void **state)
{
    (void)state;
    const struct hsc__kind_rules *beds = &hsc__kinds[HSC_KIND_BEDS];
    const struct hsc__kind_rules *caseload = &hsc__kinds[HSC_KIND_CASELOAD];
    const struct hsc__kind_rules *hours = &hsc__kinds[HSC_KIND_HOURS];
    assert_true(beds->whole_places && caseload->whole_places && !hours->whole_places);
    assert_true(!beds->draws_hours && !caseload->draws_hours && hours->draws_hours);
    assert_true(!beds->may_count_working_days && caseload->may_count_working_days &&
                !hours->may_count_working_days);

    /* fits: a place while occupied < capacity, whatever the hours. */
    struct hsc__partition part = {.capacity = 2.0, .occupied = 1};
    assert_true(beds->fits(&part, 100.0));
    assert_true(caseload->fits(&part, 0.0));
    part.occupied = 2;
    assert_false(beds->fits(&part, 0.0));
    assert_false(caseload->fits(&part, 0.0));
    /* hours: committed + asked <= capacity (up to rounding), or an empty
     * partition that has any capacity. */
    part = (struct hsc__partition){.capacity = 20.0, .occupied = 3, .committed_hours = 15.0};
    assert_true(hours->fits(&part, 5.0));
    assert_false(hours->fits(&part, 5.01));
    part = (struct hsc__partition){.capacity = 20.0, .occupied = 0};
    assert_true(hours->fits(&part, 35.0));
    part.capacity = 0.0;
    assert_false(hours->fits(&part, 1.0));

    /* commit: only hours commit anything, to the part and the service. */
    assert_null(beds->commit);
    assert_null(caseload->commit);
    struct hsc__service svc = {0};
    hsc_tw_init(&svc.hours_tw, 0.0, 0.0);
    struct hsc__partition p = {.capacity = 20.0};
    hours->commit(&svc, &p, +1, 12.5, 1.0);
    hours->commit(&svc, &p, +1, 2.5, 2.0);
    hours->commit(&svc, &p, -1, 12.5, 3.0);
    assert_near(p.committed_hours, 2.5, 0.0);
    assert_near(svc.committed_hours, 2.5, 0.0);
    /* 0 on [0,1), 12.5 on [1,2), 15 on [2,3), 2.5 on [3,4). */
    assert_near(hsc_tw_mean(&svc.hours_tw, 4.0), (12.5 + 15.0 + 2.5) / 4.0, 1e-12);

    /* staff_capacity */
    assert_null(beds->staff_capacity);
    struct hsc_service cfg = {.caseload_per_wte = 1.5, .cost_per_bed_day = 250.0,
                              .cost_per_care_hour = 22.0};
    struct hsc_staff_group group = {.care_hours_per_wte_week = 25.0};
    assert_near(caseload->staff_capacity(&cfg, &group, 7.5), 11.0, 0.0);  /* 11.25 */
    assert_near(caseload->staff_capacity(&cfg, &group, 2.0), 3.0, 0.0);   /* exactly 3 */
    cfg.caseload_per_wte = 2.8;
    /* 22.5 x 2.8 is 62.99999999999999 in doubles: still 63 places. */
    assert_near(caseload->staff_capacity(&cfg, &group, 22.5), 63.0, 0.0);
    assert_near(hours->staff_capacity(&cfg, &group, 6.4), 160.0, 1e-12);

    /* cost of 10 occupied place-days and 40 care hours */
    assert_near(beds->cost(&cfg, 10.0, 40.0), 2500.0, 0.0);
    assert_near(caseload->cost(&cfg, 10.0, 40.0), 0.0, 0.0);
    assert_near(hours->cost(&cfg, 10.0, 40.0), 880.0, 1e-9);
}

/* ------------------------------------------------------------------------
 * The role table (roles.c), against the docs:
 * - acute: an acute bed pool; away from home at the 91-day check (kpis.md
 *   at_home_91d_pct: "not in an acute, community-hospital, step-down or
 *   care-home bed");
 * - assessment: keeps the acute bed while assessing (model.md "holds an
 *   assessment place *and* their acute bed");
 * - every role but acute and assessment is a community service with its own
 *   delay reason awaiting_<service> (kpis.md);
 * - reablement and step_down start the 91-day check (model.md Follow-up);
 * - care_home counts care-home admissions and residents; home_care counts
 *   intensive needs at home; step_up counts admissions avoided; reablement
 *   counts completions (kpis.md).
 * ------------------------------------------------------------------------ */
static void roles_table(void **state)
{
    (void)state;
    for (int r = 0; r < HSC_ROLE_COUNT; r++) {
        const struct hsc__role_rules *role = &hsc__roles[r];
        const char *name = hsc_role_name((enum hsc_role)r);
        bool community = r != HSC_ROLE_ACUTE && r != HSC_ROLE_ASSESSMENT;
        bool away = r == HSC_ROLE_ACUTE || r == HSC_ROLE_STEP_DOWN ||
                    r == HSC_ROLE_COMMUNITY_HOSPITAL || r == HSC_ROLE_CARE_HOME;
        bool check = r == HSC_ROLE_REABLEMENT || r == HSC_ROLE_STEP_DOWN;
        if (role->acute != (r == HSC_ROLE_ACUTE) ||
            role->keeps_place != (r == HSC_ROLE_ASSESSMENT) ||
            role->community != community || role->delay_reason != community ||
            role->away_from_home != away || role->starts_91d_check != check ||
            role->care_home != (r == HSC_ROLE_CARE_HOME) ||
            role->intensive_at_home != (r == HSC_ROLE_HOME_CARE) ||
            role->step_up != (r == HSC_ROLE_STEP_UP) ||
            role->reablement != (r == HSC_ROLE_REABLEMENT))
            fail_msg("role %s: a flag differs from the docs", name);
        if (!role->admitted || !role->stay_ends)
            fail_msg("role %s: no admitted / stay_ends handler", name);
    }
    /* Community roles share the community handlers; acute and assessment
     * have their own. */
    const struct hsc__role_rules *other = &hsc__roles[HSC_ROLE_OTHER];
    for (int r = HSC_ROLE_STEP_UP; r < HSC_ROLE_COUNT; r++) {
        assert_true(hsc__roles[r].admitted == other->admitted);
        assert_true(hsc__roles[r].stay_ends == other->stay_ends);
    }
    assert_true(hsc__roles[HSC_ROLE_ACUTE].admitted != other->admitted);
    assert_true(hsc__roles[HSC_ROLE_ASSESSMENT].admitted != other->admitted);
    assert_true(hsc__roles[HSC_ROLE_ACUTE].admitted != hsc__roles[HSC_ROLE_ASSESSMENT].admitted);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(admitted_then_queued_fifo_hospital_first),
        cmocka_unit_test(vacate_lets_the_head_in),
        cmocka_unit_test(hours_strict_head_of_line),
        cmocka_unit_test(oversized_package_starts_only_when_empty),
        cmocka_unit_test(capacity_drop_evicts_nobody_rise_serves),
        cmocka_unit_test(split_adds_up_by_largest_remainder),
        cmocka_unit_test(split_serves_own_residents),
        cmocka_unit_test(split_overflows_when_allowed),
        cmocka_unit_test(acute_turns_away_at_queue_limit),
        cmocka_unit_test(kinds_table),
        cmocka_unit_test(roles_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
