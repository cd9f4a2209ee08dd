/*
 * HDF5 helpers for writing results files: error capture, groups, string and
 * numeric datasets, scalar and string-array attributes, dimension scales and
 * chunk shapes.
 *
 * Invariant: every object is created with creation-time tracking off, so
 * identical content gives identical bytes. Each helper closes every id it
 * opens, also on failure. Reading helpers live in h5_read_util.c.
 */
#include "h5_util.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hdf5_hl.h>

#define MAX_RANK 4

const struct hsc__summary_field hsc__summary_fields[HSC__N_SUMMARY_FIELDS] = {
    {"/kpi/mean", offsetof(struct hsc_summary, mean)},
    {"/kpi/sd", offsetof(struct hsc_summary, sd)},
    {"/kpi/ci_low", offsetof(struct hsc_summary, ci_low)},
    {"/kpi/ci_high", offsetof(struct hsc_summary, ci_high)},
    {"/kpi/p05", offsetof(struct hsc_summary, p05)},
    {"/kpi/p50", offsetof(struct hsc_summary, p50)},
    {"/kpi/p95", offsetof(struct hsc_summary, p95)},
    {"/kpi/n", offsetof(struct hsc_summary, n)},
};

/* H5Ewalk2 callback: keeps the first (innermost) description. */
static herr_t first_description(unsigned n, const H5E_error2_t *desc,
                                void *data)
{
    char *buf = data;
    (void)n;
    if (buf[0] == '\0' && desc->desc && desc->desc[0])
        snprintf(buf, 256, "%s", desc->desc);
    return 0;
}

int hsc__h5_fail(struct hsc__h5 *h5, const char *object, const char *fmt, ...)
{
    char detail[256] = "";
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, first_description, detail);
    H5Eclear2(H5E_DEFAULT);
    if (h5->failed)
        return -1;
    h5->failed = true;

    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (detail[0])
        hsc_error_set(h5->err, h5->path, 0, object, "%s (HDF5: %s)", msg, detail);
    else
        hsc_error_set(h5->err, h5->path, 0, object, "%s", msg);
    return -1;
}

int hsc__h5_step(struct hsc__h5 *h5, const char *object)
{
    h5->step++;
    if (h5->fail_at > 0 && h5->step == h5->fail_at)
        return hsc__h5_fail(h5, object, "injected failure at step %ld", h5->step);
    return 0;
}

hid_t hsc__h5_string_type(void)
{
    hid_t type = H5Tcopy(H5T_C_S1);
    if (type < 0)
        return H5I_INVALID_HID;
    if (H5Tset_size(type, H5T_VARIABLE) < 0
        || H5Tset_cset(type, H5T_CSET_UTF8) < 0) {
        H5Tclose(type);
        return H5I_INVALID_HID;
    }
    return type;
}

bool hsc__h5_exists(hid_t file, const char *name)
{
    char buf[256];
    size_t len = strlen(name);
    if (len == 0 || len >= sizeof buf)
        return false;
    memcpy(buf, name, len + 1);
    /* H5Lexists fails (rather than returning false) when a parent group is
     * missing, so test each prefix in turn. */
    for (size_t i = 1; i <= len; i++) {
        if (buf[i] != '/' && buf[i] != '\0')
            continue;
        char saved = buf[i];
        buf[i] = '\0';
        htri_t found = H5Lexists(file, buf, H5P_DEFAULT);
        buf[i] = saved;
        if (found <= 0) {
            H5Eclear2(H5E_DEFAULT);
            return false;
        }
    }
    return true;
}

int hsc__h5_create_group(struct hsc__h5 *h5, const char *name)
{
    int rc = -1;
    hid_t gcpl = H5I_INVALID_HID, group = H5I_INVALID_HID;
    if (hsc__h5_step(h5, name) < 0)
        return -1;
    gcpl = H5Pcreate(H5P_GROUP_CREATE);
    if (gcpl < 0 || H5Pset_obj_track_times(gcpl, 0) < 0) {
        hsc__h5_fail(h5, name, "cannot set up group creation properties");
        goto cleanup;
    }
    group = H5Gcreate2(h5->file, name, H5P_DEFAULT, gcpl, H5P_DEFAULT);
    if (group < 0) {
        hsc__h5_fail(h5, name, "cannot create group");
        goto cleanup;
    }
    rc = 0;
cleanup:
    if (group >= 0)
        H5Gclose(group);
    if (gcpl >= 0)
        H5Pclose(gcpl);
    return rc;
}

