/* baf.c -- site lists (VCF reader), the de novo het rule and the allele list
 * destructors. The pileup itself runs inside the counting workers (count.c),
 * in the same pass over the reads as the depth. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <htslib/hts.h>
#include <htslib/vcf.h>
#include "h2_baf.h"

static const char BASES[4] = {'A', 'C', 'G', 'T'};

void h2_alleles_destroy(h2_alleles_t *a)
{
    if (!a)
        return;
    free(a->a);
    free(a);
}

void h2_sites_destroy(h2_sites_t *s)
{
    if (!s)
        return;
    free(s->s);
    free(s);
}

static int base_index(char c)
{
    switch (c) {
    case 'A': return 0;
    case 'C': return 1;
    case 'G': return 2;
    case 'T': return 3;
    default: return -1;
    }
}

void h2_allele_fill(const uint32_t cnt[4], char a, char b, h2_allele_t *x)
{
    int ia = base_index(a), ib = base_index(b), k, t;
    x->depth = cnt[0] + cnt[1] + cnt[2] + cnt[3];
    if (ia < 0 || ib < 0 || ia == ib) {
        /* the two most frequent; strict > keeps the alphabetically first */
        ia = 0;
        for (k = 1; k < 4; k++)
            if (cnt[k] > cnt[ia])
                ia = k;
        ib = ia == 0 ? 1 : 0;
        for (k = 0; k < 4; k++)
            if (k != ia && cnt[k] > cnt[ib])
                ib = k;
    }
    if (ib < ia)
        t = ia, ia = ib, ib = t;
    x->base_a = BASES[ia];
    x->base_b = BASES[ib];
    x->n_a = cnt[ia];
    x->n_b = cnt[ib];
}

/* ceil(min_frac * depth) and max(1, frac * depth) in doubles: the small
 * tolerance keeps a product like 0.05 * 60 from rounding up past 3. */
int h2_allele_is_het(const h2_allele_t *x, int min_reads, double min_frac)
{
    uint32_t lo = x->n_a < x->n_b ? x->n_a : x->n_b;
    double need = ceil(min_frac * x->depth - 1e-9);
    double other = (double)x->depth - x->n_a - x->n_b;
    double max_other = H2_BAF_MAX_OTHER_FRAC * x->depth;
    if (need < min_reads)
        need = min_reads;
    if (max_other < 1)
        max_other = 1;
    return lo >= need && other <= max_other + 1e-9;
}

/* ---- site lists --------------------------------------------------------- */

static int site_cmp(const void *pa, const void *pb)
{
    const h2_site_t *a = pa, *b = pb;
    int d = H2_CMP(a->contig, b->contig);
    return d ? d : H2_CMP(a->pos, b->pos);
}

/* Sort and keep one site per position; duplicates that disagree on the
 * alleles lose them (0: the two most frequent are counted). */
static void sites_sort_unique(h2_sites_t *s)
{
    int i, n = 0;
    if (s->n > 1)   /* no sites: s->s may be NULL, which qsort must not get */
        qsort(s->s, s->n, sizeof *s->s, site_cmp);
    for (i = 0; i < s->n; i++) {
        h2_site_t *last = n ? &s->s[n - 1] : NULL;
        if (last && site_cmp(last, &s->s[i]) == 0) {
            if (last->base_a != s->s[i].base_a || last->base_b != s->s[i].base_b)
                last->base_a = last->base_b = 0;
            continue;
        }
        s->s[n++] = s->s[i];
    }
    s->n = n;
}

static int sites_push(h2_sites_t *s, int contig, hts_pos_t pos, char a, char b)
{
    if (hts_resize(h2_site_t, s->n + 1, &s->m, &s->s, 0) < 0)
        return -1;
    s->s[s->n].contig = contig;
    s->s[s->n].pos = pos;
    s->s[s->n].base_a = a < b ? a : b;
    s->s[s->n].base_b = a < b ? b : a;
    s->n++;
    return 0;
}

h2_sites_t *h2_sites_from_alleles(const h2_alleles_t *a)
{
    h2_sites_t *s = calloc(1, sizeof *s);
    int i;
    if (!s)
        return NULL;
    for (i = 0; a && i < a->n; i++) {
        if (sites_push(s, a->a[i].contig, a->a[i].pos, a->a[i].base_a,
                       a->a[i].base_b) < 0) {
            h2_sites_destroy(s);
            return NULL;
        }
    }
    sites_sort_unique(s);
    return s;
}

