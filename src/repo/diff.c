/*
 * diff.c: renames between two commits' trees (see diff.h).
 *
 * A pull request can hold anything, so each step is bounded:
 *  1. Both trees are checked before libgit2 walks them.  libgit2 follows a
 *     tree that lists itself (an object id that lies) forever, and expands
 *     a "git bomb" (trees that list one tree many times) into every path.
 *     The check reads each distinct tree once, so it costs what the
 *     objects are, not what they expand to, and it stops at the walk's
 *     own caps (git.h).
 *  2. Exact renames (the same blob deleted at one path and added at
 *     another) are paired through the blob ids, sorted: libgit2 would
 *     compare every added file with every deleted one, 3,000 with 3,000
 *     in 8 s, and hash a blob once for each of the paths that share it.
 *  3. What is left goes to libgit2's similarity detection (50 % similar
 *     content, as `git diff -M`), one path per distinct blob a side, when
 *     the pairs to compare are at most RENAME_LIMIT squared, as git's
 *     diff.renameLimit; past it the files are counted in the result and
 *     the run says so in a note.  A rename missed that way makes the
 *     file's findings new, so the gate gets stricter, never looser.
 */
#include "util/compat.h"
#include "repo/diff.h"

#include <git2.h>

#include "repo/git.h"
#include "util/strmap.h"
#include "util/vec.h"

/* git's default diff.renameLimit: at most its square of pairs compared */
#define RENAME_LIMIT 1000

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

/* ---- 1. the trees, checked before libgit2 walks them ------------------- */

struct tree_info {
	uint64_t entries;       /* paths below the tree */
	bool open;              /* being read: met again, it contains itself */
};

struct tree_check {
	git_repository *repo;
	struct sg_strmap seen;  /* hex tree id -> struct tree_info */
	struct sg_arena arena;
	const char *rev;        /* for messages */
	sg_error *err;
};

static int check_tree(struct tree_check *c, const git_oid *id, int depth,
		      const struct tree_info **out)
{
	char hex[GIT_OID_HEXSZ + 1];
	struct tree_info *ti;
	git_tree *t = NULL;
	size_t i, n;
	char *key;
	int rc = 0;

	git_oid_tostr(hex, sizeof(hex), id);
	if ((ti = sg_strmap_get(&c->seen, hex))) {
		*out = ti;
		return ti->open ? sg_error_set(c->err, SG_ELIMIT, NULL, 0, 0,
					       "the tree of '%s' contains "
					       "itself (tree %.12s)", c->rev,
					       hex)
				: 0;
	}
	if (depth > SG_GIT_MAX_DEPTH)
		return sg_error_set(c->err, SG_ELIMIT, NULL, 0, 0,
				    "the tree of '%s': directory nesting "
				    "deeper than %d", c->rev, SG_GIT_MAX_DEPTH);
	ti = sg_arena_calloc(&c->arena, 1, sizeof(*ti));
	key = sg_arena_strdup(&c->arena, hex);
	if (!ti || !key || sg_strmap_put(&c->seen, key, ti, NULL) < 0)
		return sg_error_set(c->err, SG_ENOMEM, NULL, 0, 0,
				    "out of memory");
	if (git_tree_lookup(&t, c->repo, id) < 0)
		return sg_error_set(c->err, SG_EIO, NULL, 0, 0,
				    "the tree of '%s': cannot read tree %.12s: "
				    "%s", c->rev, hex, git_msg());
	ti->open = true;
	n = git_tree_entrycount(t);
	ti->entries = n;
	for (i = 0; i < n; i++) {
		const git_tree_entry *e = git_tree_entry_byindex(t, i);
		const struct tree_info *sub;

		if (git_tree_entry_type(e) != GIT_OBJECT_TREE)
			continue;
		if ((rc = check_tree(c, git_tree_entry_id(e), depth + 1,
				     &sub)) < 0)
			break;
		ti->entries += sub->entries;
		if (ti->entries > SG_GIT_MAX_ENTRIES) {
			rc = sg_error_set(c->err, SG_ELIMIT, NULL, 0, 0,
					  "the tree of '%s' has more than %d "
					  "entries", c->rev,
					  SG_GIT_MAX_ENTRIES);
			break;
		}
	}
	ti->open = false;
	git_tree_free(t);
	*out = ti;
	return rc;
}

/* ---- the candidates: files deleted from the base, added in the head ---- */

struct cand {
	const git_diff_delta *d;
	git_oid id;
	size_t next;            /* sources, at the first of an id: next unpaired */
	bool paired;
};

typedef SG_VEC(struct cand) cand_vec;

