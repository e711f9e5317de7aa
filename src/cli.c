/* cli.c -- the command-line layer shared by the subcommands (h2_cli.h). */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <htslib/kstring.h>
#include "h2_cli.h"
#include "h2_inputcheck.h"
#include "h2_remote.h"

/* "in (lo,hi]", "> lo", "" (no bounds): the range part of a message. */
static void range_text(char *buf, size_t n, double lo, double hi, int lo_open, int integer)
{
    if (isinf(lo) && isinf(hi))
        buf[0] = 0;
    else if (isinf(hi))
        snprintf(buf, n, " %s %g", lo_open ? ">" : ">=", lo);
    else if (integer)
        snprintf(buf, n, " in [%ld,%ld]", (long)lo, (long)hi);
    else
        snprintf(buf, n, " in %s%g,%g]", lo_open ? "(" : "[", lo, hi);
}

int h2_cli_double(const char *cmd, const char *name, const char *arg, double lo, double hi,
                  int lo_open, double *out)
{
    double v;
    char range[96];
    if (h2_parse_double(arg, &v) < 0 || v > hi || v < lo || (lo_open && v == lo)) {
        range_text(range, sizeof range, lo, hi, lo_open, 0);
        fprintf(stderr, "%s: %s must be a number%s, not \"%s\"\n", cmd, name, range, arg);
        return -1;
    }
    *out = v;
    return 0;
}

/* An integer in [lo,hi]; a bound equal to none_lo/none_hi is no bound. */
static int parse_integer(const char *cmd, const char *name, const char *arg, long lo, long hi,
                         long none_lo, long none_hi, long *out)
{
    long v = 0;
    char range[96];
    if (h2_parse_long(arg, &v) < 0 || v < lo || v > hi) {
        range_text(range, sizeof range, lo <= none_lo ? -INFINITY : (double)lo,
                   hi >= none_hi ? INFINITY : (double)hi, 0, 1);
        fprintf(stderr, "%s: %s must be an integer%s, not \"%s\"\n", cmd, name, range, arg);
        return -1;
    }
    *out = v;
    return 0;
}

int h2_cli_long(const char *cmd, const char *name, const char *arg, long lo, long hi, long *out)
{
    return parse_integer(cmd, name, arg, lo, hi, LONG_MIN, LONG_MAX, out);
}

int h2_cli_int(const char *cmd, const char *name, const char *arg, long lo, long hi, int *out)
{
    long v = 0;
    if (parse_integer(cmd, name, arg, lo < INT_MIN ? INT_MIN : lo, hi > INT_MAX ? INT_MAX : hi,
                      INT_MIN, INT_MAX, &v) < 0)
        return -1;
    *out = (int)v;
    return 0;
}

int h2_cli_auto(const char *cmd, const char *name, const char *arg, double lo, double hi,
                double *out)
{
    if (!strcmp(arg, "auto")) {
        *out = NAN;
        return 0;
    }
    return h2_cli_double(cmd, name, arg, lo, hi, lo == 0, out);
}

int h2_cli_flags(const char *cmd, const char *name, const char *arg, int *out)
{
    if (h2_parse_flags(arg, out) < 0) {
        fprintf(stderr, "%s: %s: cannot parse \"%s\"\n", cmd, name, arg);
        return -1;
    }
    return 0;
}

void h2_cli_opt_init(h2_cli_opt_t *o, const char *cmd, unsigned which)
{
    memset(o, 0, sizeof *o);
    o->cmd = cmd;
    o->which = which;
    o->build = H2_BUILD_UNKNOWN;
    h2_count_opt_init(&o->count);
}

/* In the order the commands listed them, which is the order getopt_long
 * names the candidates of an ambiguous abbreviation (--t: --targets, --threads). */
