/* check_util.c -- src/util.c: exit codes, h2_fail, strict number parsing,
 * --exclude-flags parsing and the clock. */
#include <check.h>
#include <math.h>
#include <string.h>
#include "her2cn.h"

START_TEST(test_exit_codes)
{
    ck_assert_int_eq(h2_exit_code(0), H2_EXIT_OK);
    ck_assert_int_eq(h2_exit_code(H2_EUSAGE), H2_EXIT_USAGE);
    ck_assert_int_eq(h2_exit_code(H2_EINPUT), H2_EXIT_INPUT);
    ck_assert_int_eq(h2_exit_code(H2_EIO), H2_EXIT_IO);
    ck_assert_int_eq(h2_exit_code(H2_ENOMEM), H2_EXIT_INTERNAL);
    ck_assert_int_eq(h2_exit_code(H2_EINTERNAL), H2_EXIT_INTERNAL);
    ck_assert_int_eq(h2_exit_code(-99), H2_EXIT_INTERNAL);     /* unknown: a bug */
    /* the documented numbers (README "Exit codes") */
    ck_assert_int_eq(H2_EXIT_USAGE, 1);
    ck_assert_int_eq(H2_EXIT_INPUT, 2);
    ck_assert_int_eq(H2_EXIT_IO, 3);
    ck_assert_int_eq(H2_EXIT_INTERNAL, 4);
}
END_TEST

START_TEST(test_fail)
{
    h2_err_t err = {.msg = "old"};
    char long_arg[2000];
    ck_assert_int_eq(h2_fail(&err, H2_EINPUT, "bad %s at %d", "x.bed", 3), H2_EINPUT);
    ck_assert_str_eq(err.msg, "bad x.bed at 3");
    ck_assert_int_eq(h2_fail(NULL, H2_EIO, "no buffer: %d", 1), H2_EIO);   /* NULL err */
    memset(long_arg, 'a', sizeof long_arg - 1);
    long_arg[sizeof long_arg - 1] = 0;
    ck_assert_int_eq(h2_fail(&err, H2_EUSAGE, "%s", long_arg), H2_EUSAGE);
    ck_assert_uint_eq(strlen(err.msg), sizeof err.msg - 1);            /* cut, terminated */
}
END_TEST

START_TEST(test_parse_long)
{
    long v = 77;
    ck_assert_int_eq(h2_parse_long("42", &v), 0);
    ck_assert_int_eq(v, 42);
    ck_assert_int_eq(h2_parse_long("-7", &v), 0);
    ck_assert_int_eq(v, -7);
    /* a typo or an empty value is an error and leaves the value alone */
    static const char *bad[] = {"", "2O", "4x", "1.5", "0x10", "4 ", "99999999999999999999999"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        v = 77;
        ck_assert_msg(h2_parse_long(bad[i], &v) == -1, "\"%s\" accepted", bad[i]);
        ck_assert_int_eq(v, 77);
    }
    ck_assert_int_eq(h2_parse_long(NULL, &v), -1);
}
END_TEST

START_TEST(test_parse_double)
{
    double v = 77;
    ck_assert_int_eq(h2_parse_double("0.6", &v), 0);
    ck_assert_double_eq(v, 0.6);
    ck_assert_int_eq(h2_parse_double("1e-3", &v), 0);
    ck_assert_double_eq(v, 1e-3);
    ck_assert_int_eq(h2_parse_double("-2", &v), 0);
    ck_assert_double_eq(v, -2);
    /* typos, and values that are not finite numbers */
    static const char *bad[] = {"", "0.6x", "x", "inf", "nan", "1e999", "0.5 "};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        v = 77;
        ck_assert_msg(h2_parse_double(bad[i], &v) == -1, "\"%s\" accepted", bad[i]);
        ck_assert_double_eq(v, 77);
    }
    ck_assert_int_eq(h2_parse_double(NULL, &v), -1);
}
END_TEST

START_TEST(test_strip_bom)
{
    kstring_t ks = KS_INITIALIZE;
    kputs("\xef\xbb\xbf" "chr1\t1\t2", &ks);
    h2_strip_bom(&ks);
    ck_assert_str_eq(ks.s, "chr1\t1\t2");
    ck_assert_int_eq(ks.l, 8);
    h2_strip_bom(&ks);                     /* no BOM: unchanged */
    ck_assert_str_eq(ks.s, "chr1\t1\t2");
    ks.l = 0;
    kputs("\xef\xbb", &ks);                /* a cut BOM is not one */
    h2_strip_bom(&ks);
    ck_assert_int_eq(ks.l, 2);
    free(ks.s);
}
END_TEST

START_TEST(test_parse_flags)
{
    int f = -5;
    ck_assert_int_eq(h2_parse_flags("3844", &f), 0);           /* the default */
    ck_assert_int_eq(f, 3844);
    ck_assert_int_eq(h2_parse_flags("0xf04", &f), 0);          /* as htslib prints it */
    ck_assert_int_eq(f, 0xf04);
    ck_assert_int_eq(h2_parse_flags("0", &f), 0);
    ck_assert_int_eq(f, 0);
    ck_assert_int_eq(h2_parse_flags("02000", &f), 0);          /* octal, as strtol base 0 */
    ck_assert_int_eq(f, 1024);
    ck_assert_int_eq(h2_parse_flags("DUP", &f), 0);
    ck_assert_int_eq(f, 1024);
    ck_assert_int_eq(h2_parse_flags("0", &f), 0);
    ck_assert_int_eq(f, 0);
    ck_assert_int_eq(h2_parse_flags("UNMAP,DUP", &f), 0);      /* samtools' names */
    ck_assert_int_eq(f, 4 | 1024);
    ck_assert_int_eq(h2_parse_flags("UNMAP,SECONDARY,QCFAIL,DUP,SUPPLEMENTARY", &f), 0);
    ck_assert_int_eq(f, 3844);
    static const char *bad[] = {"DUPP", "-1", "65536", "UNMAP,,DUP", "0xZZ", "1024abc", "4x",
                                "4,DUP", "+4", " 4", "DUP,", ",DUP", "", "0x10000"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        f = -5;
        ck_assert_msg(h2_parse_flags(bad[i], &f) == -1, "\"%s\" accepted", bad[i]);
        ck_assert_int_eq(f, -5);
    }
}
END_TEST

START_TEST(test_now)
{
    double a = h2_now(), b = h2_now();
    ck_assert(isfinite(a) && a >= 0);
    ck_assert(b >= a);                                          /* monotonic */
}
END_TEST

Suite *util_suite(void)
{
    Suite *s = suite_create("util");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_exit_codes);
    tcase_add_test(tc, test_fail);
    tcase_add_test(tc, test_parse_long);
    tcase_add_test(tc, test_parse_double);
    tcase_add_test(tc, test_parse_flags);
    tcase_add_test(tc, test_strip_bom);
    tcase_add_test(tc, test_now);
    suite_add_tcase(s, tc);
    return s;
}
