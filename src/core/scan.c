/*
 * scan.c: drives one gate run.
 *
 *   source (git commit | work tree | loose files)
 *     -> policy (.shipgate.yaml in that tree, or --policy)
 *     -> discovery -> compose (records links) -> dockerfile -> images
 *     -> [PR mode: the same on the base revision, then compare]
 *     -> line hashes -> policy verdicts -> result (exit code)
 *
 * Stages only add findings; the policy alone decides verdicts.  The run is a
 * function of its inputs and `today`, so two runs give identical results.
 */
#include "util/compat.h"
#include "shipgate/scan.h"

#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "compose/compose.h"
#include "core/links.h"
#include "shipgate/compare.h"
#include "repo/diff.h"
#include "core/registry.h"
#include "core/stage.h"
#include "dockerfile/dockerfile.h"
#include "image/image.h"
#include "shipgate/vulndb.h"
#include "vuln/match.h"
#include "policy/policy.h"
#include "repo/discover.h"
#include "repo/source.h"
#include "shipgate/report.h"
#include "util/buf.h"
#include "util/dynlib.h"
#include "util/fs.h"
#include "util/threads.h"
#include "util/path.h"
#include "util/strmap.h"

static const char *const policy_names[] = {
	".shipgate.yaml", ".shipgate.yml", ".shipgate.json",
};

bool sg_scan_reads_name(const char *path)
{
	static const char *const config[] = {
		".hadolint.yaml", ".hadolint.yml", ".env",
	};
	const char *base = strrchr(path, '/');
	size_t i;

	base = base ? base + 1 : path;
	if (repo_classify(path) != REPO_CLASS_NONE)
		return true;
	for (i = 0; i < SG_ARRAY_SIZE(policy_names); i++)
		if (!strcmp(base, policy_names[i]))
			return true;
	for (i = 0; i < SG_ARRAY_SIZE(config); i++)
		if (!strcmp(base, config[i]))
			return true;
	return false;
}

#define POLICY_MAX ((size_t)1 << 20)

struct run {
	const sg_scan_options *opts;
	char today[11];
	struct sg_policy *policy;
	struct sg_strmap baseline;      /* accepted fingerprints */
	char **baseline_keys;           /* owned keys of `baseline` */
	unsigned int shard, shards;     /* --shard K/N; shards == 0: not sharded */
	struct repo_renames *renames;   /* PR mode, while the base is analysed:
					   base paths shard as their head paths */
	sg_vulndb *vulndb;              /* open when images are scanned and a database exists */
	char *vulndb_path;
	size_t nbaseline;
	struct sg_buf hadolint_text;    /* .hadolint.yaml, read once per run */
	struct sg_stage_file hadolint;
	bool has_hadolint;
	struct sg_workers *workers;     /* run_workers(): lint threads */
	sg_error *err;
};

/* --today, checked before anything is read; else today's date (UTC). */
static int set_today(struct run *r)
{
	time_t now;
	struct tm tm;

	if (r->opts->today) {
		if (!sg_policy_valid_date(r->opts->today))
			return sg_error_set(r->err, SG_EUSAGE, NULL, 0, 0,
					    "--today must be a date YYYY-MM-DD "
					    "(got '%.64s')", r->opts->today);
		memcpy(r->today, r->opts->today, 11);
		return 0;
	}
	now = time(NULL);
	gmtime_r(&now, &tm);
	strftime(r->today, sizeof(r->today), "%Y-%m-%d", &tm);
	return 0;
}

/*
 * A run that cannot start because of what the user gave it (a revision
 * that is not a commit, a policy or baseline path that is a directory or
 * leaves the tree) is a usage or policy error, exit 2, not an internal one:
 * the caller's exit code comes from err->code, so the code is rewritten
 * there as well as returned.  Memory and I/O failures keep theirs (exit 4).
 */
static int setup_error(sg_error *err, int rc, int code)
{
	if (rc == SG_ENOMEM || rc == SG_EIO || rc >= 0)
		return rc;
	if (err)
		err->code = code;
	return code;
}

/* The same for the file named `what` ("policy", "baseline"): the message
 * says which file it was, not only why it could not be read. */
static int file_error(sg_error *err, int rc, const char *what)
{
	char msg[sizeof(err->message)];

	if ((rc = setup_error(err, rc, SG_EPOLICY)) != SG_EPOLICY || !err)
		return rc;
	snprintf(msg, sizeof(msg), "%s", err->message);
	if (strncmp(msg, "cannot read the ", 16) != 0)
		snprintf(err->message, sizeof(err->message),
			 "cannot read the %s: %.400s", what, msg);
	return rc;
}

/* --fail-on, checked before anything is read: a usage error scans nothing. */
static int parse_fail_on(const char *text, sg_severity *out, sg_error *err)
{
	if (!strcmp(text, "never") || !strcmp(text, "none")) {
		*out = SG_SEVERITY__COUNT;
		return 0;
	}
	if (sg_severity_parse(text, out) == 0)
		return 0;
	return sg_error_set(err, SG_EUSAGE, NULL, 0, 0,
			    "--fail-on must be one of info, low, medium, high, "
			    "critical, never (got '%s')", text);
}

/* --policy FILE from disk, else the first policy file in the tree. */
static int load_policy(struct run *r, struct sg_source *src)
{
	struct sg_buf b = SG_BUF_INIT(POLICY_MAX);
	const char *name = NULL;
	size_t i;
	int rc;

	if (r->opts->policy_path) {
		name = r->opts->policy_path;
		rc = sg_read_file(name, POLICY_MAX, &b, r->err);
		if (rc < 0) {
			sg_buf_release(&b);
			if (r->err)
				r->err->code = SG_EPOLICY;
			return SG_EPOLICY;
		}
	} else {
		for (i = 0; src && i < SG_ARRAY_SIZE(policy_names); i++)
			if (sg_source_exists(src, policy_names[i])) {
				name = policy_names[i];
				break;
			}
		if (name && (rc = sg_source_read(src, name, POLICY_MAX, &b,
						 r->err)) < 0) {
			sg_buf_release(&b);
			return file_error(r->err, rc, "policy");
		}
	}
	if (name)
		rc = sg_policy_load(&r->policy, name, sg_buf_cstr(&b), b.len,
				    r->today, r->err);
	else
		rc = sg_policy_defaults(&r->policy, r->today, r->err);
	sg_buf_release(&b);
	if (rc < 0)
		return rc;
	if (r->opts->fail_on)
		return parse_fail_on(r->opts->fail_on, &r->policy->fail_on, r->err);
	return 0;
}

