/*
 * hsc_scenario_load: parse, apply --set overrides, validate while building
 * the plain C structs (then try each option and portfolio), and keep the
 * resolved text for provenance. hsc_scenario_load_choices: the same with
 * the changes of some options applied after the overrides (a portfolio, an
 * optimiser's point); hsc_scenario_load_option is its one-option case.
 *
 * Invariant: on success every string in the scenario is our own copy and the
 * libconfig tree is gone; on failure the scenario is left empty. Defaults of
 * the run settings live here, next to the struct they fill.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfg_override.h"
#include "cfg_parse.h"
#include "cfg_read.h"
#include "cfg_schema.h"
#include "cfg_write.h"
#include "scenario_build.h"

/* Scenario names become file names (results/<name>.h5). */
#define MAX_NAME_LEN 64

const char *hsc_kind_name(enum hsc_kind kind)
{
    HSC_ASSERT(kind >= 0 && kind < HSC_KIND_COUNT);
    return hsc__cfg_kind_names[kind];
}

const char *hsc_role_name(enum hsc_role role)
{
    HSC_ASSERT(role >= 0 && role < HSC_ROLE_COUNT);
    return hsc__cfg_role_names[role];
}

const char *hsc_delay_code_name(enum hsc_delay_code code)
{
    HSC_ASSERT(code >= 0 && code < HSC_DELAY_CODE_COUNT);
    return hsc__cfg_delay_code_names[code];
}

static bool valid_scenario_name(const char *name)
{
    size_t len = strlen(name);
    if (len == 0 || len > MAX_NAME_LEN || !((name[0] >= 'a' && name[0] <= 'z') ||
                                            (name[0] >= '0' && name[0] <= '9')))
        return false;
    return strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789_-") == len;
}

static void read_run(struct hsc__cfg_ctx *ctx, const config_setting_t *group,
                     struct hsc_run_settings *run)
{
    *run = (struct hsc_run_settings){
        .seed = 1,
        .replications = 10,
        .warmup_days = 0.0,
        .measure_days = 365.0,
        .start_date = {2025, 4, 1},
        .max_people = 1000000,
        .max_events = 4000000,
    };
    if (!group)
        return;
    struct hsc__cfg_value v[HSC__RUN_N];
    hsc__cfg_read_group(ctx, group, &hsc__cfg_schema_run, v);
    if (v[HSC__RUN_SEED].ok)
        run->seed = (uint64_t)v[HSC__RUN_SEED].i;
    if (v[HSC__RUN_REPLICATIONS].ok)
        run->replications = v[HSC__RUN_REPLICATIONS].i;
    if (v[HSC__RUN_WARMUP_DAYS].ok)
        run->warmup_days = v[HSC__RUN_WARMUP_DAYS].d;
    if (v[HSC__RUN_MEASURE_DAYS].ok)
        run->measure_days = v[HSC__RUN_MEASURE_DAYS].d;
    if (v[HSC__RUN_START_DATE].ok)
        run->start_date = v[HSC__RUN_START_DATE].date;
    if (v[HSC__RUN_MAX_PEOPLE].ok)
        run->max_people = v[HSC__RUN_MAX_PEOPLE].i;
    if (v[HSC__RUN_MAX_EVENTS].ok)
        run->max_events = v[HSC__RUN_MAX_EVENTS].i;
}

/* A group-valued key that was read without error, or NULL. */
static const config_setting_t *group_of(const struct hsc__cfg_value *val)
{
    return val->ok ? val->setting : NULL;
}

static char *copy_or_null(const char *text)
{
    return text ? strdup(text) : NULL;
}

/* budget = NUMBER (the annual budget, nothing committed) or budget = {
 * annual = ...; committed = ...; }: committed money must not exceed the
 * annual budget. */
