/*
 * check_vuln_version.c: every comparator against its vector table in
 * testdata/vuln/versions/<scheme>.txt (cases from each tool's own tests),
 * npm ranges against npm-range.txt, and the scheme lookup.
 */
#include "util/compat.h"
#include "helpers.h"
#include "shipgate/version.h"
#include "vuln/version/version.h"

static const struct {
	const char *scheme;
	unsigned min_lines;     /* a truncated table must fail */
} tables[] = {
	{ "deb", 150 }, { "apk", 740 }, { "rpm", 110 }, { "semver", 80 },
	{ "pep440", 150 },
};

/* Split line at whitespace into at most n fields; returns the count. */
static int fields(char *line, char **f, int n)
{
	int k = 0;
	char *p = line;

	while (*p && k < n) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		f[k++] = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
		if (*p)
			*p++ = '\0';
	}
	return k;
}

START_TEST(test_vuln_version_tables)
{
	const char *name = tables[_i].scheme;
	const struct vuln_scheme *s = vuln_scheme_find(name);
	char rel[128], *data, *line, *save = NULL;
	unsigned lineno = 0, asserted = 0;

	ck_assert_ptr_nonnull(s);
	snprintf(rel, sizeof(rel), "testdata/vuln/versions/%s.txt", name);
	data = t_read(t_src(rel), NULL);
	ck_assert_msg(data != NULL, "missing %s", rel);
	for (line = data; line; line = save) {
		char *f[4];
		int n, cmp = 9, back = 9, rc;
		sg_error err;

		save = strchr(line, '\n');
		if (save)
			*save++ = '\0';
		lineno++;
		if (!*line || *line == '#')
			continue;
		n = fields(line, f, 4);
		sg_error_clear(&err);
		if (n == 2 && !strcmp(f[1], "invalid")) {
			rc = vuln_version_validate(s, f[0], &err);
			ck_assert_msg(rc == SG_EINVALID,
				      "%s:%u: '%s' should be invalid", rel,
				      lineno, f[0]);
			ck_assert_msg(strstr(err.message, "invalid") != NULL,
				      "%s:%u: message '%s'", rel, lineno,
				      err.message);
			rc = vuln_version_compare(s, f[0], f[0], &cmp, &err);
			ck_assert_int_eq(rc, SG_EINVALID);
			asserted++;
			continue;
		}
		if (n == 2 && !strcmp(f[1], "valid")) {
			ck_assert_msg(vuln_version_validate(s, f[0], &err) == 0,
				      "%s:%u: '%s': %s", rel, lineno, f[0],
				      err.message);
			asserted++;
			continue;
		}
		ck_assert_msg(n == 3 && strlen(f[1]) == 1 &&
			      strchr("<=>", f[1][0]),
			      "%s:%u: expected 'A OP B'", rel, lineno);
		rc = vuln_version_compare(s, f[0], f[2], &cmp, &err);
		ck_assert_msg(rc == 0, "%s:%u: %s", rel, lineno, err.message);
		rc = vuln_version_compare(s, f[2], f[0], &back, &err);
		ck_assert_int_eq(rc, 0);
		ck_assert_msg("<=>"[cmp + 1] == f[1][0],
			      "%s:%u: %s %s %s, got %c", rel, lineno, f[0],
			      f[1], f[2], "<=>"[cmp + 1]);
		ck_assert_msg(back == -cmp, "%s:%u: not antisymmetric", rel,
			      lineno);
		asserted++;
	}
	ck_assert_msg(asserted >= tables[_i].min_lines,
		      "%s: only %u lines", rel, asserted);
	free(data);
}
END_TEST

