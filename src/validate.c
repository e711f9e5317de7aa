/* validate.c -- truth table, VCF calls, and the accuracy metrics
 * (confusion matrix, sensitivity/specificity/PPV/NPV, CN error, interval
 * coverage). Formats and definitions in h2_validate.h and README. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <htslib/kstring.h>
#include <htslib/vcf.h>
#include "h2_normalise.h"
#include "h2_validate.h"

int h2_call_parse(const char *s)
{
    static const char *names[] = {"LOSS", "NEUTRAL", "GAIN", "AMP"};
    for (int i = 0; i < 4; i++)
        if (!strcasecmp(s, names[i]))
            return i;
    return -1;
}

static int class_of_cn(double cn, const h2_call_opt_t *th)
{
    return cn >= th->amp_cn ? H2_CALL_AMP : cn >= th->gain_cn ? H2_CALL_GAIN :
           cn <= th->loss_cn ? H2_CALL_LOSS : H2_CALL_NEUTRAL;
}

void h2_truth_destroy(h2_truth_t *t)
{
    if (!t)
        return;
    for (int i = 0; i < t->n; i++) {
        free(t->rows[i].sample);
        free(t->rows[i].gene);
    }
    free(t->rows);
    free(t);
}

/* One data line, split on tabs in place. Empty fields are kept (a doubled
 * tab is an empty column, not one separator: strtok merged them and the
 * columns shifted). */
static int truth_line(char *s, const char *path, int ln, const h2_call_opt_t *th,
                      h2_truth_row_t *r, h2_err_t *err)
{
    static const char *const name[4] = {"sample", "gene", "true CN", "class"};
    char *f[4] = {NULL};
    int nf = 0;
    for (char *t = s; t && nf < 4; nf++) {
        f[nf] = t;
        if ((t = strchr(t, '\t')))
            *t++ = '\0';
    }
    for (int k = 0; k < nf; k++)
        if (!*f[k])
            return h2_fail(err, H2_EINPUT, "%s:%d: column %d (%s) is empty", path, ln, k + 1,
                           name[k]);
    if (nf < 3)
        return h2_fail(err, H2_EINPUT, "%s:%d: expected sample, gene, true CN (tab-separated)",
                       path, ln);
    if (h2_parse_double(f[2], &r->cn) < 0 || !(r->cn >= 0) || isinf(r->cn))
        return h2_fail(err, H2_EINPUT, "%s:%d: true CN \"%s\" is not a number >= 0", path, ln, f[2]);
    if (nf < 4 || !strcmp(f[3], "."))
        r->cls = class_of_cn(r->cn, th);
    else if ((r->cls = h2_call_parse(f[3])) < 0)
        return h2_fail(err, H2_EINPUT, "%s:%d: class \"%s\" is not AMP, GAIN, NEUTRAL, LOSS or .",
                       path, ln, f[3]);
    if (!(r->sample = strdup(f[0])) || !(r->gene = strdup(f[1]))) {
        free(r->sample);
        return h2_fail(err, H2_ENOMEM, "out of memory");
    }
    return 0;
}

typedef struct {
    h2_truth_t *t;
    int cap;
    const char *path;
    const h2_call_opt_t *th;
} truth_reader_t;

static int truth_row(void *ctx, kstring_t *line, int ln, h2_err_t *err)
{
    truth_reader_t *rd = ctx;
    h2_truth_t *t = rd->t;
    int ret;
    if (line->l == 0 || line->s[0] == '#')
        return 0;
    if (hts_resize(h2_truth_row_t, t->n + 1, &rd->cap, &t->rows, 0) < 0)
        return h2_fail(err, H2_ENOMEM, "out of memory");
    memset(&t->rows[t->n], 0, sizeof *t->rows);
    if ((ret = truth_line(line->s, rd->path, ln, rd->th, &t->rows[t->n], err)) < 0)
        return ret;
    for (int i = 0; i < t->n; i++)
        if (!strcmp(t->rows[i].sample, t->rows[t->n].sample)
            && !strcmp(t->rows[i].gene, t->rows[t->n].gene)) {
            t->n++;
            return h2_fail(err, H2_EINPUT, "%s:%d: sample %s gene %s appears twice", rd->path,
                           ln, t->rows[i].sample, t->rows[i].gene);
        }
    t->n++;
    return 0;
}

