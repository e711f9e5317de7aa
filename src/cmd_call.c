/* cmd_call.c -- `her2cn call`: parse options, open, and run the stages
 * regions -> count -> GC -> normalise -> estimate -> VCF (+ bins TSV). */
#include <errno.h>
#include <math.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <htslib/hts.h>
#include <htslib/sam.h>
#include "h2_binstsv.h"
#include "h2_capture.h"
#include "h2_cli.h"
#include "h2_cmd.h"
#include "h2_identity.h"
#include "h2_inputcheck.h"
#include "h2_output.h"
#include "h2_pon.h"
#include "h2_purity.h"
#include "h2_refapply.h"
#include "h2_remote.h"
#include "h2_sex.h"
#include "h2_summary.h"
#include "h2_vcf.h"

/* Optional report outputs: option, writer (h2_summary.h), and a suffix added
 * to the option's value when it is a prefix (--mqc writes three files). */
enum { X_JSON, X_MQC, X_MQC_GS, X_MQC_PLOT, X_CNR, X_PLOT, X_REPORT, N_EXTRA };
static const struct {
    const char *option;
    int (*write)(FILE *, const h2_summary_t *);
    const char *suffix;
} extras[N_EXTRA] = {
    {"--json", h2_json_write, NULL}, {"--mqc", h2_mqc_write, ".her2cn_mqc.json"},
    {"--mqc", h2_mqc_gs_write, ".her2cn_gs_mqc.json"},
    {"--mqc", h2_mqc_plot_write, ".her2cn_plot_mqc.json"}, {"--cnr", h2_cnr_write, NULL},
    {"--plot", h2_plot_write, NULL}, {"--report", h2_report_write, NULL}};

typedef struct {
    h2_cli_opt_t cli;           /* -@ -q --exclude-flags -g --genes -t -f --quiet --verbose */
    const char *output, *sample, *bins;
    const char *pon, *normal;   /* panel of normals file, matched normal BAM/CRAM */
    const char *snps;           /* SNP sites VCF for allele fractions */
    int skip_identity;          /* --skip-identity-check: a mismatch only warns */
    h2_purity_opt_t purity;     /* the genome-wide fit */
    h2_norm_opt_t norm;
    const char *extra[N_EXTRA];    /* --json, --mqc (three times), --cnr, --plot, --report */
    char out_fmt;               /* 0 = from the name, else v|z|b */
    h2_call_opt_t call;
} call_opt_t;

static void call_opt_init(call_opt_t *o)
{
    memset(o, 0, sizeof *o);
    h2_cli_opt_init(&o->cli, "her2cn call", H2_CLI_READS | H2_CLI_GENOME | H2_CLI_REGIONS |
                    H2_CLI_QUIET | H2_CLI_VERBOSE | H2_CLI_NEED_BUILD);
    o->output = "-";
    h2_call_opt_init(&o->call);
    h2_norm_opt_init(&o->norm);
    h2_purity_opt_init(&o->purity);
    o->cli.count.baf = 1;
}

static void usage(FILE *fp)
{
    call_opt_t d;
    call_opt_init(&d);
    fprintf(fp,
"Usage: her2cn call [options] <in.bam|in.cram|in.sam>\n"
"Estimate the copy number of ERBB2 (or --genes) and write it as VCF.\n\n"
"Input/output:\n"
"  -o, --output FILE       VCF output; .vcf.gz is bgzipped+indexed, .bcf is BCF [%s]\n"
"  -O, --output-type v|z|b override the format chosen from the name\n"
"  -f, --reference FASTA   reference: CRAM decoding, GC correction, REF bases\n"
"      --bins FILE         also write the per-bin table (TSV)\n"
"      --json FILE         also write a JSON summary (docs/JSON.md)\n"
"      --mqc PREFIX        also write MultiQC custom content: PREFIX.her2cn_mqc.json\n"
"                          (a section), PREFIX.her2cn_gs_mqc.json (general stats)\n"
"                          and PREFIX.her2cn_plot_mqc.json (CN by HER2 status);\n"
"                          for a directory (DIR/): DIR/SAMPLE.her2cn_mqc.json, ...\n"
"      --cnr FILE          also write the bins as a CNVkit .cnr\n"
"      --plot FILE         also write an SVG plot (chr17 and the ERBB2 region)\n"
"      --report FILE       also write a one-page HTML report\n"
"  -s, --sample NAME       sample column name [@RG SM, else the file name]; in a file\n"
"                          of several samples (@RG SM), call this one (its reads only)\n"
"  -@, --threads INT       threads for decompression and counting [%d]\n"
"Reference (default: the sample's own reference bins):\n"
"      --pon FILE          panel of normals from `her2cn pon` (same regions, filters, -f)\n"
"      --normal FILE       matched normal BAM/CRAM: ratios are tumour over normal\n"
"      --skip-identity-check  a normal that looks like another person only warns\n"
"                          (README \"Sample identity\"; LOH of most of the genome)\n"
"Regions:\n"
"  -g, --genome NAME       GRCh38, GRCh37 or auto (from the chr17 length) [auto]\n"
"      --genes BED         genes to call, name in column 4 [built-in ERBB2]\n"
"  -t, --targets BED       capture targets: panel/exome mode (capture data without\n"
"                          -t stop with exit 2)\n"
"Read filters:\n"
"  -q, --min-MQ INT        skip reads with mapping quality below INT [%d]\n"
"      --exclude-flags FLAGS  skip reads with any of these flags [%d]\n"
"                          (UNMAP,SECONDARY,QCFAIL,DUP,SUPPLEMENTARY)\n"
"      --max-mq0-frac F    leave out bins where MAPQ-0 reads are more than F of all [%g]\n"
"Sample (README \"Purity and ploidy\"):\n"
"      --purity F|auto     tumour fraction, [0.01,1]; auto: estimate it [auto]\n"
"      --ploidy F|auto     tumour ploidy, (0,20] ([1,6] without --purity); auto:\n"
"                          estimate it [auto]\n"
"      --snps VCF          common SNP sites for allele fractions (panels, low depth)\n"
"      --no-baf            do not count allele fractions (depth alone)\n"
"      --min-BQ INT        allele counts skip bases with quality below INT [%d]\n"
"Calling thresholds (tumour copy number CN):\n"
"      --amp-cn F          AMP when CN >= F [%g]\n"
"      --gain-cn F         GAIN when CN >= F [%g]\n"
"      --loss-cn F         LOSS when CN <= F [%g]\n"
"      --focal-ratio F     FOCAL context when RATIO17CN >= F [%g]\n"
"      --min-depth F       FILTER LowDepth below this mean gene depth [%g]\n"
"      --min-ref-bins INT  FILTER FewBins below this many usable reference bins [%d]\n"
"      --max-mapd F        also FILTER Noisy above this reference-bin MAPD, 0: off [%g]\n"
"      --context-alpha F   one-sided level of the FOCAL and CHR17 tests [%g]\n"
"      --lod-power F       power that defines the limit of detection [%g]\n"
"Amplicon segmentation (CBS of the local window):\n"
"      --seg-alpha F       significance level of a CBS split [%g]\n"
"      --no-segment        do not segment (no AMPLICON record)\n"
"Other:\n"
"      --quiet             no progress or timing on stderr\n"
"      --verbose           also htslib's own messages and a per-stage timing summary\n"
"  -h, --help              this help\n",
            d.output, d.cli.count.threads, d.cli.count.min_mq, d.cli.count.exclude_flags, d.norm.max_mq0_frac,
            d.cli.count.min_bq, d.call.amp_cn, d.call.gain_cn, d.call.loss_cn,
            d.call.focal_ratio, d.call.min_depth, d.call.min_ref_bins, d.call.max_mapd,
            d.call.context_alpha, d.call.lod_power, d.call.cbs.alpha);
}

