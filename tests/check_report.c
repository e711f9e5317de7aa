/* check_report.c -- the report writers (JSON, MultiQC, CNVkit .cnr, SVG,
 * HTML) on a small hand-filled call: optional fields (ISH-like group, amplicon
 * segment) appear only when set, numbers and names land where they should. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "h2_summary.h"

#define NB 8

typedef struct {
    h2_contig_t contigs[2];
    h2_genome_t genome;
    h2_gene_t genes[2];
    h2_bin_t bins[NB];
    h2_regset_t rs;
    uint64_t bases[NB], reads[NB], mq0[NB];
    h2_counts_t c;
    double depth[NB], l2[NB];
    uint8_t usable[NB];
    h2_norm_t nm;
    h2_estimate_t est[1];
    h2_estimates_t e;
    h2_call_opt_t copt;
    h2_summary_t s;
} fx_t;

static fx_t *fx_new(void)
{
    static const h2_bin_t bins[NB] = {
        {0, 1000000, 1050000, H2_ROLE_REF, -1},
        {0, 3000000, 3050000, H2_ROLE_REF, -1},
        {1, 10000000, 10050000, H2_ROLE_CHR17, -1},
        {1, 39600000, 39650000, H2_ROLE_LOCAL, -1},
        {1, 39680000, 39700000, H2_ROLE_LOCAL, -1},     /* overlaps the gene */
        {1, 39687913, 39730426, H2_ROLE_GENE, 0},
        {1, 39735000, 39760000, H2_ROLE_LOCAL, -1},     /* overlaps GRB7 */
        {1, 39737000, 39747000, H2_ROLE_NEIGHBOUR, 1},
    };
    static const double l2[NB] = {0.01, -0.01, 0.02, 0.05, 2.5, 2.75, 2.4, 2.6};
    fx_t *f = calloc(1, sizeof *f);
    ck_assert_ptr_nonnull(f);
    f->contigs[0] = (h2_contig_t){"chr1", 248956422};
    f->contigs[1] = (h2_contig_t){"chr17", 83257441};
    f->genome = (h2_genome_t){H2_BUILD_GRCH38, 2, f->contigs};
    f->genes[0] = (h2_gene_t){"ERBB2", 1, 39687913, 39730426, 1};
    f->genes[1] = (h2_gene_t){"GRB7", 1, 39737000, 39747000, 0};
    memcpy(f->bins, bins, sizeof bins);
    f->rs = (h2_regset_t){&f->genome, H2_BUILD_GRCH38, {0}, 2, f->genes, 1, NB, f->bins};
    f->rs.par.window_contig = 1;
    f->rs.par.local_start = 37187913;
    f->rs.par.local_end = 42230426;
    for (int i = 0; i < NB; i++) {
        f->reads[i] = 300;
        f->l2[i] = l2[i];
        f->depth[i] = exp2(l2[i]);
        f->usable[i] = 1;
    }
    f->c = (h2_counts_t){NB, f->bases, f->reads, f->mq0, 4321, 0, NULL};
    f->nm = (h2_norm_t){.n_bins = NB, .depth = f->depth, .log2_raw = f->l2, .log2 = f->l2,
                        .usable = f->usable, .baseline = 1.0, .baseline_raw = 1.0, .n_ref = 2,
                        .n_ref_usable = 2, .mapd = 0.07, .sd_ref = 0.075, .reads_ref = 300};
    f->est[0] = (h2_estimate_t){.gene = &f->genes[0], .n_bins = 4, .reads = 1900, .depth = 6.6,
                                .log2 = 2.75, .se = 0.03, .fold = 6.727, .cn = 20.0,
                                .cn_lo = 19.0, .cn_hi = 21.0, .chr17_log2 = 0.0, .ratio17 = 6.5,
                                .call = H2_CALL_AMP, .context = H2_CTX_FOCAL, .qual = 14000,
                                .filters = 0};
    f->e = (h2_estimates_t){.model = {0.6, 2.0, 1.0}, .n = 1, .g = f->est, .chr17_log2 = 0.0, .chr17_se = 0.01,
                            .chr17_cn = 2.0, .n_chr17 = 1};
    h2_call_opt_init(&f->copt);
    f->copt.purity = 0.6;
    h2_summary_init(&f->s, "S<1>", "s.bam", NULL, "her2cn call s.bam", &f->rs, &f->c, NULL,
                    &f->nm, &f->e, &f->copt);
    return f;
}

