/*
 * check_cli.c: end-to-end tests of the real binary on real git repositories
 * built from testdata/ (see t_mkrepo): reports, determinism, policy exit
 * codes, revisions, bare clones, lint, usage errors.
 */
#include "util/compat.h"
#include "helpers.h"

#include <git2/version.h>
#include <glob.h>
#include <jansson.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char *demo_repo(bool bare)
{
	char *dir = t_tmpdir(bare ? "demo-bare" : "demo");
	char dest[4200];
	const char *dirs[] = { t_src("testdata/demo"), NULL };

	snprintf(dest, sizeof(dest), "%s/repo", dir);
	t_mkrepo(dest, bare, dirs);
	free(dir);
	return strdup(dest);
}

static int scan(const char *repo, const char *const *extra, char **out,
		char **err)
{
	const char *argv[64] = { "scan", repo };
	size_t n = 2;

	while (extra && *extra && n < 62)
		argv[n++] = *extra++;
	argv[n] = NULL;
	return t_run(NULL, out, err, argv);
}

static json_t *load_json(const char *path)
{
	json_error_t e;
	json_t *j = json_load_file(path, 0, &e);

	ck_assert_msg(j != NULL, "%s: %s (line %d)", path, e.text, e.line);
	return j;
}

START_TEST(test_cli_demo_writes_every_report_identically)
{
	char *repo = demo_repo(false), *out = NULL, *err = NULL;
	char paths[2][4][4300];
	const char *names[4] = { "r.sarif", "r.junit.xml", "r.md", "r.json" };
	int run, i, rc;

	for (run = 0; run < 2; run++) {
		const char *args[16];

		for (i = 0; i < 4; i++)
			snprintf(paths[run][i], sizeof(paths[run][i]), "%s.%d.%s",
				 repo, run, names[i]);
		args[0] = "--sarif"; args[1] = paths[run][0];
		args[2] = "--junit"; args[3] = paths[run][1];
		args[4] = "--markdown"; args[5] = paths[run][2];
		args[6] = "--json"; args[7] = paths[run][3];
		args[8] = "--today"; args[9] = "2026-11-29";
		args[10] = NULL;
		rc = scan(repo, args, &out, &err);
		/* the demo has gating findings on purpose */
		ck_assert_msg(rc == 1, "exit %d, stderr: %s", rc, err);
		ck_assert_msg(strstr(out, "shipgate: failed") != NULL, "%s", out);
		free(out);
		free(err);
	}
	for (i = 0; i < 4; i++) {
		size_t la, lb;
		char *a = t_read(paths[0][i], &la), *b = t_read(paths[1][i], &lb);

		ck_assert_msg(a && la > 0, "%s missing or empty", paths[0][i]);
		ck_assert_msg(la == lb && memcmp(a, b, la) == 0,
			      "%s differs between two runs", names[i]);
		free(a);
		free(b);
	}
	if (!t_skip_without_shared("conformance of the demo reports")) {
		char cmd[9000];

		snprintf(cmd, sizeof(cmd),
			 "%s/tools/validate-reports --sarif '%s' --junit '%s' "
			 ">'%s.validate' 2>&1",
			 t_shared(), paths[0][0], paths[0][1], repo);
		rc = system(cmd);
		snprintf(cmd, sizeof(cmd), "%s.validate", repo);
		out = t_read(cmd, NULL);
		ck_assert_msg(rc == 0, "validate-reports failed:\n%s", out);
		free(out);
	}
	free(repo);
}
END_TEST

static int scan_policy(const char *repo, const char *policy, char **out,
		       char **err)
{
	const char *args[] = { "--policy", t_src(policy), "--today",
			       "2026-11-29", "--quiet", NULL };

	return scan(repo, args, out, err);
}

START_TEST(test_cli_policy_decides_the_exit_code)
{
	char *dir = t_tmpdir("policy"), repo[4200], *out = NULL, *err = NULL;
	const char *dirs[] = { t_src("testdata/e2e/policy/repo"), NULL };
	int rc;

	snprintf(repo, sizeof(repo), "%s/repo", dir);
	t_mkrepo(repo, false, dirs);

	rc = scan_policy(repo, "testdata/e2e/policy/ignore-all.yaml", &out, &err);
	ck_assert_msg(rc == 0, "ignore-all: exit %d: %s", rc, err);
	free(out); free(err);
	rc = scan_policy(repo, "testdata/e2e/policy/fail-high.yaml", &out, &err);
	ck_assert_msg(rc == 1, "fail-on high: exit %d: %s", rc, err);
	free(out); free(err);
	/* its worst finding is high (no USER), none critical */
	rc = scan_policy(repo, "testdata/e2e/policy/fail-critical.yaml", &out, &err);
	ck_assert_msg(rc == 0, "fail-on critical: exit %d: %s", rc, err);
	free(out); free(err);
	rc = scan_policy(repo, "testdata/e2e/policy/unknown-key.yaml", &out, &err);
	ck_assert_int_eq(rc, 2);
	ck_assert_msg(strstr(err, "unknown-key.yaml:4:1: unknown policy key "
				  "'ignore-unfixed'") != NULL, "stderr: %s", err);
	free(out); free(err);
	free(dir);
}
END_TEST

/* The findings of a JSON report, as a canonical string. */
static char *findings_of(const char *json_path)
{
	json_t *j = load_json(json_path);
	char *s = json_dumps(json_object_get(j, "findings"), JSON_SORT_KEYS);

	json_decref(j);
	return s;
}

START_TEST(test_cli_rev_and_bare_clone)
{
	char *dir = t_tmpdir("rev"), work[4200], bare[4200], jw[4300], jb[4300],
	     jold[4300];
	const char *dirs[] = { t_src("testdata/e2e/rev/v1"),
			       t_src("testdata/e2e/rev/v2"), NULL };
	const char *old[] = { "--rev", "HEAD~1", "--json", jold, "-q", NULL };
	const char *a1[] = { "--json", jw, "-q", NULL };
	const char *a2[] = { "--json", jb, "-q", NULL };
	char *fw, *fb, *fo;

	snprintf(work, sizeof(work), "%s/work", dir);
	snprintf(bare, sizeof(bare), "%s/bare.git", dir);
	snprintf(jw, sizeof(jw), "%s/work.json", dir);
	snprintf(jb, sizeof(jb), "%s/bare.json", dir);
	snprintf(jold, sizeof(jold), "%s/old.json", dir);
	t_mkrepo(work, false, dirs);
	t_mkrepo(bare, true, dirs);
	scan(work, a1, NULL, NULL);
	scan(bare, a2, NULL, NULL);
	scan(work, old, NULL, NULL);
	fw = findings_of(jw);
	fb = findings_of(jb);
	fo = findings_of(jold);
	ck_assert_str_eq(fw, fb);
	/* HEAD~1 still has FROM alpine:latest; HEAD does not */
	ck_assert_msg(strstr(fo, "latest") != NULL, "old: %s", fo);
	ck_assert_msg(strstr(fw, "alpine:latest") == NULL, "head: %s", fw);
	free(fw); free(fb); free(fo); free(dir);
}
END_TEST

/*
 * PR mode on testdata/e2e/identity/NAME/{base,head} (each `gate: new`):
 * returns the exit code; *states gets "RULE:state" for every finding of
 * the JSON report, in its order, space-separated (caller frees).
 */
static int pr_identity(const char *name, char **states)
{
	char *dir = t_tmpdir(name), repo[4200], json[4300], rel[2][256];
	const char *dirs[3];
	const char *pr[] = { "--base", "HEAD~1", "--json", json, "-q", NULL };
	json_t *j, *arr;
	size_t i;
	int rc;

	snprintf(rel[0], sizeof(rel[0]), "testdata/e2e/identity/%s/base", name);
	snprintf(rel[1], sizeof(rel[1]), "testdata/e2e/identity/%s/head", name);
	dirs[0] = t_src(rel[0]);
	dirs[1] = t_src(rel[1]);
	dirs[2] = NULL;
	snprintf(repo, sizeof(repo), "%s/repo", dir);
	snprintf(json, sizeof(json), "%s/r.json", dir);
	t_mkrepo(repo, false, dirs);
	rc = scan(repo, pr, NULL, NULL);
	j = load_json(json);
	arr = json_object_get(j, "findings");
	*states = calloc(1, 1);
	for (i = 0; i < json_array_size(arr); i++) {
		json_t *f = json_array_get(arr, i);
		const char *r = json_string_value(json_object_get(f, "rule"));
		const char *st = json_string_value(json_object_get(f,
							"baseline_state"));
		size_t n = strlen(*states);
		char *grown = realloc(*states, n + strlen(r) + strlen(st) + 3);

		ck_assert_ptr_nonnull(grown);
		snprintf(grown + n, strlen(r) + strlen(st) + 3, "%s%s:%s",
			 n ? " " : "", r, st);
		*states = grown;
	}
	json_decref(j);
	free(dir);
	return rc;
}

