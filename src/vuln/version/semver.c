/*
 * semver.c: SemVer 2.0 precedence, and npm's range syntax, as node-semver 7
 * implements them (the oracle for npm advisories; Go and crates.io ranges in
 * OSV are plain SemVer too).
 *
 * A version is MAJOR.MINOR.PATCH[-PRE][+BUILD], optionally with a leading
 * 'v' and surrounding whitespace (node-semver's strict grammar): numbers
 * without leading zeros and at most 2^53-1 (JavaScript's safe integers);
 * prerelease identifiers are numeric (no leading zero) or alphanumeric with
 * '-'.  Precedence: the numeric core, then a version with a prerelease is
 * lower; prerelease identifiers compare left to right, numeric ones
 * numerically and below alphanumeric ones (ASCII order), a shorter list
 * lower when it is a prefix.  Build metadata never matters.
 *
 * Ranges are desugared the way node-semver's Range does it (hyphen ranges,
 * then caret, tilde, x-ranges and stars per comparator) into plain
 * comparators, then tested with npm's prerelease rule; see
 * vuln_semver_range_satisfies() in version.h.
 */
#include "util/compat.h"
#include "vuln/version/version.h"

#define MAX_SAFE 9007199254740991ULL    /* Number.MAX_SAFE_INTEGER */
#define MAX_LENGTH 256                  /* node-semver's MAX_LENGTH */

struct span {
	const char *p, *e;
};

struct sv {
	uint64_t n[3];
	struct span pre;        /* empty when none */
};

static bool span_empty(struct span s) { return s.p == s.e; }

