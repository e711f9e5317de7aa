/* h2_json.h -- a minimal hand-written JSON emitter (no parsing). Strings are
 * escaped per RFC 8259 (", \, and control characters; other bytes are passed
 * through, so UTF-8 input stays UTF-8); non-finite numbers are written as
 * null. The emitter tracks commas itself: callers open/close objects and
 * arrays and add keys and values. Output goes into a kstring_t. */
#ifndef H2_JSON_H
#define H2_JSON_H

#include <htslib/kstring.h>

#define H2_JSON_MAX_DEPTH 16

typedef struct {
    kstring_t *ks;
    int depth;
    int first[H2_JSON_MAX_DEPTH];   /* 1 until the first item at that depth */
    int after_key;                  /* a key was just written: no comma */
    int indent;                     /* pretty-print with this many spaces (0: compact) */
} h2_json_t;

void h2_json_init(h2_json_t *j, kstring_t *ks, int indent);
void h2_json_begin_object(h2_json_t *j);
void h2_json_end_object(h2_json_t *j);
void h2_json_begin_array(h2_json_t *j);
void h2_json_end_array(h2_json_t *j);
void h2_json_key(h2_json_t *j, const char *key);
void h2_json_str(h2_json_t *j, const char *s);      /* NULL -> null */
void h2_json_num(h2_json_t *j, double v);           /* %.9g; NAN/inf -> null */
void h2_json_int(h2_json_t *j, long long v);
void h2_json_bool(h2_json_t *j, int v);
void h2_json_null(h2_json_t *j);

/* A key and its value in one call: h2_json_key then h2_json_str/num/int. */
void h2_json_kv_str(h2_json_t *j, const char *key, const char *v);
void h2_json_kv_num(h2_json_t *j, const char *key, double v);
void h2_json_kv_int(h2_json_t *j, const char *key, long long v);

/* Append s as a JSON string literal (with quotes) to ks. */
void h2_json_escape(const char *s, kstring_t *ks);

#endif