h2_truth_t *h2_truth_read(const char *path, const h2_call_opt_t *th, h2_err_t *err, int *rc)
{
    truth_reader_t rd = {calloc(1, sizeof *rd.t), 0, path, th};
    int ret = rd.t ? h2_read_records(path, truth_row, &rd, &rd.t->n, "truth rows", err)
                   : h2_fail(err, H2_ENOMEM, "out of memory");
    if (h2_set_rc(rc, ret) < 0) {
        h2_truth_destroy(rd.t);
        return NULL;
    }
    return rd.t;
}

void h2_calls_free(h2_calls_t *c)
{
    for (int i = 0; i < c->n; i++) {
        free(c->r[i].sample);
        free(c->r[i].gene);
        free(c->r[i].file);
    }
    free(c->r);
    memset(c, 0, sizeof *c);
}

static int calls_push(h2_calls_t *c, h2_callrec_t *r)
{
    if (hts_resize(h2_callrec_t, c->n + 1, &c->cap, &c->r, 0) < 0)
        return H2_ENOMEM;
    c->r[c->n++] = *r;
    return 0;
}

/* FORMAT string `key` of sample s into *out (malloc'd), NULL when the key
 * is absent or the sample's value missing ("."). */
static int fmt_string(bcf_hdr_t *h, bcf1_t *rec, const char *key, int s, char **out)
{
    char **v = NULL;
    int n = 0;
    *out = NULL;
    if (bcf_get_format_string(h, rec, key, &v, &n) > 0 && v[s][0] && strcmp(v[s], ".") != 0)
        *out = strdup(v[s]);
    if (v)
        free(v[0]);
    free(v);
    return *out ? 0 : -1;
}

/* Sample s of one gene record into r (strings allocated). 1 = taken, 0 = not
 * a gene record or (a multi-sample file, bcftools merge) not called in this
 * sample. The call and the sample's filter are FORMAT/CALL and FORMAT/FT;
 * a VCF of her2cn before the layout of issue 21 has INFO/CALL and FILTER. */
static int take_record(const char *path, bcf_hdr_t *h, bcf1_t *rec, int s, h2_callrec_t *r,
                       h2_err_t *err)
{
    char *gene = NULL, *call = NULL, *ft = NULL;
    float *f = NULL;
    int ng = 0, nc = 0, nf = 0, ret = 0, ns = bcf_hdr_nsamples(h);
    int fmt = bcf_get_fmt(h, rec, "CALL") != NULL;
    memset(r, 0, sizeof *r);
    r->cn = r->lo = r->hi = NAN;
    if (bcf_get_info_string(h, rec, "GENE", &gene, &ng) < 0)
        goto out;
    if (fmt ? fmt_string(h, rec, "CALL", s, &call) < 0 && ns > 1 : s > 0)
        goto out;   /* merged: this sample has no call here; old layout: one sample */
    if ((fmt ? !call : bcf_get_info_string(h, rec, "CALL", &call, &nc) < 0)
        || (r->cls = h2_call_parse(call)) < 0) {
        ret = h2_fail(err, H2_EINPUT, "\"%s\": record for %s has no valid FORMAT/CALL", path,
                      gene);
        goto out;
    }
    if (bcf_get_format_float(h, rec, "CN", &f, &nf) == ns && !bcf_float_is_missing(f[s]))
        r->cn = f[s];
    if (bcf_get_format_float(h, rec, "CICN", &f, &nf) == 2 * ns
        && !bcf_float_is_missing(f[2 * s]) && !bcf_float_is_missing(f[2 * s + 1])) {
        r->lo = f[2 * s];
        r->hi = f[2 * s + 1];
    }
    if (bcf_get_fmt(h, rec, "FT"))
        r->pass = fmt_string(h, rec, "FT", s, &ft) == 0 && strcmp(ft, "PASS") == 0;
    else
        r->pass = bcf_has_filter(h, rec, "PASS") == 1;
    if (!(r->sample = strdup(h->samples[s])) || !(r->gene = strdup(gene)) || !(r->file = strdup(path))) {
        free(r->sample);
        free(r->gene);
        ret = h2_fail(err, H2_ENOMEM, "out of memory");
        goto out;
    }
    ret = 1;
out:
    free(gene);
    free(call);
    free(ft);
    free(f);
    return ret;
}

/* Every sample's call of one record into c (a (sample, gene) seen before is
 * an error). */
