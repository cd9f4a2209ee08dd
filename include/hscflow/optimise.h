/*
 * The portfolio search behind `hscflow optimise` (docs/options.md
 * "Optimise"): the space of every combination of a scenario's options
 * (each not taken, or taken at one of its levels), and the choice of the
 * combination that minimises an objective within the budget, on common
 * random numbers.
 *
 * Two procedures, chosen by the size of the space:
 * - exhaustive (at most exhaustive_max points): every point runs
 *   run.replications replications and the best mean wins;
 * - screening and a fully sequential indifference-zone procedure (Kim and
 *   Nelson 2001, "KN", valid with common random numbers): every point runs
 *   first_replications; points whose queues ran away or whose mean net cash
 *   cost is over what remains of the budget are dropped; the rest gain
 *   replications one stage at a time, and point i is eliminated at stage r
 *   when its mean objective exceeds another survivor l's by more than
 *   W_il(r) = max(0, delta / (2r) (h^2 S_il^2 / delta^2 - r)). With normal
 *   outputs the survivor is within the indifference zone delta of the best
 *   with probability >= confidence; when max_replications stops the
 *   procedure first, the best mean among the survivors is chosen and the
 *   result says so.
 * Both end by judging the budget again on every replication each survivor
 * ran, so the chosen point's mean net cash cost fits what remains; a
 * survivor that no longer fits is marked over budget (the guarantee above
 * is then for the best of the points that fit, judged as they stand).
 * Invariant: a point with a runaway queue in any replication is never
 * chosen; the search runs simulations only through the caller's `run`
 * function, so it prints nothing and reads no file, and what it decides
 * depends only on the results, never on timing.
 */
#ifndef HSCFLOW_OPTIMISE_H
#define HSCFLOW_OPTIMISE_H

#include <stdbool.h>
#include <stddef.h>

#include "hscflow/compare.h"
#include "hscflow/error.h"
#include "hscflow/results.h"
#include "hscflow/scenario.h"

/* The search space of sc's options: every combination of them, each not
 * taken or taken at one of its levels, except those taking two options
 * that change the same setting (hsc_options_overlap: alternatives). A
 * point is a code in the mixed radix (1 + levels, or 2 without a range) with
 * option 0 the fastest digit: option o's digit is 0 when it is not taken,
 * else 1 + its level index. (*codes)[0] is 0, taking nothing (the
 * baseline); codes ascend. Returns 0 with *codes malloc'd and *n_points
 * set; -1 when there are more than `limit` points (or more than 64 x limit
 * combinations before the alternatives are taken out); -2 when out of
 * memory. */
int hsc_optimise_space(const struct hsc_scenario *sc, size_t limit, size_t **codes,
                       size_t *n_points);

/* The choices of the point with this code, in option order. choices must
 * hold sc->n_options. Returns how many. */
size_t hsc_optimise_point_choices(const struct hsc_scenario *sc, size_t code,
                                  struct hsc_choice *choices);

/* The point's name: "baseline" for nothing, else the options taken joined by
 * '+', a ranged one as NAME=LEVEL (%g), e.g. "bluebell+step_down_beds=50".
 * malloc'd; NULL when out of memory. */
char *hsc_optimise_point_name(const struct hsc_scenario *sc, const struct hsc_choice *choices,
                              size_t n_choices);

/* What the search needs besides the results. */
struct hsc_optimise_problem {
    size_t n_points;            /* the results' points, point 0 the baseline */
    const double *option_cost;  /* [n_points]: own cost a year (0 for the baseline) */
    size_t n_terms;             /* the objective: sum of weight x KPI (a year for totals) */
    const size_t *term_kpi;     /* [n_terms] KPI indices in the results */
    const double *term_weight;  /* [n_terms] */
    const bool *term_per_year;  /* [n_terms]: scale by 365.25 / measure_days */
    size_t cash_kpi;            /* index of cost_cash_total */
    double remaining;           /* budget - committed, £ a year; NaN = no budget */
    struct hsc_optimise_settings settings; /* borrowed strings unused */
    size_t replications;        /* run.replications: each point's count when exhaustive */
    size_t batch_tasks;         /* aim for at least this many tasks a batch (the threads) */
};

