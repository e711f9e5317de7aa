/* check_util.c -- src/util.c: exit codes, h2_fail, strict number parsing,
 * --exclude-flags parsing, the text-file reader, the clock, the three-way
 * comparison and ownership helpers (H2_CMP, H2_FREE, h2_set_rc), and
 * how a command ends (h2_cli_exit, src/cli.c). */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <htslib/bgzf.h>
#include <htslib/hts_log.h>
#include "her2cn.h"
#include "h2_cli.h"

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

/* collects each line as "N:text|"; stops with H2_EINPUT at a line "stop" */
static int collect(void *ctx, kstring_t *line, int lineno, h2_err_t *err)
{
    if (!strcmp(line->s, "stop"))
        return h2_fail(err, H2_EINPUT, "stopped at %d", lineno);
    ksprintf(ctx, "%d:%s|", lineno, line->s);
    return 0;
}

/* a temporary file holding data (BGZF-compressed when gz), cut to keep bytes
 * when keep >= 0 */
static void write_file(char *path, const char *data, int gz, long keep)
{
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    BGZF *fp = bgzf_open(path, gz ? "w" : "wu");
    ck_assert_ptr_nonnull(fp);
    ck_assert_int_eq(bgzf_write(fp, data, strlen(data)), (ssize_t)strlen(data));
    ck_assert_int_eq(bgzf_close(fp), 0);
    if (keep >= 0)
        ck_assert_int_eq(truncate(path, keep), 0);
}

START_TEST(test_read_lines)
{
    h2_err_t err = {{0}};
    kstring_t got = KS_INITIALIZE;
    char plain[] = "/tmp/h2utilXXXXXX", gz[] = "/tmp/h2utilXXXXXX";
    write_file(plain, "a\r\n\nb c\n#x", 0, -1);
    write_file(gz, "a\r\n\nb c\n#x", 1, -1);
    /* every line, blank and comment ones included, numbered from 1, no newline */
    ck_assert_int_eq(h2_read_lines(plain, collect, &got, &err), 0);
    ck_assert_str_eq(got.s, "1:a|2:|3:b c|4:#x|");
    got.l = 0;
    ck_assert_int_eq(h2_read_lines(gz, collect, &got, &err), 0);     /* compressed: the same */
    ck_assert_str_eq(got.s, "1:a|2:|3:b c|4:#x|");
    /* the callback's error stops the reading and is returned */
    unlink(plain);
    strcpy(plain, "/tmp/h2utilXXXXXX");
    write_file(plain, "a\nstop\nb\n", 0, -1);
    got.l = 0;
    ck_assert_int_eq(h2_read_lines(plain, collect, &got, &err), H2_EINPUT);
    ck_assert_str_eq(got.s, "1:a|");
    ck_assert_str_eq(err.msg, "stopped at 2");
    unlink(plain);
    /* a missing file: H2_EIO naming it, and h2_text_open says the same */
    ck_assert_int_eq(h2_read_lines(plain, collect, &got, &err), H2_EIO);
    ck_assert_ptr_nonnull(strstr(err.msg, "cannot open"));
    ck_assert_ptr_nonnull(strstr(err.msg, plain));
    err.msg[0] = 0;
    ck_assert_ptr_null(h2_text_open(plain, &err));
    ck_assert_ptr_nonnull(strstr(err.msg, "cannot open"));
    unlink(gz);
    free(got.s);
}
END_TEST

/* counts the lines that are not comments: the records of h2_read_records */
static int count_records(void *ctx, kstring_t *line, int lineno, h2_err_t *err)
{
    if (line->l && line->s[0] != '#')
        ++*(int *)ctx;
    return 0;
}

START_TEST(test_read_records)
{
    h2_err_t err = {{0}};
    char path[] = "/tmp/h2utilXXXXXX";
    int n = 0;
    write_file(path, "#only\n\n# comments\n", 0, -1);
    ck_assert_int_eq(h2_read_records(path, count_records, &n, &n, "rows", &err), H2_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, ": no rows"));
    ck_assert_ptr_nonnull(strstr(err.msg, path));
    unlink(path);
    strcpy(path, "/tmp/h2utilXXXXXX");
    write_file(path, "#h\nx\n", 0, -1);
    n = 0;
    ck_assert_int_eq(h2_read_records(path, count_records, &n, &n, "rows", &err), 0);
    ck_assert_int_eq(n, 1);
    unlink(path);
    /* the reader's own error comes first */
    ck_assert_int_eq(h2_read_records(path, count_records, &n, &n, "rows", &err), H2_EIO);
}
END_TEST

