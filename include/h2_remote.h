/* h2_remote.h -- inputs given as URLs (https://, s3://, gs://, read through
 * htslib's hFILE plugins): telling them from local paths, hiding their
 * credentials wherever a path is printed or written, the error of a failed
 * remote read, and counting the bytes htslib fetches from a file. */
#ifndef H2_REMOTE_H
#define H2_REMOTE_H

#include <stdint.h>
#include <htslib/hts.h>
#include "her2cn.h"

/* 1 when path is read through a remote hFILE plugin (htslib's hisremote:
 * http(s)://, ftp://, s3://, gs://, ...), judged by the part before any
 * "##idx##"; 0 for a local path (or NULL). */
int h2_is_remote(const char *path);

/* A copy of s (any text: a path, a command line, an error message) in which
 * every URL ("scheme://...") shows no secret: its userinfo becomes "***"
 * (becomes "***@host" after "https://") and its query string "?***" (a presigned URL's
 * "?X-Amz-Signature=..."); a query ends at '#' (so "##idx##" stays), white
 * space, '"' or the end. The caller frees it; NULL when out of memory. */
char *h2_redact(const char *s);

/* 1 when h2_redact would change s (a URL in it carries userinfo or a query). */
int h2_has_secret(const char *s);

/* Set err for a failed open or read of `path` (`what`: "open", "read",
 * ...) with errno e: "cannot WHAT \"PATH\": REASON". For a remote path the
 * reason says what the server did (404, 403, ignored Range, connection cut)
 * and the code is H2_EINPUT for an object that does not exist (HTTP
 * 404/410: a wrong URL), else H2_EIO; a local path gets H2_EIO. Returns
 * the code. */
int h2_io_fail(h2_err_t *err, const char *what, const char *path, int e);

/* Limits set on every libcurl transfer (remote.c interposes libcurl's
 * curl_multi_add_handle; htslib 1.16 has no option for them): a transfer
 * slower than H2_REMOTE_MIN_SPEED bytes a second for HER2CN_REMOTE_TIMEOUT
 * seconds (default 60; also the connect timeout) fails with ETIMEDOUT, and
 * one redirected more than H2_REMOTE_MAX_REDIRECTS times with ELOOP. */
#define H2_REMOTE_TIMEOUT_DEFAULT 60
#define H2_REMOTE_MIN_SPEED 100
#define H2_REMOTE_MAX_REDIRECTS 10

/* HER2CN_REMOTE_TIMEOUT in seconds (1-86400; unset or empty: the default),
 * or H2_EUSAGE with err set when it is not a whole number in that range. */
int h2_remote_timeout(h2_err_t *err);

/* The words for a remote transfer that failed with errno e (hfile_libcurl's
 * errno), written into buf: the HTTP status with its name ("HTTP 503
 * Service Unavailable (retryable)") when the last failed transfer's status
 * gives that errno, the timeout, the redirect cap, an oversized header, or
 * what the errno means for a network read. Returns the code: H2_EINPUT for
 * a client error (HTTP 404/410 and other 4xx but 401/403/407/408/429), else
 * H2_EIO (retryable: 408, 429, 5xx, timeouts, dropped connections). */
int h2_remote_reason(int e, char *buf, size_t size);

/* Set what the last failed transfer did (libcurl's CURLcode, HTTP status);
 * for tests: curl_multi_info_read notes it in a run. */
void h2_remote_note(int result, long status);

/* Count, into *count (added to atomically: htslib's reader threads may
 * fetch), every byte that fp's underlying stream (its hFILE) delivers from
 * now on, plus what the open already buffered. The count ends by itself
 * when fp is closed. Returns 0, or -1 when the stream cannot be counted
 * (too many counted streams open at once): the count is then incomplete.
 * Relies on the layout of htslib's hFILE backend table (see remote.c). */
int h2_bytes_count(htsFile *fp, uint64_t *count);

/* The index of the open alignment file fp at path, as sam_index_load3 with
 * HTS_IDX_SILENT_FAIL. For a remote file it is always read in place from a
 * URL: the one after "##idx##", else htslib's names beside the data
 * (".csi", ".bai" or ".crai" after the file name, then in place of its
 * extension; before any query string), never a local file of that name in
 * the working directory (htslib takes one, and saves a remote .crai there).
 * NULL with *rc 0 when there is none; NULL with *rc < 0 and err set when a
 * request for it failed (HTTP 503, 403, a timeout: named with the index
 * URL), when the "##idx##" index does not exist, or when one opens but is not
 * a readable index. */
hts_idx_t *h2_index_load(htsFile *fp, const char *path, h2_err_t *err, int *rc);

/* errno of fp's underlying stream after a failed read or seek (herrno),
 * 0 when it has none. htslib's multi-region iterator reports a failed seek
 * as the end of the data (-1), so a reader checks this at its end. */
int h2_stream_errno(htsFile *fp);

/* Clear that errno once it has been reported, and let a counted stream's
 * close succeed. htslib 1.16's bgzf_close and cram_close return early,
 * leaking the handle, when the stream's close fails (it does after any
 * failed transfer); a reader calls this before hts_close and treats the
 * error as a failed close itself. */
void h2_stream_clear(htsFile *fp);

#endif
