/* json.c -- a small JSON emitter and the `call --json` summary (schema in
 * docs/JSON.md; bump H2_JSON_SCHEMA_VERSION on any incompatible change). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <htslib/hts.h>
#include "h2_identity.h"
#include "h2_json.h"
#include "h2_summary.h"

#define H2_JSON_SCHEMA_VERSION 2

/* Length of the well-formed UTF-8 sequence at p (RFC 3629: shortest form,
 * no surrogates, at most U+10FFFF), 0 when it is not one. */
static int utf8_len(const unsigned char *p)
{
    unsigned char c = p[0], lo = 0x80, hi = 0xbf;
    int n;
    if (c >= 0xc2 && c <= 0xdf) n = 2;
    else if (c >= 0xe0 && c <= 0xef) n = 3;
    else if (c >= 0xf0 && c <= 0xf4) n = 4;
    else return 0;
    if (c == 0xe0) lo = 0xa0;
    if (c == 0xed) hi = 0x9f;
    if (c == 0xf0) lo = 0x90;
    if (c == 0xf4) hi = 0x8f;
    if (p[1] < lo || p[1] > hi)
        return 0;
    for (int i = 2; i < n; i++)
        if (p[i] < 0x80 || p[i] > 0xbf)
            return 0;
    return n;
}

/* A JSON string: control characters escaped, well-formed UTF-8 kept, any
 * other byte (a Latin-1 sample name, a cut sequence) becomes U+FFFD, so the
 * file is valid JSON whatever bytes a name or path holds. */
void h2_json_escape(const char *s, kstring_t *ks)
{
    kputc('"', ks);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p >= 0x80) {
            int n = utf8_len(p);
            if (n)
                kputsn((const char *)p, n, ks), p += n - 1;
            else
                kputs("\\ufffd", ks);
            continue;
        }
        switch (*p) {
        case '"': kputs("\\\"", ks); break;
        case '\\': kputs("\\\\", ks); break;
        case '\n': kputs("\\n", ks); break;
        case '\r': kputs("\\r", ks); break;
        case '\t': kputs("\\t", ks); break;
        case '\b': kputs("\\b", ks); break;
        case '\f': kputs("\\f", ks); break;
        default:
            if (*p < 0x20 || *p == 0x7f)
                ksprintf(ks, "\\u%04x", *p);
            else
                kputc(*p, ks);
        }
    }
    kputc('"', ks);
}

void h2_json_init(h2_json_t *j, kstring_t *ks, int indent)
{
    j->ks = ks;
    j->depth = 0;
    j->first[0] = 1;
    j->after_key = 0;
    j->indent = indent;
}

static void newline(h2_json_t *j)
{
    if (!j->indent)
        return;
    kputc('\n', j->ks);
    for (int i = 0; i < j->depth * j->indent; i++)
        kputc(' ', j->ks);
}

/* Comma and indentation before a value or key at the current depth. */
static void item(h2_json_t *j)
{
    if (j->after_key) {
        j->after_key = 0;
        return;
    }
    if (!j->first[j->depth])
        kputc(',', j->ks);
    j->first[j->depth] = 0;
    if (j->depth > 0)
        newline(j);
}

static void open_(h2_json_t *j, char c)
{
    item(j);
    kputc(c, j->ks);
    if (j->depth + 1 < H2_JSON_MAX_DEPTH)
        j->depth++;
    j->first[j->depth] = 1;
}

static void close_(h2_json_t *j, char c)
{
    int empty = j->first[j->depth];
    if (j->depth > 0)
        j->depth--;
    if (!empty)
        newline(j);
    kputc(c, j->ks);
}

void h2_json_begin_object(h2_json_t *j) { open_(j, '{'); }
void h2_json_end_object(h2_json_t *j) { close_(j, '}'); }
void h2_json_begin_array(h2_json_t *j) { open_(j, '['); }
void h2_json_end_array(h2_json_t *j) { close_(j, ']'); }

void h2_json_key(h2_json_t *j, const char *key)
{
    item(j);
    h2_json_escape(key, j->ks);
    kputs(j->indent ? ": " : ":", j->ks);
    j->after_key = 1;
}

void h2_json_str(h2_json_t *j, const char *s)
{
    item(j);
    if (s)
        h2_json_escape(s, j->ks);
    else
        kputs("null", j->ks);
}

void h2_json_num(h2_json_t *j, double v)
{
    item(j);
    if (isfinite(v))
        ksprintf(j->ks, "%.9g", v == 0 ? 0.0 : v);   /* no "-0" */
    else
        kputs("null", j->ks);
}

