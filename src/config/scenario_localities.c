/*
 * Locality variation (`cohorts.<name>.localities.<locality>`): a locality's
 * residents of a cohort may differ in the cohort's rate, in-hospital deaths,
 * pathway split, readmissions, step-up, non-capacity delays, discharge to
 * assess, community deaths and treatment stay (`acute_stay`). Each such locality gets a variant of the
 * cohort: a full copy with its settings applied, read by the same readers
 * as the cohort's own. A locality that sets nothing has no variant.
 *
 * The rate is per locality already, so an overridden rate changes the
 * cohort's own emergency_per_day for that locality (and the variant's copy).
 */
#include <stdlib.h>
#include <string.h>

#include "hscflow/calendar.h"

#include "cfg_dist.h"
#include "cfg_schema.h"
#include "scenario_build.h"

static bool copy_doubles(double **dst, const double *src, size_t n)
{
    *dst = NULL;
    if (!src)
        return true;
    *dst = malloc((n ? n : 1) * sizeof **dst);
    if (*dst)
        memcpy(*dst, src, n * sizeof **dst);
    return *dst != NULL;
}

/* A deep copy of a cohort (without variants). Returns false when memory
 * runs out (dst then holds what was copied: release it as a cohort). */
static bool cohort_copy(struct hsc_cohort *dst, const struct hsc_cohort *src, size_t nl,
                        size_t ns)
{
    *dst = *src;
    dst->variants = NULL;
    dst->name = strdup(src->name);
    bool ok = dst->name != NULL;
    ok = copy_doubles(&dst->population, src->population, nl) && ok;
    ok = copy_doubles(&dst->emergency_per_day, src->emergency_per_day, nl) && ok;
    ok = copy_doubles(&dst->readmission_28d, src->readmission_28d, 1 + ns) && ok;
    ok = copy_doubles(&dst->assess_after, src->assess_after, 1 + ns) && ok;
    ok = hsc_dist_copy(&dst->elective_duration, &src->elective_duration) == 0 && ok;
    ok = hsc_dist_copy(&dst->readmission_days, &src->readmission_days) == 0 && ok;
    dst->acute_stay = (struct hsc_dist){0};
    dst->discharge.routes = malloc((src->discharge.n ? src->discharge.n : 1) *
                                   sizeof *dst->discharge.routes);
    if (dst->discharge.routes)
        memcpy(dst->discharge.routes, src->discharge.routes,
               src->discharge.n * sizeof *dst->discharge.routes);
    ok = dst->discharge.routes != NULL && ok;
    dst->step_up = NULL;
    if (src->step_up) {
        dst->step_up = malloc(src->n_step_up * sizeof *dst->step_up);
        if (dst->step_up)
            memcpy(dst->step_up, src->step_up, src->n_step_up * sizeof *dst->step_up);
        ok = dst->step_up != NULL && ok;
    }
    for (int k = 0; k < HSC_DELAY_CODE_COUNT; k++) {
        ok = copy_doubles(&dst->delays[k].share, src->delays[k].share, 1 + ns) && ok;
        ok = hsc_dist_copy(&dst->delays[k].duration, &src->delays[k].duration) == 0 && ok;
    }
    return ok;
}

