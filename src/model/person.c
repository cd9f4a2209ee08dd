/*
 * The lifecycle of people records (person.h): new, exits, returns, forget.
 * Records come from a pool with a free list, so a replication in steady
 * state allocates nothing for people.
 */
#include "person.h"

#include "replication.h"

int hsc__people_init(struct hsc__people *people, uint32_t max_people, struct hsc_pool *reuse)
{
    *people = (struct hsc__people){0};
    if (reuse && reuse->items) {
        people->pool = *reuse;
        *reuse = (struct hsc_pool){0};
        hsc_pool_clear(&people->pool, max_people);
        return 0;
    }
    return hsc_pool_init(&people->pool, sizeof(struct hsc__person),
                         max_people < 1024 ? max_people : 1024, max_people) == HSC_POOL_OK
               ? 0
               : -1;
}

void hsc__people_fini(struct hsc__people *people)
{
    hsc_pool_fini(&people->pool);
    *people = (struct hsc__people){0};
}

uint32_t hsc__person_new(struct hsc_sim *sim, uint16_t cohort, uint8_t locality)
{
    uint32_t index;
    int status = hsc_pool_take(&sim->people.pool, &index);
    if (status != HSC_POOL_OK) {
        if (status == HSC_POOL_LIMIT)
            hsc__sim_fail(sim, "run.max_people",
                          "more than %lld people in the system at once: raise "
                          "run.max_people, or check that capacity can keep up with "
                          "demand (an unlimited queue grows without bound when it cannot)",
                          (long long)sim->sc->run.max_people);
        else
            hsc__sim_fail(sim, NULL, "out of memory for people");
        return HSC_NO_PERSON;
    }
    *hsc__sim_person(sim, index) = (struct hsc__person){
        .next = HSC_NO_PERSON, .prev = HSC_NO_PERSON, .cohort = cohort, .locality = locality,
        .phase = HSC_PH_NONE, .place = HSC_NO_SVC, .assess_place = HSC_NO_SVC,
        .want = HSC_NO_SVC, .target = HSC_NO_SVC, .hold_svc = HSC_NO_SVC,
        .discharge_time = -1.0,
        .id = sim->people.next_id++};
    sim->people.entries++;
    sim->people.present++;
    return index;
}

void hsc__person_forget(struct hsc_sim *sim, uint32_t index)
{
    struct hsc__person *person = hsc__sim_person(sim, index);
    HSC_ASSERT(person->phase == HSC_PH_AT_HOME || person->phase == HSC_PH_DEAD);
    HSC_ASSERT(person->readmit_token == 0 && person->check_token == 0);
    person->phase = HSC_PH_NONE; /* marks the record free for end-of-run scans */
    hsc_pool_give(&sim->people.pool, index);
}

void hsc__person_exits(struct hsc_sim *sim, uint32_t index, bool died)
{
    struct hsc__person *person = hsc__sim_person(sim, index);
    HSC_ASSERT(person->place == HSC_NO_SVC && person->want == HSC_NO_SVC &&
               person->assess_place == HSC_NO_SVC && person->hold_svc == HSC_NO_SVC);
    sim->people.exits++;
    sim->people.present--;
    if (died) {
        hsc__person_dies(sim, index);
        return;
    }
    hsc__trace(sim, index, HSC_TRACE_HOME, -1, -1);
    person->phase = HSC_PH_AT_HOME;
    if (person->readmit_token == 0 && person->check_token == 0)
        hsc__person_forget(sim, index);
}

void hsc__person_dies(struct hsc_sim *sim, uint32_t index)
{
    struct hsc__person *person = hsc__sim_person(sim, index);
    hsc__trace(sim, index, HSC_TRACE_DEATH, -1, -1);
    person->phase = HSC_PH_DEAD;
    person->readmit_token = 0; /* the dead do not re-present */
    hsc__measure_death(sim);
    if (person->check_token == 0)
        hsc__person_forget(sim, index);
}

void hsc__person_returns(struct hsc_sim *sim, uint32_t index)
{
    struct hsc__person *person = hsc__sim_person(sim, index);
    HSC_ASSERT(person->phase == HSC_PH_AT_HOME);
    person->phase = HSC_PH_NONE;
    sim->people.entries++;
    sim->people.present++;
}

bool hsc__person_in_system(const struct hsc__person *person)
{
    return person->phase != HSC_PH_NONE && person->phase != HSC_PH_AT_HOME &&
           person->phase != HSC_PH_DEAD;
}
