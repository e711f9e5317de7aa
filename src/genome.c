/* genome.c -- built-in builds (GRCh38, GRCh37), build detection, contig
 * name matching. Every number is from a public source (README "Region set"):
 * (bedtools genome files, UCSC centromere tables, Ensembl gene table). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <htslib/faidx.h>
#include "h2_genome.h"

/* Per chromosome, chr1..chr22, chrX, chrY: length, centromere start and end
 * (0-based half-open); [0] GRCh38, [1] GRCh37. */
static const h2_chrom_t chroms[2][24] = {{
    /* GRCh38 */
    {248956422, 121700000, 125100000},   /* chr1 */
    {242193529,  91800000,  96000000},   /* chr2 */
    {198295559,  87800000,  94000000},   /* chr3 */
    {190214555,  48200000,  51800000},   /* chr4 */
    {181538259,  46100000,  51400000},   /* chr5 */
    {170805979,  58500000,  62600000},   /* chr6 */
    {159345973,  58100000,  62100000},   /* chr7 */
    {145138636,  43200000,  47200000},   /* chr8 */
    {138394717,  42200000,  45500000},   /* chr9 */
    {133797422,  38000000,  41600000},   /* chr10 */
    {135086622,  51000000,  55800000},   /* chr11 */
    {133275309,  33200000,  37800000},   /* chr12 */
    {114364328,  16500000,  18900000},   /* chr13 */
    {107043718,  16100000,  18200000},   /* chr14 */
    {101991189,  17500000,  20500000},   /* chr15 */
    { 90338345,  35300000,  38400000},   /* chr16 */
    { 83257441,  22700000,  27400000},   /* chr17 */
    { 80373285,  15400000,  21500000},   /* chr18 */
    { 58617616,  24200000,  28100000},   /* chr19 */
    { 64444167,  25700000,  30400000},   /* chr20 */
    { 46709983,  10900000,  13000000},   /* chr21 */
    { 50818468,  13700000,  17400000},   /* chr22 */
    {156040895,  58100000,  63800000},   /* chrX */
    { 57227415,  10300000,  10600000},   /* chrY */
}, {
    /* GRCh37 */
    {249250621, 121535434, 124535434},   /* chr1 */
    {243199373,  92326171,  95326171},   /* chr2 */
    {198022430,  90504854,  93504854},   /* chr3 */
    {191154276,  49660117,  52660117},   /* chr4 */
    {180915260,  46405641,  49405641},   /* chr5 */
    {171115067,  58830166,  61830166},   /* chr6 */
    {159138663,  58054331,  61054331},   /* chr7 */
    {146364022,  43838887,  46838887},   /* chr8 */
    {141213431,  47367679,  50367679},   /* chr9 */
    {135534747,  39254935,  42254935},   /* chr10 */
    {135006516,  51644205,  54644205},   /* chr11 */
    {133851895,  34856694,  37856694},   /* chr12 */
    {115169878,  16000000,  19000000},   /* chr13 */
    {107349540,  16000000,  19000000},   /* chr14 */
    {102531392,  17000000,  20000000},   /* chr15 */
    { 90354753,  35335801,  38335801},   /* chr16 */
    { 81195210,  22263006,  25263006},   /* chr17 */
    { 78077248,  15460898,  18460898},   /* chr18 */
    { 59128983,  24681782,  27681782},   /* chr19 */
    { 63025520,  26369569,  29369569},   /* chr20 */
    { 48129895,  11288129,  14288129},   /* chr21 */
    { 51304566,  13000000,  16000000},   /* chr22 */
    {155270560,  58632012,  61632012},   /* chrX */
    { 59373566,  10104553,  13104553},   /* chrY */
}};

/* Ensembl (GRCh38, 1-based inclusive -> 0-based half-open). GRCh37 spans are
 * the GRCh38 ones minus the constant 1,843,747 bp shift of this region. */
#define H2_SHIFT37 1843747
#define G38(n, s, e) {n, (s) - 1, (e)}
#define G37(n, s, e) {n, (s) - 1 - H2_SHIFT37, (e) - H2_SHIFT37}
#define GENES(G) { G("ERBB2", 39687914, 39730426), G("MED1", 39404285, 39451286), \
    G("CDK12", 39461511, 39564907), G("PPP1R1B", 39626740, 39636626), \
    G("STARD3", 39637065, 39663484), G("TCAP", 39664187, 39666555), \
    G("PNMT", 39667981, 39670475), G("PGAP3", 39671122, 39696797), \
    G("MIEN1", 39728496, 39730787), G("GRB7", 39737927, 39747291), \
    G("IKZF3", 39757715, 39864188), G("TOP2A", 40388516, 40417950) }
