/*
 * Internal interface of src/output: small HDF5 helpers shared by the writer
 * and the reader, atomic file replacement, and the test hooks.
 *
 * Every helper addresses objects by absolute path ("/kpi/value") so error
 * messages can name them, closes every id it opens, and reports the first
 * failure into the context's error (later failures during cleanup are
 * ignored). Nothing here is thread-safe: HDF5 is used from one thread.
 */
#ifndef HSC_OUTPUT_H5_UTIL_H
#define HSC_OUTPUT_H5_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <hdf5.h>

#include "hscflow/error.h"
#include "hscflow/results.h"

/* One open results file and where its errors go. */
struct hsc__h5 {
    hid_t file;            /* the open file, or H5I_INVALID_HID */
    const char *path;      /* borrows: the file name shown in errors */
    struct hsc_error *err; /* borrows: receives the first failure */
    bool failed;           /* an error has been recorded */
    long fail_at;          /* fault injection: step number that fails, 0 never */
    long step;             /* steps taken so far */
};

/* The eight [P, K] summary datasets and the struct hsc_summary field each
 * holds, in the order they are written. */
struct hsc__summary_field {
    const char *name;
    size_t offset;
};
#define HSC__N_SUMMARY_FIELDS 8
extern const struct hsc__summary_field hsc__summary_fields[HSC__N_SUMMARY_FIELDS];

/* Records a failure about `object` (a dataset or attribute path, or NULL),
 * appending HDF5's innermost error description when there is one, then
 * clears HDF5's error stack. Only the first failure is kept. Returns -1. */
