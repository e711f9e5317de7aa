/* simulate.c -- synthetic coordinate-sorted alignments with a known
 * copy-number profile, and an optional synthetic reference FASTA.
 *
 * How reads are laid out: each contig is cut into maximal intervals of
 * constant read density (pieces) from the breakpoints of the simulated
 * domain (padded regions / targets), the CN segments and, with GC bias, the
 * 5 kb GC chunks. A piece is walked in 10 kb chunks aligned to a global
 * grid; each chunk draws N ~ Poisson(density * len / read_len) read starts
 * uniformly, sorts them and writes them. The sum of the chunks' Poisson
 * counts is Poisson over the piece, so the depth is as specified while only
 * one chunk of reads is ever held in memory.
 *
 * What a read carries: the genome is the reference (the FASTA's bases, or
 * without -F a hash of (ref seed, contig, position)) plus germline het SNPs
 * at positions where a second hash falls below --het-rate, the alt base
 * chosen by that hash. Both are computed once per chunk window, so every
 * read over a position agrees, and cost per genome base, not per read base.
 * A read is drawn from haplotype B (the alts) with the probability of its
 * piece (h2_sim_hap_b_frac), then gets qualities and, with probability
 * 10^(-Q/10) per base, a substitution by another base.
 *
 * Every random stream is derived from (seed, purpose, contig/target/chunk)
 * so the output is a pure function of the options; threads only compress.
 * Read positions and read contents use separate streams, so the depth does
 * not depend on what the reads carry (skip_old_content_draws keeps the
 * positions those of the earlier one-stream simulator). */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <htslib/faidx.h>
#include <htslib/hts.h>
#include <htslib/sam.h>
#include "h2_simulate.h"

#define GC_CHUNK 5000               /* reference GC varies per chunk */
#define SIM_CHUNK 10000             /* reads drawn and sorted per chunk */
#define MAX_FASTA_LEN 300000000LL   /* refuse bigger synthetic references */
#define MEAN_GC 0.41
#define LINE_WIDTH 60
#define WAVE_STEP 10000            /* --gc-wave: depth constant over 10 kb steps */
#define MIN_WAVE_PERIOD 100000
#define MIN_NOISE_BLOCK 10000

enum { TAG_REF = 1, TAG_CAPTURE, TAG_READS, TAG_BASES, TAG_GENOME, TAG_HET, TAG_ALLELE,
       TAG_NOISE, TAG_WAVE, TAG_AF, TAG_GT };
enum { FMT_SAM, FMT_BAM, FMT_CRAM };
enum { KIND_READ, KIND_DUP, KIND_MQ0 };

/* ---- PRNG: splitmix64 mixing seeds xoshiro256** (Blackman & Vigna) ---- */

typedef struct {
    uint64_t s[4];
} rng_t;

static uint64_t mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* An independent stream for (seed, tag, a, b). */
static void rng_seed(rng_t *r, uint64_t seed, uint64_t tag, uint64_t a, uint64_t b)
{
    uint64_t h = mix64(seed + 0x9e3779b97f4a7c15ULL);
    h = mix64(h ^ (tag * 0xd1b54a32d192ed03ULL));
    h = mix64(h ^ (a * 0xaef17502108ef2d9ULL));
    h = mix64(h ^ (b * 0xf58c8b6b1c1bd5c1ULL));
    for (int i = 0; i < 4; i++) {
        h += 0x9e3779b97f4a7c15ULL;
        r->s[i] = mix64(h);
    }
}

static inline uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static inline uint64_t rng_next(rng_t *r)
{
    uint64_t *s = r->s;
    uint64_t res = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return res;
}

/* Uniform in [0, 1). */
static inline double rng_unif(rng_t *r)
{
    return (rng_next(r) >> 11) * 0x1.0p-53;
}

static double rng_norm(rng_t *r)
{
    double u = 1.0 - rng_unif(r), v = rng_unif(r);
    return sqrt(-2.0 * log(u)) * cos(2.0 * M_PI * v);
}

/* Poisson deviate: multiplication method for small means, otherwise the
 * PTRS transformed rejection of Hormann (1993), "The transformed rejection
 * method for generating Poisson random variables", Insur. Math. Econ. 12. */
static uint64_t rng_poisson(rng_t *r, double mu)
{
    if (mu <= 0)
        return 0;
    if (mu < 10) {
        double l = exp(-mu), p = 1.0;
        for (uint64_t k = 0;; k++) {
            p *= rng_unif(r);
            if (p <= l)
                return k;
        }
    }
    double slam = sqrt(mu), loglam = log(mu);
    double b = 0.931 + 2.53 * slam, a = -0.059 + 0.02483 * b;
    double inva = 1.1239 + 1.1328 / (b - 3.4), vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
        double u = rng_unif(r) - 0.5, v = rng_unif(r), us = 0.5 - fabs(u);
        if (us < 1e-9)
            continue;
        double k = floor((2 * a / us + b) * u + mu + 0.43);
        if (k < 0)
            continue;
        if (us >= 0.07 && v <= vr)
            return (uint64_t)k;
        if (us < 0.013 && v > us)
            continue;
        if (log(v) + log(inva) - log(a / (us * us) + b)
                <= -mu + k * loglam - lgamma(k + 1))
            return (uint64_t)k;
    }
}

/* Gamma(a, 1) deviate: Marsaglia & Tsang (2000), "A simple method for
 * generating gamma variables", ACM TOMS 26(3); a < 1 as Gamma(a + 1) U^(1/a). */
static double rng_gamma(rng_t *r, double a)
{
    if (a < 1)
        return rng_gamma(r, a + 1) * pow(1.0 - rng_unif(r), 1.0 / a);
    double d = a - 1.0 / 3, c = 1.0 / sqrt(9 * d);
    for (;;) {
        double x, v;
        do {
            x = rng_norm(r);
            v = 1 + c * x;
        } while (v <= 0);
        v = v * v * v;
        double u = 1.0 - rng_unif(r);
        if (u < 1 - 0.0331 * x * x * x * x || log(u) < 0.5 * x * x + d * (1 - v + log(v)))
            return d * v;
    }
}

/* n random bases with G+C fraction gc (to 1/32768); returns the number of
 * G/C. Four bases per draw, branch-free. */
static int fill_bases(rng_t *r, double gc, int n, char *buf)
{
    static const char base[4] = {'A', 'T', 'C', 'G'};
    uint32_t thr = (uint32_t)(gc * 32768.0);
    int ngc = 0, i = 0;
    while (i < n) {
        uint64_t x = rng_next(r);
        for (int j = 0; j < 4 && i < n; j++, i++, x >>= 16) {
            uint32_t t = (uint32_t)(x & 0xffff);
            uint32_t is_gc = (t >> 1) < thr;
            buf[i] = base[is_gc << 1 | (t & 1)];
            ngc += (int)is_gc;
        }
    }
    return ngc;
}

static const uint8_t QUALS[4] = {37, 23, 12, 2};

/* Per quality class k of QUALS, 10^(-Q/10) scaled to 24 bits. */
static void error_thresholds(uint32_t thr[4])
{
    for (int k = 0; k < 4; k++)
        thr[k] = (uint32_t)(pow(10.0, -QUALS[k] / 10.0) * 16777216.0 + 0.5);
}

/* One of the three bases other than b, chosen by x. */
static char other_base(char b, uint64_t x)
{
    static const char acgt[4] = {'A', 'C', 'G', 'T'};
    int k = b == 'C' ? 1 : b == 'G' ? 2 : b == 'T' ? 3 : 0;
    return acgt[(k + 1 + (int)(x % 3)) & 3];
}

/* Binned Illumina-like base qualities, 37 (85%), 23 (8%), 12 (5%), 2 (2%),
 * and sequencing errors that match them: base i becomes another base with
 * probability 10^(-Q/10) (thr from error_thresholds). 32 bits per base: 8
 * pick the quality, 24 decide the error. */