static const h2_builtin_gene_t genes38[] = GENES(G38);
static const h2_builtin_gene_t genes37[] = GENES(G37);
#define N_GENES ((int)(sizeof genes38 / sizeof genes38[0]))

/* 17q12-q21.33 (UCSC cytoBand): GRCh38 33.5-52.1 Mb, GRCh37 31.8-50.2 Mb. */
static const h2_builtin_t builtin38 = {
    H2_BUILD_GRCH38, "GRCh38", 22, chroms[0], 83257441,
    33500000, 52100000, N_GENES, genes38};
static const h2_builtin_t builtin37 = {
    H2_BUILD_GRCH37, "GRCh37", 22, chroms[1], 81195210,
    31800000, 50200000, N_GENES, genes37};

const h2_builtin_t *h2_builtin_get(h2_build_t build)
{
    if (build == H2_BUILD_GRCH38)
        return &builtin38;
    if (build == H2_BUILD_GRCH37)
        return &builtin37;
    return NULL;
}

const char *h2_build_name(h2_build_t build)
{
    switch (build) {
    case H2_BUILD_GRCH38: return "GRCh38";
    case H2_BUILD_GRCH37: return "GRCh37";
    case H2_BUILD_CUSTOM: return "custom";
    default: return "unknown";
    }
}

int h2_build_parse(const char *s, h2_build_t *out)
{
    static const struct { const char *name; h2_build_t b; } names[] = {
        {"GRCh38", H2_BUILD_GRCH38}, {"hg38", H2_BUILD_GRCH38},
        {"GRCh37", H2_BUILD_GRCH37}, {"hg19", H2_BUILD_GRCH37},
        {"b37", H2_BUILD_GRCH37}, {"auto", H2_BUILD_UNKNOWN},
        {"custom", H2_BUILD_CUSTOM}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (!strcasecmp(s, names[i].name)) {
            *out = names[i].b;
            return 0;
        }
    return -1;
}

/* The one contig-name rule (h2_genome.h): a leading "chr" in any
 * case is optional, the rest of the name is compared exactly, and the
 * mitochondrion is one contig whether it is called chrM, M or MT. */
const char *h2_contig_bare(const char *name)
{
    return strncasecmp(name, "chr", 3) == 0 ? name + 3 : name;
}

static int is_mito(const char *bare)
{
    return !strcmp(bare, "M") || !strcmp(bare, "MT");
}

int h2_contig_name_eq(const char *a, const char *b)
{
    const char *x = h2_contig_bare(a), *y = h2_contig_bare(b);
    return !strcmp(x, y) || (is_mito(x) && is_mito(y));
}

int h2_contig_lookup(const char *name, int n, h2_name_at_f name_at, const void *set)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(name_at(set, i), name))
            return i;
    for (int i = 0; i < n; i++)
        if (h2_contig_name_eq(name_at(set, i), name))
            return i;
    return -1;
}

/* A contig her2cn reads bins on: an autosome, X or Y. */
static int primary_contig(const char *name)
{
    const char *b = h2_contig_bare(name);
    return h2_contig_is_autosome_like(name) || !strcmp(b, "X") || !strcmp(b, "Y");
}

/* The name under the rule, for sorting: without "chr", the mitochondrion as "MT". */
static const char *rule_key(const char *name)
{
    const char *b = h2_contig_bare(name);
    return is_mito(b) ? "MT" : b;
}

static int cmp_rule_key(const void *pa, const void *pb)
{
    const h2_contig_t *const *x = pa, *const *y = pb;
    int c = strcmp(rule_key((*x)->name), rule_key((*y)->name));
    return c ? c : H2_CMP(*x, *y);      /* equal names: in header order */
}

/* Sorting the primary contigs by their name under the rule puts the spellings
 * of one chromosome side by side: O(n log n), where comparing every contig with
 * every other took minutes on a header with 10^5 contigs (issue 20, the fuzz
 * pass). The pair reported is the one the all-pairs scan found first: the
 * lowest-numbered contig that has a twin, and its first twin. */
