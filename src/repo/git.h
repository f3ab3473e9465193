/*
 * git.h: what the rest of repo/ may know about a git-backed sg_source (see
 * source.h for the backend-independent interface).  PR mode (diff.c) needs
 * the repository and the tree behind two sources to compare them without a
 * second checkout, or a commit with the files on disk (--worktree).
 * Pointers are borrowed and live as long as the source.
 */
#ifndef SG_REPO_GIT_H
#define SG_REPO_GIT_H

#include "util/compat.h"
#include "repo/source.h"

#define SG_GIT_MAX_DEPTH 256    /* tree nesting */
/*
 * Entries one walk visits.  A tree is a DAG: ten trees that each list the
 * one below ten times describe 10^9 files in a 12-object repository (a "git
 * bomb"; lying object ids even make a cycle that fans out), and neither
 * the depth cap nor memory bounds that.  4x the largest public monorepos.
 */
#define SG_GIT_MAX_ENTRIES 2000000

typedef struct git_repository git_repository;
typedef struct git_tree git_tree;

/* True when `s` was opened with sg_source_open_git(). */
bool repo_source_is_git(const struct sg_source *s);

/* The repository / commit tree behind a git source; NULL for other kinds. */
git_repository *repo_git_repository(const struct sg_source *s);
git_tree *repo_git_tree(const struct sg_source *s);

/*
 * Make a git source show only the directory `prefix` ("a/b/") of its
 * commit, as a directory source opened there shows only that directory
 * (PR mode's base for `scan SUBDIR --worktree`); paths are then relative
 * to it.  A prefix that is no directory in the commit leaves it empty.
 * repo_git_tree() stays the commit's whole tree; repo_git_prefix() gives
 * the prefix ("" when not narrowed).
 */
int repo_git_narrow(struct sg_source *s, const char *prefix, sg_error *err);
const char *repo_git_prefix(const struct sg_source *s);

/*
 * The git work tree a directory source lies in (dir.c), or NULL; *prefix is
 * the source's root relative to the work tree ("" or "a/b/").
 */
/* Turn the directory source's fast path (openat2 beneath the root) off or
 * on: the careful path alone must answer the same (tests). */
void repo_dir_set_fast(struct sg_source *s, bool on);

git_repository *repo_dir_worktree(const struct sg_source *s,
				  const char **prefix);

#endif
