/*
 * check_cli_output.c: what the command line does with the files it is
 * given: an explicit vulnerability database must exist; report paths that
 * collide with each other or with an input are refused before anything is
 * written; a failed run leaves no stale report behind; '-' is stdout and a
 * FIFO or device is written in place; empty option values are refused.
 */
#include "util/compat.h"
#include "helpers.h"

#include <sys/stat.h>
#include <unistd.h>

/* A repository with one Dockerfile that gates (runs as root). */
static char *gating_repo(const char *tag)
{
	char *dir = t_tmpdir(tag);

	t_sh(dir, "git init -q . && printf 'FROM debian:12\\nUSER root\\n' "
		"> Dockerfile && printf 'fail-on: high\\n' > policy.yaml && c");
	return dir;
}

/*
 * A --db the user named that is not there: the run used to skip the
 * vulnerability scan with a note and pass; it is a usage error now.
 */
START_TEST(test_cli_explicit_db_must_exist)
{
	char *dir = gating_repo("db-missing"), *out = NULL, *err = NULL;
	int rc;

	rc = T_RUN(dir, "scan", "--db", "cache/vuln.db", "-q");
	T_ASSERT_ERR(rc, 2, "cache/vuln.db: cannot open the vulnerability database");
	rc = T_RUN(dir, "image", "--db", "cache/vuln.db", "x.tar", "-q");
	T_ASSERT_ERR(rc, 2, "cache/vuln.db: cannot open the vulnerability database");
	free(out);
	free(err);
	free(dir);
}
END_TEST

static char *slurp(const char *dir, const char *name)
{
	char path[4400];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return t_read(path, NULL);
}

/* File `name` in `dir` holds exactly `want` (it was not overwritten). */
static void assert_file(const char *dir, const char *name, const char *want)
{
	char *t = slurp(dir, name);

	ck_assert_msg(t != NULL, "%s: gone", name);
	ck_assert_str_eq(t, want);
	free(t);
}

static bool exists(const char *dir, const char *name)
{
	char path[4400];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return access(path, F_OK) == 0;
}

/*
 * Two reports to one file: the second silently replaced the first (CI
 * uploaded JSON as SARIF).  Refused before anything is written.
 */
START_TEST(test_cli_two_reports_one_file_refused)
{
	char *dir = gating_repo("out-twice"), *out = NULL, *err = NULL;
	int rc;

	rc = T_RUN(dir, "scan", "--json", "r", "--sarif", "./r", "-q");
	T_ASSERT_ERR(rc, 2, "--sarif and --json both write 'r'");
	ck_assert(!exists(dir, "r"));
	rc = T_RUN(dir, "lint", "Dockerfile", "--junit", "r", "--gitlab-codequality",
		 "r");
	T_ASSERT_ERR(rc, 2, "--junit and --gitlab-codequality both write 'r'");
	rc = T_RUN(dir, "scan", "--json", "-", "--markdown", "-");
	T_ASSERT_ERR(rc, 2, "--markdown and --json both write to stdout");
	free(out);
	free(err);
	free(dir);
}
END_TEST

