/* segment.c -- circular binary segmentation and the amplicon around the gene.
 *
 * CBS after Olshen et al. (Biostatistics 2004): the statistic, the permutation
 * test and the recursion are described in h2_segment.h. The permutation
 * p-value uses a splitmix64/xorshift RNG seeded from (seed, segment start,
 * segment end), so a segment's test does not depend on the order in which
 * the recursion reaches it and the output is the same on every run. The test
 * stops early once more than alpha * nperm permutations reach the observed
 * maximum (the split can then no longer be accepted). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "her2cn.h"
#include "h2_segment.h"
#include "h2_stats.h"

void h2_cbs_opt_init(h2_cbs_opt_t *o)
{
    o->alpha = 0.01;
    o->nperm = 1000;
    o->min_width = 2;
    o->seed = 1;
}

static uint64_t splitmix64(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Uniform integer in [0, n) (n small: the modulo bias is < 2^-50). */
static int rand_below(uint64_t *s, int n)
{
    return (int)(splitmix64(s) % (uint64_t)n);
}

/* Best arc of y[0..m-1]: returns max T and sets *bi, *bj (arc [bi,bj)).
 * cs is scratch of m+1 partial sums. Returns -1 when no arc is allowed. */
static double max_arc(const double *y, int m, int mw, double *cs, int *bi, int *bj)
{
    double best = -1;
    cs[0] = 0;
    for (int i = 0; i < m; i++)
        cs[i + 1] = cs[i] + y[i];
    double tot = cs[m];
    for (int i = 0; i < m; i++) {
        if (i > 0 && i < mw)
            continue;
        for (int j = i + mw; j <= m; j++) {
            int k = j - i;
            if (m - k < mw || (j < m && m - j < mw) || (i == 0 && j == m))
                continue;
            double d = cs[j] - cs[i];
            double diff = d / k - (tot - d) / (m - k);
            double t = fabs(diff) / sqrt(1.0 / k + 1.0 / (m - k));
            if (t > best) {
                best = t;
                *bi = i;
                *bj = j;
            }
        }
    }
    return best;
}

typedef struct {
    const h2_cbs_opt_t *o;
    double *perm, *cs;
    h2_seg_t *segs;
    int n_segs, cap;
} cbs_t;

static int push_seg(cbs_t *c, const double *x, int s, int e)
{
    if (hts_resize(h2_seg_t, c->n_segs + 1, &c->cap, &c->segs, 0) < 0)
        return H2_ENOMEM;
    double sum = 0;
    for (int i = s; i < e; i++)
        sum += x[i];
    c->segs[c->n_segs].start = s;
    c->segs[c->n_segs].end = e;
    c->segs[c->n_segs].mean = sum / (e - s);
    c->n_segs++;
    return 0;
}

/* Permutation p-value below alpha? */
static int significant(cbs_t *c, const double *y, int m, double tobs, int s, int e)
{
    const h2_cbs_opt_t *o = c->o;
    uint64_t st = o->seed ^ ((uint64_t)s << 32) ^ (uint64_t)e;
    int limit = (int)floor(o->alpha * o->nperm), exceed = 0, bi, bj;
    splitmix64(&st);
    memcpy(c->perm, y, m * sizeof *y);
    for (int p = 0; p < o->nperm; p++) {
        for (int i = m - 1; i > 0; i--) {   /* Fisher-Yates */
            int r = rand_below(&st, i + 1);
            double t = c->perm[i];
            c->perm[i] = c->perm[r];
            c->perm[r] = t;
        }
        if (max_arc(c->perm, m, o->min_width, c->cs, &bi, &bj) >= tobs * (1 - 1e-12)
            && ++exceed > limit)
            return 0;
    }
    /* p = (exceed + 1) / (nperm + 1) */
    return (exceed + 1.0) / (o->nperm + 1.0) <= o->alpha;
}

static int cbs_rec(cbs_t *c, const double *x, int s, int e)
{
    int m = e - s, bi = 0, bj = 0, r;
    double t;
    if (m < 2 * c->o->min_width
        || (t = max_arc(x + s, m, c->o->min_width, c->cs, &bi, &bj)) <= 0
        || !significant(c, x + s, m, t, s, e))
        return push_seg(c, x, s, e);
    if (bi > 0 && (r = cbs_rec(c, x, s, s + bi)) < 0)
        return r;
    if ((r = cbs_rec(c, x, s + bi, s + bj)) < 0)
        return r;
    if (bj < m && (r = cbs_rec(c, x, s + bj, e)) < 0)
        return r;
    return 0;
}

