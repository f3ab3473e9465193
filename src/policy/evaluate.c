/*
 * evaluate.c: the policy decides every finding's verdict.  Stages only report;
 * this is the one place that says what gates.
 *
 * Order, first match wins, so the reason a report gives is the most specific:
 *   1. the rule is off                    -> the finding is dropped (counted)
 *   2. an inline suppression comment      -> SUPPRESSED (set by the stage),
 *      unless the policy sets inline-suppressions: false
 *   3. an unexpired policy ignore (by rule, path, image, advisory id or
 *      fingerprint), or vuln.ignore-unfixed on an unfixed vulnerability
 *                                         -> IGNORED, with its reason/expiry
 *   4. fingerprint in the baseline        -> BASELINED
 *   5. PR mode, `gate: new`, unchanged    -> NOT_NEW;  absent -> ABSENT
 *   6. severity below fail-on             -> BELOW_THRESHOLD
 *   7. otherwise                          -> GATING
 * An input that could not be analysed (a rule flagged SG_RULE_PARSE_ERROR:
 * over the size cap, an LFS pointer, unreadable, unparseable) is accepted
 * only by 1 and 3, the policy's explicit word.  2, 4, 5 and 6 would vouch
 * for content the gate never read: a comment in it, a baseline or base
 * revision whose finding has the same fixed key whatever the content now
 * is.  It gates (exit 3), and its reason says which acceptance was refused.
 * Every expired ignore is itself reported (SGG004) at its line in the policy.
 */
#include "util/compat.h"
#include "policy/policy.h"

#include "core/registry.h"
#include "util/buf.h"
#include "util/path.h"
#include "util/strmap.h"

/*
 * What the policy says about one rule, worked out the first time a finding
 * of that rule comes by: whether it is on, its severity override, and the
 * ignores that name it or any rule (unexpired, in policy order).  A run has
 * thousands of findings of a few dozen rules, and a policy may list hundreds
 * of ignores: each finding then tries only the ignores that could apply.
 */
struct rule_info {
	const sg_rule *rule;
	bool enabled;
	sg_severity over;
	size_t n;
	const struct sg_ignore *candidates[];
};

/*
 * The run's index: rule -> rule_info (open addressing on the descriptor's
 * address), and for the path and image the last finding had, each glob
 * ignore's answer (findings are sorted by path, so one answer serves a
 * file's run).  An answer is valid when its generation is the current one.
 */
/*
 * Each ignore's glob against the subject (a path, an image) of consecutive
 * findings: the answer is kept per ignore until the subject changes (a new
 * generation), and findings come sorted by path.
 */
struct glob_cache {
	const char *subject;
	uint32_t gen;
	uint32_t *seen;         /* per ignore: generation of `hit` */
	bool *hit;
	bool (*match)(const char *glob, const char *subject);
};

static bool glob_cached(struct glob_cache *c, size_t j, const char *glob,
			const char *subject)
{
	if (!sg_streq(c->subject, subject)) {
		c->subject = subject;
		c->gen++;
	}
	if (c->seen[j] != c->gen) {
		c->seen[j] = c->gen;
		c->hit[j] = c->match(glob, subject);
	}
	return c->hit[j];
}

struct index {
	const struct sg_policy *p;
	struct rule_info **slots;
	size_t cap, n;
	struct glob_cache path, image;  /* ignores' globs vs the finding's */
	bool oom;
	size_t dropped;
};

static size_t rule_slot(const struct index *x, const sg_rule *rule)
{
	size_t mask = x->cap - 1;
	size_t i = (size_t)(((uint64_t)(uintptr_t)rule >> 3) *
			    0x9E3779B97F4A7C15ull) & mask;

	while (x->slots[i] && x->slots[i]->rule != rule)
		i = (i + 1) & mask;
	return i;
}

static int index_grow(struct index *x)
{
	struct index big = *x;
	size_t i;

	big.cap = x->cap ? 2 * x->cap : 64;
	big.slots = calloc(big.cap, sizeof(*big.slots));
	if (!big.slots)
		return SG_ENOMEM;
	for (i = 0; i < x->cap; i++)
		if (x->slots[i])
			big.slots[rule_slot(&big, x->slots[i]->rule)] = x->slots[i];
	free(x->slots);
	x->slots = big.slots;
	x->cap = big.cap;
	return 0;
}

static bool ignore_names_rule(const struct sg_ignore *ig, const sg_rule *rule)
{
	size_t i;

	if (!ig->nrules)
		return true;
	for (i = 0; i < ig->nrules; i++)
		if (ig->rules[i] == rule)
			return true;
	return false;
}