/* Baseline: {"findings": [{"fingerprint": "…"}, …], "created": "…"} */
static int load_baseline(struct run *r, sg_result *res, struct sg_source *src)
{
	const char *path = r->opts->baseline ? r->opts->baseline
					     : r->policy->baseline;
	struct sg_buf b = SG_BUF_INIT((size_t)256 << 20);
	json_error_t jerr;
	json_t *root = NULL, *arr, *item, *created;
	size_t i;
	int rc;

	if (!path || r->opts->no_baseline)
		return 0;
	rc = r->opts->baseline ? sg_read_file(path, b.max, &b, r->err)
			       : sg_source_read(src, path, b.max, &b, r->err);
	if (rc < 0) {
		rc = file_error(r->err, rc, "baseline");
		goto done;
	}
	root = json_loadb(sg_buf_cstr(&b), b.len, JSON_REJECT_DUPLICATES, &jerr);
	arr = root ? json_object_get(root, "findings") : NULL;
	if (!json_is_array(arr)) {
		rc = sg_error_set(r->err, SG_EPOLICY, path,
				  root ? 0 : (unsigned)jerr.line, 0,
				  "not a shipgate baseline: %s",
				  root ? "no 'findings' list" : jerr.text);
		goto done;
	}
	r->baseline_keys = calloc(json_array_size(arr) + 1, sizeof(char *));
	if (!r->baseline_keys) {
		rc = sg_error_set(r->err, SG_ENOMEM, path, 0, 0, "out of memory");
		goto done;
	}
	json_array_foreach(arr, i, item) {
		const char *fp = json_string_value(json_object_get(item, "fingerprint"));
		char *k;

		if (!fp || strlen(fp) != 64) {
			rc = sg_error_set(r->err, SG_EPOLICY, path, 0, 0,
					  "baseline entry %zu has no fingerprint", i);
			goto done;
		}
		if (!(k = strdup(fp)) ||
		    sg_strmap_put(&r->baseline, k, (void *)1, NULL) < 0) {
			free(k);
			rc = sg_error_set(r->err, SG_ENOMEM, path, 0, 0, "out of memory");
			goto done;
		}
		r->baseline_keys[r->nbaseline++] = k;
	}
	created = json_object_get(root, "created");
	res->baseline_path = sg_findings_strdup(res->findings, path);
	res->baseline_created = sg_findings_strdup(res->findings,
						   json_string_value(created));
	res->baseline_size = r->nbaseline;
done:
	json_decref(root);
	sg_buf_release(&b);
	return rc;
}

static void release_run(struct run *r)
{
	size_t i;

	for (i = 0; i < r->nbaseline; i++)
		free(r->baseline_keys[i]);
	free(r->baseline_keys);
	sg_strmap_release(&r->baseline);
	sg_policy_free(r->policy);
	sg_vulndb_free(r->vulndb);
	free(r->vulndb_path);
	sg_buf_release(&r->hadolint_text);
	sg_workers_free(r->workers);    /* stop_workers() has, where sources are */
}

/*
 * hadolint's configuration at the root of `src`, when the policy imports
 * it; read from the same tree as the policy (in PR mode the base's).  A
 * file that cannot be read is treated as absent, as hadolint treats it.
 */
static void load_hadolint(struct run *r, struct sg_source *src)
{
	static const char *const names[] = { ".hadolint.yaml", ".hadolint.yml" };
	size_t i;

	sg_buf_init(&r->hadolint_text, 256 * 1024);
	if (!src || !r->policy->dockerfile.import_hadolint)
		return;
	for (i = 0; i < SG_ARRAY_SIZE(names); i++) {
		sg_buf_clear(&r->hadolint_text);
		if (sg_source_read(src, names[i], r->hadolint_text.max,
				   &r->hadolint_text, NULL) == 0) {
			r->hadolint.path = names[i];
			r->hadolint.data = sg_buf_cstr(&r->hadolint_text);
			r->hadolint.len = r->hadolint_text.len;
			r->has_hadolint = true;
			return;
		}
	}
}

static const struct sg_stage_file *hadolint_of(const struct run *r)
{
	return r->has_hadolint ? &r->hadolint : NULL;
}

/* A target that cannot be read is a finding, not a failed run. */
static int unreadable(sg_result *res, const char *path, const sg_error *e)
{
	sg_location loc = { .path = path };
	const sg_rule *rule = e->code == SG_ELIMIT ? &sg_rule_file_too_large
						   : &sg_rule_unreadable;

	if (!sg_findings_add(res->findings, rule, &loc, "unreadable", "%s",
			     e->message[0] ? e->message : sg_status_text(e->code)))
		return SG_ENOMEM;
	return sg_result_add_target(res, path, SG_TARGET_DOCKERFILE, false);
}

static int lfs_pointer(sg_result *res, const char *path)
{
	if (!sg_findings_add_lfs_pointer(res->findings, path))
		return SG_ENOMEM;
	return sg_result_add_target(res, path, SG_TARGET_DOCKERFILE, false);
}

/*
 * Sharding.  Every shard discovers everything and runs the Compose stage on
 * every file (cheap), so the links from services to Dockerfiles are complete
 * in each shard; only the Dockerfiles and images of the shard are analysed,
 * and at the end only the findings and targets of the shard are kept.  The
 * shard of a finding is the shard of its path (or image).  So the union of
 * the shards is exactly one full run, which is what `shipgate merge` needs.
 */
static bool in_shard(const struct run *r, const char *key)
{
	const char *head;

	if (r->shards <= 1 || !key)
		return true;
	/* a file renamed between base and head belongs to its head shard, so
	 * its base findings meet its head findings in the same shard */
	if (r->renames && (head = repo_renames_head_path(key, r->renames)))
		key = head;
	return repo_shard_of(key, r->shards) == r->shard;
}

static bool keep_in_shard(const sg_finding *f, void *payload)
{
	return in_shard(payload, f->loc.path ? f->loc.path : f->loc.image);
}

static void shard_filter(const struct run *r, sg_result *res)
{
	size_t i, o;

	if (r->shards <= 1)
		return;
	sg_findings_filter(res->findings, keep_in_shard, (void *)r);
	for (i = o = 0; i < res->ntargets; i++)
		if (in_shard(r, res->targets[i].path))
			res->targets[o++] = res->targets[i];
	res->ntargets = o;
}

/*
 * Dockerfiles are linted on every CPU.  Workers, this thread among them,
 * claim files one at a time, read each (through a fork of the source of
 * their own: a git repository is not shared between threads) and lint it
 * into their own finding set; then each file's findings are moved to the
 * run's set in file order, so the result is the one a single thread gives,
 * byte for byte.  A file's text lives only while its worker lints it.
 */
#define LINT_BATCH_FILES 1024

struct lint_job {
	const char *path;
	struct sg_buf data;
	/* why it failed, malloc'd then only (NULL: out of memory): a record
	 * in every job was a megabyte per batch to zero and fault in */
	sg_error *err;
	int rc;                 /* df_lint_file's; < 0 stops the run */
	bool read_failed;       /* err says why: a finding, or ENOMEM */
	bool lfs_pointer;       /* not the content: SGG002, not linted */
	unsigned int worker;    /* whose set holds the findings, [start, end) */
	size_t start, end;
};

struct lint_pool {
	struct lint_job *jobs;
	size_t njobs;
	/* the run's context with a worker's findings set and source */
	struct sg_stage_ctx ctx[SG_WORKERS_MAX];
};

/* Read a job's file: < 0 when there is nothing to lint (j says why, or
 * `e` with read_failed). */
static int lint_read(const struct sg_stage_ctx *ctx, struct lint_job *j,
		     sg_error *e)
{
	sg_buf_init(&j->data, ctx->policy->max_file_size);
	if (sg_source_read(ctx->source, j->path, j->data.max, &j->data,
			   e) < 0)
		j->read_failed = true;
	else
		j->lfs_pointer = sg_source_is_lfs_pointer(j->data.ptr,
							  j->data.len);
	if (!j->read_failed && !j->lfs_pointer)
		return 0;
	sg_buf_release(&j->data);
	return -1;
}

