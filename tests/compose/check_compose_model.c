/*
 * check_compose_model.c: the Compose model: multi-file merge, overrides,
 * extends, include, anchors, interpolation, YAML limits, suppressions,
 * links.  Each testdata/compose/<case>/ is a small repository; its
 * findings (without the per-service "missing hardening" rules, which every
 * case would repeat) and links are compared with <case>/golden.txt.
 * Targeted asserts pin the facts the issue names, so a golden refresh
 * cannot silently drop them.
 */
#include "util/compat.h"
#include "helpers.h"
#include "compose/t_compose.h"

#include "compose/compose.h"
#include "compose/interp.h"
#include "policy/policy.h"
#include "util/buf.h"

/* rules that fire on almost every service: kept out of the goldens */
static const char *const noise[] = {
	"SGC007", "SGC012", "SGC018", "SGC041", "SGC042", "SGC043",
	"SGC044", "SGC045", "SGC049", "SGC061", "SGC067",
};

static char *read_opt(const char *dir, const char *name)
{
	char p[4200], *s;
	size_t n;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	s = t_read(p, NULL);
	if (!s)
		return NULL;
	n = strlen(s);
	while (n && (s[n - 1] == '\n' || s[n - 1] == ' '))
		s[--n] = '\0';
	return s;
}

static char *run_case(const char *name)
{
	char dir[4096], *projects, *env_file, *all;
	const char *plist[2] = { NULL, NULL };
	struct tc_opts o = { 0 };
	struct sg_links links;
	struct sg_buf b = SG_BUF_INIT(1 << 20);
	sg_findings *set;
	size_t i, k;

	snprintf(dir, sizeof(dir), "%s/%s", t_src("testdata/compose"), name);
	projects = read_opt(dir, ".shipgate-test-projects");
	env_file = read_opt(dir, ".shipgate-test-env-file");
	if (projects) {
		plist[0] = projects;
		o.projects = plist;
	}
	o.env_file = env_file;
	sg_links_init(&links);
	o.links = &links;
	set = tc_lint(dir, &o);
	for (i = 0; i < sg_findings_count(set); i++) {
		const sg_finding *f = sg_findings_at(set, i);
		bool skip = false;

		for (k = 0; k < SG_ARRAY_SIZE(noise); k++)
			skip |= !strcmp(f->rule->id, noise[k]);
		if (skip)
			continue;
		sg_buf_printf(&b, "%s %s:%u:%u%s%s%s: %s\n", f->rule->id,
			      f->loc.path, f->loc.line, f->loc.column,
			      f->loc.object ? " [" : "",
			      f->loc.object ? f->loc.object : "",
			      f->loc.object ? "]" : "", f->message);
		if (f->verdict == SG_VERDICT_SUPPRESSED)
			sg_buf_printf(&b, "  suppressed: %s\n", f->why);
		for (k = 0; k < f->nrelated; k++)
			sg_buf_printf(&b, "  related %s:%u:%u: %s\n",
				      f->related[k].loc.path,
				      f->related[k].loc.line,
				      f->related[k].loc.column,
				      f->related[k].message);
	}
	for (i = 0; i < links.v.n; i++) {
		const struct sg_link *l = &links.v.v[i];

		sg_buf_printf(&b, "link %s %s:%u dockerfile=%s target=%s "
			      "image=%s\n", l->service, l->compose_path,
			      l->line, l->dockerfile ? l->dockerfile : "-",
			      l->target ? l->target : "-",
			      l->image ? l->image : "-");
	}
	ck_assert_int_eq(sg_buf_error(&b), 0);
	all = sg_buf_detach(&b);
	sg_links_release(&links);
	sg_findings_free(set);
	free(projects);
	free(env_file);
	return all ? all : strdup("");
}

static void golden_case(const char *name)
{
	char rel[256], *out = run_case(name), *again = run_case(name);

	snprintf(rel, sizeof(rel), "testdata/compose/%s/golden.txt", name);
	ck_assert_str_eq(out, again);   /* deterministic */
	t_golden(rel, out);
	free(out);
	free(again);
}

