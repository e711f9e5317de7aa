/* remote.c -- URL inputs (h2_remote.h).
 *
 * her2cn does no networking of its own: a URL is opened by htslib's hFILE
 * plugins (hfile_libcurl for http(s)/ftp, hfile_s3, hfile_gcs), which fetch
 * byte ranges on demand. What is here: telling a URL from a path, keeping
 * its credentials (userinfo, a presigned query) out of everything printed or
 * written, naming what a server did when a read fails, and counting the
 * bytes fetched. */
#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <htslib/cram.h>
#include <htslib/hfile.h>
#include <htslib/kstring.h>
#include <htslib/sam.h>
#include "h2_remote.h"

int h2_is_remote(const char *path)
{
    const char *delim;
    char *data;
    int r;
    if (!path)
        return 0;
    if (!(delim = strstr(path, HTS_IDX_DELIM)))
        return hisremote(path);
    if (!(data = strndup(path, delim - path)))
        return 0;
    r = hisremote(data);
    free(data);
    return r;
}

/* Length of the URL scheme that ends just before s[i] ("://" at s + i), 0
 * when the characters before it are not one (RFC 3986: a letter, then
 * letters, digits, '+', '-', '.'). */
static size_t scheme_len(const char *s, size_t i)
{
    size_t k = i;
    while (k > 0 && (isalnum((unsigned char)s[k - 1]) || strchr("+-.", s[k - 1])))
        k--;
    while (k < i && !isalpha((unsigned char)s[k]))
        k++;
    return i - k;
}

/* Copy one URL's authority and path from u (just after "://") into ks with
 * the secrets hidden; returns the length of u consumed. */
static size_t redact_url(const char *u, kstring_t *ks)
{
    size_t auth = strcspn(u, "/?# \t\n\""), n, at = auth;
    for (size_t k = 0; k < auth; k++)
        if (u[k] == '@')
            at = k;
    if (at < auth) {            /* userinfo: user[:password]@ */
        kputs("***", ks);
        kputsn(u + at, auth - at, ks);
    } else {
        kputsn(u, auth, ks);
    }
    n = auth + strcspn(u + auth, "?# \t\n\"");
    kputsn(u + auth, n - auth, ks);
    if (u[n] == '?') {          /* the query: up to a fragment, space or quote */
        kputs("?***", ks);
        n += strcspn(u + n, "# \t\n\"");
    }
    return n;
}

char *h2_redact(const char *s)
{
    kstring_t ks = KS_INITIALIZE;
    const char *p = s, *m;
    if (!s)
        return NULL;
    while ((m = strstr(p, "://"))) {
        size_t i = (size_t)(m - p) + 3;
        kputsn(p, i, &ks);
        if (scheme_len(p, (size_t)(m - p)) == 0) {
            p += i;
            continue;
        }
        p += i;
        p += redact_url(p, &ks);
    }
    kputs(p, &ks);
    if (!ks.s && !(ks.s = strdup("")))
        return NULL;
    return ks.s;
}

int h2_has_secret(const char *s)
{
    char *r = h2_redact(s);
    int differ = r && s && strcmp(r, s) != 0;
    free(r);
    return differ;
}

/* What a remote read's errno means (hfile_libcurl maps HTTP statuses and
 * libcurl errors to errno values); NULL when strerror says it. */
static const char *remote_reason(int e)
{
    switch (e) {
    case ENOENT: return "no such object (HTTP 404)";
    case EACCES: return "access denied (HTTP 403): check the credentials";
    case EPERM: return "not authorised (HTTP 401): check the credentials";
    case ESPIPE: return "the server does not honour byte-range requests (HTTP Range), "
                        "which indexed reading needs";
    case EPIPE: return "the server's response was cut short (truncated transfer)";
    case ECONNRESET: case ECONNABORTED: return "the connection was dropped";
    case ECONNREFUSED: return "connection refused";
    case EDESTADDRREQ: return "cannot resolve the host name";
    case ETIMEDOUT: return "timed out";
    default: return NULL;
    }
}

int h2_io_fail(h2_err_t *err, const char *what, const char *path, int e)
{
    const char *why = NULL;
    int remote = h2_is_remote(path);
    if (e == 0)
        e = EIO;
    if (remote)
        why = remote_reason(e);
    return h2_fail(err, remote && e == ENOENT ? H2_EINPUT : H2_EIO, "cannot %s \"%s\": %s",
                   what, path, why ? why : strerror(e));
}

