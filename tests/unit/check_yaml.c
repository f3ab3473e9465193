/* check_yaml.c: the bounded YAML tree: positions, anchors, merges, limits. */
#include "util/compat.h"
#include "helpers.h"
#include "util/buf.h"
#include "util/yaml.h"

static struct sg_yaml_doc *parse_ok(const char *text)
{
	struct sg_yaml_doc *doc = NULL;
	sg_error err;

	sg_error_clear(&err);
	ck_assert_msg(sg_yaml_parse(&doc, "t.yaml", text, strlen(text), NULL,
				    &err) == 0,
		      "parse failed: %s", err.message);
	return doc;
}

static int parse_err(const char *text, sg_error *err)
{
	struct sg_yaml_doc *doc = NULL;
	int rc;

	sg_error_clear(err);
	rc = sg_yaml_parse(&doc, "t.yaml", text, strlen(text), NULL, err);
	ck_assert_ptr_null(doc);
	return rc;
}

START_TEST(test_yaml_positions)
{
	struct sg_yaml_doc *doc = parse_ok("services:\n"
					   "  web:\n"
					   "    ports:\n"
					   "      - \"80:80\"\n"
					   "      - 443\n");
	const struct sg_yaml_node *ports =
		sg_yaml_get(sg_yaml_get(sg_yaml_get(doc->root, "services"), "web"),
			    "ports");

	ck_assert_ptr_nonnull(ports);
	ck_assert_int_eq(ports->kind, SG_YAML_SEQ);
	ck_assert_uint_eq(ports->nitems, 2);
	ck_assert_uint_eq(ports->items[0]->line, 4);
	ck_assert_uint_eq(ports->items[0]->column, 9);
	ck_assert_int_eq(ports->items[0]->style, SG_YAML_DOUBLE_QUOTED);
	ck_assert_str_eq(ports->items[1]->value, "443");
	ck_assert_uint_eq(ports->items[1]->line, 5);
	sg_yaml_free(doc);
}
END_TEST

START_TEST(test_yaml_merge_keys_explicit_wins)
{
	struct sg_yaml_doc *doc = parse_ok(
		"x-base: &base\n"
		"  image: a\n"
		"  user: root\n"
		"x-more: &more\n"
		"  user: nobody\n"
		"  read_only: true\n"
		"svc:\n"
		"  <<: [*base, *more]\n"
		"  image: b\n");
	const struct sg_yaml_node *svc = sg_yaml_get(doc->root, "svc");
	const struct sg_yaml_pair *user = sg_yaml_get_pair(svc, "user");

	ck_assert_uint_eq(svc->npairs, 3);
	ck_assert_str_eq(sg_yaml_get(svc, "image")->value, "b");
	/* earlier merge source wins; the value keeps its own position */
	ck_assert_str_eq(user->value->value, "root");
	ck_assert(user->merged);
	ck_assert_uint_eq(user->value->line, 3);
	ck_assert_ptr_null(sg_yaml_get(svc, "<<"));
	sg_yaml_free(doc);
}
END_TEST

START_TEST(test_yaml_duplicate_key_is_error)
{
	sg_error err;

	ck_assert_int_eq(parse_err("a: 1\nb: 2\na: 3\n", &err), SG_EINVALID);
	ck_assert_uint_eq(err.line, 3);
	ck_assert(strstr(err.message, "duplicate key 'a'") != NULL);
}
END_TEST

START_TEST(test_yaml_billion_laughs_is_limited)
{
	struct sg_buf b = SG_BUF_INIT(1 << 20);
	sg_error err;
	int i, j;

	sg_buf_puts(&b, "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
	for (i = 1; i < 12; i++) {
		sg_buf_printf(&b, "a%d: &a%d [", i, i);
		for (j = 0; j < 9; j++)
			sg_buf_printf(&b, "%s*a%d", j ? ", " : "", i - 1);
		sg_buf_puts(&b, "]\n");
	}
	ck_assert_int_eq(parse_err(sg_buf_cstr(&b), &err), SG_ELIMIT);
	ck_assert(strstr(err.message, "billion") != NULL);
	sg_buf_release(&b);
}
END_TEST

START_TEST(test_yaml_deep_nesting_is_limited)
{
	struct sg_buf b = SG_BUF_INIT(1 << 20);
	sg_error err;
	int i;

	for (i = 0; i < 10000; i++)
		sg_buf_putc(&b, '[');
	for (i = 0; i < 10000; i++)
		sg_buf_putc(&b, ']');
	ck_assert_int_eq(parse_err(sg_buf_cstr(&b), &err), SG_ELIMIT);
	ck_assert(strstr(err.message, "nesting") != NULL);
	sg_buf_release(&b);
}
END_TEST

START_TEST(test_yaml_self_alias_and_bad_input)
{
	sg_error err;

	ck_assert_int_eq(parse_err("a: &x [1, *x]\n", &err), SG_EINVALID);
	ck_assert(strstr(err.message, "'*x'") != NULL);
	ck_assert_int_eq(parse_err("a: *nope\n", &err), SG_EINVALID);
	ck_assert_int_eq(parse_err("a: [1, 2\n", &err), SG_EINVALID);
	ck_assert_uint_gt(err.line, 0);
	ck_assert_int_eq(parse_err("a: \xff\xfe\n", &err), SG_EINVALID);
	ck_assert_int_eq(parse_err("a: 1\n---\nb: 2\n", &err), SG_EINVALID);
	ck_assert_int_eq(parse_err("<<: 3\n", &err), SG_EINVALID);
}
END_TEST

START_TEST(test_yaml_scalars)
{
	struct sg_yaml_doc *doc = parse_ok("a: ~\nb: 'null'\nc: yes\nd: -12\n"
					   "e: !reset []\nf:\n");
	bool v = false;
	long long n = 0;

	ck_assert(sg_yaml_is_null(sg_yaml_get(doc->root, "a")));
	ck_assert(!sg_yaml_is_null(sg_yaml_get(doc->root, "b")));
	ck_assert(sg_yaml_is_null(sg_yaml_get(doc->root, "f")));
	ck_assert_int_eq(sg_yaml_bool(sg_yaml_get(doc->root, "c"), &v), 0);
	ck_assert(v);
	ck_assert_int_eq(sg_yaml_int(sg_yaml_get(doc->root, "d"), &n), 0);
	ck_assert_int_eq(n, -12);
	ck_assert_str_eq(sg_yaml_get(doc->root, "e")->tag, "!reset");
	sg_yaml_free(doc);
	doc = parse_ok("");
	ck_assert_ptr_null(doc->root);
	sg_yaml_free(doc);
}
END_TEST

Suite *yaml_suite(void)
{
	Suite *s = suite_create("yaml");
	TCase *tc = tcase_create("tree");

	tcase_add_test(tc, test_yaml_positions);
	tcase_add_test(tc, test_yaml_merge_keys_explicit_wins);
	tcase_add_test(tc, test_yaml_duplicate_key_is_error);
	tcase_add_test(tc, test_yaml_billion_laughs_is_limited);
	tcase_add_test(tc, test_yaml_deep_nesting_is_limited);
	tcase_add_test(tc, test_yaml_self_alias_and_bad_input);
	tcase_add_test(tc, test_yaml_scalars);
	suite_add_tcase(s, tc);
	return s;
}