void h2_json_int(h2_json_t *j, long long v)
{
    item(j);
    ksprintf(j->ks, "%lld", v);
}

void h2_json_bool(h2_json_t *j, int v)
{
    item(j);
    kputs(v ? "true" : "false", j->ks);
}

void h2_json_null(h2_json_t *j)
{
    item(j);
    kputs("null", j->ks);
}

void h2_json_kv_str(h2_json_t *j, const char *key, const char *v)
{
    h2_json_key(j, key);
    h2_json_str(j, v);
}

void h2_json_kv_num(h2_json_t *j, const char *key, double v)
{
    h2_json_key(j, key);
    h2_json_num(j, v);
}

void h2_json_kv_int(h2_json_t *j, const char *key, long long v)
{
    h2_json_key(j, key);
    h2_json_int(j, v);
}

static void json_solution(h2_json_t *j, const h2_ppsol_t *sol, const h2_ppsol_t *best,
                          int kept)
{
    h2_json_begin_object(j);
    h2_json_kv_num(j, "purity", sol->model.purity);
    h2_json_kv_num(j, "ploidy", sol->model.ploidy);
    h2_json_kv_num(j, "loglik", sol->loglik);
    h2_json_kv_num(j, "delta_loglik", best->loglik - sol->loglik);
    h2_json_kv_num(j, "delta_data_loglik", best->data_loglik - sol->data_loglik);
    h2_json_kv_num(j, "frac_clonal", sol->frac_clonal);
    h2_json_kv_int(j, "subclonal_segments", sol->n_subclonal);
    h2_json_key(j, "kept");
    h2_json_bool(j, kept);
    h2_json_end_object(j);
}

/* key: [lo, hi], an interval */
static void kv_interval(h2_json_t *j, const char *key, double lo, double hi)
{
    h2_json_key(j, key);
    h2_json_begin_array(j);
    h2_json_num(j, lo);
    h2_json_num(j, hi);
    h2_json_end_array(j);
}

/* "start" and "end" of [start, end) (0-based half-open), 1-based inclusive */
static void kv_start_end(h2_json_t *j, hts_pos_t start, hts_pos_t end)
{
    h2_json_kv_int(j, "start", (long long)start + 1);
    h2_json_kv_int(j, "end", (long long)end);
}

/* "contig": the name of contig number i of the call's genome */
static void kv_contig(h2_json_t *j, const h2_summary_t *s, int i)
{
    h2_json_kv_str(j, "contig", s->rs->genome->contigs[i].name);
}

/* key: a copy number, null when unknown (negative) */
static void kv_cn_or_null(h2_json_t *j, const char *key, int cn)
{
    h2_json_key(j, key);
    if (cn >= 0)
        h2_json_int(j, cn);
    else
        h2_json_null(j);
}

static void json_segments(h2_json_t *j, const h2_summary_t *s, const h2_purity_t *f)
{
    h2_json_key(j, "segments");
    h2_json_begin_array(j);
    for (int i = 0; i < f->n_segs; i++) {
        const h2_gseg_t *g = &f->segs[i];
        h2_json_begin_object(j);
        kv_contig(j, s, g->contig);
        kv_start_end(j, g->start, g->end);
        h2_json_kv_int(j, "bins", g->n_bins);
        h2_json_kv_num(j, "log2", g->log2);
        h2_json_kv_num(j, "se", g->se);
        h2_json_kv_int(j, "het_sites", g->n_het);
        h2_json_kv_num(j, "maf", g->maf);
        kv_cn_or_null(j, "cn", g->cn);
        kv_cn_or_null(j, "minor_cn", g->minor);
        kv_cn_or_null(j, "subclonal_cn", g->sub_cn);
        kv_cn_or_null(j, "subclonal_minor_cn", g->sub_minor);
        h2_json_kv_num(j, "ccf", g->ccf);
        h2_json_end_object(j);
    }
    h2_json_end_array(j);
}

