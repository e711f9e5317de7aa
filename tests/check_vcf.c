/* check_vcf.c -- the VCF/BCF writer and the per-bin TSV, from hand-filled
 * structs over a tiny genome (chr1 1 Mb, chr17 2 Mb). Files are read back
 * with htslib and with the bcftools binary. */
#include <check.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <htslib/kstring.h>
#include <htslib/vcf.h>
#include "h2_binstsv.h"
#include "h2_vcf.h"

#define NB 6
#define NG 3

typedef struct {
    h2_contig_t contigs[2];
    h2_genome_t genome;
    h2_gene_t genes[NG];
    h2_bin_t bins[NB];
    h2_regset_t rs;
    uint64_t bases[NB], reads[NB], mq0[NB];
    h2_counts_t c;
    double gcv[NB], nfrac[NB];
    h2_gc_t gc;
    double depth[NB], l2raw[NB], l2[NB];
    uint8_t usable[NB];
    h2_norm_t nm;
    h2_estimate_t est[NG];
    h2_estimates_t e;
    h2_call_opt_t copt;
    h2_vcf_opt_t vo;
    char dir[256];
} fx_t;

static void fx_genome(fx_t *f)
{
    f->contigs[0] = (h2_contig_t){.name = "chr1", .len = 1000000};
    f->contigs[1] = (h2_contig_t){.name = "chr17", .len = 2000000};
    f->genome = (h2_genome_t){.build = H2_BUILD_CUSTOM, .n_contigs = 2, .contigs = f->contigs};
    /* genes deliberately not in position order: the writer sorts */
    f->genes[0] = (h2_gene_t){.name = "ERBB2", .contig = 1, .start = 100000, .end = 150000,
                              .called = 1};
    f->genes[1] = (h2_gene_t){.name = "GRB7", .contig = 1, .start = 150502, .end = 160000,
                              .called = 1};
    f->genes[2] = (h2_gene_t){.name = "LOSSY", .contig = 0, .start = 5001, .end = 9000,
                              .called = 1};
    static const h2_bin_t bins[NB] = {
        {.contig = 0, .start = 0, .end = 100000, .role = H2_ROLE_REF, .gene = -1},
        {.contig = 0, .start = 5001, .end = 9000, .role = H2_ROLE_GENE, .gene = 2},
        {.contig = 0, .start = 100000, .end = 200000, .role = H2_ROLE_REF, .gene = -1},
        {.contig = 1, .start = 0, .end = 50000, .role = H2_ROLE_CHR17, .gene = -1},
        {.contig = 1, .start = 100000, .end = 150000, .role = H2_ROLE_GENE, .gene = 0},
        {.contig = 1, .start = 150502, .end = 160000, .role = H2_ROLE_GENE, .gene = 1},
    };
    memcpy(f->bins, bins, sizeof bins);
    f->rs.genome = &f->genome;
    f->rs.build = H2_BUILD_CUSTOM;
    f->rs.par.panel = 0;
    f->rs.n_genes = NG;
    f->rs.genes = f->genes;
    f->rs.n_called = NG;
    f->rs.n_bins = NB;
    f->rs.bins = f->bins;
}

static void fx_bins(fx_t *f)
{
    static const double depth[NB] = {30, 12.3456789, 31, 29.5, 735.25, 30};
    static const double l2raw[NB] = {-0.0, -1.2345678, 0.05, -0.02, 4.6, 0.01};
    static const double gcv[NB] = {0.41234, NAN, 0.4, 0.45, 0.52, 0.5};
    for (int i = 0; i < NB; i++) {
        f->bases[i] = (uint64_t)(depth[i] * 1000) + i;
        f->reads[i] = 100 + i;
        f->mq0[i] = i;
        f->depth[i] = depth[i];
        f->l2raw[i] = l2raw[i];
        f->l2[i] = l2raw[i] * 0.5;
        f->gcv[i] = gcv[i];
        f->nfrac[i] = 0;
        f->usable[i] = i != 2;
    }
    f->c = (h2_counts_t){.n_bins = NB, .bases = f->bases, .reads = f->reads, .mq0 = f->mq0,
                            .n_records = 1234};
    f->gc = (h2_gc_t){.n_bins = NB, .gc = f->gcv, .nfrac = f->nfrac};
    f->nm.n_bins = NB;
    f->nm.depth = f->depth;
    f->nm.log2_raw = f->l2raw;
    f->nm.log2 = f->l2;
    f->nm.usable = f->usable;
    f->nm.baseline = 30.5;
    f->nm.n_ref = 2;
    f->nm.n_ref_usable = 1;
    f->nm.mapd = 0.125;
    f->nm.gc_corrected = 1;
}

