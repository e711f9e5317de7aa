/* normalise.c -- per-bin depth, GC content, GC correction, log2 ratios.
 * The method is described in h2_normalise.h and README "Method". */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <htslib/faidx.h>
#include "h2_genome.h"
#include "h2_inputcheck.h"
#include "h2_normalise.h"
#include "h2_stats.h"

static void base_counts(const char *seq, hts_pos_t len, double *gc, double *nfrac)
{
    hts_pos_t n_gc = 0, n_at = 0;
    for (hts_pos_t i = 0; i < len; i++) {
        switch (seq[i]) {
        case 'G': case 'C': case 'g': case 'c': case 'S': case 's': n_gc++; break;
        case 'A': case 'T': case 'a': case 't': case 'W': case 'w': n_at++; break;
        default: break;
        }
    }
    *nfrac = len > 0 ? 1.0 - (double)(n_gc + n_at) / len : 1.0;
    *gc = n_gc + n_at > 0 ? (double)n_gc / (n_gc + n_at) : NAN;
}

/* GC and N fraction of each GC sub-piece of bin b (seq: its bases); NAN past
 * the last piece. */
static void sub_base_counts(const h2_bin_t *b, const char *seq, double *gc, double *nfrac)
{
    hts_pos_t edges[H2_GC_SUBS + 1];
    int n = h2_bin_subpieces(b, edges);
    for (int k = 0; k < H2_GC_SUBS; k++) {
        gc[k] = nfrac[k] = NAN;
        if (k < n)
            base_counts(seq + (edges[k] - b->start), edges[k + 1] - edges[k], &gc[k], &nfrac[k]);
    }
}

h2_gc_t *h2_gc_compute(const h2_regset_t *rs, const char *fasta, h2_err_t *err, int *rc)
{
    h2_gc_t *gc = calloc(1, sizeof *gc);
    faidx_t *fai = NULL;
    int ret = 0;
    size_t nsub = (size_t)rs->n_bins * H2_GC_SUBS;
    if (!gc || !(gc->gc = malloc(rs->n_bins * sizeof(double) + 1)) ||
        !(gc->nfrac = malloc(rs->n_bins * sizeof(double) + 1)) ||
        !(gc->sub_gc = malloc(nsub * sizeof(double) + 1)) ||
        !(gc->sub_nfrac = malloc(nsub * sizeof(double) + 1))) {
        ret = h2_fail(err, H2_ENOMEM, "out of memory");
        goto out;
    }
    gc->n_bins = rs->n_bins;
    if (!(fai = h2_fasta_load(fasta, err, &ret)))
        goto out;
    for (int i = 0; i < rs->n_bins; i++) {
        const h2_bin_t *b = &rs->bins[i];
        const char *cname = rs->genome->contigs[b->contig].name;
        const char *name = h2_fai_contig(fai, cname);
        hts_pos_t len = 0;
        char *seq;
        if (!name) {
            ret = h2_fail(err, H2_EINPUT, "contig \"%s\" is not in the FASTA \"%s\": wrong reference?",
                          cname, fasta);
            goto out;
        }
        seq = faidx_fetch_seq64(fai, name, b->start, b->end - 1, &len);
        if (!seq || len != b->end - b->start) {
            free(seq);
            ret = h2_fail(err, H2_EINPUT, "cannot read %s:%lld-%lld from \"%s\": wrong reference?",
                          cname, (long long)b->start + 1, (long long)b->end, fasta);
            goto out;
        }
        base_counts(seq, len, &gc->gc[i], &gc->nfrac[i]);
        sub_base_counts(b, seq, gc->sub_gc + (size_t)i * H2_GC_SUBS,
                        gc->sub_nfrac + (size_t)i * H2_GC_SUBS);
        free(seq);
    }
out:
    fai_destroy(fai);
    if (h2_set_rc(rc, ret) < 0) {
        h2_gc_destroy(gc);
        return NULL;
    }
    return gc;
}

void h2_gc_destroy(h2_gc_t *gc)
{
    if (!gc)
        return;
    H2_FREE(gc->gc, gc->nfrac, gc->sub_gc, gc->sub_nfrac, gc);
}

typedef struct {
    double gc, ratio;
} gc_point_t;

static int cmp_gc_point(const void *a, const void *b)
{
    const gc_point_t *x = a, *y = b;
    return H2_CMP(x->gc, y->gc);
}

/* Median ratio of the k reference points nearest in GC to `gc` (points
 * sorted by GC). Ties in distance are broken towards the lower index, so the
 * result is deterministic. */