enum { O_BINS = H2_CLI_OWN, O_PURITY, O_PLOIDY, O_AMP, O_GAIN, O_LOSS, O_FOCAL, O_MINDP,
       O_MINREF, O_MAPD, O_PON, O_NORMAL, O_MQ0, O_CTXA, O_LODP, O_SEGA, O_NOSEG, O_SNPS,
       O_NOBAF, O_MINBQ, O_SKIPID, O_EXTRA };

#define CMD "her2cn call"

/* A report option (--json, --mqc, ...): its value, or a prefix for --mqc. */
static int set_extra(call_opt_t *o, int x, const char *arg)
{
    o->extra[x] = arg;
    if (!*arg) {   /* --mqc '' wrote hidden .her2cn_mqc.json files in the current directory */
        fprintf(stderr, CMD ": %s needs a file name, not \"\"\n", extras[x].option);
        return -1;
    }
    if (x != X_MQC)
        return 0;
    if (!strcmp(arg, "-")) {
        fprintf(stderr, CMD ": --mqc takes a file name prefix, not \"-\"\n");
        return -1;
    }
    o->extra[X_MQC_GS] = o->extra[X_MQC_PLOT] = arg;
    return 0;
}

/* Thresholds of the call (h2_call_opt_t): 0, -1 when wrong, 1 when c is not one. */
static int set_threshold(h2_call_opt_t *t, int c, const char *arg)
{
    switch (c) {
    /* below 1% tumour the model's CN has no meaning (and overflows: 1e-300
       gave CN inf in the VCF, 1e301 in the JSON) */
    case O_PURITY: return h2_cli_auto(CMD, "--purity", arg, 0.01, 1, &t->purity);
    case O_PLOIDY: return h2_cli_auto(CMD, "--ploidy", arg, 0, 20, &t->ploidy);
    case O_AMP: return h2_cli_double(CMD, "--amp-cn", arg, 0, 1e6, 1, &t->amp_cn);
    case O_GAIN: return h2_cli_double(CMD, "--gain-cn", arg, 0, 1e6, 1, &t->gain_cn);
    case O_LOSS: return h2_cli_double(CMD, "--loss-cn", arg, 0, 1e6, 0, &t->loss_cn);
    case O_FOCAL: return h2_cli_double(CMD, "--focal-ratio", arg, 1, 1e6, 0, &t->focal_ratio);
    case O_MINDP: return h2_cli_double(CMD, "--min-depth", arg, 0, 1e9, 0, &t->min_depth);
    case O_MINREF: return h2_cli_int(CMD, "--min-ref-bins", arg, 3, 1000000, &t->min_ref_bins);
    case O_MAPD: return h2_cli_double(CMD, "--max-mapd", arg, 0, 100, 0, &t->max_mapd);
    case O_CTXA: return h2_cli_double(CMD, "--context-alpha", arg, 0, 0.5, 1, &t->context_alpha);
    case O_LODP: return h2_cli_double(CMD, "--lod-power", arg, 0.5, 0.999, 0, &t->lod_power);
    case O_SEGA: return h2_cli_double(CMD, "--seg-alpha", arg, 0, 0.5, 1, &t->cbs.alpha);
    case O_NOSEG: t->segment = 0; return 0;
    default: return 1;
    }
}

/* One option of call's own: 0, or -1 when wrong (message printed). */
static int set_option(void *ctx, int c, const char *arg)
{
    call_opt_t *o = ctx;
    int r = set_threshold(&o->call, c, arg);
    if (r <= 0)
        return r;
    switch (c) {
    case 'o': o->output = arg; return 0;
    case 'O':
        o->out_fmt = arg[0];
        if (strlen(arg) == 1 && strchr("vzb", arg[0]))
            return 0;
        fprintf(stderr, CMD ": --output-type must be v, z or b\n");
        return -1;
    case 's':
        o->sample = arg;
        if (*arg)
            return 0;
        fprintf(stderr, CMD ": --sample needs a name, not \"\"\n");   /* was "SAMPLE" */
        return -1;
    case O_BINS:
        o->bins = arg;
        if (*arg)
            return 0;
        fprintf(stderr, CMD ": --bins needs a file name, not \"\"\n");
        return -1;
    case O_SNPS: o->snps = arg; return 0;
    case O_NOBAF: o->cli.count.baf = 0; return 0;
    case O_SKIPID: o->skip_identity = 1; return 0;
    case O_MINBQ: return h2_cli_int(CMD, "--min-BQ", arg, 0, 93, &o->cli.count.min_bq);
    case O_PON: o->pon = arg; return 0;
    case O_NORMAL: o->normal = arg; return 0;
    case O_MQ0: return h2_cli_double(CMD, "--max-mq0-frac", arg, 0, 1, 0, &o->norm.max_mq0_frac);
    case 'h': usage(stdout); exit(H2_EXIT_OK);
    default:
        if (c >= O_EXTRA && c < O_EXTRA + N_EXTRA)
            return set_extra(o, c - O_EXTRA, arg);
        return -1;
    }
}

