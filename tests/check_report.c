/* check_report.c -- the report writers (JSON, MultiQC, CNVkit .cnr, SVG,
 * HTML) on a small hand-filled call: optional fields (ISH-like group, amplicon
 * segment) appear only when set, numbers and names land where they should. */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "h2_summary.h"

#define NB 8
#define NSITES 7000     /* more het sites than the plot draws */

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
    h2_gseg_t segs[4];
    h2_purity_t fit;
    h2_allele_t sites[NSITES];
    h2_alleles_t al;
} fx_t;

static fx_t *fx_new(void)
{
    static const h2_bin_t bins[NB] = {
        {.contig = 0, .start = 1000000, .end = 1050000, .role = H2_ROLE_REF, .gene = -1},
        {.contig = 0, .start = 3000000, .end = 3050000, .role = H2_ROLE_REF, .gene = -1},
        {.contig = 1, .start = 10000000, .end = 10050000, .role = H2_ROLE_CHR17, .gene = -1},
        {.contig = 1, .start = 39600000, .end = 39650000, .role = H2_ROLE_LOCAL, .gene = -1},
        {.contig = 1, .start = 39680000, .end = 39700000, .role = H2_ROLE_LOCAL, .gene = -1},  /* overlaps the gene */
        {.contig = 1, .start = 39687913, .end = 39730426, .role = H2_ROLE_GENE, .gene = 0},
        {.contig = 1, .start = 39735000, .end = 39760000, .role = H2_ROLE_LOCAL, .gene = -1},  /* overlaps GRB7 */
        {.contig = 1, .start = 39737000, .end = 39747000, .role = H2_ROLE_NEIGHBOUR, .gene = 1},
    };
    static const double l2[NB] = {0.01, -0.01, 0.02, 0.05, 2.5, 2.75, 2.4, 2.6};
    fx_t *f = calloc(1, sizeof *f);
    ck_assert_ptr_nonnull(f);
    f->contigs[0] = (h2_contig_t){.name = "chr1", .len = 248956422};
    f->contigs[1] = (h2_contig_t){.name = "chr17", .len = 83257441};
    f->genome = (h2_genome_t){.build = H2_BUILD_GRCH38, .n_contigs = 2, .contigs = f->contigs};
    f->genes[0] = (h2_gene_t){.name = "ERBB2", .contig = 1, .start = 39687913, .end = 39730426,
                              .called = 1};
    f->genes[1] = (h2_gene_t){.name = "GRB7", .contig = 1, .start = 39737000, .end = 39747000,
                              .called = 0};
    memcpy(f->bins, bins, sizeof bins);
    f->rs = (h2_regset_t){.genome = &f->genome, .build = H2_BUILD_GRCH38, .par = {0}, .n_genes = 2,
                          .genes = f->genes, .n_called = 1, .n_bins = NB, .bins = f->bins};
    f->rs.par.window_contig = 1;
    f->rs.par.local_start = 37187913;
    f->rs.par.local_end = 42230426;
    for (int i = 0; i < NB; i++) {
        f->reads[i] = 300;
        f->l2[i] = l2[i];
        f->depth[i] = exp2(l2[i]);
        f->usable[i] = 1;
    }
    f->c = (h2_counts_t){.n_bins = NB, .bases = f->bases, .reads = f->reads, .mq0 = f->mq0,
                            .n_records = 4321};
    f->nm = (h2_norm_t){.n_bins = NB, .depth = f->depth, .log2_raw = f->l2, .log2 = f->l2,
                        .usable = f->usable, .baseline = 1.0, .baseline_raw = 1.0, .n_ref = 2,
                        .n_ref_usable = 2, .mapd = 0.07, .sd_ref = 0.075, .reads_ref = 300};
    f->est[0] = (h2_estimate_t){.gene = &f->genes[0], .n_bins = 4, .reads = 1900, .depth = 6.6,
                                .log2 = 2.75, .se = 0.03, .fold = 6.727, .cn = 20.0,
                                .cn_lo = 19.0, .cn_hi = 21.0, .chr17_log2 = 0.0, .ratio17 = 6.5,
                                .call = H2_CALL_AMP, .context = H2_CTX_FOCAL, .qual = 14000,
                                .filters = 0};
    f->e = (h2_estimates_t){.model = {.purity = 0.6, .ploidy = 2.0, .centre = 1.0}, .n = 1,
                            .g = f->est, .chr17_log2 = 0.0, .chr17_se = 0.01,
                            .chr17_cn = 2.0, .n_chr17 = 1};
    h2_call_opt_init(&f->copt);
    f->copt.purity = 0.6;
    h2_summary_init(&f->s, "S<1>", "s.bam", NULL, "her2cn call s.bam", &f->rs, &f->c, NULL,
                    &f->nm, &f->e, &f->copt);
    return f;
}

