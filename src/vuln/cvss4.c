/*
 * cvss4.c: CVSS v4.0 base (and threat, environmental) scores.
 *
 * v4 has no formula: a vector falls in one of 270 "macro vectors" (six
 * equivalence classes, EQ1-EQ6), each with a score FIRST's experts set,
 * and the score is lowered within the macro vector by how far the vector
 * lies from the class's most severe vectors.  The table, the most severe
 * vectors and their depths are those of FIRST's reference calculator
 * (github.com/FIRSTdotorg/cvss-v4-calculator, cvss_lookup.js,
 * max_composed.js, max_severity.js; the specification §8); the steps
 * follow its cvss_score.js.  Supplemental metrics do not score.
 */
#include "util/compat.h"
#include <math.h>
#include "vuln/cvss.h"

/* The metrics that score, by index into val[] and order[]. */
enum { AV, AC, AT, PR, UI, VC, VI, VA, SC, SI, SA, E, CR, IR, AR, NMET };

struct metric_def {
	const char *key;
	const char *levels;     /* base (and threat/env.) values, severe first */
	int real;               /* the metric it modifies (M…), else -1 */
};

/*
 * Every metric a v4 vector may carry.  X (not defined) is accepted for all
 * but the base metrics; S (safety) only for MSI and MSA.  The supplemental
 * metrics are read to be validated and otherwise ignored; U's values are
 * words and are checked apart.
 */
static const struct metric_def defs[] = {
	{ "AV", "NALP", -1 }, { "AC", "LH", -1 }, { "AT", "NP", -1 },
	{ "PR", "NLH", -1 }, { "UI", "NPA", -1 }, { "VC", "HLN", -1 },
	{ "VI", "HLN", -1 }, { "VA", "HLN", -1 }, { "SC", "HLN", -1 },
	{ "SI", "HLN", -1 }, { "SA", "HLN", -1 }, { "E", "XAPU", -1 },
	{ "CR", "XHML", -1 }, { "IR", "XHML", -1 }, { "AR", "XHML", -1 },
	{ "MAV", "XNALP", AV }, { "MAC", "XLH", AC }, { "MAT", "XNP", AT },
	{ "MPR", "XNLH", PR }, { "MUI", "XNPA", UI }, { "MVC", "XHLN", VC },
	{ "MVI", "XHLN", VI }, { "MVA", "XHLN", VA }, { "MSC", "XHLN", SC },
	{ "MSI", "XSHLN", SI }, { "MSA", "XSHLN", SA },
	{ "S", "XNP", -1 }, { "AU", "XNY", -1 }, { "R", "XAUI", -1 },
	{ "V", "XDC", -1 }, { "RE", "XLMH", -1 },
};

/* Each scoring metric's levels, most severe first (a distance counts
 * steps down this list): SI and SA rank S(afety) above H. */
static const char *const order[NMET] = {
	"NALP", "LH", "NP", "NLH", "NPA", "HLN", "HLN", "HLN", "HLN", "SHLN",
	"SHLN", "APU", "HML", "HML", "HML",
};

