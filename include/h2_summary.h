/* h2_summary.h -- everything a report writer needs about one finished call,
 * gathered in one read-only bundle of pointers, and the writers that use it:
 * JSON (src/json.c), MultiQC custom content (src/mqc.c), CNVkit .cnr
 * (src/cnr.c), SVG plot (src/plot.c) and the HTML report (src/report.c); the
 * helpers they share are in src/summary.c.
 *
 * All pointers are borrowed. The results themselves (the ISH-like group, the
 * amplicon of genes[0], the purity fit) are read from the estimates, e: the
 * bundle holds no copy of them. */
#ifndef H2_SUMMARY_H
#define H2_SUMMARY_H

#include <stdio.h>
#include "h2_estimate.h"

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
    const struct h2_identity_s *identity;   /* --snps filter, normal identity; or NULL */
} h2_summary_t;

/* Fill every field; normalisation starts as "tumour-only". */
void h2_summary_init(h2_summary_t *s, const char *sample, const char *input,
                     const char *reference, const char *cmdline, const h2_regset_t *rs,
                     const h2_counts_t *c, const h2_gc_t *gc, const h2_norm_t *nm,
                     const h2_estimates_t *e, const h2_call_opt_t *copt);

/* "PASS" or the FILTER names joined by `sep` into ks (cleared first). */
void h2_summary_filters(unsigned filters, const char *sep, kstring_t *ks);

/* The HER2 status headline of one gene's estimate, plain UTF-8 text (callers
 * escape it for XML/HTML): the status first, then the copy number, e.g.
 *   "HER2 AMPLIFIED (ISH-like group 1, dual-probe basis) — ERBB2 copy number 19.7 [18.5-21.1]"
 * FILTER HER2Uncertain adds ", uncertain: CI also allows NOT_AMPLIFIED" (or
 * AMPLIFIED: the CN interval reaches the opposite status), PurityUnknown ",
 * purity unknown: CN a lower bound" (CN at purity 1); no status gives "HER2
 * status not estimated", no CN "— ERBB2: no usable gene bins". The status is
 * named "HER2" for ERBB2, after the gene for any other gene. Shared by the SVG plot, the HTML report and the JSON
 * (`headline`), so they cannot disagree. Clears ks first. */
void h2_her2_headline(const h2_estimate_t *g, kstring_t *ks);

/* CSS/SVG colour of a HER2 status: AMPLIFIED red, EQUIVOCAL orange,
 * NOT_AMPLIFIED dark grey, NA grey. */
const char *h2_her2_colour(h2_her2_t h);

/* Writers. Each writes to `fp` (which the caller opened and closes) and
 * returns 0, or H2_EIO when a write failed. */
int h2_json_write(FILE *fp, const h2_summary_t *s);
int h2_mqc_write(FILE *fp, const h2_summary_t *s);      /* section: one row per gene */
int h2_mqc_gs_write(FILE *fp, const h2_summary_t *s);   /* general-stats row */
int h2_mqc_plot_write(FILE *fp, const h2_summary_t *s); /* CN bar plot, HER2 colours */
int h2_cnr_write(FILE *fp, const h2_summary_t *s);
int h2_plot_write(FILE *fp, const h2_summary_t *s);
int h2_report_write(FILE *fp, const h2_summary_t *s);

/* The plot as an <svg> element (no XML declaration) appended to ks, for the
 * SVG file and for inlining in the HTML report (which has its own headline:
 * with_headline 0 leaves the plot's out). Returns 0 or H2_ENOMEM. */
int h2_plot_svg(const h2_summary_t *s, int with_headline, kstring_t *ks);

/* log2 ratio that tumour copy number cn gives under the estimates' model
 * (e->model: purity, ploidy, centre): log2 of h2_model_ratio, the inverse of
 * h2_model_cn. */
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
