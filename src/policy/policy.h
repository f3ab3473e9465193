/*
 * policy.h: the loaded policy, which every stage reads and only
 * policy/evaluate.c acts on.
 *
 * Loaded from `.shipgate.yaml` at the repository root or `--policy FILE`
 * (YAML or JSON; schemas/policy.schema.json).  Unknown keys and wrong types
 * are errors naming file:line.  Without a file, sg_policy_defaults() applies.
 *
 * Stages read only their own section (`dockerfile`, `compose`, `image`,
 * `vuln`) and sg_policy_rule_enabled(); they never decide verdicts.
 * Adding a key: a field here, a line in the key table in policy/load.c, the
 * schema, the README.
 */
#ifndef SG_POLICY_POLICY_H
#define SG_POLICY_POLICY_H

#include "util/compat.h"
#include "util/arena.h"
#include "shipgate/finding.h"
#include "shipgate/result.h"
#include "shipgate/rule.h"

struct sg_strlist {
	const char **v;
	size_t n;
};

struct sg_rule_override {
	const sg_rule *rule;
	bool off;               /* `off` */
	bool on;                /* enables an off-by-default rule */
	sg_severity severity;   /* NONE: keep the rule's default */
	uint32_t line;          /* where in the policy file */
};

struct sg_ignore {
	const sg_rule **rules;  /* resolved from ids, names or peer aliases; NULL = any rule */
	size_t nrules;
	const char *rule_ref;   /* as written */
	const char *path;       /* glob; NULL = any path */
	const char *image;      /* image name glob; NULL = any */
	const char *fingerprint;/* one specific finding; NULL = any */
	const char *advisory;   /* glob on a vulnerability's id or aliases; NULL = any */
	const char *reason;     /* required */
	const char *expires;    /* YYYY-MM-DD or NULL */
	bool expired;           /* set at load against the run's date */
	uint32_t line;
};

enum sg_gate_mode { SG_GATE_ALL, SG_GATE_NEW };

struct sg_policy {
	struct sg_arena arena;
	const char *path;               /* NULL: built-in defaults */
	const char *today;              /* YYYY-MM-DD the run evaluates expiry against */

	sg_severity fail_on;            /* default high */
	enum sg_gate_mode gate;         /* default all */
	struct sg_strlist include;      /* globs; empty = everything */
	struct sg_strlist exclude;      /* globs */
	uint64_t max_file_size;         /* default 1 MiB */
	bool enable_all;                /* every rule on, incl. off-by-default (tests, fuzzing) */
	bool inline_suppressions;       /* honour suppression comments; default true */
	const char *baseline;           /* baseline file path, or NULL */

	struct sg_rule_override *rules;
	size_t nrules;
	struct sg_ignore *ignores;
	size_t nignores;

	struct {
		struct sg_strlist trusted_registries;  /* empty = no check */
		struct sg_strlist required_labels;
		bool import_hadolint;                  /* honour .hadolint.yaml; default true */
	} dockerfile;

	struct {
		struct sg_strlist projects;  /* "a.yml,b.yml" -f style lists */
		const char *env_file;        /* --env-file; NULL = .env beside the file */
	} compose;

	struct {
		struct sg_strlist setuid_allow;  /* paths allowed to be setuid/setgid */
		uint64_t max_size;               /* bytes; 0 = no check */
		uint64_t max_layer_size;         /* bytes; 0 = no check */
		double max_waste_ratio;          /* 0..1; 0 = no check */
		const char *platform;            /* "linux/amd64" */
	} image;

	struct {
		const char *db;                  /* database path; NULL = XDG default */
		uint32_t max_db_age_days;        /* default 7; 0 = no check */
		bool ignore_unfixed;
	} vuln;
};

/* A policy with every default and no file; today = `today` (YYYY-MM-DD). */
int sg_policy_defaults(struct sg_policy **out, const char *today,
		       sg_error *err);

/* Load `path` (YAML or JSON). */
int sg_policy_load(struct sg_policy **out, const char *path,
		   const char *data, size_t len, const char *today,
		   sg_error *err);

void sg_policy_free(struct sg_policy *p);

/* Whether the stage should run `rule` at all (off-by-default and `off`). */
/* True when `s` is a real calendar date YYYY-MM-DD (2028-02-29 is one,
 * 2027-02-29 and 2100-1-1 are not). */
bool sg_policy_valid_date(const char *s);

bool sg_policy_rule_enabled(const struct sg_policy *p, const sg_rule *rule);

/* The severity the policy sets for `rule`, or SG_SEVERITY_NONE when it
 * sets none (a finding then keeps the severity its stage gave it). */
sg_severity sg_policy_severity_override(const struct sg_policy *p,
					const sg_rule *rule);

/* The severity the policy gives `rule` (its override, else its default). */
sg_severity sg_policy_rule_severity(const struct sg_policy *p,
				    const sg_rule *rule);

/*
 * Decide every finding's verdict (see policy/evaluate.c for the order), drop
 * findings of disabled rules, and add a finding for every expired ignore.
 * `baseline` holds accepted fingerprints (may be NULL).
 */
struct sg_strmap;
int sg_policy_evaluate(const struct sg_policy *p, sg_result *res,
		       const struct sg_strmap *baseline, sg_error *err);

#endif
