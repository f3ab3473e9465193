/* fixtures.c: the table-driven rule test (see fixtures.h). */
#include "util/compat.h"
#include "rules/fixtures.h"

#include <dirent.h>
#include <sys/stat.h>

#include "helpers.h"
#include "repo/source.h"
#include "util/buf.h"

#define MAX_EXPECT 64

struct expect {
	uint32_t line, col;     /* col 0: any column */
};

/* "fail.Dockerfile", "fail.yml" or the directory "fail"; into out. */
static bool find_case(const char *dir, const char *kind, char *out,
		      size_t size, bool *is_dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	bool found = false;
	size_t kl = strlen(kind);

	if (!d)
		return false;
	while ((e = readdir(d))) {
		struct stat st;

		if (strncmp(e->d_name, kind, kl) ||
		    (e->d_name[kl] != '.' && e->d_name[kl] != '\0'))
			continue;
		snprintf(out, size, "%s/%s", dir, e->d_name);
		if (stat(out, &st) != 0)
			continue;
		*is_dir = S_ISDIR(st.st_mode);
		found = true;
		break;
	}
	closedir(d);
	return found;
}

/* The target inside a case directory: `.target`, else the only
 * non-hidden top-level file. */
static bool dir_target(const char *dir, char *rel, size_t size)
{
	char path[4200];
	char *t;
	DIR *d;
	struct dirent *e;
	int n = 0;

	snprintf(path, sizeof(path), "%s/.target", dir);
	if ((t = t_read(path, NULL))) {
		size_t l = strcspn(t, "\r\n");

		snprintf(rel, size, "%.*s", (int)l, t);
		free(t);
		return true;
	}
	if (!(d = opendir(dir)))
		return false;
	while ((e = readdir(d))) {
		struct stat st;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
			snprintf(rel, size, "%s", e->d_name);
			n++;
		}
	}
	closedir(d);
	return n == 1;
}

static size_t read_expected(const char *path, struct expect *out, bool *ok)
{
	char *t = t_read(path, NULL), *p;
	size_t n = 0;

	*ok = t != NULL;
	for (p = t; p && *p;) {
		char *end;
		unsigned long line = strtoul(p, &end, 10), col = 0;

		if (end == p) {
			p++;
			continue;
		}
		if (*end == ':')
			col = strtoul(end + 1, &end, 10);
		if (n < MAX_EXPECT) {
			out[n].line = (uint32_t)line;
			out[n].col = (uint32_t)col;
			n++;
		}
		p = end;
	}
	free(t);
	return n;
}

/* Lint one case; returns the findings of `rule` (not suppressed). */
static size_t run_case(const sg_rule *rule, t_lint_fn lint, const char *dir,
		       const char *casepath, bool is_dir, struct expect *got,
		       struct sg_buf *log)
{
	struct sg_policy *pol = NULL;
	struct sg_source *src = NULL;
	sg_findings *set = NULL;
	char target[4200], rel[1024], ppath[4200];
	char *data = NULL, *ptext;
	size_t len = 0, n = 0, i;
	sg_error err;

	sg_error_clear(&err);
	snprintf(ppath, sizeof(ppath), "%s/policy.yaml", dir);
	if ((ptext = t_read(ppath, &len))) {
		if (sg_policy_load(&pol, ppath, ptext, len, "2026-01-01", &err) < 0)
			sg_buf_printf(log, "%s: policy.yaml: %s\n", rule->id,
				      err.message);
		free(ptext);
	}
	if (!pol && sg_policy_defaults(&pol, "2026-01-01", &err) < 0)
		goto done;
	pol->enable_all = true;
	if (is_dir) {
		if (!dir_target(casepath, rel, sizeof(rel))) {
			sg_buf_printf(log, "%s: %s: cannot tell the target file "
				      "(add .target)\n", rule->id, casepath);
			goto done;
		}
		snprintf(target, sizeof(target), "%s/%s", casepath, rel);
		if (sg_source_open_dir(&src, casepath, &err) < 0) {
			sg_buf_printf(log, "%s: %s: %s\n", rule->id, casepath,
				      err.message);
			goto done;
		}
	} else {
		const char *slash = strrchr(casepath, '/');

		snprintf(target, sizeof(target), "%s", casepath);
		snprintf(rel, sizeof(rel), "%s", slash ? slash + 1 : casepath);
	}
	if (!(data = t_read(target, &len))) {
		sg_buf_printf(log, "%s: cannot read %s\n", rule->id, target);
		goto done;
	}
	if (sg_findings_new(&set) < 0)
		goto done;
	{
		struct sg_stage_ctx ctx = { pol, src, set, NULL };

		if (lint(&ctx, rel, data, len, &err) < 0) {
			sg_buf_printf(log, "%s: lint %s failed: %s\n", rule->id,
				      target, err.message);
			goto done;
		}
	}
	sg_findings_finalize(set);
	for (i = 0; i < sg_findings_count(set); i++) {
		const sg_finding *f = sg_findings_at(set, i);

		if (f->rule != rule || f->verdict == SG_VERDICT_SUPPRESSED)
			continue;
		if (n < MAX_EXPECT) {
			got[n].line = f->loc.line;
			got[n].col = f->loc.column;
		}
		n++;
	}
done:
	sg_findings_free(set);
	sg_source_free(src);
	sg_policy_free(pol);
	free(data);
	return n;
}