/* Options that conflict, and the one input. */
static int check_args(call_opt_t *o, int n_args)
{
    const char *msg = NULL;
    if (o->snps && !o->cli.count.baf)
        msg = "--snps and --no-baf conflict";
    else if (o->pon && o->normal)
        msg = "--pon and --normal conflict: give one";
    else if (!(o->call.loss_cn < o->call.gain_cn && o->call.gain_cn <= o->call.amp_cn))
        msg = "thresholds must satisfy --loss-cn < --gain-cn <= --amp-cn";
    else if (o->cli.quiet && o->cli.verbose)
        msg = "--quiet and --verbose conflict";
    else if (n_args != 1)
        msg = n_args ? "exactly one input file, please" : "no input file";
    else if (!isnan(o->call.ploidy) && isnan(o->call.purity)
             && !(o->call.ploidy >= H2_PURITY_FIT_PLOIDY_MIN
                  && o->call.ploidy <= H2_PURITY_FIT_PLOIDY_MAX)) {
        fprintf(stderr, CMD ": --ploidy without --purity must be in [%g,%g] (the range the "
                "fit can reach), not %g; give --purity as well to use a ploidy up to 20\n",
                H2_PURITY_FIT_PLOIDY_MIN, H2_PURITY_FIT_PLOIDY_MAX, o->call.ploidy);
        return -1;
    }
    if (msg)
        fprintf(stderr, CMD ": %s\n", msg);
    return msg ? -1 : 0;
}

static int parse_args(int argc, char *argv[], call_opt_t *o)
{
    static const struct option own[] = {
        {"output", required_argument, NULL, 'o'}, {"output-type", required_argument, NULL, 'O'},
        {"purity", required_argument, NULL, O_PURITY}, {"ploidy", required_argument, NULL, O_PLOIDY},
        {"sample", required_argument, NULL, 's'},
        {"bins", required_argument, NULL, O_BINS}, {"amp-cn", required_argument, NULL, O_AMP},
        {"gain-cn", required_argument, NULL, O_GAIN}, {"loss-cn", required_argument, NULL, O_LOSS},
        {"focal-ratio", required_argument, NULL, O_FOCAL},
        {"min-depth", required_argument, NULL, O_MINDP},
        {"min-ref-bins", required_argument, NULL, O_MINREF},
        {"max-mapd", required_argument, NULL, O_MAPD},
        {"context-alpha", required_argument, NULL, O_CTXA},
        {"lod-power", required_argument, NULL, O_LODP},
        {"seg-alpha", required_argument, NULL, O_SEGA}, {"no-segment", no_argument, NULL, O_NOSEG},
        {"help", no_argument, NULL, 'h'},
        {"pon", required_argument, NULL, O_PON}, {"normal", required_argument, NULL, O_NORMAL},
        {"max-mq0-frac", required_argument, NULL, O_MQ0},
        {"snps", required_argument, NULL, O_SNPS}, {"no-baf", no_argument, NULL, O_NOBAF},
        {"min-BQ", required_argument, NULL, O_MINBQ},
        {"skip-identity-check", no_argument, NULL, O_SKIPID},
        {"json", required_argument, NULL, O_EXTRA + X_JSON},
        {"mqc", required_argument, NULL, O_EXTRA + X_MQC},
        {"cnr", required_argument, NULL, O_EXTRA + X_CNR},
        {"plot", required_argument, NULL, O_EXTRA + X_PLOT},
        {"report", required_argument, NULL, O_EXTRA + X_REPORT},
        {NULL, 0, NULL, 0}};
    if (h2_cli_getopt(&o->cli, argc, argv, "o:O:f:g:t:q:@:s:h", own, set_option, o) != 0)
        return -1;
    o->norm.min_mq = o->cli.count.min_mq;
    o->purity.purity = o->call.purity;
    o->purity.ploidy = o->call.ploidy;
    o->purity.use_baf = o->cli.count.baf;
    return check_args(o, argc - optind);
}

/* The command line for ##her2cnCommand and the JSON, URLs without their
 * credentials (h2_redact). */
static char *join_args(int argc, char *argv[])
{
    kstring_t ks = KS_INITIALIZE;
    char *r;
    kputs("her2cn", &ks);
    for (int i = 0; i < argc; i++) {
        kputc(' ', &ks);
        kputs(argv[i], &ks);
    }
    r = h2_redact(ks.s);
    free(ks.s);
    return r;
}

typedef struct {
    h2_cli_regions_t in;        /* the input's header, genome, BEDs and region set */
    h2_counts_t *counts;
    h2_gc_t *gc;
    h2_norm_t *norm;
    h2_estimates_t *est;
    char *sample, *cmdline;
    h2_outfile_t out, bins, extra[N_EXTRA];
    char *extra_path[N_EXTRA];  /* option value plus suffix */
    h2_pon_t *pon;
    uint8_t *exclude;           /* bins flagged by the PON */
    h2_counts_t *ncounts;       /* the matched normal's counts (and het sites) */
    h2_sites_t *sites;          /* SNP sites to pile up (--snps, or the normal's hets) */
    h2_purity_t *fit;           /* genome-wide purity/ploidy fit */
    kstring_t hdr_ref, hdr_sex; /* VCF header lines about the reference and sex */
    char *shown_in, *shown_ref; /* the input and -f as printed: URLs without secrets */
    h2_sites_t *snps;           /* the --snps sites (all of them) */
    h2_identity_t id;           /* --snps filter and the normal's identity */
    char **rg_ids;              /* multi-sample input: the read groups of --sample */
    int n_rg_ids;
} call_state_t;