/* sg_work_fn: lint jobs[i] into the worker's set */
static void lint_work(void *payload, size_t i, unsigned int worker)
{
	struct lint_pool *p = payload;
	const struct sg_stage_ctx *ctx = &p->ctx[worker];
	sg_findings *set = ctx->findings;
	struct lint_job *j = &p->jobs[i];
	sg_error e;

	sg_error_clear(&e);
	if (lint_read(ctx, j, &e) < 0) {
		if (j->read_failed && (j->err = malloc(sizeof(e))))
			*j->err = e;
		return;
	}
	j->worker = worker;
	j->start = sg_findings_count(set);
	j->rc = df_lint_file(ctx, j->path, sg_buf_cstr(&j->data), j->data.len,
			     &e);
	j->end = sg_findings_count(set);
	sg_findings_sort_range(set, j->start, j->end);
	/* GitHub's line hashes while the text is at hand: hash_lines() then
	 * need not read the file again */
	if (j->rc >= 0 && j->end > j->start && ctx->line_hashes &&
	    sg_findings_set_line_hashes_range(set, j->start, j->end,
					      j->path, sg_buf_cstr(&j->data),
					      j->data.len) < 0) {
		j->rc = SG_ENOMEM;
		sg_error_set(&e, SG_ENOMEM, j->path, 0, 0, "out of memory");
	}
	if (j->rc < 0 && (j->err = malloc(sizeof(e))))
		*j->err = e;
	sg_buf_release(&j->data);
}

/* Threads to lint on: --jobs, else one per CPU the process may use. */
static unsigned int lint_jobs(const struct run *r)
{
	long n = r->opts->jobs;

	if (n <= 0)
		n = sg_usable_cpus();
	return n < 1 ? 1 : n > SG_WORKERS_MAX ? SG_WORKERS_MAX : (unsigned int)n;
}

/* The run's worker threads, started once (NULL: lint on this thread). */
static struct sg_workers *run_workers(struct run *r)
{
	if (!r->workers && sg_workers_new(&r->workers, lint_jobs(r)) < 0)
		r->workers = NULL;
	return r->workers;
}

/* Before the sources are freed: a helper that read through libgit2 frees
 * its thread's state as it exits, which needs the library still set up
 * (the last source to go shuts it down).  A later finalize of `res`
 * fingerprints on this thread. */
static void stop_workers(struct run *r, sg_result *res)
{
	if (res)
		sg_findings_set_workers(res->findings, NULL);
	sg_workers_free(r->workers);
	r->workers = NULL;
}

/* Move the batch's findings to the run's set, in file order. */
static int lint_collect(sg_result *res, struct lint_pool *p, unsigned int nw,
			sg_error *err)
{
	size_t i;
	unsigned int k;
	int rc = 0;

	if (sg_findings_reserve_workers(res->findings, p->ctx, nw) < 0)
		rc = sg_error_set(err, SG_ENOMEM, NULL, 0, 0, "out of memory");
	for (i = 0; i < p->njobs && rc >= 0; i++) {
		struct lint_job *j = &p->jobs[i];

		if (j->read_failed) {
			rc = !j->err || j->err->code == SG_ENOMEM
				     ? sg_error_set(err, SG_ENOMEM, j->path, 0, 0,
						    "out of memory")
				     : unreadable(res, j->path, j->err);
			continue;
		}
		if (j->lfs_pointer) {
			if ((rc = lfs_pointer(res, j->path)) < 0)
				sg_error_set(err, rc, j->path, 0, 0,
					     "out of memory");
			continue;
		}
		if (j->rc < 0) {
			if (!j->err)
				sg_error_set(err, SG_ENOMEM, j->path, 0, 0,
					     "out of memory");
			else if (err)
				*err = *j->err;
			rc = j->rc;
			break;
		}
		rc = sg_findings_take(res->findings, p->ctx[j->worker].findings,
				      j->start, j->end);
		if (rc < 0)
			rc = sg_error_set(err, rc, NULL, 0, 0, "out of memory");
	}
	for (i = 0; i < p->njobs; i++) {
		free(p->jobs[i].err);
		p->jobs[i].err = NULL;
	}
	for (k = 0; k < nw; k++)
		sg_findings_adopt(res->findings, p->ctx[k].findings);
	return rc;
}

/* A Dockerfile of this run (and shard) to lint. */
static bool lints_dockerfile(const struct run *r, const struct repo_target *t)
{
	return t->kind == SG_TARGET_DOCKERFILE && in_shard(r, t->path);
}

static bool any_dockerfile(const struct run *r, const struct repo_targets *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (lints_dockerfile(r, &t->v[i]))
			return true;
	return false;
}

static int lint_dockerfiles(const struct run *r, const struct sg_stage_ctx *ctx,
			    sg_result *res, const struct repo_targets *t,
			    sg_error *err)
{
	struct sg_source *src[SG_WORKERS_MAX];
	struct df_plan *plan = NULL;
	struct lint_pool *p;
	unsigned int nw = sg_workers_count(ctx->workers), k;
	size_t i = 0, n;
	int rc = 0;

	/* a Compose-only run: no plan, link index or threads' sources to set
	 * up and tear down on this thread */
	if (!any_dockerfile(r, t))
		return 0;
	p = calloc(1, sizeof(*p));
	memset(src, 0, sizeof(src));
	if (!p || !(p->jobs = calloc(LINT_BATCH_FILES, sizeof(*p->jobs)))) {
		rc = sg_error_set(err, SG_ENOMEM, NULL, 0, 0, "out of memory");
		goto done;
	}
	/* the Compose stage has added every link: the workers look them up */
	if ((rc = df_plan_new(&plan, ctx)) < 0 ||
	    (ctx->links && (rc = sg_links_index(ctx->links)) < 0)) {
		rc = sg_error_set(err, rc, NULL, 0, 0, "out of memory");
		goto done;
	}
	if (ctx->source && nw > 1 &&
	    (rc = sg_source_threads_open(src, nw, ctx->source, err)) < 0)
		goto done;
	for (k = 0; k < nw; k++) {
		p->ctx[k] = *ctx;
		p->ctx[k].df_plan = plan;
		if (src[k])
			p->ctx[k].source = src[k];
		if (sg_findings_new(&p->ctx[k].findings) < 0) {
			p->ctx[k].findings = NULL;
			rc = sg_error_set(err, SG_ENOMEM, NULL, 0, 0,
					  "out of memory");
			goto done;
		}
	}
	while (i < t->n && rc >= 0) {
		/* a batch of this run's Dockerfiles, in order */
		for (n = 0; i < t->n && n < LINT_BATCH_FILES; i++) {
			const struct repo_target *tg = &t->v[i];

			if (lints_dockerfile(r, tg))
				p->jobs[n++] = (struct lint_job){ .path = tg->path };
		}
		p->njobs = n;
		if (n == 0)
			break;
		sg_workers_run(ctx->workers, n, lint_work, p);
		rc = lint_collect(res, p, nw, err);
	}
done:
	for (k = 0; p && k < nw; k++)
		sg_findings_free(p->ctx[k].findings);
	sg_source_threads_free(src, nw);
	df_plan_free(plan);
	if (p)
		free(p->jobs);
	free(p);
	return rc;
}

/* Lint the Compose targets; one whose file could not be read (SGG003) or
 * is a Git LFS pointer (SGG002) is recorded as not analysed, as such a
 * Dockerfile is. */
