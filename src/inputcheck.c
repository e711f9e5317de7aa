/* inputcheck.c -- index age and reference identity checks (h2_inputcheck.h).
 *
 * Why: htslib only warns (and her2cn silences htslib) when a BAM's index is
 * older than the BAM, and a CRAM decoded for flag/position/MAPQ/CIGAR only
 * may never load its reference, so `-f wrong.fa` is not noticed by htslib;
 * the GC correction and REF bases would then silently come from the wrong
 * sequence. Both are errors here. */
#include <ctype.h>
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <htslib/faidx.h>
#include <htslib/hfile.h>
#include <htslib/hts.h>
#include <htslib/sam.h>
#include "h2_genome.h"
#include "h2_inputcheck.h"
#include "h2_remote.h"

#define MD5_CHUNK (1 << 20)

static int exists(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* Try base+ext; on success return it in a new string. */
static char *try_ext(const char *base, size_t blen, const char *ext)
{
    kstring_t ks = KS_INITIALIZE;
    if (kputsn(base, blen, &ks) < 0 || kputs(ext, &ks) < 0) {
        free(ks.s);
        return NULL;
    }
    if (exists(ks.s))
        return ks.s;
    free(ks.s);
    return NULL;
}

char *h2_index_find(const char *path)
{
    const char *delim = strstr(path, HTS_IDX_DELIM), *slash, *dot;
    size_t n = strlen(path);
    int cram = n >= 5 && !strcmp(path + n - 5, ".cram");
    char *p;
    if (h2_is_remote(path))
        return NULL;    /* nothing local to check: the stale-index test needs mtimes */
    if (delim) {
        p = strdup(delim + strlen(HTS_IDX_DELIM));
        return p && exists(p) ? p : (free(p), NULL);
    }
    if ((p = try_ext(path, n, ".csi")) || (p = try_ext(path, n, cram ? ".crai" : ".bai")))
        return p;
    slash = strrchr(path, '/');
    dot = strrchr(path, '.');
    if (!dot || (slash && dot < slash))
        return NULL;
    if ((p = try_ext(path, dot - path, ".csi")) ||
        (p = try_ext(path, dot - path, cram ? ".crai" : ".bai")))
        return p;
    return NULL;
}

int h2_index_check_age(const char *path, h2_err_t *err)
{
    struct stat sd, si;
    char *idx, *data;
    const char *delim = strstr(path, HTS_IDX_DELIM);
    int ret = 0;
    if (!(idx = h2_index_find(path)))
        return 0;
    data = delim ? strndup(path, delim - path) : strdup(path);
    if (!data) {
        free(idx);
        return h2_fail(err, H2_ENOMEM, "out of memory");
    }
    if (access(idx, R_OK) != 0)   /* htslib would report it as no index */
        ret = h2_fail(err, H2_EIO, "cannot read the index \"%s\": %s", idx, strerror(errno));
    else if (stat(data, &sd) == 0 && stat(idx, &si) == 0 && si.st_mtime < sd.st_mtime)
        ret = h2_fail(err, H2_EINPUT, "the index \"%s\" is older than \"%s\": re-run "
                      "samtools index (or touch the index if it is known to match)",
                      idx, data);
    free(idx);
    free(data);
    return ret;
}

/* MD5 (hex) of the FASTA sequence `name`, upper-cased, as SAM's @SQ M5. */
static int seq_md5(const faidx_t *fai, const char *name, hts_pos_t len, char hex[33])
{
    hts_md5_context *md5 = hts_md5_init();
    unsigned char digest[16];
    hts_pos_t beg, got;
    if (!md5)
        return H2_ENOMEM;
    for (beg = 0; beg < len; beg += MD5_CHUNK) {
        hts_pos_t end = beg + MD5_CHUNK < len ? beg + MD5_CHUNK : len;
        char *s = faidx_fetch_seq64(fai, name, beg, end - 1, &got);
        if (!s || got != end - beg) {
            free(s);
            hts_md5_destroy(md5);
            return H2_EIO;
        }
        for (hts_pos_t i = 0; i < got; i++)
            s[i] = toupper((unsigned char)s[i]);
        hts_md5_update(md5, s, (unsigned long)got);
        free(s);
    }
    hts_md5_final(digest, md5);
    hts_md5_hex(hex, digest);
    hts_md5_destroy(md5);
    return 0;
}

/* Is contig c the contig of a called gene? */
static int is_gene_contig(const h2_regset_t *rs, int c)
{
    for (int i = 0; i < rs->n_genes; i++)
        if (rs->genes[i].called && rs->genes[i].contig == c)
            return 1;
    return 0;
}

static int check_contig(const sam_hdr_t *hdr, const h2_regset_t *rs, const faidx_t *fai,
                        const char *ref, int c, h2_err_t *err)
{
    const char *hname = sam_hdr_tid2name(hdr, c), *fname = h2_fai_contig(fai, hname);
    hts_pos_t hlen = sam_hdr_tid2len(hdr, c), flen;
    kstring_t m5 = KS_INITIALIZE;
    char hex[33];
    int ret = 0;
    if (!fname)
        return h2_fail(err, H2_EINPUT, "contig \"%s\" is not in the reference \"%s\": "
                       "wrong reference?", hname, ref);
    if ((flen = faidx_seq_len(fai, fname)) != hlen)
        return h2_fail(err, H2_EINPUT, "the reference \"%s\" does not match the input: %s is "
                       "%lld bp in the FASTA and %lld bp in the header", ref, hname,
                       (long long)flen, (long long)hlen);
    if (!is_gene_contig(rs, c) ||
        sam_hdr_find_tag_id((sam_hdr_t *)hdr, "SQ", "SN", hname, "M5", &m5) != 0)
        goto out;
    if ((ret = seq_md5(fai, fname, flen, hex)) < 0) {
        ret = h2_fail(err, ret, "cannot read %s from the reference \"%s\"", fname, ref);
        goto out;
    }
    if (strcasecmp(hex, m5.s) != 0)
        ret = h2_fail(err, H2_EINPUT, "the reference \"%s\" does not match the input: MD5 of "
                      "%s is %s, the header's @SQ M5 is %s", ref, hname, hex, m5.s);
out:
    free(m5.s);
    return ret;
}

/* Largest end offset (compressed part) of contig tid's chunks in idx; 0
 * when the index has none (or iterates otherwise, as CRAM's .crai does). */
static uint64_t index_end(const hts_idx_t *idx, int tid)
{
    hts_itr_t *itr = sam_itr_queryi(idx, tid, 0, HTS_POS_MAX);
    uint64_t end = 0;
    for (int i = 0; itr && i < itr->n_off; i++)
        if (itr->off[i].v > end)
            end = itr->off[i].v;
    hts_itr_destroy(itr);
    return end >> 16;
}

int h2_index_check_size(const hts_idx_t *idx, const sam_hdr_t *hdr, const char *path,
                        h2_err_t *err)
{
    struct stat st;
    const char *delim = strstr(path, HTS_IDX_DELIM);
    char *data;
    int r;
    if (!idx || h2_is_remote(path))
        return 0;   /* a remote file's size is not known here; a short one fails to read */
    if (!(data = delim ? strndup(path, delim - path) : strdup(path)))
        return h2_fail(err, H2_ENOMEM, "out of memory");
    r = stat(data, &st);
    free(data);
    if (r != 0 || !S_ISREG(st.st_mode))
        return 0;
    for (int tid = 0; tid < sam_hdr_nref(hdr); tid++)
        if (index_end(idx, tid) > (uint64_t)st.st_size)
            return h2_fail(err, H2_EINPUT, "%s: truncated: its index points to data past the "
                           "end of the file (%s)", path, sam_hdr_tid2name(hdr, tid));
    return 0;
}

/* A remote FASTA with its .fai beside it (htslib 1.16 looks for it at
 * URL.fai). fai_load would try to build a missing .fai and upload it (an
 * HTTP PUT: "Function not implemented" from a server without PUT), so it is
 * loaded without FAI_CREATE and a failure is asked why: the FASTA or the
 * .fai missing, or a request that failed. */
static faidx_t *remote_fasta_load(const char *path, h2_err_t *err, int *rc)
{
    faidx_t *fai = fai_load3(path, NULL, NULL, 0);
    kstring_t fx = KS_INITIALIZE;
    hFILE *h;
    if (fai)
        return fai;
    errno = 0;
    if (!(h = hopen(path, "r"))) {
        *rc = h2_io_fail(err, "open the FASTA (with its .fai)", path, errno);
        return NULL;
    }
    hclose_abruptly(h);
    if (ksprintf(&fx, "%s.fai", path) < 0) {
        *rc = h2_fail(err, H2_ENOMEM, "out of memory");
        return NULL;
    }
    errno = 0;
    if ((h = hopen(fx.s, "r"))) {
        hclose_abruptly(h);
        *rc = h2_fail(err, H2_EINPUT, "cannot load the remote FASTA \"%s\" with its index "
                      "\"%s\" (a bgzipped FASTA also needs its .gzi beside it)", path, fx.s);
    } else if (errno == ENOENT) {
        *rc = h2_fail(err, H2_EINPUT, "the remote FASTA \"%s\" has no index at \"%s\": run "
                      "samtools faidx on it and put the .fai beside it (her2cn does not "
                      "build a remote FASTA's index)", path, fx.s);
    } else {
        *rc = h2_io_fail(err, "open the FASTA's index", fx.s, errno);
    }
    free(fx.s);
    return NULL;
}

/* One line of a .fai: name, length, offset, bases per line, bytes per line
 * (a FASTQ's has a sixth column). htslib 1.16 keeps the two line widths as
 * int and divides by them: a damaged .fai (bases per line 0, or a number that
 * wraps to 0 as an int) ended the run with SIGFPE in faidx_fetch_seq (issue
 * 20, the fuzz pass). A sequence of length > 0 needs 0 < bases <= bytes <
 * 2^31; numbers are whole and non-negative. */
static int fai_line(void *ctx, kstring_t *line, int lineno, h2_err_t *err)
{
    const char *path = ctx;
    long v[5] = {0, 0, 0, 0, 0};
    int n = 0, bad = 0;
    char *p = line->s, *tab;
    if (line->l && line->s[line->l - 1] == '\r')
        line->s[--line->l] = 0;
    if (!line->l)
        return 0;
    for (; p && n < 6; n++, p = tab ? tab + 1 : NULL) {
        if ((tab = strchr(p, '\t')))
            *tab = 0;
        if (n >= 1 && n <= 4 && (h2_parse_long(p, &v[n]) < 0 || v[n] < 0))
            bad = 1;
    }
    if (bad || n < 5 || p || (v[1] > 0 && (v[3] < 1 || v[4] < v[3] || v[4] > INT_MAX)))
        return h2_fail(err, H2_EINPUT, "%s.fai:%d: not a FASTA index line (name, length, offset, "
                       "bases and bytes per line, 0 < bases <= bytes < 2^31): re-run "
                       "samtools faidx", path, lineno);
    return 0;
}

/* A local FASTA's .fai, when there is one: 0 if every line is well formed
 * (fai_line), else H2_EINPUT with err set; H2_ENOMEM. */
static int fai_check(const char *path, h2_err_t *err)
{
    kstring_t idx = KS_INITIALIZE;
    struct stat st;
    int ret = 0;
    if (ksprintf(&idx, "%s.fai", path) < 0)
        return h2_fail(err, H2_ENOMEM, "out of memory");
    if (!h2_is_remote(path) && stat(idx.s, &st) == 0)
        ret = h2_read_lines(idx.s, fai_line, (void *)path, err);
    free(idx.s);
    return ret;
}

faidx_t *h2_fasta_load(const char *path, h2_err_t *err, int *rc)
{
    faidx_t *fai;
    unsigned char b[2] = {0, 0};
    FILE *f;
    errno = 0;
    if (h2_is_remote(path))
        return remote_fasta_load(path, err, rc);
    if ((fai = fai_load(path))) {
        if ((*rc = fai_check(path, err)) < 0) {
            fai_destroy(fai);
            fai = NULL;
        }
        return fai;
    }
    /* a .fai that htslib refused: a damaged one is the input's fault (exit 2) */
    if ((*rc = fai_check(path, err)) < 0)
        return NULL;
    errno = 0;
    if (!(f = fopen(path, "rb"))) {
        *rc = h2_fail(err, H2_EIO, "cannot open the FASTA \"%s\": %s", path,
                      strerror(errno ? errno : EIO));
        return NULL;
    }
    size_t n = fread(b, 1, 2, f);
    fclose(f);
    if (n < 1 || (b[0] != '>' && !(n == 2 && b[0] == 0x1f && b[1] == 0x8b)))
        *rc = h2_fail(err, H2_EINPUT, "\"%s\" is not a FASTA file (it does not start with '>')",
                      path);
    else
        *rc = h2_fail(err, H2_EIO, "cannot index the FASTA \"%s\" (a .fai beside it cannot be "
                      "written, or the file is malformed or not bgzipped)", path);
    return NULL;
}

int h2_ref_check(const sam_hdr_t *hdr, const h2_regset_t *rs, const char *ref,
                 h2_err_t *err)
{
    faidx_t *fai;
    int i, ret = 0, nc = sam_hdr_nref(hdr);
    char *seen;
    if (!(fai = h2_fasta_load(ref, err, &ret)))
        return ret;
    if (!(seen = calloc(nc > 0 ? nc : 1, 1))) {
        fai_destroy(fai);
        return h2_fail(err, H2_ENOMEM, "out of memory");
    }
    for (i = 0; i < rs->n_bins && ret == 0; i++) {
        int c = rs->bins[i].contig;
        if (c < 0 || c >= nc || seen[c])
            continue;
        seen[c] = 1;
        ret = check_contig(hdr, rs, fai, ref, c, err);
    }
    free(seen);
    fai_destroy(fai);
    return ret;
}

int h2_alignment_header(const char *path, const char *ref, sam_hdr_t **hdr, h2_err_t *err)
{
    samFile *fp;
    int ret = 0;
    struct stat pst;
    if (!strcmp(path, "-") || (stat(path, &pst) == 0 && !S_ISREG(pst.st_mode)
                               && !S_ISDIR(pst.st_mode)))
        return h2_fail(err, H2_EUSAGE, "\"%s\" is %s: her2cn reads an alignment file twice (its "
                       "header, then the regions), so give a file (e.g. samtools view -b -o x.bam "
                       "then samtools index)", path, strcmp(path, "-") ? "not a regular file" : "stdin");
    errno = 0;
    if (!(fp = sam_open(path, "r"))) {
        int e = errno ? errno : EIO;
        struct stat st;
        if (h2_is_remote(path))
            return h2_io_fail(err, "open", path, e);
        /* missing, unreadable, a directory: I/O; a readable file htslib
           cannot open (a cut CRAM): bad data */
        if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || access(path, R_OK) != 0)
            return h2_fail(err, H2_EIO, "cannot open \"%s\": %s", path, strerror(e));
        return h2_fail(err, H2_EINPUT, "cannot read \"%s\" as SAM, BAM or CRAM: truncated or "
                       "corrupt", path);
    }
    const htsFormat *f = hts_get_format(fp);
    if (f->format != sam && f->format != bam && f->format != cram) {
        char *desc = hts_format_description(f);
        ret = h2_fail(err, H2_EINPUT, "\"%s\" is not SAM, BAM or CRAM (it looks like %s)", path,
                      desc ? desc : "unknown data");
        free(desc);
        goto out;
    }
    if (ref)
        hts_set_fai_filename(fp, ref);
    if (fp->is_bgzf && bgzf_check_EOF(fp->fp.bgzf) == 0) {
        ret = h2_fail(err, H2_EINPUT, "\"%s\" is truncated (no BGZF EOF block)", path);
        goto out;
    }
    if (!(*hdr = sam_hdr_read(fp)))
        ret = h2_fail(err, H2_EINPUT, "cannot read the header of \"%s\": truncated or corrupt",
                      path);
    else if (sam_hdr_nref(*hdr) == 0)
        ret = h2_fail(err, H2_EINPUT, "\"%s\" has no usable header with @SQ lines", path);
out:
    sam_close(fp);
    return ret;
}

