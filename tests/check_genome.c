/* check_genome.c -- builds, detection, contig matching. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "h2_genome.h"

START_TEST(test_builtin_lengths)
{
    h2_genome_t *g = h2_genome_builtin(H2_BUILD_GRCH38, 1);
    ck_assert_ptr_nonnull(g);
    ck_assert_int_eq(g->n_contigs, 24);
    int c = h2_genome_find(g, "chr17");
    ck_assert_int_eq(c, 16);
    ck_assert_int_eq(g->contigs[c].len, 83257441);
    ck_assert_int_eq(h2_build_detect(g), H2_BUILD_GRCH38);
    h2_genome_destroy(g);
    g = h2_genome_builtin(H2_BUILD_GRCH37, 0);
    c = h2_genome_find(g, "17");
    ck_assert_str_eq(g->contigs[c].name, "17");
    ck_assert_int_eq(g->contigs[c].len, 81195210);
    ck_assert_int_eq(h2_build_detect(g), H2_BUILD_GRCH37);
    h2_genome_destroy(g);
}
END_TEST

START_TEST(test_find_tolerates_prefix)
{
    h2_genome_t *g = h2_genome_builtin(H2_BUILD_GRCH37, 0);
    ck_assert_int_eq(h2_genome_find(g, "chr17"), 16);
    ck_assert_int_eq(h2_genome_find(g, "CHRX"), 22);
    ck_assert_int_eq(h2_genome_find(g, "chr99"), -1);
    ck_assert_int_eq(h2_genome_find(g, "chr1"), 0);
    h2_genome_destroy(g);
}
END_TEST

/* "17" and "chr17" in one header: found as a pair; ignoring the one without
 * reads leaves the other to every lookup, at the same contig numbers. */
START_TEST(test_same_name_pair)
{
    const char *txt = "@SQ\tSN:chr1\tLN:1000\n@SQ\tSN:chr17\tLN:3000\n"
                      "@SQ\tSN:chrUn_x\tLN:10\n@SQ\tSN:Un_x\tLN:10\n@SQ\tSN:17\tLN:3000\n";
    sam_hdr_t *h = sam_hdr_parse(strlen(txt), txt);
    ck_assert_ptr_nonnull(h);
    h2_genome_t *g = h2_genome_from_header(h);
    int a = -1, b = -1;
    ck_assert_int_eq(h2_genome_same_name_pair(g, &a, &b), 1);   /* not the chrUn pair */
    ck_assert_int_eq(a, 1);
    ck_assert_int_eq(b, 4);
    ck_assert_int_eq(h2_genome_find(g, "chr17"), 1);            /* exact spelling first */
    h2_genome_ignore(g, 1);
    ck_assert_int_eq(h2_genome_find(g, "chr17"), 4);
    ck_assert_int_eq(h2_genome_find(g, "17"), 4);
    ck_assert_int_eq(g->n_contigs, 5);
    ck_assert_int_eq(h2_genome_same_name_pair(g, &a, &b), 0);
    h2_genome_destroy(g);
    sam_hdr_destroy(h);
}
END_TEST

START_TEST(test_erbb2_coordinates)
{
    const h2_builtin_t *b38 = h2_builtin_get(H2_BUILD_GRCH38);
    const h2_builtin_t *b37 = h2_builtin_get(H2_BUILD_GRCH37);
    ck_assert_str_eq(b38->genes[0].name, "ERBB2");
    /* 0-based half-open of Ensembl 1-based chr17:39,687,914-39,730,426 */
    ck_assert_int_eq(b38->genes[0].start, 39687913);
    ck_assert_int_eq(b38->genes[0].end, 39730426);
    ck_assert_int_eq(b37->genes[0].start, 37844166);
    ck_assert_int_eq(b37->genes[0].end, 37886679);
    ck_assert_ptr_null(h2_builtin_get(H2_BUILD_CUSTOM));
}
END_TEST

START_TEST(test_parse_and_names)
{
    h2_build_t b;
    ck_assert_int_eq(h2_build_parse("hg38", &b), 0);
    ck_assert_int_eq(b, H2_BUILD_GRCH38);
    ck_assert_int_eq(h2_build_parse("grch37", &b), 0);
    ck_assert_int_eq(b, H2_BUILD_GRCH37);
    ck_assert_int_eq(h2_build_parse("auto", &b), 0);
    ck_assert_int_eq(b, H2_BUILD_UNKNOWN);
    ck_assert_int_eq(h2_build_parse("mm10", &b), -1);
    ck_assert_int_eq(h2_contig_is_autosome_like("chr5"), 1);
    ck_assert_int_eq(h2_contig_is_autosome_like("5"), 1);
    ck_assert_int_eq(h2_contig_is_autosome_like("chrX"), 0);
    ck_assert_int_eq(h2_contig_is_autosome_like("MT"), 0);
    ck_assert_int_eq(h2_contig_is_autosome_like("chr1_KI270706v1_random"), 0);
    ck_assert_int_eq(h2_contig_is_autosome_like("GL000192.1"), 0);
    ck_assert_int_eq(h2_contig_is_autosome_like("chrUn_GL000220v1"), 0);
}
END_TEST