static const struct {
    unsigned which;
    struct option opt;
} shared[] = {
    {H2_CLI_REF, {"reference", required_argument, NULL, 'f'}},
    {H2_CLI_GENOME | H2_CLI_GENOME_ANY | H2_CLI_GENOME_FILE,
     {"genome", required_argument, NULL, 'g'}},
    {H2_CLI_GENES, {"genes", required_argument, NULL, H2_CLI_O_GENES}},
    {H2_CLI_TARGETS, {"targets", required_argument, NULL, 't'}},
    {H2_CLI_MIN_MQ, {"min-MQ", required_argument, NULL, 'q'}},
    {H2_CLI_EXCL, {"exclude-flags", required_argument, NULL, H2_CLI_O_EXCL}},
    {H2_CLI_THREADS, {"threads", required_argument, NULL, '@'}},
    {H2_CLI_QUIET, {"quiet", no_argument, NULL, H2_CLI_O_QUIET}},
    {H2_CLI_VERBOSE, {"verbose", no_argument, NULL, H2_CLI_O_VERBOSE}},
};
#define N_SHARED (int)(sizeof shared / sizeof shared[0])
#define MAX_LONGOPTS 64   /* shared, a command's own, the terminator */

/* The shared long options the command takes, then its own, into out
 * (room for N_SHARED + the own ones + the terminator). */
static void long_options(const h2_cli_opt_t *o, const struct option *own, struct option *out)
{
    int n = 0;
    for (int i = 0; i < N_SHARED; i++)
        if (o->which & shared[i].which)
            out[n++] = shared[i].opt;
    for (; own->name; own++)
        out[n++] = *own;
    out[n] = (struct option){NULL, 0, NULL, 0};
}

/* -g: a build name (refusing "custom" for call), or anything for pon, whose
 * name/length file is read later. */
static int parse_genome(h2_cli_opt_t *o, const char *arg)
{
    h2_build_t b = H2_BUILD_UNKNOWN;
    int ok = h2_build_parse(arg, &b) == 0;
    o->genome = arg;
    if (o->which & H2_CLI_GENOME_FILE) {
        o->build = ok ? b : H2_BUILD_UNKNOWN;
        return 0;
    }
    if (!ok || ((o->which & H2_CLI_GENOME) && b == H2_BUILD_CUSTOM)) {
        fprintf(stderr, "%s: unknown genome \"%s\" (use GRCh38, GRCh37 or auto%s)\n", o->cmd,
                arg, o->which & H2_CLI_GENOME ? "; for another genome give --genes" : "");
        return -1;
    }
    o->build = b;
    return 0;
}

/* -f: a local FASTA or a plain URL. htslib 1.16 finds a FASTA's .fai by
 * appending ".fai" to the whole name, so a presigned URL (its query string)
 * or "##idx##" would ask for a .fai that is not there. */
static int set_reference(h2_cli_opt_t *o, const char *arg)
{
    o->reference = arg;
    if (!h2_is_remote(arg) || !strpbrk(arg, "?#"))
        return 0;
    fprintf(stderr, "%s: -f: a FASTA URL with a query string or ##idx## is not supported "
            "(htslib looks for URL.fai): use an s3:// or gs:// URL with credentials in the "
            "environment, or a local copy\n", o->cmd);
    return -1;
}

int h2_cli_parse(h2_cli_opt_t *o, int c, const char *arg)
{
    unsigned w = o->which;
    if (c == '@' && (w & H2_CLI_THREADS))
        return h2_cli_int(o->cmd, "--threads", arg, 1, 256, &o->count.threads);
    if (c == 'q' && (w & H2_CLI_MIN_MQ))
        return h2_cli_int(o->cmd, "--min-MQ", arg, 0, 255, &o->count.min_mq);
    if (c == H2_CLI_O_EXCL && (w & H2_CLI_EXCL))
        return h2_cli_flags(o->cmd, "--exclude-flags", arg, &o->count.exclude_flags);
    if (c == 'g' && (w & (H2_CLI_GENOME | H2_CLI_GENOME_ANY | H2_CLI_GENOME_FILE)))
        return parse_genome(o, arg);
    if (c == H2_CLI_O_GENES && (w & H2_CLI_GENES))
        o->genes = arg;
    else if (c == 't' && (w & H2_CLI_TARGETS))
        o->targets = arg;
    else if (c == 'f' && (w & H2_CLI_REF))
        return set_reference(o, arg);
    else if (c == H2_CLI_O_QUIET && (w & H2_CLI_QUIET))
        o->quiet = 1;
    else if (c == H2_CLI_O_VERBOSE && (w & H2_CLI_VERBOSE))
        o->verbose = 1;
    else
        return 1;
    return 0;
}

