/*
 * diff.h: what changed between the base and the head revision, for PR mode.
 * Only renames matter to the gate: a finding in a renamed file keeps its
 * identity (shipgate/compare.h).
 */
#ifndef SG_REPO_DIFF_H
#define SG_REPO_DIFF_H

#include "util/compat.h"
#include "util/arena.h"
#include "repo/source.h"
#include "shipgate/compare.h"

struct repo_renames {
	struct sg_arena arena;  /* the paths */
	sg_rename *v;           /* sorted by base_path */
	size_t n;
	/* when too many files were left for similarity detection (more pairs
	 * than git's diff.renameLimit squared, 1,000 x 1,000): how many,
	 * else 0 */
	size_t unpaired_deleted, unpaired_added;
};

#define REPO_RENAMES_INIT { SG_ARENA_INIT, NULL, 0, 0, 0 }

void repo_renames_release(struct repo_renames *r);

/*
 * The head path of a file renamed from `base_path`, or NULL.  `renames` is a
 * struct repo_renames; the signature fits repo_discover_opts.shard_path.
 */
const char *repo_renames_head_path(const char *base_path, void *renames);

/*
 * Files renamed from `base` to `head`, read from the object database without
 * a checkout: the same blob at a new path, or (git's rename detection, like
 * `git diff -M`) 50% similar content of at most `max_size` bytes, while no
 * more than 1,000 x 1,000 pairs of distinct blobs are left to compare.
 * Both trees are checked first, with the walk's caps (SG_ELIMIT: a tree
 * that contains itself, more than SG_GIT_MAX_ENTRIES entries, deeper than
 * SG_GIT_MAX_DEPTH).  `base` must be a git source; `head` a git source of
 * the same repository, or a directory inside its work tree (--worktree: the
 * files on disk, untracked ones included; head paths relative to that
 * directory).  For any other pair the list stays empty, and findings in a
 * renamed file then show as new + absent.
 */
int repo_diff_renames(struct sg_source *base, struct sg_source *head,
		      uint64_t max_size, struct repo_renames *out,
		      sg_error *err);

/*
 * Make the base show what the head shows: when `head` is a directory below
 * the root of its work tree (`scan SUBDIR --worktree`), the git source
 * `base` is narrowed to that directory, so both trees have the same root
 * and their paths, policy and baseline match.  Else nothing changes.
 */
int repo_diff_narrow_base(struct sg_source *base, struct sg_source *head,
			  sg_error *err);

#endif
