/* check_segment.c -- CBS, the amplicon, the ISH-like group and the quantile. */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "her2cn.h"
#include "h2_estimate.h"
#include "h2_segment.h"

/* Deterministic N(0, sd) noise (Box-Muller on a 64-bit LCG). */
static void noise(double *x, int n, double sd, uint64_t seed)
{
    uint64_t s = seed;
    for (int i = 0; i < n; i++) {
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        double u1 = ((s >> 11) + 0.5) / 9007199254740992.0;
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        double u2 = ((s >> 11) + 0.5) / 9007199254740992.0;
        x[i] += sd * sqrt(-2 * log(u1)) * cos(2 * M_PI * u2);
    }
}

START_TEST(test_cbs_step_inside)
{
    double x[200] = {0};
    h2_cbs_opt_t o;
    h2_seg_t *s = NULL;
    h2_cbs_opt_init(&o);
    for (int i = 90; i < 110; i++)
        x[i] = 2.0;
    noise(x, 200, 0.15, 11);
    int n = h2_cbs(x, 200, &o, &s);
    ck_assert_int_eq(n, 3);
    ck_assert_int_eq(s[0].start, 0);
    ck_assert_int_eq(s[0].end, 90);
    ck_assert_int_eq(s[1].end, 110);
    ck_assert_int_eq(s[2].end, 200);
    ck_assert_double_eq_tol(s[1].mean, 2.0, 0.1);
    free(s);
}
END_TEST

START_TEST(test_cbs_edge_and_several)
{
    /* a binary change near the end, and two separate gains */
    double x[150] = {0};
    h2_cbs_opt_t o;
    h2_seg_t *s = NULL;
    h2_cbs_opt_init(&o);
    for (int i = 20; i < 40; i++)
        x[i] = 1.0;
    for (int i = 80; i < 100; i++)
        x[i] = -1.0;
    for (int i = 130; i < 150; i++)
        x[i] = 1.5;
    noise(x, 150, 0.1, 5);
    int n = h2_cbs(x, 150, &o, &s);
    ck_assert_int_eq(n, 6);
    int want[] = {20, 40, 80, 100, 130, 150};
    for (int i = 0; i < 6; i++)
        ck_assert_int_eq(s[i].end, want[i]);
    free(s);
}
END_TEST

START_TEST(test_cbs_noise_only_and_deterministic)
{
    double x[200] = {0}, y[200];
    h2_cbs_opt_t o;
    h2_seg_t *s = NULL, *t = NULL;
    h2_cbs_opt_init(&o);
    noise(x, 200, 0.3, 3);
    ck_assert_int_eq(h2_cbs(x, 200, &o, &s), 1);
    ck_assert_int_eq(s[0].end, 200);
    free(s);
    /* same input, same result, twice */
    memcpy(y, x, sizeof x);
    for (int i = 60; i < 64; i++)
        y[i] += 1.0;
    int a = h2_cbs(y, 200, &o, &s), b = h2_cbs(y, 200, &o, &t);
    ck_assert_int_eq(a, b);
    for (int i = 0; i < a; i++)
        ck_assert_int_eq(s[i].end, t[i].end);
    free(s);
    free(t);
}
END_TEST

START_TEST(test_cbs_bad_args)
{
    double x[4] = {0};
    h2_cbs_opt_t o;
    h2_seg_t *s = NULL;
    h2_cbs_opt_init(&o);
    ck_assert_int_eq(h2_cbs(x, 0, &o, &s), H2_EUSAGE);
    o.alpha = 0;
    ck_assert_int_eq(h2_cbs(x, 4, &o, &s), H2_EUSAGE);
    h2_cbs_opt_init(&o);
    /* too short to split: one segment */
    ck_assert_int_eq(h2_cbs(x, 3, &o, &s), 1);
    free(s);
}
END_TEST