static void fx_estimates(fx_t *f)
{
    h2_estimate_t *g = f->est;
    g[0] = (h2_estimate_t){.gene = &f->genes[0], .n_bins = 12, .reads = 5000, .depth = 735.25,
                           .log2 = 4.5, .se = 0.0625, .fold = 22.627417,
                           .cn = 24.5, .cn_lo = 20.25, .cn_hi = 28.75, .chr17_log2 = 0.5,
                           .ratio17 = 16.0, .call = H2_CALL_AMP,
                           .context = H2_CTX_FOCAL_ON_CHR17, .qual = H2_PHRED_CAP, .filters = 0,
                           .ratio17cn = 8.9, .ish_group = 1, .her2 = H2_HER2_AMPLIFIED, .se0 = 0.05,
                           .lod_cn = 2.4};
    g[1] = (h2_estimate_t){.gene = &f->genes[1], .n_bins = 3, .reads = 90, .depth = 30, .log2 = 0.0,
                           .se = 0.25, .fold = 1.0,
                           .cn = 2.25, .cn_lo = 1.5, .cn_hi = 3.0, .chr17_log2 = 0.5,
                           .ratio17 = NAN, .call = H2_CALL_NEUTRAL,
                           .context = H2_CTX_NONE, .qual = NAN, .filters = 0, .ratio17cn = NAN,
                           .ish_group = 0, .her2 = H2_HER2_NA, .se0 = NAN, .lod_cn = NAN};
    g[2] = (h2_estimate_t){.gene = &f->genes[2], .n_bins = 2, .reads = 40, .depth = 0.125,
                           .log2 = -1.5, .se = 0.5, .fold = 0.35355339,
                           .cn = 1.5, .cn_lo = 0.5, .cn_hi = 2.5, .chr17_log2 = NAN, .ratio17 = NAN,
                           .call = H2_CALL_LOSS, .context = H2_CTX_NONE, .qual = 12.5,
                           .filters = H2_FILT_LOWDEPTH | H2_FILT_NOISY, .ratio17cn = NAN,
                           .ish_group = 0, .her2 = H2_HER2_NA, .se0 = NAN, .lod_cn = NAN};
    f->e = (h2_estimates_t){.model = {.purity = 1.0, .ploidy = 2.0, .centre = 1.0}, .n = NG,
                            .g = f->est, .chr17_log2 = 0.5,
                            .chr17_se = 0.05, .chr17_cn = 2.75, .n_chr17 = 1};
    h2_call_opt_init(&f->copt);
    f->copt.min_ref_bins = 30;
    memset(&f->vo, 0, sizeof f->vo);
    f->vo.sample = "TUMOUR1";
    f->vo.input = "tumour.bam";
    f->vo.cmdline = "her2cn call tumour.bam -o out.vcf";
    strcpy(f->vo.mode, "w");
    f->vo.copt = &f->copt;
}

static fx_t *fx_new(void)
{
    fx_t *f = calloc(1, sizeof *f);
    const char *tmp = getenv("TMPDIR");
    ck_assert_ptr_nonnull(f);
    fx_genome(f);
    fx_bins(f);
    fx_estimates(f);
    snprintf(f->dir, sizeof f->dir, "%s/h2vcfXXXXXX", tmp && *tmp ? tmp : "/tmp");
    ck_assert_ptr_nonnull(mkdtemp(f->dir));
    return f;
}

static void fx_free(fx_t *f)
{
    DIR *d = opendir(f->dir);
    struct dirent *de;
    kstring_t ks = KS_INITIALIZE;
    while (d && (de = readdir(d))) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        ks.l = 0;
        ksprintf(&ks, "%s/%s", f->dir, de->d_name);
        unlink(ks.s);
    }
    if (d)
        closedir(d);
    rmdir(f->dir);
    free(ks.s);
    free(f);
}

static char *fx_path(const fx_t *f, const char *name)
{
    kstring_t ks = KS_INITIALIZE;
    ksprintf(&ks, "%s/%s", f->dir, name);
    return ks.s;
}

/* Run a shell command, return its stdout+stderr; *status gets the exit code. */
static char *run(const char *cmd, int *status)
{
    kstring_t out = KS_INITIALIZE, c = KS_INITIALIZE;
    char buf[4096];
    size_t n;
    ksprintf(&c, "%s 2>&1", cmd);
    FILE *p = popen(c.s, "r");
    ck_assert_ptr_nonnull(p);
    while ((n = fread(buf, 1, sizeof buf, p)) > 0)
        kputsn(buf, n, &out);
    *status = pclose(p);
    free(c.s);
    if (!out.s)
        kputs("", &out);
    return out.s;
}

static char *runf(int *status, const char *fmt, const char *a, const char *b)
{
    kstring_t c = KS_INITIALIZE;
    ksprintf(&c, fmt, a, b);
    char *r = run(c.s, status);
    free(c.s);
    return r;
}

