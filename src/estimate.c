/* estimate.c -- gene copy number with a confidence interval, the chr17
 * control, and the call. Formulas in h2_estimate.h and README "Method". */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "h2_estimate.h"

#define LOG2_FLOOR (-10.0)   /* log2 of a gene with no reads at all */
#define ISH_RATIO 2.0         /* ASCO/CAP 2018 ISH cut-offs (Wolff et al. 2018) */
#define ISH_CN_LO 4.0
#define ISH_CN_HI 6.0

void h2_call_opt_init(h2_call_opt_t *o)
{
    o->purity = NAN;
    o->ploidy = NAN;
    o->amp_cn = 6.0;
    o->gain_cn = 2.5;
    o->loss_cn = 1.5;
    o->focal_ratio = 1.5;
    o->min_depth = 0.2;
    o->min_ref_bins = 20;
    o->max_mapd = 0;     /* off: Noisy comes from the LOD (README) */
    o->z = 1.959963984540054;
    o->context_alpha = 0.001;
    o->lod_power = 0.8;
    o->segment = 1;
    h2_cbs_opt_init(&o->cbs);
    o->bkpt_alpha = 0.001;
    o->bkpt_min_cn = 1.0;
    o->bkpt_min_log2 = 0.2;
}

int h2_ish_group(double ratio, double cn)
{
    if (isnan(ratio) || isnan(cn))
        return 0;
    if (ratio >= ISH_RATIO)
        return cn >= ISH_CN_LO ? 1 : 2;
    return cn >= ISH_CN_HI ? 3 : cn >= ISH_CN_LO ? 4 : 5;
}

/* The ratio moves with CN (ratio = CN / control), so the groups along the
 * interval are those at its ends and just either side of each cut-off that
 * falls inside it (CN 4, CN 6, and ratio 2 at CN = 2 control). At each such
 * CN the control anywhere in [ctl_lo, ctl_hi] spans the ratios between
 * CN / ctl_hi and CN / ctl_lo, and the group changes with the ratio only at
 * 2: the two extremes give every group that CN allows. */
static unsigned groups_at(double cn, double ctl_lo, double ctl_hi)
{
    return (1u << h2_ish_group(cn / ctl_hi, cn)) | (1u << h2_ish_group(cn / ctl_lo, cn));
}

unsigned h2_ish_groups_within(double cn_lo, double cn_hi, double ctl_lo, double ctl_hi)
{
    const double cuts[4] = {ISH_CN_LO, ISH_CN_HI, ISH_RATIO * ctl_lo, ISH_RATIO * ctl_hi};
    unsigned m = 0;
    if (isnan(cn_lo) || isnan(cn_hi) || !(ctl_lo > 0) || !(ctl_hi >= ctl_lo))
        return 0;
    m |= groups_at(cn_lo, ctl_lo, ctl_hi) | groups_at(cn_hi, ctl_lo, ctl_hi);
    for (int i = 0; i < 4; i++)
        for (int side = -1; side <= 1; side += 2) {
            double c = cuts[i] * (1 + side * 1e-9);
            if (c >= cn_lo && c <= cn_hi)
                m |= groups_at(c, ctl_lo, ctl_hi);
        }
    return m;
}

unsigned h2_ish_groups_between(double cn_lo, double cn_hi, double chr17_cn)
{
    return h2_ish_groups_within(cn_lo, cn_hi, chr17_cn, chr17_cn);
}

/* ASCO/CAP single-probe criteria (Wolff et al. 2013, kept in 2018): average
 * HER2 copies per cell >= 6 positive, >= 4 and < 6 equivocal, < 4 negative. */
h2_her2_t h2_her2_single_probe(double cn)
{
    if (isnan(cn))
        return H2_HER2_NA;
    return cn >= ISH_CN_HI ? H2_HER2_AMPLIFIED : cn >= ISH_CN_LO ? H2_HER2_EQUIVOCAL
                                                                 : H2_HER2_NOT_AMPLIFIED;
}

const char *h2_ctl_basis_name(h2_ctl_basis_t b)
{
    static const char *names[] = {"NONE", "PERICENTROMERIC", "ARMS"};
    return b >= H2_CTL_NONE && b <= H2_CTL_ARMS ? names[b] : "?";
}

const char *h2_her2_basis_name(h2_her2_basis_t b)
{
    static const char *names[] = {"NA", "DUAL_PROBE", "SINGLE_PROBE"};
    return b >= H2_BASIS_NONE && b <= H2_BASIS_SINGLE_PROBE ? names[b] : "?";
}

h2_her2_t h2_her2_from_group(int group)
{
    return group == 1 ? H2_HER2_AMPLIFIED : group == 5 ? H2_HER2_NOT_AMPLIFIED :
           group >= 2 && group <= 4 ? H2_HER2_EQUIVOCAL : H2_HER2_NA;
}

const char *h2_ish_group_name(int group)
{
    static const char *names[] = {"1", "2", "3", "4", "5"};
    return group >= 1 && group <= 5 ? names[group - 1] : NULL;
}

