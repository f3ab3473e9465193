/*
 * version.h: exact version ordering per ecosystem, one scheme per file
 * (grype's grype/version/ layout).
 *
 * A scheme is a const table entry {name, validate, compare}.  `validate`
 * says whether a string is a version of that scheme at all; `compare` orders
 * two versions that validate.  Invalid versions are never ordered: every
 * caller goes through vuln_version_compare(), which validates both sides and
 * reports the first invalid one as SG_EINVALID, so a typo in an advisory can
 * never compare "equal" and silently match or miss.
 *
 *   deb     dpkg: [epoch:]upstream[-revision], '~' before everything
 *           (deb.c, lib/dpkg/version.c + parsehelp.c parseversion())
 *   apk     apk-tools 2.x version.c token machine, quirks included (apk.c)
 *   rpm     rpmvercmp() on [epoch:]version[-release], '~' and '^' (rpm.c)
 *   semver  SemVer 2.0 as node-semver parses it (semver.c); also npm range
 *           syntax, see vuln_semver_range_satisfies()
 *   pep440  PEP 440 as pypa/packaging 23 parses it (pep440.c)
 *
 * Strings are NUL-terminated and borrowed; nothing here allocates except the
 * npm range evaluator (bounded, freed before it returns).
 */
#ifndef SG_VULN_VERSION_H
#define SG_VULN_VERSION_H

#include "util/compat.h"

/* Longest version string any scheme accepts (node-semver's limit is 256). */
#define VULN_VERSION_MAX 1024

struct vuln_scheme {
	const char *name;       /* "deb", "apk", "rpm", "semver", "pep440" */
	const char *title;      /* "Debian (dpkg)", for messages */
	/* 0 when `v` is valid; else -1 and *why = static reason text. */
	int (*validate)(const char *v, const char **why);
	/* Order two versions that validate: <0, 0 or >0. */
	int (*compare)(const char *a, const char *b);
};

extern const struct vuln_scheme vuln_scheme_deb;
extern const struct vuln_scheme vuln_scheme_apk;
extern const struct vuln_scheme vuln_scheme_rpm;
extern const struct vuln_scheme vuln_scheme_semver;
extern const struct vuln_scheme vuln_scheme_pep440;

/*
 * The scheme for an OSV ecosystem string ("Debian:12", "Alpine:v3.19",
 * "Red Hat:enterprise_linux:9", "npm", "PyPI", "Go", "crates.io", …; the
 * part before the first ':' decides, case-insensitively) or for a scheme
 * name ("deb", "dpkg", "apk", "rpm", "semver", "pep440").  NULL when the
 * ecosystem has no exact comparator here (Maven, RubyGems, …): callers must
 * then skip the advisory with a note, never guess.
 */
const struct vuln_scheme *vuln_scheme_find(const char *ecosystem);

/* All schemes, for tests and the fuzzer; *n receives the count. */
const struct vuln_scheme *const *vuln_schemes(size_t *n);

/*
 * Compare `a` with `b` under scheme `s`: 0 and *cmp = -1, 0 or 1, or
 * SG_EINVALID ("invalid dpkg version '1:': nothing after colon") when either
 * side is not a version of the scheme.
 */
int vuln_version_compare(const struct vuln_scheme *s, const char *a,
			 const char *b, int *cmp, sg_error *err);

/* 0 when valid, else SG_EINVALID with the reason in err. */
int vuln_version_validate(const struct vuln_scheme *s, const char *v,
			  sg_error *err);

/*
 * npm range syntax as node-semver 7 evaluates `satisfies(version, range)`
 * without options: comparators (< <= > >= =), x-ranges (1.x, 1.2.*, *, ""),
 * tilde, caret, hyphen ranges (1.2 - 2.3.4), whitespace-separated
 * intersections and `||` unions.  A prerelease version only satisfies a
 * range when some comparator of the matching set has a prerelease on the
 * same major.minor.patch (npm's rule).  0 and *yes set, or SG_EINVALID for
 * a malformed range or version.
 */
int vuln_semver_range_satisfies(const char *range, const char *version,
				bool *yes, sg_error *err);

#endif
