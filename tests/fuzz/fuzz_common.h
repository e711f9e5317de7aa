/* fuzz_common.h -- helpers shared by the libFuzzer harnesses. The readers
 * under test take file paths, so each input is written to an in-memory file
 * (memfd) and handed over as /proc/self/fd/N: no disk I/O per execution. */
#ifndef H2_FUZZ_COMMON_H
#define H2_FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <htslib/hts.h>

static int fuzz_write_all(int fd, const void *p, size_t n)
{
    const char *s = p;
    while (n > 0) {
        ssize_t w = write(fd, s, n);
        if (w <= 0)
            return -1;
        s += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Put pre + data + post into in-memory file number `slot` (0..3) and
 * return a path that opens it from the start. */
__attribute__((unused)) static const char *fuzz_file(int slot, const char *pre, const uint8_t *data, size_t size,
                             const char *post)
{
    static int fd[4] = {-1, -1, -1, -1};
    static char path[4][64];
    if (fd[slot] < 0) {
        if ((fd[slot] = memfd_create("h2fuzz", 0)) < 0)
            abort();
        snprintf(path[slot], sizeof path[slot], "/proc/self/fd/%d", fd[slot]);
        hts_set_log_level(HTS_LOG_OFF);
    }
    if (ftruncate(fd[slot], 0) != 0 || lseek(fd[slot], 0, SEEK_SET) != 0 ||
        (pre && fuzz_write_all(fd[slot], pre, strlen(pre)) < 0) ||
        fuzz_write_all(fd[slot], data, size) < 0 ||
        (post && fuzz_write_all(fd[slot], post, strlen(post)) < 0))
        abort();
    return path[slot];
}

#endif
