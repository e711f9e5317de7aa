/* faultinject.c -- LD_PRELOAD shim for the output tests (tests/e2e/96-outputs.sh):
 * makes renames slow and writes fail, to reach the races and the disk-full
 * paths that a test cannot wait for. Built by the test itself:
 *     cc -shared -fPIC -o fault.so tests/tools/faultinject.c -ldl
 * Environment (each optional):
 *   H2_FAULT_RENAME_MS=N   sleep N ms after every rename() (the rename is done)
 *   H2_FAULT_ENOSPC=STR    write() to a file whose path contains STR fails with
 *                          ENOSPC once H2_FAULT_AFTER bytes (default 0) went to it;
 *                          fclose() of such a file fails with ENOSPC (stdio's own
 *                          writes do not go through write() here) */
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

/* 1 if descriptor fd is a file whose path contains H2_FAULT_ENOSPC. */
static int matches(int fd)
{
    const char *pat = getenv("H2_FAULT_ENOSPC");
    char link[64], path[PATH_MAX];
    ssize_t l;
    if (!pat || fd <= 2)
        return 0;
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    if ((l = readlink(link, path, sizeof path - 1)) <= 0)
        return 0;
    path[l] = 0;
    return strstr(path, pat) != NULL;
}

int fclose(FILE *fp)
{
    static int (*real)(FILE *);
    if (!real)
        real = (int (*)(FILE *))dlsym(RTLD_NEXT, "fclose");
    int hit = fp && matches(fileno(fp)), r = real(fp);
    if (hit) {
        errno = ENOSPC;
        return EOF;
    }
    return r;
}

static long written[1024];

ssize_t write(int fd, const void *buf, size_t n)
{
    static ssize_t (*real)(int, const void *, size_t);
    const char *after = getenv("H2_FAULT_AFTER");
    if (!real)
        real = (ssize_t (*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
    if (fd < 1024 && matches(fd) && written[fd] + (long)n > (after ? atol(after) : 0)) {
        errno = ENOSPC;
        return -1;
    }
    ssize_t r = real(fd, buf, n);
    if (r > 0 && fd > 2 && fd < 1024)
        written[fd] += r;
    return r;
}
