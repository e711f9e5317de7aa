/* check_count.c -- tests of the per-bin counter (src/count.c).
 *
 * testdata/count/hand.sam is a hand-written SAM whose per-bin numbers below
 * were worked out by hand from the CIGARs (each read's name says what it
 * tests). The fixture converts it into BAM and CRAM (samtools, into a temp
 * dir) so that the same numbers are checked through the streamed SAM path,
 * the indexed BAM path and CRAM, for 1, 2 and 4 threads. A second test
 * generates a few thousand random reads and compares every bin with
 * `samtools bedcov -j` and with a per-base brute force. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "h2_count.h"
#include "testutil.h"

static char tmpdir[512];
static char datadir[512];

/* ---- helpers ---------------------------------------------------------- */

static const char *tpath(const char *name)
{
    return th_path(tmpdir, name);
}


static int copy_bytes(const char *src, const char *dst, long cut, long flip)
{
    FILE *in = fopen(src, "rb"), *out = fopen(dst, "wb");
    char *buf = NULL;
    long n, ret = -1;
    if (!in || !out || fseek(in, 0, SEEK_END) != 0 || (n = ftell(in)) <= 0)
        goto out;
    rewind(in);
    if (!(buf = malloc(n)) || fread(buf, 1, n, in) != (size_t)n)
        goto out;
    if (cut > 0 && cut < n)
        n = cut;
    if (flip >= 0 && flip + 16 < n)
        memset(buf + flip, 0x55, 16);
    ret = fwrite(buf, 1, n, out) == (size_t)n ? 0 : -1;
out:
    free(buf);
    if (in)
        fclose(in);
    if (out && fclose(out) != 0)
        ret = -1;
    return (int)ret;
}

/* Offset of the second BGZF block of a BAM (the first holds the header). */
static long second_block(const char *path)
{
    unsigned char h[18];
    FILE *fp = fopen(path, "rb");
    long off = -1;
    if (fp && fread(h, 1, 18, fp) == 18)
        off = (long)(h[16] | h[17] << 8) + 1;
    if (fp)
        fclose(fp);
    return off;
}

static void setup(void)
{
    const char *td = getenv("H2_TESTDATA");
    const char *tmp = getenv("TMPDIR");
    snprintf(datadir, sizeof datadir, "%s/count", td ? td : "testdata");
    snprintf(tmpdir, sizeof tmpdir, "%s/h2count.XXXXXX", tmp ? tmp : "/tmp");
    setenv("REF_PATH", ":", 1);
    unsetenv("REF_CACHE");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
    ck_assert_int_eq(th_run("cp %s/hand.sam %s/ref.fa %s/", datadir, datadir,
                         tmpdir), 0);
    ck_assert_int_eq(th_run("cd %s && samtools faidx ref.fa && "
        "samtools view -b -o hand.bam hand.sam && samtools index hand.bam && "
        "samtools view -C -T ref.fa -o hand.cram hand.sam && "
        "samtools index hand.cram && cp hand.bam noindex.bam && "
        "bgzip -c hand.sam > hand.sam.gz && samtools index -c hand.sam.gz && "
        "cp hand.sam.gz noindex.sam.gz && "
        "sed '/^>/!s/[CGT]/A/g' ref.fa > wrong.fa && samtools faidx wrong.fa",
        tmpdir), 0);
    ck_assert_int_eq(copy_bytes(tpath("hand.bam"), tpath("trunc.bam"), 400, -1), 0);
    ck_assert_int_eq(copy_bytes(tpath("hand.bam"), tpath("corrupt.bam"), 0,
                                second_block(tpath("hand.bam")) + 20), 0);
    ck_assert_int_eq(th_run("cp %s/hand.bam.bai %s/corrupt.bam.bai", tmpdir,
                         tmpdir), 0);
}

static void teardown(void)
{
    if (tmpdir[0] && strstr(tmpdir, "h2count."))
        th_run("rm -rf '%s'", tmpdir);
}

/* The hand-made genome and bins (0-based half-open). */
static h2_contig_t hand_contigs[] = {{.name = "chrA", .len = 20000}, {.name = "chrB", .len = 5000}};
static h2_genome_t hand_genome = {.build = H2_BUILD_CUSTOM, .n_contigs = 2,
                                  .contigs = hand_contigs};