static hsize_t element_count(int rank, const hsize_t *dims)
{
    hsize_t count = 1;
    for (int i = 0; i < rank; i++)
        count *= dims[i];
    return count;
}

void hsc__h5_chunk_shape(int rank, const hsize_t *dims, size_t elem_size,
                         hsize_t *chunk)
{
    for (int i = 0; i < rank; i++)
        chunk[i] = dims[i] > 0 ? dims[i] : 1;
    /* Whole trailing dimensions keep one (point, replication) slice together
     * where it fits; long series are cut along the leading dimensions first
     * and then along days. */
    for (int i = 0; i < rank; i++) {
        while (chunk[i] > 1
               && element_count(rank, chunk) * elem_size > HSC__H5_CHUNK_BYTES)
            chunk[i] = (chunk[i] + 1) / 2;
    }
}

hid_t hsc__h5_dataset_plist(struct hsc__h5 *h5, const char *name, int rank,
                            const hsize_t *dims, size_t elem_size, bool big)
{
    hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
    if (dcpl < 0 || H5Pset_obj_track_times(dcpl, 0) < 0)
        goto fail;
    if (big && element_count(rank, dims) > 0) {
        hsize_t chunk[MAX_RANK];
        hsc__h5_chunk_shape(rank, dims, elem_size, chunk);
        /* Deflate level 1: the file is written by one thread after the
         * parallel run, so its compression is serial time (results-format.md). */
        if (H5Pset_chunk(dcpl, rank, chunk) < 0 || H5Pset_shuffle(dcpl) < 0
            || H5Pset_deflate(dcpl, 1) < 0 || H5Pset_fletcher32(dcpl) < 0)
            goto fail;
    }
    return dcpl;
fail:
    hsc__h5_fail(h5, name, "cannot set up dataset creation properties");
    if (dcpl >= 0)
        H5Pclose(dcpl);
    return H5I_INVALID_HID;
}

