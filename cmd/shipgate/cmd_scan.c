/*
 * cmd_scan.c: `shipgate scan` and `shipgate lint`, the two front doors of
 * one run: options -> sg_scan_run / sg_lint_run -> reports -> exit code.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd.h"
#include "opt.h"

struct reports {
	const char *sarif, *junit, *markdown, *json, *codequality, *container;
};

#define REPORT_SPECS(r)                                                        \
	{ "sarif", 0, OPT_VALUE, "FILE", "write SARIF 2.1.0 (GitHub code scanning)", &(r).sarif },        \
	{ "junit", 0, OPT_VALUE, "FILE", "write JUnit XML (GitLab, Jenkins)", &(r).junit },               \
	{ "markdown", 0, OPT_VALUE, "FILE", "write Markdown (PR comments, step summaries)", &(r).markdown }, \
	{ "json", 0, OPT_VALUE, "FILE", "write the native JSON report", &(r).json },                      \
	{ "gitlab-codequality", 0, OPT_VALUE, "FILE", "write a GitLab Code Quality report", &(r).codequality }, \
	{ "gitlab-container-scanning", 0, OPT_VALUE, "FILE", "write a GitLab container-scanning report", &(r).container }

#define NREPORTS 6

static void report_outs(const struct reports *r, struct report_out out[NREPORTS])
{
	const struct report_out o[NREPORTS] = {
		{ "--sarif", "sarif", r->sarif },
		{ "--junit", "junit", r->junit },
		{ "--markdown", "markdown", r->markdown },
		{ "--json", "json", r->json },
		{ "--gitlab-codequality", "gitlab-codequality", r->codequality },
		{ "--gitlab-container-scanning", "gitlab-container-scanning",
		  r->container },
	};

	memcpy(out, o, sizeof(o));
}

/*
 * The files a run reads, as the user named them, which no report may
 * overwrite: the policy, baseline, database and env file, and `more`
 * (lint's files; images, also without their NAME= prefix).  NULL entries
 * are allowed; NULL when out of memory.
 */
static const char **run_inputs(const sg_scan_options *o,
			       const struct opt_list *more, size_t *n)
{
	const char **v = calloc(4 + 2 * more->n, sizeof(*v));
	size_t i, k = 0;

	*n = 0;
	if (!v)
		return NULL;
	v[k++] = o->policy_path;
	v[k++] = o->baseline;
	v[k++] = o->db;
	v[k++] = o->env_file;
	for (i = 0; i < more->n; i++) {
		const char *eq = strchr(more->v[i], '=');

		v[k++] = more->v[i];
		if (eq)
			v[k++] = eq + 1;
	}
	*n = k;
	return v;
}

/*
 * After parsing: the report paths against each other and the inputs.  A
 * collision is a usage error that touches no file; 0 otherwise.
 */
static int check_reports(const char *cmd, const struct reports *r,
			 const sg_scan_options *o, const struct opt_list *more)
{
	struct report_out out[NREPORTS];
	size_t n;
	const char **in = run_inputs(o, more, &n);
	int rc;

	if (!in) {
		fprintf(stderr, "shipgate %s: out of memory\n", cmd);
		return SG_EXIT_INTERNAL;
	}
	report_outs(r, out);
	rc = output_check(cmd, out, NREPORTS, in, n);
	free(in);
	return rc;
}

/* Only SARIF and JSON show line hashes; without them the run skips them. */
static bool shows_line_hashes(const struct reports *r)
{
	return r->sarif || r->json;
}

/* Every report shows (or, Markdown, orders by) fingerprints; the terminal
 * does not. */
static bool shows_fingerprints(const struct reports *r)
{
	struct report_out out[NREPORTS];
	size_t i;

	report_outs(r, out);
	for (i = 0; i < NREPORTS; i++)
		if (out[i].path)
			return true;
	return false;
}

/* The run stopped before writing: no stale report is left at the paths. */
static void discard_reports(const struct reports *r)
{
	struct report_out out[NREPORTS];

	report_outs(r, out);
	output_discard(out, NREPORTS);
}

static int print_summary(const sg_result *res, const sg_report_options *ro)
{
	sg_error err;
	char *text = NULL;

	sg_error_clear(&err);
	if (sg_report_render(&text, NULL, res, "text", ro, &err) < 0)
		return cmd_fail(&err, SG_EXIT_INTERNAL);
	fputs(text, stdout);
	fflush(stdout);
	free(text);
	return 0;
}