hts_idx_t *h2_index_load(htsFile *fp, const char *path)
{
    kstring_t idx = KS_INITIALIZE;
    hts_idx_t *r;
    if (!fp->is_cram || !h2_is_remote(path) || strstr(path, HTS_IDX_DELIM))
        return sam_index_load3(fp, path, NULL, HTS_IDX_SILENT_FAIL);
    size_t q = strcspn(path, "?");
    if (kputsn(path, q, &idx) < 0 || kputs(".crai", &idx) < 0 || kputs(path + q, &idx) < 0) {
        free(idx.s);
        return NULL;
    }
    r = sam_index_load3(fp, path, idx.s, HTS_IDX_SILENT_FAIL);
    free(idx.s);
    return r;
}

/* ---- counting the bytes fetched ---------------------------------------- */

/* htslib's hFILE keeps a pointer to its backend's table of five functions
 * (read, write, seek, flush, close, in that order); the table's type is
 * private to htslib (hfile_internal.h) but its layout has not changed since
 * htslib 1.0. A counted stream gets a copy of its table whose read adds
 * what it returns to the count, and whose close puts the original back. */
typedef struct backend_fns {
    ssize_t (*read)(hFILE *fp, void *buf, size_t n);
    ssize_t (*write)(hFILE *fp, const void *buf, size_t n);
    off_t (*seek)(hFILE *fp, off_t off, int whence);
    int (*flush)(hFILE *fp);
    int (*close)(hFILE *fp);
} backend_fns;

#define TAP_MAX 64

typedef struct {
    hFILE *fp;                  /* NULL: slot free */
    const backend_fns *orig;
    backend_fns fns;            /* fp->backend points here while counted */
    uint64_t *count;
    int reported;               /* h2_stream_clear: the stream's error is reported */
} tap_t;

static tap_t taps[TAP_MAX];
static pthread_mutex_t tap_lock = PTHREAD_MUTEX_INITIALIZER;

static tap_t *tap_find(const hFILE *fp)
{
    for (int i = 0; i < TAP_MAX; i++)
        if (taps[i].fp == fp)
            return &taps[i];
    return NULL;
}

static ssize_t tap_read(hFILE *fp, void *buf, size_t n)
{
    pthread_mutex_lock(&tap_lock);
    tap_t *t = tap_find(fp);
    ssize_t (*read)(hFILE *, void *, size_t) = t->orig->read;
    uint64_t *count = t->count;
    pthread_mutex_unlock(&tap_lock);
    ssize_t r = read(fp, buf, n);
    if (r > 0)
        __atomic_fetch_add(count, (uint64_t)r, __ATOMIC_RELAXED);
    return r;
}

static int tap_close(hFILE *fp)
{
    pthread_mutex_lock(&tap_lock);
    tap_t *t = tap_find(fp);
    const backend_fns *orig = t->orig;
    int reported = t->reported;
    fp->backend = (const struct hFILE_backend *)orig;
    t->fp = NULL;
    pthread_mutex_unlock(&tap_lock);
    int r = orig->close(fp);
    return reported ? 0 : r;    /* a failed transfer fails its close too: said already */
}

/* The hFILE under an open alignment file. */
static hFILE *stream_of(htsFile *fp)
{
    if (!fp)
        return NULL;
    if (fp->is_cram)
        return cram_fd_get_fp(fp->fp.cram);
    if (fp->is_bgzf)
        return fp->fp.bgzf->fp;
    return fp->fp.hfile;
}

int h2_bytes_count(htsFile *fp, uint64_t *count)
{
    hFILE *h = stream_of(fp);
    int ret = -1;
    if (!h)
        return -1;
    pthread_mutex_lock(&tap_lock);
    tap_t *t = tap_find(NULL);
    if (t) {
        t->orig = (const backend_fns *)h->backend;
        t->fns = *t->orig;
        t->fns.read = tap_read;
        t->fns.close = tap_close;
        t->count = count;
        t->reported = 0;
        t->fp = h;
        /* what the open fetched before now: the buffer holds the stream
           from h->offset to h->end */
        __atomic_fetch_add(count, (uint64_t)(h->offset + (h->end - h->buffer)),
                           __ATOMIC_RELAXED);
        h->backend = (const struct hFILE_backend *)&t->fns;
        ret = 0;
    }
    pthread_mutex_unlock(&tap_lock);
    return ret;
}

int h2_stream_errno(htsFile *fp)
{
    hFILE *h = stream_of(fp);
    return h ? herrno(h) : 0;
}

void h2_stream_clear(htsFile *fp)
{
    hFILE *h = stream_of(fp);
    if (!h)
        return;
    hclearerr(h);
    pthread_mutex_lock(&tap_lock);
    tap_t *t = tap_find(h);
    if (t)
        t->reported = 1;
    pthread_mutex_unlock(&tap_lock);
}