static bool has(const char *out, const char *line)
{
	return strstr(out, line) != NULL;
}

START_TEST(test_override_socket_at_override_line)
{
	char *out = run_case("override-socket");

	ck_assert_msg(has(out, "SGC001 compose.override.yaml:4:9 "), "%s", out);
	free(out);
	golden_case("override-socket");
}
END_TEST

START_TEST(test_override_merge)
{
	char *out = run_case("override-merge");

	/* !reset removed the base cap_add; the override's tag is used */
	ck_assert_msg(!has(out, "SGC008"), "%s", out);
	ck_assert_msg(has(out, "SGC057 docker-compose.override.yml:3:12"),
		      "%s", out);
	/* same target, other host ip: both kept, and they clash */
	ck_assert_msg(has(out, "SGC038 docker-compose.override.yml:7:9"), "%s",
		      out);
	free(out);
	golden_case("override-merge");
}
END_TEST

START_TEST(test_extends)
{
	char *out = run_case("extends");

	ck_assert_msg(has(out, "SGC004 common/base.yaml:4:17 [service web]"),
		      "%s", out);
	ck_assert_msg(has(out, "SGC004 common/base.yaml:4:17 [service worker]"),
		      "%s", out);
	ck_assert_msg(!has(out, "SGC019"), "child user wins: %s", out);
	ck_assert_msg(has(out, "SGC065 common/base.yaml:8:15"), "%s", out);
	free(out);
	golden_case("extends");
}
END_TEST

START_TEST(test_include)
{
	char *out = run_case("include");

	ck_assert_msg(has(out, "SGC004 sub/compose.yaml:4:17"), "%s", out);
	ck_assert_msg(has(out, "SGC085 compose.yaml:3:12"), "%s", out);
	ck_assert_msg(!has(out, "SGC083"), "included volume declared: %s", out);
	free(out);
	golden_case("include");
}
END_TEST

START_TEST(test_anchors)
{
	char *out = run_case("anchors");

	ck_assert_msg(has(out, "SGC004 compose.yaml:2:15 [service a]"), "%s",
		      out);
	ck_assert_msg(!has(out, "[service b]: service 'b' runs privileged"),
		      "%s", out);
	golden_case("anchors");
	free(out);
}
END_TEST

START_TEST(test_interpolation_golden)
{
	char *out = run_case("interpolation");

	ck_assert_msg(!has(out, "SGC037 compose.yaml:7:"),
		      "unknown host ip is not unbound: %s", out);
	ck_assert_msg(has(out, "SGC037 compose.yaml:9:9"), "%s", out);
	ck_assert_msg(has(out, "SGC019 compose.yaml:5:11"), "%s", out);
	free(out);
	golden_case("interpolation");
}
END_TEST

START_TEST(test_billion_laughs)
{
	char *out = run_case("billion-laughs");

	ck_assert_msg(has(out, "SGC082 compose.yaml:") &&
			      has(out, "billion-laughs"), "%s", out);
	ck_assert(sg_rule_find("SGC082")->flags & SG_RULE_PARSE_ERROR);
	free(out);
	golden_case("billion-laughs");
}
END_TEST

START_TEST(test_yaml_errors)
{
	char *out = run_case("yaml-errors");

	ck_assert_msg(has(out, "SGC082 compose.yaml:5:5") &&
			      has(out, "duplicate key 'privileged'"), "%s", out);
	ck_assert_msg(has(out, "SGC082 docker-compose.yml:"), "%s", out);
	ck_assert_msg(has(out, "SGC082 compose.deep.yaml:"), "%s", out);
	free(out);
	golden_case("yaml-errors");
}
END_TEST