const char *h2_her2_name(h2_her2_t h)
{
    static const char *names[] = {"NA", "NOT_AMPLIFIED", "EQUIVOCAL", "AMPLIFIED"};
    return h >= H2_HER2_NA && h <= H2_HER2_AMPLIFIED ? names[h] : "?";
}

const char *h2_filter_name(int i)
{
    static const char *names[H2_N_FILTERS] = {"LowDepth", "FewBins", "Noisy", "PurityUnknown",
                                              "HER2Uncertain", "NoReference", "GCExtreme"};
    return i >= 0 && i < H2_N_FILTERS ? names[i] : NULL;
}

const char *h2_call_name(h2_call_t c)
{
    static const char *names[] = {"LOSS", "NEUTRAL", "GAIN", "AMP"};
    return c >= H2_CALL_LOSS && c <= H2_CALL_AMP ? names[c] : "?";
}

const char *h2_context_name(h2_context_t c)
{
    static const char *names[] = {"NONE", "FOCAL", "CHR17", "FOCAL_ON_CHR17", "UNKNOWN"};
    return c >= H2_CTX_NONE && c <= H2_CTX_UNKNOWN ? names[c] : "?";
}

/* Pooled estimate over a set of usable bins: length-weighted mean corrected
 * depth, raw depth and reads; with a panel of normals or a matched normal
 * also the length^2-weighted per-bin variances (see pool_log2). */
typedef struct {
    int n;
    double len, depth, depth_raw;
    double w2dev, w2exp;
    uint64_t reads;
} pool_t;

static void pool_add(pool_t *p, const h2_bin_t *b, const h2_counts_t *c, const h2_norm_t *nm, int i)
{
    double len = (double)(b->end - b->start);
    p->n++;
    p->len += len;
    p->depth += len * exp2(nm->log2[i]) * nm->baseline;
    p->depth_raw += len * nm->depth[i];
    p->reads += c->reads[i];
    if (nm->var_dev && isfinite(nm->var_dev[i]))
        p->w2dev += len * len * nm->var_dev[i];
    if (nm->var_exp && isfinite(nm->var_exp[i]))
        p->w2exp += len * len * nm->var_exp[i];
}

/* log2 ratio and its SE for a pool (see the header comment): the counting
 * variance phi/reads with phi >= 1 measured on REF bins; in panel mode also
 * at least the REF scatter over the pool's n targets; plus the baseline's.
 * With a panel of normals the sample's deviation is also at least what the
 * normals' per-bin spread predicts (var_dev), and the uncertainty of the
 * expectation (var_exp: the PON median, or the matched normal's counting
 * noise) is added. */
static void pool_log2(const pool_t *p, const h2_norm_t *nm, int panel, double *log2r, double *se)
{
    const double ln2 = 0.6931471805599453;
    double sd_ln = nm->sd_ref * ln2;
    double phi = nm->phi > 0 ? nm->phi : sd_ln * sd_ln * nm->reads_ref;
    double var, base_var, l2 = p->len * p->len;
    if (phi < 1)
        phi = 1;
    var = phi / (p->reads > 0 ? (double)p->reads : 1.0);
    if (l2 > 0 && p->w2dev / l2 > var)
        var = p->w2dev / l2;
    if (panel && p->n > 0 && sd_ln * sd_ln / p->n > var)
        var = sd_ln * sd_ln / p->n;
    if (l2 > 0)
        var += p->w2exp / l2;
    base_var = 1.5707963 * sd_ln * sd_ln / nm->n_ref_usable; /* (1.2533 sd)^2 / n */
    double mean = p->len > 0 ? p->depth / p->len : 0;
    *log2r = mean > 0 ? log2(mean / nm->baseline) : LOG2_FLOOR;
    if (*log2r < LOG2_FLOOR)
        *log2r = LOG2_FLOOR;
    *se = sqrt(var + base_var) / ln2;
}

double h2_capture_var(const h2_regset_t *rs, const h2_counts_t *c, const h2_norm_t *nm)
{
    const double ln2 = 0.6931471805599453;
    double pois = 0, sd_ln = nm->sd_ref * ln2;
    int n = 0;
    if (!rs->par.panel || nm->ref_kind != 0 || !isfinite(sd_ln))
        return 0;
    for (int i = 0; i < rs->n_bins; i++)
        if (rs->bins[i].role == H2_ROLE_REF && nm->usable[i] && c->reads[i] > 0) {
            pois += 1.0 / (double)c->reads[i];
            n++;
        }
    if (n < 3)
        return 0;
    double v = sd_ln * sd_ln - pois / n;
    return v > 0 ? v : 0;
}

/* The capture term (h2_capture_var) joins a gene's SE undivided. */
static double with_capture(double se, const h2_estimates_t *e)
{
    const double ln2 = 0.6931471805599453;
    return sqrt(se * se + e->capture_var / (ln2 * ln2));
}

/* NoReference: a tumour-only panel whose CN interval at the model's purity
 * (the SE's interval alone, the purity's own uncertainty left to
 * PurityUnknown) runs from below the GAIN cut-off to the AMP cut-off: it
 * cannot tell an amplified gene from one not gained at all. */
