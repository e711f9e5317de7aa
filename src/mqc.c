/* mqc.c -- MultiQC custom content (MultiQC "custom content" JSON files, found
 * by their *_mqc.json names). Three files per sample, because one custom-content
 * file makes one MultiQC item:
 *   section (id her2cn): a table with one row per sample and called gene:
 *     HER2 status, its basis, ISH-like group, CN call, CN and its 95%
 *     interval, chr17 ratio, context, filter;
 *   general stats (id her2cn_gs): one row per sample with the first called
 *     gene's (ERBB2's) HER2 status, ISH-like group, CN call, CN and chr17
 *     ratio, and the sample's MAPD;
 *   plot (id her2cn_plot): a stacked bar per sample, 0 to the CN interval's
 *     low end then the interval itself, in the HER2 status's colour (six
 *     categories, two per status; a sample fills only its own status's).
 * Files with the same id from many samples are merged by MultiQC. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "h2_json.h"
#include "h2_summary.h"

static void col(h2_json_t *j, const char *id, const char *title, const char *desc,
                const char *fmt, const char *scale)
{
    h2_json_key(j, id);
    h2_json_begin_object(j);
    h2_json_kv_str(j, "title", title);
    h2_json_kv_str(j, "description", desc);
    if (fmt) {
        h2_json_kv_str(j, "format", fmt);
    }
    h2_json_key(j, "scale");
    if (scale)
        h2_json_str(j, scale);
    else
        h2_json_bool(j, 0);
    h2_json_end_object(j);
}

static int flush(kstring_t *ks, FILE *fp)
{
    int ret = fwrite(ks->s, 1, ks->l, fp) == ks->l ? 0 : H2_EIO;
    free(ks->s);
    return ret;
}

/* The sample as MultiQC's sample name (a key of "data"): < > & " ' ` and
 * control characters (bytes below 0x20, and 0x7f) become '_'. MultiQC puts
 * sample names into its HTML report, and here the name is a key that rows of
 * other tools are matched by, so it is made plain rather than HTML-escaped (an
 * escaped "&lt;" would show as such in a MultiQC that escapes, a raw "<" would
 * run in one that does not). Other bytes, UTF-8 included, are kept; the JSON
 * writer turns ill-formed UTF-8 into U+FFFD. The VCF, JSON, HTML and SVG keep
 * the name as given (escaped for their format). */
static void mqc_sample(const char *name, kstring_t *out)
{
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        int bad = *p < 0x20 || *p == 0x7f || strchr("<>&\"'`", *p) != NULL;
        kputc(bad ? '_' : *p, out);
    }
}

/* Row key: the sample, plus the gene when more than one gene is called. */
static void row_key(h2_json_t *j, const h2_summary_t *s, int k, kstring_t *tmp)
{
    tmp->l = 0;
    mqc_sample(s->sample, tmp);
    if (s->e->n > 1) {
        kputs(" ", tmp);
        kputs(s->e->g[k].gene->name, tmp);
    }
    h2_json_key(j, tmp->s);
}

