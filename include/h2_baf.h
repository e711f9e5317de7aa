/* h2_baf.h -- allele counts at heterozygous germline SNPs (B-allele fractions).
 *
 * her2cn finds heterozygous SNPs in the reads themselves while it counts the
 * genome-wide sample of bins (REF and CHR17 bins): at each position of those
 * bins it piles up the bases of the reads that pass the read filters, with
 * base quality >= min_bq, and keeps the positions that look heterozygous
 * (rule in count.c, documented in README "Allele fractions"). With a list of
 * sites (--snps VCF, or the het sites of a matched normal) it piles up only
 * those positions and reports every one of them, whatever the tumour shows.
 *
 * The result is a list of sites in region-set bin order, each with the counts
 * of its two alleles. Which allele is "a" and which "b" carries no meaning
 * (the phase is unknown): a consumer uses min(n_a, n_b) or a symmetric model.
 *
 * De novo het rule (h2_allele_is_het; README "Allele fractions"): with a and b
 * the two most frequent of A, C, G, T at the position (ties to the
 * alphabetically first) and depth all counted bases there, the position is
 * heterozygous when
 *     min(n_a, n_b) >= max(min_reads, ceil(min_frac * depth))     and
 *     depth - n_a - n_b <= max(1, H2_BAF_MAX_OTHER_FRAC * depth),
 * min_reads = 3 and min_frac = 0.05 (H2_BAF_MIN_READS, H2_BAF_MIN_FRAC). The
 * second condition rejects multi-allelic noise and reads with random bases.
 * Both thresholds are stored in h2_alleles_t so that a likelihood can
 * condition on the selection (a site is only seen when its minor count
 * reached the threshold). */
#ifndef H2_BAF_H
#define H2_BAF_H

#include <stdint.h>
#include "h2_regions.h"

typedef struct {
    int bin;                /* index into rs->bins (a REF or CHR17 bin) */
    int contig;             /* index into the genome */
    hts_pos_t pos;          /* 0-based */
    char base_a, base_b;    /* the two alleles, 'A','C','G','T' */
    uint32_t n_a, n_b;      /* reads with each allele (filters and min_bq applied) */
    uint32_t depth;         /* all reads with a base there, any allele */
} h2_allele_t;

#define H2_BAF_MIN_READS 3
#define H2_BAF_MIN_FRAC 0.05
#define H2_BAF_MAX_OTHER_FRAC 0.02

typedef struct {
    int n, m;
    h2_allele_t *a;         /* sorted by bin, then pos */
    uint64_t positions;     /* positions piled up with at least one counted base
                               (for the log and JSON) */
    int min_reads;          /* the het rule's thresholds that selected these
                               sites; 0 and 0.0 for a given site list (every */
    double min_frac;        /* site reported, no selection) */
} h2_alleles_t;

void h2_alleles_destroy(h2_alleles_t *a);

/* Fill x->base_a/base_b, n_a/n_b and depth from the counts of A, C, G, T at
 * one position (cnt[0..3]). The two alleles are a and b when both are given
 * ('A','C','G','T': a site's known alleles), else the two most frequent (ties
 * to the alphabetically first); they are stored in alphabetical order. */
void h2_allele_fill(const uint32_t cnt[4], char a, char b, h2_allele_t *x);

/* 1 when x (filled by h2_allele_fill without given alleles) passes the de
 * novo het rule above with these thresholds, else 0. */
int h2_allele_is_het(const h2_allele_t *x, int min_reads, double min_frac);

/* Minor-allele fraction of one site, min(n_a, n_b) / (n_a + n_b); NAN when
 * neither allele was read. Every writer that shows a site's fraction uses it. */
double h2_allele_maf(const h2_allele_t *x);

/* Per-bin summary of the sites: n_het[i] = sites of bin i with at least one
 * read of either allele, maf[i] = the median of their h2_allele_maf (NAN
 * without sites), for i in [0, n_bins). al may be NULL (every bin 0 / NAN).
 * The caller owns n_het and maf. Returns 0 or H2_ENOMEM. */
int h2_alleles_bin_maf(const h2_alleles_t *al, int n_bins, int *n_het, double *maf);

/* A list of SNP positions to pile up (from a VCF, or a normal's het sites). */
typedef struct {
    int contig;             /* index into the genome */
    hts_pos_t pos;          /* 0-based */
    char base_a, base_b;    /* the site's two alleles in alphabetical order, or
                               0 when unknown (multi-allelic, or conflicting
                               duplicates): then the two most frequent */
} h2_site_t;

typedef struct {
    int n, m;
    h2_site_t *s;           /* sorted by contig, pos; unique */
} h2_sites_t;

void h2_sites_destroy(h2_sites_t *s);

/* Read SNV sites from a VCF/BCF (plain or bgzipped; contig names matched
 * with h2_genome_find). A record is kept when REF and every ALT are single
 * bases A/C/G/T (indels, symbolic and "." alleles skip the record), its contig
 * is in rs->genome (others are skipped) and it falls inside a REF or CHR17
 * bin of rs. Sorted by contig, pos; one site per position. The caller owns
 * the result. NULL with err set and *rc (if rc) on failure (cannot open:
 * H2_EIO; malformed: H2_EINPUT; H2_ENOMEM). */
h2_sites_t *h2_sites_read_vcf(const char *path, const h2_regset_t *rs, h2_err_t *err, int *rc);

/* The positions of a (normal's) allele list as a site list, with the
 * alleles' bases. The caller owns the result. NULL on ENOMEM. */
h2_sites_t *h2_sites_from_alleles(const h2_alleles_t *a);

#endif