#define JOBS_SPEC(v) \
	{ "jobs", 'j', OPT_VALUE, "N", "lint Dockerfiles and Compose projects on N threads (default: one per usable CPU)", &(v) }

/* --jobs N: 1 to 64; 0 (not given) lets the run use one thread per CPU. */
static int parse_jobs(const char *cmd, const char *s, unsigned int *out)
{
	char *end;
	unsigned long n;

	*out = 0;
	if (!s)
		return 0;
	n = strtoul(s, &end, 10);
	/* digits only: strtoul also takes blanks, a sign and overflow */
	if (*s < '0' || *s > '9' || *end || n < 1 || n > 64) {
		fprintf(stderr, "shipgate %s: --jobs wants a number from 1 to 64, "
			"got '%s'\n", cmd, s);
		return 2;
	}
	*out = (unsigned int)n;
	return 0;
}

/*
 * An explicit --db must exist.  Without a database the run inspects images
 * but skips their vulnerability scan with only a note, which is right for
 * the default path (no database set up) but not for one the user named: a
 * typo or a CI cache that was not restored would pass the gate unscanned.
 * What the file holds is checked by the run (not a database: exit 2).
 */
static int check_db(const char *db)
{
	struct stat st;

	if (!db || stat(db, &st) == 0)
		return 0;
	fprintf(stderr, "shipgate: %s: cannot open the vulnerability database: "
		"%s ('shipgate db import --db FILE' builds one)\n", db,
		strerror(errno));
	return 2;
}

static int finish(sg_result *res, const struct reports *rep,
		  const sg_report_options *ro, bool quiet)
{
	struct report_out out[NREPORTS];
	int rc = res->exit_code, wrc;

	report_outs(rep, out);
	wrc = output_write(out, NREPORTS, res, ro);
	/* a report on stdout ('-') is all stdout holds */
	if (!quiet && !output_to_stdout(out, NREPORTS) &&
	    print_summary(res, ro))
		wrc = SG_EXIT_INTERNAL;
	sg_result_free(res);
	return wrc ? wrc : rc;
}

