/*
 * check_cli_gate.c: end-to-end tests of the real binary on small git
 * repositories written by a shell script in the test itself: exit codes of
 * setup errors, --today, PR mode with a subdirectory, the policy note,
 * baseline writing, merge's shard checks.
 */
#include "util/compat.h"
#include "helpers.h"

#include <jansson.h>

/* A fresh git repository (empty, no commit yet) in a new temp dir. */
static char *new_repo(const char *tag)
{
	char *dir = t_tmpdir(tag);

	t_sh(dir, "git init -q .");
	return dir;
}

/*
 * What the user gave that cannot be used is a usage or policy error, exit
 * 2 as README's table says, with one line saying why; never exit 4.
 */
START_TEST(test_cli_setup_errors_exit_2)
{
	char *dir = new_repo("setup-errors"), *out = NULL, *err = NULL;
	int rc;

	t_sh(dir, "printf 'FROM debian:12\\nUSER root\\n' > Dockerfile\n"
		"echo x > file; mkdir bd; echo x > bd/x; c");
	rc = T_RUN(dir, "scan", "--rev", "HEAD^{tree}");
	T_ASSERT_ERR(rc, 2, "'HEAD^{tree}' is not a commit");
	rc = T_RUN(dir, "scan", "--base", "HEAD:file");
	T_ASSERT_ERR(rc, 2, "'HEAD:file' is not a commit");
	rc = T_RUN(dir, "baseline", "write", "b.json", "--rev", "nosuch");
	T_ASSERT_ERR(rc, 2, "unknown revision 'nosuch'");
	rc = T_RUN(dir, "baseline", "write", "b.json", "/nonexistent/repo");
	T_ASSERT_ERR(rc, 2, "not a git repository");
	rc = T_RUN(dir, "scan", "/nonexistent/repo");
	T_ASSERT_ERR(rc, 2, "not a git repository: '/nonexistent/repo' "
		     "(--worktree scans the files of a directory that is not "
		     "one)");

	/* the policy file: a link out of the repository, a directory */
	t_sh(dir, "ln -s /etc/passwd .shipgate.yaml; c");
	rc = T_RUN(dir, "scan");
	T_ASSERT_ERR(rc, 2, ".shipgate.yaml: cannot read the policy: symlink");
	t_sh(dir, "git rm -q .shipgate.yaml; mkdir .shipgate.yaml; "
		"echo x > .shipgate.yaml/x; c");
	rc = T_RUN(dir, "scan");
	T_ASSERT_ERR(rc, 2, ".shipgate.yaml: cannot read the policy: is a directory");

	/* the policy's baseline: out of the tree, a directory, missing */
	t_sh(dir, "git rm -rq .shipgate.yaml; "
		"printf 'version: 1\\nbaseline: ../x\\n' > .shipgate.yaml; c");
	rc = T_RUN(dir, "scan");
	T_ASSERT_ERR(rc, 2, "../x: cannot read the baseline: path leaves");
	t_sh(dir, "printf 'version: 1\\nbaseline: bd\\n' > .shipgate.yaml; c");
	rc = T_RUN(dir, "scan");
	T_ASSERT_ERR(rc, 2, "bd: cannot read the baseline: is a directory");
	rc = T_RUN(dir, "scan", "--baseline", "/nonexistent/b.json");
	T_ASSERT_ERR(rc, 2, "/nonexistent/b.json: cannot read the baseline");

	/* a baseline that cannot be written is an i/o error (exit 4) */
	t_sh(dir, "git rm -q .shipgate.yaml; c");
	rc = T_RUN(dir, "baseline", "write", "/nonexistent/b.json");
	T_ASSERT_ERR(rc, 4, "/nonexistent/b.json");
	free(out);
	free(err);
	free(dir);
}
END_TEST

/* --today is a real date or a usage error; so is a policy's expires:. */
START_TEST(test_cli_today_and_expiry_dates_are_checked)
{
	char *dir = new_repo("today"), *out = NULL, *err = NULL;
	static const char *const bad[] = {
		"2100-1-1", "abcdefghij", "2100/01/01", "2027-02-29",
		"2100-02-29", "2026-13-01", "2026-04-31", "",
	};
	size_t i;
	int rc;

	t_sh(dir, "printf 'FROM debian:12\nUSER root\n' > Dockerfile; c");
	for (i = 0; i < SG_ARRAY_SIZE(bad); i++) {
		/* an empty value is refused by the option parser itself */
		const char *want = *bad[i] ? "--today must be a date YYYY-MM-DD"
					   : "non-empty value: '--today'";

		rc = T_RUN(dir, "scan", "--today", bad[i], "-q");
		T_ASSERT_ERR(rc, 2, want);
		rc = T_RUN(dir, "lint", "Dockerfile", "--today", bad[i], "-q");
		T_ASSERT_ERR(rc, 2, want);
		rc = T_RUN(dir, "baseline", "write", "b.json", "--today", bad[i]);
		T_ASSERT_ERR(rc, 2, want);
	}
	/* leap days that exist */
	ck_assert_int_eq(T_RUN(dir, "scan", "--today", "2028-02-29", "-q"), 1);
	ck_assert_int_eq(T_RUN(dir, "scan", "--today", "2000-02-29", "-q"), 1);

	t_sh(dir, "printf 'version: 1\nignore:\n  - rule: SGD040\n"
		"    reason: r\n    expires: 2027-02-29\n' > .shipgate.yaml; c");
	rc = T_RUN(dir, "scan", "-q");
	T_ASSERT_ERR(rc, 2, ".shipgate.yaml:5:14: 'expires' must be a date");
	/* the ignore applies until its (real) leap day */
	t_sh(dir, "sed -i 's/2027-02-29/2028-02-29/' .shipgate.yaml; c");
	ck_assert_int_eq(T_RUN(dir, "scan", "-q", "--today", "2028-02-29"), 0);
	ck_assert_int_eq(T_RUN(dir, "scan", "-q", "--today", "2028-03-01"), 1);
	free(out);
	free(err);
	free(dir);
}
END_TEST

