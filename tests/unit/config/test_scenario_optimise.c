/*
 * The optimiser's settings (`optimise`): defaults when absent, values and
 * the objective's line when given, every range rule with its exact message
 * and line, --set; and hsc_objective_parse on good and bad objectives (the
 * terms and weights, each reason, the settings left as they were).
 */
#include "unit/config/fund_test_util.h"

#include <math.h>

#include "config/scenario_build.h" /* hsc__scn_optimise_fini */

/* The fund scenario with an optimise group after its options (44-52). */
static const char optimise[] =
    "optimise = {\n"                                                     /* 44 */
    "  objective = \"delayed_bed_days + 20*emergency_admissions\";\n"    /* 45 */
    "  indifference_zone = 250.0;\n"                                     /* 46 */
    "  confidence = 0.9;\n"                                              /* 47 */
    "  first_replications = 8;\n"                                        /* 48 */
    "  max_replications = 50;\n"                                         /* 49 */
    "  exhaustive_max = 16;\n"                                           /* 50 */
    "  max_points = 1000;\n"                                             /* 51 */
    "};\n";                                                              /* 52 */

static char *with_optimise(void)
{
    char *text = malloc(sizeof fund + sizeof optimise);
    assert_non_null(text);
    snprintf(text, sizeof fund + sizeof optimise, "%s%s", fund, optimise);
    return text;
}

static void expect_optimise_errors(const struct edit_case *cases, size_t n)
{
    char *base = with_optimise();
    for (size_t i = 0; i < n; i++) {
        char *text = config_edited(base, cases[i].from, cases[i].to);
        config_expect_errors(text, NULL, 0, &cases[i].error, 1);
        free(text);
    }
    free(base);
}

static void assert_default_settings(const struct hsc_optimise_settings *opt)
{
    assert_int_equal(opt->n_terms, 1);
    assert_string_equal(opt->kpi[0], "delayed_bed_days");
    assert_true(opt->weight[0] == 1.0);
    assert_string_equal(opt->objective_text, "delayed_bed_days");
    assert_int_equal(opt->objective_line, 0);
    assert_true(opt->indifference_zone == 100.0);
    assert_true(opt->confidence == 0.95);
    assert_int_equal(opt->first_replications, 10);
    assert_int_equal(opt->max_replications, 100);
    assert_int_equal(opt->exhaustive_max, 64);
    assert_int_equal(opt->max_points, 4096);
}

static void test_optimise_defaults(void **state)
{
    (void)state;
    struct hsc_scenario sc;
    config_load_valid(fund, NULL, 0, &sc);
    assert_default_settings(&sc.optimise);
    hsc_scenario_fini(&sc);
    assert_null(sc.optimise.objective_text); /* fini zeroes it */

    /* An empty group: the same. */
    char *text = malloc(sizeof fund + 32);
    assert_non_null(text);
    snprintf(text, sizeof fund + 32, "%soptimise = {};\n", fund);
    config_load_valid(text, NULL, 0, &sc);
    assert_default_settings(&sc.optimise);
    hsc_scenario_fini(&sc);
    free(text);
}

static void test_optimise_parsed(void **state)
{
    (void)state;
    char *text = with_optimise();
    struct hsc_scenario sc;
    config_load_valid(text, NULL, 0, &sc);
    const struct hsc_optimise_settings *opt = &sc.optimise;
    assert_int_equal(opt->n_terms, 2);
    assert_string_equal(opt->kpi[0], "delayed_bed_days");
    assert_string_equal(opt->kpi[1], "emergency_admissions");
    assert_true(opt->weight[0] == 1.0 && opt->weight[1] == 20.0);
    assert_string_equal(opt->objective_text, "delayed_bed_days + 20*emergency_admissions");
    assert_int_equal(opt->objective_line, 45);
    assert_true(opt->indifference_zone == 250.0);
    assert_true(opt->confidence == 0.9);
    assert_int_equal(opt->first_replications, 8);
    assert_int_equal(opt->max_replications, 50);
    assert_int_equal(opt->exhaustive_max, 16);
    assert_int_equal(opt->max_points, 1000);

    /* An option's point has no optimiser settings of its own. */
    struct hsc_scenario point;
    struct hsc_errors errs;
    hsc_errors_init(&errs, 0);
    assert_int_equal(hsc_scenario_load_option("valid.cfg", NULL, 0, &sc.options[BLUEBELL], &point,
                                              &errs), 0);
    assert_default_settings(&point.optimise);
    assert_null(strstr(point.resolved_text, "optimise"));
    hsc_scenario_fini(&point);
    hsc_errors_fini(&errs);
    hsc_scenario_fini(&sc);

    /* --set, as with any setting (the objective's line is then 0). */
    const struct hsc_override ovs[] = {
        {"optimise.objective", "2.5*cost_total - delayed_bed_days.service.step_down"},
        {"optimise.max_points", "20"}};
    config_load_valid(text, ovs, N_OF(ovs), &sc);
    assert_int_equal(sc.optimise.n_terms, 2);
    assert_string_equal(sc.optimise.kpi[1], "delayed_bed_days.service.step_down");
    assert_true(sc.optimise.weight[0] == 2.5 && sc.optimise.weight[1] == -1.0);
    assert_int_equal(sc.optimise.objective_line, 0);
    assert_int_equal(sc.optimise.max_points, 20);
    hsc_scenario_fini(&sc);
    config_load_valid(fund, ovs, N_OF(ovs), &sc); /* the group is created */
    assert_int_equal(sc.optimise.max_points, 20);
    hsc_scenario_fini(&sc);
    const struct hsc_override bad[] = {{"optimise.objective", "20 * "}};
    const char *const expected[] = {
        "(command line): optimise.objective: expected a KPI name at the end; write [WEIGHT*]KPI "
        "terms joined by + or -, e.g. \"delayed_bed_days + 20*emergency_admissions\""};
    config_expect_errors(text, bad, N_OF(bad), expected, N_OF(expected));
    free(text);
}

