/*
 * HDF5 helpers for reading results files: shapes, string and numeric
 * datasets, scalar attributes.
 *
 * Every helper checks what it reads against what the layout promises (rank,
 * shape, string kind) and turns a mismatch into a message naming the file and
 * the dataset, so a damaged or foreign file fails cleanly instead of being
 * half-read. Strings are copied out and HDF5's buffers reclaimed at once.
 */
#include "h5_util.h"

#include <stdlib.h>
#include <string.h>

#define MAX_RANK 4

/* Opens dataset `name`, with a clear message when it is absent. */
static hid_t open_dataset(struct hsc__h5 *h5, const char *name)
{
    if (!hsc__h5_exists(h5->file, name)) {
        hsc__h5_fail(h5, name, "missing dataset");
        return H5I_INVALID_HID;
    }
    hid_t dset = H5Dopen2(h5->file, name, H5P_DEFAULT);
    if (dset < 0)
        hsc__h5_fail(h5, name, "cannot open dataset");
    return dset;
}

/* Reads the shape of an open dataset and checks its rank. */
static int dataset_dims(struct hsc__h5 *h5, hid_t dset, const char *name,
                        int rank, hsize_t *dims)
{
    hid_t space = H5Dget_space(dset);
    if (space < 0)
        return hsc__h5_fail(h5, name, "cannot read dataspace");
    int rc = 0;
    int found = H5Sget_simple_extent_ndims(space);
    if (found != rank)
        rc = hsc__h5_fail(h5, name, "has %d dimensions, expected %d", found, rank);
    else if (rank > 0 && H5Sget_simple_extent_dims(space, dims, NULL) < 0)
        rc = hsc__h5_fail(h5, name, "cannot read dimensions");
    H5Sclose(space);
    return rc;
}

/* Checks an open dataset's shape against `want`. */
static int check_dims(struct hsc__h5 *h5, hid_t dset, const char *name,
                      int rank, const hsize_t *want)
{
    hsize_t dims[MAX_RANK];
    if (rank > MAX_RANK)
        return hsc__h5_fail(h5, name, "unsupported rank %d", rank);
    if (dataset_dims(h5, dset, name, rank, dims) < 0)
        return -1;
    for (int i = 0; i < rank; i++) {
        if (dims[i] != want[i])
            return hsc__h5_fail(h5, name,
                                "dimension %d has size %llu, expected %llu", i,
                                (unsigned long long)dims[i],
                                (unsigned long long)want[i]);
    }
    return 0;
}

/* Checks that `type` is a string type; *fixed tells whether it has a fixed
 * length (files written by other tools) rather than a variable one. */
static int check_string(struct hsc__h5 *h5, hid_t type, const char *name,
                        bool *fixed)
{
    if (type < 0)
        return hsc__h5_fail(h5, name, "cannot read datatype");
    if (H5Tget_class(type) != H5T_STRING)
        return hsc__h5_fail(h5, name, "is not a string");
    *fixed = H5Tis_variable_str(type) <= 0;
    return 0;
}

/* Reads n fixed-length strings from attribute or dataset `obj` into out,
 * dropping the padding. */
static int read_fixed(struct hsc__h5 *h5, const char *name, hid_t obj,
                      bool is_attr, hid_t file_type, size_t n, char **out)
{
    size_t size = H5Tget_size(file_type);
    bool space_pad = H5Tget_strpad(file_type) == H5T_STR_SPACEPAD;
    char *buf = size > 0 && n > 0 ? malloc(n * size) : NULL;
    hid_t mem_type = H5Tcopy(file_type);
    int rc = 0;
    if (mem_type < 0 || (n > 0 && size > 0 && !buf))
        rc = hsc__h5_fail(h5, name, "cannot set up reading");
    else if (buf && (is_attr ? H5Aread(obj, mem_type, buf)
                             : H5Dread(obj, mem_type, H5S_ALL, H5S_ALL,
                                       H5P_DEFAULT, buf)) < 0)
        rc = hsc__h5_fail(h5, name, "cannot read strings");
    for (size_t i = 0; i < n && rc == 0; i++) {
        size_t len = buf ? strnlen(buf + i * size, size) : 0;
        while (space_pad && len > 0 && buf[i * size + len - 1] == ' ')
            len--;
        if (!(out[i] = strndup(buf ? buf + i * size : "", len)))
            rc = hsc__h5_fail(h5, name, "out of memory");
    }
    if (mem_type >= 0)
        H5Tclose(mem_type);
    free(buf);
    return rc;
}