static void fill_quals_errors(rng_t *r, const uint32_t thr[4], int n, char *seq,
                              uint8_t *q)
{
    int i = 0;
    while (i < n) {
        uint64_t x = rng_next(r);
        for (int j = 0; j < 2 && i < n; j++, i++, x >>= 32) {
            unsigned v = x & 0xff;
            int k = (v < 38) + (v < 18) + (v < 5);
            q[i] = QUALS[k];
            if ((uint32_t)(x >> 8 & 0xffffff) < thr[k])
                seq[i] = other_base(seq[i], rng_next(r));
        }
    }
}

/* Key of a per-position hash for (ref seed, purpose, contig). */
static uint64_t pos_key(uint64_t seed, uint64_t tag, int ctg)
{
    return mix64(mix64(seed ^ (tag * 0xd1b54a32d192ed03ULL))
                 ^ ((uint64_t)ctg * 0xaef17502108ef2d9ULL));
}

static inline uint64_t pos_hash(uint64_t key, hts_pos_t x)
{
    return mix64(key + (uint64_t)x * 0x9e3779b97f4a7c15ULL);
}

/* Reference bases [a, a+n) without a FASTA: a hash of (key, position), G+C
 * with probability MEAN_GC (to 1/32768), like fill_bases. */
static void hash_bases(uint64_t key, hts_pos_t a, int n, char *buf)
{
    static const char base[4] = {'A', 'T', 'C', 'G'};
    uint32_t thr = (uint32_t)(MEAN_GC * 32768.0);
    for (int i = 0; i < n; i++) {
        uint32_t t = (uint32_t)(pos_hash(key, a + i) & 0xffff);
        buf[i] = base[((t >> 1) < thr) << 1 | (t & 1)];
    }
}

/* Het SNPs over ref[0..n) = positions [a, a+n): alt[i] is the haplotype-B
 * base where a hash of (key, position) falls below rate, else 0. */
static void het_alts(uint64_t key, double rate, hts_pos_t a, int n, const char *ref,
                     char *alt)
{
    uint64_t thr = (uint64_t)(rate * 0x1.0p53);
    for (int i = 0; i < n; i++) {
        uint64_t h = pos_hash(key, a + i);
        alt[i] = (h >> 11) < thr ? other_base(ref[i], h) : 0;
    }
}

/* The --gc-region GC of chunk k of contig ctg (the last region holding the
 * chunk's midpoint), or NAN. */
static double region_gc(const h2_sim_opt_t *o, int ctg, hts_pos_t k)
{
    hts_pos_t mid = k * GC_CHUNK + GC_CHUNK / 2;
    double gc = NAN;
    for (int i = 0; i < o->n_gc_regions; i++) {
        const h2_sim_seg_t *g = &o->gc_regions[i];
        if (g->contig == ctg && g->start <= mid && mid < g->end)
            gc = g->cn;
    }
    return gc;
}

/* Reference chunk k of contig ctg (n bases): its own stream and a GC
 * fraction ~ N(0.41, 0.06) clamped to [0.25, 0.65], or the --gc-region's
 * GC (gc_set, not NAN). Returns the actual GC. */
static double ref_chunk(uint64_t seed, int ctg, hts_pos_t k, int n, double gc_set, char *buf)
{
    rng_t r;
    rng_seed(&r, seed, TAG_REF, (uint64_t)ctg, (uint64_t)k);
    double gc = MEAN_GC + 0.06 * rng_norm(&r);
    gc = gc < 0.25 ? 0.25 : gc > 0.65 ? 0.65 : gc;
    if (isfinite(gc_set))
        gc = gc_set;
    return n > 0 ? (double)fill_bases(&r, gc, n, buf) / n : 0.0;
}

/* The reference's seed: --ref-seed, else the sample's seed, so that several
 * samples (normals and tumours) can share one synthetic reference. */
static uint64_t ref_seed(const h2_sim_opt_t *o)
{
    return o->ref_seed_set ? o->ref_seed : o->seed;
}

/* ---- simulation state ---- */

typedef struct {
    hts_pos_t start, end;
    double eff;             /* capture efficiency (targets) */
    int order;              /* position in the BED: later overrides earlier */
} ivl_t;

typedef struct {
    int n, m;
    ivl_t *a;
} ivl_list_t;

typedef struct {
    hts_pos_t start, end;
    double dens;            /* mean depth of primary reads */
    double hap_b;           /* probability that a read is from haplotype B */
} piece_t;

typedef struct {
    hts_pos_t pos;
    uint32_t id;
    uint8_t kind, rev;
} item_t;

typedef struct {
    const h2_genome_t *g;
    const h2_sim_opt_t *o;
    int rl;
    ivl_list_t *reg;        /* per contig, padded and merged, or NULL */
    ivl_list_t *tgt;        /* per contig, padded, sorted by start, or NULL */
    double **gc;            /* per contig per GC chunk (with a FASTA), or NULL */
    /* scratch reused across contigs and chunks */
    hts_pos_t *bp;
    size_t n_bp, m_bp;
    piece_t *pc;
    size_t n_pc, m_pc;
    item_t *it;
    size_t n_it, m_it;
    int *act;
    hts_pos_t arm_split;    /* the current contig's p/q boundary, or -1 */
    /* reference window: chunks k0 .. k0+nk-1 of contig ref_ctg */
    int ref_ctg;
    hts_pos_t ref_k0, ref_nk;
    char *ref;
    size_t m_ref;
    /* the genome under one chunk's reads: reference and het alts */
    char *win, *alt;
    size_t m_win, m_alt;
    double *fb;             /* --allele-rho: each het site's haplotype-B fraction */
    size_t m_fb;
    uint32_t err_thr[4];    /* error_thresholds() */
    char *seq;
    uint8_t *qual;
    /* output */
    htsFile *fp;
    sam_hdr_t *hdr;
    bam1_t *b;
    uint64_t n_written;
    h2_sim_stats_t st;
    const char *out;            /* the alignments' path */
    int made_fasta, made_out;   /* created by us: removed on failure */
    kstring_t idx;              /* index path */
} sim_t;

static int ivl_push(ivl_list_t *l, ivl_t v)
{
    if (hts_resize(ivl_t, l->n + 1, &l->m, &l->a, 0) < 0)
        return H2_ENOMEM;
    l->a[l->n++] = v;
    return 0;
}

static int ivl_cmp(const void *x, const void *y)
{
    const ivl_t *a = x, *b = y;
    int d = H2_CMP(a->start, b->start);
    return d ? d : H2_CMP(a->order, b->order);
}

void h2_sim_opt_init(h2_sim_opt_t *o)
{
    memset(o, 0, sizeof *o);
    o->depth = 1.0;
    o->purity = 1.0;
    o->read_len = 150;
    o->capture_sd = 0.0;
    o->dup_frac = 0.02;
    o->mq0_frac = 0.02;
    o->gc_bias = 0.0;
    o->het_rate = 1.0 / 1500;
    o->seed = 1;
    o->gc_wave_period = 5000000;
    o->sample = "SIMULATED";
    o->threads = 1;
    o->level = 1;
}

static int has_suffix(const char *s, const char *suf)
{
    size_t n = strlen(s), k = strlen(suf);
    return n > k && !strcasecmp(s + n - k, suf);
}

static int out_format(const char *out)
{
    if (has_suffix(out, ".bam"))
        return FMT_BAM;
    if (has_suffix(out, ".cram"))
        return FMT_CRAM;
    if (has_suffix(out, ".sam"))
        return FMT_SAM;
    return -1;
}

static int frac_ok(double f)
{
    return isfinite(f) && f >= 0 && f < 1;
}

