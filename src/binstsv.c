/* binstsv.c -- the per-bin TSV of `her2cn call --bins`: the writer and the
 * reader (`her2cn pon` takes bins TSVs instead of BAMs). See h2_binstsv.h. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "h2_baf.h"
#include "h2_binstsv.h"

/* ---- write ---- */

/* A number with fixed significant digits, "NA" when not finite; -0 as 0. */
static void put_g(FILE *fp, double x, int digits)
{
    if (!isfinite(x))
        fputs("\tNA", fp);
    else
        fprintf(fp, "\t%.*g", digits, x == 0 ? 0.0 : x);
}

/* One row; n_het/maf (the allele columns) are NULL when no alleles were counted. */
static void bins_line(FILE *fp, const h2_regset_t *rs, int i, const h2_counts_t *c,
                      const h2_gc_t *gc, const h2_norm_t *nm, const int *n_het,
                      const double *maf)
{
    const h2_bin_t *b = &rs->bins[i];
    fprintf(fp, "%s\t%"PRIhts_pos"\t%"PRIhts_pos"\t%s\t%s",
            rs->genome->contigs[b->contig].name, b->start, b->end,
            h2_bin_name(rs, i), h2_role_name(b->role));
    if (c)
        fprintf(fp, "\t%llu\t%llu\t%llu", (unsigned long long)c->bases[i],
                (unsigned long long)c->reads[i], (unsigned long long)c->mq0[i]);
    else
        fputs("\tNA\tNA\tNA", fp);
    put_g(fp, nm ? nm->depth[i] : NAN, 6);
    put_g(fp, gc && gc->gc ? gc->gc[i] : NAN, 4);
    put_g(fp, nm ? nm->log2_raw[i] : NAN, 6);
    put_g(fp, nm ? nm->log2[i] : NAN, 6);
    if (nm)
        fprintf(fp, "\t%d", nm->usable[i] ? 1 : 0);
    else
        fputs("\tNA", fp);
    if (nm && nm->expected) {   /* reference columns, only with --pon/--normal */
        put_g(fp, nm->expected[i], 6);
        put_g(fp, nm->spread ? nm->spread[i] : NAN, 4);
    }
    if (n_het) {                /* allele columns, only when alleles were counted */
        fprintf(fp, "\t%d", n_het[i]);
        put_g(fp, maf[i], 4);
    }
    if (nm && nm->gc_extreme)   /* GC column, only with a GC correction */
        fprintf(fp, "\t%d", nm->gc_extreme[i] ? 1 : 0);
    fputc('\n', fp);
}

/* The ## lines: format version and what made the counts (h2_bins_meta_t). */
static void bins_meta_write(FILE *fp, const h2_regset_t *rs, const h2_bins_meta_t *m)
{
    fprintf(fp, "##her2cnBins=%d\n##source=her2cn %s\n##build=%s\n##minMQ=%d\n"
            "##excludeFlags=%d\n", H2_BINS_VERSION, H2_VERSION,
            h2_build_name(rs->build), m->min_mq, m->exclude_flags);
}

int h2_bins_write(const char *path, const h2_regset_t *rs, const h2_counts_t *c,
                  const h2_gc_t *gc, const h2_norm_t *nm, const h2_bins_meta_t *meta,
                  h2_err_t *err)
{
    int to_stdout = strcmp(path, "-") == 0, r = 0, *n_het = NULL;
    double *maf = NULL;
    FILE *fp = NULL;
    if ((c && c->n_bins != rs->n_bins) || (nm && nm->n_bins != rs->n_bins)
        || (gc && gc->n_bins != rs->n_bins))
        return h2_fail(err, H2_EINTERNAL, "bin counts do not match the region set");
    if (c && c->alleles && (!(n_het = malloc((rs->n_bins + 1) * sizeof *n_het))
                            || !(maf = malloc((rs->n_bins + 1) * sizeof *maf))
                            || h2_alleles_bin_maf(c->alleles, rs->n_bins, n_het, maf) < 0)) {
        r = h2_fail(err, H2_ENOMEM, "out of memory");
        goto out;
    }
    errno = 0;
    fp = to_stdout ? stdout : fopen(path, "w");
    if (!fp) {
        r = h2_fail(err, H2_EIO, "cannot write \"%s\": %s", path, strerror(errno));
        goto out;
    }
    bins_meta_write(fp, rs, meta);
    fputs("#chrom\tstart\tend\tname\trole\tbases\treads\tmq0\tdepth\tgc\t"
          "log2_raw\tlog2\tusable", fp);
    fputs(nm && nm->expected ? "\texpected\tspread" : "", fp);
    fputs(n_het ? "\thet_sites\tbaf" : "", fp);
    fputs(nm && nm->gc_extreme ? "\tgc_extreme\n" : "\n", fp);
    for (int i = 0; i < rs->n_bins; i++)
        bins_line(fp, rs, i, c, gc, nm, n_het, maf);
    errno = 0;
    if (to_stdout)
        r = (fflush(fp) != 0 || ferror(fp)) ? -1 : 0;
    else {
        int bad = ferror(fp);
        r = (fclose(fp) != 0 || bad) ? -1 : 0;
    }
    if (r < 0)
        r = h2_fail(err, H2_EIO, "cannot write \"%s\": %s", path,
                    errno ? strerror(errno) : "write error");
out:
    free(n_het);
    free(maf);
    return r;
}

