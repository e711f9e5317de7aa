/* cohort.c -- `her2cn cohort`'s reading and writing (h2_cohort.h): one row
 * per `call --json` summary (its first called gene, ERBB2), then the cohort
 * TSV, the IGV SEG file of the genome-wide segments (purity.segments: the
 * JSON holds segments, not bins) and a one-page HTML summary whose table
 * sorts on a click (a few lines of inline script; no network, no files). */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "h2_cohort.h"
#include "h2_jsonread.h"
#include "h2_summary.h"

static char *dup_or_na(const char *s)
{
    return strdup(s ? s : "NA");
}

static int read_file(const char *path, kstring_t *ks, h2_err_t *err)
{
    FILE *fp;
    char buf[65536];
    size_t n;
    errno = 0;
    if (!(fp = fopen(path, "rb")))
        return h2_fail(err, H2_EIO, "cannot read \"%s\": %s", path, strerror(errno));
    while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
        if (kputsn(buf, n, ks) < 0) {
            fclose(fp);
            return h2_fail(err, H2_ENOMEM, "out of memory reading \"%s\"", path);
        }
    int bad = ferror(fp);
    fclose(fp);
    if (bad)
        return h2_fail(err, H2_EIO, "cannot read \"%s\": %s", path, strerror(errno ? errno : EIO));
    return 0;
}

static void row_free(h2_cohort_row_t *r)
{
    char **s[] = {&r->file, &r->sample, &r->gene, &r->her2, &r->basis, &r->ish, &r->ish_ci,
                  &r->call, &r->filter, &r->qc, &r->purity_source, &r->ploidy_source, &r->headline};
    for (size_t i = 0; i < sizeof s / sizeof s[0]; i++)
        free(*s[i]);
    for (int i = 0; i < r->n_segs; i++)
        free(r->segs[i].contig);
    free(r->segs);
}

void h2_cohort_free(h2_cohort_t *c)
{
    for (int i = 0; i < c->n; i++)
        row_free(&c->rows[i]);
    free(c->rows);
    memset(c, 0, sizeof *c);
}

const char *h2_cohort_qc(const char *filters)
{
    if (!filters || !strcmp(filters, "PASS"))
        return "PASS";
    const char *p = filters;
    while (*p) {
        size_t n = strcspn(p, ";");
        if (!((n == 13 && !strncmp(p, "PurityUnknown", n)) || (n == 13 && !strncmp(p, "HER2Uncertain", n))))
            return "FAIL";
        p += n + (p[n] == ';');
    }
    return "WARN";
}

/* A list of strings or integers, joined by sep; "NA" when empty or absent. */
static char *join(const h2_jv_t *a, const char *sep)
{
    kstring_t ks = KS_INITIALIZE;
    for (int i = 0; a && a->type == H2_JV_ARR && i < a->n; i++) {
        const h2_jv_t *v = &a->items[i];
        if (ks.l)
            kputs(sep, &ks);
        if (v->type == H2_JV_STR)
            kputs(v->str, &ks);
        else if (v->type == H2_JV_NUM)
            ksprintf(&ks, "%g", v->num);
    }
    if (!ks.l)
        kputs("NA", &ks);
    return ks.s;
}

