/* regions.c -- build the region set (see h2_regions.h for the roles).
 *
 * Whole-genome, built-in build (GRCh38/GRCh37):
 *   REF    50 kb bins every 2 Mb on chr1-22 except the gene contig, at least
 *          1 Mb from a telomere and 1 Mb from the centromere; acrocentric p
 *          arms (13, 14, 15, 21, 22) are skipped (about 1,400 bins, 2.4% of
 *          the genome: a median of that many bins has a standard error far
 *          below the gene's own counting noise, and reading them costs a
 *          small fraction of a whole-genome pass);
 *   CHR17  50 kb bins every 1 Mb on the gene contig outside 17q12-q21 and the
 *          centromere (both padded by 1 Mb); and, named "cen17", 50 kb bins every 250 kb over the pericentromere
 *          (17p11.2-p11.1 and 17q11.1-q11.2: the 4 Mb either side of the
 *          centromere, the nearest sequence to where the CEP17 probe binds;
 *          about 16 bins a side, h2_bin_cen17());
 *   LOCAL  25 kb bins tiling genes[0] +/- 2.5 Mb;
 *   GENE   each called gene cut into pieces of about 5 kb (fine enough to
 *          place a breakpoint inside a 40 kb gene);
 *   NEIGHBOUR  one bin per built-in 17q12 neighbour;
 *   SEX    50 kb bins every 5 Mb on chrX (>= 5 Mb from the ends, to miss the
 *          pseudo-autosomal regions, and away from the centromere) and every
 *          1 Mb over chrY 7-22 Mb (male-specific, X-degenerate, mappable).
 * Whole-genome, custom genome: the same roles, with bin sizes scaled to the
 * genome (see custom_sizes()) and the local window as the chr17 exclusion.
 * Panel (--targets): every bin is a target (merged when overlapping), and the
 * role comes from where the target lies (targets on chrX/chrY are SEX bins). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "h2_regions.h"

#define MB 1000000
#define REF_BIN 50000
#define REF_STEP 2000000
#define CHR17_STEP 1000000
#define LOCAL_BIN 25000
#define LOCAL_HALF 2500000
#define GENE_PIECE 5000
#define GENE_MARGIN 1000000  /* REF/CHR17 bins keep this far from any called gene */
#define PERI_SPAN 4000000    /* the pericentromere: this far either side of the centromere */
#define PERI_BIN 50000
#define PERI_STEP 250000

typedef struct {
    h2_regset_t *rs;
    int m_bins, m_genes;
} builder_t;

static const char *role_names[H2_N_ROLES] = {"gene", "neighbour", "local", "chr17", "reference",
                                             "sex"};

const char *h2_role_name(h2_role_t role)
{
    return role >= 0 && role < H2_N_ROLES ? role_names[role] : "?";
}

/* 1 if [s,e) on the window contig lies in the pericentromere (either side). */
static int in_peri(const h2_regparams_t *p, int contig, hts_pos_t s, hts_pos_t e)
{
    if (!p->peri_known || contig != p->window_contig)
        return 0;
    return (s >= p->cen_start - PERI_SPAN && e <= p->cen_start)
        || (s >= p->cen_end && e <= p->cen_end + PERI_SPAN);
}

int h2_bin_cen17(const h2_regset_t *rs, int i)
{
    return rs->bins[i].role == H2_ROLE_CHR17 && rs->bins[i].cen17;
}

int h2_bin_arm(const h2_regset_t *rs, int i)
{
    const h2_bin_t *b = &rs->bins[i];
    if (!rs->par.peri_known || b->contig != rs->par.window_contig)
        return 0;
    return b->end <= rs->par.cen_start ? 'p' : b->start >= rs->par.cen_end ? 'q' : 0;
}

const char *h2_bin_name(const h2_regset_t *rs, int i)
{
    const h2_bin_t *b = &rs->bins[i];
    if ((b->role == H2_ROLE_GENE || b->role == H2_ROLE_NEIGHBOUR) && b->gene >= 0)
        return rs->genes[b->gene].name;
    if (h2_bin_cen17(rs, i))
        return "cen17";
    return h2_role_name(b->role);
}