static int lint_compose(const struct sg_stage_ctx *ctx, sg_result *res,
			const struct repo_targets *t, sg_error *err)
{
	const char **paths;
	size_t i, n = 0, first = sg_findings_count(res->findings);
	int rc;

	paths = calloc(t->n + 1, sizeof(*paths));
	if (!paths)
		return sg_error_set(err, SG_ENOMEM, NULL, 0, 0, "out of memory");
	for (i = 0; i < t->n; i++)
		if (t->v[i].kind == SG_TARGET_COMPOSE)
			paths[n++] = t->v[i].path;
	rc = n ? compose_lint_files(ctx, paths, n, err) : 0;
	free(paths);
	for (i = first; rc >= 0 && i < sg_findings_count(res->findings); i++) {
		const sg_finding *f = sg_findings_at(res->findings, i);

		if ((f->rule == &sg_rule_unreadable ||
		     f->rule == &sg_rule_lfs_pointer) && f->loc.path &&
		    sg_result_add_target(res, f->loc.path, SG_TARGET_COMPOSE,
					 false) < 0)
			rc = sg_error_set(err, SG_ENOMEM, NULL, 0, 0,
					  "out of memory");
	}
	return rc;
}

/*
 * A Dockerfile a Compose service builds is linted whatever its name
 * (`dockerfile: Dockerfile.go`, `app.build`): discovery goes by names, the
 * build by the service.
 */
static int add_built_dockerfiles(struct sg_source *src,
				 const struct repo_discover_opts *dopts,
				 const struct sg_links *links,
				 struct repo_targets *t, sg_result *res,
				 sg_error *err)
{
	size_t i;
	int rc;

	for (i = 0; i < links->v.n; i++)
		if (links->v.v[i].dockerfile &&
		    (rc = repo_discover_add(src, dopts, links->v.v[i].dockerfile,
					    REPO_CLASS_DOCKERFILE, t, res,
					    err)) < 0)
			return rc;
	return 0;
}

/*
 * The vulnerability database, when images are scanned: --db, the policy's
 * vuln.db, else the XDG default.  No database is not an error (the image
 * checks still run) but the summary says the scan stage did not run; a
 * corrupt one is an error, never a silent pass.
 */
static int open_vulndb(struct run *r, sg_result *res)
{
	const char *path = r->opts->db ? r->opts->db : r->policy->vuln.db;
	sg_location where = { 0 };
	int rc;

	if (!path) {
		if ((rc = sg_vulndb_default_path(&r->vulndb_path, r->err)) < 0)
			return rc;
		path = r->vulndb_path;
	}
	rc = sg_vulndb_open(&r->vulndb, path, r->err);
	if (rc == SG_ENOTFOUND) {
		if (r->err)
			sg_error_clear(r->err);
		return sg_result_add_note(res, "vulnerability scan skipped: no "
					  "database at %s (see 'shipgate db import')",
					  path);
	}
	if (rc == SG_EINVALID) {
		/* corrupt: a setup error, nothing is scanned (exit 2) */
		if (r->err)
			r->err->code = SG_EUSAGE;
		return SG_EUSAGE;
	}
	if (rc < 0)
		return rc;
	where.object = path;
	return vuln_check_db_age(r->vulndb, r->policy, &where, res->findings,
				 r->err);
}

/* "NAME=PATH" or "PATH" (the archive's own tags then name it). */
static int scan_images(const struct run *r, const struct sg_stage_ctx *ctx,
		       sg_result *res, sg_error *err)
{
	const sg_strv *images = &r->opts->images;
	size_t i, k, first;
	int rc = 0;

	for (i = 0; i < images->n && rc >= 0; i++) {
		const char *arg = images->v[i], *eq = strchr(arg, '=');
		char name[1024];
		const char *path = eq ? eq + 1 : arg;

		snprintf(name, sizeof(name), "%.*s",
			 (int)(eq ? (size_t)(eq - arg) : strlen(arg)), arg);
		if (!in_shard(r, name))
			continue;
		if ((rc = sg_result_add_target(res, name, SG_TARGET_IMAGE, true)) < 0)
			break;
		first = sg_findings_count(res->findings);
		rc = img_scan(ctx, name, path, err);
		/* an archive or package database it could not read (SGI001,
		 * SGV004) leaves the image not analysed, as such a file is */
		for (k = first; rc >= 0 && k < sg_findings_count(res->findings);
		     k++)
			if (sg_findings_at(res->findings, k)->rule->flags &
			    SG_RULE_PARSE_ERROR)
				res->targets[res->ntargets - 1].analysed = false;
	}
	return rc;
}

/* True when no finding in a file lacks its line hash. */
static bool all_hashed(const sg_findings *set)
{
	size_t i, n = sg_findings_count(set);

	for (i = 0; i < n; i++) {
		const sg_finding *f = sg_findings_at(set, i);

		if (f->loc.path && !f->line_hash)
			return false;
	}
	return true;
}

/*
 * Line hashes need the file content: sort the findings (so each file's run
 * is contiguous), then read each file once and hash it for its own run.
 * Only reports show them, so a run that writes none skips them.  The
 * stages' workers hash the files they read, so mostly none is left, and
 * the sort is then the policy's (it makes one anyway).
 */
static int hash_lines(const struct run *r, struct sg_source *src,
		      sg_result *res)
{
	struct sg_buf b;
	size_t i, end, n;
	int rc;

	if (r->opts->no_line_hashes || all_hashed(res->findings))
		return 0;
	if ((rc = sg_findings_finalize(res->findings)) < 0)
		return rc;
	sg_buf_init(&b, r->policy->max_file_size);
	n = sg_findings_count(res->findings);
	for (i = 0; i < n && rc >= 0; i = end) {
		const char *path = sg_findings_at(res->findings, i)->loc.path;
		bool hashed = true;
		sg_error e;

		for (end = i; end < n; end++) {
			const sg_finding *f = sg_findings_at(res->findings, end);

			if (end > i && !sg_streq(f->loc.path, path))
				break;
			hashed = hashed && f->line_hash;
		}
		/* the Dockerfile workers hash while they have the file */
		if (!path || !src || hashed)
			continue;
		sg_buf_clear(&b);
		sg_error_clear(&e);
		if (sg_source_read(src, path, b.max, &b, &e) < 0)
			continue;       /* not a file of this tree (--policy) */
		rc = sg_findings_set_line_hashes_range(res->findings, i, end, path,
						       sg_buf_cstr(&b), b.len);
	}
	sg_buf_release(&b);
	return rc;
}

static int discover_opts(struct run *r, struct repo_discover_opts *d,
			 sg_error *err)
{
	memset(d, 0, sizeof(*d));
	d->include[0].v = r->policy->include.v;
	d->include[0].n = r->policy->include.n;
	d->exclude[0].v = r->policy->exclude.v;
	d->exclude[0].n = r->policy->exclude.n;
	d->include[1].v = r->opts->include.v;
	d->include[1].n = r->opts->include.n;
	d->exclude[1].v = r->opts->exclude.v;
	d->exclude[1].n = r->opts->exclude.n;
	d->max_size = r->policy->max_file_size;
	/* Discovery is never sharded: see in_shard(). */
	return 0;
}

