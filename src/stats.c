/* stats.c -- the copy-number model and the shared statistics (h2_stats.h). */
#include <math.h>
#include <stdlib.h>
#include "h2_stats.h"
#include "her2cn.h"

double h2_model_cn(const h2_cnmodel_t *m, double r)
{
    double p = m->purity, normal = 2.0 * (1.0 - p);
    double cn = ((r / m->centre) * (p * m->ploidy + normal) - normal) / p;
    return cn > 0 || isnan(cn) ? cn : 0;   /* no ratio (NAN): no CN, never 0 */
}

double h2_model_ratio(const h2_cnmodel_t *m, double cn)
{
    double p = m->purity, normal = 2.0 * (1.0 - p);
    return m->centre * (p * cn + normal) / (p * m->ploidy + normal);
}

/* centre (p cn + 2(1-p)) = r_det (p P + 2(1-p)), solved for p. */
double h2_model_min_purity(const h2_cnmodel_t *m, double cn, double r_det)
{
    double a = m->centre * (cn - 2.0) - r_det * (m->ploidy - 2.0);
    double b = 2.0 * (r_det - m->centre);
    if (b <= 0)
        return 0;
    if (a <= 0 || b / a > 1)
        return NAN;
    return b / a;
}

double h2_model_baf(double purity, double cn, double minor)
{
    double den = purity * cn + 2.0 * (1.0 - purity);
    return den > 0 ? (purity * minor + (1.0 - purity)) / den : NAN;
}

double h2_folded_maf_expected(double b, int n, int min_minor)
{
    double num = 0, den = 0;
    if (n < 1 || !(b >= 0 && b <= 1))
        return NAN;
    if (b == 0 || b == 1)   /* every read one allele: the fold is 0, selected only by 0 */
        return min_minor <= 0 ? 0 : NAN;
    /* the binomial pmf in logs, so that deep sites (n in the thousands) do
     * not underflow term by term */
    double lb = log(b), lq = log1p(-b), lgn = lgamma(n + 1.0);
    for (int k = 0; k <= n; k++) {
        int lo = k < n - k ? k : n - k;
        if (lo < min_minor)
            continue;
        double pk = exp(lgn - lgamma(k + 1.0) - lgamma(n - k + 1.0) + k * lb + (n - k) * lq);
        num += pk * lo / n;
        den += pk;
    }
    return den > 0 ? num / den : NAN;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return H2_CMP(x, y);
}

double h2_median(double *x, int n)
{
    if (n <= 0)
        return NAN;
    qsort(x, n, sizeof *x, cmp_double);
    return n % 2 ? x[n / 2] : 0.5 * (x[n / 2 - 1] + x[n / 2]);
}

double h2_sd_from_mapd(double mapd)
{
    return mapd / (1.4142135623730951 * 0.6744897501960817);
}

/* Bisection on erfc: slow but exact to double precision, and called a few
 * times per sample. */
double h2_norm_quantile_upper(double p)
{
    double lo = -40, hi = 40;
    if (!(p > 0 && p < 1))
        return NAN;
    for (int i = 0; i < 200; i++) {
        double mid = 0.5 * (lo + hi);
        if (0.5 * erfc(mid / sqrt(2.0)) > p)
            lo = mid;
        else
            hi = mid;
    }
    return 0.5 * (lo + hi);
}

double h2_phred_two_sided(double z)
{
    z = fabs(z);
    double x = z / sqrt(2.0), lnp;
    if (x < 20)
        lnp = log(erfc(x));
    else   /* erfc(x) ~ exp(-x^2) / (x sqrt(pi)) */
        lnp = -x * x - log(x * sqrt(M_PI));
    double q = -10.0 * lnp / log(10.0);
    return q > H2_PHRED_CAP ? H2_PHRED_CAP : q;
}
