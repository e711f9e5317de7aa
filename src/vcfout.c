/* vcfout.c -- the VCF/BCF writer (through htslib vcf.h only); the per-bin TSV is binstsv.c.
 *
 * VCF 4.4. One record per called gene: a symbolic <CNV> from the padding base
 * before the gene to its end, INFO with what every sample shares at that site
 * (gene, END, SVTYPE, SVLEN), and one sample column with everything measured:
 * copy number and its interval, the call, context, HER2, the chr17 control,
 * the sample's filter (FT), purity and ploidy. AMPLICON records (<DUP>,
 * IMPRECISE) for the amplified segments of the local window. Other
 * sample-level numbers (baseline, MAPD, thresholds) go into ##her2cn* header
 * lines. The layout is documented in docs/VCF.md. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <htslib/faidx.h>
#include <htslib/kstring.h>
#include <htslib/vcf.h>
#include "h2_genome.h"
#include "h2_remote.h"
#include "h2_vcf.h"

/* QUAL is capped: a deep amplification gives p-values that underflow, and
 * "QUAL=inf" or 1e300 carries no information a filter could use. */

/* The layout (README "VCF", docs/VCF.md): a record is a site, and INFO holds
 * only what is the same for every sample at that site (the gene, END, SVTYPE,
 * SVLEN; for an AMPLICON record its genes, SECONDARY and the boundaries'
 * intervals), so that `bcftools merge` of several samples gives one line per
 * gene with every sample's own values. Everything measured on the sample (CN,
 * the call, HER2, the chr17 control, the per-sample filter FT, purity and
 * ploidy) is in FORMAT. POS is the padding base before the gene (VCF 4.4
 * symbolic alleles), SVLEN = END - POS. */
