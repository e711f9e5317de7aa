/* purity.c -- tumour purity and ploidy from genome-wide segments and the
 * allele counts at heterozygous SNPs (h2_purity.h; README "Purity and
 * ploidy" has the method and the reasons for every constant below). */
#include <math.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <htslib/hts.h>
#include "her2cn.h"
#include "h2_purity.h"

#define SYS_SE    0.04      /* systematic floor of a segment's log2 SE (README) */
#define OUT_BASE  3.0       /* depth misfit of an off-lattice segment: at most */
#define OUT_BIN   0.5       /*   3 + 0.5 per bin (log units) */
#define BAF_LO    0.01      /* error floor on the expected BAF */
#define BAF_STEP  0.005
#define N_BAF     99        /* grid 0.01, 0.015, ..., 0.5 */
#define RHO       0.01      /* beta-binomial overdispersion of allele counts */
#define N_EFF     50.0      /* a segment's allele evidence counts as at most 50 sites */
#define P_STEP    0.01
#define B0_LO     1.0       /* tumour CN of the baseline: grid 1..6 by 0.02 */
#define B0_STEP   0.02
#define N_B0      251
#define PR_EVENT  1.0       /* prior: a segment off the dominant state */
#define PR_STEP   1.5       /*   each further copy away from it */
#define PR_ZERO   3.0       /*   a homozygous deletion ... */
#define PR_ZERO_BIN 0.5     /*   ... per bin it spans */
#define PR_MINOR  0.5       /*   each copy of allelic imbalance */
#define PR_PLOIDY 1.0       /*   each copy the dominant state is away from 2 */
#define PR_HAPLOID 3.0      /*   and up to 3 more as the ploidy falls from 2 to 1.5:
                                 near-haploid tumours are rare (well under 1%),
                                 while one gained chromosome at twice the baseline
                                 is common and reads equally well, without allele
                                 fractions, as a haploid genome with one disomic
                                 chromosome */
#define QUIET_DL2 0.1       /* a material level change (log2) */
#define QUIET_Z   3.0       /* and a significant one (SE) */
#define IMB_LLR   10.0      /* significant allelic imbalance (log-likelihood ratio) */
#define IMB_BAF   0.42      /* and a material one */
#define AMBIG_DLL 2.0       /* alternatives this close ... */
#define AMBIG_DP  0.1       /* ... with purities this far apart: not identifiable */
#define CI_DROP   1.92      /* chi-square(1) 95% / 2 */

void h2_purity_opt_init(h2_purity_opt_t *o)
{
    o->purity = NAN;
    o->ploidy = NAN;
    o->use_baf = 1;
    o->max_cn = 8;
    o->min_purity = 0.05;
    h2_cbs_opt_init(&o->cbs);
}

const char *h2_source_name(h2_source_t s)
{
    return s == H2_SOURCE_GIVEN ? "given" : s == H2_SOURCE_ESTIMATED ? "estimated" : "unknown";
}

void h2_purity_destroy(h2_purity_t *p)
{
    if (!p)
        return;
    free(p->segs);
    free(p);
}

/* Working state of one fit. */
typedef struct {
    const h2_purity_opt_t *o;
    int S;
    h2_gseg_t *segs;
    double *tab;        /* S x N_BAF allele log-likelihood, NULL without sites */
    int *bin2seg;       /* region-set bin -> segment, -1 outside */
    double wtot;        /* usable bins in all segments */
    int np;
    double p0;          /* purity grid p0 + i P_STEP, i < np */
    double *L, *P;      /* np x N_B0: log-likelihood + prior, ploidy */
    double *amax;       /* per purity: S x nc best allele term + minor prior */
    double *outlier;    /* per segment: score off the lattice (subclonal) */
} fit_t;

static int check_opts(const h2_regset_t *rs, const h2_norm_t *nm, const h2_purity_opt_t *o)
{
    if (!rs || !nm || !o || nm->n_bins != rs->n_bins)
        return H2_EUSAGE;
    if (!isnan(o->purity) && !(o->purity > 0 && o->purity <= 1))
        return H2_EUSAGE;
    if (!isnan(o->ploidy) && !(o->ploidy > 0 && o->ploidy <= 20))
        return H2_EUSAGE;
    if (o->max_cn < 2 || o->max_cn > 20 || !(o->min_purity > 0 && o->min_purity < 1))
        return H2_EUSAGE;
    if (o->use_baf != 0 && o->use_baf != 1)
        return H2_EUSAGE;
    if (!(o->cbs.alpha > 0 && o->cbs.alpha < 1) || o->cbs.nperm < 1 || o->cbs.min_width < 1)
        return H2_EUSAGE;
    return 0;
}

/* ---- genome-wide segments ---- */

/* A bin of the genome-wide sample: usable REF or CHR17, not the dense
 * pericentromeric bins (cen17: they would weigh 8 Mb of chr17 like 32 Mb
 * of any other arm). */
static int seg_bin_ok(const h2_regset_t *rs, const h2_norm_t *nm, int i)
{
    return (rs->bins[i].role == H2_ROLE_REF
            || (rs->bins[i].role == H2_ROLE_CHR17 && !h2_bin_cen17(rs, i)))
           && nm->usable[i] && isfinite(nm->log2[i]);
}

/* Pool bins idx[from..to) into one segment: the length-weighted mean of the
 * corrected depth (2^log2), back on the log2 scale; SE from the bin noise
 * plus the systematic floor. */