static int validate_segs(const h2_genome_t *g, const h2_sim_opt_t *o, h2_err_t *err)
{
    for (int i = 0; i < o->n_segs; i++) {
        const h2_sim_seg_t *s = &o->segs[i];
        if (s->contig < 0 || s->contig >= g->n_contigs)
            return h2_fail(err, H2_EUSAGE, "CN segment %d: invalid contig index %d",
                           i + 1, s->contig);
        const h2_contig_t *c = &g->contigs[s->contig];
        if (s->start < 0 || s->start >= s->end || s->end > c->len)
            return h2_fail(err, H2_EUSAGE, "CN segment %s:%lld-%lld: need 1 <= START <= "
                           "END <= %lld", c->name, (long long)s->start + 1,
                           (long long)s->end, (long long)c->len);
        if (!isfinite(s->cn) || s->cn < 0)
            return h2_fail(err, H2_EUSAGE, "CN segment %s:%lld-%lld: copy number must be "
                           ">= 0", c->name, (long long)s->start + 1, (long long)s->end);
        if (!isfinite(s->minor) || s->minor < 0 || s->minor > s->cn)
            return h2_fail(err, H2_EUSAGE, "CN segment %s:%lld-%lld: minor copy number "
                           "must be in [0, CN %g] (got %g)", c->name,
                           (long long)s->start + 1, (long long)s->end, s->cn, s->minor);
        if (!(s->ccf >= 0 && s->ccf <= 1))
            return h2_fail(err, H2_EUSAGE, "CN segment %s:%lld-%lld: cancer-cell fraction "
                           "must be in (0, 1] (got %g)", c->name, (long long)s->start + 1,
                           (long long)s->end, s->ccf);
    }
    return 0;
}

/* The realistic-noise options (h2_sim_opt_t, "What real libraries have"). */
static int validate_noise(const h2_sim_opt_t *o, h2_err_t *err)
{
    if (!frac_ok(o->allele_rho))
        return h2_fail(err, H2_EUSAGE, "allele overdispersion rho must be in [0, 1) "
                       "(got %g)", o->allele_rho);
    if (!(o->depth_noise_sd >= 0 && o->depth_noise_sd <= 3))
        return h2_fail(err, H2_EUSAGE, "depth noise SD must be in [0, 3] log2 (got %g)",
                       o->depth_noise_sd);
    if (o->depth_noise_block != 0 && o->depth_noise_block < MIN_NOISE_BLOCK)
        return h2_fail(err, H2_EUSAGE, "depth noise block must be 0 (the arm) or >= %d bp "
                       "(got %lld)", MIN_NOISE_BLOCK, (long long)o->depth_noise_block);
    if (!(o->gc_wave_amp >= 0 && o->gc_wave_amp <= 3))
        return h2_fail(err, H2_EUSAGE, "GC wave amplitude must be in [0, 3] log2 (got %g)",
                       o->gc_wave_amp);
    if (o->gc_wave_period < MIN_WAVE_PERIOD)
        return h2_fail(err, H2_EUSAGE, "GC wave period must be >= %d bp (got %lld)",
                       MIN_WAVE_PERIOD, (long long)o->gc_wave_period);
    return 0;
}

static int validate_files(const h2_genome_t *g, const h2_sim_opt_t *o, const char *out,
                          h2_err_t *err)
{
    int fmt = out ? out_format(out) : -1;
    if (fmt < 0)
        return h2_fail(err, H2_EUSAGE, "output \"%s\" must end in .bam, .cram or .sam",
                       out ? out : "");
    if (fmt == FMT_CRAM && !o->fasta_out)
        return h2_fail(err, H2_EUSAGE, "CRAM output needs a synthetic reference "
                       "(--fasta-out)");
    if (o->gc_bias != 0 && !o->fasta_out)
        return h2_fail(err, H2_EUSAGE, "GC bias needs a synthetic reference (--fasta-out)");
    if (o->n_gc_regions > 0 && !o->fasta_out)
        return h2_fail(err, H2_EUSAGE, "--gc-region needs a synthetic reference (--fasta-out)");
    if (!o->fasta_out)
        return fmt;
    if (!strcmp(o->fasta_out, out))
        return h2_fail(err, H2_EUSAGE, "the FASTA and the alignments must be different files");
    long long total = 0;
    for (int i = 0; i < g->n_contigs; i++)
        total += g->contigs[i].len;
    if (total > MAX_FASTA_LEN)
        return h2_fail(err, H2_EUSAGE, "genome is %lld bp: a synthetic reference is only "
                       "written for genomes up to %lld bp (use a small custom genome)",
                       total, MAX_FASTA_LEN);
    return fmt;
}

/* Check the options; returns the output format or H2_EUSAGE. */
static int validate(const h2_genome_t *g, const h2_sim_opt_t *o, const char *out,
                    h2_err_t *err)
{
    if (!g || g->n_contigs <= 0)
        return h2_fail(err, H2_EUSAGE, "the genome has no contigs");
    if (!isfinite(o->depth) || o->depth <= 0)
        return h2_fail(err, H2_EUSAGE, "depth must be > 0 (got %g)", o->depth);
    if (!isfinite(o->purity) || o->purity <= 0 || o->purity > 1)
        return h2_fail(err, H2_EUSAGE, "purity must be in (0, 1] (got %g)", o->purity);
    if (o->read_len < 30 || o->read_len > 10000)
        return h2_fail(err, H2_EUSAGE, "read length must be 30..10000 (got %d)", o->read_len);
    if (!frac_ok(o->dup_frac) || !frac_ok(o->mq0_frac))
        return h2_fail(err, H2_EUSAGE, "duplicate and MAPQ-0 fractions must be in [0, 1)");
    if (!frac_ok(o->capture_sd))
        return h2_fail(err, H2_EUSAGE, "capture SD must be in [0, 1) (got %g)", o->capture_sd);
    if (!frac_ok(o->het_rate))
        return h2_fail(err, H2_EUSAGE, "het rate must be in [0, 1) (got %g)", o->het_rate);
    if (!isfinite(o->gc_bias))
        return h2_fail(err, H2_EUSAGE, "GC bias must be a finite number");
    for (int i = 0; i < o->n_gc_regions; i++)
        if (!(o->gc_regions[i].cn >= 0 && o->gc_regions[i].cn <= 1))
            return h2_fail(err, H2_EUSAGE, "--gc-region GC must be in [0, 1] (got %g)",
                           o->gc_regions[i].cn);
    if (o->threads < 0)
        return h2_fail(err, H2_EUSAGE, "threads must be >= 0");
    if (o->level < 0 || o->level > 9)
        return h2_fail(err, H2_EUSAGE, "compression level must be 0..9 (got %d)", o->level);
    if (o->sample && (!*o->sample || strpbrk(o->sample, "\t\n\r")))
        return h2_fail(err, H2_EUSAGE, "sample name must be non-empty, without tabs or "
                       "newlines");
    int ret = validate_segs(g, o, err);
    if (ret == 0)
        ret = validate_noise(o, err);
    return ret < 0 ? ret : validate_files(g, o, out, err);
}

/* ---- regions and targets ---- */

/* Map BED records onto per-contig lists, padded by pad on each side.
 * Targets get their capture efficiency. */
