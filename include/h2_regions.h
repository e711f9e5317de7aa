/* h2_regions.h -- the region set: which bins are counted and what each means.
 *
 * A region set is a list of bins, each with a role:
 *   GENE    a piece of a gene that is called (ERBB2 by default);
 *   NEIGHBOUR  a 17q12 neighbour of ERBB2 (MED1 ... TOP2A), counted for the
 *           amplicon picture but not called;
 *   LOCAL   dense bins tiling the window around the first gene (amplicon shape);
 *   CHR17   the gene contig's control bins, outside the 17q12-q21 window and
 *           the centromere. The dense WGS bins over the pericentromere
 *           (17p11.2-q11.2, the 4 Mb either side of the centromere of a
 *           built-in build) and panel targets there are named "cen17"
 *           (h2_bin_cen17): the sequencing analogue of the CEP17 probe; the
 *           others give the arms' copy numbers;
 *   REF     copy-neutral reference bins across the other autosomes (WGS) or the
 *           capture targets outside the gene contig window (panel);
 *   SEX     a few chrX/chrY bins (WGS) or the targets on chrX/chrY (panel), used
 *           only to infer the sample's sex; never part of the baseline.
 * Bins of different roles may overlap (GENE bins lie inside the LOCAL window). */
#ifndef H2_REGIONS_H
#define H2_REGIONS_H

#include "h2_genome.h"
#include "h2_bed.h"

typedef enum {
    H2_ROLE_GENE = 0,
    H2_ROLE_NEIGHBOUR,
    H2_ROLE_LOCAL,
    H2_ROLE_CHR17,
    H2_ROLE_REF,
    H2_ROLE_SEX,
    H2_N_ROLES
} h2_role_t;

typedef struct {
    int contig;             /* index into the region set's genome */
    hts_pos_t start, end;   /* 0-based half-open */
    h2_role_t role;
    int gene;               /* index into genes[] for GENE/NEIGHBOUR bins, else -1 */
    int cen17;              /* 1: a pericentromeric CHR17 bin (h2_bin_cen17) */
} h2_bin_t;

typedef struct {
    char *name;
    int contig;
    hts_pos_t start, end;   /* the whole gene, 0-based half-open */
    int called;             /* 1: a called gene (GENE bins); 0: a neighbour */
} h2_gene_t;

typedef struct {
    int panel;                  /* 1 when built from --targets */
    hts_pos_t ref_bin_size;     /* WGS reference/chr17 bin size (0 in panel mode) */
    hts_pos_t local_bin_size;   /* WGS local window bin size */
    int window_contig;          /* contig of genes[0] */
    hts_pos_t window_start, window_end;   /* excluded from CHR17 control */
    hts_pos_t local_start, local_end;     /* the LOCAL window */
    int peri_known;             /* 1: the window contig's centromere is known (built-in) */
    hts_pos_t cen_start, cen_end;         /* that centromere (0-based half-open) */
} h2_regparams_t;

typedef struct {
    const h2_genome_t *genome;  /* borrowed: must outlive the region set */
    h2_build_t build;
    h2_regparams_t par;
    int n_genes;
    h2_gene_t *genes;           /* called genes first (genes[0] anchors the window) */
    int n_called;
    int n_bins;
    h2_bin_t *bins;             /* sorted by contig, start, end, role */
} h2_regset_t;

/* Build the region set for genome g (whose build must be set: GRCH38, GRCH37
 * or CUSTOM). genes: NULL for the built-in ERBB2 (an error on CUSTOM builds).
 * targets: NULL for whole-genome mode. Gene and target contigs are matched
 * with h2_genome_find(); an unknown contig is an error.
 * Returns NULL with err set; *rc gets the H2_E* code when rc is non-NULL. */
h2_regset_t *h2_regions_build(const h2_genome_t *g, const h2_bed_t *genes,
                              const h2_bed_t *targets, h2_err_t *err, int *rc);

void h2_regions_destroy(h2_regset_t *rs);

/* "gene", "neighbour", "local", "chr17", "reference", "sex". */
const char *h2_role_name(h2_role_t role);

/* Name written in column 4 for bin i: the gene name for GENE/NEIGHBOUR bins,
 * "cen17" for pericentromeric CHR17 bins, else the role name. */
const char *h2_bin_name(const h2_regset_t *rs, int i);

/* 1 if bin i is a pericentromeric CHR17 bin (named "cen17"): a dense WGS
 * pericentromere bin, or a panel target in the pericentromere. */
int h2_bin_cen17(const h2_regset_t *rs, int i);
/* 'p' or 'q': the arm of the window contig bin i lies on; 0 when it is on
 * another contig, overlaps the centromere, or the centromere is unknown. */
int h2_bin_arm(const h2_regset_t *rs, int i);

/* Write the region set as BED: chrom, start, end, name, role. Returns 0 or H2_EIO. */
int h2_regions_write_bed(const h2_regset_t *rs, FILE *fp);

#endif