char *h2_sample_name(const char *given, const sam_hdr_t *hdr, const char *path)
{
    kstring_t ks = KS_INITIALIZE;
    char *dup, *base, *dot, *name;
    if (given)
        return strdup(given);
    if (hdr && sam_hdr_find_tag_pos((sam_hdr_t *)hdr, "RG", 0, "SM", &ks) == 0 && ks.l > 0)
        return ks_release(&ks);
    free(ks.s);
    /* the file's name: before "##idx##", and for a URL before its query */
    size_t n = strstr(path, HTS_IDX_DELIM) ? (size_t)(strstr(path, HTS_IDX_DELIM) - path)
                                           : strlen(path);
    if (h2_is_remote(path))
        n = strcspn(path, "?#") < n ? strcspn(path, "?#") : n;
    if (!(dup = strndup(path, n)))
        return NULL;
    base = basename(dup);
    if ((dot = strrchr(base, '.')) && dot != base)
        *dot = 0;
    name = strdup(base);
    free(dup);
    return name;
}

static int strv_push(char ***v, int *n, const char *x)
{
    char **t = realloc(*v, (size_t)(*n + 1) * sizeof **v);
    if (!t)
        return H2_ENOMEM;
    *v = t;
    if (!(t[*n] = strdup(x)))
        return H2_ENOMEM;
    (*n)++;
    return 0;
}

int h2_header_samples(const sam_hdr_t *hdr, const char *pick, char ***names, int *n,
                      char ***ids, int *n_ids)
{
    sam_hdr_t *h = (sam_hdr_t *)hdr;
    int n_rg = sam_hdr_count_lines(h, "RG"), ret = 0;
    kstring_t sm = KS_INITIALIZE, id = KS_INITIALIZE;
    *names = NULL, *n = 0;
    if (ids)
        *ids = NULL, *n_ids = 0;
    for (int i = 0; i < n_rg && ret == 0; i++) {
        int k, known = 0;
        if (sam_hdr_find_tag_pos(h, "RG", i, "SM", &sm) < 0 || sm.l == 0)
            continue;
        for (k = 0; k < *n && !known; k++)
            known = !strcmp((*names)[k], sm.s);
        if (!known)
            ret = strv_push(names, n, sm.s);
        if (ret == 0 && pick && ids && !strcmp(sm.s, pick) &&
            sam_hdr_find_tag_pos(h, "RG", i, "ID", &id) == 0)
            ret = strv_push(ids, n_ids, id.s);
    }
    free(sm.s);
    free(id.s);
    return ret;
}