static h2_bin_t hand_bins[] = {
    {.contig = 0, .start = 0, .end = 1000, .role = H2_ROLE_LOCAL, .gene = -1},     /* 0 */
    {.contig = 0, .start = 1000, .end = 2000, .role = H2_ROLE_LOCAL, .gene = -1},  /* 1 */
    {.contig = 0, .start = 1500, .end = 1700, .role = H2_ROLE_GENE, .gene = 0},    /* 2: inside bin 1 */
    {.contig = 0, .start = 2000, .end = 3000, .role = H2_ROLE_LOCAL, .gene = -1},  /* 3 */
    {.contig = 0, .start = 3000, .end = 15000, .role = H2_ROLE_GENE, .gene = 0},   /* 4: a long gene */
    {.contig = 0, .start = 10000, .end = 11000, .role = H2_ROLE_REF, .gene = -1},  /* 5: inside bin 4 */
    {.contig = 0, .start = 19000, .end = 20000, .role = H2_ROLE_REF, .gene = -1},  /* 6: contig end */
    {.contig = 1, .start = 0, .end = 1000, .role = H2_ROLE_REF, .gene = -1},       /* 7 */
    {.contig = 1, .start = 2000, .end = 3000, .role = H2_ROLE_REF, .gene = -1},    /* 8: no reads */
    {.contig = 1, .start = 4000, .end = 5000, .role = H2_ROLE_REF, .gene = -1},    /* 9 */
};
#define N_HAND 10

static void hand_regset(h2_regset_t *rs)
{
    memset(rs, 0, sizeof *rs);
    rs->genome = &hand_genome;
    rs->build = H2_BUILD_CUSTOM;
    rs->n_bins = N_HAND;
    rs->bins = hand_bins;
}

/* Worked out by hand from hand.sam with MAPQ >= 20 and flags 3844. */
static const uint64_t want_bases[N_HAND] = {55, 245, 60, 75, 120, 10, 50, 110, 0, 10};
static const uint64_t want_reads[N_HAND] = {2, 6, 1, 2, 4, 1, 1, 2, 0, 1};
static const uint64_t want_mq0[N_HAND] = {0, 1, 0, 0, 1, 1, 0, 0, 0, 0};

static void assert_counts(const h2_counts_t *c, const uint64_t *bases,
                          const uint64_t *reads, const uint64_t *mq0)
{
    int i;
    ck_assert_int_eq(c->n_bins, N_HAND);
    for (i = 0; i < N_HAND; i++) {
        ck_assert_msg(c->bases[i] == bases[i], "bin %d bases %llu want %llu",
                      i, (unsigned long long)c->bases[i],
                      (unsigned long long)bases[i]);
        ck_assert_msg(c->reads[i] == reads[i], "bin %d reads %llu want %llu",
                      i, (unsigned long long)c->reads[i],
                      (unsigned long long)reads[i]);
        ck_assert_msg(c->mq0[i] == mq0[i], "bin %d mq0 %llu want %llu",
                      i, (unsigned long long)c->mq0[i],
                      (unsigned long long)mq0[i]);
    }
}

static h2_counts_t *count_file(const char *path, const h2_regset_t *rs,
                               const h2_count_opt_t *o, h2_err_t *err, int *rc)
{
    h2_counts_t *c;
    memset(err, 0, sizeof *err);
    *rc = 12345;
    c = h2_count_run(path, rs, o, err, rc);
    return c;
}

/* ---- hand-made data --------------------------------------------------- */

START_TEST(test_opt_init)
{
    h2_count_opt_t o;
    memset(&o, 0xff, sizeof o);
    h2_count_opt_init(&o);
    ck_assert_int_eq(o.min_mq, 20);
    ck_assert_int_eq(o.exclude_flags, 3844);
    ck_assert_int_eq(o.threads, 1);
    ck_assert_ptr_null(o.reference);
    h2_counts_destroy(NULL);
}
END_TEST

