/* cmd_pon.c -- `her2cn pon`: build a panel of normals from normal BAM/CRAMs
 * and/or their `call --bins` TSVs, and write it as a gzip TSV. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <htslib/bgzf.h>
#include <htslib/hts.h>
#include <htslib/sam.h>
#include "h2_binstsv.h"
#include "h2_capture.h"
#include "h2_cli.h"
#include "h2_cmd.h"
#include "h2_inputcheck.h"
#include "h2_output.h"
#include "h2_pon.h"
#include "h2_remote.h"
#include "h2_sex.h"

#define CMD "her2cn pon"
#define FEW_NORMALS 5   /* warn below this many normals */

typedef struct {
    h2_cli_opt_t cli;           /* -@ -q --exclude-flags -g --genes -t -f --quiet */
    const char *output;
    h2_norm_opt_t norm;
    h2_pon_opt_t pon;
} pon_opt_t;

static void pon_opt_init(pon_opt_t *o)
{
    memset(o, 0, sizeof *o);
    h2_cli_opt_init(&o->cli, CMD, H2_CLI_READS | H2_CLI_GENOME_FILE | H2_CLI_REGIONS |
                    H2_CLI_QUIET | H2_CLI_NEED_BUILD);
    h2_norm_opt_init(&o->norm);
    h2_pon_opt_init(&o->pon);
}

static void usage(FILE *fp)
{
    pon_opt_t d;
    pon_opt_init(&d);
    fprintf(fp,
"Usage: her2cn pon [options] -o out.pon <normal.bam|normal.bins.tsv> ...\n"
"Build a panel of normals (3 or more normal samples of the same assay) for\n"
"`her2cn call --pon`. Inputs are BAM/CRAM/SAM files or per-sample bins TSVs\n"
"written by `her2cn call --bins` (made with the same options), so BAMs need\n"
"not be read twice.\n\n"
"Output:\n"
"  -o, --output FILE       panel of normals (gzip TSV) (required)\n"
"Regions (as for `her2cn call`):\n"
"  -g, --genome NAME|FILE  GRCh38, GRCh37, auto, or a name<TAB>length file (needed\n"
"                          when every input is a bins TSV) [auto]\n"
"      --genes BED         genes to call, name in column 4 [built-in ERBB2]\n"
"  -t, --targets BED       capture targets: panel/exome mode\n"
"  -f, --reference FASTA   CRAM decoding and GC correction (then `call` needs -f too)\n"
"Read filters (recorded; `call --pon` must use the same):\n"
"  -q, --min-MQ INT        skip reads with mapping quality below INT [%d]\n"
"      --exclude-flags FLAGS  skip reads with any of these flags [%d]\n"
"      --max-mq0-frac F    leave out bins whose reads are mostly MAPQ 0 [%g]\n"
"Bin flags:\n"
"      --min-expected F    flag bins whose expected depth ratio is below F [%g]\n"
"      --max-spread F      flag bins whose log2 spread across normals is above F [%g]\n"
"Other:\n"
"  -@, --threads INT       threads for decompression and counting [%d]\n"
"      --quiet             no progress on stderr\n"
"  -h, --help              this help\n",
            d.cli.count.min_mq, d.cli.count.exclude_flags, d.norm.max_mq0_frac,
            d.pon.min_expected, d.pon.max_spread, d.cli.count.threads);
}

enum { O_MQ0 = H2_CLI_OWN, O_MINEXP, O_MAXSPREAD };

static int set_option(void *ctx, int c, const char *arg)
{
    pon_opt_t *o = ctx;
    switch (c) {
    case 'o': o->output = arg; return 0;
    case O_MQ0: return h2_cli_double(CMD, "--max-mq0-frac", arg, 0, 1, 0, &o->norm.max_mq0_frac);
    case O_MINEXP: return h2_cli_double(CMD, "--min-expected", arg, 0, 1e6, 0, &o->pon.min_expected);
    case O_MAXSPREAD: return h2_cli_double(CMD, "--max-spread", arg, 0, 1e6, 0, &o->pon.max_spread);
    case 'h': usage(stdout); exit(H2_EXIT_OK);
    default: return -1;
    }
}

