/* plot.c -- the SVG plot (`call --plot`), written by hand.
 *
 * Layout (1000 x 640 px): a headline with the call in its colour, then two
 * panels of bin log2 ratios against position:
 *   1. the whole gene contig (chr17): control bins grey, window bins blue,
 *      gene bins red, the zoom window shaded;
 *   2. the window around the first called gene: window bins, each neighbour
 *      gene's log2 as a short bar over its span, the gene estimate as a thick
 *      bar with its 95% band, the amplicon segment (when known), and boxes for
 *      the genes under the axis.
 * Both panels draw the baseline (log2 0), the chr17-control level and the
 * log2 ratios that the AMP and GAIN copy-number thresholds give at this
 * purity and ploidy. Values beyond the y range are drawn at its edge. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "h2_summary.h"

#define W 1000
#define H 640
#define LEFT 70
#define RIGHT 150   /* room for the line labels */

#define C_CTRL "#8c8c8c"
#define C_LOCAL "#1f77b4"
#define C_GENE "#d62728"
#define C_NEIGH "#9467bd"
#define C_CHR17 "#2ca02c"
#define C_AMP "#d62728"
#define C_GAIN "#ff7f0e"
#define C_SEG "#17becf"

typedef struct {
    double x0, y0, w, h;        /* pixel box */
    double lo, hi;              /* genomic range (bp) */
    double ymin, ymax;          /* log2 range */
} panel_t;

static double px(const panel_t *p, double pos)
{
    return p->x0 + (pos - p->lo) / (p->hi - p->lo) * p->w;
}

static double py(const panel_t *p, double l2)
{
    if (l2 > p->ymax)
        l2 = p->ymax;
    if (l2 < p->ymin)
        l2 = p->ymin;
    return p->y0 + (p->ymax - l2) / (p->ymax - p->ymin) * p->h;
}

static const char *call_colour(h2_call_t c)
{
    return c == H2_CALL_AMP ? C_AMP : c == H2_CALL_GAIN ? C_GAIN :
           c == H2_CALL_LOSS ? C_LOCAL : "#444444";
}

/* y range: at least [-1.5, 1.5], wide enough for the thresholds, the gene
 * and the 99th-percentile-like maximum of the plotted bins, at most [-4, 8]. */
static void y_range(const h2_summary_t *s, double amp_l2, double *ymin, double *ymax)
{
    const h2_regset_t *rs = s->rs;
    double hi = 1.5, lo = -1.5;
    if (amp_l2 + 0.5 > hi)
        hi = amp_l2 + 0.5;
    for (int k = 0; k < s->e->n; k++)
        if (isfinite(s->e->g[k].log2) && s->e->g[k].log2 + 0.7 > hi)
            hi = s->e->g[k].log2 + 0.7;
    for (int i = 0; i < rs->n_bins; i++) {
        if (!s->nm->usable[i] || rs->bins[i].contig != rs->par.window_contig
            || rs->bins[i].role == H2_ROLE_REF)
            continue;
        double v = s->nm->log2[i];
        if (v + 0.3 > hi && rs->bins[i].role != H2_ROLE_CHR17)
            hi = v + 0.3;
        if (v - 0.3 < lo && v > -4)
            lo = v - 0.3;
    }
    *ymax = ceil(hi > 8 ? 8 : hi);
    *ymin = floor(lo < -4 ? -4 : lo);
}

typedef struct {
    double y;               /* pixel y of the line; label y after spreading */
    const char *colour, *dash;
    char label[48];
} level_t;

static void hline(kstring_t *ks, const panel_t *p, const level_t *l)
{
    ksprintf(ks, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
             "stroke-width=\"1.5\"%s%s%s/>\n", p->x0, l->y, p->x0 + p->w, l->y, l->colour,
             l->dash ? " stroke-dasharray=\"" : "", l->dash ? l->dash : "", l->dash ? "\"" : "");
}

static int level_cmp(const void *a, const void *b)
{
    double d = ((const level_t *)a)->y - ((const level_t *)b)->y;
    return (d > 0) - (d < 0);
}

