/* check_baf.c -- tests of the allele pileup (count.c with baf on), the het
 * rule and the site lists (src/baf.c).
 *
 * testdata/baf/hand.sam is a hand-made SAM over testdata/baf/ref.fa; each
 * read's name says what it tests and the counts below follow from the read
 * bases (0-based positions):
 *   100        A5 G4: besides them one G at base quality 20 (counted), G and T
 *              at 19, an N, and G reads with MAPQ 19 / 0 or a filtered flag;
 *   199..203   soft clips, a deletion, an insertion, a ref-skip, a hard clip
 *              and =/X operations; clipped/inserted bases are C, never counted;
 *   600..690   columns of 100 reads at the het rule's boundaries (N bases
 *              lower the depth);
 *   995, 1005  reads spanning the bins [0,1000) and [1000,2000);
 *   1550, 2150 a het column in a GENE bin inside REF bin 1, and one in a
 *              LOCAL bin (never piled);
 *   chrQ 500   reads without QUAL (counted, as samtools does) and one
 *              without SEQ.
 * A second test generates random reads (CIGARs, bases, qualities) and
 * compares every position with `samtools mpileup -B -Q 20 -q 20`. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "h2_count.h"
#include "h2_identity.h"
#include "testutil.h"

static char tmpdir[512];
static char datadir[512];

static const char *tpath(const char *name)
{
    return th_path(tmpdir, name);
}


static void setup(void)
{
    const char *td = getenv("H2_TESTDATA");
    const char *tmp = getenv("TMPDIR");
    snprintf(datadir, sizeof datadir, "%s/baf", td ? td : "testdata");
    snprintf(tmpdir, sizeof tmpdir, "%s/h2baf.XXXXXX", tmp ? tmp : "/tmp");
    setenv("REF_PATH", ":", 1);
    unsetenv("REF_CACHE");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
    ck_assert_int_eq(th_run("cp %s/hand.sam %s/ref.fa %s/", datadir, datadir,
                         tmpdir), 0);
    ck_assert_int_eq(th_run("cd %s && samtools faidx ref.fa && "
        "samtools view -b -o hand.bam hand.sam && samtools index hand.bam && "
        "samtools view -C -T ref.fa -o hand.cram hand.sam && "
        "samtools index hand.cram && "
        "(grep '^@' hand.sam; grep -v '^@' hand.sam | sort -r) > unsorted.sam",
        tmpdir), 0);
}

static void teardown(void)
{
    if (tmpdir[0] && strstr(tmpdir, "h2baf."))
        th_run("rm -rf '%s'", tmpdir);
}

static h2_contig_t hand_contigs[] = {{.name = "chrP", .len = 3000}, {.name = "chrQ", .len = 1000}};
static h2_genome_t hand_genome = {.build = H2_BUILD_CUSTOM, .n_contigs = 2,
                                  .contigs = hand_contigs};
static h2_bin_t hand_bins[] = {
    {.contig = 0, .start = 0, .end = 1000, .role = H2_ROLE_REF, .gene = -1},       /* 0 */
    {.contig = 0, .start = 1000, .end = 2000, .role = H2_ROLE_REF, .gene = -1},    /* 1 */
    {.contig = 0, .start = 1500, .end = 1600, .role = H2_ROLE_GENE, .gene = 0},    /* 2: inside bin 1, not piled */
    {.contig = 0, .start = 2000, .end = 2500, .role = H2_ROLE_LOCAL, .gene = -1},  /* 3: not piled */
    {.contig = 1, .start = 0, .end = 1000, .role = H2_ROLE_CHR17, .gene = -1},     /* 4 */
};

static void hand_regset(h2_regset_t *rs)
{
    memset(rs, 0, sizeof *rs);
    rs->genome = &hand_genome;
    rs->build = H2_BUILD_CUSTOM;
    rs->n_bins = 5;
    rs->bins = hand_bins;
}

typedef struct {
    int bin, contig;
    hts_pos_t pos;
    char a, b;
    uint32_t na, nb, depth;
} want_t;

/* De novo, min_bq 20, MAPQ >= 20, flags 3844. */
static const want_t want_denovo[] = {
    {0, 0, 100, 'A', 'G', 5, 4, 9},
    {0, 0, 600, 'A', 'C', 57, 4, 61},      /* 4 >= ceil(0.05 * 61) = 4 */
    {0, 0, 620, 'A', 'C', 50, 48, 100},    /* other 2 <= 0.02 * 100 */
    {0, 0, 640, 'A', 'C', 7, 3, 10},       /* 3 == min_reads */
    {0, 0, 660, 'A', 'C', 3, 3, 7},        /* other 1 <= max(1, 0.14) */
    {0, 0, 680, 'A', 'G', 4, 6, 10},       /* G6 A4: alphabetical order */
    {0, 0, 690, 'C', 'T', 5, 5, 10},
    {0, 0, 995, 'A', 'C', 5, 5, 10},
    {1, 0, 1005, 'A', 'T', 6, 5, 11},
    {1, 0, 1550, 'G', 'T', 4, 4, 8},
    {4, 1, 500, 'A', 'G', 3, 3, 6},
};
#define N_DENOVO (int)(sizeof want_denovo / sizeof want_denovo[0])

