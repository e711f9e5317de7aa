/* faultinject.c -- LD_PRELOAD shim for the output tests (tests/e2e/96-outputs.sh):
 * makes renames slow and writes fail, to reach the races and the disk-full
 * paths that a test cannot wait for. Built by the test itself:
 *     cc -shared -fPIC -o fault.so tests/tools/faultinject.c -ldl
 * Environment (each optional):
 *   H2_FAULT_RENAME_MS=N   sleep N ms after every rename() (the rename is done)
 *   H2_FAULT_ENOSPC=STR    write() to a file whose path contains STR fails with
 *                          ENOSPC once H2_FAULT_AFTER bytes (default 0) went to it */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int rename(const char *from, const char *to)
{
    static int (*real)(const char *, const char *);
    const char *ms = getenv("H2_FAULT_RENAME_MS");
    if (!real)
        real = (int (*)(const char *, const char *))dlsym(RTLD_NEXT, "rename");
    int r = real(from, to), e = errno;
    if (ms)
        usleep((useconds_t)atol(ms) * 1000);
    errno = e;
    return r;
}

static long written[1024];

ssize_t write(int fd, const void *buf, size_t n)
{
    static ssize_t (*real)(int, const void *, size_t);
    const char *pat = getenv("H2_FAULT_ENOSPC");
    if (!real)
        real = (ssize_t (*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
    if (pat && fd > 2 && fd < 1024) {
        char link[64], path[PATH_MAX];
        snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
        ssize_t l = readlink(link, path, sizeof path - 1);
        if (l > 0) {
            path[l] = 0;
            const char *after = getenv("H2_FAULT_AFTER");
            if (strstr(path, pat) && written[fd] + (long)n > (after ? atol(after) : 0)) {
                errno = ENOSPC;
                return -1;
            }
        }
    }
    ssize_t r = real(fd, buf, n);
    if (r > 0 && fd > 2 && fd < 1024)
        written[fd] += r;
    return r;
}