/* A finding is identified by what it is about.  Each case fails on a
 * change that keeps the old identity text and must be `new`. */
START_TEST(test_cli_pr_heredoc_body_is_identity)
{
	char *st;

	/* RUN <<EOF: the script changed, its -k and | sh are new */
	ck_assert_int_eq(pr_identity("heredoc", &st), 1);
	ck_assert_msg(strstr(st, "SGD170:new") && strstr(st, "SGD170:absent") &&
		      strstr(st, "SGD190:new") && strstr(st, "SGD190:absent") &&
		      !strstr(st, "SGD170:unchanged"), "%s", st);
	free(st);
}
END_TEST

START_TEST(test_cli_pr_resolved_values_are_identity)
{
	char *st;

	/* FROM ${BASE}: the ARG default now names an untrusted registry */
	ck_assert_int_eq(pr_identity("arg", &st), 1);
	ck_assert_msg(strstr(st, "SGD023:new") && strstr(st, "SGD023:absent") &&
		      !strstr(st, "SGD023:unchanged"), "%s", st);
	free(st);
	/* image: ${IMAGE}: .env now names another untrusted registry */
	ck_assert_int_eq(pr_identity("compose-env", &st), 1);
	ck_assert_msg(strstr(st, "SGC059:new") && strstr(st, "SGC059:absent") &&
		      !strstr(st, "SGC059:unchanged"), "%s", st);
	free(st);
}
END_TEST

START_TEST(test_cli_pr_long_instruction_is_identity)
{
	char *st;

	/* a 3.5 kB RUN whose end changed: the -k on its first line is new */
	ck_assert_int_eq(pr_identity("long", &st), 1);
	ck_assert_msg(strstr(st, "SGD170:new") && strstr(st, "SGD170:absent") &&
		      !strstr(st, "SGD170:unchanged"), "%s", st);
	free(st);
}
END_TEST

START_TEST(test_cli_pr_identity_ignores_stage_position_and_layout)
{
	char *st;

	/* a named stage added above the unnamed one changes nothing */
	ck_assert_int_eq(pr_identity("stage", &st), 0);
	ck_assert_msg(!strstr(st, ":new") && !strstr(st, ":absent") &&
		      strstr(st, "SGD170:unchanged") &&
		      strstr(st, "SGD040:unchanged"), "%s", st);
	free(st);
	/* re-indented heredoc, long RUN and FROM ${BASE}: all unchanged */
	ck_assert_int_eq(pr_identity("layout", &st), 0);
	ck_assert_msg(!strstr(st, ":new") && !strstr(st, ":absent") &&
		      strstr(st, "SGD170:unchanged") &&
		      strstr(st, "SGD021:unchanged"), "%s", st);
	free(st);
}
END_TEST

/* PR mode: the base revision's policy judges the change, not the one the
 * change brings (fail-on: never). */
START_TEST(test_cli_pr_policy_comes_from_base)
{
	char *dir = t_tmpdir("pr-policy"), repo[4200], *out = NULL;
	const char *dirs[] = { t_src("testdata/e2e/pr-policy/base"),
			       t_src("testdata/e2e/pr-policy/head"), NULL };
	const char *pr[] = { "--base", "HEAD~1", NULL };

	snprintf(repo, sizeof(repo), "%s/repo", dir);
	t_mkrepo(repo, false, dirs);
	ck_assert_int_eq(scan(repo, pr, &out, NULL), 1);
	ck_assert_msg(strstr(out, "high SGD190") &&
		      strstr(out, "note: the change edits .shipgate.yaml; the "
				  "base revision's policy applies"), "%s", out);
	free(out);
	/* outside PR mode the tree's own policy is the policy */
	ck_assert_int_eq(scan(repo, NULL, &out, NULL), 0);
	free(out);
	free(dir);
}
END_TEST

/* A Dockerfile a Compose service builds is linted whatever its name;
 * one that is not there is the Compose rule's finding, not a target. */
START_TEST(test_cli_compose_builds_any_dockerfile_name)
{
	char *dir = t_tmpdir("built"), repo[4200], json[4300], *out = NULL, *f;
	const char *dirs[] = { t_src("testdata/e2e/built/v1"), NULL };
	const char *args[] = { "--json", json, NULL };

	snprintf(repo, sizeof(repo), "%s/repo", dir);
	snprintf(json, sizeof(json), "%s/r.json", dir);
	t_mkrepo(repo, false, dirs);
	ck_assert_int_eq(scan(repo, args, &out, NULL), 1);
	ck_assert_msg(strstr(out, "app/app.build:3:") &&
		      strstr(out, "SGD190") &&
		      strstr(out, "targets: 2 scanned (1 dockerfile, 1 compose)"),
		      "%s", out);
	f = findings_of(json);
	ck_assert_msg(strstr(f, "missing.Dockerfile") &&
		      !strstr(f, "\"path\": \"missing.Dockerfile\""), "%s", f);
	free(f); free(out); free(dir);
}
END_TEST

/*
 * Commits built in `dir`: commit i is dir/c<i> holding `files` (NULL-ended
 * name, text pairs, one list per commit); the repository is dir/repo.
 */
static void mkrepo_from(const char *dir, const char *const *const *commits,
			char *repo, size_t repo_size)
{
	char paths[4][4200], file[4400];
	const char *dirs[5];
	size_t c, i;

	for (c = 0; commits[c] && c < 4; c++) {
		snprintf(paths[c], sizeof(paths[c]), "%s/c%zu", dir, c);
		ck_assert_int_eq(mkdir(paths[c], 0755), 0);
		for (i = 0; commits[c][i]; i += 2) {
			snprintf(file, sizeof(file), "%s/c%zu/%s", dir, c,
				 commits[c][i]);
			t_write(file, commits[c][i + 1]);
		}
		dirs[c] = paths[c];
	}
	dirs[c] = NULL;
	snprintf(repo, repo_size, "%s/repo", dir);
	t_mkrepo(repo, false, dirs);
}

/* `why` of the one finding of `rule` in a JSON report (the caller frees). */
static char *why_of(const char *json_path, const char *rule)
{
	json_t *j = load_json(json_path), *f;
	char *why = NULL;
	size_t i;

	json_array_foreach(json_object_get(j, "findings"), i, f)
		if (!strcmp(json_string_value(json_object_get(f, "rule")), rule)) {
			ck_assert_ptr_null(why);
			why = strdup(json_string_value(json_object_get(f, "why")));
		}
	json_decref(j);
	ck_assert_msg(why != NULL, "%s: no %s finding", json_path, rule);
	return why;
}

/*
 * A file the gate did not read (over the size cap, a Git LFS pointer) has a
 * finding with a fixed key, the same whatever the file holds.  Neither PR
 * mode's "unchanged" nor a baseline may accept it: the change below adds
 * USER root and curl | sh behind the cap and must not pass (exit 3); only
 * the policy's explicit word does.
 */
