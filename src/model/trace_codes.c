/*
 * The names of the trace event codes: model vocabulary, kept next to the
 * model that emits the codes rather than in the generic record list of
 * src/core. The runner copies them into the results, so src/output writes
 * the table without calling the model.
 */
#include "hscflow/sim.h"

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
    [HSC_TRACE_HOLD] = "hold",
};

const char *hsc_trace_event_name(enum hsc_trace_event event)
{
    return (unsigned)event < HSC_TRACE_EVENT_COUNT ? names[event] : "unknown";
}