/* ---- read ---- */

static int bins_parse_line(h2_counts_t *c, const h2_regset_t *rs, int i, char *s,
                           const char *path, int line, h2_err_t *err)
{
    char *f[8];
    int nf = 0;
    long v[5];
    for (char *t = s; nf < 8; ) {
        f[nf++] = t;
        if (!(t = strchr(t, '\t')))
            break;
        *t++ = 0;
    }
    if (nf < 8)
        return h2_fail(err, H2_EINPUT, "\"%s\" line %d: fewer than 8 columns", path, line);
    const h2_bin_t *b = &rs->bins[i];
    const char *want = rs->genome->contigs[b->contig].name;
    int idx[5] = {1, 2, 5, 6, 7};
    for (int k = 0; k < 5; k++)
        if (h2_parse_long(f[idx[k]], &v[k]) < 0 || v[k] < 0)
            return h2_fail(err, H2_EINPUT, "\"%s\" line %d: column %d is not a count", path,
                           line, idx[k] + 1);
    if (!h2_contig_name_eq(f[0], want) || v[0] != b->start || v[1] != b->end ||
        strcmp(f[3], h2_bin_name(rs, i)) || strcmp(f[4], h2_role_name(b->role)))
        return h2_fail(err, H2_EINPUT, "\"%s\" line %d: bin %s:%s-%s (%s) is not the region "
                       "set's %s:%lld-%lld (%s): made with other --genome/--genes/--targets?",
                       path, line, f[0], f[1], f[2], f[4], want, (long long)b->start,
                       (long long)b->end, h2_role_name(b->role));
    c->bases[i] = (uint64_t)v[2];
    c->reads[i] = (uint64_t)v[3];
    c->mq0[i] = (uint64_t)v[4];
    return 0;
}

typedef struct {
    h2_counts_t *c;
    const h2_regset_t *rs;
    const char *path;
    const h2_bins_meta_t *want; /* filters the counts must have been made with, or NULL */
    int n;                      /* bins read */
    int in_header;              /* still in the ## lines / before #chrom */
    int version, min_mq, exclude_flags;    /* from the ## lines; -1 when absent */
} bins_reader_t;

static const char bins_head[] = "#chrom\tstart\tend\tname\trole\tbases\treads\tmq0";

/* One ## line: keep the keys the reader checks, ignore the others. */
static int bins_meta_line(bins_reader_t *rd, const char *s, int lineno, h2_err_t *err)
{
    static const char *keys[] = {"##her2cnBins=", "##minMQ=", "##excludeFlags="};
    int *dest[] = {&rd->version, &rd->min_mq, &rd->exclude_flags};
    long v;
    for (int k = 0; k < 3; k++) {
        size_t len = strlen(keys[k]);
        if (strncmp(s, keys[k], len))
            continue;
        if (h2_parse_long(s + len, &v) < 0 || v < 0 || v > 65535)
            return h2_fail(err, H2_EINPUT, "\"%s\" line %d: bad %.*s value", rd->path, lineno,
                           (int)len - 3, keys[k] + 2);
        *dest[k] = (int)v;
    }
    return 0;
}

