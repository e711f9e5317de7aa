/* h2_refapply.h -- apply a reference to a normalised sample: a checked panel
 * of normals (h2_pon.h) or a matched normal's normalisation. */
#ifndef H2_REFAPPLY_H
#define H2_REFAPPLY_H

#include "h2_normalise.h"
#include "h2_pon.h"

/* Apply a checked PON to a normalised sample (see README "Method"):
 * log2_i = log2((depth_i / baseline) / expected_i), re-centred so that the
 * median REF bin is 0; bins without an expectation become unusable; sets
 * nm->expected/spread/var_dev/var_exp and refreshes the noise. 0 or H2_E*. */
int h2_ref_apply_pon(const h2_pon_t *p, const h2_regset_t *rs, const h2_counts_t *c,
                     h2_norm_t *nm, h2_err_t *err);

/* Apply a matched normal (counts cn and normalisation nn over the same bins):
 * log2_i = log2_tumour_i - log2_normal_i, re-centred on the REF median; the
 * normal's counting noise enters var_exp. 0 or H2_E*. */
int h2_ref_apply_normal(const h2_regset_t *rs, const h2_counts_t *ct, h2_norm_t *nm,
                        const h2_counts_t *cn, const h2_norm_t *nn, h2_err_t *err);

#endif
