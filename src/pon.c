/* pon.c -- the panel of normals: build, write, read and check a PON file, and
 * the region-set hash it records. See h2_pon.h and README "Panel of normals". */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <htslib/bgzf.h>
#include <htslib/kstring.h>
#include "h2_pon.h"

#define MAD_SD 1.482602218505602  /* robust SD = 1.4826 x MAD for a normal */
#define MIN_BIN_NORMALS 3

/* ---- region-set hash (FNV-1a 64) ---- */

static uint64_t fnv_bytes(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) {
        h ^= b[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

uint64_t h2_regset_hash(const h2_regset_t *rs)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    char buf[64];
    for (int i = 0; i < rs->n_bins; i++) {
        const h2_bin_t *b = &rs->bins[i];
        const char *c = h2_contig_bare(rs->genome->contigs[b->contig].name);
        const char *nm = h2_bin_name(rs, i);
        int len = snprintf(buf, sizeof buf, "\t%lld\t%lld\t%d\t", (long long)b->start,
                           (long long)b->end, (int)b->role);
        h = fnv_bytes(h, c, strlen(c));
        h = fnv_bytes(h, buf, (size_t)len);
        h = fnv_bytes(h, nm, strlen(nm) + 1);
    }
    return h;
}

/* ---- build ---- */

void h2_pon_opt_init(h2_pon_opt_t *o)
{
    o->min_expected = 0.03125;   /* log2 -5, CNVkit's MIN_REF_COVERAGE */
    o->max_spread = 1.0;         /* CNVkit's MAX_REF_SPREAD */
}

void h2_pon_destroy(h2_pon_t *p)
{
    if (!p)
        return;
    for (int i = 0; p->chrom && i < p->n_bins; i++)
        free(p->chrom[i]);
    for (int i = 0; p->name && i < p->n_bins; i++)
        free(p->name[i]);
    for (int i = 0; p->normal_names && i < p->n_normals; i++)
        free(p->normal_names[i]);
    H2_FREE(p->normal_names, p->sexes, p->build, p->chrom, p->name, p->start, p->end, p->role,
            p->n, p->expected, p->spread, p->flags, p);
}

static h2_pon_t *pon_alloc(int n_bins, int n_normals)
{
    h2_pon_t *p = calloc(1, sizeof *p);
    size_t nb = (size_t)n_bins + 1, nn = (size_t)n_normals + 1;
    if (!p)
        return NULL;
    p->version = H2_PON_VERSION;
    p->n_bins = n_bins;
    p->n_normals = n_normals;
    p->normal_names = calloc(nn, sizeof *p->normal_names);
    p->sexes = calloc(nn, sizeof *p->sexes);
    p->chrom = calloc(nb, sizeof *p->chrom);
    p->name = calloc(nb, sizeof *p->name);
    p->start = calloc(nb, sizeof *p->start);
    p->end = calloc(nb, sizeof *p->end);
    p->role = calloc(nb, sizeof *p->role);
    p->n = calloc(nb, sizeof *p->n);
    p->expected = calloc(nb, sizeof *p->expected);
    p->spread = calloc(nb, sizeof *p->spread);
    p->flags = calloc(nb, sizeof *p->flags);
    if (!p->normal_names || !p->sexes || !p->chrom || !p->name || !p->start || !p->end ||
        !p->role || !p->n || !p->expected || !p->spread || !p->flags) {
        h2_pon_destroy(p);
        return NULL;
    }
    return p;
}

/* Normal j's value in bin i on a two-copy scale, or NAN when it has none. */
static double normal_value(const h2_regset_t *rs, const h2_norm_t *nm, h2_sex_t sex, int i)
{
    double v = nm->usable[i] ? exp2(nm->log2[i]) : NAN;
    if (rs->bins[i].role != H2_ROLE_SEX || !isfinite(v))
        return v;
    char k = h2_sex_contig(rs, i);
    if (sex == H2_SEX_UNKNOWN || (k == 'Y' && sex == H2_SEX_FEMALE))
        return NAN;
    return sex == H2_SEX_MALE ? 2 * v : v;
}

/* Expected value, spread and flags of bin i from the normals' values v[0..m-1]. */
static void pon_bin(h2_pon_t *p, int i, double *v, int m, const h2_pon_opt_t *o, double *buf)
{
    p->n[i] = m;
    p->expected[i] = h2_median(v, m);
    p->spread[i] = NAN;
    if (m > 0 && p->expected[i] > 0) {
        int k = 0;
        for (int j = 0; j < m; j++)
            if (v[j] > 0)
                buf[k++] = fabs(log2(v[j] / p->expected[i]));
        /* a zero value is as far off as the floor allows */
        for (int j = k; j < m; j++)
            buf[j] = 10.0;
        p->spread[i] = MAD_SD * h2_median(buf, m);
    }
    p->flags[i] = 0;
    if (m < MIN_BIN_NORMALS)
        p->flags[i] |= H2_PON_FEW;
    if (!(p->expected[i] >= o->min_expected))
        p->flags[i] |= H2_PON_SHALLOW;
    if (isfinite(p->spread[i]) && p->spread[i] > o->max_spread)
        p->flags[i] |= H2_PON_NOISY;
}

h2_pon_t *h2_pon_build(const h2_regset_t *rs, h2_norm_t *const *nms, const char *const *names,
                       const h2_sex_t *sexes, int n, const h2_pon_opt_t *o,
                       h2_err_t *err, int *rc)
{
    h2_pon_t *p = NULL;
    double *v = malloc((n + 1) * sizeof *v), *buf = malloc((n + 1) * sizeof *buf);
    int ret = 0;
    if (n < 3) {
        ret = h2_fail(err, H2_EUSAGE, "a panel of normals needs at least 3 normals (got %d)", n);
        goto out;
    }
    if (!v || !buf || !(p = pon_alloc(rs->n_bins, n))) {
        ret = h2_fail(err, H2_ENOMEM, "out of memory");
        goto out;
    }
    p->panel = rs->par.panel;
    p->hash = h2_regset_hash(rs);
    p->min_expected = o->min_expected;
    p->max_spread = o->max_spread;
    for (int j = 0; j < n; j++) {
        p->sexes[j] = sexes[j];
        if (!(p->normal_names[j] = strdup(names[j] ? names[j] : "."))) {
            ret = h2_fail(err, H2_ENOMEM, "out of memory");
            goto out;
        }
    }
    for (int i = 0; i < rs->n_bins; i++) {
        const h2_bin_t *b = &rs->bins[i];
        int m = 0;
        for (int j = 0; j < n; j++) {
            double x = normal_value(rs, nms[j], sexes[j], i);
            if (isfinite(x))
                v[m++] = x;
        }
        if (!(p->chrom[i] = strdup(rs->genome->contigs[b->contig].name)) ||
            !(p->name[i] = strdup(h2_bin_name(rs, i)))) {
            ret = h2_fail(err, H2_ENOMEM, "out of memory");
            goto out;
        }
        p->start[i] = b->start;
        p->end[i] = b->end;
        p->role[i] = b->role;
        pon_bin(p, i, v, m, o, buf);
    }
out:
    free(v);
    free(buf);
    if (h2_set_rc(rc, ret) < 0) {
        h2_pon_destroy(p);
        return NULL;
    }
    return p;
}

/* ---- write ---- */

static void put_flags(kstring_t *ks, unsigned f)
{
    static const char *names[] = {"shallow", "noisy", "few"};
    int any = 0;
    for (int k = 0; k < 3; k++)
        if (f & (1u << k)) {
            if (any++)
                kputc(',', ks);
            kputs(names[k], ks);
        }
    if (!any)
        kputc('.', ks);
}

static int parse_flags(const char *s, unsigned *out)
{
    static const char *names[] = {"shallow", "noisy", "few"};
    unsigned f = 0;
    if (!strcmp(s, ".")) {
        *out = 0;
        return 0;
    }
    while (*s) {
        size_t l = strcspn(s, ",");
        int k;
        for (k = 0; k < 3; k++)
            if (strlen(names[k]) == l && !strncmp(s, names[k], l))
                break;
        if (k == 3)
            return -1;
        f |= 1u << k;
        s += l + (s[l] == ',');
    }
    *out = f;
    return 0;
}

static void put_num(kstring_t *ks, double x)
{
    if (isfinite(x))
        ksprintf(ks, "\t%.6g", x == 0 ? 0.0 : x);
    else
        kputs("\tNA", ks);
}

/* A normal's name on its ##normal line: a tab, newline or other control
 * character (a file named "a\nb.bam") would break the line, and call --pon
 * then refused the panel; they are written C-style (\t, \n, \r, \xHH),
 * with a backslash as \\. The reader keeps the escaped text: the names are
 * only shown. */
static void put_name(kstring_t *ks, const char *s)
{
    for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
        if (*c == '\\')
            kputs("\\\\", ks);
        else if (*c == '\t')
            kputs("\\t", ks);
        else if (*c == '\n')
            kputs("\\n", ks);
        else if (*c == '\r')
            kputs("\\r", ks);
        else if (*c < 0x20 || *c == 0x7f)
            ksprintf(ks, "\\x%02x", *c);
        else
            kputc(*c, ks);
    }
}