/* file, threads, use reference, streamed */
static const struct {
    const char *file;
    int threads, ref, streamed;
} hand_cases[] = {
    {"hand.sam", 1, 0, 1}, {"hand.sam", 4, 0, 1},
    {"hand.bam", 1, 0, 0}, {"hand.bam", 2, 0, 0}, {"hand.bam", 4, 0, 0},
    {"hand.sam.gz", 1, 0, 0}, {"hand.sam.gz", 3, 0, 0},
    {"hand.cram", 1, 1, 0}, {"hand.cram", 2, 1, 0}, {"hand.cram", 4, 1, 0},
    /* more threads than workers (4, or fewer with fewer bins): a shared pool */
    {"hand.bam", 7, 0, 0}, {"hand.cram", 7, 1, 0},
};
#define N_HAND_CASES (int)(sizeof hand_cases / sizeof hand_cases[0])

START_TEST(test_hand_counts)
{
    h2_regset_t rs;
    h2_count_opt_t o;
    h2_counts_t *c;
    h2_err_t err;
    char ref[1024];
    int rc;
    hand_regset(&rs);
    h2_count_opt_init(&o);
    o.threads = hand_cases[_i].threads;
    snprintf(ref, sizeof ref, "%s", tpath("ref.fa"));
    if (hand_cases[_i].ref)
        o.reference = ref;
    c = count_file(tpath(hand_cases[_i].file), &rs, &o, &err, &rc);
    ck_assert_msg(c != NULL, "%s: %s", hand_cases[_i].file, err.msg);
    ck_assert_int_eq(rc, 0);
    ck_assert_int_eq(c->streamed, hand_cases[_i].streamed);
    assert_counts(c, want_bases, want_reads, want_mq0);
    /* records overlapping a bin: all but r23_between_bins */
    ck_assert_uint_eq(c->n_records, 23);
    h2_counts_destroy(c);
}
END_TEST

START_TEST(test_hand_min_mq0)
{
    /* min_mq 0 adds r09 (MQ0), r10 (MQ10) and r16 (MQ0); mq0 is unchanged */
    static const uint64_t bases[N_HAND] = {55, 345, 60, 75, 220, 110, 50, 110, 0, 10};
    static const uint64_t reads[N_HAND] = {2, 8, 1, 2, 5, 2, 1, 2, 0, 1};
    h2_regset_t rs;
    h2_count_opt_t o;
    h2_counts_t *c;
    h2_err_t err;
    int rc, k;
    const char *files[] = {"hand.bam", "hand.sam"};
    hand_regset(&rs);
    h2_count_opt_init(&o);
    o.min_mq = 0;
    for (k = 0; k < 2; k++) {
        c = count_file(tpath(files[k]), &rs, &o, &err, &rc);
        ck_assert_msg(c != NULL, "%s", err.msg);
        assert_counts(c, bases, reads, want_mq0);
        h2_counts_destroy(c);
    }
}
END_TEST

START_TEST(test_hand_no_flag_filter)
{
    /* flags 0: r05-r08 (50M at 1100, MAPQ 60) count in bin 1, the MAPQ-0
     * duplicate r11 adds to mq0; the unmapped r04 never counts */
    static const uint64_t bases[N_HAND] = {55, 445, 60, 75, 120, 10, 50, 110, 0, 10};
    static const uint64_t reads[N_HAND] = {2, 10, 1, 2, 4, 1, 1, 2, 0, 1};
    static const uint64_t mq0[N_HAND] = {0, 2, 0, 0, 1, 1, 0, 0, 0, 0};
    h2_regset_t rs;
    h2_count_opt_t o;
    h2_counts_t *c;
    h2_err_t err;
    int rc;
    hand_regset(&rs);
    h2_count_opt_init(&o);
    o.exclude_flags = 0;
    o.threads = 2;
    c = count_file(tpath("hand.bam"), &rs, &o, &err, &rc);
    ck_assert_msg(c != NULL, "%s", err.msg);
    assert_counts(c, bases, reads, mq0);
    h2_counts_destroy(c);
}
END_TEST

START_TEST(test_hand_empty_regset)
{
    h2_regset_t rs;
    h2_count_opt_t o;
    h2_counts_t *c;
    h2_err_t err;
    int rc;
    hand_regset(&rs);
    rs.n_bins = 0;
    h2_count_opt_init(&o);
    o.threads = 4;
    c = count_file(tpath("hand.bam"), &rs, &o, &err, &rc);
    ck_assert_msg(c != NULL, "%s", err.msg);
    ck_assert_int_eq(c->n_bins, 0);
    ck_assert_uint_eq(c->n_records, 0);
    h2_counts_destroy(c);
}
END_TEST

