/* check_capture.c -- tests of the capture check (src/capture.c): the
 * statistic's exact values, its null behaviour under uniform (Poisson)
 * sampling at depths from 0.1x to 30x, with GC-like smooth variation and
 * mappability holes (never islands), and its power on islands with and
 * without an off-target background. */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <string.h>
#include "h2_capture.h"

#define S H2_SUBBINS

static uint64_t rng_state;

static double unif(void)       /* xorshift64*, deterministic */
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return (double)((rng_state * 2685821657736338717ULL) >> 11) / 9007199254740992.0;
}

/* n reads into the S pieces with relative rates w (NULL: uniform). */
static void draw(uint32_t *x, int n, const double *w)
{
    double cum[S], tot = 0;
    int i, k;
    memset(x, 0, S * sizeof *x);
    for (i = 0; i < S; i++)
        cum[i] = (tot += w ? w[i] : 1.0);
    for (k = 0; k < n; k++) {
        double u = unif() * tot;
        for (i = 0; i < S - 1 && cum[i] <= u; i++)
            ;
        x[i]++;
    }
}

/* Piece rates: a GC-like swing 0.3..1.7 along the bin, a fifth of the pieces
 * unmappable, or one 1 kb target at 20x the rest. */
enum { GC_SWING, HOLES, ONE_TARGET };

static void rates(double *w, int kind)
{
    int i;
    for (i = 0; i < S; i++)
        w[i] = kind == GC_SWING ? 1 + 0.7 * sin(2 * M_PI * i / 17.0) :
               kind == HOLES ? (i % 5 == 0 ? 0 : 1) : (i == 30 ? 20.0 : 1.0);
}

/* Pool nb bins of n reads each drawn with rates w. */
static h2_capture_t pool(int nb, int n, const double *w, double *mean_c)
{
    h2_capture_t cap;
    uint32_t x[S];
    double sum = 0;
    int b;
    h2_capture_init(&cap);
    for (b = 0; b < nb; b++) {
        draw(x, n, w);
        sum += n >= 2 ? h2_capture_excess(x, S, NULL, NULL) : 0;
        h2_capture_add(&cap, x, S);
    }
    h2_capture_finish(&cap);
    if (mean_c)
        *mean_c = sum / nb;
    return cap;
}

START_TEST(test_exact_values)
{
    uint32_t x[S];
    double sd;
    uint64_t n;
    int i;
    memset(x, 0, sizeof x);
    x[7] = 100;                          /* one island: C = S - 1 */
    ck_assert_double_eq_tol(h2_capture_excess(x, S, &sd, &n), S - 1, 1e-9);
    ck_assert_uint_eq(n, 100);
    ck_assert_double_eq_tol(sd, sqrt(2.0 * (S - 1) / (100.0 * 99)), 1e-12);
    for (i = 0; i < S; i++)              /* perfectly even: below 0 */
        x[i] = 2;
    ck_assert_double_eq_tol(h2_capture_excess(x, S, NULL, NULL), S * 100.0 / 9900 - 1, 1e-12);
    memset(x, 0, sizeof x);
    x[0] = 1;                            /* one read: no statistic */
    ck_assert(isnan(h2_capture_excess(x, S, &sd, &n)));
    ck_assert(isnan(sd));
}
END_TEST

/* Uniform sampling: depths per 50 kb bin of 0.1x (33 reads), 0.5x, 2x, 10x
 * and 30x (10000 reads). The mean C is 0 within 5 SE and no bin is an
 * island, although at 0.1x half the 1 kb pieces are empty. */
static const int null_n[] = {33, 167, 667, 3333, 10000};

START_TEST(test_null_uniform)
{
    int n = null_n[_i], nb = n > 1000 ? 300 : 2000;
    double mean_c, se = sqrt(2.0 * (S - 1) / ((double)n * (n - 1)) / nb);
    h2_capture_t cap;
    rng_state = 0x9e3779b97f4a7c15ULL + (uint64_t)n;
    cap = pool(nb, n, NULL, &mean_c);
    ck_assert_msg(fabs(mean_c) < 5 * se, "n %d: mean C %g, SE %g", n, mean_c, se);
    ck_assert_int_eq(cap.n_tested, nb);
    ck_assert_int_eq(cap.n_island, 0);
    ck_assert(cap.decided);
    ck_assert(!cap.capture);
}
END_TEST