static int pon_format(const h2_pon_t *p, kstring_t *ks)
{
    ksprintf(ks, "##her2cnPON=%d\n##source=her2cn %s\n##build=%s\n##mode=%s\n"
             "##bins=%d\n##regionHash=%016" PRIx64 "\n##minMQ=%d\n##excludeFlags=%d\n"
             "##gcCorrected=%s\n##minExpected=%g\n##maxSpread=%g\n##normals=%d\n",
             p->version, H2_VERSION, p->build ? p->build : "unknown",
             p->panel ? "panel" : "wgs", p->n_bins, p->hash, p->min_mq, p->exclude_flags,
             p->gc_corrected ? "yes" : "no", p->min_expected, p->max_spread, p->n_normals);
    for (int j = 0; j < p->n_normals; j++)
    {
        kputs("##normal=", ks);
        put_name(ks, p->normal_names[j]);
        ksprintf(ks, "\t%s\n", h2_sex_name(p->sexes[j]));
    }
    kputs("#chrom\tstart\tend\tname\trole\tn\texpected\tspread\tflags\n", ks);
    for (int i = 0; i < p->n_bins; i++) {
        ksprintf(ks, "%s\t%lld\t%lld\t%s\t%s\t%d", p->chrom[i], (long long)p->start[i],
                 (long long)p->end[i], p->name[i], h2_role_name(p->role[i]), p->n[i]);
        put_num(ks, p->expected[i]);
        put_num(ks, p->spread[i]);
        kputc('\t', ks);
        put_flags(ks, p->flags[i]);
        if (kputc('\n', ks) < 0)
            return -1;
    }
    return 0;
}

