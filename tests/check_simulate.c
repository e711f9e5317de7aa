/* check_simulate.c -- the simulator: layout, depth statistics, extras,
 * determinism, CRAM + synthetic FASTA, panel and region modes, errors, CLI. */
#include <check.h>
#include <ftw.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <htslib/faidx.h>
#include <htslib/hts.h>
#include <htslib/sam.h>
#include "h2_cmd.h"
#include "h2_simulate.h"

#define CLEN 200000
#define DEFAULT_EXCLUDE 1796    /* unmapped, secondary, QC-fail, duplicate */

static char tmpdir[256];

static int rm_one(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb; (void)flag; (void)ftw;
    return remove(p);
}

static void setup(void)
{
    const char *t = getenv("TMPDIR");
    snprintf(tmpdir, sizeof tmpdir, "%s/h2simXXXXXX", t && *t ? t : "/tmp");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void teardown(void)
{
    nftw(tmpdir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* Path inside the scratch directory (static ring of buffers). */
static const char *tpath(const char *name)
{
    static char buf[32][512];
    static int k;
    char *p = buf[k++ % 32];
    snprintf(p, 512, "%s/%s", tmpdir, name);
    return p;
}

static int exists(const char *p)
{
    return access(p, F_OK) == 0;
}

static h2_genome_t *small_genome(int n, hts_pos_t len)
{
    h2_genome_t *g = calloc(1, sizeof *g);
    ck_assert_ptr_nonnull(g);
    g->build = H2_BUILD_CUSTOM;
    g->n_contigs = n;
    g->contigs = calloc(n, sizeof *g->contigs);
    ck_assert_ptr_nonnull(g->contigs);
    for (int i = 0; i < n; i++) {
        char name[16];
        snprintf(name, sizeof name, "chr%d", i + 1);
        g->contigs[i].name = strdup(name);
        g->contigs[i].len = len;
    }
    return g;
}

/* Read every record back and summarise. */
typedef struct {
    uint64_t total, real, dup, mq0;
    int sorted, names_ok, shape_ok;
    int nwin;
    int wtid[4];
    hts_pos_t wstart[4], wend[4];
    uint64_t wcount[4];     /* starts of reads passing the default filters */
} scan_t;

static void scan_file(const char *path, const char *ref, scan_t *s, int rl)
{
    samFile *fp = sam_open(path, "r");
    ck_assert_ptr_nonnull(fp);
    if (ref)
        ck_assert_int_eq(hts_set_fai_filename(fp, ref), 0);
    sam_hdr_t *h = sam_hdr_read(fp);
    ck_assert_ptr_nonnull(h);
    bam1_t *b = bam_init1();
    int r, ptid = -1;
    hts_pos_t ppos = -1;
    s->sorted = s->names_ok = s->shape_ok = 1;
    while ((r = sam_read1(fp, h, b)) >= 0) {
        char want[32];
        const bam1_core_t *c = &b->core;
        s->total++;
        if (c->tid < ptid || (c->tid == ptid && c->pos < ppos))
            s->sorted = 0;
        ptid = c->tid;
        ppos = c->pos;
        snprintf(want, sizeof want, "r%llu", (unsigned long long)s->total);
        if (strcmp(bam_get_qname(b), want))
            s->names_ok = 0;
        uint8_t *rg = bam_aux_get(b, "RG");
        if (c->n_cigar != 1 || bam_get_cigar(b)[0] != (uint32_t)bam_cigar_gen(rl, BAM_CMATCH)
                || c->l_qseq != rl || (c->flag & ~(BAM_FREVERSE | BAM_FDUP))
                || (c->qual != 60 && c->qual != 0) || c->pos + rl > sam_hdr_tid2len(h, c->tid)
                || !rg || strcmp(bam_aux2Z(rg), "sim"))
            s->shape_ok = 0;
        if (c->flag & BAM_FDUP)
            s->dup++;
        else if (c->qual == 0)
            s->mq0++;
        else
            s->real++;
        if ((c->flag & DEFAULT_EXCLUDE) || c->qual < 20)
            continue;
        for (int i = 0; i < s->nwin; i++)
            if (c->tid == s->wtid[i] && c->pos >= s->wstart[i] && c->pos < s->wend[i])
                s->wcount[i]++;
    }
    ck_assert_int_eq(r, -1);
    bam_destroy1(b);
    sam_hdr_destroy(h);
    ck_assert_int_eq(sam_close(fp), 0);
}

static void add_win(scan_t *s, int tid, hts_pos_t a, hts_pos_t b)
{
    s->wtid[s->nwin] = tid;
    s->wstart[s->nwin] = a;
    s->wend[s->nwin] = b;
    s->nwin++;
}

/* |n - lambda| within 5 Poisson SD. */
static void assert_poisson(uint64_t n, double lambda)
{
    double z = fabs((double)n - lambda) / sqrt(lambda);
    ck_assert_msg(z < 5, "count %llu vs expected %.1f (z=%.2f)", (unsigned long long)n,
                  lambda, z);
}

/* Fraction k/n within 5 binomial SD of p. */
static void assert_frac(uint64_t k, uint64_t n, double p)
{
    double sd = sqrt(p * (1 - p) / n), f = (double)k / n;
    ck_assert_msg(fabs(f - p) < 5 * sd, "fraction %.4f vs %.4f (sd %.4f)", f, p, sd);
}

static int same_bytes(const char *a, const char *b, long skip)
{
    FILE *x = fopen(a, "rb"), *y = fopen(b, "rb");
    int same = x && y, ca, cb;
    long i = 0;
    while (same) {
        ca = getc(x);
        cb = getc(y);
        if (ca != cb && i >= skip)
            same = 0;
        if (ca == EOF || cb == EOF)
            break;
        i++;
    }
    if (x)
        fclose(x);
    if (y)
        fclose(y);
    return same;
}

START_TEST(test_defaults)
{
    h2_sim_opt_t o;
    h2_sim_opt_init(&o);
    ck_assert_double_eq(o.depth, 1.0);
    ck_assert_double_eq(o.purity, 1.0);
    ck_assert_int_eq(o.read_len, 150);
    ck_assert_double_eq(o.capture_sd, 0.0);
    ck_assert_double_eq(o.dup_frac, 0.02);
    ck_assert_double_eq(o.mq0_frac, 0.02);
    ck_assert_double_eq(o.gc_bias, 0.0);
    ck_assert_double_eq_tol(o.het_rate, 1.0 / 1500, 1e-12);
    ck_assert_int_eq(o.wgd, 0);
    ck_assert_uint_eq(o.seed, 1);
    ck_assert_str_eq(o.sample, "SIMULATED");
    ck_assert_ptr_null(o.fasta_out);
    ck_assert_ptr_null(o.regions);
    ck_assert_ptr_null(o.targets);
    ck_assert_int_eq(o.n_segs, 0);
    ck_assert_double_eq(o.allele_rho, 0.0);
    ck_assert_double_eq(o.depth_noise_sd, 0.0);
    ck_assert_int_eq(o.depth_noise_block, 0);
    ck_assert_double_eq(o.gc_wave_amp, 0.0);
    ck_assert_int_eq(o.gc_wave_period, 5000000);
}
END_TEST

/* Run with one option broken by `edit` and expect H2_EUSAGE, no files. */
static void expect_usage(const h2_genome_t *g, h2_sim_opt_t *o, const char *out)
{
    h2_err_t err = {{0}};
    ck_assert_int_eq(h2_simulate(g, o, out, &err), H2_EUSAGE);
    ck_assert_msg(err.msg[0] != 0, "no error message");
    ck_assert_msg(!exists(out), "output %s left behind", out);
    if (o->fasta_out)
        ck_assert_msg(!exists(o->fasta_out), "FASTA left behind");
}

START_TEST(test_validation)
{
    h2_genome_t *g = small_genome(2, 50000), *big = small_genome(1, 400000000);
    h2_sim_opt_t o;
    h2_sim_seg_t seg = {.contig = 0, .start = 100, .end = 200, .cn = 4, .minor = 2};
    const char *out = tpath("v.bam");
#define BAD(stmt) do { h2_sim_opt_init(&o); o.depth = 0.1; stmt; expect_usage(g, &o, out); } while (0)
    BAD(o.depth = 0);
    BAD(o.depth = NAN);
    BAD(o.purity = 0);
    BAD(o.purity = 1.2);
    BAD(o.read_len = 29);
    BAD(o.read_len = 10001);
    BAD(o.dup_frac = 1.0);
    BAD(o.mq0_frac = -0.1);
    BAD(o.capture_sd = 1.5);
    BAD((seg.contig = 2, o.segs = &seg, o.n_segs = 1));
    BAD((seg.contig = 0, seg.start = 200, seg.end = 200, o.segs = &seg, o.n_segs = 1));
    BAD((seg.start = 0, seg.end = 50001, o.segs = &seg, o.n_segs = 1));
    BAD((seg.minor = 5, o.segs = &seg, o.n_segs = 1));
    BAD((seg.minor = -1, o.segs = &seg, o.n_segs = 1));
    BAD((seg.minor = NAN, o.segs = &seg, o.n_segs = 1));
    BAD((seg.minor = 0, seg.end = 10, seg.cn = -1, o.segs = &seg, o.n_segs = 1));
    BAD(o.het_rate = 1.0);
    BAD(o.het_rate = -0.001);
    BAD(o.het_rate = NAN);
    BAD(o.gc_bias = 0.5);
    BAD((seg.start = 0, seg.end = 10, seg.cn = 0.6, o.gc_regions = &seg, o.n_gc_regions = 1));
    BAD(o.sample = "a\tb");
    BAD(o.level = 10);
    BAD(o.level = -1);
    BAD(o.allele_rho = 1.0);
    BAD(o.allele_rho = -0.01);
    BAD(o.allele_rho = NAN);
    BAD(o.depth_noise_sd = -0.1);
    BAD(o.depth_noise_sd = NAN);
    BAD((o.depth_noise_sd = 0.1, o.depth_noise_block = 9999));
    BAD(o.gc_wave_amp = -0.1);
    BAD(o.gc_wave_amp = INFINITY);
    BAD((o.gc_wave_amp = 0.1, o.gc_wave_period = 99999));
    BAD((seg.cn = 4, seg.minor = 1, seg.start = 0, seg.end = 10, seg.ccf = 1.5, o.segs = &seg,
         o.n_segs = 1));
    BAD((seg.ccf = -0.5, o.segs = &seg, o.n_segs = 1));
    BAD((seg.ccf = NAN, o.segs = &seg, o.n_segs = 1));
    h2_sim_opt_init(&o);
    expect_usage(g, &o, tpath("v.cram"));
    expect_usage(g, &o, tpath("v.txt"));
    o.fasta_out = tpath("big.fa");
    expect_usage(big, &o, tpath("big.bam"));
    /* an unknown contig in a BED */
    h2_bed_rec_t rec = {.chrom = "chrZ", .start = 10, .end = 20, .name = NULL, .value = NAN};
    h2_bed_t bed = {.n = 1, .m = 1, .rec = &rec};
    h2_sim_opt_init(&o);
    o.targets = &bed;
    expect_usage(g, &o, out);
    h2_genome_destroy(g);
    h2_genome_destroy(big);
#undef BAD
}
END_TEST

START_TEST(test_depth_ratio)
{
    h2_genome_t *g = small_genome(3, CLEN);
    h2_sim_opt_t o;
    h2_sim_seg_t seg = {.contig = 1, .start = 50000, .end = 150000, .cn = 6, .minor = 3};
    h2_sim_stats_t st;
    h2_err_t err = {{0}};
    const char *out = tpath("d.bam");
    h2_sim_opt_init(&o);
    o.depth = 20;
    o.read_len = 100;
    o.purity = 0.8;
    o.dup_frac = 0.05;
    o.mq0_frac = 0.05;
    o.segs = &seg;
    o.n_segs = 1;
    o.sample = "S1";
    ck_assert_msg(h2_simulate_stats(g, &o, out, &st, &err) == 0, "%s", err.msg);
    ck_assert(exists(tpath("d.bam.bai")));

    scan_t s = {0};
    add_win(&s, 1, 60000, 140000);              /* inside the segment */
    add_win(&s, 0, 0, CLEN - 100 + 1);          /* chr1, every valid start */
    add_win(&s, 2, 0, CLEN - 100 + 1);
    scan_file(out, NULL, &s, 100);
    ck_assert(s.sorted);
    ck_assert(s.names_ok);
    ck_assert(s.shape_ok);
    ck_assert_uint_eq(s.real, st.n_reads);
    ck_assert_uint_eq(s.dup, st.n_dup);
    ck_assert_uint_eq(s.mq0, st.n_mq0);

    double in_dens = 20 * (0.8 * 6 + 0.2 * 2) / 2;    /* 52 */
    double lam_in = in_dens * 80000 / 100, lam_out = 20.0 * (CLEN - 99) / 100;
    assert_poisson(s.wcount[0], lam_in);
    assert_poisson(s.wcount[1], lam_out);
    assert_poisson(s.wcount[2], lam_out);
    /* the in/out depth ratio, delta-method SD */
    double ratio = (s.wcount[0] / 80000.0) / ((s.wcount[1] + s.wcount[2]) / (2.0 * (CLEN - 99)));
    double sd = 2.6 * sqrt(1.0 / s.wcount[0] + 1.0 / (s.wcount[1] + s.wcount[2]));
    ck_assert_msg(fabs(ratio - 2.6) < 5 * sd, "ratio %.4f vs 2.6 (sd %.4f)", ratio, sd);
    assert_frac(s.dup, s.real, 0.05);
    assert_frac(s.mq0, s.real, 0.05);

    /* header */
    samFile *fp = sam_open(out, "r");
    sam_hdr_t *h = sam_hdr_read(fp);
    kstring_t ks = KS_INITIALIZE;
    ck_assert_int_eq(sam_hdr_nref(h), 3);
    ck_assert_int_eq(sam_hdr_find_tag_hd(h, "SO", &ks), 0);
    ck_assert_str_eq(ks.s, "coordinate");
    ck_assert_int_eq(sam_hdr_find_tag_id(h, "RG", "ID", "sim", "SM", &ks), 0);
    ck_assert_str_eq(ks.s, "S1");
    ck_assert_int_eq(sam_hdr_count_lines(h, "PG"), 1);

    /* the index answers a region query like a full scan does */
    hts_idx_t *idx = sam_index_load(fp, out);
    ck_assert_ptr_nonnull(idx);
    hts_itr_t *itr = sam_itr_querys(idx, h, "chr2:60001-61000");
    ck_assert_ptr_nonnull(itr);
    bam1_t *b = bam_init1();
    int n_itr = 0, n_scan = 0, r;
    while ((r = sam_itr_next(fp, itr, b)) >= 0)
        n_itr++;
    ck_assert_int_eq(r, -1);
    hts_itr_destroy(itr);
    samFile *fp2 = sam_open(out, "r");
    sam_hdr_t *h2 = sam_hdr_read(fp2);
    while (sam_read1(fp2, h2, b) >= 0)
        n_scan += b->core.tid == 1 && b->core.pos < 61000 && bam_endpos(b) > 60000;
    ck_assert_int_gt(n_itr, 0);
    ck_assert_int_eq(n_itr, n_scan);
    bam_destroy1(b);
    sam_hdr_destroy(h2);
    sam_close(fp2);
    hts_idx_destroy(idx);
    free(ks.s);
    sam_hdr_destroy(h);
    sam_close(fp);
    h2_genome_destroy(g);
}
END_TEST

/* Same records at the same places (contig, position, flag, MAPQ) in a and b;
 * *same_seq: and the same bases. */
static int same_positions(const char *a, const char *b, int *same_seq)
{
    samFile *fa = sam_open(a, "r"), *fb = sam_open(b, "r");
    sam_hdr_t *ha = sam_hdr_read(fa), *hb = sam_hdr_read(fb);
    bam1_t *x = bam_init1(), *y = bam_init1();
    int ra, rb, same = 1, n = 0;
    *same_seq = 1;
    while ((ra = sam_read1(fa, ha, x)) >= 0 && (rb = sam_read1(fb, hb, y)) >= 0) {
        same &= x->core.tid == y->core.tid && x->core.pos == y->core.pos
                && x->core.flag == y->core.flag && x->core.qual == y->core.qual;
        *same_seq &= !memcmp(bam_get_seq(x), bam_get_seq(y), (x->core.l_qseq + 1) / 2);
        n++;
    }
    same &= ra == -1 && sam_read1(fb, hb, y) == -1 && n > 1000;
    bam_destroy1(x);
    bam_destroy1(y);
    sam_hdr_destroy(ha);
    sam_hdr_destroy(hb);
    sam_close(fa);
    sam_close(fb);
    return same;
}

/* Issue 20 (the fuzz pass): a contig longer than 2^29 bp cannot be in a
 * BAI; simulate failed ("error writing alignments", exit 3) and now writes a
 * CSI, which htslib finds. */
START_TEST(test_long_contig_csi)
{
    h2_genome_t *g = small_genome(2, 100000);
    h2_sim_opt_t o;
    h2_err_t err = {{0}};
    g->contigs[1].len = ((hts_pos_t)1 << 29) + 1000000;
    h2_sim_opt_init(&o);
    o.depth = 0.0002;
    o.seed = 3;
    ck_assert_msg(h2_simulate(g, &o, tpath("long.bam"), &err) == 0, "%s", err.msg);
    ck_assert(exists(tpath("long.bam.csi")));
    ck_assert(!exists(tpath("long.bam.bai")));
    samFile *fp = sam_open(tpath("long.bam"), "r");
    hts_idx_t *idx = fp ? sam_index_load(fp, tpath("long.bam")) : NULL;
    ck_assert_ptr_nonnull(idx);
    uint64_t mapped = 0, unmapped = 0;
    ck_assert_int_eq(hts_idx_get_stat(idx, 1, &mapped, &unmapped), 0);
    ck_assert_int_gt(mapped, 0);
    hts_idx_destroy(idx);
    sam_close(fp);
    h2_genome_destroy(g);
}
END_TEST

START_TEST(test_determinism)
{
    h2_genome_t *g = small_genome(3, 100000);
    h2_sim_opt_t o;
    h2_sim_seg_t seg = {.contig = 0, .start = 20000, .end = 40000, .cn = 10, .minor = 3};
    h2_err_t err = {{0}};
    h2_sim_opt_init(&o);
    o.depth = 5;
    o.purity = 0.7;
    o.wgd = 1;
    o.het_rate = 0.01;
    o.segs = &seg;
    o.n_segs = 1;
    o.seed = 7;
    ck_assert_msg(h2_simulate(g, &o, tpath("a.bam"), &err) == 0, "%s", err.msg);
    ck_assert_msg(h2_simulate(g, &o, tpath("b.bam"), &err) == 0, "%s", err.msg);
    o.threads = 2;
    ck_assert_msg(h2_simulate(g, &o, tpath("c.bam"), &err) == 0, "%s", err.msg);
    o.threads = 1;
    o.seed = 8;
    ck_assert_msg(h2_simulate(g, &o, tpath("d.bam"), &err) == 0, "%s", err.msg);
    ck_assert(same_bytes(tpath("a.bam"), tpath("b.bam"), 0));
    ck_assert(same_bytes(tpath("a.bam"), tpath("c.bam"), 0));
    ck_assert(same_bytes(tpath("a.bam.bai"), tpath("c.bam.bai"), 0));
    ck_assert(!same_bytes(tpath("a.bam"), tpath("d.bam"), 0));
    /* the minor CN and --wgd reach the output */
    o.seed = 7;
    seg.minor = 5;
    ck_assert_msg(h2_simulate(g, &o, tpath("e.bam"), &err) == 0, "%s", err.msg);
    ck_assert(!same_bytes(tpath("a.bam"), tpath("e.bam"), 0));
    /* ... but only in the bases: read positions (depth) do not depend on them */
    int same_seq;
    o.het_rate = 0;
    ck_assert_msg(h2_simulate(g, &o, tpath("f.bam"), &err) == 0, "%s", err.msg);
    ck_assert(same_positions(tpath("a.bam"), tpath("e.bam"), &same_seq));
    ck_assert(!same_seq);
    ck_assert(same_positions(tpath("a.bam"), tpath("f.bam"), &same_seq));
    ck_assert(!same_seq);
    ck_assert(same_positions(tpath("a.bam"), tpath("c.bam"), &same_seq));
    ck_assert(same_seq);
    h2_genome_destroy(g);
}
END_TEST

/* G+C fraction of seq[0..n). */
static double gc_of(const char *seq, hts_pos_t n)
{
    hts_pos_t k = 0;
    for (hts_pos_t i = 0; i < n; i++)
        k += seq[i] == 'G' || seq[i] == 'C';
    return (double)k / n;
}

/* Reads of a simulation without het SNPs differ from the FASTA only by
 * sequencing errors, at 10^(-Q/10) for each of the four quality bins. */
static void check_reads_match_fasta(const char *cram, const char *fa)
{
    static const int quals[4] = {37, 23, 12, 2};
    uint64_t n[4] = {0}, bad[4] = {0};
    faidx_t *fai = fai_load(fa);
    samFile *fp = sam_open(cram, "r");
    ck_assert_ptr_nonnull(fai);
    ck_assert_ptr_nonnull(fp);
    ck_assert_int_eq(hts_set_fai_filename(fp, fa), 0);
    sam_hdr_t *h = sam_hdr_read(fp);
    bam1_t *b = bam_init1();
    int r;
    while ((r = sam_read1(fp, h, b)) >= 0) {
        hts_pos_t len;
        char *ref = faidx_fetch_seq64(fai, sam_hdr_tid2name(h, b->core.tid), b->core.pos,
                                      bam_endpos(b) - 1, &len);
        ck_assert_int_eq(len, b->core.l_qseq);
        for (int i = 0; i < len; i++) {
            int q = bam_get_qual(b)[i], k = 0;
            while (k < 4 && quals[k] != q)
                k++;
            ck_assert_msg(k < 4, "unexpected base quality %d", q);
            n[k]++;
            bad[k] += seq_nt16_str[bam_seqi(bam_get_seq(b), i)] != ref[i];
        }
        free(ref);
    }
    ck_assert_int_eq(r, -1);
    ck_assert_uint_gt(n[0] + n[1] + n[2] + n[3], 100000);
    for (int k = 0; k < 4; k++)
        assert_frac(bad[k], n[k], pow(10, -quals[k] / 10.0));
    bam_destroy1(b);
    sam_hdr_destroy(h);
    sam_close(fp);
    fai_destroy(fai);
}

START_TEST(test_cram_fasta)
{
    h2_genome_t *g = small_genome(2, 100000);
    h2_sim_opt_t o;
    h2_err_t err = {{0}};
    char fa[512];
    h2_sim_opt_init(&o);
    o.depth = 3;
    o.het_rate = 0;
    snprintf(fa, sizeof fa, "%s", tpath("ref.fa"));
    o.fasta_out = fa;
    ck_assert_msg(h2_simulate(g, &o, tpath("s.cram"), &err) == 0, "%s", err.msg);
    ck_assert(exists(tpath("s.cram.crai")));
    ck_assert(exists(tpath("ref.fa.fai")));
    check_reads_match_fasta(tpath("s.cram"), tpath("ref.fa"));

    /* 60-column FASTA, GC varying per 5 kb around 0.41 */
    FILE *f = fopen(tpath("ref.fa"), "r");
    char line[256];
    ck_assert_ptr_nonnull(fgets(line, sizeof line, f));
    ck_assert_str_eq(line, ">chr1\n");
    ck_assert_ptr_nonnull(fgets(line, sizeof line, f));
    ck_assert_int_eq(strlen(line), 61);
    fclose(f);
    faidx_t *fai = fai_load(tpath("ref.fa"));
    hts_pos_t len;
    char *seq = faidx_fetch_seq64(fai, "chr2", 0, 99999, &len);
    ck_assert_int_eq(len, 100000);
    double lo = 1, hi = 0, sum = 0;
    for (int k = 0; k < 20; k++) {
        double x = gc_of(seq + k * 5000, 5000);
        lo = x < lo ? x : lo;
        hi = x > hi ? x : hi;
        sum += x;
    }
    ck_assert_msg(lo >= 0.22 && hi <= 0.68 && hi - lo > 0.05, "GC range %.3f-%.3f", lo, hi);
    ck_assert_msg(fabs(sum / 20 - 0.41) < 0.06, "mean GC %.3f", sum / 20);
    free(seq);
    fai_destroy(fai);

    /* CRAM with threads: same bytes apart from the file id (path) */
    ck_assert_int_eq(mkdir(tpath("t2"), 0700), 0);
    ck_assert_int_eq(mkdir(tpath("t1"), 0700), 0);
    o.threads = 2;
    ck_assert_msg(h2_simulate(g, &o, tpath("t2/s.cram"), &err) == 0, "%s", err.msg);
    o.threads = 1;
    ck_assert_msg(h2_simulate(g, &o, tpath("t1/s.cram"), &err) == 0, "%s", err.msg);
    ck_assert(same_bytes(tpath("t1/s.cram"), tpath("t2/s.cram"), 26));
    h2_genome_destroy(g);
}
END_TEST

START_TEST(test_gc_bias)
{
    h2_genome_t *g = small_genome(2, 150000);
    h2_sim_opt_t o;
    h2_err_t err = {{0}};
    h2_sim_opt_init(&o);
    o.depth = 20;
    o.read_len = 100;
    o.gc_bias = 1.0;
    o.dup_frac = o.mq0_frac = 0;
    o.fasta_out = tpath("gc.fa");
    ck_assert_msg(h2_simulate(g, &o, tpath("gc.bam"), &err) == 0, "%s", err.msg);
    /* reads per 5 kb chunk should follow 1 + (gc - 0.42) * 10 */
    enum { NK = 60 };
    double cnt[NK] = {0}, gc[NK];
    faidx_t *fai = fai_load(tpath("gc.fa"));
    for (int k = 0; k < NK; k++) {
        hts_pos_t len;
        char *s = faidx_fetch_seq64(fai, k < 30 ? "chr1" : "chr2", (k % 30) * 5000,
                                    (k % 30) * 5000 + 4999, &len);
        gc[k] = gc_of(s, len);
        free(s);
    }
    fai_destroy(fai);
    samFile *fp = sam_open(tpath("gc.bam"), "r");
    sam_hdr_t *h = sam_hdr_read(fp);
    bam1_t *b = bam_init1();
    while (sam_read1(fp, h, b) >= 0)
        if (b->core.pos < 150000 - 5000)
            cnt[b->core.tid * 30 + b->core.pos / 5000] += 1;
    bam_destroy1(b);
    sam_hdr_destroy(h);
    sam_close(fp);
    int n_checked = 0;
    for (int k = 0; k < NK; k++) {
        if (k % 30 == 29)
            continue;
        double f = 1 + (gc[k] - 0.42) * 10, lam = 20 * 5000 / 100.0 * (f > 0.05 ? f : 0.05);
        assert_poisson((uint64_t)cnt[k], lam);
        n_checked++;
    }
    ck_assert_int_eq(n_checked, 58);
    h2_genome_destroy(g);
}
END_TEST

/* --gc-region: the chunks whose midpoint is inside get the region's GC, the
 * others keep theirs (same bases as without it), and the reads follow the
 * FASTA. */
START_TEST(test_gc_region)
{
    h2_genome_t *g = small_genome(1, 100000);
    h2_sim_seg_t rich = {.contig = 0, .start = 20000, .end = 40000, .cn = 0.7},
                 poor = {.contig = 0, .start = 60000, .end = 70000, .cn = 0.25};
    h2_sim_seg_t both[2] = {rich, poor};
    h2_sim_opt_t o;
    h2_err_t err = {{0}};
    h2_sim_opt_init(&o);
    o.depth = 0.5;
    o.fasta_out = tpath("plain.fa");
    ck_assert_msg(h2_simulate(g, &o, tpath("plain.bam"), &err) == 0, "%s", err.msg);
    o.fasta_out = tpath("gcr.fa");
    o.gc_regions = both;
    o.n_gc_regions = 2;
    ck_assert_msg(h2_simulate(g, &o, tpath("gcr.bam"), &err) == 0, "%s", err.msg);
    faidx_t *a = fai_load(tpath("plain.fa")), *b = fai_load(tpath("gcr.fa"));
    for (int k = 0; k < 20; k++) {
        hts_pos_t la, lb;
        char *sa = faidx_fetch_seq64(a, "chr1", k * 5000, k * 5000 + 4999, &la);
        char *sb = faidx_fetch_seq64(b, "chr1", k * 5000, k * 5000 + 4999, &lb);
        double want = k >= 4 && k < 8 ? 0.7 : k >= 12 && k < 14 ? 0.25 : NAN;
        if (isnan(want))
            ck_assert_msg(la == lb && !memcmp(sa, sb, la), "chunk %d changed", k);
        else
            ck_assert_msg(fabs(gc_of(sb, lb) - want) < 0.03, "chunk %d GC %g, want %g", k,
                          gc_of(sb, lb), want);
        free(sa);
        free(sb);
    }
    fai_destroy(a);
    fai_destroy(b);
    o.fasta_out = NULL;     /* the region needs the FASTA */
    expect_usage(g, &o, tpath("gcr2.bam"));
    h2_genome_destroy(g);
}
END_TEST

START_TEST(test_panel)
{
    h2_genome_t *g = small_genome(3, CLEN);
    h2_bed_rec_t rec[3] = {
        {.chrom = "chr1", .start = 10000, .end = 11000, .name = "t1", .value = 1.0},
        {.chrom = "chr1", .start = 50000, .end = 50500, .name = "t2", .value = 3.0},
        {.chrom = "3", .start = 100000, .end = 102000, .name = "t3", .value = NAN},  /* bare name: chr-prefix tolerant */
    };
    h2_bed_t bed = {.n = 3, .m = 3, .rec = rec};
    h2_sim_opt_t o;
    h2_err_t err = {{0}};
    h2_sim_opt_init(&o);
    o.depth = 200;
    o.read_len = 100;
    o.targets = &bed;
    o.capture_sd = 0.2;
    const char *out = tpath("p.bam");
    ck_assert_msg(h2_simulate(g, &o, out, &err) == 0, "%s", err.msg);
    samFile *fp = sam_open(out, "r");
    sam_hdr_t *h = sam_hdr_read(fp);
    bam1_t *b = bam_init1();
    uint64_t n[3] = {0, 0, 0}, outside = 0;
    while (sam_read1(fp, h, b) >= 0) {
        const bam1_core_t *c = &b->core;
        int hit = -1;
        for (int i = 0; i < 3; i++)
            if (c->tid == (i < 2 ? 0 : 2) && c->pos >= rec[i].start - 50 && c->pos < rec[i].end + 50)
                hit = i;
        if (hit < 0)
            outside++;
        else if (!(c->flag & BAM_FDUP) && c->qual >= 20)
            n[hit]++;
    }
    ck_assert_uint_eq(outside, 0);
    assert_poisson(n[0], 200 * 1100 / 100.0);
    assert_poisson(n[1], 3 * 200 * 600 / 100.0);
    /* no value column: efficiency within 1 +- capture_sd */
    double eff = n[2] / (200 * 2100 / 100.0);
    ck_assert_msg(eff > 0.8 - 0.05 && eff < 1.2 + 0.05, "efficiency %.3f", eff);
    bam_destroy1(b);
    sam_hdr_destroy(h);
    sam_close(fp);
    h2_genome_destroy(g);
}
END_TEST

START_TEST(test_regions_sam)
{
    h2_genome_t *g = small_genome(3, CLEN);
    h2_bed_rec_t rec[2] = {{.chrom = "chr2", .start = 20000, .end = 30000, .name = NULL,
                            .value = NAN},
                            {.chrom = "chr2", .start = 29000, .end = 31000, .name = NULL,
                             .value = NAN}};
    h2_bed_t bed = {.n = 2, .m = 2, .rec = rec};
    h2_sim_opt_t o;
    h2_err_t err = {{0}};
    h2_sim_opt_init(&o);
    o.depth = 30;
    o.read_len = 100;
    o.regions = &bed;
    const char *out = tpath("r.sam");
    ck_assert_msg(h2_simulate(g, &o, out, &err) == 0, "%s", err.msg);
    ck_assert(!exists(tpath("r.sam.bai")));
    scan_t s = {0};
    add_win(&s, 1, 19900, 31100);   /* padded by one read length */
    add_win(&s, 1, 20000, 31000);
    scan_file(out, NULL, &s, 100);
    ck_assert(s.sorted && s.names_ok && s.shape_ok);
    ck_assert_uint_eq(s.wcount[0], s.real);
    assert_poisson(s.wcount[1], 30 * 11000 / 100.0);
    h2_genome_destroy(g);
}
END_TEST

START_TEST(test_failure_cleanup)
{
    h2_genome_t *g = small_genome(1, 50000);
    h2_sim_opt_t o;
    h2_err_t err = {{0}};
    h2_sim_opt_init(&o);
    ck_assert_int_eq(h2_simulate(g, &o, tpath("nodir/x.bam"), &err), H2_EIO);
    ck_assert_ptr_nonnull(strstr(err.msg, "nodir/x.bam"));
    o.fasta_out = tpath("nodir/x.fa");
    ck_assert_int_eq(h2_simulate(g, &o, tpath("x.cram"), &err), H2_EIO);
    ck_assert(!exists(tpath("x.cram")));
    h2_genome_destroy(g);
}
END_TEST

/* MD5 of a SAM file without its @PG line (which names the version). */
static void sam_md5_hex(const char *path, char hex[33])
{
    hts_md5_context *md5 = hts_md5_init();
    unsigned char dig[16];
    char *line = NULL;
    size_t m = 0;
    ssize_t n;
    FILE *f = fopen(path, "r");
    ck_assert_ptr_nonnull(f);
    ck_assert_ptr_nonnull(md5);
    while ((n = getline(&line, &m, f)) > 0)
        if (strncmp(line, "@PG\t", 4))
            hts_md5_update(md5, line, (unsigned long)n);
    hts_md5_final(dig, md5);
    hts_md5_hex(hex, dig);
    hts_md5_destroy(md5);
    free(line);
    fclose(f);
}

/* Without the realistic-noise options a simulation is byte for byte what it
 * was before they existed (MD5s from the simulator of commit 1547938). */
START_TEST(test_defaults_unchanged)
{
    h2_genome_t *g = small_genome(2, 100000);
    h2_sim_opt_t o;
    h2_sim_seg_t seg = {.contig = 0, .start = 20000, .end = 40000, .cn = 5, .minor = 1};
    h2_err_t err = {{0}};
    char hex[33];
    h2_sim_opt_init(&o);
    o.depth = 3;
    o.purity = 0.7;
    o.segs = &seg;
    o.n_segs = 1;
    o.het_rate = 0.01;
    o.seed = 11;
    ck_assert_msg(h2_simulate(g, &o, tpath("u1.sam"), &err) == 0, "%s", err.msg);
    sam_md5_hex(tpath("u1.sam"), hex);
    ck_assert_str_eq(hex, "ef99a9a86c4b5cb08cbfa04587709431");
    o.fasta_out = tpath("u2.fa");
    o.gc_bias = 0.2;
    o.wgd = 1;
    seg.ccf = 1.0;                  /* clonal, as 0 is */
    ck_assert_msg(h2_simulate(g, &o, tpath("u2.sam"), &err) == 0, "%s", err.msg);
    sam_md5_hex(tpath("u2.sam"), hex);
    ck_assert_str_eq(hex, "8ba071f98941e1650e2fe8002ab5f8e6");
    h2_genome_destroy(g);
}
END_TEST

/* A subclonal segment mixes linearly with the state under it (0 = clonal). */
START_TEST(test_seg_apply)
{
    h2_sim_seg_t gain = {.cn = 4, .minor = 0, .ccf = 0.5}, loh = {.cn = 2, .minor = 0};
    double cn = 2, minor = 1;
    h2_sim_seg_apply(&gain, &cn, &minor);
    ck_assert_double_eq_tol(cn, 3.0, 1e-12);
    ck_assert_double_eq_tol(minor, 0.5, 1e-12);
    /* expected B fraction at purity 1: the midpoint model's, 0.5 / 3 */
    ck_assert_double_eq_tol(h2_sim_hap_b_frac(1.0, cn, minor), 1.0 / 6, 1e-12);
    h2_sim_seg_apply(&loh, &cn, &minor);            /* clonal: replaces */
    ck_assert_double_eq_tol(cn, 2.0, 1e-12);
    ck_assert_double_eq_tol(minor, 0.0, 1e-12);
    gain.ccf = 0.25;                                /* over the LOH: 2.5, 0 */
    gain.minor = 2;
    h2_sim_seg_apply(&gain, &cn, &minor);
    ck_assert_double_eq_tol(cn, 2.5, 1e-12);
    ck_assert_double_eq_tol(minor, 0.5, 1e-12);
    gain.ccf = 1.0;
    h2_sim_seg_apply(&gain, &cn, &minor);
    ck_assert_double_eq_tol(cn, 4.0, 1e-12);
    ck_assert_double_eq_tol(minor, 2.0, 1e-12);
}
END_TEST

/* The realistic-noise options are deterministic with the seed; allele
 * overdispersion changes the bases only, depth noise and the wave the
 * positions; and each reaches the @PG line. */
START_TEST(test_noise_determinism)
{
    h2_genome_t *g = small_genome(2, 100000);
    h2_sim_opt_t o;
    h2_sim_seg_t seg = {.contig = 0, .start = 20000, .end = 40000, .cn = 4, .minor = 0,
                        .ccf = 0.5};
    h2_err_t err = {{0}};
    int same_seq;
    h2_sim_opt_init(&o);
    o.depth = 5;
    o.het_rate = 0.01;
    o.segs = &seg;
    o.n_segs = 1;
    o.seed = 3;
    ck_assert_msg(h2_simulate(g, &o, tpath("n0.bam"), &err) == 0, "%s", err.msg);
    o.allele_rho = 0.05;
    ck_assert_msg(h2_simulate(g, &o, tpath("n1.bam"), &err) == 0, "%s", err.msg);
    ck_assert_msg(h2_simulate(g, &o, tpath("n2.bam"), &err) == 0, "%s", err.msg);
    ck_assert(same_bytes(tpath("n1.bam"), tpath("n2.bam"), 0));
    ck_assert(same_positions(tpath("n0.bam"), tpath("n1.bam"), &same_seq));
    ck_assert(!same_seq);
    o.depth_noise_sd = 0.3;
    o.depth_noise_block = 20000;
    o.gc_wave_amp = 0.3;
    o.gc_wave_period = 100000;
    ck_assert_msg(h2_simulate(g, &o, tpath("n3.sam"), &err) == 0, "%s", err.msg);
    ck_assert_msg(h2_simulate(g, &o, tpath("n4.sam"), &err) == 0, "%s", err.msg);
    ck_assert(same_bytes(tpath("n3.sam"), tpath("n4.sam"), 0));
    ck_assert(!same_positions(tpath("n1.bam"), tpath("n3.sam"), &same_seq));
    o.seed = 4;
    ck_assert_msg(h2_simulate(g, &o, tpath("n5.sam"), &err) == 0, "%s", err.msg);
    ck_assert(!same_bytes(tpath("n3.sam"), tpath("n5.sam"), 0));
    samFile *fp = sam_open(tpath("n3.sam"), "r");
    sam_hdr_t *h = sam_hdr_read(fp);
    kstring_t pg = KS_INITIALIZE;
    ck_assert_int_eq(sam_hdr_find_line_id(h, "PG", "ID", "her2cn", &pg), 0);
    ck_assert_ptr_nonnull(strstr(pg.s, " subclonal=1 allele_rho=0.05 depth_noise=0.3:20000 "
                                       "gc_wave=0.3:100000"));
    free(pg.s);
    sam_hdr_destroy(h);
    sam_close(fp);
    h2_genome_destroy(g);
}
END_TEST

/* Depth noise per arm: the p/q boundary of a built-in chromosome, none on a
 * custom genome. */
START_TEST(test_arm_split)
{
    const h2_builtin_t *bi = h2_builtin_get(H2_BUILD_GRCH38);
    h2_genome_t *g = h2_genome_builtin(H2_BUILD_GRCH38, 1), *b37 = h2_genome_builtin(H2_BUILD_GRCH37, 0);
    h2_genome_t *c = small_genome(2, 100000);
    ck_assert_int_eq(h2_genome_arm_split(g, h2_genome_find(g, "chr1")), bi->chrom[0].cen_start);
    ck_assert_int_eq(h2_genome_arm_split(g, h2_genome_find(g, "chrX")), bi->chrom[22].cen_start);
    ck_assert_int_eq(h2_genome_arm_split(b37, h2_genome_find(b37, "17")),
                     h2_builtin_get(H2_BUILD_GRCH37)->chrom[16].cen_start);
    ck_assert_int_eq(h2_genome_arm_split(c, 0), -1);
    ck_assert_int_eq(h2_genome_arm_split(g, -1), -1);
    h2_genome_destroy(g);
    h2_genome_destroy(b37);
    h2_genome_destroy(c);
}
END_TEST

START_TEST(test_hap_b_frac)
{
    ck_assert_double_eq_tol(h2_sim_hap_b_frac(1.0, 2, 1), 0.5, 1e-12);
    ck_assert_double_eq_tol(h2_sim_hap_b_frac(1.0, 1, 0), 0.0, 1e-12);      /* LOH */
    ck_assert_double_eq_tol(h2_sim_hap_b_frac(0.6, 1, 0), 0.4 / 1.4, 1e-12);
    ck_assert_double_eq_tol(h2_sim_hap_b_frac(0.6, 20, 10), 6.4 / 12.8, 1e-12);
    ck_assert_double_eq_tol(h2_sim_hap_b_frac(0.5, 4, 1), 1.0 / 3, 1e-12);
    ck_assert_double_eq_tol(h2_sim_hap_b_frac(0.8, 3, 3), 2.6 / 2.8, 1e-12);
    ck_assert_double_eq_tol(h2_sim_hap_b_frac(0.6, 0, 0), 0.5, 1e-12);      /* normal only */
    ck_assert_double_eq_tol(h2_sim_hap_b_frac(1.0, 0, 0), 0.0, 1e-12);      /* no cells */
}
END_TEST

/* Without a FASTA every read over a position carries the same genome: one
 * base (GC 0.41) apart from errors at the stated qualities, two at het
 * sites (rate --het-rate) in equal shares at CN 2 minor 1. */
START_TEST(test_genome_consistent)
{
    enum { LEN = 60000, RL = 100 };
    h2_genome_t *g = small_genome(1, LEN);
    h2_sim_opt_t o;
    h2_err_t err = {{0}};
    static uint32_t cnt[LEN][4];
    double expect_err = 0;
    h2_sim_opt_init(&o);
    o.depth = 60;
    o.read_len = RL;
    o.het_rate = 0.01;
    o.dup_frac = o.mq0_frac = 0;
    ck_assert_msg(h2_simulate(g, &o, tpath("h.bam"), &err) == 0, "%s", err.msg);
    samFile *fp = sam_open(tpath("h.bam"), "r");
    sam_hdr_t *h = sam_hdr_read(fp);
    bam1_t *b = bam_init1();
    while (sam_read1(fp, h, b) >= 0)
        for (int i = 0; i < RL; i++) {
            int q = bam_get_qual(b)[i];
            if (q >= 20)
                cnt[b->core.pos + i][seq_nt16_int[bam_seqi(bam_get_seq(b), i)]]++;
        }
    bam_destroy1(b);
    sam_hdr_destroy(h);
    sam_close(fp);
    /* expected error share of Q>=20 bases: 37 and 23 in proportion 85:8 */
    double e20 = (85 * pow(10, -3.7) + 8 * pow(10, -2.3)) / 93;
    uint64_t n_pos = 0, n_gc = 0, n_het = 0, het_a = 0, het_n = 0, hom_bad = 0, hom_n = 0;
    for (int x = RL; x < LEN - RL; x++) {
        uint32_t *c = cnt[x], d = c[0] + c[1] + c[2] + c[3];
        int k1 = 0, k2 = -1;
        for (int k = 1; k < 4; k++)
            if (c[k] > c[k1])
                k1 = k;
        for (int k = 0; k < 4; k++)
            if (k != k1 && (k2 < 0 || c[k] > c[k2]))
                k2 = k;
        n_pos++;
        if (c[k2] >= 0.2 * d) {             /* het: the first allele in ACGT order */
            n_het++;
            het_a += c[k1 < k2 ? k1 : k2];
            het_n += c[k1] + c[k2];
            continue;
        }
        n_gc += k1 == 1 || k1 == 2;
        hom_bad += d - c[k1];
        hom_n += d;
    }
    expect_err = e20 * hom_n;
    assert_poisson(n_het, 0.01 * n_pos);
    assert_frac(het_a, het_n, 0.5);
    assert_frac(n_gc, n_pos - n_het, 0.41);
    assert_poisson(hom_bad, expect_err);
    h2_genome_destroy(g);
}
END_TEST

/* main_simulate on a NULL-terminated argument list. */
static int run_cli(const char **args)
{
    char *argv[32];
    int n = 0;
    argv[n++] = "simulate";
    while (*args && n < 31)
        argv[n++] = (char *)*args++;
    argv[n] = NULL;
    optind = 0;
    return main_simulate(n, argv);
}
#define CLI(...) run_cli((const char *[]){__VA_ARGS__, NULL})

/* run_cli with stderr captured: returns the exit code, msg gets the text. */
static int run_cli_err(const char **args, char *msg, size_t n)
{
    int fd = dup(2), rc;
    fflush(stderr);
    ck_assert_ptr_nonnull(freopen(tpath("stderr.txt"), "w", stderr));
    rc = run_cli(args);
    fflush(stderr);
    dup2(fd, 2);
    close(fd);
    FILE *f = fopen(tpath("stderr.txt"), "r");
    size_t k = fread(msg, 1, n - 1, f);
    msg[k] = 0;
    fclose(f);
    return rc;
}

/* Exit 1 with one line on stderr that contains `want`. */
#define CLI_FAILS(want, ...) do { \
        char msg_[1024]; \
        int rc_ = run_cli_err((const char *[]){__VA_ARGS__, NULL}, msg_, sizeof msg_); \
        ck_assert_msg(rc_ == 1, "exit %d: %s", rc_, msg_); \
        ck_assert_msg(strstr(msg_, want) != NULL, "\"%s\" not in \"%s\"", want, msg_); \
        ck_assert_msg(strchr(msg_, '\n') == msg_ + strlen(msg_) - 1, "not one line: %s", msg_); \
    } while (0)

START_TEST(test_cli)
{
    FILE *f = fopen(tpath("g.txt"), "w");
    fprintf(f, "chr1\t100000\nchr2\t100000\n");
    fclose(f);
    char gf[512], out[512];     /* own copies: tpath's ring is reused by every CLI_FAILS */
    snprintf(gf, sizeof gf, "%s", tpath("g.txt"));
    snprintf(out, sizeof out, "%s", tpath("cli.bam"));
    ck_assert_int_eq(run_cli((const char *[]){NULL}), 1);
    ck_assert_int_eq(CLI("-h"), 0);
    ck_assert_int_eq(CLI("-g", gf), 1);              /* no -o */
    ck_assert_int_eq(CLI("-g", gf, "-d", "x", "-o", out), 1);
    ck_assert_int_eq(CLI("-g", gf, "-c", "chr9:1-10:4", "-o", out), 1);
    ck_assert_int_eq(CLI("-g", gf, "-c", "chr1:5", "-o", out, "x"), 1);
    ck_assert_int_eq(CLI("-g", gf, "-c", "chr1:10-5:4", "-o", out), 1);
    ck_assert_int_eq(CLI("-g", "hg37x", "-o", out), 1);
    ck_assert_int_eq(CLI("-g", gf, "-r", tpath("none.bed"), "-o", out), 3);
    /* the minor copy number: CHR:START-END:CN:MINOR and CHR:CN:MINOR */
    CLI_FAILS("MINOR must be a number in [0, CN], not \"5\"", "-g", gf, "-c", "chr1:1-10:4:5", "-o", out);
    CLI_FAILS("MINOR must be a number in [0, CN], not \"-1\"", "-g", gf, "-c", "chr1:1-10:4:-1", "-o", out);
    CLI_FAILS("MINOR must be a number in [0, CN], not \"x\"", "-g", gf, "-c", "chr1:1-10:4:x", "-o", out);
    CLI_FAILS("MINOR must be a number in [0, CN], not \"3\"", "-g", gf, "-c", "chr1:2:3", "-o", out);
    CLI_FAILS("MINOR must be a number in [0, CN], not \"\"", "-g", gf, "-c", "chr1:2:", "-o", out);
    CLI_FAILS("CN must be a number >= 0, not \"-2\"", "-g", gf, "-c", "chr1:1-10:-2:0", "-o", out);
    CLI_FAILS("CN must be a number >= 0, not \"y\"", "-g", gf, "-c", "chr1:1-10:y", "-o", out);
    CLI_FAILS("bad range \"x\"", "-g", gf, "-c", "chr1:x:1", "-o", out);
    CLI_FAILS("need 1 <= START <= END", "-g", gf, "-c", "chr1:10-5:4:1", "-o", out);
    CLI_FAILS("contig \"chr9\" is not in the genome", "-g", gf, "-c", "chr9:1-10:4:1", "-o", out);
    CLI_FAILS("expected CHR:START-END:CN[:MINOR[:CCF]] or CHR:CN[:MINOR[:CCF]]", "-g", gf, "-c", "4",
              "-o", out);
    /* the cancer-cell fraction: CHR:START-END:CN:MINOR:CCF and CHR:CN:MINOR:CCF */
    CLI_FAILS("CCF must be a number in (0, 1], not \"0\"", "-g", gf, "-c", "chr1:1-10:4:1:0", "-o", out);
    CLI_FAILS("CCF must be a number in (0, 1], not \"1.5\"", "-g", gf, "-c", "chr1:4:1:1.5", "-o", out);
    CLI_FAILS("MINOR must be a number in [0, CN], not \"5\"", "-g", gf, "-c", "chr1:4:5:0.5", "-o", out);
    CLI_FAILS("--allele-rho must be a number, not \"x\"", "-g", gf, "--allele-rho", "x", "-o", out);
    CLI_FAILS("overdispersion rho must be in [0, 1)", "-g", gf, "--allele-rho", "1", "-o", out);
    CLI_FAILS("--depth-noise must be a number, not \"a\"", "-g", gf, "--depth-noise", "a:10000",
              "-o", out);
    CLI_FAILS("--gc-wave: the length after ':' must be an integer >= 0 (bp), not \"-5\"", "-g", gf,
              "--gc-wave", "0.2:-5", "-o", out);
    CLI_FAILS("--het-rate must be a number, not \"1/1500\"", "-g", gf, "--het-rate", "1/1500", "-o", out);
    CLI_FAILS("het rate must be in [0, 1)", "-g", gf, "--het-rate", "1", "-o", out);
    ck_assert(!exists(out));
    ck_assert_int_eq(CLI("-g", gf, "-d", "0.5", "-c", "chr1:3:1", "-c", "chr2:1-5000:4:0",
                         "-c", "chr2:6,001-7,000:2.5:2.5", "-c", "chr2:1", "--wgd",
                         "--het-rate", "0", "-o", out), 0);
    ck_assert(exists(out));
    ck_assert_int_eq(unlink(out), 0);
    ck_assert_int_eq(CLI("-g", gf, "-d", "4", "-c", "2:1,001-20,000:8:4:1",
                                                  "-c", "chr1:4:0:0.5", "--dup-frac", "0", "-s", "3",
                                                  "--depth-noise", "0:20,000", "--gc-wave", "0",
                                                  "-o", out), 0);
    ck_assert(exists(out) && exists(tpath("cli.bam.bai")));
    scan_t s = {0};
    add_win(&s, 1, 1000, 20000 - 150);
    add_win(&s, 0, 0, 100000 - 149);
    scan_file(out, NULL, &s, 150);
    ck_assert_uint_eq(s.dup, 0);
    assert_poisson(s.wcount[0], 4 * 4 * (20000 - 150 - 1000) / 150.0);
    assert_poisson(s.wcount[1], 4 * 1.5 * (100000 - 149) / 150.0);

    /* built-in GRCh38 with bare names, restricted to ERBB2 by a BED */
    f = fopen(tpath("erbb2.bed"), "w");
    fprintf(f, "chr17\t39687913\t39730426\tERBB2\n");
    fclose(f);
    snprintf(out, sizeof out, "%s", tpath("grch38.bam"));
    ck_assert_int_eq(CLI("--no-chr", "-r", tpath("erbb2.bed"), "-d", "10",
                         "-c", "chr17:39687914-39730426:20", "-o", out), 0);
    samFile *fp = sam_open(out, "r");
    sam_hdr_t *h = sam_hdr_read(fp);
    ck_assert_int_eq(sam_hdr_nref(h), 24);
    ck_assert_int_eq(sam_hdr_name2tid(h, "17"), 16);
    ck_assert_int_eq(sam_hdr_tid2len(h, 16), 83257441);
    sam_hdr_destroy(h);
    sam_close(fp);
    scan_t s2 = {0};
    add_win(&s2, 16, 39687913, 39730426 - 150);
    scan_file(out, NULL, &s2, 150);
    assert_poisson(s2.wcount[0], 10 * 10 * (39730426 - 150 - 39687913) / 150.0);
}
END_TEST

/* --individual: sites shared, genotypes per person in Hardy-Weinberg
 * proportions (about 55% 0/0, 36% 0/1, 9% 1/1); --snps-out lists them */
static void genotype_counts(const char *vcf, int *gt, int *n)
{
    FILE *fp = fopen(vcf, "r");
    char line[512];
    ck_assert_ptr_nonnull(fp);
    gt[0] = gt[1] = gt[2] = *n = 0;
    while (fgets(line, sizeof line, fp)) {
        const char *x = strstr(line, "GT_SIM=");
        if (line[0] == '#' || !x)
            continue;
        gt[x[7] - '0']++;
        (*n)++;
    }
    fclose(fp);
}

START_TEST(test_individual)
{
    h2_genome_t *g = small_genome(2, 1000000);
    h2_sim_opt_t o;
    h2_err_t err = {{0}};
    int a[3], b[3], na, nb;
    h2_sim_opt_init(&o);
    o.depth = 0.01;
    o.ref_seed = 3, o.ref_seed_set = 1;
    o.individual = 1, o.individual_set = 1;
    o.snps_out = tpath("i1.vcf");
    ck_assert_msg(h2_simulate(g, &o, tpath("i1.bam"), &err) == 0, "%s", err.msg);
    o.individual = 2;
    o.snps_out = tpath("i2.vcf");
    ck_assert_msg(h2_simulate(g, &o, tpath("i2.bam"), &err) == 0, "%s", err.msg);
    genotype_counts(tpath("i1.vcf"), a, &na);
    genotype_counts(tpath("i2.vcf"), b, &nb);
    ck_assert_int_eq(na, nb);                   /* the same sites */
    double sites = 2e6 * o.het_rate / H2_SIM_POP_HET;
    ck_assert_msg(fabs(na - sites) < 4 * sqrt(sites), "%d sites, expected %g", na, sites);
    ck_assert_msg(fabs(a[1] - 2e6 * o.het_rate) < 0.1 * 2e6 * o.het_rate, "%d hets", a[1]);
    ck_assert(a[2] > 0.05 * na && a[2] < 0.13 * na);
    ck_assert(a[0] != b[0] || a[1] != b[1]);    /* other genotypes */
    ck_assert(!same_bytes(tpath("i1.vcf"), tpath("i2.vcf"), 0));
    h2_genome_destroy(g);
}
END_TEST

Suite *simulate_suite(void)
{
    Suite *s = suite_create("simulate");
    TCase *tc = tcase_create("simulate");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_defaults);
    tcase_add_test(tc, test_validation);
    tcase_add_test(tc, test_depth_ratio);
    tcase_add_test(tc, test_determinism);
    tcase_add_test(tc, test_long_contig_csi);
    tcase_add_test(tc, test_individual);
    tcase_add_test(tc, test_cram_fasta);
    tcase_add_test(tc, test_gc_bias);
    tcase_add_test(tc, test_gc_region);
    tcase_add_test(tc, test_panel);
    tcase_add_test(tc, test_regions_sam);
    tcase_add_test(tc, test_failure_cleanup);
    tcase_add_test(tc, test_cli);
    tcase_add_test(tc, test_hap_b_frac);
    tcase_add_test(tc, test_defaults_unchanged);
    tcase_add_test(tc, test_seg_apply);
    tcase_add_test(tc, test_noise_determinism);
    tcase_add_test(tc, test_arm_split);
    tcase_add_test(tc, test_genome_consistent);
    suite_add_tcase(s, tc);
    return s;
}