static void axes(kstring_t *ks, const panel_t *p, const char *title, double xstep)
{
    ksprintf(ks, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" "
             "stroke=\"#333\"/>\n", p->x0, p->y0, p->w, p->h);
    ksprintf(ks, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"14\" font-weight=\"bold\">",
             p->x0, p->y0 - 8);
    h2_xml_escape(title, ks);
    kputs("</text>\n", ks);
    for (double v = p->ymin; v <= p->ymax + 1e-9; v += 1) {
        double y = py(p, v);
        ksprintf(ks, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#e5e5e5\"/>"
                 "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%g</text>\n",
                 p->x0, y, p->x0 + p->w, y, p->x0 - 5, y + 4, v);
    }
    ksprintf(ks, "<text transform=\"translate(%.1f,%.1f) rotate(-90)\" font-size=\"12\" "
             "text-anchor=\"middle\">log2 ratio</text>\n", p->x0 - 40, p->y0 + p->h / 2);
    for (double x = ceil(p->lo / xstep) * xstep; x <= p->hi; x += xstep)
        ksprintf(ks, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#333\"/>"
                 "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"middle\">%g</text>\n",
                 px(p, x), p->y0 + p->h, px(p, x), p->y0 + p->h + 4, px(p, x),
                 p->y0 + p->h + 16, x / 1e6);
}

/* Reference lines shared by both panels: baseline, AMP and GAIN thresholds,
 * chr17-control level; labels at the right, pushed apart so they never overlap. */
static void levels(kstring_t *ks, const panel_t *p, const h2_summary_t *s)
{
    level_t l[4];
    double v[4] = {0, h2_summary_log2_of_cn(s, s->copt->amp_cn),
                   h2_summary_log2_of_cn(s, s->copt->gain_cn), s->e->chr17_log2};
    int n = 0;
    for (int i = 0; i < 4; i++) {
        if (!isfinite(v[i]) || v[i] > p->ymax || v[i] < p->ymin)
            continue;
        l[n].y = py(p, v[i]);
        l[n].colour = i == 0 ? "#000000" : i == 1 ? C_AMP : i == 2 ? C_GAIN : C_CHR17;
        l[n].dash = i == 0 ? NULL : i == 3 ? "2,3" : "6,4";
        if (i == 0)
            snprintf(l[n].label, sizeof l[n].label, "baseline");
        else if (i == 3)
            snprintf(l[n].label, sizeof l[n].label, "chr17 control");
        else
            snprintf(l[n].label, sizeof l[n].label, "%s (CN %g)", i == 1 ? "AMP" : "GAIN",
                     i == 1 ? s->copt->amp_cn : s->copt->gain_cn);
        hline(ks, p, &l[n++]);
    }
    qsort(l, n, sizeof *l, level_cmp);
    for (int i = 1; i < n; i++)     /* top to bottom: at least 13 px apart */
        if (l[i].y < l[i - 1].y + 13)
            l[i].y = l[i - 1].y + 13;
    for (int i = 0; i < n; i++)
        ksprintf(ks, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" fill=\"%s\">%s</text>\n",
                 p->x0 + p->w + 6, l[i].y + 4, l[i].colour, l[i].label);
}

static void points(kstring_t *ks, const panel_t *p, const h2_summary_t *s, int with_ctrl)
{
    const h2_regset_t *rs = s->rs;
    for (int pass = 0; pass < 3; pass++)   /* control, then window, then gene on top */
        for (int i = 0; i < rs->n_bins; i++) {
            const h2_bin_t *b = &rs->bins[i];
            int want = pass == 0 ? H2_ROLE_CHR17 : pass == 1 ? H2_ROLE_LOCAL : H2_ROLE_GENE;
            if ((int)b->role != want || !s->nm->usable[i] || b->contig != rs->par.window_contig
                || (pass == 0 && !with_ctrl))
                continue;
            double mid = 0.5 * (double)(b->start + b->end);
            if (mid < p->lo || mid > p->hi)
                continue;
            const char *c = pass == 0 ? C_CTRL : pass == 1 ? C_LOCAL : C_GENE;
            ksprintf(ks, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%s\" fill=\"%s\" "
                     "fill-opacity=\"0.8\"/>\n", px(p, mid), py(p, s->nm->log2[i]),
                     pass == 2 ? "3.5" : "2.5", c);
        }
}

/* Neighbour bins: a bar at the gene's log2 over its span. */
static void neighbour_bars(kstring_t *ks, const panel_t *p, const h2_summary_t *s)
{
    const h2_regset_t *rs = s->rs;
    for (int i = 0; i < rs->n_bins; i++) {
        const h2_bin_t *b = &rs->bins[i];
        if (b->role != H2_ROLE_NEIGHBOUR || !s->nm->usable[i] || b->contig != rs->par.window_contig
            || b->end < p->lo || b->start > p->hi)
            continue;
        double y = py(p, s->nm->log2[i]);
        ksprintf(ks, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                 "stroke-width=\"4\"/>\n", px(p, b->start), y, px(p, b->end), y, C_NEIGH);
    }
}

