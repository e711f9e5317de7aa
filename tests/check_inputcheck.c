/* check_inputcheck.c -- src/inputcheck.c on small files in a scratch
 * directory: which index htslib would load, a stale index, what is not an
 * alignment file, the sample name, and a FASTA that is not the reference. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <htslib/hts_log.h>
#include "h2_inputcheck.h"
#include "testutil.h"

static char dir[256];

static void setup(void)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/h2icXXXXXX", tmp && *tmp ? tmp : "/tmp");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    hts_set_log_level(HTS_LOG_OFF);     /* the errors tested here are ours to report */
}

static void teardown(void)
{
    th_run("rm -rf '%s'", dir);
}

/* Write `text` to dir/name; return the path (a th_path buffer). */
static const char *put(const char *name, const char *text)
{
    const char *p = th_path(dir, name);
    FILE *fp = fopen(p, "w");
    ck_assert_ptr_nonnull(fp);
    fputs(text, fp);
    ck_assert_int_eq(fclose(fp), 0);
    return p;
}

/* Set the modification time of dir/name to `t` seconds since the epoch. */
static void set_mtime(const char *name, time_t t)
{
    struct timeval tv[2] = {{.tv_sec = t}, {.tv_sec = t}};
    ck_assert_int_eq(utimes(th_path(dir, name), tv), 0);
}

/* h2_index_find on dir/name; "" for none, else the index's name in dir. */
static void expect_index(const char *name, const char *want)
{
    char data[512], *idx = h2_index_find(strcpy(data, th_path(dir, name)));
    if (!*want) {
        ck_assert_msg(idx == NULL, "%s: found %s", name, idx);
        return;
    }
    ck_assert_msg(idx != NULL, "%s: no index, want %s", name, want);
    ck_assert_str_eq(idx, th_path(dir, want));
    free(idx);
}

START_TEST(test_index_find)
{
    put("a.bam", "");
    expect_index("a.bam", "");
    put("a.bai", "");                       /* the extension replaced */
    expect_index("a.bam", "a.bai");
    put("a.bam.bai", "");                   /* <path>.bai comes first */
    expect_index("a.bam", "a.bam.bai");
    put("a.bam.csi", "");                   /* and .csi before .bai */
    expect_index("a.bam", "a.bam.csi");
    put("c.cram", "");
    put("c.cram.bai", "");                  /* a CRAM's index is .crai */
    expect_index("c.cram", "");
    put("c.cram.crai", "");
    expect_index("c.cram", "c.cram.crai");
    put("noext", "");
    expect_index("noext", "");
    /* an explicit file##idx##index, used only when it exists */
    char spec[600];
    put("elsewhere.bai", "");
    snprintf(spec, sizeof spec, "%s##idx##%s", th_path(dir, "a.bam"),
             th_path(dir, "elsewhere.bai"));
    char *idx = h2_index_find(spec);
    ck_assert_ptr_nonnull(idx);
    ck_assert_str_eq(idx, th_path(dir, "elsewhere.bai"));
    free(idx);
    snprintf(spec, sizeof spec, "%s##idx##%s", th_path(dir, "a.bam"), th_path(dir, "none.bai"));
    ck_assert_ptr_null(h2_index_find(spec));
}
END_TEST

START_TEST(test_index_age)
{
    h2_err_t err = {.msg = ""};
    char data[512];
    strcpy(data, put("s.bam", "x"));
    ck_assert_int_eq(h2_index_check_age(data, &err), 0);       /* no index: nothing to check */
    put("s.bam.bai", "x");
    set_mtime("s.bam", 1000000000);
    set_mtime("s.bam.bai", 1000000000);                         /* same second: fresh */
    ck_assert_int_eq(h2_index_check_age(data, &err), 0);
    set_mtime("s.bam.bai", 1000000100);                         /* newer: fresh */
    ck_assert_int_eq(h2_index_check_age(data, &err), 0);
    set_mtime("s.bam.bai", 999999999);                          /* older: stale */
    ck_assert_int_eq(h2_index_check_age(data, &err), H2_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "s.bam.bai\" is older than"));
    ck_assert_ptr_nonnull(strstr(err.msg, "samtools index"));
    /* with file##idx##index the age is that of the named index */
    char spec[600];
    put("other.bai", "x");
    set_mtime("other.bai", 1000000200);
    snprintf(spec, sizeof spec, "%s##idx##%s", data, th_path(dir, "other.bai"));
    ck_assert_int_eq(h2_index_check_age(spec, &err), 0);
    set_mtime("other.bai", 999999000);
    ck_assert_int_eq(h2_index_check_age(spec, &err), H2_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "other.bai\" is older than"));
}
END_TEST

START_TEST(test_alignment_header)
{
    h2_err_t err = {.msg = ""};
    sam_hdr_t *hdr = NULL;
    char path[512];
    const char *td = getenv("H2_TESTDATA");
    snprintf(path, sizeof path, "%s/count/hand.sam", td ? td : "testdata");
    ck_assert_int_eq(h2_alignment_header(path, NULL, &hdr, &err), 0);
    ck_assert_ptr_nonnull(hdr);
    ck_assert_int_eq(sam_hdr_nref(hdr), 2);
    sam_hdr_destroy(hdr);
    hdr = NULL;
    strcpy(path, put("t.bed", "chr1\t100\t200\tx\n"));
    ck_assert_int_eq(h2_alignment_header(path, NULL, &hdr, &err), H2_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "is not SAM, BAM or CRAM (it looks like"));
    strcpy(path, put("nosq.sam", "@HD\tVN:1.6\n"));
    ck_assert_int_eq(h2_alignment_header(path, NULL, &hdr, &err), H2_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "no usable header with @SQ lines"));
    sam_hdr_destroy(hdr);
    hdr = NULL;
    ck_assert_int_eq(h2_alignment_header(th_path(dir, "missing.bam"), NULL, &hdr, &err), H2_EIO);
    ck_assert_ptr_nonnull(strstr(err.msg, "cannot open"));
}
END_TEST

