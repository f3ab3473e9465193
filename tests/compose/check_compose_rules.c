/*
 * check_compose_rules.c: every Compose rule against its fixtures.
 *
 * testdata/rules/SGC###/ holds fail.yml + pass.yml (or fail/ and pass/
 * directories with compose.yaml and its neighbours) and `expected`: one
 * finding of that rule per line, "SGC001 fail.yml:5" or with a column,
 * "SGC001 fail.yml:5:9".  The failing input must give exactly those
 * findings of the rule (others are ignored), the passing one none.  The
 * rule under test is enabled even when it is off by default.
 */
#include "util/compat.h"
#include "helpers.h"
#include "compose/t_compose.h"

#include <dirent.h>
#include <sys/stat.h>

#define MAX_CASES 200

static char case_ids[MAX_CASES][16];
static int ncases;

static int cmp_str(const void *a, const void *b)
{
	return strcmp((const char *)a, (const char *)b);
}

static void scan_cases(void)
{
	DIR *d = opendir(t_src("testdata/rules"));
	struct dirent *e;

	ncases = 0;
	while (d && (e = readdir(d)) && ncases < MAX_CASES)
		if (!strncmp(e->d_name, "SGC", 3) && strlen(e->d_name) < 16)
			memcpy(case_ids[ncases++], e->d_name,
			       strlen(e->d_name) + 1);
	if (d)
		closedir(d);
	qsort(case_ids, (size_t)ncases, sizeof(case_ids[0]), cmp_str);
}

