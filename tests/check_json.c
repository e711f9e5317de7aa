/* check_json.c -- the JSON emitter: escaping, commas, nesting, numbers, key-value pairs. */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "h2_json.h"

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

Suite *json_suite(void)
{
    Suite *s = suite_create("json");
    TCase *tc = tcase_create("emitter");
    tcase_add_test(tc, test_escape);
    tcase_add_test(tc, test_structure_compact);
    tcase_add_test(tc, test_structure_indented);
    tcase_add_test(tc, test_key_value);
    tcase_add_test(tc, test_numbers_round_trip);
    suite_add_tcase(s, tc);
    return s;
}
