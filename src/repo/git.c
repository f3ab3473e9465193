/*
 * git.c: the git backend of sg_source: the tree of one commit, read with
 * libgit2 straight from the object database.  Nothing is checked out, no
 * filter or hook runs, and a bare clone reads exactly like a work tree.
 *
 * Entries map to source.h types by their git mode: trees are directories,
 * gitlinks are submodules (never entered), links are symlinks.  A read looks
 * at the blob's size in the object header before loading it, so a blob that
 * claims to be gigabytes is refused by the cap without being inflated.
 * Reading a symlink follows it only while it stays inside the tree.
 */
#include "util/compat.h"
#include "repo/git.h"

#include <git2.h>

#include "util/dynlib.h"
#include "util/fs.h"
#include "util/path.h"
#include "util/vec.h"

#define SG_GIT_MAX_LINKS 8      /* symlink hops on read */
#define SG_GIT_MAX_LINK_TARGET 4096

struct git_source {
	struct sg_source base;
	git_repository *repo;
	git_odb *odb;
	git_tree *tree;         /* the commit's */
	git_tree *view;         /* what reads and walks see: `tree`, or the
				   subtree repo_git_narrow() chose; NULL
				   when that is not in the commit (empty) */
	char *prefix;           /* "" or the narrowed prefix "a/b/" */
	char *root;             /* the path as given */
	char *rev;              /* the revision as given ("HEAD" by default) */
	char commit[GIT_OID_HEXSZ + 1];
	/* the entry a walk is visiting and its path: discovery stats and
	 * reads the file it is shown, and that needs no lookup from the root */
	const git_tree_entry *walk_te;
	const char *walk_path;
};

/* libgit2's last error as one line; "failed" when it left none. */
static const char *git_msg(void)
{
	const git_error *e = git_error_last();

	return e && e->message && *e->message ? e->message : "failed";
}

static int normalize(const char *path, char *out, size_t size, sg_error *err)
{
	size_t len = strlen(path);

	if (len >= size)
		return sg_error_set(err, SG_EINVALID, path, 0, 0, "path too long");
	if (sg_path_normalize(path, len, out) < 0)
		return sg_error_set(err, SG_EUNSAFE, path, 0, 0,
				    "path leaves the repository root");
	return 0;
}

static enum sg_entry_type type_of(git_filemode_t mode)
{
	switch (mode) {
	case GIT_FILEMODE_TREE:
		return SG_ENTRY_DIR;
	case GIT_FILEMODE_BLOB:
	case GIT_FILEMODE_BLOB_EXECUTABLE:
		return SG_ENTRY_FILE;
	case GIT_FILEMODE_LINK:
		return SG_ENTRY_SYMLINK;
	case GIT_FILEMODE_COMMIT:
		return SG_ENTRY_SUBMODULE;
	default:
		return SG_ENTRY_NONE;
	}
}

/* Fill `out` for a tree entry; blob sizes come from the object header
 * unless `names_only`. */
static int entry_info(struct git_source *g, const char *path,
		      const git_tree_entry *te, bool names_only,
		      struct sg_entry *out, sg_error *err)
{
	memset(out, 0, sizeof(*out));
	out->type = type_of(git_tree_entry_filemode(te));
	out->executable =
		git_tree_entry_filemode(te) == GIT_FILEMODE_BLOB_EXECUTABLE;
	if (!names_only &&
	    (out->type == SG_ENTRY_FILE || out->type == SG_ENTRY_SYMLINK)) {
		size_t len = 0;
		git_object_t type;

		if (git_odb_read_header(&len, &type, g->odb,
					git_tree_entry_id(te)) < 0)
			return sg_error_set(err, SG_EIO, path, 0, 0,
					    "cannot read object in '%s': %s",
					    g->rev, git_msg());
		if (type != GIT_OBJECT_BLOB)
			return sg_error_set(err, SG_EINVALID, path, 0, 0,
					    "tree entry in '%s' is not a blob",
					    g->rev);
		out->size = (uint64_t)len;
	}
	return 0;
}

