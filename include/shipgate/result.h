/*
 * result.h: what one gate run produced, and the exit code it maps to.
 *
 * A result is what every report renders and what `shipgate merge` rebuilds
 * from shard JSON, so it holds only data: findings, the targets that were
 * looked at, notes for the summary, provenance and the policy outcome.  All
 * strings live in the findings arena; the result owns everything.
 */
#ifndef SHIPGATE_RESULT_H
#define SHIPGATE_RESULT_H

#include "common.h"
#include "finding.h"

/* Exit codes: the only mapping is sg_result_exit_code(). name, code, text */
#define SG_EXIT_MAP(XX)                                                   \
	XX(PASS, 0, "passed: no gating findings")                         \
	XX(FAIL, 1, "failed: at least one gating finding")                \
	XX(USAGE, 2, "usage or policy error")                             \
	XX(INPUT, 3, "an input could not be analysed (reports written)")  \
	XX(INTERNAL, 4, "internal or i/o error")

typedef enum sg_exit {
#define XX(name, code, text) SG_EXIT_##name = code,
	SG_EXIT_MAP(XX)
#undef XX
} sg_exit;

SG_EXTERN(const char *) sg_exit_text(int code);

typedef enum sg_target_kind {
	SG_TARGET_DOCKERFILE,
	SG_TARGET_COMPOSE,
	SG_TARGET_IMAGE,
	SG_TARGET__COUNT
} sg_target_kind;

SG_EXTERN(const char *) sg_target_kind_name(sg_target_kind k);
SG_EXTERN(int) sg_target_kind_parse(const char *text, sg_target_kind *out);

typedef struct sg_target {
	const char *path;      /* repo-relative file, or the image name */
	sg_target_kind kind;
	bool analysed;         /* false: could not be analysed; a finding says why */
} sg_target;

typedef struct sg_result {
	sg_findings *findings;     /* finalized, with verdicts */
	sg_target *targets;        /* sorted by (path, kind) */
	size_t ntargets;
	const char **notes;        /* one-line summary notes ("skipped submodule x") */
	size_t nnotes;

	/* provenance */
	const char *tool_version;
	const char *repo;          /* as given on the command line; NULL for lint */
	const char *commit;        /* full hex id of the scanned commit, NULL for worktree/lint */
	const char *base_commit;   /* PR mode: the base commit */
	const char *link_base;     /* permalink prefix for Markdown, NULL when none */
	const char *category;      /* SARIF automation category prefix ("shipgate/") */
	const char *shard;         /* "K/N" when sharded, else NULL */

	/* policy outcome */
	const char *policy_path;   /* NULL: built-in defaults */
	sg_severity fail_on;
	bool gate_new_only;        /* gate: new */
	const char *baseline_path;
	const char *baseline_created; /* ISO date the baseline was written */
	size_t baseline_size;
	size_t verdict_counts[SG_VERDICT__COUNT];
	size_t rules_off;          /* findings dropped because their rule is off */
	int exit_code;             /* an sg_exit */
} sg_result;

/* An empty result (findings set allocated); used by scan and merge. */
SG_EXTERN(int) sg_result_new(sg_result **out);
SG_EXTERN(void) sg_result_free(sg_result *res);

/* Register a target / a note; strings are copied. */
SG_EXTERN(int) sg_result_add_target(sg_result *res, const char *path,
				    sg_target_kind kind, bool analysed);
SG_EXTERN(int) sg_result_add_note(sg_result *res, const char *fmt, ...)
	SG_PRINTF(2, 3);

/*
 * Fold a shard's result into `dst` (`shipgate merge`): findings, targets and
 * notes are added, counters summed; provenance and policy stay `dst`'s.
 * Call sg_result_finish() afterwards.
 */
SG_EXTERN(int) sg_result_merge(sg_result *dst, const sg_result *src);

/* Sort targets and notes, finalize findings, count verdicts, set exit_code. */
SG_EXTERN(int) sg_result_finish(sg_result *res);

/*
 * The exit code for a result whose verdicts are set: 3 when an input could
 * not be analysed (a gating parse-error finding), else 1 when anything gates,
 * else 0.
 */
SG_EXTERN(int) sg_result_exit_code(const sg_result *res);

#endif
