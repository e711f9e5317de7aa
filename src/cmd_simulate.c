/* cmd_simulate.c -- `her2cn simulate`: write a BAM/CRAM/SAM with a known
 * copy-number profile. */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "h2_cmd.h"
#include "h2_simulate.h"

#define CMD "her2cn simulate"

typedef struct {
    h2_sim_opt_t sim;
    const char *genome;     /* built-in name or name/length file */
    int chr_prefix;
    const char *regions, *targets, *out;
    int n_cn;
    const char **cn;        /* raw --cn values, resolved once the genome is known */
} simcmd_t;

static void usage(FILE *fp, const simcmd_t *o)
{
    const h2_sim_opt_t *s = &o->sim;
    fprintf(fp,
"Usage: her2cn simulate [options] -o out.bam|out.cram|out.sam\n"
"Write coordinate-sorted, indexed single-end alignments with a known tumour\n"
"copy-number profile (for testing and validating `her2cn call`).\n\n"
"Genome options:\n"
"  -g, --genome NAME|FILE   GRCh38 or GRCh37 (built-in chr1-22,X,Y lengths) or a\n"
"                           name<TAB>length file [%s]\n"
"      --no-chr             bare contig names (17, not chr17) for built-in genomes\n"
"  -F, --fasta-out FILE     write a synthetic reference FASTA (+ .fai) whose bases\n"
"                           the reads carry; required for CRAM and --gc-bias;\n"
"                           genomes up to 300 Mb only\n\n"
"Sample options:\n"
"  -d, --depth FLOAT        mean depth at copy number 2 [%g]\n"
"  -p, --purity FLOAT       tumour fraction, in (0, 1] [%g]\n"
"  -c, --cn CHR:START-END:CN  tumour copy number of a segment, 1-based inclusive\n"
"                           (repeatable; a later segment wins where they overlap),\n"
"                           or CHR:CN for a whole contig; elsewhere CN 2.\n"
"                           e.g. chr17:39687914-39730426:20\n"
"      --sample NAME        sample name, @RG SM [%s]\n"
"  -s, --seed INT           random seed: same options and seed, same bytes [%" PRIu64 "]\n"
"      --ref-seed INT       seed of the synthetic reference (bases, GC), so that\n"
"                           samples with different --seed share one [--seed]\n\n"
"Read options:\n"
"  -l, --read-length INT    read length, 30..10000 [%d]\n"
"      --dup-frac FLOAT     extra reads written as duplicates (flag 1024) [%g]\n"
"      --mq0-frac FLOAT     extra reads written with MAPQ 0 [%g]\n"
"      --gc-bias FLOAT      depth x max(0.05, 1 + F*(GC-0.42)*10) per 5 kb; needs -F [%g]\n\n"
"Region options:\n"
"  -r, --regions BED        simulate only inside these regions (padded by a read)\n"
"  -t, --targets BED        panel: reads only from targets (padded by half a read),\n"
"                           depth x capture efficiency (BED column 5 if present)\n"
"      --capture-sd FLOAT   without column 5: efficiency 1 + U(-F, F) per target [%g]\n\n"
"Output options:\n"
"  -o, --output FILE        output .bam, .cram or .sam, indexed (required)\n"
"      --level INT          BAM compression level 0..9 [%d] (1 is fast; use 6, the\n"
"                           samtools default, for inputs that decode like real ones)\n"
"  -@, --threads INT        compression threads; output does not depend on it [%d]\n"
"  -h, --help               this help\n",
            o->genome, s->depth, s->purity, s->sample, s->seed, s->read_len,
            s->dup_frac, s->mq0_frac, s->gc_bias, s->capture_sd, s->level, s->threads);
}

static int opt_double(const char *opt, const char *s, double *out)
{
    if (h2_parse_double(s, out) == 0)
        return 0;
    fprintf(stderr, CMD ": %s expects a number, got \"%s\"\n", opt, s);
    return -1;
}

static int opt_int(const char *opt, const char *s, int *out)
{
    long v;
    if (h2_parse_long(s, &v) == 0 && v >= INT_MIN && v <= INT_MAX) {
        *out = (int)v;
        return 0;
    }
    fprintf(stderr, CMD ": %s expects an integer, got \"%s\"\n", opt, s);
    return -1;
}

static int opt_seed(const char *s, uint64_t *out)
{
    long v;
    if (h2_parse_long(s, &v) == 0 && v >= 0) {
        *out = (uint64_t)v;
        return 0;
    }
    fprintf(stderr, CMD ": --seed expects a non-negative integer, got \"%s\"\n", s);
    return -1;
}

/* A 1-based position, thousands separators allowed (39,687,914). */
static int parse_pos(const char *s, size_t n, long *out)
{
    kstring_t ks = KS_INITIALIZE;
    int ret = 0;
    for (size_t i = 0; i < n && ret == 0; i++)
        if (s[i] != ',')
            ret = kputc(s[i], &ks) < 0 ? -1 : 0;
    if (ret == 0)
        ret = h2_parse_long(ks.s ? ks.s : "", out);
    free(ks.s);
    return ret;
}