static const signed char mv_score[3][2][3][3][3][2] = {
	{
		{
			/* 000 */ { { { 100, 99 }, { 98, 95 }, { 95, 92 } },
				  { { 100, 96 }, { 93, 87 }, { 91, 81 } },
				  { { 93, 90 }, { 89, 80 }, { 81, 68 } } },
			/* 001 */ { { { 98, 95 }, { 95, 92 }, { 90, 84 } },
				  { { 93, 92 }, { 89, 81 }, { 81, 65 } },
				  { { 88, 80 }, { 78, 70 }, { 69, 48 } } },
			/* 002 */ { { { -1, 92 }, { -1, 82 }, { -1, 72 } },
				  { { -1, 79 }, { -1, 69 }, { -1, 50 } },
				  { { -1, 69 }, { -1, 55 }, { -1, 27 } } },
		},
		{
			/* 010 */ { { { 99, 97 }, { 95, 92 }, { 92, 85 } },
				  { { 95, 91 }, { 90, 83 }, { 84, 71 } },
				  { { 92, 81 }, { 82, 71 }, { 72, 53 } } },
			/* 011 */ { { { 95, 93 }, { 92, 85 }, { 85, 73 } },
				  { { 92, 82 }, { 80, 72 }, { 70, 59 } },
				  { { 84, 70 }, { 71, 52 }, { 50, 30 } } },
			/* 012 */ { { { -1, 86 }, { -1, 75 }, { -1, 52 } },
				  { { -1, 71 }, { -1, 52 }, { -1, 29 } },
				  { { -1, 63 }, { -1, 29 }, { -1, 17 } } },
		},
	},
	{
		{
			/* 100 */ { { { 98, 95 }, { 94, 87 }, { 91, 81 } },
				  { { 94, 89 }, { 86, 74 }, { 77, 64 } },
				  { { 87, 75 }, { 74, 63 }, { 63, 49 } } },
			/* 101 */ { { { 94, 89 }, { 88, 77 }, { 76, 67 } },
				  { { 86, 76 }, { 74, 58 }, { 59, 50 } },
				  { { 72, 57 }, { 57, 52 }, { 52, 25 } } },
			/* 102 */ { { { -1, 83 }, { -1, 70 }, { -1, 54 } },
				  { { -1, 65 }, { -1, 58 }, { -1, 26 } },
				  { { -1, 53 }, { -1, 21 }, { -1, 13 } } },
		},
		{
			/* 110 */ { { { 95, 90 }, { 88, 76 }, { 76, 70 } },
				  { { 90, 77 }, { 75, 62 }, { 61, 53 } },
				  { { 77, 66 }, { 68, 59 }, { 52, 30 } } },
			/* 111 */ { { { 89, 78 }, { 76, 67 }, { 62, 58 } },
				  { { 74, 59 }, { 57, 57 }, { 47, 23 } },
				  { { 61, 52 }, { 57, 29 }, { 24, 16 } } },
			/* 112 */ { { { -1, 71 }, { -1, 59 }, { -1, 30 } },
				  { { -1, 58 }, { -1, 26 }, { -1, 15 } },
				  { { -1, 23 }, { -1, 13 }, { -1, 6 } } },
		},
	},
	{
		{
			/* 200 */ { { { 93, 87 }, { 86, 72 }, { 75, 58 } },
				  { { 86, 74 }, { 74, 61 }, { 56, 34 } },
				  { { 70, 54 }, { 52, 40 }, { 40, 22 } } },
			/* 201 */ { { { 85, 75 }, { 74, 55 }, { 62, 51 } },
				  { { 72, 57 }, { 55, 41 }, { 46, 19 } },
				  { { 53, 36 }, { 34, 19 }, { 19, 8 } } },
			/* 202 */ { { { -1, 64 }, { -1, 51 }, { -1, 20 } },
				  { { -1, 47 }, { -1, 21 }, { -1, 11 } },
				  { { -1, 24 }, { -1, 9 }, { -1, 4 } } },
		},
		{
			/* 210 */ { { { 88, 75 }, { 73, 53 }, { 60, 50 } },
				  { { 73, 55 }, { 59, 40 }, { 41, 20 } },
				  { { 54, 43 }, { 45, 22 }, { 20, 11 } } },
			/* 211 */ { { { 75, 55 }, { 58, 45 }, { 40, 21 } },
				  { { 61, 51 }, { 48, 18 }, { 20, 9 } },
				  { { 46, 18 }, { 17, 7 }, { 8, 2 } } },
			/* 212 */ { { { -1, 53 }, { -1, 24 }, { -1, 14 } },
				  { { -1, 24 }, { -1, 12 }, { -1, 5 } },
				  { { -1, 10 }, { -1, 3 }, { -1, 1 } } },
		},
	},
};

/*
 * The most severe vectors of each class level, as metric letters in the
 * order of their metrics (max_composed.js); a vector's distance is taken
 * to the first of their combinations it is not more severe than.
 */