/* A report path that is an input of the run overwrote it. */
START_TEST(test_cli_report_over_an_input_refused)
{
	char *dir = gating_repo("out-input"), *out = NULL, *err = NULL;
	int rc;

	rc = T_RUN(dir, "scan", "--policy", "policy.yaml", "--json", "policy.yaml");
	T_ASSERT_ERR(rc, 2, "--json 'policy.yaml' would overwrite 'policy.yaml'");
	rc = T_RUN(dir, "lint", "./Dockerfile", "--sarif", "Dockerfile");
	T_ASSERT_ERR(rc, 2, "--sarif 'Dockerfile' would overwrite './Dockerfile'");
	rc = T_RUN(dir, "image", "app=Dockerfile", "--json", "Dockerfile");
	T_ASSERT_ERR(rc, 2, "would overwrite 'Dockerfile'");
	/* a file named as an input is one: scan --worktree reads it, and a
	 * failed run (a bad policy here) removed it as a stale report */
	rc = T_RUN(dir, "scan", "--worktree", "--json", "Dockerfile", "-q");
	T_ASSERT_ERR(rc, 2, "--json 'Dockerfile' would overwrite a file "
		     "shipgate reads as input");
	rc = T_RUN(dir, "scan", "--worktree", "--json", "Dockerfile",
		   "--policy", "nope.yaml");
	T_ASSERT_ERR(rc, 2, "would overwrite a file shipgate reads as input");
	rc = T_RUN(dir, "baseline", "write", "Dockerfile", "--worktree");
	T_ASSERT_ERR(rc, 2, "'Dockerfile' would overwrite a file shipgate "
		     "reads as input");
	/* a Dockerfile by any name that a Compose service builds: known
	 * once the run found it, refused then, nothing written */
	t_sh(dir, "cp Dockerfile app.docker; printf 'services:\\n  app:\\n"
		  "    build:\\n      context: .\\n      dockerfile: "
		  "app.docker\\n' > compose.yaml");
	rc = T_RUN(dir, "scan", "--worktree", "--json", "app.docker", "-q");
	T_ASSERT_ERR(rc, 2, "--json 'app.docker' would overwrite "
		     "'./app.docker', an input of this run");
	assert_file(dir, "app.docker", "FROM debian:12\nUSER root\n");
	t_sh(dir, "rm app.docker compose.yaml");
	/* so is the baseline the tree's policy names */
	t_sh(dir, "printf 'baseline: b.json\\n' > .shipgate.yaml; "
		  "printf '{\"findings\": []}\\n' > b.json");
	rc = T_RUN(dir, "scan", "--worktree", "--json", "b.json", "-q");
	T_ASSERT_ERR(rc, 2, "--json 'b.json' would overwrite './b.json', an "
		     "input of this run");
	assert_file(dir, "b.json", "{\"findings\": []}\n");
	t_sh(dir, "rm .shipgate.yaml b.json");
	rc = T_RUN(dir, "baseline", "write", "policy.yaml", "--policy",
		 "policy.yaml");
	T_ASSERT_ERR(rc, 2, "would overwrite 'policy.yaml'");
	assert_file(dir, "policy.yaml", "fail-on: high\n");
	assert_file(dir, "Dockerfile", "FROM debian:12\nUSER root\n");
	/* merge: a report over one of the shards it reads */
	rc = T_RUN(dir, "scan", "--json", "one.json", "-q");
	ck_assert_int_eq(rc, 1);
	rc = T_RUN(dir, "merge", "--json", "one.json", "--", "one.json");
	T_ASSERT_ERR(rc, 2, "--json 'one.json' would overwrite 'one.json'");
	free(out);
	free(err);
	free(dir);
}
END_TEST

/*
 * A run that fails before writing its reports (exit 2) left the previous
 * run's files at the report paths, which CI then uploaded as current.
 */
START_TEST(test_cli_failed_run_leaves_no_stale_report)
{
	char *dir = gating_repo("out-stale"), *out = NULL, *err = NULL;
	int rc;

	t_sh(dir, "echo stale > r.sarif; echo stale > r.json; echo stale > r.md");
	rc = T_RUN(dir, "scan", "--sarif", "r.sarif", "--json", "r.json",
		 "--fail-on", "severe");
	T_ASSERT_ERR(rc, 2, "severe");
	ck_assert(!exists(dir, "r.sarif") && !exists(dir, "r.json"));
	t_sh(dir, "echo stale > r.sarif");
	rc = T_RUN(dir, "scan", "--sarif", "r.sarif", "-j", "0");
	ck_assert_int_eq(rc, 2);
	ck_assert(!exists(dir, "r.sarif"));
	t_sh(dir, "echo stale > r.sarif");
	rc = T_RUN(dir, "lint", "Dockerfile", "--sarif", "r.sarif", "--policy",
		 "nope.yaml");
	T_ASSERT_ERR(rc, 2, "nope.yaml");
	ck_assert(!exists(dir, "r.sarif"));
	/* merge: an incomplete set of shards */
	rc = T_RUN(dir, "scan", "--shard", "1/2", "--json", "s1.json", "-q");
	ck_assert_int_eq(rc, 1);
	rc = T_RUN(dir, "merge", "--markdown", "r.md", "--", "s1.json");
	T_ASSERT_ERR(rc, 2, "shard 2/2 is missing");
	ck_assert(!exists(dir, "r.md"));
	/* and a run that writes them replaces them */
	t_sh(dir, "echo stale > r.sarif");
	rc = T_RUN(dir, "scan", "--sarif", "r.sarif", "-q");
	ck_assert_int_eq(rc, 1);
	ck_assert(exists(dir, "r.sarif"));
	free(out);
	free(err);
	free(dir);
}
END_TEST

