/* report.c -- the one-page HTML report (`call --report`): self-contained (no
 * scripts, no external files: the SVG plot is inline, styles are in the
 * page), so it can be mailed or archived as it is. Sections: the answer
 * (the HER2 status headline, h2_her2_headline) in large type, the plot,
 * per-gene results, purity and ploidy, QC, settings, and the method. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <htslib/hts.h>
#include "h2_summary.h"

static const char *css =
    "body{font-family:'DejaVu Sans',Arial,sans-serif;margin:24px;color:#222;max-width:1040px}"
    "h1{font-size:30px;margin:0 0 4px}h2{font-size:18px;margin:22px 0 6px;"
    "border-bottom:1px solid #ccc}.sub{color:#555;margin:0 0 12px}"
    "table{border-collapse:collapse;font-size:14px}td,th{padding:3px 10px;text-align:left;"
    "border-bottom:1px solid #eee}th{background:#f4f4f4}.num{text-align:right}"
    ".AMP{color:#d62728}.GAIN{color:#e07000}.NEUTRAL{color:#444}.LOSS{color:#1f77b4}"
    ".warn{background:#fff3c4;padding:6px 10px}.small{font-size:12px;color:#555}";

static const char *method =
    "<p>her2cn counts aligned bases (CIGAR M/=/X) per bin from reads that pass the flag and "
    "mapping-quality filters, over ERBB2, its 17q12 neighbours, a window of dense bins around "
    "it, a chr17 control (the bins either side of the chr17 centromere, the CEP17 analogue) and copy-neutral "
    "reference bins on the other autosomes (or the capture targets in panel mode). Depth per "
    "bin is bases / length; with a FASTA it is GC-corrected against the reference bins. The "
    "baseline is the median reference-bin depth and each bin's log2 ratio is taken against "
    "it.</p><p>The gene's log2 ratio is that of its length-weighted mean depth; its standard "
    "error combines counting noise scaled by the overdispersion measured on the reference bins "
    "(from their MAPD) with the uncertainty of the baseline. The tumour copy number for purity "
    "p and tumour ploidy P (normal cells diploid) is CN = (r' (p P + 2(1-p)) - 2(1-p)) / p with "
    "r' = 2<sup>log2</sup> / c, c the ratio of the genome's average copy level; purity and "
    "ploidy are fitted to the genome-wide segments and allele fractions unless given, and "
    "reported as unknown when the genome carries no signal of them (CN is then a lower bound "
    "at purity 1). CN is never capped; the 95% interval is the same formula at log2 &plusmn; "
    "1.96 SE over the purity's interval. The chr17 ratio "
    "is gene depth over chr17-control depth, the sequencing analogue of HER2/CEP17 (a depth "
    "ratio: at purity below 1 it is diluted towards 1).</p><p>Call: AMP if CN &ge; the AMP "
    "threshold, GAIN if CN &ge; the GAIN threshold, LOSS if CN &le; the LOSS threshold, provided "
    "the 95% interval of log2 excludes 0; otherwise NEUTRAL. Context: FOCAL when the chr17 "
    "ratio reaches the focal threshold and the gene is above the control (z &ge; 3); CHR17 when "
    "the control itself is gained. QUAL is the Phred-scaled probability that the copy number "
    "equals the baseline. These are estimates from sequencing read depth, not an ISH or IHC "
    "result.</p>";

static void td_num(kstring_t *ks, const char *fmt, double v)
{
    kputs("<td class=\"num\">", ks);
    h2_ksprint_num(ks, fmt, v);
    kputs("</td>", ks);
}

/* One cell with two numbers and sep between them (an interval, a value
 * and its SE); NA for a number that is not finite. */
static void td_pair(kstring_t *ks, const char *fmt, double a, const char *sep, double b)
{
    kputs("<td class=\"num\">", ks);
    h2_ksprint_num(ks, fmt, a);
    kputs(sep, ks);
    h2_ksprint_num(ks, fmt, b);
    kputs("</td>", ks);
}

static void row_text(kstring_t *ks, const char *k, const char *v)
{
    ksprintf(ks, "<tr><th>%s</th><td>", k);
    h2_xml_escape(v, ks);
    kputs("</td></tr>\n", ks);
}

