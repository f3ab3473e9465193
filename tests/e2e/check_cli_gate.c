/*
 * check_cli_gate.c: end-to-end tests of the real binary on small git
 * repositories written by a shell script in the test itself: exit codes of
 * setup errors, --today, PR mode with a subdirectory, the policy note,
 * baseline writing, merge's shard checks.
 */
#include "util/compat.h"
#include "helpers.h"

/*
 * Run `script` with /bin/sh in `dir`: git's identity is set, `c` commits
 * everything, $S is the shipgate binary.  The script must succeed.
 */
static void sh(const char *dir, const char *script)
{
	char full[8192], *out = NULL, *err = NULL;
	const char *argv[] = { "-c", full, NULL };
	int rc;

	snprintf(full, sizeof(full),
		 "set -e\n"
		 "export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@t "
		 "GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@t "
		 "GIT_CONFIG_NOSYSTEM=1 HOME=\"$PWD\"\n"
		 "S=\"$SG_BIN\"\n"
		 "c() { git add -A && git commit -qm x; }\n"
		 "%s\n", script);
	rc = t_run_prog("/bin/sh", dir, &out, &err, argv);
	ck_assert_msg(rc == 0, "script failed (%d): %s\n%s%s", rc, script,
		      out ? out : "", err ? err : "");
	free(out);
	free(err);
}

/* A fresh git repository (empty, no commit yet) in a new temp dir. */
static char *new_repo(const char *tag)
{
	char *dir = t_tmpdir(tag);

	sh(dir, "git init -q .");
	return dir;
}

/* Run shipgate in `dir`; returns the exit code, output in *out / *err. */
static int run(const char *dir, char **out, char **err,
	       const char *const *argv)
{
	free(*out);
	free(*err);
	*out = *err = NULL;
	return t_run(dir, out, err, argv);
}

#define RUN(dir, ...) run((dir), &out, &err, (const char *const[]){ __VA_ARGS__, NULL })

#define ASSERT_ERR(rc, code, text)                                           \
	do {                                                                 \
		ck_assert_msg((rc) == (code) && strstr(err, (text)) &&       \
			      !strchr(strchr(err, '\n') ? strchr(err, '\n') + 1 \
							: "", '\n'),          \
			      "exit %d (want %d), stderr: %s", (rc), (code), \
			      err);                                          \
	} while (0)

/*
 * What the user gave that cannot be used is a usage or policy error, exit
 * 2 as README's table says, with one line saying why; never exit 4.
 */