/* A genome-wide fit (4 segments: chr1 2:1, chr1 1:0, chr17 3:1 without
 * sites, chr17 not fitted with no log2) and NSITES het sites in bin 0. */
static void fx_add_fit(fx_t *f)
{
    f->segs[0] = (h2_gseg_t){.contig = 0, .start = 1000000, .end = 2000000, .n_bins = 10,
                             .log2 = 0.0, .se = 0.02, .n_het = NSITES, .maf = 0.47, .cn = 2,
                             .minor = 1};
    f->segs[1] = (h2_gseg_t){.contig = 0, .start = 2000000, .end = 3050000, .n_bins = 10,
                             .log2 = -0.55, .se = 0.03, .maf = 0.21, .cn = 1, .minor = 0};
    f->segs[2] = (h2_gseg_t){.contig = 1, .start = 0, .end = 30000000, .n_bins = 5,
                             .log2 = 0.35, .se = 0.04, .maf = NAN, .cn = 3, .minor = 1};
    f->segs[3] = (h2_gseg_t){.contig = 1, .start = 30000000, .end = 83257441, .n_bins = 1,
                             .log2 = NAN, .se = NAN, .maf = NAN, .cn = -1, .minor = -1};
    f->fit = (h2_purity_t){.purity_source = H2_SOURCE_ESTIMATED,
                           .ploidy_source = H2_SOURCE_ESTIMATED,
                           .best = {.model = {.purity = 0.6, .ploidy = 2.1, .centre = 1.0},
                                    .loglik = -100.0, .frac_clonal = 0.9},
                           .purity_lo = 0.5, .purity_hi = 0.7, .n_alt = 1,
                           .alt = {{.model = {.purity = 0.35, .ploidy = 3.9, .centre = 1.0},
                                    .loglik = -104.5, .frac_clonal = 0.7}}, .delta_loglik = 4.5,
                           .n_segs = 4, .segs = f->segs, .n_sites = NSITES};
    for (int j = 0; j < NSITES; j++)
        f->sites[j] = (h2_allele_t){.bin = 0, .contig = 0, .pos = 1000000 + 7 * j,
                                    .base_a = 'A', .base_b = 'C', .n_a = 20 + j % 11,
                                    .n_b = 20 - j % 13, .depth = 45};
    f->al = (h2_alleles_t){.n = NSITES, .m = NSITES, .a = f->sites};
    f->c.alleles = &f->al;
    f->e.model = f->fit.best.model;
    f->e.purity_source = f->e.ploidy_source = H2_SOURCE_ESTIMATED;
    f->e.purity_lo = 0.5;
    f->e.purity_hi = 0.7;
    f->e.min_purity = 0.18;
    f->e.fit = &f->fit;
}

/* The results that only some calls have: genes[0] in ISH-like group 1 and
 * inside an amplicon. */
static void fx_add_amplicon(fx_t *f)
{
    f->est[0].ish_group = 1;
    f->e.amp = (h2_amplicon_t){.found = 1, .contig = 1, .start = 39400000, .end = 39900000,
                               .log2 = 2.7, .cn = 20.5};
}