static void row_num(kstring_t *ks, const char *k, const char *fmt, double v)
{
    ksprintf(ks, "<tr><th>%s</th>", k);
    td_num(ks, fmt, v);
    kputs("</tr>\n", ks);
}

/* The HER2 status headline (h2_her2_headline) in large type in the status's
 * colour, then the CN call and what stands behind it. */
static void answer(kstring_t *ks, const h2_summary_t *s, kstring_t *tmp)
{
    const h2_estimate_t *g = &s->e->g[0];
    const char *ish = h2_ish_group_name(g->ish_group);
    h2_her2_headline(g, tmp);
    ksprintf(ks, "<h1 class=\"%s\" style=\"color:%s\">", h2_her2_name(g->her2),
             h2_her2_colour(g->her2));
    h2_xml_escape(tmp->s, ks);
    kputs("</h1>\n", ks);
    ksprintf(ks, "<p class=\"sub\">CN call <b class=\"%s\">%s</b> (", h2_call_name(g->call),
             h2_call_name(g->call));
    h2_xml_escape(g->gene->name, ks);
    ksprintf(ks, " copy number against the AMP/GAIN/LOSS thresholds) &middot; context %s "
             "&middot; chr17 ratio ", h2_context_name(g->context));
    h2_ksprint_num(ks, "%.2f", g->ratio17);
    if (ish)
        ksprintf(ks, " &middot; ISH-like group %s (estimate from sequencing)", ish);
    kputs(" &middot; sample <b>", ks);
    h2_xml_escape(s->sample, ks);
    kputs("</b></p>\n", ks);
    h2_summary_filters(g->filters, ", ", tmp);
    if (g->filters) {
        kputs("<p class=\"warn\">FILTER: ", ks);
        kputs(tmp->s, ks);
        kputs(" &mdash; this result did not pass the quality filters (see QC).</p>\n", ks);
    }
}

static void genes_table(kstring_t *ks, const h2_summary_t *s, kstring_t *tmp)
{
    const h2_genome_t *gn = s->rs->genome;
    kputs("<h2>Results</h2>\n<table><tr><th>gene</th><th>position</th><th>call</th>"
          "<th>context</th><th>CN</th><th>95% CI</th><th>chr17 ratio</th><th>log2 &plusmn; SE</th>"
          "<th>depth</th><th>bins</th><th>QUAL</th><th>LoD CN</th><th>filter</th>"
          "<th>ISH-like group</th><th>HER2</th></tr>\n", ks);
    for (int k = 0; k < s->e->n; k++) {
        const h2_estimate_t *g = &s->e->g[k];
        const char *ish = h2_ish_group_name(g->ish_group);
        kputs("<tr><td><b>", ks);
        h2_xml_escape(g->gene->name, ks);
        kputs("</b></td><td>", ks);
        h2_xml_escape(gn->contigs[g->gene->contig].name, ks);
        ksprintf(ks, ":%lld-%lld</td><td class=\"%s\"><b>%s</b></td><td>%s</td>",
                 (long long)g->gene->start + 1, (long long)g->gene->end, h2_call_name(g->call),
                 h2_call_name(g->call), h2_context_name(g->context));
        td_num(ks, "%.2f", g->cn);
        td_pair(ks, "%.2f", g->cn_lo, "&ndash;", g->cn_hi);
        td_num(ks, "%.2f", g->ratio17);
        td_pair(ks, "%.3f", g->log2, " &plusmn; ", g->se);
        td_num(ks, "%.2f", g->depth);
        ksprintf(ks, "<td class=\"num\">%d</td>", g->n_bins);
        td_num(ks, "%.0f", g->qual);
        td_num(ks, "%.2f", g->lod_cn);
        h2_summary_filters(g->filters, ", ", tmp);
        ksprintf(ks, "<td>%s</td><td>%s</td><td><b style=\"color:%s\">%s</b></td>", tmp->s,
                 ish ? ish : "NA", h2_her2_colour(g->her2), h2_her2_name(g->her2));
        kputs("</tr>\n", ks);
    }
    kputs("</table>\n", ks);
}

