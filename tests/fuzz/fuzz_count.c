/* fuzz_count.c -- libFuzzer harness for a stream of alignment records
 * through the counter, normalisation and the estimator: the input is the
 * body of a SAM file (records) after a fixed header of a small genome; it is
 * streamed by h2_count_run (no index), then h2_normalise and h2_estimate run
 * when counting succeeds. Errors must come with a code and a message;
 * results must be finite where the contract says so. */
#include <math.h>
#include "fuzz_common.h"
#include "h2_bed.h"
#include "h2_count.h"
#include "h2_estimate.h"
#include "h2_normalise.h"
#include "h2_purity.h"
#include "h2_regions.h"

static const char *HDR =
    "@HD\tVN:1.6\tSO:coordinate\n"
    "@SQ\tSN:chr1\tLN:200000\n@SQ\tSN:chr2\tLN:200000\n@SQ\tSN:chr3\tLN:200000\n"
    "@SQ\tSN:chr17\tLN:300000\n";

static h2_regset_t *regset(void)
{
    static h2_regset_t *rs;
    if (!rs) {
        sam_hdr_t *h = sam_hdr_parse(strlen(HDR), HDR);
        h2_genome_t *g = h ? h2_genome_from_header(h) : NULL;   /* kept for rs */
        h2_bed_t *genes = calloc(1, sizeof *genes);
        h2_err_t err;
        int rc;
        if (!g || !genes || !(genes->rec = calloc(1, sizeof *genes->rec)))
            abort();
        genes->n = genes->m = 1;
        genes->rec[0].chrom = strdup("chr17");
        genes->rec[0].name = strdup("G");
        genes->rec[0].start = 150000;
        genes->rec[0].end = 154000;
        genes->rec[0].value = NAN;
        if (!(rs = h2_regions_build(g, genes, NULL, &err, &rc)))
            abort();
        h2_bed_destroy(genes);
        sam_hdr_destroy(h);
    }
    return rs;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    h2_regset_t *rs = regset();
    h2_count_opt_t co;
    h2_call_opt_t call;
    h2_err_t err = {{0}};
    h2_counts_t *c;
    h2_norm_t *nm = NULL;
    h2_estimates_t *e = NULL;
    h2_purity_t *fit = NULL;
    h2_purity_opt_t po;
    int rc = 0;
    const char *path = fuzz_file(0, HDR, data, size, NULL);
    h2_count_opt_init(&co);
    co.min_mq = size > 0 ? data[0] % 40 : 20;
    co.baf = size > 1 ? data[1] & 1 : 0;      /* the allele pileup on half the inputs */
    h2_purity_opt_init(&po);
    h2_call_opt_init(&call);
    call.purity = 1.0;
    call.ploidy = 2.0;
    if (!(c = h2_count_run(path, rs, &co, &err, &rc))) {
        if (rc >= 0 || !err.msg[0])
            abort();
        return 0;
    }
    for (int i = 0; i < c->n_bins; i++)
        if (c->reads[i] > c->bases[i] || c->bases[i] > (uint64_t)1 << 48)
            abort();            /* a read in a bin has >= 1 base there */
    for (int i = 0; c->alleles && i < c->alleles->n; i++) {
        const h2_allele_t *a = &c->alleles->a[i];
        if (a->n_a + a->n_b > a->depth || a->bin < 0 || a->bin >= c->n_bins)
            abort();            /* two alleles never exceed the depth */
    }
    if ((nm = h2_normalise(rs, c, NULL, &err, &rc))) {
        if (!(fit = h2_purity_fit(rs, nm, c->alleles, &po, &err, &rc)))
            abort();            /* only allocation failure may fail here */
        if (!(fit->best.model.purity > 0 && fit->best.model.purity <= 1))
            abort();
        if (!(e = h2_estimate(rs, c, nm, &call, (size & 4) ? fit : NULL, &err, &rc)))
            abort();
        for (int i = 0; i < e->n; i++)
            if (isnan(e->g[i].cn) || e->g[i].cn < 0)
                abort();
    } else if (rc >= 0 || !err.msg[0]) {
        abort();
    }
    h2_estimates_destroy(e);
    h2_purity_destroy(fit);
    h2_norm_destroy(nm);
    h2_counts_destroy(c);
    return 0;
}