static void seg_fill(const h2_regset_t *rs, const h2_norm_t *nm, const int *idx,
                     int from, int to, h2_gseg_t *g)
{
    double sw = 0, sd = 0;
    for (int k = from; k < to; k++) {
        const h2_bin_t *b = &rs->bins[idx[k]];
        double w = (double)(b->end - b->start);
        sw += w;
        sd += w * exp2(nm->log2[idx[k]]);
    }
    const h2_bin_t *b0 = &rs->bins[idx[from]], *b1 = &rs->bins[idx[to - 1]];
    g->contig = b0->contig;
    g->start = b0->start;
    g->end = b1->end;
    g->first_bin = idx[from];
    g->last_bin = idx[to - 1];
    g->n_bins = to - from;
    g->log2 = log2(sd / sw > 1e-6 ? sd / sw : 1e-6);
    double sdr = nm->sd_ref > 0 ? nm->sd_ref : 0;
    g->se = sqrt(sdr * sdr / g->n_bins + SYS_SE * SYS_SE);
    g->first_het = g->n_het = 0;
    g->maf = NAN;
    g->cn = g->minor = -1;
}

/* CBS of x[0..n), on at most MAX_PTS points: a longer series (a panel or
 * exome with thousands of targets on one contig) is first averaged in runs
 * of k consecutive values, and the segments are mapped back to x. CBS costs
 * n^2 per permutation; the whole-genome bins (<= 125 per contig on GRCh38)
 * are never grouped, and arm-level segments need no finer resolution. */
#define MAX_PTS 150
static int cbs_grouped(double *x, int n, const h2_cbs_opt_t *co, h2_seg_t **segs)
{
    int k = (n + MAX_PTS - 1) / MAX_PTS, ng, ns;
    if (k <= 1)
        return h2_cbs(x, n, co, segs);
    ng = (n + k - 1) / k;
    for (int g = 0; g < ng; g++) {          /* in place: group g reads x[g k ..] */
        int from = g * k, to = from + k < n ? from + k : n;
        double sum = 0;
        for (int i = from; i < to; i++)
            sum += x[i];
        x[g] = sum / (to - from);
    }
    if ((ns = h2_cbs(x, ng, co, segs)) < 0)
        return ns;
    for (int i = 0; i < ns; i++) {
        (*segs)[i].start *= k;
        (*segs)[i].end = (*segs)[i].end * k < n ? (*segs)[i].end * k : n;
    }
    return ns;
}

/* Segment the usable REF and CHR17 bins of each contig with CBS. */
static int make_segments(const h2_regset_t *rs, const h2_norm_t *nm, const h2_cbs_opt_t *co,
                         fit_t *f)
{
    int *idx = NULL, n = 0, r = 0;
    size_t m_segs = 0;
    double *x = NULL;
    h2_seg_t *cs = NULL;
    if (!(idx = malloc((rs->n_bins + 1) * sizeof *idx))
        || !(x = malloc((rs->n_bins + 1) * sizeof *x))) {
        r = H2_ENOMEM;
        goto out;
    }
    for (int i = 0; i < rs->n_bins; i++)
        if (seg_bin_ok(rs, nm, i))
            idx[n++] = i;
    for (int a = 0, b; a < n; a = b) {
        for (b = a; b < n && rs->bins[idx[b]].contig == rs->bins[idx[a]].contig; b++)
            x[b - a] = nm->log2[idx[b]];
        int ns = cbs_grouped(x, b - a, co, &cs);
        if (ns < 0) {
            r = ns;
            goto out;
        }
        if (hts_resize(h2_gseg_t, f->S + ns, &m_segs, &f->segs, 0) < 0) {
            r = H2_ENOMEM;
            goto out;
        }
        for (int k = 0; k < ns; k++)
            seg_fill(rs, nm, idx, a + cs[k].start, a + cs[k].end, &f->segs[f->S++]);
        free(cs);
        cs = NULL;
    }
    for (int s = 0; s < f->S; s++)
        f->wtot += f->segs[s].n_bins;
out:
    free(cs);
    free(idx);
    free(x);
    return r;
}

/* Split segment g by its allelic imbalance: CBS on the per-bin folded
 * allele fraction (minor reads / reads of the bin's sites) finds copy-neutral
 * LOH and other changes that leave the depth alone. Appends the pieces to
 * out (room for g->n_bins). bm, bn: per-bin minor and total reads. */
static int split_seg(const h2_regset_t *rs, const h2_norm_t *nm, const h2_cbs_opt_t *co,
                     const double *bm, const double *bn, const h2_gseg_t *g,
                     int *idx, double *x, int *at, h2_gseg_t *out, int *n_out)
{
    int n = 0, nx = 0, ns = 1, from = 0;
    h2_seg_t *cs = NULL;
    for (int i = g->first_bin; i <= g->last_bin; i++)
        if (seg_bin_ok(rs, nm, i)) {
            if (bn[i] > 0) {
                at[nx] = n;
                x[nx++] = bm[i] / bn[i];
            }
            idx[n++] = i;
        }
    if (nx >= 2 * co->min_width && (ns = cbs_grouped(x, nx, co, &cs)) < 0)
        return ns;
    for (int k = 1; k < ns; k++) {
        int to = at[cs[k].start];
        seg_fill(rs, nm, idx, from, to, &out[(*n_out)++]);
        from = to;
    }
    seg_fill(rs, nm, idx, from, n, &out[(*n_out)++]);
    free(cs);
    return 0;
}

/* Split every depth segment where the allele fractions change. */
static int split_by_baf(const h2_regset_t *rs, const h2_norm_t *nm, const h2_alleles_t *al,
                        const h2_cbs_opt_t *co, fit_t *f)
{
    int r = 0, n_out = 0, nb = rs->n_bins + 1;
    double *bm = calloc(nb, sizeof *bm), *bn = calloc(nb, sizeof *bn), *x = malloc(nb * sizeof *x);
    int *idx = malloc(nb * sizeof *idx), *at = malloc(nb * sizeof *at);
    h2_gseg_t *out = malloc((f->wtot + 1) * sizeof *out);
    if (!bm || !bn || !x || !idx || !at || !out) {
        r = H2_ENOMEM;
        goto out;
    }
    for (int i = 0; i < al->n; i++) {
        const h2_allele_t *a = &al->a[i];
        if (a->bin < 0 || a->bin >= rs->n_bins)
            continue;
        bm[a->bin] += a->n_a < a->n_b ? a->n_a : a->n_b;
        bn[a->bin] += a->n_a + a->n_b;
    }
    for (int s = 0; s < f->S && r == 0; s++)
        r = split_seg(rs, nm, co, bm, bn, &f->segs[s], idx, x, at, out, &n_out);
    if (r == 0) {
        free(f->segs);
        f->segs = out;
        f->S = n_out;
        out = NULL;
    }
out:
    H2_FREE(bm, bn, x, idx, at, out);
    return r;
}