/* The alternatives of the fit, best first: purity, ploidy and how much less
 * likely each is than the model used (as in the JSON). */
static void alternatives_table(kstring_t *ks, const h2_purity_t *f)
{
    kputs("<table><tr><th>alternative</th><th>purity</th><th>ploidy</th>"
          "<th>&Delta; log-likelihood</th></tr>\n", ks);
    for (int i = 0; i < f->n_alt; i++) {
        ksprintf(ks, "<tr><td>%d</td>", i + 1);
        td_num(ks, "%.2f", f->alt[i].model.purity);
        td_num(ks, "%.2f", f->alt[i].model.ploidy);
        td_num(ks, "%.1f", f->best.loglik - f->alt[i].loglik);
        kputs("</tr>\n", ks);
    }
    kputs("</table>\n", ks);
}

/* The copy-number model every CN uses and the genome-wide fit behind it
 * (README "Purity and ploidy"; field meanings as in the JSON "purity"). */
static void purity_table(kstring_t *ks, const h2_summary_t *s)
{
    const h2_estimates_t *e = s->e;
    const h2_purity_t *f = e->fit;
    kputs("<h2>Purity and ploidy</h2>\n<table>\n<tr><th>purity</th>", ks);
    if (e->purity_source == H2_SOURCE_UNKNOWN) {
        kputs("<td>unknown</td><td class=\"small\">CN is given at purity 1, a lower bound "
              "for a gain", ks);
        if (f && f->reason) {
            kputs(": ", ks);
            h2_xml_escape(f->reason, ks);
        }
        kputs("</td></tr>\n", ks);
    } else if (e->purity_source == H2_SOURCE_AMBIGUOUS) {
        td_num(ks, "%.2f", e->model.purity);
        kputs("<td class=\"small\">ambiguous: several readings fit the data (only priors "
              "separate them); this is the one the prior prefers, CICN spans them all (purity ",
              ks);
        h2_ksprint_num(ks, "%.2f", e->purity_lo);
        kputs("-", ks);
        h2_ksprint_num(ks, "%.2f", e->purity_hi);
        kputs(")</td></tr>\n", ks);
    } else {
        td_num(ks, "%.2f", e->model.purity);
        kputs("</tr>\n", ks);
    }
    row_text(ks, "source", h2_source_name(e->purity_source));
    kputs("<tr><th>interval</th>", ks);
    td_pair(ks, "%.2f", e->purity_lo, "&ndash;", e->purity_hi);
    kputs("</tr>\n<tr><th>ploidy</th>", ks);
    td_num(ks, "%.2f", e->model.ploidy);
    ksprintf(ks, "<td class=\"small\">%s</td></tr>\n", h2_source_name(e->ploidy_source));
    kputs("<tr><th>min detectable purity</th>", ks);
    if (isfinite(e->min_purity))
        td_num(ks, "%.2f", e->min_purity);
    else
        kputs("<td>none (not even at purity 1)</td>", ks);
    ksprintf(ks, "<td class=\"small\">for CN %g</td></tr>\n", s->copt->amp_cn);
    if (f) {
        ksprintf(ks, "<tr><th>het sites</th><td class=\"num\">%d</td></tr>\n"
                 "<tr><th>genome segments</th><td class=\"num\">%d</td></tr>\n",
                 f->n_sites, f->n_segs);
        if (f->n_alt == 0)
            kputs("<tr><th>alternatives</th><td>none</td></tr>\n", ks);
    }
    kputs("</table>\n", ks);
    if (f && f->n_alt > 0)
        alternatives_table(ks, f);
}

