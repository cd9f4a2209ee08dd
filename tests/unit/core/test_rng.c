/*
 * Unit tests for src/core/rng.c: the Philox4x64 stream layout, process-name
 * hashing, and the gsl_rng_type wrapper.
 *
 * The layout is a contract (docs/random-streams.md), so it is pinned by
 * known answers: Random123's published vector and direct philox4x64 calls.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "hscflow/rng.h"

#include <Random123/philox.h>
#include <math.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#define SEED UINT64_C(20240601)

static void test_hash_known_values(void **unused)
{
    (void)unused;
    /* FNV-1a 64 then the splitmix64 finaliser, computed independently
     * (Python); FNV-1a("") is the offset basis 0xcbf29ce484222325. */
    assert_true(hsc_rng_hash("") == UINT64_C(0xf52a15e9a9b5e89b));
    assert_true(hsc_rng_hash("a") == UINT64_C(0x02c0bdbf481420f8));
    assert_true(hsc_rng_hash("arrivals/frail85") == UINT64_C(0xf0f07bcce8e36d38));
    assert_true(hsc_rng_hash("svc/bluebell/duration/frail85") ==
                UINT64_C(0x07dd3b3062a94e09));
    assert_true(hsc_rng_hash("arrivals/frail85") != hsc_rng_hash("arrivals/frail86"));
}

static void test_type_properties(void **unused)
{
    (void)unused;
    gsl_rng *rng = hsc_rng_new(SEED, 0, 1);
    assert_non_null(rng);
    assert_string_equal(gsl_rng_name(rng), "hsc_philox4x64");
    assert_true(gsl_rng_max(rng) == UINT64_MAX);
    assert_true(gsl_rng_min(rng) == 0);
    assert_ptr_equal(rng->type, hsc_rng_philox4x64);
    hsc_rng_free(rng);
}

/* Random123's published known answer: Philox4x64-10, zero counter and key. */
static void test_random123_kat(void **unused)
{
    (void)unused;
    static const uint64_t expect[4] = {
        UINT64_C(0x16554d9eca36314c), UINT64_C(0xdb20fe9d672d0fdc),
        UINT64_C(0xd7e772cee186176b), UINT64_C(0x7e68b68aec7ba23b)};
    gsl_rng *rng = hsc_rng_new(0, 0, 0);
    for (int i = 0; i < 4; i++)
        assert_true(gsl_rng_get(rng) == expect[i]);
    hsc_rng_free(rng);
}

/* Key = (seed, hash), counter = (replication, 0, 0, block), outputs in
 * order: the first two blocks match philox4x64 called directly. */
static void test_layout_against_philox(void **unused)
{
    (void)unused;
    uint64_t hash = hsc_rng_hash("arrivals/frail85");
    gsl_rng *rng = hsc_rng_new(SEED, 7, hash);
    philox4x64_key_t key = {{SEED, hash}};
    for (uint64_t block = 0; block < 2; block++) {
        philox4x64_ctr_t ctr = {{7, 0, 0, block}};
        philox4x64_ctr_t out = philox4x64(ctr, key);
        for (int i = 0; i < 4; i++)
            assert_true(gsl_rng_get(rng) == out.v[i]);
    }
    hsc_rng_free(rng);
}

static void test_double_is_top_53_bits(void **unused)
{
    (void)unused;
    gsl_rng *bits = hsc_rng_new(SEED, 1, 2);
    gsl_rng *dbl = hsc_rng_new(SEED, 1, 2);
    for (int i = 0; i < 1000; i++) {
        uint64_t x = gsl_rng_get(bits);
        double u = i % 2 ? gsl_rng_uniform(dbl) : hsc_rng_uniform_pos(dbl);
        assert_true(u == (double)(x >> 11) * 0x1.0p-53);
        assert_true(u > 0.0 && u < 1.0);
    }
    hsc_rng_free(bits);
    hsc_rng_free(dbl);
}

static void test_determinism(void **unused)
{
    (void)unused;
    gsl_rng *a = hsc_rng_new(SEED, 3, 99);
    gsl_rng *b = hsc_rng_new(SEED, 3, 99);
    for (int i = 0; i < 10000; i++)
        assert_true(gsl_rng_get(a) == gsl_rng_get(b));
    hsc_rng_free(a);
    hsc_rng_free(b);
}

/* Changing any one coordinate gives an unrelated stream: none of the first
 * 64 outputs coincide (chance of a 64-bit collision is ~2^-52). */
