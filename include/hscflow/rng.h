/*
 * Random streams (contract: docs/random-streams.md).
 *
 * A stream is a pure function of (master seed, replication, sampling
 * process): Philox4x64-10 with key = (master seed, process hash) and counter
 * = (replication, 0, 0, block), each block giving four 64-bit outputs used in
 * order. Wrapped as a gsl_rng_type so every gsl_ran_* function works.
 * Doubles have 53 random bits. Never depends on thread, rank or run order.
 */
#ifndef HSCFLOW_RNG_H
#define HSCFLOW_RNG_H

#include <gsl/gsl_rng.h>
#include <stdint.h>

/* The generator type; its name is "hsc_philox4x64"; gsl_rng_get returns the
 * full 64-bit output (min 0, max ULONG_MAX == UINT64_MAX). Streams are made
 * only with hsc_rng_new: gsl_rng_set() on a stream it made asserts, and a
 * generator from a bare gsl_rng_alloc() asserts on its first draw. */
extern const gsl_rng_type *const hsc_rng_philox4x64;

/* 64-bit hash of a canonical process name such as "arrivals/frail85":
 * FNV-1a over the bytes, then the splitmix64 finaliser. */
uint64_t hsc_rng_hash(const char *process_name);

/* A new stream (owns; free with hsc_rng_free), positioned at its first draw.
 * NULL only when memory runs out. */
gsl_rng *hsc_rng_new(uint64_t master_seed, uint64_t replication,
                     uint64_t process_hash);
void hsc_rng_free(gsl_rng *rng);

/* Uniform on the open interval (0, 1): never 0, never 1. Fast path used by
 * the exponential sampler. */
double hsc_rng_uniform_pos(gsl_rng *rng);

#endif
