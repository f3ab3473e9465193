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

typedef struct git_repository git_repository;
typedef struct git_tree git_tree;

/* True when `s` was opened with sg_source_open_git(). */
bool repo_source_is_git(const struct sg_source *s);

/* The repository / commit tree behind a git source; NULL for other kinds. */
git_repository *repo_git_repository(const struct sg_source *s);
git_tree *repo_git_tree(const struct sg_source *s);

/*
 * The git work tree a directory source lies in (dir.c), or NULL; *prefix is
 * the source's root relative to the work tree ("" or "a/b/").
 */
git_repository *repo_dir_worktree(const struct sg_source *s,
				  const char **prefix);

#endif