START_TEST(test_ish_groups)
{
    ck_assert_int_eq(h2_ish_group(2.0, 4.0), 1);
    ck_assert_int_eq(h2_ish_group(2.5, 3.99), 2);
    ck_assert_int_eq(h2_ish_group(1.99, 6.0), 3);
    ck_assert_int_eq(h2_ish_group(1.5, 4.0), 4);
    ck_assert_int_eq(h2_ish_group(1.5, 5.99), 4);
    ck_assert_int_eq(h2_ish_group(1.0, 3.9), 5);
    ck_assert_int_eq(h2_ish_group(NAN, 10), 0);
    ck_assert_int_eq(h2_her2_from_group(1), H2_HER2_AMPLIFIED);
    for (int g = 2; g <= 4; g++)
        ck_assert_int_eq(h2_her2_from_group(g), H2_HER2_EQUIVOCAL);
    ck_assert_int_eq(h2_her2_from_group(5), H2_HER2_NOT_AMPLIFIED);
    ck_assert_int_eq(h2_her2_from_group(0), H2_HER2_NA);
    ck_assert_str_eq(h2_her2_name(H2_HER2_EQUIVOCAL), "EQUIVOCAL");
}
END_TEST

START_TEST(test_quantile)
{
    ck_assert_double_eq_tol(h2_norm_quantile_upper(0.025), 1.959963984540054, 1e-9);
    ck_assert_double_eq_tol(h2_norm_quantile_upper(0.2), 0.8416212335729143, 1e-9);
    ck_assert_double_eq_tol(h2_norm_quantile_upper(0.001), 3.090232306167813, 1e-9);
    ck_assert_double_eq_tol(h2_norm_quantile_upper(0.5), 0, 1e-12);
    ck_assert(isnan(h2_norm_quantile_upper(0)));
    /* Phred of a two-sided p: z 1.96 is p 0.05, 13.01; the far tail is
     * capped at H2_PHRED_CAP for every writer (JSON said 259467, VCF 9999) */
    ck_assert_double_eq_tol(h2_phred_two_sided(1.959963984540054), 13.0103, 1e-3);
    ck_assert_double_eq_tol(h2_phred_two_sided(-1.959963984540054), 13.0103, 1e-3);
    ck_assert_double_eq(h2_phred_two_sided(500), H2_PHRED_CAP);
    ck_assert(h2_phred_two_sided(40) < H2_PHRED_CAP);
}
END_TEST

/* 100 LOCAL bins of 10 kb on chr17 from 10 Mb; the gene at bins 48-49,
 * neighbours A (bins 45-46, inside), B (bins 60-61, outside), C (half in). */
typedef struct {
    h2_contig_t contigs[1];
    h2_genome_t g;
    h2_gene_t genes[4];
    h2_regset_t rs;
    h2_norm_t nm;
} afx_t;

static afx_t *afx(double amp_log2, int amp_from, int amp_to)
{
    afx_t *f = calloc(1, sizeof *f);
    int n = 100;
    f->contigs[0] = (h2_contig_t){.name = "chr17", .len = 100000000};
    f->g = (h2_genome_t){.build = H2_BUILD_CUSTOM, .n_contigs = 1, .contigs = f->contigs};
    f->genes[0] = (h2_gene_t){.name = "ERBB2", .contig = 0, .start = 10480000, .end = 10500000,
                              .called = 1};
    f->genes[1] = (h2_gene_t){.name = "A", .contig = 0, .start = 10450000, .end = 10470000,
                              .called = 0};
    f->genes[2] = (h2_gene_t){.name = "B", .contig = 0, .start = 10600000, .end = 10620000,
                              .called = 0};
    f->genes[3] = (h2_gene_t){.name = "C", .contig = 0,
                              .start = (hts_pos_t)amp_to * 10000 + 10000000 - 5000,
                              .end = (hts_pos_t)amp_to * 10000 + 10000000 + 5000, .called = 0};
    f->rs.genome = &f->g;
    f->rs.genes = f->genes;
    f->rs.n_genes = 4;
    f->rs.n_called = 1;
    f->rs.n_bins = n;
    f->rs.bins = calloc(n, sizeof *f->rs.bins);
    f->nm.n_bins = n;
    f->nm.log2 = calloc(n, sizeof(double));
    f->nm.usable = calloc(n, 1);
    f->nm.sd_ref = 0.1;
    f->nm.n_ref_usable = 1000;
    for (int i = 0; i < n; i++) {
        f->rs.bins[i] = (h2_bin_t){.contig = 0, .start = 10000000 + 10000 * (hts_pos_t)i,
                                   .end = 10010000 + 10000 * (hts_pos_t)i, .role = H2_ROLE_LOCAL,
                                   .gene = -1};
        f->nm.usable[i] = 1;
        f->nm.log2[i] = i >= amp_from && i < amp_to ? amp_log2 : 0;
    }
    noise(f->nm.log2, n, 0.1, 9);
    return f;
}

