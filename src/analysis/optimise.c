/*
 * The search of `hscflow optimise` (include/hscflow/optimise.h): exhaustive
 * evaluation of a small space, or screening followed by Kim and Nelson's
 * fully sequential procedure (KN) for a large one, then the runners-up and
 * the cost-effect frontier.
 * Invariant: every decision reads the objective and cash of replications
 * 0..point_reps[p]-1 only, in replication order, so the outcome depends on
 * the results alone; a point with a runaway queue is never eligible.
 */
#include "hscflow/optimise.h"

#include "hscflow/calendar.h"
#include "hscflow/compare.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Units of KPIs that are totals over the measured period (annualised). */
static const char *const total_units[] = {"people", "bed-days", "place-days", "person-days",
                                          "£"};

bool hsc_optimise_unit_is_total(const char *unit)
{
    for (size_t i = 0; i < sizeof total_units / sizeof total_units[0]; i++)
        if (strcmp(unit, total_units[i]) == 0)
            return true;
    return false;
}

/* The search's working state. */
struct search {
    const struct hsc_optimise_problem *problem;
    struct hsc_results *res;
    hsc_optimise_run_fn run;
    void *ctx;
    struct hsc_optimise_outcome *out;
    double per_year;
    size_t *target;   /* [P] replications wanted of each point */
    size_t *alive;    /* [P] the points in contention */
    size_t n_alive;
    double *scratch;  /* [2 R] */
    double *objective; /* [P R]: the objective of each replication run, NaN otherwise */
};

static double kpi_at(const struct search *s, size_t point, size_t rep, size_t kpi)
{
    return s->res->kpi_value[hsc_results_kpi_index(s->res, point, rep, kpi)];
}

/* The objective of replication rep of point, from the KPIs (NaN when not
 * run). */
static double objective_of(const struct search *s, size_t point, size_t rep)
{
    const struct hsc_optimise_problem *pb = s->problem;
    double sum = 0.0;
    for (size_t t = 0; t < pb->n_terms; t++)
        sum += pb->term_weight[t] * kpi_at(s, point, rep, pb->term_kpi[t]) *
               (pb->term_per_year[t] ? s->per_year : 1.0);
    return sum;
}

static double objective_at(const struct search *s, size_t point, size_t rep)
{
    return s->objective[point * s->res->n_reps + rep];
}

/* Mean objective of point over its first n replications. */
static double mean_objective(const struct search *s, size_t point, size_t n)
{
    double sum = 0.0;
    for (size_t r = 0; r < n; r++)
        sum += objective_at(s, point, r);
    return n ? sum / (double)n : NAN;
}

/* Option cost + the mean paired change in cash against the baseline, a
 * year, over the replications both have run (NaN pairs left out). */
static double net_cash(const struct search *s, size_t point)
{
    size_t n = s->res->n_reps;
    for (size_t r = 0; r < n; r++) {
        s->scratch[r] = kpi_at(s, 0, r, s->problem->cash_kpi);
        s->scratch[n + r] = kpi_at(s, point, r, s->problem->cash_kpi);
    }
    struct hsc_difference d;
    hsc_compare_paired(s->scratch, s->scratch + n, n, &d);
    return s->problem->option_cost[point] + (point == 0 ? 0.0 : d.diff * s->per_year);
}

/* Runs until every point has its target; counts the replications. */
static int run_to_targets(struct search *s, size_t tasks_left_at_most, struct hsc_error *err)
{
    size_t done = s->out->replications_run;
    if (s->run(s->ctx, s->target, done, tasks_left_at_most, err) != 0)
        return -1;
    size_t total = 0, n = s->res->n_reps;
    for (size_t p = 0; p < s->problem->n_points; p++) {
        total += (size_t)s->res->point_reps[p];
        for (size_t r = 0; r < n; r++)
            s->objective[p * n + r] = objective_of(s, p, r);
    }
    s->out->replications_run = total;
    return 0;
}