static void write_ok(fx_t *f, const char *path)
{
    h2_err_t err = {""};
    int r = h2_vcf_write(path, &f->vo, &f->rs, &f->c, &f->nm, &f->e, &err);
    ck_assert_msg(r == 0, "h2_vcf_write: %d %s", r, err.msg);
}

/* Expected query output: chr1 LOSSY first, then chr17 by position. */
static const char *const QUERY_EXPECT = "LOSSY\t1.5\nERBB2\t24.5\nGRB7\t2.25\n";

static void check_bcftools(const char *path)
{
    int st;
    char *out = runf(&st, "bcftools view '%s%s' > /dev/null", path, "");
    ck_assert_msg(st == 0 && out[0] == 0, "bcftools view %s: %s", path, out);
    free(out);
    out = runf(&st, "bcftools query -f '%%ID\\t[%%CN]\\n' '%s%s'", path, "");
    ck_assert_msg(st == 0, "bcftools query: %s", out);
    ck_assert_str_eq(out, QUERY_EXPECT);
    free(out);
}

static float fmt1(const bcf_hdr_t *h, bcf1_t *rec, const char *key, int i)
{
    float *v = NULL;
    int n = 0;
    int r = bcf_get_format_float(h, rec, key, &v, &n);
    ck_assert_int_gt(r, i);
    float x = v[i];
    free(v);
    return x;
}

static int info_i(const bcf_hdr_t *h, bcf1_t *rec, const char *key)
{
    int32_t *v = NULL;
    int n = 0, r = bcf_get_info_int32(h, rec, key, &v, &n);
    ck_assert_int_eq(r, 1);
    int x = v[0];
    free(v);
    return x;
}

static void info_s_eq(const bcf_hdr_t *h, bcf1_t *rec, const char *key, const char *want)
{
    char *v = NULL;
    int n = 0, r = bcf_get_info_string(h, rec, key, &v, &n);
    if (!want) {
        ck_assert_int_lt(r, 0);
    } else {
        ck_assert_int_gt(r, 0);
        ck_assert_str_eq(v, want);
    }
    free(v);
}

/* The one sample's FORMAT string key: want NULL means missing (".") or absent. */
static void fmt_s_eq(const bcf_hdr_t *h, bcf1_t *rec, const char *key, const char *want)
{
    char **v = NULL;
    int n = 0, r = bcf_get_format_string(h, rec, key, &v, &n);
    if (!want) {
        ck_assert(r < 0 || strcmp(v[0], ".") == 0);
    } else {
        ck_assert_int_gt(r, 0);
        ck_assert_str_eq(v[0], want);
    }
    if (v)
        free(v[0]);
    free(v);
}

static int fmt_i(const bcf_hdr_t *h, bcf1_t *rec, const char *key)
{
    int32_t *v = NULL;
    int n = 0, r = bcf_get_format_int32(h, rec, key, &v, &n);
    ck_assert_int_eq(r, 1);
    int x = v[0];
    free(v);
    return x;
}

/* A per-sample number is FORMAT only: never in INFO (the merge problem of
 * issue 21: INFO is taken from the first sample). */
static void no_info(const bcf_hdr_t *h, bcf1_t *rec)
{
    static const char *const keys[] = {"CALL", "HER2", "CONTEXT", "ISH_GROUP", "RATIO17CN",
                                       "CHR17CN", "LOG2R", "BINS", "BREAKPOINT"};
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
        ck_assert_msg(bcf_get_info(h, rec, keys[i]) == NULL, "INFO/%s", keys[i]);
}

static void check_header(const bcf_hdr_t *h)
{
    int n = 0;
    const char **names = bcf_hdr_seqnames(h, &n);
    ck_assert_int_eq(n, 2);
    ck_assert_str_eq(names[0], "chr1");
    ck_assert_str_eq(names[1], "chr17");
    free(names);
    ck_assert_str_eq(bcf_hdr_get_version(h), "VCFv4.4");
    bcf_hrec_t *hr = bcf_hdr_get_hrec(h, BCF_HL_CTG, "ID", "chr17", NULL);
    ck_assert_ptr_nonnull(hr);
    int k = bcf_hrec_find_key(hr, "length");
    ck_assert_int_ge(k, 0);
    ck_assert_str_eq(hr->vals[k], "2000000");
    ck_assert_int_eq(bcf_hdr_nsamples(h), 1);
    ck_assert_str_eq(h->samples[0], "TUMOUR1");
    hr = bcf_hdr_get_hrec(h, BCF_HL_GEN, "her2cnThresholds", NULL, NULL);
    ck_assert_ptr_nonnull(hr);
    ck_assert_str_eq(hr->value, "AMP>=6,GAIN>=2.5,LOSS<=1.5,FOCAL_RATIO>=1.5,"
                     "CONTEXT_ALPHA=0.001,LOD_POWER=0.8,SEG_ALPHA=0.01");
    hr = bcf_hdr_get_hrec(h, BCF_HL_GEN, "her2cnRefBins", NULL, NULL);
    ck_assert_ptr_nonnull(hr);
    ck_assert_str_eq(hr->value, "1/2");
    hr = bcf_hdr_get_hrec(h, BCF_HL_GEN, "source", NULL, NULL);
    ck_assert_ptr_nonnull(hr);
    ck_assert_str_eq(hr->value, "her2cn " H2_VERSION);
    ck_assert_int_ge(bcf_hdr_id2int(h, BCF_DT_ID, "Noisy"), 0);
    ck_assert(bcf_hdr_idinfo_exists(h, BCF_HL_FMT, bcf_hdr_id2int(h, BCF_DT_ID, "HER2")));
    ck_assert(!bcf_hdr_idinfo_exists(h, BCF_HL_INFO, bcf_hdr_id2int(h, BCF_DT_ID, "HER2")));
}

