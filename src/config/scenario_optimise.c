/*
 * The optimiser's settings (`optimise = { ... }`) and its objective, a
 * weighted sum of KPIs: terms [WEIGHT*]KPI joined by + or -, blanks allowed
 * between them ("delayed_bed_days + 20*emergency_admissions").
 *
 * Invariant: sc->optimise is always complete (defaults for what the file
 * does not say) and its objective has 1 to HSC_OBJECTIVE_MAX_TERMS terms,
 * each KPI named once with a weight that is finite and not 0. Whether a KPI
 * exists is the command's check (the catalogue is the model's), not this
 * file's.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfg_schema.h"
#include "scenario_build.h"

#define DEFAULT_OBJECTIVE "delayed_bed_days"
#define EXAMPLE                                                                               \
    "write [WEIGHT*]KPI terms joined by + or -, e.g. \"delayed_bed_days + "                   \
    "20*emergency_admissions\""

/* One objective being parsed. */
struct parser {
    const char *at;    /* the next character to read */
    size_t n;          /* terms read */
    char *kpi[HSC_OBJECTIVE_MAX_TERMS]; /* owns [n] */
    double weight[HSC_OBJECTIVE_MAX_TERMS];
    char *why;         /* borrows: the reason, when parsing fails */
    size_t why_size;
};

static void skip_blanks(struct parser *ps)
{
    ps->at += strspn(ps->at, " \t");
}

/* Sets the reason and returns false; `what` is put before where it happened. */
static bool fail(struct parser *ps, const char *what, bool example)
{
    if (*ps->at)
        snprintf(ps->why, ps->why_size, "%s at \"%s\"%s%s", what, ps->at, example ? "; " : "",
                 example ? EXAMPLE : "");
    else
        snprintf(ps->why, ps->why_size, "%s at the end%s%s", what, example ? "; " : "",
                 example ? EXAMPLE : "");
    return false;
}

/* Characters of a number without sign at s: digits with an optional
 * fraction and exponent ("20", "0.5", "1e3"), 0 when there is none. */
static size_t number_span(const char *s)
{
    size_t whole = strspn(s, "0123456789"), len = whole, frac = 0;
    if (s[len] == '.') {
        frac = strspn(s + len + 1, "0123456789");
        len += 1 + frac;
    }
    if (whole + frac == 0)
        return 0;
    if (s[len] == 'e' || s[len] == 'E') {
        size_t sign = s[len + 1] == '+' || s[len + 1] == '-';
        size_t exp = strspn(s + len + 1 + sign, "0123456789");
        if (exp > 0)
            len += 1 + sign + exp;
    }
    return len;
}

/* An optional "WEIGHT *" into *weight (1 when there is none). */
static bool read_weight(struct parser *ps, double *weight)
{
    *weight = 1.0;
    size_t len = number_span(ps->at);
    if (len == 0)
        return true;
    char buf[64];
    snprintf(buf, sizeof buf, "%.*s", (int)len, ps->at);
    *weight = strtod(buf, NULL);
    if (!isfinite(*weight))
        return fail(ps, "the weight must be a finite number", false);
    ps->at += len;
    skip_blanks(ps);
    if (*ps->at != '*')
        return fail(ps, "expected \"*\" after the weight", true);
    ps->at++;
    skip_blanks(ps);
    return true;
}

/* A KPI name [a-z][a-z0-9_.]*, with its signed weight, as a new term. */
static bool read_term(struct parser *ps, double sign)
{
    double weight;
    if (!read_weight(ps, &weight))
        return false;
    if (!(*ps->at >= 'a' && *ps->at <= 'z'))
        return fail(ps, "expected a KPI name", true);
    int len = (int)(1 + strspn(ps->at + 1, "abcdefghijklmnopqrstuvwxyz0123456789_."));
    for (size_t t = 0; t < ps->n; t++) {
        if (strlen(ps->kpi[t]) != (size_t)len || strncmp(ps->kpi[t], ps->at, (size_t)len) != 0)
            continue;
        snprintf(ps->why, ps->why_size, "names %.*s twice (give it one weight)", len, ps->at);
        return false;
    }
    if (weight == 0.0) {
        snprintf(ps->why, ps->why_size, "the weight of %.*s is 0 (drop the term)", len, ps->at);
        return false;
    }
    if (ps->n == HSC_OBJECTIVE_MAX_TERMS) {
        snprintf(ps->why, ps->why_size, "has more than %d terms", HSC_OBJECTIVE_MAX_TERMS);
        return false;
    }
    if (!(ps->kpi[ps->n] = strndup(ps->at, (size_t)len))) {
        snprintf(ps->why, ps->why_size, "out of memory");
        return false;
    }
    ps->weight[ps->n++] = sign * weight;
    ps->at += len;
    skip_blanks(ps);
    return true;
}

