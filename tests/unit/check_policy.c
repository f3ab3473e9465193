/* check_policy.c: loading policies (every key, every error) and verdicts. */
#include "util/compat.h"
#include "helpers.h"
#include "core/registry.h"
#include "core/suppress.h"
#include "policy/policy.h"
#include "util/buf.h"
#include "util/fs.h"
#include "util/path.h"
#include "util/strmap.h"

static int load(const char *rel, struct sg_policy **p, sg_error *err)
{
	struct sg_buf b = SG_BUF_INIT(1 << 20);
	int rc;

	sg_error_clear(err);
	ck_assert_int_eq(sg_read_file(t_src(rel), 1 << 20, &b, err), 0);
	rc = sg_policy_load(p, rel, b.ptr, b.len, "2026-11-29", err);
	sg_buf_release(&b);
	return rc;
}

START_TEST(test_policy_every_key)
{
	struct sg_policy *p = NULL;
	sg_error err;

	ck_assert_msg(load("testdata/policy/valid/full.yaml", &p, &err) == 0,
		      "%s:%u: %s", err.path, err.line, err.message);
	ck_assert_int_eq(p->fail_on, SG_SEVERITY_MEDIUM);
	ck_assert_int_eq(p->gate, SG_GATE_NEW);
	ck_assert_uint_eq(p->include.n, 1);
	ck_assert_uint_eq(p->exclude.n, 2);
	ck_assert_uint_eq(p->max_file_size, 512 * 1024);
	ck_assert(!sg_policy_rule_enabled(p, &sg_rule_unknown_suppression));
	ck_assert(sg_policy_rule_enabled(p, &sg_rule_submodule));
	ck_assert_int_eq(sg_policy_rule_severity(p, &sg_rule_unreadable),
			 SG_SEVERITY_CRITICAL);
	ck_assert_int_eq(sg_policy_rule_severity(p, &sg_rule_lfs_pointer),
			 SG_SEVERITY_LOW);
	ck_assert_uint_eq(p->nignores, 2);
	ck_assert(!p->ignores[0].expired);
	ck_assert(p->ignores[1].expired);
	ck_assert_uint_eq(p->ignores[1].line, 22);
	ck_assert_uint_eq(p->dockerfile.trusted_registries.n, 2);
	ck_assert(!p->dockerfile.import_hadolint);
	ck_assert(!p->inline_suppressions);
	ck_assert_uint_eq(p->image.max_size, 500000000ULL);
	ck_assert(p->image.max_waste_ratio > 0.09 && p->image.max_waste_ratio < 0.11);
	ck_assert_uint_eq(p->vuln.max_db_age_days, 7);
	ck_assert(p->vuln.ignore_unfixed);
	sg_policy_free(p);
}
END_TEST

static const struct {
	const char *file;
	unsigned line;
	const char *needle;
} invalid[] = {
	{ "unknown-key.yaml", 4, "unknown policy key 'fail_on'" },
	{ "bad-severity.yaml", 1, "must be one of info" },
	{ "ignore-no-reason.yaml", 2, "needs a 'reason'" },
	{ "ignore-blank-reason.yaml", 2, "needs a 'reason'" },
	{ "unknown-rule.yaml", 2, "unknown rule 'NOPE123'" },
	{ "wrong-type.yaml", 1, "must be a list of strings" },
	{ "bad-ratio.yaml", 2, "between 0 and 1" },
	{ "bad-date.yaml", 4, "YYYY-MM-DD" },
	{ "bad-gate.json", 1, "'all' or 'new'" },
	{ "syntax.yaml", 2, "" },
};

