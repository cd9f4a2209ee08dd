/*
 * Finding a KPI by identifier: the single lookup shared by the KPI
 * catalogue, the appraisal and the commands, so they all agree on what
 * "the KPI named X" means (the first exact match, -1 when absent).
 * Deliberately a plain linear search with no index or hashing: the K axis
 * holds a few hundred KPIs and callers look up a handful of names.
 */
#include "hscflow/kpi_def.h"

#include <string.h>

long hsc_kpi_lookup(const struct hsc_kpi_def *defs, size_t n_defs, const char *name)
{
    if (!name)
        return -1;
    for (size_t k = 0; k < n_defs; k++)
        if (defs[k].name && strcmp(defs[k].name, name) == 0)
            return (long)k;
    return -1;
}
