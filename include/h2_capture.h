/* h2_capture.h -- recognise capture (exome/panel) data given to whole-genome mode.
 *
 * Reads from a hybrid-capture or amplicon library pile up in islands (the
 * targets) a few hundred bases long; a whole-genome library covers every
 * mappable base. Called without --targets, capture data give absurd copy
 * numbers (the gene's targets against a baseline of reference bins that
 * hold few or no targets), so `her2cn call` stops instead.
 *
 * The statistic, per REF/CHR17 bin split into S equal pieces with read-start
 * counts x_1..x_S (n reads): the squared coefficient of variation of the
 * pieces' read rates, estimated without bias at any depth as
 *     C = S sum x_i (x_i - 1) / (n (n - 1)) - 1
 * (sum x(x-1)/(n(n-1)) is the unbiased estimate of sum p_i^2, Simpson 1949).
 * When reads fall uniformly (Poisson/multinomial sampling, any depth, 0.1x
 * included: empty pieces by chance do not raise it), E[C] = 0 and
 * SD(C) = sqrt(2 (S - 1) / (n (n - 1))). Reads confined to a fraction f of
 * the bin give C = 1/f - 1: 49 for one 1 kb island in 50 kb. A bin is an
 * island bin when n >= H2_CAPTURE_MIN_BIN_READS, C >= H2_CAPTURE_MIN_C
 * (reads in a third of the bin or less) and C >= H2_CAPTURE_Z SD(C).
 * The sample is capture data when the island bins hold at least
 * H2_CAPTURE_MIN_FRAC of the reads of all tested bins; with fewer than
 * H2_CAPTURE_MIN_READS reads in tested bins nothing is decided.
 *
 * A capture that failed (an off-target background as deep as a low-pass
 * genome) dilutes the islands of the few targets among the reference bins
 * below that share, yet the gene's own targets still pile up against a
 * background baseline. So the called genes' ~5 kb bins are tested too, the
 * same way (pieces of 100 bp): whole-genome reads of a gene, amplified or not,
 * are spread over its bins; exons pulled down by baits are islands. Only
 * bins with no more MAPQ-0 reads than passing reads are tested (normalise's
 * --max-mq0-frac default: a bin whose passing reads sit in a unique third is
 * MAPQ-0 dominated and not tested). The sample is capture data
 * when the island bins hold at least H2_CAPTURE_GENE_MIN_FRAC of the gene
 * bins' tested reads, with at least H2_CAPTURE_GENE_MIN_READS of them. A
 * breakpoint or deletion inside a gene makes at most its one or two bins
 * islands, far below that share. */
#ifndef H2_CAPTURE_H
#define H2_CAPTURE_H

#include <stdint.h>
#include "h2_count.h"

#define H2_CAPTURE_MIN_BIN_READS 10 /* fewer reads: the bin is not tested */
#define H2_CAPTURE_MIN_C 2.0        /* reads in <= 1/3 of the bin */
#define H2_CAPTURE_Z 6.0            /* and 6 null SDs above 0 */
#define H2_CAPTURE_MIN_FRAC 0.1     /* island bins' share of the tested reads */
#define H2_CAPTURE_MIN_READS 1000   /* tested reads needed to decide */
#define H2_CAPTURE_GENE_MIN_FRAC 0.5    /* gene bins: island share that stops */
#define H2_CAPTURE_GENE_MIN_READS 100   /* gene bins: tested reads to decide */

typedef struct {
    int n_tested, n_island;         /* bins tested, island bins among them */
    uint64_t reads_tested, reads_island;
    double frac;                    /* reads_island / reads_tested, NAN if none */
    int decided;                    /* 1: reads_tested >= H2_CAPTURE_MIN_READS */
    int capture;                    /* 1: decided and frac >= H2_CAPTURE_MIN_FRAC */
} h2_capture_t;

/* C of one bin's s piece counts x (NAN when n < 2); *sd gets SD(C) under
 * uniform sampling and *n the read count (either may be NULL). */
double h2_capture_excess(const uint32_t *x, int s, double *sd, uint64_t *n);

/* Start, add one bin's pieces to, and conclude the pooled test (the
 * reference-bin thresholds; h2_capture_finish_at with others). */
void h2_capture_init(h2_capture_t *cap);
void h2_capture_add(h2_capture_t *cap, const uint32_t *x, int s);
void h2_capture_finish(h2_capture_t *cap);
void h2_capture_finish_at(h2_capture_t *cap, uint64_t min_reads, double min_frac);

/* Both tests on the counts of path (a tumour, a matched normal or a panel
 * normal): 0 when whole-genome mode may go on (also in panel mode, where
 * nothing is tested), H2_EINPUT with a message naming path and -t when
 * either test says capture. With log_prefix, the numbers of both tests go
 * to stderr on one line ("PREFIX: capture check: ..."). */
int h2_capture_check(const h2_regset_t *rs, const h2_counts_t *c, const char *path,
                     const char *log_prefix, h2_err_t *err);

#endif