START_TEST(test_cli_unanalysed_never_unchanged_nor_baselined)
{
	static const char pad[] =
		"# padding padding padding padding padding padding padding\n"
		"# padding padding padding padding padding padding padding\n"
		"# padding padding padding padding padding padding padding\n"
		"# padding padding padding padding padding padding padding\n";
	static const char policy[] =
		"version: 1\ngate: new\nmax-file-size: 200B\n";
	static const char ignoring[] =
		"version: 1\ngate: new\nmax-file-size: 200B\nignore:\n"
		"  - rule: SGG001\n    reason: generated, reviewed elsewhere\n"
		"  - rule: SGG002\n    reason: generated, reviewed elsewhere\n";
	char *dir = t_tmpdir("pr-unanalysed"), repo[4300], *out = NULL, *why;
	char v1[512], v2[512], lfs1[256], lfs2[256], baseline[4400];
	char json[4400], ign[4400];
	const char *const c1[] = { ".shipgate.yaml", policy, "Dockerfile", v1,
				   "lfs.Dockerfile", lfs1, NULL };
	const char *const c2[] = { ".shipgate.yaml", policy, "Dockerfile", v2,
				   "lfs.Dockerfile", lfs2, NULL };
	const char *const *commits[] = { c1, c2, NULL };
	const char *pr[] = { "--base", "HEAD~1", "--json", json, NULL };
	const char *bl[] = { "--baseline", baseline, "--json", json, NULL };
	const char *pr_ign[] = { "--base", "HEAD~1", "--policy", ign, "-q", NULL };
	const char *write[] = { "baseline", "write", baseline, repo, "--rev",
				"HEAD~1", NULL };
	const char *old[] = { "--rev", "HEAD~1", "-q", NULL };

	snprintf(v1, sizeof(v1), "FROM debian:12\nUSER app\n%s", pad);
	snprintf(v2, sizeof(v2), "FROM debian:12\nUSER root\n"
		 "RUN curl http://x.example/i.sh | sh\n%s", pad);
	snprintf(lfs1, sizeof(lfs1), "version https://git-lfs.github.com/spec/v1\n"
		 "oid sha256:%064d\nsize 120\n", 1);
	snprintf(lfs2, sizeof(lfs2), "version https://git-lfs.github.com/spec/v1\n"
		 "oid sha256:%064d\nsize 4321\n", 2);
	ck_assert_uint_gt(strlen(v1), 200);
	mkrepo_from(dir, commits, repo, sizeof(repo));
	snprintf(json, sizeof(json), "%s/r.json", dir);
	snprintf(baseline, sizeof(baseline), "%s/baseline.json", dir);
	snprintf(ign, sizeof(ign), "%s/ignore.yaml", dir);
	t_write(ign, ignoring);

	/* both revisions: not analysed, same findings, same fingerprints */
	ck_assert_int_eq(scan(repo, old, NULL, NULL), 3);
	ck_assert_int_eq(scan(repo, pr, &out, NULL), 3);
	ck_assert_msg(strstr(out, "Dockerfile: medium SGG001") &&
		      strstr(out, "lfs.Dockerfile: medium SGG002") &&
		      !strstr(out, "not-new"), "%s", out);
	free(out);
	why = why_of(json, "SGG001");
	ck_assert_msg(strstr(why, "present on the base revision, but the "
				  "input could not be analysed"), "%s", why);
	free(why);

	/* `baseline write` on the first commit leaves both out ... */
	ck_assert_int_eq(t_run(NULL, &out, NULL, write), 0);
	ck_assert_msg(strstr(out, "2 findings of inputs that could not be "
				  "analysed left out"), "%s", out);
	free(out);
	out = t_read(baseline, NULL);
	ck_assert_msg(!strstr(out, "SGG00"), "%s", out);
	free(out);
	ck_assert_int_eq(scan(repo, bl, &out, NULL), 3);
	free(out);
	/* ... and a baseline that lists them (as older versions wrote it)
	 * accepts neither */
	{
		const char *a[] = { "--rev", "HEAD~1", "--json", json, "-q", NULL };
		json_t *j, *fs = json_array(), *f;
		size_t i;

		ck_assert_int_eq(scan(repo, a, NULL, NULL), 3);
		j = load_json(json);
		json_array_foreach(json_object_get(j, "findings"), i, f)
			json_array_append_new(fs, json_pack("{s:O}", "fingerprint",
					json_object_get(f, "fingerprint")));
		json_decref(j);
		j = json_pack("{s:i, s:s, s:o}", "shipgate_baseline", 1,
			      "created", "2026-01-01", "findings", fs);
		ck_assert_int_eq(json_dump_file(j, baseline, 0), 0);
		json_decref(j);
	}
	ck_assert_int_eq(scan(repo, bl, &out, NULL), 3);
	ck_assert_msg(!strstr(out, "baselined"), "%s", out);
	free(out);
	why = why_of(json, "SGG002");
	ck_assert_msg(strstr(why, "in the baseline, but the input could not be "
				  "analysed"), "%s", why);
	free(why);

	/* the policy's explicit ignore does */
	ck_assert_int_eq(scan(repo, pr_ign, NULL, NULL), 0);
	free(dir);
}
END_TEST

/*
 * Fingerprints number the copies of one finding in line order.  A new copy
 * placed above a suppressed one must not take its identity: the suppressed
 * finding vouches for nothing but itself, so the new line gates in PR mode.
 */
START_TEST(test_cli_pr_new_copy_above_suppressed_gates)
{
	static const char policy[] = "version: 1\ngate: new\n";
	static const char base[] =
		"FROM debian:12\n"
		"RUN echo hi\n"
		"# shipgate ignore=SGD170,SGD190,SGD151 ok\n"
		"RUN curl -k https://x.example/i.sh | sh\n"
		"USER app\n";
	static const char head[] =
		"FROM debian:12\n"
		"RUN curl -k https://x.example/i.sh | sh\n"
		"RUN echo hi\n"
		"# shipgate ignore=SGD170,SGD190,SGD151 ok\n"
		"RUN curl -k https://x.example/i.sh | sh\n"
		"USER app\n";
	/* the comment removed: the finding was never accepted, it is new */
	static const char uncommented[] =
		"FROM debian:12\n"
		"RUN echo hi\n"
		"RUN curl -k https://x.example/i.sh | sh\n"
		"USER app\n";
	char *dir = t_tmpdir("pr-suppressed"), repo[4300], *out = NULL;
	const char *const c1[] = { ".shipgate.yaml", policy, "Dockerfile", base,
				   NULL };
	const char *const c2[] = { ".shipgate.yaml", policy, "Dockerfile", head,
				   NULL };
	const char *const c3[] = { ".shipgate.yaml", policy, "Dockerfile",
				   uncommented, NULL };
	const char *const *commits[] = { c1, c2, c3, NULL };
	const char *pr[] = { "--base", "HEAD~2", "--rev", "HEAD~1", NULL };
	const char *pr_rm[] = { "--base", "HEAD~2", NULL };
	const char *same[] = { "--base", "HEAD~2", "--rev", "HEAD~2", NULL };

	mkrepo_from(dir, commits, repo, sizeof(repo));
	ck_assert_int_eq(scan(repo, same, &out, NULL), 0);
	free(out);
	ck_assert_int_eq(scan(repo, pr, &out, NULL), 1);
	ck_assert_msg(strstr(out, "Dockerfile:2:10: high SGD170") &&
		      strstr(out, "Dockerfile:2:38: high SGD190") &&
		      !strstr(out, "Dockerfile:5:"), "%s", out);
	free(out);
	ck_assert_int_eq(scan(repo, pr_rm, &out, NULL), 1);
	ck_assert_msg(strstr(out, "Dockerfile:3:10: high SGD170"), "%s", out);
	free(out);
	free(dir);
}
END_TEST

/* PR mode: a .hadolint.yaml the change adds does not silence what the
 * change brings; hadolint's config is read from the base, like the policy. */
START_TEST(test_cli_pr_hadolint_comes_from_base)
{
	char *dir = t_tmpdir("pr-hadolint"), repo[4200], *out = NULL;
	const char *dirs[] = { t_src("testdata/e2e/pr-hadolint/base"),
			       t_src("testdata/e2e/pr-hadolint/head"), NULL };
	const char *pr[] = { "--base", "HEAD~1", NULL };

	snprintf(repo, sizeof(repo), "%s/repo", dir);
	t_mkrepo(repo, false, dirs);
	ck_assert_int_eq(scan(repo, pr, &out, NULL), 1);
	ck_assert_msg(strstr(out, "high SGD040") != NULL, "%s", out);
	free(out);
	/* outside PR mode the tree's own config applies */
	ck_assert_int_eq(scan(repo, NULL, &out, NULL), 0);
	ck_assert_msg(strstr(out, "1 suppressed") != NULL, "%s", out);
	free(out);
	free(dir);
}
END_TEST

