/*
 * diff.c: renames between two commits' trees with libgit2 (see diff.h):
 * git_diff_tree_to_tree, then git_diff_find_similar, as `git diff -M` does.
 */
#include "util/compat.h"
#include "repo/diff.h"

#include <git2.h>

#include "repo/git.h"

void repo_renames_release(struct repo_renames *r)
{
	sg_arena_release(&r->arena);
	free(r->v);
	r->v = NULL;
	r->n = 0;
}

static int cmp_base_path(const void *a, const void *b)
{
	return strcmp(((const sg_rename *)a)->base_path,
		      ((const sg_rename *)b)->base_path);
}

const char *repo_renames_head_path(const char *base_path, void *renames)
{
	const struct repo_renames *r = renames;
	size_t lo = 0, hi = r->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(r->v[mid].base_path, base_path);

		if (c == 0)
			return r->v[mid].head_path;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static const char *git_msg(void)
{
	const git_error *e = git_error_last();

	return e && e->message && *e->message ? e->message : "failed";
}

/* Append base -> head renames of `diff`; head paths are made relative to
 * `prefix` and base paths to `base_prefix` (renames leaving them are
 * dropped). */
static int collect(git_diff *diff, const char *prefix, const char *base_prefix,
		   struct repo_renames *out, sg_error *err)
{
	size_t i, n = git_diff_num_deltas(diff), cap = 0, plen = strlen(prefix),
		  blen = strlen(base_prefix);

	for (i = 0; i < n; i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		sg_rename *r;

		if (d->status != GIT_DELTA_RENAMED ||
		    strncmp(d->new_file.path, prefix, plen) != 0 ||
		    strncmp(d->old_file.path, base_prefix, blen) != 0)
			continue;
		if (out->n == cap) {
			sg_rename *v;

			cap = cap ? cap * 2 : 16;
			v = realloc(out->v, cap * sizeof(*v));
			if (!v)
				goto oom;
			out->v = v;
		}
		r = &out->v[out->n];
		r->base_path = sg_arena_strdup(&out->arena,
					       d->old_file.path + blen);
		r->head_path = sg_arena_strdup(&out->arena,
					       d->new_file.path + plen);
		if (!r->base_path || !r->head_path)
			goto oom;
		out->n++;
	}
	if (out->n > 1)
		qsort(out->v, out->n, sizeof(*out->v), cmp_base_path);
	return 0;
oom:
	return sg_error_set(err, SG_ENOMEM, NULL, 0, 0, "out of memory");
}

int repo_diff_renames(struct sg_source *base, struct sg_source *head,
		      struct repo_renames *out, sg_error *err)
{
	git_diff_options dopts = GIT_DIFF_OPTIONS_INIT;
	git_diff_find_options fopts = GIT_DIFF_FIND_OPTIONS_INIT;
	git_repository *repo = repo_git_repository(head);
	git_tree *base_tree = NULL;
	git_diff *diff = NULL;
	const char *prefix = "";
	int rc = 0, grc;

	assert(out->n == 0);
	if (!repo)
		repo = repo_dir_worktree(head, &prefix);
	if (!repo || !repo_source_is_git(base))
		return 0;
	/* the base source may hold its own handle on the same repository */
	if (git_tree_lookup(&base_tree, repo,
			    git_tree_id(repo_git_tree(base))) < 0) {
		rc = sg_error_set(err, SG_EINVALID, NULL, 0, 0,
				  "base revision is not in the repository of "
				  "'%s'", head->root);
		goto done;
	}
	dopts.flags = GIT_DIFF_SKIP_BINARY_CHECK;
	fopts.flags = GIT_DIFF_FIND_RENAMES;
	/* a monorepo change moving a whole tree is still one rename each */
	fopts.rename_limit = 100000;
	if (repo_source_is_git(head)) {
		grc = git_diff_tree_to_tree(&diff, repo, base_tree,
					    repo_git_tree(head), &dopts);
	} else {
		/* --worktree: the files on disk, a moved file maybe untracked */
		dopts.flags |= GIT_DIFF_INCLUDE_UNTRACKED |
			       GIT_DIFF_RECURSE_UNTRACKED_DIRS;
		fopts.flags |= GIT_DIFF_FIND_FOR_UNTRACKED;
		grc = git_diff_tree_to_workdir_with_index(&diff, repo,
							  base_tree, &dopts);
	}
	if (grc < 0 || git_diff_find_similar(diff, &fopts) < 0) {
		rc = sg_error_set(err, SG_EIO, NULL, 0, 0,
				  "cannot compare '%s' with the base: %s",
				  head->commit ? head->commit : head->root,
				  git_msg());
		goto done;
	}
	rc = collect(diff, prefix, repo_git_prefix(base), out, err);
done:
	git_error_clear();
	git_diff_free(diff);
	git_tree_free(base_tree);
	return rc;
}

int repo_diff_narrow_base(struct sg_source *base, struct sg_source *head,
			  sg_error *err)
{
	const char *prefix = "";

	if (!repo_source_is_git(base) || !repo_dir_worktree(head, &prefix) ||
	    !*prefix)
		return 0;
	return repo_git_narrow(base, prefix, err);
}