static void check_rule(const sg_rule *rule, t_lint_fn lint, struct sg_buf *log)
{
	char dir[4096], fail[4200], pass[4200], exp_path[4200];
	bool fail_dir = false, pass_dir = false, ok;
	struct expect want[MAX_EXPECT], got[MAX_EXPECT];
	size_t nwant, ngot, i, k;
	bool used[MAX_EXPECT];

	if (!rule->help || strlen(rule->help) < 80 || !strstr(rule->help, "Fix"))
		sg_buf_printf(log, "%s: help is missing or has no 'Fix'\n",
			      rule->id);
	snprintf(dir, sizeof(dir), "%s", t_src("testdata/rules"));
	snprintf(dir + strlen(dir), sizeof(dir) - strlen(dir), "/%s", rule->id);
	if (!find_case(dir, "fail", fail, sizeof(fail), &fail_dir) ||
	    !find_case(dir, "pass", pass, sizeof(pass), &pass_dir)) {
		sg_buf_printf(log, "%s: testdata/rules/%s needs fail.* and pass.*\n",
			      rule->id, rule->id);
		return;
	}
	snprintf(exp_path, sizeof(exp_path), "%s/expected", dir);
	nwant = read_expected(exp_path, want, &ok);
	if (!ok || !nwant) {
		sg_buf_printf(log, "%s: testdata/rules/%s/expected is missing or "
			      "empty\n", rule->id, rule->id);
		return;
	}
	ngot = run_case(rule, lint, dir, fail, fail_dir, got, log);
	memset(used, 0, sizeof(used));
	for (i = 0; i < nwant; i++) {
		bool hit = false;

		for (k = 0; k < SG_MIN(ngot, (size_t)MAX_EXPECT); k++)
			if (!used[k] && got[k].line == want[i].line &&
			    (!want[i].col || got[k].col == want[i].col)) {
				used[k] = hit = true;
				break;
			}
		if (!hit)
			sg_buf_printf(log, "%s: fail case: no finding at %u%s%.0u\n",
				      rule->id, want[i].line,
				      want[i].col ? ":" : "", want[i].col);
	}
	for (k = 0; k < SG_MIN(ngot, (size_t)MAX_EXPECT); k++)
		if (!used[k])
			sg_buf_printf(log, "%s: fail case: unexpected finding at "
				      "%u:%u\n", rule->id, got[k].line, got[k].col);
	ngot = run_case(rule, lint, dir, pass, pass_dir, got, log);
	for (k = 0; k < SG_MIN(ngot, (size_t)MAX_EXPECT); k++)
		sg_buf_printf(log, "%s: pass case: unexpected finding at %u:%u\n",
			      rule->id, got[k].line, got[k].col);
}

void t_rule_fixtures(sg_stage stage, t_lint_fn lint)
{
	struct sg_buf log = SG_BUF_INIT(1024 * 1024);
	size_t i, n = sg_rules_count(), checked = 0;

	for (i = 0; i < n; i++) {
		const sg_rule *r = sg_rules_at(i);

		if (r->stage != stage)
			continue;
		check_rule(r, lint, &log);
		checked++;
	}
	ck_assert_msg(checked > 0, "no rules registered for stage %s",
		      sg_stage_name(stage));
	if (log.len)
		fprintf(stderr, "%s", sg_buf_cstr(&log));
	ck_assert_msg(log.len == 0, "rule fixtures: %s", sg_buf_cstr(&log));
	sg_buf_release(&log);
}
