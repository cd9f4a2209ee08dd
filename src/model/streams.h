/*
 * The random streams of a replication, one per named sampling process
 * (docs/random-streams.md): svc/<service>/duration/<cohort>,
 * svc/<service>/hours/<cohort>, route/<service>/<cohort>, and per cohort
 * elective/<cohort>, death/<cohort>, pathway/<cohort>, discharge/<cohort>,
 * readmission/<cohort>, step_up/<cohort>, delay/<cohort> and
 * delay/<cohort>/<code> for cohorts with non-capacity discharge delays, and
 * absence/<group> for staff groups with sickness absence. Naming by process, not position,
 * keeps common random numbers when a scenario adds a service or cohort.
 */
#ifndef HSCFLOW_MODEL_STREAMS_H
#define HSCFLOW_MODEL_STREAMS_H

#include <gsl/gsl_rng.h>

#include "hscflow/scenario.h"

struct hsc_sim;

/* Per-cohort streams of acute decisions. */
struct hsc__cohort_rng {
    gsl_rng *elective;   /* elective stays and localities */
    gsl_rng *death;
    gsl_rng *pathway;
    gsl_rng *discharge;  /* weekend discharge draws */
    gsl_rng *readmission;
    gsl_rng *step_up;
    gsl_rng *delay;      /* which non-capacity delay, if any; NULL when the cohort has none */
    gsl_rng *delay_days[HSC_DELAY_CODE_COUNT]; /* each code's durations; NULL when unused */
    gsl_rng *community_death; /* community_death/<cohort>; NULL without the hazard */
    gsl_rng *d2a;             /* d2a/<cohort>: discharged to assess or not; NULL without */
};

/* Creates the services' and cohorts' streams (services set up first).
 * Returns 0, or -1 when memory runs out. */
int hsc__streams_init(struct hsc_sim *sim);
void hsc__streams_fini(struct hsc_sim *sim);
/* A stream for the process named by the printf-style arguments, or NULL
 * when memory runs out; the caller owns it (hsc_rng_free). */
gsl_rng *hsc__stream(const struct hsc_sim *sim, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