static int load_bed(sim_t *s, const h2_bed_t *bed, hts_pos_t pad, int is_tgt,
                    ivl_list_t **out, h2_err_t *err)
{
    const char *what = is_tgt ? "targets" : "regions";
    ivl_list_t *l = calloc(s->g->n_contigs, sizeof *l);
    if (!l)
        return h2_fail(err, H2_ENOMEM, "out of memory");
    *out = l;
    for (int i = 0; i < bed->n; i++) {
        const h2_bed_rec_t *r = &bed->rec[i];
        int c = h2_genome_find(s->g, r->chrom);
        if (c < 0)
            return h2_fail(err, H2_EUSAGE, "%s: contig \"%s\" is not in the genome",
                           what, r->chrom);
        hts_pos_t len = s->g->contigs[c].len;
        if (r->start < 0 || r->start >= r->end || r->end > len)
            return h2_fail(err, H2_EINPUT, "%s: %s:%lld-%lld is outside %s (length %lld)",
                           what, r->chrom, (long long)r->start, (long long)r->end,
                           s->g->contigs[c].name, (long long)len);
        ivl_t v = {r->start > pad ? r->start - pad : 0,
                   r->end + pad < len ? r->end + pad : len, 1.0, i};
        if (is_tgt) {
            rng_t rng;
            rng_seed(&rng, s->o->seed, TAG_CAPTURE, (uint64_t)i, 0);
            double u = rng_unif(&rng);
            v.eff = isnan(r->value) ? 1 + (2 * u - 1) * s->o->capture_sd : r->value;
            if (!isfinite(v.eff) || v.eff < 0)
                return h2_fail(err, H2_EINPUT, "targets: capture efficiency (column 5) "
                               "of %s:%lld-%lld must be >= 0", r->chrom,
                               (long long)r->start, (long long)r->end);
        }
        if (ivl_push(&l[c], v) < 0)
            return h2_fail(err, H2_ENOMEM, "out of memory");
    }
    return 0;
}

/* Sort every contig's list; for regions also merge overlapping/adjacent. */
static void sort_lists(sim_t *s, ivl_list_t *l, int merge)
{
    for (int c = 0; c < s->g->n_contigs; c++) {
        ivl_list_t *x = &l[c];
        if (x->n == 0)
            continue;
        qsort(x->a, x->n, sizeof *x->a, ivl_cmp);
        if (!merge)
            continue;
        int k = 0;
        for (int i = 1; i < x->n; i++) {
            if (x->a[i].start <= x->a[k].end) {
                if (x->a[i].end > x->a[k].end)
                    x->a[k].end = x->a[i].end;
            } else {
                x->a[++k] = x->a[i];
            }
        }
        x->n = k + 1;
    }
}

static int load_intervals(sim_t *s, h2_err_t *err)
{
    const h2_sim_opt_t *o = s->o;
    int ret;
    if (o->regions) {
        if ((ret = load_bed(s, o->regions, s->rl, 0, &s->reg, err)) < 0)
            return ret;
        sort_lists(s, s->reg, 1);
    }
    if (o->targets) {
        if ((ret = load_bed(s, o->targets, s->rl / 2, 1, &s->tgt, err)) < 0)
            return ret;
        sort_lists(s, s->tgt, 0);
    }
    return 0;
}

/* ---- density pieces ---- */

static int bp_push(sim_t *s, hts_pos_t x, hts_pos_t smax)
{
    if (x < 0 || x > smax)
        return 0;
    if (hts_resize(hts_pos_t, s->n_bp + 1, &s->m_bp, &s->bp, 0) < 0)
        return H2_ENOMEM;
    s->bp[s->n_bp++] = x;
    return 0;
}

static int pos_cmp(const void *x, const void *y)
{
    hts_pos_t a = *(const hts_pos_t *)x, b = *(const hts_pos_t *)y;
    return H2_CMP(a, b);
}

/* All density breakpoints of contig c inside [0, smax], sorted, unique. */
static int breakpoints(sim_t *s, int c, hts_pos_t smax)
{
    int bad = 0;
    s->n_bp = 0;
    bad |= bp_push(s, 0, smax) | bp_push(s, smax, smax);
    for (int i = 0; s->reg && i < s->reg[c].n; i++)
        bad |= bp_push(s, s->reg[c].a[i].start, smax) | bp_push(s, s->reg[c].a[i].end, smax);
    for (int i = 0; s->tgt && i < s->tgt[c].n; i++)
        bad |= bp_push(s, s->tgt[c].a[i].start, smax) | bp_push(s, s->tgt[c].a[i].end, smax);
    for (int i = 0; i < s->o->n_segs; i++)
        if (s->o->segs[i].contig == c)
            bad |= bp_push(s, s->o->segs[i].start, smax) | bp_push(s, s->o->segs[i].end, smax);
    for (hts_pos_t x = GC_CHUNK; s->o->gc_bias != 0 && x < smax; x += GC_CHUNK)
        bad |= bp_push(s, x, smax);
    for (hts_pos_t x = WAVE_STEP; s->o->gc_wave_amp > 0 && x < smax; x += WAVE_STEP)
        bad |= bp_push(s, x, smax);
    hts_pos_t blk = s->o->depth_noise_block;
    if (s->o->depth_noise_sd > 0 && blk == 0 && s->arm_split > 0)
        bad |= bp_push(s, s->arm_split, smax);
    for (hts_pos_t x = blk; s->o->depth_noise_sd > 0 && blk > 0 && x < smax; x += blk)
        bad |= bp_push(s, x, smax);
    if (bad)
        return H2_ENOMEM;
    qsort(s->bp, s->n_bp, sizeof *s->bp, pos_cmp);
    size_t k = 0;
    for (size_t i = 1; i < s->n_bp; i++)
        if (s->bp[i] != s->bp[k])
            s->bp[++k] = s->bp[i];
    s->n_bp = k + 1;
    return 0;
}

double h2_sim_hap_b_frac(double purity, double cn, double minor)
{
    double den = purity * cn + 2 * (1 - purity);
    return den > 0 ? (purity * minor + (1 - purity)) / den : 0.0;
}

void h2_sim_seg_apply(const h2_sim_seg_t *seg, double *cn, double *minor)
{
    double f = seg->ccf > 0 && seg->ccf < 1 ? seg->ccf : 1.0;
    *cn = f * seg->cn + (1 - f) * *cn;
    *minor = f * seg->minor + (1 - f) * *minor;
}

/* Tumour CN and minor CN at x: the segments that cover it applied in list
 * order over CN 2 minor 1 (a clonal one replaces what is under it, a
 * subclonal one mixes with it); then doubled with --wgd. */
static void cn_at(const sim_t *s, int c, hts_pos_t x, double *cn, double *minor)
{
    *cn = 2.0;
    *minor = 1.0;
    for (int i = 0; i < s->o->n_segs; i++) {
        const h2_sim_seg_t *g = &s->o->segs[i];
        if (g->contig == c && g->start <= x && x < g->end)
            h2_sim_seg_apply(g, cn, minor);
    }
    if (s->o->wgd) {
        *cn *= 2;
        *minor *= 2;
    }
}

/* Capture efficiency at x (0 outside every target), sweeping the sorted
 * targets with an active set; *tj and *n_act carry the sweep state. */
static double eff_at(sim_t *s, const ivl_list_t *t, hts_pos_t x, int *tj, int *n_act)
{
    while (*tj < t->n && t->a[*tj].start <= x)
        s->act[(*n_act)++] = (*tj)++;
    int k = 0, best = -1;
    for (int i = 0; i < *n_act; i++) {
        const ivl_t *v = &t->a[s->act[i]];
        if (v->end <= x)
            continue;
        s->act[k++] = s->act[i];
        if (best < 0 || v->order > t->a[best].order)
            best = s->act[i];
    }
    *n_act = k;
    return best < 0 ? 0.0 : t->a[best].eff;
}

static int in_regions(const sim_t *s, int c, hts_pos_t x, int *ri)
{
    const ivl_list_t *r = &s->reg[c];
    while (*ri < r->n && r->a[*ri].end <= x)
        (*ri)++;
    return *ri < r->n && r->a[*ri].start <= x;
}

static int piece_push(sim_t *s, hts_pos_t a, hts_pos_t b, double dens, double hap_b)
{
    piece_t *last = s->n_pc ? &s->pc[s->n_pc - 1] : NULL;
    if (last && last->end == a && last->dens == dens && last->hap_b == hap_b) {
        last->end = b;
        return 0;
    }
    if (hts_resize(piece_t, s->n_pc + 1, &s->m_pc, &s->pc, 0) < 0)
        return H2_ENOMEM;
    s->pc[s->n_pc++] = (piece_t){a, b, dens, hap_b};
    return 0;
}