static int parse_args(int argc, char *argv[], pon_opt_t *o)
{
    static const struct option own[] = {
        {"output", required_argument, NULL, 'o'},
        {"max-mq0-frac", required_argument, NULL, O_MQ0},
        {"min-expected", required_argument, NULL, O_MINEXP},
        {"max-spread", required_argument, NULL, O_MAXSPREAD},
        {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
    if (h2_cli_getopt(&o->cli, argc, argv, "o:g:t:f:q:@:h", own, set_option, o) != 0)
        return -1;
    o->norm.min_mq = o->cli.count.min_mq;
    if (!o->output || !strcmp(o->output, "-")) {
        fprintf(stderr, CMD ": -o/--output FILE is required (not stdout)\n");
        return -1;
    }
    if (argc - optind < 3) {
        fprintf(stderr, CMD ": a panel of normals needs at least 3 normals (got %d)\n",
                argc - optind);
        return -1;
    }
    return 0;
}

typedef struct {
    int n;
    h2_cli_regions_t in;        /* genome, BEDs and region set of the panel */
    uint64_t hash;
    h2_gc_t *gc;
    h2_norm_t **nms;
    char **names;
    h2_sex_t *sexes;
    h2_pon_t *pon;
    h2_outfile_t out;
} pon_state_t;

static void state_free(pon_state_t *s)
{
    h2_out_abort(&s->out);
    h2_pon_destroy(s->pon);
    for (int j = 0; j < s->n; j++) {
        if (s->nms)
            h2_norm_destroy(s->nms[j]);
        if (s->names)
            free(s->names[j]);
    }
    free(s->nms);
    free(s->names);
    free(s->sexes);
    h2_gc_destroy(s->gc);
    h2_cli_regions_free(&s->in);
}

/* Genome when every input is a bins TSV: a built-in build named by -g (contig
 * style taken from the first TSV) or a name/length file. */
static h2_genome_t *tsv_genome(const char *tsv, const pon_opt_t *o, h2_err_t *err, int *rc)
{
    h2_build_t b;
    h2_genome_t *g = NULL;
    *rc = 0;
    if (!o->cli.genome || (h2_build_parse(o->cli.genome, &b) == 0 && b == H2_BUILD_UNKNOWN)) {
        *rc = h2_fail(err, H2_EUSAGE, "with only bins TSVs as input, give the genome: "
                      "-g GRCh38|GRCh37 or -g NAME_LENGTH_FILE");
        return NULL;
    }
    if (h2_build_parse(o->cli.genome, &b) == 0) {
        kstring_t ks = KS_INITIALIZE;
        BGZF *fp = bgzf_open(tsv, "r");
        int chr = 1, n = 0;
        while (fp && (n = h2_getline(fp, &ks)) > 0 && ks.s[0] == '#')
            ;
        if (fp && n > 0)
            chr = h2_contig_bare(ks.s) != ks.s;
        if (fp)
            bgzf_close(fp);
        free(ks.s);
        if (!(g = h2_genome_builtin(b, chr)))
            *rc = h2_fail(err, H2_ENOMEM, "out of memory");
        return g;
    }
    if (!(g = h2_genome_load(o->cli.genome, err)))
        *rc = H2_EINPUT;
    else
        g->build = H2_BUILD_CUSTOM;
    return g;
}

/* Region set (and GC) from the first alignment input, else from -g. */
static int setup_regions(pon_state_t *s, const pon_opt_t *o, char **in, int n, h2_err_t *err)
{
    int ret = 0, first_bam = -1;
    for (int j = 0; j < n && first_bam < 0; j++) {
        if ((ret = h2_bins_sniff(in[j], err)) < 0)
            return ret;
        if (!ret)
            first_bam = j;
    }
    if (first_bam >= 0)
        ret = h2_cli_genome(&o->cli, in[first_bam], &s->in.hdr, &s->in.genome, err);
    else
        s->in.genome = tsv_genome(in[0], o, err, &ret);
    if (ret < 0 || (ret = h2_cli_regions_open(&s->in, &o->cli, NULL, err)) < 0)
        return ret;
    s->hash = h2_regset_hash(s->in.rs);
    if (o->cli.reference && !(s->gc = h2_gc_compute(s->in.rs, o->cli.reference, err, &ret)))
        return ret;
    return 0;
}

/* Counts of one alignment file over its own region set, which must be the
 * same bins as the PON's. */
static h2_counts_t *count_bam(pon_state_t *s, const pon_opt_t *o, const char *path, char **name,
                              h2_err_t *err, int *rc)
{
    sam_hdr_t *hdr = NULL;
    h2_genome_t *g = NULL;
    h2_regset_t *rs = NULL;
    h2_counts_t *c = NULL;
    if ((*rc = h2_cli_genome(&o->cli, path, &hdr, &g, err)) < 0)
        goto out;
    if (!(*name = h2_sample_name(NULL, hdr, path))) {
        *rc = h2_fail(err, H2_ENOMEM, "out of memory");
        goto out;
    }
    if (!(rs = h2_regions_build(g, s->in.genes, s->in.targets, err, rc)))
        goto out;
    if (h2_regset_hash(rs) != s->hash) {
        *rc = h2_fail(err, H2_EINPUT, "\"%s\": its region set differs from the first normal's "
                      "(another build, or other contigs?)", path);
        goto out;
    }
    if ((c = h2_count_run(path, rs, &o->cli.count, err, rc)) &&
        (*rc = h2_capture_check(rs, c, path, o->cli.verbose ? CMD : NULL, err)) < 0) {
        h2_counts_destroy(c);
        c = NULL;
    }
out:
    h2_regions_destroy(rs);
    h2_genome_destroy(g);
    sam_hdr_destroy(hdr);
    return c;
}

/* H2_EINPUT when normal j has the very depths of an earlier one in every
 * bin: one sample given twice (or a copy of it) would make the spreads
 * look smaller than they are (three copies gave spread 0). */
static int same_normal(const pon_state_t *s, char *const *in, int j, h2_err_t *err)
{
    const h2_norm_t *b = s->nms[j];
    for (int k = 0; k < j; k++) {
        const h2_norm_t *a = s->nms[k];
        if (a->n_bins == b->n_bins
            && !memcmp(a->depth, b->depth, (size_t)a->n_bins * sizeof *a->depth))
            return h2_fail(err, H2_EINPUT, "normals \"%s\" and \"%s\" have the same depth in "
                           "every bin: one sample given twice", in[k], in[j]);
    }
    return 0;
}

static int add_normal(pon_state_t *s, const pon_opt_t *o, const char *path, int j, h2_err_t *err)
{
    h2_counts_t *c = NULL;
    int ret = h2_bins_sniff(path, err);
    if (ret < 0)
        return ret;
    if (ret) {
        h2_bins_meta_t want = {o->cli.count.min_mq, o->cli.count.exclude_flags};
        c = h2_bins_read(path, s->in.rs, &want, err, &ret);
        if (c && !(s->names[j] = h2_sample_name(NULL, NULL, path)))
            ret = h2_fail(err, H2_ENOMEM, "out of memory");
    } else
        c = count_bam(s, o, path, &s->names[j], err, &ret);
    if (c && ret == 0)
        s->nms[j] = h2_normalise_opt(s->in.rs, c, s->gc, &o->norm, err, &ret);
    h2_counts_destroy(c);
    if (ret < 0)
        return ret;
    h2_sexinfo_t si = h2_sex_infer(s->in.rs, s->nms[j]);
    s->sexes[j] = si.sex;
    char *shown = h2_redact(path);     /* a URL without its credentials */
    if (!o->cli.quiet)
        fprintf(stderr, CMD ": normal %d %s (%s): %s (chrX %.2f, chrY %.2f), MAPD %.3f, "
                "%d/%d reference bins\n", j + 1, s->names[j], shown ? shown : "?",
                h2_sex_name(si.sex), si.x_ratio, si.y_ratio, s->nms[j]->mapd,
                s->nms[j]->n_ref_usable, s->nms[j]->n_ref);
    if (si.sex == H2_SEX_UNKNOWN && si.n_x > 0)
        fprintf(stderr, CMD ": warning: cannot tell the sex of %s; its chrX/chrY bins are "
                "left out of the panel\n", shown ? shown : "?");
    free(shown);
    return 0;
}

static int run_pon(pon_state_t *s, const pon_opt_t *o, char **in, int n, h2_err_t *err)
{
    const char *inputs[3] = {o->cli.reference, o->cli.genes, o->cli.targets};
    const char **all = malloc((n + 3) * sizeof *all);
    int n_all = 0, ret;
    if (!all)
        return h2_fail(err, H2_ENOMEM, "out of memory");
    for (int j = 0; j < n; j++)
        all[n_all++] = in[j];
    for (int k = 0; k < 3; k++)
        if (inputs[k])
            all[n_all++] = inputs[k];
    ret = h2_out_open(&s->out, o->output, all, n_all, err);
    free(all);
    if (ret < 0)
        return ret;
    if ((ret = setup_regions(s, o, in, n, err)) < 0)
        return ret;
    s->nms = calloc(n, sizeof *s->nms);
    s->names = calloc(n, sizeof *s->names);
    s->sexes = calloc(n, sizeof *s->sexes);
    s->n = n;
    if (!s->nms || !s->names || !s->sexes)
        return h2_fail(err, H2_ENOMEM, "out of memory");
    for (int j = 0; j < n; j++)
        if ((ret = add_normal(s, o, in[j], j, err)) < 0 || (ret = same_normal(s, in, j, err)) < 0)
            return ret;
    if (n < FEW_NORMALS)
        fprintf(stderr, CMD ": warning: only %d normals: per-bin spreads are rough; %d or more "
                "are recommended\n", n, FEW_NORMALS);
    if (!(s->pon = h2_pon_build(s->in.rs, s->nms, (const char *const *)s->names, s->sexes, n,
                                &o->pon, err, &ret)))
        return ret;
    if (!(s->pon->build = strdup(h2_build_name(s->in.rs->build))))
        return h2_fail(err, H2_ENOMEM, "out of memory");
    s->pon->min_mq = o->cli.count.min_mq;
    s->pon->exclude_flags = o->cli.count.exclude_flags;
    s->pon->gc_corrected = s->gc != NULL;
    if ((ret = h2_pon_write(s->pon, h2_out_path(&s->out), err)) < 0) {
        h2_out_name_in_err(&s->out, err);
        return ret;
    }
    if (!o->cli.quiet) {
        int flagged = 0;
        for (int i = 0; i < s->pon->n_bins; i++)
            flagged += s->pon->flags[i] != 0;
        fprintf(stderr, CMD ": %d normals, %d bins, %d flagged, written to %s\n", n,
                s->pon->n_bins, flagged, o->output);
    }
    return h2_out_commit(&s->out, NULL, err);
}

int main_pon(int argc, char *argv[])
{
    pon_opt_t o;
    pon_state_t s;
    h2_err_t err = {{0}};
    int ret;
    if (argc < 2) {
        usage(stderr);
        return H2_EXIT_USAGE;
    }
    pon_opt_init(&o);
    if (parse_args(argc, argv, &o) < 0)
        return H2_EXIT_USAGE;
    memset(&s, 0, sizeof s);
    hts_set_log_level(HTS_LOG_OFF);
    h2_out_install_signal_handlers();
    if ((ret = h2_remote_timeout(&err)) > 0)
        ret = run_pon(&s, &o, argv + optind, argc - optind, &err);
    ret = h2_cli_exit(CMD, ret, &err);
    state_free(&s);
    return ret;
}