static int take_samples(const char *path, bcf_hdr_t *h, bcf1_t *rec, h2_calls_t *c,
                        h2_err_t *err)
{
    for (int s = 0; s < bcf_hdr_nsamples(h); s++) {
        h2_callrec_t cr;
        int ret = take_record(path, h, rec, s, &cr, err);
        if (ret <= 0) {
            if (ret < 0)
                return ret;
            continue;
        }
        for (int i = 0; i < c->n; i++)
            if (!strcmp(c->r[i].sample, cr.sample) && !strcmp(c->r[i].gene, cr.gene)) {
                ret = h2_fail(err, H2_EINPUT, "sample %s gene %s is called in both \"%s\" and "
                              "\"%s\"", cr.sample, cr.gene, c->r[i].file, path);
                free(cr.sample);
                free(cr.gene);
                free(cr.file);
                return ret;
            }
        if ((ret = calls_push(c, &cr)) < 0)
            return h2_fail(err, ret, "out of memory");
    }
    return 0;
}

int h2_calls_read_vcf(const char *path, h2_calls_t *c, h2_err_t *err)
{
    errno = 0;
    htsFile *fp = hts_open(path, "r");
    bcf_hdr_t *h = NULL;
    bcf1_t *rec = bcf_init();
    int ret = 0, r;
    if (!fp && errno == ENOEXEC) {  /* htslib cannot tell its format: not I/O */
        ret = h2_fail(err, H2_EINPUT, "\"%s\" is not a VCF or BCF file", path);
        goto out;
    }
    if (!fp) {
        ret = h2_fail(err, H2_EIO, "cannot open \"%s\": %s", path, strerror(errno ? errno : EIO));
        goto out;
    }
    if (hts_get_format(fp)->category != variant_data || !(h = bcf_hdr_read(fp))) {
        ret = h2_fail(err, H2_EINPUT, "\"%s\" is not a VCF or BCF file", path);
        goto out;
    }
    /* a bgzipped file without its EOF block was cut: its last records are lost */
    if (fp->is_bgzf && !fp->fp.bgzf->is_gzip && bgzf_check_EOF(fp->fp.bgzf) == 0) {
        ret = h2_fail(err, H2_EINPUT, "\"%s\" is truncated (no BGZF EOF block)", path);
        goto out;
    }
    if (bcf_hdr_nsamples(h) < 1) {
        ret = h2_fail(err, H2_EINPUT, "\"%s\" has no sample column", path);
        goto out;
    }
    if (!rec) {
        ret = h2_fail(err, H2_ENOMEM, "out of memory");
        goto out;
    }
    while ((r = bcf_read(fp, h, rec)) == 0)
        if ((ret = take_samples(path, h, rec, c, err)) < 0)
            goto out;
    ret = r < -1 ? h2_fail(err, H2_EINPUT, "\"%s\" is truncated or corrupt", path) : 0;
out:
    bcf_destroy(rec);
    bcf_hdr_destroy(h);
    if (fp)
        hts_close(fp);
    return ret;
}

static double ratio(int a, int b)
{
    return b > 0 ? (double)a / b : NAN;
}

