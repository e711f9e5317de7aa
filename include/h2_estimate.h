/* h2_estimate.h -- gene copy number, its interval, and the call.
 *
 * See README "Method" for the formulas. In short, for gene g:
 *   log2_g  = log2( sum_i len_i * d_i / sum_i len_i / baseline ) over its usable bins,
 *             d_i the (GC-corrected) depth of bin i;
 *   SE      = sqrt(phi / reads_g + (1.2533 * sd_ref)^2 / n_ref + capture_var) / ln 2
 *             in log2 units, phi = (sd_ref * ln 2)^2 * reads_ref the overdispersion
 *             measured on the REF bins (Poisson would give phi = 1); capture_var
 *             (h2_capture_var) only for a tumour-only panel, not divided by the
 *             gene's targets;
 *   r       = 2^log2_g,  CN = h2_model_cn(model, r) (h2_stats.h: tumour ploidy,
 *             never capped, floored at 0);
 *   CICN    = CN at log2_g -/+ 1.96 SE, over the purity interval and the fit's
 *             near-equal alternatives;
 *   RATIO17 = gene depth / CHR17 control depth (both corrected; the control
 *             is the median of the pericentromeric bins, README "The chr17
 *             control");
 *   QUAL    = -10 log10 of the two-sided p-value of log2_g = 0 (NEUTRAL: missing);
 *   LOD     = CN at log2 = (z + z_power) * SE0, SE0 the SE at ratio 1;
 *   RATIO17CN = CN / CHR17 control CN (purity-adjusted; the ISH-like ratio);
 *   context, ISH group, HER2 status, LOD: README "Context, ISH-like group and
 *   HER2 status" and "Limit of detection and noise". */
#ifndef H2_ESTIMATE_H
#define H2_ESTIMATE_H

#include "h2_normalise.h"
#include "h2_segment.h"
#include "h2_purity.h"

typedef enum {
    H2_CALL_LOSS = 0,
    H2_CALL_NEUTRAL,
    H2_CALL_GAIN,
    H2_CALL_AMP
} h2_call_t;

typedef enum {
    H2_CTX_NONE = 0,
    H2_CTX_FOCAL,
    H2_CTX_CHR17,
    H2_CTX_FOCAL_ON_CHR17,
    H2_CTX_UNKNOWN          /* no usable chr17 control: focal or not cannot be told */
} h2_context_t;

/* HER2 status estimated from sequencing, from the ISH-like group (README "Calling"). */
typedef enum {
    H2_HER2_NA = 0,         /* no group: no chr17 control or no estimate */
    H2_HER2_NOT_AMPLIFIED,  /* group 5 */
    H2_HER2_EQUIVOCAL,      /* groups 2, 3, 4 */
    H2_HER2_AMPLIFIED       /* group 1 */
} h2_her2_t;

/* What the chr17 control (CHR17CN) is measured on (README "The chr17 control"). */
typedef enum {
    H2_CTL_NONE = 0,            /* no usable control: HER2 from the single-probe rule */
    H2_CTL_PERICENTROMERIC,     /* the pericentromeric "cen17" bins (the CEP17 analogue) */
    H2_CTL_ARMS                 /* fallback: the arms' medians, outside the pericentromere */
} h2_ctl_basis_t;

/* The rule behind HER2: the ISH-like group (a chr17 control) or, without a
 * usable control, the single-probe criteria on CN alone. */
typedef enum {
    H2_BASIS_NONE = 0,
    H2_BASIS_DUAL_PROBE,
    H2_BASIS_SINGLE_PROBE
} h2_her2_basis_t;

/* Fewest usable bins behind a median of the control (each pericentromeric
 * side, each arm). */
#define H2_CTL_MIN_BINS 3

/* FILTER bits */
#define H2_FILT_LOWDEPTH 1u   /* gene mean depth below min_depth */
#define H2_FILT_FEWBINS  2u   /* no usable gene bin or too few REF bins */
#define H2_FILT_NOISY    4u   /* REF MAPD above max_mapd, or LOD above amp_cn */
#define H2_FILT_PURITY   8u   /* purity unknown and the call not AMP: a negative or
                                 equivocal result that a lower purity could overturn */

#define H2_FILT_HER2     16u  /* HER2 AMPLIFIED or NOT_AMPLIFIED while CICN is also
                                 compatible with the opposite status */
#define H2_FILT_NOREF    32u  /* tumour-only panel: with the capture term in the SE,
                                 the interval at the model's purity runs from below
                                 gain_cn to amp_cn or above (README "Method") */
#define H2_FILT_GCEXTREME 64u /* no reference (PON/normal), and some of the gene's
                                 usable bins have GC outside the fitted GC range
                                 (h2_norm_t gc_extreme) but cannot be left out
                                 (fewer than 2, or fewer than them, would remain):
                                 its CN rests on a flat extrapolation of the GC
                                 correction */