static void assert_alleles(const h2_alleles_t *a, const want_t *w, int n,
                           const char *what)
{
    int i;
    ck_assert_ptr_nonnull(a);
    for (i = 0; i < n && i < a->n; i++) {
        const h2_allele_t *x = &a->a[i];
        ck_assert_msg(x->bin == w[i].bin && x->contig == w[i].contig &&
                      x->pos == w[i].pos && x->base_a == w[i].a &&
                      x->base_b == w[i].b && x->n_a == w[i].na &&
                      x->n_b == w[i].nb && x->depth == w[i].depth,
                      "%s: entry %d is bin %d %d:%lld %c%u %c%u depth %u, want "
                      "bin %d %d:%lld %c%u %c%u depth %u", what, i, x->bin,
                      x->contig, (long long)x->pos, x->base_a, x->n_a, x->base_b,
                      x->n_b, x->depth, w[i].bin, w[i].contig,
                      (long long)w[i].pos, w[i].a, w[i].na, w[i].b, w[i].nb,
                      w[i].depth);
    }
    ck_assert_msg(a->n == n, "%s: %d entries, want %d", what, a->n, n);
}

static h2_counts_t *count_baf(const char *file, int threads, int min_bq,
                              const h2_sites_t *sites, hts_pos_t span)
{
    static char ref[1024];
    h2_regset_t rs;
    h2_count_opt_t o;
    h2_counts_t *c;
    h2_err_t err;
    int rc;
    hand_regset(&rs);
    h2_count_opt_init(&o);
    o.baf = 1;
    o.threads = threads;
    o.min_bq = min_bq;
    o.sites = sites;
    o.baf_span = span;
    snprintf(ref, sizeof ref, "%s", tpath("ref.fa"));
    o.reference = ref;
    memset(&err, 0, sizeof err);
    c = h2_count_run(tpath(file), &rs, &o, &err, &rc);
    ck_assert_msg(c != NULL, "%s: %s", file, err.msg);
    ck_assert_int_eq(rc, 0);
    return c;
}

/* ---- hand-made data --------------------------------------------------- */

START_TEST(test_opt_defaults)
{
    h2_count_opt_t o;
    h2_regset_t rs;
    h2_counts_t *c;
    h2_err_t err;
    int rc;
    memset(&o, 0xff, sizeof o);
    h2_count_opt_init(&o);
    ck_assert_int_eq(o.baf, 0);
    ck_assert_int_eq(o.min_bq, 20);
    ck_assert_ptr_null(o.sites);
    ck_assert_int_eq(o.baf_span, H2_BAF_SPAN);
    hand_regset(&rs);
    c = h2_count_run(tpath("hand.bam"), &rs, &o, &err, &rc);
    ck_assert_ptr_nonnull(c);
    ck_assert_ptr_null(c->alleles);     /* baf off: no list */
    h2_counts_destroy(c);
    h2_alleles_destroy(NULL);
    h2_sites_destroy(NULL);
}
END_TEST

static const struct {
    const char *file;
    int threads;
} files[] = {
    {"hand.bam", 1}, {"hand.bam", 2}, {"hand.bam", 4}, {"hand.bam", 7},
    {"hand.cram", 1}, {"hand.cram", 3}, {"hand.sam", 1},
};
#define N_FILES (int)(sizeof files / sizeof files[0])

START_TEST(test_denovo)
{
    h2_counts_t *c = count_baf(files[_i].file, files[_i].threads, 20, NULL, 0);
    char what[256];
    snprintf(what, sizeof what, "%s -@%d", files[_i].file, files[_i].threads);
    assert_alleles(c->alleles, want_denovo, N_DENOVO, what);
    ck_assert_int_eq(c->alleles->min_reads, 3);
    ck_assert(c->alleles->min_frac == 0.05);
    /* positions covered by counted bases: 90..109, 195..211, 550..799,
     * 990..1019, 1540..1559, chrQ 490..509 */
    ck_assert_uint_eq(c->alleles->positions, 20 + 17 + 250 + 30 + 20 + 20);
    h2_counts_destroy(c);
}
END_TEST

/* Byte-identical lists for any -@, BAM or CRAM. */
START_TEST(test_threads_identical)
{
    h2_counts_t *c0 = count_baf("hand.bam", 1, 20, NULL, 0);
    int k;
    for (k = 1; k < N_FILES; k++) {
        h2_counts_t *c = count_baf(files[k].file, files[k].threads, 20, NULL, 0);
        ck_assert_int_eq(c->alleles->n, c0->alleles->n);
        ck_assert_uint_eq(c->alleles->positions, c0->alleles->positions);
        ck_assert_msg(memcmp(c->alleles->a, c0->alleles->a,
                             c0->alleles->n * sizeof *c0->alleles->a) == 0,
                      "%s -@%d differs", files[k].file, files[k].threads);
        h2_counts_destroy(c);
    }
    h2_counts_destroy(c0);
}
END_TEST

START_TEST(test_min_bq)
{
    /* min_bq 19: the G and T at quality 19 count at 100 (other 1 <= 1) */
    h2_counts_t *c = count_baf("hand.bam", 2, 19, NULL, 0);
    const h2_allele_t *x = &c->alleles->a[0];
    ck_assert_int_eq(x->pos, 100);
    ck_assert_uint_eq(x->n_a, 5);
    ck_assert_uint_eq(x->n_b, 5);
    ck_assert_uint_eq(x->depth, 11);
    h2_counts_destroy(c);
    /* min_bq 21: the G at quality 20 drops out */
    c = count_baf("hand.bam", 1, 21, NULL, 0);
    x = &c->alleles->a[0];
    ck_assert_int_eq(x->pos, 100);
    ck_assert_uint_eq(x->n_b, 3);
    ck_assert_uint_eq(x->depth, 8);
    h2_counts_destroy(c);
}
END_TEST

