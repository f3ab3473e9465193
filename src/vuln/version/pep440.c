/*
 * pep440.c: Python package versions, as pypa/packaging 23 (the reference
 * implementation of PEP 440) parses and orders them.
 *
 * Grammar: packaging's VERSION_PATTERN, case-insensitive, surrounding
 * whitespace allowed:
 *   v? [N!] N(.N)* [[-_.]? (a|b|c|rc|alpha|beta|pre|preview) [-_.]? N?]
 *   [-N | [-_.]? (post|rev|r) [-_.]? N?] [[-_.]? dev [-_.]? N?]
 *   [+local]  with local = [a-z0-9]+([-_.][a-z0-9]+)*
 * A hand-written parser takes the same path the regex does (each optional
 * part either matches as a whole or consumes nothing; longer labels win).
 *
 * Order (packaging's _cmpkey): epoch; release with trailing zeros dropped
 * ("1.0" == "1.0.0"); then .devN < aN < bN < rcN < final < .postN, where a
 * bare .devN (no pre, no post) sorts before every pre-release of that
 * release; then the local label, absent lowest, segments compared
 * pairwise: numbers numerically and above strings, strings in lowercase
 * ASCII order, a shorter label lower when it is a prefix.  Numbers have any
 * length and compare exactly.
 */
#include "util/compat.h"
#include "vuln/version/version.h"

struct span {
	const char *p, *e;
};

enum { PRE_NONE, PRE_A, PRE_B, PRE_RC };

struct pep {
	struct span epoch;      /* empty = 0 */
	struct span release;    /* "1.2.3" */
	int pre;                /* PRE_* */
	struct span pre_n;      /* empty = 0 */
	bool post;
	struct span post_n;
	bool dev;
	struct span dev_n;
	struct span local;      /* empty = none */
};