static void state_free(call_state_t *s)
{
    h2_purity_destroy(s->fit);
    h2_sites_destroy(s->sites);
    h2_sites_destroy(s->snps);
    h2_counts_destroy(s->ncounts);
    h2_pon_destroy(s->pon);
    free(s->exclude);
    free(s->hdr_ref.s);
    free(s->hdr_sex.s);
    h2_out_abort(&s->out);
    h2_out_abort(&s->bins);
    for (int i = 0; i < N_EXTRA; i++) {
        h2_out_abort(&s->extra[i]);
        free(s->extra_path[i]);
    }
    h2_estimates_destroy(s->est);
    h2_norm_destroy(s->norm);
    h2_gc_destroy(s->gc);
    h2_counts_destroy(s->counts);
    h2_cli_regions_free(&s->in);
    free(s->sample);
    free(s->cmdline);
    free(s->shown_in);
    free(s->shown_ref);
    for (int i = 0; i < s->n_rg_ids; i++)
        free(s->rg_ids[i]);
    free(s->rg_ids);
}

/* Write the optional reports (to their temporary files). */
static int write_extras(call_state_t *s, const call_opt_t *o, const char *in, h2_err_t *err)
{
    h2_summary_t sum;
    int ret = 0;
    h2_summary_init(&sum, s->sample, s->shown_in ? s->shown_in : in, s->shown_ref, s->cmdline, s->in.rs, s->counts,
                    s->gc, s->norm, s->est, &o->call);
    sum.identity = &s->id;
    sum.normalisation = o->pon ? "panel of normals" : o->normal ? "matched normal" : "tumour-only";
    for (int i = 0; i < N_EXTRA && ret == 0; i++)
        if (o->extra[i])
            ret = h2_summary_write_file(h2_out_path(&s->extra[i]), extras[i].write, &sum, err);
    return ret;
}

/* 1 when --mqc names a directory (a trailing slash, or an existing one). */
static int mqc_is_dir(const char *p)
{
    struct stat st;
    size_t l = strlen(p);
    return l > 0 && (p[l - 1] == '/' || (stat(p, &st) == 0 && S_ISDIR(st.st_mode)));
}

/* The --mqc path: PREFIX plus the suffix; for a directory, the files go in
 * it named after the sample, "DIR/<sample>.her2cn_mqc.json" (it wrote the
 * hidden "DIR/.her2cn_mqc.json", the same file for every sample). In the
 * name, '/', control characters and a leading '.' become '_'. */
static int mqc_path(const char *opt, const char *sample, const char *suffix, kstring_t *ks)
{
    if (!mqc_is_dir(opt))
        return kputs(opt, ks) < 0 || kputs(suffix, ks) < 0 ? -1 : 0;
    if (kputs(opt, ks) < 0 || (opt[strlen(opt) - 1] != '/' && kputc('/', ks) < 0))
        return -1;
    for (const unsigned char *c = (const unsigned char *)(sample && *sample ? sample : "sample");
         *c; c++)
        if (kputc(*c == '/' || *c < 0x20 || *c == 0x7f || (*c == '.' && c == (const unsigned char *)sample)
                  ? '_' : *c, ks) < 0)
            return -1;
    return kputs(suffix, ks) < 0 ? -1 : 0;
}

/* Make the report paths (value plus suffix); the outputs must be different
 * files, and none may be an index name another's commit removes or writes
 * (h2_out_check_set). */
static int extra_paths(call_state_t *s, const call_opt_t *o, h2_err_t *err)
{
    enum { N = N_EXTRA + 2 };
    const char *p[N] = {o->output, o->bins};
    const char *n[N] = {"--output", "--bins"};
    for (int i = 0; i < N_EXTRA; i++) {
        kstring_t ks = KS_INITIALIZE;
        if (o->extra[i] && (i == X_MQC || i == X_MQC_GS || i == X_MQC_PLOT
                            ? mqc_path(o->extra[i], s->sample, extras[i].suffix, &ks) < 0
                            : kputs(o->extra[i], &ks) < 0))
            return h2_fail(err, H2_ENOMEM, "out of memory");
        p[i + 2] = s->extra_path[i] = ks.s;
        n[i + 2] = extras[i].option;
    }
    return h2_out_check_set(p, n, NULL, N, err);
}

/* Contigs left out of the VCF header (names VCF does not allow): a note. */
static void note_skipped_contigs(const h2_genome_t *g)
{
    int n = 0;
    for (int i = 0; i < g->n_contigs; i++)
        if (g->contigs[i].len && !h2_vcf_contig_ok(g->contigs[i].name) && n++ < 3)
            fprintf(stderr, "%s\"%s\"", n == 1 ? "her2cn call: note: left out of the VCF "
                    "header (a name VCF does not allow; no record is on it): " : ", ",
                    g->contigs[i].name);
    if (n)
        fprintf(stderr, "%s\n", n > 3 ? " and more" : "");
}

/* All outputs or none: every file is written to its temporary name, then
 * the VCF is committed first and the others after it; a failure takes back
 * what this run committed. A VCF streamed to stdout (or a device) is
 * written last, after every file is in place, so that a failure never
 * follows a complete VCF on stdout. */
