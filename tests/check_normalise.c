/* check_normalise.c -- depth, baseline, GC correction, MAPD. */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "h2_normalise.h"

/* A hand-made region set: n_ref REF bins of 10 kb on contig 0, then one CHR17
 * and one 10 kb GENE bin on contig 1. */
typedef struct {
    h2_genome_t g;
    h2_contig_t contigs[2];
    h2_gene_t gene;
    h2_regset_t rs;
    h2_counts_t c;
} fixture_t;

static fixture_t *fixture(int n_ref)
{
    fixture_t *f = calloc(1, sizeof *f);
    int n = n_ref + 2;
    f->contigs[0].name = "chr1";
    f->contigs[0].len = 100000000;
    f->contigs[1].name = "chr17";
    f->contigs[1].len = 100000000;
    f->g.n_contigs = 2;
    f->g.contigs = f->contigs;
    f->g.build = H2_BUILD_CUSTOM;
    f->gene = (h2_gene_t){.name = "G", .contig = 1, .start = 5000000, .end = 5010000, .called = 1};
    f->rs.genome = &f->g;
    f->rs.n_genes = f->rs.n_called = 1;
    f->rs.genes = &f->gene;
    f->rs.n_bins = n;
    f->rs.bins = calloc(n, sizeof *f->rs.bins);
    for (int i = 0; i < n_ref; i++)
        f->rs.bins[i] = (h2_bin_t){.contig = 0, .start = i * 100000, .end = i * 100000 + 10000,
                                   .role = H2_ROLE_REF, .gene = -1};
    f->rs.bins[n_ref] = (h2_bin_t){.contig = 1, .start = 1000000, .end = 1010000,
                                   .role = H2_ROLE_CHR17, .gene = -1};
    f->rs.bins[n_ref + 1] = (h2_bin_t){.contig = 1, .start = 5000000, .end = 5010000,
                                       .role = H2_ROLE_GENE, .gene = 0};
    f->c.n_bins = n;
    f->c.bases = calloc(n, sizeof(uint64_t));
    f->c.reads = calloc(n, sizeof(uint64_t));
    f->c.mq0 = calloc(n, sizeof(uint64_t));
    return f;
}

static void fixture_free(fixture_t *f)
{
    free(f->rs.bins);
    free(f->c.bases);
    free(f->c.reads);
    free(f->c.mq0);
    free(f);
}

static void set_depth(fixture_t *f, int i, double depth)
{
    f->c.bases[i] = (uint64_t)llround(depth * 10000);
    f->c.reads[i] = (uint64_t)llround(depth * 10000 / 100);
}

START_TEST(test_median)
{
    double a[] = {5, 1, 3}, b[] = {4, 1, 3, 2};
    ck_assert_double_eq(h2_median(a, 3), 3);
    ck_assert_double_eq(h2_median(b, 4), 2.5);
    ck_assert(isnan(h2_median(b, 0)));
}
END_TEST

START_TEST(test_flat_baseline)
{
    fixture_t *f = fixture(51);
    h2_err_t err;
    for (int i = 0; i < 51; i++)
        set_depth(f, i, 10.0 + (i % 3) - 1);   /* 9, 10, 11: median 10 */
    set_depth(f, 51, 10.0);
    set_depth(f, 52, 40.0);
    h2_norm_t *nm = h2_normalise(&f->rs, &f->c, NULL, &err, NULL);
    ck_assert_ptr_nonnull(nm);
    ck_assert_double_eq_tol(nm->baseline, 10.0, 1e-9);
    ck_assert_double_eq_tol(nm->log2[52], 2.0, 1e-9);
    ck_assert_double_eq_tol(nm->log2[51], 0.0, 1e-9);
    ck_assert_int_eq(nm->n_ref_usable, 51);
    ck_assert_int_eq(nm->gc_corrected, 0);
    /* consecutive differences: |log2(9/10)-log2(10/10)| etc.; median is log2(10/9) */
    ck_assert_double_eq_tol(nm->mapd, log2(10.0 / 9.0), 1e-9);
    h2_norm_destroy(nm);
    fixture_free(f);
}
END_TEST

START_TEST(test_no_coverage)
{
    fixture_t *f = fixture(20);
    h2_err_t err;
    int rc;
    set_depth(f, 21, 5);
    ck_assert_ptr_null(h2_normalise(&f->rs, &f->c, NULL, &err, &rc));
    ck_assert_int_eq(rc, H2_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "no coverage in the reference bins"));
    fixture_free(f);
}
END_TEST

