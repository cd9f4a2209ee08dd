/*
 * Atomic replacement of a file: the new content is written under a temporary
 * name in the same directory, made durable, renamed over the target, and the
 * directory entry is made durable too.
 *
 * Invariant: until the rename the target is untouched, so a crash or error
 * leaves either the old file or the new one, never a mix. This file does no
 * HDF5 work and does not remove the temporary file (its caller does).
 */
#include "h5_util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

char *hsc__atomic_temp_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    if (base[0] == '\0' || strcmp(base, ".") == 0 || strcmp(base, "..") == 0)
        return NULL;
    int dir_len = slash ? (int)(slash - path) + 1 : 0;
    size_t size = (size_t)dir_len + strlen(base) + 32;
    char *tmp = malloc(size);
    if (tmp)
        snprintf(tmp, size, "%.*s.%s.tmp.%ld", dir_len, path, base,
                 (long)getpid());
    return tmp;
}

/* Opens `name` with `flags`, fsyncs it and closes it; -1 with errno set. */
static int sync_path(const char *name, int flags)
{
    int fd = open(name, flags | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    int saved = errno;
    if (close(fd) < 0 && rc == 0)
        return -1;
    errno = saved;
    return rc;
}

/* fsyncs the directory holding `path`. Filesystems that cannot sync a
 * directory (EINVAL) are accepted: there is nothing more to be done. */
static int sync_parent(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *dir = slash ? strndup(path, slash == path ? 1 : (size_t)(slash - path))
                      : strdup(".");
    if (!dir) {
        errno = ENOMEM;
        return -1;
    }
    int rc = sync_path(dir, O_RDONLY | O_DIRECTORY);
    int saved = errno;
    free(dir);
    errno = saved;
    return rc < 0 && saved != EINVAL ? -1 : 0;
}

int hsc__atomic_commit(const char *tmp, const char *path, struct hsc_error *err)
{
    if (sync_path(tmp, O_RDONLY) < 0) {
        hsc_error_set(err, path, 0, NULL, "cannot sync temporary file %s: %s",
                      tmp, strerror(errno));
        return -1;
    }
    if (rename(tmp, path) < 0) {
        hsc_error_set(err, path, 0, NULL, "cannot rename %s over it: %s", tmp,
                      strerror(errno));
        return -1;
    }
    if (sync_parent(path) < 0) {
        hsc_error_set(err, path, 0, NULL,
                      "written, but its directory could not be synced: %s",
                      strerror(errno));
        return -1;
    }
    return 0;
}