/* The whole objective: [+|-] term { (+|-) term }. */
static bool parse(struct parser *ps)
{
    skip_blanks(ps);
    if (!*ps->at) {
        snprintf(ps->why, ps->why_size, "is empty; " EXAMPLE);
        return false;
    }
    double sign = 1.0;
    for (;;) {
        if (*ps->at == '+' || *ps->at == '-') {
            sign = *ps->at == '-' ? -1.0 : 1.0;
            ps->at++;
            skip_blanks(ps);
        } else if (ps->n > 0) {
            return fail(ps, "expected \"+\" or \"-\"", true);
        }
        if (!read_term(ps, sign))
            return false;
        if (!*ps->at)
            return true;
    }
}

int hsc_objective_parse(const char *text, struct hsc_optimise_settings *out, char *why,
                        size_t why_size)
{
    struct parser ps = {.at = text, .why = why, .why_size = why_size};
    char *copy = NULL;
    bool ok = parse(&ps);
    if (ok && !(copy = strdup(text)))
        snprintf(why, why_size, "out of memory");
    if (!copy) {
        for (size_t t = 0; t < ps.n; t++)
            free(ps.kpi[t]);
        return -1;
    }
    for (size_t t = 0; t < out->n_terms; t++)
        free(out->kpi[t]);
    free(out->objective_text);
    out->n_terms = ps.n;
    for (size_t t = 0; t < ps.n; t++) {
        out->kpi[t] = ps.kpi[t];
        out->weight[t] = ps.weight[t];
    }
    out->objective_text = copy;
    out->objective_line = 0;
    return 0;
}

void hsc__scn_optimise_fini(struct hsc_optimise_settings *settings)
{
    for (size_t t = 0; t < settings->n_terms; t++)
        free(settings->kpi[t]);
    free(settings->objective_text);
    memset(settings, 0, sizeof *settings);
}

/* The objective as written, its line kept (0 when set by --set). */
static void read_objective(struct hsc__cfg_ctx *ctx, const struct hsc__cfg_value *val,
                           struct hsc_optimise_settings *out)
{
    char why[512];
    if (hsc_objective_parse(val->s, out, why, sizeof why) != 0) {
        hsc__cfg_error(ctx, val->setting, "%s", why);
        return;
    }
    char file[1024];
    int line;
    hsc__cfg_locate(ctx, val->setting, file, sizeof file, &line);
    out->objective_line = line;
}

/* max_replications >= first_replications, reported at the one written
 * (max_replications when both are). */
static void check_replications(struct hsc__cfg_ctx *ctx, const struct hsc__cfg_value *v,
                               const struct hsc_optimise_settings *out)
{
    if (out->max_replications >= out->first_replications)
        return;
    const struct hsc__cfg_value *first = &v[HSC__OPTIMISE_FIRST_REPLICATIONS];
    const struct hsc__cfg_value *max = &v[HSC__OPTIMISE_MAX_REPLICATIONS];
    if (max->ok)
        hsc__cfg_error(ctx, max->setting, "must be >= first_replications (%ld%s) (got %ld)",
                       out->first_replications, first->ok ? "" : " by default",
                       out->max_replications);
    else
        hsc__cfg_error(ctx, first->setting, "must be <= max_replications (%ld by default) "
                                            "(got %ld)", out->max_replications,
                       out->first_replications);
}

void hsc__scn_read_optimise(struct hsc__cfg_ctx *ctx, const config_setting_t *group,
                            struct hsc_optimise_settings *out)
{
    *out = (struct hsc_optimise_settings){
        .indifference_zone = 100.0,
        .confidence = 0.95,
        .first_replications = 10,
        .max_replications = 100,
        .exhaustive_max = 64,
        .max_points = 4096,
    };
    char why[128];
    if (hsc_objective_parse(DEFAULT_OBJECTIVE, out, why, sizeof why) != 0)
        hsc__cfg_error_at(ctx, ctx->path, 0, NULL, "out of memory loading the scenario");
    if (!group)
        return;
    struct hsc__cfg_value v[HSC__OPTIMISE_N];
    hsc__cfg_read_group(ctx, group, &hsc__cfg_schema_optimise, v);
    if (v[HSC__OPTIMISE_OBJECTIVE].ok)
        read_objective(ctx, &v[HSC__OPTIMISE_OBJECTIVE], out);
    if (v[HSC__OPTIMISE_INDIFFERENCE_ZONE].ok)
        out->indifference_zone = v[HSC__OPTIMISE_INDIFFERENCE_ZONE].d;
    if (v[HSC__OPTIMISE_CONFIDENCE].ok)
        out->confidence = v[HSC__OPTIMISE_CONFIDENCE].d;
    if (v[HSC__OPTIMISE_FIRST_REPLICATIONS].ok)
        out->first_replications = (long)v[HSC__OPTIMISE_FIRST_REPLICATIONS].i;
    if (v[HSC__OPTIMISE_MAX_REPLICATIONS].ok)
        out->max_replications = (long)v[HSC__OPTIMISE_MAX_REPLICATIONS].i;
    if (v[HSC__OPTIMISE_EXHAUSTIVE_MAX].ok)
        out->exhaustive_max = (long)v[HSC__OPTIMISE_EXHAUSTIVE_MAX].i;
    if (v[HSC__OPTIMISE_MAX_POINTS].ok)
        out->max_points = (long)v[HSC__OPTIMISE_MAX_POINTS].i;
    check_replications(ctx, v, out);
}
