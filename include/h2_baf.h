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
 * (the phase is unknown): a consumer uses min(n_a, n_b) or a symmetric model. */
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

typedef struct {
    int n, m;
    h2_allele_t *a;         /* sorted by bin, then pos */
    uint64_t positions;     /* positions piled up (for the log and JSON) */
    /* The de novo het rule the sites passed: a site is reported when
     * min(n_a, n_b) >= max(min_reads, ceil(min_frac * depth)). min_reads 0:
     * given sites, reported whatever their counts (no conditioning). */
    int min_reads;
    double min_frac;
} h2_alleles_t;

void h2_alleles_destroy(h2_alleles_t *a);

/* A list of SNP positions to pile up (from a VCF, or a normal's het sites). */
typedef struct {
    int contig;             /* index into the genome */
    hts_pos_t pos;          /* 0-based */
} h2_site_t;

typedef struct {
    int n, m;
    h2_site_t *s;           /* sorted by contig, pos; unique */
} h2_sites_t;

void h2_sites_destroy(h2_sites_t *s);

/* Read SNV sites from a VCF/BCF (plain or bgzipped; indels and symbolic
 * alleles skipped; contig names matched with h2_genome_find). Only sites that
 * fall inside REF or CHR17 bins of rs are kept. NULL with err set on failure
 * (cannot open: H2_EIO; malformed: H2_EINPUT). */
h2_sites_t *h2_sites_read_vcf(const char *path, const h2_regset_t *rs, h2_err_t *err, int *rc);

/* The positions of a (normal's) allele list as a site list. NULL on ENOMEM. */
h2_sites_t *h2_sites_from_alleles(const h2_alleles_t *a);

#endif
