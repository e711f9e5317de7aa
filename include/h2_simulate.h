/* h2_simulate.h -- synthetic alignments with a known copy-number profile.
 *
 * Reads are single-end, fixed length, all-match CIGAR, placed uniformly at a
 * density proportional to purity * CN_tumour + (1 - purity) * 2 relative to a
 * CN-2 region of depth `depth`. Output is coordinate-sorted and indexed.
 *
 * Every read carries one diploid genome: a reference (the synthetic FASTA, or
 * without one a hash of (ref seed, contig, position)) with germline
 * heterozygous SNPs on haplotype B. A read comes from haplotype B with the
 * probability h2_sim_hap_b_frac() gives for its segment, and carries
 * sequencing errors at the rate its base qualities state. */
#ifndef H2_SIMULATE_H
#define H2_SIMULATE_H

#include <stdint.h>
#include "h2_genome.h"
#include "h2_bed.h"

typedef struct {
    int contig;             /* index into the genome */
    hts_pos_t start, end;   /* 0-based half-open */
    double cn;              /* tumour copy number in this segment */
    double minor;           /* tumour copies of haplotype B, 0..cn (the rest are
                             * haplotype A); the CLI defaults it to floor(cn/2) */
    double ccf;             /* cancer-cell fraction with this state, in (0, 1]; the
                             * other tumour cells keep the state underneath (the
                             * earlier segments', else CN 2 minor 1). 0 means 1
                             * (clonal), so zero-initialised segments are clonal */
} h2_sim_seg_t;

typedef struct {
    double depth;           /* mean depth at CN 2 [1.0] */
    double purity;          /* tumour fraction [1.0] */
    int read_len;           /* [150] */
    int n_segs;
    h2_sim_seg_t *segs;     /* tumour CN segments; elsewhere CN 2, minor 1 */
    int wgd;                /* whole-genome doubling: every tumour CN and minor
                             * (background included) x 2 after segments resolve [0] */
    double het_rate;        /* germline heterozygous SNPs per base, [0, 1) [1/1500] */
    const h2_bed_t *regions;/* simulate only inside these (padded by read_len), or NULL = whole genome */
    const h2_bed_t *targets;/* panel: reads only from targets (value column = capture efficiency), or NULL */
    double capture_sd;      /* panel: efficiency = 1 + U(-capture_sd, capture_sd) when no value column [0] */
    double dup_frac;        /* fraction of extra reads written as duplicates (flag 1024) [0.02] */
    double mq0_frac;        /* fraction of extra reads written with MAPQ 0 [0.02] */
    double gc_bias;         /* depth multiplier 1 + gc_bias * (gc - 0.42) * 10 (needs FASTA) [0] */
    uint64_t seed;          /* [1] */
    uint64_t ref_seed;      /* seed of the synthetic reference (bases, GC), when ref_seed_set */
    int ref_seed_set;       /* 0: the reference comes from seed [0] */
    uint64_t individual;    /* germline genotypes of this person, when individual_set:
                             * sites shared by all individuals, genotypes
                             * 0/0, 0/1, 1/1 per person (simulate.c, pop_site) */
    int individual_set;     /* 0: het sites only, from the reference seed [0] */
    const char *snps_out;   /* write the population's SNP sites (VCF) here, or NULL */
    const char *sample;     /* @RG SM [SIMULATED] */
    const char *fasta_out;  /* write a synthetic FASTA (+ .fai) here; required for CRAM */
    /* Called once the FASTA is complete, before the reads are written (the
     * command renames it into place there); then the CRAM is encoded against
     * fasta_ref (NULL: fasta_out), which its @SQ UR names. With fasta_done
     * the caller also removes the FASTA on failure. */
    int (*fasta_done)(void *ctx, h2_err_t *err);
    void *fasta_ctx;
    const char *fasta_ref;
    int threads;
    int level;              /* BAM compression level 0..9 [1]; CRAM/SAM ignore it */
    int n_gc_regions;
    const h2_sim_seg_t *gc_regions; /* reference GC override (needs FASTA): a 5 kb
                             * chunk whose midpoint lies in one gets G+C fraction
                             * `cn` (in [0, 1]) instead of ~N(0.41, 0.06); the
                             * last region listed wins; minor unused */
    /* What real libraries have (README "her2cn simulate", "Realistic noise");
     * every default leaves the output byte-identical to a simulation without them. */
    double allele_rho;      /* allele overdispersion: each het site's haplotype-B
                             * fraction ~ Beta with the model fraction as mean and
                             * intra-class correlation rho, in [0, 1) [0] */
    double depth_noise_sd;  /* technical depth residual: log2 depth offset ~ N(0, sd)
                             * per block, both haplotypes alike [0] */
    hts_pos_t depth_noise_block; /* block length in bp; 0 = the chromosome arm
                             * (built-in builds; a custom genome's contig) [0] */
    double gc_wave_amp;     /* low-frequency wave: depth x 2^(amp sin(2 pi x / period
                             * + phase of the contig)), log2 amplitude [0] */
    hts_pos_t gc_wave_period;   /* wave period in bp, >= 100 kb [5,000,000] */
} h2_sim_opt_t;

void h2_sim_opt_init(h2_sim_opt_t *o);

/* --individual: the mean heterozygosity 2p(1-p) over site frequencies p ~
 * U(0.05, 0.5); sites are het_rate / H2_SIM_POP_HET per base, so a person
 * still has about het_rate het sites per base. */
#define H2_SIM_POP_HET 0.365

/* The tumour state of a segment over the state `*cn`, `*minor` under it:
 * clonal (ccf 0 or 1) replaces it, a subclone mixes it linearly,
 * ccf * seg + (1 - ccf) * under (expected copies per tumour cell). */
void h2_sim_seg_apply(const h2_sim_seg_t *seg, double *cn, double *minor);

/* Probability that a read from a segment comes from haplotype B: tumour
 * cells (fraction purity) carry `minor` copies of B out of `cn`, normal cells
 * one of two: (p*minor + (1-p)) / (p*cn + 2(1-p)). 0 when no cell has a copy. */
double h2_sim_hap_b_frac(double purity, double cn, double minor);

/* Write the alignments to `out` (.bam, .cram or .sam by extension) and index
 * them (.bai for BAM, .crai for CRAM). Returns 0 or negative with err set. */
int h2_simulate(const h2_genome_t *g, const h2_sim_opt_t *o, const char *out,
                h2_err_t *err);

/* What a simulation wrote (for the command's summary line and for tests). */
typedef struct {
    uint64_t n_reads;       /* primary reads: what the default filters count */
    uint64_t n_dup;         /* extra duplicate reads (flag 1024) */
    uint64_t n_mq0;         /* extra MAPQ-0 reads */
} h2_sim_stats_t;

/* h2_simulate() that also fills *st (when non-NULL) on success. */
int h2_simulate_stats(const h2_genome_t *g, const h2_sim_opt_t *o, const char *out,
                      h2_sim_stats_t *st, h2_err_t *err);

#endif