/* Drops from contention the points with a runaway queue or over budget. */
static void screen(struct search *s)
{
    size_t kept = 0;
    for (size_t i = 0; i < s->n_alive; i++) {
        size_t p = s->alive[i];
        if (hsc_results_runaway_any(s->res, p) > 0)
            s->out->status[p] = HSC_OPTIMISE_RUNAWAY;
        else if (!isnan(s->problem->remaining) && net_cash(s, p) > s->problem->remaining)
            s->out->status[p] = HSC_OPTIMISE_OVER_BUDGET;
        else
            s->alive[kept++] = p;
    }
    s->n_alive = kept;
}

/* The survivor with the least mean objective over its replications, or
 * n_points when none survives. */
static size_t best_alive(const struct search *s)
{
    size_t best = s->problem->n_points;
    double best_mean = INFINITY;
    for (size_t i = 0; i < s->n_alive; i++) {
        size_t p = s->alive[i];
        double mean = mean_objective(s, p, (size_t)s->res->point_reps[p]);
        if (mean < best_mean) {
            best_mean = mean;
            best = p;
        }
    }
    return best;
}

/* KN's S_il^2: the variance of the first n0 differences of i and l. */
static double difference_variance(const struct search *s, size_t i, size_t l, size_t n0)
{
    double mean = 0.0, ss = 0.0;
    for (size_t r = 0; r < n0; r++)
        mean += objective_at(s, i, r) - objective_at(s, l, r);
    mean /= (double)n0;
    for (size_t r = 0; r < n0; r++) {
        double d = objective_at(s, i, r) - objective_at(s, l, r) - mean;
        ss += d * d;
    }
    return ss / (double)(n0 - 1);
}

/* KN's elimination at stage r: point i leaves when another survivor's
 * mean over r replications is lower by more than W_il(r). means[i] holds
 * the survivors' means in alive order. */
static void eliminate(struct search *s, size_t r, size_t n0, const double *means)
{
    const double delta = s->problem->settings.indifference_zone, h2 = s->out->h2;
    bool *out = calloc(s->n_alive, sizeof *out);
    if (!out)
        return; /* nothing eliminated: the procedure only runs longer */
    for (size_t a = 0; a < s->n_alive; a++)
        for (size_t b = 0; b < s->n_alive && !out[a]; b++) {
            if (a == b)
                continue;
            double s2 = difference_variance(s, s->alive[a], s->alive[b], n0);
            double w = delta / (2.0 * (double)r) * (h2 * s2 / (delta * delta) - (double)r);
            if (means[a] - means[b] > (w > 0.0 ? w : 0.0))
                out[a] = true;
        }
    size_t kept = 0;
    for (size_t a = 0; a < s->n_alive; a++) {
        if (out[a])
            s->out->status[s->alive[a]] = HSC_OPTIMISE_ELIMINATED;
        else
            s->alive[kept++] = s->alive[a];
    }
    s->n_alive = kept;
    free(out);
}

/* Applies KN's elimination at every stage from r0 + 1 to r1 (the
 * replications just run), stopping once one point is left. */
static int eliminate_stages(struct search *s, size_t r0, size_t r1, size_t n0)
{
    double *means = malloc(s->n_alive * sizeof *means);
    if (!means)
        return -1;
    for (size_t r = r0 + 1; r <= r1 && s->n_alive > 1; r++) {
        for (size_t a = 0; a < s->n_alive; a++)
            means[a] = mean_objective(s, s->alive[a], r);
        eliminate(s, r, n0, means);
    }
    free(means);
    return 0;
}

/* KN's h^2 for k contenders, n0 first replications, PCS 1 - alpha:
 * eta = ((2 alpha / (k - 1))^(-2 / (n0 - 1)) - 1) / 2, h^2 = 2 eta (n0 - 1). */
static double kn_h2(size_t k, size_t n0, double confidence)
{
    double alpha = 1.0 - confidence;
    double eta = 0.5 * (pow(2.0 * alpha / (double)(k - 1), -2.0 / (double)(n0 - 1)) - 1.0);
    return 2.0 * eta * (double)(n0 - 1);
}

/* Sets every alive point's target to n. */
static void target_alive(struct search *s, size_t n)
{
    for (size_t i = 0; i < s->n_alive; i++)
        s->target[s->alive[i]] = n;
}

