/*
 * rpm.c: RPM version ordering, exactly as rpm 4.18's rpm.vercmp() does it.
 *
 * An EVR splits like rpmver.c parseEVR(): leading digits followed by ':' are
 * the epoch (missing = 0), the text after the last '-' is the release.  Each
 * part is compared with rpmvercmp() (rpmio/rpmvercmp.c): runs of characters
 * that are not alphanumeric, '~' or '^' only separate segments ("2_0" ==
 * "2.0"); '~' sorts before anything, even the end ("1.0~rc1" < "1.0"); '^'
 * sorts after the end but before any further segment ("1.0^git1" > "1.0",
 * "1.0^git1" < "1.0.1"); a numeric segment beats an alphabetic one; numbers
 * compare without leading zeros and the longer number wins; letters compare
 * with strcmp().  A version without a release sorts before the same version
 * with one (rpmverCmp(): "1.0" < "1.0-1").
 *
 * rpm accepts any bytes; here a version must be non-empty printable ASCII
 * without spaces and must have a non-empty version part (and release, when a
 * '-' is present), so that garbage is reported instead of ordered.
 */
#include "util/compat.h"
#include "vuln/version/version.h"

struct span {
	const char *p, *e;
};

struct rpm_evr {
	struct span epoch;      /* empty when absent: compares as "0" */
	struct span version;
	struct span release;    /* p == NULL: absent */
};

static void split(const char *s, struct rpm_evr *out)
{
	const char *end = s + strlen(s), *p = s, *dash = NULL, *q;

	while (sg_isdigit((unsigned char)*p))
		p++;
	for (q = p; *q; q++)
		if (*q == '-')
			dash = q;
	if (*p == ':') {
		out->epoch.p = s;       /* ":1.0" has epoch "" = 0 */
		out->epoch.e = p;
		out->version.p = p + 1;
	} else {
		out->epoch.p = out->epoch.e = s;
		out->version.p = s;
	}
	out->version.e = dash ? dash : end;
	if (dash) {
		out->release.p = dash + 1;
		out->release.e = end;
	} else {
		out->release.p = out->release.e = NULL;
	}
}

static int rpm_validate(const char *v, const char **why)
{
	struct rpm_evr evr;
	const char *p;

	if (!*v)
		return *why = "version string is empty", -1;
	for (p = v; *p; p++)
		if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7f)
			return *why = "space, control or non-ascii character",
			       -1;
	split(v, &evr);
	if (evr.version.p == evr.version.e)
		return *why = "version part is empty", -1;
	if (evr.release.p && evr.release.p == evr.release.e)
		return *why = "release part is empty", -1;
	return 0;
}

static bool is_sep(const char *p, const char *e)
{
	return p < e && !sg_isalnum((unsigned char)*p) && *p != '~' &&
	       *p != '^';
}

/* rpmvercmp() over two spans; the end of a span reads as NUL. */
static int vercmp(struct span a, struct span b)
{
	const char *one = a.p, *two = b.p;

#define C(p, e) ((p) < (e) ? *(p) : '\0')
	if (a.e - a.p == b.e - b.p && !memcmp(a.p, b.p, (size_t)(a.e - a.p)))
		return 0;
	while (one < a.e || two < b.e) {
		const char *s1, *s2;
		size_t l1, l2;
		bool isnum;
		int rc;

		while (is_sep(one, a.e))
			one++;
		while (is_sep(two, b.e))
			two++;
		/* tilde sorts before everything else */
		if (C(one, a.e) == '~' || C(two, b.e) == '~') {
			if (C(one, a.e) != '~')
				return 1;
			if (C(two, b.e) != '~')
				return -1;
			one++;
			two++;
			continue;
		}
		/* caret: like tilde, except that the end sorts lower */
		if (C(one, a.e) == '^' || C(two, b.e) == '^') {
			if (one >= a.e)
				return -1;
			if (two >= b.e)
				return 1;
			if (*one != '^')
				return 1;
			if (*two != '^')
				return -1;
			one++;
			two++;
			continue;
		}
		if (one >= a.e || two >= b.e)
			break;
		s1 = one;
		s2 = two;
		if (sg_isdigit((unsigned char)*s1)) {
			while (s1 < a.e && sg_isdigit((unsigned char)*s1))
				s1++;
			while (s2 < b.e && sg_isdigit((unsigned char)*s2))
				s2++;
			isnum = true;
		} else {
			while (s1 < a.e && sg_isalpha((unsigned char)*s1))
				s1++;
			while (s2 < b.e && sg_isalpha((unsigned char)*s2))
				s2++;
			isnum = false;
		}
		/* a numeric segment is newer than an alphabetic one */
		if (two == s2)
			return isnum ? 1 : -1;
		if (isnum) {
			while (one < s1 && *one == '0')
				one++;
			while (two < s2 && *two == '0')
				two++;
			if (s1 - one != s2 - two)
				return s1 - one > s2 - two ? 1 : -1;
		}
		l1 = (size_t)(s1 - one);
		l2 = (size_t)(s2 - two);
		rc = memcmp(one, two, SG_MIN(l1, l2));
		if (!rc && l1 != l2)
			rc = l1 < l2 ? -1 : 1;
		if (rc)
			return rc < 0 ? -1 : 1;
		one = s1;
		two = s2;
	}
	if (one >= a.e && two >= b.e)
		return 0;
	return one >= a.e ? -1 : 1;
#undef C
}

/* rpmverCmp()'s compare_values(): an absent part sorts first. */
static int part_cmp(struct span a, struct span b)
{
	if (!a.p && !b.p)
		return 0;
	if (!b.p)
		return 1;
	if (!a.p)
		return -1;
	return vercmp(a, b);
}

static int rpm_compare(const char *a, const char *b)
{
	static const char zero[] = "0";
	struct rpm_evr x, y;
	struct span ze = { zero, zero + 1 };
	int rc;

	split(a, &x);
	split(b, &y);
	rc = vercmp(x.epoch.e > x.epoch.p ? x.epoch : ze,
		    y.epoch.e > y.epoch.p ? y.epoch : ze);
	if (!rc)
		rc = part_cmp(x.version, y.version);
	if (!rc)
		rc = part_cmp(x.release, y.release);
	return rc;
}

const struct vuln_scheme vuln_scheme_rpm = {
	.name = "rpm",
	.title = "rpm",
	.validate = rpm_validate,
	.compare = rpm_compare,
};