static int fill_row(h2_cohort_row_t *r, const h2_jv_t *d, const char *path, h2_err_t *err)
{
    const h2_jv_t *g = h2_jv_at(h2_jv_get(d, "genes"), 0), *pur = h2_jv_get(d, "purity");
    const h2_jv_t *segs = h2_jv_get(pur, "segments");
    if (!h2_jv_str(h2_jv_get(d, "sample")) || !g || !h2_jv_str(h2_jv_get(g, "gene"))
        || !h2_jv_str(h2_jv_get(g, "call")) || !pur)
        return h2_fail(err, H2_EINPUT, "\"%s\": a her2cn-call summary without sample, genes or "
                       "purity", path);
    r->file = strdup(path);
    r->sample = strdup(h2_jv_str(h2_jv_get(d, "sample")));
    r->gene = strdup(h2_jv_str(h2_jv_get(g, "gene")));
    r->her2 = dup_or_na(h2_jv_str(h2_jv_get(g, "her2")));
    r->basis = dup_or_na(h2_jv_str(h2_jv_get(g, "her2_basis")));
    r->ish = dup_or_na(h2_jv_str(h2_jv_get(g, "ish_group")));
    r->ish_ci = join(h2_jv_get(g, "ish_group_ci"), ",");
    r->call = strdup(h2_jv_str(h2_jv_get(g, "call")));
    r->filter = join(h2_jv_get(g, "filters"), ";");
    r->qc = r->filter ? strdup(h2_cohort_qc(r->filter)) : NULL;
    r->purity_source = dup_or_na(h2_jv_str(h2_jv_get(pur, "source")));
    r->ploidy_source = dup_or_na(h2_jv_str(h2_jv_get(pur, "ploidy_source")));
    r->headline = dup_or_na(h2_jv_str(h2_jv_get(g, "headline")));
    r->cn = h2_jv_num(h2_jv_get(g, "cn"));
    r->cn_lo = h2_jv_num(h2_jv_at(h2_jv_get(g, "ci"), 0));
    r->cn_hi = h2_jv_num(h2_jv_at(h2_jv_get(g, "ci"), 1));
    r->chr17_cn = h2_jv_num(h2_jv_get(h2_jv_get(d, "chr17_control"), "cn"));
    r->purity = h2_jv_num(h2_jv_get(pur, "value"));
    r->purity_lo = h2_jv_num(h2_jv_at(h2_jv_get(pur, "ci"), 0));
    r->purity_hi = h2_jv_num(h2_jv_at(h2_jv_get(pur, "ci"), 1));
    r->ploidy = h2_jv_num(h2_jv_get(pur, "ploidy"));
    r->mapd = h2_jv_num(h2_jv_get(h2_jv_get(d, "qc"), "mapd"));
    if (!r->file || !r->sample || !r->gene || !r->her2 || !r->basis || !r->ish || !r->ish_ci
        || !r->call || !r->filter || !r->qc || !r->purity_source || !r->ploidy_source || !r->headline)
        return h2_fail(err, H2_ENOMEM, "out of memory");
    if (segs && segs->type == H2_JV_ARR && segs->n > 0) {
        if (!(r->segs = calloc((size_t)segs->n, sizeof *r->segs)))
            return h2_fail(err, H2_ENOMEM, "out of memory");
        for (int i = 0; i < segs->n; i++) {
            const h2_jv_t *s = &segs->items[i];
            const char *ctg = h2_jv_str(h2_jv_get(s, "contig"));
            double a = h2_jv_num(h2_jv_get(s, "start")), b = h2_jv_num(h2_jv_get(s, "end"));
            if (!ctg || !isfinite(a) || !isfinite(b))
                return h2_fail(err, H2_EINPUT, "\"%s\": purity.segments[%d] has no contig, start "
                               "or end", path, i);
            h2_cohort_seg_t *o = &r->segs[r->n_segs++];
            if (!(o->contig = strdup(ctg)))
                return h2_fail(err, H2_ENOMEM, "out of memory");
            o->start = (long long)a;
            o->end = (long long)b;
            o->bins = (int)h2_jv_num(h2_jv_get(s, "bins"));
            o->log2 = h2_jv_num(h2_jv_get(s, "log2"));
        }
    }
    return 0;
}

int h2_cohort_add(h2_cohort_t *c, const char *path, h2_err_t *err)
{
    kstring_t ks = KS_INITIALIZE;
    h2_jv_t *d = NULL;
    int ret;
    if ((ret = read_file(path, &ks, err)) < 0)
        goto out;
    if (!(d = h2_jv_parse(ks.s ? ks.s : "", ks.l, err, &ret))) {
        if (ret == H2_EINPUT) {
            char why[sizeof err->msg];
            memcpy(why, err->msg, sizeof why);
            ret = h2_fail(err, H2_EINPUT, "\"%s\" is not valid JSON: %s", path, why);
        }
        goto out;
    }
    const char *schema = h2_jv_str(h2_jv_get(d, "schema"));
    double version = h2_jv_num(h2_jv_get(d, "schema_version"));
    if (!schema || strcmp(schema, "her2cn-call") != 0) {
        ret = h2_fail(err, H2_EINPUT, "\"%s\" is not a her2cn call --json summary (no \"schema\": "
                      "\"her2cn-call\")", path);
        goto out;
    }
    if (version != 2) {
        ret = h2_fail(err, H2_EINPUT, "\"%s\": schema_version %g, this her2cn reads version 2",
                      path, version);
        goto out;
    }
    if (c->n == c->m) {
        int m = c->m ? 2 * c->m : 64;
        h2_cohort_row_t *rows = realloc(c->rows, (size_t)m * sizeof *rows);
        if (!rows) {
            ret = h2_fail(err, H2_ENOMEM, "out of memory");
            goto out;
        }
        c->rows = rows;
        c->m = m;
    }
    h2_cohort_row_t *r = &c->rows[c->n++];
    memset(r, 0, sizeof *r);
    r->cn = NAN;
    if ((ret = fill_row(r, d, path, err)) < 0)
        goto out;
    for (int i = 0; i < c->n - 1; i++)   /* quadratic, but 10,000 samples take < 0.1 s */
        if (!strcmp(c->rows[i].sample, r->sample)) {
            ret = h2_fail(err, H2_EINPUT, "sample \"%s\" twice: \"%s\" and \"%s\" (each sample once; "
                          "rename one with call -s)", r->sample, c->rows[i].file, path);
            goto out;
        }
out:
    free(ks.s);
    h2_jv_destroy(d);
    return ret;
}