START_TEST(test_flag_filter_off)
{
    /* flags 0: the duplicate, secondary, QC-fail and supplementary G reads
     * count; MAPQ 19 and 0 still fail min_mq 20 */
    h2_regset_t rs;
    h2_count_opt_t o;
    h2_counts_t *c;
    h2_err_t err;
    int rc;
    hand_regset(&rs);
    h2_count_opt_init(&o);
    o.baf = 1;
    o.exclude_flags = 0;
    c = h2_count_run(tpath("hand.bam"), &rs, &o, &err, &rc);
    ck_assert_msg(c != NULL, "%s", err.msg);
    ck_assert_int_eq(c->alleles->a[0].pos, 100);
    ck_assert_uint_eq(c->alleles->a[0].n_b, 8);
    ck_assert_uint_eq(c->alleles->a[0].depth, 13);
    h2_counts_destroy(c);
}
END_TEST

START_TEST(test_span)
{
    /* the first 650 bases of each bin: 100, 600, 620, 640 in bin 0;
     * 1005 and 1550 in bin 1 [1000, 1650); chrQ 500 */
    static const int keep[] = {0, 1, 2, 3, 8, 9, 10};
    want_t w[7];
    h2_counts_t *c;
    int i;
    for (i = 0; i < 7; i++)
        w[i] = want_denovo[keep[i]];
    c = count_baf("hand.bam", 2, 20, NULL, 650);
    assert_alleles(c->alleles, w, 7, "span 650");
    h2_counts_destroy(c);
}
END_TEST

/* Given sites: every site with a base is reported, het or not, with the
 * site's alleles when known. */
START_TEST(test_given_sites)
{
    static h2_site_t s[] = {
        {.contig = 0, .pos = 100, .base_a = 0, .base_b = 0},
        {.contig = 0, .pos = 199, .base_a = 0, .base_b = 0},
        {.contig = 0, .pos = 200, .base_a = 0, .base_b = 0},
        {.contig = 0, .pos = 201, .base_a = 0, .base_b = 0},
        {.contig = 0, .pos = 202, .base_a = 0, .base_b = 0},
        {.contig = 0, .pos = 203, .base_a = 0, .base_b = 0},
        {.contig = 0, .pos = 600, .base_a = 'A', .base_b = 'G'},
        {.contig = 0, .pos = 700, .base_a = 0, .base_b = 0},
        {.contig = 0, .pos = 900, .base_a = 0, .base_b = 0},
        {.contig = 0, .pos = 1550, .base_a = 0, .base_b = 0},
        {.contig = 0, .pos = 2150, .base_a = 0, .base_b = 0},
        {.contig = 1, .pos = 500, .base_a = 0, .base_b = 0},
    };
    h2_sites_t st = {.n = 12, .m = 12, .s = s};
    const char *ref = "GCGTGGACACTCGCTAT";  /* chrP 195..211 of ref.fa */
    char r199 = ref[4], r203 = ref[8], r700;
    h2_counts_t *c = count_baf(files[_i].file, files[_i].threads, 20, &st, 0);
    const h2_alleles_t *a = c->alleles;
    FILE *fp = fopen(tpath("ref.fa"), "r");
    char line[128];
    int i;
    /* chrP 700 is line 13 of the FASTA (60 bases a line), column 40 */
    ck_assert_ptr_nonnull(fp);
    for (i = 0; i < 13; i++)
        ck_assert_ptr_nonnull(fgets(line, sizeof line, fp));
    fclose(fp);
    r700 = line[40];
    ck_assert_int_eq(a->min_reads, 0);
    ck_assert_int_eq(a->n, 10);         /* not 900 (no reads), not 2150 */
    ck_assert_int_eq(a->a[0].pos, 100);
    ck_assert_uint_eq(a->a[0].n_a + a->a[0].n_b, 9);
    /* 199: three reads with the reference base */
    ck_assert_int_eq(a->a[1].pos, 199);
    ck_assert_uint_eq(a->a[1].depth, 3);
    ck_assert_uint_eq(r199 == a->a[1].base_a ? a->a[1].n_a : a->a[1].n_b, 3);
    /* 200, 201: deletion and ref-skip give nothing: T from c2 and c4 */
    for (i = 2; i <= 3; i++) {
        ck_assert_int_eq(a->a[i].pos, 198 + i);
        ck_assert_uint_eq(a->a[i].depth, 2);
        ck_assert_int_eq(a->a[i].base_b, 'T');
        ck_assert_uint_eq(a->a[i].n_b, 2);
    }
    ck_assert_uint_eq(a->a[4].depth, 3);  /* 202: c1, c2, c4 */
    ck_assert_int_eq(a->a[4].base_b, 'T');
    ck_assert_uint_eq(a->a[4].n_b, 3);
    ck_assert_uint_eq(a->a[5].depth, 3);  /* 203: c1, c2 ref; c3 T */
    ck_assert_uint_eq(r203 == a->a[5].base_a ? a->a[5].n_a : a->a[5].n_b, 2);
    /* 600 with the site's alleles A/G: G has no reads, C4 is "other" */
    ck_assert(a->a[6].pos == 600 && a->a[6].base_a == 'A' && a->a[6].base_b == 'G');
    ck_assert(a->a[6].n_a == 57 && a->a[6].n_b == 0 && a->a[6].depth == 61);
    /* 700: homozygous, all 100 reads */
    ck_assert_int_eq(a->a[7].pos, 700);
    ck_assert_uint_eq(a->a[7].depth, 100);
    ck_assert_uint_eq(r700 == a->a[7].base_a ? a->a[7].n_a : a->a[7].n_b, 100);
    ck_assert(a->a[8].pos == 1550 && a->a[8].bin == 1 && a->a[8].depth == 8);
    ck_assert(a->a[9].contig == 1 && a->a[9].pos == 500 && a->a[9].bin == 4);
    ck_assert_uint_eq(a->positions, 10);
    h2_counts_destroy(c);
}
END_TEST

