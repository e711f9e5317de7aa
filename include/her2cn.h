/* her2cn.h -- version, exit codes and the small helpers every stage shares.
 *
 * Exit codes (documented in README "Exit codes"):
 *   H2_EXIT_OK 0, H2_EXIT_USAGE 1 (bad options), H2_EXIT_INPUT 2 (bad or
 *   unsupported input data), H2_EXIT_IO 3 (cannot read/write a file),
 *   H2_EXIT_INTERNAL 4 (a bug or out of memory).
 * Library functions return 0/count on success and one of the negative
 * H2_E* codes below on failure; h2_exit_code() maps them to exit codes. */
#ifndef HER2CN_H
#define HER2CN_H

#include <stdarg.h>
#include <stdint.h>
#include <htslib/bgzf.h>
#include <htslib/kstring.h>

#define H2_VERSION "0.1.0"

/* Three-way comparison for the qsort comparators: -1, 0 or 1 as a is below,
 * equal to or above b. Keys chain with ||, most significant first:
 * `int d; if ((d = H2_CMP(x->contig, y->contig)) || (d = H2_CMP(...))) return d;` */
#define H2_CMP(a, b) (((a) > (b)) - ((a) < (b)))

enum {
    H2_EXIT_OK = 0,
    H2_EXIT_USAGE = 1,
    H2_EXIT_INPUT = 2,
    H2_EXIT_IO = 3,
    H2_EXIT_INTERNAL = 4
};

/* Negative return codes of library functions. */
enum {
    H2_EUSAGE = -1,    /* invalid parameter combination */
    H2_EINPUT = -2,    /* input data is malformed or unsupported */
    H2_EIO = -3,       /* a read or write failed */
    H2_ENOMEM = -4,    /* allocation failed */
    H2_EINTERNAL = -5  /* should not happen */
};

/* Map a negative H2_E* code to the process exit code. */
int h2_exit_code(int err);

/* Error message buffer passed down to stages: a stage that fails writes one
 * human-readable sentence (no program name, no newline) into it. */
typedef struct {
    char msg[1024];
} h2_err_t;

/* Set err->msg printf-style; returns `code` so callers can `return h2_fail(...)`.
 * NULL err is allowed. Every URL's credentials are hidden (h2_redact) in the
 * whole message before it is cut to the buffer's size. */
int h2_fail(h2_err_t *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Strict number parsing: the whole string must be a number.
 * Return 0 on success, -1 otherwise (out untouched). */
int h2_parse_long(const char *s, long *out);
int h2_parse_double(const char *s, double *out);

/* Read flags for --exclude-flags: a number (0..65535, decimal or 0x hex as
 * htslib writes them) or names like "UNMAP,DUP" (samtools' spelling).
 * Return 0 or -1 (out untouched). */
int h2_parse_flags(const char *s, int *out);

/* The one line reader of every text input (BED, genome, truth table, PON,
 * bins TSV). fp comes from bgzf_open(path, "r"), which reads plain text as
 * well as gzip/BGZF. The next line goes into *line without its '\n' (and
 * without a '\r' before it); bytes are kept as they are (a NUL included).
 * Returns 1 for a line, 0 at the end of the file, H2_ENOMEM when memory
 * runs out, H2_EIO when reading or decompressing fails. */
int h2_getline(BGZF *fp, kstring_t *line);
/* Remove a leading UTF-8 byte-order mark (a spreadsheet's export) from line. */
void h2_strip_bom(kstring_t *line);

/* Opens a text input for reading (plain, gzip or BGZF); NULL with
 * H2_EIO "cannot open \"PATH\": REASON" in err when it cannot. */
BGZF *h2_text_open(const char *path, h2_err_t *err);

/* Called by h2_read_lines for each line (line->s without its newline; lineno
 * counts from 1, blank and comment lines included): 0 to go on, negative (an
 * error code, message in err) to stop. */
typedef int (*h2_line_fn)(void *ctx, kstring_t *line, int lineno, h2_err_t *err);

/* Reads every line of the text file at path through fn. Returns 0, fn's
 * negative code, or: H2_EIO when the file cannot be opened, H2_ENOMEM,
 * H2_EINPUT "\"PATH\" is truncated or corrupt (decompression failed after
 * line N)" when reading fails; the message is in err. */
int h2_read_lines(const char *path, h2_line_fn fn, void *ctx, h2_err_t *err);

/* h2_read_lines for a file that must hold at least one record: fn counts
 * the records it takes in *n; none is H2_EINPUT "PATH: no WHAT". */
int h2_read_records(const char *path, h2_line_fn fn, void *ctx, const int *n, const char *what,
                    h2_err_t *err);

/* The same from an open file (path only names it in messages); fp stays open. */
int h2_read_lines_fp(BGZF *fp, const char *path, h2_line_fn fn, void *ctx, h2_err_t *err);

/* Wall-clock seconds since an arbitrary epoch (monotonic). */
double h2_now(void);

/* free() every pointer of p[0..n), NULL ones included, in order. Through
 * H2_FREE a destroy function lists what it owns: H2_FREE(x->a, x->b, x). */
void h2_free_all(void *const *p, size_t n);
#define H2_FREE(...) h2_free_all((void *const[]){__VA_ARGS__}, \
                                 sizeof((void *const[]){__VA_ARGS__}) / sizeof(void *))

/* The optional code out-parameter of a constructor: stores ret in *rc when
 * rc is not NULL; returns ret. */
int h2_set_rc(int *rc, int ret);

#endif
