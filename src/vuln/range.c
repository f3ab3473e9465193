/*
 * range.c: OSV `affected[]` evaluation (see range.h for the semantics).
 *
 * The schema's reference algorithm sorts a range's events and walks them;
 * the same verdict comes from one pass without sorting or allocating: v is
 * affected when, among the events that apply to it (introduced <= v,
 * fixed <= v, last_affected < v; introduced "0" always applies), the one
 * with the highest version is an `introduced`.  When an `introduced` and a
 * closing event share a version, the closing one counts as later, so
 * {introduced X, fixed X} is empty rather than "X and everything after".
 * The fix reported is the lowest closing event above v.
 */
#include "util/compat.h"
#include "vuln/range.h"

/* Outcome of one range for v. */
struct one {
	bool affected;
	enum vuln_fix fix;
	const char *closing;    /* fixed or last_affected version, or NULL */
};

static const char *kind_name(enum vuln_event_kind k)
{
	switch (k) {
	case VULN_EVENT_INTRODUCED: return "introduced";
	case VULN_EVENT_FIXED: return "fixed";
	case VULN_EVENT_LAST_AFFECTED: return "last_affected";
	case VULN_EVENT_LIMIT: return "limit";
	}
	return "?";
}

static int cmp_event(const struct vuln_scheme *s, const char *a,
		     const char *b, int *c, sg_error *err)
{
	return vuln_version_compare(s, a, b, c, err);
}

/* Check the range's shape and every event version before using any. */
static int check_range(const struct vuln_scheme *s, const struct vuln_range *r,
		       sg_error *err)
{
	bool intro = false, fixed = false, last = false;
	size_t i;
	int rc;

	for (i = 0; i < r->nevents; i++) {
		const struct vuln_event *e = &r->events[i];

		if (!e->version || !*e->version)
			return sg_error_set(err, SG_EINVALID, NULL, 0, 0,
					    "osv range: empty '%s' event",
					    kind_name(e->kind));
		intro |= e->kind == VULN_EVENT_INTRODUCED;
		fixed |= e->kind == VULN_EVENT_FIXED;
		last |= e->kind == VULN_EVENT_LAST_AFFECTED;
		if (e->kind == VULN_EVENT_INTRODUCED &&
		    !strcmp(e->version, "0"))
			continue;
		if (e->kind == VULN_EVENT_LIMIT && !strcmp(e->version, "*"))
			continue;
		if ((rc = vuln_version_validate(s, e->version, err)) < 0)
			return rc;
	}
	if (!intro)
		return sg_error_set(err, SG_EINVALID, NULL, 0, 0,
				    "osv range has no 'introduced' event");
	if (fixed && last)
		return sg_error_set(err, SG_EINVALID, NULL, 0, 0,
				    "osv range has both 'fixed' and "
				    "'last_affected' events");
	return 0;
}

static int eval_range(const struct vuln_scheme *s, const struct vuln_range *r,
		      const char *v, struct one *out, sg_error *err)
{
	const struct vuln_event *best = NULL, *close = NULL;
	bool has_limit = false, below_limit = false;
	size_t i;
	int rc, c;

	memset(out, 0, sizeof(*out));
	if ((rc = check_range(s, r, err)) < 0)
		return rc;
	for (i = 0; i < r->nevents; i++) {
		const struct vuln_event *e = &r->events[i];
		bool zero = e->kind == VULN_EVENT_INTRODUCED &&
			    !strcmp(e->version, "0");
		bool applies;

		if (e->kind == VULN_EVENT_LIMIT) {
			has_limit = true;
			if (!strcmp(e->version, "*")) {
				below_limit = true;
			} else {
				rc = cmp_event(s, v, e->version, &c, err);
				if (rc < 0)
					return rc;
				below_limit |= c < 0;
			}
			continue;
		}
		c = -1;         /* event vs v; "0" is below everything */
		if (!zero && (rc = cmp_event(s, e->version, v, &c, err)) < 0)
			return rc;
		applies = e->kind == VULN_EVENT_LAST_AFFECTED ? c < 0 : c <= 0;
		if (!applies) {
			/* a closing event above v: candidate fix */
			int d = 1;

			if (e->kind == VULN_EVENT_INTRODUCED)
				continue;
			if (close && (rc = cmp_event(s, e->version,
						     close->version, &d,
						     err)) < 0)
				return rc;
			if (!close || d < 0 ||
			    (d == 0 && e->kind == VULN_EVENT_FIXED))
				close = e;
			continue;
		}
		if (best) {
			bool bzero = best->kind == VULN_EVENT_INTRODUCED &&
				     !strcmp(best->version, "0");

			c = 1;
			if (!zero && !bzero &&
			    (rc = cmp_event(s, e->version, best->version, &c,
					    err)) < 0)
				return rc;
			if (zero && !bzero)
				c = -1;
			if (zero && bzero)
				c = 0;
			/* ties: a closing event is the later one */
			if (c < 0 ||
			    (c == 0 && e->kind == VULN_EVENT_INTRODUCED))
				continue;
		}
		best = e;
	}
	out->affected = best && best->kind == VULN_EVENT_INTRODUCED &&
			(!has_limit || below_limit);
	if (!out->affected)
		return 0;
	if (!close)
		out->fix = VULN_FIX_NONE;
	else if (close->kind == VULN_EVENT_FIXED)
		out->fix = VULN_FIX_VERSION;
	else
		out->fix = VULN_FIX_LAST_AFFECTED;
	out->closing = close ? close->version : NULL;
	return 0;
}