START_TEST(test_unsorted_sam)
{
    h2_regset_t rs;
    h2_count_opt_t o;
    h2_err_t err;
    int rc;
    hand_regset(&rs);
    h2_count_opt_init(&o);
    o.baf = 1;
    /* an unsorted streamed SAM: the depth as from the sorted file, no
     * allele counts, and the counts say why */
    h2_counts_t *u = h2_count_run(tpath("unsorted.sam"), &rs, &o, &err, &rc);
    h2_counts_t *s = h2_count_run(tpath("hand.sam"), &rs, &o, &err, &rc);
    ck_assert_ptr_nonnull(u);
    ck_assert_ptr_nonnull(s);
    ck_assert_int_eq(u->baf_unsorted, 1);
    ck_assert_ptr_null(u->alleles);
    ck_assert_int_eq(s->baf_unsorted, 0);
    ck_assert_ptr_nonnull(s->alleles);
    for (int i = 0; i < rs.n_bins; i++) {
        ck_assert_uint_eq(u->bases[i], s->bases[i]);
        ck_assert_uint_eq(u->reads[i], s->reads[i]);
    }
    h2_counts_destroy(u);
    h2_counts_destroy(s);
}
END_TEST

/* ---- the het rule ------------------------------------------------------- */

static int het(uint32_t a, uint32_t c, uint32_t g, uint32_t t)
{
    uint32_t cnt[4] = {a, c, g, t};
    h2_allele_t x;
    h2_allele_fill(cnt, 0, 0, &x);
    return h2_allele_is_het(&x, H2_BAF_MIN_READS, H2_BAF_MIN_FRAC);
}

START_TEST(test_rule)
{
    uint32_t cnt[4] = {2, 9, 9, 1};
    h2_allele_t x;
    ck_assert_int_eq(het(7, 3, 0, 0), 1);       /* min_reads 3 */
    ck_assert_int_eq(het(7, 2, 0, 0), 0);
    ck_assert_int_eq(het(0, 0, 57, 3), 1);      /* 0.05 * 60 = 3 exactly */
    ck_assert_int_eq(het(0, 0, 58, 2), 0);
    ck_assert_int_eq(het(57, 4, 0, 0), 1);      /* ceil(0.05 * 61) = 4 */
    ck_assert_int_eq(het(58, 3, 0, 0), 0);
    ck_assert_int_eq(het(114, 6, 0, 0), 1);     /* 0.05 * 120 = 6 */
    ck_assert_int_eq(het(115, 5, 0, 0), 0);
    ck_assert_int_eq(het(100, 96, 4, 0), 1);    /* other <= 0.02 * 200 = 4 */
    ck_assert_int_eq(het(100, 95, 5, 0), 0);
    ck_assert_int_eq(het(100, 94, 3, 3), 0);
    ck_assert_int_eq(het(3, 3, 1, 0), 1);       /* other 1 <= max(1, ...) */
    ck_assert_int_eq(het(3, 3, 1, 1), 0);
    /* 0.07 * 100 is 7.000000000000001 in doubles: still needs 7, not 8 */
    cnt[0] = 93, cnt[1] = 7, cnt[2] = 0, cnt[3] = 0;
    h2_allele_fill(cnt, 0, 0, &x);
    ck_assert_int_eq(h2_allele_is_het(&x, 0, 0.07), 1);
    cnt[0] = 2, cnt[1] = 9, cnt[2] = 9, cnt[3] = 1;
    /* ties go to the alphabetically first; a and b stored in order */
    h2_allele_fill(cnt, 0, 0, &x);
    ck_assert(x.base_a == 'C' && x.base_b == 'G' && x.n_a == 9 && x.depth == 21);
    cnt[3] = 12;
    h2_allele_fill(cnt, 0, 0, &x);
    ck_assert(x.base_a == 'C' && x.base_b == 'T' && x.n_b == 12);
    h2_allele_fill(cnt, 'T', 'A', &x);
    ck_assert(x.base_a == 'A' && x.base_b == 'T' && x.n_a == 2 && x.n_b == 12);
}
END_TEST

/* ---- VCF sites ---------------------------------------------------------- */

static void write_file(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    ck_assert_ptr_nonnull(fp);
    fputs(text, fp);
    ck_assert_int_eq(fclose(fp), 0);
}

static const char *vcf_head =
    "##fileformat=VCFv4.2\n##contig=<ID=chrP,length=3000>\n"
    "##contig=<ID=chrQ,length=1000>\n##contig=<ID=chrZ,length=100>\n"
    "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n";