static bool is_ws(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

static bool is_sep(int c) { return c == '-' || c == '_' || c == '.'; }

static const char *digits(const char *p, const char *e)
{
	while (p < e && sg_isdigit((unsigned char)*p))
		p++;
	return p;
}

/* case-insensitive `word` at p; returns the end or NULL */
static const char *word(const char *p, const char *e, const char *w)
{
	size_t n = strlen(w);

	if ((size_t)(e - p) < n || sg_strncasecmp(p, w, n))
		return NULL;
	return p + n;
}

struct label {
	const char *text;
	int value;
};

/* longest first: the regex backtracks into the longer alternative */
static const struct label pre_labels[] = {
	{ "preview", PRE_RC }, { "alpha", PRE_A }, { "beta", PRE_B },
	{ "pre", PRE_RC }, { "rc", PRE_RC }, { "a", PRE_A }, { "b", PRE_B },
	{ "c", PRE_RC },
};
static const struct label post_labels[] = {
	{ "post", 1 }, { "rev", 1 }, { "r", 1 },
};
static const struct label dev_labels[] = { { "dev", 1 } };

/*
 * [-_.]? LABEL [-_.]? N? at *pp; 0 and the parts, or -1 (nothing
 * consumed) when no label matches.
 */
static int labelled(const char **pp, const char *e, const struct label *l,
		    size_t nl, int *value, struct span *n)
{
	const char *p = *pp, *q = NULL;
	size_t i;

	if (p < e && is_sep((unsigned char)*p))
		p++;
	for (i = 0; i < nl && !q; i++)
		if ((q = word(p, e, l[i].text)))
			*value = l[i].value;
	if (!q)
		return -1;
	if (q < e && is_sep((unsigned char)*q))
		q++;
	n->p = q;
	n->e = q = digits(q, e);
	*pp = q;
	return 0;
}

static int parse(const char *s, struct pep *v, const char **why)
{
	const char *p = s, *e = s + strlen(s), *q;
	int x;

	memset(v, 0, sizeof(*v));
	while (p < e && is_ws((unsigned char)*p))
		p++;
	while (e > p && is_ws((unsigned char)e[-1]))
		e--;
	if (p == e)
		return *why = "version string is empty", -1;
	if (*p == 'v' || *p == 'V')
		p++;
	q = digits(p, e);
	if (q > p && q < e && *q == '!') {
		v->epoch.p = p;
		v->epoch.e = q;
		p = q + 1;
	}
	v->release.p = p;
	if ((q = digits(p, e)) == p)
		return *why = "release segment must start with a number", -1;
	for (p = q; p + 1 < e && *p == '.' && sg_isdigit((unsigned char)p[1]);)
		p = digits(p + 1, e);
	v->release.e = p;
	if (labelled(&p, e, pre_labels, SG_ARRAY_SIZE(pre_labels), &x,
		     &v->pre_n) == 0)
		v->pre = x;
	if (p + 1 < e && *p == '-' && sg_isdigit((unsigned char)p[1])) {
		v->post = true;
		v->post_n.p = p + 1;
		v->post_n.e = p = digits(p + 1, e);
	} else if (labelled(&p, e, post_labels, SG_ARRAY_SIZE(post_labels),
			    &x, &v->post_n) == 0) {
		v->post = true;
	}
	if (labelled(&p, e, dev_labels, 1, &x, &v->dev_n) == 0)
		v->dev = true;
	if (p < e && *p == '+') {
		v->local.p = ++p;
		for (;;) {
			q = p;
			while (p < e && sg_isalnum((unsigned char)*p))
				p++;
			if (p == q)
				return *why = "bad local version label", -1;
			if (p == e || !is_sep((unsigned char)*p))
				break;
			p++;
		}
		v->local.e = p;
	}
	if (p != e)
		return *why = "not a PEP 440 version", -1;
	return 0;
}

/* Two digit strings (possibly empty = 0), exactly. */
static int num_cmp(struct span a, struct span b)
{
	size_t la, lb;
	int rc;

	while (a.p < a.e && *a.p == '0')
		a.p++;
	while (b.p < b.e && *b.p == '0')
		b.p++;
	la = (size_t)(a.e - a.p);
	lb = (size_t)(b.e - b.p);
	if (la != lb)
		return la < lb ? -1 : 1;
	rc = la ? memcmp(a.p, b.p, la) : 0;
	return rc < 0 ? -1 : rc > 0;
}

/* Next component of a separated list; rest advances. */
static struct span next_part(struct span *rest)
{
	struct span c = { rest->p, rest->p };

	while (c.e < rest->e && !is_sep((unsigned char)*c.e))
		c.e++;
	rest->p = c.e < rest->e ? c.e + 1 : c.e;
	return c;
}

/* Release tuples with trailing zeros dropped: compare component-wise,
 * treating a missing component as 0 is the same thing. */
static int release_cmp(struct span a, struct span b)
{
	while (a.p < a.e || b.p < b.e) {
		struct span x = { a.p, a.p }, y = { b.p, b.p };
		int rc;

		if (a.p < a.e)
			x = next_part(&a);
		if (b.p < b.e)
			y = next_part(&b);
		rc = num_cmp(x, y);
		if (rc)
			return rc;
	}
	return 0;
}

static bool all_digits(struct span s)
{
	for (; s.p < s.e; s.p++)
		if (!sg_isdigit((unsigned char)*s.p))
			return false;
	return true;
}

static int local_cmp(struct span a, struct span b)
{
	if (a.p == a.e || b.p == b.e)
		return (a.p == a.e) == (b.p == b.e) ? 0 : a.p == a.e ? -1 : 1;
	while (a.p < a.e && b.p < b.e) {
		struct span x = next_part(&a), y = next_part(&b);
		bool xn = all_digits(x), yn = all_digits(y);
		int rc;

		if (xn && yn) {
			rc = num_cmp(x, y);
		} else if (xn != yn) {
			rc = xn ? 1 : -1;
		} else {
			size_t lx = (size_t)(x.e - x.p);
			size_t ly = (size_t)(y.e - y.p);

			rc = sg_strncasecmp(x.p, y.p, SG_MIN(lx, ly));
			if (!rc && lx != ly)
				rc = lx < ly ? -1 : 1;
		}
		if (rc)
			return rc < 0 ? -1 : 1;
	}
	if (a.p < a.e || b.p < b.e)
		return a.p < a.e ? 1 : -1;
	return 0;
}

/*
 * The pre-release key: a bare .devN sorts below every pre-release (-2),
 * a final release above them (+1 with no label), else the label.
 */
static int pre_key(const struct pep *v)
{
	if (v->pre == PRE_NONE && !v->post && v->dev)
		return -1;
	if (v->pre == PRE_NONE)
		return 4;
	return v->pre;
}

static int pep_compare_parsed(const struct pep *a, const struct pep *b)
{
	int rc, ka, kb;

	if ((rc = num_cmp(a->epoch, b->epoch)))
		return rc;
	if ((rc = release_cmp(a->release, b->release)))
		return rc;
	ka = pre_key(a);
	kb = pre_key(b);
	if (ka != kb)
		return ka < kb ? -1 : 1;
	if (a->pre != PRE_NONE && (rc = num_cmp(a->pre_n, b->pre_n)))
		return rc;
	if (a->post != b->post)
		return a->post ? 1 : -1;
	if (a->post && (rc = num_cmp(a->post_n, b->post_n)))
		return rc;
	if (a->dev != b->dev)
		return a->dev ? -1 : 1;
	if (a->dev && (rc = num_cmp(a->dev_n, b->dev_n)))
		return rc;
	return local_cmp(a->local, b->local);
}

static int pep440_validate(const char *v, const char **why)
{
	struct pep p;

	return parse(v, &p, why);
}

static int pep440_compare(const char *a, const char *b)
{
	struct pep x, y;
	const char *why;

	if (parse(a, &x, &why) < 0 || parse(b, &y, &why) < 0)
		return strcmp(a, b); /* unreachable through the API */
	return pep_compare_parsed(&x, &y);
}

const struct vuln_scheme vuln_scheme_pep440 = {
	.name = "pep440",
	.title = "PEP 440",
	.validate = pep440_validate,
	.compare = pep440_compare,
};