static int resolve_link(struct git_source *g, const char *orig, char *norm,
			size_t size, const git_oid *id, sg_error *err);

/*
 * `norm` is not in the tree as written: when one of its directories is a
 * symlink ("svc/app.df" with svc -> real/svc, a Compose build context),
 * rewrite it through the links as the file system would ("real/svc/app.df"),
 * inside the tree only, and set *changed.  Without a linked directory on
 * the way the entry is simply not there: 0, *changed false.
 */
static int through_dir_links(struct git_source *g, char *norm, size_t size,
			     bool *changed, sg_error *err)
{
	char orig[4096], dir[4096];
	int hops, rc;

	*changed = false;
	snprintf(orig, sizeof(orig), "%s", norm);
	for (hops = 0;; hops++) {
		git_tree_entry *te = NULL;
		const char *slash, *rest = NULL;
		size_t at, dlen, rlen;

		for (slash = strchr(norm, '/'); slash;
		     slash = strchr(slash + 1, '/')) {
			git_filemode_t mode;

			at = (size_t)(slash - norm);
			memcpy(dir, norm, at);
			dir[at] = '\0';
			rc = git_tree_entry_bypath(&te, g->view, dir);
			if (rc == GIT_ENOTFOUND) {
				git_error_clear();
				return 0;
			}
			if (rc < 0)
				return sg_error_set(err, SG_EIO, orig, 0, 0,
						    "cannot look up in '%s': %s",
						    g->rev, git_msg());
			mode = git_tree_entry_filemode(te);
			if (mode == GIT_FILEMODE_LINK) {
				rest = slash + 1;
				break;
			}
			git_tree_entry_free(te);
			te = NULL;
			if (mode != GIT_FILEMODE_TREE)
				return 0;       /* a file or a submodule */
		}
		if (!rest)
			return 0;
		if (hops >= SG_GIT_MAX_LINKS) {
			git_tree_entry_free(te);
			return sg_error_set(err, SG_EINVALID, orig, 0, 0,
					    "symlink loop (more than %d "
					    "symlink hops)", SG_GIT_MAX_LINKS);
		}
		rc = resolve_link(g, orig, dir, sizeof(dir),
				  git_tree_entry_id(te), err);
		git_tree_entry_free(te);
		if (rc < 0)
			return rc;
		/* both parts are normalised; the link may lead to the root */
		dlen = strlen(dir);
		rlen = strlen(rest);
		if (dlen + 1 + rlen >= size)
			return sg_error_set(err, SG_EINVALID, orig, 0, 0,
					    "path too long");
		memmove(norm + dlen + (dlen ? 1 : 0), rest, rlen + 1);
		memcpy(norm, dir, dlen);
		if (dlen)
			norm[dlen] = '/';
		*changed = true;
	}
}

/*
 * The entry at normalised `norm` ("" is the root); *te NULL when absent.
 * A directory on the way may be a symlink inside the tree: `norm` (of
 * `size` bytes) is then rewritten to the path the entry really has.
 */
static int lookup(struct git_source *g, char *norm, size_t size,
		  git_tree_entry **te, sg_error *err)
{
	bool changed;
	int rc;

	*te = NULL;
	if (!*norm || !g->view)
		return 0;
	if (g->walk_te && strcmp(norm, g->walk_path) == 0) {
		if (git_tree_entry_dup(te, g->walk_te) < 0)
			return sg_error_set(err, SG_ENOMEM, norm, 0, 0,
					    "out of memory");
		return 0;
	}
	rc = git_tree_entry_bypath(te, g->view, norm);
	if (rc == GIT_ENOTFOUND) {
		git_error_clear();
		*te = NULL;
		if ((rc = through_dir_links(g, norm, size, &changed, err)) < 0 ||
		    !changed)
			return rc;
		rc = git_tree_entry_bypath(te, g->view, norm);
		if (rc == GIT_ENOTFOUND) {
			git_error_clear();
			*te = NULL;
			return 0;
		}
	}
	if (rc < 0)
		return sg_error_set(err, SG_EIO, norm, 0, 0,
				    "cannot look up in '%s': %s", g->rev,
				    git_msg());
	return 0;
}