int h2_genome_same_name_pair(const h2_genome_t *g, int *a, int *b)
{
    const h2_contig_t **v = malloc((g->n_contigs > 0 ? g->n_contigs : 1) * sizeof *v);
    int n = 0, found = 0;
    if (!v)
        return 0;
    for (int i = 0; i < g->n_contigs; i++)
        if (g->contigs[i].len && primary_contig(g->contigs[i].name))
            v[n++] = &g->contigs[i];
    qsort(v, n, sizeof *v, cmp_rule_key);
    for (int k = 0; k + 1 < n; k++) {
        int i = (int)(v[k] - g->contigs), j = (int)(v[k + 1] - g->contigs);
        if (!strcmp(rule_key(v[k]->name), rule_key(v[k + 1]->name)) && (!found || i < *a)) {
            *a = i;
            *b = j;
            found = 1;
        }
        while (k + 1 < n && !strcmp(rule_key(v[k]->name), rule_key(v[k + 1]->name)))
            k++;        /* the rest of this group adds nothing */
    }
    free(v);
    return found;
}

void h2_genome_ignore(h2_genome_t *g, int i)
{
    if (i < 0 || i >= g->n_contigs)
        return;
    g->contigs[i].len = 0;
    g->build = h2_build_detect(g);
}

static const char *genome_name_at(const void *set, int i)
{
    const h2_contig_t *c = &((const h2_genome_t *)set)->contigs[i];
    return c->len > 0 ? c->name : "";   /* an ignored contig is found by no name */
}

int h2_genome_find(const h2_genome_t *g, const char *name)
{
    return h2_contig_lookup(name, g->n_contigs, genome_name_at, g);
}

static const char *fai_name_at(const void *set, int i)
{
    return faidx_iseq((const faidx_t *)set, i);
}

const char *h2_fai_contig(const faidx_t *fai, const char *name)
{
    int i = h2_contig_lookup(name, faidx_nseq(fai), fai_name_at, fai);
    return i < 0 ? NULL : faidx_iseq(fai, i);
}

h2_build_t h2_build_detect(const h2_genome_t *g)
{
    int i = h2_genome_find(g, "chr17");
    if (i < 0)
        return H2_BUILD_CUSTOM;
    if (g->contigs[i].len == builtin38.chr17_len)
        return H2_BUILD_GRCH38;
    if (g->contigs[i].len == builtin37.chr17_len)
        return H2_BUILD_GRCH37;
    return H2_BUILD_CUSTOM;
}

hts_pos_t h2_genome_arm_split(const h2_genome_t *g, int c)
{
    const h2_builtin_t *bi = h2_builtin_get(h2_build_detect(g));
    if (!bi || c < 0 || c >= g->n_contigs)
        return -1;
    const char *n = h2_contig_bare(g->contigs[c].name);
    long v = 0;
    int k = !strcmp(n, "X") ? 22 : !strcmp(n, "Y") ? 23
            : h2_parse_long(n, &v) == 0 && v >= 1 && v <= 22 ? (int)v - 1 : -1;
    if (k < 0 || g->contigs[c].len != bi->chrom[k].len)
        return -1;
    return bi->chrom[k].cen_start;
}