/* Writing the baseline the policy names reads no baseline: the file need
 * not exist yet, and a rewrite accepts every current finding again. */
START_TEST(test_cli_baseline_write_reads_no_baseline)
{
	char *dir = new_repo("baseline-write"), *out = NULL, *err = NULL;
	int rc;

	t_sh(dir, "printf 'FROM debian:12\nUSER root\n' > Dockerfile\n"
		"printf 'version: 1\nbaseline: .shipgate-baseline.json\n' "
		"> .shipgate.yaml; c");
	rc = T_RUN(dir, "baseline", "write", ".shipgate-baseline.json");
	ck_assert_msg(rc == 0 && strstr(out, "2 findings accepted"),
		      "exit %d: %s%s", rc, out, err);
	t_sh(dir, "c");
	rc = T_RUN(dir, "scan");
	ck_assert_msg(rc == 0 && strstr(out, "baseline"), "exit %d: %s%s", rc,
		      out, err);
	/* a new finding gates; rewriting the baseline accepts it too */
	t_sh(dir, "printf 'FROM debian:12\nUSER root\n' > Dockerfile.dev; c");
	ck_assert_int_eq(T_RUN(dir, "scan", "-q"), 1);
	rc = T_RUN(dir, "baseline", "write", ".shipgate-baseline.json");
	ck_assert_msg(rc == 0 && strstr(out, "4 findings accepted"),
		      "exit %d: %s%s", rc, out, err);
	t_sh(dir, "c");
	ck_assert_int_eq(T_RUN(dir, "scan", "-q"), 0);
	free(out);
	free(err);
	free(dir);
}
END_TEST

/* max-file-size: 0 is a policy error at its line, not "every file is too
 * large"; a small limit makes the larger targets SGG001 (exit 3). */
START_TEST(test_cli_max_file_size_zero_is_an_error)
{
	char *dir = new_repo("max-file-size"), *out = NULL, *err = NULL;
	static const char *const zero[] = { "0", "0KiB", "00 MB" };
	char script[256];
	size_t i;
	int rc;

	t_sh(dir, "printf 'FROM debian:12\nUSER nobody\n' > Dockerfile; c");
	for (i = 0; i < SG_ARRAY_SIZE(zero); i++) {
		snprintf(script, sizeof(script),
			 "printf 'version: 1\nmax-file-size: %s\n' > "
			 ".shipgate.yaml; c", zero[i]);
		t_sh(dir, script);
		rc = T_RUN(dir, "scan", "-q");
		T_ASSERT_ERR(rc, 2, ".shipgate.yaml:2:16: 'max-file-size' must "
				  "be more than 0 bytes");
	}
	t_sh(dir, "printf 'version: 1\nmax-file-size: 10\n' > .shipgate.yaml; c");
	rc = T_RUN(dir, "scan");
	ck_assert_msg(rc == 3 && strstr(out, "SGG001"), "exit %d: %s%s", rc,
		      out, err);
	free(out);
	free(err);
	free(dir);
}
END_TEST

/* PR mode's note compares the policy that judges the change (the base's)
 * with the one the head would use on its own. */