static int count(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p++)
        n++;
    return n;
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
    fx_add_amplicon(f);
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
            f->e.model = (h2_cnmodel_t){.purity = purity[i], .ploidy = 2.0, .centre = 1.0};
            double l2 = h2_summary_log2_of_cn(&f->s, cns[k]);
            ck_assert_double_eq_tol(h2_model_cn(&f->e.model, exp2(l2)), cns[k], 1e-9);
        }
    /* purity 0.6, AMP threshold 6: ratio (0.6*6 + 0.8) / 2 = 2.2 */
    f->copt.purity = 0.6;
    f->e.model = (h2_cnmodel_t){.purity = 0.6, .ploidy = 2.0, .centre = 1.0};
    ck_assert_double_eq_tol(h2_summary_log2_of_cn(&f->s, 6), log2(2.2), 1e-12);
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
    ck_assert_ptr_nonnull(strstr(svg, ">HER2 status not estimated \u2014 ERBB2 copy number 20.0 "
                                      "[19.0-21.0]</text>"));
    ck_assert_ptr_nonnull(strstr(svg, "CN call <tspan font-weight=\"bold\" fill=\"#d62728\">AMP"));
    ck_assert_ptr_nonnull(strstr(svg, "sample S&lt;1&gt;"));
    ck_assert_ptr_null(strstr(svg, ">amplicon<"));
    free(svg);
    char *html = render(h2_report_write, &f->s);       /* no group: NA in the table */
    ck_assert_ptr_null(strstr(html, "ISH-like group 1"));
    ck_assert_ptr_nonnull(strstr(html, "<td>PASS</td><td>NA</td><td><b style=\"color:#888888\">NA</b></td></tr>"));
    free(html);
    fx_add_amplicon(f);
    svg = render(h2_plot_write, &f->s);
    ck_assert_ptr_nonnull(strstr(svg, ">amplicon<"));
    free(svg);
    html = render(h2_report_write, &f->s);
    ck_assert_ptr_nonnull(strstr(html, "<td>PASS</td><td>1</td><td>"));
    ck_assert_ptr_nonnull(strstr(html, "ISH-like group 1 (estimate from sequencing)"));
    ck_assert_ptr_nonnull(strstr(html, "<th>ISH-like group</th>"));
    ck_assert_ptr_nonnull(strstr(html, "<title>her2cn: S&lt;1&gt;</title>"));
    free(html);
    free(f);
}
END_TEST

/* The shared headline: status first, the uncertain and unknown wording from
 * the FILTERs, the basis, then the CN; the same text in the SVG, the HTML and
 * the JSON. */