/* Everything that depends only on one tree: discovery and the file stages. */
static int analyse_tree(struct run *r, struct sg_source *src, sg_result *res,
			bool with_images)
{
	struct repo_discover_opts dopts;
	struct repo_targets targets = REPO_TARGETS_INIT;
	struct sg_links links;
	struct sg_stage_ctx ctx;
	int rc;

	sg_links_init(&links);
	memset(&ctx, 0, sizeof(ctx));
	ctx.policy = r->policy;
	ctx.source = src;
	ctx.findings = res->findings;
	ctx.links = &links;
	ctx.vulndb = with_images ? r->vulndb : NULL;
	ctx.workers = run_workers(r);
	ctx.hadolint = hadolint_of(r);
	ctx.line_hashes = !r->opts->no_line_hashes;
	sg_findings_set_workers(res->findings, ctx.workers);
	if ((rc = discover_opts(r, &dopts, r->err)) < 0 ||
	    (rc = repo_discover(src, &dopts, &targets, res, r->err)) < 0 ||
	    (rc = lint_compose(&ctx, res, &targets, r->err)) < 0 ||
	    (rc = add_built_dockerfiles(src, &dopts, &links, &targets, res,
					r->err)) < 0 ||
	    (rc = lint_dockerfiles(r, &ctx, res, &targets, r->err)) < 0)
		goto done;
	if (with_images && (rc = scan_images(r, &ctx, res, r->err)) < 0)
		goto done;
	shard_filter(r, res);
	rc = hash_lines(r, src, res);
done:
	repo_targets_release(&targets);
	sg_links_release(&links);
	return rc;
}

/* PR mode: analyse the base tree too and mark new / unchanged / absent. */
static int compare_with_base(struct run *r, struct sg_source *base,
			     struct sg_source *head, sg_result *res)
{
	struct repo_renames renames = REPO_RENAMES_INIT;
	sg_result *bres = NULL;
	int rc;

	if ((rc = sg_result_new(&bres)) < 0 ||
	    (rc = repo_diff_renames(base, head, r->policy->max_file_size,
				    &renames, r->err)) < 0)
		goto done;
	if (renames.unpaired_added &&
	    (rc = sg_result_add_note(res, "the change deletes %zu files and "
				     "adds %zu that are not renamed as they "
				     "are, more pairs than git's rename limit "
				     "(1000 x 1000): renames with edits are "
				     "not looked for, and findings in such a "
				     "file show as new",
				     renames.unpaired_deleted,
				     renames.unpaired_added)) < 0)
		goto done;
	r->renames = &renames;
	rc = analyse_tree(r, base, bres, false);
	r->renames = NULL;
	if (rc < 0)
		goto done;
	if ((rc = sg_findings_compare(res->findings, bres->findings, renames.v,
				      renames.n)) < 0) {
		sg_error_set(r->err, rc, NULL, 0, 0, "out of memory");
		goto done;
	}
	res->base_commit = sg_findings_strdup(res->findings, base->commit);
done:
	repo_renames_release(&renames);
	sg_result_free(bres);
	return rc;
}

/* The policy file a tree's run would read: the first of policy_names. */
static const char *tree_policy(struct sg_source *src)
{
	size_t i;

	for (i = 0; i < SG_ARRAY_SIZE(policy_names); i++)
		if (sg_source_exists(src, policy_names[i]))
			return policy_names[i];
	return NULL;
}

/*
 * The env file --env-file or the policy names must be readable: without it
 * Compose interpolation silently fell back to each file's defaults, which
 * is not what the deployment uses.  Read from the tree the stages read.
 */
static int check_env_file(struct run *r, struct sg_source *src)
{
	const char *path = r->policy->compose.env_file;
	struct sg_buf b = SG_BUF_INIT(r->policy->max_file_size);
	sg_error e;
	int rc = 0;

	if (!path)
		return 0;
	sg_error_clear(&e);
	if (sg_source_read(src, path, r->policy->max_file_size, &b, &e) < 0)
		rc = sg_error_set(r->err, SG_EUSAGE, path, 0, 0,
				  "env file: %s", e.message);
	sg_buf_release(&b);
	return rc;
}

/* File `an` of `a` and `bn` of `b` differ (one missing counts, both not). */
static bool differs(struct sg_source *a, const char *an, struct sg_source *b,
		    const char *bn, struct sg_buf *ba, struct sg_buf *bb)
{
	bool ea = sg_source_exists(a, an), eb = sg_source_exists(b, bn);

	if (ea != eb)
		return true;
	if (!ea)
		return false;
	sg_buf_clear(ba);
	sg_buf_clear(bb);
	return sg_source_read(a, an, ba->max, ba, NULL) < 0 ||
	       sg_source_read(b, bn, bb->max, bb, NULL) < 0 ||
	       ba->len != bb->len ||
	       (ba->len && memcmp(ba->ptr, bb->ptr, ba->len) != 0);
}

/*
 * PR mode: say so when the change brings a policy other than the one that
 * judges it, the base revision's (load_policy read it): the head's own
 * policy file, the one a run on the head alone would read, is compared
 * with the base's.
 */
static int note_head_policy(const struct run *r, struct sg_source *base,
			    struct sg_source *head, sg_result *res)
{
	struct sg_buf a = SG_BUF_INIT(POLICY_MAX), b = SG_BUF_INIT(POLICY_MAX);
	const char *hname, *bname;
	int rc = 0;

	if (!base || r->opts->policy_path)
		return 0;
	hname = tree_policy(head);
	bname = tree_policy(base);
	if (hname && !bname)
		rc = sg_result_add_note(res, "the change adds %s; the base "
					"revision has none, so the defaults "
					"apply", hname);
	else if (bname && !hname)
		rc = sg_result_add_note(res, "the change removes %s; the base "
					"revision's policy applies", bname);
	else if (bname && hname && strcmp(bname, hname) != 0)
		rc = sg_result_add_note(res, "the change's policy is %s; the "
					"base revision's %s applies", hname,
					bname);
	else if (bname && differs(head, hname, base, bname, &a, &b))
		rc = sg_result_add_note(res, "the change edits %s; the base "
					"revision's policy applies", bname);
	sg_buf_release(&a);
	sg_buf_release(&b);
	return rc;
}

/* What the change does to `path`, which differs(): adds, removes, edits. */
static const char *what_change(struct sg_source *base, struct sg_source *head,
			       const char *path)
{
	return !sg_source_exists(base, path) ? "adds"
	       : !sg_source_exists(head, path) ? "removes" : "edits";
}

/*
 * PR mode: the baseline the base policy names and .hadolint.yaml are read
 * from the base too.  A change to them applies only once merged, so
 * a baseline entry added now accepts a finding of a later change: the
 * reviewer is told, as for the policy.
 */
static int note_head_config(const struct run *r, struct sg_source *base,
			    struct sg_source *head, sg_result *res)
{
	static const char *const hadolint[] = { ".hadolint.yaml",
						".hadolint.yml" };
	struct sg_buf a = SG_BUF_INIT((size_t)256 << 20);
	struct sg_buf b = SG_BUF_INIT((size_t)256 << 20);
	const char *bl = r->opts->baseline ? NULL : r->policy->baseline;
	size_t i;
	int rc = 0;

	if (!base)
		return 0;
	if (bl && !r->opts->no_baseline &&
	    differs(head, bl, base, bl, &a, &b))
		rc = sg_result_add_note(res, "the change %s the baseline %s; "
					"the base revision's applies, and the "
					"change's from its merge on",
					what_change(base, head, bl), bl);
	for (i = 0; rc == 0 && i < SG_ARRAY_SIZE(hadolint); i++)
		if (r->policy->dockerfile.import_hadolint &&
		    differs(head, hadolint[i], base, hadolint[i], &a, &b))
			rc = sg_result_add_note(res, "the change %s %s; the "
						"base revision's applies",
						what_change(base, head,
							    hadolint[i]),
						hadolint[i]);
	sg_buf_release(&a);
	sg_buf_release(&b);
	return rc;
}