START_TEST(test_cli_pr_policy_note_names_the_policy_applied)
{
	char *dir = new_repo("pr-note"), *out = NULL, *err = NULL;
	int rc;

	/* base .shipgate.yaml (never gates); the change adds .shipgate.yml,
	 * which the head would not read either */
	t_sh(dir, "printf 'FROM debian:12\nUSER root\n' > Dockerfile\n"
		"printf 'version: 1\nfail-on: never\n' > .shipgate.yaml; c\n"
		"printf 'version: 1\nfail-on: low\n' > .shipgate.yml; c");
	rc = T_RUN(dir, "scan", "--base", "HEAD~1");
	ck_assert_msg(rc == 0 && !strstr(out, "note: the change"),
		      "exit %d: %s%s", rc, out, err);
	/* now the head's own policy would be .shipgate.yml */
	t_sh(dir, "git rm -q .shipgate.yaml; c");
	rc = T_RUN(dir, "scan", "--base", "HEAD~1");
	ck_assert_msg(rc == 0 && strstr(out, "note: the change's policy is "
					     ".shipgate.yml; the base "
					     "revision's .shipgate.yaml applies"),
		      "exit %d: %s%s", rc, out, err);
	/* base .shipgate.yml, head .shipgate.yaml too */
	t_sh(dir, "printf 'version: 1\nfail-on: never\n' > .shipgate.yaml; c");
	rc = T_RUN(dir, "scan", "--base", "HEAD~1");
	ck_assert_msg(rc == 1 && strstr(out, "note: the change's policy is "
					     ".shipgate.yaml; the base "
					     "revision's .shipgate.yml applies"),
		      "exit %d: %s%s", rc, out, err);
	/* removed: the base's still applies; none in base: the defaults */
	t_sh(dir, "git rm -q .shipgate.yaml .shipgate.yml; c");
	rc = T_RUN(dir, "scan", "--base", "HEAD~1");
	ck_assert_msg(rc == 0 && strstr(out, "note: the change removes "
					     ".shipgate.yaml; the base "
					     "revision's policy applies"),
		      "exit %d: %s%s", rc, out, err);
	t_sh(dir, "printf 'version: 1\nfail-on: never\n' > .shipgate.json; c");
	rc = T_RUN(dir, "scan", "--base", "HEAD~1");
	ck_assert_msg(rc == 1 && strstr(out, "note: the change adds "
					     ".shipgate.json; the base "
					     "revision has none, so the "
					     "defaults apply"),
		      "exit %d: %s%s", rc, out, err);
	free(out);
	free(err);
	free(dir);
}
END_TEST

/* Whether every rule `ref` (id, name or alias) names is on by default;
 * fails when it names none. */
static bool rule_on_by_default(json_t *rules, const char *ref)
{
	json_t *r, *a;
	size_t i, k, hits = 0;
	bool on = true;

	json_array_foreach(rules, i, r) {
		bool match = !strcmp(json_string_value(json_object_get(r, "id")), ref) ||
			     !strcmp(json_string_value(json_object_get(r, "name")), ref);

		json_array_foreach(json_object_get(r, "aliases"), k, a)
			match = match || !strcmp(json_string_value(a), ref);
		if (match) {
			hits++;
			on = on && json_is_true(json_object_get(r, "enabled_by_default"));
		}
	}
	ck_assert_msg(hits > 0, "README names rule '%s', which no rule is", ref);
	return on;
}

/* The rule in the README policy example line whose comment starts with
 * `comment`, e.g. "  DL3007: high   # change a severity". */
static void readme_rule(const char *readme, const char *comment, char *out,
			size_t size)
{
	const char *c = strstr(readme, comment), *line;

	ck_assert_msg(c != NULL, "README has no '%s' line", comment);
	for (line = c; line > readme && line[-1] != '\n'; line--)
		;
	while (*line == ' ')
		line++;
	snprintf(out, size, "%.*s", (int)strcspn(line, ":"), line);
}

/* README's policy example: the "change a severity" line names a rule that
 * is on by default (else the line enables it), the "enable" line one that
 * is off; the example is a policy that loads. */
START_TEST(test_cli_readme_policy_example_is_right)
{
	char *dir = t_tmpdir("readme-policy"), *out = NULL, *err = NULL;
	char *readme = t_read(t_src("README.md"), NULL), ref[64], path[4200];
	const char *start, *end;
	json_t *j, *rules;
	json_error_t je;
	FILE *f;

	ck_assert_ptr_nonnull(readme);
	ck_assert_int_eq(T_RUN(dir, "rules", "--format", "json"), 0);
	j = json_loads(out, 0, &je);
	ck_assert_msg(j != NULL, "%s", je.text);
	rules = json_object_get(j, "rules");
	readme_rule(readme, "# change a severity", ref, sizeof(ref));
	ck_assert_msg(rule_on_by_default(rules, ref),
		      "README: '%s' is off by default: setting its severity "
		      "turns it on, not only changes its severity", ref);
	readme_rule(readme, "# enable an off-by-default rule", ref, sizeof(ref));
	ck_assert_msg(!rule_on_by_default(rules, ref),
		      "README: '%s' is already on by default", ref);
	json_decref(j);

	/* the example itself loads (lint reads no baseline) */
	start = strstr(readme, "```yaml\nversion: 1\n");
	ck_assert_ptr_nonnull(start);
	start += 8;
	end = strstr(start, "```");
	ck_assert_ptr_nonnull(end);
	snprintf(path, sizeof(path), "%s/policy.yaml", dir);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fwrite(start, 1, (size_t)(end - start), f);
	fclose(f);
	snprintf(path, sizeof(path), "%s/Dockerfile", dir);
	t_write(path, "FROM debian:12\nUSER nobody\n");
	ck_assert_msg(T_RUN(dir, "lint", "--policy", "policy.yaml", "Dockerfile",
			  "--today", "2026-11-30", "-q") != 2, "%s", err);
	free(readme);
	free(out);
	free(err);
	free(dir);
}
END_TEST

