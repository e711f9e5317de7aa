/* check_pon.c -- panel of normals: build, write/read round trip, header
 * checks (version, build, region hash, filters, GC), truncated and foreign
 * files, bin flags, sex inference, applying a PON, reading a bins TSV.
 * Normals are synthetic normalised samples over the built-in GRCh38 region
 * set, so the numbers are known exactly. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/resource.h>
#include <htslib/bgzf.h>
#include <htslib/kstring.h>
#include "h2_binstsv.h"
#include "h2_pon.h"
#include "h2_refapply.h"
#include "h2_sex.h"

#define NN 4

typedef struct {
    h2_genome_t *g;
    h2_regset_t *rs;
    h2_norm_t *nm[NN];
    char *names[NN];
    h2_sex_t sexes[NN];
    char dir[256], path[300];
} fx_t;

static fx_t F;

/* Bin i's deterministic "capture efficiency" and normal j's small deviation. */
static double eff(int i)
{
    return 0.6 + 0.8 * ((i * 7919) % 101) / 100.0;
}

static double dev(int i, int j)
{
    return 0.05 * (((i * 31 + j * 17) % 7) - 3) / 3.0;
}

static char sexchr(const h2_regset_t *rs, int i)
{
    const char *n = rs->genome->contigs[rs->bins[i].contig].name;
    return !strcmp(n, "chrX") ? 'X' : !strcmp(n, "chrY") ? 'Y' : 0;
}

/* A normalised sample: log2 = log2(eff * 2^dev * scale), with the X/Y dose of
 * its sex; depth = 100 x that ratio. */
static h2_norm_t *fake_norm(const h2_regset_t *rs, int j, h2_sex_t sex, double gene_scale)
{
    int n = rs->n_bins;
    h2_norm_t *nm = calloc(1, sizeof *nm);
    nm->n_bins = n;
    nm->depth = calloc(n, sizeof(double));
    nm->log2_raw = calloc(n, sizeof(double));
    nm->log2 = calloc(n, sizeof(double));
    nm->usable = calloc(n, 1);
    nm->baseline = nm->baseline_raw = 100;
    for (int i = 0; i < n; i++) {
        double r = eff(i) * exp2(dev(i, j));
        char k = sexchr(rs, i);
        if (k == 'X' && sex == H2_SEX_MALE)
            r *= 0.5;
        if (k == 'Y')
            r *= sex == H2_SEX_MALE ? 0.5 : 0.0;
        if (rs->bins[i].role == H2_ROLE_GENE)
            r *= gene_scale;
        nm->depth[i] = 100 * r;
        nm->log2[i] = nm->log2_raw[i] = log2(r);
        nm->usable[i] = 1;
        nm->n_ref += rs->bins[i].role == H2_ROLE_REF;
    }
    nm->n_ref_usable = nm->n_ref;
    return nm;
}

static void setup(void)
{
    memset(&F, 0, sizeof F);
    h2_err_t err;
    F.g = h2_genome_builtin(H2_BUILD_GRCH38, 1);
    ck_assert_ptr_nonnull(F.g);
    F.rs = h2_regions_build(F.g, NULL, NULL, &err, NULL);
    ck_assert_ptr_nonnull(F.rs);
    for (int j = 0; j < NN; j++) {
        F.sexes[j] = j % 2 ? H2_SEX_MALE : H2_SEX_FEMALE;
        F.nm[j] = fake_norm(F.rs, j, F.sexes[j], 1.0);
        F.names[j] = j == 0 ? "N1" : j == 1 ? "N2" : j == 2 ? "N3" : "N4";
    }
    const char *tmp = getenv("TMPDIR");
    snprintf(F.dir, sizeof F.dir, "%s/h2ponXXXXXX", tmp && *tmp ? tmp : "/tmp");
    ck_assert_ptr_nonnull(mkdtemp(F.dir));
    snprintf(F.path, sizeof F.path, "%s/a.pon", F.dir);
}

static void teardown(void)
{
    for (int j = 0; j < NN; j++)
        h2_norm_destroy(F.nm[j]);
    h2_regions_destroy(F.rs);
    h2_genome_destroy(F.g);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", F.dir);
    ck_assert_int_eq(system(cmd), 0);
}

