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
    unlink(path);
    ck_assert_ptr_null(h2_genome_load("/nonexistent/genome", &err));
}
END_TEST

Suite *genome_suite(void)
{
    Suite *s = suite_create("genome");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_builtin_lengths);
    tcase_add_test(tc, test_find_tolerates_prefix);
    tcase_add_test(tc, test_erbb2_coordinates);
    tcase_add_test(tc, test_parse_and_names);
    tcase_add_test(tc, test_genome_load);
    suite_add_tcase(s, tc);
    return s;
}