/* The copy-number model and the genome-wide fit (README "Purity and ploidy"). */
static void json_purity(h2_json_t *j, const h2_summary_t *s)
{
    const h2_estimates_t *e = s->e;
    const h2_purity_t *f = e->fit;
    h2_json_key(j, "purity");
    h2_json_begin_object(j);
    h2_json_kv_num(j, "value", e->model.purity);
    h2_json_kv_str(j, "source", h2_source_name(e->purity_source));
    kv_interval(j, "ci", e->purity_lo, e->purity_hi);
    h2_json_kv_num(j, "ploidy", e->model.ploidy);
    h2_json_kv_str(j, "ploidy_source", h2_source_name(e->ploidy_source));
    h2_json_kv_num(j, "centre", e->model.centre);
    h2_json_kv_num(j, "min_detectable_purity", e->min_purity);
    if (f) {
        h2_json_kv_str(j, "note", f->reason);
        h2_json_kv_int(j, "het_sites", f->n_sites);
        h2_json_kv_num(j, "delta_loglik", f->delta_loglik);
        h2_json_kv_int(j, "ambiguous_alternatives", f->n_ambiguous);
        h2_json_key(j, "set");
        h2_json_begin_array(j);
        for (int i = 0; i < f->n_pset; i++) {
            h2_json_begin_array(j);
            h2_json_num(j, f->pset_lo[i]);
            h2_json_num(j, f->pset_hi[i]);
            h2_json_end_array(j);
        }
        h2_json_end_array(j);
        h2_json_kv_num(j, "segment_noise", f->seg_noise);
        h2_json_key(j, "segment_noise_measured");
        h2_json_bool(j, (f->noise_measured & 1) != 0);
        h2_json_kv_num(j, "allele_overdispersion", f->rho);
        h2_json_key(j, "allele_overdispersion_measured");
        h2_json_bool(j, (f->noise_measured & 2) != 0);
        h2_json_kv_num(j, "best_data_loglik", f->best.data_loglik);
        h2_json_kv_int(j, "best_subclonal_segments", f->best.n_subclonal);
        h2_json_key(j, "alternatives");
        h2_json_begin_array(j);
        for (int i = 0; i < f->n_alt; i++)
            json_solution(j, &f->alt[i], &f->best, i < f->n_ambiguous);
        h2_json_end_array(j);
        json_segments(j, s, f);
    }
    h2_json_end_object(j);
}

static void json_settings(h2_json_t *j, const h2_summary_t *s)
{
    const h2_call_opt_t *o = s->copt;
    json_purity(j, s);
    h2_json_key(j, "thresholds");
    h2_json_begin_object(j);
    h2_json_kv_num(j, "amp_cn", o->amp_cn);
    h2_json_kv_num(j, "gain_cn", o->gain_cn);
    h2_json_kv_num(j, "loss_cn", o->loss_cn);
    h2_json_kv_num(j, "focal_ratio", o->focal_ratio);
    h2_json_kv_num(j, "min_depth", o->min_depth);
    h2_json_kv_int(j, "min_ref_bins", o->min_ref_bins);
    h2_json_kv_num(j, "max_mapd", o->max_mapd);
    h2_json_kv_num(j, "z", o->z);
    h2_json_end_object(j);
}

static void json_arm(h2_json_t *j, const char *key, int bins, double log2r, double cn)
{
    h2_json_key(j, key);
    h2_json_begin_object(j);
    h2_json_kv_int(j, "bins", bins);
    h2_json_kv_num(j, "log2", log2r);
    h2_json_kv_num(j, "cn", cn);
    h2_json_end_object(j);
}

/* The control's basis and interval, and the arms (docs/JSON.md). */
static void json_chr17_more(h2_json_t *j, const h2_estimates_t *e)
{
    if (e->chr17_basis != H2_CTL_NONE)
        h2_json_kv_str(j, "basis", h2_ctl_basis_name(e->chr17_basis));
    else {
        h2_json_key(j, "basis");
        h2_json_null(j);
    }
    kv_interval(j, "cn_ci", e->chr17_cn_lo, e->chr17_cn_hi);
    json_arm(j, "p_arm", e->n_chr17p, e->chr17p_log2, e->chr17p_cn);
    json_arm(j, "q_arm", e->n_chr17q, e->chr17q_log2, e->chr17q_cn);
}

/* qc.snps and qc.identity (h2_identity.h): what --snps kept, and whether
 * the matched normal is the tumour's person. */