/* 1 when (contig, pos) lies in a REF or CHR17 bin of rs. Bins are sorted by
 * contig and start; REF and CHR17 bins do not overlap one another, but other
 * roles may lie between them, so the search looks back over the bins that
 * start at or before pos until one of the piled roles is found. */
static int in_pile_bin(const h2_regset_t *rs, int contig, hts_pos_t pos)
{
    int lo = 0, hi = rs->n_bins, i;
    while (lo < hi) {           /* first bin starting after (contig, pos) */
        int mid = lo + (hi - lo) / 2;
        const h2_bin_t *b = &rs->bins[mid];
        if (b->contig < contig || (b->contig == contig && b->start <= pos))
            lo = mid + 1;
        else
            hi = mid;
    }
    for (i = lo - 1; i >= 0 && rs->bins[i].contig == contig; i--) {
        const h2_bin_t *b = &rs->bins[i];
        if (b->role != H2_ROLE_REF && b->role != H2_ROLE_CHR17)
            continue;
        return pos < b->end;
    }
    return 0;
}

/* The alleles of an SNV record: 1 with *a, *b set (0 for a multi-allelic
 * site), 0 when the record is not an SNV. */
static int record_snv(bcf1_t *rec, char *a, char *b)
{
    int k;
    if (rec->n_allele < 2)
        return 0;
    for (k = 0; k < rec->n_allele; k++) {
        const char *al = rec->d.allele[k];
        if (strlen(al) != 1 || base_index(al[0] & ~0x20) < 0)
            return 0;
    }
    *a = rec->n_allele == 2 ? rec->d.allele[0][0] & ~0x20 : 0;
    *b = rec->n_allele == 2 ? rec->d.allele[1][0] & ~0x20 : 0;
    return 1;
}

/* What is wrong with record n of a --snps VCF, from htslib's error bits.
 * Undeclared INFO/FORMAT tags or contigs are not errors: only CHROM, POS,
 * REF and ALT are read, and htslib reads such a record whole. */
static int record_fail(h2_err_t *err, const char *path, int n, const bcf_hdr_t *hdr,
                       const bcf1_t *rec)
{
    int e = rec->errcode;
    const char *what = e & BCF_ERR_NCOLS ? "fewer than 8 tab-separated columns"
        : e & BCF_ERR_CTG_INVALID ? "an invalid CHROM"
        : e & BCF_ERR_TAG_INVALID ? "an INFO or FORMAT value that does not match its header "
                                    "declaration (Number/Type)"
        : e & BCF_ERR_CHAR ? "an invalid character"
        : e & BCF_ERR_LIMITS ? "a value out of htslib's limits"
        : rec->pos < 0 ? "POS is not a number >= 1"
        : "it cannot be parsed";
    const char *chrom = rec->rid >= 0 && rec->rid < hdr->n[BCF_DT_CTG] ?
        bcf_hdr_id2name(hdr, rec->rid) : NULL;
    if (chrom && rec->pos >= 0)
        return h2_fail(err, H2_EINPUT, "%s: malformed VCF record %d (%s:%" PRIhts_pos "): %s",
                       path, n, chrom, rec->pos + 1, what);
    return h2_fail(err, H2_EINPUT, "%s: malformed VCF record %d: %s", path, n, what);
}