/* all / * in an inline comment or .hadolint.yaml's ignored: accepts every
 * rule, unless the policy turns inline suppressions off (README). */
START_TEST(test_cli_suppression_wildcard)
{
	char *dir = new_repo("wildcard"), *out = NULL, *err = NULL;
	int rc;

	t_sh(dir, "printf 'FROM debian:latest\n# shipgate ignore=all reason\n"
		"USER root\n' > Dockerfile\n"
		"printf 'FROM debian:latest\nUSER root\n' > Dockerfile.b; c");
	rc = T_RUN(dir, "scan");
	ck_assert_msg(rc == 1 && strstr(out, "Dockerfile.b:2:6") &&
		      !strstr(out, "Dockerfile:3:6") &&
		      strstr(out, "1 suppressed"), "exit %d: %s%s", rc, out, err);
	t_sh(dir, "printf 'ignored: [\"*\"]\n' > .hadolint.yaml; c");
	rc = T_RUN(dir, "scan");
	ck_assert_msg(rc == 0 && strstr(out, "6 suppressed"), "exit %d: %s%s",
		      rc, out, err);
	t_sh(dir, "printf 'version: 1\ninline-suppressions: false\n' > "
		".shipgate.yaml; c");
	rc = T_RUN(dir, "scan");
	ck_assert_msg(rc == 1 && strstr(out, "Dockerfile:3:6") &&
		      strstr(out, "Dockerfile.b:2:6") && !strstr(out, "suppressed"),
		      "exit %d: %s%s", rc, out, err);
	free(out);
	free(err);
	free(dir);
}
END_TEST

/* merge takes every shard of one run exactly once, nothing else. */
START_TEST(test_cli_merge_refuses_incomplete_or_mixed_shards)
{
	char *dir = new_repo("merge-check"), *out = NULL, *err = NULL;
	int rc;

	t_sh(dir, "mkdir a b c d\n"
		"for d in a b c d; do printf 'FROM debian:12\nUSER root\n' "
		"> $d/Dockerfile; done; c\n"
		"for k in 1 2 3; do $S scan --shard $k/3 --json s$k.json -q "
		"|| test $? = 1; done\n"
		"$S scan --json full.json -q || test $? = 1\n"
		"$S scan --shard 1/2 --json t1.json -q || test $? = 1\n"
		"$S scan --shard 2/3 --fail-on critical --json p2.json -q || true\n"
		"printf 'FROM debian:12\nUSER nobody\n' > a/Dockerfile; c\n"
		"$S scan --shard 2/3 --json h2.json -q || true");
	ck_assert_int_eq(T_RUN(dir, "merge", "-q", "--", "s1.json", "s2.json",
			     "s3.json"), 1);
	ck_assert_int_eq(T_RUN(dir, "merge", "-q", "--", "s3.json", "s1.json",
			     "s2.json"), 1);
	/* each shard alone gates on nothing or only on part */
	rc = T_RUN(dir, "merge", "--", "s2.json", "s3.json");
	T_ASSERT_ERR(rc, 2, "shipgate merge: shard 1/3 is missing");
	ck_assert_msg(strstr(err, "s2.json"), "%s", err);
	rc = T_RUN(dir, "merge", "--", "s1.json", "s2.json", "s2.json", "s3.json");
	T_ASSERT_ERR(rc, 2, "shipgate merge: s2.json: shard 2/3 given twice");
	rc = T_RUN(dir, "merge", "--", "s1.json", "t1.json");
	T_ASSERT_ERR(rc, 2, "shipgate merge: t1.json: shard 1/2 is not of the "
			  "same run as s1.json");
	rc = T_RUN(dir, "merge", "--", "s1.json", "p2.json", "s3.json");
	T_ASSERT_ERR(rc, 2, "shipgate merge: p2.json: policy differs from "
			  "s1.json's");
	rc = T_RUN(dir, "merge", "--", "s1.json", "h2.json", "s3.json");
	T_ASSERT_ERR(rc, 2, "shipgate merge: h2.json: commit differs from "
			  "s1.json's");
	/* an unsharded run's report: alone it is rendered again */
	ck_assert_int_eq(T_RUN(dir, "merge", "-q", "--", "full.json"), 1);
	rc = T_RUN(dir, "merge", "--", "s1.json", "full.json");
	T_ASSERT_ERR(rc, 2, "shipgate merge: full.json: not a shard report");
	rc = T_RUN(dir, "merge", "--", "full.json", "s1.json", "s2.json", "s3.json");
	T_ASSERT_ERR(rc, 2, "shipgate merge: full.json: not a shard report");
	free(out);
	free(err);
	free(dir);
}
END_TEST

/*
 * `scan SUBDIR --worktree --base REV` reads SUBDIR on disk and SUBDIR in
 * REV: the same root, so unchanged findings are unchanged, a rename inside
 * keeps its findings, and the base's SUBDIR/.shipgate.yaml is the policy.
 * Without --worktree a subdirectory finds its repository: the whole tree.
 */