/* The technical depth factors at x of contig c, alleles untouched:
 * --depth-noise, 2^N(0, sd) per block (the arm: [0, arm_split) and the
 * rest), and --gc-wave, 2^(amp sin(2 pi m / period + phase)) at the
 * midpoint m of x's WAVE_STEP, the phase ~ U(0, 2 pi) per contig. */
static double technical_depth(const sim_t *s, int c, hts_pos_t x)
{
    const h2_sim_opt_t *o = s->o;
    double f = 1.0;
    rng_t r;
    if (o->depth_noise_sd > 0) {
        hts_pos_t blk = o->depth_noise_block;
        uint64_t k = blk > 0 ? (uint64_t)(x / blk) : (s->arm_split > 0 && x >= s->arm_split);
        rng_seed(&r, o->seed, TAG_NOISE, (uint64_t)c, k);
        f *= exp2(o->depth_noise_sd * rng_norm(&r));
    }
    if (o->gc_wave_amp > 0) {
        double m = (double)(x / WAVE_STEP * WAVE_STEP) + WAVE_STEP / 2.0;
        rng_seed(&r, o->seed, TAG_WAVE, (uint64_t)c, 0);
        double phase = 2 * M_PI * rng_unif(&r);
        f *= exp2(o->gc_wave_amp * sin(2 * M_PI * m / (double)o->gc_wave_period + phase));
    }
    return f;
}

/* Maximal intervals of constant density of read starts in [0, smax). */
static int build_pieces(sim_t *s, int c, hts_pos_t smax)
{
    const h2_sim_opt_t *o = s->o;
    int ri = 0, tj = 0, n_act = 0, ret;
    s->n_pc = 0;
    s->arm_split = h2_genome_arm_split(s->g, c);
    if ((ret = breakpoints(s, c, smax)) < 0)
        return ret;
    if (s->tgt) {
        free(s->act);
        s->act = malloc((s->tgt[c].n + 1) * sizeof *s->act);
        if (!s->act)
            return H2_ENOMEM;
    }
    for (size_t i = 0; i + 1 < s->n_bp; i++) {
        hts_pos_t a = s->bp[i], b = s->bp[i + 1];
        double eff = 1.0;
        if (s->reg && !in_regions(s, c, a, &ri))
            continue;
        if (s->tgt && (eff = eff_at(s, &s->tgt[c], a, &tj, &n_act)) <= 0)
            continue;
        double cn, minor;
        cn_at(s, c, a, &cn, &minor);
        double d = o->depth * (o->purity * cn + (1 - o->purity) * 2) / 2 * eff;
        if (o->gc_bias != 0) {
            double f = 1 + o->gc_bias * (s->gc[c][a / GC_CHUNK] - 0.42) * 10;
            d *= f > 0.05 ? f : 0.05;
        }
        d *= technical_depth(s, c, a);
        if (d > 0 && (ret = piece_push(s, a, b, d,
                                       h2_sim_hap_b_frac(o->purity, cn, minor))) < 0)
            return ret;
    }
    return 0;
}

/* ---- synthetic reference ---- */

static void put_wrapped(FILE *fp, const char *p, int n, int *col)
{
    while (n > 0) {
        int take = LINE_WIDTH - *col;
        if (take > n)
            take = n;
        fwrite(p, 1, take, fp);
        p += take;
        n -= take;
        *col += take;
        if (*col == LINE_WIDTH) {
            putc('\n', fp);
            *col = 0;
        }
    }
}

static int write_contig_fasta(sim_t *s, FILE *fp, int c, char *buf)
{
    hts_pos_t len = s->g->contigs[c].len, nk = (len + GC_CHUNK - 1) / GC_CHUNK;
    int col = 0;
    s->gc[c] = malloc((nk + 1) * sizeof **s->gc);
    if (!s->gc[c])
        return H2_ENOMEM;
    fprintf(fp, ">%s\n", s->g->contigs[c].name);
    for (hts_pos_t k = 0; k < nk; k++) {
        int n = (int)(len - k * GC_CHUNK < GC_CHUNK ? len - k * GC_CHUNK : GC_CHUNK);
        s->gc[c][k] = ref_chunk(ref_seed(s->o), c, k, n, region_gc(s->o, c, k), buf);
        put_wrapped(fp, buf, n, &col);
    }
    if (col)
        putc('\n', fp);
    return 0;
}

static int write_fasta(sim_t *s, h2_err_t *err)
{
    const char *path = s->o->fasta_out;
    char *buf = malloc(GC_CHUNK);
    int ret = 0;
    FILE *fp = NULL;
    s->gc = calloc(s->g->n_contigs, sizeof *s->gc);
    if (!buf || !s->gc) {
        ret = h2_fail(err, H2_ENOMEM, "out of memory");
        goto out;
    }
    if (!(fp = fopen(path, "w"))) {
        ret = h2_fail(err, H2_EIO, "cannot create \"%s\": %s", path, strerror(errno));
        goto out;
    }
    s->made_fasta = 1;
    for (int c = 0; c < s->g->n_contigs; c++)
        if ((ret = write_contig_fasta(s, fp, c, buf)) < 0) {
            h2_fail(err, ret, "out of memory");
            goto out;
        }
    if (ferror(fp) | fclose(fp)) {
        fp = NULL;
        ret = h2_fail(err, H2_EIO, "error writing \"%s\"", path);
        goto out;
    }
    fp = NULL;
    if (fai_build(path) < 0)
        ret = h2_fail(err, H2_EIO, "cannot index \"%s\"", path);
out:
    if (fp)
        fclose(fp);
    free(buf);
    return ret;
}

/* Reference bases [a, b) of contig c (regenerated chunk by chunk). */
static const char *ref_window(sim_t *s, int c, hts_pos_t a, hts_pos_t b)
{
    hts_pos_t len = s->g->contigs[c].len, ka = a / GC_CHUNK, kb = (b - 1) / GC_CHUNK;
    if (s->ref_ctg != c || ka < s->ref_k0 || kb >= s->ref_k0 + s->ref_nk) {
        if (hts_resize(char, (size_t)(kb - ka + 1) * GC_CHUNK, &s->m_ref, &s->ref, 0) < 0)
            return NULL;
        for (hts_pos_t k = ka; k <= kb; k++) {
            hts_pos_t n = len - k * GC_CHUNK < GC_CHUNK ? len - k * GC_CHUNK : GC_CHUNK;
            ref_chunk(ref_seed(s->o), c, k, (int)n, region_gc(s->o, c, k),
                      s->ref + (k - ka) * GC_CHUNK);
        }
        s->ref_ctg = c;
        s->ref_k0 = ka;
        s->ref_nk = kb - ka + 1;
    }
    return s->ref + (a - s->ref_k0 * GC_CHUNK);
}

/* ---- reads ---- */

static int item_cmp(const void *x, const void *y)
{
    const item_t *a = x, *b = y;
    int d;
    if ((d = H2_CMP(a->pos, b->pos)) || (d = H2_CMP(a->id, b->id)))
        return d;
    return H2_CMP(a->kind, b->kind);
}

static int item_push(sim_t *s, hts_pos_t pos, uint32_t id, int kind, int rev)
{
    if (hts_resize(item_t, s->n_it + 1, &s->m_it, &s->it, 0) < 0)
        return H2_ENOMEM;
    s->it[s->n_it++] = (item_t){pos, id, (uint8_t)kind, (uint8_t)rev};
    return 0;
}

