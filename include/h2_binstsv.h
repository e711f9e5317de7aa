/* h2_binstsv.h -- the per-bin TSV of `her2cn call --bins`: written by call,
 * read back by `her2cn pon` (a bins TSV instead of a BAM). */
#ifndef H2_BINSTSV_H
#define H2_BINSTSV_H

#include "h2_count.h"
#include "h2_normalise.h"

/* Version of the bins TSV's ## header (raised when a column or ## key
 * changes meaning). */
#define H2_BINS_VERSION 1

/* What made the counts, written as ## lines before the column header
 * (##her2cnBins, ##source, ##build, ##minMQ, ##excludeFlags) so that
 * `her2cn pon` mixes only counts made with the same read filters. */
typedef struct {
    int min_mq;
    int exclude_flags;
} h2_bins_meta_t;

/* Write the per-bin TSV (the ## lines, then the column header line): chrom start end name role bases
 * reads mq0 depth gc log2_raw log2 usable, then expected spread when nm has a
 * reference (--pon/--normal), then het_sites baf when c->alleles is set
 * (h2_alleles_bin_maf). Columns are only ever appended, so readers that take
 * the leading columns by position (h2_bins_read) read every layout. gc/log2
 * printed as "NA" when not available. Returns 0, H2_EIO or H2_ENOMEM. */
int h2_bins_write(const char *path, const h2_regset_t *rs, const h2_counts_t *c,
                  const h2_gc_t *gc, const h2_norm_t *nm, const h2_bins_meta_t *meta,
                  h2_err_t *err);

/* 1 if path starts like a bins TSV (a ##her2cnBins line or the #chrom
 * header), 0 if not, H2_EIO (err set) if it cannot be opened. */
int h2_bins_sniff(const char *path, h2_err_t *err);

/* Read the counts (bases, reads, mq0) back from a `her2cn call --bins` TSV,
 * checking that its bins are exactly those of rs (same order, coordinates,
 * roles and names; contig names matched by h2_contig_name_eq) and, when
 * want is not NULL, that its ## lines record the same read filters (a file
 * without them is refused: its filters are unknown).
 * NULL with err set (H2_EIO cannot open, H2_EINPUT mismatch or bad line). */
h2_counts_t *h2_bins_read(const char *path, const h2_regset_t *rs, const h2_bins_meta_t *want,
                          h2_err_t *err, int *rc);

#endif