/* POS is the padding base before the gene (0-based gene start - 1), SVLEN =
 * END - POS (the gene's length), one ALT <CNV> whatever the call. */
static void check_loss(const bcf_hdr_t *h, bcf1_t *rec, char ref)
{
    ck_assert_str_eq(bcf_hdr_id2name(h, rec->rid), "chr1");
    ck_assert_int_eq(rec->pos, 5000);
    ck_assert_str_eq(rec->d.id, "LOSSY");
    ck_assert_int_eq(rec->n_allele, 2);
    ck_assert_int_eq(rec->d.allele[0][0], ref);
    ck_assert_str_eq(rec->d.allele[1], "<CNV>");
    ck_assert_float_eq(rec->qual, 12.5f);
    ck_assert_int_eq(rec->d.n_flt, 2);
    ck_assert_int_eq(bcf_has_filter(h, rec, "LowDepth"), 1);
    ck_assert_int_eq(bcf_has_filter(h, rec, "Noisy"), 1);
    ck_assert_int_eq(bcf_has_filter(h, rec, "PASS"), 0);
    fmt_s_eq(h, rec, "FT", "LowDepth;Noisy");
    ck_assert_int_eq(info_i(h, rec, "END"), 9000);
    ck_assert_int_eq(info_i(h, rec, "SVLEN"), 9000 - 5001);
    info_s_eq(h, rec, "SVTYPE", "CNV");
    fmt_s_eq(h, rec, "CALL", "LOSS");
    ck_assert(bcf_float_is_missing(fmt1(h, rec, "RATIO17", 0)));
    ck_assert_float_eq(fmt1(h, rec, "CN", 0), 1.5f);
    ck_assert_float_eq(fmt1(h, rec, "DP", 0), 0.125f);
    no_info(h, rec);
}

static void check_amp(const bcf_hdr_t *h, bcf1_t *rec, char ref)
{
    int32_t *gt = NULL;
    int ngt = 0;
    ck_assert_str_eq(bcf_hdr_id2name(h, rec->rid), "chr17");
    ck_assert_int_eq(rec->pos, 99999);
    ck_assert_int_eq(rec->rlen, 50001);
    ck_assert_str_eq(rec->d.id, "ERBB2");
    ck_assert_int_eq(rec->d.allele[0][0], ref);
    ck_assert_str_eq(rec->d.allele[1], "<CNV>");
    ck_assert_float_eq(rec->qual, 9999.0f);
    ck_assert_int_eq(bcf_has_filter(h, rec, "PASS"), 1);
    fmt_s_eq(h, rec, "FT", "PASS");
    ck_assert_int_eq(info_i(h, rec, "END"), 150000);
    ck_assert_int_eq(info_i(h, rec, "SVLEN"), 50000);
    ck_assert_int_eq(fmt_i(h, rec, "BINS"), 12);
    info_s_eq(h, rec, "SVTYPE", "CNV");
    info_s_eq(h, rec, "GENE", "ERBB2");
    fmt_s_eq(h, rec, "CALL", "AMP");
    fmt_s_eq(h, rec, "CONTEXT", "FOCAL_ON_CHR17");
    ck_assert_float_eq(fmt1(h, rec, "RATIO17", 0), 16.0f);
    ck_assert_float_eq(fmt1(h, rec, "LOG2R", 0), 4.5f);
    ck_assert_float_eq(fmt1(h, rec, "CHR17CN", 0), 2.75f);
    ck_assert_float_eq(fmt1(h, rec, "RATIO17CN", 0), 8.9f);
    ck_assert_float_eq(fmt1(h, rec, "PURITY", 0), 1.0f);
    ck_assert_float_eq(fmt1(h, rec, "PLOIDY", 0), 2.0f);
    ck_assert_int_eq(fmt_i(h, rec, "ISH_GROUP"), 1);
    ck_assert_int_eq(fmt_i(h, rec, "BREAKPOINT"), 0);
    fmt_s_eq(h, rec, "HER2", "AMPLIFIED");
    ck_assert_float_eq(fmt1(h, rec, "CN", 0), 24.5f);
    ck_assert_float_eq(fmt1(h, rec, "CICN", 0), 20.25f);
    ck_assert_float_eq(fmt1(h, rec, "CICN", 1), 28.75f);
    ck_assert_float_eq(fmt1(h, rec, "DP", 0), 735.25f);
    ck_assert_float_eq(fmt1(h, rec, "LOG2SE", 0), 0.0625f);
    ck_assert_int_eq(bcf_get_genotypes(h, rec, &gt, &ngt), 1);
    ck_assert_int_eq(bcf_gt_is_missing(gt[0]), 1);
    free(gt);
    no_info(h, rec);
}

