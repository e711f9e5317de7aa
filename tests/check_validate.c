/* check_validate.c -- truth table parsing and the accuracy metrics. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "h2_validate.h"

static char *write_tmp(const char *text)
{
    char *path = strdup("/tmp/h2_truth_XXXXXX");
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    return path;
}

/* Issue 20 (the fuzz pass): a damaged VCF whose format htslib cannot tell
 * (hts_open fails with ENOEXEC) was "cannot open: Exec format error", exit 3;
 * it is an input error. */
#define UNKNOWN_FORMAT "##fileformat=V\xdc \x83\xc1Q\xe3\n95T\x91\x03\x85O4CFv4.2\n"
START_TEST(test_calls_unknown_format)
{
    h2_calls_t c;
    h2_err_t err;
    char *path = write_tmp(UNKNOWN_FORMAT);
    memset(&c, 0, sizeof c);
    ck_assert_int_eq(h2_calls_read_vcf(path, &c, &err), H2_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "is not a VCF or BCF file"));
    h2_calls_free(&c);
    unlink(path);
    free(path);
}
END_TEST

START_TEST(test_truth_read)
{
    h2_call_opt_t th;
    h2_err_t err;
    int rc;
    h2_call_opt_init(&th);
    char *p = write_tmp("#sample\tgene\tcn\tclass\ns1\tERBB2\t20\n"
                        "s2\tERBB2\t2\t.\ns3\tERBB2\t3\tamp\r\ns4\tERBB2\t1\tLOSS\textra\n\n");
    h2_truth_t *t = h2_truth_read(p, &th, &err, &rc);
    ck_assert_ptr_nonnull(t);
    ck_assert_int_eq(t->n, 4);
    ck_assert_int_eq(t->rows[0].cls, H2_CALL_AMP);     /* derived: 20 >= 6 */
    ck_assert_int_eq(t->rows[1].cls, H2_CALL_NEUTRAL); /* derived */
    ck_assert_int_eq(t->rows[2].cls, H2_CALL_AMP);     /* given, any case */
    ck_assert_int_eq(t->rows[3].cls, H2_CALL_LOSS);
    ck_assert_double_eq(t->rows[0].cn, 20);
    h2_truth_destroy(t);
    unlink(p);
    free(p);
}
END_TEST

START_TEST(test_truth_errors)
{
    static const char *bad[] = {"s1\tERBB2\n", "s1\tERBB2\tx\n", "s1\tERBB2\t-1\n",
                                "s1\tERBB2\t3\tBIG\n", "s1\tE\t2\ns1\tE\t3\n", "# only\n"};
    h2_call_opt_t th;
    h2_err_t err;
    int rc;
    h2_call_opt_init(&th);
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char *p = write_tmp(bad[i]);
        ck_assert_ptr_null(h2_truth_read(p, &th, &err, &rc));
        ck_assert_int_eq(rc, H2_EINPUT);
        ck_assert(strstr(err.msg, p) != NULL);
        unlink(p);
        free(p);
    }
    ck_assert_ptr_null(h2_truth_read("/nonexistent/t.tsv", &th, &err, &rc));
    ck_assert_int_eq(rc, H2_EIO);
    /* an empty column fails its row; it used to shift the columns left
     * (issue 20): "s1<tab><tab>ERBB2<tab>8" read as gene ERBB2, CN 8 */
    static const char *empty[] = {"s1\t\tERBB2\t8\n", "\tERBB2\t8\n", "s1\tERBB2\t\t8\n",
                                  "s1\tERBB2\t8\t\n"};
    static const char *col[] = {":1: column 2 (gene) is empty", ":1: column 1 (sample) is empty",
                                ":1: column 3 (true CN) is empty", ":1: column 4 (class) is empty"};
    for (size_t i = 0; i < sizeof empty / sizeof *empty; i++) {
        char *p = write_tmp(empty[i]);
        ck_assert_ptr_null(h2_truth_read(p, &th, &err, &rc));
        ck_assert_int_eq(rc, H2_EINPUT);
        ck_assert_msg(strstr(err.msg, col[i]) != NULL, "%s", err.msg);
        unlink(p);
        free(p);
    }
}
END_TEST