START_TEST(test_zero_ref_bins_dropped)
{
    fixture_t *f = fixture(30);
    h2_err_t err;
    for (int i = 0; i < 30; i++)
        set_depth(f, i, i < 10 ? 0 : 8);     /* a third unmappable */
    set_depth(f, 31, 8);
    h2_norm_t *nm = h2_normalise(&f->rs, &f->c, NULL, &err, NULL);
    ck_assert_int_eq(nm->n_ref_usable, 20);
    ck_assert_double_eq_tol(nm->baseline, 8, 1e-9);
    ck_assert_int_eq(nm->usable[0], 0);
    ck_assert(isnan(nm->log2[0]));
    h2_norm_destroy(nm);
    fixture_free(f);
}
END_TEST

/* Depth proportional to a GC bias curve: after correction every REF bin and
 * the gene (whose GC is at the edge of the REF range) come back to ratio 1. */
START_TEST(test_gc_correction)
{
    int n_ref = 200;
    fixture_t *f = fixture(n_ref);
    h2_gc_t gc = {.n_bins = n_ref + 2, .gc = calloc(n_ref + 2, sizeof(double)),
                  .nfrac = calloc(n_ref + 2, sizeof(double))};
    h2_err_t err;
    for (int i = 0; i < n_ref + 2; i++) {
        gc.gc[i] = 0.35 + 0.2 * (double)((i * 37) % n_ref) / n_ref;
        gc.nfrac[i] = 0;
    }
    gc.gc[n_ref + 1] = 0.549;      /* gene */
    for (int i = 0; i < n_ref + 2; i++) {
        double bias = 1 + 3 * (gc.gc[i] - 0.45);    /* 0.7 .. 1.3 */
        set_depth(f, i, 20 * bias * (i == n_ref + 1 ? 3 : 1));
    }
    h2_norm_t *nm = h2_normalise(&f->rs, &f->c, &gc, &err, NULL);
    ck_assert_ptr_nonnull(nm);
    ck_assert_int_eq(nm->gc_corrected, 1);
    /* raw log2 of the gene is inflated by GC; corrected is log2(3) */
    ck_assert_double_gt(nm->log2_raw[n_ref + 1], log2(3) + 0.2);
    ck_assert_double_eq_tol(nm->log2[n_ref + 1], log2(3), 0.05);
    double worst = 0;
    for (int i = 0; i < n_ref; i++)
        worst = fmax(worst, fabs(nm->log2[i]));
    ck_assert_double_lt(worst, 0.05);
    /* the gene lies past the k/2-th highest REF GC: flagged, REF bins mostly not */
    ck_assert_int_eq(nm->gc_fit_pieces, 0);
    ck_assert_int_eq(nm->gc_extreme[n_ref + 1], 1);
    ck_assert_int_eq(nm->gc_extreme[n_ref / 2], 0);
    /* N-rich bins are dropped */
    gc.nfrac[5] = 0.9;
    h2_norm_destroy(nm);
    nm = h2_normalise(&f->rs, &f->c, &gc, &err, NULL);
    ck_assert_int_eq(nm->usable[5], 0);
    ck_assert_int_eq(nm->n_ref_usable, n_ref - 1);
    h2_norm_destroy(nm);
    free(gc.gc);
    free(gc.nfrac);
    fixture_free(f);
}
END_TEST

/* 50 kb REF bins cut into 5 pieces of 10 kb whose GC spreads 0.30-0.55
 * (the bins' own GC far narrower), depth following a GC curve per piece, and
 * a 10 kb gene at GC 0.53 and ratio 1: inside the pieces' range, outside the
 * bins'. Returns the gene's index. */
static int pieces_fixture(fixture_t *f, h2_gc_t *gc, int n_ref, double reads_per_base)
{
    int n = n_ref + 2;
    f->c.sub_bases = calloc((size_t)n * H2_GC_SUBS, sizeof(uint64_t));
    gc->n_bins = n;
    gc->gc = calloc(n, sizeof(double));
    gc->nfrac = calloc(n, sizeof(double));
    gc->sub_gc = malloc((size_t)n * H2_GC_SUBS * sizeof(double));
    gc->sub_nfrac = malloc((size_t)n * H2_GC_SUBS * sizeof(double));
    for (size_t j = 0; j < (size_t)n * H2_GC_SUBS; j++)
        gc->sub_gc[j] = gc->sub_nfrac[j] = NAN;
    for (int i = 0; i < n; i++) {
        h2_bin_t *b = &f->rs.bins[i];
        double sum = 0, bases = 0;
        int ns;
        if (b->role == H2_ROLE_REF)
            b->end = b->start + 50000;
        ns = h2_bin_subpieces(b, NULL);
        for (int k = 0; k < (ns ? ns : 1); k++) {
            size_t j = (size_t)i * H2_GC_SUBS + k;
            double g = i == n - 1 ? 0.53 : 0.30 + 0.05 * (k + (double)(i * 37 % n_ref) / n_ref);
            double d = 20 * (0.4 + 4 * (g - 0.3) * (g - 0.3) * 10);   /* convex in GC */
            uint64_t nb = (uint64_t)llround(d * 10000);
            if (ns) {
                gc->sub_gc[j] = g;
                gc->sub_nfrac[j] = 0;
                f->c.sub_bases[j] = nb;
            }
            sum += g;
            bases += (double)nb;
        }
        gc->gc[i] = sum / (ns ? ns : 1);
        f->c.bases[i] = (uint64_t)bases;
        f->c.reads[i] = (uint64_t)(bases * reads_per_base);
    }
    return n - 1;
}