/* Copies HDF5's strings into out (NULL becomes ""). */
static int copy_strings(struct hsc__h5 *h5, const char *name, size_t n,
                        char *const *text, char **out)
{
    for (size_t i = 0; i < n; i++) {
        out[i] = strdup(text[i] ? text[i] : "");
        if (!out[i])
            return hsc__h5_fail(h5, name, "out of memory");
    }
    return 0;
}

int hsc__h5_dims(struct hsc__h5 *h5, const char *name, int rank, hsize_t *dims)
{
    hid_t dset = open_dataset(h5, name);
    if (dset < 0)
        return -1;
    int rc = dataset_dims(h5, dset, name, rank, dims);
    H5Dclose(dset);
    return rc;
}

/* Reads the strings of an open dataset (n elements, or scalar when
 * rank 0) into out. */
static int read_strings(struct hsc__h5 *h5, hid_t dset, const char *name,
                        int rank, size_t n, char **out)
{
    int rc = -1;
    hid_t file_type = H5I_INVALID_HID, mem_type = H5I_INVALID_HID;
    hid_t space = H5I_INVALID_HID;
    char **text = NULL;
    hsize_t want[1] = {n};
    if (check_dims(h5, dset, name, rank, want) < 0)
        return -1;
    bool fixed = false;
    file_type = H5Dget_type(dset);
    if (check_string(h5, file_type, name, &fixed) < 0)
        goto cleanup;
    if (fixed) {
        rc = read_fixed(h5, name, dset, false, file_type, n, out);
        goto cleanup;
    }
    mem_type = hsc__h5_string_type();
    space = H5Dget_space(dset);
    if (mem_type < 0 || space < 0 || (n > 0 && !(text = calloc(n, sizeof *text)))) {
        hsc__h5_fail(h5, name, "cannot set up reading");
        goto cleanup;
    }
    if (n > 0 && H5Dread(dset, mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, text) < 0) {
        hsc__h5_fail(h5, name, "cannot read dataset");
        goto cleanup;
    }
    rc = copy_strings(h5, name, n, text, out);
    if (n > 0)
        H5Dvlen_reclaim(mem_type, space, H5P_DEFAULT, text);
cleanup:
    free(text);
    if (space >= 0)
        H5Sclose(space);
    if (mem_type >= 0)
        H5Tclose(mem_type);
    if (file_type >= 0)
        H5Tclose(file_type);
    return rc;
}

int hsc__h5_read_strings(struct hsc__h5 *h5, const char *name, size_t n,
                         char **out)
{
    hid_t dset = open_dataset(h5, name);
    if (dset < 0)
        return -1;
    int rc = read_strings(h5, dset, name, 1, n, out);
    H5Dclose(dset);
    return rc;
}

int hsc__h5_read_string_scalar(struct hsc__h5 *h5, const char *name, char **out)
{
    hid_t dset = open_dataset(h5, name);
    if (dset < 0)
        return -1;
    int rc = read_strings(h5, dset, name, 0, 1, out);
    H5Dclose(dset);
    return rc;
}

