/* capture.c -- the capture check: are the reads of the reference bins piled
 * into islands? The statistic and its null distribution are described in
 * include/h2_capture.h; README "Capture data without --targets" says why it
 * cannot trip on whole-genome data. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "h2_capture.h"

double h2_capture_excess(const uint32_t *x, int s, double *sd, uint64_t *n)
{
    double pairs = 0, nn;
    uint64_t tot = 0;
    int i;
    for (i = 0; i < s; i++) {
        tot += x[i];
        pairs += (double)x[i] * ((double)x[i] - 1);
    }
    if (n)
        *n = tot;
    nn = (double)tot * ((double)tot - 1);
    if (sd)
        *sd = tot >= 2 ? sqrt(2.0 * (s - 1) / nn) : NAN;
    return tot >= 2 ? s * pairs / nn - 1 : NAN;
}

void h2_capture_init(h2_capture_t *cap)
{
    memset(cap, 0, sizeof *cap);
    cap->frac = NAN;
}

void h2_capture_add(h2_capture_t *cap, const uint32_t *x, int s)
{
    double sd, c = 0;
    uint64_t n;
    c = h2_capture_excess(x, s, &sd, &n);
    if (n < H2_CAPTURE_MIN_BIN_READS)
        return;
    cap->n_tested++;
    cap->reads_tested += n;
    if (c >= H2_CAPTURE_MIN_C && c >= H2_CAPTURE_Z * sd) {
        cap->n_island++;
        cap->reads_island += n;
    }
}

void h2_capture_finish_at(h2_capture_t *cap, uint64_t min_reads, double min_frac)
{
    cap->frac = cap->reads_tested ? (double)cap->reads_island / (double)cap->reads_tested : NAN;
    cap->decided = cap->reads_tested >= min_reads;
    cap->capture = cap->decided && cap->frac >= min_frac;
}

void h2_capture_finish(h2_capture_t *cap)
{
    h2_capture_finish_at(cap, H2_CAPTURE_MIN_READS, H2_CAPTURE_MIN_FRAC);
}

/* Bin i takes part: REF/CHR17 bins in the reference test, GENE bins that
 * are not MAPQ-0 dominated in the gene test. */
static int tested(const h2_regset_t *rs, const h2_counts_t *c, int i, int genes)
{
    h2_role_t r = rs->bins[i].role;
    return genes ? r == H2_ROLE_GENE && c->mq0[i] <= c->reads[i]
                 : r == H2_ROLE_REF || r == H2_ROLE_CHR17;
}

static int detect(const h2_regset_t *rs, const h2_counts_t *c, h2_capture_t *cap, int genes)
{
    int i;
    h2_capture_init(cap);
    if (!c->sub || rs->par.panel)
        return -1;
    for (i = 0; i < rs->n_bins && i < c->n_bins; i++)
        if (tested(rs, c, i, genes))
            h2_capture_add(cap, &c->sub[(size_t)i * H2_SUBBINS], H2_SUBBINS);
    if (genes)
        h2_capture_finish_at(cap, H2_CAPTURE_GENE_MIN_READS, H2_CAPTURE_GENE_MIN_FRAC);
    else
        h2_capture_finish(cap);
    return 0;
}

int h2_capture_check(const h2_regset_t *rs, const h2_counts_t *c, const char *path,
                     const char *log_prefix, h2_err_t *err)
{
    h2_capture_t cap, gene;
    if (detect(rs, c, &cap, 0) < 0 || detect(rs, c, &gene, 1) < 0)
        return 0;
    if (log_prefix)
        fprintf(stderr, "%s: capture check: %d of %d tested reference bins are islands, %.4f of "
                "their reads (stop at %.2f)%s; gene bins: %d of %d, %.4f (stop at %.2f)%s\n",
                log_prefix, cap.n_island, cap.n_tested, isfinite(cap.frac) ? cap.frac : 0.0,
                H2_CAPTURE_MIN_FRAC, cap.decided ? "" : ", too few reads to decide",
                gene.n_island, gene.n_tested, isfinite(gene.frac) ? gene.frac : 0.0,
                H2_CAPTURE_GENE_MIN_FRAC, gene.decided ? "" : ", too few reads to decide");
    if (cap.capture)
        return h2_fail(err, H2_EINPUT, "\"%s\" looks like capture (exome or panel) data: %.0f%% "
                       "of the reads in %d reference bins are piled into islands; give the "
                       "capture targets with -t BED", path, 100 * cap.frac, cap.n_tested);
    if (gene.capture)
        return h2_fail(err, H2_EINPUT, "\"%s\" looks like capture (exome or panel) data: %.0f%% "
                       "of the reads in the called genes' %d bins are piled into islands "
                       "(targets); give the capture targets with -t BED", path, 100 * gene.frac,
                       gene.n_tested);
    return 0;
}
