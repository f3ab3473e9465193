/*
 * check_compose_rules.c: every Compose rule against its fixtures, through
 * the shared table-driven harness (tests/rules/fixtures.h):
 * testdata/rules/SGC###/{fail,pass}.yml or fail/ and pass/ directories
 * holding compose.yaml and its neighbours (.env, Dockerfiles, extends and
 * include files), and `expected` with the lines of the findings.
 */
#include "util/compat.h"
#include "helpers.h"
#include "rules/fixtures.h"

#include "compose/compose.h"

START_TEST(test_compose_rule_fixtures)
{
	t_rule_fixtures(SG_STAGE_COMPOSE, compose_lint_file);
}
END_TEST

/* The bar: at least 80 Compose rules, each with a peer alias or
 * an explanation of why no peer has it. */
START_TEST(test_compose_rule_count)
{
	size_t i, n = sg_rules_count(), compose = 0, aliased = 0;

	for (i = 0; i < n; i++) {
		const sg_rule *r = sg_rules_at(i);

		if (r->stage != SG_STAGE_COMPOSE)
			continue;
		compose++;
		if (r->aliases && r->aliases[0])
			aliased++;
		ck_assert_msg(strstr(r->help, "```"), "%s: help has no example",
			      r->id);
	}
	ck_assert_uint_ge(compose, 80);
	ck_assert_uint_ge(aliased, 60);
}
END_TEST

Suite *compose_rules_suite(void)
{
	Suite *s = suite_create("compose_rules");
	TCase *tc = tcase_create("fixtures");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_compose_rule_fixtures);
	tcase_add_test(tc, test_compose_rule_count);
	suite_add_tcase(s, tc);
	return s;
}