int cmd_scan(int argc, char **argv)
{
	sg_scan_options o = SG_SCAN_OPTIONS_INIT;
	sg_report_options ro = { 0 };
	struct reports rep = { 0 };
	struct opt_list include = { 0 }, exclude = { 0 }, images = { 0 },
			pos = { 0 };
	const char *jobs = NULL;
	bool quiet = false;
	const struct opt_spec specs[] = {
		{ "rev", 0, OPT_VALUE, "REV", "revision to scan (default HEAD)", &o.rev },
		{ "worktree", 0, OPT_FLAG, NULL, "scan the files on disk under PATH (a subdirectory: only it), uncommitted changes included", &o.worktree },
		{ "base", 0, OPT_VALUE, "REV", "PR mode: compare with this base revision", &o.base },
		{ "policy", 0, OPT_VALUE, "FILE", "policy file (default: .shipgate.yaml in the tree)", &o.policy_path },
		{ "fail-on", 0, OPT_VALUE, "SEVERITY", "info|low|medium|high|critical|never (overrides the policy)", &o.fail_on },
		{ "include", 0, OPT_LIST, "GLOB", "only these paths", &include },
		{ "exclude", 0, OPT_LIST, "GLOB", "skip these paths", &exclude },
		{ "image", 0, OPT_LIST, "[NAME=]PATH", "also inspect an image (docker save tar, OCI layout or oci-archive)", &images },
		{ "platform", 0, OPT_VALUE, "OS/ARCH", "platform to pick from a multi-platform image", &o.platform },
		{ "db", 0, OPT_VALUE, "FILE", "vulnerability database (default: XDG cache)", &o.db },
		{ "baseline", 0, OPT_VALUE, "FILE", "accepted findings (see 'shipgate baseline')", &o.baseline },
		{ "env-file", 0, OPT_VALUE, "FILE", "values for Compose interpolation", &o.env_file },
		{ "shard", 0, OPT_VALUE, "K/N", "analyse only slice K of N (see 'shipgate merge')", &o.shard },
		{ "link-base", 0, OPT_VALUE, "URL", "permalink prefix for Markdown links", &o.link_base },
		{ "category", 0, OPT_VALUE, "PREFIX", "SARIF category prefix (default shipgate/)", &o.category },
		{ "today", 0, OPT_VALUE, "YYYY-MM-DD", "date to evaluate ignore expiry against (default: today, UTC)", &o.today },
		JOBS_SPEC(jobs),
		REPORT_SPECS(rep),
		{ "quiet", 'q', OPT_FLAG, NULL, "no summary on stdout", &quiet },
	};
	const struct opt_cmd cmd = {
		"scan", "[PATH] [options]",
		"Gate a git repository: read the tree of a commit (HEAD, or --rev) "
		"without checking it out,\nlint every Dockerfile and Compose file, "
		"inspect images, apply the policy, write reports.\nA subdirectory "
		"PATH finds its repository (the whole tree is scanned); with "
		"--worktree only\nthe files under PATH are, and --base reads the "
		"same directory of the base revision.",
		"exit codes: 0 passed, 1 gating findings, 2 usage or policy error,\n"
		"3 an input could not be analysed (reports written), 4 internal or i/o error",
		specs, sizeof(specs) / sizeof(specs[0]),
	};
	sg_result *res = NULL;
	sg_error err;
	int rc = opt_parse(&cmd, argc, argv, &pos);

	if (rc == 0 && pos.n > 1) {
		fprintf(stderr, "shipgate scan: one repository path at most (got '%s')\n",
			pos.v[1]);
		rc = 2;
	}
	if (rc) {
		rc = rc == 1 ? SG_EXIT_PASS : SG_EXIT_USAGE;
		goto done;
	}
	o.no_line_hashes = !shows_line_hashes(&rep);
	o.no_fingerprints = !shows_fingerprints(&rep);
	if ((rc = check_reports("scan", &rep, &o, &images)) != 0)
		goto done;
	rc = parse_jobs("scan", jobs, &o.jobs);
	if (rc == 0)
		rc = check_db(o.db);
	if (rc) {
		discard_reports(&rep);
		goto done;
	}
	o.path = pos.n ? pos.v[0] : ".";
	o.include.v = include.v;
	o.include.n = include.n;
	o.exclude.v = exclude.v;
	o.exclude.n = exclude.n;
	o.images.v = images.v;
	o.images.n = images.n;
	ro.link_base = o.link_base;
	ro.category = o.category;
	sg_error_clear(&err);
	if (sg_scan_run(&res, &o, &err) < 0) {
		rc = cmd_run_error(&err);
		discard_reports(&rep);
		goto done;
	}
	if (o.worktree) {
		struct report_out out[NREPORTS];

		report_outs(&rep, out);
		if ((rc = output_check_targets("scan", out, NREPORTS, res))) {
			sg_result_free(res);
			goto done;
		}
	}
	rc = finish(res, &rep, &ro, quiet);
done:
	opt_list_release(&include);
	opt_list_release(&exclude);
	opt_list_release(&images);
	opt_list_release(&pos);
	return rc;
}

/*
 * The commands that take their inputs as arguments (lint: files, image:
 * images): parse, require at least one, run, report.  `inputs` receives the
 * positional arguments.
 */
static int run_positional(const struct opt_cmd *cmd, int argc, char **argv,
			  const char *what, sg_scan_options *o, sg_strv *inputs,
			  int (*run)(sg_result **, const sg_scan_options *,
				     sg_error *),
			  const struct reports *rep, sg_report_options *ro,
			  const bool *quiet, const char *const *jobs)
{
	struct opt_list pos = { 0 };
	sg_result *res = NULL;
	sg_error err;
	int rc = opt_parse(cmd, argc, argv, &pos);

	if (rc == 0 && pos.n == 0) {
		fprintf(stderr, "shipgate %s: no %s given (see 'shipgate %s --help')\n",
			cmd->name, what, cmd->name);
		rc = 2;
	}
	if (rc) {
		rc = rc == 1 ? SG_EXIT_PASS : SG_EXIT_USAGE;
		goto done;
	}
	o->no_line_hashes = !shows_line_hashes(rep);
	o->no_fingerprints = !shows_fingerprints(rep);
	if ((rc = check_reports(cmd->name, rep, o, &pos)) != 0)
		goto done;
	if (jobs)
		rc = parse_jobs(cmd->name, *jobs, &o->jobs);
	if (rc == 0)
		rc = check_db(o->db);
	if (rc) {
		discard_reports(rep);
		goto done;
	}
	inputs->v = pos.v;
	inputs->n = pos.n;
	ro->category = o->category;     /* known only after parsing */
	sg_error_clear(&err);
	if (run(&res, o, &err) < 0) {
		rc = cmd_run_error(&err);
		discard_reports(rep);
		goto done;
	}
	rc = finish(res, rep, ro, *quiet);
done:
	opt_list_release(&pos);
	return rc;
}

