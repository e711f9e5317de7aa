/* testutil.c -- helpers that several Check suites share (testutil.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <htslib/kstring.h>
#include "testutil.h"

const char *th_path(const char *dir, const char *name)
{
    static char buf[4][1024];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
    return buf[k];
}

int th_run(const char *fmt, ...)
{
    kstring_t ks = KS_INITIALIZE;
    va_list ap;
    int r;
    va_start(ap, fmt);
    r = kvsprintf(&ks, fmt, ap);
    va_end(ap);
    r = r < 0 ? -1 : system(ks.s);
    free(ks.s);
    return r;
}
