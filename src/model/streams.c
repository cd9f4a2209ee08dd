/*
 * The random streams of a replication (streams.h): the services' duration,
 * hours and route streams and the cohorts' acute decision streams, each a
 * Philox stream keyed by the hash of its process name (src/core/rng.c).
 */
#include "streams.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "hscflow/rng.h"
#include "replication.h"

gsl_rng *hsc__stream(const struct hsc_sim *sim, const char *fmt, ...)
{
    char name[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(name, sizeof name, fmt, ap);
    va_end(ap);
    return hsc_rng_new(sim->sc->run.seed, sim->rep, hsc_rng_hash(name));
}

/* An array of one stream per cohort named "<prefix>/<service>/<cohort>"
 * style, where `uses` says which cohorts need one. */
static gsl_rng **per_cohort(const struct hsc_sim *sim, const char *what, const char *service,
                            const struct hsc_dist *uses)
{
    size_t n = sim->sc->n_cohorts;
    gsl_rng **rngs = calloc(n, sizeof *rngs);
    if (!rngs)
        return NULL;
    for (size_t c = 0; c < n; c++) {
        if (uses && uses[c].kind == HSC_DIST_NONE)
            continue;
        const char *cohort = sim->sc->cohorts[c].name;
        rngs[c] = service ? hsc__stream(sim, what, service, cohort) : hsc__stream(sim, what, cohort);
        if (!rngs[c])
            return rngs; /* the caller sees the NULL below */
    }
    return rngs;
}

static bool complete(gsl_rng **rngs, size_t n, const struct hsc_dist *uses)
{
    if (!rngs)
        return false;
    for (size_t c = 0; c < n; c++)
        if (!rngs[c] && !(uses && uses[c].kind == HSC_DIST_NONE))
            return false;
    return true;
}

static int service_streams(struct hsc_sim *sim, struct hsc__service *svc)
{
    size_t n = sim->sc->n_cohorts;
    const struct hsc_service *cfg = svc->cfg;
    svc->duration_rng = per_cohort(sim, "svc/%s/duration/%s", cfg->name, cfg->duration);
    if (!complete(svc->duration_rng, n, cfg->duration))
        return -1;
    if (cfg->hours) {
        svc->hours_rng = per_cohort(sim, "svc/%s/hours/%s", cfg->name, cfg->hours);
        if (!complete(svc->hours_rng, n, cfg->hours))
            return -1;
    }
    if (cfg->exits) {
        svc->route_rng = per_cohort(sim, "route/%s/%s", cfg->name, NULL);
        if (!complete(svc->route_rng, n, NULL))
            return -1;
    }
    if (cfg->home_wait) {
        svc->wait_rng = per_cohort(sim, "wait/%s/%s", cfg->name, NULL);
        if (!complete(svc->wait_rng, n, NULL))
            return -1;
    }
    return 0;
}

/* Which optional decisions a cohort draws, in any locality. */
struct uses {
    bool d2a, community_deaths, delay[HSC_DELAY_CODE_COUNT];
};

static void add_uses(struct uses *uses, const struct hsc_cohort *cohort)
{
    uses->d2a = uses->d2a || cohort->assess_after;
    uses->community_deaths = uses->community_deaths || cohort->community_deaths_per_day > 0.0;
    for (int k = 0; k < HSC_DELAY_CODE_COUNT; k++)
        uses->delay[k] = uses->delay[k] || cohort->delays[k].share;
}

static struct uses cohort_uses(const struct hsc_cohort *cohort, size_t n_localities)
{
    struct uses uses = {0};
    add_uses(&uses, cohort);
    for (size_t l = 0; cohort->variants && l < n_localities; l++)
        add_uses(&uses, hsc_cohort_in(cohort, l));
    return uses;
}

int hsc__streams_init(struct hsc_sim *sim)
{
    const struct hsc_scenario *sc = sim->sc;
    for (size_t s = 0; s < sim->n_services; s++)
        if (service_streams(sim, &sim->services[s]) != 0)
            return -1;
    sim->cohort_rng = calloc(sc->n_cohorts, sizeof *sim->cohort_rng);
    if (!sim->cohort_rng)
        return -1;
    for (size_t c = 0; c < sc->n_cohorts; c++) {
        struct hsc__cohort_rng *rng = &sim->cohort_rng[c];
        const char *name = sc->cohorts[c].name;
        rng->elective = hsc__stream(sim, "elective/%s", name);
        rng->death = hsc__stream(sim, "death/%s", name);
        rng->pathway = hsc__stream(sim, "pathway/%s", name);
        rng->discharge = hsc__stream(sim, "discharge/%s", name);
        rng->readmission = hsc__stream(sim, "readmission/%s", name);
        rng->step_up = hsc__stream(sim, "step_up/%s", name);
        if (!rng->elective || !rng->death || !rng->pathway || !rng->discharge ||
            !rng->readmission || !rng->step_up)
            return -1;
        struct uses uses = cohort_uses(&sc->cohorts[c], sc->n_localities);
        if (uses.d2a && !(rng->d2a = hsc__stream(sim, "d2a/%s", name)))
            return -1;
        if (uses.community_deaths &&
            !(rng->community_death = hsc__stream(sim, "community_death/%s", name)))
            return -1;
        for (int k = 0; k < HSC_DELAY_CODE_COUNT; k++) {
            if (!uses.delay[k])
                continue;
            rng->delay_days[k] = hsc__stream(sim, "delay/%s/%s", name, hsc_delay_code_name(k));
            if (!rng->delay_days[k] || (!rng->delay && !(rng->delay = hsc__stream(sim, "delay/%s",
                                                                                   name))))
                return -1;
        }
    }
    return 0;
}

void hsc__streams_fini(struct hsc_sim *sim)
{
    for (size_t c = 0; sim->cohort_rng && c < sim->sc->n_cohorts; c++) {
        struct hsc__cohort_rng *rng = &sim->cohort_rng[c];
        gsl_rng *all[] = {rng->elective,  rng->death,       rng->pathway,
                          rng->discharge, rng->readmission, rng->step_up};
        for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
            if (all[i])
                hsc_rng_free(all[i]);
        if (rng->delay)
            hsc_rng_free(rng->delay);
        if (rng->community_death)
            hsc_rng_free(rng->community_death);
        if (rng->d2a)
            hsc_rng_free(rng->d2a);
        for (int k = 0; k < HSC_DELAY_CODE_COUNT; k++)
            if (rng->delay_days[k])
                hsc_rng_free(rng->delay_days[k]);
    }
    free(sim->cohort_rng);
    sim->cohort_rng = NULL;
}