static void check_neutral(const bcf_hdr_t *h, bcf1_t *rec, char ref)
{
    ck_assert_str_eq(rec->d.id, "GRB7");
    ck_assert_int_eq(rec->pos, 150501);
    ck_assert_int_eq(rec->n_allele, 2);
    ck_assert_int_eq(rec->d.allele[0][0], ref);
    ck_assert_str_eq(rec->d.allele[1], "<CNV>");
    ck_assert(bcf_float_is_missing(rec->qual));
    ck_assert_int_eq(bcf_has_filter(h, rec, "PASS"), 1);
    ck_assert(bcf_float_is_missing(fmt1(h, rec, "RATIO17", 0)));
    info_s_eq(h, rec, "SVTYPE", "CNV");
    fmt_s_eq(h, rec, "HER2", NULL);
    fmt_s_eq(h, rec, "CALL", "NEUTRAL");
    ck_assert_int_eq(info_i(h, rec, "END"), 160000);
    ck_assert_int_eq(info_i(h, rec, "SVLEN"), 160000 - 150502);
    ck_assert_float_eq(fmt1(h, rec, "CN", 0), 2.25f);
}

/* Read path back with htslib and check every record; refs are the expected
 * REF bases of the three records in file order. */
static void read_back(const char *path, const char *refs)
{
    htsFile *fp = hts_open(path, "r");
    ck_assert_ptr_nonnull(fp);
    bcf_hdr_t *h = bcf_hdr_read(fp);
    ck_assert_ptr_nonnull(h);
    check_header(h);
    bcf1_t *rec = bcf_init();
    int n = 0, r;
    while ((r = bcf_read(fp, h, rec)) >= 0) {
        ck_assert_int_eq(bcf_unpack(rec, BCF_UN_ALL), 0);
        ck_assert_int_lt(n, 3);
        if (n == 0)
            check_loss(h, rec, refs[0]);
        else if (n == 1)
            check_amp(h, rec, refs[1]);
        else
            check_neutral(h, rec, refs[2]);
        n++;
    }
    ck_assert_int_eq(r, -1);
    ck_assert_int_eq(n, 3);
    bcf_destroy(rec);
    bcf_hdr_destroy(h);
    ck_assert_int_eq(hts_close(fp), 0);
}

START_TEST(test_mode_from_name)
{
    char m[4];
    h2_vcf_mode_from_name("a.vcf.gz", m);
    ck_assert_str_eq(m, "wz");
    h2_vcf_mode_from_name("dir/a.VCF.BGZ", m);
    ck_assert_str_eq(m, "wz");
    h2_vcf_mode_from_name("a.bcf", m);
    ck_assert_str_eq(m, "wb");
    h2_vcf_mode_from_name("a.vcf", m);
    ck_assert_str_eq(m, "w");
    h2_vcf_mode_from_name("-", m);
    ck_assert_str_eq(m, "w");
    h2_vcf_mode_from_name("gz", m);
    ck_assert_str_eq(m, "w");
}
END_TEST

START_TEST(test_vcf_plain)
{
    fx_t *f = fx_new();
    char *p = fx_path(f, "out.vcf");
    write_ok(f, p);
    read_back(p, "NNN");
    check_bcftools(p);
    free(p);
    fx_free(f);
}
END_TEST

static void indexed(const char *name, const char *mode, const char *idx_ext)
{
    fx_t *f = fx_new();
    char *p = fx_path(f, name);
    kstring_t idx = KS_INITIALIZE;
    int st;
    strcpy(f->vo.mode, mode);
    f->vo.index = 1;
    write_ok(f, p);
    read_back(p, "NNN");
    check_bcftools(p);
    ksprintf(&idx, "%s%s", p, idx_ext);
    ck_assert_msg(access(idx.s, F_OK) == 0, "missing index %s", idx.s);
    /* a region query goes through the index */
    char *out = runf(&st, "bcftools query -r chr17 -f '%%ID\\n' '%s%s'", p, "");
    ck_assert_int_eq(st, 0);
    ck_assert_str_eq(out, "ERBB2\nGRB7\n");
    free(out);
    /* round trip through bcftools' own BCF writer */
    out = runf(&st, "bcftools view -Ob -o '%s.rt.bcf' '%s'", p, p);
    ck_assert_msg(st == 0, "bcftools view -Ob: %s", out);
    free(out);
    ks_clear(&idx);
    ksprintf(&idx, "%s.rt.bcf", p);
    check_bcftools(idx.s);
    read_back(idx.s, "NNN");
    free(idx.s);
    free(p);
    fx_free(f);
}

