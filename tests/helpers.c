/* helpers.c: shared test utilities (see helpers.h). */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE 1
#include "helpers.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *env_or(const char *name, const char *dflt)
{
	const char *v = getenv(name);

	return v && *v ? v : dflt;
}

const char *t_src(const char *rel)
{
	static char bufs[8][4096];
	static int next;
	char *b = bufs[next++ % 8];

	snprintf(b, sizeof(bufs[0]), "%s/%s", env_or("SG_SRCDIR", "."), rel);
	return b;
}

const char *t_shared(void)
{
	static char path[4096];
	struct stat st;

	snprintf(path, sizeof(path), "%s",
		 env_or("SG_SHARED", "../shared"));
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode) ? path : NULL;
}

bool t_skip_without_shared(const char *test)
{
	if (t_shared())
		return false;
	fprintf(stderr, "skipped: %s: ../shared is absent\n", test);
	return true;
}

const char *t_debian_image(void)
{
	static char dir[4200];
	char stamp[4300], script[4300], *errout = NULL;
	const char *argv[4];
	int rc;

	/* build/ of the source tree, shared by the SAN=1 build */
	snprintf(dir, sizeof(dir), "%s", t_src("build/debian-image"));
	snprintf(stamp, sizeof(stamp), "%s/SHA256SUMS", dir);
	if (access(stamp, F_OK) == 0)
		return dir;
	if (!t_shared() || geteuid() != 0 || access("/usr/bin/apt-get", X_OK) ||
	    access("/usr/bin/timeout", X_OK))
		return NULL;
	snprintf(script, sizeof(script), "%s/tools/make-debian-image.sh",
		 t_shared());
	/* ~90 s with a mirror; offline, give up well before the tests'
	 * own timeouts and skip */
	argv[0] = "240";
	argv[1] = script;
	argv[2] = dir;
	argv[3] = NULL;
	rc = t_run_prog("/usr/bin/timeout", NULL, NULL, &errout, argv);
	if (rc != 0)
		fprintf(stderr, "skipped: debian image: make-debian-image.sh "
			"failed (%d): %.300s\n", rc, errout ? errout : "");
	free(errout);
	return rc == 0 ? dir : NULL;
}

char *t_tmpdir(const char *tag)
{
	char path[4096];
	char *p;

	snprintf(path, sizeof(path), "%s/tmp", env_or("SG_BUILD", "build"));
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/tmp/%s-XXXXXX",
		 env_or("SG_BUILD", "build"), tag);
	p = mkdtemp(path);
	ck_assert_msg(p != NULL, "mkdtemp %s: %s", path, strerror(errno));
	return strdup(p);
}

