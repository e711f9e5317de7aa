/* check_regions.c -- the region set. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include "h2_regions.h"

static h2_bed_t *bed_new(int n)
{
    h2_bed_t *b = calloc(1, sizeof *b);
    b->rec = calloc(n, sizeof *b->rec);
    b->m = n;
    return b;
}

static void bed_add(h2_bed_t *b, const char *chrom, hts_pos_t s, hts_pos_t e, const char *name)
{
    h2_bed_rec_t *r = &b->rec[b->n++];
    r->chrom = strdup(chrom);
    r->start = s;
    r->end = e;
    r->name = name ? strdup(name) : NULL;
}

static int count_role(const h2_regset_t *rs, h2_role_t role)
{
    int n = 0;
    for (int i = 0; i < rs->n_bins; i++)
        n += rs->bins[i].role == role;
    return n;
}


/* The pericentromeric (cen17) CHR17 bins: 13-16 either side of the chr17
 * centromere in both builds (16 slots a side, less those on the 1 Mb grid), within 4 Mb of it, outside the centromere and
 * the window, not overlapping one another or the 1 Mb grid; a custom genome
 * has none. */
static void check_cen17(h2_build_t build)
{
    h2_genome_t *g = h2_genome_builtin(build, 1);
    const h2_builtin_t *bi = h2_builtin_get(build);
    h2_err_t err;
    int rc, n_p = 0, n_q = 0;
    h2_regset_t *rs = h2_regions_build(g, NULL, NULL, &err, &rc);
    ck_assert_ptr_nonnull(rs);
    ck_assert_int_eq(rs->par.peri_known, 1);
    for (int i = 0; i < rs->n_bins; i++) {
        const h2_bin_t *b = &rs->bins[i];
        if (i > 0 && b->role == H2_ROLE_CHR17 && rs->bins[i - 1].role == H2_ROLE_CHR17)
            ck_assert(rs->bins[i - 1].end <= b->start);
        if (!h2_bin_cen17(rs, i))
            continue;
        ck_assert_str_eq(h2_bin_name(rs, i), "cen17");
        ck_assert(b->end <= bi->chrom[16].cen_start || b->start >= bi->chrom[16].cen_end);
        ck_assert(b->start >= bi->chrom[16].cen_start - 4000000 && b->end <= bi->chrom[16].cen_end + 4000000);
        ck_assert(b->end <= bi->window_start);
        n_p += h2_bin_arm(rs, i) == 'p';
        n_q += h2_bin_arm(rs, i) == 'q';
    }
    ck_assert(n_p >= 13 && n_p <= 16);
    ck_assert(n_q >= 13 && n_q <= 16);
    h2_regions_destroy(rs);
    h2_genome_destroy(g);
}

START_TEST(test_cen17_bins)
{
    check_cen17(H2_BUILD_GRCH38);
    check_cen17(H2_BUILD_GRCH37);
}
END_TEST

