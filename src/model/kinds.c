/*
 * The kind table (kinds.h): beds and caseload places are whole places taken
 * by one person each; an hours service's capacity is care hours a week and
 * each package commits its own drawn hours.
 */
#include "kinds.h"

#include <math.h>

#include "service.h"

static bool places_fit(const struct hsc__partition *part, double hours)
{
    (void)hours;
    return (double)part->occupied < part->capacity;
}

/* A package larger than the whole capacity still starts in an empty
 * partition; otherwise it would block the queue for ever. */
static bool hours_fit(const struct hsc__partition *part, double hours)
{
    return part->committed_hours + hours <= part->capacity + 1e-9 ||
           (part->occupied == 0 && part->capacity > 0.0);
}

static void commit_hours(struct hsc__service *svc, struct hsc__partition *part, int64_t change,
                         double hours, double time)
{
    svc->committed_hours += (double)change * hours;
    part->committed_hours += (double)change * hours;
    hsc_tw_set(&svc->hours_tw, time, svc->committed_hours);
}

static double caseload_capacity(const struct hsc_service *cfg, const struct hsc_staff_group *group,
                                double at_work)
{
    (void)group;
    return floor(at_work * cfg->caseload_per_wte + 1e-9);
}

static double hours_capacity(const struct hsc_service *cfg, const struct hsc_staff_group *group,
                             double at_work)
{
    (void)cfg;
    return at_work * group->care_hours_per_wte_week;
}

static double bed_cost(const struct hsc_service *cfg, double bed_days, double care_hours)
{
    (void)care_hours;
    return cfg->cost_per_bed_day * bed_days;
}

/* Caseload services are costed through their staff. */
static double no_cost(const struct hsc_service *cfg, double bed_days, double care_hours)
{
    (void)cfg, (void)bed_days, (void)care_hours;
    return 0.0;
}

static double hours_cost(const struct hsc_service *cfg, double bed_days, double care_hours)
{
    (void)bed_days;
    return cfg->cost_per_care_hour * care_hours;
}

const struct hsc__kind_rules hsc__kinds[HSC_KIND_COUNT] = {
    [HSC_KIND_BEDS] = {.whole_places = true, .fits = places_fit, .cost = bed_cost},
    [HSC_KIND_CASELOAD] = {.whole_places = true, .may_count_working_days = true,
                           .fits = places_fit, .staff_capacity = caseload_capacity,
                           .cost = no_cost},
    [HSC_KIND_HOURS] = {.draws_hours = true, .fits = hours_fit, .commit = commit_hours,
                        .staff_capacity = hours_capacity, .cost = hours_cost},
};
