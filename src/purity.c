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

#define SYS_FLOOR 0.04      /* segment-level systematic error (log2): floor of the */
#define SYS_CAP   0.25      /*   value measured on the sample, and its cap (README) */
#define SYS_MIN_SEGS 5      /* fewest segments to measure it on */
#define OUT_BASE  3.0       /* depth misfit of an off-lattice segment: at most */
#define OUT_BIN   0.5       /*   3 + 0.5 per bin (log units) */
#define BAF_LO    0.01      /* error floor on the expected BAF */
#define BAF_STEP  0.005
#define N_BAF     99        /* grid 0.01, 0.015, ..., 0.5 */
#define RHO_FLOOR 0.01      /* beta-binomial overdispersion of allele counts: floor of
                               the value measured on the sample (README) */
#define RHO_MIN_SITES 200   /* fewest sites in balanced segments to measure it on */
#define N_EFF     50.0      /* a segment's allele evidence counts as at most 50 sites */
#define P_STEP    0.01
#define B0_LO     H2_PURITY_FIT_PLOIDY_MIN /* tumour CN of the baseline: grid 1..6 by
                                              0.02 (to H2_PURITY_FIT_PLOIDY_MAX) */
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
#define QUIET_ALPHA 0.0025  /* and a significant one: two-sided level over all
                               segments (Bonferroni), at least 3 SE */
#define IMB_LLR   10.0      /* significant allelic imbalance (log-likelihood ratio) */
#define IMB_BAF   0.42      /* and a material one */
#define PR_SUB    2.0       /* cost of a segment on a subclonal state */
#define KEEP_MAX_PLOIDY 5.0 /* readings kept for the data alone have ploidy <= 5
                               (above 5 tumours are very rare; the best is kept
                               whatever its ploidy) */
#define SUB_F_LO  0.1       /* subclonal cancer-cell fractions 0.1-0.9 */
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
    return s == H2_SOURCE_GIVEN ? "given" : s == H2_SOURCE_ESTIMATED ? "estimated"
           : s == H2_SOURCE_AMBIGUOUS ? "ambiguous" : "unknown";
}

int h2_source_unsettled(h2_source_t s)
{
    return s == H2_SOURCE_UNKNOWN || s == H2_SOURCE_AMBIGUOUS;
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
    double *outlier;    /* per segment: score off the lattice (an amplicon) */
    double *D;          /* np x N_B0: the data log-likelihood (no priors) */
    double *nsite;      /* per segment: its usable het sites */
    double sys_se;      /* segment-level systematic error in use */
    double rho;         /* allele overdispersion in use */
    int silent;         /* no segment with significant allelic imbalance (is_quiet) */
} fit_t;

/* A segment's state under one candidate (the subclonal fields -1/NAN when clonal). */
typedef struct {
    int c, m, sc, sm;
    double ccf;
    int out;            /* on the outlier path (c: the nearest clonal state) */
} state_t;