START_TEST(test_policy_errors_name_file_and_line)
{
	struct sg_policy *p = NULL;
	char rel[256];
	sg_error err;

	snprintf(rel, sizeof(rel), "testdata/policy/invalid/%s", invalid[_i].file);
	ck_assert_int_eq(load(rel, &p, &err), SG_EPOLICY);
	ck_assert_ptr_null(p);
	ck_assert_str_eq(err.path, rel);
	ck_assert_msg(err.line == invalid[_i].line, "%s: line %u, want %u (%s)",
		      rel, err.line, invalid[_i].line, err.message);
	ck_assert_msg(strstr(err.message, invalid[_i].needle) != NULL,
		      "%s: message '%s' lacks '%s'", rel, err.message,
		      invalid[_i].needle);
}
END_TEST

static sg_finding *add(sg_result *res, const sg_rule *r, const char *path,
		       uint32_t line)
{
	sg_location loc = { .path = path, .line = line };

	return sg_findings_add(res->findings, r, &loc, path, "m %u", line);
}

START_TEST(test_policy_verdict_order)
{
	struct sg_policy *p = NULL;
	struct sg_strmap base = SG_STRMAP_INIT;
	sg_result *res;
	sg_error err;
	const char *yaml =
		"fail-on: high\n"
		"ignore:\n"
		"  - rule: SGG003\n    path: legacy/**\n    reason: being replaced\n"
		"    expires: 2030-01-01\n"
		"  - rule: SGG002\n    reason: old\n    expires: 2020-01-01\n";
	size_t i;

	sg_error_clear(&err);
	ck_assert_int_eq(sg_policy_load(&p, "p.yaml", yaml, strlen(yaml),
					"2026-11-29", &err), 0);
	ck_assert_int_eq(sg_result_new(&res), 0);
	add(res, &sg_rule_unreadable, "legacy/Dockerfile", 1);      /* ignored */
	add(res, &sg_rule_unreadable, "app/Dockerfile", 1);         /* gating: high */
	add(res, &sg_rule_lfs_pointer, "app/Dockerfile", 2);        /* medium, but unread: gates */
	add(res, &sg_rule_unknown_suppression, "x/Dockerfile", 3);  /* low: below */
	add(res, &sg_rule_submodule, "sub", 0);                     /* off by default: dropped */
	ck_assert_int_eq(sg_policy_evaluate(p, res, NULL, &err), 0);
	ck_assert_int_eq(sg_result_finish(res), 0);
	ck_assert_uint_eq(res->rules_off, 1);
	for (i = 0; i < sg_findings_count(res->findings); i++) {
		const sg_finding *f = sg_findings_at(res->findings, i);

		if (f->rule == &sg_rule_unreadable && !strcmp(f->loc.path, "legacy/Dockerfile")) {
			ck_assert_int_eq(f->verdict, SG_VERDICT_IGNORED);
			ck_assert_str_eq(f->why, "being replaced");
			ck_assert_str_eq(f->expires, "2030-01-01");
		} else if (f->rule == &sg_rule_unreadable) {
			ck_assert_int_eq(f->verdict, SG_VERDICT_GATING);
		} else if (f->rule == &sg_rule_lfs_pointer) {
			/* an input that was not analysed never passes quietly */
			ck_assert_int_eq(f->verdict, SG_VERDICT_GATING);
		} else if (f->rule == &sg_rule_ignore_expired) {
			ck_assert_str_eq(f->loc.path, "p.yaml");
			ck_assert_uint_eq(f->loc.line, 7);
			ck_assert_int_eq(f->verdict, SG_VERDICT_BELOW_THRESHOLD);
		} else {
			ck_assert_int_eq(f->verdict, SG_VERDICT_BELOW_THRESHOLD);
		}
	}
	ck_assert_uint_eq(sg_findings_count(res->findings), 5);
	/* the gating finding is an input error: exit 3 outranks 1 */
	ck_assert_int_eq(res->exit_code, SG_EXIT_INPUT);

	/* baseline the gating ones: they are inputs the gate could not read,
	 * which a baseline cannot accept (their keys do not depend on the
	 * content); the other findings still can be */
	for (i = 0; i < sg_findings_count(res->findings); i++) {
		const sg_finding *f = sg_findings_at(res->findings, i);

		if (f->verdict == SG_VERDICT_GATING ||
		    f->rule == &sg_rule_unknown_suppression)
			sg_strmap_put(&base, f->fingerprint, (void *)1, NULL);
	}
	ck_assert_int_eq(sg_policy_evaluate(p, res, &base, &err), 0);
	ck_assert_int_eq(sg_result_finish(res), 0);
	ck_assert_int_eq(res->exit_code, SG_EXIT_INPUT);
	ck_assert_uint_eq(res->verdict_counts[SG_VERDICT_BASELINED], 1);
	ck_assert_uint_eq(res->verdict_counts[SG_VERDICT_GATING], 2);
	for (i = 0; i < sg_findings_count(res->findings); i++) {
		const sg_finding *f = sg_findings_at(res->findings, i);

		if (f->verdict == SG_VERDICT_GATING)
			ck_assert_ptr_nonnull(strstr(f->why, "in the baseline, "
							     "but the input could "
							     "not be analysed"));
	}
	sg_strmap_release(&base);
	sg_result_free(res);
	sg_policy_free(p);
}
END_TEST