static int write_and_commit(call_state_t *s, const call_opt_t *o, const char *in,
                            const h2_vcf_opt_t *v, h2_err_t *err)
{
    int direct = h2_out_is_direct(&s->out), ret = 0;
    const char *vpath = h2_out_path(&s->out);
    if (!o->cli.quiet)
        note_skipped_contigs(s->in.rs->genome);
    if (!direct)
        ret = h2_vcf_write(vpath, v, s->in.rs, s->counts, s->norm, s->est, err);
    if (ret == 0 && o->bins) {
        h2_bins_meta_t meta = {o->cli.count.min_mq, o->cli.count.exclude_flags};
        ret = h2_bins_write(h2_out_path(&s->bins), s->in.rs, s->counts, s->gc, s->norm, &meta,
                            err);
    }
    if (ret == 0)
        ret = write_extras(s, o, in, err);
    if (ret < 0) {  /* a writer's message names the output, not its temporary file */
        h2_out_name_in_err(&s->out, err);
        h2_out_name_in_err(&s->bins, err);
        for (int i = 0; i < N_EXTRA; i++)
            h2_out_name_in_err(&s->extra[i], err);
    }
    if (ret == 0) {
        h2_outfile_t *set[N_EXTRA + 2] = {direct ? NULL : &s->out, o->bins ? &s->bins : NULL};
        const char *idx[N_EXTRA + 2] = {!v->index ? NULL : v->mode[1] == 'z' ? ".tbi" : ".csi"};
        for (int i = 0; i < N_EXTRA; i++)
            set[i + 2] = o->extra[i] ? &s->extra[i] : NULL;
        ret = h2_out_commit_set(set, idx, N_EXTRA + 2, err);
    }
    if (ret == 0 && direct)
        ret = h2_vcf_write(vpath, v, s->in.rs, s->counts, s->norm, s->est, err);
    if (ret < 0) {
        h2_out_uncommit(&s->out);
        h2_out_uncommit(&s->bins);
        for (int i = 0; i < N_EXTRA; i++)
            h2_out_uncommit(&s->extra[i]);
    }
    return ret;
}

static int write_outputs(call_state_t *s, const call_opt_t *o, const char *in, h2_err_t *err)
{
    h2_vcf_opt_t v = {0};
    v.sample = s->sample;
    v.reference = o->cli.reference;
    v.input = s->shown_in;
    v.cmdline = s->cmdline;
    v.copt = &o->call;
    const char *extra[2];
    if (s->hdr_ref.l)
        extra[v.n_extra_hdr++] = s->hdr_ref.s;
    if (s->hdr_sex.l)
        extra[v.n_extra_hdr++] = s->hdr_sex.s;
    v.extra_hdr = extra;
    if (o->out_fmt)
        strcpy(v.mode, o->out_fmt == 'z' ? "wz" : o->out_fmt == 'b' ? "wb" : "w");
    else
        h2_vcf_mode_from_name(o->output, v.mode);
    v.index = !h2_out_is_direct(&s->out) && v.mode[1] != 0;
    return write_and_commit(s, o, in, &v, err);
}

/* Read and check the panel of normals; its flagged bins are left out. */
static int load_pon(call_state_t *s, const call_opt_t *o, h2_err_t *err)
{
    int ret;
    if (!o->pon)
        return 0;
    if (!(s->pon = h2_pon_read(o->pon, err, &ret)))
        return ret;
    if ((ret = h2_pon_check(s->pon, s->in.rs, o->cli.count.min_mq, o->cli.count.exclude_flags,
                            s->gc != NULL, err)) < 0) {
        kstring_t ks = KS_INITIALIZE;
        ksprintf(&ks, "\"%s\": %s", o->pon, err->msg);
        h2_fail(err, ret, "%s", ks.s ? ks.s : "");
        free(ks.s);
        return ret;
    }
    if (!(s->exclude = h2_pon_exclude_mask(s->pon)))
        return h2_fail(err, H2_ENOMEM, "out of memory");
    s->hdr_ref.l = 0;
    char *shown = h2_redact(o->pon);
    ret = !shown || ksprintf(&s->hdr_ref, "##her2cnPON=%s (version %d, %d normals, %s)", shown,
                             s->pon->version, s->pon->n_normals, s->pon->build) < 0;
    free(shown);
    return ret ? h2_fail(err, H2_ENOMEM, "out of memory") : 0;
}

/* The samples (@RG SM) of an alignment file: one, or none, is the rule. A
 * file of several is refused (its reads would be pooled), unless `pick` (the
 * tumour's --sample) names one of them: then *ids gets its read groups and
 * only their reads are counted. `what` says which input it is. */
static int check_samples(const sam_hdr_t *hdr, const char *path, const char *what,
                         const char *pick, char ***ids, int *n_ids, h2_err_t *err)
{
    char **sm = NULL;
    int n = 0, ret;
    kstring_t ks = KS_INITIALIZE;
    if ((ret = h2_header_samples(hdr, pick, &sm, &n, ids, n_ids)) < 0) {
        ret = h2_fail(err, H2_ENOMEM, "out of memory");
        goto out;
    }
    if (n <= 1 || (ids && *n_ids > 0))
        goto out;
    for (int i = 0; i < n; i++)
        ksprintf(&ks, "%s%s", i ? ", " : "", sm[i]);
    ret = h2_fail(err, H2_EINPUT, "%s\"%s\" holds %d samples (@RG SM: %s)%s", what, path, n,
                  ks.s ? ks.s : "", ids ? pick ? ", none of them named by --sample: give "
                  "one of them" : ": give --sample NAME to call one of them" : ": a matched "
                  "normal must hold one sample");
out:
    for (int i = 0; i < n; i++)
        free(sm[i]);
    free(sm);
    free(ks.s);
    return ret;
}

/* Check the matched normal as the tumour is checked (reference identity,
 * index age, truncation), against the tumour's region set, and count it
 * (before the tumour: its heterozygous sites are where the tumour's allele
 * fractions are read). Errors say they are about the normal. */
