/*
 * cmd_baseline.c: `shipgate baseline write FILE [PATH]`: scan, then accept
 * every current finding so that only later ones gate (`--baseline FILE` or
 * the policy's `baseline:`).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cmd.h"
#include "opt.h"

int cmd_baseline(int argc, char **argv)
{
	sg_scan_options o = SG_SCAN_OPTIONS_INIT;
	struct opt_list include = { 0 }, exclude = { 0 }, images = { 0 },
			pos = { 0 };
	size_t i, taken = 0, unread = 0;
	const struct opt_spec specs[] = {
		{ "rev", 0, OPT_VALUE, "REV", "revision to scan (default HEAD)", &o.rev },
		{ "worktree", 0, OPT_FLAG, NULL, "scan the files on disk under PATH (a subdirectory: only it)", &o.worktree },
		{ "policy", 0, OPT_VALUE, "FILE", "policy file (default: .shipgate.yaml in the tree)", &o.policy_path },
		{ "include", 0, OPT_LIST, "GLOB", "only these paths", &include },
		{ "exclude", 0, OPT_LIST, "GLOB", "skip these paths", &exclude },
		{ "image", 0, OPT_LIST, "[NAME=]PATH", "also inspect an image", &images },
		{ "today", 0, OPT_VALUE, "YYYY-MM-DD", "the date recorded as the baseline's creation", &o.today },
	};
	const struct opt_cmd cmd = {
		"baseline", "write FILE [PATH] [options]",
		"Scan PATH (default .) and write every current finding's fingerprint "
		"to FILE.\nLater runs with --baseline FILE (or `baseline:` in the "
		"policy) gate only on findings not in it.",
		"Suppressed and policy-ignored findings are not written: they are "
		"already accepted, with a reason.",
		specs, sizeof(specs) / sizeof(specs[0]),
	};
	sg_result *res = NULL;
	sg_error err;
	char today[11];
	int rc = opt_parse(&cmd, argc, argv, &pos);

	if (rc == 0 && (pos.n < 2 || pos.n > 3 || strcmp(pos.v[0], "write"))) {
		fprintf(stderr, "usage: shipgate baseline write FILE [PATH] [options]\n");
		rc = 2;
	}
	if (rc) {
		rc = rc == 1 ? SG_EXIT_PASS : SG_EXIT_USAGE;
		goto done;
	}
	for (i = 0; i <= images.n; i++) {
		const char *in = i < images.n ? images.v[i] : o.policy_path;
		const char *eq = in ? strchr(in, '=') : NULL;
		const struct report_out out = { "baseline write", "json",
						pos.v[1] };

		/* the baseline is written over neither the policy nor an image */
		if ((rc = output_check("baseline", &out, 1,
				       (const char *const[]){ in, eq ? eq + 1 : NULL },
				       2)) != 0)
			goto done;
	}
	if (!o.today) {
		time_t now = time(NULL);
		struct tm tm;

		gmtime_r(&now, &tm);
		strftime(today, sizeof(today), "%Y-%m-%d", &tm);
		o.today = today;
	}
	o.path = pos.n == 3 ? pos.v[2] : ".";
	/* a new baseline accepts every finding; the old one (maybe the very
	 * file being written, maybe not written yet) is not read */
	o.no_baseline = true;
	o.include.v = include.v;
	o.include.n = include.n;
	o.exclude.v = exclude.v;
	o.exclude.n = exclude.n;
	o.images.v = images.v;
	o.images.n = images.n;
	sg_error_clear(&err);
	if (sg_scan_run(&res, &o, &err) < 0) {
		rc = cmd_run_error(&err);
		goto done;
	}
	if (o.worktree) {
		const struct report_out out = { "baseline write", "json",
						pos.v[1] };

		if ((rc = output_check_targets("baseline", &out, 1, res)))
			goto done;
	}
	if (sg_baseline_write(pos.v[1], res, o.today, &err) < 0) {
		rc = cmd_fail(&err, SG_EXIT_INTERNAL);
		goto done;
	}
	for (i = 0; i < sg_findings_count(res->findings); i++) {
		const sg_finding *f = sg_findings_at(res->findings, i);

		taken += sg_baseline_takes(f);
		unread += (f->rule->flags & SG_RULE_PARSE_ERROR) &&
			  f->verdict == SG_VERDICT_GATING;
	}
	printf("shipgate: baseline %s written: %zu findings accepted\n", pos.v[1],
	       taken);
	if (unread)
		printf("shipgate: %zu finding%s of inputs that could not be "
		       "analysed left out: a baseline cannot accept them\n",
		       unread, unread == 1 ? "" : "s");
	rc = SG_EXIT_PASS;
done:
	sg_result_free(res);
	opt_list_release(&include);
	opt_list_release(&exclude);
	opt_list_release(&images);
	opt_list_release(&pos);
	return rc;
}