static h2_pon_t *build(void)
{
    h2_pon_opt_t o;
    h2_err_t err;
    int rc;
    h2_pon_opt_init(&o);
    h2_pon_t *p = h2_pon_build(F.rs, F.nm, (const char *const *)F.names, F.sexes, NN, &o, &err, &rc);
    ck_assert_msg(p != NULL, "%s", err.msg);
    p->build = strdup("GRCh38");
    p->min_mq = 20;
    p->exclude_flags = 3844;
    p->gc_corrected = 1;
    return p;
}

static int find_role(const h2_regset_t *rs, h2_role_t role, char sx)
{
    for (int i = 0; i < rs->n_bins; i++)
        if (rs->bins[i].role == role && (!sx || sexchr(rs, i) == sx))
            return i;
    return -1;
}

START_TEST(test_build_values)
{
    h2_pon_t *p = build();
    int r = find_role(F.rs, H2_ROLE_REF, 0), x = find_role(F.rs, H2_ROLE_SEX, 'X'),
        y = find_role(F.rs, H2_ROLE_SEX, 'Y');
    ck_assert_int_ge(r, 0);
    ck_assert_int_ge(x, 0);
    ck_assert_int_ge(y, 0);
    /* the median of the 4 normals' values, and the MAD-based spread */
    double v[NN], a[NN];
    for (int j = 0; j < NN; j++)
        v[j] = eff(r) * exp2(dev(r, j));
    double med = h2_median(v, NN);
    for (int j = 0; j < NN; j++)
        a[j] = fabs(log2(eff(r) * exp2(dev(r, j)) / med));
    ck_assert_double_eq_tol(p->expected[r], med, 1e-12);
    ck_assert_double_eq_tol(p->spread[r], 1.482602218505602 * h2_median(a, NN), 1e-12);
    ck_assert_int_eq(p->n[r], NN);
    ck_assert_uint_eq(p->flags[r], 0);
    /* males' chrX doubled: expectation on the two-copy scale */
    ck_assert_int_eq(p->n[x], NN);
    ck_assert_double_eq_tol(p->expected[x], eff(x), 0.06 * eff(x));
    /* chrY from the 2 males only: too few normals, flagged */
    ck_assert_int_eq(p->n[y], 2);
    ck_assert_uint_eq(p->flags[y], H2_PON_FEW);
    ck_assert_uint_eq(p->hash, h2_regset_hash(F.rs));
    h2_pon_destroy(p);
}
END_TEST

START_TEST(test_flags)
{
    h2_pon_opt_t o;
    h2_err_t err;
    int r1 = find_role(F.rs, H2_ROLE_REF, 0), r2 = r1 + 1;
    static const double noisy[NN] = {1, 4, 0.25, 8};
    for (int j = 0; j < NN; j++) {
        F.nm[j]->log2[r1] = log2(noisy[j]);
        F.nm[j]->log2[r2] = log2(0.01);
    }
    h2_pon_opt_init(&o);
    h2_pon_t *p = h2_pon_build(F.rs, F.nm, (const char *const *)F.names, F.sexes, NN, &o, &err, NULL);
    ck_assert_ptr_nonnull(p);
    ck_assert_uint_eq(p->flags[r1], H2_PON_NOISY);
    ck_assert_uint_eq(p->flags[r2], H2_PON_SHALLOW);
    uint8_t *m = h2_pon_exclude_mask(p);
    ck_assert(m[r1] && m[r2] && !m[r2 + 1]);
    free(m);
    h2_pon_destroy(p);
    /* fewer than 3 normals is an error */
    int rc;
    ck_assert_ptr_null(h2_pon_build(F.rs, F.nm, (const char *const *)F.names, F.sexes, 2, &o, &err, &rc));
    ck_assert_int_eq(rc, H2_EUSAGE);
}
END_TEST

