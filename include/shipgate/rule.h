/*
 * rule.h: the rule descriptor, the one source of rule metadata.
 *
 * Every check shipgate makes is a static `sg_rule` (data) plus one check
 * function that lives with its family in src/<stage>/.  `shipgate rules`, the
 * SARIF `tool.driver.rules`, docs/rules.md and policy validation are all
 * generated from these descriptors; nothing about a rule is written twice.
 */
#ifndef SHIPGATE_RULE_H
#define SHIPGATE_RULE_H

#include "common.h"

/* Ordered: policy compares with >=.  name, text, SARIF level, security-severity */
#define SG_SEVERITY_MAP(XX)                             \
	XX(INFO, "info", "note", "1.0")                 \
	XX(LOW, "low", "note", "3.0")                   \
	XX(MEDIUM, "medium", "warning", "5.5")          \
	XX(HIGH, "high", "error", "8.0")                \
	XX(CRITICAL, "critical", "error", "9.5")

typedef enum sg_severity {
	SG_SEVERITY_NONE = 0,
#define XX(name, text, level, score) SG_SEVERITY_##name,
	SG_SEVERITY_MAP(XX)
#undef XX
	SG_SEVERITY__COUNT
} sg_severity;

/* The eight container-security practices; every rule serves exactly one. */
#define SG_PRACTICE_MAP(XX)                                                   \
	XX(TRUSTED_BASE, "trusted-base-images", "Trusted base images")        \
	XX(MINIMAL_IMAGE, "minimal-images", "Minimal images")                 \
	XX(NON_ROOT, "non-root-user", "Non-root user")                        \
	XX(VULN_SCANNING, "vulnerability-scanning", "Vulnerability scanning") \
	XX(RESOURCE_LIMITS, "resource-limits", "Resource limits")             \
	XX(NETWORK, "network-security", "Network security")                   \
	XX(LOGGING, "logging-monitoring", "Logging & monitoring")             \
	XX(PATCHING, "update-patch", "Update & patch")

typedef enum sg_practice {
#define XX(name, slug, title) SG_PRACTICE_##name,
	SG_PRACTICE_MAP(XX)
#undef XX
	SG_PRACTICE__COUNT
} sg_practice;

/* The stage a finding comes from; also the rule family. */
#define SG_STAGE_MAP(XX)                                  \
	XX(GATE, "gate", "SGG")                           \
	XX(DOCKERFILE, "dockerfile", "SGD")               \
	XX(COMPOSE, "compose", "SGC")                     \
	XX(IMAGE, "image", "SGI")                         \
	XX(VULN, "vuln", "SGV")

typedef enum sg_stage {
#define XX(name, text, prefix) SG_STAGE_##name,
	SG_STAGE_MAP(XX)
#undef XX
	SG_STAGE__COUNT
} sg_stage;

enum sg_rule_flags {
	SG_RULE_OFF_BY_DEFAULT = 1 << 0, /* style rules: opt in by policy */
	SG_RULE_PARSE_ERROR = 1 << 1,    /* input could not be analysed: exit 3 */
};

typedef struct sg_rule {
	const char *id;          /* stable, never reused: "SGD007" */
	const char *name;        /* kebab-case slug: "from-latest-tag" */
	const char *title;       /* one line: what is wrong */
	const char *help;        /* Markdown: why it matters, how to fix, example */
	const char *const *aliases; /* NULL-terminated peer ids ("DL3007", …) or NULL */
	sg_stage stage;
	sg_practice practice;
	sg_severity severity;    /* default severity */
	unsigned int flags;      /* enum sg_rule_flags */
} sg_rule;

/* Severity / practice / stage names from the maps above. */
SG_EXTERN(const char *) sg_severity_name(sg_severity sev);
/* fail-on's name: a severity's, or "never" for SG_SEVERITY__COUNT. */
SG_EXTERN(const char *) sg_fail_on_name(sg_severity sev);
SG_EXTERN(const char *) sg_severity_sarif_level(sg_severity sev);
SG_EXTERN(const char *) sg_severity_score(sg_severity sev);
SG_EXTERN(int) sg_severity_parse(const char *text, sg_severity *out);
SG_EXTERN(const char *) sg_practice_slug(sg_practice p);
SG_EXTERN(const char *) sg_practice_title(sg_practice p);
SG_EXTERN(const char *) sg_stage_name(sg_stage s);
SG_EXTERN(int) sg_stage_parse(const char *text, sg_stage *out);

/* All registered rules, sorted by id.  Borrowed from static storage. */
SG_EXTERN(size_t) sg_rules_count(void);
SG_EXTERN(const sg_rule *) sg_rules_at(size_t i);

/* Exact rule by id or name (slug); NULL when unknown. */
SG_EXTERN(const sg_rule *) sg_rule_find(const char *id_or_name);

/*
 * Rules a reference names: an id, a name or a peer alias ("DL3007").  An alias
 * may be carried by several rules.  Writes up to `max` rules into `out` and
 * returns how many matched in total (which may exceed `max`).
 */
SG_EXTERN(size_t) sg_rule_resolve(const char *ref, const sg_rule **out,
				  size_t max);

/* True when the rule carries `alias` (case-sensitive) in its aliases. */
SG_EXTERN(bool) sg_rule_has_alias(const sg_rule *rule, const char *alias);

#endif
