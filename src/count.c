/* count.c -- per-bin aligned bases, read counts and MAPQ-0 counts.
 *
 * How depth is accumulated: no pileup and no per-base work. Each record is
 * reduced to its aligned blocks (CIGAR M/=/X runs, in reference coordinates;
 * I, S, H, P do not move on the reference, D and N move without counting),
 * and each block is clipped against every bin the read's span overlaps.
 * The sum equals what `samtools bedcov -j` gets from a pileup, which counts
 * one base per read per position and skips deletions and ref-skips.
 *
 * Finding the bins a read overlaps: bins may overlap one another (GENE bins
 * inside the LOCAL window) and may differ greatly in length (a long user gene
 * next to 1 kb bins). The bins are grouped by (contig, length class), where
 * the class is floor(log2(length)); within a group they are sorted by start
 * and no bin is longer than maxlen, which is less than twice the shortest, so
 * a binary search for start > read_beg - maxlen lands at most a few bins
 * before the first overlap (the sweep idea of cgranges/mosdepth, done per
 * class instead of with an interval tree).
 *
 * Reading: the bins are split into up to 4 contiguous chunks of roughly equal
 * total length, one per worker thread. Each worker owns its htsFile, index,
 * multi-region iterator (over its bins merged into intervals, gaps below the
 * 16 kb linear-index resolution closed so that each BGZF block is read once)
 * and bam1_t, and writes only the result slots of its own bins. A read seen
 * by two workers adds to each one's own bins only, so the totals do not depend
 * on the number of workers. Each worker inflates its own BGZF blocks or CRAM
 * containers; threads beyond MAX_WORKERS form one shared hts_tpool (a pool
 * behind short region queries wastes its read-ahead at every seek).
 *
 * Allele counts (baf on): the same records are piled up in the REF and CHR17
 * bins, which do not overlap one another. A worker keeps one "slot" per bin
 * that its current reads touch: 4 counters (A, C, G, T) per position of the
 * bin's piled span (de novo) or per given site in the bin. Every aligned
 * (M/=/X) base inside the span with base quality >= min_bq adds one to its
 * counter (as `samtools mpileup -B -Q` counts bases; N and deletions add
 * nothing). Records arrive sorted, so a slot is complete once a record starts
 * at or after its span's end (or on a later contig): it is then turned into
 * allele entries, zeroed and reused. A read spanning two bins adds to each
 * only inside it. Each worker keeps its own entries; the lists are joined
 * and sorted by (bin, pos) at the end, so they do not depend on -@. */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <htslib/hts.h>
#include <htslib/sam.h>
#include <htslib/thread_pool.h>
#include "h2_count.h"
#include "h2_inputcheck.h"
#include "h2_remote.h"

#define MERGE_GAP 16384     /* BAI/CSI linear index resolution */
#define MAX_WORKERS 4

void h2_count_opt_init(h2_count_opt_t *o)
{
    memset(o, 0, sizeof *o);
    o->min_mq = 20;
    o->exclude_flags = H2_DEFAULT_EXCLUDE_FLAGS;
    o->threads = 1;
    o->reference = NULL;
    o->baf = 0;
    o->min_bq = 20;
    o->sites = NULL;
    o->baf_span = H2_BAF_SPAN;
}

void h2_counts_destroy(h2_counts_t *c)
{
    if (!c)
        return;
    h2_alleles_destroy(c->alleles);
    H2_FREE(c->bases, c->reads, c->mq0, c->sub_bases, c->sub, c);
}

/* ---- bin lookup ------------------------------------------------------- */

typedef struct {
    int n;
    const int *idx;         /* bin indices in start order */
    hts_pos_t maxlen;
} bin_group_t;

typedef struct {
    int n_contigs;
    int *grp_first, *grp_n; /* groups of each contig */
    int n_grp;
    bin_group_t *grp;
    int *idx;               /* storage behind grp[].idx */
} bin_lookup_t;

static int len_class(const h2_bin_t *b)
{
    hts_pos_t len = b->end - b->start;
    int c = 0;
    while (len > 1) {
        len >>= 1;
        c++;
    }
    return c;
}

/* Sort key of a bin in the lookup. Bins are
 * compared by (contig, class, index); index order is start order. */
typedef struct {
    int contig, cls, i;
} lk_key_t;

static int lk_key_cmp(const void *pa, const void *pb)
{
    const lk_key_t *a = pa, *b = pb;
    int d;
    if ((d = H2_CMP(a->contig, b->contig)) || (d = H2_CMP(a->cls, b->cls)))
        return d;
    return H2_CMP(a->i, b->i);
}

static void lookup_destroy(bin_lookup_t *lk)
{
    if (!lk)
        return;
    H2_FREE(lk->grp_first, lk->grp_n, lk->grp, lk->idx, lk);
}

static void lookup_fill(bin_lookup_t *lk, const h2_regset_t *rs,
                        const lk_key_t *key, int nk)
{
    int i, g = -1;
    for (i = 0; i < nk; i++) {
        const h2_bin_t *b = &rs->bins[key[i].i];
        lk->idx[i] = key[i].i;
        if (i == 0 || key[i].contig != key[i - 1].contig ||
            key[i].cls != key[i - 1].cls) {
            g++;
            lk->grp[g].idx = &lk->idx[i];
            if (lk->grp_n[key[i].contig]++ == 0)
                lk->grp_first[key[i].contig] = g;
        }
        lk->grp[g].n++;
        if (b->end - b->start > lk->grp[g].maxlen)
            lk->grp[g].maxlen = b->end - b->start;
    }
    lk->n_grp = g + 1;
}