START_TEST(test_vcf_gz_tbi)
{
    indexed("out.vcf.gz", "wz", ".tbi");
}
END_TEST

START_TEST(test_bcf_csi)
{
    indexed("out.bcf", "wb", ".csi");
}
END_TEST

/* FASTA with bare contig names ("1", "17") for a chr-named genome:
 * base at 0-based position p is "ACGT"[p % 4]. */
static char *write_fasta(const fx_t *f)
{
    char *p = fx_path(f, "ref.fa");
    FILE *fp = fopen(p, "w");
    ck_assert_ptr_nonnull(fp);
    const char *names[] = {"1", "17"};
    for (int c = 0; c < 2; c++) {
        fprintf(fp, ">%s\n", names[c]);
        for (int i = 0; i < 200000; i++) {
            fputc("ACGT"[i % 4], fp);
            if (i % 60 == 59)
                fputc('\n', fp);
        }
        fputc('\n', fp);
    }
    ck_assert_int_eq(fclose(fp), 0);
    return p;
}

START_TEST(test_vcf_ref_bases)
{
    fx_t *f = fx_new();
    char *fa = write_fasta(f), *p = fx_path(f, "ref.vcf.gz");
    int st;
    f->vo.reference = fa;
    strcpy(f->vo.mode, "wz");
    write_ok(f, p);
    /* the padding bases: 5000 % 4 = 0 -> A; 99999 % 4 = 3 -> T; 150501 % 4 = 1 -> C */
    read_back(p, "ATC");
    check_bcftools(p);
    /* bcftools checks REF against the FASTA at POS (its names are bare) */
    char *out0 = runf(&st, "bcftools view '%s' | sed 's/^chr//; /^##contig/s/ID=chr/ID=/' "
                      "| bcftools norm --check-ref e -f '%s' -o /dev/null 2>&1", p, fa);
    ck_assert_msg(st == 0, "bcftools norm --check-ref e: %s", out0);
    free(out0);
    char *out = runf(&st, "bcftools view -h '%s%s' | grep -c '^##reference=file:///'", p, "");
    ck_assert_str_eq(out, "1\n");
    free(out);
    free(fa);
    free(p);
    fx_free(f);
}
END_TEST

/* AMPLICON records: a unique ID each (AMPLICON:<contig>:<first base>-<END>),
 * POS the padding base, SVLEN = END - POS, IMPRECISE with CIPOS/CIEND one
 * bin either side, the per-sample values in FORMAT, SECONDARY in INFO. */
START_TEST(test_vcf_amplicons)
{
    fx_t *f = fx_new();
    char *p = fx_path(f, "amp.vcf");
    int st;
    h2_amplicon_t more = {.found = 1, .contig = 1, .start = 10000, .end = 50000, .n_bins = 1,
                          .first_bin = 3, .last_bin = 3, .log2 = 1, .se = 0.25, .cn = 4,
                          .cn_lo = 3, .cn_hi = 5, .qual = 50, .call = H2_CALL_GAIN};
    f->e.amp = (h2_amplicon_t){.found = 1, .contig = 1, .start = 100000, .end = 160000,
                               .n_bins = 2, .first_bin = 4, .last_bin = 5, .log2 = 3,
                               .se = 0.125, .cn = 16, .cn_lo = 14, .cn_hi = 18, .qual = 99,
                               .call = H2_CALL_AMP, .n_more = 1, .more = &more};
    write_ok(f, p);
    char *out = runf(&st, "bcftools query -i 'ID~\"^AMPLICON\"' -f '%%ID %%POS %%INFO/END "
                     "%%INFO/SVLEN %%INFO/SVTYPE %%INFO/IMPRECISE %%INFO/CIPOS %%INFO/CIEND "
                     "%%INFO/SECONDARY [%%CALL %%CN %%SEGBINS %%FT]\\n' '%s%s'", p, "");
    ck_assert_int_eq(st, 0);
    ck_assert_str_eq(out, "AMPLICON:chr17:10001-50000 10000 50000 40000 DUP 1 -50000,50000 "
                     "-50000,50000 1 GAIN 4 1 PASS\n"
                     "AMPLICON:chr17:100001-160000 100000 160000 60000 DUP 1 -50000,50000 "
                     "-9498,9498 . AMP 16 2 PASS\n");
    free(out);
    out = runf(&st, "bcftools query -f '%%ID\\n' '%s%s' | sort | uniq -d", p, "");
    ck_assert_int_eq(st, 0);
    ck_assert_str_eq(out, "");
    free(out);
    memset(&f->e.amp, 0, sizeof f->e.amp);
    free(p);
    fx_free(f);
}
END_TEST