START_TEST(test_suppressions)
{
	char *out = run_case("suppressions");

	ck_assert_msg(has(out, "SGC004 compose.yaml:6:17 [service web]: "
			       "service 'web' runs privileged: every device "
			       "and capability of the host\n  suppressed: # "
			       "shipgate ignore=SGC004: needs /dev access for "
			       "the demo\n"),
		      "%s", out);
	ck_assert_msg(has(out, "SGG005 compose.yaml:13:0"), "%s", out);
	ck_assert_msg(has(out, "SGC022 compose.yaml:12:10 [service web]: "
			       "service 'web' shares the host's ipc namespace "
			       "(ipc: host)\nSGG005"), "%s", out);
	free(out);
	golden_case("suppressions");
}
END_TEST

START_TEST(test_policy_projects)
{
	char *out = run_case("projects");

	ck_assert_msg(has(out, "SGC004 deploy/prod.yml:3:17"), "%s", out);
	ck_assert_msg(has(out, "SGC023 deploy/compose.yaml:4:19"), "%s", out);
	free(out);
	golden_case("projects");
}
END_TEST

/* A build context or Dockerfile that is a link out of the tree says so,
 * not that it does not exist (what it names is not the repository's). */
/*
 * Lint the tree `spec` (t_mktree) in a new directory named after `tag`:
 * its findings of the rules `ids` (NULL-terminated), one "ID PATH: MESSAGE"
 * line each, in the set's order.
 */
static char *tree_findings(const char *tag, const char *const *spec,
			   const char *const *ids)
{
	char *tmp = t_tmpdir(tag), *all;
	struct tc_opts o = { 0 };
	struct sg_buf b = SG_BUF_INIT(1 << 20);
	sg_findings *set;
	size_t i, k;

	t_mktree(tmp, spec);
	set = tc_lint(tmp, &o);
	for (i = 0; i < sg_findings_count(set); i++) {
		const sg_finding *f = sg_findings_at(set, i);

		for (k = 0; ids[k]; k++)
			if (!strcmp(f->rule->id, ids[k]))
				sg_buf_printf(&b, "%s %s: %s\n", f->rule->id,
					      f->loc.path, f->message);
	}
	all = sg_buf_detach(&b);
	sg_findings_free(set);
	free(tmp);
	return all ? all : strdup("");
}

START_TEST(test_build_link_out_of_tree)
{
	static const char *const spec[] = {
		"compose.yaml", "services:\n"
				"  a:\n    build: out\n"
				"  b:\n    build: { context: ., dockerfile: df }\n"
				"  c:\n    build: { context: ., dockerfile: missing }\n",
		"out", "-> /",
		"df", "-> ../../../../../../../../etc/passwd",
		NULL,
	};
	static const char *const ids[] = { "SGC063", NULL };
	char *all = tree_findings("compose-linkout", spec, ids);

	ck_assert_str_eq(all,
			 "SGC063 compose.yaml: service 'a' build context 'out' "
			 "leads out of the repository through a symlink\n"
			 "SGC063 compose.yaml: service 'b' Dockerfile 'df' "
			 "leads out of the repository through a symlink\n"
			 "SGC063 compose.yaml: service 'c' Dockerfile 'missing' "
			 "does not exist\n");
	free(all);
}
END_TEST

/*
 * A path that is there but of the wrong type is said to be, not reported
 * missing: a build context that is a file, a Dockerfile that is a
 * directory, and an `include:` of a directory (unreadable, SGG003: the
 * project cannot be read whole).
 */
START_TEST(test_build_paths_of_the_wrong_type)
{
	static const char *const spec[] = {
		"compose.yaml", "include:\n  - sub\n"
				"services:\n"
				"  a:\n    build: { context: ., dockerfile: sub }\n"
				"  b:\n    build: notes.txt\n",
		"notes.txt", "a file\n",
		"sub/Dockerfile", "FROM alpine:3.19\n",
		NULL,
	};
	static const char *const ids[] = { "SGC063", "SGG003", NULL };
	char *all = tree_findings("compose-types", spec, ids);

	ck_assert_str_eq(all,
			 "SGC063 compose.yaml: service 'a' Dockerfile 'sub' is "
			 "a directory\n"
			 "SGC063 compose.yaml: service 'b' build context "
			 "'notes.txt' is not a directory\n"
			 "SGG003 sub: is a directory\n");
	free(all);
}
END_TEST