/* --individual: the population's SNP sites and one person's genotypes.
 * A site is a position where a hash of (ref seed, position) falls below
 * het_rate / H2_SIM_POP_HET, so that a person has about het_rate hets per
 * base; its alt base is drawn as het_alts draws it, its alt allele frequency
 * p ~ U(0.05, 0.5) from a second hash; the person's genotype comes from a
 * hash of (individual, position) in Hardy-Weinberg proportions: 0/0 with
 * probability (1-p)^2, 0/1 2p(1-p), 1/1 p^2. Every sample of one individual
 * (tumour and normal alike) has the same genotypes; two individuals share the
 * sites and their frequencies, not the genotypes. */
typedef struct {
    uint64_t k_site, k_af, k_gt, thr;
} pop_t;

static pop_t pop_keys(const h2_sim_opt_t *o, int c)
{
    double rate = o->het_rate / H2_SIM_POP_HET;
    pop_t k = {pos_key(ref_seed(o), TAG_HET, c), pos_key(ref_seed(o), TAG_AF, c),
               pos_key(o->individual, TAG_GT, c), (uint64_t)((rate < 1 ? rate : 1) * 0x1.0p53)};
    return k;
}

/* The alt base of the population site at x over reference base ref (0: no
 * site), its frequency *af and the person's genotype *gt (0, 1, 2 alt copies). */
static char pop_site(const pop_t *k, hts_pos_t x, char ref, double *af, int *gt)
{
    uint64_t h = pos_hash(k->k_site, x);
    if ((h >> 11) >= k->thr)
        return 0;
    double p = 0.05 + 0.45 * (double)(pos_hash(k->k_af, x) >> 11) * 0x1.0p-53;
    double u = (double)(pos_hash(k->k_gt, x) >> 11) * 0x1.0p-53;
    *af = p;
    *gt = u < (1 - p) * (1 - p) ? 0 : u < 1 - p * p ? 1 : 2;
    return other_base(ref, h);
}

/* One person's genome over win[0..n) = positions [a, a+n): hom-alt sites
 * change win itself (both haplotypes), het sites set alt (haplotype B). */
static void individual_alts(const h2_sim_opt_t *o, int c, hts_pos_t a, int n, char *win,
                            char *alt)
{
    pop_t k = pop_keys(o, c);
    for (int i = 0; i < n; i++) {
        double af;
        int gt = 0;
        char b = pop_site(&k, a + i, win[i], &af, &gt);
        alt[i] = b && gt == 1 ? b : 0;
        if (b && gt == 2)
            win[i] = b;
    }
}

/* Reference bases [a, a+n) of contig c into buf. */
static int ref_bases(sim_t *s, int c, hts_pos_t a, size_t n, char *buf)
{
    if (s->o->fasta_out) {
        const char *ref = ref_window(s, c, a, a + (hts_pos_t)n);
        if (!ref)
            return H2_ENOMEM;
        memcpy(buf, ref, n);
    } else {
        hash_bases(pos_key(ref_seed(s->o), TAG_GENOME, c), a, (int)n, buf);
    }
    return 0;
}

/* The genome under the reads starting in [a, b): reference bases and het
 * alts of [a, b + rl - 1) into s->win and s->alt. */
static int genome_window(sim_t *s, int c, hts_pos_t a, hts_pos_t b)
{
    const h2_sim_opt_t *o = s->o;
    size_t n = (size_t)(b - a) + s->rl - 1;
    if (hts_resize(char, n, &s->m_win, &s->win, 0) < 0
            || hts_resize(char, n, &s->m_alt, &s->alt, 0) < 0)
        return H2_ENOMEM;
    if (ref_bases(s, c, a, n, s->win) < 0)
        return H2_ENOMEM;
    if (o->het_rate > 0 && o->individual_set)
        individual_alts(o, c, a, (int)n, s->win, s->alt);
    else if (o->het_rate > 0)
        het_alts(pos_key(ref_seed(o), TAG_HET, c), o->het_rate, a, (int)n, s->win, s->alt);
    return 0;
}

/* --snps-out: the population's sites (pop_site) inside the simulated
 * regions (all of each contig without -r) as a VCF with ##contig lengths,
 * INFO AF, and the individual's genotype in INFO GT_SIM. */
static int write_sites(sim_t *s, const char *path, h2_err_t *err)
{
    FILE *fp = fopen(path, "w");
    char *buf = NULL;
    int ret = 0;
    if (!fp)
        return h2_fail(err, H2_EIO, "cannot open \"%s\": %s", path, strerror(errno));
    fprintf(fp, "##fileformat=VCFv4.2\n##source=her2cn simulate --snps-out (individual %"
            PRIu64 ")\n##INFO=<ID=AF,Number=A,Type=Float,Description=\"Alt allele frequency\">\n"
            "##INFO=<ID=GT_SIM,Number=1,Type=Integer,Description=\"Alt copies in the simulated "
            "individual\">\n", s->o->individual);
    for (int c = 0; c < s->g->n_contigs; c++)
        fprintf(fp, "##contig=<ID=%s,length=%" PRId64 ">\n", s->g->contigs[c].name,
                (int64_t)s->g->contigs[c].len);
    fprintf(fp, "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n");
    if (!(buf = malloc(1 << 20)))
        ret = h2_fail(err, H2_ENOMEM, "out of memory");
    for (int c = 0; c < s->g->n_contigs && ret == 0; c++) {
        pop_t k = pop_keys(s->o, c);
        int nr = s->reg ? s->reg[c].n : 1;
        for (int r = 0; r < nr && ret == 0; r++) {
            hts_pos_t a = s->reg ? s->reg[c].a[r].start : 0;
            hts_pos_t e = s->reg ? s->reg[c].a[r].end : s->g->contigs[c].len;
            if (e > s->g->contigs[c].len)
                e = s->g->contigs[c].len;
            for (; a < e && ret == 0; a += 1 << 20) {
                size_t n = e - a < (1 << 20) ? (size_t)(e - a) : (size_t)1 << 20;
                if (ref_bases(s, c, a, n, buf) < 0) {
                    ret = h2_fail(err, H2_ENOMEM, "out of memory");
                    break;
                }
                for (size_t i = 0; i < n; i++) {
                    double af;
                    int gt;
                    char b = pop_site(&k, a + (hts_pos_t)i, buf[i], &af, &gt);
                    if (b)
                        fprintf(fp, "%s\t%" PRId64 "\t.\t%c\t%c\t.\t.\tAF=%.3f;GT_SIM=%d\n",
                                s->g->contigs[c].name, (int64_t)(a + (hts_pos_t)i + 1), buf[i],
                                b, af, gt);
                }
            }
        }
    }
    free(buf);
    if ((ferror(fp) | fclose(fp)) && ret == 0)
        ret = h2_fail(err, H2_EIO, "error writing \"%s\"", path);
    return ret;
}

/* --allele-rho: the haplotype-B fraction of the het site at x of contig c,
 * Beta(f k, (1 - f) k) with k = (1 - rho) / rho: mean f, intra-class
 * correlation rho, so a site's alt count over n reads is beta-binomial with
 * variance n f (1 - f) (1 + (n - 1) rho). Its own stream per (seed, site). */
static double site_frac(uint64_t seed, int c, hts_pos_t x, double f, double rho)
{
    if (f <= 0 || f >= 1)
        return f;
    rng_t r;
    rng_seed(&r, seed, TAG_ALLELE, (uint64_t)c, (uint64_t)x);
    double k = (1 - rho) / rho, ga = rng_gamma(&r, f * k), gb = rng_gamma(&r, (1 - f) * k);
    return ga + gb > 0 ? ga / (ga + gb) : f;
}

/* The site fractions of the het sites of the genome window at a (n bases). */
static int site_fracs(sim_t *s, int c, hts_pos_t a, size_t n, double hap_b)
{
    if (hts_resize(double, n, &s->m_fb, &s->fb, 0) < 0)
        return H2_ENOMEM;
    for (size_t i = 0; i < n; i++)
        s->fb[i] = s->alt[i] ? site_frac(s->o->seed, c, a + (hts_pos_t)i, hap_b,
                                         s->o->allele_rho) : hap_b;
    return 0;
}

