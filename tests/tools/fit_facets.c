/* fit_facets.c -- run the purity/ploidy fit (h2_purity.h) on FACETS'
 * tumour/normal SNP pileup (snp-pileup csv, plain or gzipped) and print the
 * result, for comparison with FACETS' own fit of the same sample.
 *
 *   fit_facets FILE.csv.gz [WINDOW [depth]]
 *
 * "depth" leaves the allele counts out (the depth-only fit).
 * Pseudo-bins: WINDOW (150) consecutive autosomal SNPs with normal depth
 * >= 25 per chromosome; a bin's log2 = log2(sum tumour depth / sum normal
 * depth) minus the median over bins (the baseline). Het sites: normal VAF in
 * [0.25, 0.75] with normal depth >= 25; the tumour's ref/alt counts are the
 * site's n_a/n_b (given sites: min_reads 0). docs/PURITY.md shows a run.
 * The data (FACETS 0.6.2, https://github.com/mskcc/facets,
 * inst/extdata/stomach.csv.gz) are GPL and not part of the repository;
 * `make facets-check` reads them from ../shared/realdata/facets-stomach. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <htslib/bgzf.h>
#include <htslib/hts.h>
#include <htslib/kstring.h>
#include "her2cn.h"
#include "h2_purity.h"

#define N_AUTO 22
#define MIN_NDEPTH 25

typedef struct {
    int chr;            /* 0..21 */
    hts_pos_t pos;      /* 0-based */
    int nr, na, tr, ta; /* normal / tumour ref and alt reads */
} snp_t;

typedef struct {
    int n;
    size_t m;
    snp_t *s;
} snps_t;

/* One csv line into s; 1 kept, 0 skipped (header, X/Y, low normal depth). */
static int parse_line(const char *line, snp_t *s)
{
    char chr[16];
    long pos;
    int e1, d1, e2, d2;
    if (sscanf(line, "%15[^,],%ld,%*[^,],%*[^,],%d,%d,%d,%d,%d,%d,%d,%d", chr, &pos, &s->nr,
               &s->na, &e1, &d1, &s->tr, &s->ta, &e2, &d2) != 10)
        return 0;
    char *end;
    long c = strtol(chr, &end, 10);
    if (*end || c < 1 || c > N_AUTO || s->nr + s->na < MIN_NDEPTH)
        return 0;
    s->chr = (int)c - 1;
    s->pos = pos - 1;
    return 1;
}

static int read_snps(const char *path, snps_t *v)
{
    kstring_t ks = KS_INITIALIZE;
    BGZF *fp = bgzf_open(path, "r");
    int r = 0, g;
    if (!fp)
        return -1;
    while ((g = bgzf_getline(fp, '\n', &ks)) >= 0) {
        snp_t s;
        if (!parse_line(ks.s, &s))
            continue;
        if (hts_resize(snp_t, v->n + 1, &v->m, &v->s, 0) < 0) {
            r = -1;
            goto out;
        }
        v->s[v->n++] = s;
    }
    if (g < -1)
        r = -1;
out:
    ks_free(&ks);
    if (bgzf_close(fp) < 0)
        r = -1;
    return r;
}

/* The fixture the fit reads: genome, region set, norm, alleles. */
typedef struct {
    h2_genome_t g;
    h2_contig_t ctg[N_AUTO];
    char names[N_AUTO][8];
    h2_regset_t rs;
    h2_norm_t nm;
    h2_alleles_t al;
    size_t m_bins, m_al;
} fx_t;

