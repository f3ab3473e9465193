/*
 * helpers.h: what tests share: where things are, temp dirs, running the real
 * binary, golden-file comparison.
 *
 * The Makefile passes SG_BIN, SG_MKREPO, SG_SRCDIR, SG_BUILD and SG_SHARED.
 * Golden files are rewritten instead of compared when SG_UPDATE_GOLDEN=1.
 */
#ifndef SG_TESTS_HELPERS_H
#define SG_TESTS_HELPERS_H

#include <check.h>
#include <stdbool.h>
#include <stddef.h>

/* Every suite's constructor, from the generated list (see Makefile). */
#define SUITE(name) Suite *name##_suite(void);
#include "suites.h"
#undef SUITE

/* Absolute path of a file in the source tree (static buffer rotation of 8). */
const char *t_src(const char *rel);

/* ../shared, or NULL when absent (tests that need it print "skipped"). */
const char *t_shared(void);

/* Print "skipped: <test>: <why>" and return true when ../shared is absent. */
bool t_skip_without_shared(const char *test);

/*
 * The directory of ../shared/tools/make-debian-image.sh's real Debian image
 * (build/debian-image, built on first use: ~90 s, needs root, apt and a
 * mirror), or NULL when it is not there and cannot be built (the caller
 * prints "skipped").
 */
const char *t_debian_image(void);

/* A fresh empty directory under the build dir; caller free()s the path. */
char *t_tmpdir(const char *tag);

/* Read a whole file (NUL-terminated, *len optional); NULL when missing. */
char *t_read(const char *path, size_t *len);
void t_write(const char *path, const char *data);

/* Make a tree under `dir` from pairs {path, content} (parent directories
 * as needed); content "-> X" makes a symlink to X.  The list ends with
 * NULL. */
void t_mktree(const char *dir, const char *const *spec);

/*
 * Run the shipgate binary with argv (NULL-terminated, without argv[0]) in
 * `cwd` (NULL: current), stdout and stderr captured (caller frees).  Returns
 * the exit code, or -1 when it died from a signal (a crash).
 */
int t_run(const char *cwd, char **out, char **errout, const char *const *argv);

/* Same, standard input read from the file `in` (t_run: /dev/null). */
int t_run_in(const char *cwd, const char *in, char **out, char **errout,
	     const char *const *argv);

/* Same, with an arbitrary program. */
int t_run_prog(const char *prog, const char *cwd, char **out, char **errout,
	       const char *const *argv);

/*
 * Run `script` with /bin/sh in `dir`, which must succeed: git's identity is
 * set, `c` commits everything, $S is the shipgate binary.
 */
void t_sh(const char *dir, const char *script);

/* t_run() that first frees what *out and *errout hold from the last run. */
int t_rerun(const char *dir, char **out, char **errout,
	    const char *const *argv);

/*
 * For tests that keep the last run's output in `char *out, *err`: run the
 * binary in `dir` with the arguments given, and assert a run ended with
 * exit `code` and one line on stderr that holds `text`.
 */
#define T_RUN(dir, ...)                                                     \
	t_rerun((dir), &out, &err, (const char *const[]){ __VA_ARGS__, NULL })

#define T_ASSERT_ERR(rc, code, text)                                        \
	do {                                                                \
		ck_assert_msg((rc) == (code) && err && strstr(err, (text)) && \
			      strchr(err, '\n') == err + strlen(err) - 1,   \
			      "exit %d (want %d), stderr: %s", (rc), (code), \
			      err ? err : "");                               \
	} while (0)

/* Build a git repository at `dest` from plain trees, one commit per dir. */
void t_mkrepo(const char *dest, bool bare, const char *const *dirs);

/* Compare `actual` with the golden file `rel` (source-relative). */
void t_golden(const char *rel, const char *actual);

#endif