START_TEST(test_cli_worktree_sees_uncommitted_changes)
{
	char *repo = demo_repo(false), *out = NULL, *err = NULL;
	char path[4400], d[4300], json[4300];
	const char *args[] = { "--worktree", "--quiet", "--json", json, NULL };
	char *f;

	snprintf(d, sizeof(d), "%s/services/new", repo);
	snprintf(path, sizeof(path), "%s/Dockerfile", d);
	snprintf(json, sizeof(json), "%s.wt.json", repo);
	ck_assert_int_eq(mkdir(d, 0755), 0);
	t_write(path, "FROM busybox:latest\n");
	scan(repo, args, &out, &err);
	f = findings_of(json);
	ck_assert_msg(strstr(f, "services/new/Dockerfile") != NULL, "%s", f);
	free(f); free(out); free(err); free(repo);
}
END_TEST

START_TEST(test_cli_usage_errors_exit_2)
{
	char *out = NULL, *err = NULL;
	const char *a1[] = { "scan", "/nonexistent/repo", NULL };
	const char *a2[] = { "scan", "--no-such-flag", NULL };
	const char *a3[] = { "frobnicate", NULL };
	const char *a4[] = { "lint", NULL };
	const char *a5[] = { "scan", ".", "--fail-on", "severe", NULL };

	ck_assert_int_eq(t_run(NULL, &out, &err, a1), 2);
	ck_assert_msg(strstr(err, "/nonexistent/repo") != NULL, "%s", err);
	free(out); free(err);
	ck_assert_int_eq(t_run(NULL, &out, &err, a2), 2);
	ck_assert_msg(strstr(err, "--no-such-flag") != NULL, "%s", err);
	free(out); free(err);
	ck_assert_int_eq(t_run(NULL, &out, &err, a3), 2);
	free(out); free(err);
	ck_assert_int_eq(t_run(NULL, &out, &err, a4), 2);
	free(out); free(err);
	ck_assert_int_eq(t_run(t_src(""), &out, &err, a5), 2);
	ck_assert_msg(strstr(err, "severe") != NULL, "%s", err);
	free(out); free(err);
}
END_TEST

START_TEST(test_cli_lint_files_from_disk)
{
	char *out = NULL, *err = NULL;
	const char *argv[] = { "lint", "testdata/e2e/rev/v1/Dockerfile",
			       "testdata/e2e/rev/v2/Dockerfile", NULL };
	const char *missing[] = { "lint", "testdata/e2e/nope/Dockerfile", NULL };
	int rc = t_run(t_src(""), &out, &err, argv);

	ck_assert_msg(rc == 0 || rc == 1, "exit %d: %s", rc, err);
	ck_assert_msg(strstr(out, "testdata/e2e/rev/v1/Dockerfile:1") != NULL,
		      "%s", out);
	free(out); free(err);
	ck_assert_int_eq(t_run(t_src(""), &out, &err, missing), 2);
	/* a directory is a usage error that names the command that walks it */
	rc = T_RUN(t_src(""), "lint", "testdata/e2e/rev/v1/Dockerfile",
		   "testdata/e2e");
	T_ASSERT_ERR(rc, 2, "testdata/e2e: is a directory: lint takes files "
		     "('shipgate scan --worktree testdata/e2e'");
	free(out); free(err);
}
END_TEST

/*
 * No report repeats a secret the files hold, in any format and on the
 * summary; `merge` of the JSON gives the same JSON again (masking masked
 * text changes nothing, so the fingerprints it recomputes are the run's).
 */
START_TEST(test_cli_reports_mask_secrets)
{
	static const char *const secrets[] = {
		"hunter2", "ghp_abcdefghijklmnopqrstuvwxyz0123456789",
		"s3cretpw", "AKIAABCDEFGHIJKLMNOP", "MIIEpAIBAAKCAQEA", "pw0rd99",
		"tok3n77",
	};
	static const char *const fmt[][2] = {
		{ "--json", "r.json" }, { "--sarif", "r.sarif" },
		{ "--junit", "r.xml" }, { "--markdown", "r.md" },
		{ "--gitlab-codequality", "cq.json" },
	};
	char *dir = t_tmpdir("secrets"), path[5][4300], merged[4300];
	const char *argv[20] = { "lint", "Dockerfile", "compose.yaml" };
	const char *const tree[] = {
		"Dockerfile",
		"FROM alpine:3.19\n"
		"ENV DB_PASSWORD=hunter2 GITHUB_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789\n"
		"RUN curl -fsS https://admin:s3cretpw@example.com/x -o /x\n"
		"RUN echo AKIAABCDEFGHIJKLMNOP > /k && docker login -u me -p pw0rd99 r.io\n"
		"RUN printf '%s' '-----BEGIN RSA PRIVATE KEY----- MIIEpAIBAAKCAQEA -----END RSA PRIVATE KEY-----' > /id\n"
		"ENV API_TOKEN tok3n77\n",
		"compose.yaml",
		"services:\n  db:\n    image: postgres:16\n"
		"    environment:\n      POSTGRES_PASSWORD: hunter2\n"
		"      DATABASE_URL: postgres://app:s3cretpw@db/app\n",
		NULL,
	};
	char *out = NULL, *err = NULL, *a, *b;
	size_t i, k, n = 3;
	int rc;

	t_mktree(dir, tree);
	for (i = 0; i < SG_ARRAY_SIZE(fmt); i++) {
		snprintf(path[i], sizeof(path[i]), "%s/%s", dir, fmt[i][1]);
		argv[n++] = fmt[i][0];
		argv[n++] = path[i];
	}
	argv[n] = NULL;
	rc = t_run(dir, &out, &err, argv);
	ck_assert_msg(rc == 1, "exit %d: %s", rc, err);
	for (i = 0; i <= SG_ARRAY_SIZE(fmt); i++) {
		char *text = i < SG_ARRAY_SIZE(fmt) ? t_read(path[i], NULL) : out;

		ck_assert_ptr_nonnull(text);
		for (k = 0; k < SG_ARRAY_SIZE(secrets); k++)
			ck_assert_msg(!strstr(text, secrets[k]), "%s shows %s",
				      i < SG_ARRAY_SIZE(fmt) ? fmt[i][1] : "stdout",
				      secrets[k]);
		if (i < SG_ARRAY_SIZE(fmt))
			free(text);
	}
	/* the findings are there, masked */
	a = t_read(path[0], NULL);
	ck_assert_ptr_nonnull(strstr(a, "DB_PASSWORD=<redacted>"));
	free(out); free(err);
	snprintf(merged, sizeof(merged), "%s/m.json", dir);
	{
		const char *m[] = { "merge", "-q", "--json", merged, "--",
				    path[0], NULL };

		ck_assert_int_eq(t_run(dir, &out, &err, m), 1);
	}
	b = t_read(merged, NULL);
	ck_assert_ptr_nonnull(b);
	ck_assert_str_eq(b, a);
	free(a); free(b); free(out); free(err);
	free(dir);
}
END_TEST

/*
 * Many names are resolved on several threads, a range each: the error is
 * still the first bad name in command-line order, whichever thread met it,
 * and the reports are those of one thread.
 */
START_TEST(test_cli_lint_many_names_first_error)
{
	char *dir = t_tmpdir("many"), *out = NULL, *err = NULL;
	const char *argv[1210];
	static char names[1200][4200];
	size_t i, n = 1200;
	int rc;

	argv[0] = "lint";
	for (i = 0; i < n; i++) {
		snprintf(names[i], sizeof(names[i]), "%s/%zu.Dockerfile", dir, i);
		t_write(names[i], "FROM alpine:3.20\nUSER app\n");
		argv[i + 1] = names[i];
	}
	argv[n + 1] = "-q";
	argv[n + 2] = NULL;
	rc = t_run(NULL, &out, &err, argv);
	ck_assert_msg(rc == 0 || rc == 1, "exit %d: %s", rc, err);
	/* a directory at 700 and a missing file at 1100: the directory */
	snprintf(names[700], sizeof(names[700]), "%s/d700", dir);
	ck_assert_int_eq(mkdir(names[700], 0755), 0);
	snprintf(names[1100], sizeof(names[1100]), "%s/nope/Dockerfile", dir);
	free(out); free(err);
	rc = t_run(NULL, &out, &err, argv);
	T_ASSERT_ERR(rc, 2, "/d700: is a directory: lint takes files");
	/* and a missing file before it wins */
	snprintf(names[300], sizeof(names[300]), "%s/gone/Dockerfile", dir);
	free(out); free(err);
	rc = t_run(NULL, &out, &err, argv);
	T_ASSERT_ERR(rc, 2, "/gone/Dockerfile: cannot open: No such file");
	free(out); free(err); free(dir);
}
END_TEST