static void test_distinct_streams(void **unused)
{
    (void)unused;
    const uint64_t coords[4][3] = {
        {SEED, 0, 11}, {SEED + 1, 0, 11}, {SEED, 1, 11}, {SEED, 0, 12}};
    uint64_t out[4][64];
    for (int s = 0; s < 4; s++) {
        gsl_rng *rng = hsc_rng_new(coords[s][0], coords[s][1], coords[s][2]);
        for (int i = 0; i < 64; i++)
            out[s][i] = gsl_rng_get(rng);
        hsc_rng_free(rng);
    }
    for (int s = 1; s < 4; s++)
        for (int i = 0; i < 64; i++)
            for (int j = 0; j < 64; j++)
                assert_true(out[0][i] != out[s][j]);
}

/* Replication 5's stream is the same whether or not other streams were
 * created and drawn from first: no hidden shared state. */
static void test_independent_of_creation_order(void **unused)
{
    (void)unused;
    uint64_t alone[16];
    gsl_rng *rng = hsc_rng_new(SEED, 5, 42);
    for (int i = 0; i < 16; i++)
        alone[i] = gsl_rng_get(rng);
    hsc_rng_free(rng);

    gsl_rng *others[5];
    for (uint64_t r = 0; r < 5; r++) {
        others[r] = hsc_rng_new(SEED, r, 42);
        for (int i = 0; i < 7; i++)
            gsl_rng_get(others[r]);
    }
    rng = hsc_rng_new(SEED, 5, 42);
    for (int i = 0; i < 16; i++) {
        gsl_rng_get(others[i % 5]);
        assert_true(gsl_rng_get(rng) == alone[i]);
    }
    hsc_rng_free(rng);
    for (int r = 0; r < 5; r++)
        hsc_rng_free(others[r]);
}

/* n = 200000 uniforms: the mean has sd sqrt(1/12 / n) = 6.5e-4 and the
 * sample variance sd sqrt((1/80 - 1/144) / n) = 1.7e-4; tolerances are
 * 5 of those (a false alarm has probability ~6e-7 per check). */
static void test_uniform_moments(void **unused)
{
    (void)unused;
    enum { N = 200000 };
    gsl_rng *rng = hsc_rng_new(SEED, 0, hsc_rng_hash("test/uniform"));
    double sum = 0, sum2 = 0;
    for (int i = 0; i < N; i++) {
        double u = gsl_rng_uniform(rng);
        sum += u;
        sum2 += u * u;
    }
    double mean = sum / N;
    double var = (sum2 - N * mean * mean) / (N - 1);
    assert_true(fabs(mean - 0.5) <= 5 * sqrt(1.0 / 12 / N));
    assert_true(fabs(var - 1.0 / 12) <= 5 * sqrt((1.0 / 80 - 1.0 / 144) / N));
    hsc_rng_free(rng);
}

/* GSL's integer sampler divides the range by n; with max = 2^64 - 1 it
 * must still give every value below n and nothing else. */
static void test_gsl_uniform_int(void **unused)
{
    (void)unused;
    gsl_rng *rng = hsc_rng_new(SEED, 0, 3);
    int seen[7] = {0};
    for (int i = 0; i < 7000; i++) {
        unsigned long k = gsl_rng_uniform_int(rng, 7);
        assert_true(k < 7);
        seen[k]++;
    }
    for (int k = 0; k < 7; k++)
        assert_true(seen[k] > 0);
    hsc_rng_free(rng);
}

/* Runs fn in a child process and reports whether it died of SIGABRT
 * (HSC_ASSERT's way out). */
static bool aborts(void (*fn)(void))
{
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        fn();
        _exit(0);
    }
    int status = 0;
    assert_true(waitpid(pid, &status, 0) == pid);
    return WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT;
}

static void reseed_a_stream(void)
{
    gsl_rng *rng = hsc_rng_new(SEED, 0, 1);
    gsl_rng_set(rng, 5);
}

static void draw_from_bare_alloc(void)
{
    gsl_rng *rng = gsl_rng_alloc(hsc_rng_philox4x64);
    gsl_rng_get(rng);
}

static void test_set_cannot_change_layout(void **unused)
{
    (void)unused;
    assert_true(aborts(reseed_a_stream));
    assert_true(aborts(draw_from_bare_alloc));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hash_known_values),
        cmocka_unit_test(test_type_properties),
        cmocka_unit_test(test_random123_kat),
        cmocka_unit_test(test_layout_against_philox),
        cmocka_unit_test(test_double_is_top_53_bits),
        cmocka_unit_test(test_determinism),
        cmocka_unit_test(test_distinct_streams),
        cmocka_unit_test(test_independent_of_creation_order),
        cmocka_unit_test(test_uniform_moments),
        cmocka_unit_test(test_gsl_uniform_int),
        cmocka_unit_test(test_set_cannot_change_layout),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