static int read_records(htsFile *fp, bcf_hdr_t *hdr, const h2_regset_t *rs,
                        h2_sites_t *s, const char *path, h2_err_t *err)
{
    bcf1_t *rec = bcf_init();
    int r, ret = 0, n = 0;
    const int ignored = BCF_ERR_TAG_UNDEF | BCF_ERR_CTG_UNDEF;
    char a, b;
    if (!rec)
        return h2_fail(err, H2_ENOMEM, "out of memory");
    while ((r = bcf_read(fp, hdr, rec)) == 0) {
        int contig;
        n++;
        /* htslib reads a POS that is not a number as 0 (pos -1) */
        if ((rec->errcode & ~ignored) || rec->pos < 0) {
            ret = record_fail(err, path, n, hdr, rec);
            goto out;
        }
        if (bcf_unpack(rec, BCF_UN_STR) < 0) {
            ret = h2_fail(err, H2_EINPUT, "%s: malformed VCF record %d: REF/ALT cannot be "
                          "read", path, n);
            goto out;
        }
        if (!record_snv(rec, &a, &b))
            continue;
        contig = h2_genome_find(rs->genome, bcf_hdr_id2name(hdr, rec->rid));
        if (contig < 0 || !in_pile_bin(rs, contig, rec->pos))
            continue;
        if (sites_push(s, contig, rec->pos, a, b) < 0) {
            ret = h2_fail(err, H2_ENOMEM, "out of memory");
            goto out;
        }
    }
    if (r < -1 || (rec->errcode & ~ignored))
        ret = record_fail(err, path, n + 1, hdr, rec);
out:
    bcf_destroy(rec);
    return ret;
}

/* The VCF's ##contig lengths against the alignments' (a list of another
 * build puts every site at another base): a contig of both with other
 * lengths is an error. Contigs without a length are not checked. */
static int check_contigs(const bcf_hdr_t *hdr, const h2_regset_t *rs, const char *path,
                         h2_err_t *err)
{
    for (int i = 0; i < hdr->n[BCF_DT_CTG]; i++) {
        const char *name = bcf_hdr_id2name(hdr, i);
        hts_pos_t len = (hts_pos_t)hdr->id[BCF_DT_CTG][i].val->info[0];   /* ##contig length */
        int c = h2_genome_find(rs->genome, name);
        if (c < 0 || len <= 0 || rs->genome->contigs[c].len <= 0 ||
            rs->genome->contigs[c].len == len)
            continue;
        return h2_fail(err, H2_EINPUT, "%s: contig %s is %lld bp in the VCF but %lld bp in the "
                       "alignments: the sites are of another genome build", path, name,
                       (long long)len, (long long)rs->genome->contigs[c].len);
    }
    return 0;
}

h2_sites_t *h2_sites_read_vcf(const char *path, const h2_regset_t *rs,
                              h2_err_t *err, int *rc)
{
    h2_sites_t *s = NULL;
    htsFile *fp = NULL;
    bcf_hdr_t *hdr = NULL;
    int ret = 0;
    errno = 0;
    if (!(fp = bcf_open(path, "r"))) {
        /* htslib's "format not recognised" is ENOEXEC ("Exec format error") */
        if (errno == ENOEXEC)
            ret = h2_fail(err, H2_EINPUT, "%s: not a VCF or BCF file (neither text starting "
                          "with ##fileformat=VCF nor BCF)", path);
        else
            ret = h2_fail(err, H2_EIO, "cannot open \"%s\": %s", path,
                          errno ? strerror(errno) : "unknown error");
        goto out;
    }
    if (fp->format.format != vcf && fp->format.format != bcf) {
        ret = h2_fail(err, H2_EINPUT, "%s: not a VCF or BCF file", path);
        goto out;
    }
    /* a bgzipped file without its EOF block was cut (validate.c's check): a
     * cut at a block boundary reads as a shorter, valid file */
    if (fp->is_bgzf && !fp->fp.bgzf->is_gzip && bgzf_check_EOF(fp->fp.bgzf) == 0) {
        ret = h2_fail(err, H2_EINPUT, "\"%s\" is truncated (no BGZF EOF block)", path);
        goto out;
    }
    if (!(hdr = bcf_hdr_read(fp))) {
        ret = h2_fail(err, H2_EINPUT, "%s: cannot read the VCF header", path);
        goto out;
    }
    if ((ret = check_contigs(hdr, rs, path, err)) < 0)
        goto out;
    if (!(s = calloc(1, sizeof *s))) {
        ret = h2_fail(err, H2_ENOMEM, "out of memory");
        goto out;
    }
    if ((ret = read_records(fp, hdr, rs, s, path, err)) < 0)
        goto out;
    sites_sort_unique(s);
out:
    if (hdr)
        bcf_hdr_destroy(hdr);
    if (fp && hts_close(fp) < 0 && ret == 0)
        ret = h2_fail(err, H2_EIO, "%s: error closing the file", path);
    if (h2_set_rc(rc, ret) < 0) {
        h2_sites_destroy(s);
        s = NULL;
    }
    return s;
}
