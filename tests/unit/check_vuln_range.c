/*
 * check_vuln_range.c: OSV affected[] evaluation, table-driven: the schema's
 * own examples (docs/schema.md "Evaluation", "Examples"), each event kind,
 * multi-range folding, versions[] lists, GIT ranges, and malformed ranges.
 */
#include "util/compat.h"
#include "helpers.h"
#include "vuln/range.h"

#define I(v) { VULN_EVENT_INTRODUCED, v }
#define F(v) { VULN_EVENT_FIXED, v }
#define L(v) { VULN_EVENT_LAST_AFFECTED, v }
#define LIM(v) { VULN_EVENT_LIMIT, v }
#define MAXEV 6

struct rcase {
	const char *name;
	const char *eco;
	enum vuln_range_type type;
	struct vuln_event ev[MAXEV];    /* ends at the first NULL version */
	enum vuln_range_type type2;     /* second range, when ev2 is set */
	struct vuln_event ev2[MAXEV];
	const char *versions[4];
	const char *v;
	int want_rc;                    /* 0 or an SG_E* code */
	bool affected;
	enum vuln_fix fix;
	const char *fixed;              /* or last_affected for that fix */
};

#define E VULN_RANGE_ECOSYSTEM
#define S VULN_RANGE_SEMVER
#define G VULN_RANGE_GIT
#define NONE VULN_FIX_NONE
#define VER VULN_FIX_VERSION
#define LAST VULN_FIX_LAST_AFFECTED
#define UNK VULN_FIX_UNKNOWN

static const struct rcase cases[] = {
	/* schema.md: introduced 0 + fixed */
	{ "intro0-fixed below", "PyPI", E, { I("0"), F("1.0.0") }, 0, { { 0 } },
	  { 0 }, "0.9", 0, true, VER, "1.0.0" },
	{ "intro0-fixed at fix", "PyPI", E, { I("0"), F("1.0.0") }, 0, { { 0 } },
	  { 0 }, "1.0", 0, false, 0, NULL },
	{ "intro0-fixed above", "PyPI", E, { I("0"), F("1.0.0") }, 0, { { 0 } },
	  { 0 }, "1.0.1", 0, false, 0, NULL },
	/* schema.md: two disjoint intervals in one range */
	{ "two intervals, first", "npm", S,
	  { I("1.0.0"), F("1.0.2"), I("1.1.0"), F("1.1.2") }, 0, { { 0 } },
	  { 0 }, "1.0.1", 0, true, VER, "1.0.2" },
	{ "two intervals, gap", "npm", S,
	  { I("1.0.0"), F("1.0.2"), I("1.1.0"), F("1.1.2") }, 0, { { 0 } },
	  { 0 }, "1.0.5", 0, false, 0, NULL },
	{ "two intervals, second", "npm", S,
	  { I("1.0.0"), F("1.0.2"), I("1.1.0"), F("1.1.2") }, 0, { { 0 } },
	  { 0 }, "1.1.0", 0, true, VER, "1.1.2" },
	{ "two intervals, before", "npm", S,
	  { I("1.0.0"), F("1.0.2"), I("1.1.0"), F("1.1.2") }, 0, { { 0 } },
	  { 0 }, "0.9.0", 0, false, 0, NULL },
	{ "events in any order", "npm", S,
	  { F("1.1.2"), I("1.1.0"), F("1.0.2"), I("1.0.0") }, 0, { { 0 } },
	  { 0 }, "1.1.1", 0, true, VER, "1.1.2" },
	/* last_affected is inclusive */
	{ "last_affected at", "Go", S, { I("0"), L("1.0.1") }, 0, { { 0 } },
	  { 0 }, "v1.0.1", 0, true, LAST, "1.0.1" },
	{ "last_affected above", "Go", S, { I("0"), L("1.0.1") }, 0, { { 0 } },
	  { 0 }, "1.0.2", 0, false, 0, NULL },
	/* limit bounds a range from above */
	{ "limit below", "PyPI", E, { I("1.0"), LIM("2.0") }, 0, { { 0 } },
	  { 0 }, "1.5", 0, true, NONE, NULL },
	{ "limit reached", "PyPI", E, { I("1.0"), LIM("2.0") }, 0, { { 0 } },
	  { 0 }, "2.0", 0, false, 0, NULL },
	{ "limit star", "PyPI", E, { I("1.0"), LIM("*") }, 0, { { 0 } },
	  { 0 }, "99", 0, true, NONE, NULL },
	/* unfixed: nothing closes the range */
	{ "unfixed", "Debian:12", E, { I("0") }, 0, { { 0 } }, { 0 },
	  "2.36-9+deb12u10", 0, true, NONE, NULL },
	/* dpkg ordering inside a range */
	{ "debian fixed", "Debian:12", E, { I("0"), F("3.0.9-1") }, 0,
	  { { 0 } }, { 0 }, "3.0.8-1", 0, true, VER, "3.0.9-1" },
	{ "debian tilde", "Debian:12", E, { I("0"), F("3.0.11-1~deb12u1") }, 0,
	  { { 0 } }, { 0 }, "3.0.11-1~deb12u1", 0, false, 0, NULL },
	{ "debian epoch", "Debian:12", E, { I("0"), F("1:2.38.1-5+deb12u1") }, 0,
	  { { 0 } }, { 0 }, "2.39-1", 0, true, VER, "1:2.38.1-5+deb12u1" },
	/* apk quirk: 1.0_alpha1 > 1.0 */
	{ "apk quirk", "Alpine:v3.19", E, { I("0"), F("1.0") }, 0, { { 0 } },
	  { 0 }, "1.0_alpha1", 0, false, 0, NULL },
	{ "apk revision", "Alpine:v3.19", E, { I("0"), F("1.36.1-r16") }, 0,
	  { { 0 } }, { 0 }, "1.36.1-r15", 0, true, VER, "1.36.1-r16" },
	{ "rpm", "Rocky Linux:9", E, { I("0"), F("3.0.7-27.el9") }, 0,
	  { { 0 } }, { 0 }, "1:3.0.7-24.el9", 0, false, 0, NULL },
	/* introduced and fixed at the same version: empty */
	{ "empty interval", "PyPI", E, { I("1.0"), F("1.0") }, 0, { { 0 } },
	  { 0 }, "1.0", 0, false, 0, NULL },
	/* PEP 440 equality inside ranges and lists */
	{ "pep440 padding", "PyPI", E, { I("1.0"), F("1.2") }, 0, { { 0 } },
	  { 0 }, "1.0.0", 0, true, VER, "1.2" },
	{ "versions list", "PyPI", G, { I("abc") }, 0, { { 0 } },
	  { "0.9", "1.0", NULL }, "1.0.0", 0, true, UNK, NULL },
	{ "versions list miss", "PyPI", E, { I("2.0") }, 0, { { 0 } },
	  { "0.9", "1.0", NULL }, "1.1", 0, false, 0, NULL },
	{ "git only", "PyPI", G, { I("abc"), F("def") }, 0, { { 0 } }, { 0 },
	  "1.0", 0, false, 0, NULL },
	/* two ranges: the fix must leave both */
	{ "two ranges, max fix", "PyPI", E, { I("0"), F("1.5") }, E,
	  { I("1.0"), F("1.7") }, { 0 }, "1.2", 0, true, VER, "1.7" },
	{ "two ranges, one open", "PyPI", E, { I("0"), F("1.5") }, E,
	  { I("1.0") }, { 0 }, "1.2", 0, true, NONE, NULL },
	{ "two ranges, second only", "PyPI", E, { I("0"), F("1.0") }, E,
	  { I("2.0"), F("2.1") }, { 0 }, "2.0.5", 0, true, VER, "2.1" },
	/* malformed input is an error, never a verdict */
	{ "no introduced", "PyPI", E, { F("1.0") }, 0, { { 0 } }, { 0 }, "0.5",
	  SG_EINVALID, false, 0, NULL },
	{ "fixed and last_affected", "PyPI", E, { I("0"), F("1.0"), L("1.1") },
	  0, { { 0 } }, { 0 }, "0.5", SG_EINVALID, false, 0, NULL },
	{ "bad event version", "Debian:12", E, { I("0"), F("1:") }, 0, { { 0 } },
	  { 0 }, "1.0", SG_EINVALID, false, 0, NULL },
	{ "bad installed version", "npm", S, { I("0"), F("1.0.0") }, 0,
	  { { 0 } }, { 0 }, "1.0", SG_EINVALID, false, 0, NULL },
	{ "unknown ecosystem", "Maven", E, { I("0"), F("1.0") }, 0, { { 0 } },
	  { 0 }, "0.5", SG_ENOTFOUND, false, 0, NULL },
};