static int git_stat(struct sg_source *s, const char *path,
		    struct sg_entry *out, sg_error *err)
{
	struct git_source *g = (struct git_source *)s;
	git_tree_entry *te = NULL;
	char norm[4096];
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = normalize(path, norm, sizeof(norm), err)) < 0)
		return rc;
	if (!*norm) {
		out->type = SG_ENTRY_DIR;
		return 0;
	}
	if ((rc = lookup(g, norm, sizeof(norm), &te, err)) < 0 || !te)
		return rc;
	rc = entry_info(g, norm, te, false, out, err);
	git_tree_entry_free(te);
	return rc;
}

/* Load blob `id` into `out`, refusing it by its header size first. */
static int read_blob(struct git_source *g, const char *path, const git_oid *id,
		     size_t max, struct sg_buf *out, sg_error *err)
{
	git_blob *blob = NULL;
	git_object_t type;
	size_t len = 0;
	int rc = 0;

	if (git_odb_read_header(&len, &type, g->odb, id) < 0)
		return sg_error_set(err, SG_EIO, path, 0, 0,
				    "cannot read object in '%s': %s", g->rev,
				    git_msg());
	if (type != GIT_OBJECT_BLOB)
		return sg_error_set(err, SG_EINVALID, path, 0, 0,
				    "tree entry in '%s' is not a blob", g->rev);
	if (len > max)
		return sg_error_set(err, SG_ELIMIT, path, 0, 0,
				    "file is %zu bytes, over the %zu-byte limit",
				    len, max);
	if (git_blob_lookup(&blob, g->repo, id) < 0)
		return sg_error_set(err, SG_EIO, path, 0, 0,
				    "cannot read blob in '%s': %s", g->rev,
				    git_msg());
	/* the header may lie; trust only what was loaded */
	if ((uint64_t)git_blob_rawsize(blob) > max) {
		rc = sg_error_set(err, SG_ELIMIT, path, 0, 0,
				  "file is over the %zu-byte limit", max);
		goto done;
	}
	if (sg_buf_put(out, git_blob_rawcontent(blob),
		       (size_t)git_blob_rawsize(blob)) < 0 ||
	    sg_buf_put(out, "", 0) < 0)
		rc = sg_error_set(err, out->error, path, 0, 0, "%s",
				  sg_status_text(out->error));
done:
	git_blob_free(blob);
	return rc;
}

/*
 * Resolve a symlink at `norm` (whose blob is `id`) to the path it names,
 * relative to the tree root.  Absolute targets and targets that climb out
 * of the tree are unsafe.
 */
static int resolve_link(struct git_source *g, const char *orig, char *norm,
			size_t size, const git_oid *id, sg_error *err)
{
	struct sg_buf target = SG_BUF_INIT(SG_GIT_MAX_LINK_TARGET);
	char joined[8192];
	size_t dirlen = sg_path_dirlen(norm);
	int rc;

	if ((rc = read_blob(g, orig, id, SG_GIT_MAX_LINK_TARGET, &target,
			    err)) < 0)
		goto done;
	if (target.len == 0 || target.ptr[0] == '/' ||
	    memchr(target.ptr, '\0', target.len)) {
		rc = sg_error_set(err, SG_EUNSAFE, orig, 0, 0,
				  "symlink points outside the repository");
		goto done;
	}
	if ((size_t)snprintf(joined, sizeof(joined), "%.*s%s%s", (int)dirlen,
			     norm, dirlen ? "/" : "", target.ptr) >=
		    sizeof(joined) ||
	    strlen(joined) >= size) {
		rc = sg_error_set(err, SG_EINVALID, orig, 0, 0, "path too long");
		goto done;
	}
	if (sg_path_normalize(joined, strlen(joined), norm) < 0)
		rc = sg_error_set(err, SG_EUNSAFE, orig, 0, 0,
				  "symlink points outside the repository");
done:
	sg_buf_release(&target);
	return rc;
}

/*
 * Follow `path` through its symlinks to a regular file (or, with `to_dir`,
 * a directory): its path in `norm` and its object in *id (0), or the error
 * a read gives.
 */