static int check_opts(const h2_regset_t *rs, const h2_norm_t *nm, const h2_purity_opt_t *o)
{
    if (!rs || !nm || !o || nm->n_bins != rs->n_bins)
        return H2_EUSAGE;
    if (!isnan(o->purity) && !(o->purity > 0 && o->purity <= 1))
        return H2_EUSAGE;
    if (!isnan(o->ploidy) && !(o->ploidy > 0 && o->ploidy <= 20))
        return H2_EUSAGE;
    if (!isnan(o->ploidy) && isnan(o->purity) && !(o->ploidy >= H2_PURITY_FIT_PLOIDY_MIN
                                                   && o->ploidy <= H2_PURITY_FIT_PLOIDY_MAX))
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
    g->se = sqrt(sdr * sdr / g->n_bins + SYS_FLOOR * SYS_FLOOR);   /* until measured */
    g->first_het = g->n_het = 0;
    g->maf = NAN;
    g->cn = g->minor = g->sub_cn = g->sub_minor = -1;
    g->ccf = NAN;
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
 * intra-site correlation rho (alpha = b (1 - rho) / rho, beta likewise). */
static double log_bb(int x, int n, double b, double rho)
{
    double a = b * (1 - rho) / rho, c = (1 - b) * (1 - rho) / rho;
    return lgamma(n + 1.0) - lgamma(x + 1.0) - lgamma(n - x + 1.0) + lgamma(x + a)
           + lgamma(n - x + c) - lgamma(n + a + c) + lgamma(a + c) - lgamma(a) - lgamma(c);
}

/* log P(min(X, n-X) >= t) for X ~ BB(n, b) or BB(n, 1 - b): the probability
 * that a het site with true fraction b passes the detection rule. */
static double log_detect(int n, int t, double b, double rho)
{
    if (t <= 0)
        return 0;
    double lo = 0;
    for (int x = 0; x < t; x++)
        lo += exp(log_bb(x, n, b, rho)) + exp(log_bb(x, n, 1 - b, rho));
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
static double site_ll(uint32_t mn, uint32_t mx, int th, double b, double rho)
{
    double a = b * (1 - rho) / rho, c = (1 - b) * (1 - rho) / rho;
    double base = -lgamma(a) - lgamma(c);
    double u = lgamma(mn + a) + lgamma(mx + c), v = lgamma(mx + a) + lgamma(mn + c);
    double hi = u > v ? u : v, lo = u > v ? v : u;
    return base + hi + log1p(exp(lo - hi)) - M_LN2 - log_detect((int)(mn + mx), th, b, rho);
}

static void site_row(uint32_t mn, uint32_t mx, int th, double rho, double *t)
{
    for (int j = 0; j < N_BAF; j++)
        t[j] = site_ll(mn, mx, th, baf_at(j), rho);
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
            site_row(k[a].key & 0xffffff, (k[a].key >> 24) & 0xffffff, (int)(k[a].key >> 48),
                     f->rho, row);
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
    free(f->tab);
    free(f->nsite);
    f->nsite = malloc((f->S + 1) * sizeof *f->nsite);
    if (!k || !reads || !f->nsite || !(f->tab = calloc((size_t)f->S * N_BAF, sizeof *f->tab))) {
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
    memcpy(f->nsite, reads, f->S * sizeof *reads);
    /* Systematic floor of the allele term, the analogue of SYS_FLOOR: reference
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

/* The grid index where segment s's allele table peaks (ties: the one
 * nearer 0.5); the caller checks that the segment has sites. */
static int tab_peak(const fit_t *f, int s)
{
    const double *t = f->tab + (size_t)s * N_BAF;
    int jm = N_BAF - 1;
    for (int j = 0; j < N_BAF; j++)
        if (t[j] > t[jm])
            jm = j;
    return jm;
}

/* ---- noise measured on the sample ---- */

/* A segment whose allele evidence is balanced: at least 10 sites and its
 * allele table peaks at a minor fraction of 0.40 or more. */
static int seg_balanced(const fit_t *f, int s)
{
    if (!f->tab || f->nsite[s] < 10)
        return 0;
    return baf_at(tab_peak(f, s)) >= 0.40 - 1e-9;
}

/* Allele-count overdispersion measured on the sample: the maximum-likelihood
 * rho on a grid, over the sites of the balanced segments, each at fraction
 * 0.5 (the de novo detection rule conditioned on as in the fit). Floored at
 * RHO_FLOOR; fewer than RHO_MIN_SITES sites: the floor, not measured. */
static const double rho_grid[] = {0.002, 0.005, 0.0075, 0.01, 0.0125, 0.015, 0.0175, 0.02,
                                  0.025, 0.03, 0.035, 0.04, 0.05, 0.06, 0.08, 0.1, 0.15};
#define N_RHO ((int)(sizeof rho_grid / sizeof *rho_grid))
static int measure_rho(const h2_regset_t *rs, const h2_alleles_t *al, fit_t *f, int *measured)
{
    skey_t *k = malloc((al->n + 1) * sizeof *k);
    double ll[N_RHO] = {0}, row[N_RHO] = {0};
    uint64_t last = UINT64_MAX;
    int n_use = 0;
    if (!k)
        return H2_ENOMEM;
    int nk = site_keys(rs, al, f, k);
    for (int a = 0; a < nk; a++) {
        if (!seg_balanced(f, f->bin2seg[al->a[k[a].site].bin]))
            continue;
        if (k[a].key != last) {
            uint32_t mn = k[a].key & 0xffffff, mx = (k[a].key >> 24) & 0xffffff;
            for (int i = 0; i < N_RHO; i++) {
                /* site_ll drops the terms that are equal for every b; across
                 * rho they differ: lgamma(a + c) - lgamma(n + a + c) */
                double ac = (1 - rho_grid[i]) / rho_grid[i];
                row[i] = site_ll(mn, mx, (int)(k[a].key >> 48), 0.5, rho_grid[i]) + lgamma(ac)
                         - lgamma(mn + mx + ac);
            }
        }
        last = k[a].key;
        for (int i = 0; i < N_RHO; i++)
            ll[i] += row[i];
        n_use++;
    }
    free(k);
    int im = 0;
    for (int i = 1; i < N_RHO; i++)
        if (ll[i] > ll[im])
            im = i;
    *measured = n_use >= RHO_MIN_SITES;
    f->rho = *measured ? fmax(rho_grid[im], RHO_FLOOR) : RHO_FLOOR;
    return 0;
}

static int cmp_dbl(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return H2_CMP(x, y);
}

/* Maximum-likelihood shared spread of a 1-D Gaussian mixture with k
 * components and a uniform background over levels x[0..n) (sorted) whose
 * own variances are v[i]: x_i ~ w0 U(range) + sum_c w_c N(mu_c, v_i + s2).
 * EM from the optimal hard grouping (kmeans_1d). Returns the
 * log-likelihood, *s2 the fitted extra variance. The means are free (no
 * lattice assumed): copy-number levels are the components, the spread
 * around them the noise; the background (at most 10% of the segments)
 * takes stray ones (a short segment CBS cut from the noise, a level between
 * two states). */
#define GMM_MAX_K 12
#define GMM_BG_MAX 0.1
/* Optimal 1-D k-means of sorted x[0..n) into k contiguous groups (dynamic
 * programming over prefix sums, O(k n^2)): the group means into mu, their
 * shares into w, and the pooled within-group variance (returned). */
static double kmeans_1d(const double *x, int n, int k, double *mu, double *w)
{
    double *s1 = malloc((n + 1) * sizeof *s1), *s2 = malloc((n + 1) * sizeof *s2);
    double *d = malloc((size_t)(k + 1) * (n + 1) * sizeof *d), ss = NAN;
    int *cut = malloc((size_t)(k + 1) * (n + 1) * sizeof *cut);
    if (!s1 || !s2 || !d || !cut)
        goto out;
    s1[0] = s2[0] = 0;
    for (int i = 0; i < n; i++) {
        s1[i + 1] = s1[i] + x[i];
        s2[i + 1] = s2[i] + x[i] * x[i];
    }
#define KM_SS(a, b) (s2[b] - s2[a] - (s1[b] - s1[a]) * (s1[b] - s1[a]) / ((b) - (a)))
    /* d[g * (n + 1) + j]: best cost of x[0..j) in g groups; cut: where the last starts */
    for (int j = 0; j <= n; j++)
        d[j] = j == 0 ? 0 : INFINITY;
    for (int g = 1; g <= k; g++)
        for (int j = 0; j <= n; j++) {
            double best = INFINITY;
            int bc = 0;
            for (int i = g - 1; i < j; i++) {
                double c = d[(g - 1) * (n + 1) + i] + KM_SS(i, j);
                if (c < best) {
                    best = c;
                    bc = i;
                }
            }
            d[g * (n + 1) + j] = best;
            cut[g * (n + 1) + j] = bc;
        }
    ss = d[k * (n + 1) + n];
    for (int g = k, j = n; g >= 1; g--) {
        int i = cut[g * (n + 1) + j];
        mu[g - 1] = (s1[j] - s1[i]) / (j - i);
        w[g - 1] = (double)(j - i) / n;
        j = i;
    }
#undef KM_SS
out:
    H2_FREE(s1, s2, d, cut);
    return ss / n;
}

static double gmm_fit(const double *x, const double *v, int n, int k, double *s2)
{
    double mu[GMM_MAX_K], w[GMM_MAX_K + 1], ll = -INFINITY, vm = 0;
    double lu = -log(x[n - 1] - x[0] + 0.01);
    for (int i = 0; i < n; i++)
        vm += v[i] / n;
    /* start from the optimal hard grouping, the spread its pooled one */
    double q = kmeans_1d(x, n, k, mu, w);
    *s2 = NAN;
    if (!(q == q))
        return -INFINITY;   /* out of memory: this k is not chosen */
    q = fmax(q - vm, 1e-4);
    for (int c = 0; c < k; c++)
        w[c] *= 0.95;
    w[k] = 0.05;        /* w[k]: the background */
    for (int it = 0; it < 200; it++) {
        double sw[GMM_MAX_K] = {0}, sx[GMM_MAX_K] = {0}, sr[GMM_MAX_K + 1] = {0};
        double num = 0, den = 0, nll = 0;
        for (int i = 0; i < n; i++) {
            double lp[GMM_MAX_K + 1], mx = -INFINITY, tot = 0, var = v[i] + q;
            for (int c = 0; c <= k; c++) {
                double d = c < k ? x[i] - mu[c] : 0;
                lp[c] = log(w[c]) + (c < k ? -0.5 * log(2 * M_PI * var) - 0.5 * d * d / var : lu);
                mx = fmax(mx, lp[c]);
            }
            for (int c = 0; c <= k; c++)
                tot += exp(lp[c] - mx);
            nll += mx + log(tot);
            for (int c = 0; c <= k; c++) {
                double r = exp(lp[c] - mx) / tot, d = c < k ? x[i] - mu[c] : 0;
                sr[c] += r;
                if (c == k)
                    continue;
                sw[c] += r / var;
                sx[c] += r * x[i] / var;
                num += r * (d * d - v[i]) / (var * var);   /* the ML fixed point for */
                den += r / (var * var);                     /* a shared extra variance */
            }
        }
        for (int c = 0; c <= k; c++)    /* the background takes at most 10% */
            w[c] = c < k ? fmax(sr[c] / n, 1e-12) : fmin(fmax(sr[k] / n, 1e-12), GMM_BG_MAX);
        for (int c = 0; c < k; c++)
            if (sw[c] > 0)
                mu[c] = sx[c] / sw[c];
        if (den > 0)
            q = fmax(num / den, 1e-6);
        int done = fabs(nll - ll) < 1e-9;
        ll = nll;
        if (done)
            break;
    }
    *s2 = q;
    return ll;
}

/* Segment-level systematic error measured on the sample: the spread of the
 * segment levels (segments of 3 or more bins) around the levels they cluster
 * on, beyond what bin noise explains: a Gaussian mixture with free means and
 * one shared extra variance (gmm_fit), its number of components (1..12, at
 * most half the segments) chosen by BIC. No lattice is assumed, so a genome
 * with many copy-number levels reads as several tight clusters, not as one
 * wide one. Floor SYS_FLOOR, cap SYS_CAP; fewer than SYS_MIN_SEGS segments:
 * the floor, not measured. Every segment's SE is then sqrt(sd^2 / n + sys^2). */
static int measure_sys(const h2_norm_t *nm, fit_t *f, int *measured)
{
    double (*lv)[2] = malloc((f->S + 1) * sizeof *lv);
    double *x = malloc((f->S + 1) * sizeof *x), *v = malloc((f->S + 1) * sizeof *v);
    double sdr = nm->sd_ref > 0 ? nm->sd_ref : 0, sys = SYS_FLOOR;
    int n = 0;
    if (!lv || !x || !v) {
        H2_FREE(lv, x, v);
        return H2_ENOMEM;
    }
    for (int s = 0; s < f->S; s++)
        if (f->segs[s].n_bins >= 3) {
            lv[n][0] = f->segs[s].log2;
            lv[n++][1] = sdr * sdr / f->segs[s].n_bins;
        }
    qsort(lv, n, sizeof *lv, cmp_dbl);    /* by level, the first member */
    for (int i = 0; i < n; i++) {
        x[i] = lv[i][0];
        v[i] = lv[i][1];
    }
    *measured = n >= SYS_MIN_SEGS;
    if (*measured) {
        double best = INFINITY, s2 = SYS_FLOOR * SYS_FLOOR;
        for (int k = 1; k <= GMM_MAX_K && 2 * k <= n; k++) {
            double q, bic = -2 * gmm_fit(x, v, n, k, &q) + (2.0 * k + 1) * log(n);
            if (bic < best - 1e-9) {
                best = bic;
                s2 = q;
            }
        }
        sys = fmin(fmax(sqrt(s2), SYS_FLOOR), SYS_CAP);
    }
    f->sys_se = sys;
    for (int s = 0; s < f->S; s++)
        f->segs[s].se = sqrt(sdr * sdr / f->segs[s].n_bins + sys * sys);
    H2_FREE(lv, x, v);
    return 0;
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

/* The subclonal reading of segment s: a fraction ccf of the tumour cells
 * carries state c + 1 and the rest state c, the level fixed by the depth
 * (c + ccf = the segment's continuous CN), ccf in [SUB_F_LO, 1 - SUB_F_LO].
 * Its data term is the allele term at the mixed fraction plus the depth
 * term integrated over ccf: log of sqrt(2 pi) SE times |d ccf / d log2|,
 * at most log(0.8) (the Occam factor of the free fraction: a level between
 * two states is a vaguer prediction than a state), less PR_SUB: a clonal
 * event at purity p reads exactly as a subclonal one at any higher purity,
 * so the cost of subclonality is what defines the purity (the clonal events
 * are the most common kind) and counts with the data, not with the priors
 * that the kept readings disregard. The lattice's Occam factor (occam) is
 * paid as by a clonal event, and like it counts as data (eval_cand): were it
 * a prior, a sparse lattice that reads a profile's odd states as dozens of
 * subclonal segments would beat the clonal reading on data by a factor per
 * segment. The prior: the event prior of the state farther from c0.
 * Returns data + occam + prior (-INFINITY: no such reading);
 * *data gets the data term, *st the states when non-NULL. */
static double sub_term(const fit_t *f, int s, double p, double kinv, int c0, double occam,
                       double *data, state_t *st)
{
    const h2_gseg_t *g = &f->segs[s];
    double x = (exp2(g->log2) * kinv - 2 * (1 - p)) / p;
    int c = (int)floor(x), bm = 0, bd = 0;
    double fr = x - c, den = p * x + 2 * (1 - p), best = -INFINITY;
    if (!(x == x) || c < 0 || c + 1 > f->o->max_cn || fr < SUB_F_LO || fr > 1 - SUB_F_LO)
        return -INFINITY;
    int m_lo = f->tab && g->n_het > 0 ? 0 : c / 2;     /* no sites: one reading */
    for (int m = c / 2; m >= m_lo; m--)
        for (int dm = 0; dm <= 1 && m + dm <= (c + 1) / 2; dm++) {
            double v = baf_ll(f, s, (p * (m + fr * dm) + 1 - p) / den) - PR_MINOR * (c / 2 - m);
            if (v > best) {
                best = v;
                bm = m;
                bd = dm;
            }
        }
    double integ = fmin(log(sqrt(2 * M_PI) * g->se * den * M_LN2 / p), log(0.8));
    int far = abs(c - c0) > abs(c + 1 - c0) ? c : c + 1;
    *data = best + integ - PR_SUB;
    if (st) {   /* the state nearer c0 is the background, the other the subclone */
        int up = far == c + 1;
        *st = (state_t){up ? c : c + 1, up ? bm : bm + bd, up ? c + 1 : c,
                        up ? bm + bd : bm, up ? fr : 1 - fr, 0};
    }
    return *data + prior_c(far, c0, g->n_bins) + occam;
}

/* Log-likelihood plus log-prior of (p, b0), where b0 is the tumour CN at
 * the baseline (k = 1 / (p b0 + 2 (1 - p))). Each segment takes the best of
 * a clonal state, a subclonal state (sub_term) and the outlier path. Sets
 * *ploidy (the bin-weighted mean CN, a subclone counted by its fraction) and
 * *data (the same sum without the priors: the ploidy, event, subclone and
 * haploid priors); when st is non-NULL stores each segment's state there
 * (marg: the minor count of each clonal state, state_tables). */
static double eval_cand(const fit_t *f, double p, double b0, const double *amax,
                        double *ploidy, double *data, state_t *st, const int *marg)
{
    int nc = f->o->max_cn + 1, c0 = dominant(b0, f->o->max_cn);
    double kinv = p * b0 + 2 * (1 - p), lb = log2(kinv), wc = 0;
    /* Occam factor: each segment off the dominant state pays the log of the
     * spacing of the states in ratio units (p k), the prior mass of one
     * state when the segment's level could lie anywhere. A denser lattice
     * (low purity, doubled ploidy) fits noise and subclonal levels better by
     * chance; this charges it for that. It counts as data (a marginal
     * likelihood), not as a prior. */
    double ll = -PR_PLOIDY * abs(c0 - 2), pr = ll, occam = log(p / kinv);
    double lc[21];
    for (int c = 0; c < nc; c++)
        lc[c] = log2(fmax(p * c + 2 * (1 - p), 1e-9)) - lb;
    for (int s = 0; s < f->S; s++) {
        const h2_gseg_t *g = &f->segs[s];
        double best = -INFINITY, z2 = 0, bpr = 0, sd = 0;
        int bc = c0;
        for (int c = 0; c < nc; c++) {
            double z = (g->log2 - lc[c]) / g->se, q = prior_c(c, c0, g->n_bins);
            double v = -0.5 * z * z + amax[s * nc + c] + q + (c != c0 ? occam : 0);
            if (v > best) {
                best = v;
                bc = c;
                z2 = z * z;
                bpr = q;
            }
        }
        /* The clonal state is chosen with the full Gaussian; its score caps
         * the depth misfit at OUT_BASE + OUT_BIN per bin, and a segment on no
         * state scores as an outlier (outlier_terms: an amplicon above
         * max_cn, a blip), so that it cannot drag the whole fit. */
        double cap = 2 * (OUT_BASE + OUT_BIN * g->n_bins);
        double vc = best + 0.5 * (z2 - fmin(z2, cap)), vo = f->outlier[s];
        state_t sst;    /* always filled: the ploidy counts a subclone by its fraction */
        double vs = sub_term(f, s, p, kinv, c0, occam, &sd, &sst);
        if (vs > vc && vs >= vo) {
            ll += vs;
            pr += vs - sd - occam;  /* the Occam factor is data, as for a clonal event */
            wc += g->n_bins * (sst.c + (sst.sc - sst.c) * sst.ccf);
            if (st)
                st[s] = sst;
            continue;
        }
        ll += fmax(vc, vo);
        pr += vc >= vo ? bpr : -PR_EVENT;
        wc += (double)g->n_bins * bc;
        if (st)
            st[s] = (state_t){bc, marg ? marg[s * nc + bc] : bc / 2, -1, -1, NAN, vc < vo};
    }
    *ploidy = f->wtot > 0 ? wc / f->wtot : 2;
    double hp = PR_HAPLOID * fmin(fmax((2.0 - *ploidy) / 0.5, 0.0), 1.0);
    if (data)
        *data = (ll - hp) - (pr - hp);
    return ll - hp;
}

/* Evaluate the whole (purity, b0) grid: L (with priors) and D (without). */
static int grid_fit(fit_t *f)
{
    int nc = f->o->max_cn + 1;
    size_t n = (size_t)f->np * N_B0;
    f->L = malloc(n * sizeof *f->L);
    f->D = malloc(n * sizeof *f->D);
    f->P = malloc(n * sizeof *f->P);
    f->amax = malloc((size_t)f->S * nc * sizeof *f->amax);
    if (!f->L || !f->D || !f->P || !f->amax)
        return H2_ENOMEM;
    for (int i = 0; i < f->np; i++) {
        double p = f->p0 + i * P_STEP;
        state_tables(f, p, f->amax, NULL);
        for (int j = 0; j < N_B0; j++)
            f->L[i * N_B0 + j] = eval_cand(f, p, B0_LO + j * B0_STEP, f->amax,
                                           &f->P[i * N_B0 + j], &f->D[i * N_B0 + j], NULL, NULL);
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
            f->L[i] = f->D[i] = -INFINITY;
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

/* The solution at (p, b0): its model, its data log-likelihood, the fraction
 * of bins on a clonal state within 2 SE and its subclonal segments; the
 * segments' states when set_states. st: room for S states, marg for S x nc. */
static void make_sol(fit_t *f, double p, double b0, int set_states, state_t *st, int *marg,
                     h2_ppsol_t *sol)
{
    double P, on = 0;
    state_tables(f, p, f->amax, marg);
    sol->loglik = eval_cand(f, p, b0, f->amax, &P, &sol->data_loglik, st, marg);
    double k = 1.0 / (p * b0 + 2 * (1 - p));
    sol->n_subclonal = 0;
    for (int s = 0; s < f->S; s++) {
        h2_gseg_t *g = &f->segs[s];
        double e = log2(fmax(k * (p * st[s].c + 2 * (1 - p)), 1e-9));
        sol->n_subclonal += st[s].sc >= 0;
        if (st[s].sc < 0 && fabs(g->log2 - e) <= 2 * g->se)
            on += g->n_bins;
        if (set_states) {
            g->cn = st[s].c;
            g->minor = st[s].m;
            g->sub_cn = st[s].sc;
            g->sub_minor = st[s].sm;
            g->ccf = st[s].ccf;
        }
    }
    sol->frac_clonal = f->wtot > 0 ? on / f->wtot : NAN;
    sol->model.purity = p;
    sol->model.ploidy = P;
    sol->model.centre = k * (p * P + 2 * (1 - p));
    sol->purity_lo = sol->purity_hi = p;
}

/* Two grid points are one reading when their purities are within AMBIG_DP
 * and their ploidies within 0.5. */
static int same_reading(const fit_t *f, int a, int b)
{
    return fabs((a / N_B0 - b / N_B0) * P_STEP) < AMBIG_DP - 1e-9
           && fabs(f->P[a] - f->P[b]) < 0.5;
}

/* Order local maxima by L, best first (insertion: there are few). */
static int local_maxima(const fit_t *f, int *ord)
{
    int n = 0;
    for (int x = 0; x < f->np * N_B0; x++) {
        if (!is_local_max(f, x / N_B0, x % N_B0))
            continue;
        int k = n++;
        while (k > 0 && f->L[ord[k - 1]] < f->L[x]) {
            ord[k] = ord[k - 1];
            k--;
        }
        ord[k] = x;
    }
    return n;
}

/* Distinct readings: the best local maximum, then those kept (within
 * AMBIG_DLL of the best's score, or of its data log-likelihood: twins only
 * priors separate), then the next best others, at most H2_PURITY_MAX_ALT
 * alternatives in all. Returns how many; *n_keep: the kept alternatives
 * (they come first). */
static int choose_readings(const fit_t *f, const int *ord, int nm, int *pick, int *n_keep)
{
    int np = 0;
    *n_keep = 0;
    for (int pass = 0; pass < 2 && nm > 0; pass++)
        for (int a = 0; a < nm && np <= H2_PURITY_MAX_ALT; a++) {
            int t = ord[a], dup = 0;
            int keep = a == 0 || f->L[t] >= f->L[ord[0]] - AMBIG_DLL
                       || (f->D[t] >= f->D[ord[0]] - AMBIG_DLL && f->P[t] <= KEEP_MAX_PLOIDY);
            if (keep != (pass == 0))
                continue;
            for (int q = 0; q < np && !dup; q++)
                dup = same_reading(f, t, pick[q]);
            if (dup)
                continue;
            pick[np++] = t;
            *n_keep += keep && a > 0;
        }
    return np;
}

/* Purity interval of the reading at grid point t: the contiguous purities
 * around it whose profile score (best b0 at each purity) is within CI_DROP
 * of the reading's own. */
static void reading_interval(const fit_t *f, int t, h2_ppsol_t *sol)
{
    int i = t / N_B0, lo = i, hi = i;
    double top = f->L[t];
    for (int d = -1; d <= 1; d += 2)
        for (int r = i + d; r >= 0 && r < f->np; r += d) {
            double prof = -INFINITY;
            for (int j = 0; j < N_B0; j++)
                prof = fmax(prof, f->L[r * N_B0 + j]);
            if (prof < top - CI_DROP || prof > top + 1e-6)   /* or another reading's hill */
                break;
            if (d < 0)
                lo = r;
            else
                hi = r;
        }
    sol->purity_lo = f->p0 + lo * P_STEP;
    sol->purity_hi = f->p0 + hi * P_STEP;
}

/* The readings: res->best and res->alt, with n_ambiguous kept ones first. */
static int pick_solutions(fit_t *f, h2_purity_t *res, int *bi, int *bj)
{
    int n = f->np * N_B0, r = 0, pick[H2_PURITY_MAX_ALT + 1], nk, np;
    int *ord = malloc(n * sizeof *ord);
    state_t *st = malloc((f->S + 1) * sizeof *st);
    int *marg = malloc(((size_t)f->S * (f->o->max_cn + 1) + 1) * sizeof *marg);
    if (!ord || !st || !marg) {
        r = H2_ENOMEM;
        goto out;
    }
    np = choose_readings(f, ord, local_maxima(f, ord), pick, &nk);
    for (int q = np - 1; q >= 0; q--) {    /* the best last: its states stay */
        h2_ppsol_t *sol = q == 0 ? &res->best : &res->alt[q - 1];
        make_sol(f, f->p0 + (pick[q] / N_B0) * P_STEP, B0_LO + (pick[q] % N_B0) * B0_STEP,
                 q == 0, st, marg, sol);
        reading_interval(f, pick[q], sol);
    }
    res->n_alt = np > 0 ? np - 1 : 0;
    res->n_ambiguous = nk;
    *bi = np > 0 ? pick[0] / N_B0 : -1;
    *bj = np > 0 ? pick[0] % N_B0 : -1;
out:
    H2_FREE(ord, st, marg);
    return r;
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
    state_t *st = malloc((f->S + 1) * sizeof *st);
    int *marg = malloc(((size_t)f->S * nc + 1) * sizeof *marg);
    if (!st || !marg) {
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
            double v = b0 >= B0_LO ? eval_cand(f, p, b0, f->amax, &P, NULL, NULL, NULL)
                                   : -INFINITY;
            prof[i] = fmax(prof[i], v);
            if (v > top) {
                top = v;
                tp = p;
                tb = b0;
            }
        }
    }
    double plo = res->best.purity_lo, phi = res->best.purity_hi;
    if (top > res->best.loglik)
        make_sol(f, tp, tb, 1, st, marg, &res->best);
    res->best.purity_lo = plo;
    res->best.purity_hi = phi;
    int bi = (int)lround((res->best.model.purity - pc) / 0.001) + NPF / 2, lo = bi, hi = bi;
    while (lo > 0 && prof[lo - 1] >= res->best.loglik - CI_DROP)
        lo--;
    while (hi < NPF - 1 && prof[hi + 1] >= res->best.loglik - CI_DROP)
        hi++;
    if (lo > 0 && isfinite(prof[lo - 1]))
        res->best.purity_lo = pc + (lo - NPF / 2) * 0.001;
    if (hi < NPF - 1 && isfinite(prof[hi + 1]))
        res->best.purity_hi = pc + (hi - NPF / 2) * 0.001;
out:
    H2_FREE(st, marg);
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
 * significant, material allelic imbalance. 1 quiet, 0 not, H2_ENOMEM.
 * *silent: no segment has significant imbalance, material or not. */
static int is_quiet(const fit_t *f, int *silent)
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
    double zq = fmax(3.0, h2_norm_quantile_upper(QUIET_ALPHA / 2 / (f->S > 0 ? f->S : 1)));
    int dep = 0, imb = 0, sig = 0;
    for (int s = 0; s < f->S; s++) {
        const h2_gseg_t *g = &f->segs[s];
        double d = fabs(g->log2 - dom);
        dep |= g->n_bins >= 2 && d >= QUIET_DL2 && d / g->se >= zq;
        if (!f->tab || g->n_het == 0)
            continue;
        const double *t = f->tab + (size_t)s * N_BAF;
        int jm = tab_peak(f, s), significant = t[jm] - t[N_BAF - 1] >= IMB_LLR;
        sig |= significant;
        imb |= significant && baf_at(jm) <= IMB_BAF;
    }
    *silent = !sig;
    return !dep && !imb;
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

/* A reading at purity 1 (the best b0 there) joins the kept ones when the
 * purity is ambiguous and the data do not reject it (its data
 * log-likelihood within AMBIG_DLL of the best's) although it is no local
 * maximum of the grid: at purity 1 a gain's CN is the smallest it can be. */
static int add_pure_reading(fit_t *f, h2_purity_t *res)
{
    int i = f->np - 1, bj = 0, n_keep = res->n_ambiguous, r = 0;
    if (f->p0 + i * P_STEP < 1 - 1e-9)
        return 0;
    for (int j = 1; j < N_B0; j++)
        if (f->L[i * N_B0 + j] > f->L[i * N_B0 + bj])
            bj = j;
    if (!isfinite(f->L[i * N_B0 + bj]) || res->best.model.purity > 1 - AMBIG_DP
        || f->D[i * N_B0 + bj] < res->best.data_loglik - AMBIG_DLL
        || f->P[i * N_B0 + bj] > KEEP_MAX_PLOIDY)
        return 0;
    for (int q = 0; q < n_keep; q++)
        if (res->alt[q].model.purity > 1 - AMBIG_DP)
            return 0;
    state_t *st = malloc((f->S + 1) * sizeof *st);
    int *marg = malloc(((size_t)f->S * (f->o->max_cn + 1) + 1) * sizeof *marg);
    if (!st || !marg) {
        r = H2_ENOMEM;
        goto out;
    }
    int at = n_keep < H2_PURITY_MAX_ALT ? n_keep : H2_PURITY_MAX_ALT - 1;
    if (res->n_alt < H2_PURITY_MAX_ALT)     /* the others move down one */
        res->n_alt++;
    memmove(&res->alt[at + 1], &res->alt[at], (res->n_alt - 1 - at) * sizeof *res->alt);
    make_sol(f, 1.0, B0_LO + bj * B0_STEP, 0, st, marg, &res->alt[at]);
    reading_interval(f, i * N_B0 + bj, &res->alt[at]);
    res->n_ambiguous = at + 1;
out:
    H2_FREE(st, marg);
    return r;
}

/* The baseline tumour CN b0 of a solution (its centre is 1 / (p b0 + 2 (1 - p))
 * times the mean level p P + 2 (1 - p)). */
static double sol_b0(const h2_ppsol_t *s)
{
    double p = s->model.purity;
    return ((p * s->model.ploidy + 2 * (1 - p)) / s->model.centre - 2 * (1 - p)) / p;
}

/* The purity p' at which the states c' = a c + b (minor a m + b / 2) read
 * exactly as the states c at purity p: the depth ratio p c + 2 (1 - p)
 * and the allele fraction scale alike when p' = 2 p / (2 a - p (2 a + b - 2)).
 * (a, b) = (1, 2): one more copy of each parent, p / (1 - p); (2, 0): every
 * state doubled, p / (2 - p); (k, 2 - 2k): k-copy steps, p / k. inv: the
 * reverse map (the purity whose twin under (a, b) is at p). */
static double twin_purity(double p, int a, int b, int inv)
{
    return inv ? 2 * a * p / (2 + p * (2 * a + b - 2)) : 2 * p / (2 * a - p * (2 * a + b - 2));
}

/* Insert sol as the last kept reading (the other alternatives move down
 * one; the last drops when the list is full). 0: no room. */
static int insert_kept(h2_purity_t *res, const h2_ppsol_t *sol)
{
    int at = res->n_ambiguous;
    if (at >= H2_PURITY_MAX_ALT)
        return 0;
    if (res->n_alt < H2_PURITY_MAX_ALT)
        res->n_alt++;
    memmove(&res->alt[at + 1], &res->alt[at], (res->n_alt - 1 - at) * sizeof *res->alt);
    res->alt[at] = *sol;
    res->n_ambiguous = at + 1;
    for (int q = res->n_alt - 1; q > at; q--)  /* the same reading, not kept: drop it */
        if (fabs(res->alt[q].model.purity - sol->model.purity) < 0.03
            && fabs(res->alt[q].model.ploidy - sol->model.ploidy) < 0.25) {
            memmove(&res->alt[q], &res->alt[q + 1], (res->n_alt - 1 - q) * sizeof *res->alt);
            res->n_alt--;
        }
    return 1;
}

/* One state under the twin map c' = a c + b, minor a m + b / 2: valid
 * when it stays within 1..max_cn (0 only from 0: a whole segment lost on
 * both parents, an arm-long homozygous deletion, is no reading of a
 * segment that has copies) with a non-negative minor (the minor only
 * matters where the segment has sites). */
static int twin_state_ok(const fit_t *f, const h2_gseg_t *g, int c, int m, int a, int b)
{
    int ct = a * c + b, mt = a * m + b / 2;
    return (ct > 0 || (ct == 0 && c == 0)) && ct <= f->o->max_cn
           && (mt >= 0 || !f->tab || g->n_het == 0);
}

/* The exact twins of the best reading join the kept ones. When every
 * segment's state maps to a valid state under c' = a c + b (minor
 * a m + b / 2; a subclone's both states), the genome reads identically at
 * twin_purity(p, a, b): depth and alleles cannot tell the two apart. What
 * separates them is the ploidy and event priors and the lattice's Occam
 * factor: the chance that the denser reading's levels all fall on the
 * states the twin pattern allows (every a-th state, the minor counts it
 * allows). That chance is one per distinct level, not per segment
 * (segments at one level share it: five arms gained to one level are one
 * coincidence); a level is a copy number off the baseline state, with its
 * minor count where the segment has sites (log of the depth spacing ratio
 * plus log of the ratio of minor counts possible), and a subclonal segment
 * is a level of its own. The twin is kept when it loses at most AMBIG_DLL
 * that way and its ploidy is at most KEEP_MAX_PLOIDY: a 4 + 1 gain at
 * purity p (the 2 + 1 gain at 3 p) is kept, so is a doubled genome of one
 * level, or of two read by depth alone; a genome of many levels all on
 * even states is not. Also the other way (the best is the twin of a
 * sparser reading). The twin's data log-likelihood is the best's plus the
 * per-segment depth Occam difference (as the grid counts it), its purity
 * interval the best's mapped, its loglik its own grid evaluation. Both
 * numbers free only. 0 or H2_ENOMEM. */
static int add_twins(fit_t *f, h2_purity_t *res)
{
    static const int ab[][2] = {{1, 2}, {2, 0}, {2, -2}, {2, 2}, {3, -4}, {3, -2}, {3, 0}};
    const h2_ppsol_t *b = &res->best;
    double p = b->model.purity, b0 = sol_b0(b), P = b->model.ploidy;
    int r = 0, c0 = dominant(b0, f->o->max_cn), nc = f->o->max_cn + 1;
    state_t *st = malloc(2 * (f->S + 1) * sizeof *st), *st2 = st ? st + f->S + 1 : NULL;
    int *marg = malloc(((size_t)f->S * nc + 1) * sizeof *marg);
    /* the levels: (c, m) with sites, (c, -1) without; lev[c * (nc + 1) + m + 1] */
    unsigned char *lev = calloc((size_t)nc * (nc + 1), 1);
    if (!st || !marg || !lev) {
        r = H2_ENOMEM;
        goto out;
    }
    h2_ppsol_t best;
    make_sol(f, p, b0, 0, st, marg, &best);     /* the best's states, outliers marked */
    int n_on = 0, n_sub = 0;    /* segments off c0 (the grid's Occam), subclonal ones */
    for (int s = 0; s < f->S; s++) {
        const h2_gseg_t *g = &f->segs[s];
        int sites = f->tab && g->n_het > 0;
        if (st[s].out)
            continue;
        n_on += st[s].sc >= 0 || st[s].c != c0;
        if (st[s].sc >= 0)
            n_sub++;
        else if (st[s].c != c0 || (sites && st[s].m != c0 / 2))
            lev[st[s].c * (nc + 1) + (sites ? st[s].m + 1 : 0)] = 1;
    }
    for (size_t t = 0; t < sizeof ab / sizeof *ab; t++)
        for (int inv = 0; inv <= 1; inv++) {
            int a = ab[t][0], c = ab[t][1], ok = 1;
            double pt = twin_purity(p, a, c, inv);
            double bt = inv ? (b0 - c) / a : a * b0 + c, Pt = inv ? (P - c) / a : a * P + c;
            if (!(pt >= f->o->min_purity - 1e-9 && pt <= 1 + 1e-9) || bt < B0_LO - 1e-9
                || bt > B0_LO + (N_B0 - 1) * B0_STEP + 1e-9 || Pt > KEEP_MAX_PLOIDY)
                continue;
            pt = fmin(pt, 1.0);
            for (int s = 0; s < f->S && ok; s++) {
                const h2_gseg_t *g = &f->segs[s];
                const state_t *x = &st[s];
                if (x->out)
                    continue;
                if (!inv)
                    ok = twin_state_ok(f, g, x->c, x->m, a, c)
                         && (x->sc < 0 || twin_state_ok(f, g, x->sc, x->sm, a, c));
                else    /* the best's states are the image of integer states */
                    ok = (x->c - c) % a == 0 && (x->c - c) / a >= 0
                         && (!f->tab || g->n_het == 0
                             || ((2 * x->m - c) % (2 * a) == 0 && 2 * x->m - c >= 0))
                         && (x->sc < 0 || ((x->sc - c) % a == 0 && (x->sc - c) / a >= 0));
            }
            if (!ok)
                continue;
            double kt = pt * bt + 2 * (1 - pt), kb = p * b0 + 2 * (1 - p);
            double dl = log((pt / kt) / (p / kb));  /* depth Occam per level, twin - best */
            double occ = dl * n_sub;
            for (int x = 0; x < nc; x++)
                for (int m = -1; m < nc; m++) {
                    if (!lev[x * (nc + 1) + m + 1])
                        continue;
                    int xt = inv ? (x - c) / a : a * x + c;
                    occ += (x != c0 ? dl : 0)
                           + (m >= 0 ? log((x / 2 + 1.0) / (xt / 2 + 1.0)) : 0);
                }
            if (occ < -AMBIG_DLL)
                continue;
            /* already kept (a local maximum of its own): within a few grid
             * steps; two twins can be 0.1 apart (p / 2, p / 3) */
            int dup = fabs(pt - p) < 0.03 && fabs(Pt - P) < 0.25;
            for (int q = 0; q < res->n_ambiguous && !dup; q++)
                dup = fabs(res->alt[q].model.purity - pt) < 0.03
                      && fabs(res->alt[q].model.ploidy - Pt) < 0.25;
            if (dup)
                continue;
            h2_ppsol_t sol;
            make_sol(f, pt, bt, 0, st2, marg, &sol);
            sol.model = (h2_cnmodel_t){pt, Pt, (pt * Pt + 2 * (1 - pt)) / kt};
            sol.data_loglik = b->data_loglik + dl * n_on;
            sol.frac_clonal = b->frac_clonal;
            sol.n_subclonal = b->n_subclonal;
            sol.purity_lo = fmax(f->o->min_purity, fmin(1, twin_purity(b->purity_lo, a, c, inv)));
            sol.purity_hi = fmax(f->o->min_purity, fmin(1, twin_purity(b->purity_hi, a, c, inv)));
            insert_kept(res, &sol);
        }
out:
    H2_FREE(st, marg, lev);
    return r;
}

/* The purity set: the union of the kept readings' own intervals, as
 * disjoint intervals in ascending order; purity_lo/hi its ends. */
static void purity_set(h2_purity_t *res)
{
    double lo[H2_PURITY_MAX_ALT + 1], hi[H2_PURITY_MAX_ALT + 1];
    int n = 0;
    lo[n] = res->best.purity_lo;
    hi[n++] = res->best.purity_hi;
    for (int q = 0; q < res->n_ambiguous; q++) {
        lo[n] = res->alt[q].purity_lo;
        hi[n++] = res->alt[q].purity_hi;
    }
    for (int a = 1; a < n; a++)         /* sort by lower end */
        for (int b = a; b > 0 && lo[b] < lo[b - 1]; b--) {
            double t = lo[b];
            lo[b] = lo[b - 1];
            lo[b - 1] = t;
            t = hi[b];
            hi[b] = hi[b - 1];
            hi[b - 1] = t;
        }
    res->n_pset = 0;
    for (int a = 0; a < n; a++) {
        int k = res->n_pset;
        if (k > 0 && lo[a] <= res->pset_hi[k - 1] + P_STEP + 1e-9) {
            res->pset_hi[k - 1] = fmax(res->pset_hi[k - 1], hi[a]);
            continue;
        }
        res->pset_lo[k] = lo[a];
        res->pset_hi[k] = hi[a];
        res->n_pset++;
    }
    res->purity_lo = res->pset_lo[0];
    res->purity_hi = res->pset_hi[res->n_pset - 1];
}

/* The kept readings disagree materially: a purity AMBIG_DP or more away
 * (the same levels read as 1-copy steps at p or 2-copy steps at p/2, an
 * exact twin at p/(1 - p) or p/(2 - p) with more copies), or, for the
 * ploidy, one 0.5 or more away (at purity 1 a doubling keeps the purity). */
static void set_sources(const fit_t *f, h2_purity_t *res)
{
    int pur = 0, plo = 0;
    for (int q = 0; q < res->n_ambiguous; q++) {
        const h2_cnmodel_t *a = &res->alt[q].model, *b = &res->best.model;
        pur |= fabs(a->purity - b->purity) >= AMBIG_DP - 1e-9;
        plo |= fabs(a->ploidy - b->ploidy) >= 0.5;
    }
    if (pur && isnan(f->o->purity))
        res->purity_source = H2_SOURCE_AMBIGUOUS;
    if ((pur || plo) && isnan(f->o->ploidy))
        res->ploidy_source = H2_SOURCE_AMBIGUOUS;
    if (pur || plo)
        res->reason = "ambiguous: readings with different purities or ploidies fit the data "
                      "almost equally well (only priors separate them); the best by the "
                      "prior is reported, the intervals span them all";
}

/* One level alone: the best reading puts off its baseline state only
 * segments of one contig, all to one side (a gain, a loss, or a change of
 * the minor allele alone), and no segment anywhere has significant allelic
 * imbalance. Such a genome is read two ways that the data cannot tell apart: a copy change at a
 * purity low enough that its allelic imbalance is not seen (the fit), or
 * a depth residual of that contig (real libraries have them per arm, and
 * the noise measured on the sample takes the odd level as a level of its
 * own: a quiet tumour at purity 0.5 with one arm 3 SD of its residual off
 * read purity 0.21 "estimated"). The quiet reading joins the kept ones: the
 * baseline at 2 copies at purity 1, its purity anywhere the grid reaches,
 * as for a quiet genome. The purity is then not estimated, and CICN spans
 * the gene's CN at purity 1 (a lower bound for a gain). */
/* 1 when the genome is one level alone under the best reading (above). */
static int one_level(const fit_t *f, const h2_purity_t *res)
{
    int c0 = dominant(sol_b0(&res->best), f->o->max_cn), n = 0, contig = -1, side = 0, one = 1;
    for (int s = 0; s < f->S && f->silent; s++) {
        const h2_gseg_t *g = &f->segs[s];
        int d = g->cn != c0 ? g->cn - c0 : g->sub_cn >= 0 ? g->sub_cn - c0 : 0;
        int sd = (d > 0) - (d < 0);
        if (d == 0 && !(f->tab && g->n_het > 0 && g->minor != c0 / 2))
            continue;
        if (n++ == 0) {
            contig = g->contig;
            side = sd;
        }
        one &= g->contig == contig && sd == side;
    }
    return f->silent && n > 0 && one;
}

/* Add the quiet reading to the kept ones (above). 0 or H2_ENOMEM. */
static int keep_quiet_reading(fit_t *f, h2_purity_t *res)
{
    h2_ppsol_t q;
    state_t *st = malloc((f->S + 1) * sizeof *st);
    int *marg = malloc(((size_t)f->S * (f->o->max_cn + 1) + 1) * sizeof *marg);
    if (!st || !marg) {
        H2_FREE(st, marg);
        return H2_ENOMEM;
    }
    make_sol(f, 1.0, 2.0, 0, st, marg, &q);
    H2_FREE(st, marg);
    q.purity_lo = f->o->min_purity;
    q.purity_hi = 1.0;
    if (!insert_kept(res, &q)) {        /* full: it takes the last kept place */
        res->alt[H2_PURITY_MAX_ALT - 1] = q;
        res->n_ambiguous = res->n_alt = H2_PURITY_MAX_ALT;
    }
    res->purity_source = H2_SOURCE_AMBIGUOUS;
    if (res->ploidy_source == H2_SOURCE_ESTIMATED
        && fabs(q.model.ploidy - res->best.model.ploidy) >= 0.5)
        res->ploidy_source = H2_SOURCE_AMBIGUOUS;
    res->reason = "one level only, alleles balanced: a copy change at low purity and a "
                  "depth residual of one contig read alike; the fit's best is reported, "
                  "the intervals span the quiet reading (purity 1 to the grid's lowest)";
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
    if (!isnan(o->purity))
        for (int q = -1; q < res->n_alt; q++) {
            h2_ppsol_t *s = q < 0 ? &res->best : &res->alt[q];
            s->purity_lo = s->purity_hi = o->purity;
        }
    if (isnan(o->purity) && isnan(o->ploidy)
        && ((r = refine_best(f, res)) < 0 || (r = add_twins(f, res)) < 0))
        return r;
    res->delta_loglik = res->n_alt > 0 ? res->best.loglik - res->alt[0].loglik : NAN;
    set_sources(f, res);
    if (isnan(o->purity) && isnan(o->ploidy) && one_level(f, res)
        && (r = keep_quiet_reading(f, res)) < 0)
        return r;
    if (res->purity_source == H2_SOURCE_AMBIGUOUS && (r = add_pure_reading(f, res)) < 0)
        return r;
    purity_set(res);
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
    if ((q = is_quiet(f, &f->silent)) < 0)
        return q;
    if (q == 1) {
        set_unknown(f, res, "quiet genome: no copy-number or allelic change to fit the purity to");
        return 0;
    }
    return fit_grid(f, res);
}

/* The segments, the allele tables with the overdispersion measured on the
 * sample, and the segments' SE with the systematic error measured on it. */
static int prepare(const h2_regset_t *rs, const h2_norm_t *nm, const h2_alleles_t *al,
                   fit_t *f, h2_purity_t *res)
{
    const h2_purity_opt_t *o = f->o;
    int r, mr = 0, ms = 0;
    f->rho = RHO_FLOOR;
    if ((r = make_segments(rs, nm, &o->cbs, f)) < 0 || (r = map_bins(rs, nm, f)) < 0)
        return r;
    if (al && o->use_baf && al->n > 0) {
        if ((r = split_by_baf(rs, nm, al, &o->cbs, f)) < 0 || (r = map_bins(rs, nm, f)) < 0
            || (r = baf_tables(rs, al, f, &res->n_sites)) < 0
            || (r = measure_rho(rs, al, f, &mr)) < 0)
            return r;
        if (f->rho > RHO_FLOOR && (r = baf_tables(rs, al, f, &res->n_sites)) < 0)
            return r;
    }
    if ((r = measure_sys(nm, f, &ms)) < 0)
        return r;
    res->rho = f->rho;
    res->seg_noise = f->sys_se;
    res->noise_measured = (ms ? 1 : 0) | (mr ? 2 : 0);
    return 0;
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
    res->delta_loglik = NAN;
    if ((r = prepare(rs, nm, al, &f, res)) < 0 || (r = decide(&f, res)) < 0)
        goto fail;
    if (res->n_pset == 0) {     /* given, unknown: one interval */
        res->n_pset = 1;
        res->pset_lo[0] = res->purity_lo;
        res->pset_hi[0] = res->purity_hi;
    }
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
    H2_FREE(f.segs, f.tab, f.bin2seg, f.L, f.P, f.amax, f.outlier, f.D, f.nsite);
    return res;
}