static int add_bin(builder_t *bd, int contig, hts_pos_t s, hts_pos_t e, h2_role_t role, int gene)
{
    h2_regset_t *rs = bd->rs;
    hts_pos_t len = rs->genome->contigs[contig].len;
    if (s < 0)
        s = 0;
    if (e > len)
        e = len;
    if (s >= e)
        return 0;
    if (hts_resize(h2_bin_t, rs->n_bins + 1, &bd->m_bins, &rs->bins, 0) < 0)
        return H2_ENOMEM;
    h2_bin_t *b = &rs->bins[rs->n_bins++];
    b->contig = contig;
    b->start = s;
    b->end = e;
    b->role = role;
    b->gene = gene;
    b->cen17 = 0;
    return 0;
}

static int add_gene(builder_t *bd, const char *name, int contig, hts_pos_t s, hts_pos_t e, int called)
{
    h2_regset_t *rs = bd->rs;
    if (hts_resize(h2_gene_t, rs->n_genes + 1, &bd->m_genes, &rs->genes, 0) < 0)
        return H2_ENOMEM;
    h2_gene_t *g = &rs->genes[rs->n_genes];
    if (!(g->name = strdup(name)))
        return H2_ENOMEM;
    g->contig = contig;
    g->start = s;
    g->end = e;
    g->called = called;
    rs->n_genes++;
    rs->n_called += called;
    return 0;
}

/* 1 if [s,e) on contig is within GENE_MARGIN of a called gene. */
static int near_called_gene(const h2_regset_t *rs, int contig, hts_pos_t s, hts_pos_t e)
{
    for (int i = 0; i < rs->n_called; i++) {
        const h2_gene_t *g = &rs->genes[i];
        if (g->contig == contig && s < g->end + GENE_MARGIN && e > g->start - GENE_MARGIN)
            return 1;
    }
    return 0;
}

/* Genes: from the BED (all called) or the built-in ERBB2 (called) plus its
 * neighbours (not called). */
static int add_genes(builder_t *bd, const h2_bed_t *genes, const h2_builtin_t *bi, h2_err_t *err)
{
    h2_regset_t *rs = bd->rs;
    int ret;
    if (genes) {
        for (int i = 0; i < genes->n; i++) {
            const h2_bed_rec_t *r = &genes->rec[i];
            int c = h2_genome_find(rs->genome, r->chrom);
            if (c < 0)
                return h2_fail(err, H2_EINPUT, "gene %s: contig \"%s\" is not in the alignment header",
                               r->name, r->chrom);
            if (r->end > rs->genome->contigs[c].len)
                return h2_fail(err, H2_EINPUT, "gene %s: end %lld is beyond the end of %s (%lld)",
                               r->name, (long long)r->end, rs->genome->contigs[c].name,
                               (long long)rs->genome->contigs[c].len);
            for (int j = 0; j < rs->n_genes; j++)
                if (!strcmp(rs->genes[j].name, r->name))
                    return h2_fail(err, H2_EINPUT, "gene %s is listed twice", r->name);
            if ((ret = add_gene(bd, r->name, c, r->start, r->end, 1)) < 0)
                return h2_fail(err, ret, "out of memory");
        }
        return 0;
    }
    if (!bi)
        return h2_fail(err, H2_EUSAGE, "this genome is not GRCh38 or GRCh37: give the genes to call with --genes");
    int c = h2_genome_find(rs->genome, "chr17");
    if (c < 0)
        return h2_fail(err, H2_EINPUT, "no chr17/17 contig in the header");
    for (int i = 0; i < bi->n_genes; i++)
        if ((ret = add_gene(bd, bi->genes[i].name, c, bi->genes[i].start, bi->genes[i].end, i == 0)) < 0)
            return h2_fail(err, ret, "out of memory");
    return 0;
}

static int builtin_index(const h2_genome_t *g, int c);

/* The window contig's centromere (built-in builds only: a custom genome has
 * no known centromere, hence no pericentromere and no arms). */
static void set_centromere(h2_regset_t *rs, const h2_builtin_t *bi)
{
    int k = bi ? builtin_index(rs->genome, rs->par.window_contig) : -1;
    if (k < 0 || k >= bi->n_auto)
        return;
    rs->par.peri_known = 1;
    rs->par.cen_start = bi->chrom[k].cen_start;
    rs->par.cen_end = bi->chrom[k].cen_end;
}

