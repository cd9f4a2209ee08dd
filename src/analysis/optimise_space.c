/*
 * The search space of `hscflow optimise` (include/hscflow/optimise.h): every
 * combination of a scenario's options, each not taken or taken at one of its
 * levels, numbered in a mixed radix with option 0 the fastest digit.
 * Invariant: code 0 takes nothing; a code, its choices and its name
 * determine one another; no point takes two alternatives (options that
 * change the same setting).
 */
#include "hscflow/optimise.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* 1 + the option's levels (1 without a range). */
static size_t radix_of(const struct hsc_option *option)
{
    return 1 + (option->n_levels > 0 ? option->n_levels : 1);
}

/* The number of combinations before alternatives are taken out, or
 * SIZE_MAX when it exceeds `cap`. */
static size_t combinations(const struct hsc_scenario *sc, size_t cap)
{
    size_t n = 1;
    for (size_t o = 0; o < sc->n_options; o++) {
        size_t radix = radix_of(&sc->options[o]);
        if (n > cap / radix)
            return SIZE_MAX;
        n *= radix;
    }
    return n;
}

/* True when the code takes two options that are alternatives. */
static bool takes_alternatives(const struct hsc_scenario *sc, size_t code)
{
    size_t taken[64], n = 0;
    for (size_t o = 0; o < sc->n_options; o++) {
        size_t radix = radix_of(&sc->options[o]);
        if (code % radix != 0 && n < sizeof taken / sizeof taken[0])
            taken[n++] = o;
        code /= radix;
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            if (hsc_options_overlap(&sc->options[taken[i]], &sc->options[taken[j]], NULL, 0))
                return true;
    return false;
}

int hsc_optimise_space(const struct hsc_scenario *sc, size_t limit, size_t **codes,
                       size_t *n_points)
{
    *codes = NULL;
    *n_points = 0;
    size_t total = combinations(sc, limit > SIZE_MAX / 64 ? SIZE_MAX : 64 * limit);
    if (total == SIZE_MAX)
        return -1;
    size_t n = 0;
    for (size_t code = 0; code < total; code++)
        n += !takes_alternatives(sc, code);
    *n_points = n;
    if (n > limit)
        return -1;
    if (!(*codes = malloc(n * sizeof **codes)))
        return -2;
    n = 0;
    for (size_t code = 0; code < total; code++)
        if (!takes_alternatives(sc, code))
            (*codes)[n++] = code;
    return 0;
}

size_t hsc_optimise_point_choices(const struct hsc_scenario *sc, size_t code,
                                  struct hsc_choice *choices)
{
    size_t n = 0;
    for (size_t o = 0; o < sc->n_options; o++) {
        const struct hsc_option *option = &sc->options[o];
        size_t radix = radix_of(option), digit = code % radix;
        code /= radix;
        if (digit == 0)
            continue;
        double level = option->n_levels > 0
                           ? option->range_from + (double)(digit - 1) * option->range_step
                           : hsc_option_default_level(option);
        choices[n++] = (struct hsc_choice){o, level};
    }
    return n;
}

char *hsc_optimise_point_name(const struct hsc_scenario *sc, const struct hsc_choice *choices,
                              size_t n_choices)
{
    if (n_choices == 0)
        return strdup("baseline");
    size_t size = 1;
    for (size_t i = 0; i < n_choices; i++)
        size += strlen(sc->options[choices[i].option].name) + 32;
    char *name = malloc(size);
    size_t used = 0;
    for (size_t i = 0; name && i < n_choices; i++) {
        const struct hsc_option *option = &sc->options[choices[i].option];
        int wrote = option->n_levels > 0
                        ? snprintf(name + used, size - used, "%s%s=%g", i ? "+" : "",
                                   option->name, choices[i].level)
                        : snprintf(name + used, size - used, "%s%s", i ? "+" : "", option->name);
        used += (size_t)wrote;
    }
    return name;
}