int h2_pon_write(const h2_pon_t *p, const char *path, h2_err_t *err)
{
    kstring_t ks = KS_INITIALIZE;
    BGZF *fp = NULL;
    int ret = 0;
    if (pon_format(p, &ks) < 0) {
        ret = h2_fail(err, H2_ENOMEM, "out of memory");
        goto out;
    }
    errno = 0;
    if (!(fp = bgzf_open(path, "w"))) {
        ret = h2_fail(err, H2_EIO, "cannot write \"%s\": %s", path, strerror(errno ? errno : EIO));
        goto out;
    }
    if (bgzf_write(fp, ks.s, ks.l) != (ssize_t)ks.l)
        ret = h2_fail(err, H2_EIO, "cannot write \"%s\": %s", path, strerror(errno ? errno : EIO));
out:
    if (fp && bgzf_close(fp) < 0 && ret == 0)
        ret = h2_fail(err, H2_EIO, "cannot write \"%s\": %s", path, strerror(errno ? errno : EIO));
    free(ks.s);
    return ret;
}

/* ---- read ---- */

typedef struct {
    const char *path;
    int line;
    h2_err_t *err;
    h2_pon_t *p;
    int n_rows, n_names, in_header, declared;
} rd_t;

static int rd_bad(rd_t *r, const char *what)
{
    return h2_fail(r->err, H2_EINPUT, "\"%s\" line %d: %s: not a valid her2cn PON file",
                   r->path, r->line, what);
}