START_TEST(test_vcf_sites)
{
    kstring_t ks = KS_INITIALIZE;
    h2_regset_t rs;
    h2_sites_t *s;
    h2_err_t err;
    int rc, k;
    const char *names[] = {"sites.vcf", "sites.vcf.gz"};
    hand_regset(&rs);
    kputs(vcf_head, &ks);
    kputs("chrP\t101\t.\tA\tG\t.\t.\t.\n"           /* kept */
          "chrP\t201\t.\tAT\tA\t.\t.\t.\n"          /* indel */
          "chrP\t301\t.\tA\tC,G\t.\t.\t.\n"         /* multi-allelic: kept */
          "chrP\t351\t.\tA\tC,AT\t.\t.\t.\n"        /* SNV and indel */
          "chrP\t401\t.\tA\t<DEL>\t.\t.\t.\n"       /* symbolic */
          "chrP\t451\t.\tA\t.\t.\t.\t.\n"           /* no ALT */
          "chrP\t2101\t.\tC\tT\t.\t.\t.\n"          /* LOCAL bin only */
          "chrP\t2801\t.\tC\tT\t.\t.\t.\n"          /* no bin */
          "chrZ\t10\t.\tA\tG\t.\t.\t.\n"            /* not in the genome */
          "chrQ\t501\t.\tA\tg\t.\t.\t.\n"           /* kept, CHR17 bin */
          "chrP\t101\t.\tA\tG\t.\t.\t.\n"           /* duplicate */
          "chrP\t51\t.\tT\tG\t.\t.\t.\n"            /* out of order */
          "chrP\t1551\t.\tG\tT\t.\t.\t.\n", &ks);   /* GENE inside REF bin 1 */
    write_file(tpath("sites.vcf"), ks.s);
    free(ks.s);
    ck_assert_int_eq(th_run("cd %s && bgzip -c sites.vcf > sites.vcf.gz", tmpdir), 0);
    for (k = 0; k < 2; k++) {
        s = h2_sites_read_vcf(tpath(names[k]), &rs, &err, &rc);
        ck_assert_msg(s != NULL, "%s", err.msg);
        ck_assert_int_eq(rc, 0);
        ck_assert_int_eq(s->n, 5);
        ck_assert(s->s[0].contig == 0 && s->s[0].pos == 50 &&
                  s->s[0].base_a == 'G' && s->s[0].base_b == 'T');
        ck_assert(s->s[1].pos == 100 && s->s[1].base_a == 'A' && s->s[1].base_b == 'G');
        ck_assert(s->s[2].pos == 300 && s->s[2].base_a == 0 && s->s[2].base_b == 0);
        ck_assert(s->s[3].pos == 1550);
        ck_assert(s->s[4].contig == 1 && s->s[4].pos == 500 && s->s[4].base_b == 'G');
        h2_sites_destroy(s);
    }
}
END_TEST

START_TEST(test_vcf_errors)
{
    kstring_t ks = KS_INITIALIZE;
    h2_regset_t rs;
    h2_err_t err;
    int rc;
    hand_regset(&rs);
    ck_assert_ptr_null(h2_sites_read_vcf(tpath("none.vcf"), &rs, &err, &rc));
    ck_assert_int_eq(rc, H2_EIO);
    ck_assert_ptr_nonnull(strstr(err.msg, "none.vcf"));
    kputs(vcf_head, &ks);
    kputs("chrP\t101\t.\tA\tG\t.\t.\t.\nchrP\tabc\t.\tA\tG\t.\t.\t.\n", &ks);
    write_file(tpath("bad.vcf"), ks.s);
    free(ks.s);
    ck_assert_ptr_null(h2_sites_read_vcf(tpath("bad.vcf"), &rs, &err, &rc));
    ck_assert_int_eq(rc, H2_EINPUT);
    ck_assert_ptr_null(h2_sites_read_vcf(tpath("hand.bam"), &rs, &err, &rc));
    ck_assert_int_eq(rc, H2_EINPUT);
    /* issue 20 (the fuzz pass): htslib cannot tell the format (ENOEXEC): it
     * was "cannot open: Exec format error", exit 3 */
    write_file(tpath("odd.vcf"), "##fileformat=V\xdc \x83\xc1Q\xe3\n95T\x91\x03\x85O4CFv4.2\n");
    ck_assert_ptr_null(h2_sites_read_vcf(tpath("odd.vcf"), &rs, &err, &rc));
    ck_assert_int_eq(rc, H2_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "not a VCF or BCF file"));
}
END_TEST

/* Issue 20: which record and what is wrong with it; undeclared INFO tags
 * are no error (only CHROM, POS, REF, ALT are read); a binary file is bad
 * input (exit 2), not "Exec format error" (exit 3, retryable). */
START_TEST(test_vcf_error_words)
{
    kstring_t ks = KS_INITIALIZE;
    h2_regset_t rs;
    h2_err_t err;
    h2_sites_t *s;
    int rc;
    hand_regset(&rs);
    kputs(vcf_head, &ks);
    kputs("chrP\t101\t.\tA\tG\t.\t.\tAF=0.5;DB\nchrP\t51\t.\tG\tT\t.\t.\tXX=1\n", &ks);
    write_file(tpath("undeclared.vcf"), ks.s);
    s = h2_sites_read_vcf(tpath("undeclared.vcf"), &rs, &err, &rc);
    ck_assert_msg(s != NULL, "%s", err.msg);
    ck_assert_int_eq(s->n, 2);
    h2_sites_destroy(s);
    ks.l = 0;
    kputs(vcf_head, &ks);
    kputs("chrP\t101\t.\tA\tG\t.\t.\t.\nchrP\t151\t.\tA\tG\t.\t.\t.\nchrP\tabc\t.\tA\tG\t.\t.\t.\n", &ks);
    write_file(tpath("badpos.vcf"), ks.s);
    free(ks.s);
    ck_assert_ptr_null(h2_sites_read_vcf(tpath("badpos.vcf"), &rs, &err, &rc));
    ck_assert_int_eq(rc, H2_EINPUT);
    ck_assert_msg(strstr(err.msg, "badpos.vcf: malformed VCF record 3") &&
                  strstr(err.msg, "POS is not a number"), "%s", err.msg);
    unsigned char bin[512];
    for (size_t i = 0; i < sizeof bin; i++)
        bin[i] = (unsigned char)(i * 37 + 11);
    FILE *f = fopen(tpath("binary.vcf"), "wb");
    ck_assert_ptr_nonnull(f);
    fwrite(bin, 1, sizeof bin, f);
    fclose(f);
    ck_assert_ptr_null(h2_sites_read_vcf(tpath("binary.vcf"), &rs, &err, &rc));
    ck_assert_int_eq(rc, H2_EINPUT);
    ck_assert_msg(strstr(err.msg, "binary.vcf: not a VCF or BCF file"), "%s", err.msg);
}
END_TEST

