/*
 * `hscflow compare A.h5[:POINT] B.h5[:POINT]... [--csv]`: compares each B
 * with A, KPI by KPI (the KPIs they share, by name, in A's order), with a
 * paired or Welch 95% CI of the difference B - A (docs/comparing.md).
 *
 * Every file is read and checked before anything is printed, so a bad point
 * or a missing file never leaves half a table or half a CSV on stdout. The
 * statistics live in src/core/compare.c; this file only picks the values.
 * After the comparison, stderr warns about any side a queue ran away in.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "hscflow/compare.h"

static const char help_text[] =
    "usage: hscflow compare A.h5[:POINT] B.h5[:POINT]... [--csv]\n"
    "\n"
    "Compares each B with A, KPI by KPI (the KPIs both hold, in A's order): A's\n"
    "mean, B's mean, the difference B - A with its 95% confidence interval and the\n"
    "change relative to A's mean. '*' marks a difference whose CI excludes zero.\n"
    "\n"
    "The comparison is paired when A and B were run with the same seed and share\n"
    "replication numbers (common random numbers): only the common replications are\n"
    "used, matched by number. Otherwise Welch's unpaired test is used. The output\n"
    "says which, and why. See docs/comparing.md.\n"
    "\n"
    "POINT is a point name or a 0-based index (the file name and POINT are split at\n"
    "the last ':'); without POINT a file must hold a single scenario point. A and B\n"
    "may be points of the same file.\n"
    "\n"
    "When a queue (the ED queue or a service's waiting list) ran away in any\n"
    "replication of A or of a B, a warning on stderr names the side and the\n"
    "services: that side describes gridlock, not a steady state.\n"
    "\n"
    "  --csv    one CSV table on stdout (a header row, then one block of rows per B)\n"
    "\n"
    "Exit status: 0 ok, 1 bad usage (unknown point, several points and none named,\n"
    "no KPIs in common), 2 a file cannot be read.\n";

/* One side of a comparison: a point of a results file. */
struct side {
    char *file;              /* owns: the file name without ":POINT" */
    char *label;             /* owns: "FILE:POINT NAME" */
    size_t point;
    struct hsc_results res;  /* owns (zeroed until read) */
};

/* How B is compared with A. */
struct pairing {
    enum hsc_compare_test test;
    size_t n_common;
    size_t *index_a, *index_b; /* owns [R of A]: matched replications */
    size_t *kpi_b;             /* owns [K of A]: B's index of A's KPI k, or SIZE_MAX */
    size_t n_kpis;             /* KPIs in common */
    char reason[200];          /* "same seed 20261122, 4 common replications" */
};

static int out_of_memory(void)
{
    fputs("hscflow compare: out of memory\n", stderr);
    return HSC_EXIT_FAILURE;
}

static void side_fini(struct side *side)
{
    hsc_results_free(&side->res);
    free(side->label);
    free(side->file);
    memset(side, 0, sizeof *side);
}

/* Reads the file named by `arg` and selects its point. Returns an exit
 * status; on failure the message is printed and *side may be partly filled
 * (side_fini frees it). */
static int side_load(const char *arg, struct side *side)
{
    const char *point_text;
    memset(side, 0, sizeof *side);
    side->file = hsc_cli_split_point(arg, &point_text);
    if (!side->file)
        return out_of_memory();
    struct hsc_error err = {0};
    if (hsc_results_read(side->file, &side->res, &err) != 0) {
        char buf[1024];
        hsc_error_format(&err, buf, sizeof buf);
        fprintf(stderr, "hscflow compare: %s\n", buf);
        hsc_error_clear(&err);
        return HSC_EXIT_FAILURE;
    }
    if (!hsc_cli_select_point(&side->res, point_text, side->file, &side->point))
        return HSC_EXIT_USAGE;
    const char *name = side->res.point_names[side->point];
    size_t len = strlen(side->file) + strlen(name) + 2;
    side->label = malloc(len);
    if (!side->label)
        return out_of_memory();
    snprintf(side->label, len, "%s:%s", side->file, name);
    return HSC_EXIT_OK;
}