/*
 * An ignore's path is anchored at the root: "legacy" is the root's legacy/
 * and not a legacy/ directory a pull request creates anywhere else (it
 * matched any path component, as include/exclude globs do).
 */
START_TEST(test_policy_ignore_path_anchored)
{
	struct sg_policy *p = NULL;
	sg_result *res;
	sg_error err;
	const char *yaml = "ignore:\n  - rule: SGG003\n    path: legacy\n"
			   "    reason: the root's legacy image\n";
	size_t i;

	sg_error_clear(&err);
	ck_assert_int_eq(sg_policy_load(&p, "p.yaml", yaml, strlen(yaml),
					"2026-11-29", &err), 0);
	ck_assert_int_eq(sg_result_new(&res), 0);
	add(res, &sg_rule_unreadable, "legacy/Dockerfile", 1);
	add(res, &sg_rule_unreadable, "svc/legacy/Dockerfile", 1);
	ck_assert_int_eq(sg_policy_evaluate(p, res, NULL, &err), 0);
	for (i = 0; i < sg_findings_count(res->findings); i++) {
		const sg_finding *f = sg_findings_at(res->findings, i);

		ck_assert_int_eq(f->verdict, !strcmp(f->loc.path,
						     "legacy/Dockerfile")
						     ? SG_VERDICT_IGNORED
						     : SG_VERDICT_GATING);
	}
	ck_assert_uint_eq(sg_findings_count(res->findings), 2);
	sg_result_free(res);
	sg_policy_free(p);
}
END_TEST

/* inline-suppressions: false -- a comment in the code does not accept a
 * finding; the report keeps the comment in the reason.  A comment never
 * accepts an input the gate could not analyse. */