static double gc_expected(const gc_point_t *p, int n, int k, double gc, double *buf)
{
    int lo = 0, hi = n;
    while (lo < hi) {          /* first point with p.gc >= gc */
        int mid = (lo + hi) / 2;
        if (p[mid].gc < gc)
            lo = mid + 1;
        else
            hi = mid;
    }
    int l = lo - 1, r = lo, m = 0;
    while (m < k && (l >= 0 || r < n)) {
        if (r >= n || (l >= 0 && gc - p[l].gc <= p[r].gc - gc))
            buf[m++] = p[l--].ratio;
        else
            buf[m++] = p[r++].ratio;
    }
    return h2_median(buf, m);
}

void h2_norm_opt_init(h2_norm_opt_t *o)
{
    o->max_mq0_frac = 0.5;
    o->min_mq = 20;
    o->exclude = NULL;
}

/* 1 when most reads of bin i have MAPQ 0. */
static int mq0_dominated(const h2_counts_t *c, const h2_norm_opt_t *o, int i)
{
    double all = (double)c->reads[i] + (o->min_mq > 0 ? (double)c->mq0[i] : 0.0);
    return all > 0 && (double)c->mq0[i] / all > o->max_mq0_frac;
}

static int bin_usable(const h2_bin_t *b, const h2_counts_t *c, const h2_gc_t *gc, int i)
{
    if (gc && !(gc->nfrac[i] <= 0.5))
        return 0;
    if ((b->role == H2_ROLE_REF || b->role == H2_ROLE_CHR17) && c->reads[i] == 0)
        return 0;
    return 1;
}

/* The GC fit: its points sorted by GC, the stratum size k, the fitted range
 * and whether the points are sub-pieces; buf is scratch for gc_expected. */
typedef struct {
    gc_point_t *p;
    int n, k, pieces;
    double lo, hi;
    double *buf;
} gc_fit_t;

/* 1 when the REF bins' sub-pieces were counted, some REF bin is cut, and a
 * piece holds at least H2_GC_MIN_READS reads (median over usable REF bins):
 * fewer reads make a median of ratios too coarse to fit on. */
static int gc_use_pieces(const h2_regset_t *rs, const h2_counts_t *c, const h2_gc_t *gc,
                         const h2_norm_t *nm, double *buf)
{
    int m = 0, cut = 0;
    if (!c->sub_bases || !gc->sub_gc)
        return 0;
    for (int i = 0; i < rs->n_bins; i++) {
        if (rs->bins[i].role != H2_ROLE_REF || !nm->usable[i])
            continue;
        int ns = h2_bin_subpieces(&rs->bins[i], NULL);
        cut += ns > 0;
        buf[m++] = (double)c->reads[i] / (ns > 0 ? ns : 1);
    }
    return cut > 0 && h2_median(buf, m) >= H2_GC_MIN_READS;
}

/* The fit's points: with pieces, every sub-piece (at most half N) of the
 * usable REF bins, a bin too short to cut as one point; else the usable REF
 * bins. A point's ratio is its depth over the raw baseline. Returns n. */
static int gc_points(const h2_regset_t *rs, const h2_counts_t *c, const h2_gc_t *gc,
                     const h2_norm_t *nm, int pieces, gc_point_t *p)
{
    int n = 0;
    for (int i = 0; i < rs->n_bins; i++) {
        const h2_bin_t *b = &rs->bins[i];
        hts_pos_t e[H2_GC_SUBS + 1];
        int ns = pieces ? h2_bin_subpieces(b, e) : 0;
        if (b->role != H2_ROLE_REF || !nm->usable[i])
            continue;
        if (ns == 0)
            p[n++] = (gc_point_t){gc->gc[i], nm->depth[i] / nm->baseline_raw};
        for (int k = 0; k < ns; k++) {
            size_t j = (size_t)i * H2_GC_SUBS + k;
            if (gc->sub_nfrac[j] <= 0.5 && isfinite(gc->sub_gc[j]))
                p[n++] = (gc_point_t){gc->sub_gc[j], (double)c->sub_bases[j]
                                      / (double)(e[k + 1] - e[k]) / nm->baseline_raw};
        }
    }
    return n;
}

/* f for bin i at the fit's scale: at the bin's GC, or (fit on pieces, bin
 * cut into pieces) the length-weighted mean of f over its pieces. *ext: 1
 * when most of the bin's length has GC outside the fitted range. */