static int noref_filter(const h2_estimates_t *e, const h2_estimate_t *g, const h2_call_opt_t *o)
{
    if (!(e->capture_var > 0))
        return 0;
    double lo = h2_model_cn(&e->model, exp2(g->log2 - o->z * g->se));
    double hi = h2_model_cn(&e->model, exp2(g->log2 + o->z * g->se));
    return lo < o->gain_cn && hi >= o->amp_cn;
}

static h2_call_t classify(double cn, double z_abs, const h2_call_opt_t *o)
{
    h2_call_t call = H2_CALL_NEUTRAL;
    if (cn >= o->amp_cn)
        call = H2_CALL_AMP;
    else if (cn >= o->gain_cn)
        call = H2_CALL_GAIN;
    else if (cn <= o->loss_cn)
        call = H2_CALL_LOSS;
    /* a change must also be significant: the interval must exclude ratio 1 */
    if (call != H2_CALL_NEUTRAL && z_abs < o->z)
        call = H2_CALL_NEUTRAL;
    return call;
}

/* The chr17 control (README "The chr17 control"). A median of bins, so that
 * a co-amplified 17q23/TOP2A segment or a focal loss among them does not
 * pull it; per group of bins (one side of the centromere, one arm). */
typedef struct {
    int n;
    double log2, se;    /* NAN with fewer than H2_CTL_MIN_BINS usable bins */
} ctl_med_t;

/* Usable CHR17 bin i in the group: pericentromeric or not (cen17), on the
 * arm (0: any). */
static int ctl_bin(const h2_regset_t *rs, const h2_norm_t *nm, int i, int cen17, int arm)
{
    return rs->bins[i].role == H2_ROLE_CHR17 && nm->usable[i] && h2_bin_cen17(rs, i) == cen17
        && (arm == 0 || h2_bin_arm(rs, i) == arm);
}

/* Median log2 of a group and its SE, 1.2533 sd / sqrt(n) (the median's
 * efficiency under normal scatter), sd the larger of the group's own scatter
 * (its MAPD in position order: robust to a step inside the group) and the
 * REF bins' (sd_ref): a few bins that happen to agree do not claim more
 * precision than the sample's noise allows. The baseline's own error is in
 * the gene's SE and cancels in the ratio. buf, dif: n_bins doubles each. */
static ctl_med_t ctl_median(const h2_regset_t *rs, const h2_norm_t *nm, int cen17, int arm,
                            double *buf, double *dif)
{
    ctl_med_t m = {0, NAN, NAN};
    for (int i = 0; i < rs->n_bins; i++)
        if (ctl_bin(rs, nm, i, cen17, arm))
            buf[m.n++] = nm->log2[i];
    if (m.n < H2_CTL_MIN_BINS)
        return m;
    for (int k = 1; k < m.n; k++)
        dif[k - 1] = fabs(buf[k] - buf[k - 1]);
    double sd = h2_sd_from_mapd(h2_median(dif, m.n - 1));
    if (!(sd >= nm->sd_ref))
        sd = nm->sd_ref;
    m.log2 = h2_median(buf, m.n);
    m.se = 1.2533141373155 * sd / sqrt(m.n);
    return m;
}

void h2_ctl_combine(double l_p, double se_p, double l_q, double se_q, double *log2r, double *se)
{
    double rp = exp2(l_p), rq = exp2(l_q);
    if (isnan(l_p) || isnan(l_q)) {
        *log2r = isnan(l_p) ? l_q : l_p;
        *se = isnan(l_p) ? se_q : se_p;
        return;
    }
    double r = (rp + rq) / 2;
    *log2r = log2(r);
    *se = sqrt(rp * rp * se_p * se_p + rq * rq * se_q * se_q) / (2 * r);
}

/* The SE of a region's log2 for its interval: its own (bins, capture) and
 * the segment-level systematic error the fit measured on this sample
 * (technical offsets of whole arms or blocks, which pooling bins does not
 * average away; h2_purity_t.seg_noise). Without a fit, its own. */
static double se_interval(const h2_estimates_t *e, double se)
{
    double s = e->fit ? e->fit->seg_noise : NAN;
    return s > 0 ? sqrt(se * se + s * s) : se;
}

/* The arms (outside the pericentromere; 17q also outside the window), then
 * the control: the pericentromeric sides when either has enough bins, else
 * (fallback) the arms, else none (HER2 from the single-probe rule). A custom
 * genome has no known centromere: its control bins form one group (ARMS). */
