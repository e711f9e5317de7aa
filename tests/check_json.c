/* check_json.c -- the JSON emitter: escaping, commas, nesting, numbers, key-value pairs. */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "h2_cohort.h"
#include "h2_json.h"
#include "h2_jsonread.h"

static char *escaped(const char *s)
{
    kstring_t ks = KS_INITIALIZE;
    h2_json_escape(s, &ks);
    return ks.s;
}

START_TEST(test_escape)
{
    char *e = escaped("a\"b\\c\nd\te\x01\x1f/\xc3\xa9");
    ck_assert_str_eq(e, "\"a\\\"b\\\\c\\nd\\te\\u0001\\u001f/\xc3\xa9\"");
    free(e);
    e = escaped("");
    ck_assert_str_eq(e, "\"\"");
    free(e);
    /* ill-formed UTF-8 becomes U+FFFD: Latin-1 e-acute, a lone continuation
     * byte, an overlong '/', a surrogate, a cut 3-byte sequence; a 4-byte
     * emoji and the last code point are kept */
    e = escaped("S\xe9 \x80 \xc0\xaf \xed\xa0\x80 \xe2\x82 \xf0\x9f\x98\x80 \xf4\x8f\xbf\xbf");
    ck_assert_str_eq(e, "\"S\\ufffd \\ufffd \\ufffd\\ufffd \\ufffd\\ufffd\\ufffd "
                        "\\ufffd\\ufffd \xf0\x9f\x98\x80 \xf4\x8f\xbf\xbf\"");
    free(e);
}
END_TEST

START_TEST(test_structure_compact)
{
    kstring_t ks = KS_INITIALIZE;
    h2_json_t j;
    h2_json_init(&j, &ks, 0);
    h2_json_begin_object(&j);
    h2_json_key(&j, "a");
    h2_json_int(&j, -3);
    h2_json_key(&j, "b");
    h2_json_begin_array(&j);
    h2_json_num(&j, 1.5);
    h2_json_num(&j, NAN);
    h2_json_num(&j, INFINITY);
    h2_json_num(&j, -0.0);
    h2_json_str(&j, NULL);
    h2_json_bool(&j, 1);
    h2_json_end_array(&j);
    h2_json_key(&j, "c");
    h2_json_begin_object(&j);
    h2_json_end_object(&j);
    h2_json_key(&j, "d");
    h2_json_begin_array(&j);
    h2_json_end_array(&j);
    h2_json_key(&j, "e");
    h2_json_null(&j);
    h2_json_end_object(&j);
    ck_assert_str_eq(ks.s, "{\"a\":-3,\"b\":[1.5,null,null,0,null,true],\"c\":{},\"d\":[],\"e\":null}");
    free(ks.s);
}
END_TEST

/* a key and its value in one call: commas and escaping as with two calls */
START_TEST(test_key_value)
{
    kstring_t ks = KS_INITIALIZE;
    h2_json_t j;
    h2_json_init(&j, &ks, 0);
    h2_json_begin_object(&j);
    h2_json_kv_str(&j, "s\"", "x\ty");
    h2_json_kv_str(&j, "n", NULL);
    h2_json_kv_num(&j, "f", 0.25);
    h2_json_kv_num(&j, "nan", NAN);
    h2_json_kv_int(&j, "i", -12345678901LL);
    h2_json_end_object(&j);
    ck_assert_str_eq(ks.s, "{\"s\\\"\":\"x\\ty\",\"n\":null,\"f\":0.25,\"nan\":null,"
                     "\"i\":-12345678901}");
    free(ks.s);
}
END_TEST

START_TEST(test_structure_indented)
{
    kstring_t ks = KS_INITIALIZE;
    h2_json_t j;
    h2_json_init(&j, &ks, 2);
    h2_json_begin_object(&j);
    h2_json_key(&j, "x");
    h2_json_begin_array(&j);
    h2_json_int(&j, 1);
    h2_json_int(&j, 2);
    h2_json_end_array(&j);
    h2_json_key(&j, "y");
    h2_json_str(&j, "z");
    h2_json_end_object(&j);
    ck_assert_str_eq(ks.s, "{\n  \"x\": [\n    1,\n    2\n  ],\n  \"y\": \"z\"\n}");
    free(ks.s);
}
END_TEST

START_TEST(test_numbers_round_trip)
{
    kstring_t ks = KS_INITIALIZE;
    h2_json_t j;
    h2_json_init(&j, &ks, 0);
    h2_json_num(&j, 12345678.9);
    ck_assert_double_eq_tol(strtod(ks.s, NULL), 12345678.9, 1e-6 * 12345678.9);
    ks.l = 0;
    h2_json_init(&j, &ks, 0);
    h2_json_num(&j, 1e-9);
    ck_assert_double_eq_tol(strtod(ks.s, NULL), 1e-9, 1e-15);
    free(ks.s);
}
END_TEST

/* The reader (her2cn cohort): what the emitter writes reads back, escapes
 * and surrogate pairs decode to UTF-8, and every malformed input is an error
 * with its line. */
