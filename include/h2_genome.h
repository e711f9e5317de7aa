/* h2_genome.h -- genome builds, build detection and contig name matching. */
#ifndef H2_GENOME_H
#define H2_GENOME_H

#include <htslib/faidx.h>
#include <htslib/sam.h>
#include "her2cn.h"

typedef enum {
    H2_BUILD_UNKNOWN = 0,
    H2_BUILD_GRCH38,
    H2_BUILD_GRCH37,
    H2_BUILD_CUSTOM     /* any other genome: region set derived from header */
} h2_build_t;

/* One contig as the region set and the simulator see it. */
typedef struct {
    char *name;
    hts_pos_t len;      /* 0: ignored (h2_genome_ignore) */
} h2_contig_t;

/* A genome: its build and contigs in the order of the BAM header (or of the
 * built-in table). Owns all strings. */
typedef struct {
    h2_build_t build;
    int n_contigs;
    h2_contig_t *contigs;
} h2_genome_t;

/* Built-in facts, from public tables (bedtools genome files, UCSC centromere
 * tables, Ensembl gene table; README "Region set"). Coordinates are 0-based
 * half-open. */
typedef struct {
    const char *name;   /* gene symbol */
    hts_pos_t start, end;
} h2_builtin_gene_t;

/* A chromosome of a built-in build: its length and its centromere. */
typedef struct {
    hts_pos_t len;
    hts_pos_t cen_start, cen_end;   /* 0-based half-open */
} h2_chrom_t;

typedef struct {
    h2_build_t build;
    const char *label;              /* "GRCh38" */
    int n_auto;                     /* 22 */
    const h2_chrom_t *chrom;        /* [0..23]: chr1..chr22, chrX, chrY */
    hts_pos_t chr17_len;
    hts_pos_t window_start, window_end; /* 17q12-q21 excluded from chr17 control */
    int n_genes;                    /* genes[0] is ERBB2; the rest 17q12 neighbours */
    const h2_builtin_gene_t *genes;
} h2_builtin_t;

/* The built-in table for GRCh38 or GRCh37, or NULL for any other build. */
const h2_builtin_t *h2_builtin_get(h2_build_t build);

/* "GRCh38" / "GRCh37" / "custom" / "unknown". */
const char *h2_build_name(h2_build_t build);

/* Parse "GRCh38", "hg38", "GRCh37", "hg19", "b37", "auto" (-> UNKNOWN),
 * case-insensitively. Returns 0 or -1 for an unknown name. */
int h2_build_parse(const char *s, h2_build_t *out);

/* Detect the build from the length of chr17/17 in a genome; H2_BUILD_CUSTOM
 * when there is no chr17/17 of a known length. */
h2_build_t h2_build_detect(const h2_genome_t *g);

/* Genome from a BAM/CRAM header. NULL on allocation failure. */
h2_genome_t *h2_genome_from_header(const sam_hdr_t *hdr);

/* The longest contig her2cn takes (1.1 Tb): far above any genome's, low
 * enough that bin arithmetic on it cannot overflow. A header's LN of 10^23
 * reaches her2cn as INT64_MAX (issue 20, the fuzz pass). */
#define H2_CONTIG_MAX_LEN ((hts_pos_t)1 << 40)

/* 0, or H2_EINPUT with err set ("WHAT": contig ... is N bp long) when a
 * contig of g is longer than H2_CONTIG_MAX_LEN or negative. */
int h2_genome_check_lengths(const h2_genome_t *g, const char *what, h2_err_t *err);

/* Genome of a built-in build with "chr" names (chr_prefix=1) or bare names
 * ("17", chr_prefix=0); chr1..22, X, Y. NULL for a non built-in build. */
h2_genome_t *h2_genome_builtin(h2_build_t build, int chr_prefix);

/* Genome from a two-column "name<TAB>length" file (like a .fai or .genome).
 * NULL with err set on failure. */
h2_genome_t *h2_genome_load(const char *path, h2_err_t *err);

void h2_genome_destroy(h2_genome_t *g);

/* Contig names: the one matching rule every caller uses. A leading "chr" (any
 * case) is optional and the rest compares exactly, so "chr17" == "17" ==
 * "CHR17", "chrUn_x" == "Un_x", "chromosome1" != "1"; the mitochondrion
 * "chrM" == "M" == "MT" == "chrMT". */

/* `name` without a leading "chr" (any case); a pointer into `name`. */
const char *h2_contig_bare(const char *name);

/* 1 if a and b name the same contig under the rule above, else 0. */
int h2_contig_name_eq(const char *a, const char *b);

/* The i-th name of a set of contig names (a genome, a faidx, a VCF header). */
typedef const char *(*h2_name_at_f)(const void *set, int i);

/* Index in `set` (n names, read through name_at) of the contig `name`: an
 * exact match first, else the first name equal under the rule. -1 if absent. */
int h2_contig_lookup(const char *name, int n, h2_name_at_f name_at, const void *set);

/* 1 and the pair (a < b) when two contigs of g, one of them an autosome,
 * X or Y, are one chromosome under the rule but spelled differently ("17"
 * and "chr17"); 0 if there is no such pair. */
int h2_genome_same_name_pair(const h2_genome_t *g, int *a, int *b);

/* Ignore contig i of g: its length becomes 0, so no bin is placed on it
 * and no lookup finds it; it keeps its place (contig i is still tid i). */
void h2_genome_ignore(h2_genome_t *g, int i);

/* Index of a contig in g matching `name` (h2_contig_lookup). -1 if absent. */
int h2_genome_find(const h2_genome_t *g, const char *name);

/* The sequence name in `fai` of the contig `name` (h2_contig_lookup), owned
 * by fai; NULL if absent. */
const char *h2_fai_contig(const faidx_t *fai, const char *name);

/* Where the p arm of contig c ends (its centromere's start) when g is a
 * built-in build (h2_build_detect) and contig c one of its chromosomes of
 * the built-in length; -1 otherwise (no known centromere). */
hts_pos_t h2_genome_arm_split(const h2_genome_t *g, int c);

/* 1 if the contig name looks like an autosome or chr17-like primary contig
 * (not X, Y, M/MT, and not unplaced/alt/random/decoy/HLA/EBV). */
int h2_contig_is_autosome_like(const char *name);

#endif
