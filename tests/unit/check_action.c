/*
 * check_action.c: the CI integration files.  The GitHub Action and the
 * GitLab template parse and have what GitHub and GitLab require; every shell
 * script passes shellcheck (when installed); the action's scripts behave
 * (run with a stand-in gate); the pre-commit hook selects the files the
 * classifier does.
 */
#include "util/compat.h"
#include "helpers.h"

#include <regex.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dockerfile/dockerfile.h"
#include "policy/policy.h"
#include "repo/discover.h"
#include "shipgate/result.h"
#include "util/yaml.h"

/* ---- helpers --------------------------------------------------------------- */

static struct sg_yaml_doc *load_any(const char *rel)
{
	struct sg_yaml_doc *doc = NULL;
	sg_error err = { 0 };
	size_t len;
	char *data = t_read(t_src(rel), &len);

	ck_assert_msg(data != NULL, "%s is missing", rel);
	ck_assert_msg(sg_yaml_parse(&doc, rel, data, len, NULL, &err) == 0,
		      "%s:%u: %s", rel, err.line, err.message);
	free(data);
	ck_assert_ptr_nonnull(doc->root);
	return doc;
}

static struct sg_yaml_doc *load_yaml(const char *rel)
{
	struct sg_yaml_doc *doc = load_any(rel);

	ck_assert_int_eq(doc->root->kind, SG_YAML_MAP);
	return doc;
}

static const struct sg_yaml_node *need(const struct sg_yaml_node *map,
				       const char *key, enum sg_yaml_kind kind)
{
	const struct sg_yaml_node *n = sg_yaml_get(map, key);

	ck_assert_msg(n != NULL, "line %u: key '%s' is missing", map->line,
		      key);
	ck_assert_msg(n->kind == kind, "line %u: '%s' is a %s", n->line, key,
		      sg_yaml_kind_name(n->kind));
	return n;
}

static const char *need_str(const struct sg_yaml_node *map, const char *key)
{
	return need(map, key, SG_YAML_SCALAR)->value;
}

/* A program on PATH, or NULL. */
static const char *which(const char *prog)
{
	static char found[4][4096];
	static int next;
	const char *path = getenv("PATH");
	char *buf = found[next++ % 4];

	while (path && *path) {
		const char *end = strchr(path, ':');
		size_t n = end ? (size_t)(end - path) : strlen(path);

		snprintf(buf, sizeof(found[0]), "%.*s/%s", (int)n, path, prog);
		if (n && access(buf, X_OK) == 0)
			return buf;
		path = end ? end + 1 : NULL;
	}
	return NULL;
}

