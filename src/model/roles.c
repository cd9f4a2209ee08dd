/*
 * The role table (roles.h). Each row says what a role means for the flow
 * and for the KPIs; the handlers are the flow's (flow.h).
 */
#include "roles.h"

#include "flow.h"

#define COMMUNITY .community = true, .delay_reason = true, \
                  .admitted = hsc__community_admitted, .stay_ends = hsc__community_stay_ends

const struct hsc__role_rules hsc__roles[HSC_ROLE_COUNT] = {
    [HSC_ROLE_ACUTE] = {.acute = true, .away_from_home = true,
                        .admitted = hsc__pathway_admitted, .stay_ends = hsc__pathway_treatment_ends},
    [HSC_ROLE_ASSESSMENT] = {.keeps_place = true, .admitted = hsc__pathway_assessment_admitted,
                             .stay_ends = hsc__pathway_assessment_ends},
    [HSC_ROLE_STEP_UP] = {COMMUNITY, .step_up = true},
    [HSC_ROLE_STEP_DOWN] = {COMMUNITY, .away_from_home = true, .starts_91d_check = true},
    [HSC_ROLE_COMMUNITY_HOSPITAL] = {COMMUNITY, .away_from_home = true},
    [HSC_ROLE_REABLEMENT] = {COMMUNITY, .starts_91d_check = true, .reablement = true},
    [HSC_ROLE_HOME_CARE] = {COMMUNITY, .intensive_at_home = true},
    [HSC_ROLE_CARE_HOME] = {COMMUNITY, .away_from_home = true, .care_home = true},
    [HSC_ROLE_OTHER] = {COMMUNITY},
};