/* Windows: LOCAL around genes[0]; the CHR17 exclusion window. */
static void set_windows(h2_regset_t *rs, const h2_builtin_t *bi)
{
    const h2_gene_t *g = &rs->genes[0];
    hts_pos_t clen = rs->genome->contigs[g->contig].len;
    hts_pos_t half = LOCAL_HALF, mid = (g->start + g->end) / 2;
    rs->par.window_contig = g->contig;
    if (!bi) {
        hts_pos_t want = 5 * (g->end - g->start);
        if (want < clen / 8)
            want = clen / 8;
        if (want < half)
            half = want;
    }
    rs->par.local_start = mid - half < 0 ? 0 : mid - half;
    rs->par.local_end = mid + half > clen ? clen : mid + half;
    rs->par.local_bin_size = bi ? LOCAL_BIN : (half / 100 < 1000 ? 1000 : half / 100);
    if (rs->par.local_bin_size > LOCAL_BIN)
        rs->par.local_bin_size = LOCAL_BIN;
    rs->par.window_start = rs->par.local_start;
    rs->par.window_end = rs->par.local_end;
    set_centromere(rs, bi);
    if (bi && h2_genome_find(rs->genome, "chr17") == g->contig &&
        g->start >= bi->window_start && g->end <= bi->window_end) {
        rs->par.window_start = bi->window_start;
        rs->par.window_end = bi->window_end;
    }
}

/* Index of contig c in the built-in table (0..23), or -1. */
static int builtin_index(const h2_genome_t *g, int c)
{
    const char *n = h2_contig_bare(g->contigs[c].name);
    if (!strcmp(n, "X"))
        return 22;
    if (!strcmp(n, "Y"))
        return 23;
    long v;
    if (h2_parse_long(n, &v) == 0 && v >= 1 && v <= 22)
        return (int)v - 1;
    return -1;
}

/* 1 if [s,e) may hold a REF/CHR17 bin on contig c: away from telomeres,
 * centromere and acrocentric p arm (built-in), the chr17 window, and genes. */
static int usable_span(const h2_regset_t *rs, const h2_builtin_t *bi, int c, hts_pos_t s, hts_pos_t e)
{
    hts_pos_t len = rs->genome->contigs[c].len;
    if (bi) {
        int k = builtin_index(rs->genome, c);
        if (k < 0 || s < MB || e > len - MB)
            return 0;
        hts_pos_t cs = bi->chrom[k].cen_start - MB, ce = bi->chrom[k].cen_end + MB;
        int acro = k == 12 || k == 13 || k == 14 || k == 20 || k == 21;
        if (acro && s < ce)
            return 0;
        if (s < ce && e > cs)
            return 0;
    }
    if (c == rs->par.window_contig && s < rs->par.window_end && e > rs->par.window_start)
        return 0;
    return !near_called_gene(rs, c, s, e);
}

/* Bin size and step for a custom genome of `total` autosome-like bases:
 * about 1,000-1,500 REF bins, 1-50 kb each. */
static void custom_sizes(hts_pos_t total, hts_pos_t *size, hts_pos_t *step)
{
    hts_pos_t s = total / 1000 / 1000 * 1000;
    if (s < 1000)
        s = 1000;
    if (s > REF_BIN)
        s = REF_BIN;
    hts_pos_t st = total / 1500;
    *size = s;
    *step = st > s ? st : s;
}

static int tile(builder_t *bd, const h2_builtin_t *bi, int c, hts_pos_t size, hts_pos_t step,
                h2_role_t role)
{
    hts_pos_t len = bd->rs->genome->contigs[c].len;
    hts_pos_t first = bi ? MB : 0;
    for (hts_pos_t s = first; s + size <= len; s += step)
        if (usable_span(bd->rs, bi, c, s, s + size) && add_bin(bd, c, s, s + size, role, -1) < 0)
            return H2_ENOMEM;
    return 0;
}

/* 1 if [s,e) on contig c overlaps a bin already in the set. */
static int overlaps_bin(const h2_regset_t *rs, int c, hts_pos_t s, hts_pos_t e)
{
    for (int i = 0; i < rs->n_bins; i++)
        if (rs->bins[i].contig == c && rs->bins[i].start < e && rs->bins[i].end > s)
            return 1;
    return 0;
}