static void afx_free(afx_t *f)
{
    free(f->rs.bins);
    free(f->nm.log2);
    free(f->nm.usable);
    free(f);
}

START_TEST(test_amplicon_found)
{
    afx_t *f = afx(2.0, 40, 55);    /* ratio 4: CN 8 at purity 1 */
    h2_cbs_opt_t co;
    h2_amp_param_t ap = {.model = {.purity = 1.0, .ploidy = 2.0, .centre = 1.0}, .gain_cn = 2.5,
                         .z = 1.96};
    h2_amplicon_t a;
    h2_cbs_opt_init(&co);
    ck_assert_int_eq(h2_amplicon_find(&f->rs, &f->nm, &co, &ap, &a), 0);
    ck_assert_int_eq(a.found, 1);
    ck_assert_int_eq(a.start, 10400000);
    ck_assert_int_eq(a.end, 10550000);
    ck_assert_int_eq(a.n_bins, 15);
    ck_assert_double_eq_tol(a.cn, 8.0, 0.5);
    ck_assert(a.cn_lo < a.cn && a.cn < a.cn_hi);
    /* C straddles the end with exactly half inside: listed; B is outside */
    ck_assert_str_eq(a.genes, "A,ERBB2,C");
    h2_amplicon_clear(&a);
    afx_free(f);
}
END_TEST

START_TEST(test_amplicon_absent)
{
    h2_cbs_opt_t co;
    h2_amp_param_t ap = {.model = {.purity = 1.0, .ploidy = 2.0, .centre = 1.0}, .gain_cn = 2.5,
                         .z = 1.96};
    h2_amplicon_t a;
    h2_cbs_opt_init(&co);
    /* flat window: nothing */
    afx_t *f = afx(0, 0, 0);
    ck_assert_int_eq(h2_amplicon_find(&f->rs, &f->nm, &co, &ap, &a), 0);
    ck_assert_int_eq(a.found, 0);
    ck_assert_ptr_null(a.genes);
    afx_free(f);
    /* the whole window gained (polysomy-like): not an amplicon */
    f = afx(1.0, 0, 100);
    ck_assert_int_eq(h2_amplicon_find(&f->rs, &f->nm, &co, &ap, &a), 0);
    ck_assert_int_eq(a.found, 0);
    afx_free(f);
    /* a gained segment elsewhere, not over the gene: not the gene's
     * amplicon, but reported as another amplicon in the window */
    f = afx(2.0, 70, 85);
    ck_assert_int_eq(h2_amplicon_find(&f->rs, &f->nm, &co, &ap, &a), 0);
    ck_assert_int_eq(a.found, 0);
    ck_assert_int_eq(a.n_more, 1);
    ck_assert_int_eq(a.more[0].found, 1);
    ck_assert_int_eq(a.more[0].start, 10700000);
    ck_assert_int_eq(a.more[0].end, 10850000);
    ck_assert_double_eq_tol(a.more[0].cn, 8.0, 0.5);
    ck_assert_str_eq(a.more[0].genes, "C");
    h2_amplicon_clear(&a);
    ck_assert_int_eq(a.n_more, 0);
    afx_free(f);
    /* a loss over the gene: not an amplicon */
    f = afx(-1.0, 40, 55);
    ck_assert_int_eq(h2_amplicon_find(&f->rs, &f->nm, &co, &ap, &a), 0);
    ck_assert_int_eq(a.found, 0);
    afx_free(f);
}
END_TEST

