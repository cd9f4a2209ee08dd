/*
 * The KPI catalogue (identifiers, units, descriptions) and the KPIs of one
 * finished replication, produced by one walk over the same list so the two
 * can never disagree on order.
 *
 * Definitions follow docs/kpis.md; every KPI covers the
 * measurement period; a KPI whose denominator is zero is NaN, never 0.
 */
#include "hscflow/kpis.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hscflow/calendar.h"
#include "kinds.h"
#include "replication.h"
#include "roles.h"

struct walk {
    const struct hsc_scenario *sc;
    const struct hsc_sim *sim; /* NULL while building the catalogue */
    struct hsc_kpi_def *defs;  /* filled when non-NULL */
    double *values;            /* filled when non-NULL */
    size_t n;
    bool failed;
};

/* A value, evaluated only when there is a replication to read it from. */
#define V(expr) (w->sim ? (double)(expr) : NAN)

static void emit(struct walk *w, const char *unit, const char *desc, double value,
                 const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void emit(struct walk *w, const char *unit, const char *desc, double value,
                 const char *fmt, ...)
{
    if (w->defs) {
        char name[512];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(name, sizeof name, fmt, ap);
        va_end(ap);
        struct hsc_kpi_def *def = &w->defs[w->n];
        def->name = strdup(name);
        def->unit = strdup(unit);
        def->description = strdup(desc);
        if (!def->name || !def->unit || !def->description)
            w->failed = true;
    }
    if (w->values)
        w->values[w->n] = value;
    w->n++;
}

static double ratio(double num, double den)
{
    return den > 0.0 ? num / den : NAN;
}

static double pct(double num, double den)
{
    return 100.0 * ratio(num, den);
}

static double years(const struct hsc_sim *sim)
{
    return sim->sc->run.measure_days / HSC_DAYS_PER_YEAR;
}

/* NaN when the run never has an acute bed. */
static double acute_fraction(const struct hsc_sim *sim, double value)
{
    return hsc__acute_ever_open(&sim->acute) ? value : NAN;
}

/* Step-up episodes started in the period: ended in admission, or not. */
static double step_up_total(const struct hsc_sim *sim, bool admitted)
{
    int64_t total = 0;
    for (size_t s = 0; s < sim->n_services; s++) {
        const struct hsc__service *svc = &sim->services[s];
        total += admitted ? svc->period.step_up_admitted
                          : svc->period.step_up_started - svc->period.step_up_admitted;
    }
    return (double)total;
}

static double care_home_mean(const struct hsc_sim *sim)
{
    double residents = 0.0;
    for (size_t s = 0; s < sim->n_services; s++)
        if (sim->services[s].role->care_home)
            residents += hsc_tw_mean(&sim->services[s].occupancy_tw, sim->clock.t_end);
    return residents;
}

static void admissions_kpis(struct walk *w, const struct hsc__measures *m)
{
    const struct hsc_sim *sim = w->sim;
    emit(w, "people", "emergency admissions (readmissions included)",
         V(m->emergency_admissions), "emergency_admissions");
    emit(w, "per 1,000 pop per year", "emergency admissions a year per 1,000 population",
         V(ratio((double)m->emergency_admissions, sim->demand.population / 1000.0 * years(sim))),
         "emergency_admission_rate_per_1000");
    emit(w, "people", "elective admissions", V(m->elective_admissions), "elective_admissions");
    emit(w, "people", "electives cancelled for want of a bed", V(m->elective_cancellations),
         "elective_cancellations");
    emit(w, "fraction", "occupied / available acute beds, time-weighted mean",
         V(acute_fraction(sim, hsc__acute_mean(sim))),
         "acute_occupancy_mean");
    emit(w, "fraction",
         "95th percentile of the time-weighted distribution of acute occupancy",
         V(acute_fraction(sim, hsc__acute_quantile(sim, 0.95))), "acute_occupancy_p95");
    emit(w, "fraction of days", "days whose mean acute occupancy exceeded 92%",
         V(ratio((double)sim->acute.days_over_92, (double)sim->acute.days_measured)), "acute_days_over_92pct");
    emit(w, "hours", "wait for an acute bed, mean over emergency admissions (zeros included)",
         V(24.0 * ratio(m->boarding_days_sum, (double)m->emergency_admissions)),
         "ed_boarding_hours_mean");
    emit(w, "people", "emergency admissions who waited over 12 hours for a bed",
         V(m->boarding_over_12h), "ed_boarding_over_12h");
    emit(w, "people", "presentations diverted after the maximum wait for an acute bed",
         V(m->ed_diverted), "ed_diverted");
    emit(w, "people", "step-up episodes started in the period that did not end in an acute "
                      "admission (open ones count)",
         V(step_up_total(sim, false)), "admissions_avoided");
    emit(w, "people", "step-up episodes started in the period that ended in an acute admission",
         V(step_up_total(sim, true)), "step_up_admitted");
}

static void discharge_kpis(struct walk *w, const struct hsc__measures *m)
{
    const struct hsc_sim *sim = w->sim;
    emit(w, "people", "people who became ready for discharge", V(m->ready),
         "ready_for_discharge");
    emit(w, "%", "of live acute discharges, the share within 72 hours of being ready",
         V(pct((double)m->within_72h, (double)m->live_discharges)), "discharged_within_72h_pct");
    emit(w, "bed-days", "acute bed-days after the ready-for-discharge time, every reason",
         V(m->delay_total), "delayed_bed_days");
    emit(w, "per 100,000 pop per year", "delayed bed-days a year per 100,000 population",
         V(ratio(m->delay_total, sim->demand.population / 100000.0 * years(sim))),
         "delayed_bed_days_per_100k");
    emit(w, "people", "time-weighted mean number of people in acute beds after being ready",
         V(m->delay_total / sim->sc->run.measure_days), "delayed_patients_mean");
    emit(w, "people", "people in acute beds past their ready time at the end",
         V(m->still_delayed), "still_delayed_at_end");
    emit(w, "people", "people discharged to assess: admitted to their service before the "
                      "assessment, which then happens there",
         V(m->discharged_to_assess), "discharged_to_assess");
    emit(w, "people", "people in acute beds past their ready time at the monthly census (the "
                      "last Thursday of each month, at midnight), mean over the period's censuses",
         V(ratio((double)m->census_delayed, (double)m->census_points)), "census_delayed_mean");
    emit(w, "days", "median delay so far of the people delayed at the censuses (0.5% "
                    "resolution)",
         V(hsc_qhist_quantile(&m->census_delays, 0.5)),
         "census_delay_median_days");
    emit(w, "%", "of live acute discharges in [start, end - 28 days], the share re-admitted "
                 "as an emergency within 28 days",
         V(pct((double)m->readmitted, (double)m->readmit_base)), "readmissions_28d_pct");
}

/* Held places over every service: returns, or days held. */
static double held_total(const struct hsc_sim *sim, bool returns)
{
    double total = 0.0;
    for (size_t s = 0; s < sim->n_services; s++)
        total += returns ? (double)sim->services[s].period.held_returns
                         : sim->services[s].period.held_days;
    return total;
}

static int64_t home_count(const struct hsc__period_counts *p, int outcome)
{
    return outcome == HSC_HOME_GIVES_UP ? p->gave_up
           : outcome == HSC_HOME_PRESENTS ? p->presented
                                          : p->died_waiting;
}

/* Waits at home ended by `outcome`, over every service. */
static double home_total(const struct hsc_sim *sim, int outcome)
{
    double total = 0.0;
    for (size_t s = 0; s < sim->n_services; s++)
        total += (double)home_count(&sim->services[s].period, outcome);
    return total;
}

static void outcome_kpis(struct walk *w, const struct hsc__measures *m)
{
    const struct hsc_sim *sim = w->sim;
    double intensive = sim ? hsc_tw_mean(&m->intensive_tw, sim->clock.t_end) : NAN;
    emit(w, "people", "new long-term care home admissions", V(m->care_home_admissions),
         "care_home_admissions");
    emit(w, "people", "new care home admissions straight from an acute bed",
         V(m->care_home_from_acute), "care_home_admissions_from_acute");
    emit(w, "people", "people back from hospital to a community place held for them",
         V(held_total(sim, true)), "held_place_returns");
    emit(w, "place-days", "days community places were held for people in hospital",
         V(held_total(sim, false)), "held_place_days");
    emit(w, "people", "people waiting at home for a community service who gave up",
         V(home_total(sim, HSC_HOME_GIVES_UP)), "gave_up");
    emit(w, "people", "people waiting at home for a community service who presented to hospital",
         V(home_total(sim, HSC_HOME_PRESENTS)), "presented_while_waiting");
    emit(w, "people", "people waiting at home for a community service who died",
         V(home_total(sim, HSC_HOME_DIES)), "died_waiting");
    emit(w, "%", "of reablement completions, those who need no ongoing service",
         V(pct((double)m->reablement_no_further, (double)m->reablement_completions)),
         "reablement_no_further_care_pct");
    emit(w, "%", "of people discharged into reablement or step-down in [start, end - 91 days], "
                 "those alive and not in a hospital, step-down or care-home bed 91 days later",
         V(pct((double)m->check_at_home, (double)m->check_base)), "at_home_91d_pct");
    emit(w, "%", "home-care clients with >= 10 hours a week, as a share of them plus care-home "
                 "residents (time-weighted means)",
         V(pct(intensive, intensive + care_home_mean(sim))),
         "intensive_needs_at_home_pct");
    emit(w, "people", "deaths (in hospital and in services)", V(m->deaths), "deaths");
    emit(w, "people", "deaths in acute hospital", V(m->deaths_in_hospital), "deaths_in_hospital");
    emit(w, "people", "deaths in the community by the cohorts' community death rates (in "
                      "services, waiting at home, or at home within a follow-up)",
         V(m->community_deaths), "community_deaths");
}

/* The groups Scotland's census reports delays by (docs/kpis.md). */
enum { HSC_DELAY_GROUP_HSC, HSC_DELAY_GROUP_PATIENT_FAMILY, HSC_DELAY_GROUP_COMPLEX,
       HSC_DELAY_GROUP_COUNT };

static const struct {
    const char *name;
    const char *description;
} delay_groups[HSC_DELAY_GROUP_COUNT] = {
    [HSC_DELAY_GROUP_HSC] = {"health_social_care", "delayed bed-days waiting for capacity: a "
                                                   "discharge slot, an assessment or a place"},
    [HSC_DELAY_GROUP_PATIENT_FAMILY] = {"patient_family", "delayed bed-days for patient, carer "
                                                          "or family reasons"},
    [HSC_DELAY_GROUP_COMPLEX] = {"complex", "delayed bed-days for complex reasons (code 9: "
                                            "guardianship, a chosen care home, other)"},
};

/* What each non-capacity code means and which census group it counts in;
 * every capacity reason counts in health_social_care. */
static const struct {
    const char *description;
    int group;
} delay_codes[HSC_DELAY_CODE_COUNT] = {
    [HSC_DELAY_PATIENT_FAMILY_CHOICE] = {"delayed bed-days for patient, carer or family choice "
                                         "or disagreement", HSC_DELAY_GROUP_PATIENT_FAMILY},
    [HSC_DELAY_LEGAL_FINANCIAL] = {"delayed bed-days for legal or financial arrangements",
                                   HSC_DELAY_GROUP_PATIENT_FAMILY},
    [HSC_DELAY_SPECIFIC_CARE_HOME] = {"delayed bed-days waiting for a chosen care home",
                                      HSC_DELAY_GROUP_COMPLEX},
    [HSC_DELAY_LEGAL_AWI] = {"delayed bed-days for guardianship (Adults with Incapacity)",
                             HSC_DELAY_GROUP_COMPLEX},
    [HSC_DELAY_COMPLEX_OTHER] = {"delayed bed-days for other complex reasons",
                                 HSC_DELAY_GROUP_COMPLEX},
};

/* Delayed bed-days of census group g. */
static double group_days(const struct hsc_sim *sim, int g)
{
    const double *days = sim->m.delay_by_reason;
    size_t ns = sim->n_services;
    double total = 0.0;
    if (g == HSC_DELAY_GROUP_HSC) {
        for (size_t r = 0; r < HSC_REASON_SERVICE0 + ns; r++)
            total += days[r];
        return total;
    }
    for (int k = 0; k < HSC_DELAY_CODE_COUNT; k++)
        if (delay_codes[k].group == g)
            total += days[hsc__reason_of_code(ns, k)];
    return total;
}

#define STR_(x) #x
#define STR(x) STR_(x)

/* The last headline KPI: whether the replication reached a steady state at
 * all (runaway.h; NaN when the period is too short to test). */
static void runaway_kpis(struct walk *w)
{
    const struct hsc_sim *sim = w->sim;
    emit(w, "queues",
         "queues (the ED queue and each service's waiting list) that ran away: a sustained "
         "rise over the second half of the period; NaN when it is shorter than "
         STR(HSC_RUNAWAY_MIN_DAYS) " days",
         V(sim->runaway.applied ? (double)sim->runaway.count : NAN), "runaway_queues");
}

static void cohort_kpis(struct walk *w, const struct hsc__measures *m)
{
    const struct hsc_scenario *sc = w->sc;
    for (size_t c = 0; c < sc->n_cohorts; c++)
        emit(w, "people", "emergency admissions of the cohort", V(m->emergency_by_cohort[c]),
             "emergency_admissions.cohort.%s", sc->cohorts[c].name);
    for (size_t l = 0; l < sc->n_localities; l++)
        emit(w, "people", "emergency admissions of the locality's residents",
             V(m->emergency_by_locality[l]), "emergency_admissions.locality.%s", sc->localities[l]);
    emit(w, "bed-days", "delayed bed-days of pathway-0 people waiting for a discharge slot",
         V(m->delay_by_reason[HSC_REASON_DISCHARGE]), "delayed_bed_days.reason.awaiting_discharge");
    emit(w, "bed-days", "delayed bed-days waiting for, or in, an assessment",
         V(m->delay_by_reason[HSC_REASON_ASSESSMENT]),
         "delayed_bed_days.reason.awaiting_assessment");
    for (size_t s = 0; s < sc->n_services; s++) {
        if (hsc__role_of(&sc->services[s])->delay_reason)
            emit(w, "bed-days", "delayed bed-days waiting for a place in the service",
                 V(m->delay_by_reason[HSC_REASON_SERVICE0 + s]),
                 "delayed_bed_days.reason.awaiting_%s", sc->services[s].name);
    }
    for (int k = 0; k < HSC_DELAY_CODE_COUNT; k++)
        emit(w, "bed-days", delay_codes[k].description,
             V(m->delay_by_reason[hsc__reason_of_code(sc->n_services, k)]),
             "delayed_bed_days.reason.%s", hsc_delay_code_name(k));
    for (int g = 0; g < HSC_DELAY_GROUP_COUNT; g++)
        emit(w, "bed-days", delay_groups[g].description, V(group_days(w->sim, g)),
             "delayed_bed_days.group.%s", delay_groups[g].name);
    for (size_t c = 0; c < sc->n_cohorts; c++)
        emit(w, "bed-days", "delayed bed-days of the cohort", V(m->delay_by_cohort[c]),
             "delayed_bed_days.cohort.%s", sc->cohorts[c].name);
    for (size_t l = 0; l < sc->n_localities; l++)
        emit(w, "bed-days", "delayed bed-days of the locality's residents",
             V(m->delay_by_locality[l]), "delayed_bed_days.locality.%s", sc->localities[l]);
    for (size_t c = 0; c < sc->n_cohorts; c++)
        emit(w, "%", "discharged within 72 hours of being ready, the cohort",
             V(pct((double)m->within_72h_by_cohort[c], (double)m->discharges_by_cohort[c])),
             "discharged_within_72h_pct.cohort.%s", sc->cohorts[c].name);
    for (size_t c = 0; c < sc->n_cohorts; c++)
        emit(w, "%", "28-day emergency readmissions, the cohort",
             V(pct((double)m->readmitted_by_cohort[c], (double)m->readmit_base_by_cohort[c])),
             "readmissions_28d_pct.cohort.%s", sc->cohorts[c].name);
    for (size_t c = 0; c < sc->n_cohorts; c++)
        emit(w, "%", "at home 91 days after discharge into reablement / step-down, the cohort",
             V(pct((double)m->check_at_home_by_cohort[c], (double)m->check_base_by_cohort[c])),
             "at_home_91d_pct.cohort.%s", sc->cohorts[c].name);
}

static void service_kpis(struct walk *w)
{
    const struct hsc_scenario *sc = w->sc;
    const struct hsc_sim *sim = w->sim;
#define EACH_SERVICE(unit, desc, value, kpi)                                                   \
    for (size_t s = 0; s < sc->n_services; s++) {                                              \
        const struct hsc__service *svc = sim ? &sim->services[s] : NULL;                        \
        const struct hsc__period_counts *p = svc ? &svc->period : NULL;                          \
        (void)p;                                                                                \
        emit(w, unit, desc, V(value), kpi ".service.%s", sc->services[s].name);                 \
    }
    EACH_SERVICE("people", "people who asked for a place (admitted, queued or turned away)",
                 p->arrivals, "arrivals")
    EACH_SERVICE("people", "people who got a place", p->admissions, "admissions")
    EACH_SERVICE("people", "arrivals refused: full, with the queue at its limit", p->turned_away,
                 "turned_away")
    EACH_SERVICE("people", "time-weighted mean number holding a place",
                 hsc_tw_mean(&svc->occupancy_tw, sim->clock.t_end), "occupancy_mean")
    EACH_SERVICE("people", "time-weighted mean number waiting for a place",
                 hsc_tw_mean(&svc->waiting_tw, sim->clock.t_end), "waiting_mean")
    EACH_SERVICE("days", "mean wait from asking to getting a place, over people admitted",
                 ratio(p->wait_sum, (double)p->admissions), "wait_mean_days")
    EACH_SERVICE("days", "95th percentile of that wait (nearest rank, 0.5% resolution)",
                 hsc_qhist_quantile(&svc->wait_hist, 0.95), "wait_p95_days")
    EACH_SERVICE("%", "of people admitted, the share who waited at all",
                 pct((double)p->waited, (double)p->admissions), "waited_pct")
    EACH_SERVICE("person-days", "days people in the service spent ready to leave but waiting "
                                "for their next place",
                 p->blocked_days, "blocked_days")
#undef EACH_SERVICE
    for (size_t s = 0; s < sc->n_services; s++) {
        if (!hsc__role_of(&sc->services[s])->step_up)
            continue;
        const struct hsc__period_counts *p = sim ? &sim->services[s].period : NULL;
        emit(w, "people", "step-up episodes started in the period that did not end in an acute "
                          "admission (open ones count)",
             V(p->step_up_started - p->step_up_admitted), "admissions_avoided.service.%s",
             sc->services[s].name);
        emit(w, "people", "step-up episodes started in the period that ended in an acute admission",
             V(p->step_up_admitted), "step_up_admitted.service.%s", sc->services[s].name);
    }
    for (size_t s = 0; s < sc->n_services; s++) {
        if (!hsc__role_of(&sc->services[s])->community)
            continue;
        const struct hsc__period_counts *p = sim ? &sim->services[s].period : NULL;
        emit(w, "people", "people back from hospital to a place the service held for them",
             V(p->held_returns), "held_place_returns.service.%s", sc->services[s].name);
        emit(w, "place-days", "days the service held places for people in hospital",
             V(p->held_days), "held_place_days.service.%s", sc->services[s].name);
        emit(w, "people", "people waiting at home for the service who gave up",
             V(p->gave_up), "gave_up.service.%s", sc->services[s].name);
        emit(w, "people", "people waiting at home for the service who presented to hospital",
             V(p->presented), "presented_while_waiting.service.%s", sc->services[s].name);
        emit(w, "people", "people waiting at home for the service who died",
             V(p->died_waiting), "died_waiting.service.%s", sc->services[s].name);
    }
    for (size_t s = 0; s < sc->n_services; s++)
        if (hsc__kind_of(&sc->services[s])->draws_hours)
            emit(w, "hours a week", "time-weighted mean care hours a week committed to packages",
                 V(hsc_tw_mean(&sim->services[s].hours_tw, sim->clock.t_end)),
                 "hours_committed_mean.service.%s", sc->services[s].name);
}

/* What each way of paying for beds makes of a bed service's bed-days
 * (docs/options.md "Two ledgers"). */
static const struct payment_rule {
    bool per_available;     /* cost_per_bed_day is paid per available, not occupied, bed-day */
    bool use_is_cash;       /* the bed-days' cost is cash */
    bool releases_capacity; /* a freed occupied bed-day is capacity released, not cash */
} payment_rules[HSC_PAY_COUNT] = {
    [HSC_PAY_PER_OCCUPIED_BED_DAY] = {false, true, false},
    [HSC_PAY_BLOCK] = {true, true, true},
    [HSC_PAY_NOT_CASH] = {false, false, true},
};

/* A service's money over the period, in both ledgers. */
struct service_money {
    double cost;              /* every modelled cost (cost_total's share) */
    double cash;              /* what the partnership pays (cost_cash_total's share) */
    double capacity_bed_days; /* occupied bed-days a change could release as capacity */
    double capacity_value;    /* the same at value_per_bed_day */
};

/* The money of service s: its bed-days (occupied or, on a block contract,
 * available) or care hours delivered, costed by its kind (kinds.h), paid as
 * its payment rule says, plus its fixed annual cost. */
static struct service_money service_money(const struct hsc_sim *sim, size_t s)
{
    const struct hsc__service *svc = &sim->services[s];
    const struct hsc_service *cfg = svc->cfg;
    double days = sim->sc->run.measure_days;
    double bed_days = hsc_tw_mean(&svc->occupancy_tw, sim->clock.t_end) * days;
    double care_hours = hsc_tw_mean(&svc->hours_tw, sim->clock.t_end) * days / 7.0;
    double fixed = cfg->fixed_cost_per_year * days / HSC_DAYS_PER_YEAR;
    struct service_money m = {.cost = fixed, .cash = fixed};
    if (cfg->kind != HSC_KIND_BEDS) {
        double use = svc->kind->cost(cfg, bed_days, care_hours);
        m.cost += use;
        m.cash += use;
        return m;
    }
    const struct payment_rule *rule = &payment_rules[cfg->payment];
    double paid_days = rule->per_available
                           ? hsc_tw_mean(&svc->capacity_tw, sim->clock.t_end) * days
                           : bed_days;
    double use = svc->kind->cost(cfg, paid_days, care_hours);
    m.cost += use;
    if (rule->use_is_cash)
        m.cash += use;
    if (rule->releases_capacity) {
        m.capacity_bed_days = bed_days;
        m.capacity_value = bed_days * cfg->value_per_bed_day;
    }
    return m;
}

/* £ of a staff group's filled posts over the period (absent staff are
 * paid), its rostered hours outside the standard day at the enhanced rate. */
static double staff_cost(const struct hsc_sim *sim, size_t g)
{
    const struct hsc_staff_group *group = &sim->sc->staff[g];
    double enhanced = 1.0 + group->out_of_hours_enhancement * hsc__staff_out_of_hours_share(group);
    return group->cost_per_wte_year * enhanced * sim->staff[g].filled *
           sim->sc->run.measure_days / HSC_DAYS_PER_YEAR;
}

/* Every service's money summed, staff costs in cost and cash. */
static struct service_money money_total(const struct hsc_sim *sim)
{
    struct service_money total = {0};
    for (size_t s = 0; s < sim->n_services; s++) {
        struct service_money m = service_money(sim, s);
        total.cost += m.cost;
        total.cash += m.cash;
        total.capacity_bed_days += m.capacity_bed_days;
        total.capacity_value += m.capacity_value;
    }
    for (size_t g = 0; g < sim->sc->n_staff; g++) {
        double staff = staff_cost(sim, g);
        total.cost += staff;
        total.cash += staff;
    }
    return total;
}

/* The acute bed-day cost of delayed bed-days (acute blocked days are the
 * delayed ones). */
static double cost_delayed(const struct hsc_sim *sim)
{
    double total = 0.0;
    for (size_t s = 0; s < sim->n_services; s++)
        if (sim->services[s].role->acute)
            total += sim->services[s].cfg->cost_per_bed_day * sim->services[s].period.blocked_days;
    return total;
}

/* Time-weighted load (caseload, or care hours committed) over time-weighted
 * capacity, over the services the group staffs. */
static double utilisation(const struct hsc_sim *sim, size_t g)
{
    double load = 0.0, capacity = 0.0;
    for (size_t s = 0; s < sim->n_services; s++) {
        const struct hsc__service *svc = &sim->services[s];
        if (svc->cfg->staff != g)
            continue;
        load += hsc_tw_mean(svc->kind->draws_hours ? &svc->hours_tw : &svc->occupancy_tw,
                            sim->clock.t_end);
        capacity += hsc_tw_mean(&svc->capacity_tw, sim->clock.t_end);
    }
    return ratio(load, capacity);
}

static void money_kpis(struct walk *w)
{
    const struct hsc_scenario *sc = w->sc;
    const struct hsc_sim *sim = w->sim;
    struct service_money total = sim ? money_total(sim) : (struct service_money){0};
    emit(w, "£", "all costs in the period: bed-days, care hours delivered, filled staff posts "
                 "and fixed costs at their unit costs, cash or not (options' own costs "
                 "excluded)",
         V(total.cost), "cost_total");
    emit(w, "£", "what the partnership pays in the period: staff, care hours, bed-days bought "
                 "per occupied bed-day, block contracts per available bed-day and fixed costs "
                 "(options' own costs excluded)",
         V(total.cash), "cost_cash_total");
    emit(w, "bed-days", "occupied bed-days of services not paid per occupied bed-day (acute, "
                        "block contracts): what a change frees there is capacity released, "
                        "not cash",
         V(total.capacity_bed_days), "capacity_bed_days");
    emit(w, "£", "capacity_bed_days at each service's value_per_bed_day",
         V(total.capacity_value), "capacity_value");
    emit(w, "£", "the part of acute bed-day costs spent on delayed bed-days",
         V(cost_delayed(sim)), "cost_delayed_bed_days");
    for (size_t s = 0; s < sc->n_services; s++)
        emit(w, "£", "the service's bed-days or care hours at its unit cost, plus its fixed "
                     "costs",
             V(service_money(sim, s).cost), "cost_total.service.%s", sc->services[s].name);
    for (size_t g = 0; g < sc->n_staff; g++)
        emit(w, "£", "filled posts of the staff group at its cost per WTE-year",
             V(staff_cost(sim, g)), "cost_total.staff.%s", sc->staff[g].name);
    for (size_t s = 0; s < sc->n_services; s++)
        emit(w, "£", "what the partnership pays for the service in the period",
             V(service_money(sim, s).cash), "cost_cash_total.service.%s", sc->services[s].name);
    for (size_t g = 0; g < sc->n_staff; g++)
        emit(w, "£", "filled posts of the staff group at its cost per WTE-year (all cash)",
             V(staff_cost(sim, g)), "cost_cash_total.staff.%s", sc->staff[g].name);
    for (size_t g = 0; g < sc->n_staff; g++)
        emit(w, "fraction", "time-weighted caseload (or care hours committed) / capacity of the "
                            "services the group staffs",
             V(utilisation(sim, g)), "staff_utilisation.staff.%s", sc->staff[g].name);
}

static void walk_all(struct walk *w)
{
    const struct hsc__measures *m = w->sim ? &w->sim->m : NULL;
    admissions_kpis(w, m);
    discharge_kpis(w, m);
    outcome_kpis(w, m);
    runaway_kpis(w);
    cohort_kpis(w, m);
    service_kpis(w);
    money_kpis(w);
}

int hsc_kpis_build(const struct hsc_scenario *sc, struct hsc_kpi_set *set)
{
    struct walk count = {.sc = sc};
    walk_all(&count);
    set->count = count.n;
    set->defs = calloc(count.n, sizeof *set->defs);
    if (!set->defs)
        return -1;
    struct walk fill = {.sc = sc, .defs = set->defs};
    walk_all(&fill);
    if (fill.failed) {
        hsc_kpis_fini(set);
        return -1;
    }
    return 0;
}

void hsc_kpis_fini(struct hsc_kpi_set *set)
{
    for (size_t k = 0; set->defs && k < set->count; k++) {
        free(set->defs[k].name);
        free(set->defs[k].unit);
        free(set->defs[k].description);
    }
    free(set->defs);
    memset(set, 0, sizeof *set);
}

long hsc_kpis_find(const struct hsc_kpi_set *set, const char *name)
{
    return hsc_kpi_lookup(set->defs, set->count, name);
}

void hsc__kpis_fill(const struct hsc_sim *sim, const struct hsc_kpi_set *set, double *kpi)
{
    struct walk w = {.sc = sim->sc, .sim = sim, .values = kpi};
    walk_all(&w);
    HSC_ASSERT(w.n == set->count);
}
