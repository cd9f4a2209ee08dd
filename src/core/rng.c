/*
 * Random streams: our own gsl_rng_type over Random123's Philox4x64-10.
 *
 * Invariant: a stream is a pure function of (master seed, replication,
 * process hash). key = (seed, process hash), counter = (replication, 0, 0,
 * block); each block's four outputs are used in order. Nothing but
 * hsc_rng_new positions a stream; gsl_rng_set cannot change the layout.
 * Deliberately not Random123's conventional/gsl_cbrng.h (see
 * docs/random-streams.md).
 */
#include "hscflow/rng.h"

#include "hscflow/error.h"

#include <Random123/philox.h>
#include <limits.h>
#include <string.h>

/* gsl_rng_get returns unsigned long; the full 64-bit output must fit. */
_Static_assert(sizeof(unsigned long) == sizeof(uint64_t) && ULONG_MAX == UINT64_MAX,
               "hsc_rng needs a 64-bit unsigned long (LP64)");

/* Marks a state filled by hsc_rng_new, so a stray gsl_rng_set on a live
 * stream and a draw from a stream never keyed can both be caught. */
#define KEYED_MAGIC UINT64_C(0x6873635f70686c78) /* "hsc_phlx" */

struct philox_state {
    philox4x64_key_t key;
    philox4x64_ctr_t ctr;   /* next block to compute */
    philox4x64_ctr_t block; /* outputs of the current block */
    unsigned next;          /* index of the next unused output; 4 = none */
    uint64_t keyed;         /* KEYED_MAGIC once hsc_rng_new filled it */
};

/* gsl_rng_alloc calls this with gsl_rng_default_seed on the zeroed state;
 * that leaves the state unkeyed (a draw then asserts). Called on a stream
 * made by hsc_rng_new it is a bug: a seed would silently move the stream. */
static void philox_set(void *vstate, unsigned long seed)
{
    struct philox_state *state = vstate;
    (void)seed;
    HSC_ASSERT(state->keyed != KEYED_MAGIC && "gsl_rng_set on an hsc stream");
    memset(state, 0, sizeof *state);
    state->next = 4;
}

static inline uint64_t philox_next(struct philox_state *state)
{
    if (state->next == 4) {
        HSC_ASSERT(state->keyed == KEYED_MAGIC);
        state->block = philox4x64(state->ctr, state->key);
        state->ctr.v[3]++;
        HSC_ASSERT(state->ctr.v[3] != 0); /* 2^66 draws: never in practice */
        state->next = 0;
    }
    return state->block.v[state->next++];
}

static unsigned long philox_get(void *vstate)
{
    return (unsigned long)philox_next(vstate);
}

/* The top 53 bits: every double in [0, 1) on the 2^-53 grid, never 1. */
static double philox_get_double(void *vstate)
{
    return (double)(philox_next(vstate) >> 11) * 0x1.0p-53;
}

static const gsl_rng_type philox_type = {
    "hsc_philox4x64",
    ULONG_MAX, /* max: the full 64-bit output */
    0,         /* min */
    sizeof(struct philox_state),
    philox_set,
    philox_get,
    philox_get_double,
};

const gsl_rng_type *const hsc_rng_philox4x64 = &philox_type;

/* FNV-1a spreads bytes poorly into the high bits for short names; the
 * splitmix64 finaliser (without splitmix's additive step) mixes every bit. */
uint64_t hsc_rng_hash(const char *process_name)
{
    HSC_ASSERT(process_name);
    uint64_t h = UINT64_C(0xcbf29ce484222325);
    for (const unsigned char *c = (const unsigned char *)process_name; *c; c++) {
        h ^= *c;
        h *= UINT64_C(0x100000001b3);
    }
    h = (h ^ (h >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    h = (h ^ (h >> 27)) * UINT64_C(0x94d049bb133111eb);
    return h ^ (h >> 31);
}

gsl_rng *hsc_rng_new(uint64_t master_seed, uint64_t replication,
                     uint64_t process_hash)
{
    gsl_rng *rng = gsl_rng_alloc(hsc_rng_philox4x64);
    if (!rng)
        return NULL;
    struct philox_state *state = rng->state;
    philox4x64_ukey_t ukey = {{master_seed, process_hash}};
    state->key = philox4x64keyinit(ukey);
    state->ctr.v[0] = replication;
    state->ctr.v[1] = 0;
    state->ctr.v[2] = 0;
    state->ctr.v[3] = 0;
    state->next = 4;
    state->keyed = KEYED_MAGIC;
    return rng;
}

void hsc_rng_free(gsl_rng *rng)
{
    gsl_rng_free(rng);
}

/* Other generator types are accepted (tests use them) via GSL's own
 * uniform_pos; ours skips the indirect call. */
double hsc_rng_uniform_pos(gsl_rng *rng)
{
    if (rng->type != &philox_type)
        return gsl_rng_uniform_pos(rng);
    double u;
    do
        u = philox_get_double(rng->state);
    while (u == 0.0);
    return u;
}