static int header_line(h2_pon_t *p, const char *s, int *n_names, rd_t *r)
{
    const char *eq = strchr(s, '=');
    long v;
    if (!eq)
        return rd_bad(r, "header line without '='");
    size_t kl = (size_t)(eq - s - 2);
    const char *key = s + 2, *val = eq + 1;
#define KEY(k) (kl == strlen(k) && !strncmp(key, k, kl))
    if (KEY("build")) {
        free(p->build);     /* a repeated line: the last one counts */
        return (p->build = strdup(val)) ? 0 : H2_ENOMEM;
    }
    if (KEY("mode"))
        p->panel = !strcmp(val, "panel");
    else if (KEY("bins") || KEY("minMQ") || KEY("excludeFlags") || KEY("normals")) {
        if (h2_parse_long(val, &v) < 0 || v < 0 || v > 100000000 ||
            (KEY("normals") && v > 100000))
            return rd_bad(r, "bad number");
        if (KEY("bins"))
            p->n_bins = (int)v;
        else if (KEY("minMQ"))
            p->min_mq = (int)v;
        else if (KEY("excludeFlags"))
            p->exclude_flags = (int)v;
        else
            p->n_normals = (int)v;
    } else if (KEY("regionHash")) {
        char *end;
        errno = 0;
        p->hash = strtoull(val, &end, 16);
        if (errno || *end || end == val)
            return rd_bad(r, "bad regionHash");
    } else if (KEY("gcCorrected"))
        p->gc_corrected = !strcmp(val, "yes");
    else if (KEY("minExpected") || KEY("maxSpread")) {
        double d;
        if (h2_parse_double(val, &d) < 0)
            return rd_bad(r, "bad number");
        *(KEY("minExpected") ? &p->min_expected : &p->max_spread) = d;
    } else if (KEY("normal")) {
        const char *tab = strchr(val, '\t');
        h2_sex_t sx;
        if (!tab || *n_names >= p->n_normals || h2_sex_parse(tab + 1, &sx) < 0)
            return rd_bad(r, "bad ##normal line (or it comes before ##normals)");
        p->sexes[*n_names] = sx;
        if (!(p->normal_names[(*n_names)++] = strndup(val, (size_t)(tab - val))))
            return H2_ENOMEM;
    }
#undef KEY
    return 0;
}

/* Give p arrays for `cap` bins (p->n_bins becomes cap, so that destroying a
 * half-read PON is safe). The reader starts small and grows the arrays as rows
 * arrive (pon_grow), so a header that claims many bins costs nothing until
 * the rows are really there. */
static int pon_alloc_arrays(h2_pon_t *p, int cap)
{
    h2_pon_t *q = pon_alloc(cap, p->n_normals);
    if (!q)
        return H2_ENOMEM;
#define MOVE(f) do { p->f = q->f; q->f = NULL; } while (0)
    MOVE(normal_names); MOVE(sexes); MOVE(chrom); MOVE(name); MOVE(start); MOVE(end);
    MOVE(role); MOVE(n); MOVE(expected); MOVE(spread); MOVE(flags);
#undef MOVE
    p->n_bins = cap;
    h2_pon_destroy(q);
    return 0;
}

/* Grow the per-bin arrays of p from p->n_bins to cap entries. */
static int pon_grow(h2_pon_t *p, int cap)
{
    size_t nb = (size_t)cap + 1;
#define GROW(f)                                   \
    do {                                          \
        void *t_ = realloc(p->f, nb * sizeof *p->f); \
        if (!t_)                                  \
            return H2_ENOMEM;                     \
        p->f = t_;                                \
    } while (0)
    GROW(chrom);
    GROW(name);
    GROW(start);
    GROW(end);
    GROW(role);
    GROW(n);
    GROW(expected);
    GROW(spread);
    GROW(flags);
#undef GROW
    for (int i = p->n_bins; i < cap; i++)
        p->chrom[i] = p->name[i] = NULL;
    p->n_bins = cap;
    return 0;
}

static int role_parse(const char *s, h2_role_t *out)
{
    for (int k = 0; k < H2_N_ROLES; k++)
        if (!strcmp(s, h2_role_name((h2_role_t)k))) {
            *out = (h2_role_t)k;
            return 0;
        }
    return -1;
}

