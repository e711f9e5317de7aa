/* h2_purity.h -- tumour purity and ploidy from the genome-wide bins and the
 * B-allele fractions at heterozygous SNPs.
 *
 * The genome-wide sample of bins (REF and CHR17 bins: every chromosome arm
 * every 2 Mb in WGS, the reference targets in panel mode) is segmented per
 * contig with CBS (h2_segment.h). Each segment gets its pooled log2 ratio (vs
 * the sample's baseline), its SE and the allele counts of the het sites in its
 * bins. The fit then looks for the purity p, and the tumour copy number of
 * the baseline, that put every segment on an integer copy state c with a minor
 * allele count m (0 <= m <= c/2):
 *   ratio  r_i = k (p c_i + 2 (1 - p))      (k: depth per copy, fitted)
 *   BAF    b_i = (p m_i + (1 - p)) / (p c_i + 2 (1 - p))
 * with the tumour ploidy P = the bin-weighted mean of c_i and the model's
 * centre (h2_stats.h) = k (p P + 2 (1 - p)). See README "Purity and ploidy"
 * for the likelihood, the prior and the identifiability rule. */
#ifndef H2_PURITY_H
#define H2_PURITY_H

#include "h2_normalise.h"
#include "h2_segment.h"
#include "h2_baf.h"
#include "h2_stats.h"

/* One genome-wide segment. */
typedef struct {
    int contig;
    hts_pos_t start, end;   /* 0-based half-open, from its first/last bin */
    int first_bin, last_bin;/* region-set indices of its first/last usable bin */
    int n_bins;             /* usable bins */
    double log2, se;        /* pooled log2 ratio vs the baseline, and its SE */
    int first_het, n_het;   /* its sites lie in alleles->a[first_het .. first_het+n_het)
                             * (a site of an unusable bin in that span is not used) */
    double maf;             /* pooled minor-allele fraction of its sites (NAN: none) */
    int cn, minor;          /* state under the best solution (-1: not fitted); for a
                             * subclonal segment the state of its other tumour cells */
    int sub_cn, sub_minor;  /* subclonal segment: the state a fraction ccf of the
                             * tumour cells carries (-1: clonal) */
    double ccf;             /* that cancer-cell fraction (NAN: clonal) */
} h2_gseg_t;

typedef enum {
    H2_SOURCE_GIVEN = 0,    /* the user's number */
    H2_SOURCE_ESTIMATED,    /* fitted */
    H2_SOURCE_UNKNOWN,      /* not identifiable: assumed (purity 1, ploidy 2) */
    H2_SOURCE_AMBIGUOUS     /* several readings fit: the reported one is the best by
                               the prior, the intervals span them all */
} h2_source_t;

/* 1 when the source is UNKNOWN or AMBIGUOUS: the number is not settled. */
int h2_source_unsettled(h2_source_t s);

/* One solution of the fit. */
typedef struct {
    h2_cnmodel_t model;     /* purity, ploidy, centre */
    double loglik;          /* log-likelihood plus log-prior (NAN: nothing fitted) */
    double data_loglik;     /* the same without the priors: what the data say */
    double frac_clonal;     /* bin fraction on integer states within 2 SE */
    double purity_lo, purity_hi;    /* this reading's own purity interval */
    int n_subclonal;        /* segments on a subclonal state under this reading */
} h2_ppsol_t;

#define H2_PURITY_MAX_ALT 8

/* A ploidy given without a purity constrains the grid fit, whose baseline
 * tumour CN runs from 1 to 6: a ploidy outside [MIN, MAX] cannot be reached
 * and is refused (it used to give the CN of ploidy 6 for 7, 8 or 20). With
 * the purity given too there is no fit and (0, 20] is used as given. */
#define H2_PURITY_FIT_PLOIDY_MIN 1.0
#define H2_PURITY_FIT_PLOIDY_MAX 6.0

typedef struct {
    double purity;          /* the user's purity, or NAN for auto [NAN] */
    double ploidy;          /* the user's ploidy, or NAN for auto [NAN] */
    int use_baf;            /* use allele fractions when there are sites [1] */
    int max_cn;             /* highest copy state of a segment [8] */
    double min_purity;      /* lowest purity the grid considers [0.05] */
    h2_cbs_opt_t cbs;       /* genome-wide segmentation */
} h2_purity_opt_t;

void h2_purity_opt_init(h2_purity_opt_t *o);

typedef struct {
    h2_source_t purity_source, ploidy_source;
    h2_ppsol_t best;        /* the model to use (assumed values when UNKNOWN) */
    double purity_lo, purity_hi;    /* interval of the purity (== purity when given;
                                     * min_purity..1 when unknown) */
    int n_alt;              /* alternative solutions, best first after `best` */
    h2_ppsol_t alt[H2_PURITY_MAX_ALT];   /* distinct local maxima of the grid; when
                                         * the fit was ambiguous, alt[0] is its best */
    double delta_loglik;    /* best minus the first alternative (NAN: none) */
    int n_ambiguous;        /* alt[0..n_ambiguous) are the kept readings: within
                               2 log units of `best` with the priors, or of the
                               best data likelihood without them (exact twins
                               that only priors separate, and the exact twins
                               of `best` whose data differ only by the lattice's
                               Occam factor). They bound CICN and
                               the purity set. When their purities differ
                               materially the purity is AMBIGUOUS */
    int n_pset;             /* the purity set: disjoint intervals, ascending */
    double pset_lo[H2_PURITY_MAX_ALT + 2], pset_hi[H2_PURITY_MAX_ALT + 2];
    double seg_noise;       /* segment-level systematic error (log2 SD) used */
    double rho;             /* allele-count overdispersion used */
    int noise_measured;     /* bit 1: seg_noise measured on the sample (else the
                               floor), bit 2: rho measured (else the floor) */
    const char *reason;     /* why UNKNOWN, or NULL (static string) */
    int n_segs;
    h2_gseg_t *segs;        /* genome order */
    int n_sites;            /* het sites used */
} h2_purity_t;

/* Segment the genome-wide bins and fit purity and ploidy. al may be NULL (no
 * allele counts: depth alone); its min_reads/min_frac say whether the sites
 * were found de novo (the likelihood is then conditioned on the rule). A given
 * purity or ploidy (o) is kept and the rest fitted; both given: no fit, the
 * centre makes the segments' mean continuous state equal the ploidy. Returns
 * the result (caller frees with h2_purity_destroy), or NULL with err set and
 * *rc (when rc is non-NULL) = H2_ENOMEM, or H2_EUSAGE for bad options
 * (purity outside (0,1], ploidy outside (0,20] or, without a purity, outside
 * [H2_PURITY_FIT_PLOIDY_MIN, H2_PURITY_FIT_PLOIDY_MAX], max_cn outside 2..20,
 * min_purity outside (0,1), bad CBS options, nm not of rs). */
h2_purity_t *h2_purity_fit(const h2_regset_t *rs, const h2_norm_t *nm,
                           const h2_alleles_t *al, const h2_purity_opt_t *o,
                           h2_err_t *err, int *rc);
void h2_purity_destroy(h2_purity_t *p);

/* "given", "estimated", "unknown", "ambiguous" */
const char *h2_source_name(h2_source_t s);

#endif
