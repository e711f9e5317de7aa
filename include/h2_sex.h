/* h2_sex.h -- sex of a sample from the depth of its SEX bins (chrX, chrY),
 * as `her2cn pon` records it for each normal. */
#ifndef H2_SEX_H
#define H2_SEX_H

#include "h2_normalise.h"

typedef enum { H2_SEX_UNKNOWN = 0, H2_SEX_FEMALE, H2_SEX_MALE } h2_sex_t;

typedef struct {
    double x_ratio, y_ratio;    /* median chrX / chrY SEX-bin depth over the REF
                                 * baseline (NAN when there are no such bins) */
    int n_x, n_y;               /* SEX bins used */
    h2_sex_t sex;
} h2_sexinfo_t;

/* Sex from the SEX bins: male when x_ratio < 0.75 and y_ratio > 0.2 (one X, a
 * Y) or there are no chrY bins (a reference without chrY); female when
 * x_ratio >= 0.75 and y_ratio < 0.1 (or no chrY bins); else unknown (no chrX
 * bins, XXY, an X0 with a chrY contig, or contamination). */
h2_sexinfo_t h2_sex_infer(const h2_regset_t *rs, const h2_norm_t *nm);
const char *h2_sex_name(h2_sex_t s);   /* "female", "male", "unknown" */

/* The name h2_sex_name gives back as a h2_sex_t: 0, or -1 (out untouched). */
int h2_sex_parse(const char *s, h2_sex_t *out);

/* 'X' or 'Y' when bin i of rs lies on chrX or chrY (any contig naming), else 0. */
char h2_sex_contig(const h2_regset_t *rs, int i);

#endif
