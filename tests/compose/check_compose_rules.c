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
#include "t_compose.h"

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

/*
 * Regression (fuzz_compose, UBSan: strchr on NULL): a list or a map where an
 * environment value of a secret-named variable goes.
 */
START_TEST(test_compose_env_secret_not_a_scalar)
{
	char *dir = t_tmpdir("env-shape"), path[4200];
	sg_findings *set;
	size_t i;

	snprintf(path, sizeof(path), "%s/compose.yaml", dir);
	t_write(path, "services:\n  a:\n    image: x:1\n    environment:\n"
		      "      API_TOKEN: [a, b]\n      DB_PASSWORD: {k: v}\n");
	set = tc_lint(dir, NULL);
	ck_assert_ptr_nonnull(set);
	for (i = 0; i < sg_findings_count(set); i++)
		ck_assert_str_ne(sg_findings_at(set, i)->rule->id, "SGC053");
	sg_findings_free(set);
	free(dir);
}
END_TEST

/* SGC074 says which unquoted ports a YAML 1.1 parser turns into base-60
 * numbers, and which it would read as strings. */
START_TEST(test_compose_port_base60)
{
	char *dir = t_tmpdir("base60"), path[4200], *out;
	sg_findings *set;

	snprintf(path, sizeof(path), "%s/compose.yaml", dir);
	t_write(path, "services:\n  a:\n    image: x:1\n    ports:\n"
		      "      - 22:22\n      - 1_0:59\n      - 9:05\n"
		      "      - 80:80\n      - 0:22\n      - 1:2:3\n");
	set = tc_lint(dir, NULL);
	ck_assert_ptr_nonnull(set);
	out = tc_render(set, "SGC074", true);
	ck_assert_msg(strstr(out, "'22:22' is the number 1342 ") &&
		      strstr(out, "'1_0:59' is the number 659 ") &&
		      strstr(out, "'9:05' is the number 545 ") &&
		      strstr(out, "'1:2:3' is the number 3723 ") &&
		      strstr(out, "'80:80'; quote it") &&
		      strstr(out, "'0:22'; quote it"), "%s", out);
	free(out);
	sg_findings_free(set);
	free(dir);
}
END_TEST

/* The key and fingerprint of the only finding of `id` in `dir`. */
static void compose_identity(const char *dir, const char *id, char fp[65],
			     char *key, size_t size)
{
	sg_findings *set = tc_lint(dir, NULL);
	size_t i, n = 0;

	ck_assert_ptr_nonnull(set);
	for (i = 0; i < sg_findings_count(set); i++) {
		const sg_finding *f = sg_findings_at(set, i);

		if (strcmp(f->rule->id, id))
			continue;
		memcpy(fp, f->fingerprint, 65);
		snprintf(key, size, "%s", f->key);
		n++;
	}
	ck_assert_uint_eq(n, 1);
	sg_findings_free(set);
}

/* A value interpolated from .env is what the rules judge: it is in the
 * key; a multi-line scalar is in it whole. */
START_TEST(test_compose_key_holds_values)
{
	char *dir = t_tmpdir("key-values"), path[4200], env[4200];
	char fa[65], fb[65], ka[4096], kb[4096];

	snprintf(path, sizeof(path), "%s/compose.yaml", dir);
	snprintf(env, sizeof(env), "%s/.env", dir);
	t_write(path, "services:\n  web:\n    image: ${IMAGE}\n");
	t_write(env, "IMAGE=good.example/web:latest\n");
	compose_identity(dir, "SGC057", fa, ka, sizeof(ka));
	ck_assert_str_eq(ka, "image: ${IMAGE} => good.example/web:latest");
	t_write(env, "IMAGE=evil.example/web:latest\n");
	compose_identity(dir, "SGC057", fb, kb, sizeof(kb));
	ck_assert_str_ne(fa, fb);
	/* a literal value is on its line: the key is the line alone */
	t_write(path, "services:\n  web:\n    image: good.example/web:latest\n");
	compose_identity(dir, "SGC057", fa, ka, sizeof(ka));
	ck_assert_str_eq(ka, "image: good.example/web:latest");
	/* a folded scalar: its lines after the first count too */
	t_write(path, "services:\n  web:\n    image: >-\n"
		      "      good.example/web:latest\n");
	compose_identity(dir, "SGC057", fa, ka, sizeof(ka));
	ck_assert_str_eq(ka, "image: >- => good.example/web:latest");
	free(dir);
}
END_TEST

/* build.dockerfile_inline is linted with the Dockerfile rules, at the
 * Compose file's lines and columns (a literal block maps line for line);
 * names given by additional_contexts are not images or stages. */
START_TEST(test_compose_dockerfile_inline)
{
	char *dir = t_tmpdir("df-inline"), path[4200], *got;
	sg_findings *set;

	snprintf(path, sizeof(path), "%s/compose.yaml", dir);
	t_write(path,
		"services:\n"
		"  web:\n"
		"    image: x:1\n"
		"    build:\n"
		"      context: .\n"
		"      additional_contexts:\n"
		"        tools: service:tools\n"
		"      dockerfile_inline: |\n"
		"        FROM alpine:3.20\n"
		"        COPY --from=tools /bin/t /bin/t\n"
		"        RUN curl -fsSL https://example.com/i.sh | sh\n"
		"        USER nobody\n"
		"  flat:\n"
		"    image: y:1\n"
		"    build:\n"
		"      context: .\n"
		"      dockerfile_inline: \"FROM tools\\nRUN wget -qO- https://e.com/x | sh\\nUSER 1\"\n");
	set = tc_lint(dir, NULL);
	ck_assert_ptr_nonnull(set);
	got = tc_render(set, "SGD190", false);
	ck_assert_str_eq(got, "SGD190 compose.yaml:11:51\n"
			      "SGD190 compose.yaml:17:26\n");
	free(got);
	/* 'tools' is a context of web, not a stage; of flat, an image */
	got = tc_render(set, "SGD035", false);
	ck_assert_str_eq(got, "");
	free(got);
	got = tc_render(set, "SGD020", false);
	ck_assert_str_eq(got, "SGD020 compose.yaml:17:26\n");
	free(got);
	sg_findings_free(set);
	free(dir);
}
END_TEST

Suite *compose_rules_suite(void)
{
	Suite *s = suite_create("compose_rules");
	TCase *tc = tcase_create("fixtures");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_compose_rule_fixtures);
	tcase_add_test(tc, test_compose_rule_count);
	tcase_add_test(tc, test_compose_env_secret_not_a_scalar);
	tcase_add_test(tc, test_compose_port_base60);
	tcase_add_test(tc, test_compose_key_holds_values);
	tcase_add_test(tc, test_compose_dockerfile_inline);
	suite_add_tcase(s, tc);
	return s;
}