START_TEST(test_links)
{
	char *out = run_case("links");

	ck_assert_msg(has(out, "link api compose.yaml:2 dockerfile=api/Dockerfile "
			       "target=runtime image=registry.example.com/api:1.0"),
		      "%s", out);
	ck_assert_msg(has(out, "SGC063 compose.yaml:13:12"), "%s", out);
	free(out);
	golden_case("links");
}
END_TEST

START_TEST(test_env_file_policy)
{
	char *out = run_case("env-file-policy");

	/* ci/ci.env, not .env: TAG=1.0, PRIV=true */
	ck_assert_msg(!has(out, "SGC057"), "%s", out);
	ck_assert_msg(has(out, "SGC004 compose.yaml:4:17"), "%s", out);
	free(out);
	golden_case("env-file-policy");
}
END_TEST

START_TEST(test_profiles)
{
	char *out = run_case("profiles");

	ck_assert_msg(has(out, "SGC021 compose.yaml:8:10 [service debugger]: "
			       "service 'debugger' shares the host's pid "
			       "namespace (pid: host) (profiles: debug)"),
		      "%s", out);
	ck_assert_msg(has(out, "SGC084 compose.yaml:4:18"), "%s", out);
	free(out);
	golden_case("profiles");
}
END_TEST

static const char *interp(const char *env, const char *s, bool *unknown,
			  enum cm_interp_issue *issue, struct sg_arena *a)
{
	struct cm_env e;
	struct cm_interp_result r;

	cm_env_init(&e);
	ck_assert_int_eq(cm_env_parse(&e, a, env, strlen(env)), 0);
	ck_assert_int_eq(cm_interpolate(&e, a, s, strlen(s), &r), 0);
	cm_env_release(&e);
	*unknown = r.unknown;
	*issue = r.issue;
	return r.value;
}

START_TEST(test_interpolation_forms)
{
	static const struct {
		const char *s, *want;
		bool unknown;
		enum cm_interp_issue issue;
	} cases[] = {
		{ "${SET}", "v", false, CM_INTERP_OK },
		{ "$SET-x", "v-x", false, CM_INTERP_OK },
		{ "${UNSET}", "", true, CM_INTERP_UNSET },
		{ "${UNSET:-d}", "d", false, CM_INTERP_OK },
		{ "${UNSET-d}", "d", false, CM_INTERP_OK },
		{ "${EMPTY:-d}", "d", false, CM_INTERP_OK },
		{ "${EMPTY-d}", "", false, CM_INTERP_OK },
		{ "${UNSET:?boom}", "", true, CM_INTERP_REQUIRED },
		{ "${EMPTY:?boom}", "", true, CM_INTERP_REQUIRED },
		{ "${EMPTY?boom}", "", false, CM_INTERP_OK },
		{ "${SET:+r}", "r", false, CM_INTERP_OK },
		{ "${EMPTY:+r}", "", false, CM_INTERP_OK },
		{ "${EMPTY+r}", "r", false, CM_INTERP_OK },
		{ "${UNSET:+r}", "", true, CM_INTERP_OK },
		{ "${UNSET:-${SET}}", "v", false, CM_INTERP_OK },
		{ "${UNSET:-${ALSO:-z}}", "z", false, CM_INTERP_OK },
		{ "$$SET", "$SET", false, CM_INTERP_OK },
		{ "cost $5 and $", "cost $5 and $", false, CM_INTERP_OK },
		{ "${", "${", true, CM_INTERP_SYNTAX },
		{ "${1X}", "", true, CM_INTERP_SYNTAX },
		{ "${SET:x}", "", true, CM_INTERP_SYNTAX },
		{ "${}", "", true, CM_INTERP_SYNTAX },
		{ "${U:-${U:-${U:-${U:-${U:-${U:-${U:-${U:-${U:-${U:-${U:-"
		  "${U:-${U:-${U:-${U:-${U:-${U:-x}}}}}}}}}}}}}}}}}", "", true,
		  CM_INTERP_DEPTH },
		{ "${QUOTED}|${SINGLE}", "a v b|lit $SET", false,
		  CM_INTERP_OK },
	};
	const char *env = "SET=v\nEMPTY=\nexport QUOTED=\"a ${SET} b\" # c\n"
			  "SINGLE='lit $SET'\n# comment\n";
	struct sg_arena a = SG_ARENA_INIT;
	size_t i;

	for (i = 0; i < SG_ARRAY_SIZE(cases); i++) {
		bool unknown;
		enum cm_interp_issue issue;
		const char *v = interp(env, cases[i].s, &unknown, &issue, &a);

		ck_assert_msg(!strcmp(v, cases[i].want) &&
				      unknown == cases[i].unknown &&
				      issue == cases[i].issue,
			      "'%s' -> '%s' unknown=%d issue=%d", cases[i].s, v,
			      unknown, issue);
	}
	sg_arena_release(&a);
}
END_TEST

