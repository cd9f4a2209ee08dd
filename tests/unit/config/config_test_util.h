/*
 * Helpers for the config unit tests: a private temporary directory that the
 * test process works in (so error messages show short relative file names),
 * scenario files written from strings, and searching collected errors.
 * Include once per test program (definitions are static).
 */
#ifndef HSC_TEST_CONFIG_UTIL_H
#define HSC_TEST_CONFIG_UTIL_H

#include <dirent.h>
#include <sys/stat.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hscflow/error.h"
#include "hscflow/scenario.h"

/* The directory the tests run in; set by config_tmp_setup. */
static char config_tmp_dir[64];
static char config_tmp_old_cwd[4096];

static int config_tmp_setup(void **state)
{
    (void)state;
    snprintf(config_tmp_dir, sizeof config_tmp_dir, "/tmp/hsc_config_test_XXXXXX");
    if (!mkdtemp(config_tmp_dir) || !getcwd(config_tmp_old_cwd, sizeof config_tmp_old_cwd) ||
        chdir(config_tmp_dir) != 0)
        return -1;
    return 0;
}

/* Removes a directory tree (no symbolic links are ever made in it). */
static int config_tmp_remove_tree(const char *path)
{
    DIR *dir = opendir(path);
    if (!dir)
        return remove(path);
    struct dirent *entry;
    int status = 0;
    while ((entry = readdir(dir)) != NULL) {
        if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0)
            continue;
        char child[4096];
        snprintf(child, sizeof child, "%s/%s", path, entry->d_name);
        struct stat st;
        if (lstat(child, &st) == 0 && S_ISDIR(st.st_mode))
            status |= config_tmp_remove_tree(child);
        else
            status |= remove(child);
    }
    closedir(dir);
    return status | rmdir(path);
}

static int config_tmp_teardown(void **state)
{
    (void)state;
    if (chdir(config_tmp_old_cwd) != 0)
        return -1;
    return config_tmp_remove_tree(config_tmp_dir);
}

/* Writes text to name (relative to the temporary directory). */
static inline void write_file(const char *name, const char *text)
{
    FILE *out = fopen(name, "w");
    assert_non_null(out);
    assert_int_equal(fputs(text, out) >= 0, 1);
    assert_int_equal(fclose(out), 0);
}

/* True when one of the errors formats exactly as `expected`. */
static inline bool has_error(const struct hsc_errors *errs, const char *expected)
{
    char buf[2048];
    for (size_t i = 0; i < errs->count; i++) {
        hsc_error_format(&errs->items[i], buf, sizeof buf);
        if (strcmp(buf, expected) == 0)
            return true;
    }
    return false;
}

/* Prints the errors (shown by cmocka when an assertion then fails). */
static inline void print_errors(const struct hsc_errors *errs)
{
    hsc_errors_print(errs, stderr);
}

#define assert_error(errs, expected)                                   \
    do {                                                               \
        if (!has_error((errs), (expected))) {                          \
            print_errors(errs);                                        \
            fail_msg("missing error: %s", (expected));                 \
        }                                                              \
    } while (0)

/* Writes text to name and loads it with the overrides; returns the status. */
static inline int config_load_text(const char *name, const char *text, const struct hsc_override *ovs,
                     size_t n, struct hsc_scenario *sc, struct hsc_errors *errs)
{
    write_file(name, text);
    hsc_errors_init(errs, 0);
    return hsc_scenario_load(name, ovs, n, sc, errs);
}

/* Loads text; fails the test unless it is valid. */
static inline void config_load_valid(const char *text, const struct hsc_override *ovs, size_t n,
                       struct hsc_scenario *sc)
{
    struct hsc_errors errs;
    int status = config_load_text("valid.cfg", text, ovs, n, sc, &errs);
    print_errors(&errs);
    assert_int_equal(status, 0);
    hsc_errors_fini(&errs);
}

/* Loads text, which must fail with exactly the expected errors. */
static inline void config_expect_errors(const char *text, const struct hsc_override *ovs, size_t n,
                          const char *const *expected, size_t n_expected)
{
    struct hsc_scenario sc;
    struct hsc_errors errs;
    assert_int_equal(config_load_text("bad.cfg", text, ovs, n, &sc, &errs), -1);
    for (size_t i = 0; i < n_expected; i++)
        assert_error(&errs, expected[i]);
    if (errs.count != n_expected)
        print_errors(&errs);
    assert_int_equal(errs.count, n_expected);
    assert_null(sc.name);
    hsc_errors_fini(&errs);
}

/* `base` with `from` (which must occur exactly once) replaced by `to`
 * (owned by the caller). */
static inline char *config_edited(const char *base, const char *from, const char *to)
{
    const char *at = strstr(base, from);
    assert_non_null(at);
    assert_null(strstr(at + 1, from));
    size_t head = (size_t)(at - base);
    char *text = malloc(strlen(base) + strlen(to) + 1);
    assert_non_null(text);
    memcpy(text, base, head);
    strcpy(text + head, to);
    strcat(text, at + strlen(from));
    return text;
}

