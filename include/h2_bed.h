/* h2_bed.h -- a strict BED reader for genes and capture targets. */
#ifndef H2_BED_H
#define H2_BED_H

#include <htslib/hts.h>
#include "her2cn.h"

typedef struct {
    char *chrom;
    hts_pos_t start, end;   /* 0-based half-open, as in the file */
    char *name;             /* column 4, or NULL when absent */
    double value;           /* column 5 if numeric, else NAN (simulate: capture efficiency) */
} h2_bed_rec_t;

typedef struct {
    int n, m;
    h2_bed_rec_t *rec;
} h2_bed_t;

/* Read a BED file ("-" is not allowed). Skips blank lines, "#", "track" and
 * "browser" lines; accepts CRLF. Errors (with file:line in err): fewer than 3
 * columns, non-numeric or negative coordinates, start >= end, names required
 * but missing (need_name). Returns NULL with err set (code in *rc if non-NULL). */
h2_bed_t *h2_bed_read(const char *path, int need_name, h2_err_t *err, int *rc);

void h2_bed_destroy(h2_bed_t *bed);

#endif
