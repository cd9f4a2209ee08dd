/*
 * The settings every entity shares: localities (the names population and
 * demand are split by), the calendar factors, and the staff groups that
 * caseload and hours services draw their capacity from, with their rosters
 * (days, hours of the day, contracted hours, absence, vacancies) and cost.
 *
 * These are read before cohorts and services so that references to them
 * can be checked; nothing here refers to a cohort or a service.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cfg_schema.h"
#include "scenario_build.h"

#define DAYS_EXAMPLE "expected days such as \"Mon-Fri\" or \"Mon,Wed,Fri\""
#define HOURS_PER_DAY 24
#define SUM_TOLERANCE 1e-9

_Static_assert(sizeof ((struct hsc_scenario *)0)->hour_factors == HOURS_PER_DAY * sizeof(double),
               "one hour factor per hour");

static const char *const day_names[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

static const char *skip_blanks(const char *p)
{
    while (*p == ' ' || *p == '\t')
        p++;
    return p;
}

/* Reads a day name at *p (after blanks) and moves past it; -1 if none. */
static int read_day(const char **p)
{
    const char *at = skip_blanks(*p);
    for (int d = 0; d < 7; d++) {
        if (strncmp(at, day_names[d], 3) == 0) {
            *p = skip_blanks(at + 3);
            return d;
        }
    }
    return -1;
}

int hsc_parse_working_days(const char *text)
{
    if (!text)
        return -1;
    unsigned days = 0;
    const char *p = text;
    for (;;) {
        int first = read_day(&p), last = first;
        if (first < 0)
            return -1;
        if (*p == '-') {
            p++;
            last = read_day(&p);
            if (last < first) /* unknown, or a range that wraps past Sunday */
                return -1;
        }
        for (int d = first; d <= last; d++)
            days |= 1u << d;
        if (*p == '\0')
            return (int)days;
        if (*p != ',')
            return -1;
        p++;
    }
}

static void oom(struct hsc__scn_build *b)
{
    hsc__cfg_error_at(b->ctx, b->ctx->path, 0, NULL, "out of memory loading the scenario");
}

void hsc__scn_read_localities(struct hsc__scn_build *b, const config_setting_t *setting,
                              bool ok)
{
    struct hsc_scenario *sc = b->sc;
    b->localities_ok = ok;
    if (!ok)
        setting = NULL;
    size_t n = setting ? (size_t)config_setting_length(setting) : 1;
    sc->localities = calloc(n, sizeof *sc->localities);
    if (!sc->localities) {
        oom(b);
        return;
    }
    for (size_t l = 0; l < n; l++) {
        const char *name =
            setting ? config_setting_get_string(config_setting_get_elem(setting, (unsigned)l))
                    : "all";
        if (!(sc->localities[l] = strdup(name))) {
            oom(b);
            return;
        }
        sc->n_localities++;
    }
}

/* The hour factors shape a day's demand without changing its total, so they
 * must average 1; they are never rescaled. */
static void read_hour_factors(struct hsc__scn_build *b, const struct hsc__cfg_value *val)
{
    double sum = 0.0;
    for (size_t h = 0; h < HOURS_PER_DAY; h++)
        sum += val->nums[h];
    if (fabs(sum - HOURS_PER_DAY) > SUM_TOLERANCE) {
        char text[32];
        hsc__cfg_format_total(sum, HOURS_PER_DAY, text, sizeof text);
        hsc__cfg_error(b->ctx, val->setting, "must average 1 (sum %d) so a day's demand is "
                                             "unchanged (sum is %s)", HOURS_PER_DAY, text);
        return;
    }
    memcpy(b->sc->hour_factors, val->nums, sizeof b->sc->hour_factors);
}

void hsc__scn_read_calendar(struct hsc__scn_build *b, const config_setting_t *group)
{
    struct hsc_scenario *sc = b->sc;
    for (size_t h = 0; h < HOURS_PER_DAY; h++)
        sc->hour_factors[h] = 1.0;
    for (size_t d = 0; d < 7; d++)
        sc->weekday_factors[d] = 1.0;
    for (size_t m = 0; m < 12; m++)
        sc->month_factors[m] = 1.0;
    if (!group)
        return;
    struct hsc__cfg_value v[HSC__CALENDAR_N];
    hsc__cfg_read_group(b->ctx, group, &hsc__cfg_schema_calendar, v);
    if (v[HSC__CALENDAR_WEEKDAY_FACTORS].ok)
        memcpy(sc->weekday_factors, v[HSC__CALENDAR_WEEKDAY_FACTORS].nums,
               sizeof sc->weekday_factors);
    if (v[HSC__CALENDAR_MONTH_FACTORS].ok)
        memcpy(sc->month_factors, v[HSC__CALENDAR_MONTH_FACTORS].nums, sizeof sc->month_factors);
    if (v[HSC__CALENDAR_HOUR_FACTORS].ok)
        read_hour_factors(b, &v[HSC__CALENDAR_HOUR_FACTORS]);
}

