/*
 * compose.h: the Compose stage's entry points.
 *
 * The scan driver hands compose_lint_files() every discovered Compose file;
 * the stage groups them into projects the way `docker compose` would run
 * them (a main file with its override companions in the same directory,
 * or a policy `compose.projects` list), lints each merged project, records
 * service -> Dockerfile links in ctx->links, and adds findings to
 * ctx->findings.  Neighbours (.env, overrides, extends and include files,
 * Dockerfiles) are read through ctx->source only.  Bad input is a finding,
 * never a failure; < 0 means out of memory, with `err` set.
 */
#ifndef SG_COMPOSE_COMPOSE_H
#define SG_COMPOSE_COMPOSE_H

#include "util/compat.h"
#include "core/stage.h"

int compose_lint_files(const struct sg_stage_ctx *ctx,
		       const char *const *paths, size_t n, sg_error *err);

/* One file whose bytes the caller has (fixtures, `shipgate lint`). */
int compose_lint_file(const struct sg_stage_ctx *ctx, const char *path,
		      const char *data, size_t len, sg_error *err);

#endif