static void num(kstring_t *ks, const char *fmt, double v)
{
    kputc('\t', ks);
    h2_ksprint_num(ks, fmt, v);
}

static int flush(kstring_t *ks, FILE *fp)
{
    int ret = !ks->l || fwrite(ks->s, 1, ks->l, fp) == ks->l ? 0 : H2_EIO;
    free(ks->s);
    return ret;
}

/* Tabs and newlines in a name would break a TSV or SEG row: spaces instead. */
static void cell(kstring_t *ks, const char *s)
{
    for (; *s; s++)
        kputc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, ks);
}

int h2_cohort_write_tsv(FILE *fp, const h2_cohort_t *c)
{
    kstring_t ks = KS_INITIALIZE;
    kputs("sample\tgene\ther2\ther2_basis\tish_group\tish_group_ci\tcall\tcn\tcn_lo\tcn_hi\t"
          "chr17_cn\tpurity\tpurity_lo\tpurity_hi\tpurity_source\tploidy\tploidy_source\tfilter\t"
          "qc\tmapd\tfile\n", &ks);
    for (int i = 0; i < c->n; i++) {
        const h2_cohort_row_t *r = &c->rows[i];
        cell(&ks, r->sample);
        ksprintf(&ks, "\t%s\t%s\t%s\t%s\t%s\t%s", r->gene, r->her2, r->basis, r->ish, r->ish_ci,
                 r->call);
        num(&ks, "%.3f", r->cn);
        num(&ks, "%.3f", r->cn_lo);
        num(&ks, "%.3f", r->cn_hi);
        num(&ks, "%.3f", r->chr17_cn);
        num(&ks, "%.4g", r->purity);
        num(&ks, "%.4g", r->purity_lo);
        num(&ks, "%.4g", r->purity_hi);
        ksprintf(&ks, "\t%s", r->purity_source);
        num(&ks, "%.4g", r->ploidy);
        ksprintf(&ks, "\t%s\t%s\t%s", r->ploidy_source, r->filter, r->qc);
        num(&ks, "%.4f", r->mapd);
        kputc('\t', &ks);
        cell(&ks, r->file);
        kputc('\n', &ks);
    }
    return flush(&ks, fp);
}

/* The sample name as MultiQC's row key: < > & " ' ` and control characters
 * become '_' (as in call's --mqc files, mqc.c). */
static void mqc_cell(kstring_t *ks, const char *s)
{
    for (; *s; s++)
        kputc((unsigned char)*s < 0x20 || *s == 0x7f || strchr("<>&\"'`", *s) ? '_' : *s, ks);
}

int h2_cohort_write_mqc(FILE *fp, const h2_cohort_t *c)
{
    kstring_t ks = KS_INITIALIZE;
    kputs("# id: 'her2cn_cohort'\n"
          "# section_name: 'her2cn cohort: HER2 status per sample'\n"
          "# description: 'One row per her2cn call (its first called gene): the HER2 status "
          "first, then the ISH-like group, the copy-number call, CN with its 95% interval, the "
          "chr17 control CN, purity and its source, FILTER and the QC summary.'\n"
          "# plot_type: 'table'\n"
          "Sample\tHER2 status\tISH-like group\tCN call\tCN\tCN low\tCN high\tchr17 CN\t"
          "purity\tpurity source\tFILTER\tQC\n", &ks);
    for (int i = 0; i < c->n; i++) {
        const h2_cohort_row_t *r = &c->rows[i];
        mqc_cell(&ks, r->sample);
        ksprintf(&ks, "\t%s\t%s\t%s", r->her2, r->ish, r->call);
        num(&ks, "%.3f", r->cn);
        num(&ks, "%.3f", r->cn_lo);
        num(&ks, "%.3f", r->cn_hi);
        num(&ks, "%.3f", r->chr17_cn);
        num(&ks, "%.4g", r->purity);
        ksprintf(&ks, "\t%s\t%s\t%s\n", r->purity_source, r->filter, r->qc);
    }
    return flush(&ks, fp);
}

