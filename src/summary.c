/* summary.c -- the read-only view of a finished call that the report writers
 * share, and helpers they have in common. */
#include <errno.h>
#include <math.h>
#include <string.h>
#include "h2_summary.h"

void h2_summary_init(h2_summary_t *s, const char *sample, const char *input,
                     const char *reference, const char *cmdline, const h2_regset_t *rs,
                     const h2_counts_t *c, const h2_gc_t *gc, const h2_norm_t *nm,
                     const h2_estimates_t *e, const h2_call_opt_t *copt)
{
    memset(s, 0, sizeof *s);
    s->sample = sample;
    s->input = input;
    s->reference = reference;
    s->cmdline = cmdline;
    s->normalisation = "tumour-only";
    s->rs = rs;
    s->c = c;
    s->gc = gc;
    s->nm = nm;
    s->e = e;
    s->copt = copt;
    s->identity = NULL;
}

double h2_summary_log2_of_cn(const h2_summary_t *s, double cn)
{
    return log2(h2_model_ratio(&s->e->model, cn));
}

void h2_ksprint_num(kstring_t *ks, const char *fmt, double v)
{
    if (isfinite(v))
        ksprintf(ks, fmt, v);
    else
        kputs("NA", ks);
}

void h2_xml_escape(const char *s, kstring_t *ks)
{
    for (; s && *s; s++)
        switch (*s) {
        case '&': kputs("&amp;", ks); break;
        case '<': kputs("&lt;", ks); break;
        case '>': kputs("&gt;", ks); break;
        case '"': kputs("&quot;", ks); break;
        case '\'': kputs("&#39;", ks); break;
        default: kputc(*s, ks);
        }
}

void h2_her2_headline(const h2_estimate_t *g, kstring_t *ks)
{
    const char *gene = g->gene->name, *ish = h2_ish_group_name(g->ish_group);
    ks->l = 0;
    kputs(strcmp(gene, "ERBB2") == 0 ? "HER2" : gene, ks);
    if (g->her2 == H2_HER2_NA) {
        kputs(" status not estimated", ks);
    } else {
        ksprintf(ks, " %s", h2_her2_name(g->her2));
        if (g->filters & H2_FILT_HER2)
            ksprintf(ks, ", uncertain: CI also allows %s",
                     g->her2 == H2_HER2_AMPLIFIED ? "NOT_AMPLIFIED" : "AMPLIFIED");
        if (g->filters & H2_FILT_PURITY)
            ksprintf(ks, "%s purity unknown: %s", g->filters & H2_FILT_HER2 ? ";" : ",",
                     !g->cn_bound ? "CN under the reported reading, CI spans the others"
                     : g->cn < 2 ? "CN an upper bound" : "CN a lower bound");
        if (g->her2_basis == H2_BASIS_DUAL_PROBE && ish)
            ksprintf(ks, " (ISH-like group %s, dual-probe basis)", ish);
        else if (g->her2_basis == H2_BASIS_SINGLE_PROBE)
            kputs(" (single-probe basis: no chr17 control)", ks);
    }
    if (isfinite(g->cn))
        ksprintf(ks, " \u2014 %s copy number %.1f [%.1f-%.1f]", gene, g->cn, g->cn_lo, g->cn_hi);
    else
        ksprintf(ks, " \u2014 %s: no usable gene bins", gene);
}

const char *h2_her2_colour(h2_her2_t h)
{
    switch (h) {
    case H2_HER2_AMPLIFIED: return "#d62728";
    case H2_HER2_EQUIVOCAL: return "#e07000";
    case H2_HER2_NOT_AMPLIFIED: return "#444444";
    default: return "#888888";
    }
}

void h2_summary_filters(unsigned filters, const char *sep, kstring_t *ks)
{
    ks->l = 0;
    kputs("", ks);
    if (!filters) {
        kputs("PASS", ks);
        return;
    }
    for (int i = 0; i < H2_N_FILTERS; i++)
        if (filters & (1u << i)) {
            if (ks->l)
                kputs(sep, ks);
            kputs(h2_filter_name(i), ks);
        }
}

int h2_summary_write_file(const char *path, int (*writer)(FILE *, const h2_summary_t *),
                          const h2_summary_t *s, h2_err_t *err)
{
    int to_stdout = strcmp(path, "-") == 0, bad;
    FILE *fp;
    errno = 0;
    if (!(fp = to_stdout ? stdout : fopen(path, "w")))
        return h2_fail(err, H2_EIO, "cannot write \"%s\": %s", path, strerror(errno));
    bad = writer(fp, s) < 0 || ferror(fp);
    if (to_stdout)
        bad |= fflush(fp) != 0;
    else
        bad |= fclose(fp) != 0;
    if (bad)
        return h2_fail(err, H2_EIO, "cannot write \"%s\": %s", path,
                       errno ? strerror(errno) : "write error");
    return 0;
}
