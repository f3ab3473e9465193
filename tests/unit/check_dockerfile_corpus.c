/*
 * check_dockerfile_corpus.c: the Dockerfile stage over every file of
 * ../shared/corpus/dockerfiles: no failure, and parse findings exactly on
 * the files BuildKit rejects (testdata/dockerfile/corpus-invalid.txt).
 * Under `make test SAN=1` this is also the no-sanitizer-report run.
 */
#include "util/compat.h"
#include "helpers.h"

#include <dirent.h>
#include <sys/stat.h>

#include "dockerfile/dockerfile.h"
#include "policy/policy.h"
#include "util/vec.h"

struct walk {
	struct sg_policy *pol;
	const char *root;
	char *invalid;          /* the list file */
	size_t files, bytes, findings, parse_bad, listed_ok;
	struct sg_buf log;
};

static bool listed(const struct walk *w, const char *rel)
{
	const char *p = w->invalid;
	size_t n = strlen(rel);

	while (p && (p = strstr(p, rel))) {
		if ((p == w->invalid || p[-1] == '\n') &&
		    (p[n] == '\n' || p[n] == '\0'))
			return true;
		p += n;
	}
	return false;
}

static bool is_parse_rule(const sg_rule *r)
{
	return r->stage == SG_STAGE_DOCKERFILE && strcmp(r->id, "SGD001") >= 0 &&
	       strcmp(r->id, "SGD008") <= 0;
}

static void lint_one(struct walk *w, const char *path, const char *rel)
{
	sg_findings *set = NULL;
	size_t len, i;
	char *data = t_read(path, &len);
	bool bad = false;
	sg_error err;

	if (!data)
		return;
	sg_error_clear(&err);
	ck_assert_int_eq(sg_findings_new(&set), 0);
	{
		struct sg_stage_ctx ctx = { w->pol, NULL, set, NULL };

		ck_assert_msg(df_lint_file(&ctx, rel, data, len, &err) == 0,
			      "%s: %s", rel, err.message);
	}
	sg_findings_finalize(set);
	w->files++;
	w->bytes += len;
	w->findings += sg_findings_count(set);
	for (i = 0; i < sg_findings_count(set); i++)
		if (is_parse_rule(sg_findings_at(set, i)->rule))
			bad = true;
	if (bad) {
		w->parse_bad++;
		if (!listed(w, rel)) {
			const sg_finding *f = NULL;

			for (i = 0; i < sg_findings_count(set); i++)
				if (is_parse_rule(sg_findings_at(set, i)->rule))
					f = sg_findings_at(set, i);
			sg_buf_printf(&w->log, "%s:%u: unexpected parse finding: %s\n",
				      rel, f->loc.line, f->message);
		} else {
			w->listed_ok++;
		}
	} else if (listed(w, rel)) {
		sg_buf_printf(&w->log, "%s: listed as invalid but parsed cleanly\n",
			      rel);
	}
	sg_findings_free(set);
	free(data);
}

static void walk_dir(struct walk *w, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	SG_VEC(char *) names = SG_VEC_INIT;
	size_t i;

	if (!d)
		return;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			if (sg_vec_push(&names, strdup(e->d_name)) < 0)
				break;
	closedir(d);
	for (i = 0; i < names.n; i++) {
		char path[4096];
		struct stat st;

		snprintf(path, sizeof(path), "%s/%s", dir, names.v[i]);
		if (lstat(path, &st) == 0) {
			if (S_ISDIR(st.st_mode))
				walk_dir(w, path);
			else if (S_ISREG(st.st_mode))
				lint_one(w, path, path + strlen(w->root) + 1);
		}
		free(names.v[i]);
	}
	sg_vec_release(&names);
}

START_TEST(test_dockerfile_corpus)
{
	struct walk w;
	char root[4096];
	sg_error err;

	if (t_skip_without_shared("dockerfile_corpus"))
		return;
	memset(&w, 0, sizeof(w));
	sg_buf_init(&w.log, 1024 * 1024);
	snprintf(root, sizeof(root), "%s/corpus/dockerfiles", t_shared());
	w.root = root;
	w.invalid = t_read(t_src("testdata/dockerfile/corpus-invalid.txt"), NULL);
	ck_assert_ptr_nonnull(w.invalid);
	sg_error_clear(&err);
	ck_assert_int_eq(sg_policy_defaults(&w.pol, "2026-01-01", &err), 0);
	w.pol->enable_all = true;
	walk_dir(&w, root);
	printf("dockerfile_corpus: %zu files, %zu bytes, %zu findings, %zu files "
	       "with parse findings (all listed as rejected by BuildKit: %s)\n",
	       w.files, w.bytes, w.findings, w.parse_bad,
	       w.log.len ? "no" : "yes");
	ck_assert_uint_gt(w.files, 1000);
	ck_assert_msg(w.log.len == 0, "%s", sg_buf_cstr(&w.log));
	sg_buf_release(&w.log);
	sg_policy_free(w.pol);
	free(w.invalid);
}
END_TEST

Suite *dockerfile_corpus_suite(void)
{
	Suite *s = suite_create("dockerfile_corpus");
	TCase *tc = tcase_create("corpus");

	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, test_dockerfile_corpus);
	suite_add_tcase(s, tc);
	return s;
}
