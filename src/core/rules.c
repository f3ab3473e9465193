/*
 * rules.c: the gate's own rules (family SGG): what discovery, suppression
 * comments and the policy itself can find.  Checks for these live where the
 * condition is detected (repo/, core/suppress.c, policy/).
 */
#include "util/compat.h"
#include "core/registry.h"

const sg_rule sg_rule_file_too_large = {
	.id = "SGG001",
	.name = "target-too-large",
	.title = "Dockerfile or Compose file is larger than the size cap",
	.help = "The gate reads every candidate file, but a file above the size cap "
		"(`max-file-size` in the policy, default 1 MiB) is not analysed, so "
		"nothing in it was checked. A real Dockerfile or Compose file is a "
		"few kilobytes; a huge one is usually generated or hostile.\n\n"
		"Fix: split the file, exclude it with `exclude:` if it is not a "
		"build input, or raise `max-file-size`.",
	.stage = SG_STAGE_GATE,
	.practice = SG_PRACTICE_VULN_SCANNING,
	.severity = SG_SEVERITY_MEDIUM,
	.flags = SG_RULE_PARSE_ERROR,
};

const sg_rule sg_rule_lfs_pointer = {
	.id = "SGG002",
	.name = "target-is-lfs-pointer",
	.title = "Dockerfile or Compose file is stored as a Git LFS pointer",
	.help = "The file in the commit is a Git LFS pointer, not its content, "
		"so the gate cannot see what will be built. Build inputs should "
		"be ordinary blobs.\n\n"
		"Fix: remove the path from `.gitattributes` LFS patterns and "
		"commit the file itself.",
	.stage = SG_STAGE_GATE,
	.practice = SG_PRACTICE_VULN_SCANNING,
	.severity = SG_SEVERITY_MEDIUM,
	.flags = SG_RULE_PARSE_ERROR,
};

const sg_rule sg_rule_unreadable = {
	.id = "SGG003",
	.name = "target-unreadable",
	.title = "A target could not be read or parsed",
	.help = "The gate could not read this input (an I/O error, invalid "
		"encoding, or a parser limit), so it was not analysed. The "
		"message says why.\n\n"
		"Fix: correct the file, or exclude it if it is not a build input.",
	.stage = SG_STAGE_GATE,
	.practice = SG_PRACTICE_VULN_SCANNING,
	.severity = SG_SEVERITY_HIGH,
	.flags = SG_RULE_PARSE_ERROR,
};

const sg_rule sg_rule_ignore_expired = {
	.id = "SGG004",
	.name = "policy-ignore-expired",
	.title = "A policy ignore has expired",
	.help = "An entry under `ignore:` in the policy has an `expires` date in "
		"the past. It no longer suppresses anything, so the findings it "
		"covered gate again (in PR mode with `gate: new`, those on the "
		"base revision too stay `not-new`: an expiry makes the next full "
		"scan fail, not a pull request).\n\n"
		"Fix: fix the findings, or renew the entry with a new date and "
		"reason:\n\n"
		"```yaml\nignore:\n  - rule: SGD002\n    path: legacy/Dockerfile\n"
		"    reason: vendor image runs as root until Q3 migration\n"
		"    expires: 2027-09-30\n```",
	.stage = SG_STAGE_GATE,
	.practice = SG_PRACTICE_PATCHING,
	.severity = SG_SEVERITY_LOW,
};

const sg_rule sg_rule_unknown_suppression = {
	.id = "SGG005",
	.name = "suppression-unknown-rule",
	.title = "An inline suppression names a rule the gate does not know",
	.help = "A `# shipgate ignore=` (or `# hadolint ignore=`) comment names an "
		"id that is neither a shipgate rule id, a rule name, nor a peer "
		"alias, so it suppresses nothing. It is usually a typo.\n\n"
		"Fix: use an id from `shipgate rules`, for example "
		"`# shipgate ignore=SGD001 reason`.",
	.stage = SG_STAGE_GATE,
	.practice = SG_PRACTICE_VULN_SCANNING,
	.severity = SG_SEVERITY_LOW,
};

const sg_rule sg_rule_submodule = {
	.id = "SGG006",
	.name = "submodule-not-scanned",
	.title = "A submodule was not scanned",
	.help = "Submodules are separate repositories at a pinned commit that is "
		"not part of this tree, so the gate does not read them. Scan the "
		"submodule's own repository with its own gate run.\n\n"
		"This rule is off by default; the summary notes every skipped "
		"submodule either way.",
	.stage = SG_STAGE_GATE,
	.practice = SG_PRACTICE_VULN_SCANNING,
	.severity = SG_SEVERITY_INFO,
	.flags = SG_RULE_OFF_BY_DEFAULT,
};

sg_finding *sg_findings_add_lfs_pointer(sg_findings *set, const char *path)
{
	sg_location loc = { .path = path };

	return sg_findings_add(set, &sg_rule_lfs_pointer, &loc,
			       "git lfs pointer", "file is a Git LFS pointer, "
			       "not its content; not analysed");
}

static const sg_rule *const gate_rules[] = {
	&sg_rule_file_too_large,  &sg_rule_lfs_pointer,
	&sg_rule_unreadable,      &sg_rule_ignore_expired,
	&sg_rule_unknown_suppression, &sg_rule_submodule,
};

const struct sg_rule_table sg_gate_rules = SG_RULE_PTR_TABLE(gate_rules);