static void read_budget(struct hsc__cfg_ctx *ctx, const struct hsc__cfg_value *val,
                        struct hsc_scenario *sc)
{
    sc->budget = NAN;
    sc->budget_committed = 0.0;
    if (!val->ok)
        return;
    if (!config_setting_is_group(val->setting)) {
        sc->budget = val->d;
        return;
    }
    struct hsc__cfg_value b[HSC__BUDGET_N];
    hsc__cfg_read_group(ctx, val->setting, &hsc__cfg_schema_budget, b);
    if (!b[HSC__BUDGET_ANNUAL].ok)
        return;
    sc->budget = b[HSC__BUDGET_ANNUAL].d;
    if (!b[HSC__BUDGET_COMMITTED].ok)
        return;
    sc->budget_committed = b[HSC__BUDGET_COMMITTED].d;
    if (sc->budget_committed > sc->budget) {
        char got[32], annual[32];
        hsc__cfg_format_number(sc->budget_committed, got, sizeof got);
        hsc__cfg_format_number(sc->budget, annual, sizeof annual);
        hsc__cfg_error(ctx, b[HSC__BUDGET_COMMITTED].setting,
                       "must be <= budget.annual (%s) (got %s)", annual, got);
    }
}

void hsc__scn_build(struct hsc__cfg_ctx *ctx, struct hsc_scenario *sc)
{
    const config_setting_t *root = config_root_setting(&ctx->cfg);
    struct hsc__cfg_value v[HSC__ROOT_N];
    hsc__cfg_read_group(ctx, root, &hsc__cfg_schema_root, v);
    const struct hsc__cfg_value *name = &v[HSC__ROOT_NAME];
    if (name->ok && !valid_scenario_name(name->s))
        hsc__cfg_error(ctx, name->setting,
                       "must be 1 to %d characters a-z, 0-9, _ and -, starting with a letter or "
                       "digit (got \"%s\")", MAX_NAME_LEN, name->s);
    sc->name = copy_or_null(name->ok ? name->s : "");
    sc->description = copy_or_null(v[HSC__ROOT_DESCRIPTION].ok ? v[HSC__ROOT_DESCRIPTION].s
                                                                : NULL);
    if (!sc->name || (v[HSC__ROOT_DESCRIPTION].ok && !sc->description))
        hsc__cfg_error_at(ctx, ctx->path, 0, NULL, "out of memory loading the scenario");
    read_run(ctx, group_of(&v[HSC__ROOT_RUN]), &sc->run);
    read_budget(ctx, &v[HSC__ROOT_BUDGET], sc);
    hsc__scn_read_optimise(ctx, group_of(&v[HSC__ROOT_OPTIMISE]), &sc->optimise);
    if (hsc__cfg_stop(ctx))
        return;
    struct hsc__scn_build b = {
        .ctx = ctx,
        .sc = sc,
        .staff = group_of(&v[HSC__ROOT_STAFF]),
        .cohorts = group_of(&v[HSC__ROOT_COHORTS]),
        .services = group_of(&v[HSC__ROOT_SERVICES]),
    };
    /* A group that is wrong, or misspelt, leaves its names unknown: names
     * that refer to it are then not judged. */
    const char *names[HSC__ROOT_N];
    size_t n_names = hsc__cfg_schema_names(&hsc__cfg_schema_root, 0, names, HSC__ROOT_N);
    const struct hsc__cfg_value *localities = &v[HSC__ROOT_LOCALITIES];
    b.staff_ok = v[HSC__ROOT_STAFF].setting ? v[HSC__ROOT_STAFF].ok
                                            : !hsc__cfg_typo_of(root, names, n_names, "staff");
    hsc__scn_read_localities(&b, localities->setting,
                             localities->setting
                                 ? localities->ok
                                 : !hsc__cfg_typo_of(root, names, n_names, "localities"));
    hsc__scn_read_calendar(&b, group_of(&v[HSC__ROOT_CALENDAR]));
    hsc__scn_read_staff(&b);
    if (!hsc__cfg_stop(ctx) && hsc__scn_collect(&b) == 0)
        hsc__scn_read_entities(&b);
    /* An option or a portfolio is judged by the scenario it makes, so only
     * on a valid base. */
    size_t base_errors = ctx->n_errors;
    if (!hsc__cfg_stop(ctx))
        hsc__scn_read_options(&b, group_of(&v[HSC__ROOT_OPTIONS]));
    if (base_errors == 0 && !hsc__cfg_stop(ctx) && sc->n_options > 0)
        hsc__scn_check_options(ctx, sc, b.option_ok, b.option_runs);
    const struct hsc__cfg_value *options = &v[HSC__ROOT_OPTIONS];
    bool options_known = options->setting ? options->ok
                                          : !hsc__cfg_typo_of(root, names, n_names, "options");
    if (!hsc__cfg_stop(ctx))
        hsc__scn_read_portfolios(&b, group_of(&v[HSC__ROOT_PORTFOLIOS]), options_known);
    if (base_errors == 0 && !hsc__cfg_stop(ctx))
        hsc__scn_check_portfolios(&b);
    hsc__scn_build_fini(&b);
}