/* Applies one locality's overrides (group `entry`) to its variant. */
static void apply(struct hsc__scn_build *b, struct hsc_cohort *base, size_t l,
                  struct hsc_cohort *variant, const config_setting_t *entry)
{
    struct hsc__cfg_value v[HSC__LOCAL_N];
    hsc__cfg_read_group(b->ctx, entry, &hsc__cfg_schema_local, v);
    if (v[HSC__LOCAL_EMERGENCY_PER_1000].ok) {
        if (!(base->population[l] > 0.0))
            hsc__cfg_error(b->ctx, v[HSC__LOCAL_EMERGENCY_PER_1000].setting,
                           "needs a population above 0 in locality \"%s\" (a rate per 1,000 "
                           "people)", b->sc->localities[l]);
        else
            base->emergency_per_day[l] = variant->emergency_per_day[l] =
                base->population[l] * v[HSC__LOCAL_EMERGENCY_PER_1000].d / 1000.0 / HSC_DAYS_PER_YEAR;
    }
    if (v[HSC__LOCAL_DEATH_IN_HOSPITAL].ok)
        variant->death_in_hospital = v[HSC__LOCAL_DEATH_IN_HOSPITAL].d;
    if (v[HSC__LOCAL_DISCHARGE].ok) {
        hsc__scn_routes_fini(&variant->discharge);
        hsc__scn_read_discharge(b, v[HSC__LOCAL_DISCHARGE].setting, &variant->discharge);
    }
    if (v[HSC__LOCAL_READMISSION_28D].ok) {
        memset(variant->readmission_28d, 0,
               (1 + b->sc->n_services) * sizeof *variant->readmission_28d);
        hsc__scn_read_readmission(b, v[HSC__LOCAL_READMISSION_28D].setting,
                                  variant->readmission_28d);
        bool any = false;
        for (size_t slot = 0; slot < 1 + b->sc->n_services; slot++)
            any = any || variant->readmission_28d[slot] > 0.0;
        if (any && variant->readmission_days.kind == HSC_DIST_NONE)
            hsc__cfg_error(b->ctx, v[HSC__LOCAL_READMISSION_28D].setting,
                           "gives a probability above 0 but the cohort has no readmission_days "
                           "(set it on the cohort)");
    }
    if (v[HSC__LOCAL_STEP_UP].ok) {
        free(variant->step_up);
        variant->step_up = NULL;
        variant->n_step_up = 0;
        variant->step_up_share = 0.0;
        hsc__scn_read_step_up(b, variant, v[HSC__LOCAL_STEP_UP].setting);
    }
    if (v[HSC__LOCAL_DISCHARGE_DELAYS].ok)
        hsc__scn_read_delays_into(b, variant, v[HSC__LOCAL_DISCHARGE_DELAYS].setting);
    if (v[HSC__LOCAL_ASSESS_AFTER].ok)
        hsc__scn_read_assess_after_into(b, variant, v[HSC__LOCAL_ASSESS_AFTER].setting);
    if (v[HSC__LOCAL_COMMUNITY_DEATHS].ok)
        variant->community_deaths_per_day = v[HSC__LOCAL_COMMUNITY_DEATHS].d / HSC_DAYS_PER_YEAR;
    if (v[HSC__LOCAL_ACUTE_STAY].ok)
        hsc__cfg_read_dist(b->ctx, v[HSC__LOCAL_ACUTE_STAY].setting, &variant->acute_stay);
}

void hsc__scn_read_local_variants(struct hsc__scn_build *b, size_t c,
                                  const struct hsc__cfg_value *vals)
{
    const struct hsc__cfg_value *group = &vals[HSC__COHORT_LOCALITIES];
    if (!group->ok)
        return;
    struct hsc_cohort *cohort = &b->sc->cohorts[c];
    size_t nl = b->sc->n_localities, ns = b->sc->n_services;
    cohort->variants = calloc(nl, sizeof *cohort->variants);
    if (!cohort->variants) {
        hsc__cfg_error(b->ctx, group->setting, "out of memory");
        return;
    }
    for (int i = 0; i < config_setting_length(group->setting) && !hsc__cfg_stop(b->ctx); i++) {
        const config_setting_t *entry = config_setting_get_elem(group->setting, (unsigned)i);
        const char *name = config_setting_name(entry);
        long l = hsc__scn_index((const char *const *)b->sc->localities, nl, name);
        if (l < 0) {
            char hint[512] = "";
            hsc__scn_hint(name, NULL, (const char *const *)b->sc->localities, nl, hint,
                          sizeof hint);
            hsc__cfg_error(b->ctx, entry, "unknown locality \"%s\" (%s)", name, hint);
            continue;
        }
        if (!config_setting_is_group(entry)) {
            hsc__cfg_error(b->ctx, entry, "expected a group (got %s)", hsc__cfg_type_name(entry));
            continue;
        }
        struct hsc_cohort *variant = &cohort->variants[l];
        if (!cohort_copy(variant, cohort, nl, ns)) {
            hsc__cfg_error(b->ctx, entry, "out of memory");
            return;
        }
        apply(b, cohort, (size_t)l, variant, entry);
    }
}
