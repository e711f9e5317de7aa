/* h2_vcf.h -- the VCF/BCF writer (htslib vcf.h). The per-bin TSV is in h2_binstsv.h. */
#ifndef H2_VCF_H
#define H2_VCF_H

#include "h2_estimate.h"

typedef struct {
    const char *sample;     /* sample column name */
    const char *reference;  /* FASTA path (for ##reference and REF bases) or NULL */
    const char *input;      /* input path, for a header line */
    const char *cmdline;    /* full command line, for ##her2cnCommand */
    char mode[4];           /* htslib write mode: "w" (vcf), "wz" (vcf.gz), "wb" (bcf) */
    int index;              /* build an index after writing (vcf.gz: .tbi, bcf: .csi) */
    const h2_call_opt_t *copt;  /* thresholds, for header documentation (required) */
    const char *const *extra_hdr; /* further complete "##key=value" header lines */
    int n_extra_hdr;
} h2_vcf_opt_t;

/* Write one record per gene of e, and the AMPLICON records, sorted by contig
 * and position, to `path` ("-" = stdout) as VCF 4.4: site facts in INFO, the
 * sample's in FORMAT (docs/VCF.md). Contigs (##contig) come from rs->genome.
 * POS is the padding base before the gene; REF is that base from the FASTA
 * when opt->reference is set, else 'N'.
 * Returns 0 or a negative H2_E* with err set. */
int h2_vcf_write(const char *path, const h2_vcf_opt_t *opt, const h2_regset_t *rs,
                 const h2_counts_t *c, const h2_norm_t *nm,
                 const h2_estimates_t *e, h2_err_t *err);

/* 1 when name may be a VCF contig ID (VCF 4.3 section 1.4.7: no comma,
 * angle bracket, quote, white space...), else 0. Such contigs are left out of
 * the header; a called gene on one is an error (H2_EINPUT). */
int h2_vcf_contig_ok(const char *name);

/* Pick the write mode from a file name: ".vcf.gz"/".vcf.bgz" -> "wz",
 * ".bcf" -> "wb", anything else (including "-") -> "w". */
void h2_vcf_mode_from_name(const char *path, char mode[4]);

#endif