START_TEST(test_sites_from_alleles)
{
    h2_counts_t *c = count_baf("hand.bam", 1, 20, NULL, 0);
    h2_sites_t *s = h2_sites_from_alleles(c->alleles);
    h2_counts_t *c2;
    int i;
    ck_assert_ptr_nonnull(s);
    ck_assert_int_eq(s->n, N_DENOVO);
    for (i = 0; i < N_DENOVO; i++)
        ck_assert(s->s[i].contig == want_denovo[i].contig &&
                  s->s[i].pos == want_denovo[i].pos &&
                  s->s[i].base_a == want_denovo[i].a &&
                  s->s[i].base_b == want_denovo[i].b);
    /* piling up the normal's sites gives back the same counts */
    c2 = count_baf("hand.cram", 2, 20, s, 0);
    assert_alleles(c2->alleles, want_denovo, N_DENOVO, "from alleles");
    h2_counts_destroy(c2);
    h2_sites_destroy(s);
    h2_counts_destroy(c);
}
END_TEST

/* ---- random reads vs samtools mpileup ----------------------------------- */

static uint64_t rng_state;
static uint32_t rnd(uint32_t n)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return (uint32_t)((rng_state * 2685821657736338717ULL) >> 33) % n;
}

#define R_LEN 20000
#define R_READS 12000
#define R_HETS 40

static char rref[R_LEN + 1];
static hts_pos_t rhet[R_HETS];
static char ralt[R_HETS];
static h2_contig_t r_contigs[] = {{.name = "chr1", .len = R_LEN}};
static h2_genome_t r_genome = {.build = H2_BUILD_CUSTOM, .n_contigs = 1, .contigs = r_contigs};
static h2_bin_t r_bins[] = {
    {.contig = 0, .start = 0, .end = 5000, .role = H2_ROLE_REF, .gene = -1},
    {.contig = 0, .start = 5000, .end = 10000, .role = H2_ROLE_REF, .gene = -1},
    {.contig = 0, .start = 9000, .end = 12000, .role = H2_ROLE_LOCAL, .gene = -1},
    {.contig = 0, .start = 12000, .end = 16000, .role = H2_ROLE_CHR17, .gene = -1},
};

/* Read base at reference position p: a het allele half the time at the het
 * columns, 3% random errors (N included). */
static char r_base(hts_pos_t p)
{
    int k;
    if (rnd(100) < 3)
        return "ACGTN"[rnd(5)];
    for (k = 0; k < R_HETS; k++)
        if (rhet[k] == p && rnd(2))
            return ralt[k];
    return rref[p];
}

/* One random read at pos with a random CIGAR, bases and qualities. */
static void r_read(FILE *fp, int i, hts_pos_t pos)
{
    static const int flags[] = {0, 0, 0, 16, 16, 256, 512, 1024, 2048};
    static const int mqs[] = {60, 60, 60, 0, 10, 19, 20, 30};
    kstring_t cig = KS_INITIALIZE, seq = KS_INITIALIZE, qual = KS_INITIALIZE;
    hts_pos_t p = pos;
    int k, j, nseg = 1 + rnd(3);
    if (rnd(4) == 0)
        for (k = 1 + rnd(8), ksprintf(&cig, "%dS", k); k > 0; k--)
            kputc("ACGT"[rnd(4)], &seq);
    for (j = 0; j < nseg; j++) {
        int len = 5 + rnd(100), gap = rnd(4);
        ksprintf(&cig, "%d%c", len, "MMM=X"[rnd(5)]);
        for (k = 0; k < len && p < R_LEN; k++)
            kputc(r_base(p++), &seq);
        if (k < len)
            break;                      /* reached the contig end */
        if (j + 1 == nseg)
            break;
        len = 1 + rnd(gap == 3 ? 300 : 6);
        ksprintf(&cig, "%d%c", len, "IDDN"[gap]);
        if (gap == 0)
            for (k = 0; k < len; k++)
                kputc("ACGT"[rnd(4)], &seq);
        else
            p += len;
    }
    for (k = 0; k < (int)seq.l; k++)
        kputc(33 + rnd(42), &qual);
    if (p < R_LEN) {
        fprintf(fp, "r%d\t%d\tchr1\t%lld\t%d\t%s\t*\t0\t0\t%s\t%s\n", i,
                flags[rnd(9)], (long long)pos + 1, mqs[rnd(8)], cig.s, seq.s,
                qual.s);
    }
    free(cig.s), free(seq.s), free(qual.s);
}

static int pos_cmp(const void *a, const void *b)
{
    hts_pos_t x = *(const hts_pos_t *)a, y = *(const hts_pos_t *)b;
    return (x > y) - (x < y);
}