static void add(h2_calls_t *c, const char *s, int cls, double cn, double lo, double hi, int pass)
{
    c->r = realloc(c->r, (c->n + 1) * sizeof *c->r);
    c->r[c->n] = (h2_callrec_t){.sample = strdup(s), .gene = strdup("ERBB2"),
                                .file = strdup("x.vcf"), .cls = cls, .cn = cn, .lo = lo, .hi = hi,
                                .pass = pass};
    c->n++;
}

/* The VCF reader: the layout of issue 21 (FORMAT CALL/FT, every sample of a
 * merged file, a sample without a call skipped) and the old one (INFO/CALL,
 * FILTER, one sample). */
#define VCF_HDR "##fileformat=VCFv4.4\n##contig=<ID=chr17,length=1000>\n" \
    "##FILTER=<ID=PASS,Description=\"ok\">\n##FILTER=<ID=LowDepth,Description=\"x\">\n" \
    "##INFO=<ID=GENE,Number=1,Type=String,Description=\"x\">\n" \
    "##INFO=<ID=END,Number=1,Type=Integer,Description=\"x\">\n"
START_TEST(test_read_vcf)
{
    h2_calls_t c = {0};
    h2_err_t err = {""};
    char *p = write_tmp(VCF_HDR
        "##FORMAT=<ID=GT,Number=1,Type=String,Description=\"x\">\n"
        "##FORMAT=<ID=FT,Number=1,Type=String,Description=\"x\">\n"
        "##FORMAT=<ID=CN,Number=1,Type=Float,Description=\"x\">\n"
        "##FORMAT=<ID=CICN,Number=2,Type=Float,Description=\"x\">\n"
        "##FORMAT=<ID=CALL,Number=1,Type=String,Description=\"x\">\n"
        "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tA\tB\tC\n"
        "chr17\t99\tERBB2\tN\t<CNV>\t.\tLowDepth\tGENE=ERBB2;END=200\tGT:FT:CN:CICN:CALL\t"
        ".:PASS:12:10,14:AMP\t.:LowDepth:2:1.5,2.5:NEUTRAL\t.:.:.:.,.:.\n");
    ck_assert_int_eq(h2_calls_read_vcf(p, &c, &err), 0);
    ck_assert_int_eq(c.n, 2);
    ck_assert_str_eq(c.r[0].sample, "A");
    ck_assert_int_eq(c.r[0].cls, H2_CALL_AMP);
    ck_assert_int_eq(c.r[0].pass, 1);   /* FT, not the merged FILTER */
    ck_assert(c.r[0].cn == 12 && c.r[0].lo == 10 && c.r[0].hi == 14);
    ck_assert_str_eq(c.r[1].sample, "B");
    ck_assert_int_eq(c.r[1].cls, H2_CALL_NEUTRAL);
    ck_assert_int_eq(c.r[1].pass, 0);
    ck_assert(c.r[1].cn == 2 && c.r[1].lo == 1.5 && c.r[1].hi == 2.5);
    h2_calls_free(&c);
    unlink(p);
    free(p);
    p = write_tmp(VCF_HDR
        "##INFO=<ID=CALL,Number=1,Type=String,Description=\"x\">\n"
        "##FORMAT=<ID=CN,Number=1,Type=Float,Description=\"x\">\n"
        "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tOLD\n"
        "chr17\t100\tERBB2\tN\t<DUP>\t.\tPASS\tGENE=ERBB2;END=200;CALL=GAIN\tCN\t4\n");
    memset(&c, 0, sizeof c);
    ck_assert_int_eq(h2_calls_read_vcf(p, &c, &err), 0);
    ck_assert_int_eq(c.n, 1);
    ck_assert_int_eq(c.r[0].cls, H2_CALL_GAIN);
    ck_assert_int_eq(c.r[0].pass, 1);
    ck_assert(c.r[0].cn == 4);
    h2_calls_free(&c);
    unlink(p);
    free(p);
}
END_TEST