static void pairing_fini(struct pairing *pair)
{
    free(pair->kpi_b);
    free(pair->index_b);
    free(pair->index_a);
    memset(pair, 0, sizeof *pair);
}

/* Matches A's KPIs with B's by name; notes what is left out and any unit
 * that differs. Returns false (with a message) when none are shared. */
static bool match_kpis(const struct side *a, const struct side *b, struct pairing *pair)
{
    size_t units_differ = 0;
    for (size_t k = 0; k < a->res.n_kpis; k++) {
        long kb = hsc_kpi_lookup(b->res.kpis, b->res.n_kpis, a->res.kpis[k].name);
        pair->kpi_b[k] = kb < 0 ? SIZE_MAX : (size_t)kb;
        if (kb < 0)
            continue;
        pair->n_kpis++;
        if (strcmp(a->res.kpis[k].unit, b->res.kpis[pair->kpi_b[k]].unit) != 0 &&
            units_differ++ == 0)
            fprintf(stderr, "hscflow compare: note: %s is in '%s' in %s but '%s' in %s\n",
                    a->res.kpis[k].name, a->res.kpis[k].unit, a->file,
                    b->res.kpis[pair->kpi_b[k]].unit, b->file);
    }
    if (pair->n_kpis == 0) {
        fprintf(stderr, "hscflow compare: %s and %s have no KPIs in common\n", a->file,
                b->file);
        return false;
    }
    if (pair->n_kpis < a->res.n_kpis || pair->n_kpis < b->res.n_kpis)
        fprintf(stderr, "hscflow compare: note: %zu KPIs in common; %zu only in %s and %zu "
                        "only in %s are left out\n",
                pair->n_kpis, a->res.n_kpis - pair->n_kpis, a->file,
                b->res.n_kpis - pair->n_kpis, b->file);
    return true;
}

static const char *plural(size_t n, const char *word, const char *words)
{
    return n == 1 ? word : words;
}

/* Replications the side's point ran: the first ones of /replication (a
 * point of a staged run may have run fewer than the file's R). */
static size_t side_reps(const struct side *side)
{
    return (size_t)side->res.point_reps[side->point];
}

/* Chooses the test by the contract's rule, over the replications each side
 * ran, and says why in pair->reason. */
static void choose_test(const struct side *a, const struct side *b, struct pairing *pair)
{
    const struct hsc_results *ra = &a->res, *rb = &b->res;
    unsigned long long seed_a = (unsigned long long)ra->master_seed;
    unsigned long long seed_b = (unsigned long long)rb->master_seed;
    size_t ran_a = side_reps(a), ran_b = side_reps(b);
    pair->n_common = hsc_compare_match_reps(ra->replications, ran_a, rb->replications, ran_b,
                                            pair->index_a, pair->index_b);
    pair->test = hsc_compare_choose(ra->master_seed, rb->master_seed, pair->n_common);
    size_t n = pair->n_common;
    if (pair->test == HSC_COMPARE_PAIRED) {
        int len = snprintf(pair->reason, sizeof pair->reason, "same seed %llu, %zu common %s",
                           seed_a, n, plural(n, "replication", "replications"));
        if (len > 0 && (n < ran_a || n < ran_b))
            snprintf(pair->reason + len, sizeof pair->reason - (size_t)len,
                     " (of %zu in A and %zu in B)", ran_a, ran_b);
    } else if (seed_a != seed_b) {
        snprintf(pair->reason, sizeof pair->reason, "different seeds (%llu and %llu)", seed_a,
                 seed_b);
    } else {
        snprintf(pair->reason, sizeof pair->reason,
                 "same seed %llu but no replication numbers in common", seed_a);
    }
}