START_TEST(test_sample_name)
{
    static const char text[] = "@SQ\tSN:chr1\tLN:100\n@RG\tID:a\tSM:tumour7\n";
    sam_hdr_t *hdr = sam_hdr_parse(sizeof text - 1, text), *norg;
    static const char text2[] = "@SQ\tSN:chr1\tLN:100\n";
    norg = sam_hdr_parse(sizeof text2 - 1, text2);
    ck_assert_ptr_nonnull(hdr);
    ck_assert_ptr_nonnull(norg);
    struct { const char *given; const sam_hdr_t *hdr; const char *path, *want; } cases[] = {
        {.given = "S1", .hdr = hdr, .path = "x.bam", .want = "S1"},    /* -s wins */
        {.hdr = hdr, .path = "x.bam", .want = "tumour7"},               /* then @RG SM */
        {.hdr = norg, .path = "dir/p01.sorted.bam", .want = "p01.sorted"},
        {.path = "/a/b/c.cram", .want = "c"},
        {.path = "noext", .want = "noext"},
        {.path = "dir/.hidden", .want = ".hidden"},
        /* the data file's name, not its index's, nor a URL's query */
        {.path = "d/s2.bam##idx##d/other.bai", .want = "s2"},
        {.path = "https://h/b/s3.bam?X-Amz-Signature=abc", .want = "s3"},
        {.path = "s3://bucket/k/s4.cram##idx##s3://bucket/k/s4.crai", .want = "s4"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *s = h2_sample_name(cases[i].given, cases[i].hdr, cases[i].path);
        ck_assert_ptr_nonnull(s);
        ck_assert_str_eq(s, cases[i].want);
        free(s);
    }
    sam_hdr_destroy(hdr);
    sam_hdr_destroy(norg);
}
END_TEST

/* h2_ref_check of a header (its text) against dir/ref.fa, bins and the
 * called gene on chrA. */
static int ref_check(const char *text, h2_err_t *err)
{
    h2_gene_t gene = {.name = "G", .contig = 0, .start = 2, .end = 8, .called = 1};
    h2_bin_t bins[2] = {{.contig = 0, .start = 0, .end = 10, .role = H2_ROLE_GENE, .gene = 0},
                        {.contig = 1, .start = 0, .end = 10, .role = H2_ROLE_REF, .gene = -1}};
    h2_regset_t rs = {.n_genes = 1, .genes = &gene, .n_called = 1, .n_bins = 2, .bins = bins};
    sam_hdr_t *hdr = sam_hdr_parse(strlen(text), text);
    ck_assert_ptr_nonnull(hdr);
    int r = h2_ref_check(hdr, &rs, th_path(dir, "ref.fa"), err);
    sam_hdr_destroy(hdr);
    return r;
}

START_TEST(test_ref_check)
{
    h2_err_t err = {.msg = ""};
    /* chrA's MD5 is that of the upper-cased sequence, as in @SQ M5 */
    put("ref.fa", ">chrA\nACGTacgtNNACGTACGTAC\n>chrB\nGGGGCCCCAA\n");
    ck_assert_int_eq(ref_check("@SQ\tSN:chrA\tLN:20\tM5:12f0239439062d915941e4927fe42421\n"
                               "@SQ\tSN:chrB\tLN:10\n", &err), 0);
    /* "chr" prefix tolerated; no M5: lengths only */
    ck_assert_int_eq(ref_check("@SQ\tSN:A\tLN:20\n@SQ\tSN:B\tLN:10\n", &err), 0);
    ck_assert_int_eq(ref_check("@SQ\tSN:chrA\tLN:20\tM5:00000000000000000000000000000000\n"
                               "@SQ\tSN:chrB\tLN:10\n", &err), H2_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "MD5 of chrA is 12f0239439062d915941e4927fe42421"));
    ck_assert_int_eq(ref_check("@SQ\tSN:chrA\tLN:20\n@SQ\tSN:chrB\tLN:11\n", &err), H2_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "chrB is 10 bp in the FASTA and 11 bp in the header"));
    ck_assert_int_eq(ref_check("@SQ\tSN:chrA\tLN:20\n@SQ\tSN:chrZ\tLN:10\n", &err), H2_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "contig \"chrZ\" is not in the reference"));
    /* a FASTA that cannot be read */
    put("ref.fa", "not a fasta\n");
    th_run("rm -f '%s/ref.fa.fai'", dir);
    ck_assert_int_lt(ref_check("@SQ\tSN:chrA\tLN:20\n@SQ\tSN:chrB\tLN:10\n", &err), 0);
}
END_TEST

Suite *inputcheck_suite(void)
{
    Suite *s = suite_create("inputcheck");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_index_find);
    tcase_add_test(tc, test_index_age);
    tcase_add_test(tc, test_alignment_header);
    tcase_add_test(tc, test_sample_name);
    tcase_add_test(tc, test_ref_check);
    suite_add_tcase(s, tc);
    return s;
}
