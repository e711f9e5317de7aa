/* h2_jsonread.h -- a small JSON reader (RFC 8259) for the files her2cn
 * writes itself (`call --json`, read back by `her2cn cohort`): a recursive-
 * descent parser into a tree of values. Numbers are doubles; strings are
 * UTF-8 with \u escapes (and surrogate pairs) decoded; nesting is limited to
 * H2_JV_MAX_DEPTH. No dependency beyond libc. */
#ifndef H2_JSONREAD_H
#define H2_JSONREAD_H

#include <stddef.h>
#include "her2cn.h"

#define H2_JV_MAX_DEPTH 64

typedef enum { H2_JV_NULL, H2_JV_BOOL, H2_JV_NUM, H2_JV_STR, H2_JV_ARR, H2_JV_OBJ } h2_jv_type_t;

typedef struct h2_jv {
    h2_jv_type_t type;
    double num;             /* NUM; BOOL as 0/1 */
    char *str;              /* STR (owned, NUL-terminated) */
    int n;                  /* ARR/OBJ: members */
    struct h2_jv *items;    /* ARR/OBJ: values (owned) */
    char **keys;            /* OBJ: keys (owned), parallel to items */
} h2_jv_t;

/* Parse text[0..len) as one JSON value (surrounding white space allowed).
 * Returns the tree (free with h2_jv_destroy), or NULL with err set (H2_EINPUT
 * "line L: what was wrong", or H2_ENOMEM) and *ret the code. */
h2_jv_t *h2_jv_parse(const char *text, size_t len, h2_err_t *err, int *ret);
void h2_jv_destroy(h2_jv_t *v);

/* Lookups that tolerate NULL and the wrong type: the member `key` of an
 * object (the first one), element i of an array, a number (NAN when v is not
 * a number), a string (NULL when v is not a string). */
const h2_jv_t *h2_jv_get(const h2_jv_t *v, const char *key);
const h2_jv_t *h2_jv_at(const h2_jv_t *v, int i);
double h2_jv_num(const h2_jv_t *v);
const char *h2_jv_str(const h2_jv_t *v);

#endif
