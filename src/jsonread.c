/* jsonread.c -- the JSON reader of h2_jsonread.h: recursive descent over the
 * RFC 8259 grammar (value = object | array | string | number | true | false |
 * null), one function per production, errors with the line number. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "h2_jsonread.h"

typedef struct {
    const char *p, *end, *start;
    h2_err_t *err;
    int ret;
} rd_t;

static int line_of(const rd_t *r)
{
    int line = 1;
    for (const char *q = r->start; q < r->p && q < r->end; q++)
        line += *q == '\n';
    return line;
}

static int bad(rd_t *r, const char *what)
{
    r->ret = h2_fail(r->err, H2_EINPUT, "line %d: %s", line_of(r), what);
    return -1;
}

static int oom(rd_t *r)
{
    r->ret = h2_fail(r->err, H2_ENOMEM, "out of memory");
    return -1;
}

static void skip_ws(rd_t *r)
{
    while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
        r->p++;
}

static int parse_value(rd_t *r, h2_jv_t *v, int depth);

static int hex4(rd_t *r, unsigned *u)
{
    *u = 0;
    if (r->end - r->p < 4)
        return bad(r, "truncated \\u escape");
    for (int i = 0; i < 4; i++) {
        char c = *r->p++;
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0)
            return bad(r, "bad \\u escape");
        *u = *u * 16 + (unsigned)d;
    }
    return 0;
}

static void put_utf8(kstring_t *ks, unsigned u)
{
    if (u < 0x80) {
        kputc((int)u, ks);
    } else if (u < 0x800) {
        kputc((int)(0xc0 | u >> 6), ks);
        kputc((int)(0x80 | (u & 0x3f)), ks);
    } else if (u < 0x10000) {
        kputc((int)(0xe0 | u >> 12), ks);
        kputc((int)(0x80 | (u >> 6 & 0x3f)), ks);
        kputc((int)(0x80 | (u & 0x3f)), ks);
    } else {
        kputc((int)(0xf0 | u >> 18), ks);
        kputc((int)(0x80 | (u >> 12 & 0x3f)), ks);
        kputc((int)(0x80 | (u >> 6 & 0x3f)), ks);
        kputc((int)(0x80 | (u & 0x3f)), ks);
    }
}

/* A string at r->p (the opening quote): its decoded text into *out. */
static int parse_string(rd_t *r, char **out)
{
    kstring_t ks = KS_INITIALIZE;
    r->p++;
    kputs("", &ks);
    while (r->p < r->end && *r->p != '"') {
        unsigned char c = (unsigned char)*r->p++;
        if (c < 0x20) {
            free(ks.s);
            return bad(r, "control character in a string");
        }
        if (c != '\\') {
            kputc(c, &ks);
            continue;
        }
        if (r->p >= r->end)
            break;
        unsigned u;
        switch (*r->p++) {
        case '"': kputc('"', &ks); break;
        case '\\': kputc('\\', &ks); break;
        case '/': kputc('/', &ks); break;
        case 'b': kputc('\b', &ks); break;
        case 'f': kputc('\f', &ks); break;
        case 'n': kputc('\n', &ks); break;
        case 'r': kputc('\r', &ks); break;
        case 't': kputc('\t', &ks); break;
        case 'u':
            if (hex4(r, &u) < 0) {
                free(ks.s);
                return -1;
            }
            if (u >= 0xd800 && u < 0xdc00) {    /* a surrogate pair */
                unsigned lo;
                if (r->end - r->p < 6 || r->p[0] != '\\' || r->p[1] != 'u') {
                    free(ks.s);
                    return bad(r, "unpaired surrogate in a \\u escape");
                }
                r->p += 2;
                if (hex4(r, &lo) < 0 || lo < 0xdc00 || lo > 0xdfff) {
                    free(ks.s);
                    return r->ret ? -1 : bad(r, "unpaired surrogate in a \\u escape");
                }
                u = 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00);
            } else if (u >= 0xdc00 && u < 0xe000) {
                free(ks.s);
                return bad(r, "unpaired surrogate in a \\u escape");
            }
            put_utf8(&ks, u);
            break;
        default:
            free(ks.s);
            return bad(r, "bad escape in a string");
        }
    }
    if (r->p >= r->end) {
        free(ks.s);
        return bad(r, "unterminated string");
    }
    r->p++;
    if (!ks.s)
        return oom(r);
    *out = ks.s;
    return 0;
}

/* number = [-] int [frac] [exp], checked against the grammar before strtod */
static int parse_number(rd_t *r, h2_jv_t *v)
{
    const char *q = r->p;
    if (q < r->end && *q == '-')
        q++;
    if (q >= r->end || !(*q >= '0' && *q <= '9'))
        return bad(r, "unexpected character");
    if (*q == '0')
        q++;
    else
        while (q < r->end && *q >= '0' && *q <= '9')
            q++;
    if (q < r->end && *q == '.') {
        if (++q >= r->end || !(*q >= '0' && *q <= '9'))
            return bad(r, "bad number");
        while (q < r->end && *q >= '0' && *q <= '9')
            q++;
    }
    if (q < r->end && (*q == 'e' || *q == 'E')) {
        q++;
        if (q < r->end && (*q == '+' || *q == '-'))
            q++;
        if (q >= r->end || !(*q >= '0' && *q <= '9'))
            return bad(r, "bad number");
        while (q < r->end && *q >= '0' && *q <= '9')
            q++;
    }
    char buf[64];
    size_t n = (size_t)(q - r->p);
    if (n >= sizeof buf)
        return bad(r, "number too long");
    memcpy(buf, r->p, n);
    buf[n] = 0;
    v->type = H2_JV_NUM;
    v->num = strtod(buf, NULL);
    r->p = q;
    return 0;
}