/* ---- the allele term ---- */

static double baf_at(int j)
{
    return BAF_LO + BAF_STEP * j;
}

/* Threshold of the de novo het rule at a site (0: given sites). */
static int site_thresh(const h2_alleles_t *al, const h2_allele_t *a)
{
    if (al->min_reads <= 0)
        return 0;
    int t = (int)ceil(al->min_frac * a->depth - 1e-9);
    return t > al->min_reads ? t : al->min_reads;
}

/* Beta-binomial log-probability of x of n reads with mean fraction b and
 * intra-site correlation RHO (alpha = b (1 - RHO) / RHO, beta likewise). */
static double log_bb(int x, int n, double b)
{
    double a = b * (1 - RHO) / RHO, c = (1 - b) * (1 - RHO) / RHO;
    return lgamma(n + 1.0) - lgamma(x + 1.0) - lgamma(n - x + 1.0) + lgamma(x + a)
           + lgamma(n - x + c) - lgamma(n + a + c) + lgamma(a + c) - lgamma(a) - lgamma(c);
}

/* log P(min(X, n-X) >= t) for X ~ BB(n, b) or BB(n, 1 - b): the probability
 * that a het site with true fraction b passes the detection rule. */
static double log_detect(int n, int t, double b)
{
    if (t <= 0)
        return 0;
    double lo = 0;
    for (int x = 0; x < t; x++)
        lo += exp(log_bb(x, n, b)) + exp(log_bb(x, n, 1 - b));
    return lo < 1 - 1e-300 ? log1p(-lo) : -690;
}

/* A site's key: its unordered counts and its detection threshold (sites
 * with the same key have the same likelihood row). */
typedef struct {
    uint64_t key;
    int site;
} skey_t;

static int cmp_skey(const void *a, const void *b)
{
    uint64_t x = ((const skey_t *)a)->key, y = ((const skey_t *)b)->key;
    return H2_CMP(x, y);
}

/* One site's log-likelihood at every grid BAF into row t: the symmetric
 * mixture 0.5 BB(n_a; n, b) + 0.5 BB(n_a; n, 1-b) of beta-binomials (allele
 * counts are overdispersed: a binomial mixture reads the extra spread as
 * allelic imbalance), divided by the detection probability when the sites
 * were found de novo. Terms equal for every b are dropped (alpha + beta does
 * not depend on b). */
static void site_row(uint32_t mn, uint32_t mx, int th, double *t)
{
    int n = (int)(mn + mx);
    for (int j = 0; j < N_BAF; j++) {
        double b = baf_at(j), a = b * (1 - RHO) / RHO, c = (1 - b) * (1 - RHO) / RHO;
        double base = -lgamma(a) - lgamma(c);
        double u = lgamma(mn + a) + lgamma(mx + c), v = lgamma(mx + a) + lgamma(mn + c);
        double hi = u > v ? u : v, lo = u > v ? v : u;
        t[j] = base + hi + log1p(exp(lo - hi)) - M_LN2 - log_detect(n, th, b);
    }
}

/* Keys of the usable sites (in a segment, n >= 1, able to pass the rule). */
static int site_keys(const h2_regset_t *rs, const h2_alleles_t *al, const fit_t *f, skey_t *k)
{
    int nk = 0;
    for (int i = 0; i < al->n; i++) {
        const h2_allele_t *a = &al->a[i];
        int s = a->bin >= 0 && a->bin < rs->n_bins ? f->bin2seg[a->bin] : -1;
        uint32_t mn = a->n_a < a->n_b ? a->n_a : a->n_b, mx = a->n_a ^ a->n_b ^ mn;
        int th = site_thresh(al, a);
        if (s < 0 || mx >= (1u << 24) || th >= (1 << 15) || mn + mx < 1
            || 2 * (uint64_t)th > mn + mx)
            continue;
        k[nk++] = (skey_t){(uint64_t)mn | (uint64_t)mx << 24 | (uint64_t)th << 48, i};
    }
    qsort(k, nk, sizeof *k, cmp_skey);
    return nk;
}

/* Add the rows of the sites to their segments' tables; segment stats. */
static void site_tables(const h2_alleles_t *al, fit_t *f, const skey_t *k, int nk)
{
    double row[N_BAF];
    for (int a = 0; a < nk; a++) {
        if (a == 0 || k[a].key != k[a - 1].key)
            site_row(k[a].key & 0xffffff, (k[a].key >> 24) & 0xffffff, (int)(k[a].key >> 48), row);
        const h2_allele_t *x = &al->a[k[a].site];
        h2_gseg_t *g = &f->segs[f->bin2seg[x->bin]];
        double *t = f->tab + (size_t)(g - f->segs) * N_BAF;
        for (int j = 0; j < N_BAF; j++)
            t[j] += row[j];
        if (g->n_het == 0 || k[a].site < g->first_het) {
            g->n_het += g->n_het ? g->first_het - k[a].site : 1;
            g->first_het = k[a].site;
        } else if (k[a].site >= g->first_het + g->n_het) {
            g->n_het = k[a].site + 1 - g->first_het;
        }
        g->maf += k[a].key & 0xffffff;      /* minor reads, divided below */
    }
}