START_TEST(test_cli_setup_errors_exit_2)
{
	char *dir = new_repo("setup-errors"), *out = NULL, *err = NULL;
	int rc;

	sh(dir, "printf 'FROM debian:12\\nUSER root\\n' > Dockerfile\n"
		"echo x > file; mkdir bd; echo x > bd/x; c");
	rc = RUN(dir, "scan", "--rev", "HEAD^{tree}");
	ASSERT_ERR(rc, 2, "'HEAD^{tree}' is not a commit");
	rc = RUN(dir, "scan", "--base", "HEAD:file");
	ASSERT_ERR(rc, 2, "'HEAD:file' is not a commit");
	rc = RUN(dir, "baseline", "write", "b.json", "--rev", "nosuch");
	ASSERT_ERR(rc, 2, "unknown revision 'nosuch'");
	rc = RUN(dir, "baseline", "write", "b.json", "/nonexistent/repo");
	ASSERT_ERR(rc, 2, "not a git repository");

	/* the policy file: a link out of the repository, a directory */
	sh(dir, "ln -s /etc/passwd .shipgate.yaml; c");
	rc = RUN(dir, "scan");
	ASSERT_ERR(rc, 2, ".shipgate.yaml: cannot read the policy: symlink");
	sh(dir, "git rm -q .shipgate.yaml; mkdir .shipgate.yaml; "
		"echo x > .shipgate.yaml/x; c");
	rc = RUN(dir, "scan");
	ASSERT_ERR(rc, 2, ".shipgate.yaml: cannot read the policy: is a directory");

	/* the policy's baseline: out of the tree, a directory, missing */
	sh(dir, "git rm -rq .shipgate.yaml; "
		"printf 'version: 1\\nbaseline: ../x\\n' > .shipgate.yaml; c");
	rc = RUN(dir, "scan");
	ASSERT_ERR(rc, 2, "../x: cannot read the baseline: path leaves");
	sh(dir, "printf 'version: 1\\nbaseline: bd\\n' > .shipgate.yaml; c");
	rc = RUN(dir, "scan");
	ASSERT_ERR(rc, 2, "bd: cannot read the baseline: is a directory");
	rc = RUN(dir, "scan", "--baseline", "/nonexistent/b.json");
	ASSERT_ERR(rc, 2, "/nonexistent/b.json: cannot read the baseline");

	/* a baseline that cannot be written is an i/o error (exit 4) */
	sh(dir, "git rm -q .shipgate.yaml; c");
	rc = RUN(dir, "baseline", "write", "/nonexistent/b.json");
	ASSERT_ERR(rc, 4, "/nonexistent/b.json");
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

	sh(dir, "printf 'FROM debian:12\nUSER root\n' > Dockerfile; c");
	for (i = 0; i < SG_ARRAY_SIZE(bad); i++) {
		rc = RUN(dir, "scan", "--today", bad[i], "-q");
		ASSERT_ERR(rc, 2, "--today must be a date YYYY-MM-DD");
		rc = RUN(dir, "lint", "Dockerfile", "--today", bad[i], "-q");
		ASSERT_ERR(rc, 2, "--today must be a date YYYY-MM-DD");
		rc = RUN(dir, "baseline", "write", "b.json", "--today", bad[i]);
		ASSERT_ERR(rc, 2, "--today must be a date YYYY-MM-DD");
	}
	/* leap days that exist */
	ck_assert_int_eq(RUN(dir, "scan", "--today", "2028-02-29", "-q"), 1);
	ck_assert_int_eq(RUN(dir, "scan", "--today", "2000-02-29", "-q"), 1);

	sh(dir, "printf 'version: 1\nignore:\n  - rule: SGD040\n"
		"    reason: r\n    expires: 2027-02-29\n' > .shipgate.yaml; c");
	rc = RUN(dir, "scan", "-q");
	ASSERT_ERR(rc, 2, ".shipgate.yaml:5:14: 'expires' must be a date");
	/* the ignore applies until its (real) leap day */
	sh(dir, "sed -i 's/2027-02-29/2028-02-29/' .shipgate.yaml; c");
	ck_assert_int_eq(RUN(dir, "scan", "-q", "--today", "2028-02-29"), 0);
	ck_assert_int_eq(RUN(dir, "scan", "-q", "--today", "2028-03-01"), 1);
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

	sh(dir, "printf 'FROM debian:12\nUSER root\n' > Dockerfile\n"
		"printf 'version: 1\nbaseline: .shipgate-baseline.json\n' "
		"> .shipgate.yaml; c");
	rc = RUN(dir, "baseline", "write", ".shipgate-baseline.json");
	ck_assert_msg(rc == 0 && strstr(out, "2 findings accepted"),
		      "exit %d: %s%s", rc, out, err);
	sh(dir, "c");
	rc = RUN(dir, "scan");
	ck_assert_msg(rc == 0 && strstr(out, "baseline"), "exit %d: %s%s", rc,
		      out, err);
	/* a new finding gates; rewriting the baseline accepts it too */
	sh(dir, "printf 'FROM debian:12\nUSER root\n' > Dockerfile.dev; c");
	ck_assert_int_eq(RUN(dir, "scan", "-q"), 1);
	rc = RUN(dir, "baseline", "write", ".shipgate-baseline.json");
	ck_assert_msg(rc == 0 && strstr(out, "4 findings accepted"),
		      "exit %d: %s%s", rc, out, err);
	sh(dir, "c");
	ck_assert_int_eq(RUN(dir, "scan", "-q"), 0);
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

	sh(dir, "printf 'FROM debian:12\nUSER nobody\n' > Dockerfile; c");
	for (i = 0; i < SG_ARRAY_SIZE(zero); i++) {
		snprintf(script, sizeof(script),
			 "printf 'version: 1\nmax-file-size: %s\n' > "
			 ".shipgate.yaml; c", zero[i]);
		sh(dir, script);
		rc = RUN(dir, "scan", "-q");
		ASSERT_ERR(rc, 2, ".shipgate.yaml:2:16: 'max-file-size' must "
				  "be more than 0 bytes");
	}
	sh(dir, "printf 'version: 1\nmax-file-size: 10\n' > .shipgate.yaml; c");
	rc = RUN(dir, "scan");
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
	sh(dir, "printf 'FROM debian:12\nUSER root\n' > Dockerfile\n"
		"printf 'version: 1\nfail-on: never\n' > .shipgate.yaml; c\n"
		"printf 'version: 1\nfail-on: low\n' > .shipgate.yml; c");
	rc = RUN(dir, "scan", "--base", "HEAD~1");
	ck_assert_msg(rc == 0 && !strstr(out, "note: the change"),
		      "exit %d: %s%s", rc, out, err);
	/* now the head's own policy would be .shipgate.yml */
	sh(dir, "git rm -q .shipgate.yaml; c");
	rc = RUN(dir, "scan", "--base", "HEAD~1");
	ck_assert_msg(rc == 0 && strstr(out, "note: the change's policy is "
					     ".shipgate.yml; the base "
					     "revision's .shipgate.yaml applies"),
		      "exit %d: %s%s", rc, out, err);
	/* base .shipgate.yml, head .shipgate.yaml too */
	sh(dir, "printf 'version: 1\nfail-on: never\n' > .shipgate.yaml; c");
	rc = RUN(dir, "scan", "--base", "HEAD~1");
	ck_assert_msg(rc == 1 && strstr(out, "note: the change's policy is "
					     ".shipgate.yaml; the base "
					     "revision's .shipgate.yml applies"),
		      "exit %d: %s%s", rc, out, err);
	/* removed: the base's still applies; none in base: the defaults */
	sh(dir, "git rm -q .shipgate.yaml .shipgate.yml; c");
	rc = RUN(dir, "scan", "--base", "HEAD~1");
	ck_assert_msg(rc == 0 && strstr(out, "note: the change removes "
					     ".shipgate.yaml; the base "
					     "revision's policy applies"),
		      "exit %d: %s%s", rc, out, err);
	sh(dir, "printf 'version: 1\nfail-on: never\n' > .shipgate.json; c");
	rc = RUN(dir, "scan", "--base", "HEAD~1");
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
	suite_add_tcase(s, tc);
	return s;
}