/* Run a writer into a string. */
static char *render(int (*w)(FILE *, const h2_summary_t *), const h2_summary_t *s)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(fp);
    ck_assert_int_eq(w(fp, s), 0);
    fclose(fp);
    return buf;
}

START_TEST(test_json_optional_fields)
{
    fx_t *f = fx_new();
    char *j = render(h2_json_write, &f->s);
    ck_assert_ptr_null(strstr(j, "ish_group"));
    ck_assert_ptr_null(strstr(j, "amplicon"));
    ck_assert_ptr_nonnull(strstr(j, "\"sample\": \"S<1>\""));
    ck_assert_ptr_nonnull(strstr(j, "\"start\": 39687914"));   /* 1-based */
    ck_assert_ptr_nonnull(strstr(j, "\"ci\": [\n        19,\n        21\n      ]"));
    free(j);
    const char *groups[1] = {"1"};
    h2_segment_t seg = {1, 1, 39400000, 39900000, 2.7, 20.5};
    f->s.ish_group = groups;
    f->s.segment = &seg;
    j = render(h2_json_write, &f->s);
    ck_assert_ptr_nonnull(strstr(j, "\"ish_group\": \"1\""));
    ck_assert_ptr_nonnull(strstr(j, "\"amplicon\": {\n        \"contig\": \"chr17\",\n"
                                    "        \"start\": 39400001,\n        \"end\": 39900000"));
    free(j);
    free(f);
}
END_TEST

START_TEST(test_log2_of_cn_inverts_cn)
{
    fx_t *f = fx_new();
    const double purity[] = {0.2, 0.6, 1.0}, cns[] = {2.5, 6, 20, 50};
    for (int i = 0; i < 3; i++)
        for (int k = 0; k < 4; k++) {
            f->copt.purity = purity[i];
            f->e.model = (h2_cnmodel_t){purity[i], 2.0, 1.0};
            double l2 = h2_summary_log2_of_cn(&f->s, cns[k]);
            ck_assert_double_eq_tol(h2_model_cn(&f->e.model, exp2(l2)), cns[k], 1e-9);
        }
    /* purity 0.6, AMP threshold 6: ratio (0.6*6 + 0.8) / 2 = 2.2 */
    f->copt.purity = 0.6;
    f->e.model = (h2_cnmodel_t){0.6, 2.0, 1.0};
    ck_assert_double_eq_tol(h2_summary_log2_of_cn(&f->s, 6), log2(2.2), 1e-12);
    ck_assert(h2_summary_lod_cn(&f->s, 0) >= f->copt.gain_cn);
    f->est[0].se = 1.0;   /* a noisy sample: the LoD rises above the GAIN threshold */
    ck_assert_double_eq_tol(h2_summary_lod_cn(&f->s, 0),
                            h2_model_cn(&f->e.model, exp2(f->copt.z)), 1e-9);
    free(f);
}
END_TEST

START_TEST(test_cnr_rows)
{
    fx_t *f = fx_new();
    char *t = render(h2_cnr_write, &f->s);
    const char *hdr = "chromosome\tstart\tend\tgene\tdepth\tlog2\tweight\n";
    ck_assert(strncmp(t, hdr, strlen(hdr)) == 0);
    ck_assert_ptr_null(strstr(t, "39680000"));                  /* replaced by the gene bins */
    ck_assert_ptr_nonnull(strstr(t, "chr17\t39687913\t39730426\tERBB2\t"));
    ck_assert_ptr_nonnull(strstr(t, "chr17\t39735000\t39760000\tGRB7\t"));
    ck_assert_ptr_nonnull(strstr(t, "chr17\t39600000\t39650000\t-\t"));
    ck_assert_ptr_null(strstr(t, "39737000"));                  /* neighbour bins not repeated */
    int lines = 0;
    for (char *p = t; *p; p++)
        lines += *p == '\n';
    ck_assert_int_eq(lines, 1 + 6);
    free(t);
    free(f);
}
END_TEST