/* Bases and qualities of a read at offset off of the genome window: its
 * haplotype, then sequencing errors. One uniform u per read: the read is
 * from B where u < hap_b, or with --allele-rho carries each site's alt where
 * u < that site's fraction (so a read over two sites of alike fractions
 * keeps one haplotype). */
static void read_bases(sim_t *s, rng_t *r, hts_pos_t off, double hap_b)
{
    double u = rng_unif(r);
    int from_b = u < hap_b, rho = s->o->allele_rho > 0;
    memcpy(s->seq, s->win + off, s->rl);
    if ((from_b || rho) && s->o->het_rate > 0)
        for (int i = 0; i < s->rl; i++)
            if (s->alt[off + i] && (rho ? u < s->fb[off + i] : from_b))
                s->seq[i] = s->alt[off + i];
    fill_quals_errors(r, s->err_thr, s->rl, s->seq, s->qual);
}

/* Write one record. A duplicate directly follows its original (same pos and
 * id sort together) and reuses its bases and qualities. */
static int write_read(sim_t *s, rng_t *r, int c, const item_t *it, hts_pos_t a,
                      double hap_b, h2_err_t *err)
{
    char name[32];
    if (it->kind != KIND_DUP)
        read_bases(s, r, it->pos - a, hap_b);
    int nl = snprintf(name, sizeof name, "r%" PRIu64, ++s->n_written);
    uint32_t cig = bam_cigar_gen(s->rl, BAM_CMATCH);
    uint16_t flag = (it->rev ? BAM_FREVERSE : 0) | (it->kind == KIND_DUP ? BAM_FDUP : 0);
    if (bam_set1(s->b, nl, name, flag, c, it->pos, it->kind == KIND_MQ0 ? 0 : 60, 1, &cig,
                 -1, -1, 0, s->rl, s->seq, (const char *)s->qual, 8) < 0
            || bam_aux_append(s->b, "RG", 'Z', 4, (const uint8_t *)"sim") < 0)
        return h2_fail(err, H2_ENOMEM, "out of memory");
    if (sam_write1(s->fp, s->hdr, s->b) < 0)
        return h2_fail(err, H2_EIO, "cannot write \"%s\": %s", s->out, strerror(errno ? errno : EIO));
    s->st.n_reads += it->kind == KIND_READ;
    s->st.n_dup += it->kind == KIND_DUP;
    s->st.n_mq0 += it->kind == KIND_MQ0;
    return 0;
}

/* Advance the position stream r past the draws that n reads' bases and
 * qualities took when they came from it (ceil(rl/8) for qualities, plus
 * ceil(rl/4) for random bases without a FASTA). Read contents now have a
 * stream of their own; skipping keeps every read position, and so every
 * simulated depth the tests were written against, as it was. */
static void skip_old_content_draws(rng_t *r, const sim_t *s, size_t n)
{
    size_t k = (size_t)(s->rl + 7) / 8 + (s->o->fasta_out ? 0 : (size_t)(s->rl + 3) / 4);
    for (size_t i = 0; i < k * n; i++)
        rng_next(r);
}

/* Draw, sort and write the reads starting in [a, b) of contig c, a part of
 * piece p. Positions come from r; what the reads carry from a stream of
 * their own for (seed, contig, a). */
static int sim_chunk(sim_t *s, rng_t *r, int c, hts_pos_t a, hts_pos_t b, const piece_t *p,
                     h2_err_t *err)
{
    const h2_sim_opt_t *o = s->o;
    uint64_t n = rng_poisson(r, p->dens * (double)(b - a) / s->rl);
    int bad = 0;
    rng_t rb;
    s->n_it = 0;
    for (uint64_t i = 0; i < n; i++) {
        hts_pos_t pos = a + (hts_pos_t)(rng_unif(r) * (double)(b - a));
        int rev = (int)(rng_next(r) >> 63);
        bad |= item_push(s, pos, (uint32_t)i, KIND_READ, rev);
        if (o->dup_frac > 0 && rng_unif(r) < o->dup_frac)
            bad |= item_push(s, pos, (uint32_t)i, KIND_DUP, rev);
        if (o->mq0_frac > 0 && rng_unif(r) < o->mq0_frac) {
            pos = a + (hts_pos_t)(rng_unif(r) * (double)(b - a));
            bad |= item_push(s, pos, (uint32_t)i, KIND_MQ0, (int)(rng_next(r) >> 63));
        }
    }
    if (bad)
        return h2_fail(err, H2_ENOMEM, "out of memory");
    if (s->n_it == 0)
        return 0;
    qsort(s->it, s->n_it, sizeof *s->it, item_cmp);
    if (genome_window(s, c, a, b) < 0 || (o->allele_rho > 0 && o->het_rate > 0
            && site_fracs(s, c, a, (size_t)(b - a) + s->rl - 1, p->hap_b) < 0))
        return h2_fail(err, H2_ENOMEM, "out of memory");
    rng_seed(&rb, o->seed, TAG_BASES, (uint64_t)c, (uint64_t)a);
    size_t n_own = 0;               /* reads with bases of their own (not duplicates) */
    for (size_t i = 0; i < s->n_it; i++) {
        int ret = write_read(s, &rb, c, &s->it[i], a, p->hap_b, err);
        if (ret < 0)
            return ret;
        n_own += s->it[i].kind != KIND_DUP;
    }
    skip_old_content_draws(r, s, n_own);
    return 0;
}

static int sim_contig(sim_t *s, int c, h2_err_t *err)
{
    hts_pos_t smax = s->g->contigs[c].len - s->rl + 1;
    rng_t r;
    int ret;
    if (smax <= 0)
        return 0;
    if ((ret = build_pieces(s, c, smax)) < 0)
        return h2_fail(err, ret, "out of memory");
    rng_seed(&r, s->o->seed, TAG_READS, (uint64_t)c, 0);
    for (size_t i = 0; i < s->n_pc; i++) {
        const piece_t *p = &s->pc[i];
        for (hts_pos_t a = p->start, b; a < p->end; a = b) {
            b = (a / SIM_CHUNK + 1) * SIM_CHUNK;
            if (b > p->end)
                b = p->end;
            if ((ret = sim_chunk(s, &r, c, a, b, p, err)) < 0)
                return ret;
        }
    }
    return 0;
}

/* The realistic-noise options on the @PG line (only those set, so that a
 * simulation without them has the header it always had). */
static int noise_header(const h2_sim_opt_t *o, kstring_t *ks)
{
    int n_sub = 0, bad = 0;
    for (int i = 0; i < o->n_segs; i++)
        n_sub += o->segs[i].ccf > 0 && o->segs[i].ccf < 1;
    if (!n_sub && o->allele_rho <= 0 && o->depth_noise_sd <= 0 && o->gc_wave_amp <= 0)
        return 0;
    ks->l--;                                    /* before the line's newline */
    if (n_sub)
        bad |= ksprintf(ks, " subclonal=%d", n_sub) < 0;
    if (o->allele_rho > 0)
        bad |= ksprintf(ks, " allele_rho=%g", o->allele_rho) < 0;
    if (o->depth_noise_sd > 0)
        bad |= ksprintf(ks, " depth_noise=%g:%lld", o->depth_noise_sd,
                        (long long)o->depth_noise_block) < 0;
    if (o->gc_wave_amp > 0)
        bad |= ksprintf(ks, " gc_wave=%g:%lld", o->gc_wave_amp,
                        (long long)o->gc_wave_period) < 0;
    return bad || kputc('\n', ks) < 0 ? -1 : 0;
}

