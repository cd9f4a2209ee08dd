/*
 * /events: the per-person event trace of `hscflow run --trace`, one compound
 * dataset [N] in (point, replication, time, sequence) order with the code
 * tables (event, cohort and service names) as attributes. The event names
 * are the model's, passed in the results as data: this module knows no
 * event codes.
 *
 * Invariant: rows are produced task by task in index order and written one
 * whole chunk at a time through a single chunk-sized buffer, so the bytes do
 * not depend on the thread count and writing never holds a second copy of
 * the trace. Reading /events is left to analysts' tools (h5py, pandas).
 */
#include "h5_util.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>

#define EVENTS "/events"

/* One row of /events in memory; the file type is the same fields packed
 * little-endian (48 bytes). */
struct event_row {
    int64_t point;
    int64_t replication;
    double time;
    uint64_t person;
    int32_t cohort;
    int32_t event;
    int32_t from;
    int32_t to;
};

/* Field names and types, in file order. */
static const struct {
    const char *name;
    size_t offset;
} fields[] = {
    {"point", offsetof(struct event_row, point)},
    {"replication", offsetof(struct event_row, replication)},
    {"time", offsetof(struct event_row, time)},
    {"person", offsetof(struct event_row, person)},
    {"cohort", offsetof(struct event_row, cohort)},
    {"event", offsetof(struct event_row, event)},
    {"from", offsetof(struct event_row, from)},
    {"to", offsetof(struct event_row, to)},
};
#define N_FIELDS (sizeof fields / sizeof fields[0])

/* The compound type: native members at the struct's offsets (memory) or
 * little-endian members packed in order (file). H5I_INVALID_HID on failure. */
static hid_t row_type(bool file)
{
    const hid_t native[N_FIELDS] = {
        H5T_NATIVE_INT64, H5T_NATIVE_INT64, H5T_NATIVE_DOUBLE, H5T_NATIVE_UINT64,
        H5T_NATIVE_INT32, H5T_NATIVE_INT32, H5T_NATIVE_INT32, H5T_NATIVE_INT32};
    const hid_t little[N_FIELDS] = {
        H5T_STD_I64LE, H5T_STD_I64LE, H5T_IEEE_F64LE, H5T_STD_U64LE,
        H5T_STD_I32LE, H5T_STD_I32LE, H5T_STD_I32LE, H5T_STD_I32LE};
    size_t size = 0;
    for (size_t f = 0; f < N_FIELDS; f++)
        size += H5Tget_size(little[f]);
    hid_t type = H5Tcreate(H5T_COMPOUND, file ? size : sizeof(struct event_row));
    if (type < 0)
        return H5I_INVALID_HID;
    size_t packed = 0;
    for (size_t f = 0; f < N_FIELDS; f++) {
        hid_t member = file ? little[f] : native[f];
        if (H5Tinsert(type, fields[f].name, file ? packed : fields[f].offset,
                      member) < 0) {
            H5Tclose(type);
            return H5I_INVALID_HID;
        }
        packed += H5Tget_size(little[f]);
    }
    return type;
}

/* Checks one task's records; fills err and returns -1 at the first bad one. */
static int check_task(const struct hsc_results *res, size_t task,
                      const char *path, struct hsc_error *err)
{
    const struct hsc_trace *trace = &res->traces[task];
    int64_t n_services = (int64_t)res->n_services;
    double last = -INFINITY;
    for (size_t i = 0; i < trace->count; i++) {
        const struct hsc_trace_record *rec = &trace->records[i];
        const char *bad = NULL;
        if (rec->event >= res->n_event_codes)
            bad = "unknown event code";
        else if (rec->cohort >= res->n_cohorts)
            bad = "cohort out of range";
        else if (rec->from < -1 || rec->from >= n_services)
            bad = "'from' service out of range";
        else if (rec->to < -1 || rec->to >= n_services)
            bad = "'to' service out of range";
        else if (!isfinite(rec->time) || rec->time < last)
            bad = "time not finite or before the previous record's";
        if (bad) {
            hsc_error_set(err, path, 0, EVENTS,
                          "cannot write: task %zu, record %zu: %s (time %g, "
                          "event %u, cohort %u, from %d, to %d)",
                          task, i, bad, rec->time, (unsigned)rec->event,
                          (unsigned)rec->cohort, (int)rec->from, (int)rec->to);
            return -1;
        }
        last = rec->time;
    }
    return 0;
}

int hsc__events_check(const struct hsc_results *res, const char *path,
                      struct hsc_error *err)
{
    HSC_ASSERT(res->traces);
    for (size_t task = 0; task < res->n_points * res->n_reps; task++) {
        if (res->traces[task].count > 0 && !res->traces[task].records) {
            hsc_error_set(err, path, 0, EVENTS,
                          "cannot write: task %zu has %zu records but no array",
                          task, res->traces[task].count);
            return -1;
        }
        if (check_task(res, task, path, err) < 0)
            return -1;
    }
    return 0;
}

