/*
 * finding.h: the one finding model every stage reports into.
 *
 * A finding set owns an arena: every string a finding points at (path,
 * message, key, related locations, vulnerability data) is copied into it when
 * the finding is added, so producers may pass stack or per-file buffers.
 * Findings live as long as their set.
 *
 * Identity.  `sg_findings_finalize()` sorts and de-duplicates the set and
 * computes each fingerprint from (rule id, path or image, object, normalised
 * key, occurrence): never from the line number, so a fingerprint survives
 * edits above the finding.  Producers pass as `key` the text that identifies
 * the problem (usually the offending source line).
 */
#ifndef SHIPGATE_FINDING_H
#define SHIPGATE_FINDING_H

#include "common.h"
#include "rule.h"

typedef struct sg_location {
	const char *path;       /* repo-relative, '/'-separated; NULL if not a repo file */
	uint32_t line;          /* 1-based; 0 = the whole file */
	uint32_t column;        /* 1-based; 0 = the whole line */
	uint32_t end_line;      /* inclusive; 0 = same as line */
	uint32_t end_column;    /* inclusive; 0 = end of line */
	const char *image;      /* image the finding is about (as named by the user) */
	const char *layer;      /* layer diff_id, when the finding is in one */
	const char *object;     /* logical thing: "stage builder", "service web", a purl, a path in an image */
} sg_location;

typedef struct sg_related {
	sg_location loc;
	const char *message;
} sg_related;

/* A known vulnerability matched in a package (scan stage). */
typedef struct sg_vuln_ref {
	const char *id;          /* advisory id: CVE-…, GHSA-…, DSA-… */
	const char *aliases;     /* other ids, comma-separated; may be NULL */
	const char *summary;     /* one line; may be NULL */
	const char *package;     /* installed (binary) package name */
	const char *source;      /* source package the advisory is keyed on; may be NULL */
	const char *ecosystem;   /* "Debian:12", "Alpine:v3.19", "npm", "PyPI" */
	const char *purl;
	const char *installed;   /* installed version */
	const char *fixed;       /* first fixed version; NULL when unfixed */
	const char *vector;      /* CVSS vector; may be NULL */
	double score;            /* CVSS base score; 0 when unknown */
	const char *db_source;   /* database source the record came from */
} sg_vuln_ref;

#define SG_VERDICT_MAP(XX)                                                   \
	XX(GATING, "gating", "fails the gate")                               \
	XX(BELOW_THRESHOLD, "below-threshold", "severity below fail-on")     \
	XX(SUPPRESSED, "suppressed", "inline suppression comment")           \
	XX(IGNORED, "ignored", "ignored by policy")                          \
	XX(BASELINED, "baselined", "accepted in the baseline")               \
	XX(NOT_NEW, "not-new", "present on the base revision")               \
	XX(ABSENT, "absent", "fixed: present on the base revision only")

typedef enum sg_verdict {
#define XX(name, text, why) SG_VERDICT_##name,
	SG_VERDICT_MAP(XX)
#undef XX
	SG_VERDICT__COUNT
} sg_verdict;

/* PR mode: how a finding relates to the base revision (SARIF baselineState). */
#define SG_BASELINE_STATE_MAP(XX) \
	XX(NONE, "")              \
	XX(NEW, "new")            \
	XX(UNCHANGED, "unchanged")\
	XX(ABSENT, "absent")

typedef enum sg_baseline_state {
#define XX(name, text) SG_BASELINE_##name,
	SG_BASELINE_STATE_MAP(XX)
#undef XX
} sg_baseline_state;

typedef struct sg_finding {
	const sg_rule *rule;       /* borrowed from the static registry */
	sg_severity severity;      /* effective severity, after policy overrides */
	sg_location loc;
	const char *message;       /* one line */
	const char *key;           /* normalised identity text (see above) */
	char fingerprint[65];      /* sha256 hex; set by sg_findings_finalize()
				      (empty in a run whose options said
				      nothing reads it: no_fingerprints) */
	sg_related *related;
	size_t nrelated;
	const sg_vuln_ref *vuln;   /* scan stage only; else NULL */
	sg_verdict verdict;        /* set by the policy */
	const char *why;           /* for a non-gating verdict: the reason given */
	const char *expires;       /* policy ignore expiry (YYYY-MM-DD), or NULL */
	sg_baseline_state baseline;
	const char *target;        /* the scanned target this belongs to (file or image) */
	const char *line_hash;     /* GitHub primaryLocationLineHash of loc.line, when
				      the file content was available; else NULL */
	bool inline_suppression;   /* an inline comment covers it (set by the stage,
				      whether or not the policy honours it); part of
				      its identity, see sg_findings_finalize() */
} sg_finding;