/* Fold one covering range into the overall answer (range.h's rule). */
static int fold(const struct vuln_scheme *s, struct vuln_match *m,
		const struct one *o, sg_error *err)
{
	int c, rc;

	if (!m->affected || m->fix == VULN_FIX_UNKNOWN) {
		m->affected = true;
		m->fix = o->fix;
		m->fixed = o->fix == VULN_FIX_VERSION ? o->closing : NULL;
		m->last_affected = o->fix == VULN_FIX_LAST_AFFECTED ?
				   o->closing : NULL;
		return 0;
	}
	if (m->fix == VULN_FIX_NONE || o->fix == VULN_FIX_NONE) {
		m->fix = VULN_FIX_NONE;
		m->fixed = m->last_affected = NULL;
	} else if (o->fix == VULN_FIX_LAST_AFFECTED) {
		if (m->fix == VULN_FIX_LAST_AFFECTED) {
			if ((rc = vuln_version_compare(s, o->closing,
						       m->last_affected, &c,
						       err)) < 0)
				return rc;
			if (c > 0)
				m->last_affected = o->closing;
		} else {
			m->last_affected = o->closing;
		}
		m->fix = VULN_FIX_LAST_AFFECTED;
		m->fixed = NULL;
	} else if (m->fix == VULN_FIX_VERSION) {
		if ((rc = vuln_version_compare(s, o->closing, m->fixed, &c,
					       err)) < 0)
			return rc;
		if (c > 0)
			m->fixed = o->closing;
	}
	return 0;
}

int vuln_range_match_scheme(const struct vuln_scheme *s,
			    const struct vuln_affected *a, const char *v,
			    struct vuln_match *out, sg_error *err)
{
	size_t i;
	int rc, c;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < a->nranges; i++) {
		const struct vuln_range *r = &a->ranges[i];
		const struct vuln_scheme *rs = s;
		struct one o;

		if (r->type == VULN_RANGE_GIT) {
			out->git_skipped++;
			continue;
		}
		if (r->type == VULN_RANGE_SEMVER)
			rs = &vuln_scheme_semver;
		if ((rc = vuln_version_validate(rs, v, err)) < 0)
			return rc;
		if ((rc = eval_range(rs, r, v, &o, err)) < 0)
			return rc;
		if (o.affected && (rc = fold(rs, out, &o, err)) < 0)
			return rc;
	}
	if (out->affected || !a->nversions)
		return 0;
	if ((rc = vuln_version_validate(s, v, err)) < 0)
		return rc;
	for (i = 0; i < a->nversions; i++) {
		const char *x = a->versions[i];
		sg_error ignored;

		/* a listed string the scheme rejects can still match exactly */
		if (!x || (vuln_version_compare(s, v, x, &c, &ignored) < 0 ?
			   strcmp(v, x) != 0 : c != 0))
			continue;
		out->affected = true;
		out->fix = VULN_FIX_UNKNOWN;
		break;
	}
	return 0;
}

int vuln_range_match(const struct vuln_affected *a, const char *v,
		     struct vuln_match *out, sg_error *err)
{
	const struct vuln_scheme *s = vuln_scheme_find(a->ecosystem);

	memset(out, 0, sizeof(*out));
	if (!s)
		return sg_error_set(err, SG_ENOTFOUND, NULL, 0, 0,
				    "no version comparator for ecosystem '%s'",
				    a->ecosystem ? a->ecosystem : "");
	return vuln_range_match_scheme(s, a, v, out, err);
}