static void pieces_free(fixture_t *f, h2_gc_t *gc)
{
    free(f->c.sub_bases);
    free(gc->gc);
    free(gc->nfrac);
    free(gc->sub_gc);
    free(gc->sub_nfrac);
}

/* Fitted on pieces, the correction holds at the gene's scale; fitted on
 * whole bins, the gene's GC lies outside the fit and it is flagged. */
START_TEST(test_gc_fit_scale)
{
    int n_ref = 300;
    fixture_t *f = fixture(n_ref);
    h2_gc_t gc = {0};
    h2_err_t err;
    int gene = pieces_fixture(f, &gc, n_ref, 1.0 / 100);
    h2_norm_t *nm = h2_normalise(&f->rs, &f->c, &gc, &err, NULL);
    ck_assert_ptr_nonnull(nm);
    ck_assert_int_eq(nm->gc_fit_pieces, 1);
    ck_assert_int_eq(nm->gc_fit_n, 5 * n_ref);
    ck_assert_double_lt(nm->gc_lo, 0.32);
    ck_assert_double_gt(nm->gc_hi, 0.53);
    ck_assert_int_eq(nm->gc_extreme[gene], 0);
    ck_assert_double_eq_tol(nm->log2[gene], 0, 0.05);
    double worst = 0;
    for (int i = 0; i < n_ref; i++)
        worst = fmax(worst, fabs(nm->log2[i]));
    ck_assert_double_lt(worst, 0.05);
    h2_norm_destroy(nm);
    /* the same bins without piece counts (a bins TSV): fit on whole bins */
    uint64_t *sub = f->c.sub_bases;
    f->c.sub_bases = NULL;
    nm = h2_normalise(&f->rs, &f->c, &gc, &err, NULL);
    ck_assert_int_eq(nm->gc_fit_pieces, 0);
    ck_assert_int_eq(nm->gc_fit_n, n_ref);
    ck_assert_double_lt(nm->gc_hi, 0.5);
    ck_assert_int_eq(nm->gc_extreme[gene], 1);
    ck_assert_double_gt(fabs(nm->log2[gene]), 0.1);  /* what the flag warns of */
    h2_norm_destroy(nm);
    f->c.sub_bases = sub;
    pieces_free(f, &gc);
    fixture_free(f);
}
END_TEST

/* Pieces with too few reads (below H2_GC_MIN_READS) are not fitted on. */
START_TEST(test_gc_pieces_low_depth)
{
    int n_ref = 300;
    fixture_t *f = fixture(n_ref);
    h2_gc_t gc = {0};
    h2_err_t err;
    /* ~20 x 50 kb bases at 1/20000 reads per base: ~50 reads a bin, 10 a piece */
    pieces_fixture(f, &gc, n_ref, 1.0 / 20000);
    h2_norm_t *nm = h2_normalise(&f->rs, &f->c, &gc, &err, NULL);
    ck_assert_ptr_nonnull(nm);
    ck_assert_int_eq(nm->gc_fit_pieces, 0);
    h2_norm_destroy(nm);
    pieces_free(f, &gc);
    fixture_free(f);
}
END_TEST

Suite *normalise_suite(void)
{
    Suite *s = suite_create("normalise");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_median);
    tcase_add_test(tc, test_flat_baseline);
    tcase_add_test(tc, test_no_coverage);
    tcase_add_test(tc, test_zero_ref_bins_dropped);
    tcase_add_test(tc, test_gc_correction);
    tcase_add_test(tc, test_gc_fit_scale);
    tcase_add_test(tc, test_gc_pieces_low_depth);
    suite_add_tcase(s, tc);
    return s;
}
