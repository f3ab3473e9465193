/*
 * check_compose_corpus.c: the Compose stage over every file of
 * ../shared/corpus/compose/ (real-world files, including broken ones and
 * YAML that is not Compose): grouped into projects as a scan would, then
 * each file again on its own through the single-file entry.  The test
 * proves no crash, no internal error and a finding or a clean bill for
 * every file; it prints the counts.  Skipped without ../shared.
 */
#include "util/compat.h"
#include "helpers.h"

#include "compose/compose.h"
#include "policy/policy.h"
#include "repo/source.h"
#include "util/buf.h"
#include "util/vec.h"

struct files {
	char **v;
	size_t n, cap;
};

static int collect(const char *path, const struct sg_entry *e, void *payload)
{
	struct files *f = payload;

	if (e->type != SG_ENTRY_FILE)
		return 0;
	return sg_vec_push(f, strdup(path));
}

START_TEST(test_compose_corpus)
{
	char dir[4096];
	struct sg_policy pol;
	struct sg_source *src = NULL;
	struct sg_stage_ctx ctx = { 0 };
	struct files files = SG_VEC_INIT;
	struct sg_links links;
	sg_findings *set = NULL, *one = NULL;
	sg_error err;
	size_t i, parse_errors = 0;

	if (t_skip_without_shared("compose corpus"))
		return;
	snprintf(dir, sizeof(dir), "%s/corpus/compose", t_shared());
	memset(&pol, 0, sizeof(pol));
	pol.max_file_size = 1024 * 1024;
	sg_error_clear(&err);
	ck_assert_int_eq(sg_source_open_dir(&src, dir, &err), 0);
	ck_assert_int_eq(sg_source_walk(src, collect, &files, &err), 0);
	ck_assert_uint_gt(files.n, 100);
	ck_assert_int_eq(sg_findings_new(&set), 0);
	sg_links_init(&links);
	ctx.policy = &pol;
	ctx.source = src;
	ctx.findings = set;
	ctx.links = &links;
	ck_assert_msg(compose_lint_files(&ctx, (const char *const *)files.v,
					 files.n, &err) == 0,
		      "%s", err.message);
	ck_assert_int_eq(sg_findings_finalize(set), 0);
	for (i = 0; i < sg_findings_count(set); i++)
		if (sg_findings_at(set, i)->rule->flags & SG_RULE_PARSE_ERROR)
			parse_errors++;
	fprintf(stderr, "compose corpus: %zu files as projects: %zu findings "
		"(%zu unparsable), %zu service links\n", files.n,
		sg_findings_count(set), parse_errors, links.v.n);
	ck_assert_uint_gt(sg_findings_count(set), files.n);
	/* every file alone, as `shipgate lint FILE` would */
	ck_assert_int_eq(sg_findings_new(&one), 0);
	ctx.findings = one;
	for (i = 0; i < files.n; i++) {
		struct sg_buf b = SG_BUF_INIT(1024 * 1024);

		ck_assert_int_eq(sg_source_read(src, files.v[i], b.max, &b,
						&err), 0);
		ck_assert_msg(compose_lint_file(&ctx, files.v[i],
						b.ptr ? b.ptr : "", b.len,
						&err) == 0,
			      "%s: %s", files.v[i], err.message);
		sg_buf_release(&b);
	}
	ck_assert_int_eq(sg_findings_finalize(one), 0);
	fprintf(stderr, "compose corpus: %zu files one by one: %zu findings\n",
		files.n, sg_findings_count(one));
	for (i = 0; i < files.n; i++)
		free(files.v[i]);
	sg_vec_release(&files);
	sg_links_release(&links);
	sg_findings_free(set);
	sg_findings_free(one);
	sg_source_free(src);
}
END_TEST

Suite *compose_corpus_suite(void)
{
	Suite *s = suite_create("compose_corpus");
	TCase *tc = tcase_create("corpus");

	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, test_compose_corpus);
	suite_add_tcase(s, tc);
	return s;
}