START_TEST(test_genome_load)
{
    char path[] = "/tmp/h2genomeXXXXXX";
    int fd = mkstemp(path);
    FILE *fp = fdopen(fd, "w");
    h2_err_t err;
    fprintf(fp, "chrA\t1000\nchr17\t5000\n");
    fclose(fp);
    h2_genome_t *g = h2_genome_load(path, &err);
    ck_assert_ptr_nonnull(g);
    ck_assert_int_eq(g->n_contigs, 2);
    ck_assert_int_eq(g->build, H2_BUILD_CUSTOM);
    h2_genome_destroy(g);
    fp = fopen(path, "w");
    fprintf(fp, "chrA\tlots\n");
    fclose(fp);
    ck_assert_ptr_null(h2_genome_load(path, &err));
    ck_assert_ptr_nonnull(strstr(err.msg, ":1:"));
    /* issue 20 (the fuzz pass): 10^23 was read as LLONG_MAX and simulated on;
     * lengths are whole numbers from 1 to 2^40 */
    const char *bad[] = {"chrA\t99999999999999999999999\n", "chrA\t1099511627777\n",
                         "chrA\t1000x\n", "chrA\t-5\n"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        fp = fopen(path, "w");
        fprintf(fp, "chrB\t10\n%s", bad[i]);
        fclose(fp);
        ck_assert_ptr_null(h2_genome_load(path, &err));
        ck_assert_msg(strstr(err.msg, ":2: expected") != NULL, "%s: %s", bad[i], err.msg);
    }
    fp = fopen(path, "w");
    fprintf(fp, "chrA\t1099511627776\tand a .fai's columns\n");
    fclose(fp);
    ck_assert_ptr_nonnull(g = h2_genome_load(path, &err));
    h2_genome_destroy(g);
    unlink(path);
    ck_assert_ptr_null(h2_genome_load("/nonexistent/genome", &err));
}
END_TEST

/* Issue 20 (the fuzz pass): a header's LN:99999999999999999999999 reaches
 * her2cn as INT64_MAX, and tiling the contig overflowed (UBSan); such a
 * header is an input error. */
START_TEST(test_header_lengths)
{
    const char *txt = "@SQ\tSN:chr1\tLN:1000\n@SQ\tSN:chr17\tLN:99999999999999999999999\n";
    sam_hdr_t *h = sam_hdr_parse(strlen(txt), txt);
    h2_err_t err;
    ck_assert_ptr_nonnull(h);
    h2_genome_t *g = h2_genome_from_header(h);
    ck_assert_int_eq(h2_genome_check_lengths(g, "x.sam", &err), H2_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "\"x.sam\": contig \"chr17\" is "));
    g->contigs[1].len = H2_CONTIG_MAX_LEN;
    ck_assert_int_eq(h2_genome_check_lengths(g, "x.sam", &err), 0);
    h2_genome_destroy(g);
    sam_hdr_destroy(h);
}
END_TEST

START_TEST(test_contig_name_rule)
{
    ck_assert(h2_contig_name_eq("chr17", "17"));
    ck_assert(h2_contig_name_eq("17", "chr17"));
    ck_assert(h2_contig_name_eq("CHR17", "chr17"));
    ck_assert(h2_contig_name_eq("Chr17", "17"));
    ck_assert(!h2_contig_name_eq("chr17", "chr1"));
    ck_assert(!h2_contig_name_eq("chr17", "chr17_KI270729v1_random"));
    /* the mitochondrion under every name */
    ck_assert(h2_contig_name_eq("chrM", "MT"));
    ck_assert(h2_contig_name_eq("MT", "chrM"));
    ck_assert(h2_contig_name_eq("chrM", "M"));
    ck_assert(h2_contig_name_eq("chrMT", "chrM"));
    ck_assert(!h2_contig_name_eq("chrM", "chrX"));
    ck_assert(!h2_contig_name_eq("MT", "mt"));
    /* unplaced contigs keep the rest of their name exactly */
    ck_assert(h2_contig_name_eq("chrUn_KI270302v1", "Un_KI270302v1"));
    ck_assert(!h2_contig_name_eq("chrUn_KI270302v1", "chrUn_KI270303v1"));
    ck_assert(!h2_contig_name_eq("chrUn_KI270302v1", "chrun_KI270302v1"));
    /* a name that merely starts with "chr" */
    ck_assert(h2_contig_name_eq("chromosome1", "chromosome1"));
    ck_assert(!h2_contig_name_eq("chromosome1", "1"));
    ck_assert(!h2_contig_name_eq("chromosome1", "chr1"));
    ck_assert(!h2_contig_name_eq("chromosome1", "chromosome11"));
    ck_assert_str_eq(h2_contig_bare("chr17"), "17");
    ck_assert_str_eq(h2_contig_bare("CHRX"), "X");
    ck_assert_str_eq(h2_contig_bare("17"), "17");
    ck_assert_str_eq(h2_contig_bare("chr"), "");
}
END_TEST