static sam_hdr_t *make_header(const sim_t *s)
{
    const h2_sim_opt_t *o = s->o;
    kstring_t ks = KS_INITIALIZE;
    int bad = ksprintf(&ks, "@HD\tVN:1.6\tSO:coordinate\n") < 0;
    for (int c = 0; c < s->g->n_contigs; c++)
        bad |= ksprintf(&ks, "@SQ\tSN:%s\tLN:%lld\n", s->g->contigs[c].name,
                        (long long)s->g->contigs[c].len) < 0;
    bad |= ksprintf(&ks, "@RG\tID:sim\tSM:%s\n", o->sample ? o->sample : "SIMULATED") < 0;
    bad |= ksprintf(&ks, "@PG\tID:her2cn\tPN:her2cn\tVN:%s\tDS:simulate depth=%g "
                    "purity=%g read_len=%d segments=%d wgd=%d het_rate=%g seed=%" PRIu64
                    "\n", H2_VERSION, o->depth, o->purity, o->read_len, o->n_segs,
                    o->wgd != 0, o->het_rate, o->seed) < 0;
    bad |= noise_header(o, &ks) < 0;
    sam_hdr_t *h = bad ? NULL : sam_hdr_parse(ks.l, ks.s);
    free(ks.s);
    return h;
}

/* The FASTA a CRAM is encoded against (and names in its @SQ UR). */
static const char *fasta_ref(const h2_sim_opt_t *o)
{
    return o->fasta_ref ? o->fasta_ref : o->fasta_out;
}

/* The index of the output: CRAI for CRAM; for BAM a BAI (min_shift 0), or a
 * CSI (min_shift 14) when a contig is longer than a BAI can index (2^29 bp:
 * a genome file with a 2^31 bp contig failed with "cannot be stored in a bai
 * index" from htslib, issue 20, the fuzz pass). */
static const char *index_ext(const h2_genome_t *g, int fmt, int *min_shift)
{
    *min_shift = 0;
    if (fmt == FMT_CRAM)
        return ".crai";
    for (int i = 0; i < g->n_contigs; i++)
        if (g->contigs[i].len > ((hts_pos_t)1 << 29)) {
            *min_shift = 14;
            return ".csi";
        }
    return ".bai";
}

/* Open the output, write the header and start an on-the-fly index
 * (index_ext), which saves re-reading the file. */
static int open_output(sim_t *s, const char *out, int fmt, h2_err_t *err)
{
    /* BAM level 1 by default: ~5x faster to write than 6, ~12% bigger */
    char mode[4] = {'w', 0, 0, 0};
    if (fmt == FMT_BAM)
        mode[1] = 'b', mode[2] = (char)('0' + s->o->level);
    else if (fmt == FMT_CRAM)
        mode[1] = 'c';
    enum htsLogLevel lv = hts_get_log_level();
    hts_set_log_level(HTS_LOG_OFF);     /* we report a failed open ourselves */
    s->fp = sam_open(out, mode);
    int e = errno;
    hts_set_log_level(lv);
    if (!s->fp)
        return h2_fail(err, H2_EIO, "cannot create \"%s\": %s", out, strerror(e));
    s->made_out = 1;
    if (fmt == FMT_CRAM && hts_set_fai_filename(s->fp, fasta_ref(s->o)) < 0)
        return h2_fail(err, H2_EIO, "cannot use reference \"%s\"", fasta_ref(s->o));
    if (fmt != FMT_SAM && s->o->threads > 1 && hts_set_threads(s->fp, s->o->threads) < 0)
        return h2_fail(err, H2_ENOMEM, "cannot start %d threads", s->o->threads);
    if (!(s->hdr = make_header(s)))
        return h2_fail(err, H2_ENOMEM, "cannot build the SAM header");
    if (sam_hdr_write(s->fp, s->hdr) < 0)
        return h2_fail(err, H2_EIO, "error writing \"%s\"", out);
    if (fmt == FMT_SAM)
        return 0;
    int min_shift;
    const char *ext = index_ext(s->g, fmt, &min_shift);
    if (ksprintf(&s->idx, "%s%s", out, ext) < 0
            || sam_idx_init(s->fp, s->hdr, min_shift, s->idx.s) < 0)
        return h2_fail(err, H2_EIO, "cannot start the index of \"%s\"", out);
    return 0;
}

static int write_reads(sim_t *s, const char *out, int fmt, h2_err_t *err)
{
    s->out = out;
    int ret = open_output(s, out, fmt, err);
    s->b = bam_init1();
    s->seq = malloc(s->rl);
    s->qual = malloc(s->rl);
    if (ret == 0 && (!s->b || !s->seq || !s->qual))
        ret = h2_fail(err, H2_ENOMEM, "out of memory");
    for (int c = 0; ret == 0 && c < s->g->n_contigs; c++)
        ret = sim_contig(s, c, err);
    errno = 0;
    if (ret == 0 && fmt != FMT_SAM && sam_idx_save(s->fp) < 0)
        ret = h2_fail(err, H2_EIO, "cannot write the index of \"%s\": %s", out,
                      strerror(errno ? errno : EIO));
    errno = 0;
    if (s->fp && sam_close(s->fp) < 0 && ret == 0)
        ret = h2_fail(err, H2_EIO, "cannot write \"%s\": %s", out, strerror(errno ? errno : EIO));
    s->fp = NULL;
    /* The index is saved before the last BGZF block is flushed; make it
     * newer than the data so htslib does not warn that it is stale. */
    if (ret == 0 && s->idx.s && utimensat(AT_FDCWD, s->idx.s, NULL, 0) < 0)
        ret = h2_fail(err, H2_EIO, "cannot update \"%s\": %s", s->idx.s, strerror(errno));
    return ret;
}

static void remove_with_index(const char *path, const char *ext)
{
    kstring_t ks = KS_INITIALIZE;
    unlink(path);
    if (ksprintf(&ks, "%s%s", path, ext) >= 0)
        unlink(ks.s);
    free(ks.s);
}

static void sim_free(sim_t *s)
{
    for (int c = 0; c < s->g->n_contigs; c++) {
        if (s->reg)
            free(s->reg[c].a);
        if (s->tgt)
            free(s->tgt[c].a);
        if (s->gc)
            free(s->gc[c]);
    }
    H2_FREE(s->reg, s->tgt, s->gc, s->bp, s->pc, s->it, s->act, s->ref, s->win, s->alt,
            s->fb, s->seq, s->qual, s->idx.s);
    if (s->hdr)
        sam_hdr_destroy(s->hdr);
    if (s->b)
        bam_destroy1(s->b);
}

int h2_simulate_stats(const h2_genome_t *g, const h2_sim_opt_t *o, const char *out,
                      h2_sim_stats_t *st, h2_err_t *err)
{
    sim_t s;
    int fmt = validate(g, o, out, err), ret;
    if (fmt < 0)
        return fmt;
    memset(&s, 0, sizeof s);
    s.g = g;
    s.o = o;
    s.rl = o->read_len;
    s.ref_ctg = -1;
    error_thresholds(s.err_thr);
    if ((ret = load_intervals(&s, err)) < 0)
        goto out;
    if (o->fasta_out && (ret = write_fasta(&s, err)) < 0)
        goto out;
    if (o->fasta_out && o->fasta_done && (ret = o->fasta_done(o->fasta_ctx, err)) < 0)
        goto out;
    if ((ret = write_reads(&s, out, fmt, err)) < 0)
        goto out;
    if (o->snps_out && (ret = write_sites(&s, o->snps_out, err)) < 0)
        goto out;
    if (st)
        *st = s.st;
out:
    if (ret < 0 && s.made_out)
        remove_with_index(out, index_ext(s.g, fmt, &(int){0}));
    if (ret < 0 && s.made_fasta && !o->fasta_done)
        remove_with_index(o->fasta_out, ".fai");
    sim_free(&s);
    return ret;
}

int h2_simulate(const h2_genome_t *g, const h2_sim_opt_t *o, const char *out,
                h2_err_t *err)
{
    return h2_simulate_stats(g, o, out, NULL, err);
}
