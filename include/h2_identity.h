/* h2_identity.h -- is the matched normal the same person as the tumour, and
 * which --snps sites are heterozygous in this person (README "Sample
 * identity").
 *
 * Site filter. A list of common SNP sites (--snps) holds mostly sites where
 * this person is homozygous; read as allele fractions they look like
 * allelic imbalance (LOH everywhere). Only the person's het sites are kept:
 *   with a matched normal: the normal's depth at the site (both alleles)
 *     >= H2_NHET_MIN_DEPTH and its alt fraction in [H2_NHET_LO, H2_NHET_HI];
 *   tumour only: the de novo het rule (h2_allele_is_het, >= 3 reads and 5%
 *     of each allele), and the fit conditions on that selection, as for de
 *     novo sites. Its cost: in a pure tumour an LOH region has no het site
 *     left (its allelic evidence is lost, not misread), and at low depth few
 *     sites reach 3 reads of each allele.
 *
 * Identity, with --snps (h2_identity_sites): a person cannot carry an allele
 * that their normal lacks, whatever the tumour's purity or LOH. Informative
 * sites: the normal homozygous (depth >= H2_NHET_MIN_DEPTH, the other
 * allele in < 5% of its reads) and the tumour read >= H2_ID_MIN_TDEPTH
 * times; discordant: the tumour shows the normal's missing allele in >= 2
 * reads and >= 10% of its reads. Different people: discordant fraction
 * > H2_ID_MAX_DISCORD.
 *
 * Identity without --snps (h2_identity_bins): only the normal's het sites
 * are read in the tumour. A same-person tumour shows both alleles at every
 * site outside LOH; LOH removes one allele from whole regions. Another
 * person shows both alleles at a scattered minority of the sites. Per
 * REF/CHR17 bin with >= H2_ID_BIN_SITES sites read >= H2_ID_MIN_TDEPTH
 * times, the bin is consistent when >= 75% of them show both alleles;
 * different people: fewer than H2_ID_MIN_CONSISTENT of the bins are. LOH of
 * more than ~70% of the genome in a pure tumour looks like another person.
 *
 * Both need >= H2_ID_MIN_INFORMATIVE informative sites (bins); below that the
 * result is "too few sites" and the call goes on (low depth). */
#ifndef H2_IDENTITY_H
#define H2_IDENTITY_H

#include "h2_baf.h"

#define H2_NHET_MIN_DEPTH 8
#define H2_NHET_LO 0.2
#define H2_NHET_HI 0.8
#define H2_ID_MIN_TDEPTH 6
#define H2_ID_MAX_DISCORD 0.05
#define H2_ID_BIN_SITES 3
#define H2_ID_MIN_CONSISTENT 0.3
#define H2_ID_MIN_INFORMATIVE 20

typedef enum { H2_ID_NOT_CHECKED, H2_ID_MATCH, H2_ID_MISMATCH, H2_ID_TOO_FEW } h2_id_result_t;

typedef struct h2_identity_s {
    /* --snps site filter; snps_given -1 without --snps */
    int snps_given;         /* sites reported (read at least once) before the filter */
    int snps_kept;          /* of them, heterozygous in this person */
    const char *snps_rule;  /* "matched normal" or "tumour reads" */
    /* identity of the matched normal */
    h2_id_result_t result;
    const char *method;     /* "normal-homozygous sites" or "normal-het sites per bin" */
    int informative;        /* sites (or bins) that can show a difference */
    int discordant;         /* of them, those that do */
    double concordance;     /* 1 - discordant / informative; NAN when none */
} h2_identity_t;

void h2_identity_init(h2_identity_t *id);

/* "match", "mismatch", "too few sites", "not checked". */
const char *h2_id_result_name(h2_id_result_t r);

/* Keep the entries of a that pass the de novo het rule (tumour-only --snps
 * filter); a->min_reads and a->min_frac become the rule's. Returns the
 * number dropped. */
int h2_alleles_keep_het(h2_alleles_t *a);

/* The sites of a (a normal piled at --snps sites) that are heterozygous in
 * the normal (rule above). The caller owns the result; NULL on ENOMEM. */
h2_sites_t *h2_sites_normal_het(const h2_alleles_t *a);

/* Keep the entries of a at positions of s. Returns the number dropped. */
int h2_alleles_keep_sites(h2_alleles_t *a, const h2_sites_t *s);

/* Identity from the normal's (n) and the tumour's (t) counts at the same
 * --snps sites; fills id's identity fields. */
void h2_identity_sites(const h2_alleles_t *n, const h2_alleles_t *t, h2_identity_t *id);

/* Identity from the tumour's counts at the normal's het sites. */
void h2_identity_bins(const h2_alleles_t *t, h2_identity_t *id);

#endif