/* A second amplicon beside the gene's: both reported, in position order
 * (default CBS options, purity 1, gain at CN 2.5). */
START_TEST(test_amplicon_second)
{
    h2_cbs_opt_t co;
    h2_amplicon_t a;
    h2_cbs_opt_init(&co);
    afx_t *f = afx(2.0, 40, 55);
    for (int i = 75; i < 90; i++)
        f->nm.log2[i] += 3.0;           /* ratio 8: CN 16 */
    h2_amp_param_t ap = {{1.0, 2.0, 1.0}, 2.5, 1.96};
    ck_assert_int_eq(h2_amplicon_find(&f->rs, &f->nm, &co, &ap, &a), 0);
    ck_assert_int_eq(a.found, 1);
    ck_assert_int_eq(a.start, 10400000);
    ck_assert_int_eq(a.n_more, 1);
    ck_assert_int_eq(a.more[0].start, 10750000);
    ck_assert_int_eq(a.more[0].end, 10900000);
    ck_assert_double_eq_tol(a.more[0].cn, 16.0, 1.0);
    ck_assert_ptr_null(a.more[0].genes);
    h2_amplicon_clear(&a);
    ck_assert_ptr_null(a.more);
    afx_free(f);
}
END_TEST

/* 9 gene bins (a 42.5 kb gene in ~4.7 kb pieces), log2 0 with noise sd,
 * the bins [from, to) raised by step. */
static void gene_bins(double *x, double *v, double sd, int from, int to, double step,
                      uint64_t seed)
{
    for (int i = 0; i < 9; i++) {
        x[i] = i >= from && i < to ? step : 0;
        v[i] = sd * sd;
    }
    noise(x, 9, sd, seed);
}

/* A step at the 5' end, in the middle, at the 3' end, and an amplified
 * middle piece: split where the step is, over several noise draws. */
START_TEST(test_split_bins_steps)
{
    const int from[] = {0, 0, 6, 3}, to[] = {2, 5, 9, 6};
    for (int c = 0; c < 4; c++)
        for (uint64_t seed = 1; seed <= 20; seed++) {
            double x[9], v[9];
            h2_seg_t *s = NULL;
            gene_bins(x, v, 0.1, from[c], to[c], 1.0, seed);
            int n = h2_split_bins(x, v, 9, 0.001, 2, &s);
            int want = from[c] > 0 && to[c] < 9 ? 3 : 2;
            ck_assert_int_eq(n, want);
            if (from[c] > 0)
                ck_assert_int_eq(s[0].end, from[c]);
            else
                ck_assert_int_eq(s[0].end, to[c]);
            if (want == 3)
                ck_assert_int_eq(s[1].end, to[c]);
            int hi = from[c] > 0 ? 1 : 0;
            ck_assert_double_eq_tol(s[hi].mean, 1.0, 0.25);
            free(s);
        }
}
END_TEST

/* No step: the false-positive rate over 2000 noise draws is near alpha
 * (0.001; at most 0.5% allowed), and one outlying bin anywhere -- even 20
 * SDs off, at either end or inside -- never splits the gene. */
