/* h2_summary.h -- everything a report writer needs about one finished call,
 * gathered in one read-only struct, and the writers that use it:
 * JSON (src/json.c), MultiQC custom content (src/mqc.c), CNVkit .cnr
 * (src/cnr.c), SVG plot (src/plot.c) and the HTML report (src/report.c).
 *
 * All pointers are borrowed. Optional results (filled only when the stage that
 * computes them exists and ran) are marked "optional": a writer emits them only
 * when present, so adding them later needs no change to the file formats'
 * existing fields. */
#ifndef H2_SUMMARY_H
#define H2_SUMMARY_H

#include <stdio.h>
#include "h2_estimate.h"

/* An amplicon segment found by segmentation (optional). 0-based half-open. */
typedef struct {
    int present;            /* 0: no segment known */
    int contig;             /* index into rs->genome */
    hts_pos_t start, end;
    double log2;            /* segment mean log2 ratio */
    double cn;              /* its copy number (NAN if unknown) */
} h2_segment_t;

typedef struct {
    const char *sample;
    const char *input;          /* input path */
    const char *reference;      /* FASTA path or NULL */
    const char *cmdline;        /* full command line or NULL */
    const char *normalisation;  /* "tumour-only" (median of reference bins), ... */
    const h2_regset_t *rs;
    const h2_counts_t *c;
    const h2_gc_t *gc;          /* NULL without -f */
    const h2_norm_t *nm;
    const h2_estimates_t *e;
    const h2_call_opt_t *copt;
    /* optional, per called gene (index as e->g), NULL when not computed: */
    const char *const *ish_group;   /* e.g. "1".."5" (ASCO/CAP 2018 analogue) */
    const h2_segment_t *segment;    /* amplicon segment per gene */
} h2_summary_t;

/* Fill the required fields; optional ones become NULL. */
void h2_summary_init(h2_summary_t *s, const char *sample, const char *input,
                     const char *reference, const char *cmdline, const h2_regset_t *rs,
                     const h2_counts_t *c, const h2_gc_t *gc, const h2_norm_t *nm,
                     const h2_estimates_t *e, const h2_call_opt_t *copt);

/* "PASS" or the FILTER names joined by `sep` into ks (cleared first). */
void h2_summary_filters(unsigned filters, const char *sep, kstring_t *ks);

/* Writers. Each writes to `fp` (which the caller opened and closes) and
 * returns 0, or H2_EIO when a write failed. */
int h2_json_write(FILE *fp, const h2_summary_t *s);
int h2_mqc_write(FILE *fp, const h2_summary_t *s);      /* section: one row per gene */
int h2_mqc_gs_write(FILE *fp, const h2_summary_t *s);   /* general-stats row */
int h2_cnr_write(FILE *fp, const h2_summary_t *s);
int h2_plot_write(FILE *fp, const h2_summary_t *s);
int h2_report_write(FILE *fp, const h2_summary_t *s);

/* The plot as an <svg> element (no XML declaration) appended to ks, for the
 * SVG file and for inlining in the HTML report (which has its own headline:
 * with_headline 0 leaves the plot's out). Returns 0 or H2_ENOMEM. */
int h2_plot_svg(const h2_summary_t *s, int with_headline, kstring_t *ks);

/* log2 ratio that tumour copy number cn gives at the summary's purity and
 * ploidy (the inverse of h2_cn_from_ratio): log2((p cn + 2 (1-p)) / P). */
double h2_summary_log2_of_cn(const h2_summary_t *s, double cn);

/* Append v printed with fmt (one double conversion) to ks, or "NA" when v is
 * not finite. */
void h2_ksprint_num(kstring_t *ks, const char *fmt, double v);

/* Append s to ks with &, <, >, " and ' escaped for XML/HTML. */
void h2_xml_escape(const char *s, kstring_t *ks);

/* Open `path` ("-" = stdout), run `writer`, and close, reporting a failed
 * open/write/close as H2_EIO with err set. */
int h2_summary_write_file(const char *path, int (*writer)(FILE *, const h2_summary_t *),
                          const h2_summary_t *s, h2_err_t *err);

#endif
