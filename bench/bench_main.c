/*
 * hscflow-bench: the benchmark driver behind scripts/bench.
 *
 *   hscflow-bench SCENARIO [--set PATH=VALUE]... [--reps N] [--threads N]
 *
 * Runs N replications (default: the scenario's) on N threads (default 1) and
 * prints events and patients handled per second of wall time and the peak
 * resident memory of the process. It measures; it asserts nothing.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "hscflow/exec.h"
#include "hscflow/kpis.h"
#include "hscflow/sim.h"

struct bench {
    const struct hsc_scenario *sc;
    const struct hsc_kpi_set *kpis;
    atomic_ullong events;
    atomic_llong patients;
};

static double wall_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int run_one(void *arg, size_t rep)
{
    struct bench *b = arg;
    size_t days = hsc_sim_days(b->sc), svcs = b->sc->n_services;
    double *kpi = calloc(b->kpis->count, sizeof *kpi);
    float *series = calloc(2 * days * svcs + 2 * days + 1, sizeof *series);
    if (!kpi || !series)
        return -1;
    struct hsc_rep_output out = {.kpi = kpi,
                                 .occupancy = series,
                                 .waiting = series + days * svcs,
                                 .admissions = series + 2 * days * svcs,
                                 .discharges = series + 2 * days * svcs + days,
                                 .trace = NULL};
    struct hsc_sim_stats stats;
    struct hsc_error err = {0};
    int status = hsc_sim_run(b->sc, b->kpis, rep, &out, &stats, &err);
    if (status == 0) {
        atomic_fetch_add(&b->events, stats.events);
        atomic_fetch_add(&b->patients, stats.people_created);
        hsc_sim_stats_fini(&stats);
    } else {
        fprintf(stderr, "hscflow-bench: %s\n", err.message);
        hsc_error_clear(&err);
    }
    free(kpi);
    free(series);
    return status;
}

int main(int argc, char **argv)
{
    struct hsc_override overrides[64];
    size_t n_ov = 0, threads = 1;
    long reps = 0;
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--set") == 0 && i + 1 < argc && n_ov < 64) {
            if (!hsc_override_parse(argv[++i], &overrides[n_ov++]))
                return 1;
        } else if (strcmp(argv[i], "--reps") == 0 && i + 1 < argc) {
            reps = atol(argv[++i]);
        } else if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc) {
            threads = (size_t)atol(argv[++i]);
        } else {
            path = argv[i];
        }
    }
    if (!path) {
        fputs("usage: hscflow-bench SCENARIO [--set PATH=VALUE]... [--reps N] [--threads N]\n",
              stderr);
        return 1;
    }
    struct hsc_errors errs;
    hsc_errors_init(&errs, 0);
    struct hsc_scenario sc;
    if (hsc_scenario_load(path, overrides, n_ov, &sc, &errs) != 0) {
        hsc_errors_print(&errs, stderr);
        return 1;
    }
    hsc_errors_fini(&errs);
    struct hsc_kpi_set kpis;
    if (hsc_kpis_build(&sc, &kpis) != 0)
        return 2;
    size_t n_reps = reps > 0 ? (size_t)reps : (size_t)sc.run.replications;
    struct bench b = {.sc = &sc, .kpis = &kpis};
    atomic_init(&b.events, 0);
    atomic_init(&b.patients, 0);
    size_t failed;
    double start = wall_now();
    int status = hsc_threadpool_run(n_reps, threads, run_one, &b, false, &failed);
    double wall = wall_now() - start;
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    if (status == 0)
        printf("%-10s reps %3zu  threads %2zu  events %11llu  patients %10lld  wall %7.3f s  "
               "events/s %6.2f M  patients/s %6.2f M  peak RSS %7.1f MiB\n",
               sc.name, n_reps, threads, (unsigned long long)b.events, (long long)b.patients,
               wall, (double)b.events / wall / 1e6, (double)b.patients / wall / 1e6,
               (double)usage.ru_maxrss / 1024.0);
    hsc_kpis_fini(&kpis);
    hsc_scenario_fini(&sc);
    return status == 0 ? 0 : 2;
}