static void qc_table(kstring_t *ks, const h2_summary_t *s)
{
    const h2_norm_t *nm = s->nm;
    const h2_call_opt_t *o = s->copt;
    kputs("<h2>Quality control</h2>\n<table>\n", ks);
    row_num(ks, "baseline depth (median reference bin)", "%.3f", nm->baseline);
    ksprintf(ks, "<tr><th>noise: MAPD of reference bins</th><td class=\"num\">%.3f</td>"
             "<td class=\"small\">filter Noisy above %g</td></tr>\n", nm->mapd, o->max_mapd);
    row_num(ks, "robust SD of reference log2", "%.3f", nm->sd_ref);
    ksprintf(ks, "<tr><th>reference bins used</th><td class=\"num\">%d of %d</td>"
             "<td class=\"small\">filter FewBins below %d</td></tr>\n",
             nm->n_ref_usable, nm->n_ref, o->min_ref_bins);
    row_num(ks, "median reads per reference bin", "%.0f", nm->reads_ref);
    kputs("<tr><th>chr17 control</th><td class=\"num\">CN ", ks);
    h2_ksprint_num(ks, "%.2f", s->e->chr17_cn);
    kputs("</td><td class=\"small\">log2 ", ks);
    h2_ksprint_num(ks, "%.3f", s->e->chr17_log2);
    ksprintf(ks, ", %d bins, %s</td></tr>\n", s->e->n_chr17, h2_ctl_basis_name(s->e->chr17_basis));
    ksprintf(ks, "<tr><th>records read</th><td class=\"num\">%llu</td></tr>\n",
             (unsigned long long)s->c->n_records);
    kputs("</table>\n", ks);
}

static void settings_table(kstring_t *ks, const h2_summary_t *s)
{
    const h2_call_opt_t *o = s->copt;
    char buf[160];
    kputs("<h2>Settings</h2>\n<table>\n", ks);
    row_text(ks, "input", s->input);
    row_text(ks, "reference", s->reference ? s->reference : "none (no GC correction)");
    snprintf(buf, sizeof buf, "%s, %s, %s%s", h2_build_name(s->rs->build),
             s->rs->par.panel ? "panel" : "whole-genome", s->normalisation,
             s->nm->gc_corrected ? ", GC-corrected" : "");
    row_text(ks, "build, mode, normalisation", buf);
    snprintf(buf, sizeof buf, "purity %.2f [%.2f-%.2f] (%s), ploidy %.2f (%s)",
             s->e->model.purity, s->e->purity_lo, s->e->purity_hi,
             h2_source_name(s->e->purity_source), s->e->model.ploidy,
             h2_source_name(s->e->ploidy_source));
    row_text(ks, "purity and ploidy", buf);
    if (isfinite(s->e->min_purity))
        snprintf(buf, sizeof buf, "an amplification to CN %g would be detected at purity "
                 "%.2f or more", o->amp_cn, s->e->min_purity);
    else
        snprintf(buf, sizeof buf, "an amplification to CN %g would not be detected even at "
                 "purity 1", o->amp_cn);
    row_text(ks, "limit of detection", buf);
    snprintf(buf, sizeof buf, "AMP CN >= %g, GAIN CN >= %g, LOSS CN <= %g, FOCAL ratio >= %g",
             o->amp_cn, o->gain_cn, o->loss_cn, o->focal_ratio);
    row_text(ks, "thresholds", buf);
    snprintf(buf, sizeof buf, "her2cn %s, htslib %s", H2_VERSION, hts_version());
    row_text(ks, "software", buf);
    if (s->cmdline)
        row_text(ks, "command", s->cmdline);
    kputs("</table>\n", ks);
}

int h2_report_write(FILE *fp, const h2_summary_t *s)
{
    kstring_t ks = KS_INITIALIZE, tmp = KS_INITIALIZE;
    int ret;
    kputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>her2cn: ", &ks);
    h2_xml_escape(s->sample, &ks);
    ksprintf(&ks, "</title>\n<style>%s</style></head><body>\n", css);
    answer(&ks, s, &tmp);
    ret = h2_plot_svg(s, 0, &ks);
    genes_table(&ks, s, &tmp);
    purity_table(&ks, s);
    qc_table(&ks, s);
    settings_table(&ks, s);
    ksprintf(&ks, "<h2>Method</h2>\n%s\n<p class=\"small\">Full description: her2cn README, "
             "section Method.</p>\n</body></html>\n", method);
    if (ret == 0 && fwrite(ks.s, 1, ks.l, fp) != ks.l)
        ret = H2_EIO;
    free(ks.s);
    free(tmp.s);
    return ret;
}
