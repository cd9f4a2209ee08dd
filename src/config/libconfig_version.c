/*
 * hsc_scenario_libconfig_version: the one fact about libconfig that leaves
 * src/config. Built from the header's macros at compile time, since
 * libconfig has no run-time version call.
 */
#include "hscflow/scenario.h"

#include <libconfig.h>

#define STRINGIFY_(x) #x
#define STRINGIFY(x) STRINGIFY_(x)

const char *hsc_scenario_libconfig_version(void)
{
    return STRINGIFY(LIBCONFIG_VER_MAJOR) "." STRINGIFY(LIBCONFIG_VER_MINOR) "."
           STRINGIFY(LIBCONFIG_VER_REVISION);
}