/*
 * libgit2, libarchive, SQLite and libcrypto are loaded when first needed
 * (src/util/dynlib.h): a Compose lint maps none, one that writes a report
 * maps libcrypto (fingerprints), a repository scan maps libgit2, the
 * database SQLite; a library that cannot be loaded is a one-line error
 * naming it, exit 4.  The loader's own trace (LD_DEBUG=files, glibc) says
 * what was mapped.
 */
START_TEST(test_cli_libraries_load_on_first_use)
{
	char *repo = demo_repo(false), *dir = t_tmpdir("dynlib");
	char *out = NULL, *err = NULL, lib[4200], json[4200];
	const char *compose = "testdata/e2e/built/v1/compose.yaml";
	int rc;

	snprintf(json, sizeof(json), "%s/r.json", dir);
	setenv("LD_DEBUG", "files", 1);
	rc = T_RUN(t_src(""), "lint", compose, "-q");
	ck_assert_msg(rc == 0 || rc == 1, "exit %d", rc);
	ck_assert_msg(strstr(err, "file=libjansson.so") != NULL, "%.300s", err);
	ck_assert_msg(!strstr(err, "libgit2.so") && !strstr(err, "libarchive.so") &&
		      !strstr(err, "libsqlite3.so") && !strstr(err, "libcrypto.so"),
		      "%.300s", err);
	rc = T_RUN(t_src(""), "lint", compose, "-q", "--json", json);
	ck_assert_msg(rc == 0 || rc == 1, "exit %d", rc);
	ck_assert_msg(strstr(err, "file=libcrypto.so") != NULL, "%.300s", err);
	ck_assert_msg(!strstr(err, "libgit2.so") && !strstr(err, "libsqlite3.so"),
		      "%.300s", err);
	rc = T_RUN(NULL, "scan", repo, "-q");
	ck_assert_msg(rc == 0 || rc == 1, "exit %d", rc);
	ck_assert_msg(strstr(err, "file=libgit2.so") != NULL, "%.300s", err);
	ck_assert_msg(!strstr(err, "libarchive.so"), "%.300s", err);
	unsetenv("LD_DEBUG");

	/* empty files where the loader looks first: not libraries */
	snprintf(lib, sizeof(lib), "%s/libcrypto.so.3", dir);
	t_write(lib, "");
	snprintf(lib, sizeof(lib), "%s/libsqlite3.so.0", dir);
	t_write(lib, "");
	setenv("LD_LIBRARY_PATH", dir, 1);
	rc = T_RUN(t_src(""), "lint", compose, "-q", "--json", json);
	T_ASSERT_ERR(rc, 4, "shipgate: cannot load libcrypto.so.3:");
	t_write(json, "not read: SQLite is needed first");
	rc = T_RUN(NULL, "db", "info", "--db", json);
	T_ASSERT_ERR(rc, 4, "shipgate: cannot load libsqlite3.so.0:");
	unsetenv("LD_LIBRARY_PATH");

	snprintf(lib, sizeof(lib), "%s/libgit2.so.%s", dir, LIBGIT2_SOVERSION);
	t_write(lib, "");
	setenv("LD_LIBRARY_PATH", dir, 1);
	rc = T_RUN(NULL, "scan", repo, "-q");
	unsetenv("LD_LIBRARY_PATH");
	T_ASSERT_ERR(rc, 4, "shipgate: cannot load libgit2.so.");
	ck_assert_msg(strstr(err, "file too short") != NULL, "%.300s", err);
	free(out); free(err); free(repo); free(dir);
}
END_TEST

/*
 * `lint -` lints standard input (an editor's buffer) as --stdin-name says:
 * a Compose file read from stdin finds the Dockerfile one service builds
 * beside that path on disk (and not the other's), and the reports are the
 * very bytes of linting the file itself.
 */
START_TEST(test_cli_lint_stdin)
{
	char *dir = t_tmpdir("stdin"), a[4200], b[4200], in[4200], pol[4200];
	char *out = NULL, *err = NULL, *disk_out, *ja, *jb;
	const char *here = t_src("testdata/e2e/built/v1");
	const char *disk[] = { "lint", "compose.yaml", "--json", a, NULL };
	const char *piped[] = { "lint", "-", "--stdin-name", "compose.yaml",
				"--json", b, NULL };
	int rc;

	snprintf(a, sizeof(a), "%s/a.json", dir);
	snprintf(b, sizeof(b), "%s/b.json", dir);
	snprintf(in, sizeof(in), "%s/compose.yaml", here);
	rc = t_run(here, &disk_out, &err, disk);
	ck_assert_msg(rc == 1 && strstr(disk_out, "compose.yaml:9:37: high "
					"SGC063 service 'gone'") &&
		      !strstr(disk_out, "service 'app' Dockerfile"),
		      "exit %d: %s", rc, disk_out);
	free(err);
	ck_assert_int_eq(t_run_in(here, in, &out, &err, piped), 1);
	ck_assert_str_eq(out, disk_out);
	ja = t_read(a, NULL);
	jb = t_read(b, NULL);
	ck_assert_ptr_nonnull(ja);
	ck_assert_ptr_nonnull(jb);
	ck_assert_str_eq(ja, jb);
	free(ja); free(jb); free(disk_out);

	/* unnamed, it is a Dockerfile called "-" */
	snprintf(in, sizeof(in), "%s/in", dir);
	t_write(in, "FROM ubuntu:22.04\nRUN apt-get update\n");
	free(out); free(err);
	rc = t_run_in(dir, in, &out, &err, (const char *const[]){ "lint", "-",
							       NULL });
	ck_assert_msg(rc == 1 && strstr(out, "-:1:1: high SGD041") &&
		      strstr(out, "1 scanned (1 dockerfile)"), "exit %d: %s",
		      rc, out);

	/* over the policy's size limit: the file-too-large finding, exit 3;
	 * `yes` would not end, the read stops one byte past the limit */
	snprintf(pol, sizeof(pol), "%s/p.yaml", dir);
	t_write(pol, "version: 1\nmax-file-size: 16\n");
	free(out); free(err);
	rc = t_run_in(dir, in, &out, &err, (const char *const[]){ "lint", "-",
				"--policy", pol, NULL });
	ck_assert_msg(rc == 3 && strstr(out, "-: medium SGG001 file is over "
					"the 16-byte limit"), "exit %d: %s",
		      rc, out);

	/* what cannot be meant is a usage error */
	rc = T_RUN(dir, "lint", "-", "-");
	T_ASSERT_ERR(rc, 2, "standard input ('-') is named twice");
	rc = T_RUN(dir, "lint", "in", "--stdin-name", "x");
	T_ASSERT_ERR(rc, 2, "--stdin-name without '-'");
	rc = T_RUN(dir, "lint", "-", "--stdin-name", "nowhere/Dockerfile");
	T_ASSERT_ERR(rc, 2, "nowhere/Dockerfile: cannot open its directory");
	rc = T_RUN(dir, "lint", "-", "in", "--stdin-name", "./in");
	T_ASSERT_ERR(rc, 2, "linted as './in', which is also named as a file");
	rc = T_RUN(dir, "lint", "-", "--stdin-name", "sub/");
	T_ASSERT_ERR(rc, 2, "--stdin-name must name a file");
	free(out); free(err); free(dir);
}
END_TEST

/*
 * Dockerfiles are linted on several threads and merged in file order: the
 * reports of -j 1 and -j 4 must be the same bytes.  Every rule fixture is
 * linted (more than one batch of files), each finding checked by the report.
 */
/*
 * Run `argv` (its [5] is the --json path, its [6] the jobs flag) with -j1
 * and with -j4 into `dir`: both must exit alike and write the same bytes.
 * Returns the report (the caller frees); *rc gets the exit code.
 */
/* The arguments lint_j1_j4() runs with before the files; their count. */
static size_t lint_j_args(const char **argv)
{
	size_t n = 0;

	argv[n++] = "lint";
	argv[n++] = "-q";
	argv[n++] = "--today";
	argv[n++] = "2026-11-29";
	argv[n++] = "--json";
	argv[n++] = NULL;       /* lint_j1_j4() fills in [5] and [6] */
	argv[n++] = NULL;
	return n;
}