START_TEST(test_vuln_version_npm_ranges)
{
	const char *rel = "testdata/vuln/versions/npm-range.txt";
	char *data = t_read(t_src(rel), NULL), *line, *save = NULL;
	unsigned lineno = 0, asserted = 0;

	ck_assert_ptr_nonnull(data);
	for (line = data; line; line = save) {
		char *f[2], *range, *end;
		bool yes = false;
		sg_error err;
		int rc;

		save = strchr(line, '\n');
		if (save)
			*save++ = '\0';
		lineno++;
		if (!*line || *line == '#')
			continue;
		end = line + strlen(line);
		ck_assert_msg(fields(line, f, 2) == 2, "%s:%u: expected "
			      "'VERDICT VERSION RANGE'", rel, lineno);
		range = f[1] + strlen(f[1]);
		if (range < end)
			range++;
		sg_error_clear(&err);
		rc = vuln_semver_range_satisfies(range, f[1], &yes, &err);
		if (!strcmp(f[0], "invalid")) {
			ck_assert_msg(rc == SG_EINVALID, "%s:%u: '%s' should "
				      "be invalid", rel, lineno, range);
		} else {
			ck_assert_msg(rc == 0, "%s:%u: %s", rel, lineno,
				      err.message);
			ck_assert_msg(yes == !strcmp(f[0], "yes"),
				      "%s:%u: %s satisfies '%s': got %s", rel,
				      lineno, f[1], range, yes ? "yes" : "no");
		}
		asserted++;
	}
	ck_assert_uint_ge(asserted, 100);
	free(data);
}
END_TEST

START_TEST(test_vuln_version_scheme_lookup)
{
	static const struct {
		const char *eco, *scheme;
	} cases[] = {
		{ "Debian:12", "deb" }, { "debian", "deb" },
		{ "Ubuntu:22.04:LTS", "deb" }, { "Alpine:v3.19", "apk" },
		{ "Wolfi", "apk" }, { "Red Hat:enterprise_linux:9", "rpm" },
		{ "Rocky Linux:9", "rpm" }, { "AlmaLinux:8", "rpm" },
		{ "SUSE:Linux Enterprise Server 15 SP5", "rpm" },
		{ "npm", "semver" }, { "Go", "semver" },
		{ "crates.io", "semver" }, { "PyPI", "pep440" },
		{ "Maven", NULL }, { "RubyGems", NULL }, { "", NULL },
		{ "Debianx", NULL },
	};
	size_t i;
	int r;
	sg_error err;

	for (i = 0; i < SG_ARRAY_SIZE(cases); i++) {
		const char *got = sg_version_scheme(cases[i].eco);

		ck_assert_msg(sg_streq(got, cases[i].scheme), "%s: %s",
			      cases[i].eco, got ? got : "(null)");
	}
	sg_error_clear(&err);
	ck_assert_int_eq(sg_version_compare("Maven", "1", "2", &r, &err),
			 SG_ENOTFOUND);
	ck_assert_str_eq(err.message,
			 "no version comparator for ecosystem 'Maven'");
	sg_error_clear(&err);
	ck_assert_int_eq(sg_version_compare("Debian:12", "1:", "1", &r, &err),
			 SG_EINVALID);
	ck_assert_str_eq(err.message, "invalid dpkg version '1:': nothing "
			 "after colon in version number");
	ck_assert_int_eq(sg_version_compare("Debian:12", "1.0~rc1", "1.0", &r,
					    &err), 0);
	ck_assert_int_eq(r, -1);
}
END_TEST

/* Any string at all: validate never crashes, compare stays antisymmetric. */
START_TEST(test_vuln_version_hostile_strings)
{
	static const char *const junk[] = {
		"", " ", "~", "^", ":", "-", "_", ".", "+", "!", "0", "00",
		"v", "1:", ":1", "1-", "-1", "1..2", "1__2", "1.0_alpha_",
		"99999999999999999999999999999999", "1!", "1!1!1", "1.0+",
		"1.0-0.", "0.0.0-", "1.2.3-+", "\xff\xfe", "1.0\t",
		"1.0.post.dev",
		"1.0a.b", "~~~~~~~", "^^^^", "1.0-r", "1.0-r-r", "1_p_p",
	};
	const struct vuln_scheme *const *all;
	size_t n, i, j, k;

	all = vuln_schemes(&n);
	ck_assert_uint_eq(n, 5);
	for (k = 0; k < n; k++)
		for (i = 0; i < SG_ARRAY_SIZE(junk); i++)
			for (j = 0; j < SG_ARRAY_SIZE(junk); j++) {
				int c1 = 5, c2 = 5;
				int r1 = vuln_version_compare(all[k], junk[i],
							      junk[j], &c1,
							      NULL);
				int r2 = vuln_version_compare(all[k], junk[j],
							      junk[i], &c2,
							      NULL);

				ck_assert_int_eq(r1, r2);
				if (r1 == 0)
					ck_assert_int_eq(c1, -c2);
			}
}
END_TEST

