/* h2_pon.h -- panel of normals: build, write, read and check a PON file, and
 * the region-set hash it records. Applying a PON to a sample is in
 * h2_refapply.h, the sex of a normal in h2_sex.h.
 *
 * A PON holds, per bin of the region set, the expected normalised depth of a
 * normal sample (GC-corrected when built with a FASTA, relative to each
 * normal's own REF baseline; median over the normals) and its spread (robust
 * SD of log2(value / expected) across the normals, 1.4826 x MAD). The file
 * format is described in README "Panel of normals file". */
#ifndef H2_PON_H
#define H2_PON_H

#include <stdint.h>
#include "h2_normalise.h"
#include "h2_sex.h"

#define H2_PON_VERSION 1

/* Per-bin PON flags (a flagged bin is left out of every call). */
#define H2_PON_SHALLOW 1u   /* expected below min_expected */
#define H2_PON_NOISY   2u   /* spread above max_spread */
#define H2_PON_FEW     4u   /* fewer than 3 normals usable in the bin */

/* FNV-1a 64 over every bin's contig name (without a "chr" prefix), start,
 * end, role and name, in region-set order: equal hashes mean the same bins. */
uint64_t h2_regset_hash(const h2_regset_t *rs);

typedef struct {
    double min_expected;    /* flag SHALLOW below this expected ratio [2^-5] */
    double max_spread;      /* flag NOISY above this log2 spread [1.0] */
} h2_pon_opt_t;

void h2_pon_opt_init(h2_pon_opt_t *o);

typedef struct {
    int version;
    char *build;            /* "GRCh38", "GRCh37", "custom" */
    int panel;              /* 1: built with --targets */
    uint64_t hash;          /* h2_regset_hash of the region set */
    int min_mq, exclude_flags;
    int gc_corrected;
    double min_expected, max_spread;
    int n_normals;
    char **normal_names;    /* n_normals sample names */
    h2_sex_t *sexes;        /* n_normals */
    int n_bins;
    char **chrom, **name;   /* per bin, as written */
    hts_pos_t *start, *end;
    h2_role_t *role;
    int *n;                 /* normals usable in the bin */
    double *expected, *spread;
    unsigned *flags;
} h2_pon_t;

/* Build from n >= 3 normalised normals of region set rs (index-aligned);
 * names/sexes per normal. For SEX bins the normals' values are put on a
 * two-copy scale (a male's chrX and chrY doubled); chrY bins use males only,
 * and normals of unknown sex are left out of SEX bins. The caller fills the
 * provenance fields (build, filters, gc_corrected) afterwards.
 * NULL with err set (H2_EUSAGE for n < 3, H2_ENOMEM). */
h2_pon_t *h2_pon_build(const h2_regset_t *rs, h2_norm_t *const *nms, const char *const *names,
                       const h2_sex_t *sexes, int n, const h2_pon_opt_t *o,
                       h2_err_t *err, int *rc);

/* Write as gzip (BGZF) TSV to path. 0 or H2_EIO with err set. */
int h2_pon_write(const h2_pon_t *p, const char *path, h2_err_t *err);

/* Read a PON file. Errors (NULL, err set, *rc): cannot open (H2_EIO); not a
 * her2cn PON, unsupported version, bad header or row, truncated or corrupt
 * data, row count different from the header's (H2_EINPUT). */
h2_pon_t *h2_pon_read(const char *path, h2_err_t *err, int *rc);

void h2_pon_destroy(h2_pon_t *p);

/* Check that the PON fits this call: same build, same region set (hash and
 * bin count), same read filters and the same GC correction (yes/no).
 * 0, or H2_EINPUT with one sentence naming what differs. */
int h2_pon_check(const h2_pon_t *p, const h2_regset_t *rs, int min_mq, int exclude_flags,
                 int gc_corrected, h2_err_t *err);

/* Per-bin exclusion mask (1 where the PON flags the bin); n_bins bytes, owned
 * by the caller. NULL on allocation failure. */
uint8_t *h2_pon_exclude_mask(const h2_pon_t *p);

#endif
