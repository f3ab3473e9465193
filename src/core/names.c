/*
 * names.c: text for every public enum, generated from the X-macro maps in the
 * public headers so no switch can drift from its enum.
 */
#include "util/compat.h"
#include "shipgate/finding.h"
#include "shipgate/result.h"
#include "shipgate/rule.h"

static const char *const severity_names[] = {
	"none",
#define XX(name, text, level, score) text,
	SG_SEVERITY_MAP(XX)
#undef XX
};
static const char *const severity_levels[] = {
	"none",
#define XX(name, text, level, score) level,
	SG_SEVERITY_MAP(XX)
#undef XX
};
static const char *const severity_scores[] = {
	"0.0",
#define XX(name, text, level, score) score,
	SG_SEVERITY_MAP(XX)
#undef XX
};
static const char *const practice_slugs[] = {
#define XX(name, slug, title) slug,
	SG_PRACTICE_MAP(XX)
#undef XX
};
static const char *const practice_titles[] = {
#define XX(name, slug, title) title,
	SG_PRACTICE_MAP(XX)
#undef XX
};
static const char *const stage_names[] = {
#define XX(name, text, prefix) text,
	SG_STAGE_MAP(XX)
#undef XX
};
static const char *const verdict_names[] = {
#define XX(name, text, why) text,
	SG_VERDICT_MAP(XX)
#undef XX
};
static const char *const verdict_whys[] = {
#define XX(name, text, why) why,
	SG_VERDICT_MAP(XX)
#undef XX
};
static const char *const baseline_names[] = {
#define XX(name, text) text,
	SG_BASELINE_STATE_MAP(XX)
#undef XX
};
static const char *const target_kind_names[] = { "dockerfile", "compose",
						 "image" };

#define NAME(table, i) \
	((size_t)(i) < SG_ARRAY_SIZE(table) ? table[(size_t)(i)] : "unknown")

static int parse(const char *const *table, size_t n, const char *text,
		 int *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (text && sg_strcasecmp(table[i], text) == 0) {
			*out = (int)i;
			return 0;
		}
	return SG_ENOTFOUND;
}

const char *sg_severity_name(sg_severity s) { return NAME(severity_names, s); }
/* A policy's fail-on: a severity, or "never" (SG_SEVERITY__COUNT). */
const char *sg_fail_on_name(sg_severity s)
{
	return s == SG_SEVERITY__COUNT ? "never" : sg_severity_name(s);
}

const char *sg_severity_sarif_level(sg_severity s) { return NAME(severity_levels, s); }
const char *sg_severity_score(sg_severity s) { return NAME(severity_scores, s); }
const char *sg_practice_slug(sg_practice p) { return NAME(practice_slugs, p); }
const char *sg_practice_title(sg_practice p) { return NAME(practice_titles, p); }
const char *sg_stage_name(sg_stage s) { return NAME(stage_names, s); }
const char *sg_verdict_name(sg_verdict v) { return NAME(verdict_names, v); }
const char *sg_verdict_why(sg_verdict v) { return NAME(verdict_whys, v); }
const char *sg_baseline_state_name(sg_baseline_state s) { return NAME(baseline_names, s); }
const char *sg_target_kind_name(sg_target_kind k) { return NAME(target_kind_names, k); }

int sg_severity_parse(const char *text, sg_severity *out)
{
	int v;

	/* "none" is not a severity a rule or policy may name */
	if (parse(severity_names + 1, SG_ARRAY_SIZE(severity_names) - 1, text,
		  &v) < 0)
		return SG_ENOTFOUND;
	*out = (sg_severity)(v + 1);
	return 0;
}

int sg_stage_parse(const char *text, sg_stage *out)
{
	int v;

	if (parse(stage_names, SG_ARRAY_SIZE(stage_names), text, &v) < 0)
		return SG_ENOTFOUND;
	*out = (sg_stage)v;
	return 0;
}

int sg_verdict_parse(const char *text, sg_verdict *out)
{
	int v;

	if (parse(verdict_names, SG_ARRAY_SIZE(verdict_names), text, &v) < 0)
		return SG_ENOTFOUND;
	*out = (sg_verdict)v;
	return 0;
}

int sg_baseline_state_parse(const char *text, sg_baseline_state *out)
{
	int v;

	if (parse(baseline_names, SG_ARRAY_SIZE(baseline_names), text, &v) < 0)
		return SG_ENOTFOUND;
	*out = (sg_baseline_state)v;
	return 0;
}

int sg_target_kind_parse(const char *text, sg_target_kind *out)
{
	int v;

	if (parse(target_kind_names, SG_ARRAY_SIZE(target_kind_names), text,
		  &v) < 0)
		return SG_ENOTFOUND;
	*out = (sg_target_kind)v;
	return 0;
}

const char *sg_exit_text(int code)
{
	switch (code) {
#define XX(name, val, text) \
	case val:           \
		return text;
		SG_EXIT_MAP(XX)
#undef XX
	}
	return "unknown exit code";
}