static char *lint_j1_j4(const char **argv, const char *dir, int *rc)
{
	char ja[4200], jb[4200], *out = NULL, *err = NULL, *a, *b;
	int rc4;

	snprintf(ja, sizeof(ja), "%s/j1.json", dir);
	snprintf(jb, sizeof(jb), "%s/j4.json", dir);
	argv[5] = ja;
	argv[6] = "-j1";
	*rc = t_run(NULL, &out, &err, argv);
	ck_assert_msg(*rc == 1 || *rc == 3, "exit %d: %s", *rc, err);
	free(out); free(err);
	argv[5] = jb;
	argv[6] = "--jobs=4";
	rc4 = t_run(NULL, &out, &err, argv);
	ck_assert_int_eq(rc4, *rc);
	free(out); free(err);
	a = t_read(ja, NULL);
	b = t_read(jb, NULL);
	ck_assert_msg(strcmp(a, b) == 0, "-j 1 and -j 4 reports differ");
	free(b);
	return a;
}

START_TEST(test_cli_lint_jobs_give_identical_reports)
{
	char *dir = t_tmpdir("jobs"), *out = NULL, *err = NULL, *a;
	const char *bad[] = { "lint", "-j", "0", "Dockerfile", NULL };
	const char **argv;
	glob_t g;
	size_t i, n;
	int rc;

	/* Dockerfiles, and Compose files (one project each) */
	ck_assert_int_eq(glob(t_src("testdata/rules/SGD*/*.Dockerfile"), 0, NULL,
			      &g), 0);
	ck_assert_int_eq(glob(t_src("testdata/rules/SGC*/*.yml"), GLOB_APPEND,
			      NULL, &g), 0);
	ck_assert_msg(g.gl_pathc > 256 + 128, "%zu fixtures", g.gl_pathc);
	argv = calloc(g.gl_pathc + 8, sizeof(*argv));
	n = lint_j_args(argv);
	for (i = 0; i < g.gl_pathc; i++)
		argv[n + i] = g.gl_pathv[i];
	a = lint_j1_j4(argv, dir, &rc);
	ck_assert_msg(strlen(a) > 100000, "%zu bytes", strlen(a));
	free(a);
	ck_assert_int_eq(t_run(NULL, &out, &err, bad), 2);
	ck_assert_msg(strstr(err, "--jobs wants a number") != NULL, "%s", err);
	free(out); free(err);
	globfree(&g);
	free(argv);
	free(dir);
}
END_TEST

/*
 * A Compose project that another one read (`extends: file:`) is linted as
 * part of it and not again, whatever the thread count: the projects are
 * linted side by side, then taken in order.
 */
START_TEST(test_cli_lint_jobs_compose_extends)
{
	char *dir = t_tmpdir("jobs-extends"), p[4200], fa[4200], fb[4200], *a;
	const char *argv[] = { "lint", "-q", "--today", "2026-11-29", "--json",
			       NULL, NULL, fa, fb, NULL };
	int rc;

	snprintf(p, sizeof(p), "%s/a", dir);
	ck_assert_int_eq(mkdir(p, 0755), 0);
	snprintf(p, sizeof(p), "%s/b", dir);
	ck_assert_int_eq(mkdir(p, 0755), 0);
	snprintf(fa, sizeof(fa), "%s/a/compose.yaml", dir);
	t_write(fa, "services:\n"
		    "  web:\n"
		    "    extends:\n"
		    "      file: ../b/compose.yaml\n"
		    "      service: base\n");
	snprintf(fb, sizeof(fb), "%s/b/compose.yaml", dir);
	t_write(fb, "services:\n"
		    "  base:\n"
		    "    image: nginx:latest\n"
		    "    privileged: true\n");
	a = lint_j1_j4(argv, dir, &rc);
	ck_assert_int_eq(rc, 1);
	/* b/compose.yaml was read by a's project: its own project is
	 * skipped, so its privileged service is reported once, via web */
	ck_assert_ptr_nonnull(strstr(a, "service 'web' runs privileged"));
	ck_assert_ptr_null(strstr(a, "service 'base'"));
	free(a);
	free(dir);
}
END_TEST

/*
 * A run of included fragments: -j1 and -j4 give the same report, which
 * names `must` and `also` (unless NULL) and reports no fragment alone (the
 * network a fragment uses is declared by its includer).  Frees argv (its
 * strings from [7] on) and dir.
 */
static void lint_include_case(const char **argv, size_t n, char *dir,
			      const char *must, const char *also)
{
	char *a;
	size_t i;
	int rc;

	a = lint_j1_j4(argv, dir, &rc);
	ck_assert_int_eq(rc, 1);
	ck_assert_ptr_nonnull(strstr(a, must));
	ck_assert_msg(!also || strstr(a, also), "no '%s' in %s", also, a);
	ck_assert_msg(strstr(a, "network 'back', which is not declared") == NULL,
		      "a fragment was linted alone: %s", a);
	free(a);
	for (i = 7; i < n; i++)
		free((char *)argv[i]);
	free(argv);
	free(dir);
}

/*
 * laradock's shape: a top file includes fragments one directory down.  The
 * workers take the top first (shallowest) and skip the fragments it read;
 * those they reach while it is being linted are put off until it is done,
 * then skipped.  A file its text names but does not include (f60, in a
 * comment) is put off too, then linted on its own (by the workers, or by
 * the commit were they to drop it: the report cannot tell, a debug count
 * can).  Either way the report is -j1's, no fragment is reported alone,
 * and the fragments' own findings are there, found through the include.
 */
START_TEST(test_cli_lint_jobs_compose_include_below)
{
	static const char *const alone[] = {
		"f60/compose.yaml", "services:\n"
				    "  alone:\n"
				    "    image: nginx:1.25\n"
				    "    privileged: true\n",
		NULL,
	};
	char *dir = t_tmpdir("jobs-below"), p[4200], top[4096];
	const char **argv = calloc(100, sizeof(*argv));
	size_t i, n, len = 0;

	n = lint_j_args(argv);
	len += (size_t)snprintf(top + len, sizeof(top) - len, "include:\n");
	for (i = 0; i < 60; i++) {
		snprintf(p, sizeof(p), "%s/f%02zu", dir, i);
		ck_assert_int_eq(mkdir(p, 0755), 0);
		snprintf(p, sizeof(p), "%s/f%02zu/compose.yaml", dir, i);
		t_write(p, "services:\n"
			   "  frag:\n"
			   "    image: nginx:1.25\n"
			   "    privileged: true\n"
			   "    networks: [back]\n");
		argv[n++] = strdup(p);
		len += (size_t)snprintf(top + len, sizeof(top) - len,
					"  - f%02zu/compose.yaml\n", i);
	}
	snprintf(top + len, sizeof(top) - len, "  # - f60/compose.yaml\n"
		 "networks:\n  back: {}\n");
	t_mktree(dir, alone);
	snprintf(p, sizeof(p), "%s/%s", dir, alone[0]);
	argv[n++] = strdup(p);
	snprintf(p, sizeof(p), "%s/compose.yaml", dir);
	t_write(p, top);
	argv[n++] = strdup(p);
	lint_include_case(argv, n, dir, "f59/compose.yaml",
			  "service 'alone' runs privileged");
}
END_TEST

/*
 * A fragment another project includes is linted as part of its includer,
 * and not alone, even when it comes first and the projects are many (read
 * and linted on several threads, the includer among the others, at the
 * fragment's depth): its network, declared by the includer, is found.
 */
START_TEST(test_cli_lint_jobs_compose_include_first)
{
	char *dir = t_tmpdir("jobs-include"), p[4200];
	const char **argv = calloc(100, sizeof(*argv));
	size_t i, n;

	n = lint_j_args(argv);
	for (i = 0; i < 80; i++) {
		snprintf(p, sizeof(p), "%s/p%02zu", dir, i);
		ck_assert_int_eq(mkdir(p, 0755), 0);
		snprintf(p, sizeof(p), "%s/p%02zu/compose.yaml", dir, i);
		t_write(p, i == 0 ? "services:\n"
				    "  frag:\n"
				    "    image: nginx:1.25\n"
				    "    networks: [back]\n"
			: i == 70 ? "include:\n"
				    "  - ../p00/compose.yaml\n"
				    "networks:\n"
				    "  back: {}\n"
				    "services:\n"
				    "  web:\n"
				    "    image: nginx:latest\n"
				  : "services:\n"
				    "  web:\n"
				    "    image: nginx:latest\n"
				    "    privileged: true\n");
		argv[n++] = strdup(p);
	}
	lint_include_case(argv, n, dir, "p70/compose.yaml", NULL);
}
END_TEST