/* The gene estimate (thick bar and 95% band) and the amplicon segment. */
static void estimates(kstring_t *ks, const panel_t *p, const h2_summary_t *s)
{
    for (int k = 0; k < s->e->n; k++) {
        const h2_estimate_t *g = &s->e->g[k];
        if (g->gene->contig != s->rs->par.window_contig || !isfinite(g->log2))
            continue;
        double x0 = px(p, g->gene->start), x1 = px(p, g->gene->end);
        double z = s->copt->z, yl = py(p, g->log2 - z * g->se), yh = py(p, g->log2 + z * g->se);
        if (x1 - x0 < 6)
            x0 -= 3, x1 += 3;
        ksprintf(ks, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\" "
                 "fill-opacity=\"0.25\"/>\n", x0, yh, x1 - x0, yl - yh > 1 ? yl - yh : 1, C_GENE);
        ksprintf(ks, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                 "stroke-width=\"5\"/>\n", x0, py(p, g->log2), x1, py(p, g->log2), C_GENE);
        if (s->segment && s->segment[k].present) {
            const h2_segment_t *sg = &s->segment[k];
            double y = py(p, sg->log2);
            ksprintf(ks, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                     "stroke-width=\"3\"/><text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" "
                     "fill=\"%s\">amplicon</text>\n",
                     px(p, sg->start), y, px(p, sg->end), y, C_SEG, px(p, sg->start), y - 6, C_SEG);
        }
    }
}

/* Boxes for the genes inside the zoom window. Their names would overlap (the
 * 17q12 genes sit within 0.4 Mb), so labels are spread along a row, in gene
 * order, at least their width apart, centred on the genes, and joined to their
 * boxes by a thin line. */
static void gene_boxes(kstring_t *ks, const panel_t *p, const h2_summary_t *s)
{
    const h2_regset_t *rs = s->rs;
    double y = p->y0 + p->h + 24, lx[64], mid[64], wid[64], shift = 0;
    int idx[64], n = 0;
    for (int k = 0; k < rs->n_genes && n < 64; k++) {
        const h2_gene_t *g = &rs->genes[k];
        if (g->contig != rs->par.window_contig || g->end < p->lo || g->start > p->hi)
            continue;
        int j = n++;   /* insertion sort by position */
        for (; j > 0 && rs->genes[idx[j - 1]].start > g->start; j--)
            idx[j] = idx[j - 1];
        idx[j] = k;
    }
    for (int i = 0; i < n; i++) {
        const h2_gene_t *g = &rs->genes[idx[i]];
        mid[i] = 0.5 * (px(p, g->start) + px(p, g->end));
        wid[i] = 7.0 * (double)strlen(g->name) + 8;
        lx[i] = i && lx[i - 1] + 0.5 * (wid[i - 1] + wid[i]) > mid[i]
                ? lx[i - 1] + 0.5 * (wid[i - 1] + wid[i]) : mid[i];
        shift += lx[i] - mid[i];
    }
    for (int i = 0; i < n; i++) {
        const h2_gene_t *g = &rs->genes[idx[i]];
        double x0 = px(p, g->start), x1 = px(p, g->end), x = lx[i] - (n ? shift / n : 0);
        const char *c = g->called ? C_GENE : C_NEIGH;
        if (x1 - x0 < 2)
            x1 = x0 + 2;
        ksprintf(ks, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"10\" fill=\"%s\"/>"
                 "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                 "stroke-width=\"0.7\"/><text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" "
                 "text-anchor=\"end\" transform=\"rotate(-35 %.1f %.1f)\" fill=\"%s\"%s>",
                 x0, y, x1 - x0, c, mid[i], y + 10, x, y + 30, c, x + 4, y + 40, x + 4, y + 40,
                 c, g->called ? " font-weight=\"bold\"" : "");
        h2_xml_escape(g->name, ks);
        kputs("</text>\n", ks);
    }
}

