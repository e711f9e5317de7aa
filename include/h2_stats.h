/* h2_stats.h -- the statistics every stage shares, in one place: the
 * copy-number model, robust scale, normal quantiles and p-values.
 *
 * Copy-number model (tumour ploidy; the convention of PureCN, ASCAT, FACETS):
 * normal cells are diploid, a fraction p (purity) of the cells is tumour with
 * copy number CN at a locus and mean copy number P (ploidy) over the genome.
 * The ratio of the locus's depth to the genome's average depth is
 *     r' = (p CN + 2 (1 - p)) / (p P + 2 (1 - p)),
 * so  CN = (r' (p P + 2 (1 - p)) - 2 (1 - p)) / p.
 * her2cn's ratios r are relative to the baseline (median reference bin), not
 * to the genome's average: r' = r / centre, where centre is the ratio of the
 * genome's average copy level (1 for a flat genome). */
#ifndef H2_STATS_H
#define H2_STATS_H

typedef struct {
    double purity;      /* tumour fraction p, (0,1] */
    double ploidy;      /* tumour ploidy P, > 0 */
    double centre;      /* observed ratio (vs the baseline) of the genome's average, > 0 */
} h2_cnmodel_t;

/* Tumour CN at ratio r (vs the baseline), floored at 0, never capped; NAN
 * (no ratio, e.g. an arm without usable bins) gives NAN, not 0. */
double h2_model_cn(const h2_cnmodel_t *m, double r);
/* The ratio (vs the baseline) that tumour copy number cn gives. */
double h2_model_ratio(const h2_cnmodel_t *m, double cn);
/* The lowest purity at which a locus at tumour copy number cn reaches ratio
 * r_det (vs the baseline), the ploidy and centre of m held; 0 when any purity
 * does, NAN when not even purity 1 does. */
double h2_model_min_purity(const h2_cnmodel_t *m, double cn, double r_det);
/* Expected B-allele (minor) fraction of a state with cn copies, `minor` of
 * them of the minor allele, at purity p: (p minor + (1-p)) / (p cn + 2 (1-p)). */
double h2_model_baf(double purity, double cn, double minor);
/* What a site's plotted minor-allele fraction min(k, n-k)/n averages to when
 * its true fraction is b: E[min(k, n-k)/n | min(k, n-k) >= min_minor] with
 * k ~ Binomial(n, b). At low depth it is not b: a 0.29 fraction at 8 reads
 * averages 0.27 folded, and 0.41 among the sites that the de novo rule's
 * min_minor 3 lets through (the points of an LOH segment sit ~0.1 above b);
 * min_minor 0: no selection. NAN when n < 1 or no k passes. */
double h2_folded_maf_expected(double b, int n, int min_minor);

/* Median of x[0..n-1] (x is reordered). NAN for n == 0. */
double h2_median(double *x, int n);
/* Robust SD of normally distributed values from the MAPD (median absolute
 * difference of consecutive values): MAPD / (sqrt(2) x 0.6745). */
double h2_sd_from_mapd(double mapd);
/* Upper-tail standard normal quantile: z with P(Z > z) = p, p in (0, 1). */
double h2_norm_quantile_upper(double p);
/* -10 log10 of the two-sided normal p-value of |z|, without underflow,
 * capped at H2_PHRED_CAP (so the VCF QUAL, the JSON and the reports carry
 * one number; a float QUAL cannot hold the uncapped tail anyway). */
#define H2_PHRED_CAP 9999.0
double h2_phred_two_sided(double z);

#endif
