/*
 * evaluate.c: the policy decides every finding's verdict.  Stages only report;
 * this is the one place that says what gates.
 *
 * Order, first match wins, so the reason a report gives is the most specific:
 *   1. the rule is off                    -> the finding is dropped (counted)
 *   2. an inline suppression comment      -> SUPPRESSED (set by the stage)
 *   3. an unexpired policy ignore (by rule, path, image, advisory id or
 *      fingerprint), or vuln.ignore-unfixed on an unfixed vulnerability
 *                                         -> IGNORED, with its reason/expiry
 *   4. fingerprint in the baseline        -> BASELINED
 *   5. PR mode, `gate: new`, unchanged    -> NOT_NEW;  absent -> ABSENT
 *   6. severity below fail-on             -> BELOW_THRESHOLD (never for
 *      an input that could not be analysed: that gates, exit 3)
 *   7. otherwise                          -> GATING
 * Every expired ignore is itself reported (SGG004) at its line in the policy.
 */
#include "util/compat.h"
#include "policy/policy.h"

#include "core/registry.h"
#include "util/path.h"
#include "util/strmap.h"

struct drop_ctx {
	const struct sg_policy *p;
	size_t dropped;
};

static bool keep_enabled(const sg_finding *f, void *payload)
{
	struct drop_ctx *d = payload;

	if (sg_policy_rule_enabled(d->p, f->rule))
		return true;
	d->dropped++;
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

static bool ignore_matches(const struct sg_ignore *ig, const sg_finding *f)
{
	size_t i;

	if (ig->nrules) {
		bool hit = false;

		for (i = 0; i < ig->nrules && !hit; i++)
			hit = ig->rules[i] == f->rule;
		if (!hit)
			return false;
	}
	if (ig->path && (!f->loc.path || !sg_path_matches(ig->path, f->loc.path)))
		return false;
	if (ig->image && (!f->loc.image || !sg_glob_match(ig->image, f->loc.image)))
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

int sg_policy_evaluate(const struct sg_policy *p, sg_result *res,
		       const struct sg_strmap *baseline, sg_error *err)
{
	struct drop_ctx d = { p, 0 };
	size_t i, j, n;
	int rc;

	if (sg_policy_rule_enabled(p, &sg_rule_ignore_expired) &&
	    (rc = report_expired(p, res)) < 0)
		return sg_error_set(err, rc, NULL, 0, 0, "out of memory");
	sg_findings_filter(res->findings, keep_enabled, &d);
	res->rules_off += d.dropped;
	/* fingerprints are needed for ignores and baselines */
	if ((rc = sg_findings_finalize(res->findings)) < 0)
		return sg_error_set(err, rc, NULL, 0, 0, "out of memory");
	res->fail_on = p->fail_on;
	res->gate_new_only = p->gate == SG_GATE_NEW;
	res->policy_path = p->path ? sg_findings_strdup(res->findings, p->path)
				   : NULL;
	n = sg_findings_count(res->findings);
	for (i = 0; i < n; i++) {
		sg_finding *f = sg_findings_at(res->findings, i);
		const struct sg_ignore *hit = NULL;

		sg_severity over = sg_policy_severity_override(p, f->rule);

		/* a policy override wins, even one equal to the rule's default;
		 * else the stage's own severity stays (a vulnerability's comes
		 * from its CVSS score, not the rule) */
		if (over != SG_SEVERITY_NONE)
			f->severity = over;
		if (f->verdict == SG_VERDICT_SUPPRESSED)
			continue;
		if (f->baseline == SG_BASELINE_ABSENT) {
			f->verdict = SG_VERDICT_ABSENT;
			continue;
		}
		for (j = 0; j < p->nignores && !hit; j++)
			if (!p->ignores[j].expired &&
			    ignore_matches(&p->ignores[j], f))
				hit = &p->ignores[j];
		if (hit) {
			f->verdict = SG_VERDICT_IGNORED;
			/* the result outlives the policy: copy */
			f->why = sg_findings_strdup(res->findings, hit->reason);
			f->expires = sg_findings_strdup(res->findings, hit->expires);
		} else if (p->vuln.ignore_unfixed && f->vuln && !f->vuln->fixed) {
			f->verdict = SG_VERDICT_IGNORED;
			f->why = "policy vuln.ignore-unfixed: no fixed version exists yet";
		} else if (baseline && sg_strmap_has(baseline, f->fingerprint)) {
			f->verdict = SG_VERDICT_BASELINED;
		} else if (p->gate == SG_GATE_NEW &&
			   f->baseline == SG_BASELINE_UNCHANGED) {
			f->verdict = SG_VERDICT_NOT_NEW;
		} else if (f->severity < p->fail_on &&
			   !(f->rule->flags & SG_RULE_PARSE_ERROR)) {
			/* an input the gate could not read never passes quietly:
			 * only an explicit ignore, suppression or baseline does */
			f->verdict = SG_VERDICT_BELOW_THRESHOLD;
		} else {
			f->verdict = SG_VERDICT_GATING;
		}
	}
	return 0;
}
