/*
 * Index-addressed record pool with a free list threaded through free records.
 *
 * Records below high_water have been handed out at least once; fresh ones are
 * taken from there only when the free list is empty, so indices stay dense.
 */
#include "hscflow/pool.h"

#include <stdlib.h>
#include <string.h>

#include "hscflow/error.h"

int hsc_pool_init(struct hsc_pool *pool, size_t item_size, uint32_t initial,
                  uint32_t max)
{
    HSC_ASSERT(item_size >= sizeof(uint32_t));
    HSC_ASSERT(max >= 1 && max < HSC_POOL_NONE);
    if (initial < 1)
        initial = 1;
    if (initial > max)
        initial = max;
    memset(pool, 0, sizeof *pool);
    pool->items = malloc((size_t)initial * item_size);
    if (!pool->items)
        return HSC_POOL_NOMEM;
    pool->item_size = item_size;
    pool->cap = initial;
    pool->max = max;
    pool->free_head = HSC_POOL_NONE;
    return HSC_POOL_OK;
}

void hsc_pool_fini(struct hsc_pool *pool)
{
    free(pool->items);
    memset(pool, 0, sizeof *pool);
}

static int grow(struct hsc_pool *pool)
{
    if (pool->cap >= pool->max)
        return HSC_POOL_LIMIT;
    uint32_t cap = pool->cap <= pool->max / 2 ? pool->cap * 2 : pool->max;
    unsigned char *items = realloc(pool->items, (size_t)cap * pool->item_size);
    if (!items)
        return HSC_POOL_NOMEM;
    pool->items = items;
    pool->cap = cap;
    return HSC_POOL_OK;
}

void hsc_pool_clear(struct hsc_pool *pool, uint32_t max)
{
    pool->in_use = 0;
    pool->high_water = 0;
    pool->free_head = HSC_POOL_NONE;
    pool->max = max;
}

int hsc_pool_take(struct hsc_pool *pool, uint32_t *index)
{
    if (pool->in_use >= pool->max)
        return HSC_POOL_LIMIT;
    uint32_t at;
    if (pool->free_head != HSC_POOL_NONE) {
        at = pool->free_head;
        memcpy(&pool->free_head, hsc_pool_at(pool, at), sizeof pool->free_head);
    } else {
        if (pool->high_water == pool->cap) {
            int status = grow(pool);
            if (status != HSC_POOL_OK)
                return status;
        }
        at = pool->high_water++;
    }
    pool->in_use++;
    *index = at;
    return HSC_POOL_OK;
}

void hsc_pool_give(struct hsc_pool *pool, uint32_t index)
{
    HSC_ASSERT(index < pool->high_water && pool->in_use > 0);
    memcpy(hsc_pool_at(pool, index), &pool->free_head, sizeof pool->free_head);
    pool->free_head = index;
    pool->in_use--;
}
