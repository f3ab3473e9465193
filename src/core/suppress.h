/*
 * suppress.h: inline suppression comments, shared by the stages.
 *
 * Every stage has its own comment syntax and scope (`# hadolint ignore=`
 * applies to the next instruction, `# dclint disable-next-line` to the next
 * line...), but the payload is the same: a comma-separated list of rule
 * references, then an optional free-text reason.  A reference is a shipgate
 * id, a rule name or a peer alias (DL3008, CKV_DOCKER_3...), resolved
 * through the registry, so `# hadolint ignore=DL3008` silences the shipgate
 * rule that covers DL3008.
 */
#ifndef SG_CORE_SUPPRESS_H
#define SG_CORE_SUPPRESS_H

#include "util/compat.h"
#include "util/arena.h"
#include "shipgate/finding.h"

struct sg_suppress {
	const sg_rule **rules;  /* resolved rules */
	size_t nrules;
	bool all;               /* "all" / "*" / a bare disable without ids */
	const char **unknown;   /* references that resolved to nothing */
	size_t nunknown;
	const char *reason;     /* trimmed text after the list; NULL if none */
};

/*
 * Parse "ID[,ID…] [reason]" from `text` (not NUL-terminated, `len` bytes).
 * Ids may also be separated by ", ".  Strings go into `arena`.
 */
int sg_suppress_parse(const char *text, size_t len, struct sg_arena *arena,
		      struct sg_suppress *out);

bool sg_suppress_covers(const struct sg_suppress *s, const sg_rule *rule);

/*
 * Mark `f` suppressed: verdict SUPPRESSED, why = "<origin>: <reason>" (or
 * just origin).  `origin` names the comment, e.g. "# hadolint ignore=DL3008".
 */
int sg_finding_suppress(sg_findings *set, sg_finding *f, const char *origin,
			const char *reason);

#endif