/* Sets up the comparison of B with A. Returns an exit status. */
static int pairing_init(const struct side *a, const struct side *b, struct pairing *pair)
{
    memset(pair, 0, sizeof *pair);
    size_t n_reps = a->res.n_reps ? a->res.n_reps : 1, n_kpis = a->res.n_kpis ? a->res.n_kpis : 1;
    pair->index_a = malloc(n_reps * sizeof *pair->index_a);
    pair->index_b = malloc(n_reps * sizeof *pair->index_b);
    pair->kpi_b = malloc(n_kpis * sizeof *pair->kpi_b);
    if (!pair->index_a || !pair->index_b || !pair->kpi_b)
        return out_of_memory();
    if (!match_kpis(a, b, pair))
        return HSC_EXIT_USAGE;
    choose_test(a, b, pair);
    return HSC_EXIT_OK;
}

/* values[i] = KPI `kpi` of replication reps[i] (or i when reps is NULL). */
static void gather(const struct side *side, size_t kpi, const size_t *reps, size_t n,
                   double *values)
{
    for (size_t i = 0; i < n; i++) {
        size_t rep = reps ? reps[i] : i;
        values[i] = side->res.kpi_value[hsc_results_kpi_index(&side->res, side->point, rep, kpi)];
    }
}

/* The difference of A's KPI k (B's kb) by the pairing's test; va and vb
 * are scratch holding A's and B's replication counts. */
static void compare_kpi(const struct side *a, const struct side *b, const struct pairing *pair,
                        size_t k, double *va, double *vb, struct hsc_difference *d)
{
    size_t kb = pair->kpi_b[k];
    if (pair->test == HSC_COMPARE_PAIRED) {
        gather(a, k, pair->index_a, pair->n_common, va);
        gather(b, kb, pair->index_b, pair->n_common, vb);
        hsc_compare_paired(va, vb, pair->n_common, d);
    } else {
        gather(a, k, NULL, a->res.n_reps, va);
        gather(b, kb, NULL, b->res.n_reps, vb);
        hsc_compare_welch(va, a->res.n_reps, vb, b->res.n_reps, d);
    }
}

/* ---- Text output ---- */

/* Widths of the KPI and unit columns over the KPIs compared. */
static void text_widths(const struct side *a, const struct pairing *pair, int *name, int *unit)
{
    size_t wn = 3, wu = 4;
    for (size_t k = 0; k < a->res.n_kpis; k++) {
        if (pair->kpi_b[k] == SIZE_MAX)
            continue;
        size_t ln = strlen(a->res.kpis[k].name), lu = strlen(a->res.kpis[k].unit);
        wn = ln > wn ? ln : wn;
        wu = lu > wu ? lu : wu;
    }
    *name = (int)wn;
    *unit = (int)wu;
}

static void text_header(FILE *out, const struct side *a, const struct side *b,
                        const struct pairing *pair, int wn, int wu)
{
    const struct side *both[2] = {a, b};
    for (size_t i = 0; i < 2; i++)
        fprintf(out, "%c: %s (%zu %s, seed %llu)\n", "AB"[i], both[i]->label,
                side_reps(both[i]), plural(side_reps(both[i]), "replication", "replications"),
                (unsigned long long)both[i]->res.master_seed);
    fprintf(out, "%s: %s\n",
            pair->test == HSC_COMPARE_PAIRED ? "paired" : "unpaired (Welch)", pair->reason);
    fputs("difference = B - A with its 95% CI; change = difference / |A mean|; "
          "* = the CI excludes zero\n\n", out);
    fprintf(out, "%-*s  %-*s  %10s  %10s  %11s  %25s  %8s  %7s\n", wn, "KPI", wu, "unit",
            "A mean", "B mean", "difference", "95% CI", "change", "n");
}

