/* baf_bins.c -- allele fractions summarised for the writers: the minor-allele
 * fraction of a site and its per-bin median (bins TSV, CNVkit .cnr, plot). */
#include <math.h>
#include <stdlib.h>
#include "h2_baf.h"
#include "h2_stats.h"

double h2_allele_maf(const h2_allele_t *x)
{
    uint32_t lo = x->n_a < x->n_b ? x->n_a : x->n_b;
    uint64_t n = (uint64_t)x->n_a + x->n_b;
    return n ? (double)lo / (double)n : NAN;
}

/* Sites are sorted by bin, so each bin's sites are one run of al->a: its
 * fractions go into buf and their median into maf[bin]. */
int h2_alleles_bin_maf(const h2_alleles_t *al, int n_bins, int *n_het, double *maf)
{
    double *buf = NULL;
    int ret = 0, n = al ? al->n : 0;
    for (int i = 0; i < n_bins; i++) {
        n_het[i] = 0;
        maf[i] = NAN;
    }
    if (n > 0 && !(buf = malloc((size_t)n * sizeof *buf))) {
        ret = H2_ENOMEM;
        goto out;
    }
    for (int j = 0; j < n; ) {
        int bin = al->a[j].bin, m = 0;
        for (; j < n && al->a[j].bin == bin; j++) {
            double f = h2_allele_maf(&al->a[j]);
            if (isfinite(f))
                buf[m++] = f;
        }
        if (bin < 0 || bin >= n_bins || m == 0)
            continue;
        n_het[bin] = m;
        maf[bin] = h2_median(buf, m);
    }
out:
    free(buf);
    return ret;
}
