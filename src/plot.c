/* plot.c -- the SVG plot (`call --plot`), written by hand.
 *
 * Layout (1000 x 640 px, 1020 with the genome panel): a headline with the
 * HER2 status in its colour, the CN call and the purity and ploidy, then two panels of bin log2
 * ratios against position:
 *   1. the whole gene contig (chr17): control bins grey, window bins blue,
 *      gene bins red, the zoom window shaded;
 *   2. the window around the first called gene: window bins, each neighbour
 *      gene's log2 as a short bar over its span, the gene estimate as a thick
 *      bar with its 95% band, the amplicon segment (when known), and boxes for
 *      the genes under the axis.
 * Both panels draw the baseline (log2 0), the chr17-control level and the
 * log2 ratios that the AMP and GAIN copy-number thresholds give at this
 * purity and ploidy. A third, genome-wide panel (copy number and allele
 * fractions of the purity fit's segments) follows when the fit has segments;
 * see "genome-wide panel" below. Values beyond the y range are drawn at its
 * edge; a value that is not finite is not drawn. */
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
    return H2_CMP(d, 0);
}

/* Labels of lines l[0..n) at the right of panel p, pushed apart (top to
 * bottom, at least 13 px) so that they never overlap; l is reordered. */
static void level_labels(kstring_t *ks, const panel_t *p, level_t *l, int n)
{
    qsort(l, n, sizeof *l, level_cmp);
    for (int i = 1; i < n; i++)
        if (l[i].y < l[i - 1].y + 13)
            l[i].y = l[i - 1].y + 13;
    for (int i = 0; i < n; i++)
        ksprintf(ks, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" fill=\"%s\">%s</text>\n",
                 p->x0 + p->w + 6, l[i].y + 4, l[i].colour, l[i].label);
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
    level_labels(ks, p, l, n);
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
        if (k == 0 && s->e->amp.found) {    /* the amplicon belongs to genes[0] */
            const h2_amplicon_t *sg = &s->e->amp;
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

/* "purity 0.62 (estimated, 0.55-0.70), ploidy 2.90 (estimated)", or the
 * unknown purity in words. Plain ASCII, nothing to escape. */
static void purity_text(const h2_estimates_t *e, kstring_t *ks)
{
    if (e->purity_source == H2_SOURCE_UNKNOWN)
        kputs("purity unknown: CN at purity 1 is a lower bound", ks);
    else if (e->purity_source == H2_SOURCE_AMBIGUOUS) {
        kputs("purity ambiguous: several readings fit; shown ", ks);
        h2_ksprint_num(ks, "%.2f", e->model.purity);
        kputs(", CI spans ", ks);
        h2_ksprint_num(ks, "%.2f", e->purity_lo);
        kputs("-", ks);
        h2_ksprint_num(ks, "%.2f", e->purity_hi);
    }
    else {
        kputs("purity ", ks);
        h2_ksprint_num(ks, "%.2f", e->model.purity);
        ksprintf(ks, " (%s", h2_source_name(e->purity_source));
        if (e->purity_source == H2_SOURCE_ESTIMATED) {
            kputs(", ", ks);
            h2_ksprint_num(ks, "%.2f", e->purity_lo);
            kputc('-', ks);
            h2_ksprint_num(ks, "%.2f", e->purity_hi);
        }
        kputc(')', ks);
    }
    kputs(", ploidy ", ks);
    h2_ksprint_num(ks, "%.2f", e->model.ploidy);
    ksprintf(ks, " (%s)", h2_source_name(e->ploidy_source));
}

/* Three lines: the HER2 status headline (h2_her2_headline) in the status's
 * colour, squeezed to the width when long; the CN call, context, ratio,
 * filter and sample; the purity and ploidy. */
static void headline(kstring_t *ks, const h2_summary_t *s)
{
    const h2_estimate_t *g = &s->e->g[0];
    kstring_t f = KS_INITIALIZE, h = KS_INITIALIZE;
    h2_summary_filters(g->filters, ",", &f);
    h2_her2_headline(g, &h);
    /* bold DejaVu Sans: about 0.64 em a character (h.l counts bytes, a slight
     * overestimate for UTF-8); smaller type for a long headline, squeezed to
     * the width below 12 px */
    double size = fmax(12, fmin(21, (W - 40) / (0.64 * (double)h.l)));
    ksprintf(ks, "<text class=\"headline\" x=\"20\" y=\"32\" font-size=\"%.0f\" "
             "font-weight=\"bold\" fill=\"%s\"", floor(size), h2_her2_colour(g->her2));
    if (0.64 * floor(size) * (double)h.l > W - 40)
        ksprintf(ks, " textLength=\"%d\" lengthAdjust=\"spacingAndGlyphs\"", W - 40);
    kputc('>', ks);
    h2_xml_escape(h.s, ks);
    kputs("</text>\n", ks);
    ksprintf(ks, "<text x=\"20\" y=\"53\" font-size=\"14\" fill=\"#333\">CN call "
             "<tspan font-weight=\"bold\" fill=\"%s\">%s</tspan>, context %s, chr17 ratio ",
             call_colour(g->call), h2_call_name(g->call), h2_context_name(g->context));
    h2_ksprint_num(ks, "%.2f", g->ratio17);
    kputs(", log2 ", ks);
    h2_ksprint_num(ks, "%.2f", g->log2);
    ksprintf(ks, ", filter %s, sample ", f.s);
    h2_xml_escape(s->sample, ks);
    kputs("</text>\n<text class=\"purity\" x=\"20\" y=\"71\" font-size=\"13\" fill=\"#333\">", ks);
    purity_text(s->e, ks);
    kputs("</text>\n", ks);
    free(f.s);
    free(h.s);
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

/* ---- genome-wide panel (CNVkit/PURPLE style) ----
 * The contigs of the genome-wide bins (REF and CHR17) laid end to end in
 * region-set order, each over its full length. Top strip: bin log2 ratios as
 * grey dots, every genome segment of the purity fit as a bar at its log2 in
 * the colour of its fitted copy state, and the log2 ratios that states 1..6
 * give under the model (h2_model_ratio). Bottom strip: the minor-allele
 * fraction of the het sites (at most GW_MAX_SITES, every k-th site), each
 * segment's pooled fraction, and where the fitted states' dots are expected
 * (gw_baf_states: h2_model_baf folded and selected as the dots are). Drawn
 * only when the fit has segments. */

#define GW_H 380            /* extra canvas height for the panel */
#define GW_MAX_SITES 3000   /* het-site dots drawn at most (SVG size) */
#define GW_MAX_STATES 16    /* distinct (CN, minor) lines in the allele strip */

typedef struct {
    panel_t cn, baf;        /* the two strips; x in genome coordinates */
    double *off;            /* per genome contig: offset of its start, or -1 */
    int *order, n_order;    /* the contigs shown, left to right */
} gw_t;

static const char *state_colour(int cn)
{
    static const char *const c[] = {"#08306b", "#2171b5", "#444444", "#fd8d3c", "#e6550d",
                                    "#d62728", "#a50f15", "#67000d", "#3f007d"};
    return cn < 0 ? "#999999" : c[cn < 8 ? cn : 8];
}

static int has_genome_panel(const h2_summary_t *s)
{
    return s->e->fit && s->e->fit->n_segs > 0 && s->e->fit->segs;
}

/* Contig offsets and the log2 range of the top strip: every state line
 * 1..6 and segment inside, at least [-1.5, 1.5], at most [-4, 4]. */
static int gw_init(const h2_summary_t *s, double y0, gw_t *g)
{
    const h2_regset_t *rs = s->rs;
    const h2_purity_t *f = s->e->fit;
    double total = 0, lo = -1.5, hi = 1.5;
    memset(g, 0, sizeof *g);
    if (!(g->off = malloc((rs->genome->n_contigs + 1) * sizeof *g->off))
        || !(g->order = malloc((rs->genome->n_contigs + 1) * sizeof *g->order)))
        return H2_ENOMEM;
    for (int c = 0; c < rs->genome->n_contigs; c++)
        g->off[c] = -1;
    for (int i = 0; i < rs->n_bins; i++) {
        int c = rs->bins[i].contig;
        if ((rs->bins[i].role == H2_ROLE_REF || rs->bins[i].role == H2_ROLE_CHR17)
            && g->off[c] < 0) {
            g->off[c] = total;
            total += (double)rs->genome->contigs[c].len;
            g->order[g->n_order++] = c;
        }
    }
    for (int c = 1; c <= 6; c++) {
        double v = log2(h2_model_ratio(&s->e->model, c));
        if (isfinite(v))
            lo = fmin(lo, v - 0.25), hi = fmax(hi, v + 0.25);
    }
    for (int i = 0; i < f->n_segs; i++)
        if (isfinite(f->segs[i].log2))
            lo = fmin(lo, f->segs[i].log2 - 0.25), hi = fmax(hi, f->segs[i].log2 + 0.25);
    g->cn = (panel_t){LEFT, y0, W - LEFT - RIGHT, 170, 0, total > 0 ? total : 1,
                      floor(fmax(lo, -4)), ceil(fmin(hi, 4))};
    g->baf = (panel_t){LEFT, y0 + 195, W - LEFT - RIGHT, 110, 0, g->cn.hi, 0, 0.5};
    return 0;
}

static void gw_free(gw_t *g)
{
    free(g->off);
    free(g->order);
}

/* Boxes, y ticks, contig boundaries and names (without a "chr" prefix when the
 * full name does not fit, left out when neither does). */
static void gw_frame(kstring_t *ks, const gw_t *g, const h2_genome_t *gn)
{
    const panel_t *ps[2] = {&g->cn, &g->baf};
    for (int k = 0; k < 2; k++) {
        const panel_t *p = ps[k];
        double step = k ? 0.1 : 1;
        ksprintf(ks, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" "
                 "stroke=\"#333\"/>\n", p->x0, p->y0, p->w, p->h);
        for (double v = p->ymin; v <= p->ymax + 1e-9; v += step)
            ksprintf(ks, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#e5e5e5\"/>"
                     "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%g</text>\n",
                     p->x0, py(p, v), p->x0 + p->w, py(p, v), p->x0 - 5, py(p, v) + 4,
                     fabs(v) < 1e-9 ? 0.0 : v);
        ksprintf(ks, "<text transform=\"translate(%.1f,%.1f) rotate(-90)\" font-size=\"12\" "
                 "text-anchor=\"middle\">%s</text>\n", p->x0 - 40, p->y0 + p->h / 2,
                 k ? "minor allele fraction" : "log2 ratio");
    }
    for (int i = 0; i < g->n_order; i++) {
        int c = g->order[i];
        const char *name = gn->contigs[c].name;
        double x0 = px(&g->cn, g->off[c]), x1 = px(&g->cn, g->off[c] + (double)gn->contigs[c].len);
        if (i > 0)
            ksprintf(ks, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#bbb\" "
                     "stroke-width=\"0.5\"/>\n", x0, g->cn.y0, x0, g->baf.y0 + g->baf.h);
        if (6.5 * (double)strlen(name) > x1 - x0)
            name = h2_contig_bare(name);
        if (6.5 * (double)strlen(name) > x1 - x0)
            continue;
        ksprintf(ks, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"middle\">",
                 0.5 * (x0 + x1), g->baf.y0 + g->baf.h + 13);
        h2_xml_escape(name, ks);
        kputs("</text>\n", ks);
    }
}

static double gx(const gw_t *g, int contig, double pos)
{
    return px(&g->cn, g->off[contig] + pos);
}

/* Bin log2 ratios and the lines of integer states 1..6 under the model. */
static void gw_bins_and_states(kstring_t *ks, const gw_t *g, const h2_summary_t *s)
{
    const h2_regset_t *rs = s->rs;
    level_t l[6];
    int n = 0;
    for (int i = 0; i < rs->n_bins; i++) {
        const h2_bin_t *b = &rs->bins[i];
        if ((b->role != H2_ROLE_REF && b->role != H2_ROLE_CHR17) || !s->nm->usable[i]
            || !isfinite(s->nm->log2[i]) || g->off[b->contig] < 0)
            continue;
        ksprintf(ks, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"1.3\" fill=\"%s\" fill-opacity=\"0.6\"/>\n",
                 gx(g, b->contig, 0.5 * (double)(b->start + b->end)), py(&g->cn, s->nm->log2[i]),
                 C_CTRL);
    }
    for (int c = 1; c <= 6; c++) {
        double v = log2(h2_model_ratio(&s->e->model, c));
        if (!isfinite(v) || v < g->cn.ymin || v > g->cn.ymax)
            continue;
        l[n] = (level_t){py(&g->cn, v), state_colour(c), "4,3", ""};
        snprintf(l[n].label, sizeof l[n].label, "CN %d", c);
        hline(ks, &g->cn, &l[n++]);
    }
    level_labels(ks, &g->cn, l, n);
}

/* Each segment: a bar at its log2 (class "gseg"), its state above it where
 * the bar is wide enough, and a bar at its minor-allele fraction (class
 * "gsegbaf") when it has sites. */
static void gw_segments(kstring_t *ks, const gw_t *g, const h2_summary_t *s)
{
    const h2_purity_t *f = s->e->fit;
    for (int i = 0; i < f->n_segs; i++) {
        const h2_gseg_t *sg = &f->segs[i];
        if (sg->contig < 0 || sg->contig >= s->rs->genome->n_contigs || g->off[sg->contig] < 0)
            continue;
        double x0 = gx(g, sg->contig, (double)sg->start), x1 = gx(g, sg->contig, (double)sg->end);
        const char *col = state_colour(sg->cn);
        if (x1 - x0 < 1.5)
            x1 = x0 + 1.5;
        if (isfinite(sg->log2)) {
            double y = py(&g->cn, sg->log2);
            ksprintf(ks, "<line class=\"gseg\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                     "stroke=\"%s\" stroke-width=\"4\"/>\n", x0, y, x1, y, col);
            if (sg->cn >= 0 && x1 - x0 >= (sg->cn >= 10 ? 16 : 10))
                ksprintf(ks, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"middle\" "
                         "fill=\"%s\">%d</text>\n", 0.5 * (x0 + x1), y - 5, col, sg->cn);
        }
        if (isfinite(sg->maf)) {
            double y = py(&g->baf, sg->maf);
            ksprintf(ks, "<line class=\"gsegbaf\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                     "stroke=\"%s\" stroke-width=\"4\"/>\n", x0, y, x1, y, col);
        }
    }
}

/* Het-site dots (class "het"): every k-th site with reads, k chosen so that
 * at most GW_MAX_SITES are drawn; the same sites on every run. */
static void gw_sites(kstring_t *ks, const gw_t *g, const h2_summary_t *s)
{
    const h2_alleles_t *al = s->c ? s->c->alleles : NULL;
    int m = 0, k = 0;
    if (!al)
        return;
    for (int j = 0; j < al->n; j++)
        m += isfinite(h2_allele_maf(&al->a[j]));
    int step = m > GW_MAX_SITES ? (m + GW_MAX_SITES - 1) / GW_MAX_SITES : 1;
    for (int j = 0; j < al->n; j++) {
        const h2_allele_t *a = &al->a[j];
        double v = h2_allele_maf(a);
        if (!isfinite(v) || k++ % step || a->contig < 0 || a->contig >= s->rs->genome->n_contigs
            || g->off[a->contig] < 0)
            continue;
        ksprintf(ks, "<circle class=\"het\" cx=\"%.1f\" cy=\"%.1f\" r=\"1.2\" fill=\"%s\" "
                 "fill-opacity=\"0.5\"/>\n", gx(g, a->contig, (double)a->pos), py(&g->baf, v),
                 C_CTRL);
    }
}

/* Where a site's dot is expected: the folded, selected fraction
 * (h2_folded_maf_expected) at its read count n and the het rule's threshold
 * t there; memo[n] caches it (with memo_t[n] its t) for n below GW_MEMO. */
#define GW_MEMO 1024
static double site_expected(const h2_alleles_t *al, const h2_allele_t *a, double b,
                            double *memo, int *memo_t)
{
    int n = (int)(a->n_a + a->n_b), t = 0;
    if (al->min_reads > 0) {
        double need = ceil(al->min_frac * a->depth - 1e-9);
        t = need > al->min_reads ? (int)need : al->min_reads;
    }
    if (n >= GW_MEMO)
        return h2_folded_maf_expected(b, n, t);
    if (memo_t[n] != t) {
        memo[n] = h2_folded_maf_expected(b, n, t);
        memo_t[n] = t;
    }
    return memo[n];
}

/* The minor-allele fraction each fitted state's sites are expected to show,
 * one line per distinct (CN, minor) state, labelled "CN:minor" (class
 * "bafexp"). The dots are min(k, n-k)/n of the sites the het rule kept, which
 * at low depth lie well above the state's fraction b = h2_model_baf (an LOH
 * segment's by ~0.1 at 8 reads), so the line is the mean of their expected
 * folded, selected fractions (site_expected) over the sites of the state's
 * segments; b itself when those segments have no sites. */
static void gw_baf_states(kstring_t *ks, const gw_t *g, const h2_summary_t *s)
{
    const h2_purity_t *f = s->e->fit;
    const h2_alleles_t *al = s->c ? s->c->alleles : NULL;
    level_t l[GW_MAX_STATES];
    int seen[GW_MAX_STATES][2], n = 0;
    double memo[GW_MEMO];
    int memo_t[GW_MEMO];
    for (int i = 0; i < f->n_segs && n < GW_MAX_STATES; i++) {
        const h2_gseg_t *sg = &f->segs[i];
        double v = h2_model_baf(s->e->model.purity, sg->cn, sg->minor), sum = 0;
        int dup = 0, m = 0;
        for (int j = 0; j < n; j++)
            dup |= seen[j][0] == sg->cn && seen[j][1] == sg->minor;
        if (sg->cn < 0 || sg->minor < 0 || dup || !isfinite(v) || v < 0 || v > 0.5)
            continue;
        for (int k = 0; k < GW_MEMO; k++)
            memo_t[k] = -1;
        for (int q = i; al && q < f->n_segs; q++) {     /* every segment of this state */
            const h2_gseg_t *o = &f->segs[q];
            if (o->cn != sg->cn || o->minor != sg->minor)
                continue;
            for (int j = o->first_het; j < o->first_het + o->n_het && j < al->n; j++) {
                if (j < 0 || !isfinite(h2_allele_maf(&al->a[j])))
                    continue;
                double x = site_expected(al, &al->a[j], v, memo, memo_t);
                if (isfinite(x))
                    sum += x, m++;
            }
        }
        if (m > 0)
            v = sum / m;
        seen[n][0] = sg->cn;
        seen[n][1] = sg->minor;
        l[n] = (level_t){py(&g->baf, v), state_colour(sg->cn), "4,3", ""};
        snprintf(l[n].label, sizeof l[n].label, "%d:%d", sg->cn, sg->minor);
        ksprintf(ks, "<line class=\"bafexp\" x1=\"%.1f\" y1=\"%.2f\" x2=\"%.1f\" y2=\"%.2f\" "
                 "stroke=\"%s\" stroke-width=\"1.5\" stroke-dasharray=\"4,3\"><title>%s</title>"
                 "</line>\n", g->baf.x0, l[n].y, g->baf.x0 + g->baf.w, l[n].y, l[n].colour,
                 l[n].label);
        n++;
    }
    level_labels(ks, &g->baf, l, n);
}

static void gw_title(kstring_t *ks, const gw_t *g, const h2_summary_t *s)
{
    const h2_purity_t *f = s->e->fit;
    ksprintf(ks, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"14\" font-weight=\"bold\">Genome: "
             "%d segments, %d het sites (states as CN and CN:minor)</text>\n", g->cn.x0,
             g->cn.y0 - 26, f->n_segs, f->n_sites);
    ksprintf(ks, "<text class=\"purity\" x=\"%.1f\" y=\"%.1f\" font-size=\"12\" fill=\"#333\">",
             g->cn.x0, g->cn.y0 - 9);
    purity_text(s->e, ks);
    if (f->reason) {
        kputs(" (", ks);
        h2_xml_escape(f->reason, ks);
        kputc(')', ks);
    }
    kputs("</text>\n", ks);
}

/* The panel below the existing ones, its top at y0. 0 or H2_ENOMEM. */
static int genome_panel(kstring_t *ks, const h2_summary_t *s, double y0)
{
    gw_t g;
    int ret = gw_init(s, y0, &g);
    if (ret < 0)
        goto out;
    gw_title(ks, &g, s);
    gw_frame(ks, &g, s->rs->genome);
    gw_bins_and_states(ks, &g, s);
    gw_sites(ks, &g, s);
    gw_baf_states(ks, &g, s);
    gw_segments(ks, &g, s);
out:
    gw_free(&g);
    return ret;
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
    int top_y = with_headline ? 0 : 74;   /* without the headline, crop it off */
    int gw = has_genome_panel(s), h = H + (gw ? GW_H : 0), ret = 0;
    ksprintf(ks, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
             "viewBox=\"0 %d %d %d\" font-family=\"DejaVu Sans, Arial, sans-serif\">\n"
             "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>\n", W, h - top_y, top_y, W,
             h - top_y, W, h);
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
    if (gw)
        ret = genome_panel(ks, s, H + 40);
    kputs("</svg>\n", ks);
    free(title.s);
    return ret < 0 ? ret : ks->l > l0 && ks->s ? 0 : H2_ENOMEM;
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