static const char *names_at(const void *set, int i)
{
    return ((const char *const *)set)[i];
}

START_TEST(test_contig_lookup)
{
    /* an exact name wins over an earlier name equal under the rule */
    static const char *names[] = {"17", "chr17", "MT", "chrUn_x", "chromosome1"};
    ck_assert_int_eq(h2_contig_lookup("chr17", 5, names_at, names), 1);
    ck_assert_int_eq(h2_contig_lookup("17", 5, names_at, names), 0);
    ck_assert_int_eq(h2_contig_lookup("CHR17", 5, names_at, names), 0);
    ck_assert_int_eq(h2_contig_lookup("chrM", 5, names_at, names), 2);
    ck_assert_int_eq(h2_contig_lookup("Un_x", 5, names_at, names), 3);
    ck_assert_int_eq(h2_contig_lookup("1", 5, names_at, names), -1);
    ck_assert_int_eq(h2_contig_lookup("chromosome1", 5, names_at, names), 4);
    ck_assert_int_eq(h2_contig_lookup("chr17", 0, names_at, names), -1);
    h2_genome_t *g = h2_genome_builtin(H2_BUILD_GRCH38, 1);
    ck_assert_int_eq(h2_genome_find(g, "MT"), -1);
    ck_assert_int_eq(h2_genome_find(g, "Y"), 23);
    h2_genome_destroy(g);
}
END_TEST

START_TEST(test_fai_contig)
{
    char path[] = "/tmp/h2faiXXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    FILE *fp = fdopen(fd, "w");
    fputs(">17\nACGT\n>MT\nGGCC\n>chrUn_x\nAAAA\n", fp);
    fclose(fp);
    ck_assert_int_eq(fai_build(path), 0);
    faidx_t *fai = fai_load(path);
    ck_assert_ptr_nonnull(fai);
    ck_assert_str_eq(h2_fai_contig(fai, "chr17"), "17");
    ck_assert_str_eq(h2_fai_contig(fai, "17"), "17");
    ck_assert_str_eq(h2_fai_contig(fai, "chrM"), "MT");
    ck_assert_str_eq(h2_fai_contig(fai, "Un_x"), "chrUn_x");
    ck_assert_ptr_null(h2_fai_contig(fai, "chr1"));
    fai_destroy(fai);
    char fai_path[64];
    snprintf(fai_path, sizeof fai_path, "%s.fai", path);
    unlink(fai_path);
    unlink(path);
}
END_TEST

/* Issue 20 (found by the fuzz pass): every contig was compared with every
 * other, so a header with 10^5 contigs took minutes before any read was
 * counted (20,000 took 5 s, 40,000 19 s). With 100,000 contigs the old code
 * runs past this test case's 30 s timeout; sorting takes milliseconds. */
START_TEST(test_same_name_pair_many_contigs)
{
    kstring_t ks = KS_INITIALIZE;
    int n = 100000, a = -1, b = -1;
    for (int i = 0; i < n; i++) {
        if (i == n / 2)
            kputs("@SQ\tSN:chr17\tLN:3000\n", &ks);
        else
            ksprintf(&ks, "@SQ\tSN:scaffold%d\tLN:%d\n", i, 1000 + i);
    }
    kputs("@SQ\tSN:17\tLN:3000\n@SQ\tSN:chrscaffold7\tLN:5\n", &ks);
    sam_hdr_t *h = sam_hdr_parse(ks.l, ks.s);
    ck_assert_ptr_nonnull(h);
    h2_genome_t *g = h2_genome_from_header(h);
    ck_assert_ptr_nonnull(g);
    /* two pairs: scaffold7/chrscaffold7 (7, n+1) comes first in header order */
    ck_assert_int_eq(h2_genome_same_name_pair(g, &a, &b), 1);
    ck_assert_int_eq(a, 7);
    ck_assert_int_eq(b, n + 1);
    h2_genome_ignore(g, b);
    ck_assert_int_eq(h2_genome_same_name_pair(g, &a, &b), 1);
    ck_assert_int_eq(a, n / 2);
    ck_assert_int_eq(b, n);
    h2_genome_ignore(g, a);
    ck_assert_int_eq(h2_genome_same_name_pair(g, &a, &b), 0);
    h2_genome_destroy(g);
    sam_hdr_destroy(h);
    free(ks.s);
}
END_TEST

Suite *genome_suite(void)
{
    Suite *s = suite_create("genome");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_builtin_lengths);
    tcase_add_test(tc, test_find_tolerates_prefix);
    tcase_add_test(tc, test_same_name_pair);
    tcase_add_test(tc, test_erbb2_coordinates);
    tcase_add_test(tc, test_parse_and_names);
    tcase_add_test(tc, test_genome_load);
    tcase_add_test(tc, test_header_lengths);
    tcase_add_test(tc, test_contig_name_rule);
    tcase_add_test(tc, test_contig_lookup);
    tcase_add_test(tc, test_fai_contig);
    suite_add_tcase(s, tc);
    tc = tcase_create("scale");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_same_name_pair_many_contigs);
    suite_add_tcase(s, tc);
    return s;
}