/* Lookup over all non-empty bins of rs. NULL on allocation failure. */
static bin_lookup_t *lookup_build(const h2_regset_t *rs)
{
    bin_lookup_t *lk = calloc(1, sizeof *lk);
    lk_key_t *key = NULL;
    int i, nk = 0, nc = rs->genome->n_contigs;
    if (!lk)
        return NULL;
    lk->n_contigs = nc;
    lk->grp_first = calloc(nc > 0 ? nc : 1, sizeof(int));
    lk->grp_n = calloc(nc > 0 ? nc : 1, sizeof(int));
    key = malloc((rs->n_bins > 0 ? rs->n_bins : 1) * sizeof *key);
    lk->idx = malloc((rs->n_bins > 0 ? rs->n_bins : 1) * sizeof(int));
    lk->grp = calloc(rs->n_bins > 0 ? rs->n_bins : 1, sizeof *lk->grp);
    if (!lk->grp_first || !lk->grp_n || !key || !lk->idx || !lk->grp)
        goto fail;
    for (i = 0; i < rs->n_bins; i++) {
        const h2_bin_t *b = &rs->bins[i];
        if (b->end <= b->start)
            continue;
        key[nk].contig = b->contig;
        key[nk].cls = len_class(b);
        key[nk].i = i;
        nk++;
    }
    qsort(key, nk, sizeof *key, lk_key_cmp);
    lookup_fill(lk, rs, key, nk);
    free(key);
    return lk;
fail:
    free(key);
    lookup_destroy(lk);
    return NULL;
}

/* Growable int array. */
typedef struct {
    int n, m;
    int *a;
} ivec_t;

static int ivec_push(ivec_t *v, int x)
{
    if (hts_resize(int, v->n + 1, &v->m, &v->a, 0) < 0)
        return -1;
    v->a[v->n++] = x;
    return 0;
}

/* Per-worker search hints: for each group, the answer of the last query and
 * the read start it was for. Records arrive sorted within an iterator
 * interval, so the answer mostly moves forward by a few bins: it is found by
 * stepping from the hint instead of a binary search (which profiling showed
 * as most of the counting time, from cache misses on bins[idx[mid]]). */
typedef struct {
    int n, tid;
    int *lo;
    hts_pos_t *beg;
} hint_t;

#define HINT_STEPS 8        /* steps before falling back to a binary search */

static int hint_init(hint_t *h, int n_grp)
{
    h->n = n_grp;
    h->tid = -1;
    h->lo = calloc(n_grp > 0 ? n_grp : 1, sizeof *h->lo);
    h->beg = calloc(n_grp > 0 ? n_grp : 1, sizeof *h->beg);
    return h->lo && h->beg ? 0 : -1;
}

static void hint_free(hint_t *h)
{
    free(h->lo);
    free(h->beg);
}

/* First index of group gr whose bin ends after beg could (start > beg -
 * maxlen; earlier bins end <= beg), searched in [lo, gr->n). */
