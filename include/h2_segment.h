/* h2_segment.h -- circular binary segmentation (CBS) and the ERBB2 amplicon.
 *
 * h2_cbs() segments a sequence of log2 ratios with circular binary
 * segmentation (Olshen, Venkatraman, Lucito & Wigler, Biostatistics 2004):
 * for a segment x[s..e) it finds the arc [i,j) that maximises
 *   T_ij = |mean(arc) - mean(rest)| / sqrt(1/k + 1/(m-k)),  k = j-i, m = e-s,
 * and accepts the split when a permutation p-value of max T (the segment's
 * values shuffled nperm times by a fixed-seed RNG, so the result is
 * deterministic) is below alpha; then it recurses into the two or three
 * pieces. Arcs and pieces shorter than min_width are not considered.
 *
 * h2_amplicon_find() runs CBS on the usable LOCAL bins (the dense window
 * around the first called gene), takes the segment that contains the gene's
 * centre (or, when the gene spans several segments, the highest of them) and, when it is gained, reports it as the amplicon (see README
 * "Amplicon"), with the neighbour genes it co-amplifies. */
#ifndef H2_SEGMENT_H
#define H2_SEGMENT_H

#include <stdint.h>
#include "h2_normalise.h"

typedef struct {
    double alpha;       /* significance level of a split [0.01] */
    int nperm;          /* permutations per test [1000] */
    int min_width;      /* fewest points in a segment [2] */
    uint64_t seed;      /* RNG seed [1] */
} h2_cbs_opt_t;

void h2_cbs_opt_init(h2_cbs_opt_t *o);

typedef struct {
    int start, end;     /* indices into the input, half-open */
    double mean;
} h2_seg_t;

/* Segment x[0..n-1]. On success returns the number of segments and sets *segs
 * (malloc'd, caller frees; segments in order, covering 0..n). Returns
 * H2_ENOMEM on allocation failure, H2_EUSAGE for n < 1 or bad options. */
int h2_cbs(const double *x, int n, const h2_cbs_opt_t *o, h2_seg_t **segs);

typedef struct h2_amplicon_s {
    int found;              /* 1 when a gained segment contains the gene */
    int contig;
    hts_pos_t start, end;   /* 0-based half-open, from its first/last LOCAL bin */
    int n_bins;             /* LOCAL bins in it */
    int first_bin, last_bin;/* their indices into the region set's bins */
    double log2, se;        /* mean log2 of its bins and its SE */
    double cn, cn_lo, cn_hi;
    char *genes;            /* comma-separated genes co-amplified (malloc'd), or NULL */
    int n_segments;         /* segments CBS found in the window */
    double qual;            /* Phred p-value of log2 = 0 (set by h2_estimate) */
    int call;               /* h2_call_t: AMP or GAIN (set by h2_estimate) */
    int n_more;             /* other amplicons in the window (not holding the gene) */
    struct h2_amplicon_s *more; /* them in position order, each found = 1 and n_more = 0
                               (malloc'd; freed by h2_amplicon_clear) */
} h2_amplicon_t;

/* Parameters the amplicon test needs from the call options. */
typedef struct {
    h2_cnmodel_t model;     /* purity, ploidy, centre */
    double gain_cn;         /* the segment must reach this CN */
    double z;               /* interval z, and the SEs above baseline the segment needs [1.96] */
} h2_amp_param_t;

/* Find the amplicon of rs->genes[0] in normalised data nm. *amp is filled
 * (found = 0 when there is none, or fewer than 2 * min_width usable LOCAL
 * bins). Every other segment of the window that passes the same test (a
 * local peak, CN >= gain_cn, log2 >= z SE) goes into amp->more, whether or
 * not the gene's own segment is an amplicon. Returns 0 or H2_ENOMEM. Free with h2_amplicon_clear(). */
/* Breakpoints inside a gene (README "Breakpoints inside the gene"): binary
 * segmentation of the gene's bins in position order, x[i] their log2 ratios
 * and v[i] > 0 their variances. A split of a piece [s,e) at k (both sides at
 * least min_width bins) is scored by the z of the difference of the two
 * sides' inverse-variance weighted means, taken as the SMALLEST z over
 * leaving out any one bin (one outlying bin cannot split a gene); the best
 * split is accepted when that z exceeds the two-sided normal quantile at
 * alpha / (n - 2 min_width + 1) (Bonferroni over the candidate splits), and
 * both sides are segmented again. Returns the number of segments and sets
 * *segs (malloc'd, caller frees; mean = the weighted mean), H2_EUSAGE for
 * n < 1, bad options or a non-finite x or non-positive v, H2_ENOMEM. */
int h2_split_bins(const double *x, const double *v, int n, double alpha, int min_width,
                  h2_seg_t **segs);

int h2_amplicon_find(const h2_regset_t *rs, const h2_norm_t *nm, const h2_cbs_opt_t *co,
                     const h2_amp_param_t *ap, h2_amplicon_t *amp);
void h2_amplicon_clear(h2_amplicon_t *amp);

#endif