int h2_cli_getopt(h2_cli_opt_t *o, int argc, char *argv[], const char *shortopts,
                  const struct option *own, int (*set)(void *ctx, int c, const char *arg),
                  void *ctx)
{
    struct option lopts[MAX_LONGOPTS];
    int n_own = 0, c, r = 0;
    while (own[n_own].name)
        n_own++;
    if (N_SHARED + n_own + 1 > MAX_LONGOPTS) {
        fprintf(stderr, "%s: internal error: too many options\n", o->cmd);
        return -1;
    }
    long_options(o, own, lopts);
    while (r == 0 && (c = getopt_long(argc, argv, shortopts, lopts, NULL)) >= 0)
        if ((r = h2_cli_parse(o, c, optarg)) == 1)
            r = set(ctx, c, optarg);
    if (r == 0)
        o->count.reference = o->reference;     /* CRAM decoding */
    return r;
}

/* "chr17 is N bp (...)" or the first contigs: why the build is unknown. */
static void describe_genome(const h2_genome_t *g, kstring_t *ks)
{
    int c = h2_genome_find(g, "chr17");
    if (c >= 0)
        ksprintf(ks, "%s is %lld bp (GRCh38: 83257441, GRCh37: 81195210)", g->contigs[c].name,
                 (long long)g->contigs[c].len);
    else {
        kputs("no chr17/17 contig; contigs:", ks);
        for (int i = 0; i < g->n_contigs && i < 5; i++)
            ksprintf(ks, " %s", g->contigs[i].name);
        if (g->n_contigs > 5)
            kputs(" ...", ks);
    }
}

/* 1 if contig tid of the open, indexed file has a read, 0 if none, -1 if the
 * file cannot say (read error, e.g. a CRAM without its reference). */
static int tid_has_reads(samFile *fp, const hts_idx_t *idx, int tid)
{
    uint64_t mapped, unmapped;
    if (tid < 0)
        return -1;
    if (hts_idx_get_stat(idx, tid, &mapped, &unmapped) == 0)
        return mapped > 0;
    hts_itr_t *itr = sam_itr_queryi(idx, tid, 0, HTS_POS_MAX);
    bam1_t *b = bam_init1();
    int r = itr && b ? sam_itr_next(fp, itr, b) : -2;
    bam_destroy1(b);
    hts_itr_destroy(itr);
    return r >= 0 ? 1 : r == -1 ? 0 : -1;
}

/* Reads on contigs a and b of the header (ra, rb as tid_has_reads); both -1
 * when the input has no index (or is a stream). */
static void pair_reads(const h2_cli_opt_t *o, const char *in, const char *a, const char *b,
                       int *ra, int *rb)
{
    samFile *fp = strcmp(in, "-") ? sam_open(in, "r") : NULL;
    sam_hdr_t *h = NULL;
    hts_idx_t *idx = NULL;
    h2_err_t err;
    int rc;
    *ra = *rb = -1;
    if (fp && o->reference)
        hts_set_fai_filename(fp, o->reference);
    if (fp && (h = sam_hdr_read(fp)) && (idx = h2_index_load(fp, in, &err, &rc))) {
        *ra = tid_has_reads(fp, idx, sam_hdr_name2tid(h, a));
        *rb = tid_has_reads(fp, idx, sam_hdr_name2tid(h, b));
    }
    hts_idx_destroy(idx);
    sam_hdr_destroy(h);
    if (fp)
        sam_close(fp);
}

