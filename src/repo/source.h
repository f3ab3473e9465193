/*
 * source.h: a read-only tree of files that targets come from.
 *
 * Backends: the tree of a git commit (libgit2, no checkout; bare or
 * not), a directory on disk (--worktree, and `lint`'s files), and one file
 * in memory over another source (`lint -`).
 * Stages read neighbours through it (.dockerignore beside a build context,
 * .env beside a compose file, the Dockerfile a compose service builds), so
 * they see the same revision as the target itself.  Paths are repo-relative,
 * '/'-separated and normalised; anything that would leave the root is
 * SG_EUNSAFE.
 */
#ifndef SG_REPO_SOURCE_H
#define SG_REPO_SOURCE_H

#include "util/compat.h"
#include "util/buf.h"

enum sg_entry_type {
	SG_ENTRY_NONE = 0,      /* does not exist */
	SG_ENTRY_FILE,
	SG_ENTRY_DIR,
	SG_ENTRY_SYMLINK,
	SG_ENTRY_SUBMODULE,     /* git commit entry (gitlink) */
	SG_ENTRY_SPECIAL,       /* a FIFO, socket or device on disk: there,
				   named like a target maybe, never read */
};

struct sg_entry {
	enum sg_entry_type type;
	uint64_t size;          /* files: bytes (git: the blob's size);
				   0 in a SG_WALK_NAMES walk */
	bool executable;        /* false in a SG_WALK_NAMES walk of a
				   directory (the listing does not say) */
};

enum sg_walk_flags {
	/*
	 * Skip what costs an object read per file (a git blob's size): a walk
	 * that looks at names first and stats the few files it keeps is three
	 * times faster on a large tree.
	 */
	SG_WALK_NAMES = 1 << 0,
};

struct sg_source;

struct sg_source_ops {
	const char *kind;       /* "git", "dir", "overlay" */
	int (*stat)(struct sg_source *src, const char *path,
		    struct sg_entry *out, sg_error *err);
	int (*read)(struct sg_source *src, const char *path, size_t max,
		    struct sg_buf *out, sg_error *err);
	/* Call fn for every entry in stable order: per directory, names
	 * sorted byte-wise, and a directory is reported right before its
	 * contents; fn returns <0 to stop (walk returns that), 1 to skip a
	 * directory's contents.  `flags`: enum sg_walk_flags. */
	int (*walk)(struct sg_source *src, unsigned int flags,
		    int (*fn)(const char *path, const struct sg_entry *e,
			      void *payload),
		    void *payload, sg_error *err);
	void (*free)(struct sg_source *src);
	/* The repo-relative path the symlink chain at `path` ends at, a file
	 * or a directory inside the tree (the errors of read for a link out
	 * or a loop).  NULL: the source cannot tell. */
	int (*resolve)(struct sg_source *src, const char *path, char *out,
		       size_t size, sg_error *err);
	/* An independent source of the same tree, which another thread may
	 * use while this one is in use (a libgit2 repository is one thread's
	 * at a time: a fork opens its own).  Every backend has one. */
	int (*fork)(struct sg_source *src, struct sg_source **out,
		    sg_error *err);
};

struct sg_source {
	const struct sg_source_ops *ops;
	const char *commit;     /* full hex id for git sources, else NULL */
	const char *root;       /* what was opened, for messages */
};

/* A directory on disk.  Symlinks are reported, never followed outside root. */
int sg_source_open_dir(struct sg_source **out, const char *dir, sg_error *err);

/*
 * What the caller knows already of the files at `paths` (relative to the
 * directory source's root): e[i], from an lstat it made of each.  The
 * source and its forks (make them after) answer a stat of a regular file
 * among them from this, not the disk; a read still opens the file, without
 * following a link, and reads what is there.  Other entries are ignored,
 * as is a source that is not a directory's.  0 or SG_ENOMEM.
 */
int sg_source_dir_know(struct sg_source *s, const char *const *paths,
		       const struct sg_entry *e, size_t n);

/*
 * Sources for `n` threads reading `s` at once, out[k] for thread k: forks
 * of `s`, each with its own caches, no lock between them.  `s` is borrowed
 * and must outlive them; sg_source_threads_free() frees them.
 */
int sg_source_threads_open(struct sg_source **out, size_t n,
			   struct sg_source *s, sg_error *err);
void sg_source_threads_free(struct sg_source **v, size_t n);

/*
 * `inner` with one more file: `path` (normalised, repo-relative) reads as
 * `data` (len bytes, no terminator needed).  `inner`, `path` and `data` are
 * borrowed and must outlive it.  `lint -`: standard input at a path.
 */
int sg_source_open_overlay(struct sg_source **out, struct sg_source *inner,
			   const char *path, const char *data, size_t len,
			   sg_error *err);

/* The tree of `rev` (NULL: HEAD) in the repository at `path` (work tree or
 * bare; discovery walks up like git does).  Implemented in repo/git.c. */
int sg_source_open_git(struct sg_source **out, const char *path,
		       const char *rev, sg_error *err);

static inline int sg_source_stat(struct sg_source *s, const char *path,
				 struct sg_entry *out, sg_error *err)
{
	return s->ops->stat(s, path, out, err);
}

static inline int sg_source_read(struct sg_source *s, const char *path,
				 size_t max, struct sg_buf *out, sg_error *err)
{
	return s->ops->read(s, path, max, out, err);
}

static inline int sg_source_resolve(struct sg_source *s, const char *path,
				    char *out, size_t size, sg_error *err)
{
	if (!s->ops->resolve)
		return sg_error_set(err, SG_EINVALID, path, 0, 0,
				    "links are not resolved here");
	return s->ops->resolve(s, path, out, size, err);
}

static inline int sg_source_walk(struct sg_source *s,
				 int (*fn)(const char *, const struct sg_entry *,
					   void *),
				 void *payload, sg_error *err)
{
	return s->ops->walk(s, 0, fn, payload, err);
}

static inline int sg_source_walk_flags(struct sg_source *s, unsigned int flags,
				       int (*fn)(const char *,
						 const struct sg_entry *,
						 void *),
				       void *payload, sg_error *err)
{
	return s->ops->walk(s, flags, fn, payload, err);
}

/* True when `path` exists as any entry type. */
bool sg_source_exists(struct sg_source *s, const char *path);

/*
 * True when `data` is a Git LFS pointer (under 1,024 bytes, starting with
 * the spec line), not the file's content.  Checked by the stage that reads
 * a target, so discovery never reads a blob and every file is read once.
 */
bool sg_source_is_lfs_pointer(const char *data, size_t len);

void sg_source_free(struct sg_source *s);

#endif
