/* remote.c -- URL inputs (h2_remote.h).
 *
 * her2cn does no networking of its own: a URL is opened by htslib's hFILE
 * plugins (hfile_libcurl for http(s)/ftp, hfile_s3, hfile_gcs), which fetch
 * byte ranges on demand. What is here: telling a URL from a path, keeping
 * its credentials (userinfo, a presigned query) out of everything printed or
 * written, naming what a server did when a read fails, and counting the
 * bytes fetched. */
#include <ctype.h>
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
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

/* ---- what libcurl did: no-progress timeout, redirect cap, HTTP status ---- */

/* htslib 1.16's hfile_libcurl sets no low-speed limit and no redirect cap,
 * and has no option for either: a stalled or trickling server, or a
 * redirect loop, made a call wait for ever. So her2cn interposes two libcurl
 * functions that the plugin calls: the binary exports them (the link uses
 * -Wl,--dynamic-list=src/remote.sym), the dynamic linker binds the plugin's
 * calls to them, and they call the real ones (found next to the caller, the
 * plugin's own libcurl). curl_multi_add_handle sets the limits on every
 * transfer before it starts; curl_multi_info_read notes how the last failed
 * transfer ended (libcurl's code, the HTTP status), which hfile_libcurl
 * flattens into an errno (503 -> EBUSY, 429 -> EINVAL). libcurl's ABI
 * fixes the numbers below (curl/curl.h; no curl header is needed). */
enum {
    CURLOPT_LOW_SPEED_LIMIT_ = 19, CURLOPT_LOW_SPEED_TIME_ = 20, CURLOPT_MAXREDIRS_ = 68,
    CURLOPT_CONNECTTIMEOUT_ = 78, CURLINFO_RESPONSE_CODE_ = 0x200002,
    CURLE_OUT_OF_MEMORY_ = 27, CURLE_OPERATION_TIMEDOUT_ = 28, CURLE_TOO_MANY_REDIRECTS_ = 47,
    CURLMSG_DONE_ = 1
};
typedef struct {
    int msg;
    void *easy;
    union { void *whatever; int result; } data;
} curl_msg_t;

static pthread_mutex_t curl_lock = PTHREAD_MUTEX_INITIALIZER;
static const char *(*curl_strerror)(int);
static int last_result;         /* libcurl's code of the last failed transfer */
static long last_status;        /* its HTTP status (0: none) */

int h2_remote_timeout(h2_err_t *err)
{
    const char *v = getenv("HER2CN_REMOTE_TIMEOUT");
    long t;
    if (!v || !*v)
        return H2_REMOTE_TIMEOUT_DEFAULT;
    if (h2_parse_long(v, &t) < 0 || t < 1 || t > 86400)
        return h2_fail(err, H2_EUSAGE, "HER2CN_REMOTE_TIMEOUT must be a whole number of "
                       "seconds from 1 to 86400, not \"%s\"", v);
    return (int)t;
}

/* The real libcurl function `name` for a call from `caller`: the next
 * definition after the binary's, else the one the calling object (the
 * plugin, loaded RTLD_LOCAL: not in the global scope) binds to. */
static void *curl_real(const char *name, const void *caller)
{
    void *f = dlsym(RTLD_NEXT, name), *h;
    Dl_info di;
    if (f || !dladdr(caller, &di) || !di.dli_fname ||
        !(h = dlopen(di.dli_fname, RTLD_NOW | RTLD_NOLOAD)))
        return f;
    f = dlsym(h, name);
    dlclose(h);
    return f;
}

int curl_multi_add_handle(void *multi, void *easy);
int curl_multi_add_handle(void *multi, void *easy)
{
    static int (*real)(void *, void *);
    static int (*setopt)(void *, int, ...);
    h2_err_t err;
    long t = h2_remote_timeout(&err);
    if (!__atomic_load_n(&real, __ATOMIC_ACQUIRE)) {
        __atomic_store_n(&setopt, curl_real("curl_easy_setopt", __builtin_return_address(0)),
                         __ATOMIC_RELEASE);
        __atomic_store_n(&real, curl_real("curl_multi_add_handle", __builtin_return_address(0)),
                         __ATOMIC_RELEASE);
    }
    if (!real)
        return 3;   /* CURLM_OUT_OF_MEMORY: cannot happen with libcurl loaded */
    if (setopt && easy) {
        if (t < 0)
            t = H2_REMOTE_TIMEOUT_DEFAULT;
        setopt(easy, CURLOPT_LOW_SPEED_LIMIT_, (long)H2_REMOTE_MIN_SPEED);
        setopt(easy, CURLOPT_LOW_SPEED_TIME_, t);
        setopt(easy, CURLOPT_CONNECTTIMEOUT_, t);
        setopt(easy, CURLOPT_MAXREDIRS_, (long)H2_REMOTE_MAX_REDIRECTS);
    }
    return real(multi, easy);
}

