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
struct df_plan;

/* A configuration file the scan driver read for the stages. */
struct sg_stage_file {
	const char *path;
	const char *data;
	size_t len;
};

struct sg_stage_ctx {
	const struct sg_policy *policy;  /* never NULL */
	struct sg_source *source;        /* the tree targets come from; may be NULL */
	sg_findings *findings;
	struct sg_links *links;          /* may be NULL */
	const struct sg_vulndb *vulndb;  /* image packages are matched when set */
	/* the threads a stage may lint on; NULL: this one only */
	struct sg_workers *workers;
	/* .hadolint.yaml, or NULL; in PR mode the base revision's, like the
	 * policy: a change does not pick the rules that judge it */
	const struct sg_stage_file *hadolint;
	/* set each finding's line hash while its file is at hand; false when
	 * no report will show them */
	bool line_hashes;
	/* the Dockerfile rules `policy` enables and `hadolint`'s lists
	 * (df_plan_new()), or NULL */
	const struct df_plan *df_plan;
};

/*
 * For stages that lint on several threads, each into its own set: append
 * findings [start, end) of `from` to `set` in order, without copying (they
 * live in `from`'s memory until sg_findings_adopt(set, from) moves it).
 */
int sg_findings_take(sg_findings *set, const sg_findings *from, size_t start,
		     size_t end);
/* Room in `set` for every finding the `nw` workers' sets (ctx[k].findings)
 * hold, before they are taken: grown once, not doubled through every size
 * (each new block faulted in and the old one copied: half of a Compose
 * corpus commit's takes). */
int sg_findings_reserve_workers(sg_findings *set,
				const struct sg_stage_ctx *ctx, unsigned int nw);
void sg_findings_adopt(sg_findings *set, sg_findings *from);
/* Put findings [start, end) of `set` in the order finalize gives them: a
 * worker that sorts a file's findings as it lints leaves finalize, on one
 * thread, a check instead of a sort. */
void sg_findings_sort_range(sg_findings *set, size_t start, size_t end);

/* sg_findings_finalize() may fingerprint `set` on `w` (NULL: this thread
 * only); to be set back to NULL before `w` is freed. */
void sg_findings_set_workers(sg_findings *set, struct sg_workers *w);

/* Off: sg_findings_finalize() leaves fingerprints empty, for a run where
 * no report, baseline, ignore by fingerprint or PR comparison reads them
 * (a sha256 pair per finding is a tenth of a Compose lint). */
void sg_findings_set_fingerprints(sg_findings *set, bool on);

#endif