/* A header that names one chromosome twice ("17" and "chr17"): keep the one
 * the index shows reads on when only one has any, else an input error (the
 * lookup would take the exact spelling, possibly the empty one). */
static int resolve_same_names(const h2_cli_opt_t *o, const char *in, h2_genome_t *g,
                              h2_err_t *err)
{
    int a, b, ra, rb;
    while (h2_genome_same_name_pair(g, &a, &b)) {
        const char *na = g->contigs[a].name, *nb = g->contigs[b].name;
        pair_reads(o, in, na, nb, &ra, &rb);
        if (ra >= 0 && rb >= 0 && ra != rb) {
            h2_genome_ignore(g, ra ? b : a);
            continue;
        }
        return h2_fail(err, H2_EINPUT, "\"%s\" names one chromosome twice, \"%s\" and \"%s\", "
                       "and %s: remove one from the header", in, na, nb,
                       ra < 0 || rb < 0 ? "without an index her2cn cannot tell which holds the reads"
                       : ra ? "both have reads" : "neither has reads");
    }
    return 0;
}

/* -g overrides the build the header suggests; an unknown build needs --genes. */
static int choose_build(const h2_cli_opt_t *o, h2_genome_t *g, h2_err_t *err)
{
    if (o->build != H2_BUILD_UNKNOWN)
        g->build = o->build;
    if ((o->which & H2_CLI_NEED_BUILD) && g->build == H2_BUILD_CUSTOM && !o->genes) {
        kstring_t ks = KS_INITIALIZE;
        describe_genome(g, &ks);
        h2_fail(err, H2_EINPUT, "cannot tell the genome build (%s): give -g GRCh38|GRCh37, "
                "or --genes for another genome", ks.s ? ks.s : "");
        free(ks.s);
        return H2_EINPUT;
    }
    return 0;
}

int h2_cli_genome(const h2_cli_opt_t *o, const char *in, sam_hdr_t **hdr, h2_genome_t **g,
                  h2_err_t *err)
{
    int ret;
    *g = NULL;
    if ((ret = h2_alignment_header(in, o->reference, hdr, err)) < 0)
        return ret;
    if (!(*g = h2_genome_from_header(*hdr)))
        return h2_fail(err, H2_ENOMEM, "out of memory");
    if ((ret = h2_genome_check_lengths(*g, in, err)) < 0 ||
        (ret = resolve_same_names(o, in, *g, err)) < 0)
        return ret;
    return choose_build(o, *g, err);
}

int h2_cli_regions_open(h2_cli_regions_t *r, const h2_cli_opt_t *o, const char *in,
                        h2_err_t *err)
{
    int ret = 0;
    if (!r->genome && (ret = h2_cli_genome(o, in, &r->hdr, &r->genome, err)) < 0)
        return ret;
    if (o->genes && !(r->genes = h2_bed_read(o->genes, 1, err, &ret)))
        return ret;
    if (o->targets && !(r->targets = h2_bed_read(o->targets, 0, err, &ret)))
        return ret;
    if (!(r->rs = h2_regions_build(r->genome, r->genes, r->targets, err, &ret)))
        return ret;
    return 0;
}

void h2_cli_regions_free(h2_cli_regions_t *r)
{
    h2_regions_destroy(r->rs);
    h2_bed_destroy(r->genes);
    h2_bed_destroy(r->targets);
    h2_genome_destroy(r->genome);
    sam_hdr_destroy(r->hdr);
    memset(r, 0, sizeof *r);
}

int h2_cli_exit(const char *cmd, int ret, const h2_err_t *err)
{
    if (ret < 0) {      /* a URL in the message is shown without its credentials */
        char *msg = h2_redact(err->msg);
        fprintf(stderr, "%s: %s\n", cmd, msg ? msg : "out of memory");
        free(msg);
    }
    return h2_exit_code(ret);
}