int h2_cbs(const double *x, int n, const h2_cbs_opt_t *o, h2_seg_t **segs)
{
    cbs_t c = {0};
    int r;
    *segs = NULL;
    if (n < 1 || !(o->alpha > 0 && o->alpha < 1) || o->nperm < 1 || o->min_width < 1)
        return H2_EUSAGE;
    c.o = o;
    c.perm = malloc(n * sizeof *c.perm);
    c.cs = malloc((n + 1) * sizeof *c.cs);
    if (!c.perm || !c.cs)
        r = H2_ENOMEM;
    else
        r = cbs_rec(&c, x, 0, n);
    free(c.perm);
    free(c.cs);
    if (r < 0) {
        free(c.segs);
        return r;
    }
    *segs = c.segs;
    return c.n_segs;
}

/* ---- the amplicon ---- */

/* Robust SD of the bin-to-bin noise, from the MAPD of consecutive bins. */
static double diff_sd(const double *x, int n)
{
    double *d, sd;
    if (n < 2 || !(d = malloc((n - 1) * sizeof *d)))
        return NAN;
    for (int i = 0; i + 1 < n; i++)
        d[i] = fabs(x[i + 1] - x[i]);
    sd = h2_sd_from_mapd(h2_median(d, n - 1));
    free(d);
    return sd;
}

static int cmp_gene_pos(const void *a, const void *b)
{
    const h2_gene_t *x = *(const h2_gene_t *const *)a, *y = *(const h2_gene_t *const *)b;
    int d = H2_CMP(x->start, y->start);
    return d ? d : strcmp(x->name, y->name);
}

/* Genes with at least half of their length inside [start, end) on contig. */
static int amp_genes(const h2_regset_t *rs, h2_amplicon_t *a)
{
    const h2_gene_t **in = malloc((rs->n_genes + 1) * sizeof *in);
    kstring_t ks = KS_INITIALIZE;
    int n = 0, r = 0;
    if (!in)
        return H2_ENOMEM;
    for (int g = 0; g < rs->n_genes; g++) {
        const h2_gene_t *ge = &rs->genes[g];
        hts_pos_t lo = ge->start > a->start ? ge->start : a->start;
        hts_pos_t hi = ge->end < a->end ? ge->end : a->end;
        if (ge->contig == a->contig && hi > lo && 2 * (hi - lo) >= ge->end - ge->start)
            in[n++] = ge;
    }
    qsort(in, n, sizeof *in, cmp_gene_pos);
    for (int i = 0; i < n && r == 0; i++)
        if ((i && kputc(',', &ks) < 0) || kputs(in[i]->name, &ks) < 0)
            r = H2_ENOMEM;
    free(in);
    if (r < 0) {
        free(ks.s);
        return r;
    }
    a->genes = ks.s;    /* NULL when no gene (ks never grew) */
    return 0;
}

/* The amplicon statistics for segment [s, e) of the LOCAL bins. */
static void amp_stats(const h2_regset_t *rs, const h2_norm_t *nm, const int *idx,
                      const h2_seg_t *sg, double sd, const h2_amp_param_t *ap,
                      h2_amplicon_t *a)
{
    const h2_bin_t *b0 = &rs->bins[idx[sg->start]], *b1 = &rs->bins[idx[sg->end - 1]];
    double base_sd = 1.2533 * nm->sd_ref, var;
    a->contig = b0->contig;
    a->start = b0->start;
    a->end = b1->end;
    a->n_bins = sg->end - sg->start;
    a->first_bin = idx[sg->start];
    a->last_bin = idx[sg->end - 1];
    a->log2 = sg->mean;
    var = sd * sd / a->n_bins + (nm->n_ref_usable > 0 ? base_sd * base_sd / nm->n_ref_usable : 0);
    a->se = sqrt(var);
    a->cn = h2_model_cn(&ap->model, exp2(a->log2));
    a->cn_lo = h2_model_cn(&ap->model, exp2(a->log2 - ap->z * a->se));
    a->cn_hi = h2_model_cn(&ap->model, exp2(a->log2 + ap->z * a->se));
}

/* Index of the LOCAL bin (into idx[0..n-1]) whose span holds pos, else the
 * nearest one. */
static int bin_at(const h2_regset_t *rs, const int *idx, int n, hts_pos_t pos)
{
    int best = 0;
    hts_pos_t bd = -1;
    for (int i = 0; i < n; i++) {
        const h2_bin_t *b = &rs->bins[idx[i]];
        hts_pos_t d = pos < b->start ? b->start - pos : pos >= b->end ? pos - b->end + 1 : 0;
        if (bd < 0 || d < bd) {
            bd = d;
            best = i;
        }
    }
    return best;
}