static int chr17_control(const h2_regset_t *rs, const h2_counts_t *c, const h2_norm_t *nm,
                         const h2_call_opt_t *o, h2_estimates_t *e, pool_t *ctl)
{
    double *buf = malloc((rs->n_bins + 1) * sizeof *buf);
    double *dif = malloc((rs->n_bins + 1) * sizeof *dif);
    if (!buf || !dif) {
        free(buf);
        free(dif);
        return H2_ENOMEM;
    }
    int ap = rs->par.peri_known ? 'p' : 0;   /* custom genome: one group */
    ctl_med_t p = ctl_median(rs, nm, 1, 'p', buf, dif), q = ctl_median(rs, nm, 1, 'q', buf, dif);
    ctl_med_t pa = ctl_median(rs, nm, 0, ap, buf, dif), qa = ctl_median(rs, nm, 0, 'q', buf, dif);
    free(buf);
    free(dif);
    e->n_chr17p = pa.n;
    e->n_chr17q = qa.n;
    e->chr17p_log2 = rs->par.peri_known ? pa.log2 : NAN;
    e->chr17q_log2 = qa.log2;
    e->chr17p_cn = h2_model_cn(&e->model, exp2(e->chr17p_log2));
    e->chr17q_cn = h2_model_cn(&e->model, exp2(e->chr17q_log2));
    int peri = !isnan(p.log2) || !isnan(q.log2);
    const ctl_med_t *a = peri ? &p : &pa, *b = peri ? &q : &qa;
    e->chr17_basis = peri ? H2_CTL_PERICENTROMERIC : !isnan(pa.log2) || !isnan(qa.log2) ?
                     H2_CTL_ARMS : H2_CTL_NONE;
    e->chr17_log2 = e->chr17_se = e->chr17_cn = e->chr17_cn_lo = e->chr17_cn_hi = NAN;
    if (e->chr17_basis == H2_CTL_NONE)
        return 0;
    h2_ctl_combine(a->log2, a->se, b->log2, b->se, &e->chr17_log2, &e->chr17_se);
    for (int i = 0; i < rs->n_bins; i++) {   /* the bins behind it */
        int arm = h2_bin_arm(rs, i);
        if (ctl_bin(rs, nm, i, peri, 0) && ((arm == ap && !isnan(a->log2))
                                            || (arm == 'q' && !isnan(b->log2))))
            pool_add(ctl, &rs->bins[i], c, nm, i);
    }
    e->n_chr17 = ctl->n;
    e->chr17_cn = h2_model_cn(&e->model, exp2(e->chr17_log2));
    double se = se_interval(e, e->chr17_se);
    e->chr17_cn_lo = h2_model_cn(&e->model, exp2(e->chr17_log2 - o->z * se));
    e->chr17_cn_hi = h2_model_cn(&e->model, exp2(e->chr17_log2 + o->z * se));
    return 0;
}

/* Limit of detection: the SE the gene would have at ratio 1 -- its bins
 * holding the reads per base of the usable REF bins -- and the CN whose log2
 * lies (z_{alpha/2} + z_{power}) such SEs above 0: a gene at that CN is
 * called with the given power by the two-sided test at the interval's level. */
static void lod(const h2_regset_t *rs, const h2_counts_t *c, const h2_norm_t *nm,
                const pool_t *p, const h2_call_opt_t *o, const h2_estimates_t *e,
                h2_estimate_t *g)
{
    pool_t p0 = *p, ref = {0};
    double l2;
    for (int i = 0; i < rs->n_bins; i++)
        if (rs->bins[i].role == H2_ROLE_REF && nm->usable[i])
            pool_add(&ref, &rs->bins[i], c, nm, i);
    double r0 = ref.len > 0 ? (double)ref.reads / ref.len * p->len : 0;
    p0.reads = r0 >= 1 ? (uint64_t)llround(r0) : 1;
    pool_log2(&p0, nm, rs->par.panel, &l2, &g->se0);
    g->se0 = with_capture(g->se0, e);
    double z_power = h2_norm_quantile_upper(1 - o->lod_power);
    g->lod_cn = h2_model_cn(&e->model, exp2((o->z + z_power) * g->se0));
}

/* Without a usable chr17 control: the single-probe criteria on CN, and
 * HER2Uncertain when CICN also reaches the opposite status (README "HER2
 * without a chr17 control"). */
static void single_probe(h2_estimate_t *g)
{
    g->context = H2_CTX_UNKNOWN;
    g->her2 = h2_her2_single_probe(g->cn);
    g->her2_basis = g->her2 == H2_HER2_NA ? H2_BASIS_NONE : H2_BASIS_SINGLE_PROBE;
    if ((g->her2 == H2_HER2_AMPLIFIED && g->cn_lo < ISH_CN_LO)
        || (g->her2 == H2_HER2_NOT_AMPLIFIED && g->cn_hi >= ISH_CN_HI))
        g->filters |= H2_FILT_HER2;
}

/* Context (README "Calling"): one-sided z-tests at level context_alpha of the
 * gene against the chr17 control and of the control against the baseline,
 * each with an effect-size threshold; then the ISH-like group and status. */
static void context(const pool_t *p, const pool_t *ctl, const h2_estimates_t *e,
                    const h2_call_opt_t *o, h2_estimate_t *g)
{
    if (ctl->n == 0 || !(e->chr17_cn > 0)) {
        single_probe(g);
        return;
    }
    double zc = h2_norm_quantile_upper(o->context_alpha);
    g->ratio17 = exp2(g->log2 - e->chr17_log2);
    g->ratio17cn = g->cn / e->chr17_cn;
    double zf = (g->log2 - e->chr17_log2) / hypot(g->se, e->chr17_se);
    int focal = zf >= zc && !(g->ratio17cn < o->focal_ratio);
    int chr17 = e->chr17_log2 / e->chr17_se >= zc && e->chr17_cn >= o->gain_cn;
    g->context = focal && chr17 ? H2_CTX_FOCAL_ON_CHR17 : focal ? H2_CTX_FOCAL :
                 chr17 ? H2_CTX_CHR17 : H2_CTX_NONE;
    g->ish_group = h2_ish_group(g->ratio17cn, g->cn);
    g->her2 = h2_her2_from_group(g->ish_group);
    g->her2_basis = g->her2 == H2_HER2_NA ? H2_BASIS_NONE : H2_BASIS_DUAL_PROBE;
}