static bool is_dir(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static char *lint_side(const char *id, const char *side)
{
	char dir[4096], file[64];
	struct tc_opts o = { 0 };
	sg_findings *set;
	char *out;

	char tpath[4200], *trusted = NULL;
	const char *tlist[9] = { 0 };

	snprintf(tpath, sizeof(tpath), "%s/%s/trusted-registries",
		 t_src("testdata/rules"), id);
	if ((trusted = t_read(tpath, NULL))) {
		char *save = trusted, *nl;
		size_t k = 0;

		/* one registry per line */
		while (*save && k < 8) {
			tlist[k++] = save;
			nl = strchr(save, '\n');
			if (!nl)
				break;
			*nl = '\0';
			save = nl + 1;
		}
		o.trusted = tlist;
	}
	o.enable = sg_rule_find(id);
	ck_assert_msg(o.enable != NULL, "no rule %s", id);
	snprintf(dir, sizeof(dir), "%s/%s", t_src("testdata/rules"), id);
	snprintf(file, sizeof(file), "%s.yml", side);
	{
		char sub[4200];

		snprintf(sub, sizeof(sub), "%s/%s", dir, side);
		if (is_dir(sub)) {
			set = tc_lint(sub, &o);
		} else {
			o.file = file;
			set = tc_lint(dir, &o);
		}
	}
	out = tc_render(set, id, false);
	sg_findings_free(set);
	free(trusted);
	return out;
}

/* "ID path:line[:col][ (suppressed)]" -> fields; col 0 when absent */
static int parse(const char *s, size_t len, char *id, char *path,
		 unsigned *line, unsigned *col)
{
	char buf[1024], *sp, *c1, *end;

	if (len >= sizeof(buf))
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	*col = 0;
	sp = strchr(buf, ' ');
	if (!sp || sp - buf >= 16)
		return -1;
	*sp = '\0';
	memcpy(id, buf, (size_t)(sp - buf) + 1);
	c1 = strchr(sp + 1, ':');
	if (!c1 || c1 - sp >= 512)
		return -1;
	*c1 = '\0';
	memcpy(path, sp + 1, (size_t)(c1 - sp));
	*line = (unsigned)strtoul(c1 + 1, &end, 10);
	if (*end == ':')
		*col = (unsigned)strtoul(end + 1, NULL, 10);
	return *line ? 0 : -1;
}

static size_t lines_of(const char *text, const char **starts, size_t *lens,
		       size_t max)
{
	size_t n = 0;

	while (*text && n < max) {
		const char *nl = strchr(text, '\n');
		size_t len = nl ? (size_t)(nl - text) : strlen(text);

		if (len) {
			starts[n] = text;
			lens[n++] = len;
		}
		text += len + (nl ? 1 : 0);
	}
	return n;
}

START_TEST(test_rule_fixture)
{
	const char *id = case_ids[_i];
	char path[4096], *expected, *fail, *pass;
	const char *es[256], *as[256];
	size_t el[256], al[256], ne, na, i;

	snprintf(path, sizeof(path), "%s/%s/expected",
		 t_src("testdata/rules"), id);
	expected = t_read(path, NULL);
	ck_assert_msg(expected != NULL, "%s: no expected file", id);
	fail = lint_side(id, "fail");
	pass = lint_side(id, "pass");
	ne = lines_of(expected, es, el, 256);
	na = lines_of(fail, as, al, 256);
	ck_assert_msg(ne > 0, "%s: expected lists no finding", id);
	ck_assert_msg(ne == na, "%s: expected %zu findings, got %zu:\n%s", id,
		      ne, na, fail);
	for (i = 0; i < ne; i++) {
		char eid[16], aid[16], ep[512], ap[512];
		unsigned eline, ecol, aline, acol;

		ck_assert_int_eq(parse(es[i], el[i], eid, ep, &eline, &ecol), 0);
		ck_assert_int_eq(parse(as[i], al[i], aid, ap, &aline, &acol), 0);
		ck_assert_msg(!strcmp(eid, aid) && !strcmp(ep, ap) &&
				      eline == aline && (!ecol || ecol == acol),
			      "%s: finding %zu: expected '%.*s', got '%.*s'\n"
			      "all findings:\n%s", id, i + 1, (int)el[i],
			      es[i], (int)al[i], as[i], fail);
	}
	ck_assert_msg(!*pass, "%s: pass input has findings:\n%s", id, pass);
	free(expected);
	free(fail);
	free(pass);
}
END_TEST

/* Every Compose rule has a fixture directory with both sides. */
START_TEST(test_every_rule_has_fixtures)
{
	size_t i, n = sg_rules_count(), seen = 0;

	for (i = 0; i < n; i++) {
		const sg_rule *r = sg_rules_at(i);
		char p[4096], q[4096], x[4096];
		struct stat st;

		if (r->stage != SG_STAGE_COMPOSE)
			continue;
		seen++;
		snprintf(p, sizeof(p), "%s/%s/fail", t_src("testdata/rules"),
			 r->id);
		snprintf(q, sizeof(q), "%s/%s/pass", t_src("testdata/rules"),
			 r->id);
		snprintf(x, sizeof(x), "%s/%s/expected", t_src("testdata/rules"),
			 r->id);
		ck_assert_msg(stat(x, &st) == 0, "%s: no expected file", r->id);
		{
			char a[4200], b[4200];

			snprintf(a, sizeof(a), "%s.yml", p);
			snprintf(b, sizeof(b), "%s.yml", q);
			ck_assert_msg(stat(a, &st) == 0 || is_dir(p),
				      "%s: no fail fixture", r->id);
			ck_assert_msg(stat(b, &st) == 0 || is_dir(q),
				      "%s: no pass fixture", r->id);
		}
		ck_assert_msg(r->help && strstr(r->help, "Fix:") &&
				      strstr(r->help, "```"),
			      "%s: help lacks a fix or an example", r->id);
	}
	ck_assert_uint_ge(seen, 80);
}
END_TEST

Suite *compose_rules_suite(void)
{
	Suite *s = suite_create("compose_rules");
	TCase *tc = tcase_create("fixtures");

	scan_cases();
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_rule_fixture, 0, ncases);
	tcase_add_test(tc, test_every_rule_has_fixtures);
	suite_add_tcase(s, tc);
	return s;
}
