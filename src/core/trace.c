/*
 * The per-person event trace: code names and a growing record list. Growth by
 * doubling; the trace is only kept when asked for, so its allocation is the
 * documented exception to "no allocation in the event loop".
 */
#include "hscflow/trace.h"

#include <stdlib.h>
#include <string.h>

static const char *const names[HSC_TRACE_EVENT_COUNT] = {
    [HSC_TRACE_ARRIVE] = "arrive",
    [HSC_TRACE_REQUEST] = "request",
    [HSC_TRACE_ADMIT] = "admit",
    [HSC_TRACE_READY] = "ready",
    [HSC_TRACE_DISCHARGE] = "discharge",
    [HSC_TRACE_LEAVE] = "leave",
    [HSC_TRACE_HOME] = "home",
    [HSC_TRACE_DEATH] = "death",
    [HSC_TRACE_TURNED_AWAY] = "turned_away",
    [HSC_TRACE_DIVERTED] = "diverted",
    [HSC_TRACE_CANCELLED] = "cancelled",
    [HSC_TRACE_REPRESENT] = "represent",
    [HSC_TRACE_STEP_UP] = "step_up",
    [HSC_TRACE_BRIDGE] = "bridge",
    [HSC_TRACE_WITHDRAW] = "withdraw",
};

const char *hsc_trace_event_name(enum hsc_trace_event event)
{
    return (unsigned)event < HSC_TRACE_EVENT_COUNT ? names[event] : "unknown";
}

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