static int group_first(const bin_group_t *gr, const h2_bin_t *bins, int lo,
                       hts_pos_t beg)
{
    int hi = gr->n, k;
    for (k = 0; k < HINT_STEPS && lo < hi; k++, lo++)
        if (bins[gr->idx[lo]].start + gr->maxlen > beg)
            return lo;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (bins[gr->idx[mid]].start + gr->maxlen <= beg)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Append to out the bins of contig tid overlapping [beg,end). */
static int lookup_query(const bin_lookup_t *lk, const h2_bin_t *bins, int tid,
                        hts_pos_t beg, hts_pos_t end, hint_t *h, ivec_t *out)
{
    int g, ge, g0;
    out->n = 0;
    if (tid < 0 || tid >= lk->n_contigs)
        return 0;
    g0 = lk->grp_first[tid];
    ge = g0 + lk->grp_n[tid];
    for (g = g0; g < ge; g++) {
        const bin_group_t *gr = &lk->grp[g];
        /* the answer is monotone in beg: resume from the hint when valid */
        int start = h->tid == tid && h->beg[g] <= beg ? h->lo[g] : 0;
        int lo = group_first(gr, bins, start, beg);
        h->lo[g] = lo;
        h->beg[g] = beg;
        for (; lo < gr->n && bins[gr->idx[lo]].start < end; lo++)
            if (bins[gr->idx[lo]].end > beg && ivec_push(out, gr->idx[lo]) < 0)
                return -1;
    }
    h->tid = tid;
    return 0;
}

/* ---- input ------------------------------------------------------------ */

typedef struct {
    htsFile *fp;
    sam_hdr_t *hdr;
    hts_idx_t *idx;
    int is_cram;
    int plain_sam;
} input_t;

static int input_close(input_t *in)
{
    int ret = 0;
    if (in->idx)
        hts_idx_destroy(in->idx);
    if (in->hdr)
        sam_hdr_destroy(in->hdr);
    if (in->fp && h2_stream_errno(in->fp)) {   /* reported by the reader already */
        h2_stream_clear(in->fp);
        ret = -1;
    }
    if (in->fp && hts_close(in->fp) < 0)
        ret = -1;
    memset(in, 0, sizeof *in);
    return ret;
}

static int cram_ref_available(const h2_count_opt_t *o)
{
    const char *rp = getenv("REF_PATH");
    if (o->reference)
        return 1;
    if (rp && *rp && strcmp(rp, ":") != 0)
        return 1;
    return getenv("REF_CACHE") != NULL;
}

/* Format-specific settings after sam_open: EOF marker, CRAM reference and
 * decoded fields, thread pool. */
static int input_setup(input_t *in, const char *path, const h2_count_opt_t *o,
                       htsThreadPool *pool, h2_err_t *err)
{
    const htsFormat *f = hts_get_format(in->fp);
    in->is_cram = f->format == cram;
    in->plain_sam = f->format == sam && f->compression == no_compression;
    if (f->format != sam && f->format != bam && f->format != cram)
        return h2_fail(err, H2_EINPUT, "%s: not a SAM, BAM or CRAM file", path);
    if ((f->format != sam || f->compression == bgzf) &&
        hts_check_EOF(in->fp) == 0)
        return h2_fail(err, H2_EINPUT,
                       "%s: truncated file (no end-of-file marker)", path);
    if (in->is_cram) {
        if (!cram_ref_available(o))
            return h2_fail(err, H2_EUSAGE, "%s: CRAM input needs a reference: "
                           "use -f/--reference", path);
        if (o->reference && hts_set_fai_filename(in->fp, o->reference) < 0)
            return h2_fail(err, H2_EIO, "cannot use reference \"%s\" for %s",
                           o->reference, path);
        int fields = SAM_FLAG | SAM_RNAME | SAM_POS | SAM_MAPQ | SAM_CIGAR;
        if (o->baf)
            fields |= SAM_SEQ | SAM_QUAL;
        if (hts_set_opt(in->fp, CRAM_OPT_REQUIRED_FIELDS, fields) < 0 ||
            hts_set_opt(in->fp, CRAM_OPT_DECODE_MD, 0) < 0)
            return h2_fail(err, H2_EINTERNAL, "%s: cannot set CRAM options", path);
    }
    if (pool && !in->plain_sam && hts_set_thread_pool(in->fp, pool) < 0)
        return h2_fail(err, H2_EINTERNAL, "%s: cannot attach thread pool", path);
    return 0;
}

/* Open path, read its header and (if any) its index. in->idx stays NULL
 * without an index. The bytes read from the file (not its index) are added
 * to *bytes; *untapped is set when they cannot be counted. On failure in is
 * closed. */
static int input_open(input_t *in, const char *path, const h2_count_opt_t *o,
                      htsThreadPool *pool, int n_contigs, uint64_t *bytes, int *untapped,
                      h2_err_t *err)
{
    int ret;
    memset(in, 0, sizeof *in);
    errno = 0;
    if (!(in->fp = sam_open(path, "r"))) {
        ret = h2_io_fail(err, "open", path, errno);
        goto out;
    }
    if (h2_bytes_count(in->fp, bytes) < 0)
        *untapped = 1;
    if ((ret = input_setup(in, path, o, pool, err)) < 0)
        goto out;
    if (!(in->hdr = sam_hdr_read(in->fp))) {
        ret = h2_fail(err, H2_EINPUT, "%s: cannot read the header", path);
        goto out;
    }
    if (sam_hdr_nref(in->hdr) != n_contigs) {
        ret = h2_fail(err, H2_EINTERNAL, "%s: header has %d contigs, region "
                      "set genome has %d", path, sam_hdr_nref(in->hdr),
                      n_contigs);
        goto out;
    }
    in->idx = h2_index_load(in->fp, path, err, &ret);
out:
    if (ret < 0)
        input_close(in);
    return ret;
}

static int read_error(const input_t *in, const char *path, h2_err_t *err)
{
    int e = h2_stream_errno(in->fp);
    if (e)      /* the stream failed (a network error), not the data */
        return h2_io_fail(err, "read", path, e);
    if (in->is_cram)
        return h2_fail(err, H2_EINPUT, "%s: cannot decode CRAM data (truncated "
                       "or corrupt, or the wrong reference: check "
                       "-f/--reference)", path);
    return h2_fail(err, H2_EINPUT, "%s: truncated or corrupt data", path);
}

/* ---- counting --------------------------------------------------------- */

typedef struct {
    const h2_regset_t *rs;
    const bin_lookup_t *lk;
    const h2_count_opt_t *o;
    h2_counts_t *c;
    const char *path;
    const int *site_first;  /* baf with sites: bin j's sites are */
    const int *site_n;      /* o->sites->s[site_first[j] .. + site_n[j]) */
} count_ctx_t;

/* One bin being piled up: 4 counters per position of the span (de novo) or
 * per site of the bin. */
typedef struct {
    int bin;
    hts_pos_t beg, end;     /* piled span [beg, end) */
    size_t m;
    uint32_t *cnt;
} pile_slot_t;

typedef struct {
    int n_act, m_slot;      /* slots [0, n_act) in use; all own their cnt */
    pile_slot_t *slot;
    int last_tid;
    hts_pos_t last_pos;
    int unsorted;           /* records out of coordinate order: piling stopped */
    h2_alleles_t out;       /* this worker's entries, unsorted */
} pile_t;

typedef struct {
    const count_ctx_t *ctx;
    int b0, b1;             /* this worker's bins [b0, b1) */
    input_t in;
    uint64_t n_records;
    uint64_t n_implausible;
    ivec_t cand;            /* overlapping bins of the current record */
    hint_t hint;            /* lookup_query() search hints */
    int nblk, mblk;         /* blocks in blk; capacity of blk in hts_pos_t */
    hts_pos_t *blk;         /* aligned blocks: beg0, end0, beg1, end1, ... */
    pile_t pile;
    int rc;
    h2_err_t err;
    uint64_t bytes_read;    /* bytes fetched through this worker's handle */
    int untapped;           /* 1: bytes_read could not be counted */
} worker_t;

/* Aligned (M/=/X) blocks of b in reference coordinates into w->blk. */
static int record_blocks(worker_t *w, const bam1_t *b)
{
    const uint32_t *cig = bam_get_cigar(b);
    hts_pos_t pos = b->core.pos;
    uint32_t k;
    w->nblk = 0;
    for (k = 0; k < b->core.n_cigar; k++) {
        int op = bam_cigar_op(cig[k]);
        hts_pos_t len = bam_cigar_oplen(cig[k]);
        if (op == BAM_CMATCH || op == BAM_CEQUAL || op == BAM_CDIFF) {
            if (hts_resize(hts_pos_t, 2 * (w->nblk + 1), &w->mblk, &w->blk, 0) < 0)
                return -1;
            w->blk[2 * w->nblk] = pos;
            w->blk[2 * w->nblk + 1] = pos + len;
            w->nblk++;
        }
        if (bam_cigar_type(op) & 2)
            pos += len;
    }
    return 0;
}

/* More aligned bases (w->blk, from record_blocks) than the record can hold:
 * its query length, or H2_NOSEQ_MAX_ALIGNED without a sequence (h2_count.h).
 * Three SEQ-`*` records with a 2999999M CIGAR among 75,000 reads doubled a
 * 3 Mb chr17's depth. */
static int record_implausible(const worker_t *w, const bam1_t *b)
{
    hts_pos_t aligned = 0;
    for (int k = 0; k < w->nblk; k++)
        aligned += w->blk[2 * k + 1] - w->blk[2 * k];
    return aligned > (b->core.l_qseq > 0 ? (hts_pos_t)b->core.l_qseq : H2_NOSEQ_MAX_ALIGNED);
}

static uint64_t bases_in_bin(const worker_t *w, const h2_bin_t *bin)
{
    uint64_t n = 0;
    int k;
    for (k = 0; k < w->nblk; k++) {
        hts_pos_t s = w->blk[2 * k], e = w->blk[2 * k + 1];
        if (s < bin->start)
            s = bin->start;
        if (e > bin->end)
            e = bin->end;
        if (e > s)
            n += (uint64_t)(e - s);
    }
    return n;
}

int h2_bin_subpieces(const h2_bin_t *b, hts_pos_t *edges)
{
    hts_pos_t len = b->end - b->start;
    int n = len < 2 * H2_GC_PIECE ? 0 : len / H2_GC_PIECE > H2_GC_SUBS ? H2_GC_SUBS
            : (int)(len / H2_GC_PIECE);
    for (int k = 0; edges && n > 0 && k <= n; k++)
        edges[k] = b->start + len * k / n;
    return n;
}

/* A REF bin's bases per GC sub-piece (the sum over its pieces is the bin's). */
static void add_sub_bases(const worker_t *w, const h2_bin_t *bin, uint64_t *sub)
{
    hts_pos_t edges[H2_GC_SUBS + 1];
    int n = h2_bin_subpieces(bin, edges);
    for (int j = 0; j < n; j++) {
        h2_bin_t piece = *bin;
        piece.start = edges[j];
        piece.end = edges[j + 1];
        sub[j] += bases_in_bin(w, &piece);
    }
}

/* ---- allele pileup (baf) ------------------------------------------------ */

static int is_pile_bin(const h2_bin_t *b)
{
    return b->role == H2_ROLE_REF || b->role == H2_ROLE_CHR17;
}

/* The span of bin j that is piled up: the first baf_span bases (de novo) or
 * the whole bin (given sites). Returns the number of counter entries. */
static size_t pile_span(const count_ctx_t *x, int j, hts_pos_t *beg, hts_pos_t *end)
{
    const h2_bin_t *b = &x->rs->bins[j];
    *beg = b->start;
    *end = b->end;
    if (x->o->sites)
        return x->site_n[j] > 0 ? (size_t)x->site_n[j] : 0;
    if (x->o->baf_span > 0 && b->start + x->o->baf_span < b->end)
        *end = b->start + x->o->baf_span;
    return *end > *beg ? (size_t)(*end - *beg) : 0;
}

static int allele_push(h2_alleles_t *a, const h2_allele_t *x)
{
    if (hts_resize(h2_allele_t, a->n + 1, &a->m, &a->a, 0) < 0)
        return -1;
    a->a[a->n++] = *x;
    return 0;
}

/* Turn a complete slot into allele entries and zero its counters. */
static int pile_flush(worker_t *w, pile_slot_t *s)
{
    const count_ctx_t *x = w->ctx;
    const h2_site_t *site = x->o->sites ? x->o->sites->s + x->site_first[s->bin] : NULL;
    size_t k, n = site ? (size_t)x->site_n[s->bin] : (size_t)(s->end - s->beg);
    h2_allele_t a;
    memset(&a, 0, sizeof a);    /* padding too: lists compare byte for byte */
    a.bin = s->bin;
    a.contig = x->rs->bins[s->bin].contig;
    for (k = 0; k < n; k++) {
        uint32_t *c = &s->cnt[4 * k];
        if ((c[0] | c[1] | c[2] | c[3]) == 0)
            continue;
        w->pile.out.positions++;
        if (!site && (c[0] >= H2_BAF_MIN_READS) + (c[1] >= H2_BAF_MIN_READS) +
            (c[2] >= H2_BAF_MIN_READS) + (c[3] >= H2_BAF_MIN_READS) < 2) {
            memset(c, 0, 4 * sizeof *c);    /* cannot be het: skip the rule */
            continue;
        }
        a.pos = site ? site[k].pos : s->beg + (hts_pos_t)k;
        h2_allele_fill(c, site ? site[k].base_a : 0, site ? site[k].base_b : 0, &a);
        memset(c, 0, 4 * sizeof *c);
        if (!site && !h2_allele_is_het(&a, H2_BAF_MIN_READS, H2_BAF_MIN_FRAC))
            continue;
        if (allele_push(&w->pile.out, &a) < 0)
            return h2_fail(&w->err, H2_ENOMEM, "out of memory");
    }
    return 0;
}

/* Flush the slots that no record at or after (tid, pos) can reach; all of
 * them with tid -1. */
static int pile_flush_before(worker_t *w, int tid, hts_pos_t pos)
{
    pile_t *p = &w->pile;
    int i = 0, ret;
    while (i < p->n_act) {
        pile_slot_t *s = &p->slot[i], t;
        if (tid >= 0 && w->ctx->rs->bins[s->bin].contig == tid && s->end > pos) {
            i++;
            continue;
        }
        if ((ret = pile_flush(w, s)) < 0)
            return ret;
        t = *s;                 /* swap with the last slot in use */
        *s = p->slot[p->n_act - 1];
        p->slot[--p->n_act] = t;
    }
    return 0;
}

/* The slot of bin j, started when j has none. NULL on ENOMEM. */
static pile_slot_t *pile_slot(worker_t *w, int j)
{
    pile_t *p = &w->pile;
    pile_slot_t *s;
    size_t n;
    int i;
    for (i = 0; i < p->n_act; i++)
        if (p->slot[i].bin == j)
            return &p->slot[i];
    if (hts_resize(pile_slot_t, p->n_act + 1, &p->m_slot, &p->slot,
                   HTS_RESIZE_CLEAR) < 0)
        return NULL;
    s = &p->slot[p->n_act];
    n = pile_span(w->ctx, j, &s->beg, &s->end);
    if (hts_resize(uint32_t, 4 * n, &s->m, &s->cnt, HTS_RESIZE_CLEAR) < 0)
        return NULL;
    s->bin = j;
    p->n_act++;
    return s;
}

/* First of the n sites at s with pos >= beg. */
static int site_lower(const h2_site_t *s, int n, hts_pos_t beg)
{
    int lo = 0, hi = n;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (s[mid].pos < beg)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Branch-free: real base qualities vary from base to base, and a missed
 * branch costs more than the add. */
static inline void pile_base(uint32_t *cnt, const uint8_t *seq, const uint8_t *qual,
                             int q, int min_bq)
{
    int base = seq_nt16_int[bam_seqi(seq, q)];
    cnt[base & 3] += (uint32_t)(base < 4) & (uint32_t)(qual[q] >= min_bq);
}

/* Add the aligned bases of b inside slot s's span to its counters. */
static void pile_add(const worker_t *w, const bam1_t *b, pile_slot_t *s)
{
    const count_ctx_t *x = w->ctx;
    const uint32_t *cig = bam_get_cigar(b);
    const uint8_t *seq = bam_get_seq(b), *qual = bam_get_qual(b);
    const h2_site_t *site = x->o->sites ? x->o->sites->s + x->site_first[s->bin] : NULL;
    int nsite = site ? x->site_n[s->bin] : 0, min_bq = x->o->min_bq;
    hts_pos_t rpos = b->core.pos, p;
    int qpos = 0, k;
    uint32_t i;
    for (i = 0; i < b->core.n_cigar && rpos < s->end; i++) {
        int op = bam_cigar_op(cig[i]), len = bam_cigar_oplen(cig[i]);
        if (op == BAM_CMATCH || op == BAM_CEQUAL || op == BAM_CDIFF) {
            hts_pos_t beg = rpos > s->beg ? rpos : s->beg;
            hts_pos_t end = rpos + len < s->end ? rpos + len : s->end;
            if (site) {
                for (k = site_lower(site, nsite, beg); k < nsite && site[k].pos < end; k++)
                    pile_base(&s->cnt[4 * k], seq, qual,
                              qpos + (int)(site[k].pos - rpos), min_bq);
            } else {
                for (p = beg; p < end; p++)
                    pile_base(&s->cnt[4 * (p - s->beg)], seq, qual,
                              qpos + (int)(p - rpos), min_bq);
            }
        }
        if (bam_cigar_type(op) & 1)
            qpos += len;
        if (bam_cigar_type(op) & 2)
            rpos += len;
    }
}

/* Pile up a record that passed the filters into the worker's REF/CHR17
 * bins among w->cand. */
static int pile_record(worker_t *w, const bam1_t *b)
{
    const count_ctx_t *x = w->ctx;
    const bam1_core_t *c = &b->core;
    int i, ret;
    if (w->pile.unsorted)
        return 0;
    /* Only a streamed SAM can be out of order (an index needs sorted
     * records): its depth is still right, but the pileup needs coordinate
     * order, so allele counting stops and the counts say so. */
    if (c->tid < w->pile.last_tid ||
        (c->tid == w->pile.last_tid && c->pos < w->pile.last_pos)) {
        w->pile.unsorted = 1;
        return 0;
    }
    w->pile.last_tid = c->tid;
    w->pile.last_pos = c->pos;
    if ((ret = pile_flush_before(w, c->tid, c->pos)) < 0)
        return ret;
    if (c->l_qseq == 0)
        return 0;
    for (i = 0; i < w->cand.n; i++) {
        int j = w->cand.a[i];
        pile_slot_t *s;
        hts_pos_t beg, end;
        if (j < w->b0 || j >= w->b1 || !is_pile_bin(&x->rs->bins[j]) ||
            pile_span(x, j, &beg, &end) == 0 || c->pos >= end)
            continue;
        if (!(s = pile_slot(w, j)))
            return h2_fail(&w->err, H2_ENOMEM, "out of memory");
        pile_add(w, b, s);
    }
    return 0;
}

/* The capture check's counter (h2_counts_t.sub): one per read, in the
 * piece of REF/CHR17/GENE bin j where the read starts; nothing for reads
 * that start before the bin. No per-base work. */
static void sub_add(const count_ctx_t *x, int j, hts_pos_t pos)
{
    const h2_bin_t *bin = &x->rs->bins[j];
    hts_pos_t len = bin->end - bin->start;
    if (!x->c->sub || pos < bin->start || pos >= bin->end ||
        (bin->role != H2_ROLE_REF && bin->role != H2_ROLE_CHR17 && bin->role != H2_ROLE_GENE))
        return;
    x->c->sub[(size_t)j * H2_SUBBINS + (size_t)((pos - bin->start) * H2_SUBBINS / len)]++;
}

/* 1 when b belongs to one of the selected read groups, or none is selected. */
static int in_read_groups(const h2_count_opt_t *o, const bam1_t *b)
{
    const uint8_t *rg;
    const char *id;
    if (o->n_read_groups <= 0)
        return 1;
    if (!(rg = bam_aux_get(b, "RG")) || !(id = bam_aux2Z(rg)))
        return 0;
    for (int i = 0; i < o->n_read_groups; i++)
        if (!strcmp(id, o->read_groups[i]))
            return 1;
    return 0;
}

/* Add one record to the worker's bins. The record is counted in n_records
 * by the worker owning the lowest-numbered bin its span overlaps, so the
 * total is the number of records overlapping any bin, for any -@.
 * Returns 0 or an H2_E* code with w->err set. */
static int count_record(worker_t *w, const bam1_t *b)
{
    const count_ctx_t *x = w->ctx;
    const bam1_core_t *c = &b->core;
    int i, pass, is0, lowest = x->rs->n_bins;
    if (c->tid < 0 || c->pos < 0)
        return 0;
    if (lookup_query(x->lk, x->rs->bins, c->tid, c->pos, bam_endpos(b),
                     &w->hint, &w->cand) < 0)
        return h2_fail(&w->err, H2_ENOMEM, "out of memory");
    if (w->cand.n == 0)
        return 0;
    for (i = 0; i < w->cand.n; i++)
        if (w->cand.a[i] < lowest)
            lowest = w->cand.a[i];
    if (lowest >= w->b0 && lowest < w->b1)
        w->n_records++;
    if ((c->flag & x->o->exclude_flags) || (c->flag & BAM_FUNMAP) || !in_read_groups(x->o, b))
        return 0;
    pass = c->qual >= x->o->min_mq;
    is0 = c->qual == 0;
    if (!pass && !is0)
        return 0;
    if (record_blocks(w, b) < 0)
        return h2_fail(&w->err, H2_ENOMEM, "out of memory");
    if (record_implausible(w, b)) {
        if (lowest >= w->b0 && lowest < w->b1)
            w->n_implausible++;
        return 0;
    }
    if (pass && x->o->baf && (i = pile_record(w, b)) < 0)
        return i;
    for (i = 0; i < w->cand.n; i++) {
        int j = w->cand.a[i];
        uint64_t n;
        if (j < w->b0 || j >= w->b1)
            continue;
        if ((n = bases_in_bin(w, &x->rs->bins[j])) == 0)
            continue;
        if (pass) {
            x->c->bases[j] += n;
            x->c->reads[j]++;
            if (x->rs->bins[j].role == H2_ROLE_REF)
                add_sub_bases(w, &x->rs->bins[j], x->c->sub_bases + (size_t)j * H2_GC_SUBS);
            sub_add(x, j, c->pos);
        }
        if (is0)
            x->c->mq0[j]++;
    }
    return 0;
}

/* The worker's bins as merged intervals, one hts_reglist_t per contig.
 * Names are borrowed from the header. Returns the number of entries (0 when
 * every bin is empty) or -1 on allocation failure. */
static int build_reglist(const worker_t *w, hts_reglist_t **out)
{
    const h2_bin_t *bins = w->ctx->rs->bins;
    hts_reglist_t *rl = calloc(w->b1 - w->b0 + 1, sizeof *rl);
    int i, n = 0;
    *out = NULL;
    if (!rl)
        return -1;
    for (i = w->b0; i < w->b1; i++) {
        hts_reglist_t *r = n ? &rl[n - 1] : NULL;
        if (bins[i].end <= bins[i].start)
            continue;
        if (!r || r->tid != bins[i].contig) {
            r = &rl[n++];
            r->tid = bins[i].contig;
            r->reg = sam_hdr_tid2name(w->in.hdr, r->tid);
            r->intervals = malloc((w->b1 - i) * sizeof *r->intervals);
            if (!r->intervals)
                goto fail;
            r->min_beg = bins[i].start;
        }
        if (r->count && bins[i].start <= r->intervals[r->count - 1].end + MERGE_GAP) {
            if (bins[i].end > r->intervals[r->count - 1].end)
                r->intervals[r->count - 1].end = bins[i].end;
        } else {
            r->intervals[r->count].beg = bins[i].start;
            r->intervals[r->count].end = bins[i].end;
            r->count++;
        }
        if (bins[i].end > r->max_end)
            r->max_end = bins[i].end;
    }
    *out = rl;
    return n;
fail:
    for (i = 0; i < n; i++)
        free(rl[i].intervals);
    free(rl);
    return -1;
}

static int worker_run(worker_t *w)
{
    const count_ctx_t *x = w->ctx;
    hts_reglist_t *rl = NULL;
    hts_itr_t *itr = NULL;
    bam1_t *b = NULL;
    int r, n, ret = 0;
    if ((n = build_reglist(w, &rl)) < 0)
        return h2_fail(&w->err, H2_ENOMEM, "out of memory");
    if (n == 0) {
        free(rl);
        return 0;
    }
    /* The iterator owns rl from here. On failure htslib has freed it unless
     * the iterator's own allocation failed: never free it here (at worst a
     * leak when out of memory, never a double free). */
    if (!(itr = sam_itr_regions(w->in.idx, w->in.hdr, rl, n))) {
        ret = h2_fail(&w->err, H2_EINPUT, "%s: cannot query the index", x->path);
        goto out;
    }
    if (!(b = bam_init1())) {
        ret = h2_fail(&w->err, H2_ENOMEM, "out of memory");
        goto out;
    }
    while ((r = sam_itr_next(w->in.fp, itr, b)) >= 0)
        if ((ret = count_record(w, b)) < 0)
            goto out;
    if (r < -1 || h2_stream_errno(w->in.fp))   /* a failed seek also ends with -1 */
        ret = read_error(&w->in, x->path, &w->err);
    else if (x->o->baf)
        ret = pile_flush_before(w, -1, 0);
out:
    bam_destroy1(b);
    hts_itr_destroy(itr);
    return ret;
}

static void *worker_main(void *arg)
{
    worker_t *w = arg;
    w->rc = worker_run(w);
    return NULL;
}

/* No index, plain SAM: read the whole file in order. */
static int stream_run(worker_t *w)
{
    bam1_t *b = bam_init1();
    int r, ret = 0;
    if (!b)
        return h2_fail(&w->err, H2_ENOMEM, "out of memory");
    while ((r = sam_read1(w->in.fp, w->in.hdr, b)) >= 0)
        if ((ret = count_record(w, b)) < 0)
            goto out;
    if (r < -1 || h2_stream_errno(w->in.fp))
        ret = read_error(&w->in, w->ctx->path, &w->err);
    else if (w->ctx->o->baf)
        ret = pile_flush_before(w, -1, 0);
out:
    bam_destroy1(b);
    return ret;
}

/* Split bins into n contiguous chunks of about equal total length:
 * worker k gets [bound[k], bound[k+1]). Every chunk is non-empty. */
static void partition(const h2_regset_t *rs, int n, int *bound)
{
    double total = 0, acc = 0;
    int i, k = 1;
    for (i = 0; i < rs->n_bins; i++)
        total += rs->bins[i].end > rs->bins[i].start ?
                 (double)(rs->bins[i].end - rs->bins[i].start) : 0;
    bound[0] = 0;
    for (i = 0; i < rs->n_bins && k < n; i++) {
        hts_pos_t len = rs->bins[i].end - rs->bins[i].start;
        acc += len > 0 ? (double)len : 0;
        if (acc >= total * k / n)
            bound[k++] = i + 1;
    }
    for (; k < n; k++)
        bound[k] = rs->n_bins;
    bound[n] = rs->n_bins;
    for (k = n - 1; k >= 1; k--)        /* keep every chunk non-empty */
        if (bound[k] > bound[k + 1] - 1)
            bound[k] = bound[k + 1] - 1;
    for (k = 1; k < n; k++)
        if (bound[k] < bound[k - 1] + 1)
            bound[k] = bound[k - 1] + 1;
}

static int check_regset(const h2_regset_t *rs, h2_err_t *err)
{
    int i;
    for (i = 0; i < rs->n_bins; i++) {
        const h2_bin_t *b = &rs->bins[i], *p = i ? &rs->bins[i - 1] : NULL;
        if (b->contig < 0 || b->contig >= rs->genome->n_contigs)
            return h2_fail(err, H2_EINTERNAL, "bin %d: contig %d out of range",
                           i, b->contig);
        if (p && (p->contig > b->contig ||
                  (p->contig == b->contig && p->start > b->start)))
            return h2_fail(err, H2_EINTERNAL, "bins are not sorted at bin %d", i);
    }
    return 0;
}

static h2_counts_t *counts_new(int n, int panel)
{
    h2_counts_t *c = calloc(1, sizeof *c);
    size_t m = n > 0 ? (size_t)n : 1;
    if (!c)
        return NULL;
    c->n_bins = n;
    c->bases = calloc(m, sizeof *c->bases);
    c->reads = calloc(m, sizeof *c->reads);
    c->mq0 = calloc(m, sizeof *c->mq0);
    c->sub_bases = calloc(m * H2_GC_SUBS, sizeof *c->sub_bases);
    if (!panel)
        c->sub = calloc(m * H2_SUBBINS, sizeof *c->sub);
    if (!c->bases || !c->reads || !c->mq0 || !c->sub_bases || (!panel && !c->sub)) {
        h2_counts_destroy(c);
        return NULL;
    }
    return c;
}

static int n_workers(const h2_count_opt_t *o, int n_bins)
{
    int n = o->threads < MAX_WORKERS ? o->threads : MAX_WORKERS;
    if (n > n_bins)
        n = n_bins;
    return n < 1 ? 1 : n;
}

/* Open workers 1..n-1 (worker 0 is open), run them all, close them all. */
static int run_workers(worker_t *w, int n, const count_ctx_t *x,
                       htsThreadPool *pool, h2_err_t *err)
{
    pthread_t tid[MAX_WORKERS];
    int started[MAX_WORKERS] = {0};
    int i, ret = 0;
    for (i = 1; i < n && ret == 0; i++)
        ret = input_open(&w[i].in, x->path, x->o, pool, x->rs->genome->n_contigs,
                         &w[i].bytes_read, &w[i].untapped, &w[i].err);
    if (ret < 0) {
        h2_fail(err, ret, "%s", w[i - 1].err.msg);
        goto out;
    }
    if (n == 1) {
        w[0].rc = worker_run(&w[0]);
    } else {
        for (i = 0; i < n; i++) {
            if (pthread_create(&tid[i], NULL, worker_main, &w[i]) != 0) {
                w[i].rc = h2_fail(&w[i].err, H2_EINTERNAL,
                                  "cannot start a thread");
                break;
            }
            started[i] = 1;
        }
        for (i = 0; i < n; i++)
            if (started[i])
                pthread_join(tid[i], NULL);
    }
    for (i = 0; i < n && ret == 0; i++)
        if (w[i].rc < 0)
            ret = h2_fail(err, w[i].rc, "%s", w[i].err.msg);
out:
    for (i = 0; i < n; i++)
        if (input_close(&w[i].in) < 0 && ret == 0)
            ret = h2_fail(err, H2_EIO, "%s: error closing the file", x->path);
    return ret;
}

static void workers_free(worker_t *w, int n)
{
    int i, k;
    for (i = 0; i < n; i++) {
        input_close(&w[i].in);
        free(w[i].cand.a);
        free(w[i].blk);
        hint_free(&w[i].hint);
        for (k = 0; k < w[i].pile.m_slot; k++)
            free(w[i].pile.slot[k].cnt);
        free(w[i].pile.slot);
        free(w[i].pile.out.a);
    }
}

/* For each REF/CHR17 bin, the range of given sites inside it (sites and
 * bins are both sorted by contig and position). Returns 0 or -1 (ENOMEM). */
static int site_ranges(const h2_regset_t *rs, const h2_sites_t *st,
                       int **first, int **num)
{
    int j;
    *first = calloc(rs->n_bins > 0 ? rs->n_bins : 1, sizeof **first);
    *num = calloc(rs->n_bins > 0 ? rs->n_bins : 1, sizeof **num);
    if (!*first || !*num)
        return -1;
    for (j = 0; j < rs->n_bins; j++) {
        const h2_bin_t *b = &rs->bins[j];
        int lo = 0, hi = st->n, k;
        if (!is_pile_bin(b))
            continue;
        while (lo < hi) {       /* first site at or after (contig, start) */
            int mid = lo + (hi - lo) / 2;
            const h2_site_t *m = &st->s[mid];
            if (m->contig < b->contig ||
                (m->contig == b->contig && m->pos < b->start))
                lo = mid + 1;
            else
                hi = mid;
        }
        for (k = lo; k < st->n && st->s[k].contig == b->contig &&
             st->s[k].pos < b->end; k++)
            ;
        (*first)[j] = lo;
        (*num)[j] = k - lo;
    }
    return 0;
}

static int allele_cmp(const void *pa, const void *pb)
{
    const h2_allele_t *a = pa, *b = pb;
    int d = H2_CMP(a->bin, b->bin);
    return d ? d : H2_CMP(a->pos, b->pos);
}

/* Join the workers' allele entries in (bin, pos) order into c->alleles. */
static int alleles_merge(h2_counts_t *c, const worker_t *w, int n,
                         const h2_count_opt_t *o)
{
    h2_alleles_t *a = calloc(1, sizeof *a);
    int i;
    if (!a)
        return -1;
    c->alleles = a;
    a->min_reads = o->sites ? 0 : H2_BAF_MIN_READS;
    a->min_frac = o->sites ? 0.0 : H2_BAF_MIN_FRAC;
    for (i = 0; i < n; i++) {
        const h2_alleles_t *wo = &w[i].pile.out;
        if (hts_resize(h2_allele_t, a->n + wo->n, &a->m, &a->a, 0) < 0)
            return -1;
        if (wo->n)
            memcpy(a->a + a->n, wo->a, (size_t)wo->n * sizeof *wo->a);
        a->n += wo->n;
        a->positions += wo->positions;
    }
    if (a->n)
        qsort(a->a, a->n, sizeof *a->a, allele_cmp);
    return 0;
}

/* Give the n workers their chunks of bins and search hints. */
static int workers_init(worker_t *w, int n, const count_ctx_t *x, h2_err_t *err)
{
    int bound[MAX_WORKERS + 1], i;
    partition(x->rs, n, bound);
    for (i = 0; i < n; i++) {
        w[i].ctx = x;
        w[i].b0 = bound[i];
        w[i].b1 = bound[i + 1];
        if (hint_init(&w[i].hint, x->lk->n_grp) < 0)
            return h2_fail(err, H2_ENOMEM, "out of memory");
    }
    return 0;
}

/* No index: worker 0 reads the whole (plain SAM) file, then closes it. */
static int run_streamed(worker_t *w, h2_err_t *err)
{
    int ret = 0;
    w->rc = stream_run(w);
    if (w->rc < 0)
        ret = h2_fail(err, w->rc, "%s", w->err.msg);
    if (input_close(&w->in) < 0 && ret == 0)
        ret = h2_fail(err, H2_EIO, "%s: error closing the file", w->ctx->path);
    return ret;
}

/* A BAM/CRAM without an index: how to make one, or for a URL how to name it
 * (htslib looked for <url>.bai/.csi/.crai). */
static int no_index(const char *path, h2_err_t *err)
{
    if (h2_is_remote(path))
        return h2_fail(err, H2_EINPUT, "no index for %s at its usual names (.bai, .csi, "
                       ".crai): give its URL as URL##idx##INDEX-URL", path);
    return h2_fail(err, H2_EINPUT, "no index for %s; run samtools index (after "
                   "samtools sort if it is not coordinate-sorted)", path);
}

/* The workers' records and bytes read, and whether any saw unsorted input. */
static void workers_sum(h2_counts_t *c, const worker_t *w, int n)
{
    c->bytes_known = 1;
    for (int i = 0; i < n; i++) {
        c->n_records += w[i].n_records;
        c->n_implausible += w[i].n_implausible;
        c->baf_unsorted |= w[i].pile.unsorted;
        c->bytes_read += w[i].bytes_read;
        c->bytes_known &= !w[i].untapped;
    }
}

h2_counts_t *h2_count_run(const char *path, const h2_regset_t *rs,
                          const h2_count_opt_t *o, h2_err_t *err, int *rc)
{
    worker_t w[MAX_WORKERS];
    htsThreadPool pool = {NULL, 0};
    bin_lookup_t *lk = NULL;
    h2_counts_t *c = NULL;
    count_ctx_t x;
    int *site_first = NULL, *site_n = NULL;
    int n = 1, ret = 0;

    memset(w, 0, sizeof w);
    if (!path || !rs || !rs->genome || !o) {
        ret = h2_fail(err, H2_EINTERNAL, "h2_count_run: missing argument");
        goto out;
    }
    if ((ret = check_regset(rs, err)) < 0)
        goto out;
    if (!(c = counts_new(rs->n_bins, rs->par.panel)) || !(lk = lookup_build(rs))) {
        ret = h2_fail(err, H2_ENOMEM, "out of memory");
        goto out;
    }
    if (o->baf && o->sites && site_ranges(rs, o->sites, &site_first, &site_n) < 0) {
        ret = h2_fail(err, H2_ENOMEM, "out of memory");
        goto out;
    }
    x.rs = rs, x.lk = lk, x.o = o, x.c = c, x.path = path;
    x.site_first = site_first, x.site_n = site_n;
    /* Threads go to region workers first (each inflates its own blocks);
     * only threads beyond MAX_WORKERS (or beyond the number of bins) form a
     * shared decompression pool. A pool behind region queries costs 1.5-2x
     * the CPU for the same output (see docs/BENCHMARKS.md, "Profile"): it
     * reads ahead past each region's end and discards that work at the
     * next seek. */
    if (o->threads > n_workers(o, rs->n_bins) &&
        !(pool.pool = hts_tpool_init(o->threads - n_workers(o, rs->n_bins)))) {
        ret = h2_fail(err, H2_EINTERNAL, "cannot create a thread pool");
        goto out;
    }
    if ((ret = input_open(&w[0].in, path, o, pool.pool ? &pool : NULL, rs->genome->n_contigs,
                          &w[0].bytes_read, &w[0].untapped, err)) < 0 ||
        (ret = h2_index_check_size(w[0].in.idx, w[0].in.hdr, path, err)) < 0)
        goto out;   /* the index is checked once, not by every worker */
    if (!w[0].in.idx && !w[0].in.plain_sam) {
        ret = no_index(path, err);
        goto out;
    }
    if (!w[0].in.idx)
        n = 1;
    else
        n = n_workers(o, rs->n_bins);
    if ((ret = workers_init(w, n, &x, err)) < 0)
        goto out;
    if (!w[0].in.idx) {
        c->streamed = 1;
        ret = run_streamed(&w[0], err);
    } else {
        ret = run_workers(w, n, &x, pool.pool ? &pool : NULL, err);
    }
    workers_sum(c, w, n);
    if (ret == 0 && o->baf && !c->baf_unsorted && alleles_merge(c, w, n, o) < 0)
        ret = h2_fail(err, H2_ENOMEM, "out of memory");
out:
    workers_free(w, n);
    free(site_first);
    free(site_n);
    if (pool.pool)
        hts_tpool_destroy(pool.pool);
    lookup_destroy(lk);
    if (h2_set_rc(rc, ret) < 0) {
        h2_counts_destroy(c);
        c = NULL;
    }
    return c;
}
