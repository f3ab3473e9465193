/*
 * registry.c: every rule family, in one list.  To add a family, export its
 * `struct sg_rule_table` and add it here.
 */
#include "util/compat.h"
#include "core/registry.h"
#include "dockerfile/rules/rules.h"
#include "dockerfile/rules/run_lib.h"

extern const struct sg_rule_table compose_rules;
extern const struct sg_rule_table sg_vuln_rules;   /* vuln/rules.c */
extern const struct sg_rule_table img_rules;   /* image/scan.c */

static const struct sg_rule_table *const families[] = {
	&sg_gate_rules,
	&df_rules_syntax,
	&df_rules_base,
	&df_rules_stage,
	&df_rules_user,
	&df_rules_secret,
	&df_rules_copy,
	&df_rules_cmd,
	&df_rules_expose,
	&df_rules_workdir,
	&df_rules_meta,
	&df_rules_run_apt, &df_rules_run_pkg, &df_rules_run_lang,
	&df_rules_run_shell, &df_rules_run_tls, &df_rules_run_fetch,
	&compose_rules,
	&sg_vuln_rules,
	&img_rules,
};

size_t sg_rules_count(void)
{
	size_t i, n = 0;

	for (i = 0; i < SG_ARRAY_SIZE(families); i++)
		n += families[i]->count;
	return n;
}

size_t sg_rule_families(const struct sg_rule_table *const **out)
{
	*out = families;
	return SG_ARRAY_SIZE(families);
}

const sg_rule *sg_rules_at(size_t i)
{
	size_t f;

	for (f = 0; f < SG_ARRAY_SIZE(families); f++) {
		if (i < families[f]->count)
			return sg_rule_table_at(families[f], i);
		i -= families[f]->count;
	}
	return NULL;
}

/* Ids match case-insensitively, names exactly.  Suppression comments and
 * policies look rules up one reference at a time, and a hostile file can
 * hold a million references: the first byte turns almost every rule away
 * before a full comparison. */
static bool rule_is(const sg_rule *r, const char *ref)
{
	int c = (unsigned char)ref[0];

	return (sg_tolower(c) == sg_tolower((unsigned char)r->id[0]) &&
		sg_strcasecmp(r->id, ref) == 0) ||
	       (c == (unsigned char)r->name[0] && strcmp(r->name, ref) == 0);
}

const sg_rule *sg_rule_find(const char *ref)
{
	size_t f, i;

	for (f = 0; f < SG_ARRAY_SIZE(families); f++)
		for (i = 0; i < families[f]->count; i++) {
			const sg_rule *r = sg_rule_table_at(families[f], i);

			if (rule_is(r, ref))
				return r;
		}
	return NULL;
}

bool sg_rule_has_alias(const sg_rule *rule, const char *alias)
{
	const char *const *a;

	for (a = rule->aliases; a && *a; a++)
		if (strcmp(*a, alias) == 0)
			return true;
	return false;
}

size_t sg_rule_resolve(const char *ref, const sg_rule **out, size_t max)
{
	const sg_rule *exact = sg_rule_find(ref);
	size_t f, i, hits = 0;

	if (exact) {
		if (max)
			out[0] = exact;
		return 1;
	}
	for (f = 0; f < SG_ARRAY_SIZE(families); f++)
		for (i = 0; i < families[f]->count; i++) {
			const sg_rule *r = sg_rule_table_at(families[f], i);

			if (!sg_rule_has_alias(r, ref))
				continue;
			if (hits < max)
				out[hits] = r;
			hits++;
		}
	return hits;
}