START_TEST(test_cli_worktree_subdir_base_has_the_same_root)
{
	char *dir = new_repo("subdir-base"), *out = NULL, *err = NULL;
	int rc;

	t_sh(dir, "mkdir a b\n"
		"for d in a b; do printf 'FROM debian:12\nUSER root\n' > "
		"$d/Dockerfile; done\n"
		"printf 'version: 1\ngate: new\n' > p.yaml; c");
	rc = T_RUN(dir, "scan", "a", "--worktree", "--base", "HEAD", "--policy",
		 "p.yaml");
	ck_assert_msg(rc == 0 && strstr(out, "2 not-new") &&
		      strstr(out, "1 scanned") && !strstr(out, "absent"),
		      "exit %d: %s%s", rc, out, err);
	/* a rename inside the directory keeps its findings' identity */
	t_sh(dir, "git mv a/Dockerfile a/Dockerfile.app");
	rc = T_RUN(dir, "scan", "a/", "--worktree", "--base", "HEAD", "--policy",
		 "p.yaml");
	ck_assert_msg(rc == 0 && strstr(out, "2 not-new"), "exit %d: %s%s", rc,
		      out, err);
	/* a directory the base does not have: everything is new */
	t_sh(dir, "git reset -q --hard; mkdir n; "
		"printf 'FROM debian:12\nUSER root\n' > n/Dockerfile");
	rc = T_RUN(dir, "scan", "n", "--worktree", "--base", "HEAD", "--policy",
		 "p.yaml");
	ck_assert_msg(rc == 1 && strstr(out, "Dockerfile:2:6: high SGD040"),
		      "exit %d: %s%s", rc, out, err);
	/* the policy is the base's, at the directory's root */
	t_sh(dir, "rm -r n; printf 'version: 1\nfail-on: never\n' > "
		"a/.shipgate.yaml; c; "
		"printf 'version: 1\nfail-on: low\n' > a/.shipgate.yaml");
	rc = T_RUN(dir, "scan", "a", "--worktree", "--base", "HEAD");
	ck_assert_msg(rc == 0 &&
		      strstr(out, "the change edits .shipgate.yaml"),
		      "exit %d: %s%s", rc, out, err);
	/* git mode: a subdirectory is its repository's whole tree */
	rc = T_RUN(dir, "scan", "a");
	ck_assert_msg(rc == 1 && strstr(out, "a/Dockerfile:2:6") &&
		      strstr(out, "b/Dockerfile:2:6"), "exit %d: %s%s", rc,
		      out, err);
	free(out);
	free(err);
	free(dir);
}
END_TEST

/* fail-on never is named so in every report, and merge reads it back. */
START_TEST(test_cli_fail_on_never_round_trips)
{
	char *dir = new_repo("never"), *out = NULL, *err = NULL;
	int rc;

	t_sh(dir, "mkdir a b\n"
		"for d in a b; do printf 'FROM debian:12\nUSER root\n' > "
		"$d/Dockerfile; done; c\n"
		"for k in 1 2; do $S scan --fail-on never --shard $k/2 "
		"--json s$k.json -q; done");
	rc = T_RUN(dir, "merge", "--json", "m.json", "--junit", "m.xml",
		 "--markdown", "m.md", "--sarif", "m.sarif", "--", "s1.json",
		 "s2.json");
	ck_assert_msg(rc == 0 && strstr(out, "fail-on never"), "exit %d: %s%s",
		      rc, out, err);
	t_sh(dir, "grep -q '\"fail_on\": \"never\"' m.json\n"
		"grep -q 'shipgate.fail-on\" value=\"never' m.xml\n"
		"grep -q '\"fail_on\": \"never\"' m.sarif\n"
		"! grep -q unknown m.json m.xml m.md m.sarif");
	free(out);
	free(err);
	free(dir);
}
END_TEST

/*
 * A run that writes no report skips fingerprints, but not when the policy
 * ignores by fingerprint: findings ignored that way (here every one) are
 * still accepted by `lint` and `scan` without a report.
 */
START_TEST(test_cli_fingerprint_ignores_without_reports)
{
	char *dir = new_repo("fp-ignore"), *out = NULL, *err = NULL;
	int rc;

	t_sh(dir, "printf 'FROM debian:12\nUSER root\n' > Dockerfile; c\n"
		"$S lint Dockerfile -q --fail-on never --json r.json\n"
		"{ echo 'version: 1'; echo 'ignore:'\n"
		"  jq -r '.findings[] | "
		"\"  - fingerprint: \\(.fingerprint)\\n    reason: reviewed\"' r.json\n"
		"} > p.yaml\n"
		"test $(grep -c fingerprint p.yaml) -ge 2");
	rc = T_RUN(dir, "lint", "Dockerfile", "-q");
	ck_assert_msg(rc == 1, "without the policy: exit %d: %s", rc, err);
	rc = T_RUN(dir, "lint", "Dockerfile", "-q", "--policy", "p.yaml");
	ck_assert_msg(rc == 0, "lint: exit %d: %s%s", rc, out, err);
	rc = T_RUN(dir, "scan", "-q", "--policy", "p.yaml");
	ck_assert_msg(rc == 0, "scan: exit %d: %s%s", rc, out, err);
	free(out);
	free(err);
	free(dir);
}
END_TEST