/* [from, to] hours of the day with from < to into *from, *to; else reports. */
static void read_hours(struct hsc__scn_build *b, const struct hsc__cfg_value *hours,
                       double *from_hour, double *to_hour)
{
    if (!(hours->nums[0] < hours->nums[1])) {
        char from[32], to[32];
        hsc__cfg_format_number(hours->nums[0], from, sizeof from);
        hsc__cfg_format_number(hours->nums[1], to, sizeof to);
        hsc__cfg_error(b->ctx, hours->setting, "must be [from, to] with from < to (got [%s, %s])",
                       from, to);
        return;
    }
    *from_hour = hours->nums[0];
    *to_hour = hours->nums[1];
}

/* A WTE cannot deliver more care hours than it is contracted for. Nothing
 * is said when the contracted hours were themselves wrong. */
static void check_care_hours(struct hsc__scn_build *b, const struct hsc_staff_group *group,
                             const struct hsc__cfg_value *vals)
{
    const struct hsc__cfg_value *care = &vals[HSC__STAFF_CARE_HOURS];
    const struct hsc__cfg_value *contracted = &vals[HSC__STAFF_CONTRACTED_HOURS];
    if (!care->ok || (contracted->setting && !contracted->ok) ||
        care->d <= group->contracted_hours_per_week)
        return;
    char got[32], limit[32];
    hsc__cfg_format_number(care->d, got, sizeof got);
    hsc__cfg_format_number(group->contracted_hours_per_week, limit, sizeof limit);
    hsc__cfg_error(b->ctx, care->setting, "must not exceed contracted_hours_per_week (got %s, "
                                          "contracted_hours_per_week is %s%s)", got, limit,
                   contracted->setting ? "" : " by default");
}

/* Sets the defaults the struct documents: every day, all day, 37.5 hours. */
static void staff_defaults(struct hsc_staff_group *group)
{
    group->working_days = HSC_ALL_DAYS;
    group->from_hour = 0.0;
    group->to_hour = 24.0;
    group->contracted_hours_per_week = 37.5;
    group->standard_from = 9.0;
    group->standard_to = 17.0;
}

static void read_group_entry(struct hsc__scn_build *b, struct hsc_staff_group *group,
                             const config_setting_t *entry)
{
    staff_defaults(group);
    if (!hsc__scn_check_entry(b->ctx, entry, "staff group"))
        return;
    struct hsc__cfg_value v[HSC__STAFF_N];
    hsc__cfg_read_group(b->ctx, entry, &hsc__cfg_schema_staff, v);
    if (v[HSC__STAFF_WTE].ok)
        group->wte = v[HSC__STAFF_WTE].d;
    if (v[HSC__STAFF_CONTRACTED_HOURS].ok)
        group->contracted_hours_per_week = v[HSC__STAFF_CONTRACTED_HOURS].d;
    if (v[HSC__STAFF_CARE_HOURS].ok)
        group->care_hours_per_wte_week = v[HSC__STAFF_CARE_HOURS].d;
    check_care_hours(b, group, v);
    if (v[HSC__STAFF_HOURS].ok)
        read_hours(b, &v[HSC__STAFF_HOURS], &group->from_hour, &group->to_hour);
    if (v[HSC__STAFF_STANDARD_HOURS].ok)
        read_hours(b, &v[HSC__STAFF_STANDARD_HOURS], &group->standard_from, &group->standard_to);
    if (v[HSC__STAFF_ENHANCEMENT].ok)
        group->out_of_hours_enhancement = v[HSC__STAFF_ENHANCEMENT].d;
    if (v[HSC__STAFF_SICKNESS_ABSENCE].ok)
        group->sickness_absence = v[HSC__STAFF_SICKNESS_ABSENCE].d;
    if (v[HSC__STAFF_VACANCY_RATE].ok)
        group->vacancy_rate = v[HSC__STAFF_VACANCY_RATE].d;
    if (v[HSC__STAFF_COST_PER_WTE_YEAR].ok)
        group->cost_per_wte_year = v[HSC__STAFF_COST_PER_WTE_YEAR].d;
    if (v[HSC__STAFF_DAYS_PER_WEEK].ok)
        group->days_per_week = v[HSC__STAFF_DAYS_PER_WEEK].d;
    const struct hsc__cfg_value *days = &v[HSC__STAFF_WORKING_DAYS];
    if (days->ok) {
        int set = hsc_parse_working_days(days->s);
        if (set < 0)
            hsc__cfg_error(b->ctx, days->setting, DAYS_EXAMPLE " (got \"%s\")", days->s);
        else
            group->working_days = (unsigned)set;
    }
}

void hsc__scn_read_staff(struct hsc__scn_build *b)
{
    struct hsc_scenario *sc = b->sc;
    size_t n = b->staff ? (size_t)config_setting_length(b->staff) : 0;
    sc->staff = calloc(n ? n : 1, sizeof *sc->staff);
    b->staff_names = calloc(n ? n : 1, sizeof *b->staff_names);
    if (!sc->staff || !b->staff_names) {
        oom(b);
        return;
    }
    for (size_t g = 0; g < n; g++) {
        b->staff_names[g] = config_setting_name(config_setting_get_elem(b->staff, (unsigned)g));
        if (!(sc->staff[g].name = strdup(b->staff_names[g]))) {
            oom(b);
            return;
        }
        sc->n_staff++;
    }
    for (size_t g = 0; g < n && !hsc__cfg_stop(b->ctx); g++)
        read_group_entry(b, &sc->staff[g], config_setting_get_elem(b->staff, (unsigned)g));
}
