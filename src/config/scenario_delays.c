/*
 * A cohort's non-capacity discharge delays (`cohorts.<name>.discharge_delays`):
 * for each reason code, the share of people ready for discharge on each
 * pathway (destination "home", a community service, or "default" for the
 * rest) who wait for that reason, and how long the wait lasts.
 *
 * A person waits for at most one such reason, so the shares of all codes
 * for one destination must sum to at most 1 (never rescaled). A code whose
 * shares are all 0 is dropped.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "cfg_dist.h"
#include "cfg_schema.h"
#include "scenario_build.h"

#define SUM_TOLERANCE 1e-9

/* Reads one code's group into *delay. */
static void read_code(struct hsc__scn_build *b, int code, const config_setting_t *group,
                      struct hsc_discharge_delay *delay)
{
    struct hsc__cfg_value vals[HSC__DELAY_N];
    hsc__cfg_read_group(b->ctx, group, &hsc__cfg_schema_delay[code], vals);
    delay->share = calloc(1 + b->sc->n_services, sizeof *delay->share);
    if (!delay->share) {
        hsc__cfg_error(b->ctx, group, "out of memory");
        return;
    }
    char pattern[128];
    snprintf(pattern, sizeof pattern, "%s.share", hsc__cfg_schema_delay[code].pattern);
    if (vals[HSC__DELAY_SHARE].ok)
        hsc__scn_read_delay_shares(b, vals[HSC__DELAY_SHARE].setting, pattern, delay->share);
    if (vals[HSC__DELAY_DURATION].ok)
        hsc__cfg_read_dist(b->ctx, vals[HSC__DELAY_DURATION].setting, &delay->duration);
}

static void drop_code(struct hsc_discharge_delay *delay)
{
    free(delay->share);
    delay->share = NULL;
    hsc_dist_fini(&delay->duration);
}

/* Every destination's shares, over all codes, sum to at most 1. */
static void check_sums(struct hsc__scn_build *b, const struct hsc_cohort *cohort,
                       const config_setting_t *group)
{
    for (size_t slot = 0; slot < 1 + b->sc->n_services && !hsc__cfg_stop(b->ctx); slot++) {
        double sum = 0.0;
        for (int k = 0; k < HSC_DELAY_CODE_COUNT; k++)
            sum += cohort->delays[k].share ? cohort->delays[k].share[slot] : 0.0;
        if (sum <= 1.0 + SUM_TOLERANCE)
            continue;
        char text[32];
        hsc__cfg_format_sum(sum, text, sizeof text);
        hsc__cfg_error(b->ctx, group,
                       "the shares for destination \"%s\" sum to %s: at most 1 (a person waits "
                       "for one reason at most)",
                       slot == 0 ? "home" : b->service_names[slot - 1], text);
    }
}

void hsc__scn_read_assess_after_into(struct hsc__scn_build *b, struct hsc_cohort *cohort,
                                     const config_setting_t *group)
{
    free(cohort->assess_after);
    cohort->assess_after = calloc(1 + b->sc->n_services, sizeof *cohort->assess_after);
    if (!cohort->assess_after) {
        hsc__cfg_error(b->ctx, group, "out of memory");
        return;
    }
    hsc__scn_read_assess_shares(b, group, cohort->assess_after);
    const config_setting_t *home = config_setting_get_member(group, "home");
    if (home && cohort->assess_after[0] > 0.0)
        hsc__cfg_error(b->ctx, home, "pathway-0 discharges (home) are never assessed (name the "
                                     "services whose people may be discharged to assess)");
    cohort->assess_after[0] = 0.0;
}

void hsc__scn_read_delays_into(struct hsc__scn_build *b, struct hsc_cohort *cohort,
                               const config_setting_t *group)
{
    for (int k = 0; k < HSC_DELAY_CODE_COUNT; k++)
        drop_code(&cohort->delays[k]);
    struct hsc__cfg_value codes[HSC_DELAY_CODE_COUNT];
    hsc__cfg_read_group(b->ctx, group, &hsc__cfg_schema_delays, codes);
    for (int k = 0; k < HSC_DELAY_CODE_COUNT && !hsc__cfg_stop(b->ctx); k++)
        if (codes[k].ok)
            read_code(b, k, codes[k].setting, &cohort->delays[k]);
    check_sums(b, cohort, group);
    for (int k = 0; k < HSC_DELAY_CODE_COUNT; k++) {
        struct hsc_discharge_delay *delay = &cohort->delays[k];
        bool used = false;
        for (size_t slot = 0; delay->share && slot < 1 + b->sc->n_services; slot++)
            used = used || delay->share[slot] > 0.0;
        if (!used || delay->duration.kind == HSC_DIST_NONE)
            drop_code(delay);
    }
}
