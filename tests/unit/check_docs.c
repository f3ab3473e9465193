/*
 * check_docs.c: docs/rules.md is `shipgate rules --format markdown`; this
 * fails when a rule changed and the committed doc was not regenerated
 * (`make docs`).
 */
#include "util/compat.h"
#include "helpers.h"

START_TEST(test_docs_rules_md_is_current)
{
	static const char *const argv[] = { "rules", "--format", "markdown",
					    NULL };
	char *out = NULL, *errout = NULL, *doc;
	size_t i = 0, line = 1;
	int rc;

	rc = t_run(NULL, &out, &errout, argv);
	ck_assert_int_eq(rc, 0);
	doc = t_read(t_src("docs/rules.md"), NULL);
	ck_assert_msg(doc != NULL, "docs/rules.md is missing: run 'make docs'");
	while (doc[i] && doc[i] == out[i]) {
		if (doc[i] == '\n')
			line++;
		i++;
	}
	ck_assert_msg(doc[i] == out[i],
		      "docs/rules.md differs from `shipgate rules --format "
		      "markdown` at line %zu: run 'make docs'", line);
	free(doc);
	free(out);
	free(errout);
}
END_TEST

Suite *docs_suite(void)
{
	Suite *s = suite_create("docs");
	TCase *tc = tcase_create("docs");

	tcase_add_test(tc, test_docs_rules_md_is_current);
	suite_add_tcase(s, tc);
	return s;
}
