/* check_estimate.c -- copy number, interval, call, context, QUAL. */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "h2_estimate.h"

static double cn_at(double r, double purity, double ploidy, double centre)
{
    h2_cnmodel_t m = {.purity = purity, .ploidy = ploidy, .centre = centre};
    return h2_model_cn(&m, r);
}

/* A binomial draw from a fixed-seed LCG (the same on every run). */
static int binom_draw(int n, double b, uint64_t *state)
{
    int k = 0;
    for (int i = 0; i < n; i++) {
        *state = *state * 6364136223846793005ull + 1442695040888963407ull;
        k += (double)(*state >> 11) / 9007199254740992.0 < b;
    }
    return k;
}

/* The folded, selected minor-allele fraction a site shows (the plot's dots):
 * exact small cases, the deep limit, and a simulation of the de novo rule at
 * 8 reads, where an LOH segment's dots sit ~0.12 above its fraction b. */
START_TEST(test_folded_maf_expected)
{
    ck_assert_double_eq_tol(h2_folded_maf_expected(0.3, 1, 0), 0.0, 1e-12);
    /* n 2, b 0.5: k 1 (probability 0.5) folds to 0.5, k 0 and 2 to 0 */
    ck_assert_double_eq_tol(h2_folded_maf_expected(0.5, 2, 0), 0.25, 1e-12);
    ck_assert_double_eq_tol(h2_folded_maf_expected(0.5, 2, 1), 0.5, 1e-12);
    ck_assert_double_eq_tol(h2_folded_maf_expected(0.1, 4000, 0), 0.1, 1e-3);
    ck_assert(isnan(h2_folded_maf_expected(0.3, 0, 0)));
    ck_assert(isnan(h2_folded_maf_expected(0.3, 4, 3)));         /* no k passes */
    ck_assert(isnan(h2_folded_maf_expected(0.0, 8, 3)));
    double b = h2_model_baf(0.6, 1, 0), sum = 0;                 /* LOH at purity 0.6 */
    int kept = 0;
    uint64_t st = 42;
    for (int i = 0; i < 200000; i++) {
        int k = binom_draw(8, b, &st), lo = k < 8 - k ? k : 8 - k;
        if (lo >= 3)
            sum += lo / 8.0, kept++;
    }
    double e = h2_folded_maf_expected(b, 8, 3);
    ck_assert_msg(fabs(sum / kept - e) < 0.003, "simulated %g, expected %g", sum / kept, e);
    ck_assert_msg(e - b > 0.1, "the fold and the selection lift b %g to %g", b, e);
}
END_TEST

START_TEST(test_cn_formula)
{
    /* pure diploid: CN = 2r */
    ck_assert_double_eq_tol(cn_at(1.0, 1.0, 2.0, 1.0), 2.0, 1e-12);
    ck_assert_double_eq_tol(cn_at(10.0, 1.0, 2.0, 1.0), 20.0, 1e-12);
    /* CN 20 at purity 0.6: r = (0.6*20 + 0.4*2)/2 = 6.4 -> back to 20 */
    ck_assert_double_eq_tol(cn_at(6.4, 0.6, 2.0, 1.0), 20.0, 1e-9);
    /* never capped, floored at 0 */
    ck_assert_double_eq_tol(cn_at(50.0, 1.0, 2.0, 1.0), 100.0, 1e-9);
    ck_assert_double_eq(cn_at(0.1, 0.5, 2.0, 1.0), 0.0);
    /* no ratio (an arm without usable bins): no CN, not 0 (issue 20) */
    ck_assert(isnan(cn_at(NAN, 0.5, 2.0, 1.0)));
    /* ploidy 3, purity 1: r = 1 means 3 copies */
    ck_assert_double_eq_tol(cn_at(1.0, 1.0, 3.0, 1.0), 3.0, 1e-12);
}
END_TEST

/* Tumour ploidy, not the mixture's (PureCN/ASCAT/FACETS convention):
 * r = (p CN + 2(1-p)) / (p P + 2(1-p)). Every autosome at 4, purity 0.5,
 * ERBB2 at 12: r = 7/3, and CN must come back as 12 (the mixture-ploidy
 * formula (P r - 2(1-p))/p gives 16.7). */
START_TEST(test_cn_tumour_ploidy)
{
    ck_assert_double_eq_tol(cn_at(7.0 / 3.0, 0.5, 4.0, 1.0), 12.0, 1e-9);
    /* an ERBB2 at 5 in that genome: r = 3.5/3, CN 5, not AMP */
    ck_assert_double_eq_tol(cn_at(3.5 / 3.0, 0.5, 4.0, 1.0), 5.0, 1e-9);
    /* the round trip through h2_model_ratio, over a grid */
    for (double p = 0.1; p <= 1.0; p += 0.15)
        for (double P = 1.5; P <= 5; P += 0.7)
            for (double cn = 0.5; cn <= 60; cn *= 1.9) {
                h2_cnmodel_t m = {.purity = p, .ploidy = P, .centre = 0.9};
                ck_assert_double_eq_tol(h2_model_cn(&m, h2_model_ratio(&m, cn)), cn, 1e-9);
            }
    /* the centre: ratios are relative to the baseline; a genome whose
     * average lies at ratio 1.25 of the baseline has ploidy P at r = 1.25 */
    ck_assert_double_eq_tol(cn_at(1.25, 0.7, 2.5, 1.25), 2.5, 1e-12);
    ck_assert_double_eq_tol(cn_at(1.0, 1.0, 2.5, 1.25), 2.0, 1e-12);
}
END_TEST