START_TEST(test_grch38_builtin)
{
    h2_genome_t *g = h2_genome_builtin(H2_BUILD_GRCH38, 1);
    h2_err_t err;
    int rc;
    h2_regset_t *rs = h2_regions_build(g, NULL, NULL, &err, &rc);
    ck_assert_ptr_nonnull(rs);
    ck_assert_int_eq(rs->n_called, 1);
    ck_assert_str_eq(rs->genes[0].name, "ERBB2");
    ck_assert_int_gt(count_role(rs, H2_ROLE_REF), 1000);
    ck_assert_int_gt(count_role(rs, H2_ROLE_CHR17), 30);
    ck_assert_int_eq(count_role(rs, H2_ROLE_NEIGHBOUR), 11);
    int c17 = h2_genome_find(g, "chr17");
    const h2_builtin_t *bi = h2_builtin_get(H2_BUILD_GRCH38);
    hts_pos_t gene_cov = 0, ref_len = 0;
    for (int i = 0; i < rs->n_bins; i++) {
        const h2_bin_t *b = &rs->bins[i];
        if (i > 0) {   /* sorted */
            const h2_bin_t *p = &rs->bins[i - 1];
            ck_assert(p->contig < b->contig || (p->contig == b->contig && p->start <= b->start));
        }
        ck_assert(b->start < b->end && b->end <= g->contigs[b->contig].len);
        if (b->role == H2_ROLE_REF) {
            int k = b->contig;
            ck_assert_int_ne(k, c17);
            ck_assert_int_lt(k, 22);              /* autosomes only */
            ck_assert(b->end <= bi->chrom[k].cen_start - 1000000 || b->start >= bi->chrom[k].cen_end + 1000000);
            ref_len += b->end - b->start;
        }
        if (b->role == H2_ROLE_CHR17) {
            ck_assert_int_eq(b->contig, c17);
            ck_assert(b->end <= bi->window_start || b->start >= bi->window_end);
            ck_assert(b->end <= bi->chrom[16].cen_start || b->start >= bi->chrom[16].cen_end);
        }
        if (b->role == H2_ROLE_GENE) {
            ck_assert_int_eq(b->gene, 0);
            gene_cov += b->end - b->start;
        }
        if (b->role == H2_ROLE_LOCAL) {
            ck_assert(b->start >= rs->genes[0].start - 2500000 - 25000);
            ck_assert(b->end <= rs->genes[0].end + 2500000 + 25000);
        }
    }
    ck_assert_int_eq(gene_cov, rs->genes[0].end - rs->genes[0].start);
    /* whole-genome mode must not read the whole genome */
    ck_assert_int_lt(ref_len, 200000000);
    h2_regions_destroy(rs);
    h2_genome_destroy(g);
}
END_TEST

START_TEST(test_grch37_bare_names)
{
    h2_genome_t *g = h2_genome_builtin(H2_BUILD_GRCH37, 0);
    h2_err_t err;
    h2_regset_t *rs = h2_regions_build(g, NULL, NULL, &err, NULL);
    ck_assert_ptr_nonnull(rs);
    ck_assert_str_eq(g->contigs[rs->genes[0].contig].name, "17");
    ck_assert_int_eq(rs->genes[0].start, 37844166);
    h2_regions_destroy(rs);
    h2_genome_destroy(g);
}
END_TEST

static h2_genome_t *small_genome(void)
{
    h2_genome_t *g = calloc(1, sizeof *g);
    const char *names[] = {"chr1", "chr2", "chr17", "chrX", "chr1_random"};
    hts_pos_t lens[] = {2000000, 2000000, 3000000, 1000000, 50000};
    g->n_contigs = 5;
    g->contigs = calloc(5, sizeof *g->contigs);
    for (int i = 0; i < 5; i++) {
        g->contigs[i].name = strdup(names[i]);
        g->contigs[i].len = lens[i];
    }
    g->build = h2_build_detect(g);
    return g;
}

START_TEST(test_custom_needs_genes)
{
    h2_genome_t *g = small_genome();
    h2_err_t err;
    int rc;
    ck_assert_int_eq(g->build, H2_BUILD_CUSTOM);
    ck_assert_ptr_null(h2_regions_build(g, NULL, NULL, &err, &rc));
    ck_assert_int_eq(rc, H2_EUSAGE);
    ck_assert_ptr_nonnull(strstr(err.msg, "--genes"));
    h2_genome_destroy(g);
}
END_TEST

START_TEST(test_custom_derived)
{
    h2_genome_t *g = small_genome();
    h2_bed_t *genes = bed_new(1);
    h2_err_t err;
    bed_add(genes, "17", 1500000, 1540000, "HER2");   /* bare name matches chr17 */
    h2_regset_t *rs = h2_regions_build(g, genes, NULL, &err, NULL);
    ck_assert_msg(rs != NULL, "%s", err.msg);
    ck_assert_int_gt(count_role(rs, H2_ROLE_REF), 500);
    ck_assert_int_gt(count_role(rs, H2_ROLE_CHR17), 10);
    for (int i = 0; i < rs->n_bins; i++) {
        const h2_bin_t *b = &rs->bins[i];
        if (b->role == H2_ROLE_REF)   /* only chr1, chr2: not X, random, or the gene contig */
            ck_assert(b->contig == 0 || b->contig == 1);
        if (b->role == H2_ROLE_CHR17) {
            ck_assert_int_eq(b->contig, 2);
            ck_assert(b->end <= rs->par.window_start || b->start >= rs->par.window_end);
        }
    }
    ck_assert(rs->par.window_start < 1500000 && rs->par.window_end > 1540000);
    h2_regions_destroy(rs);
    /* unknown contig */
    h2_bed_destroy(genes);
    genes = bed_new(1);
    bed_add(genes, "chr9", 10, 100, "X");
    int rc;
    ck_assert_ptr_null(h2_regions_build(g, genes, NULL, &err, &rc));
    ck_assert_int_eq(rc, H2_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "chr9"));
    h2_bed_destroy(genes);
    h2_genome_destroy(g);
}
END_TEST

