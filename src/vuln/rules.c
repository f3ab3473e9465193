/*
 * rules.c: the vulnerability rules (family SGV).  The checks live in
 * match.c: one finding per (advisory, installed package), and the database
 * age against the policy.
 */
#include "util/compat.h"
#include "core/registry.h"
#include "vuln/match.h"

const sg_rule sg_rule_vuln_fixed = {
	.id = "SGV001",
	.name = "known-vulnerability",
	.title = "A package in the image has a known vulnerability with a fix "
		 "available",
	.help = "The vulnerability database lists an advisory for this package, "
		"and the installed version is in an affected range that a newer "
		"version fixes. Distribution advisories (Debian, Alpine, Ubuntu) "
		"are matched on the *source* package and its version, so one "
		"advisory can show up on every binary package built from that "
		"source.\n\n"
		"Severity comes from the distribution's own rating when it has "
		"one, else from the advisory's CVSS score, v3 or v4 (critical "
		">= 9.0, high >= 7.0, medium >= 4.0, low otherwise; a CVSS v2 "
		"score rates at most high); with neither it is medium. When several sources "
		"report the vulnerability, the highest rating and the highest "
		"fixed version win.\n\n"
		"Fix: rebuild the image so it installs the fixed version, for "
		"example by refreshing the base image and upgrading packages:\n\n"
		"```dockerfile\nFROM debian:12\nRUN apt-get update && "
		"apt-get upgrade -y && rm -rf /var/lib/apt/lists/*\n```\n\n"
		"If the vulnerable code is not reachable in your image, ignore "
		"the advisory in the policy with a reason and an expiry date.",
	.stage = SG_STAGE_VULN,
	.practice = SG_PRACTICE_VULN_SCANNING,
	.severity = SG_SEVERITY_MEDIUM,
};

const sg_rule sg_rule_vuln_unfixed = {
	.id = "SGV002",
	.name = "unfixed-vulnerability",
	.title = "A package in the image has a known vulnerability with no fix "
		 "yet",
	.help = "The advisory covers the installed version and no fixed "
		"version exists (OSV: no `fixed` event; Debian tracker: status "
		"`open`). Upgrading will not help until the distribution or "
		"upstream ships a fix.\n\n"
		"Fix: remove the package if the image does not need it (a smaller "
		"base such as distroless or `-slim` often drops it), or accept "
		"the risk: `vuln.ignore-unfixed: true` in the policy ignores all "
		"unfixed vulnerabilities, and an `ignore:` entry with the "
		"advisory id, a reason and an expiry date ignores one.",
	.stage = SG_STAGE_VULN,
	.practice = SG_PRACTICE_VULN_SCANNING,
	.severity = SG_SEVERITY_MEDIUM,
};

const sg_rule sg_rule_vuln_stale_db = {
	.id = "SGV003",
	.name = "vulnerability-db-stale",
	.title = "The vulnerability database is older than the policy allows",
	.help = "A source of the offline vulnerability database was last "
		"imported longer ago than `vuln.max-db-age` (days, 7 unless the "
		"policy says otherwise; 0 turns the check off) allows (the "
		"database is as old as its least recently imported source). Advisories published since then are not known to the "
		"scan, so a clean result means less than it seems.\n\n"
		"Fix: refresh the database before scanning, in the same CI job or "
		"a scheduled one whose output is cached:\n\n"
		"```sh\nshipgate db import osv=advisories/ alpine=secdb/\n"
		"shipgate db info\n```",
	.stage = SG_STAGE_VULN,
	.practice = SG_PRACTICE_PATCHING,
	.severity = SG_SEVERITY_MEDIUM,
};

const sg_rule sg_rule_vuln_pkgdb_unreadable = {
	.id = "SGV004",
	.name = "package-database-unreadable",
	.title = "A package database in the image could not be read, so its "
		 "packages were not checked for vulnerabilities",
	.help = "A dpkg, apk or rpm database in the image (or some entries "
		"in it) could not be parsed: a corrupt `rpmdb.sqlite`, a "
		"`var/lib/dpkg/status` stanza without a field name, an apk "
		"entry without a version, rpm's NDB `Packages.db` (not read), a "
		"non-empty `rpmdb.sqlite-wal` (rpm's write-ahead log, not read), "
		"a database larger than the gate reads; or a later layer deleted "
		"it (`rm -rf /var/lib/dpkg`: the packages stay in the image, "
		"nothing lists them any more), or the image names a "
		"distribution in `etc/os-release` and holds no package "
		"database at all (installed and deleted in one `RUN`). The "
		"packages it describes "
		"were not matched against the vulnerability database, so the "
		"scan cannot "
		"vouch for them; like any input that could not be analysed, "
		"this gates (exit 3) unless ignored.\n\n"
		"Fix: rebuild the image with the distribution's package "
		"manager so the database is consistent (`rpm --rebuilddb`, "
		"`dpkg --configure -a`) and keep it in the final image, or "
		"ignore this finding for the image with a reason.",
	.stage = SG_STAGE_VULN,
	.practice = SG_PRACTICE_VULN_SCANNING,
	.severity = SG_SEVERITY_HIGH,
	.flags = SG_RULE_PARSE_ERROR,
};

const sg_rule sg_rule_vuln_not_matched = {
	.id = "SGV005",
	.name = "packages-not-scanned",
	.title = "Packages in the image were not checked for vulnerabilities",
	.help = "Some packages were read but could not be matched: their "
		"distribution has no vulnerability data ecosystem the gate "
		"knows an exact version ordering for (Red Hat Enterprise "
		"Linux, CentOS, Oracle Linux, Amazon Linux, ...), their version "
		"is not valid in that ordering, the database has no advisory "
		"for their ecosystem at all (a Debian 11 image and Debian 12 "
		"data; an image without `etc/os-release`), an advisory naming "
		"the package has versions its ordering rejects, or a language "
		"package manifest (`package.json`, Python metadata) could not be "
		"read. Their vulnerabilities are unknown, not absent.\n\n"
		"Fix: import advisory data for the image's release, scan these "
		"images with a tool that covers the distribution, or accept the "
		"gap for the image with an `ignore:` entry, a reason and an "
		"expiry date.",
	.stage = SG_STAGE_VULN,
	.practice = SG_PRACTICE_VULN_SCANNING,
	.severity = SG_SEVERITY_MEDIUM,
};

static const sg_rule *const vuln_rules[] = {
	&sg_rule_vuln_fixed,
	&sg_rule_vuln_unfixed,
	&sg_rule_vuln_stale_db,
	&sg_rule_vuln_pkgdb_unreadable,
	&sg_rule_vuln_not_matched,
};

const struct sg_rule_table sg_vuln_rules = SG_RULE_PTR_TABLE(vuln_rules);