START_TEST(test_baf_expected)
{
    /* pure tumour: LOH gives 0, balanced 2 copies 0.5, 1 of 3 copies 1/3 */
    ck_assert_double_eq_tol(h2_model_baf(1.0, 2, 0), 0.0, 1e-12);
    ck_assert_double_eq_tol(h2_model_baf(1.0, 2, 1), 0.5, 1e-12);
    ck_assert_double_eq_tol(h2_model_baf(1.0, 3, 1), 1.0 / 3.0, 1e-12);
    /* purity 0.6, copy-neutral LOH: (0 + 0.4) / (1.2 + 0.8) = 0.2 */
    ck_assert_double_eq_tol(h2_model_baf(0.6, 2, 0), 0.2, 1e-12);
    /* purity 0.3, one copy: 0.7 / 1.7 */
    ck_assert_double_eq_tol(h2_model_baf(0.3, 1, 0), 0.7 / 1.7, 1e-12);
    /* normal contamination only: 0.5 */
    ck_assert_double_eq_tol(h2_model_baf(1e-9, 5, 0), 0.5, 1e-6);
}
END_TEST

/* Region set: 100 REF bins, 20 CHR17 bins, 4 GENE bins, all 10 kb; depth set
 * per role; reads = depth * 100 per bin (100 bp reads over 10 kb). */
typedef struct {
    h2_genome_t g;
    h2_contig_t contigs[2];
    h2_gene_t gene;
    h2_regset_t rs;
    h2_counts_t c;
    h2_norm_t nm;
} fx_t;

#define NREF 100
#define NCTL 20
#define NGENE 4
#define NB (NREF + NCTL + NGENE)

static fx_t *fx(double ref_sd_frac, double ctl_ratio, double gene_ratio)
{
    fx_t *f = calloc(1, sizeof *f);
    f->contigs[0] = (h2_contig_t){.name = "chr1", .len = 100000000};
    f->contigs[1] = (h2_contig_t){.name = "chr17", .len = 100000000};
    f->g = (h2_genome_t){.build = H2_BUILD_CUSTOM, .n_contigs = 2, .contigs = f->contigs};
    f->gene = (h2_gene_t){.name = "ERBB2", .contig = 1, .start = 50000000, .end = 50040000,
                          .called = 1};
    f->rs.genome = &f->g;
    f->rs.genes = &f->gene;
    f->rs.n_genes = f->rs.n_called = 1;
    f->rs.n_bins = NB;
    f->rs.bins = calloc(NB, sizeof *f->rs.bins);
    f->c.n_bins = NB;
    f->c.bases = calloc(NB, 8);
    f->c.reads = calloc(NB, 8);
    f->c.mq0 = calloc(NB, 8);
    f->nm.n_bins = NB;
    f->nm.depth = calloc(NB, sizeof(double));
    f->nm.log2 = calloc(NB, sizeof(double));
    f->nm.log2_raw = f->nm.log2;
    f->nm.usable = calloc(NB, 1);
    f->nm.baseline = f->nm.baseline_raw = 10;
    f->nm.n_ref = f->nm.n_ref_usable = NREF;
    f->nm.sd_ref = ref_sd_frac / log(2);      /* sd of log2 for ~sd_frac relative noise */
    f->nm.mapd = f->nm.sd_ref * sqrt(2) * 0.6745;
    f->nm.reads_ref = 1000;
    for (int i = 0; i < NB; i++) {
        h2_role_t role = i < NREF ? H2_ROLE_REF : i < NREF + NCTL ? H2_ROLE_CHR17 : H2_ROLE_GENE;
        double ratio = role == H2_ROLE_REF ? 1 : role == H2_ROLE_CHR17 ? ctl_ratio : gene_ratio;
        hts_pos_t s = role == H2_ROLE_GENE ? 50000000 + (i - NREF - NCTL) * 10000 : i * 100000;
        f->rs.bins[i] = (h2_bin_t){.contig = role == H2_ROLE_REF ? 0 : 1, .start = s,
                                   .end = s + 10000, .role = role,
                                   .gene = role == H2_ROLE_GENE ? 0 : -1};
        f->nm.depth[i] = 10 * ratio;
        f->nm.log2[i] = log2(ratio);
        f->nm.usable[i] = 1;
        f->c.bases[i] = (uint64_t)(100000 * ratio);
        f->c.reads[i] = (uint64_t)(1000 * ratio);
    }
    return f;
}

static void fx_free(fx_t *f)
{
    free(f->rs.bins);
    free(f->c.bases);
    free(f->c.reads);
    free(f->c.mq0);
    free(f->nm.depth);
    free(f->nm.log2);
    free(f->nm.usable);
    free(f);
}

static h2_estimates_t *run(fx_t *f, double purity)
{
    h2_call_opt_t o;
    h2_err_t err;
    h2_call_opt_init(&o);
    o.purity = purity;
    o.ploidy = 2.0;
    return h2_estimate(&f->rs, &f->c, &f->nm, &o, NULL, &err, NULL);
}

START_TEST(test_amplified_focal)
{
    fx_t *f = fx(0.05, 1.0, 6.4);
    h2_estimates_t *e = run(f, 0.6);
    ck_assert_int_eq(e->n, 1);
    h2_estimate_t *g = &e->g[0];
    ck_assert_double_eq_tol(g->log2, log2(6.4), 1e-9);
    ck_assert_double_eq_tol(g->cn, 20.0, 1e-6);
    ck_assert(g->cn_lo < 20 && g->cn_hi > 20);
    ck_assert_int_eq(g->call, H2_CALL_AMP);
    ck_assert_int_eq(g->context, H2_CTX_FOCAL);
    ck_assert_double_eq_tol(g->ratio17, 6.4, 1e-9);
    ck_assert_int_eq(g->n_bins, NGENE);
    ck_assert_int_eq(g->filters, 0);
    ck_assert(g->qual > 100);
    h2_estimates_destroy(e);
    fx_free(f);
}
END_TEST