START_TEST(test_round_trip)
{
    h2_err_t err;
    int rc;
    h2_pon_t *p = build();
    ck_assert_int_eq(h2_pon_write(p, F.path, &err), 0);
    h2_pon_t *q = h2_pon_read(F.path, &err, &rc);
    ck_assert_msg(q != NULL, "%s", err.msg);
    ck_assert_int_eq(q->version, H2_PON_VERSION);
    ck_assert_str_eq(q->build, "GRCh38");
    ck_assert_uint_eq(q->hash, p->hash);
    ck_assert_int_eq(q->min_mq, 20);
    ck_assert_int_eq(q->exclude_flags, 3844);
    ck_assert_int_eq(q->gc_corrected, 1);
    ck_assert_int_eq(q->panel, 0);
    ck_assert_int_eq(q->n_normals, NN);
    ck_assert_int_eq(q->n_bins, p->n_bins);
    for (int j = 0; j < NN; j++) {
        ck_assert_str_eq(q->normal_names[j], F.names[j]);
        ck_assert_int_eq(q->sexes[j], F.sexes[j]);
    }
    for (int i = 0; i < p->n_bins; i++) {
        ck_assert_str_eq(q->chrom[i], p->chrom[i]);
        ck_assert_str_eq(q->name[i], p->name[i]);
        ck_assert(q->start[i] == p->start[i] && q->end[i] == p->end[i]);
        ck_assert_int_eq(q->role[i], p->role[i]);
        ck_assert_int_eq(q->n[i], p->n[i]);
        ck_assert_uint_eq(q->flags[i], p->flags[i]);
        ck_assert_double_eq_tol(q->expected[i], p->expected[i], 1e-5 * p->expected[i]);
        if (isfinite(p->spread[i]))
            ck_assert_double_eq_tol(q->spread[i], p->spread[i], 1e-5 * p->spread[i] + 1e-12);
    }
    ck_assert_int_eq(h2_pon_check(q, F.rs, 20, 3844, 1, &err), 0);
    h2_pon_destroy(p);
    h2_pon_destroy(q);
}
END_TEST

START_TEST(test_check_mismatch)
{
    h2_err_t err;
    h2_pon_t *p = build();
    free(p->build);
    p->build = strdup("GRCh37");
    ck_assert_int_eq(h2_pon_check(p, F.rs, 20, 3844, 1, &err), H2_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "is for GRCh37, this sample is GRCh38"));
    free(p->build);
    p->build = strdup("GRCh38");
    ck_assert_int_eq(h2_pon_check(p, F.rs, 30, 3844, 1, &err), H2_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "--min-MQ 20"));
    ck_assert_int_eq(h2_pon_check(p, F.rs, 20, 1796, 1, &err), H2_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "--exclude-flags 3844"));
    ck_assert_int_eq(h2_pon_check(p, F.rs, 20, 3844, 0, &err), H2_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "with GC correction"));
    F.rs->bins[5].end++;   /* other regions: the hash changes */
    ck_assert_int_eq(h2_pon_check(p, F.rs, 20, 3844, 1, &err), H2_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "other regions"));
    F.rs->bins[5].end--;
    ck_assert_int_eq(h2_pon_check(p, F.rs, 20, 3844, 1, &err), 0);
    h2_pon_destroy(p);
}
END_TEST

static void write_gz(const char *path, const char *text, size_t n)
{
    BGZF *fp = bgzf_open(path, "w");
    ck_assert_ptr_nonnull(fp);
    ck_assert_int_eq(bgzf_write(fp, text, n), (ssize_t)n);
    ck_assert_int_eq(bgzf_close(fp), 0);
}

static char *slurp(const char *path, size_t *n)
{
    FILE *fp = fopen(path, "rb");
    ck_assert_ptr_nonnull(fp);
    fseek(fp, 0, SEEK_END);
    *n = (size_t)ftell(fp);
    rewind(fp);
    char *buf = malloc(*n + 1);
    ck_assert_uint_eq(fread(buf, 1, *n, fp), *n);
    fclose(fp);
    return buf;
}

static void expect_read_error(const char *path, int code, const char *msg)
{
    h2_err_t err;
    int rc = 0;
    h2_pon_t *p = h2_pon_read(path, &err, &rc);
    ck_assert_ptr_null(p);
    ck_assert_int_eq(rc, code);
    ck_assert_msg(strstr(err.msg, msg) != NULL, "message [%s] lacks [%s]", err.msg, msg);
}

/* The reader grows its arrays as rows arrive: a PON of many bins reads back
 * whole, and a header that claims 100 million bins costs nothing before the
 * rows that are not there make it "truncated". */
