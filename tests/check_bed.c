/* check_bed.c -- the strict BED reader. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <htslib/bgzf.h>
#include "h2_bed.h"

static const char *td(const char *name)
{
    static char buf[1024];
    const char *dir = getenv("H2_TESTDATA");
    snprintf(buf, sizeof buf, "%s/bed/%s", dir ? dir : "testdata", name);
    return buf;
}

START_TEST(test_ok)
{
    h2_err_t err;
    int rc;
    h2_bed_t *b = h2_bed_read(td("ok.bed"), 0, &err, &rc);
    ck_assert_ptr_nonnull(b);
    ck_assert_int_eq(rc, 0);
    ck_assert_int_eq(b->n, 3);
    ck_assert_str_eq(b->rec[0].chrom, "chr17");
    ck_assert_int_eq(b->rec[0].start, 100);
    ck_assert_int_eq(b->rec[0].end, 200);
    ck_assert_str_eq(b->rec[0].name, "A");     /* CRLF stripped */
    ck_assert_double_eq_tol(b->rec[0].value, 0.5, 1e-12);
    ck_assert_str_eq(b->rec[1].name, "B");     /* space separated */
    ck_assert_ptr_null(b->rec[2].name);
    ck_assert(isnan(b->rec[2].value));
    h2_bed_destroy(b);
    /* names required but line 3 has none */
    ck_assert_ptr_null(h2_bed_read(td("ok.bed"), 1, &err, &rc));
    ck_assert_int_eq(rc, H2_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, ":6:"));
}
END_TEST

static void expect_error(const char *file, int need_name, const char *fragment)
{
    h2_err_t err;
    int rc = 0;
    h2_bed_t *b = h2_bed_read(td(file), need_name, &err, &rc);
    ck_assert_msg(b == NULL, "%s should fail", file);
    ck_assert_int_eq(rc, H2_EINPUT);
    ck_assert_msg(strstr(err.msg, fragment) != NULL, "%s: [%s] lacks [%s]", file, err.msg, fragment);
}

START_TEST(test_errors)
{
    expect_error("start_gt_end.bed", 0, "less than end");
    expect_error("zero_length.bed", 0, "less than end");
    expect_error("negative.bed", 0, "non-negative");
    expect_error("nonnumeric.bed", 0, "non-negative integers");
    expect_error("two_cols.bed", 0, "at least 3 columns");
    expect_error("no_name.bed", 1, "name is required");
    expect_error("empty.bed", 0, "no intervals");
    h2_err_t err;
    int rc;
    ck_assert_ptr_null(h2_bed_read("/nonexistent.bed", 0, &err, &rc));
    ck_assert_int_eq(rc, H2_EIO);
}
END_TEST

/* h2_getline, the line reader of every text input: CRLF, a NUL kept, a last
 * line without '\n', the end, and gzip input read like plain text. */
START_TEST(test_getline)
{
    static const char text[] = "a\tb\r\n\nc\0d\nlast";
    char path[] = "/tmp/h2lineXXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, text, sizeof text - 1), (int)sizeof text - 1);
    close(fd);
    for (int gz = 0; gz < 2; gz++) {
        if (gz) {
            char cmd[128];
            snprintf(cmd, sizeof cmd, "gzip -c < %s > %s.gz && mv %s.gz %s", path, path, path,
                     path);
            ck_assert_int_eq(system(cmd), 0);
        }
        BGZF *fp = bgzf_open(path, "r");
        kstring_t ks = KS_INITIALIZE;
        ck_assert_ptr_nonnull(fp);
        ck_assert_int_eq(h2_getline(fp, &ks), 1);
        ck_assert_str_eq(ks.s, "a\tb");
        ck_assert_int_eq(h2_getline(fp, &ks), 1);
        ck_assert_int_eq((int)ks.l, 0);
        ck_assert_int_eq(h2_getline(fp, &ks), 1);
        ck_assert_int_eq((int)ks.l, 3);
        ck_assert_int_eq(memcmp(ks.s, "c\0d", 3), 0);
        ck_assert_int_eq(h2_getline(fp, &ks), 1);
        ck_assert_str_eq(ks.s, "last");
        ck_assert_int_eq(h2_getline(fp, &ks), 0);
        ck_assert_int_eq(bgzf_close(fp), 0);
        free(ks.s);
    }
    unlink(path);
}
END_TEST

Suite *bed_suite(void)
{
    Suite *s = suite_create("bed");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_ok);
    tcase_add_test(tc, test_errors);
    tcase_add_test(tc, test_getline);
    suite_add_tcase(s, tc);
    return s;
}