/* ---- errors ----------------------------------------------------------- */

static void expect_error(const char *file, const char *ref, int want_rc,
                         const char *want_msg,
                         const h2_genome_t *g)
{
    h2_regset_t rs;
    h2_count_opt_t o;
    h2_counts_t *c;
    h2_err_t err;
    int rc;
    hand_regset(&rs);
    if (g)
        rs.genome = g;
    h2_count_opt_init(&o);
    o.reference = ref;
    c = count_file(tpath(file), &rs, &o, &err, &rc);
    ck_assert_ptr_null(c);
    ck_assert_int_eq(rc, want_rc);
    ck_assert_msg(strstr(err.msg, want_msg) != NULL, "message [%s] lacks [%s]",
                  err.msg, want_msg);
}

START_TEST(test_err_missing)
{
    expect_error("nope.bam", NULL, H2_EIO, "cannot open", NULL);
}
END_TEST

START_TEST(test_err_no_index)
{
    expect_error("noindex.bam", NULL, H2_EINPUT, "no index for", NULL);
    expect_error("noindex.sam.gz", NULL, H2_EINPUT, "run samtools index", NULL);
}
END_TEST

START_TEST(test_err_truncated)
{
    expect_error("trunc.bam", NULL, H2_EINPUT, "truncated", NULL);
}
END_TEST

START_TEST(test_err_corrupt)
{
    expect_error("corrupt.bam", NULL, H2_EINPUT, "truncated or corrupt", NULL);
}
END_TEST

START_TEST(test_err_cram_no_ref)
{
    setenv("REF_PATH", ":", 1);
    unsetenv("REF_CACHE");
    expect_error("hand.cram", NULL, H2_EUSAGE, "needs a reference", NULL);
}
END_TEST

START_TEST(test_err_header_mismatch)
{
    static h2_contig_t three[] = {{.name = "chrA", .len = 20000}, {.name = "chrB", .len = 5000},
                                  {.name = "chrC", .len = 9}};
    static h2_genome_t g3 = {.build = H2_BUILD_CUSTOM, .n_contigs = 3, .contigs = three};
    expect_error("hand.bam", NULL, H2_EINTERNAL, "contigs", &g3);
}
END_TEST

START_TEST(test_err_unsorted)
{
    h2_bin_t bins[2] = {{.contig = 0, .start = 500, .end = 600, .role = H2_ROLE_REF, .gene = -1},
                        {.contig = 0, .start = 100, .end = 200, .role = H2_ROLE_REF, .gene = -1}};
    h2_regset_t rs;
    h2_count_opt_t o;
    h2_err_t err;
    int rc;
    hand_regset(&rs);
    rs.n_bins = 2;
    rs.bins = bins;
    h2_count_opt_init(&o);
    ck_assert_ptr_null(count_file(tpath("hand.bam"), &rs, &o, &err, &rc));
    ck_assert_int_eq(rc, H2_EINTERNAL);
}
END_TEST

/* ---- random reads vs samtools bedcov and a brute force ---------------- */

/* A small deterministic generator (xorshift64*), so the data do not depend
 * on the C library's rand(). */
static uint64_t rng_state;
static uint32_t rnd(uint32_t n)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return (uint32_t)((rng_state * 2685821657736338717ULL) >> 33) % n;
}

#define SIM_N 5000
typedef struct {
    int tid, flag, mapq;
    hts_pos_t pos;
    char cigar[128];
} sim_read_t;

static void sim_cigar(char *s, size_t n)
{
    static const char mops[] = "MMM=X";
    static const char gaps[] = "IDDN";
    int k, nseg = 1 + rnd(4);
    size_t used = 0;
    s[0] = 0;
    if (rnd(5) == 0)
        used += snprintf(s + used, n - used, "%uS", 1 + rnd(10));
    for (k = 0; k < nseg; k++) {
        char g = gaps[rnd(4)];
        uint32_t gl = g == 'N' ? 50 + rnd(3000) : g == 'D' ? 1 + rnd(30) : 1 + rnd(5);
        used += snprintf(s + used, n - used, "%u%c", 1 + rnd(80), mops[rnd(5)]);
        if (k + 1 < nseg)
            used += snprintf(s + used, n - used, "%u%c", gl, g);
    }
    if (rnd(5) == 0)
        snprintf(s + used, n - used, "%uH", 1 + rnd(10));
}

