/*
 * A cohort's demand: its population per locality, its emergency rate (per
 * 1,000 people a year, or per day) turned into a base rate per locality,
 * and its booked electives with their treatment stay.
 *
 * The calendar factors are not applied here: the struct keeps base rates
 * and the model multiplies them by the day's factors.
 */
#include <string.h>

#include "hscflow/calendar.h"

#include "cfg_dist.h"
#include "cfg_schema.h"
#include "scenario_build.h"

/* Reads the population group (NULL = absent) into cohort->population.
 * Returns false when something in it was wrong (reported) or cannot be
 * judged because `localities` itself was wrong. */
static bool read_population(struct hsc__scn_build *b, struct hsc_cohort *cohort,
                            const config_setting_t *group, double *total)
{
    *total = 0.0;
    if (!group)
        return true;
    if (!b->localities_ok)
        return false;
    return hsc__scn_locality_map(b, group, "cohorts.*.population", cohort->population, total);
}

/* Spreads `per_day` over the localities by population share, or equally
 * when the cohort has no population. */
static void split_per_day(const struct hsc_scenario *sc, struct hsc_cohort *cohort,
                          double per_day, double total)
{
    for (size_t l = 0; l < sc->n_localities; l++)
        cohort->emergency_per_day[l] = total > 0
                                           ? per_day * (cohort->population[l] / total)
                                           : per_day / (double)sc->n_localities;
}

/* Fills the base emergency rate per locality from whichever rate is given. */
static void read_rates(struct hsc__scn_build *b, size_t c, const struct hsc__cfg_value *vals,
                       bool population_ok, double total)
{
    const struct hsc_scenario *sc = b->sc;
    struct hsc_cohort *cohort = &b->sc->cohorts[c];
    const struct hsc__cfg_value *per_1000 = &vals[HSC__COHORT_EMERGENCY_PER_1000];
    const struct hsc__cfg_value *per_day = &vals[HSC__COHORT_EMERGENCY_PER_DAY];
    if (per_1000->setting && per_day->setting) {
        const config_setting_t *later =
            config_setting_index(per_1000->setting) > config_setting_index(per_day->setting)
                ? per_1000->setting
                : per_day->setting;
        hsc__cfg_error(b->ctx, later, "give either emergency_per_day or "
                                      "emergency_per_1000_per_year, not both");
        return;
    }
    if (per_day->ok) {
        split_per_day(sc, cohort, per_day->d, total);
        return;
    }
    if (!per_1000->ok || !population_ok)
        return;
    if (!(total > 0)) {
        hsc__cfg_error(b->ctx, per_1000->setting,
                       "needs cohorts.%s.population with a total above 0 (the rate is per "
                       "1,000 people)", cohort->name);
        return;
    }
    for (size_t l = 0; l < sc->n_localities; l++)
        cohort->emergency_per_day[l] = cohort->population[l] * per_1000->d / 1000.0 /
                                       HSC_DAYS_PER_YEAR;
}

/* Copies the weekday electives and reads their treatment stay, which is
 * required when any are booked and checked but dropped when none are. */
static void read_electives(struct hsc__scn_build *b, struct hsc_cohort *cohort,
                           const config_setting_t *entry, const struct hsc__cfg_value *vals)
{
    const struct hsc__cfg_value *counts = &vals[HSC__COHORT_ELECTIVES];
    const struct hsc__cfg_value *stay = &vals[HSC__COHORT_ELECTIVE_DURATION];
    bool any = false;
    if (counts->ok) {
        memcpy(cohort->electives_per_weekday, counts->ints, sizeof cohort->electives_per_weekday);
        for (size_t d = 0; d < 7; d++)
            any = any || counts->ints[d] > 0;
    }
    if (stay->ok) {
        hsc__cfg_read_dist(b->ctx, stay->setting, &cohort->elective_duration);
        if (!any)
            hsc_dist_fini(&cohort->elective_duration);
    } else if (!stay->setting && any) {
        hsc__scn_missing(b, entry, &hsc__cfg_schema_cohort, "elective_duration",
                         "electives_per_weekday books electives: expected the distribution "
                         "of their treatment stay");
    }
}

void hsc__scn_read_demand(struct hsc__scn_build *b, size_t c, const config_setting_t *entry,
                          const struct hsc__cfg_value *vals)
{
    struct hsc_cohort *cohort = &b->sc->cohorts[c];
    const struct hsc__cfg_value *population = &vals[HSC__COHORT_POPULATION];
    double total = 0.0;
    bool population_ok;
    if (population->setting) {
        population_ok = population->ok && read_population(b, cohort, population->setting, &total);
    } else {
        /* A misspelt population has its own error; the rate draws none. */
        const char *known[HSC__COHORT_N];
        size_t n_known = hsc__cfg_schema_names(&hsc__cfg_schema_cohort, 0, known, HSC__COHORT_N);
        population_ok = !hsc__cfg_typo_of(entry, known, n_known, "population");
    }
    read_rates(b, c, vals, population_ok, total);
    read_electives(b, cohort, entry, vals);
}