static void text_row(FILE *out, const struct hsc_kpi_def *kpi, const struct hsc_difference *d,
                     int wn, int wu)
{
    char mean_a[32], mean_b[32], diff[32], low[32], high[32], ci[80], change[32], n[48];
    hsc_cli_format_number(mean_a, sizeof mean_a, d->mean_a, false);
    hsc_cli_format_number(mean_b, sizeof mean_b, d->mean_b, false);
    hsc_cli_format_number(diff, sizeof diff, d->diff, true);
    hsc_cli_format_number(low, sizeof low, d->ci_low, false);
    hsc_cli_format_number(high, sizeof high, d->ci_high, false);
    snprintf(ci, sizeof ci, "[%s, %s]", low, high);
    double rel = hsc_difference_relative(d);
    if (isnan(rel))
        snprintf(change, sizeof change, "-");
    else
        snprintf(change, sizeof change, "%+.1f%%", rel);
    if (d->test == HSC_COMPARE_PAIRED)
        snprintf(n, sizeof n, "%zu", d->n_a);
    else
        snprintf(n, sizeof n, "%zu/%zu", d->n_a, d->n_b);
    /* The mark is the last column, so rows without it end at n (no
     * trailing blanks). */
    fprintf(out, "%-*s  %-*s  %10s  %10s  %11s  %25s  %8s  %7s%s\n", wn, kpi->name, wu,
            kpi->unit, mean_a, mean_b, diff, ci, change, n,
            hsc_difference_significant(d) ? "  *" : "");
}

/* ---- CSV output (RFC 4180: a header row, comma-separated, quoted when needed) ---- */

static const char csv_header[] =
    "a,b,kpi,unit,a_mean,b_mean,difference,ci_low,ci_high,n,test,significant,"
    "relative_change_pct,n_a,n_b,df,reason\n";

static void csv_row(FILE *out, const struct side *a, const struct side *b,
                    const struct pairing *pair, const struct hsc_kpi_def *kpi,
                    const struct hsc_difference *d)
{
    bool paired = d->test == HSC_COMPARE_PAIRED;
    const double numbers[] = {d->mean_a, d->mean_b, d->diff, d->ci_low, d->ci_high};
    hsc_cli_csv_text(out, a->label);
    fputc(',', out);
    hsc_cli_csv_text(out, b->label);
    fputc(',', out);
    hsc_cli_csv_text(out, kpi->name);
    fputc(',', out);
    hsc_cli_csv_text(out, kpi->unit);
    for (size_t i = 0; i < sizeof numbers / sizeof numbers[0]; i++) {
        fputc(',', out);
        hsc_cli_csv_number(out, numbers[i]);
    }
    fprintf(out, ",%zu,%s,%s,", paired ? d->n_a : d->n_a + d->n_b, paired ? "paired" : "welch",
            hsc_difference_significant(d) ? "true" : "false");
    hsc_cli_csv_number(out, hsc_difference_relative(d));
    fprintf(out, ",%zu,%zu,", d->n_a, d->n_b);
    hsc_cli_csv_number(out, d->df);
    fputc(',', out);
    hsc_cli_csv_text(out, pair->reason);
    fputc('\n', out);
}

/* Prints the comparison of B with A: a text block, or CSV rows. */
static int print_block(FILE *out, const struct side *a, const struct side *b,
                       const struct pairing *pair, bool csv)
{
    int wn = 0, wu = 0;
    double *va = malloc((a->res.n_reps ? a->res.n_reps : 1) * sizeof *va);
    double *vb = malloc((b->res.n_reps ? b->res.n_reps : 1) * sizeof *vb);
    if (!va || !vb) {
        free(vb);
        free(va);
        return out_of_memory();
    }
    if (!csv) {
        text_widths(a, pair, &wn, &wu);
        text_header(out, a, b, pair, wn, wu);
    }
    for (size_t k = 0; k < a->res.n_kpis; k++) {
        if (pair->kpi_b[k] == SIZE_MAX)
            continue;
        struct hsc_difference d;
        compare_kpi(a, b, pair, k, va, vb, &d);
        if (csv)
            csv_row(out, a, b, pair, &a->res.kpis[k], &d);
        else
            text_row(out, &a->res.kpis[k], &d, wn, wu);
    }
    free(vb);
    free(va);
    return HSC_EXIT_OK;
}