/* A valid scenario the tests start from (services.acute.duration.adult on
 * line 22, probabilities of `frail` on line 24). */
static const char base_scenario[] =
    "name = \"baseline\";\n"                                      /* 1 */
    "description = \"Test scenario\";\n"                         /* 2 */
    "run = {\n"                                                  /* 3 */
    "  seed = 12345;\n"                                          /* 4 */
    "  replications = 7;\n"                                      /* 5 */
    "  warmup_days = 30.5;\n"                                    /* 6 */
    "  measure_days = 100;\n"                                    /* 7 */
    "  start_date = \"2026-04-01\";\n"                           /* 8 */
    "};\n"                                                       /* 9 */
    "cohorts = {\n"                                              /* 10 */
    "  adult = { emergency_per_day = 20.0; acute_service = \"acute\"; };\n" /* 11 */
    "  frail = { emergency_per_day = 4; acute_service = \"acute\"; };\n" /* 12 */
    "  child = { emergency_per_day = 0.25; acute_service = \"paeds\"; };\n" /* 13 */
    "};\n"                                                       /* 14 */
    "services = {\n"                                             /* 15 */
    "  acute = {\n"                                              /* 16 */
    "    kind = \"beds\";\n"                                     /* 17 */
    "    role = \"acute\";\n"                                    /* 18 */
    "    capacity = 300;\n"                                      /* 19 */
    "    max_queue = 0;\n"                                       /* 20 */
    "    duration = {\n"                                         /* 21 */
    "      adult = { dist = \"lognormal\"; mean = 4.0; sd = 5.0; };\n" /* 22 */
    "      default = { dist = \"exponential\"; mean = 3; };\n"    /* 23 */
    "      frail = { dist = \"empirical\"; values = [1.0, 2.0, 10.0]; probabilities = [0.5, 0.25, 0.25]; };\n" /* 24 */
    "    };\n"                                                   /* 25 */
    "  };\n"                                                     /* 26 */
    "  paeds = {\n"                                              /* 27 */
    "    kind = \"beds\"; role = \"acute\"; capacity = 20;\n"     /* 28 */
    "    duration = { default = { dist = \"fixed\"; value = 2; }; };\n" /* 29 */
    "  };\n"                                                     /* 30 */
    "};\n";                                                      /* 31 */

/* A valid whole-system scenario: three localities, a calendar, staff, two
 * cohorts (one rate per day, one per 1,000 a year), an acute service, a
 * discharge team and four community services. Line numbers on the right. */
