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
		NULL, specs, sizeof(specs) / sizeof(specs[0]),
	};
	sg_result *merged = NULL;
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
	sg_error_clear(&err);
	for (i = 0; i < pos.n; i++) {
		sg_result *shard = NULL;

		if (sg_report_read_json(&shard, pos.v[i], &err) < 0) {
			rc = cmd_fail(&err, err.code == SG_ENOMEM || err.code == SG_EIO
						    ? SG_EXIT_INTERNAL : SG_EXIT_USAGE);
			goto done;
		}
		if (!merged) {
			merged = shard;
			continue;
		}
		if (sg_result_merge(merged, shard) < 0) {
			sg_result_free(shard);
			rc = cmd_fail(&err, SG_EXIT_INTERNAL);
			goto done;
		}
		sg_result_free(shard);
	}
	/* the merged result is not a shard any more */
	merged->shard = NULL;
	if (sg_result_finish(merged) < 0) {
		fprintf(stderr, "shipgate merge: out of memory\n");
		rc = SG_EXIT_INTERNAL;
		goto done;
	}
	/* after parsing: the paths are only known now */
	const struct { const char *path, *format; } out[] = {
		{ sarif, "sarif" }, { junit, "junit" }, { markdown, "markdown" },
		{ json, "json" }, { cq, "gitlab-codequality" },
		{ cs, "gitlab-container-scanning" },
	};

	for (i = 0; i < sizeof(out) / sizeof(out[0]); i++) {
		if (!out[i].path)
			continue;
		sg_error_clear(&err);
		if (sg_report_write(out[i].path, merged, out[i].format, &ro, &err) < 0)
			wrc = cmd_fail(&err, SG_EXIT_INTERNAL);
	}
	if (!quiet) {
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
	sg_result_free(merged);
	opt_list_release(&pos);
	return rc;
}