/* The pericentromeric ("cen17") CHR17 bins: PERI_BIN every PERI_STEP over
 * the PERI_SPAN either side of the centromere, outward from both ends of
 * the centromere so the nearest sequence is always read; never inside the
 * chr17 window, near a called gene, or over a bin of the 1 Mb grid (which
 * keeps its role in the arms and in the genome-wide purity fit). */
static int add_cen17_bins(builder_t *bd)
{
    const h2_regparams_t *p = &bd->rs->par;
    int c = p->window_contig;
    if (!p->peri_known)
        return 0;
    for (hts_pos_t d = 0; d + PERI_BIN <= PERI_SPAN; d += PERI_STEP) {
        hts_pos_t ps = p->cen_start - d - PERI_BIN, qs = p->cen_end + d;
        hts_pos_t se[2] = {ps, qs};
        for (int k = 0; k < 2; k++) {
            hts_pos_t s = se[k], e = s + PERI_BIN;
            if (s < 0 || e > bd->rs->genome->contigs[c].len
                || (s < p->window_end && e > p->window_start)
                || near_called_gene(bd->rs, c, s, e) || overlaps_bin(bd->rs, c, s, e))
                continue;
            if (add_bin(bd, c, s, e, H2_ROLE_CHR17, -1) < 0)
                return H2_ENOMEM;
            bd->rs->bins[bd->rs->n_bins - 1].cen17 = 1;
        }
    }
    return 0;
}

/* SEX bins: built-in builds as described at the top; a custom genome's
 * X/Y contigs are tiled like its REF contigs. */
static int add_sex_bins(builder_t *bd, const h2_builtin_t *bi, hts_pos_t size, hts_pos_t step)
{
    const h2_genome_t *g = bd->rs->genome;
    for (int c = 0; c < g->n_contigs; c++) {
        int k = builtin_index(g, c);
        hts_pos_t len = g->contigs[c].len, s0 = 0, s1 = len, st = step;
        if (k < 22)
            continue;
        if (bi) {
            s0 = k == 22 ? 5 * MB : 7 * MB;
            s1 = k == 22 ? len - 5 * MB : 22 * MB;
            st = k == 22 ? 5 * MB : MB;
        }
        for (hts_pos_t s = s0; s + size <= s1 && s + size <= len; s += st) {
            if (bi && s < bi->chrom[k].cen_end + MB && s + size > bi->chrom[k].cen_start - MB)
                continue;
            if (add_bin(bd, c, s, s + size, H2_ROLE_SEX, -1) < 0)
                return H2_ENOMEM;
        }
    }
    return 0;
}

static int build_wgs(builder_t *bd, const h2_builtin_t *bi)
{
    h2_regset_t *rs = bd->rs;
    const h2_genome_t *g = rs->genome;
    int wc = rs->par.window_contig;
    hts_pos_t size = REF_BIN, step = REF_STEP, total = 0;
    if (!bi) {
        for (int c = 0; c < g->n_contigs; c++)
            if (c != wc && h2_contig_is_autosome_like(g->contigs[c].name))
                total += g->contigs[c].len;
        custom_sizes(total, &size, &step);
    }
    rs->par.ref_bin_size = size;
    if (add_sex_bins(bd, bi, size, step) < 0)
        return H2_ENOMEM;
    for (int c = 0; c < g->n_contigs; c++) {
        if (c == wc || !h2_contig_is_autosome_like(g->contigs[c].name))
            continue;
        if (bi && builtin_index(g, c) < 0)
            continue;
        if (tile(bd, bi, c, size, step, H2_ROLE_REF) < 0)
            return H2_ENOMEM;
    }
    hts_pos_t cstep = bi ? CHR17_STEP : step;
    if (!bi && g->contigs[wc].len / 100 > cstep)
        cstep = g->contigs[wc].len / 100;
    if (tile(bd, bi, wc, size, cstep, H2_ROLE_CHR17) < 0 || add_cen17_bins(bd) < 0)
        return H2_ENOMEM;
    for (hts_pos_t s = rs->par.local_start; s < rs->par.local_end; s += rs->par.local_bin_size)
        if (add_bin(bd, wc, s, s + rs->par.local_bin_size > rs->par.local_end ?
                    rs->par.local_end : s + rs->par.local_bin_size, H2_ROLE_LOCAL, -1) < 0)
            return H2_ENOMEM;
    for (int i = 0; i < rs->n_genes; i++) {
        const h2_gene_t *ge = &rs->genes[i];
        hts_pos_t len = ge->end - ge->start;
        int k = ge->called ? (int)((len + GENE_PIECE / 2) / GENE_PIECE) : 1;
        if (k < 1)
            k = 1;
        for (int j = 0; j < k; j++)
            if (add_bin(bd, ge->contig, ge->start + len * j / k, ge->start + len * (j + 1) / k,
                        ge->called ? H2_ROLE_GENE : H2_ROLE_NEIGHBOUR, i) < 0)
                return H2_ENOMEM;
    }
    return 0;
}