/* "CHR:START-END:CN" (1-based inclusive) or "CHR:CN". */
static int parse_cn(const h2_genome_t *g, const char *s, h2_sim_seg_t *seg, h2_err_t *err)
{
    const char *colon = strrchr(s, ':'), *c2, *dash;
    kstring_t name = KS_INITIALIZE;
    long start, end;
    int ret = 0;
    if (!colon || colon == s || h2_parse_double(colon + 1, &seg->cn) < 0)
        return h2_fail(err, H2_EUSAGE, "--cn \"%s\": expected CHR:START-END:CN or CHR:CN", s);
    if (kputsn(s, colon - s, &name) < 0)
        return h2_fail(err, H2_ENOMEM, "out of memory");
    if ((seg->contig = h2_genome_find(g, name.s)) >= 0) {
        seg->start = 0;
        seg->end = g->contigs[seg->contig].len;
        goto out;
    }
    c2 = strrchr(name.s, ':');
    dash = c2 ? strchr(c2, '-') : NULL;
    if (!c2 || !dash || parse_pos(c2 + 1, dash - c2 - 1, &start) < 0
            || parse_pos(dash + 1, strlen(dash + 1), &end) < 0) {
        ret = h2_fail(err, H2_EUSAGE, "--cn \"%s\": unknown contig or bad range "
                      "(expected CHR:START-END:CN or CHR:CN)", s);
        goto out;
    }
    name.s[c2 - name.s] = 0;
    if ((seg->contig = h2_genome_find(g, name.s)) < 0) {
        ret = h2_fail(err, H2_EUSAGE, "--cn \"%s\": contig \"%s\" is not in the genome",
                      s, name.s);
        goto out;
    }
    if (start < 1 || end < start) {
        ret = h2_fail(err, H2_EUSAGE, "--cn \"%s\": need 1 <= START <= END", s);
        goto out;
    }
    seg->start = start - 1;
    seg->end = end;
out:
    free(name.s);
    return ret;
}

static h2_genome_t *load_genome(const simcmd_t *o, h2_err_t *err, int *rc)
{
    h2_build_t b;
    h2_genome_t *g = NULL;
    if (h2_build_parse(o->genome, &b) == 0) {
        if (b != H2_BUILD_GRCH38 && b != H2_BUILD_GRCH37) {
            *rc = h2_fail(err, H2_EUSAGE, "--genome must be GRCh38, GRCh37 or a "
                          "name/length file, not \"%s\"", o->genome);
            return NULL;
        }
        g = h2_genome_builtin(b, o->chr_prefix);
        *rc = g ? 0 : h2_fail(err, H2_ENOMEM, "out of memory");
        return g;
    }
    if (access(o->genome, F_OK) < 0) {
        *rc = h2_fail(err, H2_EUSAGE, "unknown genome \"%s\": not GRCh38/GRCh37 and no "
                      "such file", o->genome);
        return NULL;
    }
    if (access(o->genome, R_OK) < 0) {
        *rc = h2_fail(err, H2_EIO, "cannot open \"%s\": %s", o->genome, strerror(errno));
        return NULL;
    }
    g = h2_genome_load(o->genome, err);
    *rc = g ? 0 : H2_EINPUT;
    return g;
}

/* Handle one option: 0 to go on, an exit code to stop, -1 after -h (exit 0). */
static int set_option(simcmd_t *o, int c, const char *arg)
{
    h2_sim_opt_t *s = &o->sim;
    switch (c) {
    case 'g': o->genome = arg; return 0;
    case 1: o->chr_prefix = 0; return 0;
    case 'd': return opt_double("--depth", arg, &s->depth) ? H2_EXIT_USAGE : 0;
    case 'p': return opt_double("--purity", arg, &s->purity) ? H2_EXIT_USAGE : 0;
    case 'l': return opt_int("--read-length", arg, &s->read_len) ? H2_EXIT_USAGE : 0;
    case 'c': o->cn[o->n_cn++] = arg; return 0;
    case 'r': o->regions = arg; return 0;
    case 't': o->targets = arg; return 0;
    case 2: return opt_double("--capture-sd", arg, &s->capture_sd) ? H2_EXIT_USAGE : 0;
    case 3: return opt_double("--dup-frac", arg, &s->dup_frac) ? H2_EXIT_USAGE : 0;
    case 4: return opt_double("--mq0-frac", arg, &s->mq0_frac) ? H2_EXIT_USAGE : 0;
    case 5: return opt_double("--gc-bias", arg, &s->gc_bias) ? H2_EXIT_USAGE : 0;
    case 's': return opt_seed(arg, &s->seed) ? H2_EXIT_USAGE : 0;
    case 6: s->sample = arg; return 0;
    case 7:
        s->ref_seed_set = 1;
        return opt_seed(arg, &s->ref_seed) ? H2_EXIT_USAGE : 0;
    case 'F': s->fasta_out = arg; return 0;
    case 8: return opt_int("--level", arg, &s->level) ? H2_EXIT_USAGE : 0;
    case '@': return opt_int("--threads", arg, &s->threads) ? H2_EXIT_USAGE : 0;
    case 'o': o->out = arg; return 0;
    case 'h': usage(stdout, o); return -1;
    default: usage(stderr, o); return H2_EXIT_USAGE;
    }
}