START_TEST(test_vcf_escaping)
{
    fx_t *f = fx_new();
    char *p = fx_path(f, "esc.vcf.gz");
    int st;
    f->vo.sample = "tumour 1\t\n%s%n";
    f->vo.cmdline = "her2cn call\n##INFO=<ID=X> %s%n\t\x01 <x>";
    f->vo.input = "<in\nput>.bam";
    strcpy(f->vo.mode, "wz");
    write_ok(f, p);
    char *out = runf(&st, "bcftools query -l '%s%s'", p, "");
    ck_assert_int_eq(st, 0);
    ck_assert_str_eq(out, "tumour 1  %s%n\n");
    free(out);
    out = runf(&st, "bcftools view -h '%s%s' | grep -c -v '^#'", p, "");
    ck_assert_str_eq(out, "0\n");
    free(out);
    out = runf(&st, "bcftools view -h '%s%s' | grep '^##her2cnCommand='", p, "");
    ck_assert_str_eq(out, "##her2cnCommand=her2cn call ##INFO=<ID=X> %s%n   <x>\n");
    free(out);
    out = runf(&st, "bcftools view -h '%s%s' | grep -c '^##INFO=<ID=X'", p, "");
    ck_assert_str_eq(out, "0\n");
    free(out);
    out = runf(&st, "bcftools view -h '%s%s' | grep '^##input='", p, "");
    ck_assert_str_eq(out, "##input=\\x3cin put>.bam\n");
    free(out);
    check_bcftools(p);
    free(p);
    fx_free(f);
}
END_TEST

/* Write to /dev/full in a child that leaves with _exit(): htslib 1.16's
 * bgzf_close() returns on a failed flush without freeing the handle, and
 * LeakSanitizer would report that leak at a normal exit. The child sends
 * back the error message through a pipe. */
static const h2_bins_meta_t bins_meta = {.min_mq = 20, .exclude_flags = 3844};

static int write_in_child(fx_t *f, const char *path, int bins, char *msg, size_t len)
{
    int fd[2], status = 0;
    ck_assert_int_eq(pipe(fd), 0);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        h2_err_t err = {""};
        int r = bins ? h2_bins_write(path, &f->rs, &f->c, &f->gc, &f->nm, &bins_meta, &err)
                     : h2_vcf_write(path, &f->vo, &f->rs, &f->c, &f->nm, &f->e, &err);
        close(fd[0]);
        if (write(fd[1], err.msg, strlen(err.msg)) < 0)
            _exit(100);
        _exit(-r);
    }
    close(fd[1]);
    ssize_t n = read(fd[0], msg, len - 1);
    msg[n > 0 ? n : 0] = 0;
    close(fd[0]);
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFEXITED(status));
    return -WEXITSTATUS(status);
}

START_TEST(test_vcf_dev_full)
{
    static const char *const modes[] = {"w", "wz", "wb"};
    fx_t *f = fx_new();
    char msg[1024];
    if (access("/dev/full", W_OK) != 0) {
        fx_free(f);
        return;
    }
    for (int i = 0; i < 3; i++) {
        strcpy(f->vo.mode, modes[i]);
        ck_assert_int_eq(write_in_child(f, "/dev/full", 0, msg, sizeof msg), H2_EIO);
        ck_assert_msg(strstr(msg, "/dev/full") != NULL, "message: %s", msg);
    }
    ck_assert_int_eq(write_in_child(f, "/dev/full", 1, msg, sizeof msg), H2_EIO);
    ck_assert_msg(strstr(msg, "/dev/full") && strstr(msg, "No space"), "message: %s", msg);
    fx_free(f);
}
END_TEST

START_TEST(test_vcf_bad_args)
{
    fx_t *f = fx_new();
    char *p = fx_path(f, "x.vcf");
    h2_err_t err = {""};
    strcpy(f->vo.mode, "r");
    ck_assert_int_eq(h2_vcf_write(p, &f->vo, &f->rs, &f->c, &f->nm, &f->e, &err), H2_EUSAGE);
    strcpy(f->vo.mode, "w");
    f->vo.reference = "/nonexistent/ref.fa";
    ck_assert_int_eq(h2_vcf_write(p, &f->vo, &f->rs, &f->c, &f->nm, &f->e, &err), H2_EIO);
    ck_assert_ptr_nonnull(strstr(err.msg, "/nonexistent/ref.fa"));
    f->vo.reference = NULL;
    f->vo.copt = NULL;                  /* the thresholds are required */
    ck_assert_int_eq(h2_vcf_write(p, &f->vo, &f->rs, &f->c, &f->nm, &f->e, &err), H2_EINTERNAL);
    free(p);
    fx_free(f);
}
END_TEST

