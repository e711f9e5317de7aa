/* h2_output.h -- atomic output files: write to a temporary file beside the
 * target, rename on success, remove on failure or on SIGINT/SIGTERM.
 * "-" means stdout (never renamed). */
#ifndef H2_OUTPUT_H
#define H2_OUTPUT_H

#include "her2cn.h"

typedef struct {
    char *final;    /* target path (owned), or "-" */
    char *tmp;      /* temporary path (owned), NULL for stdout */
    const char *index_ext;  /* the index renamed with it by h2_out_commit */
    int committed;  /* 1 once renamed into place */
    int tracked;    /* committed early: a signal still removes it */
} h2_outfile_t;

/* Prepare an output: checks that the directory exists and is writable and
 * that `path` is not one of the `n_inputs` input paths (same file by
 * device/inode, same string or same canonical path) nor a file one of them
 * implies (its index x.bam.bai/x.bai/.csi/.crai, .fai/.gzi, .tbi). The temp name is "<dir>/.<base>.tmpXXXXXX"
 * plus the same extension as path (so htslib picks the same format).
 * Returns 0 or H2_EUSAGE/H2_EIO with err set. */
/* The canonical form of an output path that may not exist yet: the real
 * path of its directory plus its base name ("o/x", "./o/x" and "o/../o/x"
 * are one file); the path itself when the directory cannot be resolved.
 * The caller frees it; NULL when out of memory. */
char *h2_out_canonical(const char *path);

int h2_out_open(h2_outfile_t *o, const char *path, const char *const *inputs,
                int n_inputs, h2_err_t *err);

/* h2_out_open for an output whose commit renames an index "<path><index_ext>"
 * with it (".bai", ".crai", ".fai"): that name must not be an input either,
 * like the ".tbi" and ".csi" every commit removes. index_ext may be NULL. */
int h2_out_open_ext(h2_outfile_t *o, const char *path, const char *index_ext,
                    const char *const *inputs, int n_inputs, h2_err_t *err);

/* 1 when writing straight to the target: stdout, or an existing file that is
 * not a regular file (a device such as /dev/full, a FIFO): no temp, no rename,
 * no index. */
int h2_out_is_direct(const h2_outfile_t *o);

/* Path to write to now: the temp file, or the target itself when direct. */
const char *h2_out_path(const h2_outfile_t *o);

/* Rename the temp file (and "<tmp>.csi"/".tbi" index, when `index_ext` is
 * non-NULL, to "<final><index_ext>") into place. 0 or H2_EIO. */
int h2_out_commit(h2_outfile_t *o, const char *index_ext, h2_err_t *err);

/* Remove the temp file (and its index) if still there; free strings. Safe to
 * call twice and after commit. */
/* Undo a commit of this run: remove the file (and its index) that
 * h2_out_commit renamed into place, so that a failure later in the run
 * leaves none of its outputs (what the path held before is gone either
 * way). Nothing for a direct output or one not committed. */
void h2_out_uncommit(h2_outfile_t *o);

void h2_out_abort(h2_outfile_t *o);

/* h2_out_commit for a file that must be in place before the rest of its set
 * is written (simulate's FASTA: a CRAM's header names the FASTA it was
 * encoded against): SIGINT/SIGTERM/... still remove it (and its index)
 * until h2_out_release, or h2_out_uncommit on failure. */
int h2_out_commit_early(h2_outfile_t *o, const char *index_ext, h2_err_t *err);
void h2_out_release(h2_outfile_t *o);

/* Commit the outputs o[0..n) (NULL entries and direct outputs skipped;
 * index_ext[i] as for h2_out_commit, index_ext may be NULL) as one set: under
 * an exclusive flock on each of their directories, so that two runs writing
 * the same set leave one run's whole set, and with SIGINT/SIGTERM/SIGHUP/
 * SIGPIPE/SIGXFSZ held back until the last rename, so that a signal leaves
 * the set all-old or all-new (it is then delivered: the run ends by it, with
 * its outputs in place). On a failure the ones already renamed are taken
 * back (h2_out_uncommit). 0 or H2_EIO/H2_ENOMEM with err set. */
int h2_out_commit_set(h2_outfile_t *const *o, const char *const *index_ext, int n,
                      h2_err_t *err);

/* Refuse an output set in which two outputs are one file, or one output is
 * a name another's commit removes or writes besides it ("<path>.tbi",
 * "<path>.csi", "<path><idx[k]>"; idx may be NULL): `-o V.tbi --json V`
 * lost the VCF, `-o - --json /dev/stdout` wrote the JSON over the VCF. One
 * file: both "-", one inode ("-" is standard output, so /dev/stdout,
 * /dev/fd/1, /proc/self/fd/1 and a file stdout is redirected to are it), or
 * one canonical path. paths[i] NULL: no such output; names[i] is how the
 * message names it ("--json"). 0, or H2_EUSAGE with err set. */
int h2_out_check_set(const char *const *paths, const char *const *names,
                     const char *const *idx, int n, h2_err_t *err);

/* After a writer failed on h2_out_path(o): name the output, not its
 * temporary file, in err->msg. */
void h2_out_name_in_err(const h2_outfile_t *o, h2_err_t *err);

/* Install SIGINT/SIGTERM/SIGHUP handlers that unlink all currently open temp
 * files (and their indexes) and then re-raise the signal. */
void h2_out_install_signal_handlers(void);

#endif