/* The command: verdicts, exit codes, one-line errors, batch mode. */
START_TEST(test_vuln_version_cli)
{
	static const char *const lt[] = { "vercmp", "Debian:12", "1.0~rc1",
					  "1.0", NULL };
	static const char *const eq[] = { "vercmp", "PyPI", "1.0", "1.0.0",
					  NULL };
	static const char *const dash[] = { "vercmp", "rpm", "--", "1.0",
					    "1.0-1", NULL };
	static const char *const bad[] = { "vercmp", "deb", "1:", "1", NULL };
	static const char *const eco[] = { "vercmp", "Maven", "1", "2", NULL };
	static const char *const few[] = { "vercmp", "deb", "1", NULL };
	static const char *const batch[] = {
		"-c", "printf '1.0 1.1\\n1: 1\\n2.0 2.0-0\\n' | "
		"\"$SG_BIN\" vercmp deb --batch", NULL };
	static const char *const batch_bad[] = {
		"-c", "printf '1.0 1.1\\n1.0\\n' | \"$SG_BIN\" vercmp deb "
		"--batch", NULL };
	char *out = NULL, *err = NULL;

	ck_assert_int_eq(t_run(NULL, &out, &err, lt), 0);
	ck_assert_str_eq(out, "<\n");
	free(out), free(err);
	ck_assert_int_eq(t_run(NULL, &out, &err, eq), 0);
	ck_assert_str_eq(out, "=\n");
	free(out), free(err);
	ck_assert_int_eq(t_run(NULL, &out, &err, dash), 0);
	ck_assert_str_eq(out, "<\n");
	free(out), free(err);
	ck_assert_int_eq(t_run(NULL, &out, &err, bad), 2);
	ck_assert_str_eq(out, "");
	ck_assert_str_eq(err, "shipgate: invalid dpkg version '1:': nothing "
			 "after colon in version number\n");
	free(out), free(err);
	ck_assert_int_eq(t_run(NULL, &out, &err, eco), 2);
	ck_assert_str_eq(err, "shipgate: no version comparator for ecosystem "
			 "'Maven'\n");
	free(out), free(err);
	ck_assert_int_eq(t_run(NULL, &out, &err, few), 2);
	ck_assert_ptr_nonnull(strstr(err, "expected ECOSYSTEM A B"));
	free(out), free(err);
	ck_assert_int_eq(t_run_prog("/bin/sh", NULL, &out, &err, batch), 0);
	ck_assert_str_eq(out, "<\ninvalid\n=\n");
	free(out), free(err);
	ck_assert_int_eq(t_run_prog("/bin/sh", NULL, &out, &err, batch_bad),
			 2);
	ck_assert_str_eq(out, "<\n");
	ck_assert_str_eq(err, "shipgate: stdin:2: expected two versions "
			 "separated by a space\n");
	free(out), free(err);
}
END_TEST

Suite *vuln_version_suite(void)
{
	Suite *s = suite_create("vuln_version");
	TCase *tc = tcase_create("vuln_version");

	tcase_add_loop_test(tc, test_vuln_version_tables, 0,
			    (int)SG_ARRAY_SIZE(tables));
	tcase_add_test(tc, test_vuln_version_npm_ranges);
	tcase_add_test(tc, test_vuln_version_scheme_lookup);
	tcase_add_test(tc, test_vuln_version_hostile_strings);
	tcase_add_test(tc, test_vuln_version_cli);
	suite_add_tcase(s, tc);
	return s;
}