int hsc__h5_fail(struct hsc__h5 *h5, const char *object, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Counts one step of a write; fails it when it is the fault-injection step. */
int hsc__h5_step(struct hsc__h5 *h5, const char *object);

/* A variable-length UTF-8 string type; the caller closes it. */
hid_t hsc__h5_string_type(void);

/* True when every component of `name` exists (no HDF5 error is raised). */
bool hsc__h5_exists(hid_t file, const char *name);

/* --- writing (h5_util.c; each is one fault-injection step) --- */

/* Creates a group with creation-time tracking off. */
int hsc__h5_create_group(struct hsc__h5 *h5, const char *name);

/* String dataset [n] (n may be 0); NULL strings are stored as "". */
int hsc__h5_write_strings(struct hsc__h5 *h5, const char *name, size_t n,
                          char *const *strings);

/* Scalar string dataset. */
int hsc__h5_write_string_scalar(struct hsc__h5 *h5, const char *name,
                                const char *text);

/* Dataset creation properties for a dataset of `dims` with elements of
 * elem_size bytes: creation times off; with `big` and at least one element,
 * chunked (hsc__h5_chunk_shape), shuffled, deflated and Fletcher32-checked.
 * Not a step. The caller closes the list; H5I_INVALID_HID on failure. */
hid_t hsc__h5_dataset_plist(struct hsc__h5 *h5, const char *name, int rank,
                            const hsize_t *dims, size_t elem_size, bool big);

/* Numeric dataset of the given shape from `data` (memory type mem_type,
 * stored as file_type). With `big`, it is chunked, shuffled, deflated and
 * Fletcher32-checksummed unless it has no elements (then it is contiguous
 * and empty). */
int hsc__h5_write_array(struct hsc__h5 *h5, const char *name, hid_t mem_type,
                        hid_t file_type, int rank, const hsize_t *dims,
                        const void *data, bool big);

/* Scalar attributes on the object `object`. */
int hsc__h5_attr_string(struct hsc__h5 *h5, const char *object,
                        const char *attr, const char *value);
int hsc__h5_attr_int64(struct hsc__h5 *h5, const char *object,
                       const char *attr, int64_t value);
int hsc__h5_attr_uint64(struct hsc__h5 *h5, const char *object,
                        const char *attr, uint64_t value);
int hsc__h5_attr_double(struct hsc__h5 *h5, const char *object,
                        const char *attr, double value);

/* One-dimensional string-array attribute [n] (n may be 0) on `object`;
 * NULL strings are stored as "". */
int hsc__h5_attr_strings(struct hsc__h5 *h5, const char *object,
                         const char *attr, size_t n,
                         const char *const *strings);

/* Makes dataset `scale` a dimension scale called `label`. */
int hsc__h5_make_scale(struct hsc__h5 *h5, const char *scale, const char *label);

/* Attaches dimension scale `scale` to dimension `dim` of `dset` and labels
 * that dimension `label`. */
int hsc__h5_attach_scale(struct hsc__h5 *h5, const char *dset, unsigned dim,
                         const char *scale, const char *label);

/* Chunk shape for a dataset of `dims`: whole trailing dimensions, leading
 * ones halved until a chunk holds at most HSC__H5_CHUNK_BYTES. */
#define HSC__H5_CHUNK_BYTES (256u * 1024u)
void hsc__h5_chunk_shape(int rank, const hsize_t *dims, size_t elem_size,
                         hsize_t *chunk);

/* --- the event trace (h5_events.c) --- */

/* Checks res->traces before anything is written: every record's codes are
 * in range (event < n_event_codes, cohort < n_cohorts, services <
 * n_services or -1) and its time is finite and not before the previous
 * record's of the same task. Returns 0, or -1 with err naming the task and
 * record. */
int hsc__events_check(const struct hsc_results *res, const char *path,
                      struct hsc_error *err);

/* Writes /events from res->traces (which must be non-NULL and checked) and
 * its code-table attributes from res->event_names, cohort_names and
 * service_names. */
int hsc__events_write(struct hsc__h5 *h5, const struct hsc_results *res);

/* --- reading (h5_read_util.c) --- */

/* Reads the shape of dataset `name`, which must have rank `rank`. */
int hsc__h5_dims(struct hsc__h5 *h5, const char *name, int rank, hsize_t *dims);

/* Reads string dataset `name` of n elements into out[0..n) (each a new
 * string the caller owns). */
int hsc__h5_read_strings(struct hsc__h5 *h5, const char *name, size_t n,
                         char **out);

/* Reads scalar string dataset `name` into *out (caller owns). */
int hsc__h5_read_string_scalar(struct hsc__h5 *h5, const char *name, char **out);

/* Reads numeric dataset `name`, which must have shape `dims`, as mem_type. */
int hsc__h5_read_array(struct hsc__h5 *h5, const char *name, hid_t mem_type,
                       int rank, const hsize_t *dims, void *out);

/* Reads a scalar attribute of `object`. Strings: the caller owns *out. */
int hsc__h5_read_attr_string(struct hsc__h5 *h5, const char *object,
                             const char *attr, char **out);
int hsc__h5_read_attr_num(struct hsc__h5 *h5, const char *object,
                          const char *attr, hid_t mem_type, void *out);

/* --- atomic replacement (atomic_file.c) --- */

/* The temporary name for `path`: ".<name>.tmp.<pid>" in the same directory.
 * Returns a new string, or NULL when `path` names no file or memory ran out. */
char *hsc__atomic_temp_name(const char *path);

/* Makes the finished temporary file `tmp` durable and renames it over
 * `path`, then syncs the directory. Returns 0, or -1 with err filled; when
 * -1 is returned before the rename, `path` is untouched (the caller removes
 * `tmp`). */
int hsc__atomic_commit(const char *tmp, const char *path, struct hsc_error *err);

/* --- internal allocation and test hooks --- */

/* hsc_results_alloc, optionally without the four time-series arrays. */
int hsc__results_alloc(struct hsc_results *res, size_t n_points, size_t n_reps,
                       size_t n_kpis, size_t n_services, size_t n_days,
                       size_t n_params, bool with_timeseries);

/* Summaries of every (point, KPI) into out[P * K], as hsc_results_summarise.
 * Returns 0, or -1 when memory runs out. */
int hsc__results_compute_summaries(const struct hsc_results *res,
                                   struct hsc_summary *out);

/* hsc_results_write with fault injection: step `fail_at` (1-based) fails
 * with an "injected failure" error; 0 injects nothing. */
int hsc__results_write_ex(const struct hsc_results *res, const char *path,
                          long fail_at, struct hsc_error *err);

#endif
