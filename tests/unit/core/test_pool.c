/*
 * Unit tests of the record pool: freed records are reused first, growth
 * keeps contents, the hard limit is reported, and a cleared pool starts
 * again in the memory it has.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "hscflow/pool.h"

struct record {
    uint32_t link;
    uint32_t value;
    double time;
};

static void reuses_freed_records(void **state)
{
    (void)state;
    struct hsc_pool pool;
    assert_int_equal(hsc_pool_init(&pool, sizeof(struct record), 4, 100), HSC_POOL_OK);
    uint32_t a, b, c;
    assert_int_equal(hsc_pool_take(&pool, &a), HSC_POOL_OK);
    assert_int_equal(hsc_pool_take(&pool, &b), HSC_POOL_OK);
    assert_int_not_equal(a, b);
    ((struct record *)hsc_pool_at(&pool, a))->value = 7;
    hsc_pool_give(&pool, a);
    assert_int_equal(pool.in_use, 1);
    assert_int_equal(hsc_pool_take(&pool, &c), HSC_POOL_OK);
    assert_int_equal(c, a);
    assert_int_equal(pool.high_water, 2);
    hsc_pool_fini(&pool);
}

/* A cleared pool hands out indices from 0 again without allocating, and
 * its new limit holds even though it keeps more memory than that. */
static void clear_keeps_memory_and_applies_the_limit(void **state)
{
    (void)state;
    struct hsc_pool pool;
    assert_int_equal(hsc_pool_init(&pool, sizeof(struct record), 1, 100), HSC_POOL_OK);
    uint32_t at;
    for (int i = 0; i < 40; i++)
        assert_int_equal(hsc_pool_take(&pool, &at), HSC_POOL_OK);
    unsigned char *items = pool.items;
    uint32_t cap = pool.cap;
    hsc_pool_clear(&pool, 3);
    assert_int_equal(pool.in_use, 0);
    for (uint32_t i = 0; i < 3; i++) {
        assert_int_equal(hsc_pool_take(&pool, &at), HSC_POOL_OK);
        assert_int_equal(at, i);
    }
    assert_int_equal(hsc_pool_take(&pool, &at), HSC_POOL_LIMIT);
    assert_ptr_equal(pool.items, items);
    assert_int_equal(pool.cap, cap);
    hsc_pool_fini(&pool);
}

static void growth_keeps_contents(void **state)
{
    (void)state;
    struct hsc_pool pool;
    assert_int_equal(hsc_pool_init(&pool, sizeof(struct record), 1, 10000), HSC_POOL_OK);
    for (uint32_t i = 0; i < 5000; i++) {
        uint32_t at;
        assert_int_equal(hsc_pool_take(&pool, &at), HSC_POOL_OK);
        assert_int_equal(at, i);
        ((struct record *)hsc_pool_at(&pool, at))->value = i * 3;
    }
    assert_true(pool.cap >= 5000 && pool.cap <= 8192);
    for (uint32_t i = 0; i < 5000; i++)
        assert_int_equal(((struct record *)hsc_pool_at(&pool, i))->value, i * 3);
    hsc_pool_fini(&pool);
}

static void limit_is_reported(void **state)
{
    (void)state;
    struct hsc_pool pool;
    assert_int_equal(hsc_pool_init(&pool, sizeof(struct record), 2, 3), HSC_POOL_OK);
    uint32_t at;
    for (int i = 0; i < 3; i++)
        assert_int_equal(hsc_pool_take(&pool, &at), HSC_POOL_OK);
    assert_int_equal(hsc_pool_take(&pool, &at), HSC_POOL_LIMIT);
    hsc_pool_give(&pool, 1);
    assert_int_equal(hsc_pool_take(&pool, &at), HSC_POOL_OK);
    assert_int_equal(at, 1);
    hsc_pool_fini(&pool);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reuses_freed_records),
        cmocka_unit_test(growth_keeps_contents),
        cmocka_unit_test(clear_keeps_memory_and_applies_the_limit),
        cmocka_unit_test(limit_is_reported),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
