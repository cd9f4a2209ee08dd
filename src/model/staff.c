/*
 * Staff groups at run time (staff.h): posts rostered on a working day are
 * filled x days_per_week / working days when the roster has more days than
 * a WTE works; staff at work each day are the rostered posts less a
 * binomial draw of sickness absence among them.
 *
 * A staffed service's capacity follows its group through its kind
 * (kinds.h: caseload = floor(WTE at work x caseload per WTE), hours = WTE
 * at work x care hours per WTE a week). A capacity that falls below the
 * current caseload evicts nobody (hsc__service_set_capacity).
 */
#include "staff.h"

#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdlib.h>

#include "hscflow/rng.h"
#include "replication.h"

/* Share of the posts at work on each working day: a WTE working 5 days a
 * week on a 7-day roster is there 5 days in 7. */
static double spread(const struct hsc_staff_group *group)
{
    int days = __builtin_popcount(group->working_days);
    if (group->days_per_week <= 0.0 || days == 0 || group->days_per_week >= (double)days)
        return 1.0;
    return group->days_per_week / (double)days;
}

double hsc__staff_out_of_hours_share(const struct hsc_staff_group *group)
{
    double day = group->to_hour - group->from_hour;
    double standard = fmax(0.0, fmin(group->to_hour, group->standard_to) -
                                    fmax(group->from_hour, group->standard_from));
    double all = 0.0, outside = 0.0;
    for (int d = 0; d < 7; d++) {
        if (!(group->working_days & (1u << d)))
            continue;
        all += day;
        outside += d < 5 ? day - standard : day; /* 0 = Monday: 5, 6 are the weekend */
    }
    return all > 0.0 ? outside / all : 0.0;
}

int hsc__staff_init(struct hsc_sim *sim)
{
    const struct hsc_scenario *sc = sim->sc;
    sim->staff = calloc(sc->n_staff ? sc->n_staff : 1, sizeof *sim->staff);
    if (!sim->staff)
        return -1;
    for (size_t g = 0; g < sc->n_staff; g++) {
        const struct hsc_staff_group *group = &sc->staff[g];
        struct hsc__staff *staff = &sim->staff[g];
        staff->filled = group->wte * (1.0 - group->vacancy_rate);
        staff->rostered = staff->filled * spread(group);
        staff->at_work = staff->rostered;
        if (group->sickness_absence > 0.0) {
            staff->absence_rng = hsc__stream(sim, "absence/%s", group->name);
            if (!staff->absence_rng)
                return -1;
        }
    }
    return 0;
}

void hsc__staff_fini(struct hsc_sim *sim)
{
    for (size_t g = 0; sim->staff && g < sim->sc->n_staff; g++)
        if (sim->staff[g].absence_rng)
            hsc_rng_free(sim->staff[g].absence_rng);
    free(sim->staff);
    sim->staff = NULL;
}

double hsc__staff_capacity(const struct hsc_sim *sim, const struct hsc_service *cfg)
{
    return hsc__kind_of(cfg)->staff_capacity(cfg, &sim->sc->staff[cfg->staff],
                                             sim->staff[cfg->staff].at_work);
}

/* Filled posts are people: each is absent today with the group's
 * probability, independently (a binomial draw over the whole posts). */
static double draw_at_work(struct hsc__staff *staff, double absence)
{
    if (!staff->absence_rng || staff->rostered <= 0.0)
        return staff->rostered;
    unsigned posts = (unsigned)fmax(1.0, round(staff->rostered));
    unsigned absent = gsl_ran_binomial(staff->absence_rng, absence, posts);
    return staff->rostered * (1.0 - (double)absent / (double)posts);
}

void hsc__staff_new_day(struct hsc_sim *sim, long day)
{
    const struct hsc_scenario *sc = sim->sc;
    for (size_t g = 0; g < sc->n_staff; g++) {
        const struct hsc_staff_group *group = &sc->staff[g];
        double before = sim->staff[g].at_work;
        sim->staff[g].at_work = draw_at_work(&sim->staff[g], group->sickness_absence);
        if (sim->staff[g].at_work != before)
            for (size_t s = 0; s < sim->n_services; s++)
                if (sim->services[s].cfg->staff == g)
                    hsc__service_set_capacity(sim, (uint16_t)s,
                                              hsc__staff_capacity(sim, sim->services[s].cfg));
        double start = hsc__clock_midnight(&sim->clock, day) + group->from_hour / 24.0;
        if (group->from_hour > 0.0 && ((group->working_days >> hsc__clock_weekday(&sim->clock, day)) & 1u) &&
            start < sim->clock.t_end)
            hsc__sim_schedule(sim, start, HSC_EV_SHIFT, HSC_NO_PERSON, 0, (uint32_t)g, 0);
    }
}

/* Compares times built exactly as the shift-start event's time is (midnight
 * + hour / 24): recomputing the hour from the time can give 7.999... for an
 * 8:00 start, and the team would miss its own shift start. */
bool hsc__staff_on_shift(const struct hsc_sim *sim, size_t g)
{
    const struct hsc_staff_group *group = &sim->sc->staff[g];
    if (group->from_hour <= 0.0 && group->to_hour >= 24.0)
        return true;
    double midnight = hsc__clock_midnight(&sim->clock, hsc__sim_today(sim));
    return sim->now >= midnight + group->from_hour / 24.0 &&
           sim->now < midnight + group->to_hour / 24.0;
}

void hsc__staff_shift_starts(struct hsc_sim *sim, size_t g)
{
    for (size_t s = 0; s < sim->n_services; s++)
        if (sim->services[s].cfg->staff == g)
            hsc__service_serve(sim, (uint16_t)s);
}