int h2_contig_is_autosome_like(const char *name)
{
    const char *b = h2_contig_bare(name);
    if (!*b)
        return 0;
    if (!strcasecmp(b, "X") || !strcasecmp(b, "Y") || !strcasecmp(b, "M") ||
        !strcasecmp(b, "MT") || !strcasecmp(b, "EBV"))
        return 0;
    static const char *bad[] = {"_", "random", "Un", "alt", "decoy", "HLA",
                                "hap", "fix", "GL", "KI", "NC_", "JH", "EBV"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (strstr(name, bad[i]))
            return 0;
    return 1;
}

static h2_genome_t *genome_new(int n)
{
    h2_genome_t *g = calloc(1, sizeof *g);
    if (!g)
        return NULL;
    g->contigs = calloc(n > 0 ? n : 1, sizeof *g->contigs);
    if (!g->contigs) {
        free(g);
        return NULL;
    }
    return g;
}

static int genome_add(h2_genome_t *g, const char *name, hts_pos_t len)
{
    char *s = strdup(name);
    if (!s)
        return H2_ENOMEM;
    g->contigs[g->n_contigs].name = s;
    g->contigs[g->n_contigs].len = len;
    g->n_contigs++;
    return 0;
}

h2_genome_t *h2_genome_from_header(const sam_hdr_t *hdr)
{
    int n = sam_hdr_nref(hdr);
    h2_genome_t *g = genome_new(n);
    if (!g)
        return NULL;
    for (int i = 0; i < n; i++)
        if (genome_add(g, sam_hdr_tid2name(hdr, i), sam_hdr_tid2len(hdr, i)) < 0) {
            h2_genome_destroy(g);
            return NULL;
        }
    g->build = h2_build_detect(g);
    return g;
}

int h2_genome_check_lengths(const h2_genome_t *g, const char *what, h2_err_t *err)
{
    for (int i = 0; i < g->n_contigs; i++)
        if (g->contigs[i].len < 0 || g->contigs[i].len > H2_CONTIG_MAX_LEN)
            return h2_fail(err, H2_EINPUT, "\"%s\": contig \"%s\" is %lld bp long: her2cn takes "
                           "lengths up to 2^40", what, g->contigs[i].name,
                           (long long)g->contigs[i].len);
    return 0;
}

h2_genome_t *h2_genome_builtin(h2_build_t build, int chr_prefix)
{
    const h2_builtin_t *b = h2_builtin_get(build);
    if (!b)
        return NULL;
    h2_genome_t *g = genome_new(24);
    if (!g)
        return NULL;
    for (int i = 0; i < 24; i++) {
        char name[16];
        const char *num = i == 22 ? "X" : i == 23 ? "Y" : NULL;
        if (num)
            snprintf(name, sizeof name, "%s%s", chr_prefix ? "chr" : "", num);
        else
            snprintf(name, sizeof name, "%s%d", chr_prefix ? "chr" : "", i + 1);
        if (genome_add(g, name, b->chrom[i].len) < 0) {
            h2_genome_destroy(g);
            return NULL;
        }
    }
    g->build = build;
    return g;
}

typedef struct {
    h2_genome_t *g;
    int m;
    const char *path;
} genome_reader_t;

static int genome_line(void *ctx, kstring_t *line, int lineno, h2_err_t *err)
{
    genome_reader_t *rd = ctx;
    h2_genome_t *g = rd->g;
    char name[1024], num[64];
    long len;
    line->s[strcspn(line->s, "\r\n")] = 0;
    if (!*line->s || *line->s == '#')
        return 0;
    /* the length parsed strictly: sscanf's %lld took 10^23 as LLONG_MAX */
    if (sscanf(line->s, "%1023s %63s", name, num) < 2 || h2_parse_long(num, &len) < 0 ||
        len <= 0 || len > H2_CONTIG_MAX_LEN)
        return h2_fail(err, H2_EINPUT, "%s:%d: expected \"name<TAB>length\" with a length from 1 "
                       "to 2^40", rd->path, lineno);
    int dup = h2_genome_find(g, name);
    if (dup >= 0 && !strcmp(g->contigs[dup].name, name))
        return h2_fail(err, H2_EINPUT, "%s:%d: duplicate contig \"%s\"", rd->path, lineno, name);
    if (hts_resize(h2_contig_t, g->n_contigs + 1, &rd->m, &g->contigs, 0) < 0 ||
        genome_add(g, name, len) < 0)
        return h2_fail(err, H2_ENOMEM, "out of memory");
    return 0;
}

h2_genome_t *h2_genome_load(const char *path, h2_err_t *err)
{
    genome_reader_t rd = {genome_new(16), 16, path};
    if (!rd.g)
        h2_fail(err, H2_ENOMEM, "out of memory");
    if (!rd.g || h2_read_records(path, genome_line, &rd, &rd.g->n_contigs, "contigs", err) < 0) {
        h2_genome_destroy(rd.g);
        return NULL;
    }
    rd.g->build = h2_build_detect(rd.g);
    return rd.g;
}

void h2_genome_destroy(h2_genome_t *g)
{
    if (!g)
        return;
    for (int i = 0; i < g->n_contigs; i++)
        free(g->contigs[i].name);
    free(g->contigs);
    free(g);
}