START_TEST(test_panel_roles)
{
    h2_genome_t *g = h2_genome_builtin(H2_BUILD_GRCH38, 1);
    h2_bed_t *t = bed_new(8);
    h2_err_t err;
    int rc;
    bed_add(t, "chr17", 39700000, 39700200, NULL);   /* ERBB2 exon -> gene + local */
    bed_add(t, "chr17", 39700100, 39700300, NULL);   /* overlaps: merged */
    bed_add(t, "chr17", 40000000, 40000200, NULL);   /* local window */
    bed_add(t, "chr17", 7670000, 7670200, NULL);     /* TP53: chr17 control */
    bed_add(t, "chr17", 45000000, 45000200, NULL);   /* inside 17q21 window: dropped */
    bed_add(t, "chr1", 5000000, 5000200, NULL);      /* reference */
    bed_add(t, "chrX", 5000000, 5000200, NULL);      /* X: not a reference */
    bed_add(t, "chr2", 5000000, 5000200, NULL);
    h2_regset_t *rs = h2_regions_build(g, NULL, t, &err, &rc);
    ck_assert_msg(rs != NULL, "%s", err.msg);
    ck_assert_int_eq(rs->par.panel, 1);
    ck_assert_int_eq(count_role(rs, H2_ROLE_GENE), 1);
    ck_assert_int_eq(count_role(rs, H2_ROLE_LOCAL), 2);
    ck_assert_int_eq(count_role(rs, H2_ROLE_CHR17), 1);
    ck_assert_int_eq(count_role(rs, H2_ROLE_REF), 2);
    for (int i = 0; i < rs->n_bins; i++)
        if (rs->bins[i].role == H2_ROLE_GENE) {
            ck_assert_int_eq(rs->bins[i].start, 39700000);
            ck_assert_int_eq(rs->bins[i].end, 39700300);
        }
    h2_regions_destroy(rs);
    h2_bed_destroy(t);
    /* no target on the gene */
    t = bed_new(1);
    bed_add(t, "chr1", 5000000, 5000200, NULL);
    ck_assert_ptr_null(h2_regions_build(g, NULL, t, &err, &rc));
    ck_assert_ptr_nonnull(strstr(err.msg, "not covered"));
    h2_bed_destroy(t);
    h2_genome_destroy(g);
}
END_TEST

START_TEST(test_wrong_build_length)
{
    h2_genome_t *g = h2_genome_builtin(H2_BUILD_GRCH37, 1);
    h2_err_t err;
    int rc;
    g->build = H2_BUILD_GRCH38;    /* as if -g GRCh38 on a GRCh37 BAM */
    ck_assert_ptr_null(h2_regions_build(g, NULL, NULL, &err, &rc));
    ck_assert_int_eq(rc, H2_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "wrong --genome"));
    h2_genome_destroy(g);
}
END_TEST

Suite *regions_suite(void)
{
    Suite *s = suite_create("regions");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_grch38_builtin);
    tcase_add_test(tc, test_cen17_bins);
    tcase_add_test(tc, test_grch37_bare_names);
    tcase_add_test(tc, test_custom_needs_genes);
    tcase_add_test(tc, test_custom_derived);
    tcase_add_test(tc, test_panel_roles);
    tcase_add_test(tc, test_wrong_build_length);
    suite_add_tcase(s, tc);
    return s;
}