/*
 * PR mode: a new finding that a suppression comment accepts was accepted
 * by comments of the head (the change's own, or a file-wide one it now
 * falls under).
 * That is how hadolint's comments work and the policy may forbid it
 * (inline-suppressions: false); either way the reviewer is told.
 */
static int note_new_suppressed(sg_result *res)
{
	const sg_finding *first = NULL;
	size_t i, n = 0;

	for (i = 0; i < sg_findings_count(res->findings); i++) {
		const sg_finding *f = sg_findings_at(res->findings, i);

		if (f->verdict != SG_VERDICT_SUPPRESSED ||
		    f->baseline != SG_BASELINE_NEW)
			continue;
		if (!first)
			first = f;
		n++;
	}
	if (!n)
		return 0;
	return sg_result_add_note(res, "%zu new finding%s accepted by "
				  "suppression comments (first: %s %s:%u); "
				  "'inline-suppressions: false' in the base "
				  "policy refuses them", n,
				  n == 1 ? "" : "s", first->rule->id,
				  first->loc.path ? first->loc.path : "",
				  first->loc.line);
}

/* Fingerprints are computed when something reads them: a report, the
 * baseline, an ignore by fingerprint, PR mode's comparison; the SHA-256
 * they take is loaded now, so a system without it is told before work. */
static int want_fingerprints(const struct run *r, sg_result *res)
{
	bool on = !r->opts->no_fingerprints || r->nbaseline || r->opts->base;
	size_t i;

	for (i = 0; !on && i < r->policy->nignores; i++)
		on = r->policy->ignores[i].fingerprint != NULL;
	sg_findings_set_fingerprints(res->findings, on);
	return on ? sg_dynlib_load(SG_DYNLIB_CRYPTO, r->err) : 0;
}

static int finish(struct run *r, sg_result *res)
{
	int rc;

	res->link_base = sg_findings_strdup(res->findings, r->opts->link_base);
	res->category = sg_findings_strdup(res->findings, r->opts->category);
	res->shard = sg_findings_strdup(res->findings, r->opts->shard);
	if ((rc = sg_policy_evaluate(r->policy, res,
				     r->nbaseline ? &r->baseline : NULL,
				     r->err)) < 0)
		return rc;
	if (r->opts->base && (rc = note_new_suppressed(res)) < 0)
		return sg_error_set(r->err, rc, NULL, 0, 0, "out of memory");
	if ((rc = sg_result_finish(res)) < 0)
		return sg_error_set(r->err, rc, NULL, 0, 0, "%s", sg_status_text(rc));
	return 0;
}

int sg_scan_run(sg_result **out, const sg_scan_options *opts, sg_error *err)
{
	struct run r = { .opts = opts, .err = err };
	struct sg_source *src = NULL, *base = NULL;
	sg_result *res = NULL;
	int rc;

	*out = NULL;
	if ((rc = set_today(&r)) < 0)
		return rc;
	if (opts->fail_on && (rc = parse_fail_on(opts->fail_on, &(sg_severity){ 0 },
						 err)) < 0)
		return rc;
	if (opts->shard && (rc = repo_shard_parse(opts->shard, &r.shard,
						   &r.shards, err)) < 0)
		return rc;
	if (opts->worktree && opts->rev)
		return sg_error_set(err, SG_EUSAGE, NULL, 0, 0,
				    "--worktree and --rev cannot be combined");
	rc = opts->worktree
		     ? sg_source_open_dir(&src, opts->path ? opts->path : ".", err)
		     : sg_source_open_git(&src, opts->path ? opts->path : ".",
					  opts->rev, err);
	if (rc == SG_ENOTFOUND && !opts->worktree &&
	    sg_startswith(err->message, "not a git repository")) {
		char why[sizeof(err->message)];

		/* what the user may have meant */
		snprintf(why, sizeof(why), "%s", err->message);
		sg_error_reset(err, rc, NULL, 0, 0, "%s (--worktree scans the "
			       "files of a directory that is not one)", why);
	}
	if (rc < 0)
		return setup_error(err, rc, SG_EUSAGE);
	/*
	 * PR mode: the policy and baseline in the tree are those of the base
	 * revision, the one the change goes into.  A pull request cannot
	 * loosen the gate that judges it (fail-on: never, its own baseline).
	 */
	if (opts->base &&
	    (rc = sg_source_open_git(&base, opts->path ? opts->path : ".",
				     opts->base, err)) < 0) {
		rc = setup_error(err, rc, SG_EUSAGE);
		goto done;
	}
	/* `scan SUBDIR --worktree` reads SUBDIR: so does its base */
	if (base && (rc = repo_diff_narrow_base(base, src, err)) < 0)
		goto done;
	if ((rc = load_policy(&r, base ? base : src)) < 0 ||
	    (rc = sg_result_new(&res)) < 0 ||
	    (rc = load_baseline(&r, res, base ? base : src)) < 0 ||
	    (rc = note_head_policy(&r, base, src, res)) < 0 ||
	    (rc = note_head_config(&r, base, src, res)) < 0 ||
	    (rc = want_fingerprints(&r, res)) < 0)
		goto done;
	load_hadolint(&r, base ? base : src);
	if (opts->platform)
		r.policy->image.platform = opts->platform;
	if (opts->env_file)
		r.policy->compose.env_file = opts->env_file;
	if ((rc = check_env_file(&r, src)) < 0)
		goto done;
	if (opts->images.n && (rc = open_vulndb(&r, res)) < 0)
		goto done;
	res->repo = sg_findings_strdup(res->findings, opts->path ? opts->path : ".");
	res->commit = sg_findings_strdup(res->findings, src->commit);
	if ((rc = analyse_tree(&r, src, res, true)) < 0)
		goto done;
	if (base && (rc = compare_with_base(&r, base, src, res)) < 0)
		goto done;
	rc = finish(&r, res);
done:
	stop_workers(&r, res);
	sg_source_free(base);
	sg_source_free(src);
	release_run(&r);
	if (rc < 0) {
		sg_result_free(res);
		return rc;
	}
	*out = res;
	return 0;
}

/*
 * Where standard input lies: the real directory of its --stdin-name (which
 * must exist: an editor's buffer of an unsaved file still has one) and its
 * last component (which need not).
 */
static int stdin_real(struct sg_realdir *rd, const char *name, char *out,
		      size_t size, sg_error *err)
{
	const char *base = sg_path_basename(name), *dir;

	if (!*base || !strcmp(base, ".") || !strcmp(base, ".."))
		return sg_error_set(err, SG_EUSAGE, name, 0, 0,
				    "--stdin-name must name a file");
	if (!(dir = sg_realdir_cached(rd, name)))
		return sg_error_set(err, SG_EUSAGE, name, 0, 0,
				    "cannot open its directory: %s",
				    strerror(errno));
	if ((size_t)snprintf(out, size, "%s%s%s", dir,
			     strcmp(dir, "/") ? "/" : "", base) >= size)
		return sg_error_set(err, SG_EUSAGE, name, 0, 0,
				    "path too long");
	return 0;
}

/*
 * The real path of a named file, malloc'd into *out: a usage error when it
 * cannot be opened or is a directory.  *e: the file, when it is a regular
 * one (not a link), else SG_ENTRY_NONE.
 */