static const char *const fixed_hdr_lines[] = {
    "##ALT=<ID=CNV,Description=\"Copy number of a called gene, whatever it is (FORMAT CN, and CALL for the call): every gene record has this one ALT, so that records of several samples merge into one line\">",
    "##ALT=<ID=DUP,Description=\"Copy number gain: an amplified segment (AMPLICON record)\">",
    "##INFO=<ID=END,Number=1,Type=Integer,Description=\"Last base of the gene or amplicon (1-based, inclusive)\">",
    "##INFO=<ID=SVLEN,Number=A,Type=Integer,Description=\"END - POS: the length of the gene or amplicon (POS is the padding base before it)\">",
    "##INFO=<ID=SVTYPE,Number=1,Type=String,Description=\"Type of structural variant: CNV (gene record) or DUP (AMPLICON record)\">",
    "##INFO=<ID=GENE,Number=1,Type=String,Description=\"Gene symbol (gene records)\">",
    "##INFO=<ID=IMPRECISE,Number=0,Type=Flag,Description=\"Boundaries known to a bin only (AMPLICON record): see CIPOS and CIEND\">",
    "##INFO=<ID=CIPOS,Number=2,Type=Integer,Description=\"Interval around POS of the amplicon's first base: one bin (its first bin's width) either side\">",
    "##INFO=<ID=CIEND,Number=2,Type=Integer,Description=\"Interval around END: one bin (the amplicon's last bin's width) either side\">",
    "##INFO=<ID=GENES,Number=.,Type=String,Description=\"Genes with at least half their length inside the amplicon (AMPLICON record)\">",
    "##INFO=<ID=SECONDARY,Number=0,Type=Flag,Description=\"AMPLICON record of another amplicon in the local window, not the one holding the gene\">",
    "##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype (missing: a copy number record has none)\">",
    "##FORMAT=<ID=FT,Number=1,Type=String,Description=\"The sample's filter: PASS or the FILTER IDs of this sample's result, separated by ';' (the site's FILTER column is the same in a one-sample file; after bcftools merge FT stays each sample's own)\">",
    "##FORMAT=<ID=CN,Number=1,Type=Float,Description=\"Tumour copy number (not capped) under the reported reading, PURITY and PLOIDY (##her2cnPurity, ##her2cnPloidy): with ##her2cnPuritySource estimated or given, the fitted or given model; ambiguous, the reading the prior prefers among several that fit the data (CICN spans them all, ##her2cnPurityAlternatives marks them kept); unknown (a quiet genome), purity 1, a lower bound for a gain\">",
    "##FORMAT=<ID=CICN,Number=2,Type=Float,Description=\"95% interval of CN (lower, upper): the ratio's interval (its SE with the measured ##her2cnSegmentNoise) under every kept reading of the fit, each over its own purity interval (##her2cnPuritySet); unknown purity: over ##her2cnPurityCI\">",
    "##FORMAT=<ID=DP,Number=1,Type=Float,Description=\"Mean read depth over the gene\">",
    "##FORMAT=<ID=LOG2SE,Number=1,Type=Float,Description=\"Standard error of LOG2R\">",
    "##FORMAT=<ID=CALL,Number=1,Type=String,Description=\"Copy number call from CN alone (thresholds ##her2cnThresholds, the interval excluding ratio 1): AMP, GAIN, NEUTRAL or LOSS. It can differ from HER2, which follows the ASCO/CAP 2018 ISH groups: CALL=GAIN with HER2=AMPLIFIED is a CN between 4 and the AMP threshold at RATIO17CN >= 2 (group 1), and CALL=AMP with HER2=EQUIVOCAL a CN >= 6 at RATIO17CN < 2 (group 3: chr17 gained with the gene)\">",
    "##FORMAT=<ID=LOG2R,Number=1,Type=Float,Description=\"log2 ratio of gene depth to the reference baseline\">",
    "##FORMAT=<ID=FOLD,Number=1,Type=Float,Description=\"Observed depth ratio to the baseline (2^LOG2R)\">",
    "##FORMAT=<ID=RATIO17,Number=1,Type=Float,Description=\"Gene depth over chr17 control depth (HER2/CEP17 analogue; control as CHR17CN)\">",
    "##FORMAT=<ID=CONTEXT,Number=1,Type=String,Description=\"FOCAL (gene above its chr17 control), CHR17 (chromosome 17 gained), FOCAL_ON_CHR17 (both), NONE, or UNKNOWN (no usable chr17 control)\">",
    "##FORMAT=<ID=BINS,Number=1,Type=Integer,Description=\"Usable bins over the gene\">",
    "##FORMAT=<ID=CHR17CN,Number=1,Type=Float,Description=\"Copy number of the chr17 control (the CEP17 analogue): the median of the pericentromeric bins (17p11.2-q11.2) of each side of the centromere, averaged; see CHR17_BASIS\">",
    "##FORMAT=<ID=CHR17_BASIS,Number=1,Type=String,Description=\"What CHR17CN is measured on: PERICENTROMERIC (bins either side of the centromere) or ARMS (fallback when the pericentromere has too few usable bins: the median of each arm outside it, averaged; a 17p or 17q arm change then moves the control)\">",
    "##FORMAT=<ID=CHR17P_CN,Number=1,Type=Float,Description=\"Copy number of 17p outside the pericentromere (median bin)\">",
    "##FORMAT=<ID=CHR17Q_CN,Number=1,Type=Float,Description=\"Copy number of 17q outside the pericentromere and the 17q12-q21 window (median bin: a co-amplified 17q23 segment does not move it unless it covers half the arm)\">",
    "##FORMAT=<ID=RATIO17CN,Number=1,Type=Float,Description=\"Tumour copy number ratio CN/CHR17CN (purity-adjusted HER2/CEP17 analogue; ISH_GROUP uses it)\">",
    "##FORMAT=<ID=ISH_GROUP,Number=1,Type=Integer,Description=\"ASCO/CAP 2018 ISH-like group 1-5 from RATIO17CN and CN (an estimate from sequencing, not an ISH result)\">",
    "##FORMAT=<ID=ISH_GROUP_CI,Number=.,Type=Integer,Description=\"ISH-like groups compatible with CICN and the interval of CHR17CN (the ratio moving with both); a confident status has one side only\">",
    "##FORMAT=<ID=HER2,Number=1,Type=String,Description=\"HER2 status estimated from sequencing (not an ISH result). HER2_BASIS=DUAL_PROBE: AMPLIFIED (ISH group 1), EQUIVOCAL (groups 2-4: needs IHC work-up, ASCO/CAP 2018), NOT_AMPLIFIED (group 5). HER2_BASIS=SINGLE_PROBE (no usable chr17 control): CN >= 6 AMPLIFIED, 4 <= CN < 6 EQUIVOCAL (needs IHC work-up), CN < 4 NOT_AMPLIFIED\">",
    "##FORMAT=<ID=HER2_BASIS,Number=1,Type=String,Description=\"Rule behind HER2: DUAL_PROBE (ISH-like group from RATIO17CN and CN) or SINGLE_PROBE (ASCO/CAP single-probe criteria on CN: no usable chr17 control)\">",
    "##FORMAT=<ID=BREAKPOINT,Number=1,Type=Integer,Description=\"1: a copy-number breakpoint inside the gene, its bins split into segments of different CN (SEGCN); the gene-average CN is not one number, and CICN spans every segment's interval. 0: not split\">",
    "##FORMAT=<ID=CNMAX,Number=1,Type=Float,Description=\"Highest segment CN over the gene (CN when the gene is not split)\">",
    "##FORMAT=<ID=SEGCN,Number=.,Type=Float,Description=\"CN of each segment over the gene, in position order (BREAKPOINT=1 only)\">",
    "##FORMAT=<ID=BKPTPOS,Number=.,Type=Integer,Description=\"First base (1-based) of each segment after the first, in position order: a breakpoint lies within one gene bin before it (BREAKPOINT=1 only)\">",
    "##FORMAT=<ID=SEGBINS,Number=1,Type=Integer,Description=\"Local-window bins in the amplicon segment (AMPLICON record)\">",
    "##FORMAT=<ID=PURITY,Number=1,Type=Float,Description=\"Tumour purity of the copy-number model (##her2cnPurity; gene records)\">",
    "##FORMAT=<ID=PLOIDY,Number=1,Type=Float,Description=\"Tumour ploidy of the copy-number model (##her2cnPloidy; gene records)\">",
};

void h2_vcf_mode_from_name(const char *path, char mode[4])
{
    size_t n = path ? strlen(path) : 0;
    const char *ends[] = {".vcf.gz", ".vcf.bgz", ".bcf"};
    const char *modes[] = {"wz", "wz", "wb"};
    strcpy(mode, "w");
    for (size_t i = 0; i < 3; i++) {
        size_t m = strlen(ends[i]);
        if (n >= m && strcasecmp(path + n - m, ends[i]) == 0) {
            strcpy(mode, modes[i]);
            return;
        }
    }
}

/* Append user text with control characters replaced by spaces, so that a
 * header line stays one line and a sample name holds no tab. A leading '<'
 * is written as \x3c so htslib does not parse the value as a structured line. */
static int put_clean(kstring_t *ks, const char *s)
{
    int r = 0;
    if (!s)
        return 0;
    if (*s == '<') {
        r |= kputs("\\x3c", ks) < 0;
        s++;
    }
    for (; *s && !r; s++) {
        unsigned char c = (unsigned char)*s;
        r |= kputc(c < 0x20 || c == 0x7f ? ' ' : c, ks) < 0;
    }
    return r ? -1 : 0;
}

/* Append "##key=value" (value cleaned) to the header. */
static int hdr_meta(bcf_hdr_t *h, const char *key, const char *val)
{
    kstring_t ks = KS_INITIALIZE;
    int r = -1;
    if (ksprintf(&ks, "##%s=", key) < 0 || put_clean(&ks, val) < 0)
        goto out;
    r = bcf_hdr_append(h, ks.s);
out:
    free(ks.s);
    return r;
}