START_TEST(test_many_bins)
{
    char path[320];
    kstring_t ks = KS_INITIALIZE;
    const int nb = 10007;
    h2_err_t err;
    int rc;
    snprintf(path, sizeof path, "%s/many.pon", F.dir);
    ksprintf(&ks, "##her2cnPON=1\n##build=custom\n##bins=%d\n##normals=3\n"
             "##normal=a\tfemale\n##normal=b\tmale\n##normal=c\tunknown\n"
             "#chrom\tstart\tend\tname\trole\tn\texpected\tspread\tflags\n", nb);
    for (int i = 0; i < nb; i++)
        ksprintf(&ks, "chr1\t%d\t%d\treference\treference\t3\t%g\t0.1\t.\n", 100 * i,
                 100 * i + 100, 1.0 + i / 1e5);
    write_gz(path, ks.s, ks.l);
    h2_pon_t *p = h2_pon_read(path, &err, &rc);
    ck_assert_msg(p != NULL, "%s", err.msg);
    ck_assert_int_eq(p->n_bins, nb);
    ck_assert_int_eq(p->start[nb - 1], 100 * (nb - 1));
    ck_assert_str_eq(p->chrom[nb - 1], "chr1");
    ck_assert_double_eq_tol(p->expected[nb - 1], 1.0 + (nb - 1) / 1e5, 1e-9);
    h2_pon_destroy(p);
#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
    /* In a forked test (not under valgrind or a sanitizer, which need their
     * own address space) cap the address space at 1 GiB: arrays for 10^8 bins
     * allocated up front would not fit. */
    const char *fork_env = getenv("CK_FORK");
    if (!fork_env || strcmp(fork_env, "no")) {
        struct rlimit rl = {1UL << 30, 1UL << 30};
        ck_assert_int_eq(setrlimit(RLIMIT_AS, &rl), 0);
    }
#endif
    ks_clear(&ks);
    kputs("##her2cnPON=1\n##build=custom\n##bins=100000000\n##normals=3\n"
          "##normal=a\tfemale\n##normal=b\tmale\n##normal=c\tunknown\n"
          "#chrom\tstart\tend\tname\trole\tn\texpected\tspread\tflags\n"
          "chr1\t0\t100\treference\treference\t3\t1\t0.1\t.\n", &ks);
    write_gz(path, ks.s, ks.l);
    expect_read_error(path, H2_EINPUT, "truncated: 1 of 100000000 bins");
    free(ks.s);
}
END_TEST

START_TEST(test_bad_files)
{
    h2_err_t err;
    char path[320];
    size_t n;
    h2_pon_t *p = build();
    ck_assert_int_eq(h2_pon_write(p, F.path, &err), 0);
    h2_pon_destroy(p);
    /* cut the compressed file in half */
    char *buf = slurp(F.path, &n);
    snprintf(path, sizeof path, "%s/cut.pon", F.dir);
    FILE *fp = fopen(path, "wb");
    fwrite(buf, 1, n / 2, fp);
    fclose(fp);
    expect_read_error(path, H2_EINPUT, "truncated");
    free(buf);
    /* a complete gzip stream that lacks rows */
    const char *head = "##her2cnPON=1\n##build=GRCh38\n##bins=10\n##normals=3\n"
                       "##normal=a\tfemale\n##normal=b\tmale\n##normal=c\tunknown\n"
                       "#chrom\tstart\tend\tname\trole\tn\texpected\tspread\tflags\n"
                       "chr1\t0\t100\treference\treference\t3\t1\t0.1\t.\n";
    write_gz(path, head, strlen(head));
    expect_read_error(path, H2_EINPUT, "truncated: 1 of 10 bins");
    /* another version */
    write_gz(path, "##her2cnPON=2\n", 14);
    expect_read_error(path, H2_EINPUT, "version 2");
    /* not a PON at all */
    write_gz(path, "hello\n", 6);
    expect_read_error(path, H2_EINPUT, "not a her2cn panel of normals");
    /* a bad row */
    kstring_t ks = KS_INITIALIZE;
    kputs(head, &ks);
    ks.l -= 3;
    kputs("\tbogus\n", &ks);
    write_gz(path, ks.s, ks.l);
    expect_read_error(path, H2_EINPUT, "line 9");
    free(ks.s);
    snprintf(path, sizeof path, "%s/missing.pon", F.dir);
    expect_read_error(path, H2_EIO, "cannot open");
}
END_TEST