START_TEST(test_policy_inline_suppressions_off)
{
	static const char *const yaml[] = { "fail-on: low\n",
					    "fail-on: low\n"
					    "inline-suppressions: false\n" };
	size_t k;

	for (k = 0; k < 2; k++) {
		struct sg_policy *p = NULL;
		sg_result *res;
		sg_finding *f;
		sg_error err;

		sg_error_clear(&err);
		ck_assert_int_eq(sg_policy_load(&p, "p.yaml", yaml[k],
						strlen(yaml[k]), "2026-11-29",
						&err), 0);
		ck_assert_int_eq(sg_result_new(&res), 0);
		f = add(res, &sg_rule_unknown_suppression, "app/Dockerfile", 1);
		ck_assert_int_eq(sg_finding_suppress(res->findings, f,
						     "# shipgate ignore=SGG005",
						     "trust me"), 0);
		ck_assert_int_eq(sg_policy_evaluate(p, res, NULL, &err), 0);
		ck_assert_int_eq(sg_result_finish(res), 0);
		f = sg_findings_at(res->findings, 0);
		if (k == 0) {
			ck_assert_int_eq(f->verdict, SG_VERDICT_SUPPRESSED);
			ck_assert_int_eq(res->exit_code, SG_EXIT_PASS);
		} else {
			ck_assert_int_eq(f->verdict, SG_VERDICT_GATING);
			ck_assert_ptr_nonnull(strstr(f->why, "not honoured"));
			ck_assert_ptr_nonnull(strstr(f->why, "trust me"));
			ck_assert_int_eq(res->exit_code, SG_EXIT_FAIL);
		}
		sg_result_free(res);

		/* not analysed: the comment is not honoured either way */
		ck_assert_int_eq(sg_result_new(&res), 0);
		f = add(res, &sg_rule_unreadable, "app/Dockerfile", 1);
		ck_assert_int_eq(sg_finding_suppress(res->findings, f,
						     "# shipgate ignore=SGG003",
						     "trust me"), 0);
		ck_assert_int_eq(sg_policy_evaluate(p, res, NULL, &err), 0);
		ck_assert_int_eq(sg_result_finish(res), 0);
		f = sg_findings_at(res->findings, 0);
		ck_assert_int_eq(f->verdict, SG_VERDICT_GATING);
		ck_assert_ptr_nonnull(strstr(f->why, "not honoured"));
		ck_assert_ptr_nonnull(strstr(f->why, "could not analyse"));
		ck_assert_ptr_nonnull(strstr(f->why, "trust me"));
		ck_assert_int_eq(res->exit_code, SG_EXIT_INPUT);
		sg_result_free(res);
		sg_policy_free(p);
	}
}
END_TEST

/* PR mode with gate: new, and a baseline: an unchanged or baselined finding
 * of an input the gate could not analyse still gates (its key is fixed, so
 * it says nothing about the content now); only a policy ignore or turning
 * the rule off accepts it. */
START_TEST(test_policy_unanalysed_not_vouched)
{
	static const char *const yaml[] = {
		"gate: new\n",
		"gate: new\nignore:\n  - rule: SGG001\n    reason: generated\n",
		"gate: new\nrules:\n  SGG001: off\n",
	};
	size_t k;

	for (k = 0; k < SG_ARRAY_SIZE(yaml); k++) {
		struct sg_strmap base = SG_STRMAP_INIT;
		struct sg_policy *p = NULL;
		sg_result *res;
		sg_finding *f;
		sg_error err;
		size_t i;

		sg_error_clear(&err);
		ck_assert_int_eq(sg_policy_load(&p, "p.yaml", yaml[k],
						strlen(yaml[k]), "2026-11-29",
						&err), 0);
		ck_assert_int_eq(sg_result_new(&res), 0);
		add(res, &sg_rule_file_too_large, "a/Dockerfile", 0)->baseline =
			SG_BASELINE_UNCHANGED;
		add(res, &sg_rule_lfs_pointer, "b/Dockerfile", 0);
		add(res, &sg_rule_unknown_suppression, "c/Dockerfile", 2)
			->baseline = SG_BASELINE_UNCHANGED;
		ck_assert_int_eq(sg_findings_finalize(res->findings), 0);
		for (i = 0; i < sg_findings_count(res->findings); i++) {
			f = sg_findings_at(res->findings, i);
			if (f->rule == &sg_rule_lfs_pointer)
				sg_strmap_put(&base, f->fingerprint, (void *)1,
					      NULL);
		}
		ck_assert_int_eq(sg_policy_evaluate(p, res, &base, &err), 0);
		ck_assert_int_eq(sg_result_finish(res), 0);
		ck_assert_int_eq(res->exit_code, SG_EXIT_INPUT);
		for (i = 0; i < sg_findings_count(res->findings); i++) {
			f = sg_findings_at(res->findings, i);
			if (f->rule == &sg_rule_unknown_suppression) {
				ck_assert_int_eq(f->verdict, SG_VERDICT_NOT_NEW);
			} else if (f->rule == &sg_rule_lfs_pointer) {
				ck_assert_int_eq(f->verdict, SG_VERDICT_GATING);
				ck_assert_ptr_nonnull(strstr(f->why, "in the baseline"));
			} else if (k == 0) {
				ck_assert_int_eq(f->verdict, SG_VERDICT_GATING);
				ck_assert_ptr_nonnull(strstr(f->why,
					"present on the base revision, but"));
			} else {
				ck_assert_int_eq(k, 1);
				ck_assert_int_eq(f->verdict, SG_VERDICT_IGNORED);
				ck_assert_str_eq(f->why, "generated");
			}
		}
		ck_assert_uint_eq(sg_findings_count(res->findings), k == 2 ? 2 : 3);
		ck_assert_uint_eq(res->rules_off, k == 2);
		sg_strmap_release(&base);
		sg_result_free(res);
		sg_policy_free(p);
	}
}
END_TEST