static size_t count_events(const struct vuln_event *ev)
{
	size_t n = 0;

	while (n < MAXEV && ev[n].version)
		n++;
	return n;
}

START_TEST(test_vuln_range_table)
{
	const struct rcase *c = &cases[_i];
	struct vuln_range r[2];
	struct vuln_affected a = { c->eco, r, 1, c->versions, 0 };
	struct vuln_match m;
	sg_error err;
	int rc;

	r[0].type = c->type;
	r[0].events = c->ev;
	r[0].nevents = count_events(c->ev);
	if (c->ev2[0].version) {
		r[1].type = c->type2;
		r[1].events = c->ev2;
		r[1].nevents = count_events(c->ev2);
		a.nranges = 2;
	}
	while (a.nversions < 4 && c->versions[a.nversions])
		a.nversions++;
	sg_error_clear(&err);
	rc = vuln_range_match(&a, c->v, &m, &err);
	ck_assert_msg(rc == c->want_rc, "%s: rc %d (%s)", c->name, rc,
		      err.message);
	if (rc) {
		ck_assert_msg(err.message[0], "%s: no message", c->name);
		ck_assert(!m.affected);
		return;
	}
	ck_assert_msg(m.affected == c->affected, "%s: affected %d", c->name,
		      m.affected);
	if (!c->affected)
		return;
	ck_assert_msg(m.fix == c->fix, "%s: fix %d", c->name, m.fix);
	if (c->fix == VER)
		ck_assert_str_eq(m.fixed, c->fixed);
	else
		ck_assert_ptr_null(m.fixed);
	if (c->fix == LAST)
		ck_assert_str_eq(m.last_affected, c->fixed);
}
END_TEST

START_TEST(test_vuln_range_git_counted)
{
	struct vuln_event ev[] = { I("abc"), F("def") };
	struct vuln_event ev2[] = { I("0"), F("2.0") };
	struct vuln_range r[] = { { G, ev, 2 }, { E, ev2, 2 } };
	struct vuln_affected a = { "PyPI", r, 2, NULL, 0 };
	struct vuln_match m;

	ck_assert_int_eq(vuln_range_match(&a, "1.0", &m, NULL), 0);
	ck_assert_uint_eq(m.git_skipped, 1);
	ck_assert(m.affected);
	ck_assert_str_eq(m.fixed, "2.0");
}
END_TEST

Suite *vuln_range_suite(void)
{
	Suite *s = suite_create("vuln_range");
	TCase *tc = tcase_create("vuln_range");

	tcase_add_loop_test(tc, test_vuln_range_table, 0,
			    (int)SG_ARRAY_SIZE(cases));
	tcase_add_test(tc, test_vuln_range_git_counted);
	suite_add_tcase(s, tc);
	return s;
}