char *t_read(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, cap = 0;

	if (!f)
		return NULL;
	for (;;) {
		if (cap - n < 65536) {
			cap = cap ? cap * 2 : 65536;
			buf = realloc(buf, cap + 1);
			ck_assert_ptr_nonnull(buf);
		}
		size_t r = fread(buf + n, 1, cap - n, f);
		n += r;
		if (r == 0)
			break;
	}
	fclose(f);
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

void t_write(const char *path, const char *data)
{
	FILE *f = fopen(path, "wb");

	ck_assert_msg(f != NULL, "cannot write %s", path);
	fputs(data, f);
	fclose(f);
}

static void mkdirs_for(const char *path)
{
	char buf[4096];
	char *p;

	snprintf(buf, sizeof(buf), "%s", path);
	for (p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		mkdir(buf, 0755);
		*p = '/';
	}
}

void t_mktree(const char *dir, const char *const *spec)
{
	char path[4096];

	mkdir(dir, 0755);
	for (; spec[0]; spec += 2) {
		snprintf(path, sizeof(path), "%s/%s", dir, spec[0]);
		mkdirs_for(path);
		if (!strncmp(spec[1], "-> ", 3))
			ck_assert_int_eq(symlink(spec[1] + 3, path), 0);
		else
			t_write(path, spec[1]);
	}
}

static int run_io(const char *prog, const char *cwd, const char *in,
		  char **out, char **errout, const char *const *argv)
{
	char tmpl_out[] = "/tmp/sgtest-out-XXXXXX";
	char tmpl_err[] = "/tmp/sgtest-err-XXXXXX";
	int fo = mkstemp(tmpl_out), fe = mkstemp(tmpl_err), status;
	const char **args;
	size_t n = 0, count = 0;
	pid_t pid;

	ck_assert(fo >= 0 && fe >= 0);
	while (argv && argv[count])
		count++;
	args = calloc(count + 2, sizeof(*args));
	ck_assert(args != NULL);
	args[n++] = prog;
	while (argv && *argv)
		args[n++] = *argv++;
	args[n] = NULL;
	pid = fork();
	ck_assert(pid >= 0);
	if (pid == 0) {
		int input = open(in ? in : "/dev/null", O_RDONLY);

		if (input < 0)
			_exit(127);
		dup2(input, 0);
		dup2(fo, 1);
		dup2(fe, 2);
		if (cwd && chdir(cwd) < 0)
			_exit(127);
		execv(prog, (char *const *)args);
		_exit(127);
	}
	free(args);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	close(fo);
	close(fe);
	if (out)
		*out = t_read(tmpl_out, NULL);
	if (errout)
		*errout = t_read(tmpl_err, NULL);
	unlink(tmpl_out);
	unlink(tmpl_err);
	if (WIFSIGNALED(status))
		return -1;
	return WEXITSTATUS(status);
}

int t_run_prog(const char *prog, const char *cwd, char **out, char **errout,
	       const char *const *argv)
{
	return run_io(prog, cwd, NULL, out, errout, argv);
}

int t_run_in(const char *cwd, const char *in, char **out, char **errout,
	     const char *const *argv)
{
	return run_io(env_or("SG_BIN", "build/shipgate"), cwd, in, out, errout,
		      argv);
}

int t_run(const char *cwd, char **out, char **errout, const char *const *argv)
{
	return t_run_prog(env_or("SG_BIN", "build/shipgate"), cwd, out, errout,
			  argv);
}

void t_mkrepo(const char *dest, bool bare, const char *const *dirs)
{
	const char *args[64];
	size_t n = 0;
	char *err = NULL;
	int rc;

	if (bare)
		args[n++] = "--bare";
	args[n++] = dest;
	while (*dirs && n < 63)
		args[n++] = *dirs++;
	args[n] = NULL;
	rc = t_run_prog(env_or("SG_MKREPO", "build/mkrepo"), NULL, NULL, &err,
			args);
	ck_assert_msg(rc == 0, "mkrepo %s failed (%d): %s", dest, rc,
		      err ? err : "");
	free(err);
}

void t_golden(const char *rel, const char *actual)
{
	const char *path = t_src(rel);
	char *expected;

	if (getenv("SG_UPDATE_GOLDEN")) {
		t_write(path, actual);
		return;
	}
	expected = t_read(path, NULL);
	ck_assert_msg(expected != NULL,
		      "golden file %s is missing (run with SG_UPDATE_GOLDEN=1)",
		      rel);
	if (strcmp(expected, actual) != 0) {
		char actual_path[4200];
		size_t i = 0, line = 1;

		while (expected[i] && expected[i] == actual[i]) {
			if (expected[i] == '\n')
				line++;
			i++;
		}
		snprintf(actual_path, sizeof(actual_path), "%s.actual", path);
		t_write(actual_path, actual);
		free(expected);
		ck_abort_msg("%s differs from golden at line %zu (actual output "
			     "written to %s)", rel, line, actual_path);
	}
	free(expected);
}

void t_sh(const char *dir, const char *script)
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

int t_rerun(const char *dir, char **out, char **errout,
	    const char *const *argv)
{
	free(*out);
	free(*errout);
	*out = *errout = NULL;
	return t_run(dir, out, errout, argv);
}