/* The policy on `rule`, NULL when out of memory. */
static const struct rule_info *rule_info(struct index *x, const sg_rule *rule)
{
	const struct sg_policy *p = x->p;
	struct rule_info *info;
	size_t i, n = 0;

	if (x->cap && x->slots[i = rule_slot(x, rule)])
		return x->slots[i];
	if (2 * (x->n + 1) > x->cap && index_grow(x) < 0)
		goto oom;
	for (i = 0; i < p->nignores; i++)
		n += !p->ignores[i].expired && ignore_names_rule(&p->ignores[i], rule);
	info = malloc(sizeof(*info) + n * sizeof(info->candidates[0]));
	if (!info)
		goto oom;
	info->rule = rule;
	info->enabled = sg_policy_rule_enabled(p, rule);
	info->over = sg_policy_severity_override(p, rule);
	info->n = 0;
	for (i = 0; i < p->nignores; i++)
		if (!p->ignores[i].expired &&
		    ignore_names_rule(&p->ignores[i], rule))
			info->candidates[info->n++] = &p->ignores[i];
	x->slots[rule_slot(x, rule)] = info;
	x->n++;
	return info;
oom:
	x->oom = true;
	return NULL;
}

static int index_init(struct index *x, const struct sg_policy *p)
{
	size_t n = p->nignores ? p->nignores : 1;

	memset(x, 0, sizeof(*x));
	x->p = p;
	x->path.match = sg_path_under;  /* anchored: see path.h */
	x->image.match = sg_glob_match;
	x->path.seen = calloc(n, sizeof(*x->path.seen));
	x->image.seen = calloc(n, sizeof(*x->image.seen));
	x->path.hit = calloc(n, sizeof(*x->path.hit));
	x->image.hit = calloc(n, sizeof(*x->image.hit));
	if (!x->path.seen || !x->image.seen || !x->path.hit || !x->image.hit)
		return SG_ENOMEM;
	return 0;
}

static void index_release(struct index *x)
{
	size_t i;

	for (i = 0; i < x->cap; i++)
		free(x->slots[i]);
	free(x->slots);
	free(x->path.seen);
	free(x->image.seen);
	free(x->path.hit);
	free(x->image.hit);
}

static bool keep_enabled(const sg_finding *f, void *payload)
{
	struct index *x = payload;
	const struct rule_info *info = rule_info(x, f->rule);

	/* out of memory: keep everything, the caller reports the error */
	if (!info || info->enabled)
		return true;
	x->dropped++;
	return false;
}

/* An advisory glob matches the id or any alias ("CVE-2023-*", "GHSA-…"). */
static bool advisory_matches(const char *glob, const sg_vuln_ref *v)
{
	const char *a;

	if (!v)
		return false;
	if (v->id && sg_glob_match(glob, v->id))
		return true;
	for (a = v->aliases; a && *a;) {
		char one[256];
		size_t n = strcspn(a, ",");

		if (n < sizeof(one)) {
			memcpy(one, a, n);
			one[n] = '\0';
			if (sg_glob_match(glob, one))
				return true;
		}
		a += n;
		while (*a == ',' || *a == ' ')
			a++;
	}
	return false;
}

/* `ig` (which names the finding's rule or any rule) matches `f`.  Glob
 * answers are cached for the finding's path and image (see struct index). */
static bool ignore_matches(struct index *x, const struct sg_ignore *ig,
			   const sg_finding *f)
{
	size_t j = (size_t)(ig - x->p->ignores);

	if (ig->path && (!f->loc.path ||
			 !glob_cached(&x->path, j, ig->path, f->loc.path)))
		return false;
	if (ig->image && (!f->loc.image ||
			  !glob_cached(&x->image, j, ig->image, f->loc.image)))
		return false;
	if (ig->fingerprint && strcmp(ig->fingerprint, f->fingerprint) != 0)
		return false;
	if (ig->advisory && !advisory_matches(ig->advisory, f->vuln))
		return false;
	return true;
}

static int report_expired(const struct sg_policy *p, sg_result *res)
{
	size_t i;

	for (i = 0; i < p->nignores; i++) {
		const struct sg_ignore *ig = &p->ignores[i];
		sg_location loc = { .path = p->path, .line = ig->line };
		sg_finding *f;

		if (!ig->expired)
			continue;
		f = sg_findings_add(res->findings, &sg_rule_ignore_expired, &loc,
				    ig->rule_ref ? ig->rule_ref : "ignore",
				    "ignore of '%s' expired on %s (reason was: %s); "
				    "the findings it covered gate again",
				    ig->rule_ref ? ig->rule_ref
						 : ig->path ? ig->path : "findings",
				    ig->expires, ig->reason);
		if (!f)
			return SG_ENOMEM;
		f->severity = sg_policy_rule_severity(p, f->rule);
	}
	return 0;
}

static const char *not_honoured(sg_findings *set, const char *comment,
				bool unanalysed)
{
	struct sg_buf b = SG_BUF_INIT(4096);
	const char *why;

	sg_buf_printf(&b, SG_WHY_NOT_HONOURED " (%s): %s",
		      unanalysed ? "an input the gate could not analyse cannot "
				   "vouch for itself"
				 : "policy inline-suppressions: false",
		      comment ? comment : "");
	why = sg_findings_strdup(set, sg_buf_cstr(&b));
	sg_buf_release(&b);
	return why;
}