static double gc_bin_expected(const gc_fit_t *F, const h2_bin_t *b, const h2_gc_t *gc, int i,
                              uint8_t *ext)
{
    hts_pos_t e[H2_GC_SUBS + 1];
    int ns = F->pieces ? h2_bin_subpieces(b, e) : 0;
    double sum = 0, len = 0, out = 0;
    for (int k = 0; k < ns; k++) {
        double g = gc->sub_gc[(size_t)i * H2_GC_SUBS + k], l = (double)(e[k + 1] - e[k]);
        if (!isfinite(g))
            continue;
        sum += l * gc_expected(F->p, F->n, F->k, g, F->buf);
        len += l;
        out += g < F->lo || g > F->hi ? l : 0;
    }
    if (len > 0) {
        *ext = out > len / 2;
        return sum / len;
    }
    *ext = gc->gc[i] < F->lo || gc->gc[i] > F->hi;
    return gc_expected(F->p, F->n, F->k, gc->gc[i], F->buf);
}

/* Fit f(gc) at the scale of the gene's pieces (h2_normalise.h), divide it
 * out of every usable bin, and flag the bins outside the fitted range. */
static int gc_correct(const h2_regset_t *rs, const h2_counts_t *c, const h2_gc_t *gc,
                      h2_norm_t *nm, double *corr)
{
    size_t m = (size_t)nm->n_ref_usable * H2_GC_SUBS + (size_t)rs->n_bins + 1;
    gc_fit_t F = {0};
    int ret = H2_ENOMEM;
    F.p = malloc(m * sizeof *F.p);
    F.buf = malloc(m * sizeof *F.buf);
    nm->gc_extreme = calloc(rs->n_bins + 1, 1);
    if (!F.p || !F.buf || !nm->gc_extreme)
        goto out;
    F.pieces = gc_use_pieces(rs, c, gc, nm, F.buf);
    if ((F.n = gc_points(rs, c, gc, nm, F.pieces, F.p)) < 3 && F.pieces)
        F.n = gc_points(rs, c, gc, nm, F.pieces = 0, F.p);
    qsort(F.p, F.n, sizeof *F.p, cmp_gc_point);
    F.k = F.n / 20 > 15 ? F.n / 20 : 15;
    if (F.k > F.n)
        F.k = F.n;
    F.lo = F.p[F.k / 2].gc;
    F.hi = F.p[F.n - 1 - F.k / 2].gc;
    for (int i = 0; i < rs->n_bins; i++) {
        double f = nm->usable[i] ? gc_bin_expected(&F, &rs->bins[i], gc, i,
                                                   &nm->gc_extreme[i]) : NAN;
        corr[i] = f > 0 ? nm->depth[i] / f : NAN;
    }
    nm->gc_fit_pieces = F.pieces;
    nm->gc_fit_n = F.n;
    nm->gc_lo = F.lo;
    nm->gc_hi = F.hi;
    ret = 0;
out:
    free(F.buf);
    free(F.p);
    return ret;
}

/* Median absolute difference of consecutive usable REF log2 ratios. */
static double ref_mapd(const h2_regset_t *rs, const h2_norm_t *nm, double *buf)
{
    int n = 0, prev = -1;
    for (int i = 0; i < rs->n_bins; i++) {
        if (rs->bins[i].role != H2_ROLE_REF || !nm->usable[i])
            continue;
        if (prev >= 0)
            buf[n++] = fabs(nm->log2[i] - nm->log2[prev]);
        prev = i;
    }
    return h2_median(buf, n);
}

static double ref_median(const h2_regset_t *rs, const h2_norm_t *nm, const double *v, double *buf)
{
    int n = 0;
    for (int i = 0; i < rs->n_bins; i++)
        if (rs->bins[i].role == H2_ROLE_REF && nm->usable[i] && isfinite(v[i]))
            buf[n++] = v[i];
    return h2_median(buf, n);
}

int h2_norm_refresh(const h2_regset_t *rs, const h2_counts_t *c, h2_norm_t *nm)
{
    int n = rs->n_bins, m = 0;
    double *buf = malloc((n + 1) * sizeof *buf);
    if (!buf)
        return H2_ENOMEM;
    nm->n_ref_usable = 0;
    for (int i = 0; i < n; i++)
        if (rs->bins[i].role == H2_ROLE_REF && nm->usable[i]) {
            nm->n_ref_usable++;
            buf[m++] = (double)c->reads[i];
        }
    nm->reads_ref = h2_median(buf, m);
    nm->mapd = ref_mapd(rs, nm, buf);
    nm->sd_ref = h2_sd_from_mapd(nm->mapd);
    free(buf);
    return 0;
}