int h2_cohort_write_seg(FILE *fp, const h2_cohort_t *c)
{
    kstring_t ks = KS_INITIALIZE;
    kputs("ID\tchrom\tloc.start\tloc.end\tnum.mark\tseg.mean\n", &ks);
    for (int i = 0; i < c->n; i++)
        for (int k = 0; k < c->rows[i].n_segs; k++) {
            const h2_cohort_seg_t *s = &c->rows[i].segs[k];
            if (!isfinite(s->log2))
                continue;
            cell(&ks, c->rows[i].sample);
            ksprintf(&ks, "\t%s\t%lld\t%lld\t%d\t%.4f\n", s->contig, s->start, s->end, s->bins,
                     s->log2);
        }
    return flush(&ks, fp);
}

static h2_her2_t her2_of(const char *name)
{
    return !strcmp(name, "AMPLIFIED") ? H2_HER2_AMPLIFIED : !strcmp(name, "EQUIVOCAL")
           ? H2_HER2_EQUIVOCAL : !strcmp(name, "NOT_AMPLIFIED") ? H2_HER2_NOT_AMPLIFIED : H2_HER2_NA;
}

/* CN by sample, in input order: a dot at the CN and a bar over its 95%
 * interval, coloured by HER2 status, on a log2 axis (CN is never capped, so
 * 0.5 to the highest upper end). */