START_TEST(test_split_bins_unsplit)
{
    int fp = 0;
    for (uint64_t seed = 1; seed <= 2000; seed++) {
        double x[9], v[9];
        h2_seg_t *s = NULL;
        gene_bins(x, v, 0.1, 0, 0, 0, seed);
        int n = h2_split_bins(x, v, 9, 0.001, 2, &s);
        ck_assert_int_ge(n, 1);
        fp += n > 1;
        free(s);
    }
    ck_assert_int_le(fp, 10);
    for (int at = 0; at < 9; at++)
        for (uint64_t seed = 1; seed <= 20; seed++) {
            double x[9], v[9];
            h2_seg_t *s = NULL;
            gene_bins(x, v, 0.1, 0, 0, 0, seed + 100);
            x[at] += seed % 2 ? 2.0 : -2.0;
            ck_assert_int_eq(h2_split_bins(x, v, 9, 0.001, 2, &s), 1);
            free(s);
        }
}
END_TEST

/* Unequal variances weight the means; bad input is refused. */
START_TEST(test_split_bins_args)
{
    double x[4] = {0, 0, 3, 3}, v[4] = {0.01, 0.01, 0.01, 0.01};
    h2_seg_t *s = NULL;
    ck_assert_int_eq(h2_split_bins(x, v, 4, 0.001, 2, &s), 2);
    ck_assert_double_eq_tol(s[1].mean, 3.0, 1e-12);
    free(s);
    /* so noisy that a step of 3 is not significant */
    for (int i = 0; i < 4; i++)
        v[i] = 4.0;
    ck_assert_int_eq(h2_split_bins(x, v, 4, 0.001, 2, &s), 1);
    ck_assert_double_eq_tol(s[0].mean, 1.5, 1e-12);
    free(s);
    v[1] = 0;
    ck_assert_int_eq(h2_split_bins(x, v, 4, 0.001, 2, &s), H2_EUSAGE);
    ck_assert_ptr_null(s);
    v[1] = 1;
    x[2] = NAN;
    ck_assert_int_eq(h2_split_bins(x, v, 4, 0.001, 2, &s), H2_EUSAGE);
    ck_assert_int_eq(h2_split_bins(x, v, 0, 0.001, 2, &s), H2_EUSAGE);
    ck_assert_int_eq(h2_split_bins(x, v, 4, 0, 2, &s), H2_EUSAGE);
    /* too few bins for two segments of min_width: one segment */
    x[2] = 3;
    ck_assert_int_eq(h2_split_bins(x, v, 3, 0.001, 2, &s), 1);
    free(s);
}
END_TEST

/* The search as it was before issue 20 (cubic: every side's sums recomputed
 * for every candidate split and left-out bin), kept as the reference the
 * prefix-sum search must agree with. */
typedef struct {
    int start[64], end[64], n;
} ref_segs_t;

static double ref_z(const double *x, const double *v, int s, int k, int e, int skip)
{
    double wa = 0, sa = 0, wb = 0, sb = 0;
    for (int i = s; i < e; i++)
        if (i != skip) {
            *(i < k ? &wa : &wb) += 1 / v[i];
            *(i < k ? &sa : &sb) += x[i] / v[i];
        }
    if (!(wa > 0 && wb > 0))
        return 0;
    return fabs(sa / wa - sb / wb) / sqrt(1 / wa + 1 / wb);
}

static void ref_rec(const double *x, const double *v, int s, int e, int mw, double zc,
                    ref_segs_t *r)
{
    double best = -1;
    int bk = -1;
    for (int k = s + mw; e - s >= 2 * mw && k <= e - mw; k++) {
        double zmin = ref_z(x, v, s, k, e, -1);
        for (int b = s; b < e && zmin > best; b++) {
            double zb = ref_z(x, v, s, k, e, b);
            zmin = zb < zmin ? zb : zmin;
        }
        if (zmin > best)
            best = zmin, bk = k;
    }
    if (e - s < 2 * mw || best < zc) {
        r->start[r->n] = s;
        r->end[r->n++] = e;
        return;
    }
    ref_rec(x, v, s, bk, mw, zc, r);
    ref_rec(x, v, bk, e, mw, zc, r);
}