static const char *const eq1_max[3][3] = {   /* AV PR UI */
	{ "NNN" }, { "ANN", "NLN", "NNP" }, { "PNN", "ALP" },
};
static const char *const eq2_max[2][2] = {   /* AC AT */
	{ "LN" }, { "HN", "LP" },
};
static const char *const eq36_max[3][2][5] = {   /* VC VI VA CR IR AR */
	{ { "HHHHHH" }, { "HHLMMH", "HHHMMM" } },
	{ { "LHHHHH", "HLHHHH" },
	  { "LHLHMH", "LHHHMM", "HLHMHM", "HLLMHH", "LLHHHM" } },
	{ { NULL }, { "LLLHHH" } },
};
static const char *const eq4_max[3] = { "HSS", "HHH", "LLL" };  /* SC SI SA */

/* Depth of each class level (max_severity.js), the distance's scale. */
static const int eq1_depth[3] = { 1, 4, 5 };
static const int eq2_depth[2] = { 1, 2 };
static const int eq36_depth[3][2] = { { 7, 6 }, { 8, 8 }, { 0, 10 } };
static const int eq4_depth[3] = { 6, 5, 4 };

static int level(int m, char v)
{
	const char *p = strchr(order[m], v);

	return p && v ? (int)(p - order[m]) : -1;
}

/* Parse "AV:N/AC:L/..." into the effective level letter of each metric:
 * a modified metric wins over its base metric, X defaults as the
 * specification says (E to A, CR/IR/AR to H).  -1 for an invalid vector. */
static int parse(const char *vec, char val[NMET])
{
	char seen[SG_ARRAY_SIZE(defs)] = { 0 };
	char mod[NMET] = { 0 };
	const char *p = vec;
	size_t i;
	int m;

	memset(val, 0, NMET);
	while (*p) {
		const char *colon = strchr(p, ':'), *end = strchr(p, '/');
		size_t klen, vlen;

		if (!end)
			end = p + strlen(p);
		if (!colon || colon > end)
			return -1;
		klen = (size_t)(colon - p);
		vlen = (size_t)(end - colon - 1);
		if (klen == 1 && *p == 'U') {   /* Provider Urgency: words */
			if (!((vlen == 1 && colon[1] == 'X') ||
			      (vlen == 5 && !strncmp(colon + 1, "Clear", 5)) ||
			      (vlen == 5 && !strncmp(colon + 1, "Green", 5)) ||
			      (vlen == 5 && !strncmp(colon + 1, "Amber", 5)) ||
			      (vlen == 3 && !strncmp(colon + 1, "Red", 3))))
				return -1;
		} else {
			for (i = 0; i < SG_ARRAY_SIZE(defs); i++)
				if (strlen(defs[i].key) == klen &&
				    !strncmp(defs[i].key, p, klen))
					break;
			if (i == SG_ARRAY_SIZE(defs) || vlen != 1 ||
			    !strchr(defs[i].levels, colon[1]) || seen[i]++)
				return -1;
			if (defs[i].real >= 0)
				mod[defs[i].real] = colon[1] == 'X' ? 0 : colon[1];
			else if (i < NMET)
				val[i] = colon[1];
		}
		if (*end && !end[1])
			return -1;      /* a trailing slash */
		p = *end ? end + 1 : end;
	}
	for (m = 0; m < NMET; m++) {
		if (mod[m])
			val[m] = mod[m];
		if (!val[m] && m < E)
			return -1;      /* a base metric is missing */
		if (!val[m] || val[m] == 'X')
			val[m] = m == E ? 'A' : 'H';
	}
	return 0;
}

/* Sum of the distances of the metrics `mets` to `max`'s letters (one
 * per metric); -1 when the vector is more severe than `max` in one. */
static int distance(const char *val, const int *mets, size_t n,
		    const char *max)
{
	int sum = 0, d;
	size_t i;

	for (i = 0; i < n; i++) {
		d = level(mets[i], val[mets[i]]) - level(mets[i], max[i]);
		if (d < 0)
			return -1;
		sum += d;
	}
	return sum;
}

static double mv(int e1, int e2, int e3, int e4, int e5, int e6)
{
	return mv_score[e1][e2][e3][e4][e5][e6] / 10.0;
}