static void r_write(void)
{
    hts_pos_t *pos = malloc(R_READS * sizeof *pos);
    FILE *fp;
    int i;
    ck_assert_ptr_nonnull(pos);
    for (i = 0; i < R_LEN; i++)
        rref[i] = "ACGT"[rnd(4)];
    for (i = 0; i < R_HETS; i++) {
        rhet[i] = rnd(16000);
        ralt[i] = "ACGT"[(strchr("ACGT", rref[rhet[i]]) - "ACGT" + 1 + rnd(3)) % 4];
    }
    for (i = 0; i < R_READS; i++)
        pos[i] = rnd(R_LEN - 400);
    qsort(pos, R_READS, sizeof *pos, pos_cmp);
    ck_assert_ptr_nonnull(fp = fopen(tpath("rnd.sam"), "w"));
    fprintf(fp, "@HD\tVN:1.6\tSO:coordinate\n@SQ\tSN:chr1\tLN:%d\n", R_LEN);
    for (i = 0; i < R_READS; i++)
        r_read(fp, i, pos[i]);
    ck_assert_int_eq(fclose(fp), 0);
    ck_assert_ptr_nonnull(fp = fopen(tpath("rnd.fa"), "w"));
    fprintf(fp, ">chr1\n%s\n", rref);
    ck_assert_int_eq(fclose(fp), 0);
    free(pos);
}

/* A, C, G, T counts per position from `samtools mpileup` column 5. */
static int mpileup_counts(uint32_t (*cnt)[4])
{
    kstring_t cmd = KS_INITIALIZE;
    char *line = NULL;
    size_t m = 0;
    FILE *fp;
    ksprintf(&cmd, "samtools mpileup -B -Q 20 -q 20 --ff 3844 -d 0 '%s' "
             "2>/dev/null", tpath("rnd.bam"));
    fp = popen(cmd.s, "r");
    free(cmd.s);
    if (!fp)
        return -1;
    while (getline(&line, &m, fp) > 0) {
        char *f = line, *s;
        long pos;
        int k;
        for (k = 0; k < 4 && f; k++)
            f = strchr(f + 1, '\t');
        pos = strtol(strchr(line, '\t') + 1, NULL, 10) - 1;
        for (s = f + 1; *s && *s != '\t'; s++) {
            const char *b = strchr("ACGTacgt", *s);
            if (*s == '^')
                s++;
            else if (*s == '+' || *s == '-')
                s += strtol(s + 1, &s, 10) - 1;
            else if (b && *s)
                cnt[pos][(b - "ACGTacgt") % 4]++;
        }
    }
    free(line);
    return pclose(fp) == 0 ? 0 : -1;
}

static int r_in_pile(hts_pos_t p)
{
    return p < 10000 || (p >= 12000 && p < 16000);
}

/* Every position of the piled bins as a site (all reported with depth >= 1)
 * and de novo calls, both against mpileup's counts. */
START_TEST(test_random_vs_mpileup)
{
    uint32_t (*cnt)[4] = calloc(R_LEN, sizeof *cnt);
    h2_site_t *site = calloc(R_LEN, sizeof *site);
    h2_sites_t st = {.n = 0, .m = R_LEN, .s = site};
    h2_regset_t rs = {.genome = &r_genome, .n_bins = 4, .bins = r_bins};
    h2_count_opt_t o;
    h2_counts_t *c;
    h2_err_t err;
    int i, k, rc, n_het = 0;
    ck_assert(cnt && site);
    rng_state = 0x2545f4914f6cdd1dULL;
    r_write();
    ck_assert_int_eq(th_run("cd %s && samtools view -b -o rnd.bam rnd.sam && "
                         "samtools index rnd.bam", tmpdir), 0);
    ck_assert_int_eq(mpileup_counts(cnt), 0);
    for (i = 0; i < R_LEN; i++)
        if (r_in_pile(i))
            site[st.n++] = (h2_site_t){.contig = 0, .pos = i, .base_a = 0, .base_b = 0};
    h2_count_opt_init(&o);
    o.baf = 1;
    o.threads = 2;
    for (k = 0; k < 2; k++) {
        int j = 0;
        o.sites = k == 0 ? &st : NULL;
        o.baf_span = 0;
        c = h2_count_run(tpath("rnd.bam"), &rs, &o, &err, &rc);
        ck_assert_msg(c != NULL, "%s", err.msg);
        for (i = 0; i < R_LEN; i++) {
            h2_allele_t x;
            if (!r_in_pile(i) || cnt[i][0] + cnt[i][1] + cnt[i][2] + cnt[i][3] == 0)
                continue;
            h2_allele_fill(cnt[i], 0, 0, &x);
            if (k == 1 && !h2_allele_is_het(&x, 3, 0.05))
                continue;
            n_het += k == 1;
            ck_assert_msg(j < c->alleles->n, "%s: position %d missing",
                          k ? "de novo" : "sites", i);
            ck_assert_msg(c->alleles->a[j].pos == i && c->alleles->a[j].depth == x.depth
                          && c->alleles->a[j].n_a == x.n_a && c->alleles->a[j].n_b == x.n_b
                          && c->alleles->a[j].base_a == x.base_a
                          && c->alleles->a[j].base_b == x.base_b,
                          "%s: position %d: %lld %c%u %c%u/%u, mpileup %c%u %c%u/%u",
                          k ? "de novo" : "sites", i, (long long)c->alleles->a[j].pos,
                          c->alleles->a[j].base_a, c->alleles->a[j].n_a,
                          c->alleles->a[j].base_b, c->alleles->a[j].n_b,
                          c->alleles->a[j].depth, x.base_a, x.n_a, x.base_b, x.n_b,
                          x.depth);
            j++;
        }
        ck_assert_int_eq(c->alleles->n, j);
        h2_counts_destroy(c);
    }
    ck_assert_int_ge(n_het, 10);        /* the het columns were found */
    free(cnt);
    free(site);
}
END_TEST