/* Attach the sites to their segments and tabulate each segment's allele
 * log-likelihood over the BAF grid (rows shared by sites with equal counts). */
static int baf_tables(const h2_regset_t *rs, const h2_alleles_t *al, fit_t *f, int *n_sites)
{
    skey_t *k = malloc((al->n + 1) * sizeof *k);
    double *reads = calloc(f->S + 1, sizeof *reads);
    int r = 0;
    if (!k || !reads || !(f->tab = calloc((size_t)f->S * N_BAF, sizeof *f->tab))) {
        r = H2_ENOMEM;
        goto out;
    }
    int nk = site_keys(rs, al, f, k);
    for (int s = 0; s < f->S; s++)
        f->segs[s].maf = 0;
    for (int a = 0; a < nk; a++)
        reads[f->bin2seg[al->a[k[a].site].bin]] += al->a[k[a].site].n_a + al->a[k[a].site].n_b;
    site_tables(al, f, k, nk);
    for (int s = 0; s < f->S; s++)
        f->segs[s].maf = reads[s] > 0 ? f->segs[s].maf / reads[s] : NAN;
    for (int a = 0; a < f->S; a++)
        reads[a] = 0;
    for (int a = 0; a < nk; a++)
        reads[f->bin2seg[al->a[k[a].site].bin]]++;
    /* Systematic floor of the allele term, the analogue of SYS_SE: reference
     * bias, capture artefacts and subclonal shifts are shared by all sites
     * of a segment, so more than N_EFF sites add no precision. */
    for (int s = 0; s < f->S; s++)
        for (int j = 0; reads[s] > N_EFF && j < N_BAF; j++)
            f->tab[(size_t)s * N_BAF + j] *= N_EFF / reads[s];
    *n_sites = nk;
out:
    free(k);
    free(reads);
    return r;
}

/* Segment s's allele log-likelihood at BAF b (folded to [0.01, 0.5],
 * linear between grid points); 0 without sites. */
static double baf_ll(const fit_t *f, int s, double b)
{
    if (!f->tab || f->segs[s].n_het == 0)
        return 0;
    if (!(b == b))
        b = 0.5;
    b = b > 0.5 ? 1 - b : b;
    b = b < BAF_LO ? BAF_LO : b;
    double x = (b - BAF_LO) / BAF_STEP;
    int j = (int)x;
    if (j >= N_BAF - 1)
        return f->tab[(size_t)s * N_BAF + N_BAF - 1];
    const double *t = f->tab + (size_t)s * N_BAF;
    return t[j] + (x - j) * (t[j + 1] - t[j]);
}

/* ---- the prior ---- */

/* Log-prior of state c for a segment of nb bins when the dominant state is
 * c0: one event off the dominant state, more for each further copy, and a
 * homozygous deletion is implausible, the more so the longer it is. */
static double prior_c(int c, int c0, int nb)
{
    int d = abs(c - c0);
    double lp = d > 0 ? -PR_EVENT - PR_STEP * (d - 1) : 0;
    if (c == 0)
        lp -= PR_ZERO + PR_ZERO_BIN * nb;
    return lp;
}

/* Best allele term (plus the imbalance prior) of each segment and state at
 * purity p: amax[s * nc + c]; the minor count that gives it in *marg when
 * non-NULL. */
static void state_tables(const fit_t *f, double p, double *amax, int *marg)
{
    int nc = f->o->max_cn + 1;
    for (int s = 0; s < f->S; s++)
        for (int c = 0; c < nc; c++) {
            double best = -INFINITY;
            int bm = c / 2;
            for (int m = c / 2; m >= 0; m--) {
                double b = c == 0 ? 0.5 : h2_model_baf(p, c, m);
                double v = baf_ll(f, s, b) - PR_MINOR * (c / 2 - m);
                if (v > best) {
                    best = v;
                    bm = m;
                }
                if (f->segs[s].n_het == 0 || !f->tab)
                    break;
            }
            amax[s * nc + c] = best;
            if (marg)
                marg[s * nc + c] = bm;
        }
}

/* ---- the likelihood of one candidate ---- */

/* A segment on no clonal state (subclonal, an amplicon above max_cn)
 * scores as its best allele fit less an outlier cost that grows with its
 * length: a short segment off the lattice is cheap, a whole arm is not. */
static int outlier_terms(fit_t *f)
{
    if (!(f->outlier = malloc((f->S + 1) * sizeof *f->outlier)))
        return H2_ENOMEM;
    for (int s = 0; s < f->S; s++) {
        double best = 0;
        if (f->tab && f->segs[s].n_het > 0) {
            const double *t = f->tab + (size_t)s * N_BAF;
            best = t[0];
            for (int j = 1; j < N_BAF; j++)
                best = fmax(best, t[j]);
        }
        f->outlier[s] = best - OUT_BASE - OUT_BIN * f->segs[s].n_bins - PR_EVENT;
    }
    return 0;
}

/* Dominant state for baseline CN b0: the state nearest to it (the baseline
 * is the median reference bin, so the most common level). */
static int dominant(double b0, int max_cn)
{
    int c0 = (int)lround(b0);
    return c0 < 1 ? 1 : c0 > max_cn ? max_cn : c0;
}

/* Log-likelihood plus log-prior of (p, b0), where b0 is the tumour CN at
 * the baseline (k = 1 / (p b0 + 2 (1 - p))). Sets *ploidy; when cn is non-NULL
 * stores each segment's state there. */