#define H2_N_FILTERS 7
/* FILTER id of bit (1u << i): "LowDepth", "FewBins", "Noisy", "PurityUnknown",
 * "HER2Uncertain", "NoReference", "GCExtreme";
 * NULL past the last. */
const char *h2_filter_name(int i);

typedef struct {
    double purity;      /* tumour fraction (0,1], NAN: estimate it [NAN] */
    double ploidy;      /* tumour ploidy (>0), NAN: estimate it [NAN] */
    double amp_cn;      /* AMP when CN >= amp_cn [6] */
    double gain_cn;     /* GAIN when CN >= gain_cn [2.5] */
    double loss_cn;     /* LOSS when CN <= loss_cn [1.5] */
    double focal_ratio; /* FOCAL context needs RATIO17CN >= focal_ratio [1.5] */
    double min_depth;   /* LowDepth filter [0.2] */
    int min_ref_bins;   /* FewBins filter [30, panel: 10] */
    double max_mapd;    /* also Noisy when REF MAPD is above this; 0 = off [0] */
    double z;           /* interval z value [1.959964] */
    double context_alpha;   /* one-sided level of the FOCAL/CHR17 tests [0.001] */
    double lod_power;       /* power at the limit of detection [0.8] */
    int segment;            /* 1: segment the LOCAL window for the amplicon [1] */
    h2_cbs_opt_t cbs;       /* segmentation options */
    double bkpt_alpha;      /* level of the split test inside a gene [0.001] */
    double bkpt_min_cn;     /* BREAKPOINT: adjacent segments differ by >= this CN [1] */
    double bkpt_min_log2;   /* ... and by >= this log2 ratio [0.2] */
} h2_call_opt_t;

void h2_call_opt_init(h2_call_opt_t *o);

/* One segment of a gene's bins (README "Breakpoints inside the gene"). */
typedef struct {
    hts_pos_t start, end;   /* 0-based half-open: its first bin's start, last bin's end */
    int n_bins;             /* usable GENE bins in it */
    double log2, se;        /* pooled like the gene (estimate.c pool_log2) */
    double cn, cn_lo, cn_hi;
} h2_gene_seg_t;

typedef struct {
    const h2_gene_t *gene;  /* borrowed from the region set */
    int n_bins;             /* usable GENE bins */
    uint64_t reads;         /* reads in its bins */
    double depth;           /* mean raw depth over its bins */
    double log2, se;        /* log2 ratio and its standard error */
    double fold;            /* 2^log2 */
    double cn, cn_lo, cn_hi;
    double chr17_log2;      /* CHR17 control log2 vs baseline (NAN if none) */
    double ratio17;         /* gene over CHR17 control depth (NAN if none) */
    h2_call_t call;
    h2_context_t context;
    double qual;            /* NAN when NEUTRAL */
    unsigned filters;
    int cn_bound;           /* 1: the purity is unknown and CN is read at purity 1,
                               a lower bound for a gain, an upper one for a loss
                               (0: CN is under the reported reading) */
    double ratio17cn;       /* CN / CHR17CN: purity-adjusted ISH-like ratio (NAN if none) */
    int ish_group;          /* ASCO/CAP 2018 group 1-5 from ratio17cn and cn; 0 if none */
    unsigned ish_groups_ci; /* bit g set: group g is compatible with CICN (the ratio
                               moving with CN over the chr17 control); 0 if none */
    h2_her2_t her2;
    double se0;             /* SE of log2 the gene would have at ratio 1 */
    double lod_cn;          /* limit of detection: CN at log2 = (z + z_power) * se0 */
    h2_her2_basis_t her2_basis; /* the rule behind her2 (NONE when her2 is NA) */
    double se_capture;      /* the capture term's part of se (log2 units): sd of log
                               capture efficiency; 0 with a PON/normal or for WGS */
    int breakpoint;         /* 1: a segment boundary inside the gene (INFO BREAKPOINT);
                               CICN then spans every segment's interval */
    double cn_max;          /* highest segment CN over the gene (CNMAX; CN when
                               unsplit; NAN without an estimate) */
    int n_segs;             /* segments over the gene (1 unsplit, 0 no usable bin) */
    h2_gene_seg_t *segs;    /* them in position order (malloc'd, freed with the estimates) */
} h2_estimate_t;

