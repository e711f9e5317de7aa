/* h2_validate.h -- compare calls (her2cn VCFs) with a truth table.
 *
 * truth.tsv (README "her2cn validate"): tab-separated, lines starting with
 * '#' ignored, columns
 *   sample  gene  true_cn  [true_class]
 * true_cn is the tumour copy number (a number >= 0); true_class is AMP, GAIN,
 * NEUTRAL or LOSS, or '.'/absent to derive it from true_cn with the call
 * thresholds (AMP >= amp_cn, GAIN >= gain_cn, LOSS <= loss_cn). Columns after
 * the fourth are ignored. A (sample, gene) pair may appear once.
 *
 * Calls are the gene records of her2cn VCFs (records with INFO/GENE; the
 * AMPLICON record is skipped), matched by the VCF sample name and INFO/GENE. */
#ifndef H2_VALIDATE_H
#define H2_VALIDATE_H

#include <stdio.h>
#include "her2cn.h"
#include "h2_estimate.h"

typedef struct {
    char *sample, *gene;
    double cn;
    int cls;                /* h2_call_t */
} h2_truth_row_t;

typedef struct {
    int n;
    h2_truth_row_t *rows;
} h2_truth_t;

/* Read truth.tsv; th gives the thresholds for derived classes. NULL with err
 * set and *rc = H2_EIO (cannot open) or H2_EINPUT (malformed, with the line). */
h2_truth_t *h2_truth_read(const char *path, const h2_call_opt_t *th, h2_err_t *err, int *rc);
void h2_truth_destroy(h2_truth_t *t);

typedef struct {
    char *sample, *gene, *file;
    int cls;                /* h2_call_t */
    double cn, lo, hi;      /* NAN when missing */
    int pass;               /* FORMAT/FT (old VCFs: FILTER) PASS */
} h2_callrec_t;

typedef struct {
    int n, cap;
    h2_callrec_t *r;
} h2_calls_t;

/* Append the gene records of one VCF/BCF. Returns 0, or H2_EIO / H2_EINPUT
 * (not a VCF, no sample column, no FORMAT/CALL, a (sample, gene) seen twice):
 * every sample of a multi-sample file (bcftools merge) that has a call. */
int h2_calls_read_vcf(const char *path, h2_calls_t *c, h2_err_t *err);
void h2_calls_free(h2_calls_t *c);

/* Parse "AMP", "GAIN", "NEUTRAL", "LOSS" (any case). -1 if none. */
int h2_call_parse(const char *s);

typedef struct {
    int n_truth, matched, missing, unmatched, filtered;
    int confusion[4][4];    /* [truth class][called class], h2_call_t order */
    int tp, fp, tn, fn;
    double sens, spec, ppv, npv;        /* NAN when the denominator is 0 */
    double med_abs_pct_err; int n_err;  /* over matched rows with true CN > 0 and a CN */
    double coverage; int n_cov, n_covered;  /* CICN covers the true CN */
} h2_valid_t;

/* Match truth rows with calls and compute the metrics. positive: bit mask of
 * h2_call_t classes that count as positive (1u << H2_CALL_AMP by default).
 * pass_only: a call with a FILTER other than PASS counts as missing.
 * rows: when non-NULL, one "ROW" line per truth row is written to it. */
void h2_validate(const h2_truth_t *t, const h2_calls_t *c, unsigned positive, int pass_only,
                 h2_valid_t *v, FILE *rows);

/* Write the report (README "her2cn validate"). Returns 0 or H2_EIO. */
int h2_valid_write(FILE *fp, const h2_valid_t *v, unsigned positive);

#endif