/* Runs more replications: afterwards res->point_reps[p] == target[p] for
 * every p (target never lowers a count). tasks_done counts replications
 * run so far, tasks_left_at_most bounds those still to come (for an ETA).
 * Returns 0, or -1 with err filled (the search stops and fails). */
typedef int (*hsc_optimise_run_fn)(void *ctx, const size_t *target, size_t tasks_done,
                                   size_t tasks_left_at_most, struct hsc_error *err);

enum hsc_optimise_procedure { HSC_OPTIMISE_EXHAUSTIVE, HSC_OPTIMISE_KN };

/* Why a point is where it is. */
enum hsc_optimise_status {
    HSC_OPTIMISE_RUNAWAY,     /* a queue ran away in some replication: never chosen */
    HSC_OPTIMISE_OVER_BUDGET, /* mean net cash cost over what remains of the budget */
    HSC_OPTIMISE_ELIMINATED,  /* worse than a survivor (KN) or than the chosen point */
    HSC_OPTIMISE_SURVIVOR,    /* still in contention when max_replications stopped KN */
    HSC_OPTIMISE_CHOSEN
};

struct hsc_optimise_outcome {
    enum hsc_optimise_procedure procedure;
    size_t chosen;            /* the chosen point, or n_points when none is eligible */
    bool truncated;           /* KN stopped at max_replications with survivors left */
    double h2;                /* KN's h^2 (NaN when exhaustive) */
    size_t contenders;        /* KN: points left after screening (k) */
    size_t replications_run;  /* over every point */
    size_t n_points;
    enum hsc_optimise_status *status; /* owns [n_points] */
    double *objective;        /* owns [n_points]: mean objective over its replications */
    struct hsc_difference *change; /* owns [n_points]: its objective minus the baseline's,
                                      paired over the replications both ran */
    double *net_cash;         /* owns [n_points]: option cost + mean paired change in
                                 cash, £ a year (0 for the baseline) */
    bool *runner_up;          /* owns [n_points]: eligible, not chosen, and the paired 95% CI
                                 of its objective minus the chosen's includes 0 */
    bool *frontier;           /* owns [n_points]: no point without runaway queues has a
                                 net cash cost and an objective both <= and one < its */
};

/* Chooses the point of the problem (docs above) reading res after each call
 * of run(ctx, ...), which the search makes with the targets it needs (res
 * must hold n_points points and at least max(replications,
 * max_replications) replications, with res->point_reps all 0 on entry).
 * Returns 0 with *out filled (release with hsc_optimise_outcome_fini), or
 * -1 with err filled (run failed, or out of memory). */
int hsc_optimise_search(const struct hsc_optimise_problem *problem, struct hsc_results *res,
                        hsc_optimise_run_fn run, void *ctx,
                        struct hsc_optimise_outcome *out, struct hsc_error *err);

/* Appends the search's figures to res as /appraisal columns
 * (docs/options.md "In the results file"): objective, objective_change
 * with its CI, status (the enum hsc_optimise_status code: 0 runaway, 1 over
 * budget, 2 worse, 3 survivor, 4 chosen), runner_up and frontier (1/0).
 * Returns 0, or -1 when memory runs out. */
int hsc_optimise_add_columns(const struct hsc_optimise_outcome *out, struct hsc_results *res);

void hsc_optimise_outcome_fini(struct hsc_optimise_outcome *out);

/* True when a KPI of this unit is a total over the measured period (people,
 * bed-days, place-days, person-days, £), which is annualised; false for
 * rates, percentages and means. */
bool hsc_optimise_unit_is_total(const char *unit);

#endif