/* Whole-genome departures from uniform that are not islands, at 30x:
 * GC-like smooth variation (rate 0.3..1.7 along the bin, C = 0.25) and
 * mappability holes (a fifth of the pieces without reads, C = 0.25). */
START_TEST(test_null_gc_and_holes)
{
    double w[S];
    h2_capture_t cap;
    rng_state = 42;
    rates(w, GC_SWING);
    cap = pool(200, 10000, w, NULL);
    ck_assert_int_eq(cap.n_island, 0);
    ck_assert(cap.decided && !cap.capture);
    rates(w, HOLES);
    cap = pool(200, 10000, w, NULL);
    ck_assert_int_eq(cap.n_island, 0);
    ck_assert(!cap.capture);
}
END_TEST

/* Too few reads: 3 reads per bin (0.01x) are not tested, nothing decided. */
START_TEST(test_too_few)
{
    h2_capture_t cap;
    rng_state = 7;
    cap = pool(1300, 3, NULL, NULL);
    ck_assert_int_eq(cap.n_tested, 0);
    ck_assert(!cap.decided);
    ck_assert(!cap.capture);
    ck_assert(isnan(cap.frac));
}
END_TEST

/* Islands: one or two 1 kb targets per bin holding a share `on` of the
 * reads, the rest spread evenly (off-target reads), from 15 reads per bin
 * up. (Almost) every bin is an island bin. */
static const struct { int n; double on; } isl[] = {
    {15, 1.0}, {15, 0.8}, {100, 0.5}, {1000, 0.35}, {10000, 0.35}
};

START_TEST(test_islands)
{
    double w[S];
    h2_capture_t cap;
    int i;
    rng_state = 11 + _i;
    for (i = 0; i < S; i++)
        w[i] = (1 - isl[_i].on) / S + (i == 20 || (_i % 2 && i == 41) ? isl[_i].on / (1 + _i % 2) : 0);
    cap = pool(500, isl[_i].n, w, NULL);
    ck_assert_msg(cap.n_island >= 0.95 * cap.n_tested, "case %d: %d of %d", _i, cap.n_island,
                  cap.n_tested);
    ck_assert(cap.decided && cap.capture);
    ck_assert(cap.frac >= 0.95);
}
END_TEST

/* An exome-like mix: a third of the bins carry a target, the others only
 * off-target reads at a tenth of their depth: the island bins hold most of
 * the reads and the sample is capture; with a share below
 * H2_CAPTURE_MIN_FRAC it is not. */
/* Bin b in `every` carries a target (n_isl reads, rates w), the others only
 * n_bg reads spread evenly. */
static h2_capture_t mix(int nb, int every, int n_isl, int n_bg, const double *w)
{
    uint32_t x[S];
    h2_capture_t cap;
    int b;
    h2_capture_init(&cap);
    for (b = 0; b < nb; b++) {
        draw(x, b % every == 0 ? n_isl : n_bg, b % every == 0 ? w : NULL);
        h2_capture_add(&cap, x, S);
    }
    h2_capture_finish(&cap);
    return cap;
}

START_TEST(test_mixture_fraction)
{
    double w[S];
    h2_capture_t cap;
    rng_state = 5;
    rates(w, ONE_TARGET);
    cap = mix(900, 3, 400, 40, w);
    ck_assert_int_eq(cap.n_island, 300);
    ck_assert_double_eq_tol(cap.frac, 400.0 / 480, 1e-9);
    ck_assert(cap.capture);
    cap = mix(900, 30, 400, 200, w);   /* 400 / (400 + 29 x 200) */
    ck_assert_int_eq(cap.n_island, 30);
    ck_assert(cap.frac < H2_CAPTURE_MIN_FRAC);
    ck_assert(cap.decided && !cap.capture);
}
END_TEST

Suite *capture_suite(void)
{
    Suite *s = suite_create("capture");
    TCase *tc = tcase_create("capture");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_exact_values);
    tcase_add_loop_test(tc, test_null_uniform, 0, (int)(sizeof null_n / sizeof *null_n));
    tcase_add_test(tc, test_null_gc_and_holes);
    tcase_add_test(tc, test_too_few);
    tcase_add_loop_test(tc, test_islands, 0, (int)(sizeof isl / sizeof *isl));
    tcase_add_test(tc, test_mixture_fraction);
    suite_add_tcase(s, tc);
    return s;
}