/* The gene's segment: the one holding its centre; when the gene spans more
 * than one segment (a breakpoint inside it), the highest of them, so that an
 * amplicon covering only part of the gene is still the gene's. */
static int gene_segment(const h2_regset_t *rs, const int *idx, int n, const h2_seg_t *segs,
                        int ns)
{
    const h2_gene_t *g = &rs->genes[0];
    int at = bin_at(rs, idx, n, g->start + (g->end - g->start) / 2);
    int lo = bin_at(rs, idx, n, g->start), hi = bin_at(rs, idx, n, g->end - 1), k = 0;
    while (k < ns - 1 && segs[k].end <= at)
        k++;
    for (int q = 0; q < ns; q++)
        if (segs[q].start <= hi && segs[q].end > lo && segs[q].mean > segs[k].mean)
            k = q;
    return k;
}

/* Is segment k an amplicon? A local peak (not the whole window, above each
 * adjacent segment) that is gained (CN >= gain_cn, log2 >= z SE). Fills *a
 * with its statistics when it is a peak. */
static int amp_peak(const h2_regset_t *rs, const h2_norm_t *nm, const int *idx,
                    const h2_seg_t *segs, int ns, int k, double sd, const h2_amp_param_t *ap,
                    h2_amplicon_t *a)
{
    if (ns < 2 || (k > 0 && segs[k - 1].mean >= segs[k].mean)
        || (k < ns - 1 && segs[k + 1].mean >= segs[k].mean))
        return 0;
    amp_stats(rs, nm, idx, &segs[k], sd, ap, a);
    return a->cn >= ap->gain_cn && a->log2 / a->se >= ap->z;
}

/* The other amplicons of the window: every segment but the gene's (k_gene)
 * that amp_peak accepts, in position order, into amp->more. */
static int amp_more(const h2_regset_t *rs, const h2_norm_t *nm, const int *idx,
                    const h2_seg_t *segs, int ns, int k_gene, double sd,
                    const h2_amp_param_t *ap, h2_amplicon_t *amp)
{
    int cap = 0, r;
    for (int k = 0; k < ns; k++) {
        h2_amplicon_t a = {0};
        if (k == k_gene || !amp_peak(rs, nm, idx, segs, ns, k, sd, ap, &a))
            continue;
        a.found = 1;
        a.n_segments = ns;
        if ((r = amp_genes(rs, &a)) < 0)
            return r;
        if (hts_resize(h2_amplicon_t, amp->n_more + 1, &cap, &amp->more, 0) < 0) {
            free(a.genes);
            return H2_ENOMEM;
        }
        amp->more[amp->n_more++] = a;
    }
    return 0;
}

int h2_amplicon_find(const h2_regset_t *rs, const h2_norm_t *nm, const h2_cbs_opt_t *co,
                     const h2_amp_param_t *ap, h2_amplicon_t *amp)
{
    double *x = NULL;
    int *idx = NULL, n = 0, ns = 0, r = 0;
    h2_seg_t *segs = NULL;
    memset(amp, 0, sizeof *amp);
    amp->log2 = amp->se = amp->cn = amp->cn_lo = amp->cn_hi = NAN;
    if (rs->n_called < 1)
        return 0;
    if (!(x = malloc((rs->n_bins + 1) * sizeof *x)) || !(idx = malloc((rs->n_bins + 1) * sizeof *idx))) {
        r = H2_ENOMEM;
        goto out;
    }
    for (int i = 0; i < rs->n_bins; i++)   /* bins are sorted by position */
        if (rs->bins[i].role == H2_ROLE_LOCAL && nm->usable[i]
            && rs->bins[i].contig == rs->genes[0].contig) {
            x[n] = nm->log2[i];
            idx[n++] = i;
        }
    if (n < 2 * co->min_width)
        goto out;
    if ((ns = h2_cbs(x, n, co, &segs)) < 0) {
        r = ns;
        goto out;
    }
    amp->n_segments = ns;
    int k = gene_segment(rs, idx, n, segs, ns);
    double sd = diff_sd(x, n);
    if ((r = amp_more(rs, nm, idx, segs, ns, k, sd, ap, amp)) < 0
        || !amp_peak(rs, nm, idx, segs, ns, k, sd, ap, amp))
        goto out;
    amp->found = 1;
    r = amp_genes(rs, amp);
out:
    free(segs);
    free(x);
    free(idx);
    if (r < 0)
        h2_amplicon_clear(amp);
    return r;
}