static int count_normal(call_state_t *s, const call_opt_t *o, h2_err_t *err)
{
    sam_hdr_t *hdr = NULL;
    h2_genome_t *g = NULL;
    h2_regset_t *rs = NULL;
    int ret;
    if ((ret = h2_cli_genome(&o->cli, o->normal, &hdr, &g, err)) < 0 ||
        !(rs = h2_regions_build(g, s->in.genes, s->in.targets, err, &ret)))
        goto out;
    if (h2_regset_hash(rs) != h2_regset_hash(s->in.rs)) {
        ret = h2_fail(err, H2_EINPUT, "the normal \"%s\" gives other bins than the tumour "
                      "(another build or other contigs?)", o->normal);
        goto out;
    }
    if ((ret = check_samples(hdr, o->normal, "", NULL, NULL, NULL, err)) < 0)
        goto out;
    if ((o->cli.reference && (ret = h2_ref_check(hdr, rs, o->cli.reference, err)) < 0) ||
        (ret = h2_index_check_age(o->normal, err)) < 0)
        goto out;
    h2_count_opt_t co = o->cli.count;
    co.sites = s->snps;     /* --snps: the normal tells which are het in this person */
    if (!(s->ncounts = h2_count_run(o->normal, rs, &co, err, &ret)) ||
        (ret = h2_capture_check(rs, s->ncounts, o->normal, o->cli.verbose ?
                                "her2cn call: matched normal" : NULL, err)) < 0)
        goto out;
    if (s->ncounts->alleles && !(s->sites = s->snps ? h2_sites_normal_het(s->ncounts->alleles)
                                                    : h2_sites_from_alleles(s->ncounts->alleles)))
        ret = h2_fail(err, H2_ENOMEM, "out of memory");
out:
    h2_regions_destroy(rs);
    h2_genome_destroy(g);
    sam_hdr_destroy(hdr);
    if (ret < 0 && ret != H2_ENOMEM && strncmp(err->msg, "the normal ", 11)) {
        char m[sizeof err->msg];
        snprintf(m, sizeof m, "%s", err->msg);
        h2_fail(err, ret, "matched normal: %s", m);   /* say which input it was */
    }
    return ret;
}

/* Normalise the matched normal over the same bins, then take the
 * tumour/normal ratio. */
static int apply_normal(call_state_t *s, const call_opt_t *o, h2_err_t *err)
{
    h2_norm_t *nn = NULL;
    int ret;
    if (!(nn = h2_normalise_opt(s->in.rs, s->ncounts, s->gc, &o->norm, err, &ret)))
        return ret;
    if ((ret = h2_ref_apply_normal(s->in.rs, s->counts, s->norm, s->ncounts, nn, err)) < 0)
        goto out;
    char *shown = h2_redact(o->normal);
    if (!shown || ksprintf(&s->hdr_ref, "##her2cnNormal=%s (baseline depth %g, MAPD %g)", shown,
                           nn->baseline, nn->mapd) < 0)
        ret = h2_fail(err, H2_ENOMEM, "out of memory");
    free(shown);
out:
    h2_norm_destroy(nn);
    return ret;
}

/* 1 when the matched normal is the tumour's file itself (same device and
 * inode, so also through a link or another spelling of the path). A normal
 * that is the tumour gives ratio 1 everywhere: CN 2 NEUTRAL for any tumour. */
static int same_input(const char *a, const char *b)
{
    struct stat sa, sb;
    if (h2_is_remote(a) || h2_is_remote(b))
        return !strcmp(a, b);
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
           sa.st_ino == sb.st_ino;
}

/* A copy of the tumour given as the normal: the same reads in every bin. */
static int same_counts(const h2_counts_t *t, const h2_counts_t *n)
{
    size_t sz = (size_t)t->n_bins * sizeof *t->bases;
    uint64_t any = 0;
    if (!n || t->n_bins != n->n_bins)
        return 0;
    for (int i = 0; i < t->n_bins; i++)
        any |= t->reads[i];
    return any && !memcmp(t->bases, n->bases, sz) && !memcmp(t->reads, n->reads, sz) &&
           !memcmp(t->mq0, n->mq0, sz);
}

/* Is the matched normal the tumour's person (h2_identity.h)? Another person
 * stops the call (exit 2); too few sites (low depth) is said and the call
 * goes on. */
static int check_identity(call_state_t *s, const call_opt_t *o, h2_err_t *err)
{
    h2_identity_t *id = &s->id;
    if (!o->normal || !s->counts->alleles || !s->ncounts || !s->ncounts->alleles)
        return 0;
    if (o->snps)
        h2_identity_sites(s->ncounts->alleles, s->counts->alleles, id);
    else
        h2_identity_bins(s->counts->alleles, id);
    if (id->result == H2_ID_MISMATCH && !o->skip_identity)
        return h2_fail(err, H2_EINPUT, "the matched normal \"%s\" is not the tumour's person "
                       "(sample swap?): %d of %d %s disagree (at most %g%% %s for one person; "
                       "--skip-identity-check calls anyway)",
                       o->normal, id->discordant, id->informative, o->snps ? "normal-homozygous "
                       "sites" : "bins of normal-het sites", o->snps ? 100 * H2_ID_MAX_DISCORD
                       : 100 * (1 - H2_ID_MIN_CONSISTENT), o->snps ? "may" : "do");
    if (id->result == H2_ID_MISMATCH && !o->cli.quiet)
        fprintf(stderr, "her2cn call: warning: the matched normal looks like another person; "
                "called anyway (--skip-identity-check)\n");
    if (!o->cli.quiet)
        fprintf(stderr, "her2cn call: matched normal identity: %s (%d of %d %s agree)%s\n",
                h2_id_result_name(id->result), id->informative - id->discordant,
                id->informative, id->method, id->result == H2_ID_TOO_FEW ?
                ": too little depth to tell a sample swap" : "");
    return 0;
}

/* --snps: keep the sites heterozygous in this person (h2_identity.h). */
static void filter_snps(call_state_t *s, const call_opt_t *o)
{
    h2_alleles_t *a = s->counts->alleles;
    if (!o->snps || !a)
        return;
    s->id.snps_given = a->n;
    if (o->normal && s->sites)
        h2_alleles_keep_sites(a, s->sites);
    else
        h2_alleles_keep_het(a);
    s->id.snps_kept = a->n;
    s->id.snps_rule = o->normal ? "matched normal" : "tumour reads";
    if (!o->cli.quiet)
        fprintf(stderr, "her2cn call: --snps: %d of %d sites read are heterozygous in this "
                "person (by the %s), %d dropped\n", a->n, s->id.snps_given, s->id.snps_rule,
                s->id.snps_given - a->n);
}

/* Count the tumour: its depth, and allele counts at the sites (the normal's
 * hets or --snps) or at hets found in its own reads. */