START_TEST(test_her2_headline)
{
    fx_t *f = fx_new();
    h2_estimate_t *g = &f->est[0];
    kstring_t ks = KS_INITIALIZE;
    g->her2 = H2_HER2_AMPLIFIED;
    g->her2_basis = H2_BASIS_DUAL_PROBE;
    g->ish_group = 1;
    h2_her2_headline(g, &ks);
    ck_assert_str_eq(ks.s, "HER2 AMPLIFIED (ISH-like group 1, dual-probe basis) \u2014 ERBB2 copy "
                     "number 20.0 [19.0-21.0]");
    char *svg = render(h2_plot_write, &f->s), *html = render(h2_report_write, &f->s);
    char *json = render(h2_json_write, &f->s);
    ck_assert_ptr_nonnull(strstr(svg, "fill=\"#d62728\">HER2 AMPLIFIED (ISH-like group 1"));
    ck_assert_ptr_nonnull(strstr(html, "<h1 class=\"AMPLIFIED\" style=\"color:#d62728\">HER2 "
                                       "AMPLIFIED (ISH-like group 1, dual-probe basis)"));
    ck_assert_ptr_nonnull(strstr(json, "\"headline\": \"HER2 AMPLIFIED (ISH-like group 1"));
    free(svg);
    free(html);
    free(json);
    g->her2 = H2_HER2_NOT_AMPLIFIED;
    g->ish_group = 5;
    g->filters = H2_FILT_HER2 | H2_FILT_PURITY;
    g->cn_bound = 1;
    h2_her2_headline(g, &ks);
    ck_assert_str_eq(ks.s, "HER2 NOT_AMPLIFIED, uncertain: CI also allows AMPLIFIED; purity "
                     "unknown: CN a lower bound (ISH-like group 5, dual-probe basis) \u2014 ERBB2 "
                     "copy number 20.0 [19.0-21.0]");
    g->her2 = H2_HER2_EQUIVOCAL;
    g->her2_basis = H2_BASIS_SINGLE_PROBE;
    g->ish_group = 0;
    g->filters = H2_FILT_PURITY;
    h2_her2_headline(g, &ks);
    ck_assert_str_eq(ks.s, "HER2 EQUIVOCAL, purity unknown: CN a lower bound (single-probe basis: "
                     "no chr17 control) \u2014 ERBB2 copy number 20.0 [19.0-21.0]");
    /* Several readings kept: the CN is the reported one's, not a bound. */
    g->cn_bound = 0;
    h2_her2_headline(g, &ks);
    ck_assert_str_eq(ks.s, "HER2 EQUIVOCAL, purity unknown: CN under the reported reading, CI "
                     "spans the others (single-probe basis: no chr17 control) \u2014 ERBB2 copy "
                     "number 20.0 [19.0-21.0]");
    g->cn = 1.0;
    g->cn_bound = 1;
    h2_her2_headline(g, &ks);
    ck_assert_ptr_nonnull(strstr(ks.s, "purity unknown: CN an upper bound"));
    ck_assert_str_eq(h2_her2_colour(H2_HER2_EQUIVOCAL), "#e07000");
    free(ks.s);
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
    ck_assert_ptr_nonnull(strstr(svg, "HER2 status not estimated \u2014 ERBB2: no usable gene bins"));
    ck_assert_ptr_nonnull(strstr(html, "HER2 status not estimated \u2014 ERBB2: no usable gene bins"));
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
    ck_assert_ptr_nonnull(strstr(m, "\"S_1_\": {"));             /* one gene: the sample */
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

/* Issue 20: the sample name is MultiQC's key and lands in its HTML report, so
 * < > & " ' ` and control characters become '_' (it was written raw). */
START_TEST(test_mqc_sample_name_made_plain)
{
    fx_t *f = fx_new();
    f->s.sample = "<script>alert(1)</script>\t\"q'&`\x7f\x01 S\xc3\xa9" "b";
    for (int i = 0; i < 3; i++) {   /* the section, general statistics, the plot */
        char *m = render(i == 2 ? h2_mqc_plot_write : i ? h2_mqc_gs_write : h2_mqc_write, &f->s);
        ck_assert_ptr_nonnull(strstr(m, "\"_script_alert(1)_/script___q_____ S\xc3\xa9" "b\": {"));
        ck_assert_ptr_null(strchr(m, '<'));
        ck_assert_ptr_null(strchr(m, '&'));
        ck_assert_ptr_null(strchr(m, '`'));
        ck_assert_ptr_null(strstr(m, "\\t"));
        free(m);
    }
    free(f);
}
END_TEST

/* The allele-fraction strip of an LOH segment at 8 reads a site, sites kept
 * by the de novo rule: the mean of its dots lies on its "1:0" line within
 * 0.02 (the line at h2_model_baf, 0.29, lay ~0.12 below them). */
START_TEST(test_svg_baf_line_on_points)
{
    fx_t *f = fx_new();
    fx_add_fit(f);
    h2_gseg_t *sg = &f->segs[0];
    sg->cn = 1;
    sg->minor = 0;
    double b = h2_model_baf(0.6, 1, 0);
    uint64_t st = 7;
    int n = 0;
    while (n < NSITES) {        /* binomial counts at 8 reads; only sites the rule keeps */
        int k = 0;
        for (int i = 0; i < 8; i++) {
            st = st * 6364136223846793005ull + 1442695040888963407ull;
            k += (double)(st >> 11) / 9007199254740992.0 < b;
        }
        if ((k < 4 ? k : 8 - k) < 3)
            continue;
        f->sites[n].n_a = (uint32_t)k;
        f->sites[n].n_b = (uint32_t)(8 - k);
        f->sites[n++].depth = 8;
    }
    f->al.min_reads = 3;
    f->al.min_frac = 0.05;
    sg->first_het = 0;
    sg->n_het = NSITES;
    char *svg = render(h2_plot_write, &f->s);
    double sum = 0, line = NAN;
    int m = 0;
    for (char *p = svg; (p = strstr(p, "class=\"het\"")); p++) {
        char *cy = strstr(p, "cy=\"");
        sum += strtod(cy + 4, NULL);
        m++;
    }
    for (char *p = svg; (p = strstr(p, "<line class=\"bafexp\"")); p++) {
        char *end = strstr(p, "</line>"), *t = strstr(p, "<title>1:0</title>");
        if (t && t < end)
            line = strtod(strstr(p, "y1=\"") + 4, NULL);
    }
    ck_assert_int_gt(m, 1000);
    /* the strip is 110 px for fractions 0 to 0.5: 220 px per unit */
    ck_assert_msg(fabs(sum / m - line) / 220 < 0.02, "dots at %g px, line at %g px", sum / m, line);
    free(svg);
    free(f);
}
END_TEST

START_TEST(test_svg_genome_panel)
{
    fx_t *f = fx_new();
    char *svg = render(h2_plot_write, &f->s);
    ck_assert_ptr_null(strstr(svg, "Genome: "));                  /* no fit: no panel */
    ck_assert_ptr_nonnull(strstr(svg, "height=\"640\""));
    free(svg);
    fx_add_fit(f);
    f->fit.n_segs = 0;                                            /* no segments: none */
    svg = render(h2_plot_write, &f->s);
    ck_assert_ptr_null(strstr(svg, "Genome: "));
    free(svg);
    f->fit.n_segs = 4;
    svg = render(h2_plot_write, &f->s);
    ck_assert_ptr_nonnull(strstr(svg, "height=\"1020\""));     /* taller canvas */
    ck_assert_ptr_nonnull(strstr(svg, "Genome: 4 segments, 7000 het sites"));
    ck_assert_ptr_nonnull(strstr(svg, ">purity 0.60 (estimated, 0.50-0.70), ploidy 2.10 "
                                      "(estimated)<"));
    ck_assert_int_eq(count(svg, "class=\"gseg\""), 3);          /* 4th has no log2 */
    ck_assert_int_eq(count(svg, "class=\"gsegbaf\""), 2);       /* two with sites */
    int het = count(svg, "class=\"het\"");
    ck_assert_msg(het <= 3000 && het >= 2000, "%d het-site dots", het);
    ck_assert_ptr_nonnull(strstr(svg, ">CN 1<"));                 /* state lines */
    ck_assert_ptr_nonnull(strstr(svg, ">CN 6<"));
    ck_assert_ptr_nonnull(strstr(svg, ">2:1<"));                  /* expected fractions */
    ck_assert_ptr_nonnull(strstr(svg, ">1:0<"));
    ck_assert_ptr_nonnull(strstr(svg, ">3:1<"));
    ck_assert_ptr_nonnull(strstr(svg, ">chr17<"));                /* contig label */
    ck_assert_ptr_null(strcasestr(svg, "nan"));
    ck_assert_ptr_null(strcasestr(svg, "inf"));
    free(svg);
    /* the same sites drawn on every run */
    char *again = render(h2_plot_write, &f->s);
    svg = render(h2_plot_write, &f->s);
    ck_assert_str_eq(svg, again);
    free(svg);
    free(again);
    free(f);
}
END_TEST

START_TEST(test_svg_purity_unknown)
{
    fx_t *f = fx_new();
    fx_add_fit(f);
    f->fit.purity_source = f->e.purity_source = H2_SOURCE_UNKNOWN;
    f->fit.reason = "no segment <away> from the baseline";
    f->e.model = (h2_cnmodel_t){.purity = 1.0, .ploidy = 2.0, .centre = 1.0};
    f->e.purity_lo = f->e.purity_hi = 1.0;
    f->e.min_purity = NAN;
    char *svg = render(h2_plot_write, &f->s);
    ck_assert_int_eq(count(svg, "purity unknown: CN at purity 1 is a lower bound"), 2);
    ck_assert_ptr_nonnull(strstr(svg, "(no segment &lt;away&gt; from the baseline)"));
    ck_assert_ptr_null(strcasestr(svg, "nan"));
    free(svg);
    char *html = render(h2_report_write, &f->s);
    ck_assert_ptr_nonnull(strstr(html, "<th>purity</th><td>unknown</td>"));
    ck_assert_ptr_nonnull(strstr(html, "a lower bound for a gain: no segment &lt;away&gt;"));
    ck_assert_ptr_nonnull(strstr(html, "none (not even at purity 1)"));
    ck_assert_ptr_nonnull(strstr(html, "purity unknown: CN at purity 1"));  /* inline SVG */
    ck_assert_ptr_null(strstr(html, "nan"));
    free(html);
    free(f);
}
END_TEST

START_TEST(test_report_purity_table)
{
    fx_t *f = fx_new();
    char *html = render(h2_report_write, &f->s);
    ck_assert_ptr_nonnull(strstr(html, "<h2>Purity and ploidy</h2>"));   /* given, no fit */
    ck_assert_ptr_null(strstr(html, "<th>het sites</th>"));
    free(html);
    fx_add_fit(f);
    html = render(h2_report_write, &f->s);
    ck_assert_ptr_nonnull(strstr(html, "<tr><th>purity</th><td class=\"num\">0.60</td>"));
    ck_assert_ptr_nonnull(strstr(html, "<tr><th>source</th><td>estimated</td></tr>"));
    ck_assert_ptr_nonnull(strstr(html, "<th>interval</th><td class=\"num\">0.50&ndash;0.70"));
    ck_assert_ptr_nonnull(strstr(html, "<th>ploidy</th><td class=\"num\">2.10</td>"));
    ck_assert_ptr_nonnull(strstr(html, "<th>min detectable purity</th><td class=\"num\">0.18"));
    ck_assert_ptr_nonnull(strstr(html, "<th>het sites</th><td class=\"num\">7000</td>"));
    ck_assert_ptr_nonnull(strstr(html, "<th>genome segments</th><td class=\"num\">4</td>"));
    ck_assert_ptr_nonnull(strstr(html, "<tr><td>1</td><td class=\"num\">0.35</td>"
                                       "<td class=\"num\">3.90</td><td class=\"num\">4.5</td>"));
    ck_assert_ptr_nonnull(strstr(html, "class=\"gseg\""));      /* the panel, inline */
    free(html);
    free(f);
}
END_TEST

START_TEST(test_cnr_baf_column)
{
    fx_t *f = fx_new();
    fx_add_fit(f);
    char *t = render(h2_cnr_write, &f->s);
    const char *hdr = "chromosome\tstart\tend\tgene\tdepth\tlog2\tweight\tbaf\n";
    ck_assert(strncmp(t, hdr, strlen(hdr)) == 0);
    /* bin 0 holds every site; the others have none */
    ck_assert_ptr_nonnull(strstr(t, "chr1\t1000000\t1050000\t-\t"));
    ck_assert_int_eq(count(t, "\tNA\n"), 5);
    char *row0 = strstr(t, "chr1\t1000000\t");
    *strchr(row0, '\n') = 0;
    double v = atof(strrchr(row0, '\t') + 1);
    ck_assert_msg(v > 0.3 && v <= 0.5, "bin 0 baf %g", v);
    free(t);
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
    tcase_add_test(tc, test_mqc_sample_name_made_plain);
    tcase_add_test(tc, test_her2_headline);
    tcase_add_test(tc, test_no_estimate);
    tcase_add_test(tc, test_svg_genome_panel);
    tcase_add_test(tc, test_svg_baf_line_on_points);
    tcase_add_test(tc, test_svg_purity_unknown);
    tcase_add_test(tc, test_report_purity_table);
    tcase_add_test(tc, test_cnr_baf_column);
    suite_add_tcase(s, tc);
    return s;
}