/* At the #chrom line: the file must say which read filters made its counts,
 * and they must be the ones asked for (a panel mixes only like with like). */
static int bins_meta_check(const bins_reader_t *rd, h2_err_t *err)
{
    if (rd->version > H2_BINS_VERSION)
        return h2_fail(err, H2_EINPUT, "\"%s\" is bins TSV version %d; this her2cn reads up to "
                       "%d", rd->path, rd->version, H2_BINS_VERSION);
    if (!rd->want)
        return 0;
    if (rd->version < 0 || rd->min_mq < 0 || rd->exclude_flags < 0)
        return h2_fail(err, H2_EINPUT, "\"%s\" does not record the read filters it was counted "
                       "with (no ##her2cnBins/##minMQ/##excludeFlags lines: an older her2cn?): "
                       "re-run her2cn call --bins", rd->path);
    if (rd->min_mq != rd->want->min_mq || rd->exclude_flags != rd->want->exclude_flags)
        return h2_fail(err, H2_EINPUT, "\"%s\" was counted with -q %d --exclude-flags %d, this "
                       "run uses -q %d --exclude-flags %d: counts made with other read filters "
                       "cannot be mixed", rd->path, rd->min_mq, rd->exclude_flags,
                       rd->want->min_mq, rd->want->exclude_flags);
    return 0;
}

static int bins_read_line(void *ctx, kstring_t *line, int lineno, h2_err_t *err)
{
    bins_reader_t *rd = ctx;
    if (rd->in_header && !strncmp(line->s, "##", 2))
        return bins_meta_line(rd, line->s, lineno, err);
    if (rd->in_header) {
        if (strncmp(line->s, bins_head, sizeof bins_head - 1))
            return h2_fail(err, H2_EINPUT, "\"%s\" is not a her2cn bins TSV (`call --bins`)",
                           rd->path);
        rd->in_header = 0;
        return bins_meta_check(rd, err);
    }
    if (rd->n >= rd->rs->n_bins)
        return h2_fail(err, H2_EINPUT, "\"%s\" has more bins than the region set (%d)", rd->path,
                       rd->rs->n_bins);
    return bins_parse_line(rd->c, rd->rs, rd->n++, line->s, rd->path, lineno, err);
}

int h2_bins_sniff(const char *path, h2_err_t *err)
{
    kstring_t ks = KS_INITIALIZE;
    BGZF *fp = h2_text_open(path, err);
    if (!fp)
        return H2_EIO;
    int r = h2_getline(fp, &ks) > 0 && (!strncmp(ks.s, "##her2cnBins=", 13)
                                        || !strncmp(ks.s, bins_head, sizeof bins_head - 1));
    bgzf_close(fp);
    free(ks.s);
    return r;
}

h2_counts_t *h2_bins_read(const char *path, const h2_regset_t *rs, const h2_bins_meta_t *want,
                          h2_err_t *err, int *rc)
{
    h2_counts_t *c = calloc(1, sizeof *c);
    bins_reader_t rd = {.c = c, .rs = rs, .path = path, .want = want, .in_header = 1,
                        .version = -1, .min_mq = -1, .exclude_flags = -1};
    int ret = 0;
    if (!c || !(c->bases = calloc(rs->n_bins + 1, sizeof *c->bases)) ||
        !(c->reads = calloc(rs->n_bins + 1, sizeof *c->reads)) ||
        !(c->mq0 = calloc(rs->n_bins + 1, sizeof *c->mq0)))
        ret = h2_fail(err, H2_ENOMEM, "out of memory");
    else
        c->n_bins = rs->n_bins;
    if (ret == 0 && (ret = h2_read_lines(path, bins_read_line, &rd, err)) == 0 && rd.in_header)
        ret = h2_fail(err, H2_EINPUT, "\"%s\" has no #chrom header line: truncated?", path);
    else if (ret == 0 && rd.n != rs->n_bins)
        ret = h2_fail(err, H2_EINPUT, "\"%s\" has %d bins, the region set %d: truncated, or made "
                      "with other --genome/--genes/--targets?", path, rd.n, rs->n_bins);
    if (h2_set_rc(rc, ret) < 0) {
        h2_counts_destroy(c);
        return NULL;
    }
    return c;
}
