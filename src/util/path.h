/*
 * path.h: '/'-separated relative paths as they appear in git trees, archives
 * and reports, and the glob dialect used by --include/--exclude and policy.
 */
#ifndef SG_PATH_H
#define SG_PATH_H

#include "compat.h"

/*
 * Normalise `in` (length `len`) into `out` (at least len+1 bytes): drop
 * leading '/' and "./", collapse "//" and "/./", resolve "a/../".  Returns
 * the new length, or -1 when the path climbs above the root ("../x") --
 * callers treat that as unsafe input.  "" and "." normalise to "".
 */
long sg_path_normalize(const char *in, size_t len, char *out);

/* Last component ("a/b/c" -> "c"); points into `path`. */
const char *sg_path_basename(const char *path);

/* Length of the directory part ("a/b/c" -> 3, "c" -> 0). */
size_t sg_path_dirlen(const char *path);

/*
 * Glob match on a whole path: '*' and '?' stop at '/', "**" spans
 * directories ("**" + "/x" matches x at any depth, "a/" + "**" everything
 * under a), [set] and [!set] classes, '\' escapes.
 */
bool sg_glob_match(const char *pattern, const char *path);

/*
 * gitignore-style selection: a pattern without '/' matches a path whose any
 * component matches it; a pattern with '/' is anchored at the root; a
 * pattern that matches a directory prefix selects everything beneath it.
 */
bool sg_path_matches(const char *pattern, const char *path);

/*
 * The same anchored at the root, also without '/': the whole path, or a
 * directory prefix of it, matches.  For a policy ignore, where "legacy"
 * means the root's legacy/ and never a legacy/ a change adds elsewhere.
 */
bool sg_path_under(const char *pattern, const char *path);

#endif
