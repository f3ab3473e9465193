/*
 * stage.h: what the scan driver hands every stage.
 *
 * A stage reads targets and adds findings to `findings`; it never decides a
 * verdict or an exit code (policy/ does) and never writes files.  A problem
 * with the input becomes a finding at its location; a stage returns < 0 only
 * for internal failures (out of memory), with `err` set.
 */
#ifndef SG_CORE_STAGE_H
#define SG_CORE_STAGE_H

#include "util/compat.h"
#include "core/links.h"
#include "policy/policy.h"
#include "repo/source.h"
#include "shipgate/finding.h"

struct sg_vulndb;

struct sg_stage_ctx {
	const struct sg_policy *policy;  /* never NULL */
	struct sg_source *source;        /* the tree targets come from; may be NULL */
	sg_findings *findings;
	struct sg_links *links;          /* may be NULL */
	const struct sg_vulndb *vulndb;  /* image packages are matched when set */
};

#endif