static const char system_scenario[] =
    "name = \"whole_system\";\n"                             /* 1 */
    "description = \"Acute beds, discharge team, step-down, reablement, home care\";\n" /* 2 */
    "\n"                                                     /* 3 */
    "run = {\n"                                              /* 4 */
    "  seed = 12345;\n"                                      /* 5 */
    "  replications = 10;\n"                                 /* 6 */
    "  warmup_days = 60.0;\n"                                /* 7 */
    "  measure_days = 365.0;\n"                              /* 8 */
    "  start_date = \"2026-04-01\";\n"                       /* 9 */
    "};\n"                                                   /* 10 */
    "\n"                                                     /* 11 */
    "localities = [\"city\", \"north\", \"south\"];\n"       /* 12 */
    "\n"                                                     /* 13 */
    "calendar = {\n"                                         /* 14 */
    "  weekday_factors = [1.15, 1.05, 1.0, 1.0, 1.0, 0.9, 0.85];\n" /* 15 */
    "  month_factors = [1.1, 1.05, 1.0, 0.95, 0.95, 0.9, 0.9, 0.9, 0.95, 1.0, 1.05, 1.15];\n" /* 16 */
    "};\n"                                                   /* 17 */
    "\n"                                                     /* 18 */
    "staff = {\n"                                            /* 19 */
    "  discharge_team = { wte = 8.0; working_days = \"Mon-Fri\"; };\n" /* 20 */
    "  reablement = { wte = 30.0; };\n"                      /* 21 */
    "  home_care = { wte = 160.0; care_hours_per_wte_week = 25.0; };\n" /* 22 */
    "};\n"                                                   /* 23 */
    "\n"                                                     /* 24 */
    "cohorts = {\n"                                          /* 25 */
    "  adult = {\n"                                          /* 26 */
    "    emergency_per_day = 20.0;\n"                        /* 27 */
    "    electives_per_weekday = [0, 4, 4, 4, 4, 0, 0];\n"   /* 28 */
    "    elective_duration = { dist = \"lognormal\"; mean = 3.0; sd = 2.0; };\n" /* 29 */
    "  };\n"                                                 /* 30 */
    "  frail85 = {\n"                                        /* 31 */
    "    population = { city = 1500; north = 1400; south = 1200; };\n" /* 32 */
    "    emergency_per_1000_per_year = 500.0;\n"             /* 33 */
    "    death_in_hospital = 0.08;\n"                        /* 34 */
    "    discharge = { home = 0.5; reablement = 0.3; home_care = 0.1; step_down = 0.07; care_home = 0.03; };\n" /* 35 */
    "    readmission_28d = { home = 0.12; default = 0.10; };\n" /* 36 */
    "    readmission_days = { dist = \"uniform\"; min = 0.0; max = 28.0; };\n" /* 37 */
    "  };\n"                                                 /* 38 */
    "};\n"                                                   /* 39 */
    "\n"                                                     /* 40 */
    "services = {\n"                                         /* 41 */
    "  acute = {\n"                                          /* 42 */
    "    kind = \"beds\";\n"                                 /* 43 */
    "    role = \"acute\";\n"                                /* 44 */
    "    capacity = 260;\n"                                  /* 45 */
    "    duration = {\n"                                     /* 46 */
    "      frail85 = { dist = \"lognormal\"; mean = 9.0; sd = 11.0; };\n" /* 47 */
    "      default = { dist = \"exponential\"; mean = 3.5; };\n" /* 48 */
    "    };\n"                                               /* 49 */
    "    discharge_hours = [8.0, 20.0];\n"                   /* 50 */
    "    weekend_discharge = 0.5;\n"                         /* 51 */
    "    elective_hour = 8.0;\n"                             /* 52 */
    "  };\n"                                                 /* 53 */
    "  discharge_team = {\n"                                 /* 54 */
    "    kind = \"caseload\";\n"                             /* 55 */
    "    role = \"assessment\";\n"                           /* 56 */
    "    staff = \"discharge_team\";\n"                      /* 57 */
    "    caseload_per_wte = 2.0;\n"                          /* 58 */
    "    duration = { default = { dist = \"gamma\"; mean = 2.0; sd = 1.0; }; };\n" /* 59 */
    "  };\n"                                                 /* 60 */
    "  step_down = {\n"                                      /* 61 */
    "    kind = \"beds\";\n"                                 /* 62 */
    "    role = \"step_down\";\n"                            /* 63 */
    "    capacity = 30;\n"                                   /* 64 */
    "    duration = { default = { dist = \"gamma\"; mean = 21.0; sd = 10.0; }; };\n" /* 65 */
    "    exits = {\n"                                        /* 66 */
    "      default = { home = 0.6; home_care = 0.2; care_home = 0.1; hospital = 0.05; death = 0.05; };\n" /* 67 */
    "    };\n"                                               /* 68 */
    "    referrals = { frail85 = 0.2; };\n"                  /* 69 */
    "    initial = { frail85 = 10; };\n"                     /* 70 */
    "  };\n"                                                 /* 71 */
    "  reablement = {\n"                                     /* 72 */
    "    kind = \"caseload\";\n"                             /* 73 */
    "    role = \"reablement\";\n"                           /* 74 */
    "    staff = \"reablement\";\n"                          /* 75 */
    "    caseload_per_wte = 1.5;\n"                          /* 76 */
    "    duration = { default = { dist = \"gamma\"; mean = 28.0; sd = 14.0; }; };\n" /* 77 */
    "    exits = {\n"                                        /* 78 */
    "      frail85 = { home = 0.6; home_care = 0.3; hospital = 0.07; death = 0.03; };\n" /* 79 */
    "      default = { home = 0.9; home_care = 0.1; };\n"    /* 80 */
    "    };\n"                                               /* 81 */
    "  };\n"                                                 /* 82 */
    "  home_care = {\n"                                      /* 83 */
    "    kind = \"hours\";\n"                                /* 84 */
    "    role = \"home_care\";\n"                            /* 85 */
    "    staff = \"home_care\";\n"                           /* 86 */
    "    hours = { default = { dist = \"gamma\"; mean = 10.0; sd = 6.0; }; };\n" /* 87 */
    "    duration = { default = { dist = \"exponential\"; mean = 400.0; }; };\n" /* 88 */
    "    exits = { default = { home = 0.3; care_home = 0.3; death = 0.4; }; };\n" /* 89 */
    "    referrals = { frail85 = 0.5; adult = 0.1; };\n"     /* 90 */
    "    initial = { frail85 = 300; adult = 50; };\n"        /* 91 */
    "  };\n"                                                 /* 92 */
    "  care_home = {\n"                                      /* 93 */
    "    kind = \"beds\";\n"                                 /* 94 */
    "    role = \"care_home\";\n"                            /* 95 */
    "    capacity = 500;\n"                                  /* 96 */
    "    duration = { default = { dist = \"exponential\"; mean = 730.0; }; };\n" /* 97 */
    "    exits = { default = { death = 0.9; hospital = 0.1; }; };\n" /* 98 */
    "    initial = { frail85 = 480; };\n"                    /* 99 */
    "  };\n"                                                 /* 100 */
    "};\n";                                                  /* 101 */

#endif