static h2_estimates_t *run_fit(fx_t *f, const h2_purity_t *fit)
{
    h2_call_opt_t o;
    h2_err_t err;
    h2_call_opt_init(&o);
    return h2_estimate(&f->rs, &f->c, &f->nm, &o, fit, &err, NULL);
}

/* The estimated model is used as it is, and CICN spans the purity interval:
 * the same ratio 6.4 (CN 20 at purity 0.6) at purity 0.5 and 0.7 gives
 * 23.6 and 17.4, so CICN must reach past both. */
START_TEST(test_estimated_purity_interval)
{
    fx_t *f = fx(0.05, 1.0, 6.4);
    h2_purity_t fit = {.purity_source = H2_SOURCE_ESTIMATED,
                       .ploidy_source = H2_SOURCE_ESTIMATED,
                       .best = {.model = {.purity = 0.6, .ploidy = 2.0, .centre = 1.0}},
                       .purity_lo = 0.5, .purity_hi = 0.7};
    h2_estimates_t *e = run_fit(f, &fit);
    h2_estimate_t *g = &e->g[0];
    ck_assert_double_eq_tol(g->cn, 20.0, 1e-6);
    ck_assert(g->cn_lo < (6.4 * 2 - 2 * 0.3) / 0.7 && g->cn_hi > (6.4 * 2 - 2 * 0.5) / 0.5);
    ck_assert_int_eq(g->filters, 0);
    ck_assert_int_eq(e->purity_source, H2_SOURCE_ESTIMATED);
    /* the lowest detectable purity: a CN-6 gene at it sits at the LOD ratio */
    ck_assert(e->min_purity > 0 && e->min_purity < 0.2);
    h2_cnmodel_t m = e->model;
    m.purity = e->min_purity;
    double z_power = h2_norm_quantile_upper(0.2);
    ck_assert_double_eq_tol(log2(h2_model_ratio(&m, 6.0)), (1.959963984540054 + z_power) * g->se0,
                            1e-9);
    h2_estimates_destroy(e);
    fx_free(f);
}
END_TEST

/* CICN carries the segment-level systematic error measured on the sample
 * (seg_noise, log2): a technical offset of a whole arm is not averaged away
 * by the gene's bins. With 0.06 log2 (the resid arm of the purity study,
 * where CICN missed the true CN in 2 of 10 tumours), the interval is the
 * CN at log2 -/+ 1.96 sqrt(se^2 + 0.06^2); CN itself does not move. */
START_TEST(test_interval_seg_noise)
{
    fx_t *f = fx(0.05, 1.0, 6.4);
    h2_purity_t fit = {.purity_source = H2_SOURCE_ESTIMATED,
                       .ploidy_source = H2_SOURCE_ESTIMATED,
                       .best = {.model = {.purity = 0.6, .ploidy = 2.0, .centre = 1.0}},
                       .purity_lo = 0.6, .purity_hi = 0.6};
    h2_estimates_t *e = run_fit(f, &fit);
    double lo0 = e->g[0].cn_lo, hi0 = e->g[0].cn_hi, se = e->g[0].se;
    h2_estimates_destroy(e);
    fit.seg_noise = 0.06;
    e = run_fit(f, &fit);
    h2_estimate_t *g = &e->g[0];
    double sw = sqrt(se * se + 0.06 * 0.06), z = 1.959963984540054;
    ck_assert_double_eq_tol(g->cn, 20.0, 1e-6);
    ck_assert_double_eq_tol(g->cn_lo, h2_model_cn(&fit.best.model, exp2(g->log2 - z * sw)), 1e-6);
    ck_assert_double_eq_tol(g->cn_hi, h2_model_cn(&fit.best.model, exp2(g->log2 + z * sw)), 1e-6);
    ck_assert(g->cn_lo < lo0 - 1 && g->cn_hi > hi0 + 1);
    h2_estimates_destroy(e);
    fx_free(f);
}
END_TEST

/* Purity unknown (quiet genome, read at purity 1): a NEUTRAL or GAIN result
 * could be an amplification at a lower purity and is filtered; an AMP and a
 * LOSS stand. */
START_TEST(test_unknown_purity_filter)
{
    const double ratio[] = {1.02, 1.5, 4.0, 0.5};
    const int filtered[] = {1, 1, 0, 0};
    h2_purity_t fit = {.purity_source = H2_SOURCE_UNKNOWN, .ploidy_source = H2_SOURCE_UNKNOWN,
                       .best = {.model = {.purity = 1.0, .ploidy = 2.0, .centre = 1.0},
                                .loglik = NAN},
                       .purity_lo = 0.05, .purity_hi = 1.0};
    for (int k = 0; k < 4; k++) {
        fx_t *f = fx(0.05, 1.0, ratio[k]);
        h2_estimates_t *e = run_fit(f, &fit);
        ck_assert_int_eq(!!(e->g[0].filters & H2_FILT_PURITY), filtered[k]);
        ck_assert_double_eq_tol(e->g[0].cn, 2 * ratio[k], 1e-6);   /* at purity 1 */
        h2_estimates_destroy(e);
        fx_free(f);
    }
}
END_TEST

/* Ambiguous fit: an AMP that a near-equal alternative reads as CN < 6 is
 * filtered, and CICN spans the alternative's CN. */