static int num_or_na(const char *s, double *out)
{
    if (!strcmp(s, "NA")) {
        *out = NAN;
        return 0;
    }
    return h2_parse_double(s, out);
}

static int data_line(h2_pon_t *p, int i, char *s, rd_t *r)
{
    char *f[10];
    int nf = 0;
    long a, b, n;
    for (char *t = s; nf < 10; nf++) {
        f[nf] = t;
        if (!(t = strchr(t, '\t'))) {
            nf++;
            break;
        }
        *t++ = 0;
    }
    if (nf != 9)
        return rd_bad(r, "expected 9 columns");
    if (h2_parse_long(f[1], &a) < 0 || h2_parse_long(f[2], &b) < 0 || a < 0 || b <= a ||
        h2_parse_long(f[5], &n) < 0 || n < 0 || n > p->n_normals ||
        role_parse(f[4], &p->role[i]) < 0 || num_or_na(f[6], &p->expected[i]) < 0 ||
        num_or_na(f[7], &p->spread[i]) < 0 || parse_flags(f[8], &p->flags[i]) < 0)
        return rd_bad(r, "bad value");
    if (p->expected[i] <= 0 || p->spread[i] < 0)
        return rd_bad(r, "expected must be > 0 and spread >= 0 (or NA)");
    p->start[i] = a;
    p->end[i] = b;
    p->n[i] = (int)n;
    if (!(p->chrom[i] = strdup(f[0])) || !(p->name[i] = strdup(f[3])))
        return H2_ENOMEM;
    return 0;
}

static int pon_first_line(h2_pon_t *p, const char *s, rd_t *r)
{
    long v;
    if (strncmp(s, "##her2cnPON=", 12) || h2_parse_long(s + 12, &v) < 0)
        return h2_fail(r->err, H2_EINPUT, "\"%s\" is not a her2cn panel of normals "
                       "(first line is not ##her2cnPON=VERSION)", r->path);
    if (v != H2_PON_VERSION)
        return h2_fail(r->err, H2_EINPUT, "\"%s\" is a version %ld panel of normals; this "
                       "her2cn reads version %d: rebuild it with `her2cn pon`",
                       r->path, v, H2_PON_VERSION);
    p->version = (int)v;
    return 0;
}

/* One line of a PON file (h2_read_lines callback): the version line, the
 * ## header, the #chrom line, then exactly ##bins data rows. */
static int pon_line(void *ctx, kstring_t *ks, int lineno, h2_err_t *err)
{
    rd_t *r = ctx;
    h2_pon_t *p = r->p;
    int ret;
    r->line = lineno;
    if (lineno == 1)
        return pon_first_line(p, ks->s, r);
    if (r->in_header && !strncmp(ks->s, "##", 2)) {
        if (p->n && (!strncmp(ks->s, "##bins=", 7) || !strncmp(ks->s, "##normals=", 10)))
            return rd_bad(r, "##bins and ##normals must come once, ##bins first");
        if ((ret = header_line(p, ks->s, &r->n_names, r)) < 0)
            return ret;
        if (strncmp(ks->s, "##normals=", 10))
            return 0;
        r->declared = p->n_bins;
        return pon_alloc_arrays(p, r->declared < 4096 ? r->declared : 4096);
    }
    if (r->in_header && ks->s[0] == '#') {
        r->in_header = 0;
        if (!p->n || r->declared == 0 || r->n_names != p->n_normals)
            return rd_bad(r, "header lacks ##bins, ##normals or a ##normal line per normal");
        return 0;
    }
    if (r->in_header || r->n_rows >= r->declared)
        return rd_bad(r, r->in_header ? "data before the #chrom line" : "more rows than ##bins");
    if (r->n_rows == p->n_bins &&
        (ret = pon_grow(p, r->declared / 2 > p->n_bins ? 2 * p->n_bins : r->declared)) < 0)
        return ret;
    return data_line(p, r->n_rows++, ks->s, r);
}