typedef struct {
    h2_cnmodel_t model;     /* the copy-number model every CN below uses */
    h2_source_t purity_source, ploidy_source;
    double purity_lo, purity_hi;    /* the purity's interval (CICN spans it) */
    double min_purity;      /* lowest purity at which genes[0] at amp_cn would be
                               detected (LOD); NAN: not even at purity 1 */
    const h2_purity_t *fit; /* borrowed genome-wide fit, or NULL */
    int n;
    h2_estimate_t *g;       /* one per called gene (rs->genes[0..n_called-1]), same order */
    double chr17_log2;      /* CHR17 control log2 (NAN if no usable control bin) */
    double chr17_se;
    double chr17_cn;        /* CHR17 control copy number */
    int n_chr17;            /* usable CHR17 bins */
    h2_amplicon_t amp;      /* the amplicon around genes[0] (amp.found 0: none) */
    h2_ctl_basis_t chr17_basis;     /* what chr17_log2 is measured on */
    double chr17_cn_lo, chr17_cn_hi; /* CHR17CN at chr17_log2 -/+ z chr17_se */
    double chr17p_log2, chr17p_cn;  /* 17p outside the pericentromere: median bin (NAN:
                                       fewer than H2_CTL_MIN_BINS usable bins) */
    double chr17q_log2, chr17q_cn;  /* 17q outside the pericentromere and the window */
    int n_chr17p, n_chr17q;         /* usable bins behind them */
    double capture_var;     /* h2_capture_var of the sample (ln^2 units) */
} h2_estimates_t;

/* Estimate and call every gene under the copy-number model of `fit` (its
 * best solution and purity interval; borrowed, must outlive the result), or,
 * when fit is NULL, the model {o->purity, o->ploidy, centre 1} taken as given
 * (both must then be numbers). Returns NULL only on allocation failure (or an
 * invalid option: err set, H2_EUSAGE). */
h2_estimates_t *h2_estimate(const h2_regset_t *rs, const h2_counts_t *c,
                            const h2_norm_t *nm, const h2_call_opt_t *o,
                            const h2_purity_t *fit, h2_err_t *err, int *rc);
void h2_estimates_destroy(h2_estimates_t *e);

/* Variance (ln^2 units) of the log capture efficiency of one target, for a
 * tumour-only panel: without a reference the efficiency of the gene's own
 * targets is unknown, and they may all be captured better or worse than the
 * reference targets (one shared draw), so the term is added to the gene's
 * variance undivided by its number of targets. Estimated from the usable REF
 * targets: (sd_ref ln 2)^2 (robust, from their MAPD) minus their mean
 * Poisson variance 1 / reads, floored at 0. 0 for whole-genome mode, with a
 * panel of normals or a matched normal (nm->ref_kind != 0), or with fewer
 * than 3 usable REF targets. */
double h2_capture_var(const h2_regset_t *rs, const h2_counts_t *c, const h2_norm_t *nm);

const char *h2_call_name(h2_call_t c);       /* "AMP" ... */
const char *h2_context_name(h2_context_t c); /* "FOCAL" ... */
const char *h2_her2_name(h2_her2_t h);       /* "AMPLIFIED" ..., "NA" */

/* ASCO/CAP 2018 ISH group (1-5) from the HER2/CEP17-like ratio and the HER2
 * copies per cell; 0 when either is NAN. HER2 status from the group. */
int h2_ish_group(double ratio, double cn);
/* Bit g set for every group g that some CN in [cn_lo, cn_hi] gives with
 * ratio CN / chr17_cn; 0 when any of them is NAN. */
unsigned h2_ish_groups_between(double cn_lo, double cn_hi, double chr17_cn);
/* The same with the control anywhere in [ctl_lo, ctl_hi] (its interval). */
unsigned h2_ish_groups_within(double cn_lo, double cn_hi, double ctl_lo, double ctl_hi);
/* ASCO/CAP single-probe HER2 status from the HER2 copies per cell alone:
 * >= 6 AMPLIFIED, 4-6 EQUIVOCAL, < 4 NOT_AMPLIFIED; NA for NAN. */
h2_her2_t h2_her2_single_probe(double cn);
/* Control of chr17 copy number from the two sides of the centromere, or of
 * the two arms: the mean of the sides' ratios 2^log2 (one side alone when
 * the other is NAN), as log2 with its SE from the sides' SEs; NAN when both
 * are NAN. (A centromere lies between one copy of each side: with the two
 * sides at different copy numbers, as in i(17q), the centromere count is
 * their mean.) */
void h2_ctl_combine(double l_p, double se_p, double l_q, double se_q, double *log2r, double *se);
const char *h2_ctl_basis_name(h2_ctl_basis_t b);    /* "PERICENTROMERIC", "ARMS", "NONE" */
const char *h2_her2_basis_name(h2_her2_basis_t b);  /* "DUAL_PROBE", "SINGLE_PROBE", "NA" */
h2_her2_t h2_her2_from_group(int group);
/* The group as the reports print it, "1".."5"; NULL for no group (0). */
const char *h2_ish_group_name(int group);

#endif