START_TEST(test_ambiguous_alternatives)
{
    fx_t *f = fx(0.02, 1.0, 3.2);    /* CN 6.4 at purity 1, ploidy 2 */
    h2_purity_t fit = {.purity_source = H2_SOURCE_UNKNOWN, .ploidy_source = H2_SOURCE_UNKNOWN,
                       .best = {.model = {.purity = 1.0, .ploidy = 2.0, .centre = 1.0}},
                       .purity_lo = 0.9, .purity_hi = 1.0,
                       .n_alt = 1, .n_ambiguous = 1,
                       .alt = {{.model = {.purity = 1.0, .ploidy = 1.5, .centre = 1.0}}}};
    h2_estimates_t *e = run_fit(f, &fit);
    h2_estimate_t *g = &e->g[0];
    ck_assert_int_eq(g->call, H2_CALL_AMP);
    ck_assert(g->filters & H2_FILT_PURITY);          /* 3.2 x 1.5 = 4.8 < 6 there */
    ck_assert(g->cn_lo < 4.8 && g->cn_hi > 6.4);
    h2_estimates_destroy(e);
    fit.n_ambiguous = 0;                             /* a quiet-genome unknown: AMP stands */
    e = run_fit(f, &fit);
    ck_assert_int_eq(e->g[0].filters & H2_FILT_PURITY, 0);
    h2_estimates_destroy(e);
    fx_free(f);
}
END_TEST

/* The groups along a CN interval, the ratio moving with CN over the chr17
 * control (ASCO/CAP 2018 cut-offs: ratio 2, CN 4 and 6). */
START_TEST(test_ish_groups_between)
{
    ck_assert_uint_eq(h2_ish_groups_between(20, 22, 2), 1u << 1);
    ck_assert_uint_eq(h2_ish_groups_between(2, 3, 2), 1u << 5);
    /* chr17 at 2: CN 2.5..8 crosses ratio 2 at CN 4: groups 5 and 1 */
    ck_assert_uint_eq(h2_ish_groups_between(2.5, 8, 2), (1u << 5) | (1u << 1));
    /* chr17 at 4 (polysomy): CN 3..9 gives 5, 4, 3, then 1 from CN 8 */
    ck_assert_uint_eq(h2_ish_groups_between(3, 9, 4), (1u << 5) | (1u << 4) | (1u << 3) | (1u << 1));
    /* chr17 at 1.5: CN 2.5..3.5 is ratio >= 2 below CN 4: group 2 only */
    ck_assert_uint_eq(h2_ish_groups_between(3.1, 3.5, 1.5), 1u << 2);
    ck_assert_uint_eq(h2_ish_groups_between(NAN, 3, 2), 0);
    ck_assert_uint_eq(h2_ish_groups_between(2, 3, NAN), 0);
}
END_TEST

/* A NOT_AMPLIFIED point estimate whose interval reaches group 1 is not a
 * confident negative: FILTER HER2Uncertain. */
START_TEST(test_her2_uncertain)
{
    fx_t *f = fx(0.4, 1.0, 1.9);          /* CN 3.8, ratio 1.9, a wide interval */
    h2_estimates_t *e = run(f, 1.0);
    h2_estimate_t *g = &e->g[0];
    ck_assert_int_eq(g->her2, H2_HER2_NOT_AMPLIFIED);
    ck_assert(g->cn_hi > 4);
    ck_assert(g->ish_groups_ci & 2u);
    ck_assert(g->filters & H2_FILT_HER2);
    h2_estimates_destroy(e);
    fx_free(f);
    f = fx(0.02, 1.0, 1.1);               /* CN 2.2, tight: a confident negative */
    e = run(f, 1.0);
    ck_assert_int_eq(e->g[0].her2, H2_HER2_NOT_AMPLIFIED);
    ck_assert_uint_eq(e->g[0].ish_groups_ci, 1u << 5);
    ck_assert_int_eq(e->g[0].filters & H2_FILT_HER2, 0);
    h2_estimates_destroy(e);
    fx_free(f);
}
END_TEST

START_TEST(test_neutral)
{
    fx_t *f = fx(0.05, 1.0, 1.02);
    h2_estimates_t *e = run(f, 1.0);
    ck_assert_int_eq(e->g[0].call, H2_CALL_NEUTRAL);
    ck_assert(isnan(e->g[0].qual));
    ck_assert(e->g[0].cn_lo < 2 && e->g[0].cn_hi > 2);
    ck_assert_int_eq(e->g[0].context, H2_CTX_NONE);
    h2_estimates_destroy(e);
    fx_free(f);
}
END_TEST

/* Whole chr17 gained to 4 copies with ERBB2 on it: a GAIN, but CHR17 context
 * (polysomy-like), not FOCAL, and RATIO17 about 1. */
START_TEST(test_chr17_gain_not_focal)
{
    fx_t *f = fx(0.05, 2.0, 2.0);
    h2_estimates_t *e = run(f, 1.0);
    ck_assert_int_eq(e->g[0].call, H2_CALL_GAIN);
    ck_assert_int_eq(e->g[0].context, H2_CTX_CHR17);
    ck_assert_double_eq_tol(e->g[0].ratio17, 1.0, 1e-9);
    ck_assert_double_eq_tol(e->chr17_cn, 4.0, 1e-9);
    h2_estimates_destroy(e);
    fx_free(f);
}
END_TEST

/* A gain that the noise cannot support stays NEUTRAL: the interval must
 * exclude ratio 1 before a change is called. */
START_TEST(test_noise_blocks_call)
{
    fx_t *f = fx(2.0, 1.0, 1.3);
    f->nm.reads_ref = 1000;
    h2_estimates_t *e = run(f, 1.0);
    ck_assert_double_gt(e->g[0].cn, 2.5);
    ck_assert_int_eq(e->g[0].call, H2_CALL_NEUTRAL);
    ck_assert(e->g[0].filters & H2_FILT_NOISY);
    h2_estimates_destroy(e);
    fx_free(f);
}
END_TEST