int h2_mqc_write(FILE *fp, const h2_summary_t *s)
{
    kstring_t ks = KS_INITIALIZE, tmp = KS_INITIALIZE, filt = KS_INITIALIZE;
    h2_json_t j;
    h2_json_init(&j, &ks, 2);
    h2_json_begin_object(&j);
    h2_json_kv_str(&j, "id", "her2cn");
    h2_json_kv_str(&j, "section_name", "her2cn: ERBB2 copy number");
    h2_json_kv_str(&j, "description", "HER2 status (ISH-like group from sequencing: an estimate, "
                   "not an ISH result), the copy-number call (CN against the AMP/GAIN/LOSS "
                   "thresholds), tumour copy number from read depth (95% interval) and gene "
                   "depth over the chr17 control (the HER2/CEP17 analogue).");
    h2_json_kv_str(&j, "plot_type", "table");
    h2_json_key(&j, "pconfig");
    h2_json_begin_object(&j);
    h2_json_kv_str(&j, "id", "her2cn_table");
    h2_json_kv_str(&j, "title", "her2cn");
    h2_json_end_object(&j);
    h2_json_key(&j, "headers");
    h2_json_begin_object(&j);
    col(&j, "gene", "Gene", "called gene", NULL, NULL);
    col(&j, "her2", "HER2 status", "AMPLIFIED, EQUIVOCAL (needs IHC work-up) or NOT_AMPLIFIED; "
        "NA without an estimate", NULL, NULL);
    col(&j, "her2_basis", "HER2 basis", "DUAL_PROBE (ISH-like group) or SINGLE_PROBE (CN alone: "
        "no chr17 control)", NULL, NULL);
    col(&j, "ish_group", "ISH-like group", "ASCO/CAP 2018 group 1-5 (NA without a chr17 control)",
        NULL, NULL);
    col(&j, "call", "CN call", "copy-number call: AMP, GAIN, NEUTRAL or LOSS", NULL, NULL);
    col(&j, "cn", "CN", "tumour copy number", "{:,.2f}", "RdYlBu-rev");
    col(&j, "cn_lo", "CN low", "lower end of the 95% interval", "{:,.2f}", NULL);
    col(&j, "cn_hi", "CN high", "upper end of the 95% interval", "{:,.2f}", NULL);
    col(&j, "ratio17", "chr17 ratio", "gene depth / chr17-control depth", "{:,.2f}", "RdYlBu-rev");
    col(&j, "context", "Context", "FOCAL, CHR17, FOCAL_ON_CHR17 or NONE", NULL, NULL);
    col(&j, "filter", "Filter", "PASS or the VCF FILTER names", NULL, NULL);
    h2_json_end_object(&j);
    h2_json_key(&j, "data");
    h2_json_begin_object(&j);
    for (int k = 0; k < s->e->n; k++) {
        const h2_estimate_t *g = &s->e->g[k];
        row_key(&j, s, k, &tmp);
        h2_json_begin_object(&j);
        const char *ish = h2_ish_group_name(g->ish_group);
        h2_json_kv_str(&j, "gene", g->gene->name);
        h2_json_kv_str(&j, "her2", h2_her2_name(g->her2));
        h2_json_kv_str(&j, "her2_basis", h2_her2_basis_name(g->her2_basis));
        h2_json_kv_str(&j, "ish_group", ish ? ish : "NA");
        h2_json_kv_str(&j, "call", h2_call_name(g->call));
        h2_json_kv_num(&j, "cn", g->cn);
        h2_json_kv_num(&j, "cn_lo", g->cn_lo);
        h2_json_kv_num(&j, "cn_hi", g->cn_hi);
        h2_json_kv_num(&j, "ratio17", g->ratio17);
        h2_json_kv_str(&j, "context", h2_context_name(g->context));
        h2_summary_filters(g->filters, ";", &filt);
        h2_json_kv_str(&j, "filter", filt.s);
        h2_json_end_object(&j);
    }
    h2_json_end_object(&j);
    h2_json_end_object(&j);
    kputc('\n', &ks);
    free(tmp.s);
    free(filt.s);
    return flush(&ks, fp);
}

int h2_mqc_gs_write(FILE *fp, const h2_summary_t *s)
{
    kstring_t ks = KS_INITIALIZE, title = KS_INITIALIZE, name = KS_INITIALIZE;
    kstring_t call = KS_INITIALIZE;
    h2_json_t j;
    const h2_estimate_t *g = &s->e->g[0];
    const char *ish = h2_ish_group_name(g->ish_group);
    ksprintf(&title, "%s CN", g->gene->name);
    mqc_sample(s->sample, &name);
    ksprintf(&call, "%s CN call", g->gene->name);
    h2_json_init(&j, &ks, 2);
    h2_json_begin_object(&j);
    h2_json_kv_str(&j, "id", "her2cn_gs");
    h2_json_kv_str(&j, "plot_type", "generalstats");
    h2_json_key(&j, "pconfig");
    h2_json_begin_array(&j);
    h2_json_begin_object(&j);
    col(&j, "her2cn_her2", "HER2 status", "her2cn: AMPLIFIED, EQUIVOCAL (needs IHC work-up) or "
        "NOT_AMPLIFIED, from the ISH-like group (an estimate from sequencing)", NULL, NULL);
    h2_json_end_object(&j);
    h2_json_begin_object(&j);
    col(&j, "her2cn_ish_group", "ISH-like group", "her2cn: ASCO/CAP 2018 group 1-5 (NA: "
        "single-probe basis, no chr17 control)", NULL, NULL);
    h2_json_end_object(&j);
    h2_json_begin_object(&j);
    col(&j, "her2cn_call", call.s, "her2cn: copy-number call of the first called gene, AMP, "
        "GAIN, NEUTRAL or LOSS (CN against fixed thresholds; not the HER2 status)", NULL, NULL);
    h2_json_end_object(&j);
    h2_json_begin_object(&j);
    col(&j, "her2cn_cn", title.s, "her2cn: tumour copy number of the first called gene",
        "{:,.2f}", "RdYlBu-rev");
    h2_json_end_object(&j);
    h2_json_begin_object(&j);
    col(&j, "her2cn_ratio17", "chr17 ratio", "her2cn: gene depth / chr17-control depth",
        "{:,.2f}", "RdYlBu-rev");
    h2_json_end_object(&j);
    h2_json_begin_object(&j);
    col(&j, "her2cn_mapd", "MAPD", "her2cn: noise, median absolute pairwise difference of "
        "reference-bin log2 ratios", "{:,.3f}", "Greys");
    h2_json_end_object(&j);
    h2_json_end_array(&j);
    h2_json_key(&j, "data");
    h2_json_begin_object(&j);
    h2_json_key(&j, name.s);
    h2_json_begin_object(&j);
    h2_json_kv_str(&j, "her2cn_her2", h2_her2_name(g->her2));
    h2_json_kv_str(&j, "her2cn_ish_group", ish ? ish : "NA");
    h2_json_kv_str(&j, "her2cn_call", h2_call_name(g->call));
    h2_json_kv_num(&j, "her2cn_cn", g->cn);
    h2_json_kv_num(&j, "her2cn_ratio17", g->ratio17);
    h2_json_kv_num(&j, "her2cn_mapd", s->nm->mapd);
    h2_json_end_object(&j);
    h2_json_end_object(&j);
    h2_json_end_object(&j);
    kputc('\n', &ks);
    free(title.s);
    free(name.s);
    free(call.s);
    return flush(&ks, fp);
}

