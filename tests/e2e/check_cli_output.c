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

/*
 * Run `script` with /bin/sh in `dir`: git's identity is set, `c` commits
 * everything.  The script must succeed.
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
		 "c() { git add -A && git commit -qm x; }\n"
		 "%s\n", script);
	rc = t_run_prog("/bin/sh", dir, &out, &err, argv);
	ck_assert_msg(rc == 0, "script failed (%d): %s\n%s%s", rc, script,
		      out ? out : "", err ? err : "");
	free(out);
	free(err);
}

/* A repository with one Dockerfile that gates (runs as root). */
static char *gating_repo(const char *tag)
{
	char *dir = t_tmpdir(tag);

	sh(dir, "git init -q . && printf 'FROM debian:12\\nUSER root\\n' "
		"> Dockerfile && printf 'fail-on: high\\n' > policy.yaml && c");
	return dir;
}

static int run(const char *dir, char **out, char **err,
	       const char *const *argv)
{
	free(*out);
	free(*err);
	*out = *err = NULL;
	return t_run(dir, out, err, argv);
}

#define RUN(dir, ...) run((dir), &out, &err, (const char *const[]){ __VA_ARGS__, NULL })

/* exit `code`, one line on stderr that holds `text` */
#define ASSERT_ERR(rc, code, text)                                           \
	do {                                                                 \
		ck_assert_msg((rc) == (code) && err && strstr(err, (text)) && \
			      strchr(err, '\n') == err + strlen(err) - 1,    \
			      "exit %d (want %d), stderr: %s", (rc), (code), \
			      err ? err : "");                               \
	} while (0)

/*
 * A --db the user named that is not there: the run used to skip the
 * vulnerability scan with a note and pass; it is a usage error now.
 */
START_TEST(test_cli_explicit_db_must_exist)
{
	char *dir = gating_repo("db-missing"), *out = NULL, *err = NULL;
	int rc;

	rc = RUN(dir, "scan", "--db", "cache/vuln.db", "-q");
	ASSERT_ERR(rc, 2, "cache/vuln.db: cannot open the vulnerability database");
	rc = RUN(dir, "image", "--db", "cache/vuln.db", "x.tar", "-q");
	ASSERT_ERR(rc, 2, "cache/vuln.db: cannot open the vulnerability database");
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
	suite_add_tcase(s, tc);
	return s;
}