static int follow(struct git_source *g, const char *path, char *norm,
		  size_t size, git_oid *id, bool to_dir, sg_error *err)
{
	git_tree_entry *te = NULL;
	int hops, rc;

	if ((rc = normalize(path, norm, size, err)) < 0)
		return rc;
	for (hops = 0;; hops++) {
		if ((rc = lookup(g, norm, size, &te, err)) < 0)
			return rc;
		if (!te)
			return sg_error_set(err, SG_ENOTFOUND, path, 0, 0,
					    "no such file in '%s'", g->rev);
		git_oid_cpy(id, git_tree_entry_id(te));
		switch (type_of(git_tree_entry_filemode(te))) {
		case SG_ENTRY_FILE:
			git_tree_entry_free(te);
			return 0;
		case SG_ENTRY_SYMLINK:
			git_tree_entry_free(te);
			/* a loop, as the dir backend's ELOOP: a link that
			 * leads to no file (SGG003), not a size limit */
			if (hops >= SG_GIT_MAX_LINKS)
				return sg_error_set(err, SG_EINVALID, path, 0,
						    0, "symlink loop (more than "
						    "%d symlink hops)",
						    SG_GIT_MAX_LINKS);
			if ((rc = resolve_link(g, path, norm, size, id,
					       err)) < 0)
				return rc;
			continue;
		case SG_ENTRY_DIR:
			git_tree_entry_free(te);
			if (to_dir)
				return 0;
			return sg_error_set(err, SG_EINVALID, path, 0, 0,
					    "is a directory");
		case SG_ENTRY_SUBMODULE:
			git_tree_entry_free(te);
			return sg_error_set(err, SG_EINVALID, path, 0, 0,
					    "is a submodule");
		default:
			git_tree_entry_free(te);
			return sg_error_set(err, SG_EINVALID, path, 0, 0,
					    "not a regular file");
		}
	}
}

static int git_read(struct sg_source *s, const char *path, size_t max,
		    struct sg_buf *out, sg_error *err)
{
	struct git_source *g = (struct git_source *)s;
	char norm[4096];
	git_oid id;
	int rc;

	if ((rc = follow(g, path, norm, sizeof(norm), &id, false, err)) < 0)
		return rc;
	return read_blob(g, path, &id, max, out, err);
}

static int git_resolve(struct sg_source *s, const char *path, char *out,
		       size_t size, sg_error *err)
{
	git_oid id;

	return follow((struct git_source *)s, path, out, size, &id, true, err);
}

struct walk_state {
	struct git_source *g;
	int (*fn)(const char *, const struct sg_entry *, void *);
	void *payload;
	sg_error *err;
	bool names_only;
	size_t entries;         /* visited so far, for SG_GIT_MAX_ENTRIES */
	char path[4096];
};

static int cmp_entry_names(const void *pa, const void *pb)
{
	const git_tree_entry *a = *(const git_tree_entry *const *)pa;
	const git_tree_entry *b = *(const git_tree_entry *const *)pb;

	return strcmp(git_tree_entry_name(a), git_tree_entry_name(b));
}

/*
 * A name git's fsck accepts for a path component: "", "." and ".." and a
 * name holding '/' would make a path that names another file (the walk
 * joins names with '/'), or none.
 */
static bool valid_name(const char *name)
{
	return *name && strcmp(name, ".") && strcmp(name, "..") &&
	       !strchr(name, '/');
}

/*
 * Visit `tree` whose path is ws->path[0..len).  Entries are sorted by name
 * with strcmp, as the dir backend does: git's own tree order sorts "a/"
 * after "a.txt", and both backends must walk in the same order.
 */