/* A .env loader that counts its calls; its file names a variable it set. */
struct counted_env {
	struct sg_arena *arena;
	int calls;
	int rc;                 /* what it returns */
};

static int counted_load(struct cm_env *env, void *ctx)
{
	static const char dotenv[] = "A=1\nB=${A}2\n";
	struct counted_env *c = ctx;

	c->calls++;
	if (c->rc < 0)
		return c->rc;
	return cm_env_parse(env, c->arena, dotenv, sizeof(dotenv) - 1);
}

/* The .env is read at the first text with a '$', once: most files name no
 * variable and need not look for one. */
START_TEST(test_env_loaded_when_needed)
{
	struct sg_arena a = SG_ARENA_INIT;
	struct counted_env c = { &a, 0, 0 };
	struct cm_interp_result r;
	struct cm_env e;

	cm_env_init(&e);
	e.load = counted_load;
	e.ctx = &c;
	ck_assert_int_eq(cm_interpolate(&e, &a, "nginx:1.25", 10, &r), 0);
	ck_assert_str_eq(r.value, "nginx:1.25");
	ck_assert_int_eq(c.calls, 0);
	/* the dotenv's own ${A} is read while loading, without a second load */
	ck_assert_int_eq(cm_interpolate(&e, &a, "${B}-$A", 7, &r), 0);
	ck_assert_str_eq(r.value, "12-1");
	ck_assert(!r.unknown);
	ck_assert_int_eq(cm_interpolate(&e, &a, "${A}", 4, &r), 0);
	ck_assert_int_eq(c.calls, 1);
	cm_env_release(&e);

	/* a loader's failure is the interpolation's */
	cm_env_init(&e);
	c = (struct counted_env){ &a, 0, SG_ENOMEM };
	e.load = counted_load;
	e.ctx = &c;
	ck_assert_int_eq(cm_interpolate(&e, &a, "plain", 5, &r), 0);
	ck_assert_int_eq(cm_interpolate(&e, &a, "$A", 2, &r), SG_ENOMEM);
	ck_assert_int_eq(c.calls, 1);
	cm_env_release(&e);
	sg_arena_release(&a);
}
END_TEST

/* The single-file entry works without a source tree (fixtures, lint). */
START_TEST(test_single_file_without_source)
{
	static const char text[] =
		"services:\n  w:\n    image: nginx\n    privileged: true\n"
		"    build: ./missing\n";
	struct sg_policy pol;
	struct sg_stage_ctx ctx = { 0 };
	sg_findings *set = NULL;
	sg_error err;
	char *out;

	memset(&pol, 0, sizeof(pol));
	ck_assert_int_eq(sg_findings_new(&set), 0);
	ctx.policy = &pol;
	ctx.findings = set;
	sg_error_clear(&err);
	ck_assert_int_eq(compose_lint_file(&ctx, "x/compose.yaml", text,
					   sizeof(text) - 1, &err), 0);
	ck_assert_int_eq(sg_findings_finalize(set), 0);
	out = tc_render(set, NULL, false);
	ck_assert_msg(has(out, "SGC004 x/compose.yaml:4:17"), "%s", out);
	/* no tree: a missing context cannot be judged, so nothing is said */
	ck_assert_msg(!has(out, "SGC063"), "%s", out);
	free(out);
	sg_findings_free(set);
	/* the multi-file entry needs a tree and says so */
	ck_assert_int_eq(compose_lint_files(&ctx, NULL, 0, &err), SG_EUSAGE);
}
END_TEST