/* Every point run.replications; the best mean wins. */
static int exhaustive(struct search *s, struct hsc_error *err)
{
    s->out->procedure = HSC_OPTIMISE_EXHAUSTIVE;
    target_alive(s, s->problem->replications);
    if (run_to_targets(s, s->problem->n_points * s->problem->replications, err) != 0)
        return -1;
    screen(s);
    return 0;
}

/* Screening at n0, then KN stage by stage. */
static int sequential(struct search *s, struct hsc_error *err)
{
    const struct hsc_optimise_settings *set = &s->problem->settings;
    size_t n0 = (size_t)set->first_replications, max = (size_t)set->max_replications;
    s->out->procedure = HSC_OPTIMISE_KN;
    target_alive(s, n0);
    if (run_to_targets(s, s->problem->n_points * max, err) != 0)
        return -1;
    screen(s);
    s->out->contenders = s->n_alive;
    if (s->n_alive < 2)
        return 0;
    s->out->h2 = kn_h2(s->n_alive, n0, set->confidence);
    for (size_t r = n0; s->n_alive > 1 && r < max;) {
        size_t step = (s->problem->batch_tasks + s->n_alive - 1) / s->n_alive;
        if (step < 1)
            step = 1;
        if (step > max - r)
            step = max - r;
        target_alive(s, r + step);
        if (run_to_targets(s, s->n_alive * (max - r), err) != 0)
            return -1;
        if (eliminate_stages(s, r, r + step, n0) != 0) {
            hsc_error_set(err, NULL, 0, NULL, "out of memory in the optimiser");
            return -1;
        }
        r += step;
    }
    s->out->truncated = s->n_alive > 1;
    return 0;
}

/* out[p] = the paired difference of point p's objective against point
 * `against`'s, over the replications both ran. */
static void paired_objective(const struct search *s, size_t against, size_t p,
                             struct hsc_difference *out)
{
    size_t n = s->res->n_reps;
    hsc_compare_paired(s->objective + against * n, s->objective + p * n, n, out);
}

/* Runners-up: eligible points whose paired CI of the objective against the
 * chosen point's includes 0 (over the replications both ran). */
static void mark_runners_up(struct search *s)
{
    struct hsc_optimise_outcome *out = s->out;
    for (size_t p = 0; p < out->n_points; p++) {
        enum hsc_optimise_status st = out->status[p];
        if (p == out->chosen || st == HSC_OPTIMISE_RUNAWAY || st == HSC_OPTIMISE_OVER_BUDGET)
            continue;
        struct hsc_difference d;
        paired_objective(s, out->chosen, p, &d);
        out->runner_up[p] = !(d.ci_low > 0.0);
    }
}

/* The Pareto set of (net cash, objective) among points without runaway
 * queues, whether or not they fit the budget. */
static void mark_frontier(struct hsc_optimise_outcome *out)
{
    for (size_t p = 0; p < out->n_points; p++) {
        if (out->status[p] == HSC_OPTIMISE_RUNAWAY)
            continue;
        bool dominated = false;
        for (size_t q = 0; q < out->n_points && !dominated; q++) {
            if (q == p || out->status[q] == HSC_OPTIMISE_RUNAWAY)
                continue;
            bool no_worse = out->net_cash[q] <= out->net_cash[p] &&
                            out->objective[q] <= out->objective[p];
            bool better = out->net_cash[q] < out->net_cash[p] ||
                          out->objective[q] < out->objective[p];
            dominated = no_worse && better;
        }
        out->frontier[p] = !dominated;
    }
}

static int outcome_alloc(struct hsc_optimise_outcome *out, size_t n)
{
    memset(out, 0, sizeof *out);
    out->n_points = n;
    out->chosen = n;
    out->h2 = NAN;
    out->status = calloc(n, sizeof *out->status);
    out->objective = calloc(n, sizeof *out->objective);
    out->change = calloc(n, sizeof *out->change);
    out->net_cash = calloc(n, sizeof *out->net_cash);
    out->runner_up = calloc(n, sizeof *out->runner_up);
    out->frontier = calloc(n, sizeof *out->frontier);
    bool ok = out->status && out->objective && out->change && out->net_cash && out->runner_up &&
              out->frontier;
    return ok ? 0 : -1;
}