/* Window SNPs [a, b) of one chromosome into a bin with its het sites. */
static int add_bin(fx_t *f, const snps_t *v, int a, int b, double *tsum, double *nsum)
{
    int i = f->rs.n_bins;
    if (hts_resize(h2_bin_t, i + 1, &f->m_bins, &f->rs.bins, 0) < 0)
        return -1;
    const snp_t *s0 = &v->s[a], *s1 = &v->s[b - 1];
    f->rs.bins[i] = (h2_bin_t){s0->chr, s0->pos, s1->pos + 1,
                               s0->chr == 16 ? H2_ROLE_CHR17 : H2_ROLE_REF, -1, 0};
    tsum[i] = nsum[i] = 0;
    for (int k = a; k < b; k++) {
        const snp_t *s = &v->s[k];
        tsum[i] += s->tr + s->ta;
        nsum[i] += s->nr + s->na;
        double vaf = (double)s->na / (s->nr + s->na);
        if (vaf < 0.25 || vaf > 0.75 || s->tr + s->ta == 0)
            continue;
        if (hts_resize(h2_allele_t, f->al.n + 1, &f->m_al, &f->al.a, 0) < 0)
            return -1;
        f->al.a[f->al.n++] = (h2_allele_t){i, s->chr, s->pos, 'R', 'A', (uint32_t)s->tr,
                                           (uint32_t)s->ta, (uint32_t)(s->tr + s->ta)};
    }
    f->rs.n_bins++;
    return 0;
}

/* log2 ratios against the median bin; noise from the MAPD. */
static int set_norm(fx_t *f, const double *tsum, const double *nsum)
{
    int n = f->rs.n_bins;
    double *tmp = malloc((n + 1) * sizeof *tmp);
    h2_norm_t *nm = &f->nm;
    nm->n_bins = n;
    nm->log2 = malloc((n + 1) * sizeof *nm->log2);
    nm->depth = malloc((n + 1) * sizeof *nm->depth);
    nm->usable = malloc(n + 1);
    if (!tmp || !nm->log2 || !nm->depth || !nm->usable) {
        free(tmp);
        return -1;
    }
    for (int i = 0; i < n; i++)
        tmp[i] = nm->log2[i] = log2(tsum[i] / nsum[i]);
    double med = h2_median(tmp, n);
    int nd = 0;
    for (int i = 0; i < n; i++) {
        nm->log2[i] -= med;
        nm->depth[i] = exp2(nm->log2[i]);
        nm->usable[i] = 1;
        if (i > 0 && f->rs.bins[i].contig == f->rs.bins[i - 1].contig)
            tmp[nd++] = fabs(nm->log2[i] - nm->log2[i - 1]);
    }
    nm->log2_raw = nm->log2;
    nm->baseline = nm->baseline_raw = 1;
    nm->n_ref = nm->n_ref_usable = n;
    nm->mapd = h2_median(tmp, nd);
    nm->sd_ref = h2_sd_from_mapd(nm->mapd);
    free(tmp);
    return 0;
}

static int build(fx_t *f, const snps_t *v, int window)
{
    double *tsum = malloc((v->n / window + N_AUTO + 1) * sizeof *tsum);
    double *nsum = malloc((v->n / window + N_AUTO + 1) * sizeof *nsum);
    int r = -1;
    if (!tsum || !nsum)
        goto out;
    for (int k = 0; k < N_AUTO; k++) {
        snprintf(f->names[k], sizeof f->names[k], "%d", k + 1);
        f->ctg[k] = (h2_contig_t){f->names[k], 1};
    }
    for (int a = 0, b; a < v->n; a = b) {
        for (b = a; b < v->n && v->s[b].chr == v->s[a].chr; b++)
            if (v->s[b].pos + 1 > f->ctg[v->s[a].chr].len)
                f->ctg[v->s[a].chr].len = v->s[b].pos + 1;
        for (int w = a; w < b; w += window)
            if (add_bin(f, v, w, w + window < b ? w + window : b, tsum, nsum) < 0)
                goto out;
    }
    f->g = (h2_genome_t){H2_BUILD_CUSTOM, N_AUTO, f->ctg};
    f->rs.genome = &f->g;
    r = set_norm(f, tsum, nsum);
out:
    free(tsum);
    free(nsum);
    return r;
}