/* issue 20: the identity rules on hand-made counts (h2_identity.h) */
static h2_allele_t al(int bin, hts_pos_t pos, uint32_t a, uint32_t b)
{
    h2_allele_t x;
    memset(&x, 0, sizeof x);
    x.bin = bin, x.pos = pos, x.base_a = 'A', x.base_b = 'G', x.n_a = a, x.n_b = b;
    x.depth = a + b;
    return x;
}

START_TEST(test_identity_sites)
{
    enum { N = 100 };
    h2_allele_t na[N], ta[N];
    h2_alleles_t n = {N, N, na, 0, 0, 0}, t = {N, N, ta, 0, 0, 0};
    h2_identity_t id;
    for (int i = 0; i < N; i++) {  /* the normal homozygous A at every site */
        na[i] = al(i / 10, i, 20, 0);
        ta[i] = al(i / 10, i, i % 50 == 0 ? 9 : 10, i % 50 == 0 ? 1 : 0);  /* 2 error reads */
    }
    h2_identity_init(&id);
    h2_identity_sites(&n, &t, &id);
    ck_assert_int_eq(id.result, H2_ID_MATCH);
    ck_assert_int_eq(id.informative, N);
    ck_assert_int_eq(id.discordant, 0);
    for (int i = 0; i < N; i += 10)    /* 10%: G in 5 of 10 reads, another person */
        ta[i] = al(i / 10, i, 5, 5);
    h2_identity_sites(&n, &t, &id);
    ck_assert_int_eq(id.result, H2_ID_MISMATCH);
    ck_assert_int_eq(id.discordant, 10);
    for (int i = 0; i < N; i++)        /* tumour at 1x: nothing to tell */
        ta[i] = al(i / 10, i, 1, 0);
    h2_identity_sites(&n, &t, &id);
    ck_assert_int_eq(id.result, H2_ID_TOO_FEW);
}
END_TEST

START_TEST(test_identity_bins)
{
    enum { N = 120 };
    h2_allele_t ta[N];
    h2_alleles_t t = {N, N, ta, 0, 0, 0};
    h2_identity_t id;
    /* same person, pure tumour, LOH over 60% of the bins: the other 40% show both */
    for (int i = 0; i < N; i++)
        ta[i] = (i / 4) % 5 < 3 ? al(i / 4, i, 12, 0) : al(i / 4, i, 6, 6);
    h2_identity_init(&id);
    h2_identity_bins(&t, &id);
    ck_assert_int_eq(id.informative, N / 4);
    ck_assert_int_eq(id.result, H2_ID_MATCH);
    /* another person: both alleles at a scattered 40% of the sites */
    for (int i = 0; i < N; i++)
        ta[i] = i % 5 < 2 ? al(i / 4, i, 6, 6) : al(i / 4, i, 12, 0);
    h2_identity_bins(&t, &id);
    ck_assert_int_eq(id.result, H2_ID_MISMATCH);
}
END_TEST

START_TEST(test_snps_filters)
{
    h2_allele_t xa[4] = {al(0, 10, 20, 0), al(0, 20, 10, 10), al(1, 30, 19, 1), al(1, 40, 3, 9)};
    h2_alleles_t a = {4, 4, xa, 0, 0, 0};
    h2_sites_t *s = h2_sites_normal_het(&a);   /* VAF in [0.2, 0.8], depth >= 8 */
    ck_assert_ptr_nonnull(s);
    ck_assert_int_eq(s->n, 2);
    ck_assert_int_eq(s->s[0].pos, 20);
    ck_assert_int_eq(s->s[1].pos, 40);
    xa[0].contig = xa[1].contig = xa[2].contig = xa[3].contig = 0;
    ck_assert_int_eq(h2_alleles_keep_sites(&a, s), 2);
    ck_assert_int_eq(a.n, 2);
    ck_assert_int_eq(a.a[1].pos, 40);
    h2_sites_destroy(s);
    h2_allele_t ya[3] = {al(0, 1, 20, 0), al(0, 2, 10, 10), al(0, 3, 2, 10)};
    h2_alleles_t b = {3, 3, ya, 0, 0, 0};
    ck_assert_int_eq(h2_alleles_keep_het(&b), 2);   /* de novo rule: >= 3 reads each */
    ck_assert_int_eq(b.a[0].pos, 2);
    ck_assert_int_eq(b.min_reads, H2_BAF_MIN_READS);
}
END_TEST

Suite *baf_suite(void)
{
    Suite *s = suite_create("baf");
    TCase *tc = tcase_create("baf");
    tcase_add_unchecked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_opt_defaults);
    tcase_add_loop_test(tc, test_denovo, 0, N_FILES);
    tcase_add_test(tc, test_threads_identical);
    tcase_add_test(tc, test_min_bq);
    tcase_add_test(tc, test_flag_filter_off);
    tcase_add_test(tc, test_span);
    tcase_add_loop_test(tc, test_given_sites, 0, N_FILES);
    tcase_add_test(tc, test_unsorted_sam);
    tcase_add_test(tc, test_rule);
    tcase_add_test(tc, test_vcf_sites);
    tcase_add_test(tc, test_vcf_errors);
    tcase_add_test(tc, test_vcf_error_words);
    tcase_add_test(tc, test_sites_from_alleles);
    tcase_add_test(tc, test_random_vs_mpileup);
    tcase_add_test(tc, test_identity_sites);
    tcase_add_test(tc, test_identity_bins);
    tcase_add_test(tc, test_snps_filters);
    suite_add_tcase(s, tc);
    return s;
}