static int count_tumour(call_state_t *s, const call_opt_t *o, const char *in, h2_err_t *err)
{
    h2_count_opt_t co = o->cli.count;
    int ret = 0;
    if (o->normal && same_input(in, o->normal))
        return h2_fail(err, H2_EUSAGE, "the matched normal \"%s\" is the tumour's own file: "
                       "tumour over itself is CN 2 everywhere", o->normal);
    if (o->snps && !(s->snps = h2_sites_read_vcf(o->snps, s->in.rs, err, &ret)))
        return ret;
    if (o->normal && (ret = count_normal(s, o, err)) < 0)
        return ret;
    co.sites = o->snps ? s->snps : s->sites;
    co.read_groups = s->rg_ids;
    co.n_read_groups = s->n_rg_ids;
    if (!(s->counts = h2_count_run(in, s->in.rs, &co, err, &ret)))
        return ret;
    if (same_counts(s->counts, s->ncounts))
        return h2_fail(err, H2_EINPUT, "the normal \"%s\" has the same reads as the tumour "
                       "in every bin (a copy of the tumour?): tumour over itself is CN 2 "
                       "everywhere", o->normal);
    if ((ret = check_identity(s, o, err)) < 0)
        return ret;
    filter_snps(s, o);
    if (s->counts->baf_unsorted && !o->cli.quiet)
        fprintf(stderr, "her2cn call: warning: \"%s\" is not sorted by coordinate: no allele "
                "fractions, purity and ploidy from depth alone\n", s->shown_in ? s->shown_in : in);
    if (s->counts->n_implausible && !o->cli.quiet)
        fprintf(stderr, "her2cn call: warning: %llu records not counted: more aligned bases "
                "than their sequence holds (SEQ * counts at most %d; README \"Method\", Counting)\n",
                (unsigned long long)s->counts->n_implausible, H2_NOSEQ_MAX_ALIGNED);
    return 0;
}

/* Whole-genome mode on capture data gives absurd copy numbers: stop with a
 * message naming -t (h2_capture_check). */
static int check_capture(const call_state_t *s, const call_opt_t *o, const char *in,
                         h2_err_t *err)
{
    return h2_capture_check(s->in.rs, s->counts, in, o->cli.verbose ? "her2cn call" : NULL, err);
}

/* Fit purity and ploidy (or take the user's) and say what came out. */
static int fit_purity(call_state_t *s, const call_opt_t *o, h2_err_t *err)
{
    int ret;
    const h2_alleles_t *al = s->counts->alleles;
    if (!(s->fit = h2_purity_fit(s->in.rs, s->norm, al, &o->purity, err, &ret)))
        return ret;
    if (!o->cli.quiet) {
        const h2_purity_t *f = s->fit;
        fprintf(stderr, "her2cn call: purity %.2f [%.2f-%.2f] (%s), ploidy %.2f (%s), "
                "%d genome segments, %d het sites%s%s\n", f->best.model.purity, f->purity_lo,
                f->purity_hi, h2_source_name(f->purity_source), f->best.model.ploidy,
                h2_source_name(f->ploidy_source), f->n_segs, f->n_sites,
                f->reason ? ": " : "", f->reason ? f->reason : "");
    }
    return 0;
}

/* A panel without a reference: the gene's capture efficiency is unknown. */
static void warn_no_reference(const call_state_t *s, const call_opt_t *o)
{
    if (o->cli.quiet || !s->in.rs->par.panel || o->pon || o->normal)
        return;
    fprintf(stderr, "her2cn call: warning: tumour-only panel: the capture efficiency of the "
            "gene's own targets is unknown, so its SE carries the reference targets' spread "
            "(SD %.2f log2, not divided by the gene's targets); a panel of normals (--pon) "
            "is recommended\n", sqrt(s->est->capture_var) / 0.6931471805599453);
}

/* ##her2cnSex from the sample's chrX/chrY bins. */
static int sex_line(call_state_t *s)
{
    h2_sexinfo_t si = h2_sex_infer(s->in.rs, s->norm);
    if (si.n_x == 0)
        return 0;
    return ksprintf(&s->hdr_sex, "##her2cnSex=%s (chrX %.3f, chrY %.3f of the baseline)", h2_sex_name(si.sex),
                    si.x_ratio, isfinite(si.y_ratio) ? si.y_ratio : -1.0) < 0 ? H2_ENOMEM : 0;
}

/* The GC fit on stderr: its scale, its range, and the gene bins outside it. */
static void gc_note(const call_state_t *s, const call_opt_t *o)
{
    const h2_norm_t *nm = s->norm;
    int x = 0;
    if (o->cli.quiet || !nm->gc_extreme)
        return;
    for (int i = 0; i < s->in.rs->n_bins; i++)
        x += s->in.rs->bins[i].role == H2_ROLE_GENE && nm->usable[i] && nm->gc_extreme[i];
    fprintf(stderr, "her2cn call: GC correction fitted on %d %s, GC %.3f-%.3f; %d gene bin%s "
            "outside it%s\n", nm->gc_fit_n, nm->gc_fit_pieces ? "reference-bin pieces" :
            "reference bins", nm->gc_lo, nm->gc_hi, x, x == 1 ? "" : "s",
            x && nm->ref_kind == 0 ? " (left out of the gene, or FILTER GCExtreme)" : "");
}

/* Per-stage times, and what was read from the alignment file. */
static void timing_line(const call_state_t *s, const double *t)
{
    char bytes[32] = "unknown";
    if (s->counts->bytes_known)
        snprintf(bytes, sizeof bytes, "%llu", (unsigned long long)s->counts->bytes_read);
    fprintf(stderr, "her2cn call: timing: header+regions %.2f s, counting %.2f s, GC %.2f s, "
            "normalise+estimate %.2f s, writing %.2f s, total %.2f s; read %llu records, "
            "%s bytes\n", t[1] - t[0], t[2] - t[1], t[3] - t[2], t[4] - t[3], t[5] - t[4],
            t[5] - t[0], (unsigned long long)s->counts->n_records, bytes);
}