static int sim_cmp(const void *pa, const void *pb)
{
    const sim_read_t *a = pa, *b = pb;
    if (a->tid != b->tid)
        return a->tid - b->tid;
    return (a->pos > b->pos) - (a->pos < b->pos);
}

static h2_contig_t sim_contigs[] = {{.name = "chr1", .len = 300000},
                                    {.name = "chr2", .len = 60000}};
static h2_genome_t sim_genome = {.build = H2_BUILD_CUSTOM, .n_contigs = 2, .contigs = sim_contigs};

static void sim_reads(sim_read_t *r)
{
    static const int flags[] = {0, 0, 0, 16, 99, 147, 256, 512, 1024, 2048, 4};
    static const int mqs[] = {60, 60, 60, 0, 0, 5, 19, 20, 30, 255};
    int i;
    for (i = 0; i < SIM_N; i++) {
        r[i].tid = rnd(5) == 0;
        r[i].pos = rnd((uint32_t)sim_contigs[r[i].tid].len - 12000);
        r[i].flag = flags[rnd(11)];
        r[i].mapq = mqs[rnd(10)];
        if (r[i].flag & 4)
            strcpy(r[i].cigar, "*");
        else
            sim_cigar(r[i].cigar, sizeof r[i].cigar);
    }
    /* a pile of identical reads: no depth cap may apply */
    for (i = 0; i < 300; i++) {
        r[i].tid = 0, r[i].pos = 100000, r[i].flag = 0, r[i].mapq = 60;
        strcpy(r[i].cigar, "150M");
    }
    qsort(r, SIM_N, sizeof *r, sim_cmp);
}

static int sim_write(const sim_read_t *r, const char *path)
{
    FILE *fp = fopen(path, "w");
    int i;
    if (!fp)
        return -1;
    fprintf(fp, "@HD\tVN:1.6\tSO:coordinate\n@SQ\tSN:chr1\tLN:300000\n"
            "@SQ\tSN:chr2\tLN:60000\n");
    for (i = 0; i < SIM_N; i++)
        fprintf(fp, "s%d\t%d\t%s\t%lld\t%d\t%s\t*\t0\t0\t*\t*\n", i, r[i].flag,
                sim_contigs[r[i].tid].name, (long long)r[i].pos + 1, r[i].mapq,
                r[i].cigar);
    fprintf(fp, "unplaced\t4\t*\t0\t0\t*\t*\t0\t0\t*\t*\n");
    return fclose(fp);
}

static int bin_cmp(const void *pa, const void *pb)
{
    const h2_bin_t *a = pa, *b = pb;
    if (a->contig != b->contig)
        return a->contig - b->contig;
    if (a->start != b->start)
        return (a->start > b->start) - (a->start < b->start);
    return (a->end > b->end) - (a->end < b->end);
}

static int sim_bins(h2_bin_t *b, int max)
{
    int n = 0, i;
    hts_pos_t p;
    for (p = 0; p < 300000 && n < max; p += 5000)
        b[n++] = (h2_bin_t){.contig = 0, .start = p, .end = p + 5000, .role = H2_ROLE_CHR17,
                            .gene = -1};
    for (p = 98000; p < 104000 && n < max; p += 500)
        b[n++] = (h2_bin_t){.contig = 0, .start = p, .end = p + 500, .role = H2_ROLE_LOCAL,
                            .gene = -1};
    for (p = 10000; p < 50000 && n < max; p += 1000)
        b[n++] = (h2_bin_t){.contig = 1, .start = p, .end = p + 1000, .role = H2_ROLE_REF,
                            .gene = -1};
    b[n++] = (h2_bin_t){.contig = 0, .start = 20000, .end = 150000, .role = H2_ROLE_GENE,
                        .gene = 0};
    b[n++] = (h2_bin_t){.contig = 1, .start = 0, .end = 60000, .role = H2_ROLE_GENE, .gene = 1};
    b[n++] = (h2_bin_t){.contig = 1, .start = 5000, .end = 55000, .role = H2_ROLE_REF, .gene = -1};
    for (i = 0; i < 40 && n < max; i++) {
        int t = rnd(4) == 0;
        hts_pos_t s = rnd((uint32_t)sim_contigs[t].len - 3000);
        b[n++] = (h2_bin_t){.contig = t, .start = s, .end = s + 1 + rnd(2500), .role = H2_ROLE_GENE,
                            .gene = 2};
    }
    qsort(b, n, sizeof *b, bin_cmp);
    return n;
}