/*
 * Why a finding for an input that could not be analysed gates although the
 * baseline, PR mode or fail-on would have let it pass; NULL when none would
 * (the verdict's own reason then stands).
 */
static const char *refused(const struct sg_policy *p,
			   const struct sg_strmap *baseline, const sg_finding *f)
{
	if (baseline && sg_strmap_has(baseline, f->fingerprint))
		return "in the baseline, but the input could not be analysed: "
		       "a baseline cannot accept content the gate never read";
	if (p->gate == SG_GATE_NEW && f->baseline == SG_BASELINE_UNCHANGED)
		return "present on the base revision, but the input could not "
		       "be analysed: an unchanged finding cannot vouch for "
		       "content the gate never read";
	if (f->severity < p->fail_on)
		return "severity below fail-on, but the input could not be "
		       "analysed: only a policy ignore accepts it";
	return NULL;
}

int sg_policy_evaluate(const struct sg_policy *p, sg_result *res,
		       const struct sg_strmap *baseline, sg_error *err)
{
	struct index x;
	size_t i, j, n;
	int rc;

	if ((rc = index_init(&x, p)) < 0)
		goto done;
	if (sg_policy_rule_enabled(p, &sg_rule_ignore_expired) &&
	    (rc = report_expired(p, res)) < 0)
		goto done;
	sg_findings_filter(res->findings, keep_enabled, &x);
	res->rules_off += x.dropped;
	if (x.oom) {
		rc = SG_ENOMEM;
		goto done;
	}
	/* fingerprints are needed for ignores and baselines */
	if ((rc = sg_findings_finalize(res->findings)) < 0)
		goto done;
	res->fail_on = p->fail_on;
	res->gate_new_only = p->gate == SG_GATE_NEW;
	res->policy_path = p->path ? sg_findings_strdup(res->findings, p->path)
				   : NULL;
	n = sg_findings_count(res->findings);
	for (i = 0; i < n; i++) {
		sg_finding *f = sg_findings_at(res->findings, i);
		const struct rule_info *info = rule_info(&x, f->rule);
		const struct sg_ignore *hit = NULL;
		bool unanalysed;

		if (!info) {
			rc = SG_ENOMEM;
			goto done;
		}
		/* a policy override wins, even one equal to the rule's default;
		 * else the stage's own severity stays (a vulnerability's comes
		 * from its CVSS score, not the rule) */
		if (info->over != SG_SEVERITY_NONE)
			f->severity = info->over;
		unanalysed = (f->rule->flags & SG_RULE_PARSE_ERROR) != 0;
		if (f->verdict == SG_VERDICT_SUPPRESSED) {
			if (p->inline_suppressions && !unanalysed)
				continue;
			/* the code under review cannot silence its own gate;
			 * the comment is kept in the report's reason */
			f->verdict = SG_VERDICT_GATING;
			f->why = not_honoured(res->findings, f->why, unanalysed);
		}
		if (f->baseline == SG_BASELINE_ABSENT) {
			f->verdict = SG_VERDICT_ABSENT;
			continue;
		}
		/* first match in policy order */
		for (j = 0; j < info->n && !hit; j++)
			if (ignore_matches(&x, info->candidates[j], f))
				hit = info->candidates[j];
		if (hit) {
			f->verdict = SG_VERDICT_IGNORED;
			/* the result outlives the policy: copy */
			f->why = sg_findings_strdup(res->findings, hit->reason);
			f->expires = sg_findings_strdup(res->findings, hit->expires);
		} else if (p->vuln.ignore_unfixed && f->vuln && !f->vuln->fixed) {
			f->verdict = SG_VERDICT_IGNORED;
			f->why = "policy vuln.ignore-unfixed: no fixed version exists yet";
		} else if (unanalysed) {
			/* an input the gate could not read never passes quietly:
			 * only the policy's explicit word (an ignore, the rule
			 * off) accepts it; a finding with a fixed key on the
			 * base revision or in a baseline says nothing about
			 * what the file holds now */
			f->verdict = SG_VERDICT_GATING;
			if (!f->inline_suppression)  /* else: not_honoured() */
				f->why = refused(p, baseline, f);
		} else if (baseline && sg_strmap_has(baseline, f->fingerprint)) {
			f->verdict = SG_VERDICT_BASELINED;
		} else if (p->gate == SG_GATE_NEW &&
			   f->baseline == SG_BASELINE_UNCHANGED) {
			f->verdict = SG_VERDICT_NOT_NEW;
		} else if (f->severity < p->fail_on) {
			f->verdict = SG_VERDICT_BELOW_THRESHOLD;
		} else {
			f->verdict = SG_VERDICT_GATING;
		}
	}
	rc = 0;
done:
	index_release(&x);
	/* as before the index: every failure here is reported this way */
	if (rc < 0)
		return sg_error_set(err, rc, NULL, 0, 0, "out of memory");
	return 0;
}
