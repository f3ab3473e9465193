/* t_compose.c: Compose test helpers (see t_compose.h). */
#include "util/compat.h"
#include "helpers.h"
#include "compose/t_compose.h"

#include "compose/compose.h"
#include "policy/policy.h"
#include "repo/source.h"
#include "util/buf.h"
#include "util/path.h"
#include "util/vec.h"

struct names {
	char **v;
	size_t n, cap;
};

static bool compose_name(const char *path)
{
	const char *b = sg_path_basename(path);

	return (sg_startswith(b, "compose") || sg_startswith(b, "docker-compose")) &&
	       (sg_endswith(b, ".yml") || sg_endswith(b, ".yaml"));
}

static int collect(const char *path, const struct sg_entry *e, void *payload)
{
	struct names *n = payload;

	if (e->type == SG_ENTRY_FILE && compose_name(path))
		return sg_vec_push(n, strdup(path));
	return 0;
}

sg_findings *tc_lint(const char *dir, const struct tc_opts *opts)
{
	struct sg_policy pol;
	struct sg_rule_override ov = { 0 };
	struct sg_source *src = NULL;
	struct sg_stage_ctx ctx = { 0 };
	sg_findings *set = NULL;
	struct names names = SG_VEC_INIT;
	const char *projects[8];
	sg_error err;
	size_t i, np = 0;
	int rc;

	memset(&pol, 0, sizeof(pol));
	pol.max_file_size = 1024 * 1024;
	if (opts && opts->enable) {
		ov.rule = opts->enable;
		ov.on = true;
		pol.rules = &ov;
		pol.nrules = 1;
	}
	while (opts && opts->projects && opts->projects[np] && np < 8) {
		projects[np] = opts->projects[np];
		np++;
	}
	pol.compose.projects.v = projects;
	pol.compose.projects.n = np;
	while (opts && opts->trusted && opts->trusted[pol.dockerfile
						       .trusted_registries.n])
		pol.dockerfile.trusted_registries.n++;
	pol.dockerfile.trusted_registries.v =
		opts ? (const char **)opts->trusted : NULL;
	pol.compose.env_file = opts ? opts->env_file : NULL;
	sg_error_clear(&err);
	ck_assert_msg(sg_source_open_dir(&src, dir, &err) == 0, "%s: %s", dir,
		      err.message);
	ck_assert_int_eq(sg_findings_new(&set), 0);
	ctx.policy = &pol;
	ctx.source = src;
	ctx.findings = set;
	ctx.links = opts ? opts->links : NULL;
	if (opts && opts->file) {
		struct sg_buf b = SG_BUF_INIT(1024 * 1024);

		ck_assert_int_eq(sg_source_read(src, opts->file, b.max, &b,
						&err), 0);
		rc = compose_lint_file(&ctx, opts->file, b.ptr ? b.ptr : "",
				       b.len, &err);
		sg_buf_release(&b);
	} else {
		ck_assert_int_eq(sg_source_walk(src, collect, &names, &err), 0);
		rc = compose_lint_files(&ctx, (const char *const *)names.v,
					names.n, &err);
	}
	ck_assert_msg(rc == 0, "lint %s: %s", dir, err.message);
	ck_assert_int_eq(sg_findings_finalize(set), 0);
	for (i = 0; i < names.n; i++)
		free(names.v[i]);
	sg_vec_release(&names);
	sg_source_free(src);
	return set;
}

char *tc_render(sg_findings *set, const char *only, bool messages)
{
	struct sg_buf b = SG_BUF_INIT(4 * 1024 * 1024);
	size_t i, n = sg_findings_count(set);

	sg_buf_puts(&b, "");
	for (i = 0; i < n; i++) {
		const sg_finding *f = sg_findings_at(set, i);

		if (only && strcmp(f->rule->id, only) != 0)
			continue;
		sg_buf_printf(&b, "%s %s:%u:%u%s", f->rule->id,
			      f->loc.path ? f->loc.path : "-", f->loc.line,
			      f->loc.column,
			      f->verdict == SG_VERDICT_SUPPRESSED
				      ? " (suppressed)" : "");
		if (messages)
			sg_buf_printf(&b, ": %s", f->message);
		sg_buf_putc(&b, '\n');
	}
	ck_assert_int_eq(sg_buf_error(&b), 0);
	{
		char *s = sg_buf_detach(&b);

		return s ? s : strdup("");
	}
}