/* A reading of the genome: a model and its own purity interval. */
typedef struct {
    h2_cnmodel_t m;
    double lo, hi;
} reading_t;

/* The readings: the model in use (with the purity interval, or its own
 * when the fit kept several), and the fit's kept alternatives (h2_purity.h). */
static int candidates(const h2_estimates_t *e, reading_t *r)
{
    int n = 0, own = e->fit && e->fit->n_ambiguous > 0;
    r[n++] = (reading_t){e->model, own ? e->fit->best.purity_lo : e->purity_lo,
                         own ? e->fit->best.purity_hi : e->purity_hi};
    for (int q = 0; own && q < e->fit->n_ambiguous && n < H2_PURITY_MAX_ALT + 1; q++)
        r[n++] = (reading_t){e->fit->alt[q].model, e->fit->alt[q].purity_lo,
                             e->fit->alt[q].purity_hi};
    return n;
}

/* CN interval: the ratio's interval (log2 -/+ z SE) under every reading, at
 * its purity and at both ends of its purity interval (ploidy and centre
 * held; CN is monotone in the purity at a fixed ratio, so the ends bound it). */
static void cn_interval(const h2_estimates_t *e, double log2r, double se, double z,
                        double *lo, double *hi)
{
    se = se_interval(e, se);
    reading_t cand[H2_PURITY_MAX_ALT + 1];
    int n = candidates(e, cand);
    *lo = INFINITY;
    *hi = -INFINITY;
    for (int i = 0; i < n; i++)
        for (int k = 0; k < 3; k++) {
            h2_cnmodel_t m = cand[i].m;
            double pk = k == 0 ? m.purity : k == 1 ? cand[i].lo : cand[i].hi;
            if (!(pk > 0 && pk <= 1))
                continue;
            m.purity = pk;
            double a = h2_model_cn(&m, exp2(log2r - z * se));
            double b = h2_model_cn(&m, exp2(log2r + z * se));
            *lo = a < *lo ? a : *lo;
            *hi = b > *hi ? b : *hi;
        }
}

/* With the purity unknown, a result stands only when every reading allows
 * it. A quiet genome is read at purity 1, where a gain's CN is smallest and
 * a loss's largest: an AMP stays so at any lower purity, and a LOSS stays a
 * loss. An ambiguous fit: AMP or LOSS must hold under each near-equal model.
 * Anything else could be overturned, and its CN is only a bound: a GAIN is
 * filtered even when its ISH-like group is 1 (the HER2 status holds, the
 * number does not: a quiet tumour at purity 0.5 with ERBB2 at 8 read CN 5.05,
 * GAIN, AMPLIFIED, PASS). */
static int purity_filter(const h2_estimates_t *e, const h2_estimate_t *g,
                         const h2_call_opt_t *o)
{
    reading_t cand[H2_PURITY_MAX_ALT + 1];
    int n = candidates(e, cand);
    double cmin = INFINITY, cmax = -INFINITY;
    if (e->purity_source != H2_SOURCE_UNKNOWN)
        return 0;
    for (int i = 0; i < n; i++) {
        double c = h2_model_cn(&cand[i].m, g->fold);
        cmin = c < cmin ? c : cmin;
        cmax = c > cmax ? c : cmax;
    }
    if (g->call == H2_CALL_AMP && cmin >= o->amp_cn)
        return 0;
    if (g->call == H2_CALL_LOSS && cmax <= o->loss_cn)
        return 0;
    return 1;
}

/* The CALL and HER2 status of gene g under each kept reading (its CN and
 * the chr17 control's under that model): FILTER PurityUnknown when the
 * readings disagree on CALL or on CN by more than 20% of the reported CN,
 * HER2Uncertain when they disagree on HER2.
 * Priors chose the reported reading; they never settle the answer. */
static unsigned readings_filter(const h2_estimates_t *e, const h2_estimate_t *g,
                                const h2_call_opt_t *o)
{
    reading_t cand[H2_PURITY_MAX_ALT + 1];
    int n = candidates(e, cand);
    unsigned fl = 0;
    for (int i = 1; i < n; i++) {
        double cn = h2_model_cn(&cand[i].m, g->fold);
        h2_her2_t her2;
        if (classify(cn, fabs(g->log2 / g->se), o) != g->call || fabs(cn - g->cn) > 0.2 * g->cn)
            fl |= H2_FILT_PURITY;
        if (g->her2_basis == H2_BASIS_DUAL_PROBE) {
            double c17 = h2_model_cn(&cand[i].m, exp2(e->chr17_log2));
            her2 = c17 > 0 ? h2_her2_from_group(h2_ish_group(cn / c17, cn)) : H2_HER2_NA;
        } else {
            her2 = h2_her2_single_probe(cn);
        }
        if (her2 != g->her2)
            fl |= H2_FILT_HER2;
    }
    return fl;
}