/*
 * '-' wrote a file named '-'; a FIFO (or a device, /dev/stdout as root)
 * was renamed over, replacing the node with a regular file.  '-' is stdout
 * now, alone there, and a FIFO is written in place.
 */
START_TEST(test_cli_report_to_stdout_and_fifo)
{
	char *dir = gating_repo("out-stdout"), *out = NULL, *err = NULL, *t;
	int rc;

	rc = T_RUN(dir, "scan", "--json", "-");
	ck_assert_msg(rc == 1, "exit %d: %s", rc, err);
	ck_assert_msg(out[0] == '{' && strstr(out, "\"findings\"") &&
		      !strstr(out, "shipgate: failed"), "%s", out);
	ck_assert(!exists(dir, "-"));
	t_sh(dir, "mkfifo f; cat f > got & rc=0; \"$S\" scan -q --json f || "
		"rc=$?; wait; test $rc = 1 && test -p f");
	t = slurp(dir, "got");
	ck_assert_msg(t && t[0] == '{' && strstr(t, "\"findings\""), "%s",
		      t ? t : "(none)");
	free(t);
	free(out);
	free(err);
	free(dir);
}
END_TEST

/*
 * Empty values named nothing and changed the run quietly ('--include ""'
 * discovered no file and passed); a single-value option given twice let
 * the last win ('--fail-on high --fail-on never' passed); '-j " 5"' was
 * taken.  All are one-line usage errors now.
 */
START_TEST(test_cli_empty_and_repeated_values_refused)
{
	char *dir = gating_repo("opt-values"), *out = NULL, *err = NULL;
	int rc;

	rc = T_RUN(dir, "scan", "--include", "", "-q");
	T_ASSERT_ERR(rc, 2, "option needs a non-empty value: '--include'");
	rc = T_RUN(dir, "scan", "--sarif=", "-q");
	T_ASSERT_ERR(rc, 2, "option needs a non-empty value: '--sarif='");
	rc = T_RUN(dir, "lint", "Dockerfile", "--env-file", "");
	T_ASSERT_ERR(rc, 2, "option needs a non-empty value: '--env-file'");
	rc = T_RUN(dir, "scan", "--fail-on", "high", "--fail-on", "never", "-q");
	T_ASSERT_ERR(rc, 2, "option given twice (it takes one value): '--fail-on'");
	rc = T_RUN(dir, "merge", "--json", "a", "--json", "b", "--", "x.json");
	T_ASSERT_ERR(rc, 2, "option given twice (it takes one value): '--json'");
	rc = T_RUN(dir, "scan", "-j", " 5", "-q");
	T_ASSERT_ERR(rc, 2, "--jobs wants a number from 1 to 64, got ' 5'");
	rc = T_RUN(dir, "scan", "--no-such-flag");
	T_ASSERT_ERR(rc, 2, "unknown option '--no-such-flag'");
	/* repeatable options and flags may repeat */
	rc = T_RUN(dir, "scan", "--exclude", "a", "--exclude", "b", "-q", "-q");
	ck_assert_msg(rc == 1, "exit %d: %s", rc, err);
	free(out);
	free(err);
	free(dir);
}
END_TEST

Suite *cli_output_suite(void)
{
	Suite *s = suite_create("cli_output");
	TCase *tc = tcase_create("cli_output");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_cli_explicit_db_must_exist);
	tcase_add_test(tc, test_cli_two_reports_one_file_refused);
	tcase_add_test(tc, test_cli_report_over_an_input_refused);
	tcase_add_test(tc, test_cli_failed_run_leaves_no_stale_report);
	tcase_add_test(tc, test_cli_report_to_stdout_and_fifo);
	tcase_add_test(tc, test_cli_empty_and_repeated_values_refused);
	suite_add_tcase(s, tc);
	return s;
}