h2_pon_t *h2_pon_read(const char *path, h2_err_t *err, int *rc)
{
    h2_pon_t *p = calloc(1, sizeof *p);
    BGZF *fp = NULL;
    rd_t r = {path, 0, err, p, 0, 0, 1, 0};
    int ret = 0;
    if (!p)
        ret = H2_ENOMEM;
    else if (!(fp = h2_text_open(path, err)))
        ret = H2_EIO;
    else if (fp->is_compressed && !fp->is_gzip && bgzf_check_EOF(fp) == 0)
        ret = h2_fail(err, H2_EINPUT, "\"%s\" is truncated (no BGZF end-of-file block)", path);
    else if ((ret = h2_read_lines_fp(fp, path, pon_line, &r, err)) == 0 &&
             (r.in_header || r.n_rows != r.declared))
        ret = h2_fail(err, H2_EINPUT, "\"%s\" is truncated: %d of %d bins", path, r.n_rows,
                      r.declared);
    if (ret == H2_ENOMEM)
        h2_fail(err, ret, "out of memory");
    if (fp && bgzf_close(fp) < 0 && ret == 0)
        ret = h2_fail(err, H2_EINPUT, "\"%s\" is truncated or corrupt", path);
    if (h2_set_rc(rc, ret) < 0) {
        h2_pon_destroy(p);
        return NULL;
    }
    return p;
}

/* ---- check ---- */

int h2_pon_check(const h2_pon_t *p, const h2_regset_t *rs, int min_mq, int exclude_flags,
                 int gc_corrected, h2_err_t *err)
{
    const char *build = h2_build_name(rs->build);
    uint64_t h = h2_regset_hash(rs);
    if (!p->build || strcmp(p->build, build))
        return h2_fail(err, H2_EINPUT, "the panel of normals is for %s, this sample is %s",
                       p->build ? p->build : "an unknown build", build);
    if (p->panel != rs->par.panel || p->n_bins != rs->n_bins || p->hash != h)
        return h2_fail(err, H2_EINPUT, "the panel of normals was built on other regions "
                       "(%s, %d bins, hash %016" PRIx64 ") than this call (%s, %d bins, hash %016"
                       PRIx64 "): use the same --targets/--genes/--genome",
                       p->panel ? "panel" : "wgs", p->n_bins, p->hash,
                       rs->par.panel ? "panel" : "wgs", rs->n_bins, h);
    for (int i = 0; i < rs->n_bins; i++)
        if (p->start[i] != rs->bins[i].start || p->end[i] != rs->bins[i].end ||
            p->role[i] != rs->bins[i].role ||
            !h2_contig_name_eq(p->chrom[i], rs->genome->contigs[rs->bins[i].contig].name))
            return h2_fail(err, H2_EINPUT, "the panel of normals' bin %d (%s:%lld-%lld) differs "
                           "from this call's", i + 1, p->chrom[i], (long long)p->start[i] + 1,
                           (long long)p->end[i]);
    if (p->min_mq != min_mq || p->exclude_flags != exclude_flags)
        return h2_fail(err, H2_EINPUT, "the panel of normals was built with --min-MQ %d "
                       "--exclude-flags %d, this call uses %d and %d", p->min_mq,
                       p->exclude_flags, min_mq, exclude_flags);
    if (p->gc_corrected != gc_corrected)
        return h2_fail(err, H2_EINPUT, "the panel of normals was built %s GC correction, this "
                       "call is %s: give -f to both or to neither",
                       p->gc_corrected ? "with" : "without", gc_corrected ? "with it" : "without it");
    return 0;
}

/* The build's rules are applied again on reading (a PON is a file anyone
 * can edit): bins below minExpected, or below 1/1024 of the baseline
 * whatever minExpected says (an expected of 1e-300 gave CN inf with PASS),
 * and bins above maxSpread are left out. */
#define PON_EXPECTED_FLOOR (1.0 / 1024)
uint8_t *h2_pon_exclude_mask(const h2_pon_t *p)
{
    double floor_exp = p->min_expected > PON_EXPECTED_FLOOR ? p->min_expected : PON_EXPECTED_FLOOR;
    uint8_t *m = calloc((size_t)p->n_bins + 1, 1);
    for (int i = 0; m && i < p->n_bins; i++)
        m[i] = p->flags[i] != 0 || !(p->expected[i] >= floor_exp)
               || p->spread[i] > p->max_spread;
    return m;
}