/* A header line formatted printf-style: "##key=VALUE" with VALUE cleaned as
 * in hdr_meta when key is given, else the line as formatted (our own text). */
static int hdr_printf(bcf_hdr_t *h, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int hdr_printf(bcf_hdr_t *h, const char *key, const char *fmt, ...)
{
    kstring_t ks = KS_INITIALIZE;
    va_list ap;
    int ok;
    va_start(ap, fmt);
    ok = kvsprintf(&ks, fmt, ap) >= 0;
    va_end(ap);
    ok = ok && (key ? hdr_meta(h, key, ks.s) : bcf_hdr_append(h, ks.s)) == 0;
    free(ks.s);
    return ok ? 0 : -1;
}

/* "##key=<number>" with %g, or "NA" for NAN. */
static int hdr_num(bcf_hdr_t *h, const char *key, double v)
{
    char buf[64];
    if (isnan(v))
        snprintf(buf, sizeof buf, "NA");
    else
        snprintf(buf, sizeof buf, "%g", v);
    return hdr_meta(h, key, buf);
}

static int hdr_filters(bcf_hdr_t *h, const h2_call_opt_t *co)
{
    char mapd[64] = "";
    if (co->max_mapd > 0)
        snprintf(mapd, sizeof mapd, ", or MAPD of the reference bins above %g", co->max_mapd);
    if (hdr_printf(h, NULL, "##FILTER=<ID=LowDepth,Description=\"Mean depth over the gene "
                   "below %g\">", co->min_depth) < 0
        || hdr_printf(h, NULL, "##FILTER=<ID=FewBins,Description=\"No usable gene bin, or "
                      "fewer than %d usable reference bins\">", co->min_ref_bins) < 0
        || hdr_printf(h, NULL, "##FILTER=<ID=Noisy,Description=\"Too noisy to call: limit of "
                      "detection (##her2cnLOD) above the AMP threshold %g%s\">", co->amp_cn,
                      mapd) < 0
        || hdr_printf(h, "her2cnThresholds", "AMP>=%g,GAIN>=%g,LOSS<=%g,FOCAL_RATIO>=%g,"
                      "CONTEXT_ALPHA=%g,LOD_POWER=%g,SEG_ALPHA=%g", co->amp_cn, co->gain_cn,
                      co->loss_cn, co->focal_ratio, co->context_alpha, co->lod_power,
                      co->cbs.alpha) < 0)
        return -1;
    if (bcf_hdr_append(h, "##FILTER=<ID=PurityUnknown,Description=\"The purity and ploidy "
                       "are not settled and the result depends on them: a quiet genome "
                       "(##her2cnPuritySource=unknown; CN at purity 1, a lower bound for a gain) "
                       "where a result other than AMP or LOSS could be overturned by a lower "
                       "purity (see ##her2cnMinDetectablePurity), or several kept readings of "
                       "the fit (##her2cnPuritySource=ambiguous, or alternatives marked kept) "
                       "that give different CALLs\">") < 0)
        return -1;
    if (bcf_hdr_append(h, "##FILTER=<ID=HER2Uncertain,Description=\"HER2 is AMPLIFIED or "
                       "NOT_AMPLIFIED at the estimate, but the CN interval (CICN, with the ratio "
                       "moving with it over CHR17CN) is also compatible with the opposite status: "
                       "ISH_GROUP_CI holds both group 1 and group 5; or the kept readings of the "
                       "fit give different HER2 statuses\">") < 0)
        return -1;
    if (hdr_printf(h, NULL, "##FILTER=<ID=NoReference,Description=\"Tumour-only panel (no --pon or "
                   "--normal): the capture efficiency of the gene's own targets is unknown, its "
                   "spread over the reference targets is in LOG2SE, and the CN interval at the "
                   "model's purity runs from below the GAIN threshold %g to the AMP threshold %g "
                   "or above: amplified and not gained are both possible; a panel of normals is "
                   "needed\">", co->gain_cn, co->amp_cn) < 0)
        return -1;
    if (bcf_hdr_append(h, "##FILTER=<ID=GCExtreme,Description=\"Some of the gene's usable bins "
                       "have a GC content outside the range the GC correction was fitted on "
                       "(bins TSV column gc_extreme) and could not be left out (fewer than 2 "
                       "other bins, or fewer than them, would remain), and no --pon or --normal "
                       "corrects them: CN rests on a flat extrapolation of the GC correction "
                       "and may be wrong in either direction\">") < 0)
        return -1;
    return 0;
}

/* The fit's purity set and the noise it measured on the sample. */
static int hdr_purity_fit(bcf_hdr_t *h, const h2_purity_t *f)
{
    kstring_t ks = KS_INITIALIZE;
    int r = -1;
    for (int i = 0; i < f->n_pset; i++)
        if (ksprintf(&ks, "%s%.3g-%.3g", i ? "," : "", f->pset_lo[i], f->pset_hi[i]) < 0)
            goto out;
    if (hdr_meta(h, "her2cnPuritySet", ks.s) < 0
        || hdr_printf(h, "her2cnSegmentNoise", "%.3g (%s)", f->seg_noise,
                      f->noise_measured & 1 ? "measured" : "floor") < 0
        || hdr_printf(h, "her2cnAlleleOverdispersion", "%.3g (%s)", f->rho,
                      f->noise_measured & 2 ? "measured" : "floor") < 0)
        goto out;
    r = 0;
out:
    free(ks.s);
    return r;
}

/* The copy-number model: purity and ploidy used, where they came from, the
 * purity interval, the alternatives of the fit, and the lowest purity at
 * which an amplification would have been detected (README "Purity and
 * ploidy"). */
static int hdr_purity_lines(bcf_hdr_t *h, const h2_estimates_t *e)
{
    kstring_t ks = KS_INITIALIZE;
    int r = -1;
    const h2_purity_t *f = e->fit;
    if (hdr_num(h, "her2cnPurity", e->model.purity) < 0
        || hdr_meta(h, "her2cnPuritySource", h2_source_name(e->purity_source)) < 0
        || hdr_num(h, "her2cnPloidy", e->model.ploidy) < 0
        || hdr_meta(h, "her2cnPloidySource", h2_source_name(e->ploidy_source)) < 0
        || hdr_printf(h, "her2cnPurityCI", "%.3g,%.3g", e->purity_lo, e->purity_hi) < 0
        || hdr_num(h, "her2cnCentre", e->model.centre) < 0
        || hdr_num(h, "her2cnMinDetectablePurity", e->min_purity) < 0)
        goto out;
    if (f && f->reason && hdr_meta(h, "her2cnPurityNote", f->reason) < 0)
        goto out;
    if (f && hdr_purity_fit(h, f) < 0)
        goto out;
    if (f && f->n_alt > 0) {
        for (int i = 0; i < f->n_alt; i++)
            if (ksprintf(&ks, "%spurity=%.2f:ploidy=%.2f:dloglik=%.1f:ddata=%.1f:kept=%d",
                         i ? "," : "", f->alt[i].model.purity, f->alt[i].model.ploidy,
                         f->best.loglik - f->alt[i].loglik,
                         f->best.data_loglik - f->alt[i].data_loglik, i < f->n_ambiguous) < 0)
                goto out;
        if (hdr_meta(h, "her2cnPurityAlternatives", ks.s) < 0)
            goto out;
    }
    r = 0;
out:
    free(ks.s);
    return r;
}

/* Per-sample noise and limit of detection, and the segmentation summary. */
static int hdr_noise_lines(bcf_hdr_t *h, const h2_norm_t *nm, const h2_estimates_t *e)
{
    if (nm && hdr_num(h, "her2cnNoiseSD", nm->sd_ref) < 0)
        return -1;
    for (int i = 0; i < e->n; i++)
        if (hdr_printf(h, "her2cnLOD", "%s:%.3g", e->g[i].gene->name, e->g[i].lod_cn) < 0)
            return -1;
    if (e->amp.n_segments > 0
        && hdr_printf(h, "her2cnSegments", "%d segments in the local window; amplicon %s",
                      e->amp.n_segments, e->amp.found ? "found" : "not found") < 0)
        return -1;
    return 0;
}

static int hdr_sample_lines(bcf_hdr_t *h, const h2_regset_t *rs, const h2_norm_t *nm)
{
    if (nm && (hdr_num(h, "her2cnBaseline", nm->baseline) < 0
               || hdr_num(h, "her2cnMAPD", nm->mapd) < 0
               || hdr_printf(h, "her2cnRefBins", "%d/%d", nm->n_ref_usable, nm->n_ref) < 0
               || hdr_meta(h, "her2cnGC", nm->gc_corrected ? "yes" : "no") < 0))
        return -1;
    if (hdr_meta(h, "her2cnMode", rs->par.panel ? "panel" : "wgs") < 0
        || hdr_meta(h, "her2cnBuild", h2_build_name(rs->build)) < 0)
        return -1;
    return 0;
}

int h2_vcf_contig_ok(const char *name)
{
    /* VCF 4.3, 1.4.7: [0-9A-Za-z!#$%&+./:;?@^_|~-][0-9A-Za-z!#$%&*+./:;=?@^_|~-]* */
    static const char punct[] = "!#$%&+./:;?@^_|~-*=";
    if (!name || !*name || *name == '*' || *name == '=')
        return 0;
    for (const char *c = name; *c; c++)
        if (!isalnum((unsigned char)*c) || (unsigned char)*c > 0x7f)
            if (!strchr(punct, *c))
                return 0;
    return 1;
}

/* A contig whose name VCF does not allow (a comma, '<', a space...) is left
 * out: no record is on it (h2_vcf_write refuses a called gene's). */
static int hdr_contigs(bcf_hdr_t *h, const h2_genome_t *g)
{
    kstring_t ks = KS_INITIALIZE;
    int r = -1;
    for (int i = 0; i < g->n_contigs; i++) {
        ks.l = 0;
        if (!g->contigs[i].len || !h2_vcf_contig_ok(g->contigs[i].name))
            continue;   /* ignored (a second name of a contig with the reads) */
        if (kputs("##contig=<ID=", &ks) < 0 || put_clean(&ks, g->contigs[i].name) < 0
            || ksprintf(&ks, ",length=%"PRIhts_pos">", g->contigs[i].len) < 0
            || bcf_hdr_append(h, ks.s) < 0)
            goto out;
    }
    r = 0;
out:
    free(ks.s);
    return r;
}

static int hdr_provenance(bcf_hdr_t *h, const h2_vcf_opt_t *opt)
{
    kstring_t ks = KS_INITIALIZE;
    char *abs = NULL;
    int r = -1;
    if (hdr_meta(h, "source", "her2cn " H2_VERSION) < 0)
        goto out;
    if (opt->cmdline && hdr_meta(h, "her2cnCommand", opt->cmdline) < 0)
        goto out;
    if (opt->reference && h2_is_remote(opt->reference)) {   /* a URL as given, no secrets */
        if (!(abs = h2_redact(opt->reference)) || hdr_meta(h, "reference", abs) < 0)
            goto out;
    } else if (opt->reference) {
        abs = realpath(opt->reference, NULL);
        if (kputs("file://", &ks) < 0 || kputs(abs ? abs : opt->reference, &ks) < 0
            || hdr_meta(h, "reference", ks.s) < 0)
            goto out;
    }
    if (opt->input && hdr_meta(h, "input", opt->input) < 0)
        goto out;
    r = 0;
out:
    free(abs);
    free(ks.s);
    return r;
}

/* The whole header; NULL on failure (allocation or a line htslib rejects). */
static bcf_hdr_t *hdr_build(const h2_vcf_opt_t *opt, const h2_regset_t *rs,
                            const h2_norm_t *nm, const h2_estimates_t *e)
{
    bcf_hdr_t *h = bcf_hdr_init("w");   /* adds ##fileformat and FILTER PASS */
    kstring_t sm = KS_INITIALIZE;
    int ok = 0;
    if (!h)
        return NULL;
    if (bcf_hdr_set_version(h, "VCFv4.4") < 0)
        goto out;
    if (hdr_provenance(h, opt) < 0 || hdr_contigs(h, rs->genome) < 0)
        goto out;
    for (size_t i = 0; i < sizeof fixed_hdr_lines / sizeof *fixed_hdr_lines; i++)
        if (bcf_hdr_append(h, fixed_hdr_lines[i]) < 0)
            goto out;
    for (int i = 0; i < opt->n_extra_hdr; i++)
        if (bcf_hdr_append(h, opt->extra_hdr[i]) < 0)
            goto out;
    if (hdr_filters(h, opt->copt) < 0 || hdr_sample_lines(h, rs, nm) < 0
        || hdr_noise_lines(h, nm, e) < 0 || hdr_purity_lines(h, e) < 0)
        goto out;
    /* The sample name is cleaned the same way as header values, except that a
     * leading '<' is harmless in the #CHROM line. */
    for (const char *s = opt->sample && *opt->sample ? opt->sample : "SAMPLE"; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (kputc(c < 0x20 || c == 0x7f ? ' ' : c, &sm) < 0)
            goto out;
    }
    if (bcf_hdr_add_sample(h, sm.s) < 0 || bcf_hdr_sync(h) < 0)
        goto out;
    ok = 1;
out:
    free(sm.s);
    if (!ok) {
        bcf_hdr_destroy(h);
        h = NULL;
    }
    return h;
}

/* Records in contig, start, end, name order. */
static int est_cmp(const void *a, const void *b)
{
    const h2_gene_t *x = (*(const h2_estimate_t *const *)a)->gene;
    const h2_gene_t *y = (*(const h2_estimate_t *const *)b)->gene;
    int d;
    if ((d = H2_CMP(x->contig, y->contig)) || (d = H2_CMP(x->start, y->start))
        || (d = H2_CMP(x->end, y->end)))
        return d;
    return strcmp(x->name, y->name);
}

/* The reference base at 0-based pos of contig `name`, matching the FASTA's
 * naming style (h2_fai_contig). */
static int ref_base(const faidx_t *fai, const char *name, hts_pos_t pos, char *base,
                    h2_err_t *err)
{
    const char *use = h2_fai_contig(fai, name);
    hts_pos_t len = 0;
    char *seq = NULL;
    int r = 0;
    if (!use) {
        r = h2_fail(err, H2_EINPUT, "contig \"%s\" is not in the reference FASTA", name);
        goto out;
    }
    seq = faidx_fetch_seq64(fai, use, pos, pos, &len);
    if (!seq || len != 1) {
        r = h2_fail(err, H2_EINPUT, "cannot read %s:%"PRIhts_pos" from the reference FASTA",
                    name, pos + 1);
        goto out;
    }
    *base = (char)toupper((unsigned char)seq[0]);
    if (!strchr("ACGTN", *base))
        *base = 'N';
out:
    free(seq);
    return r;
}

/* One FORMAT value of the one sample: a NAN float or a NULL string is written
 * missing, so a merged file shows "." for it. */
static int fmt_float(const bcf_hdr_t *h, bcf1_t *rec, const char *key, double v)
{
    float f;
    if (isnan(v))
        bcf_float_set_missing(f);
    else
        f = (float)v;
    return bcf_update_format_float(h, rec, key, &f, 1);
}

static int fmt_int(const bcf_hdr_t *h, bcf1_t *rec, const char *key, int v)
{
    int32_t x = v;
    return bcf_update_format_int32(h, rec, key, &x, 1);
}

static int fmt_str(const bcf_hdr_t *h, bcf1_t *rec, const char *key, const char *v)
{
    const char *s = v ? v : ".";
    return bcf_update_format_string(h, rec, key, &s, 1);
}

static void fmt_value(float *f, double v)
{
    if (isnan(v))
        bcf_float_set_missing(*f);
    else
        *f = (float)v;
}

/* The sample's filter as FORMAT/FT ("PASS" or "LowDepth;Noisy") and the
 * site's FILTER column with the same IDs: in a one-sample file they agree; a
 * merge takes the FILTER column by its own rule (bcftools merge -F), FT stays
 * each sample's. */
static int rec_filters(const bcf_hdr_t *h, bcf1_t *rec, unsigned filters)
{
    kstring_t ft = KS_INITIALIZE;
    int ids[H2_N_FILTERS], n = 0, r = 0;
    for (int i = 0; i < H2_N_FILTERS; i++)
        if (filters & (1u << i)) {
            ids[n++] = bcf_hdr_id2int(h, BCF_DT_ID, h2_filter_name(i));
            r |= ksprintf(&ft, "%s%s", n > 1 ? ";" : "", h2_filter_name(i)) < 0;
        }
    if (n == 0) {
        ids[n++] = bcf_hdr_id2int(h, BCF_DT_ID, "PASS");
        r |= kputs("PASS", &ft) < 0;
    }
    r |= bcf_update_filter(h, rec, ids, n) < 0;
    r |= !r && fmt_str(h, rec, "FT", ft.s) < 0;
    free(ft.s);
    return r ? -1 : 0;
}

/* The site of a record over 0-based half-open [start, end): POS the padding
 * base before it (VCF 4.4 symbolic alleles) and REF that base from the FASTA
 * when one is given, else N; ALT `alt` (<CNV>, <DUP>) of SVTYPE `svtype`; END
 * the last base, SVLEN = END - POS. A record at the contig's first base has no
 * base before it and starts there. */
static int rec_site(const bcf_hdr_t *h, bcf1_t *rec, const char *cname, hts_pos_t start,
                    hts_pos_t end, const char *alt, const char *svtype, const faidx_t *fai,
                    h2_err_t *err)
{
    char alleles[16] = "N";
    int32_t e = (int32_t)end, svlen;
    int r;
    rec->rid = bcf_hdr_name2id(h, cname);
    rec->pos = start > 0 ? start - 1 : 0;
    svlen = (int32_t)(end - (rec->pos + 1));
    if (fai && (r = ref_base(fai, cname, rec->pos, &alleles[0], err)) < 0)
        return r;
    snprintf(alleles + 1, sizeof alleles - 1, ",%s", alt);
    if (rec->rid < 0 || bcf_update_alleles_str(h, rec, alleles) < 0
        || bcf_update_info_int32(h, rec, "END", &e, 1) < 0
        || bcf_update_info_string(h, rec, "SVTYPE", svtype) < 0
        || bcf_update_info_int32(h, rec, "SVLEN", &svlen, 1) < 0)
        return h2_fail(err, H2_EINTERNAL, "cannot build the VCF record at %s:%"PRIhts_pos,
                       cname, start + 1);
    return 0;
}

/* The control's basis, the arms, and HER2 with the rule behind it. */
static int rec_fmt_chr17(const bcf_hdr_t *h, bcf1_t *rec, const h2_estimate_t *g,
                         const h2_estimates_t *e)
{
    int r = 0, her2 = g->her2 != H2_HER2_NA;
    r |= fmt_float(h, rec, "CHR17CN", e->chr17_cn) < 0;
    r |= fmt_str(h, rec, "CHR17_BASIS", e->chr17_basis != H2_CTL_NONE
                 ? h2_ctl_basis_name(e->chr17_basis) : NULL) < 0;
    r |= fmt_float(h, rec, "CHR17P_CN", e->chr17p_cn) < 0;
    r |= fmt_float(h, rec, "CHR17Q_CN", e->chr17q_cn) < 0;
    r |= fmt_float(h, rec, "RATIO17CN", g->ratio17cn) < 0;
    r |= fmt_str(h, rec, "HER2", her2 ? h2_her2_name(g->her2) : NULL) < 0;
    r |= fmt_str(h, rec, "HER2_BASIS", her2 ? h2_her2_basis_name(g->her2_basis) : NULL) < 0;
    if (g->ish_group > 0) {
        int32_t grps[5];
        int ng = 0;
        r |= fmt_int(h, rec, "ISH_GROUP", g->ish_group) < 0;
        for (int k = 1; k <= 5; k++)
            if (g->ish_groups_ci & (1u << k))
                grps[ng++] = k;
        if (ng > 0)
            r |= bcf_update_format_int32(h, rec, "ISH_GROUP_CI", grps, ng) < 0;
    }
    return r ? -1 : 0;
}

/* BREAKPOINT, CNMAX, SEGCN, BKPTPOS (README "Breakpoints inside the gene"). */
static int rec_fmt_segments(const bcf_hdr_t *h, bcf1_t *rec, const h2_estimate_t *g)
{
    int r = fmt_float(h, rec, "CNMAX", g->cn_max) < 0;
    r |= fmt_int(h, rec, "BREAKPOINT", g->breakpoint ? 1 : 0) < 0;
    if (!g->breakpoint)
        return r ? -1 : 0;
    float *cn = malloc(g->n_segs * sizeof *cn);
    int32_t *pos = malloc(g->n_segs * sizeof *pos);
    if (cn && pos) {
        for (int k = 0; k < g->n_segs; k++) {
            fmt_value(&cn[k], g->segs[k].cn);
            pos[k] = (int32_t)g->segs[k].start + 1;
        }
        r |= bcf_update_format_float(h, rec, "SEGCN", cn, g->n_segs) < 0;
        r |= bcf_update_format_int32(h, rec, "BKPTPOS", pos + 1, g->n_segs - 1) < 0;
    }
    r |= !cn || !pos;
    free(cn);
    free(pos);
    return r ? -1 : 0;
}

/* CN, its interval, depth and SE: the first FORMAT fields of every record.
 * GT is one missing allele ("."), not "./.": a copy-number record has no
 * genotype, and a diploid missing GT would claim a ploidy of two. */
static int rec_fmt_cn(const bcf_hdr_t *h, bcf1_t *rec, double cn, double lo, double hi,
                      double depth, double se)
{
    int32_t gt = bcf_gt_missing;
    float ci[2];
    int r = 0;
    fmt_value(&ci[0], lo);
    fmt_value(&ci[1], hi);
    r |= bcf_update_genotypes(h, rec, &gt, 1) < 0;
    r |= fmt_float(h, rec, "CN", cn) < 0;
    r |= bcf_update_format_float(h, rec, "CICN", ci, 2) < 0;
    r |= fmt_float(h, rec, "DP", depth) < 0;
    r |= fmt_float(h, rec, "LOG2SE", se) < 0;
    return r ? -1 : 0;
}

static int rec_format(const bcf_hdr_t *h, bcf1_t *rec, const h2_estimate_t *g,
                      const h2_estimates_t *e)
{
    int r = rec_fmt_cn(h, rec, g->cn, g->cn_lo, g->cn_hi, g->depth, g->se) < 0;
    r |= rec_filters(h, rec, g->filters) < 0;
    r |= fmt_str(h, rec, "CALL", h2_call_name(g->call)) < 0;
    r |= fmt_float(h, rec, "LOG2R", g->log2) < 0;
    r |= fmt_float(h, rec, "FOLD", g->fold) < 0;
    r |= fmt_float(h, rec, "RATIO17", g->ratio17) < 0;
    r |= fmt_str(h, rec, "CONTEXT", h2_context_name(g->context)) < 0;
    r |= fmt_int(h, rec, "BINS", g->n_bins) < 0;
    r |= rec_fmt_chr17(h, rec, g, e) < 0;
    r |= rec_fmt_segments(h, rec, g) < 0;
    r |= fmt_float(h, rec, "PURITY", e->model.purity) < 0;
    r |= fmt_float(h, rec, "PLOIDY", e->model.ploidy) < 0;
    return r ? -1 : 0;
}

/* Fill rec for gene estimate g. */
static int rec_build(const bcf_hdr_t *h, bcf1_t *rec, const h2_estimate_t *g,
                     const h2_estimates_t *e, const h2_genome_t *genome,
                     const faidx_t *fai, h2_err_t *err)
{
    const h2_gene_t *gene = g->gene;
    const char *cname = genome->contigs[gene->contig].name;
    int r;
    bcf_clear(rec);
    if ((r = rec_site(h, rec, cname, gene->start, gene->end, "<CNV>", "CNV", fai, err)) < 0)
        return r;
    if (isnan(g->qual))
        bcf_float_set_missing(rec->qual);
    else
        rec->qual = (float)g->qual;   /* capped where it is computed (h2_stats.h) */
    if (bcf_update_id(h, rec, gene->name) < 0
        || bcf_update_info_string(h, rec, "GENE", gene->name) < 0
        || rec_format(h, rec, g, e) < 0)
        return h2_fail(err, H2_EINTERNAL, "cannot build the VCF record for %s", gene->name);
    return 0;
}

static int check_args(const char *path, const h2_vcf_opt_t *opt, const h2_regset_t *rs,
                      const h2_estimates_t *e, h2_err_t *err)
{
    static const char *const modes[] = {"w", "wz", "wb"};
    int ok_mode = 0;
    if (!path || !opt || !opt->copt || !rs || !rs->genome || !e)
        return h2_fail(err, H2_EINTERNAL, "h2_vcf_write: missing argument");
    for (int i = 0; i < 3; i++)
        ok_mode |= strcmp(opt->mode, modes[i]) == 0;
    if (!ok_mode)
        return h2_fail(err, H2_EUSAGE, "unknown VCF write mode \"%s\"", opt->mode);
    for (int i = 0; i < e->n; i++) {
        const h2_gene_t *gene = e->g[i].gene;
        if (!gene || gene->contig < 0 || gene->contig >= rs->genome->n_contigs)
            return h2_fail(err, H2_EINTERNAL, "gene estimate %d has no valid gene", i);
    }
    return 0;
}

/* An AMPLICON record: the CBS segment holding the gene, or (INFO SECONDARY)
 * another amplicon in the window (README "Amplicon"). FT is that of the
 * first called gene (same sample-level noise). ID AMPLICON:<contig>:<first
 * base>-<END>, unique in the file and across samples for the same segment;
 * the boundaries are bin edges, IMPRECISE with CIPOS/CIEND one bin (the
 * first's, the last's width) either side. */
static int amp_build(const bcf_hdr_t *h, bcf1_t *rec, const h2_estimates_t *e,
                     const h2_amplicon_t *a, const h2_regset_t *rs, const faidx_t *fai,
                     h2_err_t *err)
{
    const char *cname = rs->genome->contigs[a->contig].name;
    int32_t ci_pos[2] = {0, 0}, ci_end[2] = {0, 0};
    kstring_t id = KS_INITIALIZE;
    int r;
    bcf_clear(rec);
    if ((r = rec_site(h, rec, cname, a->start, a->end, "<DUP>", "DUP", fai, err)) < 0)
        return r;
    if (a->first_bin >= 0 && a->first_bin < rs->n_bins && a->last_bin >= 0
        && a->last_bin < rs->n_bins) {
        const h2_bin_t *b0 = &rs->bins[a->first_bin], *b1 = &rs->bins[a->last_bin];
        ci_pos[0] = -(int32_t)(b0->end - b0->start);
        ci_pos[1] = (int32_t)(b0->end - b0->start);
        ci_end[0] = -(int32_t)(b1->end - b1->start);
        ci_end[1] = (int32_t)(b1->end - b1->start);
    }
    rec->qual = (float)a->qual;
    r = ksprintf(&id, "AMPLICON:%s:%"PRIhts_pos"-%"PRIhts_pos, cname, a->start + 1, a->end) < 0;
    r |= !r && bcf_update_id(h, rec, id.s) < 0;
    r |= bcf_update_info_flag(h, rec, "IMPRECISE", NULL, 1) < 0;
    r |= bcf_update_info_int32(h, rec, "CIPOS", ci_pos, 2) < 0;
    r |= bcf_update_info_int32(h, rec, "CIEND", ci_end, 2) < 0;
    r |= (a->genes && bcf_update_info_string(h, rec, "GENES", a->genes) < 0);
    r |= a != &e->amp && bcf_update_info_flag(h, rec, "SECONDARY", NULL, 1) < 0;
    r |= rec_fmt_cn(h, rec, a->cn, a->cn_lo, a->cn_hi, NAN, a->se) < 0;
    r |= rec_filters(h, rec, e->n > 0 ? e->g[0].filters : 0) < 0;
    r |= fmt_str(h, rec, "CALL", h2_call_name((h2_call_t)a->call)) < 0;
    r |= fmt_float(h, rec, "LOG2R", a->log2) < 0;
    r |= fmt_float(h, rec, "FOLD", exp2(a->log2)) < 0;
    r |= fmt_int(h, rec, "SEGBINS", a->n_bins) < 0;
    free(id.s);
    if (r)
        return h2_fail(err, H2_EINTERNAL, "cannot build the VCF record for the amplicon");
    return 0;
}

/* At most this many AMPLICON records (the gene's and the others in its window). */
#define H2_MAX_AMP_RECORDS 64

/* Does amplicon a sort before amplicon b? */
static int amp_sorts_first(const h2_amplicon_t *a, const h2_amplicon_t *b)
{
    return a->contig != b->contig ? a->contig < b->contig : a->start <= b->start;
}

/* The AMPLICON records in position order, the gene's (if found) among the
 * others; returns how many. */
static int amp_order(const h2_estimates_t *e, const h2_amplicon_t **amps)
{
    int na = 0, todo = e->amp.found;
    for (int k = 0; k <= e->amp.n_more && na < H2_MAX_AMP_RECORDS; k++) {
        if (todo && (k == e->amp.n_more || amp_sorts_first(&e->amp, &e->amp.more[k]))) {
            amps[na++] = &e->amp;
            todo = 0;
        }
        if (k < e->amp.n_more && na < H2_MAX_AMP_RECORDS)
            amps[na++] = &e->amp.more[k];
    }
    return na;
}

/* Does the amplicon record sort before gene record g? */
static int amp_before(const h2_amplicon_t *a, const h2_estimate_t *g)
{
    if (a->contig != g->gene->contig)
        return a->contig < g->gene->contig;
    return a->start <= g->gene->start;
}

static int write_one(htsFile *fp, const bcf_hdr_t *h, bcf1_t *rec, const char *path, h2_err_t *err)
{
    if (bcf_write(fp, (bcf_hdr_t *)h, rec) < 0)
        return h2_fail(err, H2_EIO, "cannot write \"%s\": %s", path,
                       errno ? strerror(errno) : "write error");
    return 0;
}

static int write_records(htsFile *fp, const bcf_hdr_t *h, const h2_regset_t *rs, const h2_estimates_t *e,
                         const faidx_t *fai, const char *path, h2_err_t *err)
{
    const h2_estimate_t **ord = NULL;
    bcf1_t *rec = bcf_init();
    int r = 0;
    if (!rec || (e->n > 0 && !(ord = malloc(e->n * sizeof *ord)))) {
        r = h2_fail(err, H2_ENOMEM, "out of memory");
        goto out;
    }
    for (int i = 0; i < e->n; i++)
        ord[i] = &e->g[i];
    if (e->n > 1)
        qsort(ord, e->n, sizeof *ord, est_cmp);
    const h2_amplicon_t *amps[H2_MAX_AMP_RECORDS];
    int na = amp_order(e, amps), ia = 0;
    for (int i = 0; i <= e->n; i++) {
        while (ia < na && (i == e->n || amp_before(amps[ia], ord[i]))) {
            if ((r = amp_build(h, rec, e, amps[ia++], rs, fai, err)) < 0
                || (r = write_one(fp, h, rec, path, err)) < 0)
                goto out;
        }
        if (i == e->n)
            break;
        if ((r = rec_build(h, rec, ord[i], e, rs->genome, fai, err)) < 0
            || (r = write_one(fp, h, rec, path, err)) < 0)
            goto out;
    }
out:
    bcf_destroy(rec);
    free(ord);
    return r;
}

static int build_index(const char *path, const h2_vcf_opt_t *opt, h2_err_t *err)
{
    /* TBI for .vcf.gz (what tabix and most tools expect), CSI for BCF
     * (htslib cannot make TBI for BCF); bcftools reads both. */
    int min_shift = strcmp(opt->mode, "wz") == 0 ? 0 : 14;
    if (!opt->index || strcmp(path, "-") == 0 || strcmp(opt->mode, "w") == 0)
        return 0;
    errno = 0;
    int r = bcf_index_build3(path, NULL, min_shift, 1);
    if (r >= 0)
        return 0;
    /* the reason: errno when a system call failed, else htslib's code */
    return h2_fail(err, H2_EIO, "cannot build the index of \"%s\": %s", path,
                   errno ? strerror(errno) : r == -2 ? "cannot open the file"
                   : r == -3 ? "the file cannot be indexed (not BGZF-compressed)"
                   : r == -4 ? "cannot write the index" : "htslib error");
}

int h2_vcf_write(const char *path, const h2_vcf_opt_t *opt, const h2_regset_t *rs,
                 const h2_counts_t *c, const h2_norm_t *nm,
                 const h2_estimates_t *e, h2_err_t *err)
{
    htsFile *fp = NULL;
    bcf_hdr_t *h = NULL;
    faidx_t *fai = NULL;
    int r;
    (void)c;
    if ((r = check_args(path, opt, rs, e, err)) < 0)
        return r;
    for (int i = 0; i < e->n; i++) {
        const char *cname = rs->genome->contigs[e->g[i].gene->contig].name;
        if (!h2_vcf_contig_ok(cname))
            return h2_fail(err, H2_EINPUT, "gene %s is on contig \"%s\", a name VCF does not "
                           "allow (a contig ID may not contain commas, angle brackets, quotes "
                           "or white space): rename it in the header (samtools reheader)",
                           e->g[i].gene->name, cname);
    }
    if (opt->reference && !h2_is_remote(opt->reference) && access(opt->reference, R_OK) != 0) {
        r = h2_fail(err, H2_EIO, "cannot open reference FASTA \"%s\": %s", opt->reference,
                    strerror(errno));
        goto out;
    }
    if (opt->reference && !(fai = fai_load(opt->reference))) {
        r = h2_fail(err, H2_EIO, "cannot load reference FASTA \"%s\"", opt->reference);
        goto out;
    }
    if (!(h = hdr_build(opt, rs, nm, e))) {
        r = h2_fail(err, H2_EINTERNAL, "cannot build the VCF header");
        goto out;
    }
    errno = 0;
    if (!(fp = hts_open(path, opt->mode))) {
        r = h2_fail(err, H2_EIO, "cannot write \"%s\": %s", path,
                    errno ? strerror(errno) : "open failed");
        goto out;
    }
    if (bcf_hdr_write(fp, h) < 0) {
        r = h2_fail(err, H2_EIO, "cannot write \"%s\": %s", path,
                    errno ? strerror(errno) : "write error");
        goto out;
    }
    if ((r = write_records(fp, h, rs, e, fai, path, err)) < 0)
        goto out;
    errno = 0;
    r = hts_close(fp);
    fp = NULL;
    if (r < 0) {
        r = h2_fail(err, H2_EIO, "cannot write \"%s\": %s", path,
                    errno ? strerror(errno) : "close failed");
        goto out;
    }
    r = build_index(path, opt, err);
out:
    if (fp)
        hts_close(fp);
    bcf_hdr_destroy(h);
    fai_destroy(fai);
    return r;
}