static void json_identity(h2_json_t *j, const h2_identity_t *id)
{
    if (id->snps_given >= 0) {
        h2_json_key(j, "snps");
        h2_json_begin_object(j);
        h2_json_kv_int(j, "sites_read", id->snps_given);
        h2_json_kv_int(j, "kept_het", id->snps_kept);
        h2_json_kv_int(j, "dropped", id->snps_given - id->snps_kept);
        h2_json_kv_str(j, "het_by", id->snps_rule ? id->snps_rule : "");
        h2_json_end_object(j);
    }
    h2_json_key(j, "identity");
    h2_json_begin_object(j);
    h2_json_kv_str(j, "result", h2_id_result_name(id->result));
    h2_json_key(j, "method");
    h2_json_str(j, id->method);
    h2_json_kv_int(j, "informative", id->informative);
    h2_json_kv_int(j, "discordant", id->discordant);
    h2_json_kv_num(j, "concordance", id->concordance);
    h2_json_end_object(j);
}

static void json_qc(h2_json_t *j, const h2_summary_t *s)
{
    const h2_norm_t *nm = s->nm;
    h2_json_key(j, "qc");
    h2_json_begin_object(j);
    h2_json_kv_num(j, "baseline_depth", nm->baseline);
    h2_json_kv_num(j, "baseline_depth_raw", nm->baseline_raw);
    h2_json_kv_num(j, "mapd", nm->mapd);
    h2_json_kv_num(j, "sd_log2", nm->sd_ref);
    h2_json_kv_int(j, "reference_bins", nm->n_ref);
    h2_json_kv_int(j, "reference_bins_used", nm->n_ref_usable);
    h2_json_kv_num(j, "reference_bin_reads_median", nm->reads_ref);
    h2_json_kv_int(j, "bins", s->rs->n_bins);
    h2_json_kv_int(j, "records_read", (long long)s->c->n_records);
    h2_json_kv_int(j, "records_implausible", (long long)s->c->n_implausible);
    h2_json_key(j, "bytes_read");   /* may change with -@ (h2_count.h) */
    if (s->c->bytes_known)
        h2_json_int(j, (long long)s->c->bytes_read);
    else
        h2_json_null(j);
    if (s->identity)
        json_identity(j, s->identity);
    h2_json_end_object(j);
    h2_json_key(j, "chr17_control");
    h2_json_begin_object(j);
    h2_json_kv_int(j, "bins", s->e->n_chr17);
    h2_json_kv_num(j, "log2", s->e->chr17_log2);
    h2_json_kv_num(j, "se", s->e->chr17_se);
    h2_json_kv_num(j, "cn", s->e->chr17_cn);
    json_chr17_more(j, s->e);
    h2_json_end_object(j);
}

/* "start", "end" (1-based, kv_start_end), "log2" and "cn" of a segment or
 * amplicon [start, end) (0-based half-open). */
static void kv_span(h2_json_t *j, hts_pos_t start, hts_pos_t end, double log2, double cn)
{
    kv_start_end(j, start, end);
    h2_json_kv_num(j, "log2", log2);
    h2_json_kv_num(j, "cn", cn);
}

/* The other amplicons in genes[0]'s window (README "Amplicon segmentation"). */
static void json_other_amplicons(h2_json_t *j, const h2_summary_t *s)
{
    h2_json_key(j, "other_amplicons");
    h2_json_begin_array(j);
    for (int k = 0; k < s->e->amp.n_more; k++) {
        const h2_amplicon_t *a = &s->e->amp.more[k];
        h2_json_begin_object(j);
        kv_contig(j, s, a->contig);
        kv_span(j, a->start, a->end, a->log2, a->cn);
        kv_interval(j, "ci", a->cn_lo, a->cn_hi);
        h2_json_kv_str(j, "genes", a->genes ? a->genes : "");
        h2_json_end_object(j);
    }
    h2_json_end_array(j);
}

/* breakpoint, cn_max and segments (README "Breakpoints inside the gene"). */
static void json_gene_segments(h2_json_t *j, const h2_estimate_t *g)
{
    h2_json_key(j, "breakpoint");
    h2_json_bool(j, g->breakpoint);
    h2_json_kv_num(j, "cn_max", g->cn_max);
    h2_json_key(j, "segments");
    h2_json_begin_array(j);
    for (int k = 0; k < g->n_segs; k++) {
        const h2_gene_seg_t *sg = &g->segs[k];
        h2_json_begin_object(j);
        kv_span(j, sg->start, sg->end, sg->log2, sg->cn);
        kv_interval(j, "ci", sg->cn_lo, sg->cn_hi);
        h2_json_kv_int(j, "bins", sg->n_bins);
        h2_json_end_object(j);
    }
    h2_json_end_array(j);
}