static int cmp_rec_pos(const void *a, const void *b)
{
    const h2_bin_t *x = a, *y = b;
    int d;
    if ((d = H2_CMP(x->contig, y->contig)) || (d = H2_CMP(x->start, y->start))
        || (d = H2_CMP(x->end, y->end)) || (d = H2_CMP(x->role, y->role)))
        return d;
    return H2_CMP(x->gene, y->gene);
}

/* Targets resolved to contigs, sorted and merged where they overlap. */
static int load_targets(const h2_regset_t *rs, const h2_bed_t *t, h2_bin_t **out, int *n_out,
                        h2_err_t *err)
{
    h2_bin_t *v = calloc(t->n, sizeof *v);
    int n = 0;
    if (!v)
        return h2_fail(err, H2_ENOMEM, "out of memory");
    for (int i = 0; i < t->n; i++) {
        int c = h2_genome_find(rs->genome, t->rec[i].chrom);
        if (c < 0) {
            free(v);
            return h2_fail(err, H2_EINPUT, "target %s:%lld-%lld: contig \"%s\" is not in the alignment header",
                           t->rec[i].chrom, (long long)t->rec[i].start + 1, (long long)t->rec[i].end,
                           t->rec[i].chrom);
        }
        if (t->rec[i].end > rs->genome->contigs[c].len) {
            free(v);
            return h2_fail(err, H2_EINPUT, "target %s:%lld-%lld: beyond the end of the contig (%lld)",
                           t->rec[i].chrom, (long long)t->rec[i].start + 1, (long long)t->rec[i].end,
                           (long long)rs->genome->contigs[c].len);
        }
        v[n].contig = c;
        v[n].start = t->rec[i].start;
        v[n].end = t->rec[i].end;
        v[n].gene = -1;
        n++;
    }
    qsort(v, n, sizeof *v, cmp_rec_pos);
    int m = 0;
    for (int i = 0; i < n; i++) {
        if (m > 0 && v[m - 1].contig == v[i].contig && v[i].start < v[m - 1].end) {
            if (v[i].end > v[m - 1].end)
                v[m - 1].end = v[i].end;
            continue;
        }
        v[m++] = v[i];
    }
    *out = v;
    *n_out = m;
    return 0;
}

/* A target on the gene contig is a CHR17 control when it lies outside the
 * chr17 window, the centromere itself (built-in builds; a target in the
 * pericentromere is a "cen17" control) and any called gene. */
static int usable_span_panel(const h2_regset_t *rs, const h2_builtin_t *bi, const h2_bin_t *x)
{
    if (x->start < rs->par.window_end && x->end > rs->par.window_start)
        return 0;
    if (bi) {
        int k = builtin_index(rs->genome, x->contig);
        if (k >= 0 && x->start < bi->chrom[k].cen_end && x->end > bi->chrom[k].cen_start)
            return 0;
    }
    return !near_called_gene(rs, x->contig, x->start, x->end);
}

