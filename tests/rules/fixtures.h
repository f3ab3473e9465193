/*
 * fixtures.h: the table-driven rule test every stage runs.
 *
 * For every registered rule of `stage`, testdata/rules/<ID>/ must hold:
 *   fail.<ext> or fail/   the failing case (a directory holds one target
 *                         file plus neighbours such as .dockerignore; with
 *                         several top-level files, `.target` names it)
 *   pass.<ext> or pass/   the passing case
 *   expected              one `LINE` or `LINE:COL` per finding of the rule
 *                         the fail case must produce (exactly those)
 *   policy.yaml           optional: the policy to lint with
 * The pass case must produce no finding of the rule.  Every rule is
 * enabled (off-by-default ones too).  A rule without fixtures or without
 * help fails the test; all problems are listed at once.
 */
#ifndef SG_TESTS_RULES_FIXTURES_H
#define SG_TESTS_RULES_FIXTURES_H

#include "util/compat.h"
#include "core/stage.h"

typedef int (*t_lint_fn)(const struct sg_stage_ctx *ctx, const char *path,
			 const char *data, size_t len, sg_error *err);

void t_rule_fixtures(sg_stage stage, t_lint_fn lint);

#endif