/* Where the rows go while /events is written. */
struct events_out {
    struct hsc__h5 *h5;
    hid_t dset;           /* borrows */
    hid_t file_space;     /* borrows */
    hid_t mem_type;       /* borrows */
    struct event_row *rows; /* borrows [cap] */
    size_t cap, used;
    hsize_t written;
};

/* Writes the buffered rows after those already written. */
static int flush_rows(struct events_out *out)
{
    if (out->used == 0)
        return 0;
    hsize_t offset[1] = {out->written}, count[1] = {out->used};
    hid_t mem_space = H5Screate_simple(1, count, NULL);
    int rc = 0;
    if (mem_space < 0
        || H5Sselect_hyperslab(out->file_space, H5S_SELECT_SET, offset, NULL,
                               count, NULL) < 0
        || H5Dwrite(out->dset, out->mem_type, mem_space, out->file_space,
                    H5P_DEFAULT, out->rows) < 0)
        rc = hsc__h5_fail(out->h5, EVENTS, "cannot write records %llu to %llu",
                          (unsigned long long)out->written,
                          (unsigned long long)(out->written + out->used - 1));
    if (mem_space >= 0)
        H5Sclose(mem_space);
    out->written += out->used;
    out->used = 0;
    return rc;
}

/* Every task's records in index order (point-major, then replication). */
static int write_rows(struct events_out *out, const struct hsc_results *res)
{
    for (size_t point = 0; point < res->n_points; point++) {
        for (size_t rep = 0; rep < res->n_reps; rep++) {
            const struct hsc_trace *trace = &res->traces[point * res->n_reps + rep];
            for (size_t i = 0; i < trace->count; i++) {
                const struct hsc_trace_record *rec = &trace->records[i];
                out->rows[out->used++] = (struct event_row){
                    .point = (int64_t)point,
                    .replication = res->replications[rep],
                    .time = rec->time,
                    .person = rec->person,
                    .cohort = (int32_t)rec->cohort,
                    .event = (int32_t)rec->event,
                    .from = rec->from,
                    .to = rec->to,
                };
                if (out->used == out->cap && flush_rows(out) < 0)
                    return -1;
            }
        }
    }
    return flush_rows(out);
}

/* Creates /events [n] and fills it. */
static int write_dataset(struct hsc__h5 *h5, const struct hsc_results *res,
                         hsize_t n)
{
    int rc = -1;
    hid_t mem_type = row_type(false), file_type = row_type(true);
    hid_t space = H5I_INVALID_HID, dcpl = H5I_INVALID_HID;
    hid_t dset = H5I_INVALID_HID;
    struct events_out out = {.h5 = h5};
    hsize_t dims[1] = {n}, chunk[1] = {1};
    space = H5Screate_simple(1, dims, NULL);
    if (mem_type < 0 || file_type < 0 || space < 0) {
        hsc__h5_fail(h5, EVENTS, "cannot create the record type or dataspace");
        goto cleanup;
    }
    size_t row_size = H5Tget_size(file_type);
    dcpl = hsc__h5_dataset_plist(h5, EVENTS, 1, dims, row_size, true);
    if (dcpl < 0)
        goto cleanup;
    dset = H5Dcreate2(h5->file, EVENTS, file_type, space, H5P_DEFAULT, dcpl,
                      H5P_DEFAULT);
    if (dset < 0) {
        hsc__h5_fail(h5, EVENTS, "cannot create dataset");
        goto cleanup;
    }
    if (n > 0) {
        /* The buffer is one chunk, so every write but the last fills one. */
        hsc__h5_chunk_shape(1, dims, row_size, chunk);
        out = (struct events_out){.h5 = h5, .dset = dset, .file_space = space,
                                  .mem_type = mem_type, .cap = (size_t)chunk[0]};
        out.rows = malloc(out.cap * sizeof *out.rows);
        if (!out.rows) {
            hsc__h5_fail(h5, EVENTS, "out of memory");
            goto cleanup;
        }
        if (write_rows(&out, res) < 0)
            goto cleanup;
    }
    rc = 0;
cleanup:
    free(out.rows);
    if (dset >= 0 && H5Dclose(dset) < 0 && rc == 0)
        rc = hsc__h5_fail(h5, EVENTS, "cannot close dataset");
    if (dcpl >= 0)
        H5Pclose(dcpl);
    if (space >= 0)
        H5Sclose(space);
    if (file_type >= 0)
        H5Tclose(file_type);
    if (mem_type >= 0)
        H5Tclose(mem_type);
    return rc;
}

int hsc__events_write(struct hsc__h5 *h5, const struct hsc_results *res)
{
    if (hsc__h5_step(h5, EVENTS) < 0
        || write_dataset(h5, res, (hsize_t)hsc_results_trace_count(res)) < 0
        || hsc__h5_attr_strings(h5, EVENTS, "event_names", res->n_event_codes,
                                (const char *const *)res->event_names) < 0
        || hsc__h5_attr_strings(h5, EVENTS, "cohort_names", res->n_cohorts,
                                (const char *const *)res->cohort_names) < 0
        || hsc__h5_attr_strings(h5, EVENTS, "service_names", res->n_services,
                                (const char *const *)res->service_names) < 0)
        return -1;
    return 0;
}
