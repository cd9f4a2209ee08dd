/*
 * A pool of fixed-size records addressed by 32-bit index, with a free list.
 *
 * Records live in one array that grows by doubling up to a hard limit; freed
 * records are reused first, so a run in steady state allocates nothing. Growth
 * moves the array: hold indices, not pointers, across hsc_pool_take calls.
 */
#ifndef HSCFLOW_POOL_H
#define HSCFLOW_POOL_H

#include <stddef.h>
#include <stdint.h>

#define HSC_POOL_NONE UINT32_MAX

enum hsc_pool_status { HSC_POOL_OK = 0, HSC_POOL_LIMIT = -1, HSC_POOL_NOMEM = -2 };

struct hsc_pool {
    unsigned char *items; /* owns [cap * item_size] */
    size_t item_size;     /* >= sizeof(uint32_t); the first 4 bytes of a free record link the free list */
    uint32_t cap;
    uint32_t max;         /* hard limit on records in use */
    uint32_t in_use;
    uint32_t high_water;  /* records ever handed out (indices below it are initialised) */
    uint32_t free_head;
};

/* Prepares an empty pool. Returns HSC_POOL_OK or HSC_POOL_NOMEM. */
int hsc_pool_init(struct hsc_pool *pool, size_t item_size, uint32_t initial,
                  uint32_t max);
void hsc_pool_fini(struct hsc_pool *pool);

/* Hands out a record's index into *index; its contents are unspecified
 * (the caller sets every field). Returns HSC_POOL_OK, or
 * HSC_POOL_LIMIT when `max` records are in use, or HSC_POOL_NOMEM. */
int hsc_pool_take(struct hsc_pool *pool, uint32_t *index);
/* Gives every record back (the pool is empty again) and keeps its memory,
 * so the next user starts without allocating; `max` becomes the new limit
 * (the memory already held may exceed it; records in use never will). */
void hsc_pool_clear(struct hsc_pool *pool, uint32_t max);

/* Returns a record to the pool; it must be in use. */
void hsc_pool_give(struct hsc_pool *pool, uint32_t index);

static inline void *hsc_pool_at(const struct hsc_pool *pool, uint32_t index)
{
    return pool->items + (size_t)index * pool->item_size;
}

#endif
