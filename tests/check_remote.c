/* check_remote.c -- src/remote.c: telling a URL from a path, hiding a URL's
 * credentials in any text, the error of a failed remote read, and counting
 * the bytes read through a file's stream. */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <htslib/sam.h>
#include "h2_remote.h"

START_TEST(test_is_remote)
{
    ck_assert_int_eq(h2_is_remote("https://h/x.bam"), 1);
    ck_assert_int_eq(h2_is_remote("s3://bucket/x.bam"), 1);
    ck_assert_int_eq(h2_is_remote("gs://bucket/x.bam"), 1);
    ck_assert_int_eq(h2_is_remote("http://h/x.bam##idx##http://h/y.bai"), 1);
    ck_assert_int_eq(h2_is_remote("x.bam##idx##http://h/y.bai"), 0);   /* the data is local */
    ck_assert_int_eq(h2_is_remote("dir/x.bam"), 0);
    ck_assert_int_eq(h2_is_remote("file:///x.bam"), 0);
    ck_assert_int_eq(h2_is_remote(NULL), 0);
}
END_TEST

START_TEST(test_redact)
{
    static const struct { const char *in, *want; } cases[] = {
        {"x.bam", "x.bam"},
        {"https://h/x.bam", "https://h/x.bam"},
        {"http://user:pw@127.0.0.1:80/x.bam", "http://***@127.0.0.1:80/x.bam"},
        {"https://h/x.bam?X-Amz-Signature=S&X-Amz-Credential=C", "https://h/x.bam?***"},
        {"s3://KEY:SECRET@bucket/x.cram", "s3://***@bucket/x.cram"},
        /* the index part is a URL of its own */
        {"https://h/x.bam?sig=A##idx##https://h/x.bai?sig=B",
         "https://h/x.bam?***##idx##https://h/x.bai?***"},
        /* inside a message or a command line */
        {"cannot open \"http://u:p@h/x?t=1\": gone", "cannot open \"http://***@h/x?***\": gone"},
        {"her2cn call -f http://h/r.fa?k=1 -o o.vcf http://a@h/x.bam",
         "her2cn call -f http://h/r.fa?*** -o o.vcf http://***@h/x.bam"},
        /* an '@' in the path is not userinfo */
        {"https://h/a@b/x.bam", "https://h/a@b/x.bam"},
        {"no scheme ://h?x", "no scheme ://h?x"},
        {"", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *r = h2_redact(cases[i].in);
        ck_assert_ptr_nonnull(r);
        ck_assert_str_eq(r, cases[i].want);
        ck_assert_int_eq(h2_has_secret(cases[i].in), strcmp(cases[i].in, cases[i].want) != 0);
        free(r);
    }
}
END_TEST

START_TEST(test_io_fail)
{
    h2_err_t err;
    ck_assert_int_eq(h2_io_fail(&err, "open", "https://h/x.bam", ENOENT), H2_EINPUT);
    ck_assert_str_eq(err.msg, "cannot open \"https://h/x.bam\": no such object (HTTP 404)");
    ck_assert_int_eq(h2_io_fail(&err, "read", "https://h/x.bam", EACCES), H2_EIO);
    ck_assert_ptr_nonnull(strstr(err.msg, "HTTP 403"));
    ck_assert_int_eq(h2_io_fail(&err, "read", "https://h/x.bam", ESPIPE), H2_EIO);
    ck_assert_ptr_nonnull(strstr(err.msg, "byte-range"));
    /* a local file keeps strerror and exit 3 */
    ck_assert_int_eq(h2_io_fail(&err, "open", "x.bam", ENOENT), H2_EIO);
    ck_assert_str_eq(err.msg, "cannot open \"x.bam\": No such file or directory");
}
END_TEST

/* A message longer than err.msg is redacted before it is cut: a long
 * presigned URL put the "##idx##http://user:pass@" at the cut, where the
 * '@' that marks the userinfo fell off and the password was printed. */
START_TEST(test_fail_redacts_before_cut)
{
    h2_err_t err;
    char q[1001];
    for (size_t cut = 960; cut < 1010; cut += 7) {
        memset(q, 'a', sizeof q - 1);
        q[cut - 40] = '\0';
        h2_fail(&err, H2_EIO, "cannot open \"https://h/x.bam?X-Amz-Signature=%s"
                "##idx##http://user:PASSWORD@h/x.bai\": no such object", q);
        ck_assert_ptr_null(strstr(err.msg, "user"));
        ck_assert_ptr_null(strstr(err.msg, "PASS"));
        ck_assert_ptr_null(strstr(err.msg, "aaaa"));
    }
    h2_fail(&err, H2_EIO, "cannot open \"%s\": x", "https://u:SECRET@h/x.bam?sig=S2");
    ck_assert_str_eq(err.msg, "cannot open \"https://***@h/x.bam?***\": x");
}
END_TEST

/* The HTTP status the last failed transfer noted wins over hfile_libcurl's
 * errno when the two agree; a stale status does not. */
START_TEST(test_remote_reason)
{
    char b[256];
    h2_remote_note(22, 503);
    ck_assert_int_eq(h2_remote_reason(EBUSY, b, sizeof b), H2_EIO);
    ck_assert_str_eq(b, "HTTP 503 Service Unavailable (retryable)");
    h2_remote_note(22, 429);
    ck_assert_int_eq(h2_remote_reason(EINVAL, b, sizeof b), H2_EIO);
    ck_assert_str_eq(b, "HTTP 429 Too Many Requests (retryable)");
    h2_remote_note(22, 400);
    ck_assert_int_eq(h2_remote_reason(EINVAL, b, sizeof b), H2_EINPUT);
    ck_assert_str_eq(b, "HTTP 400 Bad Request");
    h2_remote_note(22, 502);
    ck_assert_int_eq(h2_remote_reason(EIO, b, sizeof b), H2_EIO);
    ck_assert_str_eq(b, "HTTP 502 Bad Gateway (retryable)");
    h2_remote_note(22, 404);    /* stale: this failure is a dropped connection */
    ck_assert_int_eq(h2_remote_reason(ECONNRESET, b, sizeof b), H2_EIO);
    ck_assert_str_eq(b, "the connection was dropped");
    h2_remote_note(0, 0);
    ck_assert_int_eq(h2_remote_reason(EBUSY, b, sizeof b), H2_EIO);   /* only 503 gives EBUSY */
    ck_assert_str_eq(b, "HTTP 503 Service Unavailable (retryable)");
    h2_remote_note(47, 302);
    ck_assert_int_eq(h2_remote_reason(ELOOP, b, sizeof b), H2_EIO);
    ck_assert_str_eq(b, "more than 10 redirects (a redirect loop?)");
    h2_remote_note(28, 0);
    setenv("HER2CN_REMOTE_TIMEOUT", "7", 1);
    ck_assert_int_eq(h2_remote_reason(ETIMEDOUT, b, sizeof b), H2_EIO);
    ck_assert_str_eq(b, "no progress from the server for 7 s (timed out; HER2CN_REMOTE_TIMEOUT; "
                     "retryable)");
    h2_err_t err;
    ck_assert_int_eq(h2_remote_timeout(&err), 7);
    setenv("HER2CN_REMOTE_TIMEOUT", "0", 1);
    ck_assert_int_eq(h2_remote_timeout(&err), H2_EUSAGE);
    unsetenv("HER2CN_REMOTE_TIMEOUT");
    ck_assert_int_eq(h2_remote_timeout(&err), H2_REMOTE_TIMEOUT_DEFAULT);
    h2_remote_note(0, 0);
}
END_TEST

/* The count of a local SAM read whole is its size; it ends at the close. */
START_TEST(test_bytes_count)
{
    static const char sam[] = "@SQ\tSN:c\tLN:100\n"
                              "r1\t0\tc\t1\t60\t4M\t*\t0\t0\tACGT\tIIII\n";
    const char *tmp = getenv("TMPDIR");
    char path[512];
    snprintf(path, sizeof path, "%s/h2rm%ld.sam", tmp && *tmp ? tmp : "/tmp", (long)getpid());
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(sam, f);
    fclose(f);
    uint64_t n = 0;
    samFile *fp = sam_open(path, "r");
    ck_assert_ptr_nonnull(fp);
    ck_assert_int_eq(h2_bytes_count(fp, &n), 0);
    sam_hdr_t *h = sam_hdr_read(fp);
    bam1_t *b = bam_init1();
    while (sam_read1(fp, h, b) >= 0)
        ;
    ck_assert_int_eq(h2_stream_errno(fp), 0);
    ck_assert_int_eq(sam_close(fp), 0);
    ck_assert_uint_eq(n, sizeof sam - 1);
    bam_destroy1(b);
    sam_hdr_destroy(h);
    remove(path);
}
END_TEST

Suite *remote_suite(void)
{
    Suite *s = suite_create("remote");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_is_remote);
    tcase_add_test(tc, test_redact);
    tcase_add_test(tc, test_io_fail);
    tcase_add_test(tc, test_remote_reason);
    tcase_add_test(tc, test_fail_redacts_before_cut);
    tcase_add_test(tc, test_bytes_count);
    suite_add_tcase(s, tc);
    return s;
}
