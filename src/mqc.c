/* mqc.c -- MultiQC custom content (MultiQC "custom content" JSON files, found
 * by their *_mqc.json names). Two files per sample, because one custom-content
 * file makes one MultiQC item:
 *   section (id her2cn): a table with one row per sample and called gene:
 *     CN, its 95% interval, chr17 ratio, call, context, filter;
 *   general stats (id her2cn_gs): one row per sample with the first called
 *     gene's (ERBB2's) CN, chr17 ratio and call, and the sample's MAPD.
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
    h2_json_kv_str(&j, "description", "Tumour copy number from read depth (95% interval), gene "
                   "depth over the chr17 control (the HER2/CEP17 analogue), and the call.");
    h2_json_kv_str(&j, "plot_type", "table");
    h2_json_key(&j, "pconfig");
    h2_json_begin_object(&j);
    h2_json_kv_str(&j, "id", "her2cn_table");
    h2_json_kv_str(&j, "title", "her2cn");
    h2_json_end_object(&j);
    h2_json_key(&j, "headers");
    h2_json_begin_object(&j);
    col(&j, "gene", "Gene", "called gene", NULL, NULL);
    col(&j, "cn", "CN", "tumour copy number", "{:,.2f}", "RdYlBu-rev");
    col(&j, "cn_lo", "CN low", "lower end of the 95% interval", "{:,.2f}", NULL);
    col(&j, "cn_hi", "CN high", "upper end of the 95% interval", "{:,.2f}", NULL);
    col(&j, "ratio17", "chr17 ratio", "gene depth / chr17-control depth", "{:,.2f}", "RdYlBu-rev");
    col(&j, "call", "Call", "AMP, GAIN, NEUTRAL or LOSS", NULL, NULL);
    col(&j, "context", "Context", "FOCAL, CHR17, FOCAL_ON_CHR17 or NONE", NULL, NULL);
    col(&j, "filter", "Filter", "PASS or the VCF FILTER names", NULL, NULL);
    h2_json_end_object(&j);
    h2_json_key(&j, "data");
    h2_json_begin_object(&j);
    for (int k = 0; k < s->e->n; k++) {
        const h2_estimate_t *g = &s->e->g[k];
        row_key(&j, s, k, &tmp);
        h2_json_begin_object(&j);
        h2_json_kv_str(&j, "gene", g->gene->name);
        h2_json_kv_num(&j, "cn", g->cn);
        h2_json_kv_num(&j, "cn_lo", g->cn_lo);
        h2_json_kv_num(&j, "cn_hi", g->cn_hi);
        h2_json_kv_num(&j, "ratio17", g->ratio17);
        h2_json_kv_str(&j, "call", h2_call_name(g->call));
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
    h2_json_t j;
    const h2_estimate_t *g = &s->e->g[0];
    ksprintf(&title, "%s CN", g->gene->name);
    mqc_sample(s->sample, &name);
    h2_json_init(&j, &ks, 2);
    h2_json_begin_object(&j);
    h2_json_kv_str(&j, "id", "her2cn_gs");
    h2_json_kv_str(&j, "plot_type", "generalstats");
    h2_json_key(&j, "pconfig");
    h2_json_begin_array(&j);
    h2_json_begin_object(&j);
    col(&j, "her2cn_cn", title.s, "her2cn: tumour copy number of the first called gene",
        "{:,.2f}", "RdYlBu-rev");
    h2_json_end_object(&j);
    h2_json_begin_object(&j);
    col(&j, "her2cn_ratio17", "chr17 ratio", "her2cn: gene depth / chr17-control depth",
        "{:,.2f}", "RdYlBu-rev");
    h2_json_end_object(&j);
    h2_json_begin_object(&j);
    col(&j, "her2cn_call", "HER2 call", "her2cn: AMP, GAIN, NEUTRAL or LOSS", NULL, NULL);
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
    h2_json_kv_num(&j, "her2cn_cn", g->cn);
    h2_json_kv_num(&j, "her2cn_ratio17", g->ratio17);
    h2_json_kv_str(&j, "her2cn_call", h2_call_name(g->call));
    h2_json_kv_num(&j, "her2cn_mapd", s->nm->mapd);
    h2_json_end_object(&j);
    h2_json_end_object(&j);
    h2_json_end_object(&j);
    kputc('\n', &ks);
    free(title.s);
    free(name.s);
    return flush(&ks, fp);
}