/* Per-base brute force: for every passing read and every bin, walk the
 * CIGAR one reference base at a time. */
static void brute_force(const sim_read_t *r, const h2_bin_t *bins, int nb,
                        uint64_t *bases, uint64_t *reads, uint64_t *mq0)
{
    int i, j;
    for (i = 0; i < SIM_N; i++) {
        if ((r[i].flag & 3844) || (r[i].mapq < 20 && r[i].mapq != 0))
            continue;
        for (j = 0; j < nb; j++) {
            const char *s = r[i].cigar;
            hts_pos_t pos = r[i].pos, n = 0;
            if (bins[j].contig != r[i].tid)
                continue;
            while (*s) {
                long len = strtol(s, (char **)&s, 10), k;
                char op = *s++;
                for (k = 0; k < len && strchr("MDN=X", op); k++, pos++)
                    if (strchr("M=X", op) && pos >= bins[j].start && pos < bins[j].end)
                        n++;
            }
            if (n && r[i].mapq >= 20)
                bases[j] += n, reads[j]++;
            if (n && r[i].mapq == 0)
                mq0[j]++;
        }
    }
}

/* samtools bedcov -j sums per bin, in BED order. */
static int bedcov(const char *bed, const char *bam, uint64_t *out, int nb)
{
    kstring_t cmd = KS_INITIALIZE;
    char line[512];
    FILE *fp;
    int n = 0;
    ksprintf(&cmd, "samtools bedcov -Q 20 -G 3844 -j '%s' '%s'", bed, bam);
    fp = popen(cmd.s, "r");
    free(cmd.s);
    if (!fp)
        return -1;
    while (fgets(line, sizeof line, fp) && n < nb) {
        char *last = strrchr(line, '\t');
        out[n++] = last ? strtoull(last + 1, NULL, 10) : 0;
    }
    return pclose(fp) == 0 ? n : -1;
}

