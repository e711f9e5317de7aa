/* cmd_regions.c -- `her2cn regions`: print the region set as BED. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <htslib/sam.h>
#include "h2_cmd.h"
#include "h2_regions.h"

typedef struct {
    h2_build_t build;
    int chr_prefix;
    const char *genes, *targets, *input, *ref;
    int stats;
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
            o->build == H2_BUILD_UNKNOWN ? "auto" : h2_build_name(o->build));
}

/* Genome from the input's header, or the built-in one. */
static h2_genome_t *load_genome(const regions_opt_t *o, h2_err_t *err, int *rc)
{
    if (!o->input) {
        h2_build_t b = o->build == H2_BUILD_UNKNOWN ? H2_BUILD_GRCH38 : o->build;
        h2_genome_t *g = h2_genome_builtin(b, o->chr_prefix);
        *rc = g ? 0 : h2_fail(err, H2_ENOMEM, "out of memory");
        return g;
    }
    samFile *fp = sam_open(o->input, "r");
    sam_hdr_t *hdr = NULL;
    h2_genome_t *g = NULL;
    if (!fp) {
        *rc = h2_fail(err, H2_EIO, "cannot open \"%s\"", o->input);
        return NULL;
    }
    if (o->ref)
        hts_set_fai_filename(fp, o->ref);
    if (!(hdr = sam_hdr_read(fp)) || sam_hdr_nref(hdr) == 0)
        *rc = h2_fail(err, H2_EINPUT, "\"%s\" has no alignment header with @SQ lines", o->input);
    else if (!(g = h2_genome_from_header(hdr)))
        *rc = h2_fail(err, H2_ENOMEM, "out of memory");
    else {
        *rc = 0;
        if (o->build != H2_BUILD_UNKNOWN)
            g->build = o->build;
    }
    sam_hdr_destroy(hdr);
    sam_close(fp);
    return g;
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

int main_regions(int argc, char *argv[])
{
    static const struct option lopts[] = {
        {"genome", required_argument, NULL, 'g'}, {"no-chr", no_argument, NULL, 1},
        {"genes", required_argument, NULL, 2}, {"targets", required_argument, NULL, 't'},
        {"reference", required_argument, NULL, 'f'}, {"help", no_argument, NULL, 'h'},
        {"stats", no_argument, NULL, 3}, {NULL, 0, NULL, 0}};
    regions_opt_t o = {H2_BUILD_UNKNOWN, 1, NULL, NULL, NULL, NULL, 0};
    h2_err_t err = {{0}};
    h2_genome_t *g = NULL;
    h2_bed_t *genes = NULL, *targets = NULL;
    h2_regset_t *rs = NULL;
    int c, rc = 0;
    while ((c = getopt_long(argc, argv, "g:t:f:h", lopts, NULL)) >= 0) {
        switch (c) {
        case 'g':
            if (h2_build_parse(optarg, &o.build) < 0) {
                fprintf(stderr, "her2cn regions: unknown genome \"%s\" (use GRCh38, GRCh37 or auto)\n", optarg);
                return H2_EXIT_USAGE;
            }
            break;
        case 1: o.chr_prefix = 0; break;
        case 2: o.genes = optarg; break;
        case 3: o.stats = 1; break;
        case 't': o.targets = optarg; break;
        case 'f': o.ref = optarg; break;
        case 'h': usage(stdout, &o); return H2_EXIT_OK;
        default: usage(stderr, &o); return H2_EXIT_USAGE;
        }
    }
    if (argc - optind > 1) {
        usage(stderr, &o);
        return H2_EXIT_USAGE;
    }
    o.input = optind < argc ? argv[optind] : NULL;
    if (!o.input && o.build == H2_BUILD_CUSTOM) {
        fprintf(stderr, "her2cn regions: a custom genome needs an input file for its contigs\n");
        return H2_EXIT_USAGE;
    }
    if (!(g = load_genome(&o, &err, &rc)))
        goto out;
    if (o.genes && !(genes = h2_bed_read(o.genes, 1, &err, &rc)))
        goto out;
    if (o.targets && !(targets = h2_bed_read(o.targets, 0, &err, &rc)))
        goto out;
    if (!(rs = h2_regions_build(g, genes, targets, &err, &rc)))
        goto out;
    if ((o.stats ? write_stats(rs, stdout) : h2_regions_write_bed(rs, stdout)) < 0 ||
        fflush(stdout) != 0)
        rc = h2_fail(&err, H2_EIO, "cannot write to standard output");
out:
    if (rc < 0)
        fprintf(stderr, "her2cn regions: %s\n", err.msg);
    h2_regions_destroy(rs);
    h2_bed_destroy(genes);
    h2_bed_destroy(targets);
    h2_genome_destroy(g);
    return h2_exit_code(rc);
}