/* Creates dataset `name` over `space` and writes `data` when non-NULL. */
static int create_and_write(struct hsc__h5 *h5, const char *name,
                            hid_t file_type, hid_t mem_type, hid_t space,
                            hid_t dcpl, const void *data)
{
    hid_t dset = H5Dcreate2(h5->file, name, file_type, space, H5P_DEFAULT,
                            dcpl, H5P_DEFAULT);
    if (dset < 0)
        return hsc__h5_fail(h5, name, "cannot create dataset");
    int rc = 0;
    if (data && H5Dwrite(dset, mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0)
        rc = hsc__h5_fail(h5, name, "cannot write dataset");
    if (H5Dclose(dset) < 0 && rc == 0)
        rc = hsc__h5_fail(h5, name, "cannot close dataset");
    return rc;
}

int hsc__h5_write_array(struct hsc__h5 *h5, const char *name, hid_t mem_type,
                        hid_t file_type, int rank, const hsize_t *dims,
                        const void *data, bool big)
{
    int rc = -1;
    hid_t space = H5I_INVALID_HID, dcpl = H5I_INVALID_HID;
    if (rank < 1 || rank > MAX_RANK)
        return hsc__h5_fail(h5, name, "unsupported rank %d", rank);
    if (hsc__h5_step(h5, name) < 0)
        return -1;
    space = H5Screate_simple(rank, dims, NULL);
    if (space < 0) {
        hsc__h5_fail(h5, name, "cannot create dataspace");
        goto cleanup;
    }
    dcpl = hsc__h5_dataset_plist(h5, name, rank, dims, H5Tget_size(file_type), big);
    if (dcpl < 0)
        goto cleanup;
    rc = create_and_write(h5, name, file_type, mem_type, space, dcpl,
                          element_count(rank, dims) > 0 ? data : NULL);
cleanup:
    if (dcpl >= 0)
        H5Pclose(dcpl);
    if (space >= 0)
        H5Sclose(space);
    return rc;
}

int hsc__h5_write_strings(struct hsc__h5 *h5, const char *name, size_t n,
                          char *const *strings)
{
    int rc = -1;
    hid_t type = H5I_INVALID_HID, space = H5I_INVALID_HID;
    hid_t dcpl = H5I_INVALID_HID;
    const char **text = NULL;
    hsize_t dims[1] = {n};
    if (hsc__h5_step(h5, name) < 0)
        return -1;
    if (n > 0 && !(text = malloc(n * sizeof *text))) {
        hsc__h5_fail(h5, name, "out of memory");
        goto cleanup;
    }
    for (size_t i = 0; i < n; i++)
        text[i] = strings[i] ? strings[i] : "";
    type = hsc__h5_string_type();
    space = H5Screate_simple(1, dims, NULL);
    if (type < 0 || space < 0) {
        hsc__h5_fail(h5, name, "cannot create string type or dataspace");
        goto cleanup;
    }
    dcpl = hsc__h5_dataset_plist(h5, name, 1, dims, sizeof(char *), false);
    if (dcpl < 0)
        goto cleanup;
    rc = create_and_write(h5, name, type, type, space, dcpl, text);
cleanup:
    if (dcpl >= 0)
        H5Pclose(dcpl);
    if (space >= 0)
        H5Sclose(space);
    if (type >= 0)
        H5Tclose(type);
    free(text);
    return rc;
}

int hsc__h5_write_string_scalar(struct hsc__h5 *h5, const char *name,
                                const char *text)
{
    int rc = -1;
    hid_t type = H5I_INVALID_HID, space = H5I_INVALID_HID;
    hid_t dcpl = H5I_INVALID_HID;
    const char *value = text ? text : "";
    if (hsc__h5_step(h5, name) < 0)
        return -1;
    type = hsc__h5_string_type();
    space = H5Screate(H5S_SCALAR);
    if (type < 0 || space < 0) {
        hsc__h5_fail(h5, name, "cannot create string type or dataspace");
        goto cleanup;
    }
    dcpl = hsc__h5_dataset_plist(h5, name, 0, NULL, sizeof(char *), false);
    if (dcpl < 0)
        goto cleanup;
    rc = create_and_write(h5, name, type, type, space, dcpl, &value);
cleanup:
    if (dcpl >= 0)
        H5Pclose(dcpl);
    if (space >= 0)
        H5Sclose(space);
    if (type >= 0)
        H5Tclose(type);
    return rc;
}

/* Creates scalar attribute `attr` on `object` and writes *value. */
static int write_attr(struct hsc__h5 *h5, const char *object, const char *attr,
                      hid_t file_type, hid_t mem_type, const void *value)
{
    int rc = -1;
    hid_t obj = H5I_INVALID_HID, space = H5I_INVALID_HID;
    hid_t attr_id = H5I_INVALID_HID;
    if (hsc__h5_step(h5, object) < 0)
        return -1;
    obj = H5Oopen(h5->file, object, H5P_DEFAULT);
    space = H5Screate(H5S_SCALAR);
    if (obj < 0 || space < 0) {
        hsc__h5_fail(h5, object, "attribute '%s': cannot open object", attr);
        goto cleanup;
    }
    attr_id = H5Acreate2(obj, attr, file_type, space, H5P_DEFAULT, H5P_DEFAULT);
    if (attr_id < 0 || H5Awrite(attr_id, mem_type, value) < 0) {
        hsc__h5_fail(h5, object, "attribute '%s': cannot write", attr);
        goto cleanup;
    }
    rc = 0;
cleanup:
    if (attr_id >= 0)
        H5Aclose(attr_id);
    if (space >= 0)
        H5Sclose(space);
    if (obj >= 0)
        H5Oclose(obj);
    return rc;
}

int hsc__h5_attr_string(struct hsc__h5 *h5, const char *object,
                        const char *attr, const char *value)
{
    const char *text = value ? value : "";
    hid_t type = hsc__h5_string_type();
    if (type < 0)
        return hsc__h5_fail(h5, object, "attribute '%s': no string type", attr);
    int rc = write_attr(h5, object, attr, type, type, &text);
    H5Tclose(type);
    return rc;
}

int hsc__h5_attr_strings(struct hsc__h5 *h5, const char *object,
                         const char *attr, size_t n,
                         const char *const *strings)
{
    int rc = -1;
    hid_t obj = H5I_INVALID_HID, type = H5I_INVALID_HID;
    hid_t space = H5I_INVALID_HID, attr_id = H5I_INVALID_HID;
    const char **text = NULL;
    hsize_t dims[1] = {n};
    if (hsc__h5_step(h5, object) < 0)
        return -1;
    if (n > 0 && !(text = malloc(n * sizeof *text))) {
        hsc__h5_fail(h5, object, "attribute '%s': out of memory", attr);
        goto cleanup;
    }
    for (size_t i = 0; i < n; i++)
        text[i] = strings[i] ? strings[i] : "";
    obj = H5Oopen(h5->file, object, H5P_DEFAULT);
    type = hsc__h5_string_type();
    space = H5Screate_simple(1, dims, NULL);
    if (obj < 0 || type < 0 || space < 0) {
        hsc__h5_fail(h5, object, "attribute '%s': cannot open object", attr);
        goto cleanup;
    }
    attr_id = H5Acreate2(obj, attr, type, space, H5P_DEFAULT, H5P_DEFAULT);
    /* An empty attribute has nothing to write (and HDF5 wants a buffer). */
    if (attr_id < 0 || (n > 0 && H5Awrite(attr_id, type, text) < 0)) {
        hsc__h5_fail(h5, object, "attribute '%s': cannot write", attr);
        goto cleanup;
    }
    rc = 0;
cleanup:
    if (attr_id >= 0)
        H5Aclose(attr_id);
    if (space >= 0)
        H5Sclose(space);
    if (type >= 0)
        H5Tclose(type);
    if (obj >= 0)
        H5Oclose(obj);
    free(text);
    return rc;
}

int hsc__h5_attr_int64(struct hsc__h5 *h5, const char *object,
                       const char *attr, int64_t value)
{
    return write_attr(h5, object, attr, H5T_STD_I64LE, H5T_NATIVE_INT64, &value);
}

int hsc__h5_attr_uint64(struct hsc__h5 *h5, const char *object,
                        const char *attr, uint64_t value)
{
    return write_attr(h5, object, attr, H5T_STD_U64LE, H5T_NATIVE_UINT64, &value);
}

int hsc__h5_attr_double(struct hsc__h5 *h5, const char *object,
                        const char *attr, double value)
{
    return write_attr(h5, object, attr, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &value);
}

int hsc__h5_make_scale(struct hsc__h5 *h5, const char *scale, const char *label)
{
    if (hsc__h5_step(h5, scale) < 0)
        return -1;
    hid_t dset = H5Dopen2(h5->file, scale, H5P_DEFAULT);
    if (dset < 0)
        return hsc__h5_fail(h5, scale, "cannot open dataset");
    int rc = 0;
    if (H5DSset_scale(dset, label) < 0)
        rc = hsc__h5_fail(h5, scale, "cannot make it a dimension scale");
    H5Dclose(dset);
    return rc;
}

int hsc__h5_attach_scale(struct hsc__h5 *h5, const char *dset, unsigned dim,
                         const char *scale, const char *label)
{
    int rc = -1;
    hid_t data_id = H5I_INVALID_HID, scale_id = H5I_INVALID_HID;
    if (hsc__h5_step(h5, dset) < 0)
        return -1;
    data_id = H5Dopen2(h5->file, dset, H5P_DEFAULT);
    scale_id = H5Dopen2(h5->file, scale, H5P_DEFAULT);
    if (data_id < 0 || scale_id < 0) {
        hsc__h5_fail(h5, dset, "cannot open it or its scale %s", scale);
        goto cleanup;
    }
    if (H5DSattach_scale(data_id, scale_id, dim) < 0
        || H5DSset_label(data_id, dim, label) < 0) {
        hsc__h5_fail(h5, dset, "cannot attach dimension scale %s to dimension %u",
                     scale, dim);
        goto cleanup;
    }
    rc = 0;
cleanup:
    if (scale_id >= 0)
        H5Dclose(scale_id);
    if (data_id >= 0)
        H5Dclose(data_id);
    return rc;
}
