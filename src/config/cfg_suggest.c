/*
 * "Did you mean" for unknown names: Levenshtein distance to each known name.
 *
 * A suggestion is made only when it is plausibly a typo (close relative to
 * the name's length), so a wholly unrelated name gets the list of known names
 * instead. Names longer than MAX_NAME are never matched (no allocation).
 */
#include "cfg_ctx.h"

#include <stdio.h>
#include <string.h>

#define MAX_NAME 128

/* Edit distance (insert, delete, substitute) with two rows of MAX_NAME + 1. */
static size_t levenshtein(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    size_t prev[MAX_NAME + 1], cur[MAX_NAME + 1];
    for (size_t j = 0; j <= lb; j++)
        prev[j] = j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
            size_t del = prev[j] + 1, ins = cur[j - 1] + 1;
            size_t best = sub < del ? sub : del;
            cur[j] = best < ins ? best : ins;
        }
        memcpy(prev, cur, (lb + 1) * sizeof prev[0]);
    }
    return prev[lb];
}

const char *hsc__cfg_suggest(const char *name, const char *const *candidates, size_t n)
{
    if (strlen(name) > MAX_NAME)
        return NULL;
    const char *best = NULL;
    size_t best_dist = 0;
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(candidates[i]);
        if (len > MAX_NAME)
            continue;
        size_t dist = levenshtein(name, candidates[i]);
        size_t allowed = len / 3 > 2 ? len / 3 : 2;
        size_t longer = len > strlen(name) ? len : strlen(name);
        /* A distance equal to the longer length means nothing is shared
         * ("x" is not a typo of "sd", but "sdev" may be). */
        if (dist > allowed || dist >= longer)
            continue;
        if (!best || dist < best_dist) {
            best = candidates[i];
            best_dist = dist;
        }
    }
    return best;
}

void hsc__cfg_join(const char *const *names, size_t n, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        const char *sep = i ? ", " : "";
        /* Keep room for ", ..." so a cut list says it was cut. */
        if (used + strlen(sep) + strlen(names[i]) + 6 > size) {
            snprintf(buf + used, size - used, "%s...", sep);
            return;
        }
        used += (size_t)snprintf(buf + used, size - used, "%s%s", sep, names[i]);
    }
}

void hsc__cfg_hint(const char *name, const char *const *candidates, size_t n,
                   char *buf, size_t size)
{
    const char *best = hsc__cfg_suggest(name, candidates, n);
    if (best) {
        snprintf(buf, size, "did you mean \"%s\"?", best);
    } else if (n == 0) {
        snprintf(buf, size, "none are defined");
    } else {
        char list[512];
        hsc__cfg_join(candidates, n, list, sizeof list);
        snprintf(buf, size, "expected one of: %s", list);
    }
}
