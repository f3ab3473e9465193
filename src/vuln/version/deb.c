/*
 * deb.c: Debian version ordering, exactly as dpkg does it.
 *
 * Grammar and checks follow dpkg 1.21's parseversion() (lib/dpkg/
 * parsehelp.c); ordering follows verrevcmp() (lib/dpkg/version.c):
 * epoch numerically, then upstream, then revision, each compared as
 * alternating non-digit and digit runs.  In a non-digit run '~' sorts before
 * everything (even the end of the string), then the end, then letters, then
 * every other character.  A missing revision compares like an empty one, so
 * "1.0" equals "1.0-0".
 *
 * dpkg only warns about a version that does not start with a digit or that
 * holds a character outside its alphabet, and still compares it; here those
 * are invalid, because a string dpkg itself calls bad syntax is no basis for
 * a vulnerability verdict.
 */
#include "util/compat.h"
#include "vuln/version/version.h"

struct deb_version {
	long epoch;
	const char *up, *up_end;        /* upstream version */
	const char *rev, *rev_end;      /* revision; empty when absent */
};

static bool is_blank(int c)
{
	return c == ' ' || c == '\t';
}

static int parse(const char *s, struct deb_version *out, const char **why)
{
	const char *end, *p, *colon, *hyphen = NULL;
	long epoch = 0;

	while (*s && is_blank((unsigned char)*s))
		s++;
	if (!*s)
		return *why = "version string is empty", -1;
	for (end = s; *end && !is_blank((unsigned char)*end); end++)
		;
	for (p = end; *p && is_blank((unsigned char)*p); p++)
		;
	if (*p)
		return *why = "version string has embedded spaces", -1;

	colon = memchr(s, ':', (size_t)(end - s));
	if (colon) {
		/* strtol() rules: an optional sign, then digits */
		bool neg = false;

		p = s;
		if (*p == '+' || *p == '-')
			neg = *p++ == '-';
		if (!sg_isdigit((unsigned char)*p))
			return *why = "epoch in version is empty", -1;
		for (; sg_isdigit((unsigned char)*p); p++) {
			if (epoch <= INT_MAX)
				epoch = epoch * 10 + (*p - '0');
		}
		if (p != colon)
			return *why = "epoch in version is not number", -1;
		if (neg && epoch != 0)
			return *why = "epoch in version is negative", -1;
		if (epoch > INT_MAX)
			return *why = "epoch in version is too big", -1;
		s = colon + 1;
		if (s == end)
			return *why = "nothing after colon in version number",
			       -1;
	}
	for (p = s; p < end; p++)
		if (*p == '-')
			hyphen = p;
	out->epoch = epoch;
	out->up = s;
	out->up_end = hyphen ? hyphen : end;
	out->rev = hyphen ? hyphen + 1 : end;
	out->rev_end = end;
	if (hyphen && hyphen + 1 == end)
		return *why = "revision number is empty", -1;
	if (out->up == out->up_end)
		return *why = "version number is empty", -1;
	if (!sg_isdigit((unsigned char)*out->up))
		return *why = "version number does not start with digit", -1;
	for (p = out->up; p < out->up_end; p++)
		if (!sg_isalnum((unsigned char)*p) && !strchr(".-+~:", *p))
			return *why = "invalid character in version number",
			       -1;
	for (p = out->rev; p < out->rev_end; p++)
		if (!sg_isalnum((unsigned char)*p) && !strchr(".+~", *p))
			return *why = "invalid character in revision number",
			       -1;
	return 0;
}

/* dpkg's order(): '~' < end of string < letters < everything else. */
static int order(int c)
{
	if (sg_isdigit(c))
		return 0;
	if (sg_isalpha(c))
		return c;
	if (c == '~')
		return -1;
	if (c)
		return c + 256;
	return 0;
}

/* verrevcmp() over [a, ae) and [b, be); the end reads as NUL. */
static int verrevcmp(const char *a, const char *ae, const char *b,
		     const char *be)
{
#define AT(p, e) ((p) < (e) ? (unsigned char)*(p) : 0)
	while (a < ae || b < be) {
		int first_diff = 0;

		while ((a < ae && !sg_isdigit(AT(a, ae))) ||
		       (b < be && !sg_isdigit(AT(b, be)))) {
			int ac = order(AT(a, ae));
			int bc = order(AT(b, be));

			if (ac != bc)
				return ac - bc;
			a++;
			b++;
		}
		while (AT(a, ae) == '0')
			a++;
		while (AT(b, be) == '0')
			b++;
		while (sg_isdigit(AT(a, ae)) && sg_isdigit(AT(b, be))) {
			if (!first_diff)
				first_diff = AT(a, ae) - AT(b, be);
			a++;
			b++;
		}
		if (sg_isdigit(AT(a, ae)))
			return 1;
		if (sg_isdigit(AT(b, be)))
			return -1;
		if (first_diff)
			return first_diff;
	}
	return 0;
#undef AT
}

static int deb_validate(const char *v, const char **why)
{
	struct deb_version d;

	return parse(v, &d, why);
}

static int deb_compare(const char *a, const char *b)
{
	struct deb_version x, y;
	const char *why;
	int rc;

	if (parse(a, &x, &why) < 0 || parse(b, &y, &why) < 0)
		return strcmp(a, b); /* unreachable through the API */
	if (x.epoch != y.epoch)
		return x.epoch < y.epoch ? -1 : 1;
	rc = verrevcmp(x.up, x.up_end, y.up, y.up_end);
	if (rc)
		return rc;
	return verrevcmp(x.rev, x.rev_end, y.rev, y.rev_end);
}

const struct vuln_scheme vuln_scheme_deb = {
	.name = "deb",
	.title = "dpkg",
	.validate = deb_validate,
	.compare = deb_compare,
};
