/*
 * range.h: does one OSV `affected[]` entry cover an installed version?
 *
 * OSV semantics (ossf/osv-schema docs/schema.md, "Evaluation"):
 *   - `versions[]` lists affected versions explicitly (exact, under the
 *     scheme's equality: "1.0" and "1.0.0" are the same PEP 440 version);
 *   - each range is a list of events; with the events sorted by version
 *     (`introduced: "0"` first), walking them while event <= v (for
 *     `last_affected`: event < v) sets affected on `introduced`, clears it on
 *     `fixed` and `last_affected`;
 *   - `limit` events bound the range from above: when a range has any,
 *     v must be below one of them (`limit: "*"` = no bound);
 *   - ECOSYSTEM ranges use the ecosystem's scheme, SEMVER ranges SemVer 2.0;
 *     GIT ranges name commits and cannot be evaluated against a package
 *     version: they are skipped and reported in `git_skipped`.
 *
 * How vulndb calls it (strings are borrowed; nothing is allocated):
 *
 *	struct vuln_event ev[] = {
 *		{ VULN_EVENT_INTRODUCED, "0" },
 *		{ VULN_EVENT_FIXED, "3.0.9-1" },
 *	};
 *	struct vuln_range r = { VULN_RANGE_ECOSYSTEM, ev, 2 };
 *	struct vuln_affected a = { "Debian:12", &r, 1, NULL, 0 };
 *	struct vuln_match m;
 *
 *	if ((error = vuln_range_match(&a, "3.0.8-1", &m, err)) < 0)
 *		goto done;      (SG_EINVALID: bad installed or event version,
 *			         unknown ecosystem; the message says which)
 *	if (m.affected && m.fix == VULN_FIX_VERSION)
 *		report(m.fixed);          ("3.0.9-1", borrowed from ev[])
 *	else if (m.affected)
 *		report_unfixed();         (_NONE, _LAST_AFFECTED, _UNKNOWN)
 *
 * Alpine secdb ("fixed in X") and the Debian tracker ("fixed_version X",
 * "open") map onto the same shape: {introduced "0", fixed X} or
 * {introduced "0"} alone.  Debian's `fixed_version "0"` and Alpine's "0"
 * (never affected) must be filtered by the importer, not passed as fixed.
 */
#ifndef SG_VULN_RANGE_H
#define SG_VULN_RANGE_H

#include "util/compat.h"
#include "vuln/version/version.h"

enum vuln_range_type {
	VULN_RANGE_ECOSYSTEM,
	VULN_RANGE_SEMVER,
	VULN_RANGE_GIT,
};

enum vuln_event_kind {
	VULN_EVENT_INTRODUCED,
	VULN_EVENT_FIXED,
	VULN_EVENT_LAST_AFFECTED,
	VULN_EVENT_LIMIT,
};

struct vuln_event {
	enum vuln_event_kind kind;
	const char *version;
};

struct vuln_range {
	enum vuln_range_type type;
	const struct vuln_event *events;
	size_t nevents;
};

struct vuln_affected {
	const char *ecosystem;          /* OSV `package.ecosystem` */
	const struct vuln_range *ranges;
	size_t nranges;
	const char *const *versions;    /* OSV `versions[]`, may be NULL */
	size_t nversions;
};

/* What is known about a fix for an affected version. */
enum vuln_fix {
	VULN_FIX_VERSION,       /* `fixed`: the first fixed version above v */
	VULN_FIX_NONE,          /* open range: no fix exists (unfixed) */
	VULN_FIX_LAST_AFFECTED, /* no fix known; `last_affected` bounds it */
	VULN_FIX_UNKNOWN,       /* matched only through `versions[]` */
};

struct vuln_match {
	bool affected;
	enum vuln_fix fix;              /* meaningful when affected */
	const char *fixed;              /* borrowed; set for VULN_FIX_VERSION */
	const char *last_affected;      /* borrowed; set for _LAST_AFFECTED */
	unsigned git_skipped;           /* GIT ranges ignored */
};

/*
 * Evaluate `a` for installed version `v` into *out (always written).
 * When several ranges cover v, the fix reported is the one needed to leave
 * all of them: unfixed if any covering range is open, else the highest of
 * their first fixed versions above v.  Ranges must have at least one
 * `introduced` event (OSV requires it); a range without one is an error,
 * as is a `fixed` and `last_affected` in the same range.
 */
int vuln_range_match(const struct vuln_affected *a, const char *v,
		     struct vuln_match *out, sg_error *err);

/* Same, with the scheme chosen by the caller (e.g. a Debian tracker feed). */
int vuln_range_match_scheme(const struct vuln_scheme *s,
			    const struct vuln_affected *a, const char *v,
			    struct vuln_match *out, sg_error *err);

#endif