static int resolve_file(struct sg_realdir *rd, const char *name, char **out,
			struct sg_entry *e, sg_error *err)
{
	char real[PATH_MAX];
	struct stat st;

	if (!sg_realpath_cached(rd, name, real, &st, NULL))
		return sg_error_set(err, SG_EUSAGE, name, 0, 0,
				    "cannot open: %s", strerror(errno));
	if (S_ISDIR(st.st_mode) ||
	    /* ".", "..", a link: the lstat did not say */
	    ((!st.st_mode || S_ISLNK(st.st_mode)) && stat(real, &st) == 0 &&
	     S_ISDIR(st.st_mode)))
		return sg_error_set(err, SG_EUSAGE, name, 0, 0,
				    "is a directory: lint takes files "
				    "('shipgate scan --worktree %s' lints the "
				    "Dockerfiles and Compose files under it)",
				    name);
	if (!(*out = strdup(real)))
		return sg_error_set(err, SG_ENOMEM, NULL, 0, 0, "out of memory");
	if (S_ISREG(st.st_mode))
		*e = (struct sg_entry){ SG_ENTRY_FILE, (uint64_t)st.st_size,
					(st.st_mode & 0111) != 0 };
	return 0;
}

/*
 * The named files resolved on the run's workers, RESOLVE_CHUNK at a time,
 * each worker with a cache of its own (neighbours share directories): one
 * after another, resolving 2,833 paths was an eighth of a Dockerfile corpus
 * lint on a VM where a stat costs microseconds.  A worker stops at its
 * first failure; the caller reports the lowest-numbered one, as a serial
 * walk would.
 */
#define RESOLVE_CHUNK 64

struct resolver {
	struct sg_realdir rd;
	size_t bad;             /* its first failure, SIZE_MAX: none */
	int rc;
	sg_error err;
};

struct resolve {
	const sg_strv *files;
	size_t at;
	char **v;               /* shared; a call fills only its own slots */
	struct sg_entry *e;     /* likewise */
	struct resolver *w;     /* one per worker (2 KiB each) */
};

/* sg_work_fn: resolve the call's chunk of files */
static void resolve_work(void *payload, size_t call, unsigned int worker)
{
	struct resolve *r = payload;
	struct resolver *w = &r->w[worker];
	size_t i = call * RESOLVE_CHUNK;
	size_t end = SG_MIN(i + RESOLVE_CHUNK, r->files->n);

	for (; i < end && i < w->bad; i++)
		if (i != r->at &&
		    (w->rc = resolve_file(&w->rd, r->files->v[i], &r->v[i],
					  &r->e[i], &w->err)) < 0)
			w->bad = i;
}

/*
 * Lint: loose files from disk.  The source is rooted at the current
 * directory when every file is under it (paths in reports are then what the
 * user typed), else at the files' deepest common directory.  files->v[at]
 * (at < files->n) is standard input, which lies where `in_name` says.
 * (*known)[i]: what the lstat of file i said (sg_source_dir_know()).
 */
static int common_root(const sg_strv *files, size_t at, const char *in_name,
		       struct sg_workers *workers, char *root, size_t size,
		       char ***rel, struct sg_entry **known, sg_error *err)
{
	struct resolve *res = NULL;
	char cwd[PATH_MAX], real[PATH_MAX];
	struct sg_realdir rd = { 0 };
	size_t i, n, cwdlen, bad = SIZE_MAX;
	unsigned int k, nw = sg_workers_count(workers);
	bool under_cwd = true;
	char **v;
	int rc = 0;

	if (!getcwd(cwd, sizeof(cwd)))
		return sg_error_set(err, SG_EIO, NULL, 0, 0,
				    "cannot read the current directory");
	cwdlen = strlen(cwd);
	v = calloc(files->n + 1, sizeof(*v));
	*rel = v;
	*known = calloc(files->n + 1, sizeof(**known));
	if (!v || !*known || !(res = calloc(1, sizeof(*res))) ||
	    !(res->w = calloc(nw, sizeof(*res->w)))) {
		rc = sg_error_set(err, SG_ENOMEM, NULL, 0, 0, "out of memory");
		goto done;
	}
	res->files = files;
	res->at = at;
	res->v = v;
	res->e = *known;
	for (k = 0; k < nw; k++)
		res->w[k].bad = SIZE_MAX;
	sg_workers_run(workers, (files->n + RESOLVE_CHUNK - 1) / RESOLVE_CHUNK,
		       resolve_work, res);
	for (k = 0; k < nw; k++) {
		if (res->w[k].bad < bad) {
			bad = res->w[k].bad;
			rc = res->w[k].rc;
			if (err)
				*err = res->w[k].err;
		}
		sg_realdir_release(&res->w[k].rd);
	}
	/* standard input, unless a file before it failed */
	if (at < files->n && at < bad) {
		if ((rc = stdin_real(&rd, in_name, real, sizeof(real), err)) < 0)
			goto done;
		if (!(v[at] = strdup(real))) {
			rc = sg_error_set(err, SG_ENOMEM, NULL, 0, 0,
					  "out of memory");
			goto done;
		}
	}
	if (rc < 0)
		goto done;
	root[0] = '\0';
	for (i = 0; i < files->n; i++) {
		if (strncmp(v[i], cwd, cwdlen) != 0 ||
		    (v[i][cwdlen] != '/' && strcmp(cwd, "/") != 0))
			under_cwd = false;
		/* the deepest common directory of all files */
		if (i == 0) {
			snprintf(root, size, "%.*s", (int)sg_path_dirlen(v[i]),
				 v[i]);
		} else {
			n = 0;
			while (root[n] && root[n] == v[i][n])
				n++;
			if (root[n] || (v[i][n] != '/' && v[i][n]))
				while (n > 0 && root[n] != '/')
					n--;
			root[n] = '\0';
		}
	}
	if (under_cwd)
		snprintf(root, size, "%s", cwd);
	if (!root[0])
		snprintf(root, size, "/");
	n = strlen(root);
	for (i = 0; i < files->n; i++)
		memmove(v[i], v[i] + (n > 1 ? n + 1 : 1),
			strlen(v[i] + (n > 1 ? n + 1 : 1)) + 1);
done:
	sg_realdir_release(&rd);
	if (res)
		free(res->w);
	free(res);
	return rc;
}

/*
 * Standard input, read once the policy has set the size limit: one byte
 * more than the limit is enough to see it is over (SGG001), so a pipe that
 * never ends does not fill the memory.
 */
static int read_stdin(const struct run *r, struct sg_buf *in)
{
	uint64_t max = r->policy->max_file_size;
	size_t want = max < SIZE_MAX - 1 ? (size_t)max + 1 : SIZE_MAX;

	sg_buf_init(in, want);
	return sg_read_prefix(STDIN_FILENO, "standard input", want, in,
			      r->err);
}

static int lint_kind(const char *path, sg_target_kind *kind)
{
	switch (repo_classify(path)) {
	case REPO_CLASS_DOCKERFILE:
		*kind = SG_TARGET_DOCKERFILE;
		return 0;
	case REPO_CLASS_COMPOSE:
		*kind = SG_TARGET_COMPOSE;
		return 0;
	default:
		/* named explicitly: decide by extension */
		*kind = sg_endswith(path, ".yml") || sg_endswith(path, ".yaml")
				? SG_TARGET_COMPOSE : SG_TARGET_DOCKERFILE;
		return 0;
	}
}