static void plot(kstring_t *ks, const h2_cohort_t *c)
{
    const double left = 60, top = 20, h = 260, step = c->n > 100 ? 5 : c->n > 40 ? 10 : 20;
    double w = fmax(400, step * c->n), hi = 8;
    for (int i = 0; i < c->n; i++)
        if (isfinite(c->rows[i].cn_hi))
            hi = fmax(hi, c->rows[i].cn_hi);
    double lmax = ceil(log2(hi)), lmin = -1;
#define Y(cn) (top + h - h * (log2(fmax(cn, 0.5)) - lmin) / (lmax - lmin))
    ksprintf(ks, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
             "font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"11\">\n", left + w + 20,
             top + h + 40);
    ksprintf(ks, "<rect x=\"%.0f\" y=\"%.0f\" width=\"%.0f\" height=\"%.0f\" fill=\"none\" "
             "stroke=\"#333\"/>\n", left, top, w, h);
    for (double l = lmin; l <= lmax; l++)
        ksprintf(ks, "<line x1=\"%.0f\" x2=\"%.0f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#e5e5e5\"/>"
                 "<text x=\"%.0f\" y=\"%.1f\" text-anchor=\"end\">%g</text>\n", left, left + w,
                 Y(pow(2, l)), Y(pow(2, l)), left - 5, Y(pow(2, l)) + 4, pow(2, l));
    for (double cut = 4; cut <= 6; cut += 2)
        ksprintf(ks, "<line x1=\"%.0f\" x2=\"%.0f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#999\" "
                 "stroke-dasharray=\"4,3\"/>\n", left, left + w, Y(cut), Y(cut));
    ksprintf(ks, "<text transform=\"translate(15,%.0f) rotate(-90)\" text-anchor=\"middle\">"
             "ERBB2 copy number (log scale; dashed: 4 and 6)</text>\n", top + h / 2);
    for (int i = 0; i < c->n; i++) {
        const h2_cohort_row_t *r = &c->rows[i];
        double x = left + step * (i + 0.5);
        const char *col = h2_her2_colour(her2_of(r->her2));
        kputs("<g class=\"sample\"><title>", ks);
        h2_xml_escape(r->headline, ks);
        kputs(" (", ks);
        h2_xml_escape(r->sample, ks);
        kputs(")</title>", ks);
        if (isfinite(r->cn_lo) && isfinite(r->cn_hi))
            ksprintf(ks, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                     "stroke-width=\"2\"/>", x, x, Y(r->cn_lo), Y(r->cn_hi), col);
        if (isfinite(r->cn))
            ksprintf(ks, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>", x, Y(r->cn), col);
        kputs("</g>\n", ks);
        if (step >= 20) {
            ksprintf(ks, "<text transform=\"translate(%.1f,%.0f) rotate(45)\" font-size=\"9\">",
                     x - 3, top + h + 8);
            h2_xml_escape(r->sample, ks);
            kputs("</text>\n", ks);
        }
    }
#undef Y
    kputs("</svg>\n", ks);
}

static const char *sort_js =
    "document.querySelectorAll('th').forEach(function(th,col){th.onclick=function(){"
    "var tb=th.closest('table').tBodies[0],rows=Array.from(tb.rows),asc=th.dataset.asc!=='1';"
    "th.dataset.asc=asc?'1':'0';rows.sort(function(a,b){var x=a.cells[col].textContent,"
    "y=b.cells[col].textContent,p=parseFloat(x),q=parseFloat(y);"
    "var r=(!isNaN(p)&&!isNaN(q))?p-q:x.localeCompare(y);return asc?r:-r;});"
    "rows.forEach(function(r){tb.appendChild(r);});};});";

int h2_cohort_write_html(FILE *fp, const h2_cohort_t *c)
{
    kstring_t ks = KS_INITIALIZE;
    int count[4] = {0};
    for (int i = 0; i < c->n; i++)
        count[her2_of(c->rows[i].her2)]++;
    kputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
          "<title>her2cn cohort</title>\n<style>body{font-family:'DejaVu Sans',Arial,sans-serif;"
          "margin:24px;color:#222}table{border-collapse:collapse;font-size:13px}td,th{padding:2px "
          "8px;border-bottom:1px solid #eee;text-align:left}th{background:#f4f4f4;cursor:pointer}"
          ".num{text-align:right}</style></head><body>\n", &ks);
    ksprintf(&ks, "<h1>her2cn cohort: %d samples</h1>\n<p>HER2 status (an estimate from "
             "sequencing, not an ISH result): <b style=\"color:%s\">%d AMPLIFIED</b>, <b style=\""
             "color:%s\">%d EQUIVOCAL</b>, <b style=\"color:%s\">%d NOT_AMPLIFIED</b>, %d not "
             "estimated. Click a column heading to sort.</p>\n", c->n,
             h2_her2_colour(H2_HER2_AMPLIFIED), count[H2_HER2_AMPLIFIED],
             h2_her2_colour(H2_HER2_EQUIVOCAL), count[H2_HER2_EQUIVOCAL],
             h2_her2_colour(H2_HER2_NOT_AMPLIFIED), count[H2_HER2_NOT_AMPLIFIED],
             count[H2_HER2_NA]);
    plot(&ks, c);
    kputs("<table><thead><tr><th>sample</th><th>HER2 status</th><th>basis</th><th>ISH-like "
          "group</th><th>groups in CI</th><th>CN call</th><th>CN</th><th>CN low</th><th>CN high"
          "</th><th>chr17 CN</th><th>purity</th><th>purity source</th><th>ploidy</th><th>filter"
          "</th><th>QC</th><th>MAPD</th></tr></thead><tbody>\n", &ks);
    for (int i = 0; i < c->n; i++) {
        const h2_cohort_row_t *r = &c->rows[i];
        const char *text[] = {r->sample, r->her2, r->basis, r->ish, r->ish_ci, r->call};
        kputs("<tr>", &ks);
        for (size_t k = 0; k < sizeof text / sizeof text[0]; k++) {
            if (k == 1)
                ksprintf(&ks, "<td><b style=\"color:%s\">", h2_her2_colour(her2_of(r->her2)));
            else
                kputs("<td>", &ks);
            h2_xml_escape(text[k], &ks);
            kputs(k == 1 ? "</b></td>" : "</td>", &ks);
        }
        double v[] = {r->cn, r->cn_lo, r->cn_hi, r->chr17_cn, r->purity};
        for (size_t k = 0; k < sizeof v / sizeof v[0]; k++) {
            kputs("<td class=\"num\">", &ks);
            h2_ksprint_num(&ks, "%.2f", v[k]);
            kputs("</td>", &ks);
        }
        kputs("<td>", &ks);
        h2_xml_escape(r->purity_source, &ks);
        kputs("</td><td class=\"num\">", &ks);
        h2_ksprint_num(&ks, "%.2f", r->ploidy);
        kputs("</td><td>", &ks);
        h2_xml_escape(r->filter, &ks);
        ksprintf(&ks, "</td><td>%s</td><td class=\"num\">", r->qc);
        h2_ksprint_num(&ks, "%.3f", r->mapd);
        kputs("</td></tr>\n", &ks);
    }
    ksprintf(&ks, "</tbody></table>\n<script>%s</script>\n</body></html>\n", sort_js);
    return flush(&ks, fp);
}