/* Same segments as the cubic search on 2,000 random genes (2-40 bins, 0-3
 * steps, unequal variances, min_width 1-3). */
START_TEST(test_split_bins_same_as_cubic)
{
    uint64_t st = 12345;
    int n_split = 0;
    for (int t = 0; t < 2000; t++) {
        double x[40] = {0}, v[40], u[3] = {0};
        noise(u, 3, 1, st += 7919);
        int n = 2 + (int)(fabs(u[0]) * 13) % 39, mw = 1 + t % 3, steps = t % 4;
        memset(x, 0, sizeof x);
        noise(x, n, 0.3, st += 104729);
        for (int i = 0; i < n; i++)
            v[i] = 0.05 + 0.1 * (i % 5);
        for (int k = 0; k < steps; k++) {
            int at = (int)(fabs(u[k % 3]) * 1000 + k * 17) % n;
            for (int i = at; i < n; i++)
                x[i] += k % 2 ? -1.2 : 1.5;
        }
        int m = n - 2 * mw + 1;
        double zc = h2_norm_quantile_upper(0.01 / (2.0 * (m > 1 ? m : 1)));
        ref_segs_t ref = {.n = 0};
        ref_rec(x, v, 0, n, mw, zc, &ref);
        h2_seg_t *sg = NULL;
        int ns = h2_split_bins(x, v, n, 0.01, mw, &sg);
        ck_assert_int_eq(ns, ref.n);
        for (int k = 0; k < ns; k++) {
            ck_assert_int_eq(sg[k].start, ref.start[k]);
            ck_assert_int_eq(sg[k].end, ref.end[k]);
        }
        n_split += ns > 1;
        free(sg);
    }
    ck_assert_int_gt(n_split, 500);     /* the comparison saw many splits */
}
END_TEST

/* 4,000 bins (a 20 Mb gene in 5 kb bins): the cubic search took hours;
 * this one must finish well inside the test case's timeout. */
START_TEST(test_split_bins_large)
{
    int n = 4000;
    double *x = calloc(n, sizeof *x), *v = malloc(n * sizeof *v);
    ck_assert_ptr_nonnull(x);
    ck_assert_ptr_nonnull(v);
    noise(x, n, 0.2, 99);
    for (int i = 0; i < n; i++) {
        v[i] = 0.04;
        x[i] += i >= 1500 && i < 2600 ? 1.0 : 0;
    }
    h2_seg_t *sg = NULL;
    ck_assert_int_eq(h2_split_bins(x, v, n, 0.001, 2, &sg), 3);
    ck_assert_int_le(abs(sg[1].start - 1500), 2);     /* a noisy bin at the edge */
    ck_assert_int_le(abs(sg[1].end - 2600), 2);
    free(sg);
    free(x);
    free(v);
}
END_TEST

Suite *segment_suite(void)
{
    Suite *s = suite_create("segment");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_cbs_step_inside);
    tcase_add_test(tc, test_cbs_edge_and_several);
    tcase_add_test(tc, test_cbs_noise_only_and_deterministic);
    tcase_add_test(tc, test_cbs_bad_args);
    tcase_add_test(tc, test_ish_groups);
    tcase_add_test(tc, test_quantile);
    tcase_add_test(tc, test_amplicon_found);
    tcase_add_test(tc, test_amplicon_absent);
    tcase_add_test(tc, test_amplicon_second);
    tcase_add_test(tc, test_split_bins_steps);
    tcase_add_test(tc, test_split_bins_unsplit);
    tcase_add_test(tc, test_split_bins_args);
    tcase_add_test(tc, test_split_bins_same_as_cubic);
    tcase_add_test(tc, test_split_bins_large);
    suite_add_tcase(s, tc);
    return s;
}