/* Check and prepare every output (temporary files beside them). */
static int open_outputs(call_state_t *s, const call_opt_t *o, const char *in, h2_err_t *err)
{
    char *idx = h2_index_find(in);     /* an index is an input too */
    const char *inputs[8] = {in, o->cli.reference, o->cli.genes, o->cli.targets, o->pon, o->normal, o->snps,
                             idx};
    int n_in = 0, ret;
    const char *inp[8];
    for (int i = 0; i < 8; i++)
        if (inputs[i])
            inp[n_in++] = inputs[i];
    ret = h2_out_open(&s->out, o->output, inp, n_in, err);
    if (ret == 0 && o->bins)
        ret = h2_out_open(&s->bins, o->bins, inp, n_in, err);
    if (ret == 0)
        ret = extra_paths(s, o, err);
    for (int i = 0; i < N_EXTRA && ret == 0; i++)
        if (s->extra_path[i])
            ret = h2_out_open(&s->extra[i], s->extra_path[i], inp, n_in, err);
    free(idx);
    return ret;
}

static int run_call(const char *in, const call_opt_t *o, call_state_t *s, h2_err_t *err)
{
    int ret, late = o->extra[X_MQC] && mqc_is_dir(o->extra[X_MQC]);
    double t[6] = {h2_now()};   /* start, regions, count, GC, estimate, write */
    /* outputs are checked before the input is read, but --mqc DIR needs
     * the sample name from its header */
    if (!late && (ret = open_outputs(s, o, in, err)) < 0)
        return ret;
    if (!(s->shown_in = h2_redact(in)) ||
        (o->cli.reference && !(s->shown_ref = h2_redact(o->cli.reference))))
        return h2_fail(err, H2_ENOMEM, "out of memory");
    h2_identity_init(&s->id);
    if ((ret = h2_cli_regions_open(&s->in, &o->cli, in, err)) < 0)
        return ret;
    if ((ret = check_samples(s->in.hdr, s->shown_in, "", o->sample, &s->rg_ids, &s->n_rg_ids,
                             err)) < 0)
        return ret;
    if (!(s->sample = h2_sample_name(o->sample, s->in.hdr, in)))
        return h2_fail(err, H2_ENOMEM, "out of memory");
    if (late && (ret = open_outputs(s, o, in, err)) < 0)
        return ret;
    if (o->cli.reference && (ret = h2_ref_check(s->in.hdr, s->in.rs, o->cli.reference, err)) < 0)
        return ret;
    if ((ret = h2_index_check_age(in, err)) < 0)
        return ret;
    t[1] = h2_now();
    if ((ret = count_tumour(s, o, in, err)) < 0 || (ret = check_capture(s, o, in, err)) < 0)
        return ret;
    t[2] = h2_now();
    if (!o->cli.quiet)
        fprintf(stderr, "her2cn call: %s, %s mode, %d bins, %llu records read in %.1f s\n",
                h2_build_name(s->in.genome->build), s->in.rs->par.panel ? "panel" : "whole-genome",
                s->in.rs->n_bins, (unsigned long long)s->counts->n_records, t[2] - t[0]);
    if (o->cli.reference && !(s->gc = h2_gc_compute(s->in.rs, o->cli.reference, err, &ret)))
        return ret;
    t[3] = h2_now();
    if ((ret = load_pon(s, o, err)) < 0)
        return ret;
    h2_norm_opt_t nopt = o->norm;
    nopt.exclude = s->exclude;
    if (!(s->norm = h2_normalise_opt(s->in.rs, s->counts, s->gc, &nopt, err, &ret)))
        return ret;
    if (o->pon && (ret = h2_ref_apply_pon(s->pon, s->in.rs, s->counts, s->norm, err)) < 0)
        return ret;
    if (o->normal && (ret = apply_normal(s, o, err)) < 0)
        return ret;
    if ((ret = sex_line(s)) < 0)
        return h2_fail(err, ret, "out of memory");
    gc_note(s, o);
    if ((ret = fit_purity(s, o, err)) < 0)
        return ret;
    if (!(s->est = h2_estimate(s->in.rs, s->counts, s->norm, &o->call, s->fit, err, &ret)))
        return ret;
    warn_no_reference(s, o);
    t[4] = h2_now();
    if ((ret = write_outputs(s, o, in, err)) < 0)
        return ret;
    t[5] = h2_now();
    if (!o->cli.quiet)
        for (int i = 0; i < s->est->n; i++)
            fprintf(stderr, "her2cn call: %s CN %.2f [%.2f-%.2f] %s, done in %.1f s\n",
                    s->est->g[i].gene->name, s->est->g[i].cn, s->est->g[i].cn_lo,
                    s->est->g[i].cn_hi, h2_call_name(s->est->g[i].call), t[5] - t[0]);
    /* per-stage timing: with --verbose, or unasked when the run was slow */
    if (o->cli.verbose || (!o->cli.quiet && t[5] - t[0] > 5.0))
        timing_line(s, t);
    return 0;
}

int main_call(int argc, char *argv[])
{
    call_opt_t o;
    call_state_t s;
    h2_err_t err = {{0}};
    int ret;
    if (argc < 2) {
        usage(stderr);
        return H2_EXIT_USAGE;
    }
    call_opt_init(&o);
    if (parse_args(argc, argv, &o) < 0)
        return H2_EXIT_USAGE;
    memset(&s, 0, sizeof s);
    /* htslib's messages name URLs as given: none when one carries a secret */
    int secret = 0;
    for (int i = 1; i < argc; i++)
        secret |= h2_has_secret(argv[i]);
    hts_set_log_level(o.cli.verbose && !secret ? HTS_LOG_WARNING : HTS_LOG_OFF);
    h2_out_install_signal_handlers();
    if (!(s.cmdline = join_args(argc, argv)))
        ret = h2_fail(&err, H2_ENOMEM, "out of memory");
    else if ((ret = h2_remote_timeout(&err)) > 0)
        ret = run_call(argv[optind], &o, &s, &err);
    ret = h2_cli_exit(CMD, ret, &err);
    state_free(&s);
    return ret;
}