START_TEST(test_bins_tsv)
{
    static const char *const want =
        "##her2cnBins=1\n##source=her2cn " H2_VERSION "\n##build=custom\n##minMQ=20\n"
        "##excludeFlags=3844\n"
        "#chrom\tstart\tend\tname\trole\tbases\treads\tmq0\tdepth\tgc\tlog2_raw\tlog2\tusable\n"
        "chr1\t0\t100000\treference\treference\t30000\t100\t0\t30\t0.4123\t0\t0\t1\n"
        "chr1\t5001\t9000\tLOSSY\tgene\t12346\t101\t1\t12.3457\tNA\t-1.23457\t-0.617284\t1\n"
        "chr1\t100000\t200000\treference\treference\t31002\t102\t2\t31\t0.4\t0.05\t0.025\t0\n"
        "chr17\t0\t50000\tchr17\tchr17\t29503\t103\t3\t29.5\t0.45\t-0.02\t-0.01\t1\n"
        "chr17\t100000\t150000\tERBB2\tgene\t735254\t104\t4\t735.25\t0.52\t4.6\t2.3\t1\n"
        "chr17\t150502\t160000\tGRB7\tgene\t30005\t105\t5\t30\t0.5\t0.01\t0.005\t1\n";
    fx_t *f = fx_new();
    char *p = fx_path(f, "bins.tsv"), buf[2048];
    h2_err_t err = {""};
    ck_assert_int_eq(h2_bins_write(p, &f->rs, &f->c, &f->gc, &f->nm, &bins_meta, &err), 0);
    FILE *fp = fopen(p, "r");
    size_t n = fread(buf, 1, sizeof buf - 1, fp);
    buf[n] = 0;
    fclose(fp);
    ck_assert_str_eq(buf, want);
    /* without GC every gc cell is NA */
    ck_assert_int_eq(h2_bins_write(p, &f->rs, &f->c, NULL, &f->nm, &bins_meta, &err), 0);
    fp = fopen(p, "r");
    n = fread(buf, 1, sizeof buf - 1, fp);
    buf[n] = 0;
    fclose(fp);
    ck_assert_ptr_nonnull(strstr(buf, "\t30\tNA\t0\t0\t1\n"));
    ck_assert_ptr_null(strstr(buf, "0.4123"));
    /* allele counts: het_sites and baf appended; sites without reads do not
     * count, a bin's baf is the median minor fraction, NA without sites */
    h2_allele_t sites[4] = {
        {.bin = 0, .pos = 10, .n_a = 30, .n_b = 10},   /* 0.25 */
        {.bin = 0, .pos = 20, .n_a = 5, .n_b = 15},    /* 0.25 */
        {.bin = 0, .pos = 30, .n_a = 0, .n_b = 0},     /* no reads: left out */
        {.bin = 3, .pos = 40, .n_a = 20, .n_b = 20}};  /* 0.5 */
    h2_alleles_t al = {.n = 4, .m = 4, .a = sites};
    f->c.alleles = &al;
    ck_assert_int_eq(h2_bins_write(p, &f->rs, &f->c, &f->gc, &f->nm, &bins_meta, &err), 0);
    fp = fopen(p, "r");
    n = fread(buf, 1, sizeof buf - 1, fp);
    buf[n] = 0;
    fclose(fp);
    ck_assert_ptr_nonnull(strstr(buf, "\tlog2\tusable\thet_sites\tbaf\n"));
    ck_assert_ptr_nonnull(strstr(buf, "\t0\t0\t1\t2\t0.25\n"));         /* bin 0 */
    ck_assert_ptr_nonnull(strstr(buf, "\t0.025\t0\t0\tNA\n"));          /* bin 2 */
    ck_assert_ptr_nonnull(strstr(buf, "\t-0.01\t1\t1\t0.5\n"));         /* bin 3 */
    f->c.alleles = NULL;
    f->c.n_bins = 2;
    ck_assert_int_lt(h2_bins_write(p, &f->rs, &f->c, NULL, &f->nm, &bins_meta, &err), 0);
    free(p);
    fx_free(f);
}
END_TEST

Suite *vcf_suite(void)
{
    Suite *s = suite_create("vcf");
    TCase *tc = tcase_create("vcf");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_mode_from_name);
    tcase_add_test(tc, test_vcf_plain);
    tcase_add_test(tc, test_vcf_gz_tbi);
    tcase_add_test(tc, test_bcf_csi);
    tcase_add_test(tc, test_vcf_ref_bases);
    tcase_add_test(tc, test_vcf_amplicons);
    tcase_add_test(tc, test_vcf_escaping);
    tcase_add_test(tc, test_vcf_dev_full);
    tcase_add_test(tc, test_vcf_bad_args);
    tcase_add_test(tc, test_bins_tsv);
    suite_add_tcase(s, tc);
    return s;
}