/* GC extremes of gene j (without a panel of normals or a matched normal,
 * whose own depth at the same GC is the correction): returns 1 when the
 * bins with extrapolated GC are to be left out -- at least 2 other usable
 * bins, and at least as many as those left out, remain; else keeps them all
 * and sets *filter when any is extreme (the CN rests on extrapolated GC). */
static int gc_leave_out(const h2_regset_t *rs, const h2_norm_t *nm, int j, int *filter)
{
    int n = 0, x = 0;
    *filter = 0;
    if (!nm->gc_extreme || nm->ref_kind != 0)
        return 0;
    for (int i = 0; i < rs->n_bins; i++)
        if (rs->bins[i].role == H2_ROLE_GENE && rs->bins[i].gene == j && nm->usable[i]) {
            n++;
            x += nm->gc_extreme[i] != 0;
        }
    if (x == 0)
        return 0;
    if (n - x >= 2 && n - x >= x)
        return 1;
    *filter = 1;
    return 0;
}

/* ---- breakpoints inside the gene (README "Breakpoints inside the gene") ---- */

/* Pool usable GENE bins idx[s..t) into segment *gs: log2 and SE as for the
 * gene, CN and its interval under the model. trim_lo/trim_hi: leave out
 * the first/last bin from the numbers (not from the span) -- the bin next
 * to a breakpoint may straddle it and hold a mix of both CNs. */
static void seg_pool(const h2_regset_t *rs, const h2_counts_t *c, const h2_norm_t *nm,
                     const h2_call_opt_t *o, const h2_estimates_t *e, const int *idx,
                     int s, int t, int trim_lo, int trim_hi, h2_gene_seg_t *gs)
{
    pool_t p = {0};
    for (int i = s + trim_lo; i < t - trim_hi; i++)
        pool_add(&p, &rs->bins[idx[i]], c, nm, idx[i]);
    pool_log2(&p, nm, rs->par.panel, &gs->log2, &gs->se);
    gs->start = rs->bins[idx[s]].start;
    gs->end = rs->bins[idx[t - 1]].end;
    gs->n_bins = t - s;
    gs->cn = h2_model_cn(&e->model, exp2(gs->log2));
    cn_interval(e, gs->log2, gs->se, o->z, &gs->cn_lo, &gs->cn_hi);
}

/* Does the step between two adjacent segments count as a breakpoint? */
static int seg_step(const h2_gene_seg_t *a, const h2_gene_seg_t *b, const h2_call_opt_t *o)
{
    return fabs(a->cn - b->cn) >= o->bkpt_min_cn && fabs(a->log2 - b->log2) >= o->bkpt_min_log2;
}

/* Segments of the split test (h2_split_bins on the single-bin log2 ratios
 * and variances), then adjacent segments whose step is too small to matter
 * are merged, the closest pair first; a segment of 3 or more bins leaves out
 * of its numbers the bin next to each breakpoint. bnd[0..ns] are segment
 * boundaries in idx. */
static int gene_split(const h2_regset_t *rs, const h2_counts_t *c, const h2_norm_t *nm,
                      const h2_call_opt_t *o, const h2_estimates_t *e, const int *idx, int n,
                      int *bnd, h2_gene_seg_t *gs)
{
    double *x = malloc(2 * n * sizeof *x), *v = x ? x + n : NULL;
    h2_seg_t *sp = NULL;
    int ns;
    if (!x)
        return H2_ENOMEM;
    for (int i = 0; i < n; i++) {
        seg_pool(rs, c, nm, o, e, idx, i, i + 1, 0, 0, &gs[0]);
        x[i] = gs[0].log2;
        v[i] = gs[0].se * gs[0].se;
    }
    ns = h2_split_bins(x, v, n, o->bkpt_alpha, 2, &sp);
    free(x);
    if (ns < 0)
        return ns;
    bnd[0] = 0;
    for (int k = 0; k < ns; k++) {
        bnd[k + 1] = sp[k].end;
        seg_pool(rs, c, nm, o, e, idx, sp[k].start, sp[k].end, 0, 0, &gs[k]);
    }
    free(sp);
    for (;;) {
        int m = -1;
        for (int k = 0; k + 1 < ns; k++)
            if (!seg_step(&gs[k], &gs[k + 1], o) && (m < 0
                || fabs(gs[k].log2 - gs[k + 1].log2) < fabs(gs[m].log2 - gs[m + 1].log2)))
                m = k;
        if (m < 0)
            break;
        memmove(&bnd[m + 1], &bnd[m + 2], (ns - m - 1) * sizeof *bnd);
        memmove(&gs[m + 1], &gs[m + 2], (ns - m - 2) * sizeof *gs);
        ns--;
        seg_pool(rs, c, nm, o, e, idx, bnd[m], bnd[m + 1], 0, 0, &gs[m]);
    }
    for (int k = 0; ns > 1 && k < ns; k++) {  /* the final numbers without straddlers */
        int wide = bnd[k + 1] - bnd[k] >= 3;
        seg_pool(rs, c, nm, o, e, idx, bnd[k], bnd[k + 1], wide && k > 0, wide && k < ns - 1,
                 &gs[k]);
    }
    return ns;
}

