/* cnr.c -- the bins as a CNVkit copy-ratio table (`call --cnr`), so that
 * `cnvkit.py scatter` and `cnvkit.py diagram` can draw them. Columns (tab
 * separated, one header line): chromosome start end gene depth log2 weight,
 * start 0-based, one row per usable bin in genome order, no overlaps:
 *   - the window bins (LOCAL), except those overlapping a called gene's bins,
 *     which the gene bins replace; a window bin overlapping a neighbour gene
 *     carries that gene's name (comma-joined when several), else "-";
 *   - the gene bins, named by the gene;
 *   - chr17-control and reference bins, named "-" (CNVkit's "no gene").
 *   depth  = raw mean depth (bases / length);
 *   log2   = the bin's (GC-corrected) log2 ratio against the baseline;
 *   weight = 1 / (1 + phi / reads), phi the overdispersion of the reference
 *            bins (README Method, step 7): near 1 for well-covered bins;
 *   baf    = only when allele counts exist: the median minor-allele fraction
 *            of the bin's het sites (h2_alleles_bin_maf), NA without sites.
 *            CNVkit reads extra columns by name (skgenome tabio.read_tab:
 *            "arbitrary extra columns") and gives `baf` this meaning itself
 *            (cnvlib vary.baf_by_ranges: per-bin median of mirrored BAFs); NA
 *            becomes NaN, which `cnvkit.py call` treats as "no sites". */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "h2_summary.h"

static int overlaps(const h2_bin_t *a, const h2_bin_t *b)
{
    return a->contig == b->contig && a->start < b->end && b->start < a->end;
}

/* 1 if LOCAL bin i overlaps a called gene's bin (those replace it). */
static int covered_by_gene(const h2_regset_t *rs, int i)
{
    for (int k = 0; k < rs->n_bins; k++)
        if (rs->bins[k].role == H2_ROLE_GENE && overlaps(&rs->bins[i], &rs->bins[k]))
            return 1;
    return 0;
}

static void local_name(const h2_regset_t *rs, int i, kstring_t *ks)
{
    ks->l = 0;
    kputs("", ks);
    for (int k = 0; k < rs->n_bins; k++)
        if (rs->bins[k].role == H2_ROLE_NEIGHBOUR && overlaps(&rs->bins[i], &rs->bins[k])) {
            if (ks->l)
                kputc(',', ks);
            kputs(rs->genes[rs->bins[k].gene].name, ks);
        }
    if (!ks->l)
        kputc('-', ks);
}

static void cnr_row(kstring_t *ks, const h2_summary_t *s, int i, const char *name, double phi,
                    const double *maf)
{
    const h2_bin_t *b = &s->rs->bins[i];
    ksprintf(ks, "%s\t%lld\t%lld\t%s\t%.4f\t%.5f\t%.4f", s->rs->genome->contigs[b->contig].name,
             (long long)b->start, (long long)b->end, name, s->nm->depth[i], s->nm->log2[i],
             1.0 / (1.0 + phi / (s->c->reads[i] > 0 ? (double)s->c->reads[i] : 0.5)));
    if (maf) {
        kputc('\t', ks);
        h2_ksprint_num(ks, "%.4f", maf[i]);
    }
    kputc('\n', ks);
}

int h2_cnr_write(FILE *fp, const h2_summary_t *s)
{
    const h2_regset_t *rs = s->rs;
    const h2_norm_t *nm = s->nm;
    const double ln2 = 0.6931471805599453;
    double phi = (nm->sd_ref * ln2) * (nm->sd_ref * ln2) * nm->reads_ref, *maf = NULL;
    kstring_t ks = KS_INITIALIZE, name = KS_INITIALIZE;
    int ret = 0, *n_het = NULL;
    if (!(phi >= 1))
        phi = 1;
    if (s->c->alleles && (!(n_het = malloc((rs->n_bins + 1) * sizeof *n_het))
                          || !(maf = malloc((rs->n_bins + 1) * sizeof *maf))
                          || h2_alleles_bin_maf(s->c->alleles, rs->n_bins, n_het, maf) < 0)) {
        ret = H2_ENOMEM;
        goto out;
    }
    kputs(maf ? "chromosome\tstart\tend\tgene\tdepth\tlog2\tweight\tbaf\n"
          : "chromosome\tstart\tend\tgene\tdepth\tlog2\tweight\n", &ks);
    for (int i = 0; i < rs->n_bins; i++) {
        const h2_bin_t *b = &rs->bins[i];
        if (!nm->usable[i] || b->role == H2_ROLE_NEIGHBOUR || !isfinite(nm->log2[i]))
            continue;
        if (b->role == H2_ROLE_LOCAL && covered_by_gene(rs, i))
            continue;
        if (b->role == H2_ROLE_LOCAL)
            local_name(rs, i, &name);
        else {
            name.l = 0;
            kputs(b->role == H2_ROLE_GENE ? rs->genes[b->gene].name : "-", &name);
        }
        cnr_row(&ks, s, i, name.s, phi, maf);
    }
    ret = fwrite(ks.s, 1, ks.l, fp) == ks.l ? 0 : H2_EIO;
out:
    H2_FREE(ks.s, name.s, n_het, maf);
    return ret;
}