/* A stage may set a finding's own severity (a CVSS score); the policy's
 * override wins even when it equals the rule's default, and without one the
 * stage's severity stays. */
START_TEST(test_policy_override_beats_stage_severity)
{
	const char *with = "rules:\n  SGG003: high\n";
	struct sg_policy *p = NULL, *none = NULL;
	sg_result *res;
	sg_finding *f;
	sg_error err;

	sg_error_clear(&err);
	ck_assert_int_eq(sg_policy_load(&p, "p.yaml", with, strlen(with),
					"2026-11-29", &err), 0);
	ck_assert_int_eq(sg_policy_defaults(&none, "2026-11-29", &err), 0);
	ck_assert_int_eq(sg_result_new(&res), 0);
	f = add(res, &sg_rule_unreadable, "Dockerfile", 1);
	f->severity = SG_SEVERITY_CRITICAL;
	ck_assert_int_eq(sg_policy_evaluate(none, res, NULL, &err), 0);
	ck_assert_int_eq(sg_findings_at(res->findings, 0)->severity,
			 SG_SEVERITY_CRITICAL);
	ck_assert_int_eq(sg_policy_evaluate(p, res, NULL, &err), 0);
	ck_assert_int_eq(sg_findings_at(res->findings, 0)->severity,
			 SG_SEVERITY_HIGH);
	ck_assert_int_eq(sg_policy_severity_override(none, &sg_rule_unreadable),
			 SG_SEVERITY_NONE);
	sg_result_free(res);
	sg_policy_free(p);
	sg_policy_free(none);
}
END_TEST

/*
 * Many ignores, findings over many paths, images and rules: each verdict is
 * what a plain first-match scan over every ignore in policy order gives, so
 * the per-rule candidates and the per-path / per-image glob answers change
 * nothing.
 */
static const struct sg_ignore *first_ignore(const struct sg_policy *p,
					    const sg_finding *f)
{
	size_t j, r;

	for (j = 0; j < p->nignores; j++) {
		const struct sg_ignore *ig = &p->ignores[j];
		bool rule = ig->nrules == 0;

		for (r = 0; r < ig->nrules; r++)
			rule = rule || ig->rules[r] == f->rule;
		if (ig->expired || !rule)
			continue;
		if (ig->path && (!f->loc.path || !sg_path_under(ig->path, f->loc.path)))
			continue;
		if (ig->image && (!f->loc.image || !sg_glob_match(ig->image, f->loc.image)))
			continue;
		return ig;
	}
	return NULL;
}