static void json_gene(h2_json_t *j, const h2_summary_t *s, int k, kstring_t *tmp)
{
    const h2_estimate_t *g = &s->e->g[k];
    const h2_gene_t *gene = g->gene;
    h2_json_begin_object(j);
    h2_json_kv_str(j, "gene", gene->name);
    kv_contig(j, s, gene->contig);
    kv_start_end(j, gene->start, gene->end);
    h2_json_kv_str(j, "call", h2_call_name(g->call));
    h2_json_kv_str(j, "context", h2_context_name(g->context));
    h2_json_kv_num(j, "log2", g->log2);
    h2_json_kv_num(j, "se", g->se);
    h2_json_kv_num(j, "fold", g->fold);
    h2_json_kv_num(j, "cn", g->cn);
    kv_interval(j, "ci", g->cn_lo, g->cn_hi);
    h2_json_kv_num(j, "ratio17", g->ratio17);
    h2_json_kv_num(j, "depth", g->depth);
    h2_json_kv_int(j, "bins", g->n_bins);
    h2_json_kv_int(j, "reads", (long long)g->reads);
    h2_json_kv_num(j, "qual", g->qual);
    h2_json_kv_num(j, "lod_cn", g->lod_cn);
    if (g->ish_groups_ci) {
        h2_json_key(j, "ish_group_ci");
        h2_json_begin_array(j);
        for (int grp = 1; grp <= 5; grp++)
            if (g->ish_groups_ci & (1u << grp))
                h2_json_int(j, grp);
        h2_json_end_array(j);
    }
    h2_json_key(j, "filters");
    h2_json_begin_array(j);
    h2_summary_filters(g->filters, ",", tmp);
    for (char *p = tmp->s, *q; p; p = q) {
        if ((q = strchr(p, ',')))
            *q++ = 0;
        h2_json_str(j, p);
    }
    h2_json_end_array(j);
    if (h2_ish_group_name(g->ish_group))
        h2_json_kv_str(j, "ish_group", h2_ish_group_name(g->ish_group));
    if (g->her2 != H2_HER2_NA) {
        h2_json_kv_str(j, "her2", h2_her2_name(g->her2));
        h2_json_kv_str(j, "her2_basis", h2_her2_basis_name(g->her2_basis));
    }
    h2_her2_headline(g, tmp);
    h2_json_kv_str(j, "headline", tmp->s);
    json_gene_segments(j, g);
    if (k == 0 && s->e->amp.found) {    /* the amplicon belongs to genes[0] */
        const h2_amplicon_t *sg = &s->e->amp;
        h2_json_key(j, "amplicon");
        h2_json_begin_object(j);
        kv_contig(j, s, sg->contig);
        kv_span(j, sg->start, sg->end, sg->log2, sg->cn);
        h2_json_end_object(j);
    }
    if (k == 0 && s->e->amp.n_more > 0)
        json_other_amplicons(j, s);
    h2_json_end_object(j);
}

int h2_json_write(FILE *fp, const h2_summary_t *s)
{
    kstring_t ks = KS_INITIALIZE, tmp = KS_INITIALIZE;
    h2_json_t j;
    int ret;
    h2_json_init(&j, &ks, 2);
    h2_json_begin_object(&j);
    h2_json_kv_str(&j, "schema", "her2cn-call");
    h2_json_kv_int(&j, "schema_version", H2_JSON_SCHEMA_VERSION);
    h2_json_kv_str(&j, "her2cn_version", H2_VERSION);
    h2_json_kv_str(&j, "htslib_version", hts_version());
    h2_json_kv_str(&j, "command", s->cmdline);
    h2_json_kv_str(&j, "sample", s->sample);
    h2_json_kv_str(&j, "input", s->input);
    h2_json_kv_str(&j, "reference", s->reference);
    h2_json_kv_str(&j, "build", h2_build_name(s->rs->build));
    h2_json_kv_str(&j, "mode", s->rs->par.panel ? "panel" : "whole-genome");
    h2_json_kv_str(&j, "normalisation", s->normalisation);
    h2_json_key(&j, "gc_corrected");
    h2_json_bool(&j, s->nm->gc_corrected);
    json_settings(&j, s);
    json_qc(&j, s);
    h2_json_key(&j, "genes");
    h2_json_begin_array(&j);
    for (int k = 0; k < s->e->n; k++)
        json_gene(&j, s, k, &tmp);
    h2_json_end_array(&j);
    h2_json_end_object(&j);
    kputc('\n', &ks);
    ret = fwrite(ks.s, 1, ks.l, fp) == ks.l ? 0 : H2_EIO;
    free(ks.s);
    free(tmp.s);
    return ret;
}