void h2_amplicon_clear(h2_amplicon_t *amp)
{
    if (!amp)
        return;
    free(amp->genes);
    amp->genes = NULL;
    amp->found = 0;
    for (int i = 0; i < amp->n_more; i++)
        h2_amplicon_clear(&amp->more[i]);
    free(amp->more);
    amp->more = NULL;
    amp->n_more = 0;
}

/* ---- breakpoints inside a gene ---- */

/* The piece's prefix sums: pw[i] = sum of 1/v and px[i] = sum of x/v over
 * [s, s+i), i = 0..e-s, so that any side's sums, with or without one bin,
 * are O(1) (the split search was cubic: a 9.5 Mb gene did not finish in 8 s). */
static void prefix(const double *x, const double *v, int s, int e, double *pw, double *px)
{
    pw[0] = px[0] = 0;
    for (int i = s; i < e; i++) {
        pw[i - s + 1] = pw[i - s] + 1 / v[i];
        px[i - s + 1] = px[i - s] + x[i] / v[i];
    }
}

/* z of the difference of the weighted means of [s,k) and [k,e), skipping bin
 * `skip` (-1: none); 0 when a side has no bin left. */
static double split_z(const double *x, const double *v, const double *pw, const double *px,
                      int s, int k, int e, int skip)
{
    int a = k - s, n = e - s, na = a, nb = e - k;
    double wa = pw[a], sa = px[a], wb = pw[n] - pw[a], sb = px[n] - px[a];
    if (skip >= s && skip < k) {
        wa -= 1 / v[skip], sa -= x[skip] / v[skip], na--;
    } else if (skip >= k && skip < e) {
        wb -= 1 / v[skip], sb -= x[skip] / v[skip], nb--;
    }
    if (na == 0 || nb == 0 || !(wa > 0 && wb > 0))
        return 0;
    return fabs(sa / wa - sb / wb) / sqrt(1 / wa + 1 / wb);
}

/* The split of [s,e) with the largest leave-one-out z: each candidate k
 * (both sides >= mw bins) scores the smallest z over dropping any one bin,
 * so that one outlying bin cannot make a split on its own. O((e-s)^2) with
 * the prefix sums (pw, px: scratch of e-s+1). */
static double best_split(const double *x, const double *v, int s, int e, int mw, double *pw,
                         double *px, int *bk)
{
    double best = -1;
    prefix(x, v, s, e, pw, px);
    for (int k = s + mw; k <= e - mw; k++) {
        double zmin = split_z(x, v, pw, px, s, k, e, -1);
        for (int b = s; b < e && zmin > best; b++) {
            double zb = split_z(x, v, pw, px, s, k, e, b);
            zmin = zb < zmin ? zb : zmin;
        }
        if (zmin > best) {
            best = zmin;
            *bk = k;
        }
    }
    return best;
}

static int split_rec(cbs_t *c, const double *x, const double *v, int s, int e, int mw,
                     double zc, double *pw, double *px)
{
    int k = -1, r;
    if (e - s < 2 * mw || best_split(x, v, s, e, mw, pw, px, &k) < zc) {
        if ((r = push_seg(c, x, s, e)) < 0)
            return r;
        double sw = 0, swx = 0;     /* the segment's weighted mean */
        for (int i = s; i < e; i++) {
            sw += 1 / v[i];
            swx += x[i] / v[i];
        }
        c->segs[c->n_segs - 1].mean = swx / sw;
        return 0;
    }
    if ((r = split_rec(c, x, v, s, k, mw, zc, pw, px)) < 0)
        return r;
    return split_rec(c, x, v, k, e, mw, zc, pw, px);
}

int h2_split_bins(const double *x, const double *v, int n, double alpha, int min_width,
                  h2_seg_t **segs)
{
    cbs_t c = {0};
    int r, m = n - 2 * min_width + 1;
    *segs = NULL;
    if (n < 1 || !(alpha > 0 && alpha < 1) || min_width < 1)
        return H2_EUSAGE;
    for (int i = 0; i < n; i++)
        if (!(v[i] > 0) || !isfinite(x[i]))
            return H2_EUSAGE;
    /* two-sided, Bonferroni over the candidate splits of the whole gene */
    double zc = h2_norm_quantile_upper(alpha / (2.0 * (m > 1 ? m : 1)));
    double *pw = malloc(2 * ((size_t)n + 1) * sizeof *pw);
    if (!pw)
        return H2_ENOMEM;
    r = split_rec(&c, x, v, 0, n, min_width, zc, pw, pw + n + 1);
    free(pw);
    if (r < 0) {
        free(c.segs);
        return r;
    }
    *segs = c.segs;
    return c.n_segs;
}