static bool is_hex40(const char *s)
{
	size_t i;

	for (i = 0; i < 40; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return s[40] == '\0';
}

/* ---- GitHub Action ---------------------------------------------------------- */

START_TEST(test_action_yml_required_keys)
{
	static const char *const inputs[] = {
		"path", "images", "policy", "fail-on", "base",
		"category-prefix", "pr-comment", "github-token",
	};
	static const char *const outputs[] = {
		"result", "exit-code", "findings-total", "findings-blocking",
		"sarif-file", "junit-file", "markdown-file", "json-file",
	};
	struct sg_yaml_doc *doc = load_yaml("action/action.yml");
	const struct sg_yaml_node *root = doc->root, *in, *outs, *runs, *steps;
	size_t i, scripts = 0, uploads = 0;

	ck_assert(*need_str(root, "name"));
	ck_assert(*need_str(root, "description"));
	in = need(root, "inputs", SG_YAML_MAP);
	for (i = 0; i < SG_ARRAY_SIZE(inputs); i++)
		ck_assert(*need_str(need(in, inputs[i], SG_YAML_MAP),
				    "description"));
	/* input ids: a letter or '_', then alphanumerics, '-', '_' */
	for (i = 0; i < in->npairs; i++) {
		const char *id = in->pairs[i].key->value, *p;

		ck_assert_msg(sg_isalpha(*id) || *id == '_', "input '%s'", id);
		for (p = id; *p; p++)
			ck_assert_msg(sg_isalnum(*p) || *p == '-' || *p == '_',
				      "input '%s'", id);
	}
	outs = need(root, "outputs", SG_YAML_MAP);
	for (i = 0; i < SG_ARRAY_SIZE(outputs); i++) {
		const char *v = need_str(need(outs, outputs[i], SG_YAML_MAP),
					 "value");

		ck_assert_msg(sg_startswith(v, "${{ steps.scan.outputs."),
			      "output %s: %s", outputs[i], v);
	}
	runs = need(root, "runs", SG_YAML_MAP);
	ck_assert_str_eq(need_str(runs, "using"), "composite");
	steps = need(runs, "steps", SG_YAML_SEQ);
	for (i = 0; i < steps->nitems; i++) {
		const struct sg_yaml_node *st = steps->items[i];
		const struct sg_yaml_node *run = sg_yaml_get(st, "run");
		const struct sg_yaml_node *uses = sg_yaml_get(st, "uses");

		ck_assert_int_eq(st->kind, SG_YAML_MAP);
		ck_assert_msg((run != NULL) != (uses != NULL),
			      "step at line %u: exactly one of run/uses", st->line);
		if (run) {
			const char *script;
			char rel[256];

			/* inputs only through env: never ${{ }} in the script */
			ck_assert_msg(!strstr(run->value, "${{"),
				      "line %u: expression in run", run->line);
			ck_assert(*need_str(st, "shell"));
			script = strstr(run->value, "$GITHUB_ACTION_PATH/");
			ck_assert_msg(script != NULL, "line %u", run->line);
			snprintf(rel, sizeof(rel), "action/%.*s",
				 (int)strcspn(script + 20, "\" "), script + 20);
			ck_assert_msg(access(t_src(rel), X_OK) == 0,
				      "%s is not an executable file", rel);
			/* only an explicit 'false' turns the verdict off */
			if (!strcmp(rel, "action/verdict.sh"))
				ck_assert_str_eq(need_str(st, "if"),
						 "always() && inputs.fail != 'false'");
			scripts++;
		} else {
			const char *at = strchr(uses->value, '@');

			/* third-party actions pinned by full commit */
			ck_assert_msg(at && is_hex40(at + 1), "line %u: %s",
				      uses->line, uses->value);
			if (sg_startswith(uses->value,
					  "github/codeql-action/upload-sarif@"))
				uploads++;
		}
	}
	ck_assert_uint_eq(scripts, 5);
	ck_assert_uint_eq(uploads, 1);
	sg_yaml_free(doc);
}
END_TEST

/* ---- GitLab template ------------------------------------------------------- */

START_TEST(test_action_gitlab_template)
{
	struct sg_yaml_doc *doc = load_yaml("action/gitlab/shipgate.gitlab-ci.yml");
	const struct sg_yaml_node *job, *art, *rep, *script, *verdict, *needs;
	const char *text;

	ck_assert_ptr_null(sg_yaml_get(doc->root, "stages"));  /* never override the includer's */
	job = need(doc->root, "shipgate", SG_YAML_MAP);
	art = need(job, "artifacts", SG_YAML_MAP);
	ck_assert_str_eq(need_str(art, "when"), "always");
	rep = need(art, "reports", SG_YAML_MAP);
	ck_assert_str_eq(need_str(rep, "junit"), "gl-shipgate-junit.xml");
	ck_assert_str_eq(need_str(rep, "codequality"),
			 "gl-code-quality-report.json");
	ck_assert_str_eq(need_str(rep, "container_scanning"),
			 "gl-container-scanning-report.json");
	script = need(job, "script", SG_YAML_SEQ);
	ck_assert_uint_eq(script->nitems, 1);
	text = script->items[0]->value;
	ck_assert_ptr_nonnull(strstr(text, "--junit gl-shipgate-junit.xml"));
	ck_assert_ptr_nonnull(strstr(text,
		"--gitlab-codequality gl-code-quality-report.json"));
	ck_assert_ptr_nonnull(strstr(text,
		"--gitlab-container-scanning gl-container-scanning-report.json"));
	ck_assert_ptr_nonnull(strstr(text, "/-/blob/$sha/"));
	/* images are scanned against the database the includer names */
	ck_assert_ptr_nonnull(strstr(text, "--db \"$SHIPGATE_DB\""));
	ck_assert_ptr_nonnull(sg_yaml_get(need(doc->root, "variables",
					       SG_YAML_MAP), "SHIPGATE_DB"));
	/* the job records the verdict and succeeds, so reports are ingested */
	ck_assert_ptr_nonnull(strstr(text, "|| rc=$?"));
	ck_assert_ptr_nonnull(strstr(text, "> shipgate.exit"));
	verdict = need(doc->root, "shipgate-verdict", SG_YAML_MAP);
	needs = need(verdict, "needs", SG_YAML_SEQ);
	ck_assert_str_eq(need_str(needs->items[0], "job"), "shipgate");
	text = need(verdict, "script", SG_YAML_SEQ)->items[0]->value;
	ck_assert_ptr_nonnull(strstr(text, "exit \"$rc\""));
	sg_yaml_free(doc);
}
END_TEST

/* The script of GitLab job `name`, written to `path`. */
/*
 * A stand-in program `name` running `text`, in DIR/bin: its path in
 * `out`.  The first one made puts DIR/bin first on PATH (Check runs each
 * test in its own process: the environment is the test's).
 */
static void fake_prog(const char *dir, const char *name, const char *text,
		      char *out, size_t n)
{
	char bin[4200], path[8400];

	snprintf(bin, sizeof(bin), "%s/bin", dir);
	if (mkdir(bin, 0755) == 0) {
		snprintf(path, sizeof(path), "%s:%s", bin, getenv("PATH"));
		setenv("PATH", path, 1);
	}
	snprintf(out, n, "%s/%s", bin, name);
	t_write(out, text);
	chmod(out, 0755);
}

static void gitlab_script(const char *name, const char *path)
{
	struct sg_yaml_doc *doc = load_yaml("action/gitlab/shipgate.gitlab-ci.yml");
	const struct sg_yaml_node *s;

	s = need(need(doc->root, name, SG_YAML_MAP), "script", SG_YAML_SEQ);
	t_write(path, s->items[0]->value);
	sg_yaml_free(doc);
}

/*
 * A merge request commits a clean gl-code-quality-report.json and the gate
 * stops before writing reports (a policy error): the job must not upload
 * the committed file as this run's report.
 */
START_TEST(test_action_gitlab_job_uploads_no_stale_report)
{
	static const char *const reports[] = {
		"shipgate.md", "shipgate.json", "shipgate.sarif",
		"gl-shipgate-junit.xml", "gl-code-quality-report.json",
		"gl-container-scanning-report.json",
	};
	char *tmp, gate[4300], script[4200], path[4400];
	char *out = NULL, *err = NULL, *text;
	const char *argv[] = { script, NULL };
	size_t i;
	int rc;

	tmp = t_tmpdir("gitlab-job");
	/* a gate that fails at set-up, before any report */
	fake_prog(tmp, "shipgate", "#!/bin/sh\necho 'shipgate: policy.yaml:1:1: "
		  "bad' >&2\nexit 2\n", gate, sizeof(gate));
	snprintf(script, sizeof(script), "%s/job.sh", tmp);
	gitlab_script("shipgate", script);
	for (i = 0; i < SG_ARRAY_SIZE(reports); i++) {
		snprintf(path, sizeof(path), "%s/%s", tmp, reports[i]);
		t_write(path, "[]\n");
	}
	snprintf(path, sizeof(path), "%s/shipgate.exit", tmp);
	t_write(path, "0\n");
	setenv("SHIPGATE_PATH", ".", 1);
	setenv("SHIPGATE_POLICY", "", 1);
	setenv("SHIPGATE_FAIL_ON", "", 1);
	setenv("SHIPGATE_IMAGES", "", 1);
	setenv("SHIPGATE_CATEGORY", "shipgate/", 1);
	setenv("CI_PROJECT_URL", "https://gitlab.example/g/p", 1);
	setenv("CI_COMMIT_SHA", "headsha", 1);
	unsetenv("CI_MERGE_REQUEST_DIFF_BASE_SHA");
	rc = t_run_prog("/bin/sh", tmp, &out, &err, argv);
	ck_assert_msg(rc == 0, "job script exited %d: %s", rc, err);
	for (i = 0; i < SG_ARRAY_SIZE(reports); i++) {
		snprintf(path, sizeof(path), "%s/%s", tmp, reports[i]);
		ck_assert_msg(access(path, F_OK) != 0,
			      "%s of an earlier run would be uploaded",
			      reports[i]);
	}
	snprintf(path, sizeof(path), "%s/shipgate.exit", tmp);
	text = t_read(path, NULL);
	ck_assert_str_eq(text, "2\n");
	free(text);
	free(out);
	free(err);
	free(tmp);
}
END_TEST

/*
 * In a merge request pipeline, SHIPGATE_POLICY naming a file inside the
 * repository is the merge request's own copy: the job refuses it (exit 2
 * recorded) rather than let the change pick its policy; a policy outside
 * the repository is passed on.
 */
START_TEST(test_action_gitlab_mr_policy_in_repo_refused)
{
	char *tmp, *proj, gate[4300], ran[4300], script[4200];
	char path[4400], *out = NULL, *err = NULL, *text;
	const char *argv[] = { script, NULL };
	int rc;

	tmp = t_tmpdir("gitlab-policy");
	snprintf(path, sizeof(path), "%s/project", tmp);
	mkdir(path, 0755);
	proj = strdup(path);
	snprintf(ran, sizeof(ran), "%s/ran", tmp);
	snprintf(path, sizeof(path), "#!/bin/sh\nprintf '%%s\\n' \"$@\" > '%s'\n"
		 "exit 0\n", ran);
	fake_prog(tmp, "shipgate", path, gate, sizeof(gate));
	snprintf(script, sizeof(script), "%s/job.sh", tmp);
	gitlab_script("shipgate", script);
	setenv("SHIPGATE_PATH", ".", 1);
	setenv("SHIPGATE_FAIL_ON", "", 1);
	setenv("SHIPGATE_IMAGES", "", 1);
	setenv("SHIPGATE_CATEGORY", "shipgate/", 1);
	setenv("CI_PROJECT_URL", "https://gitlab.example/g/p", 1);
	setenv("CI_COMMIT_SHA", "headsha", 1);
	setenv("CI_MERGE_REQUEST_DIFF_BASE_SHA", "basesha", 1);

	setenv("SHIPGATE_POLICY", "ci/../ci/policy.yaml", 1);
	rc = t_run_prog("/bin/sh", proj, &out, &err, argv);
	ck_assert_msg(rc == 0, "job script exited %d: %s", rc, err);
	ck_assert_msg(access(ran, F_OK) != 0, "the gate ran with the MR's policy");
	ck_assert_ptr_nonnull(strstr(err, "SHIPGATE_POLICY 'ci/../ci/policy.yaml'"
				     " is inside the repository"));
	snprintf(path, sizeof(path), "%s/shipgate.exit", proj);
	text = t_read(path, NULL);
	ck_assert_str_eq(text, "2\n");
	free(text);
	free(out);
	free(err);

	snprintf(path, sizeof(path), "%s/central.yaml", tmp);
	setenv("SHIPGATE_POLICY", path, 1);
	rc = t_run_prog("/bin/sh", proj, &out, &err, argv);
	ck_assert_msg(rc == 0, "job script exited %d: %s", rc, err);
	text = t_read(ran, NULL);
	ck_assert_msg(text && strstr(text, "--policy\n") &&
		      strstr(text, "--base\nbasesha\n"), "%s", text ? text : "");
	free(text);
	free(out);
	free(err);
	/* merged results: the target branch's tip, not the merge base, whose
	 * policy may be older than the one the change is merged under */
	setenv("CI_MERGE_REQUEST_TARGET_BRANCH_SHA", "tipsha", 1);
	rc = t_run_prog("/bin/sh", proj, &out, &err, argv);
	ck_assert_msg(rc == 0, "job script exited %d: %s", rc, err);
	text = t_read(ran, NULL);
	ck_assert_msg(text && strstr(text, "--base\ntipsha\n"), "%s",
		      text ? text : "");
	free(text);
	free(out);
	free(err);
	free(proj);
	free(tmp);
}
END_TEST

/* curl for the GitLab API: /user is "gate-bot", the notes are $FAKE_NOTES,
 * a PUT of note 1 fails (someone else's), the rest succeed; calls logged. */
static const char fake_gitlab_curl[] =
	"#!/bin/sh\n"
	"method=GET; url=\n"
	"while [ $# -gt 0 ]; do\n"
	"  case $1 in\n"
	"  -X) method=$2; shift ;; -H | --data-urlencode) shift ;;\n"
	"  -*) ;;\n"
	"  *) url=$1 ;;\n"
	"  esac\n"
	"  shift\n"
	"done\n"
	"echo \"$method $url\" >> \"$FAKE_CURL_LOG\"\n"
	"case $method:$url in\n"
	"GET:*/user) echo '{\"username\":\"gate-bot\"}' ;;\n"
	"GET:*) printf '%s' \"$FAKE_NOTES\" ;;\n"
	"PUT:*/notes/1) exit 22 ;;\n"
	"*) echo '{}' ;;\n"
	"esac\n";

/*
 * The merge request note: a note someone else wrote with the marker (a
 * forged report) was taken for the gate's, the update failed and no note
 * was written.  Only the token's own note counts now.
 */
START_TEST(test_action_gitlab_note_marker_hijack)
{
	char *tmp, prog[4300], log[4200], script[4200];
	char path[8400], *out = NULL, *err = NULL, *text;
	const char *argv[] = { script, NULL };
	int rc;

	tmp = t_tmpdir("gitlab-note");
	fake_prog(tmp, "curl", fake_gitlab_curl, prog, sizeof(prog));
	fake_prog(tmp, "apk", "#!/bin/sh\nexit 0\n", prog, sizeof(prog));
	snprintf(log, sizeof(log), "%s/curl.log", tmp);
	snprintf(script, sizeof(script), "%s/note.sh", tmp);
	gitlab_script("shipgate-mr-note", script);
	snprintf(path, sizeof(path), "%s/shipgate.md", tmp);
	t_write(path, "## shipgate: failed\n");
	setenv("FAKE_CURL_LOG", log, 1);
	setenv("SHIPGATE_GITLAB_TOKEN", "t", 1);
	setenv("SHIPGATE_CATEGORY", "shipgate/", 1);
	setenv("CI_API_V4_URL", "http://gl.test/api/v4", 1);
	setenv("CI_PROJECT_ID", "5", 1);
	setenv("CI_MERGE_REQUEST_IID", "7", 1);
	setenv("FAKE_NOTES", "[{\"id\":1,\"author\":{\"username\":\"mallory\"},"
	       "\"body\":\"passed <!-- shipgate:mr-note shipgate/ -->\"}]", 1);
	rc = t_run_prog("/bin/sh", tmp, &out, &err, argv);
	ck_assert_msg(rc == 0, "note job exited %d: %s", rc, err);
	text = t_read(log, NULL);
	ck_assert_msg(text && !strstr(text, "PUT") &&
		      strstr(text, "POST http://gl.test/api/v4/projects/5/"
			     "merge_requests/7/notes\n"), "%s", text ? text : "");
	free(text);
	free(out);
	free(err);
	free(tmp);
}
END_TEST

/* ---- shellcheck ---------------------------------------------------------- */

static void shellcheck(const char *sc, const char *shell, const char *file)
{
	const char *argv[] = { "-x", "-s", shell, file, NULL };
	char *out = NULL;
	int rc = t_run_prog(sc, t_src("action"), &out, NULL, argv);

	ck_assert_msg(rc == 0, "shellcheck %s:\n%s", file, out ? out : "");
	free(out);
}

START_TEST(test_action_scripts_pass_shellcheck)
{
	static const char *const scripts[] = {
		"lib.sh", "install.sh", "scan.sh", "report.sh", "comment.sh",
		"verdict.sh",
	};
	static const char *const jobs[] = {
		"shipgate", "shipgate-verdict", "shipgate-mr-note",
	};
	const char *sc = which("shellcheck");
	struct sg_yaml_doc *doc;
	char *tmp;
	size_t i;

	/* make's deps install it: missing is a broken set-up, not a pass */
	ck_assert_msg(sc != NULL, "shellcheck is not installed (make deps)");
	for (i = 0; i < SG_ARRAY_SIZE(scripts); i++) {
		char rel[64];

		snprintf(rel, sizeof(rel), "action/%s", scripts[i]);
		shellcheck(sc, "bash", t_src(rel));
	}
	/* the GitLab jobs' scripts run under the image's sh */
	doc = load_yaml("action/gitlab/shipgate.gitlab-ci.yml");
	tmp = t_tmpdir("action-sc");
	for (i = 0; i < SG_ARRAY_SIZE(jobs); i++) {
		const struct sg_yaml_node *s;
		char path[4200];

		s = need(need(doc->root, jobs[i], SG_YAML_MAP), "script",
			 SG_YAML_SEQ);
		snprintf(path, sizeof(path), "%s/%s.sh", tmp, jobs[i]);
		t_write(path, s->items[0]->value);
		shellcheck(sc, "sh", path);
	}
	sg_yaml_free(doc);
	free(tmp);
}
END_TEST

/* ---- the scripts, run with a stand-in gate --------------------------------- */

/*
 * A stand-in for the gate: records its arguments one per line, writes a
 * JSON report with 25 gating and 12 non-blocking findings and a Markdown
 * report, and exits 1 like a failed gate.
 */
static const char fake_gate[] =
	"#!/bin/sh\n"
	"printf '%s\\n' \"$@\" > \"$FAKE_ARGS\"\n"
	"while [ $# -gt 0 ]; do\n"
	"  case $1 in\n"
	"  --json) json=$2 ;; --markdown) md=$2 ;; --sarif) sarif=$2 ;;\n"
	"  --junit) junit=$2 ;;\n"
	"  esac\n"
	"  shift\n"
	"done\n"
	"cp \"$FAKE_JSON\" \"$json\"\n"
	"printf '## report\\n' > \"$md\"\n"
	"if [ -n \"${FAKE_SARIF:-}\" ]; then cp \"$FAKE_SARIF\" \"$sarif\"\n"
	"else printf '{}' > \"$sarif\"; fi\n"
	"printf '<x/>' > \"$junit\"\n"
	"exit \"${FAKE_EXIT:-1}\"\n";

static void write_fake_json(const char *path)
{
	FILE *f = fopen(path, "w");
	int i;

	ck_assert_ptr_nonnull(f);
	fputs("{\"summary\":{\"total\":37,\"gating\":25,\"result\":\"failed\"},"
	      "\"findings\":[", f);
	for (i = 0; i < 37; i++)
		fprintf(f, "%s{\"rule\":\"SGD%03d\",\"name\":\"r\","
			"\"severity\":\"%s\",\"gating\":%s,\"verdict\":\"%s\","
			"\"baseline_state\":null,\"message\":\"m%d: 100%%\\nx\","
			"\"location\":{\"path\":\"svc/Dockerfile\",\"line\":%d,"
			"\"column\":0,\"end_line\":%d,\"end_column\":0,"
			"\"image\":null,\"layer\":null,\"object\":null}}",
			i ? "," : "", i, i < 25 ? "high" : "low",
			i < 25 ? "true" : "false",
			i < 25 ? "gating" : "below-threshold", i, i + 1, i + 1);
	fputs("]}\n", f);
	fclose(f);
}

/* The value of step output `name` in a GITHUB_OUTPUT file, or NULL. */
static char *output_of(const char *text, const char *name)
{
	char head[128];
	const char *p, *nl, *end;
	char delim[128];

	snprintf(head, sizeof(head), "%s<<", name);
	for (p = text; (p = strstr(p, head)) != NULL; p++)
		if (p == text || p[-1] == '\n')
			break;
	if (!p)
		return NULL;
	p += strlen(head);
	nl = strchr(p, '\n');
	ck_assert_ptr_nonnull(nl);
	snprintf(delim, sizeof(delim), "\n%.*s\n", (int)(nl - p), p);
	end = strstr(nl, delim);
	ck_assert_ptr_nonnull(end);
	return strndup(nl + 1, (size_t)(end - nl - 1));
}

/* Step output `name` is there and is `want`. */
static void assert_output(const char *text, const char *name, const char *want)
{
	char *v = output_of(text, name);

	ck_assert_msg(v != NULL, "no output '%s' in:\n%s", name, text);
	ck_assert_str_eq(v, want);
	free(v);
}

/* The stand-in gate in `dir`, the file it logs its arguments to and the
 * GITHUB_OUTPUT file, exported as scan.sh reads them. */
struct fake {
	char gate[4200], args[4200], ghout[4200];
};

static void fake_setup(struct fake *f, const char *dir)
{
	snprintf(f->gate, sizeof(f->gate), "%s/fake-shipgate", dir);
	t_write(f->gate, fake_gate);
	chmod(f->gate, 0755);
	snprintf(f->args, sizeof(f->args), "%s/args", dir);
	unlink(f->args);
	snprintf(f->ghout, sizeof(f->ghout), "%s/github_output", dir);
	t_write(f->ghout, "");
	/* Check runs each test in its own process: the environment is ours */
	setenv("SHIPGATE", f->gate, 1);
	setenv("FAKE_ARGS", f->args, 1);
	setenv("GITHUB_OUTPUT", f->ghout, 1);
}

static size_t count_lines_starting(const char *text, const char *prefix)
{
	size_t n = 0;
	const char *p = text;

	while (p && *p) {
		if (sg_startswith(p, prefix))
			n++;
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return n;
}

START_TEST(test_action_scripts_run)
{
	const char *bash = which("bash"), *jq = which("jq");
	char *tmp, path[8400], json[4200], summary[4200], pwned[4200];
	struct fake fk;
	char *out = NULL, *err = NULL, *text, *v;
	const char *none[] = { NULL };
	int rc;

	ck_assert_msg(bash && jq, "bash and jq are needed (make deps)");
	tmp = t_tmpdir("action-run");
	fake_setup(&fk, tmp);
	snprintf(json, sizeof(json), "%s/fake.json", tmp);
	snprintf(summary, sizeof(summary), "%s/step_summary", tmp);
	snprintf(pwned, sizeof(pwned), "%s/PWNED", tmp);
	write_fake_json(json);
	t_write(summary, "");
	setenv("FAKE_JSON", json, 1);
	setenv("GITHUB_STEP_SUMMARY", summary, 1);
	setenv("GITHUB_REPOSITORY", "owner/repo", 1);
	setenv("GITHUB_SERVER_URL", "https://github.com", 1);
	setenv("GITHUB_SHA", "mergesha", 1);
	setenv("PR_HEAD_SHA", "headsha", 1);
	setenv("PR_HEAD_REPO", "fork/repo", 1);
	setenv("INPUT_PATH", tmp, 1);
	setenv("INPUT_OUTPUT_DIR", tmp, 1);
	setenv("INPUT_FAIL_ON", "medium", 1);
	snprintf(path, sizeof(path), "  app=app.tar\n\n web=web.tar \n"
		 "x=$(touch %s)\n", pwned);
	setenv("INPUT_IMAGES", path, 1);
	setenv("INPUT_EXCLUDE", "vendor/**", 1);
	setenv("INPUT_DB", "cache/vuln.db", 1);
	/* a SARIF that had to leave results out, and more than 5,000 kept */
	{
		char sarif[4300];
		FILE *f;
		int i;

		snprintf(sarif, sizeof(sarif), "%s/fake.sarif", tmp);
		f = fopen(sarif, "w");
		ck_assert_ptr_nonnull(f);
		fputs("{\"runs\":[{\"properties\":{\"omitted_results\":7},"
		      "\"results\":[", f);
		for (i = 0; i < 5001; i++)
			fprintf(f, "%s{}", i ? "," : "");
		fputs("]},{\"results\":[]}]}", f);
		fclose(f);
		setenv("FAKE_SARIF", sarif, 1);
	}

	rc = t_run_prog(t_src("action/scan.sh"), tmp, &out, &err, none);
	ck_assert_msg(rc == 0, "scan.sh exited %d: %s", rc, err);
	/* a fork's token is read-only: a warning, no upload */
	ck_assert_ptr_nonnull(strstr(out, "::warning::pull request from a fork"));
	ck_assert_ptr_nonnull(strstr(out, "::warning::the SARIF leaves out 7 "
				     "results"));
	ck_assert_ptr_nonnull(strstr(out, "::warning::the SARIF has 5001 "
				     "results: code scanning keeps only"));
	free(out);
	free(err);
	text = t_read(fk.args, NULL);
	ck_assert_ptr_nonnull(strstr(text, "--image\napp=app.tar\n--image\n"
					  "web=web.tar\n--image\nx=$(touch "));
	ck_assert_ptr_nonnull(strstr(text, "--exclude\nvendor/**\n"));
	/* the images are scanned against the database the workflow names */
	ck_assert_ptr_nonnull(strstr(text, "--db\ncache/vuln.db\n"));
	ck_assert_ptr_nonnull(strstr(text, "--fail-on\nmedium\n"));
	/* permalinks name the PR head, not the merge commit */
	ck_assert_ptr_nonnull(strstr(text, "--link-base\n"
				     "https://github.com/owner/repo/blob/headsha/\n"));
	ck_assert_ptr_null(strstr(text, "--base"));
	ck_assert_msg(access(pwned, F_OK) != 0, "an input was run as shell");
	free(text);
	text = t_read(fk.ghout, NULL);
	assert_output(text, "exit-code", "1");
	assert_output(text, "result", "failed");
	assert_output(text, "findings-total", "37");
	assert_output(text, "findings-blocking", "25");
	assert_output(text, "can-upload", "false");
	v = output_of(text, "json-file");
	ck_assert_ptr_nonnull(v);
	setenv("JSON_FILE", v, 1);
	free(v);
	v = output_of(text, "markdown-file");
	setenv("MARKDOWN_FILE", v, 1);
	free(v);
	free(text);

	/* annotations: 10 errors, 10 warnings, one notice for the 17 others */
	rc = t_run_prog(t_src("action/report.sh"), tmp, &out, &err, none);
	ck_assert_msg(rc == 0, "report.sh exited %d: %s", rc, err);
	ck_assert_uint_eq(count_lines_starting(out, "::error "), 10);
	ck_assert_uint_eq(count_lines_starting(out, "::warning "), 10);
	ck_assert_uint_eq(count_lines_starting(out, "::notice "), 1);
	ck_assert_ptr_nonnull(strstr(out, "::notice title=shipgate::17 more"));
	ck_assert_ptr_nonnull(strstr(out, "::error file=svc/Dockerfile,line=1,"
				     "title=SGD000 r (high)::m0: 100%25%0Ax\n"));
	free(out);
	free(err);
	text = t_read(summary, NULL);
	ck_assert_str_eq(text, "## report\n");
	free(text);

	/* the verdict step fails from the recorded code */
	setenv("EXIT_CODE", "1", 1);
	ck_assert_int_eq(t_run_prog(t_src("action/verdict.sh"), tmp, NULL,
				    NULL, none), 1);
	setenv("EXIT_CODE", "0", 1);
	ck_assert_int_eq(t_run_prog(t_src("action/verdict.sh"), tmp, NULL,
				    NULL, none), 0);
	unsetenv("EXIT_CODE");
	ck_assert_int_eq(t_run_prog(t_src("action/verdict.sh"), tmp, NULL,
				    NULL, none), 4);
	free(tmp);
}
END_TEST

/* PR mode without its base fails closed: the pull request's own policy
 * must not judge it, so the gate is not run on the head alone. */
START_TEST(test_action_base_missing_fails_closed)
{
	const char *bash = which("bash");
	char *tmp, *out = NULL, *err = NULL, *text;
	const char *none[] = { NULL };
	struct fake fk;
	int rc;

	ck_assert_msg(bash != NULL, "bash is needed (make deps)");
	tmp = t_tmpdir("action-nobase");
	fake_setup(&fk, tmp);
	setenv("INPUT_PATH", tmp, 1);      /* not a git repository */
	{
		char up[4200];

		snprintf(up, sizeof(up), "%s/..", tmp);
		setenv("GIT_CEILING_DIRECTORIES", up, 1);  /* nor inside ours */
	}
	setenv("INPUT_OUTPUT_DIR", tmp, 1);
	setenv("PR_BASE_SHA", "0123456789abcdef0123456789abcdef01234567", 1);

	rc = t_run_prog(t_src("action/scan.sh"), tmp, &out, &err, none);
	ck_assert_msg(rc == 0, "scan.sh exited %d: %s", rc, err);
	ck_assert_ptr_nonnull(strstr(out, "::error::base commit '0123456789"));
	ck_assert_msg(access(fk.args, F_OK) != 0, "the gate ran without its base");
	text = t_read(fk.ghout, NULL);
	assert_output(text, "exit-code", "2");
	assert_output(text, "result", "error");
	free(text);
	free(out);
	free(err);
	free(tmp);
}
END_TEST

/*
 * PR mode with a `policy` input inside the repository: the gate reads
 * --policy from disk, which is the pull request's checkout, so scan.sh
 * must hand it the base commit's version of the file; a pull request that
 * relaxes the policy (here to fail-on: never) must not be judged by it.
 */
static void run_policy_case(const char *repo, const char *base,
			    const char *policy, char **args_text, char **ghout_text,
			    char **out)
{
	char up[4200], outdir[4400], empty[4400];
	const char *none[] = { NULL };
	struct fake fk;
	char *err = NULL;
	int rc;

	snprintf(up, sizeof(up), "%s/..", repo);
	fake_setup(&fk, up);
	snprintf(outdir, sizeof(outdir), "%s/out", up);
	snprintf(empty, sizeof(empty), "%s/empty.json", up);
	t_write(empty, "");
	setenv("FAKE_JSON", empty, 1);
	setenv("INPUT_PATH", ".", 1);
	setenv("INPUT_OUTPUT_DIR", outdir, 1);
	setenv("INPUT_POLICY", policy, 1);
	setenv("PR_BASE_SHA", base, 1);
	rc = t_run_prog(t_src("action/scan.sh"), repo, out, &err, none);
	ck_assert_msg(rc == 0, "scan.sh exited %d: %s", rc, err);
	free(err);
	*args_text = t_read(fk.args, NULL);
	*ghout_text = t_read(fk.ghout, NULL);
}

START_TEST(test_action_policy_from_base)
{
	const char *git = which("git");
	char *tmp, dir[8600], repo[4200], base[64], *p, *text, *gh, *out, *v;
	char *basesha = NULL;
	const char *dirs[3], *revparse[] = { "-C", NULL, "rev-parse",
					     "HEAD~1", NULL };

	ck_assert_msg(git != NULL, "git is needed");
	tmp = t_tmpdir("action-policy");
	snprintf(dir, sizeof(dir), "%s/base", tmp);
	mkdir(dir, 0755);
	snprintf(dir, sizeof(dir), "%s/base/ci", tmp);
	mkdir(dir, 0755);
	snprintf(dir, sizeof(dir), "%s/base/ci/policy.yaml", tmp);
	t_write(dir, "fail-on: high\n");
	snprintf(dir, sizeof(dir), "%s/head", tmp);
	mkdir(dir, 0755);
	snprintf(dir, sizeof(dir), "%s/head/ci", tmp);
	mkdir(dir, 0755);
	snprintf(dir, sizeof(dir), "%s/head/ci/policy.yaml", tmp);
	t_write(dir, "fail-on: never\n");
	snprintf(dir, sizeof(dir), "%s/head/ci/new.yaml", tmp);
	t_write(dir, "fail-on: never\n");
	snprintf(repo, sizeof(repo), "%s/repo", tmp);
	snprintf(dir, sizeof(dir), "%s/base", tmp);
	dirs[0] = strdup(dir);
	snprintf(dir, sizeof(dir), "%s/head", tmp);
	dirs[1] = strdup(dir);
	dirs[2] = NULL;
	t_mkrepo(repo, false, dirs);
	free((void *)dirs[0]);
	free((void *)dirs[1]);
	revparse[1] = repo;
	ck_assert_int_eq(t_run_prog(git, NULL, &basesha, NULL, revparse), 0);
	snprintf(base, sizeof(base), "%.40s", basesha);
	free(basesha);

	/* a policy in the repository: the base commit's copy is used */
	run_policy_case(repo, base, "ci/policy.yaml", &text, &gh, &out);
	ck_assert_ptr_nonnull(text);
	p = strstr(text, "--policy\n");
	ck_assert_msg(p != NULL, "no --policy in:\n%s", text);
	p += 9;
	p[strcspn(p, "\n")] = '\0';
	if (*p != '/') {        /* relative to the step's directory */
		snprintf(dir, sizeof(dir), "%s/%s", repo, p);
		p = dir;
	}
	v = t_read(p, NULL);
	ck_assert_msg(v && !strcmp(v, "fail-on: high\n"),
		      "the gate was given %s: %s", p, v ? v : "(missing)");
	free(v);
	ck_assert_ptr_nonnull(strstr(out, "::warning::the pull request changes "
				     "policy 'ci/policy.yaml'"));
	free(text);
	free(gh);
	free(out);

	/* a policy the pull request adds: no base version, fail closed */
	run_policy_case(repo, base, "./ci/../ci/new.yaml", &text, &gh, &out);
	ck_assert_msg(text == NULL, "the gate ran with the change's policy");
	ck_assert_ptr_nonnull(strstr(out, "::error::policy './ci/../ci/new.yaml'"
				     " is not in the base commit"));
	assert_output(gh, "exit-code", "2");
	free(gh);
	free(out);

	/* a policy outside the repository is not the change's: as given */
	snprintf(dir, sizeof(dir), "%s/central.yaml", tmp);
	t_write(dir, "fail-on: low\n");
	run_policy_case(repo, base, dir, &text, &gh, &out);
	ck_assert_ptr_nonnull(text);
	p = strstr(text, "--policy\n");
	ck_assert_ptr_nonnull(p);
	ck_assert(sg_startswith(p + 9, dir));
	free(text);
	free(gh);
	free(out);
	free(tmp);
}
END_TEST

/* A switch that is neither true nor false is a set-up error, not a skip. */
START_TEST(test_action_switch_typo_fails_closed)
{
	char *tmp, *out = NULL, *err = NULL, *text;
	const char *none[] = { NULL };
	struct fake fk;
	int rc;

	tmp = t_tmpdir("action-switch");
	fake_setup(&fk, tmp);
	setenv("INPUT_PATH", tmp, 1);
	setenv("INPUT_OUTPUT_DIR", tmp, 1);
	setenv("INPUT_FAIL", "yes", 1);
	rc = t_run_prog(t_src("action/scan.sh"), tmp, &out, &err, none);
	ck_assert_msg(rc == 0, "scan.sh exited %d: %s", rc, err);
	ck_assert_ptr_nonnull(strstr(out, "::error::input 'fail' is 'yes'"));
	ck_assert_msg(access(fk.args, F_OK) != 0, "the gate ran");
	text = t_read(fk.ghout, NULL);
	assert_output(text, "exit-code", "2");
	free(text);
	free(out);
	free(err);
	free(tmp);
}
END_TEST

/* Exit 3 (an input not analysed) is `result: error`, as the JSON report's
 * summary says, also when the result is not read from the JSON. */
START_TEST(test_action_exit_3_is_error)
{
	char *tmp, empty[4200], *out = NULL, *err = NULL, *text;
	const char *none[] = { NULL };
	struct fake fk;
	int rc;

	tmp = t_tmpdir("action-exit3");
	fake_setup(&fk, tmp);
	snprintf(empty, sizeof(empty), "%s/empty.json", tmp);
	t_write(empty, "");
	setenv("FAKE_JSON", empty, 1);
	setenv("FAKE_EXIT", "3", 1);
	setenv("INPUT_PATH", tmp, 1);
	setenv("INPUT_OUTPUT_DIR", tmp, 1);
	rc = t_run_prog(t_src("action/scan.sh"), tmp, &out, &err, none);
	ck_assert_msg(rc == 0, "scan.sh exited %d: %s", rc, err);
	text = t_read(fk.ghout, NULL);
	assert_output(text, "exit-code", "3");
	assert_output(text, "result", "error");
	free(text);
	free(out);
	free(err);
	free(tmp);
}
END_TEST

/*
 * A shipgate already on PATH (the gate's image in a container job) is used
 * as it is; one of another version than the action's is used with a
 * warning, since the steps after it read that version's reports.
 */
START_TEST(test_action_install_warns_on_other_version)
{
	static const char *const versions[] = { SG_VERSION, "0.0.9" };
	char *tmp, gate[4300], ghout[4300];
	char *out = NULL, *err = NULL, *text;
	const char *none[] = { NULL };
	size_t i;
	int rc;

	tmp = t_tmpdir("action-install");
	fake_prog(tmp, "shipgate", "#!/bin/sh\necho \"shipgate $FAKE_VERSION\"\n",
		  gate, sizeof(gate));
	snprintf(ghout, sizeof(ghout), "%s/github_output", tmp);
	setenv("GITHUB_OUTPUT", ghout, 1);
	unsetenv("SHIPGATE_BINARY");
	for (i = 0; i < SG_ARRAY_SIZE(versions); i++) {
		t_write(ghout, "");
		setenv("FAKE_VERSION", versions[i], 1);
		rc = t_run_prog(t_src("action/install.sh"), tmp, &out, &err,
				none);
		ck_assert_msg(rc == 0, "install.sh exited %d: %s", rc, err);
		text = t_read(ghout, NULL);
		assert_output(text, "bin", gate);
		free(text);
		if (i == 0)
			ck_assert_msg(!strstr(out, "::warning::"), "%s", out);
		else
			ck_assert_msg(strstr(out, "::warning::shipgate on PATH") &&
					      strstr(out, "version '0.0.9', this "
							  "action is '" SG_VERSION
							  "'"),
				      "%s", out);
		free(out);
		free(err);
		out = err = NULL;
	}
	free(tmp);
}
END_TEST

/* A stand-in for curl: GET answers $FAKE_COMMENTS, PATCH of comment 1 is
 * refused (another user's), any other PATCH and POST succeed; every call
 * is logged to $FAKE_CURL_LOG as "METHOD URL". */
static const char fake_curl[] =
	"#!/bin/sh\n"
	"out=; method=GET; url=\n"
	"while [ $# -gt 0 ]; do\n"
	"  case $1 in\n"
	"  -o) out=$2; shift ;; -X) method=$2; shift ;;\n"
	"  -w | -H | --data-binary) shift ;;\n"
	"  -*) ;;\n"
	"  *) url=$1 ;;\n"
	"  esac\n"
	"  shift\n"
	"done\n"
	"echo \"$method $url\" >> \"$FAKE_CURL_LOG\"\n"
	"case $method in\n"
	"GET) printf '%s' \"$FAKE_COMMENTS\" > \"$out\"; printf 200 ;;\n"
	"PATCH) printf '{}' > \"$out\"\n"
	"  case $url in */comments/1) printf 403 ;; *) printf 200 ;; esac ;;\n"
	"POST) printf '{\"id\":99}' > \"$out\"; printf 201 ;;\n"
	"esac\n";

/*
 * Anyone can paste the sticky comment's marker into a PR comment (with a
 * forged "passed" report).  comment.sh took the first such comment, could
 * not edit it (HTTP 403) and gave up: the forged or an old report stood
 * for the gate's.  Its own (a bot's) comes first now, and a comment it
 * cannot edit makes it post a new one.
 */
START_TEST(test_action_comment_marker_hijack)
{
	char *tmp, curl[4300], log[4200], md[4200];
	char *out = NULL, *err = NULL, *text;
	const char *none[] = { NULL };
	int rc;

	tmp = t_tmpdir("action-comment");
	fake_prog(tmp, "curl", fake_curl, curl, sizeof(curl));
	snprintf(log, sizeof(log), "%s/curl.log", tmp);
	snprintf(md, sizeof(md), "%s/r.md", tmp);
	t_write(md, "## shipgate: failed\n");
	setenv("FAKE_CURL_LOG", log, 1);
	setenv("GITHUB_API_URL", "http://api.test", 1);
	setenv("GITHUB_REPOSITORY", "owner/repo", 1);
	setenv("GITHUB_TOKEN", "t", 1);
	setenv("PR_NUMBER", "7", 1);
	setenv("MARKDOWN_FILE", md, 1);
	unsetenv("PR_HEAD_REPO");

	/* only someone else's comment with the marker: post our own */
	setenv("FAKE_COMMENTS", "[{\"id\":1,\"user\":{\"type\":\"User\"},"
	       "\"body\":\"## shipgate: passed\\n<!-- shipgate:pr-comment "
	       "shipgate/ -->\"}]", 1);
	rc = t_run_prog(t_src("action/comment.sh"), tmp, &out, &err, none);
	ck_assert_msg(rc == 0, "comment.sh exited %d: %s", rc, err);
	text = t_read(log, NULL);
	ck_assert_msg(strstr(text, "POST http://api.test/repos/owner/repo/"
			     "issues/7/comments\n"), "%s", text);
	free(text);
	free(out);
	free(err);
	unlink(log);

	/* ours is there too, after the pasted one: ours is updated */
	setenv("FAKE_COMMENTS", "[{\"id\":1,\"user\":{\"type\":\"User\"},"
	       "\"body\":\"<!-- shipgate:pr-comment shipgate/ -->\"},"
	       "{\"id\":2,\"user\":{\"type\":\"Bot\"},"
	       "\"body\":\"<!-- shipgate:pr-comment shipgate/ -->\"}]", 1);
	rc = t_run_prog(t_src("action/comment.sh"), tmp, &out, &err, none);
	ck_assert_msg(rc == 0, "comment.sh exited %d: %s", rc, err);
	text = t_read(log, NULL);
	ck_assert_msg(strstr(text, "PATCH http://api.test/repos/owner/repo/"
			     "issues/comments/2\n") && !strstr(text, "POST"),
		      "%s", text);
	free(text);
	free(out);
	free(err);
	free(tmp);
}
END_TEST

/* ---- pre-commit ---------------------------------------------------------- */

/* Compile a pre-commit (Python re) pattern that is also POSIX ERE, with a
 * leading "(?i)" turned into REG_ICASE. */
static void compile_hook_re(regex_t *re, const char *pattern)
{
	int flags = REG_EXTENDED | REG_NOSUB;

	if (sg_startswith(pattern, "(?i)")) {
		flags |= REG_ICASE;
		pattern += 4;
	}
	ck_assert_msg(regcomp(re, pattern, flags) == 0, "regcomp %s", pattern);
}

static void check_name(const regex_t *files, const regex_t *exclude,
		       const char *name)
{
	bool hook = regexec(files, name, 0, NULL, 0) == 0 &&
		    regexec(exclude, name, 0, NULL, 0) != 0;
	bool target = repo_classify(name) != REPO_CLASS_NONE;

	ck_assert_msg(hook == target, "%s: hook %s it, discovery %s", name,
		      hook ? "selects" : "skips",
		      target ? "classifies it" : "does not");
}

START_TEST(test_action_precommit_matches_discovery)
{
	static const char *const names[] = {
		"Dockerfile", "a/b/Dockerfile", "dockerfile", "Containerfile",
		"Dockerfile.prod", "Dockerfile-windows", "Dockerfile_dev",
		"api.Dockerfile", "x.containerfile", ".gitpod.Dockerfile",
		"Dockerfile.md", "Dockerfile-x.md", "Dockerfile.j2",
		"Dockerfile.dockerignore", "api.Dockerfile.dockerignore",
		"Dockerfile.", "Dockerfile.yaml", ".dockerfile", "MyDockerfile",
		"Dockerfiles", "Dockerfile/README", "compose.yaml", "compose.yml",
		"compose.override.yml", "compose-v3.yaml", "compose..yaml",
		"compose.dockerfile.yaml", "docker-compose.yml",
		"docker-compose_build.yaml", "docker-compose.yml.bak",
		"compose.yaml.tmpl", "composer.yaml", "service.yaml",
		".github/workflows/ci.yml", "Dockerfile.1.7",
		"Dockerfile.template", "docs/Dockerfile.rst",
	};
	struct sg_yaml_doc *doc = load_any(".pre-commit-hooks.yaml");
	const struct sg_yaml_node *hooks = doc->root;
	regex_t files, exclude;
	char path[4096], *data, *line, *next;
	size_t i, n = 0;

	ck_assert_int_eq(hooks->kind, SG_YAML_SEQ);
	ck_assert_uint_eq(hooks->nitems, 2);
	for (i = 0; i < hooks->nitems; i++) {
		const struct sg_yaml_node *h = hooks->items[i];

		ck_assert(*need_str(h, "id"));
		ck_assert(*need_str(h, "name"));
		ck_assert(sg_startswith(need_str(h, "entry"), "shipgate lint"));
		ck_assert(*need_str(h, "language"));
		/* both hooks select the same files (YAML aliases) */
		ck_assert_str_eq(need_str(h, "files"),
				 need_str(hooks->items[0], "files"));
		ck_assert_str_eq(need_str(h, "exclude"),
				 need_str(hooks->items[0], "exclude"));
	}
	compile_hook_re(&files, need_str(hooks->items[0], "files"));
	compile_hook_re(&exclude, need_str(hooks->items[0], "exclude"));
	for (i = 0; i < SG_ARRAY_SIZE(names); i++)
		check_name(&files, &exclude, names[i]);
	/* and every file name of the shared corpus */
	if (t_shared()) {
		snprintf(path, sizeof(path), "%s/corpus/MANIFEST.tsv",
			 t_shared());
		data = t_read(path, NULL);
		ck_assert_ptr_nonnull(data);
		for (line = data; line && *line; line = next) {
			char *tab1, *tab2, *tab3;

			next = strchr(line, '\n');
			if (next)
				*next++ = '\0';
			tab1 = strchr(line, '\t');
			tab2 = tab1 ? strchr(tab1 + 1, '\t') : NULL;
			tab3 = tab2 ? strchr(tab2 + 1, '\t') : NULL;
			if (!tab3 || line == data)
				continue;
			*tab3 = '\0';
			check_name(&files, &exclude, tab2 + 1);
			n++;
		}
		free(data);
		ck_assert_uint_gt(n, 3000);
	}
	regfree(&files);
	regfree(&exclude);
	sg_yaml_free(doc);
}
END_TEST

/* ---- the gate's own image --------------------------------------------------- */

/* The repository's Dockerfile passes the gate with the default policy. */
START_TEST(test_action_own_dockerfile_passes)
{
	struct sg_policy *pol = NULL;
	struct sg_buf list = SG_BUF_INIT(1 << 16);
	sg_result *res = NULL;
	sg_error err = { 0 };
	size_t len, i;
	char *text = t_read(t_src("Dockerfile"), &len);

	ck_assert_ptr_nonnull(text);
	ck_assert_int_eq(sg_policy_defaults(&pol, "2026-06-01", &err), 0);
	ck_assert_int_eq(sg_result_new(&res), 0);
	{
		struct sg_stage_ctx ctx = { pol, NULL, res->findings, NULL };

		ck_assert_int_eq(df_lint_file(&ctx, "Dockerfile", text, len,
					      &err), 0);
	}
	ck_assert_int_eq(sg_policy_evaluate(pol, res, NULL, &err), 0);
	ck_assert_int_eq(sg_result_finish(res), 0);
	for (i = 0; i < sg_findings_count(res->findings); i++) {
		const sg_finding *f = sg_findings_at(res->findings, i);

		sg_buf_printf(&list, "  %s:%u %s %s [%s] %s\n", f->loc.path,
			      f->loc.line, f->rule->id,
			      sg_severity_name(f->severity),
			      sg_verdict_name(f->verdict), f->message);
	}
	ck_assert_msg(res->exit_code == SG_EXIT_PASS,
		      "the gate's own Dockerfile fails its default policy:\n%s",
		      sg_buf_cstr(&list));
	sg_buf_release(&list);
	sg_result_free(res);
	sg_policy_free(pol);
	free(text);
}
END_TEST

Suite *action_suite(void)
{
	Suite *s = suite_create("action");
	TCase *tc = tcase_create("action");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_action_yml_required_keys);
	tcase_add_test(tc, test_action_gitlab_template);
	tcase_add_test(tc, test_action_gitlab_job_uploads_no_stale_report);
	tcase_add_test(tc, test_action_gitlab_mr_policy_in_repo_refused);
	tcase_add_test(tc, test_action_gitlab_note_marker_hijack);
	tcase_add_test(tc, test_action_scripts_pass_shellcheck);
	tcase_add_test(tc, test_action_scripts_run);
	tcase_add_test(tc, test_action_base_missing_fails_closed);
	tcase_add_test(tc, test_action_policy_from_base);
	tcase_add_test(tc, test_action_switch_typo_fails_closed);
	tcase_add_test(tc, test_action_exit_3_is_error);
	tcase_add_test(tc, test_action_install_warns_on_other_version);
	tcase_add_test(tc, test_action_comment_marker_hijack);
	tcase_add_test(tc, test_action_precommit_matches_discovery);
	tcase_add_test(tc, test_action_own_dockerfile_passes);
	suite_add_tcase(s, tc);
	return s;
}
