/*
 * rules.h: the Compose rule family (SGC###).
 *
 * A rule is a `struct compose_rule`: the public descriptor plus a check
 * that runs once per service (`service`) or once per project (`project`).
 * Checks read the merged model (model.h) and report only through
 * compose_report(), which places the finding at the node's own file and
 * line, so a value set by an override file is reported there.  Every rule
 * is named once in rules/list.h; that list makes the registry table and
 * the dispatch order.
 */
#ifndef SG_COMPOSE_RULES_H
#define SG_COMPOSE_RULES_H

#define HELP(why, fix, example) \
	why "\n\nFix: " fix "\n\n```yaml\n" example "```"

#include "util/compat.h"
#include "core/registry.h"
#include "compose/model.h"

/* A descriptor of this family; ALIASES is SG_ALIASES(...) or NULL. */
#define COMPOSE_META(ID, NAME, TITLE, PRACTICE, SEVERITY, FLAGS, ALIASES, \
		     HELPTEXT)                                            \
	{ .id = (ID), .name = (NAME), .title = (TITLE), .help = HELPTEXT,   \
	  .aliases = ALIASES, .stage = SG_STAGE_COMPOSE,                    \
	  .practice = SG_PRACTICE_##PRACTICE,                                \
	  .severity = SG_SEVERITY_##SEVERITY, .flags = (FLAGS) }

struct compose_rule {
	sg_rule meta;
	void (*service)(struct compose_project *p, const struct compose_rule *r,
			const struct cm_node *svc);
	void (*project)(struct compose_project *p, const struct compose_rule *r);
};

#define COMPOSE_RULE(name) extern const struct compose_rule name;
#include "compose/rules/list.h"
#undef COMPOSE_RULE

extern const struct compose_rule *const compose_rule_list[];
extern const size_t compose_rule_count;
extern const struct sg_rule_table compose_rules;

/* Whether the policy runs `r` (off-by-default rules need `on`). */
bool compose_rule_enabled(const struct sg_policy *pol, const sg_rule *r);

/*
 * Add a finding for `r` at node `at` (its file, value line and column).
 * `key` is the identity text; NULL uses the source line, plus the node's
 * value when the line does not show it (lint.c line_key()).  The object is
 * the service being checked, if any.  Disabled rules report nothing.
 */
sg_finding *compose_report(struct compose_project *p,
			   const struct compose_rule *r,
			   const struct cm_node *at, const char *key,
			   const char *fmt, ...) SG_PRINTF(5, 6);

/* Same, placed on the key of a mapping entry instead of its value. */
sg_finding *compose_report_key(struct compose_project *p,
			       const struct compose_rule *r,
			       const struct cm_node *at, const char *key,
			       const char *fmt, ...) SG_PRINTF(5, 6);

/* What a service's `build` resolves to (rules/build.c). */
struct compose_build {
	const struct cm_node *node;       /* the `build` value */
	const struct cm_node *context_node;
	const struct cm_node *dockerfile_node;
	const struct cm_node *target_node;
	const char *context;              /* repo-relative; NULL if remote */
	const char *dockerfile;           /* repo-relative; NULL: inline/remote */
	const char *inline_text;          /* dockerfile_inline */
	const char *target;
	bool remote;                      /* git URL / http context */
	bool absolute;                    /* absolute context or dockerfile */
	bool outside;                     /* climbs out of the repository */
};
bool compose_build_resolve(struct compose_project *p,
			   const struct cm_node *svc, struct compose_build *b);

/* Stages declared in a Dockerfile text (`FROM ... AS name`), and the user
 * of its last stage.  Light text scan. */
struct compose_df_info {
	const char *stages[64];
	size_t nstages;
	const char *last_user;            /* NULL: no USER in the last stage */
	bool healthcheck;                 /* last stage has a HEALTHCHECK */
};
void compose_dockerfile_scan(struct compose_project *p, const char *text,
			     size_t len, struct compose_df_info *out);

/* Helpers shared by rules. */
/* Iterate items of a list-or-scalar field (cap_add, security_opt, ...). */
size_t compose_items(const struct cm_node *field,
		     const struct cm_node **out, size_t max);

#endif
