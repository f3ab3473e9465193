/*
 * t_compose.h: what the Compose test suites share: lint a fixture
 * directory through a real on-disk source, render findings as text.
 */
#ifndef SG_TESTS_T_COMPOSE_H
#define SG_TESTS_T_COMPOSE_H

#include "util/compat.h"
#include "core/links.h"
#include "shipgate/finding.h"

struct tc_opts {
	const sg_rule *enable;          /* turn on this (maybe off-by-default) rule */
	const char *file;               /* lint only this file (single-file entry) */
	const char *const *projects;    /* policy compose.projects, NULL-terminated */
	struct sg_links *links;
	const char *const *trusted;     /* dockerfile.trusted_registries */
	const char *env_file;           /* compose.env_file */
};

/* Lint `dir` (absolute); every compose-named file unless opts->file. */
sg_findings *tc_lint(const char *dir, const struct tc_opts *opts);

/*
 * One line per finding: "ID path:line:col[ (suppressed)]: message", sorted;
 * only rule `only` when non-NULL; messages when `messages`.  Caller frees.
 */
char *tc_render(sg_findings *set, const char *only, bool messages);

#endif
