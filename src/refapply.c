/* refapply.c -- apply a reference to a normalised sample: a panel of normals
 * (expected depth and spread per bin) or a matched normal. See h2_refapply.h
 * and README "Method". */
#include <math.h>
#include <stdlib.h>
#include "h2_refapply.h"
#include "h2_stats.h"

#define LN2 0.6931471805599453
#define PRIOR_DF 4.0              /* spread moderation: prior degrees of freedom */

static int alloc_ref_arrays(h2_norm_t *nm)
{
    size_t n = (size_t)nm->n_bins + 1;
    nm->expected = malloc(n * sizeof(double));
    nm->spread = malloc(n * sizeof(double));
    nm->var_dev = malloc(n * sizeof(double));
    nm->var_exp = malloc(n * sizeof(double));
    if (!nm->expected || !nm->spread || !nm->var_dev || !nm->var_exp)
        return H2_ENOMEM;
    for (int i = 0; i < nm->n_bins; i++)
        nm->expected[i] = nm->spread[i] = nm->var_dev[i] = nm->var_exp[i] = NAN;
    return 0;
}

/* Re-centre log2 so that the median usable REF bin is 0. */
static int recentre(const h2_regset_t *rs, h2_norm_t *nm, h2_err_t *err)
{
    double *buf = malloc((rs->n_bins + 1) * sizeof *buf);
    int m = 0;
    if (!buf)
        return h2_fail(err, H2_ENOMEM, "out of memory");
    for (int i = 0; i < rs->n_bins; i++)
        if (rs->bins[i].role == H2_ROLE_REF && nm->usable[i] && isfinite(nm->log2[i]))
            buf[m++] = nm->log2[i];
    double med = h2_median(buf, m);
    free(buf);
    if (m < 3)
        return h2_fail(err, H2_EINPUT, "fewer than 3 reference bins are usable after the "
                       "reference (panel of normals or normal) is applied");
    for (int i = 0; i < rs->n_bins; i++)
        nm->log2[i] -= med;
    return 0;
}

/* Median REF spread: the prior for moderating per-bin spreads. */
static double ref_spread_prior(const h2_pon_t *p, const h2_regset_t *rs)
{
    double *buf = malloc((p->n_bins + 1) * sizeof *buf), s0;
    int m = 0;
    if (!buf)
        return NAN;
    for (int i = 0; i < p->n_bins; i++)
        if (rs->bins[i].role == H2_ROLE_REF && !p->flags[i] && isfinite(p->spread[i]))
            buf[m++] = p->spread[i];
    s0 = h2_median(buf, m);
    free(buf);
    return s0;
}

/* The per-bin spread from n normals is itself noisy (n may be 3), so it is
 * moderated towards the median REF spread s0 as in limma (Smyth 2004):
 * s^2 = (d0 s0^2 + (n - 1) s_i^2) / (d0 + n - 1), with d0 = 4. A sample's
 * deviation from the expectation then has variance (s ln 2)^2, and the
 * expectation (a median of n) has variance (pi/2) (s ln 2)^2 / n. */
int h2_ref_apply_pon(const h2_pon_t *p, const h2_regset_t *rs, const h2_counts_t *c,
                     h2_norm_t *nm, h2_err_t *err)
{
    double s0 = ref_spread_prior(p, rs);
    int ret;
    if (p->n_bins != nm->n_bins)
        return h2_fail(err, H2_EINTERNAL, "PON and sample bins differ");
    if (alloc_ref_arrays(nm) < 0)
        return h2_fail(err, H2_ENOMEM, "out of memory");
    if (!isfinite(s0))
        s0 = 0;
    for (int i = 0; i < nm->n_bins; i++) {
        double e = p->expected[i], s = p->spread[i];
        nm->expected[i] = e;
        nm->spread[i] = s;
        if (p->flags[i] || !(e > 0) || !isfinite(s)) {
            nm->usable[i] = 0;
            nm->log2[i] = NAN;
            continue;
        }
        double df = p->n[i] > 1 ? p->n[i] - 1 : 0;
        double sm2 = (PRIOR_DF * s0 * s0 + df * s * s) / (PRIOR_DF + df) * LN2 * LN2;
        nm->var_dev[i] = sm2;
        nm->var_exp[i] = 1.5707963267948966 * sm2 / (p->n[i] > 0 ? p->n[i] : 1);
        if (nm->usable[i])
            nm->log2[i] -= log2(e);
    }
    if ((ret = recentre(rs, nm, err)) < 0)
        return ret;
    nm->ref_kind = 1;
    if ((ret = h2_norm_refresh(rs, c, nm)) < 0)
        return h2_fail(err, ret, "out of memory");
    return 0;
}

/* Tumour over normal. phi (the overdispersion, the same for both libraries)
 * comes from the REF scatter of the ratio: var = phi (1/r_t + 1/r_n) for
 * median REF reads r_t and r_n; the normal's counting noise phi / reads_n
 * per bin is the variance of the expectation. */
int h2_ref_apply_normal(const h2_regset_t *rs, const h2_counts_t *ct, h2_norm_t *nm,
                        const h2_counts_t *cn, const h2_norm_t *nn, h2_err_t *err)
{
    int ret;
    if (nn->n_bins != nm->n_bins || cn->n_bins != nm->n_bins)
        return h2_fail(err, H2_EINTERNAL, "normal and tumour bins differ");
    if (alloc_ref_arrays(nm) < 0)
        return h2_fail(err, H2_ENOMEM, "out of memory");
    free(nm->var_dev);
    nm->var_dev = NULL;
    for (int i = 0; i < nm->n_bins; i++) {
        nm->expected[i] = nn->usable[i] ? exp2(nn->log2[i]) : NAN;
        if (!nn->usable[i] || cn->reads[i] == 0 || !isfinite(nn->log2[i])) {
            nm->usable[i] = 0;
            nm->log2[i] = NAN;
        } else if (nm->usable[i])
            nm->log2[i] -= nn->log2[i];
    }
    if ((ret = recentre(rs, nm, err)) < 0)
        return ret;
    nm->ref_kind = 2;
    if ((ret = h2_norm_refresh(rs, ct, nm)) < 0)
        return h2_fail(err, ret, "out of memory");
    double sd_ln = nm->sd_ref * LN2, rt = nm->reads_ref, rn = nn->reads_ref;
    nm->phi = rt > 0 && rn > 0 ? sd_ln * sd_ln / (1 / rt + 1 / rn) : 1;
    if (nm->phi < 1)
        nm->phi = 1;
    for (int i = 0; i < nm->n_bins; i++)
        if (nm->usable[i])
            nm->var_exp[i] = nm->phi / (double)cn->reads[i];
    return 0;
}