START_TEST(test_loss_and_lowdepth)
{
    fx_t *f = fx(0.05, 1.0, 0.5);
    h2_estimates_t *e = run(f, 1.0);
    ck_assert_int_eq(e->g[0].call, H2_CALL_LOSS);
    ck_assert_double_eq_tol(e->g[0].cn, 1.0, 1e-9);
    h2_estimates_destroy(e);
    fx_free(f);
    /* no reads at the gene at all: a record with LowDepth, not a crash */
    f = fx(0.05, 1.0, 0.0);
    e = run(f, 1.0);
    ck_assert(e->g[0].filters & H2_FILT_LOWDEPTH);
    ck_assert(isfinite(e->g[0].log2));
    ck_assert_double_lt(e->g[0].cn, 0.01);    /* log2 floored at -10 */
    h2_estimates_destroy(e);
    fx_free(f);
}
END_TEST

/* The SE follows the counts: 4x more reads, half the SE (baseline term aside). */
START_TEST(test_se_scales_with_reads)
{
    fx_t *f = fx(0.05, 1.0, 1.0);
    h2_estimates_t *a = run(f, 1.0);
    for (int i = NREF + NCTL; i < NB; i++)
        f->c.reads[i] *= 4;
    h2_estimates_t *b = run(f, 1.0);
    double base = 1.2533 * f->nm.sd_ref / sqrt(NREF);
    double ga = sqrt(a->g[0].se * a->g[0].se - base * base);
    double gb = sqrt(b->g[0].se * b->g[0].se - base * base);
    ck_assert_double_eq_tol(ga / gb, 2.0, 0.01);
    h2_estimates_destroy(a);
    h2_estimates_destroy(b);
    fx_free(f);
}
END_TEST

/* Tumour-only panel: the capture term (h2_capture_var) is the REF targets'
 * log spread less their Poisson part, and joins the gene's variance
 * undivided: the same with 4 gene targets as with 2. */
START_TEST(test_capture_term_undivided)
{
    fx_t *f = fx(0.2, 1.0, 1.0);
    double se[2][2], cv = 0.2 * 0.2 - 1.0 / 1000;     /* REF reads 1000 each */
    f->rs.par.panel = 1;
    ck_assert_double_eq_tol(h2_capture_var(&f->rs, &f->c, &f->nm), cv, 1e-9);
    for (int k = 0; k < 2; k++) {           /* k 1: bins 3, 4 of the gene left out */
        for (int i = NREF + NCTL + 2; i < NB; i++)
            f->nm.usable[i] = k == 0;
        for (int ref = 0; ref < 2; ref++) { /* ref 1: a panel of normals applied */
            f->nm.ref_kind = ref;
            h2_estimates_t *e = run(f, 1.0);
            se[k][ref] = e->g[0].se;
            ck_assert_int_eq(e->g[0].n_bins, k == 0 ? NGENE : 2);
            ck_assert_double_eq_tol(e->g[0].se_capture, ref ? 0 : sqrt(cv) / log(2), 1e-9);
            h2_estimates_destroy(e);
        }
    }
    double l2 = log(2) * log(2);
    ck_assert_double_gt(se[1][1], se[0][1]);    /* the rest does shrink with targets */
    ck_assert_double_eq_tol(se[0][0] * se[0][0] - se[0][1] * se[0][1], cv / l2, 1e-9);
    ck_assert_double_eq_tol(se[1][0] * se[1][0] - se[1][1] * se[1][1], cv / l2, 1e-9);
    /* zero with a matched normal and in whole-genome mode */
    f->nm.ref_kind = 2;
    ck_assert_double_eq(h2_capture_var(&f->rs, &f->c, &f->nm), 0);
    f->nm.ref_kind = 0;
    f->rs.par.panel = 0;
    ck_assert_double_eq(h2_capture_var(&f->rs, &f->c, &f->nm), 0);
    /* all Poisson: nothing left for capture */
    f->rs.par.panel = 1;
    f->nm.sd_ref = 0.01 / log(2);
    ck_assert_double_eq(h2_capture_var(&f->rs, &f->c, &f->nm), 0);
    fx_free(f);
}
END_TEST

/* NoReference: a tumour-only panel whose interval spans not gained (below
 * GAIN) to AMP; not with a reference, not when the interval settles AMP. */
START_TEST(test_no_reference_filter)
{
    fx_t *f = fx(0.3, 1.0, 2.0);                /* CN 6 at purity 0.5 */
    f->rs.par.panel = 1;
    h2_estimates_t *e = run(f, 0.5);
    ck_assert_double_lt(e->g[0].cn_lo, 2.5);
    ck_assert_double_ge(e->g[0].cn_hi, 6.0);
    ck_assert(e->g[0].filters & H2_FILT_NOREF);
    h2_estimates_destroy(e);
    f->nm.ref_kind = 1;
    e = run(f, 0.5);
    ck_assert(!(e->g[0].filters & H2_FILT_NOREF));
    h2_estimates_destroy(e);
    fx_free(f);
    f = fx(0.3, 1.0, 6.4);                      /* CN 12.8 at purity 1 */
    f->rs.par.panel = 1;
    e = run(f, 1.0);
    ck_assert_double_ge(e->g[0].cn_lo, 6.0);
    ck_assert(!(e->g[0].filters & H2_FILT_NOREF));
    ck_assert_str_eq(h2_filter_name(5), "NoReference");
    ck_assert_ptr_null(h2_filter_name(H2_N_FILTERS));
    h2_estimates_destroy(e);
    fx_free(f);
}
END_TEST

/* ERBB2 at CN 20 over its 5' half only (gene bins 0-1 of 4 at ratio 10,
 * purity 1): BREAKPOINT, two segments, CNMAX 20, and CICN spans both
 * segments (2 and 20) around the average CN 11. The unsplit gene: no
 * BREAKPOINT, one segment, CNMAX = CN, CICN unchanged. */
