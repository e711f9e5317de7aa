/* testutil.h -- helpers that several Check suites share. */
#ifndef H2_TESTUTIL_H
#define H2_TESTUTIL_H

/* "dir/name" in one of four rotating static buffers (so a few can be used
 * in one call's arguments). */
const char *th_path(const char *dir, const char *name);

/* system() of a printf-formatted shell command; returns its status. */
int th_run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