/* An image the gate could not read is listed as not analysed, as a
 * Dockerfile it could not read is, in every report. */
START_TEST(test_cli_unreadable_image_not_analysed)
{
	char *dir = t_tmpdir("img-unread"), *out = NULL, *err = NULL, *json;
	char path[4300];
	int rc;

	snprintf(path, sizeof(path), "%s/junk.tar", dir);
	t_write(path, "not an archive, not a layout\n");
	rc = T_RUN(dir, "image", "junk.tar", "--json", "r.json");
	ck_assert_msg(rc == 3, "exit %d: %s", rc, err);
	snprintf(path, sizeof(path), "%s/r.json", dir);
	json = t_read(path, NULL);
	ck_assert_msg(json && strstr(json, "\"analysed\": false") &&
		      !strstr(json, "\"analysed\": true"), "%s", json);
	ck_assert_msg(strstr(out, "1 not analysed: junk.tar") != NULL, "%s", out);
	free(json);
	free(out);
	free(err);
	free(dir);
}
END_TEST

/*
 * PR mode: what a change brings to the files that judge it was silent.  A
 * suppression comment over its own new finding is honoured (documented,
 * as hadolint's), an edited baseline or .hadolint.yaml applies only once
 * merged (a baseline entry added now accepts a later change's finding):
 * each is a note for the reviewer now.
 */
START_TEST(test_cli_pr_notes_what_the_change_accepts)
{
	char *dir = new_repo("pr-accepts"), *out = NULL, *err = NULL;
	int rc;

	t_sh(dir, "printf 'FROM debian:12\\nUSER app\\n' > Dockerfile\n"
		"printf 'version: 1\\ngate: new\\nbaseline: b.json\\n' > "
		".shipgate.yaml\n"
		"printf '{\"findings\": []}\\n' > b.json\n"
		"printf 'ignored: [DL3008]\\n' > .hadolint.yaml\n"
		"c\n"
		"printf 'FROM debian:12\\n# hadolint ignore=all\\nUSER root\\n' "
		"> Dockerfile\n"
		"printf '{\"findings\": [{\"fingerprint\": \"%064d\"}]}\\n' 0 "
		"> b.json\n"
		"printf 'ignored: [all]\\n' > .hadolint.yaml\n"
		"c");
	rc = T_RUN(dir, "scan", "--base", "HEAD~1");
	ck_assert_msg(rc == 0 &&
			      strstr(out, "new finding accepted by suppression "
					  "comments (first: SGD040 "
					  "Dockerfile:3)") &&
			      strstr(out, "the change edits the baseline b.json; "
					  "the base revision's applies") &&
			      strstr(out, "the change edits .hadolint.yaml; the "
					  "base revision's applies"),
		      "exit %d\n%s%s", rc, out, err);
	/* without the change's own acceptances, nothing to say */
	rc = T_RUN(dir, "scan", "--base", "HEAD");
	ck_assert_msg(rc == 0 && !strstr(out, "note:"), "exit %d\n%s%s", rc,
		      out, err);
	free(out);
	free(err);
	free(dir);
}
END_TEST

/*
 * A Dockerfile that is a symlink loop leads to no file: SGG003 (not
 * analysed, exit 3) as README says, in a commit and on disk alike; it was
 * SGG001 (file too large), which a policy that accepts large files turned
 * into a pass.  So was a link whose target path is longer than a path may
 * be (deep/c.Dockerfile: 4,100 bytes once joined).
 */
START_TEST(test_cli_symlink_loop_is_unreadable_not_too_large)
{
	char *dir = new_repo("link-loop"), *out = NULL, *err = NULL;
	int rc, worktree;

	t_sh(dir, "ln -s Dockerfile Dockerfile\n"
		"ln -s b.Dockerfile a.Dockerfile\n"
		"ln -s a.Dockerfile b.Dockerfile\n"
		"mkdir deep && ln -s \"$(printf 'x/%.0s' $(seq 2047))x\" "
		"deep/c.Dockerfile\n"
		"printf 'rules:\\n  SGG001: off\\n' > .shipgate.yaml\n"
		"c");
	for (worktree = 0; worktree < 2; worktree++) {
		rc = worktree ? T_RUN(dir, "scan", "--worktree", "--fail-on", "high")
			      : T_RUN(dir, "scan", "--fail-on", "high");
		ck_assert_msg(rc == 3 && strstr(out, "Dockerfile: high SGG003 "
						     "symlink loop") &&
				      strstr(out, "a.Dockerfile: high SGG003") &&
				      strstr(out, "c.Dockerfile: high SGG003") &&
				      !strstr(out, "SGG001"),
			      "worktree %d: exit %d\n%s%s", worktree, rc, out,
			      err);
	}
	free(out);
	free(err);
	free(dir);
}
END_TEST

