/*
 * registry.h: how rule families register their descriptor tables.
 *
 * A family keeps its rules in a const array of its own record type whose
 * first member is the public `sg_rule` (so `&r->meta` is the descriptor), and
 * exports one `struct sg_rule_table` naming that array.  registry.c lists the
 * tables; nothing else needs to know a rule exists.
 */
#ifndef SG_CORE_REGISTRY_H
#define SG_CORE_REGISTRY_H

#include "util/compat.h"
#include "shipgate/rule.h"
#include "shipgate/finding.h"

struct sg_rule_table {
	const void *rules;      /* array of records starting with an sg_rule */
	size_t count;
	size_t stride;          /* sizeof one record */
	const sg_rule *const *ptrs; /* or: an array of pointers to descriptors */
};

#define SG_RULE_TABLE(array) \
	{ (array), SG_ARRAY_SIZE(array), sizeof((array)[0]), NULL }
#define SG_RULE_PTR_TABLE(array) \
	{ NULL, SG_ARRAY_SIZE(array), 0, (array) }

static inline const sg_rule *sg_rule_table_at(const struct sg_rule_table *t,
					      size_t i)
{
	if (t->ptrs)
		return t->ptrs[i];
	return (const sg_rule *)((const char *)t->rules + i * t->stride);
}

/*
 * The families in registry order, for loops over every rule that run per
 * file (sg_rules_at() walks the families for each index).
 */
size_t sg_rule_families(const struct sg_rule_table *const **out);

/* NULL-terminated alias lists without a named array per rule. */
#define SG_ALIASES(...) ((const char *const[]){ __VA_ARGS__, NULL })

/* The gate's own rules (discovery, suppressions, policy): core/rules.c */
extern const struct sg_rule_table sg_gate_rules;
extern const sg_rule sg_rule_file_too_large;
extern const sg_rule sg_rule_lfs_pointer;
extern const sg_rule sg_rule_unreadable;
extern const sg_rule sg_rule_ignore_expired;
extern const sg_rule sg_rule_unknown_suppression;
extern const sg_rule sg_rule_submodule;

/* The SGG002 finding at `path`, the same wherever a stage finds the
 * pointer (its key and message make its fingerprint); NULL: no memory. */
sg_finding *sg_findings_add_lfs_pointer(sg_findings *set, const char *path);

#endif