/* What both loaders do first: an empty sc, a context for the file, the file
 * parsed and the command-line overrides applied. Returns 1 when the file
 * parsed, 0 when it did not (reported; ctx still needs hsc__cfg_ctx_fini),
 * -1 (reported) when the context cannot be made. */
static int open_scenario(struct hsc__cfg_ctx *ctx, const char *path,
                         const struct hsc_override *overrides, size_t n_overrides,
                         struct hsc_scenario *sc, struct hsc_errors *errs)
{
    memset(sc, 0, sizeof *sc);
    if (hsc__cfg_ctx_init(ctx, path, errs) != 0) {
        hsc_errors_add(errs, path, 0, NULL, "out of memory loading the scenario");
        return -1;
    }
    if (hsc__cfg_parse(ctx) != 0)
        return 0;
    hsc__cfg_apply_overrides(ctx, overrides, n_overrides);
    return 1;
}

int hsc_scenario_load(const char *path, const struct hsc_override *overrides,
                      size_t n_overrides, struct hsc_scenario *sc, struct hsc_errors *errs)
{
    struct hsc__cfg_ctx ctx;
    int parsed = open_scenario(&ctx, path, overrides, n_overrides, sc, errs);
    if (parsed < 0)
        return -1;
    if (parsed && !hsc__cfg_stop(&ctx))
        hsc__scn_build(&ctx, sc);
    if (ctx.n_errors == 0) {
        sc->path = strdup(path);
        sc->resolved_text = hsc__cfg_write_text(config_root_setting(&ctx.cfg));
        if (!sc->path || !sc->resolved_text)
            hsc__cfg_error_at(&ctx, path, 0, NULL, "out of memory loading the scenario");
    }
    int status = ctx.n_errors == 0 ? 0 : -1;
    hsc__cfg_ctx_fini(&ctx);
    if (status != 0)
        hsc_scenario_fini(sc);
    return status;
}

/* Builds the picks on the scenario at `path` (with the overrides) into sc,
 * reporting as `as` says (fallback looked up by label). */
static int load_picks(const char *path, const struct hsc_override *overrides,
                      size_t n_overrides, const struct hsc__scn_pick *picks, size_t n_picks,
                      struct hsc__scn_report_as *as, struct hsc_scenario *sc,
                      struct hsc_errors *errs)
{
    struct hsc__cfg_ctx ctx;
    int parsed = open_scenario(&ctx, path, overrides, n_overrides, sc, errs);
    if (parsed < 0)
        return -1;
    if (parsed && ctx.n_errors == 0) {
        as->fallback = hsc__scn_fallback(&ctx, as->label);
        hsc__scn_build_choices(&ctx, picks, n_picks, as, sc, true);
    }
    if (ctx.n_errors == 0 && !(sc->path = strdup(path)))
        hsc__cfg_error_at(&ctx, path, 0, NULL, "out of memory loading the scenario");
    int status = ctx.n_errors == 0 ? 0 : -1;
    hsc__cfg_ctx_fini(&ctx);
    if (status != 0)
        hsc_scenario_fini(sc);
    return status;
}

int hsc_scenario_load_option(const char *path, const struct hsc_override *overrides,
                             size_t n_overrides, const struct hsc_option *option,
                             struct hsc_scenario *sc, struct hsc_errors *errs)
{
    struct hsc__scn_pick pick = {option, hsc_option_default_level(option)};
    char label[512], note[64] = "";
    snprintf(label, sizeof label, "options.%s", option->name);
    if (option->n_levels > 0)
        snprintf(note, sizeof note, "at level %.17g: ", pick.level);
    struct hsc__scn_report_as as = {label, note, NULL};
    return load_picks(path, overrides, n_overrides, &pick, 1, &as, sc, errs);
}