static int walk_tree(struct walk_state *ws, const git_tree *tree, size_t len,
		     int depth)
{
	SG_VEC(const git_tree_entry *) ents = SG_VEC_INIT;
	size_t i, n = git_tree_entrycount(tree);
	int rc = 0;

	if (depth > SG_GIT_MAX_DEPTH)
		return sg_error_set(ws->err, SG_ELIMIT, ws->path, 0, 0,
				    "directory nesting deeper than %d",
				    SG_GIT_MAX_DEPTH);
	if (n && sg_vec_reserve(&ents, n) < 0)
		return sg_error_set(ws->err, SG_ENOMEM, ws->path, 0, 0,
				    "out of memory");
	for (i = 0; i < n; i++)
		ents.v[ents.n++] = git_tree_entry_byindex(tree, i);
	/* git's order differs from strcmp's only where a directory name is a
	 * prefix of a sibling's: most trees are in order already */
	for (i = 1; i < n; i++)
		if (cmp_entry_names(&ents.v[i - 1], &ents.v[i]) > 0) {
			qsort(ents.v, n, sizeof(*ents.v), cmp_entry_names);
			break;
		}
	for (i = 0; rc >= 0 && i < n; i++) {
		const git_tree_entry *te = ents.v[i];
		const char *name = git_tree_entry_name(te);
		size_t nlen = strlen(name), plen = len + (len ? 1 : 0) + nlen;
		struct sg_entry e;

		if (++ws->entries > SG_GIT_MAX_ENTRIES) {
			ws->path[len] = '\0';
			rc = sg_error_set(ws->err, SG_ELIMIT, ws->path, 0, 0,
					  "the tree of '%s' has more than %d "
					  "entries", ws->g->rev,
					  SG_GIT_MAX_ENTRIES);
			break;
		}
		if (!valid_name(name)) {
			ws->path[len] = '\0';
			rc = sg_error_set(ws->err, SG_EINVALID, ws->path, 0, 0,
					  "the tree of '%s' has an entry named "
					  "'%s', which git refuses to check "
					  "out", ws->g->rev, name);
			break;
		}
		if (plen >= sizeof(ws->path)) {
			ws->path[len] = '\0';
			rc = sg_error_set(ws->err, SG_ELIMIT, ws->path, 0, 0,
					  "path of '%s' in '%s' too long",
					  name, ws->g->rev);
			break;
		}
		if (len)
			ws->path[len] = '/';
		memcpy(ws->path + len + (len ? 1 : 0), name, nlen + 1);
		if ((rc = entry_info(ws->g, ws->path, te, ws->names_only, &e,
				      ws->err)) < 0)
			break;
		if (e.type == SG_ENTRY_NONE)
			continue;
		ws->g->walk_te = te;
		ws->g->walk_path = ws->path;
		rc = ws->fn(ws->path, &e, ws->payload);
		ws->g->walk_te = NULL;
		if (rc < 0)
			break;
		if (rc == 0 && e.type == SG_ENTRY_DIR) {
			git_tree *sub = NULL;

			if (git_tree_lookup(&sub, ws->g->repo,
					    git_tree_entry_id(te)) < 0) {
				rc = sg_error_set(ws->err, SG_EIO, ws->path, 0,
						  0, "cannot read tree in '%s': %s",
						  ws->g->rev, git_msg());
				break;
			}
			rc = walk_tree(ws, sub, plen, depth + 1);
			git_tree_free(sub);
		}
		if (rc > 0)
			rc = 0;
	}
	ws->path[len] = '\0';
	sg_vec_release(&ents);
	return rc;
}

static int git_walk(struct sg_source *s, unsigned int flags,
		    int (*fn)(const char *, const struct sg_entry *, void *),
		    void *payload, sg_error *err)
{
	struct walk_state ws;

	ws.g = (struct git_source *)s;
	ws.fn = fn;
	ws.payload = payload;
	ws.err = err;
	ws.names_only = (flags & SG_WALK_NAMES) != 0;
	ws.entries = 0;
	ws.path[0] = '\0';
	return ws.g->view ? walk_tree(&ws, ws.g->view, 0, 0) : 0;
}

static void git_source_free(struct sg_source *s)
{
	struct git_source *g = (struct git_source *)s;

	if (g->view != g->tree)
		git_tree_free(g->view);
	git_tree_free(g->tree);
	free(g->prefix);
	git_odb_free(g->odb);
	git_repository_free(g->repo);
	free(g->root);
	free(g->rev);
	free(g);
	git_libgit2_shutdown();
}