START_TEST(test_sex)
{
    h2_sexinfo_t f = h2_sex_infer(F.rs, F.nm[0]), m = h2_sex_infer(F.rs, F.nm[1]);
    ck_assert_int_eq(f.sex, H2_SEX_FEMALE);
    ck_assert_int_eq(m.sex, H2_SEX_MALE);
    ck_assert_int_gt(f.n_x, 10);
    ck_assert_int_gt(f.n_y, 5);
    ck_assert_double_eq_tol(m.x_ratio, 0.5, 0.15);
    /* XXY-like: two X and a Y cannot be told */
    h2_norm_t *k = fake_norm(F.rs, 0, H2_SEX_FEMALE, 1.0);
    for (int i = 0; i < F.rs->n_bins; i++)
        if (sexchr(F.rs, i) == 'Y')
            k->depth[i] = 50;
    ck_assert_int_eq(h2_sex_infer(F.rs, k).sex, H2_SEX_UNKNOWN);
    h2_norm_destroy(k);
}
END_TEST

START_TEST(test_apply)
{
    h2_err_t err;
    h2_pon_t *p = build();
    /* tumour: the same assay, ERBB2 at 4x, and all depths scaled by 3 */
    h2_norm_t *t = fake_norm(F.rs, 2, H2_SEX_FEMALE, 4.0);
    h2_counts_t c = {0};
    c.n_bins = F.rs->n_bins;
    c.bases = calloc(c.n_bins, 8);
    c.reads = calloc(c.n_bins, 8);
    c.mq0 = calloc(c.n_bins, 8);
    for (int i = 0; i < c.n_bins; i++)
        c.reads[i] = 500;
    ck_assert_int_eq(h2_ref_apply_pon(p, F.rs, &c, t, &err), 0);
    ck_assert_int_eq(t->ref_kind, 1);
    int g = find_role(F.rs, H2_ROLE_GENE, 0);
    /* capture efficiency cancels: log2 4 up to the normals' small deviations */
    ck_assert_double_eq_tol(t->log2[g], 2.0, 0.08);
    ck_assert(t->var_dev[g] > 0 && t->var_exp[g] > 0 && t->var_exp[g] < t->var_dev[g]);
    ck_assert_double_eq_tol(t->expected[g], p->expected[g], 1e-12);
    ck_assert_double_lt(t->sd_ref, 0.1);   /* tumour-only it would be ~0.5 */
    /* chrY bins are flagged (few normals): unusable */
    int y = find_role(F.rs, H2_ROLE_SEX, 'Y');
    ck_assert_int_eq(t->usable[y], 0);
    free(c.bases);
    free(c.reads);
    free(c.mq0);
    h2_norm_destroy(t);
    h2_pon_destroy(p);
}
END_TEST

START_TEST(test_bins_read)
{
    h2_err_t err;
    int rc;
    char path[320];
    snprintf(path, sizeof path, "%s/x.bins.tsv", F.dir);
    FILE *fp = fopen(path, "w");
    fputs("#chrom\tstart\tend\tname\trole\tbases\treads\tmq0\tdepth\tgc\tlog2_raw\tlog2\tusable\n", fp);
    for (int i = 0; i < F.rs->n_bins; i++) {
        const h2_bin_t *b = &F.rs->bins[i];
        fprintf(fp, "%s\t%lld\t%lld\t%s\t%s\t%d\t%d\t%d\tNA\tNA\tNA\tNA\t1\n",
                F.g->contigs[b->contig].name + 3 * (i == 0), (long long)b->start,
                (long long)b->end, h2_bin_name(F.rs, i), h2_role_name(b->role), 1000 + i, i, i % 3);
    }
    fclose(fp);
    h2_counts_t *c = h2_bins_read(path, F.rs, NULL, &err, &rc);
    ck_assert_msg(c != NULL, "%s", err.msg);
    ck_assert_uint_eq(c->bases[7], 1007);
    ck_assert_uint_eq(c->reads[7], 7);
    ck_assert_uint_eq(c->mq0[8], 2);
    h2_counts_destroy(c);
    /* one bin off by one base: a clear mismatch */
    F.rs->bins[3].end++;
    ck_assert_ptr_null(h2_bins_read(path, F.rs, NULL, &err, &rc));
    ck_assert_int_eq(rc, H2_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "line 5"));
    F.rs->bins[3].end--;
    /* fewer bins in the region set than in the file */
    F.rs->n_bins--;
    ck_assert_ptr_null(h2_bins_read(path, F.rs, NULL, &err, &rc));
    ck_assert_ptr_nonnull(strstr(err.msg, "more bins"));
    F.rs->n_bins++;
    /* no ## lines: the read filters are unknown, so a panel refuses it */
    h2_bins_meta_t want = {.min_mq = 20, .exclude_flags = 3844};
    ck_assert_ptr_null(h2_bins_read(path, F.rs, &want, &err, &rc));
    ck_assert_int_eq(rc, H2_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "does not record the read filters"));
}
END_TEST