/* The segments of gene j, BREAKPOINT and CNMAX (g->segs, set before
 * estimate_gene, which widens CICN with them: gene_widen). */
static int gene_segments(const h2_regset_t *rs, const h2_counts_t *c, const h2_norm_t *nm,
                         const h2_call_opt_t *o, const h2_estimates_t *e, int j,
                         h2_estimate_t *g)
{
    int n = 0, *idx = malloc((rs->n_bins + 1) * 2 * sizeof *idx), ns;
    g->n_segs = 0;
    g->breakpoint = 0;
    g->cn_max = NAN;
    g->segs = NULL;
    if (!idx)
        return H2_ENOMEM;
    for (int i = 0; i < rs->n_bins; i++)   /* bins are sorted by position */
        if (rs->bins[i].role == H2_ROLE_GENE && rs->bins[i].gene == j && nm->usable[i])
            idx[n++] = i;
    if (n > 0 && !(g->segs = malloc(n * sizeof *g->segs))) {
        free(idx);
        return H2_ENOMEM;
    }
    ns = n > 0 ? gene_split(rs, c, nm, o, e, idx, n, idx + rs->n_bins + 1, g->segs) : 0;
    free(idx);
    if (ns < 0)
        return ns;
    g->n_segs = ns;
    g->breakpoint = ns > 1;
    for (int k = 0; k < ns; k++)
        if (!(g->segs[k].cn <= g->cn_max))
            g->cn_max = g->segs[k].cn;
    return 0;
}

/* A split gene's average CN is not one number: CICN spans every segment's
 * interval. Unsplit, CNMAX is the gene's CN. */
static void gene_widen(h2_estimate_t *g)
{
    if (!g->breakpoint) {
        g->cn_max = g->cn;
        return;
    }
    for (int k = 0; k < g->n_segs; k++) {
        if (g->segs[k].cn_lo < g->cn_lo)
            g->cn_lo = g->segs[k].cn_lo;
        if (g->segs[k].cn_hi > g->cn_hi)
            g->cn_hi = g->segs[k].cn_hi;
    }
}

static void estimate_gene(const h2_regset_t *rs, const h2_counts_t *c, const h2_norm_t *nm,
                          const h2_call_opt_t *o, const h2_estimates_t *e, const pool_t *ctl,
                          int j, h2_estimate_t *g)
{
    pool_t p = {0};
    int gc_filter, gc_drop = gc_leave_out(rs, nm, j, &gc_filter);
    g->gene = &rs->genes[j];
    for (int i = 0; i < rs->n_bins; i++)
        if (rs->bins[i].role == H2_ROLE_GENE && rs->bins[i].gene == j && nm->usable[i]
            && !(gc_drop && nm->gc_extreme[i]))
            pool_add(&p, &rs->bins[i], c, nm, i);
    g->n_bins = p.n;
    g->reads = p.reads;
    g->depth = p.len > 0 ? p.depth_raw / p.len : 0;
    g->chr17_log2 = e->chr17_log2;
    g->ratio17 = g->ratio17cn = g->se0 = g->lod_cn = NAN;
    g->ish_group = 0;
    g->her2 = H2_HER2_NA;
    g->qual = NAN;
    g->se_capture = sqrt(e->capture_var) / 0.6931471805599453;
    g->context = H2_CTX_NONE;
    g->her2_basis = H2_BASIS_NONE;
    g->filters = gc_filter ? H2_FILT_GCEXTREME : 0;
    if (g->depth < o->min_depth)
        g->filters |= H2_FILT_LOWDEPTH;
    if (p.n == 0 || nm->n_ref_usable < o->min_ref_bins)
        g->filters |= H2_FILT_FEWBINS;
    if (o->max_mapd > 0 && nm->mapd > o->max_mapd)
        g->filters |= H2_FILT_NOISY;
    if (p.n == 0) {
        g->log2 = g->se = g->fold = g->cn = g->cn_lo = g->cn_hi = NAN;
        g->call = H2_CALL_NEUTRAL;
        return;
    }
    pool_log2(&p, nm, rs->par.panel, &g->log2, &g->se);
    g->se = with_capture(g->se, e);
    g->fold = exp2(g->log2);
    g->cn = h2_model_cn(&e->model, g->fold);
    cn_interval(e, g->log2, g->se, o->z, &g->cn_lo, &g->cn_hi);
    gene_widen(g);
    double z = g->log2 / g->se;
    g->call = classify(g->cn, fabs(z), o);
    if (g->call != H2_CALL_NEUTRAL)
        g->qual = h2_phred_two_sided(z);
    lod(rs, c, nm, &p, o, e, g);
    context(&p, ctl, e, o, g);
    if (g->lod_cn > o->amp_cn)
        g->filters |= H2_FILT_NOISY;
    g->cn_bound = e->purity_source == H2_SOURCE_UNKNOWN;
    if (purity_filter(e, g, o))
        g->filters |= H2_FILT_PURITY;
    g->filters |= readings_filter(e, g, o);
    if (noref_filter(e, g, o))
        g->filters |= H2_FILT_NOREF;
    /* A status the interval does not settle: group 1 and group 5 both
     * compatible with CICN (a NOT_AMPLIFIED that could be AMPLIFIED, or the
     * reverse). */
    g->ish_groups_ci = h2_ish_groups_within(g->cn_lo, g->cn_hi, e->chr17_cn_lo, e->chr17_cn_hi);
    if ((g->her2 == H2_HER2_NOT_AMPLIFIED && (g->ish_groups_ci & 2u))
        || (g->her2 == H2_HER2_AMPLIFIED && (g->ish_groups_ci & 32u)))
        g->filters |= H2_FILT_HER2;
}