static int parse_args(simcmd_t *o, int argc, char *argv[])
{
    static const struct option lopts[] = {
        {"genome", required_argument, NULL, 'g'}, {"no-chr", no_argument, NULL, 1},
        {"depth", required_argument, NULL, 'd'}, {"purity", required_argument, NULL, 'p'},
        {"read-length", required_argument, NULL, 'l'}, {"cn", required_argument, NULL, 'c'},
        {"regions", required_argument, NULL, 'r'}, {"targets", required_argument, NULL, 't'},
        {"capture-sd", required_argument, NULL, 2}, {"dup-frac", required_argument, NULL, 3},
        {"mq0-frac", required_argument, NULL, 4}, {"gc-bias", required_argument, NULL, 5},
        {"seed", required_argument, NULL, 's'}, {"sample", required_argument, NULL, 6},
        {"ref-seed", required_argument, NULL, 7},
        {"fasta-out", required_argument, NULL, 'F'}, {"threads", required_argument, NULL, '@'},
        {"level", required_argument, NULL, 8},
        {"output", required_argument, NULL, 'o'}, {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    int c, ret;
    while ((c = getopt_long(argc, argv, "g:d:p:l:c:r:t:s:F:@:o:h", lopts, NULL)) >= 0)
        if ((ret = set_option(o, c, optarg)) != 0)
            return ret;
    if (optind < argc) {
        fprintf(stderr, CMD ": unexpected argument \"%s\" (the output goes after -o)\n",
                argv[optind]);
        return H2_EXIT_USAGE;
    }
    if (!o->out) {
        fprintf(stderr, CMD ": an output file is required (-o out.bam|out.cram|out.sam)\n");
        return H2_EXIT_USAGE;
    }
    return 0;
}

static int run(simcmd_t *o, h2_err_t *err)
{
    h2_genome_t *g = NULL;
    h2_bed_t *regions = NULL, *targets = NULL;
    h2_sim_stats_t st = {0, 0, 0};
    double t0 = h2_now();
    int rc = 0;
    if (!(g = load_genome(o, err, &rc)))
        goto out;
    o->sim.segs = calloc(o->n_cn ? o->n_cn : 1, sizeof *o->sim.segs);
    if (!o->sim.segs) {
        rc = h2_fail(err, H2_ENOMEM, "out of memory");
        goto out;
    }
    for (o->sim.n_segs = 0; o->sim.n_segs < o->n_cn; o->sim.n_segs++)
        if ((rc = parse_cn(g, o->cn[o->sim.n_segs], &o->sim.segs[o->sim.n_segs], err)) < 0)
            goto out;
    if (o->regions && !(regions = h2_bed_read(o->regions, 0, err, &rc)))
        goto out;
    if (o->targets && !(targets = h2_bed_read(o->targets, 0, err, &rc)))
        goto out;
    o->sim.regions = regions;
    o->sim.targets = targets;
    if ((rc = h2_simulate_stats(g, &o->sim, o->out, &st, err)) < 0)
        goto out;
    fprintf(stderr, CMD ": wrote %" PRIu64 " reads (+%" PRIu64 " duplicates, +%" PRIu64
            " MAPQ-0) to %s in %.1f s\n", st.n_reads, st.n_dup, st.n_mq0, o->out,
            h2_now() - t0);
out:
    free(o->sim.segs);
    o->sim.segs = NULL;
    h2_bed_destroy(regions);
    h2_bed_destroy(targets);
    h2_genome_destroy(g);
    return rc;
}

int main_simulate(int argc, char *argv[])
{
    simcmd_t o;
    h2_err_t err = {{0}};
    int ret;
    memset(&o, 0, sizeof o);
    h2_sim_opt_init(&o.sim);
    o.genome = "GRCh38";
    o.chr_prefix = 1;
    if (argc <= 1) {
        usage(stderr, &o);
        return H2_EXIT_USAGE;
    }
    if (!(o.cn = calloc(argc, sizeof *o.cn))) {
        fprintf(stderr, CMD ": out of memory\n");
        return H2_EXIT_INTERNAL;
    }
    ret = parse_args(&o, argc, argv);
    if (ret == 0 && (ret = run(&o, &err)) < 0) {
        fprintf(stderr, CMD ": %s\n", err.msg);
        ret = h2_exit_code(ret);
    }
    free(o.cn);
    return ret < 0 ? H2_EXIT_OK : ret;
}