/* a compressed file cut inside its block is an input error, not a short file */
START_TEST(test_read_lines_truncated)
{
    h2_err_t err = {{0}};
    kstring_t got = KS_INITIALIZE;
    char gz[] = "/tmp/h2utilXXXXXX";
    char big[4000];
    unsigned x = 1;
    for (size_t i = 0; i < sizeof big - 1; i++) {      /* random letters: one block */
        x = x * 1103515245u + 12345u;
        big[i] = i % 50 == 49 ? '\n' : 'a' + (char)((x >> 16) % 26);
    }
    big[sizeof big - 1] = 0;
    write_file(gz, big, 1, 1000);
    enum htsLogLevel level = hts_get_log_level();
    hts_set_log_level(HTS_LOG_OFF);
    ck_assert_int_eq(h2_read_lines(gz, collect, &got, &err), H2_EINPUT);
    hts_set_log_level(level);
    ck_assert_ptr_nonnull(strstr(err.msg, "truncated or corrupt"));
    unlink(gz);
    free(got.s);
}
END_TEST

/* a command's end: the exit code of ret, and "CMD: message" on stderr only
 * for an error */
START_TEST(test_cli_exit)
{
    h2_err_t err = {.msg = "bad thing"};
    char path[] = "/tmp/h2cliXXXXXX", buf[64] = {0};
    int fd = mkstemp(path), saved = dup(2);
    ck_assert_int_ge(fd, 0);
    fflush(stderr);
    dup2(fd, 2);
    int ok_code = h2_cli_exit("her2cn x", 0, &err);
    int bad_code = h2_cli_exit("her2cn x", H2_EINPUT, &err);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    ck_assert_int_eq(ok_code, H2_EXIT_OK);
    ck_assert_int_eq(bad_code, H2_EXIT_INPUT);
    ck_assert_int_gt(pread(fd, buf, sizeof buf - 1, 0), 0);
    ck_assert_str_eq(buf, "her2cn x: bad thing\n");
    close(fd);
    unlink(path);
}
END_TEST

START_TEST(test_now)
{
    double a = h2_now(), b = h2_now();
    ck_assert(isfinite(a) && a >= 0);
    ck_assert(b >= a);                                          /* monotonic */
}
END_TEST

START_TEST(test_cmp)
{
    int64_t big = (int64_t)1 << 40;
    ck_assert_int_eq(H2_CMP(1, 2), -1);
    ck_assert_int_eq(H2_CMP(2, 2), 0);
    ck_assert_int_eq(H2_CMP(3, 2), 1);
    ck_assert_int_eq(H2_CMP(big, big + 1), -1);    /* no int overflow of a difference */
    ck_assert_int_eq(H2_CMP(big + 1, -big), 1);
    ck_assert_int_eq(H2_CMP(0.25, 0.5), -1);       /* no truncation of doubles */
    ck_assert_int_eq(H2_CMP(-0.0, 0.0), 0);
}
END_TEST

START_TEST(test_free_and_rc)
{
    int rc = 7;
    char *a = malloc(8), *b = NULL, *c = strdup("x");
    ck_assert(a != NULL && c != NULL);
    H2_FREE(a, b, c);                /* NULL among them is fine; valgrind sees no leak */
    H2_FREE(NULL);
    ck_assert_int_eq(h2_set_rc(&rc, H2_EINPUT), H2_EINPUT);
    ck_assert_int_eq(rc, H2_EINPUT);
    ck_assert_int_eq(h2_set_rc(NULL, 0), 0);
    ck_assert_int_eq(rc, H2_EINPUT);
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
    tcase_add_test(tc, test_read_lines);
    tcase_add_test(tc, test_read_lines_truncated);
    tcase_add_test(tc, test_read_records);
    tcase_add_test(tc, test_cli_exit);
    tcase_add_test(tc, test_now);
    tcase_add_test(tc, test_cmp);
    tcase_add_test(tc, test_free_and_rc);
    suite_add_tcase(s, tc);
    return s;
}
