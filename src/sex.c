/* sex.c -- sex of a sample from its SEX bins (chrX, chrY depth). See h2_sex.h. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "h2_sex.h"
#include "h2_stats.h"

/* 'X', 'Y' or 0 for the contig of bin i. */
char h2_sex_contig(const h2_regset_t *rs, int i)
{
    const char *n = h2_contig_bare(rs->genome->contigs[rs->bins[i].contig].name);
    return !strcmp(n, "X") ? 'X' : !strcmp(n, "Y") ? 'Y' : 0;
}

const char *h2_sex_name(h2_sex_t s)
{
    return s == H2_SEX_FEMALE ? "female" : s == H2_SEX_MALE ? "male" : "unknown";
}

int h2_sex_parse(const char *s, h2_sex_t *out)
{
    for (int k = H2_SEX_UNKNOWN; k <= H2_SEX_MALE; k++)
        if (!strcmp(s, h2_sex_name((h2_sex_t)k))) {
            *out = (h2_sex_t)k;
            return 0;
        }
    return -1;
}

h2_sexinfo_t h2_sex_infer(const h2_regset_t *rs, const h2_norm_t *nm)
{
    h2_sexinfo_t si = {NAN, NAN, 0, 0, H2_SEX_UNKNOWN};
    double *x = malloc((rs->n_bins + 1) * sizeof *x), *y = malloc((rs->n_bins + 1) * sizeof *y);
    if (!x || !y)
        goto out;
    for (int i = 0; i < rs->n_bins; i++) {
        if (rs->bins[i].role != H2_ROLE_SEX || !(nm->baseline_raw > 0))
            continue;
        char k = h2_sex_contig(rs, i);
        if (k == 'X' && nm->usable[i])
            x[si.n_x++] = nm->depth[i] / nm->baseline_raw;
        else if (k == 'Y')   /* an empty chrY bin is the female signal: keep it */
            y[si.n_y++] = nm->depth[i] / nm->baseline_raw;
    }
    si.x_ratio = h2_median(x, si.n_x);
    si.y_ratio = h2_median(y, si.n_y);
    if (si.n_x > 0) {
        if (si.x_ratio < 0.75 && (si.n_y == 0 || si.y_ratio > 0.2))
            si.sex = H2_SEX_MALE;
        else if (si.x_ratio >= 0.75 && (si.n_y == 0 || si.y_ratio < 0.1))
            si.sex = H2_SEX_FEMALE;
    }
out:
    free(x);
    free(y);
    return si;
}