static double eval_cand(const fit_t *f, double p, double b0, const double *amax,
                        double *ploidy, int *cn)
{
    int nc = f->o->max_cn + 1, c0 = dominant(b0, f->o->max_cn);
    double lb = log2(p * b0 + 2 * (1 - p)), wc = 0;
    /* Occam factor: each segment pays the log of the spacing of the states
     * in ratio units (p k), the prior mass of one state when the segment's
     * level could lie anywhere. A denser lattice (low purity, doubled
     * ploidy) fits noise and subclonal levels better by chance; this charges
     * it for that. */
    double ll = -PR_PLOIDY * abs(c0 - 2), occam = log(p / (p * b0 + 2 * (1 - p)));
    double lc[21];
    for (int c = 0; c < nc; c++)
        lc[c] = log2(fmax(p * c + 2 * (1 - p), 1e-9)) - lb;
    for (int s = 0; s < f->S; s++) {
        const h2_gseg_t *g = &f->segs[s];
        double best = -INFINITY, z2 = 0;
        int bc = c0;
        for (int c = 0; c < nc; c++) {
            double z = (g->log2 - lc[c]) / g->se;
            double v = -0.5 * z * z + amax[s * nc + c] + prior_c(c, c0, g->n_bins)
                       + (c != c0 ? occam : 0);
            if (v > best) {
                best = v;
                bc = c;
                z2 = z * z;
            }
        }
        /* The state is chosen with the full Gaussian; its score caps the
         * depth misfit at OUT_BASE + OUT_BIN per bin, and an off-lattice
         * segment scores as an outlier (outlier_terms), so that a segment
         * on no clonal state cannot drag the whole fit. */
        double cap = 2 * (OUT_BASE + OUT_BIN * g->n_bins);
        ll += fmax(best + 0.5 * (z2 - fmin(z2, cap)), f->outlier[s]);
        wc += (double)g->n_bins * bc;
        if (cn)
            cn[s] = bc;
    }
    *ploidy = f->wtot > 0 ? wc / f->wtot : 2;
    return ll - PR_HAPLOID * fmin(fmax((2.0 - *ploidy) / 0.5, 0.0), 1.0);
}

/* Evaluate the whole (purity, b0) grid. */
static int grid_fit(fit_t *f)
{
    int nc = f->o->max_cn + 1;
    size_t n = (size_t)f->np * N_B0;
    f->L = malloc(n * sizeof *f->L);
    f->P = malloc(n * sizeof *f->P);
    f->amax = malloc((size_t)f->S * nc * sizeof *f->amax);
    if (!f->L || !f->P || !f->amax)
        return H2_ENOMEM;
    for (int i = 0; i < f->np; i++) {
        double p = f->p0 + i * P_STEP;
        state_tables(f, p, f->amax, NULL);
        for (int j = 0; j < N_B0; j++)
            f->L[i * N_B0 + j] = eval_cand(f, p, B0_LO + j * B0_STEP, f->amax,
                                           &f->P[i * N_B0 + j], NULL);
    }
    return 0;
}

/* With a given ploidy, keep only the candidates whose ploidy is within 0.1
 * of it (or the nearest there are). */
static void mask_ploidy(fit_t *f, double ploidy)
{
    size_t n = (size_t)f->np * N_B0;
    double dmin = INFINITY;
    for (size_t i = 0; i < n; i++)
        dmin = fmin(dmin, fabs(f->P[i] - ploidy));
    double tol = fmax(0.1, dmin + 1e-9);
    for (size_t i = 0; i < n; i++)
        if (fabs(f->P[i] - ploidy) > tol)
            f->L[i] = -INFINITY;
}

/* ---- solutions ---- */

static int is_local_max(const fit_t *f, int i, int j)
{
    double v = f->L[i * N_B0 + j];
    if (!isfinite(v))
        return 0;
    for (int di = -1; di <= 1; di++)
        for (int dj = -1; dj <= 1; dj++) {
            int a = i + di, b = j + dj;
            if ((di || dj) && a >= 0 && a < f->np && b >= 0 && b < N_B0
                && f->L[a * N_B0 + b] > v)
                return 0;
        }
    return 1;
}

/* The solution at (p, b0): its model and the fraction of bins on
 * their integer state within 2 SE; the segments' states when set_states. */
static void make_sol(fit_t *f, double p, double b0, int set_states, int *cn, int *marg,
                     h2_ppsol_t *sol)
{
    int nc = f->o->max_cn + 1;
    double P, on = 0;
    state_tables(f, p, f->amax, marg);
    sol->loglik = eval_cand(f, p, b0, f->amax, &P, cn);
    double k = 1.0 / (p * b0 + 2 * (1 - p));
    for (int s = 0; s < f->S; s++) {
        h2_gseg_t *g = &f->segs[s];
        double e = log2(fmax(k * (p * cn[s] + 2 * (1 - p)), 1e-9));
        if (fabs(g->log2 - e) <= 2 * g->se)
            on += g->n_bins;
        if (set_states) {
            g->cn = cn[s];
            g->minor = marg[s * nc + cn[s]];
        }
    }
    sol->frac_clonal = f->wtot > 0 ? on / f->wtot : NAN;
    sol->model.purity = p;
    sol->model.ploidy = P;
    sol->model.centre = k * (p * P + 2 * (1 - p));
}

