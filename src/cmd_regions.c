/* cmd_regions.c -- `her2cn regions`: print the region set as BED. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <htslib/hts.h>
#include <htslib/sam.h>
#include "h2_cli.h"
#include "h2_cmd.h"
#include "h2_regions.h"

#define CMD "her2cn regions"

typedef struct {
    h2_cli_opt_t cli;           /* -g --genes -t -f */
    int chr_prefix;             /* --no-chr clears it */
    int stats;
    const char *input;          /* NULL: the built-in genome */
} regions_opt_t;

static void usage(FILE *fp, const regions_opt_t *o)
{
    fprintf(fp,
"Usage: her2cn regions [options] [in.bam|in.cram]\n"
"Print the region set that `her2cn call` would use, as BED:\n"
"chrom, start, end, name, role (gene, neighbour, local, chr17, reference, sex).\n\n"
"Region options:\n"
"  -g, --genome NAME      GRCh38, GRCh37 or auto (from the input's header) [%s]\n"
"      --no-chr           bare contig names (17, not chr17) without an input\n"
"      --genes BED        genes to call, name in column 4 [built-in ERBB2]\n"
"  -t, --targets BED      capture targets (panel/exome mode)\n"
"  -f, --reference FASTA  reference, for reading the header of a CRAM input\n"
"      --stats            print a summary per role (bins, bases, share of the\n"
"                         genome) and the design instead of the BED\n"
"  -h, --help             this help\n\n"
"Without an input the built-in genome is used (GRCh38 when -g is auto).\n",
            o->cli.build == H2_BUILD_UNKNOWN ? "auto" : h2_build_name(o->cli.build));
}

/* --stats: bins and bases per role, the union of all bins (what a query
 * plan must read at least) and its share of the genome. */
static int write_stats(const h2_regset_t *rs, FILE *fp)
{
    uint64_t n[H2_N_ROLES] = {0}, bp[H2_N_ROLES] = {0}, uni = 0, glen = 0;
    hts_pos_t cur_end = -1;
    int cur_contig = -1, i;
    for (i = 0; i < rs->genome->n_contigs; i++)
        glen += (uint64_t)rs->genome->contigs[i].len;
    for (i = 0; i < rs->n_bins; i++) {
        const h2_bin_t *b = &rs->bins[i];
        hts_pos_t s = b->start;
        n[b->role]++;
        bp[b->role] += (uint64_t)(b->end - b->start);
        if (b->contig != cur_contig)
            cur_contig = b->contig, cur_end = -1;
        if (s < cur_end)
            s = cur_end;
        if (b->end > s)
            uni += (uint64_t)(b->end - s), cur_end = b->end;
    }
    fprintf(fp, "# her2cn region set: %s, %s mode, %d bins\n", h2_build_name(rs->build),
            rs->par.panel ? "panel" : "whole-genome", rs->n_bins);
    if (!rs->par.panel)
        fprintf(fp, "# design: reference bins of %lld bp (chosen for the standard error of the\n"
                "# baseline against the bytes read: see docs/BENCHMARKS.md, \"Region set\"),\n"
                "# local bins of %lld bp around %s\n", (long long)rs->par.ref_bin_size,
                (long long)rs->par.local_bin_size, rs->n_genes ? rs->genes[0].name : "the gene");
    fprintf(fp, "role\tbins\tbases\tgenome_fraction\n");
    for (i = 0; i < H2_N_ROLES; i++)
        fprintf(fp, "%s\t%llu\t%llu\t%.5f\n", h2_role_name((h2_role_t)i), (unsigned long long)n[i],
                (unsigned long long)bp[i], glen ? (double)bp[i] / (double)glen : 0.0);
    fprintf(fp, "union\t%d\t%llu\t%.5f\n", rs->n_bins, (unsigned long long)uni,
            glen ? (double)uni / (double)glen : 0.0);
    return ferror(fp) ? H2_EIO : 0;
}

enum { O_NOCHR = H2_CLI_OWN, O_STATS };

/* One option of regions' own: 0, 1 after -h, -1 when wrong (usage printed). */
static int set_option(void *ctx, int c, const char *arg)
{
    regions_opt_t *o = ctx;
    switch (c) {
    case O_NOCHR: o->chr_prefix = 0; return 0;
    case O_STATS: o->stats = 1; return 0;
    case 'h': usage(stdout, o); return 1;
    default: usage(stderr, o); return -1;
    }
}

/* Options and the optional input: 0, or the exit code to stop with (-1: -h). */
static int parse_args(int argc, char *argv[], regions_opt_t *o)
{
    static const struct option own[] = {
        {"no-chr", no_argument, NULL, O_NOCHR}, {"help", no_argument, NULL, 'h'},
        {"stats", no_argument, NULL, O_STATS}, {NULL, 0, NULL, 0}};
    int r = h2_cli_getopt(&o->cli, argc, argv, "g:t:f:h", own, set_option, o);
    if (r != 0)
        return r > 0 ? -1 : H2_EXIT_USAGE;
    if (argc - optind > 1) {
        usage(stderr, o);
        return H2_EXIT_USAGE;
    }
    o->input = optind < argc ? argv[optind] : NULL;
    if (!o->input && o->cli.build == H2_BUILD_CUSTOM) {
        fprintf(stderr, CMD ": a custom genome needs an input file for its contigs\n");
        return H2_EXIT_USAGE;
    }
    return 0;
}

int main_regions(int argc, char *argv[])
{
    regions_opt_t o = {.chr_prefix = 1};
    h2_cli_regions_t r = {0};
    h2_err_t err = {{0}};
    int rc;
    h2_cli_opt_init(&o.cli, CMD, H2_CLI_GENOME_ANY | H2_CLI_REGIONS);
    hts_set_log_level(HTS_LOG_OFF);   /* her2cn reports a bad input itself */
    if ((rc = parse_args(argc, argv, &o)) != 0)
        return rc < 0 ? H2_EXIT_OK : rc;
    if (!o.input) {         /* the built-in genome, GRCh38 when -g is auto */
        h2_build_t b = o.cli.build == H2_BUILD_UNKNOWN ? H2_BUILD_GRCH38 : o.cli.build;
        if (!(r.genome = h2_genome_builtin(b, o.chr_prefix)))
            rc = h2_fail(&err, H2_ENOMEM, "out of memory");
    }
    if (rc == 0 && (rc = h2_cli_regions_open(&r, &o.cli, o.input, &err)) == 0 &&
        ((o.stats ? write_stats(r.rs, stdout) : h2_regions_write_bed(r.rs, stdout)) < 0 ||
         fflush(stdout) != 0))
        rc = h2_fail(&err, H2_EIO, "cannot write to standard output");
    rc = h2_cli_exit(CMD, rc, &err);
    h2_cli_regions_free(&r);
    return rc;
}