START_TEST(test_cli_rules_json_lists_every_rule)
{
	char *out = NULL, *err = NULL;
	const char *argv[] = { "rules", "--format", "json", NULL };
	json_t *j, *rules, *r;
	json_error_t e;
	size_t i;

	ck_assert_int_eq(t_run(NULL, &out, &err, argv), 0);
	j = json_loads(out, 0, &e);
	ck_assert_ptr_nonnull(j);
	rules = json_object_get(j, "rules");
	ck_assert_uint_gt(json_array_size(rules), 5);
	json_array_foreach(rules, i, r) {
		const char *k[] = { "id", "name", "title", "practice", "severity",
				    "stage", "help" };
		size_t x;

		for (x = 0; x < SG_ARRAY_SIZE(k); x++)
			ck_assert_msg(json_is_string(json_object_get(r, k[x])),
				      "rule %zu lacks %s", i, k[x]);
		ck_assert(json_is_array(json_object_get(r, "aliases")));
	}
	json_decref(j);
	free(out); free(err);
}
END_TEST

/* N shards merged must be byte-identical to one run, for every report. */
START_TEST(test_cli_shards_merge_to_a_single_run)
{
	static const char *const formats[][2] = {
		{ "--json", "json" }, { "--sarif", "sarif" },
		{ "--junit", "xml" }, { "--markdown", "md" },
		{ "--gitlab-codequality", "cq.json" },
	};
	char *repo = demo_repo(false), full[8][4300], merged[8][4300];
	char shard[8][4300], spec[32];
	const char *args[40];
	const int nshards[] = { 2, 3, 7 };
	size_t f, n, i, a;

	for (f = 0; f < SG_ARRAY_SIZE(formats); f++)
		snprintf(full[f], sizeof(full[f]), "%s.full.%s", repo, formats[f][1]);
	a = 0;
	for (f = 0; f < SG_ARRAY_SIZE(formats); f++) {
		args[a++] = formats[f][0];
		args[a++] = full[f];
	}
	args[a++] = "--today"; args[a++] = "2026-11-29"; args[a++] = "-q";
	args[a] = NULL;
	ck_assert_int_eq(scan(repo, args, NULL, NULL), 1);
	for (n = 0; n < SG_ARRAY_SIZE(nshards); n++) {
		const char *margv[48] = { "merge", "-q" };
		size_t m = 2;

		for (i = 0; i < (size_t)nshards[n]; i++) {
			const char *sargs[] = { "--shard", spec, "--json", shard[i],
						"--today", "2026-11-29", "-q", NULL };

			snprintf(spec, sizeof(spec), "%zu/%d", i + 1, nshards[n]);
			snprintf(shard[i], sizeof(shard[i]), "%s.s%zu-%d.json", repo,
				 i + 1, nshards[n]);
			scan(repo, sargs, NULL, NULL);
		}
		for (f = 0; f < SG_ARRAY_SIZE(formats); f++) {
			snprintf(merged[f], sizeof(merged[f]), "%s.m%d.%s", repo,
				 nshards[n], formats[f][1]);
			margv[m++] = formats[f][0];
			margv[m++] = merged[f];
		}
		margv[m++] = "--";
		for (i = 0; i < (size_t)nshards[n]; i++)
			margv[m++] = shard[i];
		margv[m] = NULL;
		ck_assert_int_eq(t_run(NULL, NULL, NULL, margv), 1);
		for (f = 0; f < SG_ARRAY_SIZE(formats); f++) {
			size_t la, lb;
			char *x = t_read(full[f], &la), *y = t_read(merged[f], &lb);

			ck_assert_msg(x && y && la == lb && memcmp(x, y, la) == 0,
				      "%d shards: merged %s differs from one run",
				      nshards[n], formats[f][1]);
			free(x);
			free(y);
		}
	}
	free(repo);
}
END_TEST

/*
 * The image and scan stages through `scan --image`: the demo api image
 * (built by mkimage) against the bundled demo advisories, linked to the
 * compose service that names it; advisory ignores and ignore-unfixed.
 */
static const char *mkimage_bin(void)
{
	return getenv("SG_MKIMAGE") ? getenv("SG_MKIMAGE") : "build/mkimage";
}

START_TEST(test_cli_image_vulnerabilities)
{
	char *repo = demo_repo(false), img[4300], db[4300], json[4300];
	char pol[4300], spec[4400], *out = NULL, *err = NULL, *f;
	const char *mk[] = { t_src("testdata/demo-image/image.spec"), img, NULL };
	const char *imp[] = { "db", "import", "-q", "--db", db, spec, NULL };
	int rc;

	snprintf(img, sizeof(img), "%s.api.tar", repo);
	snprintf(db, sizeof(db), "%s.vuln.db", repo);
	snprintf(json, sizeof(json), "%s.img.json", repo);
	snprintf(pol, sizeof(pol), "%s.pol.yaml", repo);
	snprintf(spec, sizeof(spec), "demo=%s", t_src("testdata/vulndb/demo"));
	ck_assert_int_eq(t_run_prog(mkimage_bin(), NULL, NULL, NULL, mk), 0);
	ck_assert_int_eq(t_run(NULL, NULL, NULL, imp), 0);
	{
		char image[4400];
		const char *args[] = { "--image", image, "--db", db, "--json", json,
				       "--today", "2026-11-29", "-q", NULL };

		snprintf(image, sizeof(image),
			 "registry.acme.example/shop/api:1.8.0=%s", img);
		rc = scan(repo, args, &out, &err);
		ck_assert_msg(rc == 1, "exit %d: %s", rc, err);
		free(out); free(err);
		f = findings_of(json);
		/* CVSS 9.8 in the advisory: critical, fixed version named, and
		 * placed on the service that runs the image */
		ck_assert_msg(strstr(f, "\"rule\": \"SGV001\"") != NULL, "%s", f);
		ck_assert_msg(strstr(f, "fixed in 3.0.99-1") != NULL, "%s", f);
		ck_assert_msg(strstr(f, "image of service 'api'") != NULL, "%s", f);
		ck_assert_msg(strstr(f, "\"severity\": \"critical\"") != NULL, "%s", f);
		free(f);
		/* accept the advisory and the unfixed one by policy: passes */
		t_write(pol, "fail-on: high\n"
			     "ignore:\n"
			     "  - advisory: DEMO-2026-0001\n"
			     "    reason: demo advisory, patched at runtime\n"
			     "    expires: 2027-01-31\n"
			     "  - path: \"**\"\n"
			     "    reason: only the image matters here\n"
			     "vuln:\n  ignore-unfixed: true\n");
		{
			const char *a2[] = { "--image", image, "--db", db, "--json",
					     json, "--policy", pol, "--today",
					     "2026-11-29", "-q", NULL };

			rc = scan(repo, a2, &out, &err);
			ck_assert_msg(rc == 0, "exit %d: %s %s", rc, out, err);
			free(out); free(err);
		}
		f = findings_of(json);
		ck_assert_msg(strstr(f, "demo advisory, patched at runtime") != NULL, "%s", f);
		ck_assert_msg(strstr(f, "ignore-unfixed") != NULL, "%s", f);
		free(f);
	}
	free(repo);
}
END_TEST

/*
 * A shard given to merge may carry strings of any length (one run makes
 * keys of at most a 64 KiB line, but a shard is a file): every report is
 * still written, whole.  A key, message, object, image and layer of 3 MiB
 * each failed the fingerprints and every renderer as "out of memory".
 */