/* Parses argv into the file arguments (borrowed) and --csv. Returns an
 * exit status, or -1 to go on. */
static int parse_args(int argc, char **argv, const char **files, size_t *n_files, bool *csv)
{
    bool options_done = false;
    *n_files = 0;
    *csv = false;
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];
        if (!options_done && (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0)) {
            fputs(help_text, stdout);
            return HSC_EXIT_OK;
        } else if (!options_done && strcmp(arg, "--csv") == 0) {
            *csv = true;
        } else if (!options_done && strcmp(arg, "--") == 0) {
            options_done = true;
        } else if (!options_done && arg[0] == '-') {
            fprintf(stderr, "hscflow compare: unknown option '%s'\n\n%s", arg, help_text);
            return HSC_EXIT_USAGE;
        } else {
            files[(*n_files)++] = arg;
        }
    }
    if (*n_files < 2) {
        fprintf(stderr, "hscflow compare: needs A and at least one B\n\n%s", help_text);
        return HSC_EXIT_USAGE;
    }
    return -1;
}

/* On stderr, for A and every B: a note when a file carries no runaway
 * flags, and a warning when a queue ran away in any replication of the
 * point (each file and each side once). */
static void warn_runaway(const struct side *sides, size_t n_files)
{
    for (size_t i = 0; i < n_files; i++) {
        bool same_file = false, same_side = false;
        for (size_t j = 0; j < i; j++) {
            same_file = same_file || strcmp(sides[j].file, sides[i].file) == 0;
            same_side = same_side || strcmp(sides[j].label, sides[i].label) == 0;
        }
        if (!same_file)
            hsc_cli_note_no_runaway_flags(stderr, "compare", sides[i].file, &sides[i].res);
        if (same_side)
            continue;
        char label[1024];
        snprintf(label, sizeof label, "%c (%s)", i == 0 ? 'A' : 'B', sides[i].label);
        hsc_cli_warn_runaway(stderr, "compare", label, &sides[i].res, sides[i].point);
    }
}

/* Loads every side, then pairs each B with A; prints only when all are
 * good. Returns an exit status. */
static int run_comparisons(const char **files, size_t n_files, bool csv)
{
    struct side *sides = calloc(n_files, sizeof *sides);
    struct pairing *pairs = calloc(n_files, sizeof *pairs);
    int status = HSC_EXIT_OK;
    if (!sides || !pairs) {
        status = out_of_memory();
        goto cleanup;
    }
    for (size_t i = 0; i < n_files && status == HSC_EXIT_OK; i++)
        status = side_load(files[i], &sides[i]);
    for (size_t i = 1; i < n_files && status == HSC_EXIT_OK; i++)
        status = pairing_init(&sides[0], &sides[i], &pairs[i]);
    if (status != HSC_EXIT_OK)
        goto cleanup;
    if (csv)
        fputs(csv_header, stdout);
    for (size_t i = 1; i < n_files && status == HSC_EXIT_OK; i++) {
        if (!csv && i > 1)
            fputc('\n', stdout);
        status = print_block(stdout, &sides[0], &sides[i], &pairs[i], csv);
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fputs("hscflow compare: cannot write the output\n", stderr);
        status = HSC_EXIT_FAILURE;
    }
    if (status == HSC_EXIT_OK)
        warn_runaway(sides, n_files);
cleanup:
    for (size_t i = 0; pairs && i < n_files; i++)
        pairing_fini(&pairs[i]);
    for (size_t i = 0; sides && i < n_files; i++)
        side_fini(&sides[i]);
    free(pairs);
    free(sides);
    return status;
}

int hsc_cmd_compare(int argc, char **argv)
{
    const char **files = malloc((argc > 0 ? (size_t)argc : 1) * sizeof *files);
    if (!files)
        return out_of_memory();
    size_t n_files;
    bool csv;
    int status = parse_args(argc, argv, files, &n_files, &csv);
    if (status < 0)
        status = run_comparisons(files, n_files, csv);
    free(files);
    return status;
}