static bool is_file(uint16_t mode)
{
	return mode == GIT_FILEMODE_BLOB || mode == GIT_FILEMODE_BLOB_EXECUTABLE;
}

static int cmp_cand_id(const void *pa, const void *pb)
{
	const struct cand *a = pa, *b = pb;
	int c = memcmp(a->id.id, b->id.id, GIT_OID_RAWSZ);

	return c ? c : strcmp(a->d->old_file.path, b->d->old_file.path);
}

static int cmp_cand_id_new(const void *pa, const void *pb)
{
	const struct cand *a = pa, *b = pb;
	int c = memcmp(a->id.id, b->id.id, GIT_OID_RAWSZ);

	return c ? c : strcmp(a->d->new_file.path, b->d->new_file.path);
}

static int add_rename(struct repo_renames *out, const char *base_path,
		      const char *head_path, size_t *cap)
{
	sg_rename *r;

	if (out->n == *cap) {
		sg_rename *v;

		*cap = *cap ? *cap * 2 : 16;
		v = realloc(out->v, *cap * sizeof(*v));
		if (!v)
			return SG_ENOMEM;
		out->v = v;
	}
	r = &out->v[out->n];
	r->base_path = sg_arena_strdup(&out->arena, base_path);
	r->head_path = sg_arena_strdup(&out->arena, head_path);
	if (!r->base_path || !r->head_path)
		return SG_ENOMEM;
	out->n++;
	return 0;
}

struct pair_ctx {
	git_repository *repo;
	git_tree *base_tree;
	bool worktree;          /* the head is the work tree */
	const char *prefix, *base_prefix;
	size_t plen, blen;
	uint64_t max_size;
	struct repo_renames *out;
	size_t cap;
	sg_error *err;
};

static int make_diff(struct pair_ctx *p, struct sg_source *head,
		     char **paths, size_t npaths, git_diff **diff)
{
	git_diff_options dopts = GIT_DIFF_OPTIONS_INIT;

	dopts.flags = GIT_DIFF_SKIP_BINARY_CHECK;
	if (npaths) {
		dopts.pathspec.strings = paths;
		dopts.pathspec.count = npaths;
		dopts.flags |= GIT_DIFF_DISABLE_PATHSPEC_MATCH;
	}
	if (!p->worktree)
		return git_diff_tree_to_tree(diff, p->repo, p->base_tree,
					     repo_git_tree(head), &dopts);
	/* --worktree: the files on disk, a moved file maybe untracked */
	dopts.flags |= GIT_DIFF_INCLUDE_UNTRACKED |
		       GIT_DIFF_RECURSE_UNTRACKED_DIRS;
	return git_diff_tree_to_workdir_with_index(diff, p->repo, p->base_tree,
						   &dopts);
}

/* The deleted and added files of `diff` inside the two prefixes; an added
 * file on disk gets its blob id here (libgit2 leaves it unset). */
static int candidates(struct pair_ctx *p, git_diff *diff,
		      cand_vec *src, cand_vec *tgt)
{
	static const git_oid empty = { { 0xe6, 0x9d, 0xe2, 0x9b, 0xb2, 0xd1,
					 0xd6, 0x43, 0x4b, 0x8b, 0x29, 0xae,
					 0x77, 0x5a, 0xd8, 0xc2, 0xe4, 0x8c,
					 0x53, 0x91 } };
	size_t i, n = git_diff_num_deltas(diff);

	for (i = 0; i < n; i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		struct cand c = { d, { { 0 } }, 0, false };
		cand_vec *v;

		if (d->status == GIT_DELTA_DELETED) {
			if (!is_file(d->old_file.mode) ||
			    strncmp(d->old_file.path, p->base_prefix, p->blen))
				continue;
			c.id = d->old_file.id;
			v = src;
		} else if (d->status == GIT_DELTA_ADDED ||
			   d->status == GIT_DELTA_UNTRACKED) {
			if (!is_file(d->new_file.mode) ||
			    strncmp(d->new_file.path, p->prefix, p->plen))
				continue;
			c.id = d->new_file.id;
			if (!(d->new_file.flags & GIT_DIFF_FLAG_VALID_ID) &&
			    (d->new_file.size > p->max_size ||
			     git_repository_hashfile(&c.id, p->repo,
						     d->new_file.path,
						     GIT_OBJECT_BLOB,
						     NULL) < 0))
				continue;       /* too large, or gone */
			v = tgt;
		} else {
			continue;
		}
		/* git pairs no empty files: which empty file became which
		 * is anyone's guess */
		if (!memcmp(c.id.id, empty.id, GIT_OID_RAWSZ))
			continue;
		if (sg_vec_push(v, c) < 0)
			return sg_error_set(p->err, SG_ENOMEM, NULL, 0, 0,
					    "out of memory");
	}
	git_error_clear();
	return 0;
}