/* `call --bins` appends columns (expected spread with a reference, het_sites
 * baf with allele counts): a bins TSV with all of them reads back, and its
 * counts are those written. */
START_TEST(test_bins_read_appended_columns)
{
    h2_err_t err;
    int rc, nb = F.rs->n_bins, ref = find_role(F.rs, H2_ROLE_REF, 0);
    char path[320];
    h2_allele_t site = {.bin = ref, .contig = F.rs->bins[ref].contig,
                        .pos = F.rs->bins[ref].start + 5, .base_a = 'A', .base_b = 'G',
                        .n_a = 30, .n_b = 10, .depth = 40};
    h2_alleles_t al = {.n = 1, .m = 1, .a = &site};
    h2_counts_t c = {.n_bins = nb, .bases = calloc(nb, 8), .reads = calloc(nb, 8),
                     .mq0 = calloc(nb, 8), .alleles = &al};
    h2_norm_t *nm = F.nm[0];
    nm->expected = calloc(nb, sizeof(double));
    nm->spread = calloc(nb, sizeof(double));
    for (int i = 0; i < nb; i++) {
        c.bases[i] = 5000 + i;
        c.reads[i] = 50 + i;
        c.mq0[i] = i % 5;
        nm->expected[i] = 1;
    }
    snprintf(path, sizeof path, "%s/new.bins.tsv", F.dir);
    h2_bins_meta_t made = {.min_mq = 0, .exclude_flags = 3844};
    ck_assert_int_eq(h2_bins_write(path, F.rs, &c, NULL, nm, &made, &err), 0);
    size_t n;
    char *text = slurp(path, &n);
    text[n] = 0;
    ck_assert_msg(strstr(text, "\tusable\texpected\tspread\thet_sites\tbaf\n") != NULL, "%.200s", text);
    ck_assert_ptr_nonnull(strstr(text, "\t1\t0.25\n"));      /* the one site: 10 / 40 */
    free(text);
    /* counted with -q 0: refused by a -q 20 panel, with both filters named */
    h2_bins_meta_t want = {.min_mq = 20, .exclude_flags = 3844};
    ck_assert_ptr_null(h2_bins_read(path, F.rs, &want, &err, &rc));
    ck_assert_int_eq(rc, H2_EINPUT);
    ck_assert_msg(strstr(err.msg, "-q 0 --exclude-flags 3844, this run uses -q 20") != NULL,
                  "%s", err.msg);
    want.min_mq = 0;
    want.exclude_flags = 1024;
    ck_assert_ptr_null(h2_bins_read(path, F.rs, &want, &err, &rc));
    want.exclude_flags = 3844;
    h2_counts_t *r = h2_bins_read(path, F.rs, &want, &err, &rc);
    ck_assert_msg(r != NULL, "%s", err.msg);
    for (int i = 0; i < nb; i++) {
        ck_assert_uint_eq(r->bases[i], c.bases[i]);
        ck_assert_uint_eq(r->reads[i], c.reads[i]);
        ck_assert_uint_eq(r->mq0[i], c.mq0[i]);
    }
    h2_counts_destroy(r);
    free(c.bases);
    free(c.reads);
    free(c.mq0);
}
END_TEST

Suite *pon_suite(void)
{
    Suite *s = suite_create("pon");
    TCase *tc = tcase_create("pon");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_build_values);
    tcase_add_test(tc, test_flags);
    tcase_add_test(tc, test_round_trip);
    tcase_add_test(tc, test_many_bins);
    tcase_add_test(tc, test_check_mismatch);
    tcase_add_test(tc, test_bad_files);
    tcase_add_test(tc, test_sex);
    tcase_add_test(tc, test_apply);
    tcase_add_test(tc, test_bins_read);
    tcase_add_test(tc, test_bins_read_appended_columns);
    suite_add_tcase(s, tc);
    return s;
}