START_TEST(test_svg_and_report)
{
    fx_t *f = fx_new();
    char *svg = render(h2_plot_write, &f->s);
    ck_assert_ptr_nonnull(strstr(svg, "ERBB2 AMP: CN 20.0 (95% CI 19.0-21.0)"));
    ck_assert_ptr_nonnull(strstr(svg, "sample S&lt;1&gt;"));
    ck_assert_ptr_null(strstr(svg, ">amplicon<"));
    free(svg);
    const char *groups[1] = {"1"};
    h2_segment_t seg = {1, 1, 39400000, 39900000, 2.7, 20.5};
    f->s.segment = &seg;
    f->s.ish_group = groups;
    svg = render(h2_plot_write, &f->s);
    ck_assert_ptr_nonnull(strstr(svg, ">amplicon<"));
    free(svg);
    char *html = render(h2_report_write, &f->s);
    ck_assert_ptr_nonnull(strstr(html, "ISH-like group 1 (estimate from sequencing)"));
    ck_assert_ptr_nonnull(strstr(html, "<th>ISH-like group</th>"));
    ck_assert_ptr_nonnull(strstr(html, "<title>her2cn: S&lt;1&gt;</title>"));
    free(html);
    free(f);
}
END_TEST

START_TEST(test_no_estimate)
{
    fx_t *f = fx_new();
    h2_estimate_t *g = &f->est[0];
    g->log2 = g->se = g->fold = g->cn = g->cn_lo = g->cn_hi = g->ratio17 = NAN;
    g->call = H2_CALL_NEUTRAL;
    f->e.chr17_cn = f->e.chr17_log2 = NAN;
    char *svg = render(h2_plot_write, &f->s), *html = render(h2_report_write, &f->s);
    char *json = render(h2_json_write, &f->s);
    ck_assert_ptr_nonnull(strstr(svg, "ERBB2 NEUTRAL: no estimate (no usable gene bins)"));
    ck_assert_ptr_nonnull(strstr(html, "ERBB2 NEUTRAL &mdash; no estimate"));
    ck_assert_ptr_nonnull(strstr(json, "\"cn\": null"));
    ck_assert_ptr_null(strcasestr(svg, "nan"));
    ck_assert_ptr_null(strstr(html, "nan"));
    ck_assert_ptr_null(strstr(json, "nan"));
    free(svg);
    free(html);
    free(json);
    free(f);
}
END_TEST

START_TEST(test_mqc_row_keys)
{
    fx_t *f = fx_new();
    char *m = render(h2_mqc_write, &f->s);
    ck_assert_ptr_nonnull(strstr(m, "\"S<1>\": {"));             /* one gene: the sample */
    ck_assert_ptr_nonnull(strstr(m, "\"plot_type\": \"table\""));
    free(m);
    m = render(h2_mqc_gs_write, &f->s);
    ck_assert_ptr_nonnull(strstr(m, "\"plot_type\": \"generalstats\""));
    ck_assert_ptr_nonnull(strstr(m, "\"title\": \"ERBB2 CN\""));
    ck_assert_ptr_nonnull(strstr(m, "\"her2cn_call\": \"AMP\""));
    free(m);
    free(f);
}
END_TEST

Suite *report_suite(void)
{
    Suite *s = suite_create("report");
    TCase *tc = tcase_create("writers");
    tcase_add_test(tc, test_json_optional_fields);
    tcase_add_test(tc, test_log2_of_cn_inverts_cn);
    tcase_add_test(tc, test_cnr_rows);
    tcase_add_test(tc, test_svg_and_report);
    tcase_add_test(tc, test_mqc_row_keys);
    tcase_add_test(tc, test_no_estimate);
    suite_add_tcase(s, tc);
    return s;
}
