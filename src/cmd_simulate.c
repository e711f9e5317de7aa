/* cmd_simulate.c -- `her2cn simulate`: write a BAM/CRAM/SAM with a known
 * copy-number profile. */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "h2_cli.h"
#include "h2_cmd.h"
#include "h2_output.h"
#include "h2_simulate.h"

#define CMD "her2cn simulate"

typedef struct {
    h2_sim_opt_t sim;
    const char *genome;     /* built-in name or name/length file */
    int chr_prefix;
    const char *regions, *targets, *out;
    int n_cn;
    const char **cn;        /* raw --cn values, resolved once the genome is known */
    int n_gcr;
    const char **gcr;       /* raw --gc-region values, likewise */
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
"  -c, --cn CHR:START-END:CN[:MINOR[:CCF]]  tumour copy number of a segment,\n"
"                           1-based inclusive (repeatable; a later segment wins\n"
"                           where they overlap), or CHR:CN[:MINOR[:CCF]] for a whole\n"
"                           contig; MINOR (0..CN) copies carry haplotype B\n"
"                           [floor(CN/2)]; CCF (0..1]: the cancer-cell fraction with\n"
"                           this state, the other tumour cells keep the state under\n"
"                           it [1]; elsewhere CN 2, minor 1.\n"
"                           e.g. chr17:39687914-39730426:20\n"
"      --wgd                whole-genome doubling: every tumour CN and MINOR x 2\n"
"                           (background 4, minor 2), after the segments resolve\n"
"      --het-rate FLOAT     germline heterozygous SNPs per base, alt on haplotype B;\n"
"                           0 disables [%g]\n"
"      --allele-rho F       allele overdispersion: each het site's haplotype-B\n"
"                           fraction ~ Beta, mean the model's, intra-class\n"
"                           correlation F in [0, 1) (real data ~0.01) [%g]\n"
"      --sample NAME        sample name, @RG SM [%s]\n"
"  -s, --seed INT           random seed: same options and seed, same bytes [%" PRIu64 "]\n"
"      --ref-seed INT       seed of the synthetic reference (bases, GC), so that\n"
"                           samples with different --seed share one [--seed]\n"
"      --individual INT     germline genotypes of this person: population SNP sites\n"
"                           (shared), genotypes 0/0, 0/1, 1/1 of their own; the\n"
"                           tumour and normal of one person share INT [off: het\n"
"                           sites only, from --ref-seed]\n"
"      --snps-out FILE      also write the population's SNP sites (VCF, with\n"
"                           ##contig lengths) inside the simulated regions\n\n"
"Read options:\n"
"  -l, --read-length INT    read length, 30..10000 [%d]\n"
"      --dup-frac FLOAT     extra reads written as duplicates (flag 1024) [%g]\n"
"      --mq0-frac FLOAT     extra reads written with MAPQ 0 [%g]\n"
"      --gc-bias FLOAT      depth x max(0.05, 1 + F*(GC-0.42)*10) per 5 kb; needs -F [%g]\n"
"      --depth-noise SD[:BLOCK]  technical depth residual: depth x 2^N(0, SD) per\n"
"                           BLOCK bp (>= 10,000; 0: per chromosome arm), both\n"
"                           haplotypes alike [%g:%lld]\n"
"      --gc-wave AMP[:PERIOD]  low-frequency wave: depth x 2^(AMP sin(2 pi x /\n"
"                           PERIOD + a phase per contig)), 10 kb steps, PERIOD\n"
"                           >= 100,000 bp; no FASTA needed [%g:%lld]\n"
"      --gc-region CHR:START-END:GC  reference G+C fraction GC (0..1) in the 5 kb\n"
"                           chunks whose midpoint is inside, instead of ~N(0.41,\n"
"                           0.06) (repeatable; the last wins); needs -F\n\n"
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
            o->genome, s->depth, s->purity, s->het_rate, s->allele_rho, s->sample, s->seed,
            s->read_len, s->dup_frac, s->mq0_frac, s->gc_bias, s->depth_noise_sd,
            (long long)s->depth_noise_block, s->gc_wave_amp, (long long)s->gc_wave_period,
            s->capture_sd, s->level, s->threads);
}