/*
 * PR mode, gate: new: a change to the Dockerfile a Compose service builds
 * through a symlinked context directory gates.  The commit was read as if
 * the directory did not exist, so the Dockerfile was never linted and the
 * change passed (exit 0), while --worktree caught it.
 */
START_TEST(test_cli_pr_dockerfile_behind_linked_context_gates)
{
	char *dir = new_repo("pr-dirlink"), *out = NULL, *err = NULL;
	int rc;

	t_sh(dir, "mkdir -p real/svc\n"
		"printf 'FROM alpine:3.20\\nUSER nobody\\n' > real/svc/app.df\n"
		"ln -s real/svc svc\n"
		"printf 'services:\\n  web:\\n    build:\\n"
		"      context: svc\\n      dockerfile: app.df\\n"
		"    image: x/web:1.0\\n' > compose.yaml\n"
		"printf 'gate: new\\n' > .shipgate.yaml\n"
		"c\n"
		"printf 'FROM alpine:3.20\\nRUN curl -fsSL "
		"https://x.example/i.sh | sh\\nUSER nobody\\n' "
		"> real/svc/app.df\n"
		"c");
	rc = T_RUN(dir, "scan", "--base", "HEAD~1");
	ck_assert_msg(rc == 1 && strstr(out, "svc/app.df:2:") &&
			      strstr(out, "SGD190"),
		      "exit %d\n%s%s", rc, out, err);
	free(out);
	free(err);
	free(dir);
}
END_TEST

/*
 * PR mode, gate: new: a Dockerfile that is a link to a Compose-named file
 * is built from that file's text.  Only the Compose reading was linted
 * (its one finding unchanged), so adding 'curl | sh' passed with exit 0.
 */
START_TEST(test_cli_pr_dockerfile_linked_to_compose_name_gates)
{
	char *dir = new_repo("pr-kindlink"), *out = NULL, *err = NULL;
	int rc;

	t_sh(dir, "printf 'FROM alpine:3.20\\nUSER nobody\\n' > compose.yaml\n"
		"ln -s compose.yaml Dockerfile\n"
		"printf 'gate: new\\n' > .shipgate.yaml\n"
		"c\n"
		"printf 'FROM alpine:3.20\\nRUN curl -fsSL "
		"https://x.example/i.sh | sh\\nUSER nobody\\n' > compose.yaml\n"
		"c");
	rc = T_RUN(dir, "scan", "--base", "HEAD~1");
	/* and compose.yaml, not Compose, was not analysed as Compose: 3 */
	ck_assert_msg(rc == 3 && strstr(out, "Dockerfile:2:41: high SGD190"),
		      "exit %d\n%s%s", rc, out, err);
	free(out);
	free(err);
	free(dir);
}
END_TEST

/*
 * PR mode, gate: new: a Compose-named file the reader gives up on (v1
 * format, no Compose key, a top level or `services` that is not a mapping)
 * was not analysed, but its finding was SGC081 with a fixed key: a PR that
 * made its service privileged with the Docker socket passed with exit 0.
 * It is SGC088 now, not analysed (exit 3), accepted only by the policy.
 */
START_TEST(test_cli_pr_compose_not_read_is_not_analysed)
{
	char *dir = new_repo("pr-v1"), *out = NULL, *err = NULL;
	int rc;

	t_sh(dir, "printf 'web:\\n  image: nginx:1.27\\n' > docker-compose.yml\n"
		"printf 'services: [web]\\n' > compose.yaml\n"
		"printf 'gate: new\\n' > .shipgate.yaml\n"
		"c\n"
		"printf 'web:\\n  image: nginx:1.27\\n  privileged: true\\n' "
		"> docker-compose.yml\n"
		"c");
	rc = T_RUN(dir, "scan", "--base", "HEAD~1");
	ck_assert_msg(rc == 3 &&
			      strstr(out, "docker-compose.yml:1:1: high SGC088 "
					  "legacy Compose v1 format") &&
			      strstr(out, "compose.yaml:1:11: high SGC088 "
					  "'services' must be a mapping"),
		      "exit %d\n%s%s", rc, out, err);
	/* the policy can accept it, as it can any input not analysed */
	t_sh(dir, "printf 'rules:\\n  SGC088: off\\n' > .shipgate.yaml\n"
		"c");
	rc = T_RUN(dir, "scan");
	ck_assert_msg(rc == 0 && !strstr(out, "SGC088"), "exit %d\n%s%s", rc,
		      out, err);
	free(out);
	free(err);
	free(dir);
}
END_TEST

/*
 * An env file named by --env-file or the policy that is not there was
 * ignored: interpolation fell back to defaults and the run passed.  It is
 * a setup error now (exit 2); lint reads it relative to where it runs, as
 * it reads the files, even when they are in another directory.
 */