/* ---- 2. exact renames, through the sorted blob ids --------------------- */

static int pair_exact(struct pair_ctx *p, cand_vec *src,
		      cand_vec *tgt)
{
	size_t i, j;

	if (!src->n || !tgt->n)
		return 0;
	qsort(src->v, src->n, sizeof(*src->v), cmp_cand_id);
	for (i = 0; i < src->n; i = j) {
		for (j = i + 1; j < src->n &&
		     !memcmp(src->v[j].id.id, src->v[i].id.id, GIT_OID_RAWSZ);
		     j++)
			;
		src->v[i].next = i;
	}
	/* targets in path order take the deleted paths of their blob in
	 * path order */
	for (i = 0; i < tgt->n; i++) {
		struct cand *t = &tgt->v[i], *first, *s;
		size_t lo = 0, hi = src->n;

		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (memcmp(src->v[mid].id.id, t->id.id,
				   GIT_OID_RAWSZ) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo == src->n ||
		    memcmp(src->v[lo].id.id, t->id.id, GIT_OID_RAWSZ))
			continue;
		first = &src->v[lo];
		if (first->next == src->n ||
		    memcmp(src->v[first->next].id.id, t->id.id, GIT_OID_RAWSZ))
			continue;       /* every deleted copy is taken */
		s = &src->v[first->next++];
		s->paired = t->paired = true;
		if (add_rename(p->out, s->d->old_file.path + p->blen,
			       t->d->new_file.path + p->plen, &p->cap) < 0)
			return sg_error_set(p->err, SG_ENOMEM, NULL, 0, 0,
					    "out of memory");
	}
	return 0;
}

/* ---- 3. renames with edits, by libgit2's similarity -------------------- */

/* The size of a candidate, without reading a blob it does not need. */
static bool small_enough(struct pair_ctx *p, git_odb *odb,
			 const struct cand *c, bool added)
{
	const git_diff_file *f = added ? &c->d->new_file : &c->d->old_file;
	git_object_t type;
	size_t size;

	if (added && p->worktree && !(f->flags & GIT_DIFF_FLAG_VALID_ID))
		return f->size <= p->max_size;  /* from the file's stat */
	if (git_odb_read_header(&size, &type, odb, &c->id) < 0) {
		git_error_clear();
		return false;
	}
	return size <= p->max_size;
}

/* The unpaired candidates of `v` (sorted by blob id), one per blob: paths
 * that share a blob are the same content to compare, and a tree can list
 * one blob two million times.  `out` may be NULL, to count. */
static size_t distinct_unpaired(const cand_vec *v, const struct cand **out)
{
	size_t i, n = 0;
	const struct cand *last = NULL;

	for (i = 0; i < v->n; i++) {
		if (v->v[i].paired ||
		    (last && !memcmp(last->id.id, v->v[i].id.id, GIT_OID_RAWSZ)))
			continue;
		last = &v->v[i];
		if (out)
			out[n] = last;
		n++;
	}
	return n;
}

