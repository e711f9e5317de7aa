/* identity.c -- the --snps site filter and the matched normal's identity
 * check (rules and their costs in h2_identity.h). */
#include <math.h>
#include <stdlib.h>
#include "h2_identity.h"

void h2_identity_init(h2_identity_t *id)
{
    id->snps_given = -1;
    id->snps_kept = 0;
    id->snps_rule = NULL;
    id->result = H2_ID_NOT_CHECKED;
    id->method = NULL;
    id->informative = id->discordant = 0;
    id->concordance = NAN;
}

const char *h2_id_result_name(h2_id_result_t r)
{
    switch (r) {
    case H2_ID_MATCH: return "match";
    case H2_ID_MISMATCH: return "mismatch";
    case H2_ID_TOO_FEW: return "too few sites";
    default: return "not checked";
    }
}

int h2_alleles_keep_het(h2_alleles_t *a)
{
    int n = 0, dropped;
    for (int i = 0; i < a->n; i++)
        if (h2_allele_is_het(&a->a[i], H2_BAF_MIN_READS, H2_BAF_MIN_FRAC))
            a->a[n++] = a->a[i];
    dropped = a->n - n;
    a->n = n;
    a->min_reads = H2_BAF_MIN_READS;
    a->min_frac = H2_BAF_MIN_FRAC;
    return dropped;
}

static int normal_het(const h2_allele_t *x)
{
    uint32_t d = x->n_a + x->n_b;
    return d >= H2_NHET_MIN_DEPTH && x->n_b >= H2_NHET_LO * d && x->n_b <= H2_NHET_HI * d;
}

h2_sites_t *h2_sites_normal_het(const h2_alleles_t *a)
{
    h2_alleles_t het = *a;
    h2_sites_t *s;
    het.a = malloc((a->n ? a->n : 1) * sizeof *het.a);
    if (!het.a)
        return NULL;
    het.n = 0;
    for (int i = 0; i < a->n; i++)
        if (normal_het(&a->a[i]))
            het.a[het.n++] = a->a[i];
    s = h2_sites_from_alleles(&het);
    free(het.a);
    return s;
}

/* Index of (contig, pos) in s (sorted, unique), or -1. */
static int site_find(const h2_sites_t *s, int contig, hts_pos_t pos)
{
    int lo = 0, hi = s->n;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        const h2_site_t *m = &s->s[mid];
        if (m->contig < contig || (m->contig == contig && m->pos < pos))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < s->n && s->s[lo].contig == contig && s->s[lo].pos == pos ? lo : -1;
}

int h2_alleles_keep_sites(h2_alleles_t *a, const h2_sites_t *s)
{
    int n = 0, dropped;
    for (int i = 0; i < a->n; i++)
        if (site_find(s, a->a[i].contig, a->a[i].pos) >= 0)
            a->a[n++] = a->a[i];
    dropped = a->n - n;
    a->n = n;
    return dropped;
}

static void identity_decide(h2_identity_t *id, int bins)
{
    if (id->informative < H2_ID_MIN_INFORMATIVE) {
        id->result = H2_ID_TOO_FEW;
        id->concordance = id->informative ? 1 - (double)id->discordant / id->informative : NAN;
        return;
    }
    id->concordance = 1 - (double)id->discordant / id->informative;
    id->result = bins ? (id->concordance < H2_ID_MIN_CONSISTENT ? H2_ID_MISMATCH : H2_ID_MATCH)
                      : (1 - id->concordance > H2_ID_MAX_DISCORD ? H2_ID_MISMATCH : H2_ID_MATCH);
}

/* Both lists are in (bin, pos) order of one site list: walk them together. */
void h2_identity_sites(const h2_alleles_t *n, const h2_alleles_t *t, h2_identity_t *id)
{
    int i = 0, k = 0;
    id->method = "normal-homozygous sites";
    id->informative = id->discordant = 0;
    while (n && t && i < n->n && k < t->n) {
        const h2_allele_t *x = &n->a[i], *y = &t->a[k];
        if (x->bin != y->bin || x->pos != y->pos) {
            if (x->bin < y->bin || (x->bin == y->bin && x->pos < y->pos))
                i++;
            else
                k++;
            continue;
        }
        uint32_t nd = x->n_a + x->n_b, td = y->n_a + y->n_b;
        uint32_t nmin = x->n_a < x->n_b ? x->n_a : x->n_b;
        i++, k++;
        if (nd < H2_NHET_MIN_DEPTH || nmin * 20 >= nd || td < H2_ID_MIN_TDEPTH)
            continue;
        id->informative++;
        uint32_t other = x->n_a < x->n_b ? y->n_a : y->n_b;  /* the allele the normal lacks */
        id->discordant += other >= 2 && other * 10 >= td;
    }
    identity_decide(id, 0);
}

void h2_identity_bins(const h2_alleles_t *t, h2_identity_t *id)
{
    id->method = "normal-het sites per bin";
    id->informative = id->discordant = 0;
    for (int i = 0; t && i < t->n;) {
        int bin = t->a[i].bin, sites = 0, both = 0;
        for (; i < t->n && t->a[i].bin == bin; i++) {
            const h2_allele_t *y = &t->a[i];
            if (y->n_a + y->n_b < H2_ID_MIN_TDEPTH)
                continue;
            sites++;
            both += y->n_a > 0 && y->n_b > 0;
        }
        if (sites < H2_ID_BIN_SITES)
            continue;
        id->informative++;
        id->discordant += both * 4 < sites * 3;
    }
    identity_decide(id, 1);
}