START_TEST(test_cli_env_file_must_be_there)
{
	char *dir = new_repo("envfile"), *out = NULL, *err = NULL;
	int rc;

	t_sh(dir, "mkdir -p app ci\n"
		"printf 'services:\\n  web:\\n    image: nginx:1.27\\n"
		"    user: \"${APP_UID:-1000}\"\\n' > app/compose.yaml\n"
		"printf 'APP_UID=0\\n' > ci/prod.env\n"
		"c");
	rc = T_RUN(dir, "scan", "--env-file", "ci/missing.env");
	T_ASSERT_ERR(rc, 2, "ci/missing.env: env file: no such file");
	t_sh(dir, "printf 'compose:\\n  env-file: ci/gone.env\\n' > .shipgate.yaml\n"
		"c");
	rc = T_RUN(dir, "scan");
	T_ASSERT_ERR(rc, 2, "ci/gone.env: env file: no such file");
	t_sh(dir, "rm .shipgate.yaml\nc");
	rc = T_RUN(dir, "scan", "--fail-on", "medium", "--env-file",
		 "ci/prod.env");
	ck_assert_msg(strstr(out, "app/compose.yaml:4:11: medium SGC019"),
		      "exit %d\n%s%s", rc, out, err);
	rc = T_RUN(dir, "lint", "--fail-on", "medium", "app/compose.yaml",
		 "--env-file", "ci/prod.env");
	ck_assert_msg(strstr(out, "compose.yaml:4:11: medium SGC019"),
		      "exit %d\n%s%s", rc, out, err);
	rc = T_RUN(dir, "lint", "app/compose.yaml", "--env-file", "ci/no.env");
	T_ASSERT_ERR(rc, 2, "ci/no.env");
	free(out);
	free(err);
	free(dir);
}
END_TEST

/*
 * A build context or Dockerfile reached through a symlink to a directory
 * inside the tree is what the link points at, as for Compose: it was
 * SGC063 "does not exist" (high, gating) in both modes.  A link to nothing
 * still is.
 */
START_TEST(test_cli_compose_context_through_link_exists)
{
	char *dir = new_repo("ctxlink"), *out = NULL, *err = NULL;
	int rc;

	t_sh(dir, "mkdir -p real/svc\n"
		"printf 'FROM alpine:3.20\\nUSER nobody\\n' > real/svc/Dockerfile\n"
		"ln -s real/svc svc\nln -s nowhere gone\n"
		"printf 'services:\\n  app:\\n    build: svc\\n"
		"    user: \"1000\"\\n  old:\\n    build: gone\\n"
		"    user: \"1000\"\\n' > compose.yaml\n"
		"c");
	rc = T_RUN(dir, "scan");
	ck_assert_msg(rc == 1 && !strstr(out, "context 'svc'") &&
			      strstr(out, "SGC063 service 'old' build context "
					  "'gone' does not exist"),
		      "exit %d\n%s%s", rc, out, err);
	rc = T_RUN(dir, "scan", "--worktree");
	ck_assert_msg(rc == 1 && !strstr(out, "context 'svc'") &&
			      strstr(out, "context 'gone' does not exist"),
		      "exit %d\n%s%s", rc, out, err);
	free(out);
	free(err);
	free(dir);
}
END_TEST

Suite *cli_gate_suite(void)
{
	Suite *s = suite_create("cli_gate");
	TCase *tc = tcase_create("gate");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_cli_setup_errors_exit_2);
	tcase_add_test(tc, test_cli_today_and_expiry_dates_are_checked);
	tcase_add_test(tc, test_cli_baseline_write_reads_no_baseline);
	tcase_add_test(tc, test_cli_max_file_size_zero_is_an_error);
	tcase_add_test(tc, test_cli_pr_policy_note_names_the_policy_applied);
	tcase_add_test(tc, test_cli_readme_policy_example_is_right);
	tcase_add_test(tc, test_cli_suppression_wildcard);
	tcase_add_test(tc, test_cli_merge_refuses_incomplete_or_mixed_shards);
	tcase_add_test(tc, test_cli_worktree_subdir_base_has_the_same_root);
	tcase_add_test(tc, test_cli_fail_on_never_round_trips);
	tcase_add_test(tc, test_cli_fingerprint_ignores_without_reports);
	tcase_add_test(tc, test_cli_unreadable_image_not_analysed);
	tcase_add_test(tc, test_cli_symlink_loop_is_unreadable_not_too_large);
	tcase_add_test(tc, test_cli_pr_dockerfile_behind_linked_context_gates);
	tcase_add_test(tc, test_cli_pr_dockerfile_linked_to_compose_name_gates);
	tcase_add_test(tc, test_cli_pr_compose_not_read_is_not_analysed);
	tcase_add_test(tc, test_cli_env_file_must_be_there);
	tcase_add_test(tc, test_cli_compose_context_through_link_exists);
	tcase_add_test(tc, test_cli_pr_notes_what_the_change_accepts);
	suite_add_tcase(s, tc);
	return s;
}