/*
 * Past 16 keys a mapping is looked up through a hash index and line texts
 * through a line index: same answers as the linear scans, on 300 services
 * (lookups by name from depends_on, finding keys from line texts).
 */
START_TEST(test_large_project_lookups)
{
	struct sg_buf b = SG_BUF_INIT(1 << 20);
	struct sg_policy pol;
	struct sg_stage_ctx ctx = { 0 };
	sg_findings *set = NULL;
	sg_error err;
	size_t i, n083 = 0, n004 = 0;

	sg_buf_puts(&b, "services:\n");
	for (i = 0; i < 300; i++) {
		/* 4 lines per service: s<i> starts at line 2 + 4i */
		sg_buf_printf(&b, "  s%zu:\n    image: nginx:1.27\n", i);
		if (i == 299)
			sg_buf_puts(&b, "    depends_on: [nope]\n");
		else
			sg_buf_printf(&b, "    depends_on: [s%zu]\n", i ? i - 1 : 1);
		sg_buf_printf(&b, "    privileged: %s\n",
			      i == 150 ? "true" : "false");
	}
	ck_assert_int_eq(sg_buf_error(&b), 0);
	memset(&pol, 0, sizeof(pol));
	ck_assert_int_eq(sg_findings_new(&set), 0);
	ctx.policy = &pol;
	ctx.findings = set;
	sg_error_clear(&err);
	ck_assert_int_eq(compose_lint_file(&ctx, "compose.yaml", b.ptr, b.len,
					   &err), 0);
	ck_assert_int_eq(sg_findings_finalize(set), 0);
	for (i = 0; i < sg_findings_count(set); i++) {
		const sg_finding *f = sg_findings_at(set, i);

		if (!strcmp(f->rule->id, "SGC083")) {
			ck_assert_uint_eq(f->loc.line, 2 + 4 * 299 + 2);
			ck_assert_msg(strstr(f->message, "nope"), "%s", f->message);
			n083++;
		} else if (!strcmp(f->rule->id, "SGC004")) {
			ck_assert_uint_eq(f->loc.line, 2 + 4 * 150 + 3);
			ck_assert_str_eq(f->key, "privileged: true");
			n004++;
		}
	}
	ck_assert_uint_eq(n083, 1);
	ck_assert_uint_eq(n004, 1);
	sg_findings_free(set);
	sg_buf_release(&b);
}
END_TEST

Suite *compose_model_suite(void)
{
	Suite *s = suite_create("compose_model");
	TCase *tc = tcase_create("model");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_override_socket_at_override_line);
	tcase_add_test(tc, test_override_merge);
	tcase_add_test(tc, test_extends);
	tcase_add_test(tc, test_include);
	tcase_add_test(tc, test_build_paths_of_the_wrong_type);
	tcase_add_test(tc, test_anchors);
	tcase_add_test(tc, test_interpolation_golden);
	tcase_add_test(tc, test_billion_laughs);
	tcase_add_test(tc, test_yaml_errors);
	tcase_add_test(tc, test_suppressions);
	tcase_add_test(tc, test_policy_projects);
	tcase_add_test(tc, test_links);
	tcase_add_test(tc, test_build_link_out_of_tree);
	tcase_add_test(tc, test_env_file_policy);
	tcase_add_test(tc, test_profiles);
	tcase_add_test(tc, test_interpolation_forms);
	tcase_add_test(tc, test_env_loaded_when_needed);
	tcase_add_test(tc, test_single_file_without_source);
	tcase_add_test(tc, test_large_project_lookups);
	suite_add_tcase(s, tc);
	return s;
}