void *curl_multi_info_read(void *multi, int *msgs_in_queue);
void *curl_multi_info_read(void *multi, int *msgs_in_queue)
{
    static void *(*real)(void *, int *);
    static int (*getinfo)(void *, int, ...);
    if (!__atomic_load_n(&real, __ATOMIC_ACQUIRE)) {
        __atomic_store_n(&getinfo, curl_real("curl_easy_getinfo", __builtin_return_address(0)),
                         __ATOMIC_RELEASE);
        __atomic_store_n(&curl_strerror, curl_real("curl_easy_strerror",
                                                   __builtin_return_address(0)), __ATOMIC_RELEASE);
        __atomic_store_n(&real, curl_real("curl_multi_info_read", __builtin_return_address(0)),
                         __ATOMIC_RELEASE);
    }
    if (!real)
        return NULL;
    curl_msg_t *m = real(multi, msgs_in_queue);
    long status = 0;
    if (m && m->msg == CURLMSG_DONE_ && getinfo &&
        getinfo(m->easy, CURLINFO_RESPONSE_CODE_, &status) != 0)
        status = 0;
    if (m && m->msg == CURLMSG_DONE_ && (m->data.result != 0 || status >= 400)) {
        pthread_mutex_lock(&curl_lock);
        last_result = m->data.result;
        last_status = status;
        pthread_mutex_unlock(&curl_lock);
    }
    return m;
}

void h2_remote_note(int result, long status)
{
    pthread_mutex_lock(&curl_lock);
    last_result = result;
    last_status = status;
    pthread_mutex_unlock(&curl_lock);
}

/* hfile_libcurl's errno for an HTTP status (http_status_errno in htslib). */
static int status_errno(long s)
{
    switch (s) {
    case 501: return ENOSYS;
    case 503: return EBUSY;
    case 504: case 408: return ETIMEDOUT;
    case 401: case 407: return EPERM;
    case 403: return EACCES;
    case 404: case 410: return ENOENT;
    case 405: return EROFS;
    default: return s >= 500 ? EIO : s >= 400 ? EINVAL : 0;
    }
}

static const char *status_words(long s)
{
    static const struct { long s; const char *w; } t[] = {
        {400, "Bad Request"}, {401, "Unauthorized"}, {402, "Payment Required"},
        {403, "Forbidden"}, {404, "Not Found"}, {405, "Method Not Allowed"},
        {406, "Not Acceptable"}, {407, "Proxy Authentication Required"},
        {408, "Request Timeout"}, {409, "Conflict"}, {410, "Gone"},
        {411, "Length Required"}, {412, "Precondition Failed"}, {413, "Content Too Large"},
        {414, "URI Too Long"}, {415, "Unsupported Media Type"}, {416, "Range Not Satisfiable"},
        {421, "Misdirected Request"}, {429, "Too Many Requests"},
        {431, "Request Header Fields Too Large"}, {451, "Unavailable For Legal Reasons"},
        {500, "Internal Server Error"}, {501, "Not Implemented"}, {502, "Bad Gateway"},
        {503, "Service Unavailable"}, {504, "Gateway Timeout"},
        {505, "HTTP Version Not Supported"}, {507, "Insufficient Storage"},
        {511, "Network Authentication Required"}};
    for (size_t i = 0; i < sizeof t / sizeof *t; i++)
        if (t[i].s == s)
            return t[i].w;
    return s >= 500 ? "server error" : "client error";
}

int h2_remote_reason(int e, char *buf, size_t size)
{
    int result, code = H2_EIO;
    long s;
    pthread_mutex_lock(&curl_lock);
    result = last_result;
    s = last_status;
    pthread_mutex_unlock(&curl_lock);
    if (e == 0)
        e = EIO;
    /* the status noted is this failure's when it gives the same errno */
    if (s >= 400 && status_errno(s) != e)
        s = 0;
    if (s == 0 && e == EBUSY)
        s = 503;    /* hfile_libcurl's only source of EBUSY */
    if (s == 404 || s == 410 || (s == 0 && e == ENOENT)) {
        snprintf(buf, size, "no such object (HTTP %ld)", s ? s : 404);
        return H2_EINPUT;
    }
    if (s == 403 || (s == 0 && e == EACCES))
        snprintf(buf, size, "access denied (HTTP 403): check the credentials");
    else if (s == 401 || s == 407 || (s == 0 && e == EPERM))
        snprintf(buf, size, "not authorised (HTTP %ld): check the credentials", s ? s : 401);
    else if (s == 429 || s == 408 || s >= 500)
        snprintf(buf, size, "HTTP %ld %s (retryable)", s, status_words(s));
    else if (s >= 400) {
        snprintf(buf, size, "HTTP %ld %s", s, status_words(s));
        code = H2_EINPUT;
    } else if (e == ETIMEDOUT && result == CURLE_OPERATION_TIMEDOUT_) {
        h2_err_t err;
        int t = h2_remote_timeout(&err);
        snprintf(buf, size, "no progress from the server for %d s (timed out; "
                 "HER2CN_REMOTE_TIMEOUT; retryable)", t < 0 ? H2_REMOTE_TIMEOUT_DEFAULT : t);
    } else if (e == ELOOP && result == CURLE_TOO_MANY_REDIRECTS_)
        snprintf(buf, size, "more than %d redirects (a redirect loop?)",
                 H2_REMOTE_MAX_REDIRECTS);
    else if (e == ENOMEM && result == CURLE_OUT_OF_MEMORY_)
        snprintf(buf, size, "the server's response could not be taken in (libcurl "
                 "refuses response headers over 100 KB)");
    else if (e == EIO && result != 0 && __atomic_load_n(&curl_strerror, __ATOMIC_ACQUIRE))
        snprintf(buf, size, "the transfer failed (libcurl error %d: %s)", result,
                 curl_strerror(result));
    else {
        const char *why;
        switch (e) {
        case ESPIPE: why = "the server does not honour byte-range requests (HTTP Range), "
                           "which indexed reading needs"; break;
        case EPIPE: why = "the server's response was cut short (truncated transfer)"; break;
        case ECONNRESET: case ECONNABORTED: why = "the connection was dropped"; break;
        case ECONNREFUSED: why = "connection refused"; break;
        case EDESTADDRREQ: why = "cannot resolve the host name"; break;
        case ETIMEDOUT: why = "timed out (retryable)"; break;
        case ELOOP: why = "too many redirects"; break;
        default: why = strerror(e);
        }
        snprintf(buf, size, "%s", why);
    }
    return code;
}

