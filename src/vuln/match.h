/*
 * match.h: installed packages against the vulnerability database.
 *
 * For each package: look up the advisories of its ecosystem by the name the
 * ecosystem keys them on (Debian/Ubuntu: the source package; Alpine: the
 * origin; PyPI: the PEP 503 name; others: the package name), evaluate each
 * affected entry's OSV ranges with the ecosystem's exact comparator
 * (vuln/range.h), and add one finding per (advisory, package): SGV001 when
 * a fixed version exists, SGV002 when none does.  Distribution packages are
 * compared by their *source* version (bsdutils 1:2.38.1-5+deb12u3 is
 * util-linux 2.38.1-5+deb12u3; bash 5.2.15-2+b13 is bash 5.2.15-2).
 *
 * A package whose ecosystem has no exact comparator, or whose version the
 * comparator rejects, is skipped and counted, never guessed at; so is an
 * advisory entry whose own versions are malformed.
 */
#ifndef SG_VULN_MATCH_H
#define SG_VULN_MATCH_H
#include "util/compat.h"
#include "inventory/inventory.h"
#include "policy/policy.h"
#include "shipgate/finding.h"
#include "shipgate/vulndb.h"

extern const sg_rule sg_rule_vuln_fixed;
extern const sg_rule sg_rule_vuln_unfixed;
extern const sg_rule sg_rule_vuln_stale_db;
extern const sg_rule sg_rule_vuln_pkgdb_unreadable;
extern const sg_rule sg_rule_vuln_not_matched;

struct vuln_match_stats {
	size_t packages;        /* looked up */
	size_t no_scheme;       /* skipped: ecosystem without a comparator */
	size_t bad_version;     /* skipped: installed version not valid */
	size_t rows;            /* affected rows evaluated */
	size_t bad_rows;        /* malformed advisory ranges (SGV005 unless
				   another row decided the vulnerability) */
	size_t git_ranges;      /* GIT ranges skipped (commits, not versions) */
	size_t findings;        /* added */
	size_t unfixed;         /* of which SGV002 */
	double seconds;
};

/*
 * Match every package of `inv` (after inventory_finish()).  `where` gives
 * the location every finding starts from (image name; the package's layer
 * and purl are filled in); may be NULL.  `stats` may be NULL.  Besides
 * SGV001/SGV002, what could not be matched is SGV005: an advisory whose
 * versions are not valid in the ordering, and an ecosystem the database
 * has no advisory for.
 */
int vuln_match(const sg_vulndb *db, const struct inventory *inv,
	       const sg_location *where, sg_findings *findings,
	       struct vuln_match_stats *stats, sg_error *err);

/*
 * What vuln_match() could not check, as findings: SGV004 for every dpkg,
 * apk or rpm database with entries skipped or not read at all (the
 * inventory's warnings; a caller adds a whole unreadable file as one), and
 * SGV005 per ecosystem for packages without a comparator or with an
 * invalid version, and per language manifest skipped.
 */
int vuln_report_gaps(const struct inventory *inv, const sg_location *where,
		     sg_findings *findings, sg_error *err);

/*
 * SGV003 when the database is older than policy vuln.max_db_age_days
 * counted against policy->today (no finding when either is unset).
 */
int vuln_check_db_age(const sg_vulndb *db, const struct sg_policy *policy,
		      const sg_location *where, sg_findings *findings,
		      sg_error *err);

/* Days since 1970-01-01 of "YYYY-MM-DD..."; -1 when it is not a date. */
long vuln_days_from_date(const char *date);

#endif
