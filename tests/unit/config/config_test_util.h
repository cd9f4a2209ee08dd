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

#endif