static h2_norm_t *norm_alloc(int n)
{
    h2_norm_t *nm = calloc(1, sizeof *nm);
    if (!nm)
        return NULL;
    nm->n_bins = n;
    nm->depth = calloc(n + 1, sizeof(double));
    nm->log2_raw = calloc(n + 1, sizeof(double));
    nm->log2 = calloc(n + 1, sizeof(double));
    nm->usable = calloc(n + 1, 1);
    if (!nm->depth || !nm->log2_raw || !nm->log2 || !nm->usable) {
        h2_norm_destroy(nm);
        return NULL;
    }
    return nm;
}

h2_norm_t *h2_normalise(const h2_regset_t *rs, const h2_counts_t *c,
                        const h2_gc_t *gc, h2_err_t *err, int *rc)
{
    h2_norm_opt_t o;
    h2_norm_opt_init(&o);
    return h2_normalise_opt(rs, c, gc, &o, err, rc);
}

h2_norm_t *h2_normalise_opt(const h2_regset_t *rs, const h2_counts_t *c, const h2_gc_t *gc,
                            const h2_norm_opt_t *o, h2_err_t *err, int *rc)
{
    int n = rs->n_bins, ret = 0;
    h2_norm_t *nm = norm_alloc(n);
    double *corr = malloc((n + 1) * sizeof *corr), *buf = malloc((n + 1) * sizeof *buf);
    if (!nm || !corr || !buf) {
        ret = h2_fail(err, H2_ENOMEM, "out of memory");
        goto out;
    }
    for (int i = 0; i < n; i++) {
        const h2_bin_t *b = &rs->bins[i];
        nm->depth[i] = (double)c->bases[i] / (double)(b->end - b->start);
        nm->usable[i] = bin_usable(b, c, gc, i) && !(o->exclude && o->exclude[i]);
        if (nm->usable[i] && mq0_dominated(c, o, i)) {
            nm->usable[i] = 0;
            nm->n_mq0_dropped++;
        }
        nm->n_ref += b->role == H2_ROLE_REF;
        nm->n_ref_usable += b->role == H2_ROLE_REF && nm->usable[i];
    }
    if (nm->n_ref < 3) {
        ret = h2_fail(err, H2_EINPUT, "only %d reference bin%s (with --targets: targets on "
                      "autosomes other than the gene's, >= 1 Mb from called genes); at least 3 "
                      "are needed", nm->n_ref, nm->n_ref == 1 ? "" : "s");
        goto out;
    }
    if (nm->n_ref_usable < 3) {
        ret = h2_fail(err, H2_EINPUT, "no coverage in the reference bins (%d of %d have reads): "
                      "is the input empty, filtered out, or of another genome?",
                      nm->n_ref_usable, nm->n_ref);
        goto out;
    }
    nm->baseline_raw = ref_median(rs, nm, nm->depth, buf);
    if (!(nm->baseline_raw > 0)) {
        ret = h2_fail(err, H2_EINPUT, "the median depth of the reference bins is 0");
        goto out;
    }
    if (gc) {
        if ((ret = gc_correct(rs, c, gc, nm, corr)) < 0) {
            h2_fail(err, ret, "out of memory");
            goto out;
        }
        nm->gc_corrected = 1;
    } else
        memcpy(corr, nm->depth, n * sizeof *corr);
    nm->baseline = ref_median(rs, nm, corr, buf);
    if (!(nm->baseline > 0)) {
        ret = h2_fail(err, H2_EINPUT, "the GC-corrected median depth of the reference bins is 0");
        goto out;
    }
    for (int i = 0; i < n; i++) {
        nm->log2_raw[i] = nm->usable[i] ? log2(nm->depth[i] / nm->baseline_raw) : NAN;
        nm->log2[i] = nm->usable[i] ? log2(corr[i] / nm->baseline) : NAN;
    }
    if ((ret = h2_norm_refresh(rs, c, nm)) < 0)
        h2_fail(err, ret, "out of memory");
out:
    free(corr);
    free(buf);
    if (h2_set_rc(rc, ret) < 0) {
        h2_norm_destroy(nm);
        return NULL;
    }
    return nm;
}

void h2_norm_destroy(h2_norm_t *nm)
{
    if (!nm)
        return;
    H2_FREE(nm->depth, nm->log2_raw, nm->log2, nm->usable, nm->expected, nm->spread,
            nm->var_dev, nm->var_exp, nm->gc_extreme, nm);
}
