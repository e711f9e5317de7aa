/* h2_normalise.h -- from per-bin counts to per-bin log2 ratios.
 *
 * depth_i  = bases_i / length_i
 * baseline = median depth of the usable REF bins
 * GC (only with a FASTA): f(gc) = median of depth_j / baseline over the k
 *   fitting points j nearest in GC (k = max(15, n / 20)); the corrected depth
 *   is depth_i / f(gc_i), and the baseline is re-taken as the median corrected
 *   REF depth. This is the GC-stratum-median idea of Benjamini & Speed 2012
 *   with an adaptive stratum width. The fit is made at the scale of the gene's
 *   pieces: the points are the sub-pieces of the usable REF bins
 *   (h2_bin_subpieces, about H2_GC_PIECE each; a REF bin too short to cut is
 *   one point), and a bin with sub-pieces is corrected by the length-weighted
 *   mean of f over its pieces. The sub-pieces are used only when they were
 *   counted and hold at least H2_GC_MIN_READS reads (median over REF bins);
 *   otherwise the points are the whole REF bins and f is applied to whole
 *   bins. GC outside [gc_lo, gc_hi] (the k/2-th lowest and highest point: the
 *   k nearest points no longer lie on both sides) is extrapolated flat: such
 *   a bin is flagged in gc_extreme (the gene estimate leaves it out, or
 *   FILTERs GCExtreme, h2_estimate.h).
 * log2_i   = log2(corrected depth_i / baseline)
 * A bin is unusable when more than half of its reference bases are N (with a
 * FASTA), when most of its reads have MAPQ 0 (mq0 / (reads + mq0) above
 * max_mq0_frac: a repeat, not copy number), when the caller excludes it (a
 * bin flagged by the panel of normals), or, for REF and CHR17 bins, when it
 * has no reads at all (an unmappable or deleted region is not a copy-neutral
 * reference). SEX bins are normalised but never enter the baseline. */
#ifndef H2_NORMALISE_H
#define H2_NORMALISE_H

#include <stdint.h>
#include "h2_regions.h"
#include "h2_count.h"

typedef struct {
    int n_bins;
    double *gc;         /* GC fraction of non-N bases, NAN without a FASTA */
    double *nfrac;      /* fraction of N bases, NAN without a FASTA */
    double *sub_gc;     /* per GC sub-piece [i * H2_GC_SUBS + k] (h2_bin_subpieces),
                           NAN past a bin's pieces */
    double *sub_nfrac;  /* likewise, fraction of N bases */
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
    int n_mq0_dropped;  /* bins left out because of MAPQ-0 reads */
    /* Set by h2_ref_apply_pon() or h2_ref_apply_normal() (h2_refapply.h)
     * when a panel of normals or a matched normal is used; otherwise
     * ref_kind 0 and the pointers NULL. */
    int ref_kind;       /* 0 none, 1 panel of normals, 2 matched normal */
    double *expected;   /* per bin: expected normalised depth (PON) or the normal's */
    double *spread;     /* per bin: PON log2 spread across normals (NAN for a normal) */
    double *var_dev;    /* per bin: variance (ln^2) of a sample's deviation from expected */
    double *var_exp;    /* per bin: variance (ln^2) of the expectation itself */
    double phi;         /* overdispersion to use in the SE; 0: from sd_ref and reads_ref */
    /* GC fit (with a FASTA): its scale, its range, and the bins outside it */
    int gc_fit_pieces;  /* 1: fitted on the REF bins' sub-pieces, 0: on whole REF bins */
    int gc_fit_n;       /* points in the fit */
    double gc_lo, gc_hi;/* fitted GC range: where the k nearest points lie on both sides */
    uint8_t *gc_extreme;/* per bin: 1 = its GC (most of its length) lies outside
                           [gc_lo, gc_hi], its correction is extrapolated; NULL without gc */
} h2_norm_t;

#define H2_GC_MIN_READS 20    /* reads per sub-piece to fit GC on sub-pieces */

typedef struct {
    double max_mq0_frac;    /* drop bins with mq0/(reads+mq0) above this [0.5] */
    int min_mq;             /* the count's MAPQ filter (0: reads already include mq0) [20] */
    const uint8_t *exclude; /* per bin, nonzero = leave out (PON flags), or NULL */
} h2_norm_opt_t;

void h2_norm_opt_init(h2_norm_opt_t *o);

/* Normalise counts c over region set rs; gc may be NULL. Fails (NULL, err
 * set, H2_EINPUT) when fewer than 3 REF bins are usable or the baseline is 0
 * ("no coverage in the reference bins"). */
h2_norm_t *h2_normalise(const h2_regset_t *rs, const h2_counts_t *c,
                        const h2_gc_t *gc, h2_err_t *err, int *rc);
/* The same with explicit options (h2_normalise uses h2_norm_opt_init's). */
h2_norm_t *h2_normalise_opt(const h2_regset_t *rs, const h2_counts_t *c, const h2_gc_t *gc,
                            const h2_norm_opt_t *o, h2_err_t *err, int *rc);
void h2_norm_destroy(h2_norm_t *n);

/* Recount usable REF bins and recompute reads_ref, mapd and sd_ref from the
 * current usable[] and log2[] (after a reference changed them). 0 or H2_ENOMEM. */
int h2_norm_refresh(const h2_regset_t *rs, const h2_counts_t *c, h2_norm_t *nm);

#include "h2_stats.h"   /* h2_median, h2_sd_from_mapd, for the callers of this header */

#endif