static void print_sol(const char *what, const h2_ppsol_t *s)
{
    printf("%-12s purity %.3f  ploidy %.2f  centre %.3f  loglik %.1f  data %.1f  clonal %.2f"
           "  subclonal %d\n", what, s->model.purity, s->model.ploidy, s->model.centre,
           s->loglik, s->data_loglik, s->frac_clonal, s->n_subclonal);
}

static void report(const h2_purity_t *r, double secs)
{
    printf("segments %d, het sites %d, segmentation + fit %.3f s\n", r->n_segs, r->n_sites, secs);
    printf("purity %s, ploidy %s%s%s\n", h2_source_name(r->purity_source),
           h2_source_name(r->ploidy_source), r->reason ? ": " : "", r->reason ? r->reason : "");
    printf("allele overdispersion rho %.4f (%s), segment noise %.3f log2 (%s)\n", r->rho,
           r->noise_measured & 2 ? "measured" : "floor", r->seg_noise,
           r->noise_measured & 1 ? "measured" : "floor");
    print_sol("best", &r->best);
    printf("purity interval %.3f-%.3f, delta loglik to the first alternative %.1f\n",
           r->purity_lo, r->purity_hi, r->delta_loglik);
    for (int q = 0; q < r->n_alt; q++)
        print_sol(q < r->n_ambiguous ? "kept" : "alternative", &r->alt[q]);
    printf("FACETS (vignette, emcncf): purity 0.892, ploidy 2.07\n");
    for (int s = 0; s < r->n_segs; s++) {
        const h2_gseg_t *g = &r->segs[s];
        if (g->n_bins >= 1)
            printf("  chr%d:%ld-%ld bins %d log2 %+.3f maf %.3f sites %d -> %d+%d%s\n",
                   g->contig + 1, (long)g->start, (long)g->end, g->n_bins, g->log2, g->maf,
                   g->n_het, g->cn - g->minor, g->minor, g->sub_cn >= 0 ? " (subclonal)" : "");
    }
}

int main(int argc, char **argv)
{
    snps_t v = {0};
    fx_t f = {0};
    h2_purity_t *r = NULL;
    h2_purity_opt_t o;
    h2_err_t err;
    int rc = 1;
    long window = 150;
    if (argc < 2 || (argc > 2 && (h2_parse_long(argv[2], &window) < 0 || window < 10))) {
        fprintf(stderr, "usage: fit_facets FILE.csv.gz [WINDOW>=10 [depth]]\n");
        return 1;
    }
    if (read_snps(argv[1], &v) < 0 || build(&f, &v, (int)window) < 0) {
        fprintf(stderr, "fit_facets: cannot read \"%s\"\n", argv[1]);
        goto out;
    }
    printf("%d SNPs with normal depth >= %d, %d pseudo-bins of %ld, sd %.3f\n", v.n, MIN_NDEPTH,
           f.rs.n_bins, window, f.nm.sd_ref);
    /* Segmentation alone (both numbers given: no fit), for the timing. */
    h2_purity_opt_init(&o);
    o.purity = 0.9;
    o.ploidy = 2;
    double t0 = h2_now();
    if (!(r = h2_purity_fit(&f.rs, &f.nm, &f.al, &o, &err, NULL))) {
        fprintf(stderr, "fit_facets: %s\n", err.msg);
        goto out;
    }
    printf("segmentation alone %.3f s\n", h2_now() - t0);
    h2_purity_destroy(r);
    h2_purity_opt_init(&o);
    o.use_baf = !(argc > 3 && strcmp(argv[3], "depth") == 0);
    t0 = h2_now();
    if (!(r = h2_purity_fit(&f.rs, &f.nm, &f.al, &o, &err, NULL))) {
        fprintf(stderr, "fit_facets: %s\n", err.msg);
        goto out;
    }
    report(r, h2_now() - t0);
    rc = 0;
out:
    h2_purity_destroy(r);
    free(v.s);
    free(f.rs.bins);
    free(f.al.a);
    free(f.nm.log2);
    free(f.nm.depth);
    free(f.nm.usable);
    return rc;
}