START_TEST(test_policy_many_ignores_first_match)
{
	static const sg_rule *const rules[] = {
		&sg_rule_unreadable, &sg_rule_lfs_pointer, &sg_rule_file_too_large,
	};
	struct sg_buf yaml = SG_BUF_INIT(1 << 20);
	struct sg_policy *p = NULL;
	size_t i, ignored = 0, kept = 0;
	sg_result *res;
	sg_error err;
	char path[64], image[64];

	sg_buf_puts(&yaml, "fail-on: high\nignore:\n");
	for (i = 0; i < 90; i++) {
		const char *rule = rules[i % 3]->id;

		switch (i % 6) {
		case 0:
			sg_buf_printf(&yaml, "  - rule: %s\n    path: dir%zu/**\n",
				      rule, i % 7);
			break;
		case 1:         /* any rule */
			sg_buf_printf(&yaml, "  - path: \"**/file%zu\"\n", i % 5);
			break;
		case 2:
			sg_buf_printf(&yaml, "  - rule: %s\n    image: img%zu*\n",
				      rule, i % 4);
			break;
		case 3:         /* expired: never matches, reported */
			sg_buf_printf(&yaml, "  - rule: %s\n    expires: 2020-01-0%zu\n",
				      rule, 1 + i % 9);
			break;
		case 4:         /* one exact path */
			sg_buf_printf(&yaml, "  - rule: %s\n    path: dir%zu/file%zu\n",
				      rule, i % 8, i % 6);
			break;
		default:        /* any rule, any path: only for images */
			sg_buf_printf(&yaml, "  - image: \"img%zu:*\"\n", i % 5);
			break;
		}
		sg_buf_printf(&yaml, "    reason: reason %zu\n", i);
	}
	ck_assert_int_eq(sg_buf_error(&yaml), 0);
	sg_error_clear(&err);
	ck_assert_msg(sg_policy_load(&p, "p.yaml", yaml.ptr, yaml.len,
				     "2026-11-29", &err) == 0, "%s", err.message);
	ck_assert_int_eq(sg_result_new(&res), 0);
	for (i = 0; i < 8 * 6 * 3; i++) {
		sg_location loc = { .line = 1 + (uint32_t)(i % 4) };

		snprintf(path, sizeof(path), "dir%zu/file%zu", i / 18, i / 3 % 6);
		loc.path = path;
		ck_assert_ptr_nonnull(sg_findings_add(res->findings, rules[i % 3],
						      &loc, path, "m"));
	}
	for (i = 0; i < 6 * 3; i++) {
		sg_location loc = { .image = image, .object = "pkg" };

		snprintf(image, sizeof(image), "img%zu:%zu", i / 3, i % 2);
		ck_assert_ptr_nonnull(sg_findings_add(res->findings, rules[i % 3],
						      &loc, image, "m"));
	}
	ck_assert_int_eq(sg_policy_evaluate(p, res, NULL, &err), 0);
	for (i = 0; i < sg_findings_count(res->findings); i++) {
		const sg_finding *f = sg_findings_at(res->findings, i);
		const struct sg_ignore *want = first_ignore(p, f);

		if (want) {
			ck_assert_int_eq(f->verdict, SG_VERDICT_IGNORED);
			ck_assert_str_eq(f->why, want->reason);
			ignored++;
		} else {
			ck_assert_int_ne(f->verdict, SG_VERDICT_IGNORED);
			kept++;
		}
	}
	/* both outcomes are well represented */
	ck_assert_uint_gt(ignored, 100);
	ck_assert_uint_gt(kept, 20);
	sg_buf_release(&yaml);
	sg_result_free(res);
	sg_policy_free(p);
}
END_TEST

Suite *policy_suite(void)
{
	Suite *s = suite_create("policy");
	TCase *tc = tcase_create("load");

	tcase_add_test(tc, test_policy_every_key);
	tcase_add_loop_test(tc, test_policy_errors_name_file_and_line, 0,
			    (int)SG_ARRAY_SIZE(invalid));
	tcase_add_test(tc, test_policy_verdict_order);
	tcase_add_test(tc, test_policy_ignore_path_anchored);
	tcase_add_test(tc, test_policy_inline_suppressions_off);
	tcase_add_test(tc, test_policy_unanalysed_not_vouched);
	tcase_add_test(tc, test_policy_override_beats_stage_severity);
	tcase_add_test(tc, test_policy_many_ignores_first_match);
	suite_add_tcase(s, tc);
	return s;
}