int cmd_lint(int argc, char **argv)
{
	sg_scan_options o = SG_SCAN_OPTIONS_INIT;
	sg_report_options ro = { 0 };
	struct reports rep = { 0 };
	const char *jobs = NULL;
	bool quiet = false;
	const struct opt_spec specs[] = {
		{ "policy", 0, OPT_VALUE, "FILE", "policy file (default: ./.shipgate.yaml if present)", &o.policy_path },
		{ "fail-on", 0, OPT_VALUE, "SEVERITY", "info|low|medium|high|critical|never", &o.fail_on },
		{ "env-file", 0, OPT_VALUE, "FILE", "values for Compose interpolation", &o.env_file },
		{ "stdin-name", 0, OPT_VALUE, "PATH", "lint standard input ('-') as this file: its kind, its place for neighbours and reports (default: '-', a Dockerfile)", &o.stdin_name },
		{ "today", 0, OPT_VALUE, "YYYY-MM-DD", "date to evaluate ignore expiry against", &o.today },
		JOBS_SPEC(jobs),
		REPORT_SPECS(rep),
		{ "quiet", 'q', OPT_FLAG, NULL, "no summary on stdout", &quiet },
	};
	const struct opt_cmd cmd = {
		"lint", "FILE... [options]",
		"Lint Dockerfiles and Compose files from disk (pre-commit hooks, "
		"editors) with the same rules,\npolicy and reports as 'scan'.",
		"A file is a Compose file when its name says so (compose.yaml, "
		"docker-compose.*.yml, or any .yml/.yaml\nnamed explicitly), "
		"otherwise a Dockerfile.  FILE '-' is standard input (an "
		"editor's buffer).",
		specs, sizeof(specs) / sizeof(specs[0]),
	};

	return run_positional(&cmd, argc, argv, "files", &o, &o.files,
			      sg_lint_run, &rep, &ro, &quiet, &jobs);
}

int cmd_image(int argc, char **argv)
{
	sg_scan_options o = SG_SCAN_OPTIONS_INIT;
	sg_report_options ro = { 0 };
	struct reports rep = { 0 };
	bool quiet = false;
	const struct opt_spec specs[] = {
		{ "db", 0, OPT_VALUE, "FILE", "vulnerability database (default: XDG cache)", &o.db },
		{ "platform", 0, OPT_VALUE, "OS/ARCH", "platform to pick from a multi-platform image", &o.platform },
		{ "policy", 0, OPT_VALUE, "FILE", "policy file (default: ./.shipgate.yaml if present)", &o.policy_path },
		{ "fail-on", 0, OPT_VALUE, "SEVERITY", "info|low|medium|high|critical|never", &o.fail_on },
		{ "today", 0, OPT_VALUE, "YYYY-MM-DD", "date for ignore expiry and database age", &o.today },
		{ "category", 0, OPT_VALUE, "PREFIX", "SARIF category prefix (default shipgate/)", &o.category },
		REPORT_SPECS(rep),
		{ "quiet", 'q', OPT_FLAG, NULL, "no summary on stdout", &quiet },
	};
	const struct opt_cmd cmd = {
		"image", "[NAME=]PATH... [options]",
		"Inspect built images without a repository: docker save tarballs "
		"(every Docker version),\nOCI layouts and oci-archives, streamed, "
		"never extracted; then match their packages\nagainst the offline "
		"vulnerability database.",
		"NAME is how reports name the image (default: PATH, and the tags "
		"stored in the archive).",
		specs, sizeof(specs) / sizeof(specs[0]),
	};

	return run_positional(&cmd, argc, argv, "image", &o, &o.images,
			      sg_image_run, &rep, &ro, &quiet, NULL);
}