static int git_fork(struct sg_source *s, struct sg_source **out,
		    sg_error *err);

static const struct sg_source_ops git_ops = {
	"git", git_stat, git_read, git_walk, git_source_free, git_resolve,
	git_fork,
};

/* A git source named `root` at `rev`, nothing opened yet, or NULL when
 * out of memory.  It holds libgit2 initialised: git_source_free() lets
 * go. */
static struct git_source *git_source_alloc(const char *root, const char *rev)
{
	struct git_source *g = calloc(1, sizeof(*g));

	if (!g)
		return NULL;
	git_libgit2_init();
	g->base.ops = &git_ops;
	g->root = strdup(root);
	g->rev = strdup(rev);
	g->base.root = g->root;
	if (!g->root || !g->rev) {
		git_source_free(&g->base);
		return NULL;
	}
	return g;
}

/*
 * The same commit through a repository object of its own: libgit2 lets
 * each thread use its own repository at once, so the lint threads read
 * blobs (inflate, open loose objects) side by side instead of in turn
 * behind one lock.  The repository is opened as the first one was, and
 * the trees are looked up by id: the fork sees exactly the original's
 * view, narrowed or not.
 */
static int git_fork(struct sg_source *s, struct sg_source **out,
		    sg_error *err)
{
	struct git_source *g = (struct git_source *)s, *f;
	int rc = 0;

	*out = NULL;
	if (!(f = git_source_alloc(g->root, g->rev)))
		return sg_error_set(err, SG_ENOMEM, g->root, 0, 0,
				    "out of memory");
	memcpy(f->commit, g->commit, sizeof(f->commit));
	f->base.commit = f->commit;
	if (g->prefix && !(f->prefix = strdup(g->prefix))) {
		rc = sg_error_set(err, SG_ENOMEM, g->root, 0, 0,
				  "out of memory");
		goto done;
	}
	if (git_repository_open_ext(&f->repo, g->root, 0, NULL) < 0 ||
	    git_repository_odb(&f->odb, f->repo) < 0 ||
	    git_tree_lookup(&f->tree, f->repo, git_tree_id(g->tree)) < 0 ||
	    (g->view && g->view != g->tree &&
	     git_tree_lookup(&f->view, f->repo, git_tree_id(g->view)) < 0)) {
		rc = sg_error_set(err, SG_EIO, NULL, 0, 0,
				  "cannot open '%s' again for a thread: %s",
				  g->root, git_msg());
		goto done;
	}
	if (g->view == g->tree)
		f->view = f->tree;
done:
	git_error_clear();
	if (rc < 0) {
		git_source_free(&f->base);
		return rc;
	}
	*out = &f->base;
	return 0;
}