/* The final figures of every point, the choice, runners-up and frontier. */
static void conclude(struct search *s)
{
    struct hsc_optimise_outcome *out = s->out;
    for (size_t p = 0; p < out->n_points; p++) {
        out->objective[p] = mean_objective(s, p, (size_t)s->res->point_reps[p]);
        out->net_cash[p] = net_cash(s, p);
        paired_objective(s, 0, p, &out->change[p]);
    }
    screen(s); /* again on every replication run: the budget verdict the table prints */
    out->chosen = best_alive(s);
    for (size_t i = 0; i < s->n_alive; i++)
        out->status[s->alive[i]] =
            s->alive[i] == out->chosen ? HSC_OPTIMISE_CHOSEN
            : out->procedure == HSC_OPTIMISE_EXHAUSTIVE ? HSC_OPTIMISE_ELIMINATED
                                                        : HSC_OPTIMISE_SURVIVOR;
    if (out->chosen < out->n_points)
        mark_runners_up(s);
    mark_frontier(out);
}

int hsc_optimise_search(const struct hsc_optimise_problem *problem, struct hsc_results *res,
                        hsc_optimise_run_fn run, void *ctx,
                        struct hsc_optimise_outcome *out, struct hsc_error *err)
{
    size_t n = problem->n_points;
    struct search s = {problem, res, run, ctx, out, HSC_DAYS_PER_YEAR / res->measure_days,
                       calloc(n, sizeof *s.target), malloc(n * sizeof *s.alive), n,
                       malloc(2 * res->n_reps * sizeof *s.scratch),
                       malloc(n * res->n_reps * sizeof *s.objective)};
    int status = -1;
    if (outcome_alloc(out, n) != 0 || !s.target || !s.alive || !s.scratch || !s.objective) {
        hsc_error_set(err, NULL, 0, NULL, "out of memory in the optimiser (%zu points)", n);
        goto done;
    }
    for (size_t p = 0; p < n; p++)
        s.alive[p] = p;
    status = n <= (size_t)problem->settings.exhaustive_max ? exhaustive(&s, err)
                                                          : sequential(&s, err);
    if (status == 0)
        conclude(&s);
done:
    free(s.target);
    free(s.alive);
    free(s.scratch);
    free(s.objective);
    if (status != 0)
        hsc_optimise_outcome_fini(out);
    return status;
}

int hsc_optimise_add_columns(const struct hsc_optimise_outcome *out, struct hsc_results *res)
{
    enum { OBJECTIVE, CHANGE, CHANGE_LOW, CHANGE_HIGH, STATUS, RUNNER_UP, FRONTIER, N };
    static const struct hsc_kpi_def defs[N] = {
        [OBJECTIVE] = {"objective", "a year", "mean objective over the point's replications"},
        [CHANGE] = {"objective_change", "a year", "paired change on the baseline"},
        [CHANGE_LOW] = {"objective_change_ci_low", "a year", "lower 95% limit"},
        [CHANGE_HIGH] = {"objective_change_ci_high", "a year", "upper 95% limit"},
        [STATUS] = {"optimise_status", "code",
                    "0 runaway queue, 1 over budget, 2 worse, 3 survivor, 4 chosen"},
        [RUNNER_UP] = {"runner_up", "1/0", "cannot be told apart from the chosen point"},
        [FRONTIER] = {"frontier", "1/0", "on the cost-effect (Pareto) frontier"},
    };
    size_t first;
    if (hsc_results_add_columns(res, defs, N, &first) != 0)
        return -1;
    for (size_t p = 0; p < out->n_points; p++) {
        double *row = res->column_value + p * res->n_columns + first;
        row[OBJECTIVE] = out->objective[p];
        row[CHANGE] = out->change[p].diff;
        row[CHANGE_LOW] = out->change[p].ci_low;
        row[CHANGE_HIGH] = out->change[p].ci_high;
        row[STATUS] = (double)out->status[p];
        row[RUNNER_UP] = out->runner_up[p];
        row[FRONTIER] = out->frontier[p];
    }
    return 0;
}

void hsc_optimise_outcome_fini(struct hsc_optimise_outcome *out)
{
    free(out->status);
    free(out->objective);
    free(out->change);
    free(out->net_cash);
    free(out->runner_up);
    free(out->frontier);
    memset(out, 0, sizeof *out);
}