static void test_optimise_rules(void **state)
{
    (void)state;
    const struct edit_case cases[] = {
        {"indifference_zone = 250.0;", "indifference_zone = 0;",
         "bad.cfg:46: optimise.indifference_zone: must be > 0 (got 0)"},
        {"confidence = 0.9;", "confidence = 0.5;",
         "bad.cfg:47: optimise.confidence: must be > 0.5 (got 0.5)"},
        {"confidence = 0.9;", "confidence = 1.0;",
         "bad.cfg:47: optimise.confidence: must be < 1 (got 1)"},
        {"first_replications = 8;", "first_replications = 4;",
         "bad.cfg:48: optimise.first_replications: must be >= 5 (got 4)"},
        {"first_replications = 8;", "first_replications = 8.0;",
         "bad.cfg:48: optimise.first_replications: expected an integer (got a float)"},
        {"max_replications = 50;", "max_replications = 7;",
         "bad.cfg:49: optimise.max_replications: must be >= first_replications (8) (got 7)"},
        {"exhaustive_max = 16;", "exhaustive_max = 0;",
         "bad.cfg:50: optimise.exhaustive_max: must be >= 1 (got 0)"},
        {"max_points = 1000;", "max_points = 0;",
         "bad.cfg:51: optimise.max_points: must be >= 1 (got 0)"},
        {"max_points = 1000;", "max_point = 1000;",
         "bad.cfg:51: optimise.max_point: unknown setting (did you mean \"max_points\"?)"},
        {"  objective = \"delayed_bed_days + 20*emergency_admissions\";",
         "  objective = \"delayed_bed_days + 0*emergency_admissions\";",
         "bad.cfg:45: optimise.objective: the weight of emergency_admissions is 0 (drop the "
         "term)"},
        {"  objective = \"delayed_bed_days + 20*emergency_admissions\";", "  objective = 3;",
         "bad.cfg:45: optimise.objective: expected a string (got an integer)"},
    };
    expect_optimise_errors(cases, N_OF(cases));

    /* Every setting has a default: without first_replications it is 10. */
    char *base = with_optimise();
    char *text = config_edited(base, "  first_replications = 8;\n", "");
    struct hsc_scenario sc;
    config_load_valid(text, NULL, 0, &sc);
    assert_int_equal(sc.optimise.first_replications, 10);
    hsc_scenario_fini(&sc);
    free(text);

    /* max_replications >= first_replications when one is the default. */
    text = config_edited(base, "  max_replications = 50;\n", "");
    char *more = config_edited(text, "first_replications = 8;", "first_replications = 200;");
    const char *const over[] = {
        "bad.cfg:48: optimise.first_replications: must be <= max_replications (100 by default) "
        "(got 200)"};
    config_expect_errors(more, NULL, 0, over, N_OF(over));
    free(more);
    free(text);
    text = config_edited(base, "  first_replications = 8;\n", "");
    more = config_edited(text, "max_replications = 50;", "max_replications = 9;");
    const char *const under[] = {
        "bad.cfg:48: optimise.max_replications: must be >= first_replications (10 by default) "
        "(got 9)"};
    config_expect_errors(more, NULL, 0, under, N_OF(under));
    free(more);
    free(text);
    free(base);
}

/* Parses text into a fresh settings struct; returns the status. */
static int parse(const char *text, struct hsc_optimise_settings *out, char *why, size_t size)
{
    memset(out, 0, sizeof *out);
    return hsc_objective_parse(text, out, why, size);
}