int sg_source_open_git(struct sg_source **out, const char *path,
		       const char *rev, sg_error *err)
{
	struct git_source *g = NULL;
	git_object *obj = NULL, *commit = NULL;
	int rc = 0;

	*out = NULL;
	if ((rc = sg_dynlib_load(SG_DYNLIB_GIT2, err)) < 0)
		return rc;
	if (!(g = git_source_alloc(path, rev ? rev : "HEAD")))
		return sg_error_set(err, SG_ENOMEM, path, 0, 0, "out of memory");
	/*
	 * CI checkouts are often owned by another uid (a container job on a
	 * runner's workspace).  libgit2's ownership check guards against
	 * repository config that runs programs; this backend reads objects
	 * only and never runs anything, so the check would just break CI.
	 */
	git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, 0);
	/*
	 * Reading a tree path by path (stat, read) looks every directory up
	 * again; libgit2 caches only trees under 4 KiB by default, so large
	 * directories were inflated over and over (3x slower discovery).
	 * Object hashes are not re-verified on read, as git does not either.
	 */
	git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, (int)GIT_OBJECT_TREE,
			 (size_t)1 << 24);
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	/* A file is not a repository, even inside one: never walk up from it. */
	if (!sg_path_is_dir(path) ||
	    git_repository_open_ext(&g->repo, path, 0, NULL) < 0) {
		rc = sg_error_set(err, SG_ENOTFOUND, NULL, 0, 0,
				  "not a git repository: '%s'", path);
		goto done;
	}
	if (git_repository_odb(&g->odb, g->repo) < 0) {
		rc = sg_error_set(err, SG_EIO, NULL, 0, 0,
				  "cannot open the object database of '%s': %s",
				  path, git_msg());
		goto done;
	}
	rc = git_revparse_single(&obj, g->repo, g->rev);
	if (rc == GIT_ENOTFOUND || rc == GIT_EINVALIDSPEC ||
	    rc == GIT_EAMBIGUOUS || rc == GIT_EUNBORNBRANCH) {
		rc = sg_error_set(err, SG_ENOTFOUND, NULL, 0, 0,
				  rc == GIT_EAMBIGUOUS
					  ? "ambiguous revision '%s'"
					  : "unknown revision '%s'",
				  g->rev);
		goto done;
	}
	if (rc < 0) {
		rc = sg_error_set(err, SG_EIO, NULL, 0, 0,
				  "cannot resolve revision '%s': %s", g->rev,
				  git_msg());
		goto done;
	}
	if (git_object_peel(&commit, obj, GIT_OBJECT_COMMIT) < 0) {
		rc = sg_error_set(err, SG_EINVALID, NULL, 0, 0,
				  "revision '%s' is not a commit", g->rev);
		goto done;
	}
	if (git_commit_tree(&g->tree, (git_commit *)commit) < 0) {
		rc = sg_error_set(err, SG_EIO, NULL, 0, 0,
				  "cannot read the tree of '%s': %s", g->rev,
				  git_msg());
		goto done;
	}
	g->view = g->tree;
	git_oid_tostr(g->commit, sizeof(g->commit), git_object_id(commit));
	g->base.commit = g->commit;
done:
	git_error_clear();
	git_object_free(commit);
	git_object_free(obj);
	if (rc < 0) {
		git_source_free(&g->base);
		return rc;
	}
	*out = &g->base;
	return 0;
}

bool repo_source_is_git(const struct sg_source *s)
{
	return s && s->ops == &git_ops;
}

git_repository *repo_git_repository(const struct sg_source *s)
{
	return repo_source_is_git(s) ? ((const struct git_source *)s)->repo
				      : NULL;
}

git_tree *repo_git_tree(const struct sg_source *s)
{
	return repo_source_is_git(s) ? ((const struct git_source *)s)->tree
				      : NULL;
}

const char *repo_git_prefix(const struct sg_source *s)
{
	const struct git_source *g = (const struct git_source *)s;

	return repo_source_is_git(s) && g->prefix ? g->prefix : "";
}

int repo_git_narrow(struct sg_source *s, const char *prefix, sg_error *err)
{
	struct git_source *g = (struct git_source *)s;
	git_tree_entry *te = NULL;
	git_tree *sub = NULL;
	char norm[4096];
	size_t len = strlen(prefix);
	int rc;

	assert(repo_source_is_git(s) && g->view == g->tree && !g->prefix);
	if (!len)
		return 0;
	if (!(g->prefix = strdup(prefix)))
		return sg_error_set(err, SG_ENOMEM, prefix, 0, 0, "out of memory");
	if (prefix[len - 1] == '/')
		len--;
	if (len >= sizeof(norm))
		return sg_error_set(err, SG_ELIMIT, prefix, 0, 0, "path too long");
	memcpy(norm, prefix, len);
	norm[len] = '\0';
	if ((rc = lookup(g, norm, sizeof(norm), &te, err)) < 0)
		return rc;
	g->view = NULL;         /* not a directory in this commit: empty */
	if (te && git_tree_entry_type(te) == GIT_OBJECT_TREE) {
		if (git_tree_lookup(&sub, g->repo, git_tree_entry_id(te)) < 0) {
			rc = sg_error_set(err, SG_EIO, norm, 0, 0,
					  "cannot read tree in '%s': %s",
					  g->rev, git_msg());
			git_error_clear();
		}
		g->view = sub;
	}
	git_tree_entry_free(te);
	return rc;
}
