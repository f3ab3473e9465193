/*
 * version.h: exact version comparison per package ecosystem, the comparator
 * the vulnerability matcher uses (`shipgate vercmp` prints its verdict).
 */
#ifndef SHIPGATE_VERSION_H
#define SHIPGATE_VERSION_H

#include "common.h"
#include "error.h"

/*
 * Compare versions `a` and `b` of `ecosystem`: an OSV ecosystem name
 * ("Debian:12", "Ubuntu", "Alpine:v3.19", "Red Hat", "Rocky Linux", "SUSE",
 * "npm", "Go", "crates.io", "PyPI", …; case-insensitive, the part before
 * the first ':' decides) or a scheme name ("deb", "apk", "rpm", "semver",
 * "pep440").  On success *result is -1, 0 or 1.  SG_ENOTFOUND for an
 * ecosystem without a comparator, SG_EINVALID when either string is not a
 * version of that scheme (never ordered, never "equal").
 */
SG_EXTERN(int) sg_version_compare(const char *ecosystem, const char *a,
				  const char *b, int *result, sg_error *err);

/* The scheme name ("deb", …) an ecosystem uses, or NULL when none. */
SG_EXTERN(const char *) sg_version_scheme(const char *ecosystem);

#endif