/* Distinct local maxima of the grid, best first: res->best and res->alt. */
static int pick_solutions(fit_t *f, h2_purity_t *res, int *bi, int *bj)
{
    int n = f->np * N_B0, nk = 0, ki[H2_PURITY_MAX_ALT + 1], kj[H2_PURITY_MAX_ALT + 1];
    int *ord = malloc(n * sizeof *ord), *cn = malloc((f->S + 1) * sizeof *cn);
    int *marg = malloc(((size_t)f->S * (f->o->max_cn + 1) + 1) * sizeof *marg), r = 0;
    if (!ord || !cn || !marg) {
        r = H2_ENOMEM;
        goto out;
    }
    int nm = 0;
    for (int x = 0; x < n; x++)
        if (is_local_max(f, x / N_B0, x % N_B0))
            ord[nm++] = x;
    for (int a = 0; a < nm && nk <= H2_PURITY_MAX_ALT; a++) {
        int top = a;    /* selection of the next best: few are kept */
        for (int b = a + 1; b < nm; b++)
            if (f->L[ord[b]] > f->L[ord[top]])
                top = b;
        int t = ord[top], ok = 1;
        ord[top] = ord[a];
        ord[a] = t;
        double pt = f->p0 + (t / N_B0) * P_STEP;
        for (int q = 0; q < nk && ok; q++)
            if (fabs(pt - (f->p0 + ki[q] * P_STEP)) < AMBIG_DP
                && fabs(f->P[t] - f->P[ki[q] * N_B0 + kj[q]]) < 0.5)
                ok = 0;
        if (ok) {
            ki[nk] = t / N_B0;
            kj[nk++] = t % N_B0;
        }
    }
    for (int q = 0; q < nk; q++)
        make_sol(f, f->p0 + ki[q] * P_STEP, B0_LO + kj[q] * B0_STEP, q == 0, cn, marg,
                 q == 0 ? &res->best : &res->alt[q - 1]);
    res->n_alt = nk > 0 ? nk - 1 : 0;
    *bi = nk > 0 ? ki[0] : -1;
    *bj = nk > 0 ? kj[0] : -1;
out:
    free(ord);
    free(cn);
    free(marg);
    return r;
}

/* Purity interval: the contiguous purities around the best whose profile
 * likelihood (max over b0) is within CI_DROP of the best. */
static void purity_interval(const fit_t *f, int bi, h2_purity_t *res)
{
    double top = f->L[bi * N_B0], prof;
    for (int j = 0; j < N_B0; j++)
        top = fmax(top, f->L[bi * N_B0 + j]);
    int lo = bi, hi = bi;
    for (;;) {
        if (lo == 0)
            break;
        prof = -INFINITY;
        for (int j = 0; j < N_B0; j++)
            prof = fmax(prof, f->L[(lo - 1) * N_B0 + j]);
        if (prof < top - CI_DROP)
            break;
        lo--;
    }
    for (;;) {
        if (hi == f->np - 1)
            break;
        prof = -INFINITY;
        for (int j = 0; j < N_B0; j++)
            prof = fmax(prof, f->L[(hi + 1) * N_B0 + j]);
        if (prof < top - CI_DROP)
            break;
        hi++;
    }
    res->purity_lo = f->p0 + lo * P_STEP;
    res->purity_hi = f->p0 + hi * P_STEP;
}

/* Refinement around the best grid point (purity and ploidy both free): a
 * 0.001 x 0.002 grid over p +/- 0.03 and b0 +/- 0.1 moves the best to its
 * finer optimum, and the purity interval is re-read from this finer profile
 * on each side where it falls inside the window (else the coarse one stays). */
#define NPF 61
#define NBF 101
static int refine_best(fit_t *f, h2_purity_t *res)
{
    double pc = res->best.model.purity, bc = 1 / res->best.model.centre;
    bc = (bc * (pc * res->best.model.ploidy + 2 * (1 - pc)) - 2 * (1 - pc)) / pc;
    double prof[NPF], top = -INFINITY, tp = pc, tb = bc, P;
    int nc = f->o->max_cn + 1, r = 0;
    int *cn = malloc((f->S + 1) * sizeof *cn);
    int *marg = malloc(((size_t)f->S * nc + 1) * sizeof *marg);
    if (!cn || !marg) {
        r = H2_ENOMEM;
        goto out;
    }
    for (int i = 0; i < NPF; i++) {
        double p = pc + (i - NPF / 2) * 0.001;
        prof[i] = -INFINITY;
        if (p < f->o->min_purity - 1e-9 || p > 1 + 1e-9)
            continue;
        state_tables(f, p, f->amax, NULL);
        for (int j = 0; j < NBF; j++) {
            double b0 = bc + (j - NBF / 2) * 0.002;
            double v = b0 >= B0_LO ? eval_cand(f, p, b0, f->amax, &P, NULL) : -INFINITY;
            prof[i] = fmax(prof[i], v);
            if (v > top) {
                top = v;
                tp = p;
                tb = b0;
            }
        }
    }
    if (top > res->best.loglik)
        make_sol(f, tp, tb, 1, cn, marg, &res->best);
    int bi = (int)lround((res->best.model.purity - pc) / 0.001) + NPF / 2, lo = bi, hi = bi;
    while (lo > 0 && prof[lo - 1] >= res->best.loglik - CI_DROP)
        lo--;
    while (hi < NPF - 1 && prof[hi + 1] >= res->best.loglik - CI_DROP)
        hi++;
    if (lo > 0 && isfinite(prof[lo - 1]))
        res->purity_lo = pc + (lo - NPF / 2) * 0.001;
    if (hi < NPF - 1 && isfinite(prof[hi + 1]))
        res->purity_hi = pc + (hi - NPF / 2) * 0.001;
out:
    free(cn);
    free(marg);
    return r;
}

/* ---- identifiability ---- */

static int cmp_seg_log2(const void *a, const void *b)
{
    double x = (*(h2_gseg_t *const *)a)->log2, y = (*(h2_gseg_t *const *)b)->log2;
    return H2_CMP(x, y);
}

/* A quiet genome: no segment whose level differs significantly and
 * materially from the dominant (bin-weighted median) level, and none with
 * significant, material allelic imbalance. 1 quiet, 0 not, H2_ENOMEM. */