static bool is_ws(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

static bool is_ident(int c) { return sg_isalnum(c) || c == '-'; }

/* NUMERICIDENTIFIER: 0|[1-9][0-9]*; *p advanced; -1 when absent */
static int numeric(const char **p, const char *e, uint64_t *out,
		   const char **why)
{
	const char *s = *p;
	uint64_t v = 0;

	if (s >= e || !sg_isdigit((unsigned char)*s))
		return -1;
	if (*s == '0') {
		*p = s + 1;
		*out = 0;
		return 0;
	}
	for (; s < e && sg_isdigit((unsigned char)*s); s++) {
		if (v > (MAX_SAFE - (uint64_t)(*s - '0')) / 10) {
			*why = "number larger than 2^53-1";
			return -2;
		}
		v = v * 10 + (uint64_t)(*s - '0');
	}
	*p = s;
	*out = v;
	return 0;
}

/* One prerelease identifier: numeric without leading zero, or holds a
 * letter or '-'. */
static bool pre_ident_ok(const char *p, const char *e)
{
	const char *q;

	if (p == e)
		return false;
	for (q = p; q < e; q++)
		if (!is_ident((unsigned char)*q))
			return false;
	for (q = p; q < e; q++)
		if (!sg_isdigit((unsigned char)*q))
			return true;
	return *p != '0' || e - p == 1;
}

/* [-PRE][+BUILD] up to e; sets pre */
static int tail(const char *p, const char *e, struct span *pre,
		const char **why)
{
	pre->p = pre->e = p;
	if (p < e && *p == '-') {
		const char *s = ++p, *id = p;

		for (;; p++) {
			if (p == e || *p == '.' || *p == '+') {
				if (!pre_ident_ok(id, p))
					return *why = "bad prerelease "
						      "identifier", -1;
				if (p == e || *p == '+')
					break;
				id = p + 1;
			}
		}
		pre->p = s;
		pre->e = p;
	}
	if (p < e && *p == '+') {
		const char *id = ++p;

		for (;; p++) {
			if (p == e || *p == '.') {
				if (id == p)
					return *why = "empty build identifier",
					       -1;
				if (p == e)
					break;
				id = p + 1;
			} else if (!is_ident((unsigned char)*p)) {
				return *why = "bad build identifier", -1;
			}
		}
	}
	if (p != e)
		return *why = "not MAJOR.MINOR.PATCH[-PRE][+BUILD]", -1;
	return 0;
}

/* FULLPLAIN over [p, e): v?M.m.p[-pre][+build] */
static int parse_plain(const char *p, const char *e, struct sv *out,
		       const char **why)
{
	int i, rc;

	if (p < e && *p == 'v')
		p++;
	for (i = 0; i < 3; i++) {
		if (i && (p >= e || *p++ != '.'))
			return *why = "not MAJOR.MINOR.PATCH[-PRE][+BUILD]", -1;
		rc = numeric(&p, e, &out->n[i], why);
		if (rc == -2)
			return -1;
		if (rc < 0)
			return *why = "not MAJOR.MINOR.PATCH[-PRE][+BUILD]", -1;
	}
	return tail(p, e, &out->pre, why);
}

static int parse_version(const char *v, struct sv *out, const char **why)
{
	const char *e = v + strlen(v);

	if (e - v > MAX_LENGTH)
		return *why = "longer than 256 characters", -1;
	while (v < e && is_ws((unsigned char)*v))
		v++;
	while (e > v && is_ws((unsigned char)e[-1]))
		e--;
	if (v == e)
		return *why = "version string is empty", -1;
	return parse_plain(v, e, out, why);
}

/* compareIdentifiers() for two identifiers that are valid. */
static int ident_cmp(struct span a, struct span b)
{
	bool an = true, bn = true;
	const char *q;
	size_t la = (size_t)(a.e - a.p), lb = (size_t)(b.e - b.p);
	int rc;

	for (q = a.p; q < a.e; q++)
		an = an && sg_isdigit((unsigned char)*q);
	for (q = b.p; q < b.e; q++)
		bn = bn && sg_isdigit((unsigned char)*q);
	if (an && bn) {
		/* no leading zeros: longer is larger */
		if (la != lb)
			return la < lb ? -1 : 1;
		rc = memcmp(a.p, b.p, la);
		return rc < 0 ? -1 : rc > 0;
	}
	if (an != bn)
		return an ? -1 : 1;
	rc = memcmp(a.p, b.p, SG_MIN(la, lb));
	if (rc)
		return rc < 0 ? -1 : 1;
	return la == lb ? 0 : la < lb ? -1 : 1;
}

static struct span next_ident(struct span *rest)
{
	struct span id = { rest->p, rest->p };

	while (id.e < rest->e && *id.e != '.')
		id.e++;
	rest->p = id.e < rest->e ? id.e + 1 : id.e;
	return id;
}

static int pre_cmp(struct span a, struct span b)
{
	bool more_a, more_b;

	if (span_empty(a) || span_empty(b))
		return span_empty(a) == span_empty(b) ? 0 :
		       span_empty(a) ? 1 : -1;
	for (;;) {
		int rc;

		more_a = a.p < a.e;
		more_b = b.p < b.e;
		if (!more_a || !more_b)
			return more_a == more_b ? 0 : more_a ? 1 : -1;
		rc = ident_cmp(next_ident(&a), next_ident(&b));
		if (rc)
			return rc;
		/* "1.0.0-a." cannot occur: identifiers are never empty */
	}
}

static int sv_cmp(const struct sv *a, const struct sv *b)
{
	int i;

	for (i = 0; i < 3; i++)
		if (a->n[i] != b->n[i])
			return a->n[i] < b->n[i] ? -1 : 1;
	return pre_cmp(a->pre, b->pre);
}

static int semver_validate(const char *v, const char **why)
{
	struct sv s;

	return parse_version(v, &s, why);
}

static int semver_compare(const char *a, const char *b)
{
	struct sv x, y;
	const char *why;

	if (parse_version(a, &x, &why) < 0 || parse_version(b, &y, &why) < 0)
		return strcmp(a, b); /* unreachable through the API */
	return sv_cmp(&x, &y);
}

const struct vuln_scheme vuln_scheme_semver = {
	.name = "semver",
	.title = "semver",
	.validate = semver_validate,
	.compare = semver_compare,
};

/* ---- npm ranges ----------------------------------------------------- */

enum op { OP_ANY, OP_EQ, OP_LT, OP_LE, OP_GT, OP_GE, OP_NONE };

struct comparator {
	enum op op;
	struct sv v;
};

/* A comparator set being tested against one version. */
struct set_state {
	const struct sv *v;
	bool all_ok;            /* every comparator so far passed */
	bool pre_allowed;       /* some comparator allows v's prerelease */
	bool only_any;          /* no comparator but "*" so far */
	bool null_set;          /* holds "<0.0.0-0", which nothing satisfies */
};

static const char zero_pre[] = "0";

static void set_add(struct set_state *st, enum op op, uint64_t M, uint64_t m,
		    uint64_t p, struct span pre)
{
	struct sv c = { { M, m, p }, pre };
	int rc;
	bool ok;

	if (op == OP_ANY)
		return;
	/* replaceGTE0(): ">=0.0.0" means "*" */
	if (op == OP_GE && !M && !m && !p && span_empty(pre))
		return;
	st->only_any = false;
	if (op == OP_LT && !M && !m && !p && pre.e - pre.p == 1 &&
	    *pre.p == '0')
		st->null_set = true;
	rc = sv_cmp(st->v, &c);
	switch (op) {
	case OP_EQ: ok = rc == 0; break;
	case OP_LT: ok = rc < 0; break;
	case OP_LE: ok = rc <= 0; break;
	case OP_GT: ok = rc > 0; break;
	case OP_GE: ok = rc >= 0; break;
	default: ok = false; break;
	}
	st->all_ok = st->all_ok && ok;
	if (!span_empty(pre) && M == st->v->n[0] && m == st->v->n[1] &&
	    p == st->v->n[2])
		st->pre_allowed = true;
}

/* `<M.m.p-0`, the exclusive upper bound the desugarings produce */
static void set_lt0(struct set_state *st, uint64_t M, uint64_t m, uint64_t p)
{
	struct span z = { zero_pre, zero_pre + 1 };

	set_add(st, OP_LT, M, m, p, z);
}

static const struct span no_pre = { NULL, NULL };

/* XRANGEPLAIN: [v=\s]*X(.X(.X(-pre)?(+build)?)?)?, X = number|x|X|*.
 * nx = number of leading non-x parts (0..3) — parts after an x are
 * treated as x too, as isX() chains do. */
struct xr {
	uint64_t n[3];
	int nx;                 /* leading concrete parts */
	struct span pre;
	struct span prefix;     /* the [v=] run before the first number */
	bool order_bad;         /* a number after an x: "x.1", "1.x.2" */
};

static int parse_xr(const char *p, const char *e, struct xr *out,
		    const char **why)
{
	int i, rc;
	bool x = false;

	memset(out, 0, sizeof(*out));
	out->pre.p = out->pre.e = e;
	out->prefix.p = p;
	while (p < e && (*p == 'v' || *p == '=' || is_ws((unsigned char)*p)))
		p++;
	out->prefix.e = p;
	for (i = 0; i < 3; i++) {
		if (i) {
			if (p == e)
				break;
			if (*p != '.')
				goto bad;
			p++;
		}
		if (p < e && (*p == 'x' || *p == 'X' || *p == '*')) {
			p++;
			x = true;
			continue;
		}
		rc = numeric(&p, e, &out->n[i], why);
		if (rc == -2)
			return -1;
		if (rc < 0)
			goto bad;
		if (!x)
			out->nx = i + 1;
		else
			out->order_bad = true;
	}
	if (p == e)
		return 0;
	if (i < 3)
		goto bad;
	return tail(p, e, &out->pre, why);
bad:
	return *why = "bad version in range", -1;
}

/*
 * A comparator on a full version that no desugaring rewrote: node-semver
 * parses its text again, which allows only a single 'v' before the number,
 * and its replaceGTE0() turns the exact text ">=0.0.0" into "*".
 */
static int add_plain(struct set_state *st, enum op op, const struct xr *x,
		     const char **why)
{
	size_t pl = (size_t)(x->prefix.e - x->prefix.p);
	struct sv z = { { 0, 0, 0 }, { NULL, NULL } };

	if (x->nx < 3)
		return *why = "bad comparator in range", -1;
	if (pl > 1 || (pl == 1 && *x->prefix.p != 'v'))
		return *why = "bad prefix before version in range", -1;
	if (op == OP_GE && pl && !x->n[0] && !x->n[1] && !x->n[2] &&
	    span_empty(x->pre)) {
		/* ">=v0.0.0" escapes replaceGTE0(): a real comparator */
		st->only_any = false;
		st->all_ok = st->all_ok && sv_cmp(st->v, &z) >= 0;
		return 0;
	}
	set_add(st, op, x->n[0], x->n[1], x->n[2], x->pre);
	return 0;
}

/* One comparator word (operator already split off). */
static int add_word(struct set_state *st, const char *op, size_t oplen,
		    const char *p, const char *e, const char **why)
{
	struct xr x;
	uint64_t M, m;
	enum op o;

	if (parse_xr(p, e, &x, why) < 0)
		return -1;
	M = x.n[0];
	m = x.n[1];
	if (oplen == 1 && *op == '^') {
		if (x.nx == 0)
			return set_add(st, OP_ANY, 0, 0, 0, no_pre), 0;
		if (x.nx == 1) {
			set_add(st, OP_GE, M, 0, 0, no_pre);
			set_lt0(st, M + 1, 0, 0);
		} else if (x.nx == 2) {
			set_add(st, OP_GE, M, m, 0, no_pre);
			if (M == 0)
				set_lt0(st, 0, m + 1, 0);
			else
				set_lt0(st, M + 1, 0, 0);
		} else {
			set_add(st, OP_GE, M, m, x.n[2], x.pre);
			if (M == 0 && m == 0)
				set_lt0(st, 0, 0, x.n[2] + 1);
			else if (M == 0)
				set_lt0(st, 0, m + 1, 0);
			else
				set_lt0(st, M + 1, 0, 0);
		}
		return 0;
	}
	if ((oplen == 1 && *op == '~') || (oplen == 2 && op[0] == '~')) {
		if (x.nx == 0)
			return set_add(st, OP_ANY, 0, 0, 0, no_pre), 0;
		if (x.nx == 1) {
			set_add(st, OP_GE, M, 0, 0, no_pre);
			set_lt0(st, M + 1, 0, 0);
		} else {
			set_add(st, OP_GE, M, m, x.nx == 3 ? x.n[2] : 0,
				x.nx == 3 ? x.pre : no_pre);
			set_lt0(st, M, m + 1, 0);
		}
		return 0;
	}
	o = OP_EQ;
	if (oplen == 1)
		o = *op == '<' ? OP_LT : *op == '>' ? OP_GT : OP_EQ;
	else if (oplen == 2)
		o = *op == '<' ? OP_LE : OP_GE;
	if (x.nx == 3)
		return add_plain(st, o, &x, why);
	/* x-ranges (replaceXRange) */
	if (x.nx == 0) {
		if (o == OP_LT || o == OP_GT) {
			st->all_ok = false;     /* <0.0.0-0: nothing */
			st->only_any = false;
			st->null_set = true;
		} else {
			set_add(st, OP_ANY, 0, 0, 0, no_pre);
		}
		return 0;
	}
	if (o != OP_EQ) {
		if (x.nx < 2)
			m = 0;
		if (o == OP_GT) {
			if (x.nx < 2)
				M++, m = 0;
			else
				m++;
			set_add(st, OP_GE, M, m, 0, no_pre);
		} else if (o == OP_LE) {
			if (x.nx < 2)
				M++;
			else
				m++;
			set_lt0(st, M, m, 0);
		} else if (o == OP_LT) {
			set_lt0(st, M, m, 0);
		} else {
			set_add(st, o, M, m, 0, no_pre);
		}
		return 0;
	}
	if (x.nx == 1) {
		set_add(st, OP_GE, M, 0, 0, no_pre);
		set_lt0(st, M + 1, 0, 0);
	} else {
		set_add(st, OP_GE, M, m, 0, no_pre);
		set_lt0(st, M, m + 1, 0);
	}
	return 0;
}

/*
 * One comparator word, already joined to its operator.  The forms are
 * node-semver's anchored regexes CARET (^X), TILDE (~X, ~>X) and XRANGE
 * (GTLT X, GTLT = (<|>)?=? taken greedily), X = XRANGEPLAIN.
 */
static int test_word(struct set_state *st, const char *w, const char *e,
		     const char **why)
{
	const char *v = w;
	struct xr x;

	if (v < e && *v == '^') {
		v++;
	} else if (v < e && *v == '~') {
		v += 1 + (v + 1 < e && v[1] == '>');
	} else {
		if (v < e && (*v == '<' || *v == '>'))
			v++;
		if (v < e && *v == '=')
			v++;
		/* replaceXRange() leaves "1.x.2" alone; it then fails to
		 * parse as a comparator */
		if (parse_xr(v, e, &x, why) < 0)
			return -1;
		if (x.nx < 3 && x.order_bad)
			return *why = "number after a wildcard in range", -1;
	}
	return add_word(st, w, (size_t)(v - w), v, e, why);
}

static bool is_ver_start(int c)
{
	return sg_isdigit(c) || c == 'x' || c == 'X' || c == '*';
}

/* node-semver's global build-metadata strip: "+" ident ("." ident)* */
static size_t build_len(const char *p, const char *e)
{
	const char *q = p + 1, *r;

	if (p >= e || *p != '+')
		return 0;
	for (r = q; r < e && is_ident((unsigned char)*r); r++)
		;
	if (r == q)
		return 0;
	while (r + 1 < e && *r == '.' && is_ident((unsigned char)r[1]))
		for (r++; r < e && is_ident((unsigned char)*r); r++)
			;
	return (size_t)(r - p);
}

/*
 * One `||` alternative, rewritten the way Range.parseRange() does before
 * it splits: whitespace runs collapsed and trimmed, build metadata removed
 * everywhere, then either a hyphen range or space-separated words where an
 * operator word ("<", ">=", "=", …) joins the next word when that starts a
 * version (trimComparatorWhitespace) and "~", "~>", "^" join the next word
 * always (TILDETRIM, CARETTRIM).
 */
static int test_set(const char *p, const char *e, const struct sv *v,
		    struct set_state *out, const char **why)
{
	struct set_state st = { v, true, false, true, false };
	char buf[VULN_VERSION_MAX + 1], word[VULN_VERSION_MAX + 1];
	const char *q, *be, *dash;
	size_t n = 0, k;

	for (q = p; q < e;) {
		if (is_ws((unsigned char)*q)) {
			while (q < e && is_ws((unsigned char)*q))
				q++;
			if (n && q < e)
				buf[n++] = ' ';
			continue;
		}
		if ((k = build_len(q, e))) {
			q += k;
			continue;
		}
		buf[n++] = *q++;
	}
	buf[n] = '\0';
	be = buf + n;
	/* hyphen range: the whole alternative is "A - B" */
	if ((dash = strstr(buf, " - "))) {
		struct xr a, b;

		if (parse_xr(buf, dash, &a, why) < 0 ||
		    parse_xr(dash + 3, be, &b, why) < 0)
			return -1;
		/* hyphenReplace(): ">=A <=B", x parts widen both ends */
		if (a.nx == 1 || a.nx == 2)
			set_add(&st, OP_GE, a.n[0], a.nx > 1 ? a.n[1] : 0, 0,
				no_pre);
		else if (a.nx == 3 && add_plain(&st, OP_GE, &a, why) < 0)
			return -1;
		if (b.nx == 1)
			set_lt0(&st, b.n[0] + 1, 0, 0);
		else if (b.nx == 2)
			set_lt0(&st, b.n[0], b.n[1] + 1, 0);
		else if (b.nx == 3 && !span_empty(b.pre))
			set_add(&st, OP_LE, b.n[0], b.n[1], b.n[2], b.pre);
		else if (b.nx == 3 && add_plain(&st, OP_LE, &b, why) < 0)
			return -1;
		goto decide;
	}
	for (q = buf; q < be;) {
		const char *w = q, *we, *nx, *ne;
		size_t wl, m;
		bool gtlt, lone;

		while (q < be && *q != ' ')
			q++;
		we = q;
		if (q < be)
			q++;
		wl = (size_t)(we - w);
		if (!wl)
			continue;       /* left by a stripped build: "*" */
		memcpy(word, w, wl);
		/* the next word, and where its version would start */
		for (nx = q, ne = q; ne < be && *ne != ' '; ne++)
			;
		for (m = 0; nx + m < ne && (nx[m] == 'v' || nx[m] == '=');)
			m++;
		gtlt = (wl == 1 && strchr("<>=", *w)) ||
		       (wl == 2 && strchr("<>", *w) && w[1] == '=');
		lone = (wl == 1 && (*w == '~' || *w == '^')) ||
		       (wl == 2 && *w == '~' && w[1] == '>');
		if (nx < be && ((gtlt && nx + m < ne &&
				 is_ver_start((unsigned char)nx[m])) || lone)) {
			memcpy(word + wl, nx, (size_t)(ne - nx));
			wl += (size_t)(ne - nx);
			q = ne < be ? ne + 1 : ne;
		}
		if (test_word(&st, word, word + wl, why) < 0)
			return -1;
	}
decide:
	st.all_ok = st.all_ok && (span_empty(v->pre) || st.pre_allowed);
	*out = st;
	return 0;
}

/*
 * The union, with Range's constructor rules: when there are several sets,
 * null sets ("<0.0.0-0") are dropped, and if a set that is only "*"
 * remains beside others, the whole range becomes "*" — which no
 * prerelease satisfies, even one another set would have allowed.
 */
int vuln_semver_range_satisfies(const char *range, const char *version,
				bool *yes, sg_error *err)
{
	const char *p = range, *e, *why = NULL;
	struct sv v;
	bool any = false, star = false;
	size_t sets = 0, live = 0;

	*yes = false;
	if (parse_version(version, &v, &why) < 0)
		return sg_error_set(err, SG_EINVALID, NULL, 0, 0,
				    "invalid semver version '%s': %s",
				    version, why);
	if (strlen(range) > VULN_VERSION_MAX)
		return sg_error_set(err, SG_EINVALID, NULL, 0, 0,
				    "npm range longer than %d bytes",
				    VULN_VERSION_MAX);
	for (;;) {
		struct set_state st;

		e = strstr(p, "||");
		if (!e)
			e = p + strlen(p);
		if (test_set(p, e, &v, &st, &why) < 0)
			return sg_error_set(err, SG_EINVALID, NULL, 0, 0,
					    "invalid npm range '%s': %s",
					    range, why);
		sets++;
		if (!st.null_set) {
			live++;
			star = star || st.only_any;
		}
		any = any || st.all_ok;
		if (!*e)
			break;
		p = e + 2;
	}
	if (sets > 1 && live > 1 && star)
		any = span_empty(v.pre);
	*yes = any;
	return 0;
}