/* Append one member to an array or object (keys NULL for an array). */
static h2_jv_t *grow(h2_jv_t *v, int *cap)
{
    if (v->n == *cap) {
        int c = *cap ? 2 * *cap : 8;
        h2_jv_t *items = realloc(v->items, (size_t)c * sizeof *items);
        if (!items)
            return NULL;
        v->items = items;
        if (v->type == H2_JV_OBJ) {
            char **keys = realloc(v->keys, (size_t)c * sizeof *keys);
            if (!keys)
                return NULL;
            v->keys = keys;
        }
        *cap = c;
    }
    memset(&v->items[v->n], 0, sizeof v->items[0]);
    if (v->keys)
        v->keys[v->n] = NULL;
    return &v->items[v->n++];
}

static int parse_container(rd_t *r, h2_jv_t *v, int depth, int is_obj)
{
    int cap = 0;
    char close = is_obj ? '}' : ']';
    v->type = is_obj ? H2_JV_OBJ : H2_JV_ARR;
    if (depth >= H2_JV_MAX_DEPTH)
        return bad(r, "nested too deeply");
    r->p++;
    skip_ws(r);
    if (r->p < r->end && *r->p == close) {
        r->p++;
        return 0;
    }
    for (;;) {
        char *key = NULL;
        skip_ws(r);
        if (is_obj) {
            if (r->p >= r->end || *r->p != '"')
                return bad(r, "expected a key string");
            if (parse_string(r, &key) < 0)
                return -1;
            skip_ws(r);
            if (r->p >= r->end || *r->p != ':') {
                free(key);
                return bad(r, "expected ':' after a key");
            }
            r->p++;
        }
        h2_jv_t *m = grow(v, &cap);
        if (!m) {
            free(key);
            return oom(r);
        }
        if (is_obj)
            v->keys[v->n - 1] = key;
        if (parse_value(r, m, depth + 1) < 0)
            return -1;
        skip_ws(r);
        if (r->p < r->end && *r->p == ',') {
            r->p++;
            continue;
        }
        if (r->p < r->end && *r->p == close) {
            r->p++;
            return 0;
        }
        return bad(r, is_obj ? "expected ',' or '}'" : "expected ',' or ']'");
    }
}

static int literal(rd_t *r, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(r->end - r->p) < n || memcmp(r->p, word, n) != 0)
        return bad(r, "unexpected character");
    r->p += n;
    return 0;
}

static int parse_value(rd_t *r, h2_jv_t *v, int depth)
{
    skip_ws(r);
    if (r->p >= r->end)
        return bad(r, "unexpected end of input");
    switch (*r->p) {
    case '{': return parse_container(r, v, depth, 1);
    case '[': return parse_container(r, v, depth, 0);
    case '"': v->type = H2_JV_STR; return parse_string(r, &v->str);
    case 't': v->type = H2_JV_BOOL; v->num = 1; return literal(r, "true");
    case 'f': v->type = H2_JV_BOOL; v->num = 0; return literal(r, "false");
    case 'n': v->type = H2_JV_NULL; return literal(r, "null");
    default: return parse_number(r, v);
    }
}

static void jv_free(h2_jv_t *v)
{
    for (int i = 0; i < v->n; i++) {
        jv_free(&v->items[i]);
        if (v->keys)
            free(v->keys[i]);
    }
    free(v->items);
    free(v->keys);
    free(v->str);
}

void h2_jv_destroy(h2_jv_t *v)
{
    if (!v)
        return;
    jv_free(v);
    free(v);
}

h2_jv_t *h2_jv_parse(const char *text, size_t len, h2_err_t *err, int *ret)
{
    rd_t r = {text, text + len, text, err, 0};
    h2_jv_t *v = calloc(1, sizeof *v);
    if (!v) {
        *ret = h2_fail(err, H2_ENOMEM, "out of memory");
        return NULL;
    }
    if (parse_value(&r, v, 0) == 0) {
        skip_ws(&r);
        if (r.p == r.end)
            return v;
        bad(&r, "text after the JSON value");
    }
    h2_jv_destroy(v);
    *ret = r.ret;
    return NULL;
}

const h2_jv_t *h2_jv_get(const h2_jv_t *v, const char *key)
{
    if (!v || v->type != H2_JV_OBJ)
        return NULL;
    for (int i = 0; i < v->n; i++)
        if (strcmp(v->keys[i], key) == 0)
            return &v->items[i];
    return NULL;
}

const h2_jv_t *h2_jv_at(const h2_jv_t *v, int i)
{
    return v && v->type == H2_JV_ARR && i >= 0 && i < v->n ? &v->items[i] : NULL;
}

double h2_jv_num(const h2_jv_t *v)
{
    return v && v->type == H2_JV_NUM ? v->num : NAN;
}

const char *h2_jv_str(const h2_jv_t *v)
{
    return v && v->type == H2_JV_STR ? v->str : NULL;
}
