/* util.c -- error plumbing, strict number parsing, the text-file reader, clock. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <htslib/bgzf.h>
#include <htslib/sam.h>
#include "her2cn.h"
#include "h2_remote.h"

int h2_exit_code(int err)
{
    switch (err) {
    case 0: return H2_EXIT_OK;
    case H2_EUSAGE: return H2_EXIT_USAGE;
    case H2_EINPUT: return H2_EXIT_INPUT;
    case H2_EIO: return H2_EXIT_IO;
    default: return H2_EXIT_INTERNAL;
    }
}

/* The whole message is formatted and its URLs' credentials hidden before it
 * is cut to fit: cut first, a URL's "user:pass@" could lose its '@' and be
 * printed as it is (a long presigned URL, then "##idx##http://user:pass@..."). */
int h2_fail(h2_err_t *err, int code, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        char *full = NULL, *shown = NULL;
        va_start(ap, fmt);
        int n = vasprintf(&full, fmt, ap);
        va_end(ap);
        if (n < 0)
            full = NULL;
        if (full && (shown = h2_redact(full)))
            snprintf(err->msg, sizeof err->msg, "%s", shown);
        else
            snprintf(err->msg, sizeof err->msg, "out of memory (while reporting an error)");
        free(shown);
        free(full);
    }
    return code;
}

int h2_parse_long(const char *s, long *out)
{
    char *end;
    long v;
    if (!s || !*s)
        return -1;
    errno = 0;
    v = strtol(s, &end, 10);
    if (errno || *end)
        return -1;
    *out = v;
    return 0;
}

int h2_parse_double(const char *s, double *out)
{
    char *end;
    double v;
    if (!s || !*s)
        return -1;
    errno = 0;
    v = strtod(s, &end);
    if (errno || *end || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

/* One flag name (samtools' names, e.g. DUP); 0 when it is not one. */
static int flag_name(const char *s, size_t n)
{
    char tok[32];
    if (n == 0 || n >= sizeof tok || !isalpha((unsigned char)s[0]))
        return 0;
    memcpy(tok, s, n);
    tok[n] = '\0';
    int f = bam_str2flag(tok);
    return f > 0 ? f : 0;
}

/* A number (decimal, 0x hex or 0 octal, as samtools takes it) wholly, or
 * comma-separated names each of which is a flag name. htslib's
 * bam_str2flag alone reads "0xZZ" as 0 and "1024abc" as 1024. */
int h2_parse_flags(const char *s, int *out)
{
    if (!s || !*s)
        return -1;
    if (isdigit((unsigned char)*s)) {
        char *end;
        errno = 0;
        long v = strtol(s, &end, 0);
        if (errno || *end || v < 0 || v > 0xffff)
            return -1;
        *out = (int)v;
        return 0;
    }
    int f = 0;
    for (const char *p = s;; ) {
        size_t n = strcspn(p, ",");
        int b = flag_name(p, n);
        if (!b)
            return -1;
        f |= b;
        if (!p[n])
            break;
        p += n + 1;
    }
    *out = f;
    return 0;
}

int h2_getline(BGZF *fp, kstring_t *line)
{
    errno = 0;
    int r = bgzf_getline(fp, '\n', line);
    if (r >= 0)
        return 1;
    if (r == -1)
        return 0;
    return errno == ENOMEM ? H2_ENOMEM : H2_EIO;
}

void h2_strip_bom(kstring_t *line)
{
    if (line->l >= 3 && !memcmp(line->s, "\xef\xbb\xbf", 3)) {
        memmove(line->s, line->s + 3, line->l - 2);   /* with the NUL */
        line->l -= 3;
    }
}

BGZF *h2_text_open(const char *path, h2_err_t *err)
{
    errno = 0;
    BGZF *fp = bgzf_open(path, "r");
    if (!fp)
        h2_fail(err, H2_EIO, "cannot open \"%s\": %s", path, strerror(errno ? errno : EIO));
    return fp;
}

int h2_read_lines_fp(BGZF *fp, const char *path, h2_line_fn fn, void *ctx, h2_err_t *err)
{
    kstring_t line = KS_INITIALIZE;
    int ret = 0, lineno = 0, got = 0;
    while (ret == 0 && (got = h2_getline(fp, &line)) > 0) {
        if (++lineno == 1)
            h2_strip_bom(&line);   /* a spreadsheet's export */
        ret = fn(ctx, &line, lineno, err);
    }
    if (ret == 0 && got == H2_ENOMEM)
        ret = h2_fail(err, got, "out of memory");
    else if (ret == 0 && got < 0)
        ret = h2_fail(err, H2_EINPUT, "\"%s\" is truncated or corrupt (decompression failed "
                      "after line %d)", path, lineno);
    free(line.s);
    return ret;
}

int h2_read_lines(const char *path, h2_line_fn fn, void *ctx, h2_err_t *err)
{
    BGZF *fp = h2_text_open(path, err);
    int ret;
    if (!fp)
        return H2_EIO;
    ret = h2_read_lines_fp(fp, path, fn, ctx, err);
    bgzf_close(fp);
    return ret;
}

int h2_read_records(const char *path, h2_line_fn fn, void *ctx, const int *n, const char *what,
                    h2_err_t *err)
{
    int ret = h2_read_lines(path, fn, ctx, err);
    if (ret == 0 && *n == 0)
        ret = h2_fail(err, H2_EINPUT, "%s: no %s", path, what);
    return ret;
}

double h2_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

void h2_free_all(void *const *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(p[i]);
}

int h2_set_rc(int *rc, int ret)
{
    if (rc)
        *rc = ret;
    return ret;
}