START_TEST(test_random_vs_bedcov)
{
    sim_read_t *r = calloc(SIM_N, sizeof *r);
    h2_bin_t bins[256];
    uint64_t bf_bases[256] = {0}, bf_reads[256] = {0}, bf_mq0[256] = {0};
    uint64_t bc[256];
    char ref[1024];
    h2_regset_t rs;
    h2_count_opt_t o;
    h2_err_t err;
    int nb, i, k, rc, n_cut = 0;
    FILE *bed;
    const char *files[] = {"sim.bam", "sim.bam", "sim.bam", "sim.sam", "sim.cram"};
    const int threads[] = {1, 2, 4, 1, 3};

    ck_assert_ptr_nonnull(r);
    rng_state = 0x9e3779b97f4a7c15ULL;
    sim_reads(r);
    nb = sim_bins(bins, 256);
    ck_assert_int_eq(sim_write(r, tpath("sim.sam")), 0);
    ck_assert_int_eq(th_run("cd %s && samtools view -b -o sim.bam sim.sam && "
                         "samtools index sim.bam && printf '>chr1\\n' > sim.fa && "
                         "head -c 300000 /dev/zero | tr '\\0' A >> sim.fa && "
                         "printf '\\n>chr2\\n' >> sim.fa && head -c 60000 "
                         "/dev/zero | tr '\\0' C >> sim.fa && echo >> sim.fa && "
                         "samtools view -C -T sim.fa -o sim.cram sim.bam && "
                         "samtools index sim.cram", tmpdir), 0);
    ck_assert_ptr_nonnull(bed = fopen(tpath("sim.bed"), "w"));
    for (i = 0; i < nb; i++)
        fprintf(bed, "%s\t%lld\t%lld\n", sim_contigs[bins[i].contig].name,
                (long long)bins[i].start, (long long)bins[i].end);
    ck_assert_int_eq(fclose(bed), 0);
    ck_assert_int_eq(bedcov(tpath("sim.bed"), tpath("sim.bam"), bc, nb), nb);
    brute_force(r, bins, nb, bf_bases, bf_reads, bf_mq0);

    memset(&rs, 0, sizeof rs);
    rs.genome = &sim_genome;
    rs.n_bins = nb;
    rs.bins = bins;
    h2_count_opt_init(&o);
    snprintf(ref, sizeof ref, "%s", tpath("sim.fa"));
    o.reference = ref;
    for (k = 0; k < 5; k++) {
        h2_counts_t *c;
        o.threads = threads[k];
        c = count_file(tpath(files[k]), &rs, &o, &err, &rc);
        ck_assert_msg(c != NULL, "%s: %s", files[k], err.msg);
        for (i = 0; i < nb; i++) {
            ck_assert_msg(c->bases[i] == bc[i] && c->bases[i] == bf_bases[i],
                          "%s -@%d bin %d: bases %llu bedcov %llu brute %llu",
                          files[k], threads[k], i,
                          (unsigned long long)c->bases[i],
                          (unsigned long long)bc[i],
                          (unsigned long long)bf_bases[i]);
            ck_assert_msg(c->reads[i] == bf_reads[i] && c->mq0[i] == bf_mq0[i],
                          "%s bin %d: reads/mq0 differ", files[k], i);
            int ns = bins[i].role == H2_ROLE_REF ? h2_bin_subpieces(&bins[i], NULL) : 0;
            uint64_t sum = 0;
            for (int j = 0; j < ns; j++)
                sum += c->sub_bases[(size_t)i * H2_GC_SUBS + j];
            ck_assert_msg(ns == 0 || sum == c->bases[i], "%s bin %d: pieces %llu != bases",
                          files[k], i, (unsigned long long)sum);
            n_cut += ns > 0 && sum > 0;
        }
        h2_counts_destroy(c);
    }
    ck_assert_uint_gt(bf_bases[0] + bf_bases[nb - 1], 0);
    ck_assert_int_eq(n_cut, 5);     /* the 50 kb REF bin, in every file */
    free(r);
}
END_TEST

/* GC sub-pieces: bins of at least two gene-piece lengths are cut into equal
 * pieces of about H2_GC_PIECE, at most H2_GC_SUBS. */
START_TEST(test_subpieces)
{
    hts_pos_t e[H2_GC_SUBS + 1];
    h2_bin_t b = {.contig = 0, .start = 1000, .end = 51000, .role = H2_ROLE_REF, .gene = -1};
    ck_assert_int_eq(h2_bin_subpieces(&b, e), 5);
    ck_assert_int_eq(e[0], 1000);
    ck_assert_int_eq(e[1], 11000);
    ck_assert_int_eq(e[5], 51000);
    b.end = b.start + 2 * H2_GC_PIECE - 1;
    ck_assert_int_eq(h2_bin_subpieces(&b, NULL), 0);
    b.end = b.start + 1000000;
    ck_assert_int_eq(h2_bin_subpieces(&b, e), H2_GC_SUBS);
    ck_assert_int_eq(e[H2_GC_SUBS], b.end);
}
END_TEST

Suite *count_suite(void)
{
    Suite *s = suite_create("count");
    TCase *tc = tcase_create("count");
    tcase_add_unchecked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_opt_init);
    tcase_add_loop_test(tc, test_hand_counts, 0, N_HAND_CASES);
    tcase_add_test(tc, test_hand_min_mq0);
    tcase_add_test(tc, test_hand_no_flag_filter);
    tcase_add_test(tc, test_hand_empty_regset);
    tcase_add_test(tc, test_err_missing);
    tcase_add_test(tc, test_err_no_index);
    tcase_add_test(tc, test_err_truncated);
    tcase_add_test(tc, test_err_corrupt);
    tcase_add_test(tc, test_err_cram_no_ref);
    tcase_add_test(tc, test_err_header_mismatch);
    tcase_add_test(tc, test_err_unsorted);
    tcase_add_test(tc, test_random_vs_bedcov);
    tcase_add_test(tc, test_subpieces);
    suite_add_tcase(s, tc);
    return s;
}