/* The model: the fit's best solution, or the options' numbers as given. */
static int set_model(const h2_call_opt_t *o, const h2_purity_t *fit, h2_estimates_t *e,
                     h2_err_t *err)
{
    if (fit) {
        e->model = fit->best.model;
        e->purity_source = fit->purity_source;
        e->ploidy_source = fit->ploidy_source;
        e->purity_lo = fit->purity_lo;
        e->purity_hi = fit->purity_hi;
        e->fit = fit;
    } else {
        e->model = (h2_cnmodel_t){o->purity, o->ploidy, 1.0};
        e->purity_source = e->ploidy_source = H2_SOURCE_GIVEN;
        e->purity_lo = e->purity_hi = o->purity;
    }
    if (!(e->model.purity > 0 && e->model.purity <= 1) || !(e->model.ploidy > 0)
        || !(e->model.centre > 0))
        return h2_fail(err, H2_EUSAGE, "purity must be in (0,1], ploidy > 0 (purity %g, "
                       "ploidy %g)", e->model.purity, e->model.ploidy);
    return 0;
}

/* Lowest purity at which genes[0] at the AMP threshold would be detected
 * with the LOD's power (README "Purity and ploidy"). */
static double min_purity(const h2_estimates_t *e, const h2_call_opt_t *o)
{
    if (e->n < 1 || !isfinite(e->g[0].se0))
        return NAN;
    double z_power = h2_norm_quantile_upper(1 - o->lod_power);
    return h2_model_min_purity(&e->model, o->amp_cn, exp2((o->z + z_power) * e->g[0].se0));
}

h2_estimates_t *h2_estimate(const h2_regset_t *rs, const h2_counts_t *c,
                            const h2_norm_t *nm, const h2_call_opt_t *o,
                            const h2_purity_t *fit, h2_err_t *err, int *rc)
{
    h2_estimates_t *e = NULL;
    pool_t ctl = {0};
    int ret = 0;
    if (!(e = calloc(1, sizeof *e)) || !(e->g = calloc(rs->n_called + 1, sizeof *e->g))) {
        ret = h2_fail(err, H2_ENOMEM, "out of memory");
        goto out;
    }
    e->n = rs->n_called;
    if ((ret = set_model(o, fit, e, err)) < 0)
        goto out;
    e->capture_var = h2_capture_var(rs, c, nm);
    if ((ret = chr17_control(rs, c, nm, o, e, &ctl)) < 0) {
        h2_fail(err, ret, "out of memory");
        goto out;
    }
    for (int j = 0; j < rs->n_called; j++) {
        if ((ret = gene_segments(rs, c, nm, o, e, j, &e->g[j])) < 0) {
            h2_fail(err, ret, "out of memory");
            goto out;
        }
        estimate_gene(rs, c, nm, o, e, &ctl, j, &e->g[j]);
    }
    e->min_purity = min_purity(e, o);
    if (o->segment && rs->n_called > 0) {
        h2_amp_param_t ap = {e->model, o->gain_cn, o->z};
        if ((ret = h2_amplicon_find(rs, nm, &o->cbs, &ap, &e->amp)) < 0) {
            h2_fail(err, ret, "out of memory");
            goto out;
        }
        e->amp.se = with_capture(e->amp.se, e);   /* its targets include the gene's */
        if (e->amp.found)
            cn_interval(e, e->amp.log2, e->amp.se, o->z, &e->amp.cn_lo, &e->amp.cn_hi);
        e->amp.qual = e->amp.found ? h2_phred_two_sided(e->amp.log2 / e->amp.se) : NAN;
        e->amp.call = e->amp.cn >= o->amp_cn ? H2_CALL_AMP : H2_CALL_GAIN;
        for (int k = 0; k < e->amp.n_more; k++) {
            h2_amplicon_t *a = &e->amp.more[k];
            cn_interval(e, a->log2, a->se, o->z, &a->cn_lo, &a->cn_hi);
            a->qual = h2_phred_two_sided(a->log2 / a->se);
            a->call = a->cn >= o->amp_cn ? H2_CALL_AMP : H2_CALL_GAIN;
        }
    }
out:
    if (h2_set_rc(rc, ret) < 0) {
        h2_estimates_destroy(e);
        return NULL;
    }
    return e;
}

void h2_estimates_destroy(h2_estimates_t *e)
{
    if (!e)
        return;
    h2_amplicon_clear(&e->amp);
    for (int j = 0; e->g && j < e->n; j++)
        free(e->g[j].segs);
    free(e->g);
    free(e);
}