static void test_objective_good(void **state)
{
    (void)state;
    struct hsc_optimise_settings opt;
    char why[512];
    assert_int_equal(parse("delayed_bed_days", &opt, why, sizeof why), 0);
    assert_int_equal(opt.n_terms, 1);
    assert_true(opt.weight[0] == 1.0);
    assert_int_equal(opt.objective_line, 0);

    /* Blanks, signs, decimals, exponents, dotted names; replaces the old. */
    opt.objective_line = 12;
    assert_int_equal(hsc_objective_parse("  -0.5 * cost_total+1e3*runaway_queues - x.y_2 "
                                         "+ .25*delayed_bed_days.service.step_down\t",
                                         &opt, why, sizeof why), 0);
    assert_int_equal(opt.n_terms, 4);
    assert_string_equal(opt.kpi[0], "cost_total");
    assert_true(opt.weight[0] == -0.5);
    assert_string_equal(opt.kpi[1], "runaway_queues");
    assert_true(opt.weight[1] == 1000.0);
    assert_string_equal(opt.kpi[2], "x.y_2");
    assert_true(opt.weight[2] == -1.0);
    assert_string_equal(opt.kpi[3], "delayed_bed_days.service.step_down");
    assert_true(opt.weight[3] == 0.25);
    assert_string_equal(opt.objective_text, "  -0.5 * cost_total+1e3*runaway_queues - x.y_2 "
                                            "+ .25*delayed_bed_days.service.step_down\t");
    assert_int_equal(opt.objective_line, 0);

    /* 8 terms is the most. */
    assert_int_equal(hsc_objective_parse("a+b+c+d+e+f+g+2E-1*h", &opt, why, sizeof why), 0);
    assert_int_equal(opt.n_terms, HSC_OBJECTIVE_MAX_TERMS);
    assert_true(opt.weight[7] == 0.2);
    assert_int_equal(hsc_objective_parse("+a", &opt, why, sizeof why), 0);
    assert_int_equal(opt.n_terms, 1);
    assert_true(opt.weight[0] == 1.0);
    hsc__scn_optimise_fini(&opt);
}

/* One bad objective and its reason. */
struct bad_objective {
    const char *text, *why;
};

#define EXAMPLE "write [WEIGHT*]KPI terms joined by + or -, e.g. \"delayed_bed_days + " \
                "20*emergency_admissions\""

static void test_objective_bad(void **state)
{
    (void)state;
    const struct bad_objective cases[] = {
        {"", "is empty; " EXAMPLE},
        {"  ", "is empty; " EXAMPLE},
        {"a +", "expected a KPI name at the end; " EXAMPLE},
        {"a b", "expected \"+\" or \"-\" at \"b\"; " EXAMPLE},
        {"20 a", "expected \"*\" after the weight at \"a\"; " EXAMPLE},
        {"2*", "expected a KPI name at the end; " EXAMPLE},
        {"a * 2", "expected \"+\" or \"-\" at \"* 2\"; " EXAMPLE},
        {"Delayed", "expected a KPI name at \"Delayed\"; " EXAMPLE},
        {"a - -b", "expected a KPI name at \"-b\"; " EXAMPLE},
        {"-2*a + (b)", "expected a KPI name at \"(b)\"; " EXAMPLE},
        {"0*a", "the weight of a is 0 (drop the term)"},
        {"a + 0.0e5 * b", "the weight of b is 0 (drop the term)"},
        {"1e999*a", "the weight must be a finite number at \"1e999*a\""},
        {"a + 2*b - a", "names a twice (give it one weight)"},
        {"a+b+c+d+e+f+g+h+i", "has more than 8 terms"},
    };
    struct hsc_optimise_settings opt;
    char why[512];
    memset(&opt, 0, sizeof opt);
    assert_int_equal(hsc_objective_parse("kept + 2*also_kept", &opt, why, sizeof why), 0);
    for (size_t i = 0; i < N_OF(cases); i++) {
        why[0] = '\0';
        if (hsc_objective_parse(cases[i].text, &opt, why, sizeof why) != -1)
            fail_msg("\"%s\" parsed", cases[i].text);
        if (strcmp(why, cases[i].why) != 0)
            fail_msg("\"%s\": got \"%s\", want \"%s\"", cases[i].text, why, cases[i].why);
        /* The settings are as they were. */
        assert_int_equal(opt.n_terms, 2);
        assert_string_equal(opt.kpi[1], "also_kept");
        assert_string_equal(opt.objective_text, "kept + 2*also_kept");
    }
    /* A short buffer is cut, not overrun. */
    char tiny[8];
    assert_int_equal(hsc_objective_parse("a b", &opt, tiny, sizeof tiny), -1);
    assert_string_equal(tiny, "expecte");
    hsc__scn_optimise_fini(&opt);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_optimise_defaults),
        cmocka_unit_test(test_optimise_parsed),
        cmocka_unit_test(test_optimise_rules),
        cmocka_unit_test(test_objective_good),
        cmocka_unit_test(test_objective_bad),
    };
    return cmocka_run_group_tests(tests, config_tmp_setup, config_tmp_teardown);
}