int sg_lint_run(sg_result **out, const sg_scan_options *opts, sg_error *err)
{
	struct run r = { .opts = opts, .err = err };
	struct repo_targets targets = REPO_TARGETS_INIT;
	struct sg_source *src = NULL, *disk = NULL, *cwd_src = NULL;
	struct sg_stage_ctx ctx;
	struct sg_links links;
	struct sg_buf in = SG_BUF_INIT(0);
	sg_result *res = NULL;
	char root[PATH_MAX];
	char **rel = NULL;
	struct sg_entry *known = NULL;
	const char **named = NULL;
	const char *env, *in_name = opts->stdin_name ? opts->stdin_name : "-";
	sg_strv all = { NULL, 0 };
	size_t i, at = SIZE_MAX;        /* where "-" is among the files */
	int rc;

	*out = NULL;
	sg_links_init(&links);
	if ((rc = set_today(&r)) < 0)
		return rc;
	if (opts->fail_on && (rc = parse_fail_on(opts->fail_on, &(sg_severity){ 0 },
						 err)) < 0)
		return rc;
	if (opts->files.n == 0)
		return sg_error_set(err, SG_EUSAGE, NULL, 0, 0, "no files to lint");
	for (i = 0; i < opts->files.n; i++) {
		if (strcmp(opts->files.v[i], "-") != 0)
			continue;
		if (at != SIZE_MAX)
			return sg_error_set(err, SG_EUSAGE, NULL, 0, 0,
					    "standard input ('-') is named "
					    "twice");
		at = i;
	}
	if (opts->stdin_name && at == SIZE_MAX)
		return sg_error_set(err, SG_EUSAGE, NULL, 0, 0,
				    "--stdin-name without '-' among the files");
	/* the policy comes from --policy or the current directory */
	if (!opts->policy_path && sg_source_open_dir(&cwd_src, ".", NULL) < 0)
		cwd_src = NULL;
	if ((rc = load_policy(&r, cwd_src)) < 0 ||
	    (rc = sg_result_new(&res)) < 0 ||
	    (rc = want_fingerprints(&r, res)) < 0)
		goto done;
	if (opts->env_file)
		r.policy->compose.env_file = opts->env_file;
	/* the files and the env file, read from one tree, name it */
	env = r.policy->compose.env_file;
	if (!(named = calloc(opts->files.n + 1, sizeof(*named)))) {
		rc = sg_error_set(err, SG_ENOMEM, NULL, 0, 0, "out of memory");
		goto done;
	}
	memcpy(named, opts->files.v, opts->files.n * sizeof(*named));
	if (env)
		named[opts->files.n] = env;
	all.v = named;
	all.n = opts->files.n + (env != NULL);
	if ((rc = common_root(&all, at, in_name, run_workers(&r), root,
			      sizeof(root), &rel, &known, err)) < 0)
		goto done;
	if (env)
		r.policy->compose.env_file = rel[opts->files.n];
	for (i = 0; at != SIZE_MAX && i < all.n; i++)
		if (i != at && !strcmp(rel[i], rel[at])) {
			rc = sg_error_set(err, SG_EUSAGE, NULL, 0, 0,
					  "standard input is linted as '%s', "
					  "which is also named as a file",
					  in_name);
			goto done;
		}
	/* the files' stats are made: the lint's reads need not make them
	 * again, on as many threads (807 system calls of a Compose corpus) */
	if ((rc = sg_source_open_dir(&disk, root, err)) < 0)
		goto done;
	if ((rc = sg_source_dir_know(disk, (const char *const *)rel, known,
				     all.n)) < 0) {
		sg_error_set(err, rc, NULL, 0, 0, "out of memory");
		goto done;
	}
	if (at == SIZE_MAX) {
		src = disk;
		disk = NULL;
	} else if ((rc = read_stdin(&r, &in)) < 0 ||
		   (rc = sg_source_open_overlay(&src, disk, rel[at], in.ptr,
						in.len, err)) < 0) {
		goto done;
	}
	if ((rc = check_env_file(&r, src)) < 0)
		goto done;
	load_hadolint(&r, src);
	targets.v = calloc(opts->files.n, sizeof(*targets.v));
	if (!targets.v) {
		rc = sg_error_set(err, SG_ENOMEM, NULL, 0, 0, "out of memory");
		goto done;
	}
	for (i = 0; i < opts->files.n; i++) {
		struct repo_target *t = &targets.v[targets.n++];

		t->path = rel[i];
		lint_kind(rel[i], &t->kind);
		if ((rc = sg_result_add_target(res, rel[i], t->kind, true)) < 0)
			goto done;
	}
	memset(&ctx, 0, sizeof(ctx));
	ctx.policy = r.policy;
	ctx.source = src;
	ctx.findings = res->findings;
	ctx.links = &links;
	ctx.workers = run_workers(&r);
	ctx.hadolint = hadolint_of(&r);
	ctx.line_hashes = !r.opts->no_line_hashes;
	sg_findings_set_workers(res->findings, ctx.workers);
	if ((rc = lint_compose(&ctx, res, &targets, err)) < 0 ||
	    (rc = lint_dockerfiles(&r, &ctx, res, &targets, err)) < 0 ||
	    (rc = hash_lines(&r, src, res)) < 0)
		goto done;
	rc = finish(&r, res);
done:
	free(targets.v);        /* paths are owned by rel */
	for (i = 0; rel && i < all.n; i++)
		free(rel[i]);
	free(rel);
	free(known);
	free(named);
	sg_links_release(&links);
	stop_workers(&r, res);
	sg_source_free(src);            /* before the disk it may overlay */
	sg_source_free(disk);
	sg_source_free(cwd_src);
	sg_buf_release(&in);
	release_run(&r);
	if (rc < 0) {
		sg_result_free(res);
		return rc;
	}
	*out = res;
	return 0;
}

/*
 * One or more images without a repository (`shipgate image`): the image and
 * scan stages only.  The policy comes from --policy or ./.shipgate.yaml.
 */
int sg_image_run(sg_result **out, const sg_scan_options *opts, sg_error *err)
{
	struct run r = { .opts = opts, .err = err };
	struct sg_source *cwd_src = NULL;
	struct sg_stage_ctx ctx = { 0 };
	sg_result *res = NULL;
	int rc;

	*out = NULL;
	if ((rc = set_today(&r)) < 0)
		return rc;
	if (opts->images.n == 0)
		return sg_error_set(err, SG_EUSAGE, NULL, 0, 0, "no image given");
	if (opts->fail_on && (rc = parse_fail_on(opts->fail_on, &(sg_severity){ 0 },
						 err)) < 0)
		return rc;
	if (!opts->policy_path && sg_source_open_dir(&cwd_src, ".", NULL) < 0)
		cwd_src = NULL;
	if ((rc = load_policy(&r, cwd_src)) < 0 ||
	    (rc = sg_result_new(&res)) < 0 ||
	    (rc = want_fingerprints(&r, res)) < 0)
		goto done;
	if (opts->platform)
		r.policy->image.platform = opts->platform;
	if ((rc = open_vulndb(&r, res)) < 0)
		goto done;
	ctx.policy = r.policy;
	ctx.findings = res->findings;
	ctx.vulndb = r.vulndb;
	if ((rc = scan_images(&r, &ctx, res, err)) < 0)
		goto done;
	rc = finish(&r, res);
done:
	sg_source_free(cwd_src);
	release_run(&r);
	if (rc < 0) {
		sg_result_free(res);
		return rc;
	}
	*out = res;
	return 0;
}