START_TEST(test_reader_round_trip)
{
    kstring_t ks = KS_INITIALIZE;
    h2_json_t j;
    h2_err_t err = {{0}};
    int ret = 0;
    h2_json_init(&j, &ks, 2);
    h2_json_begin_object(&j);
    h2_json_kv_str(&j, "s", "tab\t\"q\" \xc3\xa9");
    h2_json_kv_num(&j, "x", -1.5e-3);
    h2_json_kv_num(&j, "nan", NAN);
    h2_json_key(&j, "a");
    h2_json_begin_array(&j);
    h2_json_int(&j, 1);
    h2_json_bool(&j, 1);
    h2_json_begin_object(&j);
    h2_json_end_object(&j);
    h2_json_end_array(&j);
    h2_json_end_object(&j);
    h2_jv_t *v = h2_jv_parse(ks.s, ks.l, &err, &ret);
    ck_assert_ptr_nonnull(v);
    ck_assert_str_eq(h2_jv_str(h2_jv_get(v, "s")), "tab\t\"q\" \xc3\xa9");
    ck_assert_double_eq(h2_jv_num(h2_jv_get(v, "x")), -1.5e-3);
    ck_assert_int_eq(h2_jv_get(v, "nan")->type, H2_JV_NULL);
    ck_assert(isnan(h2_jv_num(h2_jv_get(v, "nan"))));
    ck_assert_double_eq(h2_jv_num(h2_jv_at(h2_jv_get(v, "a"), 0)), 1);
    ck_assert_int_eq(h2_jv_at(h2_jv_get(v, "a"), 1)->type, H2_JV_BOOL);
    ck_assert_int_eq(h2_jv_at(h2_jv_get(v, "a"), 2)->type, H2_JV_OBJ);
    ck_assert_ptr_null(h2_jv_at(h2_jv_get(v, "a"), 3));
    ck_assert_ptr_null(h2_jv_get(v, "missing"));
    ck_assert_ptr_null(h2_jv_str(h2_jv_get(v, "x")));
    h2_jv_destroy(v);
    const char *esc = "[\"\\u00e9\\ud83d\\ude00\\/\\n\"]";
    v = h2_jv_parse(esc, strlen(esc), &err, &ret);
    ck_assert_ptr_nonnull(v);
    ck_assert_str_eq(h2_jv_str(h2_jv_at(v, 0)), "\xc3\xa9\xf0\x9f\x98\x80/\n");
    h2_jv_destroy(v);
    free(ks.s);
}
END_TEST

START_TEST(test_reader_errors)
{
    static const char *bad[] = {"", "{", "[1,]", "{\"a\" 1}", "{\"a\":1,}", "01", "1.", "-",
                                "tru", "\"abc", "\"\\x\"", "\"\\ud800\"", "\"\\u12g4\"",
                                "[1] 2", "{1:2}", "\"a\nb\"", "nul"};
    h2_err_t err = {{0}};
    int ret = 0;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ret = 0;
        ck_assert_msg(h2_jv_parse(bad[i], strlen(bad[i]), &err, &ret) == NULL, "%s", bad[i]);
        ck_assert_int_eq(ret, H2_EINPUT);
    }
    const char *two = "{\n\"a\": [1,\n 2 3]}";
    ck_assert_ptr_null(h2_jv_parse(two, strlen(two), &err, &ret));
    ck_assert_str_eq(err.msg, "line 3: expected ',' or ']'");
    kstring_t deep = KS_INITIALIZE;
    for (int i = 0; i < H2_JV_MAX_DEPTH + 1; i++)
        kputc('[', &deep);
    ck_assert_ptr_null(h2_jv_parse(deep.s, deep.l, &err, &ret));
    ck_assert_str_eq(err.msg, "line 1: nested too deeply");
    free(deep.s);
}
END_TEST

START_TEST(test_cohort_qc)
{
    ck_assert_str_eq(h2_cohort_qc("PASS"), "PASS");
    ck_assert_str_eq(h2_cohort_qc("PurityUnknown"), "WARN");
    ck_assert_str_eq(h2_cohort_qc("PurityUnknown;HER2Uncertain"), "WARN");
    ck_assert_str_eq(h2_cohort_qc("HER2Uncertain;LowDepth"), "FAIL");
    ck_assert_str_eq(h2_cohort_qc("Noisy"), "FAIL");
}
END_TEST

Suite *json_suite(void)
{
    Suite *s = suite_create("json");
    TCase *tc = tcase_create("emitter");
    tcase_add_test(tc, test_escape);
    tcase_add_test(tc, test_structure_compact);
    tcase_add_test(tc, test_structure_indented);
    tcase_add_test(tc, test_key_value);
    tcase_add_test(tc, test_numbers_round_trip);
    tcase_add_test(tc, test_reader_round_trip);
    tcase_add_test(tc, test_reader_errors);
    tcase_add_test(tc, test_cohort_qc);
    suite_add_tcase(s, tc);
    return s;
}