START_TEST(test_metrics)
{
    /* truth: 3 AMP (CN 10), 3 NEUTRAL (CN 2); calls: 2 AMP found, one AMP
     * called GAIN, one NEUTRAL called AMP, one call without truth, one
     * truth row without a call */
    h2_truth_row_t rows[7];
    const char *names[] = {"a1", "a2", "a3", "n1", "n2", "n3", "m1"};
    for (int i = 0; i < 7; i++)
        rows[i] = (h2_truth_row_t){.sample = (char *)names[i], .gene = "ERBB2",
                                   .cn = i < 3 ? 10 : 2,
                                   .cls = i < 3 ? H2_CALL_AMP : H2_CALL_NEUTRAL};
    h2_truth_t t = {.n = 7, .rows = rows};
    h2_calls_t c = {0};
    h2_valid_t v;
    add(&c, "a1", H2_CALL_AMP, 11, 9, 13, 1);      /* err 10%, covered */
    add(&c, "a2", H2_CALL_AMP, 8, 7, 9, 1);        /* err 20%, not covered */
    add(&c, "a3", H2_CALL_GAIN, 5, 4, 6, 0);       /* err 50%, filtered */
    add(&c, "n1", H2_CALL_NEUTRAL, 2, 1.5, 2.5, 1);/* err 0 */
    add(&c, "n2", H2_CALL_NEUTRAL, 2.1, 1.9, 2.3, 1); /* err 5% */
    add(&c, "n3", H2_CALL_AMP, 7, 6, 8, 1);        /* err 250% */
    add(&c, "zz", H2_CALL_AMP, 7, 6, 8, 1);        /* no truth */
    h2_validate(&t, &c, 1u << H2_CALL_AMP, 0, &v, NULL);
    ck_assert_int_eq(v.n_truth, 7);
    ck_assert_int_eq(v.matched, 6);
    ck_assert_int_eq(v.missing, 1);
    ck_assert_int_eq(v.unmatched, 1);
    ck_assert_int_eq(v.filtered, 1);
    ck_assert_int_eq(v.confusion[H2_CALL_AMP][H2_CALL_AMP], 2);
    ck_assert_int_eq(v.confusion[H2_CALL_AMP][H2_CALL_GAIN], 1);
    ck_assert_int_eq(v.confusion[H2_CALL_NEUTRAL][H2_CALL_AMP], 1);
    ck_assert_int_eq(v.tp, 2);
    ck_assert_int_eq(v.fn, 1);
    ck_assert_int_eq(v.fp, 1);
    ck_assert_int_eq(v.tn, 2);
    ck_assert_double_eq_tol(v.sens, 2.0 / 3, 1e-12);
    ck_assert_double_eq_tol(v.spec, 2.0 / 3, 1e-12);
    ck_assert_double_eq_tol(v.ppv, 2.0 / 3, 1e-12);
    ck_assert_double_eq_tol(v.npv, 2.0 / 3, 1e-12);
    /* errors 0, 5, 10, 20, 50, 250 -> median 15 */
    ck_assert_double_eq_tol(v.med_abs_pct_err, 15, 1e-9);
    ck_assert_int_eq(v.n_cov, 6);
    ck_assert_int_eq(v.n_covered, 3);   /* a1, n1, n2 */
    /* pass-only: a3 becomes missing; GAIN|AMP positive */
    h2_validate(&t, &c, (1u << H2_CALL_AMP) | (1u << H2_CALL_GAIN), 1, &v, NULL);
    ck_assert_int_eq(v.missing, 2);
    ck_assert_int_eq(v.tp, 2);
    ck_assert_int_eq(v.fn, 0);
    ck_assert_double_eq(v.sens, 1.0);
    h2_calls_free(&c);
    /* nothing positive: sensitivity undefined */
    h2_validate(&t, &c, 1u << H2_CALL_AMP, 0, &v, NULL);
    ck_assert(isnan(v.sens));
    ck_assert_int_eq(v.missing, 7);
}
END_TEST

Suite *validate_suite(void)
{
    Suite *s = suite_create("validate");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_truth_read);
    tcase_add_test(tc, test_truth_errors);
    tcase_add_test(tc, test_metrics);
    tcase_add_test(tc, test_read_vcf);
    tcase_add_test(tc, test_calls_unknown_format);
    suite_add_tcase(s, tc);
    return s;
}
