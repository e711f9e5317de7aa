/* h2_cohort.h -- `her2cn cohort`: many `call --json` summaries (read with
 * h2_jsonread.h) into one table (TSV), an IGV SEG file of the genome-wide
 * segments, and one self-contained HTML page (README "her2cn cohort"). */
#ifndef H2_COHORT_H
#define H2_COHORT_H

#include <stdio.h>
#include "her2cn.h"

typedef struct {
    char *contig;
    long long start, end;   /* 1-based, inclusive (as the JSON) */
    int bins;
    double log2;
} h2_cohort_seg_t;

/* One sample: the first called gene (ERBB2) of one summary. Strings owned;
 * "NA" where the summary has no value. */
typedef struct {
    char *file, *sample, *gene, *her2, *basis, *ish, *ish_ci, *call, *filter, *qc;
    char *purity_source, *ploidy_source, *headline;
    double cn, cn_lo, cn_hi, chr17_cn, purity, purity_lo, purity_hi, ploidy, mapd;
    int n_segs;
    h2_cohort_seg_t *segs;  /* purity.segments, genome order */
} h2_cohort_row_t;

typedef struct {
    int n, m;
    h2_cohort_row_t *rows;
} h2_cohort_t;

/* Read one summary and append its row. H2_EIO (cannot read), H2_EINPUT (not
 * JSON, not a her2cn-call version 2 summary, a sample already read: the
 * message names the file(s)), H2_ENOMEM; err set. */
int h2_cohort_add(h2_cohort_t *c, const char *path, h2_err_t *err);
void h2_cohort_free(h2_cohort_t *c);

/* The QC status of a FILTER list: "PASS" (no filter), "WARN" (only the
 * interpretation filters PurityUnknown and HER2Uncertain), "FAIL" (any data
 * filter: LowDepth, FewBins, Noisy, NoReference, GCExtreme, or unknown). */
const char *h2_cohort_qc(const char *filters);

/* Writers: 0, or H2_EIO when a write failed. */
int h2_cohort_write_tsv(FILE *fp, const h2_cohort_t *c);
int h2_cohort_write_seg(FILE *fp, const h2_cohort_t *c);
int h2_cohort_write_html(FILE *fp, const h2_cohort_t *c);
/* MultiQC custom content (a table, `--mqc`: PREFIX.her2cn_cohort_mqc.tsv). */
int h2_cohort_write_mqc(FILE *fp, const h2_cohort_t *c);

#endif