static void headline(kstring_t *ks, const h2_summary_t *s)
{
    const h2_estimate_t *g = &s->e->g[0];
    kstring_t f = KS_INITIALIZE;
    h2_summary_filters(g->filters, ",", &f);
    ksprintf(ks, "<text x=\"20\" y=\"36\" font-size=\"26\" font-weight=\"bold\" fill=\"%s\">",
             call_colour(g->call));
    h2_xml_escape(g->gene->name, ks);
    if (isfinite(g->cn))
        ksprintf(ks, " %s: CN %.1f (95%% CI %.1f-%.1f)</text>\n", h2_call_name(g->call), g->cn,
                 g->cn_lo, g->cn_hi);
    else
        ksprintf(ks, " %s: no estimate (no usable gene bins)</text>\n", h2_call_name(g->call));
    ksprintf(ks, "<text x=\"20\" y=\"60\" font-size=\"14\" fill=\"#333\">context %s, "
             "chr17 ratio ", h2_context_name(g->context));
    h2_ksprint_num(ks, "%.2f", g->ratio17);
    kputs(", log2 ", ks);
    h2_ksprint_num(ks, "%.2f", g->log2);
    ksprintf(ks, ", filter %s, sample ", f.s);
    h2_xml_escape(s->sample, ks);
    ksprintf(ks, ", purity %.2f (%s), ploidy %.2f</text>\n", s->e->model.purity,
             h2_source_name(s->e->purity_source), s->e->model.ploidy);
    free(f.s);
}

static void legend(kstring_t *ks, double y)
{
    static const struct { const char *c, *t; int dot; } items[] = {
        {C_GENE, "gene bins / estimate", 1}, {C_LOCAL, "17q12 window bins", 1},
        {C_CTRL, "chr17 control bins", 1}, {C_NEIGH, "neighbour genes", 0},
        {C_CHR17, "chr17 control level", 0}};
    double x = LEFT;
    for (size_t i = 0; i < sizeof items / sizeof items[0]; i++) {
        if (items[i].dot)
            ksprintf(ks, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\"/>", x + 5, y - 4,
                     items[i].c);
        else
            ksprintf(ks, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                     "stroke-width=\"4\"/>", x, y - 4, x + 12, y - 4, items[i].c);
        ksprintf(ks, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\">%s</text>\n", x + 16, y,
                 items[i].t);
        x += 175;
    }
}

int h2_plot_svg(const h2_summary_t *s, int with_headline, kstring_t *ks)
{
    const h2_regset_t *rs = s->rs;
    const h2_contig_t *ctg = &rs->genome->contigs[rs->par.window_contig];
    panel_t top = {LEFT, 100, W - LEFT - RIGHT, 170, 0, (double)ctg->len, 0, 0};
    panel_t zoom = {LEFT, 330, W - LEFT - RIGHT, 190, (double)rs->par.local_start,
                    (double)rs->par.local_end, 0, 0};
    kstring_t title = KS_INITIALIZE;
    size_t l0 = ks->l;
    if (zoom.hi <= zoom.lo)
        zoom.lo = (double)rs->genes[0].start, zoom.hi = (double)rs->genes[0].end;
    y_range(s, h2_summary_log2_of_cn(s, s->copt->amp_cn), &top.ymin, &top.ymax);
    zoom.ymin = top.ymin;
    zoom.ymax = top.ymax;
    int top_y = with_headline ? 0 : 72;   /* without the headline, crop it off */
    ksprintf(ks, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
             "viewBox=\"0 %d %d %d\" font-family=\"DejaVu Sans, Arial, sans-serif\">\n"
             "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>\n", W, H - top_y, top_y, W,
             H - top_y, W, H);
    if (with_headline)
        headline(ks, s);
    ksprintf(ks, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#fff3c4\"/>\n",
             px(&top, zoom.lo), top.y0, px(&top, zoom.hi) - px(&top, zoom.lo), top.h);
    kputs(ctg->name, &title);
    kputs(" (Mb): all bins", &title);
    axes(ks, &top, title.s, 10e6);
    levels(ks, &top, s);
    points(ks, &top, s, 1);
    title.l = 0;
    ksprintf(&title, "%s %.1f-%.1f Mb: the %s region (shaded above)", ctg->name, zoom.lo / 1e6,
             zoom.hi / 1e6, rs->genes[0].name);
    axes(ks, &zoom, title.s, zoom.hi - zoom.lo > 3e6 ? 1e6 : 0.5e6);
    levels(ks, &zoom, s);
    points(ks, &zoom, s, 0);
    neighbour_bars(ks, &zoom, s);
    estimates(ks, &zoom, s);
    gene_boxes(ks, &zoom, s);
    legend(ks, H - 12);
    kputs("</svg>\n", ks);
    free(title.s);
    return ks->l > l0 && ks->s ? 0 : H2_ENOMEM;
}

int h2_plot_write(FILE *fp, const h2_summary_t *s)
{
    kstring_t ks = KS_INITIALIZE;
    int ret = kputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", &ks) < 0 ? H2_ENOMEM
              : h2_plot_svg(s, 1, &ks);
    if (ret == 0 && fwrite(ks.s, 1, ks.l, fp) != ks.l)
        ret = H2_EIO;
    free(ks.s);
    return ret;
}
