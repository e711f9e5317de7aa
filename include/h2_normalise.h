/* h2_normalise.h -- from per-bin counts to per-bin log2 ratios.
 *
 * depth_i  = bases_i / length_i
 * baseline = median depth of the usable REF bins
 * GC (only with a FASTA): f(gc_i) = median of depth_j / baseline over the k
 *   usable REF bins j nearest to bin i in GC (k = max(15, n_ref / 20)); the
 *   corrected depth is depth_i / f(gc_i), and the baseline is re-taken as the
 *   median corrected REF depth. This is the GC-stratum-median idea of
 *   Benjamini & Speed 2012 with an adaptive stratum width.
 * log2_i   = log2(corrected depth_i / baseline)
 * A bin is unusable when more than half of its reference bases are N (with a
 * FASTA) or, for REF and CHR17 bins, when it has no reads at all (an
 * unmappable or deleted region is not a copy-neutral reference). */
#ifndef H2_NORMALISE_H
#define H2_NORMALISE_H

#include <stdint.h>
#include "h2_regions.h"
#include "h2_count.h"

typedef struct {
    int n_bins;
    double *gc;         /* GC fraction of non-N bases, NAN without a FASTA */
    double *nfrac;      /* fraction of N bases, NAN without a FASTA */
} h2_gc_t;

/* GC content of every bin from an indexed FASTA (contig names matched
 * tolerating the chr prefix). NULL with err set on failure (missing .fai is
 * built by htslib; a contig absent from the FASTA is an error). */
h2_gc_t *h2_gc_compute(const h2_regset_t *rs, const char *fasta, h2_err_t *err, int *rc);
void h2_gc_destroy(h2_gc_t *gc);

typedef struct {
    int n_bins;
    double *depth;      /* raw bases / length */
    double *log2_raw;   /* log2(depth / raw baseline) */
    double *log2;       /* GC-corrected when gc was given, else == log2_raw */
    uint8_t *usable;    /* 0 = dropped (see above) */
    double baseline;    /* median corrected REF depth */
    double baseline_raw;
    int n_ref;          /* REF bins in the region set */
    int n_ref_usable;
    double mapd;        /* median |log2_i - log2_{i+1}| over consecutive usable REF bins */
    double sd_ref;      /* robust SD of REF log2 ratios: mapd / (sqrt(2) * 0.6745) */
    double reads_ref;   /* median read count of usable REF bins */
    int gc_corrected;
} h2_norm_t;

/* Normalise counts c over region set rs; gc may be NULL. Fails (NULL, err
 * set, H2_EINPUT) when fewer than 3 REF bins are usable or the baseline is 0
 * ("no coverage in the reference bins"). */
h2_norm_t *h2_normalise(const h2_regset_t *rs, const h2_counts_t *c,
                        const h2_gc_t *gc, h2_err_t *err, int *rc);
void h2_norm_destroy(h2_norm_t *n);

/* Median of x[0..n-1] (x is reordered). NAN for n == 0. */
double h2_median(double *x, int n);

#endif
