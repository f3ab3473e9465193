/*
 * dockerfile.h: the Dockerfile stage's entry point.
 */
#ifndef SG_DOCKERFILE_DOCKERFILE_H
#define SG_DOCKERFILE_DOCKERFILE_H

#include "util/compat.h"
#include "core/stage.h"

/*
 * Lint one Dockerfile: parse it (problems become findings at their lines),
 * run every enabled rule, apply inline suppressions, add findings to
 * ctx->findings.  `path` is repo-relative.  Returns < 0 only for internal
 * failures (out of memory), with `err` set.
 */
int df_lint_file(const struct sg_stage_ctx *ctx, const char *path,
		 const char *data, size_t len, sg_error *err);

/*
 * The rules ctx->policy enables, what the walk calls on each instruction
 * kind, and ctx->hadolint's lists, worked out once for a run's files: a
 * caller that lints many files under one policy makes one and hands it
 * over in ctx->df_plan (else every file makes its own).  SG_ENOMEM, or 0
 * with *out set.
 */
int df_plan_new(struct df_plan **out, const struct sg_stage_ctx *ctx);
void df_plan_free(struct df_plan *p);

/* The same for a file already parsed (df_parse); `f` stays the caller's.
 * The fuzz target checks the parse and then lints that same parse. */
struct df_file;
int df_lint_parsed(const struct sg_stage_ctx *ctx, const struct df_file *f,
		   sg_error *err);

#endif
