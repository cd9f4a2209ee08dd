/*
 * Shared by the results-file tests: a temporary directory per test group
 * (struct fixture), paths in it, an optional kept copy of a file written
 * (HSC_TEST_KEEP), checks that no HDF5 object or temporary file is left
 * behind, and h5diff. Header-only (static inline).
 */
#ifndef HSCFLOW_TESTS_OUTPUT_TEST_UTIL_H
#define HSCFLOW_TESTS_OUTPUT_TEST_UTIL_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hdf5.h>

#include "hscflow/results.h"

struct fixture {
    char dir[256];
};

static inline char *xstrdup(const char *text)
{
    char *copy = strdup(text);
    assert_non_null(copy);
    return copy;
}

static inline char *path_in(const struct fixture *fx, const char *name)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s/%s", fx->dir, name);
    return xstrdup(buf);
}

static inline void keep_copy(const struct hsc_results *res, const char *name)
{
    const char *keep = getenv("HSC_TEST_KEEP");
    char path[512];
    struct hsc_error err = {0};
    if (!keep || !*keep)
        return;
    snprintf(path, sizeof path, "%s/%s", keep, name);
    assert_int_equal(hsc_results_write(res, path, &err), 0);
}

static inline void assert_no_open_objects(void)
{
    assert_int_equal(H5Fget_obj_count((hid_t)H5F_OBJ_ALL, H5F_OBJ_ALL), 0);
}

static inline int count_temp_files(const char *dir)
{
    int count = 0;
    DIR *d = opendir(dir);
    assert_non_null(d);
    for (struct dirent *e; (e = readdir(d));)
        count += strstr(e->d_name, ".tmp.") != NULL;
    closedir(d);
    return count;
}

static inline int run_h5diff(const char *a, const char *b, const char *options)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "h5diff -q %s '%s' '%s' >/dev/null 2>&1", options, a, b);
    int status = system(cmd);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static inline int output_tmp_setup(void **state)
{
    struct fixture *fx = calloc(1, sizeof *fx);
    const char *tmp = getenv("TMPDIR");
    if (!fx)
        return -1;
    snprintf(fx->dir, sizeof fx->dir, "%s/hsc_output_XXXXXX",
             tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(fx->dir))
        return -1;
    *state = fx;
    return 0;
}

static inline int output_tmp_teardown(void **state)
{
    struct fixture *fx = *state;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", fx->dir);
    int rc = system(cmd);
    free(fx);
    return rc == 0 ? 0 : -1;
}

#endif