START_TEST(test_cli_merge_megabyte_strings)
{
	static const char *const formats[][2] = {
		{ "--json", "json" }, { "--sarif", "sarif" },
		{ "--junit", "xml" }, { "--markdown", "md" },
		{ "--gitlab-codequality", "cq.json" },
		{ "--gitlab-container-scanning", "cs.json" },
	};
	char *dir = t_tmpdir("merge-big"), df[4300], shard[4300], big[4300];
	char out[SG_ARRAY_SIZE(formats)][4300];
	const char *margv[24] = { "merge", "-q" };
	const char *lint[] = { "lint", "-q", "--json", shard, df, NULL };
	size_t n = (size_t)3 << 20, f, m = 2, i;
	char *huge = malloc(n + 1);
	json_t *root, *fs, *one, *img;
	json_error_t jerr;

	ck_assert_ptr_nonnull(huge);
	memset(huge, 'z', n);
	huge[n] = '\0';
	snprintf(df, sizeof(df), "%s/Dockerfile", dir);
	snprintf(shard, sizeof(shard), "%s/shard.json", dir);
	snprintf(big, sizeof(big), "%s/big.json", dir);
	t_write(df, "FROM ubuntu\nRUN apt-get install -y curl\n");
	ck_assert_int_eq(t_run(dir, NULL, NULL, lint), 1);
	root = json_load_file(shard, 0, &jerr);
	ck_assert_ptr_nonnull(root);
	fs = json_object_get(root, "findings");
	ck_assert_int_gt(json_array_size(fs), 0);
	one = json_array_get(fs, 0);
	json_object_set_new(one, "message", json_string(huge));
	json_object_set_new(one, "key", json_string(huge));
	json_object_set_new(json_object_get(one, "location"), "object",
			    json_string(huge));
	/* the same finding again, as an image's */
	img = json_deep_copy(one);
	json_object_set_new(json_object_get(img, "location"), "path",
			    json_null());
	json_object_set_new(img, "target", json_null());
	json_object_set_new(json_object_get(img, "location"), "image",
			    json_string(huge));
	json_object_set_new(json_object_get(img, "location"), "layer",
			    json_string(huge));
	json_array_append_new(fs, img);
	ck_assert_int_eq(json_dump_file(root, big, JSON_COMPACT), 0);
	json_decref(root);
	for (f = 0; f < SG_ARRAY_SIZE(formats); f++) {
		snprintf(out[f], sizeof(out[f]), "%s/out.%s", dir, formats[f][1]);
		margv[m++] = formats[f][0];
		margv[m++] = out[f];
	}
	margv[m++] = "--";
	margv[m++] = big;
	margv[m] = NULL;
	ck_assert_int_eq(t_run(NULL, NULL, NULL, margv), 1);
	for (f = 0; f < SG_ARRAY_SIZE(formats); f++) {
		size_t len = 0;
		char *text = t_read(out[f], &len);

		ck_assert_msg(text != NULL, "%s not written", formats[f][0]);
		/* Markdown shows a bounded excerpt, the container-scanning
		 * report vulnerabilities only; the others hold the strings
		 * whole */
		if (strcmp(formats[f][1], "md") && strcmp(formats[f][1], "cs.json"))
			ck_assert_msg(strstr(text, huge) != NULL,
				      "%s lacks the 3 MiB string", formats[f][0]);
		free(text);
	}
	for (i = 0; i < SG_ARRAY_SIZE(formats); i++)
		unlink(out[i]);
	free(huge);
	free(dir);
}
END_TEST

/*
 * A part of malloc's heap (brk) of 8 MiB or more in the running process
 * `pid` that is marked "hg" (MADV_HUGEPAGE) in its smaps: its start in
 * *start; false when there is none.
 */
static bool huge_advised_mapping(pid_t pid, unsigned long *start)
{
	char path[64], line[512];
	unsigned long lo = 0, hi = 0, a, b;
	bool rw = false, found = false;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/smaps", (int)pid);
	if (!(f = fopen(path, "r")))
		return false;
	while (!found && fgets(line, sizeof(line), f)) {
		char *end;

		/* a mapping's header: "lo-hi perms offset dev inode [name]" */
		a = strtoul(line, &end, 16);
		if (end != line && *end == '-' &&
		    (b = strtoul(end + 1, &end, 16), *end == ' ')) {
			lo = a;
			hi = b;
			rw = strstr(line, " rw-p ") && strstr(line, "[heap]");
		} else if (!strncmp(line, "VmFlags:", 8) && rw &&
			   strstr(line, " hg") && hi - lo >= (8ul << 20)) {
			*start = lo;
			found = true;
		}
	}
	fclose(f);
	return found;
}

/*
 * malloc's heap is asked for 2 MiB pages from the binary's start, before
 * anything touched it (src/util/heap.c): a run blocked reading standard
 * input has a read-write mapping of 16 MiB or more so marked, starting on a
 * 2 MiB boundary.  Under AddressSanitizer its allocator owns the memory and
 * nothing is marked.
 */
START_TEST(test_cli_heap_on_huge_pages)
{
	const char *san = getenv("SG_SAN");
	bool plain = !san || strcmp(san, "1") != 0, found = false;
	unsigned long start = 0;
	int in[2], status, i;
	pid_t pid;

	ck_assert_int_eq(pipe(in), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		dup2(in[0], STDIN_FILENO);
		dup2(null, STDOUT_FILENO);
		dup2(null, STDERR_FILENO);
		close(in[1]);
		execl(getenv("SG_BIN"), "shipgate", "lint", "--quiet",
		      "--stdin-name", "compose.yaml", "-", (char *)NULL);
		_exit(127);
	}
	close(in[0]);
	/* the heap is marked before main() returns from its first call; the
	 * run then waits for the file on its standard input */
	for (i = 0; i < 200 && !found; i++) {
		found = huge_advised_mapping(pid, &start);
		if (!found)
			usleep(10000);
	}
	ck_assert_int_eq(write(in[1], "services: {}\n", 13), 13);
	close(in[1]);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status));
	if (plain) {
		ck_assert_msg(found, "no heap mapping marked for huge pages");
		ck_assert_uint_eq(start % (2ul << 20), 0);
	} else {
		ck_assert_msg(!found, "ASan's heap marked at %lx", start);
	}
}
END_TEST

Suite *cli_suite(void)
{
	Suite *s = suite_create("cli");
	TCase *tc = tcase_create("e2e");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_cli_demo_writes_every_report_identically);
	tcase_add_test(tc, test_cli_policy_decides_the_exit_code);
	tcase_add_test(tc, test_cli_rev_and_bare_clone);
	tcase_add_test(tc, test_cli_pr_policy_comes_from_base);
	tcase_add_test(tc, test_cli_compose_builds_any_dockerfile_name);
	tcase_add_test(tc, test_cli_pr_heredoc_body_is_identity);
	tcase_add_test(tc, test_cli_pr_resolved_values_are_identity);
	tcase_add_test(tc, test_cli_pr_long_instruction_is_identity);
	tcase_add_test(tc, test_cli_pr_identity_ignores_stage_position_and_layout);
	tcase_add_test(tc, test_cli_unanalysed_never_unchanged_nor_baselined);
	tcase_add_test(tc, test_cli_pr_new_copy_above_suppressed_gates);
	tcase_add_test(tc, test_cli_pr_hadolint_comes_from_base);
	tcase_add_test(tc, test_cli_worktree_sees_uncommitted_changes);
	tcase_add_test(tc, test_cli_usage_errors_exit_2);
	tcase_add_test(tc, test_cli_lint_files_from_disk);
	tcase_add_test(tc, test_cli_libraries_load_on_first_use);
	tcase_add_test(tc, test_cli_lint_many_names_first_error);
	tcase_add_test(tc, test_cli_lint_stdin);
	tcase_add_test(tc, test_cli_lint_jobs_give_identical_reports);
	tcase_add_test(tc, test_cli_lint_jobs_compose_extends);
	tcase_add_test(tc, test_cli_lint_jobs_compose_include_first);
	tcase_add_test(tc, test_cli_lint_jobs_compose_include_below);
	tcase_add_test(tc, test_cli_rules_json_lists_every_rule);
	tcase_add_test(tc, test_cli_shards_merge_to_a_single_run);
	tcase_add_test(tc, test_cli_reports_mask_secrets);
	tcase_add_test(tc, test_cli_image_vulnerabilities);
	tcase_add_test(tc, test_cli_heap_on_huge_pages);
	tcase_add_test(tc, test_cli_merge_megabyte_strings);
	suite_add_tcase(s, tc);
	return s;
}