static int pair_similar(struct pair_ctx *p, struct sg_source *head,
			cand_vec *src, cand_vec *tgt)
{
	git_diff_find_options fopts = GIT_DIFF_FIND_OPTIONS_INIT;
	const struct cand **c = NULL;
	char **paths = NULL;
	size_t i, n = 0, nsrc, ns, nt;
	git_diff *diff = NULL;
	git_odb *odb = NULL;
	int rc = 0;

	/* pair_exact sorted the sources by blob id */
	if (tgt->n > 1)
		qsort(tgt->v, tgt->n, sizeof(*tgt->v), cmp_cand_id_new);
	ns = distinct_unpaired(src, NULL);
	nt = distinct_unpaired(tgt, NULL);
	if (!ns || !nt)
		return 0;
	if (ns > RENAME_LIMIT * RENAME_LIMIT / nt) {
		for (i = 0; i < src->n; i++)
			p->out->unpaired_deleted += !src->v[i].paired;
		for (i = 0; i < tgt->n; i++)
			p->out->unpaired_added += !tgt->v[i].paired;
		return 0;
	}
	if (git_repository_odb(&odb, p->repo) < 0 ||
	    !(c = calloc(ns + nt, sizeof(*c))) ||
	    !(paths = calloc(ns + nt, sizeof(*paths)))) {
		rc = sg_error_set(p->err, SG_ENOMEM, NULL, 0, 0,
				  "out of memory");
		goto done;
	}
	distinct_unpaired(src, c);
	distinct_unpaired(tgt, c + ns);
	/* a file past the size limit is not analysed, so not compared */
	for (i = 0; i < ns; i++)
		if (small_enough(p, odb, c[i], false))
			paths[n++] = (char *)c[i]->d->old_file.path;
	nsrc = n;
	for (i = ns; i < ns + nt; i++)
		if (small_enough(p, odb, c[i], true))
			paths[n++] = (char *)c[i]->d->new_file.path;
	if (!nsrc || n == nsrc)
		goto done;      /* and an empty pathspec would mean every path */
	fopts.flags = GIT_DIFF_FIND_RENAMES;
	if (p->worktree)
		fopts.flags |= GIT_DIFF_FIND_FOR_UNTRACKED;
	fopts.rename_limit = nsrc > n - nsrc ? nsrc : n - nsrc;
	if (make_diff(p, head, paths, n, &diff) < 0 ||
	    git_diff_find_similar(diff, &fopts) < 0) {
		rc = sg_error_set(p->err, SG_EIO, NULL, 0, 0,
				  "cannot compare '%s' with the base: %s",
				  head->commit ? head->commit : head->root,
				  git_msg());
		goto done;
	}
	for (i = 0; i < git_diff_num_deltas(diff); i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);

		if (d->status == GIT_DELTA_RENAMED &&
		    !strncmp(d->new_file.path, p->prefix, p->plen) &&
		    !strncmp(d->old_file.path, p->base_prefix, p->blen) &&
		    add_rename(p->out, d->old_file.path + p->blen,
			       d->new_file.path + p->plen, &p->cap) < 0) {
			rc = sg_error_set(p->err, SG_ENOMEM, NULL, 0, 0,
					  "out of memory");
			goto done;
		}
	}
done:
	git_diff_free(diff);
	git_odb_free(odb);
	free(paths);
	free(c);
	return rc;
}

int repo_diff_renames(struct sg_source *base, struct sg_source *head,
		      uint64_t max_size, struct repo_renames *out,
		      sg_error *err)
{
	struct pair_ctx p = { 0 };
	struct tree_check tc = { 0 };
	cand_vec src = SG_VEC_INIT, tgt = SG_VEC_INIT;
	const struct tree_info *ti;
	git_diff *diff = NULL;
	int rc = 0;

	assert(out->n == 0);
	p.prefix = "";
	p.repo = repo_git_repository(head);
	if (!p.repo)
		p.repo = repo_dir_worktree(head, &p.prefix);
	if (!p.repo || !repo_source_is_git(base))
		return 0;
	p.worktree = !repo_source_is_git(head);
	p.base_prefix = repo_git_prefix(base);
	p.plen = strlen(p.prefix);
	p.blen = strlen(p.base_prefix);
	p.max_size = max_size;
	p.out = out;
	p.err = err;
	/* the base source may hold its own handle on the same repository */
	if (git_tree_lookup(&p.base_tree, p.repo,
			    git_tree_id(repo_git_tree(base))) < 0) {
		rc = sg_error_set(err, SG_EINVALID, NULL, 0, 0,
				  "base revision is not in the repository of "
				  "'%s'", head->root);
		goto done;
	}
	tc.repo = p.repo;
	tc.err = err;
	tc.rev = base->commit ? base->commit : base->root;
	sg_arena_init(&tc.arena);
	if ((rc = check_tree(&tc, git_tree_id(p.base_tree), 0, &ti)) < 0)
		goto done;
	tc.rev = head->commit ? head->commit : head->root;
	if (!p.worktree &&
	    (rc = check_tree(&tc, git_tree_id(repo_git_tree(head)), 0,
			     &ti)) < 0)
		goto done;
	if (make_diff(&p, head, NULL, 0, &diff) < 0) {
		rc = sg_error_set(err, SG_EIO, NULL, 0, 0,
				  "cannot compare '%s' with the base: %s",
				  head->commit ? head->commit : head->root,
				  git_msg());
		goto done;
	}
	if ((rc = candidates(&p, diff, &src, &tgt)) < 0 ||
	    (rc = pair_exact(&p, &src, &tgt)) < 0 ||
	    (rc = pair_similar(&p, head, &src, &tgt)) < 0)
		goto done;
	if (out->n > 1)
		qsort(out->v, out->n, sizeof(*out->v), cmp_base_path);
done:
	git_error_clear();
	git_diff_free(diff);
	git_tree_free(p.base_tree);
	sg_strmap_release(&tc.seen);
	sg_arena_release(&tc.arena);
	sg_vec_release(&src);
	sg_vec_release(&tgt);
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
