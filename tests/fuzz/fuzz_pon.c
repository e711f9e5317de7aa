/* fuzz_pon.c -- libFuzzer harness for the panel-of-normals reader
 * h2_pon_read(). The file is BGZF-compressed text; fuzzing compressed bytes
 * would mostly test zlib, so the harness compresses the fuzz input itself and
 * the reader sees every header line and row the fuzzer makes up. When the
 * first byte is odd the BGZF end-of-file block is left out, as in a file cut
 * short. Every input must either load (and then be self-consistent) or fail
 * with a message and a negative code. */
#include "fuzz_common.h"
#include <htslib/bgzf.h>
#include "h2_pon.h"

static char path[64];
static int fd = -1;

static const char *pon_file(const uint8_t *data, size_t size)
{
    BGZF *fp;
    off_t end;
    if (fd < 0) {
        if ((fd = memfd_create("h2fuzzpon", 0)) < 0)
            abort();
        snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
        hts_set_log_level(HTS_LOG_OFF);
    }
    if (!(fp = bgzf_open(path, "w")))
        abort();
    if (size > 1 && bgzf_write(fp, data + 1, size - 1) < 0)
        abort();
    if (bgzf_close(fp) < 0)
        abort();
    /* odd first byte: cut off the 28-byte BGZF end-of-file block */
    if (size > 0 && (data[0] & 1) && ((end = lseek(fd, 0, SEEK_END)) < 28 ||
                                      ftruncate(fd, end - 28) != 0))
        abort();
    return path;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    h2_err_t err = {{0}};
    int rc = 1;
    h2_pon_t *p = h2_pon_read(pon_file(data, size), &err, &rc);
    if (!p) {
        if (rc >= 0 || !err.msg[0])
            abort();            /* failure without a code or a message */
        return 0;
    }
    if (rc != 0)
        abort();
    uint8_t *mask = h2_pon_exclude_mask(p);
    free(mask);
    h2_pon_destroy(p);
    return 0;
}