START_TEST(test_breakpoint_in_gene)
{
    fx_t *f = fx(0.05, 1.0, 10.0);
    h2_estimates_t *e = run(f, 1.0);
    h2_estimate_t *g = &e->g[0];
    ck_assert_int_eq(g->breakpoint, 0);
    ck_assert_int_eq(g->n_segs, 1);
    ck_assert_double_eq(g->cn_max, g->cn);
    double width = g->cn_hi - g->cn_lo;
    ck_assert(width < 2);
    h2_estimates_destroy(e);
    for (int i = NREF + NCTL + 2; i < NB; i++) {
        f->nm.depth[i] = 10;
        f->nm.log2[i] = 0;
        f->c.bases[i] = 100000;
        f->c.reads[i] = 1000;
    }
    e = run(f, 1.0);
    g = &e->g[0];
    ck_assert_double_eq_tol(g->cn, 11.0, 1e-6);
    ck_assert_int_eq(g->breakpoint, 1);
    ck_assert_int_eq(g->n_segs, 2);
    ck_assert_int_eq(g->segs[0].start, 50000000);
    ck_assert_int_eq(g->segs[1].start, 50020000);
    ck_assert_int_eq(g->segs[1].end, 50040000);
    ck_assert_double_eq_tol(g->segs[0].cn, 20.0, 1e-6);
    ck_assert_double_eq_tol(g->segs[1].cn, 2.0, 1e-6);
    ck_assert_double_eq_tol(g->cn_max, 20.0, 1e-6);
    ck_assert(g->cn_lo < 2.0 && g->cn_hi > 20.0);
    ck_assert_int_eq(g->call, H2_CALL_AMP);
    h2_estimates_destroy(e);
    /* a step too small to matter (CN 2 vs 2.6: < 1 copy) is no breakpoint */
    for (int i = NREF + NCTL; i < NREF + NCTL + 2; i++) {
        f->nm.depth[i] = 13;
        f->nm.log2[i] = log2(1.3);
        f->c.bases[i] = 130000;
        f->c.reads[i] = 1300;
    }
    e = run(f, 1.0);
    ck_assert_int_eq(e->g[0].breakpoint, 0);
    ck_assert_int_eq(e->g[0].n_segs, 1);
    h2_estimates_destroy(e);
    fx_free(f);
}
END_TEST

START_TEST(test_names)
{
    ck_assert_str_eq(h2_call_name(H2_CALL_AMP), "AMP");
    ck_assert_str_eq(h2_call_name(H2_CALL_NEUTRAL), "NEUTRAL");
    ck_assert_str_eq(h2_context_name(H2_CTX_FOCAL_ON_CHR17), "FOCAL_ON_CHR17");
}
END_TEST


/* Rearranges the fixture's 20 CHR17 bins around a centromere at 15-18 Mb on
 * the gene contig: 4 pericentromeric bins each side (cen17), 6 on each arm
 * outside it. Ratios per group: p-peri, q-peri, p-arm, q-arm; the q arm's
 * first n_q_amp bins at q_amp (a co-amplified piece). */
static void fx_arms(fx_t *f, double pp, double qp, double pa, double qa, int n_q_amp, double q_amp)
{
    f->rs.par.peri_known = 1;
    f->rs.par.window_contig = 1;
    f->rs.par.cen_start = 15000000;
    f->rs.par.cen_end = 18000000;
    for (int k = 0; k < NCTL; k++) {
        int i = NREF + k;
        hts_pos_t s;
        double r;
        if (k < 4) {
            s = 14000000 + k * 200000;
            r = pp;
        } else if (k < 8) {
            s = 18000000 + (k - 4) * 200000;
            r = qp;
        } else if (k < 14) {
            s = 2000000 + (k - 8) * 1000000;
            r = pa;
        } else {
            s = 60000000 + (k - 14) * 1000000;
            r = k - 14 < n_q_amp ? q_amp : qa;
        }
        f->rs.bins[i].start = s;
        f->rs.bins[i].end = s + 10000;
        f->rs.bins[i].cen17 = k < 8;
        f->nm.depth[i] = 10 * r;
        f->nm.log2[i] = log2(r);
        f->c.bases[i] = (uint64_t)(100000 * r);
        f->c.reads[i] = (uint64_t)(1000 * r);
    }
}

START_TEST(test_cen17_bins)
{
    fx_t *f = fx(0.05, 1.0, 1.0);
    fx_arms(f, 1, 1, 1, 1, 0, 1);
    int n_cen = 0, n_p = 0, n_q = 0;
    for (int i = NREF; i < NREF + NCTL; i++) {
        n_cen += h2_bin_cen17(&f->rs, i);
        n_p += h2_bin_arm(&f->rs, i) == 'p';
        n_q += h2_bin_arm(&f->rs, i) == 'q';
    }
    ck_assert_int_eq(n_cen, 8);
    ck_assert_int_eq(n_p, 10);
    ck_assert_int_eq(n_q, 10);
    ck_assert_str_eq(h2_bin_name(&f->rs, NREF), "cen17");
    ck_assert_str_eq(h2_bin_name(&f->rs, NREF + 10), "chr17");
    ck_assert_int_eq(h2_bin_arm(&f->rs, 0), 0);      /* another contig */
    fx_free(f);
}
END_TEST

/* ERBB2 at 8 with a third of 17q co-amplified to 16: the control stays at 2
 * (pericentromeric), 17q's median at 2, ratio 4, group 1. The old pooled
 * average of every CHR17 bin was 2 x (18 + 2 x 8) / 20 = 3.4 here. */