typedef struct sg_findings sg_findings;

SG_EXTERN(int) sg_findings_new(sg_findings **out);
SG_EXTERN(void) sg_findings_free(sg_findings *set);

SG_EXTERN(size_t) sg_findings_count(const sg_findings *set);
SG_EXTERN(sg_finding *) sg_findings_at(const sg_findings *set, size_t i);

/*
 * Add a finding with the rule's default severity and a printf-style message.
 * `loc` and `key` are copied; `key` may be NULL (identity is then the
 * message).  Returns the finding, or NULL when out of memory (the set stays
 * usable; sg_findings_oom() reports it).
 */
SG_EXTERN(sg_finding *) sg_findings_add(sg_findings *set, const sg_rule *rule,
					const sg_location *loc, const char *key,
					const char *fmt, ...) SG_PRINTF(5, 6);

/* Attach a related location ("stage defined here") to a finding. */
SG_EXTERN(int) sg_findings_add_related(sg_findings *set, sg_finding *f,
				       const sg_location *loc,
				       const char *message);

/* Copy `v` (and its strings) into the set and attach it to `f`. */
SG_EXTERN(int) sg_findings_set_vuln(sg_findings *set, sg_finding *f,
				    const sg_vuln_ref *v);

/* Copy a string into the set's arena (NULL-safe); NULL on OOM. */
SG_EXTERN(const char *) sg_findings_strdup(sg_findings *set, const char *s);

/* Append a copy of `src` (from any set) with all its data; NULL on OOM. */
SG_EXTERN(sg_finding *) sg_findings_add_copy(sg_findings *set,
					     const sg_finding *src);

/* Move every finding of `from` into `set` (strings are re-copied). */
SG_EXTERN(int) sg_findings_merge(sg_findings *set, const sg_findings *from);

/* Keep only the findings for which keep() returns true (order kept). */
SG_EXTERN(void) sg_findings_filter(sg_findings *set,
				   bool (*keep)(const sg_finding *f, void *payload),
				   void *payload);

/* True once any allocation in the set failed. */
SG_EXTERN(bool) sg_findings_oom(const sg_findings *set);

/*
 * Sort (path, image, line, column, end, rule id, object, message),
 * drop exact duplicates, compute fingerprints.  Idempotent.  A finding
 * marked SG_BASELINE_ABSENT that already has a fingerprint keeps it (it is
 * the base revision's) and does not count as an occurrence.
 *
 * A finding under an inline suppression comment has an identity of its own
 * and is numbered among the suppressed findings of that identity only: a
 * new, unsuppressed copy of a suppressed finding can never take its
 * fingerprint (and with it PR mode's `unchanged`, a baseline entry or a
 * policy ignore by fingerprint), and suppressing or unsuppressing one copy
 * leaves the other copies' fingerprints to line order among their kind.
 */
SG_EXTERN(int) sg_findings_finalize(sg_findings *set);

/*
 * The fingerprints `set` (finalized) would have if every location path p
 * read map(p) instead (map returns NULL to keep p): same identity and
 * occurrence rules as sg_findings_finalize().  out[i] is for
 * sg_findings_at(set, i).  PR mode uses it to match findings of a file
 * renamed between base and head.
 */
SG_EXTERN(int) sg_findings_fingerprints_mapped(const sg_findings *set,
					       const char *(*map)(const char *path,
								  void *payload),
					       void *payload, char (*out)[65]);

/* How the reason of a finding whose inline suppression the policy did not
 * honour begins (sg_policy_evaluate() writes it; a JSON report read back
 * recognises it). */
#define SG_WHY_NOT_HONOURED "inline suppression not honoured"

/* Names of the enums above. */
SG_EXTERN(const char *) sg_verdict_name(sg_verdict v);
SG_EXTERN(const char *) sg_verdict_why(sg_verdict v);
SG_EXTERN(int) sg_verdict_parse(const char *text, sg_verdict *out);
SG_EXTERN(const char *) sg_baseline_state_name(sg_baseline_state s);
SG_EXTERN(int) sg_baseline_state_parse(const char *text, sg_baseline_state *out);

#endif