int hsc__h5_read_array(struct hsc__h5 *h5, const char *name, hid_t mem_type,
                       int rank, const hsize_t *dims, void *out)
{
    hid_t dset = open_dataset(h5, name);
    if (dset < 0)
        return -1;
    int rc = check_dims(h5, dset, name, rank, dims);
    hsize_t count = 1;
    for (int i = 0; i < rank; i++)
        count *= dims[i];
    if (rc == 0 && count > 0
        && H5Dread(dset, mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, out) < 0)
        rc = hsc__h5_fail(h5, name, "cannot read dataset");
    H5Dclose(dset);
    return rc;
}

/* Opens scalar attribute `attr` of `object`, with a clear message when it is
 * absent or not a scalar. */
static hid_t open_attr(struct hsc__h5 *h5, const char *object, const char *attr)
{
    if (!hsc__h5_exists(h5->file, object)
        || H5Aexists_by_name(h5->file, object, attr, H5P_DEFAULT) <= 0) {
        hsc__h5_fail(h5, object, "missing attribute '%s'", attr);
        return H5I_INVALID_HID;
    }
    hid_t attr_id = H5Aopen_by_name(h5->file, object, attr, H5P_DEFAULT,
                                    H5P_DEFAULT);
    if (attr_id < 0) {
        hsc__h5_fail(h5, object, "attribute '%s': cannot open", attr);
        return H5I_INVALID_HID;
    }
    hid_t space = H5Aget_space(attr_id);
    hssize_t points = space >= 0 ? H5Sget_simple_extent_npoints(space) : -1;
    if (space >= 0)
        H5Sclose(space);
    if (points != 1) {
        hsc__h5_fail(h5, object, "attribute '%s': not a single value", attr);
        H5Aclose(attr_id);
        return H5I_INVALID_HID;
    }
    return attr_id;
}

int hsc__h5_read_attr_string(struct hsc__h5 *h5, const char *object,
                             const char *attr, char **out)
{
    int rc = -1;
    hid_t file_type = H5I_INVALID_HID, mem_type = H5I_INVALID_HID;
    hid_t space = H5I_INVALID_HID;
    char *text = NULL;
    hid_t attr_id = open_attr(h5, object, attr);
    if (attr_id < 0)
        return -1;
    bool fixed = false;
    file_type = H5Aget_type(attr_id);
    if (check_string(h5, file_type, object, &fixed) < 0)
        goto cleanup;
    if (fixed) {
        rc = read_fixed(h5, object, attr_id, true, file_type, 1, out);
        goto cleanup;
    }
    mem_type = hsc__h5_string_type();
    space = H5Aget_space(attr_id);
    if (mem_type < 0 || space < 0 || H5Aread(attr_id, mem_type, &text) < 0) {
        hsc__h5_fail(h5, object, "attribute '%s': cannot read", attr);
        goto cleanup;
    }
    rc = copy_strings(h5, object, 1, &text, out);
    H5Dvlen_reclaim(mem_type, space, H5P_DEFAULT, &text);
cleanup:
    if (space >= 0)
        H5Sclose(space);
    if (mem_type >= 0)
        H5Tclose(mem_type);
    if (file_type >= 0)
        H5Tclose(file_type);
    H5Aclose(attr_id);
    return rc;
}

int hsc__h5_read_attr_num(struct hsc__h5 *h5, const char *object,
                          const char *attr, hid_t mem_type, void *out)
{
    hid_t attr_id = open_attr(h5, object, attr);
    if (attr_id < 0)
        return -1;
    int rc = 0;
    hid_t file_type = H5Aget_type(attr_id);
    H5T_class_t cls = file_type >= 0 ? H5Tget_class(file_type) : H5T_NO_CLASS;
    if (cls != H5T_INTEGER && cls != H5T_FLOAT)
        rc = hsc__h5_fail(h5, object, "attribute '%s': not a number", attr);
    else if (H5Aread(attr_id, mem_type, out) < 0)
        rc = hsc__h5_fail(h5, object, "attribute '%s': cannot read", attr);
    if (file_type >= 0)
        H5Tclose(file_type);
    H5Aclose(attr_id);
    return rc;
}