static int is_quiet(const fit_t *f)
{
    h2_gseg_t **o = malloc((f->S + 1) * sizeof *o);
    if (!o)
        return H2_ENOMEM;
    for (int s = 0; s < f->S; s++)
        o[s] = &f->segs[s];
    qsort(o, f->S, sizeof *o, cmp_seg_log2);
    double w = 0, dom = 0;
    for (int s = 0; s < f->S; s++)
        if ((w += o[s]->n_bins) >= f->wtot / 2) {
            dom = o[s]->log2;
            break;
        }
    free(o);
    for (int s = 0; s < f->S; s++) {
        const h2_gseg_t *g = &f->segs[s];
        double d = fabs(g->log2 - dom);
        if (g->n_bins >= 2 && d >= QUIET_DL2 && d / g->se >= QUIET_Z)
            return 0;
        if (!f->tab || g->n_het == 0)
            continue;
        const double *t = f->tab + (size_t)s * N_BAF;
        int jm = N_BAF - 1;
        for (int j = 0; j < N_BAF; j++)
            if (t[j] > t[jm])
                jm = j;
        if (t[jm] - t[N_BAF - 1] >= IMB_LLR && baf_at(jm) <= IMB_BAF)
            return 0;
    }
    return 1;
}

/* Bin-weighted mean ratio of the segments: the centre of a flat genome, and
 * the centre that makes the mean continuous state equal to a given ploidy. */
static double mean_ratio(const fit_t *f)
{
    double sr = 0;
    for (int s = 0; s < f->S; s++)
        sr += f->segs[s].n_bins * exp2(f->segs[s].log2);
    return f->wtot > 0 ? sr / f->wtot : 1;
}

/* Fill res with an assumed model (nothing identifiable). */
static void set_unknown(const fit_t *f, h2_purity_t *res, const char *why)
{
    const h2_purity_opt_t *o = f->o;
    res->purity_source = isnan(o->purity) ? H2_SOURCE_UNKNOWN : H2_SOURCE_GIVEN;
    res->ploidy_source = isnan(o->ploidy) ? H2_SOURCE_UNKNOWN : H2_SOURCE_GIVEN;
    res->best.model.purity = isnan(o->purity) ? 1.0 : o->purity;
    res->best.model.ploidy = isnan(o->ploidy) ? 2.0 : o->ploidy;
    /* With the ploidy unknown too, the baseline (the median bin, the
     * dominant level) is taken as 2 copies, as the prior favours; a given
     * ploidy is the genome's mean, so it sits at the mean ratio. */
    res->best.model.centre = isnan(o->ploidy) ? 1.0 : mean_ratio(f);
    res->best.loglik = NAN;
    res->best.frac_clonal = NAN;
    res->purity_lo = isnan(o->purity) ? o->min_purity : o->purity;
    res->purity_hi = isnan(o->purity) ? 1.0 : o->purity;
    res->reason = why;
}

/* Map each usable REF/CHR17 bin to its segment (sites elsewhere are not used). */
static int map_bins(const h2_regset_t *rs, const h2_norm_t *nm, fit_t *f)
{
    if (!f->bin2seg && !(f->bin2seg = malloc((rs->n_bins + 1) * sizeof *f->bin2seg)))
        return H2_ENOMEM;
    for (int i = 0; i < rs->n_bins; i++)
        f->bin2seg[i] = -1;
    for (int s = 0; s < f->S; s++)
        for (int i = f->segs[s].first_bin; i <= f->segs[s].last_bin; i++)
            if (seg_bin_ok(rs, nm, i))
                f->bin2seg[i] = s;
    return 0;
}

/* Both numbers given: no fit; the centre makes the bin-weighted mean of the
 * segments' continuous states equal the given ploidy. */
static void set_given(const fit_t *f, h2_purity_t *res)
{
    const h2_purity_opt_t *o = f->o;
    res->purity_source = res->ploidy_source = H2_SOURCE_GIVEN;
    res->best.model = (h2_cnmodel_t){o->purity, o->ploidy, mean_ratio(f)};
    res->best.loglik = res->best.frac_clonal = NAN;
    res->purity_lo = res->purity_hi = o->purity;
    for (int s = 0; s < f->S; s++) {
        h2_gseg_t *g = &f->segs[s];
        g->cn = (int)lround(h2_model_cn(&res->best.model, exp2(g->log2)));
    }
}

/* A given ploidy replaces the fitted one (the fit was constrained to it). */
static void use_given_ploidy(double P, h2_ppsol_t *s)
{
    h2_cnmodel_t *m = &s->model;
    double k = m->centre / (m->purity * m->ploidy + 2 * (1 - m->purity));
    m->ploidy = P;
    m->centre = k * (m->purity * P + 2 * (1 - m->purity));
}

/* The alternatives that fit almost as well as the best (within AMBIG_DLL):
 * they count in n_ambiguous, bound CICN (h2_estimate.h), and the purity
 * interval spans their purities. Typically the neighbours on the ridge of
 * depth-only fits, where one more copy in the dominant state at a higher
 * purity reads the same levels (the prior alone separates them). */
static void near_equal(h2_purity_t *res)
{
    res->n_ambiguous = 0;
    for (int q = 0; q < res->n_alt && res->best.loglik - res->alt[q].loglik < AMBIG_DLL; q++) {
        res->n_ambiguous++;
        res->purity_lo = fmin(res->purity_lo, res->alt[q].model.purity);
        res->purity_hi = fmax(res->purity_hi, res->alt[q].model.purity);
    }
}

/* Two solutions with materially different purities and almost the same
 * likelihood: the purity is not known. Of the near-equal solutions, the
 * best-fitting one among those within AMBIG_DP of the highest purity becomes
 * the model, marked unknown: a spurious fit
 * to noise drifts to low purity, where the states lie densely, and a low
 * purity inflates every gain. */