/* The bar plot: MultiQC draws bargraph categories stacked in the order given,
 * so each status has a "CN up to the interval" part (full colour) and a "95%
 * interval" part (light); a sample has numbers only in its own status's two
 * categories (the others 0). NA (no estimate) has no bar. */
int h2_mqc_plot_write(FILE *fp, const h2_summary_t *s)
{
    static const struct { h2_her2_t h; const char *light; } st[] = {
        {H2_HER2_AMPLIFIED, "#f4a6a6"}, {H2_HER2_EQUIVOCAL, "#f7c98b"},
        {H2_HER2_NOT_AMPLIFIED, "#bdbdbd"}};
    kstring_t ks = KS_INITIALIZE, tmp = KS_INITIALIZE, nm = KS_INITIALIZE;
    h2_json_t j;
    const h2_estimate_t *g = &s->e->g[0];
    int ok = isfinite(g->cn_lo) && isfinite(g->cn_hi);
    h2_json_init(&j, &ks, 2);
    h2_json_begin_object(&j);
    h2_json_kv_str(&j, "id", "her2cn_plot");
    h2_json_kv_str(&j, "section_name", "her2cn: ERBB2 copy number by HER2 status");
    h2_json_kv_str(&j, "description", "Each bar runs from 0 to the upper end of the 95% "
                   "interval of the tumour copy number; the light part is the interval. Colour: "
                   "HER2 status (red AMPLIFIED, orange EQUIVOCAL, grey NOT_AMPLIFIED).");
    h2_json_kv_str(&j, "plot_type", "bargraph");
    h2_json_key(&j, "pconfig");
    h2_json_begin_object(&j);
    h2_json_kv_str(&j, "id", "her2cn_plot_bar");
    h2_json_kv_str(&j, "title", "her2cn: copy number and 95% interval by HER2 status");
    h2_json_kv_str(&j, "ylab", "tumour copy number");
    h2_json_key(&j, "cpswitch");
    h2_json_bool(&j, 0);
    h2_json_end_object(&j);
    h2_json_key(&j, "categories");
    h2_json_begin_object(&j);
    for (size_t i = 0; i < sizeof st / sizeof st[0]; i++) {
        const char *name = h2_her2_name(st[i].h);
        tmp.l = 0;
        ksprintf(&tmp, "%s_lo", name);
        h2_json_key(&j, tmp.s);
        h2_json_begin_object(&j);
        tmp.l = 0;
        ksprintf(&tmp, "%s: CN interval low end", name);
        h2_json_kv_str(&j, "name", tmp.s);
        h2_json_kv_str(&j, "color", h2_her2_colour(st[i].h));
        h2_json_end_object(&j);
        tmp.l = 0;
        ksprintf(&tmp, "%s_ci", name);
        h2_json_key(&j, tmp.s);
        h2_json_begin_object(&j);
        tmp.l = 0;
        ksprintf(&tmp, "%s: 95%% interval", name);
        h2_json_kv_str(&j, "name", tmp.s);
        h2_json_kv_str(&j, "color", st[i].light);
        h2_json_end_object(&j);
    }
    h2_json_end_object(&j);
    h2_json_key(&j, "data");
    h2_json_begin_object(&j);
    mqc_sample(s->sample, &nm);     /* the row key, made plain as in the other two */
    h2_json_key(&j, nm.s);
    h2_json_begin_object(&j);
    for (size_t i = 0; i < sizeof st / sizeof st[0]; i++) {
        int mine = ok && g->her2 == st[i].h;
        const char *name = h2_her2_name(st[i].h);
        tmp.l = 0;
        ksprintf(&tmp, "%s_lo", name);
        h2_json_kv_num(&j, tmp.s, mine ? g->cn_lo : 0);
        tmp.l = 0;
        ksprintf(&tmp, "%s_ci", name);
        h2_json_kv_num(&j, tmp.s, mine ? g->cn_hi - g->cn_lo : 0);
    }
    h2_json_end_object(&j);
    h2_json_end_object(&j);
    h2_json_end_object(&j);
    kputc('\n', &ks);
    free(tmp.s);
    free(nm.s);
    return flush(&ks, fp);
}