int hsc_scenario_load_choices(const char *path, const struct hsc_override *overrides,
                              size_t n_overrides, const struct hsc_scenario *base,
                              const struct hsc_choice *choices, size_t n_choices,
                              const char *label, struct hsc_scenario *sc,
                              struct hsc_errors *errs)
{
    struct hsc__scn_pick *picks = calloc(n_choices ? n_choices : 1, sizeof *picks);
    if (!picks) {
        memset(sc, 0, sizeof *sc);
        hsc_errors_add(errs, path, 0, NULL, "out of memory loading the scenario");
        return -1;
    }
    for (size_t c = 0; c < n_choices; c++) {
        HSC_ASSERT(choices[c].option < base->n_options);
        picks[c] = (struct hsc__scn_pick){&base->options[choices[c].option], choices[c].level};
    }
    struct hsc__scn_report_as as = {label, NULL, NULL};
    int status = load_picks(path, overrides, n_overrides, picks, n_choices, &as, sc, errs);
    free(picks);
    return status;
}

void hsc__scn_cohort_fini(struct hsc_cohort *cohort, size_t n_localities)
{
    for (size_t l = 0; cohort->variants && l < n_localities; l++)
        if (cohort->variants[l].name)
            hsc__scn_cohort_fini(&cohort->variants[l], 0);
    free(cohort->variants);
    free(cohort->name);
    free(cohort->population);
    free(cohort->emergency_per_day);
    hsc_dist_fini(&cohort->elective_duration);
    hsc__scn_routes_fini(&cohort->discharge);
    free(cohort->readmission_28d);
    hsc_dist_fini(&cohort->readmission_days);
    for (int k = 0; k < HSC_DELAY_CODE_COUNT; k++) {
        free(cohort->delays[k].share);
        hsc_dist_fini(&cohort->delays[k].duration);
    }
    free(cohort->step_up);
    free(cohort->assess_after);
    hsc_dist_fini(&cohort->acute_stay);
}

static void service_fini(struct hsc_service *svc, size_t n_cohorts)
{
    for (size_t c = 0; svc->home_wait && c < n_cohorts; c++)
        hsc_dist_fini(&svc->home_wait[c].patience);
    free(svc->home_wait);
    for (size_t c = 0; c < n_cohorts; c++) {
        if (svc->duration)
            hsc_dist_fini(&svc->duration[c]);
        if (svc->hours)
            hsc_dist_fini(&svc->hours[c]);
        if (svc->exits)
            hsc__scn_routes_fini(&svc->exits[c]);
    }
    free(svc->duration);
    free(svc->hours);
    free(svc->exits);
    free(svc->referrals_per_day);
    free(svc->initial);
    free(svc->calendar);
    free(svc->locality_share);
    free(svc->name);
}

void hsc_scenario_fini(struct hsc_scenario *sc)
{
    for (size_t c = 0; c < sc->n_cohorts; c++)
        hsc__scn_cohort_fini(&sc->cohorts[c], sc->n_localities);
    for (size_t s = 0; s < sc->n_services; s++)
        service_fini(&sc->services[s], sc->n_cohorts);
    for (size_t l = 0; l < sc->n_localities; l++)
        free(sc->localities[l]);
    for (size_t g = 0; g < sc->n_staff; g++)
        free(sc->staff[g].name);
    for (size_t o = 0; o < sc->n_options; o++)
        hsc__scn_option_fini(&sc->options[o]);
    free(sc->options);
    for (size_t p = 0; p < sc->n_portfolios; p++)
        hsc__scn_portfolio_fini(&sc->portfolios[p]);
    free(sc->portfolios);
    hsc__scn_optimise_fini(&sc->optimise);
    free(sc->cohorts);
    free(sc->services);
    free(sc->localities);
    free(sc->staff);
    free(sc->name);
    free(sc->description);
    free(sc->path);
    free(sc->resolved_text);
    memset(sc, 0, sizeof *sc);
}

long hsc_scenario_find_service(const struct hsc_scenario *sc, const char *name)
{
    for (size_t s = 0; s < sc->n_services; s++)
        if (strcmp(sc->services[s].name, name) == 0)
            return (long)s;
    return -1;
}

long hsc_scenario_find_cohort(const struct hsc_scenario *sc, const char *name)
{
    for (size_t c = 0; c < sc->n_cohorts; c++)
        if (strcmp(sc->cohorts[c].name, name) == 0)
            return (long)c;
    return -1;
}