START_TEST(test_cen17_coamp)
{
    fx_t *f = fx(0.05, 1.0, 4.0);
    fx_arms(f, 1, 1, 1, 1, 2, 8);
    h2_estimates_t *e = run(f, 1.0);
    ck_assert_int_eq(e->chr17_basis, H2_CTL_PERICENTROMERIC);
    ck_assert_int_eq(e->n_chr17, 8);
    ck_assert_double_eq_tol(e->chr17_cn, 2.0, 1e-9);
    ck_assert_double_eq_tol(e->chr17q_cn, 2.0, 1e-9);
    ck_assert_int_eq(e->n_chr17q, 6);
    ck_assert(e->chr17_cn_lo < 2 && e->chr17_cn_hi > 2);
    ck_assert_double_eq_tol(e->g[0].ratio17cn, 4.0, 1e-9);
    ck_assert_int_eq(e->g[0].ish_group, 1);
    ck_assert_int_eq(e->g[0].her2, H2_HER2_AMPLIFIED);
    ck_assert_int_eq(e->g[0].her2_basis, H2_BASIS_DUAL_PROBE);
    h2_estimates_destroy(e);
    fx_free(f);
}
END_TEST

/* Pericentromere and arms at the given ratios (fx_arms), the gene at
 * gene_ratio: the control, arm CNs and ratio expected at purity 1. */
static void check_ctl(double pp, double qp, double pa, double qa, double gene_ratio,
                      double want_ctl, double want_p, double want_q, int want_group)
{
    fx_t *f = fx(0.05, 1.0, gene_ratio);
    fx_arms(f, pp, qp, pa, qa, 0, 1);
    h2_estimates_t *e = run(f, 1.0);
    ck_assert_double_eq_tol(e->chr17_cn, want_ctl, 1e-9);
    ck_assert_double_eq_tol(e->chr17p_cn, want_p, 1e-9);
    ck_assert_double_eq_tol(e->chr17q_cn, want_q, 1e-9);
    ck_assert_double_eq_tol(e->g[0].ratio17cn, 2 * gene_ratio / want_ctl, 1e-9);
    ck_assert_int_eq(e->g[0].ish_group, want_group);
    h2_estimates_destroy(e);
    fx_free(f);
}

/* 17p lost (arm at 1 copy, pericentromere kept), 17q12 at 3.5: control 2,
 * CHR17P_CN 1, ratio 1.75, group 5. */
START_TEST(test_cen17_p_loss)
{
    check_ctl(1, 1, 0.5, 1, 1.75, 2.0, 1.0, 2.0, 5);
}
END_TEST

/* Isochromosome 17q: 17p at 1, 17q at 3; a centromere sits between one copy
 * of each side, so the control is their mean, 2 (two CEP17 signals): ERBB2
 * at 5 is ratio 2.5, group 1. */
START_TEST(test_cen17_isochromosome)
{
    check_ctl(0.5, 1.5, 0.5, 1.5, 2.5, 2.0, 1.0, 3.0, 1);
}
END_TEST

/* Too few usable pericentromeric bins: the arms' medians, said so. One side
 * with enough bins still counts as pericentromeric. */
START_TEST(test_cen17_fallback)
{
    fx_t *f = fx(0.05, 1.0, 2.0);
    fx_arms(f, 1, 1, 0.5, 1, 0, 1);
    for (int k = 0; k < 4; k++)
        f->nm.usable[NREF + 4 + k] = 0;              /* q side gone */
    f->nm.usable[NREF] = f->nm.usable[NREF + 1] = 0;  /* p side down to 2 */
    h2_estimates_t *e = run(f, 1.0);
    ck_assert_int_eq(e->chr17_basis, H2_CTL_ARMS);
    ck_assert_int_eq(e->n_chr17, 12);
    ck_assert_double_eq_tol(e->chr17_cn, 1.5, 1e-9);   /* (1 + 2) / 2 */
    h2_estimates_destroy(e);
    f->nm.usable[NREF] = 1;                           /* p side back to 3 */
    e = run(f, 1.0);
    ck_assert_int_eq(e->chr17_basis, H2_CTL_PERICENTROMERIC);
    ck_assert_int_eq(e->n_chr17, 3);
    ck_assert_double_eq_tol(e->chr17_cn, 2.0, 1e-9);
    h2_estimates_destroy(e);
    fx_free(f);
}
END_TEST

/* No usable control at all (a panel without chr17 targets): HER2 from the
 * single-probe rule, no ISH group, CONTEXT UNKNOWN. */
START_TEST(test_single_probe_fallback)
{
    fx_t *f = fx(0.05, 1.0, 12.5);
    for (int k = 0; k < NCTL; k++)
        f->nm.usable[NREF + k] = 0;
    h2_estimates_t *e = run(f, 1.0);
    h2_estimate_t *g = &e->g[0];
    ck_assert_int_eq(e->chr17_basis, H2_CTL_NONE);
    ck_assert(isnan(e->chr17_cn) && isnan(g->ratio17cn));
    ck_assert_double_eq_tol(g->cn, 25.0, 1e-6);
    ck_assert_int_eq(g->ish_group, 0);
    ck_assert_int_eq(g->her2, H2_HER2_AMPLIFIED);
    ck_assert_int_eq(g->her2_basis, H2_BASIS_SINGLE_PROBE);
    ck_assert_int_eq(g->context, H2_CTX_UNKNOWN);
    ck_assert_int_eq(g->filters & H2_FILT_HER2, 0);
    h2_estimates_destroy(e);
    fx_free(f);
    f = fx(2.0, 1.0, 3.2);                            /* CN 6.4 but a wide CICN */
    for (int k = 0; k < NCTL; k++)
        f->nm.usable[NREF + k] = 0;
    e = run(f, 1.0);
    ck_assert_int_eq(e->g[0].her2, H2_HER2_AMPLIFIED);
    ck_assert(e->g[0].cn_lo < 4);
    ck_assert(e->g[0].filters & H2_FILT_HER2);
    h2_estimates_destroy(e);
    fx_free(f);
}
END_TEST