int vuln_cvss4_score(const char *vec, double *out)
{
	static const int m1[] = { AV, PR, UI }, m2[] = { AC, AT };
	static const int m36[] = { VC, VI, VA, CR, IR, AR };
	static const int m4[] = { SC, SI, SA };
	char v[NMET];
	int e1, e2, e3, e4, e5, e6, d1 = 0, d2 = 0, d36 = 0, d4 = 0, lower = 0;
	size_t a, b, c;
	double top, next, sum = 0.0;
	bool found = false;

	*out = 0.0;
	if (parse(vec, v) < 0)
		return -1;
	if (v[VC] == 'N' && v[VI] == 'N' && v[VA] == 'N' && v[SC] == 'N' &&
	    v[SI] == 'N' && v[SA] == 'N')
		return 0;       /* no impact at all */
	e1 = v[AV] == 'N' && v[PR] == 'N' && v[UI] == 'N' ? 0
	     : (v[AV] == 'N' || v[PR] == 'N' || v[UI] == 'N') && v[AV] != 'P'
	     ? 1 : 2;
	e2 = v[AC] == 'L' && v[AT] == 'N' ? 0 : 1;
	e3 = v[VC] == 'H' && v[VI] == 'H' ? 0
	     : v[VC] == 'H' || v[VI] == 'H' || v[VA] == 'H' ? 1 : 2;
	e4 = v[SI] == 'S' || v[SA] == 'S' ? 0
	     : v[SC] == 'H' || v[SI] == 'H' || v[SA] == 'H' ? 1 : 2;
	e5 = v[E] == 'A' ? 0 : v[E] == 'P' ? 1 : 2;
	e6 = (v[CR] == 'H' && v[VC] == 'H') || (v[IR] == 'H' && v[VI] == 'H') ||
	     (v[AR] == 'H' && v[VA] == 'H') ? 0 : 1;
	top = mv(e1, e2, e3, e4, e5, e6);

	/* the distance to the first most severe vector not below this one */
	for (a = 0; !found && a < 3 && eq1_max[e1][a]; a++)
		for (b = 0; !found && b < 2 && eq2_max[e2][b]; b++)
			for (c = 0; !found && c < 5 && eq36_max[e3][e6][c];
			     c++) {
				d1 = distance(v, m1, 3, eq1_max[e1][a]);
				d2 = distance(v, m2, 2, eq2_max[e2][b]);
				d36 = distance(v, m36, 6, eq36_max[e3][e6][c]);
				d4 = distance(v, m4, 3, eq4_max[e4]);
				found = d1 >= 0 && d2 >= 0 && d36 >= 0 &&
					d4 >= 0;
			}
	if (!found)
		d1 = d2 = d36 = d4 = 0;

	/* each class's step down to its next lower macro vector, scaled by
	 * how far into this one the vector lies; the mean of those steps */
#define STEP(cond, lowered, dist, depth)                                     \
	do {                                                                 \
		if (cond) {                                                  \
			next = (lowered);                                    \
			sum += fabs(top - next) * (dist) / (depth);          \
			lower++;                                             \
		}                                                            \
	} while (0)
	STEP(e1 < 2, mv(e1 + 1, e2, e3, e4, e5, e6), d1, eq1_depth[e1]);
	STEP(e2 < 1, mv(e1, e2 + 1, e3, e4, e5, e6), d2, eq2_depth[e2]);
	STEP(e4 < 2, mv(e1, e2, e3, e4 + 1, e5, e6), d4, eq4_depth[e4]);
	/* EQ5 has one most severe value per level: its distance is 0 */
	STEP(e5 < 2, mv(e1, e2, e3, e4, e5 + 1, e6), 0, 1);
	/* EQ3 and EQ6 step together: 2-0 is no macro vector */
	STEP(e3 == 0 && e6 == 0,
	     fmax(mv(e1, e2, 1, e4, e5, 0), mv(e1, e2, 0, e4, e5, 1)), d36,
	     eq36_depth[e3][e6]);
	STEP(e3 < 2 && e6 == 1, mv(e1, e2, e3 + 1, e4, e5, 1), d36,
	     eq36_depth[e3][e6]);
	STEP(e3 == 1 && e6 == 0, mv(e1, e2, 1, e4, e5, 1), d36,
	     eq36_depth[e3][e6]);
#undef STEP
	if (lower)
		top -= sum / lower;
	top = fmax(0.0, fmin(10.0, top));
	*out = floor(top * 10.0 + 0.5 + 1e-9) / 10.0;
	return 0;
}
