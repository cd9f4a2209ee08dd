/*
 * The per-person event trace's growing record list. Growth by doubling; the
 * trace is only kept when asked for, so its allocation is the documented
 * exception to "no allocation in the event loop". The names of the event
 * codes are the model's (src/model/trace_codes.c).
 */
#include "hscflow/trace.h"

#include <stdlib.h>
#include <string.h>

int hsc_trace_add(struct hsc_trace *trace, const struct hsc_trace_record *record)
{
    if (trace->count == trace->cap) {
        size_t cap = trace->cap ? trace->cap * 2 : 1024;
        struct hsc_trace_record *more = realloc(trace->records, cap * sizeof *more);
        if (!more)
            return -1;
        trace->records = more;
        trace->cap = cap;
    }
    trace->records[trace->count++] = *record;
    return 0;
}

void hsc_trace_fini(struct hsc_trace *trace)
{
    free(trace->records);
    memset(trace, 0, sizeof *trace);
}