static int build_panel(builder_t *bd, const h2_builtin_t *bi, const h2_bed_t *targets, h2_err_t *err)
{
    h2_regset_t *rs = bd->rs;
    h2_bin_t *t = NULL;
    int nt = 0, ret;
    int wc = rs->par.window_contig;
    if ((ret = load_targets(rs, targets, &t, &nt, err)) < 0)
        return ret;
    for (int i = 0; i < nt && ret == 0; i++) {
        const h2_bin_t *x = &t[i];
        int in_gene = 0;
        for (int j = 0; j < rs->n_genes && ret == 0; j++) {
            const h2_gene_t *ge = &rs->genes[j];
            if (ge->contig != x->contig || x->start >= ge->end || x->end <= ge->start)
                continue;
            in_gene = 1;
            ret = add_bin(bd, x->contig, x->start > ge->start ? x->start : ge->start,
                          x->end < ge->end ? x->end : ge->end,
                          ge->called ? H2_ROLE_GENE : H2_ROLE_NEIGHBOUR, j);
        }
        if (ret < 0)
            break;
        if (x->contig == wc && x->start < rs->par.local_end && x->end > rs->par.local_start)
            ret = add_bin(bd, x->contig, x->start, x->end, H2_ROLE_LOCAL, -1);
        else if (in_gene)
            continue;
        else if (x->contig == wc) {
            if (usable_span_panel(rs, bi, x)
                && (ret = add_bin(bd, x->contig, x->start, x->end, H2_ROLE_CHR17, -1)) == 0)
                rs->bins[rs->n_bins - 1].cen17 = in_peri(&rs->par, x->contig, x->start, x->end);
        } else if (builtin_index(rs->genome, x->contig) >= 22)
            ret = add_bin(bd, x->contig, x->start, x->end, H2_ROLE_SEX, -1);
        else if (h2_contig_is_autosome_like(rs->genome->contigs[x->contig].name) &&
                   !near_called_gene(rs, x->contig, x->start, x->end))
            ret = add_bin(bd, x->contig, x->start, x->end, H2_ROLE_REF, -1);
    }
    free(t);
    if (ret < 0)
        return h2_fail(err, ret, "out of memory");
    for (int j = 0; j < rs->n_called; j++) {
        int covered = 0;
        for (int i = 0; i < rs->n_bins; i++)
            covered |= rs->bins[i].role == H2_ROLE_GENE && rs->bins[i].gene == j;
        if (!covered)
            return h2_fail(err, H2_EINPUT, "gene %s is not covered by any target", rs->genes[j].name);
    }
    return 0;
}

h2_regset_t *h2_regions_build(const h2_genome_t *g, const h2_bed_t *genes,
                              const h2_bed_t *targets, h2_err_t *err, int *rc)
{
    builder_t bd = {0};
    int ret = 0;
    const h2_builtin_t *bi = h2_builtin_get(g->build);
    if (g->build == H2_BUILD_UNKNOWN) {
        ret = h2_fail(err, H2_EINTERNAL, "genome build not set");
        goto out;
    }
    if (!(bd.rs = calloc(1, sizeof *bd.rs))) {
        ret = h2_fail(err, H2_ENOMEM, "out of memory");
        goto out;
    }
    bd.rs->genome = g;
    bd.rs->build = g->build;
    if (bi && h2_genome_find(g, "chr17") >= 0 &&
        g->contigs[h2_genome_find(g, "chr17")].len != bi->chr17_len) {
        ret = h2_fail(err, H2_EINPUT, "chr17 is %lld bp long, but %s's is %lld bp: wrong --genome?",
                      (long long)g->contigs[h2_genome_find(g, "chr17")].len, bi->label,
                      (long long)bi->chr17_len);
        goto out;
    }
    if ((ret = add_genes(&bd, genes, bi, err)) < 0)
        goto out;
    set_windows(bd.rs, bi);
    bd.rs->par.panel = targets != NULL;
    ret = targets ? build_panel(&bd, bi, targets, err) : build_wgs(&bd, bi);
    if (ret < 0) {
        if (ret == H2_ENOMEM)
            h2_fail(err, ret, "out of memory");
        goto out;
    }
    qsort(bd.rs->bins, bd.rs->n_bins, sizeof *bd.rs->bins, cmp_rec_pos);
out:
    if (h2_set_rc(rc, ret) < 0) {
        h2_regions_destroy(bd.rs);
        return NULL;
    }
    return bd.rs;
}

void h2_regions_destroy(h2_regset_t *rs)
{
    if (!rs)
        return;
    for (int i = 0; i < rs->n_genes; i++)
        free(rs->genes[i].name);
    free(rs->genes);
    free(rs->bins);
    free(rs);
}

int h2_regions_write_bed(const h2_regset_t *rs, FILE *fp)
{
    for (int i = 0; i < rs->n_bins; i++) {
        const h2_bin_t *b = &rs->bins[i];
        if (fprintf(fp, "%s\t%lld\t%lld\t%s\t%s\n", rs->genome->contigs[b->contig].name,
                    (long long)b->start, (long long)b->end, h2_bin_name(rs, i),
                    h2_role_name(b->role)) < 0)
            return H2_EIO;
    }
    return 0;
}
