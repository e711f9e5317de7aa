/* fuzz_bed.c -- libFuzzer harness for the BED/targets reader h2_bed_read().
 * Every input must either parse (and every record then satisfies the
 * reader's contract) or fail with a message and a negative code. */
#include "fuzz_common.h"
#include "h2_bed.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    h2_err_t err = {{0}};
    int rc = 1, need_name = size > 0 && (data[0] & 1);
    const char *path = fuzz_file(0, NULL, data, size, NULL);
    h2_bed_t *bed = h2_bed_read(path, need_name, &err, &rc);
    if (!bed) {
        if (rc >= 0 || !err.msg[0])
            abort();            /* failure without a code or a message */
        return 0;
    }
    if (rc != 0 || bed->n <= 0)
        abort();
    for (int i = 0; i < bed->n; i++) {
        const h2_bed_rec_t *r = &bed->rec[i];
        if (!r->chrom || r->start < 0 || r->start >= r->end || (need_name && !r->name))
            abort();
    }
    h2_bed_destroy(bed);
    return 0;
}