/* Numbers of simulate's options; h2_sim_opt_t's checks give the ranges. */
static int opt_double(const char *opt, const char *s, double *out)
{
    return h2_cli_double(CMD, opt, s, -INFINITY, INFINITY, 0, out);
}

static int opt_int(const char *opt, const char *s, int *out)
{
    return h2_cli_int(CMD, opt, s, INT_MIN, INT_MAX, out);
}

static int opt_seed(const char *opt, const char *s, uint64_t *out)
{
    long v;
    if (h2_cli_long(CMD, opt, s, 0, LONG_MAX, &v) < 0)
        return -1;
    *out = (uint64_t)v;
    return 0;
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

#define CN_FORMS "CHR:START-END:CN[:MINOR[:CCF]] or CHR:CN[:MINOR[:CCF]]"

/* *k: the contig named by s[0..n), or -1. Returns 0 or H2_ENOMEM. */
static int contig_n(const h2_genome_t *g, const char *s, size_t n, int *k)
{
    kstring_t name = KS_INITIALIZE;
    if (kputsn(s, n, &name) < 0)
        return H2_ENOMEM;
    *k = h2_genome_find(g, name.s);
    free(name.s);
    return 0;
}

/* Where CHR ends in an --cn value, and so how many ':'-fields follow it
 * (*nf: 1 CN, 2 CN:MINOR or START-END:CN, 3 START-END:CN:MINOR or
 * CN:MINOR:CCF, 4 START-END:CN:MINOR:CCF). A contig
 * name may itself hold ':', so fields are peeled off from the right and the
 * first prefix that names a contig wins. Returns the contig, or H2_EUSAGE
 * (none) or H2_ENOMEM with err set. */
static int find_chr(const h2_genome_t *g, const char *s, int *nf, h2_err_t *err)
{
    const char *col[4];
    int nc = 0, k = -1;
    for (const char *p = s + strlen(s); p > s && nc < 4;)
        if (*--p == ':')
            col[nc++] = p;
    for (*nf = 1; *nf <= nc; (*nf)++) {
        if (contig_n(g, s, col[*nf - 1] - s, &k) < 0)
            return h2_fail(err, H2_ENOMEM, "out of memory");
        if (k >= 0)
            return k;
    }
    if (nc == 0 || col[nc - 1] == s)
        return h2_fail(err, H2_EUSAGE, "--cn \"%s\": expected " CN_FORMS, s);
    return h2_fail(err, H2_EUSAGE, "--cn \"%s\": contig \"%.*s\" is not in the genome "
                   "(expected " CN_FORMS ")", s, (int)(col[nc - 1] - s), s);
}

/* "START-END" (1-based inclusive, thousands separators allowed). */
static int parse_range(const char *s, long *start, long *end)
{
    const char *dash = strchr(s, '-');
    if (!dash || parse_pos(s, dash - s, start) < 0
            || parse_pos(dash + 1, strlen(dash + 1), end) < 0)
        return -1;
    return 0;
}

/* "CHR:START-END:GC" (1-based inclusive) of --gc-region into seg (cn = GC). */
static int parse_gc_region(const h2_genome_t *g, const char *s, h2_sim_seg_t *seg, h2_err_t *err)
{
    const char *gc = strrchr(s, ':'), *rng = NULL;
    long start = 0, end = 0;
    int k = -1;
    for (const char *p = gc; p && p > s; p--)
        if (p[-1] == ':') {
            rng = p;
            break;
        }
    if (!gc || !rng || rng - 1 == s)
        return h2_fail(err, H2_EUSAGE, "--gc-region \"%s\": expected CHR:START-END:GC", s);
    if (contig_n(g, s, rng - 1 - s, &k) < 0)
        return h2_fail(err, H2_ENOMEM, "out of memory");
    if (k < 0)
        return h2_fail(err, H2_EUSAGE, "--gc-region \"%s\": contig \"%.*s\" is not in the "
                       "genome", s, (int)(rng - 1 - s), s);
    char *r = strndup(rng, gc - rng);
    if (!r)
        return h2_fail(err, H2_ENOMEM, "out of memory");
    int bad = parse_range(r, &start, &end) < 0 || start < 1 || end < start;
    free(r);
    if (bad || h2_parse_double(gc + 1, &seg->cn) < 0 || !(seg->cn >= 0 && seg->cn <= 1))
        return h2_fail(err, H2_EUSAGE, "--gc-region \"%s\": expected CHR:START-END:GC with "
                       "1 <= START <= END and GC in [0, 1]", s);
    seg->contig = k;
    seg->start = start - 1;
    seg->end = end;
    seg->minor = 0;
    return 0;
}

/* MINOR and CCF of an --cn value: the fields f[0..n) after CN (none, MINOR,
 * or MINOR:CCF); MINOR defaults to floor(CN/2), CCF to 1 (clonal). */
static int parse_minor_ccf(const char *s, char **f, int n, h2_sim_seg_t *seg, h2_err_t *err)
{
    seg->minor = floor(seg->cn / 2);
    seg->ccf = 1.0;
    if (n > 0 && (h2_parse_double(f[0], &seg->minor) < 0
                  || seg->minor < 0 || seg->minor > seg->cn))
        return h2_fail(err, H2_EUSAGE, "--cn \"%s\": MINOR must be a number in [0, CN], "
                       "not \"%s\"", s, f[0]);
    if (n > 1 && (h2_parse_double(f[1], &seg->ccf) < 0 || !(seg->ccf > 0 && seg->ccf <= 1)))
        return h2_fail(err, H2_EUSAGE, "--cn \"%s\": CCF must be a number in (0, 1], "
                       "not \"%s\"", s, f[1]);
    return 0;
}

/* "CHR:START-END:CN[:MINOR[:CCF]]" (1-based inclusive) or
 * "CHR:CN[:MINOR[:CCF]]"; MINOR, the tumour copies of haplotype B, defaults
 * to floor(CN/2); CCF, the cancer-cell fraction with this state, to 1. */
static int parse_cn(const h2_genome_t *g, const char *s, h2_sim_seg_t *seg, h2_err_t *err)
{
    char *buf = NULL, *f[4], *p;
    long start = 1, end = 0;
    double x;
    int nf, ranged, ret = 0;
    if ((seg->contig = find_chr(g, s, &nf, err)) < 0)
        return seg->contig;
    if (!(buf = strdup(s)))
        return h2_fail(err, H2_ENOMEM, "out of memory");
    p = buf + strlen(buf);
    for (int i = nf - 1; i >= 0; i--) {     /* f[0..nf): the fields after CHR */
        while (*--p != ':')
            ;
        *p = 0;
        f[i] = p + 1;
    }
    ranged = nf == 4 || ((nf == 2 || nf == 3) && h2_parse_double(f[0], &x) < 0);
    if (ranged && parse_range(f[0], &start, &end) < 0) {
        ret = h2_fail(err, H2_EUSAGE, "--cn \"%s\": bad range \"%s\" (expected "
                      CN_FORMS ")", s, f[0]);
        goto out;
    }
    if (ranged && (start < 1 || end < start)) {
        ret = h2_fail(err, H2_EUSAGE, "--cn \"%s\": need 1 <= START <= END", s);
        goto out;
    }
    if (h2_parse_double(f[ranged], &seg->cn) < 0 || seg->cn < 0) {
        ret = h2_fail(err, H2_EUSAGE, "--cn \"%s\": CN must be a number >= 0, not \"%s\"",
                      s, f[ranged]);
        goto out;
    }
    if ((ret = parse_minor_ccf(s, f + ranged + 1, nf - ranged - 1, seg, err)) < 0)
        goto out;
    seg->start = ranged ? start - 1 : 0;
    seg->end = ranged ? end : g->contigs[seg->contig].len;
out:
    free(buf);
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

enum { O_NOCHR = H2_CLI_OWN, O_CAPSD, O_DUP, O_MQ0, O_GCBIAS, O_SAMPLE, O_REFSEED, O_LEVEL,
       O_WGD, O_HET, O_GCREGION, O_RHO, O_DNOISE, O_WAVE, O_INDIV, O_SNPSOUT };

/* "X[:LEN]" of --depth-noise and --gc-wave: a number, then optionally a
 * length in bp (thousands separators allowed); the ranges are checked with
 * the other options (h2_simulate). */
static int opt_pair(const char *opt, const char *arg, double *x, hts_pos_t *len)
{
    const char *colon = strchr(arg, ':');
    char *head = strndup(arg, colon ? (size_t)(colon - arg) : strlen(arg));
    long v = 0;
    int ret = head ? opt_double(opt, head, x) : -1;
    if (!head)
        fprintf(stderr, CMD ": out of memory\n");
    if (ret == 0 && colon && (parse_pos(colon + 1, strlen(colon + 1), &v) < 0 || v < 0)) {
        fprintf(stderr, CMD ": %s: the length after ':' must be an integer >= 0 (bp), "
                "not \"%s\"\n", opt, colon + 1);
        ret = -1;
    }
    if (ret == 0 && colon)
        *len = v;
    free(head);
    return ret;
}

/* Handle one option: 0 to go on, an exit code to stop, -1 after -h (exit 0). */
static int set_option(simcmd_t *o, int c, const char *arg)
{
    h2_sim_opt_t *s = &o->sim;
    switch (c) {
    case 'g': o->genome = arg; return 0;
    case O_NOCHR: o->chr_prefix = 0; return 0;
    case 'd': return opt_double("--depth", arg, &s->depth) ? H2_EXIT_USAGE : 0;
    case 'p': return opt_double("--purity", arg, &s->purity) ? H2_EXIT_USAGE : 0;
    case 'l': return opt_int("--read-length", arg, &s->read_len) ? H2_EXIT_USAGE : 0;
    case 'c': o->cn[o->n_cn++] = arg; return 0;
    case 'r': o->regions = arg; return 0;
    case 't': o->targets = arg; return 0;
    case O_CAPSD: return opt_double("--capture-sd", arg, &s->capture_sd) ? H2_EXIT_USAGE : 0;
    case O_DUP: return opt_double("--dup-frac", arg, &s->dup_frac) ? H2_EXIT_USAGE : 0;
    case O_MQ0: return opt_double("--mq0-frac", arg, &s->mq0_frac) ? H2_EXIT_USAGE : 0;
    case O_GCBIAS: return opt_double("--gc-bias", arg, &s->gc_bias) ? H2_EXIT_USAGE : 0;
    case O_GCREGION: o->gcr[o->n_gcr++] = arg; return 0;
    case 's': return opt_seed("--seed", arg, &s->seed) ? H2_EXIT_USAGE : 0;
    case O_SAMPLE: s->sample = arg; return 0;
    case O_REFSEED:
        s->ref_seed_set = 1;
        return opt_seed("--ref-seed", arg, &s->ref_seed) ? H2_EXIT_USAGE : 0;
    case O_INDIV:
        s->individual_set = 1;
        return opt_seed("--individual", arg, &s->individual) ? H2_EXIT_USAGE : 0;
    case O_SNPSOUT: s->snps_out = arg; return 0;
    case 'F': s->fasta_out = arg; return 0;
    case O_LEVEL: return opt_int("--level", arg, &s->level) ? H2_EXIT_USAGE : 0;
    case '@': return opt_int("--threads", arg, &s->threads) ? H2_EXIT_USAGE : 0;
    case O_WGD: s->wgd = 1; return 0;
    case O_HET: return opt_double("--het-rate", arg, &s->het_rate) ? H2_EXIT_USAGE : 0;
    case O_RHO: return opt_double("--allele-rho", arg, &s->allele_rho) ? H2_EXIT_USAGE : 0;
    case O_DNOISE:
        return opt_pair("--depth-noise", arg, &s->depth_noise_sd, &s->depth_noise_block)
               ? H2_EXIT_USAGE : 0;
    case O_WAVE:
        return opt_pair("--gc-wave", arg, &s->gc_wave_amp, &s->gc_wave_period)
               ? H2_EXIT_USAGE : 0;
    case 'o': o->out = arg; return 0;
    case 'h': usage(stdout, o); return -1;
    default: usage(stderr, o); return H2_EXIT_USAGE;
    }
}

static int parse_args(simcmd_t *o, int argc, char *argv[])
{
    static const struct option lopts[] = {
        {"genome", required_argument, NULL, 'g'}, {"no-chr", no_argument, NULL, O_NOCHR},
        {"depth", required_argument, NULL, 'd'}, {"purity", required_argument, NULL, 'p'},
        {"read-length", required_argument, NULL, 'l'}, {"cn", required_argument, NULL, 'c'},
        {"regions", required_argument, NULL, 'r'}, {"targets", required_argument, NULL, 't'},
        {"capture-sd", required_argument, NULL, O_CAPSD}, {"dup-frac", required_argument, NULL, O_DUP},
        {"mq0-frac", required_argument, NULL, O_MQ0}, {"gc-bias", required_argument, NULL, O_GCBIAS},
        {"seed", required_argument, NULL, 's'}, {"sample", required_argument, NULL, O_SAMPLE},
        {"ref-seed", required_argument, NULL, O_REFSEED},
        {"individual", required_argument, NULL, O_INDIV},
        {"snps-out", required_argument, NULL, O_SNPSOUT},
        {"fasta-out", required_argument, NULL, 'F'}, {"threads", required_argument, NULL, '@'},
        {"level", required_argument, NULL, O_LEVEL}, {"wgd", no_argument, NULL, O_WGD},
        {"het-rate", required_argument, NULL, O_HET},
        {"gc-region", required_argument, NULL, O_GCREGION},
        {"allele-rho", required_argument, NULL, O_RHO},
        {"depth-noise", required_argument, NULL, O_DNOISE},
        {"gc-wave", required_argument, NULL, O_WAVE},
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

/* Resolve the --gc-region values (*out owned by the caller). */
static int gc_regions(simcmd_t *o, const h2_genome_t *g, h2_sim_seg_t **out, h2_err_t *err)
{
    int rc;
    if (!(*out = calloc(o->n_gcr ? o->n_gcr : 1, sizeof **out)))
        return h2_fail(err, H2_ENOMEM, "out of memory");
    for (int i = 0; i < o->n_gcr; i++)
        if ((rc = parse_gc_region(g, o->gcr[i], &(*out)[i], err)) < 0)
            return rc;
    o->sim.gc_regions = *out;
    o->sim.n_gc_regions = o->n_gcr;
    return 0;
}

/* The index simulate writes beside its output (none for SAM). */
static const char *index_ext(const char *p)
{
    size_t l = strlen(p);
    return l >= 5 && !strcmp(p + l - 5, ".cram") ? ".crai"
           : l >= 4 && !strcmp(p + l - 4, ".sam") ? NULL : ".bai";
}

/* The alignments (with their index) and the FASTA (with its .fai) are
 * written to temporary files beside their names and renamed into place when
 * both are complete: a failed or killed run leaves neither (it left a BAM
 * without its EOF block or index). Neither may be an input (-g, -r, -t). */
static int open_outputs(const simcmd_t *o, h2_outfile_t *out, h2_outfile_t *fa, h2_err_t *err)
{
    const char *in[3], *p = o->out;
    h2_build_t b;
    int n = 0, rc;
    if (h2_build_parse(o->genome, &b) != 0)
        in[n++] = o->genome;
    if (o->regions)
        in[n++] = o->regions;
    if (o->targets)
        in[n++] = o->targets;
    const char *set[2] = {p, o->sim.fasta_out}, *names[2] = {"--output", "--fasta-out"};
    const char *idx[2] = {index_ext(p), ".fai"};
    if ((rc = h2_out_check_set(set, names, idx, 2, err)) < 0)
        return rc;
    rc = h2_out_open_ext(out, p, index_ext(p), in, n, err);
    if (rc == 0 && o->sim.fasta_out)
        rc = h2_out_open_ext(fa, o->sim.fasta_out, ".fai", in, n, err);
    return rc;
}

/* The FASTA is complete: rename it into place before the reads are written,
 * since a CRAM names (@SQ UR) and is encoded against the FASTA htslib reads. */
static int fasta_done(void *fa, h2_err_t *err)
{
    return h2_out_commit_early(fa, ".fai", err);
}

/* Write to the temporary files, rename the FASTA when it is complete and
 * the alignments with their index when they are; a failure or a signal
 * removes both. */
static int simulate_to(simcmd_t *o, const h2_genome_t *g, h2_sim_stats_t *st, h2_err_t *err)
{
    h2_outfile_t out = {0}, fa = {0};
    h2_sim_opt_t sim = o->sim;
    int rc = open_outputs(o, &out, &fa, err);
    if (rc == 0 && o->sim.fasta_out) {
        sim.fasta_out = h2_out_path(&fa);
        sim.fasta_ref = o->sim.fasta_out;
        sim.fasta_done = fasta_done;
        sim.fasta_ctx = &fa;
    }
    if (rc == 0) {
        rc = h2_simulate_stats(g, &sim, h2_out_path(&out), st, err);
        h2_out_name_in_err(&out, err);
        h2_out_name_in_err(&fa, err);
    }
    if (rc == 0)
        rc = h2_out_commit(&out, index_ext(o->out), err);
    if (rc < 0)
        h2_out_uncommit(&fa);
    h2_out_abort(&out);
    h2_out_abort(&fa);
    return rc;
}

static int run(simcmd_t *o, h2_err_t *err)
{
    h2_genome_t *g = NULL;
    h2_bed_t *regions = NULL, *targets = NULL;
    h2_sim_stats_t st = {0, 0, 0};
    h2_sim_seg_t *gcr = NULL;
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
    if ((rc = gc_regions(o, g, &gcr, err)) < 0)
        goto out;
    if (o->regions && !(regions = h2_bed_read(o->regions, 0, err, &rc)))
        goto out;
    if (o->targets && !(targets = h2_bed_read(o->targets, 0, err, &rc)))
        goto out;
    o->sim.regions = regions;
    o->sim.targets = targets;
    if ((rc = simulate_to(o, g, &st, err)) < 0)
        goto out;
    fprintf(stderr, CMD ": wrote %" PRIu64 " reads (+%" PRIu64 " duplicates, +%" PRIu64
            " MAPQ-0) to %s in %.1f s\n", st.n_reads, st.n_dup, st.n_mq0, o->out,
            h2_now() - t0);
out:
    free(o->sim.segs);
    o->sim.segs = NULL;
    free(gcr);
    o->sim.gc_regions = NULL;
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
    if (!(o.cn = calloc(argc, sizeof *o.cn)) || !(o.gcr = calloc(argc, sizeof *o.gcr))) {
        free(o.cn);
        fprintf(stderr, CMD ": out of memory\n");
        return H2_EXIT_INTERNAL;
    }
    ret = parse_args(&o, argc, argv);
    hts_set_log_level(HTS_LOG_OFF);     /* failures are reported by us, with the reason */
    h2_out_install_signal_handlers();
    if (ret == 0)
        ret = h2_cli_exit(CMD, run(&o, &err), &err);
    free(o.cn);
    free(o.gcr);
    return ret < 0 ? H2_EXIT_OK : ret;
}
