/*
 * inline.h: the Dockerfiles written inside Compose files.
 */
#ifndef SG_COMPOSE_INLINE_H
#define SG_COMPOSE_INLINE_H

#include "compose/model.h"

/*
 * Lint every service's build.dockerfile_inline with the Dockerfile rules,
 * into p->out at the Compose file's lines.  < 0 only for internal failures
 * (out of memory), with `err` set.
 */
int compose_lint_inline(struct compose_project *p, sg_error *err);

#endif
