/* h2_inputcheck.h -- consistency checks between the input files that htslib
 * does not make, or only warns about, and that would otherwise give a wrong
 * answer without an error: an index older than its alignment file, and a
 * FASTA that is not the reference the alignments were made against. */
#ifndef H2_INPUTCHECK_H
#define H2_INPUTCHECK_H

#include <htslib/faidx.h>
#include <htslib/sam.h>
#include "h2_regions.h"

/* Read the header of the alignment file `path` (ref: FASTA for CRAM, or
 * NULL). Returns 0 with *hdr set (the caller destroys it), H2_EIO when the file
 * cannot be opened, H2_EINPUT when it is not SAM/BAM/CRAM (the message says
 * what it looks like) or its header has no @SQ lines. */
int h2_alignment_header(const char *path, const char *ref, sam_hdr_t **hdr, h2_err_t *err);

/* Sample name: `given` when not NULL, else the first @RG SM of hdr (hdr may
 * be NULL), else the file name of `path` without its last extension. A new
 * string, or NULL when out of memory. */
char *h2_sample_name(const char *given, const sam_hdr_t *hdr, const char *path);

/* The samples of hdr: the distinct @RG SM values in header order into
 * *names (*n of them; @RG lines without SM are not counted), and, when
 * `pick` is not NULL, the IDs of the @RG lines whose SM is `pick` into
 * *ids (*n_ids). The caller frees every string and both arrays (also on
 * failure). Returns 0 or H2_ENOMEM. */
int h2_header_samples(const sam_hdr_t *hdr, const char *pick, char ***names, int *n,
                      char ***ids, int *n_ids);

/* Path of the index htslib would load for the alignment file `path`, looked
 * up in htslib's order: an explicit "file##idx##index" suffix, then
 * <path>.csi, <path>.bai (.crai for CRAM), then the extension replaced
 * (x.bam -> x.csi, x.bai). NULL when none exists (or out of memory).
 * The caller frees the result. */
char *h2_index_find(const char *path);

/* H2_EINPUT with err set when the index of `path` is older than the file
 * (modification times in whole seconds, the rule htslib warns about): a
 * stale index makes the iterator seek to wrong offsets, which can miss or
 * misplace reads silently. 0 when fresh or when there is no index. */
int h2_index_check_age(const char *path, h2_err_t *err);

/* H2_EINPUT with err set when the index idx of `path` (a regular file)
 * points past the end of the file: a BAM cut at a block boundary with its
 * EOF marker added back reads as complete, and the iterator would take the
 * missing part as the end of the data. 0 otherwise (also without an index,
 * for a stream, or for CRAM, whose .crai is not checked this way). */
int h2_index_check_size(const hts_idx_t *idx, const sam_hdr_t *hdr, const char *path,
                        h2_err_t *err);

/* fai_load with an error that says why: not a FASTA (exit 2), or not
 * readable / its .fai not writable (exit 3). NULL with *rc set on failure. */
faidx_t *h2_fasta_load(const char *path, h2_err_t *err, int *rc);

/* Check that the FASTA `ref` is the reference of `hdr`: every contig that
 * holds bins of rs must be in the FASTA (with or without "chr") with the
 * header's length, and for the contigs of the called genes the MD5 of the
 * FASTA sequence (upper case) must equal @SQ M5 when the header has one.
 * Returns 0, or H2_EINPUT/H2_EIO with err set. */
int h2_ref_check(const sam_hdr_t *hdr, const h2_regset_t *rs, const char *ref,
                 h2_err_t *err);

#endif
