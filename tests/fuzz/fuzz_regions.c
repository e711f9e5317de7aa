/* fuzz_regions.c -- libFuzzer harness for the genes BED and region building:
 * the input is a genes BED, optionally followed by a line "%%" and a targets
 * BED; the region set is built on a small custom genome, or on GRCh38 when
 * the input starts with "#G". A built region set must satisfy its contract
 * (bins sorted, inside their contigs, every called gene with bins). */
#include "fuzz_common.h"
#include "h2_bed.h"
#include "h2_regions.h"

static const char *HDR_SMALL =
    "@SQ\tSN:chr1\tLN:2000000\n@SQ\tSN:chr2\tLN:2000000\n@SQ\tSN:chr3\tLN:2000000\n"
    "@SQ\tSN:chr17\tLN:3000000\n@SQ\tSN:chrX\tLN:1000000\n@SQ\tSN:chrM\tLN:16569\n";

static h2_genome_t *genome(int grch38)
{
    static h2_genome_t *g[2];
    if (!g[grch38]) {
        if (grch38) {
            g[1] = h2_genome_builtin(H2_BUILD_GRCH38, 1);
        } else {
            sam_hdr_t *h = sam_hdr_parse(strlen(HDR_SMALL), HDR_SMALL);
            g[0] = h ? h2_genome_from_header(h) : NULL;
            sam_hdr_destroy(h);
        }
        if (!g[grch38])
            abort();
    }
    return g[grch38];
}

static void check(const h2_regset_t *rs)
{
    for (int i = 0; i < rs->n_bins; i++) {
        const h2_bin_t *b = &rs->bins[i], *p = i ? &rs->bins[i - 1] : NULL;
        if (b->contig < 0 || b->contig >= rs->genome->n_contigs || b->start < 0 ||
            b->end <= b->start || b->end > rs->genome->contigs[b->contig].len)
            abort();
        if (p && (p->contig > b->contig || (p->contig == b->contig && p->start > b->start)))
            abort();
    }
    for (int j = 0; j < rs->n_genes; j++) {
        int n = 0;
        for (int i = 0; i < rs->n_bins; i++)
            n += rs->bins[i].gene == j;
        if (rs->genes[j].called && n == 0)
            abort();
    }
}

static h2_bed_t *read_part(const uint8_t *d, size_t n, int slot, int need_name)
{
    h2_err_t err = {{0}};
    int rc;
    return h2_bed_read(fuzz_file(slot, NULL, d, n, NULL), need_name, &err, &rc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *sep = NULL;
    h2_bed_t *genes = NULL, *targets = NULL;
    h2_err_t err = {{0}};
    int rc = 0, g38 = size > 1 && data[0] == '#' && data[1] == 'G';
    for (size_t i = 0; i + 2 < size; i++)
        if (data[i] == '%' && data[i + 1] == '%' && data[i + 2] == '\n') {
            sep = data + i;
            break;
        }
    genes = read_part(data, sep ? (size_t)(sep - data) : size, 0, 1);
    if (sep)
        targets = read_part(sep + 3, size - (sep + 3 - data), 1, 0);
    if (genes && (!sep || targets)) {
        h2_genome_t *g = genome(g38);
        h2_regset_t *rs = h2_regions_build(g, genes, targets, &err, &rc);
        if (rs)
            check(rs);
        else if (rc >= 0 || !err.msg[0])
            abort();
        h2_regions_destroy(rs);
    }
    h2_bed_destroy(genes);
    h2_bed_destroy(targets);
    return 0;
}
