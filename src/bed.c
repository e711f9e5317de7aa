/* bed.c -- strict BED reader. Every malformed line is an error that names
 * the file and line: a silently skipped target would change the answer. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <htslib/kstring.h>
#include "h2_bed.h"

static int is_header(const char *s)
{
    return *s == '#' || !strncmp(s, "track", 5) || !strncmp(s, "browser", 7);
}

/* Parse a non-negative coordinate; -1 when not a plain integer. */
static hts_pos_t parse_pos(const char *s)
{
    long v;
    if (*s == '+' || *s == '-' || h2_parse_long(s, &v) < 0 || v < 0)
        return -1;
    return v;
}

static int bed_push(h2_bed_t *bed, h2_bed_rec_t *r)
{
    if (hts_resize(h2_bed_rec_t, bed->n + 1, &bed->m, &bed->rec, 0) < 0)
        return H2_ENOMEM;
    bed->rec[bed->n++] = *r;
    return 0;
}

/* Split s in place on tabs (or runs of spaces when there is no tab). */
static int split_fields(char *s, char **f, int max)
{
    int n = 0;
    const char *sep = strchr(s, '\t') ? "\t" : " ";
    char *save = NULL;
    for (char *t = strtok_r(s, sep, &save); t && n < max; t = strtok_r(NULL, sep, &save))
        f[n++] = t;
    return n;
}

/* A gene name goes into the VCF ID and INFO, the JSON and file names of
 * the reports: printable ASCII without space or the VCF separators ; = , and
 * no quote. 0 when it is one. */
static int bad_name(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x21 || *p > 0x7e || strchr(";=,\"'", *p))
            return 1;
    return 0;
}

static int parse_line(char *line, const char *path, int lineno, int need_name,
                      h2_bed_rec_t *r, h2_err_t *err)
{
    char *f[6];
    int nf = split_fields(line, f, 6);
    memset(r, 0, sizeof *r);
    r->value = NAN;
    if (nf < 3)
        return h2_fail(err, H2_EINPUT, "%s:%d: expected at least 3 columns (chrom, start, end)",
                       path, lineno);
    r->start = parse_pos(f[1]);
    r->end = parse_pos(f[2]);
    if (r->start < 0 || r->end < 0)
        return h2_fail(err, H2_EINPUT, "%s:%d: start and end must be non-negative integers",
                       path, lineno);
    if (r->start >= r->end)
        return h2_fail(err, H2_EINPUT, "%s:%d: start (%lld) must be less than end (%lld)",
                       path, lineno, (long long)r->start, (long long)r->end);
    if (need_name && nf < 4)
        return h2_fail(err, H2_EINPUT, "%s:%d: a name is required in column 4", path, lineno);
    if (need_name && bad_name(f[3]))
        return h2_fail(err, H2_EINPUT, "%s:%d: the gene name in column 4 may hold only printable "
                       "ASCII other than space ; = , and quotes (it becomes the VCF ID)",
                       path, lineno);
    if (nf >= 5) {
        double v;
        if (h2_parse_double(f[4], &v) == 0)
            r->value = v;
    }
    r->chrom = strdup(f[0]);
    r->name = nf >= 4 ? strdup(f[3]) : NULL;
    if (!r->chrom || (nf >= 4 && !r->name)) {
        free(r->chrom);
        free(r->name);
        return h2_fail(err, H2_ENOMEM, "out of memory");
    }
    return 0;
}

typedef struct {
    h2_bed_t *bed;
    const char *path;
    int need_name;
} bed_reader_t;

static int bed_line(void *ctx, kstring_t *line, int lineno, h2_err_t *err)
{
    bed_reader_t *rd = ctx;
    h2_bed_rec_t r;
    int ret;
    if (line->l == 0 || is_header(line->s))
        return 0;
    if (memchr(line->s, 0, line->l))
        return h2_fail(err, H2_EINPUT, "%s:%d: binary data in a BED file", rd->path, lineno);
    if ((ret = parse_line(line->s, rd->path, lineno, rd->need_name, &r, err)) < 0)
        return ret;
    if ((ret = bed_push(rd->bed, &r)) < 0) {
        free(r.chrom);
        free(r.name);
        return h2_fail(err, ret, "out of memory");
    }
    return 0;
}

h2_bed_t *h2_bed_read(const char *path, int need_name, h2_err_t *err, int *rc)
{
    bed_reader_t rd = {calloc(1, sizeof *rd.bed), path, need_name};
    int ret = rd.bed ? h2_read_records(path, bed_line, &rd, &rd.bed->n, "intervals", err)
                     : h2_fail(err, H2_ENOMEM, "out of memory");
    if (h2_set_rc(rc, ret) < 0) {
        h2_bed_destroy(rd.bed);
        rd.bed = NULL;
    }
    return rd.bed;
}

void h2_bed_destroy(h2_bed_t *bed)
{
    if (!bed)
        return;
    for (int i = 0; i < bed->n; i++) {
        free(bed->rec[i].chrom);
        free(bed->rec[i].name);
    }
    free(bed->rec);
    free(bed);
}