static void set_ambiguous(const fit_t *f, h2_purity_t *res)
{
    int hi = -1;
    res->purity_source = H2_SOURCE_UNKNOWN;
    if (isnan(f->o->ploidy))
        res->ploidy_source = H2_SOURCE_UNKNOWN;
    res->reason = "ambiguous: solutions with different purities fit almost equally well; "
                  "the best-fitting one near the highest purity among them is used";
    double pmax = res->best.model.purity;
    for (int q = 0; q < res->n_ambiguous; q++)
        pmax = fmax(pmax, res->alt[q].model.purity);
    /* among the solutions not materially below the highest purity, the best
       fit: purity 1.00 with ploidy 1.04 was taken over 0.99 with ploidy 2.08
       that fitted better (polysomy 17 read as a haploid genome) */
    for (int q = 0; q < res->n_ambiguous; q++) {
        const h2_ppsol_t *a = &res->alt[q], *c = hi < 0 ? &res->best : &res->alt[hi];
        int c_top = c->model.purity > pmax - AMBIG_DP;
        if (a->model.purity > pmax - AMBIG_DP && (!c_top || a->loglik > c->loglik))
            hi = q;
    }
    if (hi >= 0) {
        h2_ppsol_t t = res->best;
        res->best = res->alt[hi];
        res->alt[hi] = t;
    }
}

/* An alternative with a materially different purity that is not a ploidy
 * doubling (e.g. the same levels read as 1-copy steps at purity p or 2-copy
 * steps at p/2) fits almost as well: the data cannot tell the purity. A
 * ploidy-doubled or -halved alternative (ploidy ratio 1.74-2.3) is another
 * matter: it explains the levels and, at low purity, the BAFs almost equally
 * by construction, and the prior decides (README); it stays in the
 * alternatives with its delta. */
static int is_ambiguous(const h2_purity_t *res)
{
    for (int q = 0; q < res->n_alt; q++) {
        const h2_cnmodel_t *a = &res->alt[q].model, *b = &res->best.model;
        double lr = fabs(log2(a->ploidy / b->ploidy));
        if (res->best.loglik - res->alt[q].loglik < AMBIG_DLL
            && fabs(a->purity - b->purity) >= AMBIG_DP && !(lr > 0.8 && lr < 1.2))
            return 1;
    }
    return 0;
}

/* The grid fit proper, after the segments and the allele tables. */
static int fit_grid(fit_t *f, h2_purity_t *res)
{
    const h2_purity_opt_t *o = f->o;
    int r, bi, bj;
    f->p0 = isnan(o->purity) ? o->min_purity : o->purity;
    f->np = isnan(o->purity) ? (int)floor((1 - o->min_purity) / P_STEP + 1e-6) + 1 : 1;
    if ((r = outlier_terms(f)) < 0 || (r = grid_fit(f)) < 0)
        return r;
    if (!isnan(o->ploidy))
        mask_ploidy(f, o->ploidy);
    if ((r = pick_solutions(f, res, &bi, &bj)) < 0)
        return r;
    if (bi < 0) {
        set_unknown(f, res, "no solution on the purity/ploidy grid");
        return 0;
    }
    res->purity_source = isnan(o->purity) ? H2_SOURCE_ESTIMATED : H2_SOURCE_GIVEN;
    res->ploidy_source = isnan(o->ploidy) ? H2_SOURCE_ESTIMATED : H2_SOURCE_GIVEN;
    if (!isnan(o->ploidy)) {
        use_given_ploidy(o->ploidy, &res->best);
        for (int q = 0; q < res->n_alt; q++)
            use_given_ploidy(o->ploidy, &res->alt[q]);
    }
    res->purity_lo = res->purity_hi = res->best.model.purity;
    if (isnan(o->purity))
        purity_interval(f, bi, res);
    if (isnan(o->purity) && isnan(o->ploidy) && (r = refine_best(f, res)) < 0)
        return r;
    res->delta_loglik = res->n_alt > 0 ? res->best.loglik - res->alt[0].loglik : NAN;
    near_equal(res);
    if (isnan(o->purity) && is_ambiguous(res))
        set_ambiguous(f, res);
    return 0;
}

/* Given numbers, an unidentifiable genome, or the fit. 0 or H2_ENOMEM. */
static int decide(fit_t *f, h2_purity_t *res)
{
    const h2_purity_opt_t *o = f->o;
    int q;
    if (f->S == 0) {
        set_unknown(f, res, "no usable reference bins");
        return 0;
    }
    if (!isnan(o->purity) && !isnan(o->ploidy)) {
        set_given(f, res);
        return 0;
    }
    if ((q = is_quiet(f)) < 0)
        return q;
    if (q == 1) {
        set_unknown(f, res, "quiet genome: no copy-number or allelic change to fit the purity to");
        return 0;
    }
    return fit_grid(f, res);
}

h2_purity_t *h2_purity_fit(const h2_regset_t *rs, const h2_norm_t *nm,
                           const h2_alleles_t *al, const h2_purity_opt_t *o,
                           h2_err_t *err, int *rc)
{
    fit_t f = {0};
    h2_purity_t *res = NULL;
    int r = check_opts(rs, nm, o);
    if (r < 0) {
        h2_fail(err, r, "purity: invalid options (purity in (0,1], ploidy in (0,20], "
                "max_cn 2..20, min_purity in (0,1))");
        goto out;
    }
    f.o = o;
    if (!(res = calloc(1, sizeof *res))) {
        r = H2_ENOMEM;
        goto fail;
    }
    if ((r = make_segments(rs, nm, &o->cbs, &f)) < 0 || (r = map_bins(rs, nm, &f)) < 0)
        goto fail;
    if (al && o->use_baf && al->n > 0
        && ((r = split_by_baf(rs, nm, al, &o->cbs, &f)) < 0 || (r = map_bins(rs, nm, &f)) < 0
            || (r = baf_tables(rs, al, &f, &res->n_sites)) < 0))
        goto fail;
    res->delta_loglik = NAN;
    if ((r = decide(&f, res)) < 0)
        goto fail;
    res->n_segs = f.S;
    res->segs = f.segs;
    f.segs = NULL;
    goto out;
fail:
    h2_fail(err, r, "purity: out of memory");
    h2_purity_destroy(res);
    res = NULL;
out:
    h2_set_rc(rc, r);
    H2_FREE(f.segs, f.tab, f.bin2seg, f.L, f.P, f.amax, f.outlier);
    return res;
}
