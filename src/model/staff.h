/*
 * Staff groups at run time: posts filled (WTE less vacancies; all paid),
 * posts rostered on a working day, staff at work each day (less a binomial
 * draw of sickness absence), and the working hours in which their services
 * start people. A staffed service's capacity follows its group through its
 * kind's staff_capacity (kinds.h); a drop evicts nobody.
 */
#ifndef HSCFLOW_MODEL_STAFF_H
#define HSCFLOW_MODEL_STAFF_H

#include <gsl/gsl_rng.h>
#include <stdbool.h>
#include <stddef.h>

#include "hscflow/scenario.h"

struct hsc_sim;

/* Run-time state of a staff group: posts filled, and those at work today. */
struct hsc__staff {
    double filled;         /* WTE x (1 - vacancy rate): posts paid */
    double rostered;       /* filled, spread over the roster's working days */
    double at_work;        /* rostered minus today's sickness absence */
    gsl_rng *absence_rng;  /* owns; NULL without absence */
};

/* The share of the group's rostered hours outside its standard day: hours
 * of its working days outside [standard_from, standard_to) Monday to Friday,
 * and all its Saturday and Sunday hours, over all its rostered hours (0
 * when it has none). Pure: a function of the roster only. */
double hsc__staff_out_of_hours_share(const struct hsc_staff_group *group);

/* Sets up every group with all rostered staff at work. Returns 0, or -1
 * when memory runs out. */
int hsc__staff_init(struct hsc_sim *sim);
void hsc__staff_fini(struct hsc_sim *sim);
/* Capacity a staffed service has with its group's staff at work now. */
double hsc__staff_capacity(const struct hsc_sim *sim, const struct hsc_service *cfg);
/* Midnight of `day`: draws today's absence, updates capacities, schedules
 * the start of working hours. */
void hsc__staff_new_day(struct hsc_sim *sim, long day);
/* Whether group `group`'s working hours include now (days are checked apart). */
bool hsc__staff_on_shift(const struct hsc_sim *sim, size_t group);
/* Handler of a SHIFT event: the group's services take people from their queues. */
void hsc__staff_shift_starts(struct hsc_sim *sim, size_t group);

#endif
