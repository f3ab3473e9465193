/*
 * compare.h: PR mode.  Findings of the head revision are compared with those
 * of the base revision by fingerprint, so a PR check can gate on what the
 * change introduced (`gate: new`) and say what it fixed.
 *
 * Order in a scan with --base: run every stage on head and on base, then
 * sg_findings_compare(), then the policy (which keeps the states and gives
 * absent findings the ABSENT verdict), then sg_result_finish().
 */
#ifndef SHIPGATE_COMPARE_H
#define SHIPGATE_COMPARE_H

#include "common.h"
#include "finding.h"

/* A file renamed between base and head (git rename detection). */
typedef struct sg_rename {
	const char *base_path;
	const char *head_path;
} sg_rename;

/*
 * Finalize both sets, then mark every head finding SG_BASELINE_NEW or
 * SG_BASELINE_UNCHANGED, and append to `head` a copy of every base finding
 * head no longer has, with baseline SG_BASELINE_ABSENT and verdict
 * SG_VERDICT_ABSENT (location and fingerprint as on the base revision).
 * A base finding in a renamed file is matched as if its path were the new
 * one, so moving a Dockerfile neither "fixes" nor "introduces" anything.
 * Head findings already marked absent are left alone.  SG_ENOMEM on
 * failure.
 */
SG_EXTERN(int) sg_findings_compare(sg_findings *head, sg_findings *base,
				   const sg_rename *renames, size_t nrenames);

#endif
