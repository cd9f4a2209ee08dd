/*
 * A bed service's capacity calendar: a list of periods, each with its own
 * number of beds, that replace `capacity` on the days they cover.
 *
 * Each period is checked on its own first (real days, both ends written the
 * same way, a dated period not reversed); overlaps are then looked for only
 * among periods that passed, each reported once, at the later period.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cfg_period.h"
#include "cfg_schema.h"
#include "scenario_build.h"

#define DAY_FORMS "\"MM-DD\" (every year) or \"YYYY-MM-DD\" (once, years 1900..2200)"
#define SAME_FORM "must be written the same way as from: \"MM-DD\" for a yearly period, " \
                  "\"YYYY-MM-DD\" for a dated one"

/* Reads one end of a period; returns false after reporting. */
static bool read_day(struct hsc__scn_build *b, const struct hsc__cfg_value *val,
                     struct hsc_date *date, bool *yearly)
{
    if (!val->ok)
        return false;
    if (hsc__period_parse_day(val->s, date, yearly))
        return true;
    hsc__cfg_error(b->ctx, val->setting, "expected a real date " DAY_FORMS " (got \"%s\")",
                   val->s);
    return false;
}

/* Reads item i of the list into *period. Returns false after reporting. */
static bool read_period(struct hsc__scn_build *b, const config_setting_t *item,
                        struct hsc_capacity_period *period)
{
    struct hsc__cfg_value v[HSC__PERIOD_N];
    bool ok = hsc__cfg_read_group(b->ctx, item, &hsc__cfg_schema_period, v);
    bool from_yearly = false, to_yearly = false;
    bool from_ok = read_day(b, &v[HSC__PERIOD_FROM], &period->from, &from_yearly);
    bool to_ok = read_day(b, &v[HSC__PERIOD_TO], &period->to, &to_yearly);
    if (!from_ok || !to_ok)
        return false;
    const struct hsc__cfg_value *to = &v[HSC__PERIOD_TO], *from = &v[HSC__PERIOD_FROM];
    if (from_yearly != to_yearly) {
        hsc__cfg_error(b->ctx, to->setting, SAME_FORM " (got \"%s\", from is \"%s\")", to->s,
                       from->s);
        return false;
    }
    if (!from_yearly && hsc_date_to_days(period->to) < hsc_date_to_days(period->from)) {
        hsc__cfg_error(b->ctx, to->setting, "must not be before from (got \"%s\", from is "
                                            "\"%s\"; only \"MM-DD\" periods wrap the new year)",
                       to->s, from->s);
        return false;
    }
    period->yearly = from_yearly;
    period->capacity = v[HSC__PERIOD_CAPACITY].i;
    return ok;
}

/* Reports each valid period that overlaps an earlier valid one. */
static void check_overlaps(struct hsc__scn_build *b, const config_setting_t *list,
                           const struct hsc_capacity_period *periods, const bool *valid,
                           size_t n)
{
    for (size_t i = 1; i < n && !hsc__cfg_stop(b->ctx); i++) {
        for (size_t j = 0; valid[i] && j < i; j++) {
            char day[16], from[16], to[16];
            if (!valid[j] || !hsc__period_overlap(&periods[i], &periods[j], day, sizeof day))
                continue;
            hsc__period_format_day(periods[j].from, periods[j].yearly, from, sizeof from);
            hsc__period_format_day(periods[j].to, periods[j].yearly, to, sizeof to);
            hsc__cfg_error(b->ctx, config_setting_get_elem(list, (unsigned)i),
                           "overlaps %s[%zu] (%s to %s): both include %s%s",
                           config_setting_name(list), j, from, to, day,
                           periods[i].yearly && periods[j].yearly ? " every year" : "");
            break;
        }
    }
}

void hsc__scn_read_capacity_calendar(struct hsc__scn_build *b, struct hsc_service *svc,
                                     const config_setting_t *list)
{
    size_t n = (size_t)config_setting_length(list);
    struct hsc_capacity_period *periods = calloc(n ? n : 1, sizeof *periods);
    bool *valid = calloc(n ? n : 1, sizeof *valid);
    if (!periods || !valid) {
        hsc__cfg_error(b->ctx, list, "out of memory");
        free(periods);
        free(valid);
        return;
    }
    bool all = true;
    for (size_t i = 0; i < n && !hsc__cfg_stop(b->ctx); i++) {
        valid[i] = read_period(b, config_setting_get_elem(list, (unsigned)i), &periods[i]);
        all = all && valid[i];
    }
    check_overlaps(b, list, periods, valid, n);
    free(valid);
    if (!all || n == 0) { /* an empty list is no calendar */
        free(periods);
        return;
    }
    svc->n_calendar = n;
    svc->calendar = periods;
}