int h2_io_fail(h2_err_t *err, const char *what, const char *path, int e)
{
    char why[256];
    int code = H2_EIO;
    if (e == 0)
        e = EIO;
    if (h2_is_remote(path))
        code = h2_remote_reason(e, why, sizeof why);
    else
        snprintf(why, sizeof why, "%s", strerror(e));
    return h2_fail(err, code, "cannot %s \"%s\": %s", what, path, why);
}

/* Why the index at idx did not load: a request that failed (kept in err,
 * the code returned), or 0 when it is simply not there (HTTP 404, no such
 * file) and that is not an error (`given`: 0). An index that opens but did
 * not load is not an index, or is truncated. */
static int index_why(const char *idx, int given, h2_err_t *err)
{
    errno = 0;
    hFILE *h = hopen(idx, "r");
    if (h) {
        hclose_abruptly(h);
        return h2_fail(err, H2_EINPUT, "the index \"%s\" cannot be read: not an index of "
                       "this file's format, or truncated or corrupt", idx);
    }
    int e = errno ? errno : EIO;
    if (!given && e == ENOENT)
        return 0;
    return h2_io_fail(err, "open the index", idx, e);
}

/* data's index at idx, read in place (never saved, never a local copy). */
static hts_idx_t *index_try(htsFile *fp, const char *data, const char *idx, int given,
                            h2_err_t *err, int *rc)
{
    hts_idx_t *r = sam_index_load3(fp, data, idx, HTS_IDX_SILENT_FAIL);
    if (!r)
        *rc = index_why(idx, given, err);
    return r;
}

hts_idx_t *h2_index_load(htsFile *fp, const char *path, h2_err_t *err, int *rc)
{
    const char *delim = strstr(path, HTS_IDX_DELIM);
    h2_err_t first = {{0}};
    hts_idx_t *r = NULL;
    int first_rc = 0;
    *rc = 0;
    if (!h2_is_remote(path))
        return sam_index_load3(fp, path, NULL, HTS_IDX_SILENT_FAIL);
    if (delim) {                /* given: its failure is the error */
        char *data = strndup(path, delim - path);
        if (!data) {
            *rc = h2_fail(err, H2_ENOMEM, "out of memory");
            return NULL;
        }
        r = index_try(fp, data, delim + strlen(HTS_IDX_DELIM), 1, err, rc);
        free(data);
        return r;
    }
    /* htslib's names, in its order, but each URL named: on its own htslib
     * would first take a file of the same name in the working directory (a
     * downloaded copy, or another sample's index) */
    size_t q = strcspn(path, "?"), stem = q;
    if (q > 4 && !strncmp(path + q - 4, ".bam", 4))
        stem = q - 4;
    else if (q > 5 && !strncmp(path + q - 5, ".cram", 5))
        stem = q - 5;
    static const char *const bam_ext[] = {".csi", ".bai"}, *const cram_ext[] = {".crai"};
    const char *const *ext = fp->is_cram ? cram_ext : bam_ext;
    int n_ext = fp->is_cram ? 1 : 2;
    for (int i = 0; i < n_ext && !r; i++)
        for (int k = 0; k < (stem < q ? 2 : 1) && !r; k++) {
            kstring_t idx = KS_INITIALIZE;
            if (kputsn(path, k ? stem : q, &idx) < 0 || kputs(ext[i], &idx) < 0 ||
                kputs(path + q, &idx) < 0) {
                free(idx.s);
                *rc = h2_fail(err, H2_ENOMEM, "out of memory");
                return NULL;
            }
            r = index_try(fp, path, idx.s, 0, err, rc);
            free(idx.s);
            if (*rc < 0 && !first_rc) {     /* a failed request: say it if none loads */
                first_rc = *rc;
                first = *err;
            }
            *rc = 0;
        }
    if (!r && first_rc) {
        *err = first;
        *rc = first_rc;
    }
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
