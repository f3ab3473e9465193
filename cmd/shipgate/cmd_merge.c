/*
 * cmd_merge.c: `shipgate merge [report flags] -- SHARD.json...`: combine the
 * JSON reports of `scan --shard K/N` runs into one finding set and render
 * every report and the verdict as a single run would have.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "opt.h"

/* "K/N" with 1 <= K <= N <= 10000, as `scan --shard` takes it. */
static bool parse_shard(const char *text, unsigned long *k, unsigned long *n)
{
	char *end;

	if (!text || text[0] < '0' || text[0] > '9')
		return false;
	*k = strtoul(text, &end, 10);
	if (*end != '/' || end[1] < '0' || end[1] > '9')
		return false;
	*n = strtoul(end + 1, &end, 10);
	return !*end && *n >= 1 && *n <= 10000 && *k >= 1 && *k <= *n;
}

static bool same(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/*
 * What must be equal in every shard of one run: the tool, what was scanned
 * (commit, PR base), how it was judged (policy, baseline) and rendered.
 * NULL when `b` matches `a`, else the name of the first difference.
 */
static const char *mismatch(const sg_result *a, const sg_result *b)
{
	if (!same(a->tool_version, b->tool_version))
		return "shipgate version";
	if (!same(a->commit, b->commit))
		return "commit";
	if (!same(a->base_commit, b->base_commit))
		return "base commit";
	if (!same(a->policy_path, b->policy_path) || a->fail_on != b->fail_on ||
	    a->gate_new_only != b->gate_new_only)
		return "policy";
	if (!same(a->baseline_path, b->baseline_path) ||
	    !same(a->baseline_created, b->baseline_created) ||
	    a->baseline_size != b->baseline_size)
		return "baseline";
	if (!same(a->link_base, b->link_base) || !same(a->category, b->category))
		return "link base or category";
	return NULL;
}

/*
 * The shards given must be one run, each slice exactly once: a missing
 * shard would pass the gate without its findings.  A report that is not a
 * shard (a single run's) is accepted alone: merge then re-renders it.
 * Called for each report in turn (`first` is the first one's result, file
 * `files[0]`; `seen` the files of the slices so far, allocated on the first
 * call); prints one line naming the file and returns 2 when the report
 * does not belong.
 */
struct shard_check {
	const char *const *files;
	size_t nfiles;
	const char **seen;      /* [N]: the file of each slice so far */
	unsigned long total;    /* N */
};

static int check_shard(struct shard_check *c, const sg_result *first,
		       const sg_result *cur, size_t i)
{
	const char *file = c->files[i], *what;
	unsigned long k, n;

	if (!cur->shard) {
		if (c->nfiles == 1)
			return 0;
		fprintf(stderr, "shipgate merge: %s: not a shard report (no "
			"provenance.shard): a single run's report can only be "
			"given alone\n", file);
		return SG_EXIT_USAGE;
	}
	if (!parse_shard(cur->shard, &k, &n)) {
		fprintf(stderr, "shipgate merge: %s: invalid shard '%.32s'\n",
			file, cur->shard);
		return SG_EXIT_USAGE;
	}
	if (i == 0) {
		c->total = n;
		if (!(c->seen = calloc(n, sizeof(*c->seen)))) {
			fprintf(stderr, "shipgate merge: out of memory\n");
			return SG_EXIT_INTERNAL;
		}
	} else if (n != c->total) {
		fprintf(stderr, "shipgate merge: %s: shard %lu/%lu is not of "
			"the same run as %s (shard %s)\n", file, k, n,
			c->files[0], first->shard);
		return SG_EXIT_USAGE;
	} else if ((what = mismatch(first, cur))) {
		fprintf(stderr, "shipgate merge: %s: %s differs from %s's: the "
			"shards are not of one run\n", file, what, c->files[0]);
		return SG_EXIT_USAGE;
	}
	if (c->seen[k - 1]) {
		fprintf(stderr, "shipgate merge: %s: shard %lu/%lu given twice "
			"(also %s)\n", file, k, n, c->seen[k - 1]);
		return SG_EXIT_USAGE;
	}
	c->seen[k - 1] = file;
	return 0;
}

/* After the last report: every slice was there. */
static int check_complete(const struct shard_check *c)
{
	unsigned long k;

	for (k = 0; k < c->total; k++)
		if (!c->seen[k]) {
			fprintf(stderr, "shipgate merge: shard %lu/%lu is "
				"missing (%zu of %lu given, the first %s): "
				"part of a run cannot vouch for it\n", k + 1,
				c->total, c->nfiles, c->total, c->files[0]);
			return SG_EXIT_USAGE;
		}
	return 0;
}

int cmd_merge(int argc, char **argv)
{
	sg_report_options ro = { 0 };
	const char *sarif = NULL, *junit = NULL, *markdown = NULL, *json = NULL,
		   *cq = NULL, *cs = NULL;
	struct opt_list pos = { 0 };
	bool quiet = false;
	const struct opt_spec specs[] = {
		{ "sarif", 0, OPT_VALUE, "FILE", "write SARIF 2.1.0", &sarif },
		{ "junit", 0, OPT_VALUE, "FILE", "write JUnit XML", &junit },
		{ "markdown", 0, OPT_VALUE, "FILE", "write Markdown", &markdown },
		{ "json", 0, OPT_VALUE, "FILE", "write the native JSON report", &json },
		{ "gitlab-codequality", 0, OPT_VALUE, "FILE", "write a GitLab Code Quality report", &cq },
		{ "gitlab-container-scanning", 0, OPT_VALUE, "FILE", "write a GitLab container-scanning report", &cs },
		{ "link-base", 0, OPT_VALUE, "URL", "permalink prefix for Markdown links", &ro.link_base },
		{ "category", 0, OPT_VALUE, "PREFIX", "SARIF category prefix", &ro.category },
		{ "quiet", 'q', OPT_FLAG, NULL, "no summary on stdout", &quiet },
	};
	const struct opt_cmd cmd = {
		"merge", "[report options] -- SHARD.json...",
		"Merge the JSON reports of sharded runs ('scan --shard K/N --json F')\n"
		"into one result: every report and the exit code are those a single "
		"run would give.",
		"Every shard K/N of one run (same commit, base, policy and baseline) "
		"must be given\nexactly once, else exit 2; a report of an unsharded "
		"run may be given alone\n(it is rendered again).",
		specs, sizeof(specs) / sizeof(specs[0]),
	};
	sg_result *merged = NULL;
	struct shard_check check = { 0 };
	struct report_out out[6];
	bool written = false;
	sg_error err;
	size_t i;
	int rc = opt_parse(&cmd, argc, argv, &pos), wrc = 0;

	if (rc == 0 && pos.n == 0) {
		fprintf(stderr, "shipgate merge: no shard reports given\n");
		rc = 2;
	}
	if (rc) {
		opt_list_release(&pos);
		return rc == 1 ? SG_EXIT_PASS : SG_EXIT_USAGE;
	}
	/* after parsing: the paths are only known now */
	out[0] = (struct report_out){ "--sarif", "sarif", sarif };
	out[1] = (struct report_out){ "--junit", "junit", junit };
	out[2] = (struct report_out){ "--markdown", "markdown", markdown };
	out[3] = (struct report_out){ "--json", "json", json };
	out[4] = (struct report_out){ "--gitlab-codequality",
				      "gitlab-codequality", cq };
	out[5] = (struct report_out){ "--gitlab-container-scanning",
				      "gitlab-container-scanning", cs };
	/* the shards are inputs: a report written over one is refused too */
	if ((rc = output_check("merge", out, sizeof(out) / sizeof(out[0]),
			       (const char *const *)pos.v, pos.n)) != 0) {
		opt_list_release(&pos);
		return rc;
	}
	sg_error_clear(&err);
	check.files = pos.v;
	check.nfiles = pos.n;
	for (i = 0; i < pos.n; i++) {
		sg_result *shard = NULL;

		if (sg_report_read_json(&shard, pos.v[i], &err) < 0) {
			rc = cmd_fail(&err, err.code == SG_ENOMEM || err.code == SG_EIO
						    ? SG_EXIT_INTERNAL : SG_EXIT_USAGE);
			goto done;
		}
		if ((rc = check_shard(&check, merged ? merged : shard, shard,
				      i)) != 0) {
			sg_result_free(shard);
			goto done;
		}
		if (!merged) {
			merged = shard;
			continue;
		}
		if (sg_result_merge(merged, shard) < 0) {
			sg_result_free(shard);
			fprintf(stderr, "shipgate merge: out of memory\n");
			rc = SG_EXIT_INTERNAL;
			goto done;
		}
		sg_result_free(shard);
	}
	if ((rc = check_complete(&check)) != 0)
		goto done;
	/* the merged result is not a shard any more */
	merged->shard = NULL;
	if (sg_result_finish(merged) < 0) {
		fprintf(stderr, "shipgate merge: out of memory\n");
		rc = SG_EXIT_INTERNAL;
		goto done;
	}
	wrc = output_write(out, sizeof(out) / sizeof(out[0]), merged, &ro);
	written = true;
	/* a report on stdout ('-') is all stdout holds */
	if (!quiet && !output_to_stdout(out, sizeof(out) / sizeof(out[0]))) {
		char *text = NULL;

		sg_error_clear(&err);
		if (sg_report_render(&text, NULL, merged, "text", &ro, &err) < 0)
			wrc = cmd_fail(&err, SG_EXIT_INTERNAL);
		else
			fputs(text, stdout);
		free(text);
	}
	rc = wrc ? wrc : merged->exit_code;
done:
	/* shards that are not one whole run: no stale merged report */
	if (rc != 0 && !written)
		output_discard(out, sizeof(out) / sizeof(out[0]));
	free(check.seen);
	sg_result_free(merged);
	opt_list_release(&pos);
	return rc;
}
