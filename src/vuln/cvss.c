/*
 * cvss.c: CVSS v2 and v3.x base scores from a vector string, so advisories
 * that carry only a vector (most OSV records) still get a severity.
 *
 * Formulas and weights: FIRST CVSS v3.1 specification §7.1 and Appendix A
 * (Roundup), CVSS v2 guide §3.2.1.  v3.0 vectors use the same weights; only
 * the rounding differed, and v3.1's Roundup is the one NVD applies to both.
 * CVSS v4 scores come from a table of macro vectors, not a formula: cvss4.c.
 */
#include "util/compat.h"
#include <math.h>
#include "vuln/cvss.h"

/* Value of metric `key` ("AV") in "CVSS:3.1/AV:N/..." or "AV:N/...". */
static char metric(const char *vec, const char *key)
{
	size_t kl = strlen(key);
	const char *p = vec;

	while (p && *p) {
		if (!strncmp(p, key, kl) && p[kl] == ':' && p[kl + 1] &&
		    (p[kl + 2] == '/' || p[kl + 2] == '\0' ||
		     p[kl + 2] == ')'))
			return p[kl + 1];
		p = strchr(p, '/');
		if (p)
			p++;
	}
	return 0;
}

static double roundup(double x)
{
	long long i = llround(x * 100000.0);

	if (i % 10000 == 0)
		return (double)i / 100000.0;
	return (floor((double)i / 10000.0) + 1.0) / 10.0;
}

static int v3(const char *vec, double *out)
{
	char av = metric(vec, "AV"), ac = metric(vec, "AC");
	char pr = metric(vec, "PR"), ui = metric(vec, "UI");
	char s = metric(vec, "S"), c = metric(vec, "C");
	char i = metric(vec, "I"), a = metric(vec, "A");
	double wav, wac, wpr, wui, wc, wi, wa, iss, impact, expl;
	bool changed = s == 'C';

#define CIA(x, w) (x == 'H' ? (w = 0.56, 0) : x == 'L' ? (w = 0.22, 0) : \
		   x == 'N' ? (w = 0.0, 0) : -1)
	if (s != 'U' && s != 'C')
		return -1;
	wav = av == 'N' ? 0.85 : av == 'A' ? 0.62 : av == 'L' ? 0.55 :
	      av == 'P' ? 0.2 : -1;
	wac = ac == 'L' ? 0.77 : ac == 'H' ? 0.44 : -1;
	wpr = pr == 'N' ? 0.85 : pr == 'L' ? (changed ? 0.68 : 0.62) :
	      pr == 'H' ? (changed ? 0.5 : 0.27) : -1;
	wui = ui == 'N' ? 0.85 : ui == 'R' ? 0.62 : -1;
	if (wav < 0 || wac < 0 || wpr < 0 || wui < 0 || CIA(c, wc) ||
	    CIA(i, wi) || CIA(a, wa))
		return -1;
#undef CIA
	iss = 1.0 - (1.0 - wc) * (1.0 - wi) * (1.0 - wa);
	impact = changed ? 7.52 * (iss - 0.029) - 3.25 * pow(iss - 0.02, 15)
			 : 6.42 * iss;
	expl = 8.22 * wav * wac * wpr * wui;
	if (impact <= 0)
		*out = 0.0;
	else if (changed)
		*out = roundup(fmin(1.08 * (impact + expl), 10.0));
	else
		*out = roundup(fmin(impact + expl, 10.0));
	return 0;
}

static int v2(const char *vec, double *out)
{
	char av = metric(vec, "AV"), ac = metric(vec, "AC");
	char au = metric(vec, "Au"), c = metric(vec, "C");
	char i = metric(vec, "I"), a = metric(vec, "A");
	double wav, wac, wau, wc, wi, wa, impact, expl, f;

#define CIA(x) (x == 'N' ? 0.0 : x == 'P' ? 0.275 : x == 'C' ? 0.660 : -1)
	wav = av == 'L' ? 0.395 : av == 'A' ? 0.646 : av == 'N' ? 1.0 : -1;
	wac = ac == 'H' ? 0.35 : ac == 'M' ? 0.61 : ac == 'L' ? 0.71 : -1;
	wau = au == 'M' ? 0.45 : au == 'S' ? 0.56 : au == 'N' ? 0.704 : -1;
	wc = CIA(c);
	wi = CIA(i);
	wa = CIA(a);
#undef CIA
	if (wav < 0 || wac < 0 || wau < 0 || wc < 0 || wi < 0 || wa < 0)
		return -1;
	impact = 10.41 * (1.0 - (1.0 - wc) * (1.0 - wi) * (1.0 - wa));
	expl = 20.0 * wav * wac * wau;
	f = impact == 0.0 ? 0.0 : 1.176;
	*out = round((0.6 * impact + 0.4 * expl - 1.5) * f * 10.0) / 10.0;
	if (*out < 0)
		*out = 0.0;
	return 0;
}

int vuln_cvss_score(const char *vector, double *score)
{
	*score = 0.0;
	if (!vector)
		return -1;
	if (sg_startswith(vector, "CVSS:3.0/") ||
	    sg_startswith(vector, "CVSS:3.1/"))
		return v3(vector + 9, score);
	if (sg_startswith(vector, "CVSS:4.0/"))
		return vuln_cvss4_score(vector + 9, score);
	if (sg_startswith(vector, "CVSS:"))
		return -1;              /* anything newer */
	if (sg_startswith(vector, "(AV:"))
		vector++;               /* NVD writes v2 vectors in parentheses */
	return v2(vector, score);
}

sg_severity vuln_severity_from_score(double score)
{
	if (score >= 9.0)
		return SG_SEVERITY_CRITICAL;
	if (score >= 7.0)
		return SG_SEVERITY_HIGH;
	if (score >= 4.0)
		return SG_SEVERITY_MEDIUM;
	if (score > 0.0)
		return SG_SEVERITY_LOW;
	return SG_SEVERITY_NONE;
}

sg_severity vuln_severity_from_cvss(const char *vector, double score)
{
	/* CVSS v2 (NVD) has three bands: 7.0-10.0 is high, never critical */
	if (vector && !sg_startswith(vector, "CVSS:") &&
	    vuln_severity_from_score(score) == SG_SEVERITY_CRITICAL)
		return SG_SEVERITY_HIGH;
	return vuln_severity_from_score(score);
}

sg_severity vuln_severity_from_word(const char *w)
{
	static const struct { const char *word; sg_severity sev; } map[] = {
		{ "critical", SG_SEVERITY_CRITICAL },
		{ "high", SG_SEVERITY_HIGH },
		{ "important", SG_SEVERITY_HIGH },      /* Red Hat */
		{ "medium", SG_SEVERITY_MEDIUM },
		{ "moderate", SG_SEVERITY_MEDIUM },     /* GHSA, Red Hat */
		{ "low", SG_SEVERITY_LOW },
		{ "negligible", SG_SEVERITY_LOW },      /* Ubuntu */
		{ "unimportant", SG_SEVERITY_LOW },     /* Debian */
	};
	size_t i, n;

	if (!w)
		return SG_SEVERITY_NONE;
	for (i = 0; i < SG_ARRAY_SIZE(map); i++) {
		/* Debian urgencies carry markers: "high**", "low*" */
		n = strlen(map[i].word);
		if (!sg_strncasecmp(w, map[i].word, n) &&
		    (w[n] == '\0' || w[n] == '*'))
			return map[i].sev;
	}
	return SG_SEVERITY_NONE;
}