void h2_validate(const h2_truth_t *t, const h2_calls_t *c, unsigned positive, int pass_only,
                 h2_valid_t *v, FILE *rows)
{
    double *err = malloc((t->n + 1) * sizeof *err);
    memset(v, 0, sizeof *v);
    v->n_truth = t->n;
    for (int i = 0; i < c->n; i++) {
        int hit = 0;
        for (int j = 0; j < t->n && !hit; j++)
            hit = !strcmp(c->r[i].sample, t->rows[j].sample) && !strcmp(c->r[i].gene, t->rows[j].gene);
        v->unmatched += !hit;
    }
    for (int j = 0; j < t->n; j++) {
        const h2_truth_row_t *tr = &t->rows[j];
        const h2_callrec_t *cr = NULL;
        for (int i = 0; i < c->n && !cr; i++)
            if (!strcmp(c->r[i].sample, tr->sample) && !strcmp(c->r[i].gene, tr->gene))
                cr = &c->r[i];
        if (cr && !cr->pass)
            v->filtered++;
        if (!cr || (pass_only && !cr->pass)) {
            v->missing++;
            if (rows)
                fprintf(rows, "ROW\t%s\t%s\t%g\t%s\tMISSING\tNA\tNA\tNA\tNA\tNA\n", tr->sample,
                        tr->gene, tr->cn, h2_call_name(tr->cls));
            continue;
        }
        v->matched++;
        v->confusion[tr->cls][cr->cls]++;
        int tp = (positive >> tr->cls) & 1, cp = (positive >> cr->cls) & 1;
        v->tp += tp && cp;
        v->fn += tp && !cp;
        v->fp += !tp && cp;
        v->tn += !tp && !cp;
        if (tr->cn > 0 && !isnan(cr->cn) && err)
            err[v->n_err++] = 100.0 * fabs(cr->cn - tr->cn) / tr->cn;
        int cov = -1;
        if (!isnan(cr->lo) && !isnan(cr->hi)) {
            cov = cr->lo <= tr->cn && tr->cn <= cr->hi;
            v->n_cov++;
            v->n_covered += cov;
        }
        if (rows)
            fprintf(rows, "ROW\t%s\t%s\t%g\t%s\t%s\t%.4g\t%.4g\t%.4g\t%s\t%s\n", tr->sample,
                    tr->gene, tr->cn, h2_call_name(tr->cls), h2_call_name(cr->cls), cr->cn,
                    cr->lo, cr->hi, cr->pass ? "PASS" : "FILTERED",
                    cov < 0 ? "NA" : cov ? "1" : "0");
    }
    v->sens = ratio(v->tp, v->tp + v->fn);
    v->spec = ratio(v->tn, v->tn + v->fp);
    v->ppv = ratio(v->tp, v->tp + v->fp);
    v->npv = ratio(v->tn, v->tn + v->fn);
    v->coverage = ratio(v->n_covered, v->n_cov);
    v->med_abs_pct_err = NAN;
    if (err && v->n_err > 0)
        v->med_abs_pct_err = h2_median(err, v->n_err);
    free(err);
}

static void metric(FILE *fp, const char *name, double x, int a, int b)
{
    if (isnan(x))
        fprintf(fp, "METRIC\t%s\tNA\t%d/%d\n", name, a, b);
    else
        fprintf(fp, "METRIC\t%s\t%.4f\t%d/%d\n", name, x, a, b);
}

int h2_valid_write(FILE *fp, const h2_valid_t *v, unsigned positive)
{
    kstring_t pos = KS_INITIALIZE;
    for (int k = 0; k < 4; k++)
        if ((positive >> k) & 1) {
            if (pos.l)
                kputc(',', &pos);
            kputs(h2_call_name((h2_call_t)k), &pos);
        }
    fprintf(fp, "N\ttruth_rows\t%d\nN\tmatched\t%d\nN\tmissing_calls\t%d\n"
                "N\tcalls_without_truth\t%d\nN\tfiltered_calls\t%d\n",
            v->n_truth, v->matched, v->missing, v->unmatched, v->filtered);
    fputs("CONFUSION\ttruth\\call\tLOSS\tNEUTRAL\tGAIN\tAMP\n", fp);
    for (int i = 0; i < 4; i++)
        fprintf(fp, "CONFUSION\t%s\t%d\t%d\t%d\t%d\n", h2_call_name((h2_call_t)i),
                v->confusion[i][0], v->confusion[i][1], v->confusion[i][2], v->confusion[i][3]);
    fprintf(fp, "METRIC\tpositive\t%s\n", pos.s ? pos.s : "");
    fprintf(fp, "METRIC\tTP,FP,TN,FN\t%d,%d,%d,%d\n", v->tp, v->fp, v->tn, v->fn);
    metric(fp, "sensitivity", v->sens, v->tp, v->tp + v->fn);
    metric(fp, "specificity", v->spec, v->tn, v->tn + v->fp);
    metric(fp, "PPV", v->ppv, v->tp, v->tp + v->fp);
    metric(fp, "NPV", v->npv, v->tn, v->tn + v->fn);
    if (isnan(v->med_abs_pct_err))
        fprintf(fp, "METRIC\tmedian_abs_pct_cn_error\tNA\t%d\n", v->n_err);
    else
        fprintf(fp, "METRIC\tmedian_abs_pct_cn_error\t%.2f\t%d\n", v->med_abs_pct_err, v->n_err);
    metric(fp, "ci_coverage", v->coverage, v->n_covered, v->n_cov);
    free(pos.s);
    return ferror(fp) ? H2_EIO : 0;
}