START_TEST(test_single_probe_rule)
{
    ck_assert_int_eq(h2_her2_single_probe(25), H2_HER2_AMPLIFIED);
    ck_assert_int_eq(h2_her2_single_probe(6.0), H2_HER2_AMPLIFIED);
    ck_assert_int_eq(h2_her2_single_probe(5.99), H2_HER2_EQUIVOCAL);
    ck_assert_int_eq(h2_her2_single_probe(4.0), H2_HER2_EQUIVOCAL);
    ck_assert_int_eq(h2_her2_single_probe(3.99), H2_HER2_NOT_AMPLIFIED);
    ck_assert_int_eq(h2_her2_single_probe(0), H2_HER2_NOT_AMPLIFIED);
    ck_assert_int_eq(h2_her2_single_probe(NAN), H2_HER2_NA);
    ck_assert_str_eq(h2_her2_basis_name(H2_BASIS_SINGLE_PROBE), "SINGLE_PROBE");
    ck_assert_str_eq(h2_her2_basis_name(H2_BASIS_DUAL_PROBE), "DUAL_PROBE");
    ck_assert_str_eq(h2_ctl_basis_name(H2_CTL_PERICENTROMERIC), "PERICENTROMERIC");
    ck_assert_str_eq(h2_ctl_basis_name(H2_CTL_ARMS), "ARMS");
    ck_assert_str_eq(h2_context_name(H2_CTX_UNKNOWN), "UNKNOWN");
}
END_TEST

START_TEST(test_ctl_combine)
{
    double l, se;
    h2_ctl_combine(log2(0.5), 0.1, log2(1.5), 0.1, &l, &se);
    ck_assert_double_eq_tol(l, 0.0, 1e-12);           /* (0.5 + 1.5) / 2 */
    /* var of the mean ratio (0.25 + 2.25) 0.01 / 4, over r = 1 */
    ck_assert_double_eq_tol(se, sqrt(2.5 * 0.01) / 2, 1e-12);
    h2_ctl_combine(NAN, NAN, 0.3, 0.05, &l, &se);
    ck_assert_double_eq_tol(l, 0.3, 1e-12);
    ck_assert_double_eq_tol(se, 0.05, 1e-12);
    h2_ctl_combine(0.2, 0.04, NAN, NAN, &l, &se);
    ck_assert_double_eq_tol(l, 0.2, 1e-12);
    h2_ctl_combine(NAN, NAN, NAN, NAN, &l, &se);
    ck_assert(isnan(l));
}
END_TEST

/* The control's interval widens the groups: CN 8 exactly, control 3.9-4.2
 * spans ratio 2 (groups 1 and 3); a point control gives one group. */
START_TEST(test_ish_groups_within)
{
    ck_assert_uint_eq(h2_ish_groups_within(8, 8, 3.9, 4.2), (1u << 1) | (1u << 3));
    ck_assert_uint_eq(h2_ish_groups_within(8, 8, 3.9, 3.9), 1u << 1);
    ck_assert_uint_eq(h2_ish_groups_within(3, 3.5, 1.9, 2.1), 1u << 5);
    /* CN 3-4.5 over a control of 1.9-2.1: 3.9 / 1.9 > 2 is group 2 */
    ck_assert_uint_eq(h2_ish_groups_within(3, 4.5, 1.9, 2.1),
                      (1u << 5) | (1u << 4) | (1u << 2) | (1u << 1));
    for (double lo = 1; lo < 14; lo += 0.7)
        for (double c = 0.8; c < 5; c += 0.45)
            ck_assert_uint_eq(h2_ish_groups_within(lo, lo * 1.3, c, c),
                              h2_ish_groups_between(lo, lo * 1.3, c));
    ck_assert_uint_eq(h2_ish_groups_within(3, 4, NAN, 2), 0);
}
END_TEST

Suite *estimate_suite(void)
{
    Suite *s = suite_create("estimate");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_cn_formula);
    tcase_add_test(tc, test_cn_tumour_ploidy);
    tcase_add_test(tc, test_ish_groups_between);
    tcase_add_test(tc, test_her2_uncertain);
    tcase_add_test(tc, test_estimated_purity_interval);
    tcase_add_test(tc, test_interval_seg_noise);
    tcase_add_test(tc, test_unknown_purity_filter);
    tcase_add_test(tc, test_ambiguous_alternatives);
    tcase_add_test(tc, test_baf_expected);
    tcase_add_test(tc, test_folded_maf_expected);
    tcase_add_test(tc, test_amplified_focal);
    tcase_add_test(tc, test_neutral);
    tcase_add_test(tc, test_chr17_gain_not_focal);
    tcase_add_test(tc, test_noise_blocks_call);
    tcase_add_test(tc, test_loss_and_lowdepth);
    tcase_add_test(tc, test_se_scales_with_reads);
    tcase_add_test(tc, test_names);
    tcase_add_test(tc, test_cen17_bins);
    tcase_add_test(tc, test_cen17_coamp);
    tcase_add_test(tc, test_cen17_p_loss);
    tcase_add_test(tc, test_cen17_isochromosome);
    tcase_add_test(tc, test_cen17_fallback);
    tcase_add_test(tc, test_single_probe_fallback);
    tcase_add_test(tc, test_single_probe_rule);
    tcase_add_test(tc, test_ctl_combine);
    tcase_add_test(tc, test_ish_groups_within);
    tcase_add_test(tc, test_breakpoint_in_gene);
    suite_add_tcase(s, tc);
    tc = tcase_create("capture");
    tcase_add_test(tc, test_capture_term_undivided);
    tcase_add_test(tc, test_no_reference_filter);
    suite_add_tcase(s, tc);
    return s;
}
