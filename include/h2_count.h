/* h2_count.h -- per-bin aligned bases and read counts from a BAM/CRAM/SAM.
 *
 * For each bin: bases = sum over passing reads of the reference bases covered
 * by CIGAR M/=/X operations inside the bin (D and N are not counted, as
 * `samtools bedcov -j`); reads = number of passing reads with at least one
 * such base inside the bin; mq0 = reads that pass the flag filter but have
 * MAPQ 0 (counted whatever min_mq is, for QC).
 *
 * With baf on, the same pass also piles up the bases of the passing reads in
 * the REF and CHR17 bins (the genome-wide sample) and returns allele counts:
 * at heterozygous positions found de novo, or at every given site with a
 * base (h2_baf.h).
 *
 * Implausible records are not counted (n_implausible): more aligned (M/=/X)
 * bases than the record has query bases (htslib 1.16 already refuses that in
 * SAM and BAM: kept for other sources), or, with SEQ `*` (no sequence to
 * hold the CIGAR to), more than H2_NOSEQ_MAX_ALIGNED. Only aligned bases
 * are limited: a long D or N (a deletion, a spliced read's intron) adds no
 * depth, so a spliced RNA read spanning 500 kb is counted as usual. */
#ifndef H2_COUNT_H
#define H2_COUNT_H

#include <stdint.h>
#include "h2_regions.h"
#include "h2_baf.h"

#define H2_DEFAULT_EXCLUDE_FLAGS (BAM_FUNMAP | BAM_FSECONDARY | BAM_FQCFAIL | \
                                  BAM_FDUP | BAM_FSUPPLEMENTARY)

/* The most aligned bases a record without a sequence (SEQ `*`) may have:
 * 100 kb, above nearly all long reads (ultra-long nanopore libraries have an
 * N50 near 100 kb); a short-read file stripped of SEQ is far below it. */
#define H2_NOSEQ_MAX_ALIGNED 100000

typedef struct {
    int min_mq;             /* skip reads with MAPQ below this [20] */
    int exclude_flags;      /* skip reads with any of these flags [3844] */
    int threads;            /* total threads: up to 4 region workers, the rest a
                               shared decompression pool [1] */
    const char *reference;  /* FASTA for CRAM decoding, or NULL */
    int baf;                /* 1: pile up alleles in REF/CHR17 bins [0] */
    int min_bq;             /* bases below this base quality are not piled [20] */
    const h2_sites_t *sites;  /* borrowed; NULL: find het sites de novo; else
                               pile up exactly these positions and report each
                               one with depth >= 1, het or not */
    hts_pos_t baf_span;     /* de novo only: pile up this many bases from the
                               start of each REF/CHR17 bin, 0 = the whole bin
                               [H2_BAF_SPAN] */
    char *const *read_groups; /* borrowed; n_read_groups > 0: count only the
                               records whose RG tag is one of these IDs (one
                               sample of a multi-sample file) [none: all] */
    int n_read_groups;
} h2_count_opt_t;

/* Default baf_span: the first 10 kb of each 50 kb WGS bin, about 13.5 Mb on
 * GRCh38 (~9,000 het SNPs at one per 1.5 kb). Whole bins doubled the counting
 * time at 30x; 10 kb adds about 20% (README "Allele fractions"). */
#define H2_BAF_SPAN 10000

void h2_count_opt_init(h2_count_opt_t *o);

/* Pieces per bin for h2_counts_t.sub: 1 kb pieces of the 50 kb WGS bins. */
#define H2_SUBBINS 50

typedef struct {
    int n_bins;
    uint64_t *bases;
    uint64_t *reads;
    uint64_t *mq0;
    uint64_t n_records;     /* records read (before filters), for the log */
    uint64_t n_implausible; /* records passing the filters but not counted: more
                               aligned bases than they can hold (see above) */
    int streamed;           /* 1 if the file had no index and was read whole (SAM) */
    h2_alleles_t *alleles;  /* baf on: the allele list (owned); else NULL */
    int baf_unsorted;       /* baf on, but the (streamed SAM) input was not sorted
                               by coordinate: no allele counts (alleles NULL) */
    uint64_t *sub_bases;    /* REF bins' aligned bases per GC sub-piece:
                               [i * H2_GC_SUBS + k], k < h2_bin_subpieces(); NULL
                               when not counted (counts read from a bins TSV) */
    uint32_t *sub;          /* whole-genome mode: for each bin, H2_SUBBINS counters of
                               the passing reads that start in that piece of a REF,
                               CHR17 or GENE bin (bin i at sub[i * H2_SUBBINS]; 0 elsewhere),
                               for the capture check (h2_capture.h); panel mode: NULL */
    uint64_t bytes_read;    /* bytes fetched from the alignment file (compressed; its
                               index not included), summed over the workers' handles:
                               the one figure that can change with -@ (each handle
                               reads the header; neighbours share boundary blocks; a
                               decompression pool reads ahead) */
    int bytes_known;        /* 0 when bytes_read could not be counted */
} h2_counts_t;

/* GC sub-pieces: a bin at least twice H2_GC_PIECE long (the size of the
 * GENE pieces, regions.c) is cut into n = min(H2_GC_SUBS, length /
 * H2_GC_PIECE) equal pieces, so that the GC correction can be fitted and
 * applied at the scale of the gene's pieces (normalise.c). */
#define H2_GC_PIECE 10000
#define H2_GC_SUBS 8

/* Number of sub-pieces of bin b (0: too short to cut) and, when edges is not
 * NULL, their bounds edges[0..n] (edges[0] = start, edges[n] = end). */
int h2_bin_subpieces(const h2_bin_t *b, hts_pos_t *edges);

/* Count the bins of rs in the alignment file `path`. rs contig indices refer
 * to rs->genome, which must be the genome of this file's header (contig i ==
 * header tid i). Every worker opens its own handle; results are merged in bin
 * order so they do not depend on o->threads.
 * Errors (err set, NULL returned, *rc = H2_E*): cannot open, no index (BAM,
 * CRAM, bgzipped SAM), CRAM without reference, truncated/corrupt data, and
 * with baf on an unindexed SAM that is not sorted by coordinate. */
h2_counts_t *h2_count_run(const char *path, const h2_regset_t *rs,
                          const h2_count_opt_t *o, h2_err_t *err, int *rc);

void h2_counts_destroy(h2_counts_t *c);

#endif
